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
    /// Most observations kept in memory for reads (series, facts, verify, the API): up to this
    /// many, reads filter a copy in memory made after each change; beyond it (or at 0), each
    /// read queries the tables. About 80 bytes an observation.
    #[arg(
        long,
        env = "TRADEWATCH_RESIDENT_ROWS",
        global = true,
        value_name = "ROWS",
        default_value_t = tradewatch_store::DEFAULT_RESIDENT_ROWS
    )]
    pub(crate) resident_rows: u64,
    /// Alert rules (default: alerts.toml in the data dir; without one, no alerts).
    #[arg(long, env = "TRADEWATCH_RULES", global = true, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
}

impl StoreArgs {
    pub(crate) fn dir(&self) -> Result<PathBuf> {
        match &self.data_dir {
            Some(d) => Ok(d.clone()),
            None => dirs::data_dir()
                .map(|d| d.join("tradewatch"))
                .context("no --data-dir, no TRADEWATCH_DATA_DIR and no platform data directory"),
        }
    }

    /// Opens the store; a store with no release yet ingests the bundled dataset first, through
    /// the same path as any file.
    pub(crate) async fn open(&self) -> Result<Store> {
        let dir = self.dir()?;
        let mut store = Store::open(&dir)
            .await
            .with_context(|| format!("opening the store in {}", dir.display()))?;
        store.set_resident_rows(self.resident_rows);
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
