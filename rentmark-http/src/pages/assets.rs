//! The stylesheet and the icon, compiled into the binary and served under `/static/`
//! (no build step, nothing to deploy beside the binary).

use rocket::http::{ContentType, Header};
use rocket::{Responder, Route, get, routes};

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![stylesheet, icon]
}

/// The hand-written stylesheet.
pub const APP_CSS: &str = include_str!("../../static/app.css");

/// The icon every page links to (without one, browsers ask for `/favicon.ico` on every
/// page and log its 404 as a console error).
pub const FAVICON_SVG: &str = include_str!("../../static/favicon.svg");

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

#[get("/static/favicon.svg")]
fn icon() -> Asset {
    Asset {
        body: (ContentType::SVG, FAVICON_SVG),
        cache: Header::new("Cache-Control", "public, max-age=86400"),
    }
}
