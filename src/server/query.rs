//! The query API (v1): JSON over HTTP on the same port as ingest.
//!
//! ```text
//! GET /api/v1/traces?from&to&limit&cursor   → {"traces": [TraceSummary…], "next_cursor": "…"|null}
//! GET /api/v1/traces/{trace_id or prefix}   → {"trace_id", "summary", "spans": [Span…]}
//! ```
//!
//! Times are RFC 3339 (or integer Unix nanoseconds) on the way in and RFC 3339 UTC with nine
//! fractional digits on the way out. Errors are `{"error": {"code", "message", "hint"}}`.
//! The routes need the read token when the server has one (`auth::require_read_token`).

use axum::Json;
use axum::extract::{Path, RawQuery, State};

use super::AppState;
use super::error::ApiError;
use crate::model::{Trace, TraceIdPrefix, TracePage, TraceQuery};

/// A list request's query string as the server reads it (also the fuzzing entry point).
pub fn parse_trace_query(raw: Option<&str>) -> Result<TraceQuery, ApiError> {
    serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))
}

pub async fn list_traces(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TracePage>, ApiError> {
    let query = parse_trace_query(raw.as_deref())?;
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
    Ok(Json(state.store.get_trace(id).await?))
}
