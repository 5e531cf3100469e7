//! Facts about policy events: the levels on either side of an event, and where a period stands
//! relative to the events that concern its basket ("the data predates the 9 October expansion").

use tradewatch_model::{Event, Month, Period, Timeline, display};

use crate::facts::{Basis, Fact, FactKind, Window, WindowSide, bare, monthly, pct_display};
use crate::kernels;
use crate::series::{Series, Subject};

/// Months of history the pre-event trend is fitted on (at most), and the least it needs.
const TREND_MONTHS: i32 = 12;
const TREND_MIN: usize = 3;

fn side(series: &Series, from: Month, to: Month) -> (WindowSide, Vec<f64>) {
    let mut months_in_data = Vec::new();
    let mut values = Vec::new();
    let mut m = from;
    while m <= to {
        if let Some(p) = series.level(&Period::Month(m)) {
            months_in_data.push(Period::Month(m));
            values.push(p.value);
        }
        m = m.plus(1);
    }
    let average = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
    let unit = series.levels.values().next().map(|p| p.unit);
    let display = match (average, unit) {
        (Some(a), Some(u)) => format!(
            "{} a month ({} of {} months in the data)",
            display::amount(a, u, None),
            values.len(),
            to.index() - from.index() + 1
        ),
        _ => "no month in the data".to_string(),
    };
    (
        WindowSide {
            from: Period::Month(from),
            to: Period::Month(to),
            months_in_data,
            average,
            display,
        },
        values,
    )
}

/// Least-squares line through (month index, level); `None` with fewer than two points.
fn fit(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    Some((my - slope * mx, slope))
}

/// Average levels in the `months` months before and after the event's month (the event's own
/// month belongs to neither side), the change between them, and the after average against the
/// trend of the year before the event.
pub fn event_window(series: &Series, event: &Event, months: u32) -> Option<Fact> {
    let e = event.month();
    let n = months.max(1) as i32;
    let (before, _) = side(series, e.plus(-n), e.plus(-1));
    let (after, _) = side(series, e.plus(1), e.plus(n));
    if before.average.is_none() && after.average.is_none() {
        return None;
    }
    let (all_months, all_values) = monthly(series);
    let history: Vec<(f64, f64)> = all_months
        .iter()
        .zip(&all_values)
        .filter(|(m, _)| **m < e.index() && **m >= e.index() - TREND_MONTHS)
        .map(|(m, v)| (f64::from(*m), *v))
        .collect();
    let trend = (history.len() >= TREND_MIN)
        .then(|| fit(&history))
        .flatten()
        .filter(|_| !after.months_in_data.is_empty())
        .map(|(a, b)| {
            after
                .months_in_data
                .iter()
                .map(|p| a + b * f64::from(p.first().index()))
                .sum::<f64>()
                / after.months_in_data.len() as f64
        });
    let against = match (after.average, trend) {
        (Some(a), Some(t)) => kernels::pct_change(a, t),
        _ => None,
    };
    let change = match (after.average, before.average) {
        (Some(a), Some(b)) => kernels::pct_change(a, b),
        _ => None,
    };
    let mut f = bare(FactKind::EventWindow, &series.subject, Period::Month(e));
    f.value = change;
    f.unit = "pct".to_string();
    f.basis = Basis::Computed;
    f.method =
        format!("average of the months in the data, {n} months before and after the event's month");
    f.display = format!(
        "{}: before {}; after {}{}{}",
        event.date_words(),
        before.display,
        after.display,
        change.map_or(String::new(), |c| format!("; {}", pct_display(c))),
        against.map_or(String::new(), |c| format!(
            "; {} against the pre-event trend",
            pct_display(c)
        ))
    );
    let mut notes = Vec::new();
    for (name, s) in [("before", &before), ("after", &after)] {
        let want = n as usize;
        if s.months_in_data.len() < want {
            notes.push(format!(
                "{} of the {want} months {name} the event are in the data",
                s.months_in_data.len()
            ));
        }
    }
    if trend.is_none() {
        notes.push(format!(
            "no pre-event trend: fewer than {TREND_MIN} months in the year before"
        ));
    }
    if !notes.is_empty() {
        f.note = Some(notes.join("; "));
    }
    f.provenance = before
        .months_in_data
        .iter()
        .chain(&after.months_in_data)
        .filter_map(|p| series.level(p))
        .flat_map(|p| p.provenance.iter().cloned())
        .collect();
    f.event = Some(event.clone());
    f.window = Some(Window {
        months: months.max(1),
        before,
        after,
        trend_projection: trend,
        against_trend_pct: against,
    });
    Some(f)
}

/// The last event naming the subject's basket before or during `period` and the first one
/// after it, each as a fact ("the data predates the 9 October 2025 export control").
pub fn event_timing(timeline: &Timeline, subject: &Subject, period: Period) -> Vec<Fact> {
    let (before, after) = timeline.around(&subject.basket, &period);
    let mut out = Vec::new();
    for (event, is_after) in [(before, false), (after, true)] {
        let Some(event) = event else { continue };
        let months = event.month().index() - period.last().index();
        let mut f = bare(FactKind::EventTiming, subject, period);
        f.value = Some(f64::from(months));
        f.unit = "months".to_string();
        f.basis = Basis::Computed;
        f.method = if is_after {
            "first event after the period".to_string()
        } else {
            "last event before or during the period".to_string()
        };
        let what = event.kind.replace('_', " ");
        f.display = if is_after {
            format!(
                "the data ({}) predates the {} {what}: {}",
                period.describe(),
                event.date_words(),
                event.description
            )
        } else if event.is_before(&period) {
            format!(
                "the data ({}) comes after the {} {what}: {}",
                period.describe(),
                event.date_words(),
                event.description
            )
        } else {
            format!(
                "the {} {what} falls within the data's period ({}): {}",
                event.date_words(),
                period.describe(),
                event.description
            )
        };
        f.event = Some(event.clone());
        out.push(f);
    }
    out
}
