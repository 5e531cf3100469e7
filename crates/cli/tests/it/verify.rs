//! `tradewatch verify` through the real binary and store: the shared aggregator article (six
//! claims, nothing from the ads), the must-show forms, and a directory checked in one run.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::Tw;

fn article() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../verify/tests/data/2025-10-us-imports-rare-earth-magnets-decline.txt")
}

fn verify(tw: &Tw, file: &Path, published: Option<&str>) -> Value {
    let mut args = vec!["verify", file.to_str().unwrap(), "--format", "json"];
    if let Some(p) = published {
        args.extend(["--published", p]);
    }
    tw.run(&args).ok().json()
}

fn claim<'a>(report: &'a Value, kind: &str, text: &str) -> &'a Value {
    report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind && c["text"].as_str().unwrap().contains(text))
        .unwrap_or_else(|| panic!("no {kind} claim with {text:?} in {report:#}"))
}

#[test]
fn the_shared_article_gives_the_six_claims_and_nothing_from_the_ads() {
    let tw = Tw::new();
    let input = std::fs::read_to_string(article()).unwrap();
    let r = verify(&tw, &article(), Some("2025-10-20"));
    assert_eq!(r["published"], "2025-10-20");
    for c in r["claims"].as_array().unwrap() {
        let s = &c["subject"];
        assert_eq!(
            (&s["reporter"], &s["partner"], &s["flow"], &s["basket"]),
            (
                &Value::from("CHN"),
                &Value::from("USA"),
                &Value::from("export"),
                &Value::from("rare-earth-magnets")
            ),
            "{c:#}"
        );
        // Offsets are bytes of the input and point at the claim's text.
        let (start, end) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&input[start..end], c["text"].as_str().unwrap());
        // Nothing from the ads, the references or the spam comment.
        let ads = input.find("Special Offer Banner").unwrap();
        let ads_end = input.find("the #1 choice for system integrators.").unwrap();
        let tail = input.find("References & Further Reading").unwrap();
        assert!(end < tail && !(ads..ads_end).contains(&start), "{c:#}");
    }
    let level = claim(&r, "level", "420.5 tonnes");
    assert_eq!(
        (
            level["subject"]["period"].as_str(),
            level["verdict"].as_str()
        ),
        (Some("2025-09"), Some("supported"))
    );
    let mom = claim(&r, "change_mom", "28.7%");
    assert_eq!(mom["claimed"]["value"], -28.7);
    assert_eq!(mom["verdict"], "supported");
    let yoy = claim(&r, "change_yoy", "30%");
    assert_eq!(yoy["verdict"], "supported");
    assert!(
        yoy["reason"]
            .as_str()
            .unwrap()
            .contains("published change -29.5%"),
        "{yoy:#}"
    );
    let streak = claim(&r, "streak", "second consecutive month");
    assert_eq!(
        (
            streak["claimed"]["value"].as_f64(),
            streak["verdict"].as_str()
        ),
        (Some(2.0), Some("supported"))
    );
    let turn = claim(&r, "turning_point", "began in June");
    assert_eq!(turn["verdict"], "supported");
    assert!(
        turn["reason"]
            .as_str()
            .unwrap()
            .contains("after the May low (46 t)")
    );
    let event = claim(&r, "event_timing", "earlier this month");
    assert_eq!(event["verdict"], "supported");
    assert!(
        event["reason"]
            .as_str()
            .unwrap()
            .contains("predates the 9 October 2025")
    );
    assert_eq!(r["summary"]["supported"], 6);
    assert_eq!(r["claims"].as_array().unwrap().len(), 6);
}

#[test]
fn planted_errors_in_the_article_are_contradicted_with_the_computed_values() {
    let tw = Tw::new();
    let text = std::fs::read_to_string(article())
        .unwrap()
        .replace("28.7%", "18.7%")
        .replace("second consecutive", "third consecutive");
    let file = tw.write("planted.txt", &text);
    let r = verify(&tw, &file, Some("2025-10-20"));
    let mom = claim(&r, "change_mom", "18.7%");
    assert_eq!(mom["verdict"], "contradicted");
    assert!((mom["computed"]["value"].as_f64().unwrap() + 28.73).abs() < 0.01);
    let streak = claim(&r, "streak", "third consecutive");
    assert_eq!(streak["verdict"], "contradicted");
    assert_eq!(streak["computed"]["value"], 2.0);
}

