//! `tradewatch ingest FILE...`: each file becomes one release, or nothing.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};
use tradewatch_model::Source;
use tradewatch_sources::{Format, Options};
use tradewatch_store::{NewRelease, Outcome};

use crate::config::StoreArgs;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Formats (detected from the content; --format overrides): tradewatch-csv,
comtrade-json, comtrade-bulk, census-json, gacc-csv, comext-bulk, comext-sdmx, mapped-csv.

Examples:
  tradewatch ingest figures.csv
  tradewatch ingest comtrade-2025-03.json census-imports.json
  tradewatch ingest --flow export 2025-03-exports.csv          # a China customs export
  tradewatch ingest --flow export --period 2025-01..03 --cumulative q1.csv
  tradewatch ingest --mapping my-columns.toml extract.csv

A file with any rejected row is not committed (exit code 1); the report names file:line:field.
A file already ingested (same sha256) changes nothing."
)]
pub(crate) struct Args {
    /// Files to ingest.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Input format (default: detected from the content).
    #[arg(long, value_parser = parse_format)]
    format: Option<Format>,
    /// Source for rows that do not name one.
    #[arg(long, default_value = "user", value_parser = parse_source)]
    source: Source,
    /// Publication date of the release (default: the latest date among its rows, else today).
    #[arg(long, value_parser = super::parse_date)]
    published: Option<NaiveDate>,
    /// The flow, for files that carry none (China customs exports).
    #[arg(long, value_parser = super::parse_flow)]
    flow: Option<tradewatch_model::Flow>,
    /// The period, for files that carry none (China customs' 13-column layout).
    #[arg(long, value_parser = super::parse_period)]
    period: Option<tradewatch_model::Period>,
    /// The file holds cumulative (year-to-date, 累计) figures.
    #[arg(long)]
    cumulative: bool,
    /// A TOML mapping of a CSV's columns onto tradewatch's fields.
    #[arg(long, value_name = "FILE.toml")]
    mapping: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_source(s: &str) -> Result<Source, String> {
    s.parse()
        .map_err(|e: tradewatch_model::Error| e.to_string())
}

/// Hex sha256 of a file's bytes: a release's identity.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn read_with_progress(path: &PathBuf) -> Result<Vec<u8>> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("reading {}", path.display()));
    let mut bytes = Vec::with_capacity(len as usize);
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut chunk)
            .with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    Ok(bytes)
}

/// True when a file is a Comtrade bulk file (read in chunks, whatever its size).
fn is_bulk(path: &PathBuf, options: &Options) -> Result<bool> {
    if let Some(f) = options.format {
        return Ok(f == Format::ComtradeBulk);
    }
    if options.mapping.is_some() {
        return Ok(false);
    }
    let mut head = vec![0u8; 8192];
    let mut file =
        std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let n = file.read(&mut head)?;
    head.truncate(n);
    if head.starts_with(&[0x1f, 0x8b]) {
        return Ok(true);
    }
    let first = String::from_utf8_lossy(&head);
    Ok(tradewatch_sources::comtrade::looks_like_bulk(
        first.lines().next().unwrap_or(""),
    ))
}

