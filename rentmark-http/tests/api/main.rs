//! The JSON API end to end over a real SQLite store: status codes, envelope,
//! isolation between organizations, bad input, and the ledger's semantics.

#[path = "../common/mod.rs"]
mod common;

mod auth;
mod demo;
mod field_names;
mod ledger;
mod marketplace_applications;
mod marketplace_conflicts;
mod marketplace_dossier;
mod marketplace_listings;
mod properties;
mod users;
mod users_data;
