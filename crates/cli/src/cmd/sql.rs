//! `tradewatch sql`: SQL over `observations`, `releases` and the `current` view.

use anyhow::Result;
use arrow::util::display::{ArrayFormatter, FormatOptions};
use chrono::NaiveDate;

use crate::config::StoreArgs;
use crate::output::{Format, Table};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Tables: observations (every release), releases, current (the current row of each key;
with --as-of, as of that date). Examples:
  tradewatch sql \"SELECT count(*) FROM observations\"
  tradewatch sql \"SELECT period, value/1000 AS tonnes, citation FROM current
                  WHERE partner = 'USA' AND code = 'rare-earth-magnets' AND measure = 'quantity'
                  ORDER BY period_start\""
)]
pub(crate) struct Args {
    /// The query.
    query: String,
    /// Define `current` as of this date.
    #[arg(long, value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    let batches = st.sql_as_of(&args.query, args.as_of).await?;
    if args.format == Format::Json {
        let mut buf = Vec::new();
        {
            let mut w = arrow::json::ArrayWriter::new(&mut buf);
            let refs: Vec<&arrow::array::RecordBatch> = batches.iter().collect();
            w.write_batches(&refs)?;
            w.finish()?;
        }
        if buf.is_empty() {
            buf.extend_from_slice(b"[]");
        }
        println!("{}", String::from_utf8_lossy(&buf));
        return Ok(());
    }
    let Some(first) = batches.first() else {
        println!("(no rows)");
        return Ok(());
    };
    let header: Vec<&str> = first
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    let mut t = Table::new(&header);
    let options = FormatOptions::default().with_null("");
    for b in &batches {
        let formatters = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()?;
        for row in 0..b.num_rows() {
            t.push(
                formatters
                    .iter()
                    .map(|f| f.value(row).to_string())
                    .collect(),
            );
        }
    }
    t.print(args.format)
}
