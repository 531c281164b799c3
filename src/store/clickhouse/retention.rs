//! Deleting old traces whole, a bounded chunk at a time (`Store::expire`, run by the server's
//! retention sweeper).
//!
//! A chunk is the oldest live summaries whose trace ended before the cutoff (at most
//! `max_traces`, fewer when they hold more than [`MAX_SPANS_PER_CHUNK`] spans), then one
//! lightweight `DELETE` per table for those trace ids: spans (bounded by the traces' windows,
//! so only their hours are read), log records and annotations, the windows, and the summaries
//! last. Lightweight deletes hide rows from the next query at once and ClickHouse drops them as
//! it merges; inserts never wait for them. Deleting summaries last makes an interrupted chunk
//! safe to repeat: its traces are still found by the next sweep, and deleting again is
//! harmless. For the same reason several servers may sweep one database at once.
//!
//! Not as tight as SQLite's transaction: a span arriving for a trace while it is being deleted
//! may leave a summary counting spans that are gone, until the next batch that touches the
//! trace (or the next sweep, if it is still old) sets it right.
//!
//! The TTL (`?ttl_days=N`) is a different tool: ClickHouse applies it per row as it merges,
//! table by table, with no canopy running, but it can cut a trace that straddles its age.
//! Set it longer than `--retention`, as a backstop for data no sweep reached.

use serde::Deserialize;

use super::de;
use super::http::Http;
use super::sql::Sql;
use crate::model::Nanos;
use crate::store::{Expired, StoreError};

/// Spans one chunk deletes at most (unless a single trace holds more), as in SQLite.
pub const MAX_SPANS_PER_CHUNK: u64 = 20_000;

#[derive(Deserialize)]
struct Candidate(String, #[serde(deserialize_with = "de::int")] u64);

#[derive(Deserialize)]
struct Window(
    #[serde(deserialize_with = "de::opt_int")] Option<i64>,
    #[serde(deserialize_with = "de::opt_int")] Option<i64>,
);

pub async fn expire(
    http: &Http,
    db: &str,
    before: Nanos,
    max_traces: usize,
) -> Result<Expired, StoreError> {
    if max_traces == 0 {
        return Ok(Expired::default());
    }
    let mut sql = Sql::new("SELECT trace_id, span_count FROM ");
    let b = sql.bind(&before.0);
    sql.push(&format!(
        "{db}.trace_summaries FINAL WHERE deleted = 0 AND start_ns < {b} AND end_ns < {b} \
         ORDER BY start_ns, trace_id LIMIT {max_traces}"
    ));
    let candidates: Vec<Candidate> = http.fetch(&sql).await?;
    let found = candidates.len();
    let mut out = Expired::default();
    let mut ids: Vec<String> = Vec::new();
    for Candidate(id, span_count) in candidates {
        if !ids.is_empty() && out.spans + span_count > MAX_SPANS_PER_CHUNK {
            out.more = true;
            break;
        }
        out.spans += span_count;
        ids.push(id);
    }
    if ids.is_empty() {
        return Ok(out);
    }
    out.traces = ids.len() as u64;
    out.more |= found == max_traces;

    let delete = |table: &str| {
        let mut sql = Sql::new(format!("DELETE FROM {db}.{table} WHERE trace_id IN "));
        let p = sql.bind(ids.as_slice());
        sql.push(&p);
        sql
    };
    let mut window = Sql::new("SELECT min(first_start), max(last_start) FROM ");
    let p = window.bind(ids.as_slice());
    window.push(&format!(
        "{db}.trace_windows WHERE trace_id IN {p} SETTINGS aggregate_functions_null_for_empty = 1"
    ));
    let mut spans = delete("spans");
    if let Some(Window(Some(first), Some(last))) = http.fetch(&window).await?.pop() {
        let lo = spans.bind(&first);
        let hi = spans.bind(&last);
        spans.and(&format!("start_ns >= {lo} AND start_ns <= {hi}"));
    }
    let (logs, annotations) = (delete("logs"), delete("annotations"));
    tokio::try_join!(
        http.execute(&spans),
        http.execute(&logs),
        http.execute(&annotations),
    )?;
    http.execute(&delete("trace_windows")).await?;
    http.execute(&delete("trace_summaries")).await?;
    Ok(out)
}
