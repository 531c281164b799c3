//! Usage reports: what each span adds to its trace's totals, kept on the trace's summary row and
//! summed by model, provider, agent, service, session or day.
//!
//! A contribution (`Rollup::contribution`) depends on the whole tree: a call's wrapper may
//! arrive after the call, and then the call's tokens move to the wrapper. So contributions are
//! not a property of a span row, which the `spans` table keeps as first written; they are
//! recomputed with the summary after every batch and stored in the summary row's `usage`
//! array, one element per span that contributes. The array is versioned with the totals it sums
//! to: the row with the most spans wins in `FINAL`, tombstones carry no array, and a span
//! whose contribution dropped to nothing simply has no element in the newer row (a separate
//! per-span table would need explicit zero rows for that). Each element carries the span's
//! start and the keys a report groups by (model, provider, service, the agent it runs under and
//! the session it belongs to, inherited ones included), so a report is one `ARRAY JOIN` over
//! the summaries and a `GROUP BY`. Filters beyond the time window (kind, attributes, text…) are
//! span-level, as in SQLite: they select spans through the same `spans` query a span list runs,
//! joined by `(trace_id, span_id)`.
//!
//! A span contributes when SQLite's store would list it: it has calls, tokens or a cost of its
//! own to add ([`contributes`]).

use serde::{Deserialize, Serialize};

use super::de;
use super::facts::Billing;
use super::filter;
use super::http::Http;
use super::sql::Sql;
use crate::model::{
    Analysis, Filter, SpanFacts, SpanScope, Totals, UsageBy, UsageGroup, UsageQuery, UsageReport,
};
use crate::store::StoreError;

/// One element of a summary row's `usage` array.
#[derive(Debug, Serialize)]
pub struct UsageElement<'a> {
    span_id: String,
    start_ns: i64,
    model: Option<&'a str>,
    provider: Option<&'a str>,
    service: Option<&'a str>,
    agent: Option<&'a str>,
    session_id: Option<&'a str>,
    #[serde(flatten)]
    totals: Totals,
}

/// True when a contribution is worth a row: what SQLite's `u_*` columns hold as non-NULL.
fn contributes(c: &Totals) -> bool {
    c.llm_count > 0
        || c.total_tokens > 0
        || c.input_tokens > 0
        || c.output_tokens > 0
        || c.cost_usd.is_some()
}

/// The `usage` array of a trace: `facts` and `billing` are its spans, `analysis` what
/// `model::analyze` made of them.
pub fn elements<'a>(
    facts: &'a [SpanFacts],
    billing: &'a [Billing],
    analysis: &'a Analysis,
) -> Vec<UsageElement<'a>> {
    let session = analysis.summary.session_id.as_deref();
    facts
        .iter()
        .zip(billing)
        .zip(analysis.agents.iter().zip(&analysis.contributions))
        .filter(|(_, (_, c))| contributes(c))
        .map(|((f, b), (agent, c))| UsageElement {
            span_id: f.span_id.to_hex(),
            start_ns: f.start_time.as_i64(),
            model: b.model.as_deref(),
            provider: b.provider.as_deref(),
            service: f.service.as_deref(),
            agent: agent.as_deref(),
            session_id: f.session_id.as_deref().or(session),
            totals: *c,
        })
        .collect()
}

/// The grouping key of an element `u`, as SQL.
fn key(by: UsageBy) -> &'static str {
    match by {
        UsageBy::Model => "u.model",
        UsageBy::Provider => "u.provider",
        UsageBy::Agent => "u.agent",
        UsageBy::Service => "u.service",
        UsageBy::Session => "u.session_id",
        UsageBy::Day => "formatDateTime(fromUnixTimestamp64Nano(u.start_ns, 'UTC'), '%F', 'UTC')",
    }
}

/// A row of the report query, by position.
#[derive(Deserialize)]
struct GroupRow(
    Option<String>,
    #[serde(deserialize_with = "de::int")] u64,
    #[serde(deserialize_with = "de::int")] u64,
    #[serde(deserialize_with = "de::int")] u64,
    #[serde(deserialize_with = "de::int")] u64,
    #[serde(deserialize_with = "de::int")] u64,
    #[serde(deserialize_with = "de::int")] u64,
    Option<f64>,
    Option<bool>,
    #[serde(deserialize_with = "de::int")] u64,
);

