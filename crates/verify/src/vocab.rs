//! The words the reader knows, in one place, as data: what each phrase means.
//!
//! Partners come from the model's country table (names and the `aliases` column: demonyms,
//! abbreviations), commodities from the basket files (`phrases`); months, number words,
//! hedges, directions and the cue words of trade reporting are listed here. A phrase written
//! in capitals (`US`, `EU`, `REE`) matches only in capitals: "us" is a pronoun.

use std::collections::HashMap;
use std::sync::LazyLock;

use tradewatch_model::{Baskets, Countries, Flow};

use crate::claims::Dir;
use crate::number::Qualifier;

/// What a word or phrase means to the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Meaning {
    /// A partner (ISO3 or pseudo-code).
    Country(&'static str),
    /// A commodity (basket id).
    Basket(&'static str),
    /// A month, 1–12.
    Month(u32),
    /// A rise or a fall.
    Dir(Dir),
    /// Trade in one direction ("exports", "shipments", "imports").
    Flow(Flow),
    /// A hedge on the figure that follows.
    Hedge(Qualifier),
    /// "second", "3rd".
    Ordinal(u32),
    /// "seven", "forty", "hundred" (a number word; scales are [`Meaning::Scale`]).
    Cardinal(f64),
    /// "thousand", "million", "bn".
    Scale(f64),
    /// A unit of quantity, in tonnes per unit.
    Mass(f64),
    /// A currency.
    Money(Currency),
    /// "percent", "per cent", "pct".
    Percent,
    /// "percentage points", "pp".
    Points,
    /// A word that says how a claim is to be read.
    Cue(Cue),
}

/// Currencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Usd,
    Cny,
    Eur,
}

/// Cue words of trade reporting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cue {
    /// Month on month: "m/m", "month-on-month", "from the previous month", "ring ratio".
    Mom,
    /// Year on year: "y/y", "year-on-year", "from a year earlier", "same period last year".
    Yoy,
    /// Year to date: "year to date", "so far this year", "cumulative", "accumulated".
    Ytd,
    /// The whole year: "full year", "for the year", "annual".
    FullYear,
    /// The first half of a year.
    FirstHalf,
    /// The first N quarters / first quarter.
    Quarters(u32),
    /// The quarter (3) or half (6) holding the story's month: "in the quarter", "for the
    /// half".
    ThisSpan(u32),
    /// N months said again: "across the two months", "in those three months", "the same
    /// three months of 2024".
    TheseMonths(u32),
    /// The world total: "total", "overall", "in all".
    Total,
    /// A share: "share", "accounted for", "of the total".
    Share,
    /// A record high: "highest", "record", "peak", "high".
    High,
    /// A record low: "lowest", "low", "trough", "weakest".
    Low,
    /// "record", "on record", "all-time".
    Record,
    /// A first place: "largest", "biggest", "top", "leading", "#1".
    Largest,
    /// A last place: "smallest".
    Smallest,
    /// What partners are ranked as: "buyer", "destination", "market".
    Buyer,
    /// "consecutive", "straight", "in a row", "successive".
    Consecutive,
    /// "month", "months", "mths".
    MonthWord,
    /// "year", "years".
    YearWord,
    /// "since".
    Since,
    /// "from" (a base).
    From,
    /// "than", "versus", "compared with", "against", "vs".
    Than,
    /// "before", "ahead of", "prior to", "predate".
    Before,
    /// "after", "since" (of an event), "following".
    After,
    /// "under", "first full month under".
    Under,
    /// "began", "started".
    Began,
    /// A policy word: "controls", "licensing", "ban", "rules".
    Policy,
    /// Not a trade figure: "price", "capacity", "production", "demand".
    NotTrade,
    /// "last month", "this month".
    LastMonth,
    ThisMonth,
    /// "last year" (the same month a year before, or the previous year).
    LastYear,
    /// "this year".
    ThisYear,
    /// "the previous month", "the month before", "a month earlier", "prior month".
    PrevMonth,
    /// "a year earlier", "a year ago", "year earlier".
    YearEarlier,
    /// "nothing", "zero", "nil", "no".
    Zero,
    /// "doubled", "tripled": a multiple of the base.
    Times(f64),
    /// "halved".
    Halved,
    /// "time(s)" after a number ("four times").
    TimesWord,
    /// "per", "a" in "a tonne", "/": a price or a rate follows.
    Per,
    /// A reporter's own customs office ("customs", "GACC"): China, unless said otherwise.
    Customs,
    /// "of" (a share's "38% of the total").
    Of,
    /// "to" (a destination, "rose to X").
    To,
    /// "in" (a period follows).
    In,
    /// "for the first time".
    FirstTime,
    /// "flat", "unchanged", "steady".
    Flat,
    /// A forecast or a hedge on the future: "expected", "will", "could", "forecast".
    Future,
}

