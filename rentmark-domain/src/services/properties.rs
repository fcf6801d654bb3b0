//! Properties and units.

use chrono::{DateTime, Utc};

use crate::ids::{PropertyId, UnitId};
use crate::org::{Action, Actor};
use crate::ports::{Page, PageRequest, PropertyName, Store};
use crate::property::{Property, PropertyInput, Unit, UnitInput};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::validation::{ValidationErrors, codes};

/// The most properties one batch may create or delete.
pub const MAX_BATCH: usize = 500;

impl<S: Store> Services<S> {
    /// Creates a property.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`.
    pub async fn create_property(
        &self,
        actor: &Actor,
        input: &PropertyInput,
        now: DateTime<Utc>,
    ) -> Result<Property, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let property = Property::new(actor.org_id(), input.parse()?, now);
        self.store
            .create_properties(actor.org_id(), std::slice::from_ref(&property))
            .await
            .or_not_found("property.not_found")?;
        Ok(property)
    }

    /// Creates many properties, all or nothing.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid` listing every bad field as `items[i].field`.
    pub async fn create_properties(
        &self,
        actor: &Actor,
        inputs: &[PropertyInput],
        now: DateTime<Utc>,
    ) -> Result<Vec<Property>, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let mut errors = ValidationErrors::new();
        if inputs.is_empty() {
            errors.add("items", codes::EMPTY_LIST);
        } else if inputs.len() > MAX_BATCH {
            errors.add("items", codes::TOO_MANY);
        }
        let mut properties = Vec::with_capacity(inputs.len());
        for (index, input) in inputs.iter().enumerate() {
            match input.parse() {
                Ok(details) => properties.push(Property::new(actor.org_id(), details, now)),
                Err(bad) => {
                    for error in bad.errors {
                        errors.add(format!("items[{index}].{}", error.field), error.code);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        self.store
            .create_properties(actor.org_id(), &properties)
            .await
            .or_not_found("property.not_found")?;
        Ok(properties)
    }

    /// One property.
    ///
    /// # Errors
    /// `NotFound("property.not_found")`.
    pub async fn property(&self, actor: &Actor, id: PropertyId) -> Result<Property, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .property(actor.org_id(), id)
            .await
            .or_not_found("property.not_found")
    }

    /// Properties by name.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn properties(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<Property>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .properties(actor.org_id(), page)
            .await
            .or_not_found("property.not_found")
    }

    /// The first [`PageRequest::MAX_LIMIT`] properties' ids and names, by name (for
    /// a property picker; an organization with more finds the others on the
    /// properties pages).
    ///
    /// # Errors
    /// `Unavailable` when the store fails.
    pub async fn property_names(&self, actor: &Actor) -> Result<Vec<PropertyName>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .property_names(actor.org_id(), None, PageRequest::MAX_LIMIT)
            .await
            .or_not_found("property.not_found")
    }

    /// Up to `limit` properties whose name contains `text`, letter case aside, by
    /// name (the property search of the pages; `%` and `_` are plain characters).
    ///
    /// # Errors
    /// `Unavailable` when the store fails.
    pub async fn find_properties(
        &self,
        actor: &Actor,
        text: &str,
        limit: u32,
    ) -> Result<Vec<PropertyName>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .property_names(actor.org_id(), Some(text), limit)
            .await
            .or_not_found("property.not_found")
    }

    /// Replaces a property's details.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("property.not_found")`.
    pub async fn update_property(
        &self,
        actor: &Actor,
        id: PropertyId,
        input: &PropertyInput,
        now: DateTime<Utc>,
    ) -> Result<Property, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let details = input.parse()?;
        let mut property = self
            .store
            .property(actor.org_id(), id)
            .await
            .or_not_found("property.not_found")?;
        property.details = details;
        property.updated_at = now;
        self.store
            .update_property(&property)
            .await
            .or_not_found("property.not_found")?;
        Ok(property)
    }

    /// Deletes properties (and their units), all or nothing.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid` for an empty or oversized list;
    /// `NotFound("property.not_found")` when any is missing;
    /// `Conflict("property.has_leases")`.
    pub async fn delete_properties(
        &self,
        actor: &Actor,
        ids: &[PropertyId],
    ) -> Result<(), ServiceError> {
        actor.require(Action::ManageProperties)?;
        if ids.is_empty() {
            return Err(ValidationErrors::single("ids", codes::EMPTY_LIST).into());
        }
        if ids.len() > MAX_BATCH {
            return Err(ValidationErrors::single("ids", codes::TOO_MANY).into());
        }
        self.store
            .delete_properties(actor.org_id(), ids)
            .await
            .or_not_found("property.not_found")
    }

    /// Creates a unit in a property; amounts in the organization's currency.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("property.not_found")`.
    pub async fn create_unit(
        &self,
        actor: &Actor,
        property: PropertyId,
        input: &UnitInput,
        now: DateTime<Utc>,
    ) -> Result<Unit, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let details = input.parse(actor.org.currency)?;
        let unit = Unit::new(actor.org_id(), property, details, now);
        self.store
            .create_unit(&unit)
            .await
            .or_not_found("property.not_found")?;
        Ok(unit)
    }

    /// One unit.
    ///
    /// # Errors
    /// `NotFound("unit.not_found")`.
    pub async fn unit(&self, actor: &Actor, id: UnitId) -> Result<Unit, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .unit(actor.org_id(), id)
            .await
            .or_not_found("unit.not_found")
    }

    /// The units of a property.
    ///
    /// # Errors
    /// `NotFound("property.not_found")`.
    pub async fn units(
        &self,
        actor: &Actor,
        property: PropertyId,
        page: PageRequest,
    ) -> Result<Page<Unit>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .units(actor.org_id(), property, page)
            .await
            .or_not_found("property.not_found")
    }

    /// Replaces a unit's details.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("unit.not_found")`.
    pub async fn update_unit(
        &self,
        actor: &Actor,
        id: UnitId,
        input: &UnitInput,
        now: DateTime<Utc>,
    ) -> Result<Unit, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let details = input.parse(actor.org.currency)?;
        let mut unit = self
            .store
            .unit(actor.org_id(), id)
            .await
            .or_not_found("unit.not_found")?;
        unit.details = details;
        unit.updated_at = now;
        self.store
            .update_unit(&unit)
            .await
            .or_not_found("unit.not_found")?;
        Ok(unit)
    }

    /// Deletes a unit without leases.
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("unit.not_found")`; `Conflict("unit.has_leases")`.
    pub async fn delete_unit(&self, actor: &Actor, id: UnitId) -> Result<(), ServiceError> {
        actor.require(Action::ManageProperties)?;
        self.store
            .delete_unit(actor.org_id(), id)
            .await
            .or_not_found("unit.not_found")
    }
}
