//! `GET /healthz`: `{"status":"ok","db":"ok"}`, or 503 when the database is
//! unreachable. No envelope, no auth.

use rocket::http::Status;
use rocket::serde::json::{Json, Value, json};
use rocket::{Route, State, get, routes};

use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![healthz]
}

#[get("/healthz")]
async fn healthz(app: &State<App>) -> (Status, Json<Value>) {
    match app.services.store().ping().await {
        Ok(()) => (Status::Ok, Json(json!({"status": "ok", "db": "ok"}))),
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            (
                Status::ServiceUnavailable,
                Json(json!({"status": "degraded", "db": "unreachable"})),
            )
        }
    }
}
