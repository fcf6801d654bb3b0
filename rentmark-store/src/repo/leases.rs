//! [`LeaseRepository`]: leases with their co-tenants, history rows, accounts and the
//! charges the schedule posts.
//!
//! Overlap is checked inside the writing transaction: on PostgreSQL the unit row is
//! locked `for update` first, so two leases of one unit are checked one after the
//! other; on SQLite `BEGIN IMMEDIATE` already serializes writers.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::ids::{HistoryId, LeaseId, OrgId, UnitId};
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::LedgerEntry;
use rentmark_domain::money::Money;
use rentmark_domain::ports::{
    ChargeBatching, DueLease, LeaseCharges, LeaseFilter, LeaseRepository, Page, PageRequest,
    RepoError, RepoResult,
};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::repo::paging::Listing;
use crate::repo::posting::{entries_on, post};
use crate::repo::stamp;
use crate::rows::{CoTenantRow, LeaseRow, lease_columns};
use crate::sql::{Args, Backend, Conn, args, insert_sql, placeholders, rows_per_statement};
use crate::store::SqlStore;

/// Adds co-tenants to lease rows.
pub(crate) async fn with_tenants<C: Conn>(
    conn: &mut C,
    org: OrgId,
    rows: Vec<LeaseRow>,
) -> RepoResult<Vec<Lease>> {
    let mut co_tenants = co_tenant_rows(conn, org, &rows, false).await?;
    rows.into_iter()
        .map(|row| {
            // The co-tenant rows were read above (a failed query returned early).
            let tenants = co_tenants.remove(&row.id).unwrap_or_default();
            row.into_domain(tenants)
        })
        .collect()
}

/// Adds co-tenants to lease rows, each with what their account has been charged so
/// far (read in the same statement as the co-tenants, by the account's key).
async fn with_tenants_and_charges<C: Conn>(
    conn: &mut C,
    org: OrgId,
    rows: Vec<LeaseRow>,
) -> RepoResult<Vec<DueLease>> {
    let mut co_tenants = co_tenant_rows(conn, org, &rows, true).await?;
    rows.into_iter()
        .map(|row| {
            let tenants = co_tenants.remove(&row.id).unwrap_or_default();
            let charged: Vec<i64> = tenants.iter().map(CoTenantRow::charged_cents).collect();
            let lease = row.into_domain(tenants)?;
            let currency = lease.currency();
            Ok(DueLease {
                charged: charged
                    .into_iter()
                    .map(|cents| Money::from_cents(cents, currency))
                    .collect(),
                lease,
            })
        })
        .collect()
}

/// The co-tenant rows of `rows`' leases, by lease, in position order; with their
/// accounts' charges totals when `charged` is set.
async fn co_tenant_rows<C: Conn>(
    conn: &mut C,
    org: OrgId,
    rows: &[LeaseRow],
    charged: bool,
) -> RepoResult<HashMap<Uuid, Vec<CoTenantRow>>> {
    let mut co_tenants: HashMap<Uuid, Vec<CoTenantRow>> = HashMap::new();
    for chunk in rows.chunks(rows_per_statement(1)) {
        let mut args = args![org];
        for row in chunk {
            args.push(row.id);
        }
        let sql = if charged {
            // A correlated subquery rather than a join: PostgreSQL planned the join
            // as a hash of all the organization's accounts for every page of leases
            // (a sequential scan of `ledger_accounts` per page); the subquery is one
            // index lookup per co-tenant (measured at scale 1: 7 ms a page of 1,000
            // leases instead of 2 ms without the charges, 26 ms with the join).
            format!(
                "select lt.lease_id, lt.tenant_id, lt.share_bp, \
                 coalesce((select a.charged_cents from ledger_accounts a \
                 where a.org_id = lt.org_id and a.lease_id = lt.lease_id \
                 and a.tenant_id = lt.tenant_id), 0) as charged_cents \
                 from lease_tenants lt \
                 where lt.org_id = $1 and lt.lease_id in ({}) order by lt.lease_id, lt.position",
                placeholders(2, chunk.len())
            )
        } else {
            format!(
                "select lease_id, tenant_id, share_bp from lease_tenants \
                 where org_id = $1 and lease_id in ({}) order by lease_id, position",
                placeholders(2, chunk.len())
            )
        };
        for row in conn.all::<CoTenantRow>(AssertSqlSafe(sql), args).await? {
            co_tenants.entry(row.lease_id).or_default().push(row);
        }
    }
    Ok(co_tenants)
}

