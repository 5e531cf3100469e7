//! tradewatch's store: every release of every figure, in two Delta Lake tables queried with
//! DataFusion.
//!
//! Sits between the readers and the analysis (sources → **store** → analysis). It keeps
//! every release (vintage) — nothing is overwritten — and decides which row is current (see
//! [`views`] for the rule). One ingest is one Delta commit on `observations`: all of a file's
//! rows or none. The `releases` table is written right after; a crash between the two is
//! repaired on the next open from the metadata the observations commit carries.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let store = tradewatch_store::Store::open(dir.path()).await?;
//!     assert!(store.is_empty().await?);
//!     let batches = store.sql("SELECT count(*) AS n FROM current").await?;
//!     assert_eq!(batches[0].num_rows(), 1);
//!     Ok::<(), tradewatch_store::Error>(())
//! })?;
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use chrono::{DateTime, NaiveDate, Utc};
use datafusion::prelude::SessionContext;
use deltalake::DeltaTable;
use deltalake::kernel::StructType;
use deltalake::kernel::Transaction;
use deltalake::kernel::engine::arrow_conversion::TryFromArrow;
use deltalake::kernel::transaction::CommitProperties;
use deltalake::protocol::SaveMode;
use futures::StreamExt;
use serde::Serialize;
use tradewatch_model::{Observation, ObservationColumns, Source, schema};

mod batch;
pub mod bulk;
pub mod diff;
pub mod gather;
pub mod lock;
pub mod optimize;
mod ranking;
mod resident;
pub mod series;
mod snapshot;
pub mod vacuum;
pub mod views;

pub use bulk::{BulkFacts, BulkOptions, DEFAULT_BULK_MEMORY};
pub use diff::{Change, Diff, Touched};
pub use gather::FactsQuery;
pub use lock::{Holder, LockWait, WriterLock};
pub use optimize::{OptimizeOptions, Optimized};
pub use series::SeriesQuery;
pub use snapshot::TableFiles;
pub use vacuum::{Orphan, Vacuum};

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory cannot be used.
    #[error("data directory {path}: {reason}")]
    DataDir { path: String, reason: String },
    /// The data directory cannot be written (permissions, a read-only mount): reading works,
    /// writing does not.
    #[error(
        "data directory {path} is read-only ({reason}): reads work, but ingest, fetch, facts --all and vacuum cannot write"
    )]
    ReadOnly { path: String, reason: String },
    /// A Delta Lake operation failed.
    #[error("{what}: {source}")]
    Delta {
        what: String,
        #[source]
        source: deltalake::DeltaTableError,
    },
    /// A query failed (bad SQL is the caller's mistake and lands here too).
    #[error("{what}: {source}")]
    Query {
        what: String,
        #[source]
        source: datafusion::error::DataFusionError,
    },
    /// Another process holds the data directory's writer lock and did not let go in time.
    #[error(
        "data directory {path} is locked by another writer ({holder}); gave up after {}s (--lock-timeout)",
        waited.as_secs()
    )]
    Locked {
        path: String,
        holder: String,
        waited: std::time::Duration,
    },
    /// A table whose Parquet files alone do not give its rows (a newer Delta reader
    /// protocol, partition columns): it cannot be handed to an engine as plain files.
    #[error("{table} cannot be read as plain Parquet files: {reason}")]
    NotPlainParquet { table: String, reason: String },
    /// Something that should not happen; the message says what.
    #[error("{what}: {reason}")]
    Internal { what: String, reason: String },
}

/// The window functions every session of the store's tables needs: `tw_rank` (which row is
/// current) and the analysis kernels (`tw_mom_pct` …). Anything else that plans or runs
/// tradewatch's queries (a cluster's scheduler and executors) registers these, from here.
pub fn window_functions() -> Vec<datafusion::logical_expr::WindowUDF> {
    let mut all = vec![ranking::rank_window()];
    all.extend(bulk::kernel_windows());
    all
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn delta(what: impl Into<String>) -> impl FnOnce(deltalake::DeltaTableError) -> Error {
    let what = what.into();
    move |source| Error::Delta { what, source }
}

/// An I/O error on a path of the data directory.
pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::DataDir {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

fn query(what: impl Into<String>) -> impl FnOnce(datafusion::error::DataFusionError) -> Error {
    let what = what.into();
    move |source| Error::Query { what, source }
}

/// One release (vintage): a file ingested once.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Release {
    pub id: String,
    /// Ingest order, from 1.
    pub seq: i64,
    pub source: String,
    pub format: String,
    pub file_name: String,
    pub sha256: String,
    pub published: Option<NaiveDate>,
    pub ingested_at: DateTime<Utc>,
    pub rows: i64,
    pub rows_rejected: i64,
}

/// A file ready to be committed: its observations and what the release row will say.
#[derive(Debug, Clone)]
pub struct NewRelease {
    /// Release id; `None` → `<file stem>-<first 12 hex digits of sha256>`.
    pub id: Option<String>,
    pub source: Source,
    pub format: String,
    pub file_name: String,
    pub sha256: String,
    pub published: Option<NaiveDate>,
    pub observations: Vec<Observation>,
}

/// What an ingest did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Outcome {
    /// The file became a new release.
    Committed(Release),
    /// A release with the same sha256 exists; nothing changed.
    AlreadyIngested(Release),
}

