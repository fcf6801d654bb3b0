use rocket::http::{Method, Status};
use serde_json::json;

use crate::common::{TestApp, assert_error};

#[tokio::test]
async fn landlord_signup_creates_an_organization_and_login_returns_a_token() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    let (status, me) = app.get("/api/v1/users/me", &landlord.token).await;
    assert_eq!(status, Status::Ok, "{me}");
    assert_eq!(me["success"], json!(true));
    assert_eq!(me["error"], serde_json::Value::Null);
    assert_eq!(me["data"]["email"], json!("alice@example.test"));
    assert_eq!(me["data"]["role"], json!("landlord"));
    assert_eq!(me["data"]["organizations"][0]["id"], json!(landlord.org_id));
    assert_eq!(me["data"]["organizations"][0]["role"], json!("owner"));
    assert_eq!(
        me["data"]["organizations"][0]["timezone"],
        json!("Europe/Paris")
    );

    let (status, login) = app
        .call(
            Method::Post,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "ALICE@example.test", "password": "correct horse battery"})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{login}");
    assert_eq!(login["data"]["role"], json!("landlord"));
    let token = login["data"]["token"].as_str().expect("token");
    assert_eq!(app.get("/api/v1/users/me", token).await.0, Status::Ok);
}

#[tokio::test]
async fn signup_refuses_bad_input_and_duplicates() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/auth/signup",
            None,
            Some(json!({"email": "nope", "password": "short", "role": "wizard"})),
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
    assert_eq!(fields, vec!["email", "password", "role"]);

    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/auth/signup",
            None,
            Some(json!({"email": "a@b.test", "password": "long enough pass", "role": "landlord"})),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(body["error"]["fields"][0]["field"], json!("org_name"));

    app.landlord("Bob").await;
    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/auth/signup",
            None,
            Some(json!({"email": "bob@example.test", "password": "another long pass", "role": "tenant"})),
        )
        .await;
    assert_error(status, &body, Status::Conflict, "auth.email_taken");
}

#[tokio::test]
async fn malformed_json_is_400_and_wrong_shapes_are_422() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post("/api/v1/auth/signup")
        .header(rocket::http::ContentType::JSON)
        .body("{not json")
        .dispatch()
        .await;
    let status = response.status();
    let body: serde_json::Value =
        serde_json::from_str(&response.into_string().await.unwrap_or_default())
            .expect("json envelope");
    assert_error(status, &body, Status::BadRequest, "error.bad_request");

    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/auth/signup",
            None,
            Some(json!({"email": 5})),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
}

#[tokio::test]
async fn wrong_credentials_and_tokens_are_401() {
    let app = TestApp::spawn().await;
    app.landlord("Carol").await;
    for body in [
        json!({"email": "carol@example.test", "password": "wrong password!"}),
        json!({"email": "nobody@example.test", "password": "correct horse battery"}),
    ] {
        let (status, answer) = app
            .call(Method::Post, "/api/v1/auth/login", None, Some(body))
            .await;
        assert_error(
            status,
            &answer,
            Status::Unauthorized,
            "auth.invalid_credentials",
        );
    }
    let (status, body) = app.call(Method::Get, "/api/v1/users/me", None, None).await;
    assert_error(status, &body, Status::Unauthorized, "error.unauthorized");
    let (status, body) = app.get("/api/v1/users/me", "forged.token.value").await;
    assert_error(status, &body, Status::Unauthorized, "auth.invalid_token");
}

#[tokio::test]
async fn tokens_expire() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Dan").await;
    app.clock
        .set(crate::common::default_now() + chrono::Duration::hours(25));
    let (status, body) = app.get("/api/v1/users/me", &landlord.token).await;
    assert_error(status, &body, Status::Unauthorized, "auth.invalid_token");
}

#[tokio::test]
async fn a_renter_is_not_an_organization_member() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .call(Method::Post, "/api/v1/auth/signup", None, Some(json!({"email": "renter@example.test", "password": "long enough pass", "role": "tenant"})))
        .await;
    assert_eq!(status, Status::Created, "{body}");
    assert_eq!(body["data"]["org_id"], serde_json::Value::Null);
    let token = body["data"]["token"].as_str().expect("token");
    let (status, body) = app.get("/api/v1/properties", token).await;
    assert_error(status, &body, Status::Forbidden, "auth.not_a_member");
}

#[tokio::test]
async fn errors_speak_the_request_language() {
    let app = TestApp::spawn().await;
    let french = app.client.get("/api/v1/users/me").dispatch().await;
    let french: serde_json::Value =
        serde_json::from_str(&french.into_string().await.unwrap_or_default()).expect("json");
    assert_eq!(
        french["error"]["message"],
        json!("Authentification requise.")
    );
    let english = app
        .client
        .get("/api/v1/users/me")
        .header(rocket::http::Header::new(
            "Accept-Language",
            "en-GB,en;q=0.8",
        ))
        .dispatch()
        .await;
    let english: serde_json::Value =
        serde_json::from_str(&english.into_string().await.unwrap_or_default()).expect("json");
    assert_eq!(
        english["error"]["message"],
        json!("Authentication required.")
    );
}

#[tokio::test]
async fn healthz_and_request_ids() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get("/healthz")
        .header(rocket::http::Header::new("X-Request-Id", "abc-123"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.headers().get_one("X-Request-Id"), Some("abc-123"));
    let body: serde_json::Value =
        serde_json::from_str(&response.into_string().await.unwrap_or_default()).expect("json");
    assert_eq!(body, json!({"status": "ok", "db": "ok"}));
    let response = app.client.get("/healthz").dispatch().await;
    assert!(
        response
            .headers()
            .get_one("X-Request-Id")
            .is_some_and(|id| id.len() == 32)
    );
}

#[tokio::test]
async fn unknown_routes_are_404_envelopes() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Eve").await;
    let (status, body) = app.get("/api/v1/nothing-here", &landlord.token).await;
    assert_error(status, &body, Status::NotFound, "error.not_found");
}
