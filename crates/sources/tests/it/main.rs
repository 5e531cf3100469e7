//! The agencies' formats, read from fixtures in their exact shapes
//! (`tests/data/<agency>/`, made by `tests/data/make_fixtures.py`; its README lists the
//! expected observations). Every trap of formats.md §6–7 has a test named after it.
#![allow(clippy::unwrap_used)]
#![recursion_limit = "256"]

mod bulk_parallel;
mod census;
mod comext;
mod comtrade;
mod comtrade_totals;
mod detect;
mod gacc;
mod mapped;
mod never_panics;
mod validate_first;

use std::fmt::Write as _;
use std::path::PathBuf;

use tradewatch_model::{Flow, Observation, Period};
use tradewatch_sources::{Options, Parsed};

pub(crate) fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

pub(crate) fn read(rel: &str, options: &Options) -> tradewatch_sources::Result<Parsed> {
    let bytes = std::fs::read(data(rel)).unwrap();
    tradewatch_sources::parse(rel, &bytes, options)
}

pub(crate) fn clean(rel: &str, options: &Options) -> Parsed {
    let p = read(rel, options).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(p.report.is_clean(), "{rel}: {:#?}", p.report.rejected);
    p
}

pub(crate) fn export() -> Options {
    Options {
        flow: Some(Flow::Export),
        ..Options::default()
    }
}

/// The canonical rows as one line each, for snapshots.
pub(crate) fn table(obs: &[Observation]) -> String {
    let mut out = String::new();
    for o in obs {
        let _ = writeln!(
            out,
            "{} {}>{} {} {} {} {} {}={} {}{}{} @{}",
            o.source,
            o.reporter,
            o.partner,
            o.flow,
            o.classification,
            o.code,
            o.period,
            o.measure,
            o.value,
            o.unit,
            if o.estimated { " est" } else { "" },
            if o.suppressed { " sup" } else { "" },
            o.line
        );
    }
    out
}

/// Finds the one observation matching the filters.
pub(crate) fn one<'a>(
    obs: &'a [Observation],
    partner: &str,
    period: &str,
    measure: &str,
) -> &'a Observation {
    let period: Period = period.parse().unwrap();
    let hits: Vec<&Observation> = obs
        .iter()
        .filter(|o| o.partner == partner && o.period == period && o.measure.as_str() == measure)
        .collect();
    assert_eq!(hits.len(), 1, "{partner} {period} {measure}: {hits:#?}");
    hits[0]
}

/// Sum of a measure over the rows whose partner is a country (not WLD/EUN/aggregates).
pub(crate) fn sum_countries(obs: &[Observation], measure: &str, flow: Flow) -> f64 {
    let countries = tradewatch_model::Countries::builtin();
    obs.iter()
        .filter(|o| o.measure.as_str() == measure && o.flow == flow)
        .filter(|o| countries.get(&o.partner).is_some_and(|c| !c.is_aggregate()))
        .map(|o| o.value)
        .sum()
}
