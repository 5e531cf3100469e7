//! Facts for every series at once: `tradewatch facts --all`.
//!
//! A DataFusion scan reads the candidate rows (the same candidates as the `current` view) and
//! our code routes each, by a hash of its series, into one of enough bucket files that a
//! bucket fits in a worker's share of a memory budget. Each worker then takes a bucket at a
//! time: it sorts it by series and period, cuts it into whole series, ranks each series' rows
//! with the ranking's own rule ([`crate::ranking`]), runs the analysis kernels —
//! [`tradewatch_analysis::kernels`], the very functions the single-series facts use — over
//! its current rows, and hands compact batches to a Parquet writer. Memory is a bucket or two
//! per worker, whatever the size of the store.
//!
//! The kernels are also window functions (`tw_mom_pct` …) in every session, and
//! [`facts_sql`] is the same job as one SQL query: that is the reference the pass is tested
//! against. It is not how the job runs, because DataFusion's window operator holds each of
//! its partitions whole (7.6 GiB for 19.3 M observations; see BENCHMARKS.md).
//!
//! The result goes into a `facts` Delta table written beside the old one and swapped in only
//! when complete, so a failed run leaves the previous table as it was.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch, StringArray, UInt32Array,
    UInt64Array,
};
use arrow::datatypes::{DataType, Field, FieldRef};
use arrow::ipc::reader::StreamReader;
use arrow::ipc::writer::StreamWriter;
use arrow::row::{RowConverter, SortField};
use chrono::NaiveDate;
use datafusion::common::hash_utils::{RandomState, create_hashes};
use datafusion::error::DataFusionError;
use datafusion::logical_expr::function::{PartitionEvaluatorArgs, WindowUDFFieldArgs};
use datafusion::logical_expr::{
    PartitionEvaluator, Signature, Volatility, WindowUDF, WindowUDFImpl,
};
use futures::StreamExt;
use tradewatch_analysis::kernels;
use tradewatch_model::schema;

use crate::{Error, Result, Store, delta, io_error, open_or_create, query, ranking, views};

/// Which kernel a window function runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kernel {
    Mom,
    Yoy,
    Streak,
    RecordMonths,
    RecordOpen,
}

impl Kernel {
    const ALL: [Kernel; 5] = [
        Kernel::Mom,
        Kernel::Yoy,
        Kernel::Streak,
        Kernel::RecordMonths,
        Kernel::RecordOpen,
    ];

    fn name(self) -> &'static str {
        match self {
            Kernel::Mom => "tw_mom_pct",
            Kernel::Yoy => "tw_yoy_pct",
            Kernel::Streak => "tw_streak",
            Kernel::RecordMonths => "tw_record_months",
            Kernel::RecordOpen => "tw_record_open",
        }
    }

    fn output(self) -> DataType {
        match self {
            Kernel::Mom | Kernel::Yoy => DataType::Float64,
            Kernel::Streak | Kernel::RecordMonths => DataType::Int32,
            Kernel::RecordOpen => DataType::Boolean,
        }
    }

    fn run(self, months: &[i32], values: &[f64]) -> ArrayRef {
        match self {
            Kernel::Mom => Arc::new(Float64Array::from(kernels::change_pct(months, values, 1))),
            Kernel::Yoy => Arc::new(Float64Array::from(kernels::change_pct(months, values, 12))),
            Kernel::Streak => Arc::new(Int32Array::from(kernels::streaks(months, values))),
            Kernel::RecordMonths => Arc::new(Int32Array::from(
                kernels::records(months, values)
                    .into_iter()
                    .map(|r| r.map(|r| r.months))
                    .collect::<Vec<_>>(),
            )),
            Kernel::RecordOpen => Arc::new(BooleanArray::from(
                kernels::records(months, values)
                    .into_iter()
                    .map(|r| r.map(|r| r.open))
                    .collect::<Vec<_>>(),
            )),
        }
    }
}

/// A kernel as a DataFusion window function: `tw_mom_pct(period_start, value) OVER (PARTITION
/// BY <series> ORDER BY period_start)`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct KernelWindow {
    kernel: Kernel,
    signature: Signature,
}

