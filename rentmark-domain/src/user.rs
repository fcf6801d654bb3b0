//! User accounts: renters, landlords and platform admins.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::validation::codes;

/// A syntactically valid, lower-cased e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses and lower-cases an address: one `@`, a non-empty local part, a domain
    /// with a dot, no spaces, no control characters (the text rule of
    /// [`crate::validation::storable`]), at most 254 bytes.
    ///
    /// # Errors
    /// `validation.invalid_email` otherwise.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let text = text.trim().to_lowercase();
        let valid = text.len() <= 254
            && !text.chars().any(char::is_whitespace)
            && crate::validation::storable(&text, crate::validation::Lines::Single).is_ok()
            && match text.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Self(text))
        } else {
            Err(codes::INVALID_EMAIL)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The placeholder address an erased account keeps:
    /// `erased-<user id>@erased.invalid` (unique per user, so the `users_email` index
    /// holds, and undeliverable: `.invalid` is reserved by RFC 2606).
    pub fn erased(user: UserId) -> Self {
        Self(format!("erased-{user}@erased.invalid"))
    }
}

impl TryFrom<String> for Email {
    type Error = &'static str;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of account a user has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    /// A renter.
    Tenant,
    /// A landlord or agency member.
    Landlord,
    /// A platform admin.
    Admin,
}

impl AccountRole {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Tenant => "tenant",
            Self::Landlord => "landlord",
            Self::Admin => "admin",
        }
    }
}

/// Not a known account role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown account role")]
pub struct UnknownAccountRole;

impl FromStr for AccountRole {
    type Err = UnknownAccountRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tenant" => Ok(Self::Tenant),
            "landlord" => Ok(Self::Landlord),
            "admin" => Ok(Self::Admin),
            _ => Err(UnknownAccountRole),
        }
    }
}

/// Whether a user may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// May sign in.
    Active,
    /// Banned by a platform admin.
    Banned,
    /// The user asked for their account to be erased (GDPR art. 17) and the erasure
    /// job is queued: they can no longer sign in nor use a token.
    Erasing,
    /// Erased: the row only remains as the anonymous target of the organizations'
    /// accounting records.
    Erased,
}

impl UserStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Banned => "banned",
            Self::Erasing => "erasing",
            Self::Erased => "erased",
        }
    }

    /// Whether the account is being or has been erased (it then answers like an
    /// unknown account: bad credentials, invalid token).
    pub const fn is_erased_or_erasing(self) -> bool {
        matches!(self, Self::Erasing | Self::Erased)
    }
}

impl FromStr for UserStatus {
    type Err = UnknownAccountRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "active" => Ok(Self::Active),
            "banned" => Ok(Self::Banned),
            "erasing" => Ok(Self::Erasing),
            "erased" => Ok(Self::Erased),
            _ => Err(UnknownAccountRole),
        }
    }
}

/// A password hash in PHC string format (argon2id). Opaque to the domain: hashing and
/// verifying happen at the edge, the domain only stores and hands it back.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string.
    pub fn new(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The hash an erased account keeps: not a PHC string, so no password verifies
    /// against it.
    pub fn unusable() -> Self {
        Self(Self::UNUSABLE.to_owned())
    }

    /// The text of [`PasswordHash::unusable`].
    pub const UNUSABLE: &'static str = "!erased";
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// Its sign-in address.
    pub email: Email,
    /// What kind of account.
    pub role: AccountRole,
    /// Whether it may sign in.
    pub status: UserStatus,
    /// Its argon2id hash.
    pub password_hash: PasswordHash,
    /// Display name (optional).
    pub display_name: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;

    #[test]
    fn emails_are_parsed_and_lowercased() {
        assert_eq!(
            Email::parse(" Alice@Example.FR ").unwrap().as_str(),
            "alice@example.fr"
        );
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.fr",
            "a b@example.fr",
            "a@b",
            "a@@b.fr",
            "a@.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn statuses_round_trip_and_erased_identities_are_valid() {
        for status in [
            UserStatus::Active,
            UserStatus::Banned,
            UserStatus::Erasing,
            UserStatus::Erased,
        ] {
            assert_eq!(status.as_str().parse::<UserStatus>().unwrap(), status);
        }
        assert!(UserStatus::Erasing.is_erased_or_erasing());
        assert!(!UserStatus::Banned.is_erased_or_erasing());
        let id = UserId::from_uuid(uuid::Uuid::nil());
        let erased = Email::erased(id);
        assert_eq!(
            erased.as_str(),
            "erased-00000000-0000-0000-0000-000000000000@erased.invalid"
        );
        assert_eq!(Email::parse(erased.as_str()).unwrap(), erased);
        assert!(!PasswordHash::unusable().as_str().starts_with('$'));
    }

    #[test]
    fn password_hash_hides_itself() {
        assert_eq!(
            format!("{:?}", PasswordHash::new("$argon2id$secret".into())),
            "PasswordHash(..)"
        );
    }
}
