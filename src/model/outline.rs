//! A trace's outline: what its tree and timeline draw, and nothing else
//! (`GET /api/v1/traces/{id}/outline`).
//!
//! As [`Trace`] JSON a 10k-span agent trace is ~10 MB even without payloads and raw attributes
//! (`?io=false&attributes=false`): every span repeats its trace id, an empty resource, its
//! scope, empty maps and lists, a `null` for each field it lacks and its subtree sums. Making
//! and parsing that JSON was most of what drawing such a tree cost. The outline sends each
//! span's identity, timing, status and the derived fields the views show, and leaves out what
//! is absent: ~320 bytes per span against ~1,020. Subtree sums are left to the reader, which
//! has the whole tree ([`TraceOutline::into_trace`]).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    Annotation, CostSource, ErrorInfo, Nanos, Span, SpanId, SpanKind, Status, ToolInfo, Trace,
    TraceId, TraceSummary,
};

/// A trace as its tree and timeline draw it: the summary, every span by start time (only what
/// the views show), and the annotations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TraceOutline {
    pub trace_id: TraceId,
    pub summary: TraceSummary,
    pub spans: Vec<SpanOutline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

/// One span of an outline: a [`Span`]'s identity, timing and status, and the derived fields a
/// tree shows (kind, model, tokens, cost, agent, tool name, error). Fields the span lacks are
/// left out rather than sent as `null`; subtree sums are not sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SpanOutline {
    pub span_id: SpanId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_span_id: Option<SpanId>,
    pub name: String,
    #[serde(default)]
    pub kind: SpanKind,
    pub start_time: Nanos,
    pub end_time: Nanos,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_tokens: Option<u64>,
    /// This span's own cost in USD (not its subtree's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_source: Option<CostSource>,
    /// The agent, the span's own or its nearest agent ancestor's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// The tool's name and call id (its arguments and result are not part of an outline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<ToolInfo>,
    /// The error's type and message (its stack trace is not part of an outline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
}

impl From<Span> for SpanOutline {
    /// Moves what an outline keeps out of `span` and drops the rest.
    fn from(span: Span) -> SpanOutline {
        SpanOutline {
            span_id: span.span_id,
            parent_span_id: span.parent_span_id,
            name: span.name,
            kind: span.kind,
            start_time: span.start_time,
            end_time: span.end_time,
            status: span.status,
            model: span.model,
            input_tokens: span.input_tokens,
            output_tokens: span.output_tokens,
            total_tokens: span.total_tokens,
            cache_read_tokens: span.cache_read_tokens,
            cache_write_tokens: span.cache_write_tokens,
            reasoning_tokens: span.reasoning_tokens,
            cost_usd: span.cost_usd,
            cost_source: span.cost_source,
            agent_name: span.agent_name,
            tool: span
                .tool
                .map(|t| ToolInfo {
                    arguments: None,
                    result: None,
                    ..t
                })
                .filter(|t| *t != ToolInfo::default()),
            error: span.error.map(|e| ErrorInfo {
                stacktrace: None,
                ..e
            }),
        }
    }
}

impl SpanOutline {
    /// The span this outlines, with what an outline leaves out empty.
    pub fn into_span(self, trace_id: TraceId) -> Span {
        Span {
            trace_id,
            span_id: self.span_id,
            parent_span_id: self.parent_span_id,
            name: self.name,
            kind: self.kind,
            start_time: self.start_time,
            end_time: self.end_time,
            status: self.status,
            model: self.model,
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            total_tokens: self.total_tokens,
            cache_read_tokens: self.cache_read_tokens,
            cache_write_tokens: self.cache_write_tokens,
            reasoning_tokens: self.reasoning_tokens,
            cost_usd: self.cost_usd,
            cost_source: self.cost_source,
            agent_name: self.agent_name,
            tool: self.tool,
            error: self.error,
            ..Span::default()
        }
    }
}

impl From<Trace> for TraceOutline {
    fn from(trace: Trace) -> TraceOutline {
        TraceOutline {
            trace_id: trace.trace_id,
            summary: trace.summary,
            spans: trace.spans.into_iter().map(SpanOutline::from).collect(),
            annotations: trace.annotations,
        }
    }
}

impl TraceOutline {
    /// The outlined trace as a [`Trace`] the views can draw, subtree sums filled.
    pub fn into_trace(self) -> Trace {
        let trace_id = self.trace_id;
        let mut trace = Trace {
            trace_id,
            summary: self.summary,
            spans: self
                .spans
                .into_iter()
                .map(|s| s.into_span(trace_id))
                .collect(),
            annotations: self.annotations,
        };
        trace.fill_subtrees();
        trace
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SpanFacts, StatusCode, Totals, analyze, test_span};