impl WindowUDFImpl for KernelWindow {
    fn name(&self) -> &str {
        self.kernel.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn partition_evaluator(
        &self,
        _args: PartitionEvaluatorArgs,
    ) -> datafusion::error::Result<Box<dyn PartitionEvaluator>> {
        Ok(Box::new(KernelEvaluator {
            kernel: self.kernel,
        }))
    }

    fn field(&self, args: WindowUDFFieldArgs) -> datafusion::error::Result<FieldRef> {
        Ok(Arc::new(Field::new(
            args.name(),
            self.kernel.output(),
            true,
        )))
    }
}

#[derive(Debug)]
struct KernelEvaluator {
    kernel: Kernel,
}

impl PartitionEvaluator for KernelEvaluator {
    fn evaluate_all(
        &mut self,
        values: &[ArrayRef],
        num_rows: usize,
    ) -> datafusion::error::Result<ArrayRef> {
        let (Some(months), Some(levels)) = (
            values
                .first()
                .and_then(|a| a.as_any().downcast_ref::<Int32Array>()),
            values
                .get(1)
                .and_then(|a| a.as_any().downcast_ref::<Float64Array>()),
        ) else {
            return Err(DataFusionError::Execution(format!(
                "{} takes (period_start INT, value DOUBLE)",
                self.kernel.name()
            )));
        };
        if months.null_count() > 0 || levels.null_count() > 0 || months.len() != num_rows {
            return Err(DataFusionError::Execution(format!(
                "{}: null month or level",
                self.kernel.name()
            )));
        }
        Ok(self.kernel.run(months.values(), levels.values()))
    }
}

/// The kernels as window functions, for registering in a session.
pub fn kernel_windows() -> Vec<WindowUDF> {
    Kernel::ALL
        .iter()
        .map(|&kernel| {
            WindowUDF::new_from_impl(KernelWindow {
                kernel,
                signature: Signature::exact(
                    vec![DataType::Int32, DataType::Float64],
                    Volatility::Immutable,
                ),
            })
        })
        .collect()
}

/// The facts query: the current monthly rows with each kernel over its series, as one SQL
/// query of window functions — the reference [`Store::facts_all`]'s own pass must agree with.
pub fn facts_sql(as_of: Option<NaiveDate>) -> String {
    let series = "reporter, partner, flow, classification, code, measure, unit";
    let over = format!("OVER (PARTITION BY {series} ORDER BY period_start)");
    let kernels: Vec<String> = Kernel::ALL
        .iter()
        .map(|k| {
            let col = k.name().trim_start_matches("tw_");
            format!("{}(period_start, value) {over} AS {col}", k.name())
        })
        .collect();
    format!(
        "SELECT reporter, partner, flow, classification, code, measure, unit, period,
                period_start, value, {kernels}, source, release, citation, line
         FROM ({ranked}) WHERE rank = 1",
        kernels = kernels.join(",\n                "),
        ranked = views::ranked_sql_of(
            "o.reporter, o.partner, o.flow, o.classification, o.code, o.measure, o.unit, o.period,
             o.period_start, o.period_months, o.value, o.source, o.release, o.citation, o.line,
             o.quality, o.published, o.resolution",
            as_of,
            None,
            "o.period_months = 1"
        )
    )
}

/// How `facts --all` runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkOptions {
    /// Bytes of rows the job may hold: the rows are routed into as many bucket files
    /// (beside the output) as it takes for one to fit a third of a worker's share.
    pub memory: usize,
    /// Workers: the scan's partitions, and buckets processed at once (0: one per core).
    pub partitions: usize,
    /// Rows per batch the plan hands on.
    pub batch_rows: usize,
}

/// The rows' memory by default: with the Parquet readers and writers around them the whole
/// job stays under 2 GiB however large the store.
pub const DEFAULT_BULK_MEMORY: usize = 1 << 30;

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            memory: DEFAULT_BULK_MEMORY,
            partitions: 0,
            batch_rows: 8192,
        }
    }
}

impl BulkOptions {
    fn partitions(&self) -> usize {
        match self.partitions {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        }
    }
}

/// The series key's columns.
const SERIES_COLUMNS: [&str; 7] = [
    "reporter",
    "partner",
    "flow",
    "classification",
    "code",
    "measure",
    "unit",
];

/// The columns the bulk job reads of each observation.
const CARRIED: &str = "o.reporter, o.partner, o.flow, o.classification, o.code, o.measure, \
     o.unit, o.period, o.period_start, o.period_months, o.value, o.source, o.release, \
     o.citation, o.line, o.quality, o.published, o.resolution";

/// Every candidate monthly row with the facts table's own columns and the ranking's
/// arguments under their names ([`ranking::arg_names`]).
fn candidates_sql(as_of: Option<NaiveDate>) -> String {
    format!(
        "{cte}
        SELECT reporter, partner, flow, classification, code, measure, unit, period,
               period_start, value, source, release, citation, line, period_months,
               false AS preferred, source_rank, release_published, release_seq,
               quality = 'ok' AS quality_ok, published IS NOT NULL AS has_published,
               resolution
        FROM cand",
        cte = views::candidates_cte(CARRIED, as_of, "o.period_months = 1")
    )
}

/// Where a run's bucket files go: removed when the run ends, however it ends.
struct SpillDir(PathBuf);

impl Drop for SpillDir {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.0)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %self.0.display(), error = %e, "could not remove the spill directory");
        }
    }
}

