//! The tokenizer: text → typed tokens with byte spans into that text.
//!
//! Two steps. [`lex`] cuts the text into pieces — words, numbers (digits with their
//! separators), single symbols, line breaks — remembering whether a space came before each.
//! [`tokenize`] then reads the pieces into typed tokens: a figure with its unit ("420.5
//! tonnes", "US$68.6mn", "−6.1%", "forty-six tonnes"), a month or date with an optional year
//! ("Sept. 2025", "Oct-25", "7 Nov"), a span of months ("Jan–Sep", "1Q26", "first half"), a
//! year, a partner, a commodity, a direction word, a hedge, an ordinal, a cue word, a
//! bullet, punctuation. Nothing is ever sliced out of a lowercased copy: every span is a byte
//! range of the text as given.

use crate::claims::Dir;
use crate::number::{Figure, Qualifier, Unit, parse_digits, precision_of};
use crate::vocab::{Cue, Currency, Meaning, vocab};
use tradewatch_model::Flow;

/// What a piece of text is, before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    Word,
    Num,
    Sym(char),
    Break,
}

/// A piece of text: a byte range and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: PieceKind,
    /// Whitespace (or the start of the text) came before it.
    pub(crate) space_before: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Cuts text into pieces. A possessive "'s" is a piece of its own ("China" "'s").
pub(crate) fn lex(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    let mut space = true;
    while k < chars.len() {
        let (at, c) = chars[k];
        if c == '\n' {
            out.push(Piece {
                start: at,
                end: at + 1,
                kind: PieceKind::Break,
                space_before: true,
            });
            space = true;
            k += 1;
            continue;
        }
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            space = true;
            k += 1;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = k + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphabetic() {
                    j += 1;
                } else if is_apostrophe(d)
                    && chars.get(j + 1).is_some_and(|(_, e)| e.is_alphabetic())
                {
                    j += 2;
                } else if is_combining(d) {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |(e, _)| *e);
            let word = &text[at..end];
            // "China's" → "China" "'s".
            let possessive = ["'s", "’s", "'S", "’S"]
                .iter()
                .find(|s| word.len() > s.len() + 1 && word.ends_with(**s));
            match possessive {
                Some(s) => {
                    let cut = end - s.len();
                    out.push(Piece {
                        start: at,
                        end: cut,
                        kind: PieceKind::Word,
                        space_before: space,
                    });
                    out.push(Piece {
                        start: cut,
                        end,
                        kind: PieceKind::Word,
                        space_before: false,
                    });
                }
                None => out.push(Piece {
                    start: at,
                    end,
                    kind: PieceKind::Word,
                    space_before: space,
                }),
            }
            space = false;
            k = j;
            continue;
        }
        // A time of day ("[08:02]", "00:45", "14:30:05") is a word, not two figures: chat
        // logs, timestamps of a video or a transcript put one before what is said.
        if c.is_ascii_digit()
            && let Some(j) = clock_end(&chars, k)
        {
            let end = chars.get(j).map_or(text.len(), |(e, _)| *e);
            out.push(Piece {
                start: at,
                end,
                kind: PieceKind::Word,
                space_before: space,
            });
            space = false;
            k = j;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = k + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_ascii_digit() {
                    j += 1;
                } else if j - k <= 3
                    // Not the end of something else: "Mar-26 406t", "3/4 100 t".
                    && k.checked_sub(1).is_none_or(|b| {
                        let b = chars[b].1;
                        !(b.is_alphanumeric() || matches!(b, '-' | '/' | '.' | ',' | ':'))
                    })
                    && let Some(end) = spaced_thousands(&chars, j)
                {
                    // "5 473 t", "45 290 t", "4 343,5 t": thousands set apart by spaces.
                    j = end;
                } else if matches!(d, ',' | '.')
                    && chars.get(j + 1).is_some_and(|(_, e)| e.is_ascii_digit())
                {
                    j += 2;
                } else if is_group_apostrophe(d)
                    && (1..=3).all(|x| chars.get(j + x).is_some_and(|(_, e)| e.is_ascii_digit()))
                    && !chars.get(j + 4).is_some_and(|(_, e)| e.is_ascii_digit())
                    && chars[k..j]
                        .iter()
                        .rev()
                        .take_while(|(_, e)| e.is_ascii_digit())
                        .count()
                        <= 3
                {
                    // "57'392 tonnes", "1'341": Swiss thousands.
                    j += 4;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |(e, _)| *e);
            out.push(Piece {
                start: at,
                end,
                kind: PieceKind::Num,
                space_before: space,
            });
            space = false;
            k = j;
            continue;
        }
        out.push(Piece {
            start: at,
            end: at + c.len_utf8(),
            kind: PieceKind::Sym(c),
            space_before: space,
        });
        space = false;
        k += 1;
    }
    out
}

/// An apostrophe that sets thousands apart, as Swiss writing does ("57'392").
pub(crate) fn is_group_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// A space that may set thousands apart: a space, a no-break or a thin one.
pub(crate) fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Where groups of three digits set apart by spaces, starting at `j` ("5| 473 t"), end, if
/// they end in a quantity: a percent sign or a unit of mass after them, or decimals after a
/// comma and then one. Only then: "in 2025 5 473 t" has a year first, "ranks 1 2 3" no unit.
fn spaced_thousands(chars: &[(usize, char)], mut j: usize) -> Option<usize> {
    let digit = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_ascii_digit());
    let mut groups = 0;
    while chars.get(j).is_some_and(|(_, c)| is_group_space(*c))
        && (1..=3).all(|d| digit(j + d))
        && !digit(j + 4)
    {
        j += 4;
        groups += 1;
    }
    if groups == 0 {
        return None;
    }
    let end = j;
    // Decimals after a comma: "4 343,5 t".
    if chars.get(j).is_some_and(|(_, c)| *c == ',') && digit(j + 1) {
        j += 1;
        while digit(j) {
            j += 1;
        }
    }
    while chars.get(j).is_some_and(|(_, c)| c.is_whitespace()) {
        j += 1;
    }
    if chars.get(j).is_some_and(|(_, c)| *c == '%') {
        return Some(end);
    }
    let word: String = chars[j.min(chars.len())..]
        .iter()
        .map(|(_, c)| *c)
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    [
        "t",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "kg",
        "kt",
        "mt",
        "percent",
        "pourcent",
        "kilogrammes",
        "kilograms",
        "tonnen",
    ]
    .contains(&word.as_str())
    .then_some(end)
}

/// Where a time of day starting at `k` ends: one or two digits of hours (at most 23), a
/// colon, two digits of minutes (at most 59), optionally a colon and two of seconds, and no
/// digit, colon or decimal point after it.
fn clock_end(chars: &[(usize, char)], k: usize) -> Option<usize> {
    let digit = |i: usize| chars.get(i).and_then(|(_, c)| c.to_digit(10));
    let colon = |i: usize| chars.get(i).is_some_and(|(_, c)| *c == ':');
    let two = |i: usize, max: u32| Some(digit(i)? * 10 + digit(i + 1)?).filter(|v| *v <= max);
    let (hours, mut j) = match (digit(k), digit(k + 1)) {
        (Some(h), Some(l)) => (h * 10 + l, k + 2),
        (Some(h), None) => (h, k + 1),
        _ => return None,
    };
    if hours > 23 || !colon(j) {
        return None;
    }
    two(j + 1, 59)?;
    j += 3;
    if colon(j) && two(j + 1, 59).is_some() {
        j += 3;
    }
    let after = chars.get(j).map(|(_, c)| *c);
    if after.is_some_and(|c| c.is_ascii_digit() || c == ':')
        || (after == Some('.') && chars.get(j + 1).is_some_and(|(_, c)| c.is_ascii_digit()))
    {
        return None;
    }
    Some(j)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A month as written: its number, and the year and day when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRef {
    pub month: u32,
    pub year: Option<i32>,
    pub day: Option<u32>,
}

/// A day said against the day of writing, as relative dates give it. Never a data period:
/// only event dates are said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRef {
    /// `days` and `years` before the day of writing: "yesterday", "eleven days ago", "a year
    /// ago yesterday", "two years ago today".
    Ago { days: u32, years: u32 },
    /// A weekday (0 is Monday), the nearest such day to the day of writing: "on Sunday",
    /// "last Thursday".
    Weekday(u32),
    /// A day of a month: `back` months before the month of writing ("the 9th of last month"
    /// is 1, "the ninth of this month" 0), or the month the story is in ("on the 12th").
    OfMonth { day: u32, back: Option<u32> },
    /// A day and month written with slashes ("07/11", "9/10", "04/04/2025"), day first
    /// unless the text writes a day past 12 second; `settled` when the text shows its order.
    Slashed {
        day: u32,
        month: u32,
        year: Option<i32>,
        settled: bool,
    },
}

/// Months of one year as written: "Jan–Sep", "January through May", "1Q26", "first half".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanRef {
    pub first: u32,
    pub last: u32,
    pub year: Option<i32>,
}

/// A typed token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A number with its unit.
    Figure(Figure),
    /// "half", "a third", "two-thirds": a fraction, in percent.
    Fraction(f64),
    Month(MonthRef),
    /// A day said against the day of writing: "yesterday", "on Sunday", "the 9th of last
    /// month".
    Day(DayRef),
    Span(SpanRef),
    Year(i32),
    Country(&'static str),
    Basket(&'static str),
    Dir(Dir),
    Flow(Flow),
    Hedge(Qualifier),
    Ordinal(u32),
    Cue(Cue),
    /// A possessive "'s".
    Possessive,
    /// Any other word, lower-cased.
    Word(String),
    Punct(char),
    /// A list bullet at the start of a line ("•", "-", "*", "1.").
    Bullet,
    /// The end of a line.
    Break,
}

/// A typed token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub tok: Tok,
    /// The first token of its line.
    pub line_start: bool,
    /// Written in capitals ("US", "May").
    pub capital: bool,
}

impl Token {
    pub fn is_word(&self, w: &str) -> bool {
        matches!(&self.tok, Tok::Word(x) if x == w)
    }

    pub fn is_cue(&self, c: Cue) -> bool {
        self.tok == Tok::Cue(c)
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }

    pub fn figure(&self) -> Option<&Figure> {
        match &self.tok {
            Tok::Figure(f) => Some(f),
            _ => None,
        }
    }
}

