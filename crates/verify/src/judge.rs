//! Verdicts: each claim against the facts of its subject and period, never recomputed here.
//!
//! `supported`: the fact's value rounds to the claim at the claim's own precision;
//! `rounding`: within the interval the inputs' rounding allows plus half the claim's precision;
//! `contradicted`: outside it (with the value the data gives); `unverifiable`: the subject, the
//! period or the data is missing (with what is missing). Hedges widen or bound the check:
//! "nearly 30%" is 25–30, "more than doubled" is above +100%.

use chrono::Datelike;
use chrono::NaiveDate;
use serde::Serialize;
use tradewatch_analysis::rounding::{self, Agreement};
use tradewatch_analysis::{Basis, Direction, Fact, FactKind, Subject as FactSubject};
use tradewatch_model::{Event, Measure, Period, Provenance, Timeline};

use crate::claims::{Claim, Claimed, Dir, Kind, PolicyClaim, Relation, Subject};
use crate::number::Qualifier;
use crate::text::Document;

/// How far (as a fraction) a claimed level may be from the data's before the claim is taken to
/// be about something else.
const FAR_OFF: f64 = 0.3;

/// Where the facts come from (the store, in the CLI and the API).
pub trait FactSource {
    /// Every fact of a subject for a period (`Store::facts`).
    fn facts(&self, subject: &FactSubject, period: Period) -> Vec<Fact>;
    /// The policy timeline.
    fn timeline(&self) -> &Timeline;
}

/// A verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Supported,
    Rounding,
    Contradicted,
    Unverifiable,
}

/// A row of evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub source: String,
    pub release: String,
    pub period: String,
    pub value: f64,
    pub unit: String,
    pub citation: String,
}

/// The subject as the JSON contract writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectOut {
    pub reporter: Option<String>,
    pub partner: Option<String>,
    pub flow: Option<String>,
    pub basket: Option<String>,
    pub period: Option<String>,
}

/// The value the data gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    pub value: f64,
    pub unit: String,
}

/// One judged claim (the `claims[]` of the JSON contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged {
    pub text: String,
    /// Byte offsets into the input.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub subject: SubjectOut,
    pub claimed: Claimed,
    pub computed: Option<Computed>,
    pub verdict: Verdict,
    pub reason: String,
    pub evidence: Vec<Evidence>,
    /// `levels` or `published change` (the fact's basis), when a fact was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_against: Option<String>,
}

/// Verdict counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub supported: usize,
    pub rounding: usize,
    pub contradicted: usize,
    pub unverifiable: usize,
}

/// The whole answer (the JSON contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub published: Option<NaiveDate>,
    pub claims: Vec<Judged>,
    pub summary: Summary,
}

fn evidence(p: &[Provenance]) -> Vec<Evidence> {
    p.iter()
        .map(|r| Evidence {
            source: r.source.to_string(),
            release: r.release.clone(),
            period: r.period.to_string(),
            value: if r.unit == tradewatch_model::Unit::Kg {
                r.value / 1000.0
            } else {
                r.value
            },
            unit: if r.unit == tradewatch_model::Unit::Kg {
                "t".to_string()
            } else {
                r.unit.to_string()
            },
            citation: r.citation.clone(),
        })
        .collect()
}

fn subject_out(s: &Subject) -> SubjectOut {
    SubjectOut {
        reporter: s.reporter.clone(),
        partner: s.partner.clone(),
        flow: s.flow.map(|f| f.to_string()),
        basket: s.basket.clone(),
        period: s.period.map(|p| p.to_string()),
    }
}

