use rentmark_domain::ids::{OrgId, UserId};
use rentmark_domain::org::Role;
use rentmark_domain::ports::AccountRepository;
use rocket::http::{Header, Method, Status};
use serde_json::json;

use crate::common::{TestApp, assert_error};

#[tokio::test]
async fn properties_crud_with_pagination() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    for name in ["Zeta", "Alpha", "Mu"] {
        app.property(&landlord, name).await;
    }
    let (status, body) = app
        .get("/api/v1/properties?page=1&limit=2", &landlord.token)
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["total"], json!(3));
    assert_eq!(body["data"]["page"], json!(1));
    assert_eq!(body["data"]["limit"], json!(2));
    let names: Vec<&str> = body["data"]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, vec!["Alpha", "Mu"]);

    let id = body["data"]["results"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let (status, body) = app
        .put(&format!("/api/v1/properties/{id}"), &landlord.token, json!({"name": "Alpha 2", "address": "2 rue X", "city": "Lyon", "description": "Near the station"}))
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["city"], json!("Lyon"));
    let (_, body) = app
        .get(&format!("/api/v1/properties/{id}"), &landlord.token)
        .await;
    assert_eq!(body["data"]["name"], json!("Alpha 2"));
    assert_eq!(body["data"]["description"], json!("Near the station"));

    let (status, _) = app
        .delete(&format!("/api/v1/properties/{id}"), &landlord.token)
        .await;
    assert_eq!(status, Status::Ok);
    let (status, body) = app
        .get(&format!("/api/v1/properties/{id}"), &landlord.token)
        .await;
    assert_error(status, &body, Status::NotFound, "property.not_found");
}

#[tokio::test]
async fn pagination_limits_are_checked() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    for query in ["limit=101", "limit=0", "page=0", "limit=abc", "page=-1"] {
        let (status, body) = app
            .get(&format!("/api/v1/properties?{query}"), &landlord.token)
            .await;
        assert_error(
            status,
            &body,
            Status::UnprocessableEntity,
            "error.validation",
        );
    }
}

