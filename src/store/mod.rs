//! Where spans are kept: the [`Store`] trait and its backends.
//!
//! A store owns durability and the queries behind the API. It receives spans that `otlp` decoded
//! and `semconv` normalized, and it must not acknowledge a write before it is committed. It keeps
//! one [`TraceSummary`] per trace current at ingest, so that list queries never group spans.
//!
//! Backends: [`sqlite`] (embedded, the default) and [`clickhouse`] (shared by several servers),
//! chosen by a [`Location`] URL and started with [`open`]. Every backend passes the same
//! conformance suite (`conformance.rs`), so the query API answers the same whichever one is
//! behind it.

mod attributes;
pub mod clickhouse;
mod location;
pub mod sqlite;

#[cfg(test)]
mod conformance;

use async_trait::async_trait;

use crate::model::{
    Annotation, Facets, Filter, LogRecord, Nanos, Session, SessionPage, SessionQuery, Span,
    SpanPage, SpanQuery, Trace, TraceId, TraceIdPrefix, TracePage, TraceQuery, UsageQuery,
    UsageReport,
};

pub use attributes::{SpanAttributes, outline_json};
pub use clickhouse::ClickHouseStore;
pub use location::{Location, open};
pub use sqlite::SqliteStore;

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Spans newly stored.
    pub inserted: u64,
    /// Spans ignored because the same trace and span id was already stored.
    pub duplicates: u64,
    /// Log records newly stored.
    pub logs: u64,
}

/// What one [`Store::expire`] call deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expired {
    pub traces: u64,
    pub spans: u64,
    /// True when older traces remain: call again.
    pub more: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no trace matches {0}")]
    NotFound(String),
    #[error("no session {0:?}")]
    NoSuchSession(String),
    #[error("trace id prefix {prefix} is ambiguous: it matches {}", .candidates.iter().map(|c| c.to_hex()).collect::<Vec<_>>().join(", "))]
    Ambiguous {
        prefix: String,
        candidates: Vec<TraceId>,
    },
    /// The store is shutting down or its writer has stopped.
    #[error("the store is closed")]
    Closed,
    #[error("the disk is full: {0}")]
    DiskFull(String),
    #[error("the store is read-only: {0}")]
    ReadOnly(String),
    #[error("storage error: {0}")]
    Backend(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull(e.to_string()),
            Some(ErrorCode::ReadOnly)
            | Some(ErrorCode::CannotOpen)
            | Some(ErrorCode::PermissionDenied) => StoreError::ReadOnly(e.to_string()),
            _ => StoreError::Backend(e.to_string()),
        }
    }
}

/// A place to keep spans and ask about them. Implementations are cheap to share (`Arc<dyn Store>`).
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores spans durably and returns once they are committed. Re-sent spans (same trace and
    /// span id) are ignored, so retries never duplicate.
    async fn write(&self, spans: Vec<Span>) -> Result<WriteStats, StoreError>;

    /// Stores log records that belong to spans (they are shown with their span, as events),
    /// durably, like `write`. A record stored before is ignored.
    async fn write_logs(&self, records: Vec<LogRecord>) -> Result<WriteStats, StoreError>;

    /// One page of trace summaries matching the filter, in the query's order, ties broken on
    /// trace id in the same direction.
    async fn list_traces(&self, query: &TraceQuery) -> Result<TracePage, StoreError>;

    /// One page of spans matching the filter, in the query's order, ties broken on span id.
    async fn list_spans(&self, query: &SpanQuery) -> Result<SpanPage, StoreError>;

    /// Counts per service, kind, model, agent and status over the traces matching `filter`.
    async fn trace_facets(&self, filter: &Filter) -> Result<Facets, StoreError>;

    /// Counts per service, kind, model, agent and status over the spans matching `query`.
    async fn span_facets(&self, query: &SpanQuery) -> Result<Facets, StoreError>;

    /// The one stored trace whose id starts with `prefix`.
    async fn resolve_trace(&self, prefix: &TraceIdPrefix) -> Result<TraceId, StoreError>;

    /// A whole trace: summary and spans in start order, each span with the raw attributes
    /// `attributes` asks for.
    async fn get_trace(&self, id: TraceId, attributes: SpanAttributes)
    -> Result<Trace, StoreError>;

    /// Tokens and cost of the model calls matching the query's filter, grouped, each call
    /// counted once.
    async fn usage(&self, query: &UsageQuery) -> Result<UsageReport, StoreError>;

    /// Adds an annotation to a stored trace (and one of its spans, when `span_id` is set).
    async fn add_annotation(&self, annotation: Annotation) -> Result<(), StoreError>;

    /// Sessions with a trace matching the query's filter, most recently active first.
    async fn list_sessions(&self, query: &SessionQuery) -> Result<SessionPage, StoreError>;

    /// A session's summary and its traces in start order.
    async fn get_session(&self, id: &str) -> Result<Session, StoreError>;

    /// Deletes, oldest first, whole traces whose every span ended before `before`: at most
    /// `max_traces` of them (fewer when they hold many spans) in one short transaction, so
    /// writes wait for at most one chunk. Retention calls it until [`Expired::more`] is false.
    async fn expire(&self, before: Nanos, max_traces: usize) -> Result<Expired, StoreError>;

    /// Waits for pending writes to commit and stops accepting new ones.
    async fn close(&self);
}
