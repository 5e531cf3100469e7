//! The agencies' files through the real binary: ingest, reports, and `diff`.

use std::path::PathBuf;

use crate::harness::{Tw, path_str};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../sources/tests/data")
        .join(rel)
}

#[test]
fn every_agency_fixture_ingests_through_the_command_line() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let runs: &[(&str, &[&str])] = &[
        ("comtrade/final-monthly.json", &[]),
        ("comtrade/final-annual.json", &[]),
        ("comtrade/tariffline.json", &[]),
        ("comtrade/bulk-final.txt.gz", &[]),
        ("census/imports-hs10.json", &[]),
        ("census/exports-hs6.json", &[]),
        ("gacc/monthly-usd.gbk.csv", &["--flow", "export"]),
        ("gacc/janfeb-combined.gbk.csv", &["--flow", "export"]),
        (
            "gacc/cny-13col.gbk.csv",
            &["--flow", "export", "--period", "2025-03"],
        ),
        ("comext/bulk-v2.csv", &[]),
        ("comext/bulk-v1.dat", &[]),
        ("comext/sdmx.csv", &[]),
    ];
    for (file, flags) in runs {
        let path = fixture(file);
        let mut args = vec!["ingest"];
        args.extend_from_slice(flags);
        args.push(path_str(&path));
        let out = tw.run(&args).ok();
        assert!(
            out.stdout.contains("committed as release"),
            "{file}: {}",
            out.stdout
        );
    }
    // The same GACC figures in UTF-8 with BOM are a different file with the same rows: a new
    // release that revises nothing.
    let bom = fixture("gacc/monthly-usd.utf8bom.csv");
    tw.run(&["ingest", "--flow", "export", path_str(&bom)]).ok();
    let releases = tw.run(&["releases", "--format", "json"]).ok().json();
    let last = releases.as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let diff = tw.run(&["diff", &last, "--format", "json"]).ok().json();
    assert_eq!(diff["revised"].as_array().unwrap().len(), 0, "{diff:#}");
    assert_eq!(diff["added"].as_array().unwrap().len(), 0, "{diff:#}");
    assert_eq!(diff["unchanged"], 15);
}

#[test]
fn error_pages_and_rate_limits_are_rejected_and_change_nothing() {
    let tw = Tw::new();
    let before = tw.count("SELECT count(*) FROM observations");
    for file in [
        "comtrade/rate-limit.txt",
        "comtrade/rate-limit.json",
        "census/invalid-key.html",
    ] {
        let path = fixture(file);
        let out = tw.run(&["ingest", path_str(&path)]);
        assert_eq!(out.code, 1, "{file}");
        assert!(
            out.stderr.contains(path_str(&path)),
            "{file}: {}",
            out.stderr
        );
    }
    assert_eq!(tw.count("SELECT count(*) FROM observations"), before);
    assert_eq!(tw.count("SELECT count(*) FROM releases"), 1);
}

#[test]
fn an_empty_census_answer_is_a_release_with_no_rows_that_says_so() {
    let tw = Tw::new();
    let path = fixture("census/empty-204.json");
    let out = tw
        .run(&["ingest", "--format", "census-json", path_str(&path)])
        .ok();
    assert!(out.stderr.contains("204"), "{}", out.stderr);
    assert!(out.stdout.contains("0 rows accepted"), "{}", out.stdout);
}

