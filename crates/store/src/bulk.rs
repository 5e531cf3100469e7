//! Facts for every series at once: `tradewatch facts --all`.
//!
//! One DataFusion plan: the current rows (the same ranking SQL as everywhere else), then the
//! analysis kernels — [`tradewatch_analysis::kernels`], the very functions the single-series
//! facts use — registered as window functions over each series ordered by month. The result
//! streams into a `facts` Delta table, written beside the old one and swapped in only when
//! complete, so a failed run leaves the previous table as it was.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch};
use arrow::datatypes::{DataType, Field, FieldRef};
use chrono::NaiveDate;
use datafusion::error::DataFusionError;
use datafusion::logical_expr::function::{PartitionEvaluatorArgs, WindowUDFFieldArgs};
use datafusion::logical_expr::{
    PartitionEvaluator, Signature, Volatility, WindowUDF, WindowUDFImpl,
};
use futures::StreamExt;
use tradewatch_analysis::kernels;
use tradewatch_model::schema;

use crate::{Error, Result, Store, delta, open_or_create, query, views};

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

/// The facts query: the current monthly rows with each kernel over its series.
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

/// The bulk job's session: many small plan partitions. DataFusion's window operator buffers a
/// partition's input and its cost grows faster than linearly with it, so 64 partitions on two
/// cores ran the 19 M-row benchmark in half the time (and memory) of two; see BENCHMARKS.md.
fn bulk_config() -> datafusion::prelude::SessionConfig {
    datafusion::prelude::SessionConfig::new().with_target_partitions(BULK_PARTITIONS)
}

const BULK_PARTITIONS: usize = 64;

/// What `facts --all` wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BulkFacts {
    pub path: PathBuf,
    pub rows: u64,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::DataDir {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

impl Store {
    /// The plan of `facts_all` run with EXPLAIN ANALYZE: where the time goes, operator by
    /// operator.
    pub async fn explain_facts_all(&self, as_of: Option<NaiveDate>) -> Result<String> {
        let ctx = self.session_with(as_of, bulk_config()).await?;
        let batches = ctx
            .sql(&format!("EXPLAIN ANALYZE {}", facts_sql(as_of)))
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
        Ok(out)
    }

    /// Computes every fact of every monthly series into the Delta table at `out` (default: the
    /// store's `facts` directory), replacing it when complete.
    pub async fn facts_all(
        &self,
        out: Option<&Path>,
        as_of: Option<NaiveDate>,
    ) -> Result<BulkFacts> {
        // One writer at a time: the facts table is the store's, and vacuum must not take
        // the staging table for an orphan.
        let _lock = self.lock().await?;
        let out = match out {
            Some(p) => std::path::absolute(p).map_err(io(p))?,
            None => self.dir().join("facts"),
        };
        let parent = out.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = out
            .file_name()
            .map_or("facts".to_string(), |n| n.to_string_lossy().to_string());
        let staging = parent.join(format!(".{name}.writing-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        let target = schema::facts();
        let mut table = open_or_create(&staging, "facts", target.clone()).await?;
        let ctx = self.session_with(as_of, bulk_config()).await?;
        let df = ctx
            .sql(&facts_sql(as_of))
            .await
            .map_err(query("planning the facts query"))?;
        let streams = df
            .execute_stream_partitioned()
            .await
            .map_err(query("starting the facts query"))?;
        // One writer per core, each draining its share of the plan's partitions; the staging
        // table takes one commit per writer (it is swapped in whole afterwards).
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut shares: Vec<Vec<_>> = (0..workers).map(|_| Vec::new()).collect();
        for (i, s) in streams.into_iter().enumerate() {
            shares[i % workers].push(s);
        }
        let mut tasks = Vec::new();
        for share in shares.into_iter().filter(|s| !s.is_empty()) {
            let mut writer = deltalake::writer::RecordBatchWriter::for_table(&table)
                .map_err(delta("preparing to write facts"))?;
            let target = target.clone();
            tasks.push(tokio::spawn(async move {
                use deltalake::writer::DeltaWriter;
                let mut merged = futures::stream::select_all(share);
                let mut rows = 0u64;
                while let Some(batch) = merged.next().await {
                    let batch = batch.map_err(query("computing facts"))?;
                    rows += batch.num_rows() as u64;
                    writer
                        .write(conform(&batch, &target)?)
                        .await
                        .map_err(delta("writing facts"))?;
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
        // Swap the finished table in.
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if out.exists() {
            std::fs::rename(&out, &old).map_err(io(&out))?;
        }
        std::fs::rename(&staging, &out).map_err(io(&staging))?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(BulkFacts { path: out, rows })
    }
}

/// Casts a result batch to the table's schema (the engine may hand out string views).
fn conform(batch: &RecordBatch, target: &arrow::datatypes::SchemaRef) -> Result<RecordBatch> {
    let columns: Vec<ArrayRef> = target
        .fields()
        .iter()
        .zip(batch.columns())
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
