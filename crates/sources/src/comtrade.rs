//! UN Comtrade: API v1 JSON (final data, 47 fields; tariff lines, 34 fields) and bulk files
//! (tab-separated, usually gzipped, headers matched case-insensitively).
//!
//! Never double counts: rows that break a total down by second partner, customs procedure
//! or mode of transport are skipped (the total is kept), and `isAggregate` rows are skipped
//! unless they are the World total. M49 codes become ISO3 (842 → USA, 490 → TWN, 0 → WLD).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use tradewatch_model::{Classification, Countries, Flow, Measure, Period, Source, Unit};

use crate::{Draft, Format, IngestReport, Options, Parsed, Result, parse_error, text};

/// True when a (tab-separated) header line is a Comtrade bulk header.
pub fn looks_like_bulk(header: &str) -> bool {
    let lower = header.to_ascii_lowercase();
    lower.contains('\t') && lower.contains("reportercode") && lower.contains("cmdcode")
}

/// One record, whatever the container: values by lower-case field name, as text (`None`
/// for JSON null or an empty bulk field).
trait Fields {
    fn raw(&self, field: usize) -> Option<&str>;

    fn get(&self, field: usize) -> Option<&str> {
        self.raw(field).map(str::trim).filter(|v| !v.is_empty())
    }

    fn flag(&self, field: usize) -> bool {
        matches!(self.get(field), Some("1" | "true" | "True" | "TRUE"))
    }

    /// An integer code that may be written `842`, `842.0` or `"842"`.
    fn code(&self, field: usize) -> Option<i64> {
        self.get(field).and_then(|v| {
            v.parse::<i64>().ok().or_else(|| {
                v.parse::<f64>()
                    .ok()
                    .filter(|f| f.fract() == 0.0)
                    .map(|f| f as i64)
            })
        })
    }
}

/// A JSON record.
struct JsonRecord {
    fields: HashMap<String, Option<String>>,
}

impl Fields for JsonRecord {
    fn raw(&self, field: usize) -> Option<&str> {
        self.fields.get(FIELDS[field]).and_then(|v| v.as_deref())
    }
}

/// The fields `convert` reads, by id: a bulk line finds them by position, a JSON record by
/// name, and no row hashes or compares field names.
const FIELDS: [&str; 20] = [
    "partner2code",
    "customscode",
    "motcode",
    "partnercode",
    "isaggregate",
    "flowcode",
    "reportercode",
    "freqcode",
    "refmonth",
    "period",
    "refyear",
    "cmdcode",
    "classificationcode",
    "netwgt",
    "qty",
    "primaryvalue",
    "qtyunitcode",
    "isnetwgtestimated",
    "isqtyestimated",
    "cmddesc",
];

const PARTNER2CODE: usize = 0;
const CUSTOMSCODE: usize = 1;
const MOTCODE: usize = 2;
const PARTNERCODE: usize = 3;
const ISAGGREGATE: usize = 4;
const FLOWCODE: usize = 5;
const REPORTERCODE: usize = 6;
const FREQCODE: usize = 7;
const REFMONTH: usize = 8;
const PERIOD: usize = 9;
const REFYEAR: usize = 10;
const CMDCODE: usize = 11;
const CLASSIFICATIONCODE: usize = 12;
const NETWGT: usize = 13;
const QTY: usize = 14;
const PRIMARYVALUE: usize = 15;
const QTYUNITCODE: usize = 16;
const ISNETWGTESTIMATED: usize = 17;
const ISQTYESTIMATED: usize = 18;
const CMDDESC: usize = 19;

/// A bulk line: cells found through the header positions of the known fields.
struct BulkRecord<'a> {
    positions: &'a [Option<usize>],
    cells: &'a [&'a str],
}

impl Fields for BulkRecord<'_> {
    fn raw(&self, field: usize) -> Option<&str> {
        self.positions[field]
            .and_then(|i| self.cells.get(i))
            .copied()
    }
}

