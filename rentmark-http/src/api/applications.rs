//! Applications: the renter's `POST, GET /tenant/applications` and
//! `POST /applications/{id}/withdraw`; the landlord's `GET /landlord/applications`
//! (each row with the applicant's dossier summary) and
//! `POST /applications/{id}/reject`, `/accept`, `/confirm`; and, for either side,
//! `GET /applications/{id}` and `GET /applications/{id}/history`.
//!
//! Isolation: a renter sees only their applications, a member only those to their
//! organization's listings; anything else is 404.

use rentmark_domain::ids::ApplicationId;
use rentmark_domain::marketplace::application::{ApplicationInput, ApplicationStatus};
use rentmark_domain::marketplace::ports::ApplicationFilter;
use rentmark_domain::validation::{ValidationErrors, codes};
use rocket::{Route, State, get, post, routes};
use serde::Serialize;
use uuid::Uuid;

use crate::api::envelope::{Api, ApiResult, JsonBody, ListBody, page_request, path_id, query_id};
use crate::api::marketplace_json::{ApplicationJson, DossierSummaryJson, StatusChangeJson};
use crate::api::renter::{Party, Renter};
use crate::auth::ApiActor;
use crate::error::ApiError;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![
        apply,
        my_applications,
        withdraw,
        org_applications,
        reject,
        accept,
        confirm,
        get_one,
        history
    ]
}

#[post("/tenant/applications", data = "<body>")]
async fn apply(
    app: &State<App>,
    renter: Renter,
    body: JsonBody<ApplicationInput>,
) -> ApiResult<ApplicationJson> {
    let application = app.services.apply(&renter.0, &body.0, app.now()).await?;
    Ok(Api::created(ApplicationJson::from(&application)))
}

#[get("/tenant/applications?<page>&<limit>")]
async fn my_applications(
    app: &State<App>,
    renter: Renter,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<ApplicationJson>> {
    let applications = app
        .services
        .my_applications(&renter.0, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(applications, |a| {
        ApplicationJson::from(&a)
    })))
}

#[post("/applications/<id>/withdraw")]
async fn withdraw(app: &State<App>, renter: Renter, id: &str) -> ApiResult<ApplicationJson> {
    let application = app
        .services
        .withdraw_application(&renter.0, path_id(id)?, app.now())
        .await?;
    Ok(Api::ok(ApplicationJson::from(&application)))
}

/// Parses the `status` filter.
fn status_filter(text: Option<&str>) -> Result<Option<ApplicationStatus>, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| ValidationErrors::single("status", codes::INVALID_CHOICE).into()),
    }
}

#[get("/landlord/applications?<listing_id>&<status>&<page>&<limit>")]
async fn org_applications(
    app: &State<App>,
    actor: ApiActor,
    listing_id: Option<&str>,
    status: Option<&str>,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<ApplicationJson>> {
    let filter = ApplicationFilter {
        listing_id: query_id(listing_id)?,
        status: status_filter(status)?,
    };
    let dossiers = app
        .services
        .org_application_dossiers(&actor.0, filter, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(dossiers, |d| {
        ApplicationJson::with_dossier(&d.application, DossierSummaryJson::from(&d))
    })))
}

#[post("/applications/<id>/reject")]
async fn reject(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<ApplicationJson> {
    let application = app
        .services
        .reject_application(&actor.0, path_id(id)?, app.now())
        .await?;
    Ok(Api::ok(ApplicationJson::from(&application)))
}

#[post("/applications/<id>/accept")]
async fn accept(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<ApplicationJson> {
    let application = app
        .services
        .accept_application(&actor.0, path_id(id)?, app.now())
        .await?;
    Ok(Api::ok(ApplicationJson::from(&application)))
}

/// The answer of a confirmation: the application, the lease created for it, and what
/// else changed.
#[derive(Debug, Serialize)]
pub struct ConfirmedJson {
    #[serde(flatten)]
    application: ApplicationJson,
    lease_id: Uuid,
    tenant_id: Uuid,
    cancelled_application_ids: Vec<Uuid>,
    listing_closed: bool,
}

#[post("/applications/<id>/confirm")]
async fn confirm(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<ConfirmedJson> {
    let confirmed = app
        .services
        .confirm_application(&actor.0, path_id(id)?, app.now())
        .await?;
    Ok(Api::ok(ConfirmedJson {
        application: ApplicationJson::from(&confirmed.application),
        lease_id: confirmed.lease_id.as_uuid(),
        tenant_id: confirmed.tenant_id.as_uuid(),
        cancelled_application_ids: confirmed
            .outcome
            .cancelled
            .iter()
            .map(|a| a.as_uuid())
            .collect(),
        listing_closed: confirmed.outcome.listing_closed,
    }))
}

#[get("/applications/<id>")]
async fn get_one(app: &State<App>, party: Party, id: &str) -> ApiResult<ApplicationJson> {
    let id = path_id::<ApplicationId>(id)?;
    let application = match &party {
        Party::Renter(user) => app.services.application_for_renter(user, id).await?,
        Party::Member(actor) => app.services.application_for_member(actor, id).await?,
    };
    Ok(Api::ok(ApplicationJson::from(&application)))
}

#[get("/applications/<id>/history")]
async fn history(app: &State<App>, party: Party, id: &str) -> ApiResult<Vec<StatusChangeJson>> {
    let id = path_id::<ApplicationId>(id)?;
    let changes = match &party {
        Party::Renter(user) => app.services.history_for_renter(user, id).await?,
        Party::Member(actor) => app.services.history_for_member(actor, id).await?,
    };
    Ok(Api::ok(
        changes.iter().map(StatusChangeJson::from).collect(),
    ))
}