/// What `facts --all` wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BulkFacts {
    pub path: PathBuf,
    pub rows: u64,
    /// The bucket files the rows were routed into.
    pub buckets: usize,
}

impl Store {
    /// The bulk job's session: plain strings (a view into a decoded page would keep the page
    /// alive for as long as a row of it is held), one plan partition per worker.
    async fn bulk_session(
        &self,
        as_of: Option<NaiveDate>,
        opts: &BulkOptions,
    ) -> Result<datafusion::prelude::SessionContext> {
        let mut config = datafusion::prelude::SessionConfig::new()
            .with_target_partitions(opts.partitions())
            .with_batch_size(opts.batch_rows.max(1));
        config
            .options_mut()
            .execution
            .parquet
            .schema_force_view_types = false;
        self.session_with(as_of, config).await
    }

    /// The scan that feeds `facts_all` run with EXPLAIN ANALYZE (where its time goes,
    /// operator by operator), and what follows it.
    pub async fn explain_facts_all(&self, as_of: Option<NaiveDate>) -> Result<String> {
        let opts = BulkOptions::default();
        let ctx = self.bulk_session(as_of, &opts).await?;
        let batches = ctx
            .sql(&format!("EXPLAIN ANALYZE {}", candidates_sql(as_of)))
            .await
            .map_err(query("planning the facts query"))?
            .collect()
            .await
            .map_err(query("running the facts query"))?;
        let mut out = String::new();
        for b in &batches {
            let c = crate::batch::Cols::new(b);
            for i in 0..b.num_rows() {
                out.push_str(&c.str("plan", i)?);
                out.push('\n');
            }
        }
        let buckets = bucket_count(&self.dir().join("observations"), &opts);
        out.push_str(&format!(
            "then: the rows routed by series into {buckets} bucket file{}; each bucket sorted \
             by series and period, each series ranked (tw_rank's rule), its current rows run \
             through the kernels and written to Parquet; {} workers\n",
            if buckets == 1 { "" } else { "s" },
            opts.partitions()
        ));
        Ok(out)
    }

    /// Computes every fact of every monthly series into the Delta table at `out` (default: the
    /// store's `facts` directory), replacing it when complete.
    pub async fn facts_all(
        &self,
        out: Option<&Path>,
        as_of: Option<NaiveDate>,
    ) -> Result<BulkFacts> {
        self.facts_all_with(out, as_of, &BulkOptions::default())
            .await
    }

