//! `canopy serve`: the OTLP/HTTP receiver and the query API on one port.
//!
//! [`launch`] takes an already-bound listener and a shutdown future, so tests bind port 0 and
//! stop the server by resolving the future, with no sleeps. On shutdown the server stops
//! accepting connections, lets requests in flight finish (their spans are committed before they
//! are answered), then closes the store so the writer commits whatever is queued.

mod error;
mod ingest;
mod query;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::store::Store;

pub use error::ApiError;

/// Bounds on what one request may ask of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, measured after decompression.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 * 1024 * 1024,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub limits: Arc<Limits>,
}

/// The routes, without a listener (tests may call it with `tower::ServiceExt::oneshot`).
pub fn router(state: AppState) -> Router {
    let max_body = state.limits.max_body_bytes;
    Router::new()
        .route(
            "/v1/traces",
            post(ingest::traces).layer(DefaultBodyLimit::max(max_body)),
        )
        .route("/api/v1/traces", get(query::list_traces))
        .route("/api/v1/traces/{trace_id}", get(query::get_trace))
        .route(
            "/api/v1/traces/{trace_id}/spans/{span_id}",
            get(query::get_span),
        )
        .route(
            "/api/v1/traces/{trace_id}/annotations",
            post(query::add_annotation),
        )
        .route("/api/v1/spans", get(query::list_spans))
        .route("/api/v1/sessions", get(query::list_sessions))
        .route("/api/v1/usage", get(query::usage))
        .route("/api/v1/sessions/{session_id}", get(query::get_session))
        .route("/api/v1/facets", get(query::facets))
        .route(
            "/healthz",
            get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
        )
        .route(
            "/readyz",
            get(|| async { axum::Json(serde_json::json!({"status": "ready"})) }),
        )
        .fallback(|uri: axum::http::Uri| async move {
            ApiError::not_found(format!("no such endpoint: {}", uri.path()))
                .with_hint("the query API lives under /api/v1/, OTLP ingest at POST /v1/traces")
        })
        .with_state(state)
}

/// Serves until `shutdown` resolves, then drains requests in flight and closes the store.
pub async fn launch<F>(
    store: Arc<dyn Store>,
    limits: Limits,
    listener: TcpListener,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let app = router(AppState {
        store: Arc::clone(&store),
        limits: Arc::new(limits),
    });
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    store.close().await;
    served
}
