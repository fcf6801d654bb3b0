//! Leases: `/leases`, `/leases/{id}`, `/leases/{id}/end`, `/leases/{id}/ledger`.

use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::LeaseId;
use rentmark_domain::lease::LeaseInput;
use rentmark_domain::ports::LeaseFilter;
use rentmark_domain::services::LeaseUpdateInput;
use rocket::{Route, State, get, post, put, routes};
use serde::Deserialize;

use crate::api::envelope::{Api, ApiResult, JsonBody, ListBody, page_request, path_id, query_id};
use crate::api::json::{EntryJson, LeaseJson};
use crate::auth::ApiActor;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![
        list_leases,
        create_lease,
        get_lease,
        update_lease,
        end_lease,
        ledger
    ]
}

#[get("/leases?<unit_id>&<tenant_id>&<property_id>&<page>&<limit>")]
async fn list_leases(
    app: &State<App>,
    actor: ApiActor,
    unit_id: Option<&str>,
    tenant_id: Option<&str>,
    property_id: Option<&str>,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<LeaseJson>> {
    let filter = LeaseFilter {
        unit_id: query_id(unit_id)?,
        tenant_id: query_id(tenant_id)?,
        property_id: query_id(property_id)?,
    };
    let leases = app
        .services
        .leases(&actor.0, filter, page_request(page, limit)?)
        .await?;
    let today = local_date(app.now(), actor.0.org.timezone);
    Ok(Api::ok(ListBody::from_page(leases, |l| {
        LeaseJson::new(&l, today)
    })))
}

#[post("/leases", data = "<body>")]
async fn create_lease(
    app: &State<App>,
    actor: ApiActor,
    body: JsonBody<LeaseInput>,
) -> ApiResult<LeaseJson> {
    let now = app.now();
    let lease = app.services.create_lease(&actor.0, &body.0, now).await?;
    Ok(Api::created(LeaseJson::new(
        &lease,
        local_date(now, actor.0.org.timezone),
    )))
}

#[get("/leases/<id>")]
async fn get_lease(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<LeaseJson> {
    let lease = app
        .services
        .lease(&actor.0, path_id::<LeaseId>(id)?)
        .await?;
    Ok(Api::ok(LeaseJson::new(
        &lease,
        local_date(app.now(), actor.0.org.timezone),
    )))
}

#[put("/leases/<id>", data = "<body>")]
async fn update_lease(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<LeaseUpdateInput>,
) -> ApiResult<LeaseJson> {
    let now = app.now();
    let lease = app
        .services
        .update_lease(&actor.0, path_id(id)?, &body.0, now)
        .await?;
    Ok(Api::ok(LeaseJson::new(
        &lease,
        local_date(now, actor.0.org.timezone),
    )))
}

/// `POST /leases/{id}/end` body.
#[derive(Debug, Deserialize)]
pub struct EndBody {
    #[serde(default)]
    end_date: String,
}

#[post("/leases/<id>/end", data = "<body>")]
async fn end_lease(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<EndBody>,
) -> ApiResult<LeaseJson> {
    let now = app.now();
    let lease = app
        .services
        .end_lease(&actor.0, path_id(id)?, &body.0.end_date, now)
        .await?;
    Ok(Api::ok(LeaseJson::new(
        &lease,
        local_date(now, actor.0.org.timezone),
    )))
}

#[get("/leases/<id>/ledger")]
async fn ledger(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<Vec<EntryJson>> {
    let lines = app.services.lease_ledger(&actor.0, path_id(id)?).await?;
    Ok(Api::ok(lines.iter().map(EntryJson::from).collect()))
}
