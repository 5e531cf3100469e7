//! Verdicts: each claim against the facts of its subject and period, never recomputed here.
//!
//! `supported`: the fact's value rounds to the claim at the claim's own precision;
//! `rounding`: within the interval the inputs' rounding allows plus half the claim's precision;
//! `contradicted`: outside it (with the value the data gives); `unverifiable`: the subject, the
//! period or the data is missing (with what is missing). Hedges widen or bound the check:
//! "nearly 30%" is 25–30, "more than doubled" is above +100%.
//!
//! A subject the text leaves open is asked of the data first: when the store holds exactly
//! one reporter (or one flow) for the commodity and period, that one is used and the reason
//! says so.

use chrono::Datelike;
use chrono::NaiveDate;
use serde::Serialize;
use tradewatch_analysis::rounding::{self, Agreement};
use tradewatch_analysis::{Basis, Direction, Fact, FactKind, Subject as FactSubject};
use tradewatch_model::{Event, Flow, Measure, Period, Provenance, Timeline};

use crate::claims::{Claim, Claimed, Dir, EventClaim, Kind, Named, Partner, Relation, Subject};
use crate::number::{Qualifier, Unit};
use crate::source::{FactSource, SourceError};
use crate::text::Document;

/// How far (a factor either way) a claimed level may be from the data's before the claim is
/// taken to be about something else than the subject read from the text.
const FAR_OFF: f64 = 3.0;

/// The kinds of fact the judge reads (a fixture of facts needs no others).
pub const KINDS_USED: [FactKind; 12] = [
    FactKind::Level,
    FactKind::Ytd,
    FactKind::ChangeMom,
    FactKind::ChangeYoy,
    FactKind::YtdChangeYoy,
    FactKind::Streak,
    FactKind::PriorRun,
    FactKind::TurningPoint,
    FactKind::HighestSince,
    FactKind::LowestSince,
    FactKind::Share,
    FactKind::TopPartners,
];

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
    pub value: serde_json::Value,
    pub unit: String,
}

impl Computed {
    fn number(value: f64, unit: &str) -> Computed {
        Computed {
            value: serde_json::Value::from(value),
            unit: unit.to_string(),
        }
    }
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
        .map(|r| {
            let kg = r.unit == tradewatch_model::Unit::Kg;
            Evidence {
                source: r.source.to_string(),
                release: r.release.clone(),
                period: r.period.to_string(),
                value: if kg { r.value / 1000.0 } else { r.value },
                unit: if kg {
                    "t".to_string()
                } else {
                    r.unit.to_string()
                },
                citation: r.citation.clone(),
            }
        })
        .collect()
}

fn subject_out(s: &Subject) -> SubjectOut {
    SubjectOut {
        reporter: s.reporter.clone(),
        partner: s.partner.as_ref().map(|p| p.code().to_string()),
        flow: s.flow.map(|f| f.to_string()),
        basket: s.basket.clone(),
        period: s.period.map(|p| p.to_string()),
    }
}

/// The verdict of a number against a fact's value and interval, hedges applied.
fn numeric(
    c: f64,
    precision: f64,
    qualifier: Qualifier,
    value: f64,
    interval: Option<[f64; 2]>,
) -> Verdict {
    let half = precision / 2.0;
    let pass = |ok: bool| {
        if ok {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        }
    };
    // A bound the data's figure meets only to its last published digit ("valued at just over
    // $1.02 billion" against $1.02 billion): its rounding may hide either side, so neither
    // borne out nor contradicted.
    let (lo, hi) = interval.map_or((value, value), |[a, b]| (a, b));
    let bound = |ok: bool, straddles: bool| {
        if !ok && straddles && (value - c).abs() <= half {
            Verdict::Rounding
        } else {
            pass(ok)
        }
    };
    match qualifier {
        // "more than halved" (-50%): a fall larger than half.
        Qualifier::MoreThan => bound(
            if c < 0.0 { value < c } else { value > c },
            if c < 0.0 { lo < c } else { hi > c },
        ),
        Qualifier::AtLeast => pass(if c < 0.0 {
            value <= c + half
        } else {
            value >= c - half
        }),
        Qualifier::LessThan => bound(
            if c < 0.0 { value > c } else { value < c },
            if c < 0.0 { hi > c } else { lo < c },
        ),
        Qualifier::Nearly => {
            // "nearly 30%": 25–30 (a sixth below, on the claim's side of zero).
            let (lo, hi) = if c >= 0.0 {
                (c - c.abs() / 6.0, c + half)
            } else {
                (c - half, c + c.abs() / 6.0)
            };
            pass((lo..=hi).contains(&value))
        }
        Qualifier::About => {
            let tol = (c.abs() * 0.03).max(precision);
            pass((value - c).abs() <= tol)
        }
        Qualifier::Exact => match rounding::compare(c, precision, value, (lo, hi)) {
            Agreement::Exact => Verdict::Supported,
            Agreement::Rounding => Verdict::Rounding,
            Agreement::Off => Verdict::Contradicted,
        },
    }
}

/// A verdict with its reason, the computed value, the evidence and the fact's basis.
struct Outcome {
    verdict: Verdict,
    reason: String,
    computed: Option<Computed>,
    evidence: Vec<Evidence>,
    basis: Option<String>,
}

fn unverifiable(reason: impl Into<String>) -> Outcome {
    Outcome {
        verdict: Verdict::Unverifiable,
        reason: reason.into(),
        computed: None,
        evidence: Vec::new(),
        basis: None,
    }
}

fn outcome(ok: bool, reason: String, computed: Option<Computed>, f: &Fact) -> Outcome {
    Outcome {
        verdict: if ok {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        },
        reason,
        computed,
        evidence: evidence(&f.provenance),
        basis: Some(basis(f)),
    }
}

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

