//! The only place that sees OTLP wire types.
//!
//! In: an `ExportTraceServiceRequest` body, protobuf (decoded by prost) or JSON (decoded leniently
//! by [`json`]), already decompressed. Out: model spans ([`decode::Decoded`]) and the
//! `ExportTraceServiceResponse` bytes in the request's own encoding. HTTP concerns (content
//! negotiation headers, gzip, size limits) live in `server::ingest`; semantic fields are added
//! afterwards by `semconv`.
//!
//! Before decoding, [`measure`] tells the server what a body holds (so it can refuse or budget
//! it) and [`repair`] fixes what would make the decoder refuse a whole request for one bad value
//! (invalid UTF-8, values nested too deep), so the spans around it are kept.

pub mod decode;
pub mod encode;
pub mod file;
pub mod json;
pub mod logs;
pub mod shape;
pub mod value;
mod wire;

use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTracePartialSuccess, ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use prost::Message;

pub use decode::{Decoded, spans_from_request, spans_from_request_with};
pub use shape::Shape;
pub use value::{Clipped, ValueLimits};

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

/// Measures a (decompressed) body without decoding it. `max_depth` is the attribute nesting limit
/// ([`ValueLimits::max_depth`]), past which protobuf values are counted for repair.
pub fn measure(body: &[u8], encoding: Encoding, max_depth: usize) -> Shape {
    match encoding {
        Encoding::Protobuf => wire::scan(body, max_depth),
        Encoding::Json => shape::scan_json(body),
    }
}

/// The body with what [`measure`] found fixable fixed: strings that are not UTF-8 get U+FFFD for
/// their bad bytes, and (protobuf) values nested deeper than `max_depth` become a marker string.
/// `None` when there is nothing the repair can do; decode the body as it is.
pub fn repair(body: &[u8], encoding: Encoding, max_depth: usize) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Protobuf => wire::repair(body, max_depth),
        Encoding::Json => match String::from_utf8_lossy(body) {
            std::borrow::Cow::Owned(fixed) => Some(fixed.into_bytes()),
            std::borrow::Cow::Borrowed(_) => None,
        },
    }
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
