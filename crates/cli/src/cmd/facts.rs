//! `tradewatch facts`: every fact for a period, each with its provenance.

use anyhow::Result;
use tradewatch_analysis::{Basis, FactKind, facts};
use tradewatch_model::Period;
use tradewatch_store::SeriesQuery;

use super::{Selector, parse_period};
use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch facts --reporter CHN --partner WLD --basket rare-earth-magnets --period 2025-09
  tradewatch facts --partner USA --basket rare-earth-magnets --period 2025-09 --format json
  tradewatch facts --basket rare-earths --period 2025-01..09 --kind ytd_change_yoy")]
pub(crate) struct Args {
    #[command(flatten)]
    selector: Selector,
    /// The period (`2025-09`, or a year-to-date span such as `2025-01..09`).
    #[arg(long, value_parser = parse_period)]
    period: Period,
    /// Only these kinds (level, change_mom, change_yoy, ytd, ytd_change_yoy, streak,
    /// turning_point, prior_run, highest_since, lowest_since).
    #[arg(long, value_delimiter = ',')]
    kind: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    let q = SeriesQuery {
        as_of: args.selector.as_of,
        ..SeriesQuery::new(args.selector.subject())
    };
    let series = st.series(&q).await?;
    let mut all = facts::compute(&series, args.period);
    if !args.kind.is_empty() {
        all.retain(|f| args.kind.iter().any(|k| k == f.kind.as_str()));
    }
    if args.format == Format::Json {
        return print_json(&all);
    }
    if all.is_empty() {
        eprintln!("no facts: the data hold no figure for {}", args.period);
    }
    let mut t = Table::new(&[
        "kind",
        "period",
        "value",
        "basis",
        "compared with",
        "method",
        "sources",
    ]);
    for f in &all {
        let base = match (&f.base, &f.since) {
            (_, Some(s)) if f.kind != FactKind::Level => format!(
                "since {} ({})",
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
        let sources: Vec<String> = f
            .provenance
            .iter()
            .map(|p| format!("{} {}:{}", p.source, p.release, p.line))
            .collect();
        t.push(vec![
            f.kind.as_str().to_string(),
            f.period.to_string(),
            value,
            match f.basis {
                Basis::Computed => "computed",
                Basis::Reported => "reported",
            }
            .to_string(),
            base,
            f.method.clone(),
            sources.join(", "),
        ]);
    }
    t.print(args.format)
}
