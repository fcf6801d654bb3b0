//! The renter's dossier documents: `/renter/documents` lists them with the upload form
//! (a kind and a file), `POST /renter/documents` stores one, `/renter/documents/<id>`
//! sends one back to its owner, `POST /renter/documents/<id>/delete` removes one.
//!
//! A page upload takes the same path as the API's presigned one, in one request:
//! the presign use case records the pending document, the bytes go to the blob store
//! under its key, and finalize counts it. The file's type is recognised by its first
//! bytes (PDF, JPEG, PNG, WebP, Word, OpenDocument), never by what the browser claims;
//! a page upload is capped by the app's `file` limit (10 MB).

use askama::Template;
use rentmark_domain::ids::DocumentId;
use rentmark_domain::marketplace::listing::DocumentKind;
use rentmark_domain::marketplace::ports::{DossierDocument, DossierDocumentState};
use rentmark_domain::org::Organization;
use rentmark_domain::ports::{BlobError, BlobStore as _};
use rentmark_domain::validation::{ValidationErrors, codes};
use rocket::data::Capped;
use rocket::form::{Form, FromForm};
use rocket::fs::TempFile;
use rocket::http::{ContentType, Header};
use rocket::tokio::io::AsyncReadExt as _;
use rocket::{Responder, Route, State, get, post, routes};

use crate::error::ApiError;
use crate::html::Html;
use crate::i18n::{Lang, Translator};
use crate::pages::auth::TokenForm;
use crate::pages::context::{Layout, PageError, PageResult, Reply, path_id};
use crate::pages::format;
use crate::pages::forms::{Field, FormView, Kind, Problems};
use crate::pages::market::labels;
use crate::pages::receipts;
use crate::pages::submit::{Refused, Submission};
use crate::pages::viewers::Renter;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![list, upload, download, delete]
}

/// The largest file a page upload takes (the app's `file` limit).
pub const MAX_PAGE_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;

/// The file is larger than [`MAX_PAGE_UPLOAD_BYTES`].
pub const TOO_LARGE: &str = "document.too_large";
/// The file is of no accepted type.
pub const UNSUPPORTED: &str = "document.unsupported_type";

/// What the file input accepts (a hint for the browser; the bytes decide).
const ACCEPT: &str = ".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.odt";

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ODT: &str = "application/vnd.oasis.opendocument.text";

/// The type of a document recognised by its first bytes: its MIME type and
/// extension. A ZIP container is a Word or OpenDocument text only when the browser
/// or the file name says which.
pub fn sniff(bytes: &[u8], claimed: &str, name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.to_ascii_lowercase();
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if let Some(image) = receipts::sniff(bytes) {
        Some(image)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(("application/msword", "doc"))
    } else if bytes.starts_with(b"PK\x03\x04") {
        if claimed == DOCX || name.ends_with(".docx") {
            Some((DOCX, "docx"))
        } else if claimed == ODT || name.ends_with(".odt") {
            Some((ODT, "odt"))
        } else {
            None
        }
    } else {
        None
    }
}

/// The upload form as posted (multipart).
#[derive(Debug, FromForm)]
pub struct UploadForm<'r> {
    #[field(default = String::new())]
    kind: String,
    file: Option<Capped<TempFile<'r>>>,
    #[field(default = String::new())]
    csrf: String,
}

/// A checked upload.
struct Upload {
    bytes: Vec<u8>,
    content_type: &'static str,
    filename: String,
}

/// Reads and checks the chosen file.
async fn read_upload(file: Option<&Capped<TempFile<'_>>>) -> Result<Upload, &'static str> {
    let Some(file) = file.filter(|f| !f.is_empty() || !f.is_complete()) else {
        return Err(codes::REQUIRED);
    };
    if !file.is_complete() || file.len() > MAX_PAGE_UPLOAD_BYTES {
        return Err(TOO_LARGE);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(file.len()).unwrap_or(0));
    let read = match file.open().await {
        Ok(reader) => std::pin::pin!(reader).read_to_end(&mut bytes).await,
        Err(error) => Err(error),
    };
    if let Err(error) = read {
        tracing::warn!(%error, "cannot read an uploaded document");
        return Err(UNSUPPORTED);
    }
    let claimed = file
        .content_type()
        .map(|c| format!("{}/{}", c.top(), c.sub()))
        .unwrap_or_default();
    let raw_name = file
        .raw_name()
        .map(|n| n.dangerous_unsafe_unsanitized_raw().as_str().to_owned());
    let (content_type, extension) =
        sniff(&bytes, &claimed, raw_name.as_deref().unwrap_or_default()).ok_or(UNSUPPORTED)?;
    let stem: String = file
        .name()
        .unwrap_or("document")
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .take(100)
        .collect();
    let stem = if stem.is_empty() {
        "document".to_owned()
    } else {
        stem
    };
    Ok(Upload {
        bytes,
        content_type,
        filename: format!("{stem}.{extension}"),
    })
}

fn blob_error(error: BlobError) -> PageError {
    match error {
        BlobError::NotFound => PageError::not_found("document.not_found"),
        other => PageError(ApiError::Unavailable(other.to_string())),
    }
}

/// A size as "12 KB" / "1.5 MB" ("12 Ko" / "1,5 Mo").
fn size(tr: &Translator, bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        tr.t1("size-kb", "n", &bytes.div_ceil(1024))
    } else {
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        let text = format!("{}.{}", tenths / 10, tenths % 10);
        let text = if tr.lang() == Lang::Fr {
            text.replace('.', ",")
        } else {
            text
        };
        tr.t1("size-mb", "n", &text)
    }
}

