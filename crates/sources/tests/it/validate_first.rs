//! Every reader checks a row before it decides to leave it out: a row that would be skipped
//! (a breakdown, an aggregate, a grouping, a figure not available) but carries a bad field
//! rejects the file, naming file, line and field.

use tradewatch_sources::{Options, Parsed};

use crate::export;

fn parse(name: &str, text: &str, options: &Options) -> Parsed {
    tradewatch_sources::parse(name, text.as_bytes(), options).unwrap()
}

/// The file is rejected with exactly this line and field among its problems.
fn rejected_at(p: &Parsed, line: u64, field: &str) {
    assert!(!p.report.is_clean(), "accepted: {:#?}", p.observations);
    assert!(
        p.report
            .rejected
            .iter()
            .any(|r| r.line == line && r.field.eq_ignore_ascii_case(field)),
        "no rejection at line {line}, field {field}: {:#?}",
        p.report.rejected
    );
}

const BULK_HEADER: &str = "datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode\tpartner2Code\tclassificationSearchCode\tclassificationCode\tisOriginalClassification\tcmdCode\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\tisQtyEstimated\taltQtyUnitCode\taltQty\tisAltQtyEstimated\tnetWgt\tisNetWgtEstimated\tgrossWgt\tisGrossWgtEstimated\tcifvalue\tfobvalue\tprimaryValue\tlegacyEstimationFlag\tisReported\tisAggregate";

fn bulk_row(ref_month: &str, period: &str, cmd: &str, mot: &str, aggregate: &str) -> String {
    format!(
        "21156202412062100\tC\tM\t20241201\t2024\t{ref_month}\t{period}\t156\tX\t842\t0\tH6\tH6\t1\t{cmd}\tC00\t0\t{mot}\t8\t1000.0\t0\t-1\t\t0\t1000.0\t0\t\t0\t\t5000.0\t5000.0\t0\t1\t{aggregate}"
    )
}

#[test]
fn comtrade_bulk_a_bad_month_on_a_row_that_would_be_left_out_rejects_the_file() {
    // The middle row: an aggregate total, an all-commodities total, a mode-of-transport
    // breakdown — each with refMonth 13 / period 202413.
    for (cmd, mot, aggregate) in [
        ("850511", "0", "1"),
        ("TOTAL", "0", "0"),
        ("850511", "2100", "0"),
    ] {
        let text = [
            BULK_HEADER.to_string(),
            bulk_row("11", "202411", "850511", "0", "0"),
            bulk_row("13", "202413", cmd, mot, aggregate),
            bulk_row("12", "202412", "850511", "0", "0"),
        ]
        .join("\n")
            + "\n";
        let p = parse("C_M_156_2024.txt", &text, &Options::default());
        rejected_at(&p, 3, "period");
        let r = p.report.rejected.iter().find(|r| r.line == 3).unwrap();
        assert_eq!(r.path, "C_M_156_2024.txt");
        assert!(r.reason.contains("13"), "{r}");
    }
}

