//! `tradewatch optimize`: the observations rewritten in series order.
//!
//! Ingest writes rows in the order of the files it reads, one set of Parquet files per release.
//! A series query then finds its rows in every file and in many row groups of each: at 100 M
//! observations from one generated file, ten row groups of a million rows each, and 800,000
//! rows decoded for the 132 that were asked for. Sorted by (reporter, code, partner, flow,
//! measure, period), one series is a run of neighbouring rows: the row-group statistics leave
//! one or two row groups and the page index a page or two of each.
//!
//! The rewrite changes no row. It reads the table at one version, sorts it with DataFusion
//! within a memory limit (sorted runs spill to disk and are merged), writes the rows to new
//! files and makes them the table with one commit that removes every old file and adds the
//! new ones, both marked as no change of data. It runs under the writer lock, so no ingest
//! commits in between; a failure before the commit leaves the table as it was (the files
//! already written are orphans for `tradewatch vacuum`). Older table versions keep their
//! files until a vacuum, which never removes a file any version of the log names.

use std::sync::Arc;

use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::SessionConfig;
use deltalake::kernel::Action;
use deltalake::kernel::transaction::CommitBuilder;
use deltalake::protocol::DeltaOperation;
use deltalake::writer::{DeltaWriter, RecordBatchWriter};
use futures::StreamExt;
use serde::Serialize;

use crate::{CitationBounds, Error, Result, Store, delta, observation_properties, query};

/// The order the rows are written in: a series' own rows are neighbours, and the series of one
/// reporter and code (a basket's panel) are too. `release` and `line` only make it total.
pub const SORT_ORDER: &str = "reporter, code, partner, flow, measure, period_start, \
                              period_months, classification, unit, source, release, line";

/// How an optimize runs.
#[derive(Debug, Clone)]
pub struct OptimizeOptions {
    /// Memory for the sort's rows; beyond it, sorted runs are spilled to disk and merged.
    pub memory: usize,
    /// Rows per written file (the last one holds the rest).
    pub file_rows: usize,
}

/// The sort's memory by default, as for `facts --all`.
pub const DEFAULT_OPTIMIZE_MEMORY: usize = 1 << 30;

/// Rows per file by default: about 250 MB of Parquet at this schema.
pub const DEFAULT_FILE_ROWS: usize = 20_000_000;

impl Default for OptimizeOptions {
    fn default() -> Self {
        OptimizeOptions {
            memory: DEFAULT_OPTIMIZE_MEMORY,
            file_rows: DEFAULT_FILE_ROWS,
        }
    }
}

/// What an optimize did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Optimized {
    /// The observations table's version read, and the version the rewrite committed (the same
    /// when there was nothing to rewrite).
    pub read_version: u64,
    pub version: u64,
    pub files_before: usize,
    pub files_after: usize,
    /// Rows read and written (always equal: the commit is refused otherwise).
    pub rows: u64,
}

