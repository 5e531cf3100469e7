//! `tradewatch-gen`: writes a UN Comtrade bulk file (34 tab-separated columns) of N rows with
//! a realistic shape — about 200 reporters, 240 partners (and World), 5,000 HS6 codes,
//! monthly periods, skewed values, some aggregate rows and missing quantities — for
//! benchmarks and scale tests. Keys are unique; the same seed gives the same file.
//!
//! With `--dense` the rows come series by series instead: every month of one reporter ×
//! partner × flow × code in order (about 1% of months missing), values a random walk, so each
//! series is long enough for changes, streaks and records (`bench/facts.sh`).
//!
//! ```text
//! tradewatch-gen --rows 10000000 --out comtrade-bulk.tsv [--gzip] [--seed 7] [--dense]
//! ```

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use tradewatch_model::Countries;

const HEADER: &str = "datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode\tpartner2Code\tclassificationSearchCode\tclassificationCode\tisOriginalClassification\tcmdCode\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\tisQtyEstimated\taltQtyUnitCode\taltQty\tisAltQtyEstimated\tnetWgt\tisNetWgtEstimated\tgrossWgt\tisGrossWgtEstimated\tcifvalue\tfobvalue\tprimaryValue\tlegacyEstimationFlag\tisReported\tisAggregate";

const CODES: u64 = 5_000;
const MONTHS: u64 = 132; // 2015-01 .. 2025-12
const FLOWS: u64 = 2;

struct Args {
    rows: u64,
    out: String,
    gzip: bool,
    seed: u64,
    dense: bool,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        rows: 1_000_000,
        out: String::new(),
        gzip: false,
        seed: 7,
        dense: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--rows" => {
                a.rows = it
                    .next()
                    .and_then(|v| v.replace('_', "").parse().ok())
                    .ok_or("--rows N")?
            }
            "--out" => a.out = it.next().ok_or("--out FILE")?,
            "--seed" => a.seed = it.next().and_then(|v| v.parse().ok()).ok_or("--seed N")?,
            "--gzip" => a.gzip = true,
            "--dense" => a.dense = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    if a.out.is_empty() {
        return Err("--out FILE is required".to_string());
    }
    Ok(a)
}

/// xorshift64*: fast, reproducible, good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() -> ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "{e}\nusage: tradewatch-gen --rows N --out FILE [--gzip] [--seed N] [--dense]"
            );
            return ExitCode::from(2);
        }
    };
    match run(&a) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(a: &Args) -> std::io::Result<()> {
    let countries: Vec<u32> = Countries::builtin()
        .all()
        .iter()
        .filter(|c| !c.is_aggregate())
        .filter_map(|c| c.m49)
        .collect();
    let reporters: Vec<u32> = countries.iter().copied().take(200).collect();
    let mut partners: Vec<u32> = countries.iter().copied().take(240).collect();
    partners.push(0); // World
    // 5,000 six-digit codes spread over the chapters.
    let codes: Vec<String> = (0..CODES)
        .map(|i| format!("{:02}{:02}{:02}", 1 + i % 97, (i / 97) % 100, (i * 7) % 100))
        .collect();
    let space = CODES * reporters.len() as u64 * partners.len() as u64 * MONTHS * FLOWS;
    if a.rows > space {
        return Err(std::io::Error::other(format!(
            "at most {space} unique rows"
        )));
    }
    let file = std::fs::File::create(&a.out)?;
    let mut out: Box<dyn Write> = if a.gzip {
        Box::new(BufWriter::with_capacity(
            1 << 20,
            flate2::write::GzEncoder::new(file, flate2::Compression::fast()),
        ))
    } else {
        Box::new(BufWriter::with_capacity(1 << 20, file))
    };
    writeln!(out, "{HEADER}")?;
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    // A multiplicative permutation of the key space: every row a distinct key.
    const STEP: u128 = 1_000_000_007;
    // Dense mode: series `i / MONTHS` (spread over the key space), month `i % MONTHS`.
    let series_space = space / MONTHS;
    let mut walk = 0.0f64;
    let mut i = 0u64;
    let mut written = 0u64;
    while written < a.rows {
        let mut k = if a.dense {
            let series = ((i / MONTHS) as u128 * STEP % series_space as u128) as u64;
            let month = i % MONTHS;
            // Rebuild the key with the month in its place (see the decoding below).
            let code = series % CODES;
            let rest = series / CODES;
            let rp = rest % (reporters.len() as u64 * partners.len() as u64);
            let flow = rest / (reporters.len() as u64 * partners.len() as u64);
            code + CODES
                * (rp + reporters.len() as u64 * partners.len() as u64 * (month + MONTHS * flow))
        } else {
            ((i as u128 * STEP) % space as u128) as u64
        };
        i += 1;
        if a.dense {
            if (i - 1).is_multiple_of(MONTHS) {
                walk = 4.0 + 4.0 * rng.unit();
            }
            walk += (rng.unit() - 0.5) * 0.3;
            // About one month in a hundred is missing.
            if rng.unit() < 0.01 {
                continue;
            }
        }
        written += 1;
        let code = &codes[(k % CODES) as usize];
        k /= CODES;
        let reporter = reporters[(k % reporters.len() as u64) as usize];
        k /= reporters.len() as u64;
        let partner = partners[(k % partners.len() as u64) as usize];
        k /= partners.len() as u64;
        let month = k % MONTHS;
        k /= MONTHS;
        let flow = if k.is_multiple_of(FLOWS) { "X" } else { "M" };
        let (year, m) = (2015 + month / 12, 1 + month % 12);
        // Skewed sizes: most flows small, a few very large (dense: a random walk in log10).
        let u = rng.unit();
        let value = if a.dense {
            10f64.powf(walk.clamp(1.0, 11.0)).round()
        } else {
            (10f64.powf(2.0 + 7.0 * u * u * u)).round()
        };
        let kg = (value / (2.0 + 40.0 * rng.unit())).round();
        let missing_qty = rng.unit() < 0.05;
        let aggregate = rng.unit() < 0.01 && partner != 0;
        let (qty, net) = if missing_qty {
            (String::new(), String::new())
        } else {
            (format!("{kg:.1}"), format!("{kg:.1}"))
        };
        writeln!(
            out,
            "{year}{m:02}{reporter}\tC\tM\t{year}{m:02}01\t{year}\t{m}\t{year}{m:02}\t{reporter}\t{flow}\t{partner}\t0\tH6\tH6\t1\t{code}\tC00\t0\t0\t8\t{qty}\t0\t-1\t\t0\t{net}\t0\t\t0\t\t{value:.1}\t{value:.1}\t0\t1\t{}",
            u8::from(aggregate)
        )?;
    }
    out.flush()?;
    Ok(())
}
