//! Claim extraction: the sentences of the story, each read for the claim forms of trade
//! reporting, with the subject resolved from the sentence and the article around it.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Serialize;
use tradewatch_model::{Flow, Month, Period, display};

use crate::context::{self, Context};
use crate::number::{self, Figure, Qualifier, Unit};
use crate::text::Document;

/// What a claim asserts.
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

/// How a claim places a policy event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The event happened on (or in, or since) the date given.
    Date,
    /// The data's month is the event's month ("cover the month in which …").
    During,
    /// The data's month is the month before the event's ("the month before …").
    MonthBefore,
    /// The data's month is the first whole month after the event ("the first full month
    /// under the April 4 rule").
    FirstFullMonth,
}

/// A claim about a policy event: the relation, the date as precise as written, and the words
/// that identify the event.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyClaim {
    pub relation: Relation,
    pub date: Option<NaiveDate>,
    pub month: Month,
    /// The data's month, for relations to the data.
    pub data: Option<Month>,
    pub words: Vec<String>,
}

impl Claim {
    /// A claim with no direction, run, month, event, ranking or policy part.
    fn new(kind: Kind, start: usize, end: usize, subject: Subject, claimed: Claimed) -> Claim {
        Claim {
            kind,
            start,
            end,
            subject,
            claimed,
            direction: None,
            prior_run: false,
            month: None,
            event: None,
            ranked: Vec::new(),
            overtaken: None,
            policy: None,
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

/// The subject of a claim; a missing part makes the claim unverifiable.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Subject {
    pub reporter: Option<String>,
    pub partner: Option<String>,
    pub flow: Option<Flow>,
    pub basket: Option<String>,
    pub period: Option<Period>,
}

/// What the claim says, as a number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claimed {
    pub value: f64,
    pub unit: String,
    pub qualifier: Qualifier,
    /// The place value of the last digit written.
    #[serde(skip)]
    pub precision: f64,
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
    pub direction: Option<Dir>,
    /// Streaks: the run the claim is about is the one before the current ("ending three months
    /// of gains").
    pub prior_run: bool,
    /// Turning points and records: the month named.
    pub month: Option<Month>,
    /// Event timing: the claimed relation and the event's date.
    pub event: Option<(bool, Option<NaiveDate>, Option<Month>)>,
    /// Event claims: what the text says of a policy event ("took effect on Sept. 15", "the
    /// month before Beijing's Oct. 9 announcement").
    pub policy: Option<PolicyClaim>,
    /// Rankings: the partners claimed to make up the top places (in the order written), and
    /// one claimed to have been overtaken.
    pub ranked: Vec<String>,
    pub overtaken: Option<String>,
}

static FALL: &str = r"fell|collaps(?:ed|es?)|fall(?:en|s)?|declin(?:ed|es?|ing)|decreas(?:ed|es?|ing)|dropp?(?:ed|s)?|slipp?(?:ed|s)?|slid(?:es)?|slump(?:ed|s)?|plung(?:ed|es?)|tumbl(?:ed|es?)|sank|sink|shr[aiu]nk|los[st]|contract(?:ed|ion)|down|lower|less|below|dip(?:ped)?|eas(?:ed|es)|retreat(?:ed)?|decline|decrease|drop|fall|slump|plunge";
static RISE: &str = r"rose|ris(?:en|es|e|ing)|increas(?:ed|es?|ing)|gain(?:ed|s)?|climb(?:ed|s)?|jump(?:ed|s)?|surg(?:ed|es?)|soar(?:ed|s)?|grew|grow(?:n|s|th)|up|higher|more|above|rebound(?:ed)?|advanc(?:ed|es?)|expand(?:ed)?|increase|rise|jump|surge|gain";

static DIR_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:(?P<fall>{FALL})|(?P<rise>{RISE}))\b")).expect("direction")
});

static HEADLINE_DIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?P<fall>fall(?:s)? again|fell again|slides?|slid|slump(?:s|ed)?|dips?|dipped|slips?|slipped|drops?|dropped|plunges?|plunged|decrease[sd]?|edges? (?:back )?(?:down|lower)|sink(?:s)?|sank|tumbles?|tumbled)|(?P<rise>surges?|surged|soars?|soared|rebounds?|rebounded|jumps?|jumped|climbs?|climbed|climbing|recovers?|recovered|edges? (?:back )?(?:up|higher)|rises?|rose|resumes?|resumed))\b")
        .expect("headline direction")
});

static SUBJECT_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:exports?|shipments?|imports?|volumes?|sales|purchases)\b")
        .expect("subject noun")
});

static FALL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{FALL})")).expect("fall"));
static RISE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{RISE})")).expect("rise"));
static EXTENDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:extend\w*|continu\w*|prolong\w*|add\w* to)\s+(?:\w+\s+){0,3}$")
        .expect("extending")
});
static DATA_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(data|figures|numbers|statistics|shipments|exports)\b").expect("data")
});

static YOY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)year[- ]on[- ]year|year[- ]over[- ]year|\by/y\b|\byoy\b|a year (?:earlier|ago|before)|same (?:period|month|time) (?:of |a )?(?:last|the previous|previous|a) year|same period of (?:last year|\d{4})|same period\b|from a year|last year|(?:in|from|than|on|over) (?:\w+ )?(?:19|20)\d\d\b|compared with \w+ (?:19|20)\d\d").expect("yoy")
});
static MOM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)month[- ]on[- ]month|month[- ]over[- ]month|\bm/m\b|\bmom\b|(?:from|than|on|over|compared with|versus|vs\.?) (?:the )?(?:previous|prior|preceding) month|on the month|from a month (?:earlier|before)|last month|a month earlier|sequential").expect("mom")
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bof (?:the |all |total |everything|china's |its )|\bshare\b|accounted for|account(?:ing|s)? for|\btook\b|\bmade up\b|\bof total\b").expect("share")
});
static YTD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)first (?P<q>three|two) quarters?|first[- ](?P<q1>quarter)|first[- ]half|first (?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d+) months|(?P<nm>two|three|four|five|six|seven|eight|nine|ten|eleven)-month|(?:january|jan\.?)\s?(?:-|–|—|to|through)\s?(?P<to>[a-z]+)|year[- ]to[- ]date|so far this year|(?:fiscal|financial) year (?:to|ending|ended) [a-z]+ (?:19|20)\d\d|(?:february|march|april|june|july|august|september|october|november)\s?(?:-|–|—|to|through)\s?(?:[a-z]+)\s(?:19|20)\d\d|in the year to (?P<yto>[a-z]+)|(?:full[- ]year|whole year|for the year|annual|in (?P<yr>(?:19|20)\d\d)\b|(?:the whole of|all of|whole of) (?P<yr2>(?:19|20)\d\d)\b|\b(?P<yr3>(?:19|20)\d\d) (?:exports|shipments|imports)\b)").expect("ytd")
});
static YEAR_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:of\s+)?((?:19|20)\d\d)\b").expect("year after"));
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<a>february|march|april|may|june|july|august|september|october|november)\s?(?:-|–|—|to|through)\s?(?P<b>january|february|march|april|may|june|july|august|september|october|november|december)(?:\s+(?P<y>(?:19|20)\d\d))?\b").expect("span")
});
static FISCAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fiscal|financial) year (?:to|ending|ended) (?P<b>[a-z]+)\s+(?P<y>(?:19|20)\d\d)\b").expect("fiscal")
});
static POLICY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:controls?|licen[cs]\w*|rules?|truce|bann?(?:ed|s)?|talks|met|meeting|summit|measures|suspen\w*|announc\w*|regime|curbs?|restrictions?|requirement|took effect|takes effect|came into force|added|issued|placed under|deal|framework|agreement|accord)\b").expect("policy word")
});
static PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s+[a-z]+ing\s+(?:(?:about|around|some|just|only)\s+)?$").expect("participle")
});
static ZERO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bno\s+(?:\w+\s+){0,3}?(?:went|has gone|reached|has reached|was shipped|were shipped|left)\s+(?:to\s+)?|\breceived no\b|\bto zero\b|\b(?:were|was) nil\b|\b(?:a\s+)?(?:complete|total) halt\b|\b(?:neither|nor) did\s+")
        .expect("zero")
});
static MODAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:should|could|may|might|will|would|expected to|likely to|set to)\s+(?:\w+\s+)?$",
    )
    .expect("modal")
});
static PLUPERFECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[\w']+\s+){0,3}had (?:been|\w+ed)\b").expect("pluperfect")
});
static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<hedge>more than |nearly |almost |about |over |just over |just under |less than |roughly )?(?P<frac>half|two-thirds|two thirds|a third|one-third|three-quarters|three quarters|a quarter|one-quarter|most)\s+of\s+(?P<what>[^,.;:]{0,40})|\b(?P<all>all)\s+(?:[\d,.]+\s+(?:tonnes|tons|t|kg)\s+)?of\s+[^,.;]{0,40}?\s+went\s+to\s+|\bwent\s+(?P<entirely>entirely|exclusively|solely)\s+to\s+")
        .expect("fraction")
});
static NOT_TRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:prices?|premiums?|costs?|need|needs|demand|capacity|consum\w*|quotas?|reserves?|output)\b").expect("not trade")
});
static SINCE_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:required|needed|require|need|been|under|subject to|in force|in place)\b")
        .expect("since state")
});
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:expires?|expiring|will|due to|set to|scheduled|until)\b").expect("future")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bon (?P<d>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
        .expect("weekday")
});
static RELATIVE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:late|early|earlier|later) )?(?P<w>last month|this month)\b")
        .expect("relative month")
});
static RANK_ONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:remained|remains|were|are|was|is|still is|became|becomes|stayed|as|enter(?:ed|s)?|with)\s+(?:\w+\s+)?(?:the\s+)?(?P<pos>top (?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)|(?P<n2>two|three|four|five|six|seven|eight|nine|ten|\d+) (?:largest|biggest)|top|largest|biggest|first big|single largest|largest single|leading|number one|no\. 1)\s+(?:\w+\s+)?(?P<noun>buyers?|destinations?|customers?|markets?|importers?|purchasers?)\b")
        .expect("rank")
});
static OVERTAKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:overtook|overtakes|overtaken|overtaking|passed|surpassed|surpasses)\s+")
        .expect("overtake")
});
static STREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<n>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))[- ](?:consecutive|straight|successive|continuous|month in a row|monthly)(?:\s+(?:monthly\s+)?(?P<noun>month|decline|declines|fall|falls|drop|drops|decrease|decreases|increase|increases|rise|rises|gain|gains|climb|month of (?:decline|growth|gains|falls|increase|decrease)))?")
        .expect("streak")
});
static PRIOR_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:end(?:ed|ing|s)?|broke|breaking|snapp(?:ed|ing)|halt(?:ed|ing)|end)\s+(?:a\s+)?(?P<n>two|three|four|five|six|seven|\d+)[- ]months?(?:[- ]long)?\s+(?:of\s+|run of\s+|streak of\s+|run\s+of\s+)?(?P<what>gains|increases|rises|growth|declines|decreases|falls|drops|decrease|decline|increase)")
        .expect("prior run")
});
static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)[- ](?P<unit>month|year)\s+(?P<hl>high|low|peak|trough)|(?:the\s+)?(?P<word>highest|lowest|weakest|strongest|smallest|largest|biggest)\s+(?:level\s+|monthly total\s+|figure\s+|total\s+)?since\s+").expect("record")
});
static TURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<what>rebound|recovery|rise|upturn|increase|climb|decline|slide|fall|downturn|drop)\s+that\s+(?:had\s+)?(?:began|begun|started|start)\s+in\s+").expect("turn")
});
static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<rel>before|after|ahead of|prior to|predat\w*|since|under)\b[^.;]{0,120}?\b(?:control|controls|licen[cs]\w*|rule|rules|truce|ban|announcement|restriction\w*|regime|curbs?|measures|deal|framework|talks)\b").expect("event")
});
static EARLIER_THIS_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)earlier this month|this month|last month").expect("this month")
});
static MULTIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<hedge>more than |nearly |almost |about )?(?P<verb>doubled|tripled|trebled|quadrupled|halved)|(?P<hedge2>more than |nearly |almost |about )?(?P<times>two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\s+times\s+(?:the\s+)?(?:(?P<base>[A-Z][a-z]+)(?:'s)?\s+)?(?:level|figure|total|volume|amount)").expect("multiple")
});
static TRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(export|exports|exported|shipment|shipments|shipped|import|imports|imported|sales|sold|purchases|bought|received|took|totall?ed|reached|came to|amounted|volume|volumes|tonnes|tons|ton|amount)\b").expect("trade")
});

