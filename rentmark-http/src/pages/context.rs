//! What every page handler shares: the [`Member`] guard (a signed-in organization
//! member, their translator and the [`Layout`] of the page chrome; the renter's and
//! the public pages' guards are in [`super::viewers`]), the CSRF check,
//! the [`PageError`] answered as an HTML error page, and [`Reply`] (a redirect after a
//! successful POST, or the page re-rendered with a status after a refusal).

use askama::Template;
use rentmark_domain::ServiceError;
use rentmark_domain::org::Actor;
use rocket::http::Status;
use rocket::outcome::try_outcome;
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Redirect, Responder};

use crate::auth::PageActor;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::html::Html;
use crate::i18n::Translator;
use crate::state::App;

/// The page chrome: who is signed in, where, the token of the log-out form, and the
/// current address for the language links.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The signed-in user's e-mail, when someone is signed in.
    pub user_email: Option<String>,
    /// The organization acted in.
    pub org_name: Option<String>,
    /// The CSRF token of this session (empty when signed out).
    pub csrf: String,
    /// The highlighted navigation entry (`dashboard`, `properties`, ...).
    pub section: &'static str,
    /// The current path and query, URL-encoded, for `/lang/<tag>?next=`.
    pub here: String,
    /// Whether the signed-in user is a renter (the renter's navigation).
    pub renter: bool,
}

impl Layout {
    /// The chrome of a page seen signed out.
    pub fn anonymous(here: &str) -> Self {
        Self {
            user_email: None,
            org_name: None,
            csrf: String::new(),
            section: "",
            here: urlencode(here),
            renter: false,
        }
    }

    /// The same chrome, with `section` highlighted.
    #[must_use]
    pub fn at(&self, section: &'static str) -> Self {
        Self {
            section,
            ..self.clone()
        }
    }
}

/// A signed-in member of an organization on a page: the actor, the session, the
/// translator, the chrome. Fails like [`PageActor`] (401 becomes a redirect to the
/// sign-in page).
#[derive(Debug, Clone)]
pub struct Member {
    /// Who acts, where, with which role.
    pub actor: Actor,
    /// The session (its nonce binds the CSRF token).
    pub session: Session,
    /// The request's language.
    pub tr: Translator,
    /// The page chrome.
    pub layout: Layout,
}

impl Member {
    /// Whether `token` is this session's CSRF token.
    pub fn csrf_ok(&self, app: &App, token: &str) -> bool {
        app.keys.verify_csrf(&self.session.nonce, token)
    }

    /// The chrome with `section` highlighted.
    pub fn layout(&self, section: &'static str) -> Layout {
        self.layout.at(section)
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Member {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let PageActor {
            actor,
            user,
            session,
        } = try_outcome!(request.guard::<PageActor>().await);
        let Some(app) = request.rocket().state::<App>() else {
            return Outcome::Error((
                Status::InternalServerError,
                ApiError::Internal("App state missing".into()),
            ));
        };
        let layout = Layout {
            user_email: Some(user.email.to_string()),
            org_name: Some(actor.org.name.clone()),
            csrf: app.keys.csrf_token(&session.nonce),
            section: "",
            here: here(request),
            renter: false,
        };
        Outcome::Success(Self {
            tr: app.translator(request),
            actor,
            session,
            layout,
        })
    }
}

/// A visitor on a page open to everyone (sign-in, sign-up): their translator and the
/// signed-out chrome.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The request's language.
    pub tr: Translator,
    /// The page chrome.
    pub layout: Layout,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Visitor {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let tr = crate::state::translator_for(request);
        let mut layout = Layout::anonymous("/");
        layout.here = here(request);
        Outcome::Success(Self { tr, layout })
    }
}

/// Where the language links come back to, URL-encoded: the request's path and query
/// without `lang=`. A page shown again after a POST (a refused form) comes back to the
/// page the form was on (its `Referer`), since the POST address may have no page.
pub(crate) fn here(request: &Request<'_>) -> String {
    let target = if request.method() == rocket::http::Method::Get {
        request.uri().to_string()
    } else {
        let referer = request
            .headers()
            .get_one("Referer")
            .and_then(|r| r.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()));
        local_path(referer.as_deref(), "/")
    };
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.starts_with("lang=") && !pair.is_empty())
        .collect();
    if kept.is_empty() {
        urlencode(path)
    } else {
        urlencode(&format!("{path}?{}", kept.join("&")))
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// `next` when it is a path on this site (`/tenants/..`), else `fallback`: a redirect
/// target never leads elsewhere (`//evil.example`, `https://..`).
pub fn local_path(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => fallback.to_owned(),
    }
}

