//! The China customs CSV reader on arbitrary bytes (GBK or UTF-8), with and without the
//! flow and period the 13-column layout needs from the command line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradewatch_model::{Flow, Period};
use tradewatch_sources::{Format, Options, parse};

fuzz_target!(|data: &[u8]| {
    let bare = Options {
        format: Some(Format::GaccCsv),
        ..Options::default()
    };
    let _ = parse("fuzz.csv", data, &bare);
    let given = Options {
        format: Some(Format::GaccCsv),
        flow: Some(Flow::Export),
        period: "2025-09".parse::<Period>().ok(),
        cumulative: data.first().is_some_and(|b| b & 1 == 1),
        ..Options::default()
    };
    let _ = parse("fuzz.csv", data, &given);
});
