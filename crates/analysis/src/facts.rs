//! Facts: every number tradewatch says, with what it compares against and where its inputs
//! came from. Each function here is pure: a [`Series`] in, facts out.
//!
//! Period rules (DESIGN.md): a change never compares periods of different length (no m/m for
//! a combined January–February; y/y of `2025-01..02` against `2024-01..02`), and a gap in the
//! months breaks a streak rather than being skipped.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use tradewatch_model::{Month, Period, Provenance, Unit, display};

use crate::kernels;
use crate::rounding::{self, Agreement};
use crate::series::{Point, Series, Subject};

/// What a fact states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// The level of the period.
    Level,
    /// Change from the previous month, percent.
    ChangeMom,
    /// Change from the same period a year earlier, percent.
    ChangeYoy,
    /// Year-to-date total through the period's month.
    Ytd,
    /// Change of the year-to-date total from the same months a year earlier, percent.
    YtdChangeYoy,
    /// The run of consecutive monthly rises or falls ending at the period.
    Streak,
    /// Where the current run began, and the peak or trough it turned from.
    TurningPoint,
    /// The run before the current one (the run the current one ended or reversed).
    PriorRun,
    /// The highest level since an earlier period.
    HighestSince,
    /// The lowest level since an earlier period.
    LowestSince,
    /// A partner's rank among the partners the data holds.
    Rank,
    /// A partner's share of the total, percent.
    Share,
    /// Change in a partner's share from the previous month, percentage points.
    ShareChangeMom,
    /// Change in a partner's share from the same period a year earlier, percentage points.
    ShareChangeYoy,
    /// The top partners, in order.
    TopPartners,
    /// Herfindahl–Hirschman index of the partners' shares (0–10,000).
    Hhi,
    /// The top three partners' combined share, percent.
    Top3Share,
    /// Value per unit of quantity (USD/kg and USD/t).
    UnitValue,
    /// Change in the unit value from the previous month, percent.
    UnitValueChangeMom,
    /// Change in the unit value from the same month a year earlier, percent.
    UnitValueChangeYoy,
    /// The reporter's exports against the partner's imports from it (mirror statistics).
    MirrorGap,
    /// How unusual the period's change is against the series' own history.
    Anomaly,
    /// Average levels before and after a policy event.
    EventWindow,
    /// The nearest policy event before or after the period.
    EventTiming,
}

impl FactKind {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Level => "level",
            FactKind::ChangeMom => "change_mom",
            FactKind::ChangeYoy => "change_yoy",
            FactKind::Ytd => "ytd",
            FactKind::YtdChangeYoy => "ytd_change_yoy",
            FactKind::Streak => "streak",
            FactKind::TurningPoint => "turning_point",
            FactKind::PriorRun => "prior_run",
            FactKind::HighestSince => "highest_since",
            FactKind::LowestSince => "lowest_since",
            FactKind::Rank => "rank",
            FactKind::Share => "share",
            FactKind::ShareChangeMom => "share_change_mom",
            FactKind::ShareChangeYoy => "share_change_yoy",
            FactKind::TopPartners => "top_partners",
            FactKind::Hhi => "hhi",
            FactKind::Top3Share => "top3_share",
            FactKind::UnitValue => "unit_value",
            FactKind::UnitValueChangeMom => "unit_value_change_mom",
            FactKind::UnitValueChangeYoy => "unit_value_change_yoy",
            FactKind::MirrorGap => "mirror_gap",
            FactKind::Anomaly => "anomaly",
            FactKind::EventWindow => "event_window",
            FactKind::EventTiming => "event_timing",
        }
    }

    /// Every kind, in the order a listing shows them.
    pub const ALL: &'static [FactKind] = &[
        FactKind::Level,
        FactKind::ChangeMom,
        FactKind::ChangeYoy,
        FactKind::Ytd,
        FactKind::YtdChangeYoy,
        FactKind::Streak,
        FactKind::TurningPoint,
        FactKind::PriorRun,
        FactKind::HighestSince,
        FactKind::LowestSince,
        FactKind::Rank,
        FactKind::Share,
        FactKind::ShareChangeMom,
        FactKind::ShareChangeYoy,
        FactKind::TopPartners,
        FactKind::Hhi,
        FactKind::Top3Share,
        FactKind::UnitValue,
        FactKind::UnitValueChangeMom,
        FactKind::UnitValueChangeYoy,
        FactKind::MirrorGap,
        FactKind::Anomaly,
        FactKind::EventWindow,
        FactKind::EventTiming,
    ];
}

