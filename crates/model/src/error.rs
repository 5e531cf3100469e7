//! The model's error type: every variant names what was being read and why it failed.

/// An error from parsing or looking up a model value.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum Error {
    /// A period that does not parse.
    #[error("bad period '{text}': {reason}")]
    Period { text: String, reason: String },
    /// A code or name not in a reference table (country, flow, measure, unit, …).
    #[error("unknown {what} '{text}'")]
    Unknown { what: &'static str, text: String },
    /// A malformed value (a number, a date, a code).
    #[error("bad {what} '{text}': {reason}")]
    Invalid {
        what: &'static str,
        text: String,
        reason: String,
    },
    /// An embedded or user reference file that does not load.
    #[error("reference table {name}: {reason}")]
    Reference { name: String, reason: String },
    /// A user's file (a basket file) that does not load: which file, line and field.
    #[error("{file}{}, field {field}: {reason}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    File {
        file: String,
        line: Option<usize>,
        field: String,
        reason: String,
    },
}

/// Result with the model's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
