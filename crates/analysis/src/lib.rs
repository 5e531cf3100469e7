//! tradewatch's analysis: pure functions from a [`Series`] to [`Fact`]s, each with the
//! observations it rests on and whether it was computed from levels or taken as published.
//!
//! Third stage of the pipeline (sources → store → **analysis** → narrative / verify). No I/O:
//! the store hands out series, and everything that prints a number reads facts.
//!
//! ```
//! use tradewatch_analysis::{facts, Point, Series, Subject};
//! use tradewatch_model::{Flow, Measure, Period, Unit};
//!
//! let subject = Subject {
//!     reporter: "CHN".into(), partner: "USA".into(), flow: Flow::Export,
//!     basket: "rare-earth-magnets".into(), measure: Measure::Quantity,
//! };
//! let mut s = Series::new(subject);
//! for (p, t) in [("2025-08", 590.0), ("2025-09", 420.5)] {
//!     let period: Period = p.parse()?;
//!     s.insert(Measure::Quantity, Point {
//!         period, value: t * 1000.0, unit: Unit::Kg, half_width: 50.0,
//!         resolution: Some(100.0), provenance: vec![], alternatives: vec![],
//!     });
//! }
//! let mom = facts::change_mom(&s, "2025-09".parse()?).expect("both months present");
//! assert_eq!(mom.display, "-28.7%");
//! # Ok::<(), tradewatch_model::Error>(())
//! ```

pub mod anomaly;
pub mod cross;
pub mod events;
pub mod facts;
pub mod kernels;
pub mod mirror;
pub mod rounding;
pub mod series;
pub mod unit_value;

pub use anomaly::AnomalyConfig;
pub use cross::Panel;
pub use facts::{
    Basis, Direction, Fact, FactKind, Item, Reference, Reported, Variant, Window, WindowSide,
};
pub use mirror::MirrorConfig;
pub use rounding::Agreement;
pub use series::{Point, Series, Subject};

#[cfg(test)]
mod tests;
