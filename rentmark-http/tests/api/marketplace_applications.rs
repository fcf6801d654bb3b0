//! Applications through the API: the whole lifecycle from a published listing to a
//! lease in the ledger, the requirement check (422 listing what is missing),
//! transitions and their history, and isolation between renters and organizations
//! (bad input and parallel confirmations are in `marketplace_conflicts`).

use rocket::http::{Method, Status};
use serde_json::{Value, json};

use crate::common::{Landlord, Renter, TestApp, assert_error, listing_body};

pub(crate) fn apply_body(listing: &str, guarantors: &[&str]) -> Value {
    json!({"listing_id": listing, "move_in_date": "2026-11-15", "duration_months": 6, "guarantor_ids": guarantors})
}

pub(crate) async fn apply(app: &TestApp, who: &Renter, body: Value) -> (Status, Value) {
    app.post("/api/v1/tenant/applications", &who.token, body)
        .await
}

/// Applies and expects 201 pending; returns the application id.
pub(crate) async fn applied(app: &TestApp, who: &Renter, body: Value) -> String {
    let (status, answer) = apply(app, who, body).await;
    assert_eq!(status, Status::Created, "{answer}");
    assert_eq!(answer["data"]["status"], json!("pending"));
    answer["data"]["id"].as_str().expect("id").to_owned()
}

pub(crate) async fn act(app: &TestApp, token: &str, id: &str, action: &str) -> (Status, Value) {
    app.post(
        &format!("/api/v1/applications/{id}/{action}"),
        token,
        json!({}),
    )
    .await
}

async fn history(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let (status, body) = app
        .get(&format!("/api/v1/applications/{id}/history"), token)
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    body["data"].as_array().expect("rows").clone()
}

fn transitions(rows: &[Value]) -> Vec<(Value, Value, Value)> {
    rows.iter()
        .map(|r| {
            (
                r["old_status"].clone(),
                r["new_status"].clone(),
                r["actor"].clone(),
            )
        })
        .collect()
}

/// A renter with a complete dossier for [`strict_listing`]: both documents and a
/// guarantor earning enough alone.
async fn complete_renter(app: &TestApp, name: &str) -> (Renter, String) {
    let renter = app.renter(name).await;
    app.upload_document(&renter, "id_card").await;
    app.upload_document(&renter, "proof_of_study").await;
    let guarantor = app.guarantor(&renter, "Parent", "4000.00").await;
    (renter, guarantor)
}

/// A published one-place room at 900.00 (+60.00 charges) requiring an ID card, a
/// proof of study, one guarantor and an income of 3 x 960.00.
async fn strict_listing(app: &TestApp, who: &Landlord) -> String {
    let requirements = json!({"guarantor_required_count": 1, "income_min_multiplier": "3", "documents": ["id_card", "proof_of_study"]});
    app.published_listing(
        who,
        listing_body("Studio Jussieu", "Paris", "900.00", 1, requirements),
    )
    .await
}

