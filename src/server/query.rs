//! The query API (v1): JSON over HTTP on the same port as ingest.
//!
//! ```text
//! GET /api/v1/traces?<filters>&sort&order&limit&cursor     → {"traces": [TraceSummary…], "next_cursor"}
//! GET /api/v1/spans?trace_id&scope&<filters>&sort&…         → {"spans": [Span…], "next_cursor"}
//! GET /api/v1/facets?target=traces|spans&<filters>          → {"total", "service": [{value,count}…], …}
//! GET /api/v1/traces/{trace_id or prefix}                   → {"trace_id", "summary", "spans": [Span…]}
//! GET /api/v1/traces/{trace_id or prefix}/outline           → {"trace_id", "summary", "spans": [SpanOutline…]}
//! GET /api/v1/traces/{trace_id}/spans/{span_id or prefix}   → Span
//! POST /api/v1/traces/{trace_id}/annotations  {"label", "score"?, "note"?, "span_id"?} → 201 Annotation
//! GET /api/v1/sessions?<filters>&limit&cursor               → {"sessions": [SessionSummary…], "next_cursor"}
//! GET /api/v1/usage?by=model|provider|agent|service|session|day&<filters>
//!                                                           → {"by", "groups": [{"key", tokens…, "cost_usd", "llm_count"}], "total"}
//! GET /api/v1/sessions/{session_id}                          → {"session": SessionSummary, "traces": [TraceSummary…]}
//! ```
//!
//! Filters are those of `model::query` (`from`, `to`, `service`, `kind`, `model`, `provider`,
//! `session`, `user`, `agent`, `status`, `name`, `min_duration`, `max_duration`, `attr`,
//! `text`); repeat a parameter for several values. Unknown parameters are a 400, so typos
//! are never silently ignored. Times are RFC 3339 (or integer Unix nanoseconds) on the way in
//! and RFC 3339 UTC with nine fractional digits on the way out. Errors are
//! `{"error": {"code", "message", "hint"}}`. The routes need the read token when the server
//! has one (`auth::require_read_token`).

use std::borrow::Cow;
use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::AppState;
use super::error::{ApiError, Body as ErrorBody};
use super::openapi::{FacetParams, FilterParams, PageParams, SortParams, SpanParams, UsageParams};
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;

use crate::model::{
    Annotation, AnnotationSource, Attributes, Facets, Nanos, NewAnnotation, Resource, Session,
    SessionPage, SessionQuery, Span, SpanPage, SpanQuery, Trace, TraceDetail, TraceId,
    TraceIdPrefix, TraceOutline, TracePage, TraceQuery, UsageQuery, UsageReport,
};
use crate::semconv;
use crate::store::{SpanAttributes, Store, StoreError};

fn pairs(raw: &Option<String>) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
}

/// A list request's query string as the server reads it (also the fuzzing entry point).
pub fn parse_trace_query(raw: Option<&str>) -> Result<TraceQuery, ApiError> {
    TraceQuery::from_pairs(&mut form_urlencoded::parse(raw.unwrap_or("").as_bytes())).map_err(bad)
}

/// `Path`, refusing in the API's error shape: axum's own rejection (a segment that is not
/// UTF-8 once percent-decoded, `/api/v1/traces/%FF`) is plain text, which no client expects.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(e) => Err(ApiError::bad_request(e.body_text())
                .with_hint("ids are hex; percent-encode other path segments as UTF-8")),
        }
    }
}

fn bad(e: String) -> ApiError {
    ApiError::bad_request(e).with_hint("see the filters in `canopy trace list --help`")
}

/// Traces, one summary row each, filtered, sorted and paged.
#[utoipa::path(get, path = "/api/v1/traces", tag = "traces",
    params(FilterParams, SortParams, PageParams),
    responses(
        (status = 200, description = "One page of trace summaries", body = TracePage),
        (status = 400, description = "bad_request: an unknown parameter or a value it cannot read", body = ErrorBody),
    ))]