impl Store {
    /// Rewrites the observations in series order ([`SORT_ORDER`]); see the module notes.
    pub async fn optimize(&mut self, opts: &OptimizeOptions) -> Result<Optimized> {
        let _lock = self.lock().await?;
        // Under the lock the tables as they are now are the whole truth.
        self.refresh().await?;
        self.repair().await?;
        let read_version = self.observations.version().unwrap_or(0);
        let snapshot = self
            .observations
            .snapshot()
            .map_err(delta("reading the observations' files"))?;
        let removes: Vec<Action> = snapshot
            .log_data()
            .iter()
            .map(|f| Action::Remove(f.remove_action(false)))
            .collect();
        let rows_before = self.observation_rows().ok_or_else(|| Error::Internal {
            what: "optimizing the observations".to_string(),
            reason: "a file of the table has no record count in the log".to_string(),
        })?;
        let files_before = removes.len();
        if files_before == 0 {
            return Ok(Optimized {
                read_version,
                version: read_version,
                files_before,
                files_after: 0,
                rows: 0,
            });
        }

        // The sort, in its own runtime: a pool that makes it spill at the limit.
        let memory = opts.memory.max(1 << 20);
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(Arc::new(FairSpillPool::new(memory)))
            .build_arc()
            .map_err(query("preparing the sort"))?;
        // One sorting partition. With one per core, each sorter held its fair share of the
        // pool to the end, and the merge of a 100 M-row sort's spilled runs found nothing
        // left (it failed at 1 GiB). A quarter of the budget is kept back for that merge.
        let mut config = SessionConfig::new().with_target_partitions(1);
        config.options_mut().execution.sort_spill_reservation_bytes =
            (memory / 4).clamp(64 << 10, 256 << 20);
        // Spilled runs compressed: uncompressed, a 100 M-row sort filled 20 GB of the
        // temporary directory in two minutes and failed with the disk full.
        config.options_mut().execution.spill_compression =
            datafusion::common::config::SpillCompression::Zstd;
        // Plain strings: the written files keep the table's own types.
        config
            .options_mut()
            .execution
            .parquet
            .schema_force_view_types = false;
        let mut stream = self
            .tables_session_in(config, runtime)
            .await?
            .sql(&format!("SELECT * FROM observations ORDER BY {SORT_ORDER}"))
            .await
            .map_err(query("planning the sort"))?
            .execute_stream()
            .await
            .map_err(query("sorting the observations"))?;

        let schema = tradewatch_model::schema::observations();
        let mut writer = RecordBatchWriter::for_table(&self.observations)
            .map_err(delta("preparing to write observations"))?
            .with_writer_properties(observation_properties());
        let mut adds: Vec<Action> = Vec::new();
        let mut bounds = CitationBounds::default();
        let (mut rows, mut in_file) = (0u64, 0usize);
        let file_rows = opts.file_rows.max(1);
        while let Some(batch) = stream.next().await {
            let batch = conform(batch.map_err(query("sorting the observations"))?, &schema)?;
            rows += batch.num_rows() as u64;
            // A batch is cut where a file fills, so every file but the last has `file_rows`.
            let mut at = 0;
            while at < batch.num_rows() {
                let take = (file_rows - in_file).min(batch.num_rows() - at);
                let part = batch.slice(at, take);
                bounds.observe(&part)?;
                writer
                    .write(part)
                    .await
                    .map_err(delta("writing the sorted observations"))?;
                (at, in_file) = (at + take, in_file + take);
                if in_file == file_rows {
                    let files = writer
                        .flush()
                        .await
                        .map_err(delta("writing the sorted observations"))?;
                    for add in files {
                        adds.push(Action::Add(unchanged(add, &bounds)?));
                    }
                    bounds = CitationBounds::default();
                    in_file = 0;
                }
            }
        }
        let files = writer
            .flush()
            .await
            .map_err(delta("writing the sorted observations"))?;
        for add in files {
            adds.push(Action::Add(unchanged(add, &bounds)?));
        }
        // Every row read was written, and the log says so, or nothing is committed.
        let written: i64 = adds
            .iter()
            .filter_map(|a| match a {
                Action::Add(add) => add.get_stats().ok().flatten().map(|s| s.num_records),
                _ => None,
            })
            .sum();
        if rows != rows_before || u64::try_from(written).ok() != Some(rows_before) {
            return Err(Error::Internal {
                what: "optimizing the observations".to_string(),
                reason: format!(
                    "the table holds {rows_before} rows; the sort gave {rows} and the new \
                     files record {written}: nothing committed"
                ),
            });
        }
        let files_after = adds.len();
        tracing::info!(
            files_before,
            files_after,
            rows,
            "observations rewritten in series order"
        );
        let actions: Vec<Action> = removes.into_iter().chain(adds).collect();
        let done = CommitBuilder::default()
            .with_actions(actions)
            .build(
                Some(snapshot),
                self.observations.log_store(),
                DeltaOperation::Optimize {
                    predicate: None,
                    target_size: opts.file_rows as i64,
                },
            )
            .await
            .map_err(delta("committing the sorted observations"))?;
        self.observations.state = Some(done.snapshot());
        Ok(Optimized {
            read_version,
            version: self.observations.version().unwrap_or(0),
            files_before,
            files_after,
            rows,
        })
    }
}

/// A new file's add action as a rewrite's: the same rows as before, so no change of data
/// (readers of the change feed and streaming readers skip it), with the citation's bounds.
fn unchanged(
    mut add: deltalake::kernel::Add,
    bounds: &CitationBounds,
) -> Result<deltalake::kernel::Add> {
    add.data_change = false;
    bounds.patch(&mut add)?;
    Ok(add)
}

/// A sorted batch with the table's own schema: DataFusion's output may differ in a column's
/// type (a dictionary written as plain strings) or nullability.
fn conform(
    batch: arrow::record_batch::RecordBatch,
    schema: &arrow::datatypes::SchemaRef,
) -> Result<arrow::record_batch::RecordBatch> {
    let fail = |reason: String| Error::Internal {
        what: "writing the sorted observations".to_string(),
        reason,
    };
    let mut columns = Vec::with_capacity(schema.fields().len());
    for field in schema.fields() {
        let column = batch
            .column_by_name(field.name())
            .ok_or_else(|| fail(format!("the sort gave no column {}", field.name())))?;
        let column = if column.data_type() == field.data_type() {
            column.clone()
        } else {
            arrow::compute::cast(column, field.data_type())
                .map_err(|e| fail(format!("column {}: {e}", field.name())))?
        };
        columns.push(column);
    }
    arrow::record_batch::RecordBatch::try_new(schema.clone(), columns)
        .map_err(|e| fail(e.to_string()))
}
