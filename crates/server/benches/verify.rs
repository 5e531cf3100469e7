//! `tradewatch verify` throughput: the articles of the claim checker's dev corpus judged
//! against a store holding the bundled dataset.
//!
//! - `verify/corpus_warm`: the facts of every subject the corpus names are already cached (a
//!   long-running checker, e.g. the API server, after its first articles); this measures the
//!   checker itself: HTML stripping, extraction, subject resolution and judging.
//! - `verify/corpus_cold`: a fresh fact cache for each pass, so every subject-period is
//!   queried from the Delta tables through DataFusion (the CLI checking one file).
//!
//! Throughput is reported in articles per second (criterion's `elements`).

use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradewatch_model::Timeline;
use tradewatch_server::StoreFacts;
use tradewatch_sources::bundled;

#[path = "../../verify/tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/setup.rs"]
mod setup;

/// The corpus: each article's text and the publication date its expectations give.
fn corpus() -> Vec<(String, Option<NaiveDate>)> {
    corpus::half("dev")
        .into_iter()
        .map(|a| {
            let published = a.published();
            (a.text, published)
        })
        .collect()
}

async fn run_corpus(source: &StoreFacts<'_>, corpus: &[(String, Option<NaiveDate>)]) -> usize {
    let mut n = 0;
    for (text, published) in corpus {
        n += tradewatch_verify::verify(text, *published, source)
            .await
            .expect("facts")
            .claims
            .len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let _guard = rt.enter();
    let dir = tempfile::tempdir().expect("temp dir");
    let store = rt.block_on(setup::bundled_store(dir.path(), "bench"));
    let timeline = Timeline::new(bundled::events().expect("bundled events"));
    let corpus = corpus();
    let n = corpus.len() as u64;

    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Elements(n));

    let warm = StoreFacts::new(&store, timeline.clone(), None);
    let claims = rt.block_on(run_corpus(&warm, &corpus));
    assert!(claims > 300, "the corpus gives {claims} claims");
    group.bench_function("corpus_warm", |b| {
        b.iter(|| rt.block_on(run_corpus(&warm, &corpus)));
    });

    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("corpus_cold", |b| {
        b.iter(|| {
            let cold = StoreFacts::new(&store, timeline.clone(), None);
            rt.block_on(run_corpus(&cold, &corpus))
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
