//! The alert log: `<data dir>/alerts/log.jsonl`, append-only, one JSON record a line, each
//! appended and fsynced before the next step. It is the alerts' store and the outbox at once:
//! an alert is `fired` once (its fingerprint), each channel's delivery is `sent` (or
//! `suppressed` while silenced) after the receiver acknowledged it, and a release is
//! `evaluated` after its alerts are on disk. Whatever a crash interrupts is redone from the
//! log: unevaluated releases are evaluated, unsent deliveries are sent again with the same id.
//!
//! Writers hold `alerts/lock` (an exclusive file lock, released by the kernel when the
//! process dies). Readers need no lock: a torn last line (a writer killed mid-append) is
//! ignored by readers and cut off by the next writer.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::alert::Alert;
use crate::{Error, Result};

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Record {
    /// The releases in the store when alerting began: not evaluated (their figures were
    /// there before the rules).
    Baseline {
        releases: Vec<String>,
        at: DateTime<Utc>,
    },
    /// A new alert.
    Fired { alert: Alert },
    /// A release changed what an alert says: same id, later `updated_at`.
    Updated { alert: Alert },
    /// Every rule was evaluated on a release and its alerts are recorded above.
    Evaluated {
        release: String,
        fired: usize,
        at: DateTime<Utc>,
    },
    /// A channel acknowledged an alert.
    Sent {
        id: String,
        channel: String,
        attempts: u32,
        at: DateTime<Utc>,
    },
    /// Not sent: silenced (the alert stays listed).
    Suppressed {
        id: String,
        channel: String,
        reason: String,
        at: DateTime<Utc>,
    },
    /// A delivery pass gave up; the next pass tries again.
    Failed {
        id: String,
        channel: String,
        error: String,
        at: DateTime<Utc>,
    },
    /// Deliveries of a rule (or of one alert) are held until a date.
    Silenced {
        target: String,
        until: NaiveDate,
        at: DateTime<Utc>,
    },
}

/// What the log says, folded.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// Alerts by id, latest content.
    pub alerts: BTreeMap<String, Alert>,
    /// Ids in firing order.
    pub order: Vec<String>,
    pub baseline: Option<BTreeSet<String>>,
    pub evaluated: BTreeSet<String>,
    /// (id, channel) pairs done (sent or suppressed).
    pub done: BTreeSet<(String, String)>,
    /// Last failure per (id, channel).
    pub failures: BTreeMap<(String, String), String>,
    /// Sent records per id: (channel, attempts, at).
    pub deliveries: BTreeMap<String, Vec<(String, u32, DateTime<Utc>)>>,
    pub silences: BTreeMap<String, NaiveDate>,
}

impl State {
    fn apply(&mut self, r: Record) {
        match r {
            Record::Baseline { releases, .. } => {
                self.baseline = Some(releases.into_iter().collect());
            }
            Record::Fired { alert } => {
                if !self.alerts.contains_key(&alert.id) {
                    self.order.push(alert.id.clone());
                }
                self.alerts.insert(alert.id.clone(), alert);
            }
            Record::Updated { alert } => {
                self.alerts.insert(alert.id.clone(), alert);
            }
            Record::Evaluated { release, .. } => {
                self.evaluated.insert(release);
            }
            Record::Sent {
                id,
                channel,
                attempts,
                at,
            } => {
                self.deliveries.entry(id.clone()).or_default().push((
                    channel.clone(),
                    attempts,
                    at,
                ));
                self.failures.remove(&(id.clone(), channel.clone()));
                self.done.insert((id, channel));
            }
            Record::Suppressed { id, channel, .. } => {
                self.done.insert((id, channel));
            }
            Record::Failed {
                id, channel, error, ..
            } => {
                self.failures.insert((id, channel), error);
            }
            Record::Silenced { target, until, .. } => {
                self.silences.insert(target, until);
            }
        }
    }

    /// True when a release needs evaluating.
    pub fn needs_evaluation(&self, release: &str) -> bool {
        !self.evaluated.contains(release)
            && !self.baseline.as_ref().is_some_and(|b| b.contains(release))
    }