impl std::str::FromStr for FactKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FactKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown fact kind '{s}' (one of: {})",
                    FactKind::ALL
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

/// Whether a fact was computed from levels or taken as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Computed by tradewatch from published levels.
    Computed,
    /// A number as published (a published change, a published cumulative total).
    Reported,
}

/// Rise or fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Rise,
    Fall,
}

impl Direction {
    /// "rise" / "fall".
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rise => "rise",
            Direction::Fall => "fall",
        }
    }
}

/// A level a fact compares against or refers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub period: Period,
    /// `None` when the data has no level for it (the fact then rests on a published change).
    pub value: Option<f64>,
    pub unit: Unit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A published figure for the same thing a computed fact states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    pub value: f64,
    pub unit: Unit,
    /// Exact, within rounding, or off (a finding: both are kept).
    pub agreement: Agreement,
    pub provenance: Vec<Provenance>,
}

/// The same fact computed from another source's figures for its inputs (rows of the same
/// period that were not chosen as current): where sources disagree, both stay visible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub value: f64,
    pub display: String,
    /// The range from the inputs' published rounding.
    pub interval: [f64; 2],
    /// The inputs used (current period first, then the base).
    pub provenance: Vec<Provenance>,
}

/// One partner of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub rank: u32,
    pub partner: String,
    pub name: String,
    pub value: f64,
    pub unit: Unit,
    pub display: String,
    /// Share of the total, percent (of the world total, or of the partners' sum: the fact's
    /// method says which).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    pub provenance: Vec<Provenance>,
}

/// The months on either side of a policy event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Months asked for on each side.
    pub months: u32,
    pub before: WindowSide,
    pub after: WindowSide,
    /// The level the pre-event trend projects for the after months, on average (a straight
    /// line fitted to the months before), when at least three months before are in the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend_projection: Option<f64>,
    /// The after average against that projection, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against_trend_pct: Option<f64>,
}

/// One side of an event window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowSide {
    pub from: Period,
    pub to: Period,
    /// The months of the side that the data holds.
    pub months_in_data: Vec<Period>,
    /// Their average level; `None` when the data holds none of them.
    pub average: Option<f64>,
    pub display: String,
}

/// One fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub kind: FactKind,
    pub subject: Subject,
    pub period: Period,
    /// The number: a level (kg, USD), a change (percent), a count of months.
    pub value: Option<f64>,
    /// `kg`, `USD`, `pct`, `months`.
    pub unit: String,
    /// The value written for people ("420.5 t", "-28.7%", "2 months").
    pub display: String,
    pub basis: Basis,
    /// How it was obtained ("levels", "published change", "sum of monthly levels", …).
    pub method: String,
    /// What it compares against or refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Reference>,
    /// The range the value spans when every input varies by half its last published digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<[f64; 2]>,
    /// The same figure as published, when the fact was computed and a published one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Reported>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Months in a run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// First period of a run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Period>,
    /// For records: the last period with a higher (lower) level, when the months in between
    /// are all in the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Reference>,
    /// The rows used.
    pub provenance: Vec<Provenance>,
    /// Other rows for the same figure that were not used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Provenance>,
    /// The fact computed from the alternative rows of its inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// A caveat in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a rank: how many partners were ranked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<u32>,
    /// The change from `base`, in the fact's own unit (points of share, HHI points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
    /// A ranking's partners.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// The policy event a fact refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<tradewatch_model::Event>,
    /// An event window's two sides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// The range within which the value is normal (a mirror gap's CIF/FOB band, an anomaly
    /// score's threshold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<[f64; 2]>,
    /// For a mirror gap: months between the reporter's month and the partner's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag: Option<i32>,
}

