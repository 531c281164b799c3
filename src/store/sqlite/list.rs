//! Lists and facets: filtered, sorted, keyset-paginated queries.

use std::sync::Arc;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::dictionary::Dictionaries;
use super::filter::{
    Sql, direction, key_value, span_sort_key, span_where, trace_sort_key, trace_where,
};
use super::read::{SPAN_COLUMNS, SUMMARY_COLUMNS, SpanReader, summary_from_row};
use crate::model::{
    Cursor, FacetCount, Facets, Filter, SpanPage, SpanQuery, Totals, TracePage, TraceQuery,
    UsageBy, UsageGroup, UsageQuery, UsageReport, next_page,
};
use crate::store::{SpanAttributes, StoreError};

/// Values per facet field.
const FACET_VALUES: usize = 20;

pub fn list_traces(conn: &Connection, q: &TraceQuery) -> Result<TracePage, StoreError> {
    let limit = q.page_size();
    let mut sql = trace_where(&q.filter);
    let key = trace_sort_key(q.sort);
    let (dir, after) = direction(q.order);
    if let Some(c) = &q.cursor {
        sql.text
            .push_str(&format!(" AND ({key}, t.trace_id) {after} (?, ?)"));
        sql.params.push(key_value(q.sort, c));
        sql.params.push(Value::Blob(c.trace_id.as_bytes().to_vec()));
    }
    // One row past the page tells whether another page exists.
    let text = format!(
        "SELECT {SUMMARY_COLUMNS} FROM traces t WHERE {} ORDER BY {key} {dir}, t.trace_id {dir} LIMIT {}",
        sql.text,
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&text)?;
    let mut traces = stmt
        .query_map(rusqlite::params_from_iter(sql.params), summary_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = next_page(&mut traces, limit, |t| Cursor::after_trace(q.sort, t));
    Ok(TracePage {
        traces,
        next_cursor,
    })
}

/// The FROM clause every span query uses.
const SPAN_FROM: &str =
    "spans s JOIN traces t ON t.id = s.trace JOIN resources r ON r.id = s.resource";

fn span_filter(q: &SpanQuery) -> Sql {
    let mut sql = span_where(&q.filter, q.scope);
    if let Some(prefix) = &q.trace_id {
        let (low, high) = prefix.bounds();
        sql.text.push_str(" AND t.trace_id BETWEEN ? AND ?");
        sql.params.push(Value::Blob(low.as_bytes().to_vec()));
        sql.params.push(Value::Blob(high.as_bytes().to_vec()));
    }
    sql
}

pub fn list_spans(
    conn: &Connection,
    q: &SpanQuery,
    dictionaries: &Arc<Dictionaries>,
) -> Result<SpanPage, StoreError> {
    let limit = q.page_size();
    let mut sql = span_filter(q);
    let key = span_sort_key(q.sort);
    let (dir, after) = direction(q.order);
    if let Some(c) = &q.cursor {
        let span = c.span_id.map(|s| s.as_bytes().to_vec()).unwrap_or_default();
        sql.text
            .push_str(&format!(" AND ({key}, s.span_id) {after} (?, ?)"));
        sql.params.push(key_value(q.sort, c));
        sql.params.push(Value::Blob(span));
    }
    let text = format!(
        "SELECT {SPAN_COLUMNS} FROM {SPAN_FROM} WHERE {} ORDER BY {key} {dir}, s.span_id {dir} LIMIT {}",
        sql.text,
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&text)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(sql.params))?;
    let mut reader = SpanReader::new(SpanAttributes::All, Arc::clone(dictionaries));
    let mut spans = Vec::new();
    while let Some(r) = rows.next()? {
        spans.push(reader.read(conn, r)?);
    }
    let next_cursor = next_page(&mut spans, limit, |s| Cursor::after_span(q.sort, s));
    Ok(SpanPage { spans, next_cursor })
}

