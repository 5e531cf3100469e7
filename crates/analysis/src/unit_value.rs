//! Unit values: value ÷ quantity, from a value and a quantity published together.
//!
//! A unit value mixes two figures, so they must describe the same shipments: the same release
//! (and, for press reports, which share one release, the same article), the same flow (the two
//! series share a subject), and a real quantity — not zero, and an estimated quantity only with
//! a flag in the fact's note.

use tradewatch_model::{Period, Provenance, Source, Unit, display};

use crate::facts::{Basis, Fact, FactKind, Reference, bare, pct_display};
use crate::kernels;
use crate::series::{Point, Series};

/// One value/quantity pair and the unit value from it.
#[derive(Debug, Clone)]
struct Pair {
    per_kg: f64,
    interval: [f64; 2],
    currency: Unit,
    provenance: Vec<Provenance>,
    estimated: bool,
    /// The rows came from alternatives (another article that gives both figures).
    from_alternatives: bool,
}

fn releases(p: &[Provenance]) -> Vec<(&str, Option<&str>)> {
    let mut v: Vec<(&str, Option<&str>)> = p
        .iter()
        .map(|r| {
            (
                r.release.as_str(),
                (r.source == Source::Press).then_some(r.citation.as_str()),
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn make(
    value: f64,
    value_half: f64,
    currency: Unit,
    kg: f64,
    kg_half: f64,
    prov: Vec<Provenance>,
) -> Option<Pair> {
    if kg <= 0.0 || !matches!(currency, Unit::Usd | Unit::Cny | Unit::Eur) {
        return None;
    }
    let lo = if kg + kg_half > 0.0 {
        (value - value_half) / (kg + kg_half)
    } else {
        0.0
    };
    let hi = if kg - kg_half > 0.0 {
        (value + value_half) / (kg - kg_half)
    } else {
        f64::MAX
    };
    let estimated = prov.iter().any(|p| p.estimated);
    Some(Pair {
        per_kg: value / kg,
        interval: [lo, hi],
        currency,
        provenance: prov,
        estimated,
        from_alternatives: false,
    })
}

/// The unit value of a period: the chosen rows when they were published together, else the
/// first pair of rows (chosen or alternative) of one release and article.
fn pair(quantity: &Series, value: &Series, period: &Period) -> Option<Pair> {
    let q = quantity.level(period)?;
    let v = value.level(period)?;
    if q.unit != Unit::Kg {
        return None;
    }
    if releases(&q.provenance) == releases(&v.provenance) {
        return make(
            v.value,
            v.half_width,
            v.unit,
            q.value,
            q.half_width,
            v.provenance.iter().chain(&q.provenance).cloned().collect(),
        );
    }
    let singles = |p: &Point| -> Vec<Provenance> {
        let mut out: Vec<Provenance> = if p.provenance.len() == 1 {
            p.provenance.clone()
        } else {
            Vec::new()
        };
        out.extend(p.alternatives.iter().cloned());
        out
    };
    for vr in singles(v).iter().filter(|r| r.unit == v.unit) {
        for qr in singles(q).iter().filter(|r| r.unit == Unit::Kg) {
            if releases(std::slice::from_ref(vr)) == releases(std::slice::from_ref(qr)) {
                let half = |r: &Provenance| r.resolution.unwrap_or(0.0) / 2.0;
                let mut p = make(
                    vr.value,
                    half(vr),
                    vr.unit,
                    qr.value,
                    half(qr),
                    vec![vr.clone(), qr.clone()],
                )?;
                p.from_alternatives = true;
                return Some(p);
            }
        }
    }
    None
}

fn code(currency: Unit) -> String {
    currency.as_str().to_uppercase()
}

fn per_kg_display(per_kg: f64, currency: Unit) -> String {
    let decimals = if per_kg >= 100.0 { 0 } else { 2 };
    format!(
        "{} {}/kg ({} {}/t)",
        code(currency),
        display::number(per_kg, decimals),
        code(currency),
        display::number(per_kg * 1000.0, 0)
    )
}

/// The unit value of `period` and its changes from the month before and the year before.
pub fn unit_values(quantity: &Series, value: &Series, period: Period) -> Vec<Fact> {
    let mut out = Vec::new();
    let Some(now) = pair(quantity, value, &period) else {
        return out;
    };
    let subject = &value.subject;
    let mut f = bare(FactKind::UnitValue, subject, period);
    f.value = Some(now.per_kg);
    f.unit = format!("{}/kg", code(now.currency));
    f.display = per_kg_display(now.per_kg, now.currency);
    f.basis = Basis::Computed;
    f.method = "value ÷ quantity, published together".to_string();
    f.interval = Some(now.interval);
    f.provenance = now.provenance.clone();
    let mut notes = Vec::new();
    if now.estimated {
        notes.push("the quantity is flagged as estimated by the source".to_string());
    }
    if now.from_alternatives {
        notes.push(
            "from the one article in the data that gives both figures (not the rows chosen for the levels)"
                .to_string(),
        );
    }
    if !notes.is_empty() {
        f.note = Some(notes.join("; "));
    }
    out.push(f);
    let bases = [
        (FactKind::UnitValueChangeMom, period.previous_month()),
        (FactKind::UnitValueChangeYoy, Some(period.shift_years(-1))),
    ];
    for (kind, base) in bases {
        let Some(base) = base else { continue };
        let Some(then) = pair(quantity, value, &base) else {
            continue;
        };
        if then.currency != now.currency {
            continue;
        }
        let Some(change) = kernels::pct_change(now.per_kg, then.per_kg) else {
            continue;
        };
        let mut c = bare(kind, subject, period);
        c.value = Some(change);
        c.unit = "pct".to_string();
        c.display = pct_display(change);
        c.method = "unit values".to_string();
        c.base = Some(Reference {
            period: base,
            value: Some(then.per_kg),
            unit: then.currency,
            display: Some(per_kg_display(then.per_kg, then.currency)),
        });
        c.interval = Some([
            kernels::pct_change(now.interval[0], then.interval[1]).unwrap_or(f64::MIN),
            kernels::pct_change(now.interval[1], then.interval[0]).unwrap_or(f64::MAX),
        ]);
        c.provenance = now
            .provenance
            .iter()
            .chain(&then.provenance)
            .cloned()
            .collect();
        out.push(c);
    }
    out
}
