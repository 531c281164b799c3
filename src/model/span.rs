//! The span as canopy stores and serves it.
//!
//! A [`Span`] keeps everything the SDK sent (attributes, resource, scope, events, links) plus the
//! fields that `semconv` derives from it at ingest, such as the semantic [`SpanKind`]. Its JSON
//! form is part of the query API and of `canopy trace get --json`; field names here are a
//! contract, and `duration_ns` is written next to the two times so scripts need no arithmetic.

use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};

use super::{Nanos, SpanId, TraceId};

/// Attribute values keep their JSON shape: strings, numbers (integers stay integers), booleans,
/// arrays and maps. OTLP bytes values become base64 strings. Keys are sorted.
pub type Attributes = serde_json::Map<String, serde_json::Value>;

/// What a span does for an agent, derived from whichever convention the SDK used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SpanKind {
    Llm,
    Chain,
    Tool,
    Agent,
    Retriever,
    Embedding,
    Reranker,
    Guardrail,
    Evaluator,
    Prompt,
    #[default]
    Unknown,
}

impl SpanKind {
    pub const ALL: [SpanKind; 11] = [
        SpanKind::Llm,
        SpanKind::Chain,
        SpanKind::Tool,
        SpanKind::Agent,
        SpanKind::Retriever,
        SpanKind::Embedding,
        SpanKind::Reranker,
        SpanKind::Guardrail,
        SpanKind::Evaluator,
        SpanKind::Prompt,
        SpanKind::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SpanKind::Llm => "LLM",
            SpanKind::Chain => "CHAIN",
            SpanKind::Tool => "TOOL",
            SpanKind::Agent => "AGENT",
            SpanKind::Retriever => "RETRIEVER",
            SpanKind::Embedding => "EMBEDDING",
            SpanKind::Reranker => "RERANKER",
            SpanKind::Guardrail => "GUARDRAIL",
            SpanKind::Evaluator => "EVALUATOR",
            SpanKind::Prompt => "PROMPT",
            SpanKind::Unknown => "UNKNOWN",
        }
    }

    /// Parses a kind name in any case (`llm`, `LLM`).
    pub fn parse(s: &str) -> Option<SpanKind> {
        SpanKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// Stable small integer for compact storage.
    pub fn code(self) -> u8 {
        SpanKind::ALL.iter().position(|k| *k == self).unwrap_or(10) as u8
    }

    pub fn from_code(code: i64) -> SpanKind {
        usize::try_from(code)
            .ok()
            .and_then(|i| SpanKind::ALL.get(i).copied())
            .unwrap_or(SpanKind::Unknown)
    }
}

/// The OpenTelemetry span kind (the transport role, not the agent role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OtelKind {
    #[default]
    Unspecified,
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

impl OtelKind {
    /// From the OTLP enum value; unknown values read as unspecified.
    pub fn from_code(code: i64) -> OtelKind {
        match code {
            1 => OtelKind::Internal,
            2 => OtelKind::Server,
            3 => OtelKind::Client,
            4 => OtelKind::Producer,
            5 => OtelKind::Consumer,
            _ => OtelKind::Unspecified,
        }
    }

