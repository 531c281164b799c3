//! The scale-out store: ClickHouse over its HTTP interface, shared by any number of stateless
//! `canopy serve` processes.
//!
//! # Tables and why they are ordered so
//!
//! - `spans` (ReplacingMergeTree, one UTC day per partition), ordered by
//!   `(intDiv(start_ns, 1 hour), trace_id, span_id)`. Of the three dominant queries, two are
//!   bounded in time (span search and the span-level conditions of a trace list, both "in this
//!   window") and one by trace (`trace get`). Hour buckets first let a time range skip whole
//!   hours; `trace_id` second keeps a trace's spans adjacent inside each hour, so fetching one
//!   trace is a binary search per hour of its window, and that window comes from
//!   `trace_windows`, not from a scan. Ordering by `trace_id` first would make `trace get` one
//!   seek but every time-bounded query a full scan of its days; ordering by start time alone would
//!   scatter a trace across granules. The key is also the dedup key: a re-sent span has the same
//!   start, trace and span id, so its copies collapse in merges and under `FINAL`; the version
//!   column `first_seen` falls with time, so the first copy is the one kept, as in SQLite.
//!   The normalized fields are real columns (kind, model, provider, tokens, cost, session, user,
//!   agent, status); raw attributes are `Map(String, String)` (see [`rows`]). Bloom filters sit
//!   on `trace_id` (windows wider than an hour) and on attribute keys and values (`--attr`,
//!   which otherwise reads every map); session, user and the others are low-cardinality or go
//!   through the summaries.
//! - `trace_windows` (AggregatingMergeTree ordered by `trace_id`, fed by a materialized view on
//!   `spans`): the first and last span start of each trace, order-free aggregates that stay right
//!   however spans arrive. It bounds every read of one trace, and answers id-prefix lookups with
//!   a range of its key.
//! - `trace_summaries` (ReplacingMergeTree(version), one day per partition, ordered by
//!   `trace_id`): the [`TraceSummary`](crate::model::TraceSummary) that `trace list` shows, plus
//!   the agent each span inherits. A trace list reads only the days of its window.
//!
//! # Summaries across servers
//!
//! Totals need the whole tree (`model::analyze` counts a call nested in its SDK's span once, and
//! agents flow down from ancestors), so they cannot be an order-free aggregate. After each
//! batch, the writer re-reads the facts of every trace it touched and inserts a fresh summary
//! ([`writer`], [`summary`]). The read happens after the insert returned, so it sees every span
//! inserted before it, by any server; of the batches that touched a trace, the last one to read
//! sees all its spans. Its row has the most spans, hence the highest version
//! (`span_count << 32 | seconds`), and wins in `FINAL` over any row computed from fewer spans,
//! whichever server wrote it and in whichever order the rows landed. `trace get` analyzes the
//! spans it reads instead of reading the stored row, so it is right even between a batch's two
//! inserts. This holds on one ClickHouse node (or a replicated one read with
//! `select_sequential_consistency`); it needs inserts to be visible once acknowledged, which
//! rules out `async_insert`.
//!
//! # Reads
//!
//! Every value travels as a query parameter ([`sql`]); code writes only structure. Filters mean
//! what they mean in SQLite ([`filter`]); pages, sort keys and ties are the same ([`read`]). The
//! conformance suite (`store::conformance`) runs unchanged against both backends.

mod annotations;
mod de;
mod endpoint;
mod facts;
mod filter;
mod http;
mod logs;
mod read;
mod retention;
mod rows;
mod schema;
mod sessions;
mod sql;
mod summary;
mod usage;
mod writer;

#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tokio::sync::{mpsc, oneshot};

use super::{Expired, SpanAttributes, Store, StoreError, WriteStats};
use crate::model::{
    Annotation, Facets, Filter, LogRecord, Nanos, Session, SessionPage, SessionQuery, Span,
    SpanPage, SpanQuery, Trace, TraceId, TraceIdPrefix, TracePage, TraceQuery, UsageQuery,
    UsageReport,
};

pub use endpoint::Endpoint;

/// Requests that may wait for the writer before senders have to wait too.
const QUEUE_DEPTH: usize = 64;

