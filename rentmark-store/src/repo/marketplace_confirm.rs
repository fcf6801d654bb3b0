//! Confirming an application: the one transaction in which a renter takes a place.
//!
//! Rows are locked in a fixed order, listing -> room -> application -> (inside the
//! lease insertion) unit, so that concurrent confirmations queue instead of
//! deadlocking: on PostgreSQL with `for update` (READ COMMITTED re-reads a locked row
//! after the holder commits, so the second confirmation sees the first one's
//! `occupied` and statuses); on SQLite `BEGIN IMMEDIATE` already serializes writers.
//! The application's status and the room's free places are read only after the locks
//! are held, so of parallel confirmations of the last place exactly one succeeds and
//! the others get `Conflict` (`application_status` once the winner rejected them,
//! `room_full` otherwise).

use rentmark_domain::ids::{ApplicationId, OrgId};
use rentmark_domain::marketplace::application::{
    ApplicationActor, ApplicationStatus, StatusChange,
};
use rentmark_domain::marketplace::notify_room_taken_job;
use rentmark_domain::marketplace::ports::{Confirmation, ConfirmationOutcome};
use rentmark_domain::ports::{RepoError, RepoResult};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::repo::jobs::insert_job;
use crate::repo::leases::insert_lease;
use crate::repo::marketplace_applications::{insert_history, set_status};
use crate::repo::tenants::insert_tenants;
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

/// The reason given to the applications cancelled when a room fills.
pub(crate) const ROOM_TAKEN: &str = "room_taken";

/// `MarketplaceRepository::confirm_application`.
pub(crate) async fn confirm_application<B: Backend>(
    store: &SqlStore<B>,
    c: &Confirmation,
) -> RepoResult<ConfirmationOutcome> {
    let app = &c.application;
    let org = app.org_id;
    if c.lease.org_id != org
        || c.change.application_id != app.id
        || c.new_tenant.as_ref().is_some_and(|t| t.org_id != org)
    {
        return Err(RepoError::NotFound);
    }
    let mut tx = store.write().await?;

    // 1. Locks: the listing, then the room.
    let (listing_status,) = tx
        .one::<(String,)>(
            AssertSqlSafe(format!(
                "select status from listings where org_id = $1 and id = $2{}",
                B::LOCK
            )),
            args![org, app.listing_id.as_uuid()],
        )
        .await?;
    let (unit, capacity, occupied) = tx
        .one::<(Uuid, i64, i64)>(
            AssertSqlSafe(format!(
                "select unit_id, capacity, occupied from listing_rooms \
                 where org_id = $1 and listing_id = $2 and id = $3{}",
                B::LOCK
            )),
            args![org, app.listing_id.as_uuid(), app.room_id.as_uuid()],
        )
        .await?;

    // 2. Re-read under the locks: the application must still await its payment, and
    //    the room must still have a place.
    let (listing, room, status) = tx
        .one::<(Uuid, Uuid, String)>(
            AssertSqlSafe(format!(
                "select listing_id, room_id, status from applications \
                 where org_id = $1 and id = $2{}",
                B::LOCK
            )),
            args![org, app.id.as_uuid()],
        )
        .await?;
    if listing != app.listing_id.as_uuid()
        || room != app.room_id.as_uuid()
        || unit != c.lease.unit_id.as_uuid()
    {
        return Err(RepoError::NotFound);
    }
    if status != ApplicationStatus::AcceptedPendingPayment.as_str() {
        return Err(RepoError::conflict("application_status"));
    }
    if occupied >= capacity {
        return Err(RepoError::conflict("room_full"));
    }

    // 3. The application confirmed, with its history row.
    set_status(&mut *tx, app, ApplicationStatus::AcceptedPendingPayment).await?;
    insert_history(&mut *tx, org, &c.change).await?;

    // 4. The renter's tenant record (if new) and the lease, through the same path as
    //    any lease: co-tenants, move-in history, accounts, charges and balances.
    if let Some(tenant) = &c.new_tenant {
        insert_tenants(&mut *tx, std::slice::from_ref(tenant)).await?;
    }
    insert_lease::<B, _>(&mut *tx, &c.lease, &c.entries, c.next_charge_on).await?;

    // 5. One place taken.
    tx.exec(
        "update listing_rooms set occupied = occupied + 1, updated_at = $4 \
         where org_id = $1 and listing_id = $2 and id = $3",
        args![org, app.listing_id.as_uuid(), app.room_id.as_uuid(), c.at],
    )
    .await?;
    tx.exec(
        "update listings set places_left = places_left - 1, updated_at = $3 \
         where org_id = $1 and id = $2",
        args![org, app.listing_id.as_uuid(), c.at],
    )
    .await?;

    // 6. The last place: the room's other open applications are cancelled.
    let mut outcome = ConfirmationOutcome::default();
    //    Each cancelled renter is told, by a job enqueued in this same transaction
    //    (the transactional outbox: no lost email, none for a rolled-back change).
    if occupied + 1 >= capacity {
        outcome.cancelled = cancel_others::<B, _>(&mut *tx, org, c).await?;
        for id in &outcome.cancelled {
            insert_job(&mut *tx, &notify_room_taken_job(*id, c.at), c.at).await?;
        }
    }

    // 7. Every room filled: the listing closes.
    let (open_rooms,) = tx
        .one::<(i64,)>(
            "select count(*) from listing_rooms \
             where org_id = $1 and listing_id = $2 and occupied < capacity",
            args![org, app.listing_id.as_uuid()],
        )
        .await?;
    if open_rooms == 0 && listing_status != "closed" {
        tx.exec(
            "update listings set status = 'closed', updated_at = $3 \
             where org_id = $1 and id = $2",
            args![org, app.listing_id.as_uuid(), c.at],
        )
        .await?;
        outcome.listing_closed = true;
    }
    B::commit(tx).await?;
    Ok(outcome)
}

/// Rejects the room's other pending or accepted applications with reason
/// `room_taken` (actor system, at the confirmation's time), each with its history
/// row; returns their ids.
async fn cancel_others<B: Backend, C: Conn>(
    conn: &mut C,
    org: OrgId,
    c: &Confirmation,
) -> RepoResult<Vec<ApplicationId>> {
    let app = &c.application;
    let open = conn
        .all::<(Uuid, String)>(
            AssertSqlSafe(format!(
                "select id, status from applications \
                 where org_id = $1 and room_id = $2 and id <> $3 \
                 and status in ('pending', 'accepted_pending_payment') order by id{}",
                B::LOCK
            )),
            args![org, app.room_id.as_uuid(), app.id.as_uuid()],
        )
        .await?;
    let mut cancelled = Vec::with_capacity(open.len());
    for (id, status) in open {
        let id = ApplicationId::from_uuid(id);
        let old: ApplicationStatus = status
            .parse()
            .map_err(|_| crate::error::corrupt(format_args!("application status {status:?}")))?;
        conn.exec(
            "update applications set status = $3, reason = $4, updated_at = $5 \
             where org_id = $1 and id = $2",
            args![
                org,
                id.as_uuid(),
                ApplicationStatus::Rejected.as_str(),
                ROOM_TAKEN,
                c.at
            ],
        )
        .await?;
        let change = StatusChange {
            application_id: id,
            old_status: Some(old),
            new_status: ApplicationStatus::Rejected,
            actor: ApplicationActor::System,
            actor_id: None,
            reason: Some(ROOM_TAKEN.to_owned()),
            at: c.at,
        };
        insert_history(conn, org, &change).await?;
        cancelled.push(id);
    }
    Ok(cancelled)
}
