//! Listings through the API: creation and its validation, edits of the details
//! (validation, another organization's, closed listings), publish/close and their
//! illegal transitions, the public search (filters, order, paging, bad filters) and
//! page, and isolation between organizations.

use rocket::http::{Method, Status};
use serde_json::{Value, json};

use chrono::Duration;

use crate::common::{TestApp, assert_error, default_now, listing_body};

fn no_requirements() -> Value {
    json!({})
}

/// A listing body with the given city, type, rent and availability.
fn listing(title: &str, city: &str, kind: &str, rent: &str, available: &str) -> Value {
    let mut body = listing_body(title, city, rent, 1, no_requirements());
    body["type"] = json!(kind);
    body["availability_date"] = json!(available);
    body
}

async fn search(app: &TestApp, query: &str) -> (Status, Value) {
    app.call(Method::Get, &format!("/api/v1/listings{query}"), None, None)
        .await
}

fn titles(body: &Value) -> Vec<String> {
    body["data"]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["title"].as_str().expect("title").to_owned())
        .collect()
}

#[tokio::test]
async fn a_landlord_creates_a_draft_listing_with_rooms_and_requirements() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let requirements = json!({"guarantor_required_count": 2, "income_min_multiplier": "3", "documents": ["id_card", "proof_of_study"]});
    let mut body = listing_body("Studio Jussieu", "Paris", "650.00", 2, requirements);
    body["rooms"].as_array_mut().expect("rooms").push(
        json!({"name": "Room B", "capacity": 1, "rent_eur": "550.00", "charges_eur": "40.00"}),
    );
    let (status, created) = app
        .post("/api/v1/landlord/listings", &alice.token, body)
        .await;
    assert_eq!(status, Status::Created, "{created}");
    let data = &created["data"];
    assert_eq!(data["status"], json!("draft"));
    assert_eq!(data["type"], json!("room"));
    assert_eq!(data["rent_from"], json!("550.00"));
    assert_eq!(data["places_left"], json!(3));
    assert_eq!(
        data["requirements"],
        json!({"guarantor_required_count": 2, "income_min_multiplier": "3", "documents": ["id_card", "proof_of_study"]})
    );
    let rooms = data["rooms"].as_array().expect("rooms");
    assert_eq!(rooms.len(), 2);
    assert_eq!(rooms[0]["rent_eur"], json!("650.00"));
    assert_eq!(rooms[0]["deposit_eur"], json!("650.00"));
    assert_eq!(rooms[0]["places_left"], json!(2));
    assert_eq!(rooms[1]["deposit_eur"], json!("0.00"));
    assert_eq!(rooms[1]["max_duration_months"], json!(12));
    // Rooms got units in a property created from the listing's address.
    assert!(rooms[0]["unit_id"].is_string(), "{data}");
    let property = data["property_id"].as_str().expect("property id");
    let (status, units) = app
        .get(
            &format!("/api/v1/properties/{property}/units"),
            &alice.token,
        )
        .await;
    assert_eq!(status, Status::Ok, "{units}");
    assert_eq!(units["data"]["total"], json!(2));

    // The landlord's list shows it; nobody else's does.
    let (status, mine) = app.get("/api/v1/landlord/listings", &alice.token).await;
    assert_eq!(status, Status::Ok, "{mine}");
    assert_eq!(mine["data"]["total"], json!(1));
    assert_eq!(mine["data"]["results"][0]["id"], data["id"]);
    let bob = app.landlord("Bob").await;
    let (_, theirs) = app.get("/api/v1/landlord/listings", &bob.token).await;
    assert_eq!(theirs["data"]["total"], json!(0));
    let id = data["id"].as_str().expect("id");
    let (status, body) = app
        .get(&format!("/api/v1/landlord/listings/{id}"), &bob.token)
        .await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
}

#[tokio::test]
async fn an_invalid_listing_is_refused_with_every_bad_field() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let (status, body) = app
        .post(
            "/api/v1/landlord/listings",
            &alice.token,
            json!({"title": "", "city": "Paris", "address": "1 rue", "type": "castle", "rooms": [{"name": "A", "rent_eur": "-5"}], "availability_date": "2026-02-30", "requirements": {"guarantor_required_count": 51, "documents": ["passport_photo"]}}),
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
    for expected in [
        "title",
        "type",
        "rooms[0].rent_eur",
        "availability_date",
        "requirements.guarantor_required_count",
        "requirements.documents[0]",
    ] {
        assert!(fields.contains(&expected), "{expected} missing in {body}");
    }
    let (status, body) = app
        .post(
            "/api/v1/landlord/listings",
            &alice.token,
            listing_body("No rooms", "Paris", "500.00", 1, json!({}))
                .as_object()
                .map(|o| {
                    let mut o = o.clone();
                    o.insert("rooms".into(), json!([]));
                    Value::Object(o)
                })
                .expect("object"),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(
        body["error"]["fields"][0]["code"],
        json!("validation.empty_list")
    );
    // Malformed JSON is a 400, another organization's property a 404.
    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/landlord/listings",
            Some(&alice.token),
            None,
        )
        .await;
    assert_eq!(status, Status::BadRequest, "{body}");
    let bob = app.landlord("Bob").await;
    let bobs_property = app.property(&bob, "Bob House").await;
    let mut body = listing_body("Elsewhere", "Paris", "500.00", 1, json!({}));
    body["property_id"] = json!(bobs_property);
    let (status, body) = app
        .post("/api/v1/landlord/listings", &alice.token, body)
        .await;
    assert_error(status, &body, Status::NotFound, "property.not_found");
}

