use tradewatch_model::{Classification, Flow, Period};
use tradewatch_sources::{Format, Options};

use crate::{clean, one, read, sum_countries, table};

#[test]
fn final_data_json_reads_the_47_field_records() {
    let p = clean("comtrade/final-monthly.json", &Options::default());
    assert_eq!(p.format, Format::ComtradeJson);
    insta::assert_snapshot!("comtrade_final_monthly", table(&p.observations));
    let exports: Vec<_> = p
        .observations
        .iter()
        .filter(|o| o.flow == Flow::Export)
        .cloned()
        .collect();
    let usa = one(&exports, "USA", "2025-03", "quantity");
    assert_eq!(usa.value, 612_345.0);
    assert_eq!(usa.classification, Classification::Hs2022);
    assert_eq!(usa.code, "850511");
}

#[test]
fn world_and_breakdown_rows_never_inflate_the_total() {
    let p = clean("comtrade/final-monthly.json", &Options::default());
    let world = one(&p.observations, "WLD", "2025-03", "value").value;
    assert_eq!(sum_countries(&p.observations, "value", Flow::Export), world);
    // The mode-of-transport, second-partner and customs-procedure breakdowns are skipped.
    let skipped: u64 = p.report.skipped.iter().map(|s| s.rows).sum();
    assert_eq!(skipped, 3, "{:#?}", p.report.skipped);
}

#[test]
fn m49_490_is_taiwan_and_0_is_world() {
    let p = clean("comtrade/final-monthly.json", &Options::default());
    assert!(p.observations.iter().any(|o| o.partner == "TWN"));
    assert!(p.observations.iter().any(|o| o.partner == "WLD"));
}

#[test]
fn null_quantity_gives_no_quantity_row() {
    let p = clean("comtrade/final-monthly.json", &Options::default());
    assert!(
        !p.observations
            .iter()
            .any(|o| o.partner == "TWN" && o.measure.as_str() == "quantity")
    );
    one(&p.observations, "TWN", "2025-03", "value");
}

#[test]
fn estimated_quantities_are_flagged() {
    let p = clean("comtrade/final-monthly.json", &Options::default());
    assert!(one(&p.observations, "DEU", "2025-03", "quantity").estimated);
    assert!(!one(&p.observations, "DEU", "2025-03", "value").estimated);
}

#[test]
fn re_exports_are_their_own_flow() {
    let p = clean("comtrade/final-monthly.json", &Options::default());
    assert!(
        p.observations
            .iter()
            .any(|o| o.flow == Flow::ReExport && o.partner == "USA")
    );
}

#[test]
fn annual_ref_month_52_is_a_year_never_a_month() {
    let p = clean("comtrade/final-annual.json", &Options::default());
    assert!(
        p.observations
            .iter()
            .all(|o| o.period == Period::Year(2024))
    );
    insta::assert_snapshot!("comtrade_final_annual", table(&p.observations));
}

#[test]
fn empty_envelope_is_a_success_with_no_rows() {
    let p = clean("comtrade/empty.json", &Options::default());
    assert!(p.observations.is_empty());
    assert!(p.report.notes.iter().any(|n| n.contains("no rows")));
}

#[test]
fn rate_limit_bodies_are_errors_not_zero_rows() {
    for f in ["comtrade/rate-limit.txt", "comtrade/rate-limit.json"] {
        let err = read(f, &Options::default()).unwrap_err().to_string();
        assert!(err.starts_with(f), "{err}");
        assert!(err.contains("Rate limit"), "{err}");
    }
}

#[test]
fn tariff_lines_with_desc_before_iso_and_zero_quantity() {
    let p = clean("comtrade/tariffline.json", &Options::default());
    insta::assert_snapshot!("comtrade_tariffline", table(&p.observations));
    assert!(
        p.observations
            .iter()
            .all(|o| o.classification == Classification::CnChina10 && o.code == "8505111000")
    );
    // qty 0.0 with unit -1 is "no quantity"; the net weight is used instead.
    assert_eq!(
        one(&p.observations, "DEU", "2025-03", "quantity").value,
        196_300.0
    );
}

#[test]
fn bulk_gzip_tsv_with_case_insensitive_headers() {
    let p = clean("comtrade/bulk-final.txt.gz", &Options::default());
    assert_eq!(p.format, Format::ComtradeBulk);
    insta::assert_snapshot!("comtrade_bulk", table(&p.observations));
    // The chapter-85 total flagged isAggregate is a total: kept (formats.md §8), nothing
    // skipped.
    assert!(p.report.skipped.is_empty(), "{:#?}", p.report.skipped);
    let chapter = p
        .observations
        .iter()
        .find(|o| o.code == "85" && o.partner == "USA" && o.measure.as_str() == "value")
        .unwrap();
    assert_eq!(chapter.value, 98_765_432.0);
    let world = p
        .observations
        .iter()
        .find(|o| o.partner == "WLD" && o.code == "280530" && o.measure.as_str() == "value")
        .unwrap()
        .value;
    let members: f64 = p
        .observations
        .iter()
        .filter(|o| o.partner != "WLD" && o.code == "280530" && o.measure.as_str() == "value")
        .map(|o| o.value)
        .sum();
    assert!(members <= world);
}

#[test]
fn a_bom_before_the_json_is_stripped() {
    let p = clean("comtrade/final-bom.json", &Options::default());
    assert_eq!(p.observations.len(), 4);
}

#[test]
fn truncated_gzip_is_an_error_with_a_line() {
    let bytes = std::fs::read(crate::data("comtrade/bulk-final.txt.gz")).unwrap();
    let cut = &bytes[..bytes.len() - 20];
    let err = tradewatch_sources::parse("cut.gz", cut, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cut.gz:"), "{err}");
    assert!(err.contains("gzip"), "{err}");
}

#[test]
fn a_body_cut_off_mid_json_is_an_error() {
    let bytes = std::fs::read(crate::data("comtrade/final-monthly.json")).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    let err = tradewatch_sources::parse("cut.json", cut, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("ends early"), "{err}");
}

#[test]
fn totals_flagged_is_aggregate_are_kept_once_next_to_their_breakdowns() {
    let p = clean("comtrade/aggregate-totals.json", &Options::default());
    assert_eq!(
        one(&p.observations, "USA", "2025-09", "quantity").value,
        420_500.0
    );
    assert_eq!(
        one(&p.observations, "USA", "2025-09", "value").value,
        31_000_000.0
    );
    assert_eq!(
        one(&p.observations, "WLD", "2025-09", "value").value,
        398_000_000.0
    );
    one(&p.observations, "DEU", "2025-09", "value");
    assert_eq!(p.observations.len(), 6);
    let skipped: u64 = p.report.skipped.iter().map(|s| s.rows).sum();
    assert_eq!(skipped, 2, "{:#?}", p.report.skipped);
}
