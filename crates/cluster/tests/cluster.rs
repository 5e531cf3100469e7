//! The bulk facts job on a real Ballista cluster on loopback — our scheduler and two of our
//! executors in this process — against the same job run locally, row for row; and the two
//! ways a cluster must refuse to work: an executor without our functions, and a version
//! that is not the client's.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::NaiveDate;
use tradewatch_cluster::{Engine, ExecutorOptions, UpOptions, VERSION, facts_all, free_port, up};
use tradewatch_model::{Classification, Flow, Measure, Observation, Period, Quality, Source, Unit};
use tradewatch_store::{NewRelease, Store};

const COLUMNS: &str = "reporter, partner, flow, classification, code, measure, unit, period, \
     period_start, value, mom_pct, yoy_pct, streak, record_months, record_open, source, release, \
     citation, line";
const ORDER: &str = "reporter, partner, flow, classification, code, measure, unit, period_start";

/// A small deterministic generator (no dependency for one test's noise).
struct Lcg(u64);

impl Lcg {
    fn pick(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn observation(
    partner: &str,
    code: &str,
    measure: Measure,
    m: u32,
    value: f64,
    line: u64,
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
        period: Period::month(2016 + (m / 12) as i32, 1 + m % 12).expect("month"),
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
        line,
    }
}

/// Over 200,000 observations: 40 partners × 25 codes × 2 measures × up to 120 months with
/// gaps, then a later release that revises, repeats, contradicts and flags some of them —
/// every branch of the ranking the cluster must reproduce.
fn releases() -> Vec<(String, NaiveDate, Vec<Observation>)> {
    let mut rng = Lcg(7);
    let partners: Vec<String> = (0..40).map(|i| format!("P{i:02}")).collect();
    let codes: Vec<String> = (0..25).map(|i| format!("8505{i:02}")).collect();
    let mut first = Vec::new();
    for partner in &partners {
        for code in &codes {
            for measure in [Measure::Value, Measure::Quantity] {
                let mut level = 1000.0 + rng.pick(9000) as f64;
                for m in 0..120 {
                    if rng.pick(12) == 0 {
                        continue;
                    }
                    level = (level * (0.7 + rng.pick(60) as f64 / 100.0))
                        .round()
                        .max(1.0);
                    let line = first.len() as u64 + 2;
                    first.push(observation(partner, code, measure, m, level, line));
                }
            }
        }
    }
    let mut later = Vec::new();
    for o in first.iter().step_by(7) {
        match rng.pick(4) {
            0 => later.push(Observation {
                value: (o.value * 1.03).round(),
                ..o.clone()
            }),
            1 => later.push(Observation {
                value: o.value * 2.0,
                quality: Quality::Suspect,
                ..o.clone()
            }),
            2 => later.push(Observation {
                value: o.value - 1.0,
                quality: Quality::Conflict,
                source: Source::Gacc,
                ..o.clone()
            }),
            _ => {
                later.push(o.clone());
                later.push(Observation {
                    value: o.value + 1.0,
                    line: o.line + 1_000_000,
                    ..o.clone()
                });
            }
        }
    }
    let date = |s: &str| s.parse::<NaiveDate>().expect("date");
    vec![
        ("first".into(), date("2025-06-01"), first),
        ("later".into(), date("2025-12-01"), later),
    ]
}

async fn store() -> (tempfile::TempDir, Store, usize) {
    // A space in the path, as in macOS's "Application Support": file URLs must say it right.
    let dir = tempfile::Builder::new()
        .prefix("tw cluster ")
        .tempdir()
        .expect("dir");
    let mut store = Store::open(dir.path()).await.expect("open");
    let mut total = 0;
    for (i, (name, published, observations)) in releases().into_iter().enumerate() {
        total += observations.len();
        store
            .ingest(NewRelease {
                id: Some(name.clone()),
                source: Source::User,
                format: "tradewatch-csv".into(),
                file_name: format!("{name}.csv"),
                sha256: format!("cluster-test-{i}"),
                published: Some(published),
                observations,
            })
            .await
            .expect("ingest");
    }
    (dir, store, total)
}

/// The facts table in key order, every column, as text.
async fn facts_table(store: &Store) -> (String, usize) {
    let batches = store
        .sql(&format!("SELECT {COLUMNS} FROM facts ORDER BY {ORDER}"))
        .await
        .expect("query facts");
    let rows = batches.iter().map(|b| b.num_rows()).sum();
    let text = arrow::util::pretty::pretty_format_batches(&batches)
        .expect("format")
        .to_string();
    (text, rows)
}

fn engine(addr: SocketAddr) -> Engine {
    format!("df://{addr}").parse().expect("engine")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cluster_of_two_executors_writes_the_facts_the_local_run_writes() {
    let (dir, store, observations) = store().await;
    assert!(observations >= 200_000, "{observations} observations");

    let local = store.facts_all(None, None).await.expect("local run");
    let (expected, rows) = facts_table(&store).await;
    assert_eq!(rows as u64, local.rows);
    assert!(rows > 150_000, "{rows} facts");

    let cluster = up(UpOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        executors: 2,
        vcores: 2,
        memory: Some(256 << 20),
    })
    .await
    .expect("cluster up");
    // Five shuffle partitions: series split across both executors' window tasks.
    let written = facts_all(&store, &engine(cluster.scheduler), None, None, VERSION, 5)
        .await
        .expect("cluster run");
    assert_eq!(written.partitions, 5);
    assert_eq!(written.rows, local.rows);
    assert_eq!(written.read.get("observations"), Some(&2), "{written:?}");
    let (got, rows) = facts_table(&store).await;
    assert_eq!(rows as u64, written.rows);
    if got != expected {
        let first = got.lines().zip(expected.lines()).find(|(g, e)| g != e);
        panic!("the cluster's facts differ from the local run's; first difference: {first:?}");
    }

    // The facts table says what it was computed from.
    let log = std::fs::read_dir(dir.path().join("facts/_delta_log"))
        .expect("facts log")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read_to_string(e.path()).expect("commit"))
        .collect::<String>();
    assert!(
        log.contains(r#""tradewatch.read":{"observations":2,"releases":2}"#),
        "{log}"
    );

    // A client of another version is refused by the scheduler, with both versions named,
    // and the facts table is left as it was.
    let e = facts_all(
        &store,
        &engine(cluster.scheduler),
        None,
        None,
        "0.0.0-other",
        0,
    )
    .await
    .expect_err("refused");
    let text = format!("{e:#}");
    assert!(
        text.contains("0.0.0-other") && text.contains(VERSION),
        "{text}"
    );
    assert!(text.contains("scheduler"), "{text}");
    assert_eq!(facts_table(&store).await.0, expected);
}

/// A scheduler of ours at a free port with no executors: `cluster up` with none.
async fn scheduler_alone() -> tradewatch_cluster::Up {
    up(UpOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        executors: 0,
        vcores: 0,
        memory: None,
    })
    .await
    .expect("scheduler up")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stock_executor_without_our_functions_fails_the_job_with_its_message() {
    let (dir, store, _) = store().await;
    let cluster = scheduler_alone().await;
    let scheduler = cluster.scheduler;
    // Ballista's own executor, as a user would start it from the Ballista release.
    let config = ballista_executor::executor_process::ExecutorProcessConfig {
        bind_host: "127.0.0.1".into(),
        external_host: Some("127.0.0.1".into()),
        port: free_port("127.0.0.1").expect("port"),
        grpc_port: free_port("127.0.0.1").expect("port"),
        scheduler_host: "127.0.0.1".into(),
        scheduler_port: scheduler.port(),
        vcores: 2,
        ..Default::default()
    };
    let _executor = tokio::spawn(async move {
        let _ = ballista_executor::executor_process::start_executor_process(Arc::new(config)).await;
    });
    let e = facts_all(&store, &engine(scheduler), None, None, VERSION, 0)
        .await
        .expect_err("a stock executor cannot run tw_rank");
    let text = format!("{e:#}");
    // Ballista's own words (the executor's reason stays in its log), then ours.
    assert!(text.contains("rejected by executor"), "{text}");
    assert!(text.contains("tradewatch cluster executor"), "{text}");
    assert!(
        !dir.path().join("facts").exists(),
        "a failed run wrote a facts table"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_executor_of_another_version_refuses_the_tasks_with_both_versions_named() {
    let (dir, store, _) = store().await;
    let cluster = scheduler_alone().await;
    let scheduler = cluster.scheduler;
    let _executor = tokio::spawn(tradewatch_cluster::executor(ExecutorOptions {
        vcores: 2,
        version: "9.9.9-other".to_string(),
        ..ExecutorOptions::loopback(scheduler)
    }));
    let e = facts_all(&store, &engine(scheduler), None, None, VERSION, 0)
        .await
        .expect_err("refused");
    let text = format!("{e:#}");
    assert!(
        text.contains("9.9.9-other") && text.contains(VERSION),
        "{text}"
    );
    assert!(text.contains("executor"), "{text}");
    assert!(
        !dir.path().join("facts").exists(),
        "a failed run wrote a facts table"
    );
}
