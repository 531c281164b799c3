//! The span as canopy stores and serves it.
//!
//! A [`Span`] keeps everything the SDK sent (attributes, resource, scope, events, links) plus the
//! fields that `semconv` derives from it at ingest, such as the semantic [`SpanKind`]. Its JSON
//! form is part of the query API and of `canopy trace get --json`; field names here are a
//! contract, and `duration_ns` is written next to the two times so scripts need no arithmetic.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use super::semantic::{CostSource, ErrorInfo, Payload, ToolInfo, Totals, Usage};
use super::{Nanos, SpanId, TraceId};

/// Attribute values keep their JSON shape: strings, numbers (integers stay integers), booleans,
/// arrays and maps. OTLP bytes values become base64 strings. Keys are sorted.
pub type Attributes = serde_json::Map<String, serde_json::Value>;

/// What a span does for an agent, derived from whichever convention the SDK used.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
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

/// The OpenTelemetry span status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
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

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct Status {
    pub code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The entity that produced the span (`service.name` and friends), shared by all its spans.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct Resource {
    #[serde(default)]
    #[schema(value_type = Object)]
    pub attributes: Attributes,
}

impl Resource {
    pub fn service_name(&self) -> Option<&str> {
        self.attributes.get("service.name").and_then(|v| v.as_str())
    }
}

/// The instrumentation library that created the span.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct Scope {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    #[schema(value_type = Object)]
    pub attributes: Attributes,
}

/// A span event (an exception, a log line, feedback…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub time: Nanos,
    pub name: String,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    #[schema(value_type = Object)]
    pub attributes: Attributes,
}

/// A link to a span of this or another trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Link {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    #[schema(value_type = Object)]
    pub attributes: Attributes,
}

/// One span: what the SDK sent, plus the fields canopy derived from it.
///
/// The derived fields (from `kind` on) are filled by `semconv` at ingest, except `input`,
/// `output` and `subtree`, which the server fills when it reads a trace: payloads are parsed out
/// of the raw attributes on demand rather than stored twice, and subtree sums need the whole tree.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Span {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    #[serde(default)]
    pub parent_span_id: Option<SpanId>,
    pub name: String,
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

    /// The semantic kind (LLM, TOOL, AGENT…).
    #[serde(default)]
    pub kind: SpanKind,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub input_tokens: Option<u64>,
    #[serde(default)]
    pub output_tokens: Option<u64>,
    #[serde(default)]
    pub total_tokens: Option<u64>,
    #[serde(default)]
    pub cache_read_tokens: Option<u64>,
    #[serde(default)]
    pub cache_write_tokens: Option<u64>,
    #[serde(default)]
    pub reasoning_tokens: Option<u64>,
    /// This span's own cost in USD (not its subtree's).
    #[serde(default)]
    pub cost_usd: Option<f64>,
    #[serde(default)]
    pub cost_source: Option<CostSource>,
    /// The session, the span's own or inherited from its trace.
    #[serde(default)]
    pub session_id: Option<String>,
    /// The user, the span's own or inherited from its trace.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The agent, the span's own or its nearest agent ancestor's.
    #[serde(default)]
    pub agent_name: Option<String>,
    #[serde(default)]
    pub tool: Option<ToolInfo>,
    #[serde(default)]
    pub error: Option<ErrorInfo>,
    #[serde(default)]
    pub input: Option<Payload>,
    #[serde(default)]
    pub output: Option<Payload>,
    /// Which raw key each derived field came from (`"model": "llm.model_name"`).
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// Sums over this span and everything below it, each call counted once.
    #[serde(default)]
    pub subtree: Option<Totals>,
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

    /// The span's own token counts.
    pub fn usage(&self) -> Usage {
        Usage {
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            total_tokens: self.total_tokens,
            cache_read_tokens: self.cache_read_tokens,
            cache_write_tokens: self.cache_write_tokens,
            reasoning_tokens: self.reasoning_tokens,
        }
    }

    pub fn set_usage(&mut self, u: Usage) {
        self.input_tokens = u.input_tokens;
        self.output_tokens = u.output_tokens;
        self.total_tokens = u.total_tokens;
        self.cache_read_tokens = u.cache_read_tokens;
        self.cache_write_tokens = u.cache_write_tokens;
        self.reasoning_tokens = u.reasoning_tokens;
    }
}

