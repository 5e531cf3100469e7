use tradewatch_model::{Classification, Flow};
use tradewatch_sources::{Format, Options};

use crate::{clean, one, read, sum_countries, table};

#[test]
fn imports_parse_by_header_name_despite_duplicated_columns() {
    let p = clean("census/imports-hs10.json", &Options::default());
    assert_eq!(p.format, Format::CensusJson);
    insta::assert_snapshot!("census_imports", table(&p.observations));
    let china = one(&p.observations, "CHN", "2025-03", "value");
    assert_eq!(china.value, 41_234_567.0);
    assert_eq!(china.classification, Classification::Hts10);
    assert_eq!(china.code, "8505110070");
    assert_eq!(china.reporter, "USA");
}

#[test]
fn general_and_consumption_imports_stay_apart() {
    let p = clean("census/imports-hs10.json", &Options::default());
    assert_eq!(
        one(&p.observations, "CHN", "2025-03", "value").value,
        41_234_567.0
    );
    assert_eq!(
        one(&p.observations, "CHN", "2025-03", "value_consumption").value,
        40_987_654.0
    );
}

#[test]
fn the_total_and_the_eu_grouping_do_not_inflate_country_sums() {
    let p = clean("census/imports-hs10.json", &Options::default());
    let march: Vec<_> = p
        .observations
        .iter()
        .filter(|o| o.period.to_string() == "2025-03")
        .cloned()
        .collect();
    let world = one(&march, "WLD", "2025-03", "value").value;
    assert_eq!(sum_countries(&march, "value", Flow::Import), world);
    assert!(march.iter().any(|o| o.partner == "EUN"));
}

#[test]
fn zero_quantity_with_unit_dash_is_no_quantity() {
    let p = clean("census/imports-hs10.json", &Options::default());
    assert!(
        !p.observations
            .iter()
            .any(|o| o.partner == "DEU" && o.measure.as_str() == "quantity")
    );
}

#[test]
fn exports_df_2_is_a_re_export() {
    let p = clean("census/exports-hs6.json", &Options::default());
    insta::assert_snapshot!("census_exports", table(&p.observations));
    let jpn: Vec<Flow> = p
        .observations
        .iter()
        .filter(|o| o.partner == "JPN" && o.measure.as_str() == "value")
        .map(|o| o.flow)
        .collect();
    assert_eq!(jpn, [Flow::Export, Flow::ReExport]);
}

#[test]
fn status_204_empty_body_is_no_rows() {
    let p = clean(
        "census/empty-204.json",
        &Options {
            format: Some(Format::CensusJson),
            ..Options::default()
        },
    );
    assert!(p.observations.is_empty());
    assert!(p.report.notes[0].contains("204"));
}

#[test]
fn an_invalid_key_html_page_is_an_error() {
    let err = read("census/invalid-key.html", &Options::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("census/invalid-key.html:1:content"),
        "{err}"
    );
    assert!(err.contains("Invalid Key"), "{err}");
}