/// Phrases the rules read as one token, joined after tokenizing: months from January ("the
/// first ten months (of 2024)", "seven-month exports", "the 10-month total") and two months
/// together ("January and February") as spans; ordinals in figures ("1st", "4th").
fn join_phrases(toks: Vec<Token>) -> Vec<Token> {
    // A whole bare number within bounds: "ten", "10", "4".
    let whole = |t: &Tok, lo: f64, hi: f64| match t {
        Tok::Figure(f)
            if f.unit == Unit::Bare
                && f.signed.is_none()
                && f.value.fract() == 0.0
                && (lo..=hi).contains(&f.value) =>
        {
            Some(f.value as u32)
        }
        _ => None,
    };
    let span = |first, last, year| Tok::Span(SpanRef { first, last, year });
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    let mut k = 0;
    while k < toks.len() {
        let tok = |j: usize| toks.get(j).map(|t| &t.tok);
        let glued = |j: usize| toks.get(j).is_some_and(|n| n.start == toks[j - 1].end);
        // A whole number from 1 to `hi` written in digits at `j`.
        let digits = |j: usize, hi: u32| match tok(j) {
            Some(t @ Tok::Figure(f)) if !f.words => whole(t, 1.0, f64::from(hi)),
            _ => None,
        };
        // Three months or more in a row written as a list from `j` ("May, June and July"):
        // where the list ends, and its last month.
        let month_list = |j: usize| -> Option<(usize, MonthRef)> {
            let Some(Tok::Month(first)) = tok(j) else {
                return None;
            };
            let (mut at, mut prev, mut n) = (j, *first, 1);
            loop {
                let comma = tok(at + 1) == Some(&Tok::Punct(','));
                let and = usize::from(
                    matches!(tok(at + 1 + usize::from(comma)), Some(Tok::Word(w)) if w == "and"),
                );
                let next = at + 1 + usize::from(comma) + and;
                match tok(next) {
                    Some(Tok::Month(m))
                        if (comma || and == 1)
                            && m.day.is_none()
                            && m.month == prev.month + 1
                            && (m.year.is_none() || and == 1) =>
                    {
                        at = next;
                        prev = *m;
                        n += 1;
                        if and == 1 {
                            return (n >= 3).then_some((at, prev));
                        }
                    }
                    _ => return None,
                }
            }
        };
        // "on the" before `j` ("on" is read as the cue of "up 5% on the year").
        let on_the = |j: usize| {
            j > 1
                && matches!(tok(j - 1), Some(Tok::Word(w)) if w == "the")
                && tok(j - 2) == Some(&Tok::Cue(Cue::Than))
        };
        // Whether the words at `j` go on with what an ordinal counts ("on the 9th largest
        // list", "on the second day"), so that it is no day of a month.
        let continues = |j: usize| match tok(j) {
            None | Some(Tok::Punct(_) | Tok::Break | Tok::Country(_)) => false,
            Some(Tok::Word(w)) => !DAY_FOLLOWERS.contains(&w.as_str()),
            Some(Tok::Cue(c)) => !matches!(c, Cue::Policy | Cue::After | Cue::Before),
            _ => true,
        };
        // A day of a month said by its ordinal (its tokens `first` to `last`): "the 9th of
        // last month", "the ninth of this month"; alone, after "on the", when `alone` may be
        // ("Geneva was on the 12th"): a day of the month the story is in.
        let ordinal_day = |day: u32, first: usize, last: usize, alone: bool| {
            if tok(last + 1) == Some(&Tok::Cue(Cue::Of))
                && let Some(Tok::Cue(c @ (Cue::ThisMonth | Cue::LastMonth))) = tok(last + 2)
            {
                let back = Some(u32::from(*c == Cue::LastMonth));
                return Some((last + 2, Tok::Day(DayRef::OfMonth { day, back })));
            }
            (alone && on_the(first) && !continues(last + 1))
                .then_some((last, Tok::Day(DayRef::OfMonth { day, back: None })))
        };
        // The phrase at `k`: the index of its last token, and what it is.
        let joined: Option<(usize, Tok)> = if tok(k) == Some(&Tok::Ordinal(1))
            && let Some(n) = tok(k + 1).and_then(|t| whole(t, 2.0, 12.0))
            && tok(k + 2) == Some(&Tok::Cue(Cue::MonthWord))
        {
            // "first N months [of YYYY]"
            Some(match (tok(k + 3), tok(k + 4)) {
                (Some(Tok::Cue(Cue::Of)), Some(Tok::Year(y))) => (k + 4, span(1, n, Some(*y))),
                _ => (k + 2, span(1, n, None)),
            })
        } else if let Some(n) = tok(k).and_then(|t| whole(t, 2.0, 12.0))
            && tok(k + 1) == Some(&Tok::Ordinal(1))
            && tok(k + 2) == Some(&Tok::Cue(Cue::MonthWord))
        {
            // "the ten first months [of YYYY]": French and Spanish word order, translated.
            Some(match (tok(k + 3), tok(k + 4)) {
                (Some(Tok::Cue(Cue::Of)), Some(Tok::Year(y))) => (k + 4, span(1, n, Some(*y))),
                _ => (k + 2, span(1, n, None)),
            })
        } else if let Some(n) = tok(k).and_then(|t| whole(t, 1.0, 31.0))
            && matches!(tok(k + 1), Some(Tok::Word(w)) if ["st", "nd", "rd", "th"].contains(&w.as_str()))
            && glued(k + 1)
        {
            // "7th November", "the 30th of October": a day of a month.
            let of = usize::from(matches!(tok(k + 2), Some(Tok::Cue(Cue::Of))));
            match tok(k + 2 + of) {
                Some(Tok::Month(m)) if m.day.is_none() => {
                    Some((k + 2 + of, Tok::Month(MonthRef { day: Some(n), ..*m })))
                }
                // "the 9th of last month", "on the 12th"; else "1st", "2nd", "4th".
                _ => ordinal_day(n, k, k + 1, true).or(Some((k + 1, Tok::Ordinal(n)))),
            }
        } else if let Some(n) = tok(k).and_then(|t| whole(t, 2.0, 12.0))
            && tok(k + 1) == Some(&Tok::Cue(Cue::MonthWord))
            && (matches!(tok(k + 2), Some(Tok::Cue(Cue::To)))
                || matches!(tok(k + 2), Some(Tok::Word(w)) if ["through", "ending", "thru"].contains(&w.as_str())))
            && let Some(Tok::Month(m)) = tok(k + 3)
            && m.day.is_none()
            && n <= m.month
        {
            // "the 10 months to October", "the three months through June": the months that
            // end with it.
            Some((k + 3, span(m.month + 1 - n, m.month, m.year)))
        } else if tok(k) == Some(&Tok::Cue(Cue::YearWord))
            && let fiscal = (k > 0
                && matches!(tok(k - 1), Some(Tok::Word(w)) if ["fiscal", "financial"].contains(&w.as_str())))
            // ("that ended in March 2024": a fiscal year's end with its words around it.)
            && let that =
                usize::from(fiscal && matches!(tok(k + 1), Some(Tok::Word(w)) if w == "that"))
            && (tok(k + 1 + that) == Some(&Tok::Cue(Cue::To))
                || fiscal
                    && matches!(tok(k + 1 + that), Some(Tok::Word(w)) if w == "ending" || w == "ended"))
            && let inn = usize::from(fiscal && tok(k + 2 + that) == Some(&Tok::Cue(Cue::In)))
            && let m_at = k + 2 + that + inn
            && let Some(Tok::Month(m)) = tok(m_at)
            && m.day.is_none()
            && (!fiscal || m.month < 12)
        {
            // "in the year to October": January to it; "the fiscal year to March 2025", "its
            // fiscal year ending March twenty twenty-five", "the financial year that ended in
            // March 2024": the twelve months that end with it.
            let first = if fiscal { m.month + 1 } else { 1 };
            match (m.year, tok(m_at + 1)) {
                (None, Some(Tok::Year(y))) => Some((m_at + 1, span(first, m.month, Some(*y)))),
                _ => Some((m_at, span(first, m.month, m.year))),
            }
        } else if let Some(last) = match tok(k) {
            Some(Tok::Cue(Cue::FirstHalf)) => Some(6),
            Some(Tok::Cue(Cue::Quarters(q))) => Some(q * 3),
            _ => None,
        } && let of = usize::from(tok(k + 1) == Some(&Tok::Cue(Cue::Of)))
            && let Some(Tok::Year(y)) = tok(k + 1 + of)
        {
            // "the first half of 2025", "first-quarter 2026", "Q1 of 2025": the months from
            // January of that year.
            Some((k + 1 + of, span(1, last, Some(*y))))
        } else if let Some(n) = tok(k).and_then(|t| whole(t, 2.0, 11.0))
            && tok(k + 1) == Some(&Tok::Cue(Cue::MonthWord))
            && tok(k + 2) == Some(&Tok::Cue(Cue::Of))
            && let Some(Tok::Year(y)) = tok(k + 3)
            && !(k > 0
                && matches!(tok(k - 1), Some(Tok::Word(w)) if ["last", "past", "final", "latest"].contains(&w.as_str())))
        {
            // "for nine months of 2025" (translated Russian: за девять месяцев): from January.
            Some((k + 3, span(1, n, Some(*y))))
        } else if let Some(Tok::Span(sp)) = tok(k)
            && sp.year.is_none()
            && let word = usize::from(matches!(tok(k + 1), Some(Tok::Word(w)) if w == "period"))
            && tok(k + 1 + word) == Some(&Tok::Cue(Cue::Of))
            && let Some(Tok::Year(y)) = tok(k + 2 + word)
        {
            // "the combined January-February period of 2026": the span in that year.
            Some((k + 2 + word, span(sp.first, sp.last, Some(*y))))
        } else if let Some(Tok::Month(m)) = tok(k)
            && m.year.is_none()
            && m.day.is_none()
            && let Some(Tok::Figure(f)) = tok(k + 1)
            && f.words
            && f.unit == Unit::Bare
            && (20.0..=39.0).contains(&f.value)
            && f.value.fract() == 0.0
            && toks[k + 1].start == toks[k].end + 1
            && !matches!(tok(k + 2), Some(Tok::Cue(Cue::MonthWord) | Tok::Figure(_)))
        {
            // "December twenty-three was nearly four thousand", "August twenty-four metal":
            // a month with its year said in two words, as speech does.
            Some((
                k + 1,
                Tok::Month(MonthRef {
                    year: Some(2000 + f.value as i32),
                    ..*m
                }),
            ))
        } else if let Some(Tok::Month(m)) = tok(k)
            && m.year.is_none()
            && let Some(Tok::Year(y)) = tok(k + 1)
            && toks[k + 1].start <= toks[k].end + 1
        {
            // "August twenty twenty-three": a month with its year said in words (a year in
            // digits is read with the month already).
            Some((
                k + 1,
                Tok::Month(MonthRef {
                    year: Some(*y),
                    ..*m
                }),
            ))
        } else if let Some(Tok::Month(a)) = tok(k)
            && a.day.is_none()
            && a.year.is_none()
            && let Some((end, last)) = month_list(k)
        {
            // "May, June and July", "August, September and October 2024": the months
            // together.
            Some((end, span(a.month, last.month, last.year)))
        } else if let Some(Tok::Month(a)) = tok(k)
            && a.day.is_none()
            && !(k > 0 && matches!(tok(k - 1), Some(Tok::Word(w)) if w == "between"))
            && (matches!(tok(k + 1), Some(Tok::Word(w)) if w == "and" || w == "plus")
                // "june + july together: 859 kg"
                || matches!(tok(k + 1), Some(Tok::Punct('+' | '&'))))
            && let Some(Tok::Month(b)) = tok(k + 2)
            && b.day.is_none()
            && (b.month == a.month + 1 && (a.year.is_none() || a.year == b.year)
                // "December and January together": across the year's end.
                || a.month == 12
                    && b.month == 1
                    && (a.year.is_none() || a.year.zip(b.year).is_some_and(|(x, y)| x + 1 == y)))
        {
            // "January and February (2024)", "march + april"
            Some((k + 2, span(a.month, b.month, b.year)))
        } else if let Some(Tok::Month(a)) = tok(k)
            && a.day.is_none()
            && a.year.is_none()
            && tok(k + 1) == Some(&Tok::Cue(Cue::To))
            && let Some(Tok::Month(b)) = tok(k + 2)
            && b.day.is_none()
            && b.month != a.month
            // "the June-to-August stretch", "the September to November period": months
            // named as one stretch (not "from July to September", which a change may span).
            && (k > 0 && matches!(tok(k - 1), Some(Tok::Word(w)) if w == "the")
                || matches!(tok(k + 3), Some(Tok::Word(w)) if ["stretch", "period", "window", "span", "quarter"].contains(&w.as_str())))
        {
            Some((k + 2, span(a.month, b.month, b.year)))
        } else if let Some(n) = tok(k).and_then(|t| whole(t, 2.0, 12.0))
            && tok(k + 1) == Some(&Tok::Cue(Cue::MonthWord))
            && toks.get(k + 1).is_some_and(|m| m.start == toks[k].end + 1)
            && (matches!(
                tok(k + 2),
                Some(Tok::Flow(_) | Tok::Cue(Cue::Total | Cue::Ytd))
            ) || matches!(tok(k + 2), Some(Tok::Word(w)) if ["tally", "figure", "period", "cumulative", "sum"].contains(&w.as_str()))
                || matches!(tok(k + 2), Some(Tok::Basket(_)))
                    && matches!(tok(k + 3), Some(Tok::Flow(_))))
        {
            // "seven-month exports", "10-month total", "the nine-month tally"
            Some((k + 1, span(1, n, None)))
        } else if matches!(tok(k), Some(Tok::Word(w)) if w == "that" || w == "same")
            && tok(k + 1) == Some(&Tok::Cue(Cue::YearWord))
            && !(k > 0 && matches!(tok(k - 1), Some(Tok::Month(_) | Tok::Cue(Cue::Since))))
            && !(k > 1
                && tok(k - 1) == Some(&Tok::Cue(Cue::Of))
                && matches!(tok(k - 2), Some(Tok::Month(_))))
        {
            // "38.6 kt of antimony products that year", "69,440 kg for the same year": the
            // year named last, whole (not "in March that year", "in December of that year": a
            // month of it).
            Some((k + 1, Tok::Cue(Cue::FullYear)))
        } else if matches!(tok(k), Some(Tok::Word(w)) if w == "the")
            && tok(k + 1) == Some(&Tok::Cue(Cue::YearWord))
            && k > 0
            && matches!(tok(k - 1), Some(Tok::Word(w))
                if ["ended", "closed", "finished", "ending", "closing", "finishing"].contains(&w.as_str()))
        {
            // "Germanium ended the year at roughly 29.4 tonnes": the year's total.
            Some((k + 1, Tok::Cue(Cue::FullYear)))
        } else if matches!(tok(k), Some(Tok::Word(w)) if w == "the")
            && k > 0
            && (matches!(tok(k - 1), Some(Tok::Cue(Cue::In)))
                || matches!(tok(k - 1), Some(Tok::Word(w))
                    if ["over", "during", "across", "through", "throughout"].contains(&w.as_str())))
            && let Some(n) = match tok(k + 1) {
                Some(Tok::Word(w)) if w == "quarter" => Some(3),
                Some(Tok::Fraction(f))
                    if *f == 50.0 && toks[k + 1].end - toks[k + 1].start == 4 =>
                {
                    Some(6)
                }
                _ => None,
            }
            && !matches!(tok(k + 2), Some(Tok::Cue(Cue::Of)))
        {
            // "16,001 tonnes in the quarter", "about 30 tonnes for the half": the quarter or
            // half holding the story's month (not "in the half of it": a fraction).
            Some((k + 1, Tok::Cue(Cue::ThisSpan(n))))
        } else if let Some((value, unit_at)) = match (tok(k), tok(k + 1)) {
            // ("not a single kilogram": none at all.)
            (Some(Tok::Word(a)), _) if a == "single" => {
                let none = (1..=2).any(|d| {
                    k >= d
                        && matches!(tok(k - d), Some(Tok::Word(w)) if ["not", "nor", "without"].contains(&w.as_str()))
                });
                Some((if none { 0.0 } else { 1.0 }, k + 1))
            }
            (Some(Tok::Word(a)), Some(Tok::Word(b))) if a == "half" && b == "a" => {
                Some((0.5, k + 2))
            }
            _ => None,
        } && let Some(unit) = match tok(unit_at) {
            Some(Tok::Word(u)) if ["tonne", "ton", "metric ton"].contains(&u.as_str()) => {
                Some(Unit::Tonnes)
            }
            Some(Tok::Word(u)) if ["kilogram", "kilo", "kg"].contains(&u.as_str()) => {
                Some(Unit::Kg)
            }
            _ => None,
        } {
            // "a single kilogram", "half a tonne": an amount in words with no number.
            Some((
                unit_at,
                Tok::Figure(Figure {
                    value,
                    precision: if value == 0.0 { 1.0 } else { value },
                    unit,
                    signed: None,
                    words: true,
                }),
            ))
        } else if tok(k) == Some(&Tok::Cue(Cue::Ytd))
            && let Some(Tok::Month(m)) = tok(k + 1)
            && m.day.is_none()
            && m.month > 1
        {
            // "YTD May-25: 19,132 t", "y/y YTD Jul: -15.0%": the months from January to it.
            Some((k + 1, span(1, m.month, m.year)))
        } else if tok(k) == Some(&Tok::Cue(Cue::Since))
            && k > 0
            && tok(k - 1) == Some(&Tok::Cue(Cue::Total))
            && matches!(tok(k + 1), Some(Tok::Month(m)) if m.month == 1 && m.day.is_none() && m.year.is_none())
        {
            // "bringing the total since January to 44,355 tonnes": the year to date (not
            // "the highest since January", a record).
            Some((k + 1, Tok::Cue(Cue::Ytd)))
        } else if matches!(tok(k + 2), Some(Tok::Cue(Cue::MonthWord)) | Some(Tok::Figure(_)))
            && matches!(tok(k), Some(Tok::Word(w)) if ["the", "those", "these"].contains(&w.as_str()))
            // ("over the same three months" after the months were named: those months; not
            // "the same three months of 2024" or "… last year", a year before them.)
            && let same = usize::from(matches!(tok(k + 1), Some(Tok::Word(w)) if w == "same"))
            && let Some(n) = tok(k + 1 + same).and_then(|t| whole(t, 2.0, 12.0))
            && tok(k + 2 + same) == Some(&Tok::Cue(Cue::MonthWord))
            && !(same == 1
                && matches!(
                    tok(k + 3 + same),
                    Some(Tok::Year(_) | Tok::Cue(Cue::LastYear | Cue::YearEarlier | Cue::Yoy | Cue::In))
                ))
            // (Not months of their own, "the 10 months to October", "the nine months of
            // 2025"; nor a total named by its months, "the seven-month total"; nor months
            // before an act, "the two months before the rules".)
            && match tok(k + 3 + same) {
                None => true,
                // ("taking the two months to 8.2 tonnes": the months a figure brings to it.)
                Some(Tok::Cue(Cue::To)) => matches!(tok(k + 4 + same), Some(Tok::Figure(f)) if f.unit != Unit::Bare)
                    || matches!(tok(k + 4 + same), Some(Tok::Hedge(_)))
                        && matches!(tok(k + 5 + same), Some(Tok::Figure(f)) if f.unit != Unit::Bare),
                Some(Tok::Cue(c)) => !matches!(
                    c,
                    Cue::To | Cue::Of | Cue::Total | Cue::Ytd | Cue::Before | Cue::After | Cue::Since
                ),
                Some(Tok::Word(w)) => ![
                    "through", "ending", "thru", "from", "since", "tally", "figure", "period",
                    "cumulative", "sum", "stretch", "run", "window",
                ]
                .contains(&w.as_str()),
                Some(Tok::Flow(_) | Tok::Basket(_)) => false,
                _ => true,
            }
        {
            // "across the two months", "in those three months": months the story named.
            Some((k + 2 + same, Tok::Cue(Cue::TheseMonths(n))))
        } else if matches!(tok(k), Some(Tok::Word(w)) if ["last", "final", "closing"].contains(&w.as_str()))
            && k > 0
            && matches!(tok(k - 1), Some(Tok::Word(w)) if w == "the")
            // (Not a run: "fell in each of the last two months of the year".)
            && !(k > 2 && matches!(tok(k - 3), Some(Tok::Cue(Cue::Per))))
            && let Some(n) = tok(k + 1).and_then(|t| whole(t, 2.0, 11.0))
            && tok(k + 2) == Some(&Tok::Cue(Cue::MonthWord))
            && tok(k + 3) == Some(&Tok::Cue(Cue::Of))
            && let Some((end, year)) = match (tok(k + 4), tok(k + 5)) {
                (Some(Tok::Year(y)), _) => Some((k + 4, Some(*y))),
                (Some(Tok::Word(w)), Some(Tok::Cue(Cue::YearWord))) if w == "the" => Some((k + 5, None)),
                _ => None,
            }
        {
            // "the last two months of the year", "the final three months of 2024": the
            // months to December.
            Some((end, span(13 - n, 12, year)))
        } else if matches!(tok(k), Some(Tok::Word(w)) if ["the", "those", "that"].contains(&w.as_str()))
            && matches!(tok(k + 1), Some(Tok::Word(w)) if w == "pair")
            && k > 0
            && (matches!(
                tok(k - 1),
                Some(Tok::Cue(Cue::In) | Tok::Hedge(Qualifier::MoreThan))
            ) || matches!(tok(k - 1), Some(Tok::Word(w)) if w == "across"))
        {
            // "for 13,134 tonnes over the pair": the two months named.
            Some((k + 1, Tok::Cue(Cue::TheseMonths(2))))
        } else if k > 0
            // ("taking" is read as a share's verb.)
            && (matches!(tok(k - 1), Some(Tok::Word(w)) if ["bringing", "lifting", "pushing", "putting", "brings", "lifts", "brought", "lifted"].contains(&w.as_str()))
                || tok(k - 1) == Some(&Tok::Cue(Cue::Share)))
            && let Some(end) = match (tok(k), tok(k + 1), tok(k + 2)) {
                (Some(Tok::Word(w)), Some(Tok::Cue(Cue::YearWord)), Some(Tok::Possessive))
                    if w == "the" =>
                {
                    Some(k + 2)
                }
                (Some(Tok::Cue(Cue::FullYear)), Some(Tok::Possessive), _) => Some(k + 1),
                _ => None,
            }
            && tok(end + 2) == Some(&Tok::Cue(Cue::To))
        {
            // "taking the year's intake to 123,288 tonnes": the total so far.
            Some((end, Tok::Cue(Cue::Ytd)))
        } else if tok(k) == Some(&Tok::Cue(Cue::FullYear))
            && tok(k + 1) == Some(&Tok::Cue(Cue::To))
            && let Some(Tok::Month(m)) = tok(k + 2)
            && m.day.is_none()
        {
            // "For the year to November, exports stood at 52,105 tonnes": January to it.
            Some((k + 2, span(1, m.month, m.year)))
        } else if let Some(Tok::Ordinal(n)) = tok(k)
            && (1..=31).contains(n)
            // "On the ninth of this month", "the crackdown on the ninth." ("on the first" is
            // too often a rank to be a day alone.)
            && let Some(day) = ordinal_day(*n, k, k, *n >= 2)
        {
            Some(day)
        } else if let Some(Tok::Word(w)) = tok(k)
            && w.ends_with("day")
            && let Some(d) = WEEKDAYS.iter().position(|x| x == w)
            // (Not a dateline's "Monday, October 20, 2025".)
            && !(k + 1..k + 4).any(|j| matches!(tok(j), Some(Tok::Month(m)) if m.day.is_some()))
            // (Nor a calendar's "Desk call Tuesday 08:30", "Thursday 4 p.m.".)
            && !matches!(tok(k + 1), Some(Tok::Figure(_)))
            && !matches!(tok(k + 1), Some(Tok::Word(w)) if w.starts_with(|c: char| c.is_ascii_digit()))
        {
            // "on Sunday", "last Thursday's announcement".
            Some((k, Tok::Day(DayRef::Weekday(d as u32))))
        } else if tok(k + 1) == Some(&Tok::Cue(Cue::Per))
            && let Some(a) = digits(k, 31)
            && glued(k + 1)
            && glued(k + 2)
            && let Some(b) = digits(k + 2, 31)
            && (a <= 12 || b <= 12)
            && !(k > 0 && tok(k - 1) == Some(&Tok::Cue(Cue::Per)) && glued(k))
        {
            // "07/11 (suspension)", "the 9/10 package", "04/04/2025": a day and a month
            // (which first is settled over the whole text, below).
            let year = match (tok(k + 3), tok(k + 4)) {
                (Some(Tok::Cue(Cue::Per)), Some(Tok::Year(y))) if glued(k + 3) && glued(k + 4) => {
                    Some(*y)
                }
                _ => None,
            };
            let more = tok(k + 3) == Some(&Tok::Cue(Cue::Per)) && glued(k + 3);
            // (A wire's stamp "12/08 03:04:03" dates the wire, not an act.)
            let end = k + 2 + if year.is_some() { 2 } else { 0 };
            let stamp = matches!(tok(end + 1), Some(Tok::Word(w)) if w.starts_with(|c: char| c.is_ascii_digit()));
            if more && year.is_none() || stamp {
                None
            } else {
                Some((
                    end,
                    Tok::Day(DayRef::Slashed {
                        day: a,
                        month: b,
                        year,
                        settled: false,
                    }),
                ))
            }
        } else if tok(k + 1) == Some(&Tok::Cue(Cue::In))
            && let Some(n) = tok(k).and_then(|t| whole(t, 1.0, 99.0))
            && let every = usize::from(matches!(tok(k + 2), Some(Tok::Word(w)) if w == "every"))
            && let Some(m) = tok(k + 2 + every).and_then(|t| whole(t, 2.0, 100.0))
            && n < m
            // (Not "2 in 3 months", "one in 10 tonnes": a count of something else.)
            && !matches!(tok(k + 3 + every), Some(Tok::Cue(_) | Tok::Figure(_) | Tok::Month(_)))
            && !matches!(tok(k + 2 + every), Some(Tok::Figure(f)) if f.unit != Unit::Bare)
        {
            // "more than nine in every ten magnets", "one in five": a fraction.
            Some((
                k + 2 + every,
                Tok::Fraction(f64::from(n) * 100.0 / f64::from(m)),
            ))
        } else if let Some(Tok::Word(w)) = tok(k)
            && w == "yesterday"
        {
            Some((k, Tok::Day(DayRef::Ago { days: 1, years: 0 })))
        } else if let Some(n) = tok(k).and_then(|t| whole(t, 1.0, 90.0))
            && let Some(Tok::Word(w)) = tok(k + 1)
            && (w == "days" || w == "weeks")
            && matches!(tok(k + 2), Some(Tok::Word(a)) if a == "ago")
        {
            // "came into force eleven days ago", "two weeks ago".
            let days = if w == "weeks" { n * 7 } else { n };
            Some((k + 2, Tok::Day(DayRef::Ago { days, years: 0 })))
        } else if let Some(years) = match (tok(k), tok(k + 1), tok(k + 2)) {
            (Some(Tok::Cue(Cue::Yoy)), _, _) => Some((1, k)),
            (Some(t), Some(Tok::Cue(Cue::YearWord)), Some(Tok::Word(a))) if a == "ago" => {
                whole(t, 1.0, 20.0).map(|n| (n, k + 2))
            }
            _ => None,
        } && let (years, at) = years
            && let Some(Tok::Word(w)) = tok(at + 1)
            && (w == "today" || w == "yesterday")
        {
            // "A year ago yesterday", "Two years ago today".
            let days = u32::from(w == "yesterday");
            Some((at + 1, Tok::Day(DayRef::Ago { days, years })))
        } else {
            None
        };
        match joined {
            Some((end, tok)) => {
                out.push(Token {
                    start: toks[k].start,
                    end: toks[end].end,
                    tok,
                    line_start: toks[k].line_start,
                    capital: toks[k].capital,
                });
                k = end + 1;
            }
            None => {
                out.push(toks[k].clone());
                k += 1;
            }
        }
    }
    out
}

