//! `POST /v1/traces`: OTLP/HTTP in, committed spans out.
//!
//! Order of work, each step paid for from the in-flight budget (`server::budget`) before it
//! allocates:
//!
//! ```text
//! content type → token → admit (Content-Length + overhead) → read body (≤ max body)
//!   → inflate gzip (≤ max body) → measure (spans ≤ limit, decoded-size estimate reserved)
//!   → repair (invalid UTF-8, too-deep values) → decode → cut values to limits → normalize
//!   → store (committed) → 200, with partial success for what was rejected or cut
//! ```
//!
//! Failures follow the OTLP/HTTP spec (see [`failure`]): 400 for data that can never be
//! accepted, 401 without the ingest token, 413 past a size limit, 415 for an unknown content
//! type or encoding, 429 with `Retry-After` when the budget is spent, and 503 with
//! `Retry-After` when storing failed. Decoding is CPU work and runs off the async workers.

mod body;
mod failure;
mod logs;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::budget::Permit;
use super::{AppState, Limits};
use crate::model::Span;
use crate::otlp::{self, Encoding, shape::MAX_JSON_DEPTH};
use crate::semconv::{self, Pricing};
use body::Refusal;
pub use failure::Failure;
pub use logs::{__path_logs, logs};

/// What admitting a request costs before its body is read: headers, buffers, the task itself.
/// It also bounds how many requests can be in flight at all (capacity / overhead).
pub const REQUEST_OVERHEAD: usize = 16 * 1024;

/// OTLP/HTTP traces: decoded, normalized and committed before the answer.
#[utoipa::path(post, path = "/v1/traces", tag = "ingest",
    request_body(description = "An `ExportTraceServiceRequest`: OTLP protobuf, or OTLP/JSON (hex or base64 ids, camelCase or snake_case, enum names or numbers). `Content-Encoding: gzip` is accepted.",
        content(
            (Object = "application/json"),
            (crate::server::openapi::Protobuf = "application/x-protobuf"),
        )),
    responses((status = 200, description = "Committed: every accepted span is stored. Answers in the request's encoding; a partial success names what was rejected or cut.",
        content(
            (crate::server::openapi::OtlpExportResponse = "application/json"),
            (crate::server::openapi::Protobuf = "application/x-protobuf"),
        ))),
)]
pub async fn traces(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let received = match receive(&state, &headers, body).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let encoding = received.encoding;
    match ingest(&state, received).await {
        Ok(response) => response,
        Err(failure) => failure.respond(encoding),
    }
}

/// A request that passed the checks every OTLP signal shares, and was read within budget.
pub(super) struct Received {
    pub encoding: Encoding,
    pub raw: Vec<u8>,
    pub gzip: bool,
    pub permit: Permit,
}

/// Content type, token, content encoding, admission against the budget, and the body read
/// (≤ max body): the front half of ingest, for traces and logs alike. On refusal, the answer.
pub(super) async fn receive(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Received, Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(encoding) = Encoding::from_content_type(content_type) else {
        // No encoding to answer in; JSON is the readable choice.
        return Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            failure::INVALID_ARGUMENT,
            format!("unsupported Content-Type {content_type:?}: send application/x-protobuf or application/json"),
        )
        .respond(Encoding::Json));
    };
    if let Err(denied) = state.auth.check(super::auth::Access::Ingest, headers) {
        return Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            failure::UNAUTHENTICATED,
            denied.message(),
        )
        .respond(encoding));
    }
    admit(state, headers, body, encoding)
        .await
        .map_err(|f| f.respond(encoding))
}

