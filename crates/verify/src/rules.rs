//! The claim rules: each a short pattern over typed tokens and a builder, tried at every
//! token of a sentence, in the order of [`RULES`]. A rule reads what the claim asserts and
//! the parts of its subject it can see itself (a partner in a label, a span, a base); the
//! rest of the subject is resolved around its anchor ([`crate::read`]).
//!
//! Every rule quotes the sentence it was written for (`example`), and a unit test checks that
//! the rule reads it. New phrasings are new rows here, not new branches elsewhere.

use tradewatch_model::{Flow, Month};

use crate::claims::{Claimed, Dir, Kind, Partner, Relation};
use crate::number::{Figure, Qualifier, Unit};
use crate::token::{DayRef, Tok, Token};
use crate::vocab::Cue;

/// A sentence as the rules see it: its tokens, and the text their spans point into.
pub(crate) struct Sentence<'a> {
    pub(crate) toks: &'a [Token],
    pub(crate) text: &'a str,
    /// The story so far is about China's own trade: another country's buying is China's
    /// selling to it ("Germany's purchases fell"), not that country's statistics.
    pub(crate) china_story: bool,
    /// The weight the story's last amount was in, for a bare number that leaves its unit
    /// to the sentences before.
    pub(crate) unit_before: Option<Unit>,
}

/// What the rule itself read of the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum When {
    /// A month token at this index.
    At(usize),
}

/// A claim a rule found: what it asserts, the tokens it covers and the one its subject is
/// resolved around, and the parts of the subject it read itself.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub(crate) rule: &'static str,
    pub(crate) kind: Kind,
    pub(crate) claimed: Claimed,
    /// Token range covered (inclusive).
    pub(crate) from: usize,
    pub(crate) to: usize,
    /// The token whose neighbourhood gives the subject (the figure, the key word).
    pub(crate) anchor: usize,
    pub(crate) partner: Option<Partner>,
    pub(crate) when: Option<When>,
    /// The change is from a named month ("from August").
    pub(crate) base: Option<usize>,
    /// Months back for "first rise in N months".
    pub(crate) first_in: Option<(u32, Dir)>,
}

impl Hit {
    fn new(
        rule: &'static str,
        kind: Kind,
        claimed: Claimed,
        from: usize,
        to: usize,
        anchor: usize,
    ) -> Hit {
        Hit {
            rule,
            kind,
            claimed,
            from,
            to,
            anchor,
            partner: None,
            when: None,
            base: None,
            first_in: None,
        }
    }
}

/// A rule: a name, the sentence it was written for, and its matcher.
pub(crate) struct Rule {
    pub(crate) name: &'static str,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) example: &'static str,
    pub(crate) find: fn(&Sentence, usize) -> Option<Hit>,
}

/// Every rule, most specific first. At one anchor the first rule that reads it wins.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        name: "share-of",
        example: "The United States accounted for 7.3% of China's September magnet exports.",
        find: share_of,
    },
    Rule {
        name: "share-listed",
        example: "Europe took 45.9% of China's magnet exports and Asia 36.9%, with North America at 16.2%",
        find: share_listed,
    },
    Rule {
        name: "share-appended",
        example: "the United States received 753 tonnes, about 29%",
        find: share_appended,
    },
    Rule {
        name: "share-fraction",
        example: "about two-thirds of them went to Russia",
        find: share_fraction,
    },
    Rule {
        name: "share-most",
        example: "Germany took most of November's germanium",
        find: share_most,
    },
    Rule {
        name: "share-all",
        example: "Every tonne of that December spherical graphite went to South Korea",
        find: share_all,
    },
    Rule {
        name: "change-ratio",
        example: "South Korea's intake in October was about two-thirds of September's",
        find: change_ratio_of_month,
    },
    Rule {
        name: "change-multiple",
        example: "US shipments more than doubled in June",
        find: change_multiple,
    },
    Rule {
        name: "change-factor",
        example: "Shipments to India multiplied nearly by eight in July",
        find: change_factor,
    },
    Rule {
        name: "change-times-base",
        example: "more than seven times the May level",
        find: change_times_base,
    },
    Rule {
        name: "change-fraction",
        example: "cut total magnet exports by a third",
        find: change_fraction,
    },
    Rule {
        name: "change-beat",
        example: "Third-quarter magnet exports beat 2024 by nearly 13%",
        find: change_beat,
    },
    Rule {
        name: "change-percent",
        example: "Shipments to the U.S. declined 28.7% from August to 420.5 tonnes.",
        find: change_percent,
    },
    Rule {
        name: "level-zero",
        example: "shipments of both flake and spherical graphite to the United States were zero",
        find: level_zero,
    },
    Rule {
        name: "level-zero-too",
        example: "Japan received no spherical graphite in December, and neither did the United States",
        find: level_zero_too,
    },
    Rule {
        name: "level-stopped",
        example: "Gallium shipments to the US stopped completely in May",
        find: level_stopped,
    },
    Rule {
        name: "level",
        example: "Total magnet exports to all countries were 5,774 tonnes",
        find: level,
    },
    Rule {
        name: "level-bare",
        example: "Vietnam was the top destination, 235 tonnes, then Germany with 209",
        find: level_bare,
    },
    Rule {
        name: "streak-ordinal",
        example: "fell for the second consecutive month in September",
        find: streak_ordinal,
    },
    Rule {
        name: "streak-count",
        example: "continuously increased for five months until July",
        find: streak_count,
    },
    Rule {
        name: "streak-label",
        example: "Rare earths exports, consecutive monthly falls to Dec | 2",
        find: streak_label,
    },
    Rule {
        name: "streak-ended",
        example: "The September dip broke a three-month run of increases",
        find: streak_ended,
    },
    Rule {
        name: "turn-began",
        example: "reversing a rebound that began in June",
        find: turn_began,
    },
    Rule {
        name: "turn-since",
        example: "Spherical shipments have been climbing since January",
        find: turn_since,
    },
    Rule {
        name: "turn-first-in",
        example: "rose last month for the first time in three months",
        find: turn_first_in,
    },
    Rule {
        name: "record-since",
        example: "the lowest monthly figure since June",
        find: record_since,
    },
    Rule {
        name: "record-since-first",
        example: "October export volume 4,343.5 ton, is since June lowest",
        find: record_since_first,
    },
    Rule {
        name: "record-seen",
        example: "shipments climbed to a level not seen since February",
        find: record_seen,
    },
    Rule {
        name: "record-months",
        example: "a nine-month high",
        find: record_months,
    },
    Rule {
        name: "record-year",
        example: "the highest of the year",
        find: record_year,
    },
    Rule {
        name: "record-ever",
        example: "the second-highest month on record",
        find: record_ever,
    },
    Rule {
        name: "rank-superlative",
        example: "Germany, the largest single buyer, took 1,288 tonnes",
        find: rank_superlative,
    },
    Rule {
        name: "rank-place",
        example: "The US came fourth, ahead of Japan",
        find: rank_place,
    },
    Rule {
        name: "rank-leads",
        example: "Germany leads, with 1,288 t",
        find: rank_leads,
    },
    Rule {
        name: "rank-top-n",
        example: "Vietnam, Germany and India were the top three destinations",
        find: rank_top_n,
    },
    Rule {
        name: "rank-overtook",
        example: "South Korea overtook Germany as the largest destination",
        find: rank_overtook,
    },
    Rule {
        name: "event",
        example: "The data comes from before Beijing expanded its export licensing regime earlier this month",
        find: event,
    },
    Rule {
        name: "event-on-date",
        example: "on October 9, Beijing widened the list",
        find: event_on_date,
    },
    Rule {
        name: "direction",
        example: "China's rare earth magnet exports to U.S. fall again in September",
        find: direction,
    },
    Rule {
        name: "direction-against",
        example: "Japan received 226 tonnes, slightly less than in September",
        find: direction_against,
    },
];

// ------------------------------------------------------------------------------------------
// Helpers over a sentence.

impl Sentence<'_> {
    pub(crate) fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i).map(|t| &t.tok)
    }

    fn is_cue(&self, i: usize, c: Cue) -> bool {
        self.toks.get(i).is_some_and(|t| t.tok == Tok::Cue(c))
    }

    /// Whether the words before `i` are "came to" ("July plus August came to six hundred
    /// ninety").
    fn after_came_to(&self, i: usize) -> bool {
        i > 1 && self.is_cue(i - 1, Cue::To) && self.is_word(i - 2, &["came", "comes", "come"])
    }

    /// Whether the word at `k` says a figure came out above or below a base: "beat 2024 by
    /// nearly 13%", "trailed the same month of 2024". What follows it is the base.
    pub(crate) fn is_beat(&self, k: usize) -> bool {
        self.is_word(k, &BEAT_ABOVE) || self.is_word(k, &BEAT_BELOW)
    }

    /// Whether the month at `k` names its own trade: "December's exports", "the month's
    /// total".
    fn months_trade(&self, k: usize) -> bool {
        self.tok(k + 1) == Some(&Tok::Possessive)
            && matches!(self.tok(k + 2), Some(Tok::Flow(_) | Tok::Cue(Cue::Total)))
    }

    /// Whether the token at `i` names a day: "on October 9", "the 9th of last month",
    /// "yesterday", "on Sunday".
    fn is_day(&self, i: usize) -> bool {
        match self.tok(i) {
            Some(Tok::Month(m)) => m.day.is_some(),
            Some(Tok::Day(_)) => true,
            _ => false,
        }
    }

    /// Whether the token at `j` is a hedge right after a percent, which compares with what
    /// follows it ("86% below the 8,590 kg", "32% more than the month before").
    pub(crate) fn compares_after_percent(&self, j: usize) -> bool {
        matches!(self.tok(j), Some(Tok::Hedge(_)))
            && j > 0
            && matches!(self.tok(j - 1), Some(Tok::Figure(f)) if f.unit == Unit::Pct)
    }

    pub(crate) fn is_word(&self, i: usize, words: &[&str]) -> bool {
        matches!(self.tok(i), Some(Tok::Word(w)) if words.contains(&w.as_str()))
    }

    /// A token that ends a phrase: punctuation that separates clauses, a line end.
    pub(crate) fn barrier(&self, i: usize) -> bool {
        matches!(
            self.tok(i),
            Some(
                Tok::Punct(';' | '|' | '(' | ')' | '.' | '!' | '?' | '[' | ']')
                    | Tok::Break
                    | Tok::Bullet
            )
        )
    }

    /// A token that ends a clause: a barrier or a comma or a dash.
    pub(crate) fn soft_barrier(&self, i: usize) -> bool {
        self.barrier(i) || matches!(self.tok(i), Some(Tok::Punct(',' | '—' | '–' | ':' | '-')))
    }

    /// Whether the sentence speaks of trade: a flow, a commodity, a partner, a total, or a
    /// verb of trade ("took", "received", "came to").
    pub(crate) fn about_trade(&self) -> bool {
        self.toks.iter().any(|t| match &t.tok {
            Tok::Flow(_)
            | Tok::Basket(_)
            | Tok::Country(_)
            | Tok::Cue(
                Cue::Total | Cue::Customs | Cue::Buyer | Cue::Share | Cue::Ytd | Cue::FullYear,
            ) => true,
            Tok::Word(w) => TRADE_VERBS.contains(&w.as_str()),
            _ => false,
        })
    }

    /// The nearest token before `i` (at most `reach` tokens back, not past a barrier)
    /// that satisfies `want`.
    pub(crate) fn before(
        &self,
        i: usize,
        reach: usize,
        soft: bool,
        want: impl Fn(&Tok) -> bool,
    ) -> Option<usize> {
        let mut k = i;
        let mut n = 0;
        while k > 0 && n < reach {
            k -= 1;
            n += 1;
            if self.barrier(k) || soft && self.soft_barrier(k) {
                return None;
            }
            if want(&self.toks[k].tok) {
                return Some(k);
            }
        }
        None
    }

    /// The nearest token after `i` (at most `reach` tokens on, not past a barrier) that
    /// satisfies `want`.
    pub(crate) fn after(
        &self,
        i: usize,
        reach: usize,
        soft: bool,
        want: impl Fn(&Tok) -> bool,
    ) -> Option<usize> {
        let mut k = i + 1;
        let mut n = 0;
        while k < self.toks.len() && n < reach {
            if self.barrier(k) || soft && self.soft_barrier(k) {
                return None;
            }
            if want(&self.toks[k].tok) {
                return Some(k);
            }
            k += 1;
            n += 1;
        }
        None
    }

    /// The hedge just before `i` ("nearly 30%", "by about 9%", "down more than 60%").
    fn hedge(&self, i: usize) -> Qualifier {
        let mut k = i;
        for _ in 0..2 {
            if k == 0 {
                break;
            }
            k -= 1;
            match self.tok(k) {
                // "added up to 51,440 t", "summed up to": a verb's particle, no bound.
                Some(Tok::Hedge(_))
                    if self.raw(k).eq_ignore_ascii_case("up to")
                        && k > 0
                        && [
                            "add", "adds", "added", "adding", "summed", "sums", "sum", "totted",
                        ]
                        .iter()
                        .any(|w| self.raw(k - 1).eq_ignore_ascii_case(w)) =>
                {
                    break;
                }
                Some(Tok::Hedge(q)) => return *q,
                Some(Tok::Word(w)) if w == "by" || w == "just" || w == "only" || w == "some" => {}
                _ => break,
            }
        }
        // "~15%"
        if i > 0 && self.toks[i - 1].tok == Tok::Punct('~') {
            return Qualifier::About;
        }
        Qualifier::Exact
    }

    /// The index where the hedge before `i` starts (to include it in the claim's span).
    fn hedge_start(&self, i: usize) -> usize {
        if i > 0 && matches!(self.tok(i - 1), Some(Tok::Hedge(_)) | Some(Tok::Punct('~'))) {
            return i - 1;
        }
        if i > 1 && self.is_word(i - 1, &["by"]) && matches!(self.tok(i - 2), Some(Tok::Hedge(_))) {
            return i - 2;
        }
        i
    }

    /// A direction for the figure at `i`: its sign or arrow, a direction word shortly
    /// before it ("fell 28.7%", "down more than 60%", "a fall of 7.5%"), or right after it
    /// ("28.7% decline", "5% lower").
    fn direction(&self, i: usize, f: &Figure) -> Option<(Dir, usize)> {
        if let Some(s) = f.signed {
            return Some((if s { Dir::Rise } else { Dir::Fall }, i));
        }
        // "5.7% above July last year", "74% lower than", "1.8% more than in June"; not
        // "declined 6.1% over the month", where "over" says when.
        let over_time = self.raw(i + 1) == "over"
            && (matches!(
                self.tok(i + 2),
                Some(Tok::Month(_) | Tok::Year(_) | Tok::Span(_) | Tok::Cue(_))
            ) || self.is_word(i + 2, &["the", "a", "last", "its", "this"]));
        // "was off 3.1% from November", "were off about 30%": down; "minus 93%" too.
        if !over_time && i > 0 && self.raw(i - 1) == "off" {
            return Some((Dir::Fall, i - 1));
        }
        if !over_time
            && i > 1
            && matches!(self.tok(i - 1), Some(Tok::Hedge(_)))
            && self.raw(i - 2) == "off"
        {
            return Some((Dir::Fall, i - 2));
        }
        if i > 0 && self.raw(i - 1).eq_ignore_ascii_case("minus") {
            return Some((Dir::Fall, i - 1));
        }
        // "plus 660 percent", as a speaker reads "+660%".
        if f.unit == Unit::Pct && i > 0 && self.raw(i - 1).eq_ignore_ascii_case("plus") {
            return Some((Dir::Rise, i - 1));
        }
        // "a high of 4,8%": a rise as translation from Portuguese gives "uma alta de".
        if f.unit == Unit::Pct
            && i > 2
            && self.is_cue(i - 1, Cue::Of)
            && self.raw(i - 2).eq_ignore_ascii_case("high")
            && self.is_word(i - 3, &["a"])
        {
            return Some((Dir::Rise, i - 2));
        }
        match self.tok(i + 1) {
            Some(Tok::Hedge(Qualifier::MoreThan)) if over_time => {}
            Some(Tok::Hedge(Qualifier::MoreThan)) => return Some((Dir::Rise, i + 1)),
            Some(Tok::Hedge(Qualifier::LessThan)) => return Some((Dir::Fall, i + 1)),
            _ if self.short_of(i + 1) => return Some((Dir::Fall, i + 2)),
            _ => {}
        }
        // A line that opens with its figure and says what it is after a colon ("6.1%: the
        // month-on-month dip from August's level", a by-the-numbers list): the move in the
        // words after the colon.
        if self.tok(i + 1) == Some(&Tok::Punct(':'))
            && (0..i).all(|k| matches!(self.tok(k), Some(Tok::Bullet | Tok::Break)))
            && let Some(k) = self.after(i + 1, 8, true, |t| matches!(t, Tok::Dir(_)))
            && let Some(Tok::Dir(d)) = self.tok(k)
        {
            return Some((*d, k));
        }
        if let Some(k) = self.after(i, 2, true, |t| matches!(t, Tok::Dir(_))) {
            // "28.7% decline", "17.5% higher" — but not "5% of total fell".
            if !self.is_cue(i + 1, Cue::Of)
                && let Some(Tok::Dir(d)) = self.tok(k)
            {
                return Some((*d, k));
            }
        }
        // "rose for a second month, by 1.2%": the amount after a comma, the move farther back.
        let reach =
            if i >= 2 && self.raw(i - 1) == "by" && self.tok(i - 2) == Some(&Tok::Punct(',')) {
                10
            } else {
                6
            };
        let k = self.before(i, reach, false, |t| {
            matches!(t, Tok::Dir(_) | Tok::Figure(_))
        })?;
        match self.tok(k) {
            Some(Tok::Dir(d)) => {
                // Not across a comma that ends another clause: "fell, and Japan's share 9%".
                Some((*d, k))
            }
            _ => None,
        }
    }

    /// Whether the figure at `i` is what a share reached by the move at `d`: "Germany's
    /// share of shipments rose to 22.3%" (the share named shortly before the move).
    fn share_reached(&self, i: usize, d: usize) -> bool {
        // ("Korea's share dropped to about 10%": a hedge between.)
        let i = self.hedge_start(i);
        i > 0
            && self.is_cue(i - 1, Cue::To)
            && self
                .before(d, 5, true, |t| *t == Tok::Cue(Cue::Share))
                .is_some()
    }

    /// "short of" at `k`: below a base ("10.7% short of the same months last year").
    fn short_of(&self, k: usize) -> bool {
        self.is_word(k, &["short", "shy"]) && self.is_cue(k + 1, Cue::Of)
    }

    /// The words of a token as written, lower-cased.
    pub(crate) fn raw(&self, i: usize) -> std::borrow::Cow<'_, str> {
        // Lower case, copied only when the text is not already (this runs at every token).
        let w = self
            .toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("");
        if w.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(w.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(w)
        }
    }

    /// The text of a word token (for the few rules that need the word itself).
    pub(crate) fn word_text(&self, i: usize) -> Option<String> {
        match self.tok(i)? {
            Tok::Word(w) => Some(w.clone()),
            _ => None,
        }
    }

    /// A denial just before `i`: "nor", "not", "no longer", "isn't", "never".
    pub(crate) fn negated(&self, i: usize) -> bool {
        self.before(i, 5, true, |t| {
            matches!(t, Tok::Word(w) if ["nor", "not", "n't", "isn't", "wasn't", "never", "neither"].contains(&w.as_str()))
        })
        .is_some()
            || self.before(i, 5, true, |t| matches!(t, Tok::Word(w) if w == "longer")).is_some_and(|k| {
                k > 0 && matches!(self.tok(k - 1), Some(Tok::Cue(Cue::Zero)))
            })
    }

    /// The partner a line is labelled with ("S. Korea: 851 t — #2").
    pub(crate) fn label_country(&self) -> Option<usize> {
        let first = self
            .toks
            .iter()
            .position(|t| !matches!(t.tok, Tok::Bullet))?;
        (first..(first + 3).min(self.toks.len()))
            .find(|&k| matches!(self.tok(k), Some(Tok::Country(c)) if *c != "CHN" && *c != "WLD"))
    }

    /// Whether anything between `a` and `b` (exclusive) is a figure.
    /// The period a change at `i` is measured from, named after it: "28.7% from August",
    /// "5.7% above July last year", "74% lower than in May 2024", "a 10.2% gain on July".
    pub(crate) fn base_after(&self, i: usize) -> Option<usize> {
        let mut compared = false;
        // A direction alone compares nothing: "a 30.9% slump in September" is September's.
        let mut only_dir = true;
        // "43% below the 3,989 tonnes of December 2023", "96.7% less than the 3,199 tonnes
        // shipped in June 2024": the base level's month is the base.
        let mut base_level = false;
        for k in i + 1..(i + 10).min(self.toks.len()) {
            match self.tok(k)? {
                Tok::Figure(f)
                    if compared
                        && !only_dir
                        && !base_level
                        && f.unit != Unit::Pct
                        && f.unit != Unit::Bare =>
                {
                    base_level = true;
                }
                Tok::Word(w)
                    if base_level
                        && ["shipped", "exported", "sold", "recorded", "seen", "posted"]
                            .contains(&w.as_str()) => {}
                Tok::Flow(_) if base_level => {}
                Tok::Dir(_) => {
                    compared = true;
                }
                Tok::Hedge(Qualifier::MoreThan | Qualifier::LessThan)
                | Tok::Cue(Cue::From | Cue::Than) => {
                    compared = true;
                    only_dir = false;
                }
                // "superior (inferior) by 12 % to December 2023", as French is translated.
                Tok::Cue(Cue::To)
                    if (i.saturating_sub(3)..i)
                        .any(|j| ["superior", "inferior"].contains(&self.raw(j).as_ref())) =>
                {
                    compared = true;
                    only_dir = false;
                }
                // ("roughly 3% below the same two months of 2024": the months named, a year
                // back.)
                Tok::Word(w)
                    if [
                        "the", "in", "of", "at", "level", "levels", "figure", "that", "last",
                        "same",
                    ]
                    .contains(&w.as_str()) => {}
                Tok::Cue(Cue::In) if compared && only_dir => return None,
                Tok::Cue(Cue::In) => {}
                // "on the first half of 2024": the year names the base.
                Tok::Cue(Cue::FirstHalf | Cue::Quarters(_) | Cue::Of) if compared => {}
                Tok::Month(m) if compared && m.day.is_none() => return Some(k),
                Tok::Year(_) | Tok::Span(_) if compared => return Some(k),
                _ => return None,
            }
        }
        None
    }

    /// The base named before the figure: "Compared with September 2024, US-bound shipments
    /// were down nearly 30%".
    pub(crate) fn base_before(&self, i: usize) -> Option<usize> {
        let than = (0..i).rev().take(14).find(|&k| self.is_cue(k, Cue::Than))?;
        // "on" compares only after the change ("up 20% on July"); before it, "on June:" is
        // a label saying when.
        if self.raw(than) == "on" {
            return None;
        }
        let k = than + 1 + usize::from(self.is_word(than + 1, &["the", "in"]));
        matches!(self.tok(k), Some(Tok::Month(m)) if m.day.is_none())
            .then_some(k)
            .or_else(|| matches!(self.tok(k), Some(Tok::Year(_) | Tok::Span(_))).then_some(k))
    }

    /// Whether a share at `i` is of something other than trade: "China produces about 98% of
    /// the world's primary gallium", "close to half of global mine output", "seventy-seven
    /// percent of the world's supply".
    fn share_of_else(&self, i: usize) -> bool {
        self.before(i, 3, true, |t| matches!(t, Tok::Cue(Cue::NotTrade)))
            .is_some()
            || self
                .after(i, 6, true, |t| matches!(t, Tok::Cue(Cue::NotTrade)))
                .is_some()
            || (i + 1..(i + 5).min(self.toks.len())).any(|k| {
                // "of the world total" is China's total to the world, not the world's output.
                let total_after =
                    |j: usize| matches!(self.tok(j), Some(Tok::Flow(_) | Tok::Cue(Cue::Total)));
                self.is_word(k, &["world", "global", "worldwide"])
                    && !total_after(k + 1)
                    && !total_after(k + 2)
            })
    }

    /// Whether the clause before `i` speaks of something other than trade (a price, a
    /// capacity, production) or of the future.
    fn not_trade(&self, i: usize) -> bool {
        // Back through the clause, across a range's dash ("forecast at 56,000–59,000 t") and
        // the colon of a label that is the cue ("My guess: Nov tops 6,000t").
        // A figure coordinated with one the cue governs is governed too ("I model 2026
        // magnet exports at 60-62 kt and rare earth exports at 66 kt").
        let mut k = i;
        while k > 0 && i - k < 8 {
            k -= 1;
            if matches!(self.tok(k), Some(Tok::Cue(Cue::NotTrade | Cue::Future))) {
                return true;
            }
            let range_dash = matches!(self.tok(k), Some(Tok::Punct('–' | '-')))
                && k > 0
                && matches!(self.tok(k - 1), Some(Tok::Figure(_)));
            let label_colon = self.tok(k) == Some(&Tok::Punct(':'))
                && k > 0
                && matches!(self.tok(k - 1), Some(Tok::Cue(Cue::Future)))
                && ["guess", "forecast"]
                    .iter()
                    .any(|w| self.raw(k - 1).contains(w));
            if self.soft_barrier(k) && !range_dash && !label_colon {
                // "Net sales of $612.4 million, down 4%": a change set beside a figure the
                // cue governs is governed too.
                return self.tok(k) == Some(&Tok::Punct(','))
                    && k > 0
                    && matches!(self.tok(k - 1), Some(Tok::Figure(f)) if f.unit.is_amount())
                    && self.not_trade(k - 1);
            }
            if !range_dash
                && k + 1 < i
                && matches!(self.tok(k), Some(Tok::Figure(f)) if f.unit.is_amount())
                && (k + 1..i).any(|j| self.is_word(j, &["and"]))
            {
                return self.not_trade(k);
            }
        }
        false
    }

    /// Whether a percent at `i` is a market's move rather than trade's: a price, a share
    /// price or an index ("Shares of JL Mag rose 3.4% in Shenzhen", "KOSPI closed 2,481.07,
    /// up 0.42%"), a clause quoting a price per unit ("NdPr oxide CNY 562,000/t, +0.4%
    /// d/d"), or a change over less than a month ("+1.8% w/w", "up 2.5% on the week").
    fn market_move(&self, i: usize) -> bool {
        let hard = |k: usize| {
            matches!(
                self.tok(k),
                Some(Tok::Punct('.' | ';' | '!' | '?' | '|') | Tok::Break | Tok::Bullet)
            )
        };
        let start = (0..i).rev().find(|&k| hard(k)).map_or(0, |k| k + 1);
        let end = (i + 1..self.toks.len())
            .find(|&k| hard(k))
            .unwrap_or(self.toks.len());
        let raw = |k: usize| self.raw(k);
        let trade = (start..end).any(|k| matches!(self.tok(k), Some(Tok::Flow(_))));
        let market = (start..end).any(|k| {
            let w = raw(k);
            MARKET_WORDS.contains(&&*w)
                || !trade && w == "shares" && ["of", "in"].contains(&&*raw(k + 1))
        });
        let rate_before =
            (start..i).any(|k| matches!(self.tok(k), Some(Tok::Figure(_))) && self.rate(k));
        let short_base = (i + 1..(i + 5).min(end)).any(|k| {
            let w = raw(k);
            SHORT_BASES.contains(&&*w)
                || w == "on" && self.is_word(k + 1, &["the"]) && {
                    let n = raw(k + 2);
                    n == "week" || n == "day"
                }
        });
        // A ticker's cell ("| MP Materials +4.1% |", "BTC $88,412 ▲1.2% |"): a signed
        // percent between bars, with nothing of trade beside it.
        let bars = start > 0 && self.tok(start - 1) == Some(&Tok::Punct('|'))
            || self.tok(end) == Some(&Tok::Punct('|'));
        let ticker =
            bars && !(start..end).any(|k| {
                k != i
                    && matches!(
                        self.tok(k),
                        Some(
                            Tok::Flow(_)
                                | Tok::Basket(_)
                                | Tok::Country(_)
                                | Tok::Month(_)
                                | Tok::Span(_)
                                | Tok::Year(_)
                                | Tok::Cue(
                                    Cue::Mom | Cue::Yoy | Cue::Ytd | Cue::Total | Cue::Share
                                )
                        )
                    )
            }) && (start..i).any(|k| matches!(self.tok(k), Some(Tok::Word(_) | Tok::Figure(_))));
        market || rate_before || short_base || ticker
    }

    /// "$48,729/t", "US$ 9000 dollar/ton", "¥560k/t", "$39,000 a ton": a rate, not a level.
    fn rate(&self, i: usize) -> bool {
        let k = i + 1;
        let per = self.is_cue(k, Cue::Per)
            || self.is_word(k, &["a", "an"])
            || self.toks.get(k).is_some_and(|t| t.tok == Tok::Punct('/'));
        let per2 = matches!(self.tok(k), Some(Tok::Word(w)) if w == "dollar" || w == "dollars")
            && (self.is_cue(k + 1, Cue::Per)
                || self
                    .toks
                    .get(k + 1)
                    .is_some_and(|t| t.tok == Tok::Punct('/')));
        if !(per || per2) {
            return false;
        }
        let u = if per2 { k + 2 } else { k + 1 };
        matches!(self.tok(u), Some(Tok::Word(w)) if ["t", "ton", "tons", "tonne", "tonnes", "kg", "mt", "lb", "kilogram", "unit"].contains(&w.as_str()))
            || matches!(self.tok(u), Some(Tok::Word(_)))
    }
}

fn pct(f: &Figure) -> bool {
    f.unit == Unit::Pct
}

fn level_claim(f: &Figure, q: Qualifier) -> Claimed {
    Claimed::Level {
        value: f.value.abs(),
        unit: f.unit,
        precision: f.precision,
        qualifier: q,
    }
}

// ------------------------------------------------------------------------------------------
// Shares.

/// "7.3% of China's September magnet exports", "38% of the July total", "a 7.8% share",
/// "accounted for 7.3%", "US share of total 9.5%", "took 38%".
/// A share listed after one said in full, of the same whole: "Europe took 45.9% of China's
/// magnet exports and Asia 36.9%, with North America at 16.2%", "Germany took 38% of the July
/// total and Côte d'Ivoire a further 11%".
fn share_listed(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    if !pct(f) || f.signed.is_some() || i < 2 {
        return None;
    }
    // The destination just before it: "Asia 36.9%", "North America at 16.2%", "Côte
    // d'Ivoire a further 11%".
    let mut c = i - 1;
    if s.is_word(c, &["at", "another"]) {
        c -= 1;
    } else if s.is_word(c, &["further"]) && c >= 2 && s.is_word(c - 1, &["a"]) {
        c -= 2;
    }
    let Some(Tok::Country(code)) = s.tok(c) else {
        return None;
    };
    // After a conjunction or a comma, and a share said in full before it in the sentence.
    if c == 0
        || !(s.is_word(c - 1, &["and", "with", "while"]) || s.tok(c - 1) == Some(&Tok::Punct(',')))
    {
        return None;
    }
    let said = (0..c.saturating_sub(1)).any(|k| {
        matches!(s.tok(k), Some(Tok::Figure(g)) if pct(g) && g.signed.is_none())
            && s.is_cue(k + 1, Cue::Of)
    });
    if !said
        || matches!(s.tok(i + 1), Some(Tok::Dir(_) | Tok::Hedge(_)))
        || s.is_cue(i + 1, Cue::Of)
    {
        return None;
    }
    let mut hit = Hit::new(
        "share-listed",
        Kind::Share,
        Claimed::Share {
            pct: f.value,
            precision: f.precision,
            qualifier: s.hedge(i),
        },
        c,
        i,
        i,
    );
    hit.partner = Some(Partner::of(code));
    Some(hit)
}

