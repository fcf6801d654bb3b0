//! Authentication and organization membership as request guards, never parsed inside a
//! handler: [`ApiUser`] and [`ApiActor`] for the JSON API (bearer token, optional
//! `X-Org-Id`), [`PageUser`] and [`PageActor`] for pages (session cookie).

use rentmark_domain::ServiceError;
use rentmark_domain::ids::OrgId;
use rentmark_domain::org::Actor;
use rentmark_domain::user::{User, UserStatus};
use rocket::http::Status;
use rocket::outcome::try_outcome;
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

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ApiUser {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let app = app(request);
        let Some(header) = request.headers().get_one("Authorization") else {
            return fail(request, ApiError::Unauthorized("error.unauthorized"));
        };
        let Some(token) = header.strip_prefix("Bearer ").map(str::trim) else {
            return fail(request, ApiError::Unauthorized("auth.invalid_token"));
        };
        let Some(claims) = token::verify(&app.keys, token, app.now()) else {
            return fail(request, ApiError::Unauthorized("auth.invalid_token"));
        };
        match app.services.user(claims.sub.into()).await {
            Ok(user) if user.status == UserStatus::Banned => {
                fail(request, ApiError::Forbidden("auth.banned"))
            }
            Ok(user) if !user.status.is_erased_or_erasing() => Outcome::Success(Self(user)),
            // A token for a user that no longer exists, or whose erasure was asked
            // for, is a bad credential.
            Ok(_) | Err(ServiceError::NotFound(_)) => {
                fail(request, ApiError::Unauthorized("auth.invalid_token"))
            }
            Err(other) => fail(request, ApiError::from(other)),
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
        let ApiUser(user) = try_outcome!(request.guard::<ApiUser>().await);
        let org = match request.headers().get_one("X-Org-Id") {
            None => None,
            Some(text) => match text.trim().parse::<uuid::Uuid>() {
                Ok(id) => Some(OrgId::from_uuid(id)),
                Err(_) => return fail(request, ApiError::BadRequest("error.bad_request")),
            },
        };
        match app(request).services.actor(user.id, org).await {
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
            return Outcome::Error((
                Status::Unauthorized,
                ApiError::Unauthorized("error.unauthorized"),
            ));
        };
        match app.services.user(session.user_id).await {
            Ok(user) if user.status == UserStatus::Active => {
                Outcome::Success(Self { user, session })
            }
            Ok(_) | Err(ServiceError::NotFound(_)) => {
                Session::clear(request.cookies());
                Outcome::Error((
                    Status::Unauthorized,
                    ApiError::Unauthorized("error.unauthorized"),
                ))
            }
            Err(other) => fail(request, ApiError::from(other)),
        }
    }
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
        let PageUser { user, session } = try_outcome!(request.guard::<PageUser>().await);
        let chosen = request
            .cookies()
            .get(ORG_COOKIE)
            .and_then(|c| c.value().parse::<uuid::Uuid>().ok())
            .map(OrgId::from_uuid);
        let services = &app(request).services;
        let actor = match services.actor(user.id, chosen).await {
            Err(ServiceError::NotFound(_)) if chosen.is_some() => {
                services.actor(user.id, None).await
            }
            other => other,
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
