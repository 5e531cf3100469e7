//! Any CSV plus a small TOML mapping of its columns onto the canonical fields.
//!
//! ```toml
//! delimiter = ";"            # default ","
//! source = "user"            # default "user"
//! reporter = "DEU"           # a constant, or [columns] reporter = "..."
//! flow = "import"            # a constant, or [columns] flow = "..."
//! classification = "CN8"     # default: guessed from the code's length
//! unit_quantity = "t"        # unit of the quantity column (t or kg)
//! currency = "EUR"           # currency of the value column
//! [columns]
//! partner = "Land"           # ISO2 or ISO3 values
//! period = "Periode"         # or year = "Jahr" and month = "Monat"
//! code = "Ware"
//! quantity = "Menge_t"
//! value = "Wert_EUR"
//! ```

use std::collections::HashMap;

use serde::Deserialize;
use tradewatch_model::{Classification, Countries, Flow, Measure, Period, Source, Unit};

use crate::{Draft, Error, Format, IngestReport, Options, Parsed, Result, parse_error, text};

/// How a CSV's columns map onto canonical fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default = "comma")]
    pub delimiter: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub reporter: Option<String>,
    #[serde(default)]
    pub partner: Option<String>,
    #[serde(default)]
    pub flow: Option<String>,
    #[serde(default)]
    pub classification: Option<String>,
    #[serde(default)]
    pub unit_quantity: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    pub columns: Columns,
}

fn comma() -> String {
    ",".to_string()
}

/// Column names in the CSV for each field.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub reporter: Option<String>,
    pub partner: Option<String>,
    pub flow: Option<String>,
    pub period: Option<String>,
    pub year: Option<String>,
    pub month: Option<String>,
    pub code: String,
    pub quantity: Option<String>,
    pub value: Option<String>,
    pub citation: Option<String>,
}

impl Mapping {
    /// Parses a mapping file.
    pub fn from_toml(path: &str, text: &str) -> Result<Mapping> {
        toml::from_str(text).map_err(|e| Error::Parse {
            path: path.to_string(),
            line: e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].lines().count().max(1) as u64
            }),
            field: "mapping".to_string(),
            reason: e.message().to_string(),
        })
    }
}

fn country(code: &str) -> std::result::Result<String, String> {
    let c = Countries::builtin();
    c.get(code)
        .or_else(|| c.by_iso2(code))
        .map(|x| x.iso3.clone())
        .ok_or_else(|| format!("unknown country code '{code}'"))
}

