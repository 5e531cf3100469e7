//! tradewatch's readers: files in an agency's or tradewatch's own format → canonical
//! [`Observation`]s plus an [`IngestReport`] of the rows that were rejected and why.
//!
//! Second stage of the pipeline (sources → store → analysis). Parsing never touches the
//! store: the store commits a file only when its report has no rejected row.
//!
//! ```
//! use tradewatch_sources::{parse, Options};
//!
//! let text = "reporter,partner,flow,commodity,period,measure,value,unit,source_url\n\
//!             CHN,USA,export,rare_earth_magnets,2025-09,quantity,420.5,t,https://example.org/a\n";
//! let parsed = parse("magnets.csv", text.as_bytes(), &Options::default())?;
//! assert!(parsed.report.is_clean());
//! assert_eq!(parsed.observations[0].value, 420_500.0); // kg inside
//! assert_eq!(parsed.observations[0].code, "rare-earth-magnets");
//! # Ok::<(), tradewatch_sources::Error>(())
//! ```

use chrono::NaiveDate;
use tradewatch_model::{Classification, Flow, Measure, Observation, Period, Quality, Source, Unit};

pub mod census;
pub mod comext;
pub mod comtrade;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod gacc;
pub mod mapped;
pub mod text;
pub mod tradewatch_csv;

pub use mapped::Mapping;

/// Errors that stop a whole file from being read (a row's problem is a [`Rejection`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content matches no known format.
    #[error("{path}: unrecognised format: {reason}; expected {expected}")]
    UnknownFormat {
        path: String,
        reason: String,
        expected: &'static str,
    },
    /// The file's structure is wrong at a place (a missing header column, bad encoding, an
    /// error page where data was expected).
    #[error("{path}:{line}:{field}: {reason}")]
    Parse {
        path: String,
        line: u64,
        field: String,
        reason: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A row that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rejection {
    pub path: String,
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.field, self.reason
        )
    }
}

/// Rows left out on purpose (a total's breakdown, a figure marked not available), counted by
/// reason so the report says what was not taken and why.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Skipped {
    pub reason: String,
    pub rows: u64,
    /// The first line skipped for this reason.
    pub first_line: u64,
}

/// What reading a file produced besides its observations.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct IngestReport {
    pub path: String,
    pub format: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rejected: Vec<Rejection>,
    pub skipped: Vec<Skipped>,
    /// Things worth knowing ("empty file: no rows", "decoded as GB18030").
    pub notes: Vec<String>,
}

impl IngestReport {
    /// A report for a file of a format.
    pub fn new(path: &str, format: Format) -> Self {
        IngestReport {
            path: path.to_string(),
            format: format.as_str().to_string(),
            ..IngestReport::default()
        }
    }

    /// True when no row was rejected: the file may be committed.
    pub fn is_clean(&self) -> bool {
        self.rejected.is_empty()
    }

    /// Records a rejected row.
    pub fn reject(&mut self, line: u64, field: &str, reason: impl Into<String>) {
        self.rejected.push(Rejection {
            path: self.path.clone(),
            line,
            field: field.to_string(),
            reason: reason.into(),
        });
    }

    /// Records a row left out on purpose.
    pub fn skip(&mut self, line: u64, reason: &str) {
        self.skip_rows(line, reason, 1);
    }

    /// Records `rows` rows left out on purpose for one reason, the first at `line`.
    pub fn skip_rows(&mut self, line: u64, reason: &str, rows: u64) {
        if rows == 0 {
            return;
        }
        match self.skipped.iter_mut().find(|s| s.reason == reason) {
            Some(s) => {
                s.rows += rows;
                s.first_line = s.first_line.min(line);
            }
            None => self.skipped.push(Skipped {
                reason: reason.to_string(),
                rows,
                first_line: line,
            }),
        }
    }

