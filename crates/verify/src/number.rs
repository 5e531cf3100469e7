//! Numbers as trade reporting writes them: "420.5 tonnes", "5,774 metric tons", "1.2 million
//! kg", "$1.02 billion", "28.7%", "about 46 t", "seven", "more than doubled", "halved".

use std::sync::LazyLock;

use regex::Regex;
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

impl Qualifier {
    fn from_words(w: &str) -> Qualifier {
        match w.trim().to_lowercase().as_str() {
            "about" | "around" | "roughly" | "approximately" | "some" | "an estimated"
            | "circa" | "approx." | "~" => Qualifier::About,
            "nearly" | "almost" | "close to" | "just under" | "up to" => Qualifier::Nearly,
            "more than" | "over" | "above" | "in excess of" | "upwards of" => Qualifier::MoreThan,
            "at least" => Qualifier::AtLeast,
            "less than" | "under" | "below" | "fewer than" => Qualifier::LessThan,
            _ => Qualifier::Exact,
        }
    }
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
}

/// A figure found in text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Byte range in the text (the hedge included).
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// The place value of the last digit written, in the figure's unit ("420.5" → 0.1,
    /// "1.2 million" → 100,000, "5,774" → 1).
    pub precision: f64,
    pub unit: Unit,
    pub qualifier: Qualifier,
}

const WORDS: [(&str, f64); 28] = [
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
];

/// A number written in words ("seven", "twenty-five").
pub fn word_number(w: &str) -> Option<f64> {
    let w = w.to_lowercase();
    if let Some((a, b)) = w.split_once('-') {
        return Some(word_number(a)? + word_number(b)?);
    }
    WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// "second" → 2, "third" → 3, …
pub fn ordinal_number(w: &str) -> Option<u32> {
    const ORD: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    let w = w.to_lowercase();
    if let Some(i) = ORD.iter().position(|o| *o == w) {
        return Some(i as u32 + 1);
    }
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    let rest = &w[digits.len()..];
    (matches!(rest, "st" | "nd" | "rd" | "th") && !digits.is_empty())
        .then(|| digits.parse().ok())
        .flatten()
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<hedge>\b(?:about|around|roughly|approximately|approx\.|some|an\ estimated|circa|nearly|almost|close\ to|just\ under|up\ to|more\ than|over|above|in\ excess\ of|upwards\ of|at\ least|less\ than|under|below|fewer\ than)\s+)?
        (?P<cur>US\$|\$|USD\s?|CNY\s?|RMB\s?|yuan\s|€|EUR\s?)?
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?:\s?(?P<scale>thousand|million|billion|mn|bn|m\b|k\b))?
        (?:\s?(?P<unit>%|percentage\ points?|\ ?per\ ?cent\b|pp\b|points?\b|metric\ tons?|metric\ tonnes?|tonnes?|tons?|t\b|mt\b|kilograms?|kgs?\b|kilos?\b|(?:US\ |U\.S\.\ )?dollars?|yuan|euros?))?
        ",
    )
    .expect("figure pattern")
});

fn scale_of(s: &str) -> f64 {
    match s.to_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "million" | "mn" | "m" => 1e6,
        "billion" | "bn" => 1e9,
        _ => 1.0,
    }
}

