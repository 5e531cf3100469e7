//! One error type for the API, one status for each kind, one JSON shape: `{error, detail}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An API error. The caller's mistakes are 4xx with a detail that says what to change; a
/// failure of ours is a 500 whose detail says nothing of the internals (they are logged).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter or body the API cannot use (bad period, unknown basket, bad selector).
    #[error("{0}")]
    BadRequest(String),
    /// Something named does not exist (a release id, a path).
    #[error("{0}")]
    NotFound(String),
    /// Ingest without the right bearer token.
    #[error("{0}")]
    Unauthorized(String),
    /// A file the ingest rejected (nothing committed).
    #[error("{0}")]
    Unprocessable(String),
    /// The body is too large.
    #[error("{0}")]
    TooLarge(String),
    /// The request took too long.
    #[error("{0}")]
    Unavailable(String),
    /// A failure on our side; the message is logged, not sent.
    #[error("{0}")]
    Internal(String),
}

/// The error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// `bad_request`, `not_found`, `method_not_allowed`, `unauthorized`, `unprocessable`,
    /// `payload_too_large`, `unsupported_media_type`, `unavailable` or `internal`.
    pub error: String,
    /// What went wrong, for a person.
    pub detail: String,
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The JSON error for a status some layer produced, keeping that status.
    pub(crate) fn for_status(status: StatusCode, detail: String) -> Response {
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "unauthorized",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => "unavailable",
            s if s.is_server_error() => "internal",
            _ => "bad_request",
        };
        let body = ErrorBody {
            error: code.to_string(),
            detail,
        };
        (status, Json(body)).into_response()
    }

    /// A failure of ours: logged with its cause, answered without it.
    pub(crate) fn internal(what: &str, err: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %err, "{what}");
        ApiError::Internal(format!("internal error while {what}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        let body = ErrorBody {
            error: code.to_string(),
            detail: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}
