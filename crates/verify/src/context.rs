//! What a sentence is about: reporter, partner, flow, basket and period, taken from the sentence
//! and carried through the article ("China's exports of rare earth magnets …" keeps its subject
//! for "shipments to the U.S. …"; "in September" sets the period for what follows).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use tradewatch_model::{Flow, Month, Period};

/// Month names and abbreviations as written.
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?P<y0>(?:19|20)\d\d)\s+)?(?P<m>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:tember|t\.|t|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?)?(?:\s+(?P<y>(?:19|20)\d\d))?\b")
        .expect("month pattern")
});

/// A month named in text: its number, the year if written, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRef {
    pub month: u32,
    pub year: Option<i32>,
    pub day: Option<u32>,
    pub start: usize,
    pub end: usize,
}

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let key: String = n.chars().take(3).collect();
    let m = match key.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    // "May" the month and "may" the verb: only the capitalised word counts.
    if key == "may" && !name.starts_with('M') {
        return None;
    }
    // "Mar"/"Jun"/"Jul" abbreviations must be capitalised too ("march" the verb).
    if name.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    Some(m)
}

/// Every month named in `text`.
pub fn months(text: &str) -> Vec<MonthRef> {
    MONTH
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let m = month_number(c.name("m")?.as_str())?;
            Some(MonthRef {
                month: m,
                year: c
                    .name("y")
                    .or(c.name("y0"))
                    .and_then(|y| y.as_str().parse().ok()),
                day: c.name("d").and_then(|d| d.as_str().parse().ok()),
                start: all.start(),
                end: all.end(),
            })
        })
        .collect()
}

/// The month a reference means: its year as written, else the latest such month not after the
/// publication month (a story of October 20 about "September" means September of that year).
pub fn resolve(r: &MonthRef, published: Option<NaiveDate>) -> Option<Month> {
    let year = match r.year {
        Some(y) => y,
        None => {
            let p = published?;
            if r.month <= p.month() {
                p.year()
            } else {
                p.year() - 1
            }
        }
    };
    Month::new(year, r.month).ok()
}

/// Countries as stories name them, with demonyms and abbreviations.
const COUNTRIES: [(&str, &str); 30] = [
    (
        "USA",
        r"the united states|the u\.s\.|the us\b|u\.s\.|\bus\b|america\b|american",
    ),
    ("DEU", r"germany|german\b"),
    ("KOR", r"south korea|korea\b|korean"),
    ("VNM", r"vietnam|viet nam|vietnamese"),
    ("JPN", r"japan\b|japanese"),
    ("IND", r"india\b|indian\b"),
    ("MEX", r"mexico|mexican"),
    ("NLD", r"the netherlands|netherlands|dutch"),
    ("FRA", r"france|french\b"),
    ("ITA", r"italy|italian"),
    ("THA", r"thailand|thai\b"),
    ("POL", r"poland|polish\b"),
    ("BRA", r"brazil"),
    ("CAN", r"canada|canadian"),
    ("GBR", r"britain|the uk\b|united kingdom|british"),
    ("RUS", r"russia\b|russian"),
    ("TWN", r"taiwan"),
    ("MYS", r"malaysia"),
    ("IDN", r"indonesia"),
    ("PHL", r"philippines"),
    ("TUR", r"turkey|türkiye"),
    ("ESP", r"spain|spanish"),
    ("BEL", r"belgium"),
    ("AUS", r"australia"),
    ("SGP", r"singapore"),
    ("HKG", r"hong kong"),
    ("MMR", r"myanmar"),
    ("EUN", r"the european union|european union|the eu\b|\beu\b"),
    ("X_EUROPE", r"\beurope\b"),
    (
        "WLD",
        r"worldwide|to the world\b|all destinations|\b(?:total|overall|global|combined|worldwide)\s+(?:exports|shipments|imports|sales|volumes?|outbound shipments)|\bin total\b|\bexports in all\b",
    ),
];

static COUNTRY: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    COUNTRIES
        .iter()
        .map(|(code, pat)| {
            (
                *code,
                Regex::new(&format!(r"(?i)(?:{pat})")).expect("country pattern"),
            )
        })
        .collect()
});

