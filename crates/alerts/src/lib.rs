//! tradewatch's alerts: rules on the facts, evaluated after every release, each alert fired
//! once under a stable fingerprint and delivered through a persisted outbox.
//!
//! - [`rules`]: the TOML rule file (scope, one condition, channels, release calendars);
//!   errors name file, line and field.
//! - [`eval`]: pure functions from a rule and a panel of series to alerts.
//! - [`log`]: the append-only, fsynced alert log in the data dir — store and outbox at once.
//! - [`sign`]: Standard Webhooks signatures; [`atom`]: the feed.
//! - with the `store` feature, `run` (rules on the store: after a release, backtest, late)
//!   and `deliver` (stdout, JSONL, signed webhooks, SMTP mail, with retries).
//!
//! Libraries never print: `stdout` alerts are handed to the caller's sink.

pub mod alert;
pub mod atom;
pub mod eval;
pub mod log;
pub mod rules;
pub mod sign;

#[cfg(feature = "store")]
pub mod deliver;
#[cfg(feature = "store")]
pub mod run;

use std::path::{Path, PathBuf};

pub use alert::{Alert, Revision, fingerprint};
pub use log::{AlertLog, Record, State};
pub use rules::{Condition, Rule, RuleSet};

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule file with a mistake: nothing in it is used.
    #[error("{file}:{line}: {field}: {reason}")]
    Rules {
        file: String,
        line: usize,
        field: String,
        reason: String,
    },
    /// The alert log is damaged.
    #[error("{path}:{line}: the alert log is damaged: {reason}")]
    Log {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[cfg(feature = "store")]
    #[error(transparent)]
    Store(Box<tradewatch_store::Error>),
}

#[cfg(feature = "store")]
impl From<tradewatch_store::Error> for Error {
    fn from(e: tradewatch_store::Error) -> Self {
        Error::Store(Box::new(e))
    }
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Result with the alerts' [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The rule file of a data dir when none is named: `<data dir>/alerts.toml`.
pub fn default_rules_path(data_dir: &Path) -> PathBuf {
    data_dir.join("alerts.toml")
}

/// The rules a data dir runs: the file `named` (which must exist), else `alerts.toml` in the
/// data dir when there is one. `None`: no rule file, no alerts.
pub fn rules_for(data_dir: &Path, named: Option<&Path>) -> Result<Option<RuleSet>> {
    match named {
        Some(p) => load_rules(p).map(Some),
        None => {
            let p = default_rules_path(data_dir);
            if p.exists() {
                load_rules(&p).map(Some)
            } else {
                Ok(None)
            }
        }
    }
}

/// Reads and parses a rule file.
pub fn load_rules(path: &Path) -> Result<RuleSet> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    rules::parse(&path.display().to_string(), &text)
}

/// A test hook for crash tests: when `TRADEWATCH_CRASH_AT` names this point, the process
/// kills itself with SIGKILL (no destructors, no flushing — as `kill -9` from outside).
pub fn crash_point(name: &str) {
    if std::env::var("TRADEWATCH_CRASH_AT").is_ok_and(|v| v == name) {
        tracing::error!(point = name, "TRADEWATCH_CRASH_AT: killing the process");
        let pid = std::process::id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status();
        std::process::abort();
    }
}
