use crate::harness::Tw;

#[test]
fn sql_sees_observations_releases_and_current() {
    let tw = Tw::new();
    assert_eq!(tw.count("SELECT count(*) FROM observations"), 370);
    assert_eq!(tw.count("SELECT count(*) FROM releases"), 1);
    // The suspect row is stored but never current.
    assert!(tw.count("SELECT count(*) FROM observations WHERE quality = 'suspect'") >= 1);
    assert_eq!(
        tw.count("SELECT count(*) FROM current WHERE quality = 'suspect'"),
        0
    );
    // One current row per key.
    assert_eq!(
        tw.count("SELECT count(*) FROM current"),
        tw.count(
            "SELECT count(*) FROM (SELECT DISTINCT reporter, partner, flow, classification, code, period, measure, unit FROM observations WHERE quality <> 'suspect')"
        )
    );
    // Codes stay strings.
    let out = tw
        .run(&[
            "sql",
            "SELECT code FROM current WHERE code = 'rare-earth-magnets' LIMIT 1",
            "--format",
            "json",
        ])
        .ok();
    assert!(
        out.stdout.contains("\"rare-earth-magnets\""),
        "{}",
        out.stdout
    );
}

#[test]
fn bad_sql_is_an_error_not_a_panic() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let out = tw.run(&["sql", "SELEKT nonsense"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("error:"), "{}", out.stderr);
}

#[test]
fn baskets_lists_the_issue_baskets_with_their_codes() {
    let tw = Tw::new();
    let out = tw.run(&["baskets", "--format", "json"]).ok().json();
    let ids: Vec<&str> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    for id in [
        "rare-earth-magnets",
        "rare-earths",
        "gallium",
        "germanium",
        "antimony",
        "graphite",
        "graphite-flake",
        "graphite-spherical",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    assert_eq!(out[0]["codes"]["CN-CHINA-8"][0], "85051110");
}
