//! `tradewatch brief`: a short story for a period, every figure footnoted.

use anyhow::Result;
use tradewatch_model::{Baskets, Countries, Period};
use tradewatch_narrative::{BriefInput, render};
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
  tradewatch brief --reporter CHN --basket rare-earths --period 2025-06 --format json")]
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

/// "China's exports of rare-earth magnets".
pub(crate) fn subject_words(reporter: &str, flow: tradewatch_model::Flow, basket: &str) -> String {
    let who = Countries::builtin().name(reporter);
    let what = Baskets::builtin()
        .get(basket)
        .map_or(basket.to_string(), |b| b.name.clone());
    format!("{who}'s {} of {what}", flow.noun_plural())
}

/// "the United States".
pub(crate) fn partner_words(partner: &str) -> Option<String> {
    if partner == "WLD" {
        return None;
    }
    Some(Countries::builtin().sentence_name(partner))
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    let sel = &args.selector;
    let mut q = FactsQuery::new(sel.subject(), args.period, super::facts::timeline()?);
    q.as_of = sel.as_of;
    let input = BriefInput {
        subject_words: subject_words(&sel.reporter, sel.flow, &sel.basket),
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
