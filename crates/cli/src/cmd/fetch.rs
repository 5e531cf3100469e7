//! `tradewatch fetch comtrade|census|comext`: ask an agency's API, keep every raw answer
//! under the data dir's `raw/`, and ingest each part as a release.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use tradewatch_model::{Flow, Month, Period};
use tradewatch_sources::Options;
use tradewatch_sources::fetch::{Api, Config, Fetcher, Request, plan, redact};

use super::{parse_basket, parse_country, parse_flow, parse_period};
use crate::config::StoreArgs;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "API keys come from COMTRADE_API_KEY and CENSUS_API_KEY (never printed).
Without a Comtrade key the keyless preview endpoint is used (500 rows a call).
China's customs portal has no API: export the query results by hand and `tradewatch ingest` them.

A request is split into parts under each API's limits; every raw answer is kept under
<data dir>/raw/<api>/ before it is read, and a re-run skips the parts already fetched.

Examples:
  tradewatch fetch comtrade --reporter CHN --partner USA --basket rare-earth-magnets --from 2024-01 --to 2025-06
  CENSUS_API_KEY=... tradewatch fetch census --reporter USA --partner CHN --flow import --code 850511 --from 2025-01 --to 2025-06
  tradewatch fetch comext --reporter DEU --partner CHN --flow import --basket rare-earth-magnets --from 2025-01 --to 2025-03"
)]
pub(crate) struct Args {
    /// comtrade, census or comext.
    api: Api,
    /// Reporting country (ISO3).
    #[arg(long, value_parser = parse_country)]
    reporter: String,
    /// Partner (ISO3; WLD for the world).
    #[arg(long, default_value = "WLD", value_parser = parse_country)]
    partner: String,
    /// Flow.
    #[arg(long, default_value = "export", value_parser = parse_flow)]
    flow: Flow,
    /// A basket whose codes to ask for.
    #[arg(long, value_parser = parse_basket, required_unless_present = "code")]
    basket: Option<String>,
    /// Codes to ask for (repeatable), instead of a basket's.
    #[arg(long)]
    code: Vec<String>,
    /// First month.
    #[arg(long, value_parser = parse_period)]
    from: Period,
    /// Last month.
    #[arg(long, value_parser = parse_period)]
    to: Period,
    /// Base URL of the API (default: the agency's public URL).
    #[arg(long, env = "TRADEWATCH_FETCH_BASE_URL")]
    base_url: Option<String>,
    /// Seconds before a request times out.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Retries after a failed attempt (429, 5xx, timeouts, cut-off answers).
    #[arg(long, default_value_t = 4)]
    retries: u32,
    /// First backoff in milliseconds (doubles each retry, with jitter; capped at 30 s).
    #[arg(long, default_value_t = 1000)]
    backoff_ms: u64,
    /// Least milliseconds between two requests.
    #[arg(long, default_value_t = 1000)]
    min_interval_ms: u64,
    /// Where raw answers are kept (the watch keeps one folder a day, so a month asked for
    /// before the agency published it is asked again the next day).
    #[arg(skip)]
    raw_dir: Option<std::path::PathBuf>,
}

impl Args {
    /// A fetch the watch schedules: the agency's defaults for timeouts and retries.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn scheduled(
        api: Api,
        reporter: String,
        partner: String,
        flow: Flow,
        basket: Option<String>,
        code: Vec<String>,
        from: Month,
        to: Month,
        base_url: Option<String>,
        raw_dir: std::path::PathBuf,
    ) -> Args {
        Args {
            api,
            reporter,
            partner,
            flow,
            basket,
            code,
            from: Period::Month(from),
            to: Period::Month(to),
            base_url: base_url.or_else(|| std::env::var("TRADEWATCH_FETCH_BASE_URL").ok()),
            timeout: 60,
            retries: 4,
            backoff_ms: 1000,
            min_interval_ms: 1000,
            raw_dir: Some(raw_dir),
        }
    }
}

fn month(p: Period, flag: &str) -> Result<Month> {
    p.as_month()
        .ok_or_else(|| anyhow::anyhow!("--{flag} must be a month such as 2025-03, not {p}"))
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<ExitCode> {
    let mut st = store.open().await?;
    let before = super::alerts::release_ids(&st).await?;
    let api_key = args
        .api
        .key_variable()
        .and_then(|v| std::env::var(v).ok())
        .filter(|k| !k.trim().is_empty());
    let config = Config {
        api: args.api,
        base_url: args
            .base_url
            .clone()
            .unwrap_or_else(|| args.api.default_base_url().to_string()),
        api_key: api_key.clone(),
        timeout: Duration::from_secs(args.timeout),
        min_interval: Duration::from_millis(args.min_interval_ms),
        retries: args.retries,
        backoff: Duration::from_millis(args.backoff_ms),
        raw_dir: args
            .raw_dir
            .clone()
            .unwrap_or_else(|| st.dir().join("raw").join(args.api.as_str())),
    };
    let request = Request {
        reporter: args.reporter.clone(),
        partner: args.partner.clone(),
        flow: args.flow,
        basket: args.basket.clone(),
        codes: args.code.clone(),
        from: month(args.from, "from")?,
        to: month(args.to, "to")?,
    };
    let parts = plan(&config, &request)?;
    if args.api == Api::Comtrade && api_key.is_none() {
        eprintln!(
            "no COMTRADE_API_KEY: using the keyless preview endpoint (at most 500 rows a call)"
        );
    }
    let bar = ProgressBar::new(parts.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} parts")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("fetching from {}", args.api.as_str()));
    let mut fetcher = Fetcher::new(config)?;
    let options = Options {
        format: Some(args.api.format()),
        ..Options::default()
    };
    let mut failed = 0;
    for part in &parts {
        match fetcher.fetch(part).await {
            Ok(f) => {
                bar.suspend(|| {
                    eprintln!(
                        "{} {}: {}",
                        part.label,
                        if f.cached {
                            "already fetched"
                        } else {
                            "fetched"
                        },
                        f.path.display()
                    )
                });
                let bytes = std::fs::read(&f.path)?;
                let name = f.path.display().to_string();
                let file_name = f
                    .path
                    .file_name()
                    .map_or(name.clone(), |n| n.to_string_lossy().to_string());
                let ok =
                    super::ingest::ingest_bytes(&mut st, &name, &file_name, &bytes, &options, None)
                        .await?;
                if !ok {
                    failed += 1;
                }
            }
            Err(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("error: {}", redact(&e.to_string(), api_key.as_deref())));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !super::alerts::after_new_releases(store, &st, &before).await? {
        failed += 1;
    }
    println!(
        "{}: {} part(s), {} failed",
        args.api.as_str(),
        parts.len(),
        failed
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
