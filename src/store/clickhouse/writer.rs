//! The writer of one `canopy serve`: batches requests, inserts spans, refreshes summaries.
//!
//! HTTP handlers send a [`Job`] (spans or log records) over a bounded queue. A batch loop takes
//! the first waiting job and whatever else is queued (up to [`MAX_BATCH_SPANS`] spans and
//! records), and for the whole batch:
//!
//! ```text
//! 1. INSERT INTO spans FORMAT JSONEachRow          one insert, one part per day touched
//!                                                   (the view updates trace_windows with it)
//! 2. SELECT facts FROM spans WHERE trace_id IN …    every copy of every span of the touched
//!    AND start_ns within their trace_windows        traces, bounded to their hours
//! 3. analyze each trace; INSERT INTO trace_summaries   summary rows (+ tombstones), with each
//!    and, at once, INSERT INTO annotations          span's contribution; the spans' feedback
//! 4. answer every job                               only now: a 200 means spans, summaries and
//!                                                   feedback are all stored
//! ```
//!
//! Log records ([`logs`](super::logs)) take their own two steps (read the keys stored, insert
//! the new records) alongside steps 1–3, so they add no round trip to a batch.
//!
//! Step 2 runs after step 1 returned, so it sees every span any server inserted before; the
//! last batch to touch a trace therefore computes its summary from all its spans, and that row
//! has the highest version. A span counts as a duplicate when the copy kept (the first written)
//! is another batch's ([`group`]); the copies collapse in merges and `FINAL`.
//! If a step fails, every job of the batch gets the error and nothing is acknowledged; a retry
//! re-inserts the spans (harmless), refreshes the summaries and rewrites the feedback (which
//! collapses onto the first copy).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::{mpsc, oneshot};

use super::facts::{FACT_COLUMNS, FactRow, TraceFacts, group};
use super::http::Http;
use super::rows::write_spans;
use super::sql::Sql;
use super::summary::write_summary;
use super::{annotations, logs};
use crate::model::{LogRecord, Span, SpanId, TraceId};
use crate::store::{StoreError, WriteStats};

/// Spans and log records one batch takes at most (a single larger request still goes in whole).
pub const MAX_BATCH_SPANS: usize = 16_384;
/// Traces whose facts one query reads; bounds the length of the URL that carries their ids.
const REFRESH_CHUNK: usize = 2_000;

/// One request's spans or log records, and where to send the outcome.
pub struct Job {
    pub spans: Vec<Span>,
    pub logs: Vec<LogRecord>,
    pub done: oneshot::Sender<Result<WriteStats, StoreError>>,
}

/// Batches one server writes at once. Each is independent (it reads back after its own
/// insert, like a batch of another server would), so a few in flight hide the round trips.
pub const WRITERS: usize = 2;

/// The receiving end of the queue, shared by the [`WRITERS`] batch loops.
pub type Queue = std::sync::Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>;

/// Takes the first waiting job and whatever else is queued, up to [`MAX_BATCH_SPANS`]; `None`
/// once every sender is dropped and the queue is empty.
async fn next_batch(queue: &Queue) -> Option<Vec<Job>> {
    let mut rx = queue.lock().await;
    let first = rx.recv().await?;
    let mut count = first.spans.len() + first.logs.len();
    let mut jobs = vec![first];
    while count < MAX_BATCH_SPANS {
        match rx.try_recv() {
            Ok(job) => {
                count += job.spans.len() + job.logs.len();
                jobs.push(job);
            }
            Err(_) => break,
        }
    }
    Some(jobs)
}

/// One batch loop: runs until every sender is dropped, then returns after its last batch.
pub async fn run(http: Http, db: String, queue: Queue) {
    while let Some(jobs) = next_batch(&queue).await {
        match write_batch(&http, &db, &jobs).await {
            Ok(stats) => {
                for (job, stats) in jobs.into_iter().zip(stats) {
                    let _ = job.done.send(Ok(stats));
                }
            }
            Err(e) => {
                let spans: usize = jobs.iter().map(|j| j.spans.len()).sum();
                let logs: usize = jobs.iter().map(|j| j.logs.len()).sum();
                tracing::error!(error = %e, spans, logs, "write failed; the batch was not acknowledged");
                for job in jobs {
                    let _ = job.done.send(Err(copy(&e)));
                }
            }
        }
    }
}

fn copy(e: &StoreError) -> StoreError {
    let message = match e {
        StoreError::DiskFull(m) | StoreError::ReadOnly(m) | StoreError::Backend(m) => m.clone(),
        other => other.to_string(),
    };
    match e {
        StoreError::DiskFull(_) => StoreError::DiskFull(message),
        StoreError::ReadOnly(_) => StoreError::ReadOnly(message),
        _ => StoreError::Backend(message),
    }
}

/// A tag no other batch (of this or another server) is likely to share.
fn batch_tag(now_ns: u64) -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(now_ns);
    h.write_u32(std::process::id());
    h.finish()
}