/// The verdict of a number against a fact's value and interval, hedges applied.
fn numeric(claimed: &Claimed, value: f64, interval: Option<[f64; 2]>) -> Verdict {
    let c = claimed.value;
    let half = claimed.precision / 2.0;
    match claimed.qualifier {
        Qualifier::MoreThan => {
            // "more than halved" (-50%): a fall larger than half.
            let beyond = if c < 0.0 { value < c } else { value > c };
            if beyond {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            }
        }
        Qualifier::AtLeast => {
            if value >= c - half {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            }
        }
        Qualifier::LessThan => {
            if value < c {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            }
        }
        Qualifier::Nearly => {
            // "nearly 30%": 25–30 (a sixth below, on the claim's side of zero).
            let lo = c - c.abs() / 6.0;
            let (lo, hi) = if c >= 0.0 {
                (lo, c + half)
            } else {
                (c - half, c + c.abs() / 6.0)
            };
            if (lo..=hi).contains(&value) {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            }
        }
        Qualifier::About => {
            let tol = (c.abs() * 0.05).max(claimed.precision);
            if (value - c).abs() <= tol {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            }
        }
        Qualifier::Exact => {
            let (lo, hi) = interval.map_or((value, value), |[a, b]| (a, b));
            match rounding::compare(c, claimed.precision, value, (lo, hi)) {
                Agreement::Exact => Verdict::Supported,
                Agreement::Rounding => Verdict::Rounding,
                Agreement::Off => Verdict::Contradicted,
            }
        }
    }
}

/// A verdict, the reason, the computed value, the evidence and the fact's basis.
type Outcome = (
    Verdict,
    String,
    Option<Computed>,
    Vec<Evidence>,
    Option<String>,
);

fn unverifiable(reason: impl Into<String>) -> Outcome {
    (Verdict::Unverifiable, reason.into(), None, Vec::new(), None)
}

