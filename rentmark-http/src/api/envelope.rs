//! The JSON envelope, bodies and query parameters shared by every API route.

use rentmark_domain::ports::{Page, PageRequest};
use rocket::Data;
use rocket::data::{ByteUnit, FromData, Outcome as DataOutcome, ToByteUnit};
use rocket::http::{ContentType, Status};
use rocket::request::Request;
use rocket::response::{self, Responder};
use rocket::serde::json::Json;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, record_guard_failure};

/// A successful answer: `{"success": true, "data": .., "error": null}` with a status.
#[derive(Debug)]
pub struct Api<T> {
    status: Status,
    data: T,
}

/// The result of an API handler.
pub type ApiResult<T> = Result<Api<T>, ApiError>;

#[derive(Serialize)]
struct SuccessEnvelope<T> {
    success: bool,
    data: T,
    error: Option<()>,
}

impl<T> Api<T> {
    /// 200 with `data`.
    pub fn ok(data: T) -> Self {
        Self {
            status: Status::Ok,
            data,
        }
    }

    /// 201 with `data`.
    pub fn created(data: T) -> Self {
        Self {
            status: Status::Created,
            data,
        }
    }

    /// 202 with `data`.
    pub fn accepted(data: T) -> Self {
        Self {
            status: Status::Accepted,
            data,
        }
    }
}

impl<'r, T: Serialize> Responder<'r, 'static> for Api<T> {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Json(SuccessEnvelope {
            success: true,
            data: self.data,
            error: None,
        })
        .respond_to(request)?;
        response.set_status(self.status);
        Ok(response)
    }
}

/// A list answer: `{"results": [..], "total": N, "page": P, "limit": L}`.
#[derive(Debug, Serialize)]
pub struct ListBody<T> {
    /// The rows of this page.
    pub results: Vec<T>,
    /// Rows across all pages.
    pub total: u64,
    /// The page.
    pub page: u32,
    /// The page size.
    pub limit: u32,
}

impl<T> ListBody<T> {
    /// Converts a domain page, mapping each row.
    pub fn from_page<U>(page: Page<U>, f: impl FnMut(U) -> T) -> Self {
        let page = page.map(f);
        Self {
            results: page.results,
            total: page.total,
            page: page.page,
            limit: page.limit,
        }
    }
}

