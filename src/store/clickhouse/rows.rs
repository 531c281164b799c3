//! Spans as rows of the `spans` table, both ways.
//!
//! Inserts are `JSONEachRow` objects serialized from [`InsertSpan`]; reads are
//! `JSONCompactEachRow` arrays read positionally into [`StoredSpan`], whose fields are in the
//! order of [`SPAN_COLUMNS`] (the select list is built from that constant, so the two are written
//! side by side and cannot drift apart without the conformance suite failing).
//!
//! Attributes become `Map(String, String)`: a string value as itself, anything else (numbers,
//! booleans, arrays, maps) as its compact JSON text with its key listed in `attributes_json`.
//! So `attributes['llm.model_name'] = 'gpt-4o'` works by hand, and reading back restores every
//! value with its JSON type.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::de;
use crate::model::{
    Attributes, CostSource, Nanos, OtelKind, Resource, Scope, Span, SpanId, SpanKind, Status,
    StatusCode, TraceId,
};
use crate::store::{SpanAttributes, StoreError};

/// Attributes in their stored form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StoredAttrs {
    pub map: BTreeMap<String, String>,
    /// Keys whose value is JSON text rather than a plain string.
    pub json: Vec<String>,
}

impl StoredAttrs {
    pub fn encode(attributes: &Attributes) -> StoredAttrs {
        let mut out = StoredAttrs::default();
        for (k, v) in attributes {
            match v {
                serde_json::Value::String(s) => {
                    out.map.insert(k.clone(), s.clone());
                }
                other => {
                    out.map.insert(k.clone(), other.to_string());
                    out.json.push(k.clone());
                }
            }
        }
        out
    }

    pub fn decode(self) -> Result<Attributes, StoreError> {
        let mut out = Attributes::new();
        for (k, v) in self.map {
            let value = if self.json.contains(&k) {
                parse_json(&v)?
            } else {
                serde_json::Value::String(v)
            };
            out.insert(k, value);
        }
        Ok(out)
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Backend(format!("corrupt JSON in the store: {e}")))
}

fn json_or_empty<T: Serialize + ?Sized>(value: &T, empty: bool) -> String {
    if empty {
        String::new()
    } else {
        serde_json::to_string(value).expect("model types serialize to JSON")
    }
}

/// One span as inserted (JSONEachRow, so by column name).
#[derive(Serialize)]
pub struct InsertSpan<'a> {
    trace_id: String,
    span_id: String,
    parent_span_id: String,
    name: &'a str,
    kind: &'static str,
    otel_kind: OtelKind,
    start_ns: i64,
    end_ns: i64,
    status_code: StatusCode,
    status_message: Option<&'a str>,
    service: Option<&'a str>,
    model: Option<&'a str>,
    provider: Option<&'a str>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    total_tokens: Option<u64>,
    cache_read_tokens: Option<u64>,
    cache_write_tokens: Option<u64>,
    reasoning_tokens: Option<u64>,
    cost_usd: Option<f64>,
    cost_source: Option<CostSource>,
    session_id: Option<&'a str>,
    user_id: Option<&'a str>,
    agent_name: Option<&'a str>,
    attributes: BTreeMap<String, String>,
    attributes_json: Vec<String>,
    resource_attributes: &'a BTreeMap<String, String>,
    resource_json: &'a [String],
    scope_name: &'a str,
    scope_version: Option<&'a str>,
    scope_attributes: String,
    events: String,
    links: String,
    batch: u64,
    first_seen: u64,
}

