//! The bulk import: loads a whole organization's leases, ledger, payments and listings
//! with multi-row inserts in one transaction, then rebuilds the materialized balances
//! from the entries (the benchmark's generator; far faster than one use case per row).
//!
//! It trusts its input the way a restore does: the leases' units and tenants and the
//! listings' properties and units must exist (the foreign keys refuse them otherwise),
//! overlap is not checked and entries are inserted as given (no idempotency skip).
//! Properties, units and tenants go through the ordinary batch ports
//! (`create_properties`, `create_units`, `create_tenants`), which are already bulk.
//!
//! The rebuild ([`SqlStore::rebuild_balances`]) recomputes every account's figures
//! with [`AccountSummary::from_entries`], and the organization's totals and monthly
//! totals from the entries' `charge_delta`/`payment_delta`, exactly as `reconcile`
//! does, so that a reconciliation right after reports no difference.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{HistoryId, LeaseId, OrgId, TenantId};
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::{AccountSummary, LedgerEntry, Payment};
use rentmark_domain::marketplace::listing::{Listing, ListingStatus, city_key};
use rentmark_domain::money::Currency;
use rentmark_domain::ports::{RepoError, RepoResult};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::any::AnyStore;
use crate::repo::marketplace_listings::{LISTING_INSERT, ROOM_INSERT};
use crate::repo::posting::ENTRY_INSERT;
use crate::repo::stamp;
use crate::rows::marketplace_listings::{documents_text, multiplier_text};
use crate::rows::{EntryRow, currency, encode_open_dues, entries, entry_columns};
use crate::sql::{Args, Backend, Conn, args, insert_sql, rows_per_statement};
use crate::store::SqlStore;

/// What [`SqlStore::bulk_import`] writes for one organization.
#[derive(Debug, Clone, Copy, Default)]
pub struct BulkImport<'a> {
    /// Leases with their co-tenants (each gets its co-tenant rows, move-in history
    /// rows and ledger accounts).
    pub leases: &'a [Lease],
    /// Ledger entries, on the leases above (or earlier ones).
    pub entries: &'a [LedgerEntry],
    /// Payments; each names its ledger entry (`entry_id`), which must be in `entries`.
    pub payments: &'a [Payment],
    /// Listings with their rooms.
    pub listings: &'a [Listing],
}

/// Row counts written by a bulk import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkCounts {
    /// Leases.
    pub leases: u64,
    /// Ledger accounts (co-tenants of leases).
    pub accounts: u64,
    /// Ledger entries.
    pub entries: u64,
    /// Payments.
    pub payments: u64,
    /// Listings.
    pub listings: u64,
}

/// Inserts `rows` with multi-row statements of `columns`, `fill` pushing one row's
/// values.
async fn insert_rows<C: Conn, T>(
    conn: &mut C,
    table: &str,
    columns: &[&str],
    rows: &[T],
    mut fill: impl FnMut(&mut Args, &T),
) -> RepoResult<u64> {
    let mut written = 0;
    for chunk in rows.chunks(rows_per_statement(columns.len())) {
        let mut args = Args::with_capacity(chunk.len() * columns.len());
        for row in chunk {
            fill(&mut args, row);
        }
        let sql = insert_sql(table, columns, chunk.len(), "");
        written += conn.exec(AssertSqlSafe(sql), args).await?;
    }
    Ok(written)
}

const LEASE_COLUMNS: &[&str] = &[
    "org_id",
    "id",
    "unit_id",
    "property_id",
    "currency",
    "rent_cents",
    "charges_cents",
    "deposit_cents",
    "start_date",
    "end_date",
    "due_day",
    "ended_at",
    "next_charge_on",
    "created_at",
    "updated_at",
];

const PAYMENT_COLUMNS: &[&str] = &[
    "org_id",
    "id",
    "lease_id",
    "tenant_id",
    "currency",
    "amount_cents",
    "paid_on",
    "method",
    "receipt_document_id",
    "status",
    "entry_id",
    "revision",
    "created_at",
    "updated_at",
];

/// One co-tenant of one lease.
struct Part<'a> {
    lease: &'a Lease,
    tenant: TenantId,
    position: i64,
    share_bp: u32,
}

