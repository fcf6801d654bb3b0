//! Password hashing with argon2id (OWASP's first choice), default parameters of the
//! `argon2` crate (19 MiB, 2 passes, 1 lane).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{
    PasswordHash as PhcHash, PasswordHasher as _, PasswordVerifier as _, SaltString,
};
use rentmark_domain::user::PasswordHash;

/// Hashing failed (never expected: only on an RNG or parameter failure).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password into a PHC string.
///
/// # Errors
/// [`HashError`] when the RNG or argon2 fail.
pub fn hash_password(password: &str) -> Result<PasswordHash, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| PasswordHash::new(hash.to_string()))
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches `hash` (false for a malformed hash).
pub fn verify_password(password: &str, hash: &PasswordHash) -> bool {
    PhcHash::new(hash.as_str()).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the e-mail is unknown, so that sign-in takes the same
/// time whether or not the account exists.
pub fn dummy_hash() -> &'static PasswordHash {
    static DUMMY: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password("not-a-real-password").unwrap_or_else(|_| PasswordHash::new(String::new()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_reject() {
        let hash = hash_password("correct horse battery").expect("hash");
        assert!(hash.as_str().starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(!verify_password("x", &PasswordHash::new("garbage".into())));
    }
}
