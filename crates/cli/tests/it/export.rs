//! `tradewatch export`: every format from the same rows, CSV's guard against formulas, and
//! failures that leave no file behind. (Reading the files back in openpyxl, pandas and Polars
//! is in e2e/test_export.py.)

use crate::harness::{Tw, path_str};

#[test]
fn the_formats_carry_the_same_rows_with_their_provenance() {
    let tw = Tw::new();
    let sel = [
        "--reporter",
        "CHN",
        "--partner",
        "USA",
        "--basket",
        "rare-earth-magnets",
    ];
    let csv = tw
        .run(
            &[
                &["export", "--series"],
                &sel[..],
                &["--out", "-", "--format", "csv"],
            ]
            .concat(),
        )
        .ok()
        .stdout;
    let mut rows = ::csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    for col in [
        "period",
        "value",
        "unit",
        "source",
        "release",
        "published",
        "citation",
        "line",
    ] {
        assert!(header.iter().any(|h| h == col), "{col} missing: {header:?}");
    }
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<::csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let sept = records
        .iter()
        .find(|r| &r[idx("period")] == "2025-09")
        .expect("2025-09");
    assert_eq!(&sept[idx("value")], "420.5");
    assert_eq!(&sept[idx("unit")], "t");
    assert_eq!(&sept[idx("release")], "bundled");
    assert_eq!(&sept[idx("change_mom_pct")][..6], "-28.72");

    // The same series as JSON Lines: one object a line, keys in column order, numbers typed.
    let jsonl = tw
        .run(
            &[
                &["export", "--series"],
                &sel[..],
                &["--out", "-", "--format", "jsonl"],
            ]
            .concat(),
        )
        .ok()
        .stdout;
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), records.len());
    let sept = lines.iter().find(|l| l["period"] == "2025-09").unwrap();
    assert_eq!(sept["value"], 420.5);
    assert_eq!(sept["published"], "2025-10-20");
    assert!(jsonl.starts_with("{\"period\":"), "{jsonl}");

    // Files by extension; the parquet and xlsx files are real (magic numbers).
    for (name, magic) in [("s.parquet", &b"PAR1"[..]), ("s.xlsx", &b"PK\x03\x04"[..])] {
        let out = tw.dir.path().join(name);
        let run = tw
            .run(
                &[
                    &["export", "--series"],
                    &sel[..],
                    &["--out", path_str(&out)],
                ]
                .concat(),
            )
            .ok();
        assert!(
            run.stderr
                .contains(&format!("{name}: {} rows", records.len())),
            "{}",
            run.stderr
        );
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(&bytes[..magic.len()], magic, "{name}");
    }

    // Observations with filters: only the rows asked for, each with its line.
    let obs = tw
        .run(&[
            "export",
            "--observations",
            "--partner",
            "USA",
            "--basket",
            "rare-earth-magnets",
            "--from",
            "2025-09",
            "--to",
            "2025-09",
            "--out",
            "-",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    let n = obs.lines().count() - 1;
    assert_eq!(
        n as i64,
        tw.count(
            "SELECT count(*) FROM observations WHERE partner = 'USA' AND code = 'rare-earth-magnets' AND period = '2025-09'"
        )
    );
    assert!(n >= 2, "the figure and its alternative: {obs}");
}

#[test]
fn csv_keeps_formula_like_text_inert_and_numbers_as_numbers() {
    let tw = Tw::new();
    let out = tw
        .run(&[
            "export",
            "--sql",
            "SELECT '=1+1' AS a, '-x' AS b, 'a=b' AS c, -5.5 AS n, '@' AS d",
            "--out",
            "-",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert_eq!(out, "a,b,c,n,d\n'=1+1,'-x,a=b,-5.5,'@\n");
}

#[test]
fn a_failed_export_is_an_error_and_leaves_no_file() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let out = tw.dir.path().join("x.csv");
    let bad_sql = tw.run(&[
        "export",
        "--sql",
        "SELECT nope FROM nowhere",
        "--out",
        path_str(&out),
    ]);
    assert_eq!(bad_sql.code, 1, "{}", bad_sql.stderr);
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(tw.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".tradewatch-export")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let no_format = tw.run(&[
        "export",
        "--current",
        "--out",
        path_str(&tw.dir.path().join("x.txt")),
    ]);
    assert_eq!(no_format.code, 1);
    assert!(
        no_format.stderr.contains("--format"),
        "{}",
        no_format.stderr
    );
    let binary_to_stdout = tw.run(&["export", "--current", "--out", "-", "--format", "parquet"]);
    assert_eq!(binary_to_stdout.code, 1);
    assert!(
        binary_to_stdout.stderr.contains("name a file"),
        "{}",
        binary_to_stdout.stderr
    );
    let nothing = tw.run(&["export", "--out", "-"]);
    assert_eq!(nothing.code, 2, "one of --observations … --sql is required");
    let two = tw.run(&["export", "--current", "--series", "--out", "-"]);
    assert_eq!(two.code, 2);
    let no_subject = tw.run(&["export", "--series", "--out", "-", "--format", "csv"]);
    assert_eq!(no_subject.code, 1);
    assert!(
        no_subject.stderr.contains("--basket or --code"),
        "{}",
        no_subject.stderr
    );
    let existing = tw.write("keep.csv", "old\n");
    let failed = tw.run(&[
        "export",
        "--sql",
        "SELECT nope",
        "--out",
        path_str(&existing),
    ]);
    assert_eq!(failed.code, 1);
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "old\n",
        "an existing file is kept"
    );
}

#[test]
fn facts_export_one_row_per_fact_with_its_sources() {
    let tw = Tw::new();
    let json = tw
        .run(&[
            "facts",
            "--partner",
            "USA",
            "--basket",
            "rare-earth-magnets",
            "--period",
            "2025-09",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let csv = tw
        .run(&[
            "export",
            "--facts",
            "--partner",
            "USA",
            "--basket",
            "rare-earth-magnets",
            "--period",
            "2025-09",
            "--out",
            "-",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    let facts = json.as_array().unwrap();
    assert_eq!(csv.lines().count() - 1, facts.len(), "{csv}");
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let kind = header.iter().position(|h| h == "kind").unwrap();
    let release = header.iter().position(|h| h == "release").unwrap();
    let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let level = records
        .iter()
        .find(|r| &r[kind] == "level")
        .expect("a level fact");
    assert_eq!(&level[release], "bundled");
    assert!(level.iter().any(|c| c == "420.5 t"), "{level:?}");
}
