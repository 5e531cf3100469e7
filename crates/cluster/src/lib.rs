//! tradewatch past one machine: the bulk facts job (`facts --all`) on an Apache DataFusion
//! Ballista cluster whose scheduler and executors are this crate's — the same binary in each
//! role.
//!
//! Three things make a stock Ballista cluster unable to run our plan, and this crate is the
//! answer to each:
//!
//! * **Our window functions travel by name.** The scheduler decodes `tw_rank` and the
//!   `tw_*` kernels in the client's logical plan, and every executor in the physical plans
//!   it is sent. Both register them from [`window_functions`], one list, so they cannot
//!   drift; a stock executor fails the job with `There is no UDWF named "tw_rank"`.
//! * **delta-rs's scan cannot be shipped.** The client reads the Delta logs itself, pins
//!   each table's version and registers a Parquet listing table over exactly that version's
//!   files ([`tradewatch_store::Store::table_files`]). DataFusion's plan encoding carries
//!   such a table natively. Any other provider is refused before anything is sent
//!   ([`check_shippable`]).
//! * **Versions must agree.** The client puts its tradewatch version in the session's
//!   settings (`tradewatch.version`); the scheduler refuses a session, and an executor a
//!   task, whose version is not its own, with a message naming both.
//!
//! Everything here logs through `tracing` (Ballista itself through `log`) and returns
//! [`Error`]; the CLI decides what users see.

use std::sync::Arc;

use datafusion::common::config::{ConfigEntry, ConfigExtension, ExtensionOptions};
use datafusion::execution::SessionStateBuilder;
use datafusion::logical_expr::WindowUDF;
use datafusion::prelude::SessionConfig;

mod facts;
mod roles;

pub use facts::{ClusterFacts, Engine, check_shippable, facts_all, shuffle_partitions};
pub use roles::{
    ExecutorOptions, SchedulerOptions, Up, UpOptions, executor, free_port, scheduler, up,
};

