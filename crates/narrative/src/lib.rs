//! tradewatch's briefs: facts → a short Markdown story in the register of a wire report, every
//! figure footnoted with its source, release and citation.
//!
//! Fourth stage (analysis → **narrative**). It computes nothing: every number it writes is a
//! [`Fact`]'s, and the footnote lists the rows the fact rests on.
//!
//! ```
//! use tradewatch_narrative::{render, BriefInput};
//! let input = BriefInput { subject_words: "China's exports of gallium".into(),
//!     partner_words: None, period: "2025-09".parse()?, facts: vec![] };
//! let brief = render(&input);
//! assert!(brief.markdown.contains("no figure"));
//! # Ok::<(), tradewatch_model::Error>(())
//! ```

use std::fmt::Write as _;

use serde::Serialize;
use tradewatch_analysis::{Basis, Direction, Fact, FactKind};
use tradewatch_model::{Baskets, Countries, Flow, Period, Provenance, display};

/// What a brief is about, and the facts to tell it from.
#[derive(Debug, Clone)]
pub struct BriefInput {
    /// "China's exports of rare-earth magnets".
    pub subject_words: String,
    /// "the United States" (None for the world total).
    pub partner_words: Option<String>,
    pub period: Period,
    /// The facts of the period (from `analysis::facts::compute`).
    pub facts: Vec<Fact>,
}

/// "China's exports of rare-earth magnets": a subject as a brief, a chart title or a claim
/// names it.
pub fn subject_words(reporter: &str, flow: Flow, basket: &str) -> String {
    let who = Countries::builtin().name(reporter);
    let what = Baskets::current()
        .lookup(basket)
        .map_or(basket.to_string(), |b| b.name);
    format!("{who}'s {} of {what}", flow.noun_plural())
}

/// "the United States"; `None` for the world total.
pub fn partner_words(partner: &str) -> Option<String> {
    (partner != "WLD").then(|| Countries::builtin().sentence_name(partner))
}

/// One footnote: the rows a figure rests on.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Footnote {
    pub number: usize,
    pub fact: FactKind,
    pub basis: Basis,
    pub sources: Vec<Provenance>,
    /// The policy event a figure or statement refers to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<tradewatch_model::Event>,
}

/// A rendered brief.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub title: String,
    pub markdown: String,
    pub footnotes: Vec<Footnote>,
}

struct Writer<'a> {
    input: &'a BriefInput,
    notes: Vec<Footnote>,
}

impl Writer<'_> {
    fn fact(&self, kind: FactKind) -> Option<&Fact> {
        self.input.facts.iter().find(|f| f.kind == kind)
    }

    /// A partner's fact of a kind (ranks and shares come one per partner).
    fn fact_for(&self, kind: FactKind, partner: &str) -> Option<&Fact> {
        self.input
            .facts
            .iter()
            .find(|f| f.kind == kind && f.subject.partner == partner)
    }

    /// Registers a footnote for a fact and returns its marker.
    fn cite(&mut self, fact: &Fact) -> String {
        let number = self.notes.len() + 1;
        self.notes.push(Footnote {
            number,
            fact: fact.kind,
            basis: fact.basis,
            sources: fact.provenance.clone(),
            event: fact.event.clone(),
        });
        format!("[^{number}]")
    }
}

fn pct_words(v: f64) -> String {
    display::number(v.abs(), 1)
}

fn month_name(p: &Period) -> String {
    match p.as_month() {
        Some(m) => m.name().to_string(),
        None => p.describe(),
    }
}

/// "September 2024" for the base of a y/y change.
fn base_words(f: &Fact) -> String {
    f.base
        .as_ref()
        .map_or_else(|| "a year earlier".to_string(), |b| b.period.describe())
}

fn footnote_line(n: &Footnote) -> String {
    if let Some(e) = &n.event
        && n.sources.is_empty()
    {
        return format!(
            "[^{}]: policy event of {} ({}, {}): {}, {}",
            n.number,
            e.date,
            e.actor,
            e.kind.replace('_', " "),
            e.description,
            e.source_url
        );
    }
    let mut parts = Vec::new();
    for p in &n.sources {
        let mut s = format!(
            "{} {} of {}: {}, release `{}`, {}",
            p.measure,
            display::amount(p.value, p.unit, p.resolution),
            p.period,
            p.source,
            p.release,
            p.citation
        );
        match p.published {
            Some(d) => {
                let _ = write!(s, " (published {d})");
            }
            None => s.push_str(" (publication date not shown)"),
        }
        let _ = write!(s, ", line {}", p.line);
        parts.push(s);
    }
    let basis = match n.basis {
        Basis::Computed => "computed from",
        Basis::Reported => "as published in",
    };
    format!("[^{}]: {} {}", n.number, basis, parts.join("; "))
}

