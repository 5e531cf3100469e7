//! Alerts through the real binary: the issue's example rule, backtests, revisions fired once,
//! bad rule files, silences, the JSONL channel and the watch's inbox.

use crate::harness::{HEADER, Tw, path_str};

/// The rule of the issue, exactly as written there.
const ISSUE_RULE: &str = r#"[[rule]]
id = "us-magnets-drop"
reporter = "CHN"
partner = "USA"
flow = "export"
basket = "rare-earth-magnets"
measure = "quantity"
when = "mom_pct <= -20"          # also: yoy_pct, streak_falls >= 3, streak_rises, low_months >= 12,
                                 # high_months, share_pct crosses 10, partner = "new" | "gone",
                                 # anomaly, revision_pct >= 1, late_days >= 5
deliver = ["stdout"]             # or webhook / email / atom names from [delivery.*] tables
"#;

const REVISION_RULE: &str = r#"[[rule]]
id = "magnet-revisions"
partner = "*"
basket = "rare-earth-magnets"
when = "revision_pct >= 1"
"#;

/// A file that revises CHN→USA September 2025 from 420.5 t to 430 t, published after the
/// bundled release.
fn revision_csv() -> String {
    format!(
        "{HEADER}press,CHN,USA,export,rare_earth_magnets,850511,2025-09,quantity,430,t,https://example.org/revised-september,2026-05-02,ok,revised figure\n"
    )
}

fn rules(tw: &Tw, text: &str) -> String {
    let p = tw.write("alerts.toml", text);
    path_str(&p).to_string()
}

#[test]
fn the_issue_rule_backtests_to_the_september_drop_with_both_citations() {
    let tw = Tw::new();
    let r = rules(&tw, ISSUE_RULE);
    let out = tw
        .run(&[
            "alerts", "backtest", "--rules", &r, "--from", "2025-01", "--to", "2025-12",
            "--format", "json",
        ])
        .ok();
    let v = out.json();
    let alerts = v["alerts"].as_array().expect("alerts");
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    let a = &alerts[0];
    assert_eq!(a["period"], "2025-09");
    assert_eq!(a["rule"], "us-magnets-drop");
    let pct = a["value"].as_f64().expect("value");
    assert!((pct - -28.7).abs() < 0.05, "{pct}");
    assert_eq!(a["display"], "-28.7% m/m (420.5 t from 590 t)");
    let text = a.to_string();
    assert!(
        text.contains("https://prchief.com/?p=100605"),
        "September's row"
    );
    assert!(text.contains("newszop.com"), "August's row");
    // The text form says the same.
    let out = tw
        .run(&[
            "alerts", "backtest", "--rules", &r, "--from", "2025-01", "--to", "2025-12",
        ])
        .ok();
    assert!(
        out.stdout
            .contains("September 2025: -28.7% m/m (420.5 t from 590 t)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("1 alert(s) from 2025-01 to 2025-12"),
        "{}",
        out.stdout
    );
    // And CSV is a table: a header and one row per alert.
    let csv = tw
        .run(&[
            "alerts", "backtest", "--rules", &r, "--from", "2025-01", "--to", "2025-12",
            "--format", "csv",
        ])
        .ok()
        .stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0], "period,rule,kind,subject,value,display,alert",
        "{csv}"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].starts_with("2025-09,us-magnets-drop,change,"),
        "{csv}"
    );
    // A backtest fingerprints as evaluation does, and writes nothing.
    let again = tw
        .run(&[
            "alerts", "backtest", "--rules", &r, "--from", "2025-09", "--to", "2025-09",
            "--format", "json",
        ])
        .ok()
        .json();
    assert_eq!(again["alerts"][0]["id"], a["id"]);
    assert!(!tw.data_dir().join("alerts").exists());
}