/// Which of a slashed date's numbers is the day: a text that writes a number past 12 first
/// ("30/10") writes day first, one that writes it second ("10/30") month first. When it does
/// neither, or both, the order stays open (read day first).
pub(crate) fn settle_slashed_days<'a>(lines: impl Iterator<Item = &'a mut [Token]>) {
    let mut toks: Vec<&mut Token> = lines.flat_map(|l| l.iter_mut()).collect();
    // A thread's numbering ("[1/9] Dysprosium first.", "[2/9] …", "[3/9] …"): three or more
    // with one total and no date among them is no date, nor a figure.
    let slashed: Vec<(usize, u32, u32)> = toks
        .iter()
        .enumerate()
        .filter_map(|(k, t)| match t.tok {
            Tok::Day(DayRef::Slashed {
                day,
                month,
                year: None,
                ..
            }) => Some((k, day, month)),
            _ => None,
        })
        .collect();
    for &(_, _, total) in &slashed {
        let parts: Vec<&(usize, u32, u32)> =
            slashed.iter().filter(|(_, _, n)| *n == total).collect();
        if parts.len() >= 3 && parts.iter().all(|(_, i, _)| *i <= total) {
            for &&(k, i, n) in &parts {
                toks[k].tok = Tok::Word(format!("{i}/{n}"));
            }
        }
    }
    let (mut day_first, mut month_first) = (false, false);
    for t in toks.iter() {
        if let Tok::Day(DayRef::Slashed { day, month, .. }) = t.tok {
            day_first |= day > 12;
            month_first |= month > 12;
        }
    }
    if day_first == month_first {
        return;
    }
    for t in toks.iter_mut() {
        if let Tok::Day(DayRef::Slashed {
            day, month, year, ..
        }) = t.tok
        {
            let (day, month) = if month_first {
                (month, day)
            } else {
                (day, month)
            };
            t.tok = Tok::Day(DayRef::Slashed {
                day,
                month,
                year,
                settled: true,
            });
        }
    }
}

/// Weekdays, Monday first.
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that may follow a day of a month said alone ("on the 12th, when …", "on the 9th
/// and …").
const DAY_FOLLOWERS: [&str; 14] = [
    "and", "when", "that", "with", "but", "as", "at", "in", "beijing", "china", "which", "it",
    "its", "the",
];

/// A fiscal year across two, April to March, ending in `year` (India's "2024-25" is 2025).
fn fiscal_year(year: i32) -> Tok {
    Tok::Span(SpanRef {
        first: 4,
        last: 3,
        year: Some(year),
    })
}

/// Reads text into typed tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let l = Lexed::new(text);
    let european = l.continental() == Some(true);
    l.tokens(european)
}

/// A text cut into pieces once: how it writes its numbers is read from the same pieces its
/// tokens are made of.
pub(crate) struct Lexed<'t> {
    text: &'t str,
    pieces: Vec<Piece>,
}

impl<'t> Lexed<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Lexed {
            text,
            pieces: lex(text),
        }
    }

    /// How this text alone writes its numbers (see [`european_numbers`]).
    fn continental(&self) -> Option<bool> {
        european_numbers(self.text, &self.pieces)
    }

    /// Whether this text writes a month's name in lower case ("june gave most of it back",
    /// "aug 4,723t"): a text that does may write "may" and "march" so too.
    pub(crate) fn writes_months_lower(&self) -> bool {
        self.pieces.iter().any(|x| {
            let w = &self.text[x.start..x.end];
            x.kind == PieceKind::Word
                && !w.chars().any(char::is_uppercase)
                && !matches!(w, "may" | "march" | "mar")
                && crate::vocab::month_named(w).is_some()
        })
    }

    /// The tokens, with numbers read the continental way or not.
    pub(crate) fn tokens(self, european: bool) -> Vec<Token> {
        self.tokens_in(european, false)
    }

    /// The tokens, with numbers read the continental way or not, and a lower-case "may"
    /// or "march" read as a month where the words around it make one, when the whole text
    /// writes months in lower case (`lower_months`).
    pub(crate) fn tokens_in(self, european: bool, lower_months: bool) -> Vec<Token> {
        let text = self.text;
        let mut reader = Reader::new(text, self.pieces);
        reader.european = european;
        reader.lower_months = lower_months;
        finish(text, reader.run())
    }
}

/// How the pieces of one text write their numbers: the continental way (`true`: "420,5 t",
/// "5.774 tons"), when some piece shows it and none shows the English way.
pub(crate) fn continental_all<'a, 't: 'a>(pieces: impl Iterator<Item = &'a Lexed<'t>>) -> bool {
    let mut continental = false;
    for l in pieces {
        match l.continental() {
            Some(false) => return false,
            Some(true) => continental = true,
            None => {}
        }
    }
    continental
}

/// [`continental_all`] over texts.
pub fn numbers_are_continental<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let lexed: Vec<Lexed> = texts.map(Lexed::new).collect();
    continental_all(lexed.iter())
}

/// [`tokenize`], with the numbers read the continental way or not, as the whole text
/// writes them ([`numbers_are_continental`]).
pub fn tokenize_as(text: &str, european: bool) -> Vec<Token> {
    Lexed::new(text).tokens(european)
}

/// The reader's tokens, with the corrections that need them all.
fn finish(text: &str, toks: Vec<Token>) -> Vec<Token> {
    let mut toks = toks;
    // A tariff code ("HS 8505.11", "HS code 2805.30") is no figure.
    for k in 1..toks.len() {
        let code = matches!(toks[k].tok, Tok::Figure(_))
            && (toks[k - 1].is_word("hs")
                || k > 1 && toks[k - 1].is_word("code") && toks[k - 2].is_word("hs"));
        if code {
            toks[k].tok = Tok::Word(text[toks[k].start..toks[k].end].to_lowercase());
        }
    }
    // A dateline ("SINGAPORE, July 20, 2025 (Wire) -") names where the story was filed,
    // not a trading partner.
    for k in 0..toks.len() {
        let dateline = toks[k].line_start
            && matches!(toks[k].tok, Tok::Country(_))
            && text
                .get(toks[k].start..toks[k].end)
                .is_some_and(|w| w.len() >= 4 && !w.chars().any(char::is_lowercase))
            && toks.get(k + 1).is_some_and(|t| t.tok == Tok::Punct(','))
            && toks
                .get(k + 2)
                .is_some_and(|t| matches!(&t.tok, Tok::Month(m) if m.day.is_some()));
        if dateline {
            let word = text[toks[k].start..toks[k].end].to_lowercase();
            toks[k].tok = Tok::Word(word);
        }
    }
    // A date written day first with points ("09.10.2025", "7.11.2025"), as German and
    // other continental texts do: unambiguous, no English date is written so.
    for t in toks.iter_mut() {
        if let Tok::Word(w) = &t.tok
            && w.len() >= 8
            && w.as_bytes()[0].is_ascii_digit()
            && let [d, m, y] = w.split('.').collect::<Vec<_>>()[..]
            && (1..=2).contains(&d.len())
            && (1..=2).contains(&m.len())
            && y.len() == 4
            && let (Ok(day), Ok(month), Ok(year)) =
                (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
            && chrono::NaiveDate::from_ymd_opt(year, month, day).is_some()
        {
            t.tok = Tok::Month(MonthRef {
                month,
                year: Some(year),
                day: Some(day),
            });
        }
    }
    // A language, not a place: "[Automatic translation from Portuguese (Brazil)]",
    // "translated from the Chinese".
    for k in 0..toks.len() {
        if !matches!(toks[k].tok, Tok::Country(_)) {
            continue;
        }
        let translated = (k.saturating_sub(4)..k).any(|j| {
            text.get(toks[j].start..toks[j].end).is_some_and(|w| {
                let w = w.to_lowercase();
                w.starts_with("translat") || w == "original"
            })
        }) && (k.saturating_sub(2)..k).any(|j| {
            text.get(toks[j].start..toks[j].end)
                .is_some_and(|w| w.eq_ignore_ascii_case("from") || w.eq_ignore_ascii_case("in"))
        });
        if translated {
            let word = text[toks[k].start..toks[k].end].to_lowercase();
            toks[k].tok = Tok::Word(word);
            // "(Brazil)" after the language names its variety.
            if toks.get(k + 1).is_some_and(|t| t.tok == Tok::Punct('('))
                && let Some(t) = toks.get_mut(k + 2)
                && matches!(t.tok, Tok::Country(_))
            {
                t.tok = Tok::Word(text[t.start..t.end].to_lowercase());
            }
        }
    }
    // An analyst's estimate: "4Q25E", "FY25E", "2026E" (a period with an "E" written onto
    // it) is a forecast, not a figure anyone published.
    for k in 1..toks.len() {
        let estimate = toks[k].is_word("e")
            && toks[k].start == toks[k - 1].end
            && text.get(toks[k].start..toks[k].end) == Some("E")
            && matches!(toks[k - 1].tok, Tok::Span(_) | Tok::Year(_));
        if estimate {
            toks[k].tok = Tok::Cue(Cue::Future);
        }
    }
    // "Traders estimate that volumes were 38% below a year earlier": an estimate of what
    // was, in the past tense, is a figure reported, not a forecast.
    for k in 0..toks.len() {
        let estimate = toks[k].tok == Tok::Cue(Cue::Future)
            && text.get(toks[k].start..toks[k].end).is_some_and(|w| {
                ["estimate", "estimates"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            });
        if !estimate {
            continue;
        }
        let past = toks[k + 1..]
            .iter()
            .take(6)
            .take_while(|t| !matches!(t.tok, Tok::Figure(_) | Tok::Punct('.' | ';') | Tok::Break))
            .any(|t| {
                matches!(&t.tok, Tok::Word(w) if ["was", "were", "had", "came", "fell", "rose", "reached", "totalled", "totaled"].contains(&w.as_str()))
            });
        if past {
            toks[k].tok = Tok::Word(text[toks[k].start..toks[k].end].to_lowercase());
        }
    }
    // "The exports to Mexico would have tripled", "France would have received 95 t": the
    // conditional a translation from Spanish, Portuguese or French gives a reported figure
    // (habrían, teriam, aurait), not a forecast; unless the sentence is a counterfactual
    // ("if", "without", "but for", "otherwise").
    for k in 0..toks.len() {
        let would = toks[k].tok == Tok::Cue(Cue::Future)
            && text
                .get(toks[k].start..toks[k].end)
                .is_some_and(|w| w.eq_ignore_ascii_case("would"))
            && toks.get(k + 1).is_some_and(|t| t.is_word("have"));
        if !would {
            continue;
        }
        let stop = |t: &Token| matches!(t.tok, Tok::Punct('.' | '!' | '?' | ';') | Tok::Break);
        let from = toks[..k].iter().rposition(stop).map_or(0, |j| j + 1);
        let to = toks[k..]
            .iter()
            .position(stop)
            .map_or(toks.len(), |j| k + j);
        let counterfactual = toks[from..to].iter().any(|t| {
            text.get(t.start..t.end).is_some_and(|w| {
                ["if", "without", "otherwise", "unless", "had"]
                    .iter()
                    .any(|c| w.eq_ignore_ascii_case(c))
            }) || t.is_word("but")
                && text
                    .get(t.end..)
                    .is_some_and(|r| r.trim_start().starts_with("for "))
        });
        if !counterfactual {
            toks[k].tok = Tok::Word("would".to_string());
        }
    }
    // "a 3.8% annual decline", "an annual increase of 12%": a change on the year before,
    // not a full year's total.
    for k in 0..toks.len().saturating_sub(1) {
        if toks[k].tok == Tok::Cue(Cue::FullYear)
            && text
                .get(toks[k].start..toks[k].end)
                .is_some_and(|w| w.eq_ignore_ascii_case("annual"))
            && matches!(toks[k + 1].tok, Tok::Dir(_))
        {
            toks[k].tok = Tok::Cue(Cue::Yoy);
        }
    }
    // "the whole of 2024" is a year; "the whole of China's dysprosium exports" is all of
    // them, a word the share rules read.
    for k in 0..toks.len() {
        if toks[k].tok == Tok::Cue(Cue::FullYear)
            && text
                .get(toks[k].start..toks[k].end)
                .is_some_and(|w| w.eq_ignore_ascii_case("the whole of"))
            && matches!(
                toks.get(k + 1).map(|n| &n.tok),
                Some(Tok::Country(_) | Tok::Basket(_) | Tok::Flow(_))
            )
        {
            toks[k].tok = Tok::Word("the whole of".to_string());
        }
    }
    dot_leaders(text, toks)
}

/// A run of three or more points after a space between a label and its value ("Volume
/// ........ 582 t", "YTD Jan-Nov ... 51,440 t", a form's or an alert's layout) separates
/// them as a colon would; it ends no sentence.
fn dot_leaders(text: &str, toks: Vec<Token>) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'.' {
            let start = k;
            while k < bytes.len() && bytes[k] == b'.' {
                k += 1;
            }
            let spaced = start > 0 && bytes[start - 1] == b' ' && bytes.get(k) == Some(&b' ');
            if k - start >= 3 && spaced {
                runs.push((start, k));
            }
        } else {
            k += 1;
        }
    }
    if runs.is_empty() {
        return toks;
    }
    // Leaders before a bare number are a text table's ("US, August ........ 590"), read by
    // its columns: left alone.
    // So are leaders after a figure on their line ("October ..... 4,573 ..... +13.7%").
    runs.retain(|&(start, end)| {
        let line_start = text[..start].rfind('\n').map_or(0, |k| k + 1);
        let figure_before = toks
            .iter()
            .any(|t| t.start >= line_start && t.end <= start && matches!(t.tok, Tok::Figure(_)));
        !figure_before
            && toks
                .iter()
                .find(|t| t.start >= end)
                .is_none_or(|t| !matches!(&t.tok, Tok::Figure(f) if f.unit == Unit::Bare))
    });
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    let mut r = 0;
    for t in toks {
        while r < runs.len() && runs[r].1 <= t.start {
            r += 1;
        }
        let inside = r < runs.len() && t.start >= runs[r].0 && t.end <= runs[r].1;
        if !inside {
            out.push(t);
            continue;
        }
        // The run's first point becomes the separator; the rest go.
        let (run_start, run_end) = runs[r];
        if out
            .last()
            .is_some_and(|p| p.tok == Tok::Punct(':') && p.start >= run_start)
        {
            continue;
        }
        out.push(Token {
            start: t.start,
            end: run_end,
            tok: Tok::Punct(':'),
            line_start: t.line_start,
            capital: false,
        });
    }
    out
}