/// Where a phrase may match.
#[derive(Debug, Clone)]
struct Entry {
    /// The words, lower-cased (hyphens and spaces between them are interchangeable).
    words: Vec<String>,
    /// The phrase as written, for the capitals rule.
    written: Vec<String>,
    case_sensitive: bool,
    meaning: Meaning,
}

/// The vocabulary: phrases by their first word, the longest first.
pub struct Vocab {
    by_first: HashMap<String, Vec<Entry>, FastHash>,
    /// Every partner code of the country table, as a `'static` string.
    codes: HashMap<String, &'static str>,
}

/// A hash for the vocabulary's first words: looked up at every piece of every article, with
/// keys that are the program's own words (no untrusted key chooses the buckets), so a plain
/// multiply-and-rotate hash does where SipHash's defence would cost a tenth of the reading.
#[derive(Clone, Copy, Default)]
pub(crate) struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// The lexer's pieces of a phrase (hyphens dropped: they match a space), so the vocabulary
/// and the text are cut the same way.
pub(crate) fn pieces(phrase: &str) -> Vec<String> {
    crate::token::lex(phrase)
        .into_iter()
        .filter(|p| {
            !matches!(
                p.kind,
                crate::token::PieceKind::Sym('-') | crate::token::PieceKind::Break
            )
        })
        .map(|p| phrase[p.start..p.end].to_string())
        .collect()
}

/// Whether a phrase matches only as written: capitals ("US", "REE", not "us") and a
/// chemical symbol ("Dy", "Tb", "Ge": not "dy", "ge").
fn is_capitals(written: &str) -> bool {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    let symbol = letters.len() == 2 && letters[0].is_uppercase() && letters[1].is_lowercase();
    !letters.is_empty() && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()) || symbol
}

/// The country codes read as partners when written in capitals.
const ISO3_WRITTEN: [&str; 36] = [
    "USA", "DEU", "JPN", "KOR", "NLD", "RUS", "VNM", "FRA", "GBR", "ESP", "MYS", "THA", "IDN",
    "PHL", "SGP", "TWN", "HKG", "AUS", "MEX", "BRA", "POL", "SWE", "AUT", "CHE", "CZE", "HUN",
    "ROU", "UKR", "ISR", "SAU", "ZAF", "MMR", "KAZ", "MNG", "CHN", "BGD",
];

impl Vocab {
    fn new() -> Vocab {
        let mut v = Vocab {
            by_first: HashMap::default(),
            codes: HashMap::new(),
        };
        for c in Countries::builtin().all() {
            let code: &'static str = Box::leak(c.iso3.clone().into_boxed_str());
            v.codes.insert(c.iso3.clone(), code);
            // An aggregate is named only by its aliases ("World" the word is not a partner).
            if c.kind == "country" || !c.aliases.is_empty() && c.iso3 != "WLD" {
                v.add(&c.name, Meaning::Country(code));
            }
            for a in &c.aliases {
                v.add(a, Meaning::Country(code));
            }
            // Desk notes and tables write a partner as its code ("Tb Aug-25 to JPN: 4,000
            // kg"): the codes of the main trading countries, in capitals only, where no word,
            // month or unit is spelt the same ("CAN", "MAR", "TON", "EST" and "IND" are not
            // among them).
            if ISO3_WRITTEN.contains(&c.iso3.as_str()) {
                v.add(&c.iso3, Meaning::Country(code));
            }
        }
        for b in Baskets::current().all() {
            let id: &'static str = Box::leak(b.id.clone().into_boxed_str());
            for p in &b.phrases {
                v.add(p, Meaning::Basket(id));
            }
        }
        for (i, names) in MONTHS.iter().enumerate() {
            for n in *names {
                v.add(n, Meaning::Month(i as u32 + 1));
            }
        }
        for (words, m) in WORDS {
            for w in *words {
                v.add(w, *m);
            }
        }
        for (w, n) in CARDINALS {
            v.add(w, Meaning::Cardinal(*n));
        }
        for (w, n) in ORDINALS {
            v.add(w, Meaning::Ordinal(*n));
        }
        for list in v.by_first.values_mut() {
            list.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        }
        v
    }