fn share_of(s: &Sentence, i: usize) -> Option<Hit> {
    let f = s.tok(i).and_then(|t| match t {
        Tok::Figure(f) if pct(f) => Some(*f),
        _ => None,
    })?;
    // A change "of 7.5%" ("a fall of 7.5%") is not a share.
    if let Some(d) = s.before(i, 3, true, |t| matches!(t, Tok::Dir(_)))
        && f.signed.is_none()
    {
        // "Germany's share of shipments rose to 22.3%": the share it reached.
        let cue_before = s
            .before(i, 3, true, |t| *t == Tok::Cue(Cue::Share))
            .is_some()
            || s.share_reached(i, d);
        if !cue_before {
            return None;
        }
    }
    if f.signed.is_some() || s.share_of_else(i) {
        return None;
    }
    // "took roughly 4% less than in August", "10.7% short of": a comparison is a change.
    if matches!(
        s.tok(i + 1),
        Some(Tok::Hedge(Qualifier::MoreThan | Qualifier::LessThan) | Tok::Dir(_))
    ) || s.short_of(i + 1)
    {
        return None;
    }
    let of_total = s.is_cue(i + 1, Cue::Of)
        && (1..=5).any(|k| {
            matches!(
                s.tok(i + 1 + k),
                Some(
                    Tok::Cue(Cue::Total | Cue::TheseMonths(_))
                        | Tok::Flow(_)
                        | Tok::Basket(_)
                        | Tok::Possessive
                        | Tok::Country("CHN")
                )
            ) || s.is_word(
                i + 1 + k,
                &[
                    "it",
                    "them",
                    "all",
                    "that",
                    "exports",
                    "shipments",
                    "the",
                    "this",
                    "everything",
                ],
            )
        })
        // ("of its imports" is the buyer's own; "China shipped … - around 12 per cent of
        // its total flake exports" is China's, in a sentence about trade: not "China still
        // refines … about 60% of its germanium".)
        && !(s.is_word(i + 2, &["its", "their"])
            && (s.toks[..i]
                .iter()
                .find_map(|t| match t.tok {
                    Tok::Country(c) => Some(c),
                    _ => None,
                })
                != Some("CHN")
                || !s.toks.iter().any(|t| matches!(t.tok, Tok::Flow(_)))));
    let share_after = s.is_cue(i + 1, Cue::Share);
    // "US share … fell 250bp to 7.3%": a move in points between is no other figure.
    let share_before = s
        .before(i, 9, false, |t| *t == Tok::Cue(Cue::Share))
        .is_some_and(|k| {
            !(k + 1..i).any(|j| {
                matches!(s.tok(j), Some(Tok::Figure(g)) if g.unit != Unit::Pp)
                    && !s.raw(j).ends_with("bp")
                    && !s.raw(j + 1).starts_with("bp")
                    && !s.is_word(j + 1, &["basis", "points", "bps"])
            })
        });
    let went_to = s.is_word(i + 1, &["went"]) || s.is_word(i + 2, &["went"]);
    // A list under a label of shares: "Shares of the total: Germany 22.3%, Korea 14.8%,
    // Vietnam 7.9%" — each country's percent is its share.
    let listed = i > 0 && matches!(s.tok(i - 1), Some(Tok::Country(c)) if *c != "CHN") && {
        let colon = s
            .toks
            .iter()
            .take(12)
            .position(|t| t.tok == Tok::Punct(':'));
        colon.is_some_and(|c| c < i && (0..c).any(|k| s.is_cue(k, Cue::Share)))
    };
    if !(of_total || share_after || share_before || went_to || listed) {
        return None;
    }
    // Not the world's production ("77% of the world's supply") nor a market share.
    if s.after(i, 6, true, |t| *t == Tok::Cue(Cue::NotTrade))
        .is_some()
        || s.not_trade(i)
    {
        return None;
    }
    let mut hit = Hit::new(
        "share-of",
        Kind::Share,
        Claimed::Share {
            pct: f.value,
            precision: f.precision,
            qualifier: s.hedge(i),
        },
        s.hedge_start(i),
        i,
        i,
    );
    let partner = if went_to {
        s.after(i, 5, true, |t| matches!(t, Tok::Country(_)))
    } else {
        None
    }
    .or_else(|| {
        s.before(
            i,
            8,
            false,
            |t| matches!(t, Tok::Country(c) if *c != "CHN" && *c != "WLD"),
        )
    })
    .or_else(|| {
        s.after(
            i,
            8,
            true,
            |t| matches!(t, Tok::Country(c) if *c != "CHN" && *c != "WLD"),
        )
    });
    if let Some(Tok::Country(c)) = partner.and_then(|k| s.tok(k)) {
        hit.partner = Some(Partner::of(c));
    }
    Some(hit)
}

/// "about two-thirds of them went to Russia", "more than half of the total".
fn share_fraction(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Fraction(v)) = s.tok(i) else {
        return None;
    };
    let of = s.is_cue(i + 1, Cue::Of);
    let went = s
        .after(i, 6, true, |t| matches!(t, Tok::Word(w) if w == "went"))
        .is_some();
    if !of && !went || s.share_of_else(i) {
        return None;
    }
    // "cut by a third" is a change.
    if s.before(i, 2, true, |t| matches!(t, Tok::Word(w) if w == "by"))
        .is_some()
    {
        return None;
    }
    // A part of a year: "the second half of 2024", "the same half of 2024", "half of 2025".
    // (Not "a third of December's exports": the month's trade.)
    let of_when =
        of && matches!(
            s.tok(i + 2),
            Some(Tok::Year(_) | Tok::Month(_) | Tok::Span(_))
        ) && !s.months_trade(i + 2);
    let which = i > 0
        && (matches!(s.tok(i - 1), Some(Tok::Ordinal(_)))
            || s.is_word(
                i - 1,
                &[
                    "same", "latter", "former", "this", "last", "next", "previous",
                ],
            ));
    if of_when || which {
        return None;
    }
    let q = s.hedge(i);
    // "less than half of the year before", "less than half of what we imported in the same
    // six months last year": a part of an earlier level is a change from it (half is −50%).
    // ("roughly half of the level of the third quarter of 2024": the level of a year
    // named.)
    let level_of =
        s.is_word(i + 2, &["the"]) && s.is_word(i + 3, &["level", "levels", "volume", "volumes"]);
    if of
        && let Some(end) = (i + 2..(i + 12).min(s.toks.len()))
            .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
            .find(|&k| {
                matches!(
                    s.tok(k),
                    Some(Tok::Cue(Cue::LastYear | Cue::YearEarlier | Cue::Yoy))
                ) || s.is_cue(k, Cue::YearWord) && s.is_word(k + 1, &["before", "earlier"])
                    || level_of && matches!(s.tok(k), Some(Tok::Year(_)))
                    || level_of && matches!(s.tok(k), Some(Tok::Month(m)) if m.year.is_some())
                    || level_of && matches!(s.tok(k), Some(Tok::Span(sp)) if sp.year.is_some())
            })
    {
        let mut hit = Hit::new(
            "change-part-of-before",
            Kind::ChangeYoy,
            // (A bound on the part is the other bound on the fall: "less than half of" is a
            // fall of more than half.)
            Claimed::Change {
                pct: *v - 100.0,
                precision: 1.0,
                qualifier: match q {
                    Qualifier::Exact => Qualifier::About,
                    Qualifier::LessThan if *v < 100.0 => Qualifier::MoreThan,
                    Qualifier::MoreThan | Qualifier::AtLeast if *v < 100.0 => Qualifier::LessThan,
                    q => q,
                },
            },
            s.hedge_start(i),
            end,
            i,
        );
        hit.base = Some(end);
        return Some(hit);
    }
    let mut hit = Hit::new(
        "share-fraction",
        Kind::Share,
        Claimed::Share {
            pct: *v,
            precision: 1.0,
            qualifier: if q == Qualifier::Exact {
                Qualifier::About
            } else {
                q
            },
        },
        s.hedge_start(i),
        i,
        i,
    );
    let partner = s
        .after(i, 8, true, |t| matches!(t, Tok::Country(c) if *c != "CHN"))
        .or_else(|| s.before(i, 6, true, |t| matches!(t, Tok::Country(c) if *c != "CHN")));
    if let Some(Tok::Country(c)) = partner.and_then(|k| s.tok(k)) {
        hit.partner = Some(Partner::of(c));
    }
    Some(hit)
}

/// A share set after a partner's level with nothing but a comma or a dash: "Korea took 1
/// tonne of the 5.5 tonnes of terbium China exported in August 2025, about 18%", "the United
/// States received 753 tonnes, about 29%", "Germany received 74 - more than three quarters".
/// The percent ends its clause, no move is said between the level and it, and a buyer other
/// than China names the clause.
fn share_appended(s: &Sentence, i: usize) -> Option<Hit> {
    let (pct, precision, fraction) = match s.tok(i)? {
        Tok::Figure(f) if pct(f) && f.signed.is_none() => (f.value, f.precision, false),
        Tok::Fraction(v) => (*v, 1.0, true),
        _ => return None,
    };
    // ("with 6,138 tonnes, or 26.1%", "bought 735 tonnes (28.6%)": "or" after the comma, or
    // a bracket.)
    let mut h = s.hedge_start(i);
    if h > 1 && s.is_word(h - 1, &["or"]) && s.tok(h - 2) == Some(&Tok::Punct(',')) {
        h -= 1;
    }
    if h == 0 || !matches!(s.tok(h - 1), Some(Tok::Punct(',' | '-' | '—' | '–' | '('))) {
        return None;
    }
    let bracket = s.tok(h - 1) == Some(&Tok::Punct('('));
    let ends = if bracket {
        s.tok(i + 1) == Some(&Tok::Punct(')'))
    } else {
        i + 1 >= s.toks.len()
            || s.barrier(i + 1)
            || matches!(s.tok(i + 1), Some(Tok::Punct('.' | ',' | ';' | ')')))
    };
    if !ends {
        return None;
    }
    // The level right before the mark (a commodity or a time may follow it).
    let level = (h.saturating_sub(9)..h - 1)
        .rev()
        .find(|&k| matches!(s.tok(k), Some(Tok::Figure(_))))?;
    let Some(Tok::Figure(l)) = s.tok(level) else {
        return None;
    };
    let bare_after_mass = l.unit == Unit::Bare
        && s.toks[..level]
            .iter()
            .any(|t| matches!(&t.tok, Tok::Figure(g) if g.unit.is_mass()));
    if !(l.unit.is_mass() || bare_after_mass)
        || (level + 1..h - 1).any(|k| s.barrier(k) || matches!(s.tok(k), Some(Tok::Punct(_))))
    {
        return None;
    }
    // The buyer: the country that opens the level's clause, a few words before it.
    let country = s.before(
        level,
        6,
        true,
        |t| matches!(t, Tok::Country(c) if *c != "CHN" && *c != "WLD"),
    )?;
    if (country..i).any(|k| matches!(s.tok(k), Some(Tok::Dir(_))))
        || s.not_trade(i)
        || s.share_of_else(i)
    {
        return None;
    }
    let Some(Tok::Country(code)) = s.tok(country) else {
        return None;
    };
    let q = s.hedge(i);
    let mut hit = Hit::new(
        "share-appended",
        Kind::Share,
        Claimed::Share {
            pct,
            precision,
            qualifier: if fraction && q == Qualifier::Exact {
                Qualifier::About
            } else {
                q
            },
        },
        h,
        i,
        i,
    );
    hit.partner = Some(Partner::of(code));
    Some(hit)
}

/// "Germany took most of November's germanium", "Japan, which took most of August's
/// terbium", "Myanmar still supplies most of it", "most of August's dysprosium went to South
/// Korea": a share above half, said of one partner with a verb of taking or going. ("most of
/// the year", "most of the fall" and a "most of" with no partner taking it are no share.)
fn share_most(s: &Sentence, i: usize) -> Option<Hit> {
    // (And the share cue's "took", "takes", "taking".)
    const TAKES: [&str; 11] = [
        "take", "absorbed", "absorbs", "supplied", "supplies", "supply", "bought", "buys",
        "received", "receives", "got",
    ];
    const GOES: [&str; 6] = ["went", "going", "bound", "shipped", "headed", "destined"];
    if !s.is_word(i, &["most"])
        || !s.is_cue(i + 1, Cue::Of)
        || s.is_word(i + 2, &["the"])
            && s.is_word(
                i + 3,
                &[
                    "year",
                    "period",
                    "time",
                    "decline",
                    "fall",
                    "rise",
                    "increase",
                    "drop",
                    "growth",
                    "gain",
                    "gains",
                    "jump",
                    "months",
                    "quarter",
                    "remainder",
                    "rest",
                    "balance",
                ],
            )
    {
        return None;
    }
    if matches!(s.tok(i + 2), Some(Tok::Year(_) | Tok::Span(_))) {
        return None;
    }
    let country = |t: &Tok| matches!(t, Tok::Country(c) if *c != "CHN" && *c != "WLD");
    // A buyer before the verb of taking: "Germany took most of", "Japan, which took most of".
    let taker = i
        .checked_sub(1)
        .filter(|&k| s.is_word(k, &TAKES) || s.is_cue(k, Cue::Share))
        .and_then(|k| s.before(k, 4, false, country));
    // A destination after it: "most of August's dysprosium went to South Korea".
    let dest = || {
        let go = s.after(
            i + 1,
            8,
            true,
            |t| matches!(t, Tok::Word(w) if GOES.contains(&w.as_str())),
        )?;
        s.after(go, 3, true, country)
    };
    let c = taker.or_else(dest)?;
    let Some(Tok::Country(code)) = s.tok(c) else {
        return None;
    };
    // Two partners together ("Most of that went to Germany and Japan") are no one's share.
    if (s.is_word(c + 1, &["and", "&"]) || matches!(s.tok(c + 1), Some(Tok::Punct(','))))
        && matches!(s.tok(c + 2), Some(Tok::Country(_)))
    {
        return None;
    }
    let mut hit = Hit::new(
        "share-most",
        Kind::Share,
        Claimed::Share {
            pct: 50.0,
            precision: 1.0,
            qualifier: Qualifier::MoreThan,
        },
        c.min(i),
        c.max(i + 1),
        i,
    );
    hit.partner = Some(Partner::of(code));
    Some(hit)
}

/// "Every tonne of … went to South Korea", "All 948 tonnes … went to South Korea", "went
/// entirely to South Korea".
/// Also "all of it to Germany", "all of it bound for Germany", "all of the terbium going
/// to South Korea", "every gram of it to Germany".
fn share_all(s: &Sentence, i: usize) -> Option<Hit> {
    const VERBS: [&str; 9] = [
        "went",
        "going",
        "bound",
        "shipped",
        "headed",
        "destined",
        "sent",
        "delivered",
        "gone",
    ];
    let t = s.toks.get(i)?;
    let verb = |t: &Tok| matches!(t, Tok::Word(w) if VERBS.contains(&w.as_str()));
    // (Not "nothing at all going to American buyers".)
    // ("the whole of China's 1 kg of dysprosium exports reportedly went to Korea".)
    let all_word = matches!(&t.tok, Tok::Word(w) if w == "every" || w == "all")
        && !(i > 0 && s.is_word(i - 1, &["at"]))
        || s.is_word(i, &["the whole of"]);
    // "all of it to Germany": the destination right after "it" or "them".
    let of_it = (i + 1..(i + 5).min(s.toks.len()))
        .filter(|_| all_word)
        .find(|&k| s.is_word(k, &["it", "them"]))
        .filter(|&k| (i + 1..k).all(|j| !matches!(s.tok(j), Some(Tok::Figure(_))) && !s.barrier(j)))
        .and_then(|k| {
            (s.is_cue(k + 1, Cue::To) || s.is_word(k + 1, &["for"]))
                .then_some(k + 1)
                .filter(|&to| matches!(s.tok(to + 1), Some(Tok::Country(_))))
        });
    let every = all_word && (s.after(i, 12, true, verb).is_some() || of_it.is_some());
    let entirely = s.tok(i).is_some_and(verb)
        && s.is_word(i + 1, &["entirely", "exclusively", "solely", "wholly"]);
    if !every && !entirely {
        return None;
    }
    let went = if entirely {
        i
    } else {
        s.after(i, 12, true, verb).or(of_it)?
    };
    let c = s.after(went, 4, true, |t| matches!(t, Tok::Country(_)))?;
    let Some(Tok::Country(code)) = s.tok(c) else {
        return None;
    };
    let mut hit = Hit::new(
        "share-all",
        Kind::Share,
        Claimed::Share {
            pct: 100.0,
            precision: 1.0,
            qualifier: Qualifier::Exact,
        },
        i,
        c,
        went,
    );
    hit.partner = Some(Partner::of(code));
    Some(hit)
}

// ------------------------------------------------------------------------------------------
// Changes.

/// "doubled", "more than doubled", "halved", "more than halved", "tripled".
fn change_multiple(s: &Sentence, i: usize) -> Option<Hit> {
    let (pct, dir) = match s.tok(i)? {
        Tok::Cue(Cue::Times(k)) => ((k - 1.0) * 100.0, Dir::Rise),
        Tok::Cue(Cue::Halved) => (-50.0, Dir::Fall),
        _ => return None,
    };
    // "doubled" as a verb of trade: not "double-digit", not a forecast.
    if s.not_trade(i) {
        return None;
    }
    let hedged = s.hedge(i);
    let qualifier = match hedged {
        Qualifier::MoreThan => Qualifier::MoreThan,
        Qualifier::Nearly => Qualifier::Nearly,
        Qualifier::About => Qualifier::About,
        // A bare "eightfold", "tripled": about that many times (a hundred points either way
        // is the multiple's own precision); a bare "doubled" or "halved": at least that.
        _ if pct >= 200.0 => Qualifier::Exact,
        _ => Qualifier::AtLeast,
    };
    let _ = dir;
    Some(Hit::new(
        "change-multiple",
        Kind::ChangeMom,
        Claimed::Change {
            pct,
            precision: if pct >= 200.0 { 100.0 } else { 10.0 },
            qualifier,
        },
        s.hedge_start(i),
        i,
        i,
    ))
}

/// A multiple said with a verb or a factor: "multiplied nearly by eight", "were multiplied
/// by 3", "rose by a factor of three".
fn change_factor(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    if f.unit != Unit::Bare || !(2.0..=100.0).contains(&f.value) || i < 2 || s.not_trade(i) {
        return None;
    }
    let from = if s.is_word(i - 1, &["by"]) {
        // "multiplied (nearly) by eight"
        (i.saturating_sub(4)..i - 1)
            .rev()
            .find(|&k| s.raw(k).starts_with("multipl"))?
    } else if s.is_cue(i - 1, Cue::Of) && s.is_word(i - 2, &["factor"]) {
        // "by a factor of three"
        (i.saturating_sub(5)..i - 2)
            .rev()
            .find(|&k| s.is_word(k, &["by"]))?
    } else {
        return None;
    };
    let hedge = (from..i)
        .find_map(|k| match s.tok(k) {
            Some(Tok::Hedge(q)) => Some(*q),
            _ => None,
        })
        .unwrap_or(Qualifier::Exact);
    Some(Hit::new(
        "change-factor",
        Kind::ChangeMom,
        Claimed::Change {
            pct: (f.value - 1.0) * 100.0,
            precision: 100.0 * f.precision,
            qualifier: hedge,
        },
        from,
        i,
        i,
    ))
}

/// "more than seven times the May level", "four times July's total".
fn change_times_base(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    if f.unit != Unit::Bare || !s.is_cue(i + 1, Cue::TimesWord) {
        return None;
    }
    // The base must be named: "the May level", "July's", "as much terbium as in June",
    // "the 2023 total".
    // (A year only after the word "times": "14.2x FY26E" is a valuation.)
    let word = s.raw(i + 1).eq_ignore_ascii_case("times");
    let base = s.after(i + 1, 7, true, |t| {
        matches!(t, Tok::Month(_)) || word && matches!(t, Tok::Year(_) | Tok::Span(_))
    })?;
    let mut hit = Hit::new(
        "change-times-base",
        Kind::ChangeMom,
        Claimed::Change {
            pct: (f.value - 1.0) * 100.0,
            precision: 100.0 * f.precision,
            qualifier: s.hedge(i),
        },
        s.hedge_start(i),
        (base + 1).min(s.toks.len() - 1),
        i,
    );
    hit.base = Some(base);
    Some(hit)
}

/// A level as a fraction or a multiple of a month's: "were less than half April's", "about
/// two-thirds of September's", "twice June's", "half as much as in May", "a quarter lower
/// than in May". The change from that month: two-thirds of it is −33%, twice it +100%.
fn change_ratio_of_month(s: &Sentence, i: usize) -> Option<Hit> {
    let (ratio, precision) = match s.tok(i)? {
        Tok::Fraction(v) => (*v / 100.0, 1.0),
        // "twice June's"; "double the May level" after a verb of being.
        Tok::Word(w) if w == "twice" => (2.0, 100.0),
        Tok::Cue(Cue::Times(x))
            if s.is_word(i.wrapping_sub(1), &["were", "was", "is", "are", "at"]) =>
        {
            (*x, 100.0)
        }
        _ => return None,
    };
    let word = |k: usize| s.raw(k);
    // "fell by half in May" is a change by the fraction (see `change_fraction`).
    if i > 0 && word(i - 1) == "by" || i > 1 && word(i - 2) == "by" {
        return None;
    }
    let mut k = i + 1;
    // "a quarter lower than in May", "a third higher than …": a change by the fraction.
    let mut signed = None;
    if matches!(&*word(k), "lower" | "less" | "below" | "smaller") {
        signed = Some(-1.0);
        k += 1;
    } else if matches!(&*word(k), "higher" | "more" | "above" | "larger" | "bigger") {
        signed = Some(1.0);
        k += 1;
    } else if word(k) == "as"
        && ["much", "many", "large", "big", "high"].contains(&&*word(k + 1))
        && word(k + 2) == "as"
    {
        // "half as much as in May"
        k += 3;
    }
    // Then "of", "than", "the", "in", "that of": up to the month.
    while k < s.toks.len() && k <= i + 6 {
        if matches!(s.tok(k), Some(Tok::Month(m)) if m.day.is_none()) {
            break;
        }
        // "about a third below the prior year", "a quarter higher than a year earlier": a
        // change on the year.
        if let Some(sign) = signed
            && matches!(
                s.tok(k),
                Some(Tok::Cue(Cue::LastYear | Cue::YearEarlier | Cue::Yoy))
            )
        {
            let qualifier = match s.hedge(i) {
                Qualifier::Exact => Qualifier::About,
                q => q,
            };
            return Some(Hit::new(
                "change-ratio",
                Kind::ChangeYoy,
                Claimed::Change {
                    pct: sign * ratio * 100.0,
                    precision,
                    qualifier,
                },
                s.hedge_start(i),
                k,
                i,
            ));
        }
        if !(s.is_cue(k, Cue::Of)
            || s.is_cue(k, Cue::In)
            || s.is_cue(k, Cue::Than)
            || ["of", "than", "the", "in", "that", "from", "on"].contains(&&*word(k)))
        {
            return None;
        }
        k += 1;
    }
    let Some(Tok::Month(_)) = s.tok(k) else {
        return None;
    };
    // A month's own level: "April's", "the June level", "September's", "in May".
    let owned = matches!(s.tok(k + 1), Some(Tok::Possessive))
        || s.is_word(k + 1, &["level", "figure", "total", "volume", "tally"])
        || k > 0 && (s.is_cue(k - 1, Cue::In) || word(k - 1) == "in" || signed.is_some());
    if !owned {
        return None;
    }
    // "Japanese buyers took about a third of December's exports": a part of the month's
    // trade, a share, not a change on it.
    if signed.is_none()
        && s.months_trade(k)
        && s.before(i, 5, true, |t| *t == Tok::Cue(Cue::Share))
            .is_some()
    {
        return None;
    }
    let pct = match signed {
        Some(sign) => sign * ratio * 100.0,
        None => (ratio - 1.0) * 100.0,
    };
    // A bound on the ratio is a bound on the change: "less than half April's" is a fall of
    // more than 50%, "more than half" one of less than 50%; "more than twice" a rise of more
    // than 100%.
    let qualifier = match (s.hedge(i), signed.is_none() && ratio < 1.0) {
        (Qualifier::Exact, _) => Qualifier::About,
        (Qualifier::LessThan, true) => Qualifier::MoreThan,
        (Qualifier::MoreThan, true) => Qualifier::LessThan,
        (q, _) => q,
    };
    let end = if matches!(s.tok(k + 1), Some(Tok::Possessive)) {
        k + 1
    } else {
        k
    };
    let mut hit = Hit::new(
        "change-ratio",
        Kind::ChangeMom,
        Claimed::Change {
            pct,
            precision,
            qualifier,
        },
        s.hedge_start(i),
        end,
        i,
    );
    hit.base = Some(k);
    Some(hit)
}

/// "cut total magnet exports by a third", "fell by half", "down a third from September".
fn change_fraction(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Fraction(v)) = s.tok(i) else {
        return None;
    };
    let by = s
        .before(i, 2, true, |t| matches!(t, Tok::Word(w) if w == "by"))
        .or_else(|| {
            // "down a third from September", "up a quarter on May", "the eight-month total
            // of 2,384 tonnes is down almost a third" (a hedge between; the clause ending).
            let h = s.hedge_start(i);
            (h > 0 && matches!(s.tok(h - 1), Some(Tok::Dir(_))))
                .then_some(i)
                .filter(|_| {
                    ["from", "on", "compared", "versus", "vs"]
                        .iter()
                        .any(|w| s.raw(i + 1).eq_ignore_ascii_case(w))
                        || i + 1 >= s.toks.len()
                        || s.barrier(i + 1)
                        || matches!(s.tok(i + 1), Some(Tok::Punct(',' | '.' | ';')))
                })
        })
        .or_else(|| {
            // "a fall of about a quarter in imports this year": the change's noun, "of".
            let h = s.hedge_start(i);
            (h > 1 && s.is_cue(h - 1, Cue::Of) && matches!(s.tok(h - 2), Some(Tok::Dir(_))))
                .then_some(h - 1)
        })?;
    let d = s.before(by, 6, true, |t| matches!(t, Tok::Dir(_)))?;
    let Some(Tok::Dir(dir)) = s.tok(d) else {
        return None;
    };
    let pct = if *dir == Dir::Fall { -v } else { *v };
    // "rose by more than half", "fell by at least a third": a bound, said with the fraction.
    let qualifier = match s.hedge(i) {
        q @ (Qualifier::MoreThan | Qualifier::AtLeast | Qualifier::LessThan) => q,
        _ => Qualifier::About,
    };
    let mut hit = Hit::new(
        "change-fraction",
        Kind::ChangeMom,
        Claimed::Change {
            pct,
            precision: 1.0,
            qualifier,
        },
        d,
        i,
        i,
    );
    // "up by about a third on December 2024": the base named after it, as for a percent.
    hit.base = s.base_after(i);
    Some(hit)
}

/// A percent with a direction: "declined 28.7% from August", "−6.1% m/m", "↑56% MoM",
/// "a fall of 7.5%", "17.5% higher than a year earlier", "down, um, 93% year on year".
fn change_percent(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    if !pct(f) || s.not_trade(i) || s.market_move(i) {
        return None;
    }
    let cue_near = s
        .after(i, 3, true, |t| {
            matches!(t, Tok::Cue(Cue::Mom | Cue::Yoy | Cue::Ytd))
        })
        .or_else(|| s.before(i, 3, true, |t| matches!(t, Tok::Cue(Cue::Mom | Cue::Yoy))));
    // Unsigned and without a word for the way ("5.3%"), a percent is not read as a change.
    let (dir, at) = s.direction(i, f)?;
    // "Germany's share of shipments rose to 22.3%": the share it reached, not a change.
    if f.signed.is_none() && s.share_reached(i, at) {
        return None;
    }
    let value = match (f.signed, dir) {
        (Some(_), _) => f.value,
        (None, Dir::Fall) => -f.value.abs(),
        (None, Dir::Rise) => f.value.abs(),
    };
    let from = s.hedge_start(i).min(at);
    let to = at.max(i).max(cue_near.unwrap_or(i));
    let mut hit = Hit::new(
        "change-percent",
        Kind::ChangeMom,
        Claimed::Change {
            pct: value,
            precision: f.precision,
            qualifier: s.hedge(i),
        },
        from,
        to,
        i,
    );
    hit.base = s.base_after(i).or_else(|| s.base_before(i));
    Some(hit)
}

// ------------------------------------------------------------------------------------------
// Levels.

/// Verbs of coming out above a base ("beat 2024 by nearly 13%"): what follows them is the
/// base, not the figure's time.
const BEAT_ABOVE: [&str; 14] = [
    "beat",
    "beats",
    "beating",
    "topped",
    "tops",
    "exceeded",
    "exceeds",
    "outpaced",
    "outpaces",
    "outstripped",
    "surpassed",
    "surpasses",
    "outran",
    "bettered",
];
/// Verbs of coming out below a base ("trailed the same month of 2024 by 5%"). (Not "missed",
/// "undershot": said of forecasts.)
const BEAT_BELOW: [&str; 4] = ["trailed", "trails", "lagged", "lags"];

/// A percent said as the margin a figure beat or trailed its base by: "Third-quarter magnet
/// exports beat 2024 by nearly 13%", "beat November-December 2024 by nearly 28%", "trailed
/// the same month of 2024 by 5%". The base is what was beaten.
fn change_beat(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    if !pct(f) || f.signed.is_some() {
        return None;
    }
    let mut by = i.checked_sub(1)?;
    if matches!(s.tok(by), Some(Tok::Hedge(_))) {
        by = by.checked_sub(1)?;
    }
    if !s.is_word(by, &["by"]) {
        return None;
    }
    let verb = (by.saturating_sub(10)..by)
        .rev()
        .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
        .find(|&k| s.is_beat(k))?;
    // A forecast beaten is no base of trade: "beat consensus by 5%".
    // ("consensus" is read as a cue of the future.)
    if (verb + 1..by).any(|k| {
        s.is_cue(k, Cue::Future)
            || s.is_word(
                k,
                &[
                    "forecast",
                    "forecasts",
                    "expectations",
                    "estimates",
                    "estimate",
                ],
            )
    }) {
        return None;
    }
    let sign = if s.is_word(verb, &BEAT_BELOW) {
        -1.0
    } else {
        1.0
    };
    let base = (verb + 1..by).find(|&k| {
        matches!(
            s.tok(k),
            Some(
                Tok::Year(_)
                    | Tok::Span(_)
                    | Tok::Month(_)
                    | Tok::Cue(Cue::LastYear | Cue::YearEarlier | Cue::PrevMonth)
            )
        )
    });
    let month_back = matches!(base.and_then(|k| s.tok(k)), Some(Tok::Cue(Cue::PrevMonth)))
        || matches!(base.and_then(|k| s.tok(k)), Some(Tok::Month(m)) if m.year.is_none());
    let mut hit = Hit::new(
        "change-beat",
        if month_back {
            Kind::ChangeMom
        } else {
            Kind::ChangeYoy
        },
        Claimed::Change {
            pct: sign * f.value,
            precision: f.precision,
            qualifier: s.hedge(i),
        },
        verb,
        i,
        i,
    );
    // (A year after "the same month of" names the base's year, not a base of its own: the
    // figure's month is the sentence's.)
    hit.base = base.filter(|&k| {
        matches!(s.tok(k), Some(Tok::Span(_) | Tok::Month(_)))
            || matches!(s.tok(k), Some(Tok::Year(_)))
                && !s.is_word(k.wrapping_sub(2), &["month", "period", "months", "quarter"])
                && !(verb + 1..k).any(|j| s.is_cue(j, Cue::Yoy))
    });
    Some(hit)
}

