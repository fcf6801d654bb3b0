//! The organization's occupancy (units, and units let on a day), cached for the
//! dashboard: one row per organization, for one day, tagged with the organization's
//! occupancy revision. Every write to its units or leases bumps the revision in its
//! own transaction ([`touch_occupancy`]), so a cached row is used only while nothing
//! changed since it was computed; a row computed concurrently with a write carries the
//! older revision and is never read.

use chrono::NaiveDate;
use rentmark_domain::ids::OrgId;
use rentmark_domain::ports::RepoResult;

use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

/// Marks the occupancy of `org` as changed, inside the caller's write transaction.
pub(crate) async fn touch_occupancy<C: Conn>(conn: &mut C, org: OrgId) -> RepoResult<()> {
    conn.exec(
        "update organizations set occupancy_rev = occupancy_rev + 1 where id = $1",
        args![org],
    )
    .await?;
    Ok(())
}

/// `(units, occupied units)` of `org` on `today`: from the cached row when its day and
/// revision are current, else counted (one statement, so one snapshot) and cached.
pub(crate) async fn occupancy<B: Backend>(
    store: &SqlStore<B>,
    org: OrgId,
    today: NaiveDate,
) -> RepoResult<(i64, i64)> {
    {
        let mut conn = store.read().await?;
        let cached = conn
            .opt::<(i64, i64, i64)>(
                "select c.units, c.occupied, c.rev from organizations o \
                 join org_occupancy c on c.org_id = o.id \
                 where o.id = $1 and c.on_date = $2 and c.rev = o.occupancy_rev",
                args![org, today],
            )
            .await?;
        if let Some((units, occupied, _)) = cached {
            return Ok((units, occupied));
        }
    }
    let mut tx = store.write().await?;
    let (rev, units, occupied) = tx
        .one::<(i64, i64, i64)>(
            "select occupancy_rev, \
             (select count(*) from units where org_id = $1), \
             (select count(distinct unit_id) from leases where org_id = $1 \
              and start_date <= $2 and (end_date is null or end_date >= $2)) \
             from organizations where id = $1",
            args![org, today],
        )
        .await?;
    let now = super::stamp();
    tx.exec(
        "insert into org_occupancy (org_id, on_date, rev, units, occupied, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6) \
         on conflict (org_id) do update set on_date = excluded.on_date, rev = excluded.rev, \
         units = excluded.units, occupied = excluded.occupied, updated_at = excluded.updated_at \
         where org_occupancy.rev <= excluded.rev",
        args![org, today, rev, units, occupied, now],
    )
    .await?;
    B::commit(tx).await?;
    Ok((units, occupied))
}