const META_KEY: &str = "tradewatch.release";

/// The Delta application-transaction id every observations commit of an ingest carries (its
/// version is the release's `seq`), so that two ingests racing past the writer lock conflict
/// in Delta's own commit protocol instead of both appending.
const INGEST_TXN: &str = "tradewatch-ingest";

/// The same for the `releases` table's commits.
const RELEASE_TXN: &str = "tradewatch-release";

/// A file about to be committed in chunks: everything a release row says but its rows.
#[derive(Debug, Clone)]
pub struct ReleaseMeta {
    /// Release id; `None` → `<file stem>-<first 12 hex digits of sha256>`.
    pub id: Option<String>,
    pub source: Source,
    pub format: String,
    pub file_name: String,
    pub sha256: String,
}

/// How a chunked ingest starts.
pub enum Begin {
    /// A release with the same sha256 exists; nothing to do.
    AlreadyIngested(Release),
    /// Write the chunks, then commit (or drop the writer to abandon the file).
    Writer(Box<IngestWriter>),
}

/// Writes one file's observations in chunks as Parquet files of the `observations` table;
/// nothing is visible until [`IngestWriter::commit`] makes them one Delta commit. Memory
/// stays bounded by the chunk size and the Parquet writers' buffers, whatever the file size.
///
/// Batches are encoded by up to `lanes` Parquet writers at once (one task each, batches
/// dealt round-robin), so that encoding uses every core; all their files go into the one
/// commit.
pub struct IngestWriter {
    table: DeltaTable,
    lanes: Vec<Lane>,
    /// How many lanes the writer may open (one per core by default).
    max_lanes: usize,
    /// The lane the next batch goes to.
    next: usize,
    release: Release,
    published: Option<NaiveDate>,
    /// Held from `begin` (sha256 check, `seq`) to the release row's commit.
    _lock: WriterLock,
}

/// One Parquet writer in its own task, fed batches over a channel.
struct Lane {
    tx: tokio::sync::mpsc::Sender<RecordBatch>,
    task: tokio::task::JoinHandle<Result<(deltalake::writer::RecordBatchWriter, CitationBounds)>>,
}

/// How the observations' Parquet files are written: Snappy, as Delta writes by default, and
/// no dictionary for the citation, which is unique per row (`file:line`): the encoder would
/// build one only to abandon it.
///
/// Every column keeps its min/max statistics in the add actions, including those no query of
/// ours prunes by. Readers rely on them: the `deltalake` Python package's Arrow dataset (1.6)
/// treats a column whose add action has a null count but no min/max as all null, so
/// `measure = 'quantity'` found no rows in DuckDB over a store written without them.
///
/// The citation's are the exception inside the Parquet file: comparing every row's
/// `file:line` with the running min and max (long shared prefixes) was a seventh of an
/// ingest's CPU. The writer does not compute them; [`CitationBounds`] does, once per batch
/// with Arrow's kernels, and puts them into each add action's statistics.
fn observation_properties() -> deltalake::parquet::file::properties::WriterProperties {
    use deltalake::parquet::basic::Compression;
    use deltalake::parquet::file::properties::{EnabledStatistics, WriterProperties};
    use deltalake::parquet::schema::types::ColumnPath;
    WriterProperties::builder()
        .set_created_by(format!("tradewatch {}", env!("CARGO_PKG_VERSION")))
        .set_compression(Compression::SNAPPY)
        .set_column_dictionary_enabled(ColumnPath::from(CITATION), false)
        .set_column_statistics_enabled(ColumnPath::from(CITATION), EnabledStatistics::None)
        .build()
}

/// The observations column whose statistics the store computes itself.
const CITATION: &str = "citation";

/// The least and greatest citation among the rows a writer was given since its last flush:
/// bounds for every file that flush returns. The column is never null (the schema says so,
/// and Arrow checks it when a batch is built).
#[derive(Debug, Default)]
pub(crate) struct CitationBounds {
    min: Option<String>,
    max: Option<String>,
}

impl CitationBounds {
    /// Takes a batch's citations into the bounds.
    pub(crate) fn observe(&mut self, batch: &RecordBatch) -> Result<()> {
        use arrow::array::{Array, StringArray};
        use arrow::compute::{max_string, min_string};
        let column = batch
            .column_by_name(CITATION)
            .and_then(|c| c.as_any().downcast_ref::<StringArray>())
            .ok_or_else(|| Error::Internal {
                what: "writing observations".to_string(),
                reason: "a batch without a text citation column".to_string(),
            })?;
        if let Some(lo) = min_string(column)
            && self.min.as_deref().is_none_or(|m| lo < m)
        {
            self.min = Some(lo.to_string());
        }
        if let Some(hi) = max_string(column)
            && self.max.as_deref().is_none_or(|m| hi > m)
        {
            self.max = Some(hi.to_string());
        }
        Ok(())
    }

