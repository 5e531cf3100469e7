//! `tradewatch verify FILE|-`: every checkable trade claim in an article, judged against the
//! data, with the evidence.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use tradewatch_store::StoreFacts;
use tradewatch_verify::Verdict;

use super::parse_date;
use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch verify article.txt
  tradewatch verify page.html --format json
  curl -s https://example.org/story | tradewatch verify - --published 2025-10-20

Exit codes: 0 whatever the verdicts; 2 when the input cannot be read.")]
pub(crate) struct Args {
    /// The article: a text or HTML file, or `-` for standard input.
    input: PathBuf,
    /// The publication date (resolves "last month", "earlier this month"); default: the date
    /// found in the text, else none.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// Judge against the store as it stood on this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// table or json.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn read(input: &PathBuf) -> Result<String, String> {
    let bytes = if input.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("-: {e}"))?;
        buf
    } else {
        std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (byte {})",
            input.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<ExitCode> {
    let text = match read(&args.input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("tradewatch: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let st = store.open().await?;
    let source = StoreFacts::new(&st, super::facts::timeline()?, args.as_of);
    let report = tradewatch_verify::verify(&text, args.published, &source);
    if args.format == Format::Json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = Table::new(&["claim", "asserts", "verdict", "evidence"]);
    for c in &report.claims {
        let asserts = format!(
            "{} {}{} {}→{} {} {}",
            serde_json::to_value(c.kind)?.as_str().unwrap_or_default(),
            c.claimed.value,
            c.claimed.unit,
            c.subject.reporter.as_deref().unwrap_or("?"),
            c.subject.partner.as_deref().unwrap_or("?"),
            c.subject.basket.as_deref().unwrap_or("?"),
            c.subject.period.as_deref().unwrap_or("?"),
        );
        let verdict = match c.verdict {
            Verdict::Supported => "supported",
            Verdict::Rounding => "rounding",
            Verdict::Contradicted => "CONTRADICTED",
            Verdict::Unverifiable => "unverifiable",
        };
        let sources: Vec<String> = c
            .evidence
            .iter()
            .map(|e| format!("{} {}", e.period, e.citation))
            .collect();
        t.push(vec![
            c.text.clone(),
            asserts,
            verdict.to_string(),
            format!("{}; {}", c.reason, sources.join(", ")),
        ]);
    }
    t.print(args.format)?;
    let s = &report.summary;
    eprintln!(
        "{} claims: {} supported, {} rounding, {} contradicted, {} unverifiable",
        report.claims.len(),
        s.supported,
        s.rounding,
        s.contradicted,
        s.unverifiable
    );
    Ok(ExitCode::SUCCESS)
}
