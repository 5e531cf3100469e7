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
use tradewatch_model::{Observation, Source};

pub mod tradewatch_csv;

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
    /// The file's structure is wrong at a place (a missing header column, bad encoding).
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

/// What reading a file produced besides its observations.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct IngestReport {
    pub path: String,
    pub format: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rejected: Vec<Rejection>,
}

impl IngestReport {
    /// True when no row was rejected: the file may be committed.
    pub fn is_clean(&self) -> bool {
        self.rejected.is_empty()
    }
}

/// The formats tradewatch reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// tradewatch's own CSV (see [`tradewatch_csv`]).
    TradewatchCsv,
}

impl Format {
    /// The name used in reports and `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::TradewatchCsv => "tradewatch-csv",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "tradewatch-csv" | "tradewatch" | "csv" => Ok(Format::TradewatchCsv),
            other => Err(format!("unknown format '{other}' (known: tradewatch-csv)")),
        }
    }
}

/// Settings for reading one file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Source for rows that do not name one (default `user`).
    pub default_source: Option<Source>,
}

/// A file read into observations.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub format: Format,
    pub observations: Vec<Observation>,
    pub report: IngestReport,
    /// The most common source among the rows.
    pub source: Source,
    /// The latest publication date among the rows, if any row has one.
    pub published: Option<NaiveDate>,
}

/// Detects a file's format from its content.
pub fn detect(path: &str, bytes: &[u8]) -> Result<Format> {
    let text = std::str::from_utf8(&bytes[..bytes.len().min(4096)]).unwrap_or("");
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if tradewatch_csv::looks_like(first) {
        return Ok(Format::TradewatchCsv);
    }
    Err(Error::UnknownFormat {
        path: path.to_string(),
        reason: format!(
            "first line is '{}'",
            first.chars().take(80).collect::<String>()
        ),
        expected: "a tradewatch CSV with a header naming reporter, partner, flow, commodity, period, measure, value, unit",
    })
}

/// Reads a file: detects its format (unless `options.format` says) and parses it.
pub fn parse(path: &str, bytes: &[u8], options: &Options) -> Result<Parsed> {
    let format = match options.format {
        Some(f) => f,
        None => detect(path, bytes)?,
    };
    match format {
        Format::TradewatchCsv => tradewatch_csv::parse(path, bytes, options),
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

    /// One policy event of the bundled timeline.
    #[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
    pub struct Event {
        pub date: chrono::NaiveDate,
        pub kind: String,
        pub actor: String,
        pub description: String,
        pub source_url: String,
    }

    /// The bundled policy events, in date order.
    pub fn events() -> crate::Result<Vec<Event>> {
        let mut reader = csv::Reader::from_reader(EVENTS.as_bytes());
        let mut out = Vec::new();
        for (i, row) in reader.deserialize::<Event>().enumerate() {
            out.push(row.map_err(|e| crate::Error::Parse {
                path: "bundled/events.csv".to_string(),
                line: i as u64 + 2,
                field: "row".to_string(),
                reason: e.to_string(),
            })?);
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
            assert!(
                events.iter().any(|e| e.date == april),
                "the April 4 2025 controls"
            );
        }
    }
}
