//! The ports: what the domain needs from the outside world, as traits with written
//! contracts. Adapters (`rentmark-store`, `rentmark-jobs`) implement them; the
//! use-case services in [`crate::services`] are written once against them.
//!
//! Every organization-scoped method takes the caller's [`OrgId`] and MUST treat a row
//! of another organization exactly like a missing one ([`RepoError::NotFound`]).
//! Every write method is one transaction: it happens completely or not at all.

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::Period;
use crate::ids::{DocumentId, LeaseId, OrgId, PaymentId, PropertyId, TenantId, UnitId, UserId};
use crate::lease::Lease;
use crate::ledger::{LedgerEntry, OpenDue, Payment};
use crate::money::Money;
use crate::org::{Membership, Organization, Role};
use crate::profile::Profile;
use crate::property::{Property, Unit};
use crate::tenant::{TenancyRecord, Tenant};
use crate::user::{Email, User};

mod accounts;
mod blobs;
mod documents;
mod jobs;
mod leases;
mod ledger;
mod mail;
mod properties;
mod tenants;

pub use accounts::*;
pub use blobs::*;
pub use documents::*;
pub use jobs::*;
pub use leases::*;
pub use ledger::*;
pub use mail::*;
pub use properties::*;
pub use tenants::*;

/// What a storage adapter reports.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// No such row in the caller's organization.
    #[error("not found")]
    NotFound,
    /// A uniqueness or state constraint refused the write; `constraint` names it.
    #[error("conflict on {constraint}")]
    Conflict {
        /// The constraint's name, e.g. `users_email`, `lease_overlap`.
        constraint: String,
    },
    /// The database refused a value it cannot hold: bad input that got past the
    /// domain's parsing (which should have refused it), never an outage. Adapters
    /// MUST report it, not `Unavailable`, when the driver says a value is not valid
    /// data (PostgreSQL's SQLSTATE class 22, e.g. a NUL byte in text) or too large
    /// for its column or index (54000).
    #[error("the database cannot store a value: {0:?}")]
    Unstorable(Unstorable),
    /// The storage failed (unreachable, corrupt row, ...). Never to be read as "not
    /// found" or "empty".
    #[error("storage unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Why the database refused a value ([`RepoError::Unstorable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unstorable {
    /// Text with a character the database cannot hold (NUL on PostgreSQL).
    Text,
    /// A value too large for its column or index.
    TooLarge,
    /// Any other value the database refuses as data (a number or date out of its
    /// range).
    OutOfRange,
}

impl RepoError {
    /// A conflict on `constraint`.
    pub fn conflict(constraint: &str) -> Self {
        Self::Conflict {
            constraint: constraint.to_owned(),
        }
    }
}

/// The result of a port method.
pub type RepoResult<T> = Result<T, RepoError>;

/// Which page of a list, `page` from 1, `limit` 1-100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: u32,
    /// Rows per page.
    pub limit: u32,
}

impl PageRequest {
    /// The largest page size.
    pub const MAX_LIMIT: u32 = 100;

    /// A page request, clamped to `page >= 1` and `1 <= limit <= 100`.
    pub fn new(page: u32, limit: u32) -> Self {
        Self {
            page: page.max(1),
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }

    /// Rows to skip.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.limit)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { page: 1, limit: 20 }
    }
}

/// One page of a list and the total count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows.
    pub results: Vec<T>,
    /// Rows across all pages.
    pub total: u64,
    /// The page asked for.
    pub page: u32,
    /// The page size.
    pub limit: u32,
}

impl<T> Page<T> {
    /// Maps the rows.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            results: self.results.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            limit: self.limit,
        }
    }
}

/// Every repository: what the services need from a store.
pub trait Store:
    AccountRepository
    + PropertyRepository
    + TenantRepository
    + LeaseRepository
    + LedgerRepository
    + DocumentRepository
    + Clone
    + 'static
{
}

impl<T> Store for T where
    T: AccountRepository
        + PropertyRepository
        + TenantRepository
        + LeaseRepository
        + LedgerRepository
        + DocumentRepository
        + Clone
        + 'static
{
}
