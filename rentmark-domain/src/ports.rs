//! The ports: what the domain needs from the outside world, as traits with written
//! contracts. Adapters (`rentmark-store`, `rentmark-jobs`) implement them; the
//! use-case services in [`crate::services`] are written once against them.
//!
//! Every organization-scoped method takes the caller's [`OrgId`] and MUST treat a row
//! of another organization exactly like a missing one ([`RepoError::NotFound`]).
//! Every write method is one transaction: it happens completely or not at all.

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::Period;
use crate::ids::{DocumentId, LeaseId, OrgId, PaymentId, PropertyId, TenantId, UnitId, UserId};
use crate::lease::Lease;
use crate::ledger::{LedgerEntry, Payment};
use crate::money::Money;
use crate::org::{Membership, Organization, Role};
use crate::profile::Profile;
use crate::property::{Property, Unit};
use crate::tenant::{TenancyRecord, Tenant};
use crate::user::{Email, User};

/// What a storage adapter reports.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// No such row in the caller's organization.
    #[error("not found")]
    NotFound,
    /// A uniqueness or state constraint refused the write; `constraint` names it.
    #[error("conflict on {constraint}")]
    Conflict {
        /// The constraint's name, e.g. `users_email`, `lease_overlap`.
        constraint: String,
    },
    /// The storage failed (unreachable, corrupt row, ...). Never to be read as "not
    /// found" or "empty".
    #[error("storage unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl RepoError {
    /// A conflict on `constraint`.
    pub fn conflict(constraint: &str) -> Self {
        Self::Conflict {
            constraint: constraint.to_owned(),
        }
    }
}

/// The result of a port method.
pub type RepoResult<T> = Result<T, RepoError>;

/// Which page of a list, `page` from 1, `limit` 1-100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: u32,
    /// Rows per page.
    pub limit: u32,
}

impl PageRequest {
    /// The largest page size.
    pub const MAX_LIMIT: u32 = 100;

    /// A page request, clamped to `page >= 1` and `1 <= limit <= 100`.
    pub fn new(page: u32, limit: u32) -> Self {
        Self {
            page: page.max(1),
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }

    /// Rows to skip.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.limit)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { page: 1, limit: 20 }
    }
}

/// One page of a list and the total count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows.
    pub results: Vec<T>,
    /// Rows across all pages.
    pub total: u64,
    /// The page asked for.
    pub page: u32,
    /// The page size.
    pub limit: u32,
}

impl<T> Page<T> {
    /// Maps the rows.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            results: self.results.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            limit: self.limit,
        }
    }
}

