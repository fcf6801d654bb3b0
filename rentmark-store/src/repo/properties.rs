//! [`PropertyRepository`]: properties and units, with the bulk paths of the demo
//! loader (multi-row inserts in chunks, one transaction).

use std::collections::BTreeSet;

use rentmark_domain::ids::{OrgId, PropertyId, UnitId};
use rentmark_domain::ports::{
    Page, PageRequest, PropertyName, PropertyRepository, RepoError, RepoResult,
};
use rentmark_domain::property::{Property, Unit};
use sqlx::AssertSqlSafe;

use crate::repo::paging::Listing;
use crate::rows::{PropertyRow, UnitRow, property_columns, unit_columns};
use crate::sql::{
    Args, Backend, Conn, args, contains_pattern, insert_sql, placeholders, rows_per_statement,
};
use crate::store::SqlStore;

const PROPERTY_INSERT: &[&str] = &[
    "org_id",
    "id",
    "name",
    "address",
    "city",
    "description",
    "created_at",
    "updated_at",
];

const UNIT_INSERT: &[&str] = &[
    "org_id",
    "id",
    "property_id",
    "name",
    "beds",
    "baths",
    "sq_ft",
    "capacity",
    "currency",
    "rent_cents",
    "charges_cents",
    "deposit_cents",
    "created_at",
    "updated_at",
];

fn push_unit(args: &mut Args, unit: &Unit) {
    let d = &unit.details;
    args.push(unit.org_id)
        .push(unit.id)
        .push(unit.property_id)
        .push(d.name.as_str())
        .push(d.beds)
        .push(d.baths.normalize().to_string())
        .push(d.sq_ft)
        .push(d.capacity)
        .push(d.rent.currency().code())
        .push(d.rent.cents())
        .push(d.charges.cents())
        .push(d.deposit.cents())
        .push(unit.created_at)
        .push(unit.updated_at);
}

/// Inserts units in chunks on `conn`. A property missing from the organization fails
/// the `(org_id, property_id)` foreign key: `NotFound`.
pub(crate) async fn insert_units<C: Conn>(conn: &mut C, units: &[Unit]) -> RepoResult<()> {
    let mut orgs: Vec<OrgId> = units.iter().map(|u| u.org_id).collect();
    orgs.sort();
    orgs.dedup();
    for org in orgs {
        super::occupancy::touch_occupancy(&mut *conn, org).await?;
    }
    for chunk in units.chunks(rows_per_statement(UNIT_INSERT.len())) {
        let mut args = Args::with_capacity(chunk.len() * UNIT_INSERT.len());
        for unit in chunk {
            push_unit(&mut args, unit);
        }
        let sql = insert_sql("units", UNIT_INSERT, chunk.len(), "");
        conn.exec(AssertSqlSafe(sql), args).await?;
    }
    Ok(())
}

/// Whether a property exists in the organization.
pub(crate) async fn property_exists<C: Conn>(
    conn: &mut C,
    org: OrgId,
    id: PropertyId,
) -> RepoResult<bool> {
    Ok(conn
        .opt::<(i64,)>(
            "select cast(1 as bigint) from properties where org_id = $1 and id = $2",
            args![org, id],
        )
        .await?
        .is_some())
}

