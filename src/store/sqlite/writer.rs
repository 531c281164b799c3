//! The single writer: one thread owns the write connection and commits in batches.
//!
//! HTTP handlers send a [`Job`] (the spans of one request and a channel for the answer) over a
//! bounded queue. The writer takes the first waiting job, then whatever else is already queued,
//! up to [`MAX_BATCH_SPANS`], writes them all in one transaction, commits, and only then answers
//! every job in the batch. Under load, many requests share one commit (and one fsync); when idle,
//! a lone request is committed at once.
//!
//! ```text
//! handler ─┐                 ┌─ BEGIN; per touched trace: analyze, insert its new spans; COMMIT
//! handler ─┼─► queue ─► writer┤
//! handler ─┘                 └─ answer jobs 1..n (Ok after commit, Err if the transaction failed)
//! ```
//!
//! A trace's summary and each span's derived values (the agent it inherits, what it adds to the
//! trace's totals) depend on the whole trace, whose spans arrive over several requests. The
//! writer keeps the facts of traces still waiting for their root in memory ([`TraceState`],
//! bounded by [`MAX_RECENT_SPANS`]), so a batch analyzes each touched trace without reading it back,
//! inserts new spans with their derived values already set, and rewrites only older spans whose
//! values changed (children stored before the agent span they inherit from). A trace it no
//! longer remembers is read back once.
//!
//! Retention's deletes ([`Task::Expire`]) go through the same queue, so they never race a write
//! and the writer can forget the trace keys it cached for deleted traces (`super::retention`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, params, params_from_iter};
use tokio::sync::{mpsc, oneshot};

use super::dictionary::{Dictionaries, Packer, Trainer};
use super::packed::Packed;
use crate::model::{
    Analysis, Annotation, CostSource, LogRecord, Nanos, Resource, Scope, Span, SpanFacts, SpanId,
    SpanKind, Totals, TraceId, Usage, analyze, annotation,
};
use crate::store::{StoreError, WriteStats};

/// Spans one transaction takes at most (a single larger request still goes in whole).
pub const MAX_BATCH_SPANS: usize = 16_384;
/// Cached trace keys before the cache is cleared; bounds the writer's memory.
const MAX_CACHED_TRACES: usize = 100_000;
const MAX_CACHED_RESOURCES: usize = 10_000;
/// Spans of unfinished traces the writer keeps in memory (a few hundred bytes each).
const MAX_RECENT_SPANS: usize = 8_192;

/// Work for the writer thread.
pub enum Task {
    Write(Job),
    Expire(super::retention::ExpireJob),
}

/// One request's spans (or log records), their encoded JSON columns, and where to send the
/// outcome.
pub struct Job {
    spans: Vec<Span>,
    columns: Vec<SpanColumns>,
    logs: Vec<LogRecord>,
    log_columns: Vec<LogColumns>,
    /// Copies of packed values for training a dictionary, while the store wants them.
    samples: Vec<Vec<u8>>,
    done: oneshot::Sender<Result<WriteStats, StoreError>>,
}

impl Job {
    /// Encodes the JSON columns (and reads the feedback out of span events) here, on the
    /// caller's thread, so the writer thread only writes. The attribute maps and events are
    /// dropped here too: they are most of a span's memory, and the writer needs only their
    /// encoding. Values are packed with the store's current dictionary.
    pub fn new(
        mut spans: Vec<Span>,
        mut logs: Vec<LogRecord>,
        dictionaries: &Dictionaries,
        done: oneshot::Sender<Result<WriteStats, StoreError>>,
    ) -> Job {
        let mut packer = Packer::new(dictionaries);
        Job {
            columns: spans
                .iter_mut()
                .map(|s| SpanColumns::take(s, &mut packer))
                .collect(),
            spans,
            log_columns: logs
                .iter_mut()
                .map(|l| LogColumns::take(l, &mut packer))
                .collect(),
            logs,
            samples: packer.into_samples(),
            done,
        }
    }
}