/// Fills a subject's reporter and flow from the data when the text left them open and the
/// data hold exactly one; says so in the claim's notes. Returns why not, when it cannot.
async fn complete_from_data(
    claim: &mut Claim,
    source: &dyn FactSource,
) -> Result<Option<String>, SourceError> {
    let s = &claim.subject;
    // "German imports from China more than tripled": a country's imports the data do not
    // hold, where they hold China's exports, are read as China's exports to it (the mirror
    // figure), and the reason says so.
    if let (Some(r), Some(Flow::Import), Some(basket), Some(period)) =
        (s.reporter.clone(), s.flow, s.basket.clone(), s.period)
        && r != "CHN"
        && (matches!(&s.partner, None | Some(Partner::World))
            || matches!(&s.partner, Some(Partner::Country(c)) if c == "CHN"))
    {
        let held = source.holdings(&basket, period).await?;
        let has = |who: &str, flow: Flow| held.pairs.iter().any(|(w, f)| w == who && *f == flow);
        if !has(&r, Flow::Import) && has("CHN", Flow::Export) {
            claim.notes.push(format!(
                "read as China's exports to {r}: the data hold no imports reported by {r} of {basket} in {}, only China's exports",
                period.describe()
            ));
            claim.subject.partner = Some(Partner::Country(r));
            claim.subject.reporter = Some("CHN".to_string());
            claim.subject.flow = Some(Flow::Export);
        }
        return Ok(None);
    }
    if s.reporter.is_some() && s.flow.is_some() {
        return Ok(None);
    }
    let (Some(basket), Some(period)) = (s.basket.clone(), s.period) else {
        return Ok(None);
    };
    let held = source.holdings(&basket, period).await?;
    let describe = period.describe();
    if claim.subject.reporter.is_none() {
        match held.reporters().as_slice() {
            [one] => {
                claim.notes.push(sole_reporter_note(one, &basket, period));
                claim.subject.reporter = Some((*one).to_string());
            }
            [] => {
                return Ok(Some(format!(
                    "the data hold nothing for {basket} in {describe}"
                )));
            }
            many => {
                return Ok(Some(format!(
                    "the text does not say whose trade it is, and the data hold {} for {basket} in {describe}",
                    many.join(", ")
                )));
            }
        }
    }
    if claim.subject.flow.is_none() {
        let reporter = claim.subject.reporter.clone();
        match held.flows(reporter.as_deref()).as_slice() {
            [one] => {
                claim.notes.push(format!(
                    "flow taken from the data: only {}s are held for {basket} in {describe}",
                    one.as_str().replace('_', "-")
                ));
                claim.subject.flow = Some(*one);
            }
            [] => {
                return Ok(Some(format!(
                    "the data hold no trade of {basket} in {describe}"
                )));
            }
            many => {
                let names: Vec<&str> = many.iter().map(|f| f.as_str()).collect();
                return Ok(Some(format!(
                    "the text does not say which way the trade went, and the data hold {} of {basket} in {describe}",
                    names.join(" and ")
                )));
            }
        }
    }
    Ok(None)
}

/// Judges one claim.
async fn judge_one(claim: &Claim, source: &dyn FactSource) -> Result<Outcome, SourceError> {
    let Claimed::Record {
        high,
        since_act: true,
        ..
    } = claim.claimed
    else {
        return judge_read(claim, source).await;
    };
    // A record since an act named without its date ("the best month since the permits
    // began"): the commodity's last control or licensing act in the timeline on or before
    // the claim's month dates it, and the record spans the months from the act's.
    let (Some(p), Some(b)) = (claim.subject.period, claim.subject.basket.as_deref()) else {
        return Ok(unverifiable(
            "the act the record counts from could not be dated: the commodity or the month is not known",
        ));
    };
    let Some(act) = source
        .timeline()
        .events
        .iter()
        .filter(|ev| {
            matches!(ev.kind.as_str(), "export_control" | "licensing")
                && ev.names(b)
                && ev.month() <= p.first()
        })
        .max_by_key(|ev| ev.date)
    else {
        return Ok(unverifiable(format!(
            "the timeline holds no control on {b} before {}",
            p.describe()
        )));
    };
    let months = u32::try_from(p.first().index() - act.month().index() + 1).unwrap_or(1);
    let dated = Claim {
        claimed: Claimed::Record {
            high,
            months: Some(months),
            since: None,
            at_least: true,
            since_act: false,
        },
        ..claim.clone()
    };
    let mut o = judge_read(&dated, source).await?;
    o.reason = format!(
        "{} (the act taken from the timeline: {}, {}; the months from it: {months})",
        o.reason, act.date, act.description
    );
    Ok(o)
}

