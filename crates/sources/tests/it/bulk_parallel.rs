//! A Comtrade bulk file read on several threads in blocks of lines gives exactly what one
//! reader gives reading it line by line: the same observations in the same order, with the
//! same line numbers and citations, and the same report (skips, rejections, notes, sums of
//! breakdowns), however the blocks fall — a block of one line, a breakdown in one block and
//! its total in another, a CRLF or blank line at a block's edge.

use std::io::Write as _;

use tradewatch_model::Observation;
use tradewatch_sources::comtrade::BulkReader;
use tradewatch_sources::{Error, IngestReport};

const HEADER: &str = "datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode\tpartner2Code\tclassificationSearchCode\tclassificationCode\tisOriginalClassification\tcmdCode\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\tisQtyEstimated\taltQtyUnitCode\taltQty\tisAltQtyEstimated\tnetWgt\tisNetWgtEstimated\tgrossWgt\tisGrossWgtEstimated\tcifvalue\tfobvalue\tprimaryValue\tlegacyEstimationFlag\tisReported\tisAggregate";

/// Partners by M49 code and ISO3.
const PARTNERS: [(u32, &str); 6] = [
    (842, "USA"),
    (276, "DEU"),
    (392, "JPN"),
    (410, "KOR"),
    (704, "VNM"),
    (0, "WLD"),
];

/// One bulk line, 34 columns in formats.md §1.9's order.
fn line(partner: u32, code: &str, month: u32, mot: u32, flow: &str, qty: Option<f64>) -> String {
    let q = qty.map_or(String::new(), |q| format!("{q:.1}"));
    let unit = if qty.is_some() { "8" } else { "-1" };
    let period = format!("2024{month:02}");
    let value = format!("{:.1}", 1000.0 + f64::from(partner) + f64::from(month));
    [
        "x",
        "C",
        "M",
        &format!("{period}01"),
        "2024",
        &month.to_string(),
        &period,
        "156",
        flow,
        &partner.to_string(),
        "0",
        "H6",
        "H6",
        "1",
        code,
        "C00",
        "0",
        &mot.to_string(),
        unit,
        &q,
        "0",
        "-1",
        "",
        "0",
        &q,
        "1",
        "",
        "0",
        "",
        &value,
        &value,
        "0",
        "1",
        "0",
    ]
    .join("\t")
}

