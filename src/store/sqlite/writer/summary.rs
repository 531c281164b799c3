//! Keeping each trace's summary row (and each span's inherited agent) current as spans arrive.
//!
//! Two ways to the same result, [`model::analyze`] over every stored span of the trace:
//!
//! - A trace whose row the current transaction created has no spans but the batch's, so its
//!   analysis runs on the facts the handlers already prepared, before the spans are inserted:
//!   the inherited agents go into the INSERT, and nothing is read back. Under load nearly every
//!   trace is in this case.
//! - A trace that already had spans (its root arrives in a later request, as Cascade sends it,
//!   or a request straddled two batches) is read back whole and re-analyzed after the inserts,
//!   and only the spans whose inherited agent changed are updated.
//!
//! [`model::analyze`]: crate::model::analyze

use rusqlite::{Transaction, params};

use crate::model::{
    CostSource, Nanos, SpanFacts, SpanId, SpanKind, TraceId, TraceSummary, Usage, analyze,
};
use crate::store::StoreError;

use super::{json, sql_int};

/// The inherited agent a span stores: none when it names its own (that one is in
/// `agent_name`), else its nearest agent ancestor's.
pub fn inherited(fact: &SpanFacts, effective: Option<String>) -> Option<String> {
    if fact.agent_name.is_some() {
        None
    } else {
        effective
    }
}

/// A span's facts as they read back from its row: SQLite integers saturate at `i64::MAX`, and
/// a NaN cost is stored as NULL. Analysing these gives the same summary a read-back would.
pub fn as_stored(mut f: SpanFacts) -> SpanFacts {
    let clamp = |n: &mut Option<u64>| {
        if let Some(v) = n {
            *v = (*v).min(i64::MAX as u64);
        }
    };
    let u = &mut f.usage;
    for n in [
        &mut u.input_tokens,
        &mut u.output_tokens,
        &mut u.total_tokens,
        &mut u.cache_read_tokens,
        &mut u.cache_write_tokens,
        &mut u.reasoning_tokens,
    ] {
        clamp(n);
    }
    f.cost = f.cost.filter(|(c, _)| !c.is_nan());
    f
}

/// Writes a trace's summary into its row.
pub fn write_summary(
    tx: &Transaction,
    trace: i64,
    summary: &TraceSummary,
) -> Result<(), StoreError> {
    let t = &summary.totals;
    tx.prepare_cached(
        "UPDATE traces SET start_ns = ?2, end_ns = ?3, root_span_id = ?4, root_name = ?5, service = ?6,
             span_count = ?7, error_count = ?8, input_tokens = ?9, output_tokens = ?10, total_tokens = ?11,
             cache_read_tokens = ?12, cache_write_tokens = ?13, reasoning_tokens = ?14, cost_usd = ?15,
             cost_estimated = ?16, llm_count = ?17, session_id = ?18, user_id = ?19, agents = ?20
         WHERE id = ?1",
    )?
    .execute(params![
        trace,
        summary.start_time.as_i64(),
        summary.end_time().as_i64(),
        summary.root_span_id.map(|r| r.as_bytes().to_vec()),
        summary.root_name,
        summary.service,
        sql_int(summary.span_count),
        sql_int(summary.error_count),
        sql_int(t.input_tokens),
        sql_int(t.output_tokens),
        sql_int(t.total_tokens),
        sql_int(t.cache_read_tokens),
        sql_int(t.cache_write_tokens),
        sql_int(t.reasoning_tokens),
        t.cost_usd,
        t.cost_estimated,
        sql_int(t.llm_count),
        summary.session_id,
        summary.user_id,
        (!summary.agents.is_empty()).then(|| json(&summary.agents)),
    ])?;
    Ok(())
}

/// Recomputes one trace's summary row from all of its stored spans, and writes back the agent
/// each span inherits where that changed.
pub fn refresh_from_store(tx: &Transaction, trace: i64) -> Result<(), StoreError> {
    let trace_id: Vec<u8> = tx
        .prepare_cached("SELECT trace_id FROM traces WHERE id = ?1")?
        .query_row([trace], |r| r.get(0))?;
    let trace_id = TraceId::from_slice(&trace_id).unwrap_or_default();
    let (rows, facts) = read_facts(tx, trace)?;
    let Some(analysis) = analyze(trace_id, &facts) else {
        return Ok(());
    };
    write_summary(tx, trace, &analysis.summary)?;
    let mut update = tx.prepare_cached("UPDATE spans SET agent_inherited = ?2 WHERE id = ?1")?;
    for ((row, stored), (fact, effective)) in rows.iter().zip(facts.iter().zip(analysis.agents)) {
        let inherited = inherited(fact, effective);
        if *stored != inherited {
            update.execute(params![row, inherited])?;
        }
    }
    Ok(())
}

/// Row ids with their stored `agent_inherited`, and the facts of every span of a trace.
type FactRows = (Vec<(i64, Option<String>)>, Vec<SpanFacts>);

