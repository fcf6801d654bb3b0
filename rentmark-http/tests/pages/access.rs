//! Who sees what: every page answers its owner, another organization's ids are "not
//! found" (never 500), signed-out visitors are sent to the sign-in page, and a POST
//! without the session's CSRF token changes nothing.

use rocket::http::Status;
use serde_json::json;

use crate::common::{Portfolio, TestApp};
use crate::{PNG, Part, get, post, post_multipart, session_csrf, sign_in};

/// Records a payment through the API; returns its id.
async fn api_payment(app: &TestApp, p: &Portfolio, amount: &str) -> String {
    let (status, body) = app
        .post(
            "/api/v1/payments",
            &p.landlord.token,
            json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": amount, "paid_on": "2026-11-10", "method": "transfer"}),
        )
        .await;
    assert_eq!(status, Status::Created, "{body}");
    body["data"]["id"].as_str().expect("payment id").to_owned()
}

fn pages_of(p: &Portfolio, payment: &str) -> Vec<String> {
    vec![
        format!("/dashboard?property_id={}", p.property),
        format!("/properties/{}", p.property),
        format!("/units/{}", p.unit),
        format!("/tenants/{}", p.tenant),
        format!("/leases/{}", p.lease),
        format!("/payments/new?lease_id={}&tenant_id={}", p.lease, p.tenant),
        format!("/payments/{payment}/edit"),
        format!("/payments/{payment}/delete"),
    ]
}

