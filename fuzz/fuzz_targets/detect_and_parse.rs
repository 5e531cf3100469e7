//! Format detection then the detected reader, as `tradewatch ingest FILE` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradewatch_sources::{Options, detect, parse};

fuzz_target!(|data: &[u8]| {
    let _ = detect("fuzz.input", data);
    let _ = parse("fuzz.input", data, &Options::default());
});
