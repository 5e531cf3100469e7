//! `tradewatch watch`: the monitor. Each pass ingests the files dropped into the inbox (the
//! agencies' downloads that have no API), evaluates the rules on every release not yet
//! evaluated, raises `late` alerts from the release calendars, and sends what the outbox
//! holds. `--once` runs one pass (for cron); otherwise it runs until SIGTERM or ctrl-c,
//! finishing the pass in progress. One watch per data dir.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate, Utc};
use tradewatch_alerts::{AlertLog, RuleSet};
use tradewatch_model::{Month, Period};
use tradewatch_sources::Options;
use tradewatch_sources::fetch::Api;
use tradewatch_store::Store;

use crate::config::StoreArgs;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch watch                    # runs until SIGTERM / ctrl-c
  tradewatch watch --once             # one pass, for cron; exit 1 if anything failed

The inbox (default <data dir>/inbox, [watch] inbox in the rule file) takes files with no API,
such as GACC downloads: each is ingested once and moved to inbox/done/ or inbox/rejected/.")]
pub(crate) struct Args {
    /// One pass, then exit.
    #[arg(long)]
    once: bool,
    /// Seconds between passes (default: the rule file's [watch] interval_secs, else 300).
    #[arg(long, value_name = "SECONDS")]
    interval: Option<u64>,
    /// The day late releases are judged on (default: today).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    today: Option<NaiveDate>,
}

/// Holds `alerts/watch.lock` for the watch's life: a second watch of the same data dir
/// fails at once, naming the first.
fn claim(dir: &Path) -> Result<std::fs::File> {
    let alerts = dir.join("alerts");
    std::fs::create_dir_all(&alerts).with_context(|| format!("creating {}", alerts.display()))?;
    let path = alerts.join("watch.lock");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            bail!(
                "another watch runs on {} ({}); one watch per data dir",
                dir.display(),
                holder.trim()
            );
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("locking {}", path.display()));
        }
    }
    f.set_len(0)?;
    writeln!(
        f,
        "pid {} since {}",
        std::process::id(),
        Utc::now().to_rfc3339()
    )?;
    Ok(f)
}

/// The inbox's files, by name; not directories, hidden or partial (`.part`, `.tmp`) files.
fn inbox_files(inbox: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(inbox) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(e).with_context(|| format!("reading {}", inbox.display())),
    };
    for e in entries {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        if !e.file_type()?.is_file()
            || name.starts_with('.')
            || name.ends_with(".part")
            || name.ends_with(".tmp")
        {
            continue;
        }
        files.push(e.path());
    }
    files.sort();
    Ok(files)
}

fn move_into(file: &Path, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = file.file_name().context("a file with no name")?;
    let mut target = dir.join(name);
    if target.exists() {
        target = dir.join(format!(
            "{}.{}",
            name.to_string_lossy(),
            Utc::now().format("%Y%m%dT%H%M%S%.3f")
        ));
    }
    std::fs::rename(file, &target)
        .with_context(|| format!("moving {} to {}", file.display(), target.display()))
}

