//! Eurostat Comext: bulk files (v1 `.dat` with `DECLARANT`/`VALUE_IN_EUROS`, v2 CSV with
//! `REPORTER`/`VALUE_EUR`; `PERIOD` `YYYYMM` or `YYYY52` for the year) and the SDMX-CSV API
//! output (`QUANTITY_IN_100KG`). Read with no NA-to-null conversion: partner `NA` is
//! Namibia. Confidential partners (`QY`, `QZ`, …) and letter-bearing product codes
//! (`99RRR100`) are kept and flagged `suppressed`. Rows split by statistical procedure are
//! summed.

use chrono::NaiveDate;
use tradewatch_model::{Classification, Countries, Flow, Measure, Period, Source, Unit};

use crate::{
    Draft, Format, IngestReport, Options, Parsed, Result, parse_error, sum_same_key, text,
};

/// True when a header line is an SDMX-CSV answer.
pub fn looks_like_sdmx(header: &str) -> bool {
    header.starts_with("DATAFLOW") && header.contains("OBS_VALUE")
}

/// True when a header line is a Comext bulk file (v1 or v2).
pub fn looks_like_bulk(header: &str) -> bool {
    (header.starts_with("REPORTER,") || header.starts_with("DECLARANT,"))
        && header.contains("PRODUCT_NC")
}

/// A Comext geo code (ISO2-like) → ISO3, with its suppression flag. `EU27_2020` → `EUN`,
/// `WORLD` → `WLD`.
fn geo(code: &str) -> std::result::Result<(String, bool), String> {
    let c = code.trim();
    match c {
        "EU27_2020" | "EU" => return Ok(("EUN".to_string(), false)),
        "WORLD" | "WLD" => return Ok(("WLD".to_string(), false)),
        _ => {}
    }
    match Countries::builtin().by_iso2(c) {
        // QX, QY, QZ: trade hidden for confidentiality (the other Q codes are "not
        // specified", not secret).
        Some(country) => Ok((country.iso3.clone(), matches!(c, "QX" | "QY" | "QZ"))),
        None => Err(format!(
            "geo code '{c}' is not in tradewatch's country table"
        )),
    }
}

/// `202503` → month; `202452` → the year 2024; `2025-03` → month; `2025` → year.
fn period_code(code: &str) -> std::result::Result<Period, String> {
    let c = code.trim();
    if c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = c[..4].parse().map_err(|_| format!("'{c}'"))?;
        return match &c[4..] {
            "52" => Ok(Period::Year(year)),
            m => {
                let m: u32 = m.parse().map_err(|_| format!("'{c}'"))?;
                Period::month(year, m).map_err(|e| e.to_string())
            }
        };
    }
    c.parse::<Period>().map_err(|e| e.to_string())
}

fn flow_code(code: &str) -> std::result::Result<Flow, String> {
    match code.trim() {
        "1" => Ok(Flow::Import),
        "2" => Ok(Flow::Export),
        other => Err(format!("'{other}' is not 1 (import) or 2 (export)")),
    }
}

/// A product code: CN8 digits, or a confidential code with letters (kept, flagged).
fn product(code: &str) -> std::result::Result<(Classification, String, bool), String> {
    let c = code.trim();
    if c.is_empty() {
        return Err("empty product code".to_string());
    }
    if c.bytes().all(|b| b.is_ascii_digit()) {
        let class = match c.len() {
            8 => Classification::Cn8,
            2 | 4 | 6 => Classification::Hs,
            n => return Err(format!("{n}-digit product code '{c}'")),
        };
        return Ok((class, c.to_string(), false));
    }
    if c.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok((Classification::Cn8, c.to_string(), true));
    }
    Err(format!("'{c}' is not a product code"))
}