/// Splits a paragraph into sentences: at ". ", "? ", "! " and "; " before a capital or a
/// digit, never inside "U.S." or "Oct. 9".
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'?' | b'!') && i + 2 < bytes.len() && bytes[i + 1] == b' ' {
            let next = text[i + 2..].chars().next().unwrap_or(' ');
            let word: String = text[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '.')
                .collect::<String>()
                .chars()
                .rev()
                .collect();
            let abbrev = word.len() <= 4
                && (word.contains('.')
                    || matches!(
                        word.to_lowercase().as_str(),
                        "u.s"
                            | "jan"
                            | "feb"
                            | "mar"
                            | "apr"
                            | "aug"
                            | "sep"
                            | "sept"
                            | "oct"
                            | "nov"
                            | "dec"
                            | "mr"
                            | "ms"
                            | "dr"
                            | "no"
                            | "st"
                            | "vs"
                    ));
            if next.is_uppercase() && !abbrev {
                out.push((start, i + 1));
                start = i + 2;
            }
        }
        i += 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Up to `reach` bytes of `text` before `at` (cut at a character boundary).
fn text_before(text: &str, at: usize, reach: usize) -> &str {
    &text[text.ceil_char_boundary(at.saturating_sub(reach))..at]
}

/// Up to `reach` bytes of `text` after `at` (cut at a character boundary).
fn text_after(text: &str, at: usize, reach: usize) -> &str {
    &text[at..text.floor_char_boundary(at + reach)]
}

/// The partner of a figure at `at..end`: one named in its clause (the sentence up to the
/// clause's end); else, when the sentence names one only in a later clause ("…, and
/// two-thirds went to Russia") and does not refer back, the world total; else none (the
/// article's).
fn partner_at(sentence: &str, end: usize) -> Option<&'static str> {
    let clause_end = sentence[end..]
        .find([',', ';', '('])
        .map_or(sentence.len(), |k| end + k);
    if let Some(p) = context::partner_of(&sentence[..clause_end]) {
        return Some(p);
    }
    if context::partner_of(sentence).is_some() && !context::refers_back(sentence) {
        return Some("WLD");
    }
    None
}

/// The direction word nearest before a figure (within 48 bytes), else right after it (within 24).
fn direction_near(sentence: &str, fig_start: usize, fig_end: usize) -> Option<Dir> {
    let before = text_before(sentence, fig_start, 48);
    let after = text_after(sentence, fig_end, 24);
    let pick = |c: regex::Captures| {
        if c.name("fall").is_some() {
            Dir::Fall
        } else {
            Dir::Rise
        }
    };
    DIR_WORD
        .captures_iter(before)
        .last()
        .map(pick)
        .or_else(|| DIR_WORD.captures_iter(after).next().map(pick))
}

fn ordinal_or_word(w: &str) -> Option<f64> {
    number::ordinal_number(w)
        .map(f64::from)
        .or_else(|| number::word_number(w))
        .or_else(|| w.parse().ok())
}

/// The year-to-date span a sentence names, ending in the month it gives.
fn ytd_period(
    sentence: &str,
    context_period: Option<Period>,
    published: Option<NaiveDate>,
) -> Option<Option<Period>> {
    // "a six-month high" is a record, not a year-to-date span.
    let spans: Vec<regex::Captures> = YTD
        .captures_iter(sentence)
        .filter(|c| {
            c.get(0).is_some_and(|m| {
                let after = sentence[m.end()..].trim_start().to_lowercase();
                let run = c.name("nm").is_some()
                    && [
                        "high",
                        "low",
                        "peak",
                        "trough",
                        "run",
                        "streak",
                        "stretch",
                        "string",
                        "sequence",
                        "decline",
                        "rise",
                        "fall",
                        "gain",
                        "slide",
                        "rally",
                        "rebound",
                        "losing",
                        "winning",
                        "delay",
                        "pause",
                        "suspension",
                        "truce",
                    ]
                    .iter()
                    .any(|w| after.starts_with(w));
                // "in 2025 September" names a month.
                let month_of_year = c.name("yr").is_some()
                    && context::months(&sentence[m.end()..])
                        .first()
                        .is_some_and(|r| sentence[m.end()..m.end() + r.start].trim().is_empty());
                !run && !month_of_year
            })
        })
        .collect();
    // A span named ("January-August") before a vague one ("year to date").
    let vague = |c: &regex::Captures| {
        c.get(0).is_some_and(|m| {
            let t = m.as_str().to_lowercase();
            t.contains("to date") || t.contains("so far")
        })
    };
    let c = spans.iter().find(|c| !vague(c)).or_else(|| spans.first())?;
    // "in the first two months of 2026": the year written after the span.
    let written = c.get(0).and_then(|m| {
        YEAR_AFTER
            .captures(text_after(sentence, m.end(), 12))
            .and_then(|y| y[1].parse::<i32>().ok())
    });
    let year = written
        .or_else(|| context_period.map(|p| p.last().year()))
        .or_else(|| published.map(|d| d.year()));
    // "April-September 2025", "the fiscal year to March 2025": spans not starting in January.
    if let Some(sp) = SPAN.captures(sentence)
        && let (Some(a), Some(b)) = (sp.name("a"), sp.name("b"))
    {
        let first = context::months(&display::capitalise(a.as_str()))
            .first()
            .map(|m| m.month);
        let last = context::months(&display::capitalise(b.as_str()))
            .first()
            .map(|m| m.month);
        let y = sp
            .name("y")
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .or(year);
        if let (Some(f), Some(l), Some(y)) = (first, last, y)
            && f != 1
        {
            let fy = if f <= l { y } else { y - 1 };
            return Some(format!("{fy}-{f:02}..{y}-{l:02}").parse().ok());
        }
    }
    if let Some(fy) = FISCAL.captures(sentence)
        && let (Some(b), Some(y)) = (fy.name("b"), fy.name("y"))
        && let Some(l) = context::months(&display::capitalise(b.as_str()))
            .first()
            .map(|m| m.month)
        && let Ok(y) = y.as_str().parse::<i32>()
    {
        let end = Month::new(y, l).ok()?;
        let start = end.plus(-11);
        return Some(Some(Period::Span(start, end)));
    }
    let end_month: Option<u32> = if c.name("q1").is_some() {
        Some(3)
    } else if let Some(q) = c.name("q") {
        Some(if q.as_str().eq_ignore_ascii_case("three") {
            9
        } else {
            6
        })
    } else if c.get(0).is_some_and(|m| {
        m.as_str().to_lowercase().starts_with("first") && m.as_str().to_lowercase().contains("half")
    }) {
        Some(6)
    } else if let Some(n) = c.name("n").or(c.name("nm")) {
        ordinal_or_word(n.as_str()).map(|v| v as u32)
    } else if let Some(to) = c.name("to").or(c.name("yto")) {
        context::months(&display::capitalise(to.as_str()))
            .first()
            .map(|m| m.month)
    } else if let Some(y) = c.name("yr").or(c.name("yr2")).or(c.name("yr3")) {
        // "in 2024": the whole year.
        let y: i32 = y.as_str().parse().ok()?;
        return Some(Period::parse_span(y, 1, 12));
    } else if c.get(0).is_some_and(|m| {
        let t = m.as_str().to_lowercase();
        t.contains("full")
            || t.contains("whole")
            || t.contains("for the year")
            || t.contains("annual")
    }) {
        Some(12)
    } else {
        // "year to date", "so far this year": through the context's month.
        context_period.map(|p| p.last().month())
    };
    Some(match (year, end_month) {
        (Some(y), Some(m)) if (1..=12).contains(&m) => Period::parse_span(y, 1, m),
        _ => None,
    })
}

