//! Rows as stored, and their conversion into domain types. Each row struct derives
//! `sqlx::FromRow`, which is generic over the backend, so one definition decodes on
//! SQLite and PostgreSQL. A value the domain refuses (an unknown currency, a share out
//! of range) makes the row corrupt: `Unavailable`, never skipped.
//!
//! The `*_columns!` macros give the select list of each table as a literal, so that
//! statements are `&'static str` built with `concat!`.

mod ledger;
pub(crate) mod marketplace_applications;
pub(crate) mod marketplace_listings;
mod org;
mod profile;

pub(crate) use ledger::{
    AccountRowRow, CoTenantRow, EntryRow, JobRow, LeaseRow, PaymentRow, StoredAccount,
    account_columns, encode_open_dues, entries, entry_columns, job_columns, lease_columns,
    parse_open_dues, payment_columns, payment_nulls, payment_select, stored_account_columns,
};
pub(crate) use org::{
    DocumentRow, HistoryRow, MembershipRow, OrgRow, PropertyRow, TenantRow, UnitRow,
    UserMembershipRow, UserRow, document_columns, org_columns, property_columns, tenant_columns,
    unit_columns, user_columns,
};
pub(crate) use profile::{ProfileRow, profile_columns};

use std::str::FromStr;

use rentmark_domain::money::Currency;
use rentmark_domain::ports::RepoResult;

use crate::error::corrupt;

/// Parses a stored currency code.
pub(crate) fn currency(code: &str) -> RepoResult<Currency> {
    Currency::from_str(code).map_err(|_| corrupt(format_args!("currency {code:?}")))
}

/// A stored non-negative integer as `u32`.
pub(crate) fn to_u32(value: i64, what: &str) -> RepoResult<u32> {
    u32::try_from(value).map_err(|_| corrupt(format_args!("{what} {value}")))
}

/// A stored non-negative integer as `u16`.
pub(crate) fn to_u16(value: i64, what: &str) -> RepoResult<u16> {
    u16::try_from(value).map_err(|_| corrupt(format_args!("{what} {value}")))
}
