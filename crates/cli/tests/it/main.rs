//! Integration tests: the real `tradewatch` binary in a temporary data directory.
#![allow(clippy::unwrap_used)]

mod harness;

mod agencies;
mod brief;
mod facts;
mod ingest;
mod kill;
mod sql;
