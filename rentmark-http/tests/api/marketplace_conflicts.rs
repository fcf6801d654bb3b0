//! Applications under stress: bad input answered 4xx (never 500) with nothing
//! written, and parallel confirmations of a room's last place through HTTP, of which
//! exactly one succeeds.

use std::sync::Arc;

use rocket::http::{Method, Status};
use serde_json::{Value, json};

use crate::common::{TestApp, assert_error, listing_body};
use crate::marketplace_applications::{act, applied, apply, apply_body};

#[tokio::test]
async fn bad_applications_are_4xx_never_500() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let listing = app
        .published_listing(
            &alice,
            listing_body("Room", "Paris", "500.00", 1, json!({})),
        )
        .await;
    let draft = app
        .draft_listing(
            &alice,
            listing_body("Draft", "Paris", "500.00", 1, json!({})),
        )
        .await;
    let rita = app.renter("Rita").await;
    let sam = app.renter("Sam").await;
    let sams_guarantor = app.guarantor(&sam, "Sam's", "1000.00").await;

    let many: Vec<String> = (0..51)
        .map(|i| format!("0190b3a4-0000-7000-8000-{i:012}"))
        .collect();
    let mut body = apply_body(&listing, &[]);
    body["guarantor_ids"] = json!(many);
    let cases: Vec<(Value, &str, &str)> = vec![
        (body, "guarantor_ids", "validation.too_many"),
        (
            json!({"listing_id": listing, "move_in_date": "2026-02-30", "duration_months": 6}),
            "move_in_date",
            "validation.invalid_date",
        ),
        (
            json!({"listing_id": listing, "move_in_date": "15/12/2026", "duration_months": 6}),
            "move_in_date",
            "validation.invalid_date",
        ),
        (
            json!({"listing_id": listing, "move_in_date": "2026-11-01", "duration_months": 6}),
            "move_in_date",
            "validation.out_of_range",
        ),
        (
            json!({"listing_id": listing, "move_in_date": "2026-12-01", "duration_months": 0}),
            "duration_months",
            "validation.out_of_range",
        ),
        (
            json!({"listing_id": listing, "move_in_date": "2026-12-01", "duration_months": 24}),
            "duration_months",
            "validation.out_of_range",
        ),
        (
            json!({"listing_id": listing, "move_in_date": "2026-12-01"}),
            "duration_months",
            "validation.out_of_range",
        ),
        (
            json!({"listing_id": "nope", "move_in_date": "2026-12-01", "duration_months": 6}),
            "listing_id",
            "validation.unknown_reference",
        ),
        (
            json!({"listing_id": listing, "move_in_date": "2026-12-01", "duration_months": 6, "profile_overrides": {"birth_date": "2030-01-01"}}),
            "profile_overrides.birth_date",
            "validation.out_of_range",
        ),
    ];
    for (body, field, code) in cases {
        let (status, answer) = apply(&app, &rita, body.clone()).await;
        assert_error(
            status,
            &answer,
            Status::UnprocessableEntity,
            "error.validation",
        );
        let fields = answer["error"]["fields"].as_array().expect("fields");
        assert!(
            fields
                .iter()
                .any(|f| f["field"] == json!(field) && f["code"] == json!(code)),
            "{body} -> {answer}"
        );
    }
    for (body, code) in [
        (
            apply_body("0190b3a4-0000-7000-8000-000000000001", &[]),
            "listing.not_found",
        ),
        (apply_body(&draft, &[]), "listing.not_found"),
        (
            apply_body(&listing, &["0190b3a4-0000-7000-8000-000000000002"]),
            "guarantor.not_found",
        ),
        (
            apply_body(&listing, &[&sams_guarantor]),
            "guarantor.not_found",
        ),
        (
            json!({"listing_id": listing, "room_id": "0190b3a4-0000-7000-8000-000000000003", "move_in_date": "2026-12-01", "duration_months": 6}),
            "room.not_found",
        ),
    ] {
        let (status, answer) = apply(&app, &rita, body).await;
        assert_error(status, &answer, Status::NotFound, code);
    }
    let (status, answer) = app
        .call(
            Method::Post,
            "/api/v1/tenant/applications",
            Some(&rita.token),
            None,
        )
        .await;
    assert_eq!(status, Status::BadRequest, "{answer}");
    let (status, answer) = apply(
        &app,
        &rita,
        json!({"listing_id": listing, "duration_months": "six"}),
    )
    .await;
    assert_error(
        status,
        &answer,
        Status::UnprocessableEntity,
        "error.validation",
    );
    for action in ["withdraw", "accept"] {
        let token = if action == "withdraw" {
            &rita.token
        } else {
            &alice.token
        };
        let (status, body) = act(&app, token, "0190b3a4-0000-7000-8000-000000000004", action).await;
        assert_error(status, &body, Status::NotFound, "application.not_found");
        let (status, body) = act(&app, token, "nope", action).await;
        assert_error(status, &body, Status::BadRequest, "error.bad_request");
    }
    // Nothing above was written.
    let (_, mine) = app.get("/api/v1/tenant/applications", &rita.token).await;
    assert_eq!(mine["data"]["total"], json!(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_confirmations_of_the_last_place_confirm_exactly_one() {
    let app = Arc::new(TestApp::spawn().await);
    let alice = app.landlord("Alice").await;
    let listing = app
        .published_listing(
            &alice,
            listing_body("Last room", "Paris", "500.00", 1, json!({})),
        )
        .await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let renter = app.renter(&format!("Renter{i}")).await;
        let id = applied(&app, &renter, apply_body(&listing, &[])).await;
        let (status, body) = act(&app, &alice.token, &id, "accept").await;
        assert_eq!(status, Status::Ok, "{body}");
        ids.push(id);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let app = app.clone();
            let token = alice.token.clone();
            let id = id.clone();
            tokio::spawn(async move { act(&app, &token, &id, "confirm").await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    let confirmed: Vec<_> = answers.iter().filter(|(s, _)| *s == Status::Ok).collect();
    assert_eq!(confirmed.len(), 1, "{answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != Status::Ok) {
        assert_eq!(*status, Status::Conflict, "{body}");
        let code = body["error"]["code"].as_str().expect("code");
        assert!(
            ["room.filled", "application.invalid_transition"].contains(&code),
            "{body}"
        );
    }
    let winner = confirmed[0].1["data"]["id"].clone();
    let (_, list) = app
        .get(
            &format!("/api/v1/landlord/applications?listing_id={listing}&limit=100"),
            &alice.token,
        )
        .await;
    for row in list["data"]["results"].as_array().expect("rows") {
        if row["id"] == winner {
            assert_eq!(row["status"], json!("confirmed"));
        } else {
            assert_eq!(row["status"], json!("rejected"), "{row}");
            assert_eq!(row["reason"], json!("room_taken"), "{row}");
        }
    }
    let (_, mine) = app
        .get(
            &format!("/api/v1/landlord/listings/{listing}"),
            &alice.token,
        )
        .await;
    assert_eq!(mine["data"]["rooms"][0]["occupied"], json!(1));
    assert_eq!(mine["data"]["status"], json!("closed"));
}