/// The key of a Comext row — reporter, partner, product, flow, period, each as `(text,
/// field name)` — checked and made into a draft observation; every bad field goes into
/// `errors`.
fn draft(
    cells: [(&str, &'static str); 5],
    citation: String,
    line: u64,
    published: Option<NaiveDate>,
    errors: &mut Vec<(&'static str, String)>,
) -> Option<Draft> {
    let [reporter, partner, prod, flow, period] = cells;
    let reporter = geo(reporter.0)
        .map_err(|e| errors.push((reporter.1, e)))
        .ok();
    let partner = geo(partner.0).map_err(|e| errors.push((partner.1, e))).ok();
    let prod = product(prod.0).map_err(|e| errors.push((prod.1, e))).ok();
    let flow = flow_code(flow.0).map_err(|e| errors.push((flow.1, e))).ok();
    let period = period_code(period.0)
        .map_err(|e| errors.push((period.1, e)))
        .ok();
    let ((reporter, _), (partner, secret), (class, code, confidential), flow, period) =
        (reporter?, partner?, prod?, flow?, period?);
    Some(Draft {
        source: Source::Comext,
        reporter,
        partner,
        flow,
        classification: class,
        commodity: code.clone(),
        code,
        period,
        citation,
        line,
        estimated: false,
        suppressed: secret || confidential,
        published,
    })
}

/// Reads a bulk file (v1 or v2 header).
pub fn parse_bulk(path: &str, bytes: &[u8], _options: &Options) -> Result<Parsed> {
    let t = text::Table::read(path, bytes, b',')?;
    let need = |names: &[&str]| {
        t.index(names).ok_or_else(|| {
            parse_error(path, 1, names[0], "required column missing from the header")
        })
    };
    let reporter_col = match t.index(&["REPORTER"]) {
        Some(c) => c,
        None => need(&["DECLARANT_ISO"])?,
    };
    let partner_col = match t.index(&["PARTNER_ISO"]) {
        Some(c) => c,
        None => need(&["PARTNER"])?,
    };
    let product_col = need(&["PRODUCT_NC"])?;
    let flow_col = need(&["FLOW"])?;
    let period_col = need(&["PERIOD"])?;
    let value_col = need(&["VALUE_EUR", "VALUE_IN_EUROS"])?;
    let qty_col = need(&["QUANTITY_KG", "QUANTITY_IN_KG"])?;
    let mut report = IngestReport::new(path, Format::ComextBulk);
    let mut observations = Vec::new();
    t.reject_bad(&mut report);
    for (line, rec) in &t.rows {
        let line = *line;
        report.rows_read += 1;
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let mut errors = Vec::new();
        let draft = draft(
            [
                (get(reporter_col), "REPORTER"),
                (get(partner_col), "PARTNER"),
                (get(product_col), "PRODUCT_NC"),
                (get(flow_col), "FLOW"),
                (get(period_col), "PERIOD"),
            ],
            format!("{path}:{line}"),
            line,
            None,
            &mut errors,
        );
        let value = text::number(get(value_col))
            .map_err(|e| errors.push(("VALUE_EUR", e)))
            .ok()
            .flatten();
        let qty = text::number(get(qty_col))
            .map_err(|e| errors.push(("QUANTITY_KG", e)))
            .ok()
            .flatten();
        if value.is_some_and(|v| v < 0.0) || qty.is_some_and(|q| q < 0.0) {
            errors.push(("QUANTITY_KG", "negative figure".to_string()));
        }
        if !errors.is_empty() {
            for (field, reason) in errors {
                report.reject(line, field, reason);
            }
            continue;
        }
        let Some(draft) = draft else {
            continue;
        };
        if value.is_none() && qty.is_none() {
            report.skip(line, "no value and no quantity");
        }
        if let Some(v) = value {
            observations.push(draft.observe(Measure::Value, v, Unit::Eur));
        }
        if let Some(q) = qty {
            observations.push(draft.observe(Measure::Quantity, q, Unit::Kg));
        }
    }
    let observations = sum_same_key(observations);
    Ok(Parsed::new(
        Format::ComextBulk,
        observations,
        report,
        Source::Comext,
    ))
}

/// Reads an SDMX-CSV answer of the Comext API.
pub fn parse_sdmx(path: &str, bytes: &[u8], _options: &Options) -> Result<Parsed> {
    let t = text::Table::read(path, bytes, b',')?;
    let need = |name: &str| {
        t.index(&[name])
            .ok_or_else(|| parse_error(path, 1, name, "required column missing from the header"))
    };
    let (reporter_col, partner_col, product_col, flow_col) = (
        need("reporter")?,
        need("partner")?,
        need("product")?,
        need("flow")?,
    );
    let (indicator_col, time_col, value_col) = (
        need("indicators")?,
        need("TIME_PERIOD")?,
        need("OBS_VALUE")?,
    );
    let updated_col = t.index(&["LAST UPDATE"]);
    let mut report = IngestReport::new(path, Format::ComextSdmx);
    t.reject_bad(&mut report);
    let mut observations = Vec::new();
    for (line, rec) in &t.rows {
        let line = *line;
        report.rows_read += 1;
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        // Every field is checked before the row is left out for what it is (a supplementary
        // quantity, a figure not available).
        let mut errors = Vec::new();
        let indicator = match get(indicator_col) {
            "VALUE_IN_EUROS" | "VALUE_EUR" => Some((Measure::Value, Unit::Eur, 1.0)),
            "QUANTITY_IN_100KG" => Some((Measure::Quantity, Unit::Kg, 100.0)),
            "QUANTITY_KG" | "QUANTITY_IN_KG" => Some((Measure::Quantity, Unit::Kg, 1.0)),
            "SUPPLEMENTARY_QUANTITY" => None,
            other => {
                errors.push(("indicators", format!("unknown indicator '{other}'")));
                None
            }
        };
        let value = match text::number(get(value_col)) {
            Ok(v) => v,
            Err(e) => {
                errors.push(("OBS_VALUE", e));
                None
            }
        };
        if value.is_some_and(|v| v < 0.0) {
            errors.push(("OBS_VALUE", "negative figure".to_string()));
        }
        // LAST UPDATE is dd/mm/yy HH:MM:SS.
        let published = match updated_col.map(get).filter(|u| !u.is_empty()) {
            None => None,
            Some(u) => match u
                .split_whitespace()
                .next()
                .and_then(|d| NaiveDate::parse_from_str(d, "%d/%m/%y").ok())
            {
                Some(d) => Some(d),
                None => {
                    errors.push(("LAST UPDATE", format!("'{u}' is not dd/mm/yy HH:MM:SS")));
                    None
                }
            },
        };
        let draft = draft(
            [
                (get(reporter_col), "reporter"),
                (get(partner_col), "partner"),
                (get(product_col), "product"),
                (get(flow_col), "flow"),
                (get(time_col), "TIME_PERIOD"),
            ],
            format!("{path}:{line}"),
            line,
            published,
            &mut errors,
        );
        if !errors.is_empty() {
            for (field, reason) in errors {
                report.reject(line, field, reason);
            }
            continue;
        }
        let Some((measure, unit, factor)) = indicator else {
            report.skip(line, "supplementary quantity (units vary by product)");
            continue;
        };
        let Some(value) = value else {
            report.skip(line, "figure not available (':'), not zero");
            continue;
        };
        let Some(draft) = draft else {
            continue;
        };
        let mut o = draft.observe(measure, value * factor, unit);
        o.resolution = tradewatch_model::resolution_of(get(value_col)).map(|r| r * factor);
        observations.push(o);
    }
    let observations = sum_same_key(observations);
    Ok(Parsed::new(
        Format::ComextSdmx,
        observations,
        report,
        Source::Comext,
    ))
}
