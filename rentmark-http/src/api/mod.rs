//! The JSON API under `/api/v1`: the envelope, list shape, status codes and error
//! codes of `API.md`. One module per resource, each with `routes()`.

pub mod applications;
pub mod auth;
pub mod dashboard;
pub mod documents;
pub mod envelope;
pub mod export;
pub mod guarantors;
pub mod json;
pub mod leases;
pub mod listings;
pub mod marketplace_json;
pub mod payments;
pub mod properties;
pub mod renter;
pub mod tenants;
pub mod users;

use rocket::Route;

/// Every API route, to be mounted at `/api/v1`.
pub fn routes() -> Vec<Route> {
    [
        auth::routes(),
        users::routes(),
        properties::routes(),
        tenants::routes(),
        leases::routes(),
        payments::routes(),
        dashboard::routes(),
        listings::routes(),
        guarantors::routes(),
        applications::routes(),
        documents::routes(),
    ]
    .concat()
}