/// A claim as read against the data (see [`judge_one`]).
async fn judge_read(claim: &Claim, source: &dyn FactSource) -> Result<Outcome, SourceError> {
    if let Claimed::Event(e) = &claim.claimed {
        return Ok(event(e, claim, source.timeline()));
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
        return Ok(unverifiable(format!(
            "the {} could not be resolved from the text",
            missing.join(", ")
        )));
    }
    let (Some(reporter), Some(flow), Some(basket), Some(period)) =
        (s.reporter.clone(), s.flow, s.basket.clone(), s.period)
    else {
        return Ok(unverifiable("the subject could not be resolved"));
    };
    let partner = s.partner.clone().unwrap_or(Partner::World);
    let measure = match &claim.claimed {
        Claimed::Level { unit, .. } if unit.is_money() => Measure::Value,
        Claimed::Change { .. } | Claimed::Share { .. } if claim.of_value => Measure::Value,
        _ => Measure::Quantity,
    };
    if let Claimed::Level { unit, .. } = &claim.claimed
        && matches!(unit, Unit::Cny | Unit::Eur)
    {
        return Ok(unverifiable(format!(
            "the figure is in {}; the data hold values in US dollars",
            unit.as_str()
        )));
    }
    let by_partner = matches!(claim.kind, Kind::Share | Kind::Rank);
    let subject = FactSubject {
        reporter,
        partner: if by_partner {
            "*".to_string()
        } else {
            partner.code().to_string()
        },
        flow,
        basket,
        measure,
    };
    let facts = source.facts(&subject, period).await?;
    let find = |k: FactKind| facts.iter().find(|f| f.kind == k);
    let describe = || {
        format!(
            "{}→{} {} {} {}",
            subject.reporter,
            partner.code(),
            subject.flow,
            subject.basket,
            period
        )
    };
    Ok(match &claim.claimed {
        Claimed::Level {
            value: claimed,
            unit,
            precision,
            qualifier,
        } => {
            let kind = if claim.kind == Kind::YtdTotal {
                FactKind::Ytd
            } else {
                FactKind::Level
            };
            // ("Q3 magnet exports of 17.5kt": a span the data do not publish is summed from
            // its months by the facts themselves, when every one is there.)
            let Some(f) = find(kind).or_else(|| find(FactKind::Level)) else {
                return Ok(unverifiable(format!(
                    "the data has no level for {}",
                    describe()
                )));
            };
            let scale = match unit {
                Unit::Tonnes => 1000.0,
                _ => 1.0,
            };
            let value = f.value.unwrap_or(f64::NAN) / scale;
            let interval = f.interval.map(|[a, b]| [a / scale, b / scale]);
            let mut verdict = numeric(*claimed, *precision, *qualifier, value, interval);
            let mut reason = format!("the data gives {} ({})", f.display, f.method);
            if verdict == Verdict::Contradicted && value > 0.0 && *claimed > 0.0 {
                let ratio = claimed / value;
                if !(1.0 / FAR_OFF..=FAR_OFF).contains(&ratio) {
                    return Ok(unverifiable(format!(
                        "the data gives {} for {}; a figure this far from it more likely belongs to another subject or period than the one read from the text",
                        f.display,
                        describe()
                    )));
                }
            }
            // Another source's figure for the same level (a disagreement the data keeps).
            if verdict == Verdict::Contradicted
                && let Some(alt) = f.alternatives.iter().find(|a| {
                    numeric(*claimed, *precision, *qualifier, a.value / scale, None)
                        != Verdict::Contradicted
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
            Outcome {
                verdict,
                reason,
                computed: Some(Computed::number(value, unit.as_str())),
                evidence: evidence(&f.provenance),
                basis: Some(basis(f)),
            }
        }
        Claimed::Change {
            pct,
            precision,
            qualifier,
        } => {
            let kind = match claim.kind {
                Kind::ChangeMom => FactKind::ChangeMom,
                Kind::ChangeYoy => FactKind::ChangeYoy,
                _ => FactKind::YtdChangeYoy,
            };
            let Some(f) = find(kind) else {
                return Ok(unverifiable(format!(
                    "the data has no {} for {}",
                    kind.as_str(),
                    describe()
                )));
            };
            let value = f.value.unwrap_or(f64::NAN);
            let mut verdict = numeric(*pct, *precision, *qualifier, value, f.interval);
            let mut reason = match f.basis {
                Basis::Reported => format!(
                    "checked against the published change {} (the data has no base level)",
                    f.display
                ),
                Basis::Computed => format!("the levels give {}", f.display),
            };
            if verdict == Verdict::Contradicted
                && let Some(v) = f.variants.iter().find(|v| {
                    numeric(*pct, *precision, *qualifier, v.value, Some(v.interval))
                        != Verdict::Contradicted
                })
            {
                verdict = Verdict::Rounding;
                reason = format!(
                    "{reason}; another source's figures give {}, which the claim matches",
                    v.display
                );
            }
            Outcome {
                verdict,
                reason,
                computed: Some(Computed::number(value, "pct")),
                evidence: evidence(&f.provenance),
                basis: Some(basis(f)),
            }
        }
        Claimed::Months { n, dir, prior } => {
            let kind = if *prior {
                FactKind::PriorRun
            } else {
                FactKind::Streak
            };
            let Some(f) = find(kind) else {
                return Ok(unverifiable(format!(
                    "the data has no run of monthly changes for {}",
                    describe()
                )));
            };
            let len = f.length.unwrap_or(0);
            let ok = dir.is_none_or(|d| Some(dir_of(d)) == f.direction) && len == *n;
            outcome(
                ok,
                format!("the data shows {}", f.display),
                Some(Computed::number(f64::from(len), "months")),
                f,
            )
        }
        Claimed::FirstIn { months, dir } => {
            let (Some(now), Some(before)) = (find(FactKind::Streak), find(FactKind::PriorRun))
            else {
                return Ok(unverifiable(format!(
                    "the data has no run of monthly changes for {}",
                    describe()
                )));
            };
            let ok = now.direction == Some(dir_of(*dir))
                && now.length == Some(1)
                && before.length == Some(months.saturating_sub(1));
            outcome(
                ok,
                format!("the data shows {}, after {}", now.display, before.display),
                before
                    .length
                    .map(|l| Computed::number(f64::from(l + 1), "months")),
                now,
            )
        }
        Claimed::Since { start, dir, prior } => {
            let kind = if *prior {
                FactKind::PriorRun
            } else {
                FactKind::TurningPoint
            };
            let Some(f) = find(kind) else {
                return Ok(unverifiable(format!(
                    "the data shows no earlier run for {}",
                    describe()
                )));
            };
            let began = f.start.map(|p| p.first());
            let ok = began == Some(*start) && dir.is_none_or(|d| Some(dir_of(d)) == f.direction);
            outcome(
                ok,
                format!("the data shows {}", f.display),
                began.map(|m| Computed {
                    value: serde_json::Value::from(Period::Month(m).to_string()),
                    unit: "month".to_string(),
                }),
                f,
            )
        }
        Claimed::Record {
            high,
            months,
            since,
            at_least,
            ..
        } => {
            let kind = if *high {
                FactKind::HighestSince
            } else {
                FactKind::LowestSince
            };
            let Some(f) = find(kind) else {
                return Ok(unverifiable(format!(
                    "{} did not move that way in {}; the claim may be about another month",
                    describe(),
                    period
                )));
            };
            let n = f.value.unwrap_or(0.0);
            let bounded = f.since.is_some();
            let computed = Some(Computed::number(n, "months"));
            match (months, since) {
                (_, Some(m)) => {
                    if !bounded {
                        return Ok(unverifiable(format!(
                            "{}; the data cannot bound the record",
                            f.display
                        )));
                    }
                    let ok = f
                        .since
                        .as_ref()
                        .is_some_and(|s| s.period.first() == *m || s.period.last() == *m);
                    outcome(ok, format!("the data shows a {}", f.display), computed, f)
                }
                (Some(m), None) if *at_least => {
                    // "the highest of the year": higher than every month of the year before it;
                    // a gap before that reach leaves it open.
                    if !bounded && n < f64::from(*m) {
                        return Ok(unverifiable(format!(
                            "{}; the data cannot bound the record",
                            f.display
                        )));
                    }
                    outcome(
                        n >= f64::from(*m),
                        format!("the data shows a {}", f.display),
                        computed,
                        f,
                    )
                }
                (Some(m), None) => {
                    if !bounded && n < f64::from(*m) {
                        return Ok(unverifiable(format!(
                            "{}; the data cannot bound the record",
                            f.display
                        )));
                    }
                    outcome(
                        n == f64::from(*m),
                        format!("the data shows a {}", f.display),
                        computed,
                        f,
                    )
                }
                (None, None) => {
                    // "on record": the data would need the whole history.
                    if bounded {
                        outcome(
                            false,
                            format!("the data shows a {}, not a record", f.display),
                            computed,
                            f,
                        )
                    } else {
                        unverifiable(format!(
                            "{}; the data do not reach back far enough to check a record",
                            f.display
                        ))
                    }
                }
            }
        }
        Claimed::Share {
            pct,
            precision,
            qualifier,
        } => {
            let who = partner.code().to_string();
            let Some(f) = facts
                .iter()
                .find(|f| f.kind == FactKind::Share && f.subject.partner == who)
            else {
                return Ok(unverifiable(format!(
                    "the data has no share for {who} in {period}"
                )));
            };
            let value = f.value.unwrap_or(f64::NAN);
            Outcome {
                verdict: numeric(*pct, *precision, *qualifier, value, f.interval),
                reason: format!("{} ({})", f.display, f.method),
                computed: Some(Computed::number(value, "pct")),
                evidence: evidence(&f.provenance),
                basis: Some(basis(f)),
            }
        }
        Claimed::Direction(d) => {
            // A month's move is against the month before; a span's ("magnets dip for the
            // year", "down only slightly on 2024") against the same months a year earlier.
            let (kind, what) = if period.is_month() {
                (FactKind::ChangeMom, "monthly change")
            } else {
                (FactKind::YtdChangeYoy, "change on the year before")
            };
            let Some(f) = find(kind) else {
                return Ok(unverifiable(format!(
                    "the data has no {what} for {}",
                    describe()
                )));
            };
            let value = f.value.unwrap_or(0.0);
            let ok = match d {
                Dir::Rise => value > 0.0,
                Dir::Fall => value < 0.0,
            };
            outcome(
                ok,
                if period.is_month() {
                    format!("the month's change was {}", f.display)
                } else {
                    format!("the change on the year before was {}", f.display)
                },
                Some(Computed::number(value, "pct")),
                f,
            )
        }
        Claimed::Rank {
            rank: n,
            last,
            partners,
            overtaken,
        } => rank(*n, *last, partners, overtaken.as_deref(), &facts),
        Claimed::Event(_) => unverifiable("no event"),
    })
}

/// A ranking claim against every partner the data holds for the period: contradicted when
/// a partner in the data outranks a claimed one, supported when the data's order agrees
/// (the reason says how many partners the data covers).
fn rank(
    n: u32,
    last: bool,
    claimed_partners: &[String],
    overtaken: Option<&str>,
    facts: &[Fact],
) -> Outcome {
    let Some(top) = facts.iter().find(|f| f.kind == FactKind::TopPartners) else {
        return unverifiable("the data has no partner breakdown for this period");
    };
    // Countries only: a bloc or a continent is not a buyer among countries.
    let items: Vec<&tradewatch_analysis::facts::Item> = top
        .items
        .iter()
        .filter(|i| i.partner != "WLD" && i.partner != "EUN" && !i.partner.starts_with("X_"))
        .collect();
    let level = |code: &str| items.iter().copied().find(|i| i.partner == code);
    let mut claimed = Vec::new();
    for code in claimed_partners {
        let Some(i) = level(code) else {
            return unverifiable(format!(
                "the data has no figure for {code} in {}",
                top.period.describe()
            ));
        };
        claimed.push(i);
    }
    let Some(first) = claimed.first().copied() else {
        return unverifiable("no partner named");
    };
    let place = |i: &tradewatch_analysis::facts::Item| {
        items.iter().filter(|o| o.value > i.value).count() as u32 + 1
    };
    let evidence_of = |list: &[&tradewatch_analysis::facts::Item]| {
        list.iter()
            .flat_map(|i| evidence(&i.provenance))
            .collect::<Vec<_>>()
    };
    let order = items
        .iter()
        .take(6)
        .map(|i| format!("{} {}", i.name, i.display))
        .collect::<Vec<_>>()
        .join(" > ");
    let covered = format!(
        "among the {} partner countries the data holds for {}",
        items.len(),
        top.period.describe()
    );
    let result = |ok: bool, why: String, list: &[&tradewatch_analysis::facts::Item]| Outcome {
        verdict: if ok {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        },
        reason: why,
        computed: Some(Computed::number(f64::from(place(first)), "rank")),
        evidence: evidence_of(list),
        basis: Some("levels".to_string()),
    };
    if let Some(rival) = overtaken
        && let Some(r) = level(rival)
    {
        let ok = first.value > r.value && place(first) == n;
        return result(
            ok,
            format!(
                "{} ({}) and {} ({}), {covered}: {order}",
                first.name, first.display, r.name, r.display
            ),
            &[first, r],
        );
    }
    if last {
        let lowest = items.iter().all(|o| o.value >= first.value);
        return result(lowest, format!("{order} ({covered})"), &[first]);
    }
    if claimed.len() > 1 {
        // "the top three were A, B and C": every one of them within the first n places.
        let ok = claimed
            .iter()
            .all(|i| place(i) <= n.max(claimed.len() as u32));
        return result(ok, format!("{order} ({covered})"), &claimed);
    }
    result(place(first) == n, format!("{order} ({covered})"), &[first])
}

/// Place names: an event named by where it happened is the one event there.
const PLACES: [&str; 7] = [
    "geneva",
    "london",
    "stockholm",
    "kuala",
    "busan",
    "madrid",
    "washington",
];

/// A claim about a policy event: the event in the timeline on the claimed date (or month)
/// that names the claim's commodity or words, and the data's period placed as claimed.
fn event(e: &EventClaim, claim: &Claim, timeline: &Timeline) -> Outcome {
    let o = event_in_year(e, claim, timeline);
    // "the 9/10 package": a day written with slashes in an order the text does not settle
    // may be read month first, when the timeline holds nothing on the day read day first.
    if let Some(other) = e.swapped
        && o.verdict == Verdict::Unverifiable
        && o.reason.starts_with("no policy event on")
    {
        let mut o2 = event_in_year(&e.on(other), claim, timeline);
        if o2.verdict != Verdict::Unverifiable {
            o2.reason = format!(
                "{} (day and month taken in the other order: the text writes them with a slash \
                 and does not settle which comes first)",
                o2.reason
            );
            return o2;
        }
    }
    o
}

/// An event claim against the timeline; a day written without its year is tried a year
/// either side.
fn event_in_year(e: &EventClaim, claim: &Claim, timeline: &Timeline) -> Outcome {
    let o = event_on(e, claim, timeline);
    // "announced on November 7", "the January 6 ban": a day written without its year that
    // the timeline does not hold in the year read may be the same day a year either side.
    if !(e.year_open
        && o.verdict == Verdict::Unverifiable
        && o.reason.starts_with("no policy event on"))
    {
        return o;
    }
    let Some(d) = e.date else {
        return o;
    };
    for dy in [-1, 1, -2] {
        let Some(shifted) = NaiveDate::from_ymd_opt(d.year() + dy, d.month(), d.day()) else {
            continue;
        };
        let mut o2 = event_on(&e.on(shifted), claim, timeline);
        if o2.verdict != Verdict::Unverifiable && !o2.reason.starts_with("the timeline has this on")
        {
            o2.reason = format!(
                "{} (year taken from the timeline: the text writes the day without one)",
                o2.reason
            );
            return o2;
        }
    }
    o
}

/// An event claim against the timeline, its date as read.
fn event_on(e: &EventClaim, claim: &Claim, timeline: &Timeline) -> Outcome {
    let basket = claim.subject.basket.as_deref();
    let score = |ev: &Event| {
        let d = ev.description.to_lowercase();
        let words = e.words.iter().filter(|w| d.contains(w.as_str())).count();
        words + usize::from(basket.is_some_and(|b| ev.names(b))) * 2
    };
    let on_date = |ev: &Event| match (e.date, e.month) {
        (Some(d), _) => (ev.date - d).num_days().abs() <= 1,
        (None, Some(m)) => ev.month() == m,
        (None, None) => false,
    };
    let claimed_date = match (e.date, e.month) {
        (Some(d), _) => d.format("%-d %B %Y").to_string(),
        (None, Some(m)) => Period::Month(m).describe(),
        (None, None) => "an unstated date".to_string(),
    };
    let evidence_of = |ev: &Event| {
        vec![Evidence {
            source: "event".to_string(),
            release: "bundled".to_string(),
            period: ev.date.to_string(),
            value: 0.0,
            unit: String::new(),
            citation: ev.source_url.clone(),
        }]
    };
    let best = timeline
        .events
        .iter()
        .filter(|ev| on_date(ev))
        .max_by_key(|ev| score(ev));
    // No date written ("the first full month under the controls"): the event on the
    // commodity that stands in the claimed relation to the data, if one does.
    let best = best.or_else(|| {
        if e.date.is_some() || e.month.is_some() {
            return None;
        }
        let p = claim.subject.period?;
        let fits = |ev: &Event| {
            let m = ev.month();
            match e.relation {
                Relation::FirstFullMonth => {
                    let first_full = if ev.date.day() == 1 { m } else { m.plus(1) };
                    first_full == p.first()
                }
                Relation::MonthBefore => p.last().plus(1) == m,
                Relation::During => m == p.first(),
                Relation::Before => m > p.last() && m <= p.last().plus(2),
                Relation::After => m < p.first() && m.plus(12) >= p.first(),
                Relation::Date => false,
            }
        };
        // (An event on all goods, when the claim's words name it: "the first full month
        // after the Geneva truce".)
        let named = |ev: &Event| {
            let d = ev.description.to_lowercase();
            e.words.iter().any(|w| d.contains(w.as_str()))
        };
        // A place the claim names is where the event happened, in the head of its
        // description ("after the Geneva truce" is not the London talks, though their
        // framework implements the Geneva consensus).
        let place_named = |ev: &Event| {
            let d = ev.description.to_lowercase();
            let d = d.split([':', '(', ',']).next().unwrap_or_default();
            e.words
                .iter()
                .filter(|w| crate::read::PLACE_WORDS.contains(&w.as_str()))
                .all(|w| d.contains(w.as_str()))
        };
        timeline
            .events
            .iter()
            .filter(|ev| {
                basket.is_some_and(|b| ev.names(b) || ev.concerns(b) && named(ev))
                    && place_named(ev)
                    && fits(ev)
            })
            .max_by_key(|ev| score(ev))
    });
    let Some(ev) = best else {
        // The named event on another date?
        let elsewhere = timeline
            .events
            .iter()
            .filter(|ev| {
                e.words.iter().any(|w| {
                    PLACES.contains(&w.as_str())
                        && ev.description.to_lowercase().contains(w.as_str())
                })
            })
            .max_by_key(|ev| score(ev));
        if let Some(ev) = elsewhere
            && (e.date.is_some() || e.month.is_some())
        {
            return Outcome {
                verdict: Verdict::Contradicted,
                reason: format!(
                    "the timeline has this on {}, not {}: {}",
                    ev.date_words(),
                    claimed_date,
                    ev.description
                ),
                computed: None,
                evidence: evidence_of(ev),
                basis: None,
            };
        }
        return unverifiable(format!("no policy event on {claimed_date} in the timeline"));
    };
    let month = ev.month();
    let data = claim.subject.period;
    let (ok, placed) = match (e.relation, data) {
        (Relation::Date, _) => (true, String::new()),
        (_, None) => {
            return unverifiable(format!(
                "the event is in the timeline ({}) but the data's month could not be resolved",
                ev.date_words()
            ));
        }
        (Relation::Before, Some(p)) => {
            let ok = p.last() < month;
            return Outcome {
                verdict: if ok {
                    Verdict::Supported
                } else {
                    Verdict::Contradicted
                },
                reason: format!(
                    "the data ({}) {} the {} {}: {}",
                    p.describe(),
                    if ok { "predates" } else { "does not predate" },
                    ev.date_words(),
                    ev.kind.replace('_', " "),
                    ev.description
                ),
                computed: None,
                evidence: evidence_of(ev),
                basis: None,
            };
        }
        (Relation::After, Some(p)) => (
            p.first() >= month,
            format!("; the data are for {}", p.describe()),
        ),
        (Relation::During, Some(p)) => (
            p.first() == month,
            format!("; the data are for {}", p.describe()),
        ),
        (Relation::MonthBefore, Some(p)) => (
            p.last().plus(1) == month,
            format!("; the data are for {}", p.describe()),
        ),
        (Relation::FirstFullMonth, Some(p)) => {
            let first_full = if ev.date.day() == 1 {
                month
            } else {
                month.plus(1)
            };
            (
                p.first() == first_full,
                format!(
                    "; the first whole month after it is {}",
                    Period::Month(first_full).describe()
                ),
            )
        }
    };
    Outcome {
        verdict: if ok {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        },
        reason: format!(
            "{} {}: {}{placed}",
            ev.date_words(),
            ev.kind.replace('_', " "),
            ev.description
        ),
        computed: None,
        evidence: evidence_of(ev),
        basis: None,
    }
}

/// The other readings of a claim whose text left part of its subject open, in the order
/// they are tried, each with the note that says what was taken from the data: the partner,
/// what is claimed (year on year, the year to date), the commodity, the month.
fn other_readings(c: &Claim) -> Vec<(Claim, String, bool)> {
    let mut out = Vec::new();
    let figure = matches!(c.claimed, Claimed::Level { .. } | Claimed::Change { .. });
    if let Some(alt) = c.alt_claimed.clone()
        && let (
            Claimed::Level { value: first, .. },
            Claimed::Level {
                value: other_value, ..
            },
        ) = (&c.claimed, &alt)
    {
        let mut other = c.clone();
        other.claimed = alt.clone();
        let note = format!(
            "number read with the other decimal mark: the text's mark may group thousands or start decimals, and the data bear out {other_value} rather than {first}"
        );
        out.push((other, note, false));
    }
    if let Some(alt) = c.alt_partner.clone()
        && !matches!(c.claimed, Claimed::Direction(_) | Claimed::Event(_))
    {
        let mut other = c.clone();
        let first = other.subject.partner.replace(alt.clone());
        let note = format!(
            "partner taken from the data: the text ties none to this figure, and it fits {} rather than {}",
            alt.code(),
            first.as_ref().map_or("WLD", |p| p.code())
        );
        out.push((other, note, false));
    }
    if let Some(r) = c.alt_reporter.clone()
        && figure
    {
        let mut other = c.clone();
        other.subject.reporter = Some(r.clone());
        other.subject.partner = Some(Partner::World);
        other.subject.flow = Some(Flow::Import);
        let note = format!(
            "reporter taken from the data: the figure fits {r}'s own imports rather than China's exports to {r}"
        );
        out.push((other, note, false));
    }
    for &alt in &c.alt_kinds {
        let mut other = c.clone();
        other.kind = alt;
        let note = match (alt, other.subject.period) {
            (Kind::YtdTotal | Kind::YtdChange, Some(p)) => {
                let m = p.last();
                other.subject.period = tradewatch_model::Month::new(m.year(), 1)
                    .ok()
                    .map(|first| Period::Span(first, m));
                format!(
                    "the text names no period for this figure, and it fits {} rather than the month",
                    other.subject.period.map_or_else(String::new, |p| p.describe())
                )
            }
            _ => "the text names no base for this change, and it fits year on year rather than month on month".to_string(),
        };
        out.push((other, note, false));
    }
    if let Some(flow) = c.alt_flow
        && figure
    {
        let mut other = c.clone();
        let first = other.subject.flow.replace(flow);
        let note = format!(
            "flow taken from the data: the sentence names none, and the figure fits {} rather than {}, the flow a sentence before named",
            flow.noun_plural(),
            first.map_or("-", Flow::noun_plural)
        );
        let only_if_unheld = matches!(c.claimed, Claimed::Change { .. });
        out.push((other, note, only_if_unheld));
    }
    if let Some(alt) = c.alt_basket.clone()
        && figure
    {
        let mut other = c.clone();
        let first = other.subject.basket.replace(alt.clone());
        let note = format!(
            "commodity taken from the data: the sentence names none, and the figure fits {alt}, the article's, rather than {}",
            first.unwrap_or_default()
        );
        // A change the data contradict for the commodity carried from the sentence before
        // ("Terbium … eased to 5.5 tonnes in August and fell 31% in September") is not moved
        // to another commodity that happens to fit: only where the data hold nothing for the
        // one read. A wrong change must stay wrong.
        let only_if_unheld = matches!(c.claimed, Claimed::Change { .. });
        out.push((other, note, only_if_unheld));
    }
    // A basket that shares codes with the one read ("permanent magnets" and "rare-earth
    // magnets" both hold HS 850511): the data may keep the series under the other name —
    // tried only when they keep nothing under the name read (gallium and germanium share a
    // code too, and a wrong gallium figure must not pass as germanium's), and for every
    // kind that reads a series (a run, a record, a share), not for a bare direction, which
    // fits another series by chance.
    if !matches!(c.claimed, Claimed::Direction(_) | Claimed::Event(_))
        && let Some(id) = c.subject.basket.as_deref()
        && let Some(read) = tradewatch_model::Baskets::current().get(id)
    {
        for b in tradewatch_model::Baskets::current().all() {
            let shares = b
                .codes
                .values()
                .flatten()
                .any(|x| read.codes.values().flatten().any(|y| x == y));
            if b.id != read.id && shares {
                let mut other = c.clone();
                other.subject.basket = Some(b.id.clone());
                let note = format!(
                    "commodity taken from the data: {} shares codes with {}, under which the data keep this figure",
                    b.id, read.id
                );
                out.push((other, note, true));
            }
        }
    }
    for &alt in c.alt_periods.iter().filter(|_| figure) {
        let mut other = c.clone();
        let first = other.subject.period.replace(alt);
        other.kind = kind_over(other.kind, alt);
        let note = format!(
            "period taken from the data: the text names no month for this figure, and it fits {} rather than {}",
            alt,
            first.map_or_else(|| "-".to_string(), |p| p.to_string())
        );
        out.push((other, note, false));
    }
    out
}

/// The kind of a reading moved to `period` by the judge: over a span from January, a level is
/// a total to date and a change is its; anything else keeps its kind.
fn kind_over(kind: Kind, period: Period) -> Kind {
    if period.is_month() || period.first().month() != 1 {
        return kind;
    }
    match kind {
        Kind::Level => Kind::YtdTotal,
        Kind::ChangeMom | Kind::ChangeYoy => Kind::YtdChange,
        k => k,
    }
}

/// The one subject among those the article names (a commodity, a destination, a month)
/// whose figure the level, change or share matches exactly (supported, not within
/// rounding), varying only what the claim's own words did not name, with a note saying so;
/// `None` when no subject or several do. `held`: the data hold a figure near enough for
/// the subject read to contradict it (not one so far that the figure is likely another's).
async fn named_subject_with(
    c: &Claim,
    named: &Named,
    held: bool,
    source: &dyn FactSource,
) -> Result<Option<(Claim, Outcome)>, SourceError> {
    let Some(read_period) = c.subject.period else {
        return Ok(None);
    };
    // Only what the sentence left to the story is asked: a partner or a time it names is
    // the writer's ("Germany took 22 kg" is Germany's, right or wrong).
    // A hedged figure ("about 480 t") fits too many subjects to name one.
    if c.partner_named && c.period_named && c.year_named && c.basket_named
        || c.claimed.qualifier() != Qualifier::Exact
    {
        return Ok(None);
    }
    let mut baskets = vec![c.subject.basket.clone()];
    if !c.basket_named && c.subject.basket.is_some() {
        baskets.extend(
            named
                .baskets
                .iter()
                .filter(|b| Some(*b) != c.subject.basket.as_ref())
                .cloned()
                .map(Some),
        );
    }
    let mut partners = match (&c.subject.partner, c.partner_named) {
        (Some(p), true) => vec![p.clone()],
        _ => named.partners.clone(),
    };
    if !c.partner_named && !partners.contains(&Partner::World) {
        partners.push(Partner::World);
    }
    let mut periods = vec![read_period];
    // Another month only where the data do not contradict the figure for the month read
    // (they hold nothing, or something far from it): a month they hold and contradict is the
    // writer's month, and a figure from another month is a writer's error to report ("fell
    // again in December, to 582 t", where 582 t was November's), not a reading to mend.
    if read_period.is_month() && !c.period_named && !held {
        periods.extend(named.periods.iter().copied().filter(|p| *p != read_period));
    }
    // A month named without its year: the same months a year either side.
    if c.period_named && !c.year_named {
        periods.push(read_period.shift_years(-1));
        periods.push(read_period.shift_years(1));
    }
    let mut found: Option<(Claim, Outcome)> = None;
    for basket in &baskets {
        for partner in &partners {
            for &period in &periods {
                if c.subject.partner.as_ref() == Some(partner)
                    && period == read_period
                    && *basket == c.subject.basket
                {
                    continue;
                }
                let mut other = c.clone();
                other.subject.partner = Some(partner.clone());
                other.subject.period = Some(period);
                other.subject.basket.clone_from(basket);
                other.kind = kind_over(other.kind, period);
                let o = judge_one(&other, source).await?;
                if o.verdict != Verdict::Supported {
                    continue;
                }
                if found.is_some() {
                    // Two subjects fit: the text does not say which.
                    return Ok(None);
                }
                other.notes.push(format!(
                    "subject taken from the data: of the commodities, destinations and months the article names, only {} to {} in {} has this figure",
                    basket.as_deref().unwrap_or("-"),
                    partner.code(),
                    period.describe()
                ));
                found = Some((other, o));
            }
        }
    }
    Ok(found)
}

/// The reading under the one reporter the data hold for the claim's commodity and period,
/// when it is not the reporter read (its partner the world where the read partner was that
/// reporter itself, its flow the one held), if the data bear it out.
async fn other_reporter(
    c: &Claim,
    source: &dyn FactSource,
) -> Result<Option<(Claim, Outcome)>, SourceError> {
    let (Some(basket), Some(period)) = (c.subject.basket.clone(), c.subject.period) else {
        return Ok(None);
    };
    // A bound ("more than 200 tonnes") fits too many subjects to name one.
    if matches!(c.claimed, Claimed::Event(_))
        || matches!(
            c.claimed.qualifier(),
            Qualifier::MoreThan | Qualifier::AtLeast | Qualifier::LessThan
        )
    {
        return Ok(None);
    }
    let held = source.holdings(&basket, period).await?;
    let reporters = held.reporters();
    let [one] = reporters.as_slice() else {
        return Ok(None);
    };
    let one = (*one).to_string();
    if c.subject.reporter.as_deref() == Some(one.as_str()) {
        return Ok(None);
    }
    let flows = held.flows(Some(&one));
    let [flow] = flows.as_slice() else {
        return Ok(None);
    };
    let mut other = c.clone();
    other.subject.reporter = Some(one.clone());
    other.subject.flow = Some(*flow);
    if matches!(&other.subject.partner, Some(Partner::Country(p)) if *p == one) {
        other.subject.partner = Some(Partner::World);
    }
    let o = judge_one(&other, source).await?;
    if !matches!(o.verdict, Verdict::Supported | Verdict::Rounding) {
        return Ok(None);
    }
    other.notes.push(sole_reporter_note(&one, &basket, period));
    Ok(Some((other, o)))
}

/// The note of a reporter taken from the data because it is the only one they hold.
fn sole_reporter_note(reporter: &str, basket: &str, period: Period) -> String {
    format!(
        "reporter taken from the data: only {reporter}'s figures are held for {basket} in {}",
        period.describe()
    )
}

/// Judges every claim of a document: a subject the text leaves open is asked of the data
/// first. A failed read of the data is an error, never a verdict.
pub async fn judge(
    doc: &Document,
    claims: &[Claim],
    named: &Named,
    published: Option<NaiveDate>,
    source: &dyn FactSource,
) -> Result<Report, SourceError> {
    let mut summary = Summary::default();
    let mut out = Vec::new();
    // The flow the claim before was moved to (see `alt_flow`): a change right after levels
    // the data bore out only for the other flow follows them ("June 9,718, a 29.3% drop on
    // May" in a log of imports).
    let mut moved_flow: Option<Flow> = None;
    for c in claims {
        let mut c = c.clone();
        let blocked = complete_from_data(&mut c, source).await?;
        let open = blocked.is_none();
        let mut o = match blocked {
            Some(why) if !matches!(c.claimed, Claimed::Event(_)) => unverifiable(why),
            _ => judge_one(&c, source).await?,
        };
        // Where the text left part of the subject open, the other readings in order: the
        // first the data bear out, when the first reading is not (built only then).
        if open && matches!(o.verdict, Verdict::Contradicted | Verdict::Unverifiable) {
            for (mut other, note, only_if_unheld) in other_readings(&c) {
                let follows_flow = other.subject.flow != c.subject.flow
                    && moved_flow.is_some()
                    && other.subject.flow == moved_flow;
                if only_if_unheld && !o.reason.starts_with("the data has no") && !follows_flow {
                    continue;
                }
                let o2 = judge_one(&other, source).await?;
                if matches!(o2.verdict, Verdict::Supported | Verdict::Rounding) {
                    other.notes.push(note);
                    c = other;
                    o = o2;
                    break;
                }
            }
        }
        moved_flow = c
            .notes
            .iter()
            .any(|n| n.starts_with("flow taken from the data: the sentence names none"))
            .then_some(c.subject.flow)
            .flatten();
        // A figure whose reporter the data hold nothing for, where they hold one other for
        // the commodity and period ("It imported 53,700 tonnes of permanent magnets in
        // 2024-25" in a story of China's trade: India's): that one's own figure.
        if open
            && matches!(o.verdict, Verdict::Unverifiable)
            && o.reason.starts_with("the data has no")
            && let Some((other, o2)) = other_reporter(&c, source).await?
        {
            c = other;
            o = o2;
        }
        // A figure the data do not bear out for the subject read: the one subject the
        // article names that has exactly this figure, if there is one. For a level the data
        // hold nothing for, one far from the figure, or one they contradict; for a change or
        // a share only when the data hold nothing (a wrong change must stay wrong).
        let unplaced = match c.claimed {
            Claimed::Level { .. } => {
                o.verdict == Verdict::Contradicted
                    || o.verdict == Verdict::Unverifiable
                        && (o.reason.starts_with("the data has no level for")
                            || o.reason.contains("far from it"))
            }
            Claimed::Change { .. } | Claimed::Share { .. } => {
                o.verdict == Verdict::Unverifiable
                    && o.reason.starts_with("the data has no ")
                    && !o.reason.starts_with("the data has no level")
            }
            _ => false,
        };
        if open
            && unplaced
            && let Some((other, o2)) =
                named_subject_with(&c, named, o.verdict == Verdict::Contradicted, source).await?
        {
            c = other;
            o = o2;
        }
        if !c.notes.is_empty() {
            o.reason = format!("{} ({})", o.reason, c.notes.join("; "));
        }
        match o.verdict {
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
            computed: o.computed,
            verdict: o.verdict,
            reason: o.reason,
            evidence: o.evidence,
            checked_against: o.basis,
        });
    }
    Ok(Report {
        published,
        claims: out,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A day written with slashes in an order the text does not settle is read day first;
    /// when the timeline holds nothing that day but holds the other order's day, that is the
    /// day, and the reason says so. An order the text settles is never turned round.
    #[test]
    fn a_slashed_day_in_an_unsettled_order_may_be_read_month_first() {
        let timeline = Timeline::new(vec![Event {
            date: NaiveDate::from_ymd_opt(2025, 10, 9).unwrap(),
            kind: "export_control".to_string(),
            actor: "MOFCOM".to_string(),
            description: "Announcements No. 61 and 62 widen rare-earth controls".to_string(),
            source_url: "https://example.org/event".to_string(),
            baskets: vec!["rare-earths".to_string()],
        }]);
        let judge_text = |text: &str| {
            let article = crate::read(text, NaiveDate::from_ymd_opt(2025, 11, 20));
            let claim = article
                .claims
                .iter()
                .find(|c| matches!(c.claimed, Claimed::Event(_)))
                .expect("an event claim")
                .clone();
            let Claimed::Event(e) = &claim.claimed else {
                unreachable!("an event claim")
            };
            event(e, &claim, &timeline)
        };
        let o = judge_text(
            "China's rare earth exports fell in October. On 10/9 Beijing widened its \
             rare earth controls.",
        );
        assert_eq!(o.verdict, Verdict::Supported, "{}", o.reason);
        assert!(o.reason.contains("other order"), "{}", o.reason);
        // "10/30" settles month first, so "10/9" is 9 October with no turning.
        let o = judge_text(
            "China's rare earth exports fell in October. On 10/9 Beijing widened its \
             rare earth controls; the Busan summit followed on 10/30.",
        );
        assert_eq!(o.verdict, Verdict::Supported, "{}", o.reason);
        assert!(!o.reason.contains("other order"), "{}", o.reason);
        // Settled day first ("30/10"): "10/9" is 10 September, and stays so.
        let o = judge_text(
            "China's rare earth exports fell in October. On 10/9 Beijing widened its \
             rare earth controls; the Busan summit followed on 30/10.",
        );
        assert_ne!(o.verdict, Verdict::Supported, "{}", o.reason);
    }

    /// A day written without its year that the timeline holds a year away is that day, and
    /// the reason says the year came from the timeline; a day it holds in no nearby year
    /// stays unverifiable, and a year written is never moved.
    #[test]
    fn a_day_without_its_year_is_placed_by_the_timeline() {
        let timeline = Timeline::new(vec![Event {
            date: NaiveDate::from_ymd_opt(2025, 11, 9).unwrap(),
            kind: "suspension".to_string(),
            actor: "MOFCOM".to_string(),
            description: "Suspension of the US ban on gallium, germanium and antimony".to_string(),
            source_url: "https://example.org/event".to_string(),
            baskets: vec!["antimony".to_string()],
        }]);
        let article = crate::read(
            "China's antimony exports to the US stayed at zero in December 2025. The US ban \
             was suspended on November 9.",
            NaiveDate::from_ymd_opt(2026, 1, 25),
        );
        let claim = article
            .claims
            .iter()
            .find(|c| matches!(c.claimed, Claimed::Event(_)))
            .expect("an event claim");
        let Claimed::Event(read) = &claim.claimed else {
            unreachable!("an event claim")
        };
        let judge_with = |year: i32, year_open: bool| {
            let e = EventClaim {
                date: NaiveDate::from_ymd_opt(year, 11, 9),
                month: tradewatch_model::Month::new(year, 11).ok(),
                year_open,
                ..read.clone()
            };
            event(&e, claim, &timeline)
        };
        let o = judge_with(2024, true);
        assert_eq!(o.verdict, Verdict::Supported, "{}", o.reason);
        assert!(
            o.reason.contains("year taken from the timeline"),
            "{}",
            o.reason
        );
        assert_eq!(judge_with(2024, false).verdict, Verdict::Unverifiable);
        assert_eq!(judge_with(2020, true).verdict, Verdict::Unverifiable);
    }

    /// "about" allows a few percent of the claim, not a tenth: "fell by approximately 88
    /// per cent" is not the data's −92.2%, while "about 660%" is its +667.4% and "about 48,350
    /// tonnes" its 48,355.5.
    #[test]
    fn about_allows_three_percent_of_the_claim() {
        let about = |c: f64, precision: f64, value: f64| {
            numeric(c, precision, Qualifier::About, value, None)
        };
        assert_eq!(about(-88.0, 1.0, -92.2), Verdict::Contradicted);
        assert_eq!(about(660.0, 10.0, 667.4), Verdict::Supported);
        assert_eq!(about(48_350.0, 10.0, 48_355.5), Verdict::Supported);
        // The claim's own precision is the least it allows: "about 30%" of 31.4%.
        assert_eq!(about(30.0, 10.0, 31.4), Verdict::Supported);
        assert_eq!(about(500.0, 100.0, 620.0), Verdict::Contradicted);
    }
    /// "just over $1.02 billion" against a published $1.02 billion: the figure's rounding may
    /// hide either side, so rounding, not contradicted; a figure clearly below the bound is.
    #[test]
    fn a_bound_met_only_to_the_last_digit_is_rounding() {
        let more = |c: f64, precision: f64, value: f64, interval: [f64; 2]| {
            numeric(c, precision, Qualifier::MoreThan, value, Some(interval))
        };
        assert_eq!(
            more(1.02e9, 1e7, 1.02e9, [1.015e9, 1.025e9]),
            Verdict::Rounding
        );
        assert_eq!(
            more(1.02e9, 1e7, 1.03e9, [1.025e9, 1.035e9]),
            Verdict::Supported
        );
        assert_eq!(
            more(5_000.0, 100.0, 4_990.0, [4_989.5, 4_990.5]),
            Verdict::Contradicted
        );
        // "just under 6%" against a published 6.0%: the same, the other way.
        let less = |c: f64, precision: f64, value: f64, interval: [f64; 2]| {
            numeric(c, precision, Qualifier::LessThan, value, Some(interval))
        };
        assert_eq!(less(6.0, 1.0, 6.0, [5.95, 6.05]), Verdict::Rounding);
        assert_eq!(less(6.0, 1.0, 7.0, [6.95, 7.05]), Verdict::Contradicted);
    }
}
