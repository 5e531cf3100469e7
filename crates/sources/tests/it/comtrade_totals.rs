//! formats.md §8, Comtrade totals and breakdowns, for every container (final-data JSON,
//! tariff-line JSON, bulk TSV): per key keep the `C00`/`0`/`0` total whatever its
//! `isAggregate` flag; a key with breakdown rows and no total gets the sum of one kind of
//! breakdown, said in the notes; never a breakdown next to its total; never neither.
//!
//! The records are built here in the agencies' exact shapes (47 fields for final data in the
//! order of §1.5, 34 for tariff lines in §1.6's order, 34 tab-separated columns for bulk
//! files in §1.9's order), one case per breakdown kind × total flagged or not × total
//! present or absent × total before or after its breakdowns.

use serde_json::{Value, json};
use tradewatch_model::{Flow, Observation};
use tradewatch_sources::{Format, Options, Parsed};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Mot,
    Customs,
    Partner2,
}

/// One record's variable parts.
#[derive(Debug, Clone)]
struct Rec {
    partner: u32,
    partner2: u32,
    customs: &'static str,
    mot: u32,
    qty: Option<f64>,
    value: f64,
    aggregate: bool,
}

impl Rec {
    fn total(partner: u32, qty: f64, value: f64, aggregate: bool) -> Rec {
        Rec {
            partner,
            partner2: 0,
            customs: "C00",
            mot: 0,
            qty: Some(qty),
            value,
            aggregate,
        }
    }

    fn split(partner: u32, kind: Kind, n: u32, qty: Option<f64>, value: f64) -> Rec {
        let mut r = Rec::total(partner, 0.0, value, false);
        r.qty = qty;
        match kind {
            Kind::Mot => r.mot = [1000, 2100, 3200, 9000][n as usize % 4],
            Kind::Customs => r.customs = ["C01", "C03", "C05", "C20"][n as usize % 4],
            Kind::Partner2 => r.partner2 = [392, 276, 410, 704][n as usize % 4],
        }
        r
    }
}

fn iso(m49: u32) -> (&'static str, &'static str) {
    match m49 {
        0 => ("W00", "World"),
        842 => ("USA", "USA"),
        276 => ("DEU", "Germany"),
        392 => ("JPN", "Japan"),
        410 => ("KOR", "Rep. of Korea"),
        704 => ("VNM", "Viet Nam"),
        other => panic!("no ISO for {other}"),
    }
}

fn mot_desc(mot: u32) -> &'static str {
    match mot {
        0 => "TOTAL MOT",
        1000 => "Air",
        2100 => "Sea",
        3200 => "Road",
        _ => "Not elsewhere classified",
    }
}

/// A `/data/v1/get` record, 47 fields in §1.5's order.
fn final_record(r: &Rec) -> Value {
    let (p_iso, p_desc) = iso(r.partner);
    let (p2_iso, p2_desc) = iso(r.partner2);
    json!({
        "typeCode": "C", "freqCode": "M", "refPeriodId": 20250901, "refYear": 2025,
        "refMonth": 9, "period": "202509",
        "reporterCode": 156, "reporterISO": "CHN", "reporterDesc": "China",
        "flowCode": "X", "flowDesc": "Export",
        "partnerCode": r.partner, "partnerISO": p_iso, "partnerDesc": p_desc,
        "partner2Code": r.partner2, "partner2ISO": p2_iso, "partner2Desc": p2_desc,
        "classificationCode": "H6", "classificationSearchCode": "HS",
        "isOriginalClassification": true,
        "cmdCode": "850511", "cmdDesc": "Magnets; permanent magnets",
        "aggrLevel": 6, "isLeaf": true,
        "customsCode": r.customs, "customsDesc": if r.customs == "C00" { "TOTAL CPC" } else { "Other" },
        "mosCode": "0", "motCode": r.mot, "motDesc": mot_desc(r.mot),
        "qtyUnitCode": if r.qty.is_some() { 8 } else { -1 },
        "qtyUnitAbbr": if r.qty.is_some() { "kg" } else { "N/A" },
        "qty": r.qty, "isQtyEstimated": false,
        "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": null, "isAltQtyEstimated": false,
        "netWgt": r.qty, "isNetWgtEstimated": false,
        "grossWgt": null, "isGrossWgtEstimated": false,
        "cifvalue": null, "fobvalue": r.value, "primaryValue": r.value,
        "legacyEstimationFlag": 0, "isReported": !r.aggregate, "isAggregate": r.aggregate
    })
}