/// `Conflict { lease_overlap }` when the unit cannot take `occupants` more people from
/// `start` to `end` (open-ended when `None`): the co-tenants of the other leases of the
/// unit covering any of those days, plus `occupants`, must fit its capacity (how many
/// people may live there). A one-person unit has one lease at a time; a flat for two
/// let to a couple on one lease is full; a shared flat advertised room by room takes
/// one individual lease per place. Every lease overlapping the range counts, even two
/// that never overlap each other: conservative, never over capacity.
async fn check_overlap<C: Conn>(
    conn: &mut C,
    org: OrgId,
    unit: UnitId,
    lease: LeaseId,
    occupants: usize,
    (start, end): (NaiveDate, Option<NaiveDate>),
) -> RepoResult<()> {
    let (living, capacity) = conn
        .one::<(i64, i64)>(
            "select (select count(*) from lease_tenants lt join leases l \
                     on l.org_id = lt.org_id and l.id = lt.lease_id \
                     where l.org_id = $1 and l.unit_id = $2 and l.id <> $3 \
                     and ($4 is null or l.start_date <= $4) and (l.end_date is null or l.end_date >= $5)), \
                    coalesce((select cast(capacity as bigint) from units where org_id = $1 and id = $2), 1)",
            args![org, unit, lease, end, start],
        )
        .await?;
    let occupants = i64::try_from(occupants).unwrap_or(i64::MAX);
    if living > 0 && living.saturating_add(occupants) > capacity.max(1) {
        Err(RepoError::conflict("lease_overlap"))
    } else {
        Ok(())
    }
}

/// Writes a new lease's co-tenants, their move-in history rows and their accounts.
async fn insert_parts<C: Conn>(
    conn: &mut C,
    lease: &Lease,
    unit_name: &str,
    names: &HashMap<Uuid, String>,
) -> RepoResult<()> {
    let org = lease.org_id;
    let n = lease.tenants.len();
    let mut co_tenants = Args::with_capacity(n * 7);
    let mut history = Args::with_capacity(n * 9);
    let mut accounts = Args::with_capacity(n * 10);
    for (position, co_tenant) in (0_i64..).zip(&lease.tenants) {
        let tenant = co_tenant.tenant_id;
        co_tenants
            .push(org)
            .push(lease.id)
            .push(tenant)
            .push(position)
            .push(co_tenant.share.basis_points())
            .push(lease.created_at)
            .push(lease.created_at);
        history
            .push(org)
            .push(HistoryId::generate(lease.created_at))
            .push(lease.unit_id)
            .push(tenant)
            .push(lease.id)
            .push(lease.terms.start_date)
            .push(lease.created_at)
            .push(lease.created_at);
        let name = names.get(&tenant.as_uuid()).ok_or(RepoError::NotFound)?;
        accounts
            .push(org)
            .push(lease.id)
            .push(tenant)
            .push(lease.property_id)
            .push(lease.unit_id)
            .push(name.as_str())
            .push(unit_name)
            .push(lease.currency().code())
            // Nothing due yet: the charges posted next recompute it.
            .push("")
            .push(lease.created_at)
            .push(lease.created_at);
    }
    let columns: &[&str] = &[
        "org_id",
        "lease_id",
        "tenant_id",
        "position",
        "share_bp",
        "created_at",
        "updated_at",
    ];
    conn.exec(
        AssertSqlSafe(insert_sql("lease_tenants", columns, n, "")),
        co_tenants,
    )
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
    conn.exec(
        AssertSqlSafe(insert_sql("tenant_history", columns, n, "")),
        history,
    )
    .await?;
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
    conn.exec(
        AssertSqlSafe(insert_sql("ledger_accounts", columns, n, "")),
        accounts,
    )
    .await?;
    conn.exec(
        "update organizations set account_count = account_count + $2 where id = $1",
        args![org, i64::try_from(n).map_err(|_| RepoError::NotFound)?],
    )
    .await?;
    Ok(())
}