/// One document in the list.
#[derive(Debug, Clone)]
pub struct DocumentRow {
    /// What it is.
    pub kind: String,
    /// Its file name.
    pub filename: String,
    /// Where to read it back (once stored).
    pub href: Option<String>,
    /// Its size.
    pub size: String,
    /// Stored, or waiting for its bytes.
    pub state: String,
    /// When it was added.
    pub added: String,
    /// The delete button.
    pub delete: FormView,
}

/// The documents page.
#[derive(Debug, Template)]
#[template(path = "pages/renter_documents.html")]
pub struct DocumentsPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The documents.
    pub rows: Vec<DocumentRow>,
    /// A message about the list (a refused deletion).
    pub banner: Option<String>,
    /// The upload form.
    pub upload: FormView,
}

fn row(tr: &Translator, csrf: &str, document: &DossierDocument) -> DocumentRow {
    let stored = document.state == DossierDocumentState::Stored;
    DocumentRow {
        kind: labels::document_kind(tr, document.kind),
        filename: document.filename.clone(),
        href: stored.then(|| format!("/renter/documents/{}", document.id)),
        size: size(tr, document.size_bytes),
        state: tr.t(&format!("document-state-{}", document.state.as_str())),
        added: format::instant(tr, document.created_at, Organization::DEFAULT_TIMEZONE),
        delete: FormView::button(
            format!("/renter/documents/{}/delete", document.id),
            csrf,
            tr.t("action-delete"),
            "inline danger",
        ),
    }
}

async fn documents_page(
    app: &App,
    renter: &Renter,
    kind: &str,
    problems: &Problems,
    list_banner: Option<String>,
) -> PageResult<DocumentsPage> {
    let tr = &renter.tr;
    let csrf = &renter.layout.csrf;
    let documents = app.services.dossier_documents(&renter.user).await?;
    let fields = vec![
        Field::new(Kind::Select, "kind", tr.t("field-document-kind"), "")
            .required()
            .choices(labels::document_kind_choices(tr, &[kind])),
        Field::new(Kind::File, "file", tr.t("field-file"), ACCEPT)
            .required()
            .hint(tr.t("field-file-hint")),
    ];
    Ok(DocumentsPage {
        tr: tr.clone(),
        layout: renter.layout("documents"),
        rows: documents.iter().map(|d| row(tr, csrf, d)).collect(),
        banner: list_banner,
        upload: FormView::new(
            "/renter/documents",
            csrf,
            tr.t("document-upload"),
            fields,
            problems,
        )
        .multipart(),
    })
}

#[get("/renter/documents")]
async fn list(app: &State<App>, renter: Renter) -> PageResult<Html<DocumentsPage>> {
    Ok(Html(
        documents_page(app, &renter, "", &Problems::none(), None).await?,
    ))
}

/// Stores a checked upload as a dossier document of `kind`: presign (the pending
/// row), the bytes under its key, finalize. A pending row whose bytes could not be
/// stored is removed again.
async fn store(app: &App, renter: &Renter, kind: &str, upload: Upload) -> Result<(), Refused> {
    let size = upload.bytes.len() as u64;
    let document = app
        .services
        .presign_dossier_document(
            &renter.user,
            kind,
            &upload.filename,
            upload.content_type,
            i64::try_from(size).unwrap_or(i64::MAX),
            app.now(),
        )
        .await?;
    if let Err(error) = app
        .blobs
        .put(&document.blob_key, upload.bytes, upload.content_type)
        .await
    {
        if let Err(cleanup) = app
            .services
            .delete_dossier_document(&renter.user, document.id)
            .await
        {
            tracing::warn!(error = %cleanup, "cannot remove a pending dossier document");
        }
        return Err(blob_error(error).into());
    }
    app.services
        .finalize_dossier_document(&renter.user, document.id, size)
        .await?;
    Ok(())
}

