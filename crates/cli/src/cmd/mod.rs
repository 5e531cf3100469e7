//! The verbs. Each file holds a clap `Args` struct and a `run` that reads top to bottom:
//! config → open store → call the stage → print.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use tradewatch_analysis::Subject;
use tradewatch_model::{Baskets, Countries, Flow, Measure, Period};

use crate::config::StoreArgs;

pub(crate) mod alerts;
pub(crate) mod baskets;
pub(crate) mod brief;
pub(crate) mod chart;
#[cfg(feature = "cluster")]
pub(crate) mod cluster;
pub(crate) mod diff;
pub(crate) mod events;
pub(crate) mod export;
pub(crate) mod facts;
pub(crate) mod fetch;
pub(crate) mod ingest;
pub(crate) mod optimize;
pub(crate) mod releases;
pub(crate) mod series;
pub(crate) mod serve;
pub(crate) mod sql;
pub(crate) mod vacuum;
pub(crate) mod verify;
pub(crate) mod watch;

const ABOUT: &str = "tradewatch — trade in critical materials from official customs statistics, \
turned into facts you can trace to their source.";

const EXAMPLES: &str = "\
Examples:
  tradewatch brief --reporter CHN --partner USA --basket rare-earth-magnets --period 2025-09
  tradewatch facts --reporter CHN --partner WLD --basket rare-earth-magnets --period 2025-09 --format json
  tradewatch facts --partner '*' --basket rare-earth-magnets --period 2025-09
  tradewatch events --basket rare-earth-magnets
  tradewatch series --reporter CHN --partner USA --basket rare-earth-magnets --from 2025-01
  tradewatch ingest my-figures.csv
  tradewatch serve                        # dashboard and API on http://127.0.0.1:8080/
  tradewatch chart --partner USA --basket rare-earth-magnets --events --out us.png
  tradewatch sql \"SELECT period, value FROM current WHERE partner = 'USA' ORDER BY period_start\"

On first use the store (--data-dir, $TRADEWATCH_DATA_DIR, or ~/.local/share/tradewatch) ingests
the bundled dataset, so every command works on a fresh machine.

Exit codes: 0 success; 1 an error, or an ingest with rejected rows (nothing committed);
2 bad usage.";

#[derive(Debug, Parser)]
#[command(name = "tradewatch", version, about = ABOUT, after_help = EXAMPLES)]
struct Cli {
    #[command(flatten)]
    store: StoreArgs,
    /// How log lines look on stderr: `text` or `json` (one object a line). Which lines: the
    /// RUST_LOG variable (default: warnings, and `serve`'s request lines).
    #[arg(
        long,
        env = "TRADEWATCH_LOG_FORMAT",
        global = true,
        value_enum,
        default_value_t = LogFormat::Text
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read files into the store as new releases (all rows of a file or none).
    Ingest(ingest::Args),
    /// Print a series: the current level of each period, with its source.
    Series(series::Args),
    /// Print every fact for a period, each with its provenance.
    Facts(facts::Args),
    /// Write a short brief for a period, every figure footnoted.
    Brief(brief::Args),
    /// List the releases (vintages) in the store with their row counts.
    Releases(releases::Args),
    /// Run SQL over the tables `observations`, `releases` and the view `current`.
    Sql(sql::Args),
    /// List the baskets (built in, and the data dir's baskets/*.toml) and their codes.
    Baskets(baskets::Args),
    /// Show what a release revised and what it added.
    Diff(diff::Args),
    /// Fetch from an agency's API (comtrade, census, comext) and ingest what it returns.
    Fetch(fetch::Args),
    /// List the policy events (export controls, licensing, tariffs, talks) and, for a basket,
    /// the levels before and after each.
    Events(events::Args),
    /// Check the numbers in an article (text or HTML) against the data.
    Verify(verify::Args),
    /// Serve the JSON API, its OpenAPI document and the dashboard.
    Serve(serve::Args),
    /// Draw a series as SVG or PNG, with title, units, source line and policy events.
    Chart(chart::Args),
    /// Remove the Parquet files no table version references (left by killed writers).
    Vacuum(vacuum::Args),
    /// Rewrite the observations in series order, so that one series is read from a few pages.
    Optimize(optimize::Args),
    /// Run this binary as a DataFusion Ballista scheduler or executor, or both on loopback
    /// (`cluster up`), for `facts --all --engine df://HOST:PORT`.
    #[cfg(feature = "cluster")]
    Cluster(cluster::Args),
    /// Write observations, the current view, a series, facts, the releases or a query to CSV,
    /// JSON Lines, Parquet or XLSX, with every row's source.
    Export(export::Args),
    /// Alert rules: init, rules, list, show, silence, backtest, deliver.
    Alerts(alerts::Args),
    /// Monitor on its own: ingest the inbox, evaluate the rules, flag late releases, deliver.
    Watch(watch::Args),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one per command into a directory.
    Man(ManArgs),
}

