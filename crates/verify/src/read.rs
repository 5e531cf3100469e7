//! The reader: an article's story, line by line and sentence by sentence, through the rules,
//! each claim's subject resolved around its anchor and carried through the article.
//!
//! What a claim is about, in order of preference: what the rule itself read (a partner in a
//! label, a span, a base); the words tied to the figure (its clause, its line's label); the
//! sentence; the article so far (the story's commodity, period, reporter, flow, and the
//! partner of the sentence before). Explicit dates always beat the publication date, which
//! only places months written without a year. What none of these settles stays empty: the
//! judge asks the data, or the claim is unverifiable with the reason.

use chrono::{Datelike, NaiveDate};
use tradewatch_model::{Flow, Month, Period};

use crate::claims::{
    Claim, Claimed, Dir, EventClaim, Kind, Named, Partner, Relation, Subject, month_of,
};
use crate::number::{Figure, Unit};

use crate::rules::{Hit, RULES, Sentence, When};
use crate::text::Document;
use crate::token::{DayRef, Lexed, MonthRef, SpanRef, Tok, Token, continental_all};
use crate::vocab::Cue;

/// What the article has said so far.
#[derive(Debug, Clone, Default)]
struct Context {
    reporter: Option<String>,
    flow: Option<Flow>,
    basket: Option<&'static str>,
    /// The story's period (the last month a sentence reported on).
    period: Option<Period>,
    /// The partner the sentence before was about.
    partner: Option<Partner>,
    /// A year standing alone on a line, heading the rows under it ("2023", "2024"): months
    /// without a year are that year's.
    section_year: Option<i32>,
    /// A partner standing alone on a line ("UNITED STATES", "Germany:"), heading the lines
    /// under it: what a line labelled only by its period is about ("• May–Jun: 399 t").
    /// The next heading ends it.
    section_partner: Option<Partner>,
    /// The period the last sentence that named one named, even a look back the story's
    /// month did not follow.
    last_stated: Option<Period>,
    /// The last month the sentence before named ("in September 854 t, and in October 569
    /// t"): what "at that time" points back to.
    last_month: Option<Period>,
    /// The first commodity the article traded: what it is about, when a sentence lends a
    /// figure the commodity of the one before.
    first_basket: Option<&'static str>,
    /// The last destination a sentence named as such, kept when a fresh subject clears the
    /// partner carried ("… exports to the US. Thread. … every NdFeB shipment sat …").
    named_partner: Option<Partner>,
    /// The destination the article's first subject names ("China's magnet exports to the US
    /// in 2025, a thread"): what a line labelled only by its period is about ("Full year:
    /// 5,933 t", "Jun: 353 t"). Read once, from the first sentence that names a commodity
    /// or a flow.
    topic: Option<Option<Partner>>,
    /// Every month the story has named so far, placed in its year: the months the judge
    /// may ask the data about when a claim's sentence names none.
    months_named: Vec<Period>,
    /// The span or year the sentence before reported its last figure for, when not a
    /// month: what a sentence naming no time of its own goes on about ("… 10,460 t in the
    /// first two months of 2026. In value terms, the exports were worth $68.6 million").
    prev_span: Option<Period>,
    /// Spans of months (and months, a day's too) stated with their year ("January–February
    /// 2024 flake exports were …", "1 December 2023 — …"), with the sentence that stated
    /// them: the same months named again without a year within the next few sentences
    /// ("2,567 t in January–February"; a month, in the next sentence) are of that year,
    /// unless the sentence says "this year".
    spans_named: Vec<(Period, usize)>,
    /// Every month a sentence named (with or without its year), with the sentence: what
    /// "the two months" points back to.
    recent_months: Vec<(Month, usize)>,
    /// The whole years the story sets figures in ("in 2024", "for 2023"), for the judge's
    /// last question to the data.
    years_named: Vec<Period>,
    /// The sentences read so far.
    sentences: usize,
    /// The first month the sentence being read names with its year (a day's month too): a
    /// month it names without one is placed nearest to it ("from 23,502 t in November 2023
    /// to 1,427 t in December").
    sentence_dated: Option<Month>,
    /// The one year the sentence being read sets itself in, where it dates no month: "In
    /// the first quarter of 2023 China exported 11,837 tonnes, of which 4,446 tonnes in
    /// March" (not a base's year: "8.2% lower than in March 2022").
    sentence_year: Option<i32>,
    /// The sentence being read says "this year": a span without a year is the story's.
    this_year: bool,
    /// The last month the sentence before named with its year ("In November 2023, …"): a
    /// month the next names without one is placed nearest to it.
    prev_dated: Option<Month>,
    /// The last month the sentence being read names with its year.
    dated_last: Option<Month>,
    /// The unit of the last amount the story gave, when a weight: what a bare number said
    /// after it is in ("US is the killer: 46 tonnes. Versus 689 a year ago", "September was
    /// 4,181").
    unit_before: Option<Unit>,
}

impl Context {
    /// The months `first` to `last` (a month when they are the same) stated with their year
    /// in one of the last `within` sentences (see `spans_named`); none when the sentence
    /// being read says "this year".
    fn stated_again(&self, first: u32, last: u32, within: usize) -> Option<Period> {
        if self.this_year {
            return None;
        }
        self.spans_named
            .iter()
            .rev()
            .take_while(|(_, n)| self.sentences - n <= within)
            .map(|(p, _)| *p)
            .find(|p| {
                p.is_month() == (first == last)
                    && p.first().month() == first
                    && p.last().month() == last
            })
    }
}

/// When the article was published, and the month months without a year are placed against.
#[derive(Debug, Clone, Copy)]
struct Clock {
    published: Option<NaiveDate>,
    /// A year the title names alone ("… magnet exports (HS 8505.11), 2025"): months without
    /// a year are that year's, when it is over by publication.
    title_year: Option<i32>,
}

impl Clock {
    /// The reference month: the publication month, else (an undated article) a month or two
    /// after the story's period.
    fn reference(&self, ctx: &Context) -> Option<Month> {
        if let Some(y) = ctx.section_year {
            return Month::new(y, 12).ok();
        }
        match (self.published, self.title_year) {
            (Some(d), Some(y)) if y < d.year() => Month::new(y, 12).ok(),
            (Some(_), _) => self.written(),
            (None, _) => ctx.period.map(|p| p.last().plus(2)),
        }
    }

    /// The month of writing, when the article's date is known.
    fn written(&self) -> Option<Month> {
        self.published.and_then(month_of)
    }

    /// The month "this month" or "last month" means: the month of writing or the one
    /// before.
    fn relative(&self, cue: Cue) -> Option<Month> {
        match cue {
            Cue::ThisMonth => self.written(),
            Cue::LastMonth => self.written().map(|m| m.plus(-1)),
            _ => None,
        }
    }

    /// The date a day said against the day of writing means: "yesterday", "eleven days
    /// ago", "a year ago yesterday", "on Sunday" (the last Sunday before the writing, or the
    /// next one when the story looks `ahead`), "the 9th of last month", "on the 12th" (of the
    /// month the story is in).
    fn day(&self, d: &DayRef, ahead: bool, ctx: &Context) -> Option<NaiveDate> {
        let today = self.published?;
        match *d {
            DayRef::Ago { days, years } => {
                let back = today.checked_sub_days(chrono::Days::new(u64::from(days)))?;
                back.with_year(back.year() - years as i32)
            }
            DayRef::Weekday(w) => {
                // One to seven days away: "on Tuesday" written on a Tuesday is a week off.
                let now = today.weekday().num_days_from_monday();
                if ahead {
                    let fwd = (w + 6 - now) % 7 + 1;
                    today.checked_add_days(chrono::Days::new(u64::from(fwd)))
                } else {
                    let back = (now + 6 - w) % 7 + 1;
                    today.checked_sub_days(chrono::Days::new(u64::from(back)))
                }
            }
            DayRef::OfMonth { day, back } => {
                let m = match back {
                    Some(b) => self.written()?.plus(-(b as i32)),
                    None => ctx
                        .sentence_dated
                        .or(ctx.prev_dated)
                        .or(ctx.last_stated.map(|p| p.last()))
                        .or_else(|| self.written())?,
                };
                NaiveDate::from_ymd_opt(m.year(), m.month(), day)
            }
            DayRef::Slashed {
                day, month, year, ..
            } => {
                let r = MonthRef {
                    month,
                    year,
                    day: Some(day),
                };
                let m = self.month(&r, ctx)?;
                NaiveDate::from_ymd_opt(m.year(), m.month(), day)
            }
        }
    }

    /// The month a name without a year means: the latest such month not after the
    /// reference.
    fn month(&self, m: &MonthRef, ctx: &Context) -> Option<Month> {
        if let Some(y) = m.year {
            return Month::new(y, m.month).ok();
        }
        // "from 23,502 t in November 2023 to 1,427 t in December": nearest the month the
        // sentence dates (not the same month, which a sentence names again for another
        // year: "December, against December 2023").
        if let Some(d) = ctx.sentence_dated
            && d.month() != m.month
        {
            let best = [d.year() - 1, d.year(), d.year() + 1]
                .into_iter()
                .filter_map(|y| Month::new(y, m.month).ok())
                .min_by_key(|c| (c.index() - d.index()).abs());
            if best.is_some() {
                return best;
            }
        }
        // "In the first quarter of 2023 … of which 4,446 tonnes in March": the one year the
        // sentence sets itself in.
        if m.day.is_none()
            && ctx.sentence_dated.is_none()
            && let Some(y) = ctx.sentence_year
        {
            return Month::new(y, m.month).ok();
        }
        // "1 December 2023 — Graphite permits take effect. Flake exports collapse to 1,427 t
        // in December": the month the sentence before dated.
        if m.day.is_none()
            && let Some(p) = ctx.stated_again(m.month, m.month, 1)
        {
            return Some(p.first());
        }
        // "In November 2023, ahead of the deadline, China exported … In December, the first
        // month under the new permits, …": nearest the month the sentence before dated,
        // never after the day of writing.
        if m.day.is_none()
            && !ctx.this_year
            && let Some(d) = ctx.prev_dated
            && d.month() != m.month
            // (A story runs forward: the month after it, unless the one before is within
            // a quarter: "In December 2023 … In November, ahead of the deadline".)
            && let Ok(ahead) = Month::new(d.year() + i32::from(m.month < d.month()), m.month)
            && let Ok(back) = Month::new(d.year() - i32::from(m.month > d.month()), m.month)
            && let Some(best) = if d.index() - back.index() <= 3 {
                Some(back)
            } else {
                (ahead.index() - d.index() <= 9).then_some(ahead)
            }
            && self.reference(ctx).is_none_or(|r| best <= r)
        {
            return Some(best);
        }
        let r = self.reference(ctx)?;
        let year = if m.month <= r.month() {
            r.year()
        } else {
            r.year() - 1
        };
        Month::new(year, m.month).ok()
    }

    /// The months of a span: its year as written, else the latest such span not after the
    /// reference.
    fn span(&self, s: &SpanRef, ctx: &Context) -> Option<Period> {
        let year = match s.year {
            Some(y) => y,
            None if let Some(p) = ctx
                .stated_again(s.first, s.last, 3)
                .filter(|p| !p.is_month()) =>
            {
                p.last().year()
            }
            None => {
                let r = self.reference(ctx)?;
                if s.last <= r.month() {
                    r.year()
                } else {
                    r.year() - 1
                }
            }
        };
        span_period(year, s.first, s.last)
    }
}

/// "<month> last year": that month in the year before the reference one ("December last
/// year", written in January 2026, is December 2025; "May last year" in June 2025, May 2024).
fn last_year_of(p: Period, clock: &Clock, ctx: &Context) -> Period {
    match clock.reference(ctx) {
        Some(r) => p.shift_years(r.year() - 1 - p.last().year()),
        None => p.shift_years(-1),
    }
}

/// The months `first` to `last` of `year`; a first month after the last is a fiscal year
/// across two (India's April–March: 4 to 3 of the year it ends in).
fn span_period(year: i32, first: u32, last: u32) -> Option<Period> {
    let a = Month::new(if first > last { year - 1 } else { year }, first).ok()?;
    let b = Month::new(year, last).ok()?;
    Some(if a == b {
        Period::Month(a)
    } else {
        Period::Span(a, b)
    })
}

/// The year a sentence sets its months in: "in 2024" (or "during", "throughout") before
/// a month without a year, the only year the sentence names.
fn sentence_year(toks: &[Token], text: &str) -> Option<i32> {
    let years: Vec<(usize, i32)> = toks
        .iter()
        .enumerate()
        .filter_map(|(k, t)| match t.tok {
            Tok::Year(y) => Some((k, y)),
            _ => None,
        })
        .collect();
    let [(at, y)] = years.as_slice() else {
        return None;
    };
    // Not "for 2024" ("a tally of 69,440 kg for 2024"): a figure's year, not the sentence's.
    let set_in = *at > 0
        && text
            .get(toks[at - 1].start..toks[at - 1].end)
            .is_some_and(|w| {
                ["in", "during", "throughout"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            });
    let month_after = toks[at + 1..]
        .iter()
        .any(|t| matches!(&t.tok, Tok::Month(m) if m.year.is_none() && m.day.is_none()));
    (set_in && month_after).then_some(*y)
}

/// A month or span without its year right after "last year" ("Last year 1~2 month
/// combined", 去年 translated word for word) is of the year before the reference; after "the
/// year before last" (前年), of the year before that. Else `p` as read.
fn year_before_it(s: &Sentence, k: usize, p: Period, clock: &Clock, ctx: &Context) -> Period {
    let yearless = matches!(s.tok(k), Some(Tok::Month(m)) if m.year.is_none())
        || matches!(s.tok(k), Some(Tok::Span(sp)) if sp.year.is_none());
    if !yearless {
        return p;
    }
    if k > 0 && s.is_cue_at(k - 1, Cue::LastYear) && !s.raw(k - 1).ends_with("before") {
        return last_year_of(p, clock, ctx);
    }
    if k > 1
        && s.is_word(k - 1, &["last"])
        && s.is_cue_at(k - 2, Cue::LastYear)
        && s.raw(k - 2).ends_with("year before")
    {
        return last_year_of(p, clock, ctx).shift_years(-1);
    }
    // "1 214 kg in March, 81,3 per cent less than in March 2023": compared with the same
    // month of a year said, the month is of the year after it.
    if let Some(Tok::Month(m)) = s.tok(k)
        && let Some(y) = (k + 1..(k + 10).min(s.toks.len()))
            .take_while(|&j| !matches!(s.tok(j), Some(Tok::Punct('.' | ';')) | Some(Tok::Break)))
            .find_map(|j| match s.tok(j) {
                Some(Tok::Month(b))
                    if b.month == m.month
                        && b.day.is_none()
                        && (j.saturating_sub(2)..j).any(|x| {
                            s.is_cue_at(x, Cue::Than)
                                || s.is_cue_at(x, Cue::From)
                                || matches!(
                                    s.tok(x),
                                    Some(Tok::Hedge(
                                        crate::number::Qualifier::LessThan
                                            | crate::number::Qualifier::MoreThan
                                    ))
                                )
                        }) =>
                {
                    b.year
                }
                _ => None,
            })
        && let Ok(month) = Month::new(y + 1, m.month)
    {
        return Period::Month(month);
    }
    p
}

/// The period a month, span or year token names, months without a year placed by the clock.
fn period_of_tok(t: &Tok, clock: &Clock, ctx: &Context) -> Option<Period> {
    match t {
        Tok::Month(m) => clock.month(m, ctx).map(Period::Month),
        Tok::Span(sp) => clock.span(sp, ctx),
        Tok::Year(y) => whole_year(*y),
        _ => None,
    }
}

/// The last month of the months from January a cue names: "the first half" 6, "the first
/// three quarters" 9.
fn months_from_january(t: &Tok) -> Option<u32> {
    match t {
        Tok::Cue(Cue::FirstHalf) => Some(6),
        Tok::Cue(Cue::Quarters(q)) => Some(q * 3),
        _ => None,
    }
}

fn whole_year(year: i32) -> Option<Period> {
    span_period(year, 1, 12)
}

/// One line of the story, tokenized, with whether it starts a new paragraph.
struct Line {
    toks: Vec<Token>,
    table_row: bool,
}

/// A row of a table: cells between bars ("| US | 420.5 | −28.7 |"), or a label and its
/// figure across one bar or leader dots ("US, September ........ 420.5").
fn is_table_row(toks: &[Token]) -> bool {
    let bars: Vec<usize> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.tok == Tok::Punct('|'))
        .map(|(k, _)| k)
        .collect();
    match bars.as_slice() {
        [] => false,
        [k] => {
            let rest: Vec<&Tok> = toks[k + 1..]
                .iter()
                .map(|t| &t.tok)
                .filter(|t| !matches!(t, Tok::Break))
                .collect();
            // "September ........ 10,819    (-31.9% m/m)"
            *k > 0 && matches!(rest.first(), Some(Tok::Figure(_)))
        }
        _ => true,
    }
}

/// The unit a caption or a note names for a table's bare figures ("TABLE 1. All
/// destinations, tonnes", "Figures in metric tonnes unless stated"): a line that names a
/// unit and states no figure with one.
fn caption_unit(toks: &[Token]) -> Option<Unit> {
    if toks
        .iter()
        .any(|t| matches!(&t.tok, Tok::Figure(f) if f.unit != Unit::Bare))
    {
        return None;
    }
    toks.iter().find_map(|t| match &t.tok {
        Tok::Word(w)
            if ["tonnes", "tons", "tonne", "ton", "t", "tonnage", "tonnages"]
                .contains(&w.as_str()) =>
        {
            Some(Unit::Tonnes)
        }
        Tok::Word(w) if ["kg", "kilograms", "kilogrammes"].contains(&w.as_str()) => Some(Unit::Kg),
        _ => None,
    })
}

/// The story's lines, tokenized; a line that continues a sentence cut by a line break is
/// joined to the one before.
fn lines(doc: &Document) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut last_end = 0usize;
    let story: Vec<_> = doc.story().collect();
    let gaps: Vec<Vec<usize>> = story.iter().map(|p| column_gaps(doc.slice(p))).collect();
    // "420,5 t" in one paragraph makes "1.288 tons" in another 1,288 t. Each paragraph is
    // cut into pieces once, for this and for its tokens.
    let lexed: Vec<Lexed> = story.iter().map(|p| Lexed::new(doc.slice(p))).collect();
    let continental = continental_all(lexed.iter());
    let lower_months = lexed.iter().any(Lexed::writes_months_lower);
    for (n, (p, lexed)) in story.iter().zip(lexed).enumerate() {
        let text = doc.slice(p);
        let mut toks = lexed.tokens_in(continental, lower_months);
        // A table drawn with spaces: its cells are read as if drawn with bars, when the
        // line above or below is aligned the same way.
        let aligned = |m: usize| gaps.get(m).is_some_and(|g| !g.is_empty());
        if aligned(n) && (n > 0 && aligned(n - 1) || aligned(n + 1)) {
            // A header set in over the label column ("        2022      2023      2024")
            // above rows that open with their label: its first cell is the empty label's.
            // (The indent before a line's text, which the story's slice leaves out.)
            let indent = |m: usize| {
                story.get(m).map(|q| {
                    let before = &doc.text[..q.start];
                    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
                    let t = doc.slice(q);
                    if line.trim().is_empty() {
                        line.len() + t.len() - t.trim_start().len()
                    } else {
                        t.len() - t.trim_start().len()
                    }
                })
            };
            let set_in = indent(n).is_some_and(|i| i >= 8)
                && aligned(n + 1)
                && indent(n + 1).is_some_and(|i| i < 3);
            toks = with_bars(toks, &gaps[n], set_in);
        }
        for t in &mut toks {
            t.start += p.start;
            t.end += p.start;
        }
        let gap = &doc.text[last_end.min(p.start)..p.start];
        let new_paragraph = gap.matches('\n').count() >= 2 || out.is_empty();
        last_end = p.end;
        let table_row = is_table_row(&toks);
        let bullet = toks.first().is_some_and(|t| t.tok == Tok::Bullet);
        let continues = !new_paragraph
            && !table_row
            && !bullet
            && text.chars().next().is_some_and(char::is_lowercase)
            && out.last().is_some_and(|l| {
                !l.table_row
                    && doc.text[..l.toks.last().map_or(0, |t| t.end)]
                        .trim_end()
                        .ends_with(|c: char| c.is_alphanumeric() || c == ',')
            });
        match out.last_mut() {
            Some(prev) if continues => prev.toks.extend(toks),
            _ => out.push(Line { toks, table_row }),
        }
    }
    // Which number of a slashed date is the day is the whole text's: "30/10" in one line
    // makes "9/10" in another the ninth of October.
    crate::token::settle_slashed_days(out.iter_mut().map(|l| l.toks.as_mut_slice()));
    out
}

/// Where a line's cells are parted by wide runs of spaces ("  July      ..     5,994.3
/// +21.4%"): the byte offset of each run, when there are at least two; none for prose.
fn column_gaps(text: &str) -> Vec<usize> {
    // A table drawn with bars is read by its bars.
    if text.contains('|') {
        return Vec::new();
    }
    let body = text.trim_end();
    let lead = body.len() - body.trim_start().len();
    let mut gaps = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (k, c) in body.char_indices().skip_while(|(k, _)| *k < lead) {
        if c == ' ' || c == '\t' {
            let (start, n) = run.unwrap_or((k, 0));
            run = Some((start, n + if c == '\t' { 3 } else { 1 }));
        } else {
            if let Some((start, n)) = run.take()
                && n >= 3
            {
                gaps.push(start);
            }
        }
    }
    if gaps.len() < 2 {
        gaps.clear();
    }
    gaps
}

/// A spaced row's tokens with a bar opening the row and one at each gap, so that it reads
/// as a table row drawn with bars.
fn with_bars(toks: Vec<Token>, gaps: &[usize], empty_first: bool) -> Vec<Token> {
    let bar = |at: usize, line_start: bool| Token {
        start: at,
        end: at,
        tok: Tok::Punct('|'),
        line_start,
        capital: false,
    };
    let mut out = Vec::with_capacity(toks.len() + gaps.len() + 1);
    let mut gaps = gaps.iter().peekable();
    for (k, mut t) in toks.into_iter().enumerate() {
        if k == 0 {
            out.push(bar(t.start, t.line_start));
            if empty_first {
                out.push(bar(t.start, false));
            }
            t.line_start = false;
        }
        while let Some(&&g) = gaps.peek() {
            if g >= t.start {
                break;
            }
            out.push(bar(g, false));
            gaps.next();
        }
        out.push(t);
    }
    out
}

/// Words before a full stop that do not end a sentence.
const ABBREVIATIONS: [&str; 14] = [
    "mr", "ms", "mrs", "dr", "st", "inc", "co", "corp", "ltd", "approx", "est", "vol", "e.g", "i.e",
];

/// The most tokens a sentence holds; longer runs are cut, at a comma past half of it.
const MAX_SENTENCE: usize = 160;

/// Splits a line's tokens into sentences.
fn sentences(toks: &[Token], text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (k, t) in toks.iter().enumerate() {
        // An abbreviated month takes its period ("since Sep."): it ends the sentence too when
        // a word in capitals follows ("… since Sep. Full-year US total: …"), but not a day or
        // a year ("Sep. 30", "Sep. 2025").
        let month_stop = matches!(t.tok, Tok::Month(_))
            && text.get(t.start..t.end).is_some_and(|w| w.ends_with('.'))
            && toks.get(k + 1).is_some_and(|n| {
                n.capital
                    && !matches!(
                        n.tok,
                        Tok::Figure(_) | Tok::Year(_) | Tok::Month(_) | Tok::Span(_)
                    )
            });
        // A footnote's mark glued after the stop ("… 703 t.[10] For spherical graphite, …")
        // ends the sentence after it, so the next one opens where its words do.
        let glued_note = |j: usize| {
            toks.get(j)
                .is_some_and(|n| n.tok == Tok::Punct('[') && n.start == toks[j - 1].end)
                && matches!(toks.get(j + 1).map(|n| &n.tok), Some(Tok::Figure(f)) if f.unit == Unit::Bare)
                && toks.get(j + 2).is_some_and(|n| n.tok == Tok::Punct(']'))
        };
        let note_end = t.tok == Tok::Punct(']')
            && k >= 3
            && matches!(toks[k - 3].tok, Tok::Punct('.' | '!' | '?'))
            && glued_note(k - 2);
        let end = month_stop
            || note_end
            || matches!(t.tok, Tok::Punct('.' | '!' | '?'))
                && !glued_note(k + 1)
                && toks.get(k + 1).is_none_or(|n| {
                    n.capital
                        || matches!(
                            n.tok,
                            Tok::Figure(_)
                                | Tok::Month(_)
                                | Tok::Country(_)
                                | Tok::Punct('"' | '“' | '(' | '[')
                        )
                })
                // ("approx." is read as a hedge: its words, not its token, say so.)
                && !(k > 0
                    && toks[k - 1].end == t.start
                    && ABBREVIATIONS
                        .iter()
                        .any(|a| text[toks[k - 1].start..toks[k - 1].end].eq_ignore_ascii_case(a)));
        // A run-on "sentence" of hundreds of tokens is no sentence a claim spans; cutting it
        // at a clause keeps the rules' look-arounds bounded (a 1 MB line stays linear).
        let run_on = k + 1 - start >= MAX_SENTENCE
            || k + 1 - start >= MAX_SENTENCE / 2 && matches!(t.tok, Tok::Punct(',' | ';'));
        if end || run_on {
            if k + 1 > start {
                out.push(start..k + 1);
            }
            start = k + 1;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// Reads an article's claims. `published` places months written without a year and "last
/// month"; an explicit year always wins.
pub fn extract(doc: &Document, published: Option<NaiveDate>) -> Vec<Claim> {
    extract_named(doc, published).0
}

/// [`extract`], with the subjects the article names (for the judge).
pub fn extract_named(doc: &Document, published: Option<NaiveDate>) -> (Vec<Claim>, Named) {
    let all = lines(doc);
    // Every destination and commodity the story names, for the judge's last question to
    // the data.
    let mut partners: Vec<Partner> = Vec::new();
    let mut baskets: Vec<String> = Vec::new();
    for t in all.iter().flat_map(|l| l.toks.iter()) {
        match t.tok {
            Tok::Country(c) if c != "CHN" && !partners.iter().any(|p| p.code() == c) => {
                partners.push(Partner::of(c));
            }
            Tok::Basket(b) if !baskets.iter().any(|x| x == b) => baskets.push(b.to_string()),
            _ => {}
        }
    }
    // A title: the first of several lines, stating no figure of its own.
    let title = all.first().filter(|l| {
        all.len() > 1
            && !l
                .toks
                .iter()
                .any(|t| matches!(&t.tok, Tok::Figure(f) if f.unit != Unit::Bare))
    });
    let title_year = title.and_then(|l| {
        let mut years = l.toks.iter().filter_map(|t| match t.tok {
            Tok::Year(y) => Some(y),
            _ => None,
        });
        let y = years.next()?;
        let only = years.all(|z| z == y)
            && !l
                .toks
                .iter()
                .any(|t| matches!(t.tok, Tok::Month(_) | Tok::Span(_)));
        only.then_some(y)
    });
    let clock = Clock {
        published,
        title_year,
    };
    let mut ctx = Context::default();
    let mut out: Vec<Claim> = Vec::new();
    // Claims read before the story has named its period (a headline) take the lead's.
    let mut pending: Vec<usize> = Vec::new();
    let mut table: Option<Table> = None;
    let mut caption: Option<Unit> = None;
    // The period of the last line of prose that named one and stated no figure: a caption.
    let mut caption_period: Option<Period> = None;
    for (n, line) in all.iter().enumerate() {
        if line.table_row {
            // A byline set off with bars that names the unit and holds no figure ("Data team
            // | 21 Nov 2025 | tonnes unless marked"): a caption.
            if !line.toks.iter().any(|t| matches!(t.tok, Tok::Figure(_)))
                && let Some(u) = caption_unit(&line.toks)
            {
                caption = Some(u);
            }
            if let Some(mut cols) = header(&line.toks) {
                cols.caption = caption_period;
                table = Some(cols);
                // A heading of cells that names one destination ("[2] CHN EXPORTS | RARE
                // EARTH MAGNETS | UNITED STATES", an alert's section; "| Month | United
                // States |"): what the lines under it are about.
                let mut named: Vec<&str> = line
                    .toks
                    .iter()
                    .filter_map(|t| match t.tok {
                        Tok::Country(c) if c != "CHN" => Some(c),
                        _ => None,
                    })
                    .collect();
                named.dedup();
                if let [one] = named.as_slice() {
                    ctx.partner = Some(Partner::of(one));
                }
                // A header that names the flow ("Month | export quantity | chain ratio"):
                // the rows under it are of that flow.
                let mut flows: Vec<Flow> = trade_flows(line.toks.iter()).collect();
                flows.dedup();
                if let [one] = flows.as_slice() {
                    ctx.flow = Some(*one);
                }
                // Rows that name no flow, beside one that names imports ("Rare earths,
                // October" over "Rare earth imports, October"), in a story that has named
                // none: the other flow, exports.
                let mut named_in_rows: Vec<Flow> = trade_flows(
                    all[n + 1..]
                        .iter()
                        .take_while(|l| l.table_row)
                        .flat_map(|l| l.toks.iter()),
                )
                .collect();
                named_in_rows.sort_by_key(|f| *f == Flow::Export);
                named_in_rows.dedup();
                if ctx.flow.is_none() && named_in_rows == [Flow::Import] {
                    ctx.flow = Some(Flow::Export);
                }
                continue;
            }
        } else if let Some(u) = caption_unit(&line.toks) {
            caption = Some(u);
        } else if line
            .toks
            .iter()
            .any(|t| matches!(&t.tok, Tok::Figure(f) if f.unit != Unit::Bare))
        {
            caption = None;
        }
        if !line.table_row
            && !line
                .toks
                .iter()
                .all(|t| matches!(t.tok, Tok::Punct(_) | Tok::Bullet))
        {
            table = None;
            let figures = line
                .toks
                .iter()
                .any(|t| matches!(&t.tok, Tok::Figure(f) if f.unit != Unit::Bare));
            caption_period = if figures {
                None
            } else {
                line.toks.iter().find_map(|t| match &t.tok {
                    Tok::Span(_) | Tok::Year(_) => period_of_tok(&t.tok, &clock, &ctx),
                    Tok::Month(m) if m.day.is_none() => period_of_tok(&t.tok, &clock, &ctx),
                    _ => None,
                })
            };
        }
        // A year alone on a line heads the rows under it; a line of prose ends that.
        let words: Vec<&Tok> = line
            .toks
            .iter()
            .map(|t| &t.tok)
            .filter(|t| !matches!(t, Tok::Break | Tok::Bullet | Tok::Punct(_)))
            .collect();
        if let [Tok::Year(y)] = words.as_slice() {
            ctx.section_year = Some(*y);
            continue;
        }
        if !line.table_row && words.len() > 3 {
            ctx.section_year = None;
        }
        // A question ("Q4. When did things improve?", "And germanium?") opens a new topic:
        // the partner of the answer before does not carry into the next one.
        if line
            .toks
            .iter()
            .rev()
            .find(|t| !matches!(t.tok, Tok::Break))
            .is_some_and(|t| t.tok == Tok::Punct('?'))
        {
            ctx.partner = None;
        }
        for range in sentences(&line.toks, &doc.text) {
            let toks = &line.toks[range];
            let first = out.len();
            // "Monthly exports in 2024 ranged from 3,326 tonnes in February to 5,325 tonnes in
            // August": a year the sentence sets out in ("in 2024", not "from 2024's level")
            // is the year of the months it names without one.
            let held_year = ctx.section_year;
            if held_year.is_none() {
                ctx.section_year = sentence_year(toks, &doc.text);
            }
            read_sentence(
                toks,
                &doc.text,
                &clock,
                &mut ctx,
                Layout {
                    table: table.as_ref(),
                    caption: caption.filter(|_| line.table_row),
                },
                &mut out,
            );
            ctx.section_year = held_year;
            if ctx.period.is_none() {
                pending.extend(first..out.len());
            } else if !pending.is_empty() {
                for i in pending.drain(..) {
                    let c = &mut out[i];
                    if c.subject.period.is_none() {
                        c.subject.period = ctx.period;
                        retype(c);
                    }
                    if c.subject.reporter.is_none() {
                        c.subject.reporter.clone_from(&ctx.reporter);
                    }
                    if c.subject.flow.is_none() {
                        c.subject.flow = ctx.flow;
                    }
                }
            }
        }
    }
    // What the article is about, for the judge's last question to the data.
    let mut periods: Vec<Period> = ctx.months_named.clone();
    for c in &out {
        if let Some(p) = &c.subject.partner
            && !partners.contains(p)
        {
            partners.push(p.clone());
        }
        if let Some(p) = c.subject.period
            && p.is_month()
            && !periods.contains(&p)
        {
            periods.push(p);
        }
    }
    // And the spans and years it states ("January–February 2024", "in 2024"), after the
    // months: a total said in a sentence that names none ("Magnets did better: 58,152 tons
    // including the alloys") may be the year's.
    for p in ctx
        .spans_named
        .iter()
        .map(|(p, _)| p)
        .chain(&ctx.years_named)
    {
        if !p.is_month() && !periods.contains(p) {
            periods.push(*p);
        }
    }
    // A commodity the text never tied to a figure, where the article names one only
    // (a table whose notes name it after the rows): that one, said so.
    if let [only] = baskets.as_slice() {
        for c in out.iter_mut().filter(|c| c.subject.basket.is_none()) {
            c.subject.basket = Some(only.clone());
            c.notes.push(format!(
                "commodity taken from the article: {only} is the only one it names"
            ));
        }
    }
    let named = Named {
        partners,
        periods,
        baskets,
    };
    (out, named)
}

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Label,
    Level(Unit),
    Mom,
    Yoy,
    Share,
    Other,
}

/// A table's header: what each column holds, the period it names ("Sep 2025", "2025
/// (t)", "Oct m/m"), and whether that period is a base ("vs 2024").
#[derive(Debug, Clone)]
struct Table {
    cols: Vec<Column>,
    when: Vec<Option<Tok>>,
    base: Vec<bool>,
    /// The latest year a column names: a row's month without a year, under a column that
    /// names none, is in it.
    year: Option<i32>,
    /// The period the table's caption names ("Table 2. Jan-Feb 2024 exports by
    /// destination"): its rows' where no column or row says otherwise.
    caption: Option<Period>,
    /// Columns of running totals ("YTD (t)", "Cumulative"): a row's month is the end of
    /// the year-to-date span its figure covers.
    cumulative: Vec<bool>,
    /// The commodity a column names ("Gallium (kg)"), and a change or share column's after
    /// it ("| Gallium (kg) | y/y | Germanium (kg) | y/y |": the first y/y is gallium's).
    baskets: Vec<Option<&'static str>>,
}

/// The exports or imports the tokens name ("export quantity", "Rare earth imports").
fn trade_flows<'a>(toks: impl Iterator<Item = &'a Token>) -> impl Iterator<Item = Flow> {
    toks.filter_map(|t| match t.tok {
        Tok::Flow(f @ (Flow::Export | Flow::Import)) => Some(f),
        _ => None,
    })
}

/// A table header row: its columns, when it names them.
fn header(toks: &[Token]) -> Option<Table> {
    let mut cols = Vec::new();
    let mut whens: Vec<Option<Tok>> = Vec::new();
    let mut bases: Vec<bool> = Vec::new();
    let mut changes: Vec<bool> = Vec::new();
    let mut cumulative: Vec<bool> = Vec::new();
    let mut baskets: Vec<Option<&'static str>> = Vec::new();
    let mut cell: Vec<&Tok> = Vec::new();
    let mut any_number = false;
    let mut push = |cell: &mut Vec<&Tok>, cols: &mut Vec<Column>| {
        let mut named = cell.iter().filter_map(|t| match t {
            Tok::Basket(b) => Some(*b),
            _ => None,
        });
        baskets.push(match (named.next(), named.next()) {
            (Some(b), None) => Some(b),
            _ => None,
        });
        let when = cell
            .iter()
            .find(|t| {
                matches!(t, Tok::Month(m) if m.day.is_none())
                    || matches!(t, Tok::Year(_) | Tok::Span(_))
            })
            .map(|t| (*t).clone());
        let compares = cell
            .iter()
            .any(|t| matches!(t, Tok::Cue(Cue::Than | Cue::From)));
        // "Dec vs Nov", "Dec 2025 vs Dec 2024": a change between the two months, a month
        // apart (m/m) or a year (y/y); the column's period is the first.
        let months: Vec<u32> = cell
            .iter()
            .filter_map(|t| match t {
                Tok::Month(m) if m.day.is_none() => Some(m.month),
                _ => None,
            })
            .collect();
        let between = match months.as_slice() {
            [a, b] if compares => Some((*a + 12 - *b) % 12),
            _ => None,
        };
        // ("2025 vs 2024" names its own year first: the base is the second.)
        let own_first = cell
            .iter()
            .position(|t| {
                matches!(t, Tok::Month(m) if m.day.is_none())
                    || matches!(t, Tok::Year(_) | Tok::Span(_))
            })
            .zip(
                cell.iter()
                    .position(|t| matches!(t, Tok::Cue(Cue::Than | Cue::From))),
            )
            .is_some_and(|(w, c)| w < c);
        let base = when.is_some() && compares && between.is_none() && !own_first;
        let c = if between == Some(1) || cell.iter().any(|t| matches!(t, Tok::Cue(Cue::Mom))) {
            Column::Mom
        } else if between == Some(0) {
            Column::Yoy
        } else if between.is_some() {
            Column::Other
        } else if base || cell.iter().any(|t| matches!(t, Tok::Cue(Cue::Yoy))) {
            Column::Yoy
        } else if cell.iter().any(|t| matches!(t, Tok::Cue(Cue::Share))) {
            Column::Share
        } else if cell.iter().any(|t| matches!(t, Tok::Word(w) if ["tonnes", "tons", "t", "volume", "quantity"].contains(&w.as_str())) || matches!(t, Tok::Flow(_))) {
            Column::Level(Unit::Tonnes)
        } else if cell.iter().any(|t| matches!(t, Tok::Word(w) if ["kg", "kilograms"].contains(&w.as_str()))) {
            Column::Level(Unit::Kg)
        } else if cell.iter().any(|t| matches!(t, Tok::Word(w) if ["usd", "$", "dollars"].contains(&w.as_str())) || matches!(t, Tok::Punct('$'))) {
            Column::Level(Unit::Usd)
        } else if cell.iter().any(|t| matches!(t, Tok::Word(w) if ["month", "period", "date"].contains(&w.as_str())) || matches!(t, Tok::Cue(Cue::MonthWord))) {
            Column::Label
        } else if when.is_some() {
            // A level in the caption's unit.
            Column::Level(Unit::Bare)
        } else {
            Column::Other
        };
        cumulative.push(
            matches!(c, Column::Level(_)) && cell.iter().any(|t| matches!(t, Tok::Cue(Cue::Ytd))),
        );
        changes.push(cell.iter().any(|t| {
            matches!(t, Tok::Word(w) if ["chg", "change", "diff", "Δ", "delta", "+/-", "chg."].contains(&w.as_str()))
        }));
        cols.push(c);
        whens.push(when);
        bases.push(base);
        cell.clear();
    };
    for t in toks {
        match &t.tok {
            Tok::Punct('|') => push(&mut cell, &mut cols),
            Tok::Break => {}
            Tok::Figure(_) => {
                any_number = true;
                cell.push(&t.tok);
            }
            other => cell.push(other),
        }
    }
    push(&mut cell, &mut cols);
    // An empty first cell before columns of periods is the rows' labels' ("|  | 2022 | 2023
    // |": a header set in over the label column).
    if cols.len() >= 3
        && toks.first().is_some_and(|t| t.tok == Tok::Punct('|'))
        && toks.get(1).is_some_and(|t| t.tok == Tok::Punct('|'))
        && cols[1] == Column::Other
        && whens[1].is_none()
    {
        cols[1] = Column::Label;
    }
    // "change on Sep" beside "October 2025 …": a change on the month before the one the
    // header names is the month's change on the month (m/m), of that month.
    let named_month = whens.iter().zip(&bases).find_map(|(w, b)| match w {
        Some(Tok::Month(m @ MonthRef { year: Some(_), .. })) if !b => Some(*m),
        _ => None,
    });
    if let Some(main) = named_month {
        for c in 0..cols.len() {
            if bases[c]
                && let Some(Tok::Month(m)) = &whens[c]
                && m.year.is_none()
                && (main.month + 12 - m.month) % 12 == 1
            {
                cols[c] = Column::Mom;
                whens[c] = Some(Tok::Month(main));
                bases[c] = false;
            }
        }
    }
    // A month without its year ("Dec vs Nov") is in the year of the columns before it.
    let mut year = None;
    for w in &mut whens {
        match w {
            Some(Tok::Month(m)) if m.year.is_none() => m.year = year,
            Some(Tok::Month(MonthRef { year: Some(y), .. }) | Tok::Year(y)) => year = Some(*y),
            _ => {}
        }
    }
    // A column that names no year is the table's latest's ("| Month | 2025 (t) | m/m | 2024
    // (t) | y/y |": both changes are 2025's), not the last named.
    let year = whens
        .iter()
        .filter_map(|w| match w {
            Some(Tok::Month(MonthRef { year: Some(y), .. }) | Tok::Year(y)) => Some(*y),
            _ => None,
        })
        .max()
        .or(year);
    // "| Sep-25 | Oct-25 | Chg % |": a change column after two months is the change between
    // them (a month apart: m/m; a year: y/y), of the later month.
    for c in 0..cols.len() {
        if !changes.get(c).copied().unwrap_or(false) || cols[c] != Column::Other {
            continue;
        }
        let months: Vec<(usize, i32, u32)> = (0..c)
            .filter_map(|j| match &whens[j] {
                Some(Tok::Month(MonthRef {
                    year: Some(y),
                    month,
                    day: None,
                })) => Some((j, *y, *month)),
                _ => None,
            })
            .collect();
        if let [.., (_, y0, m0), (j1, y1, m1)] = months.as_slice() {
            let apart = (y1 - y0) * 12 + *m1 as i32 - *m0 as i32;
            cols[c] = match apart {
                1 => Column::Mom,
                12 => Column::Yoy,
                _ => Column::Other,
            };
            if cols[c] != Column::Other {
                whens[c] = whens[*j1].clone();
            }
        }
    }
    let named = cols
        .iter()
        .any(|c| !matches!(c, Column::Other | Column::Label));
    // A label column and a single period is a data row ("| Jun 2025 | n/a |"), not a header.
    let periods = whens.iter().filter(|w| w.is_some()).count();
    let only_periods = cols
        .iter()
        .all(|c| matches!(c, Column::Other | Column::Label | Column::Level(Unit::Bare)));
    // Periods head columns only in a table drawn with bars ("| Sep 2025 | Oct 2025 |"); a
    // title set off with bars ("DESK NOTE | MAGNET EXPORTS | NOVEMBER 2025") is no header.
    let drawn = toks
        .iter()
        .find(|t| !matches!(t.tok, Tok::Break))
        .is_some_and(|t| t.tok == Tok::Punct('|'));
    // Undrawn, a header still heads a table when it labels its rows and names two periods
    // ("Month      | 2023 (t) | 2024 (t) | y/y (%)").
    let labelled = periods >= 2 && cols.contains(&Column::Label);
    // Or when it names a level beside a change or a share ("Destination | Aug 2025 (t) |
    // share of world (%) | m/m (%)").
    let kinds = cols.len() >= 3
        && cols.iter().any(|c| matches!(c, Column::Level(_)))
        && cols
            .iter()
            .any(|c| matches!(c, Column::Share | Column::Mom | Column::Yoy));
    // A share or a change column naming no period, in a header naming one period only, is
    // of that period ("Destination | Aug 2025 (t) | share of world (%) | m/m (%)").
    let named_periods: Vec<&Tok> = whens.iter().flatten().collect();
    if let [only] = named_periods.as_slice() {
        let only = (*only).clone();
        for (c, w) in cols.iter().zip(whens.iter_mut()) {
            if w.is_none() && matches!(c, Column::Share | Column::Mom | Column::Yoy) {
                *w = Some(only.clone());
            }
        }
    }
    // A change or a share column naming no commodity is of the level column before it, when
    // the header names more than one.
    if baskets.iter().flatten().nth(1).is_some() {
        for c in 1..cols.len() {
            if baskets[c].is_none() && matches!(cols[c], Column::Share | Column::Mom | Column::Yoy)
            {
                baskets[c] = baskets[c - 1];
            }
        }
    } else {
        baskets.iter_mut().for_each(|b| *b = None);
    }
    (!any_number
        && named
        && !(only_periods && periods < 2)
        && (drawn || labelled || kinds || periods == 0))
        .then_some(Table {
            cols,
            when: whens,
            base: bases,
            year,
            caption: None,
            cumulative,
            baskets,
        })
}

/// The unit a line's label names for the bare figure after it: "(t)", "(kg)", "(tonnes)",
/// "($)" — in brackets, or as a whole cell of a table row.
fn label_unit(before: &[Token]) -> Option<Unit> {
    let start = before
        .iter()
        .rposition(|t| matches!(t.tok, Tok::Break))
        .map_or(0, |k| k + 1);
    let label = &before[start..];
    // The unit in brackets: "( t )".
    label.windows(3).rev().find_map(|w| {
        if w[0].tok != Tok::Punct('(') || w[2].tok != Tok::Punct(')') {
            return None;
        }
        match &w[1].tok {
            Tok::Word(u) if ["t", "tonnes", "tons", "mt", "kt"].contains(&u.as_str()) => {
                Some(Unit::Tonnes)
            }
            Tok::Word(u) if ["kg", "kilograms"].contains(&u.as_str()) => Some(Unit::Kg),
            Tok::Word(u) if ["usd", "dollars"].contains(&u.as_str()) => Some(Unit::Usd),
            Tok::Punct('$') => Some(Unit::Usd),
            _ => None,
        }
    })
}

/// Whether the label's unit is thousands of tonnes ("(kt)").
fn labelled_kt(before: &[Token]) -> bool {
    before
        .windows(3)
        .any(|w| w[0].tok == Tok::Punct('(') && w[1].is_word("kt") && w[2].tok == Tok::Punct(')'))
}

/// The column each token of a table row sits in.
fn columns_of(toks: &[Token]) -> Vec<usize> {
    let mut col = 0;
    toks.iter()
        .map(|t| {
            let here = col;
            if t.tok == Tok::Punct('|') {
                col += 1;
            }
            here
        })
        .collect()
}

/// Whether the table cell of the token at `k` holds nothing but it (and signs or a
/// percent sign): "| -13.2 |", not "| Sep 10,804 |".
fn cell_is_bare(toks: &[Token], k: usize) -> bool {
    let bar = |t: &Token| t.tok == Tok::Punct('|');
    let start = toks[..k].iter().rposition(bar).map_or(0, |b| b + 1);
    let end = toks[k + 1..]
        .iter()
        .position(bar)
        .map_or(toks.len(), |b| k + 1 + b);
    (start..end).all(|j| j == k || matches!(toks[j].tok, Tok::Break | Tok::Punct(_) | Tok::Bullet))
}

/// Where a line sits: under a table header (its columns), under a caption naming a unit.
#[derive(Clone, Copy)]
struct Layout<'a> {
    table: Option<&'a Table>,
    caption: Option<Unit>,
}

fn read_sentence(
    toks: &[Token],
    text: &str,
    clock: &Clock,
    ctx: &mut Context,
    layout: Layout,
    out: &mut Vec<Claim>,
) {
    ctx.prev_dated = ctx.dated_last.take();
    let table = layout.table;
    // A table row: bare figures take their column's unit.
    // Bare figures take the unit their row or label names ("Gallium exports, Nov 2023 (kg):
    // 1,530", "| Rare earths exports, Dec 2023 (t) | 3,439 |"), else their table column's.
    let mut owned: Vec<Token> = toks.to_vec();
    let at = columns_of(&owned);
    let row = is_table_row(toks);
    // The column of changes or shares each token's cell is under, when the cell holds it
    // alone ("| -13.2 |", not "| Sep 10,804 |").
    let kind_cell: Vec<Option<Column>> = (0..owned.len())
        .map(|k| match (table, row) {
            (Some(t), true) => t
                .cols
                .get(at[k])
                .copied()
                .filter(|c| matches!(c, Column::Mom | Column::Yoy | Column::Share))
                .filter(|_| cell_is_bare(&owned, k)),
            _ => None,
        })
        .collect();
    for k in 0..owned.len() {
        let Tok::Figure(f) = &owned[k].tok else {
            continue;
        };
        if f.unit != Unit::Bare {
            continue;
        }
        // In a row, a change's label makes its figure a percent ("World, May m/m ....
        // -52.9"), signed or not.
        let percent = row
            && owned[..k]
                .iter()
                .any(|t| matches!(t.tok, Tok::Cue(Cue::Mom | Cue::Yoy | Cue::Share)));
        if f.signed.is_some() && !percent {
            continue;
        }
        // Under a column of changes or shares: a percent (below), never the caption's unit.
        if kind_cell[k].is_some() {
            continue;
        }
        let labelled = label_unit(&owned[..k]);
        let column = match (table, row) {
            (Some(t), true) => match t.cols.get(at[k]) {
                Some(Column::Level(u)) if *u != Unit::Bare => Some(*u),
                _ => None,
            },
            _ => None,
        };
        // Else the caption's unit ("TABLE 1. All destinations, tonnes").
        let caption = layout.caption.filter(|_| row);
        if percent && column.is_none() && labelled.is_none() {
            if let Tok::Figure(f) = &mut owned[k].tok {
                f.unit = Unit::Pct;
            }
            continue;
        }
        // A reference, not a quantity: "Figure 2 of 5", "Table 3", "page 4", "No. 61".
        let reference = |j: usize| {
            [
                "figure", "fig", "table", "chart", "page", "p", "no", "item", "part", "section",
                "chapter", "exhibit", "panel", "slide", "step", "article", "annex", "appendix",
            ]
            .contains(
                &text[owned[j].start..owned[j].end]
                    .to_lowercase()
                    .trim_end_matches('.'),
            )
        };
        if k > 0 && reference(k - 1)
            || k > 2
                && text[owned[k - 1].start..owned[k - 1].end].eq_ignore_ascii_case("of")
                && matches!(owned[k - 2].tok, Tok::Figure(_))
                && reference(k - 3)
        {
            continue;
        }
        // A commodity code in a row ("Flake (25041010)") is no figure: six, eight or ten
        // digits written without separators.
        let raw = &text[owned[k].start..owned[k].end];
        if [6, 8, 10].contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Some(u) = labelled.or(column).or(caption)
            && let Tok::Figure(f) = &mut owned[k].tok
        {
            f.unit = u;
            if u == Unit::Tonnes && labelled_kt(&toks[..k]) {
                f.value *= 1000.0;
                f.precision *= 1000.0;
            }
        }
    }
    // A figure under a column of changes or shares is a percent of that kind: the column's
    // word follows it, as if written in the row ("-13.2" under "Chg %" reads "-13.2% m/m").
    if kind_cell.iter().any(Option::is_some) {
        let mut with_cues = Vec::with_capacity(owned.len() + 4);
        for (mut tk, col) in std::mem::take(&mut owned).into_iter().zip(kind_cell) {
            let cue = match (&mut tk.tok, col) {
                (Tok::Figure(f), Some(col)) if matches!(f.unit, Unit::Bare | Unit::Pct) => {
                    f.unit = Unit::Pct;
                    match col {
                        Column::Share => Some(Cue::Share),
                        c => {
                            // An unsigned figure under a change is a rise.
                            f.signed.get_or_insert(f.value >= 0.0);
                            Some(if c == Column::Mom { Cue::Mom } else { Cue::Yoy })
                        }
                    }
                }
                _ => None,
            };
            let end = tk.end;
            with_cues.push(tk);
            if let Some(c) = cue {
                with_cues.push(Token {
                    start: end,
                    end,
                    tok: Tok::Cue(c),
                    line_start: false,
                    capital: false,
                });
            }
        }
        owned = with_cues;
    }
    let toks: &[Token] = &owned;
    // The months the judge may ask about. (They are placed before this sentence's own dated
    // month and "this year" are read, so with the sentence before's. Placing them after was
    // tried and cost 2 dev and 3 held-out verdicts; why is not established.)
    for t in toks {
        if let Tok::Month(m) = &t.tok
            && m.day.is_none()
            && let Some(p) = clock.month(m, ctx).map(Period::Month)
            && !ctx.months_named.contains(&p)
        {
            ctx.months_named.push(p);
        }
    }
    let s = Sentence {
        toks,
        text,
        china_story: ctx.reporter.as_deref() == Some("CHN"),
        unit_before: ctx.unit_before,
    };
    ctx.sentences += 1;
    ctx.this_year = toks.iter().any(|t| t.tok == Tok::Cue(Cue::ThisYear));
    let aside = bracketed(toks);
    let dated = |(k, t): (usize, &Token)| match &t.tok {
        Tok::Month(m) if own_time_with_year(&s, k, aside[k], true) => {
            m.year.and_then(|y| Month::new(y, m.month).ok())
        }
        _ => None,
    };
    ctx.sentence_dated = toks.iter().enumerate().find_map(dated);
    ctx.sentence_year = year_set_in(&s);
    ctx.dated_last = toks.iter().enumerate().rev().find_map(dated);
    let facts = SentenceFacts::read(&s, clock, ctx, &aside);
    // The rules, at every token: the first that reads a token as an anchor wins it.
    let mut hits: Vec<Hit> = Vec::new();
    for i in 0..toks.len() {
        for rule in RULES {
            if let Some(mut h) = (rule.find)(&s, i) {
                h.rule = rule.name;
                if hits
                    .iter()
                    .any(|o| o.anchor == h.anchor || overlapping_same(o, &h))
                {
                    continue;
                }
                hits.push(h);
                break;
            }
        }
    }
    // A question asserts nothing it does not state with a figure: "Did exports collapse
    // after October 9?", "Is Germany still the largest buyer?".
    let question = toks
        .iter()
        .rev()
        .find(|t| !matches!(t.tok, Tok::Break))
        .is_some_and(|t| t.tok == Tok::Punct('?'));
    if question {
        hits.retain(|h| {
            (h.from..=h.to.min(toks.len().saturating_sub(1)))
                .any(|k| matches!(toks[k].tok, Tok::Figure(_) | Tok::Fraction(_)))
        });
    }
    let col_of = table.map(|_| columns_of(toks));
    let figures = hits.iter().any(|h| {
        matches!(
            h.claimed,
            Claimed::Level { .. } | Claimed::Change { .. } | Claimed::Share { .. }
        )
    });
    let mut partners_used: Vec<Partner> = Vec::new();
    let mut last_level: Option<(usize, Period)> = None;
    // The last level read and its own period, a base's too: what a value right after it is
    // the value of ("in 2024, when shipments had reached 58,152 tonnes worth $2.86 billion").
    let mut last_quantity: Option<(usize, Period)> = None;
    let first_claim = out.len();
    // A sentence naming no time at all (no month, year, span, or word of one) after a
    // sentence about a span may go on about that span, tried when the story's month is not
    // borne out: "Japan was the largest buyer with 1,567 t; the United States took 735 t"
    // after "2,567 t in January–February".
    let timeless = !toks.iter().any(|t| {
        names_a_period(&t.tok)
            || matches!(
                t.tok,
                Tok::Cue(
                    Cue::LastMonth
                        | Cue::PrevMonth
                        | Cue::Mom
                        | Cue::LastYear
                        | Cue::ThisYear
                        | Cue::YearWord
                        | Cue::MonthWord
                )
            )
    });
    let carried = ctx.prev_span.take().filter(|_| timeless && table.is_none());
    // Where each claim's words are, and whether they name a time: for the change a level
    // reached, read after both.
    let mut at: Vec<(usize, usize, bool)> = Vec::new();
    for hit in hits {
        let mut claim = resolve(&s, &hit, clock, ctx, &facts);
        // (A change too: "That's +23% y/y" after "Jan-Feb 2026 rare earth exports: 10,460
        // t" is the change over those months.)
        if let Some(p) = carried
            && matches!(
                claim.claimed,
                Claimed::Level { .. } | Claimed::Change { .. }
            )
            && !claim.period_named
            && claim.subject.period != Some(p)
            && !claim.alt_periods.contains(&p)
        {
            // A change year on year over a span from January is that span's, first; so is
            // a change with no comparison said at all ("Value fell 15.9%." after a sentence
            // about January–February): a span is compared with its year-ago months.
            let cues = change_cues(&s, &hit);
            if matches!(claim.claimed, Claimed::Change { .. })
                && (cues.0
                    || cues == (false, false)
                        && hit.base.is_none()
                        // (Not one that reached a level of its own: "rose 75.5% to 619 t".)
                        && !(hit.to + 1..(hit.to + 4).min(s.toks.len())).any(|k| {
                            matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit.is_amount())
                        }))
                && p.first().month() == 1
            {
                if let Some(q) = claim.subject.period.filter(|q| q.is_month()) {
                    claim.alt_periods.insert(0, q);
                }
                claim.subject.period = Some(p);
                claim.kind = Kind::YtdChange;
            } else if claim.subject.period.is_none() {
                // (With no month of the story to try first: the span.)
                claim.subject.period = Some(p);
                retype(&mut claim);
            } else {
                claim.alt_periods.insert(0, p);
            }
        }
        if let (Some(t), Some(at)) = (table, col_of.as_ref()) {
            // A column headed by its period ("| Sep 2025 | Oct 2025 | Oct m/m |", "| 2025 (t)
            // | vs 2024 |"): the figure's period; a base ("vs 2024") is a year before it.
            let c = at[hit.anchor];
            // A column headed by its commodity, in a header naming several: the figure's.
            if let Some(Some(b)) = t.baskets.get(c) {
                claim.subject.basket = Some(b.to_string());
            }
            // A row headed by a month, under columns headed by years ("July | .. | 5,994.3"
            // under "Month | 2024 | 2025"): that month of the column's year, or of the
            // table's latest year in a column that names none ("y/y change").
            let row_month = toks[..hit.anchor].iter().find_map(|tk| match &tk.tok {
                Tok::Month(m) if m.year.is_none() && m.day.is_none() => Some(m.month),
                _ => None,
            });
            let in_year = |y: i32| {
                row_month
                    .and_then(|m| Month::new(y, m).ok())
                    .map(Period::Month)
            };
            // A row headed by a span ("Jan-Feb 8,511", "Jan-Nov 58,193") under a year.
            // Or by the label column's header ("Series (Jan-Feb) | 2023 (t) | 2024 (t)"): every
            // year column holds those months.
            let row_span = toks[..hit.anchor]
                .iter()
                .find_map(|tk| match &tk.tok {
                    Tok::Span(sp) if sp.year.is_none() => Some((sp.first, sp.last)),
                    _ => None,
                })
                .or_else(|| match t.when.first() {
                    Some(Some(Tok::Span(sp))) if sp.year.is_none() && c > 0 => {
                        Some((sp.first, sp.last))
                    }
                    _ => None,
                });
            match t.when.get(c) {
                Some(Some(Tok::Year(y))) if row_month.is_some() => {
                    let y = if t.base[c] { *y + 1 } else { *y };
                    claim.subject.period = in_year(y);
                    retype(&mut claim);
                }
                Some(Some(Tok::Year(y))) if let Some((first, last)) = row_span => {
                    let y = if t.base[c] { *y + 1 } else { *y };
                    claim.subject.period = span_period(y, first, last);
                    retype(&mut claim);
                }
                Some(Some(when)) => {
                    if let Some(p) = period_of_tok(when, clock, ctx) {
                        claim.subject.period = Some(if t.base[c] { p.shift_years(1) } else { p });
                        retype(&mut claim);
                    }
                }
                _ => {
                    if let Some(p) = t.year.and_then(in_year) {
                        claim.subject.period = Some(p);
                        retype(&mut claim);
                    } else if let Some(p) = t.caption
                        && !toks[..hit.anchor].iter().any(|tk| names_a_period(&tk.tok))
                    {
                        claim.subject.period = Some(p);
                        retype(&mut claim);
                    }
                }
            }
            // Under a running total: January to the row's month.
            if t.cumulative.get(c).copied().unwrap_or(false)
                && matches!(claim.claimed, Claimed::Level { .. })
                && let Some(m) = claim.subject.period.and_then(|p| p.as_month())
            {
                claim.subject.period = Some(Period::year_to_date(m));
                retype(&mut claim);
            }
            // A change row labelled by its base ("change on Oct a year earlier", "m/m")
            // under columns of periods: the label says which change.
            let row_kind = toks[..hit.anchor].iter().rev().find_map(|tk| match tk.tok {
                Tok::Cue(Cue::Yoy | Cue::YearEarlier) => Some(Column::Yoy),
                Tok::Cue(Cue::Mom | Cue::PrevMonth) => Some(Column::Mom),
                _ => None,
            });
            let kind_col = match t.cols.get(c) {
                Some(k @ (Column::Mom | Column::Yoy)) => Some(k),
                _ => row_kind.as_ref(),
            };
            match kind_col {
                Some(Column::Mom)
                    if claim.kind == Kind::ChangeMom || claim.kind == Kind::ChangeYoy =>
                {
                    claim.kind = Kind::ChangeMom;
                }
                Some(Column::Yoy)
                    if matches!(
                        claim.kind,
                        Kind::ChangeMom | Kind::ChangeYoy | Kind::YtdChange
                    ) =>
                {
                    claim.kind = if claim.subject.period.is_some_and(|p| !p.is_month()) {
                        Kind::YtdChange
                    } else {
                        Kind::ChangeYoy
                    };
                }
                _ => {}
            }
        }
        // A change in the words right after a level, with no time of its own ("38,632
        // tonnes of antimony products, down 24.1% on the year"), is the change of that level.
        let own_time = (hit.from..toks.len())
            .take_while(|&k| k <= hit.to || !s.soft_barrier(k))
            .any(|k| matches!(toks[k].tok, Tok::Month(_) | Tok::Year(_) | Tok::Span(_)));
        // A later level in a sentence that names no month or span, after a level over a year
        // or a span: that level's period ("Antimony exports dropped to 38,632 tonnes in
        // 2024, and deliveries to the Netherlands … fell 66% to 1,016.65 tonnes").
        if let Claimed::Level { .. } = claim.claimed
            && !own_time
            && let Some((_, p)) = last_level.filter(|(_, p)| !p.is_month())
            && claim.subject.period.is_none_or(|q| q.is_month())
            && !toks
                .iter()
                .any(|t| matches!(t.tok, Tok::Month(_) | Tok::Span(_)) || span_cue(&t.tok))
        {
            claim.subject.period = Some(p);
            retype(&mut claim);
        }
        // "In the first eight months, exports reached 44,355 t. SMM estimated that was about
        // 13% more than in the same period of 2024": a change against "the same period", in a
        // sentence naming no period of its own, is of the span the sentence before named.
        if let Claimed::Change { .. } = claim.claimed
            && facts.period.is_none()
            && let Some(p) = ctx.last_stated.filter(|p| !p.is_month())
            && (hit.from..(hit.to + 8).min(toks.len())).any(|k| {
                matches!(toks[k].tok, Tok::Cue(Cue::Yoy)) && {
                    let w = s.raw(k);
                    w.contains("same period") || w.contains("same stretch")
                }
            })
        {
            claim.subject.period = Some(p);
            claim.kind = span_change(p);
        }
        // Also after a few words past the comma: "62.6 thousand tonnes, representing an
        // increase of 13% y-o-y", "…, that is a diminution of 66 %".
        let after_comma = |to: usize| {
            (to + 1..hit.from)
                .find(|&k| toks[k].tok == Tok::Punct(','))
                .is_some_and(|c| {
                    hit.from - c <= 4
                        && (to + 1..hit.from).all(|k| {
                            k == c
                                || matches!(
                                    toks[k].tok,
                                    Tok::Word(_)
                                        | Tok::Basket(_)
                                        | Tok::Flow(_)
                                        | Tok::Cue(Cue::Of)
                                )
                                // A base's own time before the comma: "from 3,011.98 tons
                                // a year earlier, a drop of 66%", "compared with 3,011.98
                                // tonnes in 2023, a fall of 66%".
                                || k < c
                                    && matches!(
                                        toks[k].tok,
                                        Tok::Cue(
                                            Cue::Yoy | Cue::YearEarlier | Cue::LastYear | Cue::In
                                        ) | Tok::Year(_)
                                            | Tok::Month(_)
                                    )
                        })
                })
        };
        if let Claimed::Change { .. } = claim.claimed
            && !own_time
            && let Some((to, p)) = last_level
            && hit.from > to + 1
            && hit.from - to <= 8
            && after_comma(to)
        {
            claim.subject.period = Some(p);
            if !p.is_month() && p.first().month() == 1 {
                claim.kind = Kind::YtdChange;
            }
        }
        // A record right after a level is that level's: "In November — 5493,9 ton, maximum
        // since June" (its "since" month is its base).
        if let Claimed::Record { .. } = claim.claimed
            && let Some((to, p)) = last_level
            && hit.from > to
            && hit.from - to <= 3
            && (to + 1..hit.from).all(|k| {
                matches!(toks[k].tok, Tok::Punct(',' | '—' | '–'))
                    || s.is_word(k, &["the", "a", "its", "their"])
            })
        {
            claim.subject.period = Some(p);
        }
        // A value right after a quantity, with no time of its own ("a record 58,152 t,
        // valued at $2.86 billion"), is the value of those tonnes: their period.
        if let Claimed::Level {
            unit: Unit::Usd, ..
        } = claim.claimed
            && !own_time
            && let Some((to, p)) = last_quantity
            && hit.from > to
            // ("58,152 tonnes of magnets and magnet alloys, worth $2.86 billion")
            && hit.from - to <= 9
            && !(to + 1..hit.from).any(|k| s.barrier(k) || matches!(toks[k].tok, Tok::Figure(_)))
        {
            claim.subject.period = Some(p);
            retype(&mut claim);
        }
        // (Not a base: "a retreat from August's 5,325 tonnes, a fall of 7.7%" is September's,
        // and "fell to 1,016.65 tons in 2024 from 3,011.98 tons a year earlier, a drop of
        // 66%" is 2024's: the words after a base go on from the level it is the base of.)
        if let Claimed::Level { .. } = claim.claimed {
            // ("compared with 3,011.98 tonnes in 2023", "against 4,000 t")
            // (and a figure in a "when" clause after a base: "Compared with September last
            // year, when China exported 4,811 tons, shipments were down 4.3%")
            let base = (hit.from.saturating_sub(3)..hit.from).any(|k| {
                matches!(toks[k].tok, Tok::Cue(Cue::From | Cue::Than))
                    || s.is_word(k, &["compared", "against", "versus", "vs"])
            }) || (hit.from.saturating_sub(5)..hit.from)
                .any(|k| s.is_word(k, &["when"]) && k > 0 && toks[k - 1].tok == Tok::Punct(','));
            last_level = if base {
                last_level.map(|(_, p)| (hit.to, p))
            } else {
                claim.subject.period.map(|p| (hit.to, p))
            };
            last_quantity = claim.subject.period.map(|p| (hit.to, p));
        }
        // A list ("Vietnam, Germany and India were the top three") is about no one partner.
        // Nor is a ranking ("In May the largest destination was actually Vietnam"): it
        // compares partners, and what follows is not about the winner alone.
        let listed = matches!(&claim.claimed, Claimed::Rank { .. });
        // Nor does a figure under a label of when only take the story's partner away.
        // Nor the whole a part is of ("Japan took 4% of China's total exports of 5,473 t").
        let untied_world = claim.subject.partner == Some(Partner::World)
            && (period_label(&s, hit.anchor) || is_whole_of_part(&s, &hit));
        if let Some(p) = &claim.subject.partner
            && !listed
            && !untied_world
        {
            partners_used.push(p.clone());
        }
        // The world's share of the world ("World (customs total) | 6,146 | 100.0") is the
        // table's footing, not a claim.
        if matches!(claim.claimed, Claimed::Share { pct, .. } if pct == 100.0)
            && claim.subject.partner == Some(Partner::World)
        {
            continue;
        }
        // A change that names no base, of a span of months ("In 2024-25 imports nearly
        // doubled … The ministry has described this as an increase of 88 per cent"): a span
        // is compared with the same months a year before.
        if claim.kind == Kind::ChangeMom
            && claim.alt_kinds.contains(&Kind::ChangeYoy)
            && let Some(p) = claim.subject.period.filter(|p| !p.is_month())
        {
            claim.kind = span_change(p);
            claim.alt_kinds.retain(|k| *k != Kind::ChangeYoy);
        }
        if let Some(p) = claim.subject.period.filter(|p| p.len_months() <= 12) {
            ctx.recent_months.push((p.first(), ctx.sentences));
            ctx.recent_months.push((p.last(), ctx.sentences));
        }
        at.push((hit.from, hit.to, own_time));
        out.push(claim);
    }
    // A change with no time of its own to a level over a year or a span is that level's:
    // "fell 66% to 1,016.65 tonnes" (in a sentence about 2024).
    for i in 0..at.len().saturating_sub(1) {
        let (c, l) = (first_claim + i, first_claim + i + 1);
        let ((_, change_to, own), (level_from, _, _)) = (at[i], at[i + 1]);
        if matches!(out[c].claimed, Claimed::Change { .. })
            && !own
            && matches!(out[l].claimed, Claimed::Level { .. })
            && level_from == change_to + 2
            && toks[change_to + 1].tok == Tok::Cue(Cue::To)
            && let Some(p) = out[l].subject.period.filter(|p| !p.is_month())
            && out[c].subject.period.is_none_or(|q| q.is_month())
        {
            out[c].subject.period = Some(p);
            out[c].kind = span_change(p);
        }
    }
    for (k, t) in toks.iter().enumerate() {
        if let Tok::Year(y) = t.tok
            && k > 0
            && (s.is_cue_at(k - 1, Cue::In) || s.is_word(k - 1, &["of", "during", "for"]))
            && let Some(p) = whole_year(y)
            && !ctx.years_named.contains(&p)
        {
            ctx.years_named.push(p);
        }
    }
    // The spans (and months) this sentence states with their year, for the sentences after
    // it.
    for (k, t) in toks.iter().enumerate() {
        if matches!(t.tok, Tok::Span(_) | Tok::Month(_))
            && own_time_with_year(&s, k, aside[k], false)
            && let Some(p) = period_of_tok(&t.tok, clock, ctx)
        {
            ctx.spans_named.push((p, ctx.sentences));
        }
    }
    // (Only a sentence all of whose figures are of one span: "… 5,774 t in September and
    // 51,440 t in the year to date. Germany received 1,288 t" is September's again.)
    let spans: Vec<Option<Period>> = out[first_claim..]
        .iter()
        .filter(|c| !matches!(c.claimed, Claimed::Event(_)))
        .map(|c| c.subject.period)
        .collect();
    ctx.prev_span = match spans.first() {
        Some(Some(p)) if !p.is_month() && spans.iter().all(|q| *q == Some(*p)) => Some(*p),
        // A level over a span and its base ("fell to 1,016.65 tonnes in 2024 from 3,011.98
        // tonnes in 2023. That is a 66% drop"): the level's span, not the base's.
        _ if {
            let levels: Vec<Option<Period>> = out[first_claim..]
                .iter()
                .filter(|c| matches!(c.claimed, Claimed::Level { .. }))
                .map(|c| c.subject.period)
                .collect();
            levels.len() == 2 && levels.iter().all(|q| q.is_some_and(|q| !q.is_month()))
        } =>
        {
            last_level.map(|(_, p)| p).filter(|p| !p.is_month())
        }
        _ => None,
    };
    // Carry the sentence's subject on.
    if let Some(b) = facts
        .basket
        .or(facts.mentioned.filter(|_| ctx.basket.is_none()))
    {
        ctx.basket = Some(b);
        ctx.first_basket.get_or_insert(b);
    }
    if let Some(r) = &facts.reporter {
        ctx.reporter = Some(r.clone());
    }
    // (A table row's flow is its own: "Rare earth imports, October" does not make the
    // magnet row under it imports.)
    if let Some(f) = facts.flow
        && !(row && table.is_some())
    {
        ctx.flow = Some(f);
    }
    // A heading ("## Table 3 - Rare earth permanent magnets") that names one commodity starts
    // a section about it: with no flow named, the flow of the section before does not carry
    // in.
    let heading = toks.first().is_some_and(|t| t.tok == Tok::Punct('#'))
        && !toks
            .iter()
            .any(|t| matches!(&t.tok, Tok::Figure(f) if f.unit != Unit::Bare));
    let mut baskets = toks.iter().filter_map(|t| match t.tok {
        Tok::Basket(b) => Some(b),
        _ => None,
    });
    if heading && let (Some(b), None) = (baskets.next(), baskets.next()) {
        ctx.basket = Some(b);
        if facts.flow.is_none() {
            ctx.flow = None;
        }
    }
    // The story's month moves on, never back: a sentence about an earlier month ("Sept was
    // 5,774 t") is a look back, and a span is not a month.
    // A month moves the story only when the sentence reports figures for it (or the story
    // has none yet): "November is the first full month after…" is not the story's month.
    if let Some(p) = facts.period
        && !facts.look_back
        && p.is_month()
        && (figures || ctx.period.is_none())
        && ctx.period.is_none_or(|c| p.first() >= c.first())
    {
        ctx.period = Some(p);
    }
    if let Some(p) = facts.period {
        ctx.last_stated = Some(p);
    }
    if let Some(u) = toks.iter().rev().find_map(|t| match &t.tok {
        Tok::Figure(f) if f.unit.is_amount() => Some(f.unit),
        _ => None,
    }) {
        ctx.unit_before = Some(u).filter(|u| u.is_mass());
    } else if let Some(u) = (0..toks.len()).find_map(|k| {
        // A heading that names the unit of the lines under it: "IN (India), t:", "Exports
        // (tonnes)".
        let unit = match s.raw(k).as_ref() {
            "t" | "tonnes" | "tons" => Unit::Tonnes,
            "kg" | "kilograms" => Unit::Kg,
            _ => return None,
        };
        (matches!(toks[k].tok, Tok::Word(_))
            && matches!(toks.get(k + 1).map(|t| &t.tok), Some(Tok::Punct(':' | ')')))
            && k > 0
            && matches!(toks[k - 1].tok, Tok::Punct(',' | '(')))
        .then_some(unit)
    }) {
        ctx.unit_before = Some(u);
    }
    // (Not a base: "and in October it was 569 tons, decreasing 33.4% than September".)
    ctx.last_month = (0..toks.len())
        .rev()
        .find_map(|k| match &toks[k].tok {
            Tok::Month(m)
                if m.day.is_none()
                    && !(k > 0 && matches!(toks[k - 1].tok, Tok::Cue(Cue::Than | Cue::From))) =>
            {
                clock.month(m, ctx).map(Period::Month)
            }
            _ => None,
        })
        .or(ctx.last_month);
    if let Some(p @ Partner::Country(_)) = &facts.partner {
        ctx.named_partner = Some(p.clone());
    }
    if ctx.topic.is_none() && facts.flow.is_some() {
        ctx.topic = Some(facts.partner.clone().filter(|p| *p != Partner::World));
    }
    partners_used.dedup();
    // Several destinations named: the next sentence is about none of them in particular.
    let mut named: Vec<&str> = toks
        .iter()
        .enumerate()
        .filter_map(|(k, t)| match t.tok {
            Tok::Country(c) if !is_reporter_at(&s, k) => Some(c),
            _ => None,
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    // (A figure of trade, not a bound: "most of it" is said without one.)
    let supplier_only = !toks
        .iter()
        .any(|t| matches!(&t.tok, Tok::Figure(f) if f.unit != Unit::Bare))
        && toks.iter().any(|t| {
            matches!(&t.tok, Tok::Word(w) if ["supplies", "supplied", "supply", "supplier", "source", "sources"].contains(&w.as_str()))
        });
    ctx.partner = match (partners_used.as_slice(), &facts.partner) {
        // (Not a supplier named in passing, with no figure: "Trade contacts say Myanmar
        // still supplies most of it" does not make the lines after it Myanmar's, though the
        // sentence claims a share for it.)
        ([_], _) if supplier_only => ctx.partner.clone(),
        ([one], _) => Some(one.clone()),
        ([], Some(p)) if !supplier_only => Some(p.clone()),
        ([], Some(_)) => ctx.partner.clone(),
        ([], None) if facts.fresh_subject || named.len() > 1 => None,
        ([], None) => ctx.partner.clone(),
        _ => None,
    };
    // A table row's destination is its own: the prose after the table is not about it.
    if row && table.is_some() {
        ctx.partner = None;
    }
    // A line that is a partner's name and nothing else ("UNITED STATES", "Germany:", "##
    // Japan") heads the lines under it.
    let mut words = toks.iter().filter(|t| {
        !matches!(
            t.tok,
            Tok::Break | Tok::Bullet | Tok::Punct(':' | '#' | '—' | '–' | '-' | '*')
        )
    });
    match (words.next(), words.next()) {
        (
            Some(Token {
                tok: Tok::Country(c),
                ..
            }),
            None,
        ) if *c != "CHN" && *c != "WLD" => {
            ctx.partner = Some(Partner::of(c));
            ctx.named_partner = ctx.partner.clone();
            ctx.section_partner = ctx.partner.clone();
        }
        // Another heading ("CONTEXT", "## Notes"): a line of words only, in capitals or
        // set off as one.
        _ if !toks.iter().any(|t| matches!(t.tok, Tok::Figure(_)))
            && (toks.first().is_some_and(|t| t.tok == Tok::Punct('#'))
                || s.text
                    [toks.first().map_or(0, |t| t.start)..toks.last().map_or(0, |t| t.end)]
                    .chars()
                    .all(|c| !c.is_lowercase())) =>
        {
            ctx.section_partner = None;
        }
        _ => {}
    }
    // A line of cells with no figure of trade that names one destination ("[2] CHN EXPORTS
    // | RARE EARTH MAGNETS | UNITED STATES", an alert's section): what the lines under it
    // are about.
    if row
        && !toks
            .iter()
            .any(|t| matches!(&t.tok, Tok::Figure(f) if f.unit != Unit::Bare))
        && let [one] = named.as_slice()
    {
        ctx.partner = Some(Partner::of(one));
    }
}

/// Which tokens stand inside brackets: an aside ("(Jul 2024: 1.2 t)").
fn bracketed(toks: &[Token]) -> Vec<bool> {
    let mut depth = 0i32;
    toks.iter()
        .map(|t| {
            match t.tok {
                Tok::Punct('(' | '[') => depth += 1,
                Tok::Punct(')' | ']') => depth -= 1,
                _ => {}
            }
            depth > 0
        })
        .collect()
}

/// Whether the month or span at `k` is written with its year and is a time the sentence
/// states as its own: not an aside, not the base of a comparison ("20.2% below December
/// 2022", "up 22.9% on January–February 2025", "the same two months of 2023"); a run "from
/// … November 2023 to … December" runs from it, for the months of its own sentence
/// (`in_run`); a day's month counts ("1 December 2023 — …").
fn own_time_with_year(s: &Sentence, k: usize, aside: bool, in_run: bool) -> bool {
    let (with_year, day) = match s.tok(k) {
        Some(Tok::Month(m)) => (m.year.is_some(), m.day.is_some()),
        Some(Tok::Span(sp)) => (sp.year.is_some(), false),
        _ => return false,
    };
    if !with_year || aside {
        return false;
    }
    let clause_before = || (0..k).rev().take_while(|&j| !s.barrier(j));
    let runs_from = (k + 1..s.toks.len())
        .take_while(|&j| !s.barrier(j))
        .any(|j| s.tok(j) == Some(&Tok::Cue(Cue::To)))
        && clause_before().any(|j| s.tok(j) == Some(&Tok::Cue(Cue::From)));
    if runs_from && in_run {
        return true;
    }
    let base = clause_before().any(|j| {
        matches!(
            s.tok(j),
            Some(Tok::Cue(
                Cue::Than | Cue::From | Cue::Yoy | Cue::Since | Cue::Before | Cue::After
            ))
        ) || s.compares_after_percent(j)
            || s.is_word(
                j,
                &[
                    "below", "above", "against", "versus", "vs", "on", "over", "compared", "until",
                    "same",
                ],
            )
    });
    !base && (day || states_period(s, k))
}

/// Two hits of the same kind over the same tokens (one claim read twice).
fn overlapping_same(a: &Hit, b: &Hit) -> bool {
    let event_date =
        |h: &Hit| matches!(&h.claimed, Claimed::Event(e) if e.relation == Relation::Date);
    a.kind == b.kind
        && a.from <= b.to
        && b.from <= a.to
        && a.anchor != b.anchor
        && {
            // An event's day, given by a verb of its own, is a claim beside the one relating the
            // data to that event.
            !(a.kind == Kind::EventTiming
                && event_date(a) != event_date(b)
                && b.rule == "event-on-date")
        }
        && {
            // Two figures are two claims even when their spans touch.
            !(matches!(
                a.claimed,
                Claimed::Level { .. } | Claimed::Change { .. } | Claimed::Share { .. }
            ) && matches!(
                b.claimed,
                Claimed::Level { .. } | Claimed::Change { .. } | Claimed::Share { .. }
            ))
        }
}

/// What a sentence says of its subject as a whole.
#[derive(Debug, Default)]
struct SentenceFacts {
    basket: Option<&'static str>,
    /// The first commodity named at all, traded or not ("customs tables are out, magnets
    /// in"): the story's topic when it has none yet.
    mentioned: Option<&'static str>,
    reporter: Option<String>,
    flow: Option<Flow>,
    /// The period the sentence reports on.
    period: Option<Period>,
    /// The only destination named, or the world total.
    partner: Option<Partner>,
    /// Where that destination is named.
    partner_at: Option<usize>,
    /// A look back ("had been"): its month does not move the story.
    look_back: bool,
    /// The period is the figures' own beyond doubt, even when before the story's: a table
    /// row's or a label's month ("| Rare earths exports, Nov 2023 (t) | 4,206 |"), or a
    /// month owning a figure ("Of June's 96 kg, Germany took 74 kg").
    period_own: bool,
    /// The sentence names whose trade it is anew ("China's magnet exports …") without a
    /// partner: the partner of the sentence before does not carry over.
    fresh_subject: bool,
}

/// Where a sentence's words begin: after its bullets, bars and breaks.
fn sentence_lead(toks: &[Token]) -> usize {
    toks.iter()
        .take_while(|t| matches!(t.tok, Tok::Bullet | Tok::Punct('|') | Tok::Break))
        .count()
}

/// Whether the token at `k` opens the sentence (after bullets, bars and "the").
fn sentence_start(toks: &[Token], k: usize) -> bool {
    let lead = sentence_lead(toks);
    k == lead || k == lead + 1 && matches!(&toks[lead].tok, Tok::Word(w) if w == "the")
}

/// Whether the token at `k` is the first thing a sentence names: only a few plain words
/// ("The broader", "The headline") before it.
fn opens_sentence(toks: &[Token], k: usize) -> bool {
    let lead = sentence_lead(toks);
    k >= lead && k - lead <= 3 && toks[lead..k].iter().all(|t| matches!(t.tok, Tok::Word(_)))
}

/// Whether a country token is the reporter: "China's", "Chinese", "China exported",
/// "Beijing", "India's imports".
fn is_reporter_at(s: &Sentence, k: usize) -> bool {
    let Some(Tok::Country(c)) = s.tok(k) else {
        return false;
    };
    if *c == "CHN" {
        return true;
    }
    // "India's imports": India's own statistics, unless the story is China's trade and the
    // sentence does not say where from ("Germany's purchases fell" is China's selling;
    // "India's imports from China" stays India's; "Germany's purchases more than tripled
    // from the month before" does not say where from).
    // "India imported 53,700 tonnes": the same, as the verb's subject.
    let flow_at = if matches!(s.tok(k + 1), Some(Tok::Possessive)) {
        k + 2
    } else {
        k + 1
    };
    matches!(s.tok(flow_at), Some(Tok::Flow(Flow::Import)))
        && (!s.china_story
            || (flow_at + 1..(flow_at + 4).min(s.toks.len())).any(|j| {
                s.tok(j) == Some(&Tok::Cue(Cue::From))
                    && matches!(s.tok(j + 1), Some(Tok::Country(_)))
            }))
}

impl SentenceFacts {
    /// `aside`: which tokens stand in brackets (see [`bracketed`]).
    fn read(s: &Sentence, clock: &Clock, ctx: &Context, aside: &[bool]) -> SentenceFacts {
        let mut f = SentenceFacts::default();
        let toks = s.toks;
        // The commodity the sentence trades: one named beside a flow ("magnet exports",
        // "exports of antimony"), as a possessive, or as a figure's subject; a passing
        // mention ("including on rare earths") does not move the story.
        let first_figure = toks.iter().position(|t| matches!(t.tok, Tok::Figure(_)));
        // A commodity traded: beside a flow ("magnet exports", not "rare earth export
        // permits"), as a possessive, or with a direction.
        let traded = |k: usize| {
            // "… tonnes of (natural) flake graphite"
            let of_figure = (1..=3).any(|d| {
                k > d
                    && matches!(toks[k - d].tok, Tok::Cue(Cue::Of))
                    && matches!(toks[k - d - 1].tok, Tok::Figure(_))
                    && (k - d + 1..k).all(|j| matches!(toks[j].tok, Tok::Word(_)))
            });
            of_figure
                || (k.saturating_sub(3)..(k + 4).min(toks.len())).any(|j| {
                    matches!(toks[j].tok, Tok::Flow(_) | Tok::Possessive | Tok::Dir(_))
                        && !matches!(
                            toks.get(j + 1).map(|t| &t.tok),
                            Some(Tok::Cue(Cue::Policy | Cue::NotTrade))
                        )
                })
        };
        // Demand, prices or output of a commodity are not its trade ("demand for magnets").
        let other_thing = |k: usize| {
            (k.saturating_sub(2)..k).any(|j| matches!(toks[j].tok, Tok::Cue(Cue::NotTrade)))
        };
        let mut traded_basket: Option<&'static str> = None;
        for (k, t) in toks.iter().enumerate() {
            match &t.tok {
                Tok::Basket(b) if !other_thing(k) => {
                    f.mentioned.get_or_insert(b);
                    let traded = traded(k);
                    // Or before its figures, or opening the sentence ("Terbium went the other
                    // way.", "The broader rare earths category moved the other way.").
                    // "China rare earths — investor note": after the reporter, too.
                    let lead = sentence_lead(toks);
                    let after_reporter = k >= lead
                        && k - lead <= 3
                        && toks[lead..k].iter().all(|t| {
                            matches!(t.tok, Tok::Word(_) | Tok::Country("CHN") | Tok::Possessive)
                        });
                    let subject = traded
                        || first_figure.is_some_and(|ff| k < ff)
                        || opens_sentence(toks, k)
                        || after_reporter;
                    if subject && (traded_basket.is_none() || traded && f.basket != traded_basket) {
                        f.basket = Some(b);
                    }
                    if traded && traded_basket.is_none() {
                        traded_basket = Some(b);
                    }
                }
                // "export permits", "export controls": not a flow of trade.
                Tok::Flow(fl)
                    if f.flow.is_none()
                        && !matches!(
                            toks.get(k + 1).map(|t| &t.tok),
                            Some(Tok::Cue(Cue::Policy | Cue::NotTrade))
                        ) =>
                {
                    if matches!(fl, Flow::Export | Flow::Import) {
                        f.flow = Some(*fl);
                    }
                }
                Tok::Country(c) if is_reporter_at(s, k) && f.reporter.is_none() => {
                    f.reporter = Some((*c).to_string());
                }
                Tok::Cue(Cue::Customs) if f.reporter.is_none() && ctx.reporter.is_none() => {
                    f.reporter = Some("CHN".to_string());
                }
                _ => {}
            }
        }
        // A heading naming a commodity ("Antimony.", "Dysprosium", "## Gallium") sets the
        // topic for what follows.
        let words = toks
            .iter()
            .filter(|t| !matches!(t.tok, Tok::Punct(_) | Tok::Bullet | Tok::Break))
            .count();
        if words <= 3
            && let Some(b) = toks.iter().find_map(|t| match t.tok {
                Tok::Basket(b) => Some(b),
                _ => None,
            })
        {
            f.basket = Some(b);
        }
        // A reporter importing: "India's imports from China".
        if let Some(r) = &f.reporter
            && r != "CHN"
            && f.flow.is_none()
        {
            f.flow = Some(Flow::Import);
        }
        // The sentence's period: the first month (or span) it reports on, outside brackets.
        for (k, t) in toks.iter().enumerate() {
            if aside[k] || !states_period(s, k) {
                continue;
            }
            let p = match &t.tok {
                Tok::Month(m) if m.day.is_none() => clock
                    .month(m, ctx)
                    .map(|x| year_before_it(s, k, Period::Month(x), clock, ctx)),
                Tok::Span(sp) => clock.span(sp, ctx),
                _ => None,
            };
            if let Some(p) = p {
                f.period_own = is_table_row(toks)
                    || label_range(s).is_some_and(|l| l.contains(&k))
                    // "In June, magnet exports had jumped 157.5% …"
                    || (1..=2).contains(&k)
                        && s.is_cue_at(k - 1, Cue::In)
                        && s.tok(k + 1) == Some(&Tok::Punct(','))
                    || matches!(s.tok(k + 1), Some(Tok::Possessive))
                        && matches!(s.tok(k + 2), Some(Tok::Figure(_)));
                let shifted = if s
                    .after(k, 2, true, |t| *t == Tok::Cue(Cue::LastYear))
                    .is_some()
                {
                    last_year_of(p, clock, ctx)
                } else {
                    year_before_it(s, k, p, clock, ctx)
                };
                f.period = Some(shifted);
                break;
            }
        }
        if f.period.is_none()
            && toks.iter().any(|t| t.tok == Tok::Cue(Cue::LastMonth))
            && !toks.iter().any(|t| t.tok == Tok::Cue(Cue::Policy))
            && let Some(m) = clock.relative(Cue::LastMonth)
        {
            f.period = Some(Period::Month(m));
        }
        f.look_back = toks.windows(2).any(|w| {
            matches!(&w[0].tok, Tok::Word(a) if a == "had")
                && (matches!(&w[1].tok, Tok::Word(b) if b == "been" || b.ends_with("ed"))
                    || matches!(&w[1].tok, Tok::Dir(_)))
        });
        // One destination named (or the world total).
        // Destinations the sentence names as such: "to the US", "from Myanmar",
        // "US-bound", "Germany took".
        let mut named: Vec<(usize, &str)> = toks
            .iter()
            .enumerate()
            .filter_map(|(k, t)| match &t.tok {
                Tok::Country(c)
                    if !is_reporter_at(s, k)
                        && !source_of_news(s, k)
                        && !origin_aside(s, k)
                        && (k > 0 && matches!(toks[k - 1].tok, Tok::Cue(Cue::To | Cue::From))
                            || k > 1 && matches!(toks[k - 2].tok, Tok::Cue(Cue::To | Cue::From)) && matches!(&toks[k - 1].tok, Tok::Word(w) if w == "the")
                            || matches!(toks.get(k + 1).map(|t| &t.tok), Some(Tok::Flow(_)))
                            || matches!(toks.get(k + 1).map(|t| &t.tok), Some(Tok::Word(w)) if ["took", "received", "bought", "imported", "was", "remained", "saw", "is", "were", "got", "purchased", "absorbed", "still"].contains(&w.as_str()))
                            // "Second is South Korea, export amount 954 ton".
                            || k > 0 && matches!(&toks[k - 1].tok, Tok::Word(w) if ["is", "was", "remained", "became"].contains(&w.as_str()))
                            // The sentence's subject: "The United States, by contrast, saw
                            // shipments fall", "Japan is a different story".
                            || sentence_start(toks, k)) =>
                {
                    Some((k, *c))
                }
                _ => None,
            })
            .collect();
        // The countries listed after one named as such are named too: "from Myanmar, Laos
        // and beyond" names two origins, not one.
        for (k, t) in toks.iter().enumerate().skip(2) {
            if let Tok::Country(c) = &t.tok
                && (toks[k - 1].tok == Tok::Punct(',') || s.is_word(k - 1, &["and", "or"]))
                && named.iter().any(|&(j, _)| j == k - 2)
                && !is_reporter_at(s, k)
            {
                named.push((k, *c));
            }
        }
        named.dedup_by(|a, b| a.1 == b.1);
        if let [(k, c)] = named.as_slice() {
            f.partner = Some(Partner::of(c));
            f.partner_at = Some(*k);
        } else if named.is_empty()
            && (0..toks.len()).any(|k| {
                // (Not a share's whole: "It took 4 tonnes, 72.7% of the total".)
                toks[k].tok == Tok::Cue(Cue::Total)
                    && !(k.saturating_sub(4)..k).any(|j| {
                        s.is_cue_at(j, Cue::Of)
                            && j > 0
                            && matches!(&toks[j - 1].tok, Tok::Figure(f) if f.unit == Unit::Pct)
                    })
            })
        {
            f.partner = Some(Partner::World);
        }
        // Whose trade it is, named as a subject: "China's exports", "Chinese shipments",
        // "China exported".
        let reporter_subject = toks.iter().enumerate().any(|(k, t)| {
            matches!(t.tok, Tok::Country(_))
                && is_reporter_at(s, k)
                && (1..=3).any(|d| {
                    matches!(
                        toks.get(k + d).map(|t| &t.tok),
                        Some(Tok::Flow(_) | Tok::Basket(_))
                    )
                })
        });
        // A destination named only in a later clause ("China's exports rose 113% in December
        // from November, …, although no material was shipped to the United States") leaves
        // the subject before it fresh.
        let first_figure = toks.iter().position(|t| matches!(t.tok, Tok::Figure(_)));
        let partner_later = matches!(
            (f.partner_at, first_figure),
            (Some(d), Some(ff)) if d > ff && toks[ff..d].iter().any(|t| t.tok == Tok::Punct(','))
        );
        f.fresh_subject = (f.partner.is_none() || partner_later)
            && (f.basket.is_some() && (f.flow.is_some() || f.basket != ctx.basket)
                || reporter_subject && f.flow.is_some());
        f
    }
}

/// Whether the month (or span) at `k` is a period the sentence reports on: not a base ("from
/// August"), a start ("began in June"), a record's bound ("since June"), an event's date
/// ("on October 9"), or a label of another thing ("the May low").
/// A year said as the base of a comparison: "on 2023", "than in 2024", "5.9% above 2023",
/// "from the same months of 2025" (the words between only the article, "same", "months", "period", "of",
/// "in").
fn year_said_as_base(s: &Sentence, k: usize) -> bool {
    let filler = |j: usize| {
        s.is_word(j, &["the", "same", "period", "level", "levels"])
            || matches!(
                s.tok(j),
                Some(
                    Tok::Cue(Cue::MonthWord | Cue::Of | Cue::In)
                        | Tok::Span(SpanRef { year: None, .. })
                )
            )
    };
    let mut j = k;
    while j > 0 && k - j < 6 {
        j -= 1;
        if matches!(s.tok(j), Some(Tok::Cue(Cue::Than | Cue::From)))
            || ["above", "below", "against", "versus", "vs"].contains(&&*s.raw(j))
        {
            // ("On the ten first months of 2024, China exported …": an opening "on".)
            return s.toks[..j].iter().any(|t| matches!(t.tok, Tok::Figure(_)));
        }
        if !filler(j) {
            return false;
        }
    }
    false
}

/// Whether the time at `k` is what a figure beat or trailed: "beat November-December 2024 by
/// nearly 28%", "trailed the same month of 2024". A base, not the figure's time.
/// (Not the time of a base level of its own: "beat the 8,774 tons exported in
/// January-February 2024".)
fn after_beat(s: &Sentence, k: usize) -> bool {
    (k.saturating_sub(5)..k)
        .rev()
        .take_while(|&j| !matches!(s.tok(j), Some(Tok::Figure(_))))
        .any(|j| s.is_beat(j))
}

fn states_period(s: &Sentence, k: usize) -> bool {
    if !matches!(s.tok(k), Some(Tok::Month(_) | Tok::Span(_))) {
        return false;
    }
    // "Monthly review — February 2025 edition", "the October 2025 issue": when the page
    // appeared, not what it reports on.
    if ["edition", "issue", "newsletter", "bulletin"].contains(&s.raw(k + 1).as_ref()) {
        return false;
    }
    // "Reminder on June: volume was up 1.8% y/y": "on" a month before a colon labels what
    // follows; it compares nothing.
    if s.tok(k + 1) == Some(&Tok::Punct(':')) && k > 0 && s.raw(k - 1) == "on" {
        return true;
    }
    if k > 0 {
        // "From January to October, China exported …", "Over January–October, …": a range
        // of months after "from" or "over" is when, not a base.
        let range = matches!(s.tok(k), Some(Tok::Span(_)));
        let base = |t: &Tok| {
            matches!(
                t,
                Tok::Cue(Cue::Than | Cue::Since | Cue::Began | Cue::Before | Cue::After)
            ) || !range
                && matches!(
                    t,
                    Tok::Cue(Cue::From)
                        | Tok::Hedge(
                            crate::number::Qualifier::MoreThan | crate::number::Qualifier::LessThan
                        )
                )
        };
        let prev = &s.toks[k - 1].tok;
        if after_beat(s, k) {
            return false;
        }
        // "against 21,399 tonnes in the same five months of 2024": after a figure, a base a
        // year back from the months named (not "In the same two months of 2023 it exported
        // 7,240 tonnes", the months of the figure after it).
        // ("; in the same seven months of 2024 they were 3.4% higher": a clause's own months.)
        if matches!(s.tok(k), Some(Tok::Span(_)))
            && s.is_word(k - 1, &["same"])
            && (0..k)
                .rev()
                .take_while(|&j| !s.barrier(j))
                .find(|&j| matches!(s.tok(j), Some(Tok::Figure(_))))
                .is_some_and(|j| {
                    (j.saturating_sub(2)..j)
                        .any(|m| s.is_cue_at(m, Cue::Than) || s.is_cue_at(m, Cue::From))
                })
        {
            return false;
        }
        // "On the ten first months, China exported …": "on" before any figure opens the
        // sentence with when; it compares nothing yet.
        let opening_on = |j: usize| {
            s.raw(j).eq_ignore_ascii_case("on")
                && !s.toks[..j].iter().any(|t| matches!(t.tok, Tok::Figure(_)))
        };
        if base(prev) && !opening_on(k - 1) {
            return false;
        }
        // "than in May 2024", "from the August level".
        // "since last November"
        if s.raw(k - 1) == "last" && k > 1 && s.tok(k - 2) == Some(&Tok::Cue(Cue::Since)) {
            return false;
        }
        if (matches!(prev, Tok::Word(w) if w == "the") || *prev == Tok::Cue(Cue::In))
            && k > 1
            && s.tok(k - 2).is_some_and(base)
            && !opening_on(k - 2)
        {
            return false;
        }
        // "rebounded in October after a weak September", "than a strong May": an article and
        // an adjective between the base word and its month.
        if k > 2
            && matches!(prev, Tok::Word(_))
            && s.is_word(k - 2, &["a", "an", "the"])
            && s.tok(k - 3).is_some_and(base)
            && !opening_on(k - 3)
        {
            return false;
        }
        // "18.043 t vs 16.7 t Aug", "up from 5.5 t in August": the month of the base's
        // figure.
        let mut j = k - 1;
        if *prev == Tok::Cue(Cue::In) && j > 0 {
            j -= 1;
        }
        if matches!(s.tok(j), Some(Tok::Figure(_)))
            && j > 0
            && s.tok(j - 1)
                .is_some_and(|t| matches!(t, Tok::Cue(Cue::Than | Cue::From)))
        {
            return false;
        }
    }
    // "the May low", "the June peak": a month naming something else.
    if s.tok(k + 1)
        .is_some_and(|t| matches!(t, Tok::Cue(Cue::High | Cue::Low)))
    {
        return false;
    }
    // "Beijing's Oct. 9 announcement", "on October 9": event dates (days are never data
    // periods).
    if matches!(s.tok(k), Some(Tok::Month(m)) if m.day.is_some()) {
        return false;
    }
    // "the October controls", "the April 4 rule"
    if s.tok(k + 1).is_some_and(|t| *t == Tok::Cue(Cue::Policy)) {
        return false;
    }
    true
}

/// The period a hit is about.
fn period_of(
    s: &Sentence,
    hit: &Hit,
    clock: &Clock,
    ctx: &Context,
    facts: &SentenceFacts,
) -> Option<Period> {
    let toks = s.toks;
    // (A month or span without its year right after "last year" is of the year before: see
    // `year_before_it`.)
    let at = |k: usize| {
        period_of_tok(s.tok(k)?, clock, ctx).map(|p| year_before_it(s, k, p, clock, ctx))
    };
    let last_year = |k: usize, p: Period| -> Period {
        if s.after(k, 2, true, |t| *t == Tok::Cue(Cue::LastYear))
            .is_some()
        {
            last_year_of(p, clock, ctx)
        } else {
            p
        }
    };
    let a = hit.anchor;
    let is_event = matches!(hit.claimed, Claimed::Event(_));
    // A bare number's month label ("May 150, June 172") is its month.
    if hit.rule == "level-bare"
        && let Some(When::At(k)) = hit.when
        && let Some(p) = at(k)
    {
        return Some(p);
    }
    // "bringing shipments to 8,511 t this year", "5,200 tonnes so far this year": a level
    // with "this year" right after it is the months from January to the story's (not one
    // with a month of its own before: "in May this year").
    // So is a change ("imports are up 50% this year", "a fall of about a quarter in imports
    // this year"), and the words between may name the goods or the flow ("around 1,000
    // tonnes of oxide this year").
    // ("Not a single tonne of gallium has gone to the US this year": a destination too.)
    let this_year_after = (hit.to + 1..(hit.to + 8).min(toks.len()))
        .find(|&k| s.is_cue_at(k, Cue::ThisYear))
        .is_some_and(|k| {
            (hit.to + 1..k).all(|j| {
                matches!(
                    s.tok(j),
                    Some(
                        Tok::Cue(Cue::In | Cue::Of | Cue::To)
                            | Tok::Flow(_)
                            | Tok::Basket(_)
                            | Tok::Word(_)
                            | Tok::Country(_)
                    )
                )
            })
        });
    if matches!(hit.claimed, Claimed::Level { .. } | Claimed::Change { .. })
        && this_year_after
        && hit.base.is_none()
        // (Not after a span of its own: "January and February together (8,511 t this year".)
        && !toks[..hit.from].iter().any(|t| matches!(t.tok, Tok::Span(_)))
        && !toks.iter().any(|t| matches!(t.tok, Tok::Cue(Cue::Mom | Cue::Yoy)))
        && let Some(last) = facts
            .period
            .or(ctx.period)
            .filter(|p| p.is_month())
            .map(|p| p.last())
            .or_else(|| clock.reference(ctx))
    {
        return span_period(last.year(), 1, last.month());
    }
    // "this month is the first full month under the new rules", "July is the first full
    // month after London", "December 2023 was the first month under licensing": the month
    // said to be it is the data's.
    if is_event
        && let Some(k) = (0..(hit.from + 1).min(toks.len())).find(|&k| {
            matches!(
                s.tok(k),
                Some(Tok::Cue(Cue::ThisMonth | Cue::LastMonth) | Tok::Month(_))
            ) && !matches!(s.tok(k), Some(Tok::Month(m)) if m.day.is_some())
                && s.is_word(
                    k + 1,
                    &["is", "was", "marks", "marked", "became", "will", "would"],
                )
                && (k + 2..(k + 6).min(toks.len())).any(|j| {
                    matches!(s.tok(j), Some(Tok::Ordinal(1))) || s.is_cue_at(j, Cue::Under)
                })
        })
    {
        let month = match s.tok(k) {
            Some(Tok::Cue(c)) => clock.relative(*c),
            Some(Tok::Month(m)) => clock.month(m, ctx),
            _ => None,
        };
        if let Some(m) = month {
            return Some(Period::Month(m));
        }
    }
    // "the quarter as a whole was up 9% on the year", "Press reports put the quarter +4.8%
    // y/y": the quarter (or half) the story named last, else the one its month closes.
    if !is_event
        && let Some(q) = (hit.from.saturating_sub(8)..hit.from)
            .rev()
            .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
            .find(|&k| {
                s.is_word(k, &["quarter", "half"])
                    && k > 0
                    && s.is_word(k - 1, &["the", "that", "this"])
                    && !s.is_cue_at(k + 1, Cue::Of)
            })
    {
        let n: i32 = if s.is_word(q, &["quarter"]) { 3 } else { 6 };
        let named = ctx
            .spans_named
            .iter()
            .rev()
            .map(|(p, _)| *p)
            .find(|p| !p.is_month() && p.first().plus(n - 1) == p.last());
        // (The story's month, not a month the sentence looks back to.)
        let closed = ctx
            .period
            .or(facts.period)
            .and_then(|p| p.as_month())
            .filter(|m| m.month() % n as u32 == 0)
            .and_then(|m| span_period(m.year(), m.month() + 1 - n as u32, m.month()));
        if let Some(p) = named.or(closed) {
            return Some(p);
        }
    }
    // "Japan took 1,567 tonnes in those two months", "the US received 2,510 tonnes in the
    // same period": the span the story named last (of that many months, when said).
    if !is_event && let Some(p) = span_named_again(s, hit, ctx) {
        return Some(p);
    }
    // A base given with its time: "fell to 1,016.65 t in 2024 from 3,011.98 t the year
    // before", "5,000 t in May, against 4,000 t a year earlier": a year before the
    // sentence's period.
    let after_figure = hit.to + 1 + usize::from(matches!(s.tok(hit.to + 1), Some(Tok::Flow(_))));
    // ("… against 5,000 tonnes in the same period last year": the cue after "in the".)
    let in_the = usize::from(s.is_cue_at(after_figure, Cue::In))
        + usize::from(s.is_cue_at(after_figure, Cue::In) && s.is_word(after_figure + 1, &["the"]));
    let year_back = matches!(
        s.tok(after_figure + in_the),
        Some(Tok::Cue(Cue::LastYear | Cue::Yoy | Cue::YearEarlier))
    ) && (in_the == 0 || {
        let w = s.raw(after_figure + in_the);
        w.contains("year") || w.contains("earlier")
    });
    // A level said as a base: after "from" or "than", "against", "versus", "with" (and, a
    // month back, "after": "recovered in June after no exports at all the month before").
    let said_as_base = |after: bool| {
        matches!(hit.claimed, Claimed::Level { .. })
            && (s
                .before(hit.from, 2, true, |t| {
                    matches!(t, Tok::Cue(Cue::From | Cue::Than))
                })
                .is_some()
                || hit.from > 0
                    && (s.is_word(hit.from - 1, &["against", "versus", "vs", "with"])
                        || after && s.is_cue_at(hit.from - 1, Cue::After)))
    };
    // The period it is back from: the sentence's, else the last it states before the figure
    // (a whole year only for a year back), else the story's.
    let base_from = |years: bool| {
        facts.period.or_else(|| {
            (0..hit.from)
                .rev()
                .find_map(|k| match s.tok(k) {
                    Some(Tok::Year(_)) if years => at(k),
                    Some(Tok::Month(_)) if states_period(s, k) => at(k),
                    Some(Tok::Span(_)) if years && states_period(s, k) => at(k),
                    _ => None,
                })
                .or(ctx.period)
        })
    };
    if year_back
        && said_as_base(false)
        // "the fiscal year to March 2025 … from 28,700 tonnes the year before": a year that
        // is not the months named.
        && !s.toks[..hit.from]
            .iter()
            .any(|t| t.tok == Tok::Cue(Cue::FullYear) || t.is_word("fiscal"))
        && let Some(p) = base_from(true)
    {
        return Some(p.shift_years(-1));
    }
    // Likewise a base a month back: "4,260 kg in June, against 3,000 kg the month before".
    if s.is_cue_at(after_figure, Cue::PrevMonth)
        && said_as_base(true)
        && let Some(Period::Month(m)) = base_from(false)
    {
        return Some(Period::Month(m.plus(-1)));
    }
    // A figure in a "when" clause is of the time the clause hangs on: "24.4% higher than a
    // year earlier, when 4,416 tons left the country", "than in the same period last year,
    // when the figure was 40,371.8 tonnes", "below May, a record month, when 6,217 tonnes
    // were shipped", "less than in 2024, when shipments had reached 58,152 tonnes worth $2.86
    // billion" (both).
    // (Not a base in the clause, nor a figure with a time of its own: "when shipments fell
    // 21.4% to 5.5 tonnes from 7 tonnes in July". A change's too: "The slide began in July,
    // when exports dropped 22.6% from June's high to 5,994.3 tons".)
    let own_time_after = matches!(
        s.tok(hit.to + 1),
        Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_))
    ) || s.is_cue_at(hit.to + 1, Cue::In)
        && matches!(
            s.tok(hit.to + 2),
            Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_))
        );
    if matches!(hit.claimed, Claimed::Level { .. } | Claimed::Change { .. })
        && s.before(hit.from, 2, true, |t| {
            matches!(t, Tok::Cue(Cue::From | Cue::Than))
        })
        .is_none()
        && !own_time_after
        && let Some(w) = (hit.from.saturating_sub(14)..hit.from)
            .rev()
            .take_while(|&k| !s.soft_barrier(k))
            .find(|&k| s.is_word(k, &["when"]))
        && w > 1
        && s.tok(w - 1) == Some(&Tok::Punct(','))
        && let Some(t) = (w.saturating_sub(9)..w - 1)
            .rev()
            .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
            .find(|&k| {
                matches!(
                    s.tok(k),
                    Some(
                        Tok::Cue(Cue::YearEarlier | Cue::LastYear | Cue::Yoy | Cue::PrevMonth)
                            | Tok::Month(_)
                            | Tok::Span(_)
                            | Tok::Year(_)
                    )
                )
            })
    {
        let story = facts.period.or(ctx.period);
        let p = match s.tok(t) {
            Some(Tok::Cue(Cue::PrevMonth)) => story
                .and_then(|p| p.as_month())
                .map(|m| Period::Month(m.plus(-1))),
            // "… 6.4% more than in the same period last year, when the figure was 40,371.8
            // tonnes": the months from January a year back.
            Some(Tok::Cue(Cue::Yoy)) if s.raw(t).contains("same period") => story
                .map(|p| p.last())
                .and_then(|m| span_period(m.year() - 1, 1, m.month())),
            Some(Tok::Cue(_)) => story.map(|p| p.shift_years(-1)),
            _ => at(t).map(|p| last_year(t, p)),
        };
        if p.is_some() {
            return p;
        }
    }
    // A change said of "last year" in a sentence naming no month ("Rare earth exports shrank
    // by a quarter last year", "grew by more than 20 percent last year"): the year before the
    // day of writing, whole (not "up 5% on last year": a base).
    if matches!(hit.claimed, Claimed::Change { .. })
        && s.is_cue_at(hit.to + 1, Cue::LastYear)
        && s.raw(hit.to + 1) == "last year"
        && !toks
            .iter()
            .any(|t| matches!(t.tok, Tok::Month(_) | Tok::Span(_) | Tok::Year(_)))
        && let Some(d) = clock.published
    {
        return whole_year(d.year() - 1);
    }
    // A base with no time of its own after a move ("fell to 4.45 t from 5.5 t", "rose to
    // 1,200 kg, up from 900 kg"): the month before the sentence's, or the same month a year
    // before when the sentence compares years.
    let timeless = match s.tok(after_figure) {
        None | Some(Tok::Break | Tok::Cue(Cue::PrevMonth)) => true,
        Some(Tok::Punct(c)) => !matches!(c, '(' | '['),
        _ => false,
    };
    if matches!(hit.claimed, Claimed::Level { .. })
        && timeless
        && s.before(hit.from, 2, true, |t| *t == Tok::Cue(Cue::From))
            .is_some()
        && s.toks[..hit.from]
            .iter()
            .any(|t| matches!(t.tok, Tok::Dir(_)))
        && let Some(Period::Month(m)) = facts.period.or(ctx.period)
    {
        let years = s
            .toks
            .iter()
            .any(|t| matches!(t.tok, Tok::Cue(Cue::Yoy | Cue::YearEarlier | Cue::LastYear)));
        return Some(Period::Month(m.plus(if years { -12 } else { -1 })));
    }
    // A span or a year cue in the figure's clause: year to date, the full year, a half.
    // "a new low for the year" says which months the record is among, not the period.
    let record_of_year = |k: usize| {
        s.tok(k) == Some(&Tok::Cue(Cue::FullYear))
            && k > 0
            && matches!(s.tok(k - 1), Some(Tok::Cue(Cue::High | Cue::Low)))
    };
    // Another figure of the same measure has a cue after it to itself ("3,401 kg last month
    // and 29,389 kg for the year"); a value of the same tonnes does not ("57,392 t worth
    // $2.86 billion for the year").
    let own_kind = |u: Unit| match &hit.claimed {
        Claimed::Level { unit, .. } => u.is_mass() == unit.is_mass() && u.is_amount(),
        _ => false,
    };
    // How far from the figure the cue is in its clause (or its line's label, farthest).
    let cue_distance = |c: Cue| {
        let want = |k: &usize| s.tok(*k) == Some(&Tok::Cue(c)) && !record_of_year(*k);
        // (Not stopped by brackets: "full year 55.4k t (reuters had 55,431t), +5.9% yoy,
        // worth about $488.8m" is one clause with an aside in it.)
        let before = (a.saturating_sub(16)..a)
            .rev()
            .take_while(|&k| !s.barrier(k) || matches!(s.tok(k), Some(Tok::Punct('(' | ')'))))
            .find(want)
            .map(|k| a - k);
        // (Not past another figure: "3,401 kg last month and 29,389 kg for the year as a
        // whole".)
        let after = (a + 1..(a + 7).min(toks.len()))
            .take_while(|&k| {
                !s.barrier(k)
                    && !s.soft_barrier(k)
                    && !matches!(s.tok(k), Some(Tok::Figure(f)) if own_kind(f.unit))
            })
            .find(want)
            .map(|k| k - a);
        before
            .into_iter()
            .chain(after)
            .min()
            .or_else(|| line_label_is(s, |t| *t == Tok::Cue(c)).then_some(usize::MAX))
    };
    let clause_cue = |c: Cue| cue_distance(c).is_some();
    // A change on a month named with its year, in a sentence that names no period of its
    // own ("It was still 86.9% below November 2022"): the month after it or the same month
    // a year on, whichever the story last named; a year on when it named neither.
    if matches!(hit.claimed, Claimed::Change { .. })
        && let Some(b) = hit.base
        && let Some(Tok::Month(MonthRef {
            year: Some(_),
            day: None,
            ..
        })) = s.tok(b)
        && let Some(Period::Month(base)) = at(b)
        && !(0..toks.len()).any(|k| {
            k != b && matches!(s.tok(k), Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_)))
        })
    {
        let named = [ctx.last_month, ctx.last_stated, facts.period.or(ctx.period)];
        let month_on = named.iter().flatten().find_map(|p| match p {
            Period::Month(m) if *m == base.plus(1) || *m == base.plus(12) => Some(*m),
            _ => None,
        });
        return Some(Period::Month(month_on.unwrap_or(base.plus(12))));
    }
    // A level a change reached is of the change's time: "rose 7.3% in January to 1,017    // A level a change reached is of the change's time: "rose 7.3% in January to 1,017
    // tons and jumped 52.3% in February to 1,549 tons", "after November slipped about 2% to
    // 4,206 tonnes".
    if matches!(hit.claimed, Claimed::Level { .. })
        && hit.from >= 2
        // ("February was up more than 50% on January at 1,549 tonnes": the base between.)
        && (s.is_cue_at(hit.from - 1, Cue::To) || s.is_word(hit.from - 1, &["at"]))
        && let Some(j) = (hit.from.saturating_sub(6)..hit.from - 1).rev().find(|&j| {
            matches!(s.tok(j), Some(Tok::Figure(f)) if f.unit == Unit::Pct)
        })
        && (j + 1..hit.from - 1).all(|m| {
            matches!(
                s.tok(m),
                Some(
                    Tok::Cue(Cue::In | Cue::Than | Cue::From)
                        | Tok::Month(_)
                        | Tok::Span(_)
                        | Tok::Year(_)
                )
            ) || s.is_word(m, &["the"])
        })
        && let Some(Tok::Figure(f)) = s.tok(j)
    {
        let mut from = j;
        while from > 0 && matches!(s.tok(from - 1), Some(Tok::Hedge(_) | Tok::Dir(_))) {
            from -= 1;
        }
        if from < j && matches!(s.tok(from), Some(Tok::Dir(_))) {
            let mut change = hit.clone();
            change.anchor = j;
            change.from = from;
            change.to = j;
            change.base = None;
            change.claimed = Claimed::Change {
                pct: f.value,
                precision: f.precision,
                qualifier: crate::number::Qualifier::Exact,
            };
            return period_of(s, &change, clock, ctx, facts);
        }
    }
    // 1. Right after the figure: "420.5 tonnes in September", "in 2024", "for September";
    // a change's own words may hold its time ("rose 7.3% in 2023 from a year earlier").
    let mut k = if matches!(hit.claimed, Claimed::Change { .. }) && a < hit.to {
        a + 1
    } else {
        hit.to + 1
    };
    let mut steps = if is_event { 5 } else { 0 };
    while k < toks.len() && steps < 10 {
        // "against 21,399 tonnes in the same five months of 2024" (read as the first five):
        // the span of that many months the sentence named before, in that year.
        if s.is_word(k, &["same"])
            && let Some(Tok::Span(SpanRef { first: 1, last: n, year: Some(y) })) = s.tok(k + 1)
            && let Some(Tok::Span(sp)) = (0..hit.from).rev().find_map(|j| {
                s.tok(j).filter(|t| {
                    matches!(t, Tok::Span(sp) if sp.year.is_none() && (sp.last + 12 - sp.first) % 12 + 1 == *n)
                })
            })
        {
            return span_period(*y, sp.first, sp.last);
        }
        // "X tonnes of flake and more than Y tonnes of spherical graphite in November": the
        // month after a coordinated figure is both figures'.
        let coordinated = matches!(s.tok(k), Some(Tok::Figure(_)))
            && ((1..=2).any(|d| k >= d && matches!(s.tok(k - d), Some(Tok::Word(w)) if w == "and"))
                // "up 113% - to 1,721 tonnes in December": the level the change reached.
                || matches!(hit.claimed, Claimed::Change { .. })
                    && k > 0
                    && s.tok(k - 1) == Some(&Tok::Cue(Cue::To)));
        if s.barrier(k) || matches!(s.tok(k), Some(Tok::Figure(_))) && !coordinated {
            break;
        }
        // "5.7% above July last year": the change's base, not its month.
        if hit.base == Some(k) {
            break;
        }
        // "at 9,885.9 tonnes, beat November-December 2024 by nearly 28%": what a figure beat
        // is its base.
        if s.is_beat(k) {
            break;
        }
        // "…, reflecting the slump in April and May": another clause's months.
        if s.tok(k) == Some(&Tok::Punct(','))
            && !matches!(
                s.tok(k + 1),
                Some(Tok::Cue(Cue::In) | Tok::Month(_) | Tok::Span(_))
            )
        {
            break;
        }
        // ("In June 2025 to Russia were delivered 22 kg germanium, in July — 19 kg", "In
        // June it took 1,364 tonnes and in July 2,140 tonnes": the time after the comma or
        // the "and" heads the next figure.)
        if (s.tok(k) == Some(&Tok::Punct(',')) || s.is_word(k, &["and"]))
            && (k + 2..(k + 6).min(toks.len()))
                .take_while(|&j| !s.barrier(j))
                .any(|j| {
                    matches!(s.tok(j), Some(Tok::Figure(f)) if f.unit != Unit::Bare)
                        && (k + 1..j).all(|m| {
                            matches!(
                                s.tok(m),
                                Some(
                                    Tok::Cue(Cue::In)
                                        | Tok::Month(_)
                                        | Tok::Span(_)
                                        | Tok::Year(_)
                                        | Tok::Punct('—' | '–' | '-' | ':')
                                )
                            )
                        })
                })
        {
            break;
        }
        // "That put July and August together at 10,063 tons and lifted the tally for the
        // first eight months of 2024 to 38,138 tons": a time after "and" that comes before
        // another figure is that figure's, with whatever verb the new clause has.
        // (A figure of the same measure: not "58,152 t of magnets and magnet alloys in 2024,
        // worth $2.86 billion", the same trade's value.)
        let same_measure = |f: &Figure| match &hit.claimed {
            Claimed::Level { unit, .. } => f.unit.is_amount() && f.unit.is_mass() == unit.is_mass(),
            Claimed::Change { .. } => f.unit == Unit::Pct,
            _ => false,
        };
        if s.is_word(k, &["and"])
            && let Some(j) = (k + 1..(k + 14).min(toks.len()))
                .take_while(|&j| !s.barrier(j))
                .find(|&j| matches!(s.tok(j), Some(Tok::Figure(f)) if f.unit != Unit::Bare))
            && matches!(s.tok(j), Some(Tok::Figure(f)) if same_measure(f))
            && (k + 1..j)
                .any(|m| matches!(s.tok(m), Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_))))
        {
            break;
        }
        match s.tok(k) {
            Some(Tok::Cue(
                Cue::From | Cue::Than | Cue::Since | Cue::Began | Cue::Before | Cue::After,
            )) => {
                break;
            }
            Some(Tok::Month(m)) if m.day.is_some() => break,
            // "or 9,585 tons across the two months": the months named before.
            Some(Tok::Cue(Cue::TheseMonths(n))) if k <= hit.to + 2 => {
                if let Some(p) = these_months(s, *n, clock, ctx) {
                    return Some(p);
                }
            }
            // "17,497 tonnes of rare earth magnets between July and September": a level's
            // months (a change "between" two months is from one to the other).
            Some(Tok::Month(first))
                if matches!(hit.claimed, Claimed::Level { .. })
                    && first.day.is_none()
                    && k > 0
                    && s.is_word(k - 1, &["between"])
                    && s.is_word(k + 1, &["and"])
                    && let Some(Tok::Month(last)) = s.tok(k + 2)
                    && last.day.is_none()
                    && last.month != first.month
                    && let Some(p) = clock.span(
                        &SpanRef {
                            first: first.month,
                            last: last.month,
                            year: last.year.or(first.year),
                        },
                        ctx,
                    ) =>
            {
                return Some(p);
            }
            // "51,440 tonnes through October", "… between January and October".
            Some(Tok::Month(_)) if let Some(p) = months_to(s, k, clock, ctx) => {
                return Some(p);
            }
            // "in September", "for August", "September alone": the figure's month; "the May
            // level" is a base, not the figure's.
            // "over January–May", "across Q1–Q3" (not "through October": the months to it).
            Some(Tok::Month(_) | Tok::Span(_))
                if k > 0 && matches!(s.tok(k - 1), Some(Tok::Cue(Cue::In)))
                    // "994 tons in the first two months"
                    || k > 1
                        && matches!(s.tok(k), Some(Tok::Span(_)))
                        && s.is_word(k - 1, &["the"])
                        && matches!(s.tok(k - 2), Some(Tok::Cue(Cue::In)))
                    // "against 8,511 tons in the same two months of 2025"
                    || k > 2
                        && matches!(s.tok(k), Some(Tok::Span(sp)) if sp.year.is_some())
                        && s.is_word(k - 1, &["same"])
                        && s.is_word(k - 2, &["the"])
                        && matches!(s.tok(k - 3), Some(Tok::Cue(Cue::In)))
                    // "the 6,420 kg of December 2024", "the 10,860.6 tonnes of the fourth
                    // quarter of 2022"
                    || k == hit.to + 2 && s.tok(k - 1) == Some(&Tok::Cue(Cue::Of))
                    || k == hit.to + 3
                        && s.is_word(k - 1, &["the"])
                        && s.tok(k - 2) == Some(&Tok::Cue(Cue::Of))
                        && matches!(s.tok(k), Some(Tok::Span(sp)) if sp.year.is_some())
                    || k > 0 && matches!(s.tok(k), Some(Tok::Span(_))) && {
                        let w = &s.text[s.toks[k - 1].start..s.toks[k - 1].end];
                        ["over", "across"].iter().any(|x| w.eq_ignore_ascii_case(x))
                    }
                    || k == hit.to + 1
                    // "two-thirds of the March total", "38% of the July exports"
                    || k >= 2
                        && s.is_word(k - 1, &["the"])
                        && s.is_cue_at(k - 2, Cue::Of)
                        && matches!(s.tok(k + 1), Some(Tok::Cue(Cue::Total) | Tok::Flow(_))) =>
            {
                if let Some(p) = at(k) {
                    return Some(last_year(k, p));
                }
            }
            Some(Tok::Month(_) | Tok::Span(_)) => break,
            Some(Tok::Year(y)) if k > 0 && matches!(s.tok(k - 1), Some(Tok::Cue(Cue::In))) => {
                // "for January to September, imports were 102,489.1 tonnes in 2024": the
                // months the sentence named before, in that year.
                if let Some(Tok::Span(sp)) = (0..hit.from)
                    .rev()
                    .take_while(|&j| !s.barrier(j))
                    .find_map(|j| {
                        s.tok(j)
                            .filter(|t| matches!(t, Tok::Span(sp) if sp.year.is_none()))
                    })
                {
                    return span_period(*y, sp.first, sp.last);
                }
                return at(k);
            }
            // "in calendar 2025", "in the year 2024" (not "in fiscal 2024-25": a fiscal year
            // need not be the calendar's).
            Some(Tok::Year(_))
                if k > 1
                    && s.is_word(k - 1, &["calendar", "year", "whole", "full"])
                    && (matches!(s.tok(k - 2), Some(Tok::Cue(Cue::In)))
                        || k > 2
                            && s.is_word(k - 2, &["the"])
                            && matches!(s.tok(k - 3), Some(Tok::Cue(Cue::In)))) =>
            {
                return at(k);
            }
            // "about 2.6% of China's 2024 total": the year's total.
            Some(Tok::Year(_)) if s.tok(k + 1) == Some(&Tok::Cue(Cue::Total)) => {
                return at(k);
            }
            // "worth $488.8 million for all of 2024", "in the whole of 2024".
            Some(Tok::Year(_))
                if k > 2
                    && s.is_cue_at(k - 1, Cue::Of)
                    && (s.is_word(k - 2, &["all"])
                        || s.tok(k - 2) == Some(&Tok::Cue(Cue::FullYear)))
                    && (k - 3..k - 1).any(|j| s.is_cue_at(j, Cue::In)) =>
            {
                return at(k);
            }
            // "the 58,152 tonnes of 2024": the year the figure is of.
            Some(Tok::Year(_))
                if k == hit.to + 2
                    && s.tok(k - 1) == Some(&Tok::Cue(Cue::Of))
                    && matches!(hit.claimed, Claimed::Level { .. }) =>
            {
                return at(k);
            }
            // "from 22,285 tons in the same period of 2024": the sentence's span, in that
            // year.
            Some(Tok::Cue(Cue::Yoy))
                if matches!(hit.claimed, Claimed::Level { .. })
                    && s.raw(k).starts_with("same")
                    && s.is_cue_at(k + 1, Cue::Of)
                    && let Some(Tok::Year(y)) = s.tok(k + 2)
                    && let Some(p) = facts
                        .period
                        .filter(|p| !p.is_month())
                        .or_else(|| ctx.spans_named.last().map(|(p, _)| *p))
                        .filter(|p| !p.is_month() && p.first().year() == p.last().year()) =>
            {
                return Some(p.shift_years(*y - p.first().year()));
            }
            // "$342.3 million in the first nine months of 2025", "in the first half of 2024".
            // "in the third quarter of 2025", "the second half of 2024".
            Some(t) if s.tok(k + 1) == Some(&Tok::Cue(Cue::Of)) => {
                if let (Some(last), Some(Tok::Year(y))) = (months_from_january(t), s.tok(k + 2)) {
                    return span_period(*y, 1, last);
                }
                if let (Tok::Span(sr), Some(Tok::Year(y))) = (t, s.tok(k + 2))
                    && sr.year.is_none()
                {
                    return span_period(*y, sr.first, sr.last);
                }
            }
            _ => {}
        }
        k += 1;
        steps += 1;
    }
    // "the lowest since June, when just 1.2 t left the country", "relative to November,
    // where they had fallen to 808 tonnes": a "when" clause after a month is that month's.
    if let Some(w) = (a.saturating_sub(8)..a)
        .rev()
        .find(|&k| matches!(s.tok(k), Some(Tok::Word(w)) if w == "when" || w == "where"))
        && w >= 2
        && s.tok(w - 1) == Some(&Tok::Punct(','))
        // (The change that reached the level may stand between: "in August, when shipments
        // fell 21.4% to 5.5 tonnes".)
        && !(w + 1..a).any(|k| {
            s.barrier(k) || matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit != Unit::Pct)
        })
        && let Some(p) = match s.tok(w - 2) {
            Some(Tok::Month(m)) if m.day.is_none() => clock.month(m, ctx),
            // "down 30.9% from the previous month, when 5,792 tonnes were shipped"
            Some(Tok::Cue(Cue::PrevMonth | Cue::Mom)) => facts
                .period
                .or(ctx.period)
                .filter(|p| p.is_month())
                .map(|p| p.first().plus(-1)),
            _ => None,
        }
    {
        return Some(Period::Month(p));
    }
    // "the June figure (4,260 kg)", "down 92.8% on June 2024 (1,328 kg)": a figure in
    // brackets after a period is that period's.
    if hit.from >= 2 && s.tok(hit.from - 1) == Some(&Tok::Punct('(')) {
        let mut k = hit.from - 2;
        if s.is_word(k, &["figure", "level", "total", "volume", "tally"]) && k > 0 {
            k -= 1;
        }
        if let Some(p) = match s.tok(k) {
            Some(Tok::Month(m)) if m.day.is_none() => at(k),
            Some(Tok::Span(_) | Tok::Year(_)) => at(k),
            _ => None,
        } {
            return Some(p);
        }
    }
    // "… required from the first of December, and in that month flake exports fell 94%":
    // "that month" is the month the sentence named before it, a day's month included.
    if let Some(t) = (1..a)
        .rev()
        .find(|&k| s.tok(k) == Some(&Tok::Cue(Cue::MonthWord)) && s.is_word(k - 1, &["that"]))
        && !(t + 1..a).any(|k| {
            matches!(s.tok(k), Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_))) || s.barrier(k)
        })
        && let Some(m) = (0..t - 1).rev().find_map(|k| match s.tok(k) {
            Some(Tok::Month(m)) => clock.month(m, ctx),
            _ => None,
        })
    {
        return Some(Period::Month(m));
    }
    // "At that time Korea was the second largest destination", "That month, …": a sentence
    // naming no period of its own that points back is in the period the sentence before
    // named, even a look back the story's month did not follow.
    let word = |k: usize, w: &str| {
        s.toks
            .get(k)
            .and_then(|t| s.text.get(t.start..t.end))
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
    };
    let points_back = (0..a).any(|k| {
        word(k, "that")
            && (word(k + 1, "time") && k > 0 && word(k - 1, "at")
                || s.tok(k + 1) == Some(&Tok::Cue(Cue::MonthWord)))
    }) || (2..a)
        .any(|k| word(k, "time") && word(k - 1, "the") && word(k - 2, "at"));
    // (Even when the sentence names a month later, for a base or another clause: "Shipments
    // that month rose 8.6% from September to 4,343.5 tons, ending three months of declines
    // … in September".)
    let governs = || {
        (0..a).any(|k| {
            word(k, "that")
                && s.tok(k + 1) == Some(&Tok::Cue(Cue::MonthWord))
                && !(k + 2..a).any(|j| {
                    matches!(s.tok(j), Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_)))
                        && !matches!(s.tok(j - 1), Some(Tok::Cue(Cue::From | Cue::Than)))
                        || s.barrier(j)
                })
        })
    };
    if points_back
        && (facts.period.is_none() || governs())
        && let Some(p) = ctx.last_month
    {
        return Some(p);
    }
    // 2. Before the figure in its clause: "Mar alone 5,238t", "September's 420.5 t", "In
    // May last year it was 689", "Jan-Feb combined 10,763t", "2024 exports of 38,632 t".
    // (A record's own words, "a 2025 high", are not its period.)
    let lo = if matches!(hit.claimed, Claimed::Record { .. }) {
        a.min(hit.from)
    } else {
        a.max(hit.from)
    };
    let mut k = lo;
    let mut steps = 0;
    let row = is_table_row(toks);
    // "5,952 tonnes in December and 57,392 tonnes for the full year": a span cue of the
    // figure's own right after it beats a month before it (the cues are read below).
    let own_span_after = (hit.to + 1..(hit.to + 4).min(toks.len()))
        .take_while(|&j| !s.barrier(j) && !matches!(s.tok(j), Some(Tok::Figure(_))))
        .any(|j| {
            s.tok(j).is_some_and(span_cue)
                && !(hit.to + 1..j)
                    .any(|m| matches!(s.tok(m), Some(Tok::Cue(Cue::From | Cue::Than | Cue::Since))))
        });
    if own_span_after {
        k = 0;
    }
    while k > 0 && steps < 12 {
        k -= 1;
        steps += 1;
        // In a table row the label is in the cell before: across the bar.
        let bar = row && s.tok(k) == Some(&Tok::Punct('|'));
        // "February added 52.3% to 1,549 tonnes": the change that reached the level is no
        // other figure's clause.
        let reached_by = matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit == Unit::Pct)
            && s.tok(k + 1) == Some(&Tok::Cue(Cue::To))
            && k + 2 == hit.from.min(a);
        // "December 2024's 9,645 tonnes, a 14.9% drop from November and down 41% on a year
        // earlier": a change set beside a figure, with no time of its own, is of that
        // figure's time.
        if matches!(hit.claimed, Claimed::Change { .. })
            && k != a
            && matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit != Unit::Bare)
            && (k + 1..hit.from)
                .any(|j| s.tok(j) == Some(&Tok::Punct(',')) || s.is_word(j, &["and"]))
            && (k + 1..hit.from).all(|j| beside(s, j))
        {
            let mut other = hit.clone();
            other.anchor = k;
            other.from = k;
            other.to = k;
            other.base = None;
            if let Some(Tok::Figure(f)) = s.tok(k)
                && f.unit != Unit::Pct
            {
                other.claimed = Claimed::Level {
                    value: f.value,
                    unit: f.unit,
                    precision: 1.0,
                    qualifier: crate::number::Qualifier::Exact,
                };
            }
            return period_of(s, &other, clock, ctx, facts);
        }
        if !bar && s.barrier(k) || matches!(s.tok(k), Some(Tok::Figure(_))) && k != a && !reached_by
        {
            break;
        }
        // "2023 vs 2022 | +7.3%": the base is not the figure's period.
        if hit.base == Some(k) {
            continue;
        }
        // "… in March, bringing first-quarter shipments to 16,001 tonnes": a span cue nearer
        // the figure than a month is the figure's (the cues are read below, with the month
        // for the year).
        // ("Through the end of October, the total for the year came to …": the months to
        // October, read here.)
        // So are months said again: "2.7 tonnes in August, taking the two months to 8.2
        // tonnes".
        if matches!(
            s.tok(k),
            Some(Tok::Cue(
                Cue::FirstHalf | Cue::Quarters(_) | Cue::Ytd | Cue::TheseMonths(_)
            ))
        ) {
            break;
        }
        // "July's 619 tonnes": a month's own figure, even after "from". "The September low
        // of 4,000.3 t", "the June peak was 7,742.2 t": the month's own figure too.
        let possessive = matches!(s.tok(k + 1), Some(Tok::Possessive))
            && k + 2 >= lo.saturating_sub(2)
            || matches!(s.tok(k + 1), Some(Tok::Cue(Cue::High | Cue::Low)))
                && (k + 2..lo).all(|j| {
                    matches!(s.tok(j), Some(Tok::Cue(Cue::Of)))
                        || ["was", "at", "of", "stood", "reached"].contains(&&*s.raw(j))
                })
                && lo - k <= 4;
        if let Some(p) = months_to(s, k, clock, ctx) {
            return Some(p);
        }
        // "before December rebounded 46%": a month that is the subject of the change's verb.
        let subject = k + 1 == hit.from
            && matches!(hit.claimed, Claimed::Change { .. })
            && matches!(s.tok(hit.from), Some(Tok::Dir(_)));
        // "resumed gallium exports in June after a complete halt in May, shipping 4,260 kg":
        // a month in an "after" phrase is that phrase's, when the sentence names another
        // before the "after".
        let after_phrase = matches!(s.tok(k), Some(Tok::Month(_)))
            && !possessive
            && (k.saturating_sub(5)..k)
                .rev()
                .take_while(|&j| !s.soft_barrier(j))
                .find(|&j| s.is_cue_at(j, Cue::After))
                .is_some_and(|j| (0..j).any(|m| matches!(s.tok(m), Some(Tok::Month(_)))));
        match s.tok(k) {
            Some(Tok::Month(_)) if after_phrase && !subject => {}
            Some(Tok::Month(_) | Tok::Span(_)) if states_period(s, k) || possessive || subject => {
                if let Some(p) = at(k) {
                    return Some(last_year(k, p));
                }
            }
            // "In the second half of 2025, exports were …": the span's months of that year.
            Some(Tok::Year(y))
                if k >= 2
                    && s.tok(k - 1) == Some(&Tok::Cue(Cue::Of))
                    && matches!(s.tok(k - 2), Some(Tok::Span(sr)) if sr.year.is_none()) =>
            {
                if let Some(Tok::Span(sr)) = s.tok(k - 2) {
                    return span_period(*y, sr.first, sr.last);
                }
            }
            // "up about 6% on 2023, and were worth $488.8 million", "up 22.9% on the same
            // months of 2025, worth $68.6 million": a year said as a base is no later
            // figure's.
            // (Not the base's own figure right after it: "than 2024's 58,152 tonnes".)
            Some(Tok::Year(_))
                if year_said_as_base(s, k)
                    && (k + 1..lo)
                        .any(|j| s.tok(j) == Some(&Tok::Punct(',')) || s.is_word(j, &["and"])) => {}
            Some(Tok::Year(_)) if after_beat(s, k) => {}
            Some(Tok::Year(y)) => {
                // "in 2024", "2024 exports", "FY 2024".
                return whole_year(*y);
            }
            _ => {}
        }
    }
    // 3. The line's label: "Jun 9,718", "Dec 2025: …", "Full year | 55.4 kt" (not when a
    // span cue stands between it and the figure: "December exports were 1,721 tonnes … and
    // the full-year total of 38,632 tonnes").
    if let Some(first) = toks.iter().position(|t| !matches!(t.tok, Tok::Bullet))
        && first < a
        && !(first + 1..a).any(|k| s.tok(k).is_some_and(span_cue) && !record_of_year(k))
        // (Nor past a semicolon or months said again: "October's 4,291 tonnes was higher
        // than September's 3,935; the two months together made 8,226 tonnes".)
        && !(first + 1..a).any(|k| {
            matches!(s.tok(k), Some(Tok::Punct(';') | Tok::Cue(Cue::TheseMonths(_))))
        })
        && matches!(s.tok(first), Some(Tok::Month(_) | Tok::Span(_)))
        && let Some(p) = at(first)
    {
        return Some(p);
    }
    // "Through May they'd shipped 24,266.5 tons": the months to it.
    if let Some(k) = (a.saturating_sub(10)..(a + 6).min(toks.len())).find(|&k| {
        s.is_word(k, &["through", "thru"])
            && matches!(s.tok(k + 1), Some(Tok::Month(m)) if m.day.is_none())
    }) && !(k.min(a) + 1..k.max(a)).any(|j| s.barrier(j))
        // ("the first-half total was 32,569 tonnes, and through July you're at 38,564":
        // another clause's.)
        && !(a + 1..k).any(|j| s.tok(j) == Some(&Tok::Punct(',')))
        && let Some(Tok::Month(m)) = s.tok(k + 1)
        && let Some(last) = clock.month(m, ctx)
    {
        return span_period(last.year(), 1, last.month());
    }
    // "China exported 55,431 tons of rare earths last year": a level over the whole year
    // before publication ("May last year", "than last year" are a month and a base).
    // "Two months earlier they stood at 5,994.3 t", "This time last year, exporters shipped
    // 4,181 t", "In the same month two years ago …": the story's month, that far back.
    if matches!(hit.claimed, Claimed::Level { .. })
        && let Some(back) = look_back(s, a)
        && let Some(m) = facts.period.or(ctx.period).and_then(|p| p.as_month())
    {
        return Some(Period::Month(m.plus(-back)));
    }
    // "… in August 2022; a year later, with licences in force, the figure was zero", "Two
    // months later exports were 500 kg": that far after the month named before it.
    if matches!(hit.claimed, Claimed::Level { .. })
        && let Some((n, k)) = months_later(s, a)
        && let Some(m) = (0..k)
            .rev()
            .find_map(|j| match s.tok(j) {
                Some(Tok::Month(m)) if m.day.is_none() => clock.month(m, ctx),
                _ => None,
            })
            .or_else(|| ctx.last_month.and_then(|p| p.as_month()))
    {
        return Some(Period::Month(m.plus(n)));
    }
    // After the figure: "the peak of 7,742.2 tonnes five months ago" (from the day of
    // writing), "5,792 t two months earlier" (from the story's month); "the previous
    // month's 172 tons".
    if matches!(hit.claimed, Claimed::Level { .. })
        && let Some((back, word)) = months_back_at(s, hit.to + 1)
    {
        let from = match word.as_str() {
            "ago" => clock.written(),
            "earlier" | "before" => facts.period.or(ctx.period).and_then(|p| p.as_month()),
            _ => None,
        };
        if let Some(m) = from {
            return Some(Period::Month(m.plus(-back)));
        }
    }
    if matches!(hit.claimed, Claimed::Level { .. })
        && hit.from >= 2
        && s.tok(hit.from - 1) == Some(&Tok::Possessive)
        && s.tok(hit.from - 2) == Some(&Tok::Cue(Cue::PrevMonth))
        && let Some(m) = facts.period.or(ctx.period).and_then(|p| p.as_month())
    {
        return Some(Period::Month(m.plus(-1)));
    }
    // "Last year's total was 58,152 tonnes", "For last year, exports came to …".
    if matches!(hit.claimed, Claimed::Level { .. })
        && let Some(k) = s.before(a, 8, true, |t| {
            matches!(t, Tok::Cue(Cue::LastYear | Cue::Yoy))
        })
        && (s.tok(k + 1) == Some(&Tok::Possessive)
            || s.raw(k).replace('\u{2019}', "'") == "last year's"
            || s.tok(k) == Some(&Tok::Cue(Cue::LastYear))
                && k > 0
                && s.is_word(k - 1, &["for", "over", "across", "throughout"]))
        && let Some(d) = clock.published
    {
        return whole_year(d.year() - 1);
    }
    // "Last year, China exported …", "In the past year China exported …": a sentence that
    // opens in the year before.
    if matches!(hit.claimed, Claimed::Level { .. })
        && let Some(d) = clock.published
    {
        let lead = sentence_lead(s.toks);
        let opening = (lead..a.min(lead + 4)).find(|&k| s.tok(k) == Some(&Tok::Cue(Cue::LastYear)));
        // "… in the past year exported a total of 62,600 t": set in it, not compared with it.
        let set_in = |k: usize| {
            k >= 2
                && s.is_word(k - 1, &["the"])
                && (s.tok(k - 2) == Some(&Tok::Cue(Cue::In))
                    || ["over", "during"].contains(&s.raw(k - 2).as_ref()))
        };
        let within = (a.saturating_sub(8)..a)
            .rev()
            .take_while(|&k| !s.barrier(k))
            .find(|&k| s.tok(k) == Some(&Tok::Cue(Cue::LastYear)) && set_in(k));
        // ("Last year China shipped …" too; not "Last year's total", read above.)
        // (Not a year that dates the month after it: "The year before last 11 month …".)
        let dates_a_month = |k: usize| {
            let j = k + 1 + usize::from(s.is_word(k + 1, &["last"]));
            matches!(s.tok(j), Some(Tok::Month(_) | Tok::Span(_)))
        };
        let opens = opening.is_some_and(|k| {
            !dates_a_month(k)
                && (k == lead && s.tok(k + 1) != Some(&Tok::Possessive)
                    || k >= lead + 2 && s.is_word(k - 1, &["the"]))
        });
        if opens || within.is_some() {
            return whole_year(d.year() - 1);
        }
    }
    // "Since January, shipments have reached 51,440 tonnes": the months from January to the
    // story's.
    if matches!(hit.claimed, Claimed::Level { .. })
        && let Some(k) = s.before(a, 10, false, |t| *t == Tok::Cue(Cue::Since))
        && matches!(s.tok(k + 1), Some(Tok::Month(m)) if m.month == 1 && m.day.is_none())
        && (k + 2..a).any(|j| s.is_word(j, &["have", "has"]))
        && let Some(last) = facts
            .period
            .or(ctx.period)
            .filter(|p| p.is_month())
            .map(|p| p.last())
            .or_else(|| clock.reference(ctx))
    {
        return span_period(last.year(), 1, last.month());
    }
    if matches!(hit.claimed, Claimed::Level { .. })
        && let Some(k) = s.after(a, 6, true, |t| *t == Tok::Cue(Cue::LastYear))
        && !(k.saturating_sub(2)..k).any(|j| {
            matches!(
                s.tok(j),
                Some(Tok::Month(_) | Tok::Cue(Cue::Than | Cue::From))
            )
        })
        && let Some(d) = clock.published
    {
        return whole_year(d.year() - 1);
    }
    // 4. Cues: the year to date, a full year, the first half, last month.
    // The year a span cue means: one written beside it ("the first nine months of 2025",
    // "2024 exports", "full-year 2024"), else the story's; not a base ("the same period of
    // 2024").
    let written_year = toks.iter().enumerate().find_map(|(k, t)| {
        let Tok::Year(y) = t.tok else {
            return None;
        };
        let cue_near =
            (k.saturating_sub(3)..(k + 3).min(toks.len())).any(|j| span_cue(&toks[j].tok));
        let base = k > 0
            && (1..=4).any(|d| {
                k >= d
                    && matches!(
                        toks[k - d].tok,
                        Tok::Cue(Cue::Than | Cue::From | Cue::Yoy) | Tok::Hedge(_)
                    )
            });
        (cue_near && !base).then_some(y)
    });
    let base_year = facts
        .period
        .or(ctx.period)
        .map(|p| p.last())
        .or_else(|| clock.reference(ctx).map(|m| m.plus(-1)))
        .map(|m| match written_year {
            Some(y) if y != m.year() => Month::new(y, 12).unwrap_or(m),
            _ => m,
        });
    // The span cue nearest the figure: "Full-year shipments were 57,392 t, of which the
    // first half accounted for 22,319 t".
    let span_cues = [
        Cue::Ytd,
        Cue::FullYear,
        Cue::FirstHalf,
        Cue::Quarters(1),
        Cue::Quarters(2),
        Cue::Quarters(3),
        Cue::ThisSpan(3),
        Cue::ThisSpan(6),
    ];
    let these = toks.iter().find_map(|t| match t.tok {
        Tok::Cue(c @ Cue::TheseMonths(_)) => Some(c),
        _ => None,
    });
    let nearest = span_cues
        .iter()
        .chain(these.as_ref())
        .filter_map(|c| cue_distance(*c).map(|d| (d, *c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    if nearest == Some(Cue::Ytd) {
        // (To the latest month of the year the sentence names before the cue: "10,804
        // tonnes in September and 11,327 tonnes in November, taking the year's intake to
        // 123,288 tonnes".)
        let base = base_year?;
        let cue = (0..toks.len())
            .filter(|&k| s.tok(k) == Some(&Tok::Cue(Cue::Ytd)))
            .min_by_key(|&k| k.abs_diff(a))
            .unwrap_or(0);
        let m = toks[..cue]
            .iter()
            .filter_map(|t| match &t.tok {
                Tok::Month(r) if r.day.is_none() => clock.month(r, ctx),
                _ => None,
            })
            .filter(|m| m.year() == base.year() && *m > base)
            .max()
            .unwrap_or(base);
        return span_period(m.year(), 1, m.month());
    }
    if nearest == Some(Cue::FullYear) {
        if let Some(y) = written_year {
            return whole_year(y);
        }
        // "that year", "the same year": the year the sentence or the one before named last.
        // (A year the sentence names before it, else the sentence before's: "Antimony
        // followed in September 2024 … China exported 38.6 kt that year; by June 2025 …".)
        let anaphoric = (0..toks.len()).find(|&k| {
            s.tok(k) == Some(&Tok::Cue(Cue::FullYear)) && {
                let w = s.raw(k);
                w.starts_with("that") || w.starts_with("same")
            }
        });
        let named_before = |k: usize| {
            (0..k).rev().find_map(|j| match s.tok(j) {
                Some(Tok::Year(y)) => Some(*y),
                Some(Tok::Month(m)) => m.year,
                Some(Tok::Span(sr)) => sr.year,
                _ => None,
            })
        };
        // The story's year, or the last one it named ("… exports to the US in 2025, a
        // thread. Full year: 5,933 t"); never a year not over when the article appeared.
        let y = match anaphoric {
            Some(k) => named_before(k).or_else(|| {
                ctx.last_stated
                    .or(facts.period)
                    .or(ctx.period)
                    .map(|p| p.last().year())
            }),
            None => facts
                .period
                .or(ctx.period)
                .or(ctx.last_stated)
                .map(|p| p.last().year()),
        }
        .or_else(|| base_year.map(|m| m.year()))?;
        let over = clock
            .published
            .is_none_or(|d| d.year() > y || d.month() == 12 && d.day() > 20);
        return whole_year(if over { y } else { y - 1 });
    }
    // A half or quarters from January: of the story's year, or the year before when they
    // were not over yet when the article appeared.
    let over_by = |last: u32| {
        let y = base_year?.year();
        let done = clock
            .published
            .is_none_or(|d| d.year() > y || d.year() == y && d.month() > last);
        Some(if done || written_year.is_some() {
            y
        } else {
            y - 1
        })
    };
    if nearest == Some(Cue::FirstHalf) {
        return span_period(over_by(6)?, 1, 6);
    }
    if let Some(Cue::Quarters(q)) = nearest {
        return span_period(over_by(q * 3)?, 1, q * 3);
    }
    if let Some(Cue::TheseMonths(n)) = nearest
        && let Some(p) = these_months(s, n, clock, ctx)
    {
        return Some(p);
    }
    // "in the quarter", "for the half": the one holding the story's month.
    if let Some(Cue::ThisSpan(n)) = nearest {
        let m = base_year?;
        let first = (m.month() - 1) / n * n + 1;
        return span_period(m.year(), first, first + n - 1);
    }
    if clause_cue(Cue::LastMonth)
        && let Some(m) = clock.relative(Cue::LastMonth)
    {
        return Some(Period::Month(m));
    }
    // "the previous month, exports were …" (not "slipped 6.1% versus the prior month": a
    // base).
    let prev_is_base = s.toks.iter().enumerate().any(|(k, t)| {
        t.tok == Tok::Cue(Cue::PrevMonth)
            && (k.saturating_sub(2)..k).any(|j| {
                (matches!(s.tok(j), Some(Tok::Cue(Cue::From | Cue::Than)))
                    // "32% more than the month before"
                    || s.compares_after_percent(j)
                    || ["versus", "vs", "against", "compared", "on", "over", "with"]
                        .contains(&&*s.raw(j)))
                    && !(j + 1..k).any(|m| matches!(s.tok(m), Some(Tok::Figure(_))))
            })
    });
    if clause_cue(Cue::PrevMonth) && !prev_is_base {
        return facts
            .period
            .or(ctx.period)
            .and_then(|p| p.as_month())
            .map(|m| Period::Month(m.plus(-1)));
    }
    // 5. The sentence's period (unless it looks back before the story's), else the story's.
    match (facts.period, ctx.period) {
        (Some(f), Some(c)) if f.is_month() && f.first() < c.first() && !facts.period_own => Some(c),
        (Some(f), _) => Some(f),
        (None, c) => c,
    }
}

/// Whether a change is said of the value: "value" heads its clause ("Value was reportedly
/// -15.9% y/y", "TASS says value fell 15.9%", "THE VALUE, HOWEVER, WAS DOWN SIXTEEN PER
/// CENT") or follows it ("down ~30% by value", "in value terms"); not a base's amount ("1.3%
/// below the previous year value").
fn change_of_value(s: &Sentence, hit: &Hit) -> bool {
    let value_word = |k: usize| s.is_word(k, &["value", "values"]);
    let before = (hit.from.saturating_sub(6)..hit.from)
        .rev()
        .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
        .any(|k| value_word(k) && !s.is_word(k + 1, &["of"]));
    let after = (hit.to + 1..(hit.to + 3).min(s.toks.len()))
        .any(|k| value_word(k) && k > 0 && s.is_word(k - 1, &["by", "in"]));
    before || after
}

/// Whether a share is of the value: "about 34% of the value", "35% of November's value",
/// "a tenth of the value", "41.8% by value", "8.9% of CN magnet export value", "35.4% of
/// export value".
fn share_of_value(s: &Sentence, hit: &Hit) -> bool {
    let of = s.is_cue_at(hit.to + 1, Cue::Of);
    (hit.to + 1..(hit.to + 6).min(s.toks.len()))
        .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
        .any(|k| {
            s.is_word(k, &["value", "values"])
                && k > 0
                && (s.is_word(k - 1, &["by", "in", "the", "of"])
                    || matches!(s.tok(k - 1), Some(Tok::Possessive))
                    // (The whole's words before it: "of CN magnet export value".)
                    || of && matches!(s.tok(k - 1), Some(Tok::Flow(_) | Tok::Basket(_) | Tok::Country(_))))
        })
}

/// The months "the two months" or "those three months" point back to: a span of that many
/// months the sentence named before them; else that many months the sentence's figures were
/// read for ("4,576 tons in May and 5,009 tons in June, or 9,585 tons across the two
/// months"); else a span of that many months the story stated with its year in the last
/// sentences; else the last that many months the figures of this sentence and the two
/// before were read for ("1,530 kg in November. … October's 250 kg, and together the two
/// months come to 1.78 tonnes": October and November).
fn these_months(s: &Sentence, n: u32, clock: &Clock, ctx: &Context) -> Option<Period> {
    let at = s
        .toks
        .iter()
        .position(|t| t.tok == Tok::Cue(Cue::TheseMonths(n)))?;
    let n = n as i32;
    let of_n = |p: &Period| p.len_months() == n;
    let here = (0..at).rev().find_map(|k| match s.tok(k) {
        Some(t @ Tok::Span(_)) => period_of_tok(t, clock, ctx).filter(of_n),
        _ => None,
    });
    let stated = || {
        ctx.last_stated.filter(of_n).or_else(|| {
            ctx.spans_named
                .iter()
                .rev()
                .take_while(|(_, k)| ctx.sentences - k <= 3)
                .map(|(p, _)| *p)
                .find(of_n)
        })
    };
    // The months the figures of the last `sentences` sentences were read for, the latest
    // sentence first and its latest month first: the first `n` of them.
    let recent = |sentences: usize| {
        let mut months: Vec<Month> = Vec::new();
        for back in 0..sentences {
            let mut these: Vec<Month> = ctx
                .recent_months
                .iter()
                .filter(|(_, k)| ctx.sentences - k == back)
                .map(|(m, _)| *m)
                .filter(|m| !months.contains(m))
                .collect();
            these.sort_unstable_by(|a, b| b.cmp(a));
            these.dedup();
            months.extend(these);
            if months.len() >= n as usize {
                break;
            }
        }
        if months.len() < n as usize {
            return None;
        }
        let last = months.into_iter().take(n as usize).max()?;
        Some(Period::Span(last.plus(1 - n), last))
    };
    // The months this sentence names before the words, the latest `n` of them in a row:
    // "5.5 tonnes in July and 2.7 tonnes in August, taking the two months to 8.2 tonnes".
    // A month "since" which they run is their first: "Since June the four months add up to
    // 18.15 tonnes".
    let named = || {
        let mut months: Vec<Month> = (0..at)
            .filter_map(|k| match s.tok(k) {
                Some(t @ Tok::Month(m)) if m.day.is_none() => period_of_tok(t, clock, ctx)
                    .and_then(|p| p.as_month())
                    .map(|m| (k, m)),
                _ => None,
            })
            .map(|(k, m)| {
                if k > 0 && s.is_cue_at(k - 1, Cue::Since) {
                    m.plus(n - 1)
                } else {
                    m
                }
            })
            .collect();
        months.sort_unstable();
        months.dedup();
        let last = *months.last()?;
        let first = last.plus(1 - n);
        (months.len() >= n as usize && months[months.len() - n as usize] == first
            || (0..at).any(|k| s.is_cue_at(k, Cue::Since)))
        .then_some(Period::Span(first, last))
    };
    here.or_else(named)
        .or_else(|| recent(1))
        .or_else(stated)
        .or_else(|| recent(3))
        .or_else(|| ctx.period.filter(of_n))
}

/// A cue of months from January or of a whole year: "year to date", "full year", "first
/// half", "the first three quarters".
fn span_cue(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Cue(Cue::Ytd | Cue::FullYear | Cue::FirstHalf | Cue::Quarters(_) | Cue::ThisSpan(_))
    )
}

/// A token that names when: a month, a span, a year, or a span cue.
fn names_a_period(t: &Tok) -> bool {
    matches!(t, Tok::Month(_) | Tok::Span(_) | Tok::Year(_)) || span_cue(t)
}

/// The months up to a month: "through October", "until October", "to the end of October",
/// "by the end of October" (January to it), "between January and October" (the two and
/// those between). Not "from June to October", a span read elsewhere, nor a day.
fn months_to(s: &Sentence, k: usize, clock: &Clock, ctx: &Context) -> Option<Period> {
    let Some(Tok::Month(m)) = s.tok(k) else {
        return None;
    };
    if m.day.is_some() || k == 0 {
        return None;
    }
    let last = clock.month(m, ctx)?;
    let word = |j: usize| s.raw(j);
    // "between January and October"
    if word(k - 1) == "and"
        && k >= 3
        && let Some(Tok::Month(first)) = s.tok(k - 2)
        && word(k - 3) == "between"
        && first.day.is_none()
        && first.year.is_none_or(|y| y == last.year())
        && first.month <= last.month()
    {
        return span_period(last.year(), first.month, last.month());
    }
    let through = ["through", "thru", "until", "till"].contains(&&*word(k - 1));
    // "to the end of October", "by the end of October", "by end-October", "By the close of
    // July it stood at 38,563.6 tonnes"
    let end_of = word(k - 1) == "of"
        && k >= 2
        && ["end", "close"].contains(&&*word(k - 2))
        && (k < 4 || !["from"].contains(&&*word(k - 4)));
    if !(through || end_of) {
        return None;
    }
    // "from June through October": a span of its own.
    if (k.saturating_sub(4)..k).any(|j| matches!(s.tok(j), Some(Tok::Month(_))) && j + 1 < k) {
        return None;
    }
    span_period(last.year(), 1, last.month())
}

/// How many months before the story's a figure at `a` looks back, when its clause says so
/// before it: "two months earlier", "three months before", "a year earlier", "this time last
/// year", "the same month two years ago". Not a change's base ("up 5% from a year earlier").
/// "two months earlier", "3 months ago", "two years before" at `k`: how many months back
/// (1 to 36 of them, or years), and the word that says back from when.
fn months_back_at(s: &Sentence, k: usize) -> Option<(i32, String)> {
    let Some(Tok::Figure(f)) = s.tok(k) else {
        return None;
    };
    if f.unit != Unit::Bare || f.value.fract() != 0.0 || !(1.0..=36.0).contains(&f.value) {
        return None;
    }
    let per = match s.tok(k + 1) {
        Some(Tok::Cue(Cue::MonthWord)) => 1,
        Some(Tok::Cue(Cue::YearWord)) => 12,
        _ => return None,
    };
    let word = s.raw(k + 2);
    ["earlier", "ago", "before", "previously", "prior"]
        .contains(&word.as_ref())
        .then(|| (f.value as i32 * per, word.into_owned()))
}

/// "a year later", "two months later" before the figure in its sentence, no figure between:
/// how many months, and where.
fn months_later(s: &Sentence, a: usize) -> Option<(i32, usize)> {
    (0..a)
        .rev()
        .take_while(|&k| !matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit != Unit::Bare))
        .find_map(|k| {
            if !s.is_word(k + 2, &["later", "after"]) {
                return None;
            }
            let per = match s.tok(k + 1) {
                Some(Tok::Cue(Cue::MonthWord)) => 1,
                Some(Tok::Cue(Cue::YearWord)) => 12,
                _ => return None,
            };
            let n = match s.tok(k) {
                Some(Tok::Figure(f))
                    if f.unit == Unit::Bare
                        && f.value.fract() == 0.0
                        && (1.0..=36.0).contains(&f.value) =>
                {
                    f.value as i32
                }
                _ if s.is_word(k, &["a", "one"]) => 1,
                _ => return None,
            };
            Some((n * per, k))
        })
}

fn look_back(s: &Sentence, a: usize) -> Option<i32> {
    let lead = s.toks[..a]
        .iter()
        .rposition(|t| {
            matches!(t.tok, Tok::Punct('.' | ';' | '!' | '?' | '|') | Tok::Break)
                || matches!(t.tok, Tok::Figure(_))
                    && !matches!(&t.tok, Tok::Figure(f) if f.unit == Unit::Bare)
        })
        .map_or(0, |k| k + 1);
    let word = |k: usize| s.raw(k);
    // The look-back opens its clause ("Two months earlier they stood at …", "In the same
    // month two years ago, …"); one after a comparison is its base ("nearly triple a year
    // earlier, while Vietnam, at 456 t, …").
    let opens = |k: usize| {
        let head = (lead..k)
            .rev()
            .take_while(|&j| !matches!(s.tok(j), Some(Tok::Punct(','))))
            .count();
        let clause = k - head;
        (clause..k).all(|j| {
            [
                "in", "and", "but", "while", "the", "by", "at", "this", "time", "same", "month",
            ]
            .contains(&&*word(j))
                || matches!(
                    s.tok(j),
                    Some(Tok::Cue(Cue::Yoy | Cue::In)) | Some(Tok::Bullet)
                )
        })
    };
    for k in (lead..a).filter(|&k| opens(k)) {
        // "two months earlier", "3 months ago", "two years ago"
        if let Some((n, _)) = months_back_at(s, k) {
            return Some(n);
        }
        // "a year earlier", "a year ago" at the head of the clause (not a change's base)
        if s.tok(k) == Some(&Tok::Cue(Cue::Yoy))
            && [
                "a year earlier",
                "a year ago",
                "a year before",
                "the year before",
            ]
            .contains(&&*word(k))
            && !(k.saturating_sub(2)..k).any(|j| {
                matches!(s.tok(j), Some(Tok::Cue(Cue::From | Cue::Than | Cue::Yoy)))
                    || ["on", "against", "with", "versus", "vs"].contains(&&*word(j))
            })
        {
            return Some(12);
        }
        // "this time last year", "the same month last year"
        if s.tok(k) == Some(&Tok::Cue(Cue::LastYear))
            && k >= 1
            && (word(k - 1) == "time" || s.tok(k - 1) == Some(&Tok::Cue(Cue::Yoy)))
        {
            return Some(12);
        }
    }
    None
}

/// Whether the line's label (its first tokens, before a colon or a bar) holds a token.
fn line_label_is(s: &Sentence, want: impl Fn(&Tok) -> bool) -> bool {
    let lead = s
        .toks
        .iter()
        .take_while(|t| matches!(t.tok, Tok::Punct('|') | Tok::Bullet))
        .count();
    let Some(sep) = s.toks[lead..]
        .iter()
        .take(10)
        .position(|t| matches!(t.tok, Tok::Punct(':' | '|' | '=')))
    else {
        return false;
    };
    s.toks[lead..lead + sep].iter().any(|t| want(&t.tok))
}

/// The figure a parenthesis or a dash right after it speaks of: "Jun 9,718 (-29.3% m/m)",
/// "South Korea (854 tonnes)", "US: 564 t (−3.1% m/m)". Returns the token before the
/// parenthesis when it is a figure or a partner.
fn bracketed_after(s: &Sentence, from: usize) -> Option<usize> {
    let mut k = from;
    while k > 0 && matches!(s.tok(k - 1), Some(Tok::Hedge(_) | Tok::Punct('~'))) {
        k -= 1;
    }
    if k == 0 || !matches!(s.tok(k - 1), Some(Tok::Punct('(' | '—' | '–' | ','))) || k < 2 {
        return None;
    }
    matches!(s.tok(k - 2), Some(Tok::Figure(_) | Tok::Country(_))).then_some(k - 2)
}

/// The comma-separated pieces of a sentence before a token, nearest first, as token ranges;
/// each says whether it is an aside ("…, which China processes from ore sourced in
/// Myanmar, …", "…, historically a hub for antimony trioxide, …") that the figure's subject
/// skips. Stops at a clause barrier.
fn pieces_before(s: &Sentence, a: usize) -> Vec<(std::ops::Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut end = a;
    let mut k = a;
    loop {
        let at_start = k == 0;
        let stop = at_start || {
            let t = k - 1;
            s.barrier(t) || matches!(s.tok(t), Some(Tok::Punct(',' | '—' | '–' | ':' | '-')))
        };
        if stop {
            let start = k;
            let first = s.word_text(start).unwrap_or_default();
            let aside = !out.is_empty()
                && start > 0
                && matches!(s.tok(start - 1), Some(Tok::Punct(',' | '—' | '–')))
                && ([
                    "which",
                    "who",
                    "whose",
                    "where",
                    "when",
                    "historically",
                    "mostly",
                    "largely",
                    "mainly",
                    "traditionally",
                    "once",
                    "a",
                    "an",
                    "the",
                    "its",
                    "their",
                    "already",
                    "including",
                    "excluding",
                    "according",
                    "reportedly",
                    "though",
                    "however",
                ]
                .contains(&first.as_str())
                    || matches!(s.tok(start), Some(Tok::Cue(Cue::Largest | Cue::Smallest)))
                    // "The Netherlands, Europe's main entry point for Chinese antimony,
                    // received …": an appositive naming where it stands.
                    || matches!(s.tok(start), Some(Tok::Country(_)))
                        && s.tok(start + 1) == Some(&Tok::Possessive)
                        && !(start..end)
                            .any(|m| matches!(s.tok(m), Some(Tok::Figure(_) | Tok::Dir(_))))
                    // "— 41.8% of the total —", ", or 41.8% of the total,": a share in
                    // passing, not the subject of what follows.
                    || {
                        let mut j = start;
                        if s.is_word(j, &["or", "some", "about", "roughly", "nearly"])
                            || matches!(s.tok(j), Some(Tok::Hedge(_)))
                        {
                            j += 1;
                        }
                        matches!(s.tok(j), Some(Tok::Figure(f)) if f.unit == Unit::Pct)
                            && s.is_cue_at(j + 1, Cue::Of)
                            && (j + 2..end).all(|m| {
                                matches!(
                                    s.tok(m),
                                    Some(Tok::Word(_) | Tok::Cue(Cue::Total | Cue::Of) | Tok::Flow(_) | Tok::Basket(_) | Tok::Possessive | Tok::Country("CHN"))
                                )
                            })
                    });
            // The aside is only one when something comes before it.
            out.push((start..end, aside));
            // A bracket closed right before the piece is an aside, and the clause goes on
            // before it: "Headline rare earths (not magnets) were 7,742 t".
            if !at_start
                && s.tok(k - 1) == Some(&Tok::Punct(')'))
                && let Some(open) = (k.saturating_sub(12)..k - 1)
                    .rev()
                    .take_while(|&j| {
                        !matches!(
                            s.tok(j),
                            Some(Tok::Punct('.' | ';' | ')')) | Some(Tok::Break)
                        )
                    })
                    .find(|&j| s.tok(j) == Some(&Tok::Punct('(')))
                && open > 0
                && !s.barrier(open - 1)
            {
                out.push((open + 1..k - 1, true));
                k = open;
                end = open;
                continue;
            }
            if at_start || s.barrier(k - 1) || matches!(s.tok(k - 1), Some(Tok::Punct(':'))) {
                break;
            }
            k -= 1;
            end = k;
            if out.len() > 6 {
                break;
            }
            continue;
        }
        k -= 1;
    }
    out
}

/// The line's label: the tokens before its first colon (or bar), when the line has one near
/// its start ("US: 420.5 t", "United States, Oct: 656.3 t", "• Jan–Dec cumulative: 57,392 t").
fn label_range(s: &Sentence) -> Option<std::ops::Range<usize>> {
    let lead = s
        .toks
        .iter()
        .take_while(|t| matches!(t.tok, Tok::Bullet | Tok::Punct('|')))
        .count();
    let sep = s.toks[lead..]
        .iter()
        .take(10)
        .position(|t| matches!(t.tok, Tok::Punct(':' | '|' | '=')))?;
    Some(lead..lead + sep)
}

/// Whether a line's label names what a figure measures ("Total", "Jan–Nov cumulative",
/// "Value", "Exports, Oct", "Rare earths"), rather than who speaks ("MAYA", "A") or what
/// comes ("Context", "Only two destinations received material").
fn label_names_a_figure(s: &Sentence, label: std::ops::Range<usize>) -> bool {
    label.into_iter().any(|k| match s.tok(k) {
        Some(
            Tok::Cue(
                Cue::Total
                | Cue::Ytd
                | Cue::FullYear
                | Cue::FirstHalf
                | Cue::Quarters(_)
                | Cue::Share
                | Cue::Mom
                | Cue::Yoy,
            )
            | Tok::Span(_)
            | Tok::Month(_)
            | Tok::Year(_)
            | Tok::Flow(_)
            | Tok::Basket(_),
        ) => true,
        Some(Tok::Word(w)) => [
            "value", "volume", "volumes", "worth", "tonnage", "quantity", "amount", "sum", "world",
            "global", "all", "overall", "level",
        ]
        .contains(&w.as_str()),
        _ => false,
    })
}

/// Whether a line's label names only when ("Full year", "Jun", "H1 2025", "Jan–Nov
/// cumulative"), not what of the whole ("Total", "World", "Exports", "Rare earths").
fn label_of_period_only(s: &Sentence, label: std::ops::Range<usize>) -> bool {
    let mut period = false;
    for k in label {
        match s.tok(k) {
            Some(t) if names_a_period(t) => period = true,
            Some(Tok::Cue(_) | Tok::Flow(_) | Tok::Basket(_) | Tok::Country(_)) => return false,
            Some(Tok::Word(w))
                if [
                    "world", "global", "all", "overall", "total", "value", "worth", "sum",
                ]
                .contains(&w.as_str()) =>
            {
                return false;
            }
            _ => {}
        }
    }
    period
}

/// The one year a sentence sets itself in: the years it names (alone, or with a span or a
/// month), none of them a base ("than in March 2022", "from 2023", "since 2022", "on
/// 2023", "against 2022").
fn year_set_in(s: &Sentence) -> Option<i32> {
    let mut years = s.toks.iter().enumerate().filter_map(|(k, t)| {
        let y = match &t.tok {
            // A year alone sets the sentence in it only after "in", "of", "during" (not "the
            // 2024 month", "back to 2014").
            Tok::Year(y)
                if k > 0
                    && (s.is_cue_at(k - 1, Cue::In)
                        || s.is_cue_at(k - 1, Cue::Of)
                        || s.is_word(k - 1, &["in", "during", "throughout"])) =>
            {
                *y
            }
            Tok::Month(m) if m.day.is_none() => m.year?,
            Tok::Span(sp) => sp.year?,
            _ => return None,
        };
        let base = (k.saturating_sub(5)..k).any(|j| {
            matches!(
                s.tok(j),
                Some(
                    Tok::Cue(
                        Cue::Than | Cue::From | Cue::Since | Cue::Before | Cue::After | Cue::To
                    ) | Tok::Hedge(_)
                        | Tok::Figure(_)
                        | Tok::Dir(_)
                )
            ) || s.is_word(
                j,
                &[
                    "on", "over", "against", "versus", "vs", "compared", "with", "back",
                ],
            )
        });
        (!base).then_some((k, y))
    });
    let (at, first) = years.next()?;
    // (Its months without a year come after it: "the export quantity in December was …,
    // while … in December 2024" is not set in 2024.)
    let months_after = s.toks[..at]
        .iter()
        .all(|t| !matches!(&t.tok, Tok::Month(m) if m.year.is_none()));
    (months_after && years.all(|(_, y)| y == first)).then_some(first)
}

/// The span a figure's clause points back to ("in those two months", "over these three
/// months", "in the same period", "during that period"): the last span stated with its year,
/// this sentence's before the figure or an earlier one's, of as many months as said. Not "the
/// same period last year" or "of 2023", a base a year back.
fn span_named_again(s: &Sentence, hit: &Hit, ctx: &Context) -> Option<Period> {
    let lo = hit.to + 1;
    let k = (lo..(lo + 6).min(s.toks.len()))
        .take_while(|&k| {
            !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit != Unit::Bare)
        })
        .find(|&k| s.is_cue_at(k, Cue::In) || s.is_word(k, &["over", "during", "across"]))?;
    let mut j = k + 1;
    let pointing = s.is_word(j, &["those", "these", "that", "the"]);
    if !pointing {
        return None;
    }
    let mut same = false;
    let mut n: Option<u32> = None;
    j += 1;
    if s.is_word(j, &["same"]) {
        same = true;
        j += 1;
    }
    if let Some(Tok::Figure(f)) = s.tok(j)
        && f.unit == Unit::Bare
        && f.value.fract() == 0.0
        && (2.0..=12.0).contains(&f.value)
    {
        n = Some(f.value as u32);
        j += 1;
    }
    let raw = s.raw(j);
    let span_word = s.is_cue_at(j, Cue::MonthWord) && n.is_some()
        || s.is_word(j, &["period", "stretch", "span"])
        // "the same period" is read as one cue.
        || s.is_cue_at(j, Cue::Yoy) && raw.starts_with("same")
        || s.is_cue_at(j, Cue::Yoy) && raw.starts_with("period");
    // ("in the period", "for the two months together": a span word or a count after "the"
    // points back as "the same" does; "in the month" does not.)
    let counted = n.is_some() || s.is_word(j, &["period"]);
    if !span_word
        || s.is_word(k + 1, &["the"]) && !same && !counted && !s.is_cue_at(j, Cue::Yoy)
        || ["year", "ago", "earlier", "before", "previous", "prior"]
            .iter()
            .any(|w| raw.contains(w))
    {
        return None;
    }
    // Not a base a year back: "the same period last year", "… of 2023", "a year earlier".
    if (j + 1..(j + 4).min(s.toks.len())).any(|m| {
        matches!(
            s.tok(m),
            Some(Tok::Cue(Cue::LastYear | Cue::YearEarlier | Cue::Yoy) | Tok::Year(_))
        ) || s.is_word(m, &["before", "previous", "prior", "earlier", "ago"])
    }) {
        return None;
    }
    let fits =
        |p: &Period| !p.is_month() && n.is_none_or(|n| p.first().plus(n as i32 - 1) == p.last());
    ctx.spans_named.iter().rev().map(|(p, _)| *p).find(fits)
}

/// Whether the token at `k` may stand between a figure and a change set beside it: "9,645
/// tonnes, a 14.9% drop", "a 14.9% drop from November and down 41%" (the words of the first
/// change and its base month), nothing that names a time or a subject of its own.
fn beside(s: &Sentence, k: usize) -> bool {
    match s.tok(k) {
        Some(Tok::Punct(',') | Tok::Dir(_) | Tok::Hedge(_) | Tok::Basket(_)) => true,
        Some(Tok::Month(m)) => m.day.is_none() && k > 0 && s.is_cue_at(k - 1, Cue::From),
        // "… 62.600 t of rare earths, which corresponds to an increase of around 13 %".
        Some(Tok::Cue(Cue::From | Cue::Of | Cue::To)) => true,
        _ => s.is_word(
            k,
            &[
                "a",
                "an",
                "and",
                "or",
                "which",
                "is",
                "was",
                "representing",
                "represents",
                "represented",
                "corresponds",
                "corresponding",
                "marking",
                "meaning",
                "amounting",
                "equivalent",
            ],
        ),
    }
}

/// Whether the token at `j` stands in an aside on the time before it that `a` is not in:
/// "In December 2024, the month Beijing banned sales to the United States, exports were …",
/// "In October, when Washington and Beijing met, shipments …".
fn in_time_aside(s: &Sentence, j: usize, a: usize) -> bool {
    let Some(open) = (j.saturating_sub(12)..j)
        .rev()
        .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
        .find(|&k| s.tok(k) == Some(&Tok::Punct(',')))
    else {
        return false;
    };
    let after_time = open > 0
        && matches!(
            s.tok(open - 1),
            Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_))
        );
    let opens = s.is_word(open + 1, &["when"])
        || s.is_word(open + 1, &["the", "a"]) && s.is_cue_at(open + 2, Cue::MonthWord);
    after_time && opens && (j + 1..a).any(|k| s.tok(k) == Some(&Tok::Punct(',')))
}

/// Whether the token at `j` stands in an aside that describes (", which include ore shipped
/// from Myanmar,", "(mostly ore)") and `a` does not.
fn in_aside(s: &Sentence, j: usize, a: usize) -> bool {
    let plain = |k: usize| {
        !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_)))
            || matches!(s.tok(k), Some(Tok::Punct('(' | ')')))
    };
    let Some(open) = (j.saturating_sub(10)..j)
        .rev()
        .take_while(|&k| plain(k))
        .find(|&k| matches!(s.tok(k), Some(Tok::Punct(',' | '('))))
    else {
        return false;
    };
    let Some(close) = (j + 1..(j + 10).min(s.toks.len()))
        .take_while(|&k| plain(k))
        .find(|&k| matches!(s.tok(k), Some(Tok::Punct(',' | ')'))))
    else {
        return false;
    };
    s.is_word(
        open + 1,
        &[
            "which",
            "including",
            "mostly",
            "mainly",
            "largely",
            "chiefly",
            "primarily",
        ],
    ) && !(open..=close).contains(&a)
}

/// Whether the country at `k` is where goods mostly come from, said in passing ("Imports,
/// largely ore from Myanmar and Laos, fell …", "imports, mostly from Myanmar", "imports,
/// which include ores and intermediate products from Myanmar, fell …"): a description of
/// the total, not its partner. The aside opens with a comma or a bracket and a word that
/// describes (a degree word, a relative pronoun, "including") and closes after the origin.
fn origin_aside(s: &Sentence, k: usize) -> bool {
    const DEGREE: [&str; 6] = [
        "largely",
        "mostly",
        "mainly",
        "chiefly",
        "primarily",
        "predominantly",
    ];
    let Some(from) = (k.saturating_sub(6)..k)
        .rev()
        .find(|&j| s.tok(j) == Some(&Tok::Cue(Cue::From)))
    else {
        return false;
    };
    if !(from + 1..k).all(|j| {
        matches!(s.tok(j), Some(Tok::Country(_)) | Some(Tok::Punct(',')))
            || s.is_word(j, &["and", "the"])
    }) {
        return false;
    }
    if (from.saturating_sub(3)..from).any(|j| s.is_word(j, &DEGREE)) {
        return true;
    }
    // The aside's opening: the nearest comma or bracket before "from", with nothing
    // between that ends the clause; its close, the next one after the origin.
    let inside = |j: usize| {
        !matches!(s.tok(j), Some(Tok::Figure(_) | Tok::Dir(_) | Tok::Flow(_)))
            && !matches!(s.tok(j), Some(Tok::Punct(c)) if !matches!(c, ',' | '('))
    };
    let Some(open) = (from.saturating_sub(12)..from)
        .rev()
        .take_while(|&j| inside(j))
        .find(|&j| matches!(s.tok(j), Some(Tok::Punct(',' | '('))))
    else {
        return false;
    };
    let opens = s.is_word(open + 1, &["which", "including", "much", "most"])
        || s.is_word(open + 1, &DEGREE);
    let close = (k + 1..(k + 12).min(s.toks.len()))
        .find(|&j| !inside(j) || matches!(s.tok(j), Some(Tok::Punct(',' | ')'))));
    opens && close.is_some_and(|j| matches!(s.tok(j), Some(Tok::Punct(',' | ')'))))
}

/// A level that is the whole a part or a share is of, which is the world's: "took 1,118
/// tonnes out of 5,473 tonnes", "Japan accounted for just over 4% of China's total magnet
/// exports of 5,473 tons".
fn is_whole_of_part(s: &Sentence, hit: &Hit) -> bool {
    // "took 1,118 tonnes out of 5,473 tonnes", "received 392 kilograms of the 763 kilograms
    // China exported": the whole a part is of is the world's.
    if let Claimed::Level { unit, .. } = hit.claimed
        && hit.from >= 2
    {
        let of = hit.from - 1 - usize::from(s.is_word(hit.from - 1, &["the", "a"]));
        let mut part = of.checked_sub(1 + usize::from(of > 0 && s.is_word(of - 1, &["out"])));
        // ("1,118 tonnes of magnets out of 5,473 tonnes": the part's goods between.)
        if let Some(p) = part
            && p >= 2
            && matches!(s.tok(p), Some(Tok::Basket(_)))
            && s.is_cue_at(p - 1, Cue::Of)
        {
            part = Some(p - 2);
        }
        if s.is_cue_at(of, Cue::Of)
            && let Some(part) = part
            && matches!(s.tok(part), Some(Tok::Figure(f)) if f.unit == unit && f.unit.is_amount())
        {
            return true;
        }
    }
    // "Japan accounted for just over 4% of China's total magnet exports of 5,473 tons",
    // "Korea's portion in China's whole December magnet export (5,952 tons)", "about seven
    // and a half per cent of everything China shipped that month, out of five thousand …
    // tonnes": the whole a share is of, named at length, is the world's.
    if matches!(hit.claimed, Claimed::Level { .. })
        && hit.from >= 2
        && (s.is_cue_at(hit.from - 1, Cue::Of) || s.tok(hit.from - 1) == Some(&Tok::Punct('(')))
        && let Some(k) = (hit.from.saturating_sub(12)..hit.from - 1)
            .rev()
            .find(|&k| {
                matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit == Unit::Pct)
                    || matches!(s.tok(k), Some(Tok::Fraction(_)))
                    || s.is_word(k, &["share", "portion", "proportion"])
            })
        && (s.is_cue_at(k + 1, Cue::Of) || s.is_cue_at(k + 1, Cue::In))
        && (k + 2..hit.from - 1).all(|j| {
            // (A comma only before "out of": "…, with a value of $103.7 million" is not.)
            !s.barrier(j)
                && !matches!(s.tok(j), Some(Tok::Figure(_) | Tok::Fraction(_)))
                && (s.tok(j) != Some(&Tok::Punct(',')) || s.is_word(hit.from - 2, &["out"]))
                && (!matches!(s.tok(j), Some(Tok::Country(_))) || is_reporter_at(s, j))
        })
        && (k + 2..hit.from - 1)
            .any(|j| matches!(s.tok(j), Some(Tok::Flow(_))) || s.is_cue_at(j, Cue::Total))
    {
        return true;
    }
    false
}

/// The partner a hit is about.
fn partner_of(s: &Sentence, hit: &Hit, ctx: &Context, facts: &SentenceFacts) -> Partner {
    if let Some(p) = &hit.partner {
        return p.clone();
    }
    let a = hit.anchor;
    // "out of a world total of 22,319 t", "the global total, 5,774 t": the world's.
    if (a.saturating_sub(5)..a)
        .rev()
        .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
        .any(|k| s.is_word(k, &["world", "global", "worldwide"]))
    {
        return Partner::World;
    }
    // "taking 703 tonnes, around 22% of the 3,236 tonnes shipped in the period": the whole a
    // percent is of is the world's.
    if matches!(hit.claimed, Claimed::Level { .. }) && hit.from >= 2 && {
        let of = hit.from - 1 - usize::from(s.is_word(hit.from - 1, &["the"]));
        s.is_cue_at(of, Cue::Of)
            && of > 0
            && matches!(s.tok(of - 1), Some(Tok::Figure(f)) if f.unit == Unit::Pct)
    } {
        return Partner::World;
    }
    if is_whole_of_part(s, hit) {
        return Partner::World;
    }
    // "… of China's total magnet shipments in December, which were 5,952 tonnes": a figure
    // in a "which" clause is of the noun before it, here the whole.
    if hit.from >= 3
        && s.is_word(
            hit.from - 1,
            &["was", "were", "stood", "came", "totalled", "totaled"],
        )
        && s.is_word(hit.from - 2, &["which"])
        && s.tok(hit.from - 3) == Some(&Tok::Punct(','))
        && (hit.from.saturating_sub(10)..hit.from - 3)
            .rev()
            .take_while(|&k| {
                !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_) | Tok::Country(_)))
            })
            .any(|k| s.is_cue_at(k, Cue::Total))
    {
        return Partner::World;
    }
    let destination = |k: usize| {
        matches!(s.tok(k), Some(Tok::Country(_)))
            && !is_reporter_at(s, k)
            && !source_of_news(s, k)
            && !origin_aside(s, k)
    };
    let country = |k: usize| match s.tok(k) {
        Some(Tok::Country(c)) => Partner::of(c),
        _ => Partner::World,
    };
    // A table row's destination cell: "| Flake | South Korea | 703 |".
    if is_table_row(s.toks) {
        let cells: Vec<usize> = (0..a).filter(|&k| destination(k)).collect();
        if let [k] = cells.as_slice() {
            return country(*k);
        }
    }
    // A destination tied to the figure right after it (see [`tied_after`]).
    if let Some(k) = tied_after(s, a)
        && destination(k)
    {
        return country(k);
    }
    // The line's label: "US: 420.5 t", "🇺🇸 US: 656 t", "United States, Oct: 656.3 t"; a
    // label without a partner ("Jan–Dec cumulative: …", "Total: …") is the world total.
    if let Some(label) = label_range(s)
        && label.end < a
    {
        // "Europe remains the swing customer: the EU took 2,570 t": a destination between
        // the label and the figure is the figure's.
        if let Some(k) = label.clone().find(|&k| destination(k))
            && !(label.end..a).any(&destination)
        {
            return country(k);
        }
        let lead = s
            .toks
            .iter()
            .take_while(|t| matches!(t.tok, Tok::Bullet | Tok::Punct('|')))
            .count();
        // Only a label that names a figure ("Total", "Jan–Nov cumulative", "Value",
        // "Exports") is the world total; a speaker ("MAYA:", "A:") or a lead-in ("Context:",
        // "Only two destinations received material:") says nothing of the partner, and a
        // destination named between it and the figure is the figure's.
        if label.start == lead
            && !label.is_empty()
            && label_names_a_figure(s, label.clone())
            && !(label.end..a).any(&destination)
        {
            // A label of a period alone ("Full year:", "Jun:", "H1 2025:") in an article
            // about one destination is that destination's; one of the whole ("Total:",
            // "Exports, Oct:", "World:") or in an article about none is the world's.
            if label_of_period_only(s, label.clone())
                && let Some(Some(p)) = &ctx.topic
            {
                return p.clone();
            }

            // A label of a measure alone ("Volume", "Value", "MoM") under a heading that
            // names a destination is that destination's.
            let measure_only = label.clone().all(|k| match s.tok(k) {
                Some(Tok::Word(w)) => [
                    "value", "volume", "volumes", "tonnage", "quantity", "amount", "worth",
                ]
                .contains(&w.as_str()),
                Some(Tok::Cue(Cue::Mom | Cue::Yoy)) => true,
                _ => false,
            });
            if measure_only && let Some(p @ Partner::Country(_)) = &ctx.partner {
                return p.clone();
            }
            // Under a heading that names a partner, a label that does not name the whole
            // ("• May–Jun (trough): 399 t" under "UNITED STATES") is that partner's.
            if let Some(p) = &ctx.section_partner
                && !label.clone().any(|k| {
                    s.is_cue_at(k, Cue::Total)
                        || s.is_word(k, &["world", "global", "all", "china", "cn"])
                })
            {
                return p.clone();
            }
            return Partner::World;
        }
    }
    // The figure's clause, then the clauses before it that it hangs on ("Germany, the largest
    // destination, took 1,341 t"), skipping asides ("…, which China processes from ore
    // sourced in Myanmar, fell to …").
    // ("…, which was about 64.6% lower": a figure of the noun before the comma.)
    let pieces = pieces_before(s, a);
    let own_which = pieces
        .first()
        .is_some_and(|(r, _)| s.is_word(r.start, &["which"]));
    for (i, (range, aside)) in pieces.into_iter().enumerate() {
        // (Nor a share set beside an earlier figure: "took 3,000 kg in April, about 80% of
        // China's total that month, 2,004 kg in June": the total is the share's whole.)
        let share_of_total = i > 0
            && !own_which
            && range.clone().any(|k| {
                matches!(s.tok(k), Some(Tok::Figure(f)) if f.unit == Unit::Pct)
                    || matches!(s.tok(k), Some(Tok::Fraction(_)))
            })
            && range.clone().any(|k| {
                s.is_cue_at(k, Cue::Total)
                    && (k.saturating_sub(4)..k).any(|j| s.is_cue_at(j, Cue::Of))
            });
        if aside || share_of_total {
            continue;
        }
        if let Some(k) = range.clone().rev().find(|&k| destination(k)) {
            return country(k);
        }
        if range.clone().any(|k| s.is_cue_at(k, Cue::Total)) {
            return Partner::World;
        }
        // A clause with a subject of its own ("exports rose 5%") does not reach back; a
        // commodity named as the object ("took 6,000 t of flake and 3,000 t …") is not one.
        let own_subject = range.clone().any(|k| match s.tok(k) {
            Some(Tok::Flow(_) | Tok::Country(_)) => true,
            Some(Tok::Basket(_)) => k == 0 || !s.is_cue_at(k - 1, Cue::Of),
            _ => false,
        });
        if own_subject || i >= 3 {
            break;
        }
    }
    // After the figure: "to the US", "from Myanmar".
    // Not past another figure ("1,497 kg had more than halved …, and about two-thirds of
    // them went to Russia": the two-thirds went there).
    if let Some(k) = s.after(a, 8, true, |t| matches!(t, Tok::Country(_)))
        && destination(k)
        && !(a + 1..k).any(|j| matches!(s.tok(j), Some(Tok::Figure(_) | Tok::Fraction(_))))
        && k > 0
        && (matches!(s.tok(k - 1), Some(Tok::Cue(Cue::To | Cue::From)))
            || matches!(s.tok(k - 1), Some(Tok::Word(w)) if w == "the")
                && k > 1
                && matches!(s.tok(k - 2), Some(Tok::Cue(Cue::To | Cue::From))))
    {
        return country(k);
    }
    if s.after(a, 6, true, |t| *t == Tok::Cue(Cue::Total))
        .is_some()
    {
        return Partner::World;
    }
    // The sentence's one destination, unless another figure stands between this one and it
    // ("rose 8% to 18,043 kg, with more than 17 tonnes going to South Korea": the 17 tonnes
    // went there), then the sentence before's.
    // Nor one named in a later clause ("exports climb 10% in August, US shipments slip").
    // A comma alone does not part "more than 17 t, went to South Korea".
    // A word that joins another clause with a subject of its own, comma or not.
    let joins_clause = |j: usize| s.is_word(j, &["as", "while", "whereas"]);
    let taken = facts.partner_at.is_some_and(|d| {
        let went_to = d > 0
            && matches!(s.tok(d - 1), Some(Tok::Cue(Cue::To)))
            && !(a + 1..d).any(|j| {
                s.is_word(j, &["with", "while", "and", "but", "as"])
                    || matches!(s.tok(j), Some(Tok::Flow(_)))
            });
        // ("magnet exports slip 5.2% as US shipments jump": another clause, comma or not.)
        d > a
            && (a + 1..d).any(|j| match s.tok(j) {
                Some(Tok::Figure(_) | Tok::Fraction(_)) => true,
                Some(Tok::Punct(',' | ';')) => !went_to,
                _ => joins_clause(j) && !went_to,
            })
    });
    // (Nor one named in an aside on the time: "In December 2024, the month Beijing banned
    // sales to the United States, exports were 6,420 kg".)
    let time_aside = facts
        .partner_at
        .is_some_and(|d| d < a && in_time_aside(s, d, a));
    if let Some(p) = &facts.partner
        && !taken
        && !time_aside
    {
        return p.clone();
    }
    // The figure's own clause has trade for its subject and names no destination, the
    // destination being another clause's ("magnet exports jump 75% in July as US shipments
    // climb"): the world's.
    if facts.partner_at.is_some_and(|d| {
        d > a
            && (a + 1..d).any(joins_clause)
            && (0..a).any(|k| matches!(s.tok(k), Some(Tok::Flow(_))))
    }) {
        return Partner::World;
    }
    if facts.fresh_subject {
        return Partner::World;
    }
    ctx.partner.clone().unwrap_or(Partner::World)
}

/// A destination tied to the figure at `a` right after it: "589.85 tonnes for the US and
/// 1,341 tonnes for Germany", "392 kilograms went to Germany, 352 kilograms to Japan", "the
/// 420.5 tonnes destined for the United States". In such a list the country before a
/// figure is the previous figure's.
fn tied_after(s: &Sentence, a: usize) -> Option<usize> {
    let k = (a + 1..(a + 6).min(s.toks.len()))
        .take_while(|&k| {
            !s.barrier(k)
                && !matches!(
                    s.tok(k),
                    Some(Tok::Figure(_) | Tok::Fraction(_) | Tok::Punct(','))
                )
        })
        .find(|&k| matches!(s.tok(k), Some(Tok::Country(_))))?;
    let mut p = k - 1;
    if s.is_word(p, &["the"]) && p > a + 1 {
        p -= 1;
    }
    let prep = matches!(s.tok(p), Some(Tok::Cue(Cue::To))) || s.raw(p).eq_ignore_ascii_case("for");
    let between_ok =
        (a + 1..p).all(|j| TIED_VERBS.iter().any(|w| s.raw(j).eq_ignore_ascii_case(w)));
    (prep && between_ok).then_some(k)
}

/// Words between a figure and the destination it went to: "392 kg went to Germany", "5
/// tonnes were consigned to Germany", "420.5 t destined for the United States".
const TIED_VERBS: [&str; 18] = [
    "went",
    "were",
    "was",
    "are",
    "is",
    "destined",
    "bound",
    "headed",
    "shipped",
    "consigned",
    "sent",
    "delivered",
    "exported",
    "going",
    "heading",
    "flowed",
    "moved",
    "of",
];

/// Whether a country at `k` names who reports rather than who buys: "a German trade portal",
/// "Japanese media", "US officials".
fn source_of_news(s: &Sentence, k: usize) -> bool {
    (k + 1..(k + 3).min(s.toks.len())).any(|j| {
        s.is_word(
            j,
            &[
                "portal",
                "portals",
                "media",
                "press",
                "newspaper",
                "outlet",
                "outlets",
                "site",
                "website",
                "officials",
                "official",
                "government",
                "ministry",
                "minister",
                "analysts",
                "analyst",
                "broker",
                "bank",
                "consultancy",
                "agency",
                "reports",
            ],
        )
    })
}

/// Whether the figure at `a` sits under a label that names only when ("May 2025: 46 t",
/// "June: 353 t" in a thread about one partner): such a label ties no partner to it.
fn period_label(s: &Sentence, a: usize) -> bool {
    label_range(s).is_some_and(|l| {
        l.end < a
            && l.clone()
                .any(|k| matches!(s.tok(k), Some(Tok::Month(_) | Tok::Span(_))))
            && l.clone().all(|k| match s.tok(k) {
                Some(
                    Tok::Month(_)
                    | Tok::Span(_)
                    | Tok::Year(_)
                    | Tok::Punct(_)
                    | Tok::Bullet
                    | Tok::Cue(Cue::Per),
                ) => true,
                // A thread's "2/"
                Some(Tok::Figure(f)) => f.unit == Unit::Bare,
                _ => false,
            })
    })
}

/// Another reading of the partner, when nothing ties one to the figure: the world total for
/// a partner carried from the sentence before, or that partner for a figure taken as the
/// world total because the sentence names its trade anew.
fn other_partner(
    s: &Sentence,
    hit: &Hit,
    ctx: &Context,
    facts: &SentenceFacts,
    read: &Partner,
) -> Option<Partner> {
    let a = hit.anchor;
    let label_ties = label_range(s).is_some_and(|l| l.end < a) && !period_label(s, a);
    let tied = hit.partner.is_some()
        || label_ties
        || pieces_before(s, a).iter().any(|(r, aside)| {
            !aside
                && r.clone().any(|k| {
                    matches!(s.tok(k), Some(Tok::Country(_))) && !is_reporter_at(s, k)
                        || s.is_cue_at(k, Cue::Total)
                })
        })
        || s.after(a, 8, true, |t| {
            matches!(t, Tok::Country(_) | Tok::Cue(Cue::Total))
        })
        .is_some()
        || facts.partner.is_some();
    if tied {
        return None;
    }
    let carried = ctx
        .partner
        .clone()
        .or_else(|| ctx.named_partner.clone())
        .filter(|p| *p != Partner::World);
    match read {
        Partner::World => carried,
        Partner::Country(_) => Some(Partner::World),
    }
}

impl Sentence<'_> {
    fn is_cue_at(&self, k: usize, c: Cue) -> bool {
        self.tok(k).is_some_and(|t| *t == Tok::Cue(c))
    }
}

/// The commodity a hit is about: named in its clause (nearest before, then after), else in
/// the sentence, else the story's.
fn basket_of(
    s: &Sentence,
    hit: &Hit,
    ctx: &Context,
    facts_basket: Option<&'static str>,
) -> Option<&'static str> {
    let a = hit.anchor;
    let pick = |k: Option<usize>| match k.and_then(|k| s.tok(k)) {
        Some(Tok::Basket(b)) => Some(*b),
        _ => None,
    };
    // A claim about the data as a whole (an event's timing) is about the story's commodity.
    if matches!(hit.claimed, Claimed::Event(_)) && ctx.basket.is_some() {
        return ctx.basket;
    }
    // "3,000 tonnes of spherical graphite": the commodity named right after the figure;
    // "zero germanium" right after a zero.
    if let Some(b) = pick(Some(a + 2)).filter(|_| s.is_cue_at(a + 1, Cue::Of)) {
        return Some(b);
    }
    if s.is_cue_at(a, Cue::Zero)
        && let Some(b) = pick(Some(a + 1))
    {
        return Some(b);
    }
    // The figure's clause and the ones it hangs on, skipping asides.
    let mut near = None;
    for (i, (range, aside)) in pieces_before(s, a).into_iter().enumerate() {
        if aside {
            continue;
        }
        // (Not one set aside: "Headline rare earths (not magnets) were 7,742 t".)
        if let Some(k) = range.clone().rev().find(|&k| {
            matches!(s.tok(k), Some(Tok::Basket(_)))
                && !s.is_word(
                    k.wrapping_sub(1),
                    &["not", "excluding", "except", "without", "ex"],
                )
        }) {
            near = Some(k);
            break;
        }
        let own_subject = range
            .clone()
            .any(|k| matches!(s.tok(k), Some(Tok::Flow(_) | Tok::Country(_))));
        if own_subject || i >= 3 {
            break;
        }
    }
    pick(near)
        .or_else(|| pick(s.after(a, 8, true, |t| matches!(t, Tok::Basket(_)))))
        .or(facts_basket)
        .or(ctx.basket)
        .or_else(|| pick(s.before(a, 30, false, |t| matches!(t, Tok::Basket(_)))))
        // Across a semicolon: "China's magnet exports rebound; U.S. shipments jump".
        .or_else(|| {
            s.toks[..a].iter().rev().find_map(|t| match t.tok {
                Tok::Basket(b) => Some(b),
                _ => None,
            })
        })
        .or(ctx.basket)
}

fn flow_of(s: &Sentence, hit: &Hit, ctx: &Context, facts: &SentenceFacts) -> Option<Flow> {
    let a = hit.anchor;
    let pick = |k: Option<usize>| match k.and_then(|k| s.tok(k)) {
        Some(Tok::Flow(f))
            if matches!(f, Flow::Export | Flow::Import)
                && !matches!(
                    k.and_then(|k| s.tok(k + 1)),
                    Some(Tok::Cue(Cue::Policy | Cue::NotTrade))
                ) =>
        {
            Some(*f)
        }
        _ => None,
    };
    // (Not a flow word in an aside about the goods: "Imports of rare earths, which include
    // ore shipped from Myanmar, fell …".)
    let before = (a.saturating_sub(12)..a)
        .rev()
        .take_while(|&k| !s.barrier(k))
        .find(|&k| matches!(s.tok(k), Some(Tok::Flow(_))) && !in_aside(s, k, a));
    pick(before)
        .or_else(|| pick(s.after(a, 8, false, |t| matches!(t, Tok::Flow(_)))))
        .or(facts.flow)
        .or(ctx.flow)
}

/// Turns a hit into a claim with its subject.
fn resolve(s: &Sentence, hit: &Hit, clock: &Clock, ctx: &Context, facts: &SentenceFacts) -> Claim {
    // A figure in brackets (or after a dash) right after another figure or a partner is
    // about what that one is about.
    let mut near = hit.clone();
    if let Some(k) = bracketed_after(s, hit.from)
        // "…consigned to Germany, 4,007 kilograms to Japan": a figure with a destination of
        // its own is not the one before's.
        && tied_after(s, hit.anchor).is_none()
    {
        near.anchor = k;
        near.from = k;
        near.to = k;
        if let Some(Tok::Country(c)) = s.tok(k)
            && near.partner.is_none()
        {
            near.partner = Some(Partner::of(c));
        }
    }
    // "(590 t in August)": a bracketed figure with its own time is that time's.
    let time_at = |k: usize| matches!(s.tok(k), Some(Tok::Month(_) | Tok::Span(_) | Tok::Year(_)));
    let own_time = near.anchor != hit.anchor
        && matches!(hit.claimed, Claimed::Level { .. })
        && s.tok(near.anchor + 1) == Some(&Tok::Punct('('))
        && (time_at(hit.to + 1)
            || s.tok(hit.to + 1) == Some(&Tok::Cue(Cue::In)) && time_at(hit.to + 2));
    let mut period = period_of(s, if own_time { hit } else { &near }, clock, ctx, facts);
    // A run is counted to a month: "three straight monthly declines from July to September"
    // is the run that ends in September.
    if hit.kind == Kind::Streak
        && let Some(p) = period
        && !p.is_month()
    {
        period = Some(Period::Month(p.last()));
    }
    // "rose for three straight months to August", "… through August": the run ends there.
    if hit.kind == Kind::Streak
        && let Some(k) = (hit.to + 1..(hit.to + 4).min(s.toks.len()))
            .take_while(|&k| !s.barrier(k))
            .find(|&k| {
                s.tok(k) == Some(&Tok::Cue(Cue::To)) || s.is_word(k, &["through", "until", "till"])
            })
        && let Some(Tok::Month(m)) = s.tok(k + 1)
        && m.day.is_none()
        && let Some(end) = clock.month(m, ctx)
    {
        period = Some(Period::Month(end));
    }
    // An event's timing is said of the story's data: its partner too.
    if matches!(hit.claimed, Claimed::Event(_)) && near.partner.is_none() {
        near.partner = Some(
            ctx.partner
                .clone()
                .or_else(|| facts.partner.clone())
                .unwrap_or(Partner::World),
        );
    }
    // "down 24.4% from 2023": a change from a whole year is the next year's; "up 11.9% on
    // the first half of 2024": from a span written with its year, the same span a year on.
    if let Some(b) = hit.base {
        match s.tok(b) {
            Some(Tok::Year(y)) => {
                // "on the first half of 2024", "on the first quarter of 2025".
                let cue = (b.saturating_sub(3)..b).find_map(|k| months_from_january(s.tok(k)?));
                match cue {
                    Some(last) => period = span_period(y + 1, 1, last),
                    None if period.is_none_or(|p| p.is_month()) => period = whole_year(y + 1),
                    None => {}
                }
            }
            Some(Tok::Span(sp)) if sp.year.is_some() => {
                if let Some(base) = clock.span(sp, ctx)
                    && period.is_none_or(|p| p == base || p.is_month())
                {
                    period = Some(base.shift_years(1));
                }
            }
            _ => {}
        }
    }
    let partner = partner_of(s, &near, ctx, facts);
    let mut alt_partner = other_partner(s, &near, ctx, facts, &partner);
    // A share is never the world's own ("That July number was 7.5% of China's total", "Our
    // share of that thin trickle was about twelve per cent"): the destination the story
    // named last is tried.
    if matches!(hit.claimed, Claimed::Share { .. })
        && partner == Partner::World
        && alt_partner.is_none()
    {
        alt_partner = ctx
            .named_partner
            .clone()
            .filter(|p| matches!(p, Partner::Country(c) if c != "CHN"));
    }
    let basket = basket_of(s, hit, ctx, facts.basket);
    // Another reading of a commodity the sentence before lent the figure: the article's own.
    let named_here = s.toks.iter().any(|t| matches!(t.tok, Tok::Basket(_)));
    let alt_basket = ctx
        .first_basket
        .filter(|f| !named_here && basket == ctx.basket && Some(*f) != basket)
        .map(str::to_string);
    // Another reading of a month the story lent the figure: the one its own sentence named
    // as a look back, or the one the sentence before named.
    let mut alt_periods: Vec<Period> = match (period, ctx.period) {
        (Some(p), Some(c)) if p == c && p.is_month() => facts
            .period
            .or(ctx.last_stated)
            .filter(|q| q.is_month() && *q != p)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    // In a review of a year its title names ("China's 2024 export scorecard"), a figure the
    // story lent a month to may be the year's.
    if let (Some(y), Some(p)) = (clock.title_year, period)
        && p.is_month()
        && facts.period.is_none()
        && period == ctx.period
        && p.first().year() != y
        && matches!(hit.claimed, Claimed::Level { .. } | Claimed::Change { .. })
        && let Some(w) = whole_year(y)
    {
        alt_periods.push(w);
    }
    let reporter = facts.reporter.clone().or_else(|| ctx.reporter.clone());
    // India's "year to March 2025" is its fiscal year, April to March (China's "year to
    // November" is the months from January).
    if (reporter.as_deref() == Some("IND") || partner == Partner::of("IND"))
        && let Some(p) = period
        && !p.is_month()
        && p.first().month() == 1
        && p.last().month() == 3
        && s.toks.iter().any(|t| {
            matches!(
                t.tok,
                Tok::Span(SpanRef {
                    first: 1,
                    last: 3,
                    ..
                })
            ) && s.text[t.start..t.end]
                .get(..7)
                .is_some_and(|w| w.eq_ignore_ascii_case("year to"))
        })
    {
        period = span_period(p.last().year(), 4, 3);
    }
    let mut claim = Claim {
        kind: hit.kind,
        start: s.toks[hit.from].start,
        end: s.toks[hit.to.min(s.toks.len() - 1)].end,
        subject: Subject {
            reporter,
            partner: Some(partner),
            flow: flow_of(s, hit, ctx, facts),
            basket: basket.map(str::to_string),
            period,
        },
        claimed: hit.claimed.clone(),
        rule: hit.rule,
        notes: Vec::new(),
        alt_partner,
        alt_periods,
        alt_basket,
        alt_kinds: Vec::new(),
        alt_reporter: None,
        alt_claimed: None,
        alt_flow: None,
        partner_named: false,
        of_value: match hit.claimed {
            Claimed::Change { .. } => change_of_value(s, hit),
            Claimed::Share { .. } => share_of_value(s, hit),
            _ => false,
        },
        period_named: false,
        year_named: false,
        basket_named: s.toks.iter().any(|t| matches!(t.tok, Tok::Basket(_))),
    };
    claim.partner_named = match &claim.subject.partner {
        Some(Partner::Country(c)) => s
            .toks
            .iter()
            .any(|t| matches!(t.tok, Tok::Country(x) if x == c.as_str())),
        _ => s.toks.iter().enumerate().any(|(k, t)| {
            t.tok == Tok::Cue(Cue::Total) || s.is_word(k, &["world", "global", "worldwide"])
        }),
    };
    // A time the claim's own clause names ("… more than double June's 172 tonnes, and Japan
    // bought 232 tonnes": June is the first clause's); a month without a year leaves the
    // year open.
    let clause_end = |k: usize| s.barrier(k) || s.tok(k) == Some(&Tok::Punct(','));
    let from = (0..hit.anchor)
        .rev()
        .find(|&k| clause_end(k))
        .map_or(0, |k| k + 1);
    let to = (hit.anchor..s.toks.len())
        .find(|&k| clause_end(k))
        .unwrap_or(s.toks.len());
    let times: Vec<&Tok> = s.toks[from..to]
        .iter()
        .map(|t| &t.tok)
        .filter(|t| {
            matches!(t, Tok::Month(m) if m.day.is_none())
                || matches!(t, Tok::Span(_) | Tok::Year(_))
        })
        .collect();
    claim.period_named = !times.is_empty();
    claim.year_named = times.iter().any(|t| match t {
        Tok::Month(m) => m.year.is_some(),
        Tok::Span(sp) => sp.year.is_some(),
        _ => true,
    });
    // A country does not trade with itself: a partner read as the reporter ("China" named
    // as the subject and taken for a destination) is the world.
    if let (Some(Partner::Country(p)), Some(r)) =
        (&claim.subject.partner, claim.subject.reporter.as_deref())
        && p == r
    {
        claim.subject.partner = Some(Partner::World);
    }
    // A share is some partner's part of the world's: a share read for the world ("42% of all
    // Chinese magnet exports that month") is the one of the partner the sentence named last
    // before it, else of the one the story carried.
    if matches!(hit.claimed, Claimed::Share { .. })
        && claim.subject.partner == Some(Partner::World)
        && let Some(p) = (0..hit.anchor)
            .rev()
            .find_map(|k| match s.tok(k) {
                Some(Tok::Country(c)) if *c != "CHN" && *c != "WLD" && !is_reporter_at(s, k) => {
                    Some(Partner::of(c))
                }
                _ => None,
            })
            .or_else(|| ctx.partner.clone().filter(|p| *p != Partner::World))
    {
        claim.subject.partner = Some(p);
    }
    // "Of the 5,774 tonnes shipped, 420.5 tonnes went to the US": the figure of an opening
    // "of the …" is the whole the rest of the sentence divides, unless it names a partner.
    let lead = sentence_lead(s.toks);
    if matches!(hit.claimed, Claimed::Level { .. })
        && s.is_cue_at(lead, Cue::Of)
        && s.is_word(lead + 1, &["the", "its", "china's"])
        && hit.from > lead
        && let Some(comma) =
            (hit.to + 1..s.toks.len()).find(|&k| s.tok(k) == Some(&Tok::Punct(',')))
        && !(lead..comma)
            .any(|k| s.barrier(k) || matches!(s.tok(k), Some(Tok::Country(c)) if *c != "CHN"))
    {
        claim.subject.partner = Some(Partner::World);
        claim.alt_partner = None;
    }
    // A buyer's imports from China are China's exports to it, and so is a partner's buying
    // in other words. China's own imports name China as the importer ("China imported
    // 10,804 t from Myanmar") and the partner as the origin; a partner's imports from China
    // ("India's imports from China") keep the partner as the reporter.
    if claim.subject.flow == Some(Flow::Import)
        && claim.subject.reporter.as_deref() == Some("CHN")
        && let Some(Partner::Country(p)) = &claim.subject.partner
        && p != "CHN"
    {
        // "Vietnam imported 456 t of Chinese magnets", "US imports of Chinese magnets were
        // …", "Japanese buyers took …": the buyer named just before the import word.
        let buyer_importing = (0..hit.anchor.min(s.toks.len()))
            .rev()
            .find(|&k| s.tok(k) == Some(&Tok::Flow(Flow::Import)))
            .is_some_and(|f| {
                (f.saturating_sub(4)..f)
                    .any(|k| matches!(s.tok(k), Some(Tok::Country(c)) if c == p))
                    && !(f.saturating_sub(4)..f).any(|k| {
                        matches!(s.tok(k), Some(Tok::Country("CHN")))
                            && is_reporter_at(s, k)
                            && s.raw(k).eq_ignore_ascii_case("china")
                    })
            });
        // "It took 764 tonnes", "Germany was the largest importer with 1,106 tons", "its
        // purchases rose": the partner not named as an origin ("imports from Myanmar"), in
        // a sentence that does not make China the importer.
        let origin = s.toks.iter().enumerate().any(|(k, t)| {
            matches!(t.tok, Tok::Country(c) if c == p)
                && k > 0
                && (s.tok(k - 1) == Some(&Tok::Cue(Cue::From))
                    || s.is_word(k - 1, &["the"])
                        && k > 1
                        && s.tok(k - 2) == Some(&Tok::Cue(Cue::From)))
        });
        // "China imported", "China's imports", "imports into China", "inbound"
        let china_importing = s.toks.iter().enumerate().any(|(k, t)| {
            t.tok == Tok::Country("CHN")
                && ((k + 1..(k + 3).min(s.toks.len()))
                    .any(|j| s.tok(j) == Some(&Tok::Flow(Flow::Import)))
                    || k > 0 && s.is_word(k - 1, &["into", "by"]))
        }) || (0..s.toks.len()).any(|k| s.is_word(k, &["inbound"]));
        // (Imports said of a partner carried from an earlier sentence, with nothing making
        // it the buyer, are China's: "… chiefly from Myanmar. Imports were 175,853 tonnes in
        // 2023"; not "Its imports from China stood at 209 tonnes".)
        let named_here = s
            .toks
            .iter()
            .any(|t| matches!(t.tok, Tok::Country(c) if c == p));
        let import_said = s.toks.iter().enumerate().any(|(k, t)| {
            t.tok == Tok::Flow(Flow::Import)
                && !(k > 0 && s.is_word(k - 1, &["its", "their", "his", "her"]))
        });
        let from_china = s.toks.iter().enumerate().any(|(k, t)| {
            t.tok == Tok::Country("CHN")
                && (k > 0 && s.is_cue_at(k - 1, Cue::From) || s.raw(k).starts_with("chinese"))
        });
        let chinas_own = !named_here && import_said && !from_china;
        if buyer_importing || !origin && !china_importing && !chinas_own {
            claim.subject.flow = Some(Flow::Export);
        }
    }
    // Another country's imports that "came from China" ("India imported 53,700 t …; 50,000 t
    // of that came from China, a 93% share"): China is the origin, the partner of the
    // importer's own figures.
    if claim.subject.flow == Some(Flow::Import)
        && claim
            .subject
            .reporter
            .as_deref()
            .is_some_and(|r| r != "CHN")
        && claim
            .subject
            .partner
            .as_ref()
            .is_none_or(|p| *p == Partner::World)
        && matches!(hit.claimed, Claimed::Level { .. } | Claimed::Share { .. })
        && (hit.to + 1..(hit.to + 7).min(s.toks.len()))
            .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
            .chain(hit.from.saturating_sub(6)..hit.from)
            .any(|k| {
                s.tok(k) == Some(&Tok::Country("CHN")) && k > 0 && s.is_cue_at(k - 1, Cue::From)
            })
    {
        claim.subject.partner = Some(Partner::of("CHN"));
    }
    // One mark between one to three digits and exactly three ("1,116", "5.952"): thousands
    // in one convention, decimals in the other. The reading the text's other numbers chose
    // comes first; the other is tried when the data do not bear it out.
    if let Claimed::Level {
        value,
        unit,
        precision,
        qualifier,
    } = hit.claimed
        && let Some(Tok::Figure(f)) = s.tok(hit.anchor)
        && !f.words
        && (precision == 1.0 || precision == 0.001)
    {
        let raw = s.raw(hit.anchor);
        let digits: String = raw
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        let digits = digits.trim_end_matches(['.', ',']);
        let marks: Vec<usize> = digits
            .char_indices()
            .filter(|(_, c)| *c == ',' || *c == '.')
            .map(|(k, _)| k)
            .collect();
        if let [m] = marks[..]
            && (1..=3).contains(&m)
            && digits.len() - m - 1 == 3
        {
            let (v, p) = if precision < 1.0 {
                ((value * 1000.0).round(), 1.0)
            } else {
                (value / 1000.0, 0.001)
            };
            claim.alt_claimed = Some(Claimed::Level {
                value: v,
                unit,
                precision: p,
                qualifier,
            });
        }
    }
    // In a story of China's trade, "Germany's purchases" were read as China's exports to
    // Germany; Germany's own import figures are the other reading.
    if s.china_story
        && claim.subject.flow == Some(Flow::Export)
        && let Some(Partner::Country(p)) = &claim.subject.partner
        && (0..s.toks.len()).any(|k| {
            matches!(s.tok(k), Some(Tok::Country(c)) if c == p)
                && s.tok(k + 1) == Some(&Tok::Possessive)
                && s.tok(k + 2) == Some(&Tok::Flow(Flow::Import))
        })
    {
        claim.alt_reporter = Some(p.clone());
    }
    // What the claim asserts that depends on the period or the words around it.
    let month_at = |k: usize| match s.tok(k) {
        Some(Tok::Month(m)) => {
            // A month relative to the claim's period: the latest such month not after it.
            let r = period.map(|p| p.last());
            match (m.year, r) {
                (Some(y), _) => Month::new(y, m.month).ok(),
                (None, Some(r)) => {
                    let y = if m.month <= r.month() {
                        r.year()
                    } else {
                        r.year() - 1
                    };
                    Month::new(y, m.month).ok()
                }
                (None, None) => clock.month(m, ctx),
            }
        }
        Some(Tok::Year(y)) => Month::new(*y, 12).ok(),
        Some(Tok::Span(sp)) => clock.span(sp, ctx).map(|p| p.last()),
        _ => None,
    };
    match &mut claim.claimed {
        Claimed::Since { start, .. } => {
            if let Some(When::At(k)) = hit.when
                && let Some(m) = month_at(k)
            {
                *start = m;
            } else {
                claim.subject.period = None;
            }
        }
        Claimed::Record {
            since,
            months,
            at_least,
            ..
        } => {
            if (hit.rule == "record-since"
                || hit.rule == "record-seen"
                || hit.rule == "record-since-first")
                && let Some(When::At(k)) = hit.when
            {
                match s.tok(k) {
                    // "since 2014": since that year's end (the whole year).
                    Some(Tok::Year(y)) => *since = Month::new(*y, 12).ok(),
                    // "the highest since November" in November's story: the November before.
                    _ => {
                        *since = month_at(k).map(|m| {
                            if period.is_some_and(|p| p.is_month() && p.last() == m) {
                                m.plus(-12)
                            } else {
                                m
                            }
                        })
                    }
                }
            }
            if (hit.rule == "record-year"
                || hit.rule == "record-since-first" && hit.when.is_none() && months.is_none())
                && let Some(p) = period
            {
                *months = Some(p.last().month().saturating_sub(1).max(1));
                *at_least = true;
            }
        }
        Claimed::Event(e) => {
            *e = event_claim(s, hit, clock, ctx, period);
        }
        _ => {}
    }
    retype(&mut claim);
    // "a further increase on August": a move against a month is of the month after it.
    // So is a change from a month said without any year ("slipped after a bounce of 75% from
    // June": July's bounce) that the reader placed neither one nor twelve months after it
    // (not "June last year", "October of the previous year": a year back).
    let month_base = |claim: &Claim| -> Option<Month> {
        let k = hit.base?;
        let Some(Tok::Month(m)) = s.tok(k) else {
            return None;
        };
        let b = clock.month(m, ctx)?;
        let p = claim.subject.period.and_then(|p| p.as_month());
        let year_said = (k + 1..(k + 5).min(s.toks.len())).any(|j| {
            matches!(
                s.tok(j),
                Some(
                    Tok::Cue(Cue::LastYear | Cue::Yoy | Cue::YearEarlier | Cue::YearWord)
                        | Tok::Year(_)
                )
            ) || s.is_word(j, &["previous", "prior", "preceding", "before", "year"])
        }) || s.is_word(k.wrapping_sub(1), &["last"]);
        // (Only a month read as neither the one after the base nor the same month: "fell
        // 93.9% from November" in a December the reader placed in another year is December's.)
        let stray = claim.kind == Kind::ChangeMom
            && m.year.is_none()
            && !year_said
            && p.is_some_and(|p| p.month() != b.plus(1).month());
        (claim.kind == Kind::Direction || stray).then_some(b)
    };
    if let Some(b) = month_base(&claim)
        && claim.subject.period != Some(Period::Month(b.plus(1)))
    {
        claim.subject.period = Some(Period::Month(b.plus(1)));
    }
    if matches!(
        claim.kind,
        Kind::ChangeMom | Kind::ChangeYoy | Kind::YtdChange
    ) {
        // "… after June's spike, although they were still 22.6% above August 2024": a base
        // with its year that the month read is neither a month nor a year after, where the
        // story's month (or the sentence before's) is: that one.
        if let Some(Tok::Month(b)) = hit.base.and_then(|k| s.tok(k))
            && b.year.is_some()
            && let Some(b) = clock.month(b, ctx)
            && let Some(p) = claim.subject.period.and_then(|p| p.as_month())
            && p != b.plus(1)
            && p != b.plus(12)
            // A month the sentence names ("By December 2024 exports had recovered … but were
            // still 56.9% below December 2023"), the story's month, or the last the sentence
            // before named ("in August 2024 oxide exports rose … Metal shipments were still
            // 26.8% below August 2023").
            && let Some(m) = (0..s.toks.len())
                .filter_map(|k| match s.tok(k) {
                    Some(Tok::Month(m)) if m.day.is_none() && Some(k) != hit.base => {
                        clock.month(m, ctx).map(Period::Month)
                    }
                    _ => None,
                })
                .chain([ctx.period, ctx.last_month].into_iter().flatten())
                .filter_map(|p| p.as_month())
                .find(|m| *m == b.plus(1) || *m == b.plus(12))
        {
            claim.subject.period = Some(Period::Month(m));
        }
        // "fell by about 53% between April and May 2025": the change from the first month to
        // the second, of the second.
        let between = (hit.to..(hit.to + 4).min(s.toks.len())).find_map(|k| {
            let (Some(Tok::Month(a)), Some(Tok::Month(b))) = (s.tok(k + 1), s.tok(k + 3)) else {
                return None;
            };
            (s.is_word(k, &["between"]) && s.is_word(k + 2, &["and"])).then_some((*a, *b))
        });
        if let Some((a, b)) = between
            && let Some(b) = clock.month(&b, ctx)
            && let Some(a) = Month::new(a.year.unwrap_or(b.year()), a.month)
                .ok()
                .map(|a| if a > b { a.plus(-12) } else { a })
            && (a.plus(1) == b || a.plus(12) == b)
        {
            claim.subject.period = Some(Period::Month(b));
            claim.kind = if a.plus(1) == b {
                Kind::ChangeMom
            } else {
                Kind::ChangeYoy
            };
        } else {
            let (kind, named) = change_kind(s, hit, &claim, clock, ctx);
            claim.kind = kind;
            // "rose 12%" names no base: year on year is the other reading.
            if kind == Kind::ChangeMom && !named {
                claim.alt_kinds.push(Kind::ChangeYoy);
            }
        }
    }
    // A level or a change the story lent a month to ("exports reached 44,355 tons", "up
    // 12.6%") may be over the year to that month.
    if facts.period.is_none()
        && let Some(Period::Month(m)) = claim.subject.period
        && m.month() > 1
        && claim.subject.period == ctx.period
    {
        match claim.kind {
            Kind::Level => claim.alt_kinds.push(Kind::YtdTotal),
            Kind::ChangeMom | Kind::ChangeYoy if hit.base.is_none() => {
                claim.alt_kinds.push(Kind::YtdChange)
            }
            _ => {}
        }
    }
    // A flow an earlier sentence named, in a sentence that names none ("Exports went the
    // other way: 4,784.8 t in April. … How 2024 went: May 13,747"): the other flow too.
    if matches!(
        claim.claimed,
        Claimed::Level { .. } | Claimed::Change { .. }
    ) && !s.toks.iter().any(|t| matches!(t.tok, Tok::Flow(_)))
    {
        claim.alt_flow = match claim.subject.flow {
            Some(Flow::Export) => Some(Flow::Import),
            Some(Flow::Import) => Some(Flow::Export),
            _ => None,
        };
    }
    claim
}

/// Level or year to date, by the period: a span from January is a year-to-date total.
fn retype(c: &mut Claim) {
    let span_from_january = c
        .subject
        .period
        .is_some_and(|p| !p.is_month() && p.first().month() == 1);
    match c.kind {
        Kind::Level | Kind::YtdTotal => {
            c.kind = if span_from_january {
                Kind::YtdTotal
            } else {
                Kind::Level
            };
        }
        Kind::ChangeMom if span_from_january => c.kind = Kind::YtdChange,
        _ => {}
    }
}

/// Month on month, year on year or year to date, from the words around the figure and the
/// base it names.
/// What a change is measured against, and whether the text names it at all (a base, or an
/// m/m or y/y cue): "rose 12%" names nothing, and is month on month by default.
fn change_kind(
    s: &Sentence,
    hit: &Hit,
    claim: &Claim,
    clock: &Clock,
    ctx: &Context,
) -> (Kind, bool) {
    let cues = change_cues(s, hit);
    let named = hit.base.is_some() || cues != (false, false);
    (change_kind_of(s, hit, claim, clock, ctx, cues), named)
}

/// The m/m and y/y cues around a change (four tokens before it to six after).
fn change_cues(s: &Sentence, hit: &Hit) -> (bool, bool) {
    let lo = hit.from.saturating_sub(4);
    let hi = (hit.to + 6).min(s.toks.len());
    let has = |c: Cue| (lo..hi).any(|k| s.is_cue_at(k, c));
    let near = (
        has(Cue::Yoy) || has(Cue::LastYear) || has(Cue::YearEarlier),
        has(Cue::Mom) || has(Cue::PrevMonth),
    );
    if near != (false, false) {
        return near;
    }
    // A comparison fronted before a comma governs the sentence: "Year on year, exports
    // fell 3.8%", "From a year ago, shipments were off 3.8%", "Month on month, …".
    let Some(comma) = (0..hit.from.min(7)).find(|&k| s.tok(k) == Some(&Tok::Punct(','))) else {
        return near;
    };
    let fronted = |c: Cue| (0..comma).any(|k| s.is_cue_at(k, c));
    (
        fronted(Cue::Yoy) || fronted(Cue::YearEarlier),
        fronted(Cue::Mom) || fronted(Cue::PrevMonth),
    )
}

fn change_kind_of(
    s: &Sentence,
    hit: &Hit,
    claim: &Claim,
    clock: &Clock,
    ctx: &Context,
    (mut yoy, mut mom): (bool, bool),
) -> Kind {
    let period = claim.subject.period;
    let span = period.is_some_and(|p| !p.is_month());
    // A cue in the claim's own words beats one beside it ("down 5.2% from the month before,
    // but 15.8% higher than a year earlier").
    let own = |c: Cue| (hit.from..=hit.to).any(|k| s.is_cue_at(k, c));
    let own_yoy = own(Cue::Yoy) || own(Cue::LastYear) || own(Cue::YearEarlier);
    let own_mom = own(Cue::Mom) || own(Cue::PrevMonth);
    if own_yoy != own_mom {
        yoy = own_yoy;
        mom = own_mom;
    }
    // The base month named: "from August", "than in December 2023".
    let base = hit.base.and_then(|k| match s.tok(k) {
        Some(Tok::Month(m)) => {
            let r = period.map(|p| p.last());
            // "June last year": the month a year before the claim's.
            let last_year = s.tok(k + 1) == Some(&Tok::Cue(Cue::LastYear));
            match (m.year, r) {
                (Some(y), _) => Month::new(y, m.month).ok().map(Period::Month),
                (None, Some(r)) if last_year => {
                    Month::new(r.year() - 1, m.month).ok().map(Period::Month)
                }
                (None, Some(r)) => {
                    let y = if m.month < r.month() {
                        r.year()
                    } else {
                        r.year() - 1
                    };
                    Month::new(y, m.month).ok().map(Period::Month)
                }
                _ => clock.month(m, ctx).map(Period::Month),
            }
        }
        Some(Tok::Year(y)) => whole_year(*y),
        Some(Tok::Span(sp)) => clock.span(sp, ctx),
        _ => None,
    });
    if let (Some(b), Some(p)) = (base, period) {
        if p.is_month() && b.is_month() {
            let (b, p) = (b.first(), p.first());
            if b == p.plus(-1) {
                return Kind::ChangeMom;
            }
            if b == p.plus(-12) {
                return Kind::ChangeYoy;
            }
        }
        if !p.is_month() {
            return span_change(p);
        }
    }
    if let Some(p) = period.filter(|_| span) {
        return span_change(p);
    }
    if yoy && !mom {
        return Kind::ChangeYoy;
    }
    Kind::ChangeMom
}

/// The change of a span on the one a year before: a total from January is a year-to-date
/// change; any other span (a fiscal year, April to March) a change on the year.
fn span_change(p: Period) -> Kind {
    if p.first().month() == 1 {
        Kind::YtdChange
    } else {
        Kind::ChangeYoy
    }
}

/// An event claim: the relation the rule read, the date it names, and the words that
/// identify the event.
fn event_claim(
    s: &Sentence,
    hit: &Hit,
    clock: &Clock,
    ctx: &Context,
    period: Option<Period>,
) -> EventClaim {
    let relation = match &hit.claimed {
        Claimed::Event(e) => e.relation,
        _ => Relation::Date,
    };
    let (mut date, mut month, mut year_open, mut swapped) = (None, None, false, None);
    if let Some(When::At(k)) = hit.when {
        // A word of the future among the six before the date: a day ahead of the story.
        let ahead = |words: &[&str]| {
            (k.saturating_sub(6)..k).any(|j| words.iter().any(|w| s.raw(j).eq_ignore_ascii_case(w)))
        };
        match s.tok(k) {
            Some(Tok::Month(m)) => {
                month = clock.month(m, ctx);
                year_open = m.year.is_none() && m.day.is_some();
                // "would require permits from Dec. 1".
                let ahead = ahead(&["will", "would", "due"]);
                if ahead
                    && m.year.is_none()
                    && let (Some(mm), Some(r)) = (month, clock.reference(ctx))
                    && mm < r
                {
                    month = Some(mm.plus(12));
                }
                // "the announcement came on July 3 last year": the year before the day of
                // writing's.
                if m.year.is_none()
                    && s.tok(k + 1) == Some(&Tok::Cue(Cue::LastYear))
                    && let Some(mm) = month
                {
                    month = last_year_of(Period::Month(mm), clock, ctx).as_month();
                    year_open = false;
                }
                // "applied from August 1 that year": the year named last.
                if m.year.is_none()
                    && s.is_word(k + 1, &["that", "the"])
                    && s.tok(k + 2) == Some(&Tok::Cue(Cue::YearWord))
                    && let Some(y) = (0..k)
                        .rev()
                        .find_map(|j| match s.tok(j) {
                            Some(Tok::Year(y)) => Some(*y),
                            Some(Tok::Month(m)) => m.year,
                            _ => None,
                        })
                        .or_else(|| ctx.last_stated.map(|p| p.last().year()))
                {
                    month = Month::new(y, m.month).ok();
                    year_open = false;
                }
                if let (Some(mm), Some(d)) = (month, m.day) {
                    date = NaiveDate::from_ymd_opt(mm.year(), mm.month(), d);
                }
            }
            Some(Tok::Cue(c @ (Cue::ThisMonth | Cue::LastMonth))) => {
                month = clock.relative(*c);
            }
            Some(Tok::Day(
                d @ DayRef::Slashed {
                    day,
                    month: m,
                    year,
                    settled,
                },
            )) => {
                // "07/11 (suspension)", "04/04/2025": the order the text settles, else day
                // first with the other order kept.
                date = clock.day(d, false, ctx);
                month = date.and_then(month_of);
                year_open = year.is_none();
                if !settled && day != m {
                    let other = DayRef::Slashed {
                        day: *m,
                        month: *day,
                        year: *year,
                        settled: true,
                    };
                    swapped = clock.day(&other, false, ctx);
                }
            }
            Some(Tok::Day(d)) => {
                // ("due to meet in Busan on Thursday".)
                date = clock.day(d, ahead(&["will", "would", "due", "next"]), ctx);
                month = date.and_then(month_of);
            }
            _ => {}
        }
    }
    let _ = period;
    // What names the event: its policy words, places, commodities.
    let words = s
        .toks
        .iter()
        .enumerate()
        .filter_map(|(k, t)| match &t.tok {
            Tok::Cue(Cue::Policy) => Some(s.raw(k).into_owned()),
            Tok::Word(w) if PLACE_WORDS.contains(&w.as_str()) => Some(w.clone()),
            Tok::Basket(b) => Some((*b).to_string()),
            _ => None,
        })
        .collect();
    EventClaim {
        relation,
        date,
        month,
        words,
        year_open,
        swapped,
    }
}

/// Words that name where a policy event happened.
pub(crate) const PLACE_WORDS: [&str; 7] = [
    "geneva",
    "london",
    "stockholm",
    "kuala",
    "busan",
    "madrid",
    "washington",
];

#[allow(dead_code)]
fn dir_opposite(d: Dir) -> Dir {
    match d {
        Dir::Rise => Dir::Fall,
        Dir::Fall => Dir::Rise,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claim of `kind` whose text contains `within`, read from `text` published on
    /// `published`: its partner and period.
    fn subject(text: &str, published: &str, kind: Kind, within: &str) -> (String, String) {
        let article = crate::read(text, published.parse().ok());
        let at = text.find(within).expect("the quoted words are in the text");
        let c = article
            .claims
            .iter()
            .find(|c| c.kind == kind && c.start <= at + within.len() && at < c.end)
            .unwrap_or_else(|| panic!("no {kind:?} claim at {within:?}: {:#?}", article.claims));
        (
            partner_code(c),
            c.subject.period.map_or("-".to_string(), |p| p.to_string()),
        )
    }

    /// A line that is a partner's name alone heads the labelled lines under it, until the
    /// next heading; a label naming the whole stays the world's.
    #[test]
    fn a_partner_heading_heads_the_lines_under_it() {
        let text = "Magnet exports, rolling windows\n\nUNITED STATES\n\
                    • May–Jun (trough): 399 t\n\
                    • Nov single month: 582 t (-11.3% m/m)\n\
                    • CN total Nov: 5,774 t\n\nCONTEXT\n\
                    • Sep: 5,774 t\n";
        let at = |within: &str| subject(text, "2025-12-20", Kind::Level, within).0;
        assert_eq!(at("399 t"), "USA");
        assert_eq!(at("582 t"), "USA");
        assert_eq!(
            subject(text, "2025-12-20", Kind::ChangeMom, "-11.3%").0,
            "USA"
        );
        assert_eq!(at("Nov: 5,774"), "WLD");
        assert_eq!(at("Sep: 5,774"), "WLD");
    }

    /// A base level's own time: a month with its year and a possessive ("from June 2024's
    /// 3,199 t"), a span "of the fourth quarter of 2022"; a line's opening month does not
    /// reach past a semicolon ("…; the two months together made 8,226 tonnes").
    #[test]
    fn a_base_levels_own_time() {
        let text = "Antimony exports were 107 t in June, down 86.7% from June 2024's 3,199 t.\n\n\
                    October's 4,291 tonnes was higher than September's 3,935; the two months \
                    together made 8,226 tonnes.\n\n\
                    October to December 2023 shipments totalled 11,936 tonnes, 9.9% more than \
                    the 10,860.6 tonnes of the fourth quarter of 2022.";
        let level = |within: &str| subject(text, "2025-07-25", Kind::Level, within).1;
        assert_eq!(level("3,199"), "2024-06");
        assert_eq!(level("8,226"), "2024-09..10");
        assert_eq!(level("10,860.6"), "2022-10..12");
    }

    /// "this year" after a figure, past the goods and the destination: the months from
    /// January ("Not a single tonne of gallium has gone to the US this year").
    #[test]
    fn this_year_past_a_destination() {
        let text = "US-bound magnet exports were 656.3 tonnes in October. Not a single tonne of \
                    gallium has gone to the US this year.";
        let c = subject(text, "2025-11-14", Kind::YtdTotal, "single");
        assert_eq!(c, ("USA".to_string(), "2025-01..10".to_string()));
    }

    /// A change said "in a single year", "on the previous fiscal year", or under a "y/y:" label
    /// before an abbreviation's dot ("approx.") is year on year.
    #[test]
    fn year_on_year_in_other_words() {
        for (text, within) in [
            (
                "Gallium exports fell some 66 per cent in a single year.",
                "66 per cent",
            ),
            ("Imports were up 87% on the previous fiscal year.", "87%"),
            ("Natural graphite, y/y: approx. −91%", "91%"),
        ] {
            assert_eq!(
                claim_with(text, "2025-07-25", within).kind,
                Kind::ChangeYoy,
                "{text}"
            );
        }
    }

    /// India's "year to March" is its fiscal year; China's "year to November" runs from
    /// January.
    #[test]
    fn the_year_to_march_in_india() {
        let text = "India imported 53,700 tonnes of permanent magnets in the year to March 2025.";
        let claims = crate::read(text, "2025-08-20".parse().ok()).claims;
        assert_eq!(
            claims[0].subject.period.map(|p| p.to_string()).as_deref(),
            Some("2024-04..2025-03")
        );
        let text = "China exported 55,000 tonnes of rare earths in the year to November 2024.";
        let claims = crate::read(text, "2024-12-20".parse().ok()).claims;
        assert_eq!(
            claims[0].subject.period.map(|p| p.to_string()).as_deref(),
            Some("2024-01..11")
        );
    }

    /// Speech: a month with its year in two words ("December twenty-three"), a bare number
    /// in words after a hedge or "came to", "July plus August" as the two months.
    #[test]
    fn spoken_months_and_bare_numbers() {
        let text = "FELIX: In December twenty-four China exported one thousand seven hundred \
                    twenty-one tonnes of antimony.\nFELIX: December twenty-three was nearly four \
                    thousand.\nFELIX: July was two hundred sixty-seven tonnes and July plus August \
                    came to six hundred ninety.";
        let level = |within: &str| subject(text, "2025-02-10", Kind::Level, within).1;
        assert_eq!(level("one thousand seven"), "2024-12");
        assert_eq!(level("four thousand"), "2023-12");
        assert_eq!(level("six hundred ninety"), "2024-07..08");
    }

    /// A span cue before an aside in brackets still heads the figures after the aside, and
    /// the aside's own figure.
    #[test]
    fn a_span_cue_reaches_past_an_aside() {
        let text = "the short version: full year 55.4k t (reuters had 55,431t), +5.9% yoy, \
                    worth about $488.8m.";
        let period = |kind: Kind, within: &str| subject(text, "2025-01-14", kind, within).1;
        assert_eq!(period(Kind::YtdTotal, "55,431t"), "2024-01..12");
        assert_eq!(period(Kind::YtdChange, "+5.9%"), "2024-01..12");
        assert_eq!(period(Kind::YtdTotal, "$488.8m"), "2024-01..12");
    }

    /// A margin a figure beat or trailed its base by is a change on that base; the base is
    /// not the figure's time. "the last two months of the year" are November and December.
    #[test]
    fn a_margin_over_a_base() {
        let text = "Third-quarter magnet exports beat 2024 by nearly 13%.\n\nAnd the last two \
                    months of the year, at 9,885.9 tonnes, beat November-December 2024 by \
                    nearly 28%.\n\nSeptember exports trailed the same month of 2024 by 5%.";
        let got = |within: &str| {
            let c = claim_with(text, "2026-01-20", within);
            (
                c.kind,
                c.subject.period.map(|p| p.to_string()).unwrap_or_default(),
                match c.claimed {
                    Claimed::Change { pct, .. } => pct,
                    _ => f64::NAN,
                },
            )
        };
        assert_eq!(got("13%"), (Kind::ChangeYoy, "2025-07..09".into(), 13.0));
        assert_eq!(got("28%"), (Kind::ChangeYoy, "2025-11..12".into(), 28.0));
        assert_eq!(got("5%"), (Kind::ChangeYoy, "2025-09".into(), -5.0));
        assert_eq!(
            subject(text, "2026-01-20", Kind::Level, "9,885.9").1,
            "2025-11..12"
        );
        // A forecast beaten or missed is no base of trade.
        for text in [
            "Magnet exports beat consensus by 5%.",
            "Magnet exports missed the forecast by 5%.",
        ] {
            let claims = crate::read(text, "2026-01-20".parse().ok()).claims;
            assert!(
                claims.iter().all(|c| c.rule != "change-beat"),
                "{text}: {claims:?}"
            );
        }
    }

    /// A table whose header names a commodity per column: each column's figures are its
    /// commodity's, and a change column's are those of the level column before it.
    #[test]
    fn columns_headed_by_their_commodity() {
        let text = "Exports, kg\n\n| Month | Gallium (kg) | y/y | Germanium (kg) | y/y |\n\
                    |---|---|---|---|---|\n\
                    | Mar 2024 | 1,214 | -81.3% | 3,206 | -31.8% |\n";
        let basket_at = |within: &str| claim_with(text, "2025-07-22", within).subject.basket;
        assert_eq!(basket_at("1,214").as_deref(), Some("gallium"));
        assert_eq!(basket_at("-81.3%").as_deref(), Some("gallium"));
        assert_eq!(basket_at("3,206").as_deref(), Some("germanium"));
        assert_eq!(basket_at("-31.8%").as_deref(), Some("germanium"));
    }

    /// Months said as one stretch in other words: "between July and September" (a level's),
    /// "the June-to-August stretch", "December and January together" (across the year's
    /// end), "over the pair", "taking the two months to", "Since June the four months".
    #[test]
    fn stretches_of_months_in_other_words() {
        let level = |text: &str, within: &str| subject(text, "2025-10-20", Kind::Level, within).1;
        assert_eq!(
            level(
                "China exported 17,497 tonnes of rare earth magnets between July and September.",
                "17,497"
            ),
            "2025-07..09"
        );
        assert_eq!(
            level(
                "The June-to-August stretch totalled 19,528.5 tonnes of rare earths.",
                "19,528.5"
            ),
            "2025-06..08"
        );
        assert_eq!(
            level(
                "Flake graphite exports were 1,427 tonnes in December 2024. December and January \
                 together yielded only 2,367.6 tonnes of flake.",
                "2,367.6"
            ),
            "2024-12..2025-01"
        );
        assert_eq!(
            level(
                "Spherical graphite: 948 tonnes in December 2024 and 12,186 tonnes in January, \
                 for 13,134 tonnes over the pair.",
                "13,134"
            ),
            "2024-12..2025-01"
        );
        assert_eq!(
            level(
                "Terbium exports were 5.5 tonnes in July and 2.7 tonnes in August, taking the \
                 two months to 8.2 tonnes.",
                "8.2"
            ),
            "2025-07..08"
        );
        assert_eq!(
            level(
                "Since June the four months add up to 18.15 tonnes of terbium.",
                "18.15"
            ),
            "2025-06..09"
        );
        // A year after the figure sets the months named before it in that year.
        let text = "For January to September, imports were 102,489.1 tonnes in 2024.";
        assert_eq!(
            subject(text, "2025-05-01", Kind::YtdTotal, "102,489.1").1,
            "2024-01..09"
        );
        // "the same five months of 2024" after the months were named: those months a year
        // back, the base of the change after it.
        let text = "From August through December, China shipped 24,021.7 tonnes of rare earths, \
                    against 21,399 tonnes in the same five months of 2024 — an increase of 12.3%.";
        assert_eq!(
            subject(text, "2026-01-25", Kind::Level, "21,399").1,
            "2024-08..12"
        );
        assert_eq!(
            subject(text, "2026-01-25", Kind::ChangeYoy, "12.3%").1,
            "2025-08..12"
        );
        let text = "January and February together (8,511 t this year, roughly 3% below the same \
                    two months of 2024).";
        assert_eq!(
            subject(text, "2025-07-20", Kind::YtdChange, "3%").1,
            "2025-01..02"
        );
        // A change between two months is from one to the other, not over them.
        let text = "Exports fell 20% between July and August.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::ChangeMom, "20%").1,
            "2025-08"
        );
    }

    /// A time after "and" that heads another figure of the same measure is that figure's,
    /// whatever verb the new clause has; a value of the same trade after it is not another
    /// figure ("58,152 t of magnets and magnet alloys in 2024, worth $2.86 billion").
    #[test]
    fn a_time_after_and_heads_the_next_figure() {
        let text = "That put July and August together at 10,063 tons and lifted the tally for \
                    the first eight months of 2024 to 38,138 tons.";
        assert_eq!(
            subject(text, "2024-09-20", Kind::Level, "10,063").1,
            "2024-07..08"
        );
        assert_eq!(
            subject(text, "2024-09-20", Kind::YtdTotal, "38,138").1,
            "2024-01..08"
        );
        let text =
            "China shipped 58,152 t of magnets and magnet alloys in 2024, worth $2.86 billion.";
        assert_eq!(
            subject(text, "2025-01-20", Kind::YtdTotal, "58,152").1,
            "2024-01..12"
        );
    }

    /// Months written as a list are one span ("May, June and July together brought …");
    /// "the two months", "those three months" point back to the span named, else to the
    /// months ending with the latest one named ("1,530 kg in November … October's 250 kg,
    /// and together the two months come to 1.78 tonnes").
    #[test]
    fn month_lists_and_months_said_again() {
        let text = "China's rare earth exports rose in 2025.\n\nMay, June and July together \
                    brought 19,601.1 tonnes, the busiest three-month stretch of the year.";
        assert_eq!(
            subject(text, "2025-11-10", Kind::Level, "19,601.1").1,
            "2025-05..07"
        );
        let text = "China sold 1,530 kg of gallium abroad in November 2023. That is roughly six \
                    times October's 250 kg, and together the two months come to 1.78 tonnes.";
        assert_eq!(
            subject(text, "2023-12-22", Kind::Level, "1.78").1,
            "2023-10..11"
        );
        let text = "India received 740 tonnes of magnets over May, June and July 2025, roughly \
                    7.4 per cent of China's total exports of 10,003 tonnes in those three months.";
        assert_eq!(
            subject(text, "2025-10-15", Kind::Level, "10,003").1,
            "2025-05..07"
        );
        assert_eq!(
            subject(text, "2025-10-15", Kind::Share, "7.4 per").1,
            "2025-05..07"
        );
        // The months just read, this sentence's first; "the same three months" with no
        // year after it; two months joined by "+".
        let text = "China's rare earth exports held up in 2023.\n\nExports ran at 4,576 tons in \
                    May 2023 and 5,009 tons in June, or 9,585 tons across the two months.";
        assert_eq!(
            subject(text, "2023-10-20", Kind::Level, "9,585").1,
            "2023-05..06"
        );
        let text = "India received 740 tonnes of magnets over May, June and July 2025. June and \
                    July together account for 590 tonnes. Germany received 2,980 tonnes from \
                    China over the same three months.";
        assert_eq!(
            subject(text, "2025-10-15", Kind::Level, "2,980").1,
            "2025-05..07"
        );
        let text = "China's germanium exports, 2025: june + july together: 859 kg.";
        assert_eq!(
            subject(text, "2025-08-23", Kind::Level, "859").1,
            "2025-06..07"
        );
        // A total named by its months is no reference back.
        let text = "China's rare earth exports rose in July 2025.\n\nThe seven-month total \
                    stands at about 38,560 t.";
        assert_eq!(
            subject(text, "2025-08-20", Kind::YtdTotal, "38,560").1,
            "2025-01..07"
        );
    }

    /// Running totals said in other words: "For the year to November", "taking the year's
    /// intake to", "By the close of July it stood at", and changes "ahead of" a year before.
    #[test]
    fn running_totals_in_other_words() {
        let text = "China's rare earth exports slipped in November 2024.\n\nFor the year to \
                    November, exports stood at 52,105 tonnes, some 6.6% ahead of the first \
                    eleven months of 2023.";
        assert_eq!(
            subject(text, "2024-12-23", Kind::YtdTotal, "52,105").1,
            "2024-01..11"
        );
        assert_eq!(
            subject(text, "2024-12-23", Kind::YtdChange, "6.6%").1,
            "2024-01..11"
        );
        let text = "China's rare earth imports rose in 2024.\n\nImports were 10,804 tonnes in \
                    September 2024 and 11,327 tonnes in November, taking the year's intake to \
                    123,288 tonnes.";
        assert_eq!(
            subject(text, "2024-12-23", Kind::YtdTotal, "123,288").1,
            "2024-01..11"
        );
        let text = "China's rare earth exports rose in 2025.\n\nAt the end of September 2025 \
                    the cumulative figure was running 12.6% ahead of a year earlier. By the \
                    close of July it stood at 38,563.6 tonnes.";
        assert_eq!(
            subject(text, "2025-11-10", Kind::YtdChange, "12.6%").1,
            "2025-01..09"
        );
        assert_eq!(
            subject(text, "2025-11-10", Kind::YtdTotal, "38,563.6").1,
            "2025-01..07"
        );
    }

    /// A part of a month's trade said with a fraction is a share, not a change on the month
    /// ("took about a third of December's exports"); "a little over" is a bound like "just
    /// over".
    #[test]
    fn parts_of_a_month_and_little_bounds() {
        let text = "China's rare earth exports rose in December 2023.\n\nJapanese buyers took \
                    about a third of December's exports, according to one trading house.";
        let article = crate::read(text, "2024-01-15".parse().ok());
        let shares: Vec<(String, f64)> = article
            .claims
            .iter()
            .filter_map(|c| match &c.claimed {
                Claimed::Share { pct, .. } => Some((partner_code(c), pct.round())),
                _ => None,
            })
            .collect();
        assert_eq!(shares, [("JPN".to_string(), 33.0)]);
        assert!(!article.claims.iter().any(|c| c.kind == Kind::ChangeMom));
        let text = "China's terbium exports fell in August 2025.\n\nSouth Korea received 1 \
                    tonne, and Estonia 500 kilograms, a little over 9%.";
        let article = crate::read(text, "2025-09-24".parse().ok());
        assert!(
            article.claims.iter().any(|c| matches!(
                c.claimed,
                Claimed::Share { pct, qualifier: crate::number::Qualifier::MoreThan, .. } if pct == 9.0
            ) && partner_code(c) == "EST"),
            "{:#?}",
            article.claims
        );
    }

    /// A change of a span that names no base is on the same months a year before ("In
    /// 2024-25 imports nearly doubled … an increase of 88 per cent"); "on the same half of
    /// last year" says so.
    #[test]
    fn changes_of_spans_are_on_the_year() {
        let text = "India imported 28,700 tonnes of permanent magnets in 2023-24. In 2024-25 \
                    imports nearly doubled, reaching 53,700 tonnes. The ministry has described \
                    this as an increase of 88 per cent.";
        assert_eq!(
            subject(text, "2025-10-15", Kind::ChangeYoy, "88 per").1,
            "2024-04..2025-03"
        );
        let text = "In April to September 2025, India's magnet imports stood at 16,281 tonnes, \
                    a fall of 56 per cent on the same half of last year.";
        assert_eq!(
            subject(text, "2025-10-15", Kind::ChangeYoy, "56 per").1,
            "2025-04..09"
        );
    }

    /// A column headed "2025 vs 2024" holds 2025's change (its own year first, the base
    /// second); a heading naming one commodity starts its section, and the flow of the
    /// table before does not carry into it.
    #[test]
    fn change_columns_and_section_headings() {
        let text = "## Table 2 - Rare earth imports\n\n\
                    | block   | 2024   | 2025     | 2025 vs 2024 |\n\
                    |---------|--------|----------|--------------|\n\
                    | Jan-Feb | 22,285 | 16,922.2 | -24.1%       |\n\n\
                    ## Table 3 - Rare earth permanent magnets (HS 8505.11)\n\n\
                    | block   | 2024   | 2025   | 2025 vs 2024 |\n\
                    |---------|--------|--------|--------------|\n\
                    | Jul-Aug | 10,603 | 11,723 | +10.6%       |\n";
        let article = crate::read(text, "2026-01-22".parse().ok());
        let find = |within: &str| {
            let at = text.find(within).unwrap();
            article
                .claims
                .iter()
                .find(|c| c.start <= at && at < c.end)
                .unwrap_or_else(|| panic!("no claim at {within:?}"))
        };
        let c = find("-24.1%");
        assert_eq!(
            c.subject.period.map(|p| p.to_string()).as_deref(),
            Some("2025-01..02")
        );
        assert_eq!(c.subject.flow, Some(Flow::Import));
        let c = find("+10.6%");
        assert_eq!(
            c.subject.period.map(|p| p.to_string()).as_deref(),
            Some("2025-07..08")
        );
        assert_eq!(c.subject.basket.as_deref(), Some("rare-earth-magnets"));
        assert_ne!(c.subject.flow, Some(Flow::Import));
    }

    /// "of the total" after a share is the share's whole: it does not make the sentence's
    /// other figures the world's ("Japan was by far the largest destination. It took 4
    /// tonnes, 72.7% of the total.").
    #[test]
    fn a_shares_whole_is_not_the_sentences_partner() {
        let text = "China exported 5.5 tonnes of terbium in August 2025. Japan was by far the \
                    largest destination. It took 4 tonnes, 72.7% of the total.";
        assert_eq!(
            subject(text, "2025-09-24", Kind::Level, "4 tonnes").0,
            "JPN"
        );
        assert_eq!(subject(text, "2025-09-24", Kind::Share, "72.7%").0, "JPN");
        let text = "China exported 5.5 tonnes of terbium in August 2025, the total for the month.";
        assert_eq!(
            subject(text, "2025-09-24", Kind::Level, "5.5 tonnes").0,
            "WLD"
        );
    }

    /// "this year" after a change or a level, with only the goods or the flow between, is
    /// the year so far ("imports are up 50% this year", "a fall of about a quarter in imports
    /// this year", "around 1,000 tonnes of oxide this year").
    #[test]
    fn this_year_after_a_figure_is_the_year_so_far() {
        let text = "China imported 11,327 tonnes of rare earths in November 2024. Several \
                    members have cited a fall of about a quarter in imports this year.";
        assert_eq!(
            subject(text, "2024-12-10", Kind::YtdChange, "a quarter").1,
            "2024-01..11"
        );
        let text = "China exported 690 tonnes of antimony in August 2024. US buyers are said \
                    to have taken around 1,000 tonnes of oxide this year.";
        assert_eq!(
            subject(text, "2024-10-08", Kind::YtdTotal, "1,000 tonnes").1,
            "2024-01..08"
        );
    }

    /// The label column's header names the months every year column holds ("Series
    /// (Jan-Feb) | 2024 (t) | 2025 (t)").
    #[test]
    fn a_label_header_names_the_months_of_year_columns() {
        let text = "Series (Jan-Feb)              | 2024 (t) | 2025 (t)  | y/y latest (%)\n\
                    Rare earth exports            | 8,774    | 8,511     | -3.0\n\
                    Rare earth imports            | 22,285   | 16,922.2  | -24.1\n";
        assert_eq!(
            subject(text, "2026-03-20", Kind::YtdTotal, "8,774").1,
            "2024-01..02"
        );
        assert_eq!(
            subject(text, "2026-03-20", Kind::YtdTotal, "8,511").1,
            "2025-01..02"
        );
    }

    /// Another country's imports that "came from China" have China for their partner,
    /// and so does the share it names.
    #[test]
    fn another_importers_imports_from_china() {
        let text = "India imported 53,700 t of permanent magnets in fiscal 2024-25, an 88% jump \
                    on the year before; 50,000 t of that came from China, a 93% share.";
        assert_eq!(subject(text, "2025-11-20", Kind::Level, "50,000").0, "CHN");
        assert_eq!(subject(text, "2025-11-20", Kind::Share, "93%").0, "CHN");
        assert_eq!(subject(text, "2025-11-20", Kind::Level, "53,700").0, "WLD");
    }

    /// The partner a claim was read for, as its code ("-" for none).
    fn partner_code(c: &Claim) -> String {
        c.subject
            .partner
            .as_ref()
            .map_or("-", |p| p.code())
            .to_string()
    }

    /// The period a claim was read for, as written ("2025-07", "2025-01..07").
    fn period(c: &Claim) -> Option<String> {
        c.subject.period.map(|p| p.to_string())
    }

    /// The claim whose words contain `within`, read from `text` published on `published`.
    fn claim_with(text: &str, published: &str, within: &str) -> Claim {
        crate::read(text, published.parse().ok())
            .claims
            .into_iter()
            .find(|c| text[c.start..c.end].contains(within))
            .unwrap_or_else(|| panic!("no claim with {within:?} in {text:?}"))
    }

    /// A thread numbered "4/7" reads each post's own labels; a line labelled only by its
    /// period is about the destination the thread opened with, and a full year with no year
    /// written is the last one named, never one not over yet.
    #[test]
    fn a_threads_period_labels_keep_its_destination() {
        let text = "1/7 China's rare-earth magnet exports to the US in 2025, a thread\n\
                    Full year: 5,933 t, down 20.3% YoY.\n\n\
                    3/7 Jun: 353 t\nJul: 619 t\n\n\
                    4/7 Sep: 420.5 t, down 28.7% MoM.\n\n\
                    5/7 Total: 5,774 t in September.";
        let at = |within: &str| subject(text, "2026-03-21", Kind::Level, within);
        assert_eq!(
            subject(text, "2026-03-21", Kind::YtdTotal, "5,933 t"),
            ("USA".to_string(), "2025-01..12".to_string())
        );
        assert_eq!(at("353 t"), ("USA".to_string(), "2025-06".to_string()));
        assert_eq!(at("420.5 t"), ("USA".to_string(), "2025-09".to_string()));
        // A label of the whole is the world's.
        assert_eq!(at("5,774 t").0, "WLD");
        // With no destination in the opening, a period label is the world's.
        let text = "China's magnet exports, a desk note\nAug: 6,146 t\nUS: 590 t";
        assert_eq!(subject(text, "2025-09-22", Kind::Level, "6,146 t").0, "WLD");
        assert_eq!(subject(text, "2025-09-22", Kind::Level, "590 t").0, "USA");
        // "3/4 of" is a fraction, not a post number.
        let text = "China's magnet exports fell in May.\n3/4 of the total went to Germany.";
        assert!(
            crate::read(text, "2025-06-20".parse().ok())
                .claims
                .iter()
                .all(|c| !text[c.start..c.end].starts_with("of the total"))
        );
    }

    /// Totals over months said in other words: up to a month, between two, since January,
    /// last year's, a quarter or a half named in words.
    #[test]
    fn months_summed_in_other_words() {
        let lead = "China's rare-earth magnet exports, October 2025.\n\n";
        for (sentence, want) in [
            (
                "Through October, magnet exports were 51,440 tonnes.",
                "2025-01..10",
            ),
            (
                "In the 10 months to October, magnet exports reached 51,440 tonnes.",
                "2025-01..10",
            ),
            (
                "Exports in 2025 to date total 51,440 tonnes.",
                "2025-01..10",
            ),
            (
                "Exports between January and October added up to 51,440 tonnes.",
                "2025-01..10",
            ),
            (
                "The running total reached 51,440 tonnes by the end of October.",
                "2025-01..10",
            ),
            (
                "Since January, shipments have reached 51,440 tonnes.",
                "2025-01..10",
            ),
            ("Last year's total was 58,152 tonnes.", "2024-01..12"),
            (
                "In the third quarter, exports were 17,500 tonnes.",
                "2025-07..09",
            ),
            (
                "In the second half of 2024, exports were 30,000 tonnes.",
                "2024-07..12",
            ),
            (
                "Customs show 5,933 tonnes of rare-earth magnets shipped to the U.S. in calendar \
                 2024.",
                "2024-01..12",
            ),
        ] {
            let text = format!("{lead}{sentence}");
            let article = crate::read(&text, "2025-11-20".parse().ok());
            // The figure is the last number before "tonnes".
            let figure = sentence
                .rfind(" tonnes")
                .map(|at| lead.len() + at - 1)
                .expect("a figure");
            let c = article
                .claims
                .iter()
                .find(|c| c.start <= figure && figure < c.end)
                .unwrap_or_else(|| panic!("{sentence}: {:?}", article.claims));
            assert_eq!(
                c.subject.period.map(|p| p.to_string()).as_deref(),
                Some(want),
                "{sentence}"
            );
            // "added up to" is a verb, not a bound.
            if let Claimed::Level { qualifier, .. } = &c.claimed {
                assert_eq!(*qualifier, crate::number::Qualifier::Exact, "{sentence}");
            }
        }
        // A span of the figure's own after it beats a month before it.
        let text = "Worldwide, China shipped 5,952 tonnes of magnets in December 2025 and 57,392 \
                    tonnes for the full year.";
        assert_eq!(
            subject(text, "2026-01-20", Kind::YtdTotal, "57,392").1,
            "2025-01..12"
        );
    }

    /// In a list of figures each with its destination after it ("N t for X, M t for Y"),
    /// the country before a figure is the previous one's.
    #[test]
    fn a_destination_after_its_figure_in_a_list() {
        let text = "China's exports of rare-earth magnets, August 2025.\n\n\
                    In August, the data show 589.85 tonnes for the US and 1,341 tonnes for \
                    Germany.\n\n\
                    Of the 9,007 kg of gallium exported in July, 5 tonnes were consigned to \
                    Germany, 4,007 kilograms to Japan.\n\n\
                    Germanium: 392 kilograms went to Germany, 352 kilograms to Japan and 19 \
                    kilograms to Russia.\n\n\
                    Some 656.3 tonnes were headed to the US, with 1,118 tonnes bound for Germany.";
        for (within, want) in [
            ("589.85", "USA"),
            ("1,341", "DEU"),
            ("5 tonnes were", "DEU"),
            ("4,007", "JPN"),
            ("392", "DEU"),
            ("352", "JPN"),
            ("19 kilograms", "RUS"),
            ("656.3", "USA"),
            ("1,118", "DEU"),
        ] {
            assert_eq!(
                subject(text, "2025-09-20", Kind::Level, within).0,
                want,
                "{within}"
            );
        }
        // A figure whose country is named before it keeps it ("Germany, 1,106 t").
        let text = "Magnet exports in December 2025: Germany, 1,106 t; South Korea, 815 t.";
        assert_eq!(subject(text, "2026-01-20", Kind::Level, "815").0, "KOR");
    }

    /// A clause that opens by looking back from the story's month: months or years
    /// earlier, this time last year; a month's own low or peak. Not a comparison's base.
    /// A base's own figure: "from 5.5 t" after a move is the month before (a year before when
    /// the sentence compares years); a month after a base's figure ("vs 16.7 t Aug") is the
    /// base's, not the change's; "with respect to August" is a base.
    #[test]
    fn a_bases_figure_and_its_month() {
        let lead = "China's exports, September 2025.\n\n";
        for (sentence, kind, within, want) in [
            (
                "Terbium exports fell to 4.45 t from 5.5 t.",
                Kind::Level,
                "5.5 t",
                "2025-08",
            ),
            (
                "Gallium exports rose to 1,200 kg, up from 900 kg.",
                Kind::Level,
                "900 kg",
                "2025-08",
            ),
            (
                "Year on year, antimony exports fell to 1,000 t from 1,500 t.",
                Kind::Level,
                "1,500 t",
                "2024-09",
            ),
            (
                "Dysprosium was 18.043 t vs 16.7 t Aug, so up ~8%.",
                Kind::ChangeMom,
                "up ~8%",
                "2025-09",
            ),
            (
                "Magnet exports fell a 6,1% with respect to August, until the 5.774 tons.",
                Kind::Level,
                "5.774 tons",
                "2025-09",
            ),
        ] {
            let text = format!("{lead}{sentence}");
            assert_eq!(
                subject(&text, "2025-10-20", kind, within).1,
                want,
                "{sentence}"
            );
        }
    }

    /// The span cue nearest a figure is its own ("Full-year …, of which the first half …"),
    /// and beats a month farther back ("in March, bringing first-quarter shipments to …"); a
    /// half or quarters not over when the article appeared are the year before's; "the N kg
    /// of December 2024" is that month's.
    #[test]
    fn the_nearest_span_cue_and_a_months_own_figure() {
        let text = "China's rare-earth magnet exports, March 2026.\n\n\
                    China exported 5,238 tonnes of rare-earth magnets in March, bringing \
                    first-quarter shipments to 16,001 tonnes.\n\n\
                    Full-year 2025 shipments were 57,392 t, of which the first half accounted \
                    for 22,319 t.\n\n\
                    First-half shipments came to 22,319 tonnes.\n\n\
                    December 2025 gallium shipments of 10,809 kg were 68% above the 6,420 kg \
                    of December 2024.";
        let at = |kind: Kind, within: &str| subject(text, "2026-04-20", kind, within).1;
        assert_eq!(at(Kind::Level, "5,238"), "2026-03");
        assert_eq!(at(Kind::YtdTotal, "16,001"), "2026-01..03");
        assert_eq!(at(Kind::YtdTotal, "57,392"), "2025-01..12");
        assert_eq!(at(Kind::YtdTotal, "22,319 t."), "2025-01..06");
        // Published in April 2026: the first half last over is 2025's.
        assert_eq!(at(Kind::YtdTotal, "22,319 tonnes"), "2025-01..06");
        assert_eq!(at(Kind::Level, "6,420"), "2024-12");
    }

    /// The figure of an opening "Of the …" is the whole the sentence divides; a bracketed
    /// figure with a time of its own is that time's.
    #[test]
    fn a_whole_and_a_bracketed_time() {
        let text = "China's rare-earth magnet exports, September 2025.\n\n\
                    Of the 5,774 tonnes shipped, 420.5 tonnes went to American buyers.\n\n\
                    US-bound cargoes totalled 420.5 t (590 t in August).\n\n\
                    The US got 420.5 t out of a world total of 5,774 t.";
        let at = |within: &str| subject(text, "2025-10-20", Kind::Level, within);
        assert_eq!(at("5,774 t."), ("WLD".to_string(), "2025-09".to_string()));
        assert_eq!(at("5,774"), ("WLD".to_string(), "2025-09".to_string()));
        assert_eq!(
            at("420.5 tonnes"),
            ("USA".to_string(), "2025-09".to_string())
        );
        assert_eq!(at("590 t"), ("USA".to_string(), "2025-08".to_string()));
    }

    /// A record "since last November" is the story's month's, not November's.
    #[test]
    fn a_record_since_last_november_stays_in_the_storys_month() {
        let text = "China's rare-earth magnet exports, October 2025.\n\n\
                    It was the highest monthly tally since last November.";
        assert_eq!(
            subject(text, "2025-11-20", Kind::Record, "highest").1,
            "2025-10"
        );
    }

    /// A country does not trade with itself.
    #[test]
    fn no_partner_is_its_reporter() {
        let text = "China's flake graphite exports, January 2024.\n\n\
                    Shipments from China were down another 34% from December.";
        assert_eq!(subject(text, "2024-02-20", Kind::ChangeMom, "34%").0, "WLD");
    }

    /// A share is a partner's part of the world's: one read for the world is the partner's
    /// the sentence (or the story) is about.
    #[test]
    fn a_share_is_a_partners() {
        let text = "China's rare-earth magnet exports, November 2025.\n\n\
                    The EU took 2,568.8 tonnes, roughly 42% of all Chinese magnet exports \
                    that month.\n\n\
                    Japan took 600 t. That was 26% of the month's total.";
        let at = |within: &str| subject(text, "2025-12-20", Kind::Share, within).0;
        assert_eq!(at("42%"), "EUN");
        assert_eq!(at("26%"), "JPN");
    }

    /// A look-back after the figure: "N months ago" from the day of writing, "N months
    /// earlier" from the story's month; "the previous month's N".
    #[test]
    fn a_look_back_after_the_figure() {
        let text = "China's rare-earth exports, October 2025.\n\n\
                    Exports fell from the peak of 7,742.2 tonnes five months ago.\n\n\
                    That compares with 5,792 t two months earlier.\n\n\
                    India took 418 tons, against the previous month's 172 tons.";
        let at = |within: &str| subject(text, "2025-11-20", Kind::Level, within).1;
        assert_eq!(at("7,742.2"), "2025-06");
        assert_eq!(at("5,792"), "2025-08");
        assert_eq!(at("172 tons"), "2025-09");
    }

    /// A run is counted to a month: one said over a span of months ends in its last.
    #[test]
    fn a_run_over_a_span_ends_in_its_last_month() {
        let text = "China's rare-earth exports, October 2025.\n\n\
                    Exports fell for three straight months from July to September.\n\n\
                    Germany took 764 tonnes in June; its purchases rose for four straight \
                    months to August.";
        assert_eq!(
            subject(text, "2025-11-20", Kind::Streak, "three straight").1,
            "2025-09"
        );
        assert_eq!(
            subject(text, "2025-11-20", Kind::Streak, "four straight").1,
            "2025-08"
        );
    }

    /// "On" opening a sentence, before any figure, says when ("On the ten first months, …");
    /// after a figure it is a base ("up 5% on 2023").
    #[test]
    fn on_opening_a_sentence_says_when() {
        let text = "China's rare-earth magnet exports, October 2025.\n\n\
                    On the ten first months, China exported 45 290 t of magnets, a decrease of \
                    5,2 % over one year.";
        assert_eq!(
            subject(text, "2025-11-21", Kind::YtdTotal, "45 290 t").1,
            "2025-01..10"
        );
        assert_eq!(
            subject(text, "2025-11-21", Kind::YtdChange, "5,2 %").1,
            "2025-01..10"
        );
    }

    #[test]
    fn looking_back_from_the_storys_month() {
        let text = "China's rare earth exports fell to 4,000.3 tonnes in September 2025.\n\n\
                    Two months earlier they stood at 5,994.3 tonnes.\n\n\
                    This time last year, exporters shipped 4,181 tonnes.\n\n\
                    In the same month two years ago, they shipped 3,935 tonnes.\n\n\
                    Three months before, exports had been 7,742.2 tonnes.\n\n\
                    That compares with the August low of 5,792 t.";
        for (within, want) in [
            ("5,994.3", "2025-07"),
            ("4,181", "2024-09"),
            ("3,935", "2023-09"),
            ("7,742.2", "2025-06"),
            ("5,792", "2025-08"),
        ] {
            assert_eq!(
                subject(text, "2025-10-20", Kind::Level, within).1,
                want,
                "{within}"
            );
        }
        // After a comparison, "a year earlier" is its base, not the next figure's month.
        let text = "China's magnet exports, September 2025.\n\nExports to South Korea were \
                    854 tonnes, nearly triple a year earlier, while Vietnam, at 456 tonnes, \
                    took 7.9% of the total.";
        assert_eq!(subject(text, "2025-10-20", Kind::Level, "456").1, "2025-09");
    }

    /// "The previous month" after a comparison is the change's base, not its month; a
    /// figure "in the previous month" is that month's. "Off" is down; "over the month" says
    /// when.
    #[test]
    fn the_previous_month_as_a_base_or_as_a_month() {
        let lead = "China's magnet exports fell to 5,774 tonnes in September 2025.\n\n";
        let change = |sentence: &str| {
            let text = format!("{lead}{sentence}");
            let article = crate::read(&text, "2025-10-20".parse().ok());
            article
                .claims
                .iter()
                .find(|c| c.kind == Kind::ChangeMom && c.start >= lead.len())
                .map(|c| match c.claimed {
                    Claimed::Change { pct, .. } => (
                        pct,
                        c.subject.period.map(|p| p.to_string()).unwrap_or_default(),
                    ),
                    _ => unreachable!("a change claims a change"),
                })
        };
        let sep = "2025-09".to_string();
        for sentence in [
            "Exports slipped 6.1% versus the prior month.",
            "Compared to the previous month it decreased 6.1%.",
            "Exports were off 6.1% from the previous month.",
            "Exports declined 6.1% over the month.",
        ] {
            assert_eq!(change(sentence), Some((-6.1, sep.clone())), "{sentence}");
        }
        let text = format!("{lead}That compares with 6,146 tonnes in the previous month.");
        assert_eq!(
            subject(&text, "2025-10-20", Kind::Level, "6,146").1,
            "2025-08"
        );
    }

    /// A buyer's imports from China are China's exports to it; China's own imports stay
    /// imports.
    #[test]
    fn a_buyers_imports_are_chinas_exports() {
        let flow = |sentence: &str| {
            let text = format!("China's rare-earth magnet exports, September 2025.\n\n{sentence}");
            let article = crate::read(&text, "2025-10-20".parse().ok());
            article
                .claims
                .iter()
                .find(|c| c.kind == Kind::Level)
                .and_then(|c| c.subject.flow)
        };
        assert_eq!(
            flow("Vietnam imported 456 tonnes of Chinese magnets."),
            Some(Flow::Export)
        );
        assert_eq!(
            flow("US imports of Chinese magnets were 420.5 tonnes."),
            Some(Flow::Export)
        );
        assert_eq!(
            flow("China imported 10,804 tonnes of rare earths from Myanmar."),
            Some(Flow::Import)
        );
        // A buyer's purchases, in other words.
        assert_eq!(
            flow("Germany was the largest importer with 1,106 tons."),
            Some(Flow::Export)
        );
        assert_eq!(
            flow("Germany was the top buyer. Its purchases rose to 1,288 tonnes."),
            Some(Flow::Export)
        );
        assert_eq!(
            flow("Imports from Myanmar came to 10,804 tonnes."),
            Some(Flow::Import)
        );
    }

    /// "That month" is the month the sentence named before it, a day's month included;
    /// an elliptical list keeps the unit of its first figure.
    #[test]
    fn that_month_and_elliptical_lists() {
        let text = "China's graphite exports, December 2023.\n\nLicences have been required \
                    from the first of December 2023, and in that month flake graphite exports \
                    fell by ninety-four percent.";
        assert_eq!(
            subject(text, "2024-01-20", Kind::ChangeMom, "ninety-four").1,
            "2023-12"
        );
        let text = "China's magnet exports, October 2025.\n\nGermany took 1,118 tonnes; \
                    South Korea, 569; Japan, two hundred and twenty-six.";
        let article = crate::read(text, "2025-11-20".parse().ok());
        let levels: Vec<(String, f64)> = article
            .claims
            .iter()
            .filter_map(|c| match (&c.subject.partner, &c.claimed) {
                (Some(p), Claimed::Level { value, unit, .. }) if *unit == Unit::Tonnes => {
                    Some((p.code().to_string(), *value))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            levels,
            vec![
                ("DEU".to_string(), 1118.0),
                ("KOR".to_string(), 569.0),
                ("JPN".to_string(), 226.0)
            ]
        );
    }

    /// A table's change column after two month columns is the change between them; its
    /// share column holds shares; a reference ("Figure 2 of 5") is no figure; a labelled
    /// cell ("Sep 10,804") keeps its label's unit whatever column it falls in.
    #[test]
    fn a_tables_change_and_share_columns() {
        let text = "CHINA RARE-EARTH MAGNET EXPORTS BY DESTINATION, TONNES\n\
                    Market data page | 23 Nov 2025 | Figure 2 of 5\n\n\
                    Destination          Sep-25       Oct-25     Chg %    Oct share %\n\
                    Germany              1,288.0      1,118.0    -13.2          20.4\n\
                    United States          420.5        656.3    +56.1          12.0\n";
        let article = crate::read(text, "2025-11-24".parse().ok());
        let got: Vec<(Kind, String, f64)> = article
            .claims
            .iter()
            .map(|c| {
                let v = match c.claimed {
                    Claimed::Level { value, .. } => value,
                    Claimed::Change { pct, .. } => pct,
                    Claimed::Share { pct, .. } => pct,
                    _ => f64::NAN,
                };
                (
                    c.kind,
                    c.subject.period.map(|p| p.to_string()).unwrap_or_default(),
                    v,
                )
            })
            .collect();
        let want = |k: Kind, p: &str, v: f64| (k, p.to_string(), v);
        assert_eq!(
            got,
            vec![
                want(Kind::Level, "2025-09", 1288.0),
                want(Kind::Level, "2025-10", 1118.0),
                want(Kind::ChangeMom, "2025-10", -13.2),
                want(Kind::Share, "2025-10", 20.4),
                want(Kind::Level, "2025-09", 420.5),
                want(Kind::Level, "2025-10", 656.3),
                want(Kind::ChangeMom, "2025-10", 56.1),
                want(Kind::Share, "2025-10", 12.0),
            ]
        );
    }

    /// An investor note: "9M25" is January to September 2025; a share after a move in basis
    /// points; the commodity of a title that names it after the reporter.
    #[test]
    fn an_investor_notes_spans_and_points() {
        let text = "China rare earths — investor note, October 2025\n\n\
                    9M25 exports: 48.4kt (+12.6% YoY).\n\n\
                    US share of magnet exports fell 250bp to 7.3% in September.";
        let article = crate::read(text, "2025-10-20".parse().ok());
        let first = &article.claims[0];
        assert_eq!(first.kind, Kind::YtdTotal);
        assert_eq!(first.subject.basket.as_deref(), Some("rare-earths"));
        assert_eq!(
            first.subject.period.map(|p| p.to_string()).as_deref(),
            Some("2025-01..09")
        );
        assert_eq!(
            subject(text, "2025-10-20", Kind::Share, "7.3%"),
            ("USA".to_string(), "2025-09".to_string())
        );
    }

    /// A share in passing ("— 41.8% of the total —") does not make what follows the
    /// world's.
    #[test]
    fn a_share_in_passing_keeps_the_subject() {
        for text in [
            "The European Union bought 2,568.8 tonnes in November — 41.8% of the total — worth \
             $106.85 million.",
            "The EU-27 took 2,568.8 tonnes in November, or 41.8% of the total, worth $106.85 \
             million.",
        ] {
            let text = format!("China's magnet exports, November 2025.\n\n{text}");
            assert_eq!(
                subject(&text, "2025-12-20", Kind::Level, "$106.85").0,
                "EUN",
                "{text}"
            );
        }
    }

    /// A table's rows take their destination from their own cell and their period from the
    /// caption above the table, unless the row names one; the prose after the table does not
    /// take the last row's destination.
    #[test]
    fn a_tables_caption_and_destination_cells() {
        let text = "China graphite exports, 2024.\n\n\
                    Table 2. Jan-Feb 2024 exports by destination\n\
                    | Grade     | Destination   | Tonnes |\n\
                    |-----------|---------------|-------:|\n\
                    | Flake     | South Korea   |    703 |\n\
                    | Flake     | Japan         |    417 |\n\
                    | Flake     | Full year     | 13,000 |\n\n\
                    Flake exports collapsed 93.9% in December 2023.";
        assert_eq!(
            subject(text, "2024-03-25", Kind::YtdTotal, "703"),
            ("KOR".to_string(), "2024-01..02".to_string())
        );
        assert_eq!(
            subject(text, "2024-03-25", Kind::YtdTotal, "417"),
            ("JPN".to_string(), "2024-01..02".to_string())
        );
        assert_eq!(
            subject(text, "2024-03-25", Kind::ChangeMom, "93.9%").0,
            "WLD"
        );
    }

    #[test]
    fn a_lead_in_label_does_not_make_a_figure_the_world_total() {
        let text = "Only two destinations received material: Germany, which took 5,000 kg, \
                    or more than half of the total, and Japan with 4,007 kg.";
        assert_eq!(
            subject(text, "2025-08-20", Kind::Level, "5,000 kg").0,
            "DEU"
        );
        assert_eq!(
            subject(text, "2025-08-20", Kind::Level, "4,007 kg").0,
            "JPN"
        );
        // A speaker's name is no label of a figure either.
        let text = "China's magnet exports to the US fell in May.\n\
                    [00:00:56] MAYA: Vietnam was the top destination, 235 tonnes.";
        assert_eq!(
            subject(text, "2025-06-20", Kind::Level, "235 tonnes").0,
            "VNM"
        );
        // A label that names the figure still is: "Total: 6,150 t".
        let text = "US: 582 t\nTotal: 6,150 t";
        assert_eq!(subject(text, "2025-12-20", Kind::Level, "6,150 t").0, "WLD");
    }

    #[test]
    fn a_base_after_the_figure_is_not_its_month() {
        let text = "China's exports of rare earth magnets rose to 5,577 tonnes in July. \
                    The total was 5.7% above July last year.";
        let (_, period) = subject(text, "2025-08-20", Kind::ChangeYoy, "5.7%");
        assert_eq!(period, "2025-07");
    }

    #[test]
    fn a_change_on_a_dated_span_is_about_the_same_span_a_year_on() {
        let text = "Over the first half, rare earth exports came to 32,569 tonnes, up 11.9% \
                    on the first half of 2024.";
        assert_eq!(
            subject(text, "2025-07-20", Kind::YtdChange, "11.9%").1,
            "2025-01..06"
        );
        assert_eq!(
            subject(text, "2025-07-20", Kind::YtdTotal, "32,569").1,
            "2025-01..06"
        );
    }

    #[test]
    fn a_destination_tied_to_another_figure_is_not_this_ones() {
        let text = "Dysprosium exports rose 8% in September to 18,043 kg, with more than 17 \
                    tonnes going to South Korea.";
        assert_eq!(subject(text, "2025-10-24", Kind::ChangeMom, "8%").0, "WLD");
        assert_eq!(subject(text, "2025-10-24", Kind::Level, "18,043").0, "WLD");
        assert_eq!(subject(text, "2025-10-24", Kind::Level, "17").0, "KOR");
        let text = "In March, germanium shipments of 1,497 kg had more than halved from a \
                    year earlier, and about two-thirds of them went to Russia.";
        assert_eq!(subject(text, "2025-07-21", Kind::Level, "1,497").0, "WLD");
    }

    #[test]
    fn a_text_table_with_leader_dots_takes_its_captions_unit_and_its_titles_year() {
        let text = "DATA TABLE | China: rare-earth permanent magnet exports, 2025\n\n\
                    TABLE 1. All destinations, tonnes\n\
                    \x20 World, May .................. 1,238\n\
                    \x20 US, September ............... 420.5\n\n\
                    TABLE 3. Changes\n\
                    \x20 World, June m/m ............. +157.5\n";
        let article = crate::read(text, "2026-01-22".parse().ok());
        let got: Vec<(Kind, String, String, String)> = article
            .claims
            .iter()
            .map(|c| {
                (
                    c.kind,
                    partner_code(c),
                    c.subject.period.map_or("-".to_string(), |p| p.to_string()),
                    serde_json::to_value(&c.claimed).unwrap()["unit"].to_string(),
                )
            })
            .collect();
        let want = |k: Kind, p: &str, m: &str, u: &str| {
            (k, p.to_string(), m.to_string(), format!("{u:?}"))
        };
        assert_eq!(
            got,
            vec![
                want(Kind::Level, "WLD", "2025-05", "t"),
                want(Kind::Level, "USA", "2025-09", "t"),
                want(Kind::ChangeMom, "WLD", "2025-06", "pct"),
            ]
        );
    }

    #[test]
    fn a_rows_or_a_possessives_month_is_the_figures_own() {
        let text = "| Series | Value |\n|---|---|\n\
                    | Rare earths exports, Dec 2023 (t) | 3,439 |\n\
                    | Rare earths exports, Nov 2023 (t) | 4,206 |\n\
                    | Rare earths exports, 2023 vs 2022 | +7.3% |\n";
        assert_eq!(
            subject(text, "2024-01-23", Kind::Level, "4,206").1,
            "2023-11"
        );
        assert_eq!(
            subject(text, "2024-01-23", Kind::YtdChange, "+7.3%").1,
            "2023-01..12"
        );
        let text = "Strategic Materials Letter, October 2025 edition.\n\n\
                    Germanium exports fell to 12 kg in September. Of June's 96 kg, Germany took \
                    74 kg and Russia 22 kg.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::Level, "22 kg"),
            ("RUS".into(), "2025-06".into())
        );
    }

    #[test]
    fn a_span_after_over_is_the_figures() {
        let text = "Cumulatively, rare earth exports reached 14,718 t in Q1 and 24,827 t over \
                    January–May.";
        assert_eq!(
            subject(text, "2025-07-20", Kind::YtdTotal, "24,827").1,
            "2025-01..05"
        );
    }

    #[test]
    fn an_abbreviated_month_ends_its_sentence_before_a_capital() {
        // Written for a thread: "the lowest since Sep. Full-year US total: 5,933 t." is two
        // sentences, and the label of the second names its partner.
        let text = "China -> US rare-earth magnet exports, full 2025 picture.\n\n\
                    Dec: US-bound 564 t, down 3.1% MoM. That's the 2nd straight monthly drop \
                    and the lowest since Sep. Full-year US total: 5,933 t.";
        assert_eq!(
            subject(text, "2026-01-20", Kind::YtdTotal, "5,933 t"),
            ("USA".to_string(), "2025-01..12".to_string())
        );
        // A day or a year after the month continues the sentence.
        let text = "Exports to Japan fell to 280 t, the lowest since Sep. 2024, data showed.";
        assert_eq!(subject(text, "2026-01-20", Kind::Level, "280 t").0, "JPN");
    }

    #[test]
    fn a_question_ends_the_partner_of_the_answer_before() {
        let text = "Q3. Were American buyers hit hardest?\n\
                    Yes. In May the largest destination was actually Vietnam.\n\n\
                    Q4. When did things improve?\n\
                    After the June licence approvals. June magnet exports were 3,188 tonnes.";
        assert_eq!(subject(text, "2025-08-01", Kind::Level, "3,188").0, "WLD");
    }

    #[test]
    fn a_figure_no_partner_is_tied_to_has_the_other_reading_too() {
        let text = "Exports to Germany fell to 1,106 tonnes in December. Shipments came to \
                    5,952 tonnes.";
        let article = crate::read(text, "2026-01-20".parse().ok());
        let at = |w: &str| {
            let k = text.find(w).unwrap();
            article
                .claims
                .iter()
                .find(|c| c.start <= k && k < c.end)
                .unwrap()
        };
        // Tied by "to Germany": no other reading.
        assert_eq!(at("1,106").alt_partner, None);
        // Carried from the sentence before: the world total is the other reading.
        assert_eq!(at("5,952").subject.partner, Some(Partner::of("DEU")));
        assert_eq!(at("5,952").alt_partner, Some(Partner::World));
    }

    #[test]
    fn the_commodity_traded_not_one_mentioned_in_passing() {
        let basket = |text: &str, within: &str| {
            let article = crate::read(text, "2025-10-24".parse().ok());
            let at = text.find(within).unwrap();
            article
                .claims
                .iter()
                .find(|c| c.start <= at && at < c.end)
                .and_then(|c| c.subject.basket.clone())
                .unwrap_or_default()
        };
        // "demand for magnets" is not what the sentence trades.
        let text = "China's rare earth exports rose 7.3% in 2023 to 52,307 metric tons, as \
                    demand for magnets grew. In December alone, exports fell to 3,439 tons.";
        assert_eq!(basket(text, "3,439"), "rare-earths");
        // A commodity opening a sentence is its subject.
        let text = "Dysprosium exports rose 8% in September to 18,043 kg. Terbium went the \
                    other way. Exports came to 4,450 kg.";
        assert_eq!(basket(text, "4,450"), "terbium");
        // A contrast after the figure does not change the story's commodity.
        let text = "Rare earth exports came to 7,742 tonnes in June. Value was modest: June \
                    exports were worth only $23.66 million, rather than dysprosium or terbium. \
                    July exports came to 5,000 tonnes.";
        assert_eq!(basket(text, "5,000"), "rare-earths");
    }

    #[test]
    fn a_when_clause_after_a_month_is_that_months() {
        let text = "Terbium exports came to 4,450 kg in September, the lowest since June, \
                    when just 1.2 t left the country.";
        assert_eq!(
            subject(text, "2025-10-24", Kind::Level, "1.2 t").1,
            "2025-06"
        );
    }

    #[test]
    fn a_tables_columns_give_their_periods_and_its_rows_their_partners() {
        let text = "Magnet exports by destination, tonnes\n\n\
                    | Destination | Sep 2025 | Oct 2025 | Oct m/m |\n\
                    |---|---|---|---|\n\
                    | Japan | 228 | 226 | -0.9% |\n\
                    | WORLD | 5,774 | 5,473 | -5.2% |\n\n\
                    | Series | 2025 (t) | vs 2024 |\n\
                    |---|---|---|\n\
                    | World | 57,392 | -1.3% |\n";
        let got = |w: &str, k: Kind| subject(text, "2026-01-22", k, w);
        assert_eq!(got("228", Kind::Level), ("JPN".into(), "2025-09".into()));
        assert_eq!(got("226", Kind::Level), ("JPN".into(), "2025-10".into()));
        assert_eq!(
            got("-0.9%", Kind::ChangeMom),
            ("JPN".into(), "2025-10".into())
        );
        assert_eq!(got("5,473", Kind::Level), ("WLD".into(), "2025-10".into()));
        assert_eq!(
            got("57,392", Kind::YtdTotal),
            ("WLD".into(), "2025-01..12".into())
        );
        assert_eq!(
            got("-1.3%", Kind::YtdChange),
            ("WLD".into(), "2025-01..12".into())
        );
    }

    #[test]
    fn a_table_aligned_with_spaces_reads_months_down_and_years_across() {
        let text = "Table 3. China: exports of rare earths, tonnes.\n\n\
                    \x20 Month           2024          2025      y/y change\n\
                    \x20 July              ..       5,994.3        +21.4%\n\
                    \x20 August         4,723         5,792        +22.6%\n\
                    \x20 Full year     55,431        62,585        +12.9%\n\n\
                    The second half of 2025 was stronger than the same half of 2024.\n";
        let got = |w: &str, k: Kind| subject(text, "2026-01-16", k, w);
        assert_eq!(got("4,723", Kind::Level), ("WLD".into(), "2024-08".into()));
        assert_eq!(got("5,792", Kind::Level), ("WLD".into(), "2025-08".into()));
        assert_eq!(
            got("+21.4%", Kind::ChangeYoy),
            ("WLD".into(), "2025-07".into())
        );
        assert_eq!(
            got("62,585", Kind::YtdTotal),
            ("WLD".into(), "2025-01..12".into())
        );
        // "half" of a year is a period, not a share.
        let claims = crate::read(text, "2026-01-16".parse().ok()).claims;
        assert!(!claims.iter().any(|c| c.kind == Kind::Share), "{claims:?}");
    }

    #[test]
    fn a_comparison_column_is_a_change_between_its_months() {
        let text = "Magnet exports by destination, monthly tonnages\n\n\
                    | Destination | Nov 2025 | Dec 2025 | Dec vs Nov |\n\
                    |---|---:|---:|---:|\n\
                    | United States | 582 | 564 | -3.1% |\n";
        let got = |w: &str, k: Kind| subject(text, "2026-01-22", k, w);
        assert_eq!(got("564", Kind::Level), ("USA".into(), "2025-12".into()));
        assert_eq!(
            got("-3.1%", Kind::ChangeMom),
            ("USA".into(), "2025-12".into())
        );
    }

    #[test]
    fn a_code_in_a_table_row_is_no_figure() {
        let text = "Graphite exports, tonnes\n\n\
                    | Product | Nov 2023 | Dec 2023 |\n|---|---|---|\n\
                    | Flake (25041010) | 23,502 | 1,427 |\n";
        let article = crate::read(text, "2024-01-22".parse().ok());
        let read: Vec<&str> = article
            .claims
            .iter()
            .map(|c| &article.doc.text[c.start..c.end])
            .collect();
        assert!(!read.iter().any(|t| t.contains("25041010")), "{read:?}");
        assert!(read.iter().any(|t| t.contains("1,427")), "{read:?}");
    }

    #[test]
    fn a_year_alone_on_a_line_heads_the_rows_under_it() {
        let text = "CHINA: RARE EARTH IMPORTS, TONNES\n\n2023\n\
                    \x20 October ........... 10,819    (-31.9% m/m)\n\
                    \x20 Jan-Oct ........... 145,155\n\n2024\n\
                    \x20 June .............. 9,718\n";
        let got = |w: &str, k: Kind| subject(text, "2025-05-12", k, w).1;
        assert_eq!(got("10,819", Kind::Level), "2023-10");
        assert_eq!(got("-31.9%", Kind::ChangeMom), "2023-10");
        assert_eq!(got("145,155", Kind::YtdTotal), "2023-01..10");
        assert_eq!(got("9,718", Kind::Level), "2024-06");
    }

    #[test]
    fn periods_said_in_other_words() {
        // A direction's "in September" is its month, not a base.
        let text = "Rare earth exports rose 26.5% in November to 5,061 tons. The rebound \
                    follows a 30.9% slump in September.";
        assert_eq!(
            subject(text, "2025-12-08", Kind::ChangeMom, "30.9%").1,
            "2025-09"
        );
        // Two months together are a span; "last year" alone is the year before.
        let text = "In January and February, flake graphite exports were 3,236 tonnes.";
        assert_eq!(
            subject(text, "2024-03-20", Kind::YtdTotal, "3,236").1,
            "2024-01..02"
        );
        let text = "China exported 55,431 tons of rare earths last year, the data showed.";
        assert_eq!(
            subject(text, "2025-01-20", Kind::YtdTotal, "55,431").1,
            "2024-01..12"
        );
        // A clause after a comma keeps its months to itself.
        let text = "Seven-month magnet exports of 27,897 tonnes were 15% lower than a year \
                    earlier, reflecting the slump in April and May.";
        assert_eq!(
            subject(text, "2025-08-20", Kind::YtdChange, "15%").1,
            "2025-01..07"
        );
    }

    #[test]
    fn a_month_last_year_is_in_the_year_before_publication() {
        let text = "China exported 815 tons to Korea in December last year.";
        assert_eq!(subject(text, "2026-01-22", Kind::Level, "815").1, "2025-12");
        let text = "In May last year China exported 689 tons of magnets to the US.";
        assert_eq!(subject(text, "2025-06-20", Kind::Level, "689").1, "2024-05");
    }

    #[test]
    fn a_share_of_a_months_total_is_that_months() {
        let text = "Germanium exports reached 673 kg in July. Back in spring, about \
                    two-thirds of the March total went to Russia.";
        assert_eq!(
            subject(text, "2025-08-20", Kind::Share, "two-thirds").1,
            "2025-03"
        );
    }

    #[test]
    fn who_reports_is_not_who_buys() {
        let text = "A German trade portal puts full-year gallium exports at 69,440 kg.";
        assert_eq!(
            subject(text, "2025-02-10", Kind::YtdTotal, "69,440").0,
            "WLD"
        );
        let text = "Japanese buyers received 352 kg of germanium in July.";
        assert_eq!(subject(text, "2025-08-20", Kind::Level, "352").0, "JPN");
    }

    #[test]
    fn a_destination_in_a_later_clause_is_not_the_headlines() {
        let text = "China's rare earth magnet exports climb 10% in August, US shipments slip";
        assert_eq!(subject(text, "2025-09-20", Kind::ChangeMom, "10%").0, "WLD");
        let text = "Dysprosium exports came to 18,043 kg in September; more than 17 t, went \
                    to South Korea.";
        assert_eq!(subject(text, "2025-10-20", Kind::Level, "17 t").0, "KOR");
    }

    #[test]
    fn a_list_of_destinations_is_not_carried_to_the_next_sentence() {
        let text = "China's magnet exports fell in May. Vietnam, Germany and India were the \
                    top three destinations. By value, May exports were worth about $60 million.";
        assert_eq!(subject(text, "2025-06-20", Kind::Level, "$60").0, "WLD");
    }

    #[test]
    fn a_span_cue_between_a_lines_month_and_the_figure_is_the_figures() {
        let text = "December exports were 1,721 tonnes, more than doubling from November, and \
                    the full-year total of 38,632 tonnes was down 24.1% from 2023.";
        assert_eq!(
            subject(text, "2025-01-24", Kind::YtdTotal, "38,632").1,
            "2024-01..12"
        );
        assert_eq!(
            subject(text, "2025-01-24", Kind::Level, "1,721").1,
            "2024-12"
        );
        // "half-year" is a span of months, not a fraction.
        let text = "The half-year total for January-June 2025 was 22,319 t.";
        assert_eq!(
            subject(text, "2026-02-15", Kind::YtdTotal, "22,319").1,
            "2025-01..06"
        );
        let text = "The gallium export of December was 10,809 kg, and the year total became \
                    62,615 kg.";
        assert_eq!(
            subject(text, "2026-01-20", Kind::YtdTotal, "62,615").1,
            "2025-01..12"
        );
    }

    #[test]
    fn a_span_named_again_without_its_year_keeps_it() {
        let text = "January–February 2024 flake exports were 3,236 t, down 77.66% on the same \
                    two months of 2023.\nIn February alone flake exports reached 2,295 t.\n\
                    Spherical graphite: 2,567 t in January–February.";
        assert_eq!(
            subject(text, "2025-07-30", Kind::YtdTotal, "2,567").1,
            "2024-01..02"
        );
        // Not a base named with its year, nor when the sentence says "this year".
        let text = "For context, January-February 2025 came to 8,511 t. This year's \
                    January-February total was 10,460 t.";
        assert_eq!(
            subject(text, "2026-03-12", Kind::YtdTotal, "10,460").1,
            "2026-01..02"
        );
    }

    /// A sentence naming no time after one about a span: the story's month first, the span
    /// as the reading tried next.
    #[test]
    fn a_timeless_sentence_may_go_on_about_the_span_before() {
        let text = "In December China exported 5,952 t of magnets. Full-year 2025 world \
                    exports were 57.4 kt. The US took 5,933 t.";
        let c = claim_with(text, "2026-01-25", "5,933 t");
        assert_eq!(period(&c).as_deref(), Some("2025-12"));
        assert_eq!(
            c.alt_periods.first().map(|p| p.to_string()).as_deref(),
            Some("2025-01..12")
        );
        // Not after a sentence with a month's figure too.
        let text = "China's magnet exports came to 5,774 t in September and 39,817 t in the \
                    first nine months. Germany took 1,288 t.";
        let c = claim_with(text, "2025-10-23", "1,288 t");
        assert!(
            c.alt_periods.iter().all(|p| p.is_month()),
            "{:?}",
            c.alt_periods
        );
    }

    #[test]
    fn a_change_of_value_is_judged_against_values() {
        let text = "Jan-Feb 2026 rare earth exports: 10,460 t. That's +23% y/y. Value was \
                    reportedly down 15.9% y/y. Down ~30% by value, I'm told.";
        let change = |w: &str| claim_with(text, "2026-03-15", w);
        assert!(!change("23%").of_value);
        assert!(change("15.9%").of_value);
        assert!(change("30%").of_value);
        // A year-on-year change in a sentence naming no time, after a sentence about a
        // span, is that span's.
        assert_eq!(change("23%").kind, Kind::YtdChange);
        assert_eq!(
            change("23%")
                .subject
                .period
                .map(|p| p.to_string())
                .as_deref(),
            Some("2026-01..02")
        );
        // A share of the value.
        let text = "The EU took 8.36 million kg in the first half, about 37% of the volume and \
                    about 34% of the value.";
        assert!(!claim_with(text, "2025-08-08", "37%").of_value);
        assert!(claim_with(text, "2025-08-08", "34%").of_value);
        // Not a base's amount.
        let text = "Magnet exports were 57,392 t in 2025 and lay 1.3% below the previous year \
                    value.";
        let article = crate::read(text, "2026-01-20".parse().ok());
        assert!(article.claims.iter().all(|c| !c.of_value));
        let text = "Nov value: USD 26.74m = 8.9% of CN magnet export value. Germany took 35.4% \
                    of export value and 40% of the tonnage.";
        assert!(claim_with(text, "2025-12-20", "8.9%").of_value);
        assert!(claim_with(text, "2025-12-20", "35.4%").of_value);
        assert!(!claim_with(text, "2025-12-20", "40%").of_value);
    }

    #[test]
    fn a_month_after_a_dated_one_and_a_year_later() {
        // The month the sentence before dated, a day's month too.
        let text = "1 December 2023 — Graphite permits take effect. Flake exports collapse to \
                    1,427 t in December.";
        assert_eq!(
            subject(text, "2026-01-30", Kind::Level, "1,427").1,
            "2023-12"
        );
        // "a year later", "two months later": that far after the month named before.
        let text = "China sold 7,670 kg of gallium abroad in August 2022; a year later, with \
                    licences in force, the figure was 4 kg. Two months later exports were 500 kg.";
        assert_eq!(
            subject(text, "2025-11-20", Kind::Level, "4 kg").1,
            "2023-08"
        );
        assert_eq!(
            subject(text, "2025-11-20", Kind::Level, "500 kg").1,
            "2022-10"
        );
    }

    #[test]
    fn figures_of_a_sentence_about_a_year_stay_in_that_year() {
        // The words after a base go on from the level it is the base of.
        let text = "Deliveries to the Netherlands fell to 1,016.65 tons in 2024 from 3,011.98 \
                    tons a year earlier, a drop of 66%.";
        assert_eq!(
            subject(text, "2025-01-20", Kind::YtdChange, "66%"),
            ("NLD".to_string(), "2024-01..12".to_string())
        );
        // A base "compared with" and its own year before the comma.
        let text = "The Netherlands received 1,016.65 tonnes in 2024, compared with 3,011.98 \
                    tonnes in 2023, a fall of 66%.";
        assert_eq!(
            subject(text, "2025-01-20", Kind::YtdChange, "66%").1,
            "2024-01..12"
        );
        // A later level, and the change it reached, in a sentence naming no month.
        let text = "China's antimony exports dropped to 38,632 tonnes in 2024, and deliveries \
                    to the Netherlands, once Europe's main entry point, fell 66% to 1,016.65 \
                    tonnes.";
        assert_eq!(
            subject(text, "2026-01-10", Kind::YtdTotal, "1,016.65").1,
            "2024-01..12"
        );
        assert_eq!(
            subject(text, "2026-01-10", Kind::YtdChange, "66%").1,
            "2024-01..12"
        );
    }

    #[test]
    fn a_month_without_a_year_is_placed_nearest_the_month_its_sentence_dates() {
        let text = "Flake graphite exports fell from 23,502 t in November 2023 to 1,427 t in \
                    December.";
        assert_eq!(
            subject(text, "2025-07-30", Kind::Level, "1,427").1,
            "2023-12"
        );
        // Not nearest a base: "June had been 86% below the 8,590 kg shipped in June 2024".
        let text = "July's 7 tonnes was almost six times June's 1,200 kg, and June had been \
                    86% below the 8,590 kg shipped in June 2024.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::Level, "1,200").1,
            "2025-06"
        );
        // "Min-jun" is a name, not June.
        assert!(
            crate::token::tokenize("By Min-jun Seo, Seoul, 22 March 2024")
                .iter()
                .all(|t| !matches!(&t.tok, Tok::Month(m) if m.month == 6)),
        );
    }

    /// A header not drawn with an opening bar still heads its table when it labels the rows
    /// and names two periods; a title set off with bars does not.
    #[test]
    fn an_undrawn_header_with_a_row_label_and_two_years() {
        let text = "China rare earth exports\n\nMonth      | 2023 (t) | 2024 (t) | y/y (%)\n\
                    May        | 4,576    | 6,217    | +35.9\n";
        assert_eq!(
            subject(text, "2025-01-15", Kind::Level, "4,576").1,
            "2023-05"
        );
        assert_eq!(
            subject(text, "2025-01-15", Kind::Level, "6,217").1,
            "2024-05"
        );
        assert_eq!(
            subject(text, "2025-01-15", Kind::ChangeYoy, "+35.9").1,
            "2024-05"
        );
    }

    /// An undrawn header that names a level beside a share and a change heads its table;
    /// the world's share of itself is no claim.
    #[test]
    fn an_undrawn_header_with_a_level_a_share_and_a_change() {
        let text = "Where China's magnets went\n\nDestination | Aug 2025 (t) | share of world (%) \
                    | m/m (%)\nGermany | 1,341.1 | 21.8 | +20.2\nWorld (customs total) | 6,146 | \
                    100.0 | +10.2\n";
        assert_eq!(
            subject(text, "2025-09-26", Kind::Share, "21.8"),
            ("DEU".to_string(), "2025-08".to_string())
        );
        assert_eq!(
            subject(text, "2025-09-26", Kind::ChangeMom, "+20.2"),
            ("DEU".to_string(), "2025-08".to_string())
        );
        let claims = crate::read(text, "2025-09-26".parse().ok()).claims;
        assert!(
            !claims
                .iter()
                .any(|c| text[c.start..c.end].contains("100.0"))
        );
    }

    #[test]
    fn a_table_row_headed_by_a_span_under_a_year() {
        let text = "China's rare earth exports\n\n  Period        Exports 2025 (t)    Change y/y\n  \
                    Jan-Feb           8,511              -3.0%\n  Mar               5,666.3           \
                    +24.1%\n  Jan-Nov          58,193             +11.7%\n";
        assert_eq!(
            subject(text, "2025-12-09", Kind::YtdTotal, "8,511").1,
            "2025-01..02"
        );
        assert_eq!(
            subject(text, "2025-12-09", Kind::YtdTotal, "58,193").1,
            "2025-01..11"
        );
        assert_eq!(
            subject(text, "2025-12-09", Kind::Level, "5,666.3").1,
            "2025-03"
        );
    }

    /// "Germany's purchases more than tripled from the month before": where from is not said,
    /// so in a story of China's exports they are China's exports to Germany.
    #[test]
    fn a_buyers_purchases_from_the_month_before_are_chinas_exports() {
        let text = "China exported 3,188 t of rare earth magnets in June. Germany's purchases \
                    more than tripled from the month before to 764 t.";
        let c = claim_with(text, "2025-07-21", "764");
        assert_eq!(c.subject.reporter.as_deref(), Some("CHN"));
        assert_eq!(c.subject.partner.as_ref().map(|p| p.code()), Some("DEU"));
    }

    /// The change that reached a level stands between the level and its month.
    #[test]
    fn a_level_reached_by_a_change_keeps_the_changes_month() {
        let text = "January edged up to 1,017 tonnes and February added 52.3% to 1,549 tonnes.";
        assert_eq!(
            subject(text, "2024-03-26", Kind::Level, "1,549").1,
            "2024-02"
        );
        let text = "Terbium exports slid in September. The downturn began in August, when \
                    shipments fell 21.4% to 5.5 tonnes from 7 tonnes in July.";
        assert_eq!(subject(text, "2025-10-22", Kind::Level, "5.5").1, "2025-08");
        assert_eq!(
            subject(text, "2025-10-22", Kind::Level, "7 tonnes").1,
            "2025-07"
        );
    }

    /// A span cue after another figure of the same measure is that figure's; after a value
    /// of the same tonnes, it is the tonnes' too.
    #[test]
    fn a_span_cue_past_another_figure() {
        let text = "Germanium exports were 3,401 kg last month and 29,389 kg for the year as a \
                    whole.";
        assert_eq!(
            subject(text, "2025-01-23", Kind::Level, "3,401").1,
            "2024-12"
        );
        assert_eq!(
            subject(text, "2025-01-23", Kind::YtdTotal, "29,389").1,
            "2024-01..12"
        );
        let text = "Magnet exports were worth $488.8 million for all of 2024.";
        assert_eq!(
            subject(text, "2025-12-23", Kind::YtdTotal, "488.8").1,
            "2024-01..12"
        );
        let text = "China exported 57,392 t of magnets worth $2.86 billion for the year.";
        assert_eq!(
            subject(text, "2026-01-20", Kind::YtdTotal, "57,392").1,
            "2025-01..12"
        );
    }

    /// "July 3 last year": the year before the day of writing's.
    #[test]
    fn an_event_day_last_year() {
        let c = claim_with(
            "Gallium licensing: the announcement came on July 3 last year.",
            "2024-07-24",
            "July 3",
        );
        match c.claimed {
            Claimed::Event(e) => {
                assert_eq!(e.date.map(|d| d.to_string()).as_deref(), Some("2023-07-03"))
            }
            other => panic!("not an event: {other:?}"),
        }
    }

    /// An appositive naming where a destination stands is not the figure's destination; a
    /// share of a year's total is of that year.
    #[test]
    fn an_appositive_is_not_the_destination() {
        let text = "China's antimony exports collapsed in 2024. The Netherlands, Europe's main \
                    entry point for Chinese antimony, received 1,016.65 tonnes in 2024. That is \
                    only about 2.6% of China's 2024 total.";
        assert_eq!(
            subject(text, "2025-03-10", Kind::YtdTotal, "1,016.65"),
            ("NLD".to_string(), "2024-01..12".to_string())
        );
        assert_eq!(
            subject(text, "2025-03-10", Kind::Share, "2.6%").1,
            "2024-01..12"
        );
    }

    /// "In the financial year that ended in March 2024, India imported …": India's own
    /// imports over its fiscal year.
    #[test]
    fn a_country_importing_over_its_fiscal_year() {
        let c = claim_with(
            "In the financial year that ended in March 2024, India imported some 28,700 tonnes \
             of permanent magnets.",
            "2025-12-03",
            "28,700",
        );
        assert_eq!(c.subject.reporter.as_deref(), Some("IND"));
        assert_eq!(c.subject.partner, Some(Partner::World));
        assert_eq!(period(&c).as_deref(), Some("2023-04..2024-03"));
    }

    /// A span said without its months: "that year", "the same year" (the year named last,
    /// in the sentence or the one before), "ended the year at", "in the quarter", "for the
    /// half" (the one holding the story's month), "the nine-month tally", "the total since
    /// January" (the year to date). Not "in December of that year": a month of it.
    #[test]
    fn a_span_said_without_its_months() {
        let ytd = |text: &str, published: &str, within: &str| {
            subject(text, published, Kind::YtdTotal, within).1
        };
        let text = "Antimony followed in September 2024, when its controls took effect. China \
                    exported 38.6 kt of antimony products that year, much of it before the \
                    deadline; by June 2025 monthly shipments were down to 107 t.";
        assert_eq!(ytd(text, "2025-08-01", "38.6 kt"), "2024-01..12");
        let text = "The 2024 total of 60,880 kg is the figure the tables give today; an earlier \
                    tally reported 69,440 kg of gallium exports for the same year.";
        assert_eq!(ytd(text, "2026-01-25", "69,440"), "2024-01..12");
        let text = "Germanium exports fell in December 2024. Germanium ended the year at \
                    roughly 29.4 tonnes, including 3,041 kg in December.";
        assert_eq!(ytd(text, "2025-01-25", "29.4"), "2024-01..12");
        assert_eq!(
            subject(text, "2025-01-25", Kind::Level, "3,041").1,
            "2024-12"
        );
        let text = "Worldwide, China exported 5,238 tonnes of magnets in March 2026 and 16,001 \
                    tonnes in the quarter.";
        assert_eq!(ytd(text, "2026-04-20", "16,001"), "2026-01..03");
        let text = "Magnet exports were 7,742 tonnes in June 2025, and 32,812 tonnes for the \
                    half.";
        assert_eq!(ytd(text, "2025-07-20", "32,812"), "2025-01..06");
        let text = "In September alone China exported 3,935 tons of rare earths, bringing the \
                    nine-month tally to 40,371.8 tons.";
        assert_eq!(ytd(text, "2023-10-20", "40,371.8"), "2023-01..09");
        let text = "Exports of rare earths slipped 3.4% in August 2025 from July to 5,792 \
                    tonnes, bringing the total since January to 44,355 tonnes.";
        assert_eq!(ytd(text, "2025-09-20", "44,355"), "2025-01..08");
        // A change said of last year, in a sentence naming no month.
        let text = "China's rare earth exports shrank by a quarter last year.";
        assert_eq!(
            subject(text, "2026-01-25", Kind::YtdChange, "quarter").1,
            "2025-01..12"
        );
        // A month of the year named, not the year.
        let text = "Imports were 132,931 tonnes in 2024. In December of that year imports \
                    amounted to 9,645 tonnes.";
        assert_eq!(
            subject(text, "2025-03-01", Kind::Level, "9,645").1,
            "2024-12"
        );
    }

    /// A month without its year, in the sentence after one dated with its year, is the one
    /// nearest forward of it (or up to a quarter back), not the latest before the day of
    /// writing.
    #[test]
    fn a_month_after_a_dated_sentence_follows_it() {
        let text = "In November 2023, ahead of the deadline, China exported approximately \
                    23,500 tonnes of flake graphite. In December, the first month under the new \
                    permits, flake graphite exports collapsed to approximately 1,427 tonnes.";
        assert_eq!(
            subject(text, "2025-05-01", Kind::Level, "1,427").1,
            "2023-12"
        );
        let text = "In 2024, monthly magnet exports ranged from a low of 3,326 t in February \
                    2024 to 5,325 t in August 2024. Exports then fell in September (4,915 t).";
        assert_eq!(
            subject(text, "2026-02-25", Kind::Level, "4,915").1,
            "2024-09"
        );
        // Up to a quarter back: the month before the dated one.
        let text = "Flake graphite exports collapsed to 1,427 tonnes in December 2023. In \
                    November, ahead of the deadline, they were 23,502 tonnes.";
        assert_eq!(
            subject(text, "2025-05-01", Kind::Level, "23,502").1,
            "2023-11"
        );
    }

    /// An act named by the month it fell in: "the month licensing took effect" (during),
    /// "the first month the rules applied", "the first month under licensing" (the first
    /// full month after); not a month a relation word points to.
    #[test]
    fn the_month_of_an_act() {
        let relation =
            |text: &str, within: &str| match claim_with(text, "2025-05-01", within).claimed {
                Claimed::Event(e) => e.relation,
                other => panic!("not an event: {other:?}"),
            };
        assert_eq!(
            relation(
                "Gallium exports fell to zero in August 2023, the month licensing took effect.",
                "licensing"
            ),
            Relation::During
        );
        assert_eq!(
            relation(
                "In August 2023, the first month the rules applied, customs recorded no gallium \
                 exports.",
                "rules"
            ),
            Relation::FirstFullMonth
        );
        assert_eq!(
            relation(
                "Flake graphite exports collapsed in December 2023, the first month under \
                 licensing.",
                "licensing"
            ),
            Relation::FirstFullMonth
        );
        let text = "Nothing at all in May 2025, for the first time since the month the \
                    gallium licensing regime started in August 2023.";
        let c = claim_with(text, "2025-07-01", "licensing");
        assert!(
            matches!(&c.claimed, Claimed::Event(e) if e.relation != Relation::During),
            "{c:?}"
        );
    }

    /// A figure in a "when" clause is of the time the clause hangs on, and the value after
    /// it too; a change after the clause is still the sentence's.
    #[test]
    fn a_figure_in_a_when_clause() {
        let text = "China's magnet exports fell 6.1% in September 2025 from August, to 5,774 \
                    tonnes. Shipments were still 17.5% higher than a year earlier, when 4,915 \
                    tonnes were exported.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::Level, "4,915").1,
            "2024-09"
        );
        let text = "Its magnet exports totalled 57,392 tonnes in 2025, 1.3% less than in 2024, \
                    when shipments had reached 58,152 tonnes worth $2.86 billion.";
        assert_eq!(
            subject(text, "2026-03-01", Kind::YtdTotal, "58,152").1,
            "2024-01..12"
        );
        assert_eq!(
            subject(text, "2026-03-01", Kind::YtdTotal, "2.86").1,
            "2024-01..12"
        );
        let text = "Rare earth exports were 4,000.3 tons in September 2025. Compared with \
                    September last year, when China exported 4,811 tons, outbound shipments \
                    were down 4.3%.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::Level, "4,811").1,
            "2024-09"
        );
        assert_eq!(
            subject(text, "2025-10-20", Kind::ChangeYoy, "4.3%").1,
            "2025-09"
        );
        // A base in the clause keeps its own month.
        let text = "Terbium exports slid in September 2025. The downturn began in August, \
                    when shipments fell 21.4% to 5.5 tonnes from 7 tonnes in July.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::Level, "7 tonnes").1,
            "2025-07"
        );
    }

    /// A change against a month a year back is year on year, of the month a year after it:
    /// the base month written ("still 56.9% below December 2023", in a sentence about
    /// December 2024), or the month of the base's own level ("43% below the 3,989 tonnes of
    /// December 2023").
    #[test]
    fn a_change_against_a_month_a_year_back() {
        let text = "Rare earth exports slipped 3.4% in August 2025 to 5,792 t. By December 2024 \
                    antimony exports had recovered to 1,721 t, up 113% from November, but were \
                    still 56.9% below December 2023.";
        assert_eq!(
            subject(text, "2026-01-25", Kind::ChangeYoy, "56.9%").1,
            "2024-12"
        );
        let text = "Antimony exports more than doubled in December 2024 to 1,721 tonnes. Even \
                    so, the December total was still 43% below the 3,989 tonnes of December \
                    2023.";
        assert_eq!(
            subject(text, "2025-02-01", Kind::ChangeYoy, "43%").1,
            "2024-12"
        );
        let text = "By June 2025 antimony exports had fallen to 107 tonnes, 96.7% less than the \
                    3,199 tonnes shipped in June 2024.";
        assert_eq!(
            subject(text, "2025-08-01", Kind::ChangeYoy, "96.7%").1,
            "2025-06"
        );
    }

    /// "that month" before the figure points back even when the sentence names a base
    /// month after it; a change in a "when" clause is of the clause's month.
    #[test]
    fn that_month_before_a_base_and_a_change_in_a_when_clause() {
        let text = "China exported 5,493.9 tons of rare earths in November 2025. The rebound \
                    began in October. Shipments that month rose 8.6% from September to 4,343.5 \
                    tons, ending three months of declines in September.";
        assert_eq!(
            subject(text, "2025-12-10", Kind::ChangeMom, "8.6%").1,
            "2025-10"
        );
        assert_eq!(
            subject(text, "2025-12-10", Kind::Level, "4,343.5").1,
            "2025-10"
        );
        let text = "Rare earth exports fell to 4,000.3 tons in September 2025. The slide began \
                    in July, when exports dropped 22.6% from June's unusually high level to \
                    5,994.3 tons.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::ChangeMom, "22.6%").1,
            "2025-07"
        );
        assert_eq!(
            subject(text, "2025-10-20", Kind::Level, "5,994.3").1,
            "2025-07"
        );
    }

    /// A bare number in speech leaves its unit to the sentences before: after a partner or
    /// a month, before "in" a month, after "versus"; never a code, a short year or "EU-27".
    #[test]
    fn a_bare_number_takes_the_unit_the_story_gave() {
        let text = "China exported 1,200 tonnes of magnets in May 2025. Vietnam 235, Germany \
                    209, India 150. September was 4,181, down 11.5% from August. India got 172 \
                    in June. The EU-27 took most. Call Singapore 018960.";
        let claims = crate::read(text, "2025-10-20".parse().ok()).claims;
        let bare: Vec<(f64, String)> = claims
            .iter()
            .filter(|c| c.rule == "level-bare")
            .map(|c| {
                let Claimed::Level { value, unit, .. } = c.claimed else {
                    panic!("{c:?}")
                };
                assert_eq!(unit, Unit::Tonnes);
                (value, partner_code(c))
            })
            .collect();
        assert_eq!(
            bare,
            vec![
                (235.0, "VNM".to_string()),
                (209.0, "DEU".to_string()),
                (150.0, "IND".to_string()),
                (4181.0, "WLD".to_string()),
                (172.0, "IND".to_string()),
            ]
        );
        assert_eq!(subject(text, "2025-10-20", Kind::Level, "172").1, "2025-06");
        // A sentence whose last amount was money leaves no weight to carry.
        let text = "Exports were worth $60 million in May 2025. Vietnam 235, Germany 209.";
        assert!(
            crate::read(text, "2025-10-20".parse().ok())
                .claims
                .iter()
                .all(|c| c.rule != "level-bare")
        );
    }

    /// A share set after a partner's level with a comma or a dash; a footnote's mark glued
    /// after a stop closes that sentence (the next opens with its own commodity).
    #[test]
    fn a_share_after_a_level_and_a_footnote_after_a_stop() {
        let text = "Flake exports to South Korea were 703 t in January-February 2024.[10] For \
                    spherical graphite, Japan took 1,567 tonnes; the United States received \
                    753 tonnes, about 29%. In June 2025, out of only 96 kilograms of \
                    germanium, Germany received 74 - more than three quarters. Exports fell \
                    to 700 tonnes, about 12%.";
        let claims = crate::read(text, "2025-10-20".parse().ok()).claims;
        let shares: Vec<(f64, String, String)> = claims
            .iter()
            .filter(|c| c.kind == Kind::Share)
            .map(|c| {
                let Claimed::Share { pct, .. } = c.claimed else {
                    panic!("{c:?}")
                };
                (
                    pct,
                    partner_code(c),
                    c.subject.basket.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            shares,
            vec![
                (29.0, "USA".to_string(), "graphite-spherical".to_string()),
                (75.0, "DEU".to_string(), "germanium".to_string()),
            ]
        );
    }

    /// The whole a percent is of is the world's; "in the period" and "for the two months"
    /// point back to the span named last.
    #[test]
    fn the_whole_after_a_percent_and_the_period_named_again() {
        let text = "In January and February 2024 combined, China exported 2,567 tonnes of \
                    spherical graphite. Korea did better in flake graphite, taking 703 tonnes, \
                    around 22% of the 3,236 tonnes shipped in the period.";
        assert_eq!(
            subject(text, "2024-03-20", Kind::YtdTotal, "3,236"),
            ("WLD".to_string(), "2024-01..02".to_string())
        );
    }

    /// "the same two months of 2025" names its own year.
    #[test]
    fn the_same_months_of_a_year_said() {
        let text = "China exported 10,460 tons of rare earths in January-February 2026, against \
                    8,511 tons in the same two months of 2025.";
        assert_eq!(
            subject(text, "2026-03-10", Kind::YtdTotal, "8,511").1,
            "2025-01..02"
        );
    }

    /// A level with "this year" right after it is the months from January to the story's.
    #[test]
    fn a_level_this_year_is_the_year_to_date() {
        let text = "China exported 4,000 tonnes of rare earths in February 2025, bringing \
                    shipments to 8,511 t this year. Beijing lumps January and February together \
                    (8,600 t this year).";
        assert_eq!(
            subject(text, "2025-07-20", Kind::YtdTotal, "8,511").1,
            "2025-01..02"
        );
    }

    /// Shares in more words: "occupy" (translated 占), a hedge after "dropped to", "of its
    /// total" where China ships, "the whole of" (not a year); a bare figure a buyer
    /// "received" after a figure with its unit. "China still refines … about 60% of its
    /// germanium" is no trade share.
    #[test]
    fn shares_in_more_words() {
        let text = "China's graphite exports, December 2023. To Japan export occupy about 63%. \
                    Korea's share dropped to about 10% in December. China shipped 380 tonnes of \
                    flake graphite to the Netherlands in December - around 12 per cent of its \
                    total flake exports. In December the whole of China's 1 kg of dysprosium \
                    exports went to Korea. Out of 96 kilograms of germanium, Germany received \
                    74. China still refines about 60% of its germanium.";
        let claims = crate::read(text, "2024-01-20".parse().ok()).claims;
        let shares: Vec<(f64, String)> = claims
            .iter()
            .filter(|c| c.kind == Kind::Share)
            .map(|c| {
                let Claimed::Share { pct, .. } = c.claimed else {
                    panic!("{c:?}")
                };
                (pct, partner_code(c))
            })
            .collect();
        assert_eq!(
            shares,
            vec![
                (63.0, "JPN".to_string()),
                (10.0, "KOR".to_string()),
                (12.0, "NLD".to_string()),
                (100.0, "KOR".to_string()),
            ]
        );
        assert_eq!(
            subject(text, "2024-01-20", Kind::Share, "the whole of").1,
            "2023-12"
        );
        assert_eq!(subject(text, "2024-01-20", Kind::Level, "74").0, "DEU");
    }

    /// A heading that names the unit ("India (t):") gives it to the bare numbers under it,
    /// each in the month that labels it.
    #[test]
    fn a_heading_names_the_unit_of_the_lines_under_it() {
        let text = "China's magnet exports, 2025.\n\nIndia (t):\n\nMay 150, June 172.\n";
        let claims = crate::read(text, "2026-01-22".parse().ok()).claims;
        let bare: Vec<(f64, Unit, String)> = claims
            .iter()
            .filter_map(|c| match c.claimed {
                Claimed::Level { value, unit, .. } => Some((
                    value,
                    unit,
                    c.subject.period.map(|p| p.to_string()).unwrap_or_default(),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            bare,
            vec![
                (150.0, Unit::Tonnes, "2025-05".to_string()),
                (172.0, Unit::Tonnes, "2025-06".to_string()),
            ]
        );
    }

    /// A month without a year compared with the same month of a year said is of the year
    /// after it.
    #[test]
    fn a_month_compared_with_itself_a_year_said() {
        let text = "Monthly gallium volumes swung wildly: 1 214 kg in March, 81,3 per cent less \
                    than in March 2023.";
        assert_eq!(
            subject(text, "2025-03-10", Kind::Level, "1 214").1,
            "2024-03"
        );
        assert_eq!(
            subject(text, "2025-03-10", Kind::ChangeYoy, "81,3").1,
            "2024-03"
        );
    }

    /// A base "the month before" is a month back from the sentence's month.
    #[test]
    fn a_base_the_month_before() {
        let text = "Gallium exports rose to 4,260 kg in June 2025, against 3,000 kg the month \
                    before. Germanium exports recovered in June 2025 after no exports at all \
                    the month before.";
        assert_eq!(
            subject(text, "2025-07-20", Kind::Level, "3,000 kg").1,
            "2025-05"
        );
        assert_eq!(
            subject(text, "2025-07-20", Kind::Level, "no exports at all").1,
            "2025-05"
        );
        assert_eq!(
            subject(text, "2025-07-20", Kind::Level, "4,260 kg").1,
            "2025-06"
        );
    }

    /// A value right after a quantity is of the quantity's period, even when a base year
    /// follows in another clause; "the same period last year, when …" is the months from
    /// January a year back.
    #[test]
    fn a_value_after_its_tonnes_and_the_same_period_last_year() {
        let text = "Adamas Intelligence puts last year's total at 58,152 tonnes of magnets and \
                    magnet alloys, worth $2.86 billion, and says that was 10% more than in 2023.";
        assert_eq!(
            subject(text, "2025-01-27", Kind::YtdTotal, "2.86").1,
            "2024-01..12"
        );
        let text = "Rare earth exports were 4,181 tonnes in September 2024. So far this year, \
                    exports total 42,936 tonnes, 6.4% more than in the same period last year, \
                    when the figure was 40,371.8 tonnes.";
        assert_eq!(
            subject(text, "2024-10-20", Kind::YtdTotal, "40,371.8").1,
            "2023-01..09"
        );
    }

    /// "That is a 66% drop" after a level over a year and its base: the level's year is a
    /// reading of the change.
    #[test]
    fn a_change_after_a_level_and_its_base_may_be_the_levels_year() {
        let text = "Antimony exports were 107 tonnes in June 2025. Shipments to the Netherlands \
                    fell to 1,016.65 tonnes in 2024 from 3,011.98 tonnes in 2023. That is a 66% \
                    drop.";
        let c = claim_with(text, "2025-08-01", "66%");
        let year = Period::Span(Month::new(2024, 1).unwrap(), Month::new(2024, 12).unwrap());
        assert!(
            c.subject.period == Some(year) || c.alt_periods.contains(&year),
            "{c:?}"
        );
    }

    /// Two acts in one sentence, each read in its own clause: a date said relative to the
    /// day of writing ("took effect at the start of this month"), and a month said to be
    /// the first full one under them, which is the data's month.
    #[test]
    fn an_act_dated_this_month_and_the_month_said_to_be_the_first_under_it() {
        let text = "Rare earth exports were 4,000 tonnes in September 2024.\n\nNew rare earth \
                    management regulations took effect at the start of this month, so this \
                    month is the first full month under the new rules.";
        let claims = crate::read(text, "2024-10-20".parse().ok()).claims;
        let events: Vec<(Relation, Option<String>)> = claims
            .iter()
            .filter_map(|c| match &c.claimed {
                Claimed::Event(e) => Some((e.relation, c.subject.period.map(|p| p.to_string()))),
                _ => None,
            })
            .collect();
        assert_eq!(
            events,
            vec![
                (Relation::Date, Some("2024-09".to_string())),
                (Relation::FirstFullMonth, Some("2024-10".to_string())),
            ]
        );
    }

    /// "regulations" name an act; a month after "after a weak" is a base, not the data's.
    #[test]
    fn the_first_full_month_under_regulations_after_a_weak_month() {
        let text = "China's rare earth exports rebounded in October 2024 after a weak \
                    September, customs data showed on Thursday, in the first full month under \
                    new state regulations.";
        let c = claim_with(text, "2024-11-07", "regulations");
        assert!(
            matches!(&c.claimed, Claimed::Event(e) if e.relation == Relation::FirstFullMonth),
            "{c:?}"
        );
        assert_eq!(period(&c).as_deref(), Some("2024-10"));
    }

    /// Where imports mostly come from, said in passing, is no partner of the total.
    #[test]
    fn an_origin_said_in_passing_is_no_partner() {
        let text = "China's rare earth imports, mostly ore from Myanmar, fell 31.9% from \
                    September to 10,819 tonnes in October 2023.";
        assert_eq!(subject(text, "2023-11-20", Kind::Level, "10,819").0, "WLD");
        let text = "China's imports of rare earths, which include ores and intermediate \
                    products from Myanmar, fell 29.3% in June from May to 9,718 tons.";
        assert_eq!(subject(text, "2024-07-12", Kind::Level, "9,718").0, "WLD");
        // Named as the origin, it is: "imports from Myanmar".
        let text = "China's rare earth imports from Myanmar fell to 2,000 tonnes in October 2023.";
        assert_eq!(subject(text, "2023-11-20", Kind::Level, "2,000").0, "MMR");
    }

    /// Origins listed after "from" are all named: no one of them is the partner.
    #[test]
    fn a_list_of_origins_names_no_one_partner() {
        let text = "This week we look at what China buys: ores that flow in from Myanmar, Laos \
                    and beyond.\n\nThe peak: rare earth imports hit 16,381 tonnes in December 2023.";
        assert_eq!(subject(text, "2025-05-15", Kind::Level, "16,381").0, "WLD");
        let c = claim_with(text, "2025-05-15", "16,381");
        assert_eq!(c.subject.flow, Some(Flow::Import));
    }

    /// A flow word in an aside about the goods is not the subject's flow.
    #[test]
    fn a_flow_word_in_an_aside_is_not_the_flow() {
        let text = "Imports of rare earths, which include ore shipped from Myanmar and Laos for \
                    processing, fell 13.4% from a year earlier to 9,812 tons in November 2025.";
        let c = claim_with(text, "2025-12-08", "9,812");
        assert_eq!(c.subject.flow, Some(Flow::Import));
        assert_eq!(subject(text, "2025-12-08", Kind::Level, "9,812").0, "WLD");
    }

    /// A change set beside a figure, with no time of its own, is of that figure's time.
    #[test]
    fn a_change_beside_a_figure_takes_its_time() {
        let text = "China's rare earth imports: 11,327 tonnes in November 2024, then December \
                    2024's 9,645 tonnes, a 14.9% drop from November and down 41% on a year earlier.";
        assert_eq!(
            subject(text, "2025-05-15", Kind::ChangeMom, "14.9%").1,
            "2024-12"
        );
        assert_eq!(
            subject(text, "2025-05-15", Kind::ChangeYoy, "41%").1,
            "2024-12"
        );
    }

    /// A share set beside an earlier figure does not make the figures after it the world's.
    #[test]
    fn a_share_of_the_total_in_passing_keeps_the_buyer() {
        let text = "Japanese buyers took 3,000 kg of gallium in April 2025, about 80% of China's \
                    total that month, 2,004 kg in June and 4,007 kg in July.";
        assert_eq!(subject(text, "2026-01-21", Kind::Level, "2,004").0, "JPN");
        assert_eq!(subject(text, "2026-01-21", Kind::Level, "4,007").0, "JPN");
        // A figure of the noun before "which" is that noun's: here the total.
        let text = "Japan accounted for under 5% of China's total magnet shipments in December \
                    2025, which were 5,952 tonnes.";
        assert_eq!(subject(text, "2026-01-21", Kind::Level, "5,952").0, "WLD");
    }

    /// A sentence set in one year places its months without a year in it.
    #[test]
    fn a_month_in_a_sentence_set_in_a_year_is_of_that_year() {
        let text = "In the first quarter of 2023 China exported 11,837 tonnes of rare earths, of \
                    which 4,446 tonnes in March, 8.2% lower than in March 2022.";
        assert_eq!(
            subject(text, "2024-09-20", Kind::Level, "4,446").1,
            "2023-03"
        );
        assert_eq!(
            subject(text, "2024-09-20", Kind::ChangeYoy, "8.2%").1,
            "2023-03"
        );
        // A year that is a base, or after the month, does not.
        let text = "Gallium exports in December were 10,809 kg, while germanium exports in \
                    December 2024 amounted to 3,401 kg.";
        assert_eq!(
            subject(text, "2026-01-20", Kind::Level, "10,809").1,
            "2025-12"
        );
    }

    /// A month that is the subject of the change's verb is the change's month.
    #[test]
    fn a_month_as_the_subject_of_the_change() {
        let text = "November 2022 shipments of 2,949.6 tonnes of rare earths were described as a \
                    two-year low, before December rebounded 46% to 4,307 tonnes.";
        assert_eq!(
            subject(text, "2024-09-20", Kind::ChangeMom, "46%").1,
            "2022-12"
        );
    }

    /// "in those two months", "in the same period": the span the story named last.
    #[test]
    fn a_span_named_again_is_the_one_named_before() {
        let text = "Flake shipments for January-February 2024 came to 3,236 tonnes. In \
                    spherical graphite, Japan took 1,567 tonnes in those two months.";
        assert_eq!(
            subject(text, "2024-06-01", Kind::YtdTotal, "1,567").1,
            "2024-01..02"
        );
        let text = "EU imports were 6,000 tonnes in the first half of 2025. For comparison, the \
                    US received 2,510 tonnes in the same period.";
        assert_eq!(
            subject(text, "2025-10-20", Kind::YtdTotal, "2,510").1,
            "2025-01..06"
        );
        // "The same period last year" is a base a year back, not the span again.
        let text = "Exports were 6,000 tonnes in the first half of 2025, against 5,000 tonnes \
                    in the same period last year.";
        assert_ne!(
            subject(text, "2025-10-20", Kind::YtdTotal, "5,000").1,
            "2025-01..06"
        );
    }

    /// Runs said "for a second month" and "N down months in a row"; a record "for" a
    /// commodity "this year"; a bare "eightfold" is about eight times, not at least.
    #[test]
    fn runs_records_and_multiples_in_other_words() {
        let text =
            "Germany's purchases of Chinese magnets fell in October 2025 for a second month.";
        let c = claim_with(text, "2025-11-20", "second month");
        assert!(matches!(c.claimed, Claimed::Months { n: 2, .. }), "{c:?}");
        let text = "Two down months in a row for China's magnet exports to the US in October 2025.";
        let c = claim_with(text, "2025-11-20", "Two down months");
        assert!(matches!(c.claimed, Claimed::Months { n: 2, .. }), "{c:?}");
        let text = "August 2024 was the strongest month for antimony exports this year.";
        let c = claim_with(text, "2024-09-20", "strongest");
        assert_eq!(c.kind, Kind::Record);
        let text = "Total germanium exports were 763 kg in July 2025, an eightfold jump from June.";
        let c = claim_with(text, "2025-08-20", "eightfold");
        assert!(
            matches!(c.claimed, Claimed::Change { pct, precision, qualifier: crate::number::Qualifier::Exact } if pct == 700.0 && precision == 100.0),
            "{c:?}"
        );
    }

    /// A move said with no figure, of a buyer's intake, a month as the subject, or a small
    /// move "lower".
    #[test]
    fn moves_of_an_intake_a_month_and_a_small_step() {
        let head = "China's rare earth magnet exports to Japan, October 2025\n\n";
        for (line, dir) in [
            ("Japan's intake rose slightly in October.", "rise"),
            ("Japan-bound shipments edged lower in October.", "fall"),
            ("October slipped slightly from September.", "fall"),
        ] {
            let text = format!("{head}{line}");
            let c = crate::read(&text, "2025-11-20".parse().ok())
                .claims
                .into_iter()
                .find(|c| c.kind == Kind::Direction)
                .unwrap_or_else(|| panic!("no direction in {line:?}"));
            assert!(
                matches!(&c.claimed, Claimed::Direction(d) if d.as_str() == dir),
                "{line}: {c:?}"
            );
            assert_eq!(period(&c).as_deref(), Some("2025-10"));
        }
    }

    /// A sentence naming no time, after one about a span, in a story with no month of its
    /// own: the span's.
    #[test]
    fn a_timeless_sentence_after_a_span_with_no_month_of_the_story() {
        let text = "Japan was the top buyer of spherical graphite in January-February 2024 with \
                    1,567 tonnes. The US took 753 tonnes.";
        assert_eq!(
            subject(text, "2024-04-10", Kind::YtdTotal, "753").1,
            "2024-01..02"
        );
    }

    /// A bracket closed before the figure is an aside: the clause goes on before it, and a
    /// commodity set aside ("not magnets") is not the figure's.
    #[test]
    fn a_bracket_before_the_figure_is_an_aside() {
        let text = "China's magnet exports, June 2025\n\nHeadline rare earths (not magnets) were \
                    7,742 t in June, +32% m/m.";
        let c = claim_with(text, "2025-07-20", "7,742");
        assert_eq!(c.subject.basket.as_deref(), Some("rare-earths"));
        let c = claim_with(text, "2025-07-20", "+32%");
        assert_eq!(c.subject.basket.as_deref(), Some("rare-earths"));
    }

    /// A month in an "after" phrase is the phrase's, when the sentence names the figure's
    /// month before it.
    #[test]
    fn a_month_in_an_after_phrase_is_not_the_figure_s() {
        let text = "China resumed gallium exports in June 2025 after a complete halt in May, \
                    shipping 4,260 kg, customs data showed.";
        assert_eq!(
            subject(text, "2025-07-21", Kind::Level, "4,260").1,
            "2025-06"
        );
    }

    /// Translated years before a month: "last year 1~2 month" (去年1~2月) and "the year
    /// before last 11 month" (前年11月).
    #[test]
    fn translated_years_before_a_month() {
        let text = "[Industry] graphite export\nInput 2025.11.24 09:12\n\nThe year before last 11 \
                    month China's spherical graphite export 12,186 ton among Korea toward 8,830 \
                    ton was.\n\nLast year 1~2 month combined, spherical graphite whole export is \
                    about 2,570 ton.";
        assert_eq!(
            subject(text, "2025-11-24", Kind::Level, "12,186").1,
            "2023-11"
        );
        assert_eq!(
            subject(text, "2025-11-24", Kind::Level, "8,830").1,
            "2023-11"
        );
        assert_eq!(
            subject(text, "2025-11-24", Kind::YtdTotal, "2,570").1,
            "2024-01..02"
        );
    }

    /// "A in June, in July — B": the time after the comma heads the next figure.
    #[test]
    fn a_time_after_a_comma_that_heads_the_next_figure() {
        let text = "In June 2025 to Russia were delivered 22 kg germanium, in July — 19 kg, \
                    decrease on 13,6%.";
        assert_eq!(
            subject(text, "2025-08-25", Kind::Level, "22 kg").1,
            "2025-06"
        );
        assert_eq!(
            subject(text, "2025-08-25", Kind::Level, "19 kg").1,
            "2025-07"
        );
        let text = "In June it took 1,364 tonnes of magnets and in July 2,140 tonnes. Exports \
                    were 300 tonnes of flake and 200 tonnes of spherical graphite in May.";
        assert_eq!(
            subject(text, "2025-08-25", Kind::Level, "1,364").1,
            "2025-06"
        );
        assert_eq!(
            subject(text, "2025-08-25", Kind::Level, "2,140").1,
            "2025-07"
        );
        assert_eq!(
            subject(text, "2025-08-25", Kind::Level, "300 tonnes").1,
            "2025-05"
        );
    }

    /// A change said as a fraction takes the base named after it, as a percent does.
    #[test]
    fn a_fraction_change_takes_its_base() {
        let text = "In December 2025 German volumes of magnets were up by about a third on \
                    December 2024.";
        let c = claim_with(text, "2026-01-20", "a third");
        assert_eq!(c.kind, Kind::ChangeYoy);
        assert_eq!(period(&c).as_deref(), Some("2025-12"));
        // A fraction after a direction and a hedge, ending its clause.
        let text = "China's antimony exports: the eight-month total of 2,384 tonnes for 2024 is \
                    down almost a third, according to the portal.";
        let c = claim_with(text, "2024-09-20", "a third");
        assert!(matches!(c.claimed, Claimed::Change { pct, .. } if pct < -33.0));
        // A fraction below the year before.
        let text = "Customs puts China's terbium exports in September 2025 at about a third \
                    below the prior year.";
        let c = claim_with(text, "2025-10-20", "a third");
        assert_eq!(c.kind, Kind::ChangeYoy);
        assert!(matches!(c.claimed, Claimed::Change { pct, .. } if pct < -33.0 && pct > -34.0));
    }

    /// A desk note's partner written as its code, in capitals: "Tb Aug-25 to JPN: 4,000 kg".
    /// Not a code that is also a word ("CAN", "EST").
    #[test]
    fn a_partner_written_as_its_code() {
        let text = "Minor metals watch, week 43\n\n- Tb Aug-25 to JPN: 4,000 kg\n- Ga Jun-25 to DEU: \
                    2,000 kg\n";
        assert_eq!(subject(text, "2025-10-25", Kind::Level, "4,000").0, "JPN");
        assert_eq!(subject(text, "2025-10-25", Kind::Level, "2,000").0, "DEU");
        let text = "WE CAN SAY MAGNET EXPORTS ROSE TO 5,774 TONNES IN SEPTEMBER 2025.";
        assert_eq!(subject(text, "2025-10-25", Kind::Level, "5,774").0, "WLD");
    }

    /// A part of an earlier level is a change from it: "less than half of the year before"
    /// is a fall of more than half.
    #[test]
    fn a_part_of_an_earlier_level_is_a_change() {
        let text = "Terbium exports in the third quarter of 2025 were still roughly half of the \
                    level of the third quarter of 2024.";
        let c = claim_with(text, "2025-10-20", "roughly half");
        assert!(
            c.kind == Kind::ChangeYoy
                && matches!(c.claimed, Claimed::Change { pct, .. } if pct == -50.0),
            "{c:?}"
        );
        let text = "Germanium exports in 2024 were less than half of the year before.";
        let c = claim_with(text, "2025-09-20", "less than half");
        assert!(
            matches!(c.claimed, Claimed::Change { pct, qualifier: crate::number::Qualifier::MoreThan, .. } if pct == -50.0),
            "{c:?}"
        );
        let text =
            "US magnet volumes in June 2025 were roughly half of what they were a year earlier.";
        let c = claim_with(text, "2025-07-20", "roughly half");
        assert_eq!(c.kind, Kind::ChangeYoy);
    }

    /// A change from a month said without any year is of the month after it, whatever month
    /// the sentence named ("slipped after a bounce of 75% from June": July's); not "June last
    /// year", a year back.
    #[test]
    fn a_change_from_a_month_is_of_the_month_after() {
        let text =
            "China's rare earth exports slipped in August 2025 after a bounce of 75% from June.";
        let c = claim_with(text, "2025-09-20", "75%");
        assert_eq!(c.kind, Kind::ChangeMom);
        assert_eq!(period(&c).as_deref(), Some("2025-07"));
        let text = "China's rare earth exports in August 2025 were 22.6% above August last year.";
        let c = claim_with(text, "2025-09-20", "22.6%");
        assert_eq!(c.kind, Kind::ChangeYoy);
        assert_eq!(period(&c).as_deref(), Some("2025-08"));
    }

    /// "compare with July" (与7月相比) is a base; a change in a clause that points at a total
    /// ("…, which corresponds to an increase of around 13 %") is of the total's time.
    #[test]
    fn translated_bases_and_changes_that_point_at_a_total() {
        let text = "8 month magnet export 6,146 ton, compare with July increase 10.2%.";
        let c = claim_with(text, "2025-10-20", "10.2%");
        assert_eq!(c.kind, Kind::ChangeMom);
        assert_eq!(period(&c).as_deref(), Some("2025-08"));
        let text = "China exported in 2025 a total of around 62.600 t of rare earths, which \
                    corresponds to an increase of around 13 % compared to the previous year.";
        let c = claim_with(text, "2026-01-25", "13 %");
        assert_eq!(c.kind, Kind::YtdChange);
        assert_eq!(period(&c).as_deref(), Some("2025-01..12"));
    }

    /// A change with no comparison said, after a sentence about a span from January, is the
    /// span's change on its year-ago months (not one that reached a level of its own).
    #[test]
    fn a_bare_change_after_a_span_is_the_span_s() {
        let text = "China's magnet exports, March 2026\n\nIn January-February 2026 China exported \
                    10,460 t of magnets. Value fell 15.9%.";
        let c = claim_with(text, "2026-03-20", "15.9%");
        assert_eq!(c.kind, Kind::YtdChange);
        assert_eq!(period(&c).as_deref(), Some("2026-01..02"));
    }

    /// Translated records: "create history new high" (创历史新高), "is this year lowest level"
    /// (今年最低水平), "this year's highest level".
    #[test]
    fn translated_records() {
        for (text, within) in [
            (
                "5 month our country rare earth export amount create history new high.",
                "history",
            ),
            (
                "November 2023 export 5,000 ton of antimony is this year lowest level.",
                "lowest",
            ),
            (
                "Japan direction magnet export of this year's highest level became 7 month.",
                "highest",
            ),
        ] {
            let c = claim_with(text, "2024-06-20", within);
            assert_eq!(c.kind, Kind::Record, "{text}: {c:?}");
        }
    }

    /// Shares listed after one said in full are of the same whole, each its destination's.
    #[test]
    fn shares_listed_after_one_said_in_full() {
        let text = "China's magnet exports, August 2025\n\nThe regional breakdown of August shows \
                    Europe took 45.9% of China's magnet exports and Asia 36.9%, with North \
                    America at 16.2%.";
        let c = claim_with(text, "2025-09-25", "36.9%");
        assert_eq!(c.kind, Kind::Share);
        assert_eq!(c.subject.partner.as_ref().map(|p| p.code()), Some("X_ASIA"));
        let c = claim_with(text, "2025-09-25", "16.2%");
        assert_eq!(
            c.subject.partner.as_ref().map(|p| p.code()),
            Some("X_NAMERICA")
        );
        // Not a change listed after a share: "and exports 12% higher".
        let text = "Germany took 38% of the July 2025 magnet total, and exports rose 12%.";
        let c = claim_with(text, "2025-08-25", "12%");
        assert_ne!(c.kind, Kind::Share);
    }

    /// A multiple of a named base further on ("seven and a half times as much terbium as in
    /// June", "two and a half times the 2023 total"); not a valuation ("14.2x FY26E").
    #[test]
    fn multiples_of_a_base_further_on() {
        let text =
            "In July 2024 China shipped about seven and a half times as much terbium as in June.";
        let c = claim_with(text, "2024-08-25", "seven and a half");
        assert!(
            matches!(c.claimed, Claimed::Change { pct, .. } if pct == 650.0),
            "{c:?}"
        );
        assert_eq!(period(&c).as_deref(), Some("2024-07"));
        let text = "Gallium exports in 2024 were roughly two and a half times the 2023 total.";
        let c = claim_with(text, "2025-03-01", "two and a half");
        assert_eq!(c.kind, Kind::YtdChange);
        let text =
            "Magnet maker JL Mag trades at 14.2x FY26E earnings, against 5,774 t of exports.";
        let article = crate::read(text, "2025-10-20".parse().ok());
        assert!(
            article.claims.iter().all(|c| c.kind != Kind::YtdChange),
            "{:?}",
            article.claims
        );
    }
    #[test]
    fn a_year_said_as_a_base_is_no_later_figures() {
        let text = "China's rare-earth exports came to about 55,400 tonnes last year, up about 6% \
                    on 2023, and were worth $488.8 million.";
        let c = claim_with(text, "2025-02-10", "$488.8 million");
        assert_eq!(period(&c).as_deref(), Some("2024-01..12"));
        let text = "January-February exports were 10,460 tonnes, up 22.9% on the same months of \
                    2025, worth $68.6 million.";
        let c = claim_with(text, "2026-03-20", "$68.6 million");
        assert_eq!(period(&c).as_deref(), Some("2026-01..02"));
        // The base's own figure keeps its year.
        let text = "Exports reached 57,392 tonnes, below 2024's 58,152 tonnes.";
        let c = claim_with(text, "2026-01-20", "58,152 tonnes");
        assert_eq!(period(&c).as_deref(), Some("2024-01..12"));
    }
    #[test]
    fn a_level_a_change_reached_is_of_the_changes_time() {
        let text = "Spherical graphite rose 7.3% in January to 1,017 tons and jumped 52.3% in \
                    February to 1,549 tons.";
        let c = claim_with(text, "2024-03-20", "1,017 tons");
        assert_eq!(period(&c).as_deref(), Some("2024-01"));
        let c = claim_with(text, "2024-03-20", "1,549 tons");
        assert_eq!(period(&c).as_deref(), Some("2024-02"));
        let text = "December was 3,439 tonnes. It was a second monthly decline after November \
                    slipped about 2% to 4,206 tonnes.";
        let c = claim_with(text, "2024-01-20", "4,206 tonnes");
        assert_eq!(period(&c).as_deref(), Some("2023-11"));
        let text = "January rose 7.3% to 1,017 tonnes, and February was up more than 50% on \
                    January at 1,549 tonnes.";
        let c = claim_with(text, "2024-03-20", "1,549 tonnes");
        assert_eq!(period(&c).as_deref(), Some("2024-02"));
        // A "where" clause after a month is that month's, as a "when" clause is.
        let text = "In December 2024, the exports rose to 1 721 tonnes, a progression of 113 % \
                    relative to November, where they had fallen to 808 tonnes.";
        let c = claim_with(text, "2025-02-10", "808 tonnes");
        assert_eq!(period(&c).as_deref(), Some("2024-11"));
    }
    #[test]
    fn the_whole_a_part_or_share_is_of_is_the_worlds() {
        let text = "Germany is a big buyer, but in October it took 1,118 tonnes of magnets out of \
                    5,473 tonnes, a share of about 20%.";
        let c = claim_with(text, "2025-11-25", "5,473 tonnes");
        assert_eq!(c.subject.partner, Some(Partner::World));
        let c = claim_with(text, "2025-11-25", "1,118 tonnes");
        assert_eq!(partner_code(&c), "DEU");
        let text = "In July, Germany received 392 kilograms of the 763 kilograms of germanium \
                    China exported.";
        let c = claim_with(text, "2025-08-25", "763 kilograms");
        assert_eq!(c.subject.partner, Some(Partner::World));
        // The share's whole named at length; the next sentence's "its" is still Japan's.
        let text = "Japan accounted for just over 4% of China's total magnet exports of 5,473 \
                    tons in October. In September, its share was less than 4% of the 5,774 tons \
                    China sent abroad.";
        let c = claim_with(text, "2025-11-25", "5,473");
        assert_eq!(c.subject.partner, Some(Partner::World));
        let c = claim_with(text, "2025-11-25", "less than 4%");
        assert_eq!(partner_code(&c), "JPN");
        // Not a value set after the share with a comma.
        let text = "The United States accounted for 2,510 tonnes of magnets in the first half, or \
                    11.2% of the total, with a value of $103.7 million.";
        let c = claim_with(text, "2025-08-28", "$103.7 million");
        assert_eq!(partner_code(&c), "USA");
    }
    #[test]
    fn a_destination_in_an_aside_on_the_time_is_not_the_figures() {
        let text = "Gallium, month by month.\n\nIn December 2024, the month Beijing banned sales \
                    to the United States, exports were 6,420 kg.";
        let c = claim_with(text, "2025-02-01", "6,420 kg");
        assert_eq!(c.subject.partner, Some(Partner::World));
        // A year said as a base with "above" is no later figure's either.
        let text = "Rare earth exports for the full year were 55,431 tonnes, 5.9% above 2023, \
                    with a value of $488.8 million.";
        let c = claim_with(text, "2025-02-01", "$488.8 million");
        assert_ne!(period(&c).as_deref(), Some("2023-01..12"));
    }
    #[test]
    fn a_grid_drawn_with_spaces_under_an_indented_header_of_years() {
        let text = "Data team | 21 Nov 2025 | tonnes unless marked\n\n\
                    \x20                                  2022      2023      2024      2025\n\
                    Rare earths, October              3,604     4,291     4,753     4,343.5\n\
                    \x20 change on Oct a year earlier      n/a     +19.1     +10.8      -8.6\n\
                    Magnets (HS 8505.11), October       n/a       n/a     4,725     5,473\n\n\
                    October 2025 magnet destinations   tonnes   change on Sep   share of total\n\
                    \x20 Germany                          1,118       -13.2           20.4%\n";
        let claims = crate::read(text, "2025-11-21".parse().ok()).claims;
        let at = |within: &str| {
            claims
                .iter()
                .find(|c| &text[c.start..c.end] == within)
                .unwrap_or_else(|| panic!("no claim {within:?}"))
        };
        // Each year's column, in the row's month, in the byline's unit.
        assert_eq!(period(at("3,604")).as_deref(), Some("2022-10"));
        assert!(matches!(
            at("3,604").claimed,
            Claimed::Level {
                unit: Unit::Tonnes,
                ..
            }
        ));
        assert_eq!(period(at("4,343.5")).as_deref(), Some("2025-10"));
        // The indented row under it is a row of its own, its label says which change.
        assert_eq!(at("+19.1").kind, Kind::ChangeYoy);
        assert_eq!(period(at("+19.1")).as_deref(), Some("2023-10"));
        // A tariff code is no figure.
        assert!(!claims.iter().any(|c| text[c.start..c.end].contains("8505")));
        assert_eq!(period(at("5,473")).as_deref(), Some("2025-10"));
        // "change on Sep" beside October 2025 is October's change on the month.
        assert_eq!(at("-13.2").kind, Kind::ChangeMom);
        assert_eq!(period(at("-13.2")).as_deref(), Some("2025-10"));
    }
    #[test]
    fn a_change_on_a_month_named_with_its_year_is_a_month_or_a_year_on() {
        // The story is at June 2024; the sentence before looked back to November 2023.
        let text = "Germanium exports were 1,000 kg in June.\n\nNovember's germanium figure was \
                    up 11.3% on the month. It was still 86.9% below November 2022.";
        let c = claim_with(text, "2024-07-23", "86.9% below");
        assert_eq!(period(&c).as_deref(), Some("2023-11"));
        assert_eq!(c.kind, Kind::ChangeYoy);
    }
    #[test]
    fn a_bare_number_labelled_by_a_span_or_the_year() {
        let text = "Rare earth imports, how 2024 went (reference, t)\n\
                    Spring: May 13,747 and Jan-May 62,589.2. June 9,718, a 29.3% drop on May, \
                    which left H1 at 72,307.\n\
                    Year-end: December 9,645. Full year 132,931.";
        let at = |within: &str| claim_with(text, "2025-05-20", within);
        assert_eq!(period(&at("62,589.2")).as_deref(), Some("2024-01..05"));
        assert_eq!(at("62,589.2").kind, Kind::YtdTotal);
        assert_eq!(period(&at("72,307")).as_deref(), Some("2024-01..06"));
        assert_eq!(period(&at("132,931")).as_deref(), Some("2024-01..12"));
        assert!(matches!(
            at("132,931").claimed,
            Claimed::Level {
                unit: Unit::Tonnes,
                ..
            }
        ));
    }
    #[test]
    fn the_quarter_said_again_is_the_quarter_named_or_closed() {
        // The story's month closes the quarter.
        let text = "China exported 5,238 tonnes of magnets in March 2026. There is no March \
                    2025 figure, so no comparison is available for the month, though a \
                    consultancy reckoned that the quarter as a whole was up 9% on the year.";
        let c = claim_with(text, "2026-04-20", "up 9%");
        assert_eq!(period(&c).as_deref(), Some("2026-01..03"));
        assert_eq!(c.kind, Kind::YtdChange);
        // Not "the quarter of": a quarter named right there.
        let text = "Exports were 5,238 tonnes in March 2026, and in the second quarter of 2025 \
                    they were up 4% on the year.";
        let c = claim_with(text, "2026-04-20", "up 4%");
        assert_ne!(period(&c).as_deref(), Some("2026-01..03"));
    }
    #[test]
    fn a_header_that_names_the_flow_sets_it_for_its_rows() {
        let text = "Rare earths. Import aspect, someone say 1-3 month import is 39,600 ton.\n\n\
                    Look back last year fourth quarter (unit: ton):\n\n\
                    Month | export quantity | chain ratio\n\
                    Oct | 3604 | --\n\
                    Nov | 2949.6 | -18.2%\n";
        let c = claim_with(text, "2023-04-21", "2949.6");
        assert_eq!(c.subject.flow, Some(Flow::Export));
        assert_eq!(period(&c).as_deref(), Some("2022-11"));
    }
    #[test]
    fn a_level_in_the_same_period_of_a_year_is_the_span_in_that_year() {
        let text = "Imports came to 7,757 tons in March. In January and February, imports \
                    slumped 21.4% to 16,922.2 tons, from 22,285 tons in the same period of 2024.";
        let c = claim_with(text, "2025-04-20", "22,285");
        assert_eq!(period(&c).as_deref(), Some("2024-01..02"));
        // The change keeps the sentence's span.
        let c = claim_with(text, "2025-04-20", "21.4%");
        assert_eq!(period(&c).as_deref(), Some("2025-01..02"));
    }
    #[test]
    fn rows_beside_an_import_row_are_exports() {
        let text = "The October file, in tonnes\n\n\
                    | | Oct 2024 | Oct 2025 |\n\
                    | Rare earths | 4,753 | 4,343.5 |\n\
                    | Rare earth imports | 10,819 | 8,000 |\n";
        let c = claim_with(text, "2025-11-21", "4,753");
        assert_eq!(c.subject.flow, Some(Flow::Export));
        let c = claim_with(text, "2025-11-21", "10,819");
        assert_eq!(c.subject.flow, Some(Flow::Import));
    }
    #[test]
    fn imports_said_after_an_origin_are_chinas() {
        let text = "Rare earths\n\nChina is also a large importer of rare earth ores, chiefly \
                    from Myanmar, which supplied about half of the total in 2024. Imports were \
                    175,853 tonnes in 2023.";
        let c = claim_with(text, "2026-02-03", "175,853");
        assert_eq!(c.subject.flow, Some(Flow::Import));
        // A buyer carried on, importing from China: China's exports to it.
        let text = "Magnets\n\nGermany was the largest buyer in May. Its imports from China \
                    stood at 209 tonnes in May.";
        let c = claim_with(text, "2025-06-20", "209 tonnes");
        assert_eq!(c.subject.flow, Some(Flow::Export));
    }
    #[test]
    fn a_supplier_named_in_passing_is_not_the_partner_after_it() {
        let text = "Rare earth imports, in tonnes.\n\nTrade contacts say Myanmar still supplies \
                    most of it.\n\nIn December 2024 imports were 9,645 tonnes.";
        let c = claim_with(text, "2025-05-20", "9,645");
        assert_eq!(c.subject.partner, Some(Partner::World));
    }
    #[test]
    fn a_share_read_as_the_worlds_tries_the_destination_named_last() {
        let text = "Rare earth magnets\n\nIndia took 418 tonnes in July 2025.\n\nNobody else \
                    grew as fast. The number was 7.5% of China's total.";
        let c = claim_with(text, "2025-08-25", "7.5%");
        let tried = if c.subject.partner == Some(Partner::World) {
            c.alt_partner.clone()
        } else {
            c.subject.partner.clone()
        };
        assert_eq!(tried.as_ref().map(|p| p.code()), Some("IND"));
    }
}