/// Inserts a new lease in the caller's transaction: locks its unit (PostgreSQL),
/// checks the unit is of the lease's property and every co-tenant exists, checks
/// overlap, then writes the lease, its co-tenants, their move-in history rows and
/// accounts, and posts `entries`. Shared by `create_lease` and the marketplace's
/// confirmation.
///
/// # Errors
/// `NotFound` for a missing unit, property or tenant, or an entry on another lease;
/// `Conflict { lease_overlap }`; `Unavailable`.
pub(crate) async fn insert_lease<B: Backend, C: Conn>(
    conn: &mut C,
    lease: &Lease,
    entries: &[LedgerEntry],
    next_charge_on: Option<NaiveDate>,
) -> RepoResult<()> {
    let org = lease.org_id;
    entries_on(entries, &BTreeSet::from([lease.id]))?;
    let (property, unit_name) = conn
        .one::<(Uuid, String)>(
            AssertSqlSafe(format!(
                "select property_id, name from units where org_id = $1 and id = $2{}",
                B::LOCK
            )),
            args![org, lease.unit_id],
        )
        .await?;
    if property != lease.property_id.as_uuid() {
        return Err(RepoError::NotFound);
    }
    let ids: BTreeSet<Uuid> = lease
        .tenants
        .iter()
        .map(|t| t.tenant_id.as_uuid())
        .collect();
    let mut names = HashMap::with_capacity(ids.len());
    for chunk in ids
        .iter()
        .copied()
        .collect::<Vec<_>>()
        .chunks(rows_per_statement(1))
    {
        let mut args = args![org];
        for id in chunk {
            args.push(*id);
        }
        let sql = format!(
            "select id, full_name from tenants where org_id = $1 and id in ({})",
            placeholders(2, chunk.len())
        );
        names.extend(conn.all::<(Uuid, String)>(AssertSqlSafe(sql), args).await?);
    }
    if names.len() != ids.len() || ids.len() != lease.tenants.len() {
        return Err(RepoError::NotFound);
    }
    check_overlap(
        &mut *conn,
        org,
        lease.unit_id,
        lease.id,
        lease.tenants.len(),
        (lease.terms.start_date, lease.terms.end_date),
    )
    .await?;
    super::occupancy::touch_occupancy(&mut *conn, org).await?;
    let t = &lease.terms;
    conn.exec(
        concat!(
            "insert into leases (",
            lease_columns!(),
            ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        ),
        args![
            org,
            lease.id,
            lease.unit_id,
            lease.property_id,
            lease.currency().code(),
            t.rent.cents(),
            t.charges.cents(),
            t.deposit.cents(),
            t.start_date,
            t.end_date,
            t.due_day.get(),
            lease.ended_at,
            next_charge_on,
            lease.created_at,
            lease.updated_at,
        ],
    )
    .await?;
    insert_parts(&mut *conn, lease, &unit_name, &names).await?;
    post(&mut *conn, org, entries).await?;
    Ok(())
}

