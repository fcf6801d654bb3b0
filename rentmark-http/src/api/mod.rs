//! The JSON API under `/api/v1`: the envelope, list shape, status codes and error
//! codes of `API.md`. One module per resource, each with `routes()`.

pub mod auth;
pub mod dashboard;
pub mod envelope;
pub mod json;
pub mod leases;
pub mod payments;
pub mod properties;
pub mod tenants;

use rocket::Route;

/// Every API route, to be mounted at `/api/v1`.
pub fn routes() -> Vec<Route> {
    [
        auth::routes(),
        properties::routes(),
        tenants::routes(),
        leases::routes(),
        payments::routes(),
        dashboard::routes(),
    ]
    .concat()
}
