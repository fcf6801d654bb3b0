//! The renter's dossier through the API: guarantors (CRUD, validation, isolation
//! between renters, refused to landlords) and documents (presign, signed upload,
//! finalize, signed download, delete; bad signatures, expiry, size limits, scopes).

use chrono::Duration;
use rocket::http::{Method, Status};
use serde_json::{Value, json};

use crate::common::{Renter, TestApp, assert_error, default_now};

#[tokio::test]
async fn a_renter_keeps_guarantors_and_only_sees_their_own() {
    let app = TestApp::spawn().await;
    let rita = app.renter("Rita").await;
    let sam = app.renter("Sam").await;
    let (status, body) = app
        .post(
            "/api/v1/tenant/guarantors",
            &rita.token,
            json!({"first_name": "Paul", "last_name": "Durand", "relation": "parent", "email": "Paul@Mail.test", "phone": "+33 6 00 00 00 00", "income_eur": "3200.5", "nationality": "French", "birth_date": "1970-04-02"}),
        )
        .await;
    assert_eq!(status, Status::Created, "{body}");
    let g = &body["data"];
    assert_eq!(g["income_eur"], json!("3200.50"));
    assert_eq!(g["email"], json!("paul@mail.test"));
    assert_eq!(g["birth_date"], json!("1970-04-02"));
    let id = g["id"].as_str().expect("id").to_owned();
    app.guarantor(&rita, "Anne", "1500.00").await;

    let (status, list) = app.get("/api/v1/tenant/guarantors", &rita.token).await;
    assert_eq!(status, Status::Ok, "{list}");
    assert_eq!(list["data"]["total"], json!(2));
    let (_, theirs) = app.get("/api/v1/tenant/guarantors", &sam.token).await;
    assert_eq!(theirs["data"]["total"], json!(0));

    let path = format!("/api/v1/tenant/guarantors/{id}");
    let (status, one) = app.get(&path, &rita.token).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(one["data"]["first_name"], json!("Paul"));
    let update = json!({"first_name": "Paul", "last_name": "Durand", "relation": "father", "income_eur": "3300.00"});
    let (status, updated) = app.put(&path, &rita.token, update.clone()).await;
    assert_eq!(status, Status::Ok, "{updated}");
    assert_eq!(updated["data"]["relation"], json!("father"));
    assert_eq!(updated["data"]["income_eur"], json!("3300.00"));
    assert_eq!(updated["data"]["email"], Value::Null);

    // Another renter's guarantor does not exist for them.
    let (status, body) = app.get(&path, &sam.token).await;
    assert_error(status, &body, Status::NotFound, "guarantor.not_found");
    let (status, body) = app.put(&path, &sam.token, update).await;
    assert_error(status, &body, Status::NotFound, "guarantor.not_found");
    let (status, body) = app.delete(&path, &sam.token).await;
    assert_error(status, &body, Status::NotFound, "guarantor.not_found");

    let (status, body) = app.delete(&path, &rita.token).await;
    assert_eq!(status, Status::Ok, "{body}");
    let (status, body) = app.get(&path, &rita.token).await;
    assert_error(status, &body, Status::NotFound, "guarantor.not_found");
    let (status, body) = app.get("/api/v1/tenant/guarantors/nope", &rita.token).await;
    assert_error(status, &body, Status::BadRequest, "error.bad_request");
}

#[tokio::test]
async fn invalid_guarantors_are_422_and_landlords_are_refused() {
    let app = TestApp::spawn().await;
    let rita = app.renter("Rita").await;
    let (status, body) = app
        .post(
            "/api/v1/tenant/guarantors",
            &rita.token,
            json!({"first_name": "", "last_name": "Durand", "relation": "parent", "email": "nope", "income_eur": "-1", "birth_date": "1970-13-01"}),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["first_name", "email", "income_eur", "birth_date"]);
    let (status, body) = app
        .post(
            "/api/v1/tenant/guarantors",
            &rita.token,
            json!({"first_name": 5}),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );

    let alice = app.landlord("Alice").await;
    let (status, body) = app.get("/api/v1/tenant/guarantors", &alice.token).await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
    let (status, body) = app
        .post(
            "/api/v1/tenant/guarantors",
            &alice.token,
            json!({"first_name": "A", "last_name": "B", "relation": "friend"}),
        )
        .await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
    let (status, body) = app
        .call(Method::Get, "/api/v1/tenant/guarantors", None, None)
        .await;
    assert_error(status, &body, Status::Unauthorized, "error.unauthorized");
}

async fn document(app: &TestApp, who: &Renter, id: &str) -> (Status, Value) {
    app.get(&format!("/api/v1/documents/{id}"), &who.token)
        .await
}

async fn download(app: &TestApp, url: &str) -> (Status, Vec<u8>, Option<String>) {
    let response = app.client.get(url.to_owned()).dispatch().await;
    let status = response.status();
    let content_type = response.content_type().map(|c| c.to_string());
    let bytes = response.into_bytes().await.unwrap_or_default();
    (status, bytes, content_type)
}