fn unit_name(unit: Unit) -> String {
    unit.as_str().to_string()
}

pub(crate) fn pct_display(v: f64) -> String {
    format!("{}%", display::signed(v, 1))
}

pub(crate) fn reference(point: &Point) -> Reference {
    Reference {
        period: point.period,
        value: Some(point.value),
        unit: point.unit,
        display: Some(display::amount(point.value, point.unit, point.resolution)),
    }
}

pub(crate) fn bare(kind: FactKind, subject: &Subject, period: Period) -> Fact {
    Fact {
        kind,
        subject: subject.clone(),
        period,
        value: None,
        unit: String::new(),
        display: String::new(),
        basis: Basis::Computed,
        method: String::new(),
        base: None,
        interval: None,
        reported: None,
        direction: None,
        length: None,
        start: None,
        since: None,
        provenance: Vec::new(),
        alternatives: Vec::new(),
        variants: Vec::new(),
        note: None,
        of: None,
        delta: None,
        items: Vec::new(),
        event: None,
        window: None,
        band: None,
        lag: None,
    }
}

/// The level of `period`.
///
/// A span of months the data holds only month by month (a quarter, a half, "July to
/// September") is their sum.
pub fn level(series: &Series, period: Period) -> Option<Fact> {
    let (p, basis, method) = span_total(series, period)?;
    let mut f = bare(FactKind::Level, &series.subject, period);
    f.value = Some(p.value);
    f.unit = unit_name(p.unit);
    f.display = display::amount(p.value, p.unit, p.resolution);
    f.basis = basis;
    f.method = method;
    f.interval = Some([p.value - p.half_width, p.value + p.half_width]);
    f.provenance = p.provenance.clone();
    f.alternatives = p.alternatives.clone();
    Some(f)
}

/// A change fact from two levels, with the published change attached when there is one.
fn change_from_levels(
    kind: FactKind,
    subject: &Subject,
    period: Period,
    cur: &Point,
    base: &Point,
    published: Option<&Point>,
) -> Option<Fact> {
    let value = kernels::pct_change(cur.value, base.value)?;
    let (lo, hi) =
        rounding::change_interval(cur.value, cur.half_width, base.value, base.half_width);
    let mut f = bare(kind, subject, period);
    f.value = Some(value);
    f.unit = "pct".to_string();
    f.display = pct_display(value);
    f.basis = Basis::Computed;
    f.method = "levels".to_string();
    f.base = Some(reference(base));
    f.interval = Some([lo, hi]);
    f.provenance = cur
        .provenance
        .iter()
        .chain(base.provenance.iter())
        .cloned()
        .collect();
    f.variants = variants(cur, base);
    if let Some(p) = published {
        let agreement = rounding::compare(p.value, p.resolution.unwrap_or(0.1), value, (lo, hi));
        if !agreement.agrees() {
            f.note = Some(format!(
                "the published change ({}) disagrees with the change computed from the levels ({})",
                pct_display(p.value),
                pct_display(value)
            ));
        }
        f.reported = Some(Reported {
            value: p.value,
            unit: Unit::Pct,
            agreement,
            provenance: p.provenance.clone(),
        });
    }
    Some(f)
}

