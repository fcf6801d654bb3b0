//! Authentication and organization membership as request guards, never parsed inside a
//! handler: [`ApiUser`] and [`ApiActor`] for the JSON API (bearer token, optional
//! `X-Org-Id`), [`PageUser`] and [`PageActor`] for pages (session cookie).

use rentmark_domain::ServiceError;
use rentmark_domain::ids::{OrgId, UserId};
use rentmark_domain::org::Actor;
use rentmark_domain::services::actor_from;
use rentmark_domain::user::{User, UserStatus};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};

use crate::auth::session::Session;
use crate::auth::token;
use crate::error::{ApiError, record_guard_failure};
use crate::state::App;

fn app<'r>(request: &'r Request<'_>) -> &'r App {
    request
        .rocket()
        .state::<App>()
        .unwrap_or_else(|| unreachable!("App is managed by rentmark_http::rocket"))
}

fn fail<T>(request: &Request<'_>, error: ApiError) -> Outcome<T, ApiError> {
    let status = error.status();
    record_guard_failure(request, error);
    Outcome::Error((status, ApiError::from_status(status)))
}

/// A user authenticated by a bearer token (`Authorization: Bearer <jwt>`).
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

/// The user id of the request's valid bearer token.
fn bearer_user(request: &Request<'_>) -> Result<UserId, ApiError> {
    let app = app(request);
    let header = request
        .headers()
        .get_one("Authorization")
        .ok_or(ApiError::Unauthorized("error.unauthorized"))?;
    let token = header
        .strip_prefix("Bearer ")
        .map(str::trim)
        .ok_or(ApiError::Unauthorized("auth.invalid_token"))?;
    token::verify(&app.keys, token, app.now())
        .map(|claims| claims.sub.into())
        .ok_or(ApiError::Unauthorized("auth.invalid_token"))
}

/// Whether the user a token names may use the API: not banned (403), not erased or
/// being erased (a bad credential, like a token for a user that no longer exists).
fn api_user<T>(found: Result<T, ServiceError>, user: impl Fn(&T) -> &User) -> Result<T, ApiError> {
    match found {
        Ok(found) if user(&found).status == UserStatus::Banned => {
            Err(ApiError::Forbidden("auth.banned"))
        }
        Ok(found) if !user(&found).status.is_erased_or_erasing() => Ok(found),
        Ok(_) | Err(ServiceError::NotFound(_)) => Err(ApiError::Unauthorized("auth.invalid_token")),
        Err(other) => Err(ApiError::from(other)),
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ApiUser {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let id = match bearer_user(request) {
            Ok(id) => id,
            Err(error) => return fail(request, error),
        };
        match api_user(app(request).services.user(id).await, |u| u) {
            Ok(user) => Outcome::Success(Self(user)),
            Err(error) => fail(request, error),
        }
    }
}

/// A member of an organization acting in it through the API: the organization is the
/// one named by `X-Org-Id`, or the user's only (first) one.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ApiActor {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let id = match bearer_user(request) {
            Ok(id) => id,
            Err(error) => return fail(request, error),
        };
        let org = match request.headers().get_one("X-Org-Id") {
            None => None,
            Some(text) => match text.trim().parse::<uuid::Uuid>() {
                Ok(id) => Some(OrgId::from_uuid(id)),
                Err(_) => return fail(request, ApiError::BadRequest("error.bad_request")),
            },
        };
        // The user and their memberships in one read: this runs on every request.
        let found = app(request).services.user_with_memberships(id).await;
        let (user, memberships) = match api_user(found, |(u, _)| u) {
            Ok(found) => found,
            Err(error) => return fail(request, error),
        };
        match actor_from(user.id, memberships, org) {
            Ok(actor) => Outcome::Success(Self(actor)),
            // No X-Org-Id and no membership at all: authenticated, but not a landlord.
            Err(ServiceError::NotFound(_)) if org.is_none() => {
                fail(request, ApiError::Forbidden("auth.not_a_member"))
            }
            Err(other) => fail(request, ApiError::from(other)),
        }
    }
}

/// A user signed in to the pages (session cookie). Fails with 401, which the HTML
/// catcher turns into a redirect to the sign-in page.
#[derive(Debug, Clone)]
pub struct PageUser {
    /// The user.
    pub user: User,
    /// Their session (for the CSRF token).
    pub session: Session,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PageUser {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let app = app(request);
        let Some(session) = Session::load(request.cookies(), app.now()) else {
            return signed_out(request, false);
        };
        match app.services.user(session.user_id).await {
            Ok(user) if user.status == UserStatus::Active => {
                Outcome::Success(Self { user, session })
            }
            Ok(_) | Err(ServiceError::NotFound(_)) => signed_out(request, true),
            Err(other) => fail(request, ApiError::from(other)),
        }
    }
}

/// 401 for pages (the HTML catcher redirects to the sign-in page); `clear` also ends
/// the session of a user who may no longer sign in.
fn signed_out<T>(request: &Request<'_>, clear: bool) -> Outcome<T, ApiError> {
    if clear {
        Session::clear(request.cookies());
    }
    Outcome::Error((
        Status::Unauthorized,
        ApiError::Unauthorized("error.unauthorized"),
    ))
}

/// The cookie remembering which organization a page user acts in.
pub const ORG_COOKIE: &str = "rm_org";

/// A signed-in member acting in an organization from the pages.
#[derive(Debug, Clone)]
pub struct PageActor {
    /// Who acts, where, with which role.
    pub actor: Actor,
    /// The signed-in user.
    pub user: User,
    /// Their session (for the CSRF token).
    pub session: Session,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PageActor {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let app = app(request);
        let Some(session) = Session::load(request.cookies(), app.now()) else {
            return signed_out(request, false);
        };
        // The user and their memberships in one read: this runs on every page.
        let (user, memberships) = match app.services.user_with_memberships(session.user_id).await {
            Ok((user, memberships)) if user.status == UserStatus::Active => (user, memberships),
            Ok(_) | Err(ServiceError::NotFound(_)) => return signed_out(request, true),
            Err(other) => return fail(request, ApiError::from(other)),
        };
        let chosen = request
            .cookies()
            .get(ORG_COOKIE)
            .and_then(|c| c.value().parse::<uuid::Uuid>().ok())
            .map(OrgId::from_uuid);
        // The organization remembered by the cookie, or the first one when the user
        // left it meanwhile.
        let actor = match chosen {
            Some(org) if memberships.iter().any(|m| m.org.id == org) => {
                actor_from(user.id, memberships, Some(org))
            }
            _ => actor_from(user.id, memberships, None),
        };
        match actor {
            Ok(actor) => Outcome::Success(Self {
                actor,
                user,
                session,
            }),
            Err(ServiceError::NotFound(_)) => {
                fail(request, ApiError::Forbidden("auth.not_a_member"))
            }
            Err(other) => fail(request, ApiError::from(other)),
        }
    }
}