/// A `getTariffline` record, 34 fields in §1.6's order (no `isAggregate`; `motCode` a
/// string; a missing quantity is `0.0` with unit -1).
fn tariff_record(r: &Rec) -> Value {
    let (p_iso, p_desc) = iso(r.partner);
    let (p2_iso, p2_desc) = iso(r.partner2);
    json!({
        "typeCode": "C", "freqCode": "M", "refPeriodId": 20250901, "period": "202509",
        "reporterCode": 156, "reporterDesc": "China", "reporterISO": "CHN",
        "flowCode": "X", "flowDesc": "Export",
        "partnerCode": r.partner, "partnerDesc": p_desc, "partnerISO": p_iso,
        "partner2Code": r.partner2, "partner2Desc": p2_desc, "partner2ISO": p2_iso,
        "classificationCode": "H6", "cmdCode": "8505111000", "cmdDesc": "Permanent magnets",
        "customsCode": r.customs, "customsDesc": "x", "mosCode": "0",
        "motCode": r.mot.to_string(), "motDesc": mot_desc(r.mot),
        "qtyUnitCode": if r.qty.is_some() { 8 } else { -1 },
        "qtyUnitAbbr": if r.qty.is_some() { "kg" } else { "N/A" },
        "qty": r.qty.unwrap_or(0.0), "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A",
        "altQty": 0.0, "netWgt": r.qty.unwrap_or(0.0), "grossWgt": 0.0, "cifvalue": null,
        "fobvalue": r.value, "primaryValue": r.value
    })
}

const BULK_HEADER: &str = "datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode\tpartner2Code\tclassificationSearchCode\tclassificationCode\tisOriginalClassification\tcmdCode\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\tisQtyEstimated\taltQtyUnitCode\taltQty\tisAltQtyEstimated\tnetWgt\tisNetWgtEstimated\tgrossWgt\tisGrossWgtEstimated\tcifvalue\tfobvalue\tprimaryValue\tlegacyEstimationFlag\tisReported\tisAggregate";

/// A bulk line, 34 columns in §1.9's order: 0/1 booleans, empty for null.
fn bulk_line(r: &Rec) -> String {
    let q = r.qty.map_or(String::new(), |q| format!("{q:.1}"));
    let unit = if r.qty.is_some() { "8" } else { "-1" };
    let agg = if r.aggregate { "1" } else { "0" };
    let reported = if r.aggregate { "0" } else { "1" };
    [
        "21156202509062100",
        "C",
        "M",
        "20250901",
        "2025",
        "9",
        "202509",
        "156",
        "X",
        &r.partner.to_string(),
        &r.partner2.to_string(),
        "H6",
        "H6",
        "1",
        "850511",
        r.customs,
        "0",
        &r.mot.to_string(),
        unit,
        &q,
        "0",
        "-1",
        "",
        "0",
        &q,
        "0",
        "",
        "0",
        "",
        &format!("{:.1}", r.value),
        &format!("{:.1}", r.value),
        "0",
        reported,
        agg,
    ]
    .join("\t")
}

