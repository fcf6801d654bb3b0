//! Bearer tokens for the API: HS256 JWTs carrying the user id and account role.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, Header, Validation};
use rentmark_domain::ids::UserId;
use rentmark_domain::user::AccountRole;
use serde::{Deserialize, Serialize};

use crate::auth::keys::Keys;

/// The claims of an API token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user id.
    pub sub: uuid::Uuid,
    /// The account role when issued (informative; the guard reloads the user).
    pub role: AccountRole,
    /// Issued at (unix seconds).
    pub iat: i64,
    /// Expires at (unix seconds).
    pub exp: i64,
}

/// A token could not be issued (never expected).
#[derive(Debug, thiserror::Error)]
#[error("token signing failed: {0}")]
pub struct TokenError(String);

/// Issues a token for `user` valid `ttl_secs` from `now`.
///
/// # Errors
/// [`TokenError`] when signing fails.
pub fn issue(
    keys: &Keys,
    user: UserId,
    role: AccountRole,
    now: DateTime<Utc>,
    ttl_secs: i64,
) -> Result<String, TokenError> {
    let claims = Claims {
        sub: user.as_uuid(),
        role,
        iat: now.timestamp(),
        exp: now.timestamp() + ttl_secs,
    };
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.jwt_encoding)
        .map_err(|e| TokenError(e.to_string()))
}

/// Verifies a token's signature and expiry at `now`; `None` when invalid.
pub fn verify(keys: &Keys, token: &str, now: DateTime<Utc>) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    // Expiry is checked against the injected clock below, not the system clock.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<Claims>(token, &keys.jwt_decoding, &validation)
        .ok()?
        .claims;
    (claims.exp > now.timestamp()).then_some(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Secret;
    use chrono::TimeZone;

    #[test]
    fn tokens_verify_until_they_expire() {
        let keys = Keys::derive(&Secret::new(vec![1; 64]));
        let now = Utc
            .with_ymd_and_hms(2026, 11, 1, 12, 0, 0)
            .single()
            .expect("date");
        let user = UserId::generate(now);
        let token = issue(&keys, user, AccountRole::Landlord, now, 60).expect("issue");
        let claims = verify(&keys, &token, now).expect("valid");
        assert_eq!(claims.sub, user.as_uuid());
        assert!(verify(&keys, &token, now + chrono::Duration::seconds(61)).is_none());
        let other = Keys::derive(&Secret::new(vec![2; 64]));
        assert!(verify(&other, &token, now).is_none());
        assert!(verify(&keys, "not.a.token", now).is_none());
    }
}
