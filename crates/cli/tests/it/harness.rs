//! A small fluent harness: `Tw::new()` makes a fresh data dir; `tw.run(&[...])` runs the real
//! binary against it and returns what it printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) struct Tw {
    pub(crate) dir: tempfile::TempDir,
}

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    #[track_caller]
    pub(crate) fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

pub(crate) fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tradewatch"))
}

impl Tw {
    pub(crate) fn new() -> Tw {
        Tw {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(crate) fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.arg("--data-dir")
            .arg(self.data_dir())
            .args(args)
            .env_remove("TRADEWATCH_DATA_DIR");
        c
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = self.command(args).output().expect("run tradewatch");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).to_string(),
            stderr: String::from_utf8_lossy(&stderr).to_string(),
        }
    }

    /// Writes a file into the temp dir and returns its path.
    pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write file");
        p
    }

    /// `SELECT count(*)` of a query, as a number.
    pub(crate) fn count(&self, sql: &str) -> i64 {
        let out = self.run(&["sql", sql, "--format", "csv"]).ok();
        out.stdout
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or_else(|| panic!("no count in {:?}", out.stdout))
    }
}

pub(crate) fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The tradewatch CSV header used by the test files.
pub(crate) const HEADER: &str = "source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,published,quality,note\n";
