use crate::harness::{HEADER, Tw, path_str};

const OBS: &str = "SELECT count(*) FROM observations";
const RELS: &str = "SELECT count(*) FROM releases";

#[test]
fn a_fresh_store_holds_the_bundled_release() {
    let tw = Tw::new();
    let out = tw.run(&["releases", "--format", "json"]).ok();
    let v = out.json();
    assert_eq!(v[0]["id"], "bundled");
    assert_eq!(v[0]["rows"], 370);
    assert_eq!(v[0]["rows_in_store"], 370);
    assert!(out.stderr.contains("ingested the bundled dataset"));
    // Second use: no second bundled ingest.
    let again = tw.run(&["releases", "--format", "json"]).ok();
    assert_eq!(again.json().as_array().unwrap().len(), 1);
    assert!(!again.stderr.contains("ingested the bundled dataset"));
}

#[test]
fn ingesting_the_same_file_twice_changes_nothing() {
    let tw = Tw::new();
    let f = tw.write(
        "extra.csv",
        &format!("{HEADER}press,CHN,KOR,export,rare_earth_magnets,,2025-11,quantity,300,t,https://example.org/k,2025-12-20,ok,\n"),
    );
    tw.run(&["ingest", path_str(&f)]).ok();
    let (obs, rels) = (tw.count(OBS), tw.count(RELS));
    assert_eq!((obs, rels), (371, 2));
    let out = tw.run(&["ingest", path_str(&f)]).ok();
    assert!(out.stdout.contains("already ingested"), "{}", out.stdout);
    assert_eq!((tw.count(OBS), tw.count(RELS)), (obs, rels));
}

#[test]
fn a_revision_keeps_both_rows_and_as_of_shows_the_old_one() {
    let tw = Tw::new();
    // Same key as the bundled US September row (press, basket-level), a new figure.
    let f = tw.write(
        "revised.csv",
        &format!("{HEADER}press,CHN,USA,export,rare_earth_magnets,,2025-09,quantity,433.2,t,https://example.org/revised,2026-06-01,ok,revised\n"),
    );
    tw.run(&["ingest", path_str(&f)]).ok();
    let both = tw.count(
        "SELECT count(*) FROM observations WHERE partner = 'USA' AND period = '2025-09' AND measure = 'quantity'",
    );
    assert_eq!(both, 3, "bundled 420.5 and 420 plus the revision");

    let series = |extra: &[&str]| {
        let mut args = vec![
            "series",
            "--partner",
            "USA",
            "--basket",
            "rare-earth-magnets",
            "--from",
            "2025-09",
            "--to",
            "2025-09",
            "--format",
            "csv",
        ];
        args.extend_from_slice(extra);
        tw.run(&args).ok().stdout
    };
    let now = series(&[]);
    assert!(now.contains("433.2 t"), "{now}");
    let before = series(&["--as-of", "2026-05-01"]);
    assert!(before.contains("420.5 t"), "{before}");
    assert!(!before.contains("433.2"), "{before}");
}

fn assert_rejected(tw: &Tw, name: &str, body: &str, want: &str) {
    let before = tw.count(OBS);
    let f = tw.write(name, body);
    let out = tw.run(&["ingest", path_str(&f)]);
    assert_eq!(out.code, 1, "{name}: {}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains(want),
        "{name}: expected {want:?} in\n{}",
        out.stderr
    );
    assert!(out.stdout.contains("nothing committed"), "{}", out.stdout);
    assert_eq!(tw.count(OBS), before, "{name} changed the store");
    assert_eq!(tw.count(RELS), 1);
}

#[test]
fn malformed_files_are_rejected_with_file_line_field_and_change_nothing() {
    let tw = Tw::new();
    let good = "press,CHN,USA,export,rare_earth_magnets,,2025-12,quantity,564,t,https://e.org/a,2026-01-20,ok,\n";
    assert_rejected(
        &tw,
        "bad-number.csv",
        &format!(
            "{HEADER}{good}press,CHN,USA,export,rare_earth_magnets,,2025-11,quantity,58x,t,,,ok,\n"
        ),
        "bad-number.csv:3:value: '58x' is not a number",
    );
    assert_rejected(
        &tw,
        "bad-country.csv",
        &format!(
            "{HEADER}{good}press,CHN,ZZZ,export,rare_earth_magnets,,2025-11,quantity,58,t,,,ok,\n"
        ),
        "bad-country.csv:3:partner: unknown country code 'ZZZ'",
    );
    assert_rejected(
        &tw,
        "bad-period.csv",
        &format!(
            "{HEADER}{good}press,CHN,USA,export,rare_earth_magnets,,2025-14,quantity,58,t,,,ok,\n"
        ),
        "bad-period.csv:3:period: bad period '2025-14'",
    );
    assert_rejected(
        &tw,
        "truncated.csv",
        &format!("{HEADER}{good}press,CHN,USA,export,rare_earth_magn"),
        "truncated.csv:3:row: truncated row",
    );
    assert_rejected(
        &tw,
        "wrong-header.csv",
        &format!("source,reporter,partner,flow,commodity,period,measure,amount,unit\n{good}"),
        "wrong-header.csv:1:amount: unknown column",
    );
}
