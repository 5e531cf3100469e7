//! A series: one subject's levels and published changes over time, one point per period.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use tradewatch_model::{Flow, Measure, Period, Provenance, Unit};

/// What a series is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subject {
    pub reporter: String,
    pub partner: String,
    pub flow: Flow,
    pub basket: String,
    /// `quantity` or `value`: the measure of the levels.
    pub measure: Measure,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}→{} {} {} {}",
            self.reporter, self.partner, self.flow, self.basket, self.measure
        )
    }
}

/// One number of a series, with the rows it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub period: Period,
    pub value: f64,
    pub unit: Unit,
    /// Half the spread the published rounding allows (summed over the rows added up); 0 when
    /// the precision is unknown.
    pub half_width: f64,
    /// The place value of the last published digit, for display.
    pub resolution: Option<f64>,
    /// The rows used.
    pub provenance: Vec<Provenance>,
    /// Other rows for the same period that were not used (other citations, lower-ranked
    /// sources), so a reader sees the disagreement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Provenance>,
}

impl Point {
    /// The interval the published figure stands for.
    pub fn interval(&self) -> (f64, f64) {
        (self.value - self.half_width, self.value + self.half_width)
    }
}

/// Levels and published changes of one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub subject: Subject,
    /// Levels (months and spans), by period.
    pub levels: BTreeMap<Period, Point>,
    /// Month-on-month changes as published, in percent.
    pub published_mom: BTreeMap<Period, Point>,
    /// Year-on-year changes as published, in percent (for a year-to-date span, the
    /// year-to-date change).
    pub published_yoy: BTreeMap<Period, Point>,
}

impl Series {
    /// An empty series for a subject.
    pub fn new(subject: Subject) -> Self {
        Series {
            subject,
            levels: BTreeMap::new(),
            published_mom: BTreeMap::new(),
            published_yoy: BTreeMap::new(),
        }
    }

    /// The level of a period.
    pub fn level(&self, period: &Period) -> Option<&Point> {
        self.levels.get(period)
    }

    /// True when the series holds nothing.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty() && self.published_mom.is_empty() && self.published_yoy.is_empty()
    }

    /// Every period with a level or a published change, in order.
    pub fn periods(&self) -> Vec<Period> {
        let mut all: Vec<Period> = self
            .levels
            .keys()
            .chain(self.published_mom.keys())
            .chain(self.published_yoy.keys())
            .copied()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Adds a point under the measure it belongs to (levels, or a published change).
    pub fn insert(&mut self, measure: Measure, point: Point) {
        let map = match measure {
            Measure::ChangeMomPct => &mut self.published_mom,
            Measure::ChangeYoyPct => &mut self.published_yoy,
            Measure::Quantity | Measure::Value | Measure::ValueConsumption => &mut self.levels,
        };
        map.insert(point.period, point);
    }
}