enum Outcome {
    Rows(Vec<tradewatch_model::Observation>),
    Skip(&'static str),
    Reject(Vec<(&'static str, String)>),
}

fn period_of(r: &impl Fields) -> std::result::Result<Period, String> {
    let freq = r.get(FREQCODE).unwrap_or("M");
    let ref_month = r.code(REFMONTH);
    let raw = r.get(PERIOD).unwrap_or("");
    let year: i32 = match r.code(REFYEAR) {
        Some(y) => y as i32,
        None => raw
            .get(..4)
            .and_then(|y| y.parse().ok())
            .ok_or_else(|| format!("period '{raw}' has no year"))?,
    };
    // Annual records carry refMonth 52 (and bulk listings YYYY52): never a month.
    if freq.eq_ignore_ascii_case("A") || ref_month == Some(52) || raw.len() == 4 {
        return Ok(Period::Year(year));
    }
    let month = match ref_month {
        Some(m) => m as u32,
        None => raw
            .get(4..6)
            .and_then(|m| m.parse().ok())
            .ok_or_else(|| format!("period '{raw}' is not YYYYMM"))?,
    };
    Period::month(year, month).map_err(|e| e.to_string())
}

fn classification_of(r: &impl Fields, code: &str, reporter: &str) -> Classification {
    if code.len() > 6 {
        return Classification::guess(code, reporter).unwrap_or(Classification::Hs);
    }
    match r.get(CLASSIFICATIONCODE) {
        Some("H5") => Classification::Hs2017,
        Some("H6") => Classification::Hs2022,
        _ => Classification::Hs,
    }
}

fn convert(r: &impl Fields, line: u64, citation: String) -> Outcome {
    let countries = Countries::builtin();
    // Totals only: a breakdown next to its total would double count.
    if r.code(PARTNER2CODE).is_some_and(|c| c != 0) {
        return Outcome::Skip("breakdown by second partner (partner2Code ≠ 0); its total is kept");
    }
    if r.get(CUSTOMSCODE).is_some_and(|c| c != "C00") {
        return Outcome::Skip(
            "breakdown by customs procedure (customsCode ≠ C00); its total is kept",
        );
    }
    if r.code(MOTCODE).is_some_and(|c| c != 0) {
        return Outcome::Skip("breakdown by mode of transport (motCode ≠ 0); its total is kept");
    }
    let partner_code = r.code(PARTNERCODE);
    if r.flag(ISAGGREGATE) && partner_code != Some(0) {
        return Outcome::Skip("UNSD aggregate of more detailed rows (isAggregate)");
    }
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let flow = match r.get(FLOWCODE) {
        Some("X") => Some(Flow::Export),
        Some("M") => Some(Flow::Import),
        Some("RX") => Some(Flow::ReExport),
        Some("RM") => Some(Flow::ReImport),
        Some(_) => return Outcome::Skip("a special flow (DX, FM, processing flows): not tracked"),
        None => {
            errors.push(("flowCode", "missing".to_string()));
            None
        }
    };
    let reporter = match r.code(REPORTERCODE) {
        Some(c) => match countries.by_m49(c as u32) {
            Some(country) => Some(country.iso3.clone()),
            None => {
                errors.push((
                    "reporterCode",
                    format!("M49 code {c} is not in tradewatch's country table"),
                ));
                None
            }
        },
        None => {
            errors.push(("reporterCode", "missing".to_string()));
            None
        }
    };
    let partner = match partner_code {
        Some(c) => match countries.by_m49(c as u32) {
            Some(country) => Some(country.iso3.clone()),
            None => {
                errors.push((
                    "partnerCode",
                    format!("M49 code {c} is not in tradewatch's country table"),
                ));
                None
            }
        },
        None => {
            errors.push(("partnerCode", "missing".to_string()));
            None
        }
    };
    let period = match period_of(r) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(("period", e));
            None
        }
    };
    let code = r.get(CMDCODE).unwrap_or("").to_string();
    if code.eq_ignore_ascii_case("TOTAL") {
        return Outcome::Skip("all-commodities total (cmdCode TOTAL)");
    }
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(("cmdCode", format!("'{code}' is not a commodity code")));
    }
    let mut numbers = |field: usize| -> Option<f64> {
        match r.get(field).map(text::number) {
            None => None,
            Some(Ok(v)) => v,
            Some(Err(e)) => {
                errors.push((FIELDS[field], e));
                None
            }
        }
    };
    let net_wgt = numbers(NETWGT);
    let qty = numbers(QTY);
    let value = numbers(PRIMARYVALUE);
    for (name, v) in [("netWgt", net_wgt), ("qty", qty), ("primaryValue", value)] {
        if v.is_some_and(|v| v < 0.0) {
            errors.push((name, format!("negative figure {}", v.unwrap_or(0.0))));
        }
    }
    if !errors.is_empty() {
        return Outcome::Reject(errors);
    }
    let (Some(flow), Some(reporter), Some(partner), Some(period)) =
        (flow, reporter, partner, period)
    else {
        return Outcome::Reject(vec![("row", "incomplete".to_string())]);
    };
    let classification = classification_of(r, &code, &reporter);
    let mut draft = Draft {
        source: Source::Comtrade,
        reporter,
        partner,
        flow,
        classification,
        commodity: r
            .get(CMDDESC)
            .map_or(code.clone(), |d| format!("{code} {d}")),
        code,
        period,
        citation,
        line,
        estimated: false,
        suppressed: false,
        published: None,
    };
    let mut rows = Vec::new();
    // Quantity in kg: the net weight, else `qty` when its unit is kg (8) or tonnes (21).
    // Zero means unknown here (tariff lines write 0.0 with unit -1 for "no quantity").
    let unit_code = r.code(QTYUNITCODE);
    let quantity = match (net_wgt, qty, unit_code) {
        (Some(w), _, _) if w > 0.0 => Some((w, Unit::Kg, r.flag(ISNETWGTESTIMATED))),
        (_, Some(q), Some(8)) if q > 0.0 => Some((q, Unit::Kg, r.flag(ISQTYESTIMATED))),
        (_, Some(q), Some(21)) if q > 0.0 => Some((q, Unit::Tonne, r.flag(ISQTYESTIMATED))),
        _ => None,
    };
    if let Some((q, unit, estimated)) = quantity {
        draft.estimated = estimated;
        rows.push(draft.observe(Measure::Quantity, q, unit));
        draft.estimated = false;
    }
    if let Some(v) = value {
        rows.push(draft.observe(Measure::Value, v, Unit::Usd));
    }
    if rows.is_empty() {
        return Outcome::Skip("no value and no quantity");
    }
    Outcome::Rows(rows)
}

