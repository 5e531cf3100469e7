//! The store's own guarantees, below the command line.

use tradewatch_analysis::Subject;
use tradewatch_model::{Flow, Measure};
use tradewatch_store::{Outcome, SeriesQuery, Store};

#[tokio::test]
async fn reopening_sees_the_same_release_and_rows() {
    let (dir, store) = crate::bundled_store().await;
    let before = store.releases().await.expect("releases");
    drop(store);
    let again = Store::open(dir.path()).await.expect("reopen");
    assert_eq!(again.releases().await.expect("releases"), before);
    assert_eq!(again.row_counts().await.expect("counts")["bundled"], 370);
}

#[tokio::test]
async fn the_same_sha_is_a_no_op() {
    let (_dir, mut store) = crate::bundled_store().await;
    let outcome = store
        .ingest(tradewatch_store::NewRelease {
            id: None,
            source: tradewatch_model::Source::Press,
            format: "tradewatch-csv".into(),
            file_name: "again.csv".into(),
            sha256: "bundled-test".into(),
            published: None,
            observations: vec![],
        })
        .await
        .expect("ingest");
    assert!(matches!(outcome, Outcome::AlreadyIngested(ref r) if r.id == "bundled"));
    assert_eq!(store.releases().await.expect("releases").len(), 1);
}

#[tokio::test]
async fn the_series_prefers_dated_corroborated_rows_and_keeps_the_others() {
    let (_dir, store) = crate::bundled_store().await;
    let q = SeriesQuery::new(Subject {
        reporter: "CHN".into(),
        partner: "USA".into(),
        flow: Flow::Export,
        basket: "rare-earth-magnets".into(),
        measure: Measure::Quantity,
    });
    let s = store.series(&q).await.expect("series");
    let aug = s
        .level(&"2025-08".parse().expect("period"))
        .expect("August");
    assert_eq!(
        aug.value, 590_000.0,
        "Reuters' dated 590 t, not SMM's undated 589.85"
    );
    let alts: Vec<f64> = aug.alternatives.iter().map(|a| a.value).collect();
    assert!(
        alts.contains(&589_850.0) && alts.contains(&589_000.0),
        "{alts:?}"
    );
    let may = s.level(&"2025-05".parse().expect("period")).expect("May");
    assert_eq!(may.value, 46_000.0);
    assert!(
        s.published_yoy
            .contains_key(&"2025-09".parse().expect("period"))
    );
}
