//! The facts a summary needs, read back for every trace a batch touched.
//!
//! The writer reads every stored copy of each span (no `FINAL`: it needs to see copies written
//! by other batches to tell a re-sent span from a new one), keeps the first-written copy, as
//! `FINAL` would, and hands `model::analyze` one [`SpanFacts`] per span in start order.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::de;
use super::rows::cost_source;
use crate::model::{CostSource, Nanos, SpanFacts, SpanId, SpanKind, TraceId, Usage};
use crate::store::StoreError;

/// The columns [`FactRow`] reads, in its field order.
pub const FACT_COLUMNS: [&str; 22] = [
    "trace_id",
    "span_id",
    "parent_span_id",
    "name",
    "kind",
    "start_ns",
    "end_ns",
    "status_code",
    "service",
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
    "batch",
    "first_seen",
];

/// What a summary needs of one stored copy of a span.
#[derive(Debug, Deserialize)]
pub struct FactRow {
    trace_id: String,
    span_id: String,
    parent_span_id: String,
    name: String,
    kind: String,
    #[serde(deserialize_with = "de::int")]
    start_ns: i64,
    #[serde(deserialize_with = "de::int")]
    end_ns: i64,
    status_code: String,
    service: Option<String>,
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
    #[serde(deserialize_with = "de::int")]
    batch: u64,
    #[serde(deserialize_with = "de::int")]
    first_seen: u64,
}

pub fn bad(what: &str, v: &str) -> StoreError {
    StoreError::Backend(format!("bad {what} {v:?} in the store"))
}

impl FactRow {
    fn facts(self) -> Result<SpanFacts, StoreError> {
        let source = cost_source(self.cost_source.as_deref()).unwrap_or(CostSource::Reported);
        let cost = self.cost_usd.map(|c| (c, source));
        Ok(SpanFacts {
            span_id: self
                .span_id
                .parse()
                .map_err(|_| bad("span id", &self.span_id))?,
            parent_span_id: match self.parent_span_id.as_str() {
                "" => None,
                p => Some(p.parse().map_err(|_| bad("parent span id", p))?),
            },
            name: self.name,
            kind: SpanKind::parse(&self.kind).unwrap_or_default(),
            start_time: Nanos(self.start_ns),
            end_time: Nanos(self.end_ns),
            is_error: self.status_code == "error",
            service: self.service,
            usage: Usage {
                input_tokens: self.input_tokens,
                output_tokens: self.output_tokens,
                total_tokens: self.total_tokens,
                cache_read_tokens: self.cache_read_tokens,
                cache_write_tokens: self.cache_write_tokens,
                reasoning_tokens: self.reasoning_tokens,
            },
            cost,
            session_id: self.session_id,
            user_id: self.user_id,
            agent_name: self.agent_name,
        })
    }
}

/// One trace's spans, one copy each, in start order.
#[derive(Debug, Default)]
pub struct TraceFacts {
    pub facts: Vec<SpanFacts>,
    /// Spans with a copy written by another batch than `batch`: they were stored already.
    pub stored_before: HashSet<SpanId>,
}

/// Groups rows by trace, keeping the first-written copy of each span (the largest `first_seen`,
/// as `FINAL` would).
pub fn group(rows: Vec<FactRow>, batch: u64) -> Result<HashMap<TraceId, TraceFacts>, StoreError> {
    let mut copies: HashMap<(String, String), FactRow> = HashMap::new();
    let mut earlier: HashSet<(String, String)> = HashSet::new();
    for row in rows {
        let key = (row.trace_id.clone(), row.span_id.clone());
        if row.batch != batch {
            earlier.insert(key.clone());
        }
        match copies.get(&key) {
            Some(kept) if kept.first_seen >= row.first_seen => {}
            _ => {
                copies.insert(key, row);
            }
        }
    }
    let mut out: HashMap<TraceId, TraceFacts> = HashMap::new();
    for ((trace, span), row) in copies {
        let trace_id: TraceId = trace.parse().map_err(|_| bad("trace id", &trace))?;
        let entry = out.entry(trace_id).or_default();
        if earlier.contains(&(trace, span)) {
            entry.stored_before.insert(
                row.span_id
                    .parse()
                    .map_err(|_| bad("span id", &row.span_id))?,
            );
        }
        entry.facts.push(row.facts()?);
    }
    for t in out.values_mut() {
        t.facts.sort_by_key(|f| (f.start_time, f.span_id));
    }
    Ok(out)
}
