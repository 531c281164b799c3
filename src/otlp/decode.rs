//! OTLP protobuf types → model spans.
//!
//! Both wire encodings end here: protobuf is decoded by prost, JSON by [`super::json`] into the
//! same prost types. Validation is per span, so one bad span never costs its neighbours: a span
//! whose trace or span id has the wrong length or is all zero is rejected and counted, with a
//! message that says which and why, and everything else in the request is kept. Values that are
//! too long or nested too deep are cut and marked, never rejected (see [`super::value`]).

use std::sync::Arc;

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue};
use opentelemetry_proto::tonic::trace::v1 as pb;

use super::value::{Clipped, Converter, ValueLimits};

use crate::model::{
    Attributes, Event, Link, Nanos, OtelKind, Resource, Scope, Span, SpanId, Status, StatusCode,
    TraceId,
};

/// At most this many rejection reasons are spelled out in one response; the rest are counted.
const MAX_REASONS: usize = 3;

/// The spans of one request, and what was rejected.
#[derive(Debug, Default)]
pub struct Decoded {
    pub spans: Vec<Span>,
    pub rejected: u64,
    /// Human-readable reasons for the first few rejections.
    pub reasons: Vec<String>,
    /// Values cut to fit the limits (the spans holding them are kept).
    pub clipped: Clipped,
}

impl Decoded {
    /// The OTLP partial-success message, when something was rejected.
    pub fn rejection_message(&self) -> Option<String> {
        if self.rejected == 0 {
            return None;
        }
        let total = self.spans.len() as u64 + self.rejected;
        let mut msg = format!(
            "rejected {} of {} spans: {}",
            self.rejected,
            total,
            self.reasons.join("; ")
        );
        let unexplained = self.rejected.saturating_sub(self.reasons.len() as u64);
        if unexplained > 0 {
            msg.push_str(&format!("; and {unexplained} more"));
        }
        Some(msg)
    }

    fn reject(&mut self, reason: String) {
        self.rejected += 1;
        if self.reasons.len() < MAX_REASONS {
            self.reasons.push(reason);
        }
    }
}

/// Converts a decoded request into model spans with the default [`ValueLimits`].
pub fn spans_from_request(request: ExportTraceServiceRequest) -> Decoded {
    spans_from_request_with(request, ValueLimits::default())
}

/// Converts a decoded request into model spans, keeping every valid span and cutting values to
/// `limits`.
pub fn spans_from_request_with(request: ExportTraceServiceRequest, limits: ValueLimits) -> Decoded {
    let mut out = Decoded::default();
    let mut conv = Converter::new(limits);
    for (r, rs) in request.resource_spans.into_iter().enumerate() {
        let resource = Arc::new(Resource {
            attributes: rs
                .resource
                .map(|r| conv.attributes(r.attributes))
                .unwrap_or_default(),
        });
        for (s, ss) in rs.scope_spans.into_iter().enumerate() {
            let scope = Arc::new(ss.scope.map_or_else(Scope::default, |sc| Scope {
                name: conv.text(sc.name),
                version: Some(conv.text(sc.version)).filter(|v| !v.is_empty()),
                attributes: conv.attributes(sc.attributes),
            }));
            for (i, span) in ss.spans.into_iter().enumerate() {
                match span_from_proto(span, &resource, &scope, &mut conv) {
                    Ok(span) => out.spans.push(span),
                    Err(why) => out.reject(format!(
                        "resourceSpans[{r}].scopeSpans[{s}].spans[{i}]: {why}"
                    )),
                }
            }
        }
    }
    out.clipped = conv.clipped;
    out
}

fn trace_id(bytes: &[u8], field: &str) -> Result<TraceId, String> {
    let id = TraceId::from_slice(bytes)
        .ok_or_else(|| format!("{field} has {} bytes, want {}", bytes.len(), TraceId::LEN))?;
    if id.is_zero() {
        return Err(format!("{field} is all zero"));
    }
    Ok(id)
}

fn span_id(bytes: &[u8], field: &str) -> Result<SpanId, String> {
    let id = SpanId::from_slice(bytes)
        .ok_or_else(|| format!("{field} has {} bytes, want {}", bytes.len(), SpanId::LEN))?;
    if id.is_zero() {
        return Err(format!("{field} is all zero"));
    }
    Ok(id)
}

fn span_from_proto(
    span: pb::Span,
    resource: &Arc<Resource>,
    scope: &Arc<Scope>,
    conv: &mut Converter,
) -> Result<Span, String> {
    let trace = trace_id(&span.trace_id, "traceId")?;
    let id = span_id(&span.span_id, "spanId")?;
    // Some SDKs send eight zero bytes instead of leaving a root's parent empty.
    let parent = match span.parent_span_id.as_slice() {
        [] => None,
        p if p.iter().all(|b| *b == 0) => None,
        p => Some(span_id(p, "parentSpanId")?),
    };
    let status = span.status.unwrap_or_default();
    Ok(Span {
        trace_id: trace,
        span_id: id,
        parent_span_id: parent,
        name: conv.text(span.name),
        otel_kind: OtelKind::from_code(span.kind.into()),
        start_time: Nanos::from_unix_nanos(span.start_time_unix_nano),
        end_time: Nanos::from_unix_nanos(span.end_time_unix_nano),
        status: Status {
            code: StatusCode::from_code(status.code.into()),
            message: Some(conv.text(status.message)).filter(|m| !m.is_empty()),
        },
        attributes: conv.attributes(span.attributes),
        events: span
            .events
            .into_iter()
            .map(|e| Event {
                time: Nanos::from_unix_nanos(e.time_unix_nano),
                name: conv.text(e.name),
                attributes: conv.attributes(e.attributes),
            })
            .collect(),
        // A link with unusable ids points nowhere; drop the link, keep the span.
        links: span
            .links
            .into_iter()
            .filter_map(|l| {
                Some(Link {
                    trace_id: trace_id(&l.trace_id, "link traceId").ok()?,
                    span_id: span_id(&l.span_id, "link spanId").ok()?,
                    attributes: conv.attributes(l.attributes),
                })
            })
            .collect(),
        resource: Arc::clone(resource),
        scope: Arc::clone(scope),
        ..Span::default()
    })
}

