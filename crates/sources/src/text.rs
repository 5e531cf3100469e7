//! Bytes to text and text to numbers, the way agency files need it: BOMs stripped, GBK/GB18030
//! decoded, thousands separators and `-` placeholders understood.

use crate::{Error, Result};

/// The encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

/// Decodes a file: UTF-8 with or without BOM, else GB18030 (a superset of GBK). A file that
/// is neither (binary, or a mix of encodings) is an error naming the line of the first bad
/// byte.
pub fn decode(path: &str, bytes: &[u8]) -> Result<(String, Encoding)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), Encoding::Utf8Bom))
            .map_err(|e| {
                bad_bytes(
                    path,
                    rest,
                    e.valid_up_to(),
                    "UTF-8 (the file has a UTF-8 BOM)",
                )
            });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
        Err(utf8_err) => {
            // Valid UTF-8 with non-ASCII text up to a point, then bytes that are not: two
            // encodings in one file. Decoding it all as GB18030 would garble the first part.
            if !bytes[..utf8_err.valid_up_to()].is_ascii() {
                return Err(bad_bytes(
                    path,
                    bytes,
                    utf8_err.valid_up_to(),
                    "in one encoding: UTF-8 text is followed by bytes that are not UTF-8 (mixed encodings)",
                ));
            }
            if let Some(at) = bytes.iter().position(|&b| b == 0) {
                return Err(bad_bytes(path, bytes, at, "text: a NUL byte"));
            }
            if let Some(at) = first_bad_gb18030(bytes) {
                return Err(bad_bytes(path, bytes, at, "UTF-8 or GBK/GB18030 text"));
            }
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), Encoding::Gb18030))
        }
    }
}

fn bad_bytes(path: &str, bytes: &[u8], at: usize, expected: &str) -> Error {
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    Error::Parse {
        path: path.to_string(),
        line,
        field: "encoding".to_string(),
        reason: format!(
            "not {expected} (byte {at} cannot be decoded; a binary file or mixed encodings?)"
        ),
    }
}

/// True when the bytes look like a binary file (NUL bytes early on).
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// A number as agencies print it: `"1,234,567"`, `612345.0`, `+15.8`. `None` for the
/// placeholders that mean "no figure": empty, `-`, `:`, `..`, `N/A`.
pub fn number(text: &str) -> std::result::Result<Option<f64>, String> {
    let t = text.trim();
    if matches!(t, "" | "-" | ":" | ".." | "N/A" | "NA" | "null") {
        return Ok(None);
    }
    if !grouping_ok(t) {
        return Err(format!(
            "'{t}' is not a number (thousands separators must separate groups of three digits)"
        ));
    }
    let cleaned: String = t.chars().filter(|c| *c != ',').collect();
    let ok = !cleaned.is_empty()
        && cleaned.trim_start_matches(['+', '-']).bytes().all(|b| {
            b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'+' || b == b'-'
        });
    match cleaned.parse::<f64>() {
        Ok(v) if ok && v.is_finite() => Ok(Some(v)),
        _ => Err(format!("'{t}' is not a number")),
    }
}

/// Whether a number's thousands separators sit where they can: `1,234,567.5` and `1234` yes,
/// `1,23,4.5`, `12,34`, `,5` and `1,234.5,6` no.
pub fn grouping_ok(text: &str) -> bool {
    if !text.contains(',') {
        return true;
    }
    let t = text.trim().trim_start_matches(['+', '-']);
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if frac.contains(',') {
        return false;
    }
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// The offset of the first byte GB18030 cannot decode, if any.
fn first_bad_gb18030(bytes: &[u8]) -> Option<usize> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 2 + 16);
    let mut at = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[at..], &mut out, true);
        match result {
            encoding_rs::DecoderResult::InputEmpty => return None,
            encoding_rs::DecoderResult::Malformed(bad, _) => {
                return Some((at + read).saturating_sub(bad as usize));
            }
            encoding_rs::DecoderResult::OutputFull => {
                at += read;
                out.reserve(bytes.len());
            }
        }
    }
}

/// Decodes a file that must be UTF-8 (JSON: RFC 8259), BOM allowed; an error names the line
/// of the first byte that is not.
pub fn decode_utf8(path: &str, bytes: &[u8]) -> Result<String> {
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(rest)
        .map(str::to_string)
        .map_err(|e| bad_bytes(path, rest, e.valid_up_to(), "UTF-8, which JSON must be"))
}

