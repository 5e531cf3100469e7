use tradewatch_model::{Classification, Period, Unit};
use tradewatch_sources::{Format, Options};

use crate::{clean, export, one, read, table};

#[test]
fn gbk_ten_column_monthly_usd() {
    let p = clean("gacc/monthly-usd.gbk.csv", &export());
    assert_eq!(p.format, Format::GaccCsv);
    insta::assert_snapshot!("gacc_monthly", table(&p.observations));
    let usa = one(&p.observations, "USA", "2025-03", "quantity");
    assert_eq!(usa.value, 612_345.0);
    assert_eq!(usa.classification, Classification::CnChina8);
    assert_eq!(usa.code, "85051110");
    assert_eq!(
        one(&p.observations, "USA", "2025-03", "value").unit,
        Unit::Usd
    );
}

#[test]
fn gbk_and_utf8_with_bom_give_identical_observations() {
    let a = clean("gacc/monthly-usd.gbk.csv", &export());
    let b = clean("gacc/monthly-usd.utf8bom.csv", &export());
    let strip = |p: tradewatch_sources::Parsed| -> Vec<_> {
        p.observations
            .into_iter()
            .map(|mut o| {
                o.citation.clear();
                o
            })
            .collect()
    };
    assert_eq!(strip(a), strip(b));
}

#[test]
fn missing_quantity_dash_keeps_the_value() {
    let p = clean("gacc/monthly-usd.gbk.csv", &export());
    one(&p.observations, "TWN", "2025-04", "value");
    assert!(!p.observations.iter().any(|o| o.partner == "TWN"
        && o.period.to_string() == "2025-04"
        && o.measure.as_str() == "quantity"));
}

#[test]
fn combined_january_february_is_one_span_never_split() {
    let p = clean("gacc/janfeb-combined.gbk.csv", &export());
    let span: Period = "2025-01..02".parse().unwrap();
    assert!(p.observations.iter().any(|o| o.period == span));
    assert!(
        !p.observations
            .iter()
            .any(|o| matches!(o.period.to_string().as_str(), "2025-01" | "2025-02"))
    );
}

#[test]
fn thirteen_column_cny_needs_a_period_and_sums_trade_modes() {
    let err = read("gacc/cny-13col.gbk.csv", &export())
        .unwrap_err()
        .to_string();
    assert!(err.contains("--period"), "{err}");
    let p = clean(
        "gacc/cny-13col.gbk.csv",
        &Options {
            period: Some("2025-03".parse().unwrap()),
            ..export()
        },
    );
    insta::assert_snapshot!("gacc_13col", table(&p.observations));
    let usa = one(&p.observations, "USA", "2025-03", "value");
    assert_eq!(usa.unit, Unit::Cny);
    assert_eq!(usa.value, 176_355_360.0);
    assert!(usa.note.contains("sum of 3 rows"), "{}", usa.note);
}

#[test]
fn no_flow_flag_is_an_error_naming_it() {
    let err = read("gacc/monthly-usd.gbk.csv", &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("--flow"), "{err}");
}

#[test]
fn cumulative_tables_are_spans() {
    let p = clean(
        "gacc/monthly-usd.gbk.csv",
        &Options {
            cumulative: true,
            ..export()
        },
    );
    assert!(p.observations.iter().all(|o| o.period.is_year_to_date()));
}