/// A span's JSON columns as stored, and the annotations its events and attributes carry.
struct SpanColumns {
    attributes: Packed,
    /// The attributes an outline read needs (`SpanAttributes::Outline`), kept aside so such a
    /// read skips `attributes`; `{}` when there are none, never NULL (NULL marks spans written
    /// before the column existed).
    outline: Packed,
    events: Option<Packed>,
    links: Option<String>,
    annotations: Vec<Annotation>,
}

impl SpanColumns {
    /// Encodes the span's maps and lists, leaving them empty in `span`.
    fn take(span: &mut Span, packer: &mut Packer) -> SpanColumns {
        let columns = SpanColumns {
            attributes: packer.pack(json(&span.attributes)),
            outline: packer.pack(crate::store::outline_json(span)),
            events: (!span.events.is_empty()).then(|| packer.pack(json(&span.events))),
            links: (!span.links.is_empty()).then(|| json(&span.links)),
            annotations: annotation::from_span(span),
        };
        span.attributes = Default::default();
        span.events = Vec::new();
        span.links = Vec::new();
        columns
    }
}

/// A log record's JSON columns, as stored.
struct LogColumns {
    body: Option<Packed>,
    attributes: Option<Packed>,
}

impl LogColumns {
    /// Encodes the record's body and attributes, leaving them empty in `log`.
    fn take(log: &mut LogRecord, packer: &mut Packer) -> LogColumns {
        let columns = LogColumns {
            body: (!log.body.is_null()).then(|| packer.pack(json(&log.body))),
            attributes: (!log.attributes.is_empty()).then(|| packer.pack(json(&log.attributes))),
        };
        log.body = Default::default();
        log.attributes = Default::default();
        columns
    }
}

/// What the writer can answer from memory because it is the only writer.
#[derive(Default)]
pub(super) struct Caches {
    traces: HashMap<TraceId, i64>,
    resources: HashMap<String, i64>,
    scopes: HashMap<String, i64>,
    /// Recently written traces still waiting for their root, by key. Spans of a trace arrive
    /// over several requests (an SDK exports children before their parents, in batches), so
    /// the next batch usually adds to a trace that is here.
    recent: HashMap<i64, TraceState>,
    /// Batches written so far.
    batch: u64,
}

impl Caches {
    /// Forgets a trace the store deleted.
    pub(super) fn forget(&mut self, id: TraceId, key: i64) {
        self.traces.remove(&id);
        self.recent.remove(&key);
    }

    fn bound(&mut self) {
        if self.traces.len() > MAX_CACHED_TRACES {
            self.traces.clear();
        }
        let spans: usize = self.recent.values().map(TraceState::weight).sum();
        if spans > MAX_RECENT_SPANS {
            // Keep the most recently touched traces, down to half the bound, so eviction runs
            // once per many batches rather than on every one.
            let mut by_age: Vec<(u64, i64, usize)> = self
                .recent
                .iter()
                .map(|(key, t)| (t.batch, *key, t.weight()))
                .collect();
            by_age.sort_unstable();
            let mut left = spans;
            for (_, key, len) in by_age {
                if left <= MAX_RECENT_SPANS / 2 {
                    break;
                }
                self.recent.remove(&key);
                left -= len;
            }
        }
        if self.resources.len() > MAX_CACHED_RESOURCES {
            self.resources.clear();
        }
        if self.scopes.len() > MAX_CACHED_RESOURCES {
            self.scopes.clear();
        }
    }
}

