//! Store integration tests: a real Delta store in a temp dir, the bundled dataset ingested
//! through the same path as any file.
#![allow(clippy::unwrap_used)]

mod bulk;
mod claims;
mod optimize;
mod resident;
mod store;

use tradewatch_model::Source;
use tradewatch_sources::{Options, bundled};
use tradewatch_store::{NewRelease, Store};

/// A store in a temp dir holding the bundled release.
pub(crate) async fn bundled_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).await.expect("open");
    let parsed = tradewatch_sources::parse(
        bundled::OBSERVATIONS_NAME,
        bundled::OBSERVATIONS,
        &Options {
            default_source: Some(Source::Press),
            ..Options::default()
        },
    )
    .expect("parse bundled");
    store
        .ingest(NewRelease {
            id: Some("bundled".into()),
            source: parsed.source,
            format: parsed.format.as_str().into(),
            file_name: bundled::OBSERVATIONS_NAME.into(),
            sha256: "bundled-test".into(),
            published: parsed.published,
            observations: parsed.observations,
        })
        .await
        .expect("ingest bundled");
    (dir, store)
}