/// A phrase looked up at a piece: what it means and where it ends, or nothing.
type Found = Option<(Meaning, usize)>;

struct Reader<'t> {
    text: &'t str,
    p: Vec<Piece>,
    /// Each piece lower-cased, borrowed from the text when it has no capital in it.
    lower: Vec<std::borrow::Cow<'t, str>>,
    out: Vec<Token>,
    line_start: bool,
    /// The text writes numbers the continental way ("420,5 t", "5.774 tons", "6,1%"):
    /// a comma before the decimals, points between thousands.
    european: bool,
    /// The text writes months in lower case: "may" and "march" may be months too.
    lower_months: bool,
    /// The phrase found at each piece, once looked up: the rules ask again and again.
    phrases: Vec<std::cell::Cell<Option<Found>>>,
}

/// Whether the numbers of a text are written the continental way: `Some(true)` when some
/// number has a comma followed by one or two digits ("420,5", "6,1", "18,6"), which no
/// English number has, or both marks the continental way ("1.106,5"); `Some(false)` when
/// one is written the English way with both marks ("1,016.65"); `None` when no number says.
fn european_numbers(text: &str, pieces: &[Piece]) -> Option<bool> {
    let mut continental = false;
    for (k, x) in pieces.iter().enumerate() {
        if x.kind != PieceKind::Num {
            continue;
        }
        let n = &text[x.start..x.end];
        // A quantity follows: "6,1 %", "420,5 tons", "18,6 percent" (not a list "1,2 and 3").
        let unit_after = pieces.get(k + 1).is_some_and(|y| {
            let w = text[y.start..y.end].to_lowercase();
            matches!(y.kind, PieceKind::Sym('%'))
                || [
                    "t", "ton", "tons", "tonnes", "tonne", "kg", "percent", "per", "prozent",
                    "por", "million", "millones", "mio", "mrd", "billion",
                ]
                .contains(&w.as_str())
        });
        let comma = n.rfind(',');
        let point = n.rfind('.');
        match (comma, point) {
            // "1,016.65": English.
            (Some(c), Some(p)) if c < p => return Some(false),
            // "1.106,5": continental.
            (Some(c), Some(p)) if p < c => continental = true,
            (Some(c), None) if (1..=2).contains(&(n.len() - c - 1)) && unit_after => {
                continental = true
            }
            _ => {}
        }
    }
    continental.then_some(true)
}

/// A continental number in the English way: "420,5" → "420.5", "5.774" → "5,774",
/// "1.106,5" → "1,106.5". A point that does not group thousands ("2.4") stays a decimal
/// point.
fn english_digits(n: &str) -> String {
    let (int, frac) = match n.rsplit_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (n, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let grouped = groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    let int = if grouped {
        groups.join(",")
    } else if frac.is_some() && groups.len() > 1 {
        // "2.4,5" is no number either way; leave it to fail.
        return n.to_string();
    } else {
        int.to_string()
    };
    match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    }
}

fn year_of(n: &str) -> Option<i32> {
    (n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| n.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1950..=2100).contains(y))
}

const FRACTIONS: &[(&[&str], f64)] = &[
    (&["half"], 50.0),
    (&["a", "half"], 50.0),
    (&["one", "half"], 50.0),
    (&["a", "third"], 100.0 / 3.0),
    (&["one", "third"], 100.0 / 3.0),
    (&["two", "thirds"], 200.0 / 3.0),
    (&["a", "quarter"], 25.0),
    (&["one", "quarter"], 25.0),
    (&["three", "quarters"], 75.0),
    (&["a", "fifth"], 20.0),
    (&["one", "fifth"], 20.0),
    (&["two", "fifths"], 40.0),
    (&["three", "fifths"], 60.0),
    (&["a", "tenth"], 10.0),
    (&["one", "tenth"], 10.0),
    (&["a", "sixth"], 100.0 / 6.0),
    (&["one", "sixth"], 100.0 / 6.0),
    (&["an", "eighth"], 12.5),
    (&["one", "eighth"], 12.5),
    (&["four", "fifths"], 80.0),
];

