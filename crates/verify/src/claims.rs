//! What a claim is: its kind, its subject and what it asserts, typed.
//!
//! The reader ([`crate::read`]) finds claims with the rules of [`crate::rules`] over the
//! tokens of [`crate::token`] and resolves their subjects ([`crate::context`]); the judge
//! ([`crate::judge`]) checks them against the facts.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use tradewatch_model::{Flow, Month, Period};

use crate::number::{Qualifier, Unit};

/// What kind of claim it is (the JSON contract's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Level,
    ChangeMom,
    ChangeYoy,
    YtdTotal,
    YtdChange,
    Streak,
    Record,
    Rank,
    Share,
    TurningPoint,
    EventTiming,
    Direction,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Level => "level",
            Kind::ChangeMom => "change_mom",
            Kind::ChangeYoy => "change_yoy",
            Kind::YtdTotal => "ytd_total",
            Kind::YtdChange => "ytd_change",
            Kind::Streak => "streak",
            Kind::Record => "record",
            Kind::Rank => "rank",
            Kind::Share => "share",
            Kind::TurningPoint => "turning_point",
            Kind::EventTiming => "event_timing",
            Kind::Direction => "direction",
        }
    }
}

/// Rise or fall, as claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dir {
    Rise,
    Fall,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Rise => "rise",
            Dir::Fall => "fall",
        }
    }
}

/// A partner as a claim names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Partner {
    /// The world total.
    World,
    /// A country or group (ISO3 or pseudo-code).
    Country(String),
}

impl Partner {
    pub fn code(&self) -> &str {
        match self {
            Partner::World => "WLD",
            Partner::Country(c) => c,
        }
    }

    pub fn of(code: &str) -> Partner {
        if code == "WLD" {
            Partner::World
        } else {
            Partner::Country(code.to_string())
        }
    }
}

/// How a claim places a policy event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The event happened on (or in) the date given.
    Date,
    /// The data come before the event ("predate", "before Beijing's Oct. 9 controls").
    Before,
    /// The data come after it ("since", "after", "under").
    After,
    /// The data's month is the event's month.
    During,
    /// The data's month is the month before the event's.
    MonthBefore,
    /// The data's month is the first whole month after the event ("the first full month
    /// under the April 4 rule").
    FirstFullMonth,
}

/// A claim about a policy event: how it relates to the data, the date as written, and the
/// words naming the event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventClaim {
    pub relation: Relation,
    /// The day, when written.
    pub date: Option<NaiveDate>,
    /// The event's month.
    pub month: Option<Month>,
    /// Words that identify the event ("licensing", "magnets", "Busan").
    pub words: Vec<String>,
    /// The day was written without its year ("announced on November 7"): the year is the
    /// reader's guess, and the timeline may place the day in a year next to it.
    pub year_open: bool,
    /// The day was written with slashes in an order the text does not settle ("the 9/10
    /// package"): the day read the other way round.
    pub swapped: Option<NaiveDate>,
}

impl EventClaim {
    /// The same claim, dated `date` (its month with it; no other order to try).
    pub(crate) fn on(&self, date: NaiveDate) -> EventClaim {
        EventClaim {
            date: Some(date),
            month: month_of(date),
            swapped: None,
            ..self.clone()
        }
    }
}

/// The month a day falls in.
pub(crate) fn month_of(date: NaiveDate) -> Option<Month> {
    Month::new(date.year(), date.month()).ok()
}

/// What a claim asserts, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Claimed {
    /// A level: tonnes, kilograms or a currency.
    Level {
        value: f64,
        unit: Unit,
        precision: f64,
        qualifier: Qualifier,
    },
    /// A change in percent (signed: a fall is negative).
    Change {
        pct: f64,
        precision: f64,
        qualifier: Qualifier,
    },
    /// A run of monthly rises or falls: its length (`prior`: the run before the current).
    Months {
        n: u32,
        dir: Option<Dir>,
        prior: bool,
    },
    /// A record: the highest or lowest in `months` months (at least that many when
    /// `at_least`: "the highest of the year"), or since a month; neither: "on record".
    /// `since_act`: since an act the text names without its date ("the best month since
    /// the permits began"), the act being the commodity's last control in the timeline.
    Record {
        high: bool,
        months: Option<u32>,
        since: Option<Month>,
        at_least: bool,
        since_act: bool,
    },
    /// The first rise (fall) in `months` months: the month before it ended a run the other
    /// way of `months - 1` months.
    FirstIn { months: u32, dir: Dir },
    /// A direction in a month.
    Direction(Dir),
    /// A run that began in a month (`prior`: the run before the current one).
    Since {
        start: Month,
        dir: Option<Dir>,
        prior: bool,
    },
    /// A partner's place: `rank` (1 = largest; `last` = smallest), the partners named in the
    /// order given, one overtaken.
    Rank {
        rank: u32,
        last: bool,
        partners: Vec<String>,
        overtaken: Option<String>,
    },
    /// A partner's share of the total, percent.
    Share {
        pct: f64,
        precision: f64,
        qualifier: Qualifier,
    },
    /// A policy event relative to the data.
    Event(EventClaim),
}

