//! The reader never panics, whatever the text: arbitrary UTF-8, the characters that change
//! length when case-folded (İ, ß, ﬁ), combining marks, right-to-left text, emoji, NBSP, CRLF,
//! HTML fragments, a 1 MB line and 10,000 numbers. Every claim it returns points at a
//! char boundary of the text it read.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

/// Reads `text` as plain text and as HTML, and checks the spans of what comes back.
fn read_all(text: &str) {
    for published in [None, chrono::NaiveDate::from_ymd_opt(2025, 10, 20)] {
        let article = tradewatch_verify::read(text, published);
        for c in &article.claims {
            assert!(c.start <= c.end && c.end <= article.doc.text.len());
            assert!(article.doc.text.is_char_boundary(c.start));
            assert!(article.doc.text.is_char_boundary(c.end));
        }
        let _ = tradewatch_verify::published_in(text);
    }
}

/// Pieces the reader reacts to, so that random text reaches its rules and not only the
/// tokenizer's fallback.
const PIECES: &[&str] = &[
    "China's ",
    "exports ",
    "imports ",
    "of rare-earth magnets ",
    "antimony ",
    "gallium ",
    "to the US ",
    "Côte d’Ivoire ",
    "İstanbul ",
    "Straße ",
    "ﬁnal ",
    "e\u{301}\u{301}\u{301} ",
    "مصر ",
    "\u{202e}rtl\u{202c} ",
    "🇺🇸 ",
    "👩‍👩‍👧 ",
    "\u{a0}",
    "\r\n",
    "\n\n",
    "fell ",
    "rose ",
    "28.7% ",
    "−11% m/m ",
    "+12% y/y ",
    "420.5 tonnes ",
    "5,774 t ",
    "1,2,3,4 ",
    "1e400 ",
    "9223372036854775808 ",
    "US$301.8 million ",
    "three thousand ",
    "twenty-three and a half thousand tonnes ",
    "in September ",
    "in December 2023 ",
    "Jan–Nov ",
    "1Q26 ",
    "Oct-25 ",
    "22 September 2025 ",
    "the highest since ",
    "for the first time in three months ",
    "the second-highest month on record ",
    "a third straight month ",
    "share of ",
    "the largest buyer ",
    "Total: ",
    "US: ",
    "• ",
    "| ",
    "<p>",
    "</p>",
    "<table><tr><td>",
    "</td><td>",
    "<script>",
    "<!-- ",
    "&nbsp;",
    "&#x1F600;",
    "( ",
    ") ",
    "; ",
    ", ",
    ". ",
    ": ",
    "— ",
    "% ",
    "$",
    "'",
    "\"",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[0-9.,%$−+-]{1,12}",
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_utf8(s in any::<String>()) {
        read_all(&s);
    }

    #[test]
    fn pieces_of_articles(s in pieces()) {
        read_all(&s);
        read_all(&format!("<html><body><article>{s}</article></body></html>"));
    }
}

#[test]
fn a_one_megabyte_line() {
    let mut s = String::with_capacity(1 << 20);
    let unit = "China's exports of rare-earth magnets to the US fell 28.7% to 420.5 tonnes, ";
    while s.len() < (1 << 20) {
        s.push_str(unit);
    }
    read_all(&s);
    // And one megabyte with no space, no punctuation a sentence could end at.
    read_all(&"9".repeat(1 << 20));
    read_all(&"ß".repeat(1 << 19));
}

#[test]
fn ten_thousand_numbers() {
    let s: String = (0..10_000)
        .map(|i| format!("{}.{} t, {}% ", i * 37, i % 10, i % 100))
        .collect();
    let article = tradewatch_verify::read(
        &format!("China's magnet exports: {s}"),
        chrono::NaiveDate::from_ymd_opt(2025, 10, 20),
    );
    // The figures are read, not dropped on the floor.
    assert!(!article.claims.is_empty());
}

#[test]
fn deep_html() {
    let s = format!(
        "{}China's magnet exports fell 28.7% to 420.5 tonnes in September.{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let article = tradewatch_verify::read(&s, chrono::NaiveDate::from_ymd_opt(2025, 10, 20));
    assert!(
        article
            .claims
            .iter()
            .any(|c| article.doc.text[c.start..c.end].contains("28.7%"))
    );
}
