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
    // Every fact says where it came from: its rows, or the policy event's page.
    for f in &all {
        assert!(
            !f["provenance"].as_array().unwrap().is_empty()
                || f["event"]["source_url"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("http")),
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

#[test]
fn every_partner_of_september_2025_ranked_with_shares_of_the_world_total() {
    let tw = Tw::new();
    let all = facts(&tw, "*", "2025-09");
    let top = kind(&all, "top_partners");
    let items: Vec<(String, f64)> = top["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["partner"].as_str().unwrap().to_string(),
                i["value"].as_f64().unwrap() / 1000.0,
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("DEU".to_string(), 1288.0),
            ("KOR".to_string(), 854.0),
            ("VNM".to_string(), 456.0),
            ("USA".to_string(), 420.5),
            ("JPN".to_string(), 228.0)
        ]
    );
    assert!(
        top["note"]
            .as_str()
            .unwrap()
            .starts_with("the ranking covers only the 5 partner countries the data holds"),
        "{top:#}"
    );
    let de = all
        .iter()
        .find(|f| f["kind"] == "share" && f["subject"]["partner"] == "DEU")
        .unwrap();
    assert_eq!(de["display"], "22.3%");
    assert_eq!(de["method"], "share of the world total");
    assert!(close(&de["base"]["value"], 5_774_000.0, 0.1));
    // Only the kinds asked for.
    let only = tw
        .run(&[
            "facts",
            "--partner",
            "*",
            "--basket",
            "rare-earth-magnets",
            "--period",
            "2025-09",
            "--kind",
            "hhi,top3_share",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let kinds: Vec<&str> = only
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["hhi", "top3_share"]);
    let hhi = only[0]["value"].as_f64().unwrap();
    assert!((0.0..=10_000.0).contains(&hhi));
    assert!(only[0]["note"].as_str().unwrap().contains("lower bound"));
}

#[test]
fn an_unknown_kind_is_a_usage_error_listing_the_kinds() {
    let tw = Tw::new();
    let out = tw.run(&[
        "facts",
        "--basket",
        "rare-earth-magnets",
        "--period",
        "2025-09",
        "--kind",
        "rnak",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown fact kind 'rnak'"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("mirror_gap"), "{}", out.stderr);
}

#[test]
fn the_april_2025_controls_window_averages_the_months_in_the_data() {
    let tw = Tw::new();
    let events = tw
        .run(&[
            "events",
            "--basket",
            "rare-earth-magnets",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let april = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["date"] == "2025-04-04")
        .expect("the April 4 2025 controls");
    let w = &april["window"];
    let sides = &w["window"];
    // The averages are those of the series' own levels for the months listed.
    let series = tw
        .run(&[
            "series",
            "--basket",
            "rare-earth-magnets",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let level = |period: &str| -> f64 {
        series["levels"][period]["value"]
            .as_f64()
            .unwrap_or_else(|| panic!("no level for {period}"))
    };
    for side in ["before", "after"] {
        let months: Vec<&str> = sides[side]["months_in_data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert!(!months.is_empty(), "{side}: {w:#}");
        let mean = months.iter().map(|m| level(m)).sum::<f64>() / months.len() as f64;
        assert!(close(&sides[side]["average"], mean, 1e-6), "{side}");
    }
    assert_eq!(
        sides["after"]["months_in_data"],
        serde_json::json!(["2025-05", "2025-06", "2025-07"])
    );
    assert!(
        w["note"]
            .as_str()
            .unwrap()
            .contains("of the 3 months before the event are in the data")
    );
    assert_eq!(w["provenance"].as_array().unwrap().len(), 4);
    // Events on all goods are listed too; events on other baskets are not.
    let dates: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(dates.contains(&"2025-04-10"), "the US tariff (all goods)");
    assert!(!dates.contains(&"2023-07-03"), "gallium and germanium only");
}

#[test]
fn facts_for_every_series_land_in_a_table_sql_can_read() {
    let tw = Tw::new();
    let out = tw.run(&["facts", "--all", "--format", "json"]).ok().json();
    assert!(out["rows"].as_u64().unwrap() > 100, "{out}");
    assert!(
        tw.count("SELECT count(*) FROM facts WHERE mom_pct IS NOT NULL") > 50,
        "m/m computed"
    );
    let sep = tw
        .run(&[
            "sql",
            "SELECT round(mom_pct, 1) AS mom, streak, record_months, record_open FROM facts
             WHERE partner = 'USA' AND code = 'rare-earth-magnets' AND measure = 'quantity'
               AND period = '2025-09'",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert_eq!(sep.lines().nth(1), Some("-28.7,-2,3,false"), "{sep}");
    // --out elsewhere leaves a Delta table there; a small --memory gives the same rows.
    let elsewhere = tw.dir.path().join("facts-out");
    let again = tw
        .run(&[
            "facts",
            "--all",
            "--memory",
            "8M",
            "--out",
            elsewhere.to_str().unwrap(),
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert!(elsewhere.join("_delta_log").is_dir());
    assert_eq!(again["rows"], out["rows"]);
    let bad = tw.run(&["facts", "--all", "--memory", "12X"]);
    assert_eq!(bad.code, 2, "a usage error");
    assert!(bad.stderr.contains("'12X' is not a size"), "{}", bad.stderr);
}

#[test]
fn mirror_gaps_on_a_generated_china_export_us_import_pair() {
    let tw = Tw::new();
    // China's exports of gallium to the US (GACC) and US imports from China (Census), which
    // arrive a month later and are valued 6% higher (CIF against FOB).
    let mut csv = String::from(
        "source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,published,quality,note\n",
    );
    let exports = [
        1_000_000.0,
        1_400_000.0,
        900_000.0,
        1_600_000.0,
        1_200_000.0,
    ];
    for (i, v) in exports.iter().enumerate() {
        csv.push_str(&format!(
            "gacc,CHN,USA,export,gallium,811292,2025-{:02},value,{v},USD,gacc.csv,2025-07-20,ok,\n",
            i + 1
        ));
        csv.push_str(&format!(
            "census,USA,CHN,import,gallium,811292,2025-{:02},value,{},USD,census.json,2025-08-05,ok,\n",
            i + 2,
            v * 1.06
        ));
    }
    let file = tw.write("mirror.csv", &csv);
    tw.run(&["ingest", file.to_str().unwrap()]).ok();
    let all = tw
        .run(&[
            "facts",
            "--partner",
            "USA",
            "--basket",
            "gallium",
            "--measure",
            "value",
            "--period",
            "2025-03",
            "--kind",
            "mirror_gap",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let gaps = all.as_array().unwrap();
    assert_eq!(gaps.len(), 3, "lags 0, 1, 2: {all:#}");
    let lag1 = gaps.iter().find(|g| g["lag"] == 1).unwrap();
    assert!(close(&lag1["value"], 6.0, 1e-9), "{lag1:#}");
    assert!(lag1["note"].as_str().unwrap().starts_with("inside"));
    let lag0 = gaps.iter().find(|g| g["lag"] == 0).unwrap();
    assert!(lag0["note"].as_str().unwrap().starts_with("outside"));
    assert!(!all.to_string().to_lowercase().contains("fraud"));
    // The sources of both sides are cited.
    let sources: Vec<&str> = lag1["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["gacc", "census"]);
}