impl Claimed {
    /// The claim's number and its unit, as the JSON contract writes them.
    fn parts(&self) -> (serde_json::Value, &'static str, Qualifier) {
        use serde_json::Value;
        let month = |m: Month| Value::from(Period::Month(m).to_string());
        match self {
            Claimed::Level { value, unit, .. } => {
                (Value::from(*value), unit.as_str(), self.qualifier())
            }
            Claimed::Change { pct, .. } | Claimed::Share { pct, .. } => {
                (Value::from(*pct), "pct", self.qualifier())
            }
            Claimed::Months { n, .. } => (Value::from(*n), "months", Qualifier::Exact),
            Claimed::Record {
                months: Some(n), ..
            } => (Value::from(*n), "months", Qualifier::Exact),
            Claimed::Record { since: Some(m), .. } => (month(*m), "month", Qualifier::Exact),
            Claimed::Record { .. } => (Value::Null, "months", Qualifier::Exact),
            Claimed::FirstIn { months, .. } => (Value::from(*months), "months", Qualifier::Exact),
            Claimed::Direction(d) => (Value::from(d.as_str()), "direction", Qualifier::Exact),
            Claimed::Since { start, .. } => (month(*start), "month", Qualifier::Exact),
            Claimed::Rank { rank, .. } => (Value::from(*rank), "rank", Qualifier::Exact),
            Claimed::Event(e) => (
                match (e.date, e.month) {
                    (Some(d), _) => Value::from(d.to_string()),
                    (None, Some(m)) => month(m),
                    _ => Value::Null,
                },
                "date",
                Qualifier::Exact,
            ),
        }
    }

    /// How the figure is hedged or bounded ("about", "more than"); exact for claims that are
    /// not numbers.
    pub fn qualifier(&self) -> Qualifier {
        match self {
            Claimed::Level { qualifier, .. }
            | Claimed::Change { qualifier, .. }
            | Claimed::Share { qualifier, .. } => *qualifier,
            _ => Qualifier::Exact,
        }
    }

    /// The place value of the claim's last digit (0 for claims that are not numbers).
    pub fn precision(&self) -> f64 {
        match self {
            Claimed::Level { precision, .. }
            | Claimed::Change { precision, .. }
            | Claimed::Share { precision, .. } => *precision,
            _ => 0.0,
        }
    }
}

impl Serialize for Claimed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (value, unit, qualifier) = self.parts();
        let mut st = s.serialize_struct("Claimed", 3)?;
        st.serialize_field("value", &value)?;
        st.serialize_field("unit", unit)?;
        st.serialize_field("qualifier", &qualifier)?;
        st.end()
    }
}

/// The subject of a claim; a missing part makes the claim unverifiable unless the data can
/// supply it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Subject {
    pub reporter: Option<String>,
    pub partner: Option<Partner>,
    pub flow: Option<Flow>,
    pub basket: Option<String>,
    pub period: Option<Period>,
}

/// A claim found in the text, before judging.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub kind: Kind,
    /// Byte range in the document's text.
    pub start: usize,
    pub end: usize,
    pub subject: Subject,
    pub claimed: Claimed,
    /// Which rule read it.
    pub rule: &'static str,
    /// How parts of the subject were found when the text did not say them ("flow taken
    /// from the data: only exports are held for …").
    pub notes: Vec<String>,
    /// Another reading of the partner when the text ties none to the figure (the world
    /// total, or the partner of the sentence before): the judge tries it when the first
    /// reading is not borne out, and says so.
    pub alt_partner: Option<Partner>,
    /// Other readings of a month the story lent the figure (the month its own sentence
    /// looked back to, or the one the sentence before named; the year a review's title
    /// names): tried in order like `alt_partner`.
    pub alt_periods: Vec<Period>,
    /// Another reading of a commodity the sentence before lent the figure (the article's
    /// first): tried like `alt_partner`.
    pub alt_basket: Option<String>,
    /// Other readings of what is claimed, tried in order like `alt_partner`: a change that
    /// names no base ("rose 12%") year on year rather than month on month; a figure the
    /// story lent a month to, over the year to that month.
    pub alt_kinds: Vec<Kind>,
    /// Another reading of a buyer in a story of China's trade ("Germany's purchases",
    /// "India's imports"): the buyer's own imports from the world, tried like
    /// `alt_partner` after China's exports to it.
    pub alt_reporter: Option<String>,
    /// Another reading of a number whose one mark may group thousands or start decimals
    /// ("1,116 tonnes" in a text that writes "420,5"; "5.952" in one that writes "5,952"):
    /// the same digits read the other way, tried like `alt_partner`.
    pub alt_claimed: Option<Claimed>,
    /// The other flow, when the sentence names none and the flow was lent by an earlier
    /// one: tried like `alt_partner` (a change only where the data hold nothing for the flow
    /// read: a wrong change must stay wrong).
    pub alt_flow: Option<Flow>,
    /// The claim's own sentence names its partner (a country, or the world or the total),
    /// its clause a time, and its sentence a commodity: those parts are the writer's, never
    /// taken from the data (see [`Named`]).
    pub partner_named: bool,
    /// A change or a share said of the value rather than the tonnage ("value fell 15.9%",
    /// "down ~30% by value", "about 34% of the value"): judged against values.
    pub of_value: bool,
    pub period_named: bool,
    /// The time named carries its year ("in December 2024", "in 2023"); a month alone
    /// ("in December") leaves the year to the story.
    pub year_named: bool,
    pub basket_named: bool,
}

/// The subjects an article names: its destinations, the months it names and its claims are
/// about, and its commodities. Where a figure is not borne out for the subject read, the
/// judge asks the data whether exactly one of these subjects has it, varying only what the
/// claim's own words leave open.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Named {
    pub partners: Vec<Partner>,
    pub periods: Vec<Period>,
    pub baskets: Vec<String>,
}