/// Runs until every sender is dropped, then returns after the last batch is committed (and a
/// dictionary still training is stored).
///
/// Between batches it stores and publishes a dictionary whose training has finished, and after
/// answering a batch it hands the samples the batch carried to the trainer
/// (`super::dictionary`), so training never delays an acknowledgement.
pub fn run(mut conn: Connection, mut rx: mpsc::Receiver<Task>, dictionaries: Arc<Dictionaries>) {
    let mut caches = Caches::default();
    let mut trainer = Trainer::default();
    let mut next = None;
    while let Some(task) = next.take().or_else(|| rx.blocking_recv()) {
        trainer.poll(&conn, &dictionaries, false);
        let first = match task {
            Task::Write(job) => job,
            Task::Expire(job) => {
                super::retention::expire(&mut conn, &mut caches, job);
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
        let samples: Vec<Vec<u8>> = jobs
            .iter_mut()
            .flat_map(|job| std::mem::take(&mut job.samples))
            .collect();
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
        trainer.offer(&dictionaries, samples);
    }
    trainer.poll(&conn, &dictionaries, true);
}

fn write_batch(
    conn: &mut Connection,
    caches: &mut Caches,
    jobs: &[Job],
) -> Result<Vec<WriteStats>, StoreError> {
    caches.batch += 1;
    let tx = conn.transaction()?;
    let mut stats = vec![WriteStats::default(); jobs.len()];
    // The batch's spans by trace, in the order the traces first appear.
    let mut order: Vec<i64> = Vec::new();
    let mut arrivals: HashMap<i64, Vec<Arrival>> = HashMap::new();
    // Spans of one request share their resource and scope by `Arc`; look each up once.
    let mut resource_ids: HashMap<*const Resource, i64> = HashMap::new();
    let mut scope_ids: HashMap<*const Scope, i64> = HashMap::new();
    for (job_index, job) in jobs.iter().enumerate() {
        for (span, columns) in job.spans.iter().zip(&job.columns) {
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
            arrivals
                .entry(trace)
                .or_insert_with(|| {
                    order.push(trace);
                    Vec::new()
                })
                .push(Arrival {
                    job: job_index,
                    span,
                    columns,
                    resource,
                    scope,
                });
        }
        for (log, columns) in job.logs.iter().zip(&job.log_columns) {
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
                    columns.body,
                    columns.attributes,
                ])?;
            stats[job_index].logs += inserted as u64;
        }
    }
    for trace in order {
        let spans = arrivals.remove(&trace).unwrap_or_default();
        let trace_id = spans[0].span.trace_id;
        let mut state = match caches.recent.remove(&trace) {
            Some(state) => state,
            None => TraceState::load(&tx, trace)?,
        };
        write_trace(&tx, trace, trace_id, &mut state, &spans, &mut stats)?;
        // Once its root is in, a trace is most likely complete (SDKs export a span when it
        // ends, and the root ends last): only traces still waiting for spans are kept.
        if !state.has_root() {
            state.batch = caches.batch;
            caches.recent.insert(trace, state);
        }
    }
    tx.commit()?;
    Ok(stats)
}

/// A span of the batch, with the keys of its resource and scope.
struct Arrival<'a> {
    job: usize,
    span: &'a Span,
    columns: &'a SpanColumns,
    resource: i64,
    scope: i64,
}

/// Stores one trace's new spans with what they derive from the whole trace (inherited agent,
/// contribution to the totals), rewrites the stored spans whose derived values changed, and
/// refreshes the trace's summary. Re-sent spans (already stored, or twice in the batch) are
/// counted as duplicates and not stored again.
fn write_trace(
    tx: &Transaction,
    trace: i64,
    trace_id: TraceId,
    state: &mut TraceState,
    spans: &[Arrival],
    stats: &mut [WriteStats],
) -> Result<(), StoreError> {
    let mut seen: HashSet<SpanId> = state.facts.iter().map(|f| f.span_id).collect();
    let mut fresh = Vec::with_capacity(spans.len());
    for arrival in spans {
        if seen.insert(arrival.span.span_id) {
            fresh.push(arrival);
        } else {
            stats[arrival.job].duplicates += 1;
        }
    }
    if fresh.is_empty() {
        return Ok(());
    }
    let old = state.facts.len();
    state
        .facts
        .extend(fresh.iter().map(|a| SpanFacts::from(a.span)));
    let analysis = analyze(trace_id, &state.facts).expect("the trace has spans");
    let mut diverged = false;
    for (index, arrival) in (old..).zip(fresh) {
        let (inherited, contribution) = derived(&state.facts[index], &analysis, index);
        match insert_span(tx, trace, arrival, inherited, &contribution)? {
            Some(row) => {
                stats[arrival.job].inserted += 1;
                state.stored.push(Stored {
                    row,
                    agent_inherited: inherited.map(str::to_string),
                    contribution,
                });
                // Feedback recorded inside the span, once: a re-sent span is not inserted.
                for a in &arrival.columns.annotations {
                    insert_annotation(tx, trace, a)?;
                }
            }
            None => {
                // Stored, though the writer's copy of the trace did not know it. The writer is
                // the only one that inserts spans, so this does not happen; if it ever does,
                // the store is the truth and the trace is read back from it.
                stats[arrival.job].duplicates += 1;
                diverged = true;
            }
        }
    }
    if diverged {
        *state = TraceState::load(tx, trace)?;
        let analysis = analyze(trace_id, &state.facts).expect("the trace has spans");
        return write_derived(tx, trace, state, &analysis);
    }
    write_derived(tx, trace, state, &analysis)
}

