//! Odd strings (see `odd_strings.rs`) in the marketplace's and the accounts' routes:
//! listings, the renter's profile, guarantors, documents and applications, sign-up,
//! sign-in and the landlord's profile.

use rocket::http::{Method, Status};
use serde_json::{Value, json};

use crate::common::{TestApp, listing_body};
use crate::odd_strings::{
    EMAIL_STORED, MULTI_LINE_STORED, NOTHING, ONE_LINE_STORED, Outcome, Target, id, odd_values,
    probe, probe_all,
};

#[tokio::test]
async fn listings_store_odd_text_verbatim_or_refuse_it() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Odd Listings").await;
    let token = landlord.token.as_str();
    let body = listing_body("Titre", "Paris", "500.00", 1, json!({}));
    let listing = app.draft_listing(&landlord, body.clone()).await;
    let list = "/api/v1/landlord/listings?limit=100";
    let one = format!("/api/v1/landlord/listings/{listing}");
    for (field, expected) in [
        ("/title", ONE_LINE_STORED),
        ("/city", ONE_LINE_STORED),
        ("/address", ONE_LINE_STORED),
        ("/description", MULTI_LINE_STORED),
        ("/rooms/0/name", ONE_LINE_STORED),
        ("/type", NOTHING),
        ("/availability_date", NOTHING),
        ("/rooms/0/rent_eur", NOTHING),
    ] {
        let create = Target::new(
            Method::Post,
            "/api/v1/landlord/listings",
            token,
            body.clone(),
            field,
        )
        .unchanged(list)
        .read(
            |data| format!("/api/v1/landlord/listings/{}", id(data)),
            field,
        );
        assert_eq!(probe_all(&app, &create).await, expected, "POST {field}");
    }
    let mut details = body.clone();
    if let Some(object) = details.as_object_mut() {
        object.remove("rooms");
    }
    for (field, expected) in [
        ("/title", ONE_LINE_STORED),
        ("/city", ONE_LINE_STORED),
        ("/address", ONE_LINE_STORED),
        ("/description", MULTI_LINE_STORED),
        ("/type", NOTHING),
    ] {
        let update = Target::new(Method::Put, &one, token, details.clone(), field)
            .unchanged(one.clone())
            .read(|_| one.clone(), field);
        assert_eq!(probe_all(&app, &update).await, expected, "PUT {field}");
    }
}

#[tokio::test]
async fn a_renter_s_dossier_stores_odd_text_verbatim_or_refuses_it() {
    let app = TestApp::spawn().await;
    let renter = app.renter("Odd Renter").await;
    let token = renter.token.as_str();
    let me = "/api/v1/users/me";
    for field in [
        "first_name",
        "last_name",
        "phone",
        "nationality",
        "education",
    ] {
        let pointer = format!("/{field}");
        let read = format!("/profile/{field}");
        let update = Target::new(Method::Put, me, token, json!({ field: "Base" }), &pointer)
            .unchanged(me)
            .read(|_| me.to_owned(), &read);
        assert_eq!(probe_all(&app, &update).await, ONE_LINE_STORED, "{field}");
    }

    let guarantors = "/api/v1/tenant/guarantors?limit=100";
    let body = json!({"first_name": "Paul", "last_name": "Martin", "relation": "parent", "email": "parent@mail.test", "phone": "0611223344", "income_eur": "2500.00", "nationality": "French", "birth_date": "1970-05-01"});
    let existing = app.guarantor(&renter, "Base", "2500.00").await;
    let one = format!("/api/v1/tenant/guarantors/{existing}");
    for (field, expected) in [
        ("/first_name", ONE_LINE_STORED),
        ("/last_name", ONE_LINE_STORED),
        ("/relation", ONE_LINE_STORED),
        ("/phone", ONE_LINE_STORED),
        ("/nationality", ONE_LINE_STORED),
        ("/income_eur", NOTHING),
        ("/birth_date", NOTHING),
    ] {
        let create = Target::new(
            Method::Post,
            "/api/v1/tenant/guarantors",
            token,
            body.clone(),
            field,
        )
        .unchanged(guarantors)
        .read(
            |data| format!("/api/v1/tenant/guarantors/{}", id(data)),
            field,
        );
        assert_eq!(probe_all(&app, &create).await, expected, "POST {field}");
        let update = Target::new(Method::Put, &one, token, body.clone(), field)
            .unchanged(one.clone())
            .read(|_| one.clone(), field);
        assert_eq!(probe_all(&app, &update).await, expected, "PUT {field}");
    }
    let mut stored = Vec::new();
    for (n, (name, value)) in odd_values().into_iter().enumerate() {
        // Addresses are lower-cased by design: that is the value kept.
        let email = format!("g{n}.{}@mail.test", value.to_lowercase());
        let create = Target::new(
            Method::Post,
            "/api/v1/tenant/guarantors",
            token,
            body.clone(),
            "/email",
        )
        .unchanged(guarantors)
        .read(
            |data| format!("/api/v1/tenant/guarantors/{}", id(data)),
            "/email",
        );
        if probe(&app, &create, name, &email).await == Outcome::Stored {
            stored.push(name);
        }
    }
    assert_eq!(stored, EMAIL_STORED);

    let documents = "/api/v1/documents";
    let presign = json!({"filename": "piece.pdf", "content_type": "application/pdf", "size_bytes": 1000, "kind": "id_card", "scope": "profile"});
    for (field, expected) in [
        ("/filename", ONE_LINE_STORED),
        ("/content_type", NOTHING),
        ("/kind", NOTHING),
        ("/scope", NOTHING),
    ] {
        let target = Target::new(
            Method::Post,
            "/api/v1/documents/presign",
            token,
            presign.clone(),
            field,
        )
        .unchanged(documents)
        .read(
            |data| {
                let file = data["file_id"].as_str().expect("a file id");
                format!("/api/v1/documents/{file}")
            },
            field,
        );
        assert_eq!(probe_all(&app, &target).await, expected, "{field}");
    }
}

