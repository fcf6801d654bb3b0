//! Rows of the lease and ledger tables: leases and co-tenants, entries, payments,
//! account rows, and jobs.

use std::fmt::Write as _;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::calendar::{DueDay, Period};
use rentmark_domain::ids::{
    DocumentId, EntryId, JobId, LeaseId, OrgId, PaymentId, PropertyId, TenantId, UnitId,
};
use rentmark_domain::lease::{CoTenant, Lease, LeaseTerms, Share};
use rentmark_domain::ledger::{
    AccountSummary, EntryKind, IdempotencyKey, LedgerEntry, OpenDue, Payment, PaymentMethod,
    PaymentStatus,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::ports::{AccountRow, JobRecord, JobStatus, RepoResult};
use uuid::Uuid;

use crate::error::corrupt;
use crate::rows::{currency, to_u32};

macro_rules! lease_columns {
    () => {
        "org_id, id, unit_id, property_id, currency, rent_cents, charges_cents, deposit_cents, \
         start_date, end_date, due_day, ended_at, next_charge_on, created_at, updated_at"
    };
}
pub(crate) use lease_columns;

/// A `leases` row, without its co-tenants.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct LeaseRow {
    org_id: Uuid,
    pub(crate) id: Uuid,
    unit_id: Uuid,
    property_id: Uuid,
    currency: String,
    rent_cents: i64,
    charges_cents: i64,
    deposit_cents: i64,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    due_day: i64,
    ended_at: Option<DateTime<Utc>>,
    next_charge_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A `lease_tenants` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CoTenantRow {
    pub(crate) lease_id: Uuid,
    tenant_id: Uuid,
    share_bp: i64,
    /// The account's charges total, when the statement reads it.
    #[sqlx(default)]
    charged_cents: i64,
}

impl CoTenantRow {
    /// The account's charges total (zero when not read).
    pub(crate) const fn charged_cents(&self) -> i64 {
        self.charged_cents
    }

    fn into_domain(self) -> RepoResult<CoTenant> {
        Ok(CoTenant {
            tenant_id: TenantId::from_uuid(self.tenant_id),
            share: to_u32(self.share_bp, "share")
                .ok()
                .and_then(Share::from_basis_points)
                .ok_or_else(|| corrupt(format_args!("share {}", self.share_bp)))?,
        })
    }
}

impl LeaseRow {
    /// The lease with its co-tenants (rows of this lease, in position order).
    pub(crate) fn into_domain(self, co_tenants: Vec<CoTenantRow>) -> RepoResult<Lease> {
        let currency = currency(&self.currency)?;
        Ok(Lease {
            id: LeaseId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            unit_id: UnitId::from_uuid(self.unit_id),
            property_id: PropertyId::from_uuid(self.property_id),
            tenants: co_tenants
                .into_iter()
                .map(CoTenantRow::into_domain)
                .collect::<RepoResult<_>>()?,
            terms: LeaseTerms {
                rent: Money::from_cents(self.rent_cents, currency),
                charges: Money::from_cents(self.charges_cents, currency),
                deposit: Money::from_cents(self.deposit_cents, currency),
                start_date: self.start_date,
                end_date: self.end_date,
                due_day: DueDay::new(to_u32(self.due_day, "due day")?)
                    .map_err(|_| corrupt("due day"))?,
            },
            ended_at: self.ended_at,
            next_charge_on: self.next_charge_on,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! entry_columns {
    () => {
        "org_id, id, lease_id, tenant_id, kind, detail, currency, amount_cents, effective_on, \
         period, reverses, payment_id, idempotency_key, recorded_at"
    };
}
pub(crate) use entry_columns;

/// A `ledger_entries` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct EntryRow {
    org_id: Uuid,
    id: Uuid,
    lease_id: Uuid,
    tenant_id: Uuid,
    kind: String,
    detail: Option<String>,
    currency: String,
    amount_cents: i64,
    effective_on: NaiveDate,
    period: Option<String>,
    reverses: Option<Uuid>,
    payment_id: Option<Uuid>,
    idempotency_key: String,
    recorded_at: DateTime<Utc>,
}

impl EntryRow {
    pub(crate) fn into_domain(self) -> RepoResult<LedgerEntry> {
        Ok(LedgerEntry {
            id: EntryId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            lease_id: LeaseId::from_uuid(self.lease_id),
            tenant_id: TenantId::from_uuid(self.tenant_id),
            kind: EntryKind::from_parts(&self.kind, self.detail.as_deref()).map_err(corrupt)?,
            amount: Money::from_cents(self.amount_cents, currency(&self.currency)?),
            effective_on: self.effective_on,
            period: self
                .period
                .map(|p| Period::from_str(&p).map_err(corrupt))
                .transpose()?,
            reverses: self.reverses.map(EntryId::from_uuid),
            payment_id: self.payment_id.map(PaymentId::from_uuid),
            idempotency_key: IdempotencyKey::from_stored(self.idempotency_key),
            recorded_at: self.recorded_at,
        })
    }
}

/// Decodes entry rows.
pub(crate) fn entries(rows: Vec<EntryRow>) -> RepoResult<Vec<LedgerEntry>> {
    rows.into_iter().map(EntryRow::into_domain).collect()
}

macro_rules! payment_columns {
    () => {
        "org_id, id, lease_id, tenant_id, currency, amount_cents, paid_on, method, \
         receipt_document_id, status, entry_id, revision, created_at, updated_at"
    };
}
pub(crate) use payment_columns;

/// The `payments` columns as [`PaymentRow`] reads them, each named with a `pay_`
/// prefix so that a payment can share a row with a tenant's or an account's columns
/// (see the tenant ledger's statement).
macro_rules! payment_select {
    () => {
        "org_id as pay_org_id, id as pay_id, lease_id as pay_lease_id, \
         tenant_id as pay_tenant_id, currency as pay_currency, \
         amount_cents as pay_amount_cents, paid_on as pay_paid_on, method as pay_method, \
         receipt_document_id as pay_receipt_document_id, status as pay_status, \
         entry_id as pay_entry_id, revision as pay_revision, created_at as pay_created_at, \
         updated_at as pay_updated_at"
    };
}
pub(crate) use payment_select;

/// [`payment_select`]'s columns, each a typed null (PostgreSQL types a union's
/// columns pairwise, and two untyped nulls make text, which no uuid matches).
macro_rules! payment_nulls {
    () => {
        "cast(null as uuid) as pay_org_id, cast(null as uuid) as pay_id, \
         cast(null as uuid) as pay_lease_id, cast(null as uuid) as pay_tenant_id, \
         cast(null as text) as pay_currency, cast(null as bigint) as pay_amount_cents, \
         cast(null as date) as pay_paid_on, cast(null as text) as pay_method, \
         cast(null as uuid) as pay_receipt_document_id, cast(null as text) as pay_status, \
         cast(null as uuid) as pay_entry_id, cast(null as bigint) as pay_revision, \
         cast(null as timestamptz) as pay_created_at, \
         cast(null as timestamptz) as pay_updated_at"
    };
}
pub(crate) use payment_nulls;

/// A `payments` row, selected with [`payment_select`].
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PaymentRow {
    #[sqlx(rename = "pay_org_id")]
    org_id: Uuid,
    #[sqlx(rename = "pay_id")]
    id: Uuid,
    #[sqlx(rename = "pay_lease_id")]
    lease_id: Uuid,
    #[sqlx(rename = "pay_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "pay_currency")]
    currency: String,
    #[sqlx(rename = "pay_amount_cents")]
    amount_cents: i64,
    #[sqlx(rename = "pay_paid_on")]
    paid_on: NaiveDate,
    #[sqlx(rename = "pay_method")]
    method: String,
    #[sqlx(rename = "pay_receipt_document_id")]
    receipt_document_id: Option<Uuid>,
    #[sqlx(rename = "pay_status")]
    status: String,
    #[sqlx(rename = "pay_entry_id")]
    entry_id: Uuid,
    #[sqlx(rename = "pay_revision")]
    revision: i64,
    #[sqlx(rename = "pay_created_at")]
    created_at: DateTime<Utc>,
    #[sqlx(rename = "pay_updated_at")]
    updated_at: DateTime<Utc>,
}

/// The stored name of a payment status.
pub(crate) fn payment_status(name: &str) -> RepoResult<PaymentStatus> {
    [PaymentStatus::Active, PaymentStatus::Deleted]
        .into_iter()
        .find(|s| s.as_str() == name)
        .ok_or_else(|| corrupt(format_args!("payment status {name:?}")))
}

impl PaymentRow {
    pub(crate) fn into_domain(self) -> RepoResult<Payment> {
        Ok(Payment {
            id: PaymentId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            lease_id: LeaseId::from_uuid(self.lease_id),
            tenant_id: TenantId::from_uuid(self.tenant_id),
            amount: Money::from_cents(self.amount_cents, currency(&self.currency)?),
            paid_on: self.paid_on,
            method: PaymentMethod::from_str(&self.method).map_err(corrupt)?,
            receipt_document_id: self.receipt_document_id.map(DocumentId::from_uuid),
            status: payment_status(&self.status)?,
            entry_id: EntryId::from_uuid(self.entry_id),
            revision: to_u32(self.revision, "revision")?,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! account_columns {
    () => {
        "a.lease_id, a.tenant_id, a.tenant_name, a.unit_id, a.unit_name, a.property_id, \
         p.name as property_name, a.currency, a.charged_cents, a.paid_cents, a.oldest_unpaid_on, \
         a.last_payment_on, a.open_dues"
    };
}
pub(crate) use account_columns;

/// A `ledger_accounts` row with its property's name (selected as `a`, joined with
/// `p`).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AccountRowRow {
    lease_id: Uuid,
    tenant_id: Uuid,
    tenant_name: String,
    unit_id: Uuid,
    unit_name: String,
    property_id: Uuid,
    property_name: String,
    currency: String,
    charged_cents: i64,
    paid_cents: i64,
    oldest_unpaid_on: Option<NaiveDate>,
    last_payment_on: Option<NaiveDate>,
    open_dues: Option<String>,
}

impl AccountRowRow {
    pub(crate) fn into_domain(self) -> RepoResult<AccountRow> {
        let currency = currency(&self.currency)?;
        Ok(AccountRow {
            lease_id: LeaseId::from_uuid(self.lease_id),
            tenant_id: TenantId::from_uuid(self.tenant_id),
            tenant_name: self.tenant_name,
            unit_id: UnitId::from_uuid(self.unit_id),
            unit_name: self.unit_name,
            property_id: PropertyId::from_uuid(self.property_id),
            property_name: self.property_name,
            charged: Money::from_cents(self.charged_cents, currency),
            paid: Money::from_cents(self.paid_cents, currency),
            oldest_unpaid_on: self.oldest_unpaid_on,
            last_payment_on: self.last_payment_on,
            open: parse_open_dues(self.open_dues.as_deref(), currency)?,
        })
    }
}

macro_rules! stored_account_columns {
    () => {
        "lease_id, tenant_id, currency, charged_cents, paid_cents, oldest_unpaid_on, \
         last_payment_on, last_charge_on, open_dues"
    };
}
pub(crate) use stored_account_columns;

/// A `ledger_accounts` row's balance figures as materialized.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct StoredAccount {
    pub(crate) lease_id: Uuid,
    pub(crate) tenant_id: Uuid,
    pub(crate) currency: String,
    pub(crate) charged_cents: i64,
    pub(crate) paid_cents: i64,
    pub(crate) oldest_unpaid_on: Option<NaiveDate>,
    pub(crate) last_payment_on: Option<NaiveDate>,
    pub(crate) last_charge_on: Option<NaiveDate>,
    pub(crate) open_dues: Option<String>,
}

impl StoredAccount {
    /// The account's key.
    pub(crate) fn key(&self) -> (LeaseId, TenantId) {
        (
            LeaseId::from_uuid(self.lease_id),
            TenantId::from_uuid(self.tenant_id),
        )
    }

    /// The stored summary, or `None` when it is incomplete (`open_dues` null) and must
    /// be recomputed from the entries.
    ///
    /// # Errors
    /// `Unavailable` (a corrupt row).
    pub(crate) fn summary(&self) -> RepoResult<Option<AccountSummary>> {
        if self.open_dues.is_none() {
            return Ok(None);
        }
        let currency = currency(&self.currency)?;
        Ok(Some(AccountSummary {
            charged: Money::from_cents(self.charged_cents, currency),
            paid: Money::from_cents(self.paid_cents, currency),
            oldest_unpaid_on: self.oldest_unpaid_on,
            last_payment_on: self.last_payment_on,
            last_charge_on: self.last_charge_on,
            open: parse_open_dues(self.open_dues.as_deref(), currency)?,
        }))
    }
}

/// The `open_dues` column: `YYYY-MM-DD:cents` per open charge, oldest first, joined
/// by `;` (empty when nothing is due).
pub(crate) fn encode_open_dues(open: &[OpenDue]) -> String {
    let mut text = String::with_capacity(open.len() * 20);
    for (i, due) in open.iter().enumerate() {
        if i > 0 {
            text.push(';');
        }
        let _ = write!(text, "{}:{}", due.due_on, due.remaining.cents());
    }
    text
}

/// Reads the `open_dues` column back (see [`encode_open_dues`]).
///
/// # Errors
/// `Unavailable` (a corrupt row) when it is malformed or null: the store fills in
/// the rows written before the column existed when it opens the database.
pub(crate) fn parse_open_dues(text: Option<&str>, currency: Currency) -> RepoResult<Vec<OpenDue>> {
    let text = text.ok_or_else(|| corrupt("account open dues not computed"))?;
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(';')
        .map(|part| {
            let (date, cents) = part
                .split_once(':')
                .ok_or_else(|| corrupt("account open dues"))?;
            Ok(OpenDue {
                due_on: date
                    .parse()
                    .map_err(|_| corrupt("account open dues date"))?,
                remaining: Money::from_cents(
                    cents
                        .parse()
                        .map_err(|_| corrupt("account open dues amount"))?,
                    currency,
                ),
            })
        })
        .collect()
}

macro_rules! job_columns {
    () => {
        "id, kind, payload, status, attempts, max_attempts, run_at, last_error"
    };
}
pub(crate) use job_columns;

/// A `jobs` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct JobRow {
    id: Uuid,
    kind: String,
    payload: String,
    status: String,
    attempts: i64,
    max_attempts: i64,
    run_at: DateTime<Utc>,
    last_error: Option<String>,
}

impl JobRow {
    pub(crate) fn into_domain(self) -> RepoResult<JobRecord> {
        let status = [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Done,
            JobStatus::Dead,
        ]
        .into_iter()
        .find(|s| s.as_str() == self.status)
        .ok_or_else(|| corrupt(format_args!("job status {:?}", self.status)))?;
        Ok(JobRecord {
            id: JobId::from_uuid(self.id),
            kind: self.kind,
            payload: self.payload,
            status,
            attempts: to_u32(self.attempts, "attempts")?,
            max_attempts: to_u32(self.max_attempts, "max attempts")?,
            run_at: self.run_at,
            last_error: self.last_error,
        })
    }
}
