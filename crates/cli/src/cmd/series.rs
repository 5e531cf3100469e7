//! `tradewatch series`: the current level of each period, with its source.

use anyhow::Result;
use tradewatch_model::{Baskets, Countries, Period, display};
use tradewatch_store::SeriesQuery;

use super::{Selector, parse_period};
use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch series --reporter CHN --partner USA --basket rare-earth-magnets --from 2025-01
  tradewatch series --partner USA --basket rare-earth-magnets --as-of 2025-10-01 --format csv
  tradewatch series --partner USA --code 850511 --format csv
  tradewatch series --partner WLD --code '2504*' --measure value")]
pub(crate) struct Args {
    #[command(flatten)]
    selector: Selector,
    /// First period.
    #[arg(long, value_parser = parse_period)]
    from: Option<Period>,
    /// Last period.
    #[arg(long, value_parser = parse_period)]
    to: Option<Period>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    let q = SeriesQuery {
        from: args.from,
        to: args.to,
        as_of: args.selector.as_of,
        ..SeriesQuery::new(args.selector.subject())
    };
    let subject = Baskets::current()
        .lookup(&args.selector.basket_key())
        .map_err(anyhow::Error::msg)?;
    // A code subject is shown with the labels its reporter's rows carry: a second query,
    // asked at the same time as the series.
    let (series, labels) =
        futures::try_join!(st.series(&q), st.labels(&subject, &q.subject.reporter))?;
    if args.format == Format::Json {
        let mut doc = serde_json::to_value(&series)?;
        if let Some(map) = doc.as_object_mut()
            && subject.is_codes()
        {
            map.insert("labels".to_string(), serde_json::to_value(&labels)?);
        }
        return print_json(&doc);
    }
    if series.levels.is_empty() {
        eprintln!(
            "no {} figures for {} → {} {} {}",
            args.selector.measure,
            args.selector.reporter,
            Countries::builtin().name(&args.selector.partner),
            args.selector.flow,
            subject.name
        );
        // Figures reported for a basket as a whole (the press figures) are not a code's.
        let holding: Vec<&str> = Baskets::current()
            .all()
            .iter()
            .filter(|b| subject.overlaps(b))
            .map(|b| b.id.as_str())
            .collect();
        if !holding.is_empty() {
            eprintln!(
                "figures reported for a basket as a whole are under --basket; baskets holding {}: {}",
                subject.name,
                holding.join(", ")
            );
        }
    }
    if args.format == Format::Table {
        for (code, label) in &labels {
            println!("{code}  {label}");
        }
    }
    let mut t = Table::new(&[
        "period",
        "value",
        "stored",
        "source",
        "release",
        "published",
        "citation",
        "also",
    ]);
    for p in series.levels.values() {
        let prov = p.provenance.first();
        t.push(vec![
            p.period.to_string(),
            display::amount(p.value, p.unit, p.resolution),
            format!("{} {}", p.value, p.unit),
            prov.map_or(String::new(), |x| x.source.to_string()),
            prov.map_or(String::new(), |x| x.release.clone()),
            prov.and_then(|x| x.published)
                .map_or(String::new(), |d| d.to_string()),
            prov.map_or(String::new(), |x| x.citation.clone()),
            p.alternatives
                .iter()
                .map(|a| display::amount(a.value, a.unit, a.resolution))
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    t.print(args.format)
}
