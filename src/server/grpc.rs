//! OTLP/gRPC on its own port (4317, the collector's), for SDKs that default to gRPC.
//!
//! The same ingest as OTLP/HTTP behind tonic's `TraceService` and `LogsService`: the ingest
//! token (as `authorization: Bearer …` metadata), the spans-per-request limit, value limits,
//! normalization, and an answer only once the spans are committed. Differences, because tonic
//! decodes a message before a handler sees it:
//!
//! - The message size limit is tonic's decoding limit, set to the body limit; a larger message
//!   is `RESOURCE_EXHAUSTED` from tonic itself.
//! - The in-flight budget is charged when the handler starts (the encoded size, times the
//!   decoded/encoded ratio), and the number of messages decoding at once is bounded by
//!   [`MAX_CONCURRENT_STREAMS`] per connection, which together bound memory.
//! - Busy answers are `UNAVAILABLE` (which OTLP exporters retry); failed storage too.
//! - gzip is accepted (`grpc-encoding: gzip`).

use opentelemetry_proto::tonic::collector::logs::v1::logs_service_server::{
    LogsService, LogsServiceServer,
};
use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{
    TraceService, TraceServiceServer,
};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTracePartialSuccess, ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use prost::Message;
use tokio::net::TcpListener;
use tonic::codec::CompressionEncoding;
use tonic::{Request, Response, Status};

use super::AppState;
use super::auth::Access;
use super::budget::Permit;
use super::ingest;
use crate::otlp::logs;

/// Messages one connection may have in flight.
pub const MAX_CONCURRENT_STREAMS: u32 = 16;
/// What a decoded message is assumed to take, per encoded byte.
const DECODED_PER_ENCODED: usize = 4;

#[derive(Clone)]
struct Otlp {
    state: AppState,
}

impl Otlp {
    /// The ingest token, when the server has one.
    fn authorize<T>(&self, request: &Request<T>) -> Result<(), Status> {
        let headers = request.metadata().clone().into_headers();
        self.state
            .auth
            .check(Access::Ingest, &headers)
            .map_err(|denied| Status::unauthenticated(denied.message()))
    }

    /// Charges a decoded message to the in-flight budget.
    fn admit(&self, encoded: usize) -> Result<Permit, Status> {
        let need = ingest::REQUEST_OVERHEAD + encoded.saturating_mul(DECODED_PER_ENCODED);
        self.state.budget.try_acquire(need).ok_or_else(|| {
            Status::unavailable(format!(
                "canopy is busy: {} of {} MiB of ingest memory in use; retry shortly",
                self.state.budget.in_use() >> 20,
                self.state.budget.capacity() >> 20
            ))
        })
    }
}

fn not_stored(e: impl std::fmt::Display) -> Status {
    tracing::error!(error = %e, "gRPC ingest: not stored; answering UNAVAILABLE");
    Status::unavailable(format!("spans were not stored: {e}"))
}

#[tonic::async_trait]
impl TraceService for Otlp {
    async fn export(
        &self,
        request: Request<ExportTraceServiceRequest>,
    ) -> Result<Response<ExportTraceServiceResponse>, Status> {
        self.authorize(&request)?;
        let request = request.into_inner();
        let permit = self.admit(request.encoded_len())?;
        let spans: usize = request
            .resource_spans
            .iter()
            .flat_map(|r| &r.scope_spans)
            .map(|s| s.spans.len())
            .sum();
        ingest::check_span_count(spans as u64, &self.state.limits)
            .map_err(|f| Status::invalid_argument(f.message))?;
        let values = self.state.limits.value_limits();
        let pricing = self.state.pricing.clone();
        let (decoded, notes) =
            tokio::task::spawn_blocking(move || ingest::convert(request, values, 0, &pricing))
                .await
                .map_err(|e| Status::internal(format!("decoding failed: {e}")))?;
        let rejected = decoded.rejected;
        self.state
            .store
            .write(decoded.spans)
            .await
            .map_err(not_stored)?;
        drop(permit);
        let partial_success = (!notes.is_empty()).then(|| ExportTracePartialSuccess {
            rejected_spans: i64::try_from(rejected).unwrap_or(i64::MAX),
            error_message: notes.join("; "),
        });
        Ok(Response::new(ExportTraceServiceResponse {
            partial_success,
        }))
    }
}

#[tonic::async_trait]
impl LogsService for Otlp {
    async fn export(
        &self,
        request: Request<ExportLogsServiceRequest>,
    ) -> Result<Response<ExportLogsServiceResponse>, Status> {
        self.authorize(&request)?;
        let request = request.into_inner();
        let permit = self.admit(request.encoded_len())?;
        let decoded = logs::records_from_request(request, self.state.limits.value_limits());
        let message = decoded.rejection_message();
        let rejected = decoded.rejected;
        self.state
            .store
            .write_logs(decoded.records)
            .await
            .map_err(not_stored)?;
        drop(permit);
        Ok(Response::new(logs::response(rejected, message)))
    }
}

/// Serves OTLP/gRPC on `listener` until `shutdown` resolves.
pub async fn serve<F>(
    state: AppState,
    listener: TcpListener,
    shutdown: F,
) -> Result<(), tonic::transport::Error>
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let max = state.limits.max_body_bytes;
    let otlp = Otlp { state };
    let traces = TraceServiceServer::new(otlp.clone())
        .max_decoding_message_size(max)
        .accept_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Gzip);
    let logs = LogsServiceServer::new(otlp)
        .max_decoding_message_size(max)
        .accept_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Gzip);
    tonic::transport::Server::builder()
        .max_concurrent_streams(MAX_CONCURRENT_STREAMS)
        .add_service(traces)
        .add_service(logs)
        .serve_with_incoming_shutdown(
            tokio_stream::wrappers::TcpListenerStream::new(listener),
            shutdown,
        )
        .await
}
