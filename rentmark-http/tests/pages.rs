//! The server-rendered pages, driven like a browser without JavaScript would: GET a
//! page, read its CSRF token, POST its form (urlencoded or multipart), follow the
//! redirect. Each test gets its own app over its own database (SQLite, or PostgreSQL
//! when `RENTMARK_TEST_POSTGRES_URL` is set).

mod common;

#[path = "pages/access.rs"]
mod access;
#[path = "pages/auth.rs"]
mod auth;
#[path = "pages/demo.rs"]
mod demo;
#[path = "pages/forms.rs"]
mod forms;
#[path = "pages/marketplace_access.rs"]
mod marketplace_access;
#[path = "pages/marketplace_landlord.rs"]
mod marketplace_landlord;
#[path = "pages/marketplace_public.rs"]
mod marketplace_public;
#[path = "pages/marketplace_renter.rs"]
mod marketplace_renter;
#[path = "pages/marketplace_support.rs"]
mod marketplace_support;
#[path = "pages/payments.rs"]
mod payments;
#[path = "pages/rate_limits.rs"]
mod rate_limits;

use common::TestApp;
use rocket::http::{ContentType, Status};

/// The password the harness signs landlords up with.
pub const PASSWORD: &str = "correct horse battery";

/// A 1x1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A page's answer.
#[derive(Debug)]
pub struct Page {
    /// The status.
    pub status: Status,
    /// The body.
    pub body: String,
    /// The redirect target, if any.
    pub location: Option<String>,
    /// The content type.
    pub content_type: Option<ContentType>,
}

impl Page {
    /// Asserts a 303 redirect to `target` and returns self.
    #[track_caller]
    pub fn redirects_to(&self, target: &str) {
        assert_eq!(
            self.status,
            Status::SeeOther,
            "expected a redirect to {target}, got {}: {}",
            self.status,
            excerpt(&self.body)
        );
        assert_eq!(self.location.as_deref(), Some(target));
    }

    /// Asserts `status`.
    #[track_caller]
    pub fn is(&self, status: Status) -> &Self {
        assert_eq!(self.status, status, "body: {}", excerpt(&self.body));
        self
    }

    /// Asserts the body contains `text`.
    #[track_caller]
    pub fn shows(&self, text: &str) -> &Self {
        assert!(
            self.body.contains(text),
            "expected {text:?} in: {}",
            excerpt(&self.body)
        );
        self
    }

    /// The CSRF token of the first form on the page.
    #[track_caller]
    pub fn csrf(&self) -> String {
        csrf(&self.body)
    }
}

/// The main content of a page, for assertion messages.
pub fn excerpt(body: &str) -> &str {
    let start = body.find("<main>").unwrap_or(0);
    &body[start..body.len().min(start + 4000)]
}

/// The value of the first `name="csrf"` input.
#[track_caller]
pub fn csrf(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no CSRF token in: {}", excerpt(html)))
        + marker.len();
    let end = html[start..].find('"').expect("end of the token") + start;
    html[start..end].to_owned()
}

/// Percent-encodes a form value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// An urlencoded body.
pub fn urlencoded(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// One part of a multipart body: a field or a file.
pub enum Part<'a> {
    /// A text field.
    Text(&'a str, &'a str),
    /// A file: field name, file name, claimed content type, bytes.
    File(&'a str, &'a str, &'a str, &'a [u8]),
}

const BOUNDARY: &str = "----rentmark-test-boundary";

/// A `multipart/form-data` body.
pub fn multipart(parts: &[Part<'_>]) -> (ContentType, Vec<u8>) {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, filename, content_type, bytes) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n").as_bytes());
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (
        ContentType::new("multipart", "form-data").with_params(("boundary", BOUNDARY)),
        body,
    )
}

async fn answer(response: rocket::local::asynchronous::LocalResponse<'_>) -> Page {
    let status = response.status();
    let location = response.headers().get_one("Location").map(str::to_owned);
    let content_type = response.content_type();
    let body = response.into_string().await.unwrap_or_default();
    Page {
        status,
        body,
        location,
        content_type,
    }
}

/// `GET path`.
pub async fn get(app: &TestApp, path: &str) -> Page {
    answer(app.client.get(path.to_owned()).dispatch().await).await
}

/// `GET path` as raw bytes (for images).
pub async fn get_bytes(app: &TestApp, path: &str) -> (Status, Option<ContentType>, Vec<u8>) {
    let response = app.client.get(path.to_owned()).dispatch().await;
    let status = response.status();
    let content_type = response.content_type();
    (
        status,
        content_type,
        response.into_bytes().await.unwrap_or_default(),
    )
}

/// `POST path` with an urlencoded form.
pub async fn post(app: &TestApp, path: &str, pairs: &[(&str, &str)]) -> Page {
    answer(
        app.client
            .post(path.to_owned())
            .header(ContentType::Form)
            .body(urlencoded(pairs))
            .dispatch()
            .await,
    )
    .await
}

/// `POST path` with a multipart form.
pub async fn post_multipart(app: &TestApp, path: &str, parts: &[Part<'_>]) -> Page {
    let (content_type, body) = multipart(parts);
    answer(
        app.client
            .post(path.to_owned())
            .header(content_type)
            .body(body)
            .dispatch()
            .await,
    )
    .await
}

/// Signs in through the form as `email`.
pub async fn sign_in(app: &TestApp, email: &str) {
    let token = get(app, "/login").await.csrf();
    post(
        app,
        "/login",
        &[("email", email), ("password", PASSWORD), ("csrf", &token)],
    )
    .await
    .redirects_to("/dashboard");
}

/// Signs out through the form.
pub async fn sign_out(app: &TestApp) {
    let token = get(app, "/dashboard").await.csrf();
    post(app, "/logout", &[("csrf", &token)])
        .await
        .redirects_to("/login");
}

/// The CSRF token of the signed-in session (read from the page chrome).
pub async fn session_csrf(app: &TestApp) -> String {
    get(app, "/properties").await.is(Status::Ok).csrf()
}
