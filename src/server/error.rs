//! Error answers of the query API: `{"error": {"code", "message", "hint"}}` with the right status.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::StoreError;

/// An error the API answers with. `code` is a stable machine-readable name.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// Seconds after which a retry may succeed (sent as `Retry-After`).
    pub retry_after: Option<u32>,
}

/// The body of every error answer of the query API (and of the Host guard).
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub(crate) struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ErrorDetail)]
struct Inner<'a> {
    /// A stable machine-readable name: `bad_request`, `not_found`, `ambiguous_id`,
    /// `unauthorized`, `forbidden_host`, `unavailable`, `storage_error`.
    #[schema(examples("not_found"))]
    code: &'a str,
    /// What happened, for a person.
    message: &'a str,
    /// What to do next, when there is something to suggest.
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            hint: None,
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> ApiError {
        self.hint = Some(hint.into());
        self
    }

    /// The JSON body, for callers that answer in another envelope.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Body {
            error: Inner {
                code: self.code,
                message: &self.message,
                hint: self.hint.as_deref(),
            },
        })
        .expect("error bodies serialize")
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(what) => ApiError::not_found(format!("no trace matches {what}"))
                .with_hint("list recent traces with `canopy trace list`"),
            StoreError::NoSuchSession(id) => ApiError::not_found(format!("no session {id:?}"))
                .with_hint("list sessions with `canopy session list`"),
            StoreError::Ambiguous { .. } => {
                ApiError::new(StatusCode::CONFLICT, "ambiguous_id", e.to_string())
                    .with_hint("type more characters of the trace id")
            }
            StoreError::Closed => {
                let mut err = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the server is shutting down",
                );
                err.retry_after = Some(5);
                err
            }
            StoreError::DiskFull(_) | StoreError::ReadOnly(_) | StoreError::Backend(_) => {
                tracing::error!(error = %e, "store error");
                let mut err = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage_error",
                    e.to_string(),
                );
                err.retry_after = Some(5);
                err
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.to_json(),
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
