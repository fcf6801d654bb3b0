//! Tenants: `/tenants`, `/tenants/{id}`, `/tenants/{id}/balance`.

use rentmark_domain::ids::TenantId;
use rentmark_domain::tenant::TenantInput;
use rocket::{Route, State, get, post, put, routes};

use crate::api::envelope::{Api, ApiResult, JsonBody, ListBody, page_request, path_id};
use crate::api::json::{BalanceJson, TenantJson};
use crate::auth::ApiActor;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![
        list_tenants,
        create_tenant,
        get_tenant,
        update_tenant,
        balance
    ]
}

#[get("/tenants?<page>&<limit>")]
async fn list_tenants(
    app: &State<App>,
    actor: ApiActor,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<TenantJson>> {
    let page = app
        .services
        .tenants(&actor.0, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(page, |t| TenantJson::from(&t))))
}

#[post("/tenants", data = "<body>")]
async fn create_tenant(
    app: &State<App>,
    actor: ApiActor,
    body: JsonBody<TenantInput>,
) -> ApiResult<TenantJson> {
    let tenant = app
        .services
        .create_tenant(&actor.0, &body.0, app.now())
        .await?;
    Ok(Api::created(TenantJson::from(&tenant)))
}

#[get("/tenants/<id>")]
async fn get_tenant(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<TenantJson> {
    let tenant = app
        .services
        .tenant(&actor.0, path_id::<TenantId>(id)?)
        .await?;
    Ok(Api::ok(TenantJson::from(&tenant)))
}

#[put("/tenants/<id>", data = "<body>")]
async fn update_tenant(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<TenantInput>,
) -> ApiResult<TenantJson> {
    let tenant = app
        .services
        .update_tenant(&actor.0, path_id(id)?, &body.0, app.now())
        .await?;
    Ok(Api::ok(TenantJson::from(&tenant)))
}

#[get("/tenants/<id>/balance")]
async fn balance(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<BalanceJson> {
    let balance = app
        .services
        .tenant_balance(&actor.0, path_id(id)?, app.now())
        .await?;
    Ok(Api::ok(BalanceJson::from(&balance)))
}
