//! Sign-up and the memberships that make a user an [`Actor`].

use chrono::{DateTime, Utc};

use crate::ids::{OrgId, UserId};
use crate::org::{Actor, Membership, Organization};
use crate::ports::Store;
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::user::{AccountRole, Email, PasswordHash, User, UserStatus};
use crate::validation::{ValidationErrors, codes};

/// A landlord signing up: they get a new organization of which they are owner.
#[derive(Debug, Clone)]
pub struct LandlordSignup {
    /// Sign-in address.
    pub email: Email,
    /// argon2id hash of their password (hashed at the edge).
    pub password_hash: PasswordHash,
    /// The organization's name.
    pub org_name: String,
}

/// A renter signing up.
#[derive(Debug, Clone)]
pub struct TenantSignup {
    /// Sign-in address.
    pub email: Email,
    /// argon2id hash of their password.
    pub password_hash: PasswordHash,
}

/// Either kind of sign-up.
#[derive(Debug, Clone)]
pub enum Signup {
    /// A landlord, with a new organization.
    Landlord(LandlordSignup),
    /// A renter.
    Tenant(TenantSignup),
}

/// Checks a password's length before it is hashed: 10 to 128 characters (NIST
/// SP 800-63B: length over composition rules).
///
/// # Errors
/// `validation.weak_password` otherwise.
pub fn check_password(password: &str) -> Result<(), ValidationErrors> {
    let length = password.chars().count();
    if (10..=128).contains(&length) {
        Ok(())
    } else {
        Err(ValidationErrors::single("password", codes::WEAK_PASSWORD))
    }
}

impl<S: Store> Services<S> {
    /// Creates the account (and, for a landlord, the organization) in one transaction.
    ///
    /// # Errors
    /// `Invalid` for a bad organization name; `Conflict("auth.email_taken")`.
    pub async fn sign_up(
        &self,
        signup: Signup,
        now: DateTime<Utc>,
    ) -> Result<(User, Option<Organization>), ServiceError> {
        let (email, password_hash, role, org) = match signup {
            Signup::Landlord(s) => {
                let org = Organization::new(&s.org_name, now)?;
                (s.email, s.password_hash, AccountRole::Landlord, Some(org))
            }
            Signup::Tenant(s) => (s.email, s.password_hash, AccountRole::Tenant, None),
        };
        let user = User {
            id: UserId::generate(now),
            email,
            role,
            status: UserStatus::Active,
            password_hash,
            display_name: None,
            created_at: now,
        };
        self.store
            .create_user(&user, org.as_ref())
            .await
            .or_not_found("user.not_found")?;
        Ok((user, org))
    }

    /// Creates a platform admin if no user has that e-mail yet (start-up bootstrap).
    /// Returns whether one was created.
    ///
    /// # Errors
    /// `Unavailable` when the store fails.
    pub async fn ensure_admin(
        &self,
        email: Email,
        password_hash: PasswordHash,
        now: DateTime<Utc>,
    ) -> Result<bool, ServiceError> {
        if self
            .store
            .user_by_email(&email)
            .await
            .or_not_found("user.not_found")?
            .is_some()
        {
            return Ok(false);
        }
        let user = User {
            id: UserId::generate(now),
            email,
            role: AccountRole::Admin,
            status: UserStatus::Active,
            password_hash,
            display_name: None,
            created_at: now,
        };
        match self.store.create_user(&user, None).await {
            Ok(()) => Ok(true),
            // Another instance bootstrapped it at the same time.
            Err(crate::ports::RepoError::Conflict { .. }) => Ok(false),
            Err(e) => Err(ServiceError::from_repo(e, "user.not_found")),
        }
    }

    /// The user with this e-mail (for sign-in; the password is checked at the edge).
    ///
    /// # Errors
    /// `Unavailable` when the store fails.
    pub async fn user_by_email(&self, email: &Email) -> Result<Option<User>, ServiceError> {
        self.store
            .user_by_email(email)
            .await
            .or_not_found("user.not_found")
    }

    /// The user with this id.
    ///
    /// # Errors
    /// `NotFound("user.not_found")`.
    pub async fn user(&self, id: UserId) -> Result<User, ServiceError> {
        self.store.user(id).await.or_not_found("user.not_found")
    }

    /// The user's memberships.
    ///
    /// # Errors
    /// `Unavailable` when the store fails.
    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>, ServiceError> {
        self.store
            .memberships(user)
            .await
            .or_not_found("user.not_found")
    }

    /// The user and their memberships, in one read (what the request guards need).
    ///
    /// # Errors
    /// `NotFound("user.not_found")`.
    pub async fn user_with_memberships(
        &self,
        id: UserId,
    ) -> Result<(User, Vec<Membership>), ServiceError> {
        self.store
            .user_with_memberships(id)
            .await
            .or_not_found("user.not_found")
    }

    /// The actor for `user` in organization `org`, or in their only (first)
    /// organization when `org` is `None`.
    ///
    /// # Errors
    /// `NotFound("org.not_found")` when the user is not a member of `org` (or of any
    /// organization).
    pub async fn actor(&self, user: UserId, org: Option<OrgId>) -> Result<Actor, ServiceError> {
        actor_from(user, self.memberships(user).await?, org)
    }
}

/// The actor for `user` in organization `org` (or in their first organization when
/// `org` is `None`), from the user's memberships oldest first.
///
/// # Errors
/// `NotFound("org.not_found")` when the user is not a member of `org` (or of any
/// organization).
pub fn actor_from(
    user: UserId,
    memberships: Vec<Membership>,
    org: Option<OrgId>,
) -> Result<Actor, ServiceError> {
    let membership = match org {
        Some(org) => memberships.into_iter().find(|m| m.org.id == org),
        None => memberships.into_iter().next(),
    }
    .ok_or(ServiceError::NotFound("org.not_found"))?;
    Ok(Actor {
        user_id: user,
        org: membership.org,
        role: membership.role,
    })
}