pub async fn usage(http: &Http, db: &str, q: &UsageQuery) -> Result<UsageReport, StoreError> {
    let f = &q.filter;
    let mut sql = Sql::new(format!(
        "SELECT {} AS k, sum(u.input_tokens), sum(u.output_tokens), sum(u.total_tokens), \
         sum(u.cache_read_tokens), sum(u.cache_write_tokens), sum(u.reasoning_tokens), \
         sum(u.cost_usd), max(u.cost_estimated), sum(u.llm_count) \
         FROM {db}.trace_summaries AS t FINAL ARRAY JOIN t.usage AS u WHERE t.deleted = 0",
        key(q.by)
    ));
    if let Some(from) = f.from {
        let p = sql.bind(&from.0);
        sql.and(&format!("u.start_ns >= {p}"));
    }
    if let Some(to) = f.to {
        // A trace starts no later than its spans: this bound also skips later days.
        let p = sql.bind(&to.0);
        sql.and(&format!("u.start_ns < {p} AND t.start_ns < {p}"));
    }
    let window_only = Filter {
        from: f.from,
        to: f.to,
        ..Filter::default()
    };
    if *f != window_only {
        sql.push(" AND (t.trace_id, u.span_id) IN (SELECT s.trace_id, s.span_id");
        let join = filter::needs_summary(f);
        filter::span_from_where(&mut sql, db, f, SpanScope::All, None, join);
        sql.push(")");
    }
    sql.push(
        " GROUP BY k ORDER BY coalesce(sum(u.cost_usd), 0) DESC, sum(u.total_tokens) DESC, k ASC NULLS FIRST",
    );
    let rows: Vec<GroupRow> = http.fetch(&sql).await?;
    let groups: Vec<UsageGroup> = rows
        .into_iter()
        .map(|r| UsageGroup {
            key: r.0,
            totals: Totals {
                input_tokens: r.1,
                output_tokens: r.2,
                total_tokens: r.3,
                cache_read_tokens: r.4,
                cache_write_tokens: r.5,
                reasoning_tokens: r.6,
                cost_usd: r.7.map(|c| (c * 1e12).round() / 1e12),
                cost_estimated: r.8.unwrap_or(false),
                llm_count: r.9,
            },
        })
        .collect();
    let mut total = Totals::default();
    for g in &groups {
        total.add(&g.totals);
    }
    Ok(UsageReport {
        by: q.by,
        groups,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SpanKind, TraceId, analyze, test_span};

    #[test]
    fn a_wrapped_call_is_one_element_on_the_wrapper_with_inherited_keys() {
        let mut root = test_span(1, 1, None, "run", 0, 100);
        root.agent_name = Some("planner".into());
        root.session_id = Some("s".into());
        let mut wrapper = test_span(1, 2, Some(1), "Messages", 10, 20);
        wrapper.kind = SpanKind::Llm;
        wrapper.input_tokens = Some(55);
        let mut inner = test_span(1, 3, Some(2), "create", 11, 19);
        inner.kind = SpanKind::Llm;
        inner.input_tokens = Some(60);
        let facts: Vec<SpanFacts> = [&root, &wrapper, &inner]
            .iter()
            .map(|s| SpanFacts::from(*s))
            .collect();
        let billing = vec![
            Billing::default(),
            Billing {
                model: Some("m".into()),
                provider: None,
            },
            Billing::default(),
        ];
        let analysis = analyze(TraceId([1; 16]), &facts).unwrap();
        let got = serde_json::to_value(elements(&facts, &billing, &analysis)).unwrap();
        assert_eq!(got.as_array().unwrap().len(), 1, "{got}");
        let e = &got[0];
        assert_eq!(e["span_id"], "0202020202020202");
        assert_eq!(
            (&e["model"], &e["agent"], &e["session_id"]),
            (&"m".into(), &"planner".into(), &"s".into())
        );
        assert_eq!(
            (e["input_tokens"].as_u64(), e["llm_count"].as_u64()),
            (Some(55), Some(1))
        );
    }
}
