//! `facts --all` runs its own pass over rows sorted by series; the same job as one SQL query
//! of window functions (`bulk::facts_sql`) is the reference it must agree with, row for row,
//! however the rows are cut into chunks, spread over workers or routed into buckets.

use chrono::NaiveDate;
use tradewatch_model::{Classification, Flow, Measure, Observation, Period, Quality, Source, Unit};
use tradewatch_store::{BulkOptions, NewRelease, Store, bulk};

use crate::resident::{Lcg, two_handles};

const COLUMNS: &str = "reporter, partner, flow, classification, code, measure, unit, period, \
     period_start, value, mom_pct, yoy_pct, streak, record_months, record_open, source, release, \
     citation, line";
const ORDER: &str = "reporter, partner, flow, classification, code, measure, unit, period_start";

/// Many series of up to four years with gaps, and a later release that revises some months,
/// repeats others with the same or another figure, and adds suspect and conflicting rows: every
/// branch of the ranking, and series long enough to be cut by small batches.
fn generated() -> Vec<(String, Option<NaiveDate>, Vec<Observation>)> {
    let mut rng = Lcg(11);
    let partners = ["DEU", "JPN", "KOR", "USA", "IND", "VNM", "NLD", "ITA"];
    let mut first = Vec::new();
    for (s, partner) in partners.iter().enumerate() {
        for code in ["280530", "850511", "811292"] {
            for measure in [Measure::Value, Measure::Quantity] {
                let mut level = 1000.0 + rng.pick(9000) as f64;
                for m in 0..48u32 {
                    if rng.pick(9) == 0 {
                        continue;
                    }
                    level = (level * (0.7 + rng.pick(60) as f64 / 100.0))
                        .round()
                        .max(1.0);
                    first.push(observation(
                        partner,
                        code,
                        measure,
                        2022 + (m / 12) as i32,
                        1 + m % 12,
                        level,
                        first.len() + s,
                    ));
                }
            }
        }
    }
    let mut later = Vec::new();
    for (i, o) in first.iter().enumerate() {
        match rng.pick(10) {
            0 => later.push(Observation {
                value: (o.value * 1.03).round(),
                ..o.clone()
            }),
            1 => {
                // The same month twice in one release, two figures: corroboration decides.
                later.push(o.clone());
                later.push(Observation {
                    value: o.value + 1.0,
                    line: o.line + 100_000,
                    ..o.clone()
                });
            }
            2 => later.push(Observation {
                value: o.value * 2.0,
                quality: Quality::Suspect,
                ..o.clone()
            }),
            3 => later.push(Observation {
                value: o.value - 1.0,
                quality: Quality::Conflict,
                source: Source::Gacc,
                ..o.clone()
            }),
            4 if i % 2 == 0 => later.push(Observation {
                published: None,
                source: Source::Comtrade,
                value: o.value + 5.0,
                ..o.clone()
            }),
            _ => {}
        }
    }
    vec![
        ("first".into(), Some(date("2025-06-01")), first),
        ("later".into(), Some(date("2025-12-01")), later),
    ]
}

fn observation(
    partner: &str,
    code: &str,
    measure: Measure,
    year: i32,
    month: u32,
    value: f64,
    line: usize,
) -> Observation {
    Observation {
        source: Source::User,
        release: String::new(),
        reporter: "CHN".into(),
        partner: partner.into(),
        flow: Flow::Export,
        classification: Classification::Hs2022,
        code: code.into(),
        commodity: code.into(),
        period: Period::month(year, month).expect("month"),
        measure,
        value,
        unit: if measure == Measure::Quantity {
            Unit::Kg
        } else {
            Unit::Usd
        },
        resolution: None,
        estimated: false,
        suppressed: false,
        quality: Quality::Ok,
        citation: format!("generated.csv:{line}"),
        published: None,
        note: String::new(),
        line: line as u64,
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// The store of the ranking tests (the bundled data and three releases) plus the generated
/// series.
async fn store() -> (tempfile::TempDir, Store) {
    let (dir, mut store, _, _) = two_handles().await;
    for (i, (name, published, observations)) in generated().into_iter().enumerate() {
        store
            .ingest(NewRelease {
                id: Some(name.clone()),
                source: Source::User,
                format: "tradewatch-csv".into(),
                file_name: format!("{name}.csv"),
                sha256: format!("bulk-test-{i}"),
                published,
                observations,
            })
            .await
            .expect("ingest");
    }
    (dir, store)
}

/// A table as text, in key order.
pub(crate) async fn table(store: &Store, sql: &str) -> (String, usize) {
    let batches = store.sql(sql).await.expect("query");
    let rows = batches.iter().map(|b| b.num_rows()).sum();
    let text = arrow::util::pretty::pretty_format_batches(&batches)
        .expect("format")
        .to_string();
    (text, rows)
}

#[tokio::test]
async fn the_pass_over_sorted_series_agrees_with_the_window_query_however_it_runs() {
    let (dir, store) = store().await;
    for as_of in [None, Some(date("2025-09-01"))] {
        let reference = format!(
            "SELECT {COLUMNS} FROM ({}) ORDER BY {ORDER}",
            bulk::facts_sql(as_of)
        );
        let (expected, rows) = table(&store, &reference).await;
        assert!(rows > 2_000, "{rows} reference rows");
        let runs = [
            BulkOptions::default(),
            // Chunks of 7 rows cut nearly every series, three workers, and a budget of 1 MiB
            // that takes several buckets.
            BulkOptions {
                memory: 1 << 20,
                partitions: 3,
                batch_rows: 7,
            },
            BulkOptions {
                memory: 64 << 20,
                partitions: 1,
                batch_rows: 1,
            },
        ];
        for opts in runs {
            let written = store
                .facts_all_with(None, as_of, &opts)
                .await
                .unwrap_or_else(|e| panic!("{opts:?}: {e}"));
            assert_eq!(written.rows as usize, rows, "{opts:?}");
            assert_eq!(written.buckets > 1, opts.memory == 1 << 20, "{written:?}");
            let (got, _) = table(
                &store,
                &format!("SELECT {COLUMNS} FROM facts ORDER BY {ORDER}"),
            )
            .await;
            let first_difference = got.lines().zip(expected.lines()).find(|(g, e)| g != e);
            assert!(
                got == expected,
                "{opts:?}, as of {as_of:?}: the tables differ, first at {first_difference:?}"
            );
        }
    }
    // Nothing is left beside the table: no staging table, no bucket files.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("data dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A store with no observations gives an empty table, not an error.
#[tokio::test]
async fn an_empty_store_gives_an_empty_facts_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("open");
    let written = store.facts_all(None, None).await.expect("facts");
    assert_eq!((written.rows, written.buckets), (0, 1));
    let (_, rows) = table(&store, "SELECT * FROM facts").await;
    assert_eq!(rows, 0);
}
