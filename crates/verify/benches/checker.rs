//! The checker's own speed, with every fact it needs already in memory (the fixture the
//! corpus test uses, which is what a warm fact cache holds): the dev corpus read and judged.
//!
//! - `checker/read`: HTML tokenizing, tokens, rules, subject resolution;
//! - `checker/read_and_judge`: the same, then every claim judged against the facts.
//!
//! Throughput is in articles per second (criterion's `elements`). The store-backed, cold
//! numbers are the server crate's `verify` bench.
//!
//! The allocator is jemalloc, as in the `tradewatch` binary that runs `verify`: the reader
//! allocates per token, and glibc's malloc would price the bench on an allocator no user runs.

use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradewatch_verify::fixture::{Fixture, FixtureSource, block_on};

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../tests/support/corpus.rs"]
mod corpus;

fn corpus() -> Vec<(String, Option<NaiveDate>)> {
    corpus::half("dev")
        .into_iter()
        .map(|a| {
            let published = a.published();
            (a.text, published)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/facts.json");
    let fixture: Fixture =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture");
    let source = FixtureSource::new(fixture);
    let corpus = corpus();
    let mut group = c.benchmark_group("checker");
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function("read", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|(text, published)| tradewatch_verify::read(text, *published).claims.len())
                .sum::<usize>()
        });
    });
    group.bench_function("read_and_judge", |b| {
        b.iter(|| {
            let mut n = 0;
            for (text, published) in &corpus {
                let report = block_on(tradewatch_verify::read(text, *published).judge(&source))
                    .expect("facts in the fixture");
                n += report.claims.len();
            }
            n
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