/// What span `index` of an analyzed trace stores besides its own fields: the agent it inherits
/// (only an inherited one: a span's own agent stays in `agent_name`) and its contribution.
fn derived<'a>(
    fact: &SpanFacts,
    analysis: &'a Analysis,
    index: usize,
) -> (Option<&'a str>, Totals) {
    let inherited = match fact.agent_name {
        Some(_) => None,
        None => analysis.agents[index].as_deref(),
    };
    (inherited, analysis.contributions[index])
}

/// The columns a span's analysis derives, in the order [`derived_values`] gives them.
macro_rules! derived_columns {
    () => {
        "agent_inherited, u_input_tokens, u_output_tokens, u_total_tokens, u_cache_read_tokens,
         u_cache_write_tokens, u_reasoning_tokens, u_cost_usd, u_cost_estimated, u_llm_count"
    };
}

/// The values of [`derived_columns`] for a span. Zeros are stored as NULL: most spans
/// contribute nothing, and NULL costs no space.
fn derived_values(inherited: Option<&str>, c: &Totals) -> [Value; 10] {
    let n = |v: u64| {
        (v > 0)
            .then(|| sql_int(v))
            .map_or(Value::Null, Value::Integer)
    };
    [
        inherited.map_or(Value::Null, |a| Value::Text(a.to_string())),
        n(c.input_tokens),
        n(c.output_tokens),
        n(c.total_tokens),
        n(c.cache_read_tokens),
        n(c.cache_write_tokens),
        n(c.reasoning_tokens),
        c.cost_usd.map_or(Value::Null, Value::Real),
        if c.cost_estimated {
            Value::Integer(1)
        } else {
            Value::Null
        },
        n(c.llm_count),
    ]
}

/// Inserts one span; its row id, or `None` when the span was already stored.
fn insert_span(
    tx: &Transaction,
    trace: i64,
    arrival: &Arrival,
    inherited: Option<&str>,
    c: &Totals,
) -> Result<Option<i64>, StoreError> {
    let span = arrival.span;
    let inserted = tx
        .prepare_cached(
            concat!(
                "INSERT INTO spans (trace, span_id, parent_span_id, name, kind, otel_kind, start_ns, end_ns,
                     status_code, status_message, resource, scope, model, provider, input_tokens, output_tokens,
                     total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_source,
                     session_id, user_id, agent_name, attributes, events, links, outline, ",
                derived_columns!(),
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                     ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38,
                     ?39)
                 ON CONFLICT (trace, span_id) DO NOTHING",
            ),
        )?
        .execute(params_from_iter(params![
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
            arrival.resource,
            arrival.scope,
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
            arrival.columns.attributes,
            arrival.columns.events,
            arrival.columns.links,
            arrival.columns.outline,
        ]
        .iter()
        .copied()
        .chain(derived_values(inherited, c).iter().map(|v| v as &dyn ToSql))))?;
    Ok((inserted == 1).then(|| tx.last_insert_rowid()))
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
            let key = tx.last_insert_rowid();
            // A new trace has no spans to read back.
            caches.recent.insert(
                key,
                TraceState {
                    facts: Vec::new(),
                    stored: Vec::new(),
                    batch: caches.batch,
                },
            );
            key
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

