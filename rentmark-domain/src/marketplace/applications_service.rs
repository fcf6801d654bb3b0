//! Renter and landlord use cases around applications: guarantors, dossier documents,
//! applying (only with a dossier that meets the listing's requirements), the
//! lifecycle transitions, and confirmation, which creates the lease in the ledger.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

use crate::calendar::{DueDay, local_date};
use crate::ids::{ApplicationId, DocumentId, GuarantorId, LeaseId, ListingId, TenantId, UserId};
use crate::lease::{CoTenant, Lease, LeaseTerms, Share};
use crate::ledger::charge_entries;
use crate::marketplace::application::{
    Application, ApplicationAction, ApplicationActor, ApplicationInput, ApplicationStatus,
    StatusChange, TransitionError, transition,
};
use crate::marketplace::dossier::{
    Dossier, Guarantor, GuarantorInput, MissingRequirements, check_requirements,
};
use crate::marketplace::listing::DocumentKind;
use crate::marketplace::ports::{
    ApplicationFilter, Confirmation, ConfirmationOutcome, DossierDocument, DossierDocumentState,
    MarketplaceRepository,
};
use crate::org::{Action, Actor, Organization};
use crate::ports::{Page, PageRequest, RepoError, Store};
use crate::schedule::{charges_due_through, next_due_date};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::tenant::{Tenant, TenantDetails};
use crate::user::{AccountRole, User};
use crate::validation::{ValidationErrors, codes};

/// The largest dossier document accepted (the architecture's upload limit).
pub const MAX_DOCUMENT_BYTES: u64 = 100 * 1024 * 1024;

/// Content types accepted in a dossier.
pub const DOCUMENT_TYPES: &[&str] = &[
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
];

/// What a confirmation did: the application in its confirmed state, the lease created
/// for it (and the renter's tenant record), and the cancellations it caused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    /// The application, confirmed.
    pub application: Application,
    /// The lease created in the ledger.
    pub lease_id: LeaseId,
    /// The renter's tenant record in the organization (created if new).
    pub tenant_id: TenantId,
    /// The other applications cancelled and whether the listing closed.
    pub outcome: ConfirmationOutcome,
}

