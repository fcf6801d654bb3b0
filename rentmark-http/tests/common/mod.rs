//! The test harness shared by the HTTP tests: a real app over a database of its own,
//! a clock the test controls, and helpers to call the API.
//!
//! The database is a SQLite file in a temp folder, or, when `RENTMARK_TEST_POSTGRES_URL`
//! names a PostgreSQL server (`postgres://postgres@127.0.0.1:5432/test`), a database
//! created for the app under a unique name and dropped when the app is dropped (also
//! when the test panics). The same tests run on either backend.

#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the helpers"
)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use rentmark_domain::ports::Clock;
use rentmark_http::settings::Settings;
use rentmark_http::state::{AppBlobs, AppStore};
use rocket::figment::Figment;
use rocket::figment::providers::Serialized;
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::Client;
use serde_json::{Value, json};

/// A clock the test sets and advances.
#[derive(Debug)]
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    /// A clock reading `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        Self(Mutex::new(now))
    }

    /// Sets the time.
    pub fn set(&self, now: DateTime<Utc>) {
        *self.0.lock().expect("clock lock") = now;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock")
    }
}

/// The default "now" of tests: 2026-11-15 10:00 UTC (11:00 in Paris).
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 15, 10, 0, 0)
        .single()
        .expect("valid date")
}

/// The sign-in and sign-up limits of test apps that are not about them: tests sign
/// up many accounts from one address.
const GENEROUS_LIMITS: &[(&str, u64)] = &[
    ("signups_per_address_burst", 10_000),
    ("signin_failures_per_address", 10_000),
    ("signin_failures_per_account", 1_000),
];

/// A running app.
pub struct TestApp {
    /// The local client (tracks cookies).
    pub client: Client,
    /// The store behind the app, for fixtures the API does not offer.
    pub store: AppStore,
    /// The blob folder behind the app.
    pub blobs: AppBlobs,
    /// The clock.
    pub clock: Arc<TestClock>,
    _dir: tempfile::TempDir,
    /// Declared last: dropped after the client and store let go of the database.
    _database: TestDatabase,
}

/// A signed-up landlord.
#[derive(Debug, Clone)]
pub struct Landlord {
    /// Bearer token.
    pub token: String,
    /// Their organization.
    pub org_id: String,
    /// Their user id.
    pub user_id: String,
    /// Their e-mail.
    pub email: String,
}

impl TestApp {
    /// An app at [`default_now`].
    pub async fn spawn() -> Self {
        Self::spawn_at(default_now()).await
    }

    /// An app whose clock reads `now` (no job worker: tests post charges through the
    /// use cases they call).
    pub async fn spawn_at(now: DateTime<Utc>) -> Self {
        Self::spawn_configured(now, false, &[]).await
    }

    /// An app with the sign-in and sign-up limits in `limits` (setting names without
    /// `RENTMARK_`, lower case: `("signups_per_address_burst", 3)`); the others are
    /// generous, as in every other test app.
    pub async fn spawn_with_limits(limits: &[(&str, u64)]) -> Self {
        Self::spawn_configured(default_now(), false, limits).await
    }

    /// An app running the in-process job worker, its scheduler ticking every second.
    pub async fn spawn_with_worker(now: DateTime<Utc>) -> Self {
        Self::spawn_configured(now, true, &[]).await
    }

    async fn spawn_configured(
        now: DateTime<Utc>,
        run_worker: bool,
        limits: &[(&str, u64)],
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = TestDatabase::create().await;
        let mut figment = Figment::new()
            .merge(Serialized::default("data_dir", dir.path()))
            .merge(Serialized::default("run_worker", run_worker))
            .merge(Serialized::default("scheduler_interval_secs", 1));
        figment = GENEROUS_LIMITS
            .iter()
            .chain(limits)
            .fold(figment, |figment, (name, value)| {
                figment.merge(Serialized::default(name, value))
            });
        if let Some(url) = database.url() {
            figment = figment.merge(Serialized::default("database_url", url));
        }
        let settings = Settings::from_figment(&figment).expect("settings");
        let store = rentmark_store::connect(&settings.database_url)
            .await
            .expect("store");
        let blobs = AppBlobs::new(settings.blob_dir.clone());
        let clock = Arc::new(TestClock(Mutex::new(now)));
        let rocket = rentmark_http::rocket(settings, store.clone(), blobs.clone(), clock.clone())
            .expect("rocket");
        let client = Client::tracked(rocket).await.expect("client");
        Self {
            client,
            store,
            blobs,
            clock,
            _dir: dir,
            _database: database,
        }
    }

