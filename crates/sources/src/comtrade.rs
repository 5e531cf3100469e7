//! UN Comtrade: API v1 JSON (final data, 47 fields; tariff lines, 34 fields) and bulk files
//! (tab-separated, usually gzipped, headers matched case-insensitively).
//!
//! Never double counts and never loses a partner (formats.md §8): per key (reporter, partner,
//! flow, code, period) the `C00`/`0`/`0` total is kept whatever its `isAggregate` flag (UNSD
//! computes many totals itself and flags them); rows that break a total down by second
//! partner, customs procedure or mode of transport are left out when the key has its total,
//! and summed (one kind of breakdown, said in the report) when it has none. Every record is
//! checked before anything is decided about it. M49 codes become ISO3 (842 → USA, 490 → TWN,
//! 0 → WLD).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use tradewatch_model::{
    Classification, Countries, Flow, Measure, Observation, ObservationColumns, ObservationRef,
    Period, Source, Unit,
};

use crate::{Draft, Format, IngestReport, Options, Parsed, Result, parse_error, text};

/// True when a (tab-separated) header line is a Comtrade bulk header.
pub fn looks_like_bulk(header: &str) -> bool {
    let lower = header.to_ascii_lowercase();
    lower.contains('\t') && lower.contains("reportercode") && lower.contains("cmdcode")
}

/// `str::trim`, without its search when the text starts and ends with a visible ASCII
/// character (almost every field of an agency file).
fn trim(v: &str) -> &str {
    let b = v.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => v,
        _ => v.trim(),
    }
}

/// One record, whatever the container: values by lower-case field name, as text (`None`
/// for JSON null or an empty bulk field).
trait Fields {
    fn raw(&self, field: usize) -> Option<&str>;