#[tokio::test]
async fn from_search_to_a_lease_in_the_ledger() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let listing = strict_listing(&app, &alice).await;
    let (_, found) = app
        .call(
            Method::Get,
            "/api/v1/listings?city=paris&price_max=1000",
            None,
            None,
        )
        .await;
    assert_eq!(found["data"]["results"][0]["id"], json!(listing), "{found}");

    // An empty dossier: everything is missing, nothing is written.
    let rita = app.renter("Rita").await;
    let (status, body) = apply(&app, &rita, apply_body(&listing, &[])).await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "application.requirements_not_met",
    );
    assert_eq!(
        body["error"]["missing"],
        json!({"documents": ["id_card", "proof_of_study"], "guarantors_missing": 1, "income_required": "2880.00", "income_shortfall": "2880.00"})
    );
    // Part of it: exactly the rest is listed.
    app.upload_document(&rita, "id_card").await;
    let guarantor = app.guarantor(&rita, "Paul", "2000.00").await;
    let (status, body) = apply(&app, &rita, apply_body(&listing, &[&guarantor])).await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "application.requirements_not_met",
    );
    assert_eq!(
        body["error"]["missing"],
        json!({"documents": ["proof_of_study"], "guarantors_missing": 0, "income_required": "2880.00", "income_shortfall": "880.00"})
    );
    let (_, mine) = app.get("/api/v1/tenant/applications", &rita.token).await;
    assert_eq!(mine["data"]["total"], json!(0));
    // A pending document does not count.
    app.presign(&rita, "proof_of_study", 10).await;
    let mut body = apply_body(&listing, &[&guarantor]);
    body["profile_overrides"] =
        json!({"first_name": "Rita", "last_name": "Lopez", "monthly_income_eur": "900.00"});
    let (status, answer) = apply(&app, &rita, body.clone()).await;
    assert_error(
        status,
        &answer,
        Status::UnprocessableEntity,
        "application.requirements_not_met",
    );
    assert_eq!(
        answer["error"]["missing"]["documents"],
        json!(["proof_of_study"])
    );
    // Complete (the applicant's own income counts with the guarantor's): 201.
    app.upload_document(&rita, "proof_of_study").await;
    let rita_app = applied(&app, &rita, body.clone()).await;
    let (status, answer) = apply(&app, &rita, body).await;
    assert_error(status, &answer, Status::Conflict, "application.duplicate");

    let (sam, sams_guarantor) = complete_renter(&app, "Sam").await;
    let sam_app = applied(&app, &sam, apply_body(&listing, &[&sams_guarantor])).await;

    // The landlord sees both with their dossier summary.
    let (status, list) = app.get("/api/v1/landlord/applications", &alice.token).await;
    assert_eq!(status, Status::Ok, "{list}");
    assert_eq!(list["data"]["total"], json!(2));
    let row = list["data"]["results"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == json!(rita_app))
        .expect("rita's application")
        .clone();
    let dossier = &row["dossier"];
    assert_eq!(dossier["email"], json!(rita.email));
    assert_eq!(dossier["first_name"], json!("Rita"));
    assert_eq!(dossier["last_name"], json!("Lopez"));
    assert_eq!(dossier["monthly_income_eur"], json!("900.00"));
    assert_eq!(dossier["guarantor_count"], json!(1));
    assert_eq!(dossier["move_in_date"], json!("2026-11-15"));
    assert_eq!(dossier["duration_months"], json!(6));
    assert_eq!(dossier["room"]["name"], json!("Room A"));
    assert_eq!(dossier["guarantors_income_eur"], json!("2000.00"));
    assert_eq!(dossier["documents"], json!(["id_card", "proof_of_study"]));

    for id in [&rita_app, &sam_app] {
        let (status, body) = act(&app, &alice.token, id, "accept").await;
        assert_eq!(status, Status::Ok, "{body}");
        assert_eq!(body["data"]["status"], json!("accepted_pending_payment"));
    }
    let (status, confirmed) = act(&app, &alice.token, &rita_app, "confirm").await;
    assert_eq!(status, Status::Ok, "{confirmed}");
    let data = &confirmed["data"];
    assert_eq!(data["status"], json!("confirmed"));
    assert_eq!(data["cancelled_application_ids"], json!([sam_app]));
    assert_eq!(data["listing_closed"], json!(true));
    let lease = data["lease_id"].as_str().expect("lease id");
    let tenant = data["tenant_id"].as_str().expect("tenant id");

    // The lease is in the ledger, for the renter's account.
    let (status, lease) = app
        .get(&format!("/api/v1/leases/{lease}"), &alice.token)
        .await;
    assert_eq!(status, Status::Ok, "{lease}");
    assert_eq!(lease["data"]["rent"], json!("900.00"));
    assert_eq!(lease["data"]["charges"], json!("60.00"));
    assert_eq!(lease["data"]["deposit"], json!("900.00"));
    assert_eq!(lease["data"]["start_date"], json!("2026-11-15"));
    assert_eq!(lease["data"]["end_date"], json!("2027-05-14"));
    assert_eq!(lease["data"]["tenant_ids"], json!([tenant]));
    let (status, record) = app
        .get(&format!("/api/v1/tenants/{tenant}"), &alice.token)
        .await;
    assert_eq!(status, Status::Ok, "{record}");
    assert_eq!(record["data"]["user_id"], json!(rita.user_id));
    assert_eq!(record["data"]["name"], json!("Rita Lopez"));
    // Deposit 900.00 + November from the 15th (16/30): rent 480.00, charges 32.00.
    let (status, balance) = app
        .get(&format!("/api/v1/tenants/{tenant}/balance"), &alice.token)
        .await;
    assert_eq!(status, Status::Ok, "{balance}");
    assert_eq!(balance["data"]["charges_total"], json!("1412.00"));
    assert_eq!(balance["data"]["outstanding"], json!("1412.00"));

    // The listing is full: closed, gone from the search and the public page.
    let (_, mine) = app
        .get(
            &format!("/api/v1/landlord/listings/{listing}"),
            &alice.token,
        )
        .await;
    assert_eq!(mine["data"]["status"], json!("closed"));
    assert_eq!(mine["data"]["rooms"][0]["places_left"], json!(0));
    let (_, found) = app
        .call(Method::Get, "/api/v1/listings?city=paris", None, None)
        .await;
    assert_eq!(found["data"]["total"], json!(0));
    let (status, _) = app
        .call(
            Method::Get,
            &format!("/api/v1/listings/{listing}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, Status::NotFound);

    // Sam's accepted application was cancelled, and he can see why.
    let (status, his) = app
        .get(&format!("/api/v1/applications/{sam_app}"), &sam.token)
        .await;
    assert_eq!(status, Status::Ok, "{his}");
    assert_eq!(his["data"]["status"], json!("rejected"));
    assert_eq!(his["data"]["reason"], json!("room_taken"));
    let rows = history(&app, &sam.token, &sam_app).await;
    assert_eq!(
        transitions(&rows),
        [
            (Value::Null, json!("pending"), json!("renter")),
            (
                json!("pending"),
                json!("accepted_pending_payment"),
                json!("landlord")
            ),
            (
                json!("accepted_pending_payment"),
                json!("rejected"),
                json!("system")
            ),
        ]
    );
    assert_eq!(rows[2]["reason"], json!("room_taken"));
    assert_eq!(rows[2]["actor_id"], Value::Null);
    assert_eq!(rows[0]["actor_id"], json!(sam.user_id));
    let rows = history(&app, &alice.token, &rita_app).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["new_status"], json!("confirmed"));
    assert_eq!(rows[2]["actor_id"], json!(alice.user_id));
    assert_eq!(rows[2]["at"], json!("2026-11-15T10:00:00Z"));

    // Final states stay final.
    let (status, body) = act(&app, &alice.token, &rita_app, "confirm").await;
    assert_error(
        status,
        &body,
        Status::Conflict,
        "application.invalid_transition",
    );
    let (status, body) = act(&app, &alice.token, &sam_app, "accept").await;
    assert_error(
        status,
        &body,
        Status::Conflict,
        "application.invalid_transition",
    );
    let (status, body) = act(&app, &sam.token, &sam_app, "withdraw").await;
    assert_error(
        status,
        &body,
        Status::Conflict,
        "application.invalid_transition",
    );
    // A guarantor named on an application cannot be deleted.
    let (status, body) = app
        .delete(
            &format!("/api/v1/tenant/guarantors/{guarantor}"),
            &rita.token,
        )
        .await;
    assert_error(status, &body, Status::Conflict, "guarantor.in_use");
}