/// OTLP key-values → a JSON map, with the default [`ValueLimits`]. A repeated key keeps its last
/// value, as the spec allows.
pub fn attributes(kvs: Vec<KeyValue>) -> Attributes {
    Converter::new(ValueLimits::default()).attributes(kvs)
}

/// One OTLP `AnyValue` as JSON, with the default [`ValueLimits`]. Bytes become base64 text;
/// non-finite doubles, which JSON cannot hold, become their names (`"NaN"`, `"inf"`).
pub fn value(v: Option<AnyValue>) -> serde_json::Value {
    Converter::new(ValueLimits::default()).value(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentelemetry_proto::tonic::common::v1::{ArrayValue, KeyValueList, any_value};
    use opentelemetry_proto::tonic::resource::v1::Resource as PbResource;

    fn kv(key: &str, v: any_value::Value) -> KeyValue {
        KeyValue {
            key: key.into(),
            value: Some(AnyValue { value: Some(v) }),
            ..Default::default()
        }
    }

    fn pb_span(trace: Vec<u8>, id: Vec<u8>, parent: Vec<u8>) -> pb::Span {
        pb::Span {
            trace_id: trace,
            span_id: id,
            parent_span_id: parent,
            name: "s".into(),
            kind: 3,
            start_time_unix_nano: 10,
            end_time_unix_nano: 20,
            ..Default::default()
        }
    }

    fn request(spans: Vec<pb::Span>) -> ExportTraceServiceRequest {
        ExportTraceServiceRequest {
            resource_spans: vec![pb::ResourceSpans {
                resource: Some(PbResource {
                    attributes: vec![kv(
                        "service.name",
                        any_value::Value::StringValue("svc".into()),
                    )],
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

    #[test]
    fn attribute_values_keep_their_types() {
        let attrs = attributes(vec![
            kv("s", any_value::Value::StringValue("x".into())),
            kv("i", any_value::Value::IntValue(-3)),
            kv("d", any_value::Value::DoubleValue(0.5)),
            kv("nan", any_value::Value::DoubleValue(f64::NAN)),
            kv("b", any_value::Value::BoolValue(true)),
            kv("bytes", any_value::Value::BytesValue(vec![0xff, 0x00])),
            kv(
                "arr",
                any_value::Value::ArrayValue(ArrayValue {
                    values: vec![AnyValue {
                        value: Some(any_value::Value::IntValue(1)),
                    }],
                }),
            ),
            kv(
                "map",
                any_value::Value::KvlistValue(KeyValueList {
                    values: vec![kv("k", any_value::Value::StringValue("v".into()))],
                }),
            ),
            KeyValue {
                key: "empty".into(),
                value: None,
                ..Default::default()
            },
        ]);
        assert_eq!(
            serde_json::Value::Object(attrs),
            serde_json::json!({"s":"x","i":-3,"d":0.5,"nan":"NaN","b":true,"bytes":"/wA=","arr":[1],"map":{"k":"v"},"empty":null})
        );
    }

    #[test]
    fn bad_ids_reject_only_their_span() {
        let good = pb_span(vec![1; 16], vec![2; 8], vec![]);
        let decoded = spans_from_request(request(vec![
            good,
            pb_span(vec![1; 15], vec![3; 8], vec![]),
            pb_span(vec![1; 16], vec![0; 8], vec![]),
            pb_span(vec![1; 16], vec![4; 8], vec![5; 3]),
        ]));
        assert_eq!(decoded.spans.len(), 1);
        assert_eq!(decoded.spans[0].service_name(), Some("svc"));
        assert_eq!(decoded.spans[0].otel_kind, OtelKind::Client);
        assert_eq!(decoded.rejected, 3);
        assert_eq!(
            decoded.rejection_message().unwrap(),
            "rejected 3 of 4 spans: resourceSpans[0].scopeSpans[0].spans[1]: traceId has 15 bytes, want 16; \
             resourceSpans[0].scopeSpans[0].spans[2]: spanId is all zero; \
             resourceSpans[0].scopeSpans[0].spans[3]: parentSpanId has 3 bytes, want 8"
        );
    }

    #[test]
    fn zero_parent_means_root() {
        let decoded =
            spans_from_request(request(vec![pb_span(vec![1; 16], vec![2; 8], vec![0; 8])]));
        assert_eq!(decoded.spans[0].parent_span_id, None);
        assert_eq!(decoded.rejection_message(), None);
    }
}