async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
    encoding: Encoding,
) -> Result<Received, Failure> {
    let max = state.limits.max_body_bytes;
    let gzip = match headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .trim()
        .to_ascii_lowercase()
        .as_str()
    {
        "" | "identity" => false,
        "gzip" | "x-gzip" => true,
        other => {
            return Err(Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                failure::INVALID_ARGUMENT,
                format!("unsupported Content-Encoding {other:?}: send gzip or no encoding"),
            ));
        }
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(Failure::body_too_large(max));
    }
    let reserved = declared.unwrap_or(0);
    let budget = &state.budget;
    let Some(mut permit) = budget.try_acquire(REQUEST_OVERHEAD + reserved) else {
        tracing::debug!(in_use = budget.in_use(), "ingest refused: budget spent");
        body::drain(body, max).await;
        return Err(Failure::busy(budget.in_use(), budget.capacity()));
    };
    let raw = body::read(body, &mut permit, reserved, max)
        .await
        .map_err(|r| refused(r, state, max))?;
    Ok(Received {
        encoding,
        raw,
        gzip,
        permit,
    })
}

/// The spans of one request, ready to store, and what to tell the client about them.
struct Prepared {
    spans: Vec<Span>,
    rejected: u64,
    notes: Vec<String>,
    permit: Permit,
}

async fn ingest(state: &AppState, received: Received) -> Result<Response, Failure> {
    let Received {
        encoding,
        raw,
        gzip,
        permit,
    } = received;
    let limits = &state.limits;
    let max = limits.max_body_bytes;
    let budget = &state.budget;
    let limits_for_decode = limits.as_ref().clone();
    let capacity = budget.capacity();
    let pricing = state.pricing.clone();
    let prepared = tokio::task::spawn_blocking(move || {
        prepare(
            raw,
            gzip,
            encoding,
            &limits_for_decode,
            capacity,
            permit,
            &pricing,
        )
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "decoding task failed");
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            failure::INVALID_ARGUMENT,
            "canopy failed while decoding this request",
        )
    })?
    .map_err(|r| match r {
        Prep::Refused(r) => refused(r, state, max),
        Prep::Failed(f) => f,
    })?;

    let Prepared {
        spans,
        rejected,
        notes,
        permit,
    } = prepared;
    let message = (!notes.is_empty()).then(|| notes.join("; "));
    if let Some(message) = &message {
        tracing::warn!(
            rejected,
            message = message.as_str(),
            "ingest: spans rejected or values cut"
        );
    }
    state.store.write(spans).await.map_err(|e| {
        tracing::error!(error = %e, "spans were not stored; answering 503");
        Failure::not_stored(&e)
    })?;
    drop(permit);
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, encoding.content_type())],
        otlp::encode_response(encoding, rejected, message),
    )
        .into_response())
}

fn refused(r: Refusal, state: &AppState, max: usize) -> Failure {
    match r {
        Refusal::TooLarge => Failure::body_too_large(max),
        Refusal::Busy => {
            tracing::debug!(
                in_use = state.budget.in_use(),
                "ingest refused: budget spent"
            );
            Failure::busy(state.budget.in_use(), state.budget.capacity())
        }
        Refusal::Broken(why) => Failure::bad_request(why),
        Refusal::TimedOut => Failure::new(
            StatusCode::REQUEST_TIMEOUT,
            failure::DEADLINE_EXCEEDED,
            format!(
                "the request body did not arrive within {}s",
                body::BODY_TIMEOUT.as_secs()
            ),
        ),
    }
}

enum Prep {
    Refused(Refusal),
    Failed(Failure),
}

impl From<Failure> for Prep {
    fn from(f: Failure) -> Prep {
        Prep::Failed(f)
    }
}

