//! `tradewatch brief`: a short story for a period, every figure footnoted.

use anyhow::Result;
use tradewatch_model::Period;
use tradewatch_narrative::{BriefInput, partner_words, render, subject_words};
use tradewatch_store::FactsQuery;

use super::{Selector, parse_period};
use crate::config::StoreArgs;
use crate::output::print_json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum BriefFormat {
    #[default]
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch brief --reporter CHN --partner USA --basket rare-earth-magnets --period 2025-09
  tradewatch brief --reporter CHN --basket rare-earths --period 2025-06 --format json
  tradewatch brief --reporter CHN --partner USA --code 850511 --period 2025-03")]
pub(crate) struct Args {
    #[command(flatten)]
    selector: Selector,
    /// The period (`2025-09`).
    #[arg(long, value_parser = parse_period)]
    period: Period,
    /// markdown or json (the brief with its footnotes as data).
    #[arg(long, value_enum, default_value_t)]
    format: BriefFormat,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    let sel = &args.selector;
    let mut q = FactsQuery::new(sel.subject(), args.period, super::facts::timeline()?);
    q.as_of = sel.as_of;
    let input = BriefInput {
        subject_words: subject_words(&sel.reporter, sel.flow, &sel.basket_key()),
        partner_words: partner_words(&sel.partner),
        period: args.period,
        facts: st.facts(&q).await?,
    };
    let brief = render(&input);
    match args.format {
        BriefFormat::Markdown => {
            print!("{}", brief.markdown);
            Ok(())
        }
        BriefFormat::Json => print_json(&brief),
    }
}
