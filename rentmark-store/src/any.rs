//! [`AnyStore`]: one type for either backend, chosen at run time from the database
//! URL. The port traits return `impl Future + Send`, so they are not object-safe; an
//! enum that delegates every method is what lets the application hold "the store"
//! without being generic over it.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{
    ApplicationId, DocumentId, EntryId, GuarantorId, JobId, LeaseId, ListingId, OrgId, PaymentId,
    PropertyId, TenantId, UnitId, UserId,
};
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::{LedgerEntry, Payment};
use rentmark_domain::marketplace::application::{Application, ApplicationStatus, StatusChange};
use rentmark_domain::marketplace::dossier::Guarantor;
use rentmark_domain::marketplace::listing::{DocumentKind, Listing, ListingStatus};
use rentmark_domain::marketplace::ports::{
    ApplicationFilter, Confirmation, ConfirmationOutcome, DossierDocument, MarketplaceRepository,
};
use rentmark_domain::marketplace::search::{ListingQuery, ListingSummary};
use rentmark_domain::org::{Membership, Organization, Role};
use rentmark_domain::ports::{
    AccountRepository, AccountRow, ChargeBatching, Discrepancy, Document, DocumentRepository,
    DueLease, JobQueue, JobRecord, JobStatus, LeaseCharges, LeaseFilter, LeaseRepository,
    LedgerRepository, LinkedTenancy, MonthTotals, NewJob, OrgFigures, OrgTotals, Page, PageRequest,
    PaymentFilter, PropertyName, PropertyRepository, RepoResult, TenantLedger, TenantRepository,
};
use rentmark_domain::profile::Profile;
use rentmark_domain::property::{Property, Unit};
use rentmark_domain::tenant::{TenancyRecord, Tenant};
use rentmark_domain::user::{Email, User};

use crate::{PgStore, SqliteStore, StoreError};

/// The store on either backend.
#[derive(Debug, Clone)]
pub enum AnyStore {
    /// A SQLite file (the embedded default).
    Sqlite(SqliteStore),
    /// A PostgreSQL database.
    Postgres(PgStore),
}

