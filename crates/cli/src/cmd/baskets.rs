//! `tradewatch baskets`: the baskets and the codes that make them up, and where each comes
//! from (built in, or a file in the data dir's `baskets/`).

use anyhow::Result;
use tradewatch_model::Baskets;

use crate::output::{Format, Table, print_json};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Your own baskets: TOML files in <data dir>/baskets/, with the schema of the
built-in ones, for example <data dir>/baskets/tungsten.toml:

  id = \"tungsten\"
  name = \"tungsten ores and concentrates\"
  phrases = [\"tungsten concentrate\"]
  [codes]
  HS = [\"2611\"]

Any code also works without a basket: --code 261100, or --code '2611*' for every code under it."
)]
pub(crate) struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: Args) -> Result<()> {
    let all = Baskets::current().all();
    if args.format == Format::Json {
        return print_json(&all);
    }
    let mut t = Table::new(&["basket", "name", "aliases", "codes", "from"]);
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
            b.origin.clone(),
        ]);
    }
    t.print(args.format)
}