    pub fn code(self) -> i32 {
        match self {
            OtelKind::Unspecified => 0,
            OtelKind::Internal => 1,
            OtelKind::Server => 2,
            OtelKind::Client => 3,
            OtelKind::Producer => 4,
            OtelKind::Consumer => 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusCode {
    #[default]
    Unset,
    Ok,
    Error,
}

impl StatusCode {
    pub fn from_code(code: i64) -> StatusCode {
        match code {
            1 => StatusCode::Ok,
            2 => StatusCode::Error,
            _ => StatusCode::Unset,
        }
    }

    pub fn code(self) -> i32 {
        match self {
            StatusCode::Unset => 0,
            StatusCode::Ok => 1,
            StatusCode::Error => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Status {
    pub code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The entity that produced the span (`service.name` and friends), shared by all its spans.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Resource {
    #[serde(default)]
    pub attributes: Attributes,
}

impl Resource {
    pub fn service_name(&self) -> Option<&str> {
        self.attributes.get("service.name").and_then(|v| v.as_str())
    }
}

/// The instrumentation library that created the span.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Scope {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub attributes: Attributes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub time: Nanos,
    pub name: String,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub attributes: Attributes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub attributes: Attributes,
}

/// One span: what the SDK sent, plus the fields canopy derived from it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Span {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    #[serde(default)]
    pub parent_span_id: Option<SpanId>,
    pub name: String,
    /// The semantic kind (LLM, TOOL, AGENT…), derived by `semconv`.
    #[serde(default)]
    pub kind: SpanKind,
    #[serde(default)]
    pub otel_kind: OtelKind,
    pub start_time: Nanos,
    pub end_time: Nanos,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub attributes: Attributes,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub resource: Arc<Resource>,
    #[serde(default)]
    pub scope: Arc<Scope>,
}

impl Span {
    /// Nanoseconds from start to end; zero when the span ends before it starts.
    pub fn duration_ns(&self) -> i64 {
        self.end_time.since(self.start_time)
    }

    pub fn is_error(&self) -> bool {
        self.status.code == StatusCode::Error
    }

    pub fn service_name(&self) -> Option<&str> {
        self.resource.service_name()
    }
}

/// The wire form of [`Span`]: the same fields plus `duration_ns`, which is derived and so not
/// stored in the struct. Kept beside `Span` so the two cannot drift apart unnoticed (a test
/// round-trips every field).
#[derive(Serialize)]
struct SpanWire<'a> {
    trace_id: &'a TraceId,
    span_id: &'a SpanId,
    parent_span_id: &'a Option<SpanId>,
    name: &'a str,
    kind: SpanKind,
    otel_kind: OtelKind,
    start_time: Nanos,
    end_time: Nanos,
    duration_ns: i64,
    status: &'a Status,
    attributes: &'a Attributes,
    events: &'a [Event],
    links: &'a [Link],
    resource: &'a Resource,
    scope: &'a Scope,
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SpanWire {
            trace_id: &self.trace_id,
            span_id: &self.span_id,
            parent_span_id: &self.parent_span_id,
            name: &self.name,
            kind: self.kind,
            otel_kind: self.otel_kind,
            start_time: self.start_time,
            end_time: self.end_time,
            duration_ns: self.duration_ns(),
            status: &self.status,
            attributes: &self.attributes,
            events: &self.events,
            links: &self.links,
            resource: &self.resource,
            scope: &self.scope,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small span for tests in other modules.
    pub(crate) fn span(
        trace: u8,
        id: u8,
        parent: Option<u8>,
        name: &str,
        start: i64,
        end: i64,
    ) -> Span {
        Span {
            trace_id: TraceId([trace; 16]),
            span_id: SpanId([id; 8]),
            parent_span_id: parent.map(|p| SpanId([p; 8])),
            name: name.to_string(),
            kind: SpanKind::Unknown,
            otel_kind: OtelKind::Internal,
            start_time: Nanos(start),
            end_time: Nanos(end),
            status: Status::default(),
            attributes: Attributes::new(),
            events: Vec::new(),
            links: Vec::new(),
            resource: Arc::new(Resource::default()),
            scope: Arc::new(Scope::default()),
        }
    }

    #[test]
    fn json_round_trips_every_field_and_adds_duration() {
        let mut s = span(1, 2, Some(3), "chat", 1_000, 4_000);
        s.kind = SpanKind::Llm;
        s.status = Status {
            code: StatusCode::Error,
            message: Some("boom".into()),
        };
        s.attributes
            .insert("llm.model_name".into(), "gpt-4o".into());
        s.events.push(Event {
            time: Nanos(2_000),
            name: "exception".into(),
            attributes: Attributes::new(),
        });
        s.links.push(Link {
            trace_id: TraceId([9; 16]),
            span_id: SpanId([8; 8]),
            attributes: Attributes::new(),
        });
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["duration_ns"], 3_000);
        assert_eq!(json["kind"], "LLM");
        assert_eq!(json["otel_kind"], "internal");
        assert_eq!(json["parent_span_id"], "0303030303030303");
        let back: Span = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn kind_codes_round_trip() {
        for k in SpanKind::ALL {
            assert_eq!(SpanKind::from_code(k.code().into()), k);
            assert_eq!(SpanKind::parse(&k.as_str().to_lowercase()), Some(k));
        }
    }
}
