//! A JSON route reads only a body declared as JSON: anything else (text/plain, a form,
//! no content type, a `+json` type the API does not implement) is a 415 with the
//! envelope, and nothing is written.

use rocket::http::{ContentType, Header, Method, Status};
use serde_json::{Value, json};

use crate::common::{TestApp, assert_error};

/// Sends `body` as-is with `content_type` (none when `None`) and a bearer token.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    content_type: Option<ContentType>,
    body: String,
) -> (Status, Value) {
    let mut request = app.client.req(method, path.to_owned()).body(body);
    if let Some(content_type) = content_type {
        request = request.header(content_type);
    }
    if let Some(token) = token {
        request = request.header(Header::new("Authorization", format!("Bearer {token}")));
    }
    let response = request.dispatch().await;
    let status = response.status();
    let text = response.into_string().await.unwrap_or_default();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "raw": text }));
    (status, value)
}

/// The content types refused, each with a body a careless client would send with it.
fn refused() -> Vec<(Option<ContentType>, &'static str)> {
    vec![
        (Some(ContentType::Plain), "plain"),
        (None, "none"),
        (Some(ContentType::Form), "form"),
        (
            Some(ContentType::new("application", "merge-patch+json")),
            "merge-patch",
        ),
        (
            Some(ContentType::parse_flexible("application/json; charset=iso-8859-1").expect("ct")),
            "latin1",
        ),
    ]
}

async fn total(app: &TestApp, path: &str, token: &str) -> Value {
    let (status, body) = app.get(path, token).await;
    assert_eq!(status, Status::Ok, "{body}");
    body["data"]["total"].clone()
}

#[tokio::test]
async fn bodies_not_declared_json_are_415_and_write_nothing() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Media").await;
    let property = app.property(&landlord, "Kept").await;
    let property_json =
        json!({"name": "Sent as text", "address": "2 rue Neuve", "city": "Lyon"}).to_string();
    let tenant_json = json!({"full_name": "Sent As Text"}).to_string();
    for (content_type, label) in refused() {
        let form_body = "name=Sent+as+text&address=2+rue+Neuve&city=Lyon".to_owned();
        let body = if label == "form" {
            form_body
        } else {
            property_json.clone()
        };
        let (status, answer) = send(
            &app,
            Method::Post,
            "/api/v1/properties",
            Some(&landlord.token),
            content_type.clone(),
            body,
        )
        .await;
        assert_error(
            status,
            &answer,
            Status::UnsupportedMediaType,
            "request.unsupported_media_type",
        );
        let (status, answer) = send(
            &app,
            Method::Put,
            &format!("/api/v1/properties/{property}"),
            Some(&landlord.token),
            content_type.clone(),
            property_json.clone(),
        )
        .await;
        assert_error(
            status,
            &answer,
            Status::UnsupportedMediaType,
            "request.unsupported_media_type",
        );
        let (status, answer) = send(
            &app,
            Method::Post,
            "/api/v1/tenants",
            Some(&landlord.token),
            content_type.clone(),
            tenant_json.clone(),
        )
        .await;
        assert_error(
            status,
            &answer,
            Status::UnsupportedMediaType,
            "request.unsupported_media_type",
        );
        let signup = json!({"email": format!("{label}@example.test"), "password": "correct horse battery", "role": "tenant"});
        let (status, answer) = send(
            &app,
            Method::Post,
            "/api/v1/auth/signup",
            None,
            content_type,
            signup.to_string(),
        )
        .await;
        assert_error(
            status,
            &answer,
            Status::UnsupportedMediaType,
            "request.unsupported_media_type",
        );
    }
    // Nothing was written: one property, unchanged; no tenant; no account.
    assert_eq!(
        total(&app, "/api/v1/properties", &landlord.token).await,
        json!(1)
    );
    let (_, kept) = app
        .get(&format!("/api/v1/properties/{property}"), &landlord.token)
        .await;
    assert_eq!(kept["data"]["name"], json!("Kept"));
    assert_eq!(
        total(&app, "/api/v1/tenants", &landlord.token).await,
        json!(0)
    );
    let (status, _) = app
        .call(
            Method::Post,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "plain@example.test", "password": "correct horse battery"})),
        )
        .await;
    assert_eq!(status, Status::Unauthorized);
}

#[tokio::test]
async fn json_with_or_without_a_utf8_charset_is_read() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Charset").await;
    for (content_type, name) in [
        ("application/json", "Plain JSON"),
        ("application/json; charset=utf-8", "JSON with charset"),
        ("Application/JSON;charset=UTF-8", "JSON in capitals"),
    ] {
        let (status, answer) = send(
            &app,
            Method::Post,
            "/api/v1/properties",
            Some(&landlord.token),
            Some(ContentType::parse_flexible(content_type).expect("ct")),
            json!({"name": name, "address": "3 rue Haute", "city": "Nantes"}).to_string(),
        )
        .await;
        assert_eq!(status, Status::Created, "{content_type}: {answer}");
        assert_eq!(answer["data"]["name"], json!(name));
    }
}

#[tokio::test]
async fn the_json_checks_come_after_authentication() {
    // Without a token the answer is 401 whatever the body: the media type tells a
    // stranger nothing.
    let app = TestApp::spawn().await;
    let (status, answer) = send(
        &app,
        Method::Post,
        "/api/v1/properties",
        None,
        Some(ContentType::Plain),
        "hello".to_owned(),
    )
    .await;
    assert_eq!(status, Status::Unauthorized, "{answer}");
}