    fn get(&self, field: usize) -> Option<&str> {
        self.raw(field).map(trim).filter(|v| !v.is_empty())
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

/// How a record relates to its key's total: which of the three breakdown dimensions
/// (second partner, customs procedure, mode of transport) it splits, as bits; none is the
/// total itself (`partner2Code 0`, `customsCode C00`, `motCode 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Breakdown(u8);

impl Breakdown {
    const TOTAL: Breakdown = Breakdown(0);
    const PARTNER2: u8 = 1;
    const CUSTOMS: u8 = 2;
    const MOT: u8 = 4;

    fn is_total(self) -> bool {
        self.0 == 0
    }

    /// How many dimensions it splits (a sum of one kind prefers one dimension).
    fn dimensions(self) -> u32 {
        self.0.count_ones()
    }

    /// A tie-break between kinds of equal value: mode of transport, then customs procedure,
    /// then second partner.
    fn preference(self) -> u8 {
        self.0.reverse_bits()
    }

    fn describe(self) -> String {
        let mut parts = Vec::new();
        if self.0 & Breakdown::MOT != 0 {
            parts.push("mode of transport (motCode)");
        }
        if self.0 & Breakdown::CUSTOMS != 0 {
            parts.push("customs procedure (customsCode)");
        }
        if self.0 & Breakdown::PARTNER2 != 0 {
            parts.push("second partner (partner2Code)");
        }
        parts.join(" × ")
    }
}

/// A record that passed validation: its key (as a draft observation), its figures and how it
/// relates to its key's total.
struct Record {
    draft: Draft,
    /// Quantity in kg, and whether it is estimated.
    quantity: Option<(f64, bool)>,
    value: Option<f64>,
    breakdown: Breakdown,
}

enum Outcome {
    Row(Box<Record>),
    Skip(&'static str),
    Reject(Vec<(&'static str, String)>),
}

const FLOWS: [&str; 10] = ["X", "M", "RX", "RM", "DX", "FM", "MIP", "MOP", "XIP", "XOP"];

fn period_of(r: &impl Fields) -> std::result::Result<Period, String> {
    let freq = r.get(FREQCODE).unwrap_or("M");
    let ref_month = r.code(REFMONTH);
    let raw = r.get(PERIOD).unwrap_or("");
    if !(raw.is_empty() || raw.len() == 4 || raw.len() == 6)
        || !raw.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("period '{raw}' is not YYYY or YYYYMM"));
    }
    let raw_year: Option<i32> = raw.get(..4).and_then(|y| y.parse().ok());
    let year: i32 = match (r.get(REFYEAR), raw_year) {
        (Some(y), _) => {
            let y = r
                .code(REFYEAR)
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(|| format!("refYear '{y}' is not a year"))? as i32;
            if raw_year.is_some_and(|p| p != y) {
                return Err(format!("refYear {y} disagrees with period '{raw}'"));
            }
            y
        }
        (None, Some(y)) => y,
        (None, None) => return Err(format!("period '{raw}' has no year")),
    };
    if let Some(m) = r.get(REFMONTH)
        && ref_month.is_none()
    {
        return Err(format!("refMonth '{m}' is not a number"));
    }
    // Annual records carry refMonth 52 (and bulk listings YYYY52): never a month.
    let annual = freq.eq_ignore_ascii_case("A");
    if annual || ref_month == Some(52) || raw.len() == 4 {
        if let Some(m) = ref_month.filter(|&m| m != 52) {
            return Err(format!("refMonth {m} on an annual record (annual is 52)"));
        }
        if raw.len() == 6 && &raw[4..] != "52" {
            return Err(format!("period '{raw}' on an annual record"));
        }
        return Ok(Period::Year(year));
    }
    let raw_month: Option<i64> = raw.get(4..6).and_then(|m| m.parse().ok());
    let month = match (ref_month, raw_month) {
        (Some(m), Some(p)) if m != p => {
            return Err(format!("refMonth {m} disagrees with period '{raw}'"));
        }
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => return Err(format!("period '{raw}' is not YYYYMM")),
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "month {month} is not 1-12 (refMonth {}, period '{raw}')",
            ref_month.map_or("-".to_string(), |m| m.to_string())
        ));
    }
    Period::month(year, month as u32).map_err(|e| e.to_string())
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

/// Reads and checks every field of a record, then decides what it is. Nothing is skipped
/// before it is checked: a record with a bad field rejects the file even when it is one the
/// reader would have left out.
fn convert(r: &impl Fields, line: u64, citation: String) -> Outcome {
    let countries = Countries::builtin();
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let mut breakdown = Breakdown::TOTAL;
    // The breakdown dimensions: absent is the total (tariff-line and services records omit
    // some of them).
    match (r.get(PARTNER2CODE), r.code(PARTNER2CODE)) {
        (None, _) | (Some(_), Some(0)) => {}
        (Some(_), Some(c)) if c > 0 => breakdown.0 |= Breakdown::PARTNER2,
        (Some(v), _) => errors.push(("partner2Code", format!("'{v}' is not an M49 code"))),
    }
    match r.get(CUSTOMSCODE) {
        None => {}
        Some(c) if c.eq_ignore_ascii_case("C00") => {}
        Some(c)
            if c.len() == 3
                && c.as_bytes()[0].eq_ignore_ascii_case(&b'C')
                && c[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            breakdown.0 |= Breakdown::CUSTOMS
        }
        Some(c) => errors.push((
            "customsCode",
            format!("'{c}' is not a customs procedure code (C00-C99)"),
        )),
    }
    match (r.get(MOTCODE), r.code(MOTCODE)) {
        (None, _) | (Some(_), Some(0)) => {}
        (Some(_), Some(c)) if c > 0 => breakdown.0 |= Breakdown::MOT,
        (Some(v), _) => errors.push(("motCode", format!("'{v}' is not a mode-of-transport code"))),
    }
    if let Some(v) = r.get(ISAGGREGATE)
        && !matches!(
            v,
            "0" | "1" | "true" | "false" | "True" | "False" | "TRUE" | "FALSE"
        )
    {
        errors.push(("isAggregate", format!("'{v}' is not a boolean")));
    }
    let flow = match r.get(FLOWCODE) {
        Some("X") => Some(Flow::Export),
        Some("M") => Some(Flow::Import),
        Some("RX") => Some(Flow::ReExport),
        Some("RM") => Some(Flow::ReImport),
        Some(f) if FLOWS.contains(&f) => None,
        Some(f) => {
            errors.push(("flowCode", format!("'{f}' is not a Comtrade flow code")));
            None
        }
        None => {
            errors.push(("flowCode", "missing".to_string()));
            None
        }
    };
    let mut country = |field: usize, name: &'static str| match (r.get(field), r.code(field)) {
        (_, Some(c)) => match u32::try_from(c).ok().and_then(|c| countries.by_m49(c)) {
            Some(country) => Some(country.iso3.clone()),
            None => {
                errors.push((
                    name,
                    format!("M49 code {c} is not in tradewatch's country table"),
                ));
                None
            }
        },
        (Some(v), None) => {
            errors.push((name, format!("'{v}' is not an M49 code")));
            None
        }
        (None, None) => {
            errors.push((name, "missing".to_string()));
            None
        }
    };
    let reporter = country(REPORTERCODE, "reporterCode");
    let partner = country(PARTNERCODE, "partnerCode");
    let period = match period_of(r) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(("period", e));
            None
        }
    };
    let code = r.get(CMDCODE).unwrap_or("").to_string();
    let all_commodities = code.eq_ignore_ascii_case("TOTAL");
    if !all_commodities && (code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit())) {
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
    let unit_code = match (r.get(QTYUNITCODE), r.code(QTYUNITCODE)) {
        (Some(v), None) => {
            errors.push(("qtyUnitCode", format!("'{v}' is not a unit code")));
            None
        }
        (_, c) => c,
    };
    for (name, v) in [("netWgt", net_wgt), ("qty", qty), ("primaryValue", value)] {
        if v.is_some_and(|v| v < 0.0) {
            errors.push((name, format!("negative figure {}", v.unwrap_or(0.0))));
        }
    }
    if !errors.is_empty() {
        return Outcome::Reject(errors);
    }
    // Every field is good: now what the record is.
    if all_commodities {
        return Outcome::Skip("all-commodities total (cmdCode TOTAL)");
    }
    let Some(flow) = flow else {
        return Outcome::Skip("a special flow (DX, FM, processing flows): not tracked");
    };
    let (Some(reporter), Some(partner), Some(period)) = (reporter, partner, period) else {
        return Outcome::Reject(vec![("row", "incomplete".to_string())]);
    };
    // Quantity in kg: the net weight, else `qty` when its unit is kg (8) or tonnes (21).
    // Zero means unknown here (tariff lines write 0.0 with unit -1 for "no quantity").
    let quantity = match (net_wgt, qty, unit_code) {
        (Some(w), _, _) if w > 0.0 => Some((w, r.flag(ISNETWGTESTIMATED))),
        (_, Some(q), Some(8)) if q > 0.0 => Some((q, r.flag(ISQTYESTIMATED))),
        (_, Some(q), Some(21)) if q > 0.0 => Some((q * 1000.0, r.flag(ISQTYESTIMATED))),
        _ => None,
    };
    if breakdown.is_total() && quantity.is_none() && value.is_none() {
        return Outcome::Skip("no value and no quantity");
    }
    let classification = classification_of(r, &code, &reporter);
    let draft = Draft {
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
    Outcome::Row(Box::new(Record {
        draft,
        quantity,
        value,
        breakdown,
    }))
}

/// One record's figures, borrowed: the quantity (with its own estimated flag) first, then the
/// value (never estimated). `file` makes the citation of a draft that has none.
fn figures<'a>(
    draft: &'a Draft,
    quantity: Option<(f64, bool)>,
    value: Option<f64>,
    file: &'a str,
) -> impl Iterator<Item = ObservationRef<'a>> {
    let quantity = quantity.map(move |(q, estimated)| ObservationRef {
        estimated,
        ..draft.row(Measure::Quantity, q, Unit::Kg, file)
    });
    let value = value.map(move |v| ObservationRef {
        estimated: false,
        ..draft.row(Measure::Value, v, Unit::Usd, file)
    });
    quantity.into_iter().chain(value)
}

