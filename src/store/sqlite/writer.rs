//! The single writer: one thread owns the write connection and commits in batches.
//!
//! HTTP handlers send a [`Job`] (the spans of one request and a channel for the answer) over a
//! bounded queue. The writer takes the first waiting job, then whatever else is already queued,
//! up to [`MAX_BATCH_SPANS`], writes them all in one transaction, commits, and only then answers
//! every job in the batch. Under load, many requests share one commit (and one fsync); when idle,
//! a lone request is committed at once.
//!
//! ```text
//! handler ─┐                 ┌─ BEGIN; insert spans of jobs 1..n; refresh touched summaries; COMMIT
//! handler ─┼─► queue ─► writer┤
//! handler ─┘                 └─ answer jobs 1..n (Ok after commit, Err if the transaction failed)
//! ```
//!
//! Retention's deletes ([`Task::Expire`]) go through the same queue, so they never race a write
//! and the writer can forget the trace keys it cached for deleted traces (`super::retention`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use tokio::sync::{mpsc, oneshot};

use crate::model::{
    Annotation, CostSource, LogRecord, Nanos, Resource, Scope, Span, SpanFacts, SpanId, SpanKind,
    Totals, TraceId, Usage, analyze, annotation,
};
use crate::store::{StoreError, WriteStats};

/// Spans one transaction takes at most (a single larger request still goes in whole).
pub const MAX_BATCH_SPANS: usize = 16_384;
/// Cached trace keys before the cache is cleared; bounds the writer's memory.
const MAX_CACHED_TRACES: usize = 100_000;
const MAX_CACHED_RESOURCES: usize = 10_000;

/// Work for the writer thread.
pub enum Task {
    Write(Job),
    Expire(super::retention::ExpireJob),
}

/// One request's spans (or log records) and where to send the outcome.
pub struct Job {
    pub spans: Vec<Span>,
    pub logs: Vec<LogRecord>,
    pub done: oneshot::Sender<Result<WriteStats, StoreError>>,
}

/// Lookups the writer can answer from memory because it is the only writer.
#[derive(Default)]
struct Caches {
    traces: HashMap<TraceId, i64>,
    resources: HashMap<String, i64>,
    scopes: HashMap<String, i64>,
}

impl Caches {
    fn bound(&mut self) {
        if self.traces.len() > MAX_CACHED_TRACES {
            self.traces.clear();
        }
        if self.resources.len() > MAX_CACHED_RESOURCES {
            self.resources.clear();
        }
        if self.scopes.len() > MAX_CACHED_RESOURCES {
            self.scopes.clear();
        }
    }
}

/// Runs until every sender is dropped, then returns after the last batch is committed.
pub fn run(mut conn: Connection, mut rx: mpsc::Receiver<Task>) {
    let mut caches = Caches::default();
    let mut next = None;
    while let Some(task) = next.take().or_else(|| rx.blocking_recv()) {
        let first = match task {
            Task::Write(job) => job,
            Task::Expire(job) => {
                super::retention::expire(&mut conn, &mut caches.traces, job);
                continue;
            }
        };
        let mut count = first.spans.len();
        let mut jobs = vec![first];
        while count < MAX_BATCH_SPANS {
            match rx.try_recv() {
                Ok(Task::Write(job)) => {
                    count += job.spans.len();
                    jobs.push(job);
                }
                Ok(other) => {
                    next = Some(other);
                    break;
                }
                Err(_) => break,
            }
        }
        match write_batch(&mut conn, &mut caches, &jobs) {
            Ok(stats) => {
                for (job, stats) in jobs.into_iter().zip(stats) {
                    let _ = job.done.send(Ok(stats));
                }
            }
            Err(e) => {
                // The transaction rolled back, so keys cached during it may name rows that do
                // not exist. Start over from the database.
                caches = Caches::default();
                tracing::error!(error = %e, spans = count, "write failed; the batch was not stored");
                let message = e.to_string();
                for job in jobs {
                    let _ = job.done.send(Err(match &e {
                        StoreError::DiskFull(_) => StoreError::DiskFull(message.clone()),
                        StoreError::ReadOnly(_) => StoreError::ReadOnly(message.clone()),
                        _ => StoreError::Backend(message.clone()),
                    }));
                }
            }
        }
        caches.bound();
    }
}

