//! Traces and their summaries.
//!
//! A [`TraceSummary`] is the one row per trace that list endpoints serve; stores keep it up to date
//! at ingest with [`analyze`], a pure function of the trace's spans, so a trace whose spans arrive
//! in several requests (root last, as the Cascade SDK sends them) always has the summary that its
//! spans so far imply. The same analysis says which agent each span runs under, and which
//! session and user the trace belongs to, since SDKs often set these only on the root, an agent
//! span or the resource.

use serde::{Deserialize, Serialize, Serializer};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use super::rollup::rollup;
use super::{
    Annotation, CostSource, Nanos, Node, Span, SpanId, SpanKind, SpanTree, Totals, TraceId, Usage,
};

/// The facts about one span that a trace summary needs; a light row a store can read back cheaply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpanFacts {
    pub span_id: SpanId,
    pub parent_span_id: Option<SpanId>,
    pub name: String,
    pub kind: SpanKind,
    pub start_time: Nanos,
    pub end_time: Nanos,
    pub is_error: bool,
    pub service: Option<String>,
    pub usage: Usage,
    pub cost: Option<(f64, CostSource)>,
    /// The span's own session, user and agent (not inherited ones).
    pub session_id: Option<String>,
    pub user_id: Option<String>,
    pub agent_name: Option<String>,
}

impl From<&Span> for SpanFacts {
    fn from(s: &Span) -> Self {
        SpanFacts {
            span_id: s.span_id,
            parent_span_id: s.parent_span_id,
            name: s.name.clone(),
            kind: s.kind,
            start_time: s.start_time,
            end_time: s.end_time,
            is_error: s.is_error(),
            service: s.service_name().map(str::to_string),
            usage: s.usage(),
            cost: s
                .cost_usd
                .map(|c| (c, s.cost_source.unwrap_or(CostSource::Reported))),
            session_id: s.session_id.clone(),
            user_id: s.user_id.clone(),
            agent_name: s.agent_name.clone(),
        }
    }
}

/// One row per trace: what `trace list` shows.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct TraceSummary {
    pub trace_id: TraceId,
    /// The span without a parent, once it has arrived.
    #[serde(default)]
    pub root_span_id: Option<SpanId>,
    /// The root's name or, while the root is missing, the name of the earliest span.
    pub root_name: String,
    #[serde(default)]
    pub service: Option<String>,
    pub start_time: Nanos,
    pub duration_ns: i64,
    pub span_count: u64,
    pub error_count: u64,
    /// Tokens, cost and LLM calls of the whole trace, each call counted once.
    #[serde(flatten)]
    pub totals: Totals,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    /// Agents that ran in the trace, in order of appearance.
    #[serde(default)]
    pub agents: Vec<String>,
}

impl TraceSummary {
    pub fn end_time(&self) -> Nanos {
        Nanos(self.start_time.0.saturating_add(self.duration_ns))
    }

    /// True until the span without a parent arrives.
    pub fn is_missing_root(&self) -> bool {
        self.root_span_id.is_none()
    }
}

/// What a trace's spans imply: its summary, and the agent each span runs under.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub summary: TraceSummary,
    /// Per input span: its own agent, else its nearest ancestor's.
    pub agents: Vec<Option<String>>,
    /// Per input span: what it adds to the trace's totals (see `Rollup::contribution`).
    pub contributions: Vec<Totals>,
}

