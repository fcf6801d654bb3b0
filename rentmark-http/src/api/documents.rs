//! The renter's dossier documents (profile scope): `POST /documents/presign` answers
//! a signed upload URL, `PUT /documents/{id}/upload?..` takes the raw bytes (the
//! signature authorizes it, no bearer needed), `POST /documents/finalize` checks the
//! bytes are there and counts the document, `GET /documents` and `GET /documents/{id}`
//! show them (the latter with a short-lived signed download URL served by
//! `GET /documents/{id}/download?..`), `DELETE /documents/{id}` removes one.
//!
//! Signed URLs are HMACs of the blob key and the expiry ([`Keys::sign_blob_url`]); a
//! download signature covers `<key>#download`, so an upload URL never serves as a
//! download URL nor the reverse. Only the owner sees their documents (404 otherwise).
//!
//! [`Keys::sign_blob_url`]: crate::auth::keys::Keys::sign_blob_url

use chrono::{DateTime, Duration, Utc};
use rentmark_domain::ServiceError;
use rentmark_domain::ids::{DocumentId, UserId};
use rentmark_domain::marketplace::ports::{DossierDocument, DossierDocumentState};
use rentmark_domain::ports::{BlobError, BlobStore as _};
use rentmark_domain::user::User;
use rentmark_domain::validation::{ValidationErrors, codes};
use rocket::data::{Data, ToByteUnit};
use rocket::http::{ContentType, Header};
use rocket::{Responder, Route, State, delete, get, post, put, routes};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::envelope::{Api, ApiResult, JsonBody, path_id};
use crate::api::guarantors::Deleted;
use crate::api::marketplace_json::DocumentJson;
use crate::api::renter::Renter;
use crate::error::ApiError;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![presign, upload, finalize, list, get_one, download, remove]
}

/// How long an upload URL is valid.
pub const UPLOAD_TTL: Duration = Duration::minutes(15);
/// How long a download URL is valid.
pub const DOWNLOAD_TTL: Duration = Duration::minutes(5);

/// The only scope handled so far (the renter's own dossier).
const PROFILE_SCOPE: &str = "profile";

/// `POST /documents/presign` body. The contract's `owner_id` names the owner in other
/// scopes; in the profile scope the owner is always the caller, so it is not read.
#[derive(Debug, Default, Deserialize)]
pub struct PresignBody {
    #[serde(default)]
    filename: String,
    #[serde(default)]
    content_type: String,
    #[serde(default)]
    size_bytes: Option<i64>,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    scope: Option<String>,
}

/// `POST /documents/presign` answer.
#[derive(Debug, Serialize)]
pub struct PresignJson {
    upload_url: String,
    file_id: Uuid,
    expires_at: DateTime<Utc>,
    max_bytes: u64,
}

fn check_scope(scope: Option<&str>) -> Result<(), ApiError> {
    match scope.map(str::trim) {
        Some(PROFILE_SCOPE) => Ok(()),
        None | Some("") => Err(ValidationErrors::single("scope", codes::REQUIRED).into()),
        // The contract's other scopes (application, guarantor, contract, receipt,
        // maintenance) are not handled yet, like unknown words.
        Some(_) => Err(ValidationErrors::single("scope", codes::INVALID_CHOICE).into()),
    }
}

/// The signed query string of `document`'s upload (`purpose` "") or download
/// (`purpose` "#download") until `expires`.
fn signed_query(app: &App, document: &DossierDocument, purpose: &str, expires: i64) -> String {
    let sig = app
        .keys
        .sign_blob_url(&format!("{}{purpose}", document.blob_key), expires);
    format!("owner={}&expires={expires}&sig={sig}", document.owner)
}

const DOWNLOAD: &str = "#download";