#[test]
fn unreadable_input_exits_2() {
    let tw = Tw::new();
    let missing = tw.run(&["verify", "/nonexistent/article.txt"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("/nonexistent/article.txt"));
    let binary = tw.dir.path().join("binary.txt");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = tw.run(&["verify", binary.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not UTF-8"), "{}", out.stderr);
}

fn verify_text(tw: &Tw, name: &str, text: &str, published: &str) -> Value {
    let file = tw.write(name, text);
    verify(tw, &file, Some(published))
}

#[test]
fn a_sentence_with_côte_d_ivoire_gets_a_verdict_per_claim() {
    let tw = Tw::new();
    let r = verify_text(
        &tw,
        "civ.txt",
        "China's rare earth magnet exports reached 5,577 tonnes in July. Germany took 38% of the July total and Côte d’Ivoire a further 11%.",
        "2025-08-20",
    );
    let claims = r["claims"].as_array().unwrap();
    assert!(claims.len() >= 2, "{r:#}");
    for c in claims {
        assert!(c["verdict"].is_string(), "{c:#}");
    }
}

#[test]
fn a_desk_note_reads_its_label_lines() {
    let tw = Tw::new();
    let r = verify_text(
        &tw,
        "note.txt",
        "RARE-EARTH MAGNET EXPORTS, SEPTEMBER 2025\n\nTotal: 5,774 t (−6.1% m/m)\nUS: 420.5 t\n",
        "2025-10-20",
    );
    let total = claim(&r, "level", "5,774 t");
    assert_eq!(
        (
            total["subject"]["partner"].as_str(),
            total["verdict"].as_str()
        ),
        (Some("WLD"), Some("supported")),
        "{total:#}"
    );
    let change = claim(&r, "change_mom", "6.1%");
    assert_eq!(change["verdict"], "supported", "{change:#}");
    let us = claim(&r, "level", "420.5 t");
    assert_eq!(
        (
            us["subject"]["partner"].as_str(),
            us["subject"]["period"].as_str(),
            us["verdict"].as_str()
        ),
        (Some("USA"), Some("2025-09"), Some("supported")),
        "{us:#}"
    );
}

#[test]
fn an_explicit_year_beats_the_publication_date() {
    let tw = Tw::new();
    let r = verify_text(
        &tw,
        "graphite.txt",
        "China's flake graphite exports fell 93.93% in December 2023, customs data show.",
        "2025-01-20",
    );
    let c = claim(&r, "change_mom", "93.93%");
    assert_eq!(c["subject"]["period"], "2023-12", "{c:#}");
    assert_eq!(c["subject"]["basket"], "graphite-flake", "{c:#}");
}

#[test]
fn a_subject_the_text_leaves_open_is_taken_from_the_data_and_said() {
    let tw = Tw::new();
    let r = verify_text(
        &tw,
        "implied.txt",
        "Magnet exports came to 5,774 tonnes in September.",
        "2025-10-20",
    );
    let c = claim(&r, "level", "5,774 tonnes");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["subject"]["reporter"], "CHN", "{c:#}");
    let reason = c["reason"].as_str().unwrap();
    assert!(reason.contains("taken from the data"), "{reason}");
}

/// A figure the text ties to no partner or month has two readings; the data decide
/// between them, and the reason says so. A figure tied to its subject gets no second
/// reading, so a wrong one stays contradicted.
#[test]
fn a_lent_partner_or_month_is_checked_both_ways_and_said() {
    let tw = Tw::new();
    let r = verify_text(
        &tw,
        "lent.txt",
        "China's rare earth magnet exports to Germany rose to 764 tonnes in June. \
         Shipments came to 3,188 tonnes.\n\n\
         China's magnet exports recovered in June. In May, exports to the \
         United States had collapsed to 46 tonnes. Germany took 209 tonnes.\n\n\
         Exports to Germany were 900 tonnes in June.",
        "2025-07-20",
    );
    // Carried from "to Germany": the world total fits.
    let c = claim(&r, "level", "3,188 tonnes");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["subject"]["partner"], "WLD", "{c:#}");
    assert!(
        c["reason"]
            .as_str()
            .unwrap()
            .contains("partner taken from the data"),
        "{c:#}"
    );
    // The story's month is June, but the sentence before looked back to May.
    let c = claim(&r, "level", "209 tonnes");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["subject"]["period"], "2025-05", "{c:#}");
    assert!(
        c["reason"]
            .as_str()
            .unwrap()
            .contains("period taken from the data"),
        "{c:#}"
    );
    // Stated partner and month: no other reading.
    let c = claim(&r, "level", "900 tonnes");
    assert_eq!(c["verdict"], "contradicted", "{c:#}");

    let r = verify_text(
        &tw,
        "lent-commodity.txt",
        "China's rare earth magnet exports slipped to 5,774 tonnes in September. Rare \
         earth exports slumped to 4,000.3 tonnes. Shipments to the US came to 420.5 tonnes.\n\n\
         Magnet exports rose 17.5% in September.\n\n\
         China's magnet exports slipped in September. Exports reached 39,817 tonnes, down \
         7.5%.",
        "2025-10-20",
    );
    // Nothing is kept under "permanent magnets" for China's exports; the rare-earth magnets
    // basket shares its code and holds the figure.
    let r2 = verify_text(
        &tw,
        "shared-code.txt",
        "China's permanent magnet exports to the US came to 420.5 tonnes in September.",
        "2025-10-20",
    );
    let c = claim(&r2, "level", "420.5 tonnes");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["subject"]["basket"], "rare-earth-magnets", "{c:#}");
    assert!(
        c["reason"].as_str().unwrap().contains("shares codes"),
        "{c:#}"
    );
    // A quarter the data do not publish: the sum of its three months, each cited.
    let r3 = verify_text(
        &tw,
        "quarter.txt",
        "China's magnet exports came to 17.5kt in Q3.",
        "2025-10-20",
    );
    let c = claim(&r3, "level", "17.5kt");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["subject"]["period"], "2025-07..09", "{c:#}");
    assert_eq!(c["evidence"].as_array().unwrap().len(), 3, "{c:#}");
    // A month lent by the story: the year-to-September total and its change fit.
    let c = claim(&r, "ytd_total", "39,817 tonnes");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["subject"]["period"], "2025-01..09", "{c:#}");
    let c = claim(&r, "ytd_change", "7.5%");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    // The sentence before lent the rare-earths aggregate; the article's magnets fit.
    let c = claim(&r, "level", "420.5 tonnes");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["subject"]["basket"], "rare-earth-magnets", "{c:#}");
    assert!(
        c["reason"]
            .as_str()
            .unwrap()
            .contains("commodity taken from the data"),
        "{c:#}"
    );
    // No base: month on month (−6.1%) does not fit, year on year (+17.5%) does.
    let c = claim(&r, "change_yoy", "17.5%");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert!(
        c["reason"].as_str().unwrap().contains("names no base"),
        "{c:#}"
    );
}

#[test]
fn a_directory_is_checked_in_one_run_one_json_line_per_article() {
    let tw = Tw::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../verify/tests/corpus/dev");
    let articles = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt" || x == "html")
        })
        .count();
    let out = tw
        .run(&["verify", dir.to_str().unwrap(), "--format", "jsonl"])
        .ok();
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), articles);
    let claims: usize = lines
        .iter()
        .map(|l| l["claims"].as_array().unwrap().len())
        .sum();
    assert!(claims > 500, "{claims} claims");
    for l in &lines {
        assert!(
            l["file"]
                .as_str()
                .unwrap()
                .starts_with(dir.to_str().unwrap())
        );
        assert!(l["summary"]["supported"].is_number());
    }
    // An unreadable input is reported and the others still checked: exit 2.
    let missing = tw.dir.path().join("missing.txt");
    let article = article();
    let out = tw.run(&[
        "verify",
        article.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.code, 2);
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(lines[1]["error"].as_str().unwrap().contains("missing.txt"));
}
