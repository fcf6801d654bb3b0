//! The JSON API end to end over a real SQLite store: status codes, envelope,
//! isolation between organizations, bad input, and the ledger's semantics.

#[path = "../common/mod.rs"]
mod common;

mod auth;
mod ledger;
mod properties;
