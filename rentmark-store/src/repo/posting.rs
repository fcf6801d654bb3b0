//! The ledger write path: append entries and update the materialized balances in the
//! caller's transaction.
//!
//! An entry whose idempotency key already exists in the organization is skipped
//! (`on conflict do nothing`), and a skipped entry touches no balance: running the
//! charge job twice, or retrying a payment, changes nothing. For the entries actually
//! inserted:
//! - each touched account (`ledger_accounts`, one co-tenant of one lease) is
//!   incremented by the entries' `charge_delta`/`payment_delta`, then its
//!   `oldest_unpaid_on`/`last_payment_on`/`open_dues` are recomputed from all its entries with
//!   [`AccountSummary::from_entries`];
//! - `org_month_totals` gets the charges in the month of their `effective_on` and the
//!   payments likewise (a reversal carries the reversed entry's date, so it subtracts
//!   from that entry's month);
//! - `org_totals` gets the sums.
//!
//! Both organization-wide tables are split into [`TOTAL_SLOTS`] rows per organization
//! (and month), an entry adding to the slot of its lease ([`total_slot`]); readers
//! sum the slots.
//!
//! Rows are touched in a fixed order (entries by idempotency key, accounts by lease and
//! tenant, months and slots in order, totals by slot last) so that concurrent PostgreSQL transactions
//! queue rather than deadlock. The account row is locked (by its increment) before its
//! entries are read, so the recomputed dates see every committed entry.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{LeaseId, OrgId, TenantId};
use rentmark_domain::ledger::{AccountSummary, LedgerEntry};
use rentmark_domain::money::Currency;
use rentmark_domain::ports::{RepoError, RepoResult};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::repo::bulk::{Recomputed, update_accounts};
use crate::repo::stamp;
use crate::rows::{EntryRow, encode_open_dues, entries, entry_columns};
use crate::sql::{Args, Conn, args, insert_sql, placeholders, rows_per_statement};

/// The columns of an insert (shared with the bulk import).
pub(crate) const ENTRY_INSERT: &[&str] = &[
    "org_id",
    "id",
    "lease_id",
    "tenant_id",
    "kind",
    "detail",
    "currency",
    "amount_cents",
    "effective_on",
    "period",
    "reverses",
    "payment_id",
    "idempotency_key",
    "recorded_at",
    "created_at",
    "updated_at",
];

/// Appends `entries` of organization `org` and updates the balances for those
/// inserted; returns them (entries whose key existed are left out).
///
/// # Errors
/// `NotFound` when an entry is of another organization or on an account (lease and
/// co-tenant) that does not exist; `Unavailable`.
pub(crate) async fn post<'e, C: Conn>(
    conn: &mut C,
    org: OrgId,
    entries: &'e [LedgerEntry],
) -> RepoResult<Vec<&'e LedgerEntry>> {
    if entries.iter().any(|e| e.org_id != org) {
        return Err(RepoError::NotFound);
    }
    let mut ordered: Vec<&LedgerEntry> = entries.iter().collect();
    ordered.sort_by(|a, b| a.idempotency_key.as_str().cmp(b.idempotency_key.as_str()));
    ordered.dedup_by(|a, b| a.idempotency_key == b.idempotency_key);
    let now = stamp();
    let mut inserted_ids = HashSet::new();
    for chunk in ordered.chunks(rows_per_statement(ENTRY_INSERT.len())) {
        let mut args = Args::with_capacity(chunk.len() * ENTRY_INSERT.len());
        for e in chunk {
            args.push(e.org_id)
                .push(e.id)
                .push(e.lease_id)
                .push(e.tenant_id)
                .push(e.kind.category())
                .push(e.kind.detail())
                .push(e.amount.currency().code())
                .push(e.amount.cents())
                .push(e.effective_on)
                .push(e.period.map(|p| p.to_string()))
                .push(e.reverses)
                .push(e.payment_id)
                .push(e.idempotency_key.as_str())
                .push(e.recorded_at)
                .push(now)
                .push(now);
        }
        let sql = insert_sql(
            "ledger_entries",
            ENTRY_INSERT,
            chunk.len(),
            "on conflict (org_id, idempotency_key) do nothing returning id",
        );
        let ids = conn.all::<(Uuid,)>(AssertSqlSafe(sql), args).await?;
        inserted_ids.extend(ids.into_iter().map(|(id,)| id));
    }
    let inserted: Vec<&LedgerEntry> = ordered
        .into_iter()
        .filter(|e| inserted_ids.contains(&e.id.as_uuid()))
        .collect();
    apply_balances(conn, org, &inserted, now).await?;
    Ok(inserted)
}

