//! Receipt images: the optional upload of the payment form (at most 10 MB, JPEG, PNG
//! or WebP recognised by their magic bytes, never by the type the browser claims),
//! kept in the blob store under `receipts/<org_id>/<document_id>` with a document row,
//! and `GET /documents/<id>`, which streams one to members of its organization only.

use rentmark_domain::ids::DocumentId;
use rentmark_domain::org::Actor;
use rentmark_domain::ports::{BlobError, BlobStore as _, Document};
use rocket::data::Capped;
use rocket::fs::TempFile;
use rocket::http::{ContentType, Header};
use rocket::tokio::io::AsyncReadExt as _;
use rocket::{Responder, Route, State, get, routes};

use crate::error::ApiError;
use crate::pages::context::{Member, PageError, PageResult, path_id};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![document]
}

/// The largest receipt accepted, in bytes (the `file` limit of the app is the same).
pub const MAX_RECEIPT_BYTES: u64 = 10 * 1024 * 1024;

/// The file is larger than [`MAX_RECEIPT_BYTES`].
pub const TOO_LARGE: &str = "receipt.too_large";
/// The file is not a JPEG, PNG or WebP image.
pub const NOT_AN_IMAGE: &str = "receipt.not_an_image";

/// An image type recognised by its first bytes: its MIME type and file extension.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(("image/png", "png"))
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

/// A checked upload, not stored yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The MIME type found by [`sniff`].
    pub content_type: &'static str,
    /// A safe file name (the browser's, sanitized, with the sniffed extension).
    pub filename: String,
}

/// Reads and checks the uploaded file; `Ok(None)` when no file was chosen.
///
/// # Errors
/// [`TOO_LARGE`] or [`NOT_AN_IMAGE`] (i18n codes for the `receipt` field); a read
/// failure of the temporary file is [`NOT_AN_IMAGE`] too, after being logged.
pub async fn read_upload(
    file: Option<&Capped<TempFile<'_>>>,
) -> Result<Option<Upload>, &'static str> {
    let Some(file) = file else { return Ok(None) };
    if !file.is_complete() || file.len() > MAX_RECEIPT_BYTES {
        return Err(TOO_LARGE);
    }
    if file.is_empty() {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(file.len()).unwrap_or(0));
    let read = match file.open().await {
        Ok(reader) => std::pin::pin!(reader).read_to_end(&mut bytes).await,
        Err(error) => Err(error),
    };
    if let Err(error) = read {
        tracing::warn!(%error, "cannot read an uploaded file");
        return Err(NOT_AN_IMAGE);
    }
    let (content_type, extension) = sniff(&bytes).ok_or(NOT_AN_IMAGE)?;
    let stem: String = file
        .name()
        .unwrap_or("receipt")
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .take(100)
        .collect();
    let stem = if stem.is_empty() {
        "receipt".to_owned()
    } else {
        stem
    };
    Ok(Some(Upload {
        bytes,
        content_type,
        filename: format!("{stem}.{extension}"),
    }))
}

fn blob_error(error: BlobError) -> PageError {
    match error {
        BlobError::NotFound => PageError::not_found("document.not_found"),
        other => PageError(ApiError::Unavailable(other.to_string())),
    }
}

/// Stores an upload through the use case (the bytes in the blob store, then the
/// document row; the bytes are removed again when the row cannot be written).
///
/// # Errors
/// 403 for a role that may not record payments; 503 when the blob store or the
/// database fails.
pub async fn store(app: &App, actor: &Actor, upload: Upload) -> PageResult<Document> {
    let upload = rentmark_domain::services::Upload {
        kind: "receipt".to_owned(),
        filename: upload.filename,
        content_type: upload.content_type.to_owned(),
        bytes: upload.bytes,
    };
    Ok(app
        .services
        .store_document(actor, &app.blobs, upload, app.now())
        .await?)
}

/// Removes the bytes of a document whose payment could not be written (its row stays:
/// there is no port to delete one, and it is reachable by no payment).
pub async fn discard_blob(app: &App, document: &Document) {
    if let Err(error) = app.blobs.delete(&document.blob_key).await {
        tracing::warn!(%error, key = %document.blob_key, "cannot remove an unused receipt");
    }
}

/// A receipt image.
#[derive(Responder)]
pub struct ReceiptFile {
    body: (ContentType, Vec<u8>),
    disposition: Header<'static>,
    nosniff: Header<'static>,
    cache: Header<'static>,
    policy: Header<'static>,
}

#[get("/documents/<id>")]
async fn document(app: &State<App>, member: Member, id: &str) -> PageResult<ReceiptFile> {
    let id: DocumentId = path_id(id, "document.not_found")?;
    let document = app.services.document(&member.actor, id).await?;
    let bytes = app
        .blobs
        .get(&document.blob_key)
        .await
        .map_err(blob_error)?;
    let content_type = sniff(&bytes)
        .and_then(|(mime, _)| ContentType::parse_flexible(mime))
        .unwrap_or(ContentType::Binary);
    let filename: String = document
        .filename
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    Ok(ReceiptFile {
        body: (content_type, bytes),
        disposition: Header::new(
            "Content-Disposition",
            format!("inline; filename=\"{filename}\""),
        ),
        nosniff: Header::new("X-Content-Type-Options", "nosniff"),
        cache: Header::new("Cache-Control", "private, no-store"),
        policy: Header::new("Content-Security-Policy", "default-src 'none'; sandbox"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_images_by_their_magic_bytes() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some(("image/jpeg", "jpg"))
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(("image/png", "png"))
        );
        assert_eq!(
            sniff(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some(("image/webp", "webp"))
        );
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
        assert_eq!(sniff(b""), None);
    }
}
