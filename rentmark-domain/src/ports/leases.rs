//! Leases and the charges their schedule posts.

use super::*;

/// Which leases to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeaseFilter {
    /// Only this unit's.
    pub unit_id: Option<UnitId>,
    /// Only leases this tenant is on.
    pub tenant_id: Option<TenantId>,
    /// Only this property's.
    pub property_id: Option<PropertyId>,
}

/// Leases and the charges the schedule posts.
pub trait LeaseRepository: Send + Sync {
    /// Creates a lease with its co-tenants, a move-in history row per co-tenant, the
    /// charges already due (`entries`) and their balances, in one transaction.
    /// `next_charge_on` is when the schedule next owes something.
    ///
    /// # Errors
    /// `NotFound` when the unit or a tenant is missing or of another organization;
    /// `Conflict { constraint: "lease_overlap" }` when another lease of the unit covers
    /// any of the same days. Nothing is written on error.
    fn create_lease(
        &self,
        lease: &Lease,
        entries: &[LedgerEntry],
        next_charge_on: Option<NaiveDate>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One lease.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn lease(&self, org: OrgId, id: LeaseId) -> impl Future<Output = RepoResult<Lease>> + Send;

    /// Leases, newest start first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn leases(
        &self,
        org: OrgId,
        filter: LeaseFilter,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Lease>>> + Send;

    /// Replaces a lease's terms (rent, charges, deposit, due day, end date) and posts
    /// `entries` (adjustments), in one transaction; when `moved_out` is set, closes
    /// the co-tenants' open history rows on that date.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization;
    /// `Conflict { constraint: "lease_overlap" }` when a new end date would overlap
    /// another lease of the unit.
    fn update_lease(
        &self,
        lease: &Lease,
        entries: &[LedgerEntry],
        next_charge_on: Option<NaiveDate>,
        moved_out: Option<NaiveDate>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Leases of `org` whose next charge is due on or before `through`, in id order,
    /// those after `after` only (a cursor: pass the last lease of the previous page),
    /// at most `limit`, each with what its co-tenants have been charged so far (the
    /// split of the next charges starts from it).
    ///
    /// Paged by id rather than by due date so that a store need not index the next
    /// charge date, which the charge job moves on every lease every month: without
    /// that index PostgreSQL updates the lease in place (a HOT update, no index
    /// entry written), at the price of reading every lease of the organization once
    /// per run.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn leases_due(
        &self,
        org: OrgId,
        through: NaiveDate,
        after: Option<LeaseId>,
        limit: u32,
    ) -> impl Future<Output = RepoResult<Vec<DueLease>>> + Send;

    /// Posts scheduled charges of a batch of leases and moves each one's next charge
    /// date, in one transaction. Idempotent: an entry whose idempotency key exists is
    /// skipped, so running the charge job twice posts nothing twice. Returns how many
    /// entries were posted.
    ///
    /// # Errors
    /// `NotFound` when a lease is missing or of another organization (nothing is
    /// written then).
    fn post_charges(
        &self,
        org: OrgId,
        batch: &[LeaseCharges],
    ) -> impl Future<Output = RepoResult<u64>> + Send;

    /// How the charge job should cut its work into [`post_charges`](Self::post_charges)
    /// transactions on this store: a store with one writer at a time gains nothing
    /// from concurrent transactions and pays for each commit, so it asks for fewer,
    /// larger ones.
    fn charge_batching(&self) -> impl Future<Output = ChargeBatching> + Send;
}

/// How the charge job cuts its work into transactions
/// ([`LeaseRepository::charge_batching`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeBatching {
    /// Leases posted per transaction (at least 1).
    pub leases_per_transaction: u32,
    /// Transactions written at once (at least 1).
    pub concurrent_transactions: u32,
}

impl Default for ChargeBatching {
    /// 500 leases a transaction, two transactions at once: while one writes, the other
    /// waits on the database.
    fn default() -> Self {
        Self {
            leases_per_transaction: 500,
            concurrent_transactions: 2,
        }
    }
}

/// A lease with charges due ([`LeaseRepository::leases_due`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLease {
    /// The lease.
    pub lease: Lease,
    /// What each co-tenant has been charged on it so far, net of reversals, in
    /// co-tenant order (the accounts' charges totals; zero for an account without
    /// entries).
    pub charged: Vec<Money>,
}

/// The charges of one lease for [`LeaseRepository::post_charges`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseCharges {
    /// The lease.
    pub lease_id: LeaseId,
    /// Its charge entries to post (already split among co-tenants).
    pub entries: Vec<LedgerEntry>,
    /// When the schedule next owes something after these.
    pub next_charge_on: Option<NaiveDate>,
}
