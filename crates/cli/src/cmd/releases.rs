//! `tradewatch releases`: the releases in the store, with their row counts.

use anyhow::Result;

use crate::config::StoreArgs;
use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open().await?;
    let releases = st.releases().await?;
    let counts = st.row_counts().await?;
    if args.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            #[serde(flatten)]
            release: &'a tradewatch_store::Release,
            rows_in_store: i64,
        }
        let rows: Vec<Row> = releases
            .iter()
            .map(|r| Row {
                release: r,
                rows_in_store: counts.get(&r.id).copied().unwrap_or(0),
            })
            .collect();
        return print_json(&rows);
    }
    let mut t = Table::new(&[
        "seq",
        "release",
        "source",
        "format",
        "file",
        "published",
        "ingested",
        "rows",
        "sha256",
    ]);
    for r in &releases {
        t.push(vec![
            r.seq.to_string(),
            r.id.clone(),
            r.source.clone(),
            r.format.clone(),
            r.file_name.clone(),
            r.published.map_or(String::new(), |d| d.to_string()),
            r.ingested_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            counts.get(&r.id).copied().unwrap_or(0).to_string(),
            r.sha256.chars().take(12).collect(),
        ]);
    }
    t.print(args.format)
}
