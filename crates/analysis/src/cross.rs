//! Cross-partner facts for one reporter × basket × flow × measure: each partner's rank and
//! share, the changes in share, the top partners and how concentrated the trade is.
//!
//! Partial data is the rule, not the exception: a press report names the top destinations and
//! the world total, not every partner. So:
//! - shares are of the world total when the data has one, else of the sum of the partners it
//!   holds, and the fact's `method` says which;
//! - ranks are among the countries the data holds (aggregates such as the EU or "Europe" get a
//!   share but no rank) and say so when those countries do not add up to the world total;
//! - the HHI from shares of the world total, with partners missing, is a lower bound, and the
//!   fact says so.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tradewatch_model::{Countries, Flow, Measure, Period, Provenance, Unit, display};

use crate::facts::{Fact, FactKind, Item, Reference, bare, pct_display, reference, span_level};
use crate::series::{Point, Series, Subject};

/// The series of one reporter × basket × flow × measure for every partner in the data, by
/// partner code (`WLD` is the world total).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    pub reporter: String,
    pub flow: Flow,
    pub basket: String,
    pub measure: Measure,
    pub partners: BTreeMap<String, Series>,
}

impl Panel {
    /// An empty panel.
    pub fn new(reporter: &str, flow: Flow, basket: &str, measure: Measure) -> Self {
        Panel {
            reporter: reporter.to_string(),
            flow,
            basket: basket.to_string(),
            measure,
            partners: BTreeMap::new(),
        }
    }

    /// The subject of one partner's facts (`*` for facts about all partners).
    pub fn subject(&self, partner: &str) -> Subject {
        Subject {
            reporter: self.reporter.clone(),
            partner: partner.to_string(),
            flow: self.flow,
            basket: self.basket.clone(),
            measure: self.measure,
        }
    }
}

/// What shares are of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Denominator {
    World,
    KnownPartners,
}

/// One period of a panel: the world total and the partners' levels.
struct Snapshot<'a> {
    period: Period,
    world: Option<Cow<'a, Point>>,
    /// Countries by level, largest first.
    countries: Vec<(&'a str, Cow<'a, Point>)>,
    /// Groupings (EU, continents): shares only.
    groups: Vec<(&'a str, Cow<'a, Point>)>,
    total: f64,
    total_half: f64,
    denominator: Denominator,
}

impl<'a> Snapshot<'a> {
    fn take(panel: &'a Panel, period: Period) -> Option<Snapshot<'a>> {
        let countries_table = Countries::builtin();
        let mut countries = Vec::new();
        let mut groups = Vec::new();
        let mut world = None;
        for (code, series) in &panel.partners {
            // (A span the data holds as months: "the US took 8.7% of 1Q26 volume".)
            let Some(p) = span_level(series, period) else {
                continue;
            };
            if code == "WLD" {
                world = Some(p);
            } else if countries_table.get(code).is_some_and(|c| !c.is_aggregate()) {
                countries.push((code.as_str(), p));
            } else {
                groups.push((code.as_str(), p));
            }
        }
        countries.sort_by(|a, b| b.1.value.total_cmp(&a.1.value).then(a.0.cmp(b.0)));
        let (total, total_half, denominator) = match world {
            Some(ref w) if w.value > 0.0 => (w.value, w.half_width, Denominator::World),
            _ => (
                countries.iter().map(|(_, p)| p.value).sum(),
                countries.iter().map(|(_, p)| p.half_width).sum(),
                Denominator::KnownPartners,
            ),
        };
        if total <= 0.0 || (countries.is_empty() && groups.is_empty()) {
            return None;
        }
        Some(Snapshot {
            period,
            world,
            countries,
            groups,
            total,
            total_half,
            denominator,
        })
    }

    fn share(&self, p: &Point) -> f64 {
        p.value / self.total * 100.0
    }

    /// The share's range when the partner and the total vary by their rounding.
    fn share_interval(&self, p: &Point) -> [f64; 2] {
        let lo = (p.value - p.half_width) / (self.total + self.total_half) * 100.0;
        let hi = if self.total - self.total_half > 0.0 {
            (p.value + p.half_width) / (self.total - self.total_half) * 100.0
        } else {
            100.0
        };
        [lo.max(0.0), hi.min(100.0)]
    }

    fn countries_sum(&self) -> f64 {
        self.countries.iter().map(|(_, p)| p.value).sum()
    }

    /// True when the countries in the data fall short of the world total by more than rounding.
    fn partial(&self) -> bool {
        match (self.denominator, self.world.as_deref()) {
            (Denominator::World, Some(w)) => {
                let slack = w.half_width
                    + self
                        .countries
                        .iter()
                        .map(|(_, p)| p.half_width)
                        .sum::<f64>();
                self.countries_sum() + slack < w.value
            }
            _ => true,
        }
    }

    fn method(&self) -> String {
        match self.denominator {
            Denominator::World => "share of the world total".to_string(),
            Denominator::KnownPartners => {
                "share of the sum of the partners in the data (the data has no world total)"
                    .to_string()
            }
        }
    }

    fn coverage_note(&self) -> Option<String> {
        let n = self.countries.len();
        match (self.denominator, self.world.as_deref()) {
            (Denominator::World, Some(w)) if self.partial() => Some(format!(
                "the ranking covers only the {n} partner countr{} the data holds for {} (together {}, {} of the {} world total); a partner with no figure in the data could rank among them",
                if n == 1 { "y" } else { "ies" },
                self.period.describe(),
                display::amount(self.countries_sum(), w.unit, w.resolution),
                pct_display(self.countries_sum() / w.value * 100.0).trim_start_matches('+'),
                display::amount(w.value, w.unit, w.resolution),
            )),
            (Denominator::World, _) => None,
            _ => Some(format!(
                "the ranking covers only the {n} partner countr{} the data holds for {}; the data has no world total, so how much trade they cover is unknown",
                if n == 1 { "y" } else { "ies" },
                self.period.describe()
            )),
        }
    }

    fn provenance(&self) -> Vec<Provenance> {
        self.world
            .as_deref()
            .into_iter()
            .chain(self.countries.iter().map(|(_, p)| p.as_ref()))
            .flat_map(|p| p.provenance.iter().cloned())
            .collect()
    }

    /// Competition ranks ("1224"), by level.
    fn ranks(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.countries.len());
        for (i, (_, p)) in self.countries.iter().enumerate() {
            let rank = if i > 0 && self.countries[i - 1].1.value == p.value {
                out[i - 1]
            } else {
                i as u32 + 1
            };
            out.push(rank);
        }
        out
    }

