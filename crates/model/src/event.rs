//! Policy events: export controls, licensing, suspensions, tariffs and talks, each tied to the
//! baskets it concerns, so facts can say where a period stands relative to them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Month, Period};

/// The kinds of event.
pub const EVENT_KINDS: &[&str] = &[
    "export_control",
    "licensing",
    "suspension",
    "tariff",
    "talks",
    "other",
];

/// One event of the policy timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub date: NaiveDate,
    /// `export_control`, `licensing`, `suspension`, `tariff`, `talks`, `other`.
    pub kind: String,
    pub actor: String,
    pub description: String,
    pub source_url: String,
    /// Basket ids the event concerns; `*` for measures on all goods; empty for none.
    pub baskets: Vec<String>,
}

impl Event {
    /// The month the event falls in.
    pub fn month(&self) -> Month {
        use chrono::Datelike;
        Month::from_index(self.date.year() * 12 + self.date.month0() as i32)
    }

    /// True when the event names the basket itself (not only "all goods"). For a code subject
    /// (`code:850511`): when it names a basket that holds one of the codes.
    pub fn names(&self, basket: &str) -> bool {
        if self.baskets.iter().any(|b| b == basket) {
            return true;
        }
        let Some(codes) = basket.strip_prefix(crate::basket::CODE_KEY) else {
            return false;
        };
        let Ok(subject) = crate::Basket::for_codes(&[codes]) else {
            return false;
        };
        let known = crate::Baskets::current();
        self.baskets
            .iter()
            .filter_map(|b| known.get(b))
            .any(|b| subject.overlaps(b))
    }

    /// True when the event concerns the basket: it names it, or applies to all goods.
    pub fn concerns(&self, basket: &str) -> bool {
        self.names(basket) || self.baskets.iter().any(|b| b == "*")
    }

    /// True when the event comes after the last day of `period`.
    pub fn is_after(&self, period: &Period) -> bool {
        self.month() > period.last()
    }

    /// True when the event comes before the first day of `period`.
    pub fn is_before(&self, period: &Period) -> bool {
        self.month() < period.first()
    }

    /// "9 October 2025".
    pub fn date_words(&self) -> String {
        use chrono::Datelike;
        format!(
            "{} {} {}",
            self.date.day(),
            self.month().name(),
            self.date.year()
        )
    }
}

/// The timeline: events in date order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub events: Vec<Event>,
}

impl Timeline {
    /// A timeline from events in any order.
    pub fn new(mut events: Vec<Event>) -> Self {
        events.sort_by_key(|e| e.date);
        Timeline { events }
    }

    /// Events that concern a basket (naming it, or all goods), in date order.
    pub fn for_basket<'a>(&'a self, basket: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.concerns(basket))
    }

    /// The last event naming the basket that falls before or during `period`, and the first
    /// one after it.
    pub fn around(&self, basket: &str, period: &Period) -> (Option<&Event>, Option<&Event>) {
        let named = || self.events.iter().filter(|e| e.names(basket));
        (
            named().rfind(|e| !e.is_after(period)),
            named().find(|e| e.is_after(period)),
        )
    }
}