#[tokio::test]
async fn renters_and_strangers_cannot_manage_listings() {
    let app = TestApp::spawn().await;
    let renter = app.renter("Rita").await;
    let body = listing_body("Mine", "Paris", "500.00", 1, json!({}));
    let (status, answer) = app
        .post("/api/v1/landlord/listings", &renter.token, body.clone())
        .await;
    assert_eq!(status, Status::Forbidden, "{answer}");
    let (status, answer) = app.get("/api/v1/landlord/listings", &renter.token).await;
    assert_eq!(status, Status::Forbidden, "{answer}");
    let (status, answer) = app
        .call(Method::Post, "/api/v1/landlord/listings", None, Some(body))
        .await;
    assert_error(status, &answer, Status::Unauthorized, "error.unauthorized");
}

#[tokio::test]
async fn publish_and_close_follow_the_listing_state_machine() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let bob = app.landlord("Bob").await;
    let id = app
        .draft_listing(
            &alice,
            listing_body("Studio", "Paris", "600.00", 1, json!({})),
        )
        .await;
    let path = |action: &str| format!("/api/v1/landlord/listings/{id}/{action}");
    // Another organization's listing is not found, whatever the action.
    let (status, body) = app.post(&path("publish"), &bob.token, json!({})).await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    let (status, body) = app.post(&path("publish"), &alice.token, json!({})).await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["status"], json!("published"));
    let (status, body) = app.post(&path("publish"), &alice.token, json!({})).await;
    assert_error(
        status,
        &body,
        Status::Conflict,
        "listing.invalid_transition",
    );
    let (status, body) = app.post(&path("close"), &bob.token, json!({})).await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    let (status, body) = app.post(&path("close"), &alice.token, json!({})).await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["status"], json!("closed"));
    for action in ["close", "publish"] {
        let (status, body) = app.post(&path(action), &alice.token, json!({})).await;
        assert_error(
            status,
            &body,
            Status::Conflict,
            "listing.invalid_transition",
        );
    }
    let (status, body) = app
        .post(
            "/api/v1/landlord/listings/not-a-uuid/publish",
            &alice.token,
            json!({}),
        )
        .await;
    assert_error(status, &body, Status::BadRequest, "error.bad_request");
    // A draft can be closed directly.
    let draft = app
        .draft_listing(
            &alice,
            listing_body("Draft", "Paris", "600.00", 1, json!({})),
        )
        .await;
    let (status, body) = app
        .post(
            &format!("/api/v1/landlord/listings/{draft}/close"),
            &alice.token,
            json!({}),
        )
        .await;
    assert_eq!(status, Status::Ok, "{body}");
}

