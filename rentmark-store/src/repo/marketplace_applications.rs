//! Applications: creation with their guarantors and first history row, reads for the
//! renter and for the listing's organization, status transitions guarded by the
//! expected status, and the history.
//!
//! References are checked by the schema: an application's `(org_id, listing_id,
//! room_id)` must be a room of that listing of that organization, and each named
//! guarantor `(applicant, guarantor_id)` a guarantor of the applicant, so a missing
//! or foreign reference fails a foreign key (`NotFound`) and the transaction writes
//! nothing.

use std::collections::{BTreeMap, HashMap};

use rentmark_domain::ids::{ApplicationId, GuarantorId, OrgId, UserId};
use rentmark_domain::marketplace::application::{Application, ApplicationStatus, StatusChange};
use rentmark_domain::marketplace::ports::ApplicationFilter;
use rentmark_domain::ports::{Page, PageRequest, RepoError, RepoResult};
use rentmark_domain::tenant::Tenant;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::repo::paging::Listing as Paged;
use crate::repo::{limit_offset, page_of, stamp};
use crate::rows::marketplace_applications::{
    ApplicationRow, StatusChangeRow, application_columns, overrides_json,
};
use crate::rows::{TenantRow, tenant_columns};
use crate::sql::{Args, Backend, Conn, args, insert_sql, placeholders, rows_per_statement};
use crate::store::SqlStore;

const GUARANTOR_INSERT: &[&str] = &[
    "org_id",
    "application_id",
    "position",
    "applicant",
    "guarantor_id",
    "created_at",
    "updated_at",
];

/// Appends a status change to an application's history (the next `seq`).
pub(crate) async fn insert_history<C: Conn>(
    conn: &mut C,
    org: OrgId,
    change: &StatusChange,
) -> RepoResult<()> {
    let now = stamp();
    conn.exec(
        "insert into application_history (org_id, application_id, seq, old_status, \
         new_status, actor, actor_id, reason, at, created_at, updated_at) \
         select $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $9 \
         from application_history where org_id = $1 and application_id = $2",
        args![
            org,
            change.application_id.as_uuid(),
            change.old_status.map(ApplicationStatus::as_str),
            change.new_status.as_str(),
            change.actor.as_str(),
            change.actor_id,
            change.reason.as_deref(),
            change.at,
            now,
        ],
    )
    .await
    .map(|_| ())
}

/// Adds the named guarantors to application rows (of any organizations).
async fn with_guarantors<C: Conn>(
    conn: &mut C,
    rows: Vec<ApplicationRow>,
) -> RepoResult<Vec<Application>> {
    let mut by_org: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for row in &rows {
        by_org.entry(row.org_id).or_default().push(row.id);
    }
    let mut named: HashMap<Uuid, Vec<GuarantorId>> = HashMap::new();
    for (org, ids) in by_org {
        for chunk in ids.chunks(rows_per_statement(1)) {
            let mut args = args![org];
            for id in chunk {
                args.push(*id);
            }
            let sql = format!(
                "select application_id, guarantor_id from application_guarantors \
                 where org_id = $1 and application_id in ({}) order by application_id, position",
                placeholders(2, chunk.len())
            );
            for (application, guarantor) in
                conn.all::<(Uuid, Uuid)>(AssertSqlSafe(sql), args).await?
            {
                named
                    .entry(application)
                    .or_default()
                    .push(GuarantorId::from_uuid(guarantor));
            }
        }
    }
    rows.into_iter()
        .map(|row| {
            // The guarantor rows were read above (a failed query returned early).
            let guarantors = named.remove(&row.id).unwrap_or_default();
            row.into_domain(guarantors)
        })
        .collect()
}

/// One application by id alone, with its guarantors.
pub(crate) async fn read_application<C: Conn>(
    conn: &mut C,
    id: ApplicationId,
) -> RepoResult<Application> {
    let row = conn
        .one::<ApplicationRow>(
            concat!(
                "select ",
                application_columns!(),
                " from applications where id = $1"
            ),
            args![id.as_uuid()],
        )
        .await?;
    with_guarantors(conn, vec![row])
        .await?
        .pop()
        .ok_or(RepoError::NotFound)
}

/// `MarketplaceRepository::create_application`.
pub(crate) async fn create_application<B: Backend>(
    store: &SqlStore<B>,
    a: &Application,
    change: &StatusChange,
) -> RepoResult<()> {
    if change.application_id != a.id {
        return Err(RepoError::NotFound);
    }
    let mut tx = store.write().await?;
    tx.exec(
        concat!(
            "insert into applications (",
            application_columns!(),
            ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ),
        args![
            a.org_id,
            a.id.as_uuid(),
            a.listing_id.as_uuid(),
            a.room_id.as_uuid(),
            a.applicant,
            a.move_in_date,
            a.duration_months,
            overrides_json(&a.overrides)?,
            a.status.as_str(),
            a.reason.as_deref(),
            a.created_at,
            a.updated_at,
        ],
    )
    .await?;
    let positioned: Vec<(i64, &GuarantorId)> = (0_i64..).zip(&a.guarantor_ids).collect();
    for chunk in positioned.chunks(rows_per_statement(GUARANTOR_INSERT.len())) {
        let mut args = Args::with_capacity(chunk.len() * GUARANTOR_INSERT.len());
        for (position, guarantor) in chunk {
            args.push(a.org_id)
                .push(a.id.as_uuid())
                .push(*position)
                .push(a.applicant)
                .push(guarantor.as_uuid())
                .push(a.created_at)
                .push(a.created_at);
        }
        let sql = insert_sql("application_guarantors", GUARANTOR_INSERT, chunk.len(), "");
        tx.exec(AssertSqlSafe(sql), args).await?;
    }
    insert_history(&mut *tx, a.org_id, change).await?;
    B::commit(tx).await
}