/// The change recomputed with each alternative row of either input in place of the one used.
fn variants(cur: &Point, base: &Point) -> Vec<Variant> {
    let pick = |p: &Point| -> Vec<(f64, f64, Vec<Provenance>)> {
        let mut v = vec![(p.value, p.half_width, p.provenance.clone())];
        v.extend(
            p.alternatives
                .iter()
                .filter(|a| {
                    a.unit == p.unit
                        && a.measure == p.provenance.first().map_or(a.measure, |x| x.measure)
                })
                .map(|a| (a.value, a.resolution.unwrap_or(0.0) / 2.0, vec![a.clone()])),
        );
        v
    };
    let mut out: Vec<Variant> = Vec::new();
    for (i, (a, ha, pa)) in pick(cur).into_iter().enumerate() {
        for (j, (b, hb, pb)) in pick(base).into_iter().enumerate() {
            if (i == 0 && j == 0) || b <= 0.0 {
                continue;
            }
            let value = (a / b - 1.0) * 100.0;
            if out.iter().any(|v| (v.value - value).abs() < 1e-9) {
                continue;
            }
            let (lo, hi) = rounding::change_interval(a, ha, b, hb);
            out.push(Variant {
                value,
                display: pct_display(value),
                interval: [lo, hi],
                provenance: pa.iter().chain(pb.iter()).cloned().collect(),
            });
        }
    }
    out
}

/// A change fact resting on a published change only.
fn change_as_published(
    kind: FactKind,
    subject: &Subject,
    period: Period,
    base_period: Period,
    base_unit: Unit,
    published: &Point,
    missing: &str,
) -> Fact {
    let mut f = bare(kind, subject, period);
    f.value = Some(published.value);
    f.unit = "pct".to_string();
    f.display = pct_display(published.value);
    f.basis = Basis::Reported;
    f.method = "published change".to_string();
    f.base = Some(Reference {
        period: base_period,
        value: None,
        unit: base_unit,
        display: None,
    });
    f.interval = Some([
        published.value - published.half_width,
        published.value + published.half_width,
    ]);
    f.provenance = published.provenance.clone();
    f.note = Some(format!(
        "the data has no {missing} level; the change is as published"
    ));
    f
}

/// Change from the previous month. Only for a single month whose previous month is also a
/// single month (never across China's combined January–February).
pub fn change_mom(series: &Series, period: Period) -> Option<Fact> {
    let prev = period.previous_month()?;
    let published = series.published_mom.get(&period);
    let unit = series.level(&period).map_or(Unit::Kg, |p| p.unit);
    match (series.level(&period), series.level(&prev)) {
        (Some(cur), Some(base)) => change_from_levels(
            FactKind::ChangeMom,
            &series.subject,
            period,
            cur,
            base,
            published,
        ),
        _ => published.map(|p| {
            change_as_published(
                FactKind::ChangeMom,
                &series.subject,
                period,
                prev,
                unit,
                p,
                &prev.describe(),
            )
        }),
    }
}

/// Change from the same months a year earlier (periods of equal length only).
pub fn change_yoy(series: &Series, period: Period) -> Option<Fact> {
    let prev = period.shift_years(-1);
    let published = series.published_yoy.get(&period);
    let unit = series.level(&period).map_or(Unit::Kg, |p| p.unit);
    // (A quarter or a half against the same months a year before, summed when need be.)
    match (span_level(series, period), span_level(series, prev)) {
        (Some(cur), Some(base)) if cur.period.len_months() == base.period.len_months() => {
            change_from_levels(
                FactKind::ChangeYoy,
                &series.subject,
                period,
                &cur,
                &base,
                published,
            )
        }
        _ => published.map(|p| {
            change_as_published(
                FactKind::ChangeYoy,
                &series.subject,
                period,
                prev,
                unit,
                p,
                &prev.describe(),
            )
        }),
    }
}

/// A year-to-date total and how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct YtdTotal {
    pub point: Point,
    pub basis: Basis,
    pub method: String,
}

fn sum_points(period: Period, parts: &[&Point]) -> Point {
    // Shown to the finest input digit, so the sum reads as the exact sum of its parts; the
    // rounding it carries is in `half_width`.
    let resolution = parts
        .iter()
        .map(|p| p.resolution)
        .try_fold(f64::INFINITY, |acc, r| r.map(|r| acc.min(r)));
    Point {
        period,
        value: parts.iter().map(|p| p.value).sum(),
        unit: parts.first().map_or(Unit::Kg, |p| p.unit),
        half_width: parts.iter().map(|p| p.half_width).sum(),
        resolution,
        provenance: parts
            .iter()
            .flat_map(|p| p.provenance.iter().cloned())
            .collect(),
        alternatives: Vec::new(),
    }
}

