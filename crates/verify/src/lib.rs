//! tradewatch's claim checker: read an article, find every checkable trade claim, work out what
//! it asserts, and judge it against the facts — `supported`, `rounding`, `contradicted` or
//! `unverifiable`, with the evidence.
//!
//! Precision first: a claim whose subject or period cannot be resolved is `unverifiable` with
//! the reason, never guessed; a number in an ad, a comment or a reference list is not a claim.
//! The verdicts read facts (the same facts briefs print); nothing is recomputed here.

pub mod number;
pub mod text;