fn read_facts(tx: &Transaction, trace: i64) -> Result<FactRows, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT s.id, s.agent_inherited, s.span_id, s.parent_span_id, s.name, s.kind, s.start_ns, s.end_ns,
                s.status_code, r.service, s.input_tokens, s.output_tokens, s.total_tokens, s.cache_read_tokens,
                s.cache_write_tokens, s.reasoning_tokens, s.cost_usd, s.cost_source, s.session_id, s.user_id,
                s.agent_name
         FROM spans s JOIN resources r ON r.id = s.resource
         WHERE s.trace = ?1",
    )?;
    let mut rows = Vec::new();
    let mut facts = Vec::new();
    let mut q = stmt.query([trace])?;
    while let Some(r) = q.next()? {
        rows.push((r.get(0)?, r.get(1)?));
        let span_id: Vec<u8> = r.get(2)?;
        let parent: Option<Vec<u8>> = r.get(3)?;
        let tokens = |i: usize| -> rusqlite::Result<Option<u64>> {
            Ok(r.get::<_, Option<i64>>(i)?.map(|n| n.max(0) as u64))
        };
        let cost: Option<f64> = r.get(16)?;
        let source: Option<i64> = r.get(17)?;
        facts.push(SpanFacts {
            span_id: SpanId::from_slice(&span_id).unwrap_or_default(),
            parent_span_id: parent.and_then(|p| SpanId::from_slice(&p)),
            name: r.get(4)?,
            kind: SpanKind::from_code(r.get(5)?),
            start_time: Nanos(r.get(6)?),
            end_time: Nanos(r.get(7)?),
            is_error: r.get::<_, i64>(8)? == 2,
            service: r.get(9)?,
            usage: Usage {
                input_tokens: tokens(10)?,
                output_tokens: tokens(11)?,
                total_tokens: tokens(12)?,
                cache_read_tokens: tokens(13)?,
                cache_write_tokens: tokens(14)?,
                reasoning_tokens: tokens(15)?,
            },
            cost: cost.map(|c| {
                (
                    c,
                    super::super::cost_source_from(source).unwrap_or(CostSource::Reported),
                )
            }),
            session_id: r.get(18)?,
            user_id: r.get(19)?,
            agent_name: r.get(20)?,
        });
    }
    Ok((rows, facts))
}

#[cfg(test)]
pub(super) mod tests {
    use crate::model::TraceId;
    use crate::otlp::{self, Encoding};
    use crate::semconv::{self, Pricing};
    use crate::store::{SqliteStore, Store};

    /// Every fixture request, decoded and normalized request by request as ingest does.
    pub(in crate::store::sqlite::writer) fn fixture_spans() -> Vec<crate::model::Span> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/otlp");
        let mut out = Vec::new();
        for file in [
            "openinference/raw/0001-v1_traces.pb",
            "genai-openai-v2-latest/raw/0001-v1_traces.pb",
            "agensight/raw/0001-v1_traces.pb",
            "catalyst/raw/0001-v1_traces.converted.pb",
            "cascade/raw/0002-v1_traces.pb",
            "cascade/raw/0004-v1_traces.pb",
            "cascade/raw/0006-v1_traces.pb",
        ] {
            let body = fs_err::read(root.join(file)).unwrap();
            let request = otlp::decode_request(&body, Encoding::Protobuf).unwrap();
            let mut spans = otlp::spans_from_request(request).spans;
            semconv::normalize(&mut spans, Pricing::builtin_ref());
            out.extend(spans);
        }
        out
    }

    /// The in-memory path (every trace new to its batch) and the read-back path (one span per
    /// batch, so every later span finds its trace stored) must store the same thing.
    #[tokio::test]
    async fn summaries_analysed_in_memory_match_summaries_read_back() {
        let mut spans = fixture_spans();
        // A span re-sent within one batch is stored once, the first time.
        let mut resent = spans[1].clone();
        resent.name = "re-sent".into();
        spans.push(resent);
        let dir = tempfile::tempdir().unwrap();
        let batched = SqliteStore::open(&dir.path().join("a.db")).unwrap();
        let one_by_one = SqliteStore::open(&dir.path().join("b.db")).unwrap();
        batched.write(spans.clone()).await.unwrap();
        for span in &spans {
            one_by_one.write(vec![span.clone()]).await.unwrap();
        }
        let mut ids: Vec<TraceId> = spans.iter().map(|s| s.trace_id).collect();
        ids.dedup();
        assert!(ids.len() >= 5, "{ids:?}");
        for id in ids {
            let a = batched.get_trace(id).await.unwrap();
            let b = one_by_one.get_trace(id).await.unwrap();
            assert_eq!(a.summary, b.summary);
            assert_eq!(a.spans, b.spans);
            assert!(a.spans.iter().all(|s| s.name != "re-sent"));
        }
        batched.close().await;
        one_by_one.close().await;
    }
}