    /// `sqlite` or `postgres`: the backend this app runs on.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// The name of the app's PostgreSQL database (`None` on SQLite).
    pub fn database_name(&self) -> Option<&str> {
        match &self._database {
            TestDatabase::Sqlite => None,
            TestDatabase::Postgres { name, .. } => Some(name),
        }
    }

    /// Sends a JSON request and returns the status and the parsed body.
    pub async fn call(
        &self,
        method: rocket::http::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (Status, Value) {
        let mut request = self
            .client
            .req(method, path.to_owned())
            .header(ContentType::JSON);
        if let Some(token) = token {
            request = request.header(Header::new("Authorization", format!("Bearer {token}")));
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        let response = request.dispatch().await;
        let status = response.status();
        let text = response.into_string().await.unwrap_or_default();
        let value = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "raw": text }));
        (status, value)
    }

    /// `GET` with a token.
    pub async fn get(&self, path: &str, token: &str) -> (Status, Value) {
        self.call(rocket::http::Method::Get, path, Some(token), None)
            .await
    }

    /// `POST` JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> (Status, Value) {
        self.call(rocket::http::Method::Post, path, Some(token), Some(body))
            .await
    }

    /// `PUT` JSON with a token.
    pub async fn put(&self, path: &str, token: &str, body: Value) -> (Status, Value) {
        self.call(rocket::http::Method::Put, path, Some(token), Some(body))
            .await
    }

    /// `DELETE` with a token.
    pub async fn delete(&self, path: &str, token: &str) -> (Status, Value) {
        self.call(rocket::http::Method::Delete, path, Some(token), None)
            .await
    }

    /// Signs up a landlord with a new organization through the API.
    pub async fn landlord(&self, name: &str) -> Landlord {
        let email = format!("{}@example.test", name.to_lowercase().replace(' ', "."));
        let (status, body) = self
            .call(
                rocket::http::Method::Post,
                "/api/v1/auth/signup",
                None,
                Some(json!({"email": email, "password": "correct horse battery", "role": "landlord", "org_name": format!("{name} Immobilier")})),
            )
            .await;
        assert_eq!(status, Status::Created, "signup failed: {body}");
        Landlord {
            token: body["data"]["token"].as_str().expect("token").to_owned(),
            org_id: body["data"]["org_id"].as_str().expect("org id").to_owned(),
            user_id: body["data"]["user_id"]
                .as_str()
                .expect("user id")
                .to_owned(),
            email,
        }
    }

    /// Signs in again (after the clock moved past the token's lifetime); returns the
    /// landlord with a fresh token.
    pub async fn sign_in(&self, who: &Landlord) -> Landlord {
        let (status, body) = self
            .call(
                rocket::http::Method::Post,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": who.email, "password": "correct horse battery"})),
            )
            .await;
        assert_eq!(status, Status::Ok, "login failed: {body}");
        Landlord {
            token: body["data"]["token"].as_str().expect("token").to_owned(),
            ..who.clone()
        }
    }

    /// Creates a property; returns its id.
    pub async fn property(&self, who: &Landlord, name: &str) -> String {
        let (status, body) = self
            .post(
                "/api/v1/properties",
                &who.token,
                json!({"name": name, "address": "1 rue de la Paix", "city": "Paris"}),
            )
            .await;
        assert_eq!(status, Status::Created, "{body}");
        body["data"]["id"].as_str().expect("id").to_owned()
    }

    /// Creates a unit in a property; returns its id.
    pub async fn unit(&self, who: &Landlord, property: &str, name: &str, rent: &str) -> String {
        let (status, body) = self
            .post(
                &format!("/api/v1/properties/{property}/units"),
                &who.token,
                json!({"name": name, "beds": 1, "rent": rent, "charges": "50.00", "deposit": rent}),
            )
            .await;
        assert_eq!(status, Status::Created, "{body}");
        body["data"]["id"].as_str().expect("id").to_owned()
    }

    /// Creates a tenant; returns its id.
    pub async fn tenant(&self, who: &Landlord, name: &str) -> String {
        let (status, body) = self.post("/api/v1/tenants", &who.token, json!({"full_name": name, "email": format!("{}@mail.test", name.to_lowercase().replace(' ', "."))})).await;
        assert_eq!(status, Status::Created, "{body}");
        body["data"]["id"].as_str().expect("id").to_owned()
    }

    /// Creates a lease; returns its JSON.
    pub async fn lease(
        &self,
        who: &Landlord,
        unit: &str,
        tenants: &[&str],
        rent: &str,
        start: &str,
    ) -> Value {
        let (status, body) = self
            .post(
                "/api/v1/leases",
                &who.token,
                json!({"unit_id": unit, "tenant_ids": tenants, "rent": rent, "charges": "0", "deposit": "0", "start_date": start, "due_day": 1}),
            )
            .await;
        assert_eq!(status, Status::Created, "{body}");
        body["data"].clone()
    }

    /// A landlord with one property, one unit, one tenant and a lease started on
    /// `start` at `rent` a month (no service charges, no deposit).
    pub async fn portfolio(&self, name: &str, rent: &str, start: &str) -> Portfolio {
        let landlord = self.landlord(name).await;
        let property = self.property(&landlord, &format!("{name} House")).await;
        let unit = self.unit(&landlord, &property, "Apt 1", rent).await;
        let tenant = self.tenant(&landlord, &format!("{name} Renter")).await;
        let lease = self.lease(&landlord, &unit, &[&tenant], rent, start).await;
        Portfolio {
            lease: lease["id"].as_str().expect("lease id").to_owned(),
            landlord,
            property,
            unit,
            tenant,
        }
    }
}