trait SpanPeriod {
    fn parse_span(year: i32, first: u32, last: u32) -> Option<Period>;
}

impl SpanPeriod for Period {
    fn parse_span(year: i32, first: u32, last: u32) -> Option<Period> {
        let text = if first == last {
            format!("{year}-{last:02}")
        } else {
            format!("{year}-{first:02}..{last:02}")
        };
        text.parse().ok()
    }
}

/// True when a month names the period a sentence reports on: "in September", "for
/// September", "September's", "September exports", "September 2025" at the start — not "the
/// May low" or "the June peak".
fn states_period(sentence: &str, m: &context::MonthRef) -> bool {
    let lead = sentence[..m.start].to_lowercase();
    let lead = lead.trim_end();
    let after = sentence[m.end..].to_lowercase();
    let after = after.trim_start();
    lead.ends_with(" in")
        || lead == "in"
        || lead.ends_with(" for")
        || lead.ends_with(" during")
        || lead.ends_with(" of")
        || after.starts_with("'s")
        || after.starts_with("’s")
        || [
            "export", "import", "shipment", "sales", "figure", "data", "volume", "total",
        ]
        .iter()
        .any(|w| after.starts_with(w))
        || MONTH_TRADE.is_match(after)
        || (m.start == 0 && m.year.is_some())
}

/// "October rare earth magnet exports": a month naming the trade that follows.
static MONTH_TRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z][a-z-]*\s+){1,4}(?:exports?|imports?|shipments?)\b").expect("month trade")
});

/// The month a figure itself is tied to: "2,627 tonnes in April", "April's 2,627 tonnes".
fn figure_month(sentence: &str, f: &Figure, published: Option<NaiveDate>) -> Option<Month> {
    let after = text_after(sentence, f.end, 14);
    if let Some(r) = context::months(after).first()
        && after[..r.start].trim().eq_ignore_ascii_case("in")
    {
        return context::resolve(r, published);
    }
    let when = text_before(sentence, f.start, 32);
    if let Some(r) = context::months(when).into_iter().next_back() {
        let tail = when[r.end..].trim_start().to_lowercase();
        if tail.starts_with(", when") || tail.starts_with("when") {
            return context::resolve(&r, published);
        }
    }
    let near = text_before(sentence, f.start, 24);
    if let Some(r) = context::months(near).into_iter().next_back()
        && near[..r.start].trim_end().to_lowercase().ends_with(" in")
        && matches!(near[r.end..].trim(), "to" | "at" | ",")
    {
        return context::resolve(&r, published);
    }
    let before = text_before(sentence, f.start, 14);
    context::months(before)
        .into_iter()
        .rev()
        .find(|r| {
            let tail = before[r.end..].trim();
            tail == "'s" || tail == "’s"
        })
        .and_then(|r| context::resolve(&r, published))
}

/// Extracts the claims of a document. `published` resolves months written without a year and
/// "last month" / "earlier this month".
pub fn extract(doc: &Document, published: Option<NaiveDate>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let mut ctx = Context::default();
    // Claims read before the story has named its period (headlines, standfirsts) take the
    // subject of the lead once the lead sets it.
    let mut pending: Vec<usize> = Vec::new();
    for p in doc.story() {
        let para = doc.slice(p);
        for (s, e) in sentences(para) {
            let sentence = &para[s..e];
            let offset = p.start + s;
            let first = out.len();
            read_sentence(sentence, offset, &mut ctx, published, &mut out);
            let lead_known = ctx.period.is_some() && ctx.reporter.is_some() && ctx.basket.is_some();
            if !lead_known {
                pending.extend(first..out.len());
            } else if !pending.is_empty() {
                for i in pending.drain(..) {
                    let c = &mut out[i];
                    // Only a claim that names what is traded takes the lead's subject: a
                    // headline with no commodity ("Exports fall 12%") stays unresolved.
                    if matches!(c.kind, Kind::YtdTotal | Kind::YtdChange)
                        || c.subject.basket.is_none()
                    {
                        continue;
                    }
                    let s = &mut c.subject;
                    s.period = s.period.or(ctx.period);
                    s.reporter = s.reporter.take().or_else(|| ctx.reporter.clone());
                    s.flow = s.flow.or(ctx.flow);
                    s.basket = s.basket.take().or_else(|| ctx.basket.clone());
                    s.partner = s.partner.take().or_else(|| ctx.partner.clone());
                }
            }
        }
    }
    out
}

fn subject(ctx: &Context, period: Option<Period>, partner: Option<&str>) -> Subject {
    // A reporter is never its own partner ("India's imports").
    let partner = partner
        .map(str::to_string)
        .or_else(|| ctx.partner.clone())
        .filter(|p| Some(p) != ctx.reporter.as_ref());
    Subject {
        reporter: ctx.reporter.clone(),
        partner,
        flow: ctx.flow,
        basket: ctx.basket.clone(),
        period,
    }
}

fn claimed(f: &Figure, value: f64, unit: &str) -> Claimed {
    Claimed {
        value,
        unit: unit.to_string(),
        qualifier: f.qualifier,
        precision: f.precision,
    }
}

/// A count of months, stated exactly (a streak's length, "highest in 14 months").
fn month_count(value: f64) -> Claimed {
    Claimed {
        value,
        unit: "months".to_string(),
        qualifier: Qualifier::Exact,
        precision: 1.0,
    }
}

