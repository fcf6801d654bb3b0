//! Properties and units.

use super::*;

/// Properties and units.
pub trait PropertyRepository: Send + Sync {
    /// Creates properties, all or nothing.
    ///
    /// # Errors
    /// `Unavailable` only; on error nothing is written.
    fn create_properties(
        &self,
        org: OrgId,
        properties: &[Property],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One property.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn property(
        &self,
        org: OrgId,
        id: PropertyId,
    ) -> impl Future<Output = RepoResult<Property>> + Send;

    /// Properties by name.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn properties(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Property>>> + Send;

    /// The first `limit` properties' ids and names, by name (what a property picker
    /// offers); with `name_contains`, only those whose name contains that text,
    /// letter case aside (a property search). The text is literal: `%` and `_`
    /// match themselves.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn property_names(
        &self,
        org: OrgId,
        name_contains: Option<&str>,
        limit: u32,
    ) -> impl Future<Output = RepoResult<Vec<PropertyName>>> + Send;

    /// Replaces a property's details.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn update_property(&self, property: &Property) -> impl Future<Output = RepoResult<()>> + Send;

    /// Deletes properties and their units, all or nothing.
    ///
    /// # Errors
    /// `NotFound` when any id is missing or of another organization;
    /// `Conflict { constraint: "property_has_leases" }` when a unit of one of them
    /// has a lease; `Conflict { constraint: "property_has_listings" }` when a listing
    /// advertises it. Nothing is deleted on error.
    fn delete_properties(
        &self,
        org: OrgId,
        ids: &[PropertyId],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Creates a unit.
    ///
    /// # Errors
    /// `NotFound` when its property is missing or of another organization.
    fn create_unit(&self, unit: &Unit) -> impl Future<Output = RepoResult<()>> + Send;

    /// Creates many units, all or nothing (bulk loading).
    ///
    /// # Errors
    /// `NotFound` when a property is missing or of another organization.
    fn create_units(
        &self,
        org: OrgId,
        units: &[Unit],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One unit.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn unit(&self, org: OrgId, id: UnitId) -> impl Future<Output = RepoResult<Unit>> + Send;

    /// The units of a property, by name.
    ///
    /// # Errors
    /// `NotFound` when the property is missing or of another organization.
    fn units(
        &self,
        org: OrgId,
        property: PropertyId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Unit>>> + Send;

    /// Replaces a unit's details.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn update_unit(&self, unit: &Unit) -> impl Future<Output = RepoResult<()>> + Send;

    /// Deletes a unit.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization;
    /// `Conflict { constraint: "unit_has_leases" }` when it has a lease;
    /// `Conflict { constraint: "unit_has_listings" }` when a listing advertises it.
    fn delete_unit(&self, org: OrgId, id: UnitId) -> impl Future<Output = RepoResult<()>> + Send;
}

/// A property's id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyName {
    /// The property.
    pub id: PropertyId,
    /// Its name.
    pub name: String,
}
