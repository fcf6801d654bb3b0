//! The JSON API end to end over a real store (SQLite, or PostgreSQL when
//! `RENTMARK_TEST_POSTGRES_URL` is set): status codes, envelope,
//! isolation between organizations, bad input, and the ledger's semantics.

#[path = "../common/mod.rs"]
mod common;

mod auth;
mod demo;
mod field_names;
mod harness;
mod ledger;
mod marketplace_applications;
mod marketplace_conflicts;
mod marketplace_dossier;
mod marketplace_listings;
mod media_type;
mod odd_strings;
mod odd_strings_market;
mod properties;
mod rate_limits;
mod users;
mod users_data;
