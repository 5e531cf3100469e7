//! `tradewatch chart`: a series as an SVG or PNG for reports (title, units, source line,
//! policy events marked).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use tradewatch_model::Period;
use tradewatch_server::chart::{ChartInput, png, svg};
use tradewatch_store::SeriesQuery;

use super::{Selector, parse_period};
use crate::config::StoreArgs;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch chart --reporter CHN --partner USA --basket rare-earth-magnets --events --out us.png
  tradewatch chart --basket gallium --from 2023-01 --out gallium.svg")]
pub(crate) struct Args {
    #[command(flatten)]
    selector: Selector,
    /// First month.
    #[arg(long, value_parser = parse_period)]
    from: Option<Period>,
    /// Last month.
    #[arg(long, value_parser = parse_period)]
    to: Option<Period>,
    /// Mark the policy events that name the basket.
    #[arg(long)]
    events: bool,
    /// Output file: `.svg` or `.png`.
    #[arg(long)]
    out: PathBuf,
    /// PNG scale (2 = 1920×1080).
    #[arg(long, default_value_t = 2.0)]
    scale: f32,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let ext = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    if !matches!(ext.as_deref(), Some("svg" | "png")) {
        bail!(
            "--out {}: give a file ending in .svg or .png",
            args.out.display()
        );
    }
    let st = store.open().await?;
    let q = SeriesQuery {
        from: args.from,
        to: args.to,
        as_of: args.selector.as_of,
        ..SeriesQuery::new(args.selector.subject())
    };
    let series = st.series(&q).await?;
    let timeline = super::facts::timeline()?;
    let input = ChartInput::from_series(&series, args.events.then_some(&timeline));
    if input.points.is_empty() {
        bail!("no monthly figures for this selection: nothing to draw");
    }
    let doc = svg(&input);
    let bytes = if ext.as_deref() == Some("png") {
        png(&doc, args.scale).map_err(anyhow::Error::msg)?
    } else {
        doc.into_bytes()
    };
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "{}: {} months, {} event marker(s)",
        args.out.display(),
        input.points.len(),
        input.events.len()
    );
    Ok(())
}
