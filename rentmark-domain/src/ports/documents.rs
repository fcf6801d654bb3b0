//! Document metadata (the bytes live in a blob store).

use super::*;

/// A stored file's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its id.
    pub id: DocumentId,
    /// The organization it belongs to.
    pub org_id: OrgId,
    /// What it is (`receipt`).
    pub kind: String,
    /// The original file name.
    pub filename: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its size.
    pub size_bytes: u64,
    /// Where the blob store keeps it.
    pub blob_key: String,
    /// Who uploaded it.
    pub uploaded_by: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Document metadata (the bytes live in a [`BlobStore`]).
pub trait DocumentRepository: Send + Sync {
    /// Records a stored document.
    ///
    /// # Errors
    /// `Unavailable` only.
    fn create_document(&self, document: &Document) -> impl Future<Output = RepoResult<()>> + Send;

    /// One document.
    ///
    /// # Errors
    /// `NotFound` when missing or of another organization.
    fn document(
        &self,
        org: OrgId,
        id: DocumentId,
    ) -> impl Future<Output = RepoResult<Document>> + Send;
}
