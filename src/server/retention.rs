//! The retention sweeper: deletes traces older than the retention age, in the background.
//!
//! Every [`SWEEP_EVERY`] (and once at start) it asks the store to expire traces whose last span
//! ended before `now - age`, one bounded chunk at a time ([`Store::expire`]); between chunks the
//! writer takes queued writes, so ingest never waits for a whole sweep. A failed sweep is logged
//! and tried again at the next tick. Age is measured on span timestamps, the times users see.

use std::sync::Arc;
use std::time::Duration;

use crate::model::Nanos;
use crate::store::{Expired, Store, StoreError};

/// How long traces are kept unless `--retention` says otherwise.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// How often the sweeper runs.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10 * 60);
/// Traces per expiry chunk (a chunk is also bounded by spans in the store).
pub const CHUNK_TRACES: usize = 500;

/// Runs forever; the server aborts it on shutdown.
pub async fn sweep_forever(store: Arc<dyn Store>, age: Duration) {
    let mut tick = tokio::time::interval(SWEEP_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = Nanos::from_timestamp(jiff::Timestamp::now());
        if let Err(e) = sweep(store.as_ref(), age, now).await {
            tracing::error!(error = %e, "retention: sweep failed; trying again in {}s", SWEEP_EVERY.as_secs());
        }
    }
}

/// Deletes everything that ended more than `age` before `now`, chunk by chunk.
pub async fn sweep(store: &dyn Store, age: Duration, now: Nanos) -> Result<Expired, StoreError> {
    let age_ns = i64::try_from(age.as_nanos()).unwrap_or(i64::MAX);
    let before = Nanos(now.as_i64().saturating_sub(age_ns));
    let mut total = Expired::default();
    loop {
        let chunk = store.expire(before, CHUNK_TRACES).await?;
        total.traces += chunk.traces;
        total.spans += chunk.spans;
        if !chunk.more {
            break;
        }
        tokio::task::yield_now().await;
    }
    if total.traces > 0 {
        tracing::info!(
            traces = total.traces,
            spans = total.spans,
            "retention: deleted traces that ended before {before}"
        );
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TraceId, test_span};
    use crate::store::SqliteStore;

    #[tokio::test]
    async fn a_sweep_keeps_what_is_younger_than_the_age() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("canopy.db")).unwrap();
        let day = 86_400 * 1_000_000_000i64;
        let now = Nanos(1000 * day);
        let mut spans = Vec::new();
        // 1200 one-span traces, one per hour over 50 days: more than two chunks are old.
        for i in 0..1200i64 {
            let mut s = test_span(
                1,
                1,
                None,
                "t",
                now.0 - i * day / 24 - 1,
                now.0 - i * day / 24,
            );
            s.trace_id = TraceId((i as u128 + 1).to_be_bytes());
            spans.push(s);
        }
        store.write(spans).await.unwrap();
        let swept = sweep(&store, Duration::from_secs(30 * 86_400), now)
            .await
            .unwrap();
        assert_eq!(swept.traces, 1200 - 30 * 24 - 1);
        assert_eq!(swept.spans, swept.traces);
        let left = store
            .list_traces(&crate::model::TraceQuery {
                limit: Some(1000),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(left.traces.len(), 30 * 24 + 1);
        store.close().await;
    }
}