/// "were zero", "fell to zero", "received nothing", "received no flake graphite".
fn level_zero(s: &Sentence, i: usize) -> Option<Hit> {
    // "Not a single tonne went to the US", "not one magnet was shipped": a zero.
    let not_a_single = i >= 2
        && s.is_word(i, &["single", "one"])
        && s.raw(i - 1).eq_ignore_ascii_case("a")
        && s.raw(i - 2).eq_ignore_ascii_case("not")
        || i >= 1 && s.is_word(i, &["one"]) && s.raw(i - 1).eq_ignore_ascii_case("not");
    if !not_a_single && s.tok(i) != Some(&Tok::Cue(Cue::Zero)) {
        return None;
    }
    // "No antimony went to the United States", "Zero gallium left China", "nothing at all
    // going to American buyers", "no Chinese antimony has reached the EU": a zero as the
    // subject of a shipment, a few words before its verb.
    let shipped = || {
        (i + 1..(i + 6).min(s.toks.len()))
            .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
            .any(|k| {
                [
                    "went", "left", "reached", "going", "gone", "shipped", "arrived", "exported",
                    "sent",
                ]
                .iter()
                .any(|w| s.raw(k).eq_ignore_ascii_case(w))
            })
    };
    if not_a_single {
        if !shipped() {
            return None;
        }
        return Some(zero_hit(i.saturating_sub(2), i));
    }
    let raw = s.raw(i);
    // "Literally zero tonnes left China", "zero kg in May": zero with a unit of weight is a
    // level whatever comes before it.
    if raw == "zero" && s.is_word(i + 1, MASS_UNITS) {
        return Some(zero_hit(i, i + 1));
    }
    // "nothing at all in December", "after no exports at all the month before": nothing,
    // or no shipments, stressed with "at all".
    let at_all = |k: usize| s.is_word(k, &["at"]) && s.is_word(k + 1, &["all"]);
    let stressed = if matches!(&*raw, "nothing" | "none") && at_all(i + 1) {
        Some(i + 2)
    } else if raw == "no" && matches!(s.tok(i + 1), Some(Tok::Flow(_))) && at_all(i + 2) {
        Some(i + 3)
    } else {
        None
    };
    // ("In May exports halted altogether - nothing at all left China": the stop said again.)
    let said_again = i >= 2
        && matches!(s.tok(i - 1), Some(Tok::Punct('-' | '—' | '–' | ':' | ',')))
        && (0..i - 1).any(|k| level_stopped(s, k).is_some());
    if said_again {
        return None;
    }
    if let Some(end) = stressed {
        // The hit ends at "all", so a time right after it is the zero's ("nothing at all a
        // year earlier").
        let mut hit = zero_hit(i, i);
        hit.to = end;
        return Some(hit);
    }
    let halt = raw.contains("halt") || raw == "standstill";
    let flow_before = i > 0 && matches!(s.tok(i - 1), Some(Tok::Flow(_)));
    // "were zero", "fell to zero", "received nothing", "exported zero gallium", "a flat zero",
    // "came to a complete halt", "and zero germanium" after another zero.
    // A line's label: "Gallium to US, Dec: nil", "Flake to Japan, Dec: none recorded".
    // The label names what traded ("THE CLAIM: zero dysprosium" quotes a claim).
    let labelled = i > 0
        && s.tok(i - 1) == Some(&Tok::Punct(':'))
        && matches!(&*raw, "nil" | "none" | "zero" | "nothing")
        && s.toks[..i - 1].iter().any(|t| {
            matches!(
                t.tok,
                Tok::Basket(_) | Tok::Flow(_) | Tok::Country(_) | Tok::Month(_)
            )
        });
    // "claim zero antimony went to the US", "said no germanium at all went to the US": a
    // zero with its goods as the subject of a shipment, wherever the sentence puts it.
    let goods_shipped =
        matches!(&*raw, "zero" | "no") && matches!(s.tok(i + 1), Some(Tok::Basket(_))) && shipped();
    let opens = i == sentence_start(s) && shipped() || goods_shipped;
    // "may was literally nothing", "exports were effectively zero": a verb of being with an
    // adverb between.
    let being_adverb = i > 1
        && s.is_word(
            i - 1,
            &[
                "literally",
                "virtually",
                "effectively",
                "practically",
                "essentially",
                "simply",
            ],
        )
        && s.is_word(i - 2, &["were", "was", "is", "are"])
        && matches!(&*raw, "zero" | "nil" | "nothing");
    let prev_ok = labelled
        || opens
        || being_adverb
        || i > 0
            && (s.is_word(
                i - 1,
                &[
                    "were", "was", "at", "received", "nil", "is", "are", "also", "recorded",
                    "managed", "got", "shipped", "sent",
                ],
            ) || s.is_cue(i - 1, Cue::To)
                || s.is_cue(i - 1, Cue::Flat)
                || flow_before
                // "saw gallium exports of zero"
                || i >= 2
                    && s.is_cue(i - 1, Cue::Of)
                    && matches!(s.tok(i - 2), Some(Tok::Flow(_)))
                    && raw == "zero"
                    // (Not "of zero-carbon metal".)
                    && matches!(
                        s.tok(i + 1),
                        None | Some(
                            Tok::Punct(',' | '.' | ';' | ')')
                                | Tok::Break
                                | Tok::Cue(Cue::In)
                                | Tok::Month(_)
                                | Tok::Year(_)
                        )
                    )
                || halt && s.is_word(i - 1, &["a", "complete", "total"])
                // "compared with zero in August 2023", "against nil a year earlier".
                || (s.is_cue(i - 1, Cue::Than) || s.is_word(i - 1, &["against", "versus", "vs"]))
                    && matches!(&*raw, "zero" | "nil" | "nothing")
                || s.is_word(i - 1, &["and"]) && (0..i - 1).any(|k| s.is_cue(k, Cue::Zero)));
    if !prev_ok {
        return None;
    }
    // "no" only as what was received or shipped ("received no flake", "exported no gallium
    // at all"), never "no longer".
    if raw == "no"
        && !opens
        && (!(s.is_word(i - 1, &["received", "recorded", "shipped", "sent", "got"]) || flow_before)
            || s.is_word(
                i + 1,
                &["longer", "more", "sign", "data", "figures", "breakdown"],
            ))
    {
        return None;
    }
    if goods_shipped {
        let mut hit = zero_hit(i, i);
        hit.to = i + 1;
        return Some(hit);
    }
    Some(zero_hit(i.saturating_sub(1), i))
}

/// "Japan received no spherical graphite in December, and neither did the United States";
/// "no gallium went to the US, nor any germanium": a second zero, after a first in the
/// sentence, for the destination or the commodity named.
fn level_zero_too(s: &Sentence, i: usize) -> Option<Hit> {
    if !s.is_word(i, &["neither", "nor"]) {
        return None;
    }
    let zero_before = (0..i).any(|k| s.tok(k) == Some(&Tok::Cue(Cue::Zero)));
    if !zero_before {
        return None;
    }
    let mut k = i + 1;
    if s.is_word(k, &["did", "was", "were", "had", "has", "any"]) {
        k += 1;
    }
    if s.is_word(k, &["the"]) {
        k += 1;
    }
    let mut hit = match s.tok(k) {
        Some(Tok::Country(_) | Tok::Basket(_)) => zero_hit(i, k),
        _ => return None,
    };
    if let Some(Tok::Country(c)) = s.tok(k) {
        hit.partner = Some(Partner::of(c));
    }
    Some(hit)
}

/// Words of weight a zero can carry ("zero tonnes").
const MASS_UNITS: &[&str] = &[
    "tonnes",
    "tonne",
    "tons",
    "ton",
    "t",
    "kg",
    "kilograms",
    "kilogrammes",
    "kilos",
];

/// "Gallium shipments to the US stopped completely in May", "stopped exporting magnets to
/// America entirely": trade that stopped outright is a level of nothing. The stop needs a
/// flow or goods before its adverb, so a plant that "stopped entirely" is not read.
fn level_stopped(s: &Sentence, i: usize) -> Option<Hit> {
    // ("altogether" is also read as a total: its words are asked.)
    if !["completely", "entirely", "altogether"].contains(&&*s.raw(i)) {
        return None;
    }
    let verb = (i.saturating_sub(6)..i)
        .rev()
        .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
        .find(|&k| {
            ["stopped", "stopping", "stop", "stops", "halted", "ceased"]
                .contains(&s.raw(k).as_ref())
        })?;
    let traded = (0..i).any(|k| matches!(s.tok(k), Some(Tok::Flow(_) | Tok::Basket(_))));
    // ("stopped completely for a month": a stop with no time of its own.)
    if !traded
        || s.is_word(verb.wrapping_sub(1), &["not", "never"])
        || s.raw(i + 1).eq_ignore_ascii_case("for")
    {
        return None;
    }
    Some(zero_hit(verb, i))
}

/// A level of nothing, from token `from` to the zero word at `i`.
fn zero_hit(from: usize, i: usize) -> Hit {
    Hit::new(
        "level-zero",
        Kind::Level,
        Claimed::Level {
            value: 0.0,
            unit: Unit::Tonnes,
            precision: 1.0,
            qualifier: Qualifier::Exact,
        },
        from,
        i,
        i,
    )
}

/// The first token of a sentence that is not a bullet, a break or an opening quote.
fn sentence_start(s: &Sentence) -> usize {
    s.toks
        .iter()
        .position(|t| {
            !matches!(
                t.tok,
                Tok::Bullet | Tok::Break | Tok::Punct('"' | '“' | '\'')
            )
        })
        .unwrap_or(0)
}

/// Verbs that say a figure is trade.
const TRADE_VERBS: [&str; 16] = [
    "took", "take", "takes", "taking", "received", "receive", "receives", "reached", "came",
    "amounted", "worth", "valued", "left", "went", "export", "volume",
];

/// A mass or a value in a trade sentence: "5,774 tonnes", "US$68.6mn", "45.3kt".
fn level(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    if !(f.unit.is_mass() || f.unit == Unit::Usd) || s.rate(i) || s.not_trade(i) {
        return None;
    }
    // Money is trade only in a sentence about trade (not "$9.99 instead of $14.27"), and
    // only at the scale of a month's shipments: a sum under $100,000 is a price ("$800/kg",
    // "$65,900", "a $640 subscription").
    // A value named as such ("FY24 value $488.8m", "Value: US$301.8m", "World value $301.8
    // million") is trade's in an article about trade; not a market's or a firm's value.
    let firms_value = |k: usize| {
        k > 0 && ["market", "enterprise", "book", "face", "asset"].contains(&s.raw(k - 1).as_ref())
    };
    let named_value = (i.saturating_sub(3)..i)
        .any(|k| s.is_word(k, &["value", "worth", "valued"]) && !firms_value(k));
    if f.unit == Unit::Usd
        && ((i.saturating_sub(3)..i).any(|k| {
            s.is_word(k, &["value", "cap", "capitalisation", "capitalization"]) && firms_value(k)
        }) || !(s.about_trade() || named_value)
            || f.value < 100_000.0)
    {
        return None;
    }
    // A price or a capacity after the figure: "5,000 tonnes of capacity", "6,000 t of
    // domestic magnet capacity" (a commodity may sit between; a trade word may not).
    if let Some(k) = s.after(i, 4, true, |t| matches!(t, Tok::Cue(Cue::NotTrade)))
        && !(i + 1..k).any(|j| matches!(s.tok(j), Some(Tok::Flow(_))))
        && (k <= i + 3 || (i + 1..k).any(|j| matches!(s.tok(j), Some(Tok::Basket(_)))))
    {
        return None;
    }
    Some(Hit::new(
        "level",
        Kind::Level,
        level_claim(f, s.hedge(i)),
        s.hedge_start(i),
        i,
        i,
    ))
}

/// A bare number where the sentence already gave the unit: "235 tonnes, then Germany with
/// 209, then India at 150", "Jun 9,718", "In May last year it was 689".
fn level_bare(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    if f.unit != Unit::Bare || f.value < 10.0 || f.signed.is_some() || f.words && f.value < 100.0 {
        return None;
    }
    // After a partner or a month label, or "it was N".
    let labelled = i > 0
        && (matches!(
            s.tok(i - 1),
            Some(Tok::Month(_) | Tok::Span(_) | Tok::Country(_))
        ) || s.is_word(i - 1, &["with", "at", "was"])
            && (i > 1 && matches!(s.tok(i - 2), Some(Tok::Country(_) | Tok::Word(_))))
            // "out of a total of only 96 kilograms, Germany received 74"
            || s.is_word(i - 1, &["received", "got", "imported", "bought"])
                && i > 1
                && matches!(s.tok(i - 2), Some(Tok::Country(c)) if *c != "CHN")
            // "Germany took 1,118 tonnes; South Korea, 569; Japan, 226"
            || s.tok(i - 1) == Some(&Tok::Punct(','))
                && i > 1
                && matches!(s.tok(i - 2), Some(Tok::Country(c)) if *c != "CHN")
            // "July was 267 tonnes and July plus August came to six hundred ninety"
            || i > 2
                && s.after_came_to(i)
                && matches!(s.tok(i - 3), Some(Tok::Month(_) | Tok::Span(_))));
    if s.is_cue(i + 1, Cue::TimesWord) || s.not_trade(i) {
        return None;
    }
    // The unit: an earlier figure of this sentence with a mass.
    let unit = s.toks[..i]
        .iter()
        .rev()
        .find_map(|t| match &t.tok {
            Tok::Figure(g) if g.unit.is_mass() => Some(g.unit),
            _ => None,
        })
        .or_else(|| {
            // "Imports (tonnes): May 13,747 | …": a unit named in the line.
            s.toks[..i].iter().find_map(|t| match &t.tok {
                Tok::Word(w) if ["tonnes", "tons", "t"].contains(&w.as_str()) => Some(Unit::Tonnes),
                _ => None,
            })
        });
    let (unit, label) = match unit {
        Some(u) if labelled => (u, None),
        Some(_) => return None,
        None => (s.unit_before?, Some(spoken_label(s, i)?)),
    };
    let mut g = *f;
    g.unit = unit;
    let mut hit = Hit::new(
        "level-bare",
        Kind::Level,
        level_claim(&g, s.hedge(i)),
        i.saturating_sub(1),
        i,
        i,
    );
    match label.and_then(|k| s.tok(k).map(|t| (k, t))) {
        Some((_, Tok::Country(c))) => hit.partner = Some(Partner::of(c)),
        // "May 150, June 172", "Jan-May 62,589.2": the time that labels the number is its
        // own.
        Some((k, Tok::Month(_) | Tok::Span(_) | Tok::Cue(Cue::FullYear))) => {
            hit.when = Some(When::At(k));
        }
        _ => {}
    }
    Some(hit)
}

/// Where a bare number leaves its unit to the sentences before, as speech does ("September
/// was 4,181, down 11.5% from August", "Vietnam 235, Germany 209, India 150", "172 in June",
/// "Versus 689 a year ago", "In September it was 456"): the number is labelled by a partner
/// or a month, or a month or a base word follows or precedes it, and the sentence holds no
/// amount before it nor one in another unit after it. Returns the label's token (a month or
/// a partner), or the number's own index where a month follows it or a base word precedes.
fn spoken_label(s: &Sentence, i: usize) -> Option<usize> {
    let amount = |t: &Token| matches!(&t.tok, Tok::Figure(g) if g.unit.is_amount());
    if s.toks[..i].iter().any(amount)
        || s.toks[i + 1..]
            .iter()
            .any(|t| amount(t) && !matches!(&t.tok, Tok::Figure(g) if g.unit.is_mass()))
    {
        return None;
    }
    // Not a code, a time or a year: "Singapore 018960", "at 0800", "'26", "EU-27".
    let raw = s.raw(i);
    if raw.len() > 1 && raw.starts_with('0')
        || raw.starts_with(['\'', '\u{2019}'])
        || i > 0
            && !s
                .text
                .get(s.toks[i - 1].end..s.toks[i].start)
                .is_some_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace))
    {
        return None;
    }
    let Some(Tok::Figure(f)) = s.tok(i) else {
        return None;
    };
    // A label right before ("Vietnam 235", "November 4,416", "September was 4,181", "South
    // Korea, five hundred and sixty-nine"); a month label takes a number of 100 or more
    // ("Nov 24" is a year).
    // A span or a year's label takes one too ("Jan-May 62,589.2", "H1 at 72,307", "Full
    // year 132,931", "Sep-23's 15,898").
    let label_ok = |k: usize| match s.tok(k) {
        Some(Tok::Country(c)) => *c != "CHN",
        Some(Tok::Month(m)) => m.day.is_none() && f.value >= 100.0,
        Some(Tok::Span(_) | Tok::Cue(Cue::FullYear)) => f.value >= 100.0,
        _ => false,
    };
    // (A hedge may stand between: "December twenty-three was nearly four thousand"; and a
    // verb of totalling: "July plus August came to six hundred ninety".)
    let hedged = usize::from(i > 0 && matches!(s.tok(i - 1), Some(Tok::Hedge(_))));
    let j = i - hedged;
    let gap = if j > 0
        && (s.is_word(j - 1, &["was", "at"])
            || matches!(s.tok(j - 1), Some(Tok::Punct(',') | Tok::Possessive)))
    {
        1
    } else if s.after_came_to(j) {
        2
    } else {
        0
    };
    if j > gap && label_ok(j - 1 - gap) {
        return Some(j - 1 - gap);
    }
    // "In September it was 456": "it was" after a month.
    if i >= 3
        && s.is_word(i - 1, &["was"])
        && s.is_word(i - 2, &["it"])
        && let Some(k) = (0..i - 2)
            .rev()
            .find(|&k| matches!(s.tok(k), Some(Tok::Month(_))))
    {
        return Some(k);
    }
    // "172 in June", "up from a hundred and fifty in May", "Versus 689 a year ago".
    let month_after = s.is_cue(i + 1, Cue::In) && matches!(s.tok(i + 2), Some(Tok::Month(_)));
    let base = i > 0 && s.is_word(i - 1, &["versus", "vs", "against"]);
    (month_after || base).then_some(i)
}

// ------------------------------------------------------------------------------------------
// Streaks and turning points.

fn dir_near(s: &Sentence, i: usize, reach: usize) -> Option<Dir> {
    let d = s
        .after(i, reach, true, |t| matches!(t, Tok::Dir(_)))
        .or_else(|| s.before(i, reach + 3, false, |t| matches!(t, Tok::Dir(_))))?;
    match s.tok(d) {
        Some(Tok::Dir(d)) => Some(*d),
        _ => None,
    }
}

/// "the second consecutive month", "a third straight monthly decline", "for a second month
/// in a row", "continuous second month ring ratio rise".
fn streak_ordinal(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Ordinal(n)) = s.tok(i) else {
        return None;
    };
    if *n < 2 {
        return None;
    }
    // "a second monthly decline", "the third monthly rise": a run said by its place (not
    // "the third monthly rise this year", a count within the year).
    let monthly_place = s.raw(i + 1) == "monthly"
        && matches!(s.tok(i + 2), Some(Tok::Dir(_)))
        && !(i + 3..(i + 6).min(s.toks.len())).any(|k| {
            matches!(
                s.tok(k),
                Some(Tok::Cue(Cue::ThisYear | Cue::FullYear | Cue::YearWord) | Tok::Year(_))
            )
        });
    let consecutive = s.is_cue(i + 1, Cue::Consecutive)
        || monthly_place
        || i > 0 && s.is_cue(i - 1, Cue::Consecutive)
        // "the US's 3rd monthly gain in a row"
        || s.is_cue(i + 1, Cue::MonthWord)
            && matches!(s.tok(i + 2), Some(Tok::Dir(_)))
            && s.is_cue(i + 3, Cue::Consecutive)
        || s.is_cue(i + 1, Cue::MonthWord)
            && (s.is_cue(i + 2, Cue::Consecutive) || s.is_cue(i + 2, Cue::MonthWord))
        // "fell in October for a second month"
        || s.is_cue(i + 1, Cue::MonthWord)
            && i >= 2
            && (s.is_word(i - 2, &["for"]) || s.is_cue(i - 2, Cue::In))
            && s.before(i, 10, true, |t| matches!(t, Tok::Dir(_))).is_some()
            && s.is_word(i - 1, &["a", "the"])
        || s.is_cue(i + 1, Cue::MonthWord)
            && s.before(i, 4, true, |t| matches!(t, Tok::Dir(_))).is_some()
            && s.before(
                i,
                2,
                true,
                |t| matches!(t, Tok::Word(w) if w == "a" || w == "the"),
            )
            .is_some();
    if !consecutive {
        return None;
    }
    let end = s
        .after(i, 4, true, |t| {
            matches!(t, Tok::Cue(Cue::MonthWord) | Tok::Dir(_))
        })
        .unwrap_or(i + 1);
    let dir = dir_near(s, i, 4);
    Some(Hit::new(
        "streak-ordinal",
        Kind::Streak,
        Claimed::Months {
            n: *n,
            dir,
            prior: false,
        },
        i.saturating_sub(1),
        end,
        i,
    ))
}

/// A count of months in a run or a span: a whole bare number from 1 to 36.
fn count_at(s: &Sentence, i: usize) -> Option<u32> {
    count_upto(s, i, 36)
}

/// A whole bare number at `i` from 1 to `max`.
fn count_upto(s: &Sentence, i: usize, max: u32) -> Option<u32> {
    match s.tok(i)? {
        Tok::Figure(f)
            if f.unit == Unit::Bare
                && f.value >= 1.0
                && f.value <= f64::from(max)
                && f.value.fract() == 0.0 =>
        {
            Some(f.value as u32)
        }
        _ => None,
    }
}

/// "three consecutive months", "for five months" after "continuously increased", "five
/// months in a row", "a fourth month of decline" is the ordinal rule.
fn streak_count(s: &Sentence, i: usize) -> Option<Hit> {
    let n = count_at(s, i)?;
    if n < 2 {
        return None;
    }
    let months_after = s.is_cue(i + 1, Cue::MonthWord);
    // "two consecutive months", "three straight declines", "two consecutive monthly falls".
    // ("the first decline after three straight gains" is the run before: see
    // `streak_ended`.)
    let consecutive_between = s.is_cue(i + 1, Cue::Consecutive)
        && (s.is_cue(i + 2, Cue::MonthWord)
            || matches!(s.tok(i + 2), Some(Tok::Dir(_)))
                && !(i > 0 && s.is_cue(i - 1, Cue::After)));
    // "2 mos in a row", "two monthly declines in a row", "three declines in a row": where
    // "in a row" stands, after the month word, the direction or both.
    // ("Two down months in a row": the direction before the month word.)
    let in_a_row = {
        // ("two months of declines in a row": "of" between.)
        let mut k = i + 1;
        while k < i + 4
            && (matches!(s.tok(k), Some(Tok::Dir(_)))
                || s.is_cue(k, Cue::MonthWord)
                || k > i + 1 && s.is_cue(k, Cue::Of))
        {
            k += 1;
        }
        (k > i + 1 && s.is_cue(k, Cue::Consecutive)).then_some(k)
    };
    // A label that names a run: "Streak: 2 months down".
    let labelled = months_after
        && matches!(s.tok(i + 2), Some(Tok::Dir(_)))
        && i >= 2
        && s.tok(i - 1) == Some(&Tok::Punct(':'))
        && s.is_word(i - 2, &["streak", "run"]);
    let continuously = months_after
        && s.before(i, 5, true, |t| *t == Tok::Cue(Cue::Consecutive))
            .is_some()
        && s.before(i, 5, true, |t| matches!(t, Tok::Dir(_))).is_some();
    if !(consecutive_between || in_a_row.is_some() || continuously || labelled) {
        return None;
    }
    // Not "the three months to July" (a span) nor "ending three months of…" (prior run).
    if s.before(
        i,
        3,
        true,
        |t| matches!(t, Tok::Word(w) if ENDS_A_RUN.contains(&w.as_str())),
    )
    .is_some()
    {
        return None;
    }
    let end = if consecutive_between || labelled {
        i + 2
    } else {
        in_a_row.unwrap_or(i + 1)
    };
    Some(Hit::new(
        "streak-count",
        Kind::Streak,
        Claimed::Months {
            n,
            dir: dir_near(s, i, 4),
            prior: false,
        },
        i,
        end,
        i,
    ))
}

/// A count after a label that names a run: "consecutive monthly falls to Dec | 2",
/// "Straight months of decline: 3".
fn streak_label(s: &Sentence, i: usize) -> Option<Hit> {
    let n = count_at(s, i)?;
    if !matches!(s.tok(i.checked_sub(1)?), Some(Tok::Punct('|' | ':' | '='))) {
        return None;
    }
    let label = &s.toks[..i];
    if !label.iter().any(|t| t.tok == Tok::Cue(Cue::Consecutive)) {
        return None;
    }
    let dir = label.iter().rev().find_map(|t| match t.tok {
        Tok::Dir(d) => Some(d),
        _ => None,
    });
    Some(Hit::new(
        "streak-label",
        Kind::Streak,
        Claimed::Months {
            n,
            dir,
            prior: false,
        },
        i,
        i,
        i,
    ))
}

/// "broke a three-month run of increases", "ending three months of declines", "snapping a
/// two-month losing streak".
fn streak_ended(s: &Sentence, i: usize) -> Option<Hit> {
    // "rise 9% in October after three months of decline": the run the rise ended.
    // (`streak_ended_at` checks the count and the month word.)
    if s.is_cue(i, Cue::After)
        && s.is_cue(i + 3, Cue::Of)
        && matches!(s.tok(i + 4), Some(Tok::Dir(_)))
    {
        return streak_ended_at(s, i, i + 1);
    }
    let Some(Tok::Word(w)) = s.tok(i) else {
        return None;
    };
    if !ENDS_A_RUN.contains(&w.as_str()) {
        return None;
    }
    let c = s.after(
        i,
        3,
        true,
        |t| matches!(t, Tok::Figure(f) if f.unit == Unit::Bare),
    )?;
    streak_ended_at(s, i, c)
}

/// The prior run a word at `i` ends, counted at `c`: "ending three months of declines".
fn streak_ended_at(s: &Sentence, i: usize, c: usize) -> Option<Hit> {
    let n = count_at(s, c)?;
    // "three months of declines", "three straight monthly declines"
    let m = c + 1 + usize::from(s.is_cue(c + 1, Cue::Consecutive));
    if !s.is_cue(m, Cue::MonthWord) {
        return None;
    }
    let dir = match s.after(c + 1, 5, true, |t| matches!(t, Tok::Dir(_) | Tok::Word(_))) {
        Some(k) => match s.tok(k) {
            Some(Tok::Dir(d)) => Some(*d),
            Some(Tok::Word(w)) if w == "losing" => Some(Dir::Fall),
            Some(Tok::Word(w)) if w == "winning" => Some(Dir::Rise),
            _ => s
                .after(k, 3, true, |t| matches!(t, Tok::Dir(_)))
                .and_then(|k| match s.tok(k) {
                    Some(Tok::Dir(d)) => Some(*d),
                    _ => None,
                }),
        },
        None => None,
    };
    let end = s
        .after(c, 5, true, |t| matches!(t, Tok::Dir(_)))
        .unwrap_or(c + 1);
    Some(Hit::new(
        "streak-ended",
        Kind::Streak,
        Claimed::Months {
            n,
            dir,
            prior: true,
        },
        i,
        end,
        c,
    ))
}

/// "reversing a rebound that began in June", "extending a recovery that began in October",
/// "the slide that started in May".
fn turn_began(s: &Sentence, i: usize) -> Option<Hit> {
    if !s.is_cue(i, Cue::Began) {
        return None;
    }
    let m = s.after(i, 2, true, |t| matches!(t, Tok::Month(_)))?;
    let d = s.before(i, 4, true, |t| matches!(t, Tok::Dir(_)))?;
    let Some(Tok::Dir(dir)) = s.tok(d) else {
        return None;
    };
    // "reversing a rebound that began in June", "the decline follows a rebound that …": the
    // run before the current one.
    let prior = s
        .before(d, 4, true, |t| {
            matches!(t, Tok::Word(w) if w.starts_with("revers") || w.starts_with("end") || w.starts_with("undo") || w.starts_with("erasing") || w.starts_with("wip") || w.starts_with("follow") || w.starts_with("snap") || w.starts_with("halt") || w.starts_with("interrupt"))
                || *t == Tok::Cue(Cue::After)
        })
        .is_some()
        // "the US rebound that began in June is officially over", "… has ended": a run
        // said to be done is the one before.
        || (m + 1..(m + 5).min(s.toks.len()))
            .take_while(|&j| !s.barrier(j))
            .any(|j| {
                let w = s.raw(j);
                ["over", "ended", "finished", "stalled", "fizzled", "faded", "petered"]
                    .contains(&&*w)
                    || w == "end" && j > 0 && s.raw(j - 1).eq_ignore_ascii_case("an")
            });
    let Some(Tok::Month(_)) = s.tok(m) else {
        return None;
    };
    Some(turn_hit("turn-began", *dir, prior, d..=m, i))
}

/// A turning point: the run in direction `dir` began in the month that ends `span`.
fn turn_hit(
    rule: &'static str,
    dir: Dir,
    prior: bool,
    span: std::ops::RangeInclusive<usize>,
    anchor: usize,
) -> Hit {
    let (from, m) = span.into_inner();
    let mut hit = Hit::new(
        rule,
        Kind::TurningPoint,
        Claimed::Since {
            // Resolved with the month's year by the reader.
            start: Month::from_index(0),
            dir: Some(dir),
            prior,
        },
        from,
        m,
        anchor,
    );
    hit.when = Some(When::At(m));
    hit
}

/// "have been climbing since January", "has been falling since May": the current run began
/// in that month.
fn turn_since(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Dir(dir)) = s.tok(i) else {
        return None;
    };
    if !(s.raw(i).ends_with("ing") && i > 0 && s.is_word(i - 1, &["been"])) {
        return None;
    }
    if !s.is_cue(i + 1, Cue::Since) {
        return None;
    }
    let m = i + 2;
    let Some(Tok::Month(_)) = s.tok(m) else {
        return None;
    };
    Some(turn_hit("turn-since", *dir, false, i - 1..=m, i))
}

