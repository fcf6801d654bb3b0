//! Payments: `POST /payments` (an `Idempotency-Key` header makes retries safe),
//! `GET /payments?lease_id=&tenant_id=`, `GET, PUT, DELETE /payments/{id}` (PUT and
//! DELETE are recorded as a reversal plus, for PUT, a new entry).

use rentmark_domain::ids::PaymentId;
use rentmark_domain::ledger::PaymentInput;
use rentmark_domain::ports::PaymentFilter;
use rocket::request::{FromRequest, Outcome, Request};
use rocket::{Route, State, delete, get, post, put, routes};

use crate::api::envelope::{Api, ApiResult, JsonBody, ListBody, page_request, path_id, query_id};
use crate::api::json::PaymentJson;
use crate::auth::ApiActor;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![record, list, get_payment, amend, remove]
}

/// The optional `Idempotency-Key` header.
#[derive(Debug)]
pub struct IdempotencyKeyHeader(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for IdempotencyKeyHeader {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(Self(
            request
                .headers()
                .get_one("Idempotency-Key")
                .map(str::to_owned),
        ))
    }
}

#[post("/payments", data = "<body>")]
async fn record(
    app: &State<App>,
    actor: ApiActor,
    key: IdempotencyKeyHeader,
    body: JsonBody<PaymentInput>,
) -> ApiResult<PaymentJson> {
    let payment = app
        .services
        .record_payment(&actor.0, &body.0, key.0.as_deref(), app.now())
        .await?;
    Ok(Api::created(PaymentJson::from(&payment)))
}

#[get("/payments?<lease_id>&<tenant_id>&<page>&<limit>")]
async fn list(
    app: &State<App>,
    actor: ApiActor,
    lease_id: Option<&str>,
    tenant_id: Option<&str>,
    page: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<ListBody<PaymentJson>> {
    let filter = PaymentFilter {
        lease_id: query_id(lease_id)?,
        tenant_id: query_id(tenant_id)?,
    };
    let payments = app
        .services
        .payments(&actor.0, filter, page_request(page, limit)?)
        .await?;
    Ok(Api::ok(ListBody::from_page(payments, |p| {
        PaymentJson::from(&p)
    })))
}

#[get("/payments/<id>")]
async fn get_payment(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<PaymentJson> {
    let payment = app
        .services
        .payment(&actor.0, path_id::<PaymentId>(id)?)
        .await?;
    Ok(Api::ok(PaymentJson::from(&payment)))
}

#[put("/payments/<id>", data = "<body>")]
async fn amend(
    app: &State<App>,
    actor: ApiActor,
    id: &str,
    body: JsonBody<PaymentInput>,
) -> ApiResult<PaymentJson> {
    let payment = app
        .services
        .amend_payment(&actor.0, path_id(id)?, &body.0, app.now())
        .await?;
    Ok(Api::ok(PaymentJson::from(&payment)))
}

#[delete("/payments/<id>")]
async fn remove(app: &State<App>, actor: ApiActor, id: &str) -> ApiResult<PaymentJson> {
    let payment = app
        .services
        .delete_payment(&actor.0, path_id(id)?, app.now())
        .await?;
    Ok(Api::ok(PaymentJson::from(&payment)))
}
