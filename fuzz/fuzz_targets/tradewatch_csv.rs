//! The TradewatchCsv reader on arbitrary bytes: it returns observations or an error, never panics,
//! and reads every record (not just the header).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradewatch_sources::{Format, Options, parse};

fuzz_target!(|data: &[u8]| {
    let options = Options {
        format: Some(Format::TradewatchCsv),
        ..Options::default()
    };
    let _ = parse("fuzz.input", data, &options);
});
