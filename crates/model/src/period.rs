//! Periods: a month (`2025-09`), a span of months (`2025-01..02`, `2025-01..09`,
//! `2024-04..2025-03`) or a calendar year (`2025`).
//!
//! Periods compare by their first month, then by their length, so a series sorts
//! chronologically. Two periods are comparable for a change only when they cover the same
//! number of months ([`Period::len_months`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// The first year a period may be in: customs statistics begin in the 20th century.
pub const MIN_YEAR: i32 = 1900;
/// The last year a period may be in: a figure dated later is a typo or a placeholder.
pub const MAX_YEAR: i32 = 2100;

/// One calendar month. `index` is `year * 12 + (month - 1)`, so consecutive months differ by 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    index: i32,
}

impl Month {
    /// A month from its year and its number (1–12).
    pub fn new(year: i32, month: u32) -> Result<Self> {
        if !(1..=12).contains(&month) {
            return Err(Error::Period {
                text: format!("{year}-{month:02}"),
                reason: format!("month {month} is not 1-12"),
            });
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Error::Period {
                text: format!("{year}-{month:02}"),
                reason: format!(
                    "year {year} is outside {MIN_YEAR}-{MAX_YEAR}: no trade statistics are published for it"
                ),
            });
        }
        Ok(Self {
            index: year * 12 + month as i32 - 1,
        })
    }

    /// The month `index` months after year 0 January (see the type's docs).
    pub fn from_index(index: i32) -> Self {
        Self { index }
    }

    /// `year * 12 + month - 1`.
    pub fn index(self) -> i32 {
        self.index
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.index.div_euclid(12)
    }

    /// The month number, 1–12.
    pub fn month(self) -> u32 {
        self.index.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later (earlier when `n` is negative).
    pub fn plus(self, n: i32) -> Self {
        Self {
            index: self.index + n,
        }
    }

    /// English month name ("September").
    pub fn name(self) -> &'static str {
        MONTH_NAMES[(self.month() - 1) as usize]
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// One month: `2025-09`.
    Month(Month),
    /// Consecutive months, first and last inclusive, at least two: `2025-01..02`,
    /// `2025-01..09`, `2024-04..2025-03`.
    Span(Month, Month),
    /// A calendar year: `2025`. Covers the same months as `2025-01..12` but is kept apart,
    /// because sources that publish annual figures (Comtrade `A`) are not year-to-date sums.
    Year(i32),
}

impl Period {
    /// A single month.
    pub fn month(year: i32, month: u32) -> Result<Self> {
        Month::new(year, month).map(Period::Month)
    }

    /// The first month covered.
    pub fn first(&self) -> Month {
        match *self {
            Period::Month(m) => m,
            Period::Span(a, _) => a,
            Period::Year(y) => Month::from_index(y * 12),
        }
    }

    /// The last month covered.
    pub fn last(&self) -> Month {
        match *self {
            Period::Month(m) => m,
            Period::Span(_, b) => b,
            Period::Year(y) => Month::from_index(y * 12 + 11),
        }
    }

    /// How many months the period covers.
    pub fn len_months(&self) -> i32 {
        self.last().index() - self.first().index() + 1
    }

    /// True for a single month.
    pub fn is_month(&self) -> bool {
        matches!(self, Period::Month(_))
    }

    /// The month, when the period is one.
    pub fn as_month(&self) -> Option<Month> {
        match *self {
            Period::Month(m) => Some(m),
            _ => None,
        }
    }

    /// True for a span or year starting in January of its year and ending in the same year:
    /// a year-to-date (cumulative) period such as `2025-01..09` or China's `2025-01..02`.
    pub fn is_year_to_date(&self) -> bool {
        let (a, b) = (self.first(), self.last());
        !self.is_month() && a.month() == 1 && a.year() == b.year()
    }

    /// The same months `years` years later (earlier when negative).
    pub fn shift_years(&self, years: i32) -> Self {
        match *self {
            Period::Month(m) => Period::Month(m.plus(12 * years)),
            Period::Span(a, b) => Period::Span(a.plus(12 * years), b.plus(12 * years)),
            Period::Year(y) => Period::Year(y + years),
        }
    }

    /// The period of the same length immediately before this one, for a month.
    pub fn previous_month(&self) -> Option<Self> {
        self.as_month().map(|m| Period::Month(m.plus(-1)))
    }

    /// Year to date through `m`: `YYYY-01..MM`, or the month itself for January.
    pub fn year_to_date(m: Month) -> Self {
        let jan = Month::from_index(m.year() * 12);
        if m == jan {
            Period::Month(m)
        } else {
            Period::Span(jan, m)
        }
    }

    /// True when `other` covers exactly the same months.
    pub fn same_months(&self, other: &Period) -> bool {
        self.first() == other.first() && self.last() == other.last()
    }