#[tokio::test]
async fn the_public_search_shows_only_published_listings_by_rent_then_newest() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let bob = app.landlord("Bob").await;
    // Each listing is published a minute after the previous one ("newest" is defined).
    let mut minutes = 0;
    for (who, body) in [
        (
            &alice,
            listing("Paris cheap", "Paris", "room", "450.00", "2026-11-15"),
        ),
        (
            &bob,
            listing("Paris studio", "paris ", "studio", "700.00", "2026-12-01"),
        ),
        (
            &alice,
            listing("Paris flat", "PARIS", "flat", "700.00", "2027-01-01"),
        ),
        (
            &alice,
            listing("Lyon room", "Lyon", "room", "400.00", "2026-11-15"),
        ),
    ] {
        minutes += 1;
        app.clock.set(default_now() + Duration::minutes(minutes));
        app.published_listing(who, body).await;
    }
    app.draft_listing(
        &alice,
        listing("Paris draft", "Paris", "room", "300.00", "2026-11-15"),
    )
    .await;
    let closed = app
        .published_listing(
            &bob,
            listing("Paris closed", "Paris", "room", "300.00", "2026-11-15"),
        )
        .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/landlord/listings/{closed}/close"),
            &bob.token,
            json!({}),
        )
        .await;
    assert_eq!(status, Status::Ok);

    // No token needed. Same rent: the newest first.
    let (status, body) = search(&app, "?city=Paris").await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(titles(&body), ["Paris cheap", "Paris flat", "Paris studio"]);
    assert_eq!(body["data"]["total"], json!(3));
    let first = &body["data"]["results"][0];
    assert_eq!(first["rent_from"], json!("450.00"));
    assert_eq!(first["places_left"], json!(1));
    assert_eq!(first["availability_date"], json!("2026-11-15"));

    let (_, body) = search(&app, "").await;
    assert_eq!(body["data"]["total"], json!(4), "{body}");
    let (_, body) = search(&app, "?city=paris&price_max=500").await;
    assert_eq!(titles(&body), ["Paris cheap"]);
    let (_, body) = search(&app, "?type=studio").await;
    assert_eq!(titles(&body), ["Paris studio"]);
    let (_, body) = search(&app, "?city=Paris&available_from=2026-12-01").await;
    assert_eq!(titles(&body), ["Paris cheap", "Paris studio"]);
    // Paging keeps the order and the total.
    let (_, body) = search(&app, "?city=Paris&page=2&limit=2").await;
    assert_eq!(titles(&body), ["Paris studio"]);
    assert_eq!(body["data"]["total"], json!(3));
    assert_eq!(body["data"]["page"], json!(2));
    assert_eq!(body["data"]["limit"], json!(2));
    // Unknown parameters are ignored.
    let (status, body) = search(&app, "?city=Lyon&sort=whatever").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(titles(&body), ["Lyon room"]);
}

#[tokio::test]
async fn bad_search_filters_are_422_never_500() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("?price_max=abc", "price_max"),
        ("?price_max=-5", "price_max"),
        ("?type=castle", "type"),
        ("?available_from=2026-02-30", "available_from"),
        ("?available_from=tomorrow", "available_from"),
        ("?limit=0", "limit"),
        ("?limit=101", "limit"),
        ("?page=abc", "page"),
    ] {
        let (status, body) = search(&app, query).await;
        assert_error(
            status,
            &body,
            Status::UnprocessableEntity,
            "error.validation",
        );
        assert_eq!(
            body["error"]["fields"][0]["field"],
            json!(field),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn the_public_listing_page_shows_published_listings_only() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let requirements =
        json!({"guarantor_required_count": 1, "income_min_multiplier": 2.5, "documents": ["rib"]});
    let id = app
        .published_listing(
            &alice,
            listing_body("Studio", "Paris", "600.00", 2, requirements),
        )
        .await;
    let (status, body) = app
        .call(Method::Get, &format!("/api/v1/listings/{id}"), None, None)
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    let data = &body["data"];
    assert_eq!(data["status"], json!("published"));
    assert_eq!(data["address"], json!("12 rue des Écoles"));
    assert_eq!(data["rooms"][0]["places_left"], json!(2));
    assert_eq!(data["rooms"][0]["charges_eur"], json!("60.00"));
    assert_eq!(data["requirements"]["income_min_multiplier"], json!("2.5"));
    assert_eq!(data["requirements"]["documents"], json!(["rib"]));
    // The public does not see the organization's property and unit ids.
    assert!(data.get("property_id").is_none(), "{data}");
    assert!(data["rooms"][0].get("unit_id").is_none(), "{data}");

    let draft = app
        .draft_listing(
            &alice,
            listing_body("Draft", "Paris", "600.00", 1, json!({})),
        )
        .await;
    let (status, body) = app
        .call(
            Method::Get,
            &format!("/api/v1/listings/{draft}"),
            None,
            None,
        )
        .await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    app.post(
        &format!("/api/v1/landlord/listings/{id}/close"),
        &alice.token,
        json!({}),
    )
    .await;
    let (status, body) = app
        .call(Method::Get, &format!("/api/v1/listings/{id}"), None, None)
        .await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    let (status, body) = app
        .call(
            Method::Get,
            "/api/v1/listings/0190b3a4-0000-7000-8000-000000000001",
            None,
            None,
        )
        .await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    let (status, body) = app
        .call(Method::Get, "/api/v1/listings/nope", None, None)
        .await;
    assert_error(status, &body, Status::BadRequest, "error.bad_request");
}

#[tokio::test]
async fn a_unit_or_property_advertised_by_a_listing_cannot_be_deleted() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Lister").await;
    let id = app
        .draft_listing(
            &landlord,
            crate::common::listing_body("Room near campus", "Lyon", "480.00", 1, json!({})),
        )
        .await;
    let (status, listing) = app
        .get(&format!("/api/v1/landlord/listings/{id}"), &landlord.token)
        .await;
    assert_eq!(status, Status::Ok, "{listing}");
    let unit = listing["data"]["rooms"][0]["unit_id"]
        .as_str()
        .expect("room unit")
        .to_owned();
    let property = listing["data"]["property_id"]
        .as_str()
        .expect("property")
        .to_owned();
    let (status, body) = app
        .delete(&format!("/api/v1/units/{unit}"), &landlord.token)
        .await;
    crate::common::assert_error(status, &body, Status::Conflict, "unit.has_listings");
    let (status, body) = app
        .delete(&format!("/api/v1/properties/{property}"), &landlord.token)
        .await;
    crate::common::assert_error(status, &body, Status::Conflict, "property.has_listings");
    // Nothing was deleted.
    assert_eq!(
        app.get(&format!("/api/v1/units/{unit}"), &landlord.token)
            .await
            .0,
        Status::Ok
    );
}