#[tokio::test]
async fn batch_create_and_delete_are_all_or_nothing() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    let (status, body) = app
        .post(
            "/api/v1/properties/batch",
            &landlord.token,
            json!({"items": [{"name": "A", "address": "a", "city": "Paris"}, {"name": "", "address": "b", "city": "Paris"}]}),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(body["error"]["fields"][0]["field"], json!("items[1].name"));
    assert_eq!(
        app.get("/api/v1/properties", &landlord.token).await.1["data"]["total"],
        json!(0)
    );

    let (status, body) = app
        .post(
            "/api/v1/properties/batch",
            &landlord.token,
            json!({"items": [{"name": "A", "address": "a", "city": "Paris"}, {"name": "B", "address": "b", "city": "Nice"}]}),
        )
        .await;
    assert_eq!(status, Status::Created, "{body}");
    let ids: Vec<String> = body["data"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(ids.len(), 2);

    let other = app.landlord("Mallory").await;
    let foreign = app.property(&other, "Not yours").await;
    let (status, body) = app
        .call(
            Method::Delete,
            "/api/v1/properties/batch",
            Some(&landlord.token),
            Some(json!({"ids": [ids[0], foreign]})),
        )
        .await;
    assert_error(status, &body, Status::NotFound, "property.not_found");
    assert_eq!(
        app.get("/api/v1/properties", &landlord.token).await.1["data"]["total"],
        json!(2)
    );
    assert_eq!(
        app.get(&format!("/api/v1/properties/{foreign}"), &other.token)
            .await
            .0,
        Status::Ok
    );

    let (status, body) = app
        .call(
            Method::Delete,
            "/api/v1/properties/batch",
            Some(&landlord.token),
            Some(json!({"ids": ids})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["deleted"], json!(2));
    assert_eq!(
        app.get("/api/v1/properties", &landlord.token).await.1["data"]["total"],
        json!(0)
    );
}

#[tokio::test]
async fn another_organizations_ids_are_not_found() {
    let app = TestApp::spawn().await;
    let theirs = app.portfolio("Alice", "800.00", "2026-09-01").await;
    let mallory = app.landlord("Mallory").await;
    let t = &mallory.token;
    let checks = [
        (
            Method::Get,
            format!("/api/v1/properties/{}", theirs.property),
            None,
            "property.not_found",
        ),
        (
            Method::Put,
            format!("/api/v1/properties/{}", theirs.property),
            Some(json!({"name": "x", "address": "x", "city": "x"})),
            "property.not_found",
        ),
        (
            Method::Delete,
            format!("/api/v1/properties/{}", theirs.property),
            None,
            "property.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/properties/{}/units", theirs.property),
            None,
            "property.not_found",
        ),
        (
            Method::Post,
            format!("/api/v1/properties/{}/units", theirs.property),
            Some(json!({"name": "x", "rent": "100"})),
            "property.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/units/{}", theirs.unit),
            None,
            "unit.not_found",
        ),
        (
            Method::Put,
            format!("/api/v1/units/{}", theirs.unit),
            Some(json!({"name": "x", "rent": "100"})),
            "unit.not_found",
        ),
        (
            Method::Delete,
            format!("/api/v1/units/{}", theirs.unit),
            None,
            "unit.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/units/{}/history", theirs.unit),
            None,
            "unit.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/tenants/{}", theirs.tenant),
            None,
            "tenant.not_found",
        ),
        (
            Method::Put,
            format!("/api/v1/tenants/{}", theirs.tenant),
            Some(json!({"name": "x"})),
            "tenant.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/tenants/{}/balance", theirs.tenant),
            None,
            "tenant.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/leases/{}", theirs.lease),
            None,
            "lease.not_found",
        ),
        (
            Method::Put,
            format!("/api/v1/leases/{}", theirs.lease),
            Some(json!({"rent": "1.00"})),
            "lease.not_found",
        ),
        (
            Method::Post,
            format!("/api/v1/leases/{}/end", theirs.lease),
            Some(json!({"end_date": "2026-12-31"})),
            "lease.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/leases/{}/ledger", theirs.lease),
            None,
            "lease.not_found",
        ),
        (
            Method::Get,
            format!("/api/v1/dashboard?property_id={}", theirs.property),
            None,
            "property.not_found",
        ),
        (
            Method::Post,
            "/api/v1/payments".to_owned(),
            Some(
                json!({"lease_id": theirs.lease, "tenant_id": theirs.tenant, "amount": "10", "paid_on": "2026-11-02", "method": "cash"}),
            ),
            "lease.not_found",
        ),
        (
            Method::Post,
            "/api/v1/leases".to_owned(),
            Some(
                json!({"unit_id": theirs.unit, "tenant_ids": [theirs.tenant], "rent": "10", "start_date": "2026-12-01"}),
            ),
            "unit.not_found",
        ),
    ];
    for (method, path, body, code) in checks {
        let (status, answer) = app.call(method, &path, Some(t), body).await;
        assert_error(status, &answer, Status::NotFound, code);
    }
    // Lists never show another organization's rows.
    for path in [
        "/api/v1/properties",
        "/api/v1/tenants",
        "/api/v1/leases",
        "/api/v1/payments",
    ] {
        let (status, body) = app.get(path, t).await;
        assert_eq!(status, Status::Ok, "{path}: {body}");
        assert_eq!(body["data"]["total"], json!(0), "{path}: {body}");
    }
    // And nothing was changed for the owner.
    let (_, unit) = app
        .get(
            &format!("/api/v1/units/{}", theirs.unit),
            &theirs.landlord.token,
        )
        .await;
    assert_eq!(unit["data"]["name"], json!("Apt 1"));
}

#[tokio::test]
async fn malformed_ids_are_400() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    for path in [
        "/api/v1/properties/not-a-uuid",
        "/api/v1/units/123",
        "/api/v1/leases/x/ledger",
        "/api/v1/payments?lease_id=zzz",
    ] {
        let (status, body) = app.get(path, &landlord.token).await;
        assert_error(status, &body, Status::BadRequest, "error.bad_request");
    }
}

