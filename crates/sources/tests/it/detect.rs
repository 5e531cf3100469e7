use tradewatch_sources::{Format, Options, detect};

use crate::data;

#[test]
fn every_fixture_is_detected_as_its_format() {
    for (file, format) in [
        ("comtrade/final-monthly.json", Format::ComtradeJson),
        ("comtrade/tariffline.json", Format::ComtradeJson),
        ("comtrade/bulk-final.txt.gz", Format::ComtradeBulk),
        ("census/imports-hs10.json", Format::CensusJson),
        ("gacc/monthly-usd.gbk.csv", Format::GaccCsv),
        ("gacc/monthly-usd.utf8bom.csv", Format::GaccCsv),
        ("comext/bulk-v2.csv", Format::ComextBulk),
        ("comext/bulk-v1.dat", Format::ComextBulk),
        ("comext/sdmx.csv", Format::ComextSdmx),
    ] {
        let bytes = std::fs::read(data(file)).unwrap();
        assert_eq!(detect(file, &bytes).unwrap(), format, "{file}");
    }
}

#[test]
fn an_unrecognised_file_names_what_was_expected() {
    let err = detect("notes.txt", b"hello,world\n1,2\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unrecognised format"), "{err}");
    assert!(err.contains("Comtrade"), "{err}");
}

#[test]
fn a_binary_file_is_an_error_not_a_panic() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    let err = tradewatch_sources::parse("blob.bin", &bytes, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("blob.bin:"), "{err}");
}

#[test]
fn a_ten_megabyte_line_is_an_error_not_a_panic() {
    let mut text = "reporter,partner,flow,commodity,period,measure,value,unit\n".to_string();
    text.push_str(&"x".repeat(10 << 20));
    text.push('\n');
    let p = tradewatch_sources::parse("long.csv", text.as_bytes(), &Options::default()).unwrap();
    assert!(!p.report.is_clean());
    assert_eq!(p.report.rejected[0].line, 2);
}

#[test]
fn mixed_encodings_are_an_error_with_the_line() {
    let mut bytes = "数据年月,商品编码,贸易伙伴名称,第一数量,美元\n"
        .as_bytes()
        .to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode("202503,85051110,美国,1,2\n");
    bytes.extend_from_slice(&gbk);
    let err = tradewatch_sources::parse("mixed.csv", &bytes, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("mixed.csv:2:encoding"), "{err}");
}

#[test]
fn negative_quantities_and_month_13_are_rejected_with_lines() {
    let text = "数据年月,商品编码,商品名称,贸易伙伴编码,贸易伙伴名称,第一数量,第一计量单位,第二数量,第二计量单位,美元\n\
                202513,85051110,x,502,美国,1,千克,-,,2\n\
                202503,85051110,x,502,美国,-5,千克,-,,2\n";
    let p = tradewatch_sources::parse(
        "neg.csv",
        text.as_bytes(),
        &Options {
            flow: Some(tradewatch_model::Flow::Export),
            ..Options::default()
        },
    )
    .unwrap();
    let lines: Vec<(u64, &str)> = p
        .report
        .rejected
        .iter()
        .map(|r| (r.line, r.field.as_str()))
        .collect();
    assert_eq!(lines, [(2, "数据年月"), (3, "第一数量")]);
}
