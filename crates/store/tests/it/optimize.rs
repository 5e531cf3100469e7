//! `Store::optimize`: the observations rewritten in series order, no row changed.

use std::path::Path;

use deltalake::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use tradewatch_store::{OptimizeOptions, SeriesQuery, Store};

use crate::bulk::table;
use crate::resident::{subjects, two_handles};

/// Every row of the table, every column, in one order that does not depend on the files.
const ALL: &str = "SELECT * FROM observations ORDER BY release, line, measure, unit, period, \
                   reporter, partner, code, flow, classification";

async fn all_rows(store: &Store) -> (String, usize) {
    table(store, ALL).await
}

/// The data files the newest commit of the observations' log adds, read from the log itself.
fn added_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let log = dir.join("observations/_delta_log");
    let newest = std::fs::read_dir(&log)
        .expect("log")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && n.len() == 25)
        .max()
        .expect("a commit");
    let text = std::fs::read_to_string(log.join(newest)).expect("commit");
    text.lines()
        .filter_map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON action");
            v.get("add")?
                .get("path")?
                .as_str()
                .map(|p| dir.join("observations").join(p))
        })
        .collect()
}

/// The sort key of every row of a data file, in the file's order.
fn keys_in_file(path: &Path) -> Vec<(String, String, String, String, String, i32)> {
    let file = std::fs::File::open(path).expect("data file");
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet")
        .build()
        .expect("reader");
    let mut keys = Vec::new();
    for batch in reader {
        let batch = batch.expect("batch");
        let text = |name: &str| {
            arrow::compute::cast(
                batch.column_by_name(name).expect("column"),
                &arrow::datatypes::DataType::Utf8,
            )
            .expect("cast")
        };
        let (r, c, p, f, m) = (
            text("reporter"),
            text("code"),
            text("partner"),
            text("flow"),
            text("measure"),
        );
        let s = |a: &arrow::array::ArrayRef, i: usize| {
            a.as_any()
                .downcast_ref::<arrow::array::StringArray>()
                .expect("strings")
                .value(i)
                .to_string()
        };
        let start = batch
            .column_by_name("period_start")
            .expect("period_start")
            .as_any()
            .downcast_ref::<arrow::array::Int32Array>()
            .expect("ints")
            .clone();
        for i in 0..batch.num_rows() {
            keys.push((
                s(&r, i),
                s(&c, i),
                s(&p, i),
                s(&f, i),
                s(&m, i),
                start.value(i),
            ));
        }
    }
    keys
}

#[tokio::test]
async fn optimize_writes_the_same_rows_in_series_order_in_files_of_the_size_asked() {
    let (dir, mut store, before_handle, bundled) = two_handles().await;
    let (rows_before, n) = all_rows(&store).await;
    assert!(n > 800, "{n} rows");
    let subjects = subjects(&bundled);
    let mut series_before = Vec::new();
    for s in subjects.iter().step_by(7) {
        series_before.push(
            before_handle
                .series(&SeriesQuery::new(s.clone()))
                .await
                .expect("series"),
        );
    }

    let done = store
        .optimize(&OptimizeOptions {
            memory: 1 << 20,
            file_rows: 300,
        })
        .await
        .expect("optimize");
    assert_eq!(done.rows as usize, n, "{done:?}");
    assert!(done.version > done.read_version, "{done:?}");
    assert!(done.files_before >= 4, "{done:?}");
    // 300 rows a file: every file full but the last.
    assert_eq!(done.files_after, n.div_ceil(300), "{done:?}");

    // The same rows, every column, through this handle and through a fresh one.
    assert_eq!(all_rows(&store).await.0, rows_before);
    let reopened = Store::open(dir.path()).await.expect("reopen");
    assert_eq!(all_rows(&reopened).await.0, rows_before);
    assert_eq!(reopened.observation_rows(), Some(n as u64));

    // The new files hold the rows in series order, file after file.
    let files = added_files(dir.path());
    assert_eq!(files.len(), done.files_after);
    let mut sizes: Vec<usize> = Vec::new();
    let mut all_keys = Vec::new();
    let mut by_first: Vec<(Vec<_>, usize)> = files
        .iter()
        .map(|f| {
            let keys = keys_in_file(f);
            let len = keys.len();
            (keys, len)
        })
        .collect();
    by_first.sort_by(|a, b| a.0.first().cmp(&b.0.first()));
    for (keys, len) in by_first {
        sizes.push(len);
        all_keys.extend(keys);
    }
    assert!(
        all_keys.windows(2).all(|w| w[0] <= w[1]),
        "the rows are not in series order"
    );
    assert_eq!(sizes.iter().sum::<usize>(), n);
    assert_eq!(
        sizes.iter().filter(|&&s| s == 300).count(),
        n / 300,
        "{sizes:?}"
    );

    // A handle opened before reads the version it opened (its files are still there), and
    // after a refresh the new one: the same series either way.
    let mut before_handle = before_handle;
    for (s, expected) in subjects.iter().step_by(7).zip(&series_before) {
        let q = SeriesQuery::new(s.clone());
        assert_eq!(&before_handle.series(&q).await.expect("series"), expected);
    }
    assert!(before_handle.is_stale());
    before_handle.refresh().await.expect("refresh");
    for (s, expected) in subjects.iter().step_by(7).zip(&series_before) {
        let q = SeriesQuery::new(s.clone());
        assert_eq!(&before_handle.series(&q).await.expect("series"), expected);
        assert_eq!(&reopened.series(&q).await.expect("series"), expected);
    }

    // Again: nothing changes but the version; a vacuum then removes nothing a version needs.
    let again = store
        .optimize(&OptimizeOptions::default())
        .await
        .expect("again");
    assert_eq!(
        (again.rows as usize, again.files_after),
        (n, 1),
        "{again:?}"
    );
    assert_eq!(all_rows(&store).await.0, rows_before);
    let vacuum = store.vacuum(false).await.expect("vacuum");
    assert!(vacuum.orphans.is_empty(), "{vacuum:?}");
    let reopened = Store::open(dir.path()).await.expect("reopen");
    assert_eq!(all_rows(&reopened).await.0, rows_before);
}