impl<'t> Reader<'t> {
    fn new(text: &'t str, p: Vec<Piece>) -> Self {
        let lower = p
            .iter()
            .map(|x| {
                let raw = &text[x.start..x.end];
                if raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                    std::borrow::Cow::Borrowed(raw)
                } else {
                    std::borrow::Cow::Owned(raw.to_lowercase())
                }
            })
            .collect();
        let len = p.len();
        let phrases = vec![std::cell::Cell::new(None); len];
        Reader {
            text,
            p,
            lower,
            out: Vec::with_capacity(len),
            line_start: true,
            european: false,
            lower_months: false,
            phrases,
        }
    }

    fn raw(&self, i: usize) -> &'t str {
        self.p.get(i).map_or("", |x| &self.text[x.start..x.end])
    }

    fn low(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", |s| s.as_ref())
    }

    fn sym(&self, i: usize) -> Option<char> {
        match self.p.get(i)?.kind {
            PieceKind::Sym(c) => Some(c),
            _ => None,
        }
    }

    fn glued(&self, i: usize) -> bool {
        self.p.get(i).is_some_and(|x| !x.space_before)
    }

    fn push(&mut self, from: usize, to: usize, tok: Tok) {
        let (start, end) = (self.p[from].start, self.p[to - 1].end);
        let raw = &self.text[start..end];
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let line_start = std::mem::replace(&mut self.line_start, false);
        self.out.push(Token {
            start,
            end,
            tok,
            line_start,
            capital,
        });
    }

    /// The vocabulary's longest phrase at `i` (hyphens between words are skipped): its
    /// meaning and the piece after it.
    fn phrase(&self, i: usize) -> Option<(Meaning, usize)> {
        let cached = self.phrases.get(i)?;
        if let Some(found) = cached.get() {
            return found;
        }
        let found = self.find_phrase(i);
        cached.set(Some(found));
        found
    }

    fn find_phrase(&self, i: usize) -> Option<(Meaning, usize)> {
        // At most eight pieces, on the stack: this runs at every piece of every article.
        let mut idx = [0usize; 8];
        let mut pairs: [(&str, &str); 8] = [("", ""); 8];
        let mut n = 0;
        let mut k = i;
        while k < self.p.len() && n < 8 {
            if self.p[k].kind == PieceKind::Break {
                break;
            }
            // A hyphen between two words is a space.
            if self.sym(k) == Some('-') && n > 0 && k + 1 < self.p.len() {
                k += 1;
                continue;
            }
            idx[n] = k;
            pairs[n] = (self.low(k), self.raw(k));
            n += 1;
            k += 1;
        }
        let (m, len) = vocab().longest(&pairs[..n])?;
        Some((m, idx[len - 1] + 1))
    }

    fn run(mut self) -> Vec<Token> {
        let mut i = 0;
        while i < self.p.len() {
            let next = self.step(i);
            i = next.max(i + 1);
        }
        // A hyphen inside a compound ("9-month", "US-bound", "second-largest") joins words;
        // it is not punctuation the rules should see.
        let out = std::mem::take(&mut self.out);
        let mut kept: Vec<Token> = Vec::with_capacity(out.len());
        for (k, t) in out.iter().enumerate() {
            let joins = t.tok == Tok::Punct('-')
                && k > 0
                && out[k - 1].end == t.start
                && out
                    .get(k + 1)
                    .is_some_and(|n| n.start == t.end && !matches!(n.tok, Tok::Break));
            if !joins {
                kept.push(t.clone());
            }
        }
        let mut toks = join_phrases(kept);
        // "6.6% ahead of the first eleven months of 2023", "running 12.6% ahead of a year
        // earlier", "3% behind last year": a percent ahead of or behind a base is more or
        // less than it (not "ahead of the deadline", a time).
        for k in 1..toks.len() {
            if !matches!(&toks[k - 1].tok, Tok::Figure(f) if f.unit == Unit::Pct) {
                continue;
            }
            let ahead = toks[k].tok == Tok::Cue(Cue::Before)
                && self.text[toks[k].start..toks[k].end].eq_ignore_ascii_case("ahead of");
            if ahead {
                toks[k].tok = Tok::Hedge(Qualifier::MoreThan);
            } else if toks[k].is_word("behind") {
                toks[k].tok = Tok::Hedge(Qualifier::LessThan);
            }
        }
        toks
    }

    /// Reads the token at `i`; returns where the next starts.
    fn step(&mut self, i: usize) -> usize {
        let piece = self.p[i];
        if piece.kind == PieceKind::Break {
            self.out.push(Token {
                start: piece.start,
                end: piece.end,
                tok: Tok::Break,
                line_start: false,
                capital: false,
            });
            self.line_start = true;
            return i + 1;
        }
        if self.line_start
            && let Some(n) = self.bullet(i)
        {
            self.push(i, n, Tok::Bullet);
            self.line_start = true;
            let t = self.out.len() - 1;
            self.out[t].line_start = true;
            return n;
        }
        // Leader dots between a text table's label and its figure ("World, May ....... 1,238",
        // "US, full year 2025 …… 5,933"): a column separator, like a bar.
        if let Some(n) = self.leader(i) {
            self.push(i, n, Tok::Punct('|'));
            return n;
        }
        if let Some((tok, n)) = self.flag(i) {
            self.push(i, n, tok);
            return n;
        }
        if let Some(tok) = self.code_label(i) {
            self.push(i, i + 1, tok);
            return i + 1;
        }
        // "12 months earlier", "12 months ago": a comparison, though it opens with a number.
        if piece.kind == PieceKind::Num
            && let Some((Meaning::Cue(c @ (Cue::Yoy | Cue::Mom)), n)) = self.phrase(i)
            && n > i + 1
        {
            self.push(i, n, Tok::Cue(c));
            return n;
        }
        if let Some((tok, n)) = self.date(i) {
            self.push(i, n, tok);
            return n;
        }
        if let Some((tok, n)) = self.figure(i) {
            self.push(i, n, tok);
            return n;
        }
        if let Some((m, n)) = self.phrase(i) {
            let tok = match m {
                Meaning::Country(c) => Tok::Country(c),
                // A commodity in a name: "Rare Earth Exchanges", "the Gallium Industry
                // Association" are who said it, not what was traded.
                Meaning::Basket(_) if self.names_an_organisation(i, n) => {
                    Tok::Word(self.low(i).to_string())
                }
                Meaning::Basket(b) => Tok::Basket(b),
                Meaning::Dir(d) => Tok::Dir(d),
                Meaning::Flow(f) => Tok::Flow(f),
                Meaning::Hedge(q) => Tok::Hedge(q),
                Meaning::Ordinal(o) => Tok::Ordinal(o),
                Meaning::Cue(c) => Tok::Cue(c),
                Meaning::Percent | Meaning::Points => Tok::Word(self.low(i).to_string()),
                Meaning::Month(_) | Meaning::Cardinal(_) | Meaning::Scale(_) => {
                    Tok::Word(self.low(i).to_string())
                }
                Meaning::Mass(_) | Meaning::Money(_) => Tok::Word(self.low(i).to_string()),
            };
            // A word-like token only where it is one: a mass or money word alone is a word.
            let n = if matches!(tok, Tok::Word(_)) {
                i + 1
            } else {
                n
            };
            self.push(i, n, tok);
            return n;
        }
        // "June 2024's 3,199 t": a possessive after a number is cut in two.
        if matches!(piece.kind, PieceKind::Sym('\'' | '’'))
            && i > 0
            && self.p[i - 1].kind == PieceKind::Num
            && self.glued(i)
            && self.glued(i + 1)
            && self.low(i + 1) == "s"
            && !self
                .p
                .get(i + 2)
                .is_some_and(|x| x.kind == PieceKind::Word && x.start == self.p[i + 1].end)
        {
            self.push(i, i + 2, Tok::Possessive);
            return i + 2;
        }
        let tok = match piece.kind {
            PieceKind::Sym(c) => Tok::Punct(c),
            PieceKind::Word if matches!(self.low(i), "'s" | "’s") => Tok::Possessive,
            PieceKind::Word | PieceKind::Num => Tok::Word(self.low(i).to_string()),
            PieceKind::Break => Tok::Break,
        };
        self.push(i, i + 1, tok);
        i + 1
    }

    /// Whether the phrase from `i` to `n` is capitalised and followed by a capitalised word
    /// that ends an organisation's name ("Rare Earth Exchanges", "Antimony Industry
    /// Association", "Graphite Group").
    fn names_an_organisation(&self, i: usize, n: usize) -> bool {
        const NAME_ENDS: &[&str] = &[
            "exchanges",
            "exchange",
            "group",
            "association",
            "industry",
            "corp",
            "corporation",
            "co",
            "ltd",
            "inc",
            "holdings",
            "company",
            "institute",
            "council",
            "alliance",
            "insights",
            "network",
            "index",
            "limited",
            "plc",
            "magazine",
            "society",
            "forum",
            "journal",
            "technologies",
            "tech",
            "partners",
            "capital",
            "consulting",
            "intelligence",
        ];
        let capital = |k: usize| self.raw(k).chars().next().is_some_and(char::is_uppercase);
        capital(i)
            && self.p.get(n).is_some_and(|x| x.kind == PieceKind::Word)
            && capital(n)
            && NAME_ENDS.contains(&self.low(n))
    }

    /// A run of at least four leader dots ('.', '…' counting three, '·'), spaced or not:
    /// where it ends. Three are an ellipsis.
    fn leader(&self, i: usize) -> Option<usize> {
        let mut dots = 0;
        let mut k = i;
        while let Some(c) = self.sym(k) {
            match c {
                '.' | '·' => dots += 1,
                '…' => dots += 3,
                _ => break,
            }
            k += 1;
        }
        (dots >= 4).then_some(k)
    }

    /// "•", "-", "*", "–", "·", "▪", "1.", "(a)" at the start of a line.
    fn bullet(&self, i: usize) -> Option<usize> {
        match self.p[i].kind {
            PieceKind::Sym('•' | '*' | '·' | '▪' | '◦' | '‣' | '►' | '-' | '–' | '—') =>
            {
                // A minus sign glued to a number is a sign, not a bullet.
                (!(self.glued(i + 1)
                    && self.p.get(i + 1).is_some_and(|x| x.kind == PieceKind::Num)))
                .then_some(i + 1)
            }
            PieceKind::Num
                if self.raw(i).len() <= 2
                    && self.sym(i + 1).is_some_and(|c| c == '.' || c == ')')
                    && !self.glued(i + 2) =>
            {
                Some(i + 2)
            }
            // A thread's post number: "1/ Now that …", "4/7 Sep: 420.5 t". Not a fraction
            // ("3/4 of the total") and not a date (the number after the slash is the count of
            // posts, never below the post's own).
            PieceKind::Num if self.raw(i).len() <= 2 && self.sym(i + 1) == Some('/') => {
                let n: u32 = self.raw(i).parse().ok()?;
                if !self.glued(i + 2) {
                    return Some(i + 2);
                }
                let next = self.p.get(i + 2)?;
                if next.kind != PieceKind::Num || self.raw(i + 2).len() > 2 || self.glued(i + 3) {
                    return None;
                }
                let of: u32 = self.raw(i + 2).parse().ok()?;
                let fraction = self
                    .p
                    .get(i + 3)
                    .is_some_and(|x| x.kind == PieceKind::Word && self.raw(i + 3) == "of");
                (n >= 1 && n <= of && of >= 2 && !fraction).then_some(i + 3)
            }
            _ => None,
        }
    }

    /// A flag emoji (two regional indicators) names a country.
    fn flag(&self, i: usize) -> Option<(Tok, usize)> {
        let a = self.sym(i)?;
        let b = self.sym(i + 1)?;
        let ri = |c: char| {
            let n = c as u32;
            (0x1F1E6..=0x1F1FF)
                .contains(&n)
                .then(|| char::from_u32(n - 0x1F1E6 + u32::from(b'A')))
                .flatten()
        };
        let code: String = [ri(a)?, ri(b)?].iter().collect();
        let c = tradewatch_model::Countries::builtin().by_iso2(&code)?;
        Some((Tok::Country(vocab().country_code(&c.iso3)?), i + 2))
    }

    /// A country's two-letter code heading a list item, before its figure or arrow: "- IN
    /// ↑143% MoM", "🇯🇵 JP: 226t". Only there is "IN" India rather than "in".
    /// Also a three-letter code ("DEU: 1,288 t", "KOR y/y: +7%").
    fn code_label(&self, i: usize) -> Option<Tok> {
        let raw = self.raw(i);
        if self.p[i].kind != PieceKind::Word
            || !(2..=3).contains(&raw.len())
            || !raw.bytes().all(|b| b.is_ascii_uppercase())
        {
            return None;
        }
        let heads = self.line_start
            || self
                .out
                .last()
                .is_some_and(|t| matches!(t.tok, Tok::Bullet | Tok::Country(_)));
        let next = self.p.get(i + 1)?;
        let figure_next = next.kind == PieceKind::Num
            || matches!(
                next.kind,
                PieceKind::Sym('↑' | '↓' | ':' | '+' | '−' | '▲' | '▼')
            );
        // (A three-letter code may lead a label of a few words: "DEU y/y: +27.8%".)
        let label_after = raw.len() == 3 && (i + 1..i + 6).any(|j| self.sym(j) == Some(':'));
        // Codes that head a line as other things: a reply's "RE:", a postscript's "PS:", a
        // copy's "CC:", a memo's "TO:", "NO:", "IT:", "AM:"/"PM:".
        const NOT_CODES: [&str; 9] = ["RE", "PS", "CC", "TO", "NO", "IT", "AM", "PM", "ST"];
        if !heads || !(figure_next || label_after) || NOT_CODES.contains(&raw) {
            return None;
        }
        let countries = tradewatch_model::Countries::builtin();
        let c = if raw.len() == 2 {
            countries.by_iso2(raw)?
        } else {
            countries.get(raw)?
        };
        Some(Tok::Country(vocab().country_code(&c.iso3)?))
    }

    /// The month at `i` (a name in the vocabulary), when it is one: "May" and "March" only
    /// capitalised, the others in any case.
    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        let (m, n) = self.phrase(i)?;
        let Meaning::Month(month) = m else {
            return None;
        };
        let raw = self.raw(i);
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        if matches!(self.low(i), "may" | "march" | "mar") && !capital && !self.lower_month(i) {
            return None;
        }
        // "Min-jun Seo": the second half of a hyphenated name, not a month ("Jan-Feb" is).
        if !capital
            && i >= 2
            && self.sym(i - 1) == Some('-')
            && self.glued(i - 1)
            && self.glued(i)
            && self.p[i - 2].kind == PieceKind::Word
            && !matches!(self.phrase(i - 2), Some((Meaning::Month(_), _)))
        {
            return None;
        }
        // "Mar." / "Sept." without the dot is fine; "mar" the verb is not.
        Some((month, n))
    }

    /// Whether a lower-case "may" or "march" at `i` is the month, in a text that writes
    /// months in lower case: what follows it is what follows a month ("may was the big one",
    /// "may: 6,217t", "march + april", "in may 2025"), not a verb ("exports may fall").
    fn lower_month(&self, i: usize) -> bool {
        const FOLLOWERS: [&str; 22] = [
            "was",
            "were",
            "saw",
            "is",
            "had",
            "came",
            "brought",
            "alone",
            "exports",
            "shipments",
            "imports",
            "data",
            "figure",
            "figures",
            "number",
            "numbers",
            "print",
            "total",
            "and",
            "vs",
            "through",
            "'s",
        ];
        self.lower_months
            && match self.p.get(i + 1).map(|x| x.kind) {
                None | Some(PieceKind::Break | PieceKind::Num) => true,
                Some(PieceKind::Sym(c)) => ":,+&/()→.;".contains(c) || c == '-',
                Some(PieceKind::Word) => FOLLOWERS.contains(&self.low(i + 1)),
            }
    }

    /// A 4-digit year at `i` (not a figure: no unit after it).
    fn year_at(&self, i: usize) -> Option<i32> {
        let p = self.p.get(i)?;
        if p.kind != PieceKind::Num {
            return None;
        }
        year_of(self.raw(i))
    }

    /// A month, a date, a span or a year at `i`.
    fn date(&self, i: usize) -> Option<(Tok, usize)> {
        // "the ninth of October", "the thirtieth of October": a day in words.
        if self.low(i) == "the"
            && let Some((Meaning::Ordinal(d), n)) = self.phrase(i + 1)
            && (1..=31).contains(&d)
            && self.low(n) == "of"
            && let Some((m, end)) = self.month_at(n + 1)
        {
            let (tok, end) = self.after_month(m, None, end);
            if let Tok::Month(mut r) = tok {
                r.day = Some(d);
                return Some((Tok::Month(r), end));
            }
        }
        // "twenty twenty-four", "twenty nineteen": a year said aloud.
        if self.low(i) == "twenty"
            && self.p.get(i + 1).is_some_and(|x| x.kind == PieceKind::Word)
            && let Some((v, _, end)) = self.number_words(i + 1)
            && v.fract() == 0.0
            && (10.0..=99.0).contains(&v)
            && !matches!(
                self.phrase(end),
                Some((
                    Meaning::Mass(_) | Meaning::Money(_) | Meaning::Percent | Meaning::Scale(_),
                    _
                ))
            )
        {
            return Some((Tok::Year(2000 + v as i32), end));
        }
        // "2025 year 12 month", "12 month 2 day", "2025 year 12 month 2 day": Chinese dates
        // (年 月 日) translated word for word.
        // A number of one or two digits from 1 to `hi` at `k`.
        let small = |k: usize, hi: u32| {
            (self.p.get(k).is_some_and(|x| x.kind == PieceKind::Num) && self.raw(k).len() <= 2)
                .then(|| self.raw(k).parse::<u32>().ok())
                .flatten()
                .filter(|v| (1..=hi).contains(v))
        };
        let (year, at) = match self.year_at(i) {
            Some(y) if self.low(i + 1) == "year" && small(i + 2, 12).is_some() => (Some(y), i + 2),
            _ => (None, i),
        };
        if let Some(month) = small(at, 12) {
            // "1-11 month import" (1-11月): January to November.
            if year.is_none()
                && matches!(self.sym(at + 1), Some('-' | '~' | '～' | '–'))
                && let Some(last) = small(at + 2, 12)
                && self.low(at + 3) == "month"
                && month < last
            {
                return Some((
                    Tok::Span(SpanRef {
                        first: month,
                        last,
                        year: None,
                    }),
                    at + 4,
                ));
            }
            // "12 month of Japan toward rare earth magnet export", "11 month is 305 ton" (月
            // alone): a month, where "month" is singular, glued to nothing, and no duration
            // ("a 12 month high", "the 3 month average", "for 6 month").
            let month_alone = || {
                self.sym(at + 2) != Some('-')
                    && !matches!(
                        self.low(at + 2),
                        "high"
                            | "low"
                            | "highs"
                            | "lows"
                            | "period"
                            | "average"
                            | "rolling"
                            | "trend"
                            | "streak"
                            | "run"
                            | "old"
                            | "horizon"
                            | "window"
                            | "supply"
                            | "ago"
                            | "later"
                            | "earlier"
                            | "before"
                            | "after"
                            | "delay"
                            | "lag"
                    )
                    // ("The year before last 11 month": the month of that year.)
                    && !(at > 0
                        && !(at > 2 && self.low(at - 2) == "before" && self.low(at - 3) == "year")
                        && matches!(
                            self.low(at - 1),
                            "a" | "an"
                                | "the"
                                | "for"
                                | "over"
                                | "past"
                                | "last"
                                | "next"
                                | "first"
                                | "every"
                                | "each"
                                | "per"
                                | "of"
                                | "within"
                                | "than"
                                | "only"
                        ))
            };
            let day = small(at + 2, 31).filter(|_| self.low(at + 3) == "day");
            if self.low(at + 1) == "month" && (year.is_some() || day.is_some() || month_alone()) {
                return Some((
                    Tok::Month(MonthRef { month, year, day }),
                    if day.is_some() { at + 4 } else { at + 2 },
                ));
            }
        }
        // "2025-09": an ISO month.
        if let Some(y) = self.year_at(i)
            && self.sym(i + 1) == Some('-')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.p.get(i + 2).is_some_and(|x| x.kind == PieceKind::Num)
            && self.raw(i + 2).len() == 2
            && let Ok(m) = self.raw(i + 2).parse::<u32>()
            && (1..=12).contains(&m)
        {
            // "2025-09-30": a day.
            let (day, n) = if self.sym(i + 3) == Some('-')
                && self.glued(i + 3)
                && self.raw(i + 4).len() == 2
            {
                (self.raw(i + 4).parse::<u32>().ok(), i + 5)
            } else {
                (None, i + 3)
            };
            return Some((
                Tok::Month(MonthRef {
                    month: m,
                    year: Some(y),
                    day,
                }),
                n,
            ));
        }
        // "04/2025", "4/2025", "2025/04": a month and its year written with a slash, as tables
        // and continental writers give them.
        let num = |k: usize| self.p.get(k).is_some_and(|x| x.kind == PieceKind::Num);
        let after_slash = i > 0 && self.sym(i - 1) == Some('/') && self.glued(i);
        if num(i)
            && !after_slash
            && self.sym(i + 1) == Some('/')
            && self.glued(i + 1)
            && self.glued(i + 2)
        {
            let (a, b) = (self.raw(i), self.raw(i + 2));
            let ym = if a.len() <= 2 && b.len() == 4 && num(i + 2) {
                year_of(b).zip(a.parse::<u32>().ok())
            } else if a.len() == 4 && b.len() == 2 && num(i + 2) {
                year_of(a).zip(b.parse::<u32>().ok())
            } else {
                None
            };
            // Not a day and a month ("9/10/2025"): nothing glued on after.
            let more = self.sym(i + 3) == Some('/') && self.glued(i + 3);
            if let Some((year, month)) = ym
                && (1..=12).contains(&month)
                && !more
            {
                let m = MonthRef {
                    month,
                    year: Some(year),
                    day: None,
                };
                return Some((Tok::Month(m), i + 3));
            }
        }
        // "04.2025": a month and its year with a point (two digits for the month, so that
        // no decimal figure is taken for one), with no unit after it.
        if num(i)
            && let Some((m, y)) = self.raw(i).split_once('.')
            && m.len() == 2
            && y.len() == 4
            && let (Ok(month), Some(year)) = (m.parse::<u32>(), year_of(y))
            && (1..=12).contains(&month)
            && !self.unit_at(i + 1)
        {
            let m = MonthRef {
                month,
                year: Some(year),
                day: None,
            };
            return Some((Tok::Month(m), i + 1));
        }
        // "2024-25", "2024–25": a fiscal year, April to March (a month would be "2025-03").
        if let Some(y) = self.year_at(i)
            && let Some(end) = self.fiscal_end(y, i + 1)
        {
            return Some((fiscal_year(y + 1), end));
        }
        // "1Q26", "Q1 2025", "H1", "1H25", "FY25", "FY2025".
        if let Some(r) = self.quarter(i) {
            return Some(r);
        }
        // "22 September 2025", "7 Nov": a day before a month; "22 of October of 2025", as
        // Spanish and Portuguese datelines come out of translation.
        if self.p[i].kind == PieceKind::Num
            && self.raw(i).len() <= 2
            && let Ok(d) = self.raw(i).parse::<u32>()
            && (1..=31).contains(&d)
            && let Some((m, n)) = self
                .month_at(i + 1)
                .or_else(|| (self.low(i + 1) == "of").then(|| self.month_at(i + 2))?)
        {
            let (tok, n) = self.after_month(m, None, n);
            if let Tok::Month(mut r) = tok {
                r.day = Some(d);
                return Some((Tok::Month(r), n));
            }
        }
        // "2025 September": a year before a month.
        if let Some(y) = self.year_at(i)
            && let Some((m, n)) = self.month_at(i + 1)
        {
            let (tok, n) = self.after_month(m, Some(y), n);
            return Some((tok, n));
        }
        if let Some((m, n)) = self.month_at(i) {
            let (tok, n) = self.after_month(m, None, n);
            return Some((tok, n));
        }
        if let Some(y) = self.year_at(i) {
            // Not a figure: "2025 exports", "in 2024", "2024's". A year followed by a unit
            // ("2025 tonnes") is a figure.
            let unit_after = self.unit_at(i + 1);
            let money_before = i > 0 && matches!(self.sym(i - 1), Some('$' | '€' | '¥' | '£'));
            if !unit_after && !money_before {
                return Some((Tok::Year(y), i + 1));
            }
        }
        None
    }

    /// What follows a month name: a day, a year, or a second month making a span.
    fn after_month(&self, month: u32, year: Option<i32>, mut n: usize) -> (Tok, usize) {
        let mut year = year;
        let mut day = None;
        // "Oct. 9", "October 9,", "9th"
        if self.p.get(n).is_some_and(|x| x.kind == PieceKind::Num)
            && self.raw(n).len() <= 2
            && !self.glued(n)
            && let Ok(d) = self.raw(n).parse::<u32>()
            && (1..=31).contains(&d)
            && !matches!(self.sym(n + 1), Some('%'))
            && !self.phrase(n + 1).is_some_and(|(m, _)| {
                matches!(
                    m,
                    Meaning::Mass(_) | Meaning::Money(_) | Meaning::Percent | Meaning::Scale(_)
                )
            })
        {
            day = Some(d);
            n += 1;
            if matches!(self.low(n), "st" | "nd" | "rd" | "th") && self.glued(n) {
                n += 1;
            }
            if self.sym(n) == Some(',') && self.year_at(n + 1).is_some() {
                n += 1;
            }
        } else if let Some((Meaning::Ordinal(d), end)) = self.phrase(n)
            && (1..=31).contains(&d)
            && self.p[n].kind == PieceKind::Word
            && !matches!(self.sym(end), Some('-'))
            && !matches!(
                self.low(end),
                "highest"
                    | "largest"
                    | "lowest"
                    | "biggest"
                    | "consecutive"
                    | "straight"
                    | "month"
                    | "months"
                    | "time"
                    | "place"
                    | "quarter"
                    | "half"
                    | "most"
                    | "successive"
                    | "full"
                    | "in"
                    | "row"
            )
        {
            // "On October ninth", "on December second": a day in words.
            day = Some(d);
            n = end;
        }
        if year.is_none() {
            if let Some(y) = self.year_at(n) {
                year = Some(y);
                n += 1;
            } else if self.low(n) == "of"
                && let Some(y) = self.year_at(n + 1)
            {
                // "in October of 2024", "22 of October of 2025" (a translated date).
                year = Some(y);
                n += 2;
            } else if day.is_some() {
                // "October 25-26": a second day, not a year.
            } else if matches!(self.sym(n), Some('-' | '\'' | '’'))
                && self.glued(n)
                && self.glued(n + 1)
                && self.p.get(n + 1).is_some_and(|x| x.kind == PieceKind::Num)
                && self.raw(n + 1).len() == 2
                && let Ok(yy) = self.raw(n + 1).parse::<i32>()
            {
                // "Oct-25", "Dec '24".
                year = Some(2000 + yy);
                n += 2;
            } else if self.sym(n) == Some('-')
                && self.glued(n)
                && self.glued(n + 1)
                && self.p.get(n + 1).is_some_and(|x| x.kind == PieceKind::Num)
                && self.raw(n + 1).len() == 1
                && let Ok(d) = self.raw(n + 1).parse::<u32>()
                && d >= 1
            {
                // "Oct-9": a day.
                day = Some(d);
                n += 2;
            } else if matches!(self.sym(n), Some('\'' | '’'))
                && self.p.get(n + 1).is_some_and(|x| x.kind == PieceKind::Num)
                && self.raw(n + 1).len() == 2
                && let Ok(yy) = self.raw(n + 1).parse::<i32>()
            {
                year = Some(2000 + yy);
                n += 2;
            }
        }
        // A span: "Jan–Sep", "January to November 2025", "January~July".
        if day.is_none() {
            let joint = match self.p.get(n).map(|x| x.kind) {
                Some(PieceKind::Sym('-' | '–' | '—' | '~' | '～' | '/')) => Some(n + 1),
                Some(PieceKind::Word)
                    if matches!(self.low(n), "to" | "through" | "thru" | "till" | "until") =>
                {
                    Some(n + 1)
                }
                _ => None,
            };
            if let Some(j) = joint
                && let Some((last, m)) = self.month_at(j)
                && last > month
            {
                let mut m = m;
                let mut y = year;
                if let Some(yy) = self.year_at(m) {
                    y = Some(yy);
                    m += 1;
                } else if matches!(self.sym(m), Some('-' | '\'' | '’'))
                    && self.glued(m)
                    && self.raw(m + 1).len() == 2
                    && let Ok(yy) = self.raw(m + 1).parse::<i32>()
                {
                    y = Some(2000 + yy);
                    m += 2;
                }
                return (
                    Tok::Span(SpanRef {
                        first: month,
                        last,
                        year: y,
                    }),
                    m,
                );
            }
        }
        (Tok::Month(MonthRef { month, year, day }), n)
    }

    /// "1Q26", "Q1 2025", "3Q", "H1", "1H25", "FY25", "FY2025".
    /// A unit at `i`: a mass, a percent or a currency word, or "%" ("2025 tonnes" is a
    /// figure, "2025 exports" a year).
    fn unit_at(&self, i: usize) -> bool {
        self.phrase(i).is_some_and(|(m, _)| {
            matches!(m, Meaning::Mass(_) | Meaning::Percent | Meaning::Money(_))
        }) || self.sym(i) == Some('%')
    }

    /// After a year `y` at `n`: "-25", "–25", "/25" naming the next one, as a fiscal year is
    /// written ("2024-25"); where it ends.
    fn fiscal_end(&self, y: i32, n: usize) -> Option<usize> {
        let next = self.raw(n + 1);
        (matches!(self.sym(n), Some('-' | '–' | '/'))
            && self.glued(n)
            && self.glued(n + 1)
            && self.p.get(n + 1).is_some_and(|x| x.kind == PieceKind::Num)
            && next.len() == 2
            && next.parse::<i32>().ok() == Some((y + 1) % 100))
        .then_some(n + 2)
    }

    fn quarter(&self, i: usize) -> Option<(Tok, usize)> {
        let a = self.low(i);
        let span = |q: u32| (1, q * 3);
        let (first, last, mut n) = if self.p[i].kind == PieceKind::Num
            && matches!(a, "1" | "2" | "3" | "4")
            && matches!(self.low(i + 1), "q" | "h")
            && self.glued(i + 1)
        {
            let k: u32 = a.parse().ok()?;
            let (f, l) = if self.low(i + 1) == "q" {
                (k * 3 - 2, k * 3)
            } else {
                (k * 6 - 5, k * 6)
            };
            (f, l, i + 2)
        } else if matches!(a, "q" | "h")
            && self.glued(i + 1)
            && matches!(self.low(i + 1), "1" | "2" | "3" | "4")
        {
            let k: u32 = self.low(i + 1).parse().ok()?;
            let (f, l) = if a == "q" {
                (k * 3 - 2, k * 3)
            } else {
                (k * 6 - 5, k * 6)
            };
            (f, l, i + 2)
        } else if self.p[i].kind == PieceKind::Num
            && let Ok(k) = a.parse::<u32>()
            && (1..=12).contains(&k)
            && self.low(i + 1) == "m"
            && self.glued(i + 1)
            && self.glued(i + 2)
            && (self.p.get(i + 2).is_some_and(|x| x.kind == PieceKind::Num)
                && self.raw(i + 2).len() == 2
                // "9M-24"
                || self.sym(i + 2) == Some('-')
                    && self.glued(i + 3)
                    && self.p.get(i + 3).is_some_and(|x| x.kind == PieceKind::Num)
                    && self.raw(i + 3).len() == 2)
        {
            // "9M25", "2M26", "9M-24": the first N months of that year.
            (1, k, i + 2)
        } else if self.p[i].kind == PieceKind::Num
            && let Ok(k) = a.parse::<u32>()
            && (2..=12).contains(&k)
            && self.low(i + 1) == "m"
            && self.glued(i + 1)
            && !self.glued(i + 2)
            && (i == 0 || !matches!(self.sym(i - 1), Some('$' | '€' | '¥' | '£')))
            && self
                .phrase(i + 2)
                .is_some_and(|(m, _)| matches!(m, Meaning::Basket(_) | Meaning::Flow(_)))
        {
            // "11M magnet exports", "11M rare earths": the first N months (a count of a
            // commodity or of exports would have its unit).
            (1, k, i + 2)
        } else if a == "fy" && self.glued(i + 1) {
            let (f, l) = span(4);
            (f, l, i + 1)
        } else if let Some(k) = ["second", "third", "fourth", "2nd", "3rd", "4th"]
            .iter()
            .position(|w| *w == a)
            .map(|p| p as u32 % 3 + 2)
            // ("Third-quarter magnet exports": hyphenated.)
            && let q = if self.sym(i + 1) == Some('-') && self.glued(i + 1) && self.glued(i + 2) {
                i + 2
            } else {
                i + 1
            }
            && matches!(self.low(q), "quarter" | "half" | "trimester")
            && (q == i + 2 || !self.glued(i + 1))
        {
            // "the third quarter", "the second half" (the first ones are cues of the months
            // from January).
            if self.low(q) != "half" {
                (k * 3 - 2, k * 3, q + 1)
            } else if k == 2 {
                (7, 12, q + 1)
            } else {
                return None;
            }
        } else {
            return None;
        };
        // The year: glued two digits ("1Q26", "FY25", "FY-23", "FY'24", "9M-24", "H1-24"), or
        // four after a space.
        if matches!(self.sym(n), Some('-' | '\'' | '’'))
            && self.glued(n)
            && self.glued(n + 1)
            && self.p.get(n + 1).is_some_and(|x| x.kind == PieceKind::Num)
        {
            n += 1;
        }
        let mut year = None;
        if self.glued(n) && self.p.get(n).is_some_and(|x| x.kind == PieceKind::Num) {
            let y = self.raw(n);
            year = match y.len() {
                2 => y.parse::<i32>().ok().map(|y| 2000 + y),
                4 => year_of(y),
                _ => None,
            };
            n += 1;
        } else if let Some(y) = self.year_at(n) {
            year = Some(y);
            n += 1;
        }
        if a == "fy" && year.is_none() {
            return None;
        }
        // "FY2024-25", "FY24-25": a fiscal year across two, April to March.
        if a == "fy"
            && let Some(y) = year
            && let Some(end) = self.fiscal_end(y, n)
        {
            return Some((fiscal_year(y + 1), end));
        }
        Some((Tok::Span(SpanRef { first, last, year }), n))
    }

    /// A figure at `i`: a sign or an arrow, a currency, digits or number words, a scale, a
    /// unit.
    fn figure(&self, i: usize) -> Option<(Tok, usize)> {
        let mut k = i;
        let mut signed = None;
        // A sign glued to the number, not after a word or a number ("Jan-25", "2024-25").
        if let Some(c) = self.sym(k)
            && matches!(c, '-' | '−' | '–' | '+' | '↑' | '↓' | '▲' | '▼')
            && self.p.get(k + 1).is_some_and(|x| x.kind == PieceKind::Num)
        {
            let after_word = k > 0
                && !self.p[k].space_before
                && matches!(self.p[k - 1].kind, PieceKind::Word | PieceKind::Num);
            let arrow = matches!(c, '↑' | '↓' | '▲' | '▼');
            if (arrow || self.glued(k + 1)) && !after_word {
                signed = Some(matches!(c, '+' | '↑' | '▲'));
                k += 1;
            }
        }
        // A currency before the number: "$", "US$", "USD", "€".
        let mut money = None;
        if let Some(c) = self.sym(k)
            && matches!(c, '$' | '€' | '¥' | '£')
        {
            money = Some(match c {
                '€' => Unit::Eur,
                '¥' => Unit::Cny,
                '£' => Unit::Bare,
                _ => Unit::Usd,
            });
            k += 1;
        } else if matches!(self.low(k), "us" | "u")
            && self.sym(k + 1) == Some('$')
            && self.glued(k + 1)
        {
            money = Some(Unit::Usd);
            k += 2;
        } else if matches!(self.low(k), "usd" | "eur" | "cny" | "rmb")
            && self.p.get(k + 1).is_some_and(|x| x.kind == PieceKind::Num)
        {
            money = Some(match self.low(k) {
                "eur" => Unit::Eur,
                "usd" => Unit::Usd,
                _ => Unit::Cny,
            });
            k += 1;
        }
        if money.is_some()
            && signed.is_none()
            && let Some(c) = self.sym(k)
            && matches!(c, '-' | '−')
        {
            signed = Some(false);
            k += 1;
        }
        let (value, precision, mut n, words) = match self.p.get(k)?.kind {
            PieceKind::Num => {
                let english;
                let raw = self.raw(k);
                // Thousands set apart by spaces, as the text's own mark would set them.
                let spaced;
                let raw = if raw.contains(|c| is_group_space(c) || is_group_apostrophe(c)) {
                    let mark = if self.european { "." } else { "," };
                    spaced = raw.replace(|c| is_group_space(c) || is_group_apostrophe(c), mark);
                    spaced.as_str()
                } else {
                    raw
                };
                let digits = if self.european {
                    english = english_digits(raw);
                    english.as_str()
                } else {
                    raw
                };
                let v = parse_digits(digits)?;
                // A bare year is a date, not a figure.
                if money.is_none()
                    && signed.is_none()
                    && year_of(digits).is_some()
                    && !self.unit_at(k + 1)
                {
                    return None;
                }
                (v, precision_of(digits), k + 1, false)
            }
            PieceKind::Word => {
                if let Some((frac, n)) = self.fraction(k) {
                    if money.is_some() || signed.is_some() {
                        return None;
                    }
                    return Some((Tok::Fraction(frac), n));
                }
                let (v, p, n) = self.number_words(k)?;
                (v, p, n, true)
            }
            _ => return None,
        };
        let mut value = value;
        let mut precision = precision;
        // A scale: "million", "bn", "k" (glued), "m" (glued, or after a currency).
        if let Some((Meaning::Scale(s), m)) = self.phrase(n) {
            let short = matches!(self.low(n), "m" | "b" | "k");
            let ok = !short || self.glued(n) || money.is_some();
            // "m" before a unit ("5 m tonnes") is a million; "m" alone after a plain number
            // may be metres: only with money or glued.
            if ok && (self.low(n) != "k" || self.glued(n)) {
                value *= s;
                precision *= s;
                // "0.58 lakh" is 58,000 as written, not 57,999.99… of binary arithmetic.
                if precision >= 1.0 {
                    value = (value / precision).round() * precision;
                }
                n = m;
            }
        }
        // "thousand tonnes" handled as a mass phrase below.
        let mut unit = money.unwrap_or(Unit::Bare);
        // A line that opens with its figure and says what it counts after a colon ("5,774:
        // tonnes of rare earth magnets China exported in September", a by-the-numbers list):
        // the unit after the colon is the figure's.
        if money.is_none()
            && self.line_start
            && self.sym(n) == Some(':')
            && matches!(self.phrase(n + 1), Some((Meaning::Mass(_), _)))
        {
            n += 1;
        }
        if money.is_none() {
            if self.sym(n) == Some('%') {
                unit = Unit::Pct;
                n += 1;
            } else if let Some((m, end)) = self.phrase(n) {
                match m {
                    Meaning::Percent => {
                        unit = Unit::Pct;
                        n = end;
                    }
                    Meaning::Points => {
                        unit = Unit::Pp;
                        n = end;
                    }
                    Meaning::Mass(f) => {
                        // A lone "g" must touch the number ("5 g" may be a grade); "mt" after
                        // a figure is the trade's metric tonne ("6,150 mt"), spaced or not.
                        let weak = matches!(self.low(n), "t" | "g");
                        if !weak
                            || self.glued(n)
                            || !self.raw(n).chars().any(char::is_lowercase)
                            || self.low(n) == "t"
                        {
                            if f < 1e-3 {
                                // grams
                                unit = Unit::Kg;
                                value *= f * 1e3;
                                precision *= f * 1e3;
                            } else if (f - 1e-3).abs() < 1e-12 {
                                unit = Unit::Kg;
                            } else {
                                unit = Unit::Tonnes;
                                value *= f;
                                precision *= f;
                            }
                            n = end;
                        }
                    }
                    Meaning::Money(c) => {
                        unit = match c {
                            Currency::Usd => Unit::Usd,
                            Currency::Cny => Unit::Cny,
                            Currency::Eur => Unit::Eur,
                        };
                        n = end;
                    }
                    Meaning::Scale(_) => {}
                    _ => {}
                }
            }
            // "2.51 million kg": the scale came first, the mass after.
        } else if let Some((Meaning::Money(_), end)) = self.phrase(n) {
            // "$1.02 billion dollars"
            n = end;
        }
        // "of" before a mass: "twelve thousand tonnes of …" is handled by the unit above.
        if signed == Some(false) {
            value = -value;
        }
        let figure = Figure {
            value,
            precision,
            unit,
            signed,
            words,
        };
        Some((Tok::Figure(figure), n))
    }

    /// "half", "a third", "two-thirds", "three quarters" — a fraction only where one is
    /// meant: before "of", after "by" or a hedge ("a third straight monthly decline" is an
    /// ordinal; "half the total" and "two-thirds" stand alone).
    fn fraction(&self, k: usize) -> Option<(f64, usize)> {
        // "one in five", "one out of every four", "one of every three": a part of N.
        if self.low(k) == "one" {
            let mut j = k + 1;
            let linked = match self.low(j) {
                "in" => true,
                "out" if self.low(j + 1) == "of" => {
                    j += 1;
                    true
                }
                "of" if self.low(j + 1) == "every" => true,
                _ => false,
            };
            if linked {
                j += 1;
                if self.low(j) == "every" {
                    j += 1;
                }
                // A count in words from the vocabulary's cardinals, or in digits.
                let n = match self.phrase(j) {
                    Some((Meaning::Cardinal(v), end)) if end == j + 1 && v.fract() == 0.0 => {
                        Some(v as u32)
                    }
                    _ => self
                        .p
                        .get(j)
                        .is_some_and(|x| x.kind == PieceKind::Num)
                        .then(|| self.raw(j).parse::<u32>().ok())
                        .flatten(),
                };
                if let Some(n) = n.filter(|n| (2..=20).contains(n)) {
                    return Some((100.0 / f64::from(n), j + 1));
                }
            }
        }
        let (v, n) = self.fraction_words(k)?;
        // "the half-year total": a span of months, not a fraction.
        let mut j = n;
        while self.sym(j) == Some('-') {
            j += 1;
        }
        if self.low(k) == "half" && self.low(j) == "year" {
            return None;
        }
        let plural = self.low(n - 1).ends_with('s') || self.low(k) == "half";
        let of_after = self.low(n) == "of" || self.low(n) == "the";
        let prev = if k > 0 { self.low(k - 1) } else { "" };
        let by_before = matches!(
            prev,
            "by" | "than"
                | "nearly"
                | "almost"
                | "about"
                | "roughly"
                | "around"
                | "over"
                | "some"
                | "down"
                | "up"
                | "fell"
                | "rose"
                | "dropped"
                | "slid"
                | "shrank"
                | "grew"
        );
        // "a quarter lower than in May", "a third below September's"
        let compared = matches!(
            self.low(n),
            "lower" | "higher" | "less" | "more" | "below" | "above" | "from"
        );
        (plural && self.low(k) != "half"
            || of_after
            || by_before
            || compared
            || self.low(k) == "half" && !matches!(self.low(n), "a" | "an"))
        .then_some((v, n))
    }

    fn fraction_words(&self, k: usize) -> Option<(f64, usize)> {
        'f: for (words, v) in FRACTIONS {
            let mut j = k;
            for w in *words {
                while self.sym(j) == Some('-') {
                    j += 1;
                }
                let l = self.low(j);
                if l != *w && !(w.ends_with('s') && l == &w[..w.len() - 1]) {
                    continue 'f;
                }
                j += 1;
            }
            return Some((*v, j));
        }
        None
    }

    /// Number words: "forty-six", "one thousand four hundred and twenty-seven", "twenty-three
    /// and a half thousand", "seven". Returns the value, its precision and the next piece.
    fn number_words(&self, k: usize) -> Option<(f64, f64, usize)> {
        let mut total = 0.0;
        let mut current = 0.0;
        let mut precision = f64::INFINITY;
        let mut j = k;
        let mut any = false;
        let mut last_end = k;
        loop {
            while self.sym(j) == Some('-') && any {
                j += 1;
            }
            let l = self.low(j);
            if l == "and" && any {
                j += 1;
                continue;
            }
            // "twenty-nine thousand, three hundred …": a comma after a scale goes on.
            if any
                && current == 0.0
                && total > 0.0
                && self.sym(j) == Some(',')
                && matches!(self.phrase(j + 1), Some((Meaning::Cardinal(_), _)))
            {
                j += 1;
                continue;
            }
            // "five point two percent": decimals, a digit a word.
            if any && l == "point" {
                let mut frac = 0.0;
                let mut place = 1.0;
                let mut m = j + 1;
                while let Some((Meaning::Cardinal(d), n)) = self.phrase(m) {
                    if n != m + 1 || d >= 10.0 || d.fract() != 0.0 {
                        break;
                    }
                    place /= 10.0;
                    frac += d * place;
                    m = n;
                }
                if place < 1.0 {
                    current += frac;
                    precision = precision.min(place);
                    j = m;
                    last_end = j;
                }
                break;
            }
            if any && l == "a" && self.low(j + 1) == "half" {
                current += 0.5;
                precision = precision.min(0.5);
                j += 2;
                last_end = j;
                continue;
            }
            if self.p.get(j).is_none_or(|x| x.kind != PieceKind::Word) {
                break;
            }
            match self.phrase(j) {
                Some((Meaning::Cardinal(v), n)) if n == j + 1 => {
                    if v == 100.0 {
                        current = if current == 0.0 {
                            100.0
                        } else {
                            current * 100.0
                        };
                        precision = precision.min(100.0);
                    } else {
                        current += v;
                        precision = precision.min(if v >= 20.0 { 10.0 } else { 1.0 });
                        if v >= 20.0 && v % 10.0 == 0.0 {
                            precision = precision.min(10.0);
                        }
                    }
                    any = true;
                    j = n;
                    last_end = j;
                }
                // "ten thousand seven hundred …": the words the vocabulary also holds as one
                // scale (the Chinese 万) open a number here.
                Some((Meaning::Scale(s), n)) if !any && l == "ten" && n == j + 2 => {
                    total += s;
                    precision = s;
                    any = true;
                    j = n;
                    last_end = j;
                }
                Some((Meaning::Scale(s), n))
                    if any && s >= 1e3 && matches!(l, "thousand" | "million" | "billion") =>
                {
                    total += current * s;
                    precision = if precision.is_finite() {
                        precision * s
                    } else {
                        s
                    };
                    current = 0.0;
                    j = n;
                    last_end = j;
                }
                _ => break,
            }
        }
        if !any {
            return None;
        }
        let value = total + current;
        // "one" alone is a word more often than a number ("one month is not a trend"), but
        // not before a unit ("one percent", "one kilogram", "one tonne").
        if last_end == k + 1
            && self.low(k) == "one"
            && !matches!(
                self.phrase(k + 1),
                Some((Meaning::Mass(_) | Meaning::Percent, _))
            )
        {
            return None;
        }
        let precision = if precision.is_finite() {
            precision
        } else {
            1.0
        };
        // The smallest place the words name: "twenty-seven" → 1; "five point two" → 0.1.
        let precision = if value.fract() != 0.0 {
            if precision < 0.5 { precision } else { 0.5 }
        } else {
            precision.min(smallest_place(value))
        };
        Some((value, precision, last_end))
    }
}