fn record(
    report: &mut IngestReport,
    observations: &mut Vec<tradewatch_model::Observation>,
    line: u64,
    outcome: Outcome,
) {
    report.rows_read += 1;
    match outcome {
        Outcome::Rows(mut rows) => observations.append(&mut rows),
        Outcome::Skip(reason) => report.skip(line, reason),
        Outcome::Reject(errors) => {
            for (field, reason) in errors {
                report.reject(line, field, reason);
            }
        }
    }
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// Reads an API v1 JSON answer (`{"count":…,"data":[…],"error":""}`).
pub fn parse_json(path: &str, bytes: &[u8], _options: &Options) -> Result<Parsed> {
    let (text, _) = text::decode(path, bytes)?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        return Err(crate::error_page(path, trimmed));
    }
    let doc: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| {
        let what = if e.is_eof() {
            "the JSON ends early (a cut-off download?)"
        } else {
            "not valid JSON"
        };
        parse_error(path, e.line() as u64, "json", format!("{what}: {e}"))
    })?;
    if let Some(status) = doc.get("statusCode") {
        let message = doc.get("message").and_then(|m| m.as_str()).unwrap_or("");
        return Err(parse_error(
            path,
            1,
            "statusCode",
            format!("an API error ({status}), not data: {message}"),
        ));
    }
    if let Some(message) = doc
        .pointer("/errorObject/errorMessage")
        .and_then(|m| m.as_str())
    {
        return Err(parse_error(
            path,
            1,
            "errorObject",
            format!("an API error, not data: {message}"),
        ));
    }
    if let Some(message) = doc
        .get("error")
        .and_then(|m| m.as_str())
        .filter(|m| !m.is_empty())
    {
        return Err(parse_error(
            path,
            1,
            "error",
            format!("the API reported an error: {message}"),
        ));
    }
    let Some(data) = doc.get("data").and_then(|d| d.as_array()) else {
        return Err(parse_error(
            path,
            1,
            "data",
            "no `data` array: not a Comtrade answer",
        ));
    };
    if let Some(count) = doc.get("count").and_then(|c| c.as_u64())
        && count as usize != data.len()
    {
        return Err(parse_error(
            path,
            1,
            "count",
            format!("count says {count} records but data holds {}", data.len()),
        ));
    }
    let mut report = IngestReport::new(path, Format::ComtradeJson);
    let mut observations = Vec::new();
    for (i, v) in data.iter().enumerate() {
        let fields = v
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), json_text(v)))
                    .collect()
            })
            .unwrap_or_default();
        let line = i as u64 + 1;
        let outcome = convert(&JsonRecord { fields }, line, format!("{path}#data[{i}]"));
        record(&mut report, &mut observations, line, outcome);
    }
    let mut parsed = Parsed::new(Format::ComtradeJson, observations, report, Source::Comtrade);
    if data.is_empty() {
        parsed
            .report
            .notes
            .push("empty answer (count 0): no rows".to_string());
    }
    if data.len() == 100_000 || data.len() == 500 {
        parsed.report.notes.push(format!(
            "{} records is the API's cap: the answer is probably truncated; split the query",
            data.len()
        ));
    }
    Ok(parsed)
}

