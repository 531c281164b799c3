//! Model spans → OTLP, the inverse of [`super::decode`] (`canopy trace get --view otlp`).
//!
//! What the SDK sent is what goes back out: ids, names, kinds, times, status, raw attributes,
//! events, links, resource and scope. The fields canopy derived (kind, model, tokens, IO…) are
//! not written, since a receiver derives them again from the raw attributes. Spans are grouped
//! by resource, then by scope, in order of first appearance, as an SDK would batch them.
//!
//! JSON comes from opentelemetry-proto's `with-serde` support, which writes the OTLP/JSON of the
//! spec: hex ids, lowerCamelCase names, enums as integers, 64-bit integers as strings. The one
//! loss is in attribute values the model keeps as JSON: bytes were turned into base64 text and
//! non-finite doubles into their names at ingest, and they go back out as those strings.

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{
    AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList, any_value,
};
use opentelemetry_proto::tonic::resource::v1::Resource as PbResource;
use opentelemetry_proto::tonic::trace::v1 as pb;

use crate::model::{Attributes, Resource, Scope, Span};

/// A scope and its spans, as they will go out.
type ScopeGroup<'a> = (&'a Scope, Vec<pb::Span>);

/// The spans as one export request.
pub fn request(spans: &[Span]) -> ExportTraceServiceRequest {
    // (resource, [(scope, spans)]), both in order of first appearance. Traces hold few
    // resources and scopes, so comparing with the groups so far is cheap.
    let mut groups: Vec<(&Resource, Vec<ScopeGroup>)> = Vec::new();
    for span in spans {
        let r = match groups.iter().position(|(r, _)| **r == *span.resource) {
            Some(r) => r,
            None => {
                groups.push((&span.resource, Vec::new()));
                groups.len() - 1
            }
        };
        let scopes = &mut groups[r].1;
        let sc = match scopes.iter().position(|(sc, _)| **sc == *span.scope) {
            Some(sc) => sc,
            None => {
                scopes.push((&span.scope, Vec::new()));
                scopes.len() - 1
            }
        };
        scopes[sc].1.push(span_to_proto(span));
    }
    ExportTraceServiceRequest {
        resource_spans: groups
            .into_iter()
            .map(|(resource, scopes)| pb::ResourceSpans {
                resource: Some(PbResource {
                    attributes: key_values(&resource.attributes),
                    ..Default::default()
                }),
                scope_spans: scopes
                    .into_iter()
                    .map(|(scope, spans)| pb::ScopeSpans {
                        scope: Some(InstrumentationScope {
                            name: scope.name.clone(),
                            version: scope.version.clone().unwrap_or_default(),
                            attributes: key_values(&scope.attributes),
                            dropped_attributes_count: 0,
                        }),
                        spans,
                        schema_url: String::new(),
                    })
                    .collect(),
                schema_url: String::new(),
            })
            .collect(),
    }
}

/// The spans as OTLP/JSON text.
pub fn to_json(spans: &[Span], pretty: bool) -> String {
    let req = request(spans);
    let text = if pretty {
        serde_json::to_string_pretty(&req)
    } else {
        serde_json::to_string(&req)
    };
    text.expect("OTLP messages serialize to JSON")
}

fn unix_nanos(t: crate::model::Nanos) -> u64 {
    u64::try_from(t.as_i64()).unwrap_or(0)
}

fn span_to_proto(span: &Span) -> pb::Span {
    pb::Span {
        trace_id: span.trace_id.as_bytes().to_vec(),
        span_id: span.span_id.as_bytes().to_vec(),
        parent_span_id: span
            .parent_span_id
            .map_or_else(Vec::new, |p| p.as_bytes().to_vec()),
        name: span.name.clone(),
        kind: span.otel_kind.code(),
        start_time_unix_nano: unix_nanos(span.start_time),
        end_time_unix_nano: unix_nanos(span.end_time),
        attributes: key_values(&span.attributes),
        events: span
            .events
            .iter()
            .map(|e| pb::span::Event {
                time_unix_nano: unix_nanos(e.time),
                name: e.name.clone(),
                attributes: key_values(&e.attributes),
                dropped_attributes_count: 0,
            })
            .collect(),
        links: span
            .links
            .iter()
            .map(|l| pb::span::Link {
                trace_id: l.trace_id.as_bytes().to_vec(),
                span_id: l.span_id.as_bytes().to_vec(),
                attributes: key_values(&l.attributes),
                ..Default::default()
            })
            .collect(),
        status: Some(pb::Status {
            message: span.status.message.clone().unwrap_or_default(),
            code: span.status.code.code(),
        }),
        ..Default::default()
    }
}