/// sha256 of a file, read in chunks.
fn sha256_file(path: &PathBuf) -> Result<String> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        hasher.update(&chunk[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Ingests a Comtrade bulk file in chunks of rows: memory stays bounded whatever the file's
/// size, and the whole file is still one commit (or nothing, on any rejected row).
async fn ingest_bulk(
    st: &mut tradewatch_store::Store,
    path: &PathBuf,
    published: Option<NaiveDate>,
) -> Result<bool> {
    use tradewatch_store::{Begin, ReleaseMeta};
    let name = path.display().to_string();
    let file_name = path
        .file_name()
        .map_or(name.clone(), |f| f.to_string_lossy().to_string());
    let meta = ReleaseMeta {
        id: None,
        source: Source::Comtrade,
        format: Format::ComtradeBulk.as_str().to_string(),
        file_name,
        sha256: sha256_file(path)?,
    };
    let mut writer = match st.begin(meta).await? {
        Begin::AlreadyIngested(r) => {
            println!(
                "{name}: already ingested as release `{}` (same sha256): nothing changed",
                r.id
            );
            return Ok(true);
        }
        Begin::Writer(w) => w,
    };
    let file = std::fs::File::open(path).with_context(|| format!("opening {name}"))?;
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {human_pos} rows ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(format!("ingesting {name}"));
    let reader = match tradewatch_sources::comtrade::BulkReader::open(&name, file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            println!("{name}: rejected, nothing committed");
            return Ok(false);
        }
    };
    // Blocks of lines are read on every core and come back in file order, by column; the
    // store encodes them on every core too (one Parquet writer per core, one commit).
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut reader = reader.parallel(workers);
    loop {
        match tokio::task::block_in_place(|| reader.next_columns()) {
            // After the first rejected row nothing more is written; the rest is read only
            // to report every problem.
            Ok(Some(columns)) => {
                if reader.report().is_clean() {
                    writer.write_columns(columns).await?;
                }
                bar.set_position(reader.report().rows_read);
            }
            Ok(None) => break,
            Err(e) => {
                bar.finish_and_clear();
                eprintln!("{e}");
                println!("{name}: rejected, nothing committed");
                return Ok(false);
            }
        }
    }
    bar.finish_and_clear();
    let report = reader.into_report();
    for s in &report.skipped {
        eprintln!(
            "{name}: skipped {} row(s) from line {}: {}",
            s.rows, s.first_line, s.reason
        );
    }
    if !report.is_clean() {
        for r in report.rejected.iter().take(50) {
            eprintln!("{r}");
        }
        if report.rejected.len() > 50 {
            eprintln!("… and {} more", report.rejected.len() - 50);
        }
        println!(
            "{name}: {} rows read, {} problems: nothing committed",
            report.rows_read,
            report.rejected.len()
        );
        return Ok(false);
    }
    let release = writer
        .commit(st, published)
        .await
        .with_context(|| format!("committing {name}"))?;
    println!(
        "{name}: {} rows read, {} observations accepted, 0 rejected: committed as release `{}` (published {})",
        report.rows_read,
        release.rows,
        release.id,
        release
            .published
            .map_or("unknown".to_string(), |d| d.to_string())
    );
    Ok(true)
}

/// Reads one file's bytes and commits them as a release; prints the report. Returns false
/// when the file was rejected (nothing committed).
pub(crate) async fn ingest_bytes(
    st: &mut tradewatch_store::Store,
    name: &str,
    file_name: &str,
    bytes: &[u8],
    options: &Options,
    published: Option<NaiveDate>,
) -> Result<bool> {
    let parsed = match tradewatch_sources::parse(name, bytes, options) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            println!("{name}: rejected, nothing committed");
            return Ok(false);
        }
    };
    let report = &parsed.report;
    if !report.is_clean() {
        for r in &report.rejected {
            eprintln!("{r}");
        }
        let mut lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
        lines.dedup();
        println!(
            "{name}: {} rows read, {} rejected ({} problems): nothing committed",
            report.rows_read,
            lines.len(),
            report.rejected.len()
        );
        return Ok(false);
    }
    for s in &report.skipped {
        eprintln!(
            "{name}: skipped {} row(s) from line {}: {}",
            s.rows, s.first_line, s.reason
        );
    }
    for n in &report.notes {
        eprintln!("{name}: {n}");
    }
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(format!(
        "committing {} rows of {name}",
        parsed.observations.len()
    ));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let outcome = st
        .ingest(NewRelease {
            id: None,
            source: parsed.source,
            format: parsed.format.as_str().to_string(),
            file_name: file_name.to_string(),
            sha256: sha256(bytes),
            published: published.or(parsed.published),
            observations: parsed.observations,
        })
        .await
        .with_context(|| format!("committing {name}"))?;
    spinner.finish_and_clear();
    match outcome {
        Outcome::Committed(r) => println!(
            "{name}: {} rows accepted, 0 rejected: committed as release `{}` (published {})",
            r.rows,
            r.id,
            r.published.map_or("unknown".to_string(), |d| d.to_string())
        ),
        Outcome::AlreadyIngested(r) => println!(
            "{name}: already ingested as release `{}` (same sha256): nothing changed",
            r.id
        ),
    }
    Ok(true)
}

/// Ingests one file (a Comtrade bulk file in chunks, anything else whole); prints the
/// report. Returns false when the file was rejected (nothing committed).
pub(crate) async fn ingest_path(
    st: &mut tradewatch_store::Store,
    path: &PathBuf,
    options: &Options,
    published: Option<NaiveDate>,
) -> Result<bool> {
    if is_bulk(path, options)? {
        return ingest_bulk(st, path, published).await;
    }
    let name = path.display().to_string();
    let bytes = read_with_progress(path)?;
    let file_name = path
        .file_name()
        .map_or(name.clone(), |f| f.to_string_lossy().to_string());
    ingest_bytes(st, &name, &file_name, &bytes, options, published).await
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<ExitCode> {
    let mapping = match &args.mapping {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("reading the mapping {}", p.display()))?;
            Some(tradewatch_sources::Mapping::from_toml(
                &p.display().to_string(),
                &text,
            )?)
        }
        None => None,
    };
    let mut st = store.open().await?;
    let before = super::alerts::release_ids(&st).await?;
    let mut failed = false;
    let options = Options {
        format: args.format,
        default_source: Some(args.source),
        flow: args.flow,
        period: args.period,
        cumulative: args.cumulative,
        mapping,
    };
    for path in &args.files {
        failed |= !ingest_path(&mut st, path, &options, args.published).await?;
    }
    failed |= !super::alerts::after_new_releases(store, &st, &before).await?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
