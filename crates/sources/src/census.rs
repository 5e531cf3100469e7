//! US Census Bureau international trade API (`imports/hs`, `exports/hs`): a JSON array of
//! arrays, every value a string, header names repeated (parse by the first occurrence of a
//! name, never by position). HTTP 204 with an empty body means no rows.
//!
//! Imports: `GEN_VAL_MO` (general imports) is the value; `CON_VAL_MO` (imports for
//! consumption) is kept as its own measure; `GEN_QY1_MO` with `UNIT_QY1` the quantity.
//! Exports: `ALL_VAL_MO`, `QTY_1_MO`; `DF` 1 = domestic exports, 2 = re-exports. `*_YR`
//! year-to-date figures become `YYYY-01..MM` spans. `CTY_CODE` `-` is the world total, `0003`
//! the EU; other groupings are skipped so totals are never summed with their members.

use std::collections::HashMap;

use chrono::NaiveDate;
use tradewatch_model::{Classification, Countries, Flow, Measure, Month, Period, Source, Unit};

use crate::{Draft, Format, IngestReport, Options, Parsed, Result, parse_error, text};

/// Reads a Census API answer.
pub fn parse(path: &str, bytes: &[u8], _options: &Options) -> Result<Parsed> {
    let mut report = IngestReport::new(path, Format::CensusJson);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        report
            .notes
            .push("empty answer (Census's 204 No Content): no rows".to_string());
        return Ok(Parsed::new(
            Format::CensusJson,
            Vec::new(),
            report,
            Source::Census,
        ));
    }
    let text = text::decode_utf8(path, bytes)?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        return Err(crate::error_page(path, trimmed));
    }
    if trimmed.to_ascii_lowercase().starts_with("error")
        || trimmed.starts_with("There was an error")
    {
        return Err(parse_error(
            path,
            1,
            "content",
            format!(
                "an API error message, not data: '{}'",
                text::first_line(trimmed)
            ),
        ));
    }
    let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(trimmed).map_err(|e| {
        let what = if e.is_eof() {
            "the JSON ends early (a cut-off download?)"
        } else {
            "not an array of arrays"
        };
        parse_error(path, e.line() as u64, "json", format!("{what}: {e}"))
    })?;
    // The line each row starts on, as an editor shows it, when every data row starts on a line
    // of its own (the API prints one a line); otherwise (a document on one line) a row's
    // position, the header being 1.
    let mut lines = text::array_element_lines(&text);
    if lines.len() != rows.len()
        || lines
            .iter()
            .skip(1)
            .zip(lines.iter().skip(2))
            .any(|(a, b)| a >= b)
    {
        lines = (1..=rows.len() as u64).collect();
    }
    let Some((head, body)) = rows.split_first() else {
        report.notes.push("empty array: no rows".to_string());
        return Ok(Parsed::new(
            Format::CensusJson,
            Vec::new(),
            report,
            Source::Census,
        ));
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, h) in head.iter().enumerate() {
        if let Some(name) = h.as_str() {
            index.entry(name.to_ascii_uppercase()).or_insert(i);
        }
    }
    let imports = index.contains_key("I_COMMODITY");
    let exports = index.contains_key("E_COMMODITY");
    if !imports && !exports {
        return Err(parse_error(
            path,
            1,
            "header",
            "neither I_COMMODITY (imports/hs) nor E_COMMODITY (exports/hs) is in the header",
        ));
    }
    if !index.contains_key("CTY_CODE") {
        return Err(parse_error(path, 1, "CTY_CODE", "required column missing"));
    }
    let countries = Countries::builtin();
    let mut observations = Vec::new();
    for (i, row) in body.iter().enumerate() {
        // Row 0 of the array is the header: data row i sits at array index i + 1, and its
        // line is where that element starts.
        let line = lines[i + 1];
        report.rows_read += 1;
        let get = |name: &str| -> Option<String> {
            index
                .get(name)
                .and_then(|&j| row.get(j))
                .and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s.trim().to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
        };
        if row.len() != head.len() {
            report.reject(
                line,
                "row",
                format!("{} values, the header has {}", row.len(), head.len()),
            );
            continue;
        }
        // What the row is (a country, a grouping, a summary line) is decided only after
        // every field is checked: a bad row is rejected even when it would be left out.
        let before = report.rejected.len();
        let mut leave_out: Option<&'static str> = None;
        let cty = get("CTY_CODE").unwrap_or_default();
        let partner = match cty.as_str() {
            "-" => "WLD".to_string(),
            code => match countries.by_census(code) {
                Some(c) => c.iso3.clone(),
                None if code.len() == 4 && code.starts_with("00") => {
                    leave_out =
                        Some("a country grouping other than the EU (kept apart from countries)");
                    String::new()
                }
                None if code.len() == 4 && code.contains('X') => {
                    leave_out = Some("a continental total (kept apart from countries)");
                    String::new()
                }
                None => {
                    report.reject(
                        line,
                        "CTY_CODE",
                        format!("Census code '{code}' is not in tradewatch's country table"),
                    );
                    String::new()
                }
            },
        };
        if let Some(level) = get("SUMMARY_LVL")
            && level != "DET"
            && partner != "WLD"
            && partner != "EUN"
            && leave_out.is_none()
        {
            leave_out = Some("a summary line (SUMMARY_LVL ≠ DET)");
        }
        let period = match (get("time"), get("TIME"), get("YEAR"), get("MONTH")) {
            (Some(t), _, _, _) | (None, Some(t), _, _) => {
                t.parse::<Period>().map_err(|e| e.to_string())
            }
            (None, None, Some(y), Some(m)) => format!("{y}-{m:0>2}")
                .parse::<Period>()
                .map_err(|e| e.to_string()),
            _ => Err("no time, or YEAR and MONTH".to_string()),
        };
        let period = match period {
            Ok(p @ Period::Month(_)) => Some(p),
            Ok(other) => {
                report.reject(line, "time", format!("'{other}' is not a month"));
                None
            }
            Err(e) => {
                report.reject(line, "time", e);
                None
            }
        };
        let code_field = if imports {
            "I_COMMODITY"
        } else {
            "E_COMMODITY"
        };
        let code = get(code_field).unwrap_or_default();
        let classification = if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            report.reject(
                line,
                code_field,
                format!("'{code}' is not a commodity code"),
            );
            None
        } else {
            match (code.len(), imports) {
                (10, true) => Some(Classification::Hts10),
                (10, false) => Some(Classification::ScheduleB10),
                (2 | 4 | 6, _) => Some(Classification::Hs),
                (n, _) => {
                    report.reject(line, code_field, format!("{n}-digit code '{code}'"));
                    None
                }
            }
        };
        let flow = if imports {
            Some(Flow::Import)
        } else {
            match get("DF").as_deref() {
                None | Some("1") => Some(Flow::Export),
                Some("2") => Some(Flow::ReExport),
                Some(other) => {
                    report.reject(
                        line,
                        "DF",
                        format!("'{other}' is not 1 (domestic) or 2 (foreign)"),
                    );
                    None
                }
            }
        };
        let desc_field = if imports {
            "I_COMMODITY_SDESC"
        } else {
            "E_COMMODITY_SDESC"
        };
        let published = match get("LAST_UPDATE") {
            None => None,
            Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                Ok(d) => Some(d),
                // A month only (`2025-05`) says no day: no publication date, not an error.
                Err(_)
                    if d.parse::<Period>()
                        .is_ok_and(|p| matches!(p, Period::Month(_))) =>
                {
                    None
                }
                Err(_) => {
                    report.reject(
                        line,
                        "LAST_UPDATE",
                        format!("'{d}' is not a date (YYYY-MM-DD)"),
                    );
                    None
                }
            },
        };
        let number = |name: &str, report: &mut IngestReport| -> Option<f64> {
            match get(name).map(|v| text::number(&v)) {
                None => None,
                Some(Ok(v)) => v,
                Some(Err(e)) => {
                    report.reject(line, name, e);
                    None
                }
            }
        };
        let (value_mo, cons_mo, qty_mo, value_yr, cons_yr, qty_yr) = if imports {
            (
                number("GEN_VAL_MO", &mut report),
                number("CON_VAL_MO", &mut report),
                number("GEN_QY1_MO", &mut report),
                number("GEN_VAL_YR", &mut report),
                number("CON_VAL_YR", &mut report),
                number("GEN_QY1_YR", &mut report),
            )
        } else {
            (
                number("ALL_VAL_MO", &mut report),
                None,
                number("QTY_1_MO", &mut report),
                number("ALL_VAL_YR", &mut report),
                None,
                number("QTY_1_YR", &mut report),
            )
        };
        for (name, v) in [
            ("value", value_mo),
            ("quantity", qty_mo),
            ("value_yr", value_yr),
        ] {
            if v.is_some_and(|v| v < 0.0) {
                report.reject(line, name, "negative figure");
            }
        }
        if report.rejected.len() > before {
            continue;
        }
        if let Some(reason) = leave_out {
            report.skip(line, reason);
            continue;
        }
        let (Some(period), Some(classification), Some(flow)) = (period, classification, flow)
        else {
            continue;
        };
        let mut draft = Draft {
            source: Source::Census,
            reporter: "USA".to_string(),
            partner,
            flow,
            classification,
            commodity: get(desc_field).map_or(code.clone(), |d| format!("{code} {d}")),
            code,
            period,
            citation: format!("{path}:{line}"),
            line,
            estimated: false,
            suppressed: false,
            published,
        };
        // Quantity only in a mass unit; 0 with unit `-` means no quantity.
        let unit = match get("UNIT_QY1").as_deref() {
            Some("KG") => Some(Unit::Kg),
            Some("T") => Some(Unit::Tonne),
            _ => None,
        };
        let mut rows = Vec::new();
        if let Some(v) = value_mo {
            rows.push(draft.observe(Measure::Value, v, Unit::Usd));
        }
        if let Some(v) = cons_mo {
            rows.push(draft.observe(Measure::ValueConsumption, v, Unit::Usd));
        }
        if let (Some(q), Some(u)) = (qty_mo, unit)
            && q > 0.0
        {
            rows.push(draft.observe(Measure::Quantity, q, u));
        }
        // Year-to-date twins: the span January..month (January's is the month itself).
        if let Period::Month(m) = period
            && m.month() > 1
        {
            draft.period = Period::Span(Month::from_index(m.year() * 12), m);
            if let Some(v) = value_yr {
                rows.push(draft.observe(Measure::Value, v, Unit::Usd));
            }
            if let Some(v) = cons_yr {
                rows.push(draft.observe(Measure::ValueConsumption, v, Unit::Usd));
            }
            if let (Some(q), Some(u)) = (qty_yr, unit)
                && q > 0.0
            {
                rows.push(draft.observe(Measure::Quantity, q, u));
            }
        }
        if rows.is_empty() {
            report.skip(line, "no value and no quantity");
        }
        observations.extend(rows);
    }
    // The same key twice (a request repeated in one file) would be a conflict inside one
    // release; sum nothing here — the store keeps both and ranks them.
    Ok(Parsed::new(
        Format::CensusJson,
        observations,
        report,
        Source::Census,
    ))
}
