use tradewatch_sources::{Mapping, Options};

use crate::{clean, data, one, table};

fn options() -> Options {
    let text = std::fs::read_to_string(data("mapped/customs-extract.toml")).unwrap();
    Options {
        mapping: Some(Mapping::from_toml("customs-extract.toml", &text).unwrap()),
        ..Options::default()
    }
}

#[test]
fn a_mapped_csv_reads_into_canonical_rows() {
    let p = clean("mapped/customs-extract.csv", &options());
    insta::assert_snapshot!("mapped", table(&p.observations));
    let cn = one(&p.observations, "CHN", "2025-03", "quantity");
    assert_eq!(cn.value, 412_500.0, "tonnes become kg");
    assert_eq!(cn.reporter, "DEU");
}

#[test]
fn a_mapping_naming_a_missing_column_is_an_error() {
    let m = Mapping::from_toml(
        "m.toml",
        "reporter = 'DEU'\nflow = 'import'\n[columns]\npartner = 'Nope'\nperiod = 'P'\ncode = 'C'\n",
    )
    .unwrap();
    let err = tradewatch_sources::parse(
        "x.csv",
        b"Land;P;C\nCN;2025-03;85051110\n",
        &Options {
            mapping: Some(m),
            ..Options::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn an_unknown_mapping_key_is_an_error_with_a_line() {
    let err = Mapping::from_toml(
        "m.toml",
        "delimiter = ';'\nrepoter = 'DEU'\n[columns]\ncode='C'\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("m.toml:"), "{err}");
}
