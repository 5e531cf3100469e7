use serde_json::Value;

use crate::harness::Tw;

fn facts(tw: &Tw, partner: &str, period: &str) -> Vec<Value> {
    tw.run(&[
        "facts",
        "--reporter",
        "CHN",
        "--partner",
        partner,
        "--basket",
        "rare-earth-magnets",
        "--period",
        period,
        "--format",
        "json",
    ])
    .ok()
    .json()
    .as_array()
    .expect("array")
    .clone()
}

fn kind<'a>(all: &'a [Value], k: &str) -> &'a Value {
    all.iter()
        .find(|f| f["kind"] == k)
        .unwrap_or_else(|| panic!("no {k} fact in {all:#?}"))
}

fn close(v: &Value, want: f64, tol: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() <= tol)
}

#[test]
fn world_september_2025() {
    let tw = Tw::new();
    let all = facts(&tw, "WLD", "2025-09");
    let level = kind(&all, "level");
    assert!(close(&level["value"], 5_774_000.0, 0.1));
    assert_eq!(level["display"], "5,774 t");
    assert_eq!(level["basis"], "reported");

    let mom = kind(&all, "change_mom");
    assert_eq!(mom["display"], "-6.1%");
    assert_eq!(mom["basis"], "computed");
    assert!(close(&mom["base"]["value"], 6_146_000.0, 0.1));

    let yoy = kind(&all, "change_yoy");
    assert_eq!(yoy["display"], "+17.5%");
    assert_eq!(yoy["basis"], "computed");
    assert_eq!(yoy["reported"]["agreement"], "exact");

    let prior = kind(&all, "prior_run");
    assert_eq!(prior["direction"], "rise");
    assert_eq!(prior["length"], 3, "the end of a three-month run of rises");

    let ytd = kind(&all, "ytd");
    assert_eq!(ytd["period"], "2025-01..09");
    assert_eq!(ytd["display"], "39,817 t");
    assert_eq!(ytd["basis"], "reported");
    let ytd_yoy = kind(&all, "ytd_change_yoy");
    assert_eq!(ytd_yoy["display"], "-7.5%");
    assert_eq!(ytd_yoy["basis"], "computed");
    // Every fact says where it came from.
    for f in &all {
        assert!(
            !f["provenance"].as_array().unwrap().is_empty(),
            "fact without provenance: {f:#}"
        );
    }
}

#[test]
fn world_october_2025_skips_the_suspect_row() {
    let tw = Tw::new();
    let all = facts(&tw, "WLD", "2025-10");
    assert_eq!(kind(&all, "level")["display"], "5,473 t");
    assert_eq!(kind(&all, "change_mom")["display"], "-5.2%");
    let streak = kind(&all, "streak");
    assert_eq!(streak["direction"], "fall");
    assert_eq!(streak["length"], 2);
    let text = serde_json::to_string(&all).unwrap();
    assert!(
        !text.contains("4343.5") && !text.contains("4343500"),
        "suspect row used"
    );
}

#[test]
fn unknown_basket_and_bad_period_are_usage_errors() {
    let tw = Tw::new();
    let out = tw.run(&["facts", "--basket", "unobtainium", "--period", "2025-09"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown basket"), "{}", out.stderr);
    let out = tw.run(&["facts", "--basket", "gallium", "--period", "2025-13"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("2025-13"), "{}", out.stderr);
}
