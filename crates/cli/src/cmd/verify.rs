//! `tradewatch verify FILE… | DIR`: every checkable trade claim in articles, judged against
//! the data, with the evidence. Many articles are read first, then judged together, so the
//! facts they need are fetched once each and in parallel.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use futures::StreamExt;
use tradewatch_server::{FactCache, StoreFacts};
use tradewatch_verify::{Article, Report, Verdict};

use super::parse_date;
use crate::config::StoreArgs;
use crate::output::{Table, print_json};

/// How to print the verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum VerifyFormat {
    /// A table per article.
    #[default]
    Table,
    /// One JSON document (the report; an array of reports for several articles).
    Json,
    /// One JSON object per article per line: `{"file", "published", "claims", "summary"}`.
    Jsonl,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch verify article.txt
  tradewatch verify page.html --format json
  tradewatch verify articles/ --format jsonl          # every .txt/.html/.htm/.md file in it
  curl -s https://example.org/story | tradewatch verify - --published 2025-10-20

Exit codes: 0 whatever the verdicts; 2 when an input cannot be read (the others are still
checked); 1 when the data cannot be read.")]
pub(crate) struct Args {
    /// Articles: text or HTML files, directories of them, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The publication date (resolves "last month", months without a year); default: the
    /// date found in each text, else none.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// Judge against the store as it stood on this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// table, json or jsonl.
    #[arg(long, value_enum, default_value_t)]
    format: VerifyFormat,
    /// Articles judged at once.
    #[arg(long, default_value_t = 8, value_name = "N")]
    jobs: usize,
}

fn read(input: &Path) -> Result<String, String> {
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

/// The articles the inputs name: files as given, directories walked for text and HTML.
fn articles(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut todo = vec![input.clone()];
            let mut found = Vec::new();
            while let Some(dir) = todo.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    found.push(dir);
                    continue;
                };
                for e in entries.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        todo.push(p);
                    } else if p
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| matches!(x, "txt" | "html" | "htm" | "md"))
                    {
                        found.push(p);
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    out
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<ExitCode> {
    let paths = articles(&args.inputs);
    // Read every article first; an unreadable one is reported and the rest go on.
    let mut unreadable = false;
    let mut read_ok: Vec<(String, Article)> = Vec::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    for p in &paths {
        let name = p.display().to_string();
        match read(p) {
            Ok(text) => read_ok.push((name, tradewatch_verify::read(&text, args.published))),
            Err(e) => {
                eprintln!("tradewatch: {e}");
                unreadable = true;
                failed.push((name, e));
            }
        }
    }
    if read_ok.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let st = store.open_for(crate::config::Reads::Many).await?;
    let source = StoreFacts::with_cache(
        &st,
        super::facts::timeline()?,
        args.as_of,
        std::sync::Arc::new(FactCache::new()),
    );
    // Judged together: each subject-period is asked once (the cache makes concurrent askers
    // wait for the first), several at a time.
    let reports: Vec<(usize, Result<Report, tradewatch_verify::SourceError>)> =
        futures::stream::iter(read_ok.iter().enumerate())
            .map(|(i, (_, article))| {
                let source = &source;
                async move { (i, article.judge(source).await) }
            })
            .buffer_unordered(args.jobs.max(1))
            .collect()
            .await;
    let mut reports: Vec<(usize, Report)> = reports
        .into_iter()
        .map(|(i, r)| r.map(|r| (i, r)))
        .collect::<Result<_, _>>()?;
    reports.sort_by_key(|(i, _)| *i);
    let single = paths.len() == 1;
    match args.format {
        VerifyFormat::Json if single => print_json(&reports[0].1)?,
        VerifyFormat::Json => {
            let all: Vec<serde_json::Value> = reports
                .iter()
                .map(|(i, r)| with_file(&read_ok[*i].0, r))
                .chain(
                    failed
                        .iter()
                        .map(|(f, e)| serde_json::json!({"file": f, "error": e})),
                )
                .collect();
            print_json(&all)?;
        }
        VerifyFormat::Jsonl => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for (i, r) in &reports {
                writeln!(out, "{}", with_file(&read_ok[*i].0, r))?;
            }
            for (f, e) in &failed {
                writeln!(out, "{}", serde_json::json!({"file": f, "error": e}))?;
            }
        }
        VerifyFormat::Table => {
            for (i, r) in &reports {
                if !single {
                    println!("== {}", read_ok[*i].0);
                }
                print_table(r)?;
            }
        }
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// A report with the file it is about, for batch output.
fn with_file(file: &str, r: &Report) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("file".to_string(), serde_json::Value::from(file));
    }
    v
}

fn print_table(report: &Report) -> Result<()> {
    let mut t = Table::new(&["claim", "asserts", "verdict", "evidence"]);
    for c in &report.claims {
        let claimed = serde_json::to_value(&c.claimed)?;
        let asserts = format!(
            "{} {}{} {}→{} {} {}",
            serde_json::to_value(c.kind)?.as_str().unwrap_or_default(),
            claimed["value"],
            claimed["unit"].as_str().unwrap_or_default(),
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
    t.print(crate::output::Format::Table)?;
    let s = &report.summary;
    eprintln!(
        "{} claims: {} supported, {} rounding, {} contradicted, {} unverifiable",
        report.claims.len(),
        s.supported,
        s.rounding,
        s.contradicted,
        s.unverifiable
    );
    Ok(())
}
