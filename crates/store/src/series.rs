//! Series out of the store: the ranked rows of one subject, assembled into levels and
//! published changes per period, with the rows not used kept as alternatives.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tradewatch_analysis::{Panel, Point, Series, Subject};
use tradewatch_model::{
    Basket, Baskets, Classification, Measure, Period, Provenance, Quality, Source, Unit,
};

use crate::views::{self, quote};
use crate::{Error, Result, Store, batch};

/// What series to read.
#[derive(Debug, Clone)]
pub struct SeriesQuery {
    pub subject: Subject,
    pub from: Option<Period>,
    pub to: Option<Period>,
    pub as_of: Option<NaiveDate>,
    /// Rank rows with this citation first (checking a claim against its own source).
    pub prefer_citation: Option<String>,
    /// Only releases up to this ingest order (`seq`): the store as it stood right after that
    /// release, the way alerts see the figure a release replaced.
    pub through_seq: Option<i64>,
}

impl SeriesQuery {
    /// A query for a subject with no bounds.
    pub fn new(subject: Subject) -> Self {
        SeriesQuery {
            subject,
            from: None,
            to: None,
            as_of: None,
            prefer_citation: None,
            through_seq: None,
        }
    }
}

/// The SQL condition selecting a basket's rows: its own basket-level rows, and every code it
/// lists (by prefix) in each classification.
pub fn basket_filter(basket: &Basket) -> String {
    if basket.is_codes() {
        let tests: Vec<String> = basket
            .selectors
            .iter()
            .map(|s| {
                if s.prefix {
                    format!("o.code LIKE {}", quote(&format!("{}%", s.code)))
                } else {
                    format!("o.code = {}", quote(&s.code))
                }
            })
            .collect();
        return format!(
            "(o.classification <> 'BASKET' AND ({}))",
            tests.join(" OR ")
        );
    }
    let mut ids: Vec<String> = vec![quote(&basket.id)];
    ids.extend(basket.aliases.iter().map(|a| quote(a)));
    let mut arms = vec![format!(
        "(o.classification = 'BASKET' AND o.code IN ({}))",
        ids.join(", ")
    )];
    for class in Classification::ALL {
        let mut prefixes: Vec<&String> = basket
            .codes
            .get(class.as_str())
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        if class.is_hs() {
            prefixes.extend(basket.codes.get("HS").into_iter().flatten());
        }
        prefixes.sort();
        prefixes.dedup();
        if prefixes.is_empty() || *class == Classification::Basket {
            continue;
        }
        let likes: Vec<String> = prefixes
            .iter()
            .map(|p| format!("o.code LIKE {}", quote(&format!("{p}%"))))
            .collect();
        arms.push(format!(
            "(o.classification = '{}' AND ({}))",
            class.as_str(),
            likes.join(" OR ")
        ));
    }
    arms.join(" OR ")
}

/// A commodity label as the data carry it, without the code it starts with (Comtrade's
/// `850511 Magnets; permanent …`); `None` when nothing is left but the code.
fn label_text(code: &str, commodity: &str) -> Option<String> {
    let rest = commodity.trim();
    let rest = rest
        .strip_prefix(code)
        .unwrap_or(rest)
        .trim_start_matches([' ', '-', ':', '.']);
    (!rest.is_empty() && rest != code).then(|| rest.to_string())
}

impl Store {
    /// The labels the data carry for a code subject's codes (the most frequent per code), by
    /// code, in the rows of `reporter`: that keeps the read to the row groups the subject's
    /// series reads (on a 100 M-observation store, a scan of every file's codes took about
    /// 330 ms). Empty for a named basket: its name is its label.
    pub async fn labels(
        &self,
        basket: &Basket,
        reporter: &str,
    ) -> Result<BTreeMap<String, String>> {
        if !basket.is_codes() {
            return Ok(BTreeMap::new());
        }
        let sql = format!(
            "SELECT o.code, o.commodity, count(*) AS n FROM observations o \
             WHERE o.reporter = {} AND ({}) \
             GROUP BY o.code, o.commodity ORDER BY o.code, n DESC, o.commodity",
            quote(reporter),
            basket_filter(basket)
        );
        let mut out = BTreeMap::new();
        for b in &self.select(&sql).await? {
            let c = batch::Cols::new(b);
            let (codes, labels) = (c.texts("code")?, c.texts("commodity")?);
            for row in 0..b.num_rows() {
                let code = codes.value(row);
                if !out.contains_key(code)
                    && let Some(label) = label_text(code, labels.value(row))
                {
                    out.insert(code.to_string(), label);
                }
            }
        }
        Ok(out)
    }

