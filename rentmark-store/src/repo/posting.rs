//! The ledger write path: append entries and update the materialized balances in the
//! caller's transaction.
//!
//! An entry whose idempotency key already exists in the organization is skipped
//! (`on conflict do nothing`), and a skipped entry touches no balance: running the
//! charge job twice, or retrying a payment, changes nothing. For the entries actually
//! inserted:
//! - each touched account (`ledger_accounts`, one co-tenant of one lease) gets its new
//!   summary (balances, `oldest_unpaid_on`, `last_payment_on`, `last_charge_on`,
//!   `open_dues`) from its stored summary and the new entries
//!   ([`AccountSummary::extended`]: payments, and charges due after every other, as the
//!   monthly charges are), or else from all its entries
//!   ([`AccountSummary::from_entries`]);
//! - `org_month_totals` gets the charges in the month of their `effective_on` and the
//!   payments likewise (a reversal carries the reversed entry's date, so it subtracts
//!   from that entry's month);
//! - `org_totals` gets the sums.
//!
//! Both organization-wide tables are split into [`TOTAL_SLOTS`] rows per organization
//! (and month), an entry adding to the slot of its lease ([`total_slot`]); readers
//! sum the slots.
//!
//! Rows are touched in a fixed order (accounts by lease and tenant, locked before
//! anything is written; entries by idempotency key; months and slots in order, totals
//! by slot last) so that concurrent PostgreSQL transactions queue rather than
//! deadlock. The account rows are locked before their summary or entries are read, so
//! what is computed sees every committed entry.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{LeaseId, OrgId, TenantId};
use rentmark_domain::ledger::{AccountSummary, LedgerEntry};
use rentmark_domain::ports::{RepoError, RepoResult};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::repo::bulk::{Recomputed, update_accounts};
use crate::repo::stamp;
use crate::rows::{
    EntryRow, StoredAccount, currency, entries, entry_columns, stored_account_columns,
};
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
    let (inserted, totals) = post_deferring_totals(conn, org, entries).await?;
    totals.apply(conn, org).await?;
    Ok(inserted)
}

/// [`post`], except for the organization's totals: returned, for the caller to write
/// in the same transaction, alone ([`TotalsDelta::apply`]) or in a statement of its
/// own ([`TotalsDelta::write_ahead_of`]).
///
/// # Errors
/// As [`post`].
pub(crate) async fn post_deferring_totals<'e, C: Conn>(
    conn: &mut C,
    org: OrgId,
    entries: &'e [LedgerEntry],
) -> RepoResult<(Vec<&'e LedgerEntry>, TotalsDelta)> {
    if entries.iter().any(|e| e.org_id != org) {
        return Err(RepoError::NotFound);
    }
    let keys: BTreeSet<(LeaseId, TenantId)> =
        entries.iter().map(|e| (e.lease_id, e.tenant_id)).collect();
    let stored = lock_accounts(conn, org, &keys).await?;
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
    update_summaries(conn, org, &stored, &inserted).await?;
    let totals = TotalsDelta::of(&inserted, now);
    Ok((inserted, totals))
}

/// How many leases' accounts one statement locks or reads.
const LEASES_PER_STATEMENT: usize = 200;

/// The leases of `keys`, each once, in order.
fn distinct_leases(keys: &BTreeSet<(LeaseId, TenantId)>) -> Vec<LeaseId> {
    let mut leases: Vec<LeaseId> = keys.iter().map(|(lease, _)| *lease).collect();
    // Keys are sorted by lease first: equal leases are adjacent.
    leases.dedup();
    leases
}

/// The arguments of a statement over `leases` of `org`: `$1` the organization, `$2..`
/// the leases.
fn org_and_leases(org: OrgId, leases: &[LeaseId]) -> Args {
    let mut args = args![org];
    for lease in leases {
        args.push(*lease);
    }
    args
}