/// The observations of one record's figures.
fn observe(draft: &Draft, quantity: Option<(f64, bool)>, value: Option<f64>) -> Vec<Observation> {
    figures(draft, quantity, value, "")
        .map(|row| row.to_observation())
        .collect()
}

/// The breakdown rows of one kind for a key whose total has not been seen.
struct KindSum {
    draft: Draft,
    rows: u64,
    value: f64,
    value_rows: u64,
    quantity: f64,
    quantity_rows: u64,
    estimated: bool,
}

/// Hashes a key that is already a 64-bit hash: as itself.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeySet = std::collections::HashSet<u64, std::hash::BuildHasherDefault<Prehashed>>;
type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// The formats.md §8 rule, per key (reporter, partner, flow, code, period): keep the
/// `C00`/`0`/`0` total whatever its `isAggregate` flag; a key with breakdown rows but no total
/// gets the sum of its breakdowns of one kind (said in the report's notes); a breakdown is
/// never stored next to its total, and a key never loses both.
///
/// Streams: a total is passed on at once and remembered by a 64-bit hash of its key; a
/// breakdown waits (summed by kind) until its key's total turns up or the file ends.
#[derive(Default)]
struct Totals {
    seen: KeySet,
    pending: KeyMap<Vec<(Breakdown, KindSum)>>,
    /// Keys summed from breakdowns, by kind: how many, and the first line of the first.
    summed: Vec<(Breakdown, u64, u64)>,
}

