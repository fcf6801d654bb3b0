//! What a landlord sees of each application: the applicant (names and phone from the
//! application's overrides, else from their profile), the stay, the room, the
//! guarantors named and their combined income, and the kinds of document the
//! applicant's dossier holds.

use std::collections::{BTreeSet, HashMap};

use crate::ids::{ListingId, UserId};
use crate::marketplace::application::Application;
use crate::marketplace::listing::{DocumentKind, Listing};
use crate::marketplace::ports::{ApplicationFilter, MarketplaceRepository};
use crate::money::Money;
use crate::org::{Action, Actor};
use crate::ports::{Page, PageRequest, RepoError, Store};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::user::Email;

/// An application with its dossier summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationDossier {
    /// The application.
    pub application: Application,
    /// The applicant's address; `None` once their account is erased.
    pub email: Option<Email>,
    /// First name (override, else profile).
    pub first_name: Option<String>,
    /// Last name (override, else profile).
    pub last_name: Option<String>,
    /// Phone (override, else profile).
    pub phone: Option<String>,
    /// The applicant's own monthly income, when given on the application.
    pub monthly_income: Option<Money>,
    /// The room's name.
    pub room_name: Option<String>,
    /// Guarantors named on the application.
    pub guarantor_count: usize,
    /// Their combined monthly income.
    pub guarantors_income: Money,
    /// Kinds of the stored documents of the applicant's dossier.
    pub documents: BTreeSet<DocumentKind>,
}

impl<S: Store + MarketplaceRepository> Services<S> {
    /// Applications to the organization's listings, each with the applicant's dossier
    /// summary.
    ///
    /// # Errors
    /// `NotFound("listing.not_found")` for a listing filter of another organization.
    pub async fn org_application_dossiers(
        &self,
        actor: &Actor,
        filter: ApplicationFilter,
        page: PageRequest,
    ) -> Result<Page<ApplicationDossier>, ServiceError> {
        actor.require(Action::Read)?;
        let applications = self
            .store()
            .org_applications(actor.org_id(), filter, page)
            .await
            .or_not_found("listing.not_found")?;
        let mut listings: HashMap<ListingId, Listing> = HashMap::new();
        let mut dossiers = Vec::with_capacity(applications.results.len());
        for application in &applications.results {
            if !listings.contains_key(&application.listing_id) {
                let listing = self
                    .store()
                    .listing(actor.org_id(), application.listing_id)
                    .await
                    .or_not_found("listing.not_found")?;
                listings.insert(listing.id, listing);
            }
            let room_name = listings
                .get(&application.listing_id)
                .and_then(|l| l.room(application.room_id))
                .map(|r| r.name.clone());
            dossiers.push(self.dossier_of(application, room_name).await?);
        }
        Ok(Page {
            results: dossiers,
            total: applications.total,
            page: applications.page,
            limit: applications.limit,
        })
    }

    async fn dossier_of(
        &self,
        application: &Application,
        room_name: Option<String>,
    ) -> Result<ApplicationDossier, ServiceError> {
        let applicant: UserId = application.applicant;
        let user = match self.store().user(applicant).await {
            Ok(user) => Some(user),
            Err(RepoError::NotFound) => None,
            Err(other) => return Err(ServiceError::from_repo(other, "user.not_found")),
        };
        let profile = self
            .store()
            .profile(applicant)
            .await
            .or_not_found("user.not_found")?
            .unwrap_or_default();
        let mut guarantors_income = Money::zero(crate::money::Currency::Eur);
        for id in &application.guarantor_ids {
            match self.store().guarantor(applicant, *id).await {
                Ok(guarantor) => {
                    guarantors_income = Money::from_cents(
                        guarantors_income.cents() + guarantor.details.monthly_income.cents(),
                        guarantors_income.currency(),
                    );
                }
                // Erased with the applicant's dossier.
                Err(RepoError::NotFound) => {}
                Err(other) => return Err(ServiceError::from_repo(other, "guarantor.not_found")),
            }
        }
        let overrides = &application.overrides;
        Ok(ApplicationDossier {
            email: user
                .filter(|u| u.status != crate::user::UserStatus::Erased)
                .map(|u| u.email),
            first_name: overrides.first_name.clone().or(profile.first_name),
            last_name: overrides.last_name.clone().or(profile.last_name),
            phone: overrides.phone.clone().or(profile.phone),
            monthly_income: overrides.monthly_income,
            room_name,
            guarantor_count: application.guarantor_ids.len(),
            guarantors_income,
            documents: self
                .store()
                .dossier_document_kinds(applicant)
                .await
                .or_not_found("document.not_found")?,
            application: application.clone(),
        })
    }
}
