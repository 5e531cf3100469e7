//! Writing a table (Arrow record batches) to CSV, JSON Lines, Parquet or XLSX, with a sheet of
//! the releases its rows come from. The file is written next to its destination and renamed
//! into place, so a failed export leaves no half-written file.
//!
//! Cells a spreadsheet could run (`=`, `+`, `-`, `@`, tab, carriage return at the start of a
//! text cell) are kept inert: in CSV such a text cell gets a leading `'` (the usual guard
//! against CSV injection); in XLSX every text cell is written as a string, never a formula.
//! Numbers are never touched: `-28.7` stays a number.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use arrow::array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float32Array, Float64Array, Int8Array, Int16Array,
    Int32Array, Int64Array, RecordBatch, TimestampMicrosecondArray, UInt8Array, UInt16Array,
    UInt32Array, UInt64Array,
};
use arrow::datatypes::{DataType, Schema, TimeUnit};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use chrono::{DateTime, NaiveDate};
use tradewatch_store::Release;

/// The file formats of `tradewatch export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    Csv,
    Jsonl,
    Parquet,
    Xlsx,
}

impl ExportFormat {
    /// The format an output file's extension names.
    pub(crate) fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => ExportFormat::Csv,
            "jsonl" | "ndjson" => ExportFormat::Jsonl,
            "parquet" => ExportFormat::Parquet,
            "xlsx" => ExportFormat::Xlsx,
            _ => return None,
        })
    }
}

/// What is written: the rows, what they are, and where they come from.
pub(crate) struct Export {
    /// The data sheet's name (`series`, `observations`, …).
    pub(crate) name: String,
    pub(crate) schema: Arc<Schema>,
    pub(crate) batches: Vec<RecordBatch>,
    /// The releases the rows come from (the XLSX `sources` sheet).
    pub(crate) releases: Vec<Release>,
    /// Key–value lines for the XLSX `about` sheet: the command, the store, the time.
    pub(crate) about: Vec<(String, String)>,
}

