//! `tradewatch alerts init|rules|list|show|silence|backtest|deliver`, and the evaluation every
//! ingest runs when the data dir has a rule file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use tradewatch_alerts::{Alert, AlertLog, RuleSet, deliver, run};
use tradewatch_model::{Month, Period};
use tradewatch_store::Store;

use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch alerts init                       # writes a commented alerts.toml in the data dir
  tradewatch alerts rules
  tradewatch alerts backtest --from 2025-01 --to 2025-12
  tradewatch alerts list
  tradewatch alerts show tw-1a2b3c
  tradewatch alerts silence us-magnets-drop --until 2026-01-31
  tradewatch alerts deliver                    # sends what the outbox still holds

Rules are evaluated after every ingest (CLI, API, watch) on the facts the new release touches.
Each alert fires once (its fingerprint: rule, subject, period, and the release for revisions)
and is kept in <data dir>/alerts/log.jsonl with the rows behind it.")]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Write a commented example rule file (every condition, channel and calendar).
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the rules as understood (a bad file is an error naming file, line and field).
    Rules {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List the alerts that fired, newest first.
    List {
        /// Only this rule's alerts.
        #[arg(long)]
        rule: Option<String>,
        /// Only this kind (change, streak, record, share, partner, anomaly, revision, late).
        #[arg(long)]
        kind: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show one alert (full fingerprint or a unique prefix of at least 6 characters) with its
    /// facts, rows and deliveries.
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Hold the deliveries of a rule or one alert until a date (the alerts are still
    /// recorded and listed).
    Silence {
        /// A rule id or an alert fingerprint.
        target: String,
        /// Last day of the silence (YYYY-MM-DD).
        #[arg(long, value_parser = super::parse_date)]
        until: NaiveDate,
    },
    /// Replay the store's months in order and list what the rules would have fired.
    Backtest {
        /// First month (YYYY-MM).
        #[arg(long, value_parser = parse_month)]
        from: Month,
        /// Last month (YYYY-MM).
        #[arg(long, value_parser = parse_month)]
        to: Month,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Evaluate releases not yet evaluated and send what the outbox holds.
    Deliver,
}

fn parse_month(s: &str) -> Result<Month, String> {
    match s.parse::<Period>() {
        Ok(Period::Month(m)) => Ok(m),
        _ => Err(format!("'{s}' is not a month (YYYY-MM)")),
    }
}

/// The rule file in use: `--rules`, else `alerts.toml` in the data dir.
pub(crate) fn rules_path(store: &StoreArgs) -> Result<PathBuf> {
    match &store.rules {
        Some(p) => Ok(p.clone()),
        None => Ok(tradewatch_alerts::default_rules_path(&store.dir()?)),
    }
}

/// The rules, or `None` when no rule file exists and none was named.
pub(crate) fn load(store: &StoreArgs) -> Result<Option<RuleSet>> {
    Ok(tradewatch_alerts::rules_for(
        &store.dir()?,
        store.rules.as_deref(),
    )?)
}

fn require(store: &StoreArgs) -> Result<RuleSet> {
    match load(store)? {
        Some(r) => Ok(r),
        None => {
            let path = rules_path(store)?;
            bail!(
                "no rule file at {} (`tradewatch alerts init` writes an example, or pass --rules FILE)",
                path.display()
            )
        }
    }
}

/// One alert for people, with its sources.
pub(crate) fn render(a: &Alert) -> String {
    let mut s = format!(
        "alert {} [{}: {}]\n  {}\n",
        a.id, a.rule, a.condition, a.title
    );
    if let Some(r) = &a.revision {
        s.push_str(&format!(
            "  revision: {} (release {}) → {} (release {}), {}\n",
            r.old_display, r.old_release, r.new_display, r.new_release, r.change_display
        ));
    }
    for p in a.provenance() {
        s.push_str(&format!(
            "  source: {} {} {} — release {} line {}: {}\n",
            p.period,
            p.measure,
            tradewatch_model::display::amount(p.value, p.unit, p.resolution),
            p.release,
            p.line,
            p.citation
        ));
    }
    s
}

fn print_alert(a: &Alert) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(render(a).as_bytes())?;
    out.flush()
}

/// The ids of the releases in the store: taken before a command ingests, so that
/// [`after_new_releases`] knows which releases it added.
pub(crate) async fn release_ids(st: &Store) -> Result<std::collections::BTreeSet<String>> {
    Ok(st.releases().await?.into_iter().map(|r| r.id).collect())
}

/// After a command ingested: the alerts of the releases not in `before`, if any. Returns
/// false when something failed (printed; alerts wait in the outbox).
pub(crate) async fn after_new_releases(
    store: &StoreArgs,
    st: &Store,
    before: &std::collections::BTreeSet<String>,
) -> Result<bool> {
    let committed: Vec<String> = st
        .releases()
        .await?
        .into_iter()
        .filter(|r| !before.contains(&r.id))
        .map(|r| r.id)
        .collect();
    if committed.is_empty() {
        return Ok(true);
    }
    after_ingest(store, st, &committed).await
}

/// After releases were committed: evaluate what the log has not seen, then deliver. Returns
/// false when something failed (the failure is printed; alerts wait in the outbox).
pub(crate) async fn after_ingest(
    store: &StoreArgs,
    st: &Store,
    committed: &[String],
) -> Result<bool> {
    let rules = match load(store) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(true),
        Err(e) => {
            eprintln!(
                "error: the alert rules could not be read, nothing was evaluated (`tradewatch alerts deliver` catches up once they are fixed): {e:#}"
            );
            return Ok(false);
        }
    };
    tradewatch_alerts::crash_point("after-ingest");
    let dir = store.dir()?;
    let mut log = tokio::task::block_in_place(|| AlertLog::open(&dir))?;
    evaluate_and_deliver(st, &rules, &mut log, &dir, committed, None).await
}

/// Evaluates unevaluated releases (and, with a day, the release calendars), then delivers.
pub(crate) async fn evaluate_and_deliver(
    st: &Store,
    rules: &RuleSet,
    log: &mut AlertLog,
    dir: &Path,
    committed: &[String],
    late_on: Option<NaiveDate>,
) -> Result<bool> {
    let now = Utc::now();
    let caught = run::catch_up(st, rules, log, committed, now).await?;
    let mut fired = caught.fired.len();
    if let Some(day) = late_on {
        fired += run::record_late(st, rules, log, day, now).await?.len();
    }
    if fired > 0 {
        eprintln!(
            "tradewatch: {fired} alert(s) fired (evaluated {} release(s))",
            caught.evaluated.len()
        );
    }
    let today = late_on.unwrap_or_else(|| now.date_naive());
    let report = deliver::deliver(log, rules, dir, today, &mut print_alert).await?;
    for (id, channel, error) in &report.failed {
        eprintln!(
            "tradewatch: alert {id} not delivered to {channel} (kept in the outbox): {error}"
        );
    }
    Ok(report.failed.is_empty())
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<ExitCode> {
    match args.command {
        Sub::Init { force } => {
            let path = rules_path(store)?;
            if path.exists() && !force {
                bail!("{} exists (--force overwrites it)", path.display());
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(&path, tradewatch_alerts::rules::EXAMPLE)
                .with_context(|| format!("writing {}", path.display()))?;
            println!(
                "wrote {} (`tradewatch alerts rules` shows what it holds)",
                path.display()
            );
        }
        Sub::Rules { format } => {
            let rules = require(store)?;
            if format == Format::Json {
                print_json(&rules)?;
            } else {
                let mut t = Table::new(&["rule", "line", "scope", "when", "deliver"]);
                for r in &rules.rules {
                    let s = &r.scope;
                    let scope = match s.source {
                        Some(src) => format!("{src} releases of {}", s.reporter),
                        None => format!(
                            "{}→{} {} {} {}",
                            s.reporter, s.partner, s.flow, s.basket, s.measure
                        ),
                    };
                    t.push(vec![
                        r.id.clone(),
                        r.line.to_string(),
                        scope,
                        r.condition.to_string(),
                        r.deliver.join(", "),
                    ]);
                }
                t.print(format)?;
            }
        }
        Sub::List {
            rule,
            kind,
            limit,
            format,
        } => {
            let state = tradewatch_alerts::log::read(&store.dir()?)?;
            let alerts: Vec<&Alert> = state
                .newest_first()
                .into_iter()
                .filter(|a| rule.as_ref().is_none_or(|r| &a.rule == r))
                .filter(|a| kind.as_ref().is_none_or(|k| &a.kind == k))
                .take(limit)
                .collect();
            if format == Format::Json {
                print_json(&alerts)?;
            } else {
                let mut t = Table::new(&["fired", "id", "rule", "period", "alert", "delivered"]);
                for a in alerts {
                    let sent = state
                        .deliveries
                        .get(&a.id)
                        .map(|d| d.iter().map(|x| x.0.clone()).collect::<Vec<_>>().join(","))
                        .unwrap_or_default();
                    let pending = a
                        .deliver
                        .iter()
                        .filter(|c| !state.done.contains(&(a.id.clone(), (*c).clone())))
                        .count();
                    t.push(vec![
                        a.fired_at.format("%Y-%m-%d %H:%M").to_string(),
                        a.id.clone(),
                        a.rule.clone(),
                        a.period.to_string(),
                        a.title.clone(),
                        if pending > 0 {
                            format!("{sent} ({pending} pending)")
                        } else {
                            sent
                        },
                    ]);
                }
                t.print(format)?;
            }
        }
        Sub::Show { id, format } => {
            let state = tradewatch_alerts::log::read(&store.dir()?)?;
            let Some(a) = state.find(&id) else {
                bail!("no alert '{id}' (see `tradewatch alerts list`)");
            };
            if format == Format::Json {
                print_json(a)?;
            } else {
                print!("{}", render(a));
                println!(
                    "  fired {} · updated {} · release {}",
                    a.fired_at.to_rfc3339(),
                    a.updated_at.to_rfc3339(),
                    a.release.as_deref().unwrap_or("-")
                );
                for (channel, attempts, at) in state.deliveries.get(&a.id).into_iter().flatten() {
                    println!(
                        "  delivered to {channel} at {} ({attempts} attempt(s))",
                        at.to_rfc3339()
                    );
                }
                for c in &a.deliver {
                    if let Some(e) = state.failures.get(&(a.id.clone(), c.clone())) {
                        println!("  not yet delivered to {c}: {e}");
                    }
                }
            }
        }
        Sub::Silence { target, until } => {
            let dir = store.dir()?;
            let rules = load(store)?;
            let mut log = AlertLog::open(&dir)?;
            let known_rule = rules.as_ref().is_some_and(|r| r.rule(&target).is_some());
            let target = match log.state().find(&target) {
                Some(a) if !known_rule => a.id.clone(),
                _ if known_rule => target,
                _ => bail!("'{target}' is neither a rule id nor an alert fingerprint"),
            };
            log.append(vec![tradewatch_alerts::Record::Silenced {
                target: target.clone(),
                until,
                at: Utc::now(),
            }])?;
            println!("silenced {target} until {until} (its alerts are recorded, not delivered)");
        }
        Sub::Backtest { from, to, format } => {
            if from > to {
                bail!(
                    "--from {} is after --to {}",
                    Period::Month(from),
                    Period::Month(to)
                );
            }
            let rules = require(store)?;
            let st = store.open_for(crate::config::Reads::Many).await?;
            let bt = run::backtest(&st, &rules, from, to, Utc::now()).await?;
            if format == Format::Json {
                #[derive(serde::Serialize)]
                struct Out<'a> {
                    from: String,
                    to: String,
                    alerts: &'a [Alert],
                    skipped: Vec<serde_json::Value>,
                }
                print_json(&Out {
                    from: Period::Month(from).to_string(),
                    to: Period::Month(to).to_string(),
                    alerts: &bt.alerts,
                    skipped: bt
                        .skipped
                        .iter()
                        .map(|(r, why)| serde_json::json!({"rule": r, "reason": why}))
                        .collect(),
                })?;
            } else if format == Format::Csv {
                let mut t = Table::new(&[
                    "period", "rule", "kind", "subject", "value", "display", "alert",
                ]);
                for a in &bt.alerts {
                    t.push(vec![
                        a.period.to_string(),
                        a.rule.clone(),
                        a.kind.clone(),
                        a.subject.as_ref().map_or(String::new(), |s| s.to_string()),
                        a.value.map_or(String::new(), |v| v.to_string()),
                        a.display.clone(),
                        a.title.clone(),
                    ]);
                }
                t.print(format)?;
            } else {
                for a in &bt.alerts {
                    print!("{}", render(a));
                }
                println!(
                    "{} alert(s) from {} to {} ({} rule(s))",
                    bt.alerts.len(),
                    Period::Month(from),
                    Period::Month(to),
                    rules.rules.len()
                );
                for (r, why) in &bt.skipped {
                    println!("skipped {r}: {why}");
                }
            }
        }
        Sub::Deliver => {
            let rules = require(store)?;
            let st = store.open_for(crate::config::Reads::Many).await?;
            let dir = store.dir()?;
            let mut log = AlertLog::open(&dir)?;
            let ok = evaluate_and_deliver(&st, &rules, &mut log, &dir, &[], None).await?;
            if !ok {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