    /// The reporters and flows that hold a figure of a basket in any month of a period (as of
    /// a date): what the claim checker asks when a story does not say whose trade it is.
    pub async fn holdings(
        &self,
        basket: &Basket,
        period: Period,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<(String, tradewatch_model::Flow)>> {
        if let Some(resident) = self.resident().await? {
            return Ok(resident.holdings(basket, period, as_of));
        }
        self.holdings_sql(basket, period, as_of).await
    }

    /// [`Store::holdings`] as a query of the tables.
    async fn holdings_sql(
        &self,
        basket: &Basket,
        period: Period,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<(String, tradewatch_model::Flow)>> {
        let as_of_cond = as_of
            .map(|d| format!(" AND COALESCE(o.published, r.published) <= DATE '{d}'"))
            .unwrap_or_default();
        let sql = format!(
            "SELECT DISTINCT o.reporter, o.flow FROM observations o JOIN releases r ON o.release = r.id \
             WHERE o.quality <> 'suspect' AND o.measure IN ('quantity', 'value') AND ({}) \
             AND o.period_start <= {} AND o.period_start + o.period_months - 1 >= {}{as_of_cond} \
             ORDER BY o.reporter, o.flow",
            basket_filter(basket),
            period.last().index(),
            period.first().index()
        );
        let mut out = Vec::new();
        for b in &self.select(&sql).await? {
            let c = batch::Cols::new(b);
            for row in 0..b.num_rows() {
                let flow: String = c.str("flow", row)?;
                out.push((c.str("reporter", row)?, parse("flow", &flow)?));
            }
        }
        Ok(out)
    }
}

/// The measures whose rows a series of `measure` reads: its own, and for quantities the
/// published changes (the press reports tonnage changes).
pub(crate) fn measures_of(measure: Measure) -> &'static [Measure] {
    match measure {
        Measure::Quantity => &[
            Measure::Quantity,
            Measure::ChangeMomPct,
            Measure::ChangeYoyPct,
        ],
        Measure::Value => &[Measure::Value],
        Measure::ValueConsumption => &[Measure::ValueConsumption],
        Measure::ChangeMomPct | Measure::ChangeYoyPct => {
            &[Measure::ChangeMomPct, Measure::ChangeYoyPct]
        }
    }
}

/// One ranked candidate row of a series query.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) partner: String,
    pub(crate) source: Source,
    pub(crate) classification: String,
    pub(crate) code: String,
    pub(crate) period: Period,
    pub(crate) measure: Measure,
    pub(crate) value: f64,
    pub(crate) unit: Unit,
    pub(crate) resolution: Option<f64>,
    pub(crate) rank: i64,
    pub(crate) prov: Provenance,
}

/// Parses a value read from the store, naming what it was when it does not parse.
pub(crate) fn parse<T: std::str::FromStr>(what: &str, text: &str) -> Result<T> {
    text.parse().map_err(|_| Error::Internal {
        what: format!("reading {what} from the store"),
        reason: format!("'{text}' does not parse"),
    })
}

impl Store {
    /// The series of a subject: levels of its measure plus the published changes.
    pub async fn series(&self, q: &SeriesQuery) -> Result<Series> {
        let rows = self.rows(q, true).await?;
        Ok(assemble(q.subject.clone(), rows))
    }

    /// The series of every partner of a subject (its `partner` is ignored), by partner code.
    pub async fn panel(&self, q: &SeriesQuery) -> Result<Panel> {
        let s = &q.subject;
        let mut by_partner: BTreeMap<String, Vec<Row>> = BTreeMap::new();
        for r in self.rows(q, false).await? {
            by_partner.entry(r.partner.clone()).or_default().push(r);
        }
        let mut panel = Panel::new(&s.reporter, s.flow, &s.basket, s.measure);
        for (partner, rows) in by_partner {
            let subject = Subject {
                partner: partner.clone(),
                ..s.clone()
            };
            panel.partners.insert(partner, assemble(subject, rows));
        }
        Ok(panel)
    }

    async fn rows(&self, q: &SeriesQuery, one_partner: bool) -> Result<Vec<Row>> {
        let basket = Baskets::current().resolve(&q.subject.basket);
        if let Some(resident) = self.resident().await? {
            return Ok(resident.rows(q, &basket, one_partner));
        }
        self.rows_sql(q, &basket, one_partner).await
    }