/// Locks the accounts `keys` (PostgreSQL: `for update`, in key order) and reads their
/// stored figures, a few hundred leases a statement (one account: only its row).
///
/// # Errors
/// `NotFound` when one of them does not exist.
async fn lock_accounts<C: Conn>(
    conn: &mut C,
    org: OrgId,
    keys: &BTreeSet<(LeaseId, TenantId)>,
) -> RepoResult<BTreeMap<(LeaseId, TenantId), StoredAccount>> {
    let mut stored = BTreeMap::new();
    if let [(lease, tenant)] = keys.iter().collect::<Vec<_>>()[..] {
        let row = conn
            .opt::<StoredAccount>(
                AssertSqlSafe(format!(
                    concat!(
                        "select ",
                        stored_account_columns!(),
                        " from ledger_accounts \
                         where org_id = $1 and lease_id = $2 and tenant_id = $3{}"
                    ),
                    C::LOCK
                )),
                args![org, *lease, *tenant],
            )
            .await?
            .ok_or(RepoError::NotFound)?;
        stored.insert(row.key(), row);
        return Ok(stored);
    }
    let leases = distinct_leases(keys);
    for chunk in leases.chunks(LEASES_PER_STATEMENT) {
        let args = org_and_leases(org, chunk);
        let rows = conn
            .all::<StoredAccount>(
                AssertSqlSafe(format!(
                    concat!(
                        "select ",
                        stored_account_columns!(),
                        " from ledger_accounts where org_id = $1 and lease_id in ({}) \
                         order by lease_id, tenant_id{}"
                    ),
                    placeholders(2, chunk.len()),
                    C::LOCK
                )),
                args,
            )
            .await?;
        for row in rows {
            if keys.contains(&row.key()) {
                stored.insert(row.key(), row);
            }
        }
    }
    if stored.len() == keys.len() {
        Ok(stored)
    } else {
        Err(RepoError::NotFound)
    }
}

/// Writes the new summary of every account `inserted` touches: extended from its
/// stored summary when [`AccountSummary::extended`] can, recomputed from all its
/// entries (read a few hundred leases a statement) otherwise.
async fn update_summaries<C: Conn>(
    conn: &mut C,
    org: OrgId,
    stored: &BTreeMap<(LeaseId, TenantId), StoredAccount>,
    inserted: &[&LedgerEntry],
) -> RepoResult<()> {
    let mut by_account: BTreeMap<(LeaseId, TenantId), Vec<&LedgerEntry>> = BTreeMap::new();
    for e in inserted {
        by_account
            .entry((e.lease_id, e.tenant_id))
            .or_default()
            .push(e);
    }
    let mut recomputed = Vec::with_capacity(by_account.len());
    let mut from_history = BTreeSet::new();
    for (key, new) in &by_account {
        let account = stored.get(key).ok_or(RepoError::NotFound)?;
        match account
            .summary()?
            .and_then(|s| s.extended(new.iter().copied()))
        {
            Some(summary) => recomputed.push(Recomputed::of(key.0, key.1, &summary)),
            None => {
                from_history.insert(*key);
            }
        }
    }
    if !from_history.is_empty() {
        recompute_from_entries(conn, org, stored, &from_history, &mut recomputed).await?;
    }
    update_accounts(conn, org, &recomputed).await
}

/// Recomputes the accounts `keys` from all their entries.
async fn recompute_from_entries<C: Conn>(
    conn: &mut C,
    org: OrgId,
    stored: &BTreeMap<(LeaseId, TenantId), StoredAccount>,
    keys: &BTreeSet<(LeaseId, TenantId)>,
    recomputed: &mut Vec<Recomputed>,
) -> RepoResult<()> {
    let leases = distinct_leases(keys);
    let mut by_account: BTreeMap<(LeaseId, TenantId), Vec<LedgerEntry>> = BTreeMap::new();
    for chunk in leases.chunks(LEASES_PER_STATEMENT) {
        let args = org_and_leases(org, chunk);
        let rows = conn
            .all::<EntryRow>(
                AssertSqlSafe(format!(
                    concat!(
                        "select ",
                        entry_columns!(),
                        " from ledger_entries where org_id = $1 and lease_id in ({})"
                    ),
                    placeholders(2, chunk.len())
                )),
                args,
            )
            .await?;
        for entry in entries(rows)? {
            let key = (entry.lease_id, entry.tenant_id);
            if keys.contains(&key) {
                by_account.entry(key).or_default().push(entry);
            }
        }
    }
    for key in keys {
        let account = stored.get(key).ok_or(RepoError::NotFound)?;
        let own = by_account.get(key).map_or(&[][..], Vec::as_slice);
        let summary = AccountSummary::from_entries(own, currency(&account.currency)?);
        recomputed.push(Recomputed::of(key.0, key.1, &summary));
    }
    Ok(())
}

