//! Rules on series: pure functions from a rule, a panel (every partner's series of one
//! reporter, flow, basket and measure) and the months to look at, to the alerts that fire.

use chrono::{DateTime, NaiveDate, Utc};
use tradewatch_analysis::{AnomalyConfig, Direction, FactKind, Panel, Series, Subject, facts};
use tradewatch_model::{Countries, Month, Period, Source, display};

use crate::alert::{Alert, Revision, fingerprint, subject_key};
use crate::rules::{Calendar, ChangeBasis, Condition, Extreme, Op, Presence, Rule, Way};

/// Partners that are totals, not countries: never "new" or "gone", never a share of
/// themselves.
fn is_total(partner: &str) -> bool {
    partner == "WLD"
}

fn level_display(series: &Series, period: &Period) -> Option<String> {
    series
        .level(period)
        .map(|p| display::amount(p.value, p.unit, p.resolution))
}

fn subject_words(s: &Subject) -> String {
    format!(
        "{}→{} {} of {} ({})",
        s.reporter,
        s.partner,
        s.flow.as_str(),
        s.basket,
        s.measure.as_str()
    )
}

fn new_alert(rule: &Rule, subject: &Subject, period: Period, now: DateTime<Utc>) -> Alert {
    Alert {
        id: fingerprint(&rule.id, &subject_key(subject), &period, None),
        rule: rule.id.clone(),
        kind: rule.condition.kind().to_string(),
        condition: rule.condition.to_string(),
        subject: Some(subject.clone()),
        source: None,
        period,
        release: None,
        title: String::new(),
        value: None,
        display: String::new(),
        facts: Vec::new(),
        revision: None,
        deliver: rule.deliver.clone(),
        fired_at: now,
        updated_at: now,
    }
}

/// The series of the partners a rule covers.
fn covered<'a>(rule: &'a Rule, panel: &'a Panel) -> impl Iterator<Item = &'a Series> + 'a {
    panel
        .partners
        .iter()
        .filter(|(p, _)| rule.scope.covers_partner(p))
        .map(|(_, s)| s)
}

/// True when a source published a partner breakdown for the period: some country partner
/// has a level from it. (A press report naming three buyers is no breakdown, so only the
/// agencies' absences mean "out of the data".)
fn breakdown_of(panel: &Panel, source: Source, period: &Period) -> bool {
    panel.partners.iter().any(|(p, s)| {
        is_country(p)
            && s.level(period)
                .is_some_and(|x| x.provenance.iter().any(|r| r.source == source))
    })
}

/// A country, not a total or a group (WLD, EUN, X_ASIA …: pseudo-codes have no ISO2).
fn is_country(partner: &str) -> bool {
    Countries::builtin()
        .get(partner)
        .is_some_and(|c| !c.iso2.is_empty())
}

/// The alerts a rule fires on a panel for the given months (all conditions but `revision`
/// and `late`, which need two states of the store or a clock).
pub fn evaluate(rule: &Rule, panel: &Panel, months: &[Month], now: DateTime<Utc>) -> Vec<Alert> {
    let mut out = Vec::new();
    for &m in months {
        let period = Period::Month(m);
        for series in covered(rule, panel) {
            if let Some(a) = evaluate_one(rule, panel, series, period, now) {
                out.push(a);
            }
        }
    }
    out
}