    /// Writes the bounds into an add action's statistics (which the Parquet footer no longer
    /// carries for this column), with a null count of zero.
    pub(crate) fn patch(&self, add: &mut deltalake::kernel::Add) -> Result<()> {
        let fail = |reason: String| Error::Internal {
            what: format!("the statistics of {}", add.path),
            reason,
        };
        let Some(text) = add.stats.as_deref() else {
            return Ok(());
        };
        let mut stats: serde_json::Value =
            serde_json::from_str(text).map_err(|e| fail(e.to_string()))?;
        let Some(object) = stats.as_object_mut() else {
            return Err(fail("statistics that are not an object".to_string()));
        };
        let mut set = |kind: &str, value: serde_json::Value| {
            if let Some(map) = object
                .entry(kind)
                .or_insert_with(|| serde_json::json!({}))
                .as_object_mut()
            {
                map.insert(CITATION.to_string(), value);
            }
        };
        set("nullCount", serde_json::json!(0));
        if let (Some(lo), Some(hi)) = (&self.min, &self.max) {
            set("minValues", serde_json::json!(lo));
            set("maxValues", serde_json::json!(hi));
        }
        add.stats = Some(stats.to_string());
        Ok(())
    }
}

impl IngestWriter {
    /// The release id the rows are written under.
    pub fn release_id(&self) -> &str {
        &self.release.id
    }

    /// Rows written so far.
    pub fn rows(&self) -> i64 {
        self.release.rows
    }

    /// Hands a batch to the next lane, opening it first if it is not open yet.
    async fn send(&mut self, batch: RecordBatch) -> Result<()> {
        use deltalake::writer::DeltaWriter;
        // Lanes open in turn as the first batches arrive, then take the batches in turn.
        let at = self.next;
        self.next = (at + 1) % self.max_lanes;
        if at == self.lanes.len() {
            let mut writer = deltalake::writer::RecordBatchWriter::for_table(&self.table)
                .map_err(delta("preparing to write observations"))?
                .with_writer_properties(observation_properties());
            let (tx, mut rx) = tokio::sync::mpsc::channel::<RecordBatch>(1);
            let file = self.release.file_name.clone();
            let task = tokio::spawn(async move {
                let mut bounds = CitationBounds::default();
                while let Some(batch) = rx.recv().await {
                    bounds.observe(&batch)?;
                    writer
                        .write(batch)
                        .await
                        .map_err(delta(format!("writing the rows of {file}")))?;
                }
                Ok((writer, bounds))
            });
            self.lanes.push(Lane { tx, task });
        }
        let Some(lane) = self.lanes.get(at) else {
            return Err(Error::Internal {
                what: "writing observations".to_string(),
                reason: "no writer lane".to_string(),
            });
        };
        if lane.tx.send(batch).await.is_err() {
            // The lane stopped on an error: its task says which.
            let lane = self.lanes.swap_remove(at);
            return Err(match lane.task.await {
                Ok(Err(e)) => e,
                Ok(Ok(_)) => Error::Internal {
                    what: "writing observations".to_string(),
                    reason: "a writer lane stopped".to_string(),
                },
                Err(e) => Error::Internal {
                    what: "writing observations".to_string(),
                    reason: e.to_string(),
                },
            });
        }
        Ok(())
    }

    /// Writes a chunk of observations (not yet visible).
    pub async fn write(&mut self, observations: &[Observation]) -> Result<()> {
        let mut columns = ObservationColumns::default();
        for o in observations {
            columns.push(o.into());
        }
        self.write_columns(columns).await
    }

    /// Writes a chunk of observations laid out by column (not yet visible).
    pub async fn write_columns(&mut self, columns: ObservationColumns) -> Result<()> {
        if columns.is_empty() {
            return Ok(());
        }
        let rows = columns.len() as i64;
        let latest = columns.latest_published;
        let batch = batch::columns_batch(columns, &self.release.id, self.release.ingested_at)?;
        self.send(batch).await?;
        self.release.rows += rows;
        if latest > self.published {
            self.published = latest;
        }
        Ok(())
    }

    /// Makes every chunk one Delta commit, then records the release. `published` overrides
    /// the latest publication date among the rows.
    pub async fn commit(self, store: &mut Store, published: Option<NaiveDate>) -> Result<Release> {
        use deltalake::kernel::Action;
        use deltalake::kernel::transaction::CommitBuilder;
        use deltalake::protocol::DeltaOperation;
        use deltalake::writer::DeltaWriter;
        let mut release = self.release;
        release.published = published
            .or(self.published)
            .or(Some(release.ingested_at.date_naive()));
        let mut adds = Vec::new();
        for lane in self.lanes {
            drop(lane.tx);
            let (mut writer, bounds) = lane.task.await.map_err(|e| Error::Internal {
                what: format!("writing the rows of {}", release.file_name),
                reason: e.to_string(),
            })??;
            let files = writer
                .flush()
                .await
                .map_err(delta(format!("writing the rows of {}", release.file_name)))?;
            for mut add in files {
                bounds.patch(&mut add)?;
                adds.push(Action::Add(add));
            }
        }
        if release.rows > 0 {
            let meta = serde_json::to_value(&release).map_err(|e| Error::Internal {
                what: "release metadata".to_string(),
                reason: e.to_string(),
            })?;
            let properties = CommitProperties::default()
                .with_metadata([(META_KEY.to_string(), meta)])
                .with_application_transaction(Transaction::new(INGEST_TXN, release.seq));
            let what = format!("committing the observations of {}", release.file_name);
            let table = &mut store.observations;
            let snapshot = table.snapshot().map_err(delta(what.clone()))?;
            let done = CommitBuilder::from(properties)
                .with_actions(adds)
                .build(
                    Some(snapshot),
                    table.log_store(),
                    DeltaOperation::Write {
                        mode: SaveMode::Append,
                        partition_by: None,
                        predicate: None,
                    },
                )
                .await
                .map_err(delta(what))?;
            table.state = Some(done.snapshot());
        }
        store.append_release(&release).await?;
        Ok(release)
    }
}

