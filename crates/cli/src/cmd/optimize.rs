//! `tradewatch optimize [--memory BYTES] [--file-rows N]`: rewrites the observations in series
//! order (reporter, code, partner, flow, measure, period) with one commit; no row changes.

use anyhow::Result;

use crate::cmd::parse_bytes;
use crate::config::StoreArgs;
use crate::output::{Format, print_json};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Waits for the writer lock like an ingest. Readers keep the version \
they opened; the old files stay until `tradewatch vacuum`, which removes only files no \
version of the table names."
)]
pub(crate) struct Args {
    /// Bytes of rows the sort may hold (or with a K, M or G suffix: `512M`, `2G`); beyond
    /// it, sorted runs wait on disk in the system's temporary directory.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    memory: Option<usize>,
    /// Rows per written file.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    file_rows: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let mut st = store.open().await?;
    let defaults = tradewatch_store::OptimizeOptions::default();
    let opts = tradewatch_store::OptimizeOptions {
        memory: args.memory.unwrap_or(defaults.memory),
        file_rows: args.file_rows.map_or(defaults.file_rows, |n| {
            usize::try_from(n).unwrap_or(usize::MAX)
        }),
    };
    let done = st.optimize(&opts).await?;
    if args.format == Format::Json {
        return print_json(&done);
    }
    if done.files_before == 0 {
        println!("observations: no files, nothing to rewrite");
        return Ok(());
    }
    println!(
        "observations: {} rows in series order, {} file(s) → {} (version {} → {})",
        done.rows, done.files_before, done.files_after, done.read_version, done.version
    );
    Ok(())
}
