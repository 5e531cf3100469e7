//! Scoring the checker on its corpus (`tests/corpus/{dev,test}`): extraction recall and
//! precision, verdict accuracy, planted errors passed. Shared by the checker's own test
//! (against a fixture of facts) and the server's (against a real store).
//!
//! An expected claim is found when an extracted claim of the same kind overlaps its text; an
//! extracted claim that overlaps no expected claim (of any kind) is a false extraction. For
//! the held-out half only the figures are printed, never which claims were missed: the people
//! tuning the reader do not look at it.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Expected {
    pub published: Option<String>,
    #[serde(default)]
    pub claim: Vec<ExpectedClaim>,
    #[serde(default)]
    pub not_claim: Vec<NotClaim>,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct ExpectedClaim {
    pub text: String,
    pub kind: String,
    pub verdict: String,
    #[serde(default)]
    pub planted: bool,
    /// The figure claimed: where one text holds two figures ("6,146 tonnes against 5,235
    /// tonnes a year before"), the reading of this one is the match.
    #[serde(default)]
    pub claimed: Option<toml::Value>,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct NotClaim {
    pub text: String,
}

/// One article of a half: its text, its expectations.
pub(crate) struct Article {
    pub name: String,
    pub text: String,
    pub expected: Expected,
}

impl Article {
    pub(crate) fn published(&self) -> Option<NaiveDate> {
        self.expected
            .published
            .as_deref()
            .and_then(|p| p.parse().ok())
    }
}

/// A half's folder: under `TRADEWATCH_CORPUS` when set (a corpus kept elsewhere, with the
/// same `dev/` and `test/` layout), else the one in the repository.
pub(crate) fn dir(half: &str) -> PathBuf {
    match std::env::var_os("TRADEWATCH_CORPUS") {
        Some(root) => PathBuf::from(root).join(half),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../verify/tests/corpus")
            .join(half),
    }
}

/// The articles of a half, in name order.
pub(crate) fn half(half: &str) -> Vec<Article> {
    let dir = dir(half);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_str().unwrap().to_string();
            let expected: Expected = toml::from_str(
                &std::fs::read_to_string(dir.join(format!("{name}.expected.toml"))).unwrap(),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            Article {
                name,
                text: std::fs::read_to_string(&f).unwrap(),
                expected,
            }
        })
        .collect()
}

/// The figures of a half.
#[derive(Debug, Default, Clone)]
pub(crate) struct Score {
    pub articles: usize,
    pub expected: usize,
    pub found: usize,
    pub extracted: usize,
    pub true_pos: usize,
    pub verdict_right: usize,
    pub planted_passed: Vec<String>,
    pub misses: Vec<String>,
    /// Missed claims whose words were read as another kind: "expected read as got" → count.
    pub misread: std::collections::BTreeMap<String, usize>,
    /// (expected verdict, judged verdict) → count, over the claims found.
    pub confusion: std::collections::BTreeMap<(String, String), usize>,
    /// Why wrong verdicts went wrong: the first words of the checker's reason → count.
    pub reasons: std::collections::BTreeMap<String, usize>,
    /// kind → (found, right, expected).
    pub by_kind: std::collections::BTreeMap<String, (usize, usize, usize)>,
    pub wrong: Vec<String>,
    pub noise: Vec<String>,
}

impl Score {
    pub(crate) fn recall(&self) -> f64 {
        self.found as f64 / self.expected.max(1) as f64
    }
    pub(crate) fn precision(&self) -> f64 {
        self.true_pos as f64 / self.extracted.max(1) as f64
    }
    pub(crate) fn accuracy(&self) -> f64 {
        self.verdict_right as f64 / self.found.max(1) as f64
    }

    pub(crate) fn line(&self, half: &str) -> String {
        format!(
            "{half}: {} articles, {} expected claims, {} extracted; extraction recall {:.3} ({}/{}), precision {:.3} ({}/{}), verdict accuracy {:.3} ({}/{}), planted judged supported/rounding: {}",
            self.articles,
            self.expected,
            self.extracted,
            self.recall(),
            self.found,
            self.expected,
            self.precision(),
            self.true_pos,
            self.extracted,
            self.accuracy(),
            self.verdict_right,
            self.found,
            self.planted_passed.len()
        )
    }
}