#[test]
fn a_revision_fires_once_naming_both_figures_and_releases() {
    let tw = Tw::new();
    let r = rules(&tw, REVISION_RULE);
    let file = tw.write("revised.csv", &revision_csv());
    let first = tw.run(&["ingest", "--rules", &r, path_str(&file)]).ok();
    let alerts: Vec<&str> = first
        .stdout
        .lines()
        .filter(|l| l.starts_with("alert "))
        .collect();
    assert_eq!(alerts.len(), 1, "{}", first.stdout);
    for needle in [
        "420.5 t",
        "430 t",
        "+2.3%",
        "release bundled",
        "release revised-",
    ] {
        assert!(
            first.stdout.contains(needle),
            "{needle} in:\n{}",
            first.stdout
        );
    }
    let listed = tw.run(&["alerts", "list", "--format", "json"]).ok().json();
    let listed = listed.as_array().expect("list");
    assert_eq!(listed.len(), 1);
    let a = &listed[0];
    assert_eq!(a["kind"], "revision");
    assert_eq!(a["revision"]["old"], 420_500.0);
    assert_eq!(a["revision"]["new"], 430_000.0);
    assert_eq!(a["revision"]["old_release"], "bundled");
    assert!(
        a["revision"]["new_release"]
            .as_str()
            .expect("id")
            .starts_with("revised-")
    );
    // The same file again: already ingested, nothing fires.
    let second = tw.run(&["ingest", "--rules", &r, path_str(&file)]).ok();
    assert!(
        second.stdout.contains("already ingested"),
        "{}",
        second.stdout
    );
    assert!(!second.stdout.contains("alert "), "{}", second.stdout);
    // Another file with the same figure changes nothing either.
    let same = tw.write(
        "same.csv",
        &revision_csv().replace("revised figure", "the same figure again"),
    );
    let third = tw.run(&["ingest", "--rules", &r, path_str(&same)]).ok();
    assert!(!third.stdout.contains("alert "), "{}", third.stdout);
    let n = tw.run(&["alerts", "list", "--format", "json"]).ok().json();
    assert_eq!(n.as_array().map(Vec::len), Some(1));
    // `show` finds it by a prefix and names its delivery.
    let id = a["id"].as_str().expect("id");
    let shown = tw.run(&["alerts", "show", &id[..10]]).ok();
    assert!(
        shown.stdout.contains("delivered to stdout"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_bad_rule_file_names_file_line_and_field_and_evaluates_nothing() {
    let tw = Tw::new();
    // Line 7 holds the bad condition.
    let text = "# rules\n[[rule]]\nid = \"bad\"\npartner = \"USA\"\nbasket = \"rare-earth-magnets\"\n\nwhen = 'mom_pct <= \"x\"'\n";
    let r = rules(&tw, text);
    for args in [
        vec!["alerts", "rules", "--rules", &r],
        vec![
            "alerts", "backtest", "--rules", &r, "--from", "2025-01", "--to", "2025-12",
        ],
        vec!["watch", "--once", "--rules", &r],
    ] {
        let out = tw.run(&args);
        assert_ne!(out.code, 0, "{args:?}");
        assert!(
            out.stderr.contains(&format!("{r}:7: when:")),
            "{args:?}: {}",
            out.stderr
        );
        assert!(!out.stdout.contains("alert "), "{}", out.stdout);
    }
    // The same mistake as a TOML syntax error (quotes inside a basic string): same answer.
    let text2 = text.replace("'mom_pct <= \"x\"'", "\"mom_pct <= \"x\"\"");
    let r2 = rules(&tw, &text2);
    let out = tw.run(&["alerts", "rules", "--rules", &r2]);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains(&format!("{r2}:7: when:")),
        "{}",
        out.stderr
    );
    // An ingest commits its file but evaluates nothing, and says so.
    let file = tw.write("revised.csv", &revision_csv());
    let out = tw.run(&["ingest", "--rules", &r, path_str(&file)]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("committed as release"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("nothing was evaluated"),
        "{}",
        out.stderr
    );
    assert!(!tw.data_dir().join("alerts").join("log.jsonl").exists());
}

#[test]
fn silenced_rules_record_but_do_not_deliver_and_jsonl_channels_append() {
    let tw = Tw::new();
    let text = format!(
        "{REVISION_RULE}deliver = [\"stdout\", \"log\"]\n\n[delivery.log]\nkind = \"jsonl\"\npath = \"out/alerts.jsonl\"\n"
    );
    let r = rules(&tw, &text);
    tw.run(&["releases"]).ok();
    tw.run(&[
        "alerts",
        "silence",
        "--rules",
        &r,
        "magnet-revisions",
        "--until",
        "2999-12-31",
    ])
    .ok();
    let file = tw.write("revised.csv", &revision_csv());
    let out = tw.run(&["ingest", "--rules", &r, path_str(&file)]).ok();
    assert!(!out.stdout.contains("alert "), "silenced: {}", out.stdout);
    let listed = tw.run(&["alerts", "list", "--format", "json"]).ok().json();
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(1),
        "recorded all the same"
    );
    assert!(!tw.data_dir().join("out/alerts.jsonl").exists());

    // Without the silence the JSONL channel gets the alert, fsynced, once.
    let tw = Tw::new();
    let r = rules(&tw, &text);
    let out = tw.run(&["ingest", "--rules", &r, path_str(&file)]).ok();
    assert_eq!(out.stdout.matches("alert ").count(), 1, "{}", out.stdout);
    let lines = std::fs::read_to_string(tw.data_dir().join("out/alerts.jsonl")).expect("jsonl");
    assert_eq!(lines.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(lines.trim()).expect("json");
    assert_eq!(v["kind"], "revision");
    tw.run(&["alerts", "deliver", "--rules", &r]).ok();
    let lines = std::fs::read_to_string(tw.data_dir().join("out/alerts.jsonl")).expect("jsonl");
    assert_eq!(lines.lines().count(), 1, "delivered once");
}

#[test]
fn the_watch_ingests_its_inbox_once_and_evaluates() {
    let tw = Tw::new();
    let r = rules(&tw, REVISION_RULE);
    tw.run(&["releases"]).ok();
    let inbox = tw.data_dir().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    std::fs::write(inbox.join("revised.csv"), revision_csv()).expect("write");
    std::fs::write(inbox.join("broken.csv"), "not,a,known\nformat,at,all\n").expect("write");
    std::fs::write(inbox.join("half.csv.part"), "still downloading").expect("write");
    let out = tw.run(&["watch", "--once", "--rules", &r]);
    assert_eq!(
        out.code, 1,
        "a rejected file fails the pass\n{}",
        out.stderr
    );
    assert_eq!(out.stdout.matches("alert ").count(), 1, "{}", out.stdout);
    assert!(inbox.join("done/revised.csv").exists());
    assert!(inbox.join("rejected/broken.csv").exists());
    assert!(inbox.join("half.csv.part").exists(), "partial files wait");
    let again = tw.run(&["watch", "--once", "--rules", &r]).ok();
    assert!(!again.stdout.contains("alert "), "{}", again.stdout);
}

#[test]
fn late_releases_are_flagged_from_the_calendar() {
    let tw = Tw::new();
    // GACC figures through August 2025 in the store.
    let file = tw.write(
        "gacc.csv",
        &format!(
            "{HEADER}gacc,CHN,WLD,export,rare_earth_magnets,850511,2025-08,quantity,6146,t,https://example.org/gacc-august,2025-09-20,ok,\n"
        ),
    );
    tw.run(&["ingest", path_str(&file)]).ok();
    let r = rules(
        &tw,
        "[[rule]]\nid = \"gacc-late\"\nsource = \"gacc\"\nwhen = \"late_days >= 5\"\n",
    );
    // September is due on 20 October: on the 24th nothing, on the 25th one alert.
    let early = tw
        .run(&["watch", "--once", "--rules", &r, "--today", "2025-10-24"])
        .ok();
    assert!(!early.stdout.contains("alert "), "{}", early.stdout);
    let late = tw
        .run(&["watch", "--once", "--rules", &r, "--today", "2025-10-25"])
        .ok();
    assert_eq!(late.stdout.matches("alert ").count(), 1, "{}", late.stdout);
    assert!(
        late.stdout.contains("September 2025 is 5 days late"),
        "{}",
        late.stdout
    );
    let again = tw
        .run(&["watch", "--once", "--rules", &r, "--today", "2025-10-26"])
        .ok();
    assert!(
        !again.stdout.contains("alert "),
        "fires once: {}",
        again.stdout
    );
}

#[test]
fn one_watch_per_data_dir() {
    let tw = Tw::new();
    let r = rules(&tw, REVISION_RULE);
    tw.run(&["releases"]).ok();
    let mut first = tw
        .command(&["watch", "--rules", &r, "--interval", "60"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait until the first watch holds its lock.
    let lock = tw.data_dir().join("alerts/watch.lock");
    for _ in 0..200 {
        if std::fs::read_to_string(&lock).is_ok_and(|t| t.starts_with("pid")) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let second = tw.run(&["watch", "--once", "--rules", &r]);
    assert_ne!(second.code, 0);
    assert!(
        second.stderr.contains("another watch runs"),
        "{}",
        second.stderr
    );
    // SIGTERM stops it cleanly.
    let pid = first.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    let status = first.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn backtest_of_the_example_rules_over_the_bundled_data() {
    let tw = Tw::new();
    tw.run(&["alerts", "init"]).ok();
    let v = tw
        .run(&[
            "alerts", "backtest", "--from", "2024-01", "--to", "2025-12", "--format", "json",
        ])
        .ok()
        .json();
    let lines: Vec<String> = v["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| {
            format!(
                "{} {} {} {} {}",
                a["period"].as_str().unwrap_or(""),
                a["rule"].as_str().unwrap_or(""),
                a["subject"]["partner"].as_str().unwrap_or("-"),
                a["id"].as_str().unwrap_or(""),
                a["display"].as_str().unwrap_or("")
            )
        })
        .collect();
    let skipped: Vec<String> = v["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| format!("skipped {}", s["rule"].as_str().unwrap_or("")))
        .collect();
    insta::assert_snapshot!(
        "alerts_backtest_bundled",
        format!("{}\n{}", lines.join("\n"), skipped.join("\n"))
    );
}

#[test]
fn the_watch_fetches_what_comtrade_says_is_available_and_only_that() {
    use crate::server::{Server, ok_json};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let october_out = Arc::new(AtomicBool::new(false));
    let out = Arc::clone(&october_out);
    let server = Server::start(move |target, _| {
        if target.contains("/getDa/") || target.contains("/getDA/") {
            // The data-availability endpoint: September is out, October once published.
            let mut data =
                vec![r#"{"datasetCode":1,"reporterCode":156,"period":"202509","freqCode":"M"}"#];
            if out.load(Ordering::SeqCst) {
                data.push(r#"{"datasetCode":2,"reporterCode":156,"period":202510,"freqCode":"M"}"#);
            }
            return ok_json(&format!(
                r#"{{"count":{},"data":[{}]}}"#,
                data.len(),
                data.join(",")
            ));
        }
        let month = if target.contains("period=202510") {
            10
        } else {
            9
        };
        ok_json(&crate::fetch::comtrade_for(2025, month))
    });
    let tw = Tw::new();
    let r = rules(
        &tw,
        &format!(
            "[[rule]]\nid = \"us-share\"\npartner = \"USA\"\nbasket = \"rare-earth-magnets\"\nwhen = \"share_pct >= 1\"\n\n\
             [[watch.fetch]]\nsource = \"comtrade\"\nreporter = \"CHN\"\nbasket = \"rare-earth-magnets\"\nbase_url = \"{}\"\n",
            server.base
        ),
    );
    let watch = |today: &str| {
        let out = tw
            .command(&["watch", "--once", "--rules", &r, "--today", today])
            .env("COMTRADE_API_KEY", "k")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let months = || {
        tw.run(&[
            "sql",
            "SELECT DISTINCT period FROM observations WHERE source = 'comtrade' ORDER BY period",
            "--format",
            "csv",
        ])
        .ok()
        .stdout
    };
    let data_calls = || server.count("/data/v1/get/");
    let first = watch("2025-12-05");
    assert_eq!(server.count("getDa"), 1, "asked what is available");
    assert_eq!(data_calls(), 1, "then fetched September only");
    assert!(months().contains("2025-09"), "{}", months());
    assert!(
        first.contains("alert "),
        "the fetched release is evaluated: {first}"
    );
    // October is not out yet: asked again, nothing fetched.
    watch("2025-12-06");
    assert_eq!(server.count("getDa"), 2);
    assert_eq!(data_calls(), 1);
    october_out.store(true, Ordering::SeqCst);
    watch("2025-12-07");
    assert_eq!(server.count("period=202510&"), 1);
    assert_eq!(data_calls(), 2);
    assert!(months().contains("2025-10"), "{}", months());
}
