//! The query API (v1): JSON over HTTP on the same port as ingest.
//!
//! ```text
//! GET /api/v1/traces?from&to&limit&cursor   → {"traces": [TraceSummary…], "next_cursor": "…"|null}
//! GET /api/v1/traces/{trace_id or prefix}   → {"trace_id", "summary", "spans": [Span…]}
//! ```
//!
//! Times are RFC 3339 (or integer Unix nanoseconds) on the way in and RFC 3339 UTC with nine
//! fractional digits on the way out. Errors are `{"error": {"code", "message", "hint"}}`.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};

use super::AppState;
use super::error::ApiError;
use crate::model::{Trace, TraceIdPrefix, TracePage, TraceQuery};

pub async fn list_traces(
    State(state): State<AppState>,
    query: Result<Query<TraceQuery>, QueryRejection>,
) -> Result<Json<TracePage>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    Ok(Json(state.store.list_traces(&query).await?))
}

pub async fn get_trace(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Trace>, ApiError> {
    let prefix: TraceIdPrefix = id
        .parse()
        .map_err(|e| ApiError::bad_request(format!("{id:?} is not a trace id or prefix: {e}")))?;
    let id = match prefix.as_full() {
        Some(id) => id,
        None => state.store.resolve_trace(&prefix).await?,
    };
    let mut trace = state.store.get_trace(id).await?;
    trace.fill_subtrees();
    Ok(Json(trace))
}
