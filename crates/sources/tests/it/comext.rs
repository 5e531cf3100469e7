use tradewatch_model::{Flow, Period};
use tradewatch_sources::{Format, Options};

use crate::{clean, one, table};

#[test]
fn bulk_v2_sums_statistical_procedures() {
    let p = clean("comext/bulk-v2.csv", &Options::default());
    assert_eq!(p.format, Format::ComextBulk);
    insta::assert_snapshot!("comext_bulk_v2", table(&p.observations));
    let de = p
        .observations
        .iter()
        .find(|o| {
            o.reporter == "DEU"
                && o.partner == "CHN"
                && o.code == "85051110"
                && o.period.to_string() == "2025-03"
                && o.measure.as_str() == "value"
        })
        .unwrap();
    assert_eq!(de.value, 21_870_345.0);
    assert_eq!(de.flow, Flow::Import);
}

#[test]
fn partner_na_is_namibia_never_missing() {
    let p = clean("comext/bulk-v2.csv", &Options::default());
    assert!(p.observations.iter().any(|o| o.partner == "NAM"));
    let s = clean("comext/sdmx.csv", &Options::default());
    assert!(s.observations.iter().any(|o| o.partner == "NAM"));
}

#[test]
fn secret_partners_and_letter_codes_are_flagged_suppressed() {
    let p = clean("comext/bulk-v2.csv", &Options::default());
    let flagged: Vec<_> = p.observations.iter().filter(|o| o.suppressed).collect();
    assert!(flagged.iter().any(|o| o.code == "99RRR100"));
    assert!(flagged.iter().any(|o| o.partner.starts_with("X_")));
    assert!(
        p.observations
            .iter()
            .filter(|o| !o.suppressed)
            .all(|o| o.code.bytes().all(|b| b.is_ascii_digit()))
    );
}

#[test]
fn period_yyyy52_is_the_year() {
    let p = clean("comext/bulk-v2.csv", &Options::default());
    assert!(
        p.observations
            .iter()
            .any(|o| o.period == Period::Year(2024))
    );
}

#[test]
fn bulk_v1_numeric_geo_codes_with_iso_columns() {
    let p = clean("comext/bulk-v1.dat", &Options::default());
    insta::assert_snapshot!("comext_bulk_v1", table(&p.observations));
    assert!(p.observations.iter().all(|o| o.partner == "CHN"));
}

#[test]
fn sdmx_quantity_in_100kg_becomes_kg_and_colon_is_not_zero() {
    let p = clean("comext/sdmx.csv", &Options::default());
    assert_eq!(p.format, Format::ComextSdmx);
    insta::assert_snapshot!("comext_sdmx", table(&p.observations));
    let q = p
        .observations
        .iter()
        .find(|o| o.reporter == "DEU" && o.partner == "CHN" && o.measure.as_str() == "quantity")
        .unwrap();
    assert_eq!(q.value, 412_055.0);
    assert!(
        p.report
            .skipped
            .iter()
            .any(|s| s.reason.contains("not available"))
    );
    assert!(
        !p.observations
            .iter()
            .any(|o| o.reporter == "NLD" && o.measure.as_str() == "quantity")
    );
}

#[test]
fn sdmx_and_bulk_agree_on_the_same_figure() {
    let bulk = clean("comext/bulk-v2.csv", &Options::default());
    let sdmx = clean("comext/sdmx.csv", &Options::default());
    let pick = |obs: &[tradewatch_model::Observation]| {
        let o = one(
            &obs.iter()
                .filter(|o| o.reporter == "DEU" && o.code == "85051110")
                .cloned()
                .collect::<Vec<_>>(),
            "CHN",
            "2025-03",
            "quantity",
        )
        .clone();
        o.value
    };
    assert_eq!(pick(&bulk.observations), pick(&sdmx.observations));
}