#[post("/renter/documents", data = "<form>")]
async fn upload(
    app: &State<App>,
    renter: Renter,
    form: Form<UploadForm<'_>>,
) -> PageResult<Reply<DocumentsPage>> {
    let kind = form.kind.trim().to_owned();
    // The page shows the kind again (never the file): the form itself stays here.
    Submission::new(&renter.tr, renter.csrf_ok(app, &form.csrf))
        .run(
            (),
            async |()| {
                let mut errors = ValidationErrors::new();
                if kind.parse::<DocumentKind>().is_err() {
                    errors.add("kind", codes::INVALID_CHOICE);
                }
                let upload = read_upload(form.file.as_ref()).await;
                if let Err(code) = &upload {
                    errors.add("file", code);
                }
                match upload {
                    Ok(upload) if errors.is_empty() => {
                        store(app, &renter, &kind, upload).await?;
                        Ok("/renter/documents".to_owned())
                    }
                    _ => Err(Refused::Invalid(errors)),
                }
            },
            async |(), problems| documents_page(app, &renter, &kind, &problems, None).await,
        )
        .await
}

/// A dossier document sent back to its owner.
#[derive(Responder)]
pub struct DocumentFile {
    body: (ContentType, Vec<u8>),
    disposition: Header<'static>,
    nosniff: Header<'static>,
    cache: Header<'static>,
    policy: Header<'static>,
}

#[get("/renter/documents/<id>")]
async fn download(app: &State<App>, renter: Renter, id: &str) -> PageResult<DocumentFile> {
    let id: DocumentId = path_id(id, "document.not_found")?;
    let document = app.services.dossier_document(&renter.user, id).await?;
    if document.state != DossierDocumentState::Stored {
        return Err(PageError::not_found("document.not_found"));
    }
    let bytes = app
        .blobs
        .get(&document.blob_key)
        .await
        .map_err(blob_error)?;
    let filename: String = document
        .filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect();
    Ok(DocumentFile {
        body: (
            ContentType::parse_flexible(&document.content_type).unwrap_or(ContentType::Binary),
            bytes,
        ),
        disposition: Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ),
        nosniff: Header::new("X-Content-Type-Options", "nosniff"),
        cache: Header::new("Cache-Control", "private, no-store"),
        policy: Header::new("Content-Security-Policy", "default-src 'none'; sandbox"),
    })
}

#[post("/renter/documents/<id>/delete", data = "<form>")]
async fn delete(
    app: &State<App>,
    renter: Renter,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<DocumentsPage>> {
    let id: DocumentId = path_id(id, "document.not_found")?;
    Submission::new(&renter.tr, renter.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |_| {
                let document = app.services.dossier_document(&renter.user, id).await?;
                app.services
                    .delete_dossier_document(&renter.user, document.id)
                    .await?;
                // The row is gone: the document no longer counts. A blob left behind
                // by a storage failure is only an orphan file: logged, not shown.
                if let Err(error) = app.blobs.delete(&document.blob_key).await {
                    tracing::warn!(%error, key = %document.blob_key, "cannot remove a dossier blob");
                }
                Ok("/renter/documents".to_owned())
            },
            async |_, problems| {
                let banner = problems.banner.clone();
                documents_page(app, &renter, "", &Problems::none(), banner).await
            },
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_documents_by_their_first_bytes() {
        assert_eq!(
            sniff(b"%PDF-1.7 ...", "text/plain", "x.txt"),
            Some(("application/pdf", "pdf"))
        );
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0], "", "scan"),
            Some(("image/jpeg", "jpg"))
        );
        assert_eq!(
            sniff(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                "",
                "a.doc"
            ),
            Some(("application/msword", "doc"))
        );
        assert_eq!(
            sniff(b"PK\x03\x04rest", "", "cv.DOCX"),
            Some((DOCX, "docx"))
        );
        assert_eq!(sniff(b"PK\x03\x04rest", ODT, "cv"), Some((ODT, "odt")));
        assert_eq!(sniff(b"PK\x03\x04rest", "application/zip", "x.zip"), None);
        assert_eq!(sniff(b"<html>", "application/pdf", "x.pdf"), None);
        assert_eq!(sniff(b"", "application/pdf", "x.pdf"), None);
    }
}
