//! Queries: trace and span lists, facets, prefix resolution and whole traces.
//!
//! Lists are keyset-paginated exactly like the SQLite store: ordered by the sort key, ties broken
//! on trace id (traces) or span id (spans) in the same direction, one row past the page telling
//! whether another page exists, and unknown costs sorting as -1.

use std::collections::{BTreeMap, HashMap};

use super::de;
use super::filter::{self, agent_expr};
use super::http::Http;
use super::rows::{SpanReader, StoredSpan, span_select};
use super::sql::Sql;
use super::summary::{StoredSummary, summary_select};
use super::{annotations, logs};
use crate::model::{
    Cursor, FacetCount, Facets, Filter, Order, SortKey, Span, SpanFacts, SpanPage, SpanQuery,
    Trace, TraceId, TraceIdPrefix, TracePage, TraceQuery, analyze, next_page,
};
use crate::store::{SpanAttributes, StoreError};

/// Values per facet field.
const FACET_VALUES: usize = 20;
/// How many candidates an ambiguous prefix reports.
const MAX_CANDIDATES: usize = 5;

fn trace_sort_key(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Start => "t.start_ns",
        SortKey::Duration => "(t.end_ns - t.start_ns)",
        SortKey::Tokens => "toInt64(t.total_tokens)",
        SortKey::Cost => "coalesce(t.cost_usd, -1.)",
        SortKey::Errors => "toInt64(t.error_count)",
    }
}

fn span_sort_key(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Start => "s.start_ns",
        SortKey::Duration => "(s.end_ns - s.start_ns)",
        SortKey::Tokens => {
            "toInt64(coalesce(s.total_tokens, coalesce(s.input_tokens, 0) + coalesce(s.output_tokens, 0)))"
        }
        SortKey::Cost => "coalesce(s.cost_usd, -1.)",
        SortKey::Errors => "toInt64(s.status_code = 'error')",
    }
}

/// `DESC`/`ASC` and the tuple comparison that continues after a cursor in that direction.
fn direction(order: Order) -> (&'static str, &'static str) {
    match order {
        Order::Desc => ("DESC", "<"),
        Order::Asc => ("ASC", ">"),
    }
}

fn bind_key(sql: &mut Sql, sort: SortKey, cursor: &Cursor) -> String {
    match sort {
        SortKey::Cost => sql.bind(&cursor.cost()),
        _ => sql.bind(&cursor.key),
    }
}

pub async fn list_traces(http: &Http, db: &str, q: &TraceQuery) -> Result<TracePage, StoreError> {
    let limit = q.page_size();
    let mut sql = Sql::new(format!(
        "SELECT {} FROM {db}.trace_summaries AS t FINAL WHERE ",
        summary_select("t")
    ));
    filter::trace_where(&mut sql, db, &q.filter);
    let key = trace_sort_key(q.sort);
    let (dir, after) = direction(q.order);
    if let Some(c) = &q.cursor {
        let k = bind_key(&mut sql, q.sort, c);
        let id = sql.bind(c.trace_id.to_hex().as_str());
        sql.and(&format!("({key}, t.trace_id) {after} ({k}, {id})"));
    }
    sql.push(&format!(
        " ORDER BY {key} {dir}, t.trace_id {dir} LIMIT {}",
        limit + 1
    ));
    let mut traces = http
        .fetch::<StoredSummary>(&sql)
        .await?
        .into_iter()
        .map(StoredSummary::into_summary)
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = next_page(&mut traces, limit, |t| Cursor::after_trace(q.sort, t));
    Ok(TracePage {
        traces,
        next_cursor,
    })
}

pub async fn list_spans(http: &Http, db: &str, q: &SpanQuery) -> Result<SpanPage, StoreError> {
    let limit = q.page_size();
    let mut sql = Sql::new(format!("SELECT {}", span_select("s")));
    let join = filter::needs_summary(&q.filter);
    filter::span_from_where(&mut sql, db, &q.filter, q.scope, q.trace_id.as_ref(), join);
    let key = span_sort_key(q.sort);
    let (dir, after) = direction(q.order);
    if let Some(c) = &q.cursor {
        let k = bind_key(&mut sql, q.sort, c);
        let span = c.span_id.map(|s| s.to_hex()).unwrap_or_default();
        let id = sql.bind(span.as_str());
        sql.and(&format!("({key}, s.span_id) {after} ({k}, {id})"));
    }
    sql.push(&format!(
        " ORDER BY {key} {dir}, s.span_id {dir} LIMIT {}",
        limit + 1
    ));
    let rows: Vec<StoredSpan> = http.fetch(&sql).await?;
    let mut reader = SpanReader::default();
    let mut spans = rows
        .into_iter()
        .map(|r| reader.read(r))
        .collect::<Result<Vec<_>, _>>()?;
    inherit(http, db, &mut spans).await?;
    let next_cursor = next_page(&mut spans, limit, |s| Cursor::after_span(q.sort, s));
    Ok(SpanPage { spans, next_cursor })
}