/// Appends `spans` to `out` as JSONEachRow lines. `batch` tags the rows of one write; of several
/// copies of a span, the one with the largest `first_seen` is kept, so pass a value that shrinks
/// as time passes to keep the first copy, as SQLite does.
pub fn write_spans(out: &mut Vec<u8>, spans: &[&Span], batch: u64, first_seen: u64) {
    // Spans of one request share their resource by `Arc`; encode each once.
    let mut resources: HashMap<*const Resource, StoredAttrs> = HashMap::new();
    for span in spans {
        let resource = resources
            .entry(Arc::as_ptr(&span.resource))
            .or_insert_with(|| StoredAttrs::encode(&span.resource.attributes));
        let attrs = StoredAttrs::encode(&span.attributes);
        let row = InsertSpan {
            trace_id: span.trace_id.to_hex(),
            span_id: span.span_id.to_hex(),
            parent_span_id: span.parent_span_id.map(|p| p.to_hex()).unwrap_or_default(),
            name: &span.name,
            kind: span.kind.as_str(),
            otel_kind: span.otel_kind,
            start_ns: span.start_time.as_i64(),
            end_ns: span.end_time.as_i64(),
            status_code: span.status.code,
            status_message: span.status.message.as_deref(),
            service: span.service_name(),
            model: span.model.as_deref(),
            provider: span.provider.as_deref(),
            input_tokens: span.input_tokens,
            output_tokens: span.output_tokens,
            total_tokens: span.total_tokens,
            cache_read_tokens: span.cache_read_tokens,
            cache_write_tokens: span.cache_write_tokens,
            reasoning_tokens: span.reasoning_tokens,
            cost_usd: span.cost_usd,
            cost_source: span.cost_source,
            session_id: span.session_id.as_deref(),
            user_id: span.user_id.as_deref(),
            agent_name: span.agent_name.as_deref(),
            attributes: attrs.map,
            attributes_json: attrs.json,
            resource_attributes: &resource.map,
            resource_json: &resource.json,
            scope_name: &span.scope.name,
            scope_version: span.scope.version.as_deref(),
            scope_attributes: json_or_empty(
                &span.scope.attributes,
                span.scope.attributes.is_empty(),
            ),
            events: json_or_empty(&span.events, span.events.is_empty()),
            links: json_or_empty(&span.links, span.links.is_empty()),
            batch,
            first_seen,
        };
        serde_json::to_writer(&mut *out, &row).expect("rows serialize to JSON");
        out.push(b'\n');
    }
}

/// The columns [`StoredSpan`] reads, in its field order.
pub const SPAN_COLUMNS: [&str; 32] = [
    "trace_id",
    "span_id",
    "parent_span_id",
    "name",
    "kind",
    "otel_kind",
    "start_ns",
    "end_ns",
    "status_code",
    "status_message",
    "model",
    "provider",
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
    "cost_usd",
    "cost_source",
    "session_id",
    "user_id",
    "agent_name",
    "attributes",
    "attributes_json",
    "resource_attributes",
    "resource_json",
    "scope_name",
    "scope_version",
    "scope_attributes",
    "events",
    "links",
];

/// `s.trace_id, s.span_id, …`: the select list of [`StoredSpan`] for a table aliased `alias`.
pub fn span_select(alias: &str) -> String {
    select_list(alias, &SPAN_COLUMNS)
}

