//! Agent-shaped OTLP load: seeded, reproducible, and the same for canopy and its peers.
//!
//! A [`Workload`] is a stream of traces, each an agent run of 40–60 spans (mean 50): a root
//! agent that loops over LLM calls and the tool calls they ask for, sometimes hands a step to a
//! sub-agent or a retriever. Each trace speaks one dialect, OpenInference (60%) or the OTel
//! GenAI conventions (40%), with the attribute sets real instrumentations write (messages,
//! token counts, models, tool arguments and results, sessions, users; see `dialects`). About 3%
//! of tool calls fail with an exception.
//!
//! Spans go out in the order an SDK's batch processor sends them, by end time, so a trace's
//! root comes after its children and a trace can straddle two requests. Request `i` holds
//! spans `i*n .. (i+1)*n` of the stream and is built on its own from the seed, so a load tool
//! can make requests in parallel, and 10M spans never sit in memory at once.
//!
//! Trace `t` starts at `end_ns - spread_ns + t * spread_ns / traces`: the load covers the
//! `spread_ns` before `end_ns`, oldest first.

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{AnyValue, InstrumentationScope, KeyValue, any_value};
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_proto::tonic::trace::v1 as pb;

use super::dialects::{self, Dialect, Role};
use super::text::Rng;

const TRACE_STREAM: u64 = 1;
const SIZE_STREAM: u64 = 2;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct LoadSpec {
    pub seed: u64,
    /// Spans wanted; the stream ends with the trace that reaches it.
    pub spans: u64,
    pub spans_per_request: usize,
    /// Unix nanoseconds the newest trace starts at.
    pub end_ns: i64,
    /// How far back the oldest trace starts.
    pub spread_ns: i64,
}

/// One generated span before it becomes protobuf.
#[derive(Debug, Clone)]
pub struct GenSpan {
    pub span_id: [u8; 8],
    /// Index of the parent in generation order (before sorting by end time).
    pub parent: Option<usize>,
    pub parent_id: Option<[u8; 8]>,
    /// Generation order: seeds the span's attributes.
    pub ordinal: usize,
    /// Generation-order index of the agent this span runs under (itself for an agent).
    pub agent: usize,
    pub role: Role,
    pub depth: usize,
    pub start: i64,
    pub end: i64,
}

/// The stream of traces a [`LoadSpec`] describes.
pub struct Workload {
    pub spec: LoadSpec,
    /// `offsets[t]` = spans before trace `t`; the last entry is the total.
    offsets: Vec<u64>,
}

impl Workload {
    pub fn new(spec: LoadSpec) -> Workload {
        let mut offsets = vec![0u64];
        let mut total = 0u64;
        let mut t = 0u64;
        while total < spec.spans {
            total += Rng::for_item(spec.seed, SIZE_STREAM, t).range(40, 60);
            offsets.push(total);
            t += 1;
        }
        Workload { spec, offsets }
    }

    pub fn total_spans(&self) -> u64 {
        *self.offsets.last().expect("offsets start with 0")
    }

