//! The checker on its corpus, against a fixture of the facts a store of the bundled data
//! gives (`tests/data/facts.json`, kept current by the server crate's corpus test): both
//! halves scored, the targets asserted on each. The held-out half (`corpus/test`) is written
//! by someone who never read the checker, and the people who tune it never open it; only its
//! figures are printed.
#![allow(clippy::unwrap_used)]

mod support;

use support::corpus;
use tradewatch_verify::fixture::{Fixture, FixtureSource, block_on};

fn source() -> FixtureSource {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/facts.json");
    let fixture: Fixture = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    FixtureSource::new(fixture)
}

fn run(half: &str, source: &FixtureSource) -> corpus::Score {
    let mut s = corpus::Score::default();
    for a in corpus::half(half) {
        let report = block_on(tradewatch_verify::read(&a.text, a.published()).judge(source))
            .unwrap_or_else(|e| panic!("{}: {e}", a.name));
        corpus::score(&mut s, &a, &serde_json::to_value(&report).unwrap());
    }
    corpus::report(half, &s);
    s
}

#[test]
fn both_halves_of_the_corpus() {
    let source = source();
    let dev = run("dev", &source);
    let test = run("test", &source);
    for (half, s) in [("dev", &dev), ("test", &test)] {
        assert!(
            s.planted_passed.is_empty(),
            "{half}: planted errors passed: {:#?}",
            s.planted_passed
        );
    }
    // The figures this build reaches, as floors a change must not fall below (the targets
    // are 0.90 recall, 0.97 precision, 0.90 accuracy on each half; the held-out half's
    // precision is not yet met).
    for (half, s, [recall, precision, accuracy]) in [("dev", &dev, DEV), ("test", &test, TEST)] {
        assert!(s.recall() >= recall, "{half} recall {}", s.recall());
        assert!(
            s.precision() >= precision,
            "{half} precision {}",
            s.precision()
        );
        assert!(s.accuracy() >= accuracy, "{half} accuracy {}", s.accuracy());
    }
}

/// Floors: recall, precision, verdict accuracy (measured on 2026-12-08, latest: dev 0.929 /
/// 0.979 / 0.937 with the twenty-fourth independent set, test 0.915 / 0.923 / 0.917).
const DEV: [f64; 3] = [0.925, 0.975, 0.935];
const TEST: [f64; 3] = [0.91, 0.92, 0.912];
