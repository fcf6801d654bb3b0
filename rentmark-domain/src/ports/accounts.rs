//! Users, organizations, memberships and profiles.

use super::*;

/// Users, organizations and memberships.
pub trait AccountRepository: Send + Sync {
    /// Creates a user and, for a landlord, their organization with them as owner.
    ///
    /// # Errors
    /// MUST return `Conflict { constraint: "users_email" }` when the e-mail is taken
    /// (nothing is written then).
    fn create_user(
        &self,
        user: &User,
        organization: Option<&Organization>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// The user with this e-mail, if any.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn user_by_email(&self, email: &Email)
    -> impl Future<Output = RepoResult<Option<User>>> + Send;

    /// The user with this id.
    ///
    /// # Errors
    /// `NotFound` when there is none.
    fn user(&self, id: UserId) -> impl Future<Output = RepoResult<User>> + Send;

    /// The user's memberships, oldest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn memberships(&self, user: UserId)
    -> impl Future<Output = RepoResult<Vec<Membership>>> + Send;

    /// The user with this id and their memberships, oldest first, read together (the
    /// request guards need both on every request: one round trip instead of two).
    ///
    /// # Errors
    /// `NotFound` when there is no such user.
    fn user_with_memberships(
        &self,
        id: UserId,
    ) -> impl Future<Output = RepoResult<(User, Vec<Membership>)>> + Send;

    /// Adds `user` to `org` with `role`, or changes their role.
    ///
    /// # Errors
    /// `NotFound` when the user or the organization does not exist.
    fn set_membership(
        &self,
        org: OrgId,
        user: UserId,
        role: Role,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Every organization, for the recurring jobs.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn organizations(&self) -> impl Future<Output = RepoResult<Vec<Organization>>> + Send;

    /// The user's profile; `None` when they never saved one.
    ///
    /// # Errors
    /// `Unavailable` only (a missing user simply has no profile).
    fn profile(&self, user: UserId) -> impl Future<Output = RepoResult<Option<Profile>>> + Send;

    /// Stores the user's whole profile (creating or replacing it) and, when `rename`
    /// is given, renames that organization, in one transaction.
    ///
    /// # Errors
    /// `NotFound` when the user does not exist, or when `rename` names an
    /// organization the user is not the owner of (checked inside the transaction);
    /// `Unavailable` when the database refuses a value (a negative budget, which
    /// [`ProfileInput`](crate::profile::ProfileInput) never produces). Nothing is
    /// written on error.
    fn save_profile(
        &self,
        user: UserId,
        profile: &Profile,
        rename: Option<(OrgId, &str)>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Records that the user asked to be erased (GDPR art. 17), in one transaction
    /// (transactional outbox): their status becomes `erasing` and `job` (the erasure
    /// job, with its unique key) is enqueued. Idempotent: asking again while the
    /// erasure is pending or done changes nothing. Returns whether the job was
    /// enqueued by this call.
    ///
    /// # Errors
    /// `NotFound` when the user does not exist;
    /// `Conflict { constraint: "user_admin" }` for a platform admin (nothing is
    /// written then).
    fn request_erasure(
        &self,
        user: UserId,
        job: &NewJob,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Erases a user whose erasure was requested, in one transaction: the e-mail
    /// becomes [`Email::erased`], the password hash
    /// [`PasswordHash::unusable`](crate::user::PasswordHash::unusable), the display
    /// name and the profile row are deleted, the memberships deleted, the tenant
    /// records linked to the user unlinked (`user_id` set to null) and the status set
    /// to `erased`.
    ///
    /// The organizations keep their tenant records, leases, ledger entries and
    /// payments: accounting records must be kept for ten years (French Code de
    /// commerce art. L123-22), which GDPR art. 17(3)(b) allows (erasure does not
    /// apply where processing is needed to comply with a legal obligation).
    ///
    /// Idempotent: a user already erased is left as is and `false` is returned;
    /// `true` when this call erased them.
    ///
    /// # Errors
    /// `NotFound` when the user does not exist;
    /// `Conflict { constraint: "user_not_erasing" }` when their erasure was never
    /// requested (status `active` or `banned`; nothing is written then).
    fn erase_user(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Every tenant record linked to the user's account (`tenants.user_id = user`)
    /// in any organization, with the leases the tenant is on, the entries of the
    /// tenant's accounts and the tenant's payments, read from one snapshot
    /// (GDPR art. 15 and 20: the user's own access and portability request, so it
    /// crosses organizations but never leaves the user's own records). Ordered by
    /// organization then tenant creation; leases by start date, entries by effective
    /// date then recording order, payments by payment date.
    ///
    /// # Errors
    /// `Unavailable` only (a user with no linked record gets an empty list).
    fn linked_tenancies(
        &self,
        user: UserId,
    ) -> impl Future<Output = RepoResult<Vec<LinkedTenancy>>> + Send;
}

/// A tenant record linked to a user account, with what the organization holds about
/// it, for the user's data export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedTenancy {
    /// The organization's tenant record.
    pub tenant: Tenant,
    /// The leases the tenant is on, with their terms.
    pub leases: Vec<Lease>,
    /// The entries of the tenant's accounts (charges, payments, reversals).
    pub entries: Vec<LedgerEntry>,
    /// The tenant's payments, deleted ones included.
    pub payments: Vec<Payment>,
}