pub struct ClickHouseStore {
    http: http::Http,
    /// The quoted database name, e.g. `` `canopy` ``.
    db: String,
    writer: Mutex<Option<mpsc::Sender<writer::Job>>>,
    writer_tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

impl ClickHouseStore {
    /// Connects, creates or migrates the schema, applies the TTL, and starts the writer.
    pub async fn open(endpoint: &Endpoint) -> Result<ClickHouseStore, StoreError> {
        let db = sql::identifier(&endpoint.database).map_err(StoreError::Backend)?;
        let http = http::Http::new(endpoint.clone())?;
        http.ping().await?;
        schema::migrate(&http, &db).await?;
        schema::set_ttl(&http, &db, endpoint.ttl_days).await?;
        let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
        let queue: writer::Queue = Arc::new(tokio::sync::Mutex::new(rx));
        let tasks = (0..writer::WRITERS)
            .map(|_| tokio::spawn(writer::run(http.clone(), db.clone(), Arc::clone(&queue))))
            .collect();
        Ok(ClickHouseStore {
            http,
            db,
            writer: Mutex::new(Some(tx)),
            writer_tasks: Mutex::new(tasks),
        })
    }

    pub fn endpoint(&self) -> &Endpoint {
        self.http.endpoint()
    }

    /// Drops the store's database (tests clean up after themselves with it).
    pub async fn drop_database(&self) -> Result<(), StoreError> {
        let db = &self.db;
        self.http
            .execute(&sql::Sql::new(format!("DROP DATABASE IF EXISTS {db}")))
            .await
    }

    /// Hands a job to the writer and waits for its answer.
    async fn send(&self, spans: Vec<Span>, logs: Vec<LogRecord>) -> Result<WriteStats, StoreError> {
        let sender = self
            .writer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(StoreError::Closed)?;
        let (done, answer) = oneshot::channel();
        sender
            .send(writer::Job { spans, logs, done })
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }
}

#[async_trait]
impl Store for ClickHouseStore {
    async fn write(&self, spans: Vec<Span>) -> Result<WriteStats, StoreError> {
        if spans.is_empty() {
            return Ok(WriteStats::default());
        }
        self.send(spans, Vec::new()).await
    }

    async fn write_logs(&self, records: Vec<LogRecord>) -> Result<WriteStats, StoreError> {
        if records.is_empty() {
            return Ok(WriteStats::default());
        }
        self.send(Vec::new(), records).await
    }

    async fn list_traces(&self, query: &TraceQuery) -> Result<TracePage, StoreError> {
        read::list_traces(&self.http, &self.db, query).await
    }

    async fn list_spans(&self, query: &SpanQuery) -> Result<SpanPage, StoreError> {
        read::list_spans(&self.http, &self.db, query).await
    }

    async fn trace_facets(&self, filter: &Filter) -> Result<Facets, StoreError> {
        read::trace_facets(&self.http, &self.db, filter).await
    }

    async fn span_facets(&self, query: &SpanQuery) -> Result<Facets, StoreError> {
        read::span_facets(&self.http, &self.db, query).await
    }

    async fn resolve_trace(&self, prefix: &TraceIdPrefix) -> Result<TraceId, StoreError> {
        read::resolve_trace(&self.http, &self.db, prefix).await
    }

    async fn get_trace(
        &self,
        id: TraceId,
        attributes: SpanAttributes,
    ) -> Result<Trace, StoreError> {
        read::get_trace(&self.http, &self.db, id, attributes).await
    }

    async fn usage(&self, query: &UsageQuery) -> Result<UsageReport, StoreError> {
        usage::usage(&self.http, &self.db, query).await
    }

    async fn add_annotation(&self, annotation: Annotation) -> Result<(), StoreError> {
        annotations::add(&self.http, &self.db, &annotation).await
    }

    async fn list_sessions(&self, query: &SessionQuery) -> Result<SessionPage, StoreError> {
        sessions::list_sessions(&self.http, &self.db, query).await
    }

    async fn get_session(&self, id: &str) -> Result<Session, StoreError> {
        sessions::get_session(&self.http, &self.db, id).await
    }

    async fn expire(&self, before: Nanos, max_traces: usize) -> Result<Expired, StoreError> {
        retention::expire(&self.http, &self.db, before, max_traces).await
    }

    async fn close(&self) {
        // Dropping our sender lets the writer finish what is queued and stop once in-flight
        // writes (which hold their own clones) are done.
        drop(self.writer.lock().unwrap_or_else(|p| p.into_inner()).take());
        let tasks =
            std::mem::take(&mut *self.writer_tasks.lock().unwrap_or_else(|p| p.into_inner()));
        for task in tasks {
            let _ = task.await;
        }
    }
}
