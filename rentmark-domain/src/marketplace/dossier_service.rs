//! The renter's dossier: guarantors kept once and picked per application, and dossier
//! documents (registered, uploaded to the blob store, then finalized).

use chrono::{DateTime, Utc};

use crate::ids::{DocumentId, GuarantorId};
use crate::marketplace::dossier::{Guarantor, GuarantorInput};
use crate::marketplace::listing::DocumentKind;
use crate::marketplace::ports::{DossierDocument, DossierDocumentState, MarketplaceRepository};
use crate::ports::{Page, PageRequest, RepoError, Store};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::user::User;
use crate::validation::{ValidationErrors, codes};

use super::applications_service::{renter_today, require_renter};

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
}