/// The wire form of [`Span`]: the same fields plus `duration_ns`, which is derived and so not
/// stored in the struct. Kept beside `Span` so the two cannot drift apart unnoticed (a test
/// round-trips every field). It is also where `Span`'s OpenAPI schema comes from, so the
/// document describes exactly what is written.
#[derive(Serialize, ToSchema)]
#[schema(
    description = "One span: what the SDK sent (attributes, resource, scope, events, links) \
                   and the fields canopy derived from it (kind, model, tokens, cost, session, \
                   agent, tool, error, input and output)."
)]
struct SpanWire<'a> {
    trace_id: &'a TraceId,
    span_id: &'a SpanId,
    parent_span_id: &'a Option<SpanId>,
    name: &'a str,
    /// The semantic kind, derived from whichever convention the SDK used.
    kind: SpanKind,
    otel_kind: OtelKind,
    start_time: Nanos,
    end_time: Nanos,
    /// `end_time - start_time`, never negative.
    duration_ns: i64,
    status: &'a Status,
    model: &'a Option<String>,
    provider: &'a Option<String>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    total_tokens: Option<u64>,
    cache_read_tokens: Option<u64>,
    cache_write_tokens: Option<u64>,
    reasoning_tokens: Option<u64>,
    /// This span's own cost in USD (not its subtree's).
    cost_usd: Option<f64>,
    cost_source: Option<CostSource>,
    session_id: &'a Option<String>,
    user_id: &'a Option<String>,
    agent_name: &'a Option<String>,
    tool: &'a Option<ToolInfo>,
    error: &'a Option<ErrorInfo>,
    input: &'a Option<Payload>,
    output: &'a Option<Payload>,
    /// Sums over this span and everything below it, each call counted once.
    subtree: &'a Option<Totals>,
    /// Which raw attribute each derived field came from (`"model": "llm.model_name"`).
    sources: &'a BTreeMap<String, String>,
    /// The raw attributes as sent, with their JSON types.
    #[schema(value_type = Object)]
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
            model: &self.model,
            provider: &self.provider,
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            total_tokens: self.total_tokens,
            cache_read_tokens: self.cache_read_tokens,
            cache_write_tokens: self.cache_write_tokens,
            reasoning_tokens: self.reasoning_tokens,
            cost_usd: self.cost_usd,
            cost_source: self.cost_source,
            session_id: &self.session_id,
            user_id: &self.user_id,
            agent_name: &self.agent_name,
            tool: &self.tool,
            error: &self.error,
            input: &self.input,
            output: &self.output,
            subtree: &self.subtree,
            sources: &self.sources,
            attributes: &self.attributes,
            events: &self.events,
            links: &self.links,
            resource: &self.resource,
            scope: &self.scope,
        }
        .serialize(serializer)
    }
}

impl utoipa::PartialSchema for Span {
    fn schema() -> RefOr<Schema> {
        <SpanWire<'static> as utoipa::PartialSchema>::schema()
    }
}

impl ToSchema for Span {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <SpanWire<'static> as ToSchema>::schemas(schemas);
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
            otel_kind: OtelKind::Internal,
            start_time: Nanos(start),
            end_time: Nanos(end),
            ..Span::default()
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
        s.model = Some("gpt-4o".into());
        s.input_tokens = Some(42);
        s.cost_usd = Some(0.5);
        s.cost_source = Some(CostSource::Estimated);
        s.session_id = Some("sess".into());
        s.error = Some(ErrorInfo {
            error_type: Some("ValueError".into()),
            message: Some("boom".into()),
            stacktrace: None,
        });
        s.input = Some(Payload {
            messages: vec![crate::model::Message {
                role: "user".into(),
                content: Some("hi".into()),
                ..Default::default()
            }],
            ..Default::default()
        });
        s.sources.insert("model".into(), "llm.model_name".into());
        s.subtree = Some(Totals {
            input_tokens: 42,
            llm_count: 1,
            ..Default::default()
        });
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["duration_ns"], 3_000);
        assert_eq!(json["kind"], "LLM");
        assert_eq!(json["otel_kind"], "internal");
        assert_eq!(json["parent_span_id"], "0303030303030303");
        assert_eq!(json["input_tokens"], 42);
        assert_eq!(json["cost_source"], "estimated");
        assert_eq!(json["error"]["type"], "ValueError");
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