/// Inflate, measure, repair, decode, cut and normalize: the CPU-bound part, on a blocking thread.
fn prepare(
    raw: Vec<u8>,
    gzip: bool,
    encoding: Encoding,
    limits: &Limits,
    capacity: usize,
    mut permit: Permit,
    pricing: &Pricing,
) -> Result<Prepared, Prep> {
    let max = limits.max_body_bytes;
    let body = if gzip {
        let inflated = body::gunzip(&raw, &mut permit, max).map_err(Prep::Refused)?;
        let freed = raw.capacity();
        drop(raw);
        permit.shrink_to(permit.held().saturating_sub(freed));
        inflated
    } else {
        raw
    };

    let values = limits.value_limits();
    let shape = otlp::measure(&body, encoding, values.max_depth);
    if encoding == Encoding::Json && shape.json_depth > MAX_JSON_DEPTH {
        return Err(Failure::bad_request(format!(
            "request body nests JSON {} levels deep; canopy reads at most {MAX_JSON_DEPTH} (attribute values are cut at {} levels)",
            shape.json_depth, values.max_depth
        ))
        .into());
    }
    if encoding == Encoding::Protobuf && shape.malformed {
        // prost would refuse it too, but only after allocating for everything before the bad
        // byte, which the shape could not count.
        return Err(Failure::bad_request(
            "request body is not a valid OTLP protobuf ExportTraceServiceRequest: a field is truncated or has an invalid key, length or wire type",
        )
        .into());
    }
    check_span_count(shape.spans, limits)?;
    let need = shape
        .decoded_bytes(body.len())
        .saturating_add(shape.repair_bytes());
    if permit.held().saturating_add(need) > capacity {
        return Err(Failure::too_large(format!(
            "decoding this request would take about {} MiB, more than the {} MiB canopy holds for ingest (--max-inflight); send smaller batches",
            need >> 20,
            capacity >> 20
        ))
        .into());
    }
    if !permit.try_grow(need) {
        return Err(Prep::Refused(Refusal::Busy));
    }

    let repaired = if shape.needs_repair() {
        otlp::repair(&body, encoding, values.max_depth)
    } else {
        None
    };
    let request = otlp::decode_request(repaired.as_deref().unwrap_or(&body), encoding)
        .map_err(|e| Failure::bad_request(e.to_string()))?;
    drop(repaired);
    drop(body);
    let spans: usize = request
        .resource_spans
        .iter()
        .flat_map(|rs| &rs.scope_spans)
        .map(|ss| ss.spans.len())
        .sum();
    check_span_count(spans as u64, limits)?;

    let (decoded, mut notes) = convert(request, values, shape.too_deep, pricing);
    if shape.invalid_utf8 > 0 && !shape.malformed {
        notes.push(format!(
            "replaced invalid UTF-8 in {} strings with U+FFFD",
            shape.invalid_utf8
        ));
    }
    Ok(Prepared {
        spans: decoded.spans,
        rejected: decoded.rejected,
        notes,
        permit,
    })
}

/// A decoded request's spans, normalized, and the partial-success notes about them (what was
/// rejected, what was cut). `too_deep_before` counts values cut before decoding. Shared by
/// OTLP/HTTP and OTLP/gRPC.
pub(super) fn convert(
    request: opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest,
    values: otlp::value::ValueLimits,
    too_deep_before: u64,
    pricing: &Pricing,
) -> (otlp::Decoded, Vec<String>) {
    let mut decoded = otlp::spans_from_request_with(request, values);
    semconv::normalize(&mut decoded.spans, pricing);
    let mut notes = Vec::new();
    notes.extend(decoded.rejection_message());
    let truncated = decoded.clipped.truncated;
    if truncated > 0 {
        notes.push(format!(
            "cut {truncated} values, names or keys longer than {} bytes (the spans are kept; the cut is marked)",
            values.max_bytes
        ));
    }
    let too_deep = decoded.clipped.too_deep + too_deep_before;
    if too_deep > 0 {
        notes.push(format!(
            "cut {too_deep} attribute values nested deeper than {} levels",
            values.max_depth
        ));
    }
    (decoded, notes)
}

pub(super) fn check_span_count(spans: u64, limits: &Limits) -> Result<(), Failure> {
    let max = limits.max_spans_per_request;
    if spans > max as u64 {
        return Err(Failure::too_large(format!(
            "request holds {spans} spans, more than the {max} canopy accepts in one request; send smaller batches (OTEL_BSP_MAX_EXPORT_BATCH_SIZE)"
        )));
    }
    Ok(())
}
