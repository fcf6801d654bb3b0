//! # rentmark-store
//!
//! The storage adapters of RentMark: every repository port of
//! [`rentmark_domain::ports`] (together the [`Store`](rentmark_domain::ports::Store)
//! trait) and the [`JobQueue`](rentmark_domain::ports::JobQueue), on SQLite (the
//! embedded default) and on PostgreSQL, plus [`LocalBlobStore`] for file bytes.
//!
//! - [`connect`] opens either backend from its URL, applies its migrations
//!   (`migrations/sqlite`, `migrations/postgres`) and returns an [`AnyStore`].
//! - Each port method is one transaction. Money is stored as integer cents; every
//!   organization-scoped row carries `org_id`, every query on it filters by it, and
//!   a row of another organization is `NotFound`.
//! - Ledger balances (per account, per organization, per month) are materialized in
//!   the same transaction as the entries that change them; `reconcile` recomputes them
//!   from the entries.
//!
//! The logic is written once ([`SqlStore`], generic over the backend); the backends
//! only differ in how a write transaction begins, which row-locking clause they take
//! and how values are bound.
//!
//! ```no_run
//! # async fn demo() -> Result<(), rentmark_store::StoreError> {
//! let store = rentmark_store::connect("sqlite://data/rentmark.db").await?;
//! let services = rentmark_domain::Services::new(store);
//! # let _ = services;
//! # Ok(())
//! # }
//! ```

mod anonymous;
mod any;
mod blob;
mod checkpoint;
mod error;
mod identities;
mod pool;
mod postgres;
mod repo;
mod rows;
mod sql;
mod sqlite;
mod store;

pub use any::{AnyStore, connect};
pub use blob::LocalBlobStore;
pub use error::StoreError;
pub use identities::DEFAULT_IDENTITY_TTL;
pub use postgres::PgStore;
pub use repo::bulk::{BulkCounts, BulkImport};
pub use repo::outbox::OutboxEmail;
pub use sqlite::SqliteStore;
pub use store::SqlStore;
