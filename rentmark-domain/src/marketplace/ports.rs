//! The marketplace's storage port. Listings and applications are scoped by the
//! listing's organization for landlords; guarantors, dossier documents and a renter's
//! applications by the renter's user id. Every write is one transaction.

use std::collections::BTreeSet;
use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};

use crate::ids::{ApplicationId, DocumentId, GuarantorId, ListingId, OrgId, UserId};
use crate::lease::Lease;
use crate::ledger::LedgerEntry;
use crate::marketplace::application::{Application, ApplicationStatus, StatusChange};
use crate::marketplace::dossier::Guarantor;
use crate::marketplace::listing::{DocumentKind, Listing, ListingStatus};
use crate::marketplace::search::{ListingQuery, ListingSummary};
use crate::ports::{Page, PageRequest, RepoResult};
use crate::property::{Property, Unit};
use crate::tenant::Tenant;

/// Which applications a landlord lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplicationFilter {
    /// Only this listing's.
    pub listing_id: Option<ListingId>,
    /// Only in this status.
    pub status: Option<ApplicationStatus>,
}

/// A document of a renter's dossier (profile scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierDocument {
    /// Its id.
    pub id: DocumentId,
    /// The renter.
    pub owner: UserId,
    /// What it is.
    pub kind: DocumentKind,
    /// Original file name.
    pub filename: String,
    /// MIME type.
    pub content_type: String,
    /// Size in bytes (declared, then actual once uploaded).
    pub size_bytes: u64,
    /// Where the blob store keeps it.
    pub blob_key: String,
    /// `pending` until uploaded and finalized, then `stored`.
    pub state: DossierDocumentState,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// Whether a dossier document's bytes are in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierDocumentState {
    /// Presigned, waiting for the upload and `finalize`.
    Pending,
    /// Uploaded and finalized: counts for requirements.
    Stored,
}

impl DossierDocumentState {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Stored => "stored",
        }
    }
}

/// Everything that confirming an application writes, in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    /// The application in its confirmed state.
    pub application: Application,
    /// Its status change.
    pub change: StatusChange,
    /// A tenant record to create for the renter (none when the organization already
    /// has one linked to their account: its id is in `lease.tenants`).
    pub new_tenant: Option<Tenant>,
    /// The lease to create (the renter as tenant, the room's unit and terms).
    pub lease: Lease,
    /// Its charges already due.
    pub entries: Vec<LedgerEntry>,
    /// When its schedule next owes something.
    pub next_charge_on: Option<NaiveDate>,
    /// When the confirmation happens (for the cancellations it causes).
    pub at: DateTime<Utc>,
}

/// What a confirmation did besides confirming.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfirmationOutcome {
    /// Other open applications of the room, rejected with reason `room_taken`
    /// because this one took the last place.
    pub cancelled: Vec<ApplicationId>,
    /// Whether the listing closed (every room filled).
    pub listing_closed: bool,
}

/// Listings, guarantors, dossier documents and applications.
pub trait MarketplaceRepository: Send + Sync {
    /// Creates a draft listing with its rooms and requirements, and in the same
    /// transaction the property (`new_property`) and the units (`new_units`) created
    /// for it.
    ///
    /// # Errors
    /// `NotFound` when the listing's property or a room's unit is missing or of
    /// another organization. Nothing is written on error.
    fn create_listing(
        &self,
        listing: &Listing,
        new_property: Option<&Property>,
        new_units: &[Unit],
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// A listing of the organization, any status.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn listing(
        &self,
        org: OrgId,
        id: ListingId,
    ) -> impl Future<Output = RepoResult<Listing>> + Send;

    /// A listing as the public sees it: published and not taken down.
    ///
    /// # Errors
    /// `NotFound` otherwise.
    fn public_listing(&self, id: ListingId) -> impl Future<Output = RepoResult<Listing>> + Send;

    /// The organization's listings, newest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn org_listings(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Listing>>> + Send;

    /// Moves a listing from `expected` to `status`.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization;
    /// `Conflict { constraint: "listing_status" }` when its status is no longer
    /// `expected` (nothing is written then).
    fn set_listing_status(
        &self,
        org: OrgId,
        id: ListingId,
        expected: ListingStatus,
        status: ListingStatus,
        now: DateTime<Utc>,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Replaces a listing's details (title, city with its search key, address,
    /// description, type, availability date, requirements) and `updated_at`, in one
    /// transaction. Its rooms, property, status and creation date are not touched.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization (`listing.org_id` scopes
    /// the write); `Conflict { constraint: "listing_closed" }` when it is closed
    /// (nothing is written then).
    fn update_listing(&self, listing: &Listing) -> impl Future<Output = RepoResult<()>> + Send;

    /// Published, not taken-down listings matching the query, by lowest room rent
    /// then newest, with the total count. Draft, closed and taken-down listings never
    /// appear.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn search_listings(
        &self,
        query: &ListingQuery,
    ) -> impl Future<Output = RepoResult<Page<ListingSummary>>> + Send;

