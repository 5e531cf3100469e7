//! Any code as a subject (`--code`), and the data dir's own baskets (`<data dir>/baskets/`).

use std::path::PathBuf;

use crate::harness::{Tw, path_str};

fn comtrade_fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../sources/tests/data/comtrade/final-monthly.json")
}

#[test]
fn a_code_is_a_subject_with_its_citations_and_its_label() {
    let tw = Tw::new();
    tw.run(&["ingest", path_str(&comtrade_fixture())]).ok();
    let sel = ["--reporter", "CHN", "--partner", "USA"];
    let csv = tw
        .run(
            &[
                &["series"],
                &sel[..],
                &["--code", "850511", "--format", "csv"],
            ]
            .concat(),
        )
        .ok()
        .stdout;
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "period,value,stored,source,release,published,citation,also"
    );
    assert_eq!(rows.len(), 2, "one month in the fixture:\n{csv}");
    assert!(
        rows[1].starts_with("2025-03,612.345 t,612345 kg,comtrade,"),
        "{csv}"
    );
    assert!(
        rows[1].contains("final-monthly.json#data[1]"),
        "the citation: {csv}"
    );

    // The prefix takes the same code; a prefix that holds nothing gives no rows.
    let prefixed = tw
        .run(
            &[
                &["series"],
                &sel[..],
                &["--code", "8505*", "--format", "csv"],
            ]
            .concat(),
        )
        .ok()
        .stdout;
    assert_eq!(prefixed.lines().nth(1), Some(rows[1]), "{prefixed}");
    let other = tw
        .run(
            &[
                &["series"],
                &sel[..],
                &["--code", "2504*", "--format", "csv"],
            ]
            .concat(),
        )
        .ok()
        .stdout;
    assert_eq!(other.lines().count(), 1, "{other}");
    // Exact without a star: 8505 is not 850511.
    let exact = tw
        .run(
            &[
                &["series"],
                &sel[..],
                &["--code", "8505", "--format", "csv"],
            ]
            .concat(),
        )
        .ok()
        .stdout;
    assert_eq!(exact.lines().count(), 1, "{exact}");

    // The label the data carry, in the table and in JSON.
    let table = tw
        .run(&[&["series"], &sel[..], &["--code", "850511"]].concat())
        .ok()
        .stdout;
    assert!(
        table.starts_with("850511  Magnets; permanent magnets"),
        "{table}"
    );
    let json = tw
        .run(
            &[
                &["series"],
                &sel[..],
                &["--code", "850511", "--format", "json"],
            ]
            .concat(),
        )
        .ok()
        .json();
    assert!(
        json["labels"]["850511"]
            .as_str()
            .unwrap()
            .starts_with("Magnets;"),
        "{json}"
    );
    assert_eq!(json["subject"]["basket"], "code:850511");

    // Facts and briefs take codes too: the US rank among the partners, and a brief.
    let facts = tw
        .run(&[
            "facts",
            "--partner",
            "*",
            "--code",
            "850511",
            "--period",
            "2025-03",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let ranks: Vec<&serde_json::Value> = facts
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "rank" && f["subject"]["partner"] == "USA")
        .collect();
    assert_eq!(ranks.len(), 1, "{facts}");
    assert_eq!(ranks[0]["value"], 1.0, "{}", ranks[0]);
    let brief = tw
        .run(
            &[
                &["brief"],
                &sel[..],
                &["--code", "850511", "--period", "2025-03"],
            ]
            .concat(),
        )
        .ok()
        .stdout;
    assert!(brief.contains("612.345 t in March 2025"), "{brief}");

    // A code subject's events are those naming a basket that holds the code.
    let events = tw
        .run(&["events", "--code", "850511", "--format", "json"])
        .ok()
        .json();
    let named = events.as_array().unwrap();
    assert!(!named.is_empty());
    assert!(
        named.iter().all(|e| {
            let b = e["baskets"].to_string();
            b.contains("rare-earth-magnets")
                || b.contains("permanent-magnets")
                || b.contains("\"*\"")
        }),
        "{events}"
    );

    // Bad codes are usage errors.
    for bad in ["85a511", "8", "--code"] {
        let out = tw.run(&["series", "--partner", "USA", "--code", bad]);
        assert_eq!(out.code, 2, "{bad}: {}", out.stderr);
    }
    let both = tw.run(&["series", "--basket", "gallium", "--code", "850511"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    let neither = tw.run(&["series", "--partner", "USA"]);
    assert_eq!(neither.code, 2, "{}", neither.stderr);
    assert!(
        neither.stderr.contains("--basket <BASKET>|--code <CODE>"),
        "the usage names both ways to give a subject: {}",
        neither.stderr
    );
}

#[test]
fn a_generated_comtrade_store_answers_for_any_code_it_holds() {
    let tw = Tw::new();
    let file = tw.dir.path().join("bulk.tsv");
    let generated = std::process::Command::new(env!("CARGO_BIN_EXE_tradewatch-gen"))
        .args([
            "--rows",
            "30000",
            "--dense",
            "--seed",
            "11",
            "--out",
            path_str(&file),
        ])
        .status()
        .unwrap();
    assert!(generated.success());
    tw.run(&["ingest", path_str(&file)]).ok();
    // Five keys of the generated data, spread over the codes.
    let keys = tw
        .run(&[
            "sql",
            "SELECT reporter, partner, flow, code, count(*) AS n FROM current \
             WHERE source = 'comtrade' AND measure = 'value' \
             GROUP BY reporter, partner, flow, code ORDER BY code, reporter, partner, flow",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    let keys: Vec<Vec<String>> = keys
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert!(keys.len() >= 5, "{keys:?}");
    let step = keys.len() / 5;
    for k in keys.iter().step_by(step).take(5) {
        let (reporter, partner, flow, code) = (&k[0], &k[1], &k[2], &k[3]);
        // The series of one code, read from memory (`series` queries the tables unless given
        // a resident limit), or with `--resident-rows 0` by SQL.
        let series_of = |first: &[&str]| {
            let args: Vec<&str> = first
                .iter()
                .copied()
                .chain([
                    "series",
                    "--reporter",
                    reporter,
                    "--partner",
                    partner,
                    "--flow",
                    flow,
                    "--code",
                    code,
                    "--measure",
                    "value",
                    "--format",
                    "json",
                ])
                .collect();
            tw.run(&args).ok().json()
        };
        let series = series_of(&["--resident-rows", "4000000"]);
        let expected = tw
            .run(&[
                "sql",
                &format!(
                    "SELECT period, value FROM current WHERE source = 'comtrade' AND measure = 'value' \
                     AND reporter = '{reporter}' AND partner = '{partner}' AND flow = '{flow}' \
                     AND code = '{code}' ORDER BY period"
                ),
                "--format",
                "csv",
            ])
            .ok()
            .stdout;
        let want: Vec<(String, f64)> = expected
            .lines()
            .skip(1)
            .map(|l| {
                let (p, v) = l.split_once(',').unwrap();
                (p.to_string(), v.parse().unwrap())
            })
            .collect();
        let got: Vec<(String, f64)> = series["levels"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(p, l)| (p.clone(), l["value"].as_f64().unwrap()))
            .collect();
        assert!(!want.is_empty());
        assert_eq!(
            got.len(),
            want.len(),
            "{reporter} {partner} {flow} {code}:\n{series}"
        );
        for ((gp, gv), (wp, wv)) in got.iter().zip(&want) {
            assert_eq!(gp, wp);
            assert!(
                (gv - wv).abs() <= 1e-6 * wv.abs().max(1.0),
                "{code} {gp}: {gv} vs {wv}"
            );
        }
        // The SQL read path (its own filter for code subjects), the default for `series`,
        // gives the same series.
        let by_sql = series_of(&[]);
        assert_eq!(
            by_sql["levels"], series["levels"],
            "{code}: SQL and memory differ"
        );
    }
    // A prefix, summed over the codes under it, through both read paths.
    let (reporter, partner, flow) = (&keys[0][0], &keys[0][1], &keys[0][2]);
    let prefix = format!("{}*", &keys[0][3][..4]);
    let args = |rows: &'static str| {
        vec![
            "--resident-rows".to_string(),
            rows.to_string(),
            "series".to_string(),
            "--reporter".to_string(),
            reporter.clone(),
            "--partner".to_string(),
            partner.clone(),
            "--flow".to_string(),
            flow.clone(),
            "--code".to_string(),
            prefix.clone(),
            "--measure".to_string(),
            "value".to_string(),
            "--format".to_string(),
            "json".to_string(),
        ]
    };
    let run = |rows| {
        let a = args(rows);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        tw.run(&a).ok().json()
    };
    let (memory, sql) = (run("4000000"), run("0"));
    assert!(
        !memory["levels"].as_object().unwrap().is_empty(),
        "{prefix}"
    );
    assert_eq!(
        memory["levels"], sql["levels"],
        "{prefix}: SQL and memory differ"
    );
}

#[test]
fn the_data_dirs_baskets_are_listed_with_their_file_and_usable_everywhere() {
    let tw = Tw::new();
    tw.run(&["ingest", path_str(&comtrade_fixture())]).ok();
    let folder = tw.data_dir().join("baskets");
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("magnets-metal.toml");
    std::fs::write(
        &file,
        "id = \"magnets-metal\"\nname = \"metal permanent magnets\"\nphrases = [\"metal magnets\"]\n\n[codes]\nHS = [\"850511\"]\n",
    )
    .unwrap();
    let listed = tw.run(&["baskets", "--format", "csv"]).ok().stdout;
    let line = listed
        .lines()
        .find(|l| l.starts_with("magnets-metal,"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(line.ends_with(path_str(&file)), "{line}");
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("gallium,") && l.ends_with(",built-in")),
        "{listed}"
    );
    let csv = tw
        .run(&[
            "series",
            "--partner",
            "USA",
            "--basket",
            "magnets-metal",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("2025-03,612.345 t,"),
        "{csv}"
    );
    let brief = tw
        .run(&[
            "brief",
            "--partner",
            "USA",
            "--basket",
            "magnets-metal",
            "--period",
            "2025-03",
        ])
        .ok()
        .stdout;
    assert!(
        brief.starts_with("# China's exports of metal permanent magnets"),
        "{brief}"
    );

    // A bad file stops every command with its name, line and field, and nothing runs.
    std::fs::write(
        folder.join("zz-bad.toml"),
        "id = \"bad\"\nname = \"bad\"\n[codes]\nHS = [\"2504\", \"25X4\"]\n",
    )
    .unwrap();
    let out = tw.run(&["series", "--partner", "USA", "--basket", "magnets-metal"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("zz-bad.toml, line 4, field codes.HS"),
        "{}",
        out.stderr
    );
    std::fs::write(
        folder.join("zz-bad.toml"),
        "id = \"gallium\"\nname = \"again\"\n",
    )
    .unwrap();
    let out = tw.run(&["baskets"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("zz-bad.toml, line 1, field id: 'gallium' is already a basket"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_user_basket_is_a_commodity_the_claim_checker_reads() {
    let tw = Tw::new();
    let folder = tw.data_dir().join("baskets");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("tungsten.toml"),
        "id = \"tungsten\"\nname = \"tungsten concentrate\"\naliases = [\"tungsten_concentrate\"]\nphrases = [\"tungsten concentrate\"]\n[codes]\nHS = [\"261100\"]\n",
    )
    .unwrap();
    let csv = tw.write(
        "tungsten.csv",
        &format!(
            "{}{}{}",
            crate::harness::HEADER,
            "user,CHN,WLD,export,tungsten_concentrate,261100,2025-02,quantity,1000,t,https://example.org/feb,2025-03-20,ok,\n",
            "user,CHN,WLD,export,tungsten_concentrate,261100,2025-03,quantity,900,t,https://example.org/mar,2025-04-20,ok,\n"
        ),
    );
    tw.run(&["ingest", path_str(&csv)]).ok();
    let series = tw
        .run(&["series", "--basket", "tungsten", "--format", "csv"])
        .ok()
        .stdout;
    assert_eq!(series.lines().count(), 3, "{series}");
    let article = tw.write(
        "w.txt",
        "China's exports of tungsten concentrate fell 10% in March from February, to 900 tonnes.",
    );
    let report = tw
        .run(&[
            "verify",
            path_str(&article),
            "--published",
            "2025-04-21",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let claims = report["claims"].as_array().unwrap();
    assert!(!claims.is_empty(), "{report:#}");
    for c in claims {
        assert_eq!(c["subject"]["basket"], "tungsten", "{c:#}");
        assert_eq!(c["verdict"], "supported", "{c:#}");
    }
}