/// What a batch of entries changes on one account.
struct AccountDelta {
    charged: i64,
    paid: i64,
    currency: Currency,
}

async fn apply_balances<C: Conn>(
    conn: &mut C,
    org: OrgId,
    inserted: &[&LedgerEntry],
    now: DateTime<Utc>,
) -> RepoResult<()> {
    if inserted.is_empty() {
        return Ok(());
    }
    let mut accounts: BTreeMap<(LeaseId, TenantId), AccountDelta> = BTreeMap::new();
    let mut months: BTreeMap<(Period, i64), (i64, i64)> = BTreeMap::new();
    let mut totals: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for e in inserted {
        let account = accounts
            .entry((e.lease_id, e.tenant_id))
            .or_insert(AccountDelta {
                charged: 0,
                paid: 0,
                currency: e.amount.currency(),
            });
        account.charged += e.charge_delta();
        account.paid += e.payment_delta();
        let slot = total_slot(e.lease_id);
        let month = months
            .entry((Period::of(e.effective_on), slot))
            .or_default();
        month.0 += e.charge_delta();
        month.1 += e.payment_delta();
        let total = totals.entry(slot).or_default();
        total.0 += e.charge_delta();
        total.1 += e.payment_delta();
    }
    if accounts.len() <= ACCOUNTS_ONE_BY_ONE {
        for ((lease, tenant), delta) in &accounts {
            update_account(conn, org, *lease, *tenant, delta, now).await?;
        }
    } else {
        update_accounts_in_bulk(conn, org, &accounts).await?;
    }
    for ((period, slot), (due, collected)) in months {
        if due == 0 && collected == 0 {
            continue;
        }
        conn.exec(
            "insert into org_month_totals \
             (org_id, period, slot, due_cents, collected_cents, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $6) \
             on conflict (org_id, period, slot) do update set \
             due_cents = org_month_totals.due_cents + excluded.due_cents, \
             collected_cents = org_month_totals.collected_cents + excluded.collected_cents, \
             updated_at = excluded.updated_at",
            args![org, period.to_string(), slot, due, collected, now],
        )
        .await?;
    }
    for (slot, (charged, paid)) in totals {
        conn.exec(
            "insert into org_totals \
             (org_id, slot, charged_cents, paid_cents, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $5) \
             on conflict (org_id, slot) do update set \
             charged_cents = org_totals.charged_cents + excluded.charged_cents, \
             paid_cents = org_totals.paid_cents + excluded.paid_cents, \
             updated_at = excluded.updated_at",
            args![org, slot, charged, paid, now],
        )
        .await?;
    }
    Ok(())
}

/// How many rows an organization's totals (and each month's) are split into.
pub(crate) const TOTAL_SLOTS: u8 = 16;

/// The slot of the organization's totals that a lease's entries add to: payments on
/// different leases update different rows, so they do not queue on one row lock
/// (PostgreSQL) until the previous payment commits. Readers sum the slots.
pub(crate) fn total_slot(lease: LeaseId) -> i64 {
    // The last byte of a UUIDv7 is random.
    i64::from(lease.as_uuid().as_bytes()[15] % TOTAL_SLOTS)
}

/// Up to this many accounts, each is updated by its own statements (three round trips,
/// the fewest for a payment); more (the monthly charges of many leases) are updated a
/// few hundred per statement.
const ACCOUNTS_ONE_BY_ONE: usize = 4;

/// How many leases' accounts one statement of [`update_accounts_in_bulk`] reads.
const LEASES_PER_STATEMENT: usize = 200;