/// One pass. Returns false when something failed (a rejected file, an undelivered alert).
async fn pass(
    store: &StoreArgs,
    st: &mut Store,
    rules: &RuleSet,
    today: NaiveDate,
) -> Result<bool> {
    let dir = store.dir()?;
    st.refresh().await?;
    let mut ok = true;
    // The log's baseline before anything is ingested: on a first pass, files from the inbox
    // are new releases to evaluate, not part of what was there before the rules.
    {
        let releases = st.releases().await?;
        let mut log = tokio::task::block_in_place(|| AlertLog::open(&dir))?;
        tradewatch_alerts::run::baseline(&releases, &mut log, &[], Utc::now())?;
    }
    // Agency queries whose months fell due and are not in the store yet.
    for spec in &rules.watch.fetch {
        let Some(cal) = rules.calendars.get(&spec.source) else {
            continue;
        };
        let latest = st
            .latest_month(spec.source.as_str(), Some(&spec.reporter))
            .await?
            .map(Month::from_index);
        let api: Api = spec
            .source
            .as_str()
            .parse()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let due = if api == Api::Comtrade {
            // UN Comtrade publishes each reporter when it reports: its data-availability
            // endpoint says which months are out, whatever the calendar guesses.
            let last = Month::new(today.year(), today.month())?.plus(-1);
            let candidates: Vec<Month> = match latest {
                Some(l) => (1..=12)
                    .map(|k| l.plus(k))
                    .take_while(|m| *m <= last)
                    .collect(),
                None => (0..3).rev().map(|k| last.plus(-k)).collect(),
            };
            if candidates.is_empty() {
                continue;
            }
            let base = spec
                .base_url
                .clone()
                .or_else(|| std::env::var("TRADEWATCH_FETCH_BASE_URL").ok())
                .unwrap_or_else(|| api.default_base_url().to_string());
            let key = std::env::var("COMTRADE_API_KEY")
                .ok()
                .filter(|k| !k.trim().is_empty());
            match tradewatch_sources::fetch::comtrade_available(
                &base,
                key.as_deref(),
                &spec.reporter,
                &candidates,
                Duration::from_secs(60),
            )
            .await
            {
                Ok(months) => months,
                Err(e) => {
                    let text = tradewatch_sources::fetch::redact(&e.to_string(), key.as_deref());
                    eprintln!("error: asking UN Comtrade what is available: {text}");
                    ok = false;
                    continue;
                }
            }
        } else {
            cal.due_months(latest, today)
        };
        let (Some(&from), Some(&to)) = (due.first(), due.last()) else {
            continue;
        };
        eprintln!(
            "tradewatch: {} {}..{} is due; fetching",
            spec.source,
            Period::Month(from),
            Period::Month(to)
        );
        let args = super::fetch::Args::scheduled(
            api,
            spec.reporter.clone(),
            spec.partner.clone(),
            spec.flow,
            spec.basket.clone(),
            spec.codes.clone(),
            from,
            to,
            spec.base_url.clone(),
            dir.join("raw")
                .join(api.as_str())
                .join(format!("watch-{today}")),
        );
        if super::fetch::run(store, args).await? != ExitCode::SUCCESS {
            ok = false;
        }
        st.refresh().await?;
    }
    let inbox = dir.join(&rules.watch.inbox);
    let options = Options::default();
    for file in inbox_files(&inbox)? {
        let accepted = super::ingest::ingest_path(st, &file, &options, None).await?;
        if accepted {
            move_into(&file, &inbox.join("done"))?;
            tradewatch_alerts::crash_point("after-ingest");
        } else {
            ok = false;
            move_into(&file, &inbox.join("rejected"))?;
        }
    }
    let mut log = tokio::task::block_in_place(|| AlertLog::open(&dir))?;
    ok &= super::alerts::evaluate_and_deliver(st, rules, &mut log, &dir, &[], Some(today)).await?;
    Ok(ok)
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<ExitCode> {
    // SIGTERM is ours from the start: a stop that arrives during the first pass waits for it.
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("listening for SIGTERM")?;
    let dir = store.dir()?;
    // A bad rule file stops the watch before anything runs.
    let Some(mut rules) = super::alerts::load(store)? else {
        let path = super::alerts::rules_path(store)?;
        bail!(
            "no rule file at {} (`tradewatch alerts init` writes an example, or pass --rules FILE)",
            path.display()
        );
    };
    let _claim = claim(&dir)?;
    let mut st = store.open_for(crate::config::Reads::Many).await?;
    let interval = Duration::from_secs(args.interval.unwrap_or(rules.watch.interval_secs).max(1));
    let today = || args.today.unwrap_or_else(|| Utc::now().date_naive());
    if args.once {
        let ok = pass(store, &mut st, &rules, today()).await?;
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    eprintln!(
        "tradewatch: watching {} ({} rule(s), inbox {}, every {} s)",
        dir.display(),
        rules.rules.len(),
        dir.join(&rules.watch.inbox).display(),
        interval.as_secs()
    );
    loop {
        // The rule file is read again each pass; a broken edit keeps the last good rules.
        match super::alerts::load(store) {
            Ok(Some(r)) => rules = r,
            Ok(None) => {}
            Err(e) => eprintln!("error: {e:#} (keeping the rules read before)"),
        }
        if let Err(e) = pass(store, &mut st, &rules, today()).await {
            eprintln!("error: {e:#}");
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = term.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    eprintln!("tradewatch: watch stopped");
    Ok(ExitCode::SUCCESS)
}
