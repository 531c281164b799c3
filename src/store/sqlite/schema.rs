//! The SQLite schema, its migrations, and connection settings.
//!
//! Layout, chosen for the ingest path:
//!
//! - `traces` has one row per trace with an integer surrogate key (`id`) and the summary that
//!   list queries read. It is the only table indexed on the random trace id, and it gets one row
//!   per trace, not per span.
//! - `spans` refers to its trace by that integer key. New traces get ever larger keys, so the
//!   `(trace, span_id)` unique index (which also de-duplicates re-sent spans) grows at its right
//!   edge instead of taking random inserts; indexing the raw 16-byte trace id per span measured
//!   about 4× more expensive.
//! - `spans_by_start` serves span lists newest first; start times grow, so it too is appended
//!   at its right edge.
//! - `annotations` hold feedback, from the API or read out of span events at ingest, by trace
//!   key; sessions are read off `traces` through a partial index on `session_id`.
//! - `logs` hold log records that name a span (GenAI content events), by trace key; a re-sent
//!   record (same span, time and name) is stored once. Reads attach them to their spans as events.
//! - `resources` and `scopes` are stored once and referred to by id: a service sends the same
//!   resource with every span.
//! - The fields `semconv` derives (kind, model, tokens, cost, session, user, agent) are columns,
//!   so filters and summaries run in SQL. `session_id`/`user_id`/`agent_name` hold the span's own
//!   values; a span's trace-level session and user come from its `traces` row, and the agent it
//!   inherits from an ancestor is written to `agent_inherited` when the trace's summary is
//!   refreshed. Payloads (prompts, completions) are not copied out of `attributes`.
//! - `spans.attributes`, `spans.events`, `logs.body` and `logs.attributes` hold JSON, as text or,
//!   when large, as a zstd frame of it (`super::packed`); SQL reads them through `canopy_text`.
//!   A frame may name a zstd dictionary trained on the database's own values and kept in
//!   `dictionaries` ([`V4`], `super::dictionary`).
//!   `spans.outline` copies the few attributes the tree and timeline need ([`V3`]).
//! - `u_*` hold what each span contributes to its trace's totals (`model::Rollup::contribution`:
//!   each call on exactly one span), refreshed with the summary, so usage reports are one
//!   `GROUP BY` over spans. NULL means nothing.
//!
//! Durability: WAL with `synchronous=FULL` on the writer. A commit returns only after the WAL is
//! fsynced, and ingest answers 200 only after the commit returns, so an acknowledged span
//! survives a process crash (`kill -9`, tested) *and* a power loss or kernel panic, provided the
//! disk honours fsync (a drive whose volatile write cache acknowledges flushes it has not done can
//! still lose the last commits; that is the hardware's promise to keep, not SQLite's). A commit
//! torn by a power cut is recognised by the WAL frame checksums on the next open and rolled back
//! whole: the database holds every acknowledged batch and no half of any batch. Checkpoints copy
//! the WAL into the database file and fsync it before the WAL is reused. The writer batches many
//! requests into one commit, so the fsync is paid once per batch, not per request.

use std::sync::Arc;

use rusqlite::Connection;

use super::dictionary::Dictionaries;
use crate::store::StoreError;

/// Bumped by every migration; stored in `PRAGMA user_version`.
///
/// 2: large JSON columns may hold zstd frames (`super::packed`). No table changes, but a canopy
/// that knows only 1 would fail on them, so it is told to upgrade instead.
/// 3: `spans.outline` ([`V3`]).
/// 4: `dictionaries` ([`V4`]); packed columns may hold frames made with one, which a canopy that
/// knows only 3 could not read.
pub const VERSION: i64 = 4;

