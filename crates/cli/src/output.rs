//! Printing tables as aligned text, CSV or JSON.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;

/// How tabular output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// RFC 4180 CSV with a header.
    Csv,
    /// JSON (an array of objects, or the command's own document).
    Json,
}

/// A table of strings with a header.
pub(crate) struct Table {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(ToString::to_string).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Writes the table as aligned text or CSV. (JSON is written by each command from its own
    /// types, so it keeps numbers as numbers.)
    pub(crate) fn print(&self, format: Format) -> Result<()> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match format {
            Format::Csv | Format::Json => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(&self.header)?;
                for r in &self.rows {
                    w.write_record(r)?;
                }
                w.flush()?;
            }
            Format::Table => {
                let mut widths: Vec<usize> =
                    self.header.iter().map(|h| h.chars().count()).collect();
                for r in &self.rows {
                    for (i, c) in r.iter().enumerate() {
                        if let Some(w) = widths.get_mut(i) {
                            *w = (*w).max(c.chars().count());
                        }
                    }
                }
                let line = |cells: &[String]| -> String {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let pad = widths.get(i).copied().unwrap_or(0);
                            format!("{c:<pad$}")
                        })
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_string()
                };
                writeln!(out, "{}", line(&self.header))?;
                writeln!(
                    out,
                    "{}",
                    widths
                        .iter()
                        .map(|w| "-".repeat(*w))
                        .collect::<Vec<_>>()
                        .join("  ")
                )?;
                for r in &self.rows {
                    writeln!(out, "{}", line(r))?;
                }
            }
        }
        Ok(())
    }
}

/// Writes a value as pretty JSON.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// True when the error chain holds a broken pipe (the reader went away: exit quietly).
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}
