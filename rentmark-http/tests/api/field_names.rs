//! Every field comes back under the name it was sent (issue 18): where API.md is
//! silent, the seeds' schema names are the canonical ones (tenant `name`, guarantor
//! `relation`, unit `baths` as a decimal string); a documented alias is accepted on
//! input, and an answer carries one name per field.

use rocket::http::Status;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_error};

/// Names that mean one field: an answer may carry at most one of each group.
const SYNONYMS: &[&[&str]] = &[
    &["name", "full_name"],
    &["relation", "relationship"],
    &["baths", "bathrooms"],
    &["tenant_ids", "tenants"],
    &["shares", "share_percent"],
];

/// Fails when any object in `value` carries two names of one field.
fn one_name_per_field(value: &Value) {
    match value {
        Value::Object(map) => {
            for group in SYNONYMS {
                let present: Vec<&&str> = group.iter().filter(|n| map.contains_key(**n)).collect();
                assert!(present.len() <= 1, "{present:?} in one object: {value}");
            }
            map.values().for_each(one_name_per_field);
        }
        Value::Array(items) => items.iter().for_each(one_name_per_field),
        _ => {}
    }
}

fn field_errors(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| f["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_tenant_is_answered_as_name_whichever_name_was_sent() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    for (sent, name) in [("name", "Zoé Martin"), ("full_name", "Yanis Petit")] {
        let (status, body) = app
            .post("/api/v1/tenants", &landlord.token, json!({ sent: name }))
            .await;
        assert_eq!(status, Status::Created, "{body}");
        assert_eq!(body["data"]["name"], json!(name), "sent as {sent}");
        assert!(body["data"].get("full_name").is_none(), "{body}");
        one_name_per_field(&body);
        let id = body["data"]["id"].as_str().expect("an id").to_owned();

        // Updated through the alias or the name, read back as `name`.
        let (status, body) = app
            .put(
                &format!("/api/v1/tenants/{id}"),
                &landlord.token,
                json!({ sent: format!("{name} II") }),
            )
            .await;
        assert_eq!(status, Status::Ok, "{body}");
        assert_eq!(body["data"]["name"], json!(format!("{name} II")));
        let (_, body) = app
            .get(&format!("/api/v1/tenants/{id}"), &landlord.token)
            .await;
        assert_eq!(body["data"]["name"], json!(format!("{name} II")));
        one_name_per_field(&body);
    }
    let (status, body) = app.get("/api/v1/tenants", &landlord.token).await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["total"], json!(2));
    one_name_per_field(&body);

    // A missing name is reported under the canonical name.
    let (status, body) = app
        .post(
            "/api/v1/tenants",
            &landlord.token,
            json!({"email": "x@mail.test"}),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(field_errors(&body), vec!["name"]);
}

#[tokio::test]
async fn baths_go_in_and_come_out_as_a_decimal_string() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    let property = app.property(&landlord, "Les Lilas").await;
    let path = format!("/api/v1/properties/{property}/units");
    for (sent, answered) in [
        (json!("1.5"), "1.5"),
        (json!("2"), "2.0"),
        (json!(0.5), "0.5"),
        (json!(3), "3.0"),
    ] {
        let (status, body) = app
            .post(
                &path,
                &landlord.token,
                json!({"name": format!("Unit {sent}"), "baths": sent, "rent": "600.00"}),
            )
            .await;
        assert_eq!(status, Status::Created, "{body}");
        assert_eq!(body["data"]["baths"], json!(answered), "sent {sent}");
        one_name_per_field(&body);
        let id = body["data"]["id"].as_str().expect("an id").to_owned();
        let (_, body) = app
            .get(&format!("/api/v1/units/{id}"), &landlord.token)
            .await;
        assert_eq!(body["data"]["baths"], json!(answered));
    }
    // A bad decimal is a 422 on its field, not a malformed body.
    for bad in [json!("1,5"), json!("one"), json!("1.25"), json!(-1)] {
        let (status, body) = app
            .post(
                &path,
                &landlord.token,
                json!({"name": "Bad", "baths": bad, "rent": "600.00"}),
            )
            .await;
        assert_error(
            status,
            &body,
            Status::UnprocessableEntity,
            "error.validation",
        );
        assert_eq!(field_errors(&body), vec!["baths"], "{bad}");
    }
}

#[tokio::test]
async fn a_guarantor_is_answered_with_relation() {
    let app = TestApp::spawn().await;
    let renter = app.renter("Léa").await;
    let (status, body) = app
        .post(
            "/api/v1/tenant/guarantors",
            &renter.token,
            json!({"first_name": "Paul", "last_name": "Martin", "relation": "parent", "income_eur": "3000.00"}),
        )
        .await;
    assert_eq!(status, Status::Created, "{body}");
    assert_eq!(body["data"]["relation"], json!("parent"));
    one_name_per_field(&body);
    let (status, body) = app.get("/api/v1/tenant/guarantors", &renter.token).await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["results"][0]["relation"], json!("parent"));
    one_name_per_field(&body);
}

#[tokio::test]
async fn answers_with_tenants_in_them_carry_one_name_per_field() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "700.00", "2026-01-01").await;
    for path in [
        "/api/v1/dashboard".to_owned(),
        format!("/api/v1/tenants/{}", p.tenant),
        format!("/api/v1/tenants/{}/balance", p.tenant),
        format!("/api/v1/leases/{}", p.lease),
        format!("/api/v1/leases/{}/ledger", p.lease),
        format!("/api/v1/units/{}/history", p.unit),
        "/api/v1/leases".to_owned(),
        "/api/v1/payments".to_owned(),
    ] {
        let (status, body) = app.get(&path, &p.landlord.token).await;
        assert_eq!(status, Status::Ok, "{path}: {body}");
        one_name_per_field(&body);
    }
}