    fn add(&mut self, phrase: &str, meaning: Meaning) {
        let written = pieces(phrase);
        if written.is_empty() {
            return;
        }
        let words: Vec<String> = written.iter().map(|w| w.to_lowercase()).collect();
        let case_sensitive = is_capitals(phrase);
        let entry = Entry {
            words: words.clone(),
            written,
            case_sensitive,
            meaning,
        };
        self.by_first
            .entry(words[0].clone())
            .or_default()
            .push(entry.clone());
        // "the US" also matches as "US" (the article is not part of the name).
        if words.len() > 1 && words[0] == "the" {
            self.by_first
                .entry(words[1].clone())
                .or_default()
                .push(Entry {
                    words: words[1..].to_vec(),
                    written: entry.written[1..].to_vec(),
                    case_sensitive: is_capitals(&entry.written[1..].join(" ")),
                    meaning,
                });
        }
    }

    /// A partner code of the country table, as the vocabulary holds it.
    pub fn country_code(&self, iso3: &str) -> Option<&'static str> {
        self.codes.get(iso3).copied()
    }

    /// The longest phrase starting at `pieces[0]`: its meaning and how many pieces it takes.
    /// `pieces` are `(lower, written)` pairs.
    pub(crate) fn longest(&self, pieces: &[(&str, &str)]) -> Option<(Meaning, usize)> {
        let (first, _) = pieces.first()?;
        let list = self.by_first.get(*first)?;
        'entries: for e in list {
            if e.words.len() > pieces.len() {
                continue;
            }
            for (k, w) in e.words.iter().enumerate() {
                let (lower, written) = pieces[k];
                if lower != w {
                    continue 'entries;
                }
                if e.case_sensitive && written != e.written[k] {
                    continue 'entries;
                }
            }
            return Some((e.meaning, e.words.len()));
        }
        None
    }
}

/// The vocabulary, built once.
pub fn vocab() -> &'static Vocab {
    static V: LazyLock<Vocab> = LazyLock::new(Vocab::new);
    &V
}

/// Month names as written (a lower-case "may" or "march" is a verb, see the reader).
const MONTHS: [&[&str]; 12] = [
    &["January", "Jan", "Jan."],
    &["February", "Feb", "Feb."],
    &["March", "Mar", "Mar."],
    &["April", "Apr", "Apr."],
    &["May"],
    &["June", "Jun", "Jun."],
    &["July", "Jul", "Jul."],
    &["August", "Aug", "Aug."],
    &["September", "Sept", "Sep", "Sept.", "Sep."],
    &["October", "Oct", "Oct."],
    &["November", "Nov", "Nov."],
    &["December", "Dec", "Dec."],
];

/// The month a name stands for, in any case ("june", "Sept"), without its dot.
pub(crate) fn month_named(w: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|names| names.iter().any(|n| n.eq_ignore_ascii_case(w)))
        .map(|i| i as u32 + 1)
}

const CARDINALS: &[(&str, f64)] = &[
    ("zero", 0.0),
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

const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    // Days of a month in words: "on the fifteenth of September", "the twenty-sixth".
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("twenty first", 21),
    ("twenty-first", 21),
    ("twenty second", 22),
    ("twenty-second", 22),
    ("twenty third", 23),
    ("twenty-third", 23),
    ("twenty fourth", 24),
    ("twenty-fourth", 24),
    ("twenty fifth", 25),
    ("twenty-fifth", 25),
    ("twenty sixth", 26),
    ("twenty-sixth", 26),
    ("twenty seventh", 27),
    ("twenty-seventh", 27),
    ("twenty eighth", 28),
    ("twenty-eighth", 28),
    ("twenty ninth", 29),
    ("twenty-ninth", 29),
    ("thirtieth", 30),
    ("thirty first", 31),
    ("thirty-first", 31),
];

