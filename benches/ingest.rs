//! Criterion benches for the ingest path, stage by stage: decode (protobuf and OTLP/JSON), the
//! conversion to model spans, `semconv::normalize`, and the SQLite store's committed write.
//!
//! Each works on one 512-span request of the shared agent-shaped load (`support`), so
//! throughput is in spans. `cargo bench --bench ingest` measures; `cargo test --benches` (CI)
//! runs every bench once so they keep compiling and working.

use std::hint::black_box;
use std::sync::Arc;

use canopy::model::Span;
use canopy::otlp::{self, Encoding};
use canopy::semconv::{self, Pricing};
use canopy::store::{SqliteStore, Store};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use prost::Message;

mod support;

use support::{LoadSpec, Workload};

fn workload(spans: u64) -> Workload {
    Workload::new(LoadSpec {
        seed: 42,
        spans,
        spans_per_request: 512,
        end_ns: 1_790_000_000_000_000_000,
        spread_ns: 3_600_000_000_000,
    })
}

/// A request's spans, decoded and normalized, as the store receives them.
pub fn normalized(request: &[u8]) -> Vec<Span> {
    let req = otlp::decode_request(request, Encoding::Protobuf).expect("valid");
    let mut spans = otlp::spans_from_request(req).spans;
    semconv::normalize(&mut spans, Pricing::builtin_ref());
    spans
}

fn decode(c: &mut Criterion) {
    let w = workload(512);
    let request = w.request(0);
    let spans = request
        .resource_spans
        .iter()
        .flat_map(|r| &r.scope_spans)
        .map(|s| s.spans.len())
        .sum::<usize>();
    let pb = request.encode_to_vec();
    let json = serde_json::to_vec(&request).expect("serializes");
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Elements(spans as u64));
    g.bench_function("protobuf", |b| {
        b.iter(|| otlp::decode_request(black_box(&pb), Encoding::Protobuf).expect("valid"))
    });
    g.bench_function("json", |b| {
        b.iter(|| otlp::decode_request(black_box(&json), Encoding::Json).expect("valid"))
    });
    g.bench_function("to_model", |b| {
        b.iter_batched(
            || request.clone(),
            otlp::spans_from_request,
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn normalize(c: &mut Criterion) {
    let w = workload(512);
    let req = w.request(0);
    let decoded = otlp::spans_from_request(req).spans;
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(decoded.len() as u64));
    g.bench_function("request_512", |b| {
        b.iter_batched(
            || decoded.clone(),
            |mut spans| {
                semconv::normalize(&mut spans, Pricing::builtin_ref());
                spans
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// Eight requests written concurrently, as the server's handlers do: the writer commits them
/// together (one fsync), so this is the store's share of sustained ingest.
fn store_write(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open(&dir.path().join("canopy.db")).expect("opens"));
    let w = workload(512 * 4_000);
    let mut next = 0usize;
    let mut g = c.benchmark_group("store");
    g.throughput(Throughput::Elements(8 * 512));
    g.sample_size(20);
    g.bench_function("write_8x512", |b| {
        b.iter_batched(
            || {
                let batch: Vec<Vec<Span>> = (0..8)
                    .map(|k| normalized(&w.request((next + k) % w.requests()).encode_to_vec()))
                    .collect();
                next += 8;
                batch
            },
            |batch| {
                rt.block_on(async {
                    let writes: Vec<_> = batch
                        .into_iter()
                        .map(|spans| {
                            let store = Arc::clone(&store);
                            tokio::spawn(async move { store.write(spans).await })
                        })
                        .collect();
                    for w in writes {
                        w.await.expect("task").expect("stored");
                    }
                })
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    rt.block_on(store.close());
}

criterion_group!(benches, decode, normalize, store_write);
criterion_main!(benches);