/// Inserts `leases` with their co-tenants, move-ins and ledger accounts, each table's
/// rows in key order (lease, then tenant): SQLite then stores them in that order, as it
/// does the rows the application writes over time (its ids are time-ordered, UUIDv7),
/// so that the charge job, which reads and updates the leases and their accounts in
/// key order, finds neighbours on the same pages rather than one page a row.
async fn insert_leases<C: Conn>(conn: &mut C, leases: &[Lease]) -> RepoResult<u64> {
    let mut leases: Vec<&Lease> = leases.iter().collect();
    leases.sort_by_key(|lease| lease.id);
    insert_rows(conn, "leases", LEASE_COLUMNS, &leases, |a, l| {
        let t = &l.terms;
        a.push(l.org_id)
            .push(l.id)
            .push(l.unit_id)
            .push(l.property_id)
            .push(l.currency().code())
            .push(t.rent.cents())
            .push(t.charges.cents())
            .push(t.deposit.cents())
            .push(t.start_date)
            .push(t.end_date)
            .push(t.due_day.get())
            .push(l.ended_at)
            .push(l.next_charge_on)
            .push(l.created_at)
            .push(l.updated_at);
    })
    .await?;
    let mut parts: Vec<Part<'_>> = leases
        .iter()
        .flat_map(|lease| {
            (0_i64..)
                .zip(&lease.tenants)
                .map(move |(position, c)| Part {
                    lease,
                    tenant: c.tenant_id,
                    position,
                    share_bp: c.share.basis_points(),
                })
        })
        .collect();
    parts.sort_by_key(|part| (part.lease.id, part.tenant));
    let columns: &[&str] = &[
        "org_id",
        "lease_id",
        "tenant_id",
        "position",
        "share_bp",
        "created_at",
        "updated_at",
    ];
    insert_rows(conn, "lease_tenants", columns, &parts, |a, p| {
        a.push(p.lease.org_id)
            .push(p.lease.id)
            .push(p.tenant)
            .push(p.position)
            .push(p.share_bp)
            .push(p.lease.created_at)
            .push(p.lease.created_at);
    })
    .await?;
    let columns: &[&str] = &[
        "org_id",
        "id",
        "unit_id",
        "tenant_id",
        "lease_id",
        "move_in",
        "created_at",
        "updated_at",
    ];
    insert_rows(conn, "tenant_history", columns, &parts, |a, p| {
        a.push(p.lease.org_id)
            .push(HistoryId::generate(p.lease.created_at))
            .push(p.lease.unit_id)
            .push(p.tenant)
            .push(p.lease.id)
            .push(p.lease.terms.start_date)
            .push(p.lease.created_at)
            .push(p.lease.created_at);
    })
    .await?;
    // The tenant's and the unit's names are filled in once every account is written.
    let columns: &[&str] = &[
        "org_id",
        "lease_id",
        "tenant_id",
        "property_id",
        "unit_id",
        "tenant_name",
        "unit_name",
        "currency",
        "open_dues",
        "created_at",
        "updated_at",
    ];
    insert_rows(conn, "ledger_accounts", columns, &parts, |a, p| {
        a.push(p.lease.org_id)
            .push(p.lease.id)
            .push(p.tenant)
            .push(p.lease.property_id)
            .push(p.lease.unit_id)
            .push("")
            .push("")
            .push(p.lease.currency().code())
            .push("")
            .push(p.lease.created_at)
            .push(p.lease.created_at);
    })
    .await
}

async fn insert_entries<C: Conn>(conn: &mut C, entries: &[LedgerEntry]) -> RepoResult<u64> {
    let now = stamp();
    insert_rows(conn, "ledger_entries", ENTRY_INSERT, entries, |a, e| {
        a.push(e.org_id)
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
    })
    .await
}

async fn insert_payments<C: Conn>(conn: &mut C, payments: &[Payment]) -> RepoResult<u64> {
    insert_rows(conn, "payments", PAYMENT_COLUMNS, payments, |a, p| {
        a.push(p.org_id)
            .push(p.id)
            .push(p.lease_id)
            .push(p.tenant_id)
            .push(p.amount.currency().code())
            .push(p.amount.cents())
            .push(p.paid_on)
            .push(p.method.as_str())
            .push(p.receipt_document_id)
            .push(p.status.as_str())
            .push(p.entry_id)
            .push(p.revision)
            .push(p.created_at)
            .push(p.updated_at);
    })
    .await
}