pub async fn list_traces(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TracePage>, ApiError> {
    let query = parse_trace_query(raw.as_deref())?;
    Ok(Json(state.store.list_traces(&query).await?))
}

/// A span query whose trace id prefix, if any, is resolved to the one trace it names.
async fn span_query(
    state: &AppState,
    raw: &Option<String>,
    extra: &[&str],
) -> Result<SpanQuery, ApiError> {
    let mut rest = pairs(raw).filter(|(k, _)| !extra.contains(&k.as_ref()));
    let mut query = SpanQuery::from_pairs(&mut rest).map_err(bad)?;
    if let Some(prefix) = &query.trace_id
        && prefix.as_full().is_none()
    {
        let id = state.store.resolve_trace(prefix).await?;
        query.trace_id = Some(id.to_hex().parse().expect("a full id is a prefix"));
    }
    Ok(query)
}

/// Spans, filtered, sorted and paged.
#[utoipa::path(get, path = "/api/v1/spans", tag = "spans",
    params(SpanParams, FilterParams, SortParams, PageParams),
    responses(
        (status = 200, description = "One page of spans", body = SpanPage),
        (status = 400, description = "bad_request: an unknown parameter or a value it cannot read", body = ErrorBody),
        (status = 404, description = "not_found: no trace matches `trace_id`", body = ErrorBody),
        (status = 409, description = "ambiguous_id: `trace_id` is a prefix of several traces", body = ErrorBody),
    ))]
pub async fn list_spans(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SpanPage>, ApiError> {
    let query = span_query(&state, &raw, &[]).await?;
    Ok(Json(state.store.list_spans(&query).await?))
}

/// Counts per service, kind, model, agent and status, most common first.
#[utoipa::path(get, path = "/api/v1/facets", tag = "traces",
    params(FacetParams, SpanParams, FilterParams),
    responses(
        (status = 200, description = "Counts per value of each field", body = Facets),
        (status = 400, description = "bad_request: an unknown parameter or a value it cannot read", body = ErrorBody),
        (status = 404, description = "not_found: no trace matches `trace_id`", body = ErrorBody),
        (status = 409, description = "ambiguous_id: `trace_id` is a prefix of several traces", body = ErrorBody),
    ))]
pub async fn facets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Facets>, ApiError> {
    let target = pairs(&raw)
        .find(|(k, _)| k == "target")
        .map(|(_, v)| v.into_owned());
    let mut rest = pairs(&raw).filter(|(k, _)| k != "target");
    let rest: &mut dyn Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> = &mut rest;
    let facets = match target.as_deref() {
        None | Some("traces") => {
            let q = TraceQuery::from_pairs(rest).map_err(bad)?;
            state.store.trace_facets(&q.filter).await?
        }
        Some("spans") => {
            state
                .store
                .span_facets(&span_query(&state, &raw, &["target"]).await?)
                .await?
        }
        Some(other) => {
            return Err(bad(format!(
                "target: {other:?} is not one of: traces, spans"
            )));
        }
    };
    Ok(Json(facets))
}

async fn resolve(state: &AppState, id: &str) -> Result<TraceId, ApiError> {
    let prefix: TraceIdPrefix = id
        .parse()
        .map_err(|e| ApiError::bad_request(format!("{id:?} is not a trace id or prefix: {e}")))?;
    Ok(match prefix.as_full() {
        Some(id) => id,
        None => state.store.resolve_trace(&prefix).await?,
    })
}

/// A stored trace made whole for readers: subtree sums, and per span what stores do not keep
/// (tool, error, provenance, and with `detail.io` the input and output payloads). Without
/// `detail.attributes`, raw attributes and provenance are left out once the derived fields are
/// filled (see [`leave_out_attributes`]).
///
/// Public so the benches time exactly what `GET /api/v1/traces/{id}` does.
pub async fn read_trace(
    store: &dyn Store,
    id: TraceId,
    detail: TraceDetail,
) -> Result<Trace, StoreError> {
    let mut trace = read_completed(store, id, detail).await?;
    trace.fill_subtrees();
    Ok(trace)
}