/// The level covering months `first..=last` of one year as stored pieces: single months, or
/// China's combined January–February for months 1–2. `None` when a month is missing.
fn monthly_pieces(series: &Series, first: Month, last: Month) -> Option<Vec<&Point>> {
    let mut pieces = Vec::new();
    let mut m = first;
    while m <= last {
        if let Some(p) = series.level(&Period::Month(m)) {
            pieces.push(p);
            m = m.plus(1);
            continue;
        }
        // A combined January–February counts for both months, never split.
        if m.month() == 1
            && last.month() >= 2
            && let Some(p) = series.level(&Period::Span(m, m.plus(1)))
        {
            pieces.push(p);
            m = m.plus(2);
            continue;
        }
        return None;
    }
    Some(pieces)
}

/// The level of `period` in a series: the stored one, else, for a span of up to twelve
/// months, their sum (a span from January as the year-to-date total is found, any other,
/// a fiscal year across two too, from its monthly pieces). A period the data does not cover
/// is `None`.
pub(crate) fn span_level(series: &Series, period: Period) -> Option<Cow<'_, Point>> {
    span_total(series, period).map(|(p, _, _)| p)
}

/// [`span_level`], with how the level was obtained.
fn span_total(series: &Series, period: Period) -> Option<(Cow<'_, Point>, Basis, String)> {
    if let Some(p) = series.level(&period) {
        return Some((
            Cow::Borrowed(p),
            Basis::Reported,
            "published level".to_string(),
        ));
    }
    let Period::Span(first, last) = period else {
        return None;
    };
    if !(1..=11).contains(&(last.index() - first.index())) {
        return None;
    }
    if first.month() == 1 && first.year() == last.year() {
        return ytd_total(series, last).map(|t| (Cow::Owned(t.point), t.basis, t.method));
    }
    let pieces = monthly_pieces(series, first, last)?;
    Some((
        Cow::Owned(sum_points(period, &pieces)),
        Basis::Computed,
        "sum of monthly levels".to_string(),
    ))
}

/// Year-to-date total through `month`: the sum of the monthly levels when every month is
/// present; else the published cumulative figure; else a published cumulative figure for
/// fewer months plus the monthly levels after it ("chained").
pub fn ytd_total(series: &Series, month: Month) -> Option<YtdTotal> {
    let jan = Month::from_index(month.year() * 12);
    let span = Period::year_to_date(month);
    if let Some(pieces) = monthly_pieces(series, jan, month) {
        let combined = pieces.iter().any(|p| !p.period.is_month());
        return Some(YtdTotal {
            point: sum_points(span, &pieces),
            basis: if pieces.len() == 1 {
                Basis::Reported
            } else {
                Basis::Computed
            },
            method: if pieces.len() == 1 {
                "published level".to_string()
            } else if combined {
                "sum of monthly levels (January–February combined as published)".to_string()
            } else {
                "sum of monthly levels".to_string()
            },
        });
    }
    if let Some(p) = series.level(&span) {
        return Some(YtdTotal {
            point: p.clone(),
            basis: Basis::Reported,
            method: "published cumulative total".to_string(),
        });
    }
    let mut k = month.plus(-1);
    while k > jan {
        if let (Some(head), Some(tail)) = (
            series.level(&Period::Span(jan, k)),
            monthly_pieces(series, k.plus(1), month),
        ) {
            let mut parts = vec![head];
            parts.extend(tail);
            return Some(YtdTotal {
                point: sum_points(span, &parts),
                basis: Basis::Computed,
                method: format!(
                    "{} as published plus the monthly figures for {}",
                    Period::Span(jan, k).describe(),
                    if k.plus(1) == month {
                        Period::Month(month).describe()
                    } else {
                        Period::Span(k.plus(1), month).describe()
                    }
                ),
            });
        }
        k = k.plus(-1);
    }
    None
}