#[test]
fn diff_of_two_comtrade_releases_lists_exactly_the_three_changed_figures() {
    let tw = Tw::new();
    let original = fixture("comtrade/final-monthly.json");
    let text = std::fs::read_to_string(&original).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut changed = 0;
    for rec in doc["data"].as_array_mut().unwrap() {
        let p = rec["partnerCode"].as_i64().unwrap();
        let is_total =
            rec["motCode"] == 0 && rec["partner2Code"] == 0 && rec["customsCode"] == "C00";
        if is_total && rec["flowCode"] == "X" && matches!(p, 842 | 276 | 392) {
            let v = rec["primaryValue"].as_f64().unwrap();
            rec["primaryValue"] = serde_json::json!(v + 1000.0);
            changed += 1;
        }
    }
    assert_eq!(changed, 3);
    let revised = tw.write("revised.json", &serde_json::to_string(&doc).unwrap());
    tw.run(&["ingest", path_str(&original)]).ok();
    tw.run(&["ingest", path_str(&revised)]).ok();
    let releases = tw.run(&["releases", "--format", "json"]).ok().json();
    let ids: Vec<&str> = releases
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let diff = tw
        .run(&["diff", ids[1], ids[2], "--format", "json"])
        .ok()
        .json();
    let revised: Vec<(String, f64)> = diff["revised"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["partner"].as_str().unwrap().to_string(),
                c["change"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        revised,
        [
            ("DEU".to_string(), 1000.0),
            ("JPN".to_string(), 1000.0),
            ("USA".to_string(), 1000.0)
        ]
    );
    assert!(diff["added"].as_array().unwrap().is_empty());
    // Both vintages stay; the current view has the new one.
    assert_eq!(
        tw.count("SELECT count(*) FROM observations WHERE partner = 'USA' AND measure = 'value' AND flow = 'export' AND source = 'comtrade'"),
        2
    );
}

#[test]
fn a_large_bulk_file_streams_in_chunks_and_commits_whole_or_not_at_all() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let file = tw.dir.path().join("bulk.tsv");
    let generated = std::process::Command::new(env!("CARGO_BIN_EXE_tradewatch-gen"))
        .args(["--rows", "120000", "--out", path_str(&file)])
        .status()
        .unwrap();
    assert!(generated.success());
    let text = std::fs::read_to_string(&file).unwrap();
    // Every row is a C00/0/0 total, kept whatever its isAggregate flag (formats.md §8): value
    // always, quantity when given.
    let mut expected = 0;
    let mut flagged = 0;
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        flagged += i64::from(cells[33] == "1");
        expected += 1 + i64::from(!cells[24].is_empty());
    }
    assert!(flagged > 100, "the generator flags some totals isAggregate");
    let out = tw.run(&["ingest", path_str(&file)]).ok();
    assert!(out.stdout.contains("120000 rows read"), "{}", out.stdout);
    assert_eq!(
        tw.count("SELECT count(*) FROM observations WHERE source = 'comtrade'"),
        expected
    );

    // The same file with one bad row past the first chunks: nothing committed.
    let mut lines: Vec<&str> = text.lines().collect();
    let bad = lines[100_000]
        .replacen("\tX\t", "\tQ\t", 1)
        .replacen("\tM\t", "\tQ\t", 1);
    let bad = bad.replacen("C00", "C00\textra", 1);
    lines[100_000] = &bad;
    let broken = tw.write("broken.tsv", &(lines.join("\n") + "\n"));
    let before = tw.count("SELECT count(*) FROM observations");
    let out = tw.run(&["ingest", path_str(&broken)]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("broken.tsv:100001:row"),
        "{}",
        out.stderr
    );
    assert_eq!(tw.count("SELECT count(*) FROM observations"), before);
    assert_eq!(tw.count("SELECT count(*) FROM releases"), 2);
}

#[test]
fn a_partner_total_flagged_is_aggregate_next_to_its_mode_of_transport_rows_is_stored_once() {
    let tw = Tw::new();
    let file = fixture("comtrade/aggregate-totals.json");
    let out = tw.run(&["ingest", path_str(&file)]).ok();
    assert!(out.stderr.contains("motCode"), "{}", out.stderr);
    let usa = |measure: &str| {
        tw.run(&[
            "sql",
            &format!(
                "SELECT count(*) AS n, sum(value) AS v FROM observations WHERE source = 'comtrade' AND partner = 'USA' AND measure = '{measure}'"
            ),
            "--format",
            "csv",
        ])
        .ok()
        .stdout
    };
    assert_eq!(usa("value").lines().nth(1), Some("1,31000000.0"));
    assert_eq!(usa("quantity").lines().nth(1), Some("1,420500.0"));
    assert_eq!(
        tw.count("SELECT count(*) FROM observations WHERE source = 'comtrade'"),
        6
    );
}

#[test]
fn a_bulk_file_with_a_ref_month_13_total_row_is_rejected_and_nothing_changes() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let header = "datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode\tpartner2Code\tclassificationSearchCode\tclassificationCode\tisOriginalClassification\tcmdCode\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\tisQtyEstimated\taltQtyUnitCode\taltQty\tisAltQtyEstimated\tnetWgt\tisNetWgtEstimated\tgrossWgt\tisGrossWgtEstimated\tcifvalue\tfobvalue\tprimaryValue\tlegacyEstimationFlag\tisReported\tisAggregate";
    let row = |month: &str, aggregate: &str| {
        format!(
            "21156202412062100\tC\tM\t20241201\t2024\t{month}\t2024{month:0>2}\t156\tX\t842\t0\tH6\tH6\t1\t850511\tC00\t0\t0\t8\t1000.0\t0\t-1\t\t0\t1000.0\t0\t\t0\t\t5000.0\t5000.0\t0\t1\t{aggregate}"
        )
    };
    let text = [
        header.to_string(),
        row("11", "0"),
        row("13", "1"),
        row("12", "0"),
    ]
    .join("\n")
        + "\n";
    let file = tw.write("C_M_156_2024.txt", &text);
    let before = tw.count("SELECT count(*) FROM observations");
    let out = tw.run(&["ingest", path_str(&file)]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("C_M_156_2024.txt:3:period"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("nothing committed"), "{}", out.stdout);
    assert_eq!(tw.count("SELECT count(*) FROM observations"), before);
    assert_eq!(tw.count("SELECT count(*) FROM releases"), 1);
}
