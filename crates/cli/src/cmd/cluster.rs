//! `tradewatch cluster scheduler|executor|up`: this binary as a DataFusion Ballista
//! scheduler or executor, or both on loopback at once, for `facts --all --engine df://…`.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use tradewatch_cluster::{ExecutorOptions, SchedulerOptions, UpOptions, VERSION};

use crate::cmd::parse_bytes;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch cluster up --executors 2
  tradewatch facts --all --engine df://127.0.0.1:50050
  tradewatch cluster scheduler --bind 0.0.0.0:50050
  tradewatch cluster executor --scheduler sched.internal:50050 --host 10.0.0.7 --vcores 8 --memory 8G

Every role and the client must run the same tradewatch version; a mismatch is refused with
both versions named. Executors read the store's Parquet files by their paths: on several
hosts, every executor must see the data directory at the same path (a shared file system).")]
pub(crate) struct Args {
    #[command(subcommand)]
    role: Role,
}

#[derive(Debug, Subcommand)]
enum Role {
    /// Run a scheduler: it plans the jobs clients submit and hands their tasks to executors.
    Scheduler {
        /// Address to listen on (gRPC, for clients and executors).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:50050")]
        bind: SocketAddr,
    },
    /// Run an executor: it registers with the scheduler and runs the tasks it is given.
    Executor {
        /// The scheduler's address, HOST:PORT (or df://HOST:PORT).
        #[arg(long, value_name = "ADDR", value_parser = parse_addr)]
        scheduler: SocketAddr,
        /// Host to listen on and to be reached at by the scheduler and other executors.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Arrow Flight port, for shuffle data (0: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// gRPC port, for tasks (0: a free one).
        #[arg(long, default_value_t = 0)]
        grpc_port: u16,
        #[command(flatten)]
        resources: Resources,
        /// Where shuffle and spill files go (default: a temporary directory, removed when the
        /// executor stops).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
    },
    /// Run a scheduler and N executors on loopback in this process, until interrupted.
    Up {
        /// Executors to start.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
        executors: u16,
        /// The scheduler's address (port 0: a free one, printed).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:50050")]
        bind: SocketAddr,
        #[command(flatten)]
        resources: Resources,
    },
}

#[derive(Debug, clap::Args)]
struct Resources {
    /// Tasks an executor runs at once (0: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    vcores: usize,
    /// Bytes an executor's tasks may hold before they spill (or with a K, M or G suffix:
    /// `512M`, `2G`); default: Ballista's share of the machine's memory.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    memory: Option<usize>,
}

fn parse_addr(s: &str) -> Result<SocketAddr, String> {
    let plain = s.strip_prefix("df://").unwrap_or(s).trim_end_matches('/');
    plain
        .to_socket_addrs()
        .map_err(|e| format!("'{s}' is not HOST:PORT ({e})"))?
        .next()
        .ok_or_else(|| format!("'{s}' resolves to no address"))
}

pub(crate) async fn run(args: Args) -> Result<()> {
    match args.role {
        Role::Scheduler { bind } => {
            eprintln!("tradewatch {VERSION} scheduler on df://{bind}");
            tradewatch_cluster::scheduler(SchedulerOptions {
                bind,
                version: VERSION.to_string(),
            })
            .await?;
        }
        Role::Executor {
            scheduler,
            host,
            port,
            grpc_port,
            resources,
            work_dir,
        } => {
            eprintln!("tradewatch {VERSION} executor for the scheduler at df://{scheduler}");
            tradewatch_cluster::executor(ExecutorOptions {
                scheduler,
                host,
                port,
                grpc_port,
                vcores: resources.vcores,
                memory: resources.memory.map(|m| m as u64),
                work_dir,
                version: VERSION.to_string(),
            })
            .await?;
        }
        Role::Up {
            executors,
            bind,
            resources,
        } => {
            let up = tradewatch_cluster::up(UpOptions {
                bind,
                executors: usize::from(executors),
                vcores: resources.vcores,
                memory: resources.memory.map(|m| m as u64),
            })
            .await
            .context("starting the cluster")?;
            eprintln!(
                "cluster up: scheduler df://{}, {executors} executor{} (tradewatch {VERSION}); \
                 run `tradewatch facts --all --engine df://{}`; Ctrl-C stops it",
                up.scheduler,
                if executors == 1 { "" } else { "s" },
                up.scheduler
            );
            tokio::select! {
                done = up.wait() => done?,
                _ = tokio::signal::ctrl_c() => {}
            }
        }
    }
    Ok(())
}
