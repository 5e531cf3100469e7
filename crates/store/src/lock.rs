//! One writer at a time per data directory: an exclusive advisory lock (`flock`) on
//! `<data dir>/writer.lock`, held from the moment a writer reads the releases (to check a
//! file's sha256 and pick its `seq`) until its last commit.
//!
//! The operating system drops the lock when the holding process exits, however it exits
//! (`kill -9` included), so a dead writer never blocks the next one. The file itself stays;
//! the holder writes its pid, command line and start time into it so that a waiting process
//! can say whom it waits for.
//!
//! Delta Lake's own conflict detection is the second line: every observations commit carries
//! the application transaction `tradewatch-ingest` (version = the release's `seq`), so two
//! ingest commits that race past the lock (a second data directory path on a file system
//! whose `flock` is not shared, say) conflict instead of both appending.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::{Error, Result};

/// The lock file's name inside the data directory.
pub const LOCK_FILE: &str = "writer.lock";

/// Who holds the lock, as the holder wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holder {
    /// The holder's process id (0 when the file did not say).
    pub pid: u32,
    /// Its command line.
    pub command: String,
    /// When it took the lock (RFC 3339), as written.
    pub since: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pid == 0 {
            return write!(f, "another process");
        }
        write!(f, "pid {}", self.pid)?;
        if !self.command.is_empty() {
            write!(f, " ({})", self.command)?;
        }
        if !self.since.is_empty() {
            write!(f, ", since {}", self.since)?;
        }
        Ok(())
    }
}

impl Holder {
    fn parse(text: &str) -> Holder {
        let mut h = Holder::default();
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", v)) => h.pid = v.trim().parse().unwrap_or(0),
                Some(("command", v)) => h.command = v.trim().to_string(),
                Some(("since", v)) => h.since = v.trim().to_string(),
                _ => {}
            }
        }
        h
    }

    /// Reads who holds the lock of a data directory (whatever the lock file says now).
    pub fn read(dir: &Path) -> Holder {
        std::fs::read_to_string(dir.join(LOCK_FILE))
            .map(|t| Holder::parse(&t))
            .unwrap_or_default()
    }
}

/// Called once when a writer has waited a second for the lock, with the holder: the CLI
/// prints it, the server logs it.
pub type OnWait = Arc<dyn Fn(&Holder) + Send + Sync>;

/// How a writer waits for the lock.
#[derive(Clone)]
pub struct LockWait {
    /// Give up after this long (`None`: wait as long as it takes).
    pub timeout: Option<Duration>,
    /// Told about the holder after a second of waiting.
    pub on_wait: Option<OnWait>,
}

impl Default for LockWait {
    fn default() -> Self {
        LockWait {
            timeout: Some(Duration::from_secs(600)),
            on_wait: None,
        }
    }
}

impl std::fmt::Debug for LockWait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockWait")
            .field("timeout", &self.timeout)
            .field("on_wait", &self.on_wait.is_some())
            .finish()
    }
}

/// The held writer lock; dropping it releases the lock.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    path: PathBuf,
}

fn open(dir: &Path) -> Result<(File, PathBuf)> {
    std::fs::create_dir_all(dir).map_err(|e| Error::DataDir {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Error::ReadOnly {
                    path: dir.display().to_string(),
                    reason: format!("cannot open {}: {e}", path.display()),
                }
            }
            _ => Error::DataDir {
                path: path.display().to_string(),
                reason: format!("cannot open the writer lock: {e}"),
            },
        })?;
    Ok((file, path))
}

impl WriterLock {
    /// Takes the lock if nobody holds it; `None` when another process does.
    pub fn try_acquire(dir: &Path) -> Result<Option<WriterLock>> {
        let (file, path) = open(dir)?;
        match file.try_lock() {
            Ok(()) => {
                let mut lock = WriterLock { file, path };
                lock.stamp();
                Ok(Some(lock))
            }
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(Error::DataDir {
                path: path.display().to_string(),
                reason: format!("cannot lock: {e}"),
            }),
        }
    }

    /// Takes the lock, waiting for the holder as `wait` says.
    pub async fn acquire(dir: &Path, wait: &LockWait) -> Result<WriterLock> {
        let started = Instant::now();
        let mut told = false;
        let mut pause = Duration::from_millis(5);
        loop {
            if let Some(lock) = WriterLock::try_acquire(dir)? {
                if told {
                    tracing::info!(
                        waited_ms = started.elapsed().as_millis() as u64,
                        "writer lock taken"
                    );
                }
                return Ok(lock);
            }
            let waited = started.elapsed();
            if !told && waited >= Duration::from_secs(1) {
                told = true;
                let holder = Holder::read(dir);
                tracing::info!(holder = %holder, "waiting for the writer lock");
                if let Some(f) = &wait.on_wait {
                    f(&holder);
                }
            }
            if let Some(limit) = wait.timeout
                && waited >= limit
            {
                return Err(Error::Locked {
                    path: dir.display().to_string(),
                    holder: Holder::read(dir).to_string(),
                    waited,
                });
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(100));
        }
    }

    /// Writes who holds the lock into the file (best effort: a waiter only reads it to
    /// name the holder).
    fn stamp(&mut self) {
        let command: Vec<String> = std::env::args().collect();
        let text = format!(
            "pid={}\ncommand={}\nsince={}\n",
            std::process::id(),
            command.join(" ").replace('\n', " "),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        let written = self
            .file
            .set_len(0)
            .and_then(|()| self.file.rewind())
            .and_then(|()| self.file.write_all(text.as_bytes()));
        if let Err(e) = written {
            tracing::warn!(path = %self.path.display(), error = %e, "could not write the lock holder");
        }
    }

    /// The holder as written in the file (this process, once stamped).
    pub fn holder(&mut self) -> Holder {
        let mut text = String::new();
        let _ = self
            .file
            .rewind()
            .and_then(|()| self.file.read_to_string(&mut text));
        Holder::parse(&text)
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Closing the file drops the lock too; unlocking first makes it immediate.
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_taker_waits_then_times_out_naming_the_holder() {
        let dir = tempfile::tempdir().expect("dir");
        let first = WriterLock::try_acquire(dir.path())
            .expect("lock")
            .expect("free");
        assert!(WriterLock::try_acquire(dir.path()).expect("lock").is_none());
        let seen = Arc::new(std::sync::Mutex::new(None));
        let seen2 = seen.clone();
        let wait = LockWait {
            timeout: Some(Duration::from_millis(1200)),
            on_wait: Some(Arc::new(move |h: &Holder| {
                *seen2.lock().expect("mutex") = Some(h.clone());
            })),
        };
        let err = WriterLock::acquire(dir.path(), &wait)
            .await
            .expect_err("held");
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        let holder = seen
            .lock()
            .expect("mutex")
            .clone()
            .expect("told after a second");
        assert_eq!(holder.pid, std::process::id());
        drop(first);
        let again = WriterLock::acquire(dir.path(), &LockWait::default()).await;
        assert!(again.is_ok());
    }
}