/// Scores one article's report (the JSON contract) against its expectations.
pub(crate) fn score(score: &mut Score, a: &Article, report: &Value) {
    score.articles += 1;
    let input = &a.text;
    let got: Vec<&Value> = report["claims"].as_array().unwrap().iter().collect();
    let span = |c: &Value| {
        (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        )
    };
    let overlaps = |x: (usize, usize), y: (usize, usize)| x.0 < y.1 && y.0 < x.1;
    let mut used = vec![false; got.len()];
    for e in &a.expected.claim {
        score.expected += 1;
        let Some(at) = input.find(&e.text) else {
            panic!("{}: expected text {:?} not in the article", a.name, e.text);
        };
        let want = (at, at + e.text.len());
        let candidates: Vec<(usize, &&Value)> = got
            .iter()
            .enumerate()
            .filter(|(i, c)| !used[*i] && c["kind"] == e.kind.as_str() && overlaps(span(c), want))
            .collect();
        // Of several readings over the words, the one of the figure claimed, else the first.
        let same_figure = |c: &Value| {
            let want = e
                .claimed
                .as_ref()
                .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
            let got = c["claimed"]["value"].as_f64();
            matches!((want, got), (Some(w), Some(g)) if (w - g).abs() <= 1e-9 * w.abs().max(1.0))
        };
        let hit = candidates
            .iter()
            .find(|(_, c)| same_figure(c))
            .or(candidates.first())
            .copied();
        score.by_kind.entry(e.kind.clone()).or_default().2 += 1;
        match hit {
            Some((i, c)) => {
                used[i] = true;
                score.found += 1;
                let got_verdict = c["verdict"].as_str().unwrap_or("").to_string();
                *score
                    .confusion
                    .entry((e.verdict.clone(), got_verdict))
                    .or_default() += 1;
                let k = score.by_kind.entry(e.kind.clone()).or_default();
                k.0 += 1;
                if c["verdict"] == e.verdict.as_str() {
                    k.1 += 1;
                }
                if c["verdict"] == e.verdict.as_str() {
                    score.verdict_right += 1;
                } else {
                    let reason = c["reason"].as_str().unwrap_or("");
                    let gist: String = reason
                        .split(|ch: char| {
                            ch.is_ascii_digit() || ch == '(' || ch == ';' || ch == '→'
                        })
                        .next()
                        .unwrap_or("")
                        .split_whitespace()
                        .take(7)
                        .collect::<Vec<_>>()
                        .join(" ");
                    *score
                        .reasons
                        .entry(format!(
                            "{}→{} {}: {gist}",
                            e.verdict,
                            c["verdict"].as_str().unwrap_or(""),
                            e.kind
                        ))
                        .or_default() += 1;
                    score.wrong.push(format!(
                        "{}: {} {:?} judged {} ({}) [{} {} {} {}], expected {}",
                        a.name,
                        e.kind,
                        e.text,
                        c["verdict"],
                        c["reason"],
                        c["subject"]["partner"],
                        c["subject"]["basket"],
                        c["subject"]["period"],
                        c["claimed"]["value"],
                        e.verdict
                    ));
                }
                if e.planted && matches!(c["verdict"].as_str(), Some("supported" | "rounding")) {
                    score
                        .planted_passed
                        .push(format!("{}: {:?} judged {}", a.name, e.text, c["verdict"]));
                }
            }
            None => {
                // Read over the same words as another kind ("level" for a full year's total)?
                let mut read_as = String::new();
                if let Some(other) = got.iter().find(|c| overlaps(span(c), want)) {
                    let kind = other["kind"].as_str().unwrap_or("");
                    *score
                        .misread
                        .entry(format!("{} read as {kind}", e.kind))
                        .or_default() += 1;
                    read_as = format!(" (read as {kind} {:?})", other["text"]);
                }
                score
                    .misses
                    .push(format!("{}: {} {:?}{read_as}", a.name, e.kind, e.text));
            }
        }
    }
    for (i, c) in got.iter().enumerate() {
        score.extracted += 1;
        if used[i] {
            score.true_pos += 1;
            continue;
        }
        let covered = a.expected.claim.iter().any(|e| {
            input
                .find(&e.text)
                .is_some_and(|at| overlaps(span(c), (at, at + e.text.len())))
        });
        if covered {
            score.true_pos += 1;
        } else {
            score
                .noise
                .push(format!("{}: {} {:?}", a.name, c["kind"], c["text"]));
        }
    }
}

/// Prints a half's figures; for the dev half also what was missed, judged wrongly or read
/// where nothing was expected.
pub(crate) fn report(half: &str, s: &Score) {
    println!("{}", s.line(half));
    let kinds: Vec<String> = s
        .by_kind
        .iter()
        .map(|(k, (found, right, expected))| format!("{k} {found}/{expected} found, {right} right"))
        .collect();
    println!("  by kind: {}", kinds.join("; "));
    let confusion: Vec<String> = s
        .confusion
        .iter()
        .filter(|((e, g), _)| e != g)
        .map(|((e, g), n)| format!("{e}→{g} {n}"))
        .collect();
    println!("  verdicts expected→judged: {}", confusion.join(", "));
    let mut noise: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for n in &s.noise {
        let kind = n
            .split(": ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .unwrap_or("");
        *noise.entry(kind.trim_matches('"')).or_default() += 1;
    }
    let noise: Vec<String> = noise.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("  not expected, by kind: {}", noise.join(", "));
    let misread: Vec<String> = s.misread.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("  missed, read as another kind: {}", misread.join(", "));
    let mut reasons: Vec<(&String, &usize)> = s.reasons.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1));
    for (r, n) in reasons.iter().take(25) {
        println!("    {n:>3} {r}");
    }
    if half == "dev" {
        println!("missed:\n  {}", s.misses.join("\n  "));
        println!("verdicts that differ:\n  {}", s.wrong.join("\n  "));
        println!("not expected:\n  {}", s.noise.join("\n  "));
    }
}
