//! The renter's dossier: guarantors and dossier documents, scoped by the renter who
//! keeps them (`owner_id`); another renter's row is `NotFound`.

use std::collections::BTreeSet;

use rentmark_domain::ids::{DocumentId, GuarantorId, UserId};
use rentmark_domain::marketplace::dossier::Guarantor;
use rentmark_domain::marketplace::listing::DocumentKind;
use rentmark_domain::marketplace::ports::{DossierDocument, DossierDocumentState};
use rentmark_domain::ports::{Page, PageRequest, RepoError, RepoResult};

use crate::repo::{limit_offset, page_of, stamp};
use crate::rows::marketplace_applications::{
    DossierDocumentRow, GuarantorRow, document_kind, dossier_document_columns, guarantor_columns,
};
use crate::sql::{Backend, Conn, args};
use crate::store::SqlStore;

/// A size as stored (BIGINT). The domain caps sizes at 100 MB, so a larger one is a
/// bug, reported as `Unavailable` rather than stored wrapped.
fn size_arg(size: u64) -> RepoResult<i64> {
    i64::try_from(size)
        .map_err(|_| RepoError::Unavailable(format!("document size {size} out of range").into()))
}

/// `MarketplaceRepository::create_guarantor`.
pub(crate) async fn create_guarantor<B: Backend>(
    store: &SqlStore<B>,
    g: &Guarantor,
) -> RepoResult<()> {
    let d = &g.details;
    let mut tx = store.write().await?;
    tx.exec(
        concat!(
            "insert into guarantors (",
            guarantor_columns!(),
            ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ),
        args![
            g.owner,
            g.id.as_uuid(),
            d.first_name.as_str(),
            d.last_name.as_str(),
            d.relation.as_str(),
            d.email.as_ref().map(|e| e.as_str()),
            d.phone.as_deref(),
            d.monthly_income.currency().code(),
            d.monthly_income.cents(),
            d.nationality.as_deref(),
            d.birth_date,
            g.created_at,
            g.updated_at,
        ],
    )
    .await?;
    B::commit(tx).await
}

/// `MarketplaceRepository::guarantor`.
pub(crate) async fn guarantor<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
    id: GuarantorId,
) -> RepoResult<Guarantor> {
    let mut conn = store.read().await?;
    conn.one::<GuarantorRow>(
        concat!(
            "select ",
            guarantor_columns!(),
            " from guarantors where owner_id = $1 and id = $2"
        ),
        args![owner, id.as_uuid()],
    )
    .await?
    .into_domain()
}

/// `MarketplaceRepository::guarantors`.
pub(crate) async fn guarantors<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
    page: PageRequest,
) -> RepoResult<Page<Guarantor>> {
    let (limit, offset) = limit_offset(page);
    let mut tx = store.snapshot().await?;
    let rows = tx
        .all::<GuarantorRow>(
            concat!(
                "select ",
                guarantor_columns!(),
                " from guarantors where owner_id = $1 order by created_at, id \
                 limit $2 offset $3"
            ),
            args![owner, limit, offset],
        )
        .await?;
    let (total,) = tx
        .one::<(i64,)>(
            "select count(*) from guarantors where owner_id = $1",
            args![owner],
        )
        .await?;
    B::commit(tx).await?;
    let results = rows
        .into_iter()
        .map(GuarantorRow::into_domain)
        .collect::<RepoResult<_>>()?;
    page_of(results, total, page)
}

/// `MarketplaceRepository::update_guarantor`.
pub(crate) async fn update_guarantor<B: Backend>(
    store: &SqlStore<B>,
    g: &Guarantor,
) -> RepoResult<()> {
    let d = &g.details;
    let mut tx = store.write().await?;
    let updated = tx
        .exec(
            "update guarantors set first_name = $3, last_name = $4, relation = $5, email = $6, \
             phone = $7, currency = $8, monthly_income_cents = $9, nationality = $10, \
             birth_date = $11, updated_at = $12 where owner_id = $1 and id = $2",
            args![
                g.owner,
                g.id.as_uuid(),
                d.first_name.as_str(),
                d.last_name.as_str(),
                d.relation.as_str(),
                d.email.as_ref().map(|e| e.as_str()),
                d.phone.as_deref(),
                d.monthly_income.currency().code(),
                d.monthly_income.cents(),
                d.nationality.as_deref(),
                d.birth_date,
                g.updated_at,
            ],
        )
        .await?;
    if updated == 0 {
        return Err(RepoError::NotFound);
    }
    B::commit(tx).await
}