fn write_batch(
    conn: &mut Connection,
    caches: &mut Caches,
    jobs: &[Job],
) -> Result<Vec<WriteStats>, StoreError> {
    let tx = conn.transaction()?;
    let mut touched: HashSet<i64> = HashSet::new();
    let mut all = Vec::with_capacity(jobs.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO spans (trace, span_id, parent_span_id, name, kind, otel_kind, start_ns, end_ns,
                 status_code, status_message, resource, scope, model, provider, input_tokens, output_tokens,
                 total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_source,
                 session_id, user_id, agent_name, attributes, events, links)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)
             ON CONFLICT (trace, span_id) DO NOTHING",
        )?;
        // Spans of one request share their resource and scope by `Arc`; look each up once.
        let mut resource_ids: HashMap<*const Resource, i64> = HashMap::new();
        let mut scope_ids: HashMap<*const Scope, i64> = HashMap::new();
        for job in jobs {
            let mut stats = WriteStats::default();
            for span in &job.spans {
                let trace = trace_key(&tx, caches, span.trace_id)?;
                let resource = match resource_ids.get(&Arc::as_ptr(&span.resource)) {
                    Some(id) => *id,
                    None => {
                        let id = resource_key(&tx, caches, &span.resource)?;
                        resource_ids.insert(Arc::as_ptr(&span.resource), id);
                        id
                    }
                };
                let scope = match scope_ids.get(&Arc::as_ptr(&span.scope)) {
                    Some(id) => *id,
                    None => {
                        let id = scope_key(&tx, caches, &span.scope)?;
                        scope_ids.insert(Arc::as_ptr(&span.scope), id);
                        id
                    }
                };
                let inserted = insert.execute(params![
                    trace,
                    span.span_id.as_bytes(),
                    span.parent_span_id.as_ref().map(|p| p.as_bytes().to_vec()),
                    span.name,
                    span.kind.code(),
                    span.otel_kind.code(),
                    span.start_time.as_i64(),
                    span.end_time.as_i64(),
                    span.status.code.code(),
                    span.status.message,
                    resource,
                    scope,
                    span.model,
                    span.provider,
                    span.input_tokens.map(sql_int),
                    span.output_tokens.map(sql_int),
                    span.total_tokens.map(sql_int),
                    span.cache_read_tokens.map(sql_int),
                    span.cache_write_tokens.map(sql_int),
                    span.reasoning_tokens.map(sql_int),
                    span.cost_usd,
                    span.cost_source.map(super::cost_source_code),
                    span.session_id,
                    span.user_id,
                    span.agent_name,
                    json(&span.attributes),
                    (!span.events.is_empty()).then(|| json(&span.events)),
                    (!span.links.is_empty()).then(|| json(&span.links)),
                ])?;
                if inserted == 1 {
                    stats.inserted += 1;
                    touched.insert(trace);
                    // Feedback recorded inside the span, once: a re-sent span is not inserted.
                    for a in annotation::from_span(span) {
                        insert_annotation(&tx, trace, &a)?;
                    }
                } else {
                    stats.duplicates += 1;
                }
            }
            for log in &job.logs {
                // A record may come before its span: the trace's row is made now, empty.
                let trace = trace_key(&tx, caches, log.trace_id)?;
                let inserted = tx
                    .prepare_cached(
                        "INSERT INTO logs (trace, span_id, time_ns, name, severity, body, attributes)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                         ON CONFLICT (trace, span_id, time_ns, name) DO NOTHING",
                    )?
                    .execute(params![
                        trace,
                        log.span_id.as_bytes(),
                        log.time.as_i64(),
                        log.name,
                        log.severity,
                        (!log.body.is_null()).then(|| json(&log.body)),
                        (!log.attributes.is_empty()).then(|| json(&log.attributes)),
                    ])?;
                stats.logs += inserted as u64;
            }
            all.push(stats);
        }
    }
    for trace in touched {
        refresh_summary(&tx, trace)?;
    }
    tx.commit()?;
    Ok(all)
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("model types serialize to JSON")
}

fn trace_key(tx: &Transaction, caches: &mut Caches, id: TraceId) -> Result<i64, StoreError> {
    if let Some(key) = caches.traces.get(&id) {
        return Ok(*key);
    }
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM traces WHERE trace_id = ?1")?
        .query_row([id.as_bytes()], |r| r.get(0))
        .optional()?;
    let key = match existing {
        Some(key) => key,
        None => {
            tx.prepare_cached(
                "INSERT INTO traces (trace_id, start_ns, end_ns, root_name, span_count, error_count)
                 VALUES (?1, 0, 0, '', 0, 0)",
            )?
            .execute([id.as_bytes()])?;
            tx.last_insert_rowid()
        }
    };
    caches.traces.insert(id, key);
    Ok(key)
}

fn resource_key(
    tx: &Transaction,
    caches: &mut Caches,
    resource: &Resource,
) -> Result<i64, StoreError> {
    let body = json(&resource.attributes);
    if let Some(id) = caches.resources.get(&body) {
        return Ok(*id);
    }
    // The no-op update makes RETURNING yield the existing row's id on conflict.
    let id = tx
        .prepare_cached(
            "INSERT INTO resources (service, attributes) VALUES (?1, ?2)
             ON CONFLICT (attributes) DO UPDATE SET attributes = excluded.attributes RETURNING id",
        )?
        .query_row(params![resource.service_name(), body], |r| r.get(0))?;
    caches.resources.insert(body, id);
    Ok(id)
}

fn scope_key(tx: &Transaction, caches: &mut Caches, scope: &Scope) -> Result<i64, StoreError> {
    let body = json(scope);
    if let Some(id) = caches.scopes.get(&body) {
        return Ok(*id);
    }
    let id = tx
        .prepare_cached(
            "INSERT INTO scopes (body) VALUES (?1)
             ON CONFLICT (body) DO UPDATE SET body = excluded.body RETURNING id",
        )?
        .query_row([&body], |r| r.get(0))?;
    caches.scopes.insert(body, id);
    Ok(id)
}