fn counts(conn: &Connection, text: &str, params: &[Value]) -> Result<Vec<FacetCount>, StoreError> {
    let mut stmt = conn.prepare_cached(text)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params), |r| {
            Ok(FacetCount {
                value: r
                    .get::<_, Option<String>>(0)?
                    .unwrap_or_else(|| "(none)".into()),
                count: r.get::<_, i64>(1)?.max(0) as u64,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The name of a kind code, in SQL.
fn kind_name_sql() -> String {
    let arms: Vec<String> = crate::model::SpanKind::ALL
        .iter()
        .map(|k| format!("WHEN {} THEN '{}'", k.code(), k.as_str()))
        .collect();
    format!("CASE s.kind {} END", arms.join(" "))
}

/// Counts per value over the traces that match `filter`: each trace once per value it has.
pub fn trace_facets(conn: &Connection, filter: &Filter) -> Result<Facets, StoreError> {
    let sql = trace_where(filter);
    let matching = format!("SELECT t.id FROM traces t WHERE {}", sql.text);
    let per_span = |expr: &str| {
        format!(
            "SELECT {expr} AS v, count(DISTINCT s.trace) AS n FROM spans s JOIN resources r ON r.id = s.resource
             WHERE s.trace IN ({matching}) GROUP BY v ORDER BY n DESC, v LIMIT {FACET_VALUES}"
        )
    };
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM ({matching})"))?
        .query_row(rusqlite::params_from_iter(&sql.params), |r| r.get(0))?;
    Ok(Facets {
        total: total.max(0) as u64,
        service: counts(conn, &per_span("r.service"), &sql.params)?,
        kind: counts(conn, &per_span(&kind_name_sql()), &sql.params)?,
        model: counts(conn, &per_span("s.model"), &sql.params)?
            .into_iter()
            .filter(|c| c.value != "(none)")
            .collect(),
        agent: counts(
            conn,
            &per_span("coalesce(s.agent_name, s.agent_inherited)"),
            &sql.params,
        )?
        .into_iter()
        .filter(|c| c.value != "(none)")
        .collect(),
        status: counts(
            conn,
            &format!(
                "SELECT CASE WHEN t.error_count > 0 THEN 'error' ELSE 'ok' END AS v, count(*) AS n
                 FROM traces t WHERE {} GROUP BY v ORDER BY n DESC, v",
                sql.text
            ),
            &sql.params,
        )?,
    })
}

/// Counts per value over the spans that match `q`'s filter, trace and scope.
pub fn span_facets(conn: &Connection, q: &SpanQuery) -> Result<Facets, StoreError> {
    let sql = span_filter(q);
    let group = |expr: &str| {
        format!(
            "SELECT {expr} AS v, count(*) AS n FROM {SPAN_FROM} WHERE {} GROUP BY v ORDER BY n DESC, v LIMIT {FACET_VALUES}",
            sql.text
        )
    };
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM {SPAN_FROM} WHERE {}",
            sql.text
        ))?
        .query_row(rusqlite::params_from_iter(&sql.params), |r| r.get(0))?;
    let known = |v: Vec<FacetCount>| v.into_iter().filter(|c| c.value != "(none)").collect();
    Ok(Facets {
        total: total.max(0) as u64,
        service: counts(conn, &group("r.service"), &sql.params)?,
        kind: counts(conn, &group(&kind_name_sql()), &sql.params)?,
        model: known(counts(conn, &group("s.model"), &sql.params)?),
        agent: known(counts(
            conn,
            &group("coalesce(s.agent_name, s.agent_inherited)"),
            &sql.params,
        )?),
        status: counts(
            conn,
            &group("CASE WHEN s.status_code = 2 THEN 'error' ELSE 'ok' END"),
            &sql.params,
        )?,
    })
}

/// Usage grouped by model, provider, agent, service, session or day: sums of span
/// contributions over the calls that match the filter.
pub fn usage(conn: &Connection, q: &UsageQuery) -> Result<UsageReport, StoreError> {
    let key = match q.by {
        UsageBy::Model => "s.model",
        UsageBy::Provider => "s.provider",
        UsageBy::Agent => "coalesce(s.agent_name, s.agent_inherited)",
        UsageBy::Service => "r.service",
        UsageBy::Session => "coalesce(s.session_id, t.session_id)",
        UsageBy::Day => "strftime('%Y-%m-%d', s.start_ns / 1000000000, 'unixepoch')",
    };
    let sql = span_where(&q.filter, crate::model::SpanScope::All);
    let text = format!(
        "SELECT {key} AS k, sum(s.u_input_tokens), sum(s.u_output_tokens), sum(s.u_total_tokens),
                sum(s.u_cache_read_tokens), sum(s.u_cache_write_tokens), sum(s.u_reasoning_tokens),
                sum(s.u_cost_usd), max(s.u_cost_estimated), sum(s.u_llm_count)
         FROM {SPAN_FROM}
         WHERE {} AND (s.u_llm_count IS NOT NULL OR s.u_total_tokens IS NOT NULL OR s.u_input_tokens IS NOT NULL
                       OR s.u_output_tokens IS NOT NULL OR s.u_cost_usd IS NOT NULL)
         GROUP BY k
         ORDER BY coalesce(sum(s.u_cost_usd), 0) DESC, coalesce(sum(s.u_total_tokens), 0) DESC, k",
        sql.text
    );
    let sum = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<u64> {
        Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
    };
    let groups = conn
        .prepare_cached(&text)?
        .query_map(rusqlite::params_from_iter(sql.params), |r| {
            Ok(UsageGroup {
                key: r.get(0)?,
                totals: Totals {
                    input_tokens: sum(r, 1)?,
                    output_tokens: sum(r, 2)?,
                    total_tokens: sum(r, 3)?,
                    cache_read_tokens: sum(r, 4)?,
                    cache_write_tokens: sum(r, 5)?,
                    reasoning_tokens: sum(r, 6)?,
                    cost_usd: r
                        .get::<_, Option<f64>>(7)?
                        .map(|c| (c * 1e12).round() / 1e12),
                    cost_estimated: r.get::<_, Option<bool>>(8)?.unwrap_or(false),
                    llm_count: sum(r, 9)?,
                },
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut total = Totals::default();
    for g in &groups {
        total.add(&g.totals);
    }
    Ok(UsageReport {
        by: q.by,
        groups,
        total,
    })
}
