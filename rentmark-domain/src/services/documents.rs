//! Receipt images and other organization documents: the bytes go to the blob store,
//! the metadata to the document repository; a failed metadata write removes the bytes
//! again so that nothing is left half-stored.

use chrono::{DateTime, Utc};

use crate::ids::DocumentId;
use crate::org::{Action, Actor};
use crate::ports::{BlobError, BlobStore, Document, RepoError, Store};
use crate::services::{RepoResultExt, ServiceError, Services};

/// A file to store, already checked by the caller (type by its first bytes, size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// What it is (`receipt`).
    pub kind: String,
    /// The original file name.
    pub filename: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

fn blob_unavailable(error: BlobError) -> ServiceError {
    ServiceError::Unavailable(RepoError::Unavailable(Box::new(error)))
}

impl<S: Store> Services<S> {
    /// Stores an organization document (`receipts/<org>/<id>` in `blobs`, then its
    /// row). When the row cannot be written, the bytes are removed again.
    ///
    /// # Errors
    /// `Forbidden` unless the role may record payments; `Unavailable` when the blob
    /// store or the database fails.
    pub async fn store_document<B: BlobStore>(
        &self,
        actor: &Actor,
        blobs: &B,
        upload: Upload,
        now: DateTime<Utc>,
    ) -> Result<Document, ServiceError> {
        actor.require(Action::RecordPayments)?;
        let id = DocumentId::generate(now);
        let document = Document {
            id,
            org_id: actor.org_id(),
            kind: upload.kind,
            filename: upload.filename,
            content_type: upload.content_type,
            size_bytes: u64::try_from(upload.bytes.len()).unwrap_or(u64::MAX),
            blob_key: format!("receipts/{}/{id}", actor.org_id()),
            uploaded_by: Some(actor.user_id),
            created_at: now,
        };
        blobs
            .put(&document.blob_key, upload.bytes, &document.content_type)
            .await
            .map_err(blob_unavailable)?;
        if let Err(error) = self.store.create_document(&document).await {
            // Best effort: bytes no row points at are unreachable and only cost space.
            let _cleanup = blobs.delete(&document.blob_key).await;
            return Err(ServiceError::from_repo(error, "document.not_found"));
        }
        Ok(document)
    }

    /// One of the organization's documents.
    ///
    /// # Errors
    /// `NotFound("document.not_found")`.
    pub async fn document(&self, actor: &Actor, id: DocumentId) -> Result<Document, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .document(actor.org_id(), id)
            .await
            .or_not_found("document.not_found")
    }
}
