//! tradewatch's own CSV format — the format of the bundled dataset and of hand-made files.
//!
//! UTF-8 (a BOM is allowed), comma-separated, a header row naming the columns in any order
//! (names are case-insensitive). One row per published number.
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `reporter` | yes | ISO3 of the reporting country (`CHN`) |
//! | `partner` | yes | ISO3, or `WLD` (world), `EUN` (EU-27), `X_EUROPE`, `X_ASIA`, … |
//! | `flow` | yes | `export`, `import`, `re_export`, `re_import` |
//! | `commodity` | yes | a basket id or alias (`rare-earth-magnets`, `rare_earth_magnets`); a key that fits no basket becomes its own basket |
//! | `period` | yes | `2025-09`, `2025-01..02`, `2025-01..09`, `2025`, `2024-04..2025-03` |
//! | `measure` | yes | `quantity`, `value`, `change_mom_pct`, `change_yoy_pct` |
//! | `value` | yes | the number as published (`420.5`, `+15.8`; `5,774` when quoted) |
//! | `unit` | yes | `t` or `kg` for quantities, `USD`/`CNY`/`EUR` for values, `pct` for changes |
//! | `source` | no | `gacc`, `comtrade`, `census`, `comext`, `press`, `user` (default: the ingest's default, `user`) |
//! | `classification`, `code` | no | the commodity code when the figure is for one code (`CN-CHINA-8`, `85051110`); without them the figure is for the basket as a whole |
//! | `hs_code` | no | the code as the source printed it (kept as a label) |
//! | `source_url` | no | citation; empty → `file:line` |
//! | `published` | no | `YYYY-MM-DD`, when the citation published the figure |
//! | `quality` | no | `ok` (default), `conflict`, `suspect` |
//! | `note`, `estimated`, `suppressed` | no | free text; `true`/`false` |
//!
//! Quantities in tonnes are stored in kg; the published precision is kept as `resolution`.

use std::collections::HashMap;

use chrono::NaiveDate;
use tradewatch_model::{
    Baskets, Classification, Countries, Flow, Measure, Observation, Period, Quality, Source, Unit,
    resolution_of,
};

use crate::{Error, Format, IngestReport, Options, Parsed, Rejection, Result};

const REQUIRED: [&str; 8] = [
    "reporter",
    "partner",
    "flow",
    "commodity",
    "period",
    "measure",
    "value",
    "unit",
];

const OPTIONAL: [&str; 11] = [
    "source",
    "classification",
    "code",
    "hs_code",
    "source_url",
    "citation",
    "published",
    "quality",
    "note",
    "estimated",
    "suppressed",
];

/// True when a header line names most of the required columns (a header that misses or
/// misspells one is still this format, and the parser then says which column is wrong).
pub fn looks_like(header: &str) -> bool {
    let names: Vec<String> = header
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    REQUIRED
        .iter()
        .filter(|r| names.iter().any(|n| n == *r))
        .count()
        >= REQUIRED.len() - 2
}

struct Columns {
    index: HashMap<&'static str, usize>,
    count: usize,
}

impl Columns {
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        self.index
            .get(name)
            .and_then(|&i| record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
}

fn header(path: &str, record: &csv::StringRecord) -> Result<Columns> {
    let mut index = HashMap::new();
    for (i, raw) in record.iter().enumerate() {
        let name = raw
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase();
        let known = REQUIRED.iter().chain(OPTIONAL.iter()).find(|k| **k == name);
        match known {
            Some(k) => {
                if index.insert(*k, i).is_some() {
                    return Err(Error::Parse {
                        path: path.to_string(),
                        line: 1,
                        field: name,
                        reason: "column appears twice in the header".to_string(),
                    });
                }
            }
            None => {
                return Err(Error::Parse {
                    path: path.to_string(),
                    line: 1,
                    field: if name.is_empty() {
                        format!("column {}", i + 1)
                    } else {
                        name
                    },
                    reason: format!(
                        "unknown column; the header may name {} and {}",
                        REQUIRED.join(", "),
                        OPTIONAL.join(", ")
                    ),
                });
            }
        }
    }
    if let Some(missing) = REQUIRED.iter().find(|r| !index.contains_key(*r)) {
        return Err(Error::Parse {
            path: path.to_string(),
            line: 1,
            field: (*missing).to_string(),
            reason: format!(
                "required column missing from the header (required: {})",
                REQUIRED.join(", ")
            ),
        });
    }
    Ok(Columns {
        index,
        count: record.len(),
    })
}

/// Parses a number as published: optional sign, thousands separators, decimals.
fn parse_number(text: &str) -> std::result::Result<f64, String> {
    if !crate::text::grouping_ok(text) {
        return Err(format!(
            "'{text}' is not a number (thousands separators must separate groups of three digits)"
        ));
    }
    let cleaned = text.replace(',', "");
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Err("empty".to_string());
    }
    let ok = cleaned
        .trim_start_matches(['+', '-'])
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.');
    match cleaned.parse::<f64>() {
        Ok(v) if ok && v.is_finite() => Ok(v),
        _ => Err(format!("'{text}' is not a number")),
    }
}

