//! The `tradewatch` command. `main` only calls [`run`]; each verb is one file in `cmd/`.

use std::process::ExitCode;

mod cmd;
mod config;
mod export;
mod output;

fn main() -> ExitCode {
    match cmd::run() {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}
