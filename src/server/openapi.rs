//! The OpenAPI 3.1 document of the server, served at `GET /api/v1/openapi.json`.
//!
//! It is generated, not written: the schemas come from the model types (`#[derive(ToSchema)]`,
//! and for the types with a hand-written `Serialize` from the wire structs that write them), the
//! operations from `#[utoipa::path]` on the handlers. What the macros cannot see is added here:
//!
//! - the query parameters: the handlers read the raw query string with the parsers of
//!   `model::query` (so unknown parameters are a 400), and the structs below only describe
//!   what those parsers accept; a test checks the closed sets against the parsers' own names;
//! - the answers every route shares (401 and 503 on the query API, the Host guard's 403), and
//!   ingest's OTLP error shape, added by [`CommonResponses`];
//! - the bearer scheme.
//!
//! The document itself needs no token, like `/healthz`: it says nothing about the data, clients
//! and fuzzers need it before they have a token, and every route it describes still checks its
//! own. The loopback Host guard applies to it as to everything else.
//!
//! A test (`tests/cli/test_openapi.rs`) fails when a route of `server::router` is missing here.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response as ApiResponse, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, KnownFormat, ObjectBuilder, Ref, RefOr, SchemaFormat, Type};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use crate::model::{Order, SortKey, SpanKind, SpanScope, StatusFilter, UsageBy};

/// The document, with every route of `server::router`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "canopy",
        description = "The query API and OTLP/HTTP receiver of `canopy serve`.\n\n\
            Every `/api/v1` route except this document needs the read token when the server has \
            one (`--token` or `--read-token`), ingest the ingest token, sent as \
            `Authorization: Bearer <token>`. A server on a loopback address may run without \
            tokens, and then answers only requests whose `Host` is a loopback name.\n\n\
            Times are RFC 3339 in UTC with nine fractional digits; ids are lowercase hex. \
            Errors are `{\"error\": {\"code\", \"message\", \"hint\"}}`."
    ),
    paths(
        super::query::list_traces,
        super::query::get_trace,
        super::query::get_trace_outline,
        super::query::get_span,
        super::query::add_annotation,
        super::query::list_spans,
        super::query::facets,
        super::query::list_sessions,
        super::query::get_session,
        super::query::usage,
        openapi_json,
        super::ingest::traces,
        super::ingest::logs,
        super::healthz,
        super::readyz,
    ),
    // Query parameters refer to these; bodies' schemas are collected from the paths.
    components(schemas(
        StatusFilter,
        SpanScope,
        SortKey,
        Order,
        FacetTarget,
        UsageBy,
        Protobuf,
        RpcStatus,
        OtlpExportResponse
    )),
    modifiers(&CommonResponses),
    tags(
        (name = "traces", description = "Traces, one summary row each, and whole traces"),
        (name = "spans", description = "Span search"),
        (name = "sessions", description = "Traces that share a session id"),
        (name = "usage", description = "Tokens and cost, grouped"),
        (name = "ingest", description = "OTLP/HTTP receiver (protobuf or JSON, optionally gzip)"),
        (name = "meta", description = "Health, readiness and this document"),
    )
)]
pub struct ApiDoc;

/// The document as JSON, built once.
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .expect("the OpenAPI document serializes")
    })
}

/// This document. It needs no token (see the module docs).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this server", content_type = "application/json", body = Object)),
    security(()),
)]
pub async fn openapi_json() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        document(),
    )
        .into_response()
}

