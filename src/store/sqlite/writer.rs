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

use crate::model::{Resource, Scope, Span, SpanFacts, SpanId, SpanKind, TraceId, TraceSummary};
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

/// One request's spans and where to send the outcome.
pub struct Job {
    pub spans: Vec<Span>,
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
                 status_code, status_message, resource, scope, attributes, events, links)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
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
                    json(&span.attributes),
                    (!span.events.is_empty()).then(|| json(&span.events)),
                    (!span.links.is_empty()).then(|| json(&span.links)),
                ])?;
                if inserted == 1 {
                    stats.inserted += 1;
                    touched.insert(trace);
                } else {
                    stats.duplicates += 1;
                }
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

/// Recomputes one trace's summary row from all of its stored spans.
fn refresh_summary(tx: &Transaction, trace: i64) -> Result<(), StoreError> {
    let (trace_id, facts) = read_facts(tx, trace)?;
    let Some(summary) = TraceSummary::compute(trace_id, &facts) else {
        return Ok(());
    };
    tx.prepare_cached(
        "UPDATE traces SET start_ns = ?2, end_ns = ?3, root_span_id = ?4, root_name = ?5, service = ?6,
             span_count = ?7, error_count = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        trace,
        summary.start_time.as_i64(),
        summary.end_time().as_i64(),
        summary.root_span_id.map(|r| r.as_bytes().to_vec()),
        summary.root_name,
        summary.service,
        summary.span_count as i64,
        summary.error_count as i64,
    ])?;
    Ok(())
}

fn read_facts(tx: &Transaction, trace: i64) -> Result<(TraceId, Vec<SpanFacts>), StoreError> {
    let trace_id: Vec<u8> = tx
        .prepare_cached("SELECT trace_id FROM traces WHERE id = ?1")?
        .query_row([trace], |r| r.get(0))?;
    let trace_id = TraceId::from_slice(&trace_id).unwrap_or_default();
    let mut stmt = tx.prepare_cached(
        "SELECT s.span_id, s.parent_span_id, s.name, s.kind, s.start_ns, s.end_ns, s.status_code, r.service
         FROM spans s JOIN resources r ON r.id = s.resource
         WHERE s.trace = ?1",
    )?;
    let facts = stmt
        .query_map([trace], |r| {
            let span_id: Vec<u8> = r.get(0)?;
            let parent: Option<Vec<u8>> = r.get(1)?;
            Ok(SpanFacts {
                span_id: SpanId::from_slice(&span_id).unwrap_or_default(),
                parent_span_id: parent.and_then(|p| SpanId::from_slice(&p)),
                name: r.get(2)?,
                kind: SpanKind::from_code(r.get(3)?),
                start_time: crate::model::Nanos(r.get(4)?),
                end_time: crate::model::Nanos(r.get(5)?),
                is_error: r.get::<_, i64>(6)? == 2,
                service: r.get(7)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((trace_id, facts))
}