/// "for the first time in three months", "First rise in 3 mths".
fn turn_first_in(s: &Sentence, i: usize) -> Option<Hit> {
    let first = s.is_cue(i, Cue::FirstTime) || matches!(s.tok(i), Some(Tok::Ordinal(1)));
    if !first {
        return None;
    }
    let in_k = s.after(i, 3, true, |t| *t == Tok::Cue(Cue::In))?;
    let n = count_at(s, in_k + 1)?;
    if !s.is_cue(in_k + 2, Cue::MonthWord) {
        return None;
    }
    let dir = dir_near(s, i, 3)?;
    let mut hit = Hit::new(
        "turn-first-in",
        Kind::TurningPoint,
        Claimed::FirstIn { months: n, dir },
        i,
        in_k + 2,
        i,
    );
    hit.first_in = Some((n, dir));
    Some(hit)
}

// ------------------------------------------------------------------------------------------
// Records.

/// A record claim of `rule`: high or low, over `months` when the words count them.
fn record_hit(
    rule: &'static str,
    high: bool,
    months: Option<u32>,
    at_least: bool,
    from: usize,
    to: usize,
    anchor: usize,
) -> Hit {
    Hit::new(
        rule,
        Kind::Record,
        Claimed::Record {
            high,
            months,
            since: None,
            at_least,
            since_act: false,
        },
        from,
        to,
        anchor,
    )
}

fn high_low(t: &Tok) -> Option<bool> {
    match t {
        Tok::Cue(Cue::High) => Some(true),
        Tok::Cue(Cue::Low) => Some(false),
        _ => None,
    }
}

/// A superlative of amount after "the" ("the most", "the least", "the biggest", "the
/// smallest"): high (`true`) or low, for the record rules.
fn superlative_at(s: &Sentence, i: usize) -> Option<bool> {
    match s.tok(i)? {
        Tok::Cue(Cue::Largest) => Some(true),
        Tok::Cue(Cue::Smallest) => Some(false),
        Tok::Word(w) if w == "most" => Some(true),
        Tok::Word(w) if w == "least" || w == "fewest" => Some(false),
        _ => None,
    }
    .filter(|_| i > 0 && s.is_word(i - 1, &["the", "their", "its"]))
}

/// "the highest since January", "the lowest monthly figure since June", "the highest annual
/// total since 2014", "since at least 2014".
fn record_since(s: &Sentence, i: usize) -> Option<Hit> {
    // Also "the most since August", "the least since June", "the biggest monthly volume
    // since August" (not "the largest buyer since June": a rank).
    let superlative = || superlative_at(s, i);
    // "higher than in any month since July", "more than at any time since March",
    // "topped every month since April": a comparison with every month back to one.
    let compared = || {
        let w = s.raw(i);
        let high = match &*w {
            "higher" | "more" | "greater" | "bigger" | "larger" | "topped" | "exceeded"
            | "beat" | "surpassed" | "above" => true,
            "lower" | "less" | "fewer" | "smaller" | "below" | "undercut" => false,
            _ => return None,
        };
        let every = s.after(
            i,
            4,
            true,
            |t| matches!(t, Tok::Word(w) if w == "any" || w == "every"),
        )?;
        s.is_cue(every + 1, Cue::MonthWord)
            .then_some(high)
            .or_else(|| {
                s.is_word(every + 1, &["time", "point", "other"])
                    .then_some(high)
            })
    };
    let high = high_low(s.tok(i)?).or_else(superlative).or_else(compared)?;
    // The noun between may be long ("the largest amount shipped in a single month since
    // June"), but not past a figure, a buyer or the end of the clause.
    let since = s.after(i, 8, true, |t| *t == Tok::Cue(Cue::Since))?;
    if (i + 1..since).any(|k| {
        s.is_cue(k, Cue::Buyer) || matches!(s.tok(k), Some(Tok::Figure(_) | Tok::Fraction(_)))
    }) {
        return None;
    }
    // "the weakest reading since the start of the year": the year's record so far, read
    // by the year rule.
    if start_of_year(s, since + 1).is_some() {
        return None;
    }
    // "the lowest since records began", "since data began", "since comparable records
    // started", "since the series began in 2015": a record of all the data.
    let began = {
        let mut j = since + 1;
        while s.is_word(j, &["the", "comparable", "official", "customs", "monthly"])
            || s.raw(j).eq_ignore_ascii_case("customs")
        {
            j += 1;
        }
        let what = ["records", "data", "series", "statistics", "record-keeping"]
            .iter()
            .any(|w| s.raw(j).eq_ignore_ascii_case(w))
            || s.raw(j).eq_ignore_ascii_case("data") && s.raw(j + 1).eq_ignore_ascii_case("series");
        let j = if s.raw(j + 1).eq_ignore_ascii_case("series") {
            j + 1
        } else {
            j
        };
        (what
            && ["began", "started", "begin", "start", "begins", "starts"]
                .iter()
                .any(|w| s.raw(j + 1).eq_ignore_ascii_case(w)))
        .then_some(j + 1)
    };
    if let Some(mut end) = began {
        let since = end - 1;
        // "… since the series began in 2015": the year is the series', not the figure's.
        if s.is_cue(end + 1, Cue::In) && matches!(s.tok(end + 2), Some(Tok::Year(_))) {
            end += 2;
        }
        return Some(record_hit(
            "record-ever",
            high,
            None,
            false,
            i.saturating_sub(1),
            end.max(since + 1),
            i,
        ));
    }
    // "the best month since the permits began", "the highest since the controls took
    // effect": since an act named without its date (the judge dates it from the timeline).
    // (Not "the most interesting we've had since the licensing regime": a superlative of
    // something else.)
    let of_else = s.is_word(i, &["most", "least"]) && matches!(s.tok(i + 1), Some(Tok::Word(_)));
    if !of_else
        && let Some(act) = (since + 1..(since + 5).min(s.toks.len()))
            .take_while(|&k| {
                !s.barrier(k)
                    && !matches!(
                        s.tok(k),
                        Some(Tok::Month(_) | Tok::Year(_) | Tok::Span(_) | Tok::Figure(_))
                    )
            })
            .find(|&k| s.is_cue(k, Cue::Policy))
    {
        let end =
            if s.is_cue(act + 1, Cue::Began) || s.is_word(act + 1, &["began", "started", "took"]) {
                act + 1 + usize::from(s.is_word(act + 2, &["effect", "hold"]))
            } else {
                act
            };
        let mut hit = record_hit(
            "record-since",
            high,
            None,
            false,
            i.saturating_sub(1),
            end,
            i,
        );
        if let Claimed::Record { since_act, .. } = &mut hit.claimed {
            *since_act = true;
        }
        return Some(hit);
    }
    let m = s.after(since, 3, true, |t| {
        matches!(t, Tok::Month(_) | Tok::Year(_) | Tok::Span(_))
    })?;
    let mut hit = record_hit("record-since", high, None, false, i.saturating_sub(1), m, i);
    hit.when = Some(When::At(m));
    Some(hit)
}

/// The word order of translated Chinese, "since" before the superlative: "is since June
/// lowest", "is 2014 year since highest level", "is since year beginning the highest", and
/// a new high over years: "create 11 years new high", "is all year highest month".
fn record_since_first(s: &Sentence, i: usize) -> Option<Hit> {
    let high = high_low(s.tok(i)?)?;
    // "N years new high": a record over N years.
    if i >= 3
        && s.is_word(i - 1, &["new"])
        && matches!(s.tok(i - 2), Some(Tok::Cue(Cue::YearWord | Cue::MonthWord)))
        && let Some(n) = count_at(s, i - 3)
    {
        let months = if s.is_cue(i - 2, Cue::YearWord) {
            n * 12
        } else {
            n
        };
        return Some(record_hit(
            "record-since-first",
            high,
            Some(months),
            false,
            i - 3,
            i,
            i,
        ));
    }
    // "since June lowest", "since year beginning the highest", "2014 year since highest"
    // (a superlative, not a noun: "recovered since the May trough" is no record).
    if !s.raw(i).ends_with("est") {
        return None;
    }
    let since = s.before(i, 4, true, |t| *t == Tok::Cue(Cue::Since))?;
    let between: Vec<usize> = (since + 1..i).collect();
    let month = between
        .iter()
        .copied()
        .find(|&k| matches!(s.tok(k), Some(Tok::Month(m)) if m.day.is_none()));
    let year_start = between.iter().any(|&k| s.is_cue(k, Cue::YearWord))
        && between.iter().any(|&k| s.is_cue(k, Cue::Began));
    let year_before = since >= 2
        && s.is_cue(since - 1, Cue::YearWord)
        && matches!(s.tok(since - 2), Some(Tok::Year(_)));
    if let Some(m) = month {
        let mut hit = record_hit("record-since-first", high, None, false, since, i, i);
        hit.when = Some(When::At(m));
        return Some(hit);
    }
    if year_before {
        let mut hit = record_hit("record-since-first", high, None, false, since - 2, i, i);
        hit.when = Some(When::At(since - 2));
        return Some(hit);
    }
    if year_start {
        // The year's record so far, read as "the highest this year".
        return Some(record_hit("record-year", high, None, false, since, i, i));
    }
    None
}

/// "climbed to a level not seen since February", "levels last seen in March", "slumped to
/// lows not seen since 2023": a record since that month, high or low as the sentence moves
/// (or as its "highs"/"lows" say).
fn record_seen(s: &Sentence, i: usize) -> Option<Hit> {
    // "at levels unseen since 2020": the one word says it.
    let unseen = s.is_word(i, &["unseen"]);
    if !(s.is_word(i, &["seen"]) || unseen) || i == 0 {
        return None;
    }
    let lead = if unseen {
        i
    } else if s.is_word(i - 1, &["last", "not", "unseen", "never"]) {
        i - 1
    } else if i > 1 && s.is_word(i - 2, &["not", "never"]) && s.is_word(i - 1, &["been"]) {
        i - 2
    } else {
        return None;
    };
    let m = i + 2;
    if !(s.is_cue(i + 1, Cue::Since) || s.is_cue(i + 1, Cue::In)) {
        return None;
    }
    if !matches!(s.tok(m), Some(Tok::Month(_) | Tok::Year(_) | Tok::Span(_))) {
        return None;
    }
    // What was seen: a level, highs or lows, just before.
    let noun = (lead.saturating_sub(3)..lead).rev().find(|&k| {
        s.is_word(
            k,
            &[
                "level", "levels", "volume", "volumes", "pace", "highs", "lows", "figure",
            ],
        ) || high_low(s.tok(k).unwrap_or(&Tok::Break)).is_some()
    })?;
    let high = match &*s.raw(noun) {
        "highs" | "high" => Some(true),
        "lows" | "low" => Some(false),
        _ => None,
    }
    .or_else(|| {
        (0..noun).rev().find_map(|k| match s.tok(k) {
            Some(Tok::Dir(d)) => Some(*d == Dir::Rise),
            _ => None,
        })
    })?;
    let mut hit = record_hit("record-seen", high, None, false, noun, m, noun);
    hit.when = Some(When::At(m));
    Some(hit)
}

/// "a nine-month high", "a 9-month high", "a five-year low", "highest in 14 months".
fn record_months(s: &Sentence, i: usize) -> Option<Hit> {
    // "N-month high" (a record reaches further back than a run: "a 62-month low")
    let count_at = |s: &Sentence, i: usize| count_upto(s, i, 240);
    if let Some(n) = count_at(s, i)
        && (s.is_cue(i + 1, Cue::MonthWord) || s.is_cue(i + 1, Cue::YearWord))
        && let Some(high) = s.tok(i + 2).and_then(high_low)
    {
        let months = if s.is_cue(i + 1, Cue::YearWord) {
            n * 12
        } else {
            n
        };
        return Some(record_hit(
            "record-months",
            high,
            Some(months),
            false,
            i,
            i + 2,
            i + 2,
        ));
    }
    // "a decade high"; "a multi-year low" (two years at least).
    let reach = if s.is_word(i, &["decade"]) {
        Some((120, i + 1))
    } else if s.is_word(i, &["multi"]) && s.is_cue(i + 1, Cue::YearWord) {
        Some((24, i + 2))
    } else {
        None
    };
    if let Some((months, k)) = reach
        && let Some(high) = s.tok(k).and_then(high_low)
    {
        return Some(record_hit(
            "record-months",
            high,
            Some(months),
            false,
            i,
            k,
            k,
        ));
    }
    // "highest in 14 months", "the lowest in nearly five years", "highest in over a decade",
    // "the smallest in five months", "the most in eight months".
    let high = high_low(s.tok(i)?).or_else(|| superlative_at(s, i))?;
    let k = s.after(i, 3, true, |t| *t == Tok::Cue(Cue::In))?;
    let mut j = k + 1;
    // "the best month in well over a year"
    if s.is_word(j, &["well", "just", "far"]) && matches!(s.tok(j + 1), Some(Tok::Hedge(_))) {
        j += 1;
    }
    let hedged = matches!(s.tok(j), Some(Tok::Hedge(_)));
    if hedged {
        j += 1;
    }
    let (months, end) = if let Some(n) = count_at(s, j) {
        let years = s.is_cue(j + 1, Cue::YearWord);
        if !(s.is_cue(j + 1, Cue::MonthWord) || years) {
            return None;
        }
        (if years { n * 12 } else { n }, j + 1)
    } else {
        let a = usize::from(s.is_word(j, &["a", "one"]));
        let half = s.raw(j).eq_ignore_ascii_case("half") && s.is_word(j + 1, &["a"]);
        if half && s.is_word(j + 2, &["decade"]) {
            // "the lowest in half a decade", "the highest in half a year"
            (60, j + 2)
        } else if half && s.is_cue(j + 2, Cue::YearWord) {
            (6, j + 2)
        } else if s.is_word(j + a, &["decade"]) {
            (120, j + a)
        } else if a == 1
            && s.is_cue(j + 1, Cue::YearWord)
            && s.is_word(j + 2, &["and"])
            && s.is_word(j + 3, &["a"])
            && s.raw(j + 4).eq_ignore_ascii_case("half")
        {
            // "the strongest in a year and a half"
            (18, j + 4)
        } else if a == 1 && s.is_cue(j + 1, Cue::YearWord) {
            // "the lowest in at least a year"
            (12, j + 1)
        } else {
            return None;
        }
    };
    Some(record_hit(
        "record-months",
        high,
        Some(months),
        hedged,
        i,
        end,
        i,
    ))
}

/// "the start of the year", "the very beginning of the year" at `j`: where it ends.
fn start_of_year(s: &Sentence, mut j: usize) -> Option<usize> {
    if s.is_word(j, &["the"]) {
        j += 1;
    }
    if s.is_word(j, &["very"]) {
        j += 1;
    }
    if !["start", "beginning", "turn"]
        .iter()
        .any(|w| s.raw(j).eq_ignore_ascii_case(w))
        || !s.is_cue(j + 1, Cue::Of)
    {
        return None;
    }
    if s.is_cue(j + 2, Cue::YearWord) {
        Some(j + 2)
    } else if s.is_word(j + 2, &["the", "this"]) && s.is_cue(j + 3, Cue::YearWord) {
        Some(j + 3)
    } else {
        None
    }
}

/// "the highest of the year", "lowest of this year", "a year high", "highest this year".
fn record_year(s: &Sentence, i: usize) -> Option<Hit> {
    // Also "the largest seen this year", "the smallest in 2025" (not "the largest buyer this
    // year": a rank).
    let superlative = || {
        match s.tok(i)? {
            Tok::Cue(Cue::Largest) => Some(true),
            Tok::Cue(Cue::Smallest) => Some(false),
            _ => None,
        }
        .filter(|_| i > 0 && s.is_word(i - 1, &["the", "their", "its"]))
        .filter(|_| {
            s.after(i, 3, true, |t| *t == Tok::Cue(Cue::Buyer))
                .is_none()
        })
    };
    let high = high_low(s.tok(i)?).or_else(superlative)?;
    // "the year's high point", "a 2025 high", "the low point of 2024".
    let year_before = i >= 2
        && s.is_cue(i - 2, Cue::YearWord)
        && matches!(s.tok(i - 1), Some(Tok::Possessive))
        // "a 2025 high", "Japan: 2025 high" (not "below the 2024 peak")
        || i >= 2
            && matches!(s.tok(i - 1), Some(Tok::Year(_)))
            && (s.is_word(i - 2, &["a", "new"]) || s.tok(i - 2) == Some(&Tok::Punct(':')))
        // "is all year highest month", "whole year lowest" (translated)
        || i >= 2
            && s.is_cue(i - 1, Cue::YearWord)
            && s.is_word(i - 2, &["all", "whole", "full", "the"])
        // "is this year lowest level", "this year's highest level" (translated)
        || i >= 1 && s.is_cue(i - 1, Cue::ThisYear)
        || i >= 2 && matches!(s.tok(i - 1), Some(Tok::Possessive)) && s.is_cue(i - 2, Cue::ThisYear);
    // "the low point of 2024", "the highest point in 2025", "the weakest of any month in
    // 2025".
    let of_year = (i + 1..(i + 6).min(s.toks.len()))
        .take_while(|&k| !s.barrier(k) && !matches!(s.tok(k), Some(Tok::Figure(_))))
        .find(|&k| {
            (s.is_cue(k, Cue::Of) || s.is_cue(k, Cue::In))
                && matches!(s.tok(k + 1), Some(Tok::Year(_)))
        })
        .filter(|&k| {
            (i + 1..k).all(|j| {
                s.is_word(
                    j,
                    &[
                        "point", "level", "reading", "figure", "any", "seen", "total",
                    ],
                ) || s.is_cue(j, Cue::Of)
                    || s.is_cue(j, Cue::MonthWord)
            })
        });
    let (from, to) = if year_before || of_year.is_some() {
        (
            if year_before {
                // ("this year's highest": from the year.)
                if matches!(s.tok(i - 1), Some(Tok::Possessive)) {
                    i - 2
                } else {
                    i - 1
                }
            } else {
                i
            },
            of_year.map_or(i, |k| k + 1),
        )
    } else {
        // "the highest of the year", "highest this year"
        // ("the highest monthly total this year": "monthly" is no month of its own.)
        let k = (i + 1..(i + 7).min(s.toks.len()))
            .take_while(|&k| !s.barrier(k) && !s.soft_barrier(k))
            .filter(|&k| !s.is_word(k, &["seen", "recorded"]))
            // "the highest for any month this year": the month is any of the year's.
            .filter(|&k| {
                !(s.is_cue(k, Cue::MonthWord) && s.is_word(k - 1, &["any", "single"])
                    || s.is_cue(k, Cue::In) && s.is_word(k + 1, &["any", "a"])
                    // "the highest for Japan so far this year": whose, not when.
                    || s.is_cue(k, Cue::In)
                        && matches!(s.tok(k + 1), Some(Tok::Country(_) | Tok::Basket(_) | Tok::Flow(_))))
            })
            .find(|&k| {
                matches!(
                    s.tok(k),
                    Some(Tok::Cue(
                        Cue::ThisYear
                            | Cue::YearWord
                            | Cue::Since
                            | Cue::In
                            | Cue::FullYear
                            | Cue::Ytd
                    ))
                ) || s.is_cue(k, Cue::MonthWord)
                    && !s.raw(k).starts_with("monthly")
                    // "the lowest month of the year", "the strongest month of the year so
                    // far", "Best month for US buyers this year", "the weakest month since the
                    // start of the year": the year's.
                    && !(k + 1..(k + 7).min(s.toks.len()))
                        .take_while(|&j| !s.barrier(j) && !matches!(s.tok(j), Some(Tok::Figure(_))))
                        .any(|j| {
                            s.is_cue(j, Cue::ThisYear)
                                || s.is_cue(j, Cue::YearWord) && s.is_word(j - 1, &["the", "this"])
                                || s.is_cue(j, Cue::Since) && start_of_year(s, j + 1).is_some()
                        })
            })?;
        // "the weakest reading since the start of the year"
        if s.is_cue(k, Cue::Since)
            && let Some(end) = start_of_year(s, k + 1)
        {
            return Some(record_hit("record-year", high, None, false, i, end, i));
        }
        // ("the highest for Japan so far this year", "the strongest year to date")
        let this_year = s.is_cue(k, Cue::ThisYear)
            || s.is_cue(k, Cue::Ytd)
            // "a new low for the year", "a high for the year"
            || s.is_cue(k, Cue::FullYear) && k == i + 1 && s.raw(k).starts_with("for")
            || s.is_cue(k, Cue::YearWord)
                && (s.is_word(k - 1, &["the"]) || s.is_word(k - 1, &["this"]));
        if !this_year {
            return None;
        }
        (i, k)
    };
    Some(record_hit("record-year", high, None, false, from, to, i))
}

/// "a record high", "the second-highest month on record", "an all-time high", "highest ever".
fn record_ever(s: &Sentence, i: usize) -> Option<Hit> {
    // "create history new high" (创历史新高, translated word for word), "a historic low".
    if s.is_word(i, &["history", "historic", "historical"]) {
        let k = i + 1 + usize::from(s.is_word(i + 1, &["new"]));
        if let Some(high) = s.tok(k).and_then(high_low) {
            let from = if s.is_word(
                i.wrapping_sub(1),
                &["create", "created", "creates", "a", "at"],
            ) {
                i - 1
            } else {
                i
            };
            return Some(record_hit("record-ever", high, None, false, from, k, k));
        }
    }
    // "hit a record in November", "set a new record", "reached a record", "set a monthly
    // record", "describe as an all-time record", "took a record 418 tonnes" (a level too):
    // a record high.
    let article = |k: usize| s.is_word(k, &["a", "an"]);
    if s.is_cue(i, Cue::Record)
        && i >= 2
        && (s.is_word(i - 1, &["a", "new", "fresh"])
            || s.raw(i - 1).eq_ignore_ascii_case("monthly")
            || s.is_cue(i - 1, Cue::Record))
        && (i.saturating_sub(3)..i - 1).any(|k| {
            s.is_word(
                k,
                &[
                    "hit", "hits", "set", "sets", "reached", "reach", "reaches", "touched", "at",
                    "posted", "marked", "notched", "was", "were",
                ],
            ) || s.raw(k).eq_ignore_ascii_case("took")
                // "which suppliers describe as an all-time record" (not "as much as a
                // record": a record kept).
                || s.is_word(k, &["as"])
                    && k > 0
                    && s.is_word(k - 1, &["describe", "described", "describes", "counted", "rated"])
        })
        && !matches!(s.tok(i + 1), Some(Tok::Cue(Cue::Low | Cue::High)))
        && (!matches!(s.tok(i + 1), Some(Tok::Figure(_))) || article(i - 1))
        // ("a record of 6,357 tonnes" is a level too; "the record of the talks" is not.)
        && (!s.is_cue(i + 1, Cue::Of)
            || matches!(s.tok(i + 2), Some(Tok::Figure(_) | Tok::Hedge(_))))
    {
        // From the verb ("took a record"), or the word after the article ("a monthly
        // record").
        let from = if article(i - 2) { i - 1 } else { i - 2 };
        return Some(record_hit("record-ever", true, None, false, from, i, i));
    }
    // "reached 418 t in July, a record, after 172 t": a record in apposition.
    if s.is_cue(i, Cue::Record)
        && i >= 2
        && article(i - 1)
        && s.tok(i - 2) == Some(&Tok::Punct(','))
        && (i + 1 >= s.toks.len()
            || s.barrier(i + 1)
            || matches!(s.tok(i + 1), Some(Tok::Punct(_))))
    {
        return Some(record_hit("record-ever", true, None, false, i - 1, i, i));
    }
    // "A record month for German buyers", "describe July as a record month", "below May, a
    // record month": a month called a record (high).
    if s.is_cue(i, Cue::Record)
        && i >= 1
        && article(i - 1)
        && s.is_cue(i + 1, Cue::MonthWord)
        && !s.raw(i + 1).ends_with('s')
    {
        return Some(record_hit(
            "record-ever",
            true,
            None,
            false,
            i - 1,
            i + 1,
            i,
        ));
    }
    // "slide 22% in June from record May": that month's a record.
    if s.is_cue(i, Cue::Record)
        && matches!(s.tok(i + 1), Some(Tok::Month(m)) if m.day.is_none())
        && i >= 1
        && s.is_cue(i - 1, Cue::From)
    {
        return Some(record_hit("record-ever", true, None, false, i, i + 1, i));
    }
    // "have never been higher", "has never been lower": a record.
    if i >= 2
        && ["higher", "lower"].contains(&s.raw(i).as_ref())
        && s.is_word(i - 1, &["been"])
        && (i.saturating_sub(4)..i - 1).any(|k| s.is_word(k, &["never"]))
    {
        let high = s.raw(i) == "higher";
        return Some(record_hit("record-ever", high, None, false, i - 2, i, i));
    }
    // "the most ever in a single month", "the least ever": a superlative of amount with
    // "ever" right after it.
    // Also "the smallest on record", "their largest on record".
    if let Some(high) = superlative_at(s, i)
        && s.is_cue(i + 1, Cue::Record)
    {
        return Some(record_hit(
            "record-ever",
            high,
            None,
            false,
            i - 1,
            i + 1,
            i,
        ));
    }
    let high = high_low(s.tok(i)?)?;
    // "an all-time high", "a record low": the record in the one phrase.
    let own = s.raw(i);
    // "the highest monthly volume in customs records", "the strongest month in the series",
    // "the highest figure in records going back to 2014": the whole record kept.
    let in_records = || {
        (i + 1..(i + 6).min(s.toks.len())).find(|&k| {
            s.is_word(k, &["records", "series"])
                && (k.saturating_sub(3)..k).any(|j| s.is_cue(j, Cue::In))
                && !(i + 1..k).any(|j| s.barrier(j) || matches!(s.tok(j), Some(Tok::Figure(_))))
        })
    };
    // "a new high", "a fresh peak", "a new low": a record.
    let fresh = || {
        (i >= 2 && s.is_word(i - 1, &["new", "fresh"]) && s.is_word(i - 2, &["a"])).then(|| i - 1)
    };
    let rec = s
        .after(i, 4, true, |t| *t == Tok::Cue(Cue::Record))
        .or_else(|| s.before(i, 2, true, |t| *t == Tok::Cue(Cue::Record)))
        .or_else(|| (own.contains("all-time") || own.starts_with("record")).then_some(i))
        .or_else(in_records)
        .or_else(fresh)?;
    Some(record_hit(
        "record-ever",
        high,
        None,
        false,
        i.min(rec).saturating_sub(usize::from(matches!(
            s.tok(i.saturating_sub(1)),
            Some(Tok::Ordinal(_))
        ))),
        i.max(rec),
        i,
    ))
}

// ------------------------------------------------------------------------------------------
// Ranks.

fn ordinal_before(s: &Sentence, i: usize) -> u32 {
    match s.tok(i.wrapping_sub(1)) {
        Some(Tok::Ordinal(n)) => *n,
        _ => 1,
    }
}

/// "Germany was the largest buyer", "Germany, the largest single buyer", "Vietnam was the top
/// destination", "still #1", "S. Korea: 851 t — #2", "now the smallest buyer", "the
/// second-largest market".
fn rank_superlative(s: &Sentence, i: usize) -> Option<Hit> {
    let tok = s.tok(i)?;
    let (rank, last, end) = match tok {
        Tok::Cue(Cue::Largest) => {
            // "#1" / "number one" / "No. 1" carry their number; "#2" below.
            // ("by far the largest national share": the largest part of the whole.)
            let buyer = s
                .after(i, 3, true, |t| {
                    matches!(t, Tok::Cue(Cue::Buyer) | Tok::Flow(Flow::Export))
                })
                .or_else(|| {
                    (i + 1..(i + 3).min(s.toks.len()))
                        .find(|&k| s.is_cue(k, Cue::Share) && s.raw(k) == "share")
                })
                .filter(|&k| !(i + 1..k).any(|m| matches!(s.tok(m), Some(Tok::Figure(_)))));
            let raw_hash = matches!(s.tok(i), Some(Tok::Cue(Cue::Largest)))
                && s.toks[i].end - s.toks[i].start <= 2;
            match buyer {
                Some(b) => (ordinal_before(s, i), false, b),
                None if raw_hash => (1, false, i),
                None => return None,
            }
        }
        Tok::Cue(Cue::Smallest) => {
            let b = s.after(i, 3, true, |t| {
                matches!(t, Tok::Cue(Cue::Buyer) | Tok::Flow(Flow::Export))
            })?;
            (1, true, b)
        }
        Tok::Punct('#') => match s.tok(i + 1) {
            Some(Tok::Figure(f)) if f.unit == Unit::Bare && f.value >= 1.0 && f.value <= 20.0 => {
                (f.value as u32, false, i + 1)
            }
            _ => return None,
        },
        _ => return None,
    };
    // "Nor is the US the smallest buyer": a denial, not a claim of rank.
    if s.negated(i) {
        return None;
    }
    // Not "the largest monthly fall" (a record) nor "top-tier".
    if s.after(i, 2, true, |t| {
        matches!(t, Tok::Dir(_) | Tok::Cue(Cue::MonthWord))
    })
    .is_some()
        && !matches!(tok, Tok::Punct('#'))
    {
        return None;
    }
    // The partner: the country the phrase is about — before it ("Germany was the largest",
    // "Germany, the largest") or in a line label, else after it ("the largest buyer was
    // Germany", "the largest buyer, Germany").
    // ("…, which made it the largest buyer by a distance", "making it by far the largest
    // market": the country the clause before is about, further back.)
    let made_it = (i.saturating_sub(4)..i).any(|k| {
        k > 0
            && (s.is_word(k, &["it"]) && s.is_word(k - 1, &["made", "making", "makes", "make"])
                || s.is_word(k, &["far"]) && s.is_word(k - 1, &["by"]))
    });
    let country = s
        .before(
            i,
            if made_it { 30 } else { 7 },
            false,
            |t| matches!(t, Tok::Country(c) if *c != "CHN"),
        )
        .or_else(|| {
            s.after(
                end,
                4,
                false,
                |t| matches!(t, Tok::Country(c) if *c != "CHN"),
            )
        })
        .or_else(|| s.label_country())?;
    let Some(Tok::Country(code)) = s.tok(country) else {
        return None;
    };
    let mut hit = Hit::new(
        "rank-superlative",
        Kind::Rank,
        Claimed::Rank {
            rank,
            last,
            partners: vec![code.to_string()],
            overtaken: None,
        },
        i.saturating_sub(usize::from(rank > 1 && !matches!(tok, Tok::Punct('#')))),
        end,
        i,
    );
    hit.partner = Some(Partner::of(code));
    Some(hit)
}

