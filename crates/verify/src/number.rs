//! Figures as trade reporting writes them: a value, the place value of its last digit, the
//! unit, and the hedge on it.

use serde::Serialize;

/// How a figure is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    About,
    Nearly,
    MoreThan,
    AtLeast,
    LessThan,
}

/// The unit a figure is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Percent.
    Pct,
    /// Percentage points.
    Pp,
    Tonnes,
    Kg,
    Usd,
    Cny,
    Eur,
    /// A bare number (a count, a rank, a multiple).
    Bare,
}

impl Unit {
    /// The name in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Pct => "pct",
            Unit::Pp => "pp",
            Unit::Tonnes => "t",
            Unit::Kg => "kg",
            Unit::Usd => "USD",
            Unit::Cny => "CNY",
            Unit::Eur => "EUR",
            Unit::Bare => "",
        }
    }

    /// A quantity (tonnes or kilograms).
    pub fn is_mass(self) -> bool {
        matches!(self, Unit::Tonnes | Unit::Kg)
    }

    /// An amount of something (a mass, a currency, points): neither a percent nor a bare
    /// number.
    pub fn is_amount(self) -> bool {
        !matches!(self, Unit::Pct | Unit::Bare)
    }

    /// A currency.
    pub fn is_money(self) -> bool {
        matches!(self, Unit::Usd | Unit::Cny | Unit::Eur)
    }
}

/// A figure: its value in `unit` (signed when the text signs it), the place value of its last
/// digit, and whether the text wrote a sign or an arrow.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub value: f64,
    pub precision: f64,
    pub unit: Unit,
    /// `Some(true)` for an explicit plus (or ↑), `Some(false)` for a minus (or ↓).
    pub signed: Option<bool>,
    /// Written in words ("forty-six").
    pub words: bool,
}

/// The place value of the last digit of a number as written: "420.5" → 0.1, "5,774" → 1,
/// "590" → 10 (trailing zeros of a whole number are not significant), "0" → 1.
pub fn precision_of(digits: &str) -> f64 {
    let clean: String = digits.chars().filter(|c| *c != ',').collect();
    if let Some((_, frac)) = clean.split_once('.') {
        return 10f64.powi(-(frac.len() as i32));
    }
    let trimmed = clean.trim_start_matches('0');
    if trimmed.is_empty() {
        return 1.0;
    }
    let zeros = trimmed.len() - trimmed.trim_end_matches('0').len();
    10f64.powi(zeros as i32)
}

/// Parses digits with thousands separators ("5,774", "1,016.65", "420.5"). A comma that does
/// not separate groups of three ("1,23") is not a thousands separator: `None`.
pub fn parse_digits(digits: &str) -> Option<f64> {
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let ok = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        // Indian grouping: thousands, then lakhs and crores in pairs ("1,32,931",
        // "12,34,56,789"); no other convention writes two-digit groups before the last.
        let n = groups.len();
        let indian = n >= 3
            && (1..=2).contains(&groups[0].len())
            && groups[1..n - 1].iter().all(|g| g.len() == 2)
            && groups[n - 1].len() == 3;
        if !ok && !indian {
            return None;
        }
    }
    let clean: String = int.chars().filter(|c| *c != ',').collect();
    let text = match frac {
        Some(f) if !f.is_empty() && !f.contains(',') => format!("{clean}.{f}"),
        Some(_) => return None,
        None => clean,
    };
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_the_last_digit_written() {
        assert_eq!(precision_of("420.5"), 0.1);
        assert_eq!(precision_of("5,774"), 1.0);
        assert_eq!(precision_of("590"), 10.0);
        assert_eq!(precision_of("1,016.65"), 0.01);
        assert_eq!(precision_of("0"), 1.0);
    }

    #[test]
    fn digits_with_separators() {
        assert_eq!(parse_digits("5,774"), Some(5774.0));
        assert_eq!(parse_digits("1,016.65"), Some(1016.65));
        assert_eq!(parse_digits("1,23"), None);
        assert_eq!(parse_digits("12"), Some(12.0));
        // Indian grouping.
        assert_eq!(parse_digits("1,32,931"), Some(132_931.0));
        assert_eq!(parse_digits("12,34,56,789.5"), Some(123_456_789.5));
        assert_eq!(parse_digits("1,32,93"), None);
        assert_eq!(parse_digits("1,3,931"), None);
    }
}
