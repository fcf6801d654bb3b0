//! Listings: the public search `GET /listings` and page `GET /listings/{id}`, and the
//! landlord's `POST /landlord/listings`, `GET /landlord/listings`,
//! `PUT /landlord/listings/{id}` (its details; rooms are not edited),
//! `POST /landlord/listings/{id}/publish` and `/close`.

use rentmark_domain::ids::ListingId;
use rentmark_domain::marketplace::listing::{ListingDetailsInput, ListingInput, ListingStatus};
use rentmark_domain::marketplace::search::ListingQueryInput;
use rocket::{FromForm, Route, State, get, post, put, routes};
use serde::Serialize;

use crate::api::envelope::{Api, ApiResult, JsonBody, ListBody, page_request, path_id};
use crate::api::marketplace_json::{ListingJson, SearchResultJson};
use crate::auth::ApiActor;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![
        search,
        public_listing,
        create,
        list_mine,
        get_mine,
        update,
        publish,
        close
    ]
}

/// The query of `GET /listings`, every parameter as text so that the domain says
/// which one is wrong (422) instead of the route not matching.
#[derive(Debug, FromForm)]
pub struct SearchParams<'r> {
    city: Option<&'r str>,
    price_max: Option<&'r str>,
    #[field(name = "type")]
    kind: Option<&'r str>,
    available_from: Option<&'r str>,
    page: Option<&'r str>,
    limit: Option<&'r str>,
}

#[get("/listings?<params..>")]
async fn search(
    app: &State<App>,
    params: SearchParams<'_>,
) -> ApiResult<ListBody<SearchResultJson>> {
    let page = page_request(params.page, params.limit)?;
    let query = ListingQueryInput {
        city: params.city,
        price_max: params.price_max,
        kind: params.kind,
        available_from: params.available_from,
    }
    .parse(page)?;
    let results = app.services.search_listings(&query).await?;
    Ok(Api::ok(ListBody::from_page(results, |s| {
        SearchResultJson::from(&s)
    })))
}

#[get("/listings/<id>")]
async fn public_listing(app: &State<App>, id: &str) -> ApiResult<ListingJson> {
    let listing = app
        .services
        .public_listing(path_id::<ListingId>(id)?)
        .await?;
    Ok(Api::ok(ListingJson::public(&listing)))
}

#[post("/landlord/listings", data = "<body>")]
async fn create(
    app: &State<App>,
    actor: ApiActor,
    body: JsonBody<ListingInput>,
) -> ApiResult<ListingJson> {
    let listing = app
        .services
        .create_listing(&actor.0, &body.0, app.now())
        .await?;
    Ok(Api::created(ListingJson::for_org(&listing)))
}

#[get("/landlord/listings?<page>&<limit>")]
async fn list_mine(
    app: &State<App>,
    actor: ApiActor,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<ListingJson>> {
    let listings = app
        .services
        .org_listings(&actor.0, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(listings, |l| {
        ListingJson::for_org(&l)
    })))
}

#[get("/landlord/listings/<id>")]
async fn get_mine(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<ListingJson> {
    let listing = app.services.org_listing(&actor.0, path_id(id)?).await?;
    Ok(Api::ok(ListingJson::for_org(&listing)))
}

#[put("/landlord/listings/<id>", data = "<body>")]
async fn update(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<ListingDetailsInput>,
) -> ApiResult<ListingJson> {
    let listing = app
        .services
        .update_listing(&actor.0, path_id(id)?, &body.0, app.now())
        .await?;
    Ok(Api::ok(ListingJson::for_org(&listing)))
}

/// The answer of a listing status change.
#[derive(Debug, Serialize)]
pub struct StatusJson {
    id: uuid::Uuid,
    status: &'static str,
}

fn status_json(id: ListingId, status: ListingStatus) -> StatusJson {
    StatusJson {
        id: id.as_uuid(),
        status: status.as_str(),
    }
}

#[post("/landlord/listings/<id>/publish")]
async fn publish(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<StatusJson> {
    let id = path_id::<ListingId>(id)?;
    let status = app
        .services
        .publish_listing(&actor.0, id, app.now())
        .await?;
    Ok(Api::ok(status_json(id, status)))
}

#[post("/landlord/listings/<id>/close")]
async fn close(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<StatusJson> {
    let id = path_id::<ListingId>(id)?;
    let status = app.services.close_listing(&actor.0, id, app.now()).await?;
    Ok(Api::ok(status_json(id, status)))
}
