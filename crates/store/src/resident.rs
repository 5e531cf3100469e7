//! The store held in memory for interactive reads: every observation of the current table
//! versions, joined with its release, indexed by reporter and flow.
//!
//! Why: a series or facts request through SQL builds a DataFusion session, plans the ranking
//! query, opens every data file of the table and sorts — tens of milliseconds on a 370-row
//! store, and more with every release (each ingest adds files). A request that filters rows
//! already in memory and ranks them with the same comparator ([`crate::ranking`]) takes
//! microseconds and does not slow down as releases pile up.
//!
//! What stays one definition: the candidates are the rows the SQL of [`crate::views`] takes
//! (not `suspect`, published by the as-of date, releases through `through_seq`), a basket's
//! rows are [`Basket::matches`], and the ranking is [`crate::ranking::rank_group_of`]. A test
//! runs both paths over the same stores and asserts equal answers.
//!
//! When: a store handle builds it on the first read after its table versions change (an
//! ingest, a refresh), unless the table holds more rows than its limit
//! ([`crate::Store::set_resident_rows`]); then reads go through SQL as before.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use futures::StreamExt;
use tradewatch_model::{
    Basket, Classification, Flow, Measure, Period, Provenance, Quality, Source, Unit,
};

use crate::ranking::{Candidate, rank_group_of};
use crate::series::{Row, SeriesQuery, measures_of, parse};
use crate::{Release, Result, Store, batch, query};

/// An interned string: an index into [`Resident::strings`].
type Sym = u32;

/// One observation as held in memory.
#[derive(Debug, Clone)]
struct Obs {
    reporter: Sym,
    partner: Sym,
    classification: Classification,
    code: Sym,
    citation: Sym,
    /// Index into [`Resident::releases`].
    release: u32,
    flow: Flow,
    measure: Measure,
    unit: Unit,
    source: Source,
    quality: Quality,
    period: Period,
    value: f64,
    resolution: Option<f64>,
    /// Date32.
    published: Option<i32>,
    estimated: bool,
    line: i64,
}

/// The table versions a resident copy was read at.
pub(crate) type Versions = (Option<u64>, Option<u64>);

/// The whole store in memory, as of one version of each table.
#[derive(Debug)]
pub(crate) struct Resident {
    pub(crate) versions: Versions,
    releases: Vec<Release>,
    strings: Vec<Arc<str>>,
    ids: HashMap<Arc<str>, Sym>,
    rows: Vec<Obs>,
    by_reporter_flow: HashMap<(Sym, Flow), Vec<u32>>,
}

/// What a store handle holds for its current versions.
#[derive(Debug, Clone)]
pub(crate) enum Held {
    Resident(Arc<Resident>),
    /// The table was larger than the limit at these versions: read through SQL.
    TooLarge(Versions),
}

impl Held {
    pub(crate) fn versions(&self) -> Versions {
        match self {
            Held::Resident(r) => r.versions,
            Held::TooLarge(v) => *v,
        }
    }
}

/// Columns read into memory: everything a series row carries.
const COLUMNS: &str = "source, release, reporter, partner, flow, classification, code, period, \
                       measure, value, unit, resolution, estimated, quality, citation, published, line";

/// True, and said in the log, when `rows` (counted in the log, or read so far) pass the limit.
fn over_limit(rows: u64, limit: u64) -> bool {
    let over = rows > limit;
    if over {
        tracing::info!(
            limit,
            rows,
            "the observations hold more rows than the resident limit; reads go through SQL"
        );
    }
    over
}

impl Resident {
    fn intern(&mut self, s: &str) -> Sym {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as Sym;
        let shared: Arc<str> = Arc::from(s);
        self.strings.push(shared.clone());
        self.ids.insert(shared, id);
        id
    }

    fn text(&self, sym: Sym) -> &str {
        &self.strings[sym as usize]
    }