/// Recomputes many accounts after their entries were inserted, a few hundred leases a
/// statement: locks them (PostgreSQL, in key order, like the one-by-one path), reads
/// their entries, recomputes every figure with [`AccountSummary::from_entries`] and
/// writes them with `update .. from (values ..)`. The entries read include those of
/// any writer that committed before the lock, as in [`update_account`].
async fn update_accounts_in_bulk<C: Conn>(
    conn: &mut C,
    org: OrgId,
    accounts: &BTreeMap<(LeaseId, TenantId), AccountDelta>,
) -> RepoResult<()> {
    let leases: Vec<LeaseId> = accounts
        .keys()
        .map(|(lease, _)| *lease)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut pending = accounts.iter().peekable();
    for chunk in leases.chunks(LEASES_PER_STATEMENT) {
        let list = placeholders(2, chunk.len());
        let mut args = args![org];
        for lease in chunk {
            args.push(*lease);
        }
        conn.all::<(Uuid, Uuid)>(
            AssertSqlSafe(format!(
                "select lease_id, tenant_id from ledger_accounts \
                 where org_id = $1 and lease_id in ({list}) order by lease_id, tenant_id{}",
                C::LOCK
            )),
            args.clone(),
        )
        .await?;
        let mut by_account: BTreeMap<(LeaseId, TenantId), Vec<LedgerEntry>> = BTreeMap::new();
        for entry in entries(
            conn.all::<EntryRow>(
                AssertSqlSafe(format!(
                    concat!(
                        "select ",
                        entry_columns!(),
                        " from ledger_entries where org_id = $1 and lease_id in ({}) \
                         order by lease_id, tenant_id, effective_on, recorded_at, id"
                    ),
                    list
                )),
                args,
            )
            .await?,
        )? {
            if accounts.contains_key(&(entry.lease_id, entry.tenant_id)) {
                by_account
                    .entry((entry.lease_id, entry.tenant_id))
                    .or_default()
                    .push(entry);
            }
        }
        // The chunk's accounts: the next ones in key order, up to its last lease.
        let last = chunk[chunk.len() - 1];
        let mut recomputed = Vec::new();
        while let Some(((lease, tenant), delta)) = pending.next_if(|((lease, _), _)| *lease <= last)
        {
            let own = by_account
                .get(&(*lease, *tenant))
                .map_or(&[][..], Vec::as_slice);
            let summary = AccountSummary::from_entries(own, delta.currency);
            recomputed.push(Recomputed::of(*lease, *tenant, &summary));
        }
        update_accounts(conn, org, &recomputed).await?;
    }
    Ok(())
}

async fn update_account<C: Conn>(
    conn: &mut C,
    org: OrgId,
    lease: LeaseId,
    tenant: TenantId,
    delta: &AccountDelta,
    now: DateTime<Utc>,
) -> RepoResult<()> {
    // The increment also locks the row until commit (PostgreSQL), so the entries read
    // next include those of any writer that committed before us.
    let updated = conn
        .exec(
            "update ledger_accounts set charged_cents = charged_cents + $4, \
             paid_cents = paid_cents + $5, updated_at = $6 \
             where org_id = $1 and lease_id = $2 and tenant_id = $3",
            args![org, lease, tenant, delta.charged, delta.paid, now],
        )
        .await?;
    if updated == 0 {
        return Err(RepoError::NotFound);
    }
    let summary = AccountSummary::from_entries(
        &account_entries(conn, org, lease, tenant).await?,
        delta.currency,
    );
    conn.exec(
        "update ledger_accounts set oldest_unpaid_on = $4, last_payment_on = $5, \
         open_dues = $6 where org_id = $1 and lease_id = $2 and tenant_id = $3",
        args![
            org,
            lease,
            tenant,
            summary.oldest_unpaid_on,
            summary.last_payment_on,
            encode_open_dues(&summary.open),
        ],
    )
    .await?;
    Ok(())
}

/// Every entry of one account.
pub(crate) async fn account_entries<C: Conn>(
    conn: &mut C,
    org: OrgId,
    lease: LeaseId,
    tenant: TenantId,
) -> RepoResult<Vec<LedgerEntry>> {
    entries(
        conn.all::<EntryRow>(
            concat!(
                "select ",
                entry_columns!(),
                " from ledger_entries where org_id = $1 and lease_id = $2 and tenant_id = $3 \
                 order by effective_on, recorded_at, id"
            ),
            args![org, lease, tenant],
        )
        .await?,
    )
}

/// Checks that every entry is on one of `leases`.
///
/// # Errors
/// `NotFound` otherwise.
pub(crate) fn entries_on(entries: &[LedgerEntry], leases: &BTreeSet<LeaseId>) -> RepoResult<()> {
    if entries.iter().all(|e| leases.contains(&e.lease_id)) {
        Ok(())
    } else {
        Err(RepoError::NotFound)
    }
}