    /// [`Store::facts_all`] with the memory, workers and batch size of `opts`.
    ///
    /// Two passes. The first reads the candidate rows and routes each, by a hash of its
    /// series, into one of enough bucket files (Arrow IPC, beside the output) that a bucket
    /// fits a worker's share of `opts.memory`. The second takes the buckets one at a time per
    /// worker: it sorts a bucket by series and period, cuts it into whole series, ranks each,
    /// runs the kernels over its current rows and hands compact batches to that worker's
    /// Parquet writer. Memory is a bucket or two per worker, whatever the size of the store.
    pub async fn facts_all_with(
        &self,
        out: Option<&Path>,
        as_of: Option<NaiveDate>,
        opts: &BulkOptions,
    ) -> Result<BulkFacts> {
        // One writer at a time: the facts table is the store's, and vacuum must not take
        // the staging table for an orphan.
        let _lock = self.lock().await?;
        let output = FactsOutput::prepare(self, out)?;
        let spill = SpillDir(output.parent.join(format!(
            ".{}.spill-{}",
            output.name,
            std::process::id()
        )));
        std::fs::create_dir_all(&spill.0).map_err(io_error(&spill.0))?;
        let target = schema::facts();
        let mut table = open_or_create(&output.staging, "facts", target.clone()).await?;
        let properties = read_versions(&[
            ("observations", self.observations.version()),
            ("releases", self.releases.version()),
        ]);

        // 1. Route every candidate row to its series' bucket.
        let buckets = bucket_count(&self.dir().join("observations"), opts);
        let workers = opts.partitions();
        let streams = self
            .bulk_session(as_of, opts)
            .await?
            .sql(&candidates_sql(as_of))
            .await
            .map_err(query("planning the facts query"))?
            .execute_stream_partitioned()
            .await
            .map_err(query("starting the facts query"))?;
        let senders = streams.len();
        let flush_rows = (opts.memory / (4 * ROW_BYTES * buckets * senders.max(1))).clamp(64, 8192);
        tracing::info!(
            buckets,
            workers,
            senders,
            flush_rows,
            "facts for every series"
        );
        let mut tasks = Vec::new();
        for (sender, mut stream) in streams.into_iter().enumerate() {
            let mut router = BucketRouter::new(spill.0.clone(), sender, buckets, flush_rows);
            tasks.push(tokio::spawn(async move {
                while let Some(batch) = stream.next().await {
                    router.push(plain_strings(batch.map_err(query("reading the rows"))?)?)?;
                }
                router.finish()
            }));
        }
        for task in tasks {
            task.await.map_err(|e| Error::Internal {
                what: "routing the rows".to_string(),
                reason: e.to_string(),
            })??;
        }

        // 2. Each bucket: sorted, cut into series, ranked, through the kernels, written.
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..workers.min(buckets) {
            let mut writer = deltalake::writer::RecordBatchWriter::for_table(&table)
                .map_err(delta("preparing to write facts"))?
                .with_commit_properties(properties.clone());
            let (next, dir, target) = (next.clone(), spill.0.clone(), target.clone());
            let batch_rows = opts.batch_rows.max(1);
            tasks.push(tokio::spawn(async move {
                use deltalake::writer::DeltaWriter;
                let mut rows = 0u64;
                loop {
                    let b = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if b >= buckets {
                        break;
                    }
                    let Some(bucket) = read_bucket(&dir, b, senders)? else {
                        continue;
                    };
                    let order = series_order(&bucket)?;
                    let mut pass = SeriesPass::default();
                    // The sorted chunks, then the series the last one ended in.
                    let chunks = (0..order.len()).step_by(batch_rows).map(Some).chain([None]);
                    for chunk in chunks {
                        let facts = match chunk {
                            Some(start) => {
                                let len = batch_rows.min(order.len() - start);
                                let rows = arrow::compute::take_record_batch(
                                    &bucket,
                                    &order.slice(start, len),
                                )
                                .map_err(internal("sorting a bucket"))?;
                                pass.push(rows)?
                            }
                            None => pass.finish()?,
                        };
                        for batch in facts {
                            rows += batch.num_rows() as u64;
                            writer
                                .write(conform(&batch, &target)?)
                                .await
                                .map_err(delta("writing facts"))?;
                        }
                    }
                    remove_bucket(&dir, b, senders)?;
                }
                Ok::<_, Error>((writer, rows))
            }));
        }
        let mut rows = 0u64;
        for task in tasks {
            let (mut writer, n) = task.await.map_err(|e| Error::Internal {
                what: "computing facts".to_string(),
                reason: e.to_string(),
            })??;
            rows += n;
            use deltalake::writer::DeltaWriter;
            writer
                .flush_and_commit(&mut table)
                .await
                .map_err(delta("committing facts"))?;
        }
        let path = output.swap()?;
        Ok(BulkFacts {
            path,
            rows,
            buckets,
        })
    }

    /// Writes the facts another engine computed (a cluster running [`facts_sql`] over
    /// [`Store::table_files`]) as the facts table at `out` (default: the store's `facts`
    /// directory), with the same staging and swap as [`Store::facts_all`]: the old table
    /// stays until the new one is complete. The commit records `read`, the tables and
    /// versions the engine was given. Columns are matched by name.
    pub async fn facts_from_stream(
        &self,
        out: Option<&Path>,
        mut batches: datafusion::physical_plan::SendableRecordBatchStream,
        read: &[crate::TableFiles],
    ) -> Result<BulkFacts> {
        use deltalake::writer::DeltaWriter;
        let _lock = self.lock().await?;
        let output = FactsOutput::prepare(self, out)?;
        let target = schema::facts();
        let mut table = open_or_create(&output.staging, "facts", target.clone()).await?;
        let versions: Vec<(&str, Option<u64>)> = read
            .iter()
            .map(|t| (t.name.as_str(), Some(t.version)))
            .collect();
        let mut writer = deltalake::writer::RecordBatchWriter::for_table(&table)
            .map_err(delta("preparing to write facts"))?
            .with_commit_properties(read_versions(&versions));
        let mut rows = 0u64;
        while let Some(batch) = batches.next().await {
            let batch = batch.map_err(query("computing facts"))?;
            rows += batch.num_rows() as u64;
            writer
                .write(conform_by_name(&batch, &target)?)
                .await
                .map_err(delta("writing facts"))?;
        }
        writer
            .flush_and_commit(&mut table)
            .await
            .map_err(delta("committing facts"))?;
        let path = output.swap()?;
        Ok(BulkFacts {
            path,
            rows,
            buckets: 0,
        })
    }
}

/// The commit metadata key under which a facts table records what it was computed from.
pub const READ_KEY: &str = "tradewatch.read";

/// Commit properties recording the tables and versions a facts run read.
fn read_versions(
    tables: &[(&str, Option<u64>)],
) -> deltalake::kernel::transaction::CommitProperties {
    let map: serde_json::Map<String, serde_json::Value> = tables
        .iter()
        .map(|(name, version)| (name.to_string(), serde_json::json!(version)))
        .collect();
    deltalake::kernel::transaction::CommitProperties::default()
        .with_metadata([(READ_KEY.to_string(), serde_json::Value::Object(map))])
}

