//! Prints the claims the reader finds in an article, with the rule that read each and the
//! subject it resolved, without judging them (no store needed):
//!
//!     cargo run -p tradewatch-verify --example claims -- ARTICLE [PUBLISHED]
//!
//! `TOKENS=1` prints the input's tokens first; `DOC=1` the text the reader reads (the
//! visible text of HTML, subtitles without their timecodes, lines unwrapped); `SKIPPED=1` the
//! paragraphs it takes for boilerplate.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: claims ARTICLE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let published = args.next().and_then(|d| d.parse().ok());
    if std::env::var_os("TOKENS").is_some() {
        for t in tradewatch_verify::token::tokenize(&text) {
            println!("{:?} {:?}", &text[t.start..t.end], t.tok);
        }
    }
    let article = tradewatch_verify::read(&text, published);
    if std::env::var_os("DOC").is_some() {
        println!("{}", article.doc.text);
    }
    // `SKIPPED=1`: the paragraphs the reader takes for boilerplate, one per line.
    if std::env::var_os("SKIPPED").is_some() {
        for p in article.doc.paragraphs.iter().filter(|p| p.boilerplate) {
            println!("SKIPPED {:?}", &article.doc.text[p.start..p.end]);
        }
    }
    for c in &article.claims {
        let s = &c.subject;
        println!(
            "{:<13} {:<18} {:?} | {} {} {} {} {} | {}",
            c.kind.as_str(),
            c.rule,
            &article.doc.text[c.start..c.end],
            s.reporter.as_deref().unwrap_or("?"),
            s.partner.as_ref().map_or("?", |p| p.code()),
            s.flow.map_or("?", |f| f.as_str()),
            s.basket.as_deref().unwrap_or("?"),
            s.period.map_or("?".to_string(), |p| p.to_string()),
            serde_json::to_string(&c.claimed).unwrap_or_default(),
        );
        // The other readings the judge may try.
        if c.alt_partner.is_some()
            || !c.alt_periods.is_empty()
            || c.alt_basket.is_some()
            || !c.alt_kinds.is_empty()
        {
            println!(
                "              or: partner {:?}, periods {:?}, basket {:?}, kinds {:?}",
                c.alt_partner.as_ref().map(|p| p.code()),
                c.alt_periods
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>(),
                c.alt_basket,
                c.alt_kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>()
            );
        }
    }
}
