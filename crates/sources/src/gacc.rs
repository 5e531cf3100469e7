//! China customs (GACC) query-platform exports: CSV in GBK/GB18030 or UTF-8 (with or without
//! BOM), Chinese headers, quoted thousands separators, `-` for missing. Both the 10-column
//! layout (`数据年月`, US dollars) and the 13-column one (CNY, trade mode, province, no month)
//! are read by column name.
//!
//! The files carry no flow: it comes from `--flow` (and the period from `--period` when the
//! layout has no month column); without them the file is rejected, never guessed. A combined
//! January–February label (`202501-02`) is the span `2025-01..02`, never split. Rows split by
//! trade mode or province are summed per partner, code and period. With `--cumulative` a
//! month label means the year-to-date span (累计).

use std::collections::HashMap;

use tradewatch_model::{Classification, Countries, Measure, Month, Period, Source, Unit};

use crate::{
    Draft, Format, IngestReport, Options, Parsed, Result, parse_error, sum_same_key, text,
};

/// True when a header line is a China customs export.
pub fn looks_like(header: &str) -> bool {
    header.contains("商品编码") && (header.contains("贸易伙伴") || header.contains("第一数量"))
}

/// `202503` → March 2025; `202501-02` / `202501-202502` / `2025年1-2月` → the span; with
/// `cumulative`, `202503` → `2025-01..03`.
fn period_label(label: &str, cumulative: bool) -> std::result::Result<Period, String> {
    let t = label.trim();
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let bad = || format!("'{t}' is not YYYYMM (or a combined YYYYMM-MM)");
    let year: i32 = digits
        .get(..4)
        .and_then(|y| y.parse().ok())
        .ok_or_else(bad)?;
    let month = |m: &str| -> std::result::Result<Month, String> {
        let n: u32 = m.parse().map_err(|_| bad())?;
        Month::new(year, n).map_err(|e| e.to_string())
    };
    let (first, last) = if let Some(rest) = t.strip_suffix('月') {
        // 2025年1-2月 / 2025年3月
        let inner = rest.split('年').nth(1).ok_or_else(bad)?;
        match inner.split_once('-') {
            Some((a, b)) => (month(a)?, Some(month(b)?)),
            None => (month(inner)?, None),
        }
    } else {
        match (digits.len(), t.split_once('-')) {
            (6, None) => (month(&digits[4..6])?, None),
            (8, Some(_)) => (month(&digits[4..6])?, Some(month(&digits[6..8])?)),
            (12, Some(_)) => (month(&digits[4..6])?, Some(month(&digits[10..12])?)),
            _ => return Err(bad()),
        }
    };
    match last {
        Some(l) if l > first => Ok(Period::Span(first, l)),
        Some(_) => Err(format!("'{t}': a span must end after it starts")),
        None if cumulative && first.month() > 1 => {
            Ok(Period::Span(Month::from_index(year * 12), first))
        }
        None => Ok(Period::Month(first)),
    }
}

fn mass_unit(unit: &str) -> Option<(Unit, f64)> {
    match unit.trim() {
        "千克" | "公斤" | "kg" => Some((Unit::Kg, 1.0)),
        "吨" => Some((Unit::Tonne, 1.0)),
        "克" => Some((Unit::Kg, 0.001)),
        _ => None,
    }
}