impl Export {
    pub(crate) fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// True when a text cell would be read as a formula by a spreadsheet.
pub(crate) fn is_formula_like(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Writes `export` to `out` (`-`: standard output, for CSV and JSON Lines).
pub(crate) fn write(export: &Export, format: ExportFormat, out: &Path) -> Result<()> {
    if out == Path::new("-") {
        let mut stdout = std::io::stdout().lock();
        return match format {
            ExportFormat::Csv => csv(export, &mut stdout),
            ExportFormat::Jsonl => jsonl(export, &mut stdout),
            _ => bail!("--out -: only csv and jsonl go to standard output; name a file"),
        };
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".tradewatch-export-")
        .tempfile_in(&dir)
        .with_context(|| format!("creating a file in {}", dir.display()))?;
    match format {
        ExportFormat::Csv => {
            let mut w = std::io::BufWriter::new(tmp.as_file());
            csv(export, &mut w)?;
            w.flush()?;
        }
        ExportFormat::Jsonl => {
            let mut w = std::io::BufWriter::new(tmp.as_file());
            jsonl(export, &mut w)?;
            w.flush()?;
        }
        ExportFormat::Parquet => parquet(export, tmp.as_file().try_clone()?)?,
        ExportFormat::Xlsx => xlsx(export, tmp.path())?,
    }
    tmp.persist(out)
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

/// A formatter per column of a batch (text for CSV, JSON strings and spreadsheet text).
fn formatters<'a>(
    batch: &'a RecordBatch,
    options: &'a FormatOptions<'a>,
) -> Result<Vec<ArrayFormatter<'a>>> {
    batch
        .columns()
        .iter()
        .map(|c| Ok(ArrayFormatter::try_new(c.as_ref(), options)?))
        .collect()
}

fn csv(export: &Export, out: &mut dyn Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(export.schema.fields().iter().map(|f| f.name().as_str()))?;
    let options = FormatOptions::default().with_null("");
    for batch in &export.batches {
        let texts: Vec<bool> = batch
            .columns()
            .iter()
            .map(|c| {
                matches!(
                    c.data_type(),
                    DataType::Utf8
                        | DataType::LargeUtf8
                        | DataType::Utf8View
                        | DataType::Dictionary(_, _)
                )
            })
            .collect();
        let formatters = formatters(batch, &options)?;
        for row in 0..batch.num_rows() {
            let mut record = Vec::with_capacity(formatters.len());
            for (f, text) in formatters.iter().zip(&texts) {
                let cell = f.value(row).to_string();
                record.push(if *text && is_formula_like(&cell) {
                    format!("'{cell}")
                } else {
                    cell
                });
            }
            w.write_record(&record)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// One cell as JSON: numbers as numbers (NaN and infinities as null), dates as `YYYY-MM-DD`,
/// timestamps as RFC 3339, anything else as its text.
fn json_cell(column: &ArrayRef, f: &ArrayFormatter, row: usize) -> serde_json::Value {
    use serde_json::Value;
    if column.is_null(row) {
        return Value::Null;
    }
    let any = column.as_any();
    let number = |v: f64| serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number);
    macro_rules! int {
        ($t:ty) => {
            if let Some(a) = any.downcast_ref::<$t>() {
                return Value::from(a.value(row));
            }
        };
    }
    int!(Int8Array);
    int!(Int16Array);
    int!(Int32Array);
    int!(Int64Array);
    int!(UInt8Array);
    int!(UInt16Array);
    int!(UInt32Array);
    int!(UInt64Array);
    if let Some(a) = any.downcast_ref::<Float64Array>() {
        return number(a.value(row));
    }
    if let Some(a) = any.downcast_ref::<Float32Array>() {
        return number(f64::from(a.value(row)));
    }
    if let Some(a) = any.downcast_ref::<BooleanArray>() {
        return Value::Bool(a.value(row));
    }
    Value::String(f.value(row).to_string())
}

fn jsonl(export: &Export, out: &mut dyn Write) -> Result<()> {
    let options = FormatOptions::default().with_null("");
    let names: Vec<String> = export
        .schema
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    for batch in &export.batches {
        let formatters = formatters(batch, &options)?;
        // Written by hand so that the keys keep the columns' order.
        for row in 0..batch.num_rows() {
            let mut line = String::from("{");
            for (i, ((name, column), f)) in names
                .iter()
                .zip(batch.columns())
                .zip(&formatters)
                .enumerate()
            {
                if i > 0 {
                    line.push(',');
                }
                line.push_str(&serde_json::to_string(name)?);
                line.push(':');
                line.push_str(&serde_json::to_string(&json_cell(column, f, row))?);
            }
            line.push_str("}\n");
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

fn parquet(export: &Export, file: std::fs::File) -> Result<()> {
    let mut w = parquet::arrow::ArrowWriter::try_new(file, export.schema.clone(), None)?;
    for batch in &export.batches {
        w.write(batch)?;
    }
    w.close()?;
    Ok(())
}

/// Days from 1899-12-30 (the spreadsheet epoch) to 1970-01-01.
const EXCEL_EPOCH_OFFSET: f64 = 25_569.0;

fn xlsx(export: &Export, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&export.name))?;
    let fields = export.schema.fields();
    let mut widths: Vec<usize> = fields.iter().map(|f| f.name().len()).collect();
    for (c, f) in fields.iter().enumerate() {
        sheet.write_string_with_format(0, col(c)?, f.name(), &header)?;
    }
    let options = FormatOptions::default().with_null("");
    let mut r: u32 = 1;
    for batch in &export.batches {
        let formatters = formatters(batch, &options)?;
        for row in 0..batch.num_rows() {
            for (c, (column, f)) in batch.columns().iter().zip(&formatters).enumerate() {
                if column.is_null(row) {
                    continue;
                }
                let c16 = col(c)?;
                let any = column.as_any();
                let text_len;
                if let Some(a) = any.downcast_ref::<Date32Array>() {
                    sheet.write_number_with_format(
                        r,
                        c16,
                        f64::from(a.value(row)) + EXCEL_EPOCH_OFFSET,
                        &date,
                    )?;
                    text_len = 10;
                } else if let (DataType::Timestamp(TimeUnit::Microsecond, _), Some(a)) = (
                    column.data_type(),
                    any.downcast_ref::<TimestampMicrosecondArray>(),
                ) {
                    let days = a.value(row) as f64 / 86_400_000_000.0;
                    sheet.write_number_with_format(r, c16, days + EXCEL_EPOCH_OFFSET, &stamp)?;
                    text_len = 19;
                } else if let Some(a) = any.downcast_ref::<BooleanArray>() {
                    sheet.write_boolean(r, c16, a.value(row))?;
                    text_len = 5;
                } else {
                    match json_cell(column, f, row) {
                        serde_json::Value::Number(n) => {
                            let v = n.as_f64().unwrap_or(f64::NAN);
                            sheet.write_number(r, c16, v)?;
                            text_len = n.to_string().len();
                        }
                        other => {
                            let text = match other {
                                serde_json::Value::String(s) => s,
                                v => v.to_string(),
                            };
                            // A string cell: a spreadsheet shows it, never runs it.
                            sheet.write_string(r, c16, &text)?;
                            text_len = text.chars().count();
                        }
                    }
                }
                widths[c] = widths[c].max(text_len);
            }
            r += 1;
            if r > 1_048_575 {
                bail!(
                    "{} rows do not fit a spreadsheet (1,048,575 at most): export csv or parquet",
                    export.rows()
                );
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !fields.is_empty() {
        sheet.autofilter(0, 0, r.saturating_sub(1).max(1), col(fields.len() - 1)?)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c)?, (*w).clamp(6, 60) as f64 + 2.0)?;
    }

    let sources = book.add_worksheet();
    sources.set_name("sources")?;
    let columns = [
        "release",
        "seq",
        "source",
        "format",
        "file_name",
        "sha256",
        "published",
        "ingested_at",
        "rows",
        "rows_rejected",
    ];
    for (c, name) in columns.iter().enumerate() {
        sources.write_string_with_format(0, col(c)?, *name, &header)?;
    }
    for (i, rel) in export.releases.iter().enumerate() {
        let r = i as u32 + 1;
        sources.write_string(r, 0, &rel.id)?;
        sources.write_number(r, 1, rel.seq as f64)?;
        sources.write_string(r, 2, &rel.source)?;
        sources.write_string(r, 3, &rel.format)?;
        sources.write_string(r, 4, &rel.file_name)?;
        sources.write_string(r, 5, &rel.sha256)?;
        if let Some(d) = rel.published {
            sources.write_number_with_format(r, 6, excel_date(d), &date)?;
        }
        sources.write_number_with_format(r, 7, excel_stamp(rel.ingested_at), &stamp)?;
        sources.write_number(r, 8, rel.rows as f64)?;
        sources.write_number(r, 9, rel.rows_rejected as f64)?;
    }
    sources.set_freeze_panes(1, 0)?;
    for (c, w) in [28, 6, 10, 16, 40, 66, 12, 20, 10, 14].iter().enumerate() {
        sources.set_column_width(col(c)?, *w as f64)?;
    }

    let about = book.add_worksheet();
    about.set_name("about")?;
    for (i, (k, v)) in export.about.iter().enumerate() {
        about.write_string_with_format(i as u32, 0, k, &header)?;
        about.write_string(i as u32, 1, v)?;
    }
    about.set_column_width(0, 16)?;
    about.set_column_width(1, 100)?;

    book.save(path)
        .with_context(|| format!("writing the workbook {}", path.display()))?;
    Ok(())
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c)
        .ok()
        .filter(|c| *c < 16_384)
        .context("more columns than a spreadsheet holds (16,384)")
}

/// A sheet name a spreadsheet takes: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if cleaned.is_empty() {
        "data".to_string()
    } else {
        cleaned
    }
}

fn excel_date(d: NaiveDate) -> f64 {
    f64::from(arrow::datatypes::Date32Type::from_naive_date(d)) + EXCEL_EPOCH_OFFSET
}

fn excel_stamp(t: DateTime<chrono::Utc>) -> f64 {
    t.timestamp_micros() as f64 / 86_400_000_000.0 + EXCEL_EPOCH_OFFSET
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_recognised_and_numbers_are_not_text() {
        for t in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(is_formula_like(t), "{t:?}");
        }
        for t in ["420.5 t", "a=b", "", " =x"] {
            assert!(!is_formula_like(t), "{t:?}");
        }
    }

    #[test]
    fn sheet_names_fit_what_a_spreadsheet_takes() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name(""), "data");
    }

    #[test]
    fn spreadsheet_dates_count_from_1899_12_30() {
        let d = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        // 2025-09-01 is serial 45901 in Excel and LibreOffice.
        assert_eq!(excel_date(d), 45_901.0);
    }
}