/// A bulk file of the records, header first, one line each.
fn bulk_text(recs: &[Rec]) -> String {
    std::iter::once(BULK_HEADER.to_string())
        .chain(recs.iter().map(bulk_line))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn bulk_parsed(observations: Vec<Observation>, report: tradewatch_sources::IngestReport) -> Parsed {
    Parsed {
        format: Format::ComtradeBulk,
        observations,
        report,
        source: tradewatch_model::Source::Comtrade,
        published: None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    FinalJson,
    TariffJson,
    Bulk,
    /// A bulk file read in chunks of two lines (a breakdown and its total in different
    /// chunks).
    BulkChunked,
    /// A bulk file read on three threads in blocks of about 300 bytes (a line or two each).
    BulkParallel,
}

fn parse(container: Container, recs: &[Rec]) -> Parsed {
    match container {
        Container::FinalJson | Container::TariffJson => {
            let data: Vec<Value> = recs
                .iter()
                .map(|r| {
                    if container == Container::FinalJson {
                        final_record(r)
                    } else {
                        tariff_record(r)
                    }
                })
                .collect();
            let doc =
                json!({"elapsedTime": "0.2 secs", "count": data.len(), "data": data, "error": ""});
            tradewatch_sources::parse(
                "answer.json",
                doc.to_string().as_bytes(),
                &Options::default(),
            )
            .unwrap()
        }
        Container::Bulk => {
            let text = bulk_text(recs);
            let p = tradewatch_sources::parse("bulk.txt", text.as_bytes(), &Options::default())
                .unwrap();
            assert_eq!(p.format, Format::ComtradeBulk);
            p
        }
        Container::BulkChunked => {
            let text = bulk_text(recs);
            let mut reader = tradewatch_sources::comtrade::BulkReader::open(
                "bulk.txt",
                std::io::Cursor::new(text.into_bytes()),
            )
            .unwrap();
            let mut observations = Vec::new();
            while let Some(mut chunk) = reader.next_chunk(2).unwrap() {
                observations.append(&mut chunk);
            }
            bulk_parsed(observations, reader.into_report())
        }
        Container::BulkParallel => {
            let text = bulk_text(recs);
            let mut reader = tradewatch_sources::comtrade::BulkReader::open(
                "bulk.txt",
                std::io::Cursor::new(text.into_bytes()),
            )
            .unwrap()
            .parallel_with(3, 300);
            let mut observations = Vec::new();
            while let Some(columns) = reader.next_columns().unwrap() {
                observations.extend((0..columns.len()).map(|i| columns.observation(i).unwrap()));
            }
            bulk_parsed(observations, reader.into_report())
        }
    }
}

fn of<'a>(p: &'a Parsed, partner: &str, measure: &str) -> Vec<&'a Observation> {
    p.observations
        .iter()
        .filter(|o| o.partner == partner && o.measure.as_str() == measure && o.flow == Flow::Export)
        .collect()
}

const CONTAINERS: [Container; 5] = [
    Container::FinalJson,
    Container::TariffJson,
    Container::Bulk,
    Container::BulkChunked,
    Container::BulkParallel,
];
const KINDS: [Kind; 3] = [Kind::Mot, Kind::Customs, Kind::Partner2];

/// The breakdown rows of the USA in one kind: 3 rows, quantities and values that add up to
/// 420,500 kg and 31,000,000 USD.
fn usa_breakdown(kind: Kind) -> Vec<Rec> {
    vec![
        Rec::split(842, kind, 0, Some(100_000.0), 7_000_000.0),
        Rec::split(842, kind, 1, Some(300_000.0), 22_500_000.0),
        Rec::split(842, kind, 2, Some(20_500.0), 1_500_000.0),
    ]
}

#[test]
fn a_total_is_kept_once_whatever_its_flag_and_its_breakdowns_never() {
    for container in CONTAINERS {
        for kind in KINDS {
            for flagged in [false, true] {
                for total_first in [true, false] {
                    let case = format!(
                        "{container:?} {kind:?} flagged={flagged} total_first={total_first}"
                    );
                    let total = Rec::total(842, 420_000.0, 30_000_000.0, flagged);
                    let germany = Rec::total(276, 50_000.0, 4_000_000.0, false);
                    let mut recs = vec![germany];
                    if total_first {
                        recs.push(total);
                        recs.extend(usa_breakdown(kind));
                    } else {
                        recs.extend(usa_breakdown(kind));
                        recs.push(total);
                    }
                    let p = parse(container, &recs);
                    assert!(p.report.is_clean(), "{case}: {:#?}", p.report.rejected);
                    let value = of(&p, "USA", "value");
                    assert_eq!(value.len(), 1, "{case}: {value:#?}");
                    assert_eq!(value[0].value, 30_000_000.0, "{case}");
                    let qty = of(&p, "USA", "quantity");
                    assert_eq!(qty.len(), 1, "{case}");
                    assert_eq!(qty[0].value, 420_000.0, "{case}");
                    assert_eq!(of(&p, "DEU", "value")[0].value, 4_000_000.0, "{case}");
                    // The three breakdown rows are counted as left out, with their reason.
                    let skipped: u64 = p
                        .report
                        .skipped
                        .iter()
                        .filter(|s| s.reason.contains("total is kept"))
                        .map(|s| s.rows)
                        .sum();
                    assert_eq!(skipped, 3, "{case}: {:#?}", p.report.skipped);
                    // The sum over partners is the file's: 34 M, not 4 M (the partner lost)
                    // nor 65 M (the total and its breakdowns both).
                    let sum: f64 = p
                        .observations
                        .iter()
                        .filter(|o| o.measure.as_str() == "value")
                        .map(|o| o.value)
                        .sum();
                    assert_eq!(sum, 34_000_000.0, "{case}");
                }
            }
        }
    }
}

