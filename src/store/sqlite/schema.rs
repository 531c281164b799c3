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
//! - `resources` and `scopes` are stored once and referred to by id: a service sends the same
//!   resource with every span.
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

use rusqlite::Connection;

use crate::store::StoreError;

/// Bumped by every migration; stored in `PRAGMA user_version`.
pub const VERSION: i64 = 1;

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
    id            INTEGER PRIMARY KEY,
    trace_id      BLOB NOT NULL UNIQUE,
    start_ns      INTEGER NOT NULL,
    end_ns        INTEGER NOT NULL,
    root_span_id  BLOB,
    root_name     TEXT NOT NULL,
    service       TEXT,
    span_count    INTEGER NOT NULL,
    error_count   INTEGER NOT NULL
);
CREATE INDEX traces_by_start ON traces (start_ns, trace_id);
CREATE TABLE spans (
    id              INTEGER PRIMARY KEY,
    trace           INTEGER NOT NULL,
    span_id         BLOB NOT NULL,
    parent_span_id  BLOB,
    name            TEXT NOT NULL,
    kind            INTEGER NOT NULL,
    otel_kind       INTEGER NOT NULL,
    start_ns        INTEGER NOT NULL,
    end_ns          INTEGER NOT NULL,
    status_code     INTEGER NOT NULL,
    status_message  TEXT,
    resource        INTEGER NOT NULL,
    scope           INTEGER NOT NULL,
    attributes      TEXT NOT NULL,
    events          TEXT,
    links           TEXT
);
CREATE UNIQUE INDEX spans_by_trace ON spans (trace, span_id);
";

/// Settings every connection gets.
pub fn configure(conn: &Connection, writer: bool) -> Result<(), StoreError> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    conn.pragma_update(None, "temp_store", "memory")?;
    conn.pragma_update(None, "cache_size", -16_384)?; // 16 MiB
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
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
}