#[tokio::test]
async fn a_document_is_presigned_uploaded_finalized_downloaded_and_deleted() {
    let app = TestApp::spawn().await;
    let rita = app.renter("Rita").await;
    let bytes = b"%PDF-1.4 my id card".to_vec();
    let presigned = app.presign(&rita, "id_card", bytes.len()).await;
    let id = presigned["file_id"].as_str().expect("id").to_owned();
    let url = presigned["upload_url"].as_str().expect("url").to_owned();
    assert!(
        url.starts_with(&format!("/api/v1/documents/{id}/upload?"))
            && url.contains("&expires=")
            && url.contains("&sig="),
        "{url}"
    );
    let expires =
        (default_now() + Duration::minutes(15)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(presigned["expires_at"], json!(expires));

    // Pending: no download link, does not count yet.
    let (status, body) = document(&app, &rita, &id).await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["state"], json!("pending"));
    assert_eq!(body["data"]["download_url"], Value::Null);
    // Finalizing before the upload: nothing is there.
    let (status, body) = app
        .post(
            "/api/v1/documents/finalize",
            &rita.token,
            json!({"file_id": id}),
        )
        .await;
    assert_error(status, &body, Status::Conflict, "document.not_uploaded");

    let (status, body) = app.put_bytes(&url, bytes.clone()).await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["size_bytes"], json!(bytes.len()));
    let (status, body) = app
        .post(
            "/api/v1/documents/finalize",
            &rita.token,
            json!({"file_id": id}),
        )
        .await;
    assert_eq!(status, Status::Accepted, "{body}");
    assert_eq!(body["data"]["state"], json!("stored"));
    assert_eq!(body["data"]["size_bytes"], json!(bytes.len()));
    // Once stored, the upload URL cannot replace the bytes.
    let (status, body) = app.put_bytes(&url, b"other".to_vec()).await;
    assert_error(status, &body, Status::Conflict, "document.already_stored");

    let (status, body) = document(&app, &rita, &id).await;
    assert_eq!(status, Status::Ok, "{body}");
    let meta = &body["data"];
    assert_eq!(meta["kind"], json!("id_card"));
    assert_eq!(meta["filename"], json!("id_card.pdf"));
    assert_eq!(meta["content_type"], json!("application/pdf"));
    let link = meta["download_url"]
        .as_str()
        .expect("download url")
        .to_owned();
    assert!(
        link.starts_with(&format!("/api/v1/documents/{id}/download?")),
        "{link}"
    );
    let (status, got, content_type) = download(&app, &link).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(got, bytes);
    assert_eq!(content_type.as_deref(), Some("application/pdf"));
    // The upload URL is no download URL, and a tampered link is refused.
    let (status, _, _) = download(&app, &url.replace("/upload?", "/download?")).await;
    assert_eq!(status, Status::Forbidden);
    let (status, _, _) = download(&app, &link.replace("sig=", "sig=x")).await;
    assert_eq!(status, Status::Forbidden);
    // The link is short-lived.
    app.clock.set(default_now() + Duration::minutes(6));
    let (status, _, _) = download(&app, &link).await;
    assert_eq!(status, Status::Forbidden);
    app.clock.set(default_now());

    let (status, list) = app.get("/api/v1/documents", &rita.token).await;
    assert_eq!(status, Status::Ok, "{list}");
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));

    let (status, body) = app
        .delete(&format!("/api/v1/documents/{id}"), &rita.token)
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    let (status, body) = document(&app, &rita, &id).await;
    assert_error(status, &body, Status::NotFound, "document.not_found");
    let (status, _, _) = download(&app, &link).await;
    assert_eq!(status, Status::NotFound);
}

#[tokio::test]
async fn only_the_owner_sees_a_document() {
    let app = TestApp::spawn().await;
    let rita = app.renter("Rita").await;
    let sam = app.renter("Sam").await;
    let id = app.upload_document(&rita, "rib").await;
    let (status, body) = document(&app, &sam, &id).await;
    assert_error(status, &body, Status::NotFound, "document.not_found");
    let (status, body) = app
        .delete(&format!("/api/v1/documents/{id}"), &sam.token)
        .await;
    assert_error(status, &body, Status::NotFound, "document.not_found");
    let (status, body) = app
        .post(
            "/api/v1/documents/finalize",
            &sam.token,
            json!({"file_id": id}),
        )
        .await;
    assert_error(status, &body, Status::NotFound, "document.not_found");
    let (_, list) = app.get("/api/v1/documents", &sam.token).await;
    assert_eq!(list["data"], json!([]));
    let alice = app.landlord("Alice").await;
    let (status, body) = app
        .get(&format!("/api/v1/documents/{id}"), &alice.token)
        .await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
    let (status, body) = document(&app, &rita, &id).await;
    assert_eq!(status, Status::Ok, "{body}");
}

