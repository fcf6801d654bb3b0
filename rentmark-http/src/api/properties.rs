//! Properties and units: `/properties`, `/properties/batch`, `/properties/{id}`,
//! `/properties/{id}/units`, `/units/{id}`, `/units/{id}/history`.

use rentmark_domain::ids::{PropertyId, UnitId};
use rentmark_domain::property::{PropertyInput, UnitInput};
use rentmark_domain::validation::{ValidationErrors, codes};
use rocket::{Route, State, delete, get, post, put, routes};
use serde::{Deserialize, Serialize};

use crate::api::envelope::{Api, ApiResult, JsonBody, ListBody, page_request, path_id};
use crate::api::json::{HistoryJson, PropertyJson, UnitJson};
use crate::auth::ApiActor;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![
        list_properties,
        create_property,
        create_batch,
        delete_batch,
        get_property,
        update_property,
        delete_property,
        list_units,
        create_unit,
        get_unit,
        update_unit,
        delete_unit,
        unit_history
    ]
}

#[get("/properties?<page>&<limit>")]
async fn list_properties(
    app: &State<App>,
    actor: ApiActor,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<PropertyJson>> {
    let page = app
        .services
        .properties(&actor.0, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(page, |p| {
        PropertyJson::from(&p)
    })))
}

#[post("/properties", data = "<body>")]
async fn create_property(
    app: &State<App>,
    actor: ApiActor,
    body: JsonBody<PropertyInput>,
) -> ApiResult<PropertyJson> {
    let property = app
        .services
        .create_property(&actor.0, &body.0, app.now())
        .await?;
    Ok(Api::created(PropertyJson::from(&property)))
}

/// `POST /properties/batch` body.
#[derive(Debug, Deserialize)]
pub struct BatchCreate {
    #[serde(default)]
    items: Vec<PropertyInput>,
}

#[post("/properties/batch", data = "<body>")]
async fn create_batch(
    app: &State<App>,
    actor: ApiActor,
    body: JsonBody<BatchCreate>,
) -> ApiResult<Vec<PropertyJson>> {
    let properties = app
        .services
        .create_properties(&actor.0, &body.0.items, app.now())
        .await?;
    Ok(Api::created(
        properties.iter().map(PropertyJson::from).collect(),
    ))
}

/// `DELETE /properties/batch` body.
#[derive(Debug, Deserialize)]
pub struct BatchDelete {
    #[serde(default)]
    ids: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Deleted {
    deleted: usize,
}

#[delete("/properties/batch", data = "<body>")]
async fn delete_batch(
    app: &State<App>,
    actor: ApiActor,
    body: JsonBody<BatchDelete>,
) -> ApiResult<Deleted> {
    let mut errors = ValidationErrors::new();
    let mut ids = Vec::with_capacity(body.0.ids.len());
    for (index, text) in body.0.ids.iter().enumerate() {
        match uuid::Uuid::parse_str(text.trim()) {
            Ok(id) => ids.push(PropertyId::from_uuid(id)),
            Err(_) => errors.add(format!("ids[{index}]"), codes::UNKNOWN_REFERENCE),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    app.services.delete_properties(&actor.0, &ids).await?;
    Ok(Api::ok(Deleted { deleted: ids.len() }))
}

#[get("/properties/<id>", rank = 2)]
async fn get_property(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<PropertyJson> {
    let property = app
        .services
        .property(&actor.0, path_id::<PropertyId>(id)?)
        .await?;
    Ok(Api::ok(PropertyJson::from(&property)))
}

#[put("/properties/<id>", data = "<body>", rank = 2)]
async fn update_property(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<PropertyInput>,
) -> ApiResult<PropertyJson> {
    let property = app
        .services
        .update_property(&actor.0, path_id(id)?, &body.0, app.now())
        .await?;
    Ok(Api::ok(PropertyJson::from(&property)))
}

#[delete("/properties/<id>", rank = 2)]
async fn delete_property(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<Deleted> {
    app.services
        .delete_properties(&actor.0, &[path_id(id)?])
        .await?;
    Ok(Api::ok(Deleted { deleted: 1 }))
}

#[get("/properties/<id>/units?<page>&<limit>")]
async fn list_units(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<UnitJson>> {
    let units = app
        .services
        .units(&actor.0, path_id(id)?, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(units, |u| UnitJson::from(&u))))
}

#[post("/properties/<id>/units", data = "<body>")]
async fn create_unit(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<UnitInput>,
) -> ApiResult<UnitJson> {
    let unit = app
        .services
        .create_unit(&actor.0, path_id(id)?, &body.0, app.now())
        .await?;
    Ok(Api::created(UnitJson::from(&unit)))
}

#[get("/units/<id>")]
async fn get_unit(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<UnitJson> {
    let unit = app.services.unit(&actor.0, path_id::<UnitId>(id)?).await?;
    Ok(Api::ok(UnitJson::from(&unit)))
}

#[put("/units/<id>", data = "<body>")]
async fn update_unit(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<UnitInput>,
) -> ApiResult<UnitJson> {
    let unit = app
        .services
        .update_unit(&actor.0, path_id(id)?, &body.0, app.now())
        .await?;
    Ok(Api::ok(UnitJson::from(&unit)))
}

#[delete("/units/<id>")]
async fn delete_unit(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<Deleted> {
    app.services.delete_unit(&actor.0, path_id(id)?).await?;
    Ok(Api::ok(Deleted { deleted: 1 }))
}

#[get("/units/<id>/history")]
async fn unit_history(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<Vec<HistoryJson>> {
    let history = app.services.unit_history(&actor.0, path_id(id)?).await?;
    let today = rentmark_domain::calendar::local_date(app.now(), actor.0.org.timezone);
    Ok(Api::ok(
        history.iter().map(|h| HistoryJson::new(h, today)).collect(),
    ))
}
