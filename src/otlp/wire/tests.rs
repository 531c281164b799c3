//! The walk against prost: what prost refuses, what repair makes it accept, what it costs.

use super::*;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{AnyValue, ArrayValue, KeyValue, any_value};
use opentelemetry_proto::tonic::trace::v1 as pb;
use prost::Message;

fn request(attributes: Vec<KeyValue>, name: &str) -> ExportTraceServiceRequest {
    ExportTraceServiceRequest {
        resource_spans: vec![pb::ResourceSpans {
            scope_spans: vec![pb::ScopeSpans {
                spans: vec![
                    pb::Span {
                        trace_id: vec![1; 16],
                        span_id: vec![2; 8],
                        name: name.into(),
                        attributes,
                        ..Default::default()
                    },
                    pb::Span::default(),
                ],
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
}

fn nested(levels: usize) -> AnyValue {
    let mut v = AnyValue {
        value: Some(any_value::Value::IntValue(7)),
    };
    for _ in 0..levels {
        v = AnyValue {
            value: Some(any_value::Value::ArrayValue(ArrayValue { values: vec![v] })),
        };
    }
    v
}

fn kv(key: &str, value: AnyValue) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(value),
        ..Default::default()
    }
}

#[test]
fn a_clean_request_needs_no_repair() {
    let body = request(vec![kv("n", nested(3))], "ok").encode_to_vec();
    let shape = scan(&body, 16);
    assert_eq!((shape.spans, shape.invalid_utf8, shape.too_deep), (2, 0, 0));
    // resource spans, scope spans and a key-value; 4 any-values and 3 arrays
    assert_eq!((shape.nodes, shape.values), (3, 7));
    assert!(!shape.malformed && !shape.needs_repair());
    assert_eq!(repair(&body, 16).unwrap(), body);
}

#[test]
fn invalid_utf8_is_replaced_and_the_rest_kept() {
    let mut body = request(vec![kv("k", nested(0))], "bad\u{7f}name").encode_to_vec();
    let at = body.iter().position(|b| *b == 0x7f).unwrap();
    body[at] = 0xff;
    assert!(ExportTraceServiceRequest::decode(&body[..]).is_err());
    let shape = scan(&body, 16);
    assert_eq!(shape.invalid_utf8, 1);
    let fixed = ExportTraceServiceRequest::decode(&repair(&body, 16).unwrap()[..]).unwrap();
    let span = &fixed.resource_spans[0].scope_spans[0].spans[0];
    assert_eq!(span.name, "bad\u{fffd}name");
    assert_eq!(span.attributes.len(), 1);
}

#[test]
fn values_nested_past_the_limit_are_cut_so_prost_can_decode_them() {
    let body = request(vec![kv("deep", nested(200)), kv("flat", nested(1))], "s").encode_to_vec();
    assert!(
        ExportTraceServiceRequest::decode(&body[..]).is_err(),
        "prost's own limit"
    );
    let shape = scan(&body, 4);
    assert_eq!(shape.too_deep, 1);
    let fixed = ExportTraceServiceRequest::decode(&repair(&body, 4).unwrap()[..]).unwrap();
    let attrs = crate::otlp::decode::attributes(
        fixed.resource_spans[0].scope_spans[0].spans[0]
            .attributes
            .clone(),
    );
    assert_eq!(
        serde_json::Value::Object(attrs),
        serde_json::json!({"deep": [[[["[canopy: nested deeper than 4 levels]"]]]], "flat": [7]})
    );
}

/// A repair writes one buffer of exactly the measured size, whatever the nesting: building
/// each rewritten message in a buffer of its own would hold a copy per level at once.
#[test]
fn repairs_are_sized_exactly_and_decode() {
    let mut body = request(
        vec![
            kv("deep", nested(40)),
            kv("bad", nested(2)),
            kv("ok", nested(1)),
        ],
        "n\u{7f}me",
    )
    .encode_to_vec();
    for b in body.iter_mut().filter(|b| **b == 0x7f) {
        *b = 0xc3; // a lead byte with no continuation
    }
    // The same request with its first length written as an overlong (but valid) varint.
    let n = body[1..].iter().position(|b| *b < 0x80).unwrap() + 1;
    let mut overlong = body[..=n].to_vec();
    overlong[n] |= 0x80;
    overlong.push(0x00);
    overlong.extend_from_slice(&body[n + 1..]);
    assert!(
        ExportTraceServiceRequest::decode(&overlong[..]).is_err(),
        "still bad UTF-8"
    );
    for body in [body, overlong] {
        let shape = scan(&body, 4);
        assert_eq!((shape.invalid_utf8, shape.too_deep), (1, 1));
        assert!(shape.touched >= 5, "{shape:?}");
        let fixed = repair(&body, 4).unwrap();
        assert_eq!(fixed.len(), shape.repaired_len);
        let decoded = ExportTraceServiceRequest::decode(&fixed[..]).unwrap();
        assert_eq!(
            decoded.resource_spans[0].scope_spans[0].spans[0].name,
            "n\u{fffd}me"
        );
        assert!(!scan(&fixed, 4).needs_repair());
    }
}

#[test]
fn unreadable_input_is_malformed_for_prost_too() {
    for (body, what) in [
        (&[0x0a, 0x05, 0x01][..], "truncated"),
        (&[0x0b], "unterminated group"),
        (&[0x0c], "end of a group never started"),
        (&[0x5b, 0x64], "group ended by another field"),
        (&[0xff; 11], "overlong varint"),
        (&[0x0e], "wire type 6"),
    ] {
        assert!(scan(body, 16).malformed, "{what}");
        assert!(repair(body, 16).is_none(), "{what}");
        assert!(ExportTraceServiceRequest::decode(body).is_err(), "{what}");
    }
}

/// Found by the `otlp_protobuf` fuzz target: prost skips unknown fields of the group wire
/// types, so the walk must too, or its span count (which bounds the memory reserved for
/// decoding) would stop at the first group while prost decoded everything after it.
#[test]
fn unknown_groups_are_skipped_as_prost_skips_them() {
    let mut body = request(vec![], "s").encode_to_vec();
    // Field 14 of the request: a group holding a varint, a nested group and bytes.
    body.extend([0x73, 0x08, 0x01, 0x7b, 0x7c, 0x0a, 0x01, 0xff, 0x74]);
    body.extend(request(vec![], "t").encode_to_vec());
    let decoded = ExportTraceServiceRequest::decode(&body[..]).unwrap();
    let shape = scan(&body, 16);
    assert!(!shape.malformed);
    let spans = decoded
        .resource_spans
        .iter()
        .map(|r| r.scope_spans[0].spans.len())
        .sum::<usize>();
    assert_eq!((shape.spans, spans), (4, 4));
    assert_eq!(repair(&body, 16).unwrap(), body);
}