/// "a, b and c".
fn list_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Renders the brief.
pub fn render(input: &BriefInput) -> Brief {
    let mut w = Writer {
        input,
        notes: Vec::new(),
    };
    let to = input
        .partner_words
        .as_ref()
        .map(|p| format!(" to {p}"))
        .unwrap_or_default();
    let when = input.period.describe();
    let title = format!("{}{}, {}", input.subject_words, to, when);
    let mut md = format!("# {title}\n\n");

    let Some(level) = w.fact(FactKind::Level).cloned() else {
        let _ = writeln!(md, "The data hold no figure for {when}.");
        return Brief {
            title,
            markdown: md,
            footnotes: w.notes,
        };
    };

    // Lead: level and the monthly change.
    let mut lead = format!(
        "{}{} were {} in {}{}",
        input.subject_words,
        to,
        level.display,
        when,
        w.cite(&level)
    );
    if let Some(mom) = w.fact(FactKind::ChangeMom).cloned()
        && let Some(v) = mom.value
    {
        let dir = if v < 0.0 { "down" } else { "up" };
        let base = mom
            .base
            .as_ref()
            .and_then(|b| b.display.clone().map(|d| (d, b.period)));
        match (mom.basis, base) {
            (Basis::Computed, Some((d, p))) => {
                let _ = write!(
                    lead,
                    ", {dir} {}% from {} in {}{}",
                    pct_words(v),
                    d,
                    month_name(&p),
                    w.cite(&mom)
                );
            }
            _ => {
                let _ = write!(
                    lead,
                    ", {dir} {}% from the previous month as published{}",
                    pct_words(v),
                    w.cite(&mom)
                );
            }
        }
    }
    lead.push('.');
    md.push_str(&lead);

    // Year on year.
    if let Some(yoy) = w.fact(FactKind::ChangeYoy).cloned()
        && let Some(v) = yoy.value
    {
        let dir = if v < 0.0 { "lower" } else { "higher" };
        let sentence = match yoy.basis {
            Basis::Computed => {
                let base = yoy
                    .base
                    .as_ref()
                    .and_then(|b| b.display.clone())
                    .unwrap_or_default();
                format!(
                    " That was {}% {dir} than the {base} of {}{}.",
                    pct_words(v),
                    base_words(&yoy),
                    w.cite(&yoy)
                )
            }
            Basis::Reported => format!(
                " That was about {}% {dir} than a year earlier ({}% as published{}; the data hold no {} level).",
                display::number(v.abs(), 0),
                display::signed(v, 1).replace('-', "−"),
                w.cite(&yoy),
                base_words(&yoy)
            ),
        };
        md.push_str(&sentence);
    }
    md.push_str("\n\n");

    // Context: the run, where it turned, records.
    let mut context = String::new();
    if let Some(streak) = w.fact(FactKind::Streak).cloned()
        && let (Some(len), Some(dir)) = (streak.length, streak.direction)
    {
        let prior = w.fact(FactKind::PriorRun).cloned();
        if len >= 2 {
            let _ = write!(
                context,
                "It was the {} consecutive monthly {}{}",
                display::ordinal(len),
                dir.as_str(),
                w.cite(&streak)
            );
        } else if prior.is_some() {
            let _ = write!(context, "The {}{}", dir.as_str(), w.cite(&streak));
        }
        if let Some(p) = prior
            && let (Some(pdir), Some(start)) = (p.direction, p.start)
        {
            let what = match (pdir, p.length.unwrap_or(0)) {
                (Direction::Rise, n) if n >= 3 => {
                    format!("a {}-month run of rises", display::cardinal(n))
                }
                (Direction::Rise, _) => "a rebound".to_string(),
                (Direction::Fall, n) if n >= 3 => {
                    format!("a {}-month run of falls", display::cardinal(n))
                }
                (Direction::Fall, _) => "a decline".to_string(),
            };
            let after = p.base.as_ref().map_or(String::new(), |b| {
                format!(
                    " after the {} {} of {}",
                    month_name(&b.period),
                    if pdir == Direction::Rise {
                        "low"
                    } else {
                        "peak"
                    },
                    b.display.clone().unwrap_or_default()
                )
            });
            let verb = if len >= 2 { ", reversing" } else { " ended" };
            let _ = write!(
                context,
                "{verb} {what} that began in {}{}{}",
                month_name(&start),
                after,
                w.cite(&p)
            );
        }
        if !context.is_empty() {
            context.push('.');
        }
    }
    for kind in [FactKind::HighestSince, FactKind::LowestSince] {
        if let Some(rec) = w.fact(kind).cloned()
            && let (Some(since), Some(months)) = (rec.since.clone(), rec.length)
            && months >= 3
        {
            let _ = write!(
                context,
                " The figure was the {} since {} ({}-month {}){}.",
                if kind == FactKind::HighestSince {
                    "highest"
                } else {
                    "lowest"
                },
                since.period.describe(),
                display::cardinal(months),
                if kind == FactKind::HighestSince {
                    "high"
                } else {
                    "low"
                },
                w.cite(&rec)
            );
        }
    }
    if !context.is_empty() {
        md.push_str(context.trim_start());
        md.push_str("\n\n");
    }

    // Year to date.
    if let Some(ytd) = w.fact(FactKind::Ytd).cloned() {
        let mut line = format!(
            "In {}, the total was {}{}",
            ytd.period.describe(),
            ytd.display,
            w.cite(&ytd)
        );
        if ytd.basis == Basis::Computed {
            let _ = write!(line, " ({})", ytd.method);
        }
        if let Some(ch) = w.fact(FactKind::YtdChangeYoy).cloned()
            && let Some(v) = ch.value
        {
            let dir = if v < 0.0 { "down" } else { "up" };
            let marker = w.cite(&ch);
            match ch.basis {
                Basis::Computed => {
                    let _ = write!(
                        line,
                        ", {dir} {}% from a year earlier{marker}",
                        pct_words(v)
                    );
                }
                Basis::Reported => {
                    let _ = write!(
                        line,
                        ", {dir} {}% from a year earlier as published{marker}",
                        pct_words(v)
                    );
                }
            }
        }
        line.push_str(".\n\n");
        md.push_str(&line);
    }

    // Where it went: the top destinations, or this partner's place among them.
    let partner = level.subject.partner.clone();
    if partner == "WLD" {
        if let Some(top) = w.fact(FactKind::TopPartners).cloned()
            && let Some((first, rest)) = top.items.split_first()
        {
            let share = first
                .share
                .map(|s| format!(", {}% of the world total", display::number(s, 1)))
                .unwrap_or_default();
            let mut line = format!(
                "{} was the largest {} ({}{share})",
                display::capitalise(&first.name),
                if level.subject.flow == tradewatch_model::Flow::Export {
                    "destination"
                } else {
                    "source"
                },
                first.display
            );
            if !rest.is_empty() {
                let names: Vec<String> = rest
                    .iter()
                    .map(|i| format!("{} ({})", i.name, i.display))
                    .collect();
                let _ = write!(line, ", followed by {}", list_words(&names));
            }
            let _ = write!(line, "{}.", w.cite(&top));
            if let Some(note) = &top.note {
                let _ = write!(line, " {}.", display::capitalise(note));
            }
            md.push_str(&line);
            md.push_str("\n\n");
        }
    } else if let Some(rank) = w.fact_for(FactKind::Rank, &partner).cloned()
        && let (Some(r), Some(of)) = (rank.value, rank.of)
    {
        let name = input.partner_words.clone().unwrap_or(partner.clone());
        let mut line = format!(
            "{} ranked {} among the {} partner countries in the data{}",
            display::capitalise(&name),
            display::ordinal(r as u32),
            display::cardinal(of),
            w.cite(&rank)
        );
        if let Some(share) = w.fact_for(FactKind::Share, &partner).cloned() {
            let _ = write!(
                line,
                ", with {} of the {}{}",
                share.display,
                if share.method == "share of the world total" {
                    "world total"
                } else {
                    "partners' combined total"
                },
                w.cite(&share)
            );
        }
        line.push('.');
        if let Some(note) = &rank.note {
            let _ = write!(line, " {}.", display::capitalise(note));
        }
        md.push_str(&line);
        md.push_str("\n\n");
    }

    // Price per kilo.
    if let Some(uv) = w.fact(FactKind::UnitValue).cloned() {
        let mut line = format!("The unit value was {}{}", uv.display, w.cite(&uv));
        if let Some(ch) = w.fact(FactKind::UnitValueChangeMom).cloned()
            && let Some(v) = ch.value
        {
            let _ = write!(
                line,
                ", {} {}% from the month before{}",
                if v < 0.0 { "down" } else { "up" },
                pct_words(v),
                w.cite(&ch)
            );
        }
        line.push_str(".\n\n");
        md.push_str(&line);
    }

    // The policy timeline around the period.
    let timing: Vec<Fact> = input
        .facts
        .iter()
        .filter(|f| f.kind == FactKind::EventTiming)
        .cloned()
        .collect();
    if !timing.is_empty() {
        let mut parts = Vec::new();
        for t in &timing {
            let Some(e) = &t.event else { continue };
            let rel = if e.is_after(&input.period) {
                "predate"
            } else if e.is_before(&input.period) {
                "come after"
            } else {
                "cover"
            };
            parts.push(format!(
                "{rel} the {} {} ({}){}",
                e.date_words(),
                e.kind.replace('_', " "),
                e.description.trim_end_matches('.'),
                w.cite(t)
            ));
        }
        if !parts.is_empty() {
            let _ = write!(md, "The figures {}.\n\n", list_words(&parts));
        }
    }

    // Findings: published figures that disagree with the levels.
    for f in &input.facts {
        if let Some(note) = &f.note
            && f.reported.as_ref().is_some_and(|r| !r.agreement.agrees())
        {
            let _ = writeln!(md, "Note: {note}.\n");
        }
    }

    md.push_str("---\n\n");
    for n in &w.notes {
        md.push_str(&footnote_line(n));
        md.push('\n');
    }
    Brief {
        title,
        markdown: md,
        footnotes: w.notes,
    }
}

