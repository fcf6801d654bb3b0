//! Listing use cases: create (with the property and units it needs), edit, publish, close,
//! the landlord's list, the public search and listing page.

use chrono::{DateTime, Utc};

use crate::ids::{ListingId, RoomId};
use crate::marketplace::listing::{
    Listing, ListingDetailsInput, ListingInput, ListingStatus, Room,
};
use crate::marketplace::ports::MarketplaceRepository;
use crate::marketplace::search::{ListingQuery, ListingSummary};
use crate::org::{Action, Actor};
use crate::ports::{Page, PageRequest, Store};
use crate::property::{Property, PropertyDetails, Unit, UnitDetails};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::validation::{ValidationErrors, codes};

impl<S: Store + MarketplaceRepository> Services<S> {
    /// Creates a draft listing. Rooms name an existing unit of the listing's
    /// property, or get a new unit; without a property, one is created from the
    /// listing's title and address.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("property.not_found" | "unit.not_found")`.
    pub async fn create_listing(
        &self,
        actor: &Actor,
        input: &ListingInput,
        now: DateTime<Utc>,
    ) -> Result<Listing, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let new = input.parse(actor.org.currency)?;
        let org = actor.org_id();
        let (property_id, new_property) = match new.property_id {
            Some(id) => (
                self.store()
                    .property(org, id)
                    .await
                    .or_not_found("property.not_found")?
                    .id,
                None,
            ),
            None => {
                let property = Property::new(
                    org,
                    PropertyDetails {
                        name: new.title.clone(),
                        address: new.address.clone(),
                        city: new.city.clone(),
                        description: None,
                    },
                    now,
                );
                (property.id, Some(property))
            }
        };
        let mut rooms = Vec::with_capacity(new.rooms.len());
        let mut new_units = Vec::new();
        let mut errors = ValidationErrors::new();
        for (index, room) in new.rooms.into_iter().enumerate() {
            let unit_id = match room.unit_id {
                Some(id) => {
                    let unit = self
                        .store()
                        .unit(org, id)
                        .await
                        .or_not_found("unit.not_found")?;
                    if unit.property_id != property_id {
                        errors.add(format!("rooms[{index}].unit_id"), codes::UNKNOWN_REFERENCE);
                    }
                    unit.id
                }
                None => {
                    let unit = Unit::new(
                        org,
                        property_id,
                        UnitDetails {
                            name: room.name.clone(),
                            beds: 1,
                            baths: rust_decimal::Decimal::ZERO,
                            sq_ft: None,
                            capacity: u16::try_from(room.capacity).unwrap_or(u16::MAX),
                            rent: room.rent,
                            charges: room.charges,
                            deposit: room.deposit,
                        },
                        now,
                    );
                    let id = unit.id;
                    new_units.push(unit);
                    id
                }
            };
            rooms.push(Room {
                id: RoomId::generate(now),
                unit_id,
                name: room.name,
                capacity: room.capacity,
                occupied: 0,
                rent: room.rent,
                charges: room.charges,
                deposit: room.deposit,
                min_duration_months: room.min_duration_months,
                max_duration_months: room.max_duration_months,
            });
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let listing = Listing {
            id: ListingId::generate(now),
            org_id: org,
            property_id,
            title: new.title,
            city: new.city,
            address: new.address,
            description: new.description,
            kind: new.kind,
            availability_date: new.availability_date,
            requirements: new.requirements,
            rooms,
            status: ListingStatus::Draft,
            taken_down_at: None,
            created_at: now,
            updated_at: now,
        };
        self.store()
            .create_listing(&listing, new_property.as_ref(), &new_units)
            .await
            .or_not_found("property.not_found")?;
        Ok(listing)
    }

    /// One of the organization's listings.
    ///
    /// # Errors
    /// `NotFound("listing.not_found")`.
    pub async fn org_listing(&self, actor: &Actor, id: ListingId) -> Result<Listing, ServiceError> {
        actor.require(Action::Read)?;
        self.store()
            .listing(actor.org_id(), id)
            .await
            .or_not_found("listing.not_found")
    }

    /// The organization's listings.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn org_listings(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<Listing>, ServiceError> {
        actor.require(Action::Read)?;
        self.store()
            .org_listings(actor.org_id(), page)
            .await
            .or_not_found("listing.not_found")
    }

    /// Replaces a draft or published listing's details; its rooms (which carry the
    /// places taken and the applications) are not edited.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("listing.not_found")`;
    /// `Conflict("listing.closed")`.
    pub async fn update_listing(
        &self,
        actor: &Actor,
        id: ListingId,
        input: &ListingDetailsInput,
        now: DateTime<Utc>,
    ) -> Result<Listing, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let details = input.parse()?;
        let listing = self
            .store()
            .listing(actor.org_id(), id)
            .await
            .or_not_found("listing.not_found")?;
        let listing = listing
            .edited(details, now)
            .map_err(|_| ServiceError::Conflict("listing.closed"))?;
        self.store()
            .update_listing(&listing)
            .await
            .map_err(|e| match e {
                crate::ports::RepoError::Conflict { .. } => {
                    ServiceError::Conflict("listing.closed")
                }
                other => ServiceError::from_repo(other, "listing.not_found"),
            })?;
        Ok(listing)
    }

    /// Publishes a draft listing.
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("listing.not_found")`;
    /// `Conflict("listing.invalid_transition")`.
    pub async fn publish_listing(
        &self,
        actor: &Actor,
        id: ListingId,
        now: DateTime<Utc>,
    ) -> Result<ListingStatus, ServiceError> {
        self.move_listing(actor, id, now, Listing::publish).await
    }

    /// Closes a draft or published listing.
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("listing.not_found")`;
    /// `Conflict("listing.invalid_transition")`.
    pub async fn close_listing(
        &self,
        actor: &Actor,
        id: ListingId,
        now: DateTime<Utc>,
    ) -> Result<ListingStatus, ServiceError> {
        self.move_listing(actor, id, now, Listing::close).await
    }

    async fn move_listing(
        &self,
        actor: &Actor,
        id: ListingId,
        now: DateTime<Utc>,
        step: impl FnOnce(
            &Listing,
        )
            -> Result<ListingStatus, crate::marketplace::listing::ListingTransitionError>,
    ) -> Result<ListingStatus, ServiceError> {
        actor.require(Action::ManageProperties)?;
        let listing = self
            .store()
            .listing(actor.org_id(), id)
            .await
            .or_not_found("listing.not_found")?;
        let next =
            step(&listing).map_err(|_| ServiceError::Conflict("listing.invalid_transition"))?;
        self.store()
            .set_listing_status(actor.org_id(), id, listing.status, next, now)
            .await
            .map_err(|e| match e {
                crate::ports::RepoError::Conflict { .. } => {
                    ServiceError::Conflict("listing.invalid_transition")
                }
                other => ServiceError::from_repo(other, "listing.not_found"),
            })?;
        Ok(next)
    }

    /// The public search.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn search_listings(
        &self,
        query: &ListingQuery,
    ) -> Result<Page<ListingSummary>, ServiceError> {
        self.store()
            .search_listings(query)
            .await
            .or_not_found("listing.not_found")
    }

    /// A published listing, for anyone.
    ///
    /// # Errors
    /// `NotFound("listing.not_found")` for drafts, closed or taken-down listings.
    pub async fn public_listing(&self, id: ListingId) -> Result<Listing, ServiceError> {
        self.store()
            .public_listing(id)
            .await
            .or_not_found("listing.not_found")
    }
}