const V1: &str = "
CREATE TABLE resources (
    id          INTEGER PRIMARY KEY,
    service     TEXT,
    attributes  TEXT NOT NULL UNIQUE
);
CREATE TABLE scopes (
    id          INTEGER PRIMARY KEY,
    body        TEXT NOT NULL UNIQUE
);
CREATE TABLE traces (
    id                  INTEGER PRIMARY KEY,
    trace_id            BLOB NOT NULL UNIQUE,
    start_ns            INTEGER NOT NULL,
    end_ns              INTEGER NOT NULL,
    root_span_id        BLOB,
    root_name           TEXT NOT NULL,
    service             TEXT,
    span_count          INTEGER NOT NULL,
    error_count         INTEGER NOT NULL,
    input_tokens        INTEGER NOT NULL DEFAULT 0,
    output_tokens       INTEGER NOT NULL DEFAULT 0,
    total_tokens        INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens   INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens  INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens    INTEGER NOT NULL DEFAULT 0,
    cost_usd            REAL,
    cost_estimated      INTEGER NOT NULL DEFAULT 0,
    llm_count           INTEGER NOT NULL DEFAULT 0,
    session_id          TEXT,
    user_id             TEXT,
    agents              TEXT
);
CREATE INDEX traces_by_start ON traces (start_ns, trace_id);
CREATE TABLE spans (
    id                  INTEGER PRIMARY KEY,
    trace               INTEGER NOT NULL,
    span_id             BLOB NOT NULL,
    parent_span_id      BLOB,
    name                TEXT NOT NULL,
    kind                INTEGER NOT NULL,
    otel_kind           INTEGER NOT NULL,
    start_ns            INTEGER NOT NULL,
    end_ns              INTEGER NOT NULL,
    status_code         INTEGER NOT NULL,
    status_message      TEXT,
    resource            INTEGER NOT NULL,
    scope               INTEGER NOT NULL,
    model               TEXT,
    provider            TEXT,
    input_tokens        INTEGER,
    output_tokens       INTEGER,
    total_tokens        INTEGER,
    cache_read_tokens   INTEGER,
    cache_write_tokens  INTEGER,
    reasoning_tokens    INTEGER,
    cost_usd            REAL,
    cost_source         INTEGER,
    session_id          TEXT,
    user_id             TEXT,
    agent_name          TEXT,
    agent_inherited     TEXT,
    u_input_tokens      INTEGER,
    u_output_tokens     INTEGER,
    u_total_tokens      INTEGER,
    u_cache_read_tokens INTEGER,
    u_cache_write_tokens INTEGER,
    u_reasoning_tokens  INTEGER,
    u_cost_usd          REAL,
    u_cost_estimated    INTEGER,
    u_llm_count         INTEGER,
    attributes          TEXT NOT NULL,
    events              TEXT,
    links               TEXT
);
CREATE UNIQUE INDEX spans_by_trace ON spans (trace, span_id);
CREATE INDEX spans_by_start ON spans (start_ns, span_id);
CREATE INDEX traces_by_session ON traces (session_id) WHERE session_id IS NOT NULL;
CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY,
    trace       INTEGER NOT NULL,
    span_id     BLOB,
    label       TEXT NOT NULL,
    score       REAL,
    note        TEXT,
    source      INTEGER NOT NULL,
    time_ns     INTEGER NOT NULL
);
CREATE INDEX annotations_by_trace ON annotations (trace);
CREATE TABLE logs (
    id          INTEGER PRIMARY KEY,
    trace       INTEGER NOT NULL,
    span_id     BLOB NOT NULL,
    time_ns     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    severity    TEXT,
    body        TEXT,
    attributes  TEXT
);
CREATE UNIQUE INDEX logs_by_trace ON logs (trace, span_id, time_ns, name);
";

/// `spans.outline` holds the few attributes an outline read needs
/// (`SpanAttributes::Outline`: what a span's tool name and error come from) as JSON, so the tree
/// and timeline of a large trace read neither the `attributes` column nor its payloads. Spans
/// written from now on always have it (`{}` when empty); for older spans it is NULL and reads
/// fall back to `attributes`, so the migration is instant on a database of any size.
const V3: &str = "ALTER TABLE spans ADD COLUMN outline TEXT;";

/// The zstd dictionaries packed values may be compressed with (`super::dictionary`), by the ID
/// zstd writes into each frame made with one. Never deleted: old frames keep naming theirs.
const V4: &str = "
CREATE TABLE dictionaries (
    id          INTEGER PRIMARY KEY,
    created_ns  INTEGER NOT NULL,
    dict        BLOB NOT NULL
);
";

/// Settings every connection gets.
pub fn configure(
    conn: &Connection,
    writer: bool,
    dictionaries: &Arc<Dictionaries>,
) -> Result<(), StoreError> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    super::packed::register(conn, Arc::clone(dictionaries))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    conn.pragma_update(None, "temp_store", "memory")?;
    // Page cache per connection, in KiB. The writer appends at the right edges of its indexes
    // and looks trace ids up in a small index, so a few MiB hold its working set; a reader's
    // queries (a page of summaries, one trace's spans) touch fewer pages still, and up to
    // `MAX_IDLE_READERS` readers each keep theirs. Larger caches bought no measurable speed
    // (docs/benchmarks.md) and were most of the server's memory.
    let cache_kib = if writer { 8_192 } else { 2_048 };
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    if writer {
        conn.pragma_update(None, "journal_mode", "wal")?;
        conn.pragma_update(None, "synchronous", "full")?;
    } else {
        conn.pragma_update(None, "query_only", true)?;
    }
    Ok(())
}

/// Creates the schema in a new database or migrates an older one to [`VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > VERSION {
        return Err(StoreError::Backend(format!(
            "the database was written by a newer canopy (schema {version}, this build knows {VERSION}); upgrade canopy"
        )));
    }
    let tx = conn.transaction()?;
    if version < 1 {
        tx.execute_batch(V1)?;
    }
    if version < 3 {
        tx.execute_batch(V3)?;
    }
    if version < 4 {
        tx.execute_batch(V4)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
}
