//! The claim reader on arbitrary text, as plain text and as HTML: never a panic, and every
//! claim's span lies on char boundaries of the text it read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let article = tradewatch_verify::read(&text, chrono::NaiveDate::from_ymd_opt(2025, 10, 20));
    for c in &article.claims {
        assert!(c.start <= c.end && c.end <= article.doc.text.len());
        assert!(article.doc.text.is_char_boundary(c.start));
        assert!(article.doc.text.is_char_boundary(c.end));
    }
});