fn evaluate_one(
    rule: &Rule,
    panel: &Panel,
    series: &Series,
    period: Period,
    now: DateTime<Utc>,
) -> Option<Alert> {
    let subject = &series.subject;
    let when = period.describe();
    let mut a = new_alert(rule, subject, period, now);
    match &rule.condition {
        Condition::Change { basis, op, level } => {
            let (fact, word) = match basis {
                ChangeBasis::Mom => (facts::change_mom(series, period)?, "m/m"),
                ChangeBasis::Yoy => (facts::change_yoy(series, period)?, "y/y"),
            };
            let v = fact.value?;
            if !op.holds(v, *level) {
                return None;
            }
            let detail = match (level_display(series, &period), fact.base.as_ref()) {
                (Some(now_level), Some(base)) => match &base.display {
                    Some(b) => format!(" ({now_level} from {b})"),
                    None => format!(" (to {now_level})"),
                },
                (Some(now_level), None) => format!(" (to {now_level})"),
                _ => String::new(),
            };
            a.value = Some(v);
            a.display = format!("{} {word}{detail}", fact.display);
            if let Some(l) = facts::level(series, period) {
                a.facts.push(l);
            }
            a.facts.push(fact);
        }
        Condition::Streak { way, at_least } => {
            let fact = facts::streak(series, period)?;
            let want = match way {
                Way::Rises => Direction::Rise,
                Way::Falls => Direction::Fall,
            };
            let len = fact.length?;
            if fact.direction != Some(want) || len < *at_least {
                return None;
            }
            a.value = Some(f64::from(len));
            a.display = format!(
                "{len} monthly {} in a row through {when}",
                if want == Direction::Rise {
                    "rises"
                } else {
                    "falls"
                }
            );
            a.facts.push(fact);
        }
        Condition::Record { extreme, at_least } => {
            let want = match extreme {
                Extreme::High => FactKind::HighestSince,
                Extreme::Low => FactKind::LowestSince,
            };
            let fact = facts::records(series, period)
                .into_iter()
                .find(|f| f.kind == want)?;
            let months = fact.value?;
            if months < f64::from(*at_least) {
                return None;
            }
            a.value = Some(months);
            a.display = format!(
                "{}: {}",
                level_display(series, &period).unwrap_or_default(),
                fact.display
            );
            a.facts.push(fact);
        }
        Condition::Share { op, level } => {
            if is_total(&subject.partner) {
                return None;
            }
            let world = panel.partners.get("WLD")?;
            let share = |p: &Period| -> Option<f64> {
                let w = world.level(p)?.value;
                let v = series.level(p)?.value;
                (w > 0.0).then(|| v / w * 100.0)
            };
            let cur = share(&period)?;
            let prev_period = period.previous_month()?;
            let fired = match op {
                Op::Crosses => {
                    let prev = share(&prev_period)?;
                    (prev < *level) != (cur < *level)
                }
                _ => op.holds(cur, *level),
            };
            if !fired {
                return None;
            }
            a.value = Some(cur);
            let prev = share(&prev_period)
                .map(|p| {
                    format!(
                        " (from {}% in {})",
                        display::number(p, 1),
                        prev_period.describe()
                    )
                })
                .unwrap_or_default();
            a.display = format!(
                "share of the world total {}%{prev}",
                display::number(cur, 1)
            );
            a.facts.extend(facts::level(series, period));
            a.facts.extend(facts::level(world, period));
        }
        Condition::Partner { presence } => {
            if !is_country(&subject.partner) {
                return None;
            }
            let prev_period = period.previous_month()?;
            let (from, to) = match presence {
                Presence::New => (prev_period, period),
                Presence::Gone => (period, prev_period),
            };
            // `to` holds a figure; `from` holds a zero, or no figure where the source of the
            // `to` figure published a partner breakdown for `from` without this partner.
            let there = series.level(&to).filter(|x| x.value > 0.0)?;
            match series.level(&from) {
                Some(x) if x.value > 0.0 => return None,
                Some(_) => {}
                None => {
                    let source = there.provenance.first()?.source;
                    if !source.is_official() || !breakdown_of(panel, source, &from) {
                        return None;
                    }
                }
            }
            let absent_words = match series.level(&from) {
                Some(_) => "zero",
                None => "no figure",
            };
            a.display = match presence {
                Presence::New => format!(
                    "new partner: {} in {when}, {absent_words} in {}",
                    level_display(series, &period).unwrap_or_default(),
                    prev_period.describe()
                ),
                Presence::Gone => format!(
                    "partner gone: {absent_words} in {when}, {} in {}",
                    level_display(series, &prev_period).unwrap_or_default(),
                    prev_period.describe()
                ),
            };
            a.facts.extend(facts::level(series, prev_period));
            a.facts.extend(facts::level(series, period));
        }
        Condition::Anomaly { min_score } => {
            let config = AnomalyConfig::default();
            let fact = tradewatch_analysis::anomaly::anomaly(series, period, &config)?;
            let score = fact.value?;
            let threshold = min_score.unwrap_or(config.threshold);
            if score.abs() < threshold {
                return None;
            }
            a.value = Some(score);
            a.display = fact.display.clone();
            a.facts.push(fact);
        }
        Condition::Revision { .. } | Condition::Late { .. } => return None,
    }
    a.title = format!("{}, {when}: {}", subject_words(subject), a.display);
    Some(a)
}