/// Where a facts run writes: a staging table beside the output, swapped in when complete.
struct FactsOutput {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    staging: PathBuf,
}

impl FactsOutput {
    fn prepare(store: &Store, out: Option<&Path>) -> Result<FactsOutput> {
        let out = match out {
            Some(p) => std::path::absolute(p).map_err(io_error(p))?,
            None => store.dir().join("facts"),
        };
        let parent = out.parent().unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let name = out
            .file_name()
            .map_or("facts".to_string(), |n| n.to_string_lossy().to_string());
        let staging = parent.join(format!(".{name}.writing-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io_error(&staging))?;
        }
        Ok(FactsOutput {
            out,
            parent,
            name,
            staging,
        })
    }

    /// Puts the finished staging table in the output's place.
    fn swap(&self) -> Result<PathBuf> {
        let old = self
            .parent
            .join(format!(".{}.old-{}", self.name, std::process::id()));
        let replacing = self.out.exists();
        if replacing {
            std::fs::rename(&self.out, &old).map_err(io_error(&self.out))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.out) {
            // Put the old table back: a failed swap must leave what was there.
            if replacing && let Err(back) = std::fs::rename(&old, &self.out) {
                tracing::error!(old = %old.display(), error = %back, "could not put the old facts table back");
            }
            return Err(io_error(&self.staging)(e));
        }
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_error(&old))?;
        }
        Ok(self.out.clone())
    }
}

/// A run that fails or is abandoned leaves no staging table behind (the output it would
/// have replaced is untouched).
impl Drop for FactsOutput {
    fn drop(&mut self) {
        if self.staging.exists()
            && let Err(e) = std::fs::remove_dir_all(&self.staging)
        {
            tracing::warn!(path = %self.staging.display(), error = %e, "could not remove the staging table");
        }
    }
}

/// About how many bytes a candidate row takes in memory, decoded.
const ROW_BYTES: usize = 256;

/// Decoded rows take about this many times their Parquet bytes on disk.
const DECODED_PER_PARQUET_BYTE: u64 = 16;

/// The most buckets: each sender keeps a file open per bucket.
const MAX_BUCKETS: usize = 1024;

/// How many buckets the rows go into: enough that one, with the sorted chunk taken out of
/// it, fits a third of a worker's share of the memory. Sized from the observations' Parquet
/// files (every file in the table's directory, so an upper bound).
fn bucket_count(observations: &Path, opts: &BulkOptions) -> usize {
    let bytes: u64 = std::fs::read_dir(observations)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".parquet"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    let per_bucket = (opts.memory / (3 * opts.partitions())).max(1 << 20) as u64;
    let wanted = (bytes * DECODED_PER_PARQUET_BYTE).div_ceil(per_bucket);
    usize::try_from(wanted).map_or(MAX_BUCKETS, |n| n.clamp(1, MAX_BUCKETS))
}

fn bucket_file(dir: &Path, bucket: usize, sender: usize) -> PathBuf {
    dir.join(format!("bucket-{bucket:04}-{sender:03}.arrow"))
}

/// Routes rows to bucket files by a hash of their series: each series lands whole in one
/// bucket. Rows wait per bucket until there are `flush_rows` of them, then go to the bucket's
/// file as one batch.
struct BucketRouter {
    dir: PathBuf,
    sender: usize,
    held: Vec<Vec<RecordBatch>>,
    held_rows: Vec<usize>,
    files: Vec<Option<StreamWriter<std::io::BufWriter<std::fs::File>>>>,
    flush_rows: usize,
    hashes: Vec<u64>,
}

impl BucketRouter {
    fn new(dir: PathBuf, sender: usize, buckets: usize, flush_rows: usize) -> Self {
        BucketRouter {
            dir,
            sender,
            held: (0..buckets).map(|_| Vec::new()).collect(),
            held_rows: vec![0; buckets],
            files: (0..buckets).map(|_| None).collect(),
            flush_rows,
            hashes: Vec::new(),
        }
    }

