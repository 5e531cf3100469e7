//! Every fact about a subject and period, from every part of the analysis: the series facts,
//! the partner's place among the partners, the unit value, the mirror gap, the anomaly score
//! and the policy timeline. One function, so the CLI, the brief and the API say the same.

use chrono::NaiveDate;
use tradewatch_analysis::anomaly::{AnomalyConfig, anomaly};
use tradewatch_analysis::cross::cross_partner;
use tradewatch_analysis::events::{event_timing, event_window};
use tradewatch_analysis::mirror::{MirrorConfig, mirror_gaps};
use tradewatch_analysis::unit_value::unit_values;
use tradewatch_analysis::{Fact, Subject, facts};
use tradewatch_model::{Countries, Flow, Measure, Period, Timeline};

use crate::{Result, SeriesQuery, Store};

/// What to compute facts for, and how.
#[derive(Debug, Clone)]
pub struct FactsQuery {
    /// The subject; partner `*` asks for the cross-partner view only.
    pub subject: Subject,
    pub period: Period,
    pub as_of: Option<NaiveDate>,
    /// Partners in a top list.
    pub top: usize,
    /// Months on each side of an event window.
    pub window_months: u32,
    pub mirror: MirrorConfig,
    pub anomaly: AnomalyConfig,
    pub timeline: Timeline,
}

impl FactsQuery {
    /// Defaults: top five, three-month windows, lags 0–2, the standard anomaly thresholds.
    pub fn new(subject: Subject, period: Period, timeline: Timeline) -> Self {
        FactsQuery {
            subject,
            period,
            as_of: None,
            top: 5,
            window_months: 3,
            mirror: MirrorConfig::default(),
            anomaly: AnomalyConfig::default(),
            timeline,
        }
    }
}

/// How far back events get a window in a period's facts: the events of the year up to it.
const WINDOW_LOOKBACK_MONTHS: i32 = 12;

impl Store {
    /// Every fact for a subject and period, in the order a brief tells them.
    pub async fn facts(&self, q: &FactsQuery) -> Result<Vec<Fact>> {
        let s = &q.subject;
        let query = |subject: Subject| SeriesQuery {
            as_of: q.as_of,
            ..SeriesQuery::new(subject)
        };
        let panel = self.panel(&query(s.clone())).await?;
        let cross = cross_partner(&panel, q.period, q.top);
        if s.partner == "*" {
            return Ok(cross);
        }
        let series = self.series(&query(s.clone())).await?;
        let mut out = facts::compute(&series, q.period);
        out.extend(anomaly(&series, q.period, &q.anomaly));
        out.extend(cross.into_iter().filter(|f| {
            f.subject.partner == s.partner || (s.partner == "WLD" && f.subject.partner == "*")
        }));
        // Unit value: the quantity and the value of the same subject.
        let other = match s.measure {
            Measure::Quantity => Some(Measure::Value),
            Measure::Value => Some(Measure::Quantity),
            _ => None,
        };
        if let Some(other) = other {
            let twin = self
                .series(&query(Subject {
                    measure: other,
                    ..s.clone()
                }))
                .await?;
            let (quantity, value) = if s.measure == Measure::Quantity {
                (&series, &twin)
            } else {
                (&twin, &series)
            };
            out.extend(unit_values(quantity, value, q.period));
        }
        // Mirror: the partner's own figures for the same trade, when it is a country.
        let is_country = Countries::builtin()
            .get(&s.partner)
            .is_some_and(|c| !c.is_aggregate());
        let mirror_flow = match s.flow {
            Flow::Export => Some(Flow::Import),
            Flow::Import => Some(Flow::Export),
            _ => None,
        };
        if is_country && let Some(flow) = mirror_flow {
            let mirror = self
                .series(&query(Subject {
                    reporter: s.partner.clone(),
                    partner: s.reporter.clone(),
                    flow,
                    ..s.clone()
                }))
                .await?;
            let (exports, imports) = if s.flow == Flow::Export {
                (&series, &mirror)
            } else {
                (&mirror, &series)
            };
            out.extend(mirror_gaps(exports, imports, q.period, &q.mirror));
        }
        // The policy timeline: windows around the year's events, and the nearest events.
        let last = q.period.last();
        for event in q.timeline.events.iter().filter(|e| e.names(&s.basket)) {
            let m = event.month();
            if m <= last && m > last.plus(-WINDOW_LOOKBACK_MONTHS) {
                out.extend(event_window(&series, event, q.window_months));
            }
        }
        out.extend(event_timing(&q.timeline, s, q.period));
        Ok(out)
    }
}
