//! Criterion benches for the read path: the trace list query, reading a trace back (store
//! read, subtree sums, `semconv::complete`, JSON for the wire) and the CLI's JSON decode.
//!
//! The store is filled with the shared agent-shaped load through `Store::write`, as ingest
//! does: 200k spans under `cargo bench` (5k under `cargo test --benches`), plus one 10k-span
//! trace.

use std::hint::black_box;
use std::sync::Arc;

use canopy::client::decode_json;
use canopy::model::{Filter, Nanos, Trace, TraceDetail, TraceId, TraceOutline, TraceQuery};
use canopy::semconv;
use canopy::server::query::{read_outline, read_trace};
use canopy::store::{SpanAttributes, SqliteStore, Store};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use prost::Message;

mod support;

use support::{LoadSpec, Workload};

const END: i64 = 1_790_000_000_000_000_000;
const HOUR: i64 = 3_600_000_000_000;

fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

struct Fixture {
    rt: tokio::runtime::Runtime,
    store: Arc<SqliteStore>,
    _dir: tempfile::TempDir,
    trace50: TraceId,
    trace10k: TraceId,
}

fn normalized(body: &[u8]) -> Vec<canopy::model::Span> {
    let req = canopy::otlp::decode_request(body, canopy::otlp::Encoding::Protobuf).expect("valid");
    let mut spans = canopy::otlp::spans_from_request(req).spans;
    semconv::normalize(&mut spans, semconv::Pricing::builtin_ref());
    spans
}

fn fixture() -> Fixture {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open(&dir.path().join("canopy.db")).expect("opens"));
    let spans = if full_run() { 200_000 } else { 5_000 };
    let w = Workload::new(LoadSpec {
        seed: 42,
        spans,
        spans_per_request: 512,
        end_ns: END,
        spread_ns: 24 * HOUR,
    });
    let (big, big_req) = Workload::single_trace(42, 10_000, END - HOUR / 2);
    rt.block_on(async {
        for chunk in (0..w.requests()).collect::<Vec<_>>().chunks(8) {
            let writes: Vec<_> = chunk
                .iter()
                .map(|&i| {
                    let (store, spans) = (
                        Arc::clone(&store),
                        normalized(&w.request(i).encode_to_vec()),
                    );
                    tokio::spawn(async move { store.write(spans).await })
                })
                .collect();
            for h in writes {
                h.await.expect("task").expect("stored");
            }
        }
        store
            .write(normalized(&big_req.encode_to_vec()))
            .await
            .expect("stored");
    });
    let t = w.newest_trace_of_len(50).expect("a 50-span trace");
    Fixture {
        rt,
        store,
        _dir: dir,
        trace50: TraceId(w.trace(t).trace_id),
        trace10k: TraceId(big),
    }
}

/// What `GET /api/v1/traces/{id}` does before it answers.
fn api_trace(f: &Fixture, id: TraceId, detail: TraceDetail) -> Vec<u8> {
    let trace = f.rt.block_on(read_trace(&*f.store, id, detail));
    serde_json::to_vec(&trace.expect("stored")).expect("serializes")
}

/// What `GET /api/v1/traces/{id}/outline` makes: the tree and timeline's read.
fn api_outline(f: &Fixture, id: TraceId) -> Vec<u8> {
    let outline = f.rt.block_on(read_outline(&*f.store, id));
    serde_json::to_vec(&outline.expect("stored")).expect("serializes")
}

fn queries(c: &mut Criterion) {
    let f = fixture();
    let mut g = c.benchmark_group("query");
    let list = TraceQuery {
        filter: Filter {
            from: Some(Nanos(END - HOUR)),
            ..Filter::default()
        },
        limit: Some(50),
        ..TraceQuery::default()
    };
    g.bench_function("list_traces_1h", |b| {
        b.iter(|| {
            f.rt.block_on(f.store.list_traces(black_box(&list)))
                .expect("lists")
        })
    });
    g.throughput(Throughput::Elements(50));
    g.bench_function("get_trace_50", |b| {
        b.iter(|| {
            f.rt.block_on(f.store.get_trace(f.trace50, SpanAttributes::All))
                .expect("stored")
        })
    });
    g.bench_function("api_trace_50", |b| {
        b.iter(|| api_trace(&f, f.trace50, TraceDetail::FULL))
    });
    g.throughput(Throughput::Elements(10_000));
    g.sample_size(10);
    g.bench_function("get_trace_10k", |b| {
        b.iter(|| {
            f.rt.block_on(f.store.get_trace(f.trace10k, SpanAttributes::All))
                .expect("stored")
        })
    });
    g.bench_function("api_trace_10k", |b| {
        b.iter(|| api_trace(&f, f.trace10k, TraceDetail::FULL))
    });
    g.bench_function("api_trace_10k_no_io", |b| {
        b.iter(|| api_trace(&f, f.trace10k, TraceDetail::STRUCTURE))
    });
    g.bench_function("api_trace_10k_outline", |b| {
        b.iter(|| api_outline(&f, f.trace10k))
    });
    let json = api_trace(&f, f.trace10k, TraceDetail::FULL);
    g.bench_function("client_decode_10k", |b| {
        b.iter(|| decode_json::<Trace>(black_box(&json)).expect("decodes"))
    });
    // The outline as the client turns it into a drawable trace.
    let json = api_outline(&f, f.trace10k);
    g.bench_function("client_decode_10k_outline", |b| {
        b.iter(|| {
            decode_json::<TraceOutline>(black_box(&json))
                .expect("decodes")
                .into_trace()
        })
    });
    g.finish();
    f.rt.block_on(f.store.close());
}

criterion_group!(benches, queries);
criterion_main!(benches);
