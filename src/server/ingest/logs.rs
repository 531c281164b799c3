//! `POST /v1/logs`: OTLP log records that belong to spans (GenAI content events), kept and
//! shown with their span.
//!
//! Same front half as trace ingest (content type, token, content encoding, budget, bounded
//! read and inflate; see the parent module), then the logs decoder. Records are committed
//! before the 200, like spans.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Failure, Received, body, failure, receive, refused};
use crate::otlp::logs;
use crate::server::AppState;

/// OTLP/HTTP logs: stored with the span they belong to.
#[utoipa::path(post, path = "/v1/logs", tag = "ingest",
    request_body(description = "An `ExportLogsServiceRequest`: OTLP protobuf, or OTLP/JSON (hex or base64 ids, camelCase or snake_case, enum names or numbers). `Content-Encoding: gzip` is accepted.",
        content(
            (Object = "application/json"),
            (crate::server::openapi::Protobuf = "application/x-protobuf"),
        )),
    responses((status = 200, description = "Committed: every accepted log record is stored. Answers in the request's encoding; a partial success names what was rejected or cut.",
        content(
            (crate::server::openapi::OtlpExportResponse = "application/json"),
            (crate::server::openapi::Protobuf = "application/x-protobuf"),
        ))),
)]
pub async fn logs(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let received = match receive(&state, &headers, body).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let encoding = received.encoding;
    match store(&state, received).await {
        Ok(response) => response,
        Err(failure) => failure.respond(encoding),
    }
}

async fn store(state: &AppState, received: Received) -> Result<Response, Failure> {
    let Received {
        encoding,
        raw,
        gzip,
        mut permit,
    } = received;
    let max = state.limits.max_body_bytes;
    let values = state.limits.value_limits();
    let decoded = tokio::task::spawn_blocking(move || {
        let body = if gzip {
            body::gunzip(&raw, &mut permit, max).map_err(Err)?
        } else {
            raw
        };
        // A decoded request takes a few times its encoded size; hold that much of the budget.
        if !permit.try_grow(body.len().saturating_mul(3)) {
            return Err(Err(body::Refusal::Busy));
        }
        let request =
            logs::decode_request(&body, encoding).map_err(|e| Ok(Failure::bad_request(e)))?;
        Ok((logs::records_from_request(request, values), permit))
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "decoding task failed");
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            failure::INVALID_ARGUMENT,
            "canopy failed while decoding this request",
        )
    })?;
    let (decoded, permit) = decoded.map_err(|e: Result<Failure, body::Refusal>| match e {
        Ok(f) => f,
        Err(r) => refused(r, state, max),
    })?;
    let message = decoded.rejection_message();
    let rejected = decoded.rejected;
    state.store.write_logs(decoded.records).await.map_err(|e| {
        tracing::error!(error = %e, "log records were not stored; answering 503");
        Failure::not_stored(&e)
    })?;
    drop(permit);
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, encoding.content_type())],
        logs::encode_response(encoding, rejected, message),
    )
        .into_response())
}