/// `MarketplaceRepository::delete_guarantor`.
pub(crate) async fn delete_guarantor<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
    id: GuarantorId,
) -> RepoResult<()> {
    let mut tx = store.write().await?;
    // Locks the guarantor (PostgreSQL) so that no application names it between the
    // check and the delete.
    tx.one::<(i64,)>(
        sqlx::AssertSqlSafe(format!(
            "select cast(1 as bigint) from guarantors where owner_id = $1 and id = $2{}",
            B::LOCK
        )),
        args![owner, id.as_uuid()],
    )
    .await?;
    let in_use = tx
        .opt::<(i64,)>(
            "select cast(1 as bigint) from application_guarantors \
             where applicant = $1 and guarantor_id = $2 limit 1",
            args![owner, id.as_uuid()],
        )
        .await?;
    if in_use.is_some() {
        return Err(RepoError::conflict("guarantor_in_use"));
    }
    tx.exec(
        "delete from guarantors where owner_id = $1 and id = $2",
        args![owner, id.as_uuid()],
    )
    .await?;
    B::commit(tx).await
}

/// `MarketplaceRepository::create_dossier_document`.
pub(crate) async fn create_dossier_document<B: Backend>(
    store: &SqlStore<B>,
    d: &DossierDocument,
) -> RepoResult<()> {
    let size = size_arg(d.size_bytes)?;
    let mut tx = store.write().await?;
    tx.exec(
        concat!(
            "insert into user_documents (",
            dossier_document_columns!(),
            ", updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
        ),
        args![
            d.owner,
            d.id,
            d.kind.as_str(),
            d.filename.as_str(),
            d.content_type.as_str(),
            size,
            d.blob_key.as_str(),
            d.state.as_str(),
            d.created_at,
        ],
    )
    .await?;
    B::commit(tx).await
}

/// `MarketplaceRepository::dossier_document`.
pub(crate) async fn dossier_document<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
    id: DocumentId,
) -> RepoResult<DossierDocument> {
    let mut conn = store.read().await?;
    conn.one::<DossierDocumentRow>(
        concat!(
            "select ",
            dossier_document_columns!(),
            " from user_documents where owner_id = $1 and id = $2"
        ),
        args![owner, id],
    )
    .await?
    .into_domain()
}

/// `MarketplaceRepository::finalize_dossier_document`.
pub(crate) async fn finalize_dossier_document<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
    id: DocumentId,
    size_bytes: u64,
) -> RepoResult<()> {
    let size = size_arg(size_bytes)?;
    let mut tx = store.write().await?;
    let updated = tx
        .exec(
            "update user_documents set state = $3, size_bytes = $4, updated_at = $5 \
             where owner_id = $1 and id = $2",
            args![
                owner,
                id,
                DossierDocumentState::Stored.as_str(),
                size,
                stamp()
            ],
        )
        .await?;
    if updated == 0 {
        return Err(RepoError::NotFound);
    }
    B::commit(tx).await
}

/// `MarketplaceRepository::delete_dossier_document`.
pub(crate) async fn delete_dossier_document<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
    id: DocumentId,
) -> RepoResult<()> {
    let mut tx = store.write().await?;
    let deleted = tx
        .exec(
            "delete from user_documents where owner_id = $1 and id = $2",
            args![owner, id],
        )
        .await?;
    if deleted == 0 {
        return Err(RepoError::NotFound);
    }
    B::commit(tx).await
}

/// `MarketplaceRepository::dossier_documents`.
pub(crate) async fn dossier_documents<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
) -> RepoResult<Vec<DossierDocument>> {
    let mut conn = store.read().await?;
    conn.all::<DossierDocumentRow>(
        concat!(
            "select ",
            dossier_document_columns!(),
            " from user_documents where owner_id = $1 order by created_at desc, id desc"
        ),
        args![owner],
    )
    .await?
    .into_iter()
    .map(DossierDocumentRow::into_domain)
    .collect()
}

/// `MarketplaceRepository::dossier_document_kinds`.
pub(crate) async fn dossier_document_kinds<B: Backend>(
    store: &SqlStore<B>,
    owner: UserId,
) -> RepoResult<BTreeSet<DocumentKind>> {
    let mut conn = store.read().await?;
    conn.all::<(String,)>(
        "select distinct kind from user_documents where owner_id = $1 and state = $2",
        args![owner, DossierDocumentState::Stored.as_str()],
    )
    .await?
    .into_iter()
    .map(|(kind,)| document_kind(&kind))
    .collect()
}
