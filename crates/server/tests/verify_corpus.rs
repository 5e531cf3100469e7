//! The claim checker's corpus against a real store of the bundled data: both halves scored
//! (dev and the held-out test half), and the fixture of facts the checker's own test reads
//! (`crates/verify/tests/data/facts.json`) checked against what the store gives today.
//! `TRADEWATCH_UPDATE_FIXTURES=1` rewrites the fixture.
#![allow(clippy::unwrap_used)]

#[path = "../../verify/tests/support/corpus.rs"]
mod corpus;
#[path = "support/setup.rs"]
mod setup;

use std::path::PathBuf;

use tradewatch_model::Timeline;
use tradewatch_server::StoreFacts;
use tradewatch_sources::bundled;
use tradewatch_verify::fixture::{Fixture, Recorder};

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../verify/tests/data/facts.json")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_corpus_against_the_store_and_the_fixture_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let store = setup::bundled_store(dir.path(), "corpus").await;
    let timeline = Timeline::new(bundled::events().unwrap());
    let source = StoreFacts::new(&store, timeline, None);
    let recorder = Recorder::new(&source);
    let mut scores = Vec::new();
    for half in ["dev", "test"] {
        let mut s = corpus::Score::default();
        for a in corpus::half(half) {
            let report = tradewatch_verify::read(&a.text, a.published())
                .judge(&recorder)
                .await
                .unwrap();
            corpus::score(&mut s, &a, &serde_json::to_value(&report).unwrap());
        }
        corpus::report(half, &s);
        scores.push(s);
    }
    // The fixture holds every answer the corpus needs, as the store gives it today.
    let recorded = recorder.fixture();
    let path = fixture_path();
    if std::env::var_os("TRADEWATCH_UPDATE_FIXTURES").is_some() {
        let mut text = String::from("{\"events\":");
        text.push_str(&serde_json::to_string(&recorded.events).unwrap());
        text.push_str(",\n\"facts\":[\n");
        let facts: Vec<String> = recorded
            .facts
            .iter()
            .map(|f| serde_json::to_string(f).unwrap())
            .collect();
        text.push_str(&facts.join(",\n"));
        text.push_str("],\n\"holdings\":[\n");
        let held: Vec<String> = recorded
            .holdings
            .iter()
            .map(|f| serde_json::to_string(f).unwrap())
            .collect();
        text.push_str(&held.join(",\n"));
        text.push_str("]}\n");
        std::fs::write(&path, text).unwrap();
    }
    let stored: Fixture = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let first_difference = recorded
        .facts
        .iter()
        .find(|f| !stored.facts.contains(f))
        .map(|f| format!("{} {}", f.subject, f.period))
        .or_else(|| {
            recorded
                .holdings
                .iter()
                .find(|h| !stored.holdings.contains(h))
                .map(|h| format!("holdings {} {}", h.basket, h.period))
        });
    assert!(
        stored == recorded,
        "the fixture {} is not what the store gives for the corpus today (first difference: {first_difference:?}): rerun with TRADEWATCH_UPDATE_FIXTURES=1",
        path.display()
    );
}
