//! Trace summaries: what `model::analyze` makes of all of a trace's spans, stored as versioned
//! rows of `trace_summaries`.
//!
//! The writer re-reads the light [`FactRow`](super::facts::FactRow)s of every trace a batch touched (after the batch is
//! inserted, so they include whatever other servers inserted before), analyzes them, and inserts
//! one row per trace whose `version` is its span count in the high 32 bits and the time in
//! seconds in the low ones. ReplacingMergeTree keeps the highest version per trace and day, so
//! the summary computed from the most spans wins whichever server wrote it and in whatever order
//! the rows arrive (see the module doc of [`super`] for why the last reader always sees them all).
//!
//! A trace's start can move to an earlier day when its root arrives last, which moves its row to
//! another partition. Every earlier row of the trace sits in the day of one of its spans' starts
//! (each was the earliest start of the spans known then), so the writer also inserts a tombstone
//! (`deleted = 1`) in each of those other days, versioned just below the live row: above any row
//! computed from fewer spans, below any computed from as many. Readers use `FINAL` and skip
//! `deleted` rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::de;
use super::facts::{Billing, bad};
use super::usage::{UsageElement, elements};
use crate::model::{Nanos, SpanFacts, Totals, TraceId, TraceSummary, analyze};
use crate::store::StoreError;

const DAY_NS: i64 = 86_400_000_000_000;

/// A row of `trace_summaries` as inserted.
#[derive(Serialize, Default)]
struct SummaryRow<'a> {
    trace_id: String,
    start_ns: i64,
    end_ns: i64,
    root_span_id: Option<String>,
    root_name: &'a str,
    service: Option<&'a str>,
    span_count: u64,
    error_count: u64,
    #[serde(flatten)]
    totals: Totals,
    session_id: Option<&'a str>,
    user_id: Option<&'a str>,
    agents: &'a [String],
    inherited_agents: BTreeMap<String, String>,
    usage: Vec<UsageElement<'a>>,
    version: u64,
    deleted: u8,
}

/// The version of a summary computed from `span_count` spans at `now_secs`.
pub fn version(span_count: u64, now_secs: u64) -> u64 {
    (span_count.min(u64::from(u32::MAX)) << 32) | (now_secs & u64::from(u32::MAX))
}

/// Appends the summary row of a trace (and its tombstones) as JSONEachRow lines. `facts` are
/// all of the trace's spans, in start order, and `billing` their models and providers.
pub fn write_summary(
    out: &mut Vec<u8>,
    trace_id: TraceId,
    facts: &[SpanFacts],
    billing: &[Billing],
    now_secs: u64,
) {
    let Some(analysis) = analyze(trace_id, facts) else {
        return;
    };
    let s = &analysis.summary;
    let inherited_agents = facts
        .iter()
        .zip(&analysis.agents)
        .filter(|(f, _)| f.agent_name.is_none())
        .filter_map(|(f, a)| Some((f.span_id.to_hex(), a.clone()?)))
        .collect();
    let live = SummaryRow {
        trace_id: trace_id.to_hex(),
        start_ns: s.start_time.as_i64(),
        end_ns: s.end_time().as_i64(),
        root_span_id: s.root_span_id.map(|r| r.to_hex()),
        root_name: &s.root_name,
        service: s.service.as_deref(),
        span_count: s.span_count,
        error_count: s.error_count,
        totals: s.totals,
        session_id: s.session_id.as_deref(),
        user_id: s.user_id.as_deref(),
        agents: &s.agents,
        inherited_agents,
        usage: elements(facts, billing, &analysis),
        version: version(s.span_count, now_secs),
        deleted: 0,
    };
    let live_day = live.start_ns.div_euclid(DAY_NS);
    let mut days: BTreeMap<i64, i64> = BTreeMap::new();
    for f in facts {
        let start = f.start_time.as_i64();
        days.entry(start.div_euclid(DAY_NS)).or_insert(start);
    }
    for (_, start) in days.into_iter().filter(|(day, _)| *day != live_day) {
        let tombstone = SummaryRow {
            trace_id: live.trace_id.clone(),
            start_ns: start,
            end_ns: start,
            version: (live.version >> 32 << 32).saturating_sub(1),
            deleted: 1,
            ..SummaryRow::default()
        };
        serde_json::to_writer(&mut *out, &tombstone).expect("rows serialize to JSON");
        out.push(b'\n');
    }
    serde_json::to_writer(&mut *out, &live).expect("rows serialize to JSON");
    out.push(b'\n');
}

/// The columns [`StoredSummary`] reads, in its field order.
pub const SUMMARY_COLUMNS: [&str; 20] = [
    "trace_id",
    "root_span_id",
    "root_name",
    "service",
    "start_ns",
    "end_ns",
    "span_count",
    "error_count",
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
    "cost_usd",
    "cost_estimated",
    "llm_count",
    "session_id",
    "user_id",
    "agents",
];

/// `t.trace_id, t.root_span_id, …`: the select list of [`StoredSummary`].
pub fn summary_select(alias: &str) -> String {
    super::rows::select_list(alias, &SUMMARY_COLUMNS)
}