fn parse_bool(text: &str) -> std::result::Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => Ok(false),
        "true" | "yes" | "1" => Ok(true),
        _ => Err(format!("'{text}' is not true/false")),
    }
}

struct RowContext<'a> {
    path: &'a str,
    line: u64,
    errors: Vec<Rejection>,
}

impl RowContext<'_> {
    fn check<T, E: ToString>(&mut self, field: &str, r: std::result::Result<T, E>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(Rejection {
                    path: self.path.to_string(),
                    line: self.line,
                    field: field.to_string(),
                    reason: e.to_string(),
                });
                None
            }
        }
    }
}

fn parse_row(
    path: &str,
    line: u64,
    cols: &Columns,
    rec: &csv::StringRecord,
    options: &Options,
) -> std::result::Result<Observation, Vec<Rejection>> {
    let mut cx = RowContext {
        path,
        line,
        errors: Vec::new(),
    };
    let countries = Countries::builtin();
    let get = |name: &str| cols.get(rec, name);

    let reporter = cx.check(
        "reporter",
        countries.check(get("reporter")).map(|c| c.iso3.clone()),
    );
    let partner = cx.check(
        "partner",
        countries.check(get("partner")).map(|c| c.iso3.clone()),
    );
    let flow = cx.check("flow", get("flow").parse::<Flow>());
    let period = cx.check("period", get("period").parse::<Period>());
    let measure = cx.check("measure", get("measure").parse::<Measure>());
    let unit = cx.check("unit", get("unit").parse::<Unit>());
    let value_text = get("value");
    let value = cx.check("value", parse_number(value_text));
    let source = match get("source") {
        "" => Some(options.default_source.unwrap_or(Source::User)),
        s => cx.check("source", s.parse::<Source>()),
    };
    let quality = match get("quality") {
        "" => Some(Quality::Ok),
        q => cx.check("quality", q.parse::<Quality>()),
    };
    let published = match get("published") {
        "" => Some(None),
        d => cx
            .check(
                "published",
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| format!("'{d}' is not a YYYY-MM-DD date")),
            )
            .map(Some),
    };
    let estimated = cx.check("estimated", parse_bool(get("estimated")));
    let suppressed = cx.check("suppressed", parse_bool(get("suppressed")));

    let commodity_key = get("commodity");
    if commodity_key.is_empty() {
        cx.check::<(), _>("commodity", Err("empty commodity"));
    }
    let hs_code = get("hs_code");
    let code = match (get("classification"), get("code")) {
        ("", "") => {
            let basket = Baskets::current().resolve(commodity_key);
            Some((Classification::Basket, basket.id))
        }
        (class, code) => cx
            .check("classification", class.parse::<Classification>())
            .and_then(|class| {
                cx.check("code", class.check_code(code))
                    .map(|code| (class, code))
            }),
    };

    if let (Some(m), Some(u)) = (measure, unit)
        && !u.fits(m)
    {
        cx.check::<(), _>(
            "unit",
            Err(format!("unit '{}' does not fit measure '{}'", u, m)),
        );
    }
    if let (Some(m), Some(v)) = (measure, value)
        && !m.is_change()
        && v < 0.0
    {
        cx.check::<(), _>("value", Err(format!("a {m} cannot be negative")));
    }

    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let (
        Some(reporter),
        Some(partner),
        Some(flow),
        Some(period),
        Some(measure),
        Some(unit),
        Some(value),
        Some(source),
        Some(quality),
        Some(published),
        Some(estimated),
        Some(suppressed),
        Some((classification, code)),
    ) = (
        reporter, partner, flow, period, measure, unit, value, source, quality, published,
        estimated, suppressed, code,
    )
    else {
        return Err(vec![Rejection {
            path: path.to_string(),
            line,
            field: "row".to_string(),
            reason: "incomplete row".to_string(),
        }]);
    };
    let (unit, factor) = unit.to_stored();
    let citation = match (get("source_url"), get("citation")) {
        ("", "") => format!("{path}:{line}"),
        ("", c) | (c, _) => c.to_string(),
    };
    let commodity = if hs_code.is_empty() {
        commodity_key.to_string()
    } else {
        format!("{commodity_key} (HS {hs_code})")
    };
    Ok(Observation {
        source,
        release: String::new(),
        reporter,
        partner,
        flow,
        classification,
        code,
        commodity,
        period,
        measure,
        value: value * factor,
        unit,
        resolution: resolution_of(value_text).map(|r| r * factor),
        estimated,
        suppressed,
        quality,
        citation,
        published,
        note: get("note").to_string(),
        line,
    })
}

