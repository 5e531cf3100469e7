//! What a release changed: the observations it revised (old → new) and the ones it added.

use serde::Serialize;

use crate::views::quote;
use crate::{Error, Result, Store, batch};

/// One key a release gave a figure for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub source: String,
    pub reporter: String,
    pub partner: String,
    pub flow: String,
    pub classification: String,
    pub code: String,
    pub period: String,
    pub measure: String,
    pub unit: String,
    /// The earlier figure (`None` for an added key).
    pub old: Option<f64>,
    pub new: f64,
    /// The release the earlier figure came from.
    pub old_release: Option<String>,
    pub change: Option<f64>,
    pub change_pct: Option<f64>,
    pub citation: String,
}

/// The changes of a release against a base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The release compared against, or `None` for "everything ingested before".
    pub base: Option<String>,
    pub release: String,
    pub revised: Vec<Change>,
    pub added: Vec<Change>,
    pub unchanged: u64,
}

const KEY: &str = "o.source, o.reporter, o.partner, o.flow, o.classification, o.code, o.period, o.measure, o.unit";

impl Store {
    /// Compares release `new` with release `base`, or — without a base — with the latest
    /// figure of each key among the releases ingested before it.
    pub async fn diff(&self, base: Option<&str>, new: &str) -> Result<Diff> {
        let releases = self.releases().await?;
        let find = |id: &str| {
            releases
                .iter()
                .find(|r| r.id == id)
                .ok_or_else(|| Error::Internal {
                    what: "diff".to_string(),
                    reason: format!("no release '{id}' (see `tradewatch releases`)"),
                })
        };
        let new_rel = find(new)?;
        let base_filter = match base {
            Some(b) => {
                find(b)?;
                format!("o.release = {}", quote(b))
            }
            None => format!("r.seq < {}", new_rel.seq),
        };
        // One row per key on each side: the base's latest (by release order, then line),
        // and the new release's first row of each key.
        let sql = format!(
            "WITH old AS (
                SELECT * FROM (
                    SELECT o.*, ROW_NUMBER() OVER (PARTITION BY {KEY} ORDER BY r.seq DESC, o.line) AS k
                    FROM observations o JOIN releases r ON o.release = r.id
                    WHERE {base_filter}
                ) WHERE k = 1
            ),
            new AS (
                SELECT * FROM (
                    SELECT o.*, ROW_NUMBER() OVER (PARTITION BY {KEY} ORDER BY o.line) AS k
                    FROM observations o WHERE o.release = {rel}
                ) WHERE k = 1
            )
            SELECT n.source, n.reporter, n.partner, n.flow, n.classification, n.code, n.period,
                   n.measure, n.unit, n.value AS new_value, n.citation, n.period_start,
                   o.value AS old_value, o.release AS old_release
            FROM new n LEFT JOIN old o
              ON n.source = o.source AND n.reporter = o.reporter AND n.partner = o.partner
             AND n.flow = o.flow AND n.classification = o.classification AND n.code = o.code
             AND n.period = o.period AND n.measure = o.measure AND n.unit = o.unit
            ORDER BY n.reporter, n.partner, n.code, n.period_start, n.period, n.measure",
            rel = quote(new)
        );
        let batches = self.select(&sql).await?;
        let mut diff = Diff {
            base: base.map(str::to_string),
            release: new.to_string(),
            revised: Vec::new(),
            added: Vec::new(),
            unchanged: 0,
        };
        for b in &batches {
            let c = batch::Cols::new(b);
            for i in 0..b.num_rows() {
                let new_value = c.f64("new_value", i)?.unwrap_or(0.0);
                let old = c.f64("old_value", i)?;
                let change = Change {
                    source: c.str("source", i)?,
                    reporter: c.str("reporter", i)?,
                    partner: c.str("partner", i)?,
                    flow: c.str("flow", i)?,
                    classification: c.str("classification", i)?,
                    code: c.str("code", i)?,
                    period: c.str("period", i)?,
                    measure: c.str("measure", i)?,
                    unit: c.str("unit", i)?,
                    old,
                    new: new_value,
                    old_release: old.map(|_| c.str("old_release", i)).transpose()?,
                    change: old.map(|o| new_value - o),
                    change_pct: old
                        .filter(|o| *o != 0.0)
                        .map(|o| (new_value / o - 1.0) * 100.0),
                    citation: c.str("citation", i)?,
                };
                match old {
                    None => diff.added.push(change),
                    Some(o) if o == new_value => diff.unchanged += 1,
                    Some(_) => diff.revised.push(change),
                }
            }
        }
        Ok(diff)
    }
}

/// One key a release holds a figure for (what alerts re-evaluate after it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Touched {
    pub reporter: String,
    pub partner: String,
    pub flow: String,
    pub classification: String,
    pub code: String,
    pub period: String,
    pub measure: String,
}

impl Store {
    /// The distinct keys of a release's rows.
    pub async fn touched(&self, release: &str) -> Result<Vec<Touched>> {
        let sql = format!(
            "SELECT DISTINCT reporter, partner, flow, classification, code, period, measure \
             FROM observations WHERE release = {} \
             ORDER BY reporter, partner, flow, classification, code, period, measure",
            quote(release)
        );
        let mut out = Vec::new();
        for b in &self.select(&sql).await? {
            let c = batch::Cols::new(b);
            for row in 0..b.num_rows() {
                out.push(Touched {
                    reporter: c.str("reporter", row)?,
                    partner: c.str("partner", row)?,
                    flow: c.str("flow", row)?,
                    classification: c.str("classification", row)?,
                    code: c.str("code", row)?,
                    period: c.str("period", row)?,
                    measure: c.str("measure", row)?,
                });
            }
        }
        Ok(out)
    }

    /// The last month (as a month index, see `Month::index`) for which a source has a figure,
    /// optionally of one reporter: where a release calendar starts counting.
    pub async fn latest_month(&self, source: &str, reporter: Option<&str>) -> Result<Option<i32>> {
        let reporter = reporter
            .map(|r| format!(" AND reporter = {}", quote(r)))
            .unwrap_or_default();
        let sql = format!(
            "SELECT CAST(MAX(period_start + period_months - 1) AS BIGINT) AS m \
             FROM observations WHERE source = {}{reporter}",
            quote(source)
        );
        for b in &self.select(&sql).await? {
            if b.num_rows() > 0 {
                return Ok(batch::Cols::new(b)
                    .i64("m", 0)?
                    .map(|m| i32::try_from(m).unwrap_or(i32::MAX)));
            }
        }
        Ok(None)
    }
}