/// `MarketplaceRepository::application`.
pub(crate) async fn application<B: Backend>(
    store: &SqlStore<B>,
    id: ApplicationId,
) -> RepoResult<Application> {
    let mut tx = store.snapshot().await?;
    let application = read_application(&mut *tx, id).await?;
    B::commit(tx).await?;
    Ok(application)
}

/// `MarketplaceRepository::applicant_applications`.
pub(crate) async fn applicant_applications<B: Backend>(
    store: &SqlStore<B>,
    applicant: UserId,
    page: PageRequest,
) -> RepoResult<Page<Application>> {
    let (limit, offset) = limit_offset(page);
    let mut tx = store.snapshot().await?;
    let rows = tx
        .all::<ApplicationRow>(
            concat!(
                "select ",
                application_columns!(),
                " from applications where applicant = $1 \
                 order by created_at desc, id desc limit $2 offset $3"
            ),
            args![applicant, limit, offset],
        )
        .await?;
    let (total,) = tx
        .one::<(i64,)>(
            "select count(*) from applications where applicant = $1",
            args![applicant],
        )
        .await?;
    let results = with_guarantors(&mut *tx, rows).await?;
    B::commit(tx).await?;
    page_of(results, total, page)
}

/// `MarketplaceRepository::org_applications`.
pub(crate) async fn org_applications<B: Backend>(
    store: &SqlStore<B>,
    org: OrgId,
    filter: ApplicationFilter,
    page: PageRequest,
) -> RepoResult<Page<Application>> {
    let mut tx = store.snapshot().await?;
    if let Some(listing) = filter.listing_id {
        tx.one::<(i64,)>(
            "select cast(1 as bigint) from listings where org_id = $1 and id = $2",
            args![org, listing.as_uuid()],
        )
        .await?;
    }
    let rows = Paged::new(
        application_columns!(),
        "applications",
        "org_id",
        org,
        "created_at desc, id desc",
    )
    .and_eq("listing_id", filter.listing_id.map(|l| l.as_uuid()))
    .and_eq("status", filter.status.map(ApplicationStatus::as_str))
    .fetch(&mut *tx, page, Ok::<ApplicationRow, _>)
    .await?;
    let results = with_guarantors(&mut *tx, rows.results).await?;
    B::commit(tx).await?;
    Ok(Page {
        results,
        total: rows.total,
        page: rows.page,
        limit: rows.limit,
    })
}

/// Sets an application's status, reason and `updated_at` if it is still in
/// `expected`; `Conflict { application_status }` (or `NotFound`) otherwise.
pub(crate) async fn set_status<C: Conn>(
    conn: &mut C,
    a: &Application,
    expected: ApplicationStatus,
) -> RepoResult<()> {
    let updated = conn
        .exec(
            "update applications set status = $4, reason = $5, updated_at = $6 \
             where org_id = $1 and id = $2 and status = $3",
            args![
                a.org_id,
                a.id.as_uuid(),
                expected.as_str(),
                a.status.as_str(),
                a.reason.as_deref(),
                a.updated_at,
            ],
        )
        .await?;
    if updated == 1 {
        return Ok(());
    }
    let exists = conn
        .opt::<(i64,)>(
            "select cast(1 as bigint) from applications where org_id = $1 and id = $2",
            args![a.org_id, a.id.as_uuid()],
        )
        .await?;
    Err(match exists {
        Some(_) => RepoError::conflict("application_status"),
        None => RepoError::NotFound,
    })
}

/// `MarketplaceRepository::transition_application`.
pub(crate) async fn transition_application<B: Backend>(
    store: &SqlStore<B>,
    a: &Application,
    expected: ApplicationStatus,
    change: &StatusChange,
) -> RepoResult<()> {
    if change.application_id != a.id {
        return Err(RepoError::NotFound);
    }
    let mut tx = store.write().await?;
    set_status(&mut *tx, a, expected).await?;
    insert_history(&mut *tx, a.org_id, change).await?;
    B::commit(tx).await
}

/// `MarketplaceRepository::application_history`.
pub(crate) async fn application_history<B: Backend>(
    store: &SqlStore<B>,
    id: ApplicationId,
) -> RepoResult<Vec<StatusChange>> {
    let mut tx = store.snapshot().await?;
    let (org,) = tx
        .one::<(Uuid,)>(
            "select org_id from applications where id = $1",
            args![id.as_uuid()],
        )
        .await?;
    let rows = tx
        .all::<StatusChangeRow>(
            "select application_id, old_status, new_status, actor, actor_id, reason, at \
             from application_history where org_id = $1 and application_id = $2 order by seq",
            args![org, id.as_uuid()],
        )
        .await?;
    B::commit(tx).await?;
    rows.into_iter().map(StatusChangeRow::into_domain).collect()
}

/// `MarketplaceRepository::tenant_for_user`.
pub(crate) async fn tenant_for_user<B: Backend>(
    store: &SqlStore<B>,
    org: OrgId,
    user: UserId,
) -> RepoResult<Option<Tenant>> {
    let mut conn = store.read().await?;
    conn.opt::<TenantRow>(
        concat!(
            "select ",
            tenant_columns!(),
            " from tenants where org_id = $1 and user_id = $2 order by created_at, id limit 1"
        ),
        args![org, user],
    )
    .await?
    .map(TenantRow::into_domain)
    .transpose()
}
