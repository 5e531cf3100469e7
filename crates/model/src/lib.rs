//! tradewatch's canonical model: the vocabulary every other crate speaks.
//!
//! It sits at the root of the pipeline (sources → store → analysis → narrative): periods,
//! flows, country and commodity codes, measures and units, the [`Observation`] with its
//! provenance, the embedded [`Baskets`] and country table, and the Arrow schemas of the
//! store's tables. No I/O beyond the reference files compiled into the binary.
//!
//! ```
//! use tradewatch_model::{Baskets, Classification, Period};
//!
//! let p: Period = "2025-01..09".parse()?;
//! assert_eq!(p.len_months(), 9);
//! assert_eq!(p.shift_years(-1).to_string(), "2024-01..09");
//!
//! let magnets = Baskets::builtin().get("rare_earth_magnets").expect("built in");
//! assert_eq!(magnets.id, "rare-earth-magnets");
//! assert!(magnets.matches(Classification::CnChina8, "85051110"));
//! # Ok::<(), tradewatch_model::Error>(())
//! ```

pub mod basket;
pub mod columns;
pub mod commodity;
pub mod country;
pub mod display;
pub mod error;
pub mod event;
pub mod flow;
pub mod measure;
pub mod observation;
pub mod period;
pub mod schema;

pub use basket::{Basket, Baskets};
pub use columns::{ObservationColumns, ObservationRef, Texts};
pub use commodity::Classification;
pub use country::{Countries, Country};
pub use error::{Error, Result};
pub use event::{Event, Timeline};
pub use flow::Flow;
pub use measure::{Measure, Quality, Source, Unit};
pub use observation::{Observation, Provenance, resolution_of};
pub use period::{Month, Period};
