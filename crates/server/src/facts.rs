//! The store as the claim checker's fact source. This adapter sits above both stages (the
//! store must not depend on the checker): `Store::facts` for each subject and period a story
//! names and `Store::holdings` for what the text leaves open, computed once and kept for the
//! life of a [`FactCache`] (the API server keeps one for all its requests and clears it on
//! ingest; the CLI one per run).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tradewatch_analysis::Subject;
use tradewatch_model::{Baskets, Period, Timeline};
use tradewatch_store::{FactsQuery, Store};
use tradewatch_verify::{BoxFuture, FactSource, Facts, Holdings, SourceError};

/// What an answer is cached under: the as-of date and the question.
type Key = (Option<NaiveDate>, String);

/// One answer, computed once: concurrent askers of the same question wait for the first.
type Cell<V> = Arc<tokio::sync::OnceCell<V>>;

/// Answers already computed (or being computed), by as-of date and question. It holds at
/// most [`FactCache::ENTRIES`] answers and starts over when full; whoever changes the store
/// clears it. A failed read leaves its cell empty, so the next asker tries again.
#[derive(Default)]
pub struct FactCache {
    facts: Mutex<HashMap<Key, Cell<Facts>>>,
    holdings: Mutex<HashMap<Key, Cell<Holdings>>>,
}

impl FactCache {
    /// Answers kept at most (a bound against a caller walking every subject).
    pub const ENTRIES: usize = 65_536;

    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets everything (the store changed).
    pub fn clear(&self) {
        if let Ok(mut m) = self.facts.lock() {
            m.clear();
        }
        if let Ok(mut m) = self.holdings.lock() {
            m.clear();
        }
    }

    /// How many subject-periods are held.
    pub fn len(&self) -> usize {
        self.facts
            .lock()
            .map_or(0, |m| m.values().filter(|c| c.initialized()).count())
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The cell for a question (made empty when missing).
fn cell<V>(map: &Mutex<HashMap<Key, Cell<V>>>, key: Key) -> Cell<V> {
    match map.lock() {
        Ok(mut m) => {
            if m.len() >= FactCache::ENTRIES && !m.contains_key(&key) {
                m.clear();
            }
            m.entry(key).or_default().clone()
        }
        Err(_) => Arc::default(),
    }
}

/// Facts from a store, cached by as-of date, subject and period.
pub struct StoreFacts<'a> {
    store: &'a Store,
    timeline: Timeline,
    as_of: Option<NaiveDate>,
    cache: Arc<FactCache>,
}

impl<'a> StoreFacts<'a> {
    /// Facts of `store` as it stood on `as_of` (all releases when `None`), with `timeline`'s
    /// policy events, cached for the life of this value.
    pub fn new(store: &'a Store, timeline: Timeline, as_of: Option<NaiveDate>) -> Self {
        Self::with_cache(store, timeline, as_of, Arc::new(FactCache::new()))
    }

    /// The same, sharing `cache` with other runs over the same store; clear the cache when
    /// the store changes.
    pub fn with_cache(
        store: &'a Store,
        timeline: Timeline,
        as_of: Option<NaiveDate>,
        cache: Arc<FactCache>,
    ) -> Self {
        Self {
            store,
            timeline,
            as_of,
            cache,
        }
    }

    /// How many subject-periods the cache holds (for every as-of date, when shared).
    pub fn cached(&self) -> usize {
        self.cache.len()
    }
}

impl FactSource for StoreFacts<'_> {
    fn facts<'b>(
        &'b self,
        subject: &'b Subject,
        period: Period,
    ) -> BoxFuture<'b, Result<Facts, SourceError>> {
        Box::pin(async move {
            let cell = cell(
                &self.cache.facts,
                (self.as_of, format!("{subject} {period}")),
            );
            let facts = cell
                .get_or_try_init(|| async {
                    let mut q = FactsQuery::new(subject.clone(), period, self.timeline.clone());
                    q.as_of = self.as_of;
                    // Every partner: a ranking claim is judged against all of them.
                    q.top = usize::MAX;
                    self.store.facts(&q).await.map(Facts::new).map_err(|e| {
                        tracing::warn!(%subject, %period, error = %e, "reading facts for a claim failed");
                        SourceError {
                            what: format!("facts for {subject} {period}"),
                            reason: e.to_string(),
                        }
                    })
                })
                .await?;
            Ok(facts.clone())
        })
    }

    fn holdings<'b>(
        &'b self,
        basket: &'b str,
        period: Period,
    ) -> BoxFuture<'b, Result<Holdings, SourceError>> {
        Box::pin(async move {
            let Ok(b) = Baskets::current().lookup(basket) else {
                return Ok(Holdings::default());
            };
            let cell = cell(
                &self.cache.holdings,
                (self.as_of, format!("{basket} {period}")),
            );
            let held = cell
                .get_or_try_init(|| async {
                    match self.store.holdings(&b, period, self.as_of).await {
                        Ok(pairs) => Ok(Holdings { pairs }),
                        Err(e) => {
                            tracing::warn!(basket, %period, error = %e, "reading holdings for a claim failed");
                            Err(SourceError {
                                what: format!("what the data hold for {basket} {period}"),
                                reason: e.to_string(),
                            })
                        }
                    }
                })
                .await?;
            Ok(held.clone())
        })
    }

    fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}
