//! `tradewatch events`: the policy timeline, each event tied to the baskets it concerns; with
//! `--basket`, the levels of a series in the months before and after each event naming it.

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use tradewatch_analysis::{Fact, events::event_window};
use tradewatch_model::{Event, Flow, Measure};
use tradewatch_store::SeriesQuery;

use super::{
    parse_basket, parse_code, parse_country, parse_date, parse_flow, parse_measure, subject_key,
};
use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch events
  tradewatch events --basket rare-earth-magnets
  tradewatch events --basket rare-earth-magnets --partner USA --window 2 --format json
  tradewatch events --from 2025-01-01 --kind export_control")]
pub(crate) struct Args {
    /// Only events concerning this basket (naming it, or on all goods), with the basket's
    /// series before and after each event that names it.
    #[arg(long, value_parser = parse_basket, conflicts_with = "codes")]
    basket: Option<String>,
    /// Instead of a basket, a commodity code (repeatable, `8505*` for a prefix): the events
    /// naming a basket that holds it.
    #[arg(long = "code", value_name = "CODE", value_parser = parse_code)]
    codes: Vec<String>,
    /// Only events of this kind (export_control, licensing, suspension, tariff, talks, other).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(tradewatch_model::event::EVENT_KINDS))]
    kind: Option<String>,
    /// Events on or after this date.
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Events on or before this date.
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// The series for the windows: reporter.
    #[arg(long, default_value = "CHN", value_parser = parse_country)]
    reporter: String,
    /// The series for the windows: partner.
    #[arg(long, default_value = "WLD", value_parser = parse_country)]
    partner: String,
    /// The series for the windows: flow.
    #[arg(long, default_value = "export", value_parser = parse_flow)]
    flow: Flow,
    /// The series for the windows: quantity or value.
    #[arg(long, default_value = "quantity", value_parser = parse_measure)]
    measure: Measure,
    /// Months on each side of an event.
    #[arg(long, default_value_t = 3, value_name = "MONTHS")]
    window: u32,
    /// Show the store as it stood on this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Serialize)]
struct Row {
    #[serde(flatten)]
    event: Event,
    /// The window fact, for events naming the basket asked for (when the data has months on
    /// either side).
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<Fact>,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let timeline = super::facts::timeline()?;
    let subject = subject_key(args.basket.as_deref(), &args.codes);
    let mut rows: Vec<Row> = timeline
        .events
        .into_iter()
        .filter(|e| subject.as_ref().is_none_or(|b| e.concerns(b)))
        .filter(|e| args.kind.as_ref().is_none_or(|k| &e.kind == k))
        .filter(|e| args.from.is_none_or(|d| e.date >= d))
        .filter(|e| args.to.is_none_or(|d| e.date <= d))
        .map(|event| Row {
            event,
            window: None,
        })
        .collect();
    if let Some(basket) = &subject {
        let st = store.open().await?;
        let q = SeriesQuery {
            as_of: args.as_of,
            ..SeriesQuery::new(tradewatch_analysis::Subject {
                reporter: args.reporter.clone(),
                partner: args.partner.clone(),
                flow: args.flow,
                basket: basket.clone(),
                measure: args.measure,
            })
        };
        let series = st.series(&q).await?;
        for r in rows.iter_mut().filter(|r| r.event.names(basket)) {
            r.window = event_window(&series, &r.event, args.window);
        }
    }
    if args.format == Format::Json {
        return print_json(&rows);
    }
    let mut t = Table::new(&[
        "date",
        "kind",
        "actor",
        "baskets",
        "description",
        "before → after",
        "source",
    ]);
    for r in &rows {
        let e = &r.event;
        let window = r.window.as_ref().map_or(String::new(), |f| {
            f.window.as_ref().map_or(String::new(), |w| {
                format!(
                    "{} → {}{}",
                    w.before.display,
                    w.after.display,
                    f.value.map_or(String::new(), |v| format!(
                        " ({}%)",
                        tradewatch_model::display::signed(v, 1)
                    ))
                )
            })
        });
        t.push(vec![
            e.date.to_string(),
            e.kind.clone(),
            e.actor.clone(),
            e.baskets.join(";"),
            e.description.clone(),
            window,
            e.source_url.clone(),
        ]);
    }
    t.print(args.format)
}