    /// Adds a note unless an equal one is there (at most 20 notes of this sort are kept).
    pub fn notes_once(&mut self, note: String) {
        if self.notes.len() < 20 && !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

/// The formats tradewatch reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// tradewatch's own CSV (see [`tradewatch_csv`]).
    TradewatchCsv,
    /// UN Comtrade API v1 JSON (final data and tariff lines).
    ComtradeJson,
    /// UN Comtrade bulk file: tab-separated, usually gzipped.
    ComtradeBulk,
    /// US Census international trade API JSON (imports/hs, exports/hs).
    CensusJson,
    /// China customs (GACC) query-platform export, GBK or UTF-8.
    GaccCsv,
    /// Eurostat Comext bulk file (v1 `.dat` or v2 CSV).
    ComextBulk,
    /// Eurostat Comext SDMX-CSV API output.
    ComextSdmx,
    /// Any CSV plus a TOML mapping of its columns.
    MappedCsv,
}

impl Format {
    /// Every format.
    pub const ALL: &'static [Format] = &[
        Format::TradewatchCsv,
        Format::ComtradeJson,
        Format::ComtradeBulk,
        Format::CensusJson,
        Format::GaccCsv,
        Format::ComextBulk,
        Format::ComextSdmx,
        Format::MappedCsv,
    ];

    /// The name used in reports and `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::TradewatchCsv => "tradewatch-csv",
            Format::ComtradeJson => "comtrade-json",
            Format::ComtradeBulk => "comtrade-bulk",
            Format::CensusJson => "census-json",
            Format::GaccCsv => "gacc-csv",
            Format::ComextBulk => "comext-bulk",
            Format::ComextSdmx => "comext-sdmx",
            Format::MappedCsv => "mapped-csv",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        if matches!(s.as_str(), "tradewatch" | "csv") {
            return Ok(Format::TradewatchCsv);
        }
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown format '{s}' (known: {})", known.join(", "))
            })
    }
}

/// Settings for reading one file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Source for rows that do not name one (default `user`).
    pub default_source: Option<Source>,
    /// The flow, for files that do not carry one (China customs exports).
    pub flow: Option<Flow>,
    /// The period, for files that do not carry one (China customs' 13-column layout).
    pub period: Option<Period>,
    /// The file holds cumulative (year-to-date, 累计) figures: a month `YYYYMM` means the
    /// span from January to that month.
    pub cumulative: bool,
    /// The column mapping of a mapped CSV.
    pub mapping: Option<Mapping>,
}

/// A file read into observations.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub format: Format,
    pub observations: Vec<Observation>,
    pub report: IngestReport,
    /// The most common source among the rows.
    pub source: Source,
    /// The latest publication date the file states, if any.
    pub published: Option<NaiveDate>,
}

impl Parsed {
    /// A parse result from observations and a report.
    pub(crate) fn new(
        format: Format,
        observations: Vec<Observation>,
        mut report: IngestReport,
        fallback_source: Source,
    ) -> Self {
        report.rows_accepted = observations.len() as u64;
        let mut counts: std::collections::HashMap<Source, usize> = Default::default();
        for o in &observations {
            *counts.entry(o.source).or_default() += 1;
        }
        let source = counts
            .into_iter()
            .max_by_key(|&(s, n)| (n, std::cmp::Reverse(s)))
            .map_or(fallback_source, |(s, _)| s);
        let published = observations.iter().filter_map(|o| o.published).max();
        Parsed {
            format,
            observations,
            report,
            source,
            published,
        }
    }
}

/// The parts of an observation that vary between rows of an agency file; the rest has
/// defaults (quality `ok`).
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) source: Source,
    pub(crate) reporter: String,
    pub(crate) partner: String,
    pub(crate) flow: Flow,
    pub(crate) classification: Classification,
    pub(crate) code: String,
    pub(crate) commodity: String,
    pub(crate) period: Period,
    pub(crate) citation: String,
    pub(crate) line: u64,
    pub(crate) estimated: bool,
    pub(crate) suppressed: bool,
    pub(crate) published: Option<NaiveDate>,
}

impl Draft {
    /// The observation of one measure of this row.
    pub(crate) fn observe(&self, measure: Measure, value: f64, unit: Unit) -> Observation {
        self.row(measure, value, unit, "").to_observation()
    }
}

