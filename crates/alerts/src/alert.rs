//! An alert: what fired, why, with the facts and rows behind it, under a stable fingerprint.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tradewatch_analysis::{Fact, Subject};
use tradewatch_model::{Period, Provenance, Source, Unit};

/// A figure a release replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub old: f64,
    pub new: f64,
    pub unit: Unit,
    pub old_display: String,
    pub new_display: String,
    /// (new − old) / old, percent.
    pub change_pct: f64,
    pub change_display: String,
    /// The release the earlier figure came from, and the one that replaced it.
    pub old_release: String,
    pub new_release: String,
    pub old_provenance: Vec<Provenance>,
    pub new_provenance: Vec<Provenance>,
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// The fingerprint: rule, subject, period and (for revisions) the release. The same
    /// alert always has the same id, so it fires once and is delivered under one id.
    pub id: String,
    pub rule: String,
    /// The condition's family: change, streak, record, share, partner, anomaly, revision, late.
    pub kind: String,
    /// The rule's condition as written.
    pub condition: String,
    /// What it is about (none for a late release, which is about a source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub period: Period,
    /// The release whose ingest fired it (none in a backtest or for a late release).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// One line for people.
    pub title: String,
    /// The number the condition tested (percent, months, share, score, days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    pub display: String,
    /// The facts behind it, each with its rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// The channels it goes to.
    pub deliver: Vec<String>,
    pub fired_at: DateTime<Utc>,
    /// Later than `fired_at` when a release changed what the alert says (same id).
    pub updated_at: DateTime<Utc>,
}

impl Alert {
    /// Every row behind the alert (facts, then revision sides), each once.
    pub fn provenance(&self) -> Vec<&Provenance> {
        let mut out: Vec<&Provenance> = Vec::new();
        let rows = self.facts.iter().flat_map(|f| f.provenance.iter()).chain(
            self.revision
                .iter()
                .flat_map(|r| r.old_provenance.iter().chain(r.new_provenance.iter())),
        );
        for p in rows {
            if !out
                .iter()
                .any(|q| q.release == p.release && q.line == p.line && q.period == p.period)
            {
                out.push(p);
            }
        }
        out
    }

    /// True when two evaluations of the same alert say the same thing (so a re-evaluation
    /// neither fires nor updates).
    pub fn same_content(&self, other: &Alert) -> bool {
        self.display == other.display
            && self.title == other.title
            && self.value.map(f64::to_bits) == other.value.map(f64::to_bits)
    }
}

/// The fingerprint of an alert: the first 24 hex digits of the sha256 of its parts.
pub fn fingerprint(rule: &str, subject: &str, period: &Period, release: Option<&str>) -> String {
    let mut h = Sha256::new();
    for part in [rule, subject, &period.to_string(), release.unwrap_or("-")] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    let hex = hex::encode(h.finalize());
    format!("tw-{}", &hex[..24])
}

/// A subject as it enters a fingerprint.
pub fn subject_key(s: &Subject) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        s.reporter,
        s.partner,
        s.flow.as_str(),
        s.basket,
        s.measure.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let p: Period = "2025-09".parse().expect("period");
        let q: Period = "2025-10".parse().expect("period");
        let a = fingerprint("r", "CHN|USA|export|rare-earth-magnets|quantity", &p, None);
        assert_eq!(
            a,
            fingerprint("r", "CHN|USA|export|rare-earth-magnets|quantity", &p, None)
        );
        assert_eq!(a.len(), 27);
        assert_ne!(
            a,
            fingerprint("r", "CHN|USA|export|rare-earth-magnets|quantity", &q, None)
        );
        assert_ne!(
            a,
            fingerprint("s", "CHN|USA|export|rare-earth-magnets|quantity", &p, None)
        );
        assert_ne!(
            a,
            fingerprint(
                "r",
                "CHN|USA|export|rare-earth-magnets|quantity",
                &p,
                Some("x")
            )
        );
        // A known value: fingerprints must not drift between versions (stored alerts and
        // receivers' deduplication rely on them).
        assert_eq!(
            fingerprint(
                "us-magnets-drop",
                "CHN|USA|export|rare-earth-magnets|quantity",
                &p,
                None
            ),
            "tw-f38ce485ed9f8684c40a019a"
        );
    }
}