/// Analyzes a trace from the facts of all its spans (in any order). `None` for no spans.
pub fn analyze(trace_id: TraceId, spans: &[SpanFacts]) -> Option<Analysis> {
    let first = spans.first()?;
    let (mut start, mut end) = (first.start_time, first.end_time);
    let mut errors = 0;
    for s in spans {
        start = start.min(s.start_time);
        end = end.max(s.end_time);
        errors += u64::from(s.is_error);
    }
    let tree = SpanTree::build(spans);
    let rollup = rollup(&tree);

    // The root is the earliest span without a parent (the tree's first top, since roots come
    // first in start order); until it arrives, the earliest span stands in so the row still has
    // a name.
    let key = |f: &SpanFacts| (f.start_time, f.span_id);
    let root = spans
        .iter()
        .filter(|s| s.parent_span_id.is_none())
        .min_by_key(|s| key(s));
    let named = root.unwrap_or_else(|| spans.iter().min_by_key(|s| key(s)).expect("non-empty"));

    // Walk once, top-down: effective agents, the shallowest session and user, the agent list.
    let mut agents = vec![None; spans.len()];
    let mut names: Vec<String> = Vec::new();
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut session: Option<(usize, &str)> = None;
    let mut user: Option<(usize, &str)> = None;
    for e in tree.walk() {
        stack.truncate(e.depth);
        let Node::Span { index, .. } = e.node else {
            stack.push(None);
            continue;
        };
        let s = &spans[index];
        let effective = s
            .agent_name
            .clone()
            .or_else(|| stack.last().cloned().flatten());
        if let Some(own) = &s.agent_name
            && !names.contains(own)
        {
            names.push(own.clone());
        }
        for (slot, value) in [(&mut session, &s.session_id), (&mut user, &s.user_id)] {
            if let Some(v) = value
                && slot.is_none_or(|(depth, _)| e.depth < depth)
            {
                *slot = Some((e.depth, v));
            }
        }
        agents[index] = effective.clone();
        stack.push(effective);
    }

    Some(Analysis {
        summary: TraceSummary {
            trace_id,
            root_span_id: root.map(|r| r.span_id),
            root_name: named.name.clone(),
            service: named.service.clone(),
            start_time: start,
            duration_ns: end.since(start),
            span_count: spans.len() as u64,
            error_count: errors,
            totals: rollup.trace,
            session_id: session.map(|(_, v)| v.to_string()),
            user_id: user.map(|(_, v)| v.to_string()),
            agents: names,
        },
        agents,
        contributions: rollup.contribution,
    })
}

/// The wire form of [`TraceSummary`], with the derived `end_time`; also the source of its
/// OpenAPI schema, so the document describes exactly what is written.
#[derive(Serialize, ToSchema)]
#[schema(description = "One row per trace: what `trace list` shows.")]
struct SummaryWire<'a> {
    trace_id: &'a TraceId,
    /// The span without a parent; `null` until it has arrived.
    root_span_id: &'a Option<SpanId>,
    /// The root's name or, while the root is missing, the name of the earliest span.
    root_name: &'a str,
    /// The `service.name` of the root (or the earliest span).
    service: &'a Option<String>,
    /// When the earliest span started.
    start_time: Nanos,
    /// When the latest span ended.
    end_time: Nanos,
    duration_ns: i64,
    span_count: u64,
    /// Spans with status ERROR.
    error_count: u64,
    /// Tokens, cost and LLM calls of the whole trace, each call counted once.
    #[serde(flatten)]
    totals: &'a Totals,
    /// The session, from the shallowest span that names one.
    session_id: &'a Option<String>,
    user_id: &'a Option<String>,
    /// Agents that ran in the trace, in order of appearance.
    agents: &'a [String],
}

impl utoipa::PartialSchema for TraceSummary {
    fn schema() -> RefOr<Schema> {
        <SummaryWire<'static> as utoipa::PartialSchema>::schema()
    }
}

impl ToSchema for TraceSummary {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <SummaryWire<'static> as ToSchema>::schemas(schemas);
    }
}

impl Serialize for TraceSummary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SummaryWire {
            trace_id: &self.trace_id,
            root_span_id: &self.root_span_id,
            root_name: &self.root_name,
            service: &self.service,
            start_time: self.start_time,
            end_time: self.end_time(),
            duration_ns: self.duration_ns,
            span_count: self.span_count,
            error_count: self.error_count,
            totals: &self.totals,
            session_id: &self.session_id,
            user_id: &self.user_id,
            agents: &self.agents,
        }
        .serialize(serializer)
    }
}

/// A whole trace: its summary, every span ordered by start time, and its annotations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Trace {
    pub trace_id: TraceId,
    pub summary: TraceSummary,
    pub spans: Vec<Span>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
}

impl Trace {
    /// Fills every span's `subtree` sums (done when a trace is read, since they need the tree).
    pub fn fill_subtrees(&mut self) {
        let sums = rollup(&SpanTree::build(&self.spans)).subtree;
        for (span, sum) in self.spans.iter_mut().zip(sums) {
            span.subtree = Some(sum);
        }
    }
}

