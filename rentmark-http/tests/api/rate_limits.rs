//! The sign-in and sign-up limits through the API (`rentmark_http::rate_limit`):
//! requests come from chosen addresses, and the test clock stands in for waiting.

use std::net::SocketAddr;

use chrono::TimeDelta;
use rocket::http::{ContentType, Status};
use serde_json::{Value, json};

use crate::common::{TestApp, assert_error, default_now};

const PASSWORD: &str = "correct horse battery";

/// An answer: status, `Retry-After`, body.
struct Answer {
    status: Status,
    retry_after: Option<String>,
    body: Value,
}

/// `POST /api/v1{path}` with `body` from the address `ip`.
async fn post_from(app: &TestApp, ip: &str, path: &str, body: Value) -> Answer {
    let remote: SocketAddr = format!("{ip}:40000").parse().expect("address");
    let response = app
        .client
        .post(format!("/api/v1{path}"))
        .header(ContentType::JSON)
        .remote(remote)
        .body(body.to_string())
        .dispatch()
        .await;
    let status = response.status();
    let retry_after = response.headers().get_one("Retry-After").map(str::to_owned);
    let text = response.into_string().await.unwrap_or_default();
    Answer {
        status,
        retry_after,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

async fn sign_up(app: &TestApp, ip: &str, email: &str) -> Answer {
    post_from(
        app,
        ip,
        "/auth/signup",
        json!({"email": email, "password": PASSWORD, "role": "tenant"}),
    )
    .await
}

async fn sign_in(app: &TestApp, ip: &str, email: &str, password: &str) -> Answer {
    post_from(
        app,
        ip,
        "/auth/login",
        json!({"email": email, "password": password}),
    )
    .await
}

/// Asserts a 429 envelope with `code`, and `Retry-After` (and `error.retry_after`)
/// equal to `secs`.
#[track_caller]
fn assert_limited(answer: &Answer, code: &str, secs: u64) {
    assert_error(answer.status, &answer.body, Status::TooManyRequests, code);
    assert_eq!(
        answer.retry_after.as_deref(),
        Some(secs.to_string().as_str()),
        "Retry-After of {}",
        answer.body
    );
    assert_eq!(answer.body["error"]["retry_after"], json!(secs));
}

/// Moves the test clock `secs` seconds past its default.
fn at(app: &TestApp, secs: i64) {
    app.clock.set(default_now() + TimeDelta::seconds(secs));
}

#[tokio::test]
async fn a_campus_signs_up_thirty_at_once_then_three_a_minute() {
    // The real defaults: a burst of 30, one more every 20 s.
    let app = TestApp::spawn_with_limits(&[
        ("signups_per_address_burst", 30),
        ("signups_per_address_refill_secs", 20),
    ])
    .await;
    for n in 0..30 {
        let answer = sign_up(&app, "10.1.0.1", &format!("student{n}@campus.test")).await;
        assert_eq!(
            answer.status,
            Status::Created,
            "sign-up {n}: {}",
            answer.body
        );
    }
    let answer = sign_up(&app, "10.1.0.1", "student30@campus.test").await;
    assert_limited(&answer, "auth.too_many_signups", 20);
    // Another network is not concerned.
    let answer = sign_up(&app, "10.2.0.1", "elsewhere@campus.test").await;
    assert_eq!(answer.status, Status::Created, "{}", answer.body);
    // 15 s later, 5 s to go; after 20 s one more passes, then the wait starts again.
    at(&app, 15);
    let answer = sign_up(&app, "10.1.0.1", "student30@campus.test").await;
    assert_limited(&answer, "auth.too_many_signups", 5);
    at(&app, 20);
    let answer = sign_up(&app, "10.1.0.1", "student30@campus.test").await;
    assert_eq!(answer.status, Status::Created, "{}", answer.body);
    let answer = sign_up(&app, "10.1.0.1", "student31@campus.test").await;
    assert_limited(&answer, "auth.too_many_signups", 20);
}

#[tokio::test]
async fn every_sign_up_attempt_counts_also_a_refused_one() {
    let app = TestApp::spawn_with_limits(&[("signups_per_address_burst", 2)]).await;
    app.renter("Taken").await;
    // Probing whether an address has an account costs a sign-up each time.
    for _ in 0..2 {
        let answer = sign_up(&app, "10.3.0.1", "taken@renter.test").await;
        assert_error(
            answer.status,
            &answer.body,
            Status::Conflict,
            "auth.email_taken",
        );
    }
    let answer = sign_up(&app, "10.3.0.1", "taken@renter.test").await;
    assert_eq!(answer.status, Status::TooManyRequests, "{}", answer.body);
    assert!(answer.retry_after.is_some());
}

#[tokio::test]
async fn an_account_attacked_from_many_addresses_is_locked_with_growing_delays() {
    let app = TestApp::spawn_with_limits(&[
        ("signin_failures_per_account", 3),
        ("signin_lockout_first_secs", 2),
        ("signin_lockout_max_secs", 60),
    ])
    .await;
    let victim = app.renter("Victim").await;
    // Three failures, each from a new address: the budget.
    for n in 0..3 {
        let answer = sign_in(&app, &format!("10.9.0.{n}"), &victim.email, "guess").await;
        assert_error(
            answer.status,
            &answer.body,
            Status::Unauthorized,
            "auth.invalid_credentials",
        );
    }
    // Locked for 2 s: a fresh address is refused, and so is the right password.
    let answer = sign_in(&app, "10.9.1.1", &victim.email, "guess").await;
    assert_limited(&answer, "auth.account_locked", 2);
    let answer = sign_in(&app, "10.9.1.2", &victim.email, PASSWORD).await;
    assert_limited(&answer, "auth.account_locked", 2);
    // After the delay one more guess is checked, and fails: now 4 s.
    at(&app, 2);
    let answer = sign_in(&app, "10.9.1.3", &victim.email, "guess").await;
    assert_eq!(answer.status, Status::Unauthorized, "{}", answer.body);
    let answer = sign_in(&app, "10.9.1.4", &victim.email, PASSWORD).await;
    assert_limited(&answer, "auth.account_locked", 4);
    // Then 8 s, ... up to the ceiling of 60 s.
    at(&app, 6);
    assert_eq!(
        sign_in(&app, "10.9.1.5", &victim.email, "guess")
            .await
            .status,
        Status::Unauthorized
    );
    assert_limited(
        &sign_in(&app, "10.9.1.6", &victim.email, "guess").await,
        "auth.account_locked",
        8,
    );
    let mut now = 6;
    for delay in [8, 16, 32, 60, 60] {
        now += delay;
        at(&app, now);
        assert_eq!(
            sign_in(&app, "10.9.2.1", &victim.email, "guess")
                .await
                .status,
            Status::Unauthorized
        );
    }
    assert_limited(
        &sign_in(&app, "10.9.2.2", &victim.email, PASSWORD).await,
        "auth.account_locked",
        60,
    );
    // Once the lockout is over, the owner signs in, which clears the failures.
    at(&app, now + 60);
    let answer = sign_in(&app, "10.9.3.1", &victim.email, PASSWORD).await;
    assert_eq!(answer.status, Status::Ok, "{}", answer.body);
    for _ in 0..3 {
        let answer = sign_in(&app, "10.9.3.2", &victim.email, "typo").await;
        assert_eq!(answer.status, Status::Unauthorized, "{}", answer.body);
    }
    let answer = sign_in(&app, "10.9.3.2", &victim.email, PASSWORD).await;
    assert_limited(&answer, "auth.account_locked", 2);
}

#[tokio::test]
async fn a_success_resets_the_account_count() {
    let app = TestApp::spawn_with_limits(&[("signin_failures_per_account", 3)]).await;
    let renter = app.renter("Typo").await;
    // Two typos, a success, two typos, a success ...: never locked.
    for round in 0..4 {
        for _ in 0..2 {
            let answer = sign_in(&app, "10.4.0.1", &renter.email, "typo").await;
            assert_eq!(answer.status, Status::Unauthorized, "round {round}");
        }
        let answer = sign_in(&app, "10.4.0.1", &renter.email, PASSWORD).await;
        assert_eq!(answer.status, Status::Ok, "round {round}: {}", answer.body);
    }
    // Without the success in between, the third typo locks.
    for _ in 0..3 {
        sign_in(&app, "10.4.0.1", &renter.email, "typo").await;
    }
    let answer = sign_in(&app, "10.4.0.1", &renter.email, PASSWORD).await;
    assert_eq!(answer.status, Status::TooManyRequests, "{}", answer.body);
}

#[tokio::test]
async fn failures_are_forgotten_after_a_quiet_period() {
    let app = TestApp::spawn_with_limits(&[
        ("signin_failures_per_account", 2),
        ("signin_lockout_max_secs", 60),
        ("signin_failure_reset_secs", 600),
    ])
    .await;
    let renter = app.renter("Quiet").await;
    sign_in(&app, "10.5.0.1", &renter.email, "typo").await;
    // Nine minutes later the first failure still counts: this one locks.
    at(&app, 540);
    sign_in(&app, "10.5.0.1", &renter.email, "typo").await;
    assert_eq!(
        sign_in(&app, "10.5.0.1", &renter.email, PASSWORD)
            .await
            .status,
        Status::TooManyRequests
    );
    // Ten minutes after the last failure, the budget is whole again.
    at(&app, 1140);
    sign_in(&app, "10.5.0.1", &renter.email, "typo").await;
    let answer = sign_in(&app, "10.5.0.1", &renter.email, PASSWORD).await;
    assert_eq!(answer.status, Status::Ok, "{}", answer.body);
}

#[tokio::test]
async fn one_address_spraying_many_accounts_is_stopped_past_its_budget() {
    let app = TestApp::spawn_with_limits(&[
        ("signin_failures_per_address", 4),
        ("signin_address_window_secs", 60),
    ])
    .await;
    let renter = app.renter("Sprayed").await;
    // One guess on each of four accounts (known or not): the address's budget.
    for n in 0..4 {
        let email = format!("target{n}@renter.test");
        let answer = sign_in(&app, "10.6.0.1", &email, "Summer2026!").await;
        assert_eq!(answer.status, Status::Unauthorized, "{}", answer.body);
    }
    // The fifth account is refused without a password check; one failure comes back
    // every 60 / 4 = 15 s.
    let answer = sign_in(&app, "10.6.0.1", &renter.email, "Summer2026!").await;
    assert_limited(&answer, "auth.too_many_failures", 15);
    let answer = sign_in(&app, "10.6.0.1", &renter.email, PASSWORD).await;
    assert_limited(&answer, "auth.too_many_failures", 15);
    // Another address is not concerned, and the renter's account is not locked.
    let answer = sign_in(&app, "10.6.0.2", &renter.email, PASSWORD).await;
    assert_eq!(answer.status, Status::Ok, "{}", answer.body);
    at(&app, 10);
    assert_limited(
        &sign_in(&app, "10.6.0.1", &renter.email, PASSWORD).await,
        "auth.too_many_failures",
        5,
    );
    at(&app, 15);
    let answer = sign_in(&app, "10.6.0.1", &renter.email, PASSWORD).await;
    assert_eq!(answer.status, Status::Ok, "{}", answer.body);
    // A success does not restore the address's budget.
    let answer = sign_in(&app, "10.6.0.1", "target9@renter.test", "guess").await;
    assert_eq!(answer.status, Status::Unauthorized, "{}", answer.body);
    let answer = sign_in(&app, "10.6.0.1", "target8@renter.test", "guess").await;
    assert_limited(&answer, "auth.too_many_failures", 15);
}

#[tokio::test]
async fn successful_sign_ins_from_one_address_are_never_refused() {
    let app = TestApp::spawn_with_limits(&[
        ("signin_failures_per_address", 2),
        ("signin_failures_per_account", 2),
    ])
    .await;
    let renters = [app.renter("Ann").await, app.renter("Ben").await];
    // Forty sign-ins from one campus address, well past every failure budget.
    for n in 0..40 {
        let renter = &renters[n % 2];
        let answer = sign_in(&app, "10.7.0.1", &renter.email, PASSWORD).await;
        assert_eq!(answer.status, Status::Ok, "sign-in {n}: {}", answer.body);
        assert!(answer.retry_after.is_none());
    }
    // One typo each still leaves both budgets usable.
    let answer = sign_in(&app, "10.7.0.1", &renters[0].email, "typo").await;
    assert_eq!(answer.status, Status::Unauthorized);
    let answer = sign_in(&app, "10.7.0.1", &renters[0].email, PASSWORD).await;
    assert_eq!(answer.status, Status::Ok, "{}", answer.body);
}

#[tokio::test]
async fn sign_up_and_sign_in_budgets_are_separate() {
    let app = TestApp::spawn_with_limits(&[
        ("signups_per_address_burst", 1),
        ("signin_failures_per_address", 1),
    ])
    .await;
    let answer = sign_up(&app, "10.8.0.1", "only@renter.test").await;
    assert_eq!(answer.status, Status::Created, "{}", answer.body);
    // The sign-up burst is used up; sign-ins still work, and a failed one does not
    // count against sign-ups (nor the other way round).
    let answer = sign_in(&app, "10.8.0.1", "only@renter.test", PASSWORD).await;
    assert_eq!(answer.status, Status::Ok, "{}", answer.body);
    let answer = sign_in(&app, "10.8.0.1", "only@renter.test", "typo").await;
    assert_eq!(answer.status, Status::Unauthorized, "{}", answer.body);
    at(&app, 60);
    let answer = sign_up(&app, "10.8.0.1", "second@renter.test").await;
    assert_eq!(answer.status, Status::Created, "{}", answer.body);
}