/// Opens the store at `url` and applies its migrations: `sqlite://path/to/file.db`
/// (the file and its folder are created when missing; `sqlite::memory:` for a private
/// in-memory database) or `postgres://user@host:port/database`.
///
/// # Errors
/// [`StoreError::UnsupportedUrl`] for another scheme; the other [`StoreError`]s when
/// the database cannot be opened or migrated.
pub async fn connect(url: &str) -> Result<AnyStore, StoreError> {
    if url.starts_with("sqlite:") {
        SqliteStore::connect(url).await.map(AnyStore::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        PgStore::connect(url).await.map(AnyStore::Postgres)
    } else {
        let scheme = url.split_once(':').map_or(url, |(scheme, _)| scheme);
        Err(StoreError::UnsupportedUrl(scheme.to_owned()))
    }
}

impl AnyStore {
    /// Checks that the database answers (the health check).
    ///
    /// # Errors
    /// `Unavailable` when it does not.
    pub async fn ping(&self) -> RepoResult<()> {
        match self {
            Self::Sqlite(store) => store.ping().await,
            Self::Postgres(store) => store.ping().await,
        }
    }

    /// Closes the connection pool.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(store) => store.close().await,
            Self::Postgres(store) => store.close().await,
        }
    }

    /// The same store with an identity cache of its own keeping a user and their
    /// memberships `ttl` (default [`DEFAULT_IDENTITY_TTL`]; [`Duration::ZERO`]: not
    /// at all): what [`SqlStore::with_identity_ttl`] does, for either backend.
    ///
    /// [`DEFAULT_IDENTITY_TTL`]: crate::DEFAULT_IDENTITY_TTL
    /// [`SqlStore::with_identity_ttl`]: crate::SqlStore::with_identity_ttl
    #[must_use]
    pub fn with_identity_ttl(&self, ttl: Duration) -> Self {
        match self {
            Self::Sqlite(store) => Self::Sqlite(store.with_identity_ttl(ttl)),
            Self::Postgres(store) => Self::Postgres(store.with_identity_ttl(ttl)),
        }
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Implements traits for [`AnyStore`] by delegating each listed method to the backend.
macro_rules! delegate {
    ($(impl $trait:ident { $(fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)* })*) => {
        $(
            impl $trait for AnyStore {
                $(
                    async fn $name(&self $(, $arg: $ty)*) -> $ret {
                        match self {
                            Self::Sqlite(store) => store.$name($($arg),*).await,
                            Self::Postgres(store) => store.$name($($arg),*).await,
                        }
                    }
                )*
            }
        )*
    };
}

delegate! {
    impl AccountRepository {
        fn create_user(&self, user: &User, organization: Option<&Organization>) -> RepoResult<()>;
        fn user_by_email(&self, email: &Email) -> RepoResult<Option<User>>;
        fn user(&self, id: UserId) -> RepoResult<User>;
        fn memberships(&self, user: UserId) -> RepoResult<Vec<Membership>>;
        fn user_with_memberships(&self, id: UserId) -> RepoResult<(User, Vec<Membership>)>;
        fn set_membership(&self, org: OrgId, user: UserId, role: Role) -> RepoResult<()>;
        fn organizations(&self) -> RepoResult<Vec<Organization>>;
        fn profile(&self, user: UserId) -> RepoResult<Option<Profile>>;
        fn save_profile(
            &self,
            user: UserId,
            profile: &Profile,
            rename: Option<(OrgId, &str)>,
            now: DateTime<Utc>
        ) -> RepoResult<()>;
        fn request_erasure(&self, user: UserId, job: &NewJob, now: DateTime<Utc>) -> RepoResult<bool>;
        fn erase_user(&self, user: UserId, now: DateTime<Utc>) -> RepoResult<bool>;
        fn linked_tenancies(&self, user: UserId) -> RepoResult<Vec<LinkedTenancy>>;
    }
    impl PropertyRepository {
        fn create_properties(&self, org: OrgId, properties: &[Property]) -> RepoResult<()>;
        fn property(&self, org: OrgId, id: PropertyId) -> RepoResult<Property>;
        fn properties(&self, org: OrgId, page: PageRequest) -> RepoResult<Page<Property>>;
        fn property_names(&self, org: OrgId, name_contains: Option<&str>, limit: u32) -> RepoResult<Vec<PropertyName>>;
        fn update_property(&self, property: &Property) -> RepoResult<()>;
        fn delete_properties(&self, org: OrgId, ids: &[PropertyId]) -> RepoResult<()>;
        fn create_unit(&self, unit: &Unit) -> RepoResult<()>;
        fn create_units(&self, org: OrgId, units: &[Unit]) -> RepoResult<()>;
        fn unit(&self, org: OrgId, id: UnitId) -> RepoResult<Unit>;
        fn units(&self, org: OrgId, property: PropertyId, page: PageRequest) -> RepoResult<Page<Unit>>;
        fn update_unit(&self, unit: &Unit) -> RepoResult<()>;
        fn delete_unit(&self, org: OrgId, id: UnitId) -> RepoResult<()>;
    }
    impl TenantRepository {
        fn create_tenant(&self, tenant: &Tenant) -> RepoResult<()>;
        fn create_tenants(&self, org: OrgId, tenants: &[Tenant]) -> RepoResult<()>;
        fn tenant(&self, org: OrgId, id: TenantId) -> RepoResult<Tenant>;
        fn tenants(&self, org: OrgId, page: PageRequest) -> RepoResult<Page<Tenant>>;
        fn update_tenant(&self, tenant: &Tenant) -> RepoResult<()>;
        fn unit_history(&self, org: OrgId, unit: UnitId) -> RepoResult<Vec<TenancyRecord>>;
    }
    impl LeaseRepository {
        fn create_lease(
            &self,
            lease: &Lease,
            entries: &[LedgerEntry],
            next_charge_on: Option<NaiveDate>
        ) -> RepoResult<()>;
        fn lease(&self, org: OrgId, id: LeaseId) -> RepoResult<Lease>;
        fn leases(&self, org: OrgId, filter: LeaseFilter, page: PageRequest) -> RepoResult<Page<Lease>>;
        fn update_lease(
            &self,
            lease: &Lease,
            entries: &[LedgerEntry],
            next_charge_on: Option<NaiveDate>,
            moved_out: Option<NaiveDate>
        ) -> RepoResult<()>;
        fn leases_due(&self, org: OrgId, through: NaiveDate, after: Option<LeaseId>, limit: u32) -> RepoResult<Vec<DueLease>>;
        fn post_charges(&self, org: OrgId, batch: &[LeaseCharges]) -> RepoResult<u64>;
        fn charge_batching(&self) -> ChargeBatching;
    }
    impl LedgerRepository {
        fn record_payment(&self, payment: &Payment, entry: &LedgerEntry) -> RepoResult<Payment>;
        fn amend_payment(
            &self,
            payment: &Payment,
            expected_revision: u32,
            entries: &[LedgerEntry]
        ) -> RepoResult<()>;
        fn payment(&self, org: OrgId, id: PaymentId) -> RepoResult<Payment>;
        fn payments(&self, org: OrgId, filter: PaymentFilter, page: PageRequest) -> RepoResult<Page<Payment>>;
        fn entry(&self, org: OrgId, id: EntryId) -> RepoResult<LedgerEntry>;
        fn lease_entries(&self, org: OrgId, lease: LeaseId) -> RepoResult<Vec<LedgerEntry>>;
        fn tenant_entries(&self, org: OrgId, tenant: TenantId) -> RepoResult<Vec<LedgerEntry>>;
        fn tenant_accounts(&self, org: OrgId, tenant: TenantId) -> RepoResult<Vec<AccountRow>>;
        fn tenant_ledger(&self, org: OrgId, tenant: TenantId, recent: u32) -> RepoResult<TenantLedger>;
        fn account_rows(
            &self,
            org: OrgId,
            property: Option<PropertyId>,
            page: PageRequest
        ) -> RepoResult<Page<AccountRow>>;
        fn org_totals(&self, org: OrgId, today: NaiveDate) -> RepoResult<OrgTotals>;
        fn month_totals(&self, org: OrgId, from: Period, to: Period) -> RepoResult<Vec<MonthTotals>>;
        fn org_figures(&self, org: OrgId, today: NaiveDate, from: Period, to: Period) -> RepoResult<OrgFigures>;
        fn reconcile(&self, org: OrgId) -> RepoResult<Vec<Discrepancy>>;
    }
    impl DocumentRepository {
        fn create_document(&self, document: &Document) -> RepoResult<()>;
        fn document(&self, org: OrgId, id: DocumentId) -> RepoResult<Document>;
    }
    impl MarketplaceRepository {
        fn create_listing(
            &self,
            listing: &Listing,
            new_property: Option<&Property>,
            new_units: &[Unit]
        ) -> RepoResult<()>;
        fn listing(&self, org: OrgId, id: ListingId) -> RepoResult<Listing>;
        fn public_listing(&self, id: ListingId) -> RepoResult<Listing>;
        fn org_listings(&self, org: OrgId, page: PageRequest) -> RepoResult<Page<Listing>>;
        fn set_listing_status(
            &self,
            org: OrgId,
            id: ListingId,
            expected: ListingStatus,
            status: ListingStatus,
            now: DateTime<Utc>
        ) -> RepoResult<()>;
        fn update_listing(&self, listing: &Listing) -> RepoResult<()>;
        fn search_listings(&self, query: &ListingQuery) -> RepoResult<Page<ListingSummary>>;
        fn create_guarantor(&self, guarantor: &Guarantor) -> RepoResult<()>;
        fn guarantor(&self, owner: UserId, id: GuarantorId) -> RepoResult<Guarantor>;
        fn guarantors(&self, owner: UserId, page: PageRequest) -> RepoResult<Page<Guarantor>>;
        fn update_guarantor(&self, guarantor: &Guarantor) -> RepoResult<()>;
        fn delete_guarantor(&self, owner: UserId, id: GuarantorId) -> RepoResult<()>;
        fn create_dossier_document(&self, document: &DossierDocument) -> RepoResult<()>;
        fn dossier_document(&self, owner: UserId, id: DocumentId) -> RepoResult<DossierDocument>;
        fn finalize_dossier_document(
            &self,
            owner: UserId,
            id: DocumentId,
            size_bytes: u64
        ) -> RepoResult<()>;
        fn delete_dossier_document(&self, owner: UserId, id: DocumentId) -> RepoResult<()>;
        fn dossier_documents(&self, owner: UserId) -> RepoResult<Vec<DossierDocument>>;
        fn dossier_document_kinds(&self, owner: UserId) -> RepoResult<BTreeSet<DocumentKind>>;
        fn create_application(
            &self,
            application: &Application,
            change: &StatusChange
        ) -> RepoResult<()>;
        fn application(&self, id: ApplicationId) -> RepoResult<Application>;
        fn applicant_applications(
            &self,
            applicant: UserId,
            page: PageRequest
        ) -> RepoResult<Page<Application>>;
        fn org_applications(
            &self,
            org: OrgId,
            filter: ApplicationFilter,
            page: PageRequest
        ) -> RepoResult<Page<Application>>;
        fn transition_application(
            &self,
            application: &Application,
            expected: ApplicationStatus,
            change: &StatusChange
        ) -> RepoResult<()>;
        fn confirm_application(&self, confirmation: &Confirmation) -> RepoResult<ConfirmationOutcome>;
        fn application_history(&self, id: ApplicationId) -> RepoResult<Vec<StatusChange>>;
        fn tenant_for_user(&self, org: OrgId, user: UserId) -> RepoResult<Option<Tenant>>;
    }
    impl JobQueue {
        fn enqueue(&self, job: &NewJob, now: DateTime<Utc>) -> RepoResult<Option<JobId>>;
        fn claim(&self, now: DateTime<Utc>, lock_until: DateTime<Utc>) -> RepoResult<Option<JobRecord>>;
        fn complete(&self, id: JobId, now: DateTime<Utc>) -> RepoResult<()>;
        fn fail(
            &self,
            id: JobId,
            error: &str,
            retry_at: Option<DateTime<Utc>>,
            now: DateTime<Utc>
        ) -> RepoResult<()>;
        fn jobs(&self, status: JobStatus, page: PageRequest) -> RepoResult<Page<JobRecord>>;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn picks_the_backend_from_the_url() {
        match connect("mysql://localhost/x").await {
            Err(StoreError::UnsupportedUrl(scheme)) => assert_eq!(scheme, "mysql"),
            other => panic!("expected an unsupported url, got {other:?}"),
        }
        let store = connect("sqlite::memory:")
            .await
            .expect("an in-memory store");
        assert_eq!(store.backend(), "sqlite");
        store.ping().await.expect("it answers");
        // Migrated, and the one connection keeps the database alive between calls.
        assert!(store.organizations().await.expect("a query").is_empty());
        assert!(store.organizations().await.expect("a query").is_empty());
    }
}
