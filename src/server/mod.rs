//! `canopy serve`: the OTLP/HTTP receiver and the query API on one port.
//!
//! [`Server::serve`] takes an already-bound listener and a shutdown future, so tests bind port 0
//! and stop the server by resolving the future, with no sleeps. On shutdown the server stops
//! accepting connections, lets requests in flight finish (their spans are committed before they
//! are answered), stops the retention sweeper, then closes the store so the writer commits
//! whatever is queued.
//!
//! What the server protects itself with, each a field of [`Config`]: [`Limits`] on one request
//! and on ingest's memory in flight ([`budget`]), tokens and the loopback Host guard
//! ([`auth`]), and a retention age ([`retention`]). Every route is described in the OpenAPI
//! document of [`openapi`], served at `/api/v1/openapi.json`.

pub mod auth;
pub mod budget;
mod error;
pub mod grpc;
mod ingest;
pub mod openapi;
pub mod query;
pub mod retention;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::otlp::ValueLimits;
use crate::otlp::value::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUE_BYTES};
use crate::semconv::Pricing;
use crate::store::Store;

pub use auth::Auth;
pub use budget::Budget;
pub use error::ApiError;

/// Bounds on what one request, and ingest as a whole, may ask of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, measured after decompression (413 past it).
    pub max_body_bytes: usize,
    /// Memory all ingest requests together may hold while being read, decoded, queued and
    /// written (429 with `Retry-After` past it). Decoding takes about 3–4× the body, so keep it
    /// at several times `max_body_bytes`.
    pub max_inflight_bytes: usize,
    /// Spans in one request (413 past it).
    pub max_spans_per_request: usize,
    /// Bytes of one attribute value, name or key; longer ones are cut and marked.
    pub max_attribute_bytes: usize,
    /// Array/map nesting inside one attribute value; deeper levels are cut and marked.
    pub max_attribute_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 * 1024 * 1024,
            max_inflight_bytes: 256 * 1024 * 1024,
            max_spans_per_request: 50_000,
            max_attribute_bytes: DEFAULT_MAX_VALUE_BYTES,
            max_attribute_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

impl Limits {
    /// The limits the OTLP decoder applies to values.
    pub fn value_limits(&self) -> ValueLimits {
        ValueLimits {
            max_bytes: self.max_attribute_bytes,
            max_depth: self.max_attribute_depth,
        }
    }
}

/// Everything a server is started with besides its store and listener.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub limits: Limits,
    pub auth: Auth,
    /// Delete traces older than this; `None` keeps everything.
    pub retention: Option<Duration>,
    /// The prices that estimate the cost of LLM calls that report none.
    pub pricing: Arc<Pricing>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::default(),
            auth: Auth::open(),
            retention: Some(retention::DEFAULT_RETENTION),
            pricing: Arc::new(Pricing::builtin()),
        }
    }
}

/// The default settings (an open server that keeps 30 days) with these limits.
impl From<Limits> for Config {
    fn from(limits: Limits) -> Config {
        Config {
            limits,
            ..Config::default()
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub limits: Arc<Limits>,
    pub budget: Arc<Budget>,
    pub auth: Arc<Auth>,
    /// Refuse requests for non-loopback Host names (set when listening on loopback).
    pub loopback_only: bool,
    pub pricing: Arc<Pricing>,
}

/// How the message of a 404 for a path no route serves begins: clients tell an older server
/// that lacks a route from a missing trace by it.
pub const NO_SUCH_ENDPOINT: &str = "no such endpoint";

/// The routes, without a listener (tests may call it with `tower::ServiceExt::oneshot`).
pub fn router(state: AppState) -> Router {
    // Every query API route, annotations included, needs the read token when there is one;
    // the OpenAPI document, added below, does not (see `openapi`).
    let api = Router::new()
        .route("/api/v1/traces", get(query::list_traces))
        .route("/api/v1/traces/{trace_id}", get(query::get_trace))
        .route(
            "/api/v1/traces/{trace_id}/outline",
            get(query::get_trace_outline),
        )
        .route(
            "/api/v1/traces/{trace_id}/spans/{span_id}",
            get(query::get_span),
        )
        .route(
            "/api/v1/traces/{trace_id}/annotations",
            post(query::add_annotation),
        )
        .route("/api/v1/spans", get(query::list_spans))
        .route("/api/v1/facets", get(query::facets))
        .route("/api/v1/sessions", get(query::list_sessions))
        .route("/api/v1/sessions/{session_id}", get(query::get_session))
        .route("/api/v1/usage", get(query::usage))
        .route_layer(from_fn_with_state(state.clone(), auth::require_read_token));
    Router::new()
        .route("/v1/logs", post(ingest::logs))
        .route("/v1/traces", post(ingest::traces))
        .merge(api)
        .route("/api/v1/openapi.json", get(openapi::openapi_json))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(|uri: axum::http::Uri| async move {
            ApiError::not_found(format!("{NO_SUCH_ENDPOINT}: {}", uri.path()))
                .with_hint("the query API lives under /api/v1/, OTLP ingest at POST /v1/traces")
        })
        .layer(from_fn_with_state(state.clone(), auth::loopback_hosts_only))
        .with_state(state)
}

/// The answer of `/healthz`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(examples("ok"))]
    status: &'static str,
}

/// Alive: the process answers. Never needs a token.
#[utoipa::path(get, path = "/healthz", tag = "meta", security(()),
    responses((status = 200, description = "The server is up", body = Health)))]
