//! Keys derived from the application secret, one per purpose (HMAC-SHA256 of the
//! secret with a label), so that a token of one kind can never pass for another.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey};
use sha2::Sha256;

use crate::settings::Secret;

type HmacSha256 = Hmac<Sha256>;

/// The derived keys.
pub struct Keys {
    /// Signs API tokens (HS256).
    pub jwt_encoding: EncodingKey,
    /// Verifies API tokens.
    pub jwt_decoding: DecodingKey,
    csrf: Vec<u8>,
    blob_urls: Vec<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

fn derive(secret: &Secret, label: &str) -> Vec<u8> {
    mac(secret.expose(), label.as_bytes())
}

fn mac(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length; this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

impl Keys {
    /// Derives every key from the application secret.
    pub fn derive(secret: &Secret) -> Self {
        let jwt = derive(secret, "rentmark/jwt/v1");
        Self {
            jwt_encoding: EncodingKey::from_secret(&jwt),
            jwt_decoding: DecodingKey::from_secret(&jwt),
            csrf: derive(secret, "rentmark/csrf/v1"),
            blob_urls: derive(secret, "rentmark/blob-url/v1"),
        }
    }

    /// The CSRF token bound to a session nonce.
    pub fn csrf_token(&self, session_nonce: &str) -> String {
        URL_SAFE_NO_PAD.encode(mac(&self.csrf, session_nonce.as_bytes()))
    }

    /// Whether `token` is the CSRF token of `session_nonce` (constant time).
    pub fn verify_csrf(&self, session_nonce: &str, token: &str) -> bool {
        let Ok(given) = URL_SAFE_NO_PAD.decode(token.trim()) else {
            return false;
        };
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.csrf)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(session_nonce.as_bytes());
        mac.verify_slice(&given).is_ok()
    }

    /// Signs a blob download for `key` until `expires` (unix seconds).
    pub fn sign_blob_url(&self, key: &str, expires: i64) -> String {
        URL_SAFE_NO_PAD.encode(mac(&self.blob_urls, format!("{key}\n{expires}").as_bytes()))
    }

    /// Whether `signature` signs `key` until `expires` (constant time).
    pub fn verify_blob_url(&self, key: &str, expires: i64, signature: &str) -> bool {
        let Ok(given) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.blob_urls)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(format!("{key}\n{expires}").as_bytes());
        mac.verify_slice(&given).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_are_bound_to_their_session() {
        let keys = Keys::derive(&Secret::new(vec![7; 64]));
        let token = keys.csrf_token("nonce-a");
        assert!(keys.verify_csrf("nonce-a", &token));
        assert!(!keys.verify_csrf("nonce-b", &token));
        assert!(!keys.verify_csrf("nonce-a", "garbage"));
        let other = Keys::derive(&Secret::new(vec![8; 64]));
        assert!(!other.verify_csrf("nonce-a", &token));
    }

    #[test]
    fn blob_signatures_cover_key_and_expiry() {
        let keys = Keys::derive(&Secret::new(vec![7; 64]));
        let sig = keys.sign_blob_url("receipts/a.png", 100);
        assert!(keys.verify_blob_url("receipts/a.png", 100, &sig));
        assert!(!keys.verify_blob_url("receipts/a.png", 101, &sig));
        assert!(!keys.verify_blob_url("receipts/b.png", 100, &sig));
    }
}