    /// [`Store::rows`] as a query of the tables.
    async fn rows_sql(
        &self,
        q: &SeriesQuery,
        basket: &Basket,
        one_partner: bool,
    ) -> Result<Vec<Row>> {
        let s = &q.subject;
        let measures: Vec<String> = measures_of(s.measure)
            .iter()
            .map(|m| quote(m.as_str()))
            .collect();
        let measures = measures.join(", ");
        let partner = if one_partner {
            format!(" AND o.partner = {}", quote(&s.partner))
        } else {
            String::new()
        };
        let mut filter = format!(
            "o.reporter = {}{partner} AND o.flow = {} AND o.measure IN ({measures}) AND ({})",
            quote(&s.reporter),
            quote(s.flow.as_str()),
            basket_filter(basket)
        );
        if let Some(seq) = q.through_seq {
            filter.push_str(&format!(" AND r.seq <= {seq}"));
        }
        if let Some(from) = q.from {
            filter.push_str(&format!(" AND o.period_start >= {}", from.first().index()));
        }
        if let Some(to) = q.to {
            filter.push_str(&format!(
                " AND o.period_start + o.period_months - 1 <= {}",
                to.last().index()
            ));
        }
        let sql = format!(
            "SELECT * FROM ({}) ORDER BY period_start, period_months, measure, rank, \
             partner, classification, code, unit",
            views::ranked_sql(q.as_of, q.prefer_citation.as_deref(), &filter)
        );
        let batches = self.select(&sql).await?;
        let mut rows = Vec::new();
        for b in &batches {
            let c = batch::Cols::new(b);
            for i in 0..b.num_rows() {
                let period: Period = parse("period", &c.str("period", i)?)?;
                let measure: Measure = parse("measure", &c.str("measure", i)?)?;
                let unit: Unit = parse("unit", &c.str("unit", i)?)?;
                let source: Source = parse("source", &c.str("source", i)?)?;
                let quality: Quality = parse("quality", &c.str("quality", i)?)?;
                let value = c.f64("value", i)?.unwrap_or(0.0);
                rows.push(Row {
                    partner: c.str("partner", i)?,
                    source,
                    classification: c.str("classification", i)?,
                    code: c.str("code", i)?,
                    period,
                    measure,
                    value,
                    unit,
                    resolution: c.f64("resolution", i)?,
                    rank: c.i64("rank", i)?.unwrap_or(1),
                    prov: Provenance {
                        source,
                        release: c.str("release", i)?,
                        citation: c.str("citation", i)?,
                        published: c.date("published", i)?,
                        quality,
                        period,
                        measure,
                        value,
                        unit,
                        resolution: c.f64("resolution", i)?,
                        estimated: c.bool("estimated", i)?,
                        line: c.i64("line", i)?.unwrap_or(0) as u64,
                    },
                });
            }
        }
        Ok(rows)
    }
}

/// Groups ranked rows into one point per (measure, period): the current rows of the best
/// source/classification summed over codes; everything else becomes an alternative.
pub(crate) fn assemble(subject: Subject, rows: Vec<Row>) -> Series {
    let mut series = Series::new(subject);
    let mut by_slot: BTreeMap<(Measure, Period), Vec<Row>> = BTreeMap::new();
    for r in rows {
        by_slot.entry((r.measure, r.period)).or_default().push(r);
    }
    for ((measure, period), rows) in by_slot {
        let (current, others): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| r.rank == 1);
        let mut groups: BTreeMap<(u8, u8, String, String), Vec<Row>> = BTreeMap::new();
        for r in current {
            groups
                .entry((
                    r.source.rank(),
                    // Values: dollars first, then euros, then yuan.
                    match r.unit {
                        Unit::Usd => 0u8,
                        Unit::Eur => 1,
                        Unit::Cny => 2,
                        _ => 0,
                    },
                    r.classification.clone(),
                    r.unit.as_str().to_string(),
                ))
                .or_default()
                .push(r);
        }
        let mut groups = groups.into_values();
        let Some(chosen) = groups.next() else {
            continue;
        };
        let mut alternatives: Vec<Provenance> = groups.flatten().map(|r| r.prov).collect();
        alternatives.extend(others.into_iter().map(|r| r.prov));
        let mut codes: Vec<&str> = chosen.iter().map(|r| r.code.as_str()).collect();
        codes.dedup();
        let resolution = chosen
            .iter()
            .map(|r| r.resolution)
            .try_fold(0.0f64, |acc, r| r.map(|r| acc.max(r)));
        let point = Point {
            period,
            value: chosen.iter().map(|r| r.value).sum(),
            unit: chosen[0].unit,
            half_width: chosen
                .iter()
                .map(|r| r.resolution.unwrap_or(0.0) / 2.0)
                .sum(),
            resolution,
            provenance: chosen.into_iter().map(|r| r.prov).collect(),
            alternatives,
        };
        series.insert(measure, point);
    }
    series
}