#[allow(clippy::too_many_lines)]
fn read_sentence(
    sentence: &str,
    offset: usize,
    ctx: &mut Context,
    published: Option<NaiveDate>,
    out: &mut Vec<Claim>,
) {
    // Month names without a year: against the publication date, else (an undated story)
    // against the story's own period; "last month" and "on Sunday" need the date itself.
    let dated = published;
    let published = published.or_else(|| {
        ctx.period
            .and_then(|p| NaiveDate::from_ymd_opt(p.last().year(), p.last().month(), 28))
    });
    ctx.update(sentence);
    // The period: the first month named that is not a base ("from August"), a start ("began in
    // June") or a record's bound ("since February 2020"); "last month" from the date.
    let months = context::months(sentence);
    let mut period: Option<Period> = None;
    let mut base: Option<Month> = None;
    let mut bases: Vec<(usize, Month)> = Vec::new();
    let mut period_at = 0;
    for m in &months {
        let lead = sentence[..m.start].to_lowercase();
        let lead = lead.trim_end();
        let Some(month) = context::resolve(m, published) else {
            continue;
        };
        if lead.ends_with("from")
            || lead.ends_with("than")
            || lead.ends_with("than in")
            || lead.ends_with("above")
            || lead.ends_with("below")
            || lead.ends_with("compared with")
            || lead.ends_with("against")
            || lead.ends_with("on") && lead.ends_with(" on")
            || lead.ends_with("over")
            || lead.ends_with("versus")
            || lead.ends_with("vs.")
        {
            base = base.or(Some(month));
            bases.push((m.start, month));
        } else if lead.ends_with("since")
            || lead.ends_with("began in")
            || lead.ends_with("started in")
            || lead.ends_with("start in")
        {
            // handled by the record and turning-point patterns
        } else if period.is_none() && m.day.is_none() && states_period(sentence, m) {
            period = Some(Period::Month(month));
            period_at = m.end;
        }
    }
    if period.is_none()
        && let Some(d) = dated
        && sentence.to_lowercase().contains("last month")
        && !EVENT.is_match(sentence)
    {
        period = Month::new(d.year(), d.month())
            .ok()
            .map(|m| Period::Month(m.plus(-1)));
    }
    // "That followed September's fall of about 4%": a look back, not the story moving on.
    if let Some(p) = period
        && !context::refers_back(sentence)
        // "August shipments had been around 16.7 tonnes": the month of a look back.
        && !PLUPERFECT.is_match(
            // "In July, terbium exports had recovered": the month opening the sentence.
            if period_at < 12 {
                text_after(sentence, period_at, 40).trim_start_matches([',', ' '])
            } else {
                text_after(sentence, period_at, 40)
            },
        )
    {
        ctx.period = Some(p);
    }
    let lc_sentence = sentence.to_lowercase();
    let period = if period.is_none()
        && [
            "the month before",
            "a month earlier",
            "the previous month",
            "the prior month",
        ]
        .iter()
        .any(|w| lc_sentence.starts_with(w))
    {
        ctx.period
            .and_then(|p| p.as_month())
            .map(|m| Period::Month(m.plus(-1)))
    } else {
        period.or(ctx.period)
    };
    let ytd = ytd_period(sentence, period, published);
    // A span that does not start in January ("April-September", a fiscal year) is a period of
    // its own, not a year to date.
    let other_span = ytd.flatten().is_some_and(|p| p.first().month() != 1);
    let figures = number::figures(sentence);
    let sentence_partner = context::partner_of(sentence);

    // Changes, shares and levels from figures.
    for (i, f) in figures.iter().enumerate() {
        let rest = &sentence[f.end..];
        // Prices, premiums and demand are not trade figures ("spot premiums had fallen by
        // around 10%", "makers need 8,000 to 10,000 tonnes").
        let clause_lo = sentence[..f.start].rfind([',', ';']).map_or(0, |k| k + 1);
        if NOT_TRADE.is_match(&sentence[clause_lo..f.start]) {
            continue;
        }
        if sentence[..f.start].trim_end().ends_with(" to")
            && figures[..i].last().is_some_and(|p| {
                let year = p.unit == Unit::Bare && (1900.0..=2100.0).contains(&p.value);
                f.start - p.end < 6 && p.unit != Unit::Pct && !year
            })
        {
            continue;
        }
        match f.unit {
            Unit::Pct => {
                // The words around the figure, not reaching past its neighbours.
                let prev_end = figures[..i].last().map_or(0, |p| p.end);
                let next_start = figures.get(i + 1).map_or(sentence.len(), |n| n.start);
                let window_lo = (f.start - text_before(sentence, f.start, 60).len()).max(prev_end);
                let window_hi = (f.end + text_after(sentence, f.end, 60).len()).min(next_start);
                let around = &sentence[window_lo..window_hi];
                let after_lc = rest.to_lowercase();
                let lead_lc = sentence[window_lo..f.start].to_lowercase();
                let after_trim = after_lc.trim_start();
                let no_dir_before = !DIR_WORD.is_match(&sentence[window_lo..f.start]);
                let share_words = SHARE.is_match(&sentence[f.end..window_hi])
                    || lead_lc.contains("took")
                    || lead_lc.contains("account");
                // "the EU took 38% of the July total and the U.S. about 11%": a share listed
                // after another.
                let listed = out.last().is_some_and(|c| {
                    c.kind == Kind::Share && c.start >= offset && {
                        let between = sentence[..f.start].trim_end().to_lowercase();
                        let tail = &between[between.len().saturating_sub(24)..];
                        tail.contains("and ")
                            && context::countries(tail).iter().any(|(c, _, _)| *c != "WLD")
                    }
                });
                if listed
                    || share_words
                        && no_dir_before
                        && (after_trim.starts_with("of")
                            || after_trim.starts_with("share")
                            || lead_lc.contains("took")
                            || lead_lc.contains("account"))
                {
                    // The partner a share is of: the country named before the figure.
                    let who = context::countries(&sentence[..f.start])
                        .into_iter()
                        .rev()
                        .find(|(c, _, _)| *c != "WLD")
                        .map(|(c, _, _)| c);
                    // "47% of first-half shipments": the span's share.
                    let per = if ytd.is_some() { ytd.flatten() } else { period };
                    out.push(Claim::new(
                        Kind::Share,
                        offset + f.start,
                        offset + f.end,
                        subject(ctx, per, who),
                        claimed(f, f.value, "pct"),
                    ));
                    continue;
                }
                let Some(dir) = direction_near(sentence, f.start, f.end) else {
                    continue;
                };
                let signed = if dir == Dir::Fall { -f.value } else { f.value };
                // The base of this figure: one named in its window ("28.7% from August"),
                // else none — another figure's base ("50% below June last year") is not it.
                let base = bases
                    .iter()
                    .find(|(at, _)| (window_lo..window_hi).contains(at))
                    .map(|(_, m)| *m)
                    .or(if bases.len() == 1 && figures.len() == 1 {
                        base
                    } else {
                        None
                    });
                let base_is_prev = base
                    .zip(period.and_then(|p| p.as_month()))
                    .is_some_and(|(b, p)| b == p.plus(-1));
                let base_is_year = base
                    .zip(period.and_then(|p| p.as_month()))
                    .is_some_and(|(b, p)| b == p.plus(-12));
                let kind = if other_span {
                    Kind::ChangeYoy
                } else if ytd.is_some() {
                    Kind::YtdChange
                } else if base_is_year || YOY.is_match(around) && !MOM.is_match(around) {
                    Kind::ChangeYoy
                } else if base_is_prev || MOM.is_match(around) {
                    Kind::ChangeMom
                } else if base.is_some() {
                    // A change from another month: not a claim we can name.
                    continue;
                } else if period.is_some_and(|p| p.is_month()) {
                    // A monthly figure's change with no base named is month-on-month, as
                    // customs releases and the stories on them use it.
                    Kind::ChangeMom
                } else {
                    continue;
                };
                let per = if kind == Kind::YtdChange || other_span {
                    ytd.flatten()
                } else {
                    period
                };
                // End at the base phrase when it follows the figure ("28.7% from August").
                let end = f.end;
                let start = figures[..i]
                    .last()
                    .map_or(window_lo, |prev| prev.end.max(window_lo));
                let verb_start = DIR_WORD
                    .find_iter(&sentence[start..f.start])
                    .last()
                    .map_or(f.start, |m| start + m.start());
                out.push(Claim {
                    direction: Some(dir),
                    ..Claim::new(
                        kind,
                        offset + verb_start.min(f.start),
                        offset + end,
                        subject(ctx, per, partner_at(sentence, f.end)),
                        claimed(f, signed, "pct"),
                    )
                });
            }
            Unit::Tonnes | Unit::Kg | Unit::Usd => {
                if !TRADE.is_match(sentence) {
                    continue;
                }
                // A figure after "from" is the base of a change, not a claim of its own.
                let lead = sentence[..f.start].to_lowercase();
                if lead.trim_end().ends_with("from") {
                    continue;
                }
                let (value, unit) = match f.unit {
                    Unit::Tonnes => (f.value, "t"),
                    Unit::Kg => (f.value / 1000.0, "t"),
                    _ => (f.value, "USD"),
                };
                let mut c = claimed(f, value, unit);
                if f.unit == Unit::Kg {
                    c.precision = f.precision / 1000.0;
                }
                let own = figure_month(sentence, f, published).map(Period::Month);
                let (kind, per) = match (ytd, own) {
                    (_, Some(p)) => (Kind::Level, Some(p)),
                    (Some(p), None) if other_span => (Kind::Level, p),
                    (Some(p), None) => (Kind::YtdTotal, p),
                    (None, None) => (Kind::Level, period),
                };
                // The partner of a level: a country right before it ("Germany took 1,288 t").
                // The partner of a level: the country nearest before it, with no other figure
                // between ("Germany took 1,288 t", "Germany …, export amount 1288 ton").
                let prev_end = figures[..i].last().map_or(0, |p| p.end);
                // ", taking 815 tonnes": the sentence's subject, not the country just named.
                let participle = PARTICIPLE.is_match(&sentence[prev_end..f.start]);
                let who = context::countries(&sentence[prev_end..f.start])
                    .into_iter()
                    .rfind(|_| !participle)
                    .filter(|(_, _, e)| f.start - (prev_end + e) < 80)
                    .map(|(c, _, _)| c)
                    .or_else(|| {
                        context::countries(sentence)
                            .into_iter()
                            .next()
                            .filter(|(c, s, _)| participle && *s < 4 && *c != "WLD")
                            .map(|(c, _, _)| c)
                    })
                    .or_else(|| partner_at(sentence, f.end));
                out.push(Claim::new(
                    kind,
                    offset + f.start,
                    offset + f.end,
                    subject(ctx, per, who),
                    c,
                ));
            }
            _ => {}
        }
    }

    // Direction without a number ("magnet exports surge in July", headlines): the sign of the
    // month's change.
    let has_change_figure = figures
        .iter()
        .any(|f| matches!(f.unit, Unit::Pct | Unit::Pp));
    let verb_after_subject = |m: &regex::Match| {
        let before = text_before(sentence, m.start(), 48).to_lowercase();
        let last_word = before.split_whitespace().last().unwrap_or("");
        (SUBJECT_NOUN.is_match(&before)
            && !matches!(last_word, "a" | "an" | "the" | "its" | "brief"))
            // "America decrease", "Germany slips again": a country as the subject.
            || context::countries(&before)
                .last()
                .is_some_and(|(_, _, e)| before[*e..].trim().is_empty())
            // "dysprosium edges up": a commodity as the subject.
            || context::basket(before.split([',', ';', ':']).next_back().unwrap_or(""))
                .is_some()
                && before.split([',', ';', ':']).next_back().is_some_and(|c| c.split_whitespace().count() <= 3)
    };
    let plain = !has_change_figure
        && !MULTIPLE.is_match(sentence)
        && !TURN.is_match(sentence)
        && !STREAK.is_match(sentence)
        && !PRIOR_RUN.is_match(sentence)
        && !RECORD.is_match(sentence);
    // Each clause may carry its own ("magnet exports dip; U.S. shipments climb").
    let mut clause_start = 0;
    for c in HEADLINE_DIR.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        if !plain
            || !verb_after_subject(&m)
            || m.start() < clause_start
            || MODAL.is_match(text_before(sentence, m.start(), 40))
        {
            continue;
        }
        let clause_lo = sentence[..m.start()]
            .rfind([';', ','])
            .map_or(clause_start, |k| (k + 1).max(clause_start));
        clause_start = m.end();
        let partner = context::countries(&sentence[clause_lo..m.start()])
            .into_iter()
            .rev()
            .find(|(c, _, _)| *c != "CHN")
            .map(|(c, _, _)| c)
            .or(sentence_partner);
        let dir = if c.name("fall").is_some() {
            Dir::Fall
        } else {
            Dir::Rise
        };
        let mut subj = subject(ctx, period, partner);
        if let Some(b) = context::basket(&sentence[clause_lo..m.start()]) {
            subj.basket = Some(b.to_string());
        }
        out.push(Claim {
            direction: Some(dir),
            ..Claim::new(
                Kind::Direction,
                offset + m.start(),
                offset + m.end(),
                subj,
                Claimed {
                    value: if dir == Dir::Rise { 1.0 } else { -1.0 },
                    unit: "sign".to_string(),
                    qualifier: Qualifier::Exact,
                    precision: 1.0,
                },
            )
        });
    }

    // Multiples: "more than doubled", "halved", "seven times the May level".
    for c in MULTIPLE.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let clause_lo = sentence[..m.start()].rfind([',', ';']).map_or(0, |k| k + 1);
        if NOT_TRADE.is_match(&sentence[clause_lo..m.start()]) {
            continue;
        }
        let hedge = c
            .name("hedge")
            .or(c.name("hedge2"))
            .map(|h| h.as_str().trim().to_lowercase());
        let qualifier = match hedge.as_deref() {
            Some("more than") => Qualifier::MoreThan,
            Some("nearly" | "almost") => Qualifier::Nearly,
            Some("about") => Qualifier::About,
            _ => Qualifier::Exact,
        };
        let ratio = match c.name("verb").map(|v| v.as_str().to_lowercase()) {
            Some(v) if v == "doubled" => 2.0,
            Some(v) if v == "tripled" || v == "trebled" => 3.0,
            Some(v) if v == "quadrupled" => 4.0,
            Some(v) if v == "halved" => 0.5,
            _ => match c.name("times").and_then(|t| ordinal_or_word(t.as_str())) {
                Some(t) => t,
                None => continue,
            },
        };
        // "more than doubled in July": the month named right after.
        let own = context::months(text_after(sentence, m.end(), 16))
            .into_iter()
            .next()
            .filter(|r| {
                text_after(sentence, m.end(), 16)[..r.start]
                    .trim()
                    .eq_ignore_ascii_case("in")
            })
            .and_then(|r| context::resolve(&r, published))
            .map(Period::Month);
        let period = own.or(period);
        let base_month = c
            .name("base")
            .and_then(|b| context::months(b.as_str()).first().copied())
            .and_then(|r| context::resolve(&r, published));
        // "more than doubled in December from November": the base named right after.
        let tail = text_after(sentence, m.end(), 40);
        let base_month = base_month.or_else(|| {
            context::months(tail)
                .into_iter()
                .find(|r| tail[..r.start].trim_end().to_lowercase().ends_with("from"))
                .and_then(|r| context::resolve(&r, published))
        });
        let near = &sentence[text_before(sentence, m.start(), 40)
            .len()
            .abs_diff(m.start())..m.end() + tail.len()];
        let mom = base_month
            .zip(period.and_then(|p| p.as_month()))
            .is_some_and(|(b, p)| b == p.plus(-1))
            || MOM.is_match(near);
        let yoy = YOY.is_match(near)
            || base_month
                .zip(period.and_then(|p| p.as_month()))
                .is_some_and(|(b, p)| b == p.plus(-12));
        let kind = if ytd.is_some() {
            Kind::YtdChange
        } else if yoy && !mom {
            Kind::ChangeYoy
        } else if mom || period.is_some_and(|p| p.is_month()) {
            Kind::ChangeMom
        } else {
            continue;
        };
        out.push(Claim {
            direction: Some(if ratio >= 1.0 { Dir::Rise } else { Dir::Fall }),
            ..Claim::new(
                kind,
                offset + m.start(),
                offset + m.end(),
                subject(
                    ctx,
                    if kind == Kind::YtdChange {
                        ytd.flatten()
                    } else {
                        period
                    },
                    partner_at(sentence, m.end()),
                ),
                Claimed {
                    value: (ratio - 1.0) * 100.0,
                    unit: "pct".to_string(),
                    qualifier,
                    precision: 1.0,
                },
            )
        });
    }

    // Streaks.
    for c in STREAK.captures_iter(sentence) {
        let (Some(m), Some(n)) = (
            c.get(0),
            c.name("n").and_then(|n| ordinal_or_word(n.as_str())),
        ) else {
            continue;
        };
        let noun = c
            .name("noun")
            .map(|n| n.as_str().to_lowercase())
            .unwrap_or_default();
        let dir = if FALL_RE.is_match(&noun) {
            Some(Dir::Fall)
        } else if RISE_RE.is_match(&noun) || noun.contains("growth") {
            Some(Dir::Rise)
        } else {
            direction_near(sentence, m.start(), m.start())
        };
        out.push(Claim {
            direction: dir,
            ..Claim::new(
                Kind::Streak,
                offset + m.start(),
                offset + m.end(),
                subject(ctx, period, partner_at(sentence, m.end())),
                month_count(n),
            )
        });
    }
    for c in PRIOR_RUN.captures_iter(sentence) {
        let (Some(m), Some(n)) = (
            c.get(0),
            c.name("n").and_then(|n| ordinal_or_word(n.as_str())),
        ) else {
            continue;
        };
        let what = c
            .name("what")
            .map(|w| w.as_str().to_lowercase())
            .unwrap_or_default();
        let dir = if what.starts_with("gain")
            || what.starts_with("incr")
            || what.starts_with("rise")
            || what.starts_with("growth")
        {
            Dir::Rise
        } else {
            Dir::Fall
        };
        out.push(Claim {
            direction: Some(dir),
            prior_run: true,
            ..Claim::new(
                Kind::Streak,
                offset + m.start(),
                offset + m.end(),
                subject(ctx, period, partner_at(sentence, m.end())),
                month_count(n),
            )
        });
    }

    // Records.
    for c in RECORD.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let (value, dir, month, end) = if let Some(n) = c.name("n") {
            let Some(n) = ordinal_or_word(n.as_str()) else {
                continue;
            };
            let years = c
                .name("unit")
                .is_some_and(|u| u.as_str().eq_ignore_ascii_case("year"));
            let hl = c
                .name("hl")
                .map(|h| h.as_str().to_lowercase())
                .unwrap_or_default();
            let dir = if hl == "high" || hl == "peak" {
                Dir::Rise
            } else {
                Dir::Fall
            };
            (if years { n * 12.0 } else { n }, dir, None, m.end())
        } else {
            let word = c
                .name("word")
                .map(|w| w.as_str().to_lowercase())
                .unwrap_or_default();
            let dir = if matches!(
                word.as_str(),
                "highest" | "strongest" | "largest" | "biggest"
            ) {
                Dir::Rise
            } else {
                Dir::Fall
            };
            let rest = &sentence[m.end()..];
            let Some(r) = context::months(rest).into_iter().find(|r| r.start == 0) else {
                continue;
            };
            let Some(since) = context::resolve(&r, published) else {
                continue;
            };
            (0.0, dir, Some(since), m.end() + r.end)
        };
        out.push(Claim {
            direction: Some(dir),
            month,
            ..Claim::new(
                Kind::Record,
                offset + m.start(),
                offset + end,
                subject(ctx, period, sentence_partner),
                month_count(value),
            )
        });
    }

    // Turning points: "a rebound that began in June".
    for c in TURN.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let rest = &sentence[m.end()..];
        let Some(r) = context::months(rest).into_iter().find(|r| r.start == 0) else {
            continue;
        };
        let Some(start) = context::resolve(&r, published) else {
            continue;
        };
        let what = c
            .name("what")
            .map(|w| w.as_str().to_lowercase())
            .unwrap_or_default();
        let dir = if matches!(
            what.as_str(),
            "decline" | "slide" | "fall" | "downturn" | "drop"
        ) {
            Dir::Fall
        } else {
            Dir::Rise
        };
        let lo = sentence[..m.start()].rfind([',', ';']).map_or(0, |k| k + 1);
        let lead_start = sentence[lo..m.start()]
            .find(|ch: char| !ch.is_whitespace())
            .map_or(m.start(), |k| lo + k);
        let extending = EXTENDING.is_match(&sentence[..m.start()]);
        out.push(Claim {
            direction: Some(dir),
            prior_run: !extending,
            month: Some(start),
            ..Claim::new(
                Kind::TurningPoint,
                offset + lead_start,
                offset + m.end() + r.end,
                subject(ctx, period, sentence_partner),
                Claimed {
                    value: f64::from(start.year() * 100 + start.month() as i32),
                    unit: "yyyymm".to_string(),
                    qualifier: Qualifier::Exact,
                    precision: 1.0,
                },
            )
        });
    }

    // Shares in words: "more than half of the total", "about two-thirds of them went to
    // Russia", "All 948 tonnes … went to South Korea", "went entirely to South Korea".
    read_fractions(sentence, offset, ctx, period, published, out);

    // Nothing traded: "Japan received no flake graphite", "fell to zero", "a complete halt
    // in May", "neither did the United States".
    read_zeros(sentence, offset, ctx, period, published, out);

    // Rankings: "Germany remained the top buyer", "Vietnam, Germany and India were the top
    // three destinations", "South Korea overtook Germany as the largest destination".
    read_ranks(sentence, offset, ctx, period, out);

    // Event timing: "the data comes from before Beijing expanded its export licensing regime
    // earlier this month".
    if let Some(c) = EVENT.captures(sentence)
        && let Some(m) = c.get(0)
    {
        let rel = c
            .name("rel")
            .map(|r| r.as_str().to_lowercase())
            .unwrap_or_default();
        let before = rel.starts_with("before")
            || rel.starts_with("ahead")
            || rel.starts_with("prior")
            || rel.starts_with("predat");
        // "a rebound … after Beijing and Washington agreed": an "after" clause usually dates
        // another event, not the data; only "before" is read here (dated claims about events
        // are read by `read_policy`).
        let data_subject = before;
        let tail = &sentence[m.start()..];
        let when: Option<Month> = if let Some(t) = EARLIER_THIS_MONTH.find(tail) {
            dated
                .and_then(|d| Month::new(d.year(), d.month()).ok())
                .map(|pm| {
                    if t.as_str().eq_ignore_ascii_case("last month") {
                        pm.plus(-1)
                    } else {
                        pm
                    }
                })
        } else {
            context::months(tail)
                .first()
                .and_then(|r| context::resolve(r, published))
        };
        let data_words = DATA_WORDS.is_match(sentence);
        if data_subject && data_words && (when.is_some() || period.is_some()) {
            let end = EARLIER_THIS_MONTH
                .find(tail)
                .map_or(m.end(), |t| m.start() + t.end());
            out.push(Claim {
                event: Some((before, None, when)),
                ..Claim::new(
                    Kind::EventTiming,
                    offset + m.start(),
                    offset + end,
                    subject(ctx, period, sentence_partner),
                    Claimed {
                        value: 0.0,
                        unit: String::new(),
                        qualifier: Qualifier::Exact,
                        precision: 1.0,
                    },
                )
            });
        }
    }
    // Policy events: "took effect on Sept. 15", "cover the month in which Beijing announced
    // … on Oct. 9", "May was the first full month under the April 4 rule".
    if !out
        .iter()
        .any(|c| c.kind == Kind::EventTiming && c.start >= offset)
    {
        read_policy(sentence, offset, ctx, dated, out);
    }
}

