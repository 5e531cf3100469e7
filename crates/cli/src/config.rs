//! Settings shared by every command: where the store lives, and opening it (ingesting the
//! bundled dataset the first time).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use tradewatch_model::Source;
use tradewatch_sources::{Options, bundled};
use tradewatch_store::{Holder, LockWait, NewRelease, Outcome, Store};

/// How a command reads the store, which decides whether it keeps a copy in memory by default.
/// The copy is made by reading every observation once: on a 200,000-observation store that is
/// about 150 ms, three times what the query for one subject costs through the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reads {
    /// One subject, then exit (series, facts, brief, chart, …): every read queries the tables.
    Few,
    /// A server, a watch loop or a batch (many articles, every rule's panels): the copy.
    Many,
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub(crate) struct StoreArgs {
    /// Data directory (default: $TRADEWATCH_DATA_DIR, else the platform data dir,
    /// e.g. ~/.local/share/tradewatch).
    #[arg(long, env = "TRADEWATCH_DATA_DIR", global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// How long a write (ingest, fetch, facts --all) waits for another writer of the same
    /// data directory before it gives up, in seconds (one writer at a time; 0: do not wait).
    #[arg(
        long,
        env = "TRADEWATCH_LOCK_TIMEOUT",
        global = true,
        value_name = "SECONDS",
        default_value_t = 600
    )]
    pub(crate) lock_timeout: u64,
    /// Most observations kept in memory for reads: up to this many, reads filter a copy in
    /// memory made after each change; beyond it (or at 0), each read queries the tables. About
    /// 80 bytes an observation. Default: 4000000 for the commands that read many times (serve,
    /// watch, verify, alerts, export); 0 for the rest, which answer one subject and exit, and
    /// for which making the copy costs more than the queries it saves.
    #[arg(
        long,
        env = "TRADEWATCH_RESIDENT_ROWS",
        global = true,
        value_name = "ROWS"
    )]
    pub(crate) resident_rows: Option<u64>,
    /// Alert rules (default: alerts.toml in the data dir; without one, no alerts).
    #[arg(long, env = "TRADEWATCH_RULES", global = true, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
}

/// The data directory when none is given: the platform's data dir + `tradewatch`.
fn default_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("tradewatch"))
        .context("no --data-dir, no TRADEWATCH_DATA_DIR and no platform data directory")
}

/// The folder of user baskets in a data directory.
pub(crate) fn baskets_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("baskets")
}

/// Makes the data directory's baskets (`<data dir>/baskets/*.toml`) known next to the built-in
/// ones, before the command line is checked, so that `--basket` can name them. The data dir
/// is found the way clap will find it: `--data-dir DIR` or `--data-dir=DIR` anywhere on the
/// line, else $TRADEWATCH_DATA_DIR, else the platform's.
pub(crate) fn install_user_baskets() -> Result<()> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut given = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        if a == "--data-dir" {
            given = args.get(i + 1).map(PathBuf::from);
        } else if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--data-dir=")) {
            given = Some(PathBuf::from(v));
        }
    }
    let dir = match given.or_else(|| std::env::var_os("TRADEWATCH_DATA_DIR").map(PathBuf::from)) {
        Some(d) => d,
        None => match default_dir() {
            Ok(d) => d,
            Err(_) => return Ok(()),
        },
    };
    let folder = baskets_dir(&dir);
    if !folder.is_dir() {
        return Ok(());
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .with_context(|| format!("reading {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let text =
            std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        files.push((p.display().to_string(), text));
    }
    let baskets = tradewatch_model::Baskets::with_files(&files)?;
    tradewatch_model::Baskets::install(baskets);
    Ok(())
}

impl StoreArgs {
    pub(crate) fn dir(&self) -> Result<PathBuf> {
        match &self.data_dir {
            Some(d) => Ok(d.clone()),
            None => default_dir(),
        }
    }

    /// Opens the store for a command that reads a few times and exits (see [`Reads`]); a store
    /// with no release yet ingests the bundled dataset first, through the same path as any
    /// file.
    pub(crate) async fn open(&self) -> Result<Store> {
        self.open_for(Reads::Few).await
    }

    /// [`StoreArgs::open`] for a command that reads as `reads` says.
    pub(crate) async fn open_for(&self, reads: Reads) -> Result<Store> {
        let dir = self.dir()?;
        let mut store = Store::open(&dir)
            .await
            .with_context(|| format!("opening the store in {}", dir.display()))?;
        store.set_resident_rows(self.resident_rows.unwrap_or(match reads {
            Reads::Few => 0,
            Reads::Many => tradewatch_store::DEFAULT_RESIDENT_ROWS,
        }));
        let shown = dir.display().to_string();
        store.set_lock_wait(LockWait {
            timeout: Some(Duration::from_secs(self.lock_timeout)),
            on_wait: Some(Arc::new(move |holder: &Holder| {
                eprintln!(
                    "tradewatch: waiting for the writer lock of {shown}, held by {holder} (--lock-timeout to give up sooner)"
                );
            })),
        });
        if store.is_empty().await? {
            let parsed = tradewatch_sources::parse(
                bundled::OBSERVATIONS_NAME,
                bundled::OBSERVATIONS,
                &Options {
                    default_source: Some(Source::Press),
                    ..Options::default()
                },
            )?;
            anyhow::ensure!(
                parsed.report.is_clean(),
                "the bundled dataset has rejected rows: {:?}",
                parsed.report.rejected
            );
            let n = parsed.observations.len();
            let outcome = store
                .ingest(NewRelease {
                    id: Some("bundled".to_string()),
                    source: parsed.source,
                    format: parsed.format.as_str().to_string(),
                    file_name: bundled::OBSERVATIONS_NAME.to_string(),
                    sha256: crate::cmd::ingest::sha256(bundled::OBSERVATIONS),
                    published: parsed.published,
                    observations: parsed.observations,
                })
                .await
                .context("ingesting the bundled dataset")?;
            // Another process opening the same new store may have ingested it first.
            if matches!(outcome, Outcome::Committed(_)) {
                eprintln!(
                    "tradewatch: new store in {}: ingested the bundled dataset ({n} rows, release `bundled`)",
                    dir.display()
                );
            }
        }
        Ok(store)
    }
}
