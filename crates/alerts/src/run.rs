//! Rules on the store: after a release (the facts it touches, as the store stood right after
//! it), over a range of months (a backtest), and against the release calendars (late).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use tradewatch_analysis::{Panel, Subject};
use tradewatch_model::{Baskets, Classification, Flow, Measure, Month, Period};
use tradewatch_store::{Release, SeriesQuery, Store};

use crate::alert::Alert;
use crate::log::{AlertLog, Record};
use crate::rules::{Condition, Rule, RuleSet};
use crate::{Result, eval};

/// (reporter, flow, basket, measure): one panel.
type PanelKey = (String, Flow, String, Measure);

fn panel_key(rule: &Rule) -> PanelKey {
    (
        rule.scope.reporter.clone(),
        rule.scope.flow,
        rule.scope.basket.clone(),
        rule.scope.measure,
    )
}

async fn panel(store: &Store, key: &PanelKey, through_seq: Option<i64>) -> Result<Panel> {
    let (reporter, flow, basket, measure) = key;
    let q = SeriesQuery {
        through_seq,
        ..SeriesQuery::new(Subject {
            reporter: reporter.clone(),
            partner: "*".to_string(),
            flow: *flow,
            basket: basket.clone(),
            measure: *measure,
        })
    };
    Ok(store.panel(&q).await?)
}

/// The months a release touches, per (reporter, flow, basket).
async fn touched_months(
    store: &Store,
    release: &str,
) -> Result<BTreeMap<(String, Flow, String), BTreeSet<Month>>> {
    let mut out: BTreeMap<(String, Flow, String), BTreeSet<Month>> = BTreeMap::new();
    for t in store.touched(release).await? {
        let (Ok(flow), Ok(period), Ok(class)) = (
            t.flow.parse::<Flow>(),
            t.period.parse::<Period>(),
            t.classification.parse::<Classification>(),
        ) else {
            continue;
        };
        for b in Baskets::current().containing(class, &t.code) {
            out.entry((t.reporter.clone(), flow, b.id.clone()))
                .or_default()
                .insert(period.last());
        }
        if class == Classification::Basket && Baskets::current().get(&t.code).is_none() {
            let b = Baskets::current().resolve(&t.code);
            out.entry((t.reporter.clone(), flow, b.id))
                .or_default()
                .insert(period.last());
        }
    }
    Ok(out)
}

/// The alerts a release fires: every rule on the months the release touches, with the store
/// as it stood right after the release (so a late catch-up sees what a prompt one would).
pub async fn evaluate_release(
    store: &Store,
    rules: &RuleSet,
    release: &Release,
    now: DateTime<Utc>,
) -> Result<Vec<Alert>> {
    let touched = touched_months(store, &release.id).await?;
    let mut by_panel: BTreeMap<PanelKey, Vec<&Rule>> = BTreeMap::new();
    for r in &rules.rules {
        if matches!(r.condition, Condition::Late { .. }) {
            continue;
        }
        by_panel.entry(panel_key(r)).or_default().push(r);
    }
    let mut out = Vec::new();
    for (key, rs) in by_panel {
        let Some(months) = touched.get(&(key.0.clone(), key.1, key.2.clone())) else {
            continue;
        };
        let months: Vec<Month> = months.iter().copied().collect();
        let after = panel(store, &key, Some(release.seq)).await?;
        let needs_before = rs
            .iter()
            .any(|r| matches!(r.condition, Condition::Revision { .. }));
        let before = if needs_before {
            Some(panel(store, &key, Some(release.seq - 1)).await?)
        } else {
            None
        };
        for r in rs {
            let mut fired = match (&r.condition, &before) {
                (Condition::Revision { .. }, Some(b)) => {
                    eval::revisions(r, b, &after, &months, &release.id, now)
                }
                _ => eval::evaluate(r, &after, &months, now),
            };
            for a in &mut fired {
                a.release = Some(release.id.clone());
            }
            tracing::debug!(rule = %r.id, release = %release.id, fired = fired.len(), "rule evaluated");
            out.extend(fired);
        }
    }
    Ok(out)
}

/// What a backtest lists: the alerts, and the rules it could not replay.
#[derive(Debug, Clone)]
pub struct Backtest {
    pub alerts: Vec<Alert>,
    pub skipped: Vec<(String, String)>,
}

