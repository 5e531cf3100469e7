//! `tradewatch serve`: the JSON API, its OpenAPI document and the dashboard, on the store.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};
use tradewatch_server::{AppState, Config};

use crate::config::StoreArgs;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tradewatch serve                                  # http://127.0.0.1:8080/
  tradewatch serve --addr 0.0.0.0:9000 --cors-origin https://example.org
  TRADEWATCH_TOKEN=secret tradewatch serve          # enables POST /api/v1/ingest

The API is read-only unless a token is given; the dashboard and every asset are in the binary.")]
pub(crate) struct Args {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, env = "TRADEWATCH_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Bearer token that enables `POST /api/v1/ingest`.
    #[arg(long, env = "TRADEWATCH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Largest request body, in bytes.
    #[arg(long, env = "TRADEWATCH_MAX_BODY", default_value_t = 2 * 1024 * 1024)]
    max_body: usize,
    /// Seconds a request may take.
    #[arg(long, env = "TRADEWATCH_TIMEOUT", default_value_t = 30)]
    timeout: u64,
    /// Requests handled at once (more wait).
    #[arg(long, env = "TRADEWATCH_CONCURRENCY", default_value_t = 64)]
    concurrency: usize,
    /// An origin allowed by CORS (repeat for more); none by default, so CORS is off.
    #[arg(
        long = "cors-origin",
        env = "TRADEWATCH_CORS_ORIGINS",
        value_delimiter = ','
    )]
    cors_origins: Vec<String>,
    /// Seconds between looks for ingests by other processes into the same data dir (0: never).
    #[arg(long, env = "TRADEWATCH_WATCH", default_value_t = 2)]
    watch: u64,
    /// Seconds a client has to send a request's headers once its connection is idle (opened,
    /// or its last response sent); slower or silent clients are closed. Also the keep-alive
    /// idle timeout.
    #[arg(long, env = "TRADEWATCH_HEADER_TIMEOUT", default_value_t = 10)]
    header_timeout: u64,
    /// Connections open at once (more wait to be accepted).
    #[arg(long, env = "TRADEWATCH_MAX_CONNECTIONS", default_value_t = 1024)]
    max_connections: usize,
    /// On Ctrl-C or SIGTERM, seconds the requests in flight get to finish.
    #[arg(long, env = "TRADEWATCH_SHUTDOWN_GRACE", default_value_t = 10)]
    shutdown_grace: u64,
}

pub(crate) async fn run(store: &StoreArgs, args: Args) -> Result<()> {
    let st = store.open_for(crate::config::Reads::Many).await?;
    // A broken rule file stops the server before it starts (the API's ingests evaluate it).
    super::alerts::load(store)?;
    let config = Config {
        max_body_bytes: args.max_body,
        request_timeout: Duration::from_secs(args.timeout),
        max_in_flight: args.concurrency.max(1),
        cors_origins: args.cors_origins,
        token: args.token.filter(|t| !t.is_empty()),
        watch: (args.watch > 0).then(|| Duration::from_secs(args.watch)),
        header_timeout: Duration::from_secs(args.header_timeout.max(1)),
        max_connections: args.max_connections.max(1),
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
        rules: store.rules.clone(),
    };
    let ingest = config.token.is_some();
    let state = AppState::new(st, super::facts::timeline()?, config);
    tradewatch_server::serve(args.addr, state, |bound| {
        eprintln!("listening on http://{bound}");
        eprintln!(
            "  dashboard http://{bound}/  ·  API http://{bound}/api/v1/  ·  docs http://{bound}/api/v1/docs/{}",
            if ingest {
                "  ·  ingest enabled (bearer token)"
            } else {
                "  ·  read-only"
            }
        );
    })
    .await
    .with_context(|| format!("serving on {}", args.addr))?;
    eprintln!("stopped");
    Ok(())
}
