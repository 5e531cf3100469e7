//! The store as the claim checker's fact source: `Store::facts` for each subject and period a
//! story names, computed once per subject and period and kept for the rest of the run.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;
use tradewatch_analysis::{Fact, Subject};
use tradewatch_model::{Period, Timeline};
use tradewatch_verify::FactSource;

use crate::{FactsQuery, Store};

/// Facts from a store, cached by subject and period.
pub struct StoreFacts<'a> {
    store: &'a Store,
    timeline: Timeline,
    as_of: Option<NaiveDate>,
    cache: Mutex<HashMap<(String, String), Vec<Fact>>>,
}

impl<'a> StoreFacts<'a> {
    /// Facts of `store` as it stood on `as_of` (all releases when `None`), with `timeline`'s
    /// policy events.
    pub fn new(store: &'a Store, timeline: Timeline, as_of: Option<NaiveDate>) -> Self {
        Self {
            store,
            timeline,
            as_of,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// How many subject-periods have been computed so far.
    pub fn cached(&self) -> usize {
        self.cache.lock().map_or(0, |c| c.len())
    }
}

impl FactSource for StoreFacts<'_> {
    /// Runs the store's query on the current tokio runtime; call it from a multi-threaded
    /// runtime (or from a thread that has entered one).
    fn facts(&self, subject: &Subject, period: Period) -> Vec<Fact> {
        let key = (format!("{subject}"), period.to_string());
        if let Ok(cache) = self.cache.lock()
            && let Some(f) = cache.get(&key)
        {
            return f.clone();
        }
        let mut q = FactsQuery::new(subject.clone(), period, self.timeline.clone());
        q.as_of = self.as_of;
        // Every partner: a ranking claim is judged against all of them.
        q.top = usize::MAX;
        let facts = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current()
                .block_on(self.store.facts(&q))
                .map_err(|e| e.to_string())
        })
        .unwrap_or_else(|e| {
            eprintln!("tradewatch: facts for {subject} {period}: {e}");
            Vec::new()
        });
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, facts.clone());
        }
        facts
    }

    fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}