#[rocket::async_test]
async fn every_page_answers_its_owner_and_hides_other_organizations() {
    let app = TestApp::spawn().await;
    let mine = app.portfolio("Alice", "720.00", "2026-11-01").await;
    let theirs = app.portfolio("Bob", "650.00", "2026-10-01").await;
    let my_payment = api_payment(&app, &mine, "100.00").await;
    let their_payment = api_payment(&app, &theirs, "100.00").await;
    sign_in(&app, &mine.landlord.email).await;

    for path in [
        "/dashboard",
        "/dashboard?page=2",
        "/properties",
        "/tenants",
        "/leases",
        "/properties?page=3",
    ] {
        get(&app, path).await.is(Status::Ok);
    }
    for path in pages_of(&mine, &my_payment) {
        let page = get(&app, &path).await;
        assert_eq!(page.status, Status::Ok, "{path}");
        assert!(
            page.body.contains("Alice Immobilier"),
            "{path} shows the organization"
        );
    }
    for path in pages_of(&theirs, &their_payment) {
        let page = get(&app, &path).await;
        assert_eq!(page.status, Status::NotFound, "{path}");
        assert!(!page.body.contains("Bob"), "{path} leaks nothing");
    }
    // Malformed and unknown ids are "not found" too.
    for path in [
        "/properties/nope",
        "/units/123",
        "/tenants/%20",
        "/leases/0190b3a4-0000-7000-8000-000000000001",
        "/payments/new",
        "/documents/x",
    ] {
        assert_eq!(get(&app, path).await.status, Status::NotFound, "{path}");
    }

    // Writing to their ids with a valid token: not found, and nothing changes.
    let token = session_csrf(&app).await;
    post(
        &app,
        &format!("/properties/{}/delete", theirs.property),
        &[("csrf", &token)],
    )
    .await
    .is(Status::NotFound);
    post(
        &app,
        &format!("/properties/{}", theirs.property),
        &[
            ("name", "Mine now"),
            ("address", "x"),
            ("city", "y"),
            ("csrf", &token),
        ],
    )
    .await
    .is(Status::NotFound);
    post(
        &app,
        &format!("/units/{}/delete", theirs.unit),
        &[("csrf", &token)],
    )
    .await
    .is(Status::NotFound);
    post(
        &app,
        &format!("/leases/{}/end", theirs.lease),
        &[("end_date", "2026-11-30"), ("csrf", &token)],
    )
    .await
    .is(Status::NotFound);
    post(
        &app,
        &format!("/payments/{their_payment}/delete"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::NotFound);
    post_multipart(
        &app,
        "/payments",
        &[
            Part::Text("csrf", &token),
            Part::Text("lease_id", &theirs.lease),
            Part::Text("tenant_id", &theirs.tenant),
            Part::Text("amount", "5"),
            Part::Text("paid_on", "2026-11-12"),
            Part::Text("method", "cash"),
        ],
    )
    .await
    .is(Status::NotFound);
    let (status, body) = app
        .get(
            &format!("/api/v1/properties/{}", theirs.property),
            &theirs.landlord.token,
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(body["data"]["name"], json!("Bob House"));
    let (_, lease) = app
        .get(
            &format!("/api/v1/leases/{}", theirs.lease),
            &theirs.landlord.token,
        )
        .await;
    assert_eq!(
        lease["data"]["ended_at"],
        serde_json::Value::Null,
        "{lease}"
    );
    let (_, payments) = app
        .get(
            &format!("/api/v1/payments?lease_id={}", theirs.lease),
            &theirs.landlord.token,
        )
        .await;
    assert_eq!(payments["data"]["total"], json!(1));
    assert_eq!(payments["data"]["results"][0]["status"], json!("active"));
}

#[rocket::async_test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Carol", "500.00", "2026-11-01").await;
    get(&app, "/").await.redirects_to("/login");
    for path in ["/dashboard", "/properties", "/tenants", "/leases"] {
        get(&app, path)
            .await
            .redirects_to(&format!("/login?next={path}"));
    }
    let property = format!("/properties/{}", p.property);
    get(&app, &property)
        .await
        .redirects_to(&format!("/login?next={property}"));
    get(&app, &format!("/documents/{}", p.unit))
        .await
        .redirects_to(&format!("/login?next=/documents/{}", p.unit));
    post(
        &app,
        "/properties",
        &[
            ("name", "x"),
            ("address", "y"),
            ("city", "z"),
            ("csrf", "t"),
        ],
    )
    .await
    .redirects_to("/login?next=/properties");
    let (_, list) = app.get("/api/v1/properties", &p.landlord.token).await;
    assert_eq!(list["data"]["total"], json!(1), "nothing was created");
}

#[rocket::async_test]
async fn a_post_without_the_session_token_writes_nothing() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Dora", "800.00", "2026-11-01").await;
    sign_in(&app, &p.landlord.email).await;
    let token = session_csrf(&app).await;

    for csrf in [None, Some("forged"), Some("")] {
        let mut fields = vec![
            ("name", "New house"),
            ("address", "2 rue Neuve"),
            ("city", "Lyon"),
        ];
        if let Some(csrf) = csrf {
            fields.push(("csrf", csrf));
        }
        post(&app, "/properties", &fields)
            .await
            .is(Status::Forbidden)
            .shows("Le formulaire a expiré")
            .shows("value=\"New house\"");
        post(
            &app,
            "/tenants",
            &[("name", "Nobody"), ("csrf", csrf.unwrap_or_default())],
        )
        .await
        .is(Status::Forbidden);
        post(
            &app,
            &format!("/properties/{}/delete", p.property),
            &[("csrf", csrf.unwrap_or_default())],
        )
        .await
        .is(Status::Forbidden);
        post(
            &app,
            &format!("/leases/{}/end", p.lease),
            &[
                ("end_date", "2026-11-20"),
                ("csrf", csrf.unwrap_or_default()),
            ],
        )
        .await
        .is(Status::Forbidden);
        post_multipart(
            &app,
            "/payments",
            &[
                Part::Text("csrf", csrf.unwrap_or_default()),
                Part::Text("lease_id", &p.lease),
                Part::Text("tenant_id", &p.tenant),
                Part::Text("amount", "10.00"),
                Part::Text("paid_on", "2026-11-12"),
                Part::Text("method", "cash"),
                Part::File("receipt", "r.png", "image/png", PNG),
            ],
        )
        .await
        .is(Status::Forbidden)
        .shows("Le formulaire a expiré");
    }
    let (_, properties) = app.get("/api/v1/properties", &p.landlord.token).await;
    assert_eq!(properties["data"]["total"], json!(1));
    let (_, tenants) = app.get("/api/v1/tenants", &p.landlord.token).await;
    assert_eq!(tenants["data"]["total"], json!(1));
    let (_, lease) = app
        .get(&format!("/api/v1/leases/{}", p.lease), &p.landlord.token)
        .await;
    assert_eq!(lease["data"]["ended_at"], serde_json::Value::Null);
    let (_, payments) = app
        .get(
            &format!("/api/v1/payments?lease_id={}", p.lease),
            &p.landlord.token,
        )
        .await;
    assert_eq!(payments["data"]["total"], json!(0));

    // The genuine token works.
    post(
        &app,
        "/properties",
        &[
            ("name", "New house"),
            ("address", "2 rue Neuve"),
            ("city", "Lyon"),
            ("csrf", &token),
        ],
    )
    .await;
    let (_, properties) = app.get("/api/v1/properties", &p.landlord.token).await;
    assert_eq!(properties["data"]["total"], json!(2));
}