fn details(title: &str, city: &str, kind: &str) -> Value {
    json!({
        "title": title,
        "city": city,
        "address": "3 quai Saint-Antoine",
        "description": "Renovated",
        "type": kind,
        "availability_date": "2026-12-01",
        "requirements": {"guarantor_required_count": 1, "documents": ["rib"]},
    })
}

#[tokio::test]
async fn a_landlord_edits_a_listing_but_not_its_rooms() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let bob = app.landlord("Bob").await;
    let id = app
        .published_listing(
            &alice,
            listing_body("Studio", "Paris", "600.00", 2, json!({})),
        )
        .await;
    let path = format!("/api/v1/landlord/listings/{id}");
    let (_, before) = app.get(&path, &alice.token).await;
    let (status, body) = app
        .put(&path, &alice.token, details("Grand studio", "Lyon", "flat"))
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    let data = &body["data"];
    assert_eq!(data["title"], json!("Grand studio"));
    assert_eq!(data["city"], json!("Lyon"));
    assert_eq!(data["address"], json!("3 quai Saint-Antoine"));
    assert_eq!(data["description"], json!("Renovated"));
    assert_eq!(data["type"], json!("flat"));
    assert_eq!(data["availability_date"], json!("2026-12-01"));
    assert_eq!(
        data["requirements"],
        json!({"guarantor_required_count": 1, "income_min_multiplier": null, "documents": ["rib"]})
    );
    assert_eq!(data["status"], json!("published"));
    assert_eq!(data["rooms"], before["data"]["rooms"]);
    let (_, after) = app.get(&path, &alice.token).await;
    assert_eq!(after["data"], body["data"]);
    // The public search finds it under its new city and type.
    let (status, found) = search(&app, "?city=lyon&type=flat").await;
    assert_eq!(status, Status::Ok, "{found}");
    assert_eq!(titles(&found), vec!["Grand studio".to_owned()]);
    let (_, found) = search(&app, "?city=Paris").await;
    assert_eq!(titles(&found), Vec::<String>::new());

    // Every bad field at once; nothing changes.
    let (status, body) = app
        .put(
            &path,
            &alice.token,
            json!({"title": "", "city": "Lyon", "address": "1 rue", "type": "castle", "availability_date": "2026-02-30", "requirements": {"documents": ["selfie"]}}),
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
    assert_eq!(
        fields,
        vec![
            "title",
            "type",
            "availability_date",
            "requirements.documents[0]"
        ]
    );
    // Another organization's listing (or an unknown one) is not found; a renter may
    // not edit.
    let (status, body) = app
        .put(&path, &bob.token, details("Mine now", "Nice", "room"))
        .await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    let unknown = format!("/api/v1/landlord/listings/{}", uuid::Uuid::new_v4());
    let (status, body) = app
        .put(&unknown, &alice.token, details("X", "Nice", "room"))
        .await;
    assert_error(status, &body, Status::NotFound, "listing.not_found");
    let renter = app.renter("Rita").await;
    let (status, body) = app
        .put(&path, &renter.token, details("X", "Nice", "room"))
        .await;
    assert_eq!(status, Status::Forbidden, "{body}");
    let (_, unchanged) = app.get(&path, &alice.token).await;
    assert_eq!(unchanged["data"], after["data"]);

    // Closed: 409.
    let (status, body) = app
        .post(&format!("{path}/close"), &alice.token, json!({}))
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    let (status, body) = app
        .put(&path, &alice.token, details("Reopened?", "Lyon", "flat"))
        .await;
    assert_error(status, &body, Status::Conflict, "listing.closed");
    let (_, closed) = app.get(&path, &alice.token).await;
    assert_eq!(closed["data"]["title"], json!("Grand studio"));
}