/// The year-to-date total through `month`, as a fact.
pub fn ytd(series: &Series, month: Month) -> Option<Fact> {
    let total = ytd_total(series, month)?;
    let span = Period::year_to_date(month);
    let p = &total.point;
    let mut f = bare(FactKind::Ytd, &series.subject, span);
    f.value = Some(p.value);
    f.unit = unit_name(p.unit);
    f.display = display::amount(p.value, p.unit, p.resolution);
    f.basis = total.basis;
    f.method = total.method;
    f.interval = Some([p.value - p.half_width, p.value + p.half_width]);
    f.provenance = p.provenance.clone();
    if total.basis == Basis::Computed
        && let Some(published) = series.level(&span)
    {
        let agreement = rounding::compare(
            published.value,
            published.resolution.unwrap_or(1.0),
            p.value,
            (p.value - p.half_width, p.value + p.half_width),
        );
        if !agreement.agrees() {
            f.note = Some(format!(
                "the published cumulative total ({}) disagrees with the sum of its parts ({})",
                display::amount(published.value, published.unit, published.resolution),
                f.display
            ));
        }
        f.reported = Some(Reported {
            value: published.value,
            unit: published.unit,
            agreement,
            provenance: published.provenance.clone(),
        });
        f.alternatives = published.alternatives.clone();
    } else {
        f.alternatives = p.alternatives.clone();
    }
    Some(f)
}

/// Change of the year-to-date total from the same months a year earlier.
pub fn ytd_change_yoy(series: &Series, month: Month) -> Option<Fact> {
    let span = Period::year_to_date(month);
    let prev_month = month.plus(-12);
    let published = series.published_yoy.get(&span);
    let cur = ytd_total(series, month);
    let base = ytd_total(series, prev_month);
    match (cur, base) {
        (Some(cur), Some(base)) => {
            let mut f = change_from_levels(
                FactKind::YtdChangeYoy,
                &series.subject,
                span,
                &cur.point,
                &base.point,
                published,
            )?;
            f.method = format!(
                "year-to-date levels (this year: {}; a year earlier: {})",
                cur.method, base.method
            );
            Some(f)
        }
        (cur, _) => published.map(|p| {
            let unit = cur.map_or(Unit::Kg, |c| c.point.unit);
            let prev_span = span.shift_years(-1);
            change_as_published(
                FactKind::YtdChangeYoy,
                &series.subject,
                span,
                prev_span,
                unit,
                p,
                &format!("{} year-to-date", prev_span.describe()),
            )
        }),
    }
}

/// The months of a series with their levels, in order (spans left out): the kernels' input.
pub(crate) fn monthly(series: &Series) -> (Vec<i32>, Vec<f64>) {
    series
        .levels
        .iter()
        .filter_map(|(p, point)| p.as_month().map(|m| (m.index(), point.value)))
        .unzip()
}

/// One step of a monthly run: the change into month `m`.
fn direction_into(series: &Series, m: Month) -> Option<Direction> {
    let (months, values) = monthly(series);
    let i = months.binary_search(&m.index()).ok()?;
    direction_of(kernels::streaks(&months, &values)[i]?)
}

fn direction_of(signed_run: i32) -> Option<Direction> {
    match signed_run.signum() {
        1 => Some(Direction::Rise),
        -1 => Some(Direction::Fall),
        _ => None,
    }
}

/// A run of monthly changes in one direction ending at `end`: its direction, length and
/// first month (from [`kernels::streaks`]).
fn run_ending(series: &Series, end: Month) -> Option<(Direction, u32, Month)> {
    let (months, values) = monthly(series);
    let i = months.binary_search(&end.index()).ok()?;
    let run = kernels::streaks(&months, &values)[i]?;
    let dir = direction_of(run)?;
    let len = run.unsigned_abs();
    Some((dir, len, end.plus(1 - len as i32)))
}

fn run_words(dir: Direction, len: u32) -> String {
    format!(
        "{} {}{}",
        display::cardinal(len),
        if dir == Direction::Rise {
            "rise"
        } else {
            "fall"
        },
        if len == 1 { "" } else { "s" }
    )
}