async fn insert_listings<C: Conn>(conn: &mut C, listings: &[Listing]) -> RepoResult<u64> {
    let written = insert_rows(conn, "listings", LISTING_INSERT, listings, |a, l| {
        let currency = l
            .rooms
            .first()
            .map_or(Currency::default(), |r| r.rent.currency());
        let places: u32 = l.rooms.iter().map(|r| r.places_left()).sum();
        a.push(l.org_id)
            .push(l.id.as_uuid())
            .push(l.property_id)
            .push(l.title.as_str())
            .push(l.city.as_str())
            .push(city_key(&l.city))
            .push(l.address.as_str())
            .push(l.description.as_deref())
            .push(l.kind.as_str())
            .push(l.availability_date)
            .push(l.status.as_str())
            .push(currency.code())
            .push(l.min_rent().map_or(0, |m| m.cents()))
            .push(places)
            .push(l.requirements.guarantor_required_count)
            .push(multiplier_text(l.requirements.income_min_multiplier))
            .push(documents_text(&l.requirements.documents))
            .push((l.status != ListingStatus::Draft).then_some(l.created_at))
            .push(l.taken_down_at)
            .push(l.created_at)
            .push(l.updated_at);
    })
    .await?;
    let rooms: Vec<(&Listing, i64, &_)> = listings
        .iter()
        .flat_map(|l| (0_i64..).zip(&l.rooms).map(move |(p, r)| (l, p, r)))
        .collect();
    insert_rows(
        conn,
        "listing_rooms",
        ROOM_INSERT,
        &rooms,
        |a, (l, p, r)| {
            a.push(l.org_id)
                .push(l.id.as_uuid())
                .push(r.id.as_uuid())
                .push(*p)
                .push(r.unit_id)
                .push(r.name.as_str())
                .push(r.capacity)
                .push(r.occupied)
                .push(r.rent.currency().code())
                .push(r.rent.cents())
                .push(r.charges.cents())
                .push(r.deposit.cents())
                .push(r.min_duration_months)
                .push(r.max_duration_months)
                .push(l.created_at)
                .push(l.updated_at);
        },
    )
    .await?;
    Ok(written)
}

/// The figures of one account, recomputed.
pub(crate) struct Recomputed {
    pub(crate) lease: LeaseId,
    pub(crate) tenant: TenantId,
    pub(crate) charged: i64,
    pub(crate) paid: i64,
    pub(crate) oldest_unpaid_on: Option<NaiveDate>,
    pub(crate) last_payment_on: Option<NaiveDate>,
    pub(crate) last_charge_on: Option<NaiveDate>,
    pub(crate) open_dues: String,
}

impl Recomputed {
    /// An account's recomputed figures.
    pub(crate) fn of(lease: LeaseId, tenant: TenantId, summary: &AccountSummary) -> Self {
        Self {
            lease,
            tenant,
            charged: summary.charged.cents(),
            paid: summary.paid.cents(),
            oldest_unpaid_on: summary.oldest_unpaid_on,
            last_payment_on: summary.last_payment_on,
            last_charge_on: summary.last_charge_on,
            open_dues: encode_open_dues(&summary.open),
        }
    }
}

/// Recomputes every materialized figure of `org` from its entries and overwrites
/// them; returns how many accounts have entries.
async fn rebuild<C: Conn>(conn: &mut C, org: OrgId) -> RepoResult<u64> {
    let all = entries(
        conn.all::<EntryRow>(
            concat!(
                "select ",
                entry_columns!(),
                " from ledger_entries where org_id = $1 order by effective_on, recorded_at, id"
            ),
            args![org],
        )
        .await?,
    )?;
    let currencies: BTreeMap<(Uuid, Uuid), String> = conn
        .all::<(Uuid, Uuid, String)>(
            "select lease_id, tenant_id, currency from ledger_accounts where org_id = $1",
            args![org],
        )
        .await?
        .into_iter()
        .map(|(l, t, c)| ((l, t), c))
        .collect();
    let mut by_account: BTreeMap<(LeaseId, TenantId), Vec<LedgerEntry>> = BTreeMap::new();
    let mut months: BTreeMap<Period, (i64, i64)> = BTreeMap::new();
    let (mut charged, mut paid) = (0_i64, 0_i64);
    for e in all {
        let month = months.entry(Period::of(e.effective_on)).or_default();
        month.0 += e.charge_delta();
        month.1 += e.payment_delta();
        charged += e.charge_delta();
        paid += e.payment_delta();
        by_account
            .entry((e.lease_id, e.tenant_id))
            .or_default()
            .push(e);
    }
    let mut accounts = Vec::with_capacity(by_account.len());
    for ((lease, tenant), account_entries) in &by_account {
        let code = currencies
            .get(&(lease.as_uuid(), tenant.as_uuid()))
            .ok_or(RepoError::NotFound)?;
        let summary = AccountSummary::from_entries(account_entries, currency(code)?);
        accounts.push(Recomputed::of(*lease, *tenant, &summary));
    }
    let now = stamp();
    conn.exec(
        "update ledger_accounts set charged_cents = 0, paid_cents = 0, oldest_unpaid_on = null, \
         last_payment_on = null, last_charge_on = null, open_dues = '', updated_at = $2 \
         where org_id = $1",
        args![org, now],
    )
    .await?;
    update_accounts(conn, org, &accounts).await?;
    conn.exec(
        "update ledger_accounts set tenant_name = (select t.full_name from tenants t \
         where t.org_id = ledger_accounts.org_id and t.id = ledger_accounts.tenant_id) \
         where org_id = $1 and tenant_name = ''",
        args![org],
    )
    .await?;
    conn.exec(
        "update ledger_accounts set unit_name = (select u.name from units u \
         where u.org_id = ledger_accounts.org_id and u.id = ledger_accounts.unit_id) \
         where org_id = $1 and unit_name = ''",
        args![org],
    )
    .await?;
    conn.exec(
        "update organizations set account_count = \
         (select count(*) from ledger_accounts where org_id = $1) where id = $1",
        args![org],
    )
    .await?;
    conn.exec("delete from org_month_totals where org_id = $1", args![org])
        .await?;
    let months: Vec<(Period, (i64, i64))> = months
        .into_iter()
        .filter(|(_, (due, collected))| *due != 0 || *collected != 0)
        .collect();
    let columns: &[&str] = &[
        "org_id",
        "period",
        "slot",
        "due_cents",
        "collected_cents",
        "created_at",
        "updated_at",
    ];
    insert_rows(
        conn,
        "org_month_totals",
        columns,
        &months,
        |a, (period, (due, collected))| {
            // Recomputed totals go to slot 0; postings add to the others.
            a.push(org)
                .push(period.to_string())
                .push(0_i64)
                .push(*due)
                .push(*collected)
                .push(now)
                .push(now);
        },
    )
    .await?;
    conn.exec("delete from org_totals where org_id = $1", args![org])
        .await?;
    conn.exec(
        "insert into org_totals (org_id, slot, charged_cents, paid_cents, created_at, updated_at) \
         values ($1, 0, $2, $3, $4, $4)",
        args![org, charged, paid, now],
    )
    .await?;
    Ok(u64::try_from(accounts.len()).unwrap_or(u64::MAX))
}

