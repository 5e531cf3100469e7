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
        // The unit value needs the subject's other measure; the mirror, the partner's own
        // figures for the same trade, when the partner is a country.
        let one_partner = s.partner != "*";
        let twin = match s.measure {
            Measure::Quantity => Some(Measure::Value),
            Measure::Value => Some(Measure::Quantity),
            _ => None,
        }
        .filter(|_| one_partner)
        .map(|measure| Subject {
            measure,
            ..s.clone()
        });
        let is_country = Countries::builtin()
            .get(&s.partner)
            .is_some_and(|c| !c.is_aggregate());
        let mirror = match s.flow {
            Flow::Export => Some(Flow::Import),
            Flow::Import => Some(Flow::Export),
            _ => None,
        }
        .filter(|_| is_country)
        .map(|flow| Subject {
            reporter: s.partner.clone(),
            partner: s.reporter.clone(),
            flow,
            ..s.clone()
        });
        let optional = |subject: Option<Subject>| async move {
            match subject {
                Some(subject) => self.series(&query(subject)).await.map(Some),
                None => Ok(None),
            }
        };
        // The three reads are independent: asked at once, a store queried through SQL
        // answers in the time of the slowest, not of the sum.
        let whole = query(s.clone());
        let (panel, twin, mirror) =
            futures::try_join!(self.panel(&whole), optional(twin), optional(mirror))?;
        let cross = cross_partner(&panel, q.period, q.top);
        if !one_partner {
            return Ok(cross);
        }
        // The subject's own series is its partner's in the panel: the same rows, ranked the
        // same way (the ranking's partition includes the partner).
        let series = panel
            .partners
            .get(&s.partner)
            .cloned()
            .unwrap_or_else(|| crate::series::assemble(s.clone(), Vec::new()));
        let mut out = facts::compute(&series, q.period);
        out.extend(anomaly(&series, q.period, &q.anomaly));
        out.extend(cross.into_iter().filter(|f| {
            f.subject.partner == s.partner || (s.partner == "WLD" && f.subject.partner == "*")
        }));
        if let Some(twin) = &twin {
            let (quantity, value) = if s.measure == Measure::Quantity {
                (&series, twin)
            } else {
                (twin, &series)
            };
            out.extend(unit_values(quantity, value, q.period));
        }
        if let Some(mirror) = &mirror {
            let (exports, imports) = if s.flow == Flow::Export {
                (&series, mirror)
            } else {
                (mirror, &series)
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
