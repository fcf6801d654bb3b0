//! Tenants (renters known to the organization) and unit history.

use chrono::{DateTime, Utc};

use crate::ids::{TenantId, UnitId};
use crate::org::{Action, Actor};
use crate::ports::{Page, PageRequest, Store};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::tenant::{TenancyRecord, Tenant, TenantInput};

impl<S: Store> Services<S> {
    /// Creates a tenant.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`.
    pub async fn create_tenant(
        &self,
        actor: &Actor,
        input: &TenantInput,
        now: DateTime<Utc>,
    ) -> Result<Tenant, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let tenant = Tenant::new(actor.org_id(), input.parse()?, None, now);
        self.store
            .create_tenant(&tenant)
            .await
            .or_not_found("tenant.not_found")?;
        Ok(tenant)
    }

    /// One tenant.
    ///
    /// # Errors
    /// `NotFound("tenant.not_found")`.
    pub async fn tenant(&self, actor: &Actor, id: TenantId) -> Result<Tenant, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .tenant(actor.org_id(), id)
            .await
            .or_not_found("tenant.not_found")
    }

    /// Tenants by name.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn tenants(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<Tenant>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .tenants(actor.org_id(), page)
            .await
            .or_not_found("tenant.not_found")
    }

    /// Replaces a tenant's details.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("tenant.not_found")`.
    pub async fn update_tenant(
        &self,
        actor: &Actor,
        id: TenantId,
        input: &TenantInput,
        now: DateTime<Utc>,
    ) -> Result<Tenant, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let details = input.parse()?;
        let mut tenant = self
            .store
            .tenant(actor.org_id(), id)
            .await
            .or_not_found("tenant.not_found")?;
        tenant.details = details;
        tenant.updated_at = now;
        self.store
            .update_tenant(&tenant)
            .await
            .or_not_found("tenant.not_found")?;
        Ok(tenant)
    }

    /// Who lived in a unit.
    ///
    /// # Errors
    /// `NotFound("unit.not_found")`.
    pub async fn unit_history(
        &self,
        actor: &Actor,
        unit: UnitId,
    ) -> Result<Vec<TenancyRecord>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .unit_history(actor.org_id(), unit)
            .await
            .or_not_found("unit.not_found")
    }
}