use Cue::*;
use Meaning::{Cue as C, Dir as D, Flow as F, Hedge as H};

/// Every other word and phrase, by meaning.
const WORDS: &[(&[&str], Meaning)] = &[
    (
        &[
            "rose",
            "rise",
            "rises",
            "rising",
            "risen",
            "increase",
            "increased",
            "increases",
            "increasing",
            "gain",
            "gained",
            "gains",
            "climb",
            "climbed",
            "climbs",
            "climbing",
            "jump",
            "jumped",
            "jumps",
            "surge",
            "surged",
            "surges",
            "soar",
            "soared",
            "soars",
            "soaring",
            "surging",
            "jumping",
            "gaining",
            "growing",
            "rebounding",
            "recovering",
            "rallying",
            "grew",
            "grow",
            "grows",
            "growth",
            "up",
            "higher",
            "rebound",
            "rebounded",
            "rebounds",
            "bounce",
            "bounced",
            "bounces",
            "recover",
            "recovered",
            "recovers",
            "recovery",
            "advanced",
            "expanded",
            "rally",
            "rallied",
            "upturn",
            "increment",
            "edged up",
            "ticked up",
            "went up",
            "↑",
            "▲",
            "boosted",
            "added",
            "picked up",
            "improved",
            // Nouns of translated French, Spanish, Portuguese and Russian: "a progression of
            // 113 %", "an augmentation of 58 %"; "superior by 12 %" (supérieur de).
            "progression",
            "augmentation",
            "expansion",
            "advance",
            "uptick",
            "upswing",
            "superior",
        ],
        D(Dir::Rise),
    ),
    (
        &[
            "fell",
            "fall",
            "falls",
            "falling",
            "fallen",
            "decline",
            "declined",
            "declines",
            "declining",
            "decrease",
            "decreased",
            "decreases",
            "decreasing",
            "drop",
            "dropped",
            "drops",
            "dropping",
            "slip",
            "slipped",
            "slips",
            "slide",
            "slid",
            "slides",
            "slump",
            "slumped",
            // Machine translation from Portuguese: "retração", a contraction.
            "retraction",
            "slumps",
            "plunge",
            "plunged",
            "plunges",
            "plummeted",
            "tumble",
            "tumbled",
            "tumbles",
            "sank",
            "sink",
            "sinks",
            "shrank",
            "shrink",
            "shrunk",
            "down",
            "lower",
            "dip",
            "dipped",
            "dips",
            "ease",
            "eased",
            "eases",
            "easing",
            "retreated",
            "shed",
            "sheds",
            "shedding",
            "retreat",
            "retreats",
            "retreating",
            "slipping",
            "sliding",
            "slumping",
            "plunging",
            "plummeting",
            "crashed",
            "crashing",
            "plummet",
            "plummets",
            "tumbling",
            "sinking",
            "shrinking",
            "dipping",
            "contracted",
            "contraction",
            "collapsed",
            "collapse",
            "downturn",
            "cut",
            "cuts",
            "slashed",
            "lost",
            "reduced",
            "reduction",
            "edged down",
            "ticked down",
            "went down",
            "↓",
            "▼",
            "weaker",
            "weakened",
            "less",
            // Translated: "a diminution of 66 %", "in recoil of 27 %" (en recul de), "a
            // regression of 8 %", "inferior by 57 %" (inférieur de).
            "diminution",
            "recoil",
            "regression",
            "decrement",
            "shrinkage",
            "downswing",
            "inferior",
        ],
        D(Dir::Fall),
    ),
    (
        &[
            "export",
            "exports",
            "exported",
            "exporting",
            "exporter",
            "shipment",
            "shipments",
            "shipped",
            "shipping",
            "outbound",
            "sales",
            "sold",
            "sent",
            "deliveries",
            "delivered",
            "overseas sales",
            "outflows",
            "bound",
            // The value of exports, not a company's takings.
            "export revenue",
            "export revenues",
            "export earnings",
        ],
        F(Flow::Export),
    ),
    (
        &[
            "import",
            "imports",
            "imported",
            "importing",
            "inbound",
            "arrivals",
            "purchases",
            "inflows",
        ],
        F(Flow::Import),
    ),
    (
        &[
            "about",
            "around",
            "roughly",
            "approximately",
            "approx",
            "some",
            "circa",
            "~",
            "an estimated",
            "estimated",
            "or so",
            "close to",
            "round about",
            "ca",
        ],
        H(Qualifier::About),
    ),
    (
        &[
            "nearly",
            "almost",
            "just under",
            "a little under",
            "a bit under",
            "slightly under",
            "just shy of",
            "shy of",
            "up to",
            "not quite",
        ],
        H(Qualifier::Nearly),
    ),
    (
        &[
            "more than",
            "over",
            "above",
            "in excess of",
            "upwards of",
            "just over",
            "a little over",
            "a bit over",
            "slightly over",
            "north of",
            "exceeding",
            "surpassing",
            "surpassed",
            "exceeded",
            "surpass",
            ">",
        ],
        H(Qualifier::MoreThan),
    ),
    (
        &["at least", "no less than", "no fewer than"],
        H(Qualifier::AtLeast),
    ),
    (
        &[
            "less than",
            "under",
            "below",
            "fewer than",
            "barely",
            "at most",
            "no more than",
            "not more than",
            "no higher than",
            "not exceeding",
            "<",
        ],
        H(Qualifier::LessThan),
    ),
    (&["thousand", "k"], Meaning::Scale(1e3)),
    (
        &["million", "mn", "mln", "m", "millions"],
        Meaning::Scale(1e6),
    ),
    (&["billion", "bn", "b", "billions"], Meaning::Scale(1e9)),
    // Indian English: a lakh is a hundred thousand, a crore ten million.
    (&["lakh", "lakhs"], Meaning::Scale(1e5)),
    (&["crore", "crores"], Meaning::Scale(1e7)),
    (
        &["ten thousand", "ten-thousand", "wan"],
        Meaning::Scale(1e4),
    ),
    (
        &[
            "tonnes",
            "tonne",
            "tons",
            "ton",
            "t",
            "metric tons",
            "metric tonnes",
            "metric ton",
            "metric tonne",
            "mt",
        ],
        Meaning::Mass(1.0),
    ),
    (
        &[
            "kt",
            "kilotonnes",
            "kilotons",
            "thousand tonnes",
            "thousand tons",
            "thousand metric tons",
        ],
        Meaning::Mass(1e3),
    ),
    (
        &["kg", "kilograms", "kilogram", "kilos", "kgs", "kilogrammes"],
        Meaning::Mass(1e-3),
    ),
    (&["grams", "g", "gram"], Meaning::Mass(1e-6)),
    (
        &[
            "usd",
            "us$",
            "$",
            "dollars",
            "dollar",
            "us dollars",
            "us dollar",
            "u.s. dollars",
        ],
        Meaning::Money(Currency::Usd),
    ),
    (
        &["yuan", "cny", "rmb", "¥", "renminbi"],
        Meaning::Money(Currency::Cny),
    ),
    (
        &["eur", "euros", "euro", "€"],
        Meaning::Money(Currency::Eur),
    ),
    (
        &["percent", "per cent", "pct", "%", "percentage", "pc"],
        Meaning::Percent,
    ),
    (
        &[
            "percentage points",
            "percentage point",
            "pp",
            "ppt",
            "ppts",
            "points",
            "bps",
            "basis points",
        ],
        Meaning::Points,
    ),
    (
        &[
            "m/m",
            "mom",
            "m o m",
            "month on month",
            "month over month",
            "on the month",
            "sequential",
            "sequentially",
            "ring ratio",
            "chain",
            "from the previous month",
            "from the prior month",
            "over one month",
            "from the preceding month",
            "than the previous month",
            "over the previous month",
            "on the previous month",
            "compared with the previous month",
            "month earlier",
            "previous month",
            "prior month",
            "preceding month",
        ],
        C(Mom),
    ),
    (
        &[
            "y/y",
            "yoy",
            "year on year",
            "year over year",
            "on the year",
            "annual basis",
            "same period of last year",
            "same period last year",
            "same half of last year",
            "same half last year",
            "same quarter of last year",
            "same quarter last year",
            "same half a year earlier",
            "same quarter a year earlier",
            "same month last year",
            "same period a year earlier",
            "same period a year ago",
            "same month a year earlier",
            "a year earlier",
            "a year ago",
            "a year before",
            "year earlier",
            "year ago",
            "same period",
            "corresponding period",
            "from a year earlier",
            "last year's",
            "compare to same period of last year",
            "over one year",
            "on one year",
            "in one year",
            // "a fall of some 66 per cent in a single year", "up 87% on the previous fiscal
            // year" (not "in a year", which is also "the strongest in a year and a half").
            "in a single year",
            "on the previous year",
            "on the prior year",
            "on the previous fiscal year",
            "yoy basis",
            "same month",
            "same month of last year",
            "year earlier month",
            "year ago month",
            "annual terms",
            // Machine translation from Portuguese and Spanish: "na comparação anual",
            // "interanual".
            "annual comparison",
            "interannual",
            "y o y",
            "y on y",
            "yr yr",
            "twelve months earlier",
            "12 months earlier",
            "twelve months ago",
            "12 months ago",
            "twelve months before",
            "12 months before",
            "corresponding month",
            "corresponding month of last year",
            "corresponding month last year",
            "same ratio",
        ],
        C(Yoy),
    ),
    (
        &[
            "year to date",
            "to date",
            "for the year to date",
            "for the year so far",
            "ytd",
            "so far this year",
            "cumulative",
            "cumulatively",
            "accumulated",
            "accumulate",
            "in total so far",
            "year-to-date",
        ],
        C(Ytd),
    ),
    (
        &[
            "full year",
            "full-year",
            "whole year",
            "for the year",
            "annual",
            "annually",
            "calendar year",
            "the whole of",
            "fy",
            "entire year",
            "the year total",
            "year's total",
            "yearly total",
            "whole-year",
        ],
        C(FullYear),
    ),
    (
        &[
            "first half",
            "h1",
            "1h",
            "first six months",
            "half-year",
            "half year",
        ],
        C(FirstHalf),
    ),
    // "first trimester": a quarter as machine translation from Portuguese, Spanish,
    // French or Italian writes it (trimestre).
    (
        &["first quarter", "q1", "1q", "first trimester"],
        C(Quarters(1)),
    ),
    (&["first two quarters"], C(Quarters(2))),
    (
        &[
            "first three quarters",
            "first nine months",
            "three quarters",
        ],
        C(Quarters(3)),
    ),
    (
        &[
            "total",
            "totals",
            "totalled",
            "totaled",
            "totalling",
            "overall",
            "in all",
            "altogether",
            "combined",
            "aggregate",
        ],
        C(Total),
    ),
    (
        &[
            "share",
            "shares",
            "accounted for",
            "accounting for",
            "accounts for",
            "made up",
            "makes up",
            "took",
            "taking",
            "taken",
            "takes",
            "portion",
            "slice",
            "proportion",
            // Translated Chinese 占: "To Japan export occupy about 63%".
            "occupy",
            "occupies",
            "occupied",
        ],
        C(Share),
    ),
    (
        &[
            "highest",
            "high",
            "peak",
            "peaked",
            "strongest",
            "best",
            "record high",
            "all-time high",
            "largest monthly",
            "maximum",
        ],
        C(High),
    ),
    (
        &[
            "lowest",
            "low",
            "trough",
            "weakest",
            "worst",
            "record low",
            "all-time low",
            "smallest monthly",
            "minimum",
        ],
        C(Low),
    ),
    (
        &["record", "on record", "all time", "all-time", "ever"],
        C(Record),
    ),
    (
        &[
            "largest",
            "biggest",
            "top",
            "leading",
            "main",
            "number one",
            "no. 1",
            "no 1",
            "#1",
            "first-placed",
            "dominant",
            "greatest",
            "most important",
        ],
        C(Largest),
    ),
    (&["smallest", "least", "bottom"], C(Smallest)),
    (
        &[
            "buyer",
            "buyers",
            "destination",
            "destinations",
            "market",
            "markets",
            "customer",
            "customers",
            "importer",
            "importers",
            "recipient",
            "recipients",
            "purchaser",
            "purchasers",
            "trading partner",
            "partner",
            "partners",
            "taker",
            "takers",
        ],
        C(Buyer),
    ),
    (
        &[
            "consecutive",
            "straight",
            "successive",
            "in a row",
            "running",
            "continuous",
            "continuously",
            "back-to-back",
            "on the trot",
            "uninterrupted",
        ],
        C(Consecutive),
    ),
    (
        &["month", "months", "mth", "mths", "mo", "mos", "monthly"],
        C(MonthWord),
    ),
    (&["year", "years", "yr", "yrs"], C(YearWord)),
    (&["since"], C(Since)),
    (&["from"], C(From)),
    (
        &[
            "than",
            "versus",
            "vs",
            "vs.",
            "compared with",
            "compared to",
            // Translated word for word (与…相比): "compare with July increase 10.2%".
            "compare with",
            "compare to",
            "against",
            "relative to",
            "with respect to",
            "in relation to",
            "in comparison with",
            "on",
        ],
        C(Than),
    ),
    (
        &[
            "before",
            "ahead of",
            "prior to",
            "predate",
            "predates",
            "predated",
            "preceded",
            "precede",
            "pre-dates",
            "pre-date",
        ],
        C(Before),
    ),
    (&["after", "following", "in the wake of"], C(After)),
    (
        &[
            "under",
            "first full month under",
            "first full month after",
            "first full month",
        ],
        C(Under),
    ),
    (
        &[
            "began",
            "begun",
            "started",
            "start",
            "begin",
            "beginning",
            "starting",
        ],
        C(Began),
    ),
    (
        &[
            "controls",
            "control",
            "export controls",
            "licensing",
            "licence",
            "licences",
            "license",
            "licenses",
            "licensing regime",
            "rules",
            "rule",
            "ban",
            "banned",
            "measures",
            "announcement",
            "announced",
            "regime",
            "curbs",
            "restrictions",
            "truce",
            "deal",
            "framework",
            "suspension",
            "suspended",
            "took effect",
            "takes effect",
            "came into force",
            "talks",
            "summit",
            "tariffs",
            "tariff",
            "agreement",
            "requirements",
            "requirement",
            "permits",
            "permit",
            "approvals",
            "scrutiny",
            "regulations",
            "regulation",
            "embargo",
            "came into effect",
            "comes into effect",
            "entered into force",
        ],
        C(Policy),
    ),
    (
        &[
            "price",
            "prices",
            "priced",
            "premium",
            "premiums",
            "cost",
            "costs",
            "demand",
            "capacity",
            "production",
            "produce",
            "produces",
            "produced",
            "output",
            "reserves",
            "quota",
            "quotas",
            "consumption",
            "consumes",
            "revenue",
            "revenues",
            // A company's own figures: "Net sales of $612.4 million, down 4%", "Full-year
            // guidance maintained".
            "net sales",
            "guidance",
            "order intake",
            "profit",
            "margin",
            "margins",
            "upside",
            "valuation",
            "ebitda",
            "stake",
            "shares outstanding",
            "supply",
            "mining",
            "refining",
            "processing",
            "market share",
            "inventory",
            "inventories",
            "stocks",
            "stockpile",
            "need",
            "needs",
            // What a product holds: "a typical EV traction motor uses 1-2 kg of NdFeB".
            "uses",
            "contains",
            "requires",
            "credit",
            "tax",
            "subsidy",
            "wage",
            // Markets: "the benchmark CSI 300 index closed up 0.6%".
            "index",
            "benchmark",
            "closed up",
            "closed down",
            "share price",
        ],
        C(NotTrade),
    ),
    (&["last month", "past month"], C(LastMonth)),
    (
        &["this month", "earlier this month", "the current month"],
        C(ThisMonth),
    ),
    (
        &[
            "last year",
            "past year",
            "previous year",
            "prior year",
            "the year before",
            "preceding year",
        ],
        C(LastYear),
    ),
    (
        &["this year", "the current year", "so far this year"],
        C(ThisYear),
    ),
    (
        &[
            "the month before",
            "a month earlier",
            "a month before",
            "the previous month",
            "the prior month",
            "the preceding month",
            "one month earlier",
        ],
        C(PrevMonth),
    ),
    (
        &[
            "a year earlier",
            "a year ago",
            "a year before",
            "one year earlier",
            "twelve months earlier",
        ],
        C(YearEarlier),
    ),
    (
        &[
            "nothing",
            "zero",
            "nil",
            "none",
            "no",
            "complete halt",
            "total halt",
            "standstill",
        ],
        C(Zero),
    ),
    (
        &[
            "doubled", "double", "doubling", "twofold", "two-fold", "doubles",
        ],
        C(Times(2.0)),
    ),
    (
        &[
            "tripled",
            "trebled",
            "triple",
            "treble",
            "threefold",
            "three-fold",
            "triples",
            "trebles",
        ],
        C(Times(3.0)),
    ),
    (
        &["quadrupled", "fourfold", "four-fold", "quadruples"],
        C(Times(4.0)),
    ),
    (&["fivefold", "five-fold"], C(Times(5.0))),
    (&["sixfold", "six-fold"], C(Times(6.0))),
    (&["sevenfold", "seven-fold"], C(Times(7.0))),
    (&["eightfold", "eight-fold"], C(Times(8.0))),
    (&["tenfold", "ten-fold"], C(Times(10.0))),
    (&["halved", "halving"], C(Halved)),
    (&["times", "fold", "x"], C(TimesWord)),
    (&["per", "/", "each", "apiece"], C(Per)),
    (
        &[
            "customs",
            "gacc",
            "gacs",
            "general administration of customs",
            "customs data",
            "customs figures",
        ],
        C(Customs),
    ),
    (&["of"], C(Of)),
    (&["to", "into", "towards"], C(To)),
    (&["in", "during", "for"], C(In)),
    (&["for the first time", "first time"], C(FirstTime)),
    (
        &[
            "flat",
            "unchanged",
            "steady",
            "stable",
            "little changed",
            "basically flat",
        ],
        C(Flat),
    ),
    (
        &[
            "expected",
            "expects",
            "expect",
            "will",
            "would",
            "could",
            "may",
            "might",
            "forecast",
            "forecasts",
            "projected",
            "likely",
            "should",
            "plans",
            "planned",
            "target",
            "targets",
            "estimate",
            "estimates",
            "predicted",
            "possibly",
            "my guess",
            "our guess",
            "base case",
            "central case",
            "assumes",
            "assume",
            "assuming",
            "scenario",
            "we model",
            "i model",
            "consensus",
            "street had",
            "the street expected",
        ],
        C(Future),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn look(text: &str) -> Option<(Meaning, usize)> {
        let p = pieces(text);
        let pairs: Vec<(String, &str)> = p.iter().map(|w| (w.to_lowercase(), w.as_str())).collect();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(l, w)| (l.as_str(), *w)).collect();
        vocab().longest(&refs)
    }

    #[test]
    fn partners_come_from_the_country_table_with_the_capitals_rule() {
        assert_eq!(look("U.S."), Some((Meaning::Country("USA"), 4)));
        assert_eq!(look("US"), Some((Meaning::Country("USA"), 1)));
        assert_ne!(look("us").map(|m| m.0), Some(Meaning::Country("USA")));
        assert_eq!(look("South Korea"), Some((Meaning::Country("KOR"), 2)));
        assert_eq!(
            look("Côte d’Ivoire").map(|m| m.0),
            Some(Meaning::Country("CIV"))
        );
        assert_eq!(look("Germany").map(|m| m.0), Some(Meaning::Country("DEU")));
    }

    #[test]
    fn commodities_come_from_the_basket_files_longest_first() {
        assert_eq!(
            look("rare earth magnets"),
            Some((Meaning::Basket("rare-earth-magnets"), 3))
        );
        assert_eq!(
            look("rare-earth magnet exports").map(|m| m.0),
            Some(Meaning::Basket("rare-earth-magnets"))
        );
        assert_eq!(
            look("rare earths"),
            Some((Meaning::Basket("rare-earths"), 2))
        );
        assert_eq!(
            look("flake graphite").map(|m| m.0),
            Some(Meaning::Basket("graphite-flake"))
        );
    }

    #[test]
    fn cue_words_and_months() {
        assert_eq!(look("m/m").map(|m| m.0), Some(Meaning::Cue(Cue::Mom)));
        assert_eq!(
            look("year-on-year").map(|m| m.0),
            Some(Meaning::Cue(Cue::Yoy))
        );
        assert_eq!(look("Sept."), Some((Meaning::Month(9), 2)));
        assert_eq!(look("per cent").map(|m| m.0), Some(Meaning::Percent));
    }
}
