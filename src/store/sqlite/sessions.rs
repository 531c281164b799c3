//! Sessions (traces grouped by session id) and annotations.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::filter::trace_where;
use super::read::{SUMMARY_COLUMNS, summary_from_row};
use crate::model::{
    Annotation, AnnotationSource, Nanos, Session, SessionCursor, SessionPage, SessionQuery,
    SessionSummary, SpanId, TraceId, next_page,
};
use crate::store::StoreError;

/// The annotations of the trace with key `trace`, oldest first.
pub fn read_annotations(
    conn: &Connection,
    trace: i64,
    trace_id: TraceId,
) -> Result<Vec<Annotation>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT span_id, label, score, note, source, time_ns FROM annotations WHERE trace = ?1 ORDER BY time_ns, id",
    )?;
    let rows = stmt
        .query_map([trace], |r| {
            let span: Option<Vec<u8>> = r.get(0)?;
            Ok(Annotation {
                trace_id,
                span_id: span.and_then(|s| SpanId::from_slice(&s)),
                label: r.get(1)?,
                score: r.get(2)?,
                note: r.get(3)?,
                source: AnnotationSource::from_code(r.get(4)?),
                time: Nanos(r.get(5)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Adds an annotation to a stored trace (and span, when it names one that exists).
pub fn add_annotation(conn: &mut Connection, a: &Annotation) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let key: Option<i64> = tx
        .prepare_cached("SELECT id FROM traces WHERE trace_id = ?1 AND span_count > 0")?
        .query_row([a.trace_id.as_bytes()], |r| r.get(0))
        .optional()?;
    let key = key.ok_or_else(|| StoreError::NotFound(a.trace_id.to_hex()))?;
    if let Some(span) = a.span_id {
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM spans WHERE trace = ?1 AND span_id = ?2")?
            .query_row(params![key, span.as_bytes()], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!(
                "{} with span {span}",
                a.trace_id
            )));
        }
    }
    super::writer::insert_annotation(&tx, key, a)?;
    tx.commit()?;
    Ok(())
}

/// Sessions with a trace matching the filter, most recently active first. Each row is summed
/// over all of the session's traces by the same code as `get_session`, so the two agree.
pub fn list_sessions(conn: &Connection, q: &SessionQuery) -> Result<SessionPage, StoreError> {
    let limit = q.page_size();
    let matched = trace_where(&q.filter);
    let mut params = matched.params;
    let mut having = String::new();
    if let Some(c) = &q.cursor {
        having = "HAVING (max(t.start_ns), t.session_id) < (?, ?)".into();
        params.push(Value::Integer(c.last_time.0));
        params.push(Value::Text(c.session_id.clone()));
    }
    let text = format!(
        "SELECT t.session_id FROM traces t
         WHERE t.span_count > 0 AND t.session_id IN (
             SELECT t.session_id FROM traces t WHERE {} AND t.session_id IS NOT NULL)
         GROUP BY t.session_id {having}
         ORDER BY max(t.start_ns) DESC, t.session_id DESC
         LIMIT {}",
        matched.text,
        limit + 1
    );
    let ids: Vec<String> = conn
        .prepare_cached(&text)?
        .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut sessions = ids
        .iter()
        .map(|id| get_session(conn, id).map(|s| s.session))
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = next_page(&mut sessions, limit, SessionCursor::after);
    Ok(SessionPage {
        sessions,
        next_cursor,
    })
}

pub fn get_session(conn: &Connection, id: &str) -> Result<Session, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM traces t WHERE t.session_id = ?1 AND t.span_count > 0
         ORDER BY t.start_ns, t.trace_id"
    ))?;
    let traces = stmt
        .query_map([id], summary_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let session = SessionSummary::from_traces(id, &traces)
        .ok_or_else(|| StoreError::NoSuchSession(id.to_string()))?;
    Ok(Session { session, traces })
}
