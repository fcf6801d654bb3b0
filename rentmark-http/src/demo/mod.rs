//! The demo (`rentmark --demo`): data that shows the whole product, loaded through the
//! same use cases the API calls, so that it obeys every rule (a listing's requirements,
//! the application lifecycle, the ledger). Deterministic (fixed data and seeds) apart
//! from "today", which comes from the app's clock so the demo always looks current.
//!
//! One file per area, each loaded once (it checks an account of its own first), so a
//! later issue adds its data in a new file and an existing demo database gains it at
//! the next `--demo` start:
//! - `landlord`: the landlord organization (`demo@rentmark.test`): 12 properties,
//!   300 units, about 285 leases and two years of rent history;
//! - `marketplace`: a second organization, published listings of both organizations,
//!   renter accounts with their profile, dossier documents and guarantors, and
//!   applications in every state (built by `listings`, `renters` and `applications`).
//!
//! Every demo account signs in with [`DEMO_PASSWORD`]; [`ACCOUNTS`] lists them.

mod applications;
mod files;
mod landlord;
mod listings;
mod marketplace;
mod renters;

use chrono::{DateTime, Utc};
use rentmark_domain::Services;
use rentmark_domain::org::Actor;
use rentmark_domain::services::Signup;
use rentmark_domain::user::{Email, User};

use crate::auth::password::hash_password;
use crate::state::{AppBlobs, AppStore};

/// The landlord demo account's e-mail (owner of "Démo Immobilier").
pub const DEMO_EMAIL: &str = "demo@rentmark.test";
/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "rentmark-demo";
/// The second organization's owner.
pub const AGENCY_EMAIL: &str = "agence@rentmark.test";

/// One demo account, for the README and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAccount {
    /// Sign-in e-mail (the password is [`DEMO_PASSWORD`]).
    pub email: &'static str,
    /// `landlord` (an organization's owner) or `tenant` (a renter).
    pub role: &'static str,
    /// What the account shows.
    pub about: &'static str,
}

/// Every demo account.
pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: DEMO_EMAIL,
        role: "landlord",
        about: "owner of Démo Immobilier: 300 units, two years of rent, listings and their applications",
    },
    DemoAccount {
        email: AGENCY_EMAIL,
        role: "landlord",
        about: "owner of Agence Horizon Étudiant: 30 listings in ten cities and their applications",
    },
    DemoAccount {
        email: renters::LEA,
        role: "tenant",
        about: "student: one application pending, one accepted awaiting payment, one withdrawn",
    },
    DemoAccount {
        email: renters::HUGO,
        role: "tenant",
        about: "student: one application confirmed with its lease (first month paid), one rejected",
    },
    DemoAccount {
        email: renters::INES,
        role: "tenant",
        about: "international student (visa, two guarantors): pending and rejected applications",
    },
    DemoAccount {
        email: renters::YANIS,
        role: "tenant",
        about: "young employee (payslip, tax notice): accepted awaiting payment, pending, withdrawn",
    },
    DemoAccount {
        email: renters::ZOE,
        role: "tenant",
        about: "student: a confirmed lease, one pending, one rejected because the room was taken",
    },
    DemoAccount {
        email: renters::SAM,
        role: "tenant",
        about: "new renter: profile only, one document, no guarantor and no application yet",
    },
];

/// What the loader did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// False when every part of the demo was there already (nothing was loaded).
    pub loaded: bool,
    /// Units created in the landlord organization (its properties' and its listings').
    pub units: usize,
    /// Leases created in the landlord organization (its tenants' and confirmed
    /// applications').
    pub leases: usize,
    /// Payments recorded in the landlord organization.
    pub payments: usize,
    /// Listings published (both organizations).
    pub listings: usize,
    /// Renter accounts created.
    pub renters: usize,
    /// Applications made (both organizations).
    pub applications: usize,
}

impl DemoSummary {
    fn add(&mut self, other: Self) {
        self.loaded |= other.loaded;
        self.units += other.units;
        self.leases += other.leases;
        self.payments += other.payments;
        self.listings += other.listings;
        self.renters += other.renters;
        self.applications += other.applications;
    }
}

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("demo loading failed: {0}")]
pub struct DemoError(String);

fn err<E: std::fmt::Display>(e: E) -> DemoError {
    DemoError(e.to_string())
}

/// Loads each part of the demo that is not there yet: the landlord organization
/// (`properties` x `units_per_property` units, see `landlord`) then the marketplace.
/// Dossier files go to `blobs`, as uploads do.
///
/// # Errors
/// [`DemoError`] when a use case or the blob store fails.
pub async fn load(
    store: &AppStore,
    blobs: &AppBlobs,
    now: DateTime<Utc>,
    properties: usize,
    units_per_property: usize,
) -> Result<DemoSummary, DemoError> {
    let services = Services::new(store.clone());
    let started = std::time::Instant::now();
    let mut summary = landlord::load(&services, now, properties, units_per_property).await?;
    timed("landlord", summary.loaded, started);
    let started = std::time::Instant::now();
    let marketplace = marketplace::load(&services, blobs, now).await?;
    timed("marketplace", marketplace.loaded, started);
    summary.add(marketplace);
    Ok(summary)
}

/// Logs how long a part of the demo took to load (or that it was there already).
fn timed(part: &str, loaded: bool, started: std::time::Instant) {
    if loaded {
        let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        tracing::info!(part, millis, "demo part loaded");
    } else {
        tracing::info!(part, "demo part already loaded");
    }
}

/// The user with `email`, if the account exists.
async fn existing(services: &Services<AppStore>, email: &str) -> Result<Option<User>, DemoError> {
    let email = Email::parse(email).map_err(err)?;
    services.user_by_email(&email).await.map_err(err)
}

/// Signs up a demo account (password [`DEMO_PASSWORD`]) through the sign-up use case.
async fn sign_up(
    services: &Services<AppStore>,
    email: &str,
    org_name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<User, DemoError> {
    let email = Email::parse(email).map_err(err)?;
    let password_hash = hash_password(DEMO_PASSWORD).map_err(err)?;
    let signup = match org_name {
        Some(org_name) => Signup::Landlord(rentmark_domain::services::LandlordSignup {
            email,
            password_hash,
            org_name: org_name.into(),
        }),
        None => Signup::Tenant(rentmark_domain::services::TenantSignup {
            email,
            password_hash,
        }),
    };
    let (user, _) = services.sign_up(signup, now).await.map_err(err)?;
    Ok(user)
}

/// The owner of `email`'s organization, acting in it.
async fn owner(services: &Services<AppStore>, email: &str) -> Result<Actor, DemoError> {
    let user = existing(services, email)
        .await?
        .ok_or_else(|| DemoError(format!("{email} is missing")))?;
    services.actor(user.id, None).await.map_err(err)
}