/// Checks `?page=&limit=` (taken as text so that `limit=abc` is an error, not the
/// default): page >= 1, 1 <= limit <= 100 (default 1 and 20).
///
/// # Errors
/// 422 with every bad field.
pub fn page_request(page: Option<&str>, limit: Option<&str>) -> Result<PageRequest, ApiError> {
    let mut errors = rentmark_domain::validation::ValidationErrors::new();
    let mut number =
        |field: &str, text: Option<&str>, default: u32, max: u32| match text.map(str::trim) {
            None | Some("") => Some(default),
            Some(text) => match text.parse::<u32>() {
                Ok(value) if (1..=max).contains(&value) => Some(value),
                _ => {
                    errors.add(field, rentmark_domain::validation::codes::OUT_OF_RANGE);
                    None
                }
            },
        };
    let page = number("page", page, 1, 1_000_000);
    let limit = number("limit", limit, 20, PageRequest::MAX_LIMIT);
    match (page, limit) {
        (Some(page), Some(limit)) => Ok(PageRequest::new(page, limit)),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Parses an id from the path (`/leases/<id>`); a malformed one is a 400.
///
/// # Errors
/// 400 `error.bad_request`.
pub fn path_id<T: From<uuid::Uuid>>(text: &str) -> Result<T, ApiError> {
    uuid::Uuid::parse_str(text)
        .map(T::from)
        .map_err(|_| ApiError::BadRequest("error.bad_request"))
}

/// Parses an optional id from the query string; a malformed one is a 400.
///
/// # Errors
/// 400 `error.bad_request`.
pub fn query_id<T: From<uuid::Uuid>>(text: Option<&str>) -> Result<Option<T>, ApiError> {
    text.filter(|t| !t.is_empty()).map(path_id).transpose()
}

/// The largest JSON body accepted (1 MiB).
pub const JSON_LIMIT: ByteUnit = ByteUnit::Mebibyte(1);

/// A JSON body: a body not declared JSON is a 415 (see [`declares_json`]), malformed
/// JSON a 400, well-formed JSON of the wrong shape a 422, a body over the limit a
/// 413 — each with the envelope. Every API route with a body takes it through this
/// guard, so the rule holds for all of them at once.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

/// Whether `content_type` declares the JSON the API reads: `application/json`, with
/// or without parameters, and if a `charset` is given it is UTF-8 (RFC 8259: JSON
/// exchanged between systems is UTF-8; a body declared in another charset would be
/// misread).
///
/// A missing `Content-Type` is refused: a client that does not say what it sends may
/// be a form post from another site (a "simple" cross-origin request cannot set
/// `application/json`), and `text/plain` is what such a form sends.
///
/// `application/*+json` types are refused too: each names a format with semantics of
/// its own (`application/merge-patch+json`, `application/json-patch+json`, a list of
/// operations), which the API does not implement; reading one as a plain document
/// would apply a patch the client did not mean. The 415 says so rather than guess.
pub fn declares_json(content_type: Option<&ContentType>) -> bool {
    content_type.is_some_and(|ct| {
        ct.top() == "application"
            && ct.sub() == "json"
            && ct
                .params()
                .filter(|(name, _)| name == "charset")
                .all(|(_, value)| {
                    value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8")
                })
    })
}

#[rocket::async_trait]
impl<'r, T: DeserializeOwned> FromData<'r> for JsonBody<T> {
    type Error = ApiError;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> DataOutcome<'r, Self> {
        let limit = request
            .limits()
            .get("json")
            .unwrap_or(JSON_LIMIT)
            .min(16.mebibytes());
        let fail = |error: ApiError| {
            let status = error.status();
            record_guard_failure(request, error);
            DataOutcome::Error((status, ApiError::from_status(status)))
        };
        if !declares_json(request.content_type()) {
            return fail(ApiError::UnsupportedMediaType);
        }
        let bytes = match data.open(limit).into_bytes().await {
            Ok(bytes) if bytes.is_complete() => bytes.into_inner(),
            Ok(_) => return fail(ApiError::PayloadTooLarge),
            Err(_) => return fail(ApiError::BadRequest("error.bad_request")),
        };
        match serde_json::from_slice::<T>(&bytes) {
            Ok(value) => DataOutcome::Success(Self(value)),
            Err(error) if error.is_data() => fail(ApiError::Invalid(shape_error(&error))),
            Err(_) => fail(ApiError::BadRequest("error.bad_request")),
        }
    }
}

/// A serde shape error as a field error: a missing field is `validation.required`,
/// anything else (a number where text was expected, ...) `validation.invalid_type` on
/// the body.
fn shape_error(error: &serde_json::Error) -> rentmark_domain::validation::ValidationErrors {
    let message = error.to_string();
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
        .map(str::to_owned);
    match missing {
        Some(field) => rentmark_domain::validation::ValidationErrors::single(
            field,
            rentmark_domain::validation::codes::REQUIRED,
        ),
        None => rentmark_domain::validation::ValidationErrors::single("body", INVALID_TYPE),
    }
}

/// A JSON value of the wrong type.
pub const INVALID_TYPE: &str = "validation.invalid_type";

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(text: &str) -> bool {
        let content_type: ContentType = text.parse().expect("a content type");
        declares_json(Some(&content_type))
    }

    #[test]
    fn only_json_in_utf8_is_declared_json() {
        for json in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "application/json; charset=utf8",
        ] {
            assert!(declared(json), "{json}");
        }
        for other in [
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/merge-patch+json",
            "application/json-patch+json",
            "text/json",
            "application/json; charset=iso-8859-1",
            "application/octet-stream",
        ] {
            assert!(!declared(other), "{other}");
        }
        assert!(!declares_json(None));
    }
}