/// The most totals rows [`TotalsDelta::apply`] writes in one statement (a charge batch
/// of two months writes 48; a lease created with years of past charges may write more,
/// one statement each).
const MAX_CHAINED_ROWS: usize = 64;

/// What posted entries add to the organization's monthly totals and totals, slot by
/// slot, in the order the rows are written (months by period and slot, then the
/// totals by slot) so that concurrent PostgreSQL transactions queue rather than
/// deadlock.
#[derive(Debug, Default)]
pub(crate) struct TotalsDelta {
    /// Due and collected cents added to each (month, slot).
    months: BTreeMap<(Period, i64), (i64, i64)>,
    /// Charged and paid cents added to each slot.
    totals: BTreeMap<i64, (i64, i64)>,
    /// The rows' `updated_at`.
    now: DateTime<Utc>,
}

/// `values ($first, ..)` for `count` parameters (one of them, `repeat`, given twice:
/// `created_at` and `updated_at`), or, `after` a `with` query, the same values
/// selected from it: `select .. from (select count(*) from <after>) as after`, which
/// makes PostgreSQL finish that query first.
fn row_source(first: usize, count: usize, repeat: usize, after: Option<&str>) -> String {
    let mut values: Vec<String> = (first..first + count).map(|n| format!("${n}")).collect();
    values.push(format!("${}", first + repeat));
    match after {
        None => format!("values ({})", values.join(", ")),
        Some(cte) => format!(
            "select {} from (select count(*) from {cte}) as after",
            values.join(", ")
        ),
    }
}

/// The upsert of one `org_month_totals` row, parameters from `$first`: organization,
/// period, slot, due, collected, time; `after` as in [`row_source`].
fn month_upsert(first: usize, after: Option<&str>) -> String {
    format!(
        "insert into org_month_totals \
         (org_id, period, slot, due_cents, collected_cents, created_at, updated_at) {} \
         on conflict (org_id, period, slot) do update set \
         due_cents = org_month_totals.due_cents + excluded.due_cents, \
         collected_cents = org_month_totals.collected_cents + excluded.collected_cents, \
         updated_at = excluded.updated_at",
        row_source(first, 6, 5, after)
    )
}

/// The upsert of one `org_totals` row, parameters from `$first`: organization, slot,
/// charged, paid, time; `after` as in [`row_source`].
fn total_upsert(first: usize, after: Option<&str>) -> String {
    format!(
        "insert into org_totals \
         (org_id, slot, charged_cents, paid_cents, created_at, updated_at) {} \
         on conflict (org_id, slot) do update set \
         charged_cents = org_totals.charged_cents + excluded.charged_cents, \
         paid_cents = org_totals.paid_cents + excluded.paid_cents, \
         updated_at = excluded.updated_at",
        row_source(first, 5, 4, after)
    )
}

impl TotalsDelta {
    /// The sums of `inserted`, each entry in its month's and its lease's slot.
    fn of(inserted: &[&LedgerEntry], now: DateTime<Utc>) -> Self {
        let mut delta = Self {
            now,
            ..Self::default()
        };
        for e in inserted {
            let slot = total_slot(e.lease_id);
            let month = delta
                .months
                .entry((Period::of(e.effective_on), slot))
                .or_default();
            month.0 += e.charge_delta();
            month.1 += e.payment_delta();
            let total = delta.totals.entry(slot).or_default();
            total.0 += e.charge_delta();
            total.1 += e.payment_delta();
        }
        delta
            .months
            .retain(|_, (due, collected)| *due != 0 || *collected != 0);
        delta
            .totals
            .retain(|_, (charged, paid)| *charged != 0 || *paid != 0);
        delta
    }

