//! Every reader on bytes it was never meant to see: arbitrary bytes, and its own fixtures with
//! bytes flipped, cut or spliced. Each gives observations or an error — never a panic — and
//! an error always names the file. Bounded (a few hundred cases a reader) so that it runs
//! with every `cargo test`; `scripts/fuzz` runs the same readers for as long as one likes.

use proptest::prelude::*;
use tradewatch_model::{Flow, Period};
use tradewatch_sources::{Format, Mapping, Options, parse};

/// A reader's fixtures, by format.
fn seeds(format: Format) -> Vec<Vec<u8>> {
    let names: &[&str] = match format {
        Format::TradewatchCsv => &[],
        Format::ComtradeJson => &[
            "comtrade/final-monthly.json",
            "comtrade/tariffline.json",
            "comtrade/aggregate-totals.json",
        ],
        Format::ComtradeBulk => &["comtrade/bulk-final.txt.gz"],
        Format::CensusJson => &["census/imports-hs10.json", "census/exports-hs6.json"],
        Format::GaccCsv => &[
            "gacc/monthly-usd.gbk.csv",
            "gacc/cny-13col.gbk.csv",
            "gacc/monthly-usd.utf8bom.csv",
        ],
        Format::ComextBulk => &["comext/bulk-v1.dat", "comext/bulk-v2.csv"],
        Format::ComextSdmx => &["comext/sdmx.csv"],
        Format::MappedCsv => &["mapped/customs-extract.csv"],
    };
    let mut out: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(crate::data(n)).unwrap())
        .collect();
    if format == Format::TradewatchCsv {
        out.push(tradewatch_sources::bundled::OBSERVATIONS.to_vec());
    }
    if format == Format::ComtradeBulk {
        // The decompressed text too, so that mutations reach the rows and not only the gzip.
        let gz = out[0].clone();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut text).unwrap();
        out.push(text);
    }
    out
}

fn options(format: Format) -> Options {
    let mapping = (format == Format::MappedCsv).then(|| {
        let path = crate::data("mapped/customs-extract.toml");
        Mapping::from_toml(
            "customs-extract.toml",
            &std::fs::read_to_string(path).unwrap(),
        )
        .unwrap()
    });
    Options {
        format: Some(format),
        flow: (format == Format::GaccCsv).then_some(Flow::Export),
        period: (format == Format::GaccCsv)
            .then(|| "2025-09".parse::<Period>().ok())
            .flatten(),
        mapping,
        ..Options::default()
    }
}

/// A fixture changed in one of the ways files get damaged.
#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, byte: u8 },
    Cut { at: usize },
    Splice { at: usize, bytes: Vec<u8> },
    Drop { at: usize, len: usize },
}

fn damage() -> impl Strategy<Value = Vec<Damage>> {
    let one = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Damage::Flip { at, byte }),
        any::<usize>().prop_map(|at| Damage::Cut { at }),
        (
            any::<usize>(),
            prop_oneof![
                prop::collection::vec(any::<u8>(), 1..16),
                prop::sample::select(vec![
                    b",".to_vec(),
                    b"\t".to_vec(),
                    b"\"".to_vec(),
                    b"\n".to_vec(),
                    b"\r\n".to_vec(),
                    b"\xEF\xBB\xBF".to_vec(),
                    b"\0".to_vec(),
                    b"NaN".to_vec(),
                    b"1e400".to_vec(),
                    b"-0".to_vec(),
                    b"9223372036854775808".to_vec(),
                    b"{".to_vec(),
                    b"]".to_vec(),
                    b"=SUM(1)".to_vec(),
                    "德国".as_bytes().to_vec(),
                    b"\xB5\xC2".to_vec(),
                ]),
            ]
        )
            .prop_map(|(at, bytes)| Damage::Splice { at, bytes }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Damage::Drop { at, len }),
    ];
    prop::collection::vec(one, 1..4)
}

fn apply(mut bytes: Vec<u8>, damage: &[Damage]) -> Vec<u8> {
    for d in damage {
        let n = bytes.len().max(1);
        match d {
            Damage::Flip { at, byte } => {
                if !bytes.is_empty() {
                    bytes[at % n] = *byte;
                }
            }
            Damage::Cut { at } => bytes.truncate(at % n),
            Damage::Splice { at, bytes: b } => {
                let at = (at % n).min(bytes.len());
                bytes.splice(at..at, b.iter().copied());
            }
            Damage::Drop { at, len } => {
                let at = (at % n).min(bytes.len());
                let end = (at + len).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

/// Reads the bytes; an error must name the file.
fn read(format: Format, bytes: &[u8]) {
    if let Err(e) = parse("damaged.input", bytes, &options(format)) {
        assert!(e.to_string().contains("damaged.input"), "{e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(format in prop::sample::select(Format::ALL.to_vec()),
                       bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read(format, &bytes);
    }

    #[test]
    fn damaged_fixtures(format in prop::sample::select(Format::ALL.to_vec()),
                        pick in any::<usize>(),
                        damage in damage()) {
        let seeds = seeds(format);
        let seed = seeds[pick % seeds.len()].clone();
        read(format, &apply(seed, &damage));
    }
}