/// This build's version: client, scheduler and executors must all run the same.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Errors of the cluster roles and of a job run on them.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad address, engine URL or option.
    #[error("{0}")]
    Config(String),
    /// The store could not be read or the facts table written.
    #[error(transparent)]
    Store(Box<tradewatch_store::Error>),
    /// The plan holds something a cluster cannot run; nothing was sent.
    #[error("cannot run on a cluster: {0}")]
    NotShippable(String),
    /// An executor refused the job's tasks before running them (Ballista keeps the reason
    /// in the executor's log); the message says what usually causes it.
    #[error("{0}")]
    Rejected(String),
    /// The cluster did not read every row of the files it was sent (a host without the data
    /// directory at the same path); nothing was written.
    #[error("{0}")]
    Unreadable(String),
    /// Ballista failed to start a role or lost it.
    #[error("{what}: {source}")]
    Ballista {
        what: String,
        #[source]
        source: ballista_core::error::BallistaError,
    },
    /// Planning or running the job failed (a refused version or a missing function lands
    /// here, with the cluster's message).
    #[error("{what}: {source}")]
    Query {
        what: String,
        #[source]
        source: datafusion::error::DataFusionError,
    },
    /// An I/O error (a work directory, a port).
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<tradewatch_store::Error> for Error {
    fn from(e: tradewatch_store::Error) -> Error {
        Error::Store(Box::new(e))
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn query(what: impl Into<String>) -> impl FnOnce(datafusion::error::DataFusionError) -> Error {
    let what = what.into();
    move |source| Error::Query { what, source }
}

fn ballista(what: impl Into<String>) -> impl FnOnce(ballista_core::error::BallistaError) -> Error {
    let what = what.into();
    move |source| Error::Ballista { what, source }
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let what = what.into();
    move |source| Error::Io { what, source }
}

/// What tradewatch adds to a Ballista session's settings (`tradewatch.*`), which the
/// scheduler and every task receive with the plan.
///
/// Written out rather than with DataFusion's `extensions_options!`: the entries that macro
/// lists lack the prefix (`.version`), so Ballista, which sends a session's settings as
/// its entries, would send a key no receiver can set.
#[derive(Debug, Clone, Default)]
pub struct TradewatchOptions {
    /// The tradewatch version of the client that submitted the job.
    pub version: String,
}

impl ConfigExtension for TradewatchOptions {
    const PREFIX: &'static str = "tradewatch";
}

impl ExtensionOptions for TradewatchOptions {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn cloned(&self) -> Box<dyn ExtensionOptions> {
        Box::new(self.clone())
    }

    fn set(&mut self, key: &str, value: &str) -> datafusion::error::Result<()> {
        match key {
            "version" => {
                self.version = value.to_string();
                Ok(())
            }
            _ => Err(datafusion::error::DataFusionError::Configuration(format!(
                "no tradewatch setting {key}"
            ))),
        }
    }

    fn entries(&self) -> Vec<ConfigEntry> {
        vec![ConfigEntry {
            key: format!("{}.version", Self::PREFIX),
            value: Some(self.version.clone()),
            description: "the tradewatch version of the client that submitted the job",
        }]
    }
}

/// The window functions the cluster's sessions need, from the store's one list: `tw_rank`
/// and the analysis kernels.
pub fn window_functions() -> Vec<Arc<WindowUDF>> {
    tradewatch_store::window_functions()
        .into_iter()
        .map(Arc::new)
        .collect()
}

/// A Ballista session configuration that carries `version` as `tradewatch.version`.
fn config_with_version(version: &str) -> SessionConfig {
    use ballista_core::extension::SessionConfigExt;
    SessionConfig::new_with_ballista().with_option_extension(TradewatchOptions {
        version: version.to_string(),
    })
}

/// What a scheduler or an executor starts a session's configuration from, before the
/// client's settings are applied: no version, so a client that sends none is refused.
fn role_config() -> SessionConfig {
    config_with_version("")
}

/// Checks a session's `tradewatch.version` against the role's own.
fn check_version(config: &SessionConfig, role: &str, own: &str) -> datafusion::error::Result<()> {
    let theirs = config
        .options()
        .extensions
        .get::<TradewatchOptions>()
        .map(|o| o.version.clone())
        .unwrap_or_default();
    if theirs == own {
        return Ok(());
    }
    let message = if theirs.is_empty() {
        format!(
            "this {role} runs tradewatch {own} and the client did not say its tradewatch version \
             (only a tradewatch client can submit to a tradewatch cluster)"
        )
    } else {
        format!(
            "tradewatch versions differ: the client runs {theirs}, this {role} runs {own}; \
             run the same tradewatch version in every role"
        )
    };
    tracing::warn!(role, own, theirs, "refused: {message}");
    Err(datafusion::error::DataFusionError::Configuration(message))
}

/// The session state the scheduler plans in: Ballista's defaults plus our window functions.
/// (The client's state is upgraded by Ballista, which replaces its window functions; it
/// registers ours after connecting.)
fn state_builder(config: SessionConfig) -> SessionStateBuilder {
    use ballista_core::extension::{
        ballista_aggregate_functions, ballista_scalar_functions, ballista_window_functions,
    };
    let mut windows = ballista_window_functions();
    windows.extend(window_functions());
    SessionStateBuilder::new()
        .with_default_features()
        .with_config(config)
        .with_scalar_functions(ballista_scalar_functions())
        .with_aggregate_functions(ballista_aggregate_functions())
        .with_window_functions(windows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_of_another_version_is_refused_with_both_versions_named() {
        let config = config_with_version("0.0.1");
        let e = check_version(&config, "executor", "9.9.9").expect_err("refused");
        let text = e.to_string();
        assert!(text.contains("0.0.1") && text.contains("9.9.9"), "{text}");
        assert!(text.contains("executor"), "{text}");
        check_version(&config_with_version(VERSION), "scheduler", VERSION).expect("same");
    }

    #[test]
    fn a_session_without_a_version_is_refused() {
        use ballista_core::extension::{SessionConfigExt, SessionConfigHelperExt};
        // A stock Ballista client's settings, applied to what our roles start from.
        let sent = SessionConfig::new_with_ballista().to_key_value_pairs();
        let received = role_config().update_from_key_value_pair(&sent);
        let e = check_version(&received, "scheduler", VERSION).expect_err("refused");
        assert!(e.to_string().contains("did not say"), "{e}");
    }

    #[test]
    fn the_version_travels_in_the_settings_sent_with_a_job() {
        use ballista_core::extension::SessionConfigHelperExt;
        let sent = config_with_version("1.2.3").to_key_value_pairs();
        let received = config_with_version("other").update_from_key_value_pair(&sent);
        check_version(&received, "executor", "1.2.3").expect("received 1.2.3");
    }

    #[test]
    fn every_window_function_the_store_registers_is_in_the_cluster_list() {
        let names: Vec<String> = window_functions()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        assert!(names.contains(&"tw_rank".to_string()), "{names:?}");
        assert!(names.iter().any(|n| n == "tw_mom_pct"), "{names:?}");
        assert_eq!(names.len(), tradewatch_store::window_functions().len());
    }
}