/// Writes an analysis of a trace: its summary row, and the inherited agent and contribution of
/// every stored span where they changed (most spans of a growing trace keep theirs).
fn write_derived(
    tx: &Transaction,
    trace: i64,
    state: &mut TraceState,
    analysis: &Analysis,
) -> Result<(), StoreError> {
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
    let mut update = tx.prepare_cached(concat!(
        "UPDATE spans SET (",
        derived_columns!(),
        ") = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) WHERE id = ?1",
    ))?;
    for (index, (stored, fact)) in state.stored.iter_mut().zip(&state.facts).enumerate() {
        let (inherited, c) = derived(fact, analysis, index);
        if stored.agent_inherited.as_deref() == inherited && stored.contribution == c {
            continue;
        }
        let derived = derived_values(inherited, &c);
        update.execute(params_from_iter(
            std::iter::once(&stored.row as &dyn ToSql)
                .chain(derived.iter().map(|v| v as &dyn ToSql)),
        ))?;
        stored.agent_inherited = inherited.map(str::to_string);
        stored.contribution = c;
    }
    Ok(())
}

/// What the writer remembers of a trace it wrote recently: the facts of every stored span and
/// what was derived for each, in the same order. A batch that adds spans to the trace analyzes
/// it from this copy instead of reading the trace back.
pub(super) struct TraceState {
    facts: Vec<SpanFacts>,
    stored: Vec<Stored>,
    /// The last batch that touched the trace, for eviction.
    batch: u64,
}

impl TraceState {
    fn has_root(&self) -> bool {
        self.facts.iter().any(|f| f.parent_span_id.is_none())
    }

    /// What the trace counts against [`MAX_RECENT_SPANS`] (an empty one still takes an entry).
    fn weight(&self) -> usize {
        self.facts.len() + 1
    }
}

/// What a span row holds that an analysis of its trace may rewrite.
struct Stored {
    row: i64,
    agent_inherited: Option<String>,
    contribution: Totals,
}