    fn trace() -> Trace {
        let mut root = test_span(1, 1, None, "agent", 0, 100);
        root.kind = SpanKind::Agent;
        root.agent_name = Some("planner".into());
        let mut llm = test_span(1, 2, Some(1), "chat", 10, 50);
        llm.kind = SpanKind::Llm;
        llm.model = Some("gpt-4o".into());
        llm.input_tokens = Some(12);
        llm.output_tokens = Some(3);
        llm.total_tokens = Some(15);
        llm.cost_usd = Some(0.5);
        llm.cost_source = Some(CostSource::Estimated);
        llm.session_id = Some("left out".into());
        llm.attributes
            .insert("llm.model_name".into(), "gpt-4o".into());
        let mut tool = test_span(1, 3, Some(1), "search", 60, 90);
        tool.kind = SpanKind::Tool;
        tool.status = Status {
            code: StatusCode::Error,
            message: Some("timed out".into()),
        };
        tool.tool = Some(ToolInfo {
            name: Some("search".into()),
            call_id: Some("call_1".into()),
            arguments: Some("{\"q\": 1}".into()),
            result: None,
        });
        tool.error = Some(ErrorInfo {
            error_type: Some("Timeout".into()),
            message: Some("timed out".into()),
            stacktrace: Some("at search()".into()),
        });
        let spans = vec![root, llm, tool];
        let facts: Vec<SpanFacts> = spans.iter().map(SpanFacts::from).collect();
        let mut trace = Trace {
            trace_id: TraceId([1; 16]),
            summary: analyze(TraceId([1; 16]), &facts).unwrap().summary,
            spans,
            annotations: Vec::new(),
        };
        trace.fill_subtrees();
        trace
    }

    #[test]
    fn absent_fields_are_left_out_of_the_json() {
        let outline = TraceOutline::from(trace());
        let json = serde_json::to_value(&outline.spans).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"span_id": "0101010101010101", "name": "agent", "kind": "AGENT",
                 "start_time": "1970-01-01T00:00:00.000000000Z",
                 "end_time": "1970-01-01T00:00:00.000000100Z",
                 "status": {"code": "unset"}, "agent_name": "planner"},
                {"span_id": "0202020202020202", "parent_span_id": "0101010101010101",
                 "name": "chat", "kind": "LLM",
                 "start_time": "1970-01-01T00:00:00.000000010Z",
                 "end_time": "1970-01-01T00:00:00.000000050Z",
                 "status": {"code": "unset"}, "model": "gpt-4o", "input_tokens": 12,
                 "output_tokens": 3, "total_tokens": 15, "cost_usd": 0.5,
                 "cost_source": "estimated"},
                {"span_id": "0303030303030303", "parent_span_id": "0101010101010101",
                 "name": "search", "kind": "TOOL",
                 "start_time": "1970-01-01T00:00:00.000000060Z",
                 "end_time": "1970-01-01T00:00:00.000000090Z",
                 "status": {"code": "error", "message": "timed out"},
                 "tool": {"name": "search", "call_id": "call_1"},
                 "error": {"type": "Timeout", "message": "timed out"}}
            ])
        );
        assert!(
            serde_json::to_value(&outline)
                .unwrap()
                .get("annotations")
                .is_none()
        );
    }

    /// What the views read of a span survives the outline, and the reader's subtree sums are
    /// the server's.
    #[test]
    fn into_trace_keeps_what_the_views_draw_and_sums_the_same() {
        let whole = trace();
        let json = serde_json::to_string(&TraceOutline::from(whole.clone())).unwrap();
        let back = serde_json::from_str::<TraceOutline>(&json)
            .unwrap()
            .into_trace();
        assert_eq!(back.summary, whole.summary);
        let subtrees =
            |t: &Trace| -> Vec<Option<Totals>> { t.spans.iter().map(|s| s.subtree).collect() };
        assert_eq!(subtrees(&back), subtrees(&whole));
        for (b, w) in back.spans.iter().zip(&whole.spans) {
            assert_eq!(
                (b.span_id, b.parent_span_id, &b.name, b.kind),
                (w.span_id, w.parent_span_id, &w.name, w.kind)
            );
            assert_eq!(
                (b.start_time, b.end_time, &b.status),
                (w.start_time, w.end_time, &w.status)
            );
            assert_eq!(
                (b.usage(), b.cost_usd, b.cost_source),
                (w.usage(), w.cost_usd, w.cost_source)
            );
            assert_eq!((&b.model, &b.agent_name), (&w.model, &w.agent_name));
            assert_eq!(b.trace_id, w.trace_id);
            assert!(b.attributes.is_empty() && b.session_id.is_none());
        }
        let tool = back.spans[2].tool.as_ref().unwrap();
        assert_eq!(
            (tool.name.as_deref(), tool.arguments.as_deref()),
            (Some("search"), None)
        );
        let error = back.spans[2].error.as_ref().unwrap();
        assert_eq!(
            (error.message.as_deref(), error.stacktrace.as_deref()),
            (Some("timed out"), None)
        );
    }
}