/// Replays the months `from..=to` in order on the store as it stands: the alerts each month's
/// data would have fired, with the fingerprints they fire under. Revision rules replay the
/// releases in ingest order (each against the store just before it); `late` rules need a
/// clock and are listed as skipped.
pub async fn backtest(
    store: &Store,
    rules: &RuleSet,
    from: Month,
    to: Month,
    now: DateTime<Utc>,
) -> Result<Backtest> {
    let months: Vec<Month> = (from.index()..=to.index()).map(Month::from_index).collect();
    let mut alerts = Vec::new();
    let mut skipped = Vec::new();
    let mut by_panel: BTreeMap<PanelKey, Vec<&Rule>> = BTreeMap::new();
    for r in &rules.rules {
        match r.condition {
            Condition::Late { .. } => skipped.push((
                r.id.clone(),
                "late_days needs the calendar and a clock: `tradewatch watch` evaluates it"
                    .to_string(),
            )),
            _ => by_panel.entry(panel_key(r)).or_default().push(r),
        }
    }
    // The months each later release touches, read once for every revision rule.
    let mut touched_by_release = Vec::new();
    if by_panel
        .values()
        .flatten()
        .any(|r| matches!(r.condition, Condition::Revision { .. }))
    {
        for rel in store.releases().await?.into_iter().filter(|x| x.seq > 1) {
            let touched = touched_months(store, &rel.id).await?;
            touched_by_release.push((rel, touched));
        }
    }
    for (key, rs) in by_panel {
        let (revisions, others): (Vec<&Rule>, Vec<&Rule>) = rs
            .into_iter()
            .partition(|r| matches!(r.condition, Condition::Revision { .. }));
        if !others.is_empty() {
            let current = panel(store, &key, None).await?;
            for r in others {
                alerts.extend(eval::evaluate(r, &current, &months, now));
            }
        }
        if revisions.is_empty() {
            continue;
        }
        // Each release against the store just before it, once for all the key's rules.
        for (rel, touched) in &touched_by_release {
            let Some(ms) = touched.get(&(key.0.clone(), key.1, key.2.clone())) else {
                continue;
            };
            let ms: Vec<Month> = ms.range(from..=to).copied().collect();
            if ms.is_empty() {
                continue;
            }
            let before = panel(store, &key, Some(rel.seq - 1)).await?;
            let after = panel(store, &key, Some(rel.seq)).await?;
            for r in &revisions {
                alerts.extend(eval::revisions(r, &before, &after, &ms, &rel.id, now));
            }
        }
    }
    alerts.sort_by(|a, b| {
        (
            a.period,
            &a.rule,
            a.subject.as_ref().map(|s| s.partner.clone()),
        )
            .cmp(&(
                b.period,
                &b.rule,
                b.subject.as_ref().map(|s| s.partner.clone()),
            ))
    });
    Ok(Backtest { alerts, skipped })
}

/// The `late` alerts on a day.
pub async fn evaluate_late(
    store: &Store,
    rules: &RuleSet,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    for r in &rules.rules {
        let (Condition::Late { .. }, Some(source)) = (&r.condition, r.scope.source) else {
            continue;
        };
        let Some(cal) = rules.calendars.get(&source) else {
            continue;
        };
        let latest = store
            .latest_month(source.as_str(), Some(&r.scope.reporter))
            .await?
            .map(Month::from_index);
        out.extend(eval::late(r, cal, latest, today, now));
    }
    Ok(out)
}

/// Records the baseline if the log has none: the releases in the store when alerting began
/// (but `just_ingested`), which are never evaluated. Call it before ingesting when the log
/// may be new, so the new release is not taken for part of the baseline.
pub fn baseline(
    releases: &[Release],
    log: &mut AlertLog,
    just_ingested: &[String],
    now: DateTime<Utc>,
) -> Result<()> {
    if log.state().baseline.is_some() {
        return Ok(());
    }
    let base: Vec<String> = releases
        .iter()
        .filter(|r| !just_ingested.contains(&r.id))
        .map(|r| r.id.clone())
        .collect();
    log.append(vec![Record::Baseline {
        releases: base,
        at: now,
    }])
}

/// What a catch-up did.
#[derive(Debug, Clone, Default)]
pub struct CatchUp {
    /// Releases evaluated, in ingest order.
    pub evaluated: Vec<String>,
    /// Alerts that fired (new fingerprints).
    pub fired: Vec<String>,
}

/// Evaluates every release the log has not seen, in ingest order, recording each one's alerts
/// before marking it evaluated (a crash in between re-evaluates it; the fingerprints keep the
/// alerts from firing twice). The first time alerting runs on a store, the releases already
/// in it form the baseline — except `just_ingested`, which the caller has just committed.
pub async fn catch_up(
    store: &Store,
    rules: &RuleSet,
    log: &mut AlertLog,
    just_ingested: &[String],
    now: DateTime<Utc>,
) -> Result<CatchUp> {
    let releases = store.releases().await?;
    baseline(&releases, log, just_ingested, now)?;
    let mut done = CatchUp::default();
    let mut todo: Vec<&Release> = releases
        .iter()
        .filter(|r| log.state().needs_evaluation(&r.id))
        .collect();
    todo.sort_by_key(|r| r.seq);
    for rel in todo {
        let candidates = evaluate_release(store, rules, rel, now).await?;
        let fired = log.record(candidates, now)?;
        crate::crash_point("after-evaluate");
        log.append(vec![Record::Evaluated {
            release: rel.id.clone(),
            fired: fired.len(),
            at: now,
        }])?;
        done.evaluated.push(rel.id.clone());
        done.fired.extend(fired);
    }
    Ok(done)
}

/// Records the `late` alerts of a day in the log; returns the ids that fired.
pub async fn record_late(
    store: &Store,
    rules: &RuleSet,
    log: &mut AlertLog,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    let candidates = evaluate_late(store, rules, today, now).await?;
    log.record(candidates, now)
}