impl Draft {
    /// One measure of this row, borrowed, for a reader that writes columns: the same row
    /// [`Draft::observe`] makes, with the citation `file:line` when the draft has none.
    pub(crate) fn row<'a>(
        &'a self,
        measure: Measure,
        value: f64,
        unit: Unit,
        file: &'a str,
    ) -> tradewatch_model::ObservationRef<'a> {
        let (unit, factor) = unit.to_stored();
        tradewatch_model::ObservationRef {
            source: self.source,
            reporter: &self.reporter,
            partner: &self.partner,
            flow: self.flow,
            classification: self.classification,
            code: &self.code,
            commodity: &self.commodity,
            period: self.period,
            measure,
            value: value * factor,
            unit,
            // Agency files print exact figures: the last digit is the unit.
            resolution: Some(factor),
            estimated: self.estimated,
            suppressed: self.suppressed,
            quality: Quality::Ok,
            citation: (!self.citation.is_empty()).then_some(self.citation.as_str()),
            file,
            published: self.published,
            note: "",
            line: self.line,
        }
    }
}

/// Adds up observations with the same key (rows split by trade mode, province or statistical
/// procedure), keeping the first row's citation and noting how many were summed.
pub(crate) fn sum_same_key(observations: Vec<Observation>) -> Vec<Observation> {
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    let mut out: Vec<Observation> = Vec::with_capacity(observations.len());
    let mut parts: Vec<u32> = Vec::new();
    for o in observations {
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}",
            o.source,
            o.reporter,
            o.partner,
            o.flow,
            o.classification,
            o.code,
            o.period,
            o.measure,
            o.unit
        );
        match index.get(&key) {
            Some(&i) => {
                out[i].value += o.value;
                out[i].estimated |= o.estimated;
                out[i].suppressed |= o.suppressed;
                parts[i] += 1;
            }
            None => {
                index.insert(key, out.len());
                out.push(o);
                parts.push(1);
            }
        }
    }
    for (o, n) in out.iter_mut().zip(parts) {
        if n > 1 {
            o.note = format!("sum of {n} rows of the file (trade modes, provinces or procedures)");
        }
    }
    out
}

