//! The caller's own account: profile updates (per role, partial, with the
//! organization rename). The export and the erasure are in `users_data`.

use rentmark_domain::ids::{OrgId, UserId};
use rentmark_domain::org::Role;
use rentmark_domain::ports::{AccountRepository, TenantRepository};
use rentmark_domain::tenant::{Tenant, TenantDetails};
use rentmark_domain::user::Email;
use rocket::http::{ContentType, Header, Method, Status};
use serde_json::{Value, json};

use crate::common::{Landlord, TestApp, assert_error, default_now};

pub(crate) const PASSWORD: &str = "correct horse battery";

/// Signs a renter up through the API.
pub(crate) async fn renter(app: &TestApp, name: &str) -> Landlord {
    let email = format!("{}@renter.test", name.to_lowercase());
    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/auth/signup",
            None,
            Some(json!({"email": email, "password": PASSWORD, "role": "tenant"})),
        )
        .await;
    assert_eq!(status, Status::Created, "{body}");
    Landlord {
        token: body["data"]["token"].as_str().expect("token").to_owned(),
        org_id: String::new(),
        user_id: body["data"]["user_id"].as_str().expect("id").to_owned(),
        email,
    }
}

pub(crate) fn user_id(who: &Landlord) -> UserId {
    who.user_id.parse().expect("a user id")
}

/// A tenant record of `landlord`'s organization linked to `user`'s account.
pub(crate) async fn linked_tenant(
    app: &TestApp,
    landlord: &Landlord,
    name: &str,
    user: &Landlord,
) -> String {
    let org: OrgId = landlord.org_id.parse().expect("an org id");
    let tenant = Tenant::new(
        org,
        TenantDetails {
            full_name: name.into(),
            email: Some(Email::parse(&user.email).expect("an address")),
            phone: None,
        },
        Some(user_id(user)),
        default_now(),
    );
    app.store.create_tenant(&tenant).await.expect("a tenant");
    tenant.id.to_string()
}

/// `PUT /users/me`, optionally with `X-Org-Id`.
pub(crate) async fn put_me(
    app: &TestApp,
    who: &Landlord,
    org: Option<&str>,
    body: Value,
) -> (Status, Value) {
    let mut request = app
        .client
        .put("/api/v1/users/me")
        .header(ContentType::JSON)
        .header(Header::new(
            "Authorization",
            format!("Bearer {}", who.token),
        ))
        .body(body.to_string());
    if let Some(org) = org {
        request = request.header(Header::new("X-Org-Id", org.to_owned()));
    }
    let response = request.dispatch().await;
    let status = response.status();
    let text = response.into_string().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(json!({"raw": text})),
    )
}

fn fields(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or("").to_owned(),
                f["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_renter_updates_their_profile_partially() {
    let app = TestApp::spawn().await;
    let lea = renter(&app, "Lea").await;
    let (status, me) = app.get("/api/v1/users/me", &lea.token).await;
    assert_eq!(status, Status::Ok, "{me}");
    assert_eq!(me["data"]["profile"]["first_name"], Value::Null);
    assert_eq!(me["data"]["organizations"], json!([]));

    let (status, put) = put_me(
        &app,
        &lea,
        None,
        json!({"first_name": " Léa ", "last_name": "Martin", "phone": "+33 6 12 34 56 78",
               "nationality": "française", "birth_date": "2004-02-29",
               "education": "Master 1, Sorbonne", "budget_eur": "650.5"}),
    )
    .await;
    assert_eq!(status, Status::Ok, "{put}");
    let expected = json!({
        "display_name": null, "first_name": "Léa", "last_name": "Martin",
        "phone": "+33 6 12 34 56 78", "nationality": "française", "birth_date": "2004-02-29",
        "education": "Master 1, Sorbonne", "budget_eur": "650.50"
    });
    assert_eq!(put["data"]["profile"], expected);
    let (_, me) = app.get("/api/v1/users/me", &lea.token).await;
    assert_eq!(me["data"], put["data"], "PUT answers what GET shows");
    assert_eq!(me["data"]["email"], json!("lea@renter.test"));
    assert_eq!(me["data"]["role"], json!("tenant"));

    // Absent fields keep their value; null and "" clear.
    let (status, put) = put_me(
        &app,
        &lea,
        None,
        json!({"phone": null, "budget_eur": "", "last_name": "Dubois"}),
    )
    .await;
    assert_eq!(status, Status::Ok, "{put}");
    let profile = &put["data"]["profile"];
    assert_eq!(profile["first_name"], json!("Léa"));
    assert_eq!(profile["last_name"], json!("Dubois"));
    assert_eq!(profile["phone"], Value::Null);
    assert_eq!(profile["budget_eur"], Value::Null);
    assert_eq!(profile["birth_date"], json!("2004-02-29"));
}

#[tokio::test]
async fn bad_profile_values_are_refused_field_by_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let lea = renter(&app, "Lea").await;
    let alice = app.landlord("Alice").await;
    put_me(&app, &lea, None, json!({"first_name": "Léa"})).await;

    // 2026-11-15: born 2010-11-16 is one day short of 16. (Errors come in body
    // order, which `json!` sorts by key.)
    let (status, body) = put_me(
        &app,
        &lea,
        None,
        json!({"birth_date": "2010-11-16", "budget_eur": "-10", "org_name": "Mine",
               "first_name": 42, "shoe_size": "42"}),
    )
    .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(
        fields(&body),
        [
            ("birth_date", "validation.age_out_of_range"),
            ("budget_eur", "validation.must_not_be_negative"),
            ("first_name", "validation.invalid_type"),
            ("org_name", "validation.invalid_choice"),
            ("shoe_size", "validation.invalid_choice"),
        ]
        .map(|(f, c)| (f.to_owned(), c.to_owned()))
    );
    let (status, body) = put_me(&app, &lea, None, json!({"birth_date": "29/02/2004"})).await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(fields(&body)[0].1, "validation.invalid_date");
    let (_, me) = app.get("/api/v1/users/me", &lea.token).await;
    assert_eq!(me["data"]["profile"]["first_name"], json!("Léa"));
    assert_eq!(me["data"]["profile"]["birth_date"], Value::Null);

    // A landlord sending a renter's field.
    let (status, body) = put_me(&app, &alice, None, json!({"education": "MBA"})).await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(
        fields(&body),
        [(
            "education".to_owned(),
            "validation.invalid_choice".to_owned()
        )]
    );
    // Not an object; not JSON.
    let (status, body) = put_me(&app, &alice, None, json!(["org_name"])).await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    let (status, body) = app
        .call(Method::Put, "/api/v1/users/me", Some(&alice.token), None)
        .await;
    assert_error(status, &body, Status::BadRequest, "error.bad_request");
    // Without a token.
    let (status, body) = app
        .call(Method::Put, "/api/v1/users/me", None, Some(json!({})))
        .await;
    assert_error(status, &body, Status::Unauthorized, "error.unauthorized");
}

