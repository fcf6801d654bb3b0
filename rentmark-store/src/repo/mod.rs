//! The port implementations, written once for [`SqlStore`](crate::SqlStore) over any
//! [`Backend`](crate::sql::Backend). One module per port; `posting` is the ledger
//! write path shared by leases, charges and payments (entries plus materialized
//! balances), `reconcile` the check that recomputes them, `users` a user's own data
//! (profile, erasure, export), `paging` the paginated listings, `marketplace*` the
//! marketplace port (listings and search, dossier, applications, confirmation),
//! `outbox` the default mailer.

mod accounts;
pub(crate) mod bulk;
mod documents;
mod jobs;
mod leases;
mod ledger;
mod marketplace;
mod marketplace_applications;
mod marketplace_confirm;
mod marketplace_dossier;
mod marketplace_listings;
mod occupancy;
pub(crate) mod outbox;
mod paging;
mod posting;
mod properties;
mod reconcile;
mod tenants;
mod users;

use chrono::{DateTime, Utc};
use rentmark_domain::ports::{Page, PageRequest, RepoResult};

use crate::error::corrupt;

/// The instant a row is written, for the `created_at`/`updated_at` bookkeeping of rows
/// the domain gives no time for. (The domain never reads the clock; an adapter may.)
pub(crate) fn stamp() -> DateTime<Utc> {
    Utc::now()
}

/// `limit` and `offset` of a page, as bound parameters.
pub(crate) fn limit_offset(page: PageRequest) -> (i64, i64) {
    (
        i64::from(page.limit),
        i64::try_from(page.offset()).unwrap_or(i64::MAX),
    )
}

/// A page of `results` out of `total` rows.
pub(crate) fn page_of<T>(results: Vec<T>, total: i64, page: PageRequest) -> RepoResult<Page<T>> {
    Ok(Page {
        results,
        total: u64::try_from(total).map_err(|_| corrupt("row count"))?,
        page: page.page,
        limit: page.limit,
    })
}
