//! `GET /dashboard?property_id=&page=&limit=`: organization totals, billing rows and
//! the last 12 months.

use rocket::{Route, State, get, routes};

use crate::api::envelope::{Api, ApiResult, page_request, query_id};
use crate::api::json::DashboardJson;
use crate::auth::ApiActor;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![dashboard]
}

#[get("/dashboard?<property_id>&<page>&<limit>")]
async fn dashboard(
    app: &State<App>,
    actor: ApiActor,
    property_id: Option<&str>,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<DashboardJson> {
    let dashboard = app
        .services
        .dashboard(
            &actor.0,
            query_id(property_id)?,
            page_request(page, limit)?,
            app.now(),
        )
        .await?;
    Ok(Api::ok(DashboardJson::from(dashboard)))
}