/// The filters every list route shares (`model::Filter`). A parameter given several times
/// matches any of its values; different parameters must all match. For traces, span-level
/// filters (kind, model, agent, attr, text…) match a trace with at least one such span.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes what `Filter::read` accepts; never built"
)]
pub struct FilterParams {
    /// Started at or after: RFC 3339 (any offset, any precision) or integer Unix nanoseconds.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-21T12:00:00Z")]
    from: Option<String>,
    /// Started before: RFC 3339 or integer Unix nanoseconds.
    #[param(value_type = Option<String>, format = DateTime)]
    to: Option<String>,
    /// `service.name`.
    service: Option<Vec<String>>,
    /// The semantic span kind (any case).
    kind: Option<Vec<SpanKind>>,
    model: Option<Vec<String>>,
    provider: Option<Vec<String>>,
    /// Session id.
    session: Option<Vec<String>>,
    /// User id.
    user: Option<Vec<String>>,
    /// Agent name.
    agent: Option<Vec<String>>,
    /// With an error, or without one.
    status: Option<StatusFilter>,
    /// Name contains, case-insensitive: the root span's for traces, the span's for spans.
    name: Option<String>,
    /// Nanoseconds, inclusive: the trace's duration for traces, the span's for spans.
    min_duration: Option<i64>,
    /// Nanoseconds, inclusive.
    max_duration: Option<i64>,
    /// A condition on a raw attribute, `KEY OP VALUE` with OP one of `=`, `!=`, `~`
    /// (contains, case-insensitive), `>`, `<` (numeric when both sides are numbers), or
    /// `KEY exists`.
    #[param(pattern = r"^\S+ ((=|!=|~|>|<) .*|exists)$", example = json!(["llm.model_name = gpt-4o"]))]
    attr: Option<Vec<String>>,
    /// Appears (case-insensitive) in a span's name, attributes, status message or events.
    text: Option<String>,
    /// Carries an annotation with this label.
    annotation: Option<Vec<String>>,
}

/// Order of a list: by `sort`, ties broken on trace id then span id in the same direction.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes what the list parsers accept; never built"
)]
pub struct SortParams {
    /// What rows are ordered by (default `start`).
    sort: Option<SortKey>,
    /// Direction (default `desc`).
    order: Option<Order>,
}

/// One page of a list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes what the list parsers accept; never built"
)]
pub struct PageParams {
    /// Rows per page: default 50, clamped to 1..=1000.
    #[param(minimum = 0, example = 50)]
    limit: Option<u64>,
    /// The `next_cursor` of the previous page (opaque; it must come from a list with the same
    /// `sort`).
    cursor: Option<String>,
}

/// What narrows a span list to one trace or to where work begins.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes what `SpanQuery::from_pairs` accepts; never built"
)]
pub struct SpanParams {
    /// Only this trace's spans: its id or a unique prefix of it (hex).
    #[param(pattern = "^[0-9a-fA-F]{1,32}$")]
    trace_id: Option<String>,
    /// `root`: spans without a parent; `entrypoint`: roots and spans whose parent is in another
    /// service or never arrived (default `all`).
    scope: Option<SpanScope>,
}

/// What facets count.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum FacetTarget {
    Traces,
    Spans,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes what `facets` accepts; never built")]
pub struct FacetParams {
    /// Count traces (the default; `trace_id` and `scope` are then refused) or spans.
    target: Option<FacetTarget>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes what `UsageQuery::from_pairs` accepts; never built"
)]
pub struct UsageParams {
    /// What groups are keyed by (default `model`); `day` is the UTC day a call started.
    by: Option<UsageBy>,
}

/// `google.rpc.Status`, the error body of OTLP/HTTP (JSON form; protobuf when the request was).
#[derive(ToSchema)]
#[expect(dead_code, reason = "documents ingest's error body; never built")]
pub struct RpcStatus {
    /// A gRPC status code: 3 invalid argument, 4 deadline exceeded, 8 resource exhausted,
    /// 14 unavailable, 16 unauthenticated.
    code: i32,
    message: String,
}

/// `Export{Trace,Logs}ServiceResponse` in OTLP/JSON: empty, or a partial success that says
/// what was rejected or cut.
#[derive(ToSchema)]
#[expect(dead_code, reason = "documents ingest's answer; never built")]
pub struct OtlpExportResponse {
    /// `{"rejectedSpans" (or "rejectedLogRecords"): "<count as a string>", "errorMessage"}`.
    #[schema(value_type = Option<Object>, rename = "partialSuccess")]
    partial_success: Option<serde_json::Value>,
}