    /// Writes the rows: one statement each, or, where a statement is a round trip
    /// and there are several (up to [`MAX_CHAINED_ROWS`]), one statement for all
    /// ([`chain`](Self::chain)).
    ///
    /// # Errors
    /// `Unavailable`.
    pub(crate) async fn apply<C: Conn>(&self, conn: &mut C, org: OrgId) -> RepoResult<()> {
        let rows = self.months.len() + self.totals.len();
        if C::STATEMENT_IS_ROUND_TRIP && (2..=MAX_CHAINED_ROWS).contains(&rows) {
            let mut args = Args::with_capacity(6 * rows);
            if let Some((ctes, last)) = self.chain(org, &mut args) {
                conn.all::<(i64,)>(
                    AssertSqlSafe(format!("with {ctes} select count(*) from {last}")),
                    args,
                )
                .await?;
            }
            return Ok(());
        }
        for ((period, slot), (due, collected)) in &self.months {
            conn.exec(
                AssertSqlSafe(month_upsert(1, None)),
                args![org, period.to_string(), *slot, *due, *collected, self.now],
            )
            .await?;
        }
        for (slot, (charged, paid)) in &self.totals {
            conn.exec(
                AssertSqlSafe(total_upsert(1, None)),
                args![org, *slot, *charged, *paid, self.now],
            )
            .await?;
        }
        Ok(())
    }

    /// One statement writing the rows and then one more row, `insert_into`
    /// (`insert into <table> (<columns>)`) of `values` (`$1, ..`, already in `args`):
    /// the upserts become data-modifying `with` queries ([`chain`](Self::chain)), and
    /// the row is selected from a count of the last, so PostgreSQL writes it last.
    /// One round trip where `apply` and an insert take one per row. PostgreSQL only:
    /// SQLite has no data-modifying `with`.
    pub(crate) fn write_ahead_of(
        &self,
        org: OrgId,
        insert_into: &str,
        values: &str,
        args: &mut Args,
    ) -> String {
        match self.chain(org, args) {
            None => format!("{insert_into} values ({values})"),
            Some((ctes, last)) => format!(
                "with {ctes} {insert_into} select {values} from (select count(*) from {last}) as after"
            ),
        }
    }

    /// The upserts as data-modifying `with` queries `w0, w1, ..` (their parameters
    /// appended to `args`), each selecting its values from a count of the previous
    /// one, so that PostgreSQL writes them in [`apply`](Self::apply)'s order (months,
    /// then totals; concurrent transactions queue rather than deadlock). `None` when
    /// there is nothing to write; else the `with` list and the last query's name.
    fn chain(&self, org: OrgId, args: &mut Args) -> Option<(String, String)> {
        let mut ctes: Vec<String> = Vec::with_capacity(self.months.len() + self.totals.len());
        let previous =
            |ctes: &Vec<String>| (!ctes.is_empty()).then(|| format!("w{}", ctes.len() - 1));
        for ((period, slot), (due, collected)) in &self.months {
            let upsert = month_upsert(args.len() + 1, previous(&ctes).as_deref());
            ctes.push(format!("w{} as ({upsert} returning 1)", ctes.len()));
            args.push(org)
                .push(period.to_string())
                .push(*slot)
                .push(*due)
                .push(*collected)
                .push(self.now);
        }
        for (slot, (charged, paid)) in &self.totals {
            let upsert = total_upsert(args.len() + 1, previous(&ctes).as_deref());
            ctes.push(format!("w{} as ({upsert} returning 1)", ctes.len()));
            args.push(org)
                .push(*slot)
                .push(*charged)
                .push(*paid)
                .push(self.now);
        }
        let last = previous(&ctes)?;
        Some((ctes.join(", "), last))
    }
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