/// Words of a sentence that identify a policy event: places, commodities, actions.
fn event_words(sentence: &str) -> Vec<String> {
    const KEYS: [&str; 22] = [
        "geneva",
        "london",
        "stockholm",
        "kuala lumpur",
        "busan",
        "madrid",
        "antimony",
        "gallium",
        "germanium",
        "graphite",
        "rare earth",
        "magnet",
        "technology",
        "suspen",
        "talks",
        "truce",
        "general licen",
        "tariff",
        "seven",
        "ban",
        "summit",
        "licen",
    ];
    let lc = sentence.to_lowercase();
    KEYS.iter()
        .filter(|k| lc.contains(*k))
        .map(|k| (*k).to_string())
        .collect()
}

fn read_policy(
    sentence: &str,
    offset: usize,
    ctx: &Context,
    published: Option<NaiveDate>,
    out: &mut Vec<Claim>,
) {
    let lc = sentence.to_lowercase();
    // The date: a month (with day or year if written), a weekday or "last month" from the
    // publication date; it must sit near a policy word and not be the data's own month.
    let mut dates: Vec<(usize, usize, Option<NaiveDate>, Month)> = Vec::new();
    for r in context::months(sentence) {
        let lead = lc[..r.start].trim_end();
        let Some(m) = context::resolve(&r, published) else {
            continue;
        };
        // "since April" only for a state that began then ("have required licences since
        // April"); "of"/"from" only with a day ("the Geneva truce of May 12").
        let clause_lead = &lead[lead.rfind([',', ';']).map_or(0, |k| k + 1)..];
        let lead = lead
            .trim_end_matches("early")
            .trim_end_matches("late")
            .trim_end_matches("mid-")
            .trim_end();
        let ends = |w: &str| lead.ends_with(&format!(" {w}")) || lead == w;
        let attached = ends("on")
            || ends("in")
            || (ends("since") && SINCE_STATE.is_match(clause_lead))
            || ((ends("of") || ends("from")) && r.day.is_some())
            || (r.day.is_some() && !ends("since") && !ends("around"));
        if !attached {
            continue;
        }
        let day = r
            .day
            .and_then(|d| NaiveDate::from_ymd_opt(m.year(), m.month(), d));
        dates.push((r.start, r.end, day, m));
    }
    if let (Some(c), Some(p)) = (WEEKDAY.captures(sentence), published)
        && let Some(w) = c.name("d")
    {
        let target = w.as_str().parse::<chrono::Weekday>().ok();
        let mut d = p.pred_opt();
        while let (Some(day), Some(t)) = (d, target) {
            if day.weekday() == t {
                break;
            }
            d = day.pred_opt();
        }
        let near_word = c
            .get(0)
            .is_some_and(|m| POLICY_WORD.is_match(text_before(sentence, m.start(), 40)));
        if let (Some(day), Some(m), true) = (d, c.get(0), near_word) {
            let month = Month::new(day.year(), day.month()).ok();
            if let Some(month) = month {
                dates.push((m.start(), m.end(), Some(day), month));
            }
        }
    }
    if let (Some(c), Some(p)) = (RELATIVE_MONTH.captures(sentence), published)
        && let (Some(w), Some(m)) = (c.name("w"), c.get(0))
        && let Ok(pm) = Month::new(p.year(), p.month())
    {
        let month = if w.as_str().eq_ignore_ascii_case("last month") {
            pm.plus(-1)
        } else {
            pm
        };
        dates.push((m.start(), m.end(), None, month));
    }
    dates.sort_by_key(|d| d.0);
    // A date used as an adjective ("the October 9 measures") gives way to one that dates an
    // action in the same sentence ("suspended … on November 7").
    let adjectival = |ds: usize| date_used_as_adjective(&lc, ds);
    if dates.iter().any(|d| !adjectival(d.0)) && dates.iter().any(|d| adjectival(d.0)) {
        dates.retain(|d| !adjectival(d.0));
    }
    // "the month licensing took effect", "the month in which negotiators met in London": no
    // date written; the event is placed in the data's month.
    let before_count = out.len();
    read_dated_policy(sentence, offset, ctx, published, &lc, dates, out);
    if out.len() == before_count
        && let Some(k) = [
            "the month in which",
            "the month when",
            "the month licensing",
            "the month controls",
            "the month the ",
        ]
        .iter()
        .find_map(|w| lc.find(w))
        && let Some(d) = ctx.period.and_then(|p| p.as_month())
        && POLICY_WORD.is_match(&sentence[k..])
    {
        let end = sentence[k..]
            .find([',', ';', '('])
            .map_or(sentence.len(), |e| k + e);
        let end = end.min(sentence.len());
        let text = &sentence[k..end];
        out.push(policy_claim(
            offset + k,
            offset + k + text.trim_end_matches('.').len(),
            ctx,
            PolicyClaim {
                relation: Relation::During,
                date: None,
                month: d,
                data: Some(d),
                words: event_words(text),
            },
        ));
    }
}