/// An OTLP protobuf message, as bytes.
pub struct Protobuf;

impl utoipa::PartialSchema for Protobuf {
    fn schema() -> RefOr<utoipa::openapi::schema::Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .content_media_type("application/x-protobuf")
            .into()
    }
}

impl ToSchema for Protobuf {}

/// Adds what every route shares: the bearer scheme, 401 and 503 on the query API, the Host
/// guard's 403 everywhere, and ingest's OTLP error answers.
pub struct CommonResponses;

fn error_response(description: &str) -> RefOr<ApiResponse> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build(),
        )
        .build()
        .into()
}

fn otlp_error_response(description: &str) -> RefOr<ApiResponse> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("RpcStatus")))
                .build(),
        )
        .content(
            "application/x-protobuf",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Protobuf")))
                .build(),
        )
        .build()
        .into()
}

impl Modify for CommonResponses {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "`--token` (everything), `--read-token` (the query API) or \
                         `--ingest-token` (ingest); not needed by a server without tokens",
                    ))
                    .build(),
            ),
        );
        let bearer = || vec![SecurityRequirement::new("bearer", Vec::<String>::new())];
        for (path, item) in doc.paths.paths.iter_mut() {
            let ops: [Option<&mut Operation>; 2] = [item.get.as_mut(), item.post.as_mut()];
            for op in ops.into_iter().flatten() {
                let responses = &mut op.responses.responses;
                responses.insert(
                    "403".into(),
                    error_response(
                        "forbidden_host: the server listens on loopback and the Host header is \
                         not a loopback name (DNS rebinding guard)",
                    ),
                );
                if path.starts_with("/api/v1/") && path != "/api/v1/openapi.json" {
                    op.security = Some(bearer());
                    responses.insert(
                        "401".into(),
                        error_response("unauthorized: the read token is missing or wrong"),
                    );
                    responses.insert(
                        "503".into(),
                        error_response(
                            "unavailable or storage_error: the store cannot answer now (with \
                             `Retry-After`)",
                        ),
                    );
                } else if path.starts_with("/v1/") {
                    op.security = Some(bearer());
                    for (status, what) in [
                        ("400", "the request can never be accepted (malformed data)"),
                        ("401", "the ingest token is missing or wrong"),
                        ("408", "the body did not arrive in time"),
                        (
                            "413",
                            "the body (after decompression) or its span count is too large",
                        ),
                        ("415", "unsupported Content-Type or Content-Encoding"),
                        ("429", "the server is busy: retry after `Retry-After`"),
                        ("503", "storing failed: retry after `Retry-After`"),
                    ] {
                        responses.insert(status.into(), otlp_error_response(what));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enum_values(schema: &str) -> Vec<String> {
        let doc: serde_json::Value = serde_json::from_str(document()).unwrap();
        let schema = &doc["components"]["schemas"][schema];
        let values = schema["enum"].as_array();
        values
            .unwrap_or_else(|| panic!("no enum in {schema}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    /// The closed sets of values in the document are the ones the parsers accept.
    #[test]
    fn documented_enums_match_the_parsers() {
        assert_eq!(enum_values("StatusFilter"), StatusFilter::names());
        assert_eq!(enum_values("SpanScope"), SpanScope::names());
        assert_eq!(enum_values("SortKey"), SortKey::names());
        assert_eq!(enum_values("Order"), Order::names());
        let usage: Vec<&str> = UsageBy::ALL.iter().map(|b| b.as_str()).collect();
        assert_eq!(enum_values("UsageBy"), usage);
        let kinds: Vec<&str> = SpanKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(enum_values("SpanKind"), kinds);
    }
}