#[test]
fn a_key_with_breakdowns_and_no_total_stores_their_sum_and_says_so() {
    for container in CONTAINERS {
        for kind in KINDS {
            let case = format!("{container:?} {kind:?}");
            let mut recs = usa_breakdown(kind);
            recs.insert(1, Rec::total(276, 50_000.0, 4_000_000.0, true));
            let p = parse(container, &recs);
            assert!(p.report.is_clean(), "{case}: {:#?}", p.report.rejected);
            let value = of(&p, "USA", "value");
            assert_eq!(value.len(), 1, "{case}: {value:#?}");
            assert_eq!(value[0].value, 31_000_000.0, "{case}");
            let qty = of(&p, "USA", "quantity");
            assert_eq!(qty.len(), 1, "{case}");
            assert_eq!(qty[0].value, 420_500.0, "{case}");
            assert!(
                value[0].note.contains("sum of 3 rows"),
                "{case}: {}",
                value[0].note
            );
            let named = match kind {
                Kind::Mot => "motCode",
                Kind::Customs => "customsCode",
                Kind::Partner2 => "partner2Code",
            };
            assert!(value[0].note.contains(named), "{case}: {}", value[0].note);
            assert!(
                p.report
                    .notes
                    .iter()
                    .any(|n| n.contains("no total") && n.contains(named)),
                "{case}: {:#?}",
                p.report.notes
            );
            // The flagged total of Germany is kept (it used to be dropped).
            assert_eq!(of(&p, "DEU", "value")[0].value, 4_000_000.0, "{case}");
        }
    }
}

#[test]
fn two_kinds_of_breakdown_without_a_total_are_summed_once_not_twice() {
    for container in CONTAINERS {
        let mut recs = usa_breakdown(Kind::Mot);
        recs.extend(usa_breakdown(Kind::Customs));
        let p = parse(container, &recs);
        assert!(p.report.is_clean(), "{container:?}");
        let value = of(&p, "USA", "value");
        assert_eq!(value.len(), 1, "{container:?}: {value:#?}");
        assert_eq!(value[0].value, 31_000_000.0, "{container:?}");
        let left_out: u64 = p.report.skipped.iter().map(|s| s.rows).sum();
        assert_eq!(left_out, 3, "{container:?}: {:#?}", p.report.skipped);
    }
}

#[test]
fn a_breakdown_without_every_quantity_gives_its_value_sum_only() {
    for container in CONTAINERS {
        let mut recs = usa_breakdown(Kind::Mot);
        recs[1].qty = None;
        let p = parse(container, &recs);
        assert!(p.report.is_clean(), "{container:?}");
        assert_eq!(
            of(&p, "USA", "value")[0].value,
            31_000_000.0,
            "{container:?}"
        );
        assert!(
            of(&p, "USA", "quantity").is_empty(),
            "{container:?}: a partial sum of quantities is not the total"
        );
    }
}

#[test]
fn the_world_total_follows_the_same_rule() {
    for container in CONTAINERS {
        let recs = vec![
            Rec::split(0, Kind::Mot, 0, Some(1_000.0), 10.0),
            Rec::total(0, 5_000.0, 70.0, true),
            Rec::split(0, Kind::Mot, 1, Some(4_000.0), 60.0),
        ];
        let p = parse(container, &recs);
        let world = of(&p, "WLD", "value");
        assert_eq!(world.len(), 1, "{container:?}");
        assert_eq!(world[0].value, 70.0, "{container:?}");
    }
}