#[derive(Debug, Args)]
struct CompletionsArgs {
    /// The shell. bash: `source <(tradewatch completions bash)`, or save it as
    /// ~/.local/share/bash-completion/completions/tradewatch.
    shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
struct ManArgs {
    /// Write tradewatch.1 and tradewatch-VERB.1 for every command into this directory instead
    /// of printing tradewatch.1 (then: `man -l DIR/tradewatch-verify.1`, or put DIR/*.1 under
    /// a man1 directory on MANPATH).
    #[arg(long, value_name = "DIR")]
    dir: Option<std::path::PathBuf>,
}

/// Prints the completion script for a shell.
fn completions(a: &CompletionsArgs) -> Result<ExitCode> {
    use std::io::Write;
    let mut cmd = <Cli as clap::CommandFactory>::command();
    // Into a buffer first: the generator panics when its writer fails (`| head`), and a
    // closed pipe is not an error here.
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "tradewatch", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page, or writes one page per command.
fn man(a: &ManArgs) -> Result<ExitCode> {
    use anyhow::Context;
    use std::io::Write;
    let cmd = <Cli as clap::CommandFactory>::command();
    let Some(dir) = &a.dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut page)?;
        std::io::stdout().lock().write_all(&page)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut pages = vec![("tradewatch".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        pages.push((format!("tradewatch-{}", sub.get_name()), sub.clone()));
    }
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        let mut text = Vec::new();
        clap_mangen::Man::new(page)
            .title(name.clone())
            .render(&mut text)?;
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses the command line and runs the verb.
pub(crate) fn run() -> Result<ExitCode> {
    // Before the arguments are checked: a --basket may name one of the data dir's baskets.
    crate::config::install_user_baskets()?;
    let cli = Cli::parse();
    init_logging(
        cli.log_format,
        matches!(cli.command, Command::Serve(_) | Command::Watch(_)),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Ingest(a) => ingest::run(&cli.store, a).await,
            Command::Series(a) => series::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Facts(a) => facts::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Brief(a) => brief::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Releases(a) => releases::run(&cli.store, a)
                .await
                .map(|()| ExitCode::SUCCESS),
            Command::Sql(a) => sql::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Baskets(a) => baskets::run(a).map(|()| ExitCode::SUCCESS),
            Command::Diff(a) => diff::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Fetch(a) => fetch::run(&cli.store, a).await,
            Command::Events(a) => events::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Verify(a) => verify::run(&cli.store, a).await,
            Command::Serve(a) => serve::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Chart(a) => chart::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Vacuum(a) => vacuum::run(&cli.store, a).await,
            Command::Optimize(a) => optimize::run(&cli.store, a)
                .await
                .map(|()| ExitCode::SUCCESS),
            #[cfg(feature = "cluster")]
            Command::Cluster(a) => cluster::run(a).await.map(|()| ExitCode::SUCCESS),
            Command::Export(a) => export::run(&cli.store, a).await.map(|()| ExitCode::SUCCESS),
            Command::Alerts(a) => alerts::run(&cli.store, a).await,
            Command::Watch(a) => watch::run(&cli.store, a).await,
            Command::Completions(a) => completions(&a),
            Command::Man(a) => man(&a),
        }
    })
}

/// The selectors of a series, shared by `series`, `facts` and `brief`.
#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["basket", "codes"])))]
pub(crate) struct Selector {
    /// Reporting country (ISO3).
    #[arg(long, default_value = "CHN", value_parser = parse_country)]
    pub(crate) reporter: String,
    /// Partner (ISO3, WLD for the world, EUN for the EU-27, X_EUROPE …).
    #[arg(long, default_value = "WLD", value_parser = parse_country)]
    pub(crate) partner: String,
    /// Basket id (see `tradewatch baskets`), or give --code instead.
    #[arg(long, value_parser = parse_basket)]
    pub(crate) basket: Option<String>,
    /// A commodity code of any classification as the subject, instead of a basket: repeatable
    /// (the codes' figures are summed), and `8505*` takes every code that starts with 8505.
    #[arg(long = "code", value_name = "CODE", value_parser = parse_code)]
    pub(crate) codes: Vec<String>,
    /// Trade flow.
    #[arg(long, default_value = "export", value_parser = parse_flow)]
    pub(crate) flow: Flow,
    /// quantity or value.
    #[arg(long, default_value = "quantity", value_parser = parse_measure)]
    pub(crate) measure: Measure,
    /// Show the store as it stood on this date (releases published by then).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
}

impl Selector {
    /// The basket id, or the key of the code subject (`code:850511`).
    pub(crate) fn basket_key(&self) -> String {
        subject_key(self.basket.as_deref(), &self.codes).unwrap_or_default()
    }