type DateRef = (usize, usize, Option<NaiveDate>, Month);

/// A date used as an adjective: "the October 9 measures", "Beijing's Oct. 9 announcement".
fn date_used_as_adjective(lc: &str, at: usize) -> bool {
    let lead = lc[..at].trim_end();
    lead.ends_with(" the") || lead == "the" || lead.ends_with("'s") || lead.ends_with("’s")
}

fn read_dated_policy(
    sentence: &str,
    offset: usize,
    ctx: &Context,
    published: Option<NaiveDate>,
    lc: &str,
    dates: Vec<DateRef>,
    out: &mut Vec<Claim>,
) {
    let adjectival = |ds: usize| date_used_as_adjective(lc, ds);
    let mut used_to = 0;
    for (ds, de, day, month) in dates {
        if ds < used_to {
            continue;
        }
        // The policy word nearest before the date (within 90 bytes), or right after it ("the
        // April 4 rule", "the Geneva truce of May 12").
        let before = text_before(sentence, ds, 90);
        let lo = ds - before.len();
        let word = POLICY_WORD
            .find_iter(before)
            .last()
            .map(|w| (lo + w.start(), lo + w.end()))
            .or_else(|| {
                POLICY_WORD
                    .find(text_after(sentence, de, 12))
                    .map(|w| (de + w.start(), de + w.end()))
            });
        let Some((word, word_end)) = word else {
            continue;
        };
        // What will happen ("the truce, which expires on Aug. 12") is not in the timeline.
        if FUTURE.is_match(&lc[word.min(ds)..word_end.max(de)]) {
            continue;
        }
        // "licence applications", "licence approvals": paperwork, not an event.
        let after_word = lc[word..].split_whitespace().nth(1).unwrap_or("");
        if [
            "applications",
            "paperwork",
            "approvals",
            "holders",
            "requests",
            "fees",
            "process",
        ]
        .iter()
        .any(|w| after_word.starts_with(w))
        {
            continue;
        }
        // A trade figure between the policy word and the date: the date is the data's.
        let (a, b) = (word.min(ds), word_end.max(de));
        if number::figures(&sentence[a..b])
            .iter()
            .any(|f| f.unit != Unit::Bare)
        {
            continue;
        }
        let head = lc[..ds.min(word)].to_string();
        let relation = if head.contains("first full month") {
            Relation::FirstFullMonth
        } else if head.contains("the month before") {
            Relation::MonthBefore
        } else if head.contains("the month in which")
            || head.contains("the month when")
            || head.contains("first weeks of")
            || head.contains("first month of")
        {
            Relation::During
        } else {
            Relation::Date
        };
        // The data's month: another month the sentence names, else the story's.
        let data = context::months(sentence)
            .iter()
            .filter(|r| r.start != ds && r.start < ds)
            .filter_map(|r| context::resolve(r, published))
            .next()
            .or_else(|| ctx.period.and_then(|p| p.as_month()));
        // "The April 4 licensing rule …": a date named in passing, not a claim about it.
        if relation == Relation::Date && adjectival(ds) {
            continue;
        }
        // The claim's text: from the clause's start (or the relation) to the date's end.
        let clause = sentence[..a].rfind([',', ';', '(']).map_or(0, |k| k + 1);
        let start = [
            "cover",
            "the month",
            "first full",
            "first month",
            "first weeks",
        ]
        .iter()
        .filter_map(|w| lc[clause..a].find(w).map(|k| clause + k))
        .min()
        .unwrap_or(a);
        let start = start + sentence[start..].len() - sentence[start..].trim_start().len();
        let clause_end = sentence[b..]
            .find([';', '.'])
            .map_or(sentence.len(), |k| b + k);
        let clause_end = sentence[b..clause_end]
            .find(", ")
            .filter(|k| !sentence[b + k + 2..].starts_with(|c: char| c.is_ascii_digit()))
            .map_or(clause_end, |k| b + k);
        out.push(policy_claim(
            offset + start,
            offset + b,
            ctx,
            PolicyClaim {
                relation,
                date: day,
                month,
                data: if relation == Relation::Date {
                    None
                } else {
                    data
                },
                words: event_words(&sentence[clause..clause_end]),
            },
        ));
        used_to = clause_end;
    }
}