impl TraceState {
    /// Reads a trace's spans back from the store, for a trace the writer does not remember.
    fn load(tx: &Transaction, trace: i64) -> Result<TraceState, StoreError> {
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
        Ok(TraceState {
            facts,
            stored: rows,
            batch: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_span;

    fn connection() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::schema::configure(&conn, true, &Default::default()).unwrap();
        super::super::schema::migrate(&mut conn).unwrap();
        conn
    }

    fn write(conn: &mut Connection, caches: &mut Caches, spans: Vec<Span>) -> WriteStats {
        let job = Job::new(
            spans,
            Vec::new(),
            &Dictionaries::default(),
            oneshot::channel().0,
        );
        write_batch(conn, caches, &[job]).unwrap().remove(0)
    }

    /// Everything the writer derives, as stored: per span its inherited agent and
    /// contribution, and the trace's summary row.
    fn derived_rows(conn: &Connection) -> Vec<String> {
        let mut rows: Vec<String> = conn
            .prepare(
                "SELECT hex(span_id), agent_inherited, u_input_tokens, u_output_tokens, u_llm_count,
                        u_cost_usd FROM spans ORDER BY span_id",
            )
            .unwrap()
            .query_map([], |r| {
                Ok(format!(
                    "{} {:?} {:?} {:?} {:?} {:?}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<f64>>(5)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.extend(
            conn.prepare(
                "SELECT root_name, span_count, error_count, input_tokens, output_tokens, llm_count,
                        agents, start_ns, end_ns FROM traces",
            )
            .unwrap()
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {} {} {} {} {:?} {} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                ))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap(),
        );
        rows
    }

    /// An agent run exported as an SDK does: the calls first, then the sub-agent, then the
    /// root agent they all inherit from, then one batch re-sent.
    fn batches() -> Vec<Vec<Span>> {
        let llm = |id, parent, tokens| {
            let mut s = test_span(1, id, Some(parent), "chat", 20, 30);
            s.kind = SpanKind::Llm;
            s.input_tokens = Some(tokens);
            s.output_tokens = Some(tokens / 2);
            s
        };
        let mut sub = test_span(1, 2, Some(1), "research", 15, 60);
        sub.kind = SpanKind::Agent;
        sub.agent_name = Some("researcher".into());
        let mut root = test_span(1, 1, None, "run", 10, 90);
        root.kind = SpanKind::Agent;
        root.agent_name = Some("planner".into());
        let first = vec![llm(3, 2, 100), llm(4, 2, 40), llm(5, 1, 7)];
        vec![first.clone(), vec![sub], vec![root], first]
    }

    #[test]
    fn a_forgotten_trace_is_read_back_and_derives_the_same() {
        let (mut remembered, mut forgotten) = (connection(), connection());
        let (mut keep, mut forget) = (Caches::default(), Caches::default());
        let mut stats = Vec::new();
        for batch in batches() {
            let a = write(&mut remembered, &mut keep, batch.clone());
            forget.recent.clear();
            let b = write(&mut forgotten, &mut forget, batch);
            assert_eq!((a.inserted, a.duplicates), (b.inserted, b.duplicates));
            stats.push((a.inserted, a.duplicates));
        }
        assert_eq!(stats, [(3, 0), (1, 0), (1, 0), (0, 3)]);
        let rows = derived_rows(&remembered);
        assert_eq!(rows, derived_rows(&forgotten));
        // The calls under the sub-agent inherit it, the one beside it the root's agent; the
        // summary counts each call once.
        assert_eq!(
            rows,
            [
                r#"0101010101010101 None None None None None"#,
                r#"0202020202020202 None None None None None"#,
                r#"0303030303030303 Some("researcher") Some(100) Some(50) Some(1) None"#,
                r#"0404040404040404 Some("researcher") Some(40) Some(20) Some(1) None"#,
                r#"0505050505050505 Some("planner") Some(7) Some(3) Some(1) None"#,
                r#"run 5 0 147 73 3 Some("[\"planner\",\"researcher\"]") 10 90"#,
            ]
        );
    }

    #[test]
    fn remembered_traces_are_bounded_keeping_the_latest() {
        let mut conn = connection();
        let mut caches = Caches::default();
        let per_trace = 1_000;
        let traces = MAX_RECENT_SPANS / per_trace + 1;
        for t in 0..traces {
            // Spans of a service called from elsewhere: their root is in another service.
            let spans = (0..per_trace)
                .map(|i| {
                    let mut s = test_span(0, 0, Some(0xff), "s", 0, 1);
                    s.trace_id = TraceId([t as u8 + 1; 16]);
                    s.span_id = SpanId((i as u64 + 1).to_be_bytes());
                    s
                })
                .collect();
            write(&mut conn, &mut caches, spans);
            caches.bound();
        }
        let kept: usize = caches.recent.values().map(TraceState::weight).sum();
        assert!(kept <= MAX_RECENT_SPANS / 2, "{kept} spans kept");
        let latest = caches.traces[&TraceId([traces as u8; 16])];
        assert!(
            caches.recent.contains_key(&latest),
            "the latest trace stays"
        );
    }

    #[test]
    fn only_traces_waiting_for_their_root_are_remembered() {
        let mut conn = connection();
        let mut caches = Caches::default();
        let mut batches = batches().into_iter();
        for batch in batches.by_ref().take(2) {
            write(&mut conn, &mut caches, batch);
        }
        assert_eq!(caches.recent.len(), 1, "calls and sub-agent, no root yet");
        write(&mut conn, &mut caches, batches.next().unwrap());
        assert!(caches.recent.is_empty(), "the root completes the trace");
    }
}