/// A JSON map → OTLP key-values, keys in the map's order.
pub fn key_values(attrs: &Attributes) -> Vec<KeyValue> {
    attrs
        .iter()
        .map(|(k, v)| KeyValue {
            key: k.clone(),
            value: any_value(v),
            ..Default::default()
        })
        .collect()
}

/// A JSON value → an OTLP `AnyValue` (the inverse of `decode::value`). Integers that fit i64 stay
/// integers; larger ones and fractions become doubles; `null` is an empty value.
fn any_value(v: &serde_json::Value) -> Option<AnyValue> {
    use serde_json::Value as J;
    let value = match v {
        J::Null => return None,
        J::Bool(b) => any_value::Value::BoolValue(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => any_value::Value::IntValue(i),
            None => any_value::Value::DoubleValue(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => any_value::Value::StringValue(s.clone()),
        J::Array(items) => any_value::Value::ArrayValue(ArrayValue {
            values: items
                .iter()
                .map(|i| any_value(i).unwrap_or(AnyValue { value: None }))
                .collect(),
        }),
        J::Object(map) => any_value::Value::KvlistValue(KeyValueList {
            values: key_values(map),
        }),
    };
    Some(AnyValue { value: Some(value) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Link, SpanId, StatusCode, TraceId, test_span};
    use crate::otlp::spans_from_request;

    fn rich_span() -> Span {
        let mut s = test_span(1, 2, Some(1), "chat \x1b[31m", 1_000, 5_000);
        s.status.code = StatusCode::Error;
        s.status.message = Some("boom".into());
        s.attributes = serde_json::json!({
            "s": "x", "i": -3, "big": 18_446_744_073_709_551_615u64, "d": 0.5, "whole": 2.0,
            "b": true, "arr": [1, "two", null, {"k": "v"}], "map": {"nested": {"deep": [true]}},
            "none": null,
        })
        .as_object()
        .unwrap()
        .clone();
        s.events.push(Event {
            time: crate::model::Nanos(2_000),
            name: "exception".into(),
            attributes: serde_json::json!({"exception.type": "E"})
                .as_object()
                .unwrap()
                .clone(),
        });
        s.links.push(Link {
            trace_id: TraceId([9; 16]),
            span_id: SpanId([8; 8]),
            attributes: Default::default(),
        });
        s
    }

    #[test]
    fn spans_survive_encode_then_decode() {
        let mut other = test_span(1, 3, None, "root", 0, 9_000);
        other.scope = std::sync::Arc::new(Scope {
            name: "lib".into(),
            version: Some("1.2".into()),
            attributes: Default::default(),
        });
        let spans = vec![rich_span(), other];
        let back = spans_from_request(request(&spans)).spans;
        let mut want = spans.clone();
        // A u64 past i64 goes out as a double, as OTLP has no unsigned integers.
        want[0].attributes.insert(
            "big".into(),
            serde_json::json!(18_446_744_073_709_551_615.0),
        );
        assert_eq!(back, want);
    }

    #[test]
    fn json_is_the_spec_form_and_reads_back() {
        let spans = vec![rich_span()];
        let json: serde_json::Value = serde_json::from_str(&to_json(&spans, false)).unwrap();
        let span = &json["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
        assert_eq!(span["traceId"], "01010101010101010101010101010101");
        assert_eq!(span["parentSpanId"], "0101010101010101");
        assert_eq!(span["startTimeUnixNano"], "1000");
        assert_eq!(span["status"]["code"], 2);
        let i = span["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|kv| kv["key"] == "i");
        assert_eq!(i.unwrap()["value"]["intValue"], "-3");
        let decoded = crate::otlp::json::decode(to_json(&spans, true).as_bytes()).unwrap();
        assert_eq!(
            spans_from_request(decoded).spans,
            spans_from_request(request(&spans)).spans,
            "OTLP/JSON reads back as the protobuf form does"
        );
    }
}