/// Gives spans the session and user of their trace, and the agent of their nearest agent
/// ancestor, where they have none of their own.
async fn inherit(http: &Http, db: &str, spans: &mut [Span]) -> Result<(), StoreError> {
    let mut ids: Vec<String> = spans.iter().map(|s| s.trace_id.to_hex()).collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("SELECT trace_id, session_id, user_id, inherited_agents FROM ");
    let p = sql.bind(ids.as_slice());
    sql.push(&format!(
        "{db}.trace_summaries FINAL WHERE deleted = 0 AND trace_id IN {p}"
    ));
    type Inherited = (
        String,
        Option<String>,
        Option<String>,
        BTreeMap<String, String>,
    );
    let rows: Vec<Inherited> = http.fetch(&sql).await?;
    let by_trace: HashMap<String, Inherited> = rows.into_iter().map(|r| (r.0.clone(), r)).collect();
    for span in spans {
        let Some((_, session, user, agents)) = by_trace.get(&span.trace_id.to_hex()) else {
            continue;
        };
        span.session_id = span.session_id.take().or_else(|| session.clone());
        span.user_id = span.user_id.take().or_else(|| user.clone());
        if span.agent_name.is_none() {
            span.agent_name = agents.get(&span.span_id.to_hex()).cloned();
        }
    }
    Ok(())
}

/// Rows of `(value or NULL, count)`.
type CountRow = (Option<String>, CountValue);

