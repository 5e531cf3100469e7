//! `tradewatch export`: observations, the current view, a series, a subject's facts, the
//! releases or any SQL result, to CSV, JSON Lines, Parquet or XLSX, with the provenance of
//! every row (source, release, citation, line) and, in XLSX, a sheet of the releases.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use arrow::array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
};
use arrow::datatypes::{DataType, Field, Schema};
use chrono::NaiveDate;
use tradewatch_analysis::{Fact, Subject};
use tradewatch_model::{Baskets, Flow, Measure, Period};
use tradewatch_store::{FactsQuery, Release, SeriesQuery, Store};

use super::{
    parse_basket, parse_code, parse_country, parse_date, parse_flow, parse_measure, parse_period,
    subject_key,
};
use crate::config::StoreArgs;
use crate::export::{Export, ExportFormat, write};

#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("what").required(true).args(["observations", "current", "series", "facts", "releases", "sql"])),
    after_help = "Examples:
  tradewatch export --series --reporter CHN --partner USA --basket rare-earth-magnets --out us.xlsx
  tradewatch export --current --basket gallium --from 2024-01 --out gallium.csv
  tradewatch export --observations --out all.parquet
  tradewatch export --facts --partner USA --basket rare-earth-magnets --period 2025-09 --out facts.jsonl
  tradewatch export --sql \"SELECT period, value FROM current WHERE partner = 'USA'\" --format csv --out -

The format comes from --out's extension (.csv, .jsonl, .parquet, .xlsx) unless --format names
it. In CSV, a text cell that starts with = + - @ gets a leading ' so that a spreadsheet shows it
and does not run it; XLSX writes every text cell as a string, never a formula."
)]
pub(crate) struct Args {
    /// Every row of every release (filtered by the options below).
    #[arg(long)]
    observations: bool,
    /// The current view: one row per key, the best of its releases.
    #[arg(long)]
    current: bool,
    /// A series: each month's level (tonnes or US dollars), its m/m and y/y, and its source
    /// (needs --basket or --code).
    #[arg(long)]
    series: bool,
    /// Every fact of a subject for --period, each with its sources.
    #[arg(long)]
    facts: bool,
    /// The releases (vintages) in the store.
    #[arg(long)]
    releases: bool,
    /// The result of a query over `observations`, `releases` and `current`.
    #[arg(long, value_name = "QUERY")]
    sql: Option<String>,

    /// Reporting country (ISO3). Default for --series and --facts: CHN.
    #[arg(long, value_parser = parse_country)]
    reporter: Option<String>,
    /// Partner (ISO3, WLD for the world). Default for --series and --facts: WLD; with --facts,
    /// '*' for every partner.
    #[arg(long, value_parser = parse_partner)]
    partner: Option<String>,
    /// Trade flow (default for --series and --facts: export).
    #[arg(long, value_parser = parse_flow)]
    flow: Option<Flow>,
    /// quantity or value (default for --series and --facts: quantity).
    #[arg(long, value_parser = parse_measure)]
    measure: Option<Measure>,
    /// Basket id (see `tradewatch baskets`).
    #[arg(long, value_parser = parse_basket, conflicts_with = "codes")]
    basket: Option<String>,
    /// A commodity code instead of a basket (repeatable; `8505*` for every code under 8505).
    #[arg(long = "code", value_name = "CODE", value_parser = parse_code)]
    codes: Vec<String>,
    /// First period.
    #[arg(long, value_parser = parse_period)]
    from: Option<Period>,
    /// Last period.
    #[arg(long, value_parser = parse_period)]
    to: Option<Period>,
    /// The period of --facts (`2025-09`, or `2025-01..09`).
    #[arg(long, value_parser = parse_period)]
    period: Option<Period>,
    /// The store as it stood on this date (releases published by then).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,

