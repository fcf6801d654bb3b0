//! [`MarketplaceRepository`]: the port, implemented by delegating each method to the
//! module that owns its tables: `marketplace_listings` (listings, rooms, search),
//! `marketplace_dossier` (guarantors, dossier documents), `marketplace_applications`
//! (applications and their history) and `marketplace_confirm` (the confirmation
//! transaction). Each method is one transaction.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rentmark_domain::ids::{ApplicationId, DocumentId, GuarantorId, ListingId, OrgId, UserId};
use rentmark_domain::marketplace::application::{Application, ApplicationStatus, StatusChange};
use rentmark_domain::marketplace::dossier::Guarantor;
use rentmark_domain::marketplace::listing::{DocumentKind, Listing, ListingStatus};
use rentmark_domain::marketplace::ports::{
    ApplicationFilter, Confirmation, ConfirmationOutcome, DossierDocument, MarketplaceRepository,
};
use rentmark_domain::marketplace::search::{ListingQuery, ListingSummary};
use rentmark_domain::ports::{Page, PageRequest, RepoResult};
use rentmark_domain::property::{Property, Unit};
use rentmark_domain::tenant::Tenant;

use crate::repo::{
    marketplace_applications as applications, marketplace_confirm as confirm,
    marketplace_dossier as dossier, marketplace_listings as listings,
};
use crate::sql::Backend;
use crate::store::SqlStore;

impl<B: Backend> MarketplaceRepository for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(listing = %listing.id, rooms = listing.rooms.len()))]
    async fn create_listing(
        &self,
        listing: &Listing,
        new_property: Option<&Property>,
        new_units: &[Unit],
    ) -> RepoResult<()> {
        listings::create_listing(self, listing, new_property, new_units).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn listing(&self, org: OrgId, id: ListingId) -> RepoResult<Listing> {
        listings::listing(self, org, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn public_listing(&self, id: ListingId) -> RepoResult<Listing> {
        listings::public_listing(self, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn org_listings(&self, org: OrgId, page: PageRequest) -> RepoResult<Page<Listing>> {
        listings::org_listings(self, org, page).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn set_listing_status(
        &self,
        org: OrgId,
        id: ListingId,
        expected: ListingStatus,
        status: ListingStatus,
        now: DateTime<Utc>,
    ) -> RepoResult<()> {
        listings::set_listing_status(self, org, id, expected, status, now).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(listing = %listing.id))]
    async fn update_listing(&self, listing: &Listing) -> RepoResult<()> {
        listings::update_listing(self, listing).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn search_listings(&self, query: &ListingQuery) -> RepoResult<Page<ListingSummary>> {
        listings::search_listings(self, query).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(guarantor = %guarantor.id))]
    async fn create_guarantor(&self, guarantor: &Guarantor) -> RepoResult<()> {
        dossier::create_guarantor(self, guarantor).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn guarantor(&self, owner: UserId, id: GuarantorId) -> RepoResult<Guarantor> {
        dossier::guarantor(self, owner, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn guarantors(&self, owner: UserId, page: PageRequest) -> RepoResult<Page<Guarantor>> {
        dossier::guarantors(self, owner, page).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(guarantor = %guarantor.id))]
    async fn update_guarantor(&self, guarantor: &Guarantor) -> RepoResult<()> {
        dossier::update_guarantor(self, guarantor).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn delete_guarantor(&self, owner: UserId, id: GuarantorId) -> RepoResult<()> {
        dossier::delete_guarantor(self, owner, id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document.id))]
    async fn create_dossier_document(&self, document: &DossierDocument) -> RepoResult<()> {
        dossier::create_dossier_document(self, document).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn dossier_document(&self, owner: UserId, id: DocumentId) -> RepoResult<DossierDocument> {
        dossier::dossier_document(self, owner, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn finalize_dossier_document(
        &self,
        owner: UserId,
        id: DocumentId,
        size_bytes: u64,
    ) -> RepoResult<()> {
        dossier::finalize_dossier_document(self, owner, id, size_bytes).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn delete_dossier_document(&self, owner: UserId, id: DocumentId) -> RepoResult<()> {
        dossier::delete_dossier_document(self, owner, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn dossier_documents(&self, owner: UserId) -> RepoResult<Vec<DossierDocument>> {
        dossier::dossier_documents(self, owner).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn dossier_document_kinds(&self, owner: UserId) -> RepoResult<BTreeSet<DocumentKind>> {
        dossier::dossier_document_kinds(self, owner).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(application = %application.id))]
    async fn create_application(
        &self,
        application: &Application,
        change: &StatusChange,
    ) -> RepoResult<()> {
        applications::create_application(self, application, change).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn application(&self, id: ApplicationId) -> RepoResult<Application> {
        applications::application(self, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn applicant_applications(
        &self,
        applicant: UserId,
        page: PageRequest,
    ) -> RepoResult<Page<Application>> {
        applications::applicant_applications(self, applicant, page).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn org_applications(
        &self,
        org: OrgId,
        filter: ApplicationFilter,
        page: PageRequest,
    ) -> RepoResult<Page<Application>> {
        applications::org_applications(self, org, filter, page).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(application = %application.id, %expected))]
    async fn transition_application(
        &self,
        application: &Application,
        expected: ApplicationStatus,
        change: &StatusChange,
    ) -> RepoResult<()> {
        applications::transition_application(self, application, expected, change).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(application = %confirmation.application.id))]
    async fn confirm_application(
        &self,
        confirmation: &Confirmation,
    ) -> RepoResult<ConfirmationOutcome> {
        confirm::confirm_application(self, confirmation).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn application_history(&self, id: ApplicationId) -> RepoResult<Vec<StatusChange>> {
        applications::application_history(self, id).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn tenant_for_user(&self, org: OrgId, user: UserId) -> RepoResult<Option<Tenant>> {
        applications::tenant_for_user(self, org, user).await
    }
}