/// [`read_trace`] without the subtree sums.
async fn read_completed(
    store: &dyn Store,
    id: TraceId,
    detail: TraceDetail,
) -> Result<Trace, StoreError> {
    // For an outline, `complete` reads only the few attributes tool and error come from.
    let attributes = if detail == TraceDetail::OUTLINE {
        SpanAttributes::Outline
    } else {
        SpanAttributes::All
    };
    let mut trace = store.get_trace(id, attributes).await?;
    let bare = Arc::new(Resource::default());
    for span in &mut trace.spans {
        semconv::complete(span, detail);
        if !detail.attributes {
            leave_out_attributes(span, &bare);
        }
    }
    Ok(trace)
}

/// What `?attributes=false` leaves out of a span once its derived fields are filled: every raw
/// attribute, its own, its resource's and its scope's (`semconv::complete` leaves provenance
/// out for the same detail, and a tool's arguments and result). The tree and timeline draw
/// none of them. In agent traces the span's own attributes (prompts, completions, tool IO)
/// are most of a trace's bytes, and the resource, the same few service and SDK keys on every
/// span, was next (~270 of ~1,400 bytes per span of a 10k-span outline), repeated on the wire
/// and parsed again for each span by the client. The scope keeps its name and version.
fn leave_out_attributes(span: &mut Span, bare: &Arc<Resource>) {
    span.attributes = Attributes::new();
    span.resource = Arc::clone(bare);
    if !span.scope.attributes.is_empty() {
        Arc::make_mut(&mut span.scope).attributes = Attributes::new();
    }
}

/// A whole trace: its summary, every span by start time, its annotations. `?io=false` leaves
/// payloads out and `?attributes=false` raw attributes (the spans', their resources' and
/// scopes', and a tool's arguments and result, copied from them) and provenance: the tree and
/// timeline views need neither.
#[utoipa::path(get, path = "/api/v1/traces/{trace_id}", tag = "traces",
    params(
        ("trace_id" = String, Path, description = "A trace id or a unique prefix of it (hex)", pattern = "^[0-9a-fA-F]{1,32}$"),
        ("io" = Option<bool>, Query, description = "Include span inputs and outputs (default true)"),
        ("attributes" = Option<bool>, Query, description = "Include raw attributes (each span's, its resource's and its scope's), the values copied from them (a tool's arguments and result) and the provenance of derived fields (default true); without them `resource.attributes` and `scope.attributes` are empty"),
    ),
    responses(
        (status = 200, description = "The trace", body = Trace),
        (status = 400, description = "bad_request: not a trace id or prefix, or an unknown parameter", body = ErrorBody),
        (status = 404, description = "not_found: no trace matches", body = ErrorBody),
        (status = 409, description = "ambiguous_id: the prefix matches several traces", body = ErrorBody),
    ))]
pub async fn get_trace(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Trace>, ApiError> {
    let detail = TraceDetail::from_pairs(pairs(&raw)).map_err(bad)?;
    let id = resolve(&state, &id).await?;
    Ok(Json(read_trace(&*state.store, id, detail).await?))
}

/// A trace's outline: what its tree and timeline draw (each span's identity, timing, status,
/// kind, model, tokens, cost, agent, tool name and error), with absent fields left out and no
/// subtree sums (the reader has the tree to sum). About a third of the bytes of
/// `?io=false&attributes=false` for an agent trace, and as much less to make and to parse.
#[utoipa::path(get, path = "/api/v1/traces/{trace_id}/outline", tag = "traces",
    params(
        ("trace_id" = String, Path, description = "A trace id or a unique prefix of it (hex)", pattern = "^[0-9a-fA-F]{1,32}$"),
    ),
    responses(
        (status = 200, description = "The trace's outline", body = TraceOutline),
        (status = 400, description = "bad_request: not a trace id or prefix, or a parameter (this route takes none)", body = ErrorBody),
        (status = 404, description = "not_found: no trace matches", body = ErrorBody),
        (status = 409, description = "ambiguous_id: the prefix matches several traces", body = ErrorBody),
    ))]
