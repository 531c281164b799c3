//! The facts a summary needs, read back for every trace a batch touched.
//!
//! The writer reads every stored copy of each span (no `FINAL`: it needs to see copies written
//! by other batches to tell a re-sent span from a new one), keeps the first-written copy, as
//! `FINAL` would, and hands `model::analyze` one [`SpanFacts`] per span in start order, with the
//! model and provider that usage reports group by (`SpanFacts` has no place for them).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::de;
use super::rows::cost_source;
use crate::model::{CostSource, Nanos, SpanFacts, SpanId, SpanKind, TraceId, Usage};
use crate::store::StoreError;

/// The columns [`FactRow`] reads, in its field order.
pub const FACT_COLUMNS: [&str; 24] = [
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
    "model",
    "provider",
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
    model: Option<String>,
    provider: Option<String>,
    #[serde(deserialize_with = "de::int")]
    batch: u64,
    #[serde(deserialize_with = "de::int")]
    first_seen: u64,
}

pub fn bad(what: &str, v: &str) -> StoreError {
    StoreError::Backend(format!("bad {what} {v:?} in the store"))
}

/// What a span is billed under, besides what [`SpanFacts`] holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Billing {
    pub model: Option<String>,
    pub provider: Option<String>,
}

impl FactRow {
    fn facts(self) -> Result<(SpanFacts, Billing), StoreError> {
        let source = cost_source(self.cost_source.as_deref()).unwrap_or(CostSource::Reported);
        let cost = self.cost_usd.map(|c| (c, source));
        let billing = Billing {
            model: self.model,
            provider: self.provider,
        };
        let facts = SpanFacts {
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
        };
        Ok((facts, billing))
    }
}

/// One trace's spans, one copy each, in start order.
#[derive(Debug, Default)]
pub struct TraceFacts {
    pub facts: Vec<SpanFacts>,
    /// Per span of `facts`.
    pub billing: Vec<Billing>,
    /// Spans whose kept copy was written by another batch than `batch`: they were stored
    /// already, and this batch's copy is the duplicate.
    pub stored_before: HashSet<SpanId>,
}

/// Groups rows by trace, keeping the first-written copy of each span (the largest `first_seen`,
/// as `FINAL` would).
///
/// A span is new to this batch when the copy kept is its own. Of several batches racing to
/// store the same span, the one whose copy is kept therefore always counts it as new (it reads
/// after its own insert, and every other copy it sees is younger); a batch that read before an
/// older copy landed may count it as new too. Stats may so over-count under such a race, and
/// whatever a new span brings (its feedback) must be idempotent: see `annotations`.
pub fn group(rows: Vec<FactRow>, batch: u64) -> Result<HashMap<TraceId, TraceFacts>, StoreError> {
    let mut copies: HashMap<(String, String), FactRow> = HashMap::new();
    for row in rows {
        let key = (row.trace_id.clone(), row.span_id.clone());
        match copies.get(&key) {
            Some(kept) if kept.first_seen >= row.first_seen => {}
            _ => {
                copies.insert(key, row);
            }
        }
    }
    let mut out: HashMap<TraceId, TraceFacts> = HashMap::new();
    for ((trace, _), row) in copies {
        let trace_id: TraceId = trace.parse().map_err(|_| bad("trace id", &trace))?;
        let entry = out.entry(trace_id).or_default();
        if row.batch != batch {
            entry.stored_before.insert(
                row.span_id
                    .parse()
                    .map_err(|_| bad("span id", &row.span_id))?,
            );
        }
        let (facts, billing) = row.facts()?;
        entry.facts.push(facts);
        entry.billing.push(billing);
    }
    for trace in out.values_mut() {
        trace.sort();
    }
    Ok(out)
}

impl TraceFacts {
    /// Puts the spans (and their billing, alongside) in start order.
    fn sort(&mut self) {
        let facts = std::mem::take(&mut self.facts);
        let billing = std::mem::take(&mut self.billing);
        let mut rows: Vec<(SpanFacts, Billing)> = facts.into_iter().zip(billing).collect();
        rows.sort_by_key(|(f, _)| (f.start_time, f.span_id));
        (self.facts, self.billing) = rows.into_iter().unzip();
    }
}
