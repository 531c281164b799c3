//! The only place that sees OTLP wire types.
//!
//! In: an `ExportTraceServiceRequest` body, protobuf (decoded by prost) or JSON (decoded leniently
//! by [`json`]), already decompressed. Out: model spans ([`decode::Decoded`]) and the
//! `ExportTraceServiceResponse` bytes in the request's own encoding. HTTP concerns (content
//! negotiation headers, gzip, size limits) live in `server::ingest`; semantic fields are added
//! afterwards by `semconv`.

pub mod decode;
pub mod encode;
pub mod file;
pub mod json;

use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTracePartialSuccess, ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use prost::Message;

pub use decode::{Decoded, spans_from_request};

/// The two OTLP/HTTP encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Protobuf,
    Json,
}

impl Encoding {
    /// From a `Content-Type` header value; `None` for anything else.
    pub fn from_content_type(value: &str) -> Option<Encoding> {
        let mime = value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match mime.as_str() {
            "application/x-protobuf"
            | "application/protobuf"
            | "application/vnd.google.protobuf" => Some(Encoding::Protobuf),
            "application/json" => Some(Encoding::Json),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Encoding::Protobuf => "application/x-protobuf",
            Encoding::Json => "application/json",
        }
    }
}

/// `google.rpc.Status`, the error body OTLP/HTTP prescribes (only the fields canopy uses).
#[derive(Clone, PartialEq, prost::Message)]
pub struct RpcStatus {
    #[prost(int32, tag = "1")]
    pub code: i32,
    #[prost(string, tag = "2")]
    pub message: String,
}

/// What an OTLP/HTTP protobuf answer says: spans rejected and why, or the error message.
pub fn read_response(success: bool, body: &[u8]) -> Result<(u64, Option<String>), String> {
    if success {
        let response = ExportTraceServiceResponse::decode(body)
            .map_err(|e| format!("unreadable response: {e}"))?;
        Ok(match response.partial_success {
            Some(p) => (
                u64::try_from(p.rejected_spans).unwrap_or(0),
                Some(p.error_message).filter(|m| !m.is_empty()),
            ),
            None => (0, None),
        })
    } else {
        Err(RpcStatus::decode(body)
            .ok()
            .map(|s| s.message)
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned()))
    }
}

/// Why a request body could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum OtlpError {
    #[error("request body is not a valid OTLP protobuf ExportTraceServiceRequest: {0}")]
    Protobuf(#[from] prost::DecodeError),
    #[error("request body is not a valid OTLP/JSON ExportTraceServiceRequest: {0}")]
    Json(#[from] serde_json::Error),
}

/// Decodes a (decompressed) request body.
pub fn decode_request(
    body: &[u8],
    encoding: Encoding,
) -> Result<ExportTraceServiceRequest, OtlpError> {
    Ok(match encoding {
        Encoding::Protobuf => ExportTraceServiceRequest::decode(body)?,
        Encoding::Json => json::decode(body)?,
    })
}

/// The success response, with `partial_success` filled when spans were rejected.
pub fn encode_response(encoding: Encoding, rejected: u64, message: Option<String>) -> Vec<u8> {
    let partial = (rejected > 0 || message.is_some()).then(|| ExportTracePartialSuccess {
        rejected_spans: i64::try_from(rejected).unwrap_or(i64::MAX),
        error_message: message.unwrap_or_default(),
    });
    match encoding {
        Encoding::Protobuf => ExportTraceServiceResponse {
            partial_success: partial,
        }
        .encode_to_vec(),
        Encoding::Json => {
            let body = match partial {
                None => serde_json::json!({}),
                Some(p) => serde_json::json!({"partialSuccess": {
                    "rejectedSpans": p.rejected_spans.to_string(),
                    "errorMessage": p.error_message,
                }}),
            };
            body.to_string().into_bytes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_are_recognised_with_parameters() {
        assert_eq!(
            Encoding::from_content_type("application/json; charset=utf-8"),
            Some(Encoding::Json)
        );
        assert_eq!(
            Encoding::from_content_type("Application/X-Protobuf"),
            Some(Encoding::Protobuf)
        );
        assert_eq!(Encoding::from_content_type("text/plain"), None);
    }

    #[test]
    fn responses_carry_partial_success_in_both_encodings() {
        assert_eq!(encode_response(Encoding::Json, 0, None), b"{}");
        let json: serde_json::Value =
            serde_json::from_slice(&encode_response(Encoding::Json, 2, Some("bad ids".into())))
                .unwrap();
        assert_eq!(json["partialSuccess"]["rejectedSpans"], "2");
        let pb = ExportTraceServiceResponse::decode(
            &encode_response(Encoding::Protobuf, 2, Some("x".into()))[..],
        )
        .unwrap();
        assert_eq!(pb.partial_success.unwrap().rejected_spans, 2);
        assert!(encode_response(Encoding::Protobuf, 0, None).is_empty());
    }
}
