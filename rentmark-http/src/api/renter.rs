//! Request guards of the marketplace API: [`Renter`] for the renter routes
//! (`/tenant/*`, dossier documents, withdrawing an application): a bearer-authenticated
//! user whose account is a renter's, any other account refused with 403 before the
//! handler runs; and [`Party`] for what either side of an application may read (its
//! renter, or a member of the listing's organization).

use rentmark_domain::user::{AccountRole, User};
use rocket::outcome::try_outcome;
use rocket::request::{FromRequest, Outcome, Request};

use rentmark_domain::org::Actor;

use crate::auth::{ApiActor, ApiUser};
use crate::error::{ApiError, record_guard_failure};

/// A renter authenticated by a bearer token.
#[derive(Debug, Clone)]
pub struct Renter(pub User);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Renter {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let ApiUser(user) = try_outcome!(request.guard::<ApiUser>().await);
        if user.role == AccountRole::Tenant {
            Outcome::Success(Self(user))
        } else {
            let error = ApiError::Forbidden("error.forbidden");
            let status = error.status();
            record_guard_failure(request, error);
            Outcome::Error((status, ApiError::from_status(status)))
        }
    }
}

/// Either side of an application: a renter, or a member of an organization (acting
/// in the organization `X-Org-Id` names, as [`ApiActor`]).
#[derive(Debug, Clone)]
pub enum Party {
    /// A renter.
    Renter(User),
    /// A member of an organization.
    Member(Actor),
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Party {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let ApiUser(user) = try_outcome!(request.guard::<ApiUser>().await);
        if user.role == AccountRole::Tenant {
            return Outcome::Success(Self::Renter(user));
        }
        let ApiActor(actor) = try_outcome!(request.guard::<ApiActor>().await);
        Outcome::Success(Self::Member(actor))
    }
}