/// "The US came fourth", "Japan ranked fifth", "in third place".
fn rank_place(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Ordinal(n)) = s.tok(i) else {
        return None;
    };
    let verb = i > 0
        && s.is_word(
            i - 1,
            &[
                "came", "ranked", "ranks", "placed", "finished", "stood", "was", "is", "comes",
                "remained",
            ],
        )
        || s.is_word(i + 1, &["place", "spot", "position"])
        // "Korea was probably second", "is now third": an adverb between.
        || i > 1
            && s.is_word(i - 1, &["probably", "likely", "now", "again", "still", "clearly"])
            && s.is_word(i - 2, &["was", "is", "came", "ranked", "remained"])
        // "Japan received 352 kilograms in July, second only to Germany's 392".
        || s.is_word(i + 1, &["only"]) && s.raw(i + 2).eq_ignore_ascii_case("to");
    // "with Korea second", "Germany still first, South Korea second", "the US now third":
    // a country and its place, the place ending the clause.
    let listed = {
        let mut k = i;
        while k > 0
            && s.is_word(
                k - 1,
                &[
                    "still", "now", "again", "a", "distant", "close", "only", "just",
                ],
            )
        {
            k -= 1;
        }
        k > 0
            && matches!(s.tok(k - 1), Some(Tok::Country(c)) if *c != "CHN" && *c != "WLD")
            && !is_reporter_word(s, k - 1)
            && (i + 1 >= s.toks.len()
                || s.soft_barrier(i + 1)
                || s.barrier(i + 1)
                || s.is_word(i + 1, &["with", "behind", "after", "and", "ahead", "among"]))
    };
    // "Germany remained the first customer", "the second destination": a place among
    // buyers (not "the first buyer to receive a licence").
    let among_buyers = i > 0
        && s.is_word(i - 1, &["the"])
        && (s.is_cue(i + 1, Cue::Buyer)
            || [
                "customer",
                "customers",
                "client",
                "destination",
                "buyer",
                "market",
                "importer",
                "recipient",
            ]
            .contains(&&*s.raw(i + 1)))
        && !s.raw(i + 2).eq_ignore_ascii_case("to")
        && !s.raw(i + 2).eq_ignore_ascii_case("for");
    let verb = verb || listed || among_buyers;
    if !verb
        || s.is_cue(i + 1, Cue::Consecutive)
        || s.is_cue(i + 1, Cue::MonthWord)
        || s.is_cue(i + 1, Cue::Largest)
    {
        return None;
    }
    // The country before it ("Germany … occupying the 1st place"), or right after "place"
    // ("2nd place, South Korea").
    let country = s
        .before(i, 9, false, |t| matches!(t, Tok::Country(c) if *c != "CHN"))
        .or_else(|| {
            s.after(i, 3, true, |t| matches!(t, Tok::Country(c) if *c != "CHN"))
                .filter(|_| s.is_word(i + 1, &["place", "spot", "position"]))
        })?;
    let Some(Tok::Country(code)) = s.tok(country) else {
        return None;
    };
    let mut hit = Hit::new(
        "rank-place",
        Kind::Rank,
        Claimed::Rank {
            rank: *n,
            last: false,
            partners: vec![code.to_string()],
            overtaken: None,
        },
        country.min(i),
        country.max(i),
        i,
    );
    hit.partner = Some(Partner::of(code));
    Some(hit)
}

/// "Germany leads, with 1,288 t", "Germany topped the list again": first among buyers.
fn rank_leads(s: &Sentence, i: usize) -> Option<Hit> {
    if !s.is_word(i, &["leads", "led", "tops", "topped", "heads", "headed"]) || i == 0 {
        return None;
    }
    let mut c = i - 1;
    if s.is_word(c, &["still", "again", "now", "clearly"]) && c > 0 {
        c -= 1;
    }
    let Some(Tok::Country(code)) = s.tok(c) else {
        return None;
    };
    if *code == "CHN" || *code == "WLD" || is_reporter_word(s, c) {
        return None;
    }
    // The clause ends, or names what is led: "the list", "the ranking", "buyers".
    let end = i + 1 >= s.toks.len()
        || s.soft_barrier(i + 1)
        || s.barrier(i + 1)
        || s.is_word(i + 1, &["with", "again", "among"])
        || s.is_word(i + 1, &["the"])
            && s.is_word(
                i + 2,
                &["list", "ranking", "rankings", "table", "pack", "field"],
            )
        || s.is_cue(i + 1, Cue::Buyer);
    if !end {
        return None;
    }
    let mut hit = Hit::new(
        "rank-leads",
        Kind::Rank,
        Claimed::Rank {
            rank: 1,
            last: false,
            partners: vec![code.to_string()],
            overtaken: None,
        },
        c,
        i,
        i,
    );
    hit.partner = Some(Partner::of(code));
    Some(hit)
}

/// Whether a country at `k` is named as the one trading ("China's", "Chinese").
fn is_reporter_word(s: &Sentence, k: usize) -> bool {
    matches!(s.tok(k + 1), Some(Tok::Possessive))
        || s.raw(k).ends_with("ese")
        || s.raw(k).ends_with("ian")
}

/// "Vietnam, Germany and India were the top three destinations", "the five biggest buyers
/// were …".
fn rank_top_n(s: &Sentence, i: usize) -> Option<Hit> {
    if !s.is_cue(i, Cue::Largest) {
        return None;
    }
    let n = count_at(s, i + 1).or_else(|| count_at(s, i.wrapping_sub(1)))?;
    if n < 2 {
        return None;
    }
    // The partners listed in the sentence, in order.
    let partners: Vec<String> = s
        .toks
        .iter()
        .filter_map(|t| match &t.tok {
            Tok::Country(c) if *c != "CHN" && *c != "WLD" => Some(c.to_string()),
            _ => None,
        })
        .collect();
    if partners.len() < 2 {
        return None;
    }
    // "… the top three destinations"; or no noun when the list before it has as many
    // partners as the count ("Germany, Korea and the US were the top three in October").
    let b = s
        .after(i, 3, true, |t| {
            matches!(t, Tok::Cue(Cue::Buyer) | Tok::Flow(Flow::Export))
        })
        .or_else(|| {
            let listed_before = s.toks[..i]
                .iter()
                .filter(|t| matches!(&t.tok, Tok::Country(c) if *c != "CHN" && *c != "WLD"))
                .count();
            (listed_before == n as usize && partners.len() == listed_before).then_some(i + 1)
        })?;
    Some(Hit::new(
        "rank-top-n",
        Kind::Rank,
        Claimed::Rank {
            rank: n,
            last: false,
            partners,
            overtaken: None,
        },
        i.saturating_sub(1),
        b,
        i,
    ))
}

/// "South Korea overtook Germany as the largest destination".
fn rank_overtook(s: &Sentence, i: usize) -> Option<Hit> {
    if !s.is_word(
        i,
        &[
            "overtook",
            "overtakes",
            "overtaken",
            "overtaking",
            "passed",
            "surpassed",
            "displaced",
            "replaced",
            "unseated",
        ],
    ) {
        return None;
    }
    let a = s.before(i, 3, true, |t| matches!(t, Tok::Country(_)))?;
    let b = s.after(i, 3, true, |t| matches!(t, Tok::Country(_)))?;
    let (Some(Tok::Country(winner)), Some(Tok::Country(loser))) = (s.tok(a), s.tok(b)) else {
        return None;
    };
    s.after(b, 5, true, |t| *t == Tok::Cue(Cue::Largest))?;
    let mut hit = Hit::new(
        "rank-overtook",
        Kind::Rank,
        Claimed::Rank {
            rank: 1,
            last: false,
            partners: vec![winner.to_string()],
            overtaken: Some(loser.to_string()),
        },
        a,
        b,
        i,
    );
    hit.partner = Some(Partner::of(winner));
    Some(hit)
}

// ------------------------------------------------------------------------------------------
// Events and directions.

/// A claim relating the data to a policy event, or giving an event's date: "the September
/// data predate them", "the first full month under the April 4 rule", "the month before
/// licensing took effect", "before Beijing expanded its export licensing regime earlier this
/// month", "export controls that took effect on December 1".
fn event(s: &Sentence, i: usize) -> Option<Hit> {
    if !s.is_cue(i, Cue::Policy) {
        return None;
    }
    // One event claim per clause, anchored on its first policy word ("… before the April 4
    // licensing rules, but June was also the first full month after the Geneva truce": two).
    if let Some(prev) = s.toks[..i]
        .iter()
        .rposition(|t| t.tok == Tok::Cue(Cue::Policy))
        && !(prev + 1..i).any(|k| s.barrier(k) || matches!(s.tok(k), Some(Tok::Punct(',' | ';'))))
    {
        return None;
    }
    let rel_k = s
        .before(i, 10, false, |t| {
            matches!(
                t,
                Tok::Cue(Cue::Before | Cue::After | Cue::Under | Cue::Since)
            )
        })
        .or_else(|| {
            s.after(i, 10, false, |t| {
                matches!(t, Tok::Cue(Cue::Before | Cue::After | Cue::Under))
            })
        });
    // "the first month under licensing": "under" read as a hedge ("under 9%") is the
    // relation when only words stand between it and the policy word.
    let under_word = (i.saturating_sub(3)..i).rev().find(|&k| {
        matches!(s.tok(k), Some(Tok::Hedge(Qualifier::LessThan)))
            && s.raw(k) == "under"
            && (k + 1..i).all(|j| matches!(s.tok(j), Some(Tok::Word(_) | Tok::Country(_))))
    });
    let rel_k = rel_k.or(under_word);
    let is_under = |k: usize| s.is_cue(k, Cue::Under) || Some(k) == under_word;
    // The month word that heads the act's words: "the first month the rules applied", "the
    // month licensing took effect", "the month in which negotiators met in London".
    let month_word = (i.saturating_sub(5)..i).rev().find(|&k| {
        s.is_cue(k, Cue::MonthWord)
            && !s.raw(k).ends_with('s')
            && (k + 1..i).all(|j| {
                is_under(j)
                    || s.is_word(j, &["in", "which", "when", "that", "the", "its", "new"])
                    || s.is_cue(j, Cue::In)
                    || s.is_cue(j, Cue::Of)
                    || matches!(s.tok(j), Some(Tok::Country(_)))
            })
    });
    // (Not a month a relation word points to: "for the first time since the month the
    // licensing regime started in August 2023".)
    let month_word = month_word.filter(|&m| rel_k.is_none_or(|k| k > m));
    let first_month_of_act = month_word.is_some_and(|k| {
        matches!(s.tok(k - 1), Some(Tok::Ordinal(1)))
            || k > 1 && s.is_word(k - 1, &["full"]) && matches!(s.tok(k - 2), Some(Tok::Ordinal(1)))
    });
    let month_of_act = month_word.is_some_and(|k| k > 0 && s.is_word(k - 1, &["the", "that"]));
    // (In the policy word's own clause: "Regulations took effect at the start of this
    // month, so this month is the first full month under the new rules" holds a date and a
    // first full month.)
    let clause = {
        let lo = (0..i)
            .rev()
            .find(|&k| s.soft_barrier(k) && s.tok(k) != Some(&Tok::Punct('-')))
            .map_or(0, |k| k + 1);
        let hi = (i..s.toks.len())
            .find(|&k| s.soft_barrier(k) && s.tok(k) != Some(&Tok::Punct('-')))
            .unwrap_or(s.toks.len());
        lo..hi
    };
    let in_clause =
        |want: &dyn Fn(&Tok) -> bool| clause.clone().any(|k| s.tok(k).is_some_and(want));
    let first_full = in_clause(&|t| matches!(t, Tok::Ordinal(1)))
        && in_clause(&|t| *t == Tok::Cue(Cue::MonthWord));
    let month_before = s.toks.iter().enumerate().any(|(k, t)| {
        t.tok == Tok::Cue(Cue::PrevMonth)
            || t.tok == Tok::Cue(Cue::MonthWord) && s.is_cue(k + 1, Cue::Before)
    });
    let relation = if month_before {
        Relation::MonthBefore
    } else if first_full && rel_k.is_some_and(|k| is_under(k) || s.is_cue(k, Cue::After))
        || first_month_of_act
        || clause
            .clone()
            .any(|k| s.is_cue(k, Cue::Under) && s.toks[k].end - s.toks[k].start > 8)
    {
        Relation::FirstFullMonth
    } else if month_of_act {
        Relation::During
    } else {
        // The act said first, then how it stands to the data ("Last Thursday's
        // announcement came after the September data period"): the data stand the other way
        // round to the act.
        let act_first = rel_k.is_some_and(|k| {
            k > i
                && (k + 1..(k + 5).min(s.toks.len())).any(|j| {
                    matches!(s.tok(j), Some(Tok::Month(m)) if m.day.is_none())
                        || matches!(s.tok(j), Some(Tok::Span(_)))
                        || s.is_word(j, &["data", "figures", "numbers", "print"])
                })
        });
        match rel_k.and_then(|k| s.tok(k)) {
            Some(Tok::Cue(Cue::Before)) if act_first => Relation::After,
            Some(Tok::Cue(Cue::After)) if act_first => Relation::Before,
            Some(Tok::Cue(Cue::Before)) => Relation::Before,
            Some(Tok::Cue(Cue::After | Cue::Under | Cue::Since)) => Relation::After,
            _ => Relation::Date,
        }
    };
    // The event's date: a dated month near the policy word, else any month, else "this
    // month"/"last month".
    // Not an end ("suspended the US ban until November 27, 2026").
    // A day said against the day of writing is the act's only in the act's own clause, and
    // never beside words of a release ("customs data showed on Monday, as licences issued
    // after last month's truce …" is the release's day).
    let own_day = |k: usize| {
        !matches!(s.tok(k), Some(Tok::Day(_)))
            || !(k.min(i)..k.max(i))
                .any(|j| s.soft_barrier(j) || s.tok(j) == Some(&Tok::Punct(',')))
                && !(k.saturating_sub(8)..k).any(|j| {
                    RELEASE_WORDS.contains(&&*s.raw(j))
                        || s.is_word(j, &["show"])
                        || s.is_cue(j, Cue::Customs)
                })
    };
    let dated = |k: usize| {
        s.is_day(k)
            && own_day(k)
            && !(k.saturating_sub(2)..k).any(|j| {
                s.is_word(
                    j,
                    &["until", "till", "through", "expires", "expiring", "expire"],
                )
            })
    };
    let lo = i.saturating_sub(8);
    let hi = (i + 9).min(s.toks.len());
    // (Preferring a day said with "on" wherever it stands was tried: it takes the wrong one
    // of two days as often as the right one, "Sept. 19, and predate Beijing's Oct. 9
    // announcement".)
    let date = (i + 1..hi)
        .find(|&k| dated(k))
        .or_else(|| (lo..i).rev().find(|&k| dated(k)))
        .or_else(|| {
            s.after(i, 6, false, |t| {
                matches!(t, Tok::Cue(Cue::ThisMonth | Cue::LastMonth))
            })
        })
        .or_else(|| {
            s.before(i, 6, false, |t| {
                matches!(t, Tok::Cue(Cue::ThisMonth | Cue::LastMonth))
            })
        })
        // "the framework deal struck in London in June": a month after "in".
        .or_else(|| {
            s.after(i, 6, false, |t| matches!(t, Tok::Month(_)))
                .filter(|&k| k > 0 && matches!(s.tok(k - 1), Some(Tok::Cue(Cue::In))))
        });
    // "controls that took effect in August", "the rule Beijing issued in December 2024",
    // "have needed export licences since August 2023": a month written right after the policy
    // words, behind "in", "since" or "from", with no figure or trade word between them, is
    // when the event happened.
    // "The December 2023 ban on exporting …", "Beijing's December 2023 ban": a month written
    // with its year that names the act. (Not "the April licensing regime": without a year
    // the writers use the month as the act's name, not as a claim of its date.)
    let event_month = event_month(s, i).or_else(|| {
        let k = i.checked_sub(1)?;
        (matches!(s.tok(k), Some(Tok::Month(m)) if m.day.is_none() && m.year.is_some())
            && k > 0
            && (s.is_word(k - 1, &["the", "its", "their"])
                || s.tok(k - 1) == Some(&Tok::Possessive)))
        .then_some(k)
    });
    let date = date.or(event_month);
    // A relation word in a sentence with no data in it relates the act to something else
    // ("after the Kuala Lumpur talks, which ended on 26 October", "The MOFCOM announcement
    // of 9 October, after the close of the quarter, extended controls"): a day it names is
    // the claim's date.
    let no_data = !s.toks.iter().enumerate().any(|(k, t)| match &t.tok {
        Tok::Figure(f) => f.unit != Unit::Bare,
        Tok::Month(m) => m.day.is_none(),
        Tok::Flow(_) => !matches!(s.tok(k + 1), Some(Tok::Cue(Cue::Policy | Cue::NotTrade))),
        Tok::Span(_) => true,
        _ => false,
    });
    let relation = if relation != Relation::Date
        && relation != Relation::MonthBefore
        && no_data
        && date.is_some_and(|d| s.is_day(d))
    {
        Relation::Date
    } else {
        relation
    };
    // An undated "after the London framework", "since the licensing": no timing to check.
    if matches!(
        relation,
        Relation::Date | Relation::Before | Relation::After
    ) && date.is_none()
    {
        return None;
    }
    // A month said relative to the day of writing, tied to the act's words ("The London
    // framework agreed last month", "the rules unveiled earlier this month") dates it too.
    let relative = date.is_some_and(|d| {
        matches!(s.tok(d), Some(Tok::Cue(Cue::ThisMonth | Cue::LastMonth)))
            && d > i
            // ("took effect at the start of this month")
            && (d - i <= 3
                || d - i <= 7
                    && (i + 1..d).all(|k| {
                        s.is_word(k, &["at", "the", "start", "end", "beginning", "middle"])
                            || s.is_cue(k, Cue::Began)
                            || s.is_cue(k, Cue::Policy)
                            || s.is_cue(k, Cue::Of)
                            || s.is_cue(k, Cue::In)
                    }))
            && !(i + 1..d).any(|k| matches!(s.tok(k), Some(Tok::Figure(_))) || s.barrier(k))
    });
    if relation == Relation::Date
        && event_month != date
        && !relative
        && !date.is_some_and(|d| s.is_day(d))
    {
        return None;
    }
    // The claim covers its policy words, its relation word and its date, whichever comes
    // first ("On Dec. 3 Beijing went further and banned …").
    let from = rel_k.unwrap_or(i).min(i).min(date.unwrap_or(i)).min(
        month_word
            .filter(|_| first_month_of_act || month_of_act)
            .unwrap_or(i),
    );
    let to = date.unwrap_or(i).max(i).max(rel_k.unwrap_or(i));
    Some(event_hit("event", relation, from..=to, i, date))
}

/// An event claim in `relation` to the data, dated by the token at `when` (the reader fills
/// in the date and the event's words).
fn event_hit(
    rule: &'static str,
    relation: Relation,
    span: std::ops::RangeInclusive<usize>,
    anchor: usize,
    when: Option<usize>,
) -> Hit {
    let (from, to) = span.into_inner();
    let mut hit = Hit::new(
        rule,
        Kind::EventTiming,
        Claimed::Event(crate::claims::EventClaim {
            relation,
            date: None,
            month: None,
            words: Vec::new(),
            year_open: false,
            swapped: None,
        }),
        from,
        to,
        anchor,
    );
    hit.when = when.map(When::At);
    hit
}

/// Whether the words at `k` say a rule came into force: "took effect", "kicked in", "came
/// into force", "entered into force", "brought into force", "became mandatory".
fn takes_effect(s: &Sentence, k: usize) -> bool {
    let verb = [
        "took", "takes", "take", "kicked", "kicks", "came", "comes", "entered", "enters",
        "brought", "became", "become", "becomes",
    ];
    let what = [
        "effect",
        "in",
        "into",
        "force",
        "mandatory",
        "effective",
        "binding",
    ];
    let raw = s.raw(k);
    // ("took effect" may be read as one policy word.)
    let one_word = s.is_cue(k, Cue::Policy)
        && raw
            .split_once(' ')
            .is_some_and(|(v, w)| verb.contains(&v) && what.contains(&w));
    one_word || verb.contains(&&*raw) && what.contains(&&*s.raw(k + 1))
}

/// A government's act on a day, where no policy word's claim takes the date: "on October 9,
/// Beijing widened the list", "the commerce ministry confirmed on Dec. 18", "MOFCOM's Oct 9
/// announcements", "the Busan summit on Oct 30", "Stockholm round wrapped Jul 29". The date
/// is the claim (the timeline has an event that day, or not). Each date of a sentence is
/// read on its own, with the words around it: a sentence may name several acts.
fn event_on_date(s: &Sentence, i: usize) -> Option<Hit> {
    if !s.is_day(i) {
        return None;
    }
    // "yesterday", "on Sunday", "the 9th of last month": a day said against the day of
    // writing is said of nothing but events.
    let relative_day = matches!(s.tok(i), Some(Tok::Day(_)));
    // "04/04 (heavy RE licences)", "10/06 (London)", "eff 7/11": a day written with slashes
    // is named by the policy words or the place beside it.
    let slashed = matches!(s.tok(i), Some(Tok::Day(DayRef::Slashed { .. })));
    // The date a policy word's own claim of a date reads ("licensing took effect on
    // December 1") is that claim's. A claim relating the data to the event ("July was the
    // first full month after the London framework agreed on June 10") claims the event's
    // day as well: the day is read on its own.
    let related = match s.toks.iter().position(|t| t.tok == Tok::Cue(Cue::Policy)) {
        Some(p) => match event(s, p) {
            Some(h) if h.when == Some(When::At(i)) => match &h.claimed {
                Claimed::Event(e) if e.relation != Relation::Date => true,
                _ => return None,
            },
            _ => false,
        },
        None => false,
    };
    let dated = |k: usize| s.is_day(k);
    // The words that belong to this date: up to eight tokens either side, not past another
    // date or the end of a clause of its own.
    // (Back to twelve tokens: an act's list of goods may stand between it and its day,
    // "banned gallium, germanium and antimony sales to the US "in principle" on December 3".)
    let mut lo = i;
    while lo > 0 && i - lo < 12 && !dated(lo - 1) && !s.barrier(lo - 1) {
        lo -= 1;
    }
    let mut hi = i + 1;
    while hi < s.toks.len() && hi - i <= 8 && !dated(hi) && !s.barrier(hi) {
        hi += 1;
    }
    let raw = |k: usize| s.raw(k);
    let nearest_where = |want: &dyn Fn(usize) -> bool| {
        (lo..hi)
            .filter(|&k| k != i && want(k))
            .map(|k| k.abs_diff(i))
            .min()
    };
    let nearest = |list: &[&str]| nearest_where(&|k| list.contains(&&*raw(k)));
    // Not an end ("suspended the ban until November 27, 2026").
    if (i.saturating_sub(2)..i).any(|j| s.is_word(j, &["until", "till", "through", "expires"])) {
        return None;
    }
    let on = i > 0 && raw(i - 1) == "on"
        // A timeline's line: "3 Dec 2024 — Beijing bans gallium …", "Oct 9: MOFCOM widens …".
        // ("then Dec 3: Beijing bans …" in a thread.)
        || s.toks[..i].iter().enumerate().all(|(k, t)| {
            matches!(t.tok, Tok::Bullet | Tok::Break) || k + 1 == i && s.is_word(k, &["then", "and"])
        }) && matches!(s.tok(i + 1), Some(Tok::Punct('—' | '–' | '-' | ':')));
    let possessive_before = i > 1 && s.tok(i - 1) == Some(&Tok::Possessive);
    let verb_before = i > 0 && ACTS.contains(&&*raw(i - 1));
    // "The October 9 announcements": the date names the act.
    let names_act = i > 0
        && ["the", "its", "their"].contains(&&*raw(i - 1))
        && i + 1 < s.toks.len()
        && EVENT_NOUNS.contains(&&*raw(i + 1))
        // "Last Thursday's announcement", "yesterday's suspension".
        || relative_day
            && s.tok(i + 1) == Some(&Tok::Possessive)
            && (EVENT_NOUNS.contains(&&*raw(i + 2)) || s.is_cue(i + 2, Cue::Policy));
    if !on && !possessive_before && !verb_before && !names_act && !relative_day {
        return None;
    }
    // The day of an event the sentence relates the data to is its own claim only when a verb
    // of its own gives it ("… the London framework agreed on June 10"); "after the Oct 9
    // announcement" is one claim.
    if related {
        let verb = (i.saturating_sub(3)..i).any(|k| ACTS.contains(&&*raw(k)));
        if !(on || verb_before) || !verb {
            return None;
        }
        return Some(event_hit(
            "event-on-date",
            Relation::Date,
            i.saturating_sub(1)..=i,
            i,
            Some(i),
        ));
    }
    // One per sentence, its first date: a later one is most often a reference back ("…
    // agreed to pause the October 9 measures", "… then the KL talks (Oct 25–26)").
    // A later date given "on" after an act or a meeting of its own, past the date before
    // ("… were followed by the Busan summit on 30.10.2025, and the controls were suspended
    // on 07.11.2025"), is its own.
    // A day written with slashes and named right after it ("04/04 (heavy RE licences),
    // 10/06 (London)", "the 9/10 package") is a list's entry: each its own.
    let slashed_named = slashed && {
        let from = i + 1 + usize::from(s.tok(i + 1) == Some(&Tok::Punct('(')));
        (from..(from + 3).min(s.toks.len()))
            .take_while(|&k| !dated(k) && s.tok(k) != Some(&Tok::Punct(')')))
            .any(|k| {
                s.is_cue(k, Cue::Policy)
                    || EVENT_NOUNS.contains(&&*raw(k))
                    || crate::read::PLACE_WORDS.contains(&&*raw(k))
            })
    };
    if let Some(prev) = (0..i).rev().find(|&k| dated(k))
        && !slashed_named
    {
        // Or an act right after it ("…, and on 3 December 2024 MOFCOM announced a ban").
        let act_word = |k: usize| {
            ACTS.contains(&&*raw(k))
                || ["summit", "talks", "meeting", "call"].contains(&&*raw(k))
                || takes_effect(s, k)
        };
        let own = on
            && ((prev + 1..i).any(act_word)
                || (i + 1..(i + 4).min(s.toks.len()))
                    .take_while(|&k| !dated(k) && !s.barrier(k))
                    .any(act_word));
        if !own {
            return None;
        }
    }
    let act = nearest(&ACTS).or_else(|| nearest_where(&|k| takes_effect(s, k)));
    // What the day is of: a noun of an act, or for a day written with slashes, its list
    // entry's words or a policy word, a place, "eff" beside it.
    let named = nearest(&EVENT_NOUNS).is_some()
        || slashed_named
        || slashed
            && nearest_where(&|k| {
                s.is_cue(k, Cue::Policy)
                    || crate::read::PLACE_WORDS.contains(&&*raw(k))
                    || raw(k) == "eff"
            })
            .is_some();
    // A meeting acts by itself ("the Busan summit on Oct 30"); a notice or a list needs a
    // government in the sentence ("This notice was appended on 22 January" is the page's).
    // Controls act for a government too ("On 4 April 2025 seven rare earths were added to
    // the control list").
    let actor = names_act
        || nearest(&["summit", "talks", "round", "meeting", "call", "truce"]).is_some()
        || (0..s.toks.len()).any(|k| ACTORS.contains(&&*raw(k)))
        || (0..s.toks.len()).any(|k| s.is_cue(k, Cue::Policy));
    if act.is_none() && !named {
        return None;
    }
    // The day the figures came out is no event ("customs data released on Nov. 7", "the
    // customs agency said on Nov. 20"): a release word among the date's own words.
    if nearest(&RELEASE_WORDS).is_some() || !actor {
        return None;
    }
    // (The claim takes the word before its day, "on", "the", not a list's comma.)
    let from = if i > 0 && matches!(s.tok(i - 1), Some(Tok::Punct(_))) {
        i
    } else {
        i.saturating_sub(1)
    };
    Some(event_hit(
        "event-on-date",
        Relation::Date,
        from..=i,
        i,
        Some(i),
    ))
}

/// Who acts in a policy event.
const ACTORS: [&str; 16] = [
    "beijing",
    "china",
    "ministry",
    "mofcom",
    "government",
    "washington",
    "council",
    "regulators",
    "officials",
    "negotiators",
    "leaders",
    "president",
    "presidents",
    "trump",
    "xi",
    "delegations",
];

/// What a government, or its negotiators, did on a day.
const ACTS: [&str; 73] = [
    "announced",
    "granted",
    "followed",
    "published",
    "issued",
    "added",
    "widened",
    "expanded",
    "imposed",
    "approved",
    "unveiled",
    "confirmed",
    "agreed",
    "signed",
    "met",
    "said",
    "spoke",
    "banned",
    "suspended",
    "lifted",
    "launched",
    "introduced",
    "tightened",
    "restricted",
    "ordered",
    "required",
    "made",
    "went",
    "moved",
    "struck",
    "reached",
    "held",
    "talked",
    "decided",
    "put",
    "placed",
    "wrapped",
    "ended",
    "concluded",
    "began",
    "started",
    "halted",
    "paused",
    "extended",
    "notified",
    "blocked",
    "froze",
    "tabled",
    "proposed",
    "bans",
    "meet",
    "meets",
    "announces",
    "issues",
    "adds",
    "widens",
    "expands",
    "imposes",
    "approves",
    "unveils",
    "agrees",
    "signs",
    "suspends",
    "lifts",
    "launches",
    "introduces",
    "tightens",
    "restricts",
    "halts",
    "pauses",
    "extends",
    "blocks",
    "puts",
];

/// Nouns for an act on a day: "the Busan summit on Oct 30", "MOFCOM's Oct 9 announcements".
const EVENT_NOUNS: [&str; 26] = [
    "announcement",
    "announcements",
    "decision",
    "notice",
    "package",
    "measures",
    "rules",
    "list",
    "ban",
    "summit",
    "meeting",
    "call",
    "talks",
    "round",
    "truce",
    "deal",
    "decree",
    "order",
    "statement",
    "revision",
    "guidance",
    "framework",
    "suspension",
    "crackdown",
    "curbs",
    "restrictions",
];

/// Words for the release of figures, whose day is no policy event.
const RELEASE_WORDS: [&str; 9] = [
    "customs",
    "data",
    "figures",
    "statistics",
    "released",
    "published",
    "numbers",
    "showed",
    "bureau",
];

/// The month of a policy event written after its words: "took effect in August", "issued in
/// December 2024", "licences since April" (see [`event`]).
fn event_month(s: &Sentence, i: usize) -> Option<usize> {
    // "In December 2023 China banned the export of …", "Then in December 2024 Beijing banned
    // shipments to the US", "In December, Beijing banned …": the month that opens the
    // clause, then who acted, then the act.
    let actor =
        |j: usize| matches!(s.tok(j), Some(Tok::Country(_))) || ACTORS.contains(&&*s.raw(j));
    let opening = ACTS
        .contains(&&*s.raw(i))
        .then(|| {
            (i.saturating_sub(5)..i).find(|&k| {
                matches!(s.tok(k), Some(Tok::Month(m)) if m.day.is_none())
                    && k > 0
                    && s.raw(k - 1) == "in"
                    && (k < 2 || s.soft_barrier(k - 2) || s.is_word(k - 2, &["then", "and"]))
                    && (k + 1..i).all(|j| {
                        actor(j) || s.tok(j) == Some(&Tok::Punct(',')) || s.is_word(j, &["the"])
                    })
                    && (k + 1..i).any(actor)
            })
        })
        .flatten();
    if opening.is_some() {
        return opening;
    }
    (i + 1..(i + 6).min(s.toks.len())).find(|&k| {
        matches!(s.tok(k), Some(Tok::Month(m)) if m.day.is_none())
            && ["in", "since", "from", "last"].contains(&s.raw(k - 1).as_ref())
            && !(i + 1..k).any(|j| {
                // (Not past a comma: "a year before the controls, in June 2024, China
                // exported …" dates the data.)
                s.barrier(j)
                    || s.tok(j) == Some(&Tok::Punct(','))
                    || matches!(
                        s.tok(j),
                        Some(
                            Tok::Figure(_)
                                | Tok::Fraction(_)
                                | Tok::Flow(_)
                                | Tok::Dir(_)
                                | Tok::Basket(_)
                        )
                    )
            })
    })
}