fn run_provenance(series: &Series, first: Month, last: Month) -> Vec<Provenance> {
    let mut out = Vec::new();
    let mut m = first;
    while m <= last {
        if let Some(p) = series.level(&Period::Month(m)) {
            out.extend(p.provenance.iter().cloned());
        }
        m = m.plus(1);
    }
    out
}

/// The run of consecutive monthly rises or falls ending at `period`. A missing month ends the
/// run; an unchanged month ends it too.
pub fn streak(series: &Series, period: Period) -> Option<Fact> {
    let end = period.as_month()?;
    let (dir, len, start) = run_ending(series, end)?;
    let mut f = bare(FactKind::Streak, &series.subject, period);
    f.value = Some(f64::from(len));
    f.unit = "months".to_string();
    f.display = if len == 1 {
        format!(
            "a monthly {} after a {}",
            dir.as_str(),
            match dir {
                Direction::Rise => "fall or a gap",
                Direction::Fall => "rise or a gap",
            }
        )
    } else {
        format!(
            "{} consecutive monthly {}",
            display::ordinal(len),
            dir.as_str()
        )
    };
    f.method = "levels".to_string();
    f.direction = Some(dir);
    f.length = Some(len);
    f.start = Some(Period::Month(start));
    f.base = series.level(&Period::Month(start.plus(-1))).map(reference);
    f.provenance = run_provenance(series, start.plus(-1), end);
    if series.level(&Period::Month(start.plus(-2))).is_none()
        && direction_into(series, start.plus(-1)).is_none()
    {
        f.note = Some(format!(
            "the data has no level for {}; the run may be longer",
            start.plus(-2).name()
        ));
    }
    Some(f)
}

/// Where the current run began and the peak or trough it turned from; and the run before it.
pub fn turning_points(series: &Series, period: Period) -> Vec<Fact> {
    let mut out = Vec::new();
    let Some(end) = period.as_month() else {
        return out;
    };
    let Some((dir, _len, start)) = run_ending(series, end) else {
        return out;
    };
    let pivot = start.plus(-1);
    if let Some(pivot_point) = series.level(&Period::Month(pivot)) {
        let mut f = bare(FactKind::TurningPoint, &series.subject, period);
        f.value = Some(pivot_point.value);
        f.unit = unit_name(pivot_point.unit);
        f.display = format!(
            "the {} began in {} after the {} {} ({})",
            dir.as_str(),
            start.name(),
            pivot.name(),
            if dir == Direction::Rise {
                "low"
            } else {
                "peak"
            },
            display::amount(pivot_point.value, pivot_point.unit, pivot_point.resolution)
        );
        f.method = "levels".to_string();
        f.direction = Some(dir);
        f.start = Some(Period::Month(start));
        f.base = Some(reference(pivot_point));
        f.provenance = run_provenance(series, pivot, start);
        out.push(f);
    }
    if let Some((pdir, plen, pstart)) = run_ending(series, pivot) {
        let mut f = bare(FactKind::PriorRun, &series.subject, period);
        f.value = Some(f64::from(plen));
        f.unit = "months".to_string();
        let from = pstart.plus(-1);
        let from_point = series.level(&Period::Month(from));
        f.display = format!(
            "{} ({} from {} to {}){}",
            run_words(pdir, plen),
            if pdir == Direction::Rise {
                "a rebound"
            } else {
                "a decline"
            },
            pstart.name(),
            pivot.name(),
            from_point.map_or(String::new(), |p| format!(
                ", after the {} {} ({})",
                from.name(),
                if pdir == Direction::Rise {
                    "low"
                } else {
                    "peak"
                },
                display::amount(p.value, p.unit, p.resolution)
            ))
        );
        f.method = "levels".to_string();
        f.direction = Some(pdir);
        f.length = Some(plen);
        f.start = Some(Period::Month(pstart));
        f.base = from_point.map(reference);
        f.provenance = run_provenance(series, from, pivot);
        out.push(f);
    }
    out
}

