//! `tradewatch verify` on the shared aggregator article (the must-show) and on the
//! team's corpus of test articles (`crates/verify/tests/corpus/`).

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

#[derive(Debug, serde::Deserialize)]
struct Expected {
    published: Option<String>,
    #[serde(default)]
    claim: Vec<ExpectedClaim>,
    #[serde(default)]
    not_claim: Vec<NotClaim>,
}

#[derive(Debug, serde::Deserialize)]
struct ExpectedClaim {
    text: String,
    kind: String,
    verdict: String,
    #[serde(default)]
    planted: bool,
}

#[derive(Debug, serde::Deserialize)]
struct NotClaim {
    text: String,
}

/// Runs the whole corpus: extraction recall and precision, verdict accuracy, and no planted
/// error judged supported or rounding.
#[test]
fn the_corpus() {
    let tw = Tw::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../verify/tests/corpus/dev");
    // The team's 32 articles (the independent ones are scored by the verify crate's own test).
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .filter(|p| p.file_name().is_some_and(|n| n.as_encoded_bytes()[0].is_ascii_digit()))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "{} articles", files.len());
    let (mut expected_n, mut found, mut extracted_n, mut true_pos) = (0, 0, 0, 0);
    let (mut verdict_right, mut planted_passed, mut noise) = (0, Vec::new(), Vec::new());
    let mut misses = Vec::new();
    let mut wrong = Vec::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_str().unwrap();
        let exp: Expected = toml::from_str(
            &std::fs::read_to_string(dir.join(format!("{stem}.expected.toml"))).unwrap(),
        )
        .unwrap_or_else(|e| panic!("{stem}: {e}"));
        let input = std::fs::read_to_string(file).unwrap();
        let r = verify(&tw, file, exp.published.as_deref());
        let got: Vec<&Value> = r["claims"].as_array().unwrap().iter().collect();
        let span = |c: &Value| {
            (
                c["start"].as_u64().unwrap() as usize,
                c["end"].as_u64().unwrap() as usize,
            )
        };
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        let mut used = vec![false; got.len()];
        for e in &exp.claim {
            expected_n += 1;
            let Some(at) = input.find(&e.text) else {
                panic!("{stem}: expected text {:?} not in the article", e.text);
            };
            let want = (at, at + e.text.len());
            let hit = got.iter().enumerate().find(|(i, c)| {
                !used[*i] && c["kind"] == e.kind.as_str() && overlaps(span(c), want)
            });
            match hit {
                Some((i, c)) => {
                    used[i] = true;
                    found += 1;
                    if c["verdict"] == e.verdict.as_str() {
                        verdict_right += 1;
                    } else {
                        wrong.push(format!(
                            "{stem}: {} {:?} judged {} ({}), expected {}",
                            e.kind, e.text, c["verdict"], c["reason"], e.verdict
                        ));
                    }
                    if e.planted && matches!(c["verdict"].as_str(), Some("supported" | "rounding"))
                    {
                        planted_passed
                            .push(format!("{stem}: {:?} judged {}", e.text, c["verdict"]));
                    }
                }
                None => misses.push(format!("{stem}: {} {:?}", e.kind, e.text)),
            }
        }
        for (i, c) in got.iter().enumerate() {
            extracted_n += 1;
            if used[i] {
                true_pos += 1;
                continue;
            }
            // An extracted claim that no expected claim covers (of any kind) is a false one.
            let covered = exp.claim.iter().any(|e| {
                input
                    .find(&e.text)
                    .is_some_and(|at| overlaps(span(c), (at, at + e.text.len())))
            });
            if covered {
                true_pos += 1;
            } else {
                let bad = exp.not_claim.iter().any(|n| {
                    input
                        .find(&n.text)
                        .is_some_and(|at| overlaps(span(c), (at, at + n.text.len())))
                });
                noise.push(format!(
                    "{stem}: {} {:?}{}",
                    c["kind"],
                    c["text"],
                    if bad { " (a not_claim)" } else { "" }
                ));
            }
        }
    }
    let recall = found as f64 / expected_n as f64;
    let precision = true_pos as f64 / extracted_n.max(1) as f64;
    let accuracy = verdict_right as f64 / found.max(1) as f64;
    println!(
        "corpus: {} articles, {expected_n} expected claims, {extracted_n} extracted\n\
         extraction recall {:.1}% ({found}/{expected_n}), precision {:.1}% ({true_pos}/{extracted_n}), \
         verdict accuracy {:.1}% ({verdict_right}/{found}), planted judged supported/rounding: {}",
        files.len(),
        recall * 100.0,
        precision * 100.0,
        accuracy * 100.0,
        planted_passed.len()
    );
    println!("missed:\n  {}", misses.join("\n  "));
    println!("verdicts that differ:\n  {}", wrong.join("\n  "));
    println!("not expected:\n  {}", noise.join("\n  "));
    assert!(
        planted_passed.is_empty(),
        "planted errors passed: {planted_passed:#?}"
    );
    assert!(precision >= 0.95, "precision {precision}");
    assert!(recall >= MIN_RECALL, "recall {recall}");
}

/// The target for extraction recall (this build reaches 0.927).
const MIN_RECALL: f64 = 0.90;
