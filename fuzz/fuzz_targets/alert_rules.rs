//! An alert rule file on arbitrary text: every table, condition, channel and calendar parsed
//! and validated, errors located by line and field.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match tradewatch_alerts::rules::parse("fuzz.toml", text) {
            Ok(set) => {
                for r in &set.rules {
                    // What `alerts rules` prints must re-parse to the same condition.
                    let again = tradewatch_alerts::rules::parse_condition(&r.condition.to_string());
                    assert_eq!(again.as_ref(), Ok(&r.condition));
                }
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});