/// One page of `GET /api/v1/traces`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TracePage {
    pub traces: Vec<TraceSummary>,
    /// Pass back as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// One page of `GET /api/v1/spans`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SpanPage {
    pub spans: Vec<Span>,
    pub next_cursor: Option<String>,
}

/// How many traces (or spans) have each value of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// `GET /api/v1/facets`: counts per value for the fields people filter on most, most common
/// first. Traces are counted once per value they contain; spans once each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Facets {
    pub total: u64,
    pub service: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
    pub model: Vec<FacetCount>,
    pub agent: Vec<FacetCount>,
    pub status: Vec<FacetCount>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::span::tests::span;

    fn facts(spans: &[Span]) -> Vec<SpanFacts> {
        spans.iter().map(SpanFacts::from).collect()
    }

    fn summary(spans: &[Span]) -> TraceSummary {
        analyze(TraceId([1; 16]), &facts(spans)).unwrap().summary
    }

    #[test]
    fn root_arriving_last_replaces_the_stand_in() {
        let children = [
            span(1, 2, Some(1), "child-b", 20, 30),
            span(1, 3, Some(1), "child-a", 10, 40),
        ];
        let partial = summary(&children);
        assert_eq!(partial.root_name, "child-a");
        assert!(partial.is_missing_root());
        assert_eq!((partial.start_time, partial.duration_ns), (Nanos(10), 30));

        let mut all = children.to_vec();
        all.push(span(1, 1, None, "root", 5, 50));
        let full = summary(&all);
        assert_eq!(full.root_name, "root");
        assert_eq!(full.root_span_id, Some(SpanId([1; 8])));
        assert_eq!(
            (full.start_time, full.duration_ns, full.span_count),
            (Nanos(5), 45, 3)
        );
    }

    #[test]
    fn errors_are_counted_and_empty_traces_have_no_summary() {
        let mut s = span(1, 1, None, "root", 0, 1);
        s.status.code = crate::model::StatusCode::Error;
        assert_eq!(summary(&[s]).error_count, 1);
        assert!(analyze(TraceId([1; 16]), &[]).is_none());
    }

    #[test]
    fn sessions_come_from_the_shallowest_span_and_agents_flow_down() {
        let mut root = span(1, 1, None, "run", 0, 100);
        root.user_id = Some("user-42".into());
        let mut agent = span(1, 2, Some(1), "planner", 1, 90);
        agent.kind = SpanKind::Agent;
        agent.agent_name = Some("planner".into());
        agent.session_id = Some("sess-1".into());
        let mut deep = span(1, 3, Some(2), "chat", 2, 10);
        deep.session_id = Some("sess-deeper".into());
        let mut sub = span(1, 4, Some(2), "researcher", 20, 30);
        sub.agent_name = Some("researcher".into());
        let tool = span(1, 5, Some(4), "lookup", 21, 22);
        let spans = [root, agent, deep, sub, tool];
        let a = analyze(TraceId([1; 16]), &facts(&spans)).unwrap();
        assert_eq!(a.summary.session_id.as_deref(), Some("sess-1"));
        assert_eq!(a.summary.user_id.as_deref(), Some("user-42"));
        assert_eq!(a.summary.agents, ["planner", "researcher"]);
        let effective: Vec<Option<&str>> = a.agents.iter().map(|a| a.as_deref()).collect();
        assert_eq!(
            effective,
            [
                None,
                Some("planner"),
                Some("planner"),
                Some("researcher"),
                Some("researcher")
            ]
        );
    }

    #[test]
    fn summary_json_is_flat_and_round_trips() {
        let mut s = span(1, 1, None, "r", 0, 7);
        s.kind = SpanKind::Llm;
        s.input_tokens = Some(3);
        let summary = summary(&[s]);
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(json["end_time"], "1970-01-01T00:00:00.000000007Z");
        assert_eq!(
            (json["input_tokens"].as_u64(), json["llm_count"].as_u64()),
            (Some(3), Some(1))
        );
        assert_eq!(json["cost_usd"], serde_json::Value::Null);
        assert_eq!(
            serde_json::from_value::<TraceSummary>(json).unwrap(),
            summary
        );
    }
}
