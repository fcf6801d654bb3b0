//! The sign-in and sign-up limits on the forms: a refusal shows the form again with
//! 429, a message saying why and how long to wait, and `Retry-After`.

use chrono::TimeDelta;
use rocket::http::{ContentType, Status};

use crate::common::{TestApp, default_now};
use crate::{PASSWORD, get, urlencoded};

/// A form's answer with its `Retry-After`.
struct Limited {
    status: Status,
    retry_after: Option<String>,
    body: String,
}

impl Limited {
    #[track_caller]
    fn refused(&self, retry_after: &str, texts: &[&str]) {
        assert_eq!(self.status, Status::TooManyRequests, "{}", self.body);
        assert_eq!(self.retry_after.as_deref(), Some(retry_after));
        for text in texts {
            assert!(
                self.body.contains(text),
                "expected {text:?} in {}",
                self.body
            );
        }
    }
}

async fn post_form(app: &TestApp, path: &str, pairs: &[(&str, &str)]) -> Limited {
    let response = app
        .client
        .post(path.to_owned())
        .header(ContentType::Form)
        .body(urlencoded(pairs))
        .dispatch()
        .await;
    Limited {
        status: response.status(),
        retry_after: response.headers().get_one("Retry-After").map(str::to_owned),
        body: response.into_string().await.unwrap_or_default(),
    }
}

async fn log_in(app: &TestApp, csrf: &str, email: &str, password: &str) -> Limited {
    post_form(
        app,
        "/login",
        &[("email", email), ("password", password), ("csrf", csrf)],
    )
    .await
}

#[rocket::async_test]
async fn a_locked_account_shows_the_wait_on_the_sign_in_form() {
    let app = TestApp::spawn_with_limits(&[
        ("signin_failures_per_account", 2),
        ("signin_lockout_first_secs", 30),
    ])
    .await;
    let landlord = app.landlord("Gus").await;
    let csrf = get(&app, "/login").await.csrf();
    for _ in 0..2 {
        let answer = log_in(&app, &csrf, &landlord.email, "not the password").await;
        assert_eq!(answer.status, Status::Unauthorized);
        assert!(answer.retry_after.is_none());
    }
    // Locked for 30 s: even the right password waits, and the form says so.
    let answer = log_in(&app, &csrf, &landlord.email, PASSWORD).await;
    answer.refused(
        "30",
        &[
            "Trop d&#39;échecs de connexion à ce compte",
            "Réessayez dans 30 s.",
            &format!("value=\"{}\"", landlord.email),
        ],
    );
    assert!(app.client.cookies().get_private("rm_session").is_none());
    // In English too.
    get(&app, "/lang/en?next=/login").await;
    log_in(&app, &csrf, &landlord.email, PASSWORD)
        .await
        .refused(
            "30",
            &[
                "Too many failed sign-ins to this account",
                "Try again in 30 s.",
            ],
        );
    app.clock.set(default_now() + TimeDelta::seconds(30));
    let answer = log_in(&app, &csrf, &landlord.email, PASSWORD).await;
    assert_eq!(answer.status, Status::SeeOther, "{}", answer.body);
    assert!(app.client.cookies().get_private("rm_session").is_some());
}

#[rocket::async_test]
async fn one_address_failing_on_many_accounts_is_stopped_on_the_form() {
    let app = TestApp::spawn_with_limits(&[
        ("signin_failures_per_address", 3),
        ("signin_address_window_secs", 600),
    ])
    .await;
    let landlord = app.landlord("Hal").await;
    let csrf = get(&app, "/login").await.csrf();
    for n in 0..3 {
        let email = format!("someone{n}@example.test");
        let answer = log_in(&app, &csrf, &email, "Summer2026!").await;
        assert_eq!(answer.status, Status::Unauthorized);
    }
    // One failure back every 600 / 3 = 200 s: shown in minutes, rounded up.
    log_in(&app, &csrf, &landlord.email, PASSWORD)
        .await
        .refused(
            "200",
            &[
                "Trop d&#39;échecs de connexion depuis votre réseau.",
                "Réessayez dans 4 min.",
            ],
        );
}

#[rocket::async_test]
async fn sign_ups_past_the_burst_show_the_wait_on_the_form() {
    let app = TestApp::spawn_with_limits(&[
        ("signups_per_address_burst", 2),
        ("signups_per_address_refill_secs", 45),
    ])
    .await;
    let csrf = get(&app, "/signup").await.csrf();
    let form = |email: &'static str| {
        [
            ("email", email),
            ("password", PASSWORD),
            ("role", "tenant"),
            ("org_name", ""),
        ]
    };
    for email in ["one@campus.test", "two@campus.test"] {
        let mut pairs = form(email).to_vec();
        pairs.push(("csrf", &csrf));
        let answer = post_form(&app, "/signup", &pairs).await;
        assert_eq!(answer.status, Status::SeeOther, "{}", answer.body);
    }
    let mut pairs = form("three@campus.test").to_vec();
    pairs.push(("csrf", &csrf));
    post_form(&app, "/signup", &pairs).await.refused(
        "45",
        &[
            "Trop d&#39;inscriptions depuis votre réseau.",
            "Réessayez dans 45 s.",
            "value=\"three@campus.test\"",
        ],
    );
    app.clock.set(default_now() + TimeDelta::seconds(45));
    let answer = post_form(&app, "/signup", &pairs).await;
    assert_eq!(answer.status, Status::SeeOther, "{}", answer.body);
}
