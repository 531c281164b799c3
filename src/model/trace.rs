//! Traces and their summaries.
//!
//! A [`TraceSummary`] is the one row per trace that list endpoints serve; stores keep it up to date
//! at ingest with [`TraceSummary::compute`], a pure function of the trace's spans, so a trace whose
//! spans arrive in several requests (root last, as the Cascade SDK sends them) always has the
//! summary that its spans so far imply.

use serde::{Deserialize, Serialize, Serializer};

use super::{Nanos, Span, SpanId, SpanKind, TraceId};

/// The facts about one span that a trace summary needs; a light row a store can read back cheaply.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanFacts {
    pub span_id: SpanId,
    pub parent_span_id: Option<SpanId>,
    pub name: String,
    pub kind: SpanKind,
    pub start_time: Nanos,
    pub end_time: Nanos,
    pub is_error: bool,
    pub service: Option<String>,
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
        }
    }
}

/// One row per trace: what `trace list` shows.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
}

impl TraceSummary {
    pub fn end_time(&self) -> Nanos {
        Nanos(self.start_time.0.saturating_add(self.duration_ns))
    }

    /// True until the span without a parent arrives.
    pub fn is_missing_root(&self) -> bool {
        self.root_span_id.is_none()
    }

    /// The summary of a trace from the facts of all its spans (in any order). `None` for no spans.
    pub fn compute(trace_id: TraceId, spans: &[SpanFacts]) -> Option<TraceSummary> {
        let first = spans.first()?;
        let (mut start, mut end) = (first.start_time, first.end_time);
        let mut errors = 0;
        // The root is the earliest span without a parent; until it arrives, the earliest span
        // stands in so the row still has a name. Ties break on span id for determinism.
        let mut root: Option<&SpanFacts> = None;
        let mut earliest = first;
        for s in spans {
            start = start.min(s.start_time);
            end = end.max(s.end_time);
            errors += u64::from(s.is_error);
            let key = |f: &SpanFacts| (f.start_time, f.span_id);
            if key(s) < key(earliest) {
                earliest = s;
            }
            if s.parent_span_id.is_none() && root.is_none_or(|r| key(s) < key(r)) {
                root = Some(s);
            }
        }
        let named = root.unwrap_or(earliest);
        Some(TraceSummary {
            trace_id,
            root_span_id: root.map(|r| r.span_id),
            root_name: named.name.clone(),
            service: named.service.clone(),
            start_time: start,
            duration_ns: end.since(start),
            span_count: spans.len() as u64,
            error_count: errors,
        })
    }
}

#[derive(Serialize)]
struct SummaryWire<'a> {
    trace_id: &'a TraceId,
    root_span_id: &'a Option<SpanId>,
    root_name: &'a str,
    service: &'a Option<String>,
    start_time: Nanos,
    end_time: Nanos,
    duration_ns: i64,
    span_count: u64,
    error_count: u64,
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
        }
        .serialize(serializer)
    }
}

/// A whole trace: its summary and every span, ordered by start time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub trace_id: TraceId,
    pub summary: TraceSummary,
    pub spans: Vec<Span>,
}

/// One page of `GET /api/v1/traces`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TracePage {
    pub traces: Vec<TraceSummary>,
    /// Pass back as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::span::tests::span;

    fn facts(spans: &[Span]) -> Vec<SpanFacts> {
        spans.iter().map(SpanFacts::from).collect()
    }

    #[test]
    fn root_arriving_last_replaces_the_stand_in() {
        let children = [
            span(1, 2, Some(1), "child-b", 20, 30),
            span(1, 3, Some(1), "child-a", 10, 40),
        ];
        let partial = TraceSummary::compute(TraceId([1; 16]), &facts(&children)).unwrap();
        assert_eq!(partial.root_name, "child-a");
        assert!(partial.is_missing_root());
        assert_eq!((partial.start_time, partial.duration_ns), (Nanos(10), 30));

        let mut all = children.to_vec();
        all.push(span(1, 1, None, "root", 5, 50));
        let full = TraceSummary::compute(TraceId([1; 16]), &facts(&all)).unwrap();
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
        let summary = TraceSummary::compute(TraceId([1; 16]), &facts(&[s])).unwrap();
        assert_eq!(summary.error_count, 1);
        assert!(TraceSummary::compute(TraceId([1; 16]), &[]).is_none());
    }

    #[test]
    fn summary_json_has_end_time_and_round_trips() {
        let summary =
            TraceSummary::compute(TraceId([1; 16]), &facts(&[span(1, 1, None, "r", 0, 7)]))
                .unwrap();
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(json["end_time"], "1970-01-01T00:00:00.000000007Z");
        assert_eq!(
            serde_json::from_value::<TraceSummary>(json).unwrap(),
            summary
        );
    }
}
