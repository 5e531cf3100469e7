//! `tradewatch baskets`: the baskets and the codes that make them up.

use anyhow::Result;
use tradewatch_model::Baskets;

use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: Args) -> Result<()> {
    let all = Baskets::builtin().all();
    if args.format == Format::Json {
        return print_json(&all);
    }
    let mut t = Table::new(&["basket", "name", "aliases", "codes"]);
    for b in all {
        let codes: Vec<String> = b
            .codes
            .iter()
            .map(|(class, codes)| format!("{class} {}", codes.join(" ")))
            .collect();
        t.push(vec![
            b.id.clone(),
            b.name.clone(),
            b.aliases.join(" "),
            codes.join("; "),
        ]);
    }
    t.print(args.format)
}