/// A 64-bit hash of a record's key (reporter, partner, flow, classification, code, period):
/// how [`Totals`] tells keys apart without keeping their text.
fn key_hash(d: &Draft) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (
        &d.reporter,
        &d.partner,
        d.flow.as_str(),
        d.classification.as_str(),
        &d.code,
        d.period,
    )
        .hash(&mut h);
    h.finish()
}

fn breakdown_skip(kind: Breakdown) -> &'static str {
    match kind.0 {
        Breakdown::MOT => "breakdown by mode of transport (motCode ≠ 0): its key's total is kept",
        Breakdown::CUSTOMS => {
            "breakdown by customs procedure (customsCode ≠ C00): its key's total is kept"
        }
        Breakdown::PARTNER2 => {
            "breakdown by second partner (partner2Code ≠ 0): its key's total is kept"
        }
        _ => "breakdown by more than one dimension: its key's total is kept",
    }
}

fn other_kind_skip(kind: Breakdown) -> &'static str {
    match kind.0 {
        Breakdown::MOT => {
            "breakdown by mode of transport of a key with no total: another kind of breakdown was summed instead"
        }
        Breakdown::CUSTOMS => {
            "breakdown by customs procedure of a key with no total: another kind of breakdown was summed instead"
        }
        Breakdown::PARTNER2 => {
            "breakdown by second partner of a key with no total: another kind of breakdown was summed instead"
        }
        _ => {
            "breakdown by more than one dimension of a key with no total: another kind of breakdown was summed instead"
        }
    }
}

impl Totals {
    /// Takes a checked record; returns the observations to store now.
    fn take(&mut self, record: Record, report: &mut IngestReport) -> Vec<Observation> {
        let hash = key_hash(&record.draft);
        if record.breakdown.is_total() {
            self.total(hash, record.draft.line, report);
            return observe(&record.draft, record.quantity, record.value);
        }
        self.breakdown(hash, record, report);
        Vec::new()
    }

    /// A total row (its observations are stored whatever happens here): its key is
    /// remembered, and the breakdowns that waited for it are left out.
    fn total(&mut self, hash: u64, line: u64, report: &mut IngestReport) {
        if !self.seen.insert(hash) {
            // The same total twice: the store keeps both and ranks them (a conflict
            // inside one release), as for every other reader.
            report.notes_once(format!(
                "line {line}: a second total row for the same key (both kept; the store ranks them)"
            ));
        }
        if let Some(kinds) = self.pending.remove(&hash) {
            for (kind, sum) in kinds {
                report.skip_rows(sum.draft.line, breakdown_skip(kind), sum.rows);
            }
        }
    }

    /// A breakdown row: left out when its key's total was seen, else added to its kind's
    /// sum until the total turns up or the file ends.
    fn breakdown(&mut self, hash: u64, record: Record, report: &mut IngestReport) {
        let Record {
            draft,
            quantity,
            value,
            breakdown,
        } = record;
        if self.seen.contains(&hash) {
            report.skip(draft.line, breakdown_skip(breakdown));
            return;
        }
        let kinds = self.pending.entry(hash).or_default();
        let at = match kinds.iter().position(|(k, _)| *k == breakdown) {
            Some(i) => i,
            None => {
                kinds.push((
                    breakdown,
                    KindSum {
                        draft,
                        rows: 0,
                        value: 0.0,
                        value_rows: 0,
                        quantity: 0.0,
                        quantity_rows: 0,
                        estimated: false,
                    },
                ));
                kinds.len() - 1
            }
        };
        let sum = &mut kinds[at].1;
        sum.rows += 1;
        if let Some(v) = value {
            sum.value += v;
            sum.value_rows += 1;
        }
        if let Some((q, estimated)) = quantity {
            sum.quantity += q;
            sum.quantity_rows += 1;
            sum.estimated |= estimated;
        }
    }

