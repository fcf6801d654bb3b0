//! [`DocumentRepository`]: the metadata of stored files (the bytes are in a
//! [`BlobStore`](rentmark_domain::ports::BlobStore)).

use rentmark_domain::ids::{DocumentId, OrgId};
use rentmark_domain::ports::{Document, DocumentRepository, RepoError, RepoResult};

use crate::rows::{DocumentRow, document_columns};
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

impl<B: Backend> DocumentRepository for SqlStore<B> {
    #[tracing::instrument(level = "debug", skip_all, fields(document = %document.id))]
    async fn create_document(&self, document: &Document) -> RepoResult<()> {
        let size = i64::try_from(document.size_bytes)
            .map_err(|_| RepoError::Unavailable("document too large".into()))?;
        let mut tx = self.write().await?;
        tx.exec(
            concat!(
                "insert into documents (",
                document_columns!(),
                ", updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
            ),
            args![
                document.org_id,
                document.id,
                document.kind.as_str(),
                document.filename.as_str(),
                document.content_type.as_str(),
                size,
                document.blob_key.as_str(),
                document.uploaded_by,
                document.created_at,
            ],
        )
        .await?;
        B::commit(tx).await
    }

    #[tracing::instrument(level = "debug", skip(self))]
    async fn document(&self, org: OrgId, id: DocumentId) -> RepoResult<Document> {
        let mut conn = self.read().await?;
        conn.one::<DocumentRow>(
            concat!(
                "select ",
                document_columns!(),
                " from documents where org_id = $1 and id = $2"
            ),
            args![org, id],
        )
        .await?
        .into_domain()
    }
}