impl<B: Backend> PropertyRepository for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, count = properties.len()))]
    async fn create_properties(&self, org: OrgId, properties: &[Property]) -> RepoResult<()> {
        if properties.iter().any(|p| p.org_id != org) {
            return Err(RepoError::NotFound);
        }
        let mut tx = self.write().await?;
        for chunk in properties.chunks(rows_per_statement(PROPERTY_INSERT.len())) {
            let mut args = Args::with_capacity(chunk.len() * PROPERTY_INSERT.len());
            for p in chunk {
                args.push(p.org_id)
                    .push(p.id)
                    .push(p.details.name.as_str())
                    .push(p.details.address.as_str())
                    .push(p.details.city.as_str())
                    .push(p.details.description.as_deref())
                    .push(p.created_at)
                    .push(p.updated_at);
            }
            let sql = insert_sql("properties", PROPERTY_INSERT, chunk.len(), "");
            tx.exec(AssertSqlSafe(sql), args).await?;
        }
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn property(&self, org: OrgId, id: PropertyId) -> RepoResult<Property> {
        let mut conn = self.read().await?;
        conn.one::<PropertyRow>(
            concat!(
                "select ",
                property_columns!(),
                " from properties where org_id = $1 and id = $2"
            ),
            args![org, id],
        )
        .await
        .map(PropertyRow::into_domain)
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn properties(&self, org: OrgId, page: PageRequest) -> RepoResult<Page<Property>> {
        let mut conn = self.read().await?;
        Listing::new(property_columns!(), "properties", "org_id", org, "name, id")
            .fetch(&mut *conn, page, |row: PropertyRow| Ok(row.into_domain()))
            .await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn property_names(
        &self,
        org: OrgId,
        name_contains: Option<&str>,
        limit: u32,
    ) -> RepoResult<Vec<PropertyName>> {
        let mut conn = self.read().await?;
        let rows = match name_contains {
            None => {
                conn.all::<(uuid::Uuid, String)>(
                    "select id, name from properties where org_id = $1 order by name, id limit $2",
                    args![org, limit],
                )
                .await?
            }
            Some(text) => {
                let sql = format!(
                    "select id, name from properties where org_id = $1 \
                     and name {} $2 escape '\\' order by name, id limit $3",
                    B::LIKE_ANY_CASE
                );
                conn.all::<(uuid::Uuid, String)>(
                    AssertSqlSafe(sql),
                    args![org, contains_pattern(text), limit],
                )
                .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|(id, name)| PropertyName {
                id: PropertyId::from_uuid(id),
                name,
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(property = %property.id))]
    async fn update_property(&self, property: &Property) -> RepoResult<()> {
        let d = &property.details;
        let mut tx = self.write().await?;
        let updated = tx
            .exec(
                "update properties set name = $3, address = $4, city = $5, description = $6, \
                 updated_at = $7 where org_id = $1 and id = $2",
                args![
                    property.org_id,
                    property.id,
                    d.name.as_str(),
                    d.address.as_str(),
                    d.city.as_str(),
                    d.description.as_deref(),
                    property.updated_at,
                ],
            )
            .await?;
        if updated == 0 {
            return Err(RepoError::NotFound);
        }
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, count = ids.len()))]
    async fn delete_properties(&self, org: OrgId, ids: &[PropertyId]) -> RepoResult<()> {
        let ids: Vec<PropertyId> = ids
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut tx = self.write().await?;
        for chunk in ids.chunks(rows_per_statement(1)) {
            let list = placeholders(2, chunk.len());
            let mut args = args![org];
            for id in chunk {
                args.push(*id);
            }
            let (found,) = tx
                .one::<(i64,)>(
                    AssertSqlSafe(format!(
                        "select count(*) from properties where org_id = $1 and id in ({list})"
                    )),
                    args.clone(),
                )
                .await?;
            if usize::try_from(found).ok() != Some(chunk.len()) {
                return Err(RepoError::NotFound);
            }
            let leased = tx
                .opt::<(i64,)>(
                    AssertSqlSafe(format!(
                        "select cast(1 as bigint) from leases \
                         where org_id = $1 and property_id in ({list}) limit 1"
                    )),
                    args.clone(),
                )
                .await?;
            if leased.is_some() {
                return Err(RepoError::conflict("property_has_leases"));
            }
            let listed = tx
                .opt::<(i64,)>(
                    AssertSqlSafe(format!(
                        "select cast(1 as bigint) from listings \
                         where org_id = $1 and property_id in ({list}) limit 1"
                    )),
                    args.clone(),
                )
                .await?;
            if listed.is_some() {
                return Err(RepoError::conflict("property_has_listings"));
            }
            super::occupancy::touch_occupancy(&mut *tx, org).await?;
            tx.exec(
                AssertSqlSafe(format!(
                    "delete from units where org_id = $1 and property_id in ({list})"
                )),
                args.clone(),
            )
            .await?;
            tx.exec(
                AssertSqlSafe(format!(
                    "delete from properties where org_id = $1 and id in ({list})"
                )),
                args,
            )
            .await?;
        }
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(unit = %unit.id))]
    async fn create_unit(&self, unit: &Unit) -> RepoResult<()> {
        let mut tx = self.write().await?;
        insert_units(&mut *tx, std::slice::from_ref(unit)).await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, count = units.len()))]
    async fn create_units(&self, org: OrgId, units: &[Unit]) -> RepoResult<()> {
        if units.iter().any(|u| u.org_id != org) {
            return Err(RepoError::NotFound);
        }
        let mut tx = self.write().await?;
        insert_units(&mut *tx, units).await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn unit(&self, org: OrgId, id: UnitId) -> RepoResult<Unit> {
        let mut conn = self.read().await?;
        conn.one::<UnitRow>(
            concat!(
                "select ",
                unit_columns!(),
                " from units where org_id = $1 and id = $2"
            ),
            args![org, id],
        )
        .await?
        .into_domain()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn units(
        &self,
        org: OrgId,
        property: PropertyId,
        page: PageRequest,
    ) -> RepoResult<Page<Unit>> {
        let mut conn = self.read().await?;
        if !property_exists(&mut *conn, org, property).await? {
            return Err(RepoError::NotFound);
        }
        Listing::new(unit_columns!(), "units", "org_id", org, "name, id")
            .and_eq("property_id", Some(property))
            .fetch(&mut *conn, page, UnitRow::into_domain)
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(unit = %unit.id))]
    async fn update_unit(&self, unit: &Unit) -> RepoResult<()> {
        let d = &unit.details;
        let mut tx = self.write().await?;
        let updated = tx
            .exec(
                "update units set name = $3, beds = $4, baths = $5, sq_ft = $6, capacity = $7, \
                 currency = $8, rent_cents = $9, charges_cents = $10, deposit_cents = $11, \
                 updated_at = $12 where org_id = $1 and id = $2",
                args![
                    unit.org_id,
                    unit.id,
                    d.name.as_str(),
                    d.beds,
                    d.baths.normalize().to_string(),
                    d.sq_ft,
                    d.capacity,
                    d.rent.currency().code(),
                    d.rent.cents(),
                    d.charges.cents(),
                    d.deposit.cents(),
                    unit.updated_at,
                ],
            )
            .await?;
        if updated == 0 {
            return Err(RepoError::NotFound);
        }
        // The billing table shows the name kept beside each balance.
        tx.exec(
            "update ledger_accounts set unit_name = $3, updated_at = $4 \
             where org_id = $1 and unit_id = $2 and unit_name <> $3",
            args![unit.org_id, unit.id, d.name.as_str(), unit.updated_at],
        )
        .await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn delete_unit(&self, org: OrgId, id: UnitId) -> RepoResult<()> {
        let mut tx = self.write().await?;
        let leased = tx
            .opt::<(i64,)>(
                "select cast(1 as bigint) from leases where org_id = $1 and unit_id = $2 limit 1",
                args![org, id],
            )
            .await?;
        if leased.is_some() {
            // Only a unit of the caller's organization can have the caller's leases.
            return Err(RepoError::conflict("unit_has_leases"));
        }
        let listed = tx
            .opt::<(i64,)>(
                "select cast(1 as bigint) from listing_rooms where org_id = $1 and unit_id = $2 limit 1",
                args![org, id],
            )
            .await?;
        if listed.is_some() {
            return Err(RepoError::conflict("unit_has_listings"));
        }
        super::occupancy::touch_occupancy(&mut *tx, org).await?;
        let deleted = tx
            .exec(
                "delete from units where org_id = $1 and id = $2",
                args![org, id],
            )
            .await?;
        if deleted == 0 {
            return Err(RepoError::NotFound);
        }
        B::commit(tx).await
    }
}
