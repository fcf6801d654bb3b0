//! A request id on every request: taken from `X-Request-Id` when the caller (a load
//! balancer) sets a sane one, generated otherwise; echoed in the response header and
//! carried by a tracing span around the request. The same fairing sends each response
//! body of known size in one piece (see [`SINGLE_CHUNK_LIMIT`]).

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::response::Body;
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

/// Bodies of known size up to this many bytes go to the connection as one chunk.
///
/// Rocket hands a body to hyper through a channel of one chunk, 4 KiB by default: a
/// 4.3 KB balance crossed it in two, and each extra chunk cost a task wake-up, a
/// second `writev` and a second TCP segment. Larger bodies (files, exports) keep
/// chunks of this size, so no response buffers more than 256 KiB at a time.
pub const SINGLE_CHUNK_LIMIT: usize = 256 * 1024;

/// A fresh id: 128 random bits from the thread's fast generator, as a UUIDv4 in hex.
/// An id only correlates log lines, so it needs no system entropy (a `getrandom`
/// system call per request before).
fn fresh_id() -> String {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
        .into_uuid()
        .simple()
        .to_string()
}

/// The chunk size for a body of `size` bytes: the whole body up to
/// [`SINGLE_CHUNK_LIMIT`], never below Rocket's default.
fn chunk_size(size: usize) -> usize {
    size.clamp(Body::DEFAULT_MAX_CHUNK, SINGLE_CHUNK_LIMIT)
}

/// The id of `request` (assigned on first use).
pub fn request_id(request: &Request<'_>) -> String {
    request
        .local_cache(|| {
            let id = request
                .headers()
                .get_one(REQUEST_ID_HEADER)
                .filter(|id| sane(id))
                .map_or_else(fresh_id, str::to_owned);
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
        send_whole(response);
    }
}

/// Lets a body of known size leave in one chunk (see [`SINGLE_CHUNK_LIMIT`]); a
/// streamed body keeps Rocket's default.
fn send_whole(response: &mut Response<'_>) {
    if let Some(size) = response.body().preset_size() {
        response.set_max_chunk_size(chunk_size(size));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_are_sane_distinct_version_4_uuids() {
        let a = fresh_id();
        let b = fresh_id();
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert!(sane(id), "{id}");
            let uuid = uuid::Uuid::parse_str(id).expect("a UUID in hex");
            assert_eq!(uuid.get_version_num(), 4);
        }
    }

    fn sized(len: usize) -> Response<'static> {
        Response::build()
            .sized_body(len, std::io::Cursor::new(vec![b'x'; len]))
            .finalize()
    }

    #[test]
    fn a_sized_body_leaves_whole_and_a_streamed_one_in_default_chunks() {
        let mut balance = sized(4_332);
        send_whole(&mut balance);
        assert_eq!(balance.body().max_chunk_size(), 4_332);

        let mut export = sized(SINGLE_CHUNK_LIMIT + 1);
        send_whole(&mut export);
        assert_eq!(export.body().max_chunk_size(), SINGLE_CHUNK_LIMIT);

        let mut streamed = Response::build()
            .streamed_body(std::io::Cursor::new(vec![b'x'; 10_000]))
            .finalize();
        send_whole(&mut streamed);
        assert_eq!(streamed.body().max_chunk_size(), Body::DEFAULT_MAX_CHUNK);
    }

    #[rocket::async_test]
    async fn the_fairing_names_the_response_and_sends_its_body_whole() {
        let client = rocket::local::asynchronous::Client::untracked(rocket::build())
            .await
            .expect("a client");
        let request = client
            .get("/")
            .header(Header::new(REQUEST_ID_HEADER, "abc-1"));
        let mut response = sized(4_332);
        RequestIdFairing.on_response(&request, &mut response).await;
        assert_eq!(response.headers().get_one(REQUEST_ID_HEADER), Some("abc-1"));
        assert_eq!(response.body().max_chunk_size(), 4_332);
    }

    #[test]
    fn bodies_up_to_the_limit_go_in_one_chunk() {
        assert_eq!(chunk_size(0), Body::DEFAULT_MAX_CHUNK);
        assert_eq!(chunk_size(4_300), 4_300);
        assert_eq!(chunk_size(SINGLE_CHUNK_LIMIT), SINGLE_CHUNK_LIMIT);
        assert_eq!(chunk_size(50 << 20), SINGLE_CHUNK_LIMIT);
    }
}
