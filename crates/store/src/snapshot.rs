//! The tables as plain Parquet files at one version each: what an engine that cannot read
//! the Delta log itself (a DataFusion Ballista cluster, whose executors cannot decode
//! delta-rs's scan) is given to read instead.
//!
//! A Delta table's directory holds files that earlier versions removed (an optimize, a
//! replaced facts table) until a vacuum deletes them; a reader of the directory would count
//! their rows twice. The list here is the snapshot's active files and nothing else, and the
//! version it was taken at goes with it, so the reader can say what it read.

use arrow::datatypes::SchemaRef;
use deltalake::DeltaTable;

use crate::{Error, Result, Store, delta, query};

/// One table at one version: its Arrow schema (as the store's own queries see it) and the
/// URL of every Parquet file of that version.
#[derive(Debug, Clone)]
pub struct TableFiles {
    /// `observations` or `releases`.
    pub name: String,
    /// The Delta version the files were taken from.
    pub version: u64,
    pub schema: SchemaRef,
    /// `file:///…/part-….parquet` URLs, percent-encoded (a data directory may hold a space),
    /// in the log's order.
    pub files: Vec<String>,
    /// Their Parquet bytes, as the log records them.
    pub bytes: u64,
    /// Their rows, as the log's statistics record them (`None` when a file has none): what a
    /// reader of the files must find.
    pub rows: Option<u64>,
}

impl Store {
    /// The observations and releases tables as [`TableFiles`], after checking that their
    /// files alone give the table: reader protocol 1 (no deletion vectors, no column
    /// mapping), no partition columns. A table that needs more is refused with
    /// [`Error::NotPlainParquet`] naming what it needs, before anything runs.
    pub async fn table_files(&self) -> Result<Vec<TableFiles>> {
        let mut out = Vec::new();
        for (name, table) in [
            ("observations", &self.observations),
            ("releases", &self.releases),
        ] {
            out.push(files_of(name, table, &self.dir().join(name)).await?);
        }
        Ok(out)
    }
}

async fn files_of(name: &str, table: &DeltaTable, dir: &std::path::Path) -> Result<TableFiles> {
    let snapshot = table.snapshot().map_err(delta(format!("reading {name}")))?;
    let protocol = snapshot.protocol();
    if protocol.min_reader_version() != 1 {
        let features = protocol
            .reader_features()
            .map(|f| {
                f.iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        return Err(Error::NotPlainParquet {
            table: name.to_string(),
            reason: format!(
                "its Delta reader protocol is {} (features: {}); only protocol 1 tables are plain Parquet files",
                protocol.min_reader_version(),
                if features.is_empty() {
                    "none"
                } else {
                    &features
                }
            ),
        });
    }
    let partitions = snapshot.metadata().partition_columns();
    if !partitions.is_empty() {
        return Err(Error::NotPlainParquet {
            table: name.to_string(),
            reason: format!(
                "it is partitioned by {}, whose values are in the log, not in the files",
                partitions.join(", ")
            ),
        });
    }
    let version = snapshot.version();
    let root = url::Url::from_directory_path(dir).map_err(|()| Error::DataDir {
        path: dir.display().to_string(),
        reason: "not an absolute path".to_string(),
    })?;
    let mut files = Vec::new();
    let mut bytes = 0u64;
    let mut rows = Some(0u64);
    for f in snapshot.log_data() {
        // Segment by segment, so that the URL says exactly this file: a space or a '%' in the
        // data directory's path is encoded, and nothing reads as a glob.
        let mut url = root.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().extend(f.path().split('/'));
        }
        files.push(url.to_string());
        bytes += u64::try_from(f.size()).unwrap_or(0);
        rows = rows.zip(f.num_records()).map(|(r, n)| r + n as u64);
    }
    let schema = table
        .table_provider()
        .await
        .map_err(query(format!("reading {name}")))?
        .schema();
    Ok(TableFiles {
        name: name.to_string(),
        version,
        schema,
        files,
        bytes,
        rows,
    })
}
