//! The ledger: payments, entries, materialized balances and their reconciliation.

use super::*;

/// Which payments to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaymentFilter {
    /// Only this lease's.
    pub lease_id: Option<LeaseId>,
    /// Only this tenant's.
    pub tenant_id: Option<TenantId>,
}

/// The materialized balance of one account (a co-tenant of a lease) with what a
/// billing row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// The lease.
    pub lease_id: LeaseId,
    /// The co-tenant.
    pub tenant_id: TenantId,
    /// Their name.
    pub tenant_name: String,
    /// The unit let.
    pub unit_id: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Its property.
    pub property_id: PropertyId,
    /// The property's name.
    pub property_name: String,
    /// Charges net of reversals.
    pub charged: Money,
    /// Payments net of reversals.
    pub paid: Money,
    /// Oldest charge not fully paid.
    pub oldest_unpaid_on: Option<NaiveDate>,
    /// Latest payment still standing.
    pub last_payment_on: Option<NaiveDate>,
    /// What remains due, charge by charge, oldest first (the input of the aging).
    pub open: Vec<OpenDue>,
}

impl AccountRow {
    /// What the co-tenant owes on this lease.
    pub fn outstanding(&self) -> Money {
        Money::from_cents(
            self.charged.cents() - self.paid.cents(),
            self.charged.currency(),
        )
    }
}

/// A tenant with their accounts and latest payments (see
/// [`LedgerRepository::tenant_ledger`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantLedger {
    /// The tenant.
    pub tenant: Tenant,
    /// One account per lease, oldest first.
    pub accounts: Vec<AccountRow>,
    /// The latest payments, newest first.
    pub recent_payments: Vec<Payment>,
}

/// Charged and collected in one month of an organization (by due date and payment
/// date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthTotals {
    /// The month.
    pub period: Period,
    /// Charges falling due that month, net of reversals.
    pub due: Money,
    /// Payments made that month, net of reversals.
    pub collected: Money,
}

/// An organization's figures, read from the materialized totals (constant cost in the
/// length of the history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgTotals {
    /// All charges net of reversals.
    pub charged: Money,
    /// All payments net of reversals.
    pub paid: Money,
    /// Units of the organization.
    pub units: u64,
    /// Units with a lease running on the day asked for.
    pub occupied_units: u64,
}

/// What the dashboard shows of an organization: its totals and its monthly figures,
/// read together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFigures {
    /// As [`LedgerRepository::org_totals`] gives them.
    pub totals: OrgTotals,
    /// As [`LedgerRepository::month_totals`] gives them.
    pub months: Vec<MonthTotals>,
}

/// A materialized figure that does not match the entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    /// What was checked (`account lease/tenant`, `org totals`, `month 2026-11`).
    pub subject: String,
    /// The materialized value, in cents.
    pub materialized_cents: i64,
    /// The value recomputed from the entries, in cents.
    pub recomputed_cents: i64,
}

/// The ledger: payments, entries and balances.
pub trait LedgerRepository: Send + Sync {
    /// Records a payment and its entry and updates the balances, in one transaction.
    /// When an entry with the same idempotency key exists, nothing is written and the
    /// existing payment is returned.
    ///
    /// # Errors
    /// `NotFound` when the lease is missing or of another organization, or the
    /// tenant is not on it, or the receipt document is missing or of another
    /// organization.
    fn record_payment(
        &self,
        payment: &Payment,
        entry: &LedgerEntry,
    ) -> impl Future<Output = RepoResult<Payment>> + Send;

    /// Stores a corrected or deleted payment and its entries (reversal, new entry)
    /// and updates the balances, in one transaction. `expected_revision` is the
    /// revision the change was computed from.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization (or its receipt is);
    /// `Conflict { constraint: "payment_revision" }` when the payment changed since
    /// `expected_revision` (nothing is written then).
    fn amend_payment(
        &self,
        payment: &Payment,
        expected_revision: u32,
        entries: &[LedgerEntry],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One payment.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn payment(
        &self,
        org: OrgId,
        id: PaymentId,
    ) -> impl Future<Output = RepoResult<Payment>> + Send;

    /// Payments, newest payment date first, deleted ones included.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn payments(
        &self,
        org: OrgId,
        filter: PaymentFilter,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Payment>>> + Send;

    /// One entry.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn entry(
        &self,
        org: OrgId,
        id: crate::ids::EntryId,
    ) -> impl Future<Output = RepoResult<LedgerEntry>> + Send;

    /// Every entry of a lease, in effective date order then recording order.
    ///
    /// # Errors
    /// `NotFound` when the lease is missing or of another organization.
    fn lease_entries(
        &self,
        org: OrgId,
        lease: LeaseId,
    ) -> impl Future<Output = RepoResult<Vec<LedgerEntry>>> + Send;

    /// Every entry on a tenant's accounts, in effective date order.
    ///
    /// # Errors
    /// `NotFound` when the tenant is missing or of another organization.
    fn tenant_entries(
        &self,
        org: OrgId,
        tenant: TenantId,
    ) -> impl Future<Output = RepoResult<Vec<LedgerEntry>>> + Send;

    /// What a tenant's balance shows, read together: the tenant, their materialized
    /// accounts (one per lease, oldest first) and their `recent` latest payments
    /// (newest payment date first, deleted ones included). Never reads the history.
    ///
    /// # Errors
    /// `NotFound` when the tenant is missing or of another organization.
    fn tenant_ledger(
        &self,
        org: OrgId,
        tenant: TenantId,
        recent: u32,
    ) -> impl Future<Output = RepoResult<TenantLedger>> + Send;

    /// The materialized accounts of a tenant (one per lease).
    ///
    /// # Errors
    /// `NotFound` when the tenant is missing or of another organization.
    fn tenant_accounts(
        &self,
        org: OrgId,
        tenant: TenantId,
    ) -> impl Future<Output = RepoResult<Vec<AccountRow>>> + Send;

    /// Billing rows: the materialized accounts of the organization (or of one
    /// property), largest outstanding first, then by tenant name.
    ///
    /// # Errors
    /// `NotFound` when `property` is given and missing or of another organization.
    fn account_rows(
        &self,
        org: OrgId,
        property: Option<PropertyId>,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<AccountRow>>> + Send;

    /// The organization's materialized totals; occupancy is counted on `today`.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn org_totals(
        &self,
        org: OrgId,
        today: NaiveDate,
    ) -> impl Future<Output = RepoResult<OrgTotals>> + Send;

    /// Materialized monthly figures from `from` to `to` inclusive, one per month
    /// (zero for months without entries), oldest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn month_totals(
        &self,
        org: OrgId,
        from: Period,
        to: Period,
    ) -> impl Future<Output = RepoResult<Vec<MonthTotals>>> + Send;

    /// [`LedgerRepository::org_totals`] on `today` and
    /// [`LedgerRepository::month_totals`] from `from` to `to`, in one read (what the
    /// dashboard needs, at the cost of one query).
    ///
    /// # Errors
    /// `NotFound` when the organization does not exist; `Unavailable`.
    fn org_figures(
        &self,
        org: OrgId,
        today: NaiveDate,
        from: Period,
        to: Period,
    ) -> impl Future<Output = RepoResult<OrgFigures>> + Send;

    /// Recomputes every materialized figure of the organization from its entries and
    /// reports those that differ (empty when the ledger reconciles).
    ///
    /// # Errors
    /// `Unavailable` only.
    fn reconcile(&self, org: OrgId) -> impl Future<Output = RepoResult<Vec<Discrepancy>>> + Send;
}
