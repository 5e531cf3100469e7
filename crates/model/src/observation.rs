//! One published number with its provenance.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commodity::Classification;
use crate::flow::Flow;
use crate::measure::{Measure, Quality, Source, Unit};
use crate::period::Period;

/// One row per published number (DESIGN.md "The canonical observation").
///
/// Key (what a later release revises): source, reporter, partner, flow, classification,
/// code, period, measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub source: Source,
    /// Id of the release (vintage) it came in; set by the store at ingest.
    pub release: String,
    pub reporter: String,
    pub partner: String,
    pub flow: Flow,
    pub classification: Classification,
    /// Commodity code (string, leading zeros kept), or the basket id when
    /// `classification` is `BASKET`.
    pub code: String,
    /// The source's own label for the commodity (a key, a code as printed, a description).
    pub commodity: String,
    pub period: Period,
    pub measure: Measure,
    /// The number, in `unit` (quantities in kg).
    pub value: f64,
    pub unit: Unit,
    /// The place value of the last published digit, in `unit`: `420.5 t` → 100 kg,
    /// `590 t` → 1,000 kg. Half of it is the rounding the published number carries.
    pub resolution: Option<f64>,
    pub estimated: bool,
    pub suppressed: bool,
    pub quality: Quality,
    /// Where the number was published: a URL, or `file:line`.
    pub citation: String,
    /// When the citation published it, when known.
    pub published: Option<NaiveDate>,
    /// Free text from the source (caveats, how it was derived).
    pub note: String,
    /// Line in the ingested file (1-based, the header is line 1).
    pub line: u64,
}

impl Observation {
    /// Half the published resolution: how far the true figure may lie from the printed one.
    pub fn half_resolution(&self) -> f64 {
        self.resolution.map_or(0.0, |r| r / 2.0)
    }
}

/// Where a fact's input came from: enough to find the row again and to cite it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub source: Source,
    pub release: String,
    pub citation: String,
    pub published: Option<NaiveDate>,
    pub quality: Quality,
    pub period: Period,
    pub measure: Measure,
    pub value: f64,
    pub unit: Unit,
    /// The place value of the last published digit (see [`Observation::resolution`]).
    pub resolution: Option<f64>,
    /// The source flagged the figure as estimated (a unit value needs a real quantity).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
    pub line: u64,
}

impl From<&Observation> for Provenance {
    fn from(o: &Observation) -> Self {
        Provenance {
            source: o.source,
            release: o.release.clone(),
            citation: o.citation.clone(),
            published: o.published,
            quality: o.quality,
            period: o.period,
            measure: o.measure,
            value: o.value,
            unit: o.unit,
            resolution: o.resolution,
            estimated: o.estimated,
            line: o.line,
        }
    }
}

/// The place value of the last significant digit of a number as printed: `"420.5"` → 0.1,
/// `"1,238.47"` → 0.01, `"619"` → 1. Trailing zeros of a whole number are not taken as
/// significant (`"53,700"` → 100, `"2860000000"` → 10,000,000): a press figure of "53,700
/// tonnes" is rounded to the hundred. `None` when the text is not a plain decimal.
pub fn resolution_of(text: &str) -> Option<f64> {
    let t = text.trim().trim_start_matches(['+', '-']).replace(',', "");
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    match t.split_once('.') {
        Some((_, frac)) => Some(10f64.powi(-(frac.len() as i32))),
        None => {
            let digits = t.trim_start_matches('0');
            let zeros = digits.len() - digits.trim_end_matches('0').len();
            // "0" itself: resolution 1.
            Some(10f64.powi(if digits.is_empty() { 0 } else { zeros as i32 }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_is_the_last_printed_digit() {
        assert_eq!(resolution_of("619"), Some(1.0));
        assert_eq!(resolution_of("590"), Some(10.0));
        assert_eq!(resolution_of("53,700"), Some(100.0));
        assert_eq!(resolution_of("0"), Some(1.0));
        assert_eq!(resolution_of("420.5"), Some(0.1));
        assert_eq!(resolution_of("1,238.47"), Some(0.01));
        assert_eq!(resolution_of("+15.8"), Some(0.1));
        assert_eq!(resolution_of("abc"), None);
    }
}
