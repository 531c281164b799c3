//! Queries, run on read-only connections (WAL lets them proceed while the writer commits).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::dictionary::Dictionaries;
use super::packed;
use crate::model::{
    LogRecord, Nanos, OtelKind, Resource, Scope, Span, SpanId, SpanKind, Status, StatusCode,
    Totals, Trace, TraceId, TraceIdPrefix, TraceSummary,
};
use crate::store::{SpanAttributes, StoreError};

/// How many columns [`summary_from_row`] reads; a query may select more after them.
pub const SUMMARY_WIDTH: usize = 20;

/// Columns [`summary_from_row`] reads, in order.
pub const SUMMARY_COLUMNS: &str = "trace_id, root_span_id, root_name, service, start_ns, end_ns, span_count, error_count,
    input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
    cost_usd, cost_estimated, llm_count, session_id, user_id, agents";

fn count(r: &Row, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, i64>(i)?.max(0) as u64)
}

pub fn summary_from_row(r: &Row) -> rusqlite::Result<TraceSummary> {
    let trace_id: Vec<u8> = r.get(0)?;
    let root: Option<Vec<u8>> = r.get(1)?;
    let start = Nanos(r.get(4)?);
    let agents: Option<String> = r.get(19)?;
    Ok(TraceSummary {
        trace_id: TraceId::from_slice(&trace_id).unwrap_or_default(),
        root_span_id: root.and_then(|b| SpanId::from_slice(&b)),
        root_name: r.get(2)?,
        service: r.get(3)?,
        start_time: start,
        duration_ns: Nanos(r.get(5)?).since(start),
        span_count: count(r, 6)?,
        error_count: count(r, 7)?,
        totals: Totals {
            input_tokens: count(r, 8)?,
            output_tokens: count(r, 9)?,
            total_tokens: count(r, 10)?,
            cache_read_tokens: count(r, 11)?,
            cache_write_tokens: count(r, 12)?,
            reasoning_tokens: count(r, 13)?,
            cost_usd: r.get(14)?,
            cost_estimated: r.get(15)?,
            llm_count: count(r, 16)?,
        },
        session_id: r.get(17)?,
        user_id: r.get(18)?,
        agents: agents
            .and_then(|a| serde_json::from_str(&a).ok())
            .unwrap_or_default(),
    })
}

/// How many candidates an ambiguous prefix reports.
const MAX_CANDIDATES: usize = 5;

pub fn resolve_trace(conn: &Connection, prefix: &TraceIdPrefix) -> Result<TraceId, StoreError> {
    let (low, high) = prefix.bounds();
    let mut stmt = conn.prepare_cached(
        "SELECT trace_id FROM traces WHERE trace_id BETWEEN ?1 AND ?2 AND span_count > 0 ORDER BY trace_id LIMIT ?3",
    )?;
    let found = stmt
        .query_map(
            params![low.as_bytes(), high.as_bytes(), MAX_CANDIDATES as i64],
            |r| r.get::<_, Vec<u8>>(0),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let ids: Vec<TraceId> = found
        .iter()
        .filter_map(|b| TraceId::from_slice(b))
        .collect();
    match ids.as_slice() {
        [] => Err(StoreError::NotFound(prefix.to_string())),
        [one] => Ok(*one),
        _ => Err(StoreError::Ambiguous {
            prefix: prefix.to_string(),
            candidates: ids,
        }),
    }
}

pub fn get_trace(
    conn: &Connection,
    id: TraceId,
    attributes: SpanAttributes,
    dictionaries: &Arc<Dictionaries>,
) -> Result<Trace, StoreError> {
    // The summary columns come first so `summary_from_row` reads them; the key follows.
    let row = conn
        .prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS}, id FROM traces WHERE trace_id = ?1 AND span_count > 0"
        ))?
        .query_row([id.as_bytes()], |r| {
            Ok((r.get::<_, i64>(SUMMARY_WIDTH)?, summary_from_row(r)?))
        })
        .optional()?;
    let Some((key, summary)) = row else {
        return Err(StoreError::NotFound(id.to_hex()));
    };
    let spans = read_spans(conn, key, attributes, dictionaries)?;
    let annotations = super::sessions::read_annotations(conn, key, id)?;
    Ok(Trace {
        annotations,
        trace_id: id,
        summary,
        spans,
    })
}

/// The span columns [`SpanReader::read`] expects, in order, with `$attributes` for the
/// attributes: the span, then its trace's id, session and user (the query joins `spans s`
/// with `traces t`).
macro_rules! span_columns {
    ($attributes:literal) => {
        concat!(
            "s.span_id, s.parent_span_id, s.name, s.kind, s.otel_kind, s.start_ns, s.end_ns,
    s.status_code, s.status_message, s.resource, s.scope, ",
            $attributes,
            ", s.events, s.links, s.model, s.provider,
    s.input_tokens, s.output_tokens, s.total_tokens, s.cache_read_tokens, s.cache_write_tokens,
    s.reasoning_tokens, s.cost_usd, s.cost_source, s.session_id, s.user_id,
    coalesce(s.agent_name, s.agent_inherited), t.trace_id, t.session_id, t.user_id"
        )
    };
}