/// A page could not be shown: answered as the HTML error page in the request's
/// language, with the status and message of the error code.
#[derive(Debug)]
pub struct PageError(pub ApiError);

impl From<ServiceError> for PageError {
    fn from(error: ServiceError) -> Self {
        Self(ApiError::from(error))
    }
}

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        Self(error)
    }
}

impl PageError {
    /// 404 with `code`.
    pub fn not_found(code: &'static str) -> Self {
        Self(ApiError::NotFound(code))
    }
}

impl<'r> Responder<'r, 'static> for PageError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = self.0.status();
        match &self.0 {
            ApiError::Internal(cause) => tracing::error!(%cause, "page failed"),
            ApiError::Unavailable(cause) => {
                tracing::error!(%cause, "page failed: dependency unavailable")
            }
            other => tracing::debug!(error = %other, "page refused"),
        }
        let tr = crate::state::translator_for(request);
        let mut response =
            super::error_page(&tr, status, &tr.code(self.0.code())).respond_to(request)?;
        response.set_status(status);
        Ok(response)
    }
}

/// Parses an id from the path; a malformed one is "not found" like an unknown one.
///
/// # Errors
/// 404 with `code`.
pub fn path_id<T: std::str::FromStr>(text: &str, code: &'static str) -> Result<T, PageError> {
    text.trim().parse().map_err(|_| PageError::not_found(code))
}

/// The result of a page handler.
pub type PageResult<T> = Result<T, PageError>;

/// What a form handler answers: a redirect (303) after a change, or the page again
/// with a status (403 bad token, 409 conflict, 422 invalid values).
#[derive(Debug)]
pub enum Reply<T> {
    /// Go there (boxed: a redirect is much larger than a status and a page).
    Redirect(Box<Redirect>),
    /// Show this page with this status.
    Page(Status, Html<T>),
}

impl<T> Reply<T> {
    /// A 303 redirect to `target`.
    pub fn to(target: impl Into<String>) -> Self {
        Self::Redirect(Box::new(Redirect::to(target.into())))
    }

    /// The page with `status`.
    pub fn page(status: Status, page: T) -> Self {
        Self::Page(status, Html(page))
    }
}

impl<'r, T: Template> Responder<'r, 'static> for Reply<T> {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Self::Redirect(redirect) => redirect.respond_to(request),
            Self::Page(status, page) => {
                let mut response = page.respond_to(request)?;
                response.set_status(status);
                Ok(response)
            }
        }
    }
}

/// How a refused form submission is answered: the status for a service error that
/// the form shows (validation, conflict), or `None` for one that is a page error.
pub fn form_status(error: &ServiceError) -> Option<Status> {
    match error {
        ServiceError::Invalid(_) | ServiceError::RequirementsNotMet(_) => {
            Some(Status::UnprocessableEntity)
        }
        ServiceError::Conflict(_) => Some(Status::Conflict),
        ServiceError::NotFound(_) | ServiceError::Forbidden | ServiceError::Unavailable(_) => None,
    }
}

/// The i18n code users see for a service error.
pub fn service_code(error: &ServiceError) -> &'static str {
    match error {
        ServiceError::Invalid(_) => "error.validation",
        ServiceError::RequirementsNotMet(_) => "application.requirements_not_met",
        ServiceError::NotFound(code) | ServiceError::Conflict(code) => code,
        ServiceError::Forbidden => "error.forbidden",
        ServiceError::Unavailable(_) => "error.unavailable",
    }
}

/// The status of a refused CSRF token.
pub const CSRF_STATUS: Status = Status::Forbidden;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_only_to_local_paths() {
        assert_eq!(
            local_path(Some("/tenants/1?x=2"), "/dashboard"),
            "/tenants/1?x=2"
        );
        assert_eq!(
            local_path(Some("//evil.example"), "/dashboard"),
            "/dashboard"
        );
        assert_eq!(
            local_path(Some("https://evil.example"), "/dashboard"),
            "/dashboard"
        );
        assert_eq!(
            local_path(Some("/\\evil.example"), "/dashboard"),
            "/dashboard"
        );
        assert_eq!(local_path(None, "/dashboard"), "/dashboard");
    }

    #[test]
    fn encodes_paths_for_a_query() {
        assert_eq!(
            urlencode("/dashboard?page=2&x=é"),
            "/dashboard%3Fpage%3D2%26x%3D%C3%A9"
        );
    }
}
