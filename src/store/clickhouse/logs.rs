//! Log records that belong to spans (GenAI content events), stored in `logs` and shown with
//! their span as events.
//!
//! `logs` is a ReplacingMergeTree on SQLite's unique key `(trace_id, span_id, time_ns, name)`,
//! so a re-sent record collapses onto its first copy (`first_seen` falls with time), one day per
//! partition of the record's time. To count only new records, as SQLite does, the writer reads
//! the keys its traces already have before inserting, and sends only the missing ones; two
//! servers storing the same record at once may both count it, and the copies still collapse.
//! Reads use `FINAL`. A record may arrive before its span: it waits, and shows once the span is
//! there.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::de;
use super::facts::bad;
use super::http::Http;
use super::sql::Sql;
use crate::model::{LogRecord, Nanos, Span, SpanId, TraceId};
use crate::store::StoreError;

/// Traces whose stored keys one query reads; bounds the length of the URL.
const CHUNK: usize = 2_000;

/// A row of `logs` as inserted.
#[derive(Serialize)]
struct LogRow<'a> {
    trace_id: String,
    span_id: String,
    time_ns: i64,
    name: &'a str,
    severity: Option<&'a str>,
    /// JSON text; empty for a null body.
    body: String,
    /// JSON text; empty for none.
    attributes: String,
    first_seen: u64,
}

type Key = (String, String, i64, String);

fn key(r: &LogRecord) -> Key {
    (
        r.trace_id.to_hex(),
        r.span_id.to_hex(),
        r.time.as_i64(),
        r.name.clone(),
    )
}

#[derive(Deserialize)]
struct StoredKey(
    String,
    String,
    #[serde(deserialize_with = "de::int")] i64,
    String,
);

/// Stores the records of a batch's jobs that are not stored yet; returns how many records of
/// each job were new.
pub async fn write(
    http: &Http,
    db: &str,
    jobs: &[&[LogRecord]],
    first_seen: u64,
) -> Result<Vec<u64>, StoreError> {
    if jobs.iter().all(|j| j.is_empty()) {
        return Ok(vec![0; jobs.len()]);
    }
    let mut traces: Vec<String> = jobs
        .iter()
        .flat_map(|j| j.iter().map(|r| r.trace_id.to_hex()))
        .collect();
    traces.sort();
    traces.dedup();
    let mut seen: HashSet<Key> = HashSet::new();
    for chunk in traces.chunks(CHUNK) {
        let mut sql = Sql::new("SELECT trace_id, span_id, time_ns, name FROM ");
        let p = sql.bind(chunk);
        sql.push(&format!("{db}.logs WHERE trace_id IN {p}"));
        for StoredKey(t, s, time, name) in http.fetch::<StoredKey>(&sql).await? {
            seen.insert((t, s, time, name));
        }
    }
    let mut body = Vec::new();
    let mut counts = Vec::with_capacity(jobs.len());
    for job in jobs {
        let mut new = 0;
        for r in job.iter() {
            if !seen.insert(key(r)) {
                continue;
            }
            new += 1;
            let row = LogRow {
                trace_id: r.trace_id.to_hex(),
                span_id: r.span_id.to_hex(),
                time_ns: r.time.as_i64(),
                name: &r.name,
                severity: r.severity.as_deref(),
                body: if r.body.is_null() {
                    String::new()
                } else {
                    r.body.to_string()
                },
                attributes: if r.attributes.is_empty() {
                    String::new()
                } else {
                    serde_json::to_string(&r.attributes).expect("attributes serialize to JSON")
                },
                first_seen,
            };
            serde_json::to_writer(&mut body, &row).expect("rows serialize to JSON");
            body.push(b'\n');
        }
        counts.push(new);
    }
    if !body.is_empty() {
        http.insert(
            &format!(
                "INSERT INTO {db}.logs SETTINGS max_partitions_per_insert_block = 0 FORMAT JSONEachRow"
            ),
            body,
        )
        .await?;
    }
    Ok(counts)
}

/// A row of `logs` as read.
#[derive(Deserialize)]
struct StoredLog(
    String,
    #[serde(deserialize_with = "de::int")] i64,
    String,
    Option<String>,
    String,
    String,
);

fn parse_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> Result<T, StoreError> {
    if text.is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(text)
        .map_err(|e| StoreError::Backend(format!("corrupt JSON in the store: {e}")))
}

/// The log records of a trace, in time order (the first stored first among equal times).
pub async fn read(http: &Http, db: &str, id: TraceId) -> Result<Vec<LogRecord>, StoreError> {
    let mut sql = Sql::new("SELECT span_id, time_ns, name, severity, body, attributes FROM ");
    let t = sql.bind(id.to_hex().as_str());
    sql.push(&format!(
        "{db}.logs FINAL WHERE trace_id = {t} ORDER BY time_ns, first_seen DESC"
    ));
    http.fetch::<StoredLog>(&sql)
        .await?
        .into_iter()
        .map(|StoredLog(span, time, name, severity, body, attributes)| {
            Ok(LogRecord {
                trace_id: id,
                span_id: span.parse().map_err(|_| bad("span id", &span))?,
                time: Nanos(time),
                name,
                severity,
                body: parse_json(&body)?,
                attributes: parse_json(&attributes)?,
            })
        })
        .collect()
}

/// Adds records to their spans as events, in time order among the span's own (a span's own
/// event first at equal times). A record whose span has not arrived (yet) is not shown.
pub fn attach(spans: &mut [Span], records: Vec<LogRecord>) {
    let index: HashMap<SpanId, usize> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.span_id, i))
        .collect();
    let mut touched = Vec::new();
    for record in records {
        if let Some(&i) = index.get(&record.span_id) {
            spans[i].events.push(record.to_event());
            touched.push(i);
        }
    }
    touched.sort_unstable();
    touched.dedup();
    for i in touched {
        spans[i].events.sort_by_key(|e| e.time);
    }
}
