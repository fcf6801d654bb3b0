//! The payment form: add, correct and delete a payment, with a receipt image whose
//! bytes round-trip through `GET /documents/<id>` for members of its organization
//! only; anything but a JPEG, PNG or WebP image is refused.

use rocket::http::{ContentType, Status};
use serde_json::{Value, json};

use crate::common::{Portfolio, TestApp};
use crate::{PNG, Part, get, get_bytes, post, post_multipart, session_csrf, sign_in, sign_out};

async fn payments_of(app: &TestApp, p: &Portfolio) -> Vec<Value> {
    let (status, body) = app
        .get(
            &format!("/api/v1/payments?lease_id={}", p.lease),
            &p.landlord.token,
        )
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    body["data"]["results"].as_array().expect("results").clone()
}

fn fields<'a>(token: &'a str, p: &'a Portfolio, amount: &'a str, key: &'a str) -> Vec<Part<'a>> {
    vec![
        Part::Text("csrf", token),
        Part::Text("lease_id", &p.lease),
        Part::Text("tenant_id", &p.tenant),
        Part::Text("amount", amount),
        Part::Text("paid_on", "2026-11-12"),
        Part::Text("method", "card"),
        Part::Text("idempotency_key", key),
    ]
}

#[rocket::async_test]
async fn a_payment_with_a_receipt_is_added_corrected_and_deleted() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "720.00", "2026-11-01").await;
    sign_in(&app, &p.landlord.email).await;

    // The form offers the lease's co-tenants and today's date.
    let form = get(
        &app,
        &format!("/payments/new?lease_id={}&tenant_id={}", p.lease, p.tenant),
    )
    .await;
    form.is(Status::Ok)
        .shows("enctype=\"multipart/form-data\"")
        .shows("Alice Renter")
        .shows("value=\"2026-11-15\"")
        .shows("name=\"receipt\"");
    let token = form.csrf();
    let key = {
        let marker = "name=\"idempotency_key\" value=\"";
        let start = form.body.find(marker).expect("a one-time key") + marker.len();
        form.body[start..start + form.body[start..].find('"').expect("end")].to_owned()
    };

    // Add, with a PNG sent under a misleading type: the bytes decide.
    let mut parts = fields(&token, &p, "300,00", &key);
    parts.push(Part::File(
        "receipt",
        "scan.png",
        "application/octet-stream",
        PNG,
    ));
    post_multipart(&app, "/payments", &parts)
        .await
        .redirects_to(&format!("/tenants/{}", p.tenant));
    // The same form posted twice records one payment.
    post_multipart(&app, "/payments", &parts)
        .await
        .redirects_to(&format!("/tenants/{}", p.tenant));
    let payments = payments_of(&app, &p).await;
    assert_eq!(payments.len(), 1, "{payments:?}");
    let payment = payments[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(payments[0]["amount"], json!("300.00"));
    let document = payments[0]["receipt_document_id"]
        .as_str()
        .expect("a receipt")
        .to_owned();
    let (status, content_type, bytes) = get_bytes(&app, &format!("/documents/{document}")).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(content_type, Some(ContentType::PNG));
    assert_eq!(bytes, PNG, "the bytes round-trip");
    let tenant_page = get(&app, &format!("/tenants/{}", p.tenant)).await;
    tenant_page
        .is(Status::Ok)
        .shows("id=\"tenant-outstanding\">420,00\u{a0}€")
        .shows(&format!("href=\"/documents/{document}\""))
        .shows(&format!("href=\"/payments/{payment}/edit\""))
        .shows(&format!("href=\"/payments/{payment}/delete\""));

    // Correct the amount and replace the receipt with another image.
    let edit = get(&app, &format!("/payments/{payment}/edit")).await;
    edit.is(Status::Ok)
        .shows("value=\"300.00\"")
        .shows(&format!("src=\"/documents/{document}\""))
        .shows("name=\"remove_receipt\"");
    let mut other_png = PNG.to_vec();
    other_png.extend_from_slice(b"trailing bytes make another file");
    let parts = [
        Part::Text("csrf", &token),
        Part::Text("amount", "350.00"),
        Part::Text("paid_on", "2026-11-13"),
        Part::Text("method", "cash"),
        Part::File("receipt", "new.png", "image/png", &other_png),
    ];
    post_multipart(&app, &format!("/payments/{payment}/edit"), &parts)
        .await
        .redirects_to(&format!("/tenants/{}", p.tenant));
    let payments = payments_of(&app, &p).await;
    assert_eq!(
        (payments[0]["amount"].clone(), payments[0]["method"].clone()),
        (json!("350.00"), json!("cash"))
    );
    let replaced = payments[0]["receipt_document_id"]
        .as_str()
        .expect("a receipt")
        .to_owned();
    assert_ne!(replaced, document);
    assert_eq!(
        get_bytes(&app, &format!("/documents/{replaced}")).await.2,
        other_png
    );

    // A correction without a file keeps the receipt.
    let keep = [
        Part::Text("csrf", &token),
        Part::Text("amount", "360.00"),
        Part::Text("paid_on", "2026-11-13"),
        Part::Text("method", "cash"),
        Part::File("receipt", "", "application/octet-stream", b""),
    ];
    post_multipart(&app, &format!("/payments/{payment}/edit"), &keep)
        .await
        .redirects_to(&format!("/tenants/{}", p.tenant));
    let payments = payments_of(&app, &p).await;
    assert_eq!(payments[0]["amount"], json!("360.00"));
    assert_eq!(payments[0]["receipt_document_id"], json!(replaced));
    get(&app, "/dashboard").await.shows("360,00\u{a0}€");

    // Delete, after a confirmation page.
    get(&app, &format!("/payments/{payment}/delete"))
        .await
        .is(Status::Ok)
        .shows("Oui, supprimer le paiement")
        .shows("360,00\u{a0}€");
    post(
        &app,
        &format!("/payments/{payment}/delete"),
        &[("csrf", &token)],
    )
    .await
    .redirects_to(&format!("/tenants/{}", p.tenant));
    let payments = payments_of(&app, &p).await;
    assert_eq!(payments[0]["status"], json!("deleted"));
    get(&app, &format!("/tenants/{}", p.tenant))
        .await
        .shows("id=\"tenant-outstanding\">720,00\u{a0}€")
        .shows("Supprimé");
    // Deleting twice is a conflict, not an error page.
    post(
        &app,
        &format!("/payments/{payment}/delete"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Conflict)
    .shows("Ce paiement a été supprimé.");

    // Another organization's member cannot see the receipt.
    let other = app.landlord("Mallory").await;
    sign_out(&app).await;
    sign_in(&app, &other.email).await;
    let (status, _, bytes) = get_bytes(&app, &format!("/documents/{replaced}")).await;
    assert_eq!(status, Status::NotFound);
    assert_ne!(bytes, other_png);
}

#[rocket::async_test]
async fn anything_but_an_image_is_refused_and_nothing_is_recorded() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Bob", "500.00", "2026-11-01").await;
    sign_in(&app, &p.landlord.email).await;
    let token = session_csrf(&app).await;

    for (name, claimed, bytes) in [
        ("notes.txt", "text/plain", b"just some text".as_slice()),
        (
            "fake.png",
            "image/png",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".as_slice(),
        ),
        ("doc.pdf", "image/jpeg", b"%PDF-1.7 not an image".as_slice()),
    ] {
        let mut parts = fields(&token, &p, "100.00", "");
        parts.push(Part::File("receipt", name, claimed, bytes));
        post_multipart(&app, "/payments", &parts)
            .await
            .is(Status::UnprocessableEntity)
            .shows("Le fichier n&#39;est pas une image JPEG, PNG ou WebP.")
            .shows("value=\"100.00\"");
    }
    // Bad fields with a good image: refused before the image is stored.
    let mut parts = fields(&token, &p, "zero", "");
    parts.push(Part::File("receipt", "ok.png", "image/png", PNG));
    post_multipart(&app, "/payments", &parts)
        .await
        .is(Status::UnprocessableEntity)
        .shows("Montant invalide");
    assert!(payments_of(&app, &p).await.is_empty());

    // Correcting with a non-image keeps the payment as it was.
    let parts = fields(&token, &p, "100.00", "");
    post_multipart(&app, "/payments", &parts)
        .await
        .redirects_to(&format!("/tenants/{}", p.tenant));
    let payment = payments_of(&app, &p).await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let bad = [
        Part::Text("csrf", &token),
        Part::Text("amount", "150.00"),
        Part::Text("paid_on", "2026-11-12"),
        Part::Text("method", "card"),
        Part::File("receipt", "x.exe", "image/webp", b"MZ\x90\x00"),
    ];
    post_multipart(&app, &format!("/payments/{payment}/edit"), &bad)
        .await
        .is(Status::UnprocessableEntity)
        .shows("value=\"150.00\"");
    let payments = payments_of(&app, &p).await;
    assert_eq!(payments[0]["amount"], json!("100.00"));
    assert_eq!(payments[0]["receipt_document_id"], Value::Null);
}

#[rocket::async_test]
async fn a_receipt_over_ten_megabytes_is_refused() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Carol", "500.00", "2026-11-01").await;
    sign_in(&app, &p.landlord.email).await;
    let token = session_csrf(&app).await;
    let mut big = PNG.to_vec();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let mut parts = fields(&token, &p, "100.00", "");
    parts.push(Part::File("receipt", "big.png", "image/png", &big));
    post_multipart(&app, "/payments", &parts)
        .await
        .is(Status::UnprocessableEntity)
        .shows("Le fichier dépasse 10 Mo.");
    assert!(payments_of(&app, &p).await.is_empty());
}
