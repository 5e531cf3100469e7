//! The store's own guarantees, below the command line.

use arrow::array::Array;
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

#[tokio::test]
async fn the_ranking_of_destinations_says_it_covers_only_the_partners_in_the_data() {
    let (_dir, store) = crate::bundled_store().await;
    let subject = Subject {
        reporter: "CHN".into(),
        partner: "*".into(),
        flow: Flow::Export,
        basket: "rare-earth-magnets".into(),
        measure: Measure::Quantity,
    };
    let panel = store.panel(&SeriesQuery::new(subject)).await.unwrap();
    let period = "2025-09".parse().unwrap();
    let facts = tradewatch_analysis::cross::cross_partner(&panel, period, 5);
    let top = facts
        .iter()
        .find(|f| f.kind == tradewatch_analysis::FactKind::TopPartners)
        .unwrap();
    let got: Vec<(&str, f64)> = top
        .items
        .iter()
        .map(|i| (i.partner.as_str(), i.value / 1000.0))
        .collect();
    assert_eq!(
        got,
        [
            ("DEU", 1288.0),
            ("KOR", 854.0),
            ("VNM", 456.0),
            ("USA", 420.5),
            ("JPN", 228.0)
        ]
    );
    assert!(
        top.note
            .as_deref()
            .unwrap()
            .starts_with("the ranking covers only the 5 partner countries the data holds"),
        "{:?}",
        top.note
    );
    let de = facts
        .iter()
        .find(|f| f.kind == tradewatch_analysis::FactKind::Share && f.subject.partner == "DEU")
        .unwrap();
    assert_eq!(de.display, "22.3%");
    assert_eq!(de.base.as_ref().unwrap().value, Some(5_774_000.0));
    assert!(!de.provenance.is_empty());
}

#[tokio::test]
async fn facts_for_every_series_match_the_single_series_facts() {
    let (dir, store) = crate::bundled_store().await;
    let written = store.facts_all(None, None).await.unwrap();
    assert_eq!(
        written.path,
        std::path::absolute(dir.path().join("facts")).unwrap()
    );
    assert!(written.rows > 100, "{} rows", written.rows);
    // The table is queryable as `facts` and holds the same numbers as the one-series path.
    let batches = store
        .sql(
            "SELECT period, mom_pct, yoy_pct, streak, record_months, record_open FROM facts
             WHERE reporter = 'CHN' AND partner = 'USA' AND code = 'rare-earth-magnets'
               AND measure = 'quantity' ORDER BY period_start",
        )
        .await
        .unwrap();
    let subject = Subject {
        reporter: "CHN".into(),
        partner: "USA".into(),
        flow: Flow::Export,
        basket: "rare-earth-magnets".into(),
        measure: Measure::Quantity,
    };
    let series = store.series(&SeriesQuery::new(subject)).await.unwrap();
    let mut compared = 0;
    for b in &batches {
        let periods = arrow::compute::cast(b.column(0), &arrow::datatypes::DataType::Utf8).unwrap();
        let periods = periods
            .as_any()
            .downcast_ref::<arrow::array::StringArray>()
            .unwrap();
        let mom = b
            .column(1)
            .as_any()
            .downcast_ref::<arrow::array::Float64Array>()
            .unwrap();
        let streak = b
            .column(3)
            .as_any()
            .downcast_ref::<arrow::array::Int32Array>()
            .unwrap();
        for i in 0..b.num_rows() {
            let period = periods.value(i).parse().unwrap();
            let one = tradewatch_analysis::facts::change_mom(&series, period)
                .filter(|f| f.basis == tradewatch_analysis::Basis::Computed)
                .and_then(|f| f.value);
            let bulk = (!mom.is_null(i)).then(|| mom.value(i));
            assert_eq!(
                one.map(|v| (v * 1e6).round()),
                bulk.map(|v| (v * 1e6).round()),
                "m/m {period}"
            );
            let run = tradewatch_analysis::facts::streak(&series, period).and_then(|f| f.length);
            let bulk_run = (!streak.is_null(i) && streak.value(i) != 0)
                .then(|| streak.value(i).unsigned_abs());
            assert_eq!(run, bulk_run, "streak {period}");
            compared += 1;
        }
    }
    assert!(compared >= 6, "compared {compared} months");
    // September 2025: -28.7% m/m, the second monthly fall.
    let sep = store
        .sql(
            "SELECT round(mom_pct, 1) AS m, streak FROM facts WHERE partner = 'USA'
             AND code = 'rare-earth-magnets' AND measure = 'quantity' AND period = '2025-09'",
        )
        .await
        .unwrap();
    let c = &sep[0];
    let m = c
        .column(0)
        .as_any()
        .downcast_ref::<arrow::array::Float64Array>()
        .unwrap();
    let s = c
        .column(1)
        .as_any()
        .downcast_ref::<arrow::array::Int32Array>()
        .unwrap();
    assert_eq!((m.value(0), s.value(0)), (-28.7, -2));
}

/// Readers prune files by the add actions' min/max: the `deltalake` Python package's Arrow
/// dataset treats a column with a null count but no min/max as all null, so a column written
/// without statistics silently answers `measure = 'quantity'` with no rows. Every column of
/// every observations file keeps its statistics.
#[tokio::test]
async fn every_observations_file_has_min_and_max_for_every_column() {
    let (dir, _store) = crate::bundled_store().await;
    let log = dir.path().join("observations/_delta_log");
    let mut files = 0;
    for entry in std::fs::read_dir(&log).expect("log") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        for line in std::fs::read_to_string(&path).expect("read").lines() {
            let action: serde_json::Value = serde_json::from_str(line).expect("json");
            let Some(stats) = action.pointer("/add/stats").and_then(|s| s.as_str()) else {
                continue;
            };
            let stats: serde_json::Value = serde_json::from_str(stats).expect("stats");
            files += 1;
            let records = stats.get("numRecords").and_then(|n| n.as_u64());
            for field in tradewatch_model::schema::observations().fields() {
                let name = field.name();
                // A column that is null in every row has no min or max to give.
                let nulls = stats.pointer(&format!("/nullCount/{name}"));
                if nulls.and_then(|n| n.as_u64()) == records {
                    continue;
                }
                for kind in ["minValues", "maxValues"] {
                    assert!(
                        stats.get(kind).and_then(|v| v.get(name)).is_some(),
                        "{}: no {kind} for {name}: {stats}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(files > 0, "no add action with stats in {}", log.display());
}
