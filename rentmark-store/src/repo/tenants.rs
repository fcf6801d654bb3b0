//! [`TenantRepository`]: tenants (with a bulk path) and unit history.

use rentmark_domain::ids::{OrgId, TenantId, UnitId};
use rentmark_domain::ports::{Page, PageRequest, RepoError, RepoResult, TenantRepository};
use rentmark_domain::tenant::{TenancyRecord, Tenant};
use sqlx::AssertSqlSafe;

use crate::repo::paging::Listing;
use crate::rows::{HistoryRow, TenantRow, tenant_columns};
use crate::sql::{Args, Backend, Conn, args, insert_sql, rows_per_statement};
use crate::store::SqlStore;

const TENANT_INSERT: &[&str] = &[
    "org_id",
    "id",
    "user_id",
    "full_name",
    "email",
    "phone",
    "created_at",
    "updated_at",
];

/// Inserts tenants in chunks on `conn`.
pub(crate) async fn insert_tenants<C: Conn>(conn: &mut C, tenants: &[Tenant]) -> RepoResult<()> {
    for chunk in tenants.chunks(rows_per_statement(TENANT_INSERT.len())) {
        let mut args = Args::with_capacity(chunk.len() * TENANT_INSERT.len());
        for t in chunk {
            args.push(t.org_id)
                .push(t.id)
                .push(t.user_id)
                .push(t.details.full_name.as_str())
                .push(t.details.email.as_ref().map(|e| e.as_str()))
                .push(t.details.phone.as_deref())
                .push(t.created_at)
                .push(t.updated_at);
        }
        let sql = insert_sql("tenants", TENANT_INSERT, chunk.len(), "");
        conn.exec(AssertSqlSafe(sql), args).await?;
    }
    Ok(())
}

/// Whether a tenant exists in the organization.
pub(crate) async fn tenant_exists<C: Conn>(
    conn: &mut C,
    org: OrgId,
    id: TenantId,
) -> RepoResult<bool> {
    Ok(conn
        .opt::<(i64,)>(
            "select cast(1 as bigint) from tenants where org_id = $1 and id = $2",
            args![org, id],
        )
        .await?
        .is_some())
}

impl<B: Backend> TenantRepository for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(tenant = %tenant.id))]
    async fn create_tenant(&self, tenant: &Tenant) -> RepoResult<()> {
        let mut tx = self.write().await?;
        insert_tenants(&mut *tx, std::slice::from_ref(tenant)).await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, count = tenants.len()))]
    async fn create_tenants(&self, org: OrgId, tenants: &[Tenant]) -> RepoResult<()> {
        if tenants.iter().any(|t| t.org_id != org) {
            return Err(RepoError::NotFound);
        }
        let mut tx = self.write().await?;
        insert_tenants(&mut *tx, tenants).await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn tenant(&self, org: OrgId, id: TenantId) -> RepoResult<Tenant> {
        let mut conn = self.read().await?;
        conn.one::<TenantRow>(
            concat!(
                "select ",
                tenant_columns!(),
                " from tenants where org_id = $1 and id = $2"
            ),
            args![org, id],
        )
        .await?
        .into_domain()
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn tenants(&self, org: OrgId, page: PageRequest) -> RepoResult<Page<Tenant>> {
        let mut conn = self.read().await?;
        Listing::new(tenant_columns!(), "tenants", "org_id", org, "full_name, id")
            .fetch(&mut *conn, page, TenantRow::into_domain)
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(tenant = %tenant.id))]
    async fn update_tenant(&self, tenant: &Tenant) -> RepoResult<()> {
        let d = &tenant.details;
        let mut tx = self.write().await?;
        let updated = tx
            .exec(
                "update tenants set full_name = $3, email = $4, phone = $5, updated_at = $6 \
                 where org_id = $1 and id = $2",
                args![
                    tenant.org_id,
                    tenant.id,
                    d.full_name.as_str(),
                    d.email.as_ref().map(|e| e.as_str()),
                    d.phone.as_deref(),
                    tenant.updated_at,
                ],
            )
            .await?;
        if updated == 0 {
            return Err(RepoError::NotFound);
        }
        // The billing table sorts by the name kept beside each balance.
        tx.exec(
            "update ledger_accounts set tenant_name = $3, updated_at = $4 \
             where org_id = $1 and tenant_id = $2",
            args![
                tenant.org_id,
                tenant.id,
                d.full_name.as_str(),
                tenant.updated_at
            ],
        )
        .await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn unit_history(&self, org: OrgId, unit: UnitId) -> RepoResult<Vec<TenancyRecord>> {
        let mut conn = self.read().await?;
        conn.one::<(i64,)>(
            "select cast(1 as bigint) from units where org_id = $1 and id = $2",
            args![org, unit],
        )
        .await?;
        Ok(conn
            .all::<HistoryRow>(
                "select org_id, id, unit_id, tenant_id, lease_id, move_in, move_out \
                 from tenant_history where org_id = $1 and unit_id = $2 \
                 order by move_in desc, id desc",
                args![org, unit],
            )
            .await?
            .into_iter()
            .map(HistoryRow::into_domain)
            .collect())
    }
}