fn require_renter(user: &User) -> Result<(), ServiceError> {
    if user.role == AccountRole::Tenant {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn transition_error(error: TransitionError) -> ServiceError {
    match error {
        TransitionError::NotAllowed { .. } => ServiceError::Forbidden,
        TransitionError::InvalidTransition { .. } => {
            ServiceError::Conflict("application.invalid_transition")
        }
    }
}

fn status_conflict(error: RepoError) -> ServiceError {
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
fn renter_today(now: DateTime<Utc>) -> NaiveDate {
    local_date(now, Organization::DEFAULT_TIMEZONE)
}

impl<S: Store + MarketplaceRepository> Services<S> {
    /// Adds a guarantor to the renter's dossier.
    ///
    /// # Errors
    /// `Forbidden` for non-renters; `Invalid`.
    pub async fn create_guarantor(
        &self,
        user: &User,
        input: &GuarantorInput,
        now: DateTime<Utc>,
    ) -> Result<Guarantor, ServiceError> {
        require_renter(user)?;
        let details = input.parse(crate::money::Currency::Eur, renter_today(now))?;
        let guarantor = Guarantor {
            id: GuarantorId::generate(now),
            owner: user.id,
            details,
            created_at: now,
            updated_at: now,
        };
        self.store()
            .create_guarantor(&guarantor)
            .await
            .or_not_found("guarantor.not_found")?;
        Ok(guarantor)
    }

    /// One of the renter's guarantors.
    ///
    /// # Errors
    /// `NotFound("guarantor.not_found")`.
    pub async fn guarantor(&self, user: &User, id: GuarantorId) -> Result<Guarantor, ServiceError> {
        require_renter(user)?;
        self.store()
            .guarantor(user.id, id)
            .await
            .or_not_found("guarantor.not_found")
    }

    /// The renter's guarantors.
    ///
    /// # Errors
    /// `Forbidden` for non-renters.
    pub async fn guarantors(
        &self,
        user: &User,
        page: PageRequest,
    ) -> Result<Page<Guarantor>, ServiceError> {
        require_renter(user)?;
        self.store()
            .guarantors(user.id, page)
            .await
            .or_not_found("guarantor.not_found")
    }

    /// Replaces a guarantor's details.
    ///
    /// # Errors
    /// `Invalid`; `NotFound("guarantor.not_found")`.
    pub async fn update_guarantor(
        &self,
        user: &User,
        id: GuarantorId,
        input: &GuarantorInput,
        now: DateTime<Utc>,
    ) -> Result<Guarantor, ServiceError> {
        require_renter(user)?;
        let details = input.parse(crate::money::Currency::Eur, renter_today(now))?;
        let mut guarantor = self
            .store()
            .guarantor(user.id, id)
            .await
            .or_not_found("guarantor.not_found")?;
        guarantor.details = details;
        guarantor.updated_at = now;
        self.store()
            .update_guarantor(&guarantor)
            .await
            .or_not_found("guarantor.not_found")?;
        Ok(guarantor)
    }

    /// Deletes a guarantor not named on any application.
    ///
    /// # Errors
    /// `NotFound("guarantor.not_found")`; `Conflict("guarantor.in_use")`.
    pub async fn delete_guarantor(&self, user: &User, id: GuarantorId) -> Result<(), ServiceError> {
        require_renter(user)?;
        self.store()
            .delete_guarantor(user.id, id)
            .await
            .map_err(|e| match e {
                RepoError::Conflict { .. } => ServiceError::Conflict("guarantor.in_use"),
                other => ServiceError::from_repo(other, "guarantor.not_found"),
            })
    }

    /// Registers a dossier document about to be uploaded (the blob key is
    /// `dossiers/<user>/<document>`); it counts once finalized.
    ///
    /// # Errors
    /// `Forbidden` for non-renters; `Invalid` for an unknown kind, an unaccepted
    /// content type, or a size of 0 or over 100 MB.
    pub async fn presign_dossier_document(
        &self,
        user: &User,
        kind: &str,
        filename: &str,
        content_type: &str,
        size_bytes: i64,
        now: DateTime<Utc>,
    ) -> Result<DossierDocument, ServiceError> {
        require_renter(user)?;
        let mut errors = ValidationErrors::new();
        let kind = errors.check("kind", kind.trim().parse::<DocumentKind>(), |_| {
            codes::INVALID_CHOICE
        });
        let filename = errors.check(
            "filename",
            crate::validation::required_text(filename, 200),
            |c| c,
        );
        if !DOCUMENT_TYPES.contains(&content_type.trim()) {
            errors.add("content_type", codes::INVALID_CHOICE);
        }
        let size = u64::try_from(size_bytes)
            .ok()
            .filter(|s| (1..=MAX_DOCUMENT_BYTES).contains(s));
        if size.is_none() {
            errors.add("size_bytes", codes::OUT_OF_RANGE);
        }
        let (Some(kind), Some(filename), Some(size_bytes), true) =
            (kind, filename, size, errors.is_empty())
        else {
            return Err(errors.into());
        };
        let id = DocumentId::generate(now);
        let document = DossierDocument {
            id,
            owner: user.id,
            kind,
            filename,
            content_type: content_type.trim().to_owned(),
            size_bytes,
            blob_key: format!("dossiers/{}/{id}", user.id),
            state: DossierDocumentState::Pending,
            created_at: now,
        };
        self.store()
            .create_dossier_document(&document)
            .await
            .or_not_found("document.not_found")?;
        Ok(document)
    }

    /// One of the renter's dossier documents.
    ///
    /// # Errors
    /// `NotFound("document.not_found")`.
    pub async fn dossier_document(
        &self,
        user: &User,
        id: DocumentId,
    ) -> Result<DossierDocument, ServiceError> {
        self.store()
            .dossier_document(user.id, id)
            .await
            .or_not_found("document.not_found")
    }

    /// Marks an uploaded dossier document stored (`size_bytes` measured by the
    /// caller from the blob store).
    ///
    /// # Errors
    /// `NotFound("document.not_found")`.
    pub async fn finalize_dossier_document(
        &self,
        user: &User,
        id: DocumentId,
        size_bytes: u64,
    ) -> Result<DossierDocument, ServiceError> {
        self.store()
            .finalize_dossier_document(user.id, id, size_bytes)
            .await
            .or_not_found("document.not_found")?;
        self.dossier_document(user, id).await
    }

    /// Deletes a dossier document's record (the caller deletes the blob).
    ///
    /// # Errors
    /// `NotFound("document.not_found")`.
    pub async fn delete_dossier_document(
        &self,
        user: &User,
        id: DocumentId,
    ) -> Result<(), ServiceError> {
        self.store()
            .delete_dossier_document(user.id, id)
            .await
            .or_not_found("document.not_found")
    }

    /// The renter's dossier documents.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn dossier_documents(
        &self,
        user: &User,
    ) -> Result<Vec<DossierDocument>, ServiceError> {
        self.store()
            .dossier_documents(user.id)
            .await
            .or_not_found("document.not_found")
    }

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

    async fn org_application(
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

    /// The landlord confirms an offline first payment: the application is confirmed
    /// and the lease created (see [`Services::confirm_application_as`]).
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("application.not_found")`;
    /// `Conflict("application.invalid_transition" | "room.filled")`.
    pub async fn confirm_application(
        &self,
        actor: &Actor,
        id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Result<Confirmed, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let application = self.org_application(actor, id).await?;
        self.confirm_application_as(
            &actor.org,
            application,
            ApplicationActor::Landlord,
            Some(actor.user_id),
            now,
        )
        .await
    }

    /// Confirms an application (the landlord for an offline payment, or the payment
    /// webhook): one transaction creates the renter's tenant record (if new), the
    /// lease (room rent, charges and deposit; start on the move-in date; end after
    /// the stay's months; due on the 1st) with its charges already due, takes the
    /// place, cancels the room's other open applications when it was the last place
    /// (reason `room_taken`), and closes the listing when full.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("application.invalid_transition" | "room.filled")`.
    pub async fn confirm_application_as(
        &self,
        org: &Organization,
        application: Application,
        actor: ApplicationActor,
        actor_id: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<Confirmed, ServiceError> {
        let from = application.status;
        let to = transition(from, ApplicationAction::Confirm, actor).map_err(transition_error)?;
        let listing = self
            .store()
            .listing(org.id, application.listing_id)
            .await
            .or_not_found("listing.not_found")?;
        let room = listing
            .room(application.room_id)
            .ok_or(ServiceError::NotFound("room.not_found"))?;
        let renter = self
            .store()
            .user(application.applicant)
            .await
            .or_not_found("user.not_found")?;
        let (tenant_id, new_tenant) = match self
            .store()
            .tenant_for_user(org.id, renter.id)
            .await
            .or_not_found("tenant.not_found")?
        {
            Some(tenant) => (tenant.id, None),
            None => {
                let full_name = match (
                    &application.overrides.first_name,
                    &application.overrides.last_name,
                ) {
                    (Some(first), Some(last)) => format!("{first} {last}"),
                    (Some(name), None) | (None, Some(name)) => name.clone(),
                    (None, None) => renter
                        .display_name
                        .clone()
                        .unwrap_or_else(|| renter.email.to_string()),
                };
                let tenant = Tenant::new(
                    org.id,
                    TenantDetails {
                        full_name,
                        email: Some(renter.email.clone()),
                        phone: application.overrides.phone.clone(),
                    },
                    Some(renter.id),
                    now,
                );
                (tenant.id, Some(tenant))
            }
        };
        let start = application.move_in_date;
        let end = start
            .checked_add_months(Months::new(application.duration_months))
            .and_then(|d| d.checked_sub_signed(Duration::days(1)))
            .unwrap_or(start);
        let mut lease = Lease {
            id: LeaseId::generate(now),
            org_id: org.id,
            unit_id: room.unit_id,
            property_id: listing.property_id,
            tenants: vec![CoTenant {
                tenant_id,
                share: Share::WHOLE,
            }],
            terms: LeaseTerms {
                rent: room.rent,
                charges: room.charges,
                deposit: room.deposit,
                start_date: start,
                end_date: Some(end),
                due_day: DueDay::new(start.day().min(28)).unwrap_or(DueDay::FIRST),
            },
            ended_at: None,
            next_charge_on: None,
            created_at: now,
            updated_at: now,
        };
        let today = local_date(now, org.timezone);
        let entries = charge_entries(&lease, &charges_due_through(&lease.terms, today), now);
        lease.next_charge_on = next_due_date(&lease.terms, today);
        let mut confirmed = application;
        confirmed.status = to;
        confirmed.updated_at = now;
        let confirmation = Confirmation {
            change: StatusChange {
                application_id: confirmed.id,
                old_status: Some(from),
                new_status: to,
                actor,
                actor_id,
                reason: None,
                at: now,
            },
            application: confirmed.clone(),
            new_tenant,
            next_charge_on: lease.next_charge_on,
            lease,
            entries,
            at: now,
        };
        let lease_id = confirmation.lease.id;
        let outcome = self
            .store()
            .confirm_application(&confirmation)
            .await
            .map_err(status_conflict)?;
        Ok(Confirmed {
            application: confirmed,
            lease_id,
            tenant_id,
            outcome,
        })
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
