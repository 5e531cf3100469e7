//! Integration tests: the real `tradewatch` binary in a temporary data directory.
#![allow(clippy::unwrap_used)]

mod harness;

mod agencies;
mod alerts;
mod bad_input;
mod brief;
mod codes;
mod concurrency;
mod export;
mod facts;
mod fetch;
mod ingest;
mod kill;
mod server;
mod shell;
mod sql;
mod verify;
