//! # rentmark-domain
//!
//! The core of RentMark, a multi-tenant property-management engine: typed ids, exact
//! money, organizations and roles, properties, units, tenants, leases, the rent
//! schedule and the append-only rent ledger, the port traits that storage and
//! outbound adapters implement, and the use-case services written once against them.
//!
//! No I/O and no async runtime: this crate depends on neither sqlx, rocket, tokio,
//! aws nor reqwest, and never reads the clock (time is a parameter).
//!
//! ```
//! use rentmark_domain::money::{Currency, Money};
//!
//! let rent = Money::parse("1000.00", Currency::Eur).unwrap();
//! let shares = rent.split(&[1, 1, 1]).unwrap();
//! assert_eq!(shares.iter().map(Money::cents).sum::<i64>(), rent.cents());
//! ```

#![deny(clippy::float_arithmetic)]

pub mod calendar;
pub mod ids;
pub mod lease;
pub mod ledger;
pub mod marketplace;
pub mod money;
pub mod org;
pub mod ports;
pub mod profile;
pub mod property;
pub mod schedule;
pub mod services;
pub mod tenant;
pub mod user;
pub mod validation;

pub use services::{ServiceError, Services};
