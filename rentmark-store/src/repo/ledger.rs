//! [`LedgerRepository`]: payments (record, amend), entries, and the materialized
//! figures (billing rows, organization totals, monthly totals).

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{DocumentId, EntryId, LeaseId, OrgId, PaymentId, PropertyId, TenantId};
use rentmark_domain::ledger::{LedgerEntry, Payment};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::ports::{
    AccountRow, Discrepancy, LedgerRepository, MonthTotals, OrgFigures, OrgTotals, Page,
    PageRequest, PaymentFilter, RepoError, RepoResult, TenantLedger,
};
use sqlx::AssertSqlSafe;

use crate::error::corrupt;
use crate::repo::paging::Listing;
use crate::repo::posting::{entries_on, post, post_deferring_totals};
use crate::repo::properties::property_exists;
use crate::repo::reconcile::reconcile;
use crate::repo::tenants::tenant_exists;
use crate::rows::{
    AccountRowRow, EntryRow, PaymentRow, TenantRow, account_columns, currency, entries,
    entry_columns, payment_columns, payment_nulls, payment_select, tenant_columns,
};
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

/// `NotFound` unless the document exists in the organization.
async fn check_receipt<C: Conn>(
    conn: &mut C,
    org: OrgId,
    receipt: Option<DocumentId>,
) -> RepoResult<()> {
    if let Some(id) = receipt {
        conn.one::<(i64,)>(
            "select cast(1 as bigint) from documents where org_id = $1 and id = $2",
            args![org, id],
        )
        .await?;
    }
    Ok(())
}

/// The organization's currency (euros for an organization that does not exist, whose
/// figures are all zero anyway).
pub(crate) async fn org_currency<C: Conn>(conn: &mut C, org: OrgId) -> RepoResult<Currency> {
    match conn
        .opt::<(String,)>(
            "select currency from organizations where id = $1",
            args![org],
        )
        .await?
    {
        Some((code,)) => currency(&code),
        None => Ok(Currency::default()),
    }
}

/// Every entry of tenant `$2` of organization `$1`, oldest first. Read through the
/// tenant's leases and the account index (`ledger_entries` has no index by tenant
/// alone: one index entry less for every entry posted).
pub(crate) const TENANT_ENTRIES_SQL: &str = concat!(
    "select ",
    entry_columns!(),
    " from ledger_entries where org_id = $1 and tenant_id = $2 \
     and lease_id in (select lease_id from lease_tenants where org_id = $1 and tenant_id = $2) \
     order by effective_on, recorded_at, id"
);

/// The row of [`LedgerRepository::org_figures`]: currency, charged, paid, cached units
/// and occupied units, then one month's period, due and collected.
type FiguresRow = (
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
);

/// One [`MonthTotals`] per month from `from` to `to` (empty when `from > to`), zero
/// where `stored` (sums by period) has none.
fn months_between(
    from: Period,
    to: Period,
    stored: &HashMap<String, (i64, i64)>,
    currency: Currency,
) -> Vec<MonthTotals> {
    let mut months = Vec::new();
    let mut period = from;
    while period <= to {
        let (due, collected) = stored.get(&period.to_string()).copied().unwrap_or((0, 0));
        months.push(MonthTotals {
            period,
            due: Money::from_cents(due, currency),
            collected: Money::from_cents(collected, currency),
        });
        period = period.next();
    }
    months
}

async fn payment_row<C: Conn>(conn: &mut C, org: OrgId, id: PaymentId) -> RepoResult<Payment> {
    conn.one::<PaymentRow>(
        concat!(
            "select ",
            payment_select!(),
            " from payments where org_id = $1 and id = $2"
        ),
        args![org, id],
    )
    .await?
    .into_domain()
}

const ACCOUNTS_FROM: &str = "ledger_accounts a \
    join properties p on p.org_id = a.org_id and p.id = a.property_id";

/// The tenant ledger's statement in one round trip: a union of the tenant's row
/// (`part` 0), their accounts (1) and their latest `$3` payments (2), each part in
/// its own columns and null in the others'. The first branch names every column.
static TENANT_LEDGER_SQL: LazyLock<String> = LazyLock::new(|| tenant_ledger_sql(true));