/// The text without a BOM and with CRLF line endings made LF, so a CSV reader's line numbers
/// match what an editor shows.
pub fn unix_lines(text: &str) -> std::borrow::Cow<'_, str> {
    let t = text.trim_start_matches('\u{feff}');
    if t.contains('\r') {
        std::borrow::Cow::Owned(t.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// A delimited file read whole: its header and its rows with their line numbers; rows whose
/// field count differs from the header's (or that the CSV reader cannot read) are set apart
/// as `bad` with the reason.
pub(crate) struct Table {
    pub(crate) head: Vec<String>,
    pub(crate) rows: Vec<(u64, csv::StringRecord)>,
    pub(crate) bad: Vec<(u64, String)>,
    pub(crate) encoding: Encoding,
}

impl Table {
    /// Decodes and reads a file with one header row; blank lines are skipped.
    pub(crate) fn read(path: &str, bytes: &[u8], delimiter: u8) -> Result<Table> {
        let (text, encoding) = decode(path, bytes)?;
        let unix = unix_lines(&text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(unix.as_bytes());
        let mut records = reader.records();
        let head: Vec<String> = match records.next() {
            Some(Ok(h)) => h.iter().map(|s| s.trim().to_string()).collect(),
            _ => return Err(crate::parse_error(path, 1, "header", "no header row")),
        };
        duplicate_header(path, &head)?;
        let mut rows = Vec::new();
        let mut bad = Vec::new();
        for r in records {
            match r {
                Ok(rec) => {
                    let line = rec.position().map_or(0, |p| p.line());
                    if rec.iter().all(|f| f.trim().is_empty()) {
                        continue;
                    }
                    if rec.len() != head.len() {
                        bad.push((
                            line,
                            format!("{} fields, the header has {}", rec.len(), head.len()),
                        ));
                    } else {
                        rows.push((line, rec));
                    }
                }
                Err(e) => bad.push((e.position().map_or(0, |p| p.line()), e.to_string())),
            }
        }
        Ok(Table {
            head,
            rows,
            bad,
            encoding,
        })
    }

    /// The position of the first header matching one of the names (case-insensitive).
    pub(crate) fn index(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.head.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }

    /// Counts the bad rows into a report as rejections.
    pub(crate) fn reject_bad(&self, report: &mut crate::IngestReport) {
        for (line, reason) in &self.bad {
            report.rows_read += 1;
            report.reject(*line, "row", reason.clone());
        }
    }
}

/// A header that names a column twice (ignoring case and spaces) is an error: which copy holds
/// the figure cannot be told.
pub(crate) fn duplicate_header(path: &str, head: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for h in head {
        let key = h.trim().to_lowercase();
        if !key.is_empty() && !seen.insert(key) {
            return Err(crate::parse_error(
                path,
                1,
                h.trim(),
                "the header names this column twice; which copy holds the figure cannot be told",
            ));
        }
    }
    Ok(())
}

/// The line each element of a JSON document's outer array starts on (1-based), for errors
/// that name the line an editor shows. The document is assumed to parse.
pub(crate) fn array_element_lines(json: &str) -> Vec<u64> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1u64, 0usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for b in json.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting && !b.is_ascii_whitespace() && b != b']' {
            lines.push(line);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

/// The first line of a text, without a BOM or line ending.
pub fn first_line(text: &str) -> &str {
    text.trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators_only_between_groups_of_three() {
        for ok in ["1,234", "12,345,678.25", "-1,000", "+999", "1234.5", "0"] {
            assert!(grouping_ok(ok), "{ok}");
        }
        for bad in ["1,23,4.5", "12,34", ",5", "1,234.5,6", "1234,567", "1,2345"] {
            assert!(!grouping_ok(bad), "{bad}");
        }
        assert!(number("1,23,4.5").is_err());
        assert_eq!(
            array_element_lines("[[\"a\"],\n [\"b,]\"],\n\n[\"c\"]]"),
            [1, 2, 4]
        );
    }

    #[test]
    fn numbers_with_separators_and_placeholders() {
        assert_eq!(
            number("\"1,234,567\"".trim_matches('"')),
            Ok(Some(1_234_567.0))
        );
        assert_eq!(number("612345.0"), Ok(Some(612_345.0)));
        assert_eq!(number("-"), Ok(None));
        assert_eq!(number(":"), Ok(None));
        assert!(number("12a").is_err());
    }

    #[test]
    fn gbk_and_utf8_bom_decode_to_the_same_text() {
        let text = "数据年月,商品编码\r\n202503,85051110\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let (a, ea) = decode("a", &gbk).unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (b, eb) = decode("b", &bom).unwrap();
        assert_eq!(a, b);
        assert_eq!((ea, eb), (Encoding::Gb18030, Encoding::Utf8Bom));
    }

    #[test]
    fn binary_is_an_error_with_a_line() {
        let err = decode("x.bin", b"ok line\n\xff\xfe\x00\x01garbage").unwrap_err();
        assert!(err.to_string().starts_with("x.bin:2:encoding"), "{err}");
    }
}
