//! The marketplace pages: the public search and listing page (with the renter's
//! application form), the renter's area (applications, guarantors, dossier
//! documents, profile) and the landlord's (listings, the applications to each with
//! the applicant's dossier summary, and the decisions).
//!
//! Paths: `/listings` (public), `/renter/*` (renters only: anyone else gets 403),
//! `/landlord/*` (organization members only: a renter gets 403). They do not collide
//! with the JSON API, mounted under `/api/v1`.

pub mod apply;
pub mod documents;
pub mod dossier;
pub mod guarantors;
pub mod labels;
pub mod landlord_listing;
pub mod landlord_listings;
pub mod listing;
pub mod listing_edit;
pub mod listing_form;
pub mod profile;
pub mod renter_applications;
pub mod search;

use rentmark_domain::ServiceError;
use rentmark_domain::validation::{FieldError, ValidationErrors};
use rocket::Route;

/// Every marketplace page route.
pub fn routes() -> Vec<Route> {
    let mut routes = search::routes();
    routes.extend(listing::routes());
    routes.extend(renter_applications::routes());
    routes.extend(guarantors::routes());
    routes.extend(documents::routes());
    routes.extend(profile::routes());
    routes.extend(landlord_listings::routes());
    routes.extend(landlord_listing::routes());
    routes.extend(listing_edit::routes());
    routes
}

/// Validation errors with each field renamed by `rename` (a domain field such as
/// `profile_overrides.phone` becomes the form's `phone`).
pub fn renamed(errors: ValidationErrors, rename: impl Fn(&str) -> String) -> ValidationErrors {
    ValidationErrors {
        errors: errors
            .errors
            .into_iter()
            .map(|e| FieldError {
                field: rename(&e.field),
                code: e.code,
            })
            .collect(),
    }
}

/// A service error whose validation errors are renamed by `rename`; any other error
/// as it is.
pub fn renamed_service(error: ServiceError, rename: impl Fn(&str) -> String) -> ServiceError {
    match error {
        ServiceError::Invalid(errors) => ServiceError::Invalid(renamed(errors, rename)),
        other => other,
    }
}

/// An optional whole number typed in a form: blank is `None`; anything else that is
/// not a number is `validation.invalid_type` on `field`.
pub fn optional_int(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<i64> {
    match text.trim() {
        "" => None,
        text => errors.check(field, text.parse::<i64>(), |_| {
            crate::api::envelope::INVALID_TYPE
        }),
    }
}

/// A typed optional text: `None` when blank (so that the domain's defaults apply).
pub fn non_blank(text: &str) -> Option<String> {
    Some(text.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