#[tokio::test]
async fn a_landlord_renames_only_an_organization_they_own() {
    let app = TestApp::spawn().await;
    let alice = app.landlord("Alice").await;
    let bob = app.landlord("Bob").await;

    let (status, put) = put_me(
        &app,
        &alice,
        None,
        json!({"org_name": "Agence du Parc", "contact_name": "Alice Moreau", "phone": "01 23 45 67 89"}),
    )
    .await;
    assert_eq!(status, Status::Ok, "{put}");
    assert_eq!(
        put["data"]["profile"],
        json!({"display_name": null, "phone": "01 23 45 67 89", "contact_name": "Alice Moreau"})
    );
    let (_, me) = app.get("/api/v1/users/me", &alice.token).await;
    assert_eq!(
        me["data"]["organizations"][0]["name"],
        json!("Agence du Parc")
    );
    assert_eq!(me["data"]["organizations"][0]["id"], json!(alice.org_id));

    // Bob is a manager in Alice's organization: he may not rename it.
    let alice_org: OrgId = alice.org_id.parse().expect("an org id");
    app.store
        .set_membership(alice_org, user_id(&bob), Role::Manager)
        .await
        .expect("a membership");
    let (status, body) = put_me(
        &app,
        &bob,
        Some(&alice.org_id),
        json!({"org_name": "Hijacked", "phone": "1"}),
    )
    .await;
    assert_error(status, &body, Status::Forbidden, "error.forbidden");
    let (_, me) = app.get("/api/v1/users/me", &alice.token).await;
    assert_eq!(
        me["data"]["organizations"][0]["name"],
        json!("Agence du Parc")
    );
    // Nothing of the refused update was saved.
    let (_, me) = app.get("/api/v1/users/me", &bob.token).await;
    assert_eq!(me["data"]["profile"]["phone"], Value::Null);

    // Without X-Org-Id, Bob renames the organization he owns.
    let (status, put) = put_me(&app, &bob, None, json!({"org_name": "Bob & Fils"})).await;
    assert_eq!(status, Status::Ok, "{put}");
    let names: Vec<&str> = put["data"]["organizations"]
        .as_array()
        .expect("organizations")
        .iter()
        .map(|o| o["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Bob & Fils", "Agence du Parc"]);

    // An organization he is not in: not found; a malformed header: 400.
    let carol = app.landlord("Carol").await;
    let (status, body) = put_me(&app, &bob, Some(&carol.org_id), json!({"org_name": "X"})).await;
    assert_error(status, &body, Status::NotFound, "org.not_found");
    let (status, body) = put_me(&app, &bob, Some("nope"), json!({"org_name": "X"})).await;
    assert_error(status, &body, Status::BadRequest, "error.bad_request");
    let (status, body) = put_me(&app, &alice, None, json!({"org_name": "  "})).await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(fields(&body)[0].1, "validation.required");
}