/// `alias.a, alias.b, …`: a select list read by position, so its order is the row type's.
pub fn select_list(alias: &str, columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One span as read (JSONCompactEachRow, so by position: see [`SPAN_COLUMNS`]).
#[derive(Debug, Deserialize)]
pub struct StoredSpan {
    pub trace_id: String,
    pub span_id: String,
    parent_span_id: String,
    name: String,
    kind: String,
    otel_kind: String,
    #[serde(deserialize_with = "de::int")]
    start_ns: i64,
    #[serde(deserialize_with = "de::int")]
    end_ns: i64,
    status_code: String,
    status_message: Option<String>,
    model: Option<String>,
    provider: Option<String>,
    #[serde(deserialize_with = "de::opt_int")]
    input_tokens: Option<u64>,
    #[serde(deserialize_with = "de::opt_int")]
    output_tokens: Option<u64>,
    #[serde(deserialize_with = "de::opt_int")]
    total_tokens: Option<u64>,
    #[serde(deserialize_with = "de::opt_int")]
    cache_read_tokens: Option<u64>,
    #[serde(deserialize_with = "de::opt_int")]
    cache_write_tokens: Option<u64>,
    #[serde(deserialize_with = "de::opt_int")]
    reasoning_tokens: Option<u64>,
    cost_usd: Option<f64>,
    cost_source: Option<String>,
    session_id: Option<String>,
    user_id: Option<String>,
    agent_name: Option<String>,
    attributes: BTreeMap<String, String>,
    attributes_json: Vec<String>,
    resource_attributes: BTreeMap<String, String>,
    resource_json: Vec<String>,
    scope_name: String,
    scope_version: Option<String>,
    scope_attributes: String,
    events: String,
    links: String,
}

/// Reads a lowercase enum name the way serde writes it.
pub fn enum_name<T: serde::de::DeserializeOwned + Default>(name: &str) -> T {
    serde_json::from_value(serde_json::Value::String(name.to_string())).unwrap_or_default()
}

pub fn cost_source(name: Option<&str>) -> Option<CostSource> {
    match name? {
        "estimated" => Some(CostSource::Estimated),
        _ => Some(CostSource::Reported),
    }
}

/// Turns stored rows into spans, sharing each resource and scope between the spans that use it.
#[derive(Default)]
pub struct SpanReader {
    /// Which raw attributes the spans get.
    attributes: SpanAttributes,
    resources: HashMap<StoredAttrs, Arc<Resource>>,
    scopes: HashMap<(String, Option<String>, String), Arc<Scope>>,
}

impl SpanReader {
    /// A reader whose spans get the raw attributes `attributes` asks for.
    pub fn new(attributes: SpanAttributes) -> SpanReader {
        SpanReader {
            attributes,
            ..SpanReader::default()
        }
    }

    pub fn read(&mut self, mut row: StoredSpan) -> Result<Span, StoreError> {
        row.attributes.retain(|k, _| self.attributes.keeps(k));
        let resource_key = StoredAttrs {
            map: row.resource_attributes,
            json: row.resource_json,
        };
        let resource = match self.resources.get(&resource_key) {
            Some(r) => Arc::clone(r),
            None => {
                let r = Arc::new(Resource {
                    attributes: resource_key.clone().decode()?,
                });
                self.resources.insert(resource_key, Arc::clone(&r));
                r
            }
        };
        let scope_key = (row.scope_name, row.scope_version, row.scope_attributes);
        let scope = match self.scopes.get(&scope_key) {
            Some(s) => Arc::clone(s),
            None => {
                let s = Arc::new(Scope {
                    name: scope_key.0.clone(),
                    version: scope_key.1.clone(),
                    attributes: if scope_key.2.is_empty() {
                        Attributes::new()
                    } else {
                        parse_json(&scope_key.2)?
                    },
                });
                self.scopes.insert(scope_key, Arc::clone(&s));
                s
            }
        };
        let id_error =
            |what: &str, v: &str| StoreError::Backend(format!("bad {what} {v:?} in the store"));
        Ok(Span {
            trace_id: row
                .trace_id
                .parse::<TraceId>()
                .map_err(|_| id_error("trace id", &row.trace_id))?,
            span_id: row
                .span_id
                .parse::<SpanId>()
                .map_err(|_| id_error("span id", &row.span_id))?,
            parent_span_id: match row.parent_span_id.as_str() {
                "" => None,
                p => Some(p.parse().map_err(|_| id_error("parent span id", p))?),
            },
            name: row.name,
            kind: SpanKind::parse(&row.kind).unwrap_or_default(),
            otel_kind: enum_name(&row.otel_kind),
            start_time: Nanos(row.start_ns),
            end_time: Nanos(row.end_ns),
            status: Status {
                code: enum_name(&row.status_code),
                message: row.status_message,
            },
            attributes: StoredAttrs {
                map: row.attributes,
                json: row.attributes_json,
            }
            .decode()?,
            events: if row.events.is_empty() {
                Vec::new()
            } else {
                parse_json(&row.events)?
            },
            links: if row.links.is_empty() {
                Vec::new()
            } else {
                parse_json(&row.links)?
            },
            resource,
            scope,
            model: row.model,
            provider: row.provider,
            input_tokens: row.input_tokens,
            output_tokens: row.output_tokens,
            total_tokens: row.total_tokens,
            cache_read_tokens: row.cache_read_tokens,
            cache_write_tokens: row.cache_write_tokens,
            reasoning_tokens: row.reasoning_tokens,
            cost_usd: row.cost_usd,
            cost_source: cost_source(row.cost_source.as_deref()),
            session_id: row.session_id,
            user_id: row.user_id,
            agent_name: row.agent_name,
            ..Span::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_keep_their_json_types() {
        let attrs: Attributes = serde_json::json!({
            "s": "x", "n": "7", "i": 7, "d": 1.5, "b": true, "a": [1, "two"], "m": {"k": "v"}, "z": null
        })
        .as_object()
        .unwrap()
        .clone();
        let stored = StoredAttrs::encode(&attrs);
        assert_eq!(stored.map["s"], "x");
        assert_eq!(stored.map["n"], "7");
        assert_eq!(stored.map["i"], "7");
        assert_eq!(stored.map["a"], r#"[1,"two"]"#);
        assert!(!stored.json.contains(&"n".to_string()));
        assert_eq!(stored.decode().unwrap(), attrs);
    }

    #[test]
    fn enum_names_read_leniently() {
        assert_eq!(enum_name::<StatusCode>("error"), StatusCode::Error);
        assert_eq!(enum_name::<OtelKind>("server"), OtelKind::Server);
        assert_eq!(enum_name::<OtelKind>("nonsense"), OtelKind::Unspecified);
    }
}
