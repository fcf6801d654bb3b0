//! # rentmark-http
//!
//! The RentMark web app: the JSON API under `/api/v1`, server-rendered pages, auth
//! (argon2id, session cookies with CSRF tokens, bearer JWTs), settings, i18n and
//! wiring. The only crate that knows Rocket.
//!
//! [`rocket()`] builds the app from settings and adapters so that tests and embedders
//! build the same thing; [`build()`] connects the default adapters from settings.

pub mod api;
pub mod auth;
pub mod catchers;
pub mod demo;
pub mod error;
pub mod health;
pub mod html;
pub mod i18n;
pub mod pages;
pub mod rate_limit;
pub mod request_id;
pub mod settings;
pub mod state;

use std::sync::Arc;

use rentmark_domain::Services;
use rentmark_domain::ports::Clock;
use rentmark_domain::user::Email;
use rocket::data::{Limits, ToByteUnit};
use rocket::{Build, Rocket};

use crate::auth::keys::Keys;
use crate::auth::password::hash_password;
use crate::i18n::Catalogs;
use crate::request_id::RequestIdFairing;
use crate::settings::Settings;
use crate::state::{App, AppBlobs, AppStore};
use rentmark_jobs::{JobsConfig, SystemClock, WorkerHandle};
use rocket::fairing::AdHoc;
use tokio::sync::Mutex;

/// Why the app could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Store(String),
    /// The built-in catalogs do not parse (a bug).
    #[error(transparent)]
    Catalogs(#[from] i18n::CatalogError),
    /// The admin bootstrap failed.
    #[error("admin bootstrap: {0}")]
    Admin(String),
    /// The demo organization could not be loaded.
    #[error("demo: {0}")]
    Demo(String),
}

/// Builds the app over the given adapters. Mounts the API at `/api/v1`, the pages at
/// `/`, `/healthz`, the catchers, and the request-id fairing. An embedder may mount
/// more routes on the result.
///
/// # Errors
/// [`StartError::Catalogs`] when the built-in catalogs do not parse.
pub fn rocket(
    settings: Settings,
    store: AppStore,
    blobs: AppBlobs,
    clock: Arc<dyn Clock>,
) -> Result<Rocket<Build>, StartError> {
    let catalogs = Arc::new(Catalogs::load()?);
    let limits = Limits::default()
        .limit("json", 1.mebibytes())
        .limit("form", 64.kibibytes())
        .limit("file", 10.mebibytes())
        .limit("data-form", 11.mebibytes());
    let figment = settings::figment()
        .merge(("secret_key", settings.rocket_secret_key()))
        .merge(("limits", limits));
    let jobs = settings.run_worker.then(|| JobsConfig {
        schedule_interval: std::time::Duration::from_secs(settings.scheduler_interval_secs),
        clock: clock.clone(),
        ..JobsConfig::default()
    });
    let app = App {
        services: Services::new(store.clone()),
        blobs,
        catalogs,
        keys: Keys::derive(&settings.secret),
        auth_limits: rate_limit::AuthLimits::new(&settings.auth_limits),
        settings,
        clock,
    };
    let rocket = rocket::custom(figment)
        .manage(app)
        .attach(RequestIdFairing)
        .attach(rate_limit::RetryAfterFairing)
        .mount("/", health::routes())
        .mount("/", pages::routes())
        .mount("/api/v1", api::routes())
        .register("/api", catchers::api())
        .register("/", catchers::pages());
    Ok(match jobs {
        Some(config) => attach_worker(rocket, store, config),
        None => rocket,
    })
}

/// Runs the job worker and the recurring-job scheduler inside the server: started at
/// lift-off (with an immediate charge run, so that charges that fell due while the
/// server was down are posted at once), stopped cleanly at shutdown.
fn attach_worker(rocket: Rocket<Build>, store: AppStore, config: JobsConfig) -> Rocket<Build> {
    let handle: Arc<Mutex<Option<WorkerHandle<AppStore>>>> = Arc::new(Mutex::new(None));
    let on_start = handle.clone();
    rocket
        .attach(AdHoc::on_liftoff("job worker", move |_| {
            Box::pin(async move {
                let worker = rentmark_jobs::spawn_in_process(store, config);
                if let Err(error) = worker.run_charges_now().await {
                    tracing::error!(%error, "could not enqueue the start-up charge run");
                }
                tracing::info!("job worker started");
                *on_start.lock().await = Some(worker);
            })
        }))
        .attach(AdHoc::on_shutdown("job worker", move |_| {
            Box::pin(async move {
                if let Some(worker) = handle.lock().await.take() {
                    worker.shutdown().await;
                    tracing::info!("job worker stopped");
                }
            })
        }))
}

/// Opens the store and blob folder named by `settings` (migrating the database),
/// bootstraps the platform admin when `RENTMARK_ADMIN_EMAIL` and
/// `RENTMARK_ADMIN_PASSWORD` are set, loads the demo organization when `load_demo`
/// (and it is not there yet), and builds the app.
///
/// # Errors
/// [`StartError`] when the database cannot be opened, the bootstrap or the demo fail.
pub async fn build(settings: Settings, load_demo: bool) -> Result<Rocket<Build>, StartError> {
    let store = rentmark_store::connect(&settings.database_url)
        .await
        .map_err(|e| StartError::Store(e.to_string()))?
        .with_identity_ttl(settings.identity_cache);
    let blobs = AppBlobs::new(settings.blob_dir.clone());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    bootstrap_admin(&settings, &store, clock.now()).await?;
    if load_demo {
        let started = std::time::Instant::now();
        let summary = demo::load(&store, &blobs, clock.now(), 12, 25)
            .await
            .map_err(|e| StartError::Demo(e.to_string()))?;
        if summary.loaded {
            tracing::info!(
                units = summary.units,
                leases = summary.leases,
                payments = summary.payments,
                listings = summary.listings,
                renters = summary.renters,
                applications = summary.applications,
                millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                "demo loaded"
            );
        }
        tracing::info!(
            email = demo::DEMO_EMAIL,
            password = demo::DEMO_PASSWORD,
            "sign in to the demo organization with"
        );
        for account in demo::ACCOUNTS.iter().skip(1) {
            tracing::info!(
                email = account.email,
                role = account.role,
                "also a demo account"
            );
        }
    }
    rocket(settings, store, blobs, clock)
}

async fn bootstrap_admin(
    settings: &Settings,
    store: &AppStore,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StartError> {
    let (Some(email), Some(password)) = (&settings.admin_email, &settings.admin_password) else {
        return Ok(());
    };
    let email = Email::parse(email)
        .map_err(|code| StartError::Admin(format!("RENTMARK_ADMIN_EMAIL: {code}")))?;
    let password = std::str::from_utf8(password.expose())
        .map_err(|_| StartError::Admin("RENTMARK_ADMIN_PASSWORD is not UTF-8".into()))?;
    rentmark_domain::services::check_password(password).map_err(|_| {
        StartError::Admin("RENTMARK_ADMIN_PASSWORD must have 10 to 128 characters".into())
    })?;
    let hash = hash_password(password).map_err(|e| StartError::Admin(e.to_string()))?;
    let created = Services::new(store.clone())
        .ensure_admin(email.clone(), hash, now)
        .await
        .map_err(|e| StartError::Admin(e.to_string()))?;
    if created {
        tracing::info!(email = %email, "platform admin created");
    }
    Ok(())
}
