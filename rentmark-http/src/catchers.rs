//! Catchers: under `/api` every error is the JSON envelope (with the precise error a
//! guard recorded, when there is one); elsewhere an HTML page, and a 401 redirects to
//! the sign-in page.

use rocket::http::Status;
use rocket::response::{Redirect, Responder};
use rocket::{Catcher, Request, catch, catchers};

use crate::error::{ApiError, take_guard_failure};

/// JSON catchers, to be registered at `/api`.
pub fn api() -> Vec<Catcher> {
    catchers![api_default]
}

/// HTML catchers, to be registered at `/`.
pub fn pages() -> Vec<Catcher> {
    catchers![page_unauthorized, page_default]
}

#[catch(default)]
fn api_default(status: Status, request: &Request<'_>) -> ApiError {
    take_guard_failure(request)
        .filter(|error| error.status() == status)
        .unwrap_or_else(|| ApiError::from_status(status))
}

#[catch(401)]
fn page_unauthorized(request: &Request<'_>) -> Redirect {
    let next = request.uri().path().to_string();
    let target = if next.is_empty() || next == "/" {
        "/login".to_owned()
    } else {
        format!("/login?next={}", urlencode(&next))
    };
    Redirect::to(target)
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// An error page in the request's language.
pub struct ErrorPage {
    status: Status,
    code: &'static str,
}

impl<'r> Responder<'r, 'static> for ErrorPage {
    fn respond_to(self, request: &'r Request<'_>) -> rocket::response::Result<'static> {
        let tr = crate::state::translator_for(request);
        let page = crate::pages::error_page(&tr, self.status, &tr.code(self.code));
        let mut response = page.respond_to(request)?;
        response.set_status(self.status);
        Ok(response)
    }
}

#[catch(default)]
fn page_default(status: Status, request: &Request<'_>) -> ErrorPage {
    let code = take_guard_failure(request)
        .filter(|error| error.status() == status)
        .map_or_else(
            || ApiError::from_status(status).code(),
            |error| error.code(),
        );
    ErrorPage { status, code }
}
