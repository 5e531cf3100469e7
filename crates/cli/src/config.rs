//! Settings shared by every command: where the store lives, and opening it (ingesting the
//! bundled dataset the first time).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use tradewatch_model::Source;
use tradewatch_sources::{Options, bundled};
use tradewatch_store::{NewRelease, Store};

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub(crate) struct StoreArgs {
    /// Data directory (default: $TRADEWATCH_DATA_DIR, else the platform data dir,
    /// e.g. ~/.local/share/tradewatch).
    #[arg(long, env = "TRADEWATCH_DATA_DIR", global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
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
            store
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
            eprintln!(
                "tradewatch: new store in {}: ingested the bundled dataset ({n} rows, release `bundled`)",
                dir.display()
            );
        }
        Ok(store)
    }
}