/// How many of the newest observations commits [`Store::repair`] reads.
const REPAIR_DEPTH: usize = 16;

/// The on-disk store.
pub struct Store {
    dir: PathBuf,
    observations: DeltaTable,
    releases: DeltaTable,
    /// How a write waits for another writer.
    wait: LockWait,
    /// The most observations held in memory for reads (0: never).
    resident_rows: u64,
    /// What is held in memory for the tables' versions, once a read has asked. Readers take
    /// the read lock only for as long as it takes to clone an `Arc`.
    held: std::sync::RwLock<Option<resident::Held>>,
    /// Taken to build the copy: concurrent readers that find it missing wait for one build.
    building: tokio::sync::Mutex<()>,
    /// The runtime every session of this handle runs in. One for all of them, so that its
    /// cache of Parquet footers and page indexes outlives a query: a handle that answers many
    /// queries (the server) decodes each file's metadata once, not once a query. Data files
    /// are never rewritten in place, so a cached footer cannot go stale.
    runtime: Arc<datafusion::execution::runtime_env::RuntimeEnv>,
    /// The files whose cached footer has been given its page index (or found to have none),
    /// by location; taken by one query at a time ([`Store::keep_page_indexes`]).
    indexed: tokio::sync::Mutex<HashSet<String>>,
}

/// What a handle holds of its files' Parquet metadata ([`Store::metadata_held`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MetadataHeld {
    /// Files whose footer is held.
    pub files: usize,
    /// Of those, the files whose page index is held with it.
    pub with_page_index: usize,
    /// Their size as DataFusion counts it.
    pub bytes: usize,
    /// The most they may take; the least recently used go first.
    pub limit: usize,
}

/// Whether a cached metadata entry holds its file's page index (`None`: not a Parquet footer).
fn page_index_held(
    entry: &datafusion::execution::cache::cache_manager::CachedFileMetadataEntry,
) -> Option<bool> {
    use datafusion::datasource::physical_plan::parquet::metadata::CachedParquetMetaData;
    let m = entry
        .file_metadata
        .as_any()
        .downcast_ref::<CachedParquetMetaData>()?
        .parquet_metadata();
    Some(m.offset_index().is_some() && m.column_index().is_some())
}

/// Plans and runs `sql` in a session, every batch collected.
async fn collect_sql(ctx: &SessionContext, sql: &str) -> Result<Vec<RecordBatch>> {
    ctx.sql(sql)
        .await
        .map_err(query("planning the query"))?
        .collect()
        .await
        .map_err(query("running the query"))
}

/// The most memory the decoded Parquet footers and page indexes of a handle's files may
/// take (DataFusion's default is 50 MiB).
const METADATA_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// Observations held in memory by default: about 80 bytes each, 320 MB at the limit.
pub const DEFAULT_RESIDENT_ROWS: u64 = 4_000_000;

fn table_url(path: &Path) -> Result<url::Url> {
    url::Url::from_directory_path(path).map_err(|()| Error::DataDir {
        path: path.display().to_string(),
        reason: "not an absolute path".to_string(),
    })
}

/// The newest commit in a Delta table's log: the highest `NNNNNNNNNNNNNNNNNNNN.json` in
/// `_delta_log` (checkpoints and temporary files are not commits).
fn latest_log_version(table_dir: &Path) -> Option<u64> {
    std::fs::read_dir(table_dir.join("_delta_log"))
        .ok()?
        .filter_map(|e| {
            let name = e.ok()?.file_name();
            let stem = name.to_str()?.strip_suffix(".json")?;
            (stem.len() == 20 && stem.bytes().all(|b| b.is_ascii_digit()))
                .then(|| stem.parse::<u64>().ok())
                .flatten()
        })
        .max()
}

/// The first commit file of a table's log that is not JSON lines, as an error naming it and
/// its line.
fn damaged_log(table: &Path, name: &str) -> Option<Error> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(table.join("_delta_log"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for file in files {
        let text = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) => {
                return Some(Error::DataDir {
                    path: file.display().to_string(),
                    reason: format!("cannot read this commit of table {name}: {e}"),
                });
            }
        };
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(line) {
                return Some(Error::DataDir {
                    path: file.display().to_string(),
                    reason: format!(
                        "line {} is not valid JSON ({e}): the commit log of table {name} is damaged; restore this file from a backup, or move it and the commits after it away to go back to the version before",
                        i + 1
                    ),
                });
            }
        }
    }
    None
}

