//! Renter and landlord use cases around applications: guarantors, dossier documents,
//! applying (only with a dossier that meets the listing's requirements), the
//! lifecycle transitions, and confirmation, which creates the lease in the ledger.

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::local_date;
use crate::ids::{ApplicationId, GuarantorId, ListingId, TenantId, UserId};
use crate::marketplace::application::{
    Application, ApplicationAction, ApplicationActor, ApplicationInput, ApplicationStatus,
    StatusChange, TransitionError, transition,
};
use crate::marketplace::dossier::{Dossier, MissingRequirements, check_requirements};
use crate::marketplace::ports::{ApplicationFilter, MarketplaceRepository};
use crate::org::{Action, Actor, Organization};
use crate::ports::{Page, PageRequest, RepoError, Store};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::user::{AccountRole, User};
use crate::validation::{ValidationErrors, codes};

pub(super) fn require_renter(user: &User) -> Result<(), ServiceError> {
    if user.role == AccountRole::Tenant {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

pub(super) fn transition_error(error: TransitionError) -> ServiceError {
    match error {
        TransitionError::NotAllowed { .. } => ServiceError::Forbidden,
        TransitionError::InvalidTransition { .. } => {
            ServiceError::Conflict("application.invalid_transition")
        }
    }
}

pub(super) fn status_conflict(error: RepoError) -> ServiceError {
    match error {
        RepoError::Conflict { constraint } if constraint == "room_full" => {
            ServiceError::Conflict("room.filled")
        }
        RepoError::Conflict { .. } => ServiceError::Conflict("application.invalid_transition"),
        other => ServiceError::from_repo(other, "application.not_found"),
    }
}

/// The renter's "today": applications are dated in Europe/Paris (the marketplace's
/// zone until renters have one of their own).
pub(super) fn renter_today(now: DateTime<Utc>) -> NaiveDate {
    local_date(now, Organization::DEFAULT_TIMEZONE)
}

impl<S: Store + MarketplaceRepository> Services<S> {
    /// Applies to a published listing. The dossier must meet the listing's
    /// requirements; otherwise nothing is written and the error says exactly what is
    /// missing.
    ///
    /// # Errors
    /// `Forbidden` for non-renters; `Invalid`; `NotFound("listing.not_found" |
    /// "room.not_found" | "guarantor.not_found")`; `RequirementsNotMet`;
    /// `Conflict("room.filled" | "application.duplicate")`.
    pub async fn apply(
        &self,
        user: &User,
        input: &ApplicationInput,
        now: DateTime<Utc>,
    ) -> Result<Application, ServiceError> {
        require_renter(user)?;
        let new = input.parse(renter_today(now))?;
        let listing = self
            .store()
            .public_listing(new.listing_id)
            .await
            .or_not_found("listing.not_found")?;
        let room = match new.room_id {
            Some(id) => listing
                .room(id)
                .ok_or(ServiceError::NotFound("room.not_found"))?,
            None if listing.rooms.len() == 1 => &listing.rooms[0],
            None => return Err(ValidationErrors::single("room_id", codes::REQUIRED).into()),
        };
        if room.is_filled() {
            return Err(ServiceError::Conflict("room.filled"));
        }
        let mut errors = ValidationErrors::new();
        if !(room.min_duration_months..=room.max_duration_months).contains(&new.duration_months) {
            errors.add("duration_months", codes::OUT_OF_RANGE);
        }
        if new.move_in_date < listing.availability_date {
            errors.add("move_in_date", codes::OUT_OF_RANGE);
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let mut guarantors = Vec::with_capacity(new.guarantor_ids.len());
        for id in &new.guarantor_ids {
            guarantors.push(
                self.store()
                    .guarantor(user.id, *id)
                    .await
                    .or_not_found("guarantor.not_found")?
                    .details,
            );
        }
        let dossier = Dossier {
            documents: self
                .store()
                .dossier_document_kinds(user.id)
                .await
                .or_not_found("document.not_found")?,
            guarantors,
            applicant_income: new.overrides.monthly_income,
        };
        check_requirements(&listing.requirements, room, &dossier)
            .map_err(ServiceError::RequirementsNotMet)?;
        let application = Application {
            id: ApplicationId::generate(now),
            listing_id: listing.id,
            room_id: room.id,
            org_id: listing.org_id,
            applicant: user.id,
            move_in_date: new.move_in_date,
            duration_months: new.duration_months,
            guarantor_ids: new.guarantor_ids,
            overrides: new.overrides,
            status: ApplicationStatus::Pending,
            reason: None,
            created_at: now,
            updated_at: now,
        };
        let change = StatusChange {
            application_id: application.id,
            old_status: None,
            new_status: ApplicationStatus::Pending,
            actor: ApplicationActor::Renter,
            actor_id: Some(user.id),
            reason: None,
            at: now,
        };
        self.store()
            .create_application(&application, &change)
            .await
            .map_err(|e| match e {
                RepoError::Conflict { .. } => ServiceError::Conflict("application.duplicate"),
                other => ServiceError::from_repo(other, "listing.not_found"),
            })?;
        Ok(application)
    }

    /// The renter's applications.
    ///
    /// # Errors
    /// `Forbidden` for non-renters.
    pub async fn my_applications(
        &self,
        user: &User,
        page: PageRequest,
    ) -> Result<Page<Application>, ServiceError> {
        require_renter(user)?;
        self.store()
            .applicant_applications(user.id, page)
            .await
            .or_not_found("application.not_found")
    }

    /// Applications to the organization's listings.
    ///
    /// # Errors
    /// `NotFound("listing.not_found")` for a listing filter of another organization.
    pub async fn org_applications(
        &self,
        actor: &Actor,
        filter: ApplicationFilter,
        page: PageRequest,
    ) -> Result<Page<Application>, ServiceError> {
        actor.require(Action::Read)?;
        self.store()
            .org_applications(actor.org_id(), filter, page)
            .await
            .or_not_found("listing.not_found")
    }

    async fn own_application(
        &self,
        user: &User,
        id: ApplicationId,
    ) -> Result<Application, ServiceError> {
        let application = self
            .store()
            .application(id)
            .await
            .or_not_found("application.not_found")?;
        if application.applicant == user.id {
            Ok(application)
        } else {
            Err(ServiceError::NotFound("application.not_found"))
        }
    }

    pub(super) async fn org_application(
        &self,
        actor: &Actor,
        id: ApplicationId,
    ) -> Result<Application, ServiceError> {
        let application = self
            .store()
            .application(id)
            .await
            .or_not_found("application.not_found")?;
        if application.org_id == actor.org_id() {
            Ok(application)
        } else {
            Err(ServiceError::NotFound("application.not_found"))
        }
    }

    /// The listing one of the renter's applications is for, whatever its status now
    /// (a listing closes when it fills; the renter still sees what they applied to).
    ///
    /// # Errors
    /// `NotFound("application.not_found")` for another renter's application;
    /// `NotFound("listing.not_found")`.
    pub async fn listing_of_application(
        &self,
        user: &User,
        application: &Application,
    ) -> Result<crate::marketplace::listing::Listing, ServiceError> {
        if application.applicant != user.id {
            return Err(ServiceError::NotFound("application.not_found"));
        }
        self.store()
            .listing(application.org_id, application.listing_id)
            .await
            .or_not_found("listing.not_found")
    }

    /// An application, for its renter.
    ///
    /// # Errors
    /// `NotFound("application.not_found")` for another renter's.
    pub async fn application_for_renter(
        &self,
        user: &User,
        id: ApplicationId,
    ) -> Result<Application, ServiceError> {
        self.own_application(user, id).await
    }

    /// An application, for the listing's organization.
    ///
    /// # Errors
    /// `NotFound("application.not_found")` for another organization's.
    pub async fn application_for_member(
        &self,
        actor: &Actor,
        id: ApplicationId,
    ) -> Result<Application, ServiceError> {
        actor.require(Action::Read)?;
        self.org_application(actor, id).await
    }

    async fn record(
        &self,
        mut application: Application,
        action: ApplicationAction,
        actor: ApplicationActor,
        actor_id: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<Application, ServiceError> {
        let from = application.status;
        let to = transition(from, action, actor).map_err(transition_error)?;
        application.status = to;
        application.updated_at = now;
        let change = StatusChange {
            application_id: application.id,
            old_status: Some(from),
            new_status: to,
            actor,
            actor_id,
            reason: None,
            at: now,
        };
        self.store()
            .transition_application(&application, from, &change)
            .await
            .map_err(status_conflict)?;
        Ok(application)
    }

    /// The renter withdraws.
    ///
    /// # Errors
    /// `NotFound("application.not_found")`; `Conflict("application.invalid_transition")`.
    pub async fn withdraw_application(
        &self,
        user: &User,
        id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Result<Application, ServiceError> {
        let application = self.own_application(user, id).await?;
        self.record(
            application,
            ApplicationAction::Withdraw,
            ApplicationActor::Renter,
            Some(user.id),
            now,
        )
        .await
    }

    /// The landlord rejects.
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("application.not_found")`;
    /// `Conflict("application.invalid_transition")`.
    pub async fn reject_application(
        &self,
        actor: &Actor,
        id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Result<Application, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let application = self.org_application(actor, id).await?;
        self.record(
            application,
            ApplicationAction::Reject,
            ApplicationActor::Landlord,
            Some(actor.user_id),
            now,
        )
        .await
    }

    /// The landlord accepts, pending the first payment.
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("application.not_found")`;
    /// `Conflict("application.invalid_transition")`.
    pub async fn accept_application(
        &self,
        actor: &Actor,
        id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Result<Application, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let application = self.org_application(actor, id).await?;
        self.record(
            application,
            ApplicationAction::Accept,
            ApplicationActor::Landlord,
            Some(actor.user_id),
            now,
        )
        .await
    }

    /// An application's history, for its renter.
    ///
    /// # Errors
    /// `NotFound("application.not_found")`.
    pub async fn history_for_renter(
        &self,
        user: &User,
        id: ApplicationId,
    ) -> Result<Vec<StatusChange>, ServiceError> {
        self.own_application(user, id).await?;
        self.store()
            .application_history(id)
            .await
            .or_not_found("application.not_found")
    }

    /// An application's history, for the listing's organization.
    ///
    /// # Errors
    /// `NotFound("application.not_found")`.
    pub async fn history_for_member(
        &self,
        actor: &Actor,
        id: ApplicationId,
    ) -> Result<Vec<StatusChange>, ServiceError> {
        actor.require(Action::Read)?;
        self.org_application(actor, id).await?;
        self.store()
            .application_history(id)
            .await
            .or_not_found("application.not_found")
    }

    /// The tenant record a confirmation would use for `user` in `listing`'s
    /// organization (for display).
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn tenant_of_user(
        &self,
        actor: &Actor,
        user: UserId,
    ) -> Result<Option<TenantId>, ServiceError> {
        Ok(self
            .store()
            .tenant_for_user(actor.org_id(), user)
            .await
            .or_not_found("tenant.not_found")?
            .map(|t| t.id))
    }

    /// Checks an application would meet a listing's requirements, without applying
    /// (for the renter's page).
    ///
    /// # Errors
    /// `NotFound("listing.not_found")`.
    pub async fn missing_for(
        &self,
        user: &User,
        listing: ListingId,
        guarantor_ids: &[GuarantorId],
    ) -> Result<Option<MissingRequirements>, ServiceError> {
        let listing = self
            .store()
            .public_listing(listing)
            .await
            .or_not_found("listing.not_found")?;
        let Some(room) = listing
            .rooms
            .iter()
            .find(|r| !r.is_filled())
            .or(listing.rooms.first())
        else {
            return Ok(None);
        };
        let mut guarantors = Vec::new();
        for id in guarantor_ids {
            guarantors.push(
                self.store()
                    .guarantor(user.id, *id)
                    .await
                    .or_not_found("guarantor.not_found")?
                    .details,
            );
        }
        let dossier = Dossier {
            documents: self
                .store()
                .dossier_document_kinds(user.id)
                .await
                .or_not_found("document.not_found")?,
            guarantors,
            applicant_income: None,
        };
        Ok(check_requirements(&listing.requirements, room, &dossier).err())
    }
}