#[tokio::test]
async fn applications_store_odd_overrides_verbatim_or_refuse_them() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Odd Applications").await;
    let renter = app.renter("Odd Applicant").await;
    let token = renter.token.as_str();
    let mut listings = Vec::new();
    for (field, expected) in [
        ("first_name", ONE_LINE_STORED),
        ("last_name", ONE_LINE_STORED),
        ("phone", ONE_LINE_STORED),
        ("nationality", ONE_LINE_STORED),
        ("education", ONE_LINE_STORED),
    ] {
        let pointer = format!("/profile_overrides/{field}");
        let mut stored = Vec::new();
        for (name, value) in odd_values() {
            // A listing for each value: a renter applies once to a listing.
            let listing = app
                .published_listing(
                    &landlord,
                    listing_body("Chambre", "Lille", "400.00", 2, json!({})),
                )
                .await;
            listings.push(listing.clone());
            let body = json!({"listing_id": listing, "move_in_date": "2026-12-01", "duration_months": 6, "guarantor_ids": [], "profile_overrides": {field: "Base"}});
            let target = Target::new(
                Method::Post,
                "/api/v1/tenant/applications",
                token,
                body,
                &pointer,
            )
            .unchanged("/api/v1/tenant/applications?limit=100")
            .read(
                |data| format!("/api/v1/applications/{}", id(data)),
                &pointer,
            );
            if probe(&app, &target, name, &value).await == Outcome::Stored {
                stored.push(name);
            }
        }
        assert_eq!(stored, expected, "{field}");
    }
}

#[tokio::test]
async fn accounts_store_odd_text_verbatim_or_refuse_it() {
    let app = TestApp::spawn().await;
    for (field, expected) in [
        ("/email", EMAIL_STORED),
        ("/org_name", ONE_LINE_STORED),
        // A password is never stored as text (only its hash): any character may be
        // in one, the length is what counts (10-128).
        (
            "/password",
            &["RTL mark", "combining", "emoji ZWJ sequences"][..],
        ),
    ] {
        let mut stored = Vec::new();
        for (n, (name, value)) in odd_values().into_iter().enumerate() {
            let email = format!("s{n}.{}@example.test", field.trim_start_matches('/'));
            let mut body = json!({"email": email, "password": "correct horse battery", "role": "landlord", "org_name": "Agence"});
            let sent = if field == "/email" {
                // Addresses are lower-cased by design: that is the value kept.
                format!("s{n}.{}@example.test", value.to_lowercase())
            } else {
                value.clone()
            };
            let read = match field {
                "/email" => "/email",
                "/org_name" => "/organizations/0/name",
                _ => "/role",
            };
            let mut target =
                Target::new(Method::Post, "/api/v1/auth/signup", "", body.clone(), field);
            target.token = None;
            if field != "/password" {
                target = target.read(|_| "/api/v1/users/me".to_owned(), read);
            }
            let outcome = probe(&app, &target, name, &sent).await;
            // Signing in with what was sent works only when the account was made.
            *body.pointer_mut(field).expect("the field") = Value::String(sent);
            let login = json!({"email": body["email"], "password": body["password"]});
            let (status, answer) = app
                .call(Method::Post, "/api/v1/auth/login", None, Some(login))
                .await;
            match outcome {
                Outcome::Stored => {
                    assert_eq!(status, Status::Ok, "{field} = {name}: {answer}");
                    stored.push(name);
                }
                Outcome::Refused => {
                    assert!(
                        status.class().is_client_error(),
                        "{field} = {name}: {status}"
                    );
                }
            }
        }
        assert_eq!(stored, expected, "{field}");
    }
    for field in ["/email", "/password"] {
        let mut target = Target::new(
            Method::Post,
            "/api/v1/auth/login",
            "",
            json!({"email": "nobody@example.test", "password": "correct horse battery"}),
            field,
        );
        target.token = None;
        assert_eq!(probe_all(&app, &target).await, NOTHING, "{field}");
    }

    let landlord = app.landlord("Odd Landlord").await;
    let me = "/api/v1/users/me";
    for (field, read) in [
        ("org_name", "/organizations/0/name"),
        ("contact_name", "/profile/contact_name"),
        ("phone", "/profile/phone"),
    ] {
        let pointer = format!("/{field}");
        let update = Target::new(
            Method::Put,
            me,
            &landlord.token,
            json!({ field: "Base" }),
            &pointer,
        )
        .unchanged(me)
        .read(|_| me.to_owned(), read);
        assert_eq!(probe_all(&app, &update).await, ONE_LINE_STORED, "{field}");
    }
}