pub async fn get_trace_outline(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    if let Some((k, _)) = pairs(&raw).next() {
        return Err(ApiError::bad_request(format!(
            "unknown parameter {k:?} (this endpoint takes none)"
        )));
    }
    let id = resolve(&state, &id).await?;
    let outline = read_outline(&*state.store, id).await?;
    // Sized for the whole body up front: grown from axum's 128 bytes, a 10k-span outline
    // was copied ~17 times on its way to 3 MB.
    let mut body = Vec::with_capacity(outline.spans.len() * OUTLINE_BYTES_PER_SPAN);
    serde_json::to_writer(&mut body, &outline).expect("outlines serialize to JSON");
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// About what one span of an agent trace's outline takes as JSON (~320 bytes measured).
const OUTLINE_BYTES_PER_SPAN: usize = 384;

/// What `GET /api/v1/traces/{id}/outline` answers (public so the benches time exactly that).
/// Subtree sums are the reader's to make, so they are not made here.
pub async fn read_outline(store: &dyn Store, id: TraceId) -> Result<TraceOutline, StoreError> {
    let trace = read_completed(store, id, TraceDetail::OUTLINE).await?;
    Ok(TraceOutline::from(trace))
}

/// One span of a trace, with its payloads and subtree sums.
#[utoipa::path(get, path = "/api/v1/traces/{trace_id}/spans/{span_id}", tag = "spans",
    params(
        ("trace_id" = String, Path, description = "A trace id or a unique prefix of it (hex)", pattern = "^[0-9a-fA-F]{1,32}$"),
        ("span_id" = String, Path, description = "A span id or a unique prefix of it (hex)", pattern = "^[0-9a-fA-F]{1,16}$"),
    ),
    responses(
        (status = 200, description = "The span", body = Span),
        (status = 400, description = "bad_request: not a trace or span id or prefix", body = ErrorBody),
        (status = 404, description = "not_found: no trace or no span matches", body = ErrorBody),
        (status = 409, description = "ambiguous_id: a prefix matches several traces or spans", body = ErrorBody),
    ))]
pub async fn get_span(
    State(state): State<AppState>,
    ApiPath((trace, span)): ApiPath<(String, String)>,
) -> Result<Json<Span>, ApiError> {
    if span.is_empty() || span.len() > 16 || !span.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad_request(format!(
            "{span:?} is not a span id or prefix"
        )));
    }
    let id = resolve(&state, &trace).await?;
    let trace = read_trace(&*state.store, id, TraceDetail::FULL).await?;
    let prefix = span.to_ascii_lowercase();
    let mut found: Vec<Span> = trace
        .spans
        .into_iter()
        .filter(|s| s.span_id.to_hex().starts_with(&prefix))
        .collect();
    match found.len() {
        1 => Ok(Json(found.remove(0))),
        0 => Err(
            ApiError::not_found(format!("trace {id} has no span matching {span}")).with_hint(
                format!("list its spans with `canopy span list --trace-id {id}`"),
            ),
        ),
        _ => {
            let ids: Vec<String> = found.iter().take(5).map(|s| s.span_id.to_hex()).collect();
            Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "ambiguous_id",
                format!(
                    "span id prefix {span} is ambiguous: it matches {}",
                    ids.join(", ")
                ),
            )
            .with_hint("type more characters of the span id"))
        }
    }
}

/// Longest label and note an annotation may carry.
const MAX_LABEL: usize = 256;
const MAX_NOTE: usize = 64 * 1024;

/// Annotates a trace, or one of its spans: a label, and optionally a score and a note.
#[utoipa::path(post, path = "/api/v1/traces/{trace_id}/annotations", tag = "traces",
    params(("trace_id" = String, Path, description = "A trace id or a unique prefix of it (hex)", pattern = "^[0-9a-fA-F]{1,32}$")),
    request_body(content = NewAnnotation, content_type = "application/json"),
    responses(
        (status = 201, description = "The annotation as stored", body = Annotation),
        (status = 400, description = "bad_request: the body is not a valid annotation (label of 1 to 256 characters, note up to 64 KiB, finite score)", body = ErrorBody),
        (status = 404, description = "not_found: no trace or no span matches", body = ErrorBody),
        (status = 409, description = "ambiguous_id: a prefix matches several traces or spans", body = ErrorBody),
    ))]
