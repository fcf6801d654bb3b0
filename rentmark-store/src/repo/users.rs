//! A user's own data, for the [`AccountRepository`](rentmark_domain::ports::AccountRepository)
//! methods that act on it: the profile, the erasure request (status and job in one
//! transaction: the transactional outbox), the erasure itself and the export query.
//!
//! These queries are scoped by the user's id rather than by an organization: they
//! serve the user's own rights (GDPR art. 15, 17 and 20) and only ever touch rows
//! about that user (`tenants.user_id = user`).

use chrono::{DateTime, Utc};
use rentmark_domain::ids::{OrgId, UserId};
use rentmark_domain::ledger::Payment;
use rentmark_domain::org::Role;
use rentmark_domain::ports::{LinkedTenancy, NewJob, RepoError, RepoResult};
use rentmark_domain::profile::Profile;
use rentmark_domain::user::{AccountRole, Email, PasswordHash, UserStatus};
use sqlx::AssertSqlSafe;

use crate::repo::jobs::insert_job;
use crate::repo::leases::with_tenants;
use crate::repo::ledger::TENANT_ENTRIES_SQL;
use crate::rows::{
    EntryRow, LeaseRow, PaymentRow, ProfileRow, TenantRow, entries, lease_columns, payment_select,
    profile_columns, tenant_columns,
};
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

/// The user's profile, if they saved one.
pub(super) async fn profile<B: Backend>(
    store: &SqlStore<B>,
    user: UserId,
) -> RepoResult<Option<Profile>> {
    let mut conn = store.read().await?;
    conn.opt::<ProfileRow>(
        concat!(
            "select ",
            profile_columns!(),
            " from user_profiles where user_id = $1"
        ),
        args![user],
    )
    .await?
    .map(ProfileRow::into_domain)
    .transpose()
}

/// Upserts the profile and renames the owned organization, in one transaction.
pub(super) async fn save_profile<B: Backend>(
    store: &SqlStore<B>,
    user: UserId,
    profile: &Profile,
    rename: Option<(OrgId, &str)>,
    now: DateTime<Utc>,
) -> RepoResult<()> {
    let mut tx = store.write().await?;
    if let Some((org, name)) = rename {
        // Checked in the writing transaction: a membership changed meanwhile refuses.
        let renamed = tx
            .exec(
                "update organizations set name = $2, updated_at = $3 where id = $1 \
                 and exists (select 1 from memberships m \
                 where m.org_id = $1 and m.user_id = $4 and m.role = $5)",
                args![org, name, now, user, Role::Owner.as_str()],
            )
            .await?;
        if renamed == 0 {
            return Err(RepoError::NotFound);
        }
    }
    // A missing user fails the foreign key: NotFound.
    tx.exec(
        "insert into user_profiles (user_id, first_name, last_name, phone, nationality, \
         birth_date, education, budget_eur_cents, contact_name, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         on conflict (user_id) do update set first_name = excluded.first_name, \
         last_name = excluded.last_name, phone = excluded.phone, \
         nationality = excluded.nationality, birth_date = excluded.birth_date, \
         education = excluded.education, budget_eur_cents = excluded.budget_eur_cents, \
         contact_name = excluded.contact_name, updated_at = excluded.updated_at",
        args![
            user,
            profile.first_name.as_deref(),
            profile.last_name.as_deref(),
            profile.phone.as_deref(),
            profile.nationality.as_deref(),
            profile.birth_date,
            profile.education.as_deref(),
            profile.budget.map(|b| b.cents()),
            profile.contact_name.as_deref(),
            now,
        ],
    )
    .await?;
    B::commit(tx).await
}

/// The role and status of a user, locked until the transaction ends.
async fn role_and_status<B: Backend>(
    tx: &mut crate::pool::Tx<B>,
    user: UserId,
) -> RepoResult<(AccountRole, UserStatus)> {
    let (role, status) = tx
        .one::<(String, String)>(
            AssertSqlSafe(format!(
                "select role, status from users where id = $1{}",
                B::LOCK
            )),
            args![user],
        )
        .await?;
    Ok((
        role.parse()
            .map_err(|_| crate::error::corrupt("user role"))?,
        status
            .parse()
            .map_err(|_| crate::error::corrupt("user status"))?,
    ))
}

/// Marks the user `erasing` and enqueues the erasure job, in one transaction.
pub(super) async fn request_erasure<B: Backend>(
    store: &SqlStore<B>,
    user: UserId,
    job: &NewJob,
    now: DateTime<Utc>,
) -> RepoResult<bool> {
    let mut tx = store.write().await?;
    let (role, status) = role_and_status(&mut tx, user).await?;
    if role == AccountRole::Admin {
        return Err(RepoError::conflict("user_admin"));
    }
    if status == UserStatus::Erased {
        B::commit(tx).await?;
        return Ok(false);
    }
    if status != UserStatus::Erasing {
        tx.exec(
            "update users set status = $2, updated_at = $3 where id = $1",
            args![user, UserStatus::Erasing.as_str(), now],
        )
        .await?;
    }
    let queued = insert_job(&mut *tx, job, now).await?;
    B::commit(tx).await?;
    Ok(queued.is_some())
}