    pub fn traces(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Spans in trace `t`.
    pub fn trace_len(&self, t: usize) -> usize {
        (self.offsets[t + 1] - self.offsets[t]) as usize
    }

    /// The newest trace with exactly `len` spans, if any.
    pub fn newest_trace_of_len(&self, len: usize) -> Option<usize> {
        (0..self.traces()).rev().find(|&t| self.trace_len(t) == len)
    }

    pub fn requests(&self) -> usize {
        self.total_spans()
            .div_ceil(self.spec.spans_per_request as u64) as usize
    }

    fn trace_start(&self, t: usize) -> i64 {
        let step = self.spec.spread_ns / (self.traces().max(1) as i64);
        self.spec.end_ns - self.spec.spread_ns + step * t as i64
    }

    /// Request `i` of [`Workload::requests`].
    pub fn request(&self, i: usize) -> ExportTraceServiceRequest {
        let n = self.spec.spans_per_request as u64;
        let (lo, hi) = (i as u64 * n, ((i as u64 + 1) * n).min(self.total_spans()));
        let first = self.offsets.partition_point(|&o| o <= lo) - 1;
        let mut batch = Batch::default();
        let mut t = first;
        while t < self.traces() && self.offsets[t] < hi {
            let trace = self.trace(t);
            let skip = lo.saturating_sub(self.offsets[t]) as usize;
            let take = (hi - self.offsets[t].max(lo)) as usize;
            batch.add(&trace, skip, take);
            t += 1;
        }
        batch.finish()
    }

    /// Trace `t` as generated (spans in send order).
    pub fn trace(&self, t: usize) -> Trace {
        let size = (self.offsets[t + 1] - self.offsets[t]) as usize;
        Trace::generate(self.spec.seed, t as u64, size, self.trace_start(t))
    }

    /// One request holding a whole trace of `size` spans (for tree and timeline benches), and
    /// the trace's id.
    pub fn single_trace(
        seed: u64,
        size: usize,
        start_ns: i64,
    ) -> ([u8; 16], ExportTraceServiceRequest) {
        let trace = Trace::generate(seed, u64::MAX, size, start_ns);
        let mut batch = Batch::default();
        batch.add(&trace, 0, trace.spans.len());
        (trace.trace_id, batch.finish())
    }
}

/// A generated trace: its id, dialect, and spans sorted by end time.
pub struct Trace {
    pub trace_id: [u8; 16],
    pub dialect: Dialect,
    pub index: u64,
    pub seed: u64,
    pub spans: Vec<GenSpan>,
}

impl Trace {
    fn generate(seed: u64, index: u64, size: usize, start: i64) -> Trace {
        let mut rng = Rng::for_item(seed, TRACE_STREAM, index);
        let trace_id = rng.bytes::<16>();
        let dialect = if rng.chance(60) {
            Dialect::OpenInference
        } else {
            Dialect::GenAi
        };
        let mut spans = vec![GenSpan {
            span_id: rng.bytes::<8>(),
            parent: None,
            parent_id: None,
            ordinal: 0,
            agent: 0,
            role: Role::Agent,
            depth: 0,
            start,
            end: start,
        }];
        let end = fill(&mut rng, &mut spans, 0, size - 1, start + 1_000_000);
        spans[0].end = end + 2_000_000;
        let ids: Vec<[u8; 8]> = spans.iter().map(|s| s.span_id).collect();
        for s in &mut spans {
            s.parent_id = s.parent.map(|p| ids[p]);
        }
        // An SDK's batch processor sends spans as they end: children first, the root last.
        spans.sort_by_key(|s| (s.end, std::cmp::Reverse(s.depth)));
        Trace {
            trace_id,
            dialect,
            index,
            seed,
            spans,
        }
    }
}

/// Adds up to `budget` spans under `parent`, one step after another from `at`; returns when
/// the last one ends.
fn fill(rng: &mut Rng, spans: &mut Vec<GenSpan>, parent: usize, budget: usize, at: i64) -> i64 {
    let depth = spans[parent].depth + 1;
    let agent = spans[parent].agent;
    let mut left = budget;
    let mut t = at;
    let push = |rng: &mut Rng, spans: &mut Vec<GenSpan>, role: Role, start: i64, dur: i64| {
        let ordinal = spans.len();
        spans.push(GenSpan {
            span_id: rng.bytes::<8>(),
            parent: Some(parent),
            parent_id: None,
            ordinal,
            agent: if role == Role::Agent { ordinal } else { agent },
            role,
            depth,
            start,
            end: start + dur,
        });
        spans.len() - 1
    };
    while left > 0 {
        if left >= 8 && depth < 4 && rng.chance(12) {
            let share = (rng.range(5, 12) as usize).min(left - 1);
            let agent = push(rng, spans, Role::Agent, t, 0);
            let end = fill(rng, spans, agent, share, t + 500_000);
            spans[agent].end = end + 1_000_000;
            t = spans[agent].end + 200_000;
            left -= share + 1;
            continue;
        }
        let role = match rng.next_u64() % 100 {
            0..=5 if left >= 2 => Role::Retriever,
            6..=8 => Role::Embedding,
            9..=11 => Role::Chain,
            _ => Role::Llm,
        };
        let dur = match role {
            Role::Llm => rng.range(300, 3_000) as i64 * 1_000_000,
            Role::Retriever => rng.range(20, 200) as i64 * 1_000_000,
            _ => rng.range(5, 80) as i64 * 1_000_000,
        };
        push(rng, spans, role, t, dur);
        t += dur + 100_000;
        left -= 1;
        // An LLM call that asked for tools: the tools run next.
        if role == Role::Llm {
            let tools = (rng.range(0, 2) as usize).min(left);
            for _ in 0..tools {
                let dur = rng.range(5, 500) as i64 * 1_000_000;
                push(rng, spans, Role::Tool, t, dur);
                t += dur + 100_000;
                left -= 1;
            }
        }
    }
    t
}

/// Spans of one request grouped by service, as an SDK's exporter groups them.
#[derive(Default)]
struct Batch {
    groups: Vec<(Dialect, u64, Vec<pb::Span>)>,
}

impl Batch {
    fn add(&mut self, trace: &Trace, skip: usize, take: usize) {
        let service = dialects::service_of(trace);
        let pos = match self
            .groups
            .iter()
            .position(|(d, s, _)| *d == trace.dialect && *s == service)
        {
            Some(p) => p,
            None => {
                self.groups.push((trace.dialect, service, Vec::new()));
                self.groups.len() - 1
            }
        };
        for (i, span) in trace.spans.iter().enumerate().skip(skip).take(take) {
            self.groups[pos].2.push(dialects::span(trace, i, span));
        }
    }

    fn finish(self) -> ExportTraceServiceRequest {
        ExportTraceServiceRequest {
            resource_spans: self
                .groups
                .into_iter()
                .map(|(dialect, service, spans)| pb::ResourceSpans {
                    resource: Some(Resource {
                        attributes: dialects::resource(dialect, service),
                        ..Default::default()
                    }),
                    scope_spans: vec![pb::ScopeSpans {
                        scope: Some(InstrumentationScope {
                            name: dialects::scope_name(dialect).into(),
                            version: "1.4.0".into(),
                            ..Default::default()
                        }),
                        spans,
                        ..Default::default()
                    }],
                    ..Default::default()
                })
                .collect(),
        }
    }
}

pub fn kv(key: &str, value: any_value::Value) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue { value: Some(value) }),
        ..Default::default()
    }
}
