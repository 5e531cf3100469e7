//! `tradewatch facts`: every fact for a period, each with its provenance; `--partner '*'` for
//! the cross-partner view; `--all` for every series in the store at once.

use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use tradewatch_analysis::{Basis, Fact, FactKind, Subject};
use tradewatch_model::{Flow, Measure, Period, Timeline};
use tradewatch_store::FactsQuery;

use super::{
    parse_basket, parse_bytes, parse_code, parse_country, parse_date, parse_flow, parse_measure,
    parse_period, subject_key,
};
use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch facts --reporter CHN --partner USA --basket rare-earth-magnets --period 2025-09
  tradewatch facts --partner '*' --basket rare-earth-magnets --period 2025-09 --kind rank,share
  tradewatch facts --partner USA --basket rare-earth-magnets --period 2025-09 --format json
  tradewatch facts --basket rare-earths --period 2025-01..09 --kind ytd_change_yoy
  tradewatch facts --all --out /tmp/facts
  tradewatch facts --all --engine df://127.0.0.1:50050   (see `tradewatch cluster up`)

Kinds (--kind):
  one series: level, change_mom, change_yoy, ytd, ytd_change_yoy, streak, turning_point,
    prior_run, highest_since, lowest_since, unit_value, unit_value_change_mom,
    unit_value_change_yoy, mirror_gap, anomaly, event_window, event_timing
  across partners (--partner '*', or a partner's place): rank, share, share_change_mom,
    share_change_yoy, top_partners, hhi, top3_share")]
pub(crate) struct Args {
    /// Reporting country (ISO3).
    #[arg(long, default_value = "CHN", value_parser = parse_country)]
    reporter: String,
    /// Partner (ISO3, WLD for the world), or '*' for every partner: ranks, shares, the top
    /// partners and concentration.
    #[arg(long, default_value = "WLD", value_parser = parse_partner)]
    partner: String,
    /// Basket id (see `tradewatch baskets`); required unless --all or --code.
    #[arg(long, value_parser = parse_basket, required_unless_present_any = ["all", "codes"], conflicts_with = "codes")]
    basket: Option<String>,
    /// A commodity code of any classification as the subject, instead of a basket
    /// (repeatable; `8505*` takes every code that starts with 8505).
    #[arg(long = "code", value_name = "CODE", value_parser = parse_code)]
    codes: Vec<String>,
    /// Trade flow.
    #[arg(long, default_value = "export", value_parser = parse_flow)]
    flow: Flow,
    /// quantity or value.
    #[arg(long, default_value = "quantity", value_parser = parse_measure)]
    measure: Measure,
    /// Show the store as it stood on this date (releases published by then).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// The period (`2025-09`, or a year-to-date span such as `2025-01..09`); required unless
    /// --all.
    #[arg(long, value_parser = parse_period, required_unless_present = "all")]
    period: Option<Period>,
    /// Only these kinds, comma-separated (see the list below).
    #[arg(long, value_delimiter = ',', value_parser = parse_kind)]
    kind: Vec<FactKind>,
    /// Partners in the top list.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Months on each side of a policy event's window.
    #[arg(long, default_value_t = 3, value_name = "MONTHS")]
    window: u32,
    /// Lags (months) over which mirror figures are aligned, `MIN-MAX`.
    #[arg(long, default_value = "0-2", value_parser = parse_lags)]
    lags: (i32, i32),
    /// Every fact of every monthly series in the store (m/m, y/y, streak, record), written as
    /// a Delta table.
    #[arg(long, conflicts_with_all = ["basket", "codes", "period", "kind"])]
    all: bool,
    /// With --all: where to write the table (default: the store's `facts` directory, which
    /// `tradewatch sql` then sees as `facts`).
    #[arg(long, value_name = "DIR", requires = "all")]
    out: Option<PathBuf>,
    /// With --all: bytes of rows the job may hold (or with a K, M or G suffix: `512M`, `2G`);
    /// the rest wait in bucket files beside the output. The whole job takes about this much
    /// plus a few hundred MB, however large the store.
    #[arg(long, value_name = "BYTES", requires = "all", value_parser = parse_bytes)]
    memory: Option<usize>,
    /// With --all: where the job runs: `local` (this process), or `df://HOST:PORT`, the
    /// scheduler of a cluster (`tradewatch cluster up`), which runs the same query on its
    /// executors; the facts are written here either way.
    #[arg(long, value_name = "ENGINE", default_value = "local", requires = "all")]
    engine: String,
    /// With --engine df://…: the job's shuffle partitions, each a task that holds its series
    /// whole (default: sized from the store, about 128 MiB decoded per partition).
    #[arg(long, value_name = "N", requires = "all", value_parser = clap::value_parser!(u64).range(1..=4096))]
    partitions: Option<u64>,
    /// With --all: run the plan with EXPLAIN ANALYZE and print where the time goes instead of
    /// writing the table.
    #[arg(long, requires = "all")]
    explain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// `facts --all --engine df://HOST:PORT`.
#[cfg(feature = "cluster")]
async fn facts_on_cluster(st: &tradewatch_store::Store, args: &Args) -> Result<()> {
    let engine: tradewatch_cluster::Engine = args
        .engine
        .parse()
        .map_err(|e: String| anyhow::anyhow!(e))?;
    if args.memory.is_some() || args.explain {
        bail!(
            "--memory and --explain apply to the local engine; a cluster's executors take --memory"
        );
    }
    let written = tradewatch_cluster::facts_all(
        st,
        &engine,
        args.out.as_deref(),
        args.as_of,
        tradewatch_cluster::VERSION,
        args.partitions.map_or(0, |n| n as usize),
    )
    .await?;
    if args.format == Format::Json {
        return print_json(&written);
    }
    let read: Vec<String> = written
        .read
        .iter()
        .map(|(t, v)| format!("{t} v{v}"))
        .collect();
    eprintln!(
        "wrote {} rows of facts to {} (computed on {} in {} partitions from {} files: {})",
        tradewatch_model::display::number(written.rows as f64, 0),
        written.path.display(),
        written.engine,
        written.partitions,
        written.files,
        read.join(", ")
    );
    Ok(())
}

#[cfg(not(feature = "cluster"))]
async fn facts_on_cluster(_: &tradewatch_store::Store, args: &Args) -> Result<()> {
    bail!(
        "engine '{}': this tradewatch was built without the `cluster` feature; only `local` runs",
        args.engine
    )
}

fn parse_partner(s: &str) -> Result<String, String> {
    if s == "*" {
        Ok(s.to_string())
    } else {
        parse_country(s)
    }
}

fn parse_kind(s: &str) -> Result<FactKind, String> {
    s.parse()
}

fn parse_lags(s: &str) -> Result<(i32, i32), String> {
    let bad = || format!("'{s}' is not a lag range such as 0-2");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let (a, b): (i32, i32) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if a > b || !(0..=12).contains(&a) || !(0..=12).contains(&b) {
        return Err(format!("lags {a}-{b}: want 0 <= MIN <= MAX <= 12"));
    }
    Ok((a, b))
}

/// The policy timeline bundled with the binary.
pub(crate) fn timeline() -> Result<Timeline> {
    Ok(Timeline::new(tradewatch_sources::bundled::events()?))
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    if args.all && args.engine != "local" {
        return facts_on_cluster(&st, &args).await;
    }
    if args.all && args.explain {
        print!("{}", st.explain_facts_all(args.as_of).await?);
        return Ok(());
    }
    if args.partitions.is_some() {
        bail!("--partitions applies to a cluster engine (--engine df://HOST:PORT)");
    }
    if args.all {
        let opts = tradewatch_store::BulkOptions {
            memory: args.memory.unwrap_or(tradewatch_store::DEFAULT_BULK_MEMORY),
            ..tradewatch_store::BulkOptions::default()
        };
        let written = st
            .facts_all_with(args.out.as_deref(), args.as_of, &opts)
            .await?;
        if args.format == Format::Json {
            return print_json(&written);
        }
        eprintln!(
            "wrote {} rows of facts to {}",
            tradewatch_model::display::number(written.rows as f64, 0),
            written.path.display()
        );
        return Ok(());
    }
    let (Some(basket), Some(period)) = (
        subject_key(args.basket.as_deref(), &args.codes),
        args.period,
    ) else {
        bail!("--basket (or --code) and --period are required unless --all");
    };
    let subject = Subject {
        reporter: args.reporter.clone(),
        partner: args.partner.clone(),
        flow: args.flow,
        basket,
        measure: args.measure,
    };
    let mut q = FactsQuery::new(subject, period, timeline()?);
    q.as_of = args.as_of;
    q.top = args.top;
    q.window_months = args.window;
    q.mirror.lags = args.lags.0..=args.lags.1;
    let mut all = st.facts(&q).await?;
    if !args.kind.is_empty() {
        all.retain(|f| args.kind.contains(&f.kind));
    }
    if args.format == Format::Json {
        return print_json(&all);
    }
    if all.is_empty() {
        eprintln!("no facts: the data hold no figure for {period}");
    }
    table(&all).print(args.format)
}

/// The facts as a table: kind, partner, value, basis, comparison, method, sources.
fn table(all: &[Fact]) -> Table {
    let mut t = Table::new(&[
        "kind",
        "partner",
        "period",
        "value",
        "basis",
        "compared with",
        "method",
        "note",
        "sources",
    ]);
    for f in all {
        let base = match (&f.base, &f.since) {
            (_, Some(s)) if f.kind != FactKind::Level => format!(
                "{}{} ({})",
                if f.kind == FactKind::MirrorGap {
                    ""
                } else {
                    "since "
                },
                s.period,
                s.display.clone().unwrap_or_default()
            ),
            (Some(b), _) => format!(
                "{} ({})",
                b.period,
                b.display.clone().unwrap_or_else(|| "no level".to_string())
            ),
            _ => String::new(),
        };
        let mut value = f.display.clone();
        if let Some(r) = &f.reported {
            value.push_str(&format!(
                " [published {}: {}]",
                tradewatch_model::display::amount(r.value, r.unit, None),
                match r.agreement {
                    tradewatch_analysis::Agreement::Exact => "agrees",
                    tradewatch_analysis::Agreement::Rounding => "within rounding",
                    tradewatch_analysis::Agreement::Off => "DISAGREES",
                }
            ));
        }
        let mut sources: Vec<String> = f
            .provenance
            .iter()
            .map(|p| format!("{} {}:{}", p.source, p.release, p.line))
            .collect();
        sources.dedup();
        if let Some(e) = &f.event {
            sources.push(e.source_url.clone());
        }
        t.push(vec![
            f.kind.as_str().to_string(),
            f.subject.partner.clone(),
            f.period.to_string(),
            value,
            match f.basis {
                Basis::Computed => "computed",
                Basis::Reported => "reported",
            }
            .to_string(),
            base,
            f.method.clone(),
            f.note.clone().unwrap_or_default(),
            sources.join(", "),
        ]);
    }
    t
}
