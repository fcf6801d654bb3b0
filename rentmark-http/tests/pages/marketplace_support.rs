//! Helpers of the marketplace page tests: signing a renter in and out through the
//! forms, reading ids out of redirects, and the landlord's listing form.

use rocket::http::Status;
use serde_json::{Value, json};

use crate::common::{Landlord, TestApp, listing_body};
use crate::{PASSWORD, Page, get, post};

/// Signs in through the form as `email`; expects to land on `home`.
pub async fn sign_in_as(app: &TestApp, email: &str, home: &str) {
    let token = get(app, "/login").await.csrf();
    post(
        app,
        "/login",
        &[("email", email), ("password", PASSWORD), ("csrf", &token)],
    )
    .await
    .redirects_to(home);
}

/// Signs a renter in through the form (they land on their applications).
pub async fn renter_sign_in(app: &TestApp, email: &str) {
    sign_in_as(app, email, "/renter/applications").await;
}

/// Signs out through the form (the token read from `page`, which must be a page of
/// the signed-in user's).
pub async fn sign_out_from(app: &TestApp, page: &str) {
    let token = get(app, page).await.is(Status::Ok).csrf();
    post(app, "/logout", &[("csrf", &token)])
        .await
        .redirects_to("/login");
}

/// The session's CSRF token, read from a renter page.
pub async fn renter_csrf(app: &TestApp) -> String {
    get(app, "/renter/guarantors").await.is(Status::Ok).csrf()
}

/// The id at the end of the redirect of `page` to `prefix<id>`.
#[track_caller]
pub fn id_after(page: &Page, prefix: &str) -> String {
    page.location
        .as_deref()
        .and_then(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| {
            panic!(
                "expected a redirect to {prefix}..., got {} {:?}: {}",
                page.status,
                page.location,
                crate::excerpt(&page.body)
            )
        })
        .to_owned()
}

/// Publishes a listing through the API with one room of `capacity` places at `rent`
/// and `requirements`; returns its id.
pub async fn api_listing(
    app: &TestApp,
    landlord: &Landlord,
    title: &str,
    city: &str,
    rent: &str,
    capacity: u32,
    requirements: Value,
) -> String {
    app.published_listing(
        landlord,
        listing_body(title, city, rent, capacity, requirements),
    )
    .await
}

/// No requirements at all.
pub fn no_requirements() -> Value {
    json!({"guarantor_required_count": 0, "documents": []})
}

/// A room row of the listing form: name, capacity, rent, charges, deposit, min, max.
pub type RoomRow<'a> = [&'a str; 7];

/// A blank room row (the form's defaults).
pub const BLANK_ROW: RoomRow<'static> = ["", "1", "", "", "", "1", "12"];

/// The pairs of the listing form: the listing's fields, then the five room rows
/// row by row (as a browser posts them), then `extra` (requirements, token).
pub fn listing_form<'a>(
    fields: &[(&'a str, &'a str)],
    rows: &[RoomRow<'a>; 5],
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let columns = [
        "room_name",
        "room_capacity",
        "room_rent",
        "room_charges",
        "room_deposit",
        "room_min",
        "room_max",
    ];
    let mut pairs = fields.to_vec();
    for row in rows {
        for (column, value) in columns.iter().zip(row) {
            pairs.push((column, value));
        }
    }
    pairs.extend_from_slice(extra);
    pairs
}