/// Writes recomputed account figures with `update .. from (values ..)`, many accounts
/// a statement.
pub(crate) async fn update_accounts<C: Conn>(
    conn: &mut C,
    org: OrgId,
    accounts: &[Recomputed],
) -> RepoResult<()> {
    const COLUMNS: usize = 8;
    let now = stamp();
    for chunk in accounts.chunks(rows_per_statement(COLUMNS) - 1) {
        let mut args = args![org, now];
        let mut values = String::with_capacity(chunk.len() * 40);
        for (i, a) in chunk.iter().enumerate() {
            let first = 3 + i * COLUMNS;
            let row: Vec<String> = (first..first + COLUMNS).map(|n| format!("${n}")).collect();
            values.push_str(if i == 0 { "(" } else { ", (" });
            values.push_str(&row.join(", "));
            values.push(')');
            args.push(a.lease)
                .push(a.tenant)
                .push(a.charged)
                .push(a.paid)
                .push(a.oldest_unpaid_on)
                .push(a.last_payment_on)
                .push(a.last_charge_on)
                .push(a.open_dues.as_str());
        }
        let sql = format!(
            "with v (lease_id, tenant_id, charged, paid, oldest, last_paid, last_charge, open_dues) \
             as (values {values}) \
             update ledger_accounts set charged_cents = v.charged, paid_cents = v.paid, \
             oldest_unpaid_on = v.oldest, last_payment_on = v.last_paid, \
             last_charge_on = v.last_charge, open_dues = v.open_dues, updated_at = $2 \
             from v where ledger_accounts.org_id = $1 \
             and ledger_accounts.lease_id = v.lease_id and ledger_accounts.tenant_id = v.tenant_id"
        );
        let updated = conn.exec(AssertSqlSafe(sql), args).await?;
        if updated != chunk.len() as u64 {
            return Err(RepoError::NotFound);
        }
    }
    Ok(())
}

impl<B: Backend> SqlStore<B> {
    /// Recomputes from their entries the balances of every organization with accounts
    /// whose summary is incomplete (`open_dues` null: written before the store kept
    /// it, or nulled by a migration adding a figure such as `last_charge_on`), one
    /// organization per transaction; returns how many there were. Run when the store
    /// opens, so that reads and postings never meet such a row.
    ///
    /// # Errors
    /// `Unavailable`.
    pub(crate) async fn fill_summaries(&self) -> RepoResult<usize> {
        let orgs = {
            let mut conn = self.read().await?;
            conn.all::<(uuid::Uuid,)>(
                "select distinct org_id from ledger_accounts where open_dues is null",
                args![],
            )
            .await?
        };
        for (org,) in &orgs {
            let mut tx = self.write().await?;
            rebuild(&mut *tx, OrgId::from_uuid(*org)).await?;
            B::commit(tx).await?;
        }
        Ok(orgs.len())
    }

