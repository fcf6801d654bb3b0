//! Tenants and tenant history.

use super::*;

/// Tenants and tenant history.
pub trait TenantRepository: Send + Sync {
    /// Creates a tenant.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_tenant(&self, tenant: &Tenant) -> impl Future<Output = RepoResult<()>> + Send;

    /// Creates many tenants, all or nothing (bulk loading).
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_tenants(
        &self,
        org: OrgId,
        tenants: &[Tenant],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One tenant.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn tenant(&self, org: OrgId, id: TenantId) -> impl Future<Output = RepoResult<Tenant>> + Send;

    /// Tenants by name.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn tenants(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Tenant>>> + Send;

    /// Replaces a tenant's details.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn update_tenant(&self, tenant: &Tenant) -> impl Future<Output = RepoResult<()>> + Send;

    /// Who lived in a unit: every stay, newest move-in first.
    ///
    /// # Errors
    /// `NotFound` when the unit is missing or of another organization.
    fn unit_history(
        &self,
        org: OrgId,
        unit: UnitId,
    ) -> impl Future<Output = RepoResult<Vec<TenancyRecord>>> + Send;
}