/// The tenant ledger's first statement when statements are cheap: the tenant and
/// their accounts, as in [`TENANT_LEDGER_SQL`] without the payments' columns.
static TENANT_ACCOUNTS_SQL: LazyLock<String> = LazyLock::new(|| tenant_ledger_sql(false));

/// The tenant ledger's second statement: their latest `$3` payments (`part` 2).
const RECENT_PAYMENTS_SQL: &str = concat!(
    "select cast(2 as bigint) as part, ",
    payment_select!(),
    " from payments where org_id = $1 and tenant_id = $2 \
     order by paid_on desc, id desc limit $3"
);

/// [`TENANT_LEDGER_SQL`], or [`TENANT_ACCOUNTS_SQL`] without `payments`.
fn tenant_ledger_sql(payments: bool) -> String {
    let account = concat!(account_columns!(), ", a.created_at as account_created_at");
    let named_nulls = account
        .split(',')
        .map(|column| {
            let column = column.trim();
            let name = column.rsplit_once(" as ").map_or(column, |(_, name)| name);
            format!("null as {}", name.trim_start_matches("a."))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let nulls = |columns: &str| vec!["null"; columns.split(',').count()].join(", ");
    let tenant_nulls = nulls(tenant_columns!());
    let mut sql = format!(
        "select cast(0 as bigint) as part, {tenant}, {named_nulls}{payment_nulls} \
         from tenants where org_id = $1 and id = $2 \
         union all select cast(1 as bigint), {tenant_nulls}, {account}{payment_nulls} \
         from {ACCOUNTS_FROM} where a.org_id = $1 and a.tenant_id = $2",
        tenant = tenant_columns!(),
        payment_nulls = if payments {
            concat!(", ", payment_nulls!())
        } else {
            ""
        },
    );
    if payments {
        sql.push_str(&format!(
            " union all select cast(2 as bigint), {tenant_nulls}, {account_nulls}, y.* \
             from (select {payment} from payments where org_id = $1 and tenant_id = $2 \
             order by paid_on desc, id desc limit $3) y",
            account_nulls = nulls(account),
            payment = payment_select!(),
        ));
    }
    sql
}

/// One row of [`TENANT_LEDGER_SQL`] (or of the two statements that split it),
/// decoded by its `part`.
enum TenantLedgerPart {
    /// The tenant.
    Tenant(TenantRow),
    /// One of their accounts, with when it was opened.
    Account(AccountRowRow, DateTime<Utc>),
    /// One of their latest payments.
    Payment(PaymentRow),
}

impl<'r, R: sqlx::Row> sqlx::FromRow<'r, R> for TenantLedgerPart
where
    &'r str: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    TenantRow: sqlx::FromRow<'r, R>,
    AccountRowRow: sqlx::FromRow<'r, R>,
    PaymentRow: sqlx::FromRow<'r, R>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        Ok(match row.try_get::<i64, _>("part")? {
            0 => Self::Tenant(TenantRow::from_row(row)?),
            1 => Self::Account(
                AccountRowRow::from_row(row)?,
                row.try_get("account_created_at")?,
            ),
            _ => Self::Payment(PaymentRow::from_row(row)?),
        })
    }
}