/// Judges one claim.
fn judge_one(claim: &Claim, source: &dyn FactSource) -> Outcome {
    if let Some(p) = &claim.policy {
        return policy(p, source.timeline());
    }
    let s = &claim.subject;
    let missing: Vec<&str> = [
        ("reporter", s.reporter.is_none()),
        ("flow", s.flow.is_none()),
        ("commodity", s.basket.is_none()),
        ("period", s.period.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(n, _)| *n)
    .collect();
    if !missing.is_empty() {
        return unverifiable(format!(
            "the {} could not be resolved from the text",
            missing.join(", ")
        ));
    }
    let (Some(reporter), Some(flow), Some(basket), Some(period)) =
        (s.reporter.clone(), s.flow, s.basket.clone(), s.period)
    else {
        return unverifiable("the subject could not be resolved");
    };
    let partner = s.partner.clone().unwrap_or_else(|| "WLD".to_string());
    let measure = if claim.claimed.unit == "USD" {
        Measure::Value
    } else {
        Measure::Quantity
    };
    let subject = FactSubject {
        reporter,
        partner: if matches!(claim.kind, Kind::Share | Kind::Rank) {
            "*".to_string()
        } else {
            partner.clone()
        },
        flow,
        basket,
        measure,
    };
    if claim.kind == Kind::EventTiming {
        return event_timing(claim, source.timeline(), &subject, period);
    }
    let facts = source.facts(&subject, period);
    let find = |k: FactKind| facts.iter().find(|f| f.kind == k);
    let describe = || {
        format!(
            "{}→{} {} {} {}",
            subject.reporter, partner, subject.flow, subject.basket, period
        )
    };
    match claim.kind {
        Kind::Level | Kind::YtdTotal => {
            let kind = if claim.kind == Kind::Level {
                FactKind::Level
            } else {
                FactKind::Ytd
            };
            // A span that does not start in January is a level of its own.
            let Some(f) = find(kind).or_else(|| find(FactKind::Level)) else {
                return unverifiable(format!("the data has no level for {}", describe()));
            };
            let scale = if measure == Measure::Quantity {
                1000.0
            } else {
                1.0
            };
            let value = f.value.unwrap_or(f64::NAN) / scale;
            let interval = f.interval.map(|[a, b]| [a / scale, b / scale]);
            let mut verdict = numeric(&claim.claimed, value, interval);
            let mut reason = format!("the data gives {} ({})", f.display, f.method);
            // A level far from the data's more likely belongs to another subject or period than
            // the one read from the text: precision first, no verdict.
            if verdict == Verdict::Contradicted
                && value > 0.0
                && claim.claimed.value != 0.0
                && (claim.claimed.value / value - 1.0).abs() > FAR_OFF
            {
                return unverifiable(format!(
                    "the data gives {} for {}; a figure this far from it more likely belongs to another subject or period than the one read from the text",
                    f.display,
                    describe()
                ));
            }
            // Another source's figure for the same level (a disagreement the data keeps).
            if verdict == Verdict::Contradicted
                && let Some(alt) = f.alternatives.iter().find(|a| {
                    numeric(&claim.claimed, a.value / scale, None) != Verdict::Contradicted
                })
            {
                verdict = Verdict::Rounding;
                reason = format!(
                    "matches {}'s figure ({}), not the one chosen as current ({})",
                    alt.citation,
                    alt.value / scale,
                    f.display
                );
            }
            (
                verdict,
                reason,
                Some(Computed {
                    value,
                    unit: claim.claimed.unit.clone(),
                }),
                evidence(&f.provenance),
                Some(basis(f)),
            )
        }
        Kind::ChangeMom | Kind::ChangeYoy | Kind::YtdChange => {
            let kind = match claim.kind {
                Kind::ChangeMom => FactKind::ChangeMom,
                Kind::ChangeYoy => FactKind::ChangeYoy,
                _ => FactKind::YtdChangeYoy,
            };
            let Some(f) = find(kind) else {
                return unverifiable(format!(
                    "the data has no {} for {}",
                    kind.as_str(),
                    describe()
                ));
            };
            let value = f.value.unwrap_or(f64::NAN);
            let mut verdict = numeric(&claim.claimed, value, f.interval);
            let mut reason = match f.basis {
                Basis::Reported => format!(
                    "checked against the published change {} (the data has no base level)",
                    f.display
                ),
                Basis::Computed => format!("the levels give {}", f.display),
            };
            if verdict == Verdict::Contradicted
                && let Some(v) = f.variants.iter().find(|v| {
                    numeric(&claim.claimed, v.value, Some(v.interval)) != Verdict::Contradicted
                })
            {
                verdict = Verdict::Rounding;
                reason = format!(
                    "{reason}; another source's figures give {}, which the claim matches",
                    v.display
                );
            }
            (
                verdict,
                reason,
                Some(Computed {
                    value,
                    unit: "pct".to_string(),
                }),
                evidence(&f.provenance),
                Some(basis(f)),
            )
        }
        Kind::Streak => {
            let kind = if claim.prior_run {
                FactKind::PriorRun
            } else {
                FactKind::Streak
            };
            let Some(f) = find(kind) else {
                return unverifiable(format!(
                    "the data has no run of monthly changes for {}",
                    describe()
                ));
            };
            let len = f.length.unwrap_or(0);
            let dir_ok = claim
                .direction
                .is_none_or(|d| Some(dir_of(d)) == f.direction);
            let ok = dir_ok && f64::from(len) == claim.claimed.value;
            (
                if ok {
                    Verdict::Supported
                } else {
                    Verdict::Contradicted
                },
                format!("the data shows {}", f.display),
                Some(Computed {
                    value: f64::from(len),
                    unit: "months".to_string(),
                }),
                evidence(&f.provenance),
                Some(basis(f)),
            )
        }
        Kind::TurningPoint => {
            // "reversing a rebound that began in June": the run before the current one;
            // "extending a recovery that began in October": the current run.
            let kind = if claim.prior_run {
                FactKind::PriorRun
            } else {
                FactKind::TurningPoint
            };
            let Some(f) = find(kind) else {
                return unverifiable(format!("the data shows no earlier run for {}", describe()));
            };
            let start = f.start.map(|p| p.first());
            let ok = start == claim.month
                && claim
                    .direction
                    .is_none_or(|d| Some(dir_of(d)) == f.direction);
            (
                if ok {
                    Verdict::Supported
                } else {
                    Verdict::Contradicted
                },
                format!("the data shows {}", f.display),
                start.map(|m| Computed {
                    value: f64::from(m.year() * 100 + m.month() as i32),
                    unit: "yyyymm".to_string(),
                }),
                evidence(&f.provenance),
                Some(basis(f)),
            )
        }
        Kind::Record => {
            let kind = if claim.direction == Some(Dir::Rise) {
                FactKind::HighestSince
            } else {
                FactKind::LowestSince
            };
            let Some(f) = find(kind) else {
                // The data moved the other way in the month read; the claim may be about
                // another month: precision first.
                return unverifiable(format!(
                    "{} did not move that way in {}; the claim may be about another month",
                    describe(),
                    period
                ));
            };
            let months = f.value.unwrap_or(0.0);
            if f.since.is_none() {
                return unverifiable(format!("{}; the data cannot bound the record", f.display));
            }
            let ok = match claim.month {
                Some(m) => f.since.as_ref().is_some_and(|s| s.period.first() == m),
                None => months == claim.claimed.value,
            };
            (
                if ok {
                    Verdict::Supported
                } else {
                    Verdict::Contradicted
                },
                format!("the data shows a {}", f.display),
                Some(Computed {
                    value: months,
                    unit: "months".to_string(),
                }),
                evidence(&f.provenance),
                Some(basis(f)),
            )
        }
        Kind::Share => {
            let who = s.partner.clone().unwrap_or_default();
            let Some(f) = facts
                .iter()
                .find(|f| f.kind == FactKind::Share && f.subject.partner == who)
            else {
                return unverifiable(format!("the data has no share for {who} in {period}"));
            };
            let value = f.value.unwrap_or(f64::NAN);
            (
                numeric(&claim.claimed, value, f.interval),
                format!("{} ({})", f.display, f.method),
                Some(Computed {
                    value,
                    unit: "pct".to_string(),
                }),
                evidence(&f.provenance),
                Some(basis(f)),
            )
        }
        Kind::Direction => {
            let Some(f) = find(FactKind::ChangeMom) else {
                return unverifiable(format!("the data has no monthly change for {}", describe()));
            };
            let value = f.value.unwrap_or(0.0);
            let ok = match claim.direction {
                Some(Dir::Rise) => value > 0.0,
                Some(Dir::Fall) => value < 0.0,
                None => false,
            };
            (
                if ok {
                    Verdict::Supported
                } else {
                    Verdict::Contradicted
                },
                format!("the month's change was {}", f.display),
                Some(Computed {
                    value,
                    unit: "pct".to_string(),
                }),
                evidence(&f.provenance),
                Some(basis(f)),
            )
        }
        Kind::Rank => rank(claim, &facts),
        Kind::EventTiming => unverifiable("no event"),
    }
}

/// A ranking claim against every partner's level. Contradicted when a partner in the data
/// outranks a claimed one; supported only when no partner missing from the data could: the
/// partners cover the total, or what they leave uncovered is smaller than the claimed
/// partners' levels; else unverifiable, saying the order is consistent as far as it goes.
fn rank(claim: &Claim, facts: &[Fact]) -> Outcome {
    let Some(top) = facts.iter().find(|f| f.kind == FactKind::TopPartners) else {
        return unverifiable("the data has no partner breakdown for this period");
    };
    let level = |code: &str| top.items.iter().find(|i| i.partner == code);
    let mut claimed = Vec::new();
    for code in &claim.ranked {
        let Some(i) = level(code) else {
            return unverifiable(format!(
                "the data has no figure for {code} in {}",
                top.period.describe()
            ));
        };
        claimed.push(i);
    }
    let Some(weakest) = claimed
        .iter()
        .map(|i| i.value)
        .min_by(|a, b| a.total_cmp(b))
    else {
        return unverifiable("no partner named");
    };
    let n = claim.claimed.value.max(claimed.len() as f64) as usize;
    let evidence_of = |items: &[&tradewatch_analysis::facts::Item]| {
        items
            .iter()
            .flat_map(|i| evidence(&i.provenance))
            .collect::<Vec<_>>()
    };
    let computed = claimed.first().map(|i| Computed {
        value: f64::from(i.rank),
        unit: "rank".to_string(),
    });
    // Overtaking: the rival must be below.
    if let Some(rival) = &claim.overtaken
        && let Some(r) = level(rival)
        && r.value >= weakest
    {
        return (
            Verdict::Contradicted,
            format!(
                "{} ({}) is above {} ({})",
                r.name, r.display, claimed[0].name, claimed[0].display
            ),
            computed,
            evidence_of(&[claimed[0], r]),
            Some("levels".to_string()),
        );
    }
    // A partner in the data above a claimed one, outside the claimed places.
    let above: Vec<_> = top
        .items
        .iter()
        .filter(|i| !claim.ranked.contains(&i.partner) && i.value > weakest)
        .collect();
    if above.len() + claimed.len() > n {
        let names: Vec<String> = above
            .iter()
            .map(|i| format!("{} ({})", i.name, i.display))
            .collect();
        return (
            Verdict::Contradicted,
            format!(
                "the data puts {} above {}",
                names.join(", "),
                claimed
                    .iter()
                    .find(|i| i.value == weakest)
                    .map_or(String::new(), |i| format!("{} ({})", i.name, i.display))
            ),
            computed,
            evidence_of(
                &claimed
                    .iter()
                    .chain(above.iter())
                    .copied()
                    .collect::<Vec<_>>(),
            ),
            Some("levels".to_string()),
        );
    }
    let order = top
        .items
        .iter()
        .take(n.max(claimed.len()) + 1)
        .map(|i| format!("{} {}", i.name, i.display))
        .collect::<Vec<_>>()
        .join(" > ");
    // What the data does not break down, against the claimed partners.
    let known: f64 = top.items.iter().map(|i| i.value).sum();
    let world = top.base.as_ref().and_then(|b| b.value);
    let uncovered = world.map(|w| (w - known).max(0.0));
    let settled = match uncovered {
        Some(u) => u < weakest,
        None => false,
    };
    if settled {
        (
            Verdict::Supported,
            format!("{order}; no partner outside the data could rank among them"),
            computed,
            evidence_of(&claimed),
            Some("levels".to_string()),
        )
    } else {
        unverifiable(format!(
            "consistent with the partners in the data ({order}), but {}",
            top.note
                .clone()
                .unwrap_or_else(|| "the data does not cover every partner".to_string())
        ))
    }
}

/// A claim about a policy event against the timeline: an event with the claim's words on the
/// claimed date (the day when written, else the month); for relations to the data, the data's
/// month placed as claimed. Contradicted only when the event the words name (a place or a
/// commodity) is in the timeline on another date and nothing matching is on the claimed one.
fn policy(p: &PolicyClaim, timeline: &Timeline) -> Outcome {
    let score = |e: &Event| {
        let d = e.description.to_lowercase();
        p.words
            .iter()
            .filter(|w| d.contains(w.as_str()) || e.kind.contains(w.as_str()))
            .count()
    };
    let on_date = |e: &Event| match p.date {
        // "October 25-26" and "on Sunday": a day or two either side is the same event.
        Some(d) => (e.date - d).num_days().abs() <= 1,
        None => e.month() == p.month,
    };
    let claimed_date = p.date.map_or_else(
        || Period::Month(p.month).describe(),
        |d| d.format("%-d %B %Y").to_string(),
    );
    let event_evidence = |e: &Event| Evidence {
        source: "event".to_string(),
        release: "bundled".to_string(),
        period: e.date.to_string(),
        value: 0.0,
        unit: String::new(),
        citation: e.source_url.clone(),
    };
    let best = timeline
        .events
        .iter()
        .filter(|e| on_date(e))
        .max_by_key(|e| score(e))
        .filter(|e| score(e) > 0 || p.words.is_empty() || p.date.is_some_and(|d| e.date == d));
    let Some(e) = best else {
        // The named event on another date?
        let elsewhere = timeline
            .events
            .iter()
            .filter(|e| score(e) >= 2 || (score(e) >= 1 && p.words.len() == 1))
            .max_by_key(|e| score(e));
        if let Some(e) = elsewhere
            && p.words.iter().any(|w| PLACES.contains(&w.as_str()))
        {
            return (
                Verdict::Contradicted,
                format!(
                    "the timeline has this on {}, not {}: {}",
                    e.date_words(),
                    claimed_date,
                    e.description
                ),
                None,
                vec![event_evidence(e)],
                None,
            );
        }
        return unverifiable(format!(
            "no policy event matching \"{}\" on {} in the timeline",
            p.words.join(", "),
            claimed_date
        ));
    };
    let month = e.month();
    let (ok, placed) = match (p.relation, p.data) {
        (Relation::Date, _) => (true, String::new()),
        (_, None) => {
            return unverifiable(format!(
                "the event is in the timeline ({}) but the data's month could not be resolved",
                e.date_words()
            ));
        }
        (Relation::During, Some(d)) => (
            d == month,
            format!("; the data is for {}", Period::Month(d).describe()),
        ),
        (Relation::MonthBefore, Some(d)) => (
            d.plus(1) == month,
            format!("; the data is for {}", Period::Month(d).describe()),
        ),
        (Relation::FirstFullMonth, Some(d)) => {
            let first_full = if e.date.day() == 1 {
                month
            } else {
                month.plus(1)
            };
            (
                d == first_full,
                format!(
                    "; the first whole month after it is {}",
                    Period::Month(first_full).describe()
                ),
            )
        }
    };
    (
        if ok {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        },
        format!(
            "{} {}: {}{placed}",
            e.date_words(),
            e.kind.replace('_', " "),
            e.description
        ),
        None,
        vec![event_evidence(e)],
        None,
    )
}

/// Place names: an event named by where it happened is the one event there.
const PLACES: [&str; 6] = [
    "geneva",
    "london",
    "stockholm",
    "kuala lumpur",
    "busan",
    "madrid",
];

fn basis(f: &Fact) -> String {
    match f.basis {
        Basis::Computed => "levels".to_string(),
        Basis::Reported => "published change".to_string(),
    }
}

fn dir_of(d: Dir) -> Direction {
    match d {
        Dir::Rise => Direction::Rise,
        Dir::Fall => Direction::Fall,
    }
}

fn event_timing(
    claim: &Claim,
    timeline: &Timeline,
    subject: &FactSubject,
    period: Period,
) -> Outcome {
    let Some((before, _, when)) = claim.event else {
        return unverifiable("no event named");
    };
    let Some(when) = when else {
        return unverifiable("the event's date could not be resolved from the text");
    };
    let events: Vec<_> = timeline
        .events
        .iter()
        .filter(|e| e.names(&subject.basket) && e.month() == when)
        .collect();
    let Some(e) = events.first() else {
        return unverifiable(format!(
            "no policy event on {} in {} in the timeline",
            subject.basket,
            Period::Month(when).describe()
        ));
    };
    let data_before_event = e.month() > period.last();
    let data_after_event = e.month() < period.first();
    let ok = if before {
        data_before_event
    } else {
        data_after_event || e.month() <= period.last()
    };
    (
        if ok {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        },
        format!(
            "the data ({}) {} the {} {}: {}",
            period.describe(),
            if data_before_event {
                "predates"
            } else {
                "comes after"
            },
            e.date_words(),
            e.kind.replace('_', " "),
            e.description
        ),
        None,
        vec![Evidence {
            source: "event".to_string(),
            release: "bundled".to_string(),
            period: e.date.to_string(),
            value: 0.0,
            unit: String::new(),
            citation: e.source_url.clone(),
        }],
        None,
    )
}

/// Judges every claim of a document.
pub fn judge(
    doc: &Document,
    claims: &[Claim],
    published: Option<NaiveDate>,
    source: &dyn FactSource,
) -> Report {
    let mut summary = Summary::default();
    let mut out = Vec::new();
    for c in claims {
        let (verdict, reason, computed, evidence, checked_against) = judge_one(c, source);
        match verdict {
            Verdict::Supported => summary.supported += 1,
            Verdict::Rounding => summary.rounding += 1,
            Verdict::Contradicted => summary.contradicted += 1,
            Verdict::Unverifiable => summary.unverifiable += 1,
        }
        let (start, end) = doc.input_range(c.start, c.end);
        out.push(Judged {
            text: doc.text[c.start..c.end].to_string(),
            start,
            end,
            kind: c.kind,
            subject: subject_out(&c.subject),
            claimed: c.claimed.clone(),
            computed,
            verdict,
            reason,
            evidence,
            checked_against,
        });
    }
    Report {
        published,
        claims: out,
        summary,
    }
}
