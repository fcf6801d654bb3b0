//! The stylesheet, compiled into the binary and served at `/static/app.css` (no build
//! step, nothing to deploy beside the binary).

use rocket::http::{ContentType, Header};
use rocket::{Responder, Route, get, routes};

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![stylesheet]
}

/// The hand-written stylesheet.
pub const APP_CSS: &str = include_str!("../../static/app.css");

/// A static asset with a cache lifetime.
#[derive(Responder)]
pub struct Asset {
    body: (ContentType, &'static str),
    cache: Header<'static>,
}

#[get("/static/app.css")]
fn stylesheet() -> Asset {
    Asset {
        body: (ContentType::CSS, APP_CSS),
        cache: Header::new("Cache-Control", "public, max-age=3600"),
    }
}
