//! The rounding rule: does a stated number agree with a computed one, given the precision of
//! both? (Bundled data README, "Verdict rule".)
//!
//! * `Exact` — the computed value rounds to the stated one at the stated precision;
//! * `Rounding` — the stated value lies inside the interval the computed value spans when
//!   every input varies by half its last digit, widened by half the stated precision;
//! * `Off` — neither.

use serde::{Deserialize, Serialize};

/// How a stated number relates to a computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    Exact,
    Rounding,
    Off,
}

impl Agreement {
    /// Exact or within rounding.
    pub fn agrees(self) -> bool {
        !matches!(self, Agreement::Off)
    }
}

/// Rounds `value` to a multiple of `precision` (e.g. 0.1).
pub fn round_to(value: f64, precision: f64) -> f64 {
    if precision <= 0.0 {
        return value;
    }
    (value / precision).round() * precision
}

/// Compares `stated` (printed with last digit `precision`) against `computed`, whose inputs'
/// rounding lets it lie anywhere in `interval`.
pub fn compare(stated: f64, precision: f64, computed: f64, interval: (f64, f64)) -> Agreement {
    let eps = precision.abs() * 1e-9 + 1e-12;
    let half = precision / 2.0;
    // A tie (420.5 stated as 420) rounds either way: half-even and half-up both exist in
    // published tables.
    if (round_to(computed, precision) - stated).abs() <= eps
        || ((computed - stated).abs() - half).abs() <= eps
    {
        return Agreement::Exact;
    }
    let (lo, hi) = (interval.0.min(computed), interval.1.max(computed));
    if stated >= lo - half - eps && stated <= hi + half + eps {
        Agreement::Rounding
    } else {
        Agreement::Off
    }
}

/// The interval of `a / b - 1` in percent when `a` and `b` may each be off by their half
/// widths.
pub fn change_interval(a: f64, ha: f64, b: f64, hb: f64) -> (f64, f64) {
    let lo_b = b - hb;
    let hi_b = b + hb;
    let lo = ((a - ha) / hi_b - 1.0) * 100.0;
    let hi = if lo_b > 0.0 {
        ((a + ha) / lo_b - 1.0) * 100.0
    } else {
        f64::INFINITY
    };
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_examples() {
        // US July "+75.5%": 619/353 − 1 = +75.35% → rounding.
        let c = (619.0 / 353.0 - 1.0) * 100.0;
        let iv = change_interval(619.0, 0.5, 353.0, 0.5);
        assert_eq!(compare(75.5, 0.1, c, iv), Agreement::Rounding);
        // SMM's US August "−1.6%": 589.85/619 − 1 = −4.71% → off.
        let c = (589.85 / 619.0 - 1.0) * 100.0;
        let iv = change_interval(589.85, 0.005, 619.0, 0.5);
        assert_eq!(compare(-1.6, 0.1, c, iv), Agreement::Off);
        // 420.5/590 − 1 = −28.73% → −28.7 exact.
        let c = (420.5 / 590.0 - 1.0) * 100.0;
        assert_eq!(
            compare(-28.7, 0.1, c, change_interval(420.5, 0.05, 590.0, 0.5)),
            Agreement::Exact
        );
    }
}
