//! Annotations: added through the API, or read out of span events and attributes at ingest
//! (`model::annotation::from_span`).
//!
//! Feedback inside a span must be stored once however often the span is sent, as SQLite stores
//! it only when it inserts the span. A ClickHouse writer cannot know that as cheaply: two
//! servers may store the same span at once, and a batch that failed after its span insert
//! leaves spans whose retry looks like a re-send. So every batch writes the feedback of every
//! span it carries, under a key made of the span id and the annotation's position in the span
//! (`annotations` is a ReplacingMergeTree on `(trace_id, key)`): copies of a span give the same
//! rows, which collapse, and the first copy's wins (`first_seen` falls with time, as in
//! `spans`). Reads use `FINAL`; the `annotation` filter only asks whether a label exists, which
//! duplicates do not change. API annotations get a key of their own (time and a random tag).
//!
//! What this cannot make equal to SQLite: a span re-sent with *more* feedback events than its
//! first copy adds the extra ones. Spans are immutable once ended, so real SDKs do not do that.

use std::hash::{BuildHasher, Hasher};

use serde::{Deserialize, Serialize};

use super::de;
use super::facts::bad;
use super::http::Http;
use super::rows::enum_name;
use super::sql::Sql;
use crate::model::{Annotation, AnnotationSource, Nanos, Span, TraceId, annotation};
use crate::store::StoreError;

/// A row of `annotations` as inserted.
#[derive(Serialize)]
struct AnnotationRow<'a> {
    trace_id: String,
    key: String,
    span_id: String,
    label: &'a str,
    score: Option<f64>,
    note: Option<&'a str>,
    source: AnnotationSource,
    time_ns: i64,
    first_seen: u64,
}

fn write_row(out: &mut Vec<u8>, a: &Annotation, key: String, first_seen: u64) {
    let row = AnnotationRow {
        trace_id: a.trace_id.to_hex(),
        key,
        span_id: a.span_id.map(|s| s.to_hex()).unwrap_or_default(),
        label: &a.label,
        score: a.score,
        note: a.note.as_deref(),
        source: a.source,
        time_ns: a.time.as_i64(),
        first_seen,
    };
    serde_json::to_writer(&mut *out, &row).expect("rows serialize to JSON");
    out.push(b'\n');
}

/// Appends the feedback each span carries as JSONEachRow lines (see the module doc for why
/// every copy of a span writes them). `first_seen` is the batch's, as on its span rows.
pub fn from_spans<'a>(
    out: &mut Vec<u8>,
    spans: impl IntoIterator<Item = &'a Span>,
    first_seen: u64,
) {
    for span in spans {
        for (i, a) in annotation::from_span(span).iter().enumerate() {
            write_row(
                out,
                a,
                format!("span-{}-{i:04}", span.span_id.to_hex()),
                first_seen,
            );
        }
    }
}

pub async fn insert(http: &Http, db: &str, rows: Vec<u8>) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    http.insert(
        &format!("INSERT INTO {db}.annotations FORMAT JSONEachRow"),
        rows,
    )
    .await
}

#[derive(Deserialize)]
struct Found(
    #[serde(deserialize_with = "de::int")] u64,
    #[serde(deserialize_with = "de::int")] u64,
);

/// Adds an annotation to a stored trace, and span when it names one; `NotFound` otherwise.
pub async fn add(http: &Http, db: &str, a: &Annotation) -> Result<(), StoreError> {
    let trace = a.trace_id.to_hex();
    let span = a.span_id.map(|s| s.to_hex()).unwrap_or_default();
    let mut sql = Sql::new("SELECT count(), countIf(span_id = ");
    let s = sql.bind(span.as_str());
    let t = sql.bind(trace.as_str());
    sql.push(&format!(
        "{s}) FROM {db}.spans WHERE trace_id = {t} \
         AND start_ns >= (SELECT min(first_start) FROM {db}.trace_windows WHERE trace_id = {t}) \
         AND start_ns <= (SELECT max(last_start) FROM {db}.trace_windows WHERE trace_id = {t})"
    ));
    let found = http
        .fetch::<Found>(&sql)
        .await?
        .pop()
        .unwrap_or(Found(0, 0));
    if found.0 == 0 {
        return Err(StoreError::NotFound(trace));
    }
    if let Some(span) = a.span_id
        && found.1 == 0
    {
        return Err(StoreError::NotFound(format!(
            "{} with span {span}",
            a.trace_id
        )));
    }
    let now = Nanos::from_timestamp(jiff::Timestamp::now()).as_i64();
    let now = u64::try_from(now).unwrap_or_default();
    let mut tag = std::collections::hash_map::RandomState::new().build_hasher();
    tag.write_u64(now);
    let mut row = Vec::new();
    write_row(
        &mut row,
        a,
        format!("api-{now:020}-{:016x}", tag.finish()),
        u64::MAX - now,
    );
    insert(http, db, row).await
}

/// A row of `annotations` as read.
#[derive(Deserialize)]
struct StoredAnnotation(
    String,
    String,
    Option<f64>,
    Option<String>,
    String,
    #[serde(deserialize_with = "de::int")] i64,
);

/// The annotations of a trace, oldest first.
pub async fn read(http: &Http, db: &str, id: TraceId) -> Result<Vec<Annotation>, StoreError> {
    let mut sql = Sql::new("SELECT span_id, label, score, note, source, time_ns FROM ");
    let t = sql.bind(id.to_hex().as_str());
    sql.push(&format!(
        "{db}.annotations FINAL WHERE trace_id = {t} ORDER BY time_ns, key"
    ));
    http.fetch::<StoredAnnotation>(&sql)
        .await?
        .into_iter()
        .map(|StoredAnnotation(span, label, score, note, source, time)| {
            Ok(Annotation {
                trace_id: id,
                span_id: match span.as_str() {
                    "" => None,
                    s => Some(s.parse().map_err(|_| bad("span id", s))?),
                },
                label,
                score,
                note,
                source: enum_name(&source),
                time: Nanos(time),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, test_span};

    #[test]
    fn copies_of_a_span_give_the_same_keys() {
        let mut s = test_span(1, 2, None, "chat", 0, 10);
        for label in ["up", "helpful"] {
            s.events.push(Event {
                time: Nanos(5),
                name: "feedback".into(),
                attributes: serde_json::json!({ "label": label })
                    .as_object()
                    .unwrap()
                    .clone(),
            });
        }
        let keys = |first_seen| {
            let mut out = Vec::new();
            from_spans(&mut out, [&s], first_seen);
            serde_json::Deserializer::from_slice(&out)
                .into_iter::<serde_json::Value>()
                .map(|r| {
                    let r = r.unwrap();
                    (r["key"].as_str().unwrap().to_string(), r["source"].clone())
                })
                .collect::<Vec<_>>()
        };
        let first = keys(9);
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].0, "span-0202020202020202-0000");
        assert_eq!(first[0].1, "span");
        assert_eq!(keys(3), first);
    }
}
