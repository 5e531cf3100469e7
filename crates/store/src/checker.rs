//! The store as the claim checker's fact source: `Store::facts` for each subject and period a
//! story names, computed once per subject and period and kept for the rest of the run, or, with
//! a shared [`FactCache`], for as long as the store does not change (the API server keeps one
//! for all its requests and clears it on ingest).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tradewatch_analysis::{Fact, Subject};
use tradewatch_model::{Period, Timeline};
use tradewatch_verify::FactSource;

use crate::{FactsQuery, Store};

/// What a fact list is cached under: the as-of date, the subject and the period.
type FactKey = (Option<NaiveDate>, String, String);

/// Facts already computed, by as-of date, subject and period. It holds at most
/// [`FactCache::ENTRIES`] lists and starts over when full; whoever changes the store clears it.
#[derive(Default)]
pub struct FactCache {
    map: Mutex<HashMap<FactKey, Vec<Fact>>>,
}

impl FactCache {
    /// Subject-periods kept at most (a bound against a caller walking every subject).
    pub const ENTRIES: usize = 65_536;

    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets everything (the store changed).
    pub fn clear(&self) {
        if let Ok(mut m) = self.map.lock() {
            m.clear();
        }
    }

    /// How many subject-periods are held.
    pub fn len(&self) -> usize {
        self.map.lock().map_or(0, |m| m.len())
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &FactKey) -> Option<Vec<Fact>> {
        self.map.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: FactKey, facts: Vec<Fact>) {
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= Self::ENTRIES {
                m.clear();
            }
            m.insert(key, facts);
        }
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
    /// Runs the store's query on the current tokio runtime; call it from a multi-threaded
    /// runtime (or from a thread that has entered one).
    fn facts(&self, subject: &Subject, period: Period) -> Vec<Fact> {
        let key = (self.as_of, format!("{subject}"), period.to_string());
        if let Some(f) = self.cache.get(&key) {
            return f;
        }
        let mut q = FactsQuery::new(subject.clone(), period, self.timeline.clone());
        q.as_of = self.as_of;
        // Every partner: a ranking claim is judged against all of them.
        q.top = usize::MAX;
        let facts = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(self.store.facts(&q))
        });
        match facts {
            Ok(facts) => {
                self.cache.put(key, facts.clone());
                facts
            }
            // Not cached: a failed read may succeed next time.
            Err(e) => {
                eprintln!("tradewatch: facts for {subject} {period}: {e}");
                Vec::new()
            }
        }
    }

    fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}
