//! How ingest says no: a `google.rpc.Status` body in the request's encoding, as OTLP/HTTP
//! prescribes, with the HTTP status that tells an SDK whether to retry (429, 502, 503 and 504
//! are retried, honouring `Retry-After`; everything else is not).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use prost::Message;

use crate::otlp::{Encoding, RpcStatus};
use crate::store::StoreError;

/// gRPC status codes used in `RpcStatus.code`.
pub const INVALID_ARGUMENT: i32 = 3;
pub const RESOURCE_EXHAUSTED: i32 = 8;
pub const UNAVAILABLE: i32 = 14;
pub const UNAUTHENTICATED: i32 = 16;
pub const DEADLINE_EXCEEDED: i32 = 4;

/// Seconds an SDK is asked to wait when canopy is busy.
const BUSY_RETRY_SECS: u32 = 1;
/// Seconds an SDK is asked to wait when storing failed.
const STORE_RETRY_SECS: u32 = 5;

/// An ingest failure, answered as the OTLP spec says.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub rpc_code: i32,
    pub message: String,
    pub retry_after: Option<u32>,
}

impl Failure {
    pub fn new(status: StatusCode, rpc_code: i32, message: impl Into<String>) -> Failure {
        Failure {
            status,
            rpc_code,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, INVALID_ARGUMENT, message)
    }

    pub fn too_large(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::PAYLOAD_TOO_LARGE, RESOURCE_EXHAUSTED, message)
    }

    pub fn body_too_large(max: usize) -> Failure {
        Failure::too_large(format!(
            "request body is larger than {max} bytes after decompression; send smaller batches"
        ))
    }

    /// 429: the in-flight budget is spent; the SDK retries after `Retry-After`.
    pub fn busy(in_use: usize, capacity: usize) -> Failure {
        Failure {
            retry_after: Some(BUSY_RETRY_SECS),
            ..Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                RESOURCE_EXHAUSTED,
                format!(
                    "canopy is busy: {in_use} of {capacity} bytes of ingest memory are in use; retry after {BUSY_RETRY_SECS}s"
                ),
            )
        }
    }

    /// 503: the store could not commit; nothing of the request was stored.
    pub fn not_stored(e: &StoreError) -> Failure {
        let message = match e {
            StoreError::DiskFull(_) => format!(
                "spans were not stored: {e}; free disk space or shorten --retention, then retry"
            ),
            StoreError::ReadOnly(_) => {
                format!("spans were not stored: {e}; make the data directory writable, then retry")
            }
            _ => format!("spans were not stored: {e}"),
        };
        Failure {
            retry_after: Some(STORE_RETRY_SECS),
            ..Failure::new(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE, message)
        }
    }

    pub fn respond(self, encoding: Encoding) -> Response {
        let body = match encoding {
            Encoding::Protobuf => RpcStatus {
                code: self.rpc_code,
                message: self.message,
            }
            .encode_to_vec(),
            Encoding::Json => serde_json::json!({"code": self.rpc_code, "message": self.message})
                .to_string()
                .into_bytes(),
        };
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, encoding.content_type())],
            body,
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"canopy\""),
            );
        }
        response
    }
}