    /// At the end of the file: the sums for the keys that never had a total.
    fn finish(&mut self, report: &mut IngestReport) -> Vec<Observation> {
        let mut keys: Vec<(u64, Vec<(Breakdown, KindSum)>)> = self.pending.drain().collect();
        keys.sort_by_key(|(_, kinds)| kinds.iter().map(|(_, s)| s.draft.line).min());
        let mut out = Vec::new();
        for (_, mut kinds) in keys {
            // One kind: a single dimension before crossed ones, then the largest value (the
            // most complete breakdown), then mode of transport, customs, second partner.
            kinds.sort_by(|(ka, a), (kb, b)| {
                ka.dimensions()
                    .cmp(&kb.dimensions())
                    .then(b.value.total_cmp(&a.value))
                    .then(kb.preference().cmp(&ka.preference()))
            });
            let mut kinds = kinds.into_iter();
            let Some((kind, sum)) = kinds.next() else {
                continue;
            };
            for (other, s) in kinds {
                report.skip_rows(s.draft.line, other_kind_skip(other), s.rows);
            }
            let quantity = (sum.quantity_rows == sum.rows).then_some((sum.quantity, sum.estimated));
            let value = (sum.value_rows == sum.rows).then_some(sum.value);
            let line = sum.draft.line;
            let rows = observe(&sum.draft, quantity, value);
            if rows.is_empty() {
                report.skip_rows(
                    line,
                    "breakdowns of a key with no total that carry no complete figure",
                    sum.rows,
                );
                continue;
            }
            let note = format!(
                "sum of {} rows by {}: the file has no C00/0/0 total for this key",
                sum.rows,
                kind.describe()
            );
            for mut o in rows {
                o.note = note.clone();
                out.push(o);
            }
            match self.summed.iter_mut().find(|(k, _, _)| *k == kind) {
                Some(entry) => entry.1 += 1,
                None => self.summed.push((kind, 1, line)),
            }
        }
        for (kind, keys, first) in &self.summed {
            report.notes.push(format!(
                "{keys} key(s) had breakdown rows but no total row: stored the sum of their breakdown by {} (first at line {first})",
                kind.describe()
            ));
        }
        self.summed.clear();
        out
    }
}

