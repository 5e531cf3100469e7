//! The `tradewatch` command. `main` only calls [`run`]; each verb is one file in `cmd/`.

use std::process::ExitCode;

mod cmd;
mod config;
mod export;
mod output;

/// jemalloc, with its background thread purging freed pages after a few seconds: the server
/// is a long-running process whose heap every ingest and query churns, and glibc kept those
/// pages (the 30-minute soak in BENCHMARKS.md grew 0.5 MB an ingest with 20 KB of it live).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    match cmd::run() {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // Written, not `eprintln!`ed: with stderr piped into `head -1`, the reader may be
            // gone before the causes are written, and `eprintln!` panics on the closed pipe
            // (exit 101 instead of 1).
            use std::io::Write;
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "error: {err}");
            for cause in err.chain().skip(1) {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}