    /// The silence that holds an alert on a day, if any (by alert id or rule id).
    pub fn silenced(&self, alert: &Alert, today: NaiveDate) -> Option<NaiveDate> {
        [alert.id.as_str(), alert.rule.as_str()]
            .iter()
            .filter_map(|t| self.silences.get(*t))
            .filter(|until| **until >= today)
            .max()
            .copied()
    }

    /// (alert, channel) pairs not yet done, in firing order.
    pub fn pending(&self) -> Vec<(&Alert, &str)> {
        let mut out = Vec::new();
        for id in &self.order {
            let Some(a) = self.alerts.get(id) else {
                continue;
            };
            for ch in &a.deliver {
                if !self.done.contains(&(id.clone(), ch.clone())) {
                    out.push((a, ch.as_str()));
                }
            }
        }
        out
    }

    /// Alerts, newest first.
    pub fn newest_first(&self) -> Vec<&Alert> {
        let mut v: Vec<&Alert> = self
            .order
            .iter()
            .filter_map(|id| self.alerts.get(id))
            .collect();
        v.reverse();
        v
    }

    /// Finds an alert by full id or a unique prefix.
    pub fn find(&self, id: &str) -> Option<&Alert> {
        if let Some(a) = self.alerts.get(id) {
            return Some(a);
        }
        let mut hits = self.alerts.values().filter(|a| a.id.starts_with(id));
        match (hits.next(), hits.next()) {
            (Some(a), None) if id.len() >= 6 => Some(a),
            _ => None,
        }
    }
}

/// The log's paths in a data dir.
pub fn log_path(data_dir: &Path) -> PathBuf {
    data_dir.join("alerts").join("log.jsonl")
}

/// Reads a log's text into records; `(records, bytes of whole lines)`. A bad line that is not
/// the last is an error naming it; a bad or unterminated last line is a torn append.
fn parse(path: &Path, text: &str) -> Result<(Vec<Record>, usize)> {
    let mut out = Vec::new();
    let mut good = 0usize;
    let mut offset = 0usize;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        offset += line.len();
        let complete = line.ends_with('\n');
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            if complete {
                good = offset;
            }
            continue;
        }
        match serde_json::from_str::<Record>(body) {
            Ok(r) if complete => {
                out.push(r);
                good = offset;
            }
            Ok(_) => break,
            Err(e) if i + 1 == n => {
                tracing::warn!(path = %path.display(), line = i + 1, error = %e, "ignoring a torn last line of the alert log");
                break;
            }
            Err(e) => {
                return Err(Error::Log {
                    path: path.display().to_string(),
                    line: i + 1,
                    reason: e.to_string(),
                });
            }
        }
    }
    Ok((out, good))
}