/// Erases a user in the `erasing` status, in one transaction.
pub(super) async fn erase_user<B: Backend>(
    store: &SqlStore<B>,
    user: UserId,
    now: DateTime<Utc>,
) -> RepoResult<bool> {
    let mut tx = store.write().await?;
    match role_and_status(&mut tx, user).await?.1 {
        UserStatus::Erased => {
            B::commit(tx).await?;
            return Ok(false);
        }
        UserStatus::Active | UserStatus::Banned => {
            return Err(RepoError::conflict("user_not_erasing"));
        }
        UserStatus::Erasing => {}
    }
    // Emails written to them and not yet delivered go with the account.
    tx.exec(
        "delete from outbox_emails where to_email = (select email from users where id = $1)",
        args![user],
    )
    .await?;
    tx.exec(
        "update users set email = $2, password_hash = $3, display_name = null, \
         status = $4, updated_at = $5 where id = $1",
        args![
            user,
            Email::erased(user).as_str(),
            PasswordHash::UNUSABLE,
            UserStatus::Erased.as_str(),
            now,
        ],
    )
    .await?;
    tx.exec("delete from user_profiles where user_id = $1", args![user])
        .await?;
    tx.exec("delete from memberships where user_id = $1", args![user])
        .await?;
    // The organizations keep their tenant records and ledgers (accounting records,
    // Code de commerce art. L123-22; GDPR art. 17(3)(b)); only the link to the
    // account goes.
    tx.exec(
        "update tenants set user_id = null, updated_at = $2 where user_id = $1",
        args![user, now],
    )
    .await?;
    // The renter's dossier goes: guarantors (third parties' data), documents, and the
    // applications that did not become a lease (with their history). A confirmed
    // application stays as the origin of its lease, without the overrides it carried.
    tx.exec(
        "delete from application_guarantors where applicant = $1",
        args![user],
    )
    .await?;
    tx.exec(
        "delete from application_history where application_id in \
         (select id from applications where applicant = $1 and status <> 'confirmed')",
        args![user],
    )
    .await?;
    tx.exec(
        "delete from applications where applicant = $1 and status <> 'confirmed'",
        args![user],
    )
    .await?;
    tx.exec(
        "update applications set overrides = '{}', updated_at = $2 where applicant = $1",
        args![user, now],
    )
    .await?;
    tx.exec("delete from guarantors where owner_id = $1", args![user])
        .await?;
    tx.exec(
        "delete from user_documents where owner_id = $1",
        args![user],
    )
    .await?;
    B::commit(tx).await?;
    Ok(true)
}

/// The tenant records linked to the user, with their leases, entries and payments,
/// from one snapshot.
pub(super) async fn linked_tenancies<B: Backend>(
    store: &SqlStore<B>,
    user: UserId,
) -> RepoResult<Vec<LinkedTenancy>> {
    let mut tx = store.snapshot().await?;
    let tenants = tx
        .all::<TenantRow>(
            concat!(
                "select ",
                tenant_columns!(),
                " from tenants where user_id = $1 order by org_id, created_at, id"
            ),
            args![user],
        )
        .await?;
    let mut linked = Vec::with_capacity(tenants.len());
    for row in tenants {
        let tenant = row.into_domain()?;
        let (org, id) = (tenant.org_id, tenant.id);
        let lease_rows = tx
            .all::<LeaseRow>(
                concat!(
                    "select ",
                    lease_columns!(),
                    " from leases where org_id = $1 and exists (select 1 from lease_tenants lt \
                     where lt.org_id = leases.org_id and lt.lease_id = leases.id \
                     and lt.tenant_id = $2) order by start_date, id"
                ),
                args![org, id],
            )
            .await?;
        let leases = with_tenants(&mut *tx, org, lease_rows).await?;
        let entries = entries(
            tx.all::<EntryRow>(TENANT_ENTRIES_SQL, args![org, id])
                .await?,
        )?;
        let payments = tx
            .all::<PaymentRow>(
                concat!(
                    "select ",
                    payment_select!(),
                    " from payments where org_id = $1 and tenant_id = $2 \
                     order by paid_on, id"
                ),
                args![org, id],
            )
            .await?
            .into_iter()
            .map(PaymentRow::into_domain)
            .collect::<RepoResult<Vec<Payment>>>()?;
        linked.push(LinkedTenancy {
            tenant,
            leases,
            entries,
            payments,
        });
    }
    B::commit(tx).await?;
    Ok(linked)
}
