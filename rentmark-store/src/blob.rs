//! [`LocalBlobStore`]: file bytes in a local folder, the embedded default of the
//! [`BlobStore`] port.
//!
//! Keys are relative paths of `[A-Za-z0-9._/-]` (no empty, `.` or `..` segment, no
//! leading `/`), so a key can never name a file outside the folder. A write goes to a
//! temporary file in the same folder and is then renamed over the target, so a reader
//! sees the old bytes or the new ones, never a partial file.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rentmark_domain::ports::{BlobError, BlobStore};
use uuid::Uuid;

/// Blobs as files under one folder.
#[derive(Debug, Clone)]
pub struct LocalBlobStore {
    root: PathBuf,
}

impl LocalBlobStore {
    /// A store keeping its files under `root` (created on the first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file of `key`, once the key is checked.
    fn path(&self, key: &str) -> Result<PathBuf, BlobError> {
        let valid = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-'))
            && key
                .split('/')
                .all(|segment| !matches!(segment, "" | "." | ".."));
        if valid {
            Ok(self.root.join(key))
        } else {
            Err(BlobError::InvalidKey)
        }
    }
}

fn unavailable(error: std::io::Error) -> BlobError {
    BlobError::Unavailable(Box::new(error))
}

impl BlobStore for LocalBlobStore {
    #[tracing::instrument(level = "debug", skip(self, bytes), fields(size = bytes.len()))]
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), BlobError> {
        let path = self.path(key)?;
        let folder = path.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&folder)
            .await
            .map_err(unavailable)?;
        let temp = folder.join(format!(".tmp-{}", Uuid::now_v7().simple()));
        if let Err(error) = tokio::fs::write(&temp, bytes).await {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(unavailable(error));
        }
        if let Err(error) = tokio::fs::rename(&temp, &path).await {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(unavailable(error));
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn get(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        let path = self.path(key)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(bytes),
            Err(error) if error.kind() == ErrorKind::NotFound => Err(BlobError::NotFound),
            Err(error) => Err(unavailable(error)),
        }
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root() -> PathBuf {
        std::env::temp_dir().join(format!("rentmark-blob-{}", Uuid::now_v7().simple()))
    }

    #[tokio::test]
    async fn stores_replaces_and_deletes() {
        let root = temp_root();
        let store = LocalBlobStore::new(&root);
        let key = "org/receipts/2026-11/a_b-c.jpg";
        assert!(matches!(store.get(key).await, Err(BlobError::NotFound)));
        store
            .put(key, b"first".to_vec(), "image/jpeg")
            .await
            .expect("first write");
        store
            .put(key, b"second".to_vec(), "image/jpeg")
            .await
            .expect("second write");
        assert_eq!(store.get(key).await.expect("read"), b"second");
        let leftovers: Vec<_> = std::fs::read_dir(root.join("org/receipts/2026-11"))
            .expect("folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
        store.delete(key).await.expect("delete");
        store.delete(key).await.expect("deleting twice is fine");
        assert!(matches!(store.get(key).await, Err(BlobError::NotFound)));
        std::fs::remove_dir_all(&root).expect("cleanup");
    }

    #[tokio::test]
    async fn refuses_keys_that_leave_the_folder() {
        let store = LocalBlobStore::new(temp_root());
        for key in [
            "",
            "/etc/passwd",
            "../secret",
            "a/../../b",
            "a//b",
            "./a",
            "a/",
            "a b",
            "a\\b",
            "é",
        ] {
            assert!(
                matches!(store.get(key).await, Err(BlobError::InvalidKey)),
                "{key:?}"
            );
            assert!(
                matches!(
                    store.put(key, vec![1], "text/plain").await,
                    Err(BlobError::InvalidKey)
                ),
                "{key:?}"
            );
            assert!(
                matches!(store.delete(key).await, Err(BlobError::InvalidKey)),
                "{key:?}"
            );
        }
    }
}