/// Reads a tradewatch CSV.
pub fn parse(path: &str, bytes: &[u8], options: &Options) -> Result<Parsed> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        Error::Parse {
            path: path.to_string(),
            line,
            field: "encoding".to_string(),
            reason: "not UTF-8 text".to_string(),
        }
    })?;
    let text = crate::text::unix_lines(text);
    let text = text.as_ref();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let head = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(Error::Parse {
                path: path.to_string(),
                line: 1,
                field: "header".to_string(),
                reason: e.to_string(),
            });
        }
        None => {
            return Err(Error::Parse {
                path: path.to_string(),
                line: 1,
                field: "header".to_string(),
                reason: "empty file".to_string(),
            });
        }
    };
    let cols = header(path, &head)?;
    let mut report = IngestReport {
        path: path.to_string(),
        format: Format::TradewatchCsv.as_str().to_string(),
        ..IngestReport::default()
    };
    let mut observations = Vec::new();
    for record in records {
        let (rec, line) = match record {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line());
                (rec, line)
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                report.rows_read += 1;
                report.rejected.push(Rejection {
                    path: path.to_string(),
                    line,
                    field: "row".to_string(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        report.rows_read += 1;
        if rec.len() != cols.count {
            let reason = if rec.len() < cols.count {
                format!(
                    "truncated row: {} of {} fields (the line ends early)",
                    rec.len(),
                    cols.count
                )
            } else {
                format!("{} fields, the header has {}", rec.len(), cols.count)
            };
            report.rejected.push(Rejection {
                path: path.to_string(),
                line,
                field: "row".to_string(),
                reason,
            });
            continue;
        }
        match parse_row(path, line, &cols, &rec, options) {
            Ok(o) => observations.push(o),
            Err(mut errs) => report.rejected.append(&mut errs),
        }
    }
    // A file cut off inside a quoted last field parses as one long field; the missing final
    // newline is the only trace, and the csv reader reports the open quote as the end of data.
    if !text.is_empty() && !text.ends_with('\n') && text.matches('"').count() % 2 == 1 {
        let line = text.lines().count() as u64;
        report.rejected.push(Rejection {
            path: path.to_string(),
            line,
            field: "row".to_string(),
            reason: "truncated row: the file ends inside a quoted field".to_string(),
        });
        observations.retain(|o| o.line < line);
    }
    report.rows_accepted = observations.len() as u64;
    let source =
        most_common_source(&observations).unwrap_or(options.default_source.unwrap_or(Source::User));
    let published = observations.iter().filter_map(|o| o.published).max();
    Ok(Parsed {
        format: Format::TradewatchCsv,
        observations,
        report,
        source,
        published,
    })
}

fn most_common_source(observations: &[Observation]) -> Option<Source> {
    let mut counts: HashMap<Source, usize> = HashMap::new();
    for o in observations {
        *counts.entry(o.source).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(s, n)| (n, std::cmp::Reverse(s)))
        .map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,published,quality,note\n";

    fn parse_text(body: &str) -> Parsed {
        parse(
            "t.csv",
            format!("{HEAD}{body}").as_bytes(),
            &Options::default(),
        )
        .unwrap()
    }

    #[test]
    fn reads_a_level_in_tonnes_as_kg_with_its_resolution() {
        let p = parse_text(
            "CHN,USA,export,rare_earth_magnets,850511,2025-09,quantity,420.5,t,https://x.org/a,2025-10-20,ok,n\n",
        );
        assert!(p.report.is_clean(), "{:?}", p.report);
        let o = &p.observations[0];
        assert_eq!(o.value, 420_500.0);
        assert_eq!(o.unit, Unit::Kg);
        assert_eq!(o.resolution, Some(100.0));
        assert_eq!(o.classification, Classification::Basket);
        assert_eq!(o.code, "rare-earth-magnets");
        assert_eq!(o.commodity, "rare_earth_magnets (HS 850511)");
        assert_eq!(o.line, 2);
        assert_eq!(p.published, NaiveDate::from_ymd_opt(2025, 10, 20));
    }

    #[test]
    fn names_line_and_field_of_every_bad_value() {
        let p = parse_text(concat!(
            "CHN,USA,export,rare_earth_magnets,,2025-09,quantity,4x0,t,,,ok,\n",
            "CHN,XXX,export,rare_earth_magnets,,2025-09,quantity,1,t,,,ok,\n",
            "CHN,USA,export,rare_earth_magnets,,2025-13,quantity,1,t,,,ok,\n",
            "CHN,USA,export,rare_earth_magnets,,2025-09,quantity,1,USD,,,ok,\n",
            "CHN,USA,export,rare_earth_magnets,,2025-09,quantity,1,t,,,ok,\n",
            "CHN,USA,export,rare_earth_magnets,,2025-09,quantity"
        ));
        let got: Vec<(u64, &str)> = p
            .report
            .rejected
            .iter()
            .map(|r| (r.line, r.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "value"),
                (3, "partner"),
                (4, "period"),
                (5, "unit"),
                (7, "row")
            ]
        );
        assert!(p.report.rejected[4].reason.contains("truncated"));
        assert_eq!(p.observations.len(), 1);
    }

    #[test]
    fn a_wrong_header_is_an_error_naming_the_column() {
        let err = parse(
            "h.csv",
            b"reporter,partner,flow,commodity,period,measure,valu,unit\n",
            &Options::default(),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("h.csv:1:valu:"), "{err}");
    }

    #[test]
    fn a_file_cut_inside_a_quoted_note_is_rejected() {
        let p = parse_text(
            "CHN,USA,export,rare_earth_magnets,,2025-09,quantity,1,t,,,ok,\"cut off here",
        );
        assert!(!p.report.is_clean());
        assert!(
            p.report.rejected[0].reason.contains("truncated"),
            "{:?}",
            p.report
        );
    }

    #[test]
    fn explicit_codes_keep_leading_zeros() {
        let text = "reporter,partner,flow,commodity,classification,code,period,measure,value,unit\n\
                    CHN,WLD,export,live horses,HS,0101,2025-09,value,12,USD\n";
        let p = parse("c.csv", text.as_bytes(), &Options::default()).unwrap();
        assert!(p.report.is_clean(), "{:?}", p.report);
        assert_eq!(p.observations[0].code, "0101");
        assert_eq!(p.observations[0].classification, Classification::Hs);
        assert_eq!(p.observations[0].citation, "c.csv:2");
    }
}

#[cfg(test)]
mod bundled {
    use super::*;

    #[test]
    fn the_bundled_dataset_parses_without_a_rejected_row() {
        let bytes = include_bytes!("../../../data/bundled/observations.csv");
        let p = parse("observations.csv", bytes, &Options::default()).unwrap();
        assert!(p.report.is_clean(), "{:#?}", p.report.rejected);
        assert_eq!(p.observations.len(), 370);
        assert!(p.observations.iter().all(|o| o.source == Source::Press));
        assert!(p.observations.iter().all(|o| !o.citation.is_empty()));
    }
}
