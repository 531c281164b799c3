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
//! The writer thread is the one part of ingest that cannot use a second core, so everything that
//! does not need the write connection happens before a job is queued, on the handler's thread
//! ([`Job::new`]): attributes, events and links are encoded to JSON, feedback is read out of the
//! span, and the span itself is taken apart into a [`Row`] and dropped there. Summaries of traces
//! the batch creates are analysed from memory rather than read back ([`summary`]).

mod row;
mod summary;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use tokio::sync::{mpsc, oneshot};

use crate::model::{Annotation, Resource, Scope, Span, SpanFacts, TraceId, analyze};

use crate::store::{StoreError, WriteStats};
use row::Row;

/// Spans one transaction takes at most (a single larger request still goes in whole).
pub const MAX_BATCH_SPANS: usize = 16_384;
/// Cached trace keys before the cache is cleared; bounds the writer's memory.
const MAX_CACHED_TRACES: usize = 100_000;
const MAX_CACHED_RESOURCES: usize = 10_000;

/// One request's spans, ready to insert, and where to send the outcome.
pub struct Job {
    rows: Vec<Row>,
    done: oneshot::Sender<Result<WriteStats, StoreError>>,
}

impl Job {
    /// Prepares a request's spans for the writer. Runs on the caller's thread, so the encoding
    /// and freeing it does are not the writer's.
    pub fn new(spans: Vec<Span>, done: oneshot::Sender<Result<WriteStats, StoreError>>) -> Job {
        Job {
            rows: spans.into_iter().map(Row::from).collect(),
            done,
        }
    }
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
pub fn run(mut conn: Connection, mut rx: mpsc::Receiver<Job>) {
    let mut caches = Caches::default();
    while let Some(first) = rx.blocking_recv() {
        let mut count = first.rows.len();
        let mut jobs = vec![first];
        while count < MAX_BATCH_SPANS {
            match rx.try_recv() {
                Ok(job) => {
                    count += job.rows.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        match write_batch(&mut conn, &mut caches, &mut jobs) {
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
    jobs: &mut [Job],
) -> Result<Vec<WriteStats>, StoreError> {
    let tx = conn.transaction()?;
    let lens: Vec<usize> = jobs.iter().map(|j| j.rows.len()).collect();
    let mut rows: Vec<&mut Row> = jobs.iter_mut().flat_map(|j| j.rows.iter_mut()).collect();

    // Trace keys first, noting the traces this transaction creates: all their spans are in
    // this batch, so their summaries and inherited agents come from memory.
    let mut keys = Vec::with_capacity(rows.len());
    let mut created: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let (key, new) = trace_key(&tx, caches, row.trace_id)?;
        if new {
            created.insert(key, Vec::new());
        }
        keys.push(key);
        if let Some(members) = created.get_mut(&key) {
            members.push(i);
        }
    }
    let mut agents: Vec<Option<String>> = vec![None; rows.len()];
    let mut summaries = Vec::with_capacity(created.len());
    for (key, members) in created {
        // A span sent twice in one batch is stored once, the first time; analyse what is stored.
        let mut seen = HashSet::with_capacity(members.len());
        let members: Vec<usize> = members
            .into_iter()
            .filter(|&i| seen.insert(rows[i].facts.span_id))
            .collect();
        let facts: Vec<SpanFacts> = members
            .iter()
            .map(|&i| summary::as_stored(std::mem::take(&mut rows[i].facts)))
            .collect();
        let analysis = analyze(rows[members[0]].trace_id, &facts).expect("a new trace has spans");
        for ((&i, fact), effective) in members.iter().zip(facts).zip(analysis.agents) {
            agents[i] = summary::inherited(&fact, effective);
            rows[i].facts = fact;
        }
        summaries.push((key, analysis.summary));
    }

    let mut touched: HashSet<i64> = HashSet::new();
    let mut all = Vec::with_capacity(lens.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO spans (trace, span_id, parent_span_id, name, kind, otel_kind, start_ns, end_ns,
                 status_code, status_message, resource, scope, model, provider, input_tokens, output_tokens,
                 total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_source,
                 session_id, user_id, agent_name, agent_inherited, attributes, events, links)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)
             ON CONFLICT (trace, span_id) DO NOTHING",
        )?;
        // Spans of one request share their resource and scope by `Arc`; look each up once.
        let mut resource_ids: HashMap<*const Resource, i64> = HashMap::new();
        let mut scope_ids: HashMap<*const Scope, i64> = HashMap::new();
        let mut i = 0;
        for len in lens {
            let mut stats = WriteStats::default();
            for _ in 0..len {
                let (row, trace) = (&rows[i], keys[i]);
                let resource = match resource_ids.get(&Arc::as_ptr(&row.resource)) {
                    Some(id) => *id,
                    None => {
                        let id = resource_key(&tx, caches, &row.resource)?;
                        resource_ids.insert(Arc::as_ptr(&row.resource), id);
                        id
                    }
                };
                let scope = match scope_ids.get(&Arc::as_ptr(&row.scope)) {
                    Some(id) => *id,
                    None => {
                        let id = scope_key(&tx, caches, &row.scope)?;
                        scope_ids.insert(Arc::as_ptr(&row.scope), id);
                        id
                    }
                };
                let f = &row.facts;
                let u = &f.usage;
                let inserted = insert.execute(params![
                    trace,
                    f.span_id.as_bytes(),
                    f.parent_span_id.as_ref().map(|p| p.as_bytes()),
                    f.name,
                    f.kind.code(),
                    row.otel_kind,
                    f.start_time.as_i64(),
                    f.end_time.as_i64(),
                    row.status_code,
                    row.status_message,
                    resource,
                    scope,
                    row.model,
                    row.provider,
                    u.input_tokens.map(sql_int),
                    u.output_tokens.map(sql_int),
                    u.total_tokens.map(sql_int),
                    u.cache_read_tokens.map(sql_int),
                    u.cache_write_tokens.map(sql_int),
                    u.reasoning_tokens.map(sql_int),
                    row.cost_usd,
                    row.cost_source.map(super::cost_source_code),
                    f.session_id,
                    f.user_id,
                    f.agent_name,
                    agents[i],
                    row.attributes,
                    row.events,
                    row.links,
                ])?;
                if inserted == 1 {
                    stats.inserted += 1;
                    touched.insert(trace);
                    // Feedback recorded inside the span, once: a re-sent span is not inserted.
                    for a in &row.annotations {
                        insert_annotation(&tx, trace, a)?;
                    }
                } else {
                    stats.duplicates += 1;
                }
                i += 1;
            }
            all.push(stats);
        }
    }
    for (trace, summary) in &summaries {
        touched.remove(trace);
        summary::write_summary(&tx, *trace, summary)?;
    }
    for trace in touched {
        summary::refresh_from_store(&tx, trace)?;
    }
    tx.commit()?;
    Ok(all)
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("model types serialize to JSON")
}

/// The key of a trace's row, and whether this call created the row.
fn trace_key(
    tx: &Transaction,
    caches: &mut Caches,
    id: TraceId,
) -> Result<(i64, bool), StoreError> {
    if let Some(key) = caches.traces.get(&id) {
        return Ok((*key, false));
    }
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM traces WHERE trace_id = ?1")?
        .query_row([id.as_bytes()], |r| r.get(0))
        .optional()?;
    let (key, created) = match existing {
        Some(key) => (key, false),
        None => {
            tx.prepare_cached(
                "INSERT INTO traces (trace_id, start_ns, end_ns, root_name, span_count, error_count)
                 VALUES (?1, 0, 0, '', 0, 0)",
            )?
            .execute([id.as_bytes()])?;
            (tx.last_insert_rowid(), true)
        }
    };
    caches.traces.insert(id, key);
    Ok((key, created))
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
