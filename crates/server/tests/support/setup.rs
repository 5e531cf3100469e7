//! The bundled dataset as a release, and a store holding it: one setup for the server's
//! tests and benches (each uses what it needs).
#![allow(dead_code)]

use std::path::Path;

use tradewatch_model::Source;
use tradewatch_sources::{Options, bundled};
use tradewatch_store::{NewRelease, Store};

/// The bundled observations as a release named `id`.
pub(crate) fn bundled_release(id: &str, sha256: &str) -> NewRelease {
    let parsed = tradewatch_sources::parse(
        bundled::OBSERVATIONS_NAME,
        bundled::OBSERVATIONS,
        &Options {
            default_source: Some(Source::Press),
            ..Options::default()
        },
    )
    .expect("the bundled data parse");
    NewRelease {
        id: Some(id.into()),
        source: parsed.source,
        format: parsed.format.as_str().into(),
        file_name: bundled::OBSERVATIONS_NAME.into(),
        sha256: sha256.into(),
        published: parsed.published,
        observations: parsed.observations,
    }
}

/// A store in `dir` holding the bundled data as release `bundled`.
pub(crate) async fn bundled_store(dir: &Path, sha256: &str) -> Store {
    let mut store = Store::open(dir).await.expect("open the store");
    store
        .ingest(bundled_release("bundled", sha256))
        .await
        .expect("ingest the bundled data");
    store
}
