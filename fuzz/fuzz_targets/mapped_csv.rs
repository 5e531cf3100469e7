//! A mapped CSV with its TOML mapping: the input is the mapping, a line `---`, then the CSV.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradewatch_sources::{Format, Mapping, Options, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (mapping, csv) = text.split_once("\n---\n").unwrap_or((text, ""));
    let Ok(mapping) = Mapping::from_toml("fuzz.toml", mapping) else {
        return;
    };
    let options = Options {
        format: Some(Format::MappedCsv),
        mapping: Some(mapping),
        ..Options::default()
    };
    let _ = parse("fuzz.csv", csv.as_bytes(), &options);
});