/// Countries named in `text`, with where.
pub fn countries(text: &str) -> Vec<(&'static str, usize, usize)> {
    let mut out: Vec<(&'static str, usize, usize)> = Vec::new();
    for (code, re) in COUNTRY.iter() {
        for m in re.find_iter(text) {
            // "US dollar" is a currency, not a partner.
            let after = text[m.end()..].trim_start().to_lowercase();
            if *code == "USA" && (after.starts_with("dollar") || after.starts_with("cent")) {
                continue;
            }
            if !out.iter().any(|(_, s, e)| m.start() < *e && *s < m.end()) {
                out.push((code, m.start(), m.end()));
            }
        }
    }
    out.sort_by_key(|c| c.1);
    out
}

/// Commodity phrases → basket ids, the most specific first.
const BASKETS: [(&str, &str); 13] = [
    ("graphite-spherical", r"spherical graphite|spherical"),
    ("graphite-flake", r"flake graphite"),
    ("antimony-oxide", r"antimony oxide|antimony trioxide"),
    ("antimony-metal", r"antimony metal|antimony ingots?"),
    (
        "rare-earth-magnets",
        r"rare[- ]earth (?:permanent )?magnets?|magnets?",
    ),
    ("permanent-magnets", r"permanent magnets?"),
    (
        "rare-earths",
        r"rare[- ]earths?|rare earth elements|rare-earth elements",
    ),
    ("gallium", r"gallium"),
    ("germanium", r"germanium"),
    ("antimony", r"antimony"),
    ("graphite", r"graphite"),
    ("dysprosium", r"dysprosium"),
    ("terbium", r"terbium"),
];

static BASKET: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    BASKETS
        .iter()
        .map(|(id, pat)| {
            (
                *id,
                Regex::new(&format!(r"(?i)\b(?:{pat})")).expect("basket"),
            )
        })
        .collect()
});

/// The basket a text names first (the most specific phrase at the earliest place).
pub fn basket(text: &str) -> Option<&'static str> {
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (rank, (id, re)) in BASKET.iter().enumerate() {
        if let Some(m) = re.find(text) {
            let key = (m.start(), rank);
            if best.is_none_or(|(s, r, _)| key < (s, r)) {
                best = Some((m.start(), rank, id));
            }
        }
    }
    best.map(|(_, _, id)| id)
}

/// The subject carried through an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub reporter: Option<String>,
    pub partner: Option<String>,
    pub flow: Option<Flow>,
    pub basket: Option<String>,
    pub period: Option<Period>,
}

static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:that|it|this|these|those|they|which|the (?:decline|drop|fall|rise|increase|gain|figure|figures|data|customs data|numbers|volume|shipments|total|slide|jump|rebound|recovery|downturn|level)\b)")
        .expect("anaphor")
});

static OWN_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:china(?:'s|’s)?|chinese|our country(?:'s)?)\s+(?:\w+\s+){0,4}(?:exports?|shipments?|imports?)\b|\b(?:exports?|shipments?) (?:of \w+(?: \w+){0,3} )?from china\b")
        .expect("own subject")
});

static BASKET_TRADED: LazyLock<Regex> = LazyLock::new(|| {
    let any = BASKETS
        .iter()
        .map(|(_, p)| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"(?i)(?:exports?|shipments|imports?|sales|outbound)\s+of\s+(?:(?:refined|processed|natural|chinese|crude)\s+)?(?:{any})|(?:{any})\s+(?:exports?|shipments|imports?|sales)\b"
    ))
    .expect("basket traded")
});

static RARE_EARTHS_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)rare[- ]earths\b|rare[- ]earth (?:elements|oxides?|metals?|compounds)")
        .expect("rare earths")
});

static EXPORTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(export|exports|exported|shipments?|shipped|outbound|sales abroad|sold abroad|overseas sales)\b").expect("exports")
});
static IMPORTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(import|imports|imported|inbound|purchases)\b").expect("imports")
});
static IMPORTS_OF_CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b((?:the\s+)?[a-z.]+(?:\s+[a-z.]+)?)\s+imports\s+of\s+(?:\w+\s+){0,2}?chinese\b",
    )
    .expect("imports of chinese")
});
static CHINA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(china|chinese|beijing|our country)\b").expect("china"));
static DESTINATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:to|for|bound for|destined for|into|went to|toward|towards)\s+(?:the\s+)?$",
    )
    .expect("destination")
});

impl Context {
    /// Updates the context from a sentence and returns the partner the sentence itself names
    /// (a destination, or the world total), if any.
    pub fn update(&mut self, sentence: &str) {
        // The basket changes only when the sentence names it as what is traded ("exports of
        // antimony", "gallium shipments"), not in passing ("rare earths added to the list").
        // Also a commodity that opens the sentence as its subject ("Spherical graphite, the
        // processed form, fell 92.2%").
        let opens = |b: &str| {
            BASKET
                .iter()
                .find(|(id, _)| *id == b)
                .and_then(|(_, re)| re.find(sentence))
                .is_some_and(|m| m.start() < 3)
        };
        let traded = basket(sentence)
            .filter(|b| self.basket.is_none() || BASKET_TRADED.is_match(sentence) || opens(b));
        if let Some(b) = traded {
            // "rare earth export permits" in a story about magnets is not a change of subject:
            // the broader basket takes over only when named as a noun ("rare earths").
            let downgrade = self.basket.as_deref() == Some("rare-earth-magnets")
                && b == "rare-earths"
                && !RARE_EARTHS_NOUN.is_match(sentence);
            if !downgrade {
                self.basket = Some(b.to_string());
            }
        }
        let china = CHINA.is_match(sentence);
        // "US imports of Chinese magnets": China's exports, seen from the other side.
        if let Some(c) = IMPORTS_OF_CHINESE.captures(sentence)
            && let Some(w) = c.get(1)
            && let Some((code, _, _)) = countries(w.as_str()).into_iter().next()
        {
            self.reporter = Some("CHN".to_string());
            self.flow = Some(Flow::Export);
            self.partner = Some(code.to_string());
            return;
        }
        // "India's imports of permanent magnets": another reporter, importing.
        if IMPORTS.is_match(sentence) {
            for (code, _, e) in countries(sentence) {
                let after = sentence[e..].to_lowercase();
                if code != "WLD"
                    && (after.starts_with("'s") || after.starts_with("’s"))
                    && after
                        .chars()
                        .take(48)
                        .collect::<String>()
                        .contains("import")
                {
                    self.reporter = Some(code.to_string());
                    self.flow = Some(Flow::Import);
                    return self.update_partner(sentence);
                }
            }
        }
        if china && self.reporter.is_none() {
            self.reporter = Some("CHN".to_string());
        }
        // The trade the sentence is about is the first one it names ("Imports fell …, as
        // shipments from Myanmar …").
        let exports_first = EXPORTS
            .find(sentence)
            .is_some_and(|e| IMPORTS.find(sentence).is_none_or(|i| e.start() < i.start()));
        if exports_first && (china || self.reporter.is_none()) {
            if china {
                self.reporter = Some("CHN".to_string());
            }
            self.flow = Some(Flow::Export);
        } else if let Some(i) = IMPORTS.find(sentence)
            && EXPORTS.find(sentence).is_none_or(|e| i.start() < e.start())
        {
            if china {
                self.reporter = Some("CHN".to_string());
            }
            self.flow = Some(Flow::Import);
        }
        self.update_partner(sentence);
    }

