//! Anomalies: is this period's change unusual for this series?
//!
//! The score is robust: the month's log change, less the series' typical change for that
//! calendar month (when there are at least three years of history), against the median and the
//! median absolute deviation (MAD) of the earlier changes treated the same way. A score beyond
//! ±3.5 (Iglewicz and Hoaglin's cut-off for modified z-scores) flags. With fewer than twelve
//! earlier changes no anomaly is claimed, and the fact says why.
//!
//! Levels can be zero (exports stopped); log changes use `level + c` with `c` one percent of the
//! series' median level, so a fall to zero is a large but finite change.

use tradewatch_model::{Period, display};

use crate::facts::{Fact, FactKind, bare, monthly, pct_display};
use crate::series::Series;

/// Thresholds of the anomaly score.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyConfig {
    /// Earlier monthly changes needed before any anomaly is claimed.
    pub min_history: usize,
    /// |score| at or above which a change is flagged.
    pub threshold: f64,
    /// Earlier changes of the same calendar month needed to remove seasonality.
    pub seasonal_min: usize,
    /// The least spread (scaled MAD of log changes) a series is credited with: a series that
    /// moves like clockwork would otherwise flag a 2% wobble.
    pub min_spread: f64,
}

impl Default for AnomalyConfig {
    fn default() -> Self {
        AnomalyConfig {
            min_history: 12,
            threshold: 3.5,
            seasonal_min: 3,
            min_spread: 0.01,
        }
    }
}

/// The largest score reported.
const SCORE_CAP: f64 = 1_000.0;

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The anomaly fact of a month: a score with the reason, or — with too little history — no
/// score and a note saying so. `None` when the month or the month before is not in the data.
pub fn anomaly(series: &Series, period: Period, config: &AnomalyConfig) -> Option<Fact> {
    let month = period.as_month()?;
    let (months, values) = monthly(series);
    let i = months.binary_search(&month.index()).ok()?;
    if i == 0 || months[i - 1] != months[i] - 1 {
        return None;
    }
    let mut positive: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
    let c = (median(&mut positive) * 0.01).max(f64::MIN_POSITIVE);
    // (calendar month, log change) of every consecutive pair up to and including `i`.
    let changes: Vec<(usize, i32, f64)> = (1..=i)
        .filter(|&j| months[j - 1] == months[j] - 1)
        .map(|j| {
            (
                j,
                months[j].rem_euclid(12),
                ((values[j] + c) / (values[j - 1] + c)).ln(),
            )
        })
        .collect();
    let (current, history) = changes.split_last()?;
    let mut f = bare(FactKind::Anomaly, &series.subject, period);
    f.unit = "score".to_string();
    f.method = "robust z-score of the log change (median/MAD of the earlier changes)".to_string();
    f.band = Some([-config.threshold, config.threshold]);
    f.provenance = [i - 1, i]
        .iter()
        .filter_map(|&j| {
            series.level(&Period::Month(tradewatch_model::Month::from_index(
                months[j],
            )))
        })
        .flat_map(|p| p.provenance.iter().cloned())
        .collect();
    let change_pct = (values[i] / values[i - 1] - 1.0) * 100.0;
    let change_words = if values[i - 1] > 0.0 {
        pct_display(change_pct)
    } else {
        "a rise from zero".to_string()
    };
    if history.len() < config.min_history {
        f.display = format!(
            "no anomaly claimed: {} earlier monthly change{} in the data, {} needed",
            history.len(),
            if history.len() == 1 { "" } else { "s" },
            config.min_history
        );
        f.note = Some(format!(
            "too little history to judge the {change_words} change of {}",
            period.describe()
        ));
        return Some(f);
    }
    // Seasonality: each calendar month's typical change, from the earlier years only.
    let seasonal = |cal: i32| -> Option<f64> {
        let mut same: Vec<f64> = history
            .iter()
            .filter(|(_, m, _)| *m == cal)
            .map(|(_, _, r)| *r)
            .collect();
        (same.len() >= config.seasonal_min).then(|| median(&mut same))
    };
    let seasonal_used = seasonal(current.1).is_some();
    let adjust = |(_, cal, r): &(usize, i32, f64)| {
        if seasonal_used {
            r - seasonal(*cal).unwrap_or(0.0)
        } else {
            *r
        }
    };
    let mut residuals: Vec<f64> = history.iter().map(adjust).collect();
    let centre = median(&mut residuals);
    let mut deviations: Vec<f64> = residuals.iter().map(|r| (r - centre).abs()).collect();
    let raw_mad = median(&mut deviations) * 1.4826;
    let mad = raw_mad.max(config.min_spread);
    let x = adjust(current) - centre;
    let score = if x.abs() < 1e-12 {
        0.0
    } else {
        (x / mad).clamp(-SCORE_CAP, SCORE_CAP)
    };
    f.value = Some(score);
    let flagged = score.abs() >= config.threshold;
    let typical = (centre.exp() - 1.0) * 100.0;
    let spread = (mad.exp() - 1.0) * 100.0;
    let reason = format!(
        "the {change_words} change of {} against a typical {}{} change of {} (spread ±{}) over {} earlier months",
        period.describe(),
        if seasonal_used {
            "seasonally adjusted "
        } else {
            ""
        },
        "monthly",
        pct_display(typical),
        display::number(spread, 1),
        history.len()
    );
    f.display = format!(
        "{} (score {})",
        if flagged { "anomalous" } else { "not unusual" },
        display::signed(score, 1)
    );
    if seasonal_used {
        f.method.push_str(
            ", each change less the median change of its calendar month in earlier years",
        );
    }
    f.note = Some(if raw_mad < config.min_spread {
        format!(
            "{reason}; the earlier changes barely varied, so a spread of {}% is assumed",
            display::number(config.min_spread * 100.0, 0)
        )
    } else {
        reason
    });
    Some(f)
}