    /// csv, jsonl, parquet or xlsx (default: from --out's extension).
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
    /// The file to write; `-` for standard output (csv and jsonl).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn parse_partner(s: &str) -> Result<String, String> {
    if s == "*" {
        Ok(s.to_string())
    } else {
        parse_country(s)
    }
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let format = match args.format.or_else(|| ExportFormat::from_path(&args.out)) {
        Some(f) => f,
        None => bail!(
            "--out {}: say --format csv, jsonl, parquet or xlsx (or end the file name with one)",
            args.out.display()
        ),
    };
    let st = store.open_for(crate::config::Reads::Many).await?;
    let mut about = vec![
        (
            "exported by".to_string(),
            format!("tradewatch {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            "command".to_string(),
            std::env::args().collect::<Vec<_>>().join(" "),
        ),
        ("exported at".to_string(), chrono::Utc::now().to_rfc3339()),
        (
            "data directory".to_string(),
            store.dir()?.display().to_string(),
        ),
    ];
    if let Some(d) = args.as_of {
        about.push(("as of".to_string(), d.to_string()));
    }
    let (name, batches) = if args.series {
        ("series".to_string(), series(&st, &args, &mut about).await?)
    } else if args.facts {
        ("facts".to_string(), facts(&st, &args, &mut about).await?)
    } else if args.releases {
        (
            "releases".to_string(),
            st.sql_as_of("SELECT * FROM releases ORDER BY seq", args.as_of)
                .await?,
        )
    } else if let Some(q) = &args.sql {
        about.push(("query".to_string(), q.clone()));
        ("query".to_string(), st.sql_as_of(q, args.as_of).await?)
    } else {
        let table = if args.current {
            "current"
        } else {
            "observations"
        };
        let q = rows_sql(table, &args)?;
        about.push(("query".to_string(), q.clone()));
        (table.to_string(), st.sql_as_of(&q, args.as_of).await?)
    };
    let schema = match batches.first() {
        Some(b) => b.schema(),
        None => Arc::new(Schema::empty()),
    };
    let releases = releases_of(&st, &batches).await?;
    let export = Export {
        name,
        schema,
        batches,
        releases,
        about,
    };
    write(&export, format, &args.out)?;
    if args.out != std::path::Path::new("-") {
        eprintln!(
            "{}: {} rows, {} release(s) cited",
            args.out.display(),
            export.rows(),
            export.releases.len()
        );
    }
    Ok(())
}

/// `SELECT * FROM observations|current` with the options as conditions.
fn rows_sql(table: &str, args: &Args) -> Result<String> {
    let q = tradewatch_store::views::quote;
    let mut conds = Vec::new();
    if let Some(r) = &args.reporter {
        conds.push(format!("o.reporter = {}", q(r)));
    }
    if let Some(p) = args.partner.as_deref().filter(|p| *p != "*") {
        conds.push(format!("o.partner = {}", q(p)));
    }
    if let Some(f) = args.flow {
        conds.push(format!("o.flow = {}", q(f.as_str())));
    }
    if let Some(m) = args.measure {
        conds.push(format!("o.measure = {}", q(m.as_str())));
    }
    if let Some(key) = subject_key(args.basket.as_deref(), &args.codes) {
        let basket = Baskets::current()
            .lookup(&key)
            .map_err(anyhow::Error::msg)?;
        conds.push(format!(
            "({})",
            tradewatch_store::series::basket_filter(&basket)
        ));
    }
    if let Some(from) = args.from {
        conds.push(format!("o.period_start >= {}", from.first().index()));
    }
    if let Some(to) = args.to {
        conds.push(format!("o.period_start <= {}", to.last().index()));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    let order = "o.reporter, o.partner, o.flow, o.classification, o.code, o.measure, o.period_start, o.period_months, o.release, o.line";
    Ok(format!(
        "SELECT o.* FROM {table} o{filter} ORDER BY {order}"
    ))
}

fn subject_of(args: &Args, what: &str) -> Result<Subject> {
    let Some(basket) = subject_key(args.basket.as_deref(), &args.codes) else {
        bail!("--{what} needs --basket or --code");
    };
    Ok(Subject {
        reporter: args.reporter.clone().unwrap_or_else(|| "CHN".to_string()),
        partner: args.partner.clone().unwrap_or_else(|| "WLD".to_string()),
        flow: args.flow.unwrap_or(Flow::Export),
        basket,
        measure: args.measure.unwrap_or(Measure::Quantity),
    })
}

fn subject_about(s: &Subject, about: &mut Vec<(String, String)>) {
    about.push((
        "subject".to_string(),
        format!(
            "{} → {} {} {} {}",
            s.reporter, s.partner, s.flow, s.basket, s.measure
        ),
    ));
}

fn text(values: Vec<String>) -> ArrayRef {
    Arc::new(StringArray::from(values))
}

fn opt_text(values: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(values))
}

fn dates(values: Vec<Option<NaiveDate>>) -> ArrayRef {
    Arc::new(Date32Array::from(
        values
            .into_iter()
            .map(|d| d.map(arrow::datatypes::Date32Type::from_naive_date))
            .collect::<Vec<_>>(),
    ))
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, a)| a).collect(),
    )?)
}

