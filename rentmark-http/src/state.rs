//! The application state Rocket manages: the use-case services over the store, the
//! blob store, the catalogs, the derived keys, the settings and the clock.
//!
//! The store is managed as plain Rocket state rather than through `rocket_db_pools`:
//! handlers never see a pool or a connection (no SQL in handlers, STYLE.md rule 13),
//! the same store value is shared with the in-process job worker and the demo loader,
//! and `rocket_db_pools`' sqlx integration pins an old sqlx (RUSTSEC-2024-0363).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rentmark_domain::Services;
use rentmark_domain::ports::Clock;
use rocket::request::Request;

use crate::auth::keys::Keys;
use crate::i18n::{Catalogs, Translator, request_lang};
use crate::settings::Settings;

/// The store every route works over.
pub type AppStore = rentmark_store::AnyStore;

/// The blob store receipts are kept in.
pub type AppBlobs = rentmark_store::LocalBlobStore;

/// Everything a request may need.
pub struct App {
    /// The use cases.
    pub services: Services<AppStore>,
    /// Receipt images and other files.
    pub blobs: AppBlobs,
    /// Fluent catalogs.
    pub catalogs: Arc<Catalogs>,
    /// Keys derived from the secret.
    pub keys: Keys,
    /// The settings.
    pub settings: Settings,
    /// The clock (a fixed one in tests).
    pub clock: Arc<dyn Clock>,
    /// The limits on sign-ins and sign-ups.
    pub auth_limits: crate::rate_limit::AuthLimits,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The current instant from the app's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A translator for `request`'s language.
    pub fn translator(&self, request: &Request<'_>) -> Translator {
        Translator::new(self.catalogs.clone(), request_lang(request))
    }
}

/// The translator of a request, also when the app state is missing (then the
/// catalogs are loaded again: only in a misconfigured embedding).
pub fn translator_for(request: &Request<'_>) -> Translator {
    match request.rocket().state::<App>() {
        Some(app) => app.translator(request),
        None => {
            static FALLBACK: std::sync::OnceLock<Arc<Catalogs>> = std::sync::OnceLock::new();
            let catalogs = FALLBACK.get_or_init(|| {
                Arc::new(
                    Catalogs::load()
                        .unwrap_or_else(|e| panic!("built-in catalogs must parse: {e}")),
                )
            });
            Translator::new(catalogs.clone(), request_lang(request))
        }
    }
}