async fn open_or_create(
    path: &Path,
    name: &str,
    schema: arrow::datatypes::SchemaRef,
) -> Result<DeltaTable> {
    std::fs::create_dir_all(path).map_err(|e| Error::DataDir {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let url = table_url(path)?;
    let table = match DeltaTable::try_from_url(url).await {
        Ok(t) => t,
        // Name the damaged commit file when that is the cause, not only the parser's words.
        Err(e) => {
            return Err(damaged_log(path, name)
                .unwrap_or_else(|| delta(format!("opening table {name}"))(e)));
        }
    };
    if table.version().is_some() {
        return Ok(table);
    }
    let structure = StructType::try_from_arrow(schema.as_ref()).map_err(|e| Error::Internal {
        what: format!("schema of {name}"),
        reason: e.to_string(),
    })?;
    table
        .create()
        .with_table_name(name)
        .with_columns(structure.fields().cloned())
        .with_save_mode(SaveMode::Ignore)
        .await
        .map_err(delta(format!("creating table {name}")))
}

impl Store {
    /// Opens the store in `dir`, creating its tables when missing and repairing a release
    /// row lost to a crash between the two commits of an ingest.
    pub async fn open(dir: &Path) -> Result<Store> {
        let dir = std::path::absolute(dir).map_err(|e| Error::DataDir {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
        // Creating the tables is a write: two processes opening a new store at once must not
        // both create them.
        let fresh = ["observations", "releases"]
            .iter()
            .any(|t| !dir.join(t).join("_delta_log").is_dir());
        let creating = match fresh {
            true => Some(WriterLock::acquire(&dir, &LockWait::default()).await?),
            false => None,
        };
        let observations = open_or_create(
            &dir.join("observations"),
            "observations",
            schema::observations(),
        )
        .await?;
        let releases =
            open_or_create(&dir.join("releases"), "releases", schema::releases()).await?;
        drop(creating);
        let mut store = Store {
            dir,
            observations,
            releases,
            wait: LockWait::default(),
            resident_rows: DEFAULT_RESIDENT_ROWS,
            held: std::sync::RwLock::new(None),
            building: tokio::sync::Mutex::new(()),
            runtime: datafusion::execution::runtime_env::RuntimeEnvBuilder::new()
                .with_metadata_cache_limit(METADATA_CACHE_BYTES)
                .build_arc()
                .map_err(query("preparing the query runtime"))?,
            indexed: tokio::sync::Mutex::new(HashSet::new()),
        };
        // Repair only when no writer is at work: a writer between its two commits is not a
        // crash, and it repairs (under the lock) before it writes anything itself.
        match WriterLock::try_acquire(&store.dir) {
            Ok(Some(_lock)) => store.repair().await?,
            Ok(None) => {}
            // A read-only directory is read as it is; a crashed writer's leftovers wait for
            // a writable one.
            Err(Error::ReadOnly { path, reason }) => {
                tracing::warn!(path, reason, "the data directory is read-only; no repair");
            }
            Err(e) => return Err(e),
        }
        Ok(store)
    }

    /// How writes through this handle wait for another writer (default: up to 600 s).
    pub fn set_lock_wait(&mut self, wait: LockWait) {
        self.wait = wait;
    }

    /// How many observations reads may hold in memory (0: none). Up to this many, series,
    /// panels, facts and the claim checker's lookups read a copy in memory, made on the first
    /// read after each change of the tables; beyond it, every read is a query of the tables.
    pub fn set_resident_rows(&mut self, rows: u64) {
        self.resident_rows = rows;
    }

    /// How many observations this handle holds in memory for its current table versions
    /// (`None`: none held, because no read has asked since the last change, or the tables
    /// are over the limit, or the limit is 0).
    pub fn held_rows(&self) -> Option<usize> {
        self.held_now().map(|r| r.len())
    }

    /// The copy in memory, when one is held for the current versions; never starts a read.
    fn held_now(&self) -> Option<Arc<resident::Resident>> {
        self.held_for_versions().ok().flatten().flatten()
    }

    /// What is held for the current versions: `Some(Some(copy))`, `Some(None)` when the
    /// tables were over the limit at these versions, `None` when nothing is held for them.
    fn held_for_versions(&self) -> Result<Option<Option<Arc<resident::Resident>>>> {
        let held = self.held.read().map_err(|_| Error::Internal {
            what: "reading the copy in memory".to_string(),
            reason: "a reader panicked while holding it".to_string(),
        })?;
        Ok(held
            .as_ref()
            .filter(|h| h.versions() == self.versions())
            .map(|h| match h {
                resident::Held::Resident(r) => Some(r.clone()),
                resident::Held::TooLarge(_) => None,
            }))
    }

    /// The rows of the observations table at this handle's version, summed from the record
    /// counts in the log's add actions: no data file is read. `None` when a file's count is
    /// missing (another writer that records no statistics) or the table is not loaded.
    pub fn observation_rows(&self) -> Option<u64> {
        let state = self.observations.snapshot().ok()?;
        let mut rows: u64 = 0;
        for file in state.log_data().iter() {
            rows = rows.checked_add(u64::try_from(file.num_records()?).ok()?)?;
        }
        Some(rows)
    }

    /// The versions of the two tables this handle reads.
    pub(crate) fn versions(&self) -> resident::Versions {
        (self.observations.version(), self.releases.version())
    }

    /// The store in memory at this handle's versions, when it fits the limit: read on the first
    /// call after a change (concurrent callers wait for that one read).
    pub(crate) async fn resident(&self) -> Result<Option<Arc<resident::Resident>>> {
        if self.resident_rows == 0 {
            return Ok(None);
        }
        if let Some(found) = self.held_for_versions()? {
            return Ok(found);
        }
        let _building = self.building.lock().await;
        // Another reader may have built it while this one waited.
        if let Some(found) = self.held_for_versions()? {
            return Ok(found);
        }
        let loaded = resident::Resident::load(self, self.resident_rows).await?;
        let (now, out) = match loaded {
            Some(r) => {
                let r = Arc::new(r);
                (resident::Held::Resident(r.clone()), Some(r))
            }
            None => (resident::Held::TooLarge(self.versions()), None),
        };
        *self.held.write().map_err(|_| Error::Internal {
            what: "keeping the copy in memory".to_string(),
            reason: "a reader panicked while holding it".to_string(),
        })? = Some(now);
        Ok(out)
    }

    /// How writes through this handle wait for another writer.
    pub fn lock_wait(&self) -> LockWait {
        self.wait.clone()
    }

    /// Takes the data directory's writer lock, waiting as [`Store::set_lock_wait`] says.
    /// Every write of the store takes it; `facts --all` and `vacuum` take it themselves.
    pub async fn lock(&self) -> Result<WriterLock> {
        WriterLock::acquire(&self.dir, &self.wait).await
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Re-reads both tables' latest versions (another process may have committed).
    pub async fn refresh(&mut self) -> Result<()> {
        self.observations
            .update_state()
            .await
            .map_err(delta("refreshing observations"))?;
        self.releases
            .update_state()
            .await
            .map_err(delta("refreshing releases"))?;
        Ok(())
    }

    /// Whether another process has committed to either table since this handle last read it.
    /// Only the tables' `_delta_log` directories are listed; no data is read. [`Store::refresh`]
    /// catches up.
    pub fn is_stale(&self) -> bool {
        let behind = |table: &DeltaTable, name: &str| {
            latest_log_version(&self.dir.join(name)).is_some_and(|v| Some(v) > table.version())
        };
        behind(&self.observations, "observations") || behind(&self.releases, "releases")
    }

    /// Every release, in ingest order.
    pub async fn releases(&self) -> Result<Vec<Release>> {
        // The copy in memory when one is held for these versions; no read is started for it.
        if let Some(r) = self.held_now() {
            return Ok(r.releases());
        }
        self.releases_sql().await
    }

    /// Every release, read from the table.
    pub(crate) async fn releases_sql(&self) -> Result<Vec<Release>> {
        let batches = self.select("SELECT * FROM releases ORDER BY seq").await?;
        let mut out = Vec::new();
        for b in &batches {
            let c = batch::Cols::new(b);
            for row in 0..b.num_rows() {
                out.push(Release {
                    id: c.str("id", row)?,
                    seq: c.i64("seq", row)?.unwrap_or(0),
                    source: c.str("source", row)?,
                    format: c.str("format", row)?,
                    file_name: c.str("file_name", row)?,
                    sha256: c.str("sha256", row)?,
                    published: c.date("published", row)?,
                    ingested_at: c.timestamp("ingested_at", row)?.unwrap_or_default(),
                    rows: c.i64("rows", row)?.unwrap_or(0),
                    rows_rejected: c.i64("rows_rejected", row)?.unwrap_or(0),
                });
            }
        }
        Ok(out)
    }

    /// True when no file has been ingested yet.
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.releases().await?.is_empty())
    }

    /// Commits a file as a new release: all its observations in one Delta commit, then the
    /// release row. A file whose sha256 is already a release changes nothing. Waits for the
    /// writer lock.
    pub async fn ingest(&mut self, new: NewRelease) -> Result<Outcome> {
        let lock = self.lock().await?;
        self.ingest_locked(new, lock).await
    }

    /// [`Store::ingest`] with the writer lock already taken (a server takes it before it
    /// stops its readers).
    pub async fn ingest_locked(&mut self, new: NewRelease, lock: WriterLock) -> Result<Outcome> {
        let meta = ReleaseMeta {
            id: new.id,
            source: new.source,
            format: new.format,
            file_name: new.file_name,
            sha256: new.sha256,
        };
        match self.begin_locked(meta, lock).await? {
            Begin::AlreadyIngested(r) => Ok(Outcome::AlreadyIngested(r)),
            Begin::Writer(mut w) => {
                w.write(&new.observations).await?;
                Ok(Outcome::Committed(w.commit(self, new.published).await?))
            }
        }
    }

    /// Starts a chunked ingest: takes the writer lock (held until the commit, or until the
    /// writer is dropped), checks the sha256 against the releases and picks the release id
    /// and sequence number.
    pub async fn begin(&mut self, meta: ReleaseMeta) -> Result<Begin> {
        let lock = self.lock().await?;
        self.begin_locked(meta, lock).await
    }

    /// [`Store::begin`] with the writer lock already taken.
    pub async fn begin_locked(&mut self, meta: ReleaseMeta, lock: WriterLock) -> Result<Begin> {
        // Under the lock, the tables as they are now are the whole truth: no other writer
        // can commit until this one is done.
        self.refresh().await?;
        self.repair().await?;
        let existing = self.releases().await?;
        if let Some(r) = existing.iter().find(|r| r.sha256 == meta.sha256) {
            return Ok(Begin::AlreadyIngested(r.clone()));
        }
        let seq = existing.iter().map(|r| r.seq).max().unwrap_or(0) + 1;
        let id = meta.id.clone().unwrap_or_else(|| {
            let stem = Path::new(&meta.file_name)
                .file_stem()
                .map_or("file".to_string(), |s| s.to_string_lossy().to_string());
            format!("{stem}-{}", &meta.sha256[..12.min(meta.sha256.len())])
        });
        let id = if existing.iter().any(|r| r.id == id) {
            format!("{id}-{seq}")
        } else {
            id
        };
        Ok(Begin::Writer(Box::new(IngestWriter {
            table: self.observations.clone(),
            lanes: Vec::new(),
            max_lanes: std::thread::available_parallelism().map_or(1, |n| n.get()),
            next: 0,
            release: Release {
                id,
                seq,
                source: meta.source.as_str().to_string(),
                format: meta.format,
                file_name: meta.file_name,
                sha256: meta.sha256,
                published: None,
                ingested_at: Utc::now(),
                rows: 0,
                rows_rejected: 0,
            },
            published: None,
            _lock: lock,
        })))
    }

    async fn append_release(&mut self, r: &Release) -> Result<()> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(vec![r.id.as_str()])),
            Arc::new(Int64Array::from(vec![r.seq])),
            Arc::new(StringArray::from(vec![r.source.as_str()])),
            Arc::new(StringArray::from(vec![r.format.as_str()])),
            Arc::new(StringArray::from(vec![r.file_name.as_str()])),
            Arc::new(StringArray::from(vec![r.sha256.as_str()])),
            Arc::new(Date32Array::from(vec![r.published.map(batch::to_date32)])),
            Arc::new(
                TimestampMicrosecondArray::from(vec![r.ingested_at.timestamp_micros()])
                    .with_timezone("UTC"),
            ),
            Arc::new(Int64Array::from(vec![r.rows])),
            Arc::new(Int64Array::from(vec![r.rows_rejected])),
        ];
        let batch =
            RecordBatch::try_new(schema::releases(), columns).map_err(|e| Error::Internal {
                what: "building the release row".to_string(),
                reason: e.to_string(),
            })?;
        let table = self.releases.clone();
        self.releases = table
            .write(vec![batch])
            .with_save_mode(SaveMode::Append)
            .with_commit_properties(
                CommitProperties::default()
                    .with_application_transaction(Transaction::new(RELEASE_TXN, r.seq)),
            )
            .await
            .map_err(delta(format!("recording release {}", r.id)))?;
        Ok(())
    }

    /// Finds observation commits whose release row is missing (the process died between the
    /// two commits of an ingest) and writes the release row from the commit's metadata. Runs
    /// under the writer lock only. Every writer repairs before it commits, so only the newest
    /// commits can lack their row: the last [`REPAIR_DEPTH`] are looked at.
    async fn repair(&mut self) -> Result<()> {
        let known: HashSet<String> = self.releases().await?.into_iter().map(|r| r.id).collect();
        let mut missing = Vec::new();
        {
            let mut history = self.observations.history(Some(REPAIR_DEPTH));
            while let Some(commit) = history.next().await {
                let commit = commit.map_err(delta("reading the observations history"))?;
                if let Some(meta) = commit.info.get(META_KEY)
                    && let Ok(r) = serde_json::from_value::<Release>(meta.clone())
                    && !known.contains(&r.id)
                {
                    missing.push(r);
                }
            }
        }
        missing.sort_by_key(|r| r.seq);
        for r in missing {
            self.append_release(&r).await?;
        }
        Ok(())
    }

    /// A DataFusion session with `observations`, `releases` and `current` registered, and
    /// `facts` once `tradewatch facts --all` has written it.
    pub async fn session(&self, as_of: Option<NaiveDate>) -> Result<SessionContext> {
        self.session_with(as_of, datafusion::prelude::SessionConfig::new())
            .await
    }

    /// [`Store::session`] with a session configuration of the caller's.
    pub(crate) async fn session_with(
        &self,
        as_of: Option<NaiveDate>,
        config: datafusion::prelude::SessionConfig,
    ) -> Result<SessionContext> {
        let ctx = self.tables_session(config).await?;
        let current = ctx
            .sql(&views::current_sql(as_of))
            .await
            .map_err(query("defining the current view"))?
            .into_view();
        ctx.register_table("current", current)
            .map_err(query("registering current"))?;
        // The table `tradewatch facts --all` writes, once it exists.
        let facts = self.dir.join("facts");
        if facts.join("_delta_log").is_dir() {
            let mut table = DeltaTable::try_from_url(table_url(&facts)?)
                .await
                .map_err(delta("opening facts"))?;
            table.load().await.map_err(delta("loading facts"))?;
            let provider = table
                .table_provider()
                .await
                .map_err(query("reading facts"))?;
            ctx.register_table("facts", provider)
                .map_err(query("registering facts"))?;
        }
        Ok(ctx)
    }

    /// A session with only the two tables and the ranking functions: what the store's own
    /// queries read (series, labels, holdings, diffs). Neither the `current` view is planned
    /// nor the `facts` log read for them, which a query of one series would otherwise pay.
    pub(crate) async fn tables_session(
        &self,
        config: datafusion::prelude::SessionConfig,
    ) -> Result<SessionContext> {
        self.keep_page_indexes().await;
        self.tables_session_in(config, self.runtime.clone()).await
    }

    /// [`Store::tables_session`] in a runtime of the caller's (one with a memory limit).
    pub(crate) async fn tables_session_in(
        &self,
        config: datafusion::prelude::SessionConfig,
        runtime: Arc<datafusion::execution::runtime_env::RuntimeEnv>,
    ) -> Result<SessionContext> {
        let ctx = SessionContext::new_with_config_rt(config, runtime);
        let obs = self
            .observations
            .table_provider()
            .await
            .map_err(query("reading observations"))?;
        let rel = self
            .releases
            .table_provider()
            .await
            .map_err(query("reading releases"))?;
        ctx.register_table("observations", obs)
            .map_err(query("registering observations"))?;
        ctx.register_table("releases", rel)
            .map_err(query("registering releases"))?;
        for udwf in window_functions() {
            ctx.register_udwf(udwf);
        }
        Ok(ctx)
    }

    /// Adds their page index to the cached footers of the files earlier queries opened.
    ///
    /// DataFusion's scan reads a file's footer through the cache but without the page index,
    /// then decodes the index itself, every query, and keeps it nowhere: about 2 MB of Thrift
    /// for each 600 MB file, the largest cost of one series at 100 M observations. A cached
    /// footer that already holds the index is used as it is. So the first query opens the
    /// files it needs as before, and the next session of the handle's runtime (every query
    /// of a server, the store's own and SQL alike) gives those files' entries their index,
    /// once each. A one-shot command
    /// never pays for files it did not read. Errors only cost the saving: they are logged.
    async fn keep_page_indexes(&self) {
        use datafusion::datasource::physical_plan::parquet::metadata::DFParquetMetadata;
        use datafusion::parquet::file::metadata::PageIndexPolicy;
        // One query does it; the others go on without waiting.
        let Ok(mut indexed) = self.indexed.try_lock() else {
            return;
        };
        let cache = self.runtime.cache_manager.get_file_metadata_cache();
        let wanting: Vec<_> = cache
            .list_entries()
            .into_iter()
            .filter(|(path, entry)| {
                !indexed.contains(path.as_ref()) && page_index_held(&entry.value) == Some(false)
            })
            .map(|(path, entry)| (path, entry.value.meta))
            .collect();
        if wanting.is_empty() {
            return;
        }
        let url = datafusion::execution::object_store::ObjectStoreUrl::local_filesystem();
        let store = match self.runtime.object_store(&url) {
            Ok(store) => store,
            Err(e) => {
                tracing::debug!(error = %e, "no object store to read page indexes from");
                return;
            }
        };
        for (path, meta) in wanting {
            // A hit without the index loads the index and puts the whole back in the cache.
            let loaded = DFParquetMetadata::new(store.as_ref(), &meta)
                .with_file_metadata_cache(Some(cache.clone()))
                .with_page_index_policy(Some(PageIndexPolicy::Optional))
                .fetch_metadata()
                .await;
            match loaded {
                Ok(_) => tracing::debug!(file = %path, "page index kept with the footer"),
                Err(e) => tracing::debug!(file = %path, error = %e, "page index not kept"),
            }
            indexed.insert(path.to_string());
        }
    }

    /// Runs one of the store's own queries: SQL over `observations` and `releases` only.
    pub(crate) async fn select(&self, sql: &str) -> Result<Vec<RecordBatch>> {
        let ctx = self
            .tables_session(datafusion::prelude::SessionConfig::new())
            .await?;
        let batches = collect_sql(&ctx, sql).await?;
        tracing::debug!(held = ?self.metadata_held(), "Parquet metadata");
        Ok(batches)
    }

    /// What this handle holds of its files' Parquet metadata.
    pub fn metadata_held(&self) -> MetadataHeld {
        let cache = self.runtime.cache_manager.get_file_metadata_cache();
        let entries = cache.list_entries();
        MetadataHeld {
            files: entries.len(),
            with_page_index: entries
                .values()
                .filter(|e| page_index_held(&e.value) == Some(true))
                .count(),
            bytes: entries.values().map(|e| e.size_bytes).sum(),
            limit: cache.cache_limit(),
        }
    }

    /// Runs SQL over `observations`, `releases` and `current`.
    pub async fn sql(&self, sql: &str) -> Result<Vec<RecordBatch>> {
        self.sql_as_of(sql, None).await
    }

    /// Runs SQL with `current` defined as of a date.
    pub async fn sql_as_of(&self, sql: &str, as_of: Option<NaiveDate>) -> Result<Vec<RecordBatch>> {
        collect_sql(&self.session(as_of).await?, sql).await
    }

    /// Row counts per release (for `tradewatch releases`).
    pub async fn row_counts(&self) -> Result<BTreeMap<String, i64>> {
        if let Some(r) = self.held_now() {
            return Ok(r.row_counts());
        }
        let batches = self
            .select("SELECT release, count(*) AS n FROM observations GROUP BY release")
            .await?;
        let mut out = BTreeMap::new();
        for b in &batches {
            let c = batch::Cols::new(b);
            for row in 0..b.num_rows() {
                out.insert(c.str("release", row)?, c.i64("n", row)?.unwrap_or(0));
            }
        }
        Ok(out)
    }
}