#[tokio::test]
async fn each_side_sees_only_its_own_applications() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let bob = app.landlord("Bob").await;
    let listing = app
        .published_listing(
            &alice,
            listing_body("Room", "Paris", "500.00", 2, json!({})),
        )
        .await;
    let bobs_listing = app
        .published_listing(&bob, listing_body("Bob's", "Lyon", "400.00", 1, json!({})))
        .await;
    let rita = app.renter("Rita").await;
    let sam = app.renter("Sam").await;
    let rita_app = applied(&app, &rita, apply_body(&listing, &[])).await;
    let sam_app = applied(&app, &sam, apply_body(&bobs_listing, &[])).await;

    // Landlords: only applications to their organization's listings.
    let (_, list) = app.get("/api/v1/landlord/applications", &alice.token).await;
    assert_eq!(list["data"]["total"], json!(1));
    assert_eq!(list["data"]["results"][0]["id"], json!(rita_app));
    let (status, body) = app
        .get(
            &format!("/api/v1/landlord/applications?listing_id={bobs_listing}"),
            &alice.token,
        )
        .await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    for action in ["accept", "reject", "confirm"] {
        let (status, body) = act(&app, &bob.token, &rita_app, action).await;
        assert_error(status, &body, Status::NotFound, "application.not_found");
    }
    for path in [
        format!("/api/v1/applications/{rita_app}"),
        format!("/api/v1/applications/{rita_app}/history"),
    ] {
        let (status, body) = app.get(&path, &bob.token).await;
        assert_error(status, &body, Status::NotFound, "application.not_found");
        let (status, body) = app.get(&path, &sam.token).await;
        assert_error(status, &body, Status::NotFound, "application.not_found");
        let (status, body) = app.get(&path, &alice.token).await;
        assert_eq!(status, Status::Ok, "{body}");
    }
    // Renters: only their own.
    let (_, mine) = app.get("/api/v1/tenant/applications", &sam.token).await;
    assert_eq!(mine["data"]["total"], json!(1));
    assert_eq!(mine["data"]["results"][0]["id"], json!(sam_app));
    let (status, body) = act(&app, &sam.token, &rita_app, "withdraw").await;
    assert_error(status, &body, Status::NotFound, "application.not_found");

    // Roles: renters cannot decide, landlords cannot apply or withdraw.
    let (status, _) = act(&app, &rita.token, &rita_app, "accept").await;
    assert_eq!(status, Status::Forbidden);
    let (status, _) = app.get("/api/v1/landlord/applications", &rita.token).await;
    assert_eq!(status, Status::Forbidden);
    let (status, body) = act(&app, &alice.token, &rita_app, "withdraw").await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
    let (status, body) = app.get("/api/v1/tenant/applications", &alice.token).await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
    let (status, body) = app
        .post(
            "/api/v1/tenant/applications",
            &alice.token,
            apply_body(&listing, &[]),
        )
        .await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
    let (status, _) = app
        .call(
            Method::Get,
            &format!("/api/v1/applications/{rita_app}/history"),
            None,
            None,
        )
        .await;
    assert_eq!(status, Status::Unauthorized);

    // The renter withdraws; the transition is final.
    let (status, body) = act(&app, &rita.token, &rita_app, "withdraw").await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["status"], json!("withdrawn"));
    let (status, body) = act(&app, &rita.token, &rita_app, "withdraw").await;
    assert_error(
        status,
        &body,
        Status::Conflict,
        "application.invalid_transition",
    );
    let (status, body) = act(&app, &alice.token, &rita_app, "accept").await;
    assert_error(
        status,
        &body,
        Status::Conflict,
        "application.invalid_transition",
    );
    let (status, body) = act(&app, &alice.token, &rita_app, "confirm").await;
    assert_error(
        status,
        &body,
        Status::Conflict,
        "application.invalid_transition",
    );
    let rows = history(&app, &rita.token, &rita_app).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["new_status"], json!("withdrawn"));
    assert_eq!(rows[1]["actor"], json!("renter"));

    // Filters of the landlord's list.
    let (_, list) = app
        .get(
            "/api/v1/landlord/applications?status=withdrawn",
            &alice.token,
        )
        .await;
    assert_eq!(list["data"]["total"], json!(1));
    let (_, list) = app
        .get(
            &format!("/api/v1/landlord/applications?status=pending&listing_id={listing}"),
            &alice.token,
        )
        .await;
    assert_eq!(list["data"]["total"], json!(0));
    let (status, body) = app
        .get("/api/v1/landlord/applications?status=maybe", &alice.token)
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    let (status, body) = app
        .get(
            "/api/v1/landlord/applications?listing_id=nope",
            &alice.token,
        )
        .await;
    assert_error(status, &body, Status::BadRequest, "error.bad_request");
    // A rejection by the landlord.
    let tom = app.renter("Tom").await;
    let tom_app = applied(&app, &tom, apply_body(&listing, &[])).await;
    let (status, body) = act(&app, &alice.token, &tom_app, "reject").await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["status"], json!("rejected"));
    assert_eq!(body["data"]["reason"], Value::Null);
}