/// A landlord's small portfolio.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The landlord.
    pub landlord: Landlord,
    /// Property id.
    pub property: String,
    /// Unit id.
    pub unit: String,
    /// Tenant id.
    pub tenant: String,
    /// Lease id.
    pub lease: String,
}

/// Asserts an error envelope with `status` and `code`.
pub fn assert_error(status: Status, body: &Value, expected_status: Status, code: &str) {
    assert_eq!(status, expected_status, "unexpected status, body: {body}");
    assert_eq!(body["success"], json!(false), "{body}");
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(body["error"]["code"], json!(code), "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

// ---- Marketplace helpers (listings, renters, dossiers) ----

/// A signed-up renter.
#[derive(Debug, Clone)]
pub struct Renter {
    /// Bearer token.
    pub token: String,
    /// Their user id.
    pub user_id: String,
    /// Their e-mail.
    pub email: String,
}

/// The body of `POST /landlord/listings`: one room named "Room A" with `capacity`
/// places at `rent` (charges 60.00, deposit = rent, 1-12 months), available from
/// 2026-11-15, with `requirements`.
pub fn listing_body(
    title: &str,
    city: &str,
    rent: &str,
    capacity: u32,
    requirements: Value,
) -> Value {
    json!({
        "title": title,
        "city": city,
        "address": "12 rue des Écoles",
        "description": "Near the campus",
        "type": "room",
        "rooms": [{"name": "Room A", "capacity": capacity, "rent_eur": rent, "charges_eur": "60.00", "deposit_eur": rent, "min_duration_months": 1, "max_duration_months": 12}],
        "availability_date": "2026-11-15",
        "requirements": requirements,
    })
}

impl TestApp {
    /// Signs up a renter through the API.
    pub async fn renter(&self, name: &str) -> Renter {
        let email = format!("{}@renter.test", name.to_lowercase().replace(' ', "."));
        let (status, body) = self
            .call(
                rocket::http::Method::Post,
                "/api/v1/auth/signup",
                None,
                Some(
                    json!({"email": email, "password": "correct horse battery", "role": "tenant"}),
                ),
            )
            .await;
        assert_eq!(status, Status::Created, "renter signup failed: {body}");
        Renter {
            token: body["data"]["token"].as_str().expect("token").to_owned(),
            user_id: body["data"]["user_id"]
                .as_str()
                .expect("user id")
                .to_owned(),
            email,
        }
    }

    /// Creates a draft listing from `body`; returns its id.
    pub async fn draft_listing(&self, who: &Landlord, body: Value) -> String {
        let (status, created) = self
            .post("/api/v1/landlord/listings", &who.token, body)
            .await;
        assert_eq!(status, Status::Created, "{created}");
        created["data"]["id"]
            .as_str()
            .expect("listing id")
            .to_owned()
    }

    /// Creates and publishes a listing from `body`; returns its id.
    pub async fn published_listing(&self, who: &Landlord, body: Value) -> String {
        let id = self.draft_listing(who, body).await;
        let (status, published) = self
            .post(
                &format!("/api/v1/landlord/listings/{id}/publish"),
                &who.token,
                json!({}),
            )
            .await;
        assert_eq!(status, Status::Ok, "{published}");
        id
    }

    /// Adds a guarantor earning `income_eur` a month to the renter's dossier; returns
    /// its id.
    pub async fn guarantor(&self, who: &Renter, name: &str, income_eur: &str) -> String {
        let (status, body) = self
            .post(
                "/api/v1/tenant/guarantors",
                &who.token,
                json!({"first_name": name, "last_name": "Martin", "relation": "parent", "income_eur": income_eur, "email": "parent@mail.test"}),
            )
            .await;
        assert_eq!(status, Status::Created, "{body}");
        body["data"]["id"]
            .as_str()
            .expect("guarantor id")
            .to_owned()
    }

    /// `PUT` raw bytes to `url` without a token (signed upload URLs).
    pub async fn put_bytes(&self, url: &str, bytes: Vec<u8>) -> (Status, Value) {
        let response = self
            .client
            .put(url.to_owned())
            .header(ContentType::Binary)
            .body(bytes)
            .dispatch()
            .await;
        let status = response.status();
        let text = response.into_string().await.unwrap_or_default();
        let value = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "raw": text }));
        (status, value)
    }

    /// Presigns a dossier document of `kind` (`size` bytes declared); returns the
    /// presign answer's `data`.
    pub async fn presign(&self, who: &Renter, kind: &str, size: usize) -> Value {
        let (status, body) = self
            .post(
                "/api/v1/documents/presign",
                &who.token,
                json!({"filename": format!("{kind}.pdf"), "content_type": "application/pdf", "size_bytes": size, "kind": kind, "scope": "profile"}),
            )
            .await;
        assert_eq!(status, Status::Ok, "{body}");
        body["data"].clone()
    }

    /// Presigns, uploads and finalizes a dossier document of `kind`; returns its id.
    pub async fn upload_document(&self, who: &Renter, kind: &str) -> String {
        let bytes = format!("%PDF-1.4 {kind}").into_bytes();
        let presigned = self.presign(who, kind, bytes.len()).await;
        let url = presigned["upload_url"].as_str().expect("upload url");
        let (status, body) = self.put_bytes(url, bytes).await;
        assert_eq!(status, Status::Ok, "{body}");
        let id = presigned["file_id"].as_str().expect("file id").to_owned();
        let (status, body) = self
            .post(
                "/api/v1/documents/finalize",
                &who.token,
                json!({"file_id": id}),
            )
            .await;
        assert_eq!(status, Status::Accepted, "{body}");
        id
    }
}

