//! Deleting old traces, a bounded chunk at a time, on the writer thread.
//!
//! Expiry runs as a task of the single writer (`writer::Task::Expire`) rather than on a
//! connection of its own, for two reasons. The writer caches trace keys (`TraceId` → `traces.id`)
//! and the spans of recently written traces; a delete behind its back would leave a cached key
//! pointing at a deleted row, and the next span of that trace id would be stored under a trace
//! that no longer exists (or analyzed with spans that were deleted). And SQLite has one
//! writer anyway, so a second connection would only wait on the same lock. Each chunk is one
//! short transaction of at most [`MAX_SPANS_PER_CHUNK`] spans (or one trace, whichever is more),
//! so ingest waits for at most one chunk, and chunks from the sweeper interleave with writes.
//!
//! A trace is old when its last span ended before the cutoff (`end_ns`, which bounds
//! `start_ns`, so the `traces_by_start` index finds candidates). A span that arrives later for a
//! deleted trace starts a new trace row. Resources and scopes are small and shared, and are kept.
//! Deleted pages are reused by SQLite; the file does not shrink.

use rusqlite::{Connection, params};
use tokio::sync::oneshot;

use super::writer::Caches;
use crate::model::{Nanos, TraceId};
use crate::store::{Expired, StoreError};

/// Spans one expiry transaction deletes at most (unless a single trace holds more).
pub const MAX_SPANS_PER_CHUNK: u64 = 20_000;

/// One expiry chunk and where to send the outcome.
pub struct ExpireJob {
    pub before: Nanos,
    pub max_traces: usize,
    pub done: oneshot::Sender<Result<Expired, StoreError>>,
}

pub fn expire(conn: &mut Connection, caches: &mut Caches, job: ExpireJob) {
    let result = delete_chunk(conn, caches, job.before, job.max_traces);
    if let Err(e) = &result {
        tracing::error!(error = %e, "retention: deleting old traces failed");
    }
    let _ = job.done.send(result);
}

fn delete_chunk(
    conn: &mut Connection,
    caches: &mut Caches,
    before: Nanos,
    max_traces: usize,
) -> Result<Expired, StoreError> {
    let tx = conn.transaction()?;
    let candidates = tx
        .prepare_cached(
            "SELECT id, trace_id, span_count FROM traces
             WHERE start_ns < ?1 AND end_ns < ?1
             ORDER BY start_ns, trace_id
             LIMIT ?2",
        )?
        .query_map(params![before.as_i64(), max_traces as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let found = candidates.len();
    let mut out = Expired::default();
    let mut planned = 0u64;
    for (key, trace_id, span_count) in candidates {
        let span_count = span_count.max(0) as u64;
        if out.traces > 0 && planned + span_count > MAX_SPANS_PER_CHUNK {
            out.more = true;
            break;
        }
        planned += span_count;
        // Forget what the writer knows of the trace first: whatever happens to this
        // transaction, the writer then looks the trace up again instead of trusting a key (or
        // a copy of its spans) that may be gone.
        if let Some(id) = TraceId::from_slice(&trace_id) {
            caches.forget(id, key);
        }
        out.spans += tx
            .prepare_cached("DELETE FROM spans WHERE trace = ?1")?
            .execute([key])? as u64;
        // What hangs off the trace goes with it.
        tx.prepare_cached("DELETE FROM annotations WHERE trace = ?1")?
            .execute([key])?;
        tx.prepare_cached("DELETE FROM logs WHERE trace = ?1")?
            .execute([key])?;
        tx.prepare_cached("DELETE FROM traces WHERE id = ?1")?
            .execute([key])?;
        out.traces += 1;
    }
    tx.commit()?;
    out.more |= found == max_traces && max_traces > 0;
    Ok(out)
}