/// The `revision` alerts of a release: figures of the given months that the release changed
/// by at least the rule's percentage, comparing the store just before it with just after.
pub fn revisions(
    rule: &Rule,
    before: &Panel,
    after: &Panel,
    months: &[Month],
    release: &str,
    now: DateTime<Utc>,
) -> Vec<Alert> {
    let Condition::Revision { at_least_pct } = rule.condition else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for series in covered(rule, after) {
        let Some(old_series) = before.partners.get(&series.subject.partner) else {
            continue;
        };
        for &m in months {
            let period = Period::Month(m);
            let (Some(old), Some(new)) = (old_series.level(&period), series.level(&period)) else {
                continue;
            };
            if old.unit != new.unit || old.value == new.value || old.value == 0.0 {
                continue;
            }
            // Only what this release changed.
            if !new.provenance.iter().any(|p| p.release == release) {
                continue;
            }
            let pct = (new.value - old.value) / old.value * 100.0;
            if pct.abs() < at_least_pct {
                continue;
            }
            let subject = &series.subject;
            let old_release = old
                .provenance
                .first()
                .map_or_else(String::new, |p| p.release.clone());
            let rev = Revision {
                old: old.value,
                new: new.value,
                unit: new.unit,
                old_display: display::amount(old.value, old.unit, old.resolution),
                new_display: display::amount(new.value, new.unit, new.resolution),
                change_pct: pct,
                change_display: format!("{}%", display::signed(pct, 1)),
                old_release: old_release.clone(),
                new_release: release.to_string(),
                old_provenance: old.provenance.clone(),
                new_provenance: new.provenance.clone(),
            };
            let mut a = new_alert(rule, subject, period, now);
            a.id = fingerprint(&rule.id, &subject_key(subject), &period, Some(release));
            a.release = Some(release.to_string());
            a.value = Some(pct);
            a.display = format!(
                "revised from {} (release {}) to {} (release {}), {}",
                rev.old_display, old_release, rev.new_display, release, rev.change_display
            );
            a.title = format!(
                "{}, {}: {}",
                subject_words(subject),
                period.describe(),
                a.display
            );
            a.revision = Some(rev);
            out.push(a);
        }
    }
    out
}