/// A row of `trace_summaries` as read (by position: see [`SUMMARY_COLUMNS`]).
#[derive(Debug, Deserialize)]
pub struct StoredSummary {
    trace_id: String,
    root_span_id: Option<String>,
    root_name: String,
    service: Option<String>,
    #[serde(deserialize_with = "de::int")]
    start_ns: i64,
    #[serde(deserialize_with = "de::int")]
    end_ns: i64,
    #[serde(deserialize_with = "de::int")]
    span_count: u64,
    #[serde(deserialize_with = "de::int")]
    error_count: u64,
    #[serde(deserialize_with = "de::int")]
    input_tokens: u64,
    #[serde(deserialize_with = "de::int")]
    output_tokens: u64,
    #[serde(deserialize_with = "de::int")]
    total_tokens: u64,
    #[serde(deserialize_with = "de::int")]
    cache_read_tokens: u64,
    #[serde(deserialize_with = "de::int")]
    cache_write_tokens: u64,
    #[serde(deserialize_with = "de::int")]
    reasoning_tokens: u64,
    cost_usd: Option<f64>,
    cost_estimated: bool,
    #[serde(deserialize_with = "de::int")]
    llm_count: u64,
    session_id: Option<String>,
    user_id: Option<String>,
    agents: Vec<String>,
}

impl StoredSummary {
    pub fn into_summary(self) -> Result<TraceSummary, StoreError> {
        let start = Nanos(self.start_ns);
        Ok(TraceSummary {
            trace_id: self
                .trace_id
                .parse()
                .map_err(|_| bad("trace id", &self.trace_id))?,
            root_span_id: match self.root_span_id {
                Some(r) => Some(r.parse().map_err(|_| bad("span id", &r))?),
                None => None,
            },
            root_name: self.root_name,
            service: self.service,
            start_time: start,
            duration_ns: Nanos(self.end_ns).since(start),
            span_count: self.span_count,
            error_count: self.error_count,
            totals: Totals {
                input_tokens: self.input_tokens,
                output_tokens: self.output_tokens,
                total_tokens: self.total_tokens,
                cache_read_tokens: self.cache_read_tokens,
                cache_write_tokens: self.cache_write_tokens,
                reasoning_tokens: self.reasoning_tokens,
                cost_usd: self.cost_usd,
                cost_estimated: self.cost_estimated,
                llm_count: self.llm_count,
            },
            session_id: self.session_id,
            user_id: self.user_id,
            agents: self.agents,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_span;

    fn rows(out: &[u8]) -> Vec<serde_json::Value> {
        serde_json::Deserializer::from_slice(out)
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn more_spans_always_win_and_ties_go_to_the_later_write() {
        assert!(version(3, 0) > version(2, u64::from(u32::MAX)));
        assert!(version(3, 100) > version(3, 99));
    }

    #[test]
    fn a_trace_across_midnight_leaves_tombstones_in_its_other_days() {
        let late = test_span(1, 2, Some(1), "child", DAY_NS + 5, DAY_NS + 9);
        let root = test_span(1, 1, None, "root", DAY_NS - 5, DAY_NS + 10);
        let facts: Vec<SpanFacts> = [&root, &late].iter().map(|s| SpanFacts::from(*s)).collect();
        let mut out = Vec::new();
        write_summary(&mut out, TraceId([1; 16]), &facts, &[], 7);
        let written = rows(&out);
        assert_eq!(written.len(), 2);
        let (tombstone, live) = (&written[0], &written[1]);
        assert_eq!(
            (
                tombstone["deleted"].as_u64(),
                tombstone["start_ns"].as_i64()
            ),
            (Some(1), Some(DAY_NS + 5))
        );
        assert_eq!(
            (live["deleted"].as_u64(), live["start_ns"].as_i64()),
            (Some(0), Some(DAY_NS - 5))
        );
        let (t, l) = (
            tombstone["version"].as_u64().unwrap(),
            live["version"].as_u64().unwrap(),
        );
        assert!(version(1, u64::from(u32::MAX)) <= t && t < l, "{t} {l}");

        let mut out = Vec::new();
        write_summary(&mut out, TraceId([1; 16]), &facts[1..], &[], 7);
        assert_eq!(rows(&out).len(), 1, "one day, no tombstone");
    }

    #[test]
    fn only_inherited_agents_are_listed() {
        let mut root = test_span(1, 1, None, "run", 0, 10);
        root.agent_name = Some("planner".into());
        let child = test_span(1, 2, Some(1), "chat", 1, 2);
        let facts: Vec<SpanFacts> = [&root, &child]
            .iter()
            .map(|s| SpanFacts::from(*s))
            .collect();
        let mut out = Vec::new();
        write_summary(&mut out, TraceId([1; 16]), &facts, &[], 0);
        let live = &rows(&out)[0];
        assert_eq!(
            live["inherited_agents"],
            serde_json::json!({"0202020202020202": "planner"})
        );
        assert_eq!(live["agents"], serde_json::json!(["planner"]));
        assert_eq!(live["llm_count"], 0);
    }
}