pub async fn add_annotation(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    body: Result<Json<NewAnnotation>, JsonRejection>,
) -> Result<(StatusCode, Json<Annotation>), ApiError> {
    let Json(new) = body.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let label = new.label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL {
        return Err(ApiError::bad_request(format!(
            "label must have 1 to {MAX_LABEL} characters"
        )));
    }
    if new.note.as_ref().is_some_and(|n| n.len() > MAX_NOTE) {
        return Err(ApiError::bad_request(format!(
            "note must be at most {MAX_NOTE} bytes"
        )));
    }
    if new.score.is_some_and(|s| !s.is_finite()) {
        return Err(ApiError::bad_request("score must be a finite number"));
    }
    let trace_id = resolve(&state, &id).await?;
    let span_id = match &new.span_id {
        None => None,
        Some(prefix) => {
            let Json(span) = get_span(
                State(state.clone()),
                ApiPath((trace_id.to_hex(), prefix.clone())),
            )
            .await?;
            Some(span.span_id)
        }
    };
    let annotation = Annotation {
        trace_id,
        span_id,
        label: label.to_string(),
        score: new.score,
        note: new.note,
        source: AnnotationSource::Api,
        time: Nanos::from_timestamp(jiff::Timestamp::now()),
    };
    state.store.add_annotation(annotation.clone()).await?;
    Ok((StatusCode::CREATED, Json(annotation)))
}

/// Sessions with at least one matching trace, each summed over all its traces, most recently
/// active first.
#[utoipa::path(get, path = "/api/v1/sessions", tag = "sessions",
    params(FilterParams, PageParams),
    responses(
        (status = 200, description = "One page of sessions", body = SessionPage),
        (status = 400, description = "bad_request: an unknown parameter or a value it cannot read", body = ErrorBody),
    ))]
pub async fn list_sessions(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SessionPage>, ApiError> {
    let query = SessionQuery::from_pairs(&mut pairs(&raw)).map_err(bad)?;
    Ok(Json(state.store.list_sessions(&query).await?))
}

/// A session and its traces in start order (its turns).
#[utoipa::path(get, path = "/api/v1/sessions/{session_id}", tag = "sessions",
    params(("session_id" = String, Path, description = "The session id, exactly")),
    responses(
        (status = 200, description = "The session", body = Session),
        (status = 404, description = "not_found: no session with this id", body = ErrorBody),
    ))]
pub async fn get_session(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(state.store.get_session(&id).await?))
}

/// Tokens and cost of the model calls that match the filters, grouped, costliest first.
#[utoipa::path(get, path = "/api/v1/usage", tag = "usage",
    params(UsageParams, FilterParams),
    responses(
        (status = 200, description = "The groups and their sum", body = UsageReport),
        (status = 400, description = "bad_request: an unknown parameter or a value it cannot read", body = ErrorBody),
    ))]
pub async fn usage(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<UsageReport>, ApiError> {
    let query = UsageQuery::from_pairs(&mut pairs(&raw)).map_err(bad)?;
    Ok(Json(state.store.usage(&query).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Scope, test_span};

    fn attrs(v: serde_json::Value) -> Attributes {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn an_outline_span_keeps_no_raw_attribute_but_its_scope_name() {
        let mut span = test_span(1, 2, None, "chat", 0, 10);
        span.attributes = attrs(serde_json::json!({"llm.model_name": "gpt-4o"}));
        span.resource = Arc::new(Resource {
            attributes: attrs(serde_json::json!({"service.name": "svc"})),
        });
        let scope = Arc::new(Scope {
            name: "openinference".into(),
            version: Some("1.0".into()),
            attributes: attrs(serde_json::json!({"k": "v"})),
        });
        span.scope = Arc::clone(&scope);
        span.model = Some("gpt-4o".into());
        leave_out_attributes(&mut span, &Arc::default());
        assert!(span.attributes.is_empty());
        assert_eq!(*span.resource, Resource::default());
        assert_eq!(
            (span.scope.name.as_str(), span.scope.version.as_deref()),
            ("openinference", Some("1.0"))
        );
        assert!(span.scope.attributes.is_empty());
        assert_eq!(
            scope.attributes.len(),
            1,
            "a shared scope is not changed for its other spans"
        );
        assert_eq!(span.model.as_deref(), Some("gpt-4o"), "derived fields stay");
    }
}