/// The place value of a whole number's last non-zero digit (47 → 1, 23,500 → 100).
fn smallest_place(v: f64) -> f64 {
    if v == 0.0 {
        return 1.0;
    }
    let mut p = 1.0;
    while (v / (p * 10.0)).fract() == 0.0 && p < 1e12 {
        p *= 10.0;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        tokenize(text).into_iter().map(|t| t.tok).collect()
    }

    /// Whether any token of `text` is read as a country.
    fn names_country(text: &str) -> bool {
        toks(text).iter().any(|t| matches!(t, Tok::Country(_)))
    }

    fn fig(text: &str) -> Figure {
        tokenize(text)
            .into_iter()
            .find_map(|t| t.figure().copied())
            .unwrap_or_else(|| panic!("no figure in {text:?}"))
    }

    /// A desk note's three-letter codes leading a label; not a capitalised word elsewhere.
    #[test]
    fn three_letter_codes_lead_labels() {
        assert_eq!(toks("DEU: 1,288 t")[0], Tok::Country("DEU"));
        assert_eq!(toks("KOR y/y: +7%")[0], Tok::Country("KOR"));
        assert!(!names_country("THE VALUE, HOWEVER, WAS DOWN"));
        assert!(!names_country("Analysts CAN see it"));
    }

    /// "nine in every ten", "one in five": a fraction; not a count of months or tonnes.
    /// In a text that writes months in lower case, "may" and "march" are months where what
    /// follows makes one; a verb still where a verb follows.
    #[test]
    fn lower_case_may_and_march_in_a_text_that_writes_months_so() {
        let text =
            "may was the big one: 6,217t. march + april 1,595 kg. exports may fall. june 4,829t.";
        let lexed = Lexed::new(text);
        assert!(lexed.writes_months_lower());
        let months: Vec<String> = lexed
            .tokens_in(false, true)
            .iter()
            .filter(|t| matches!(t.tok, Tok::Month(_) | Tok::Span(_)))
            .map(|t| text[t.start..t.end].to_string())
            .collect();
        assert_eq!(months, ["may", "march + april", "june"]);
        // A text that writes no month in lower case keeps "may" a verb.
        let text = "Exports may rebound. may: 6,217t.";
        assert!(!Lexed::new(text).writes_months_lower());
        assert!(!toks(text).iter().any(|t| matches!(t, Tok::Month(_))));
    }

    /// A commodity in an organisation's name is who spoke, not what was traded; the same
    /// words in a headline's capitals are the commodity.
    #[test]
    fn a_commodity_in_a_name_is_no_basket() {
        let basket = |t: &str| toks(t).iter().any(|t| matches!(t, Tok::Basket(_)));
        assert!(!basket(
            "Rare Earth Exchanges, citing Chinese data, put the value lower."
        ));
        assert!(!basket("said the Antimony Industry Association."));
        assert!(basket("China's Rare Earth Exports Fall"));
        assert!(basket("Rare Earth Magnets: exports fell"));
        assert!(basket("rare earth exchanges between the two countries"));
    }

    #[test]
    fn n_in_every_m_is_a_fraction() {
        assert!(toks("more than nine in every ten magnets").contains(&Tok::Fraction(90.0)));
        assert!(toks("one in five buyers").contains(&Tok::Fraction(20.0)));
        assert!(
            !toks("2 in 3 months")
                .iter()
                .any(|t| matches!(t, Tok::Fraction(_)))
        );
    }

    /// Spoken dates: a year said aloud, a day in words after its month.
    #[test]
    fn dates_said_aloud() {
        assert_eq!(toks("In twenty twenty-four, China")[1], Tok::Year(2024));
        assert_eq!(
            toks("in August twenty twenty-three")[1],
            Tok::Month(MonthRef {
                month: 8,
                year: Some(2023),
                day: None
            })
        );
        assert_eq!(
            toks("On October ninth, the ministry")[1],
            Tok::Month(MonthRef {
                month: 10,
                year: None,
                day: Some(9)
            })
        );
        // Not a rank or a run after a month.
        assert!(
            toks("October second-highest month").contains(&Tok::Month(MonthRef {
                month: 10,
                year: None,
                day: None
            }))
        );
        // "twenty tonnes" is a figure.
        assert!(
            !toks("twenty twenty tonnes")
                .iter()
                .any(|t| matches!(t, Tok::Year(_)))
        );
        // A fiscal year ending a month of a year said aloud.
        assert!(
            toks("its fiscal year ending March twenty twenty-five, India").contains(&Tok::Span(
                SpanRef {
                    first: 4,
                    last: 3,
                    year: Some(2025)
                }
            ))
        );
    }

    /// An estimate of what was is reported, not forecast; "one" before a unit is a number.
    #[test]
    fn estimates_of_the_past_and_one_percent() {
        assert!(
            !toks("Traders estimate that volumes were 38% below a year earlier.")
                .contains(&Tok::Cue(Cue::Future))
        );
        assert!(
            toks("Traders estimate that volumes will rise 38% next year.")
                .contains(&Tok::Cue(Cue::Future))
        );
        assert_eq!(
            fig("about one percent less than in the year before").value,
            1.0
        );
        assert_eq!(fig("June exports amounted to one kilogram").value, 1.0);
        assert!(
            !toks("one month is not a trend")
                .iter()
                .any(|t| matches!(t, Tok::Figure(_)))
        );
    }

    /// Chinese dates (年 月 日) translated word for word.
    #[test]
    fn chinese_dates_word_for_word() {
        let month = |month, year, day| Tok::Month(MonthRef { month, year, day });
        assert_eq!(
            toks("2025 year 12 month export")[0],
            month(12, Some(2025), None)
        );
        assert_eq!(
            toks("12 month 18 day, the system")[0],
            month(12, None, Some(18))
        );
        assert_eq!(
            toks("2026 year 1 month 6 day, commerce ministry")[0],
            month(1, Some(2026), Some(6))
        );
        // A count of months alone is not a date.
        assert!(
            !toks("over 12 month periods")
                .iter()
                .any(|t| matches!(t, Tok::Month(_)))
        );
        // 月 alone, and a span of them.
        assert_eq!(toks("11 month is 305 ton")[0], month(11, None, None));
        assert_eq!(
            toks("1-11 month import rare earth ore")[0],
            Tok::Span(SpanRef {
                first: 1,
                last: 11,
                year: None
            })
        );
        for text in [
            "a 12 month high",
            "the 3 month average",
            "for 6 month",
            "2 month later",
        ] {
            assert!(
                !toks(text).iter().any(|t| matches!(t, Tok::Month(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn months_from_january_are_a_span() {
        let span = |first, last, year| Tok::Span(SpanRef { first, last, year });
        assert_eq!(
            toks("For the first 10 months of the year, exports"),
            vec![
                Tok::Cue(Cue::In),
                Tok::Word("the".into()),
                span(1, 10, None),
                Tok::Cue(Cue::Of),
                Tok::Word("the".into()),
                Tok::Cue(Cue::YearWord),
                Tok::Punct(','),
                Tok::Flow(Flow::Export),
            ]
        );
        assert_eq!(
            toks("the first eight months of 2024")[1],
            span(1, 8, Some(2024))
        );
        assert_eq!(toks("Seven-month exports")[0], span(1, 7, None));
        // A desk note's labels and the tallies of the year so far.
        assert_eq!(toks("YTD May-25: 19,132 t")[0], span(1, 5, Some(2025)));
        assert_eq!(toks("y/y YTD Jul: -15.0%")[1], span(1, 7, None));
        assert_eq!(toks("the nine-month tally")[1], span(1, 9, None));
        assert_eq!(toks("The seven-month figure")[1], span(1, 7, None));
        assert!(toks("less than an eighth of the total").contains(&Tok::Fraction(12.5)));
        assert_eq!(
            toks("bringing the total since January to 44,355 tonnes")[3],
            Tok::Cue(Cue::Ytd)
        );
        // Not "the highest since January": a record.
        assert!(!toks("the highest since January").contains(&Tok::Cue(Cue::Ytd)));
        assert_eq!(
            toks("16,001 tonnes in the quarter")[2],
            Tok::Cue(Cue::ThisSpan(3))
        );
        assert_eq!(
            toks("about 30 tonnes for the half")[3],
            Tok::Cue(Cue::ThisSpan(6))
        );
        assert_eq!(toks("38.6 kt that year")[1], Tok::Cue(Cue::FullYear));
        assert!(!toks("in March that year").contains(&Tok::Cue(Cue::FullYear)));
        // An amount in words with no number: one, a half, none.
        let amount = |text: &str| {
            toks(text).into_iter().find_map(|t| match t {
                Tok::Figure(f) => Some((f.value, f.unit)),
                _ => None,
            })
        };
        assert_eq!(
            amount("a single kilogram a year later"),
            Some((1.0, Unit::Kg))
        );
        assert_eq!(
            amount("with half a tonne going to Estonia"),
            Some((0.5, Unit::Tonnes))
        );
        assert_eq!(amount("not a single kilogram left"), Some((0.0, Unit::Kg)));
        assert_eq!(amount("a single buyer"), None);
        // Days past the twelfth in words.
        for (text, day) in [
            ("on the fifteenth of September", 15),
            ("on the twenty-sixth of October", 26),
            ("on the thirtieth of October", 30),
        ] {
            assert!(
                toks(text)
                    .iter()
                    .any(|t| matches!(t, Tok::Month(m) if m.day == Some(day))),
                "{text}"
            );
        }
        // "a six-month high" is a record, not a span; nor is "the first month".
        assert!(
            !toks("a six-month high")
                .iter()
                .any(|t| matches!(t, Tok::Span(_)))
        );
        assert!(
            !toks("the first month")
                .iter()
                .any(|t| matches!(t, Tok::Span(_)))
        );
        // Ordinals in figures.
        assert_eq!(toks("the 1st place")[1], Tok::Ordinal(1));
        assert_eq!(toks("a 2nd straight month")[1], Tok::Ordinal(2));
        // Leader dots are a column; an ellipsis is not.
        assert!(toks("World, May ........ 1,238").contains(&Tok::Punct('|')));
        assert!(!toks("exports fell... again").contains(&Tok::Punct('|')));
    }

    #[test]
    fn figures_with_their_units_and_precision() {
        let f = fig("420.5 tonnes");
        assert_eq!((f.value, f.precision, f.unit), (420.5, 0.1, Unit::Tonnes));
        let f = fig("45.3kt");
        assert!((f.value - 45_300.0).abs() < 1e-6 && f.unit == Unit::Tonnes);
        assert!((f.precision - 100.0).abs() < 1e-6);
        let f = fig("US$68.6mn");
        assert!((f.value - 68_600_000.0).abs() < 1e-3 && f.unit == Unit::Usd);
        let f = fig("$1.02 billion");
        assert!((f.precision - 10_000_000.0).abs() < 1e-3);
        let f = fig("−6.1%");
        assert_eq!((f.value, f.unit, f.signed), (-6.1, Unit::Pct, Some(false)));
        let f = fig("↑56% MoM");
        assert_eq!((f.value, f.signed), (56.0, Some(true)));
        let f = fig("1,497 kg");
        assert_eq!((f.value, f.unit), (1497.0, Unit::Kg));
        let f = fig("5493.9 ton");
        assert_eq!((f.value, f.unit), (5493.9, Unit::Tonnes));
        // A trader's "mt", spaced from its figure.
        let f = fig("6,150 mt");
        assert_eq!((f.value, f.unit), (6150.0, Unit::Tonnes));
        let f = fig("2.51 million kg");
        assert_eq!((f.value, f.unit), (2_510_000.0, Unit::Kg));
    }

    /// Numbers written the continental way, when the text shows it ("420,5", "6,1%"), and
    /// only then: "5.774 tons" is 5,774 t there and 5.774 t in an English text.
    #[test]
    fn continental_numbers() {
        let figures = |text: &str, continental: bool| -> Vec<(f64, f64)> {
            tokenize_as(text, continental)
                .into_iter()
                .filter_map(|t| match t.tok {
                    Tok::Figure(f) => Some((f.value, f.precision)),
                    _ => None,
                })
                .collect()
        };
        let text = "Exports fell a 6,1% to 5.774 tons; the US took 420,5 tons and Germany \
                    1.106,5 tons, about 2.4 times as much.";
        assert!(numbers_are_continental([text].into_iter()));
        assert_eq!(
            figures(text, true),
            vec![
                (6.1, 0.1),
                (5774.0, 1.0),
                (420.5, 0.1),
                (1106.5, 0.1),
                (2.4, 0.1)
            ]
        );
        // The same words in English numbers, and a text mixing both ways: English.
        let english = "Exports fell 6.1% to 5,774 tons; the US took 420.5 tons.";
        assert!(!numbers_are_continental([english].into_iter()));
        assert!(!numbers_are_continental(
            [text, "It was 1,016.65 t."].into_iter()
        ));
        assert_eq!(figures("It was 5.774 tons.", false), vec![(5.774, 0.001)]);
        // A list is no continental number.
        assert!(!numbers_are_continental(
            ["Sections 1,2 and 3 of the rule cover 5.774 tons."].into_iter()
        ));
        // One paragraph shows the way; the next is read the same way.
        assert!(numbers_are_continental(
            ["Exports fell 6,1%.", "Germany received 1.288 tons."].into_iter()
        ));
    }

    #[test]
    fn spaced_thousands_and_times_of_day() {
        let figures = |text: &str, continental: bool| -> Vec<f64> {
            tokenize_as(text, continental)
                .into_iter()
                .filter_map(|t| match t.tok {
                    Tok::Figure(f) => Some(f.value),
                    _ => None,
                })
                .collect()
        };
        // French and other translated copy set thousands apart with spaces (plain, no-break,
        // thin), with or without a decimal comma.
        assert_eq!(
            figures(
                "la Chine a exporté 5 473 t, dont 1\u{a0}118 t vers l'Allemagne",
                false
            ),
            vec![5473.0, 1118.0]
        );
        assert_eq!(
            figures("the exports reached 4 343,5 t, a fall of 13,2 %", true),
            vec![4343.5, 13.2]
        );
        assert_eq!(
            figures("45\u{202f}290 tonnes by October", false),
            vec![45290.0]
        );
        // Not a year before a figure, a list, a date's tail or two figures in a table.
        assert_eq!(figures("In 2025 5 473 t were shipped", false), vec![5473.0]);
        assert_eq!(figures("Mar-26 406t", false), vec![406.0]);
        assert_eq!(figures("ranks 1 234 and 5", false), vec![1.0, 234.0, 5.0]);
        // A time of day is no figure: chat logs and transcripts open their lines with one.
        assert_eq!(
            figures("[08:03] Priya N.: US 420.5t, that's -28.7% m/m", false),
            vec![420.5, -28.7]
        );
        assert_eq!(
            figures("00:45 Intro, 14:30:05 the 5,774 t", false),
            vec![5774.0]
        );
        // A ratio or a score is not a time.
        assert_eq!(figures("a 3:1 ratio", false), vec![3.0, 1.0]);
    }

    #[test]
    fn translated_dates_and_spans() {
        let toks = |text: &str| -> Vec<Tok> { tokenize(text).into_iter().map(|t| t.tok).collect() };
        assert!(
            toks("Mexico City, 22 of October of 2025").contains(&Tok::Month(MonthRef {
                month: 10,
                year: Some(2025),
                day: Some(22),
            }))
        );
        // A day as an ordinal before its month.
        for text in ["MOFCOM on 7th November announced", "on the 7th of November"] {
            assert!(
                toks(text).contains(&Tok::Month(MonthRef {
                    month: 11,
                    year: None,
                    day: Some(7),
                })),
                "{text}"
            );
        }
        // A broker's "11M": the first eleven months, not eleven million.
        assert!(
            toks("11M magnet exports now 51.44kt").contains(&Tok::Span(SpanRef {
                first: 1,
                last: 11,
                year: None,
            }))
        );
        assert!(
            !toks("sold $11M of exports")
                .iter()
                .any(|t| matches!(t, Tok::Span(_)))
        );
        assert!(
            toks("On the ten first months, China exported 45 290 t").contains(&Tok::Span(
                SpanRef {
                    first: 1,
                    last: 10,
                    year: None,
                }
            ))
        );
    }

    #[test]
    fn numbers_in_words() {
        let f = fig("one thousand four hundred and twenty-seven tonnes");
        assert_eq!((f.value, f.unit, f.precision), (1427.0, Unit::Tonnes, 1.0));
        let f = fig("some twenty-three and a half thousand tonnes");
        assert_eq!((f.value, f.precision), (23_500.0, 500.0));
        let f = fig("nine hundred and forty-eight tonnes");
        assert_eq!(f.value, 948.0);
        let f = fig("Forty-six tonnes");
        assert_eq!(f.value, 46.0);
        let f = fig("ninety-four percent");
        assert_eq!((f.value, f.unit), (94.0, Unit::Pct));
        // A comma after a scale, and decimals a digit a word.
        let f = fig("twenty-nine thousand, three hundred and eighty-nine kilograms");
        assert_eq!((f.value, f.unit, f.precision), (29_389.0, Unit::Kg, 1.0));
        let f = fig("five point two percent");
        assert_eq!((f.value, f.unit, f.precision), (5.2, Unit::Pct, 0.1));
        // A day in words.
        assert_eq!(
            toks("the ninth of October")[0],
            Tok::Month(MonthRef {
                month: 10,
                year: None,
                day: Some(9)
            })
        );
    }

    /// Scales of Indian English and of translated Chinese, and Indian digit grouping: the
    /// value is the one written, with no binary remainder.
    #[test]
    fn lakhs_crores_ten_thousands_and_indian_grouping() {
        let f = fig("0.58 lakh tonnes");
        assert_eq!(
            (f.value, f.unit, f.precision),
            (58_000.0, Unit::Tonnes, 1_000.0)
        );
        let f = fig("$1.2 crore");
        assert_eq!((f.value, f.unit), (12_000_000.0, Unit::Usd));
        let f = fig("0.5952 ten-thousand tons");
        assert_eq!((f.value, f.unit, f.precision), (5_952.0, Unit::Tonnes, 1.0));
        let f = fig("1,32,931 kg");
        assert_eq!((f.value, f.unit, f.precision), (132_931.0, Unit::Kg, 1.0));
    }

    /// A span "of" a year is in that year: "the January-February period of 2026".
    #[test]
    fn a_span_of_a_year() {
        assert_eq!(
            toks("the combined January-February period of 2026")[2],
            Tok::Span(SpanRef {
                first: 1,
                last: 2,
                year: Some(2026)
            })
        );
    }

    /// A memo's "RE:" or "CC:" at a line's start is no country's code; "JP: 226t" is.
    #[test]
    fn memo_labels_are_not_codes() {
        assert!(!names_country("RE: NdFeB to Asian buyers"));
        assert!(!names_country("CC: desk"));
        assert_eq!(toks("JP: 226t")[0], Tok::Country("JPN"));
    }

    /// Swiss thousands: "57'392 tonnes", "1’341 t"; a quoted year stays a year.
    #[test]
    fn swiss_apostrophe_thousands() {
        let f = fig("57'392 tonnes");
        assert_eq!(
            (f.value, f.unit, f.precision),
            (57_392.0, Unit::Tonnes, 1.0)
        );
        let f = fig("1\u{2019}341.08 t");
        assert_eq!((f.value, f.unit), (1_341.08, Unit::Tonnes));
        assert!(
            toks("2025's 5'000 t")
                .iter()
                .any(|t| matches!(t, Tok::Figure(f) if f.value == 5_000.0))
        );
    }

    #[test]
    fn months_dates_and_spans() {
        // A fiscal year across two, April to March of the year it ends in.
        let fy = Tok::Span(SpanRef {
            first: 4,
            last: 3,
            year: Some(2025),
        });
        assert_eq!(toks("in 2024-25")[1], fy);
        assert_eq!(toks("in 2024–25")[1], fy);
        assert_eq!(toks("in FY2024-25")[1], fy);
        // A calendar year written with a hyphen or an apostrophe.
        let fy23 = Tok::Span(SpanRef {
            first: 1,
            last: 12,
            year: Some(2023),
        });
        assert_eq!(toks("Imports FY-23: 175,853 t")[1], fy23);
        assert_eq!(toks("Imports FY'23: 175,853 t")[1], fy23);
        assert_eq!(
            toks("Imports 9M-24: 102,489.1 t")[1],
            Tok::Span(SpanRef {
                first: 1,
                last: 9,
                year: Some(2024)
            })
        );
        assert_eq!(
            toks("Imports H1-24: 72,307 t")[1],
            Tok::Span(SpanRef {
                first: 1,
                last: 6,
                year: Some(2024)
            })
        );
        assert!(toks("in the fiscal year to March 2025").contains(&fy));
        // A month is a month: "2025-03".
        assert!(matches!(toks("in 2025-03")[1], Tok::Month(_)));
        // "the year to October": January to it (a fiscal year's is the twelve months, below).
        assert_eq!(
            toks("in the year to October 2025")[2],
            Tok::Span(SpanRef {
                first: 1,
                last: 10,
                year: Some(2025)
            })
        );
        // A month and its year with a slash or a point; a day/month/year is not one.
        let month = |m, y| {
            Tok::Month(MonthRef {
                month: m,
                year: Some(y),
                day: None,
            })
        };
        assert_eq!(toks("in 04/2025")[1], month(4, 2025));
        assert_eq!(toks("in 4/2025")[1], month(4, 2025));
        assert_eq!(toks("in 2025/11")[1], month(11, 2025));
        assert_eq!(toks("in 05.2025")[1], month(5, 2025));
        assert!(!toks("on 9/10/2025").contains(&month(10, 2025)));
        assert!(matches!(toks("3.2025 t")[0], Tok::Figure(_)));
        assert_eq!(
            toks("Sept. 2025")[0],
            Tok::Month(MonthRef {
                month: 9,
                year: Some(2025),
                day: None
            })
        );
        assert_eq!(
            toks("Oct-25")[0],
            Tok::Month(MonthRef {
                month: 10,
                year: Some(2025),
                day: None
            })
        );
        assert_eq!(
            toks("October 9, 2025")[0],
            Tok::Month(MonthRef {
                month: 10,
                year: Some(2025),
                day: Some(9)
            })
        );
        assert_eq!(
            toks("2025 September")[0],
            Tok::Month(MonthRef {
                month: 9,
                year: Some(2025),
                day: None
            })
        );
        assert_eq!(
            toks("Jan–Sep")[0],
            Tok::Span(SpanRef {
                first: 1,
                last: 9,
                year: None
            })
        );
        assert_eq!(
            toks("January~July accumulated")[0],
            Tok::Span(SpanRef {
                first: 1,
                last: 7,
                year: None
            })
        );
        assert_eq!(
            toks("1Q26")[0],
            Tok::Span(SpanRef {
                first: 1,
                last: 3,
                year: Some(2026)
            })
        );
        assert_eq!(toks("in 2024")[1], Tok::Year(2024));
        assert!(
            !toks("they may rise")
                .iter()
                .any(|t| matches!(t, Tok::Month(_)))
        );
    }

    #[test]
    fn partners_commodities_and_capitals() {
        let t = toks("US-bound magnet shipments");
        assert_eq!(t[0], Tok::Country("USA"));
        assert!(t.contains(&Tok::Basket("rare-earth-magnets")));
        assert!(!toks("let us see").contains(&Tok::Country("USA")));
        assert!(toks("🇩🇪 DE 1,118 t").contains(&Tok::Country("DEU")));
        // A code heading a list item is a country; the same letters in a headline are not.
        assert!(toks("- IN ↑143% MoM (!!)").contains(&Tok::Country("IND")));
        assert!(!toks("EXPORTS IN JULY ROSE").contains(&Tok::Country("IND")));
        // A dateline is where the story was filed.
        assert!(
            !toks("SINGAPORE, July 20, 2025 (Wire) - China exported")
                .contains(&Tok::Country("SGP"))
        );
        assert!(toks("Singapore took 5 t").contains(&Tok::Country("SGP")));
        assert_eq!(toks("China's")[0], Tok::Country("CHN"));
        assert_eq!(toks("China's")[1], Tok::Possessive);
    }

    #[test]
    fn spans_are_byte_ranges_of_the_text_even_after_multibyte_letters() {
        let text = "İstanbul: Côte d’Ivoire took 11% in July";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let pct = tokenize(text)
            .into_iter()
            .find(|t| t.figure().is_some())
            .unwrap();
        assert_eq!(&text[pct.start..pct.end], "11%");
    }
}
