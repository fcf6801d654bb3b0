//! A request id on every request: taken from `X-Request-Id` when the caller (a load
//! balancer) sets a sane one, generated otherwise; echoed in the response header and
//! carried by a tracing span around the request.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Data, Request, Response};

/// The header carrying the id.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";

/// A request's id.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The fairing that assigns ids and logs each request with its id, status and time.
#[derive(Debug, Default)]
pub struct RequestIdFairing;

struct Started(std::time::Instant);

fn sane(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The id of `request` (assigned on first use).
pub fn request_id(request: &Request<'_>) -> String {
    request
        .local_cache(|| {
            let id = request
                .headers()
                .get_one(REQUEST_ID_HEADER)
                .filter(|id| sane(id))
                .map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_owned);
            RequestId(id)
        })
        .0
        .clone()
}

#[rocket::async_trait]
impl Fairing for RequestIdFairing {
    fn info(&self) -> Info {
        Info {
            name: "request id",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        request.local_cache(|| Started(std::time::Instant::now()));
        let _ = request_id(request);
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let id = request_id(request);
        let elapsed = request
            .local_cache(|| Started(std::time::Instant::now()))
            .0
            .elapsed();
        tracing::info!(
            request_id = %id,
            method = %request.method(),
            path = %request.uri().path(),
            status = response.status().code,
            micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            "request"
        );
        response.set_header(Header::new(REQUEST_ID_HEADER, id));
    }
}