/// Reads a bulk file in chunks: gzip (or plain) tab-separated text with one header row,
/// never holding more than a chunk of it in memory.
pub struct BulkReader {
    path: String,
    input: Box<dyn BufRead + Send>,
    positions: Vec<Option<usize>>,
    columns: usize,
    line: u64,
    buf: Vec<u8>,
    report: IngestReport,
}

impl BulkReader {
    /// Opens a bulk file from any reader; a gzip stream is recognised by its magic bytes.
    pub fn open(path: &str, input: impl Read + Send + 'static) -> Result<BulkReader> {
        let mut buffered = BufReader::with_capacity(1 << 20, input);
        let gz = buffered
            .fill_buf()
            .map(|b| b.starts_with(&[0x1f, 0x8b]))
            .map_err(|e| parse_error(path, 1, "file", e.to_string()))?;
        let input: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::with_capacity(
                1 << 20,
                flate2::bufread::MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        let mut reader = BulkReader {
            path: path.to_string(),
            input,
            positions: Vec::new(),
            columns: 0,
            line: 0,
            buf: Vec::new(),
            report: IngestReport::new(path, Format::ComtradeBulk),
        };
        let header = reader
            .next_line()?
            .ok_or_else(|| parse_error(path, 1, "header", "empty file"))?;
        let names: Vec<String> = header
            .trim_start_matches('\u{feff}')
            .split('\t')
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        for required in ["reportercode", "partnercode", "flowcode", "cmdcode"] {
            if !names.iter().any(|h| h == required) {
                return Err(parse_error(
                    path,
                    1,
                    required,
                    "required column missing from the bulk header",
                ));
            }
        }
        reader.columns = names.len();
        reader.positions = FIELDS
            .iter()
            .map(|f| names.iter().position(|n| n == f))
            .collect();
        Ok(reader)
    }

    /// The next line without its line ending, or `None` at the end.
    fn next_line(&mut self) -> Result<Option<String>> {
        self.buf.clear();
        let n = self.input.read_until(b'\n', &mut self.buf).map_err(|e| {
            parse_error(
                &self.path,
                self.line + 1,
                "gzip",
                format!("the file is damaged or cut off: {e}"),
            )
        })?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        match std::str::from_utf8(&self.buf) {
            Ok(s) => Ok(Some(s.to_string())),
            Err(_) => Err(parse_error(
                &self.path,
                self.line,
                "encoding",
                "not UTF-8 text (a binary file, or a mix of encodings?)",
            )),
        }
    }

    /// Reads up to `max_rows` lines into observations; `None` at the end of the file.
    pub fn next_chunk(
        &mut self,
        max_rows: usize,
    ) -> Result<Option<Vec<tradewatch_model::Observation>>> {
        let mut observations = Vec::with_capacity(max_rows * 2);
        let mut read = 0;
        while read < max_rows {
            let Some(text) = self.next_line()? else {
                break;
            };
            if text.trim().is_empty() {
                continue;
            }
            read += 1;
            let line = self.line;
            let cells: Vec<&str> = text.split('\t').collect();
            if cells.len() != self.columns {
                self.report.rows_read += 1;
                let reason = format!(
                    "{} fields, the header has {} (a truncated line?)",
                    cells.len(),
                    self.columns
                );
                self.report.reject(line, "row", reason);
                continue;
            }
            let outcome = convert(
                &BulkRecord {
                    positions: &self.positions,
                    cells: &cells,
                },
                line,
                format!("{}:{line}", self.path),
            );
            record(&mut self.report, &mut observations, line, outcome);
        }
        Ok((read > 0).then_some(observations))
    }

    /// The report so far.
    pub fn report(&self) -> &IngestReport {
        &self.report
    }

    /// The final report.
    pub fn into_report(self) -> IngestReport {
        self.report
    }
}

/// Reads a whole bulk file (see [`BulkReader`] for large files).
pub fn parse_bulk(path: &str, bytes: &[u8], _options: &Options) -> Result<Parsed> {
    let mut reader = BulkReader::open(path, std::io::Cursor::new(bytes.to_vec()))?;
    let mut observations = Vec::new();
    while let Some(mut chunk) = reader.next_chunk(100_000)? {
        observations.append(&mut chunk);
    }
    Ok(Parsed::new(
        Format::ComtradeBulk,
        observations,
        reader.into_report(),
        Source::Comtrade,
    ))
}