/// Words of markets, not trade: share prices, indexes, exchange rates.
const MARKET_WORDS: [&str; 14] = [
    "index",
    "kospi",
    "csi",
    "nikkei",
    "hang",
    "ticker",
    "premarket",
    "exchange",
    "points",
    "yuan/ton",
    "yuan/tonne",
    "p/e",
    "spot",
    "futures",
];

/// Bases shorter than a month: "w/w", "WoW", "d/d", "premarket", "intraday".
const SHORT_BASES: [&str; 12] = [
    "w/w",
    "wow",
    "d/d",
    "dod",
    "week-on-week",
    "day-on-day",
    "weekly",
    "daily",
    "intraday",
    "premarket",
    "gmt",
    "session",
];

/// Verbs that end a run: "snapping three straight monthly declines", "ending three months
/// of gains" are about the run before, not the current one.
const ENDS_A_RUN: [&str; 14] = [
    "ending",
    "ended",
    "ends",
    "end",
    "broke",
    "breaking",
    "break",
    "snapped",
    "snapping",
    "halted",
    "halting",
    "reversing",
    "reversed",
    "interrupting",
];

/// Verbs of saying, after which a clause opens with its subject: "traders said US shipments
/// fell again".
const SAYING: [&str; 5] = ["said", "say", "says", "reported", "noted"];

/// Verbs of small moves, said with a particle: "edge (back) up", "ticked down", "inches up".
const SMALL_MOVES: [&str; 12] = [
    "edge", "edges", "edged", "tick", "ticks", "ticked", "inch", "inches", "inched", "creep",
    "creeps", "crept",
];

/// A direction verb with no figure of its own, said of trade: "exports fall again in
/// September", "U.S. shipments jump", "Japan-bound shipments slipped in December". A noun
/// ("the decline", "Export Decline Reverses Brief Recovery") is not a claim, and a verb the
/// clause already makes a streak or a record of is not read twice.
fn direction(s: &Sentence, i: usize) -> Option<Hit> {
    let Some(Tok::Dir(d)) = s.tok(i) else {
        return None;
    };
    let word = s.raw(i);
    // A policy that eases or tightens is no move of trade: "surge after ban eased".
    if i > 0 && (i.saturating_sub(2)..i).any(|k| s.is_cue(k, Cue::Policy)) {
        return None;
    }
    // "edge back up", "ticked down", "inches up": a verb of small moves and its particle.
    let small_move = ["up", "down", "higher", "lower"].contains(&word.as_ref()) && {
        let v = if s.is_word(i.wrapping_sub(1), &["back"]) {
            i.wrapping_sub(2)
        } else {
            i.wrapping_sub(1)
        };
        s.is_word(v, &SMALL_MOVES)
    };
    // Particles and comparatives are directions only beside a figure ("stocked up").
    if !small_move
        && [
            "up", "down", "higher", "lower", "less", "more", "cut", "cuts", "lost", "added",
            "weaker", "↑", "↓", "▲", "▼", "superior", "inferior",
        ]
        .contains(&word.as_ref())
    {
        return None;
    }
    // A recovery told in the past is from a trough, over no month said ("exports recovered
    // once licences were granted", "recovered to 18,043 kg by September"): no move against
    // the month before, unless its month follows ("recovered in June").
    // ("recovered strongly from September": against a month, said.)
    let adverb = usize::from(s.raw(i + 1).ends_with("ly"));
    if ["recovered", "recovering"].contains(&word.as_ref())
        && !(s.is_cue(i + 1, Cue::In) && matches!(s.tok(i + 2), Some(Tok::Month(_))))
        && !(s.is_cue(i + 1 + adverb, Cue::From)
            && matches!(s.tok(i + 2 + adverb), Some(Tok::Month(_)))
            // (Not "recovered from June onwards": when it began.)
            && !s.is_word(i + 3 + adverb, &["onwards", "onward", "on"]))
    {
        return None;
    }
    // A noun after a determiner or an adjective: "the decline", "a brief recovery".
    if i > 0
        && matches!(s.tok(i - 1), Some(Tok::Word(w)) if ["the", "a", "an", "this", "that", "its", "their", "brief", "persistent", "sharp", "steep", "further", "recent", "short-lived", "modest", "slight", "any", "no"].contains(&w.as_str()))
    {
        return None;
    }
    // Said of trade: right after a plural trade noun ("exports fall", "shipments jump"),
    // or a past tense with the trade named before it in the clause.
    // "exports fall", "exports to U.S. fall", "US-bound shipments slipped".
    let after_trade_noun = (1..=4).any(|d| {
        i >= d
            && matches!(s.tok(i - d), Some(Tok::Flow(_)))
            && s.raw(i - d).ends_with('s')
            && (i - d + 1..i).all(|k| {
                matches!(
                    s.tok(k),
                    Some(Tok::Country(_) | Tok::Cue(Cue::To | Cue::From) | Tok::Basket(_))
                ) || s.is_word(k, &["the", "had", "have", "has"])
            })
    });
    // Or right after what is traded or who buys it, heading a clause: "dysprosium edges up,
    // terbium slides", "Germany slips again", "US and Japan decrease", "volumes keep
    // climbing".
    let subject_head = {
        let mut k = i;
        let mut head = None;
        while k > 0 && i - k < 6 {
            k -= 1;
            match s.tok(k) {
                Some(Tok::Basket(_)) => head = Some(k),
                Some(Tok::Country(_)) if !matches!(s.tok(k + 1), Some(Tok::Possessive)) => {
                    head = Some(k)
                }
                Some(Tok::Flow(_)) if s.raw(k).ends_with('s') => head = Some(k),
                Some(Tok::Word(w))
                    if [
                        "volumes",
                        "volume",
                        "deliveries",
                        "sales",
                        "purchases",
                        "intake",
                        "arrivals",
                    ]
                    .contains(&w.as_str()) =>
                {
                    head = Some(k)
                }
                // "Japan's intake rose slightly": whose intake.
                Some(Tok::Possessive)
                    if matches!(s.tok(k.wrapping_sub(1)), Some(Tok::Country(_))) => {}
                Some(Tok::Country(_)) if head.is_some() => head = Some(k),
                // "October slipped slightly from September": a month as the subject.
                // ("The June rebound", "January edged up to 1,017 tonnes" too: a month's
                // move said.)
                Some(Tok::Month(m)) if k + 1 == i && m.day.is_none() => head = Some(k),
                Some(Tok::Word(w))
                    if SMALL_MOVES.contains(&w.as_str())
                        || ["and", "the", "back", "keep", "keeps", "kept", "again"]
                            .contains(&w.as_str()) => {}
                Some(Tok::Cue(Cue::To | Cue::From)) => {}
                _ => break,
            }
        }
        // The head opens its clause (a headline, after a colon or a comma).
        // ("Two traders said arrivals from Myanmar fell again": after a verb of saying.)
        head.filter(|&h| {
            let first = (0..h)
                .rev()
                .take_while(|&j| {
                    !matches!(s.tok(j), Some(Tok::Punct(_) | Tok::Break | Tok::Bullet))
                        && !s.is_word(j, &SAYING)
                })
                .last()
                .unwrap_or(h);
            // (Right after the verb of saying: "said the June rebound" is a noun.)
            let said = first > 0 && s.is_word(first - 1, &SAYING);
            if said && first != h {
                return false;
            }
            (first..h).all(|j| {
                matches!(
                    s.tok(j),
                    Some(Tok::Basket(_) | Tok::Country(_) | Tok::Flow(_))
                ) || s.is_word(j, &["the", "and"])
            })
        })
    };
    let past = word.ends_with("ed")
        || [
            "fell", "rose", "grew", "sank", "slid", "shrank", "slumped", "dipped",
        ]
        .contains(&word.as_ref());
    let trade_before = s
        .before(i, 8, true, |t| matches!(t, Tok::Flow(_) | Tok::Basket(_)))
        .is_some();
    // A participle before a noun is an adjective ("advanced technologies").
    let adjective = matches!(s.tok(i + 1), Some(Tok::Word(w)) if !["again", "in", "to", "by", "for", "from", "on", "last", "this", "sharply", "slightly", "further", "steeply", "strongly", "back", "year", "month", "and", "but", "while", "as", "after", "since"].contains(&w.as_str()))
        || matches!(s.tok(i + 1), Some(Tok::Basket(_) | Tok::Flow(_)));
    let after_subject = subject_head.is_some();
    if !(after_trade_noun || after_subject || past && trade_before && !adjective) {
        return None;
    }
    // No figure, streak, record or count in the clause (those rules read them).
    let claimed_nearby = |t: &Tok| {
        matches!(
            t,
            Tok::Figure(_)
                | Tok::Fraction(_)
                | Tok::Ordinal(_)
                | Tok::Cue(
                    Cue::Zero
                        | Cue::Consecutive
                        | Cue::High
                        | Cue::Low
                        | Cue::Times(_)
                        | Cue::Halved
                        | Cue::Began
                        | Cue::FirstTime
                )
        )
    };
    // A move to a level says which way as well as where: "US-bound shipments slipped to 590
    // t" is a direction and a level (a percent after the verb is a change instead).
    // ("… fell in September to 5,774 t" too.)
    let mut j = i + 1;
    if s.is_cue(j, Cue::In) && matches!(s.tok(j + 1), Some(Tok::Month(_) | Tok::Span(_))) {
        j += 2;
    }
    let to_level = s.is_cue(j, Cue::To)
        && matches!(s.tok(j + 1), Some(Tok::Figure(f)) if f.unit.is_amount())
        && (after_trade_noun || after_subject);
    // The figure that makes it a change or a level is in the verb's own clause: "had
    // slipped in September and again in October, when they fell to 5,473 tonnes" is a
    // direction.
    let clause_end = (i + 1..s.toks.len())
        .find(|&k| s.barrier(k) || s.toks[k].tok == Tok::Punct(','))
        .unwrap_or(s.toks.len());
    // ("rose in October from September's low": the base's low is no record.)
    let base_low = |k: usize| {
        matches!(s.tok(k), Some(Tok::Cue(Cue::High | Cue::Low)))
            && k >= 3
            && s.tok(k - 1) == Some(&Tok::Possessive)
            && matches!(s.tok(k - 2), Some(Tok::Month(_)))
            && s.is_cue(k - 3, Cue::From)
    };
    let figure_after = (i + 1..clause_end.min(i + 11))
        .any(|k| s.tok(k).is_some_and(claimed_nearby) && !base_low(k));
    if !to_level && (s.before(i, 12, true, claimed_nearby).is_some() || figure_after)
        || s.not_trade(i)
    {
        return None;
    }
    let mut hit = Hit::new(
        "direction",
        Kind::Direction,
        Claimed::Direction(*d),
        i,
        s.after(i, 2, true, |t| matches!(t, Tok::Word(w) if w == "again"))
            .unwrap_or(i),
        i,
    );
    if let Some(Tok::Country(c)) = subject_head.and_then(|h| s.tok(h))
        && *c != "CHN"
    {
        hit.partner = Some(Partner::of(c));
    }
    Some(hit)
}

/// Words between a comparative and its base that only say by how much: "slightly less
/// than", "a touch lower than", "down only slightly on".
const DEGREE_WORDS: [&str; 12] = [
    "slightly",
    "marginally",
    "somewhat",
    "only",
    "a",
    "touch",
    "bit",
    "little",
    "again",
    "further",
    "still",
    "just",
];

