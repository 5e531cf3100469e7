//! tradewatch's claim checker: read an article, find every checkable trade claim, work out what
//! it asserts, and judge it against the facts — `supported`, `rounding`, `contradicted` or
//! `unverifiable`, with the evidence.
//!
//! The reader is built from parts: [`text`] turns HTML or plain text into the story's lines
//! (a WHATWG tokenizer for HTML; every byte mapped back to the input), [`token`] reads lines
//! into typed tokens with byte spans, [`vocab`] holds the words as data (partners from the
//! country table, commodities from the basket files), [`rules`] is the table of claim
//! patterns, [`read`] resolves each claim's subject, and [`judge`] checks it against the facts
//! a [`FactSource`] gives. Precision first: a claim whose subject or period cannot be resolved
//! is `unverifiable` with the reason, never guessed; a number in an ad, a comment or a
//! reference list is not a claim.
//!
//! ```
//! let doc = tradewatch_verify::text::Document::read(
//!     "China's exports of rare earth magnets to the US fell 28.7% in September to 420.5 tonnes.",
//! );
//! let published = chrono::NaiveDate::from_ymd_opt(2025, 10, 20);
//! let claims = tradewatch_verify::read::extract(&doc, published);
//! assert_eq!(claims.len(), 2);
//! assert_eq!(claims[0].kind, tradewatch_verify::claims::Kind::ChangeMom);
//! assert_eq!(claims[1].subject.partner.as_ref().map(|p| p.code()), Some("USA"));
//! ```

pub mod claims;
pub mod fixture;
pub mod judge;
pub mod number;
pub mod read;
pub(crate) mod rules;
pub mod source;
pub mod text;
pub mod token;
pub mod vocab;

use chrono::NaiveDate;

pub use judge::{Report, Verdict};
pub use source::{BoxFuture, FactSource, Facts, Holdings, SourceError};

use crate::token::Tok;

/// The publication date an article shows: the first full date (day, month and year) in its
/// opening 2,000 characters.
pub fn published_in(text: &str) -> Option<NaiveDate> {
    let head: String = text.chars().take(2000).collect();
    tokenize_dates(&head)
}

fn tokenize_dates(text: &str) -> Option<NaiveDate> {
    let toks = token::tokenize(text);
    for (k, t) in toks.iter().enumerate() {
        if let Tok::Month(m) = &t.tok {
            if let (Some(d), Some(y)) = (m.day, m.year) {
                return NaiveDate::from_ymd_opt(y, m.month, d);
            }
            // "9 October 2025": the day before the month.
            if let (Some(y), None) = (m.year, m.day)
                && k > 0
                && let Tok::Word(w) = &toks[k - 1].tok
                && let Ok(d) = w.parse::<u32>()
            {
                return NaiveDate::from_ymd_opt(y, m.month, d);
            }
        }
    }
    None
}

/// An article read: its visible text and the claims found in it, before judging.
#[derive(Debug, Clone)]
pub struct Article {
    pub doc: text::Document,
    pub published: Option<NaiveDate>,
    pub claims: Vec<claims::Claim>,
    /// The subjects the article names, which the judge may ask the data about.
    pub named: claims::Named,
}

/// Reads an article: `published` overrides the date found in the text (it places months
/// written without a year).
pub fn read(input: &str, published: Option<NaiveDate>) -> Article {
    let doc = text::Document::read(input);
    let published = published.or_else(|| published_in(&doc.text));
    let (claims, named) = read::extract_named(&doc, published);
    Article {
        doc,
        published,
        claims,
        named,
    }
}

impl Article {
    /// Judges every claim against the facts.
    pub async fn judge(&self, source: &dyn FactSource) -> Result<Report, SourceError> {
        judge::judge(&self.doc, &self.claims, &self.named, self.published, source).await
    }
}

/// Reads an article and judges every claim in it. `published` overrides the date found in
/// the text.
pub async fn verify(
    input: &str,
    published: Option<NaiveDate>,
    source: &dyn FactSource,
) -> Result<Report, SourceError> {
    read(input, published).judge(source).await
}