#[post("/documents/presign", data = "<body>")]
async fn presign(
    app: &State<App>,
    renter: Renter,
    body: JsonBody<PresignBody>,
) -> ApiResult<PresignJson> {
    let body = body.0;
    check_scope(body.scope.as_deref())?;
    let now = app.now();
    let document = app
        .services
        .presign_dossier_document(
            &renter.0,
            &body.kind,
            &body.filename,
            &body.content_type,
            body.size_bytes.unwrap_or(0),
            now,
        )
        .await?;
    let expires_at = now + UPLOAD_TTL;
    let query = signed_query(app, &document, "", expires_at.timestamp());
    Ok(Api::ok(PresignJson {
        upload_url: format!("/api/v1/documents/{}/upload?{query}", document.id),
        file_id: document.id.as_uuid(),
        expires_at,
        max_bytes: document.size_bytes,
    }))
}

/// The document a signed URL names, once its signature and expiry are checked.
async fn signed_document(
    app: &App,
    id: &str,
    owner: Option<&str>,
    expires: Option<&str>,
    sig: Option<&str>,
    purpose: &str,
    expired: &'static str,
) -> Result<(User, DossierDocument), ApiError> {
    const BAD: ApiError = ApiError::Forbidden("document.invalid_signature");
    let id = path_id::<DocumentId>(id)?;
    let (Some(owner), Some(expires), Some(sig)) = (
        owner
            .and_then(|o| Uuid::parse_str(o).ok())
            .map(UserId::from_uuid),
        expires.and_then(|e| e.parse::<i64>().ok()),
        sig,
    ) else {
        return Err(BAD);
    };
    let user = match app.services.user(owner).await {
        Ok(user) => user,
        Err(ServiceError::NotFound(_)) => return Err(ApiError::NotFound("document.not_found")),
        Err(other) => return Err(other.into()),
    };
    let document = app.services.dossier_document(&user, id).await?;
    let signed = format!("{}{purpose}", document.blob_key);
    if !app.keys.verify_blob_url(&signed, expires, sig) {
        return Err(BAD);
    }
    if expires < app.now().timestamp() {
        return Err(ApiError::Forbidden(expired));
    }
    Ok((user, document))
}

fn blob_error(error: BlobError, not_found: ApiError) -> ApiError {
    match error {
        BlobError::NotFound => not_found,
        BlobError::InvalidKey => ApiError::Internal("invalid blob key".into()),
        unavailable @ BlobError::Unavailable(_) => ApiError::Unavailable(unavailable.to_string()),
    }
}

/// `PUT /documents/{id}/upload` answer.
#[derive(Debug, Serialize)]
pub struct UploadedJson {
    file_id: Uuid,
    size_bytes: u64,
}

#[put("/documents/<id>/upload?<owner>&<expires>&<sig>", data = "<data>")]
async fn upload(
    app: &State<App>,
    id: &str,
    owner: Option<&str>,
    expires: Option<&str>,
    sig: Option<&str>,
    data: Data<'_>,
) -> ApiResult<UploadedJson> {
    let (_, document) =
        signed_document(app, id, owner, expires, sig, "", "document.upload_expired").await?;
    if document.state == DossierDocumentState::Stored {
        return Err(ApiError::Conflict("document.already_stored"));
    }
    // The declared size (at most 100 MB, checked at presign) caps what is read.
    let bytes = match data.open(document.size_bytes.bytes()).into_bytes().await {
        Ok(bytes) if bytes.is_complete() => bytes.into_inner(),
        Ok(_) => return Err(ApiError::PayloadTooLarge),
        Err(_) => return Err(ApiError::BadRequest("error.bad_request")),
    };
    let size_bytes = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    app.blobs
        .put(&document.blob_key, bytes, &document.content_type)
        .await
        .map_err(|e| blob_error(e, ApiError::NotFound("document.not_found")))?;
    Ok(Api::ok(UploadedJson {
        file_id: document.id.as_uuid(),
        size_bytes,
    }))
}

/// `POST /documents/finalize` body.
#[derive(Debug, Deserialize)]
pub struct FinalizeBody {
    #[serde(default)]
    file_id: String,
}

/// `POST /documents/finalize` answer.
#[derive(Debug, Serialize)]
pub struct FinalizedJson {
    file_id: Uuid,
    state: &'static str,
    size_bytes: u64,
}

