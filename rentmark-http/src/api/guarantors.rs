//! The renter's guarantors: `GET, POST /tenant/guarantors` and
//! `GET, PUT, DELETE /tenant/guarantors/{id}`. A renter only ever sees their own
//! (another renter's id is 404).

use rentmark_domain::ids::GuarantorId;
use rentmark_domain::marketplace::dossier::GuarantorInput;
use rocket::{Route, State, delete, get, post, put, routes};
use serde::Serialize;

use crate::api::envelope::{Api, ApiResult, JsonBody, ListBody, page_request, path_id};
use crate::api::marketplace_json::GuarantorJson;
use crate::api::renter::Renter;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![list, create, get_one, update, remove]
}

#[get("/tenant/guarantors?<page>&<limit>")]
async fn list(
    app: &State<App>,
    renter: Renter,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<GuarantorJson>> {
    let guarantors = app
        .services
        .guarantors(&renter.0, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(guarantors, |g| {
        GuarantorJson::from(&g)
    })))
}

#[post("/tenant/guarantors", data = "<body>")]
async fn create(
    app: &State<App>,
    renter: Renter,
    body: JsonBody<GuarantorInput>,
) -> ApiResult<GuarantorJson> {
    let guarantor = app
        .services
        .create_guarantor(&renter.0, &body.0, app.now())
        .await?;
    Ok(Api::created(GuarantorJson::from(&guarantor)))
}

#[get("/tenant/guarantors/<id>")]
async fn get_one(app: &State<App>, renter: Renter, id: &str) -> ApiResult<GuarantorJson> {
    let guarantor = app
        .services
        .guarantor(&renter.0, path_id::<GuarantorId>(id)?)
        .await?;
    Ok(Api::ok(GuarantorJson::from(&guarantor)))
}

#[put("/tenant/guarantors/<id>", data = "<body>")]
async fn update(
    app: &State<App>,
    renter: Renter,
    id: &str,
    body: JsonBody<GuarantorInput>,
) -> ApiResult<GuarantorJson> {
    let guarantor = app
        .services
        .update_guarantor(&renter.0, path_id(id)?, &body.0, app.now())
        .await?;
    Ok(Api::ok(GuarantorJson::from(&guarantor)))
}

/// The answer of a deletion.
#[derive(Debug, Serialize)]
pub struct Deleted {
    /// How many were deleted.
    pub deleted: usize,
}

#[delete("/tenant/guarantors/<id>")]
async fn remove(app: &State<App>, renter: Renter, id: &str) -> ApiResult<Deleted> {
    app.services
        .delete_guarantor(&renter.0, path_id(id)?)
        .await?;
    Ok(Api::ok(Deleted { deleted: 1 }))
}
