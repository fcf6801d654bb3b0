//! The one Askama responder: renders a template to a string and answers it as HTML.
//! A render error is a bug: it is logged and answered 500.

use askama::Template;
use rocket::http::{ContentType, Status};
use rocket::request::Request;
use rocket::response::{self, Responder, Response};

/// A rendered page.
#[derive(Debug)]
pub struct Html<T>(pub T);

impl<'r, T: Template> Responder<'r, 'static> for Html<T> {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        match self.0.render() {
            Ok(body) => Response::build_from(body.respond_to(request)?)
                .header(ContentType::HTML)
                .ok(),
            Err(error) => {
                tracing::error!(%error, "template render failed");
                Err(Status::InternalServerError)
            }
        }
    }
}
