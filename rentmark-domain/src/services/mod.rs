//! Use-case services, written once against the ports. Each takes an [`Actor`] (who
//! acts, in which organization, with which role), checks the role, validates input
//! into domain types, and makes one port call per business operation. Time is passed
//! in as `now`.

mod accounts;
mod billing;
mod documents;
mod leases;
mod payments;
mod properties;
mod tenants;
mod users;

pub use accounts::{LandlordSignup, Signup, TenantSignup, actor_from, check_password};
pub use billing::{Dashboard, LedgerLine, TenantBalance};
pub use documents::Upload;
pub use leases::{ChargeRun, LeaseUpdateInput};
pub use users::{ERASE_USER_JOB, ERASE_USER_MAX_ATTEMPTS, PersonalData, erase_user_job};

use crate::org::{Actor, Forbidden};
use crate::ports::{RepoError, Store, Unstorable};
use crate::validation::{ValidationErrors, codes};

/// What a use case reports. Mapped to HTTP in one place (`rentmark-http`).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input values are invalid (422); lists every bad field.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// No such thing in the caller's organization (404); the code names the thing
    /// (`lease.not_found`).
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The member's role does not allow it (403).
    #[error("forbidden")]
    Forbidden,
    /// The change conflicts with the current state (409); the code says why
    /// (`lease.overlap`, `payment.deleted`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The renter's dossier does not meet the listing's requirements (422); says
    /// exactly what is missing.
    #[error("requirements not met")]
    RequirementsNotMet(crate::marketplace::dossier::MissingRequirements),
    /// The storage failed (503); never shown as "not found" or "empty".
    #[error("storage unavailable")]
    Unavailable(#[source] RepoError),
}

impl From<Forbidden> for ServiceError {
    fn from(_: Forbidden) -> Self {
        Self::Forbidden
    }
}

impl ServiceError {
    /// Maps a repository error, naming what was not found.
    pub fn from_repo(error: RepoError, not_found: &'static str) -> Self {
        match error {
            RepoError::NotFound => Self::NotFound(not_found),
            RepoError::Conflict { constraint } => Self::Conflict(conflict_code(&constraint)),
            // Which field held the value the database refused is not known here: the
            // error is on the body, still a 422 and never a 503.
            RepoError::Unstorable(why) => Self::Invalid(ValidationErrors::single(
                "body",
                match why {
                    Unstorable::Text => codes::INVALID_CHARACTERS,
                    Unstorable::TooLarge => codes::TOO_LONG,
                    Unstorable::OutOfRange => codes::OUT_OF_RANGE,
                },
            )),
            unavailable @ RepoError::Unavailable(_) => Self::Unavailable(unavailable),
        }
    }
}

/// The i18n code of a storage constraint.
fn conflict_code(constraint: &str) -> &'static str {
    match constraint {
        "users_email" => "auth.email_taken",
        "lease_overlap" => "lease.overlap",
        "property_has_leases" => "property.has_leases",
        "unit_has_leases" => "unit.has_leases",
        "property_has_listings" => "property.has_listings",
        "unit_has_listings" => "unit.has_listings",
        "payment_revision" => "payment.changed_concurrently",
        "user_admin" => "user.admin_erasure",
        "user_not_erasing" => "user.not_erasing",
        _ => "conflict",
    }
}

/// A shorthand: map a repository error naming what was not found.
pub(crate) trait RepoResultExt<T> {
    /// Maps the error with [`ServiceError::from_repo`].
    fn or_not_found(self, what: &'static str) -> Result<T, ServiceError>;
}

impl<T> RepoResultExt<T> for Result<T, RepoError> {
    fn or_not_found(self, what: &'static str) -> Result<T, ServiceError> {
        self.map_err(|e| ServiceError::from_repo(e, what))
    }
}

/// The use cases, over one store.
#[derive(Debug, Clone)]
pub struct Services<S> {
    store: S,
}

impl<S: Store> Services<S> {
    /// Services over `store`.
    pub fn new(store: S) -> Self {
        Self { store }
    }

    /// The store (for adapters that need more than the use cases, e.g. jobs).
    pub fn store(&self) -> &S {
        &self.store
    }
}

/// The organization's calendar date at `now`.
pub(crate) fn today(actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    crate::calendar::local_date(now, actor.org.timezone)
}
