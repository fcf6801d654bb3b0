//! The test harness shared by the HTTP tests: a real app over a real SQLite file in a
//! temp folder, a clock the test controls, and helpers to call the API.

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
        Self::spawn_configured(now, false, 1000).await
    }

    /// An app allowing only `per_minute` sign-in and sign-up attempts per address.
    pub async fn spawn_with_auth_limit(per_minute: u32) -> Self {
        Self::spawn_configured(default_now(), false, per_minute).await
    }

    /// An app running the in-process job worker, its scheduler ticking every second.
    pub async fn spawn_with_worker(now: DateTime<Utc>) -> Self {
        Self::spawn_configured(now, true, 1000).await
    }

    async fn spawn_configured(
        now: DateTime<Utc>,
        run_worker: bool,
        auth_attempts_per_minute: u32,
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let figment = Figment::new()
            .merge(Serialized::default("data_dir", dir.path()))
            .merge(Serialized::default("run_worker", run_worker))
            .merge(Serialized::default("scheduler_interval_secs", 1))
            .merge(Serialized::default(
                "auth_attempts_per_minute",
                auth_attempts_per_minute,
            ));
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
