//! Page sessions: an encrypted, authenticated private cookie (HttpOnly, SameSite=Lax,
//! Secure over TLS) holding the user id, a random nonce and the issue time. The CSRF
//! token of every form is an HMAC of the nonce, so it is bound to the session and
//! needs no server-side state.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rentmark_domain::ids::UserId;
use rocket::http::{Cookie, CookieJar, SameSite};
use serde::{Deserialize, Serialize};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "rm_session";

/// How long a session lasts without signing in again.
pub const SESSION_TTL_SECS: i64 = 7 * 24 * 3600;

/// What the session cookie holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Session {
    /// The signed-in user.
    pub user_id: UserId,
    /// Random per session; the CSRF token is derived from it.
    pub nonce: String,
    /// Issued at (unix seconds).
    pub issued_at: i64,
}

impl Session {
    /// A new session for `user_id` at `now`.
    pub fn new(user_id: UserId, now: DateTime<Utc>) -> Self {
        let mut nonce = [0_u8; 18];
        // getrandom only fails when the OS has no entropy source; a fixed nonce would
        // still be bound to the private (encrypted) cookie.
        if getrandom::fill(&mut nonce).is_err() {
            tracing::error!("no entropy for the session nonce");
        }
        Self {
            user_id,
            nonce: URL_SAFE_NO_PAD.encode(nonce),
            issued_at: now.timestamp(),
        }
    }

    /// Writes the session into the private cookie.
    pub fn store(&self, cookies: &CookieJar<'_>, secure: bool) {
        let Ok(value) = serde_json::to_string(self) else {
            return;
        };
        let cookie = Cookie::build((SESSION_COOKIE, value))
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(secure)
            .path("/")
            .max_age(rocket::time::Duration::seconds(SESSION_TTL_SECS));
        cookies.add_private(cookie);
    }

    /// Reads a valid (not expired) session from the private cookie.
    pub fn load(cookies: &CookieJar<'_>, now: DateTime<Utc>) -> Option<Self> {
        let cookie = cookies.get_private(SESSION_COOKIE)?;
        let session: Self = serde_json::from_str(cookie.value()).ok()?;
        (now.timestamp() - session.issued_at < SESSION_TTL_SECS).then_some(session)
    }

    /// Removes the session cookie.
    pub fn clear(cookies: &CookieJar<'_>) {
        cookies.remove_private(Cookie::build(SESSION_COOKIE).path("/"));
    }
}