/// Detects a file's format from its content.
pub fn detect(path: &str, bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(Format::ComtradeBulk);
    }
    if bytes.is_empty() {
        return Err(Error::UnknownFormat {
            path: path.to_string(),
            reason: "the file is empty".to_string(),
            expected: "a format named with --format (an empty Census answer is `--format census-json`)",
        });
    }
    if text::looks_binary(bytes) {
        return Err(Error::Parse {
            path: path.to_string(),
            line: 1,
            field: "content".to_string(),
            reason: "binary content (NUL bytes), not a trade data file".to_string(),
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("<!doctype") || lower.starts_with("<html") || lower.starts_with("<?xml") {
        return Err(error_page(path, trimmed));
    }
    if lower.starts_with("rate limit") {
        return Err(Error::Parse {
            path: path.to_string(),
            line: 1,
            field: "content".to_string(),
            reason: format!(
                "an API error message, not data: '{}'",
                text::first_line(trimmed)
            ),
        });
    }
    if trimmed.starts_with('[') {
        return Ok(Format::CensusJson);
    }
    if trimmed.starts_with('{') {
        return Ok(Format::ComtradeJson);
    }
    let (decoded, _) = text::decode(path, bytes)?;
    let first = text::first_line(&decoded);
    if tradewatch_csv::looks_like(first) {
        return Ok(Format::TradewatchCsv);
    }
    if gacc::looks_like(first) {
        return Ok(Format::GaccCsv);
    }
    if comext::looks_like_sdmx(first) {
        return Ok(Format::ComextSdmx);
    }
    if comext::looks_like_bulk(first) {
        return Ok(Format::ComextBulk);
    }
    if comtrade::looks_like_bulk(first) {
        return Ok(Format::ComtradeBulk);
    }
    Err(Error::UnknownFormat {
        path: path.to_string(),
        reason: format!(
            "first line is '{}'",
            first.chars().take(80).collect::<String>()
        ),
        expected: "a tradewatch CSV, UN Comtrade JSON or bulk TSV, US Census JSON, a China customs CSV, a Eurostat Comext bulk or SDMX-CSV file, or a CSV with --mapping",
    })
}

/// A whole-file error at a place.
pub(crate) fn parse_error(path: &str, line: u64, field: &str, reason: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_string(),
        line,
        field: field.to_string(),
        reason: reason.into(),
    }
}

/// The error for an HTML page where data was expected (a Census "Invalid Key" page, a
/// gateway error page saved as `.json`).
pub(crate) fn error_page(path: &str, text: &str) -> Error {
    let title = text
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    Error::Parse {
        path: path.to_string(),
        line: 1,
        field: "content".to_string(),
        reason: match title {
            Some(t) => format!("an HTML page ('{t}'), not data: the API refused the request"),
            None => "an HTML page, not data: the API refused the request".to_string(),
        },
    }
}

/// Reads a file: detects its format (unless `options.format` says) and parses it.
pub fn parse(path: &str, bytes: &[u8], options: &Options) -> Result<Parsed> {
    let format = match (options.format, &options.mapping) {
        (Some(f), _) => f,
        (None, Some(_)) => Format::MappedCsv,
        (None, None) => detect(path, bytes)?,
    };
    match format {
        Format::TradewatchCsv => tradewatch_csv::parse(path, bytes, options),
        Format::ComtradeJson => comtrade::parse_json(path, bytes, options),
        Format::ComtradeBulk => comtrade::parse_bulk(path, bytes, options),
        Format::CensusJson => census::parse(path, bytes, options),
        Format::GaccCsv => gacc::parse(path, bytes, options),
        Format::ComextBulk => comext::parse_bulk(path, bytes, options),
        Format::ComextSdmx => comext::parse_sdmx(path, bytes, options),
        Format::MappedCsv => mapped::parse(path, bytes, options),
    }
}

/// The bundled dataset compiled into the binary (`data/bundled/` in the repository).
pub mod bundled {
    /// Published China customs figures as reported in the press, each row cited
    /// (tradewatch CSV).
    pub const OBSERVATIONS: &[u8] = include_bytes!("../../../data/bundled/observations.csv");
    /// The file name the bundled observations are ingested under.
    pub const OBSERVATIONS_NAME: &str = "bundled/observations.csv";
    /// Policy events 2023-07 → 2026-01 (`date,kind,actor,description,source_url`).
    pub const EVENTS: &str = include_str!("../../../data/bundled/events.csv");
    /// Reporters' claims with the check against the data.
    pub const CLAIMS: &str = include_str!("../../../data/bundled/claims-examples.csv");

    /// One row of `events.csv` as written.
    #[derive(Debug, serde::Deserialize)]
    struct EventRow {
        date: chrono::NaiveDate,
        kind: String,
        actor: String,
        description: String,
        source_url: String,
        baskets: String,
    }

    /// The bundled policy events, in date order, each tied to the baskets it concerns.
    pub fn events() -> crate::Result<Vec<tradewatch_model::Event>> {
        parse_events("bundled/events.csv", EVENTS)
    }

    /// Policy events in the bundled layout (`date,kind,actor,description,source_url,baskets`).
    pub fn parse_events(path: &str, text: &str) -> crate::Result<Vec<tradewatch_model::Event>> {
        let known = tradewatch_model::Baskets::current();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut out = Vec::new();
        for (i, row) in reader.deserialize::<EventRow>().enumerate() {
            let line = i as u64 + 2;
            let row = row.map_err(|e| crate::Error::Parse {
                path: path.to_string(),
                line,
                field: "row".to_string(),
                reason: e.to_string(),
            })?;
            let baskets: Vec<String> = row
                .baskets
                .split(';')
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_string)
                .collect();
            if let Some(bad) = baskets.iter().find(|b| *b != "*" && known.get(b).is_none()) {
                return Err(crate::Error::Parse {
                    path: path.to_string(),
                    line,
                    field: "baskets".to_string(),
                    reason: format!("'{bad}' is not a basket"),
                });
            }
            out.push(tradewatch_model::Event {
                date: row.date,
                kind: row.kind,
                actor: row.actor,
                description: row.description,
                source_url: row.source_url,
                baskets,
            });
        }
        out.sort_by_key(|e| e.date);
        Ok(out)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn the_bundled_events_parse_and_each_cites_a_page() {
            let events = super::events().expect("events parse");
            assert_eq!(events.len(), 35);
            assert!(events.iter().all(|e| e.source_url.starts_with("http")));
            let april = chrono::NaiveDate::from_ymd_opt(2025, 4, 4).expect("date");
            let controls = events
                .iter()
                .find(|e| e.date == april)
                .expect("the April 4 2025 controls");
            assert!(controls.names("rare-earth-magnets"));
            assert!(events.iter().any(|e| e.baskets == ["*"]));
        }
    }
}
