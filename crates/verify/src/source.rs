//! The seam between the claim checker and the data: [`FactSource`].
//!
//! Asking the data may do I/O (a store query), so every method is async and fallible: a failed
//! read is an [`SourceError`] that ends the check, never an empty answer that would turn into
//! "unverifiable". The store-backed source lives above both stages (in the server crate); the
//! tests use a fixture of facts dumped from that source.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};
use tradewatch_analysis::{Fact, Subject};
use tradewatch_model::{Flow, Period, Timeline};

/// A boxed future, as a trait object's async method returns it.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The data could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{what}: {reason}")]
pub struct SourceError {
    /// What was being read ("facts for CHN→USA export rare-earth-magnets 2025-09").
    pub what: String,
    pub reason: String,
}

/// What the data holds for a basket in a period: every (reporter, flow) with a figure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Holdings {
    pub pairs: Vec<(String, Flow)>,
}

impl Holdings {
    /// The reporters held.
    pub fn reporters(&self) -> Vec<&str> {
        let mut r: Vec<&str> = self.pairs.iter().map(|(r, _)| r.as_str()).collect();
        r.sort_unstable();
        r.dedup();
        r
    }

    /// The flows held for a reporter (any reporter when `None`).
    pub fn flows(&self, reporter: Option<&str>) -> Vec<Flow> {
        let mut f: Vec<Flow> = self
            .pairs
            .iter()
            .filter(|(r, _)| reporter.is_none_or(|want| want == r))
            .map(|(_, f)| *f)
            .collect();
        f.sort_unstable_by_key(|f| f.as_str());
        f.dedup();
        f
    }
}

/// The facts of one subject and period, as a source hands them out.
pub type Facts = std::sync::Arc<Vec<Fact>>;

/// Where the facts come from: the store in the CLI and the API, a fixture in tests.
pub trait FactSource: Send + Sync {
    /// Every fact of a subject for a period (a subject with partner `*`: every partner's
    /// rank and share too), shared: a cached answer is handed out, never copied.
    fn facts<'a>(
        &'a self,
        subject: &'a Subject,
        period: Period,
    ) -> BoxFuture<'a, Result<Facts, SourceError>>;

    /// The reporters and flows holding a figure of a basket in a period.
    fn holdings<'a>(
        &'a self,
        basket: &'a str,
        period: Period,
    ) -> BoxFuture<'a, Result<Holdings, SourceError>>;

    /// The policy timeline.
    fn timeline(&self) -> &Timeline;
}