    fn push(&mut self, batch: RecordBatch) -> Result<()> {
        let n = batch.num_rows();
        if n == 0 {
            return Ok(());
        }
        let keys: Vec<ArrayRef> = SERIES_COLUMNS
            .iter()
            .map(|c| column(&batch, c).cloned())
            .collect::<Result<_>>()?;
        self.hashes.clear();
        self.hashes.resize(n, 0);
        // A fixed seed: the same series goes to the same bucket from every sender.
        create_hashes(&keys, &RandomState::with_seed(0), &mut self.hashes)
            .map_err(query("routing the rows"))?;
        let buckets = self.held.len() as u64;
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); self.held.len()];
        for (i, h) in self.hashes.iter().enumerate() {
            rows[(h % buckets) as usize].push(i as u32);
        }
        for (b, rows) in rows.into_iter().enumerate() {
            if rows.is_empty() {
                continue;
            }
            let part = arrow::compute::take_record_batch(&batch, &UInt32Array::from(rows))
                .map_err(internal("routing the rows"))?;
            self.held_rows[b] += part.num_rows();
            self.held[b].push(part);
            if self.held_rows[b] >= self.flush_rows {
                self.flush(b)?;
            }
        }
        Ok(())
    }

    fn flush(&mut self, b: usize) -> Result<()> {
        let parts = std::mem::take(&mut self.held[b]);
        self.held_rows[b] = 0;
        let Some(first) = parts.first() else {
            return Ok(());
        };
        let batch = arrow::compute::concat_batches(&first.schema(), &parts)
            .map_err(internal("routing the rows"))?;
        let file = match &mut self.files[b] {
            Some(f) => f,
            slot => {
                let path = bucket_file(&self.dir, b, self.sender);
                let f = std::fs::File::create(&path).map_err(io_error(&path))?;
                slot.insert(
                    StreamWriter::try_new(std::io::BufWriter::new(f), &batch.schema())
                        .map_err(internal("writing a bucket"))?,
                )
            }
        };
        file.write(&batch).map_err(internal("writing a bucket"))
    }

    fn finish(mut self) -> Result<()> {
        for b in 0..self.held.len() {
            self.flush(b)?;
            if let Some(f) = self.files[b].as_mut() {
                f.finish().map_err(internal("writing a bucket"))?;
            }
        }
        Ok(())
    }
}

/// Every row of bucket `b`, from each sender's file, as one batch (`None`: no rows).
fn read_bucket(dir: &Path, b: usize, senders: usize) -> Result<Option<RecordBatch>> {
    let mut batches = Vec::new();
    for sender in 0..senders {
        let path = bucket_file(dir, b, sender);
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_error(&path)(e)),
        };
        let reader = StreamReader::try_new(std::io::BufReader::new(file), None)
            .map_err(internal("reading a bucket"))?;
        for batch in reader {
            batches.push(batch.map_err(internal("reading a bucket"))?);
        }
    }
    let Some(first) = batches.first() else {
        return Ok(None);
    };
    let all = arrow::compute::concat_batches(&first.schema(), &batches)
        .map_err(internal("reading a bucket"))?;
    Ok((all.num_rows() > 0).then_some(all))
}

fn remove_bucket(dir: &Path, b: usize, senders: usize) -> Result<()> {
    for sender in 0..senders {
        let path = bucket_file(dir, b, sender);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_error(&path)(e)),
            _ => {}
        }
    }
    Ok(())
}

/// The rows of a bucket in series and period order, as indices.
fn series_order(bucket: &RecordBatch) -> Result<UInt32Array> {
    let columns: Vec<ArrayRef> = SERIES_COLUMNS
        .iter()
        .chain(&["period_start", "period_months"])
        .map(|c| column(bucket, c).cloned())
        .collect::<Result<_>>()?;
    let converter = RowConverter::new(
        columns
            .iter()
            .map(|c| SortField::new(c.data_type().clone()))
            .collect(),
    )
    .map_err(internal("sorting a bucket"))?;
    let rows = converter
        .convert_columns(&columns)
        .map_err(internal("sorting a bucket"))?;
    let mut order: Vec<u32> = (0..bucket.num_rows() as u32).collect();
    order.sort_unstable_by(|&a, &b| rows.row(a as usize).cmp(&rows.row(b as usize)));
    Ok(UInt32Array::from(order))
}

/// The pass over one partition's rows, sorted by series and period: each series is taken
/// whole (a series cut by a batch boundary waits, copied, for the rest), ranked, and its
/// current rows run through the kernels. Nothing it returns refers to its input's buffers.
#[derive(Default)]
struct SeriesPass {
    /// The start of a series that the last batch ended in, copied out of that batch.
    carry: Option<RecordBatch>,
}

impl SeriesPass {
    /// The facts of the series that end in `batch`.
    fn push(&mut self, batch: RecordBatch) -> Result<Vec<RecordBatch>> {
        let batch = plain_strings(batch)?;
        let mut out = Vec::new();
        let mut start = 0;
        if let Some(carry) = self.carry.take() {
            let lead = leading_rows_of(&carry, &batch)?;
            if lead == batch.num_rows() {
                self.carry = Some(concat(&carry, &batch)?);
                return Ok(out);
            }
            let series = concat(&carry, &batch.slice(0, lead))?;
            out.push(facts_of_series(&series)?);
            start = lead;
        }
        let rest = batch.slice(start, batch.num_rows() - start);
        let mut ranges = series_ranges(&rest)?;
        if let Some(last) = ranges.pop() {
            self.carry = Some(copy_rows(&rest, last)?);
        }
        if !ranges.is_empty() {
            out.push(facts_of(&rest, &ranges)?);
        }
        Ok(out)
    }

