//! A renter's erasure request also removes their dossier files at once: the bytes
//! live in the blob store, outside the database transaction the erasure job runs in.

use chrono::{DateTime, Utc};

use crate::marketplace::ports::MarketplaceRepository;
use crate::ports::{BlobError, BlobStore, RepoError, Store};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::user::User;

impl<S: Store + MarketplaceRepository> Services<S> {
    /// Queues the erasure of the user's account (see [`Services::request_erasure`])
    /// and deletes the files of their dossier documents from `blobs` right away; the
    /// erasure job then deletes the rows. Asking again (after a storage failure)
    /// deletes what is left.
    ///
    /// # Errors
    /// Those of [`Services::request_erasure`]; `Unavailable` when the blob store fails
    /// (the request stays queued; asking again finishes the deletion).
    pub async fn request_erasure_with_files<B: BlobStore>(
        &self,
        user: &User,
        blobs: &B,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        self.request_erasure(user, now).await?;
        for document in self
            .store()
            .dossier_documents(user.id)
            .await
            .or_not_found("document.not_found")?
        {
            match blobs.delete(&document.blob_key).await {
                Ok(()) | Err(BlobError::NotFound) => {}
                Err(error) => {
                    return Err(ServiceError::Unavailable(RepoError::Unavailable(Box::new(
                        error,
                    ))));
                }
            }
        }
        Ok(())
    }
}