/// The span columns for a reader of all attributes.
pub const SPAN_COLUMNS: &str = span_columns!("s.attributes");

/// The span columns for [`SpanAttributes::Outline`]: the copy of the attributes it needs
/// (`schema::V3`), or for spans stored before that copy was kept, all of them.
const OUTLINE_SPAN_COLUMNS: &str = span_columns!("coalesce(s.outline, s.attributes)");

/// The span columns a reader of `attributes` selects.
pub fn span_columns(attributes: SpanAttributes) -> &'static str {
    match attributes {
        SpanAttributes::All => SPAN_COLUMNS,
        SpanAttributes::Outline => OUTLINE_SPAN_COLUMNS,
    }
}

/// Turns span rows into spans, sharing each resource and scope between the spans that use it.
pub struct SpanReader {
    /// Which raw attributes the spans get.
    attributes: SpanAttributes,
    /// What the store's packed columns are decompressed with.
    dictionaries: Arc<Dictionaries>,
    resources: HashMap<i64, Arc<Resource>>,
    scopes: HashMap<i64, Arc<Scope>>,
}

impl SpanReader {
    /// A reader whose spans get the raw attributes `attributes` asks for.
    pub fn new(attributes: SpanAttributes, dictionaries: Arc<Dictionaries>) -> SpanReader {
        SpanReader {
            attributes,
            dictionaries,
            resources: HashMap::new(),
            scopes: HashMap::new(),
        }
    }

    /// A span from a row of [`SPAN_COLUMNS`]. Session and user fall back to the trace's.
    pub fn read(&mut self, conn: &Connection, r: &Row) -> Result<Span, StoreError> {
        let resource_id: i64 = r.get(9)?;
        let scope_id: i64 = r.get(10)?;
        let resource = match self.resources.get(&resource_id) {
            Some(res) => Arc::clone(res),
            None => {
                let res = Arc::new(read_resource(conn, resource_id)?);
                self.resources.insert(resource_id, Arc::clone(&res));
                res
            }
        };
        let scope = match self.scopes.get(&scope_id) {
            Some(s) => Arc::clone(s),
            None => {
                let s = Arc::new(read_scope(conn, scope_id)?);
                self.scopes.insert(scope_id, Arc::clone(&s));
                s
            }
        };
        let events = text(r, 12, &self.dictionaries)?;
        let links = text(r, 13, &self.dictionaries)?;
        let tokens = |i: usize| -> rusqlite::Result<Option<u64>> {
            Ok(r.get::<_, Option<i64>>(i)?.map(|n| n.max(0) as u64))
        };
        // The trace's value is read only when the span has none of its own.
        let own_or_trace = |own: usize, trace: usize| -> rusqlite::Result<Option<String>> {
            match r.get(own)? {
                Some(value) => Ok(Some(value)),
                None => r.get(trace),
            }
        };
        Ok(Span {
            trace_id: blob(r, 27)?
                .and_then(TraceId::from_slice)
                .unwrap_or_default(),
            span_id: blob(r, 0)?.and_then(SpanId::from_slice).unwrap_or_default(),
            parent_span_id: blob(r, 1)?.and_then(SpanId::from_slice),
            name: r.get(2)?,
            kind: SpanKind::from_code(r.get(3)?),
            otel_kind: OtelKind::from_code(r.get(4)?),
            start_time: Nanos(r.get(5)?),
            end_time: Nanos(r.get(6)?),
            status: Status {
                code: StatusCode::from_code(r.get(7)?),
                message: r.get(8)?,
            },
            attributes: self
                .attributes
                .parse_json(text(r, 11, &self.dictionaries)?.as_deref().unwrap_or("{}"))
                .map_err(corrupt)?,
            events: events
                .as_deref()
                .map(parse_json)
                .transpose()?
                .unwrap_or_default(),
            links: links
                .as_deref()
                .map(parse_json)
                .transpose()?
                .unwrap_or_default(),
            resource,
            scope,
            model: r.get(14)?,
            provider: r.get(15)?,
            input_tokens: tokens(16)?,
            output_tokens: tokens(17)?,
            total_tokens: tokens(18)?,
            cache_read_tokens: tokens(19)?,
            cache_write_tokens: tokens(20)?,
            reasoning_tokens: tokens(21)?,
            cost_usd: r.get(22)?,
            cost_source: super::cost_source_from(r.get(23)?),
            session_id: own_or_trace(24, 28)?,
            user_id: own_or_trace(25, 29)?,
            agent_name: r.get(26)?,
            // Filled when the trace is read (`semconv::complete`, `Trace::fill_subtrees`).
            // Named rather than `..Span::default()`, which would allocate a resource and a
            // scope per span only to drop them.
            tool: None,
            error: None,
            input: None,
            output: None,
            sources: BTreeMap::new(),
            subtree: None,
        })
    }
}

