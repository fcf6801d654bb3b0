//! File bytes and the clock: outbound ports with a local default.

use super::*;

/// What a blob store reports.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// No blob under that key.
    #[error("blob not found")]
    NotFound,
    /// The key is not one this store accepts (path traversal, empty).
    #[error("invalid blob key")]
    InvalidKey,
    /// The storage failed.
    #[error("blob storage unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Where file bytes live: a local folder by default, S3 in production.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `key`, replacing any previous blob.
    ///
    /// # Errors
    /// `InvalidKey` for a key with `..`, a leading `/` or nothing in it;
    /// `Unavailable` when the storage fails.
    fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> impl Future<Output = Result<(), BlobError>> + Send;

    /// The bytes under `key`.
    ///
    /// # Errors
    /// `NotFound` when there is none; `InvalidKey`; `Unavailable`.
    fn get(&self, key: &str) -> impl Future<Output = Result<Vec<u8>, BlobError>> + Send;

    /// Deletes the blob under `key` (no error when there is none).
    ///
    /// # Errors
    /// `InvalidKey`; `Unavailable`.
    fn delete(&self, key: &str) -> impl Future<Output = Result<(), BlobError>> + Send;
}

/// The current instant, for code at the edges that wires use cases (the domain itself
/// never reads the clock: `now` is a parameter).
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}