    fn hhi(&self) -> f64 {
        self.countries
            .iter()
            .map(|(_, p)| self.share(p).powi(2))
            .sum()
    }

    fn top_share(&self, n: usize) -> f64 {
        self.countries
            .iter()
            .take(n)
            .map(|(_, p)| self.share(p))
            .sum()
    }

    fn world_reference(&self) -> Option<Reference> {
        self.world.as_deref().map(reference)
    }
}

fn level_display(p: &Point) -> String {
    display::amount(p.value, p.unit, p.resolution)
}

/// The earlier periods a change in share compares with: the month before (months only) and the
/// same period a year earlier.
fn comparisons(period: Period) -> Vec<(FactKind, Period)> {
    let mut out = Vec::new();
    if let Some(prev) = period.previous_month() {
        out.push((FactKind::ShareChangeMom, prev));
    }
    out.push((FactKind::ShareChangeYoy, period.shift_years(-1)));
    out
}

fn points_display(v: f64, decimals: usize) -> String {
    format!("{} pp", display::signed(v, decimals))
}

/// Every cross-partner fact for `period`: the top `top_n` partners, each partner's rank and
/// share with its changes, the HHI and the top-three share with their changes.
pub fn cross_partner(panel: &Panel, period: Period, top_n: usize) -> Vec<Fact> {
    let mut out = Vec::new();
    let Some(now) = Snapshot::take(panel, period) else {
        return out;
    };
    let earlier: Vec<(FactKind, Snapshot)> = comparisons(period)
        .into_iter()
        .filter_map(|(k, p)| Snapshot::take(panel, p).map(|s| (k, s)))
        .filter(|(_, s)| s.denominator == now.denominator)
        .collect();
    let names = Countries::builtin();
    let ranks = now.ranks();
    let note = now.coverage_note();
    let n = now.countries.len() as u32;
    let everyone = now.provenance();

    // The top list.
    let mut top = bare(FactKind::TopPartners, &panel.subject("*"), period);
    top.items = now
        .countries
        .iter()
        .zip(&ranks)
        .take(top_n)
        .map(|((code, p), &rank)| Item {
            rank,
            partner: code.to_string(),
            name: names.sentence_name(code),
            value: p.value,
            unit: p.unit,
            display: level_display(p),
            share: Some(now.share(p)),
            provenance: p.provenance.clone(),
        })
        .collect();
    top.value = Some(top.items.len() as f64);
    top.unit = "partners".to_string();
    top.display = top
        .items
        .iter()
        .map(|i| format!("{} ({})", i.name, i.display))
        .collect::<Vec<_>>()
        .join(", ");
    top.method = format!("partners ranked by {}", panel.measure);
    top.of = Some(n);
    top.base = now.world_reference();
    top.provenance = everyone.clone();
    top.note = note.clone();
    if !top.items.is_empty() {
        out.push(top);
    }

    // Each partner: rank (countries only) and share (countries and groupings).
    let everyone_shares = now
        .countries
        .iter()
        .map(|(c, p)| (*c, p.as_ref(), true))
        .chain(now.groups.iter().map(|(c, p)| (*c, p.as_ref(), false)));
    for (code, p, is_country) in everyone_shares {
        let subject = panel.subject(code);
        if is_country {
            let idx = now
                .countries
                .iter()
                .position(|(c, _)| *c == code)
                .unwrap_or(0);
            let rank = ranks[idx];
            let mut f = bare(FactKind::Rank, &subject, period);
            f.value = Some(f64::from(rank));
            f.unit = "rank".to_string();
            f.of = Some(n);
            f.display = format!(
                "{} of {} partner{} in the data ({})",
                display::ordinal(rank),
                display::cardinal(n),
                if n == 1 { "" } else { "s" },
                level_display(p)
            );
            f.method = format!("partners ranked by {}", panel.measure);
            f.base = now.world_reference();
            f.provenance = everyone.clone();
            f.note = note.clone();
            out.push(f);
        }
        let share = now.share(p);
        let mut f = bare(FactKind::Share, &subject, period);
        f.value = Some(share);
        f.unit = "pct".to_string();
        f.display = format!("{}%", display::number(share, 1));
        f.method = now.method();
        f.base = now.world_reference();
        f.interval = Some(now.share_interval(p));
        f.provenance = p
            .provenance
            .iter()
            .chain(now.world.iter().flat_map(|w| w.provenance.iter()))
            .cloned()
            .collect();
        if now.denominator == Denominator::KnownPartners {
            f.provenance = everyone.clone();
        }
        out.push(f);
        for (kind, then) in &earlier {
            let Some(q) = panel
                .partners
                .get(code)
                .and_then(|s| span_level(s, then.period))
            else {
                continue;
            };
            let before = then.share(&q);
            let mut f = bare(*kind, &subject, period);
            f.value = Some(share - before);
            f.delta = f.value;
            f.unit = "pp".to_string();
            f.display = points_display(share - before, 1);
            f.method = now.method();
            f.base = Some(Reference {
                period: then.period,
                value: Some(before),
                unit: Unit::Pct,
                display: Some(format!("{}%", display::number(before, 1))),
            });
            f.provenance = p
                .provenance
                .iter()
                .chain(now.world.iter().flat_map(|w| w.provenance.iter()))
                .chain(q.provenance.iter())
                .chain(then.world.iter().flat_map(|w| w.provenance.iter()))
                .cloned()
                .collect();
            out.push(f);
        }
    }

    // Concentration.
    if !now.countries.is_empty() {
        let lower_bound = now.denominator == Denominator::World && now.partial();
        let conc_note = if lower_bound {
            Some(format!(
                "from the {n} partner countries in the data, which cover {} of the world total: a lower bound",
                pct_display(now.countries_sum() / now.total * 100.0).trim_start_matches('+')
            ))
        } else {
            note.clone()
        };
        // Lower bounds from different sets of partners do not compare: the change is stated
        // only when the earlier period holds the same partner countries.
        let same_partners = |then: &Snapshot| {
            let mut a: Vec<&str> = now.countries.iter().map(|(c, _)| *c).collect();
            let mut b: Vec<&str> = then.countries.iter().map(|(c, _)| *c).collect();
            a.sort_unstable();
            b.sort_unstable();
            a == b
        };
        let prev = earlier.first().filter(|(_, then)| same_partners(then));
        let mut hhi = bare(FactKind::Hhi, &panel.subject("*"), period);
        let h = now.hhi();
        hhi.value = Some(h);
        hhi.unit = "index".to_string();
        hhi.display = display::number(h, 0);
        hhi.method = format!(
            "sum of the squared shares (percent) of the {}",
            match now.denominator {
                Denominator::World => "world total",
                Denominator::KnownPartners => "partners' sum",
            }
        );
        hhi.of = Some(n);
        hhi.band = Some([0.0, 10_000.0]);
        hhi.provenance = everyone.clone();
        hhi.note = conc_note.clone();
        let mut top3 = bare(FactKind::Top3Share, &panel.subject("*"), period);
        let t3 = now.top_share(3);
        top3.value = Some(t3);
        top3.unit = "pct".to_string();
        top3.display = format!("{}%", display::number(t3, 1));
        top3.method = format!("top three partners' {}", now.method());
        top3.of = Some(n);
        top3.provenance = everyone;
        top3.note = conc_note;
        if let Some((_, then)) = prev {
            let (h0, t0) = (then.hhi(), then.top_share(3));
            hhi.delta = Some(h - h0);
            hhi.base = Some(Reference {
                period: then.period,
                value: Some(h0),
                unit: Unit::Pct,
                display: Some(display::number(h0, 0)),
            });
            hhi.display = format!(
                "{} ({} from {})",
                display::number(h, 0),
                display::signed(h - h0, 0),
                then.period.describe()
            );
            top3.delta = Some(t3 - t0);
            top3.base = Some(Reference {
                period: then.period,
                value: Some(t0),
                unit: Unit::Pct,
                display: Some(format!("{}%", display::number(t0, 1))),
            });
            top3.display = format!(
                "{}% ({} from {})",
                display::number(t3, 1),
                points_display(t3 - t0, 1),
                then.period.describe()
            );
        }
        out.push(hhi);
        out.push(top3);
    }
    out
}