/// A move said against the month before, with no figure of its own: "Japan received 226
/// tonnes, slightly less than in September", "a touch lower than Sep's", "16,381 tons, up
/// from November", "up on February", "a further increase on August", "had itself eased from
/// October", "slightly less than a month earlier". Not a percent's comparison ("5% lower
/// than September", read as a change), nor a base with its own figure ("up from
/// November's 4,206 tons").
fn direction_against(s: &Sentence, i: usize) -> Option<Hit> {
    let (d, mut k) = match s.tok(i) {
        Some(Tok::Dir(d)) => (*d, i + 1),
        // "less than", "more than": the base follows at once.
        Some(Tok::Hedge(Qualifier::LessThan)) => (Dir::Fall, i),
        Some(Tok::Hedge(Qualifier::MoreThan)) => (Dir::Rise, i),
        _ => return None,
    };
    // "up" and "down" as particles of another verb ("how 2025 stacks up against 2024") are
    // no move.
    if ["up", "down"].contains(&s.raw(i).as_ref())
        && i > 0
        && matches!(s.tok(i - 1), Some(Tok::Word(w)) if ![
            "and", "but", "was", "were", "is", "are", "been", "be", "also", "still", "both",
            "well", "far", "again", "slightly", "marginally", "only", "just", "so", "yet",
        ]
        .contains(&w.as_str()))
    {
        return None;
    }
    // A percent or a multiple just before is the comparison's size: a change, read there.
    let mut first = i;
    while first > 0 && s.is_word(first - 1, &DEGREE_WORDS) && i - first < 3 {
        first -= 1;
    }
    if first > 0
        && matches!(
            s.tok(first - 1),
            Some(Tok::Figure(_) | Tok::Fraction(_) | Tok::Hedge(_) | Tok::Cue(Cue::TimesWord))
        )
    {
        return None;
    }
    if k > i {
        while s.is_word(k, &DEGREE_WORDS) && k - i <= 3 {
            k += 1;
        }
        if !matches!(s.tok(k), Some(Tok::Cue(Cue::Than | Cue::From))) {
            return None;
        }
        k += 1;
    } else {
        k += 1;
    }
    if s.is_cue(k, Cue::In) || s.is_word(k, &["the"]) {
        k += 1;
    }
    // The base: a month without a day or a year of its own, "a month earlier", or a year
    // ("down only slightly on 2024": the year after's total against it).
    let base = match s.tok(k) {
        Some(Tok::Month(m)) if m.day.is_none() && m.year.is_none() => k,
        Some(Tok::Cue(Cue::PrevMonth)) | Some(Tok::Year(_)) => k,
        _ => return None,
    };
    let mut end = base;
    if matches!(s.tok(end + 1), Some(Tok::Possessive)) {
        end += 1;
    }
    // "up from November's 4,206 tons": the base's own figure makes it a comparison of
    // levels; "September last year": a year back.
    // The base ends its clause: not "May's slump", "the May trough", "July's record",
    // "January of this year" (a month further back, or a record).
    let ends = match s.tok(end + 1) {
        None | Some(Tok::Punct(_) | Tok::Break | Tok::Bullet) => true,
        Some(Tok::Word(w)) => [
            "and",
            "but",
            "while",
            "as",
            "when",
            "although",
            "though",
            "whereas",
            "after",
            "despite",
            "amid",
            "according",
        ]
        .contains(&w.as_str()),
        _ => false,
    };
    if !ends {
        return None;
    }
    if !s.about_trade() || s.not_trade(i) {
        return None;
    }
    let mut hit = Hit::new(
        "direction-against",
        Kind::Direction,
        Claimed::Direction(d),
        first,
        end,
        i,
    );
    if matches!(s.tok(base), Some(Tok::Month(_) | Tok::Year(_))) {
        hit.base = Some(base);
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A claim's period as the JSON contract writes it.
    /// The first hit a rule finds in a sentence, and the sentence's tokens (line breaks
    /// dropped).
    fn first_hit(
        text: &str,
        find: fn(&Sentence, usize) -> Option<Hit>,
    ) -> (Option<Hit>, Vec<Token>) {
        let toks: Vec<Token> = tokenize(text)
            .into_iter()
            .filter(|t| t.tok != Tok::Break)
            .collect();
        let s = Sentence {
            toks: &toks,
            text,
            china_story: false,
            unit_before: None,
        };
        let hit = (0..toks.len()).find_map(|i| find(&s, i));
        (hit, toks)
    }

    fn period_of(c: &crate::claims::Claim) -> Option<String> {
        c.subject.period.map(|p| p.to_string())
    }
    use crate::token::tokenize;

    /// The claims read from `text` after a lead line that names the story, published on
    /// `published`.
    fn claims_after(lead: &str, published: &str, text: &str) -> Vec<crate::claims::Claim> {
        crate::read(&format!("{lead}\n\n{text}"), published.parse().ok()).claims
    }

    /// Directions said of what is traded or who buys it, heading a clause.
    /// A move against the month before, without a figure of its own; the claim's words
    /// from the degree words to the base.
    #[test]
    fn directions_against_the_month_before() {
        for (text, want) in [
            (
                "Japan received 226 tonnes of magnets, slightly less than in September.",
                Some(("slightly less than in September", Dir::Fall)),
            ),
            (
                "JP magnet exports: a touch lower than Sep's.",
                Some(("a touch lower than Sep's", Dir::Fall)),
            ),
            (
                "December imports stood at 16,381 tons, up from November.",
                Some(("up from November", Dir::Rise)),
            ),
            (
                "Dysprosium exports recovered to 18,043 kg, a further increase on August.",
                Some(("a further increase on August", Dir::Rise)),
            ),
            (
                "Japan took 226 tonnes of magnets, slightly less than a month earlier.",
                Some(("slightly less than a month earlier", Dir::Fall)),
            ),
            // A percent's comparison is a change; a base with its own figure, a noun or a
            // year after it is another claim.
            ("Magnet exports were 5% lower than in September.", None),
            ("Magnet exports rose from September's 5,774 tonnes.", None),
            ("Magnet exports recovered from May's slump.", None),
            (
                "Magnet exports were only lower than January of this year.",
                None,
            ),
            ("US magnet flow still well above May trough.", None),
            ("How 2025 magnet exports stack up against 2024.", None),
            (
                "The year's magnet exports came in at 57,000 tonnes, down only slightly on 2024.",
                Some(("down only slightly on 2024", Dir::Fall)),
            ),
        ] {
            let (hit, toks) = first_hit(text, direction_against);
            assert_eq!(
                hit.map(|h| {
                    let d = match h.claimed {
                        Claimed::Direction(d) => d,
                        _ => unreachable!("a direction"),
                    };
                    (&text[toks[h.from].start..toks[h.to].end], d)
                }),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn directions_after_their_subject() {
        for (text, want) in [
            ("Rare earth exports edge back up in October", Some("up")),
            (
                "Heavy rare earths: dysprosium edges up, terbium slides",
                Some("up"),
            ),
            ("Germany slips again", Some("slips")),
            ("July trade wrap: magnets rebound", Some("rebound")),
            ("US and Japan decrease", Some("decrease")),
            // A move to a level: a direction and a level both.
            ("US-bound shipments slipped to 590 t", Some("slipped")),
            (
                "Magnet exports fell in September to 5,774 tonnes",
                Some("fell"),
            ),
            // Not a direction of trade: a possessive's noun, a particle alone, a change.
            ("Germany's share slips", None),
            ("Magnet exports fell 6.1% to 5,774 tonnes", None),
            ("Buyers stocked up", None),
            // A recovery told in the past, over no month said; with its month, a move.
            ("Exports recovered once licences were granted", None),
            ("Magnet exports recovered in June", Some("recovered")),
            // Against a month said; not from when it began.
            (
                "US-bound shipments recovered strongly from September",
                Some("recovered"),
            ),
            ("Deliveries recovered from June onwards", None),
            // A base's low is no record in the clause.
            (
                "Rare earth exports rose in October from September's low",
                Some("rose"),
            ),
            // After a verb of saying, the subject right after it.
            (
                "Traders said US shipments fell again in March",
                Some("fell"),
            ),
            ("Analysts said the June rebound reflects licences", None),
            // A policy easing is no move of trade (the surge is read, not the easing).
            (
                "China's gallium exports surge after ban eased",
                Some("surge"),
            ),
        ] {
            let (hit, toks) = first_hit(text, direction);
            assert_eq!(
                hit.map(|h| &text[toks[h.anchor].start..toks[h.anchor].end]),
                want,
                "{text}"
            );
        }
    }

    /// A market's move is no trade change: a share price, an index, a price per unit, a
    /// change over a week or a day, a ticker's cell.
    #[test]
    fn market_moves_are_not_trade_changes() {
        let changes = |text: &str| {
            crate::read(text, "2025-10-20".parse().ok())
                .claims
                .iter()
                .filter(|c| c.kind == Kind::ChangeMom)
                .count()
        };
        for text in [
            "Shares of magnet maker JL Mag Rare-Earth rose 3.4% in Shenzhen on Monday.",
            "KOSPI closed 2,481.07, up 0.42%.",
            "Price check: PrNd oxide CNY 562,000/t, +0.4% d/d.",
            "NdPr oxide: CNY 560,000/t (+1.8% w/w)",
            "Prices were quoted at 628,000 yuan ($88,300) a ton on Friday, up 2.5% on the week.",
            "TICKER: LME Copper 9,712.50 ▲0.4% | MP Materials +4.1% | Lynas -1.2% | Gold 3,341 ▼0.2%",
        ] {
            assert_eq!(changes(text), 0, "{text}");
        }
        // Trade beside the same words stays a change.
        for text in [
            "China's September rare earth exports slump 31% as buyers run down stock",
            "Magnet exports rose 10.2% in August | US: 590 t",
            "Total: 5,774 t | -6.1% m/m",
        ] {
            assert_eq!(changes(text), 1, "{text}");
        }
    }

    /// A level as a fraction or a multiple of a month's is a change from that month; a bound
    /// on the ratio bounds the change the right way.
    #[test]
    fn ratios_to_a_months_level() {
        let change = |text: &str| {
            claims_after("China's magnet exports, October 2025.", "2025-11-20", text)
                .into_iter()
                .find(|c| c.kind == Kind::ChangeMom)
                .map(|c| match c.claimed {
                    Claimed::Change { pct, qualifier, .. } => {
                        ((pct * 10.0).round() / 10.0, qualifier)
                    }
                    _ => unreachable!("a change claims a change"),
                })
        };
        for (text, pct, q) in [
            (
                "Exports to the US were down a third from September.",
                -33.3,
                Qualifier::About,
            ),
            (
                "China's magnet exports in May were less than half April's.",
                -50.0,
                Qualifier::MoreThan,
            ),
            (
                "Exports in May were more than half of April's.",
                -50.0,
                Qualifier::LessThan,
            ),
            (
                "Gallium exports in July were twice June's.",
                100.0,
                Qualifier::About,
            ),
            (
                "South Korea's intake in October was about two-thirds of September's.",
                -33.3,
                Qualifier::About,
            ),
            (
                "Shipments in June were half as much as in May.",
                -50.0,
                Qualifier::About,
            ),
            (
                "Exports were a quarter lower than in May.",
                -25.0,
                Qualifier::About,
            ),
        ] {
            assert_eq!(change(text), Some((pct, q)), "{text}");
        }
        // "twice" of something else, and a fall "by half" read by its own rule.
        assert_eq!(change("The truce had been extended twice."), None);
        assert_eq!(
            change("Exports fell by half in May."),
            Some((-50.0, Qualifier::About))
        );
    }

    /// Shares in a labelled list, after "taken", and of "the world total" (China's total to
    /// the world, not the world's output).
    #[test]
    fn shares_in_lists_and_of_the_world_total() {
        let shares = |text: &str| -> Vec<(String, f64)> {
            claims_after(
                "China's magnet exports, September 2025.",
                "2025-10-20",
                text,
            )
            .into_iter()
            .filter(|c| c.kind == Kind::Share)
            .map(|c| {
                let p = c
                    .subject
                    .partner
                    .map_or("-".to_string(), |p| p.code().to_string());
                match c.claimed {
                    Claimed::Share { pct, .. } => (p, pct),
                    _ => unreachable!("a share claims a share"),
                }
            })
            .collect()
        };
        assert_eq!(
            shares("Shares of the total: Germany 22.3%, Korea 14.8%, Vietnam 7.9%."),
            vec![
                ("DEU".to_string(), 22.3),
                ("KOR".to_string(), 14.8),
                ("VNM".to_string(), 7.9)
            ]
        );
        assert_eq!(
            shares("The US took about a tenth of the world total."),
            vec![("USA".to_string(), 10.0)]
        );
        assert_eq!(
            shares("Japan is estimated to have taken about 4%."),
            vec![("JPN".to_string(), 4.0)]
        );
        // The world's output is not China's trade; a list of changes is no list of shares.
        assert!(shares("China produces about 90% of the world supply of magnets.").is_empty());
        assert!(shares("Changes: Germany 22.3%, Korea 14.8%.").is_empty());
    }

    /// A run that a verb ends is the run before, however it is counted.
    #[test]
    fn runs_that_end() {
        for text in [
            "Exports rose in October, snapping three straight monthly declines.",
            "Exports rose in October, ending three months of declines.",
        ] {
            let streaks: Vec<(u32, bool)> = claims_after(
                "China's rare earth exports, October 2025.",
                "2025-11-20",
                text,
            )
            .into_iter()
            .filter_map(|c| match c.claimed {
                Claimed::Months { n, prior, .. } if c.kind == Kind::Streak => Some((n, prior)),
                _ => None,
            })
            .collect();
            assert_eq!(streaks, vec![(3, true)], "{text}");
        }
    }

    /// The kind and percent of each share or change read after a September lead.
    fn percents(text: &str) -> Vec<(Kind, f64)> {
        claims_after(
            "China's magnet exports, September 2025.",
            "2025-10-20",
            text,
        )
        .into_iter()
        .filter_map(|c| match c.claimed {
            Claimed::Share { pct, .. } | Claimed::Change { pct, .. } => Some((c.kind, pct)),
            _ => None,
        })
        .collect()
    }

    /// A share that moved to a figure is that share, not a change; "one in five" is a part.
    #[test]
    fn a_share_reached_and_one_in_n() {
        assert_eq!(
            percents("Germany's share of shipments rose to 22.3%."),
            vec![(Kind::Share, 22.3)]
        );
        assert_eq!(
            percents("Germany's slice of exports rose to 22.3%."),
            vec![(Kind::Share, 22.3)]
        );
        assert_eq!(
            percents("Roughly one in five tonnes went to Germany."),
            vec![(Kind::Share, 20.0)]
        );
        // A change of the amount, not of a share.
        assert_eq!(
            percents("Germany's shipments rose 22.3% to 1,288 tonnes."),
            vec![(Kind::ChangeMom, 22.3)]
        );
    }

    /// A move in other words: "shed", and an amount after a comma ("rose for a second month,
    /// by 1.2%").
    #[test]
    fn moves_with_their_amount_apart() {
        for (text, want) in [
            ("Exports shed 6.1% in September.", -6.1),
            ("Shipments to Japan rose for a second month, by 1.2%.", 1.2),
            ("Shipments to Japan fell for a second month, by 1.2%.", -1.2),
        ] {
            assert_eq!(percents(text), vec![(Kind::ChangeMom, want)], "{text}");
        }
    }

    /// A place among buyers in few words: "the first customer", "US now only 4th", and a top
    /// N with no noun when the list before it has N partners. Not "the first buyer to …".
    #[test]
    fn places_among_buyers_in_few_words() {
        let ranks = |text: &str| -> Vec<u32> {
            claims_after("China's magnet exports, October 2025.", "2025-11-20", text)
                .into_iter()
                .filter_map(|c| match c.claimed {
                    Claimed::Rank { rank, .. } if c.kind == Kind::Rank => Some(rank),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            ranks("Germany remained the first customer with 1,118 t."),
            vec![1]
        );
        assert_eq!(ranks("US now only 4th among the ones we track."), vec![4]);
        assert_eq!(
            ranks("Germany, Korea and the US were the top three in October."),
            vec![3]
        );
        assert!(ranks("Germany was the first buyer to receive a general licence.").is_empty());
        assert!(ranks("Germany and Korea were among the top three in October.").is_empty());
        // A place with an adverb or "only to"; the largest share; the largest of a clause
        // "made it" or "by far" points back over.
        assert_eq!(ranks("Korea was probably second in October."), vec![2]);
        assert_eq!(
            ranks("Japan received 352 kilograms in October, second only to Germany's 392."),
            vec![2]
        );
        assert_eq!(
            ranks(
                "Korea received 8,830 tonnes, roughly 72% of everything China shipped and by far the largest national share."
            ),
            vec![1]
        );
        assert_eq!(
            ranks(
                "In October, Germany took five tonnes, more than half of the nine tonnes China exported, which made it the largest buyer by a distance."
            ),
            vec![1]
        );
    }

    /// A run that began in a month and is said to be done is the run before the current one;
    /// one still going is the current run.
    #[test]
    fn a_run_said_to_be_over_is_the_prior_one() {
        let turns = |text: &str| -> Vec<bool> {
            claims_after(
                "China's magnet exports to the US, September 2025.",
                "2025-10-20",
                text,
            )
            .into_iter()
            .filter_map(|c| match c.claimed {
                Claimed::Since { prior, .. } if c.kind == Kind::TurningPoint => Some(prior),
                _ => None,
            })
            .collect()
        };
        for text in [
            "The US rebound that began in June is officially over.",
            "The recovery that began in June has ended.",
            "The rally that began in June came to an end in September.",
            "Exports fell in September, reversing a rebound that began in June.",
        ] {
            assert_eq!(turns(text), vec![true], "{text}");
        }
        assert_eq!(
            turns("The decline that began in August continued in September."),
            vec![false]
        );
    }

    /// A question claims nothing it does not state with a figure.
    #[test]
    fn questions_claim_only_their_figures() {
        let kinds = |text: &str| -> Vec<&'static str> {
            claims_after("China's magnet exports, October 2025.", "2025-11-20", text)
                .iter()
                .map(|c| c.kind.as_str())
                .collect()
        };
        assert!(kinds("Q: Did exports collapse after October 9?").is_empty());
        assert!(kinds("Is Germany still the largest buyer?").is_empty());
        assert_eq!(
            kinds("Did exports really fall 90% in April?"),
            vec!["change_mom"]
        );
        assert_eq!(
            kinds("Exports collapsed after October 9."),
            vec!["direction"]
        );
    }

    /// A country's place said in few words: "with Korea second", "Germany still first",
    /// "Germany leads", "the most important customer". Not an ordinal of months.
    #[test]
    fn places_in_few_words() {
        let ranks = |text: &str| -> Vec<(String, u32)> {
            claims_after("China's magnet exports, December 2025.", "2026-01-20", text)
                .into_iter()
                .filter_map(|c| match c.claimed {
                    Claimed::Rank { rank, partners, .. } => Some((partners.join(","), rank)),
                    _ => None,
                })
                .collect()
        };
        let one = |p: &str, r: u32| vec![(p.to_string(), r)];
        assert_eq!(
            ranks("Germany took 1,106 tonnes in December, with Korea second."),
            one("KOR", 2)
        );
        assert_eq!(
            ranks("Germany still first, South Korea second."),
            vec![("DEU".to_string(), 1), ("KOR".to_string(), 2)]
        );
        assert_eq!(ranks("Germany leads, with 1,288 t."), one("DEU", 1));
        assert_eq!(
            ranks("Germany remains the most important customer."),
            one("DEU", 1)
        );
        // Ordinals of other things.
        assert!(ranks("Exports to Germany fell for a second straight month.").is_empty());
        assert!(ranks("China's second shipment to Germany left in May.").is_empty());
        assert!(ranks("Germany leads the push for recycling quotas in Brussels.").is_empty());
    }

    /// A policy act's date is the claim, each read with its own words; the day figures or a
    /// page came out is not.
    #[test]
    fn acts_on_a_day() {
        let events = |text: &str| -> Vec<String> {
            crate::read(text, "2025-11-20".parse().ok())
                .claims
                .iter()
                .filter(|c| c.kind == Kind::EventTiming)
                .map(|c| text[c.start..c.end].to_string())
                .collect()
        };
        for (text, within) in [
            ("Context: MOFCOM's Oct 9 announcements came first.", "Oct 9"),
            ("The Busan summit on Oct 30 ended the standoff.", "Oct 30"),
            ("The Stockholm round wrapped Jul 29 too.", "Jul 29"),
            // A timeline's lines, in the present tense.
            (
                "3 Dec 2024 — Beijing bans gallium exports to the US.",
                "3 Dec 2024",
            ),
            ("30 Oct 2025 — Trump and Xi meet in Busan.", "30 Oct 2025"),
            (
                "Traders blamed MOFCOM's May 9 crackdown on smuggling.",
                "May 9",
            ),
            (
                "On April 4, the commerce ministry put seven medium and heavy rare earths, and \
                 magnets containing them, under export licensing.",
                "April 4",
            ),
            // The policy word's claim covers the date before it.
            (
                "On Dec. 3 Beijing went further and banned sales of antimony to the United States.",
                "Dec. 3",
            ),
            (
                "The data cover the month in which Presidents Donald Trump and Xi Jinping met in \
                 Busan on Oct. 30 and agreed a one-year truce.",
                "Oct. 30",
            ),
        ] {
            let got = events(text);
            assert!(got.iter().any(|e| e.contains(within)), "{text}: {got:?}");
        }
        for text in [
            "China's customs agency said on Nov. 20 that magnet exports fell 8%.",
            "This notice was appended on 22 January 2026 at 09:15 GMT.",
        ] {
            assert!(events(text).is_empty(), "{text}: {:?}", events(text));
        }
    }

    /// What is not a trade claim: an undated "after …", a price, a share of world output.
    #[test]
    fn not_trade_claims() {
        for text in [
            "Licences were flowing after the London framework.",
            "A subscription costs $9.99 a month, rare earth exports aside.",
            "Antimony exports worth $65,900 were quoted.",
            "China produces about 98% of the world's primary gallium.",
            "China accounts for close to half of global mine output of antimony.",
            "Our base case assumes magnet exports of 54-56 kt next year.",
            "We keep our 2025 magnet export forecast at 56,000–59,000 t.",
            "My guess: Nov magnet exports top 6,000t.",
            "I model 2026 magnet exports at 60-62 kt and rare earth exports at 66 kt.",
            "Street had March magnet exports at ~5.5kt; modest miss.",
            "A typical EV traction motor uses 1-2 kg of NdFeB magnets.",
            "Net sales of $612.4 million, down 4% from the prior-year quarter.",
            "Full-year guidance maintained: net sales of $2.45 billion to $2.55 billion.",
        ] {
            let article = crate::read(text, "2025-10-20".parse().ok());
            assert!(article.claims.is_empty(), "{text}: {:?}", article.claims);
        }
        // A value named as such is trade's; a market's value is not.
        assert!(
            !crate::read(
                "The company's market value was $2.4 billion.",
                "2025-12-20".parse().ok()
            )
            .claims
            .iter()
            .any(|c| c.kind == Kind::Level)
        );
        assert!(
            crate::read("FY24 value $488.8m.", "2025-12-20".parse().ok())
                .claims
                .iter()
                .any(|c| c.kind == Kind::Level || c.kind == Kind::YtdTotal)
        );
        // The same forms with what makes them claims.
        for text in [
            "Exports were 5,774 tonnes in September, after the October 9 controls.",
            "Rare earth magnet exports were worth $301.8 million in November.",
            "Germany took 38% of China's magnet exports in July.",
        ] {
            assert!(
                !crate::read(text, "2025-12-20".parse().ok())
                    .claims
                    .is_empty(),
                "{text}"
            );
        }
    }

    /// Records said as comparisons, with long nouns, as levels "not seen since", for the
    /// year, and since records began: each with its way and its reach.
    #[test]
    fn records_in_other_words() {
        let record = |text: &str| {
            claims_after(
                "China's rare-earth magnet exports in November 2025.",
                "2025-12-20",
                text,
            )
            .into_iter()
            .find(|c| c.kind == Kind::Record)
            .map(|c| match c.claimed {
                Claimed::Record {
                    high,
                    since,
                    months,
                    ..
                } => (high, since.map(|m| m.to_string()), months),
                _ => unreachable!("a record claim claims a record"),
            })
        };
        let since = |high: bool, m: &str| Some((high, Some(m.to_string()), None));
        for (text, want) in [
            (
                "Volumes were higher than in any month since July.",
                since(true, "2025-07"),
            ),
            (
                "The figure topped every month since April.",
                since(true, "2025-04"),
            ),
            (
                "It was the largest amount shipped in a single month since June.",
                since(true, "2025-06"),
            ),
            (
                "Shipments climbed to a level not seen since February.",
                since(true, "2025-02"),
            ),
            (
                "Exports slumped to levels last seen in March.",
                since(false, "2025-03"),
            ),
            (
                "Shipments to Germany were the smallest in five months.",
                Some((false, None, Some(5))),
            ),
            (
                "Exports were at their lowest since records began.",
                Some((false, None, None)),
            ),
            (
                "Exports hit a record in November.",
                Some((true, None, None)),
            ),
            (
                "Overall exports set a fresh record.",
                Some((true, None, None)),
            ),
            (
                "Shipments reached an all-time high.",
                Some((true, None, None)),
            ),
            (
                "Exports to Japan slid to a record low.",
                Some((false, None, None)),
            ),
            ("Exports have never been higher.", Some((true, None, None))),
            (
                "Exports were the most ever in a single month.",
                Some((true, None, None)),
            ),
            (
                "Japan took the fewest magnets since April.",
                since(false, "2025-04"),
            ),
            // "a record" as an adjective, in apposition, after "set a monthly", described.
            (
                "India took a record 418 tonnes in July.",
                Some((true, None, None)),
            ),
            (
                "Shipments to India reached 418 t in July, a record, after 172 t in June.",
                Some((true, None, None)),
            ),
            (
                "January 2025 set a monthly record of 6,357 tonnes.",
                Some((true, None, None)),
            ),
            (
                "January remains the peak, which suppliers describe as an all-time record.",
                Some((true, None, None)),
            ),
            (
                "Exports slid 22% in June from record May.",
                Some((true, None, None)),
            ),
            (
                "In November, 5,493.9 t, maximum since June.",
                since(true, "2025-06"),
            ),
        ] {
            assert_eq!(record(text), want, "{text}");
        }
        // Not a record kept.
        assert_eq!(
            record("Trade statistics are now a policy instrument as much as a record."),
            None
        );
        // For the year: the months of this year before the story's.
        for text in [
            "November was the lowest month of the year.",
            "November was the strongest month of the year so far.",
            "Exports to Japan were the highest for Japan so far this year.",
            "Exports were the highest for any month this year.",
            "Shipments fell to a new low for the year.",
            "Magnet exports in November were the highest monthly total this year.",
            "Exports fell to 5,000 tonnes, the weakest reading since the start of the year.",
            "It was the weakest month since the start of the year.",
            "Best month for US buyers this year.",
            "Exports to Japan rose to 305 tonnes, the biggest monthly total for Japan this year.",
        ] {
            assert_eq!(record(text).and_then(|r| r.2), Some(10), "{text}");
        }
        // A month called a record: a record high.
        for text in [
            "A record month for German buyers.",
            "Industry sources describe July as a record month.",
            "Shipments remain well below May, a record month.",
        ] {
            assert_eq!(record(text), Some((true, None, None)), "{text}");
        }
        assert_eq!(record("Exports set records in several months."), None);
        // Translated word order: "since" first, a new high over years, the whole year's.
        for (text, want) in [
            (
                "October export volume 4,343.5 ton, is since June lowest.",
                since(false, "2025-06"),
            ),
            (
                "Export amount create 11 years new high.",
                Some((true, None, Some(132))),
            ),
            ("The highest since last November.", since(true, "2024-11")),
            (
                "Exports rose to the highest level in over a year.",
                Some((true, None, Some(12))),
            ),
            (
                "Gallium exports had their best month in well over a year.",
                Some((true, None, Some(12))),
            ),
            (
                "That was the lowest since the series began in 2015.",
                Some((false, None, None)),
            ),
            (
                "It was the strongest showing in a year and a half.",
                Some((true, None, Some(18))),
            ),
        ] {
            assert_eq!(record(text), want, "{text}");
        }
        assert_eq!(
            record("November export quantity is since year beginning the highest.")
                .and_then(|r| r.2),
            Some(10)
        );
        assert_eq!(record("Exports have recovered since the May trough."), None);
        // A record of something else, or no record at all.
        for text in [
            "Exports reached levels of about 6,000 tonnes.",
            "The ministry keeps a record of every licence.",
        ] {
            assert_eq!(record(text), None, "{text}");
        }
    }

    /// Records said with other superlatives and reaches, and year-on-year changes said
    /// in other words.
    #[test]
    fn more_ways_to_say_a_record_or_a_yoy_change() {
        let kinds = |text: &str| -> Vec<&'static str> {
            crate::read(text, "2025-12-20".parse().ok())
                .claims
                .iter()
                .map(|c| c.kind.as_str())
                .collect()
        };
        for text in [
            "Magnet exports fell to 5,473 tonnes in October, the least since June.",
            "Magnet exports rose to 6,150 tonnes in November, the most since August.",
            "Magnet exports rose to 6,150 tonnes, the biggest monthly volume since August.",
            "Rare earth exports hit a decade high of 7,742 tonnes in June.",
            "Magnet exports fell to 1,238 tonnes, the lowest level in about five years.",
            "Magnet exports hit 6,150 tonnes in November, the year's high point.",
            "Magnet exports fell to 5,473 tonnes in October, the lowest in at least a year.",
            "Japan took 305 tonnes in November, a 2025 high.",
            "Magnet exports fell to 4,725 tonnes in October, the low point of 2024.",
            "US-bound magnet shipments in May were the smallest on record.",
        ] {
            assert!(kinds(text).contains(&"record"), "{text}: {:?}", kinds(text));
        }
        // A year's peak named in passing is not a record either.
        assert!(
            !kinds("Magnet exports were 5,473 tonnes, well below the 2024 peak.")
                .contains(&"record")
        );
        // A rank is not a record.
        assert!(
            !kinds("Germany was the largest buyer since June, taking 1,106 tonnes.")
                .contains(&"record")
        );
        // A cue in the change's own words beats one beside it.
        let r = crate::read(
            "Magnet exports were down 5.2% from the month before, but 15.8% higher than a \
             year earlier.",
            "2025-11-20".parse().ok(),
        );
        let got: Vec<&str> = r.claims.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(got, vec!["change_mom", "change_yoy"]);
        for text in [
            "Magnet exports rose 17.5% versus last September.",
            "Magnet exports were 17.5% higher than in the same month of 2024.",
            "Magnet exports rose 17.5% in annual terms.",
            "Magnet exports rose 17.5% y-o-y.",
        ] {
            assert_eq!(kinds(text), vec!["change_yoy"], "{text}");
        }
    }

    /// Records reaching back further than a run can, in halves of years and decades; y/y
    /// changes whose cue opens with a number, names the corresponding month or is fronted
    /// before a comma.
    #[test]
    fn long_records_and_yoy_cues_in_more_places() {
        let read = |text: &str| crate::read(text, "2025-10-20".parse().ok()).claims;
        for (text, months) in [
            (
                "Rare-earth magnet exports hit a 62-month low in April 2025.",
                62,
            ),
            (
                "Magnet exports in April 2025 were the lowest in half a decade.",
                60,
            ),
            (
                "Magnet exports in July 2025 were the highest in half a year.",
                6,
            ),
        ] {
            let claims = read(text);
            let rec = claims.iter().find(|c| c.kind == Kind::Record);
            assert!(
                rec.is_some_and(
                    |c| matches!(c.claimed, Claimed::Record { months: Some(m), .. } if m == months)
                ),
                "{text}: {claims:?}"
            );
        }
        for text in [
            "Magnet exports in September 2025 fell 3.8% from 12 months earlier.",
            "Magnet exports in September 2025 recorded a 3.8 per cent drop over the \
             corresponding month of 2024.",
            "Magnet exports in September 2025 posted a 3.8% annual decline.",
            "Year on year, magnet exports in September 2025 fell 3.8%.",
            "From a year ago, magnet exports in September 2025 were off 3.8%.",
        ] {
            let kinds: Vec<Kind> = read(text).iter().map(|c| c.kind).collect();
            assert_eq!(kinds, [Kind::ChangeYoy], "{text}");
        }
        // A comparison fronted before the comma is the sentence's, the month's cue its own.
        let kinds: Vec<Kind> = read("Month on month, magnet exports in September 2025 fell 6.1%.")
            .iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(kinds, [Kind::ChangeMom]);
    }

    /// Where a commodity comes from when no figure's sentence names it: an element's symbol
    /// as written ("Dy", not "dy"); the first commodity the text names at all ("customs
    /// tables are out, magnets in"); the only one an article names, even after its table.
    #[test]
    fn commodities_named_in_passing_symbols_and_after_a_table() {
        let basket = |text: &str, fig: &str| {
            crate::read(text, "2025-09-20".parse().ok())
                .claims
                .iter()
                .find(|c| c.start < c.end && text[c.start..c.end].contains(fig))
                .and_then(|c| c.subject.basket.clone())
        };
        assert_eq!(
            basket("Heavies: Dy ~16.7t in Aug, Tb 5.5t.", "16.7").as_deref(),
            Some("dysprosium")
        );
        assert_eq!(
            basket("Heavies: Dy ~16.7t in Aug, Tb 5.5t.", "5.5").as_deref(),
            Some("terbium")
        );
        assert_eq!(basket("dy 16.7t in Aug.", "16.7"), None);
        let chat = "[09:02] priya: customs tables are out, magnets in\n\
                    [09:03] priya: headline: 6,146 t in Aug";
        assert_eq!(basket(chat, "6,146").as_deref(), Some("rare-earth-magnets"));
        let table = "Month | Exports (t)\n\
                     Jul-25 | 5,994.3\n\
                     Aug-25 | 5,792\n\n\
                     Notes: the headline rare earths line, exports, tonnes.";
        let r = crate::read(table, "2025-09-20".parse().ok());
        let c = r
            .claims
            .iter()
            .find(|c| table[c.start..c.end].contains("5,792"));
        assert!(
            c.is_some_and(|c| c.subject.basket.as_deref() == Some("rare-earths")
                && c.notes.iter().any(|n| n.contains("only one it names"))),
            "{:?}",
            r.claims
        );
    }

    /// Changes as translated French and Russian name them: nouns of rise and fall ("a
    /// progression of 113 %", "a diminution of 66 %", "in recoil of 27 % on one year") and
    /// comparatives ("inferior by 57 %").
    #[test]
    fn translated_nouns_of_change() {
        for (text, pct, kind) in [
            (
                "In December 2024 antimony exports rose to 1 721 tonnes, a progression of 113 % \
                 relative to November.",
                113.0,
                Kind::ChangeMom,
            ),
            (
                "In August 2024 antimony exports reached 423 tonnes, in recoil of 27 % on one \
                 year.",
                -27.0,
                Kind::ChangeYoy,
            ),
            (
                "In December 2024 antimony exports were inferior by 57 % to December 2023.",
                -57.0,
                Kind::ChangeYoy,
            ),
            (
                "In August 2024 antimony exports reached 423 tonnes, a diminution of 66 % from \
                 July.",
                -66.0,
                Kind::ChangeMom,
            ),
        ] {
            let r = crate::read(text, "2025-02-01".parse().ok());
            assert!(
                r.claims.iter().any(|c| c.kind == kind
                    && matches!(c.claimed, Claimed::Change { pct: p, .. } if p == pct)),
                "{text}: {:?}",
                r.claims
            );
        }
    }

    /// Spans from January with their year ("the first half of 2025", "first-quarter 2026",
    /// "for nine months of 2025"); a year the sentence sets out in for its bare months; a
    /// bound said with a fraction ("rose by more than half", "no more than a tenth"); a
    /// number in words that opens with "ten thousand".
    #[test]
    fn spans_with_their_year_sentence_years_bounds_and_ten_thousand() {
        let one = |text: &str| {
            let r = crate::read(text, "2026-02-10".parse().ok());
            assert_eq!(r.claims.len(), 1, "{text}: {:?}", r.claims);
            r.claims[0].clone()
        };
        let period = |text: &str| one(text).subject.period.map(|p| p.to_string());
        assert_eq!(
            period("Magnet exports in the first half of 2025 amounted to 22,319 tonnes.")
                .as_deref(),
            Some("2025-01..06")
        );
        assert_eq!(
            period("First-quarter 2026 magnet exports were 16,001 t.").as_deref(),
            Some("2026-01..03")
        );
        assert_eq!(
            period("For nine months of 2025 magnet export composed 44,000 ton.").as_deref(),
            Some("2025-01..09")
        );
        // The last months of a year are not its first.
        assert_ne!(
            period("Magnet exports in the last three months of 2025 were 17,000 t.").as_deref(),
            Some("2025-01..03")
        );
        let r = crate::read(
            "Monthly magnet exports in 2024 ranged from a low of 3,326 tonnes in February to \
             5,325 tonnes in August.",
            "2026-02-10".parse().ok(),
        );
        let periods: Vec<String> = r.claims.iter().filter_map(period_of).collect();
        assert_eq!(periods, ["2024-02", "2024-08"]);
        // "for 2024" is a figure's year, not the sentence's.
        let r = crate::read(
            "An earlier tally of 69,440 kg of germanium for 2024 was superseded; December \
             alone brought 10,809 kg.",
            "2026-01-25".parse().ok(),
        );
        assert!(
            r.claims
                .iter()
                .any(|c| period_of(c).as_deref() == Some("2025-12")),
            "{:?}",
            r.claims
        );
        let c = one("US magnet imports from China in June 2025 were plus 660 percent on May.");
        assert!(matches!(c.claimed, Claimed::Change { pct, .. } if pct == 660.0));
        let c = one("Magnet exports to the United States rose by more than half in October 2025.");
        assert!(matches!(
            c.claimed,
            Claimed::Change { pct, qualifier: Qualifier::MoreThan, .. } if pct == 50.0
        ));
        let c = one("US buyers took no more than a tenth of magnet exports in November 2025.");
        assert!(
            matches!(
                c.claimed,
                Claimed::Share {
                    qualifier: Qualifier::LessThan,
                    ..
                }
            ),
            "{c:?}"
        );
        let c = one(
            "Magnet exports were ten thousand seven hundred and sixty-three tonnes in \
                     January 2026.",
        );
        assert!(matches!(c.claimed, Claimed::Level { value, .. } if value == 10763.0));
    }

    /// A sentence set in the year before the article: "Last year, …", "In the past year
    /// China exported …", "… in the past year exported a total of 62,600 t".
    #[test]
    fn a_sentence_set_in_the_past_year() {
        for text in [
            "Last year, China exported 57,392 t of magnets.",
            "Last year China shipped 57,392 tonnes of magnets in total.",
            "In the past year China exported a total of around 62,600 t of rare earths.",
            "China, according to customs, in the past year exported a total of 62,600 t of \
             rare earths.",
        ] {
            let r = crate::read(text, "2026-01-22".parse().ok());
            let periods: Vec<String> = r.claims.iter().filter_map(period_of).collect();
            assert_eq!(periods, ["2025-01..12"], "{text}");
        }
    }

    /// A destination between a line's lead-in label and the figure is the figure's: "Europe
    /// remains the swing customer: the EU took some 2,570 tonnes last month".
    #[test]
    fn a_destination_after_the_label_is_the_figures() {
        let r = crate::read(
            "Magnet exports, November 2025.\n\nEurope remains the swing customer: the EU took \
             some 2,570 tonnes last month.\n\nUS: 582 t",
            "2025-12-20".parse().ok(),
        );
        let partners: Vec<String> = r
            .claims
            .iter()
            .filter_map(|c| c.subject.partner.as_ref().map(|p| p.code().to_string()))
            .collect();
        assert_eq!(partners, ["EUN", "USA"]);
    }

    /// A change against a month with its year that the month read is neither a month nor a
    /// year after ("after June's spike … still 22.6% above August 2024") is the story's
    /// month's, when that one is.
    #[test]
    fn a_base_with_its_year_places_the_change_in_the_storys_month() {
        let r = crate::read(
            "Rare earth exports fell to 5,792 t in August 2025.\n\nThat was the second \
             decline after June's spike, although they were still 22.6% above August 2024.",
            "2025-09-20".parse().ok(),
        );
        let c = r
            .claims
            .iter()
            .find(|c| matches!(c.claimed, Claimed::Change { pct, .. } if pct == 22.6))
            .unwrap();
        assert_eq!(c.kind, Kind::ChangeYoy);
        assert_eq!(period_of(c).as_deref(), Some("2025-08"));
        // Or the last month the sentence before named, a look back the story did not follow.
        let r = crate::read(
            "China exported 107 tonnes of antimony in June 2025.\n\nBefore the rules bit, in \
             August 2024, antimony metal exports climbed 58.4% to 423 tonnes. Metal shipments \
             were still 26.8% below August 2023.",
            "2025-07-20".parse().ok(),
        );
        let c = r
            .claims
            .iter()
            .find(|c| matches!(c.claimed, Claimed::Change { pct, .. } if pct == -26.8))
            .unwrap();
        assert_eq!(c.kind, Kind::ChangeYoy);
        assert_eq!(period_of(c).as_deref(), Some("2024-08"));
    }

    /// A sentence that points back ("At that time …", "That month, …") with no period of its
    /// own is in the last month the sentence before named, though the story's is later.
    #[test]
    fn at_that_time_is_the_period_named_before() {
        let r = crate::read(
            "Magnet exports to Korea were 815 t in December 2025.\n\nLooking back, in September \
             the export to Korea was 854 tons, and in October it was 569 tons, decreasing 33.4% \
             than September. At that time Korea was the second largest export destination \
             after Germany.",
            "2026-01-21".parse().ok(),
        );
        let rank = r.claims.iter().find(|c| c.kind == Kind::Rank).unwrap();
        assert_eq!(period_of(rank).as_deref(), Some("2025-10"));
    }

    /// A change a few words past the comma after a level is that level's ("62.6 thousand
    /// tonnes, representing an increase of 13% y-o-y"); not after a base's level ("a retreat
    /// from August's 5,325 tonnes, a fall of 7.7%" stays the story's month's).
    #[test]
    fn a_change_after_a_level_and_a_few_words() {
        let period = |text: &str, published: &str| {
            crate::read(text, published.parse().ok())
                .claims
                .iter()
                .find(|c| matches!(c.claimed, Claimed::Change { .. }))
                .and_then(period_of)
        };
        assert_eq!(
            period(
                "Rare earth exports fell in December 2025.\n\nIn 2025 rare earth exports \
                 amounted to 62.6 thousand tonnes, representing an increase of 13% y-o-y.",
                "2026-01-20"
            )
            .as_deref(),
            Some("2025-01..12")
        );
        assert_eq!(
            period(
                "Magnet exports, September 2024.\n\nSeptember's 4,915 tonnes of magnet \
                 exports marked a retreat from August's 5,325 tonnes, a fall of 7.7%.",
                "2024-10-20"
            )
            .as_deref(),
            Some("2024-09")
        );
    }

    /// A destination named in another clause joined by "as" or "while" is not the figure's:
    /// "magnet exports slip 5.2% as US shipments jump" is the world's change.
    #[test]
    fn a_destination_of_another_clause_joined_by_as() {
        let r = crate::read(
            "China's rare earth magnet exports slip 5.2% in October as US shipments jump",
            "2025-11-20".parse().ok(),
        );
        let c = r
            .claims
            .iter()
            .find(|c| matches!(c.claimed, Claimed::Change { .. }))
            .unwrap();
        assert_eq!(c.subject.partner, Some(Partner::World), "{c:?}");
    }

    /// An edition's month ("Monthly review — February 2025 edition") is when the page
    /// appeared, not what it reports on: December is the title year's.
    #[test]
    fn an_editions_month_is_not_the_storys() {
        let r = crate::read(
            "CHINA'S 2024 EXPORT SCORECARD\nMonthly review — February 2025 edition\n\n\
             Antimony exports slumped in the autumn. December recovered to 1,721 t.",
            "2025-02-12".parse().ok(),
        );
        let c = r.claims.iter().find(|c| c.kind == Kind::Level).unwrap();
        assert_eq!(period_of(c).as_deref(), Some("2024-12"));
    }

    /// A change "between April and May 2025" is from the first month to the second, of the
    /// second (the two are no span).
    #[test]
    fn a_change_between_two_months() {
        let r = crate::read(
            "Magnet exports fell by about 53% between April and May 2025.",
            "2025-06-20".parse().ok(),
        );
        assert_eq!(r.claims[0].kind, Kind::ChangeMom);
        assert_eq!(period_of(&r.claims[0]).as_deref(), Some("2025-05"));
    }

    /// A value right after a quantity with no time of its own is the value of those tonnes,
    /// over their period: "Magnet exports in 2024 reached a record 58,152 t, valued at $2.86
    /// billion".
    #[test]
    fn a_value_after_a_quantity_shares_its_period() {
        let r = crate::read(
            "Magnet exports in 2024 reached a record 58,152 t, valued at $2.86 billion.",
            "2025-01-25".parse().ok(),
        );
        let periods: Vec<String> = r
            .claims
            .iter()
            .filter(|c| matches!(c.claimed, Claimed::Level { .. }))
            .filter_map(period_of)
            .collect();
        assert_eq!(periods, ["2024-01..12", "2024-01..12"]);
        // "a record 58,152 t" claims a record too.
        assert!(r.claims.iter().any(|c| c.kind == Kind::Record));
    }

    /// A change against "the same period", in a sentence naming no period, is of the span
    /// the sentence before named.
    #[test]
    fn the_same_period_is_the_span_named_before() {
        let r = crate::read(
            "Rare earth exports fell in August 2025.\n\nIn the first eight months of the year, \
             rare earth exports reached 44,355 tons. SMM estimated that was about 13% more than \
             in the same period of 2024.",
            "2025-09-20".parse().ok(),
        );
        let c = r
            .claims
            .iter()
            .find(|c| matches!(c.claimed, Claimed::Change { .. }))
            .unwrap();
        assert_eq!(c.kind, Kind::YtdChange);
        assert_eq!(period_of(c).as_deref(), Some("2025-01..08"));
    }

    /// A table's column of running totals ("YTD (t)"): each row's figure is the total from
    /// January to the row's month; the plain column beside it stays the month's.
    #[test]
    fn a_column_of_running_totals() {
        let text = "Rare earth exports\n\nMonth | Exports (t) | YTD (t)\n--|--|--\n\
                    Mar-25 | 5,666.3 | 14,180\nApr-25 | 4,784.8 | 18,962.1\n";
        let r = crate::read(text, "2025-06-01".parse().ok());
        let got: Vec<(&str, String)> = r
            .claims
            .iter()
            .map(|c| (&text[c.start..c.end], period_of(c).unwrap_or_default()))
            .collect();
        assert_eq!(
            got,
            [
                ("5,666.3", "2025-03".to_string()),
                ("14,180", "2025-01..03".to_string()),
                ("4,784.8", "2025-04".to_string()),
                ("18,962.1", "2025-01..04".to_string()),
            ]
        );
        assert_eq!(r.claims[1].kind, Kind::YtdTotal);
    }

    /// An event's date is the one it happened on, not the one it runs until; a date in the
    /// future tense is ahead of the story.
    #[test]
    fn an_events_date_not_its_end() {
        let date = |text: &str, published: &str| {
            crate::read(text, published.parse().ok())
                .claims
                .iter()
                .find_map(|c| match &c.claimed {
                    Claimed::Event(e) => e.date,
                    _ => None,
                })
                .map(|d| d.to_string())
        };
        assert_eq!(
            date(
                "Gallium exports stayed at zero. On November 9, Beijing suspended the US ban \
                 until November 27, 2026.",
                "2025-12-20"
            ),
            Some("2025-11-09".to_string())
        );
        assert_eq!(
            date(
                "Rare earth exports fell in October; Beijing said graphite would require \
                 permits from Dec. 1.",
                "2023-11-07"
            ),
            Some("2023-12-01".to_string())
        );
    }

    /// A by-the-numbers list: a line opens with its figure and says after a colon what it
    /// counts ("5,774: tonnes of …") or how it moved ("6.1%: the month-on-month dip …").
    /// Machine translation's "first trimester" is the first quarter, "translation from
    /// Portuguese" names a language, and "in the first two months" is a span.
    #[test]
    fn by_the_numbers_lines_trimesters_and_translation_notes() {
        let read = |text: &str, published: &str| {
            crate::read(text, published.parse().ok())
                .claims
                .into_iter()
                .map(|c| {
                    (
                        c.kind.as_str(),
                        c.subject.partner.as_ref().map(|p| p.code().to_string()),
                        period_of(&c),
                        match c.claimed {
                            Claimed::Level { value, .. } => value,
                            Claimed::Change { pct, .. } => pct,
                            _ => f64::NAN,
                        },
                    )
                })
                .collect::<Vec<_>>()
        };
        let got = read(
            "BY THE NUMBERS: China's September rare earth magnet exports\n\n5,774: tonnes of \
             rare earth magnets China exported in September.\n\n6.1%: the month-on-month dip \
             from August's level.\n\n420.5: tonnes shipped to the United States in September.",
            "2025-10-22",
        );
        let want = [
            ("level", "WLD", "2025-09", 5774.0),
            ("change_mom", "WLD", "2025-09", -6.1),
            ("level", "USA", "2025-09", 420.5),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(
                (g.0, g.1.as_deref(), g.2.as_deref(), g.3),
                (w.0, Some(w.1), Some(w.2), w.3),
                "{got:?}"
            );
        }
        let got = read(
            "[Automatic translation from Portuguese (Brazil)]\n\nChina exports 16.001 tons of \
             magnets of rare earths in the first trimester\n\nThe United States received 406 \
             tons in March and 994 tons in the first two months, 8,2% less.",
            "2026-04-21",
        );
        assert_eq!(got[0].1.as_deref(), Some("WLD"), "{got:?}");
        assert_eq!(got[0].2.as_deref(), Some("2026-01..03"), "{got:?}");
        assert_eq!(got[0].3, 16_001.0, "{got:?}");
        assert_eq!(got[2].2.as_deref(), Some("2026-01..02"), "{got:?}");
    }

    /// A change's time in its own words ("rose 7.3% in 2023 from a year earlier") is the
    /// whole year's; a change right after a level with no time of its own ("38,632 tonnes of
    /// antimony products, down 24.1% on the year") is that level's.
    #[test]
    fn a_changes_year_in_its_words_or_from_the_level_before_it() {
        let changes = |text: &str, published: &str| {
            crate::read(text, published.parse().ok())
                .claims
                .into_iter()
                .filter(|c| matches!(c.claimed, Claimed::Change { .. }))
                .map(|c| (c.kind.as_str(), period_of(&c)))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            changes(
                "China's rare earth exports rose 7.3% in 2023 from a year earlier, customs data \
                 showed on Friday.",
                "2024-01-12"
            ),
            vec![("ytd_change", Some("2023-01..12".to_string()))]
        );
        assert_eq!(
            changes(
                "Antimony exports fell in June 2025.\n\nFor 2024 as a whole, China shipped 38,632 \
                 tonnes of antimony products, down 24.1% on the year.",
                "2025-07-23"
            ),
            vec![("ytd_change", Some("2024-01..12".to_string()))]
        );
    }

    /// A record kept over the whole series said without the word "record" before it: "in
    /// customs records", "in the series", "a fresh peak"; and "took a record".
    #[test]
    fn records_of_the_whole_series_in_other_words() {
        for text in [
            "October's shipments were the highest monthly volume in customs records.",
            "It was the strongest month in the series.",
            "That is the highest monthly figure in records going back to 2014.",
            "October marked a fresh peak for shipments to Vietnam.",
            "Exports to India took a record in October.",
        ] {
            let claims = crate::read(
                &format!("China's rare earth magnet exports, October 2025\n\n{text}"),
                "2025-11-20".parse().ok(),
            )
            .claims;
            assert!(
                claims.iter().any(|c| c.rule == "record-ever"),
                "{text}: {:?}",
                claims.iter().map(|c| c.rule).collect::<Vec<_>>()
            );
        }
        // A number after a superlative is no record of the series ("the highest in 2024 was
        // 58,152 t in the records" names no record).
        let claims = crate::read(
            "China's magnet exports: a new plant opened. New rules apply.",
            "2025-11-20".parse().ok(),
        )
        .claims;
        assert!(claims.iter().all(|c| c.rule != "record-ever"), "{claims:?}");
    }

    /// In a story of China's trade, another country's buying is China's selling to it, and
    /// that country does not become the story's reporter; "India's imports from China" stay
    /// India's own figures.
    #[test]
    fn a_buyers_purchases_in_a_china_story_are_chinas_exports() {
        let claims = crate::read(
            "China's rare earth magnet exports, October 2025\n\nGermany's purchases were the \
             lowest in nearly three years.\n\nExports to Japan reached their highest level this \
             year.",
            "2025-11-20".parse().ok(),
        )
        .claims;
        let subjects: Vec<(Option<&str>, Option<&str>, Option<Flow>)> = claims
            .iter()
            .map(|c| {
                (
                    c.subject.reporter.as_deref(),
                    c.subject.partner.as_ref().map(|p| p.code()),
                    c.subject.flow,
                )
            })
            .collect();
        assert_eq!(
            subjects,
            vec![
                (Some("CHN"), Some("DEU"), Some(Flow::Export)),
                (Some("CHN"), Some("JPN"), Some(Flow::Export)),
            ]
        );
        assert_eq!(claims[0].alt_reporter.as_deref(), Some("DEU"));
        let india = crate::read(
            "China's rare earth magnet exports, October 2025\n\nIndia's imports from China fell \
             to 120 tonnes in October.",
            "2025-11-20".parse().ok(),
        )
        .claims;
        assert_eq!(
            india[0].subject.reporter.as_deref(),
            Some("IND"),
            "{india:?}"
        );
    }

    /// A sentence that relates the data to an event and gives the event's day with a verb of
    /// its own claims two things: the relation and the day. A day that only names the event
    /// ("after the Oct 9 announcement") is the relation's.
    #[test]
    fn an_events_day_with_its_own_verb_is_a_claim_beside_the_relation() {
        let events = |text: &str| {
            crate::read(text, "2025-08-22".parse().ok())
                .claims
                .iter()
                .filter_map(|c| match &c.claimed {
                    Claimed::Event(e) => Some(format!("{:?} {:?}", e.relation, e.date)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let two = events(
            "Magnet exports to Japan rose in July. For context, July was the first full month \
             after the London \"framework\" agreed on June 10.",
        );
        assert_eq!(two.len(), 2, "{two:?}");
        assert!(
            two.iter().any(|e| e.starts_with("FirstFullMonth")),
            "{two:?}"
        );
        assert!(two.iter().any(|e| e == "Date Some(2025-06-10)"), "{two:?}");
        let one = events(
            "Magnet exports to the US fell in October, after the Oct 9 announcement by Beijing.",
        );
        assert_eq!(one.len(), 1, "{one:?}");
    }

    /// Multiples in more words ("almost doubles", "fivefold", "multiplied nearly by eight",
    /// "by a factor of three"), a translation's conditional of a reported figure ("would
    /// have tripled"; not a counterfactual), and falls said "off about 30%" or "minus 93%".
    #[test]
    fn multiples_reported_conditionals_and_falls_in_other_words() {
        let change = |text: &str| -> Option<f64> {
            crate::read(
                &format!("China's rare earth magnet exports, July 2025\n\n{text}"),
                "2025-08-20".parse().ok(),
            )
            .claims
            .iter()
            .find_map(|c| match c.claimed {
                Claimed::Change { pct, .. } => Some(pct),
                _ => None,
            })
        };
        for (text, want) in [
            ("China almost doubles the sales of magnets in July.", 100.0),
            ("Exports to Germany rose fivefold in July.", 400.0),
            (
                "Shipments to India multiplied nearly by eight in July.",
                700.0,
            ),
            ("Exports jumped by a factor of three in July.", 200.0),
            ("The exports to Mexico would have tripled in July.", 200.0),
            (
                "US shipments were off about 30% from a year earlier.",
                -30.0,
            ),
            ("That's minus 93% on last year.", -93.0),
            // Translation from Portuguese: "uma alta de", "retração".
            (
                "The volume accumulated 16,001 tons, a high of 4.8% in relation to 2024.",
                4.8,
            ),
            (
                "Exports fell to 57,392 tons, a retraction of 1.3% on 2024.",
                -1.3,
            ),
        ] {
            assert_eq!(change(text), Some(want), "{text}");
        }
        for text in [
            "Without the controls, exports would have tripled in July.",
            "Exports would have doubled if licences had come through.",
        ] {
            assert_eq!(change(text), None, "{text}");
        }
    }

    /// An alert's layout: a heading of cells names the destination of the lines under it,
    /// and dot leaders separate a label from its value as a colon would ("YTD Jan-Nov ...
    /// 51,440 t"); a text table's leaders before bare numbers stay its columns.
    #[test]
    fn an_alerts_sections_and_dot_leaders() {
        let text = "CN customs alert\n\n[1] CHN EXPORTS | RARE EARTH MAGNETS | WORLD\n    \
                    Period ........ Nov-2025\n    YTD Jan-Nov ... 51,440 t\n\n[2] CHN EXPORTS \
                    | RARE EARTH MAGNETS | UNITED STATES\n    Period ........ Nov-2025\n    \
                    Volume ........ 582 t\n";
        let got: Vec<(String, Option<String>, Option<String>)> =
            crate::read(text, "2025-12-22".parse().ok())
                .claims
                .iter()
                .map(|c| {
                    (
                        c.kind.as_str().to_string(),
                        c.subject.partner.as_ref().map(|p| p.code().to_string()),
                        period_of(c),
                    )
                })
                .collect();
        assert_eq!(
            got,
            vec![
                (
                    "ytd_total".to_string(),
                    Some("WLD".to_string()),
                    Some("2025-01..11".to_string())
                ),
                (
                    "level".to_string(),
                    Some("USA".to_string()),
                    Some("2025-11".to_string())
                ),
            ]
        );
    }

    /// The whole of a month's trade to one destination, in several words.
    #[test]
    fn all_of_it_to_one_destination() {
        let share = |text: &str| {
            crate::read(text, "2025-08-20".parse().ok())
                .claims
                .into_iter()
                .find(|c| c.kind == Kind::Share)
                .map(|c| {
                    (
                        c.subject.partner.map(|p| p.code().to_string()),
                        match c.claimed {
                            Claimed::Share { pct, .. } => pct,
                            _ => f64::NAN,
                        },
                    )
                })
        };
        let all_to = |c: &str| Some((Some(c.to_string()), 100.0));
        for (text, want) in [
            (
                "Gallium exports were 5.15 t in July, all of it to Germany.",
                all_to("DEU"),
            ),
            (
                "Terbium was 1.2 t in June, all of the terbium going to South Korea.",
                all_to("KOR"),
            ),
            (
                "Germanium: 392 kg in July, every gram of it to Germany.",
                all_to("DEU"),
            ),
            ("All 948 tonnes went to South Korea.", all_to("KOR")),
            (
                "Spherical exports went entirely to South Korea.",
                all_to("KOR"),
            ),
        ] {
            assert_eq!(share(text), want, "{text}");
        }
        // "at all" is not all of it.
        assert_eq!(
            share("Customs data show nothing at all going to American buyers in December."),
            None
        );
    }

    /// "most of" a trade, said of one partner that took it or that it went to: a share
    /// above half. Not a part of a year or of a change.
    #[test]
    fn most_of_it_to_one_partner() {
        let share = |text: &str| {
            crate::read(text, "2025-12-20".parse().ok())
                .claims
                .into_iter()
                .find(|c| c.kind == Kind::Share)
                .map(|c| (c.subject.partner.map(|p| p.code().to_string()), c.claimed))
        };
        let most = |c: &str| {
            Some((
                Some(c.to_string()),
                Claimed::Share {
                    pct: 50.0,
                    precision: 1.0,
                    qualifier: Qualifier::MoreThan,
                },
            ))
        };
        for (text, want) in [
            ("Germany took most of November's germanium.", most("DEU")),
            (
                "Terbium exports were 5.5 tonnes in August, with Japan, which took most of August's terbium, ahead.",
                most("JPN"),
            ),
            (
                "China imported 2,100 tonnes of rare earths in October; Myanmar still supplies most of it.",
                most("MMR"),
            ),
            (
                "Most of August's dysprosium went to South Korea.",
                most("KOR"),
            ),
        ] {
            assert_eq!(share(text), want, "{text}");
        }
        for text in [
            "Germany imported magnets for most of the year.",
            "Most of the fall came from Germany.",
            "Korea took 400 tonnes, with most of the remainder going to Russia.",
            "July brought a rebound to 763 kg. Most of that went to Germany and Japan.",
            "Exports stayed low for most of 2024, and Germany took 40 tonnes.",
        ] {
            assert_eq!(share(text), None, "{text}");
        }
    }

    /// A relation word in a sentence with no data relates the act to something else: the
    /// day named is the claim's date. With data in the sentence, the relation stands.
    #[test]
    fn a_relation_without_data_is_a_date() {
        let relations = |text: &str| -> Vec<Relation> {
            crate::read(text, "2025-11-20".parse().ok())
                .claims
                .iter()
                .filter_map(|c| match &c.claimed {
                    Claimed::Event(e) => Some(e.relation),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            relations(
                "US and Chinese negotiators said after the Kuala Lumpur talks, which ended on \
                 26 October, that a framework on export controls had been agreed."
            ),
            [Relation::Date]
        );
        assert_eq!(
            relations("Exports fell to 4,000 t in September, before the controls of 9 October."),
            [Relation::Before]
        );
    }

    /// A month said relative to the day of writing, tied to the act's words, dates it.
    #[test]
    fn an_act_dated_relative_to_the_day_of_writing() {
        let months = |text: &str| -> Vec<String> {
            crate::read(text, "2025-07-21".parse().ok())
                .claims
                .iter()
                .filter_map(|c| match &c.claimed {
                    Claimed::Event(e) => e.month.map(|m| m.to_string()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            months("The London framework agreed last month helped."),
            ["2025-06"]
        );
        assert_eq!(
            months("The rules unveiled earlier this month tightened licensing."),
            ["2025-07"]
        );
        // Not a month far from the act's words.
        assert!(months("The talks helped, and exports rose 5% last month.").is_empty());
    }

    /// The days of the event claims read from `text`, sorted.
    fn event_dates(text: &str, published: &str) -> Vec<String> {
        let mut dates: Vec<String> = crate::read(text, published.parse().ok())
            .claims
            .iter()
            .filter_map(|c| match &c.claimed {
                Claimed::Event(e) => e.date.map(|d| d.to_string()),
                _ => None,
            })
            .collect();
        dates.sort();
        dates
    }

    /// Days said against the day of writing: yesterday, days ago, weekdays, "the 9th of last
    /// month", "on the 12th" (of the month the story is in). A weekday beside a release is
    /// the release's, and a calendar's weekday with its hour is no act.
    #[test]
    fn days_said_against_the_day_of_writing() {
        let story = "China's rare earth exports fell 10% in October to 4,000 tonnes.\n\n";
        for (sentence, published, want) in [
            (
                "The commerce ministry announced new controls on the 9th of last month.",
                "2025-11-20",
                "2025-10-09",
            ),
            (
                "On the ninth of this month, Beijing suspended that ban for a year.",
                "2025-11-20",
                "2025-11-09",
            ),
            (
                "Yesterday Beijing granted its first year-long general licences.",
                "2025-12-03",
                "2025-12-02",
            ),
            (
                "The rules came into force eleven days ago.",
                "2024-09-26",
                "2024-09-15",
            ),
            (
                "A year ago yesterday Beijing banned antimony shipments.",
                "2025-09-16",
                "2024-09-15",
            ),
            // Tuesday 28 October 2025: the last Sunday before it, and the next Thursday.
            (
                "The two sides sketched out a deal in Kuala Lumpur on Sunday.",
                "2025-10-28",
                "2025-10-26",
            ),
            (
                "The presidents are due to meet in Busan on Thursday.",
                "2025-10-28",
                "2025-10-30",
            ),
            (
                "Last Thursday's announcement of expanded controls surprised traders.",
                "2025-10-14",
                "2025-10-09",
            ),
        ] {
            assert_eq!(
                event_dates(&format!("{story}{sentence}"), published),
                [want],
                "{sentence}"
            );
        }
        // "on the 12th": of the month the story is in.
        let text = "China's magnet exports collapsed in May 2025.\n\nThe Geneva truce was \
                    signed on the 12th, when Beijing agreed to ease its licensing.";
        assert_eq!(event_dates(text, "2025-06-20"), ["2025-05-12"]);
        // The release's day, and a calendar line, are no acts.
        for sentence in [
            "Rare earth exports rose, customs data showed on Monday, as licences issued after \
             the truce fed through.",
            "Exports rose. Our webinar on licences in practice — Thursday 4 p.m. CET.",
            "According to the statistics the General Administration of Customs of China \
             announced on the 20th, exports were 5,952 tons.",
        ] {
            assert!(
                event_dates(&format!("{story}{sentence}"), "2025-11-20").is_empty(),
                "{sentence}"
            );
        }
    }

    /// An act dated to its month: "took effect in December 2023", "Further measures were
    /// announced in October 2025", "licences introduced in April". A month past a comma
    /// dates the data, not the act ("a year before the controls, in June 2024, China
    /// exported …").
    #[test]
    fn acts_dated_to_a_month() {
        let months = |text: &str, published: &str| -> Vec<String> {
            crate::read(text, published.parse().ok())
                .claims
                .iter()
                .filter_map(|c| match &c.claimed {
                    Claimed::Event(e) if e.date.is_none() => e.month.map(|m| m.to_string()),
                    _ => None,
                })
                .collect()
        };
        let story = "China's rare earth exports fell in February 2026.\n\n";
        for (sentence, want) in [
            (
                "The graphite regime that took effect in December 2023 set the template.",
                "2023-12",
            ),
            (
                "Further measures were announced in October 2025.",
                "2025-10",
            ),
            (
                "The licensing regime that took effect last September still binds.",
                "2025-09",
            ),
            (
                "Shipments slowed under the licences introduced in April 2025.",
                "2025-04",
            ),
        ] {
            assert_eq!(
                months(&format!("{story}{sentence}"), "2026-03-20"),
                [want],
                "{sentence}"
            );
        }
        // A month with its year that names the act; without a year it is the act's name.
        assert_eq!(
            months(
                &format!("{story}The December 2023 ban on exporting magnet technology held."),
                "2026-03-20"
            ),
            ["2023-12"]
        );
        assert!(
            months(
                &format!("{story}Shipments slowed under the April licensing regime."),
                "2026-03-20"
            )
            .is_empty()
        );
        // The month that opens the clause, then who acted, then the act.
        for sentence in [
            "In December 2023 China banned the export of rare-earth extraction technology.",
            "Then in December 2023 Beijing banned the export of separation technology.",
        ] {
            assert_eq!(
                months(&format!("{story}{sentence}"), "2026-03-20"),
                ["2023-12"],
                "{sentence}"
            );
        }
        let text = "Dysprosium exports collapsed.\n\nFor scale: a year before the controls, in \
                    June 2024, China exported 26,037 kg of dysprosium in a single month.";
        assert!(months(text, "2025-10-20").is_empty());
    }

    /// Zeros said with "none at all" and with an adverb after a verb of being.
    #[test]
    fn zeros_in_other_words() {
        for text in [
            "China exported 1,200 kg of germanium in September 2023, after none at all in \
             August.",
            "Gallium exports in May 2025 were literally nothing.",
        ] {
            let article = crate::read(text, "2025-10-20".parse().ok());
            assert!(
                article
                    .claims
                    .iter()
                    .any(|c| matches!(c.claimed, Claimed::Level { value, .. } if value == 0.0)),
                "{text}: {:#?}",
                article.claims
            );
        }
    }

    /// Days written with slashes, as desk notes list them: day first unless the text writes
    /// a day past 12 second; each entry of a list its own; a wire's time stamp no act.
    #[test]
    fn days_written_with_slashes() {
        let story = "China's magnet exports fell 6.1% in September.\n\n";
        let text = format!(
            "{story}Key dates: 04/04 (heavy RE licences), 10/06 (London), 30/10 (Busan), \
             07/11 (suspension)."
        );
        assert_eq!(
            event_dates(&text, "2025-12-20"),
            ["2025-04-04", "2025-06-10", "2025-10-30", "2025-11-07"]
        );
        let text = format!("{story}Suspension of Oct curbs eff 7/11; the 9/10 package.");
        assert_eq!(
            event_dates(&text, "2025-12-20"),
            ["2025-10-09", "2025-11-07"]
        );
        // Month first, when the text shows it ("10/30").
        let text = format!("{story}Busan summit 10/30; the ban suspended 11/7.");
        assert_eq!(
            event_dates(&text, "2025-12-20"),
            ["2025-10-30", "2025-11-07"]
        );
        let text = format!("{story}12/08 03:04:03 *MOFCOM SAYS LICENCE APPROVALS RESUME");
        assert!(event_dates(&text, "2025-12-20").is_empty());
        // A thread's numbering is no date.
        let text = format!(
            "{story}[1/4] Beijing banned it.\n[2/4] The ban bit.\n[3/4] Licences came.\n[4/4] End."
        );
        assert!(event_dates(&text, "2025-12-20").is_empty());
    }

    /// The act said first, then how it stands to the data: "the announcement came after the
    /// September data period" puts the data before it.
    #[test]
    fn act_said_before_its_relation_to_the_data() {
        let text = "China's rare earth exports fell in September 2025.\n\nLast Thursday's \
                    announcement of expanded controls came after the September data period.";
        let article = crate::read(text, "2025-10-14".parse().ok());
        let relations: Vec<Relation> = article
            .claims
            .iter()
            .filter_map(|c| match &c.claimed {
                Claimed::Event(e) => Some(e.relation),
                _ => None,
            })
            .collect();
        assert_eq!(relations, [Relation::Before]);
    }

    /// Dates written day first with points, and several acts of one sentence each on its
    /// own day: "Beijing's expanded controls of 09.10.2025 were followed by the Busan summit
    /// on 30.10.2025, and the controls were suspended on 07.11.2025."
    #[test]
    fn dotted_dates_and_several_acts_in_one_sentence() {
        let text = "China's rare earth magnet exports to Germany fell in December 2025.\n\n\
                    Beijing's expanded controls of 09.10.2025 were followed by the Busan summit \
                    on 30.10.2025, and the controls were suspended on 07.11.2025.";
        assert_eq!(
            event_dates(text, "2026-01-21"),
            ["2025-10-09", "2025-10-30", "2025-11-07"]
        );
        // A later date with an act right after it; a passive act on controls with no actor.
        let text = "Antimony exports fell.\n\nAntimony controls took effect on 15 September \
                    2024, and on 3 December 2024 MOFCOM announced a ban on exports to the US. On \
                    4 April 2025 seven medium and heavy rare earths were added to the control list.";
        assert_eq!(
            event_dates(text, "2025-11-27"),
            ["2024-09-15", "2024-12-03", "2025-04-04"]
        );
        // A rule announced on one day that came into force on another: both days.
        let text = "Graphite exports fell.\n\nThe rules announced on 20 October took effect on \
                    1 December, and the effect was immediate.";
        assert_eq!(
            event_dates(text, "2024-03-22"),
            ["2023-10-20", "2023-12-01"]
        );
        let text = "Gallium exports fell.\n\nThe rules were announced on 3 July and the \
                    licensing kicked in on 1 August 2023.";
        assert_eq!(
            event_dates(text, "2024-03-22"),
            ["2023-07-03", "2023-08-01"]
        );
        // An act's list of goods between it and its day; a thread's "then Dec 3:".
        let text = "Antimony exports fell.\n\nBeijing banned gallium, germanium and antimony \
                    sales to the US on December 3, 2024.";
        assert_eq!(event_dates(text, "2025-11-12"), ["2024-12-03"]);
        let text = "Antimony exports fell.\n\nthen Dec 3: Beijing bans gallium, germanium and \
                    antimony exports to the US";
        assert_eq!(event_dates(text, "2025-11-12"), ["2024-12-03"]);
        // A page's own notice is no government's act.
        let text = "Antimony exports fell.\n\nThis notice was appended on 22 January 2025.";
        assert!(
            crate::read(text, "2025-02-27".parse().ok())
                .claims
                .iter()
                .all(|c| !matches!(c.claimed, Claimed::Event(_)))
        );
        // A later date with no "on" and no act of its own is not read as a day of its own.
        let text = "Magnet exports rose in November.\n\nOn November 7 Beijing agreed to pause \
                    the October 9 measures.";
        let n = crate::read(text, "2025-12-08".parse().ok())
            .claims
            .iter()
            .filter(|c| c.rule == "event-on-date")
            .count();
        assert_eq!(n, 1);
    }

    /// An analyst's estimate ("4Q25E", "FY25E", "consensus") is no published figure; the
    /// actual beside it still is.
    #[test]
    fn estimates_are_not_claims() {
        let text = "9M25 exports were 48.4kt. Our 4Q25E is 13.5kt, implying FY25E of ~62kt \
                    (consensus 60.5kt).";
        let claims = crate::read(text, "2025-10-14".parse().ok()).claims;
        let figures: Vec<&str> = claims.iter().map(|c| &text[c.start..c.end]).collect();
        assert!(figures.iter().any(|f| f.contains("48.4kt")), "{figures:?}");
        for estimate in ["13.5kt", "62kt", "60.5kt"] {
            assert!(
                !figures.iter().any(|f| f.contains(estimate)),
                "{estimate}: {figures:?}"
            );
        }
    }

    /// A government's act on a day, said with the verbs reporters use ("said", "went
    /// further", "made exporters apply", "spoke by phone"), or named by its date ("the
    /// October 9 announcements"); a day of data is still no event.
    #[test]
    fn acts_on_a_day_in_more_words() {
        let date = |text: &str| {
            crate::read(text, "2025-12-20".parse().ok())
                .claims
                .iter()
                .find_map(|c| match &c.claimed {
                    Claimed::Event(e) => e.date.map(|d| d.to_string()),
                    _ => None,
                })
        };
        for (text, day) in [
            (
                "On Dec. 3 Beijing went further and barred gallium sales to the US.",
                "2025-12-03",
            ),
            (
                "MOFCOM said on June 19 that it had approved some applications.",
                "2025-06-19",
            ),
            (
                "A ban on gallium sales to the US followed on 3 December 2024.",
                "2024-12-03",
            ),
            (
                "General licences were first granted to three magnet makers on 2 December 2025.",
                "2025-12-02",
            ),
            (
                "On April 4, China made exporters of seven rare earths apply for permits.",
                "2025-04-04",
            ),
            (
                "The two presidents spoke by phone on Sept. 19 about trade.",
                "2025-09-19",
            ),
            (
                "The October 9 announcements widened the list to holmium and others.",
                "2025-10-09",
            ),
        ] {
            assert_eq!(date(text), Some(day.to_string()), "{text}");
        }
        assert_eq!(
            date("On November 20, China's customs agency published the October data."),
            None
        );
    }

    /// Places in a ranking written as ordinals in figures, the country before or after.
    #[test]
    fn places_in_figures() {
        let ranks = |text: &str| -> Vec<(u32, String)> {
            crate::read(text, "2026-01-22".parse().ok())
                .claims
                .iter()
                .filter_map(|c| match &c.claimed {
                    Claimed::Rank { rank, partners, .. } => Some((*rank, partners[0].clone())),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            ranks(
                "Germany was 1,106 tons, occupying the 1st place, and Korea was following \
                 as 2nd place."
            ),
            vec![(1, "DEU".to_string()), (2, "KOR".to_string())]
        );
    }

    /// Nothing traded, said in more ways; "no" only as what was shipped.
    #[test]
    fn zeros_said_in_more_ways() {
        let zeros = |text: &str| -> Vec<(f64, String)> {
            crate::read(text, "2025-07-20".parse().ok())
                .claims
                .iter()
                .filter(|c| c.rule == "level-zero" || c.rule == "level-stopped")
                .map(|c| {
                    let Claimed::Level { value, .. } = c.claimed else {
                        panic!("{c:?}")
                    };
                    (value, c.subject.basket.clone().unwrap_or_default())
                })
                .collect()
        };
        assert_eq!(
            zeros("China exported zero gallium in August 2023 and zero germanium."),
            vec![(0.0, "gallium".to_string()), (0.0, "germanium".to_string())]
        );
        assert_eq!(
            zeros("Gallium exports came to a complete halt in May.").len(),
            1
        );
        assert_eq!(zeros("Gallium: a flat zero in May.").len(), 1);
        assert_eq!(
            zeros("China exported no gallium at all in August 2023.").len(),
            1
        );
        assert!(zeros("Gallium exports no longer go to the US.").is_empty());
        // A zero as the subject of a shipment, a labelled nil, "not a single".
        for text in [
            "No antimony went to the United States in December.",
            "Not a single magnet went to the United States in May.",
            "Zero gallium left China that month.",
            "Customs recorded no gallium at all in December.",
            "Flake to United States, Dec: none recorded.",
            "Gallium exports: zero.",
            "Japan got none.",
        ] {
            assert_eq!(zeros(text).len(), 1, "{text}");
        }
        // Zero with a unit, stressed with "at all", a complete standstill, a base of zero.
        for text in [
            "Literally zero tonnes of gallium left China in May 2025.",
            "Germanium to the US: 10 kg in November, nothing at all in December.",
            "Gallium exports recovered in June after no exports at all the month before.",
            "Gallium exports ground to a complete standstill in May.",
            "Gallium exports to the US were 3,000 kg in August 2024, compared with zero in August 2023.",
            "Gallium shipments to the US stopped completely in May.",
            "China stopped exporting magnets to America entirely in May.",
            // The stop said again after a dash is one zero.
            "In May gallium exports halted altogether - nothing at all left China.",
            "August 2023 saw gallium exports of zero.",
            "Some claim zero antimony went to the US in December.",
            "Traders said no germanium at all went to the US in December.",
            "It is true that no flake graphite went to the US in December 2023.",
        ] {
            assert_eq!(zeros(text).len(), 1, "{text}");
        }
        for text in [
            "No data were published for December.",
            "THE CLAIM: zero dysprosium in June.",
            "Not a single analyst expected it.",
            "The Baotou plant stopped entirely in May.",
            "Gallium exports have not stopped completely.",
            "Gallium exports of zero-carbon metal rose.",
            "There is no gallium price.",
            "In a year in which gallium exports stopped completely for a month.",
        ] {
            assert!(zeros(text).is_empty(), "{text}");
        }
    }

    /// The runs read in `text`, published on `published`: their lengths.
    fn streaks(text: &str, published: &str) -> Vec<u32> {
        crate::read(text, published.parse().ok())
            .claims
            .iter()
            .filter_map(|c| match c.claimed {
                Claimed::Months { n, .. } if c.kind == Kind::Streak => Some(n),
                _ => None,
            })
            .collect()
    }

    /// A run said by its place: "a second monthly decline"; not a count within a year.
    #[test]
    fn a_run_said_by_its_place() {
        let runs = |text: &str| streaks(text, "2025-01-20");
        assert_eq!(
            runs("China's rare earth exports fell in December 2024, a second monthly decline."),
            vec![2]
        );
        assert!(runs("China's rare earth exports rose in December 2024, the third monthly rise this year.").is_empty());
    }

    /// Runs counted in more words: "two months of declines in a row", "three straight
    /// declines", "Streak: 2 months down"; not "the three months to July".
    #[test]
    fn runs_counted_in_more_words() {
        let runs = |text: &str| streaks(text, "2025-11-20");
        assert_eq!(
            runs(
                "Rare earth exports slipped to 5,473 tonnes in October, two months of declines in a row."
            ),
            vec![2]
        );
        assert_eq!(
            runs("Rare earth exports, Jul-Sep: three straight declines."),
            vec![3]
        );
        assert_eq!(runs("Rare earth exports\nStreak: 2 months down\n"), vec![2]);
        assert!(runs("Rare earth exports in the three months to July were 16,000 t.").is_empty());
    }

    /// A record since an act named without its date is left for the judge to date.
    #[test]
    fn a_record_since_an_act() {
        let acts = |text: &str| -> Vec<bool> {
            crate::read(text, "2024-03-20".parse().ok())
                .claims
                .iter()
                .filter_map(|c| match c.claimed {
                    Claimed::Record { since_act, .. } => Some(since_act),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            acts(
                "Flake graphite exports rose to 3,000 tonnes in February 2024, the best month since the permits began."
            ),
            vec![true]
        );
        assert_eq!(
            acts("Flake graphite exports in February 2024 were the highest since June 2023."),
            vec![false]
        );
        assert!(
            acts(
                "This is the most interesting graphite market we've had since the licensing regime."
            )
            .is_empty()
        );
    }

    /// Every rule reads the sentence it was written for.
    #[test]
    fn shares_set_after_a_level_with_or_or_a_bracket() {
        for (text, want) in [
            (
                "The United States received 753 tonnes, about 29%.",
                Some(29.0),
            ),
            ("South Korea took 8,830 tonnes, or 72.5%.", Some(72.5)),
            (
                "The United States bought 735 tonnes (28.6%) and Korea 243 tonnes.",
                Some(28.6),
            ),
            // A bracket that does not close on the percent is an aside of its own.
            (
                "The United States bought 735 tonnes (28.6% more than in May).",
                None,
            ),
        ] {
            let (hit, _) = first_hit(text, share_appended);
            let got = hit.and_then(|h| match h.claimed {
                Claimed::Share { pct, .. } => Some(pct),
                _ => None,
            });
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn every_rule_reads_its_example() {
        for rule in RULES {
            let (hit, _) = first_hit(rule.example, rule.find);
            assert!(
                hit.is_some(),
                "rule {} does not read its example {:?}",
                rule.name,
                rule.example
            );
        }
    }
}