impl<B: Backend> LeaseRepository for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(lease = %lease.id, entries = entries.len()))]
    async fn create_lease(
        &self,
        lease: &Lease,
        entries: &[LedgerEntry],
        next_charge_on: Option<NaiveDate>,
    ) -> RepoResult<()> {
        let mut tx = self.write().await?;
        insert_lease::<B, _>(&mut *tx, lease, entries, next_charge_on).await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn lease(&self, org: OrgId, id: LeaseId) -> RepoResult<Lease> {
        let mut conn = self.read().await?;
        let row = conn
            .one::<LeaseRow>(
                concat!(
                    "select ",
                    lease_columns!(),
                    " from leases where org_id = $1 and id = $2"
                ),
                args![org, id],
            )
            .await?;
        let mut leases = with_tenants(&mut *conn, org, vec![row]).await?;
        leases.pop().ok_or(RepoError::NotFound)
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn leases(
        &self,
        org: OrgId,
        filter: LeaseFilter,
        page: PageRequest,
    ) -> RepoResult<Page<Lease>> {
        let mut conn = self.read().await?;
        let rows = Listing::new(
            lease_columns!(),
            "leases",
            "org_id",
            org,
            "start_date desc, id desc",
        )
        .and_eq("unit_id", filter.unit_id)
        .and_eq("property_id", filter.property_id)
        .and(filter.tenant_id, |tenant| {
            format!(
                "exists (select 1 from lease_tenants lt where lt.org_id = leases.org_id \
                 and lt.lease_id = leases.id and lt.tenant_id = {tenant})"
            )
        })
        .fetch(&mut *conn, page, Ok::<LeaseRow, _>)
        .await?;
        Ok(Page {
            results: with_tenants(&mut *conn, org, rows.results).await?,
            total: rows.total,
            page: rows.page,
            limit: rows.limit,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(lease = %lease.id, entries = entries.len()))]
    async fn update_lease(
        &self,
        lease: &Lease,
        entries: &[LedgerEntry],
        next_charge_on: Option<NaiveDate>,
        moved_out: Option<NaiveDate>,
    ) -> RepoResult<()> {
        let org = lease.org_id;
        entries_on(entries, &BTreeSet::from([lease.id]))?;
        let mut tx = self.write().await?;
        let (unit, start) = tx
            .one::<(Uuid, NaiveDate)>(
                AssertSqlSafe(format!(
                    "select unit_id, start_date from leases where org_id = $1 and id = $2{}",
                    B::LOCK
                )),
                args![org, lease.id],
            )
            .await?;
        let unit = UnitId::from_uuid(unit);
        // Lock the unit as create_lease does, so the overlap check sees every lease.
        tx.one::<(Uuid,)>(
            AssertSqlSafe(format!(
                "select id from units where org_id = $1 and id = $2{}",
                B::LOCK
            )),
            args![org, unit],
        )
        .await?;
        check_overlap(
            &mut *tx,
            org,
            unit,
            lease.id,
            lease.tenants.len(),
            (start, lease.terms.end_date),
        )
        .await?;
        super::occupancy::touch_occupancy(&mut *tx, org).await?;
        let t = &lease.terms;
        tx.exec(
            "update leases set rent_cents = $3, charges_cents = $4, deposit_cents = $5, \
             due_day = $6, end_date = $7, ended_at = $8, next_charge_on = $9, updated_at = $10 \
             where org_id = $1 and id = $2",
            args![
                org,
                lease.id,
                t.rent.cents(),
                t.charges.cents(),
                t.deposit.cents(),
                t.due_day.get(),
                t.end_date,
                lease.ended_at,
                next_charge_on,
                lease.updated_at,
            ],
        )
        .await?;
        if let Some(out) = moved_out {
            tx.exec(
                "update tenant_history set move_out = $3, updated_at = $4 \
                 where org_id = $1 and lease_id = $2 and move_out is null",
                args![org, lease.id, out, lease.updated_at],
            )
            .await?;
        }
        post(&mut *tx, org, entries).await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn leases_due(
        &self,
        org: OrgId,
        through: NaiveDate,
        after: Option<LeaseId>,
        limit: u32,
    ) -> RepoResult<Vec<DueLease>> {
        let mut conn = self.read().await?;
        // `next_charge_on` has no index (see the port): the leases are read in key
        // order from the cursor on, those not due skipped.
        let rows = conn
            .all::<LeaseRow>(
                concat!(
                    "select ",
                    lease_columns!(),
                    " from leases where org_id = $1 and id > $2 \
                     and next_charge_on <= $3 order by id limit $4"
                ),
                args![
                    org,
                    after.map_or(Uuid::nil(), |id| id.as_uuid()),
                    through,
                    limit
                ],
            )
            .await?;
        with_tenants_and_charges(&mut *conn, org, rows).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, leases = batch.len()))]
    async fn post_charges(&self, org: OrgId, batch: &[LeaseCharges]) -> RepoResult<u64> {
        for charges in batch {
            entries_on(&charges.entries, &BTreeSet::from([charges.lease_id]))?;
        }
        let mut ordered: Vec<&LeaseCharges> = batch.iter().collect();
        ordered.sort_by_key(|charges| charges.lease_id);
        ordered.dedup_by_key(|charges| charges.lease_id);
        let mut tx = self.write().await?;
        // Each lease's next charge date first: the update locks the leases (before
        // their accounts, as every lease change does) and tells which exist. Nothing
        // indexes `next_charge_on`, so on PostgreSQL the update stays on the row's page
        // without touching an index (HOT). The leases moving to the same date (in a
        // monthly run, nearly all of them) are listed in one `id in (..)`: SQLite
        // seeks each one. A join on `(values ..)` instead lets SQLite's planner choose,
        // from its estimate of an average organization's leases, to scan all of this
        // organization's leases once a statement (see `set_next_charge_dates`).
        let now = stamp();
        let mut by_date: BTreeMap<Option<NaiveDate>, Vec<LeaseId>> = BTreeMap::new();
        for charges in &ordered {
            by_date
                .entry(charges.next_charge_on)
                .or_default()
                .push(charges.lease_id);
        }
        for (next_charge_on, leases) in &by_date {
            set_next_charge_dates(&mut *tx, org, *next_charge_on, leases, now).await?;
        }
        let entries: Vec<LedgerEntry> = batch
            .iter()
            .flat_map(|b| b.entries.iter().cloned())
            .collect();
        let posted = post(&mut *tx, org, &entries).await?.len();
        B::commit(tx).await?;
        Ok(u64::try_from(posted).unwrap_or(u64::MAX))
    }

    async fn charge_batching(&self) -> ChargeBatching {
        if B::ONE_WRITER {
            ChargeBatching {
                leases_per_transaction: ONE_WRITER_CHARGE_BATCH,
                concurrent_transactions: 1,
            }
        } else {
            ChargeBatching::default()
        }
    }
}

/// Leases per charge transaction on a database with one writer at a time (SQLite).
///
/// Every transaction rewrites the pages its accounts' ranking index entries moved
/// through, which for a large organization is most of that index whatever the batch
/// size, and SQLite writes each dirty page to its log at every commit: fewer, larger
/// transactions write less. Measured on the benchmark's 103,597 leases (scale 10):
/// two transactions of 500 at a time 10.1-11.3 s, one of 2,000 8.8-9.2 s, one of
/// 5,000 7.9 s. 2,000 holds the write lock about 0.2 s, which a payment arriving
/// meanwhile waits.
const ONE_WRITER_CHARGE_BATCH: u32 = 2_000;

/// Moves the next charge date of `leases` (of `org`, in order) to `next_charge_on`, a
/// few hundred a statement.
///
/// Written as `id in (..)`, not as a join on `(values ..)`: SQLite plans such a join
/// from `sqlite_stat1`, which gives the leases of an average organization; from about
/// 160 rows on, it preferred scanning every lease of the organization (an automatic
/// index and a Bloom filter on the values) to one seek a row, which for the 95,000
/// leases of the benchmark's large organization took 20 ms a statement (the charge job
/// spent 8 of its 33 s there). An `in` list is always sought key by key.
///
/// # Errors
/// `NotFound` when a lease is missing or of another organization.
async fn set_next_charge_dates<C: Conn>(
    conn: &mut C,
    org: OrgId,
    next_charge_on: Option<NaiveDate>,
    leases: &[LeaseId],
    now: DateTime<Utc>,
) -> RepoResult<()> {
    for chunk in leases.chunks(rows_per_statement(1) - 3) {
        let mut args = args![org, next_charge_on, now];
        for lease in chunk {
            args.push(*lease);
        }
        let updated = conn
            .all::<(Uuid,)>(
                AssertSqlSafe(format!(
                    "update leases set next_charge_on = $2, updated_at = $3 \
                     where org_id = $1 and id in ({}) returning id",
                    placeholders(4, chunk.len())
                )),
                args,
            )
            .await?;
        if updated.len() != chunk.len() {
            return Err(RepoError::NotFound);
        }
    }
    Ok(())
}