    /// Creates a guarantor.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_guarantor(
        &self,
        guarantor: &Guarantor,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One of the renter's guarantors.
    ///
    /// # Errors
    /// `NotFound` when missing or another renter's.
    fn guarantor(
        &self,
        owner: UserId,
        id: GuarantorId,
    ) -> impl Future<Output = RepoResult<Guarantor>> + Send;

    /// The renter's guarantors, oldest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn guarantors(
        &self,
        owner: UserId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Guarantor>>> + Send;

    /// Replaces a guarantor's details.
    ///
    /// # Errors
    /// `NotFound` when missing or another renter's.
    fn update_guarantor(
        &self,
        guarantor: &Guarantor,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Deletes a guarantor.
    ///
    /// # Errors
    /// `NotFound` when missing or another renter's;
    /// `Conflict { constraint: "guarantor_in_use" }` when an application names it.
    fn delete_guarantor(
        &self,
        owner: UserId,
        id: GuarantorId,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Records a presigned dossier document (state pending).
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_dossier_document(
        &self,
        document: &DossierDocument,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One of the renter's dossier documents.
    ///
    /// # Errors
    /// `NotFound` when missing or another renter's.
    fn dossier_document(
        &self,
        owner: UserId,
        id: DocumentId,
    ) -> impl Future<Output = RepoResult<DossierDocument>> + Send;

    /// Marks a dossier document stored, with its actual size.
    ///
    /// # Errors
    /// `NotFound` when missing or another renter's.
    fn finalize_dossier_document(
        &self,
        owner: UserId,
        id: DocumentId,
        size_bytes: u64,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Deletes a dossier document's row.
    ///
    /// # Errors
    /// `NotFound` when missing or another renter's.
    fn delete_dossier_document(
        &self,
        owner: UserId,
        id: DocumentId,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// The renter's dossier documents, newest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn dossier_documents(
        &self,
        owner: UserId,
    ) -> impl Future<Output = RepoResult<Vec<DossierDocument>>> + Send;

    /// The kinds of the renter's stored dossier documents.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn dossier_document_kinds(
        &self,
        owner: UserId,
    ) -> impl Future<Output = RepoResult<BTreeSet<DocumentKind>>> + Send;

    /// Creates an application with its guarantors and its first history row.
    ///
    /// # Errors
    /// `Conflict { constraint: "applications_listing_id_applicant" }` when the renter
    /// already applied to the listing; `NotFound` when the listing, room or a
    /// guarantor is missing (or the guarantor is another renter's).
    fn create_application(
        &self,
        application: &Application,
        change: &StatusChange,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// One application, whoever asks (the service checks who may see it).
    ///
    /// # Errors
    /// `NotFound` when missing.
    fn application(
        &self,
        id: ApplicationId,
    ) -> impl Future<Output = RepoResult<Application>> + Send;

    /// The renter's applications, newest first.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn applicant_applications(
        &self,
        applicant: UserId,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Application>>> + Send;

    /// Applications to the organization's listings, newest first.
    ///
    /// # Errors
    /// `NotFound` when `filter.listing_id` is of another organization.
    fn org_applications(
        &self,
        org: OrgId,
        filter: ApplicationFilter,
        page: PageRequest,
    ) -> impl Future<Output = RepoResult<Page<Application>>> + Send;

    /// Stores a transition (status, reason, updated_at) and its history row, if the
    /// application is still in `expected`.
    ///
    /// # Errors
    /// `NotFound` when missing; `Conflict { constraint: "application_status" }` when
    /// its status is no longer `expected` (nothing is written then).
    fn transition_application(
        &self,
        application: &Application,
        expected: ApplicationStatus,
        change: &StatusChange,
    ) -> impl Future<Output = RepoResult<()>> + Send;

    /// Confirms an application in one transaction: checks the room still has a
    /// place and the application is still accepted-pending-payment, confirms it,
    /// creates the tenant (if new), the lease with its tenant history and charges,
    /// takes one place of the room, rejects the room's other open applications with
    /// reason `room_taken` (with history) when it was the last place, enqueues for
    /// each of them a [`notify_room_taken_job`](crate::marketplace::notify_room_taken_job)
    /// (the transactional outbox: they are told), and closes the
    /// listing when every room is filled. Parallel confirmations of the last place:
    /// exactly one succeeds.
    ///
    /// # Errors
    /// `NotFound` when the application is missing;
    /// `Conflict { constraint: "room_full" }` when the room has no place left;
    /// `Conflict { constraint: "application_status" }` when the application is no
    /// longer accepted-pending-payment. Nothing is written on error.
    fn confirm_application(
        &self,
        confirmation: &Confirmation,
    ) -> impl Future<Output = RepoResult<ConfirmationOutcome>> + Send;

    /// The status history of an application, oldest first.
    ///
    /// # Errors
    /// `NotFound` when the application is missing.
    fn application_history(
        &self,
        id: ApplicationId,
    ) -> impl Future<Output = RepoResult<Vec<StatusChange>>> + Send;

    /// The organization's tenant record linked to `user`, if any.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn tenant_for_user(
        &self,
        org: OrgId,
        user: UserId,
    ) -> impl Future<Output = RepoResult<Option<Tenant>>> + Send;
}