#[tokio::test]
async fn units_validate_amounts_and_keep_history() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    let property = app.property(&landlord, "House").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/properties/{property}/units"),
            &landlord.token,
            json!({"name": "A", "rent": "12.345", "charges": "-1", "capacity": 0}),
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
        .map(|f| f["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, vec!["capacity", "rent", "charges"]);

    let unit = app.unit(&landlord, &property, "A", "650.50").await;
    let (_, body) = app
        .get(&format!("/api/v1/units/{unit}"), &landlord.token)
        .await;
    assert_eq!(body["data"]["rent"], json!("650.50"));
    assert_eq!(body["data"]["charges"], json!("50.00"));

    let first = app.tenant(&landlord, "First Renter").await;
    let second = app.tenant(&landlord, "Second Renter").await;
    let lease = app
        .lease(&landlord, &unit, &[&first, &second], "650.50", "2026-09-01")
        .await;
    let (status, body) = app
        .post(
            &format!("/api/v1/leases/{}/end", lease["id"].as_str().expect("id")),
            &landlord.token,
            json!({"end_date": "2026-10-31"}),
        )
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    let (_, history) = app
        .get(&format!("/api/v1/units/{unit}/history"), &landlord.token)
        .await;
    let rows = history["data"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!(row["move_in"], json!("2026-09-01"));
        assert_eq!(row["move_out"], json!("2026-10-31"));
        assert_eq!(row["active"], json!(false));
    }
    // A unit with a lease cannot be deleted; its property neither.
    let (status, body) = app
        .delete(&format!("/api/v1/units/{unit}"), &landlord.token)
        .await;
    assert_error(status, &body, Status::Conflict, "unit.has_leases");
    let (status, body) = app
        .delete(&format!("/api/v1/properties/{property}"), &landlord.token)
        .await;
    assert_error(status, &body, Status::Conflict, "property.has_leases");
}

#[tokio::test]
async fn roles_limit_what_members_may_do_and_x_org_id_picks_the_organization() {
    let app = TestApp::spawn().await;
    let owner = app.landlord("Alice").await;
    let property = app.property(&owner, "House").await;
    let viewer = app.landlord("Victor").await;
    let org = OrgId::from_uuid(owner.org_id.parse().expect("uuid"));
    let user = UserId::from_uuid(viewer.user_id.parse().expect("uuid"));
    app.store
        .set_membership(org, user, Role::Viewer)
        .await
        .expect("membership");

    let as_viewer = |method: Method, path: &str| {
        app.client
            .req(method, path.to_owned())
            .header(Header::new(
                "Authorization",
                format!("Bearer {}", viewer.token),
            ))
            .header(Header::new("X-Org-Id", owner.org_id.clone()))
            .header(rocket::http::ContentType::JSON)
    };
    let response = as_viewer(Method::Get, &format!("/api/v1/properties/{property}"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let response = as_viewer(Method::Post, "/api/v1/properties")
        .body(json!({"name": "x", "address": "x", "city": "x"}).to_string())
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Forbidden);
    let body: serde_json::Value =
        serde_json::from_str(&response.into_string().await.unwrap_or_default()).expect("json");
    assert_eq!(body["error"]["code"], json!("error.forbidden"));
    // Without the header the viewer acts in their own organization.
    assert_eq!(
        app.get(&format!("/api/v1/properties/{property}"), &viewer.token)
            .await
            .0,
        Status::NotFound
    );
    // An organization they are not in is 404; a malformed header 400.
    let stranger = app.landlord("Stranger").await;
    let response = app
        .client
        .get("/api/v1/properties")
        .header(Header::new(
            "Authorization",
            format!("Bearer {}", stranger.token),
        ))
        .header(Header::new("X-Org-Id", owner.org_id.clone()))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::NotFound);
    let response = app
        .client
        .get("/api/v1/properties")
        .header(Header::new(
            "Authorization",
            format!("Bearer {}", stranger.token),
        ))
        .header(Header::new("X-Org-Id", "nope"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::BadRequest);
}
