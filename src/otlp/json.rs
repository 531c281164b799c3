//! OTLP/JSON → the prost request types, leniently.
//!
//! The spec says: hex ids, lowerCamelCase names, enums as integers, 64-bit integers as decimal
//! strings or numbers. Real SDKs stray from it, and a receiver that refuses them loses traces, so
//! this reader also takes:
//!
//! - base64 ids (the protobuf JSON mapping; the Catalyst Python SDK sends these), told apart from
//!   hex by length: 32/16 hex digits versus 24/12 base64 characters for trace/span ids;
//! - enum names (`"SPAN_KIND_CLIENT"`, `"STATUS_CODE_ERROR"`, or just `"CLIENT"`), in any case;
//! - snake_case field names (`trace_id`, `resource_spans`), as the proto names are also valid;
//! - doubles written as strings, including `"NaN"` and `"Infinity"`.
//!
//! Anything else that does not fit is an error naming the field, which becomes a 400.

use std::fmt;

use base64::Engine;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1 as common;
use opentelemetry_proto::tonic::resource::v1 as resource;
use opentelemetry_proto::tonic::trace::v1 as pb;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// Parses an OTLP/JSON `ExportTraceServiceRequest`.
pub fn decode(body: &[u8]) -> Result<ExportTraceServiceRequest, serde_json::Error> {
    let req: Request = serde_json::from_slice(body)?;
    Ok(ExportTraceServiceRequest {
        resource_spans: req.resource_spans.into_iter().map(Into::into).collect(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Request {
    #[serde(alias = "resource_spans")]
    resource_spans: Vec<ResourceSpans>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ResourceSpans {
    resource: Option<Resource>,
    #[serde(alias = "scope_spans", alias = "instrumentationLibrarySpans")]
    scope_spans: Vec<ScopeSpans>,
    #[serde(alias = "schema_url")]
    schema_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Resource {
    attributes: Vec<KeyValue>,
    #[serde(alias = "dropped_attributes_count")]
    dropped_attributes_count: u32,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ScopeSpans {
    #[serde(alias = "instrumentationLibrary")]
    scope: Option<Scope>,
    spans: Vec<Span>,
    #[serde(alias = "schema_url")]
    schema_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Scope {
    name: String,
    version: String,
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Span {
    #[serde(alias = "trace_id", deserialize_with = "id")]
    trace_id: Vec<u8>,
    #[serde(alias = "span_id", deserialize_with = "id")]
    span_id: Vec<u8>,
    #[serde(alias = "trace_state")]
    trace_state: String,
    #[serde(alias = "parent_span_id", deserialize_with = "id")]
    parent_span_id: Vec<u8>,
    #[serde(deserialize_with = "uint")]
    flags: u64,
    name: String,
    #[serde(deserialize_with = "span_kind")]
    kind: i32,
    #[serde(alias = "start_time_unix_nano", deserialize_with = "uint")]
    start_time_unix_nano: u64,
    #[serde(alias = "end_time_unix_nano", deserialize_with = "uint")]
    end_time_unix_nano: u64,
    attributes: Vec<KeyValue>,
    #[serde(alias = "dropped_attributes_count")]
    dropped_attributes_count: u32,
    events: Vec<Event>,
    #[serde(alias = "dropped_events_count")]
    dropped_events_count: u32,
    links: Vec<Link>,
    #[serde(alias = "dropped_links_count")]
    dropped_links_count: u32,
    status: Option<Status>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Event {
    #[serde(alias = "time_unix_nano", deserialize_with = "uint")]
    time_unix_nano: u64,
    name: String,
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Link {
    #[serde(alias = "trace_id", deserialize_with = "id")]
    trace_id: Vec<u8>,
    #[serde(alias = "span_id", deserialize_with = "id")]
    span_id: Vec<u8>,
    #[serde(alias = "trace_state")]
    trace_state: String,
    attributes: Vec<KeyValue>,
    #[serde(deserialize_with = "uint")]
    flags: u64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Status {
    message: String,
    #[serde(deserialize_with = "status_code")]
    code: i32,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct KeyValue {
    key: String,
    value: Option<AnyValue>,
}

/// `AnyValue`, with `value: None` for `{}` (an empty value is valid).
pub(super) struct AnyValue(Option<common::any_value::Value>);

#[derive(Deserialize, Default)]
#[serde(default)]
struct ArrayValue {
    values: Vec<AnyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KvList {
    values: Vec<KeyValue>,
}

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnyValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an OTLP AnyValue object such as {\"stringValue\": \"…\"}")
            }
            fn visit_unit<E: de::Error>(self) -> Result<AnyValue, E> {
                Ok(AnyValue(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
                use common::any_value::Value;
                let mut out = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    out = match key.as_ref() {
                        "stringValue" | "string_value" => {
                            map.next_value::<Option<String>>()?.map(Value::StringValue)
                        }
                        "boolValue" | "bool_value" => {
                            map.next_value::<Option<bool>>()?.map(Value::BoolValue)
                        }
                        "intValue" | "int_value" => map
                            .next_value::<Option<Int>>()?
                            .map(|i| Value::IntValue(i.0)),
                        "doubleValue" | "double_value" => map
                            .next_value::<Option<Double>>()?
                            .map(|d| Value::DoubleValue(d.0)),
                        "bytesValue" | "bytes_value" => match map.next_value::<Option<String>>()? {
                            Some(s) => Some(Value::BytesValue(
                                base64::engine::general_purpose::STANDARD
                                    .decode(s.as_bytes())
                                    .map_err(|e| {
                                        de::Error::custom(format!("bytesValue is not base64: {e}"))
                                    })?,
                            )),
                            None => None,
                        },
                        "arrayValue" | "array_value" => {
                            map.next_value::<Option<ArrayValue>>()?.map(|a| {
                                Value::ArrayValue(common::ArrayValue {
                                    values: a.values.into_iter().map(Into::into).collect(),
                                })
                            })
                        }
                        "kvlistValue" | "kvlist_value" => {
                            map.next_value::<Option<KvList>>()?.map(|kv| {
                                Value::KvlistValue(common::KeyValueList {
                                    values: kv.values.into_iter().map(Into::into).collect(),
                                })
                            })
                        }
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                            out
                        }
                    };
                }
                Ok(AnyValue(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// An integer written as a JSON number or a decimal string.
struct Int(i64);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw<'a> {
            I(i64),
            U(u64),
            #[serde(borrow)]
            S(std::borrow::Cow<'a, str>),
        }
        match Raw::deserialize(d)? {
            Raw::I(i) => Ok(Int(i)),
            // Out-of-range uint64 wraps, as protobuf's int64 would carry the same bits.
            Raw::U(u) => Ok(Int(u as i64)),
            Raw::S(s) => s
                .parse::<i64>()
                .or_else(|_| s.parse::<u64>().map(|u| u as i64))
                .map(Int)
                .map_err(|_| de::Error::custom(format!("{s:?} is not an integer"))),
        }
    }
}

/// A double written as a JSON number or a string (`"1.5"`, `"NaN"`, `"Infinity"`).
struct Double(f64);

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw<'a> {
            F(f64),
            #[serde(borrow)]
            S(std::borrow::Cow<'a, str>),
        }
        match Raw::deserialize(d)? {
            Raw::F(f) => Ok(Double(f)),
            Raw::S(s) => match s.as_ref() {
                "Infinity" => Ok(Double(f64::INFINITY)),
                "-Infinity" => Ok(Double(f64::NEG_INFINITY)),
                other => other
                    .parse::<f64>()
                    .map(Double)
                    .map_err(|_| de::Error::custom(format!("{s:?} is not a number"))),
            },
        }
    }
}

pub(super) fn uint<'de, D: Deserializer<'de>, T: TryFrom<u64>>(d: D) -> Result<T, D::Error> {
    let Int(i) = Option::<Int>::deserialize(d)?.unwrap_or(Int(0));
    T::try_from(i as u64).map_err(|_| de::Error::custom(format!("{i} is out of range")))
}

/// A trace or span id in hex (the spec) or base64 (the protobuf JSON mapping).
///
/// Even-length all-hex text is hex, whatever its length, so a hex id of the wrong length reaches
/// the per-span check and rejects only its span. Padded base64 ids (`…==` for 16 bytes, `…=` for
/// 8) are never all-hex, so the two cannot be confused.
pub(super) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let Some(s) = Option::<std::borrow::Cow<'de, str>>::deserialize(d)? else {
        return Ok(Vec::new());
    };
    let s = s.as_ref();
    if s.len() % 2 == 0 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
        return Ok(s
            .as_bytes()
            .chunks_exact(2)
            .map(|p| (hex(p[0]) << 4) | hex(p[1]))
            .collect());
    }
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(s.as_bytes()).ok())
        .ok_or_else(|| de::Error::custom(format!("id {s:?} is neither hex nor base64")))
}

/// An enum as its number or its name, with or without the type prefix, in any case.
pub(super) fn enum_value<'de, D: Deserializer<'de>>(
    d: D,
    prefix: &str,
    names: &[&str],
) -> Result<i32, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw<'a> {
        I(i64),
        #[serde(borrow)]
        S(std::borrow::Cow<'a, str>),
    }
    match Option::<Raw>::deserialize(d)? {
        None => Ok(0),
        Some(Raw::I(i)) => {
            i32::try_from(i).map_err(|_| de::Error::custom(format!("{i} is out of range")))
        }
        Some(Raw::S(s)) => {
            let upper = s.to_ascii_uppercase();
            let bare = upper.strip_prefix(prefix).unwrap_or(&upper);
            names
                .iter()
                .position(|n| *n == bare)
                .map(|p| p as i32)
                .or_else(|| bare.parse().ok())
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "{s:?} is not one of {prefix}{{{}}}",
                        names.join(",")
                    ))
                })
        }
    }
}

fn span_kind<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    enum_value(
        d,
        "SPAN_KIND_",
        &[
            "UNSPECIFIED",
            "INTERNAL",
            "SERVER",
            "CLIENT",
            "PRODUCER",
            "CONSUMER",
        ],
    )
}

fn status_code<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    enum_value(d, "STATUS_CODE_", &["UNSET", "OK", "ERROR"])
}

impl From<AnyValue> for common::AnyValue {
    fn from(v: AnyValue) -> Self {
        common::AnyValue { value: v.0 }
    }
}

impl From<KeyValue> for common::KeyValue {
    fn from(kv: KeyValue) -> Self {
        common::KeyValue {
            key: kv.key,
            value: kv.value.map(Into::into),
            key_strindex: 0,
        }
    }
}

impl From<Resource> for resource::Resource {
    fn from(r: Resource) -> Self {
        resource::Resource {
            attributes: kvs(r.attributes),
            dropped_attributes_count: r.dropped_attributes_count,
            entity_refs: Vec::new(),
        }
    }
}

impl From<Scope> for common::InstrumentationScope {
    fn from(s: Scope) -> Self {
        common::InstrumentationScope {
            name: s.name,
            version: s.version,
            attributes: kvs(s.attributes),
            dropped_attributes_count: 0,
        }
    }
}

pub(super) fn kvs(v: Vec<KeyValue>) -> Vec<common::KeyValue> {
    v.into_iter().map(Into::into).collect()
}

impl From<ResourceSpans> for pb::ResourceSpans {
    fn from(rs: ResourceSpans) -> Self {
        pb::ResourceSpans {
            resource: rs.resource.map(Into::into),
            scope_spans: rs
                .scope_spans
                .into_iter()
                .map(|ss| pb::ScopeSpans {
                    scope: ss.scope.map(Into::into),
                    spans: ss.spans.into_iter().map(Into::into).collect(),
                    schema_url: ss.schema_url,
                })
                .collect(),
            schema_url: rs.schema_url,
        }
    }
}

impl From<Span> for pb::Span {
    fn from(s: Span) -> Self {
        pb::Span {
            trace_id: s.trace_id,
            span_id: s.span_id,
            trace_state: s.trace_state,
            parent_span_id: s.parent_span_id,
            flags: s.flags as u32,
            name: s.name,
            kind: s.kind,
            start_time_unix_nano: s.start_time_unix_nano,
            end_time_unix_nano: s.end_time_unix_nano,
            attributes: kvs(s.attributes),
            dropped_attributes_count: s.dropped_attributes_count,
            events: s
                .events
                .into_iter()
                .map(|e| pb::span::Event {
                    time_unix_nano: e.time_unix_nano,
                    name: e.name,
                    attributes: kvs(e.attributes),
                    dropped_attributes_count: 0,
                })
                .collect(),
            dropped_events_count: s.dropped_events_count,
            links: s
                .links
                .into_iter()
                .map(|l| pb::span::Link {
                    trace_id: l.trace_id,
                    span_id: l.span_id,
                    trace_state: l.trace_state,
                    attributes: kvs(l.attributes),
                    dropped_attributes_count: 0,
                    flags: l.flags as u32,
                })
                .collect(),
            dropped_links_count: s.dropped_links_count,
            status: s.status.map(|st| pb::Status {
                message: st.message,
                code: st.code,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_json_with_hex_ids_and_int_enums() {
        let body = br#"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
            "scopeSpans":[{"scope":{"name":"lib"},"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
            "parentSpanId":"","name":"root","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
            "attributes":[{"key":"n","value":{"intValue":"42"}},{"key":"d","value":{"doubleValue":"NaN"}}],
            "status":{"code":2,"message":"bad"}}]}]}]}"#;
        let req = decode(body).unwrap();
        let span = &req.resource_spans[0].scope_spans[0].spans[0];
        assert_eq!(span.trace_id[0], 0x5b);
        assert_eq!(span.span_id.len(), 8);
        assert!(span.parent_span_id.is_empty());
        assert_eq!(span.kind, 2);
        assert_eq!(span.start_time_unix_nano, 1_544_712_660_000_000_000);
        assert_eq!(span.end_time_unix_nano, 1_544_712_661_000_000_000);
        assert_eq!(span.status.as_ref().unwrap().code, 2);
        let n = span.attributes[0].value.clone().unwrap().value.unwrap();
        assert_eq!(n, common::any_value::Value::IntValue(42));
    }

    #[test]
    fn catalyst_style_base64_ids_and_enum_names() {
        let body = br#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"CodgfKLWBEqhRtnEsHPU3A==","spanId":"mnRFnzkm8Qg=",
            "parentSpanId":"if1VcV7tncU=","kind":"SPAN_KIND_CLIENT","status":{"code":"STATUS_CODE_OK"}}]}]}]}"#;
        let span = &decode(body).unwrap().resource_spans[0].scope_spans[0].spans[0];
        assert_eq!(
            crate::model::TraceId::from_slice(&span.trace_id)
                .unwrap()
                .to_hex(),
            "0a87607ca2d6044aa146d9c4b073d4dc"
        );
        assert_eq!(
            crate::model::SpanId::from_slice(&span.span_id)
                .unwrap()
                .to_hex(),
            "9a74459f3926f108"
        );
        assert_eq!(span.kind, 3);
        assert_eq!(span.status.as_ref().unwrap().code, 1);
    }

    #[test]
    fn snake_case_and_short_enum_names() {
        let body = br#"{"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c",
            "span_id":"eee19b7ec3c1b174","kind":"server","start_time_unix_nano":5}]}]}]}"#;
        let span = &decode(body).unwrap().resource_spans[0].scope_spans[0].spans[0];
        assert_eq!((span.kind, span.start_time_unix_nano), (2, 5));
    }

    #[test]
    fn errors_name_the_problem() {
        let err =
            decode(br#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SIDEWAYS"}]}]}]}"#)
                .err()
                .unwrap()
                .to_string();
        assert!(
            err.contains("SIDEWAYS") && err.contains("SPAN_KIND_"),
            "{err}"
        );
        let err =
            decode(br#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"not an id!"}]}]}]}"#)
                .err()
                .unwrap()
                .to_string();
        assert!(err.contains("neither hex nor base64"), "{err}");
        assert!(decode(b"{").is_err());
    }
}
