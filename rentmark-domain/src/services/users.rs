//! A user's own account: their profile, the export of everything held about them
//! (GDPR art. 15 and 20) and the erasure of their account (GDPR art. 17).

use chrono::{DateTime, Utc};

use crate::calendar::local_date;
use crate::ids::{OrgId, UserId};
use crate::org::{Membership, Organization, Role};
use crate::ports::{LinkedTenancy, NewJob, RepoError, Store};
use crate::profile::{Profile, ProfileInput};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::user::{AccountRole, User};

/// The kind of the job that erases a user; its payload is `{"user_id": "<uuid>"}`.
pub const ERASE_USER_JOB: &str = "erase_user";

/// Attempts the erasure job gets before it is dead (and visible to admins).
pub const ERASE_USER_MAX_ATTEMPTS: u32 = 10;

/// The erasure job of `user`, due at `now`, with the unique key
/// `erase_user:<user id>` so that asking twice enqueues it once.
pub fn erase_user_job(user: UserId, now: DateTime<Utc>) -> NewJob {
    NewJob {
        kind: ERASE_USER_JOB.to_owned(),
        // A UUID's text needs no JSON escaping.
        payload: format!("{{\"user_id\":\"{user}\"}}"),
        run_at: now,
        max_attempts: ERASE_USER_MAX_ATTEMPTS,
        unique_key: Some(format!("{ERASE_USER_JOB}:{user}")),
    }
}

/// Everything held about a user, for their export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalData {
    /// The account (its password hash is never exported).
    pub user: User,
    /// The profile (empty when never saved).
    pub profile: Profile,
    /// Their memberships of organizations.
    pub memberships: Vec<Membership>,
    /// The tenant records linked to their account in any organization.
    pub tenancies: Vec<LinkedTenancy>,
}

impl<S: Store> Services<S> {
    /// The user's profile (empty when never saved).
    ///
    /// # Errors
    /// `Unavailable` when the store fails.
    pub async fn profile(&self, user: UserId) -> Result<Profile, ServiceError> {
        Ok(self
            .store
            .profile(user)
            .await
            .or_not_found("user.not_found")?
            .unwrap_or_default())
    }

    /// Applies a partial profile update. A landlord's `org_name` renames the
    /// organization they own: `org` when given (the `X-Org-Id` of the request), else
    /// the first organization they own. Profile and name change in one transaction.
    /// Ages are checked on the day of `now` in Europe/Paris (the platform's zone: a
    /// user has no zone of their own).
    ///
    /// # Errors
    /// `Invalid` listing every bad field; `NotFound("org.not_found")` when `org` is
    /// not one of the user's organizations; `Forbidden` when the user is not the
    /// owner of the organization to rename (or owns none).
    pub async fn update_profile(
        &self,
        user: &User,
        input: &ProfileInput,
        org: Option<OrgId>,
        now: DateTime<Utc>,
    ) -> Result<Profile, ServiceError> {
        let today = local_date(now, Organization::DEFAULT_TIMEZONE);
        let current = self.profile(user.id).await?;
        let change = input.apply(user.role, &current, today)?;
        let rename = match &change.org_name {
            Some(name) => Some((self.owned_org(user.id, org).await?, name.as_str())),
            None => None,
        };
        self.store
            .save_profile(user.id, &change.profile, rename, now)
            .await
            .map_err(|e| match e {
                // The membership changed between the check and the write.
                RepoError::NotFound if rename.is_some() => ServiceError::Forbidden,
                other => ServiceError::from_repo(other, "user.not_found"),
            })?;
        Ok(change.profile)
    }

    /// The organization `user` may rename: `org` when they own it, else their first
    /// owned one.
    async fn owned_org(&self, user: UserId, org: Option<OrgId>) -> Result<OrgId, ServiceError> {
        let memberships = self.memberships(user).await?;
        let membership = match org {
            Some(org) => Some(
                memberships
                    .iter()
                    .find(|m| m.org.id == org)
                    .ok_or(ServiceError::NotFound("org.not_found"))?,
            )
            .filter(|m| m.role == Role::Owner),
            None => memberships.iter().find(|m| m.role == Role::Owner),
        };
        membership.map(|m| m.org.id).ok_or(ServiceError::Forbidden)
    }

    /// Everything held about the user, gathered for their export (GDPR art. 15,
    /// right of access, and art. 20, portability): the account, the profile, the
    /// memberships and every tenant record linked to their account with its leases,
    /// ledger entries and payments.
    ///
    /// # Errors
    /// `NotFound("user.not_found")`; `Unavailable`.
    pub async fn export_personal_data(&self, user: UserId) -> Result<PersonalData, ServiceError> {
        let account = self.user(user).await?;
        let profile = self.profile(user).await?;
        let memberships = self.memberships(user).await?;
        let tenancies = self
            .store
            .linked_tenancies(user)
            .await
            .or_not_found("user.not_found")?;
        Ok(PersonalData {
            user: account,
            profile,
            memberships,
            tenancies,
        })
    }

    /// Queues the erasure of the user's account (GDPR art. 17): in one transaction,
    /// the account stops working (status `erasing`) and the erasure job is enqueued.
    /// Asking again changes nothing.
    ///
    /// # Errors
    /// `Conflict("user.admin_erasure")` for a platform admin, whose account is not
    /// erased this way; `NotFound("user.not_found")`; `Unavailable`.
    pub async fn request_erasure(
        &self,
        user: &User,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        if user.role == AccountRole::Admin {
            return Err(ServiceError::Conflict("user.admin_erasure"));
        }
        self.store
            .request_erasure(user.id, &erase_user_job(user.id, now), now)
            .await
            .or_not_found("user.not_found")?;
        Ok(())
    }

    /// Erases a user whose erasure was requested (the erasure job). What is cleared
    /// and what organizations keep is documented on
    /// [`AccountRepository::erase_user`](crate::ports::AccountRepository::erase_user).
    /// Returns whether this call erased them (`false` when already erased: running
    /// the job twice is harmless).
    ///
    /// # Errors
    /// `NotFound("user.not_found")`; `Conflict("user.not_erasing")` when no erasure
    /// was requested; `Unavailable`.
    pub async fn erase_user(&self, user: UserId, now: DateTime<Utc>) -> Result<bool, ServiceError> {
        self.store
            .erase_user(user, now)
            .await
            .or_not_found("user.not_found")
    }
}
