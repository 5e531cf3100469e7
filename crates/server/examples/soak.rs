//! The soak's driver, run by `bench/soak.sh` against a running `tradewatch serve`: the mixed
//! load of `tests/support/load.rs` for a while, sampling the server's memory and descriptors.
//! Prints the summary and every sample, and exits 1 when a request failed, a series answer
//! was mixed or stale, or memory or descriptors grew more than 10% after warm-up.
//!
//!   soak BASE_URL TOKEN SERVER_PID SECONDS [CONNECTIONS] [INGEST_EVERY_S] [SAMPLE_EVERY_S]
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/support/load.rs"]
mod load;

use std::time::Duration;

fn arg(args: &[String], i: usize, default: Option<u64>) -> Result<u64, String> {
    match args.get(i) {
        Some(a) => a.parse().map_err(|e| format!("argument {i} ({a}): {e}")),
        None => default.ok_or_else(|| format!("argument {i} is missing")),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match soak().await {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(e) => {
            eprintln!("soak: {e}");
            eprintln!(
                "usage: soak BASE_URL TOKEN SERVER_PID SECONDS [CONNECTIONS] [INGEST_EVERY_S] \
                 [SAMPLE_EVERY_S]"
            );
            std::process::ExitCode::from(2)
        }
    }
}

async fn soak() -> Result<bool, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = args.first().ok_or("BASE_URL is missing")?.clone();
    let token = args.get(1).ok_or("TOKEN is missing")?.clone();
    let pid = u32::try_from(arg(&args, 2, None)?).map_err(|e| e.to_string())?;
    let seconds = arg(&args, 3, None)?;
    let connections = usize::try_from(arg(&args, 4, Some(100))?).map_err(|e| e.to_string())?;
    let ingest_every = arg(&args, 5, Some(60))?;
    let sample_every = arg(&args, 6, Some(10))?;
    let plan = load::Plan {
        base,
        connections,
        until: load::Until::Elapsed(Duration::from_secs(seconds)),
        token,
        ingest_every: Duration::from_secs(ingest_every),
        max_ingests: None,
        sample: Some((pid, Duration::from_secs(sample_every))),
        timeout: Duration::from_secs(60),
        miss_every: 10,
    };
    let outcome = load::run(plan).await?;
    println!("sample,index,seconds,rss_kib,fds,requests");
    for (i, s) in outcome.samples.iter().enumerate() {
        println!(
            "sample,{i},{:.0},{},{},{}",
            s.at.as_secs_f64(),
            s.rss_kib,
            s.fds,
            s.requests
        );
    }
    for i in &outcome.ingests {
        println!(
            "ingest,{},{},{:.0},{:.0}",
            i.generation,
            i.release,
            i.at.as_secs_f64(),
            i.took.as_secs_f64() * 1000.0
        );
    }
    println!("{}", outcome.summary());
    // Warm-up: the first tenth of the run.
    let growth = outcome.growth(0.1);
    let mut ok = outcome.failed == 0 && outcome.inconsistent == 0;
    match growth {
        Some((rss, fds)) => {
            println!(
                "growth after warm-up: RSS {:+.1}%, fds {:+.1}%",
                rss * 100.0,
                fds * 100.0
            );
            ok &= rss <= 0.10 && fds <= 0.10;
        }
        None => println!("growth after warm-up: too few samples to say"),
    }
    println!("RESULT {}", if ok { "pass" } else { "FAIL" });
    Ok(ok)
}