fn record(
    report: &mut IngestReport,
    totals: &mut Totals,
    observations: &mut Vec<Observation>,
    line: u64,
    outcome: Outcome,
) {
    report.rows_read += 1;
    match outcome {
        Outcome::Row(r) => observations.append(&mut totals.take(*r, report)),
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
    let text = text::decode_utf8(path, bytes)?;
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
    let mut totals = Totals::default();
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
        record(&mut report, &mut totals, &mut observations, line, outcome);
    }
    observations.append(&mut totals.finish(&mut report));
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

/// What a bulk file's header says: where each known field is. Shared by every thread that
/// reads the file's lines.
struct Layout {
    path: String,
    positions: Vec<Option<usize>>,
    columns: usize,
}

/// Whole lines of a bulk file, the first of them numbered `first_line`.
struct Block {
    first_line: u64,
    bytes: Vec<u8>,
}

/// What one row became, in line order: all that [`Totals`] and the report need from it.
/// (A total's observations are already in its block's columns.)
enum Event {
    Total {
        hash: u64,
        line: u64,
    },
    Breakdown {
        hash: u64,
        record: Box<Record>,
    },
    Skip {
        line: u64,
        reason: &'static str,
    },
    Reject {
        line: u64,
        errors: Vec<(&'static str, String)>,
    },
}

/// A block read: the observations of its total rows by column, and one event per row.
struct BlockOut {
    columns: ObservationColumns,
    events: Vec<Event>,
}

fn not_utf8(path: &str, line: u64) -> crate::Error {
    parse_error(
        path,
        line,
        "encoding",
        "not UTF-8 text (a binary file, or a mix of encodings?)",
    )
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Reads and checks every line of a block. Runs on any thread: what depends on the rows
/// before it (whether a key's total was seen) is left to [`Totals`], in line order.
fn read_block(layout: &Layout, block: Block) -> Result<BlockOut> {
    let text = std::str::from_utf8(&block.bytes).map_err(|e| {
        not_utf8(
            &layout.path,
            block.first_line + newlines(&block.bytes[..e.valid_up_to()]),
        )
    })?;
    let mut out = BlockOut {
        columns: ObservationColumns::default(),
        events: Vec::new(),
    };
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut cells: Vec<&str> = Vec::with_capacity(layout.columns);
    for (i, raw) in body.split('\n').enumerate() {
        let line = block.first_line + i as u64;
        let row = raw.trim_end_matches('\r');
        if row.trim().is_empty() {
            continue;
        }
        cells.clear();
        // Fields are short: one pass over the bytes beats a search per field.
        let mut start = 0;
        for (i, b) in row.bytes().enumerate() {
            if b == b'\t' {
                cells.push(&row[start..i]);
                start = i + 1;
            }
        }
        cells.push(&row[start..]);
        if cells.len() != layout.columns {
            let reason = format!(
                "{} fields, the header has {} (a truncated line?)",
                cells.len(),
                layout.columns
            );
            out.events.push(Event::Reject {
                line,
                errors: vec![("row", reason)],
            });
            continue;
        }
        let record = BulkRecord {
            positions: &layout.positions,
            cells: &cells,
        };
        // The citation (`file:line`) is written straight into the column; only a breakdown,
        // which may end up in a sum, carries its own.
        match convert(&record, line, String::new()) {
            Outcome::Row(mut r) => {
                let hash = key_hash(&r.draft);
                if r.breakdown.is_total() {
                    for row in figures(&r.draft, r.quantity, r.value, &layout.path) {
                        out.columns.push(row);
                    }
                    out.events.push(Event::Total { hash, line });
                } else {
                    r.draft.citation = format!("{}:{line}", layout.path);
                    out.events.push(Event::Breakdown { hash, record: r });
                }
            }
            Outcome::Skip(reason) => out.events.push(Event::Skip { line, reason }),
            Outcome::Reject(errors) => out.events.push(Event::Reject { line, errors }),
        }
    }
    Ok(out)
}

/// Reads a bulk file in chunks: gzip (or plain) tab-separated text with one header row,
/// never holding more than a chunk of it in memory. [`BulkReader::next_chunk`] reads on the
/// calling thread; [`BulkReader::parallel`] reads blocks of lines on several threads and
/// hands them back in file order.
pub struct BulkReader {
    layout: std::sync::Arc<Layout>,
    input: Box<dyn BufRead + Send>,
    line: u64,
    state: Merge,
}

/// The part of reading that goes in line order: the report and the totals.
struct Merge {
    report: IngestReport,
    totals: Totals,
    finished: bool,
}

impl Merge {
    /// Takes a block's events, in line order.
    fn take(&mut self, events: Vec<Event>) {
        for event in events {
            self.report.rows_read += 1;
            match event {
                Event::Total { hash, line } => self.totals.total(hash, line, &mut self.report),
                Event::Breakdown { hash, record } => {
                    self.totals.breakdown(hash, *record, &mut self.report)
                }
                Event::Skip { line, reason } => self.report.skip(line, reason),
                Event::Reject { line, errors } => {
                    for (field, reason) in errors {
                        self.report.reject(line, field, reason);
                    }
                }
            }
        }
    }

    /// At the end of the file (once): the sums for keys that had breakdowns but no total.
    fn finish(&mut self, columns: &mut ObservationColumns) {
        if self.finished {
            return;
        }
        self.finished = true;
        for o in self.totals.finish(&mut self.report) {
            columns.push((&o).into());
        }
    }
}

impl BulkReader {
    /// Opens a bulk file from any reader; a gzip stream is recognised by its magic bytes.
    pub fn open(path: &str, input: impl Read + Send + 'static) -> Result<BulkReader> {
        let mut buffered = BufReader::with_capacity(1 << 20, input);
        let gz = buffered
            .fill_buf()
            .map(|b| b.starts_with(&[0x1f, 0x8b]))
            .map_err(|e| parse_error(path, 1, "file", e.to_string()))?;
        let mut input: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::with_capacity(
                1 << 20,
                flate2::bufread::MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        let mut buf = Vec::new();
        if !read_line(path, &mut input, 0, &mut buf)? {
            return Err(parse_error(path, 1, "header", "empty file"));
        }
        let header = std::str::from_utf8(&buf).map_err(|_| not_utf8(path, 1))?;
        let names: Vec<String> = header
            .trim_end_matches(['\n', '\r'])
            .trim_start_matches('\u{feff}')
            .split('\t')
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        crate::text::duplicate_header(path, &names)?;
        for required in [
            "reportercode",
            "partnercode",
            "flowcode",
            "cmdcode",
            "primaryvalue",
        ] {
            if !names.iter().any(|h| h == required) {
                return Err(parse_error(
                    path,
                    1,
                    required,
                    "required column missing from the bulk header",
                ));
            }
        }
        let layout = Layout {
            path: path.to_string(),
            positions: FIELDS
                .iter()
                .map(|f| names.iter().position(|n| n == f))
                .collect(),
            columns: names.len(),
        };
        Ok(BulkReader {
            layout: std::sync::Arc::new(layout),
            input,
            line: 1,
            state: Merge {
                report: IngestReport::new(path, Format::ComtradeBulk),
                totals: Totals::default(),
                finished: false,
            },
        })
    }

    /// Reads up to `max_rows` lines into observations; `None` at the end of the file. The
    /// last chunk carries the sums for keys that had breakdown rows but no total.
    pub fn next_chunk(
        &mut self,
        max_rows: usize,
    ) -> Result<Option<Vec<tradewatch_model::Observation>>> {
        let first_line = self.line + 1;
        let mut bytes = Vec::new();
        let mut read = 0;
        let mut line = Vec::new();
        let mut end = false;
        while read < max_rows {
            if !read_line(&self.layout.path, &mut self.input, self.line, &mut line)? {
                end = true;
                break;
            }
            self.line += 1;
            if !line.trim_ascii().is_empty() {
                read += 1;
            }
            bytes.extend_from_slice(&line);
            if !bytes.ends_with(b"\n") {
                bytes.push(b'\n');
            }
        }
        let out = read_block(&self.layout, Block { first_line, bytes })?;
        self.state.take(out.events);
        let mut columns = out.columns;
        if end {
            self.state.finish(&mut columns);
        }
        if read == 0 && columns.is_empty() {
            return Ok(None);
        }
        let mut observations = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            let o = columns.observation(i).ok_or_else(|| {
                parse_error(
                    &self.layout.path,
                    columns.line.get(i).map_or(0, |&l| l as u64),
                    "row",
                    "an observation did not survive its columns (a tradewatch bug)",
                )
            })?;
            observations.push(o);
        }
        Ok(Some(observations))
    }

    /// The report so far.
    pub fn report(&self) -> &IngestReport {
        &self.state.report
    }

    /// The final report.
    pub fn into_report(self) -> IngestReport {
        self.state.report
    }

    /// Reads the rest of the file on `workers` threads (at least one), in blocks of whole
    /// lines; [`ParallelBulk::next_columns`] returns them in file order, by column.
    pub fn parallel(self, workers: usize) -> ParallelBulk {
        self.parallel_with(workers, BLOCK_BYTES)
    }

    /// [`BulkReader::parallel`] with blocks of about `block_bytes` (whole lines: at least one
    /// line each). Memory in flight is about `2 × workers + 1` blocks and their rows.
    pub fn parallel_with(self, workers: usize, block_bytes: usize) -> ParallelBulk {
        ParallelBulk::start(self, workers.max(1), block_bytes.max(1))
    }
}

/// One line with its ending into `buf`; false at the end. `lines` is how many lines were
/// read before it (for the error's line number).
fn read_line(
    path: &str,
    input: &mut Box<dyn BufRead + Send>,
    lines: u64,
    buf: &mut Vec<u8>,
) -> Result<bool> {
    buf.clear();
    let n = input
        .read_until(b'\n', buf)
        .map_err(|e| damaged(path, lines + 1, &e))?;
    Ok(n > 0)
}

fn damaged(path: &str, line: u64, e: &std::io::Error) -> crate::Error {
    parse_error(
        path,
        line,
        "gzip",
        format!("the file is damaged or cut off: {e}"),
    )
}

/// Bytes of text in a block handed to a thread (whole lines: a longer line makes a longer
/// block).
const BLOCK_BYTES: usize = 4 << 20;

/// How many blocks may be read ahead of the one being handed back, per thread.
const AHEAD_PER_WORKER: usize = 2;

/// Limits the blocks in flight, so memory stays bounded however the threads are scheduled.
struct Gate {
    state: std::sync::Mutex<(usize, bool)>,
    changed: std::sync::Condvar,
    max: usize,
}

impl Gate {
    /// Waits for room for one more block; false once the reading was abandoned.
    fn enter(&self) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while s.0 >= self.max && !s.1 {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        if s.1 {
            return false;
        }
        s.0 += 1;
        true
    }

    fn leave(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0 = s.0.saturating_sub(1);
        self.changed.notify_all();
    }

    fn abandon(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.1 = true;
        self.changed.notify_all();
    }
}

type Job = (u64, Result<Block>);
type Done = (u64, Result<BlockOut>);

/// A bulk file read on several threads: one cuts the (decompressed) stream into blocks of
/// whole lines and counts them, so every line keeps its number; the others check and convert
/// the blocks' rows; [`ParallelBulk::next_columns`] takes the blocks back in file order and
/// applies what depends on order (totals and breakdowns, the report) as one reader would.
pub struct ParallelBulk {
    layout: std::sync::Arc<Layout>,
    state: Merge,
    done: std::sync::mpsc::Receiver<Done>,
    waiting: std::collections::BTreeMap<u64, Result<BlockOut>>,
    next: u64,
    gate: std::sync::Arc<Gate>,
}

impl ParallelBulk {
    fn start(reader: BulkReader, workers: usize, block_bytes: usize) -> ParallelBulk {
        let BulkReader {
            layout,
            input,
            line,
            state,
        } = reader;
        let gate = std::sync::Arc::new(Gate {
            state: std::sync::Mutex::new((0, false)),
            changed: std::sync::Condvar::new(),
            max: workers * AHEAD_PER_WORKER + 1,
        });
        let (jobs_tx, jobs_rx) = std::sync::mpsc::sync_channel::<Job>(workers);
        let (done_tx, done) = std::sync::mpsc::sync_channel::<Done>(workers);
        let jobs_rx = std::sync::Arc::new(std::sync::Mutex::new(jobs_rx));
        {
            let (path, gate) = (layout.path.clone(), gate.clone());
            std::thread::spawn(move || cut(input, line, block_bytes, &path, &jobs_tx, &gate));
        }
        for _ in 0..workers {
            let (jobs, done_tx, layout) = (jobs_rx.clone(), done_tx.clone(), layout.clone());
            std::thread::spawn(move || {
                loop {
                    let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((seq, block)) = job else { break };
                    let out = block.and_then(|b| read_block(&layout, b));
                    if done_tx.send((seq, out)).is_err() {
                        break;
                    }
                }
            });
        }
        ParallelBulk {
            layout,
            state,
            done,
            waiting: Default::default(),
            next: 0,
            gate,
        }
    }

    /// The next block's observations by column, in file order; `None` at the end. The last
    /// block carries the sums for keys that had breakdown rows but no total.
    pub fn next_columns(&mut self) -> Result<Option<ObservationColumns>> {
        loop {
            if let Some(out) = self.waiting.remove(&self.next) {
                self.next += 1;
                self.gate.leave();
                let out = out?;
                self.state.take(out.events);
                return Ok(Some(out.columns));
            }
            match self.done.recv() {
                Ok((seq, out)) => {
                    self.waiting.insert(seq, out);
                }
                // Every thread has finished.
                Err(_) if !self.waiting.is_empty() => {
                    return Err(parse_error(
                        &self.layout.path,
                        0,
                        "file",
                        "a reading thread stopped before its block was read (a tradewatch bug)",
                    ));
                }
                Err(_) if self.state.finished => return Ok(None),
                Err(_) => {
                    let mut columns = ObservationColumns::default();
                    self.state.finish(&mut columns);
                    return Ok(Some(columns));
                }
            }
        }
    }

    /// The report so far.
    pub fn report(&self) -> &IngestReport {
        &self.state.report
    }

    /// The final report.
    pub fn into_report(mut self) -> IngestReport {
        let empty = IngestReport::new(&self.layout.path, Format::ComtradeBulk);
        std::mem::replace(&mut self.state.report, empty)
    }
}

impl Drop for ParallelBulk {
    fn drop(&mut self) {
        // The threads stop at their next hand-over: the gate lets the cutter go, and the
        // closed channels stop the rest.
        self.gate.abandon();
    }
}

/// Cuts the stream into blocks of whole lines (`lines` already read) and hands them out.
fn cut(
    mut input: Box<dyn BufRead + Send>,
    mut lines: u64,
    block_bytes: usize,
    path: &str,
    jobs: &std::sync::mpsc::SyncSender<Job>,
    gate: &Gate,
) {
    let mut seq = 0u64;
    let mut carry: Vec<u8> = Vec::new();
    loop {
        if !gate.enter() {
            return;
        }
        let mut buf = std::mem::take(&mut carry);
        buf.reserve(block_bytes + (64 << 10));
        let mut scanned = 0;
        let mut eof = false;
        let mut cut_at = None;
        while cut_at.is_none() {
            if buf.len() >= block_bytes {
                cut_at = buf[scanned..]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map(|i| scanned + i + 1);
                scanned = buf.len();
                if cut_at.is_some() {
                    break;
                }
            }
            match input.fill_buf() {
                Ok([]) => {
                    eof = true;
                    break;
                }
                Ok(chunk) => {
                    let n = chunk.len();
                    buf.extend_from_slice(chunk);
                    input.consume(n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let error = damaged(path, lines + newlines(&buf) + 1, &e);
                    let _ = jobs.send((seq, Err(error)));
                    return;
                }
            }
        }
        if let Some(at) = cut_at {
            carry = buf.split_off(at);
        }
        let first_line = lines + 1;
        lines += newlines(&buf);
        if jobs
            .send((
                seq,
                Ok(Block {
                    first_line,
                    bytes: buf,
                }),
            ))
            .is_err()
        {
            return;
        }
        seq += 1;
        if eof {
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    proptest::proptest! {
        #[test]
        fn the_quick_trim_is_trim(s in "\\PC*|[ \\t\\u{a0}\\u{3000}a-z0-9]{0,6}") {
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }
    }

    #[test]
    fn a_prehashed_key_hashes_as_itself() {
        let b = BuildHasherDefault::<Prehashed>::default();
        assert_eq!(b.hash_one(0xdead_beef_u64), 0xdead_beef);
        let mut set = KeySet::default();
        assert!(set.insert(7));
        assert!(!set.insert(7));
    }
}