/// "Highest since" / "lowest since": the last earlier month with a higher (lower) level, and
/// how many months back it is. Stated only when the period moved in that direction from the
/// month before. When a month is missing before a higher (lower) one is found, the fact says
/// "at least N months" and names the gap instead of claiming a record.
pub fn records(series: &Series, period: Period) -> Vec<Fact> {
    let mut out = Vec::new();
    let Some(end) = period.as_month() else {
        return out;
    };
    let (months, values) = monthly(series);
    let Ok(i) = months.binary_search(&end.index()) else {
        return out;
    };
    let (Some(run), Some(record)) = (
        kernels::streaks(&months, &values)[i],
        kernels::records(&months, &values)[i],
    ) else {
        return out;
    };
    let Some(dir) = direction_of(run) else {
        return out;
    };
    let earliest = months.first().map(|&m| Month::from_index(m));
    let found = (!record.open)
        .then(|| series.level(&Period::Month(end.plus(-record.months))))
        .flatten();
    let run_start = end.plus(-record.months);
    let gap = (record.open && earliest.is_some_and(|e| run_start > e)).then(|| run_start.plus(-1));
    let kind = match dir {
        Direction::Rise => FactKind::HighestSince,
        Direction::Fall => FactKind::LowestSince,
    };
    let word = match dir {
        Direction::Rise => "high",
        Direction::Fall => "low",
    };
    let mut f = bare(kind, &series.subject, period);
    f.unit = "months".to_string();
    f.method = "levels".to_string();
    f.direction = Some(dir);
    match (found, gap) {
        (Some(p), _) => {
            let months = (end.index() - p.period.first().index()) as u32;
            f.value = Some(f64::from(months));
            f.since = Some(reference(p));
            f.display = format!(
                "{}-month {} (the {} since {})",
                months,
                word,
                if dir == Direction::Rise {
                    "highest"
                } else {
                    "lowest"
                },
                p.period.describe()
            );
            f.provenance = run_provenance(series, p.period.first(), end);
        }
        (None, Some(g)) => {
            let months = (end.index() - g.index() - 1) as u32;
            f.value = Some(f64::from(months));
            f.display = format!(
                "{} in at least {} months (no level for {} in the data)",
                if dir == Direction::Rise {
                    "highest"
                } else {
                    "lowest"
                },
                months + 1,
                Period::Month(g).describe()
            );
            f.note = Some(format!(
                "the data has no level for {}; a longer record cannot be claimed",
                Period::Month(g).describe()
            ));
            f.provenance = run_provenance(series, g.plus(1), end);
        }
        (None, None) => {
            let months = earliest.map_or(0, |e| (end.index() - e.index()) as u32);
            f.value = Some(f64::from(months));
            f.display = format!(
                "{} in the data (which begins {})",
                if dir == Direction::Rise {
                    "highest"
                } else {
                    "lowest"
                },
                earliest.map_or(String::new(), |e| Period::Month(e).describe())
            );
            f.note = Some("no earlier level in the data beats it".to_string());
            if let Some(e) = earliest {
                f.provenance = run_provenance(series, e, end);
            }
        }
    }
    f.length = f.value.map(|v| v as u32);
    out.push(f);
    out
}

/// Every fact for `period`, in the order a brief uses them.
pub fn compute(series: &Series, period: Period) -> Vec<Fact> {
    let mut out = Vec::new();
    if period.is_year_to_date() && !period.is_month() {
        let end = period.last();
        out.extend(ytd(series, end));
        out.extend(ytd_change_yoy(series, end));
        return out;
    }
    out.extend(level(series, period));
    out.extend(change_mom(series, period));
    out.extend(change_yoy(series, period));
    if let Some(m) = period.as_month() {
        out.extend(streak(series, period));
        out.extend(turning_points(series, period));
        out.extend(records(series, period));
        if m.month() > 1 {
            out.extend(ytd(series, m));
            out.extend(ytd_change_yoy(series, m));
        }
    }
    out
}