    /// Reads the store's tables at their current versions; `None` when the observations
    /// hold more than `limit` rows.
    pub(crate) async fn load(store: &Store, limit: u64) -> Result<Option<Resident>> {
        let versions = store.versions();
        // The log's record counts say first whether the table can fit: without them, a
        // 100 M-observation store was read up to the limit (4 M rows, 5–8 s) before it was
        // found too large.
        if store
            .observation_rows()
            .is_some_and(|rows| over_limit(rows, limit))
        {
            return Ok(None);
        }
        let releases = store.releases_sql().await?;
        let by_id: HashMap<&str, u32> = releases
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i as u32))
            .collect();
        let mut me = Resident {
            versions,
            releases: Vec::new(),
            strings: Vec::new(),
            ids: HashMap::new(),
            rows: Vec::new(),
            by_reporter_flow: HashMap::new(),
        };
        let ctx = store
            .tables_session(datafusion::prelude::SessionConfig::new())
            .await?;
        let mut stream = ctx
            .sql(&format!("SELECT {COLUMNS} FROM observations"))
            .await
            .map_err(query("planning the read into memory"))?
            .execute_stream()
            .await
            .map_err(query("reading the observations into memory"))?;
        let mut seen: u64 = 0;
        while let Some(b) = stream.next().await {
            let b = b.map_err(query("reading the observations into memory"))?;
            seen += b.num_rows() as u64;
            if over_limit(seen, limit) {
                return Ok(None);
            }
            let c = batch::Cols::new(&b);
            let text = |name: &str| c.texts(name);
            let (sources, releases_col, reporters, partners) = (
                text("source")?,
                text("release")?,
                text("reporter")?,
                text("partner")?,
            );
            let (flows, classifications, codes, periods) = (
                text("flow")?,
                text("classification")?,
                text("code")?,
                text("period")?,
            );
            let (measures, units, qualities, citations) = (
                text("measure")?,
                text("unit")?,
                text("quality")?,
                text("citation")?,
            );
            for i in 0..b.num_rows() {
                // Rows whose release row is missing are not yet part of the store (the SQL
                // joins them away the same way).
                let Some(&release) = by_id.get(releases_col.value(i)) else {
                    continue;
                };
                let obs = Obs {
                    reporter: me.intern(reporters.value(i)),
                    partner: me.intern(partners.value(i)),
                    classification: parse("classification", classifications.value(i))?,
                    code: me.intern(codes.value(i)),
                    citation: me.intern(citations.value(i)),
                    release,
                    flow: parse("flow", flows.value(i))?,
                    measure: parse("measure", measures.value(i))?,
                    unit: parse("unit", units.value(i))?,
                    source: parse("source", sources.value(i))?,
                    quality: parse("quality", qualities.value(i))?,
                    period: parse("period", periods.value(i))?,
                    value: c.f64("value", i)?.unwrap_or(0.0),
                    resolution: c.f64("resolution", i)?,
                    published: c.date("published", i)?.map(batch::to_date32),
                    estimated: c.bool("estimated", i)?,
                    line: c.i64("line", i)?.unwrap_or(0),
                };
                let at = me.rows.len() as u32;
                me.by_reporter_flow
                    .entry((obs.reporter, obs.flow))
                    .or_default()
                    .push(at);
                me.rows.push(obs);
            }
        }
        me.releases = releases;
        me.rows.shrink_to_fit();
        tracing::debug!(rows = me.rows.len(), "observations held in memory");
        Ok(Some(me))
    }

    /// Observations held.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Rows per release id, as the table holds them (a release with no rows is not listed).
    pub(crate) fn row_counts(&self) -> std::collections::BTreeMap<String, i64> {
        let mut per = vec![0i64; self.releases.len()];
        for o in &self.rows {
            per[o.release as usize] += 1;
        }
        self.releases
            .iter()
            .zip(per)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| (r.id.clone(), n))
            .collect()
    }

    /// Every release, in ingest order.
    pub(crate) fn releases(&self) -> Vec<Release> {
        self.releases.clone()
    }

    /// Whether a row is a candidate at all: not `suspect`, and published by `as_of` (its own
    /// date, else its release's; a row with neither is not known to be published by then).
    fn candidate(&self, o: &Obs, as_of: Option<NaiveDate>, through_seq: Option<i64>) -> bool {
        let release = &self.releases[o.release as usize];
        o.quality != Quality::Suspect
            && as_of.is_none_or(|d| {
                o.published
                    .map(batch::from_date32)
                    .or(release.published)
                    .is_some_and(|p| p <= d)
            })
            && through_seq.is_none_or(|s| release.seq <= s)
    }

    /// The ranked rows of a series query, in the order the SQL path gives them.
    pub(crate) fn rows(&self, q: &SeriesQuery, basket: &Basket, one_partner: bool) -> Vec<Row> {
        let s = &q.subject;
        let (Some(&reporter), Some(partner)) = (
            self.ids.get(s.reporter.as_str()),
            match one_partner {
                true => self.ids.get(s.partner.as_str()).map(Some),
                false => Some(None),
            },
        ) else {
            return Vec::new();
        };
        let Some(index) = self.by_reporter_flow.get(&(reporter, s.flow)) else {
            return Vec::new();
        };
        let measures = measures_of(s.measure);
        let from = q.from.map(|p| p.first().index());
        let to = q.to.map(|p| p.last().index());
        // The candidates, grouped by key (reporter and flow are fixed).
        type Key = (Sym, Classification, Sym, Measure, Unit, i32, i32);
        let mut groups: HashMap<Key, Vec<u32>> = HashMap::new();
        for &at in index {
            let o = &self.rows[at as usize];
            let (start, months) = (o.period.first().index(), o.period.len_months());
            if partner.is_some_and(|p| *p != o.partner)
                || !measures.contains(&o.measure)
                || from.is_some_and(|f| start < f)
                || to.is_some_and(|t| start + months - 1 > t)
                || !basket.matches(o.classification, self.text(o.code))
                || !self.candidate(o, q.as_of, q.through_seq)
            {
                continue;
            }
            groups
                .entry((
                    o.partner,
                    o.classification,
                    o.code,
                    o.measure,
                    o.unit,
                    start,
                    months,
                ))
                .or_default()
                .push(at);
        }
        let mut ranked: Vec<(u64, &Obs)> = Vec::new();
        for members in groups.into_values() {
            let mut group: Vec<(&Obs, Candidate)> = members
                .iter()
                .map(|&at| {
                    let o = &self.rows[at as usize];
                    let release = &self.releases[o.release as usize];
                    let candidate = Candidate {
                        preferred: q
                            .prefer_citation
                            .as_deref()
                            .is_some_and(|c| c == self.text(o.citation)),
                        source_rank: i64::from(o.source.rank()),
                        release_published: release.published.map(batch::to_date32),
                        release_seq: release.seq,
                        quality_ok: o.quality == Quality::Ok,
                        has_published: o.published.is_some(),
                        release: release.id.as_str(),
                        value: o.value,
                        resolution: o.resolution,
                        line: o.line,
                        corroboration: 0,
                    };
                    (o, candidate)
                })
                .collect();
            rank_group_of(&mut group);
            ranked.extend(
                group
                    .into_iter()
                    .enumerate()
                    .map(|(place, (o, _))| (place as u64 + 1, o)),
            );
        }
        // The SQL's order: period, measure, rank, then partner, classification, code and unit
        // (which make it total).
        ranked.sort_by(|(ra, a), (rb, b)| {
            let key = |r: &u64, o: &Obs| {
                (
                    o.period.first().index(),
                    o.period.len_months(),
                    o.measure.as_str(),
                    *r,
                )
            };
            key(ra, a)
                .cmp(&key(rb, b))
                .then_with(|| self.text(a.partner).cmp(self.text(b.partner)))
                .then_with(|| a.classification.as_str().cmp(b.classification.as_str()))
                .then_with(|| self.text(a.code).cmp(self.text(b.code)))
                .then_with(|| a.unit.as_str().cmp(b.unit.as_str()))
        });
        ranked
            .into_iter()
            .map(|(rank, o)| {
                let release = &self.releases[o.release as usize];
                Row {
                    partner: self.text(o.partner).to_string(),
                    source: o.source,
                    classification: o.classification.as_str().to_string(),
                    code: self.text(o.code).to_string(),
                    period: o.period,
                    measure: o.measure,
                    value: o.value,
                    unit: o.unit,
                    resolution: o.resolution,
                    rank: rank as i64,
                    prov: Provenance {
                        source: o.source,
                        release: release.id.clone(),
                        citation: self.text(o.citation).to_string(),
                        published: o.published.map(batch::from_date32),
                        quality: o.quality,
                        period: o.period,
                        measure: o.measure,
                        value: o.value,
                        unit: o.unit,
                        resolution: o.resolution,
                        estimated: o.estimated,
                        line: o.line as u64,
                    },
                }
            })
            .collect()
    }

    /// The reporters and flows holding a quantity or value of a basket in any month of a
    /// period, ordered as the SQL orders them (by reporter, then flow's name).
    pub(crate) fn holdings(
        &self,
        basket: &Basket,
        period: Period,
        as_of: Option<NaiveDate>,
    ) -> Vec<(String, Flow)> {
        let (first, last) = (period.first().index(), period.last().index());
        let mut out: BTreeSet<(&str, &str, Flow)> = BTreeSet::new();
        for o in &self.rows {
            let start = o.period.first().index();
            if matches!(o.measure, Measure::Quantity | Measure::Value)
                && start <= last
                && start + o.period.len_months() > first
                && basket.matches(o.classification, self.text(o.code))
                && self.candidate(o, as_of, None)
            {
                out.insert((self.text(o.reporter), o.flow.as_str(), o.flow));
            }
        }
        out.into_iter()
            .map(|(reporter, _, flow)| (reporter.to_string(), flow))
            .collect()
    }
}