/// Reads the log without locking (for listing). A missing log is an empty state.
pub fn read(data_dir: &Path) -> Result<State> {
    let path = log_path(data_dir);
    let text = match std::fs::read(&path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let (records, _) = parse(&path, &text)?;
    let mut state = State::default();
    for r in records {
        state.apply(r);
    }
    Ok(state)
}

/// The log opened for writing, under its lock.
pub struct AlertLog {
    path: PathBuf,
    file: File,
    _lock: File,
    state: State,
}

impl AlertLog {
    /// Opens (creating) the log and takes its lock, waiting for another writer.
    pub fn open(data_dir: &Path) -> Result<AlertLog> {
        let dir = data_dir.join("alerts");
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let lock_path = dir.join("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        lock.lock().map_err(|e| Error::io(&lock_path, e))?;
        let path = log_path(data_dir);
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        let (records, good) = parse(&path, &text)?;
        if good < bytes.len() {
            // A torn append: cut it off so the next record starts on a line of its own.
            file.set_len(good as u64).map_err(|e| Error::io(&path, e))?;
            file.seek(SeekFrom::End(0))
                .map_err(|e| Error::io(&path, e))?;
            file.sync_all().map_err(|e| Error::io(&path, e))?;
        }
        let mut state = State::default();
        for r in records {
            state.apply(r);
        }
        Ok(AlertLog {
            path,
            file,
            _lock: lock,
            state,
        })
    }

    /// What the log says.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Appends records and fsyncs them before returning.
    pub fn append(&mut self, records: Vec<Record>) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::new();
        for r in &records {
            serde_json::to_writer(&mut buf, r).map_err(|e| Error::Log {
                path: self.path.display().to_string(),
                line: 0,
                reason: e.to_string(),
            })?;
            buf.push(b'\n');
        }
        self.file
            .write_all(&buf)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| Error::io(&self.path, e))?;
        for r in records {
            self.state.apply(r);
        }
        Ok(())
    }

    /// Records candidate alerts: new ids fire, known ids whose content changed are updated
    /// (keeping `fired_at`), the rest change nothing. Returns the ids that fired.
    pub fn record(&mut self, candidates: Vec<Alert>, now: DateTime<Utc>) -> Result<Vec<String>> {
        let mut records = Vec::new();
        let mut fired = Vec::new();
        let mut seen = BTreeSet::new();
        for mut a in candidates {
            if !seen.insert(a.id.clone()) {
                continue;
            }
            match self.state.alerts.get(&a.id) {
                None => {
                    fired.push(a.id.clone());
                    records.push(Record::Fired { alert: a });
                }
                Some(old) if !old.same_content(&a) => {
                    a.fired_at = old.fired_at;
                    a.updated_at = now;
                    a.deliver = old.deliver.clone();
                    records.push(Record::Updated { alert: a });
                }
                Some(_) => {}
            }
        }
        self.append(records)?;
        Ok(fired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(id: &str) -> Alert {
        let now = Utc::now();
        Alert {
            id: id.to_string(),
            rule: "r".into(),
            kind: "change".into(),
            condition: "mom_pct <= -20".into(),
            subject: None,
            source: None,
            period: "2025-09".parse().expect("period"),
            release: None,
            title: "t".into(),
            value: Some(-28.7),
            display: "-28.7%".into(),
            facts: vec![],
            revision: None,
            deliver: vec!["stdout".into(), "hook".into()],
            fired_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn fires_once_updates_in_place_and_survives_a_torn_tail() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().to_path_buf();
        let now = Utc::now();
        {
            let mut log = AlertLog::open(&dir).expect("open");
            assert_eq!(
                log.record(vec![alert("a"), alert("a")], now).expect("rec"),
                vec!["a"]
            );
            assert!(log.record(vec![alert("a")], now).expect("rec").is_empty());
            let mut changed = alert("a");
            changed.display = "-27.1%".into();
            assert!(log.record(vec![changed], now).expect("rec").is_empty());
            assert_eq!(log.state().alerts["a"].display, "-27.1%");
            assert_eq!(log.state().pending().len(), 2);
            log.append(vec![Record::Sent {
                id: "a".into(),
                channel: "hook".into(),
                attempts: 1,
                at: now,
            }])
            .expect("sent");
            assert_eq!(log.state().pending().len(), 1);
        }
        // A writer killed mid-append leaves half a line.
        let path = log_path(&dir);
        let mut f = OpenOptions::new().append(true).open(&path).expect("open");
        f.write_all(b"{\"op\":\"fired\",\"alert\":{\"id\":")
            .expect("write");
        drop(f);
        let read_back = read(&dir).expect("readers ignore the torn line");
        assert_eq!(read_back.order, vec!["a"]);
        let mut log = AlertLog::open(&dir).expect("the writer cuts it off");
        log.record(vec![alert("b")], now).expect("rec");
        let again = read(&dir).expect("read");
        assert_eq!(again.order, vec!["a", "b"]);
        // A bad line in the middle is an error naming it.
        let text = std::fs::read_to_string(&path).expect("read");
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(1, "not json");
        std::fs::write(&path, lines.join("\n") + "\n").expect("write");
        match read(&dir) {
            Err(Error::Log { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }
}
