//! `tradewatch vacuum`: the Parquet files no table version references.
//!
//! A writer writes its Parquet files first and makes them part of a table with one commit; a
//! writer killed before its commit (or whose commit lost a race) leaves files that no version
//! of the table names, and a failed `facts --all` leaves its whole staging table. Those are
//! the only files removed. A file any commit of the log ever added — including one a later
//! commit removed, which older versions still need — stays. Runs only while no writer holds
//! the lock, so a file written for a commit still to come is never taken for an orphan.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use deltalake::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde::Serialize;

use crate::{Error, Result, Store, WriterLock, io_error, table_url};

/// One file that no table version references.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Orphan {
    pub path: PathBuf,
    pub bytes: u64,
    /// Why it is an orphan ("not in any commit of observations", "staging table of a failed
    /// facts run").
    pub why: String,
}

/// What a vacuum found (and, unless a dry run, removed).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Vacuum {
    pub orphans: Vec<Orphan>,
    /// Directories removed whole (staging tables of failed `facts --all` runs).
    pub directories: Vec<PathBuf>,
    /// Files every table version still needs, counted per table.
    pub kept: Vec<(String, usize)>,
    pub removed: bool,
}

impl Vacuum {
    /// Bytes the orphans take.
    pub fn bytes(&self) -> u64 {
        self.orphans.iter().map(|o| o.bytes).sum()
    }
}

/// Every data file a table's log names, in any version still in the log (its JSON commits
/// and its checkpoints), as absolute paths.
fn referenced(table_dir: &Path) -> Result<HashSet<PathBuf>> {
    let log = table_dir.join("_delta_log");
    let base = table_url(table_dir)?;
    let mut out = HashSet::new();
    let mut add = |p: &str| {
        // Paths in the log are URL-encoded and relative to the table (or absolute URLs).
        if let Ok(url) = base.join(p)
            && let Ok(file) = url.to_file_path()
        {
            out.insert(file);
        }
    };
    let entries = std::fs::read_dir(&log).map_err(io_error(&log))?;
    let mut json_commits = 0usize;
    for entry in entries {
        let path = entry.map_err(io_error(&log))?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.ends_with(".json") && !name.starts_with('_') && !name.starts_with('.') {
            json_commits += 1;
            let text = std::fs::read_to_string(&path).map_err(io_error(&path))?;
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let action: serde_json::Value =
                    serde_json::from_str(line).map_err(|e| Error::DataDir {
                        path: path.display().to_string(),
                        reason: format!("line {}: not a Delta log action: {e}", i + 1),
                    })?;
                for kind in ["add", "remove"] {
                    if let Some(p) = action
                        .pointer(&format!("/{kind}/path"))
                        .and_then(|p| p.as_str())
                    {
                        add(p);
                    }
                }
            }
        } else if name.contains(".checkpoint") && name.ends_with(".parquet") {
            for p in checkpoint_paths(&path)? {
                add(&p);
            }
        }
    }
    if json_commits == 0 {
        return Err(Error::DataDir {
            path: log.display().to_string(),
            reason: "no commit in the log: not a Delta table, refusing to vacuum it".to_string(),
        });
    }
    Ok(out)
}

/// The `add.path` and `remove.path` values of a checkpoint file.
fn checkpoint_paths(path: &Path) -> Result<Vec<String>> {
    use arrow::array::{Array, StringArray, StructArray};
    let bad = |reason: String| Error::DataDir {
        path: path.display().to_string(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(io_error(path))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| bad(format!("unreadable checkpoint: {e}")))?;
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(format!("unreadable checkpoint: {e}")))?;
        for kind in ["add", "remove"] {
            let Some(col) = batch.column_by_name(kind) else {
                continue;
            };
            let Some(strukt) = col.as_any().downcast_ref::<StructArray>() else {
                continue;
            };
            let Some(paths) = strukt
                .column_by_name("path")
                .and_then(|c| c.as_any().downcast_ref::<StringArray>())
            else {
                continue;
            };
            for i in 0..paths.len() {
                if strukt.is_valid(i) && paths.is_valid(i) {
                    out.push(paths.value(i).to_string());
                }
            }
        }
    }
    Ok(out)
}

/// Every `.parquet` file under a table directory but its log.
fn data_files(table_dir: &Path) -> Result<Vec<(PathBuf, u64)>> {
    let mut out = Vec::new();
    let mut todo = vec![table_dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io_error(&dir))? {
            let entry = entry.map_err(io_error(&dir))?;
            let path = entry.path();
            let meta = entry.metadata().map_err(io_error(&path))?;
            if meta.is_dir() {
                if path.file_name().is_some_and(|n| n != "_delta_log") {
                    todo.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "parquet") {
                out.push((path, meta.len()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => todo.push(e.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}

impl Store {
    /// Finds (and unless `dry_run`, removes) the Parquet files no version of `observations`,
    /// `releases` or `facts` references, and the staging tables of failed `facts --all`
    /// runs. Refuses with [`Error::Locked`] while another process holds the writer lock.
    pub async fn vacuum(&self, dry_run: bool) -> Result<Vacuum> {
        let Some(_lock) = WriterLock::try_acquire(self.dir())? else {
            return Err(Error::Locked {
                path: self.dir().display().to_string(),
                holder: crate::Holder::read(self.dir()).to_string(),
                waited: std::time::Duration::ZERO,
            });
        };
        let mut report = Vacuum {
            removed: !dry_run,
            ..Vacuum::default()
        };
        for name in ["observations", "releases", "facts"] {
            let table = self.dir().join(name);
            if !table.join("_delta_log").is_dir() {
                continue;
            }
            let keep = referenced(&table)?;
            let mut kept = 0;
            for (path, bytes) in data_files(&table)? {
                if keep.contains(&path) {
                    kept += 1;
                } else {
                    report.orphans.push(Orphan {
                        path,
                        bytes,
                        why: format!("not in any commit of {name}"),
                    });
                }
            }
            report.kept.push((name.to_string(), kept));
        }
        // Staging and old tables of `facts --all` runs that did not finish (the writer lock
        // is ours: no run is in progress).
        for entry in std::fs::read_dir(self.dir()).map_err(io_error(self.dir()))? {
            let path = entry.map_err(io_error(self.dir()))?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if path.is_dir() && name.starts_with(".facts.") {
                report.orphans.push(Orphan {
                    bytes: dir_bytes(&path),
                    path: path.clone(),
                    why: if name.starts_with(".facts.spill-") {
                        "bucket files of a facts --all run that did not finish"
                    } else {
                        "staging table of a facts --all run that did not finish"
                    }
                    .to_string(),
                });
                report.directories.push(path);
            }
        }
        if !dry_run {
            for o in &report.orphans {
                let removed = if report.directories.contains(&o.path) {
                    std::fs::remove_dir_all(&o.path)
                } else {
                    std::fs::remove_file(&o.path)
                };
                removed.map_err(io_error(&o.path))?;
                tracing::info!(path = %o.path.display(), bytes = o.bytes, why = %o.why, "vacuum removed");
            }
        }
        Ok(report)
    }
}