    /// Imports `load` into organization `org` in one transaction, then rebuilds the
    /// organization's balances from its entries (see the module documentation).
    ///
    /// # Errors
    /// `NotFound` when a row is of another organization or refers to a missing one;
    /// `Conflict` on a duplicate key; `Unavailable`.
    pub async fn bulk_import(&self, org: OrgId, load: BulkImport<'_>) -> RepoResult<BulkCounts> {
        if load.leases.iter().any(|l| l.org_id != org)
            || load.entries.iter().any(|e| e.org_id != org)
            || load.payments.iter().any(|p| p.org_id != org)
            || load.listings.iter().any(|l| l.org_id != org)
        {
            return Err(RepoError::NotFound);
        }
        let mut tx = self.write().await?;
        let mut counts = BulkCounts {
            accounts: insert_leases(&mut *tx, load.leases).await?,
            ..BulkCounts::default()
        };
        counts.leases = load.leases.len() as u64;
        counts.entries = insert_entries(&mut *tx, load.entries).await?;
        counts.payments = insert_payments(&mut *tx, load.payments).await?;
        counts.listings = insert_listings(&mut *tx, load.listings).await?;
        rebuild(&mut *tx, org).await?;
        super::occupancy::touch_occupancy(&mut *tx, org).await?;
        B::commit(tx).await?;
        Ok(counts)
    }

    /// Recomputes organization `org`'s materialized balances (accounts, totals,
    /// monthly totals) from its ledger entries and overwrites them, in one
    /// transaction; returns how many accounts have entries.
    ///
    /// # Errors
    /// `Unavailable`; `NotFound` when an entry's account is missing.
    pub async fn rebuild_balances(&self, org: OrgId) -> RepoResult<u64> {
        let mut tx = self.write().await?;
        let accounts = rebuild(&mut *tx, org).await?;
        B::commit(tx).await?;
        Ok(accounts)
    }
}

/// How many times emptying the log after a bulk load is tried (20 ms apart).
const EMPTY_LOG_ATTEMPTS: u32 = 250;

impl<B: Backend> SqlStore<B> {
    /// What autovacuum does a while after a bulk import, done at once: refreshes the
    /// planner's statistics (`analyze`; without them PostgreSQL plans as if the new
    /// tables were empty) and, on PostgreSQL, vacuums (`vacuum analyze`), which sets the
    /// visibility map that index-only scans need; on SQLite it also checkpoints the
    /// write-ahead log into the database file and empties it.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn analyze(&self) -> RepoResult<()> {
        let mut conn = self.read().await?;
        conn.exec(B::AFTER_BULK_LOAD, args![]).await?;
        if let Some(empty_log) = B::EMPTY_LOG {
            // The background checkpointer may hold the log for a moment: try again.
            for _ in 0..EMPTY_LOG_ATTEMPTS {
                let (busy, _, _) = conn.one::<(i64, i64, i64)>(empty_log, args![]).await?;
                if busy == 0 {
                    return Ok(());
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            return Err(RepoError::Unavailable(
                "the write-ahead log stayed busy after the bulk load".into(),
            ));
        }
        Ok(())
    }
}

impl AnyStore {
    /// [`SqlStore::analyze`] on either backend.
    ///
    /// # Errors
    /// As [`SqlStore::analyze`].
    pub async fn analyze(&self) -> RepoResult<()> {
        match self {
            Self::Sqlite(store) => store.analyze().await,
            Self::Postgres(store) => store.analyze().await,
        }
    }

    /// [`SqlStore::bulk_import`] on either backend.
    ///
    /// # Errors
    /// As [`SqlStore::bulk_import`].
    pub async fn bulk_import(&self, org: OrgId, load: BulkImport<'_>) -> RepoResult<BulkCounts> {
        match self {
            Self::Sqlite(store) => store.bulk_import(org, load).await,
            Self::Postgres(store) => store.bulk_import(org, load).await,
        }
    }

    /// [`SqlStore::rebuild_balances`] on either backend.
    ///
    /// # Errors
    /// As [`SqlStore::rebuild_balances`].
    pub async fn rebuild_balances(&self, org: OrgId) -> RepoResult<u64> {
        match self {
            Self::Sqlite(store) => store.rebuild_balances(org).await,
            Self::Postgres(store) => store.rebuild_balances(org).await,
        }
    }
}