#[tokio::test]
async fn optimize_of_an_empty_store_commits_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).await.expect("open");
    let done = store
        .optimize(&OptimizeOptions::default())
        .await
        .expect("optimize");
    assert_eq!((done.rows, done.files_before, done.files_after), (0, 0, 0));
    assert_eq!(done.version, done.read_version);
}

/// Every add action in the observations' log, with the file it names.
fn logged_files(dir: &Path) -> Vec<(std::path::PathBuf, serde_json::Value)> {
    let log = dir.join("observations/_delta_log");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&log).expect("log") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        for line in std::fs::read_to_string(&path).expect("commit").lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON action");
            let (Some(file), Some(stats)) = (
                v.pointer("/add/path").and_then(|p| p.as_str()),
                v.pointer("/add/stats").and_then(|s| s.as_str()),
            ) else {
                continue;
            };
            out.push((
                dir.join("observations").join(file),
                serde_json::from_str(stats).expect("stats"),
            ));
        }
    }
    out
}

/// The citations of a data file, read from the Parquet file itself.
fn citations(file: &Path) -> Vec<String> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(file).expect("open"))
        .expect("parquet")
        .build()
        .expect("reader");
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.expect("batch");
        let column = batch.column_by_name("citation").expect("citation");
        let column = arrow::array::cast::as_string_array(column);
        out.extend(column.iter().map(|c| c.expect("a citation").to_string()));
    }
    out
}

/// The store computes the citation's statistics itself (the Parquet writer does not): each
/// add action's bounds hold every citation of its file, after an ingest and after a rewrite
/// into many files, and the bounds of a commit are the least and greatest citation it adds.
#[tokio::test]
async fn the_citation_bounds_in_the_log_hold_every_citation_of_their_file() {
    let (dir, mut store, _before, _bundled) = two_handles().await;
    let check = |stage: &str| {
        let files = logged_files(dir.path());
        assert!(!files.is_empty(), "{stage}: no add action");
        let (mut least, mut greatest) = (None::<String>, None::<String>);
        let (mut lowest_bound, mut highest_bound) = (None::<String>, None::<String>);
        for (file, stats) in &files {
            if !file.exists() {
                continue; // removed by a later rewrite
            }
            let found = citations(file);
            let lo = stats
                .pointer("/minValues/citation")
                .and_then(|v| v.as_str());
            let hi = stats
                .pointer("/maxValues/citation")
                .and_then(|v| v.as_str());
            let (Some(lo), Some(hi)) = (lo, hi) else {
                panic!(
                    "{stage}: {} has no citation bounds: {stats}",
                    file.display()
                );
            };
            assert_eq!(
                stats.pointer("/nullCount/citation"),
                Some(&serde_json::json!(0))
            );
            for c in &found {
                assert!(
                    lo <= c.as_str() && c.as_str() <= hi,
                    "{stage}: {c} outside [{lo}, {hi}]"
                );
            }
            let (fmin, fmax) = (found.iter().min().cloned(), found.iter().max().cloned());
            least = least.min(fmin.clone()).or(fmin);
            greatest = greatest.max(fmax);
            lowest_bound = Some(lowest_bound.map_or(lo.to_string(), |b| b.min(lo.to_string())));
            highest_bound = highest_bound.max(Some(hi.to_string()));
        }
        assert_eq!(
            lowest_bound, least,
            "{stage}: the least bound is a citation"
        );
        assert_eq!(
            highest_bound, greatest,
            "{stage}: the greatest bound is a citation"
        );
    };
    check("after the ingest");
    store
        .optimize(&OptimizeOptions {
            memory: 1 << 20,
            file_rows: 97,
        })
        .await
        .expect("optimize");
    check("after optimize");
}