/// The `late` alerts of a rule: the months after `latest` (the last month of the source in
/// the store) whose release is `days` past its calendar date on `today`. At most twelve.
pub fn late(
    rule: &Rule,
    calendar: &Calendar,
    latest: Option<Month>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<Alert> {
    let Condition::Late { days } = rule.condition else {
        return Vec::new();
    };
    let Some(latest) = latest else {
        return Vec::new();
    };
    let source: Source = calendar.source;
    let mut out = Vec::new();
    for k in 1..=12 {
        let m = latest.plus(k);
        let Some(due) = calendar.due_date(m) else {
            break;
        };
        let overdue = (today - due).num_days();
        if overdue < days {
            break;
        }
        let period = Period::Month(m);
        let key = format!("{}|{}", source.as_str(), rule.scope.reporter);
        out.push(Alert {
            id: fingerprint(&rule.id, &key, &period, None),
            rule: rule.id.clone(),
            kind: "late".to_string(),
            condition: rule.condition.to_string(),
            subject: None,
            source: Some(source),
            period,
            release: None,
            title: format!(
                "{} release for {} is {overdue} days late (due {due}; the store's latest month is {})",
                source.as_str(),
                period.describe(),
                Period::Month(latest).describe()
            ),
            value: Some(overdue as f64),
            display: format!("{overdue} days past {due}"),
            facts: Vec::new(),
            revision: None,
            deliver: rule.deliver.clone(),
            fired_at: now,
            updated_at: now,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tradewatch_analysis::Point;
    use tradewatch_model::{Flow, Measure, Provenance, Quality, Unit};

    fn rule(when: &str, partner: &str) -> Rule {
        let text = format!(
            "[[rule]]\nid = \"r\"\npartner = \"{partner}\"\nbasket = \"rare-earth-magnets\"\nwhen = '{when}'\n"
        );
        crate::rules::parse("t.toml", &text)
            .expect("rule")
            .rules
            .remove(0)
    }

    fn panel(rows: &[(&str, &str, f64)]) -> Panel {
        panel_from(rows, Source::Gacc)
    }

    fn panel_from(rows: &[(&str, &str, f64)], source: Source) -> Panel {
        let mut panel = Panel::new("CHN", Flow::Export, "rare-earth-magnets", Measure::Quantity);
        for (partner, period, tonnes) in rows {
            let s = panel
                .partners
                .entry((*partner).to_string())
                .or_insert_with(|| {
                    Series::new(Subject {
                        reporter: "CHN".into(),
                        partner: (*partner).to_string(),
                        flow: Flow::Export,
                        basket: "rare-earth-magnets".into(),
                        measure: Measure::Quantity,
                    })
                });
            let period: Period = period.parse().expect("period");
            s.insert(
                Measure::Quantity,
                Point {
                    period,
                    value: tonnes * 1000.0,
                    unit: Unit::Kg,
                    half_width: 50.0,
                    resolution: Some(100.0),
                    provenance: vec![Provenance {
                        source,
                        release: "r1".into(),
                        citation: "test".into(),
                        published: None,
                        quality: Quality::Ok,
                        period,
                        measure: Measure::Quantity,
                        value: tonnes * 1000.0,
                        unit: Unit::Kg,
                        resolution: Some(100.0),
                        estimated: false,
                        line: 1,
                    }],
                    alternatives: vec![],
                },
            );
        }
        panel
    }

    fn m(s: &str) -> Month {
        s.parse::<Period>().expect("period").first()
    }

    #[test]
    fn change_fires_at_the_threshold_and_not_above() {
        let p = panel(&[("USA", "2025-08", 590.0), ("USA", "2025-09", 420.5)]);
        let now = Utc::now();
        let a = evaluate(&rule("mom_pct <= -20", "USA"), &p, &[m("2025-09")], now);
        assert_eq!(a.len(), 1);
        // The fixture publishes to 0.1 t, so 590 t is shown as published: 590.0 t.
        assert_eq!(a[0].display, "-28.7% m/m (420.5 t from 590.0 t)");
        assert!(evaluate(&rule("mom_pct <= -30", "USA"), &p, &[m("2025-09")], now).is_empty());
        // Nothing for a month with no month before it.
        assert!(evaluate(&rule("mom_pct <= -20", "USA"), &p, &[m("2025-08")], now).is_empty());
    }

    #[test]
    fn streaks_records_shares_and_partners() {
        let p = panel(&[
            ("WLD", "2025-05", 1000.0),
            ("WLD", "2025-06", 900.0),
            ("WLD", "2025-07", 800.0),
            ("WLD", "2025-08", 700.0),
            ("USA", "2025-05", 50.0),
            ("USA", "2025-06", 95.0),
            ("USA", "2025-07", 120.0),
            ("DEU", "2025-05", 10.0),
            ("DEU", "2025-06", 10.0),
            ("DEU", "2025-07", 10.0),
            ("DEU", "2025-08", 12.0),
            ("KOR", "2025-08", 5.0),
        ]);
        let now = Utc::now();
        let s = evaluate(&rule("streak_falls >= 3", "WLD"), &p, &[m("2025-08")], now);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].value, Some(3.0));
        assert!(evaluate(&rule("streak_falls >= 4", "WLD"), &p, &[m("2025-08")], now).is_empty());
        let low = evaluate(&rule("low_months >= 3", "WLD"), &p, &[m("2025-08")], now);
        assert_eq!(low.len(), 1, "{low:?}");
        // USA: 5% → 10.6% → 15%: crosses 10 in June only.
        let cross = |mo: &str| evaluate(&rule("share_pct crosses 10", "USA"), &p, &[m(mo)], now);
        assert_eq!(cross("2025-06").len(), 1);
        assert!(cross("2025-07").is_empty());
        let gone = evaluate(&rule("partner = \"gone\"", "*"), &p, &[m("2025-08")], now);
        assert_eq!(
            gone.iter()
                .map(|a| a.subject.as_ref().map(|s| s.partner.clone()))
                .collect::<Vec<_>>(),
            vec![Some("USA".to_string())]
        );
        let new = evaluate(&rule("partner = \"new\"", "*"), &p, &[m("2025-08")], now);
        assert_eq!(new.len(), 1);
        assert_eq!(
            new[0].subject.as_ref().map(|s| s.partner.as_str()),
            Some("KOR")
        );
        // Nothing is "new" in the data's first month.
        assert!(evaluate(&rule("partner = \"new\"", "*"), &p, &[m("2025-05")], now).is_empty());
        // A press report that names a few buyers is no breakdown: a partner it leaves out
        // is not gone, and one it names is not new.
        let press = panel_from(
            &[
                ("USA", "2025-07", 120.0),
                ("DEU", "2025-07", 10.0),
                ("DEU", "2025-08", 12.0),
                ("KOR", "2025-08", 5.0),
            ],
            Source::Press,
        );
        assert!(
            evaluate(
                &rule("partner = \"gone\"", "*"),
                &press,
                &[m("2025-08")],
                now
            )
            .is_empty()
        );
        assert!(
            evaluate(
                &rule("partner = \"new\"", "*"),
                &press,
                &[m("2025-08")],
                now
            )
            .is_empty()
        );
        // An explicit zero is gone, whoever published it.
        let zero = panel_from(
            &[("USA", "2025-07", 120.0), ("USA", "2025-08", 0.0)],
            Source::Press,
        );
        assert_eq!(
            evaluate(
                &rule("partner = \"gone\"", "*"),
                &zero,
                &[m("2025-08")],
                now
            )
            .len(),
            1
        );
    }

    #[test]
    fn late_counts_days_past_the_calendar() {
        let r = crate::rules::parse(
            "t.toml",
            "[[rule]]\nid = \"late\"\nsource = \"gacc\"\nwhen = \"late_days >= 5\"\n",
        )
        .expect("rule")
        .rules
        .remove(0);
        let cal = Calendar::defaults()[&Source::Gacc];
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let now = Utc::now();
        // September is due 20 October: late by 5 days on the 25th, not on the 24th.
        assert!(late(&r, &cal, Some(m("2025-08")), day("2025-10-24"), now).is_empty());
        let a = late(&r, &cal, Some(m("2025-08")), day("2025-10-25"), now);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].period, "2025-09".parse::<Period>().expect("p"));
        assert_eq!(
            late(&r, &cal, Some(m("2025-08")), day("2025-11-30"), now).len(),
            2
        );
    }
}