// ---- The database of a test app ----

/// The variable naming the PostgreSQL server to run the tests against (the same as
/// the store's conformance suite).
pub const POSTGRES_URL_VAR: &str = "RENTMARK_TEST_POSTGRES_URL";

/// The pool sizes of each test database: the suite runs many apps at once, each with
/// its own database, and PostgreSQL's `max_connections` (100 by default) is shared by
/// all of them (and by other test binaries running at the same time).
const POOL_SIZES: &str = "read_connections=2&write_connections=2";

/// The database of one test app: nothing to do for SQLite (the file lives in the
/// app's temp folder), or a PostgreSQL database dropped when this is dropped.
pub enum TestDatabase {
    /// The app's default SQLite file.
    Sqlite,
    /// A database of its own on the server of `RENTMARK_TEST_POSTGRES_URL`.
    Postgres {
        /// The URL of the server's maintenance database (the variable's value).
        admin_url: String,
        /// The test database's name.
        name: String,
    },
}

impl TestDatabase {
    /// A new PostgreSQL database when `RENTMARK_TEST_POSTGRES_URL` is set (the test
    /// fails if the server cannot be reached), else SQLite.
    pub async fn create() -> Self {
        use sqlx::{Connection, Executor};
        let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
            return Self::Sqlite;
        };
        let name = format!("rm_http_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR} is set but unreachable: {e}"));
        admin
            .execute(sqlx::AssertSqlSafe(format!("create database {name}")))
            .await
            .expect("create the test database");
        // A test's database is dropped at its end: its commits need not wait for the
        // disk (a database-level setting, so it holds on every connection of the app).
        admin
            .execute(sqlx::AssertSqlSafe(format!(
                "alter database {name} set synchronous_commit = off"
            )))
            .await
            .expect("set up the test database");
        admin.close().await.expect("close the admin connection");
        Self::Postgres { admin_url, name }
    }

    /// The app's database URL, or `None` for the default SQLite file.
    pub fn url(&self) -> Option<String> {
        match self {
            Self::Sqlite => None,
            Self::Postgres { admin_url, name } => {
                let url = database_url(admin_url, name);
                let separator = if url.contains('?') { '&' } else { '?' };
                Some(format!("{url}{separator}{POOL_SIZES}"))
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Self::Postgres { admin_url, name } = self else {
            return;
        };
        // Runs during unwinding too, on a thread and runtime of its own: the test's
        // runtime may be the one panicking, or be a current-thread one blocked here.
        let (admin_url, name) = (admin_url.clone(), name.clone());
        let dropped = std::thread::spawn(move || {
            use sqlx::{Connection, Executor};
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime to drop the test database");
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                // `with (force)` ends the connections the app's pools still hold.
                admin
                    .execute(sqlx::AssertSqlSafe(format!(
                        "drop database if exists {name} with (force)"
                    )))
                    .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) && !std::thread::panicking() {
            panic!("could not drop the test database: {dropped:?}");
        }
    }
}

/// `admin_url` with its database replaced by `name`, its query kept.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}
