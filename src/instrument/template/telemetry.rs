//! OpenTelemetry export for this program, added by `canopy instrument` (and removed again,
//! byte for byte, by `canopy instrument --undo`, as long as this file is left as it is).
//!
//! [`init`] is called first thing in `main`. It builds a tracer provider that batches spans and
//! sends them over OTLP/HTTP from a thread of its own (so it works with or without Tokio),
//! bridges the spans of the `tracing` crate into it, and returns a [`Guard`] that flushes what
//! is left when `main` returns (`std::process::exit` skips that). It never panics: when
//! something is wrong it says so on stderr and the program runs without export.
//!
//! Configuration comes from the standard OpenTelemetry variables, so no address or token is
//! written here:
//!
//! - `OTEL_EXPORTER_OTLP_ENDPOINT`: where to send, default `http://localhost:4318`
//!   (where `canopy serve` listens); `/v1/traces` is appended.
//! - `OTEL_EXPORTER_OTLP_HEADERS`: extra headers, `key=value,key2=value2` (an API token).
//! - `OTEL_SERVICE_NAME`: the service name, default the package name.
//!
//! `tracing` spans at INFO and above are exported (`#[tracing::instrument]` and `info_span!`
//! are INFO); change [`LEVEL`] to export more. When the program installs its own subscriber,
//! [`layer`] is added to it instead and that subscriber's filters decide.
//!
//! The helpers open spans that canopy (and any OpenInference viewer) shows with their kind:
//!
//! ```ignore
//! let agent = telemetry::agent_span("planner");
//! let _entered = agent.enter();
//! telemetry::set_input(&agent, "plan a trip to Lisbon");
//! let llm = telemetry::llm_span("gpt-4o-mini");
//! llm.in_scope(|| { /* call the model */ });
//! telemetry::set_tokens(&llm, 812, 64);
//! telemetry::set_output(&agent, "day 1: …");
//! ```
//!
//! For async code, attach the span with `tracing::Instrument::instrument(future, span)`.
#![allow(dead_code)]

use std::sync::OnceLock;

use opentelemetry::trace::{Status, TracerProvider as _};
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use tracing::Span;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt as _;

/// The least severe `tracing` level that is exported.
pub const LEVEL: LevelFilter = LevelFilter::INFO;

static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();

/// Flushes and shuts the exporter down when dropped: keep it alive until `main` returns.
#[must_use = "dropping the guard flushes and stops the export; keep it until main returns"]
pub struct Guard(Option<SdkTracerProvider>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(provider) = self.0.take() {
            if let Err(err) = provider.shutdown() {
                eprintln!("telemetry: spans could not be exported: {err}");
            }
        }
    }
}

/// Starts the export and installs a `tracing` subscriber that sends spans to it.
pub fn init() -> Guard {
    let guard = init_exporter();
    if let Some(layer) = layer() {
        let subscriber = tracing_subscriber::registry().with(LEVEL).with(layer);
        if let Err(err) = subscriber.try_init() {
            eprintln!(
                "telemetry: a tracing subscriber is already installed ({err}); \
                 add `.with(telemetry::layer())` to it to export its spans"
            );
        }
    }
    guard
}

/// Starts the export without installing a subscriber; add [`layer`] to yours.
pub fn init_exporter() -> Guard {
    let mut resource = opentelemetry_sdk::Resource::builder();
    let named = std::env::var("OTEL_SERVICE_NAME").is_ok_and(|name| !name.is_empty());
    if !named {
        resource = resource.with_service_name(env!("CARGO_PKG_NAME"));
    }
    // Endpoint, headers and timeout are read from the OTEL_EXPORTER_OTLP_* variables.
    let exporter = match opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .build()
    {
        Ok(exporter) => exporter,
        Err(err) => {
            eprintln!("telemetry: spans will not be exported: {err}");
            return Guard(None);
        }
    };
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
    let _ = PROVIDER.set(provider.clone());
    Guard(Some(provider))
}

/// The layer that turns `tracing` spans into OpenTelemetry spans, for an existing subscriber
/// (`registry().with(fmt::layer()).with(telemetry::layer()).init()`); spans pass through that
/// subscriber's filters. `None` (a layer that does nothing) before [`init_exporter`].
///
/// It carries no per-layer filter of its own on purpose: `tracing_subscriber::fmt::Subscriber`
/// panics when a layer with one is added to it.
pub fn layer<S>() -> Option<impl Layer<S>>
where
    S: tracing::Subscriber + for<'span> LookupSpan<'span>,
{
    let tracer: SdkTracer = PROVIDER.get()?.tracer(env!("CARGO_PKG_NAME"));
    Some(tracing_opentelemetry::layer().with_tracer(tracer))
}

/// An AGENT span: one run of an agent, the parent of its LLM and TOOL spans.
pub fn agent_span(name: &str) -> Span {
    let span = tracing::info_span!("agent", otel.name = name, openinference.span.kind = "AGENT");
    span.set_attribute("agent.name", name.to_string());
    span
}

/// A CHAIN span: a step of a workflow that is not a model or tool call.
pub fn chain_span(name: &str) -> Span {
    tracing::info_span!("chain", otel.name = name, openinference.span.kind = "CHAIN")
}

/// A TOOL span: one tool call; record its arguments with [`set_input`] and result with
/// [`set_output`].
pub fn tool_span(name: &str) -> Span {
    let span = tracing::info_span!("tool", otel.name = name, openinference.span.kind = "TOOL");
    span.set_attribute("tool.name", name.to_string());
    span
}

/// An LLM span: one model call; record tokens with [`set_tokens`].
pub fn llm_span(model: &str) -> Span {
    let span = tracing::info_span!("llm", otel.name = model, openinference.span.kind = "LLM");
    span.set_attribute("llm.model_name", model.to_string());
    span
}

/// Records what went into a span (`input.value`): a prompt, a question, tool arguments.
pub fn set_input(span: &Span, value: impl Into<String>) {
    span.set_attribute("input.value", value.into());
}

/// Records what came out of a span (`output.value`): an answer, a tool result.
pub fn set_output(span: &Span, value: impl Into<String>) {
    span.set_attribute("output.value", value.into());
}

/// Records an LLM call's token counts (`llm.token_count.prompt/completion/total`).
pub fn set_tokens(span: &Span, prompt: u32, completion: u32) {
    span.set_attribute("llm.token_count.prompt", i64::from(prompt));
    span.set_attribute("llm.token_count.completion", i64::from(completion));
    let total = i64::from(prompt) + i64::from(completion);
    span.set_attribute("llm.token_count.total", total);
}

/// Marks a span as failed, with a message canopy shows next to it.
pub fn set_error(span: &Span, message: impl Into<String>) {
    span.set_status(Status::error(message.into()));
}