async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// The answer of `/readyz`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Ready {
    /// Always `ready`.
    #[schema(examples("ready"))]
    status: &'static str,
    ingest: IngestGauge,
}

/// How much of ingest's memory budget is in use.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct IngestGauge {
    inflight_bytes: usize,
    max_inflight_bytes: usize,
}

/// Ready, and how much of ingest's memory budget is in use. Never needs a token.
#[utoipa::path(get, path = "/readyz", tag = "meta", security(()),
    responses((status = 200, description = "The server is ready", body = Ready)))]
async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> axum::Json<Ready> {
    axum::Json(Ready {
        status: "ready",
        ingest: IngestGauge {
            inflight_bytes: state.budget.in_use(),
            max_inflight_bytes: state.budget.capacity(),
        },
    })
}

/// A server ready to serve: its state is built, so tests can watch its gauges.
pub struct Server {
    state: AppState,
    retention: Option<Duration>,
    grpc: Option<TcpListener>,
}

impl Server {
    pub fn new(store: Arc<dyn Store>, config: Config) -> Server {
        let budget = Budget::new(config.limits.max_inflight_bytes);
        Server {
            state: AppState {
                store,
                limits: Arc::new(config.limits),
                budget,
                auth: Arc::new(config.auth),
                loopback_only: false,
                pricing: config.pricing,
            },
            retention: config.retention,
            grpc: None,
        }
    }

    /// Also serves OTLP/gRPC on `listener` (see [`grpc`]).
    pub fn with_grpc(mut self, listener: TcpListener) -> Server {
        self.grpc = Some(listener);
        self
    }

    /// Ingest's memory budget: what is in use, the peak, how often it refused.
    pub fn budget(&self) -> Arc<Budget> {
        Arc::clone(&self.state.budget)
    }

    /// Serves until `shutdown` resolves, then drains requests in flight and closes the store.
    pub async fn serve<F>(mut self, listener: TcpListener, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.state.loopback_only = listener.local_addr()?.ip().is_loopback();
        let store = Arc::clone(&self.state.store);
        // One shutdown for both listeners: the HTTP server's future flips the flag gRPC waits on.
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let shutdown = async move {
            shutdown.await;
            let _ = stop.send(true);
        };
        let grpc = self.grpc.take().map(|listener| {
            let mut stopped = stopped.clone();
            let state = self.state.clone();
            tokio::spawn(async move {
                let until = async move {
                    let _ = stopped.wait_for(|s| *s).await;
                };
                if let Err(e) = grpc::serve(state, listener, until).await {
                    tracing::error!(error = %e, "OTLP/gRPC server failed");
                }
            })
        });
        let sweeper = self
            .retention
            .map(|age| tokio::spawn(retention::sweep_forever(Arc::clone(&store), age)));
        let served = axum::serve(listener, router(self.state))
            .with_graceful_shutdown(shutdown)
            .await;
        if let Some(grpc) = grpc {
            // Requests in flight on gRPC finish (and commit) before the store closes.
            let _ = grpc.await;
        }
        if let Some(sweeper) = sweeper {
            sweeper.abort();
            let _ = sweeper.await;
        }
        store.close().await;
        served
    }
}

/// Serves until `shutdown` resolves, then drains requests in flight and closes the store.
pub async fn launch<F>(
    store: Arc<dyn Store>,
    config: impl Into<Config>,
    listener: TcpListener,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    Server::new(store, config.into())
        .serve(listener, shutdown)
        .await
}
