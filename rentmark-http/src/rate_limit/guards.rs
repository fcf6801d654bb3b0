//! The request side of the limits: the [`AuthClient`] guard (the client's address and
//! the request's [`RetryAfter`] slot), the [`SignupAttempt`] guard, and the
//! [`RetryAfterFairing`] that puts `Retry-After` on every 429.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU64, Ordering};

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::{Response, async_trait};

use super::{FALLBACK_RETRY_SECS, Limited};
use crate::error::{ApiError, record_guard_failure};
use crate::state::App;

/// Where a refusal notes its wait, for the `Retry-After` header (0: none noted).
#[derive(Debug, Default)]
pub struct RetryAfter(AtomicU64);

impl RetryAfter {
    fn note(&self, limited: Limited) {
        self.0.store(limited.retry_after_secs, Ordering::Relaxed);
    }

    fn get(&self) -> Option<u64> {
        Some(self.0.load(Ordering::Relaxed)).filter(|secs| *secs > 0)
    }
}

/// The client of an authentication request: its address, and the request's
/// [`RetryAfter`] slot. Never fails.
#[derive(Debug, Clone, Copy)]
pub struct AuthClient<'r> {
    /// The client's address (unspecified when Rocket knows none).
    pub ip: IpAddr,
    retry_after: &'r RetryAfter,
}

impl<'r> AuthClient<'r> {
    /// The client of `request`.
    pub fn of(request: &'r Request<'_>) -> Self {
        Self {
            ip: request
                .client_ip()
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
            retry_after: request.local_cache(RetryAfter::default),
        }
    }

    /// Notes `limited`'s wait for the response header and turns it into the error.
    pub fn refuse(&self, limited: Limited) -> ApiError {
        self.retry_after.note(limited);
        limited.into()
    }
}

#[async_trait]
impl<'r> FromRequest<'r> for AuthClient<'r> {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(Self::of(request))
    }
}

/// A request guard that counts one sign-up attempt from the client's address and
/// fails with 429 past the address's burst.
#[derive(Debug)]
pub struct SignupAttempt;

#[async_trait]
impl<'r> FromRequest<'r> for SignupAttempt {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let Some(app) = request.rocket().state::<App>() else {
            return Outcome::Error((
                Status::InternalServerError,
                ApiError::Internal("app state missing".into()),
            ));
        };
        let client = AuthClient::of(request);
        match app.auth_limits.sign_up(client.ip, app.now()) {
            Ok(()) => Outcome::Success(Self),
            Err(limited) => {
                // For the catcher, which answers the API's refusal with the envelope.
                record_guard_failure(request, limited.into());
                Outcome::Error((Status::TooManyRequests, client.refuse(limited)))
            }
        }
    }
}

/// Sets `Retry-After` on every 429: the wait the refusal noted in the request, or
/// [`FALLBACK_RETRY_SECS`].
#[derive(Debug, Default)]
pub struct RetryAfterFairing;

#[async_trait]
impl Fairing for RetryAfterFairing {
    fn info(&self) -> Info {
        Info {
            name: "Retry-After on 429",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        if response.status() != Status::TooManyRequests
            || response.headers().contains("Retry-After")
        {
            return;
        }
        let secs = request.local_cache(RetryAfter::default).get();
        if secs.is_none() {
            tracing::warn!("a 429 without a noted wait");
        }
        let secs = secs.unwrap_or(FALLBACK_RETRY_SECS);
        response.set_header(Header::new("Retry-After", secs.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use rocket::local::asynchronous::Client;
    use rocket::{get, routes};

    use super::*;

    #[get("/noted")]
    fn noted(client: AuthClient<'_>) -> Status {
        let _ = client.refuse(Limited {
            code: "x",
            retry_after_secs: 7,
        });
        Status::TooManyRequests
    }

    #[get("/unnoted")]
    fn unnoted() -> Status {
        Status::TooManyRequests
    }

    #[get("/fine")]
    fn fine() -> &'static str {
        "ok"
    }

    #[rocket::async_test]
    async fn every_429_gets_retry_after_and_nothing_else_does() {
        let rocket = rocket::build()
            .attach(RetryAfterFairing)
            .mount("/", routes![noted, unnoted, fine]);
        let client = Client::untracked(rocket).await.expect("client");
        let retry_after = async |path: &str| {
            let response = client.get(path.to_owned()).dispatch().await;
            response.headers().get_one("Retry-After").map(str::to_owned)
        };
        assert_eq!(retry_after("/noted").await.as_deref(), Some("7"));
        let fallback = FALLBACK_RETRY_SECS.to_string();
        assert_eq!(
            retry_after("/unnoted").await.as_deref(),
            Some(fallback.as_str())
        );
        assert_eq!(retry_after("/fine").await, None);
    }
}
