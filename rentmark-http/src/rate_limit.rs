//! Rate limiting of sign-in and sign-up attempts per client IP (governor's GCRA), so
//! that passwords cannot be guessed at speed: over the quota the answer is 429 with
//! the envelope. The state is per process (an approximation across many instances,
//! which is what such a limit needs; it holds no data another instance would need).

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};

use crate::error::{ApiError, record_guard_failure};
use crate::state::App;

/// Past this many tracked addresses, forgotten ones are dropped.
const MAX_TRACKED: usize = 10_000;

/// The limiter of authentication attempts.
pub struct AuthLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl std::fmt::Debug for AuthLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthLimiter(..)")
    }
}

impl AuthLimiter {
    /// `per_minute` attempts a minute per address, all of which may come at once.
    pub fn per_minute(per_minute: u32) -> Self {
        let quota =
            Quota::per_minute(NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN));
        Self(RateLimiter::keyed(quota))
    }

    /// Counts an attempt from `ip`; false when over the quota.
    pub fn allow(&self, ip: IpAddr) -> bool {
        if self.0.len() > MAX_TRACKED {
            self.0.retain_recent();
        }
        self.0.check_key(&ip).is_ok()
    }
}

/// A request guard that counts one authentication attempt from the client's address
/// and fails with 429 over the quota.
#[derive(Debug)]
pub struct AuthAttempt;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for AuthAttempt {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let Some(app) = request.rocket().state::<App>() else {
            return Outcome::Error((
                Status::InternalServerError,
                ApiError::Internal("app state missing".into()),
            ));
        };
        let ip = request
            .client_ip()
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if app.auth_limiter.allow(ip) {
            Outcome::Success(Self)
        } else {
            record_guard_failure(request, ApiError::TooManyRequests);
            Outcome::Error((Status::TooManyRequests, ApiError::TooManyRequests))
        }
    }
}