fn policy_claim(start: usize, end: usize, ctx: &Context, policy: PolicyClaim) -> Claim {
    let claimed = Claimed {
        value: 0.0,
        unit: "date".to_string(),
        qualifier: Qualifier::Exact,
        precision: 1.0,
    };
    Claim {
        policy: Some(policy),
        ..Claim::new(
            Kind::EventTiming,
            start,
            end,
            subject(ctx, ctx.period, None),
            claimed,
        )
    }
}

fn read_fractions(
    sentence: &str,
    offset: usize,
    ctx: &Context,
    period: Option<Period>,
    published: Option<NaiveDate>,
    out: &mut Vec<Claim>,
) {
    let named: Vec<(&'static str, usize, usize)> = context::countries(sentence)
        .into_iter()
        .filter(|(c, _, _)| *c != "WLD")
        .collect();
    for c in FRACTION.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        // Only shares of trade: "half of the total", "most of August's terbium", "two-thirds
        // of them"; not "half of the analysts".
        if let Some(w) = c.name("what") {
            let w = w.as_str().to_lowercase();
            let trade = [
                "total",
                "them",
                "it",
                "shipments",
                "exports",
                "imports",
                "volume",
                "tonnage",
            ]
            .iter()
            .any(|t| w.contains(t))
                || context::basket(&w).is_some();
            if !trade {
                continue;
            }
        }
        let (value, qualifier, precision) =
            if c.name("all").is_some() || c.name("entirely").is_some() {
                (100.0, Qualifier::Exact, 0.01)
            } else {
                let frac = c
                    .name("frac")
                    .map(|f| f.as_str().to_lowercase())
                    .unwrap_or_default();
                let v = match frac.replace(' ', "-").as_str() {
                    "half" | "most" => 50.0,
                    "two-thirds" => 200.0 / 3.0,
                    "a-third" | "one-third" => 100.0 / 3.0,
                    "three-quarters" => 75.0,
                    _ => 25.0,
                };
                let hedge = c.name("hedge").map(|h| h.as_str().trim().to_lowercase());
                let q = match hedge.as_deref() {
                    _ if frac == "most" => Qualifier::MoreThan,
                    Some("more than" | "over" | "just over") => Qualifier::MoreThan,
                    Some("nearly" | "almost" | "just under") => Qualifier::Nearly,
                    Some("less than") => Qualifier::LessThan,
                    _ => Qualifier::About,
                };
                (v, q, 1.0)
            };
        // The partner: "went to X" after, else the country nearest before.
        let from = c.name("what").map_or(m.end(), |w| w.start());
        let tail = text_after(sentence, from, 80);
        let after = named
            .iter()
            .find(|(_, s, _)| *s >= from && *s <= from + tail.len())
            .filter(|(_, s, _)| {
                c.name("all").is_some()
                    || c.name("entirely").is_some()
                    || sentence[from..*s].to_lowercase().contains("went to")
            });
        let before = named.iter().rev().find(|(_, _, e)| *e <= m.start());
        let Some((who, ws, we)) = after.or(before).copied() else {
            continue;
        };
        // "most of August's terbium": the month named.
        let own = c
            .name("what")
            .and_then(|w| context::months(w.as_str()).into_iter().next())
            .and_then(|r| context::resolve(&r, published))
            .map(Period::Month);
        let (start, end) = if ws >= from {
            (m.start(), we)
        } else {
            (m.start(), m.end())
        };
        let end = sentence[..end].trim_end().len().max(start);
        out.push(Claim::new(
            Kind::Share,
            offset + start,
            offset + end,
            subject(ctx, own.or(period), Some(who)),
            Claimed {
                value,
                unit: "pct".to_string(),
                qualifier,
                precision,
            },
        ));
    }
}