#[test]
fn comtrade_json_a_special_flow_or_a_breakdown_is_checked_first() {
    let good = r#"{"freqCode":"M","refYear":2025,"refMonth":3,"period":"202503","reporterCode":156,"flowCode":"X","partnerCode":842,"partner2Code":0,"cmdCode":"850511","customsCode":"C00","motCode":0,"qtyUnitCode":8,"qty":5.0,"netWgt":5.0,"primaryValue":9.0,"isAggregate":false}"#;
    // A domestic-export row (not tracked) with an unknown partner; a breakdown with a
    // negative value; an all-commodities total with refMonth 0.
    for (bad, field) in [
        (
            good.replace(r#""flowCode":"X""#, r#""flowCode":"DX""#)
                .replace("842", "99999"),
            "partnerCode",
        ),
        (
            good.replace(r#""motCode":0"#, r#""motCode":2100"#)
                .replace("9.0", "-9.0"),
            "primaryValue",
        ),
        (
            good.replace(r#""cmdCode":"850511""#, r#""cmdCode":"TOTAL""#)
                .replace(r#""refMonth":3"#, r#""refMonth":0"#),
            "period",
        ),
        (
            good.replace(r#""customsCode":"C00""#, r#""customsCode":"Z9""#),
            "customsCode",
        ),
    ] {
        let text = format!(r#"{{"count":2,"data":[{good},{bad}],"error":""}}"#);
        let p = parse("answer.json", &text, &Options::default());
        rejected_at(&p, 2, field);
    }
}

#[test]
fn census_a_grouping_row_with_a_bad_month_is_rejected() {
    let text = r#"[["CTY_CODE","CTY_NAME","I_COMMODITY","GEN_VAL_MO","GEN_QY1_MO","UNIT_QY1","time","I_COMMODITY","CTY_CODE"],
["5700","CHINA","8505110070","41234567","1523400","KG","2025-03","8505110070","5700"],
["0003","EUROPEAN UNION","8505110070","1873400","0","-","2025-13","8505110070","0003"]]"#;
    let p = parse("imports.json", text, &Options::default());
    rejected_at(&p, 3, "time");
    // And a continental total with a value that is not a number.
    let text = text
        .replace("\"0003\"", "\"0X01\"")
        .replace("2025-13", "2025-03")
        .replace("\"1873400\"", "\"18x3400\"");
    let p = parse("imports.json", &text, &Options::default());
    rejected_at(&p, 3, "GEN_VAL_MO");
}

#[test]
fn gacc_a_row_without_figures_is_checked_before_it_is_left_out() {
    let text = "数据年月,商品编码,商品名称,贸易伙伴编码,贸易伙伴名称,第一数量,第一计量单位,第二数量,第二计量单位,美元\n\
                202503,85051110,稀土永磁铁,502,美国,\"612,345\",千克,-,,\"23,456,789\"\n\
                202513,85051110,稀土永磁铁,116,日本,-,千克,-,,-\n";
    let p = parse("gacc.csv", text, &export());
    rejected_at(&p, 3, "数据年月");
}

#[test]
fn comext_sdmx_supplementary_and_missing_figures_are_checked_first() {
    let head = "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE\n\
                ESTAT:DS-045409(1.0),15/05/25 11:00:00,M,DE,CN,85051110,1,VALUE_IN_EUROS,2025-03,21870345.0\n";
    for (row, field) in [
        (
            "ESTAT:DS-045409(1.0),15/05/25 11:00:00,M,DE,XX1,85051110,1,SUPPLEMENTARY_QUANTITY,2025-03,12\n",
            "partner",
        ),
        (
            "ESTAT:DS-045409(1.0),15/05/25 11:00:00,M,DE,CN,85051110,1,QUANTITY_IN_100KG,2025-13,:\n",
            "TIME_PERIOD",
        ),
        (
            "ESTAT:DS-045409(1.0),15/05/25 11:00:00,M,DE,CN,85051110,3,QUANTITY_IN_100KG,2025-03,:\n",
            "flow",
        ),
    ] {
        let p = parse("sdmx.csv", &format!("{head}{row}"), &Options::default());
        rejected_at(&p, 3, field);
    }
}

#[test]
fn comext_bulk_a_row_without_figures_is_checked_first() {
    let text = "REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA21,PRODUCT_CPA22,PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,FLOW,STAT_PROCEDURE,SUPPL_UNIT,PERIOD,VALUE_EUR,VALUE_NAC,QUANTITY_KG,QUANTITY_SUPPL_UNIT\n\
                DE,CN,E,85051110,77881,2711,2711,42,.....,16,1,1,NO_SU,202503,20666015,20666015,391255,0\n\
                DE,CN,E,85051110,77881,2711,2711,42,.....,16,1,1,NO_SU,202599,,,,0\n";
    let p = parse("bulk-v2.csv", text, &Options::default());
    rejected_at(&p, 3, "PERIOD");
}

#[test]
fn mapped_csv_a_row_without_figures_is_checked_first() {
    let mapping = tradewatch_sources::Mapping::from_toml(
        "m.toml",
        "delimiter = \";\"\nreporter = \"DEU\"\nflow = \"import\"\nclassification = \"CN8\"\nunit_quantity = \"t\"\ncurrency = \"EUR\"\n[columns]\npartner = \"Land\"\nyear = \"Jahr\"\nmonth = \"Monat\"\ncode = \"Ware\"\nquantity = \"Menge_t\"\nvalue = \"Wert_EUR\"\n",
    )
    .unwrap();
    let options = Options {
        mapping: Some(mapping),
        ..Options::default()
    };
    let text = "Land;Jahr;Monat;Ware;Menge_t;Wert_EUR\nCN;2025;3;85051110;412.5;21870345\nUS;2025;14;85051110;;\n";
    let p = parse("extract.csv", text, &options);
    rejected_at(&p, 3, "Monat");
    // A good row without figures is left out, and said so.
    let text = "Land;Jahr;Monat;Ware;Menge_t;Wert_EUR\nCN;2025;3;85051110;412.5;21870345\nUS;2025;4;85051110;;\n";
    let p = parse("extract.csv", text, &options);
    assert!(p.report.is_clean(), "{:#?}", p.report.rejected);
    assert!(
        p.report.skipped.iter().any(|s| s.first_line == 3),
        "{:#?}",
        p.report.skipped
    );
}