/// Reads a China customs export.
pub fn parse(path: &str, bytes: &[u8], options: &Options) -> Result<Parsed> {
    let t = text::Table::read(path, bytes, b',')?;
    let mut report = IngestReport::new(path, Format::GaccCsv);
    if t.encoding == text::Encoding::Gb18030 {
        report.notes.push("decoded as GBK/GB18030".to_string());
    }
    let index: HashMap<&str, usize> = t
        .head
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let col = |names: &[&str]| names.iter().find_map(|n| index.get(*n).copied());
    let code_col = col(&["商品编码"])
        .ok_or_else(|| parse_error(path, 1, "商品编码", "required column missing"))?;
    let partner_code_col = col(&["贸易伙伴编码"]);
    let partner_name_col = col(&["贸易伙伴名称", "贸易伙伴"]);
    if partner_code_col.is_none() && partner_name_col.is_none() {
        return Err(parse_error(
            path,
            1,
            "贸易伙伴编码",
            "no partner column (贸易伙伴编码 or 贸易伙伴名称)",
        ));
    }
    let name_col = col(&["商品名称"]);
    let period_col = col(&["数据年月", "月份"]);
    let qty_col = col(&["第一数量"]);
    let unit_col = col(&["第一计量单位"]);
    let (value_col, currency) = match (col(&["美元", "美元值"]), col(&["人民币", "人民币元"]))
    {
        (Some(c), _) => (c, Unit::Usd),
        (None, Some(c)) => (c, Unit::Cny),
        (None, None) => {
            return Err(parse_error(
                path,
                1,
                "美元",
                "no value column (美元, 美元值, 人民币 or 人民币元)",
            ));
        }
    };
    let Some(flow) = options.flow else {
        return Err(parse_error(
            path,
            1,
            "flow",
            "China customs files carry no flow: say which with --flow export or --flow import",
        ));
    };
    if period_col.is_none() && options.period.is_none() {
        return Err(parse_error(
            path,
            1,
            "数据年月",
            "this layout has no month column: say which period with --period (e.g. 2025-03, or 2025-01..03 for a cumulative table)",
        ));
    }
    let countries = Countries::builtin();
    let mut observations = Vec::new();
    t.reject_bad(&mut report);
    for (line, rec) in &t.rows {
        let line = *line;
        report.rows_read += 1;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(str::trim).unwrap_or("");
        let before = report.rejected.len();
        let code = get(Some(code_col)).to_string();
        let classification = match code.len() {
            8 => Classification::CnChina8,
            10 => Classification::CnChina10,
            2 | 4 | 6 => Classification::Hs,
            _ => Classification::Basket, // marks the error below
        };
        if classification == Classification::Basket || !code.bytes().all(|b| b.is_ascii_digit()) {
            report.reject(
                line,
                "商品编码",
                format!("'{code}' is not an 8-digit China customs code"),
            );
        }
        let partner_code = get(partner_code_col);
        let partner_name = get(partner_name_col);
        // A code, when the file gives one, must be a partner's code (a name beside it does not
        // rescue a damaged code), and the two must name the same partner.
        let by_code = countries.by_gacc(partner_code);
        let by_name = countries.by_gacc(partner_name);
        let partner = match (partner_code.trim().is_empty(), by_code, by_name) {
            (true, _, n) => n,
            (false, Some(c), Some(n)) if c.iso3 != n.iso3 => {
                report.reject(
                    line,
                    "贸易伙伴编码",
                    format!(
                        "partner code '{partner_code}' is {} but the name '{partner_name}' is {}",
                        c.iso3, n.iso3
                    ),
                );
                continue;
            }
            (false, c, _) => c,
        }
        .map(|c| c.iso3.clone());
        if partner.is_none() {
            report.reject(
                line,
                "贸易伙伴编码",
                format!(
                    "partner '{partner_code} {partner_name}' is not in tradewatch's country table"
                ),
            );
        }
        let period = match period_col {
            Some(_) => match period_label(get(period_col), options.cumulative) {
                Ok(p) => Some(p),
                Err(e) => {
                    report.reject(line, "数据年月", e);
                    None
                }
            },
            None => options.period,
        };
        let value = match text::number(get(Some(value_col))) {
            Ok(v) => v,
            Err(e) => {
                report.reject(
                    line,
                    t.head.get(value_col).map_or("value", |h| h.as_str()),
                    e,
                );
                None
            }
        };
        let quantity = match text::number(get(qty_col)) {
            Ok(v) => v,
            Err(e) => {
                report.reject(line, "第一数量", e);
                None
            }
        };
        if value.is_some_and(|v| v < 0.0) || quantity.is_some_and(|q| q < 0.0) {
            report.reject(line, "第一数量", "negative figure");
        }
        if report.rejected.len() > before {
            continue;
        }
        let (Some(partner), Some(period)) = (partner, period) else {
            continue;
        };
        let draft = Draft {
            source: Source::Gacc,
            reporter: "CHN".to_string(),
            partner,
            flow,
            classification,
            commodity: format!("{code} {}", get(name_col)).trim().to_string(),
            code,
            period,
            citation: format!("{path}:{line}"),
            line,
            estimated: false,
            suppressed: false,
            published: None,
        };
        let mut produced = false;
        if let Some(v) = value {
            observations.push(draft.observe(Measure::Value, v, currency));
            produced = true;
        }
        if let (Some(q), Some((unit, factor))) = (quantity, mass_unit(get(unit_col))) {
            observations.push(draft.observe(Measure::Quantity, q * factor, unit));
            produced = true;
        } else if quantity.is_some() {
            report.skip(
                line,
                "quantity in a unit that is not a mass (个, 台, 件 …): value kept, quantity not",
            );
        }
        if !produced {
            report.skip(line, "no value and no quantity");
        }
    }
    let observations = sum_same_key(observations);
    Ok(Parsed::new(
        Format::GaccCsv,
        observations,
        report,
        Source::Gacc,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_labels() {
        let p = |s: &str| period_label(s, false).map(|p| p.to_string());
        assert_eq!(p("202503"), Ok("2025-03".into()));
        assert_eq!(p("202501-02"), Ok("2025-01..02".into()));
        assert_eq!(p("202501-202502"), Ok("2025-01..02".into()));
        assert_eq!(p("2025年1-2月"), Ok("2025-01..02".into()));
        assert_eq!(p("2025年3月"), Ok("2025-03".into()));
        assert!(p("202513").is_err());
        assert_eq!(
            period_label("202503", true).map(|p| p.to_string()),
            Ok("2025-01..03".into())
        );
    }
}
