//! Criterion benches for what the CLI does with a trace once it has it, and for the per-trace
//! analysis the store runs at ingest: span tree building, the tree and timeline renderers (with
//! the CLI's default outline: runs of similar siblings folded), the trace summary
//! (`model::analyze`), and the trace list renderers.
//!
//! Spans come from the shared agent-shaped generator, decoded and normalized as at ingest; the
//! 10k-span trace is one agent run with nested sub-agents.

use std::hint::black_box;

use canopy::model::{Nanos, Span, SpanFacts, SpanTree, TraceSummary, analyze};
use canopy::render::outline::OutlineOptions;
use canopy::render::symbols::UTF8;
use canopy::render::table::{ListOptions, traces_table, traces_tsv};
use canopy::render::timeline::{self, TimelineOptions};
use canopy::render::tree::{self, TreeOptions};
use canopy::semconv;
use canopy::ui::Styles;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod support;

use support::Workload;

fn trace_spans(size: usize) -> (canopy::model::TraceId, Vec<Span>) {
    let (id, req) = Workload::single_trace(7, size, 1_790_000_000_000_000_000);
    let mut spans = canopy::otlp::spans_from_request(req).spans;
    semconv::normalize(&mut spans, semconv::Pricing::builtin_ref());
    spans.sort_by_key(|s| (s.start_time, s.span_id));
    (canopy::model::TraceId(id), spans)
}

fn trees(c: &mut Criterion) {
    let styles = Styles::default();
    let mut g = c.benchmark_group("view");
    for size in [50usize, 10_000] {
        let (id, spans) = trace_spans(size);
        g.throughput(Throughput::Elements(size as u64));
        g.bench_function(format!("tree_build_{size}"), |b| {
            b.iter(|| SpanTree::build(black_box(&spans)).walk().len())
        });
        let tree = SpanTree::build(&spans);
        let opts = TreeOptions {
            styles: &styles,
            symbols: &UTF8,
            width: Some(120),
            outline: OutlineOptions::default(),
        };
        g.bench_function(format!("tree_render_{size}"), |b| {
            b.iter(|| tree::render(black_box(&tree), &opts))
        });
        let opts = TimelineOptions {
            styles: &styles,
            symbols: &UTF8,
            width: 120,
            outline: OutlineOptions::default(),
        };
        g.bench_function(format!("timeline_render_{size}"), |b| {
            b.iter(|| timeline::render(black_box(&tree), &opts))
        });
        let facts: Vec<SpanFacts> = spans.iter().map(SpanFacts::from).collect();
        g.bench_function(format!("analyze_{size}"), |b| {
            b.iter(|| analyze(id, black_box(&facts)).expect("spans"))
        });
    }
    let summaries: Vec<TraceSummary> = (0..50)
        .map(|i| {
            let (id, spans) = trace_spans(50);
            let facts: Vec<SpanFacts> = spans.iter().map(SpanFacts::from).collect();
            let mut s = analyze(id, &facts).expect("spans").summary;
            s.start_time = Nanos(s.start_time.0 + i);
            s
        })
        .collect();
    let list = ListOptions {
        styles: &styles,
        width: 120,
        now: Nanos(1_790_000_100_000_000_000),
        colored: false,
    };
    g.throughput(Throughput::Elements(50));
    g.bench_function("traces_table_50", |b| {
        b.iter(|| traces_table(black_box(&summaries), &list))
    });
    g.bench_function("traces_tsv_50", |b| {
        b.iter(|| traces_tsv(black_box(&summaries)))
    });
    g.finish();
}

criterion_group!(benches, trees);
criterion_main!(benches);