impl<B: Backend> LedgerRepository for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(payment = %payment.id, lease = %payment.lease_id))]
    async fn record_payment(&self, payment: &Payment, entry: &LedgerEntry) -> RepoResult<Payment> {
        let org = payment.org_id;
        if entry.lease_id != payment.lease_id
            || entry.tenant_id != payment.tenant_id
            || entry.payment_id != Some(payment.id)
        {
            return Err(RepoError::NotFound);
        }
        let mut tx = self.write().await?;
        check_receipt(&mut *tx, org, payment.receipt_document_id).await?;
        // Refuses (`NotFound`) an account that does not exist before writing anything.
        let (posted, totals) =
            post_deferring_totals(&mut *tx, org, std::slice::from_ref(entry)).await?;
        if posted.is_empty() {
            // Same idempotency key: the payment recorded the first time, as it stands.
            let existing = tx
                .one::<(Option<uuid::Uuid>,)>(
                    "select payment_id from ledger_entries \
                     where org_id = $1 and idempotency_key = $2",
                    args![org, entry.idempotency_key.as_str()],
                )
                .await?;
            let Some(id) = existing.0 else {
                return Err(RepoError::conflict("ledger_entries_org_id_idempotency_key"));
            };
            return payment_row(&mut *tx, org, PaymentId::from_uuid(id)).await;
        }
        let mut args = args![
            org,
            payment.id,
            payment.lease_id,
            payment.tenant_id,
            payment.amount.currency().code(),
            payment.amount.cents(),
            payment.paid_on,
            payment.method.as_str(),
            payment.receipt_document_id,
            payment.status.as_str(),
            payment.entry_id,
            payment.revision,
            payment.created_at,
            payment.updated_at,
        ];
        let insert_into = concat!("insert into payments (", payment_columns!(), ")");
        let values = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14";
        // The organization's totals and the payment row: in the payment's statement
        // where a statement is a round trip (two fewer per payment on PostgreSQL).
        let sql = if B::STATEMENT_IS_ROUND_TRIP {
            totals.write_ahead_of(org, insert_into, values, &mut args)
        } else {
            totals.apply(&mut *tx, org).await?;
            format!("{insert_into} values ({values})")
        };
        tx.exec(AssertSqlSafe(sql), args).await?;
        B::commit(tx).await?;
        Ok(payment.clone())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(payment = %payment.id, expected_revision))]
    async fn amend_payment(
        &self,
        payment: &Payment,
        expected_revision: u32,
        entries: &[LedgerEntry],
    ) -> RepoResult<()> {
        let org = payment.org_id;
        entries_on(entries, &BTreeSet::from([payment.lease_id]))?;
        let mut tx = self.write().await?;
        let (revision, lease, tenant) = tx
            .one::<(i64, uuid::Uuid, uuid::Uuid)>(
                AssertSqlSafe(format!(
                    "select revision, lease_id, tenant_id from payments \
                     where org_id = $1 and id = $2{}",
                    B::LOCK
                )),
                args![org, payment.id],
            )
            .await?;
        if revision != i64::from(expected_revision) {
            return Err(RepoError::conflict("payment_revision"));
        }
        if lease != payment.lease_id.as_uuid()
            || tenant != payment.tenant_id.as_uuid()
            || entries.iter().any(|e| e.tenant_id != payment.tenant_id)
        {
            return Err(RepoError::NotFound);
        }
        check_receipt(&mut *tx, org, payment.receipt_document_id).await?;
        tx.exec(
            "update payments set currency = $3, amount_cents = $4, paid_on = $5, method = $6, \
             receipt_document_id = $7, status = $8, entry_id = $9, revision = $10, \
             updated_at = $11 where org_id = $1 and id = $2",
            args![
                org,
                payment.id,
                payment.amount.currency().code(),
                payment.amount.cents(),
                payment.paid_on,
                payment.method.as_str(),
                payment.receipt_document_id,
                payment.status.as_str(),
                payment.entry_id,
                payment.revision,
                payment.updated_at,
            ],
        )
        .await?;
        let posted = post(&mut *tx, org, entries).await?;
        if posted.len() != entries.len() {
            // An entry of this change exists already: the payment changed meanwhile.
            return Err(RepoError::conflict("payment_revision"));
        }
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn payment(&self, org: OrgId, id: PaymentId) -> RepoResult<Payment> {
        let mut conn = self.read().await?;
        payment_row(&mut *conn, org, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn payments(
        &self,
        org: OrgId,
        filter: PaymentFilter,
        page: PageRequest,
    ) -> RepoResult<Page<Payment>> {
        let mut conn = self.read().await?;
        Listing::new(
            payment_select!(),
            "payments",
            "org_id",
            org,
            "paid_on desc, id desc",
        )
        .and_eq("lease_id", filter.lease_id)
        .and_eq("tenant_id", filter.tenant_id)
        .fetch(&mut *conn, page, PaymentRow::into_domain)
        .await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn entry(&self, org: OrgId, id: EntryId) -> RepoResult<LedgerEntry> {
        let mut conn = self.read().await?;
        conn.one::<EntryRow>(
            concat!(
                "select ",
                entry_columns!(),
                " from ledger_entries where org_id = $1 and id = $2"
            ),
            args![org, id],
        )
        .await?
        .into_domain()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn lease_entries(&self, org: OrgId, lease: LeaseId) -> RepoResult<Vec<LedgerEntry>> {
        let mut conn = self.read().await?;
        conn.one::<(i64,)>(
            "select cast(1 as bigint) from leases where org_id = $1 and id = $2",
            args![org, lease],
        )
        .await?;
        entries(
            conn.all::<EntryRow>(
                concat!(
                    "select ",
                    entry_columns!(),
                    " from ledger_entries where org_id = $1 and lease_id = $2 \
                     order by effective_on, recorded_at, id"
                ),
                args![org, lease],
            )
            .await?,
        )
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn tenant_entries(&self, org: OrgId, tenant: TenantId) -> RepoResult<Vec<LedgerEntry>> {
        let mut conn = self.read().await?;
        if !tenant_exists(&mut *conn, org, tenant).await? {
            return Err(RepoError::NotFound);
        }
        entries(
            conn.all::<EntryRow>(TENANT_ENTRIES_SQL, args![org, tenant])
                .await?,
        )
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn tenant_accounts(&self, org: OrgId, tenant: TenantId) -> RepoResult<Vec<AccountRow>> {
        let mut conn = self.read().await?;
        if !tenant_exists(&mut *conn, org, tenant).await? {
            return Err(RepoError::NotFound);
        }
        conn.all::<AccountRowRow>(
            AssertSqlSafe(format!(
                concat!(
                    "select ",
                    account_columns!(),
                    " from {} where a.org_id = $1 and a.tenant_id = $2 \
                     order by a.created_at, a.lease_id"
                ),
                ACCOUNTS_FROM
            )),
            args![org, tenant],
        )
        .await?
        .into_iter()
        .map(AccountRowRow::into_domain)
        .collect()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn tenant_ledger(
        &self,
        org: OrgId,
        tenant: TenantId,
        recent: u32,
    ) -> RepoResult<TenantLedger> {
        // The tenant, their accounts and their latest payments, in one statement
        // where statements are round trips, else in two narrower ones; no history is
        // read either way.
        let mut conn = self.read().await?;
        let parts = if B::STATEMENT_IS_ROUND_TRIP {
            conn.all::<TenantLedgerPart>(
                AssertSqlSafe(TENANT_LEDGER_SQL.as_str()),
                args![org, tenant, recent],
            )
            .await?
        } else {
            let mut parts = conn
                .all::<TenantLedgerPart>(
                    AssertSqlSafe(TENANT_ACCOUNTS_SQL.as_str()),
                    args![org, tenant],
                )
                .await?;
            if !parts.is_empty() {
                parts.extend(
                    conn.all::<TenantLedgerPart>(RECENT_PAYMENTS_SQL, args![org, tenant, recent])
                        .await?,
                );
            }
            parts
        };
        drop(conn);
        let mut tenant = None;
        let mut accounts = Vec::new();
        let mut recent_payments = Vec::new();
        for part in parts {
            match part {
                TenantLedgerPart::Tenant(row) => tenant = Some(row.into_domain()?),
                TenantLedgerPart::Account(row, created_at) => {
                    let account = row.into_domain()?;
                    accounts.push((created_at, account));
                }
                TenantLedgerPart::Payment(row) => recent_payments.push(row.into_domain()?),
            }
        }
        let tenant = tenant.ok_or(RepoError::NotFound)?;
        // A union has no order: accounts oldest first, payments newest first.
        accounts.sort_by_key(|(created_at, account)| (*created_at, account.lease_id));
        let accounts = accounts.into_iter().map(|(_, account)| account).collect();
        recent_payments.sort_by_key(|p| std::cmp::Reverse((p.paid_on, p.id)));
        Ok(TenantLedger {
            tenant,
            accounts,
            recent_payments,
        })
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn account_rows(
        &self,
        org: OrgId,
        property: Option<PropertyId>,
        page: PageRequest,
    ) -> RepoResult<Page<AccountRow>> {
        let mut conn = self.read().await?;
        if let Some(property) = property
            && !property_exists(&mut *conn, org, property).await?
        {
            return Err(RepoError::NotFound);
        }
        let listing = Listing::new(
            account_columns!(),
            ACCOUNTS_FROM,
            "a.org_id",
            org,
            "a.outstanding_cents desc, a.tenant_name, a.lease_id, a.tenant_id",
        )
        .count_from("ledger_accounts a");
        match property {
            // The whole organization: its accounts are counted on write, not here.
            None => listing.counted_by(
                "select coalesce((select account_count from organizations where id = $1), 0)",
            ),
            Some(property) => listing.and_eq("a.property_id", Some(property)),
        }
        .fetch(&mut *conn, page, AccountRowRow::into_domain)
        .await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn org_totals(&self, org: OrgId, today: NaiveDate) -> RepoResult<OrgTotals> {
        let (charged, paid, currency) = {
            let mut conn = self.read().await?;
            let currency = org_currency(&mut *conn, org).await?;
            let (charged, paid) = conn
                .one::<(i64, i64)>(
                    "select \
                     cast(coalesce((select sum(charged_cents) from org_totals where org_id = $1), 0) \
                     as bigint), \
                     cast(coalesce((select sum(paid_cents) from org_totals where org_id = $1), 0) \
                     as bigint)",
                    args![org],
                )
                .await?;
            (charged, paid, currency)
        };
        let (units, occupied) = super::occupancy::occupancy(self, org, today).await?;
        let count = |n: i64| u64::try_from(n).map_err(|_| corrupt("unit count"));
        Ok(OrgTotals {
            charged: Money::from_cents(charged, currency),
            paid: Money::from_cents(paid, currency),
            units: count(units)?,
            occupied_units: count(occupied)?,
        })
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn month_totals(
        &self,
        org: OrgId,
        from: Period,
        to: Period,
    ) -> RepoResult<Vec<MonthTotals>> {
        if from > to {
            return Ok(Vec::new());
        }
        let mut conn = self.read().await?;
        let currency = org_currency(&mut *conn, org).await?;
        let stored: HashMap<String, (i64, i64)> = conn
            .all::<(String, i64, i64)>(
                "select period, cast(sum(due_cents) as bigint), \
                 cast(sum(collected_cents) as bigint) from org_month_totals \
                 where org_id = $1 and period >= $2 and period <= $3 group by period",
                args![org, from.to_string(), to.to_string()],
            )
            .await?
            .into_iter()
            .map(|(period, due, collected)| (period, (due, collected)))
            .collect();
        Ok(months_between(from, to, &stored, currency))
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn org_figures(
        &self,
        org: OrgId,
        today: NaiveDate,
        from: Period,
        to: Period,
    ) -> RepoResult<OrgFigures> {
        // One row per month with figures (or one row with none), each carrying the
        // organization's totals and its cached occupancy (null when not current).
        let rows = {
            let mut conn = self.read().await?;
            conn.all::<FiguresRow>(
                "select o.currency, \
                 cast(coalesce((select sum(charged_cents) from org_totals where org_id = $1), 0) \
                 as bigint), \
                 cast(coalesce((select sum(paid_cents) from org_totals where org_id = $1), 0) \
                 as bigint), \
                 c.units, c.occupied, m.period, m.due, m.collected \
                 from organizations o \
                 left join org_occupancy c \
                 on c.org_id = o.id and c.on_date = $2 and c.rev = o.occupancy_rev \
                 left join (select period, cast(sum(due_cents) as bigint) as due, \
                 cast(sum(collected_cents) as bigint) as collected from org_month_totals \
                 where org_id = $1 and period >= $3 and period <= $4 group by period) m on 1 = 1 \
                 where o.id = $1",
                args![org, today, from.to_string(), to.to_string()],
            )
            .await?
        };
        let Some(first) = rows.first() else {
            return Err(RepoError::NotFound);
        };
        let currency = currency(&first.0)?;
        let (units, occupied) = match (first.3, first.4) {
            (Some(units), Some(occupied)) => (units, occupied),
            _ => super::occupancy::occupancy(self, org, today).await?,
        };
        let count = |n: i64| u64::try_from(n).map_err(|_| corrupt("unit count"));
        let totals = OrgTotals {
            charged: Money::from_cents(first.1, currency),
            paid: Money::from_cents(first.2, currency),
            units: count(units)?,
            occupied_units: count(occupied)?,
        };
        let stored: HashMap<String, (i64, i64)> = rows
            .into_iter()
            .filter_map(|r| Some((r.5?, (r.6.unwrap_or(0), r.7.unwrap_or(0)))))
            .collect();
        Ok(OrgFigures {
            totals,
            months: months_between(from, to, &stored, currency),
        })
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn reconcile(&self, org: OrgId) -> RepoResult<Vec<Discrepancy>> {
        let mut tx = self.snapshot().await?;
        let report = reconcile(&mut *tx, org).await?;
        B::commit(tx).await?;
        Ok(report)
    }
}
