//! Hand-built OTLP requests for tests that need shapes no SDK sends: broken ids, cycles, huge or
//! deep values, invalid UTF-8. Protobuf is built with the prost types, or byte by byte where the
//! shape is too deep for any encoder's recursion.

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
use opentelemetry_proto::tonic::resource::v1::Resource;
pub use opentelemetry_proto::tonic::trace::v1 as pb;
use prost::Message;

/// Nanoseconds since the epoch, now: spans that no retention sweep would touch.
pub fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// A trace id from a number (never all zero).
pub fn trace_id(n: u64) -> [u8; 16] {
    let mut id = [0xcau8; 16];
    id[8..].copy_from_slice(&n.to_be_bytes());
    id
}

/// A span id from a number (never all zero).
pub fn span_id(n: u64) -> [u8; 8] {
    (n | 1 << 63).to_be_bytes()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn span(trace: [u8; 16], id: u64, parent: Option<u64>, name: &str) -> pb::Span {
    let start = now_nanos();
    pb::Span {
        trace_id: trace.to_vec(),
        span_id: span_id(id).to_vec(),
        parent_span_id: parent.map(|p| span_id(p).to_vec()).unwrap_or_default(),
        name: name.into(),
        kind: 1,
        start_time_unix_nano: start + id * 1000,
        end_time_unix_nano: start + id * 1000 + 500,
        ..Default::default()
    }
}

pub fn string(key: &str, value: impl Into<String>) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue {
            value: Some(any_value::Value::StringValue(value.into())),
        }),
        ..Default::default()
    }
}

pub fn request(service: &str, spans: Vec<pb::Span>) -> ExportTraceServiceRequest {
    ExportTraceServiceRequest {
        resource_spans: vec![pb::ResourceSpans {
            resource: Some(Resource {
                attributes: vec![string("service.name", service)],
                ..Default::default()
            }),
            scope_spans: vec![pb::ScopeSpans {
                spans,
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
}

pub fn encode(request: &ExportTraceServiceRequest) -> Vec<u8> {
    request.encode_to_vec()
}

/// A length-delimited protobuf field.
pub fn len_field(number: u32, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 10);
    for mut v in [u64::from(number) << 3 | 2, bytes.len() as u64] {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    out.extend_from_slice(bytes);
    out
}

/// The protobuf bytes of an `AnyValue` holding `levels` nested arrays around a string.
pub fn deep_value(levels: usize) -> Vec<u8> {
    let mut v = AnyValue {
        value: Some(any_value::Value::StringValue("leaf".into())),
    }
    .encode_to_vec();
    for _ in 0..levels {
        // AnyValue { array_value (5): ArrayValue { values (1): [v] } }
        v = len_field(5, &len_field(1, &v));
    }
    v
}

/// A one-span request (protobuf bytes) whose span carries `attribute` as raw `KeyValue` bytes,
/// appended after the span's other fields (protobuf allows any field order).
pub fn with_raw_attribute(span: pb::Span, key: &str, value: &[u8]) -> Vec<u8> {
    let mut span_bytes = span.encode_to_vec();
    let mut kv = len_field(1, key.as_bytes());
    kv.extend(len_field(2, value));
    span_bytes.extend(len_field(9, &kv));
    let scope_spans = len_field(2, &span_bytes);
    let resource_spans = len_field(2, &scope_spans);
    len_field(1, &resource_spans)
}
