//! tradewatch's claim checker: read an article, find every checkable trade claim, work out what
//! it asserts, and judge it against the facts — `supported`, `rounding`, `contradicted` or
//! `unverifiable`, with the evidence.
//!
//! Precision first: a claim whose subject or period cannot be resolved is `unverifiable` with
//! the reason, never guessed; a number in an ad, a comment or a reference list is not a claim.
//! The verdicts read facts (the same facts briefs print); nothing is recomputed here.

pub mod claims;
pub mod context;
pub mod judge;
pub mod number;
pub mod text;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

pub use judge::{FactSource, Report, Verdict};

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?P<iso>(?:19|20)\d\d-\d\d-\d\d)|(?P<m1>january|february|march|april|may|june|july|august|september|october|november|december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)\s+(?P<d1>\d{1,2}),?\s+(?P<y1>(?:19|20)\d\d)|(?P<d2>\d{1,2})\s+(?P<m2>january|february|march|april|may|june|july|august|september|october|november|december)\s+(?P<y2>(?:19|20)\d\d))\b")
        .expect("date pattern")
});

/// The publication date an article shows: the first full date in its opening 2,000 characters.
pub fn published_in(text: &str) -> Option<NaiveDate> {
    let head: String = text.chars().take(2000).collect();
    let c = DATE.captures(&head)?;
    if let Some(iso) = c.name("iso") {
        return NaiveDate::parse_from_str(iso.as_str(), "%Y-%m-%d").ok();
    }
    let (m, d, y) = match (c.name("m1"), c.name("m2")) {
        (Some(m), _) => (m, c.name("d1")?, c.name("y1")?),
        (None, Some(m)) => (m, c.name("d2")?, c.name("y2")?),
        _ => return None,
    };
    let month = context::months(&format!(
        "{} 1",
        tradewatch_model::display::capitalise(m.as_str())
    ))
    .first()?
    .month;
    NaiveDate::from_ymd_opt(y.as_str().parse().ok()?, month, d.as_str().parse().ok()?)
}

/// Reads an article and judges every claim in it. `published` overrides the date found in the
/// text.
pub fn verify(input: &str, published: Option<NaiveDate>, source: &dyn FactSource) -> Report {
    let doc = text::Document::read(input);
    let published = published.or_else(|| published_in(&doc.text));
    let claims = claims::extract(&doc, published);
    judge::judge(&doc, &claims, published, source)
}