    fn update_partner(&mut self, sentence: &str) {
        // The partner: named in the sentence; else carried only into a sentence that goes on
        // about the same figures ("That was …", "The decline …"); else the world total.
        // A sentence with a new subject of its own ("China's exports …", or a figure of its
        // own) and no destination is about the world total.
        if let Some(p) = partner_of(sentence) {
            self.partner = Some(p.to_string());
        } else if !ANAPHOR.is_match(sentence)
            && (OWN_SUBJECT.is_match(sentence)
                || crate::number::figures(sentence).iter().any(|f| {
                    f.unit != crate::number::Unit::Bare && f.unit != crate::number::Unit::Pct
                }))
        {
            self.partner = Some("WLD".to_string());
        }
    }
}

/// True when a sentence goes on about the figures before it ("That was …", "They came to …").
pub fn refers_back(sentence: &str) -> bool {
    ANAPHOR.is_match(sentence)
}

/// The partner a sentence names: a country after "to"/"for", a possessive destination
/// ("Germany's purchases"), or the world total ("total exports").
pub fn partner_of(sentence: &str) -> Option<&'static str> {
    let found = countries(sentence);
    // A sentence that starts with a country as its subject ("Germany took 1,288 tonnes, with
    // the rest going to Russia").
    if let Some((code, s, _)) = found.first()
        && *s < 4
        && *code != "USA"
        && *code != "WLD"
    {
        return Some(code);
    }
    for (code, s, _) in &found {
        if *code == "WLD" {
            continue;
        }
        let before = &sentence[..*s];
        if DESTINATION.is_match(before) {
            return Some(code);
        }
    }
    for (code, s, e) in &found {
        if *code == "WLD" {
            continue;
        }
        let after = &sentence[*e..];
        let lead = sentence[..*s].to_lowercase();
        if after.starts_with("'s") || after.starts_with("’s") || after.starts_with("-bound") {
            return Some(code);
        }
        if lead.trim_end().ends_with("shipments to") || lead.trim_end().ends_with("exports to") {
            return Some(code);
        }
    }
    if found.iter().any(|(c, _, _)| *c == "WLD") {
        return Some("WLD");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_resolve_against_the_publication_date() {
        let published = NaiveDate::from_ymd_opt(2025, 10, 20);
        let m = months("fell in September from August, the lowest since February 2020");
        let resolved: Vec<String> = m
            .iter()
            .filter_map(|r| resolve(r, published))
            .map(|m| m.to_string())
            .collect();
        assert_eq!(resolved, ["2025-09", "2025-08", "2020-02"]);
        assert!(months("prices may rise").is_empty(), "the verb");
        let d = months("on Oct. 9 Beijing");
        assert_eq!((d[0].month, d[0].day), (10, Some(9)));
    }

    #[test]
    fn subjects_carry_through_the_article() {
        let mut c = Context::default();
        c.update("China’s exports of rare earth magnets to the United States fell in September.");
        assert_eq!(
            (
                c.reporter.as_deref(),
                c.partner.as_deref(),
                c.basket.as_deref()
            ),
            (Some("CHN"), Some("USA"), Some("rare-earth-magnets"))
        );
        c.update("Shipments to the U.S. declined 28.7% from August to 420.5 tonnes.");
        assert_eq!(c.partner.as_deref(), Some("USA"));
        c.update("Total exports fell 6.1%.");
        assert_eq!(c.partner.as_deref(), Some("WLD"));
        c.update("Germany's purchases rose.");
        assert_eq!(c.partner.as_deref(), Some("DEU"));
    }
}