    /// Words for the period, in the register of a wire story: "September 2025",
    /// "January–September 2025", "January–February 2026", "2025", "April 2024–March 2025".
    pub fn describe(&self) -> String {
        match *self {
            Period::Month(m) => format!("{} {}", m.name(), m.year()),
            Period::Year(y) => y.to_string(),
            Period::Span(a, b) if a.year() == b.year() => {
                format!("{}–{} {}", a.name(), b.name(), a.year())
            }
            Period::Span(a, b) => {
                format!("{} {}–{} {}", a.name(), a.year(), b.name(), b.year())
            }
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first(), self.last(), self.kind_rank()).cmp(&(
            other.first(),
            other.last(),
            other.kind_rank(),
        ))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Period {
    fn kind_rank(&self) -> u8 {
        match self {
            Period::Month(_) => 0,
            Period::Span(..) => 1,
            Period::Year(_) => 2,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Span(a, b) if a.year() == b.year() => {
                write!(f, "{a}..{:02}", b.month())
            }
            Period::Span(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

fn parse_year(text: &str, whole: &str) -> Result<i32> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Period {
            text: whole.to_string(),
            reason: format!("'{text}' is not a four-digit year"),
        });
    }
    text.parse().map_err(|_| Error::Period {
        text: whole.to_string(),
        reason: format!("'{text}' is not a year"),
    })
}

fn parse_month_number(text: &str, whole: &str) -> Result<u32> {
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Period {
            text: whole.to_string(),
            reason: format!("'{text}' is not a two-digit month"),
        });
    }
    text.parse().map_err(|_| Error::Period {
        text: whole.to_string(),
        reason: format!("'{text}' is not a month"),
    })
}

fn parse_month(text: &str, whole: &str) -> Result<Month> {
    let (y, m) = text.split_once('-').ok_or_else(|| Error::Period {
        text: whole.to_string(),
        reason: "expected YYYY-MM".to_string(),
    })?;
    let m = Month::new(parse_year(y, whole)?, parse_month_number(m, whole)?);
    m.map_err(|e| match e {
        Error::Period { reason, .. } => Error::Period {
            text: whole.to_string(),
            reason,
        },
        other => other,
    })
}

impl FromStr for Period {
    type Err = Error;

    /// Parses `2025-09`, `2025-01..02`, `2024-04..2025-03` and `2025`.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            let first = parse_month(a, s)?;
            let last = if b.contains('-') {
                parse_month(b, s)?
            } else {
                Month::new(first.year(), parse_month_number(b, s)?).map_err(|_| Error::Period {
                    text: s.to_string(),
                    reason: format!("'{b}' is not a month"),
                })?
            };
            if last <= first {
                return Err(Error::Period {
                    text: s.to_string(),
                    reason: "a span must end after it starts".to_string(),
                });
            }
            return Ok(Period::Span(first, last));
        }
        if s.contains('-') {
            return parse_month(s, s).map(Period::Month);
        }
        if s.is_empty() {
            return Err(Error::Period {
                text: s.to_string(),
                reason: "empty period".to_string(),
            });
        }
        parse_year(s, s).map(Period::Year)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_every_shape_and_round_trips() {
        for s in [
            "2025-09",
            "2025-01..02",
            "2025-01..09",
            "2025",
            "2024-04..2025-03",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("2025-01..02").len_months(), 2);
        assert_eq!(p("2024-04..2025-03").len_months(), 12);
        assert_eq!(p("2025").len_months(), 12);
        assert!(p("2025-01..09").is_year_to_date());
        assert!(!p("2024-04..2025-03").is_year_to_date());
    }

    #[test]
    fn rejects_malformed_periods_with_a_reason() {
        for s in [
            "2025-13",
            "2025-9",
            "25-09",
            "2025-09..09",
            "2025-09..03",
            "",
            "2025/09",
            "x",
        ] {
            let err = s.parse::<Period>().expect_err(s);
            assert!(err.to_string().contains("period"), "{s}: {err}");
        }
    }

    #[test]
    fn orders_chronologically_then_by_length() {
        let mut v = [p("2025-02"), p("2025-01..02"), p("2025-01"), p("2024-12")];
        v.sort();
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2024-12", "2025-01", "2025-01..02", "2025-02"]);
    }

    #[test]
    fn describes_periods_in_words() {
        assert_eq!(p("2025-09").describe(), "September 2025");
        assert_eq!(p("2025-01..09").describe(), "January–September 2025");
        assert_eq!(p("2024-04..2025-03").describe(), "April 2024–March 2025");
    }

    proptest! {
        #[test]
        fn any_month_or_span_round_trips(y in 1990i32..2097, m in 1u32..=12, len in 0i32..30) {
            let first = Month::new(y, m).unwrap();
            let period = if len == 0 { Period::Month(first) } else { Period::Span(first, first.plus(len)) };
            let back: Period = period.to_string().parse().unwrap();
            prop_assert_eq!(back, period);
            prop_assert_eq!(back.len_months(), len + 1);
        }
    }
}