    /// The facts of the last series.
    fn finish(&mut self) -> Result<Vec<RecordBatch>> {
        match self.carry.take() {
            Some(series) => Ok(vec![facts_of_series(&series)?]),
            None => Ok(Vec::new()),
        }
    }
}

fn internal(what: &str) -> impl FnOnce(arrow::error::ArrowError) -> Error + '_ {
    move |e| Error::Internal {
        what: what.to_string(),
        reason: e.to_string(),
    }
}

/// `batch` with string views and large strings as plain strings (copied only when they are
/// not already).
fn plain_strings(batch: RecordBatch) -> Result<RecordBatch> {
    if !batch
        .schema()
        .fields()
        .iter()
        .any(|f| matches!(f.data_type(), DataType::Utf8View | DataType::LargeUtf8))
    {
        return Ok(batch);
    }
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
        if matches!(f.data_type(), DataType::Utf8View | DataType::LargeUtf8) {
            columns.push(
                arrow::compute::cast(c, &DataType::Utf8).map_err(internal("reading the rows"))?,
            );
            fields.push(f.as_ref().clone().with_data_type(DataType::Utf8));
        } else {
            columns.push(c.clone());
            fields.push(f.as_ref().clone());
        }
    }
    RecordBatch::try_new(Arc::new(arrow::datatypes::Schema::new(fields)), columns)
        .map_err(internal("reading the rows"))
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef> {
    batch.column_by_name(name).ok_or_else(|| Error::Internal {
        what: "reading the rows".to_string(),
        reason: format!("no column {name}"),
    })
}

fn strings<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a StringArray> {
    column(batch, name)?
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| Error::Internal {
            what: "reading the rows".to_string(),
            reason: format!("{name} is not a string column"),
        })
}

/// How many rows at the start of `batch` belong to the series of `carry`'s rows.
fn leading_rows_of(carry: &RecordBatch, batch: &RecordBatch) -> Result<usize> {
    let mut n = batch.num_rows();
    if carry.num_rows() == 0 {
        return Ok(0);
    }
    for name in SERIES_COLUMNS {
        let key = strings(carry, name)?.value(0);
        let rows = strings(batch, name)?;
        n = (0..n).take_while(|&i| rows.value(i) == key).count();
    }
    Ok(n)
}

/// The row ranges of each series in `batch`, in order.
fn series_ranges(batch: &RecordBatch) -> Result<Vec<std::ops::Range<usize>>> {
    if batch.num_rows() == 0 {
        return Ok(Vec::new());
    }
    let keys: Vec<ArrayRef> = SERIES_COLUMNS
        .iter()
        .map(|c| column(batch, c).cloned())
        .collect::<Result<_>>()?;
    Ok(arrow::compute::partition(&keys)
        .map_err(internal("finding the series"))?
        .ranges())
}

fn concat(a: &RecordBatch, b: &RecordBatch) -> Result<RecordBatch> {
    arrow::compute::concat_batches(&a.schema(), [a, b]).map_err(internal("joining a series"))
}

/// A copy of `rows` of `batch` that shares none of its buffers.
fn copy_rows(batch: &RecordBatch, rows: std::ops::Range<usize>) -> Result<RecordBatch> {
    let indices = UInt32Array::from_iter_values(rows.map(|r| r as u32));
    arrow::compute::take_record_batch(batch, &indices).map_err(internal("copying a series"))
}

/// The facts of one series, all of `series`.
fn facts_of_series(series: &RecordBatch) -> Result<RecordBatch> {
    facts_of(series, std::slice::from_ref(&(0..series.num_rows())))
}