    pub(crate) fn subject(&self) -> Subject {
        Subject {
            reporter: self.reporter.clone(),
            partner: self.partner.clone(),
            flow: self.flow,
            basket: self.basket_key(),
            measure: self.measure,
        }
    }
}

pub(crate) fn parse_country(s: &str) -> Result<String, String> {
    Countries::builtin()
        .check(s)
        .map(|c| c.iso3.clone())
        .map_err(|e| format!("{e} (use ISO3 codes such as CHN, USA, DEU, or WLD for the world)"))
}

pub(crate) fn parse_basket(s: &str) -> Result<String, String> {
    Baskets::current().lookup(s).map(|b| b.id)
}

/// One `--code`: digits (dots allowed), with an optional trailing `*`.
pub(crate) fn parse_code(s: &str) -> Result<String, String> {
    tradewatch_model::basket::CodeSelector::parse(s)
        .map(|c| c.to_string())
        .map_err(|e| e.to_string())
}

/// The subject key of `--basket` or `--code`s (clap makes sure one of them is given).
pub(crate) fn subject_key(basket: Option<&str>, codes: &[String]) -> Option<String> {
    if codes.is_empty() {
        return basket.map(str::to_string);
    }
    tradewatch_model::Basket::for_codes(codes)
        .ok()
        .map(|b| b.id)
}

pub(crate) fn parse_flow(s: &str) -> Result<Flow, String> {
    s.parse()
        .map_err(|e: tradewatch_model::Error| e.to_string())
}

pub(crate) fn parse_measure(s: &str) -> Result<Measure, String> {
    match s.parse::<Measure>() {
        Ok(m @ (Measure::Quantity | Measure::Value)) => Ok(m),
        _ => Err(format!("'{s}' is not a level measure (quantity or value)")),
    }
}

pub(crate) fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
        .map_err(|e: tradewatch_model::Error| e.to_string())
}

/// A size in bytes: `1073741824`, `512M`, `2G` (K, M, G are powers of 1024).
pub(crate) fn parse_bytes(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 10),
        Some((i, 'm' | 'M')) => (&t[..i], 20),
        Some((i, 'g' | 'G')) => (&t[..i], 30),
        _ => (t, 0),
    };
    let n: usize = digits
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a size such as 1073741824, 512M or 2G"))?;
    let bytes = n
        .checked_mul(1usize << shift)
        .ok_or_else(|| format!("'{s}' is too large"))?;
    if bytes < (1 << 20) {
        return Err(format!("'{s}': at least 1M is needed"));
    }
    Ok(bytes)
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("'{s}' is not a YYYY-MM-DD date"))
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// The libraries log through `tracing`; this decides what reaches stderr. RUST_LOG wins;
/// otherwise warnings and errors, plus the request lines when serving.
fn init_logging(format: LogFormat, serving: bool) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    // Our crates' warnings; the libraries under them (Delta's kernel logs its errors with a
    // backtrace) only through RUST_LOG — their errors reach the user as ours.
    let ours = "off,tradewatch_store=warn,tradewatch_sources=warn,tradewatch_analysis=warn,tradewatch_narrative=warn,tradewatch_verify=warn,tradewatch_alerts=warn,tradewatch_cli=warn";
    let default = if serving {
        format!("{ours},tradewatch_server=info")
    } else {
        format!("{ours},tradewatch_server=warn")
    };
    // RUST_LOG's `level,target=level,…` form (no span filters).
    let filter: Targets = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| default.parse().unwrap_or_default());
    // Colours only for a terminal: a log file or a pipe gets plain text.
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false);
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match format {
        LogFormat::Text => registry.with(layer).try_init(),
        LogFormat::Json => registry.with(layer.json()).try_init(),
    };
}