/// The spans of a trace in start order.
///
/// They are read in `spans_by_trace` order and sorted here: an `ORDER BY start_ns` would make
/// SQLite copy every whole row, attributes and all, through its sorter (a 10k-span agent trace
/// is ~10 MB of them). Spans are large structs, so they are sorted by a cached key, which
/// sorts (key, index) pairs and then moves each span at most once.
fn read_spans(
    conn: &Connection,
    key: i64,
    attributes: SpanAttributes,
    dictionaries: &Arc<Dictionaries>,
) -> Result<Vec<Span>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM spans s JOIN traces t ON t.id = s.trace WHERE s.trace = ?1",
        span_columns(attributes)
    ))?;
    let mut rows = stmt.query([key])?;
    let mut reader = SpanReader::new(attributes, Arc::clone(dictionaries));
    let mut spans = Vec::new();
    while let Some(r) = rows.next()? {
        spans.push(reader.read(conn, r)?);
    }
    spans.sort_by_cached_key(|s| (s.start_time, s.span_id));
    attach_logs(conn, key, &mut spans, dictionaries)?;
    Ok(spans)
}

/// Adds the trace's log records to their spans as events, in time order among the span's own.
fn attach_logs(
    conn: &Connection,
    key: i64,
    spans: &mut [Span],
    dictionaries: &Dictionaries,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT span_id, time_ns, name, severity, body, attributes FROM logs WHERE trace = ?1 ORDER BY time_ns, id",
    )?;
    let mut rows = stmt.query([key])?;
    let index: HashMap<SpanId, usize> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.span_id, i))
        .collect();
    let mut touched = Vec::new();
    while let Some(r) = rows.next()? {
        let span_id: Vec<u8> = r.get(0)?;
        let Some(&i) = SpanId::from_slice(&span_id).and_then(|id| index.get(&id)) else {
            // Its span has not arrived (yet): nowhere to show it.
            continue;
        };
        let body = text(r, 4, dictionaries)?;
        let attributes = text(r, 5, dictionaries)?;
        let record = LogRecord {
            trace_id: spans[i].trace_id,
            span_id: spans[i].span_id,
            time: Nanos(r.get(1)?),
            name: r.get(2)?,
            severity: r.get(3)?,
            body: body
                .map(|b| parse_json(&b))
                .transpose()?
                .unwrap_or_default(),
            attributes: attributes
                .map(|a| parse_json(&a))
                .transpose()?
                .unwrap_or_default(),
        };
        spans[i].events.push(record.to_event());
        touched.push(i);
    }
    touched.sort_unstable();
    touched.dedup();
    for i in touched {
        spans[i].events.sort_by_key(|e| e.time);
    }
    Ok(())
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(corrupt)
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Backend(format!("corrupt JSON in the store: {e}"))
}

/// A JSON column, borrowed from the row rather than copied when it is stored as text (span
/// attributes run to kilobytes), decompressed when it is packed (`super::packed`).
fn text<'r>(
    r: &'r Row,
    i: usize,
    dictionaries: &Dictionaries,
) -> Result<Option<Cow<'r, str>>, StoreError> {
    packed::text(r.get_ref(i)?, dictionaries)
        .map_err(|e| StoreError::Backend(format!("column {i} of a row: {e}")))
}

/// A blob column (an id), borrowed from the row rather than copied into a `Vec`.
fn blob<'r>(r: &'r Row, i: usize) -> Result<Option<&'r [u8]>, StoreError> {
    r.get_ref(i)?
        .as_blob_or_null()
        .map_err(|e| StoreError::Backend(format!("column {i} of a span row: {e}")))
}

fn read_resource(conn: &Connection, id: i64) -> Result<Resource, StoreError> {
    let text: String = conn
        .prepare_cached("SELECT attributes FROM resources WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(Resource {
        attributes: parse_json(&text)?,
    })
}

fn read_scope(conn: &Connection, id: i64) -> Result<Scope, StoreError> {
    let text: String = conn
        .prepare_cached("SELECT body FROM scopes WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    parse_json(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_lists_match_their_readers() {
        assert_eq!(SUMMARY_COLUMNS.split(',').count(), SUMMARY_WIDTH);
        // SpanReader reads indices 0..=29; each coalesce(a, b) holds one extra comma.
        assert_eq!(SPAN_COLUMNS.split(',').count(), 30 + 1);
        assert_eq!(OUTLINE_SPAN_COLUMNS.split(',').count(), 30 + 2);
    }
}