/// A file with everything order can touch: totals, breakdowns before and after their total,
/// keys with breakdowns only (summed at the end), a total twice, rejected rows, skipped rows,
/// blank lines and CRLF endings. Returns the text and, per total row, its line number and
/// partner.
fn mixed_file() -> (String, Vec<(u64, &'static str)>) {
    let mut lines = vec![HEADER.to_string()];
    let mut totals = Vec::new();
    for i in 0..600u32 {
        let (m49, iso) = PARTNERS[i as usize % PARTNERS.len()];
        let code = format!("85{:04}", i % 97);
        let month = 1 + i % 12;
        let qty = (i % 5 != 0).then_some(f64::from(i) * 10.0 + 1.0);
        match i % 10 {
            // A breakdown first, its total three lines on.
            0 => {
                lines.push(line(m49, &code, month, 1000, "X", qty));
                lines.push(line(m49, &code, month, 2100, "X", qty));
                lines.push(String::new());
                lines.push(line(m49, &code, month, 0, "X", qty));
                totals.push((lines.len() as u64, iso));
            }
            // A key with breakdowns only: summed at the end of the file.
            1 => {
                lines.push(line(m49, &code, month, 1000, "M", qty));
                lines.push(line(m49, &code, month, 3200, "M", qty));
            }
            // A rejected row: an unknown flow, then a line cut short.
            2 => {
                lines.push(line(m49, &code, month, 0, "ZZ", qty));
                let cut: Vec<String> = line(m49, &code, month, 0, "X", qty)
                    .split('\t')
                    .take(20)
                    .map(str::to_string)
                    .collect();
                lines.push(cut.join("\t"));
            }
            // Skipped: an all-commodities row and a special flow.
            3 => {
                lines.push(line(m49, "TOTAL", month, 0, "X", qty));
                lines.push(line(m49, &code, month, 0, "DX", qty));
            }
            // The same total twice.
            4 => {
                for _ in 0..2 {
                    lines.push(line(m49, &code, month, 0, "RX", qty));
                    totals.push((lines.len() as u64, iso));
                }
            }
            // A CRLF line.
            5 => {
                lines.push(line(m49, &code, month, 0, "X", qty) + "\r");
                totals.push((lines.len() as u64, iso));
            }
            // A total, then a breakdown of it.
            _ => {
                lines.push(line(m49, &code, month, 0, "M", qty));
                totals.push((lines.len() as u64, iso));
                lines.push(line(m49, &code, month, 9000, "M", qty));
            }
        }
    }
    (lines.join("\n") + "\n", totals)
}

fn sequential(
    bytes: Vec<u8>,
    chunk: usize,
) -> tradewatch_sources::Result<(Vec<Observation>, IngestReport)> {
    let mut reader = BulkReader::open("bulk.tsv", std::io::Cursor::new(bytes))?;
    let mut observations = Vec::new();
    while let Some(mut rows) = reader.next_chunk(chunk)? {
        observations.append(&mut rows);
    }
    Ok((observations, reader.into_report()))
}

fn parallel(
    bytes: Vec<u8>,
    workers: usize,
    block: usize,
) -> tradewatch_sources::Result<(Vec<Observation>, IngestReport)> {
    let mut reader =
        BulkReader::open("bulk.tsv", std::io::Cursor::new(bytes))?.parallel_with(workers, block);
    let mut observations = Vec::new();
    while let Some(columns) = reader.next_columns()? {
        observations.extend((0..columns.len()).map(|i| columns.observation(i).unwrap()));
    }
    Ok((observations, reader.into_report()))
}

#[test]
fn blocks_on_threads_read_what_one_reader_reads() {
    let (text, totals) = mixed_file();
    let (expected, report) = sequential(text.clone().into_bytes(), 37).unwrap();
    // The file is what it says: every kind of row made it into the report.
    assert!(report.rejected.len() >= 120, "{:?}", report.rejected.len());
    for reason in ["mode of transport", "cmdCode TOTAL", "special flow"] {
        assert!(
            report.skipped.iter().any(|s| s.reason.contains(reason)),
            "{reason}: {:#?}",
            report.skipped
        );
    }
    assert!(report.notes.iter().any(|n| n.contains("second total row")));
    assert!(report.notes.iter().any(|n| n.contains("no total row")));
    // Every total row's observations carry its own line, citation and partner.
    for (line, iso) in &totals {
        let rows: Vec<&Observation> = expected.iter().filter(|o| o.line == *line).collect();
        assert!(!rows.is_empty(), "line {line} has no observation");
        for o in rows {
            assert_eq!(o.citation, format!("bulk.tsv:{line}"));
            assert_eq!(&o.partner, iso, "line {line}");
        }
    }
    for (workers, block) in [(1, 1), (2, 300), (3, 4096), (4, 1 << 20)] {
        let (got, got_report) = parallel(text.clone().into_bytes(), workers, block).unwrap();
        assert_eq!(
            got.len(),
            expected.len(),
            "{workers} workers, {block}-byte blocks"
        );
        for (a, b) in got.iter().zip(&expected) {
            assert_eq!(a, b, "{workers} workers, {block}-byte blocks");
        }
        assert_eq!(got_report, report, "{workers} workers, {block}-byte blocks");
    }
}

#[test]
fn a_bad_byte_is_named_by_its_line_whichever_block_it_is_in() {
    let (text, _) = mixed_file();
    let mut bytes = text.into_bytes();
    // Line 700 (1-based, the header is line 1) gets a byte that is not UTF-8.
    let at = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(698)
        .map(|(i, _)| i + 3)
        .unwrap();
    bytes[at] = 0xff;
    let lines = |r: tradewatch_sources::Result<(Vec<Observation>, IngestReport)>| match r {
        Err(Error::Parse { line, field, .. }) => (line, field),
        other => panic!(
            "expected a parse error, got {:?}",
            other.map(|(o, _)| o.len())
        ),
    };
    assert_eq!(
        lines(sequential(bytes.clone(), 50)),
        (700, "encoding".to_string())
    );
    for (workers, block) in [(1, 1), (2, 300), (3, 1 << 20)] {
        assert_eq!(
            lines(parallel(bytes.clone(), workers, block)),
            (700, "encoding".to_string())
        );
    }
}

#[test]
fn a_cut_off_gzip_stream_is_an_error_not_a_short_file() {
    let (text, _) = mixed_file();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let whole = gz.finish().unwrap();
    let cut = whole[..whole.len() * 2 / 3].to_vec();
    for (workers, block) in [(1, 500), (2, 1 << 20)] {
        match parallel(cut.clone(), workers, block) {
            Err(Error::Parse { field, line, .. }) => {
                assert_eq!(field, "gzip");
                assert!(line > 1, "line {line}");
            }
            other => panic!(
                "expected a gzip error, got {:?}",
                other.map(|(o, _)| o.len())
            ),
        }
    }
    // The whole stream reads like the plain text.
    let (a, ra) = parallel(whole, 2, 700).unwrap();
    let (b, rb) = sequential(text.into_bytes(), 100).unwrap();
    assert_eq!(a, b);
    assert_eq!(ra, rb);
}
