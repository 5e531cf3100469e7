//! Mirror statistics: what a reporter says it exported to a partner against what the partner
//! says it imported from the reporter.
//!
//! The two never match exactly, for ordinary reasons: imports are valued CIF (with freight and
//! insurance) and exports FOB, goods shipped in one month arrive in a later one, and the two
//! customs offices may classify or attribute origin differently. So a gap is an *asymmetry*,
//! shown with the band within which it is normal, and never called anything more.

use std::ops::RangeInclusive;

use tradewatch_model::{Measure, Period, Unit, display};

use crate::facts::{Basis, Fact, FactKind, bare, pct_display, reference};
use crate::series::Series;

/// How mirror pairs are aligned and judged.
#[derive(Debug, Clone, PartialEq)]
pub struct MirrorConfig {
    /// Months the partner's import month may lag the reporter's export month.
    pub lags: RangeInclusive<i32>,
    /// Normal range of imports ÷ exports − 1, percent, for values (CIF over FOB: freight and
    /// insurance put imports a few percent above exports).
    pub value_band: [f64; 2],
    /// Normal range for quantities (no valuation difference, only timing and attribution).
    pub quantity_band: [f64; 2],
}

impl Default for MirrorConfig {
    fn default() -> Self {
        MirrorConfig {
            lags: 0..=2,
            value_band: [-5.0, 15.0],
            quantity_band: [-10.0, 10.0],
        }
    }
}

/// One mirror-gap fact per lag for which both months are in the data: `exports` is the
/// reporter's series (flow export, partner P), `imports` the partner's (reporter P, partner the
/// first reporter, flow import), same basket and measure. The fact's value is the gap in
/// percent of the exports; `delta` is the gap in the series' unit.
pub fn mirror_gaps(
    exports: &Series,
    imports: &Series,
    period: Period,
    config: &MirrorConfig,
) -> Vec<Fact> {
    let mut out = Vec::new();
    let Some(month) = period.as_month() else {
        return out;
    };
    let Some(x) = exports.level(&period) else {
        return out;
    };
    if x.value <= 0.0 {
        return out;
    }
    let band = match exports.subject.measure {
        Measure::Quantity => config.quantity_band,
        _ => config.value_band,
    };
    for lag in config.lags.clone() {
        let m = Period::Month(month.plus(lag));
        let Some(i) = imports.level(&m) else {
            continue;
        };
        if i.unit != x.unit {
            continue;
        }
        let gap = i.value - x.value;
        let pct = gap / x.value * 100.0;
        let inside = band[0] <= pct && pct <= band[1];
        let mut f = bare(FactKind::MirrorGap, &exports.subject, period);
        f.value = Some(pct);
        f.delta = Some(gap);
        f.unit = "pct".to_string();
        f.basis = Basis::Computed;
        f.lag = Some(lag);
        f.band = Some(band);
        f.base = Some(reference(x));
        f.since = Some(reference(i));
        f.interval = Some([
            ((i.value - i.half_width) / (x.value + x.half_width) - 1.0) * 100.0,
            if x.value - x.half_width > 0.0 {
                ((i.value + i.half_width) / (x.value - x.half_width) - 1.0) * 100.0
            } else {
                f64::MAX
            },
        ]);
        let who = &imports.subject.reporter;
        f.display = format!(
            "asymmetry {}: {}'s imports {} ({}) against {}'s exports {} ({}), {} in {}{}",
            pct_display(pct),
            who,
            display::amount(i.value, i.unit, i.resolution),
            m.describe(),
            exports.subject.reporter,
            display::amount(x.value, x.unit, x.resolution),
            period.describe(),
            display::signed(gap / unit_scale(x.unit), 1),
            unit_label(x.unit),
            if lag == 0 {
                String::new()
            } else {
                format!(", import month {lag} later")
            }
        );
        f.method = format!(
            "partner's imports ÷ reporter's exports − 1; normal band {} to {} ({})",
            pct_display(band[0]),
            pct_display(band[1]),
            if exports.subject.measure == Measure::Quantity {
                "timing and attribution"
            } else {
                "CIF/FOB valuation, timing and attribution"
            }
        );
        f.note = Some(if inside {
            "inside the band within which mirror figures normally differ".to_string()
        } else {
            "outside the normal band: an asymmetry worth a look (timing, classification, origin or valuation), not evidence of wrongdoing".to_string()
        });
        f.provenance = x.provenance.iter().chain(&i.provenance).cloned().collect();
        out.push(f);
    }
    out
}

fn unit_scale(unit: Unit) -> f64 {
    match unit {
        Unit::Kg => 1000.0,
        _ => 1.0,
    }
}

fn unit_label(unit: Unit) -> &'static str {
    match unit {
        Unit::Kg => "t",
        other => other.as_str(),
    }
}