#[derive(serde::Deserialize)]
struct CountValue(#[serde(deserialize_with = "de::int")] u64);

async fn counts(http: &Http, sql: &Sql) -> Result<Vec<FacetCount>, StoreError> {
    let rows: Vec<CountRow> = http.fetch(sql).await?;
    Ok(rows
        .into_iter()
        .map(|(v, n)| FacetCount {
            value: v.unwrap_or_else(|| "(none)".into()),
            count: n.0,
        })
        .collect())
}

async fn total(http: &Http, sql: &Sql) -> Result<u64, StoreError> {
    let rows: Vec<(CountValue,)> = http.fetch(sql).await?;
    Ok(rows.first().map_or(0, |r| r.0.0))
}

fn known(counts: Vec<FacetCount>) -> Vec<FacetCount> {
    counts.into_iter().filter(|c| c.value != "(none)").collect()
}

const RANKED: &str = "GROUP BY v ORDER BY n DESC, v ASC NULLS FIRST";

/// Counts per value over the traces that match `f`: each trace once per value it has.
pub async fn trace_facets(http: &Http, db: &str, f: &Filter) -> Result<Facets, StoreError> {
    let matching = |select: &str| {
        let mut sql = Sql::new(format!(
            "SELECT {select} FROM {db}.trace_summaries AS t FINAL WHERE "
        ));
        filter::trace_where(&mut sql, db, f);
        sql
    };
    let per_span = |expr: &str| {
        let mut sql = Sql::new(format!(
            "SELECT {expr} AS v, uniqExact(s.trace_id) AS n FROM {db}.spans AS s INNER JOIN ("
        ));
        let inner = matching("t.trace_id, t.inherited_agents");
        sql.params = inner.params;
        sql.push(&inner.text);
        sql.push(") AS t ON t.trace_id = s.trace_id");
        if let Some(from) = f.from {
            // A trace's spans start no earlier than the trace.
            let p = sql.bind(&from.0);
            sql.push(&format!(" WHERE s.start_ns >= {p}"));
        }
        sql.push(&format!(" {RANKED} LIMIT {FACET_VALUES}"));
        sql
    };
    let mut status = matching("if(t.error_count > 0, 'error', 'ok') AS v, count() AS n");
    status.push(&format!(" {RANKED}"));
    Ok(Facets {
        total: total(http, &matching("count()")).await?,
        service: counts(http, &per_span("s.service")).await?,
        kind: counts(http, &per_span("s.kind")).await?,
        model: known(counts(http, &per_span("s.model")).await?),
        agent: known(counts(http, &per_span(&agent_expr("t"))).await?),
        status: counts(http, &status).await?,
    })
}

/// Counts per value over the spans that match `q`'s filter, trace and scope.
pub async fn span_facets(http: &Http, db: &str, q: &SpanQuery) -> Result<Facets, StoreError> {
    let query = |select: &str, join: bool, rank: bool| {
        let mut sql = Sql::new(format!("SELECT {select}"));
        let join = join || filter::needs_summary(&q.filter);
        filter::span_from_where(&mut sql, db, &q.filter, q.scope, q.trace_id.as_ref(), join);
        if rank {
            sql.push(&format!(" {RANKED} LIMIT {FACET_VALUES}"));
        }
        sql
    };
    let group = |expr: &str, join: bool| query(&format!("{expr} AS v, count() AS n"), join, true);
    Ok(Facets {
        total: total(http, &query("count()", false, false)).await?,
        service: counts(http, &group("s.service", false)).await?,
        kind: counts(http, &group("s.kind", false)).await?,
        model: known(counts(http, &group("s.model", false)).await?),
        agent: known(counts(http, &group(&agent_expr("t"), true)).await?),
        status: counts(
            http,
            &group("if(s.status_code = 'error', 'error', 'ok')", false),
        )
        .await?,
    })
}

pub async fn resolve_trace(
    http: &Http,
    db: &str,
    prefix: &TraceIdPrefix,
) -> Result<TraceId, StoreError> {
    let (low, high) = prefix.bounds();
    let mut sql = Sql::new("SELECT DISTINCT trace_id FROM ");
    let lo = sql.bind(low.to_hex().as_str());
    let hi = sql.bind(high.to_hex().as_str());
    sql.push(&format!(
        "{db}.trace_windows WHERE trace_id BETWEEN {lo} AND {hi} ORDER BY trace_id LIMIT {MAX_CANDIDATES}"
    ));
    let rows: Vec<(String,)> = http.fetch(&sql).await?;
    let ids: Vec<TraceId> = rows.iter().filter_map(|(id,)| id.parse().ok()).collect();
    match ids.as_slice() {
        [] => Err(StoreError::NotFound(prefix.to_string())),
        [one] => Ok(*one),
        _ => Err(StoreError::Ambiguous {
            prefix: prefix.to_string(),
            candidates: ids,
        }),
    }
}

/// A whole trace, with its annotations and its log records attached to their spans. Its
/// summary is computed from the spans read, so it always describes exactly them (and equals the
/// stored summary once the writer has refreshed it).
pub async fn get_trace(
    http: &Http,
    db: &str,
    id: TraceId,
    attributes: SpanAttributes,
) -> Result<Trace, StoreError> {
    let mut sql = Sql::new(format!(
        "SELECT {} FROM {db}.spans AS s FINAL",
        span_select("s")
    ));
    let p = sql.bind(id.to_hex().as_str());
    // The trace's window (from `trace_windows`) bounds the partitions and hours read.
    sql.push(&format!(
        " WHERE s.trace_id = {p} \
         AND s.start_ns >= (SELECT min(first_start) FROM {db}.trace_windows WHERE trace_id = {p}) \
         AND s.start_ns <= (SELECT max(last_start) FROM {db}.trace_windows WHERE trace_id = {p}) \
         ORDER BY s.start_ns, s.span_id"
    ));
    let (rows, annotations, records) = tokio::try_join!(
        http.fetch::<StoredSpan>(&sql),
        annotations::read(http, db, id),
        logs::read(http, db, id),
    )?;
    let mut reader = SpanReader::new(attributes);
    let mut spans = rows
        .into_iter()
        .map(|r| reader.read(r))
        .collect::<Result<Vec<_>, _>>()?;
    let facts: Vec<SpanFacts> = spans.iter().map(SpanFacts::from).collect();
    let Some(analysis) = analyze(id, &facts) else {
        return Err(StoreError::NotFound(id.to_hex()));
    };
    let summary = analysis.summary;
    for (span, agent) in spans.iter_mut().zip(analysis.agents) {
        span.agent_name = agent;
        span.session_id = span
            .session_id
            .take()
            .or_else(|| summary.session_id.clone());
        span.user_id = span.user_id.take().or_else(|| summary.user_id.clone());
    }
    logs::attach(&mut spans, records);
    Ok(Trace {
        trace_id: id,
        summary,
        spans,
        annotations,
    })
}