/// Users, organizations and memberships.
pub trait AccountRepository: Send + Sync {
    /// Creates a user and, for a landlord, their organization with them as owner.
    ///
    /// # Errors
    /// MUST return `Conflict { constraint: "users_email" }` when the e-mail is taken
    /// (nothing is written then).
    fn create_user(
        &self,
        user: &User,
        organization: Option<&Organization>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// The user with this e-mail, if any.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn user_by_email(&self, email: &Email)
    -> impl Future<Output = RepoResult<Option<User>>> + Send;

    /// The user with this id.
    ///
    /// # Errors
    /// `NotFound` when there is none.
    fn user(&self, id: UserId) -> impl Future<Output = RepoResult<User>> + Send;

    /// The user's memberships, oldest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn memberships(&self, user: UserId)
    -> impl Future<Output = RepoResult<Vec<Membership>>> + Send;

    /// Adds `user` to `org` with `role`, or changes their role.
    ///
    /// # Errors
    /// `NotFound` when the user or the organization does not exist.
    fn set_membership(
        &self,
        org: OrgId,
        user: UserId,
        role: Role,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Every organization, for the recurring jobs.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn organizations(&self) -> impl Future<Output = RepoResult<Vec<Organization>>> + Send;

    /// The user's profile; `None` when they never saved one.
    ///
    /// # Errors
    /// `Unavailable` only (a missing user simply has no profile).
    fn profile(&self, user: UserId) -> impl Future<Output = RepoResult<Option<Profile>>> + Send;

    /// Stores the user's whole profile (creating or replacing it) and, when `rename`
    /// is given, renames that organization, in one transaction.
    ///
    /// # Errors
    /// `NotFound` when the user does not exist, or when `rename` names an
    /// organization the user is not the owner of (checked inside the transaction);
    /// `Unavailable` when the database refuses a value (a negative budget, which
    /// [`ProfileInput`](crate::profile::ProfileInput) never produces). Nothing is
    /// written on error.
    fn save_profile(
        &self,
        user: UserId,
        profile: &Profile,
        rename: Option<(OrgId, &str)>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Records that the user asked to be erased (GDPR art. 17), in one transaction
    /// (transactional outbox): their status becomes `erasing` and `job` (the erasure
    /// job, with its unique key) is enqueued. Idempotent: asking again while the
    /// erasure is pending or done changes nothing. Returns whether the job was
    /// enqueued by this call.
    ///
    /// # Errors
    /// `NotFound` when the user does not exist;
    /// `Conflict { constraint: "user_admin" }` for a platform admin (nothing is
    /// written then).
    fn request_erasure(
        &self,
        user: UserId,
        job: &NewJob,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Erases a user whose erasure was requested, in one transaction: the e-mail
    /// becomes [`Email::erased`], the password hash
    /// [`PasswordHash::unusable`](crate::user::PasswordHash::unusable), the display
    /// name and the profile row are deleted, the memberships deleted, the tenant
    /// records linked to the user unlinked (`user_id` set to null) and the status set
    /// to `erased`.
    ///
    /// The organizations keep their tenant records, leases, ledger entries and
    /// payments: accounting records must be kept for ten years (French Code de
    /// commerce art. L123-22), which GDPR art. 17(3)(b) allows (erasure does not
    /// apply where processing is needed to comply with a legal obligation).
    ///
    /// Idempotent: a user already erased is left as is and `false` is returned;
    /// `true` when this call erased them.
    ///
    /// # Errors
    /// `NotFound` when the user does not exist;
    /// `Conflict { constraint: "user_not_erasing" }` when their erasure was never
    /// requested (status `active` or `banned`; nothing is written then).
    fn erase_user(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Every tenant record linked to the user's account (`tenants.user_id = user`)
    /// in any organization, with the leases the tenant is on, the entries of the
    /// tenant's accounts and the tenant's payments, read from one snapshot
    /// (GDPR art. 15 and 20: the user's own access and portability request, so it
    /// crosses organizations but never leaves the user's own records). Ordered by
    /// organization then tenant creation; leases by start date, entries by effective
    /// date then recording order, payments by payment date.
    ///
    /// # Errors
    /// `Unavailable` only (a user with no linked record gets an empty list).
    fn linked_tenancies(
        &self,
        user: UserId,
    ) -> impl Future<Output = RepoResult<Vec<LinkedTenancy>>> + Send;
}

/// A tenant record linked to a user account, with what the organization holds about
/// it, for the user's data export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedTenancy {
    /// The organization's tenant record.
    pub tenant: Tenant,
    /// The leases the tenant is on, with their terms.
    pub leases: Vec<Lease>,
    /// The entries of the tenant's accounts (charges, payments, reversals).
    pub entries: Vec<LedgerEntry>,
    /// The tenant's payments, deleted ones included.
    pub payments: Vec<Payment>,
}

/// Properties and units.
pub trait PropertyRepository: Send + Sync {
    /// Creates properties, all or nothing.
    ///
    /// # Errors
    /// `Unavailable` only; on error nothing is written.
    fn create_properties(
        &self,
        org: OrgId,
        properties: &[Property],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One property.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn property(
        &self,
        org: OrgId,
        id: PropertyId,
    ) -> impl Future<Output = RepoResult<Property>> + Send;

    /// Properties by name.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn properties(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Property>>> + Send;

    /// Replaces a property's details.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn update_property(&self, property: &Property) -> impl Future<Output = RepoResult<()>> + Send;

    /// Deletes properties and their units, all or nothing.
    ///
    /// # Errors
    /// `NotFound` when any id is missing or of another organization;
    /// `Conflict { constraint: "property_has_leases" }` when a unit of one of them
    /// has a lease; `Conflict { constraint: "property_has_listings" }` when a listing
    /// advertises it. Nothing is deleted on error.
    fn delete_properties(
        &self,
        org: OrgId,
        ids: &[PropertyId],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Creates a unit.
    ///
    /// # Errors
    /// `NotFound` when its property is missing or of another organization.
    fn create_unit(&self, unit: &Unit) -> impl Future<Output = RepoResult<()>> + Send;

    /// Creates many units, all or nothing (bulk loading).
    ///
    /// # Errors
    /// `NotFound` when a property is missing or of another organization.
    fn create_units(
        &self,
        org: OrgId,
        units: &[Unit],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One unit.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn unit(&self, org: OrgId, id: UnitId) -> impl Future<Output = RepoResult<Unit>> + Send;

    /// The units of a property, by name.
    ///
    /// # Errors
    /// `NotFound` when the property is missing or of another organization.
    fn units(
        &self,
        org: OrgId,
        property: PropertyId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Unit>>> + Send;

    /// Replaces a unit's details.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn update_unit(&self, unit: &Unit) -> impl Future<Output = RepoResult<()>> + Send;

    /// Deletes a unit.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization;
    /// `Conflict { constraint: "unit_has_leases" }` when it has a lease;
    /// `Conflict { constraint: "unit_has_listings" }` when a listing advertises it.
    fn delete_unit(&self, org: OrgId, id: UnitId) -> impl Future<Output = RepoResult<()>> + Send;
}

/// Tenants and tenant history.
pub trait TenantRepository: Send + Sync {
    /// Creates a tenant.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_tenant(&self, tenant: &Tenant) -> impl Future<Output = RepoResult<()>> + Send;

    /// Creates many tenants, all or nothing (bulk loading).
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_tenants(
        &self,
        org: OrgId,
        tenants: &[Tenant],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One tenant.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn tenant(&self, org: OrgId, id: TenantId) -> impl Future<Output = RepoResult<Tenant>> + Send;

    /// Tenants by name.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn tenants(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Tenant>>> + Send;

    /// Replaces a tenant's details.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn update_tenant(&self, tenant: &Tenant) -> impl Future<Output = RepoResult<()>> + Send;

    /// Who lived in a unit: every stay, newest move-in first.
    ///
    /// # Errors
    /// `NotFound` when the unit is missing or of another organization.
    fn unit_history(
        &self,
        org: OrgId,
        unit: UnitId,
    ) -> impl Future<Output = RepoResult<Vec<TenancyRecord>>> + Send;
}

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

    /// Leases of `org` whose next charge is due on or before `through`, oldest due
    /// first, at most `limit`.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn leases_due(
        &self,
        org: OrgId,
        through: NaiveDate,
        limit: u32,
    ) -> impl Future<Output = RepoResult<Vec<Lease>>> + Send;

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

    /// Recomputes every materialized figure of the organization from its entries and
    /// reports those that differ (empty when the ledger reconciles).
    ///
    /// # Errors
    /// `Unavailable` only.
    fn reconcile(&self, org: OrgId) -> impl Future<Output = RepoResult<Vec<Discrepancy>>> + Send;
}

/// A stored file's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its id.
    pub id: DocumentId,
    /// The organization it belongs to.
    pub org_id: OrgId,
    /// What it is (`receipt`).
    pub kind: String,
    /// The original file name.
    pub filename: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its size.
    pub size_bytes: u64,
    /// Where the blob store keeps it.
    pub blob_key: String,
    /// Who uploaded it.
    pub uploaded_by: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Document metadata (the bytes live in a [`BlobStore`]).
pub trait DocumentRepository: Send + Sync {
    /// Records a stored document.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_document(&self, document: &Document) -> impl Future<Output = RepoResult<()>> + Send;

    /// One document.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn document(
        &self,
        org: OrgId,
        id: DocumentId,
    ) -> impl Future<Output = RepoResult<Document>> + Send;
}

/// Every repository: what the services need from a store.
pub trait Store:
    AccountRepository
    + PropertyRepository
    + TenantRepository
    + LeaseRepository
    + LedgerRepository
    + DocumentRepository
    + Clone
    + 'static
{
}

impl<T> Store for T where
    T: AccountRepository
        + PropertyRepository
        + TenantRepository
        + LeaseRepository
        + LedgerRepository
        + DocumentRepository
        + Clone
        + 'static
{
}

/// What a blob store reports.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// No blob under that key.
    #[error("blob not found")]
    NotFound,
    /// The key is not one this store accepts (path traversal, empty).
    #[error("invalid blob key")]
    InvalidKey,
    /// The storage failed.
    #[error("blob storage unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Where file bytes live: a local folder by default, S3 in production.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `key`, replacing any previous blob.
    ///
    /// # Errors
    /// `InvalidKey` for a key with `..`, a leading `/` or nothing in it;
    /// `Unavailable` when the storage fails.
    fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> impl Future<Output = Result<(), BlobError>> + Send;

    /// The bytes under `key`.
    ///
    /// # Errors
    /// `NotFound` when there is none; `InvalidKey`; `Unavailable`.
    fn get(&self, key: &str) -> impl Future<Output = Result<Vec<u8>, BlobError>> + Send;

    /// Deletes the blob under `key` (no error when there is none).
    ///
    /// # Errors
    /// `InvalidKey`; `Unavailable`.
    fn delete(&self, key: &str) -> impl Future<Output = Result<(), BlobError>> + Send;
}

/// The current instant, for code at the edges that wires use cases (the domain itself
/// never reads the clock: `now` is a parameter).
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// A job to run in the background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// Which handler runs it (`post_due_charges`).
    pub kind: String,
    /// Its arguments, as JSON text.
    pub payload: String,
    /// Not before this instant.
    pub run_at: DateTime<Utc>,
    /// Attempts before it is dead.
    pub max_attempts: u32,
    /// When set, a second job with the same key is not enqueued (recurring jobs use
    /// the slot they run for, e.g. `post_due_charges:2026-11-21T12`).
    pub unique_key: Option<String>,
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    /// Waiting for `run_at`, or for a retry.
    Queued,
    /// Claimed by a worker until `locked_until`.
    Running,
    /// Finished.
    Done,
    /// Failed `max_attempts` times; visible to admins.
    Dead,
}

impl JobStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Dead => "dead",
        }
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    /// Its id.
    pub id: crate::ids::JobId,
    /// Which handler runs it.
    pub kind: String,
    /// Its arguments, as JSON text.
    pub payload: String,
    /// Where it stands.
    pub status: JobStatus,
    /// Attempts made so far (including the current one once claimed).
    pub attempts: u32,
    /// Attempts before it is dead.
    pub max_attempts: u32,
    /// Not before this instant.
    pub run_at: DateTime<Utc>,
    /// The last failure.
    pub last_error: Option<String>,
}

/// The durable job queue: a table in the application's own database, so that a job
/// can be enqueued in the same transaction as the change that causes it.
pub trait JobQueue: Send + Sync {
    /// Enqueues a job; returns `None` when its `unique_key` was already used.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn enqueue(
        &self,
        job: &NewJob,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<Option<crate::ids::JobId>>> + Send;

    /// Claims the oldest job due at `now` (queued, or running with an expired lock),
    /// counting an attempt and locking it until `lock_until`. Two workers never claim
    /// the same job at once.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn claim(
        &self,
        now: DateTime<Utc>,
        lock_until: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<Option<JobRecord>>> + Send;

    /// Marks a claimed job done.
    ///
    /// # Errors
    /// `NotFound` when there is no such job.
    fn complete(
        &self,
        id: crate::ids::JobId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Records a failure: queued again at `retry_at`, or dead when `retry_at` is
    /// `None`.
    ///
    /// # Errors
    /// `NotFound` when there is no such job.
    fn fail(
        &self,
        id: crate::ids::JobId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Jobs in a given status, newest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn jobs(
        &self,
        status: JobStatus,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<JobRecord>>> + Send;
}