#[post("/documents/finalize", data = "<body>")]
async fn finalize(
    app: &State<App>,
    renter: Renter,
    body: JsonBody<FinalizeBody>,
) -> ApiResult<FinalizedJson> {
    let id = Uuid::parse_str(body.0.file_id.trim())
        .map(DocumentId::from_uuid)
        .map_err(|_| ValidationErrors::single("file_id", codes::UNKNOWN_REFERENCE))?;
    let document = app.services.dossier_document(&renter.0, id).await?;
    let bytes = app
        .blobs
        .get(&document.blob_key)
        .await
        .map_err(|e| blob_error(e, ApiError::Conflict("document.not_uploaded")))?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let document = app
        .services
        .finalize_dossier_document(&renter.0, id, size)
        .await?;
    Ok(Api::accepted(FinalizedJson {
        file_id: document.id.as_uuid(),
        state: document.state.as_str(),
        size_bytes: document.size_bytes,
    }))
}

/// The document with a fresh download URL when its bytes are stored.
fn document_json(app: &App, document: &DossierDocument) -> DocumentJson {
    let download = (document.state == DossierDocumentState::Stored).then(|| {
        let expires_at = app.now() + DOWNLOAD_TTL;
        let query = signed_query(app, document, DOWNLOAD, expires_at.timestamp());
        (
            format!("/api/v1/documents/{}/download?{query}", document.id),
            expires_at,
        )
    });
    DocumentJson::new(document, download)
}

#[get("/documents")]
async fn list(app: &State<App>, renter: Renter) -> ApiResult<Vec<DocumentJson>> {
    let documents = app.services.dossier_documents(&renter.0).await?;
    Ok(Api::ok(
        documents.iter().map(|d| document_json(app, d)).collect(),
    ))
}

#[get("/documents/<id>")]
async fn get_one(app: &State<App>, renter: Renter, id: &str) -> ApiResult<DocumentJson> {
    let document = app
        .services
        .dossier_document(&renter.0, path_id(id)?)
        .await?;
    Ok(Api::ok(document_json(app, &document)))
}

/// A document's bytes, offered as a download.
#[derive(Responder)]
pub struct FileDownload {
    bytes: Vec<u8>,
    content_type: ContentType,
    disposition: Header<'static>,
}

#[get("/documents/<id>/download?<owner>&<expires>&<sig>")]
async fn download(
    app: &State<App>,
    id: &str,
    owner: Option<&str>,
    expires: Option<&str>,
    sig: Option<&str>,
) -> Result<FileDownload, ApiError> {
    let (_, document) = signed_document(
        app,
        id,
        owner,
        expires,
        sig,
        DOWNLOAD,
        "document.link_expired",
    )
    .await?;
    if document.state != DossierDocumentState::Stored {
        return Err(ApiError::NotFound("document.not_found"));
    }
    let bytes = app
        .blobs
        .get(&document.blob_key)
        .await
        .map_err(|e| blob_error(e, ApiError::NotFound("document.not_found")))?;
    let name: String = document
        .filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect();
    Ok(FileDownload {
        bytes,
        content_type: ContentType::parse_flexible(&document.content_type)
            .unwrap_or(ContentType::Binary),
        disposition: Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ),
    })
}

#[delete("/documents/<id>")]
async fn remove(app: &State<App>, renter: Renter, id: &str) -> ApiResult<Deleted> {
    let document = app
        .services
        .dossier_document(&renter.0, path_id(id)?)
        .await?;
    app.services
        .delete_dossier_document(&renter.0, document.id)
        .await?;
    // The row is gone: the document no longer counts. A blob left behind by a
    // storage failure is only an orphan file, so it is logged, not reported.
    if let Err(error) = app.blobs.delete(&document.blob_key).await {
        tracing::warn!(%error, key = %document.blob_key, "could not delete a dossier blob");
    }
    Ok(Api::ok(Deleted { deleted: 1 }))
}