#[tokio::test]
async fn uploads_need_a_valid_unexpired_signature_and_respect_the_declared_size() {
    let app = TestApp::spawn().await;
    let rita = app.renter("Rita").await;
    let presigned = app.presign(&rita, "payslip", 10).await;
    let url = presigned["upload_url"].as_str().expect("url").to_owned();

    let (status, body) = app
        .put_bytes(&url.replace("sig=", "sig=AA"), b"0123456789".to_vec())
        .await;
    assert_error(
        status,
        &body,
        Status::Forbidden,
        "document.invalid_signature",
    );
    let (status, body) = app
        .put_bytes(
            &url.replace("expires=", "expires=1"),
            b"0123456789".to_vec(),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::Forbidden,
        "document.invalid_signature",
    );
    let bare = url.split('?').next().expect("path").to_owned();
    let (status, body) = app.put_bytes(&bare, b"0123456789".to_vec()).await;
    assert_error(
        status,
        &body,
        Status::Forbidden,
        "document.invalid_signature",
    );
    // Another renter's id in the URL: the signature does not cover it.
    let sam = app.renter("Sam").await;
    let (status, body) = app
        .put_bytes(
            &url.replace(&rita.user_id, &sam.user_id),
            b"0123456789".to_vec(),
        )
        .await;
    assert_error(status, &body, Status::NotFound, "document.not_found");

    let (status, body) = app.put_bytes(&url, b"0123456789+".to_vec()).await;
    assert_error(
        status,
        &body,
        Status::PayloadTooLarge,
        "error.payload_too_large",
    );

    app.clock.set(default_now() + Duration::minutes(16));
    let (status, body) = app.put_bytes(&url, b"0123456789".to_vec()).await;
    assert_error(status, &body, Status::Forbidden, "document.upload_expired");
    app.clock.set(default_now() + Duration::minutes(14));
    let (status, body) = app.put_bytes(&url, b"0123456789".to_vec()).await;
    assert_eq!(status, Status::Ok, "{body}");
}

#[tokio::test]
async fn presigning_checks_scope_kind_type_and_size() {
    let app = TestApp::spawn().await;
    let rita = app.renter("Rita").await;
    let presign = |changes: Value| {
        let mut body = json!({"filename": "a.pdf", "content_type": "application/pdf", "size_bytes": 1000, "kind": "id_card", "scope": "profile"});
        for (key, value) in changes.as_object().expect("object") {
            body[key] = value.clone();
        }
        body
    };
    for (changes, field, code) in [
        (
            json!({"scope": "contract"}),
            "scope",
            "validation.invalid_choice",
        ),
        (
            json!({"scope": "elsewhere"}),
            "scope",
            "validation.invalid_choice",
        ),
        (json!({"scope": null}), "scope", "validation.required"),
        (
            json!({"kind": "selfie"}),
            "kind",
            "validation.invalid_choice",
        ),
        (
            json!({"content_type": "application/x-sh"}),
            "content_type",
            "validation.invalid_choice",
        ),
        (
            json!({"size_bytes": 0}),
            "size_bytes",
            "validation.out_of_range",
        ),
        (
            json!({"size_bytes": 100 * 1024 * 1024 + 1}),
            "size_bytes",
            "validation.out_of_range",
        ),
        (json!({"filename": ""}), "filename", "validation.required"),
    ] {
        let (status, body) = app
            .post(
                "/api/v1/documents/presign",
                &rita.token,
                presign(changes.clone()),
            )
            .await;
        assert_error(
            status,
            &body,
            Status::UnprocessableEntity,
            "error.validation",
        );
        assert_eq!(
            body["error"]["fields"][0]["field"],
            json!(field),
            "{changes}: {body}"
        );
        assert_eq!(
            body["error"]["fields"][0]["code"],
            json!(code),
            "{changes}: {body}"
        );
    }
    let (status, body) = app
        .post(
            "/api/v1/documents/presign",
            &rita.token,
            presign(json!({"size_bytes": 100 * 1024 * 1024})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    let (status, body) = app
        .post(
            "/api/v1/documents/finalize",
            &rita.token,
            json!({"file_id": "nope"}),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    let alice = app.landlord("Alice").await;
    let (status, body) = app
        .post(
            "/api/v1/documents/presign",
            &alice.token,
            presign(json!({})),
        )
        .await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
}

#[tokio::test]
async fn erasing_a_renter_deletes_their_dossier_files_at_once() {
    use rentmark_domain::ports::{BlobError, BlobStore};
    let app = TestApp::spawn().await;
    let rita = app.renter("Rita Files").await;
    let document = app.upload_document(&rita, "id_card").await;
    let key = format!("dossiers/{}/{document}", rita.user_id);
    assert!(
        app.blobs.get(&key).await.is_ok(),
        "the upload is stored under {key}"
    );
    let (status, body) = app.delete("/api/v1/users/me", &rita.token).await;
    assert_eq!(status, rocket::http::Status::Accepted, "{body}");
    assert!(
        matches!(app.blobs.get(&key).await, Err(BlobError::NotFound)),
        "the file is gone"
    );
}