/// The facts of the series at `ranges` of `batch`: each ranked, its current rows (rank 1)
/// kept in period order with the kernels' columns.
fn facts_of(batch: &RecordBatch, ranges: &[std::ops::Range<usize>]) -> Result<RecordBatch> {
    let args: Vec<ArrayRef> = ranking::arg_names()
        .iter()
        .map(|n| column(batch, n).cloned())
        .collect::<Result<_>>()?;
    let month = arrow::compute::cast(column(batch, "period_start")?, &DataType::Int32)
        .map_err(internal("reading the months"))?;
    let level = arrow::compute::cast(column(batch, "value")?, &DataType::Float64)
        .map_err(internal("reading the values"))?;
    let (Some(month), Some(level)) = (
        month.as_any().downcast_ref::<Int32Array>(),
        level.as_any().downcast_ref::<Float64Array>(),
    ) else {
        return Err(Error::Internal {
            what: "reading the rows".to_string(),
            reason: "period_start or value has the wrong type".to_string(),
        });
    };
    let mut keep: Vec<u32> = Vec::with_capacity(batch.num_rows());
    let mut kernels = KernelColumns::default();
    let (mut months, mut levels) = (Vec::new(), Vec::new());
    for r in ranges {
        let slices: Vec<ArrayRef> = args.iter().map(|a| a.slice(r.start, r.len())).collect();
        let ranks = ranking::rank_series(&slices).map_err(query("ranking a series"))?;
        let ranks = ranks
            .as_any()
            .downcast_ref::<UInt64Array>()
            .ok_or_else(|| Error::Internal {
                what: "ranking a series".to_string(),
                reason: "ranks are not UInt64".to_string(),
            })?;
        months.clear();
        levels.clear();
        for (i, rank) in ranks.values().iter().enumerate() {
            if *rank == 1 {
                let row = r.start + i;
                keep.push(row as u32);
                months.push(month.value(row));
                levels.push(level.value(row));
            }
        }
        kernels.extend(&months, &levels);
    }
    let indices = UInt32Array::from(keep);
    let target = schema::facts();
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(target.fields().len());
    for f in target.fields() {
        let c = match kernels.column(f.name()) {
            Some(c) => c,
            None => arrow::compute::take(column(batch, f.name())?, &indices, None)
                .map_err(internal("copying the current rows"))?,
        };
        columns.push(c);
    }
    let fields: Vec<Field> = target
        .fields()
        .iter()
        .zip(&columns)
        .map(|(f, c)| f.as_ref().clone().with_data_type(c.data_type().clone()))
        .collect();
    RecordBatch::try_new(Arc::new(arrow::datatypes::Schema::new(fields)), columns)
        .map_err(internal("shaping the facts"))
}

/// The kernels' output columns, built up series by series.
#[derive(Default)]
struct KernelColumns {
    mom: Vec<Option<f64>>,
    yoy: Vec<Option<f64>>,
    streak: Vec<Option<i32>>,
    record_months: Vec<Option<i32>>,
    record_open: Vec<Option<bool>>,
}

impl KernelColumns {
    /// Appends the kernels of one series' current months and levels.
    fn extend(&mut self, months: &[i32], levels: &[f64]) {
        self.mom.extend(kernels::change_pct(months, levels, 1));
        self.yoy.extend(kernels::change_pct(months, levels, 12));
        self.streak.extend(kernels::streaks(months, levels));
        for r in kernels::records(months, levels) {
            self.record_months.push(r.map(|r| r.months));
            self.record_open.push(r.map(|r| r.open));
        }
    }

    /// The facts table's column `name` when it is a kernel's (named as in [`facts_sql`]).
    fn column(&mut self, name: &str) -> Option<ArrayRef> {
        let kernel = Kernel::ALL
            .into_iter()
            .find(|k| k.name().trim_start_matches("tw_") == name)?;
        Some(match kernel {
            Kernel::Mom => Arc::new(Float64Array::from(std::mem::take(&mut self.mom))),
            Kernel::Yoy => Arc::new(Float64Array::from(std::mem::take(&mut self.yoy))),
            Kernel::Streak => Arc::new(Int32Array::from(std::mem::take(&mut self.streak))),
            Kernel::RecordMonths => {
                Arc::new(Int32Array::from(std::mem::take(&mut self.record_months)))
            }
            Kernel::RecordOpen => {
                Arc::new(BooleanArray::from(std::mem::take(&mut self.record_open)))
            }
        })
    }
}

/// [`conform`] with the batch's columns found by name: for facts from another engine, whose
/// column order is its own.
fn conform_by_name(
    batch: &RecordBatch,
    target: &arrow::datatypes::SchemaRef,
) -> Result<RecordBatch> {
    let columns: Vec<ArrayRef> = target
        .fields()
        .iter()
        .map(|f| {
            batch
                .column_by_name(f.name())
                .cloned()
                .ok_or_else(|| Error::Internal {
                    what: "shaping the facts".to_string(),
                    reason: format!("the computed facts have no column {}", f.name()),
                })
        })
        .collect::<Result<_>>()?;
    cast_to(&columns, target)
}

/// Casts a result batch to the table's schema (the engine may hand out string views).
fn conform(batch: &RecordBatch, target: &arrow::datatypes::SchemaRef) -> Result<RecordBatch> {
    cast_to(batch.columns(), target)
}

/// The columns, in the target's order, cast to its types.
fn cast_to(columns: &[ArrayRef], target: &arrow::datatypes::SchemaRef) -> Result<RecordBatch> {
    let columns: Vec<ArrayRef> = target
        .fields()
        .iter()
        .zip(columns)
        .map(|(f, c)| arrow::compute::cast(c, f.data_type()))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::Internal {
            what: "shaping the facts".to_string(),
            reason: e.to_string(),
        })?;
    RecordBatch::try_new(target.clone(), columns).map_err(|e| Error::Internal {
        what: "shaping the facts".to_string(),
        reason: e.to_string(),
    })
}
