//! `tradewatch vacuum [--dry-run]`: removes the Parquet files no table version references
//! (left by killed ingests and failed `facts --all` runs); never one a version needs.

use std::process::ExitCode;

use anyhow::Result;

use crate::config::StoreArgs;
use crate::output::{Format, print_json};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Refuses (exit 1) while another process holds the data directory's \
writer lock: a file written for a commit still to come is not an orphan."
)]
pub(crate) struct Args {
    /// List what would be removed; remove nothing.
    #[arg(long)]
    dry_run: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<ExitCode> {
    let st = store.open().await?;
    let report = st.vacuum(args.dry_run).await?;
    if args.format == Format::Json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let verb = if args.dry_run {
        "would remove"
    } else {
        "removed"
    };
    for o in &report.orphans {
        println!("{verb} {} ({} bytes): {}", o.path.display(), o.bytes, o.why);
    }
    let kept: Vec<String> = report
        .kept
        .iter()
        .map(|(table, n)| format!("{table} {n}"))
        .collect();
    println!(
        "{} orphan(s), {} bytes {verb}; files every version needs, kept: {}",
        report.orphans.len(),
        report.bytes(),
        kept.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