/// Stores one annotation of the trace with key `trace`.
pub fn insert_annotation(
    conn: &rusqlite::Connection,
    trace: i64,
    a: &Annotation,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO annotations (trace, span_id, label, score, note, source, time_ns)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        trace,
        a.span_id.map(|s| s.as_bytes().to_vec()),
        a.label,
        a.score,
        a.note,
        a.source.code(),
        a.time.as_i64(),
    ])?;
    Ok(())
}

/// SQLite integers are signed; token counts past i64::MAX (never real) saturate.
fn sql_int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Recomputes one trace's summary row from all of its stored spans, and writes back the agent
/// each span inherits where that changed.
fn refresh_summary(tx: &Transaction, trace: i64) -> Result<(), StoreError> {
    let trace_id: Vec<u8> = tx
        .prepare_cached("SELECT trace_id FROM traces WHERE id = ?1")?
        .query_row([trace], |r| r.get(0))?;
    let trace_id = TraceId::from_slice(&trace_id).unwrap_or_default();
    let (rows, facts) = read_facts(tx, trace)?;
    let Some(analysis) = analyze(trace_id, &facts) else {
        return Ok(());
    };
    let summary = &analysis.summary;
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
    let mut update = tx.prepare_cached(
        "UPDATE spans SET agent_inherited = ?2, u_input_tokens = ?3, u_output_tokens = ?4, u_total_tokens = ?5,
             u_cache_read_tokens = ?6, u_cache_write_tokens = ?7, u_reasoning_tokens = ?8, u_cost_usd = ?9,
             u_cost_estimated = ?10, u_llm_count = ?11
         WHERE id = ?1",
    )?;
    let derived = facts
        .iter()
        .zip(analysis.agents.iter().zip(&analysis.contributions));
    for (stored, (fact, (effective, contribution))) in rows.iter().zip(derived) {
        // Only inherited names are written; a span's own name stays in `agent_name`.
        let inherited = if fact.agent_name.is_some() {
            None
        } else {
            effective.as_deref()
        };
        if stored.agent_inherited.as_deref() == inherited && stored.contribution == *contribution {
            continue;
        }
        let c = contribution;
        // Zeros are stored as NULL: most spans contribute nothing, and NULL costs no space.
        let n = |v: u64| (v > 0).then(|| sql_int(v));
        update.execute(params![
            stored.row,
            inherited,
            n(c.input_tokens),
            n(c.output_tokens),
            n(c.total_tokens),
            n(c.cache_read_tokens),
            n(c.cache_write_tokens),
            n(c.reasoning_tokens),
            c.cost_usd,
            c.cost_estimated.then_some(1),
            n(c.llm_count),
        ])?;
    }
    Ok(())
}

/// What a span row holds that the summary refresh may rewrite.
struct Stored {
    row: i64,
    agent_inherited: Option<String>,
    contribution: Totals,
}

/// The stored derived values and the facts of every span of a trace.
type FactRows = (Vec<Stored>, Vec<SpanFacts>);

fn read_facts(tx: &Transaction, trace: i64) -> Result<FactRows, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT s.id, s.agent_inherited, s.span_id, s.parent_span_id, s.name, s.kind, s.start_ns, s.end_ns,
                s.status_code, r.service, s.input_tokens, s.output_tokens, s.total_tokens, s.cache_read_tokens,
                s.cache_write_tokens, s.reasoning_tokens, s.cost_usd, s.cost_source, s.session_id, s.user_id,
                s.agent_name, s.u_input_tokens, s.u_output_tokens, s.u_total_tokens, s.u_cache_read_tokens,
                s.u_cache_write_tokens, s.u_reasoning_tokens, s.u_cost_usd, s.u_cost_estimated, s.u_llm_count
         FROM spans s JOIN resources r ON r.id = s.resource
         WHERE s.trace = ?1",
    )?;
    let mut rows = Vec::new();
    let mut facts = Vec::new();
    let mut q = stmt.query([trace])?;
    while let Some(r) = q.next()? {
        let zero = |i: usize| -> rusqlite::Result<u64> {
            Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
        };
        rows.push(Stored {
            row: r.get(0)?,
            agent_inherited: r.get(1)?,
            contribution: Totals {
                input_tokens: zero(21)?,
                output_tokens: zero(22)?,
                total_tokens: zero(23)?,
                cache_read_tokens: zero(24)?,
                cache_write_tokens: zero(25)?,
                reasoning_tokens: zero(26)?,
                cost_usd: r.get(27)?,
                cost_estimated: r.get::<_, Option<bool>>(28)?.unwrap_or(false),
                llm_count: zero(29)?,
            },
        });
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
                    super::cost_source_from(source).unwrap_or(CostSource::Reported),
                )
            }),
            session_id: r.get(18)?,
            user_id: r.get(19)?,
            agent_name: r.get(20)?,
        });
    }
    Ok((rows, facts))
}