async fn write_batch(http: &Http, db: &str, jobs: &[Job]) -> Result<Vec<WriteStats>, StoreError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let now_ns = u64::try_from(now.as_nanos()).unwrap_or(u64::MAX);
    let batch = Batch {
        tag: batch_tag(now_ns),
        // Older copies must win merges, so the version falls as time passes.
        first_seen: u64::MAX - now_ns,
        now_secs: now.as_secs(),
    };
    let records: Vec<&[LogRecord]> = jobs.iter().map(|j| j.logs.as_slice()).collect();
    let (mut stats, logs) = tokio::try_join!(
        store_spans(http, db, jobs, &batch),
        logs::write(http, db, &records, batch.first_seen),
    )?;
    for (stats, logs) in stats.iter_mut().zip(logs) {
        stats.logs = logs;
    }
    Ok(stats)
}

/// What tags the rows of one batch.
struct Batch {
    tag: u64,
    first_seen: u64,
    now_secs: u64,
}

/// Steps 1–3 for the spans of `jobs`; the stats of each job, logs aside.
async fn store_spans(
    http: &Http,
    db: &str,
    jobs: &[Job],
    batch: &Batch,
) -> Result<Vec<WriteStats>, StoreError> {
    if jobs.iter().all(|j| j.spans.is_empty()) {
        return Ok(vec![WriteStats::default(); jobs.len()]);
    }
    // A span sent twice in one batch is stored once; the second is a duplicate, as in SQLite.
    let mut seen: HashSet<(TraceId, SpanId)> = HashSet::new();
    let mut unique: Vec<&Span> = Vec::new();
    let mut repeated: Vec<Vec<bool>> = Vec::with_capacity(jobs.len());
    for job in jobs {
        repeated.push(
            job.spans
                .iter()
                .map(|s| {
                    let fresh = seen.insert((s.trace_id, s.span_id));
                    if fresh {
                        unique.push(s);
                    }
                    !fresh
                })
                .collect(),
        );
    }
    let started = std::time::Instant::now();
    let mut body = Vec::with_capacity(unique.len() * 1024);
    write_spans(&mut body, &unique, batch.tag, batch.first_seen);
    http.insert(
        // Spans of one batch may cover many days; each day is a partition.
        &format!(
            "INSERT INTO {db}.spans SETTINGS max_partitions_per_insert_block = 0 FORMAT JSONEachRow"
        ),
        body,
    )
    .await?;
    let inserted = started.elapsed();

    let mut touched: Vec<TraceId> = seen.iter().map(|(t, _)| *t).collect();
    touched.sort();
    touched.dedup();
    let mut facts: HashMap<TraceId, TraceFacts> = HashMap::with_capacity(touched.len());
    let mut summaries = Vec::new();
    for chunk in touched.chunks(REFRESH_CHUNK) {
        for (id, trace) in group(read_facts(http, db, chunk).await?, batch.tag)? {
            write_summary(
                &mut summaries,
                id,
                &trace.facts,
                &trace.billing,
                batch.now_secs,
            );
            facts.insert(id, trace);
        }
    }
    let mut feedback = Vec::new();
    annotations::from_spans(&mut feedback, unique.iter().copied(), batch.first_seen);
    let analyzed = started.elapsed();
    let insert_summaries = format!(
        "INSERT INTO {db}.trace_summaries SETTINGS max_partitions_per_insert_block = 0 FORMAT JSONEachRow"
    );
    tokio::try_join!(
        http.insert(&insert_summaries, summaries),
        annotations::insert(http, db, feedback),
    )?;
    tracing::debug!(
        requests = jobs.len(),
        spans = unique.len(),
        traces = touched.len(),
        insert_ms = inserted.as_millis(),
        refresh_ms = (analyzed - inserted).as_millis(),
        summaries_ms = (started.elapsed() - analyzed).as_millis(),
        "batch stored"
    );

    Ok(jobs
        .iter()
        .zip(repeated)
        .map(|(job, repeated)| {
            let mut stats = WriteStats::default();
            for (span, repeated) in job.spans.iter().zip(repeated) {
                let before = facts
                    .get(&span.trace_id)
                    .is_some_and(|t| t.stored_before.contains(&span.span_id));
                if repeated || before {
                    stats.duplicates += 1;
                } else {
                    stats.inserted += 1;
                }
            }
            stats
        })
        .collect())
}

/// Every stored copy of every span of `traces`, bounded to the hours their windows cover.
async fn read_facts(http: &Http, db: &str, traces: &[TraceId]) -> Result<Vec<FactRow>, StoreError> {
    let ids: Vec<String> = traces.iter().map(TraceId::to_hex).collect();
    let mut sql = Sql::new(format!(
        "SELECT {} FROM {db}.spans",
        FACT_COLUMNS.join(", ")
    ));
    let p = sql.bind(ids.as_slice());
    sql.push(&format!(
        " WHERE trace_id IN {p} \
         AND start_ns >= (SELECT min(first_start) FROM {db}.trace_windows WHERE trace_id IN {p}) \
         AND start_ns <= (SELECT max(last_start) FROM {db}.trace_windows WHERE trace_id IN {p})"
    ));
    http.fetch(&sql).await
}
