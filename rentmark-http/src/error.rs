//! The HTTP error: one enum, one `status()` match, one `Responder`. Users see a safe
//! message in their language under a stable i18n code; internals are logged, never
//! shown.

use rentmark_domain::ServiceError;
use rentmark_domain::validation::ValidationErrors;
use rocket::http::Status;
use rocket::request::Request;
use rocket::response::{self, Responder};
use rocket::serde::json::Json;
use serde::Serialize;

use crate::i18n::Translator;

/// Everything a JSON route can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed (not JSON, not a UUID in the path, ...).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// 401: no credentials, or bad ones.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// 403: authenticated, but the role may not.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// 404: unknown id, or an id of another organization.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// 409: conflicts with the current state.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// 413: the body is larger than allowed.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415: the body is not declared as JSON (`Content-Type: application/json`).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 422: valid JSON, invalid values; lists every bad field.
    #[error(transparent)]
    Invalid(ValidationErrors),
    /// 422: the renter's dossier does not meet a listing's requirements; the body
    /// lists exactly what is missing.
    #[error("requirements not met")]
    RequirementsNotMet(rentmark_domain::marketplace::dossier::MissingRequirements),
    /// 429: rate limited, with the limit's code and the wait in whole seconds (the
    /// `Retry-After` header says it too, see [`crate::rate_limit`]).
    #[error("too many requests: {code}")]
    TooManyRequests {
        /// The i18n code of the limit.
        code: &'static str,
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// 503: the database (or another dependency) is unreachable.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// 500: a bug. Logged with its cause, shown as a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> Status {
        match self {
            Self::BadRequest(_) => Status::BadRequest,
            Self::Unauthorized(_) => Status::Unauthorized,
            Self::Forbidden(_) => Status::Forbidden,
            Self::NotFound(_) => Status::NotFound,
            Self::Conflict(_) => Status::Conflict,
            Self::PayloadTooLarge => Status::PayloadTooLarge,
            Self::UnsupportedMediaType => Status::UnsupportedMediaType,
            Self::Invalid(_) | Self::RequirementsNotMet(_) => Status::UnprocessableEntity,
            Self::TooManyRequests { .. } => Status::TooManyRequests,
            Self::Unavailable(_) => Status::ServiceUnavailable,
            Self::Internal(_) => Status::InternalServerError,
        }
    }

    /// The stable i18n code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(code)
            | Self::Unauthorized(code)
            | Self::Forbidden(code)
            | Self::NotFound(code)
            | Self::Conflict(code)
            | Self::TooManyRequests { code, .. } => code,
            Self::PayloadTooLarge => "error.payload_too_large",
            Self::UnsupportedMediaType => "request.unsupported_media_type",
            Self::Invalid(_) => "error.validation",
            Self::RequirementsNotMet(_) => "application.requirements_not_met",
            Self::Unavailable(_) => "error.unavailable",
            Self::Internal(_) => "error.internal",
        }
    }

    /// The generic error of a status (for catchers).
    pub fn from_status(status: Status) -> Self {
        match status.code {
            400 => Self::BadRequest("error.bad_request"),
            401 => Self::Unauthorized("error.unauthorized"),
            403 => Self::Forbidden("error.forbidden"),
            404 => Self::NotFound("error.not_found"),
            409 => Self::Conflict("error.conflict"),
            413 => Self::PayloadTooLarge,
            415 => Self::UnsupportedMediaType,
            422 => Self::Invalid(ValidationErrors::default()),
            429 => Self::TooManyRequests {
                code: "error.too_many_requests",
                retry_after_secs: crate::rate_limit::FALLBACK_RETRY_SECS,
            },
            503 => Self::Unavailable("dependency unavailable".into()),
            _ => Self::Internal(format!("unhandled status {status}")),
        }
    }

    /// Logs what users must not see.
    fn log(&self) {
        match self {
            Self::Internal(cause) => tracing::error!(%cause, "internal error"),
            Self::Unavailable(cause) => tracing::error!(%cause, "dependency unavailable"),
            _ => tracing::debug!(error = %self, "request refused"),
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Invalid(errors) => Self::Invalid(errors),
            ServiceError::NotFound(code) => Self::NotFound(code),
            ServiceError::Forbidden => Self::Forbidden("error.forbidden"),
            ServiceError::Conflict(code) => Self::Conflict(code),
            ServiceError::RequirementsNotMet(missing) => Self::RequirementsNotMet(missing),
            ServiceError::Unavailable(cause) => Self::Unavailable(format!("{cause:?}")),
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

/// The `error` member of the envelope.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// Stable i18n code.
    pub code: &'static str,
    /// The code's text in the request's language.
    pub message: String,
    /// For 422: every invalid field, its code and message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldErrorBody>,
    /// For `application.requirements_not_met`: what the dossier lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<MissingJson>,
    /// For 429: seconds to wait before trying again (as `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// What a dossier lacks, as the API shows it.
#[derive(Debug, Serialize)]
pub struct MissingJson {
    /// Required document kinds the dossier does not hold.
    pub documents: Vec<&'static str>,
    /// How many more guarantors are needed.
    pub guarantors_missing: u32,
    /// The combined monthly income required.
    pub income_required: Option<String>,
    /// How much the combined income falls short.
    pub income_shortfall: Option<String>,
}

/// One invalid field in a 422 answer.
#[derive(Debug, Serialize)]
pub struct FieldErrorBody {
    /// The field as sent.
    pub field: String,
    /// Stable i18n code.
    pub code: &'static str,
    /// The code's text.
    pub message: String,
}

/// The envelope of an error answer: `{"success": false, "data": null, "error": {..}}`.
#[derive(Debug, Serialize)]
pub struct ErrorEnvelope {
    /// Always false.
    pub success: bool,
    /// Always null.
    pub data: Option<()>,
    /// What went wrong.
    pub error: ErrorBody,
}

impl ApiError {
    /// The envelope of this error, in `translator`'s language.
    pub fn envelope(&self, translator: &Translator) -> ErrorEnvelope {
        let fields = match self {
            Self::Invalid(errors) => errors
                .errors
                .iter()
                .map(|e| FieldErrorBody {
                    field: e.field.clone(),
                    code: e.code,
                    message: translator.code(e.code),
                })
                .collect(),
            _ => Vec::new(),
        };
        let missing = match self {
            Self::RequirementsNotMet(m) => Some(MissingJson {
                documents: m.documents.iter().map(|k| k.as_str()).collect(),
                guarantors_missing: m.guarantors_missing,
                income_required: m.income_required.map(|a| a.to_string()),
                income_shortfall: m.income_shortfall.map(|a| a.to_string()),
            }),
            _ => None,
        };
        ErrorEnvelope {
            success: false,
            data: None,
            error: ErrorBody {
                code: self.code(),
                message: translator.code(self.code()),
                fields,
                missing,
                retry_after: match self {
                    Self::TooManyRequests {
                        retry_after_secs, ..
                    } => Some(*retry_after_secs),
                    _ => None,
                },
            },
        }
    }
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        self.log();
        let translator = crate::state::translator_for(request);
        let status = self.status();
        let mut response = Json(self.envelope(&translator)).respond_to(request)?;
        response.set_status(status);
        Ok(response)
    }
}

/// The error a failing request guard or data guard leaves for the catcher, so that
/// the envelope says exactly what was wrong (not just the status).
#[derive(Debug, Default)]
pub struct GuardFailure(pub std::sync::Mutex<Option<ApiError>>);

/// Records why a guard failed, for the catcher (first failure wins).
pub fn record_guard_failure(request: &Request<'_>, error: ApiError) {
    let slot = request.local_cache(GuardFailure::default);
    if let Ok(mut slot) = slot.0.lock()
        && slot.is_none()
    {
        *slot = Some(error);
    }
}

/// Takes the error a guard recorded, if any.
pub fn take_guard_failure(request: &Request<'_>) -> Option<ApiError> {
    request
        .local_cache(GuardFailure::default)
        .0
        .lock()
        .ok()
        .and_then(|mut slot| slot.take())
}
