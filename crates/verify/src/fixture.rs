//! A fact source from a file: the facts (and holdings, and policy events) some other source
//! gave, recorded once. The checker's own tests read a fixture dumped from a store of the
//! bundled data, so they run without the store; [`Recorder`] makes such a dump from any source.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tradewatch_analysis::{Fact, Subject};
use tradewatch_model::{Event, Period, Timeline};

use crate::source::{BoxFuture, FactSource, Facts, Holdings, SourceError};

/// The facts of one subject and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactEntry {
    pub subject: Subject,
    pub period: Period,
    pub facts: Vec<Fact>,
}

/// The holdings of one basket and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldingsEntry {
    pub basket: String,
    pub period: Period,
    pub holdings: Holdings,
}

/// Everything a fact source was asked, with its answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fixture {
    pub events: Vec<Event>,
    pub facts: Vec<FactEntry>,
    pub holdings: Vec<HoldingsEntry>,
}

fn fact_key(subject: &Subject, period: Period) -> String {
    format!("{subject} {period}")
}

fn holdings_key(basket: &str, period: Period) -> String {
    format!("{basket} {period}")
}

/// A fixture as a fact source. A question the fixture does not hold is an error (the
/// fixture is out of date), never an empty answer.
pub struct FixtureSource {
    timeline: Timeline,
    facts: BTreeMap<String, Facts>,
    holdings: BTreeMap<String, Holdings>,
}

impl FixtureSource {
    pub fn new(f: Fixture) -> Self {
        FixtureSource {
            timeline: Timeline::new(f.events),
            facts: f
                .facts
                .into_iter()
                .map(|e| (fact_key(&e.subject, e.period), Facts::new(e.facts)))
                .collect(),
            holdings: f
                .holdings
                .into_iter()
                .map(|e| (holdings_key(&e.basket, e.period), e.holdings))
                .collect(),
        }
    }
}

impl FactSource for FixtureSource {
    fn facts<'a>(
        &'a self,
        subject: &'a Subject,
        period: Period,
    ) -> BoxFuture<'a, Result<Facts, SourceError>> {
        let key = fact_key(subject, period);
        let answer = self.facts.get(&key).cloned().ok_or_else(|| SourceError {
            what: format!("facts for {key}"),
            reason: "not in the fixture (regenerate it)".to_string(),
        });
        Box::pin(async move { answer })
    }

    fn holdings<'a>(
        &'a self,
        basket: &'a str,
        period: Period,
    ) -> BoxFuture<'a, Result<Holdings, SourceError>> {
        let key = holdings_key(basket, period);
        let answer = self.holdings.get(&key).cloned().ok_or_else(|| SourceError {
            what: format!("holdings for {key}"),
            reason: "not in the fixture (regenerate it)".to_string(),
        });
        Box::pin(async move { answer })
    }

    fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}

/// Wraps a source and records every answer it gives.
pub struct Recorder<'s> {
    inner: &'s dyn FactSource,
    seen: Mutex<(BTreeMap<String, FactEntry>, BTreeMap<String, HoldingsEntry>)>,
}

impl<'s> Recorder<'s> {
    pub fn new(inner: &'s dyn FactSource) -> Self {
        Recorder {
            inner,
            seen: Mutex::new((BTreeMap::new(), BTreeMap::new())),
        }
    }

    /// What was recorded, in a stable order.
    pub fn fixture(&self) -> Fixture {
        let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
        Fixture {
            events: self.inner.timeline().events.clone(),
            facts: seen.0.into_values().collect(),
            holdings: seen.1.into_values().collect(),
        }
    }
}

impl FactSource for Recorder<'_> {
    fn facts<'a>(
        &'a self,
        subject: &'a Subject,
        period: Period,
    ) -> BoxFuture<'a, Result<Facts, SourceError>> {
        Box::pin(async move {
            let facts = self.inner.facts(subject, period).await?;
            // Only what the judge reads: a fixture of every fact would be mostly event windows.
            let kept: Vec<Fact> = facts
                .iter()
                .filter(|f| crate::judge::KINDS_USED.contains(&f.kind))
                .cloned()
                .collect();
            if let Ok(mut seen) = self.seen.lock() {
                seen.0.insert(
                    fact_key(subject, period),
                    FactEntry {
                        subject: subject.clone(),
                        period,
                        facts: kept,
                    },
                );
            }
            Ok(facts)
        })
    }

    fn holdings<'a>(
        &'a self,
        basket: &'a str,
        period: Period,
    ) -> BoxFuture<'a, Result<Holdings, SourceError>> {
        Box::pin(async move {
            let h = self.inner.holdings(basket, period).await?;
            if let Ok(mut seen) = self.seen.lock() {
                seen.1.insert(
                    holdings_key(basket, period),
                    HoldingsEntry {
                        basket: basket.to_string(),
                        period,
                        holdings: h.clone(),
                    },
                );
            }
            Ok(h)
        })
    }

    fn timeline(&self) -> &Timeline {
        self.inner.timeline()
    }
}

/// Runs a future that never waits, such as a judgement against a [`FixtureSource`] (which
/// answers at once), without an async runtime.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}
