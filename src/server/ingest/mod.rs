//! `POST /v1/traces`: OTLP/HTTP in, committed spans out.
//!
//! Order of work: content type → decompress (bounded) → decode → normalize → store (committed)
//! → answer in the request's encoding. Failures follow the OTLP/HTTP spec: the body is a
//! `google.rpc.Status` in the request's encoding, 400 for data that can never be accepted,
//! 413 past the size limit, 415 for an unknown content type or encoding, and 503 with
//! `Retry-After` when storing failed, which SDKs retry.

use std::io::Read;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use prost::Message;

use super::AppState;
use crate::otlp::{self, Encoding};
use crate::semconv;

/// `google.rpc.Status`, the error body OTLP/HTTP prescribes (only the fields canopy fills).
#[derive(Clone, PartialEq, prost::Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
}

/// gRPC status codes used in `RpcStatus.code`.
const INVALID_ARGUMENT: i32 = 3;
const RESOURCE_EXHAUSTED: i32 = 8;
const UNAVAILABLE: i32 = 14;

/// An ingest failure, answered as the OTLP spec says.
struct Failure {
    status: StatusCode,
    rpc_code: i32,
    message: String,
    retry_after: Option<u32>,
}

impl Failure {
    fn new(status: StatusCode, rpc_code: i32, message: impl Into<String>) -> Failure {
        Failure {
            status,
            rpc_code,
            message: message.into(),
            retry_after: None,
        }
    }

    fn respond(self, encoding: Encoding) -> Response {
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
        response
    }
}

pub async fn traces(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(encoding) = Encoding::from_content_type(content_type) else {
        // No encoding to answer in; JSON is the readable choice.
        return Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            INVALID_ARGUMENT,
            format!("unsupported Content-Type {content_type:?}: send application/x-protobuf or application/json"),
        )
        .respond(Encoding::Json);
    };
    match ingest(&state, &headers, &body, encoding).await {
        Ok(response) => response,
        Err(failure) => failure.respond(encoding),
    }
}

async fn ingest(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    encoding: Encoding,
) -> Result<Response, Failure> {
    let max = state.limits.max_body_bytes;
    let content_encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .trim()
        .to_ascii_lowercase();
    let decompressed;
    let body = match content_encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" => {
            decompressed = gunzip(body, max)?;
            &decompressed[..]
        }
        other => {
            return Err(Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                INVALID_ARGUMENT,
                format!("unsupported Content-Encoding {other:?}: send gzip or no encoding"),
            ));
        }
    };
    if body.len() > max {
        return Err(too_large(max));
    }

    let request = otlp::decode_request(body, encoding)
        .map_err(|e| Failure::new(StatusCode::BAD_REQUEST, INVALID_ARGUMENT, e.to_string()))?;
    let mut decoded = otlp::spans_from_request(request);
    semconv::normalize(&mut decoded.spans);
    let message = decoded.rejection_message();
    let rejected = decoded.rejected;
    if rejected > 0 {
        tracing::warn!(
            rejected,
            message = message.as_deref().unwrap_or(""),
            "rejected spans"
        );
    }

    state.store.write(decoded.spans).await.map_err(|e| {
        tracing::error!(error = %e, "spans were not stored");
        Failure {
            status: StatusCode::SERVICE_UNAVAILABLE,
            rpc_code: UNAVAILABLE,
            message: format!("spans were not stored: {e}"),
            retry_after: Some(5),
        }
    })?;

    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, encoding.content_type())],
        otlp::encode_response(encoding, rejected, message),
    )
        .into_response())
}

fn too_large(max: usize) -> Failure {
    Failure::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        RESOURCE_EXHAUSTED,
        format!(
            "request body is larger than {max} bytes after decompression; send smaller batches"
        ),
    )
}

/// Inflates a gzip body, stopping as soon as the output passes `max` bytes, so a small
/// compressed bomb never becomes a large allocation.
fn gunzip(body: &[u8], max: usize) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::with_capacity(body.len().saturating_mul(4).min(max));
    flate2::read::MultiGzDecoder::new(body)
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            Failure::new(
                StatusCode::BAD_REQUEST,
                INVALID_ARGUMENT,
                format!("request body is not valid gzip: {e}"),
            )
        })?;
    if out.len() > max {
        return Err(too_large(max));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gunzip_stops_at_the_limit() {
        let bomb = gzip(&vec![0u8; 10 * 1024 * 1024]);
        assert!(bomb.len() < 64 * 1024);
        let err = gunzip(&bomb, 1024 * 1024).err().unwrap();
        assert_eq!(err.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(gunzip(&gzip(b"hello"), 5).ok().unwrap(), b"hello");
    }

    #[test]
    fn broken_gzip_is_a_bad_request() {
        let err = gunzip(b"not gzip at all", 1024).err().unwrap();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert!(err.message.contains("gzip"), "{}", err.message);
    }
}