fn read_zeros(
    sentence: &str,
    offset: usize,
    ctx: &Context,
    period: Option<Period>,
    published: Option<NaiveDate>,
    out: &mut Vec<Claim>,
) {
    let named: Vec<(&'static str, usize, usize)> = context::countries(sentence)
        .into_iter()
        .filter(|(c, _, _)| *c != "WLD")
        .collect();
    let mut last_subject: Option<Subject> = None;
    for m in ZERO.find_iter(sentence) {
        let t = m.as_str().to_lowercase();
        // The partner: after "went to"/"neither did", before "received no".
        let after = named
            .iter()
            .find(|(_, s, _)| *s >= m.end() && *s - m.end() < 6);
        let before = named
            .iter()
            .rev()
            .find(|(_, _, e)| *e <= m.start() && m.start() - *e < 4);
        let (who, start, end) = if t.starts_with("received") {
            match before {
                Some((c, s, _)) => (Some(*c), *s, m.end()),
                None => (None, m.start(), m.end()),
            }
        } else if let Some((c, _, e)) = after {
            (Some(*c), m.start(), *e)
        } else {
            (None, m.start(), m.end().min(sentence.len()))
        };
        // "a complete halt in May": the month right after.
        let own = context::months(text_after(sentence, m.end(), 18))
            .first()
            .filter(|r| text_after(sentence, m.end(), 18)[..r.start].trim() == "in")
            .and_then(|r| context::resolve(r, published))
            .map(Period::Month);
        let mut subject = subject(ctx, own.or(period), who.or(Some("WLD")));
        if t.starts_with("neither") || t.starts_with("nor") {
            let Some(prev) = &last_subject else { continue };
            subject = Subject {
                partner: who.map(str::to_string),
                ..prev.clone()
            };
        }
        last_subject = Some(subject.clone());
        let end = end.max(start);
        out.push(Claim::new(
            Kind::Level,
            offset + start,
            offset + end,
            subject,
            Claimed {
                value: 0.0,
                unit: "t".to_string(),
                qualifier: Qualifier::Exact,
                // Nothing means nothing: a kilogram is already something.
                precision: 0.001,
            },
        ));
    }
}

fn read_ranks(
    sentence: &str,
    offset: usize,
    ctx: &Context,
    period: Option<Period>,
    out: &mut Vec<Claim>,
) {
    let named: Vec<(&'static str, usize, usize)> = context::countries(sentence)
        .into_iter()
        .filter(|(c, _, _)| *c != "WLD")
        .collect();
    let push = |out: &mut Vec<Claim>,
                start: usize,
                end: usize,
                ranked: Vec<String>,
                n: f64,
                overtaken: Option<String>| {
        let subject = subject(ctx, period, ranked.first().map(String::as_str));
        out.push(Claim {
            ranked,
            overtaken,
            ..Claim::new(
                Kind::Rank,
                offset + start,
                offset + end,
                subject,
                Claimed {
                    value: n,
                    unit: "rank".to_string(),
                    qualifier: Qualifier::Exact,
                    precision: 1.0,
                },
            )
        });
    };
    // "X overtook Y (as the largest …)".
    if let Some(m) = OVERTAKE.find(sentence) {
        let before = named
            .iter()
            .rev()
            .find(|(_, _, e)| *e <= m.start() && m.start() - e < 4);
        let after = named.iter().find(|(_, s, _)| *s == m.end());
        if let (Some((x, xs, _)), Some((y, _, ye))) = (before, after) {
            let end = RANK_ONE
                .find_at(sentence, *ye)
                .filter(|r| r.start() - ye < 6)
                .map_or(*ye, |r| r.end());
            push(out, *xs, end, vec![x.to_string()], 1.0, Some(y.to_string()));
            return;
        }
    }
    for c in RANK_ONE.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let n = c
            .name("n")
            .or(c.name("n2"))
            .and_then(|n| ordinal_or_word(n.as_str()))
            .unwrap_or(1.0);
        // The countries listed right before ("Vietnam, Germany and India were …"), or the one
        // after "with" ("with Germany the single largest customer").
        let lead = &sentence[..m.start()];
        let mut ranked: Vec<(&str, usize)> = Vec::new();
        let mut cursor = m.start();
        for (code, s, e) in named.iter().rev().filter(|(_, _, e)| *e <= m.start()) {
            let gap = sentence[*e..cursor].trim().trim_start_matches("'s").trim();
            let joins = gap.is_empty()
                || matches!(
                    gap.to_lowercase().as_str(),
                    "," | "and"
                        | ", and"
                        | "&"
                        | "still"
                        | "still is"
                        | "were"
                        | "was"
                        | "remained"
                        | "is"
                );
            if !joins && !ranked.is_empty() {
                break;
            }
            if !joins && cursor - e > 24 {
                break;
            }
            ranked.push((code, *s));
            cursor = *s;
        }
        ranked.reverse();
        if c.get(0)
            .is_some_and(|x| x.as_str().to_lowercase().starts_with("with"))
        {
            ranked = named
                .iter()
                .filter(|(_, s, _)| *s > m.start() && *s < m.end())
                .map(|(code, s, _)| (*code, *s))
                .collect();
        }
        if ranked.is_empty() {
            continue;
        }
        let _ = lead;
        let start = ranked.first().map_or(m.start(), |(_, s)| *s).min(m.start());
        let codes: Vec<String> = ranked.iter().map(|(c, _)| c.to_string()).collect();
        // "Mexico entered the top five": one partner within the top n.
        let n = if codes.len() > 1 {
            codes.len() as f64
        } else {
            n
        };
        push(out, start, m.end(), codes, n, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, published: &str) -> Vec<Claim> {
        extract(&Document::read(text), published.parse().ok())
    }

    const LEAD: &str = "China's exports of rare earth magnets fell in May, customs data showed. ";

    #[test]
    fn rankings_name_their_partners_in_order() {
        let c = read(
            &format!("{LEAD}Vietnam, Germany and India were the top three destinations."),
            "2025-06-20",
        );
        let r = c.iter().find(|c| c.kind == Kind::Rank).expect("rank");
        assert_eq!(r.ranked, ["VNM", "DEU", "IND"]);
        assert_eq!(r.claimed.value, 3.0);
        let c = read(
            &format!("{LEAD}South Korea overtook Germany as the largest destination."),
            "2025-06-20",
        );
        let r = c.iter().find(|c| c.kind == Kind::Rank).expect("overtaking");
        assert_eq!(
            (r.ranked.as_slice(), r.overtaken.as_deref()),
            (&["KOR".to_string()][..], Some("DEU"))
        );
    }

    #[test]
    fn nothing_traded_is_a_level_of_zero_for_each_partner_named() {
        let c = read(
            &format!("{LEAD}Japan received no magnets in May, and neither did the United States."),
            "2025-06-20",
        );
        let zeros: Vec<_> = c
            .iter()
            .filter(|c| c.kind == Kind::Level && c.claimed.value == 0.0)
            .map(|c| c.subject.partner.clone().unwrap_or_default())
            .collect();
        assert_eq!(zeros, ["JPN", "USA"]);
    }

    #[test]
    fn shares_in_words_carry_their_hedges() {
        let c = read(
            &format!("{LEAD}About two-thirds of them went to Russia."),
            "2025-06-20",
        );
        let s = c.iter().find(|c| c.kind == Kind::Share).expect("share");
        assert_eq!(s.subject.partner.as_deref(), Some("RUS"));
        assert!((s.claimed.value - 66.67).abs() < 0.01);
        assert_eq!(s.claimed.qualifier, Qualifier::About);
        // Half of a crowd is not a share of trade.
        let c = read(
            &format!("{LEAD}Half of the analysts polled expect a rebound."),
            "2025-06-20",
        );
        assert!(c.iter().all(|c| c.kind != Kind::Share));
    }

    #[test]
    fn dated_events_and_the_data_months_around_them() {
        let c = read(
            &format!("{LEAD}Antimony controls followed on September 15, 2024."),
            "2025-06-20",
        );
        let p = c
            .iter()
            .find_map(|c| c.policy.clone())
            .expect("event claim");
        assert_eq!(
            (p.relation, p.date),
            (Relation::Date, NaiveDate::from_ymd_opt(2024, 9, 15))
        );
        let c = read(
            &format!("{LEAD}May was the first full month under the April 4 rule."),
            "2025-06-20",
        );
        let p = c.iter().find_map(|c| c.policy.clone()).expect("relation");
        assert_eq!(p.relation, Relation::FirstFullMonth);
        assert_eq!(p.data.map(|m| m.to_string()).as_deref(), Some("2025-05"));
        // What has not happened yet is not checked against the timeline.
        let c = read(
            &format!("{LEAD}The truce expires on Aug. 12."),
            "2025-06-20",
        );
        assert!(c.iter().all(|c| c.policy.is_none()));
    }

    #[test]
    fn prices_and_demand_are_not_trade_figures() {
        let c = read(
            &format!(
                "{LEAD}Prices in Rotterdam have more than tripled. Makers need 8,000 to 10,000 tonnes a year."
            ),
            "2025-06-20",
        );
        assert!(c.iter().all(|c| c.start < LEAD.len()), "{c:?}");
    }

    #[test]
    fn sentences_split_at_full_stops_but_not_abbreviations() {
        let t = "Shipments to the U.S. fell. On Oct. 9 Beijing acted. Done";
        let s: Vec<&str> = sentences(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            s,
            [
                "Shipments to the U.S. fell.",
                "On Oct. 9 Beijing acted.",
                "Done"
            ]
        );
    }
}
