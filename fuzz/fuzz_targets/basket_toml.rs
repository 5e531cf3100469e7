//! A basket definition file (built-in or a user's) on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tradewatch_model::Basket::from_toml("fuzz.toml", text);
    }
});
