//! `tradewatch diff [RELEASE_A] RELEASE_B`: what a release revised and what it added.

use anyhow::Result;
use tradewatch_model::display;

use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "With one release, compares it with the latest figure of each key among the
releases ingested before it; with two, compares RELEASE_B with RELEASE_A. Examples:
  tradewatch diff comtrade-2025-05-3f9c1e
  tradewatch diff bundled revised-9c2d726045e3 --format json"
)]
pub(crate) struct Args {
    /// Release ids (`tradewatch releases`): [BASE] RELEASE.
    #[arg(required = true, num_args = 1..=2, value_name = "RELEASE")]
    releases: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    let (base, new) = match args.releases.as_slice() {
        [new] => (None, new.as_str()),
        [base, new] => (Some(base.as_str()), new.as_str()),
        _ => anyhow::bail!("give one or two release ids"),
    };
    let diff = st.diff(base, new).await?;
    if args.format == Format::Json {
        return print_json(&diff);
    }
    let mut t = Table::new(&[
        "change", "reporter", "partner", "flow", "code", "period", "measure", "old", "new", "abs",
        "pct", "was in",
    ]);
    // Exact figures: a revision can be a few units.
    let amount = |v: f64, unit: &str| {
        let decimals = if v.fract() == 0.0 { 0 } else { 3 };
        format!("{} {unit}", display::number(v, decimals))
    };
    for (kind, list) in [("revised", &diff.revised), ("added", &diff.added)] {
        for c in list {
            t.push(vec![
                kind.to_string(),
                c.reporter.clone(),
                c.partner.clone(),
                c.flow.clone(),
                format!("{} {}", c.classification, c.code),
                c.period.clone(),
                c.measure.clone(),
                c.old.map_or(String::new(), |o| amount(o, &c.unit)),
                amount(c.new, &c.unit),
                c.change.map_or(String::new(), |d| display::signed(d, 0)),
                c.change_pct
                    .map_or(String::new(), |p| format!("{}%", display::signed(p, 2))),
                c.old_release.clone().unwrap_or_default(),
            ]);
        }
    }
    t.print(args.format)?;
    eprintln!(
        "{}: {} revised, {} added, {} unchanged{}",
        diff.release,
        diff.revised.len(),
        diff.added.len(),
        diff.unchanged,
        diff.base
            .as_ref()
            .map_or(" (against every earlier release)".to_string(), |b| format!(
                " (against {b})"
            ))
    );
    Ok(())
}