/// One row per period: the level as shown (tonnes, US dollars), m/m and y/y, and the row it
/// comes from; months first, then spans (year to date, quarters, years).
async fn series(
    st: &Store,
    args: &Args,
    about: &mut Vec<(String, String)>,
) -> Result<Vec<RecordBatch>> {
    let subject = subject_of(args, "series")?;
    subject_about(&subject, about);
    let first = args.from.map(|f| f.first());
    let q = SeriesQuery {
        // A year before --from too, so that its first months have their m/m and y/y.
        from: first.map(|f| Period::Month(f.plus(-12))),
        to: args.to,
        as_of: args.as_of,
        ..SeriesQuery::new(subject.clone())
    };
    let series = st.series(&q).await?;
    let (months, spans) = tradewatch_server::series_points(&series, first);
    let others: std::collections::HashMap<String, String> = series
        .levels
        .iter()
        .map(|(period, level)| {
            let listed: Vec<String> = level
                .alternatives
                .iter()
                .map(|a| format!("{} {} ({} {})", a.value, a.unit, a.source, a.release))
                .collect();
            (period.to_string(), listed.join("; "))
        })
        .collect();
    let alternatives: Vec<String> = months
        .iter()
        .chain(&spans)
        .map(|p| others.get(&p.period).cloned().unwrap_or_default())
        .collect();
    let all: Vec<&tradewatch_server::PointOut> = months.iter().chain(&spans).collect();
    let labels = match Baskets::current().lookup(&subject.basket) {
        Ok(b) => st.labels(&b, &subject.reporter).await?,
        Err(_) => Default::default(),
    };
    if !labels.is_empty() {
        about.push((
            "labels".to_string(),
            labels
                .iter()
                .map(|(c, l)| format!("{c} {l}"))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    let n = all.len();
    let rep = |v: &str| text(vec![v.to_string(); n]);
    Ok(vec![batch(vec![
        (
            "period",
            text(all.iter().map(|p| p.period.clone()).collect()),
        ),
        (
            "value",
            Arc::new(Float64Array::from(
                all.iter().map(|p| p.value).collect::<Vec<_>>(),
            )),
        ),
        ("unit", text(all.iter().map(|p| p.unit.clone()).collect())),
        (
            "display",
            text(all.iter().map(|p| p.display.clone()).collect()),
        ),
        (
            "change_mom_pct",
            Arc::new(Float64Array::from(
                all.iter().map(|p| p.mom).collect::<Vec<_>>(),
            )),
        ),
        (
            "change_yoy_pct",
            Arc::new(Float64Array::from(
                all.iter().map(|p| p.yoy).collect::<Vec<_>>(),
            )),
        ),
        ("reporter", rep(&subject.reporter)),
        ("partner", rep(&subject.partner)),
        ("flow", rep(subject.flow.as_str())),
        ("subject", rep(&subject.basket)),
        ("measure", rep(subject.measure.as_str())),
        (
            "source",
            text(all.iter().map(|p| p.source.clone()).collect()),
        ),
        (
            "release",
            text(all.iter().map(|p| p.release.clone()).collect()),
        ),
        (
            "published",
            dates(all.iter().map(|p| p.published).collect()),
        ),
        (
            "citation",
            text(all.iter().map(|p| p.citation.clone()).collect()),
        ),
        (
            "line",
            Arc::new(Int64Array::from(
                all.iter()
                    .map(|p| p.line.map(|l| l as i64))
                    .collect::<Vec<_>>(),
            )),
        ),
        ("alternatives", text(alternatives)),
    ])?])
}

/// One row per fact, with the first row it rests on and every source named.
async fn facts(
    st: &Store,
    args: &Args,
    about: &mut Vec<(String, String)>,
) -> Result<Vec<RecordBatch>> {
    let subject = subject_of(args, "facts")?;
    let Some(period) = args.period else {
        bail!("--facts needs --period");
    };
    subject_about(&subject, about);
    about.push(("period".to_string(), period.to_string()));
    let mut q = FactsQuery::new(subject, period, super::facts::timeline()?);
    q.as_of = args.as_of;
    let facts: Vec<Fact> = st.facts(&q).await?;
    let kind = |f: &Fact| f.kind.as_str().to_string();
    // The row each fact rests on first, taken once per fact.
    let firsts: Vec<Option<&tradewatch_model::Provenance>> =
        facts.iter().map(|f| f.provenance.first()).collect();
    Ok(vec![batch(vec![
        ("kind", text(facts.iter().map(kind).collect())),
        (
            "period",
            text(facts.iter().map(|f| f.period.to_string()).collect()),
        ),
        (
            "reporter",
            text(facts.iter().map(|f| f.subject.reporter.clone()).collect()),
        ),
        (
            "partner",
            text(facts.iter().map(|f| f.subject.partner.clone()).collect()),
        ),
        (
            "flow",
            text(
                facts
                    .iter()
                    .map(|f| f.subject.flow.as_str().to_string())
                    .collect(),
            ),
        ),
        (
            "subject",
            text(facts.iter().map(|f| f.subject.basket.clone()).collect()),
        ),
        (
            "measure",
            text(
                facts
                    .iter()
                    .map(|f| f.subject.measure.as_str().to_string())
                    .collect(),
            ),
        ),
        (
            "value",
            Arc::new(Float64Array::from(
                facts.iter().map(|f| f.value).collect::<Vec<_>>(),
            )),
        ),
        ("unit", text(facts.iter().map(|f| f.unit.clone()).collect())),
        (
            "display",
            text(facts.iter().map(|f| f.display.clone()).collect()),
        ),
        (
            "computed",
            Arc::new(BooleanArray::from(
                facts
                    .iter()
                    .map(|f| Some(f.basis == tradewatch_analysis::facts::Basis::Computed))
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "method",
            text(facts.iter().map(|f| f.method.clone()).collect()),
        ),
        (
            "base_period",
            opt_text(
                facts
                    .iter()
                    .map(|f| f.base.as_ref().map(|b| b.period.to_string()))
                    .collect(),
            ),
        ),
        (
            "base_value",
            Arc::new(Float64Array::from(
                facts
                    .iter()
                    .map(|f| f.base.as_ref().and_then(|b| b.value))
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "source",
            text(
                firsts
                    .iter()
                    .map(|p| p.map_or(String::new(), |p| p.source.to_string()))
                    .collect(),
            ),
        ),
        (
            "release",
            text(
                firsts
                    .iter()
                    .map(|p| p.map_or(String::new(), |p| p.release.clone()))
                    .collect(),
            ),
        ),
        (
            "published",
            dates(firsts.iter().map(|p| p.and_then(|p| p.published)).collect()),
        ),
        (
            "citation",
            text(
                firsts
                    .iter()
                    .map(|p| p.map_or(String::new(), |p| p.citation.clone()))
                    .collect(),
            ),
        ),
        (
            "line",
            Arc::new(Int64Array::from(
                firsts
                    .iter()
                    .map(|p| p.map(|p| p.line as i64))
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "rows_used",
            Arc::new(Int64Array::from(
                facts
                    .iter()
                    .map(|f| Some(f.provenance.len() as i64))
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "all_sources",
            text(
                facts
                    .iter()
                    .map(|f| {
                        let mut seen = BTreeSet::new();
                        f.provenance
                            .iter()
                            .filter(|p| seen.insert((p.release.clone(), p.citation.clone())))
                            .map(|p| format!("{} {} {}", p.source, p.release, p.citation))
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .collect(),
            ),
        ),
    ])?])
}

/// The releases the rows name (a `release` column), or every release when they name none.
async fn releases_of(st: &Store, batches: &[RecordBatch]) -> Result<Vec<Release>> {
    let all = st.releases().await?;
    let mut named = BTreeSet::new();
    let mut has_column = false;
    for b in batches {
        // A `release` column, or the releases table's own `id` (next to its `sha256`).
        let ids = b.column_by_name("release").or_else(|| {
            b.column_by_name("id")
                .filter(|_| b.column_by_name("sha256").is_some())
        });
        if let Some(c) = ids {
            has_column = true;
            let c = arrow::compute::cast(c, &DataType::Utf8).context("reading the release ids")?;
            if let Some(s) = c.as_any().downcast_ref::<StringArray>() {
                named.extend(s.iter().flatten().map(str::to_string));
            }
        }
    }
    Ok(if has_column {
        all.into_iter().filter(|r| named.contains(&r.id)).collect()
    } else {
        all
    })
}
