//! The short form of the soak: 10,000 requests of the mixed load (cached and uncached series,
//! facts, briefs and charts, lists, verify POSTs) from 100 connections over real sockets, one
//! request in 100 missing the response cache, and an ingest by token every 200 ms (at most
//! ten) meanwhile. Not one request may fail, and every answer of the series the ingests revise
//! must be wholly from one release and no older than the last ingest answered before it was
//! sent. (`bench/soak.sh` runs the same driver for 30 minutes against the release binary.)
#![allow(clippy::unwrap_used)]

#[path = "support/load.rs"]
mod load;
#[path = "support/setup.rs"]
mod setup;

use std::time::Duration;

use tradewatch_model::Timeline;
use tradewatch_server::{AppState, Config};
use tradewatch_sources::bundled;

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_mixed_requests_from_100_connections_across_ingests_fail_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = setup::bundled_store(dir.path(), "load").await;
    let config = Config {
        token: Some("load-token".into()),
        ..Config::default()
    };
    let state = AppState::new(store, Timeline::new(bundled::events().unwrap()), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(tradewatch_server::serve_on(listener, state, async move {
        let _ = stopped.await;
    }));

    let plan = load::Plan {
        base: format!("http://{addr}"),
        connections: 100,
        until: load::Until::Requests(10_000),
        token: "load-token".into(),
        // Often enough that ingests land inside the run however fast it is (10,000 requests
        // took 1.7 s on a clean-clone CI run once reads came from memory).
        ingest_every: Duration::from_millis(200),
        // Bounded, so that a slow build (unoptimised dependencies) does not pile up vintages.
        max_ingests: Some(10),
        sample: None,
        timeout: Duration::from_secs(60),
        miss_every: 100,
    };
    let outcome = load::run(plan).await.unwrap();
    eprintln!("{}", outcome.summary());

    assert_eq!(outcome.requests, 10_000);
    assert_eq!(outcome.failed, 0, "{}", outcome.summary());
    assert_eq!(outcome.inconsistent, 0, "{}", outcome.summary());
    assert!(outcome.checked >= 2_000, "{}", outcome.summary());
    assert!(
        outcome.by_kind.get("verify").map_or(0, |k| k.0) >= 300,
        "{}",
        outcome.summary()
    );
    assert!(!outcome.ingests.is_empty(), "no ingest ran during the load");
    // Every ingest its own release, in order.
    let gens: Vec<u64> = outcome.ingests.iter().map(|i| i.generation).collect();
    assert_eq!(gens, (1..=gens.len() as u64).collect::<Vec<_>>());

    // After the load the cached answer is the last ingest's, not one kept from before it.
    let last = outcome.ingests.last().unwrap();
    let body = reqwest::get(format!("http://{addr}{}", load::WATCHED))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let releases: std::collections::BTreeSet<&str> = body["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["release"].as_str().unwrap())
        .collect();
    assert_eq!(
        releases.into_iter().collect::<Vec<_>>(),
        vec![last.release.as_str()]
    );

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The checks themselves: an answer with one month from a later ingest than the others is
/// mixed, one older than the last ingest answered is stale, and a consistent one passes.
#[test]
fn the_checker_catches_mixed_and_stale_answers() {
    let base = [
        ("2025-08".to_string(), 590.0),
        ("2025-09".to_string(), 420.5),
    ];
    let gens = load::Generations::new(base.into_iter().collect());
    gens.answered(1, "r1");
    gens.answered(2, "r2");
    let answer = |a: (f64, &str), b: (f64, &str)| {
        serde_json::json!({"points": [
            {"period": "2025-08", "value": a.0, "release": a.1},
            {"period": "2025-09", "value": b.0, "release": b.1},
        ]})
        .to_string()
    };
    // Generation 2 throughout, after generation 1 was answered: fine.
    let g2 = answer(
        (load::scaled(590.0, 2), "r2"),
        (load::scaled(420.5, 2), "r2"),
    );
    assert_eq!(load::check_series(g2.as_bytes(), &gens, 1), Ok(()));
    // One month from generation 2, the other from 1: mixed.
    let mixed = answer(
        (load::scaled(590.0, 1), "r1"),
        (load::scaled(420.5, 2), "r2"),
    );
    let why = load::check_series(mixed.as_bytes(), &gens, 1).unwrap_err();
    assert!(why.starts_with("mixed"), "{why}");
    // Generation 1 after generation 2 had been answered: stale.
    let g1 = answer(
        (load::scaled(590.0, 1), "r1"),
        (load::scaled(420.5, 1), "r1"),
    );
    let why = load::check_series(g1.as_bytes(), &gens, 2).unwrap_err();
    assert!(why.starts_with("stale"), "{why}");
    // A value no generation has.
    let odd = answer((590.0, "bundled"), (421.0, "bundled"));
    assert!(load::check_series(odd.as_bytes(), &gens, 0).is_err());
}