/// Reads a CSV with its mapping (`options.mapping`).
pub fn parse(path: &str, bytes: &[u8], options: &Options) -> Result<Parsed> {
    let Some(m) = &options.mapping else {
        return Err(parse_error(
            path,
            1,
            "mapping",
            "a mapped CSV needs --mapping FILE.toml",
        ));
    };
    let delimiter = match m.delimiter.as_bytes() {
        [b] => *b,
        _ if m.delimiter == "\\t" => b'\t',
        _ => {
            return Err(parse_error(
                path,
                1,
                "delimiter",
                "the delimiter must be one character",
            ));
        }
    };
    let source = match &m.source {
        Some(s) => s
            .parse::<Source>()
            .map_err(|e| parse_error(path, 1, "source", e.to_string()))?,
        None => options.default_source.unwrap_or(Source::User),
    };
    let quantity_unit = match m.unit_quantity.as_deref() {
        None => Unit::Kg,
        Some(u) => match u.parse::<Unit>() {
            Ok(u @ (Unit::Kg | Unit::Tonne)) => u,
            _ => {
                return Err(parse_error(
                    path,
                    1,
                    "unit_quantity",
                    format!("'{u}' is not t or kg"),
                ));
            }
        },
    };
    let currency = match m.currency.as_deref() {
        None => Unit::Usd,
        Some(c) => match c.parse::<Unit>() {
            Ok(u) if u.is_currency() => u,
            _ => {
                return Err(parse_error(
                    path,
                    1,
                    "currency",
                    format!("'{c}' is not USD, EUR or CNY"),
                ));
            }
        },
    };
    let t = text::Table::read(path, bytes, delimiter)?;
    let head = &t.head;
    let index: HashMap<&str, usize> = head
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let col = |field: &str, name: &Option<String>| -> Result<Option<usize>> {
        match name {
            None => Ok(None),
            Some(n) => index.get(n.as_str()).copied().map(Some).ok_or_else(|| {
                parse_error(
                    path,
                    1,
                    n,
                    format!("the mapping's {field} column is not in the header"),
                )
            }),
        }
    };
    let c = &m.columns;
    let reporter_col = col("reporter", &c.reporter)?;
    let partner_col = col("partner", &c.partner)?;
    let flow_col = col("flow", &c.flow)?;
    let period_col = col("period", &c.period)?;
    let year_col = col("year", &c.year)?;
    let month_col = col("month", &c.month)?;
    let code_col = col("code", &Some(c.code.clone()))?.unwrap_or(0);
    let qty_col = col("quantity", &c.quantity)?;
    let value_col = col("value", &c.value)?;
    let citation_col = col("citation", &c.citation)?;
    if reporter_col.is_none() && m.reporter.is_none() {
        return Err(parse_error(
            path,
            1,
            "reporter",
            "the mapping names no reporter (constant or column)",
        ));
    }
    if partner_col.is_none() && m.partner.is_none() {
        return Err(parse_error(
            path,
            1,
            "partner",
            "the mapping names no partner (constant or column)",
        ));
    }
    if flow_col.is_none() && m.flow.is_none() {
        return Err(parse_error(
            path,
            1,
            "flow",
            "the mapping names no flow (constant or column)",
        ));
    }
    if period_col.is_none() && year_col.is_none() {
        return Err(parse_error(
            path,
            1,
            "period",
            "the mapping names no period column (period, or year and month)",
        ));
    }
    let fixed_class = match &m.classification {
        Some(cl) => Some(
            cl.parse::<Classification>()
                .map_err(|e| parse_error(path, 1, "classification", e.to_string()))?,
        ),
        None => None,
    };
    let mut report = IngestReport::new(path, Format::MappedCsv);
    let mut observations = Vec::new();
    t.reject_bad(&mut report);
    for (line, rec) in &t.rows {
        let line = *line;
        report.rows_read += 1;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(str::trim).unwrap_or("");
        let field_name = |i: Option<usize>| i.and_then(|i| head.get(i)).map_or("?", |s| s.as_str());
        let mut errors: Vec<(String, String)> = Vec::new();
        let mut check = |i: Option<usize>, r: std::result::Result<String, String>| {
            r.map_err(|e| errors.push((field_name(i).to_string(), e)))
                .ok()
        };
        let reporter = check(
            reporter_col,
            country(m.reporter.as_deref().unwrap_or(get(reporter_col))),
        );
        let partner = check(
            partner_col,
            country(m.partner.as_deref().unwrap_or(get(partner_col))),
        );
        let flow = m
            .flow
            .as_deref()
            .unwrap_or(get(flow_col))
            .parse::<Flow>()
            .map_err(|e| errors.push((field_name(flow_col).to_string(), e.to_string())))
            .ok();
        let period_text = match period_col {
            Some(_) => get(period_col).to_string(),
            None if month_col.is_some() => format!("{}-{:0>2}", get(year_col), get(month_col)),
            None => get(year_col).to_string(),
        };
        let period = period_text
            .parse::<Period>()
            .map_err(|e| {
                errors.push((
                    field_name(period_col.or(month_col).or(year_col)).to_string(),
                    e.to_string(),
                ))
            })
            .ok();
        let code_text = get(Some(code_col));
        let class = fixed_class
            .or_else(|| Classification::guess(code_text, reporter.as_deref().unwrap_or("")));
        let code = match class {
            Some(cl) => cl
                .check_code(code_text)
                .map(|code| (cl, code))
                .map_err(|e| errors.push((c.code.clone(), e.to_string())))
                .ok(),
            None => {
                errors.push((
                    c.code.clone(),
                    format!("cannot tell the classification of '{code_text}'"),
                ));
                None
            }
        };
        let mut number = |i: Option<usize>| -> Option<f64> {
            let v = text::number(get(i))
                .map_err(|e| errors.push((field_name(i).to_string(), e)))
                .ok()
                .flatten();
            if v.is_some_and(|v| v < 0.0) {
                errors.push((field_name(i).to_string(), "negative figure".to_string()));
            }
            v
        };
        let qty = number(qty_col);
        let value = number(value_col);
        if !errors.is_empty() {
            for (f, r) in errors {
                report.reject(line, &f, r);
            }
            continue;
        }
        let (Some(reporter), Some(partner), Some(flow), Some(period), Some((classification, code))) =
            (reporter, partner, flow, period, code)
        else {
            continue;
        };
        let citation = match get(citation_col) {
            "" => format!("{path}:{line}"),
            c => c.to_string(),
        };
        if value.is_none() && qty.is_none() {
            report.skip(line, "no value and no quantity");
            continue;
        }
        let draft = Draft {
            source,
            reporter,
            partner,
            flow,
            classification,
            commodity: code.clone(),
            code,
            period,
            citation,
            line,
            estimated: false,
            suppressed: false,
            published: None,
        };
        if let Some(v) = value {
            let mut o = draft.observe(Measure::Value, v, currency);
            o.resolution = tradewatch_model::resolution_of(get(value_col));
            observations.push(o);
        }
        if let Some(q) = qty {
            let mut o = draft.observe(Measure::Quantity, q, quantity_unit);
            o.resolution = tradewatch_model::resolution_of(get(qty_col))
                .map(|r| r * quantity_unit.to_stored().1);
            observations.push(o);
        }
    }
    Ok(Parsed::new(Format::MappedCsv, observations, report, source))
}