/// Every figure in `text`, in order. Years, day numbers and codes come back too (as bare
/// numbers); the claim patterns decide which figures are claims.
pub fn figures(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for c in FIGURE.captures_iter(text) {
        let (Some(m), Some(num)) = (c.get(0), c.name("num")) else {
            continue;
        };
        // A digit run glued to letters or inside a longer token (an HS code "8505.11", a
        // date "2025-09") is not a figure of its own.
        let before = text[..num.start()].chars().next_back();
        if before.is_some_and(|ch| ch.is_alphanumeric() || ch == '.' || ch == '-' || ch == '/') {
            continue;
        }
        // A commodity code ("HS 8505.11", "code 85051110").
        let lead = text[..num.start()].trim_end().to_lowercase();
        if [
            "hs",
            "hts",
            "cn",
            "code",
            "codes",
            "heading",
            "subheading",
            "no.",
            "number",
        ]
        .iter()
        .any(|w| lead.ends_with(w))
        {
            continue;
        }
        let after = text[num.end()..].chars().next();
        if after.is_some_and(|ch| ch == '-' || ch == '/') && c.name("unit").is_none() {
            continue;
        }
        let digits = num.as_str().replace(',', "");
        let Ok(mut value) = digits.parse::<f64>() else {
            continue;
        };
        let mut precision = match digits.split_once('.') {
            Some((_, f)) => 10f64.powi(-(f.len() as i32)),
            None => 1.0,
        };
        let scale = c.name("scale").map_or(1.0, |s| scale_of(s.as_str()));
        let cur = c.name("cur").map(|m| m.as_str().trim().to_lowercase());
        let unit_word = c.name("unit").map(|m| m.as_str().trim().to_lowercase());
        // "m" after a bare number is metres or minutes, not millions, unless money.
        let scale = if scale == 1e6
            && c.name("scale")
                .is_some_and(|s| s.as_str().eq_ignore_ascii_case("m"))
            && cur.is_none()
        {
            1.0
        } else {
            scale
        };
        value *= scale;
        precision *= scale;
        let unit = match (cur.as_deref(), unit_word.as_deref()) {
            (Some("$" | "us$" | "usd"), _) => Unit::Usd,
            (Some("cny" | "rmb" | "yuan"), _) => Unit::Cny,
            (Some("€" | "eur"), _) => Unit::Eur,
            (_, Some(u))
                if u.starts_with("percentage point") || u == "pp" || u.starts_with("point") =>
            {
                Unit::Pp
            }
            (_, Some(u)) if u == "%" || u.contains("cent") => Unit::Pct,
            (_, Some(u)) if u.contains("ton") || u == "t" || u == "mt" => Unit::Tonnes,
            (_, Some(u)) if u.starts_with("kg") || u.starts_with("kilo") => Unit::Kg,
            (_, Some(u)) if u.contains("dollar") => Unit::Usd,
            (_, Some("yuan")) => Unit::Cny,
            (_, Some(u)) if u.starts_with("euro") => Unit::Eur,
            _ => Unit::Bare,
        };
        // Without a unit and a scale, keep the figure but do not let a scale-less bare "m"
        // swallow text.
        let end = match (c.name("unit"), c.name("scale")) {
            (Some(u), _) => u.end(),
            (None, Some(s)) if scale != 1.0 => s.end(),
            _ => num.end(),
        };
        out.push(Figure {
            start: c
                .name("hedge")
                .map_or(m.start(), |h| h.start())
                .min(num.start()),
            end,
            value,
            precision,
            unit,
            qualifier: c
                .name("hedge")
                .map_or(Qualifier::Exact, |h| Qualifier::from_words(h.as_str())),
        });
    }
    // Numbers in words: "seven tonnes", "about twelve per cent".
    for c in WORD_FIGURE.captures_iter(text) {
        let (Some(m), Some(w), Some(u)) = (c.get(0), c.name("w"), c.name("unit")) else {
            continue;
        };
        let Some(value) = word_number(&w.as_str().to_lowercase()) else {
            continue;
        };
        let u = u.as_str().to_lowercase();
        let unit = if u.contains("ton") {
            Unit::Tonnes
        } else if u.starts_with("kilo") {
            Unit::Kg
        } else {
            Unit::Pct
        };
        out.push(Figure {
            start: m.start(),
            end: m.end(),
            value,
            precision: 1.0,
            unit,
            qualifier: c
                .name("hedge")
                .map_or(Qualifier::Exact, |h| Qualifier::from_words(h.as_str())),
        });
    }
    out.sort_by_key(|f| f.start);
    out
}

static WORD_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<hedge>(?:about|around|roughly|nearly|almost|some|more than|over|at least|less than|just)\s+)?(?P<w>(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)\s+(?P<unit>tonnes|tons|kilograms|per\s?cent|percent)\b")
        .expect("word figure")
});

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Figure {
        let f = figures(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn the_forms_of_trade_reporting() {
        let f = one("shipments of 420.5 tonnes");
        assert_eq!((f.value, f.precision, f.unit), (420.5, 0.1, Unit::Tonnes));
        let f = one("5,774 metric tons");
        assert_eq!((f.value, f.unit), (5774.0, Unit::Tonnes));
        let f = one("1.2 million kg");
        assert_eq!((f.value, f.precision, f.unit), (1.2e6, 1e5, Unit::Kg));
        let f = one("worth $1.02 billion");
        assert_eq!((f.value, f.precision, f.unit), (1.02e9, 1e7, Unit::Usd));
        let f = one("about 46 t");
        assert_eq!(
            (f.value, f.unit, f.qualifier),
            (46.0, Unit::Tonnes, Qualifier::About)
        );
        let f = one("surged nearly 75%");
        assert_eq!(
            (f.value, f.unit, f.qualifier),
            (75.0, Unit::Pct, Qualifier::Nearly)
        );
        let f = one("a fall of 7.5 per cent");
        assert_eq!((f.value, f.unit), (7.5, Unit::Pct));
        assert_eq!(one("up 3.1 percentage points").unit, Unit::Pp);
    }

    #[test]
    fn codes_and_dates_are_not_figures() {
        assert!(
            figures("HS 8505.11 and 2025-09-30")
                .iter()
                .all(|f| f.value != 8505.11)
        );
        assert!(figures("rev. 2025/26").is_empty());
    }

    #[test]
    fn words_and_ordinals() {
        assert_eq!(word_number("seven"), Some(7.0));
        assert_eq!(word_number("twenty-five"), Some(25.0));
        assert_eq!(ordinal_number("third"), Some(3));
        assert_eq!(ordinal_number("2nd"), Some(2));
    }
}
