//! [`AccountRepository`]: users, organizations and memberships; a user's own data
//! (profile, erasure, export) is in `crate::repo::users`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rentmark_domain::ids::{OrgId, UserId};
use rentmark_domain::org::{Membership, Organization, Role};
use rentmark_domain::ports::{AccountRepository, LinkedTenancy, NewJob, RepoResult};
use rentmark_domain::profile::Profile;
use rentmark_domain::user::{Email, User};

use crate::identities::Identity;
use crate::repo::{stamp, users};
use crate::rows::{MembershipRow, OrgRow, UserMembershipRow, UserRow, org_columns, user_columns};
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

impl<B: Backend> AccountRepository for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user.id))]
    async fn create_user(
        &self,
        user: &User,
        organization: Option<&Organization>,
    ) -> RepoResult<()> {
        let mut tx = self.write().await?;
        tx.exec(
            "insert into users (id, email, role, status, password_hash, display_name, \
             created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)",
            args![
                user.id,
                user.email.as_str(),
                user.role.as_str(),
                user.status.as_str(),
                user.password_hash.as_str(),
                user.display_name.as_deref(),
                user.created_at,
            ],
        )
        .await?;
        if let Some(org) = organization {
            tx.exec(
                "insert into organizations (id, name, timezone, currency, created_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $5)",
                args![
                    org.id,
                    org.name.as_str(),
                    org.timezone.name(),
                    org.currency.code(),
                    org.created_at,
                ],
            )
            .await?;
            tx.exec(
                "insert into memberships (org_id, user_id, role, created_at, updated_at) \
                 values ($1, $2, $3, $4, $4)",
                args![org.id, user.id, Role::Owner.as_str(), org.created_at],
            )
            .await?;
        }
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn user_by_email(&self, email: &Email) -> RepoResult<Option<User>> {
        let mut conn = self.read().await?;
        conn.opt::<UserRow>(
            concat!("select ", user_columns!(), " from users where email = $1"),
            args![email.as_str()],
        )
        .await?
        .map(UserRow::into_domain)
        .transpose()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn user(&self, id: UserId) -> RepoResult<User> {
        Ok(identity(self, id).await?.0.clone())
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn memberships(&self, user: UserId) -> RepoResult<Vec<Membership>> {
        let mut conn = self.read().await?;
        conn.all::<MembershipRow>(
            concat!(
                "select ",
                org_columns!(),
                ", m.user_id, m.role from memberships m \
                 join organizations o on o.id = m.org_id \
                 where m.user_id = $1 order by m.created_at, o.id"
            ),
            args![user],
        )
        .await?
        .into_iter()
        .map(MembershipRow::into_domain)
        .collect()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn user_with_memberships(&self, id: UserId) -> RepoResult<(User, Vec<Membership>)> {
        Ok(Arc::unwrap_or_clone(identity(self, id).await?))
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn set_membership(&self, org: OrgId, user: UserId, role: Role) -> RepoResult<()> {
        let mut tx = self.write().await?;
        // A missing user or organization fails the foreign keys: NotFound.
        tx.exec(
            "insert into memberships (org_id, user_id, role, created_at, updated_at) \
             values ($1, $2, $3, $4, $4) \
             on conflict (org_id, user_id) do update \
             set role = excluded.role, updated_at = excluded.updated_at",
            args![org, user, role.as_str(), stamp()],
        )
        .await?;
        let committed = B::commit(tx).await;
        self.identities.changed();
        committed
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn organizations(&self) -> RepoResult<Vec<Organization>> {
        let mut conn = self.read().await?;
        conn.all::<OrgRow>(
            concat!(
                "select ",
                org_columns!(),
                " from organizations o order by o.created_at, o.id"
            ),
            args![],
        )
        .await?
        .into_iter()
        .map(OrgRow::into_domain)
        .collect()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn profile(&self, user: UserId) -> RepoResult<Option<Profile>> {
        users::profile(self, user).await
    }

    #[tracing::instrument(level = "debug", skip(self, profile, rename), fields(rename = ?rename.map(|r| r.0)))]
    async fn save_profile(
        &self,
        user: UserId,
        profile: &Profile,
        rename: Option<(OrgId, &str)>,
        now: DateTime<Utc>,
    ) -> RepoResult<()> {
        let result = users::save_profile(self, user, profile, rename, now).await;
        self.identities.changed();
        result
    }

    #[tracing::instrument(level = "debug", skip(self, job))]
    async fn request_erasure(
        &self,
        user: UserId,
        job: &NewJob,
        now: DateTime<Utc>,
    ) -> RepoResult<bool> {
        let result = users::request_erasure(self, user, job, now).await;
        self.identities.changed();
        result
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn erase_user(&self, user: UserId, now: DateTime<Utc>) -> RepoResult<bool> {
        let result = users::erase_user(self, user, now).await;
        self.identities.changed();
        result
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn linked_tenancies(&self, user: UserId) -> RepoResult<Vec<LinkedTenancy>> {
        users::linked_tenancies(self, user).await
    }
}

/// The user `id` and their memberships: from the identity cache when it holds them,
/// else read (in one statement) and kept.
async fn identity<B: Backend>(store: &SqlStore<B>, id: UserId) -> RepoResult<Identity> {
    if let Some(identity) = store.identities.get(id) {
        return Ok(identity);
    }
    let generation = store.identities.generation();
    let mut conn = store.read().await?;
    let rows = conn
        .all::<UserMembershipRow>(
            "select u.id, u.email, u.role, u.status, u.password_hash, u.display_name, \
             u.created_at, o.id as org_id, o.name as org_name, o.timezone as org_timezone, \
             o.currency as org_currency, o.created_at as org_created_at, \
             m.role as member_role \
             from users u \
             left join memberships m on m.user_id = u.id \
             left join organizations o on o.id = m.org_id \
             where u.id = $1 order by m.created_at, o.id",
            args![id],
        )
        .await?;
    let identity = Arc::new(UserMembershipRow::into_domain(rows)?);
    store.identities.put(generation, Arc::clone(&identity));
    Ok(identity)
}