#[cfg(test)]
mod tests {
    use tradewatch_analysis::{Point, Series, Subject, facts};
    use tradewatch_model::{Flow, Measure, Period, Provenance, Quality, Source, Unit};

    use super::{BriefInput, render};

    fn point(period: &str, tonnes: f64, line: u64) -> Point {
        let period: Period = period.parse().expect("period");
        Point {
            period,
            value: tonnes * 1000.0,
            unit: Unit::Kg,
            half_width: 500.0,
            resolution: Some(1000.0),
            provenance: vec![Provenance {
                source: Source::Gacc,
                release: "r1".into(),
                citation: format!("file.csv:{line}"),
                published: None,
                quality: Quality::Ok,
                period,
                measure: Measure::Quantity,
                value: tonnes * 1000.0,
                unit: Unit::Kg,
                resolution: Some(1000.0),
                estimated: false,
                line,
            }],
            alternatives: vec![],
        }
    }

    #[test]
    fn every_marker_has_a_footnote_citing_its_rows() {
        let mut s = Series::new(Subject {
            reporter: "CHN".into(),
            partner: "DEU".into(),
            flow: Flow::Export,
            basket: "rare-earth-magnets".into(),
            measure: Measure::Quantity,
        });
        for (i, (p, t)) in [("2025-06", 764.0), ("2025-07", 1116.0), ("2025-08", 1341.0)]
            .into_iter()
            .enumerate()
        {
            s.insert(Measure::Quantity, point(p, t, i as u64 + 2));
        }
        let period: Period = "2025-08".parse().expect("period");
        let brief = render(&BriefInput {
            subject_words: "China's exports of rare-earth magnets".into(),
            partner_words: Some("Germany".into()),
            period,
            facts: facts::compute(&s, period),
        });
        let md = &brief.markdown;
        assert!(md.contains("1,341 t in August 2025"), "{md}");
        assert!(md.contains("up 20.2% from 1,116 t in July"), "{md}");
        assert!(md.contains("second consecutive monthly rise"), "{md}");
        for n in &brief.footnotes {
            let marker = format!("[^{}]", n.number);
            assert!(
                md.contains(&format!("{marker}:")),
                "footnote {marker} missing"
            );
            assert!(!n.sources.is_empty());
        }
        assert!(md.contains("file.csv:4"), "{md}");
    }
}
