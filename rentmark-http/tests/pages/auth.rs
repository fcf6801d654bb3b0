//! Sign-up, sign-in, sign-out and the language switch through the forms.

use rocket::http::Status;

use crate::common::TestApp;
use crate::{PASSWORD, get, post, session_csrf, sign_in};

#[rocket::async_test]
async fn signing_up_creates_the_organization_and_signs_in() {
    let app = TestApp::spawn().await;
    let form = get(&app, "/signup").await;
    form.is(Status::Ok).shows("name=\"org_name\"");
    let token = form.csrf();
    let answer = post(
        &app,
        "/signup",
        &[
            ("email", "alice@example.test"),
            ("password", PASSWORD),
            ("org_name", "Alice Immobilier"),
            ("csrf", &token),
        ],
    )
    .await;
    answer.redirects_to("/dashboard");
    assert!(
        app.client.cookies().get_private("rm_session").is_some(),
        "the session cookie is set"
    );
    get(&app, "/dashboard")
        .await
        .is(Status::Ok)
        .shows("Alice Immobilier")
        .shows("alice@example.test");
    // `/` now leads to the dashboard.
    get(&app, "/").await.redirects_to("/dashboard");
    // The account works for the API too.
    let (status, _) = app
        .call(
            rocket::http::Method::Post,
            "/api/v1/auth/login",
            None,
            Some(serde_json::json!({"email": "alice@example.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(status, Status::Ok);
}

#[rocket::async_test]
async fn a_refused_sign_up_keeps_the_values_and_says_why() {
    let app = TestApp::spawn().await;
    let token = get(&app, "/signup").await.csrf();
    let answer = post(
        &app,
        "/signup",
        &[
            ("email", "bob@example.test"),
            ("password", "short"),
            ("org_name", ""),
            ("csrf", &token),
        ],
    )
    .await;
    answer
        .is(Status::UnprocessableEntity)
        .shows("value=\"bob@example.test\"")
        .shows("Le mot de passe doit compter")
        .shows("Ce champ est obligatoire.");
    assert!(app.client.cookies().get_private("rm_session").is_none());
    // The same address twice is a conflict shown on the e-mail field.
    app.landlord("Carol").await;
    let answer = post(
        &app,
        "/signup",
        &[
            ("email", "carol@example.test"),
            ("password", PASSWORD),
            ("org_name", "Other"),
            ("csrf", &token),
        ],
    )
    .await;
    answer
        .is(Status::Conflict)
        .shows("Cette adresse e-mail est déjà utilisée.");
}

#[rocket::async_test]
async fn sign_in_checks_credentials_and_follows_next() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Dora").await;
    let token = get(&app, "/login?next=/tenants").await.csrf();
    let wrong = post(
        &app,
        "/login?next=/tenants",
        &[
            ("email", &landlord.email),
            ("password", "wrong password!"),
            ("csrf", &token),
        ],
    )
    .await;
    wrong
        .is(Status::Unauthorized)
        .shows("Adresse e-mail ou mot de passe incorrect.")
        .shows(&format!("value=\"{}\"", landlord.email));
    assert!(
        !wrong.body.contains("wrong password!"),
        "a password is never sent back"
    );
    post(
        &app,
        "/login?next=/tenants",
        &[
            ("email", &landlord.email),
            ("password", PASSWORD),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to("/tenants");
    get(&app, "/tenants").await.is(Status::Ok);
}

#[rocket::async_test]
async fn sign_in_never_redirects_off_site() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Eve").await;
    let token = get(&app, "/login").await.csrf();
    post(
        &app,
        "/login?next=//evil.example/x",
        &[
            ("email", &landlord.email),
            ("password", PASSWORD),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to("/dashboard");
}

#[rocket::async_test]
async fn sign_in_and_sign_out_need_their_csrf_token() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Fred").await;
    get(&app, "/login").await;
    let forged = post(
        &app,
        "/login",
        &[
            ("email", &landlord.email),
            ("password", PASSWORD),
            ("csrf", "forged"),
        ],
    )
    .await;
    forged.is(Status::Forbidden).shows("Le formulaire a expiré");
    assert!(app.client.cookies().get_private("rm_session").is_none());
    sign_in(&app, &landlord.email).await;
    post(&app, "/logout", &[("csrf", "forged")])
        .await
        .is(Status::Forbidden);
    get(&app, "/dashboard").await.is(Status::Ok);
    let token = session_csrf(&app).await;
    post(&app, "/logout", &[("csrf", &token)])
        .await
        .redirects_to("/login");
    get(&app, "/dashboard")
        .await
        .redirects_to("/login?next=/dashboard");
}

#[rocket::async_test]
async fn the_language_switch_is_remembered() {
    let app = TestApp::spawn().await;
    get(&app, "/login")
        .await
        .shows("<html lang=\"fr\">")
        .shows("Se connecter")
        .shows("href=\"/lang/en?next=/login\"");
    get(&app, "/lang/en?next=/login")
        .await
        .redirects_to("/login");
    get(&app, "/login")
        .await
        .shows("<html lang=\"en\">")
        .shows("Sign in");
    get(&app, "/login?lang=fr").await.shows("Se connecter");
    get(&app, "/lang/en?next=https://evil.example")
        .await
        .redirects_to("/");
    get(&app, "/lang/xx").await.is(Status::NotFound);
}
