//! The runs that make the tables: side by side, the ingest matrix, query latency at scale.
//!
//! Every run starts a fresh server on a fresh data directory, so no run sees another's data or
//! warm caches. Ingest is timed on pre-encoded requests; query latency is the median of
//! `--runs` CLI processes after three warm-up runs, stdout to /dev/null (canopy prints its
//! piped format then).

use std::time::{Duration, Instant};

use crate::load::{self, Enc, Outcome};
use crate::procs::{self, Timings};
use crate::report::{self, IngestRow, ScaleRow, Side};
use crate::support::{LoadSpec, Workload};
use crate::targets::{Product, Programs, Query, Running};
use crate::{Args, count};

const SPANS_PER_REQUEST: usize = 512;
const MINUTE: i64 = 60_000_000_000;

fn now_ns() -> i64 {
    jiff::Timestamp::now().as_nanosecond() as i64
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn spec(args: &Args, spans: u64, spread_ns: i64) -> LoadSpec {
    LoadSpec {
        seed: args.seed,
        spans,
        spans_per_request: SPANS_PER_REQUEST,
        end_ns: now_ns(),
        spread_ns,
    }
}

fn time_query(r: &Running, q: &Query, runs: usize) -> Result<Timings, String> {
    match q {
        Query::Cli(make) => procs::time_runs(make.as_ref(), 3, runs),
        Query::Rest(path) => {
            let mut times = Vec::with_capacity(runs);
            for k in 0..runs + 3 {
                let began = Instant::now();
                crate::http::get(r.query, path).map_err(|e| e.to_string())?;
                if k >= 3 {
                    times.push(began.elapsed());
                }
            }
            times.sort();
            Ok(Timings(times))
        }
    }
}

/// Sends pre-encoded bodies and charges the server's CPU time to them.
fn timed_ingest(
    r: &Running,
    enc: Enc,
    gzip: bool,
    conns: usize,
    bodies: &[load::Body],
) -> (Outcome, f64) {
    let target = r.product.ingest_target(r, enc, gzip);
    let cpu = r.server.cpu_seconds();
    let outcome = load::send_encoded(&target, conns, bodies);
    (outcome, r.server.cpu_seconds() - cpu)
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v.get(((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

/// One product after the side-by-side load: 100k spans, protobuf, 4 connections.
fn side(args: &Args, p: &Programs, product: Product, spans: u64) -> Result<Side, String> {
    eprintln!("== {}: side by side, {spans} spans", product.name());
    let mut side = Side {
        name: product.name().into(),
        rest: matches!(product, Product::Phoenix),
        ..Side::default()
    };
    if let Some(make) = product.version_cmd(p) {
        side.version = Some(procs::time_runs(make.as_ref(), 3, args.runs * 2)?.median());
    }
    let w = Workload::new(spec(args, spans, 50 * MINUTE));
    let bodies = load::encode_all(&w, 0..w.requests(), Enc::Protobuf, false, 2);
    let mut r = product.start(p, &args.work.join(format!("{}-side", product.name())))?;
    let began = Instant::now();
    let cpu0 = r.server.cpu_seconds();
    let (outcome, _) = timed_ingest(&r, Enc::Protobuf, false, 4, &bodies);
    drop(bodies);
    side.ingest = Some(outcome.spans_per_sec());
    side.refused = outcome.refused;
    if outcome.failed > 0 {
        side.note = format!("{} requests failed", outcome.failed);
    }
    // Phoenix answers before it stores: wait until what it acknowledged can be read back.
    let mut stored = None;
    if !product.acks_after_commit() {
        let deadline = Instant::now() + Duration::from_secs(1_800);
        stored = product.stored_spans(&r);
        while stored.is_some_and(|s| s < outcome.spans_acked) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(500));
            stored = product.stored_spans(&r);
        }
    }
    let cpu = r.server.cpu_seconds() - cpu0;
    let until_stored = if product.acks_after_commit() {
        outcome.wall
    } else {
        began.elapsed()
    };
    side.stored = Some(stored.unwrap_or(outcome.spans_acked) as f64 / until_stored.as_secs_f64());
    side.cpu_per_million = Some(cpu / spans as f64 * 1e6);
    side.list = Some(time_query(&r, &product.list_last_hour(p, &r), args.runs)?.median());
    let t = w
        .newest_trace_of_len(50)
        .ok_or("no 50-span trace in the load")?;
    let id = hex(&w.trace(t).trace_id);
    side.get = Some(time_query(&r, &product.get_trace(p, &r, &id), args.runs)?.median());
    side.rss = Some(r.server.peak_rss());
    // Counted last, so the counting scan does not inflate the figures above.
    let counted = product.stored_spans(&r);
    if args.small && (outcome.failed > 0 || counted != Some(w.total_spans())) {
        return Err(format!(
            "{}: sent {} spans, {} acknowledged, {:?} stored, {} failed requests",
            product.name(),
            w.total_spans(),
            outcome.spans_acked,
            counted,
            outcome.failed
        ));
    }
    r.server.stop();
    side.disk_per_span = Some(procs::dir_size(&r.server.data_dir) as f64 / spans as f64);
    Ok(side)
}

/// canopy's ingest over every encoding, gzip setting and connection count.
fn matrix(args: &Args, p: &Programs, spans: u64) -> Result<Vec<IngestRow>, String> {
    let configs: Vec<(Enc, bool, Vec<usize>)> = if args.small {
        vec![(Enc::Protobuf, false, vec![4]), (Enc::Json, true, vec![2])]
    } else {
        [
            (Enc::Protobuf, false),
            (Enc::Protobuf, true),
            (Enc::Json, false),
            (Enc::Json, true),
        ]
        .into_iter()
        .map(|(e, g)| (e, g, vec![1, 2, 4, 8]))
        .collect()
    };
    let mut rows = Vec::new();
    for (enc, gzip, conns) in configs {
        let w = Workload::new(spec(args, spans, 50 * MINUTE));
        let bodies = load::encode_all(&w, 0..w.requests(), enc, gzip, 2);
        for c in conns {
            eprintln!(
                "== canopy ingest: {} gzip={gzip} connections={c}",
                enc.name()
            );
            let dir = args.work.join(format!("matrix-{}-{gzip}-{c}", enc.name()));
            let mut r = Product::Canopy.start(p, &dir)?;
            let (mut o, cpu) = timed_ingest(&r, enc, gzip, c, &bodies);
            if o.failed > 0 || o.spans_acked != w.total_spans() {
                return Err(format!("ingest lost requests: {o:?}"));
            }
            rows.push(IngestRow {
                encoding: enc.name(),
                gzip,
                connections: c,
                spans: o.spans_acked,
                per_sec: o.spans_per_sec(),
                cpu_per_million: cpu / o.spans_acked as f64 * 1e6,
                p50: percentile(&mut o.latencies, 0.5),
                p99: percentile(&mut o.latencies, 0.99),
            });
            r.server.stop();
            let _ = fs_err::remove_dir_all(&dir);
        }
    }
    Ok(rows)
}

/// Query latency with `spans` stored (spread over a day), plus a 10k-span trace.
fn scale(args: &Args, p: &Programs, spans: u64, timeline: bool) -> Result<ScaleRow, String> {
    eprintln!("== canopy at scale: {spans} spans stored");
    let w = Workload::new(spec(args, spans, 24 * 60 * MINUTE));
    let dir = args.work.join(format!("scale-{spans}"));
    let mut r = Product::Canopy.start(p, &dir)?;
    let target = Product::Canopy.ingest_target(&r, Enc::Protobuf, false);
    let fill = load::fill(&target, 4, &w);
    if fill.failed > 0 {
        return Err(format!("filling the store failed: {fill:?}"));
    }
    let (big_id, big) = Workload::single_trace(args.seed, 10_000, now_ns() - 10 * MINUTE);
    let body = prost::Message::encode_to_vec(&big);
    let resp = crate::http::Conn::new(r.ingest)
        .request(
            "POST",
            "/v1/traces",
            &[("content-type", "application/x-protobuf")],
            &body,
        )
        .map_err(|e| e.to_string())?;
    if resp.status != 200 {
        return Err(format!(
            "the 10k-span trace was refused: HTTP {}",
            resp.status
        ));
    }
    let list = time_query(&r, &Product::Canopy.list_last_hour(p, &r), args.runs)?;
    let t = w
        .newest_trace_of_len(50)
        .ok_or("no 50-span trace in the load")?;
    let get50 = time_query(
        &r,
        &Product::Canopy.get_trace(p, &r, &hex(&w.trace(t).trace_id)),
        args.runs,
    )?;
    let big_hex = hex(&big_id);
    let get10k = time_query(
        &r,
        &Product::Canopy.get_trace(p, &r, &big_hex),
        args.runs.min(11),
    )?;
    let timeline10k = if timeline {
        let (bin, endpoint) = (p.canopy.clone(), format!("http://{}", r.query));
        let make = move || {
            let mut c = std::process::Command::new(&bin);
            c.args(["trace", "get", &big_hex, "--view", "timeline"]);
            c.env("CANOPY_ENDPOINT", &endpoint);
            c
        };
        Some(procs::time_runs(&make, 3, args.runs.min(11))?.median())
    } else {
        None
    };
    let rss = r.server.peak_rss();
    r.server.stop();
    let disk = procs::dir_size(&r.server.data_dir) as f64 / (w.total_spans() + 10_000) as f64;
    let _ = fs_err::remove_dir_all(&dir);
    Ok(ScaleRow {
        spans: w.total_spans(),
        fill_per_sec: fill.spans_per_sec(),
        list: list.median(),
        list_p95: list.p95(),
        get50: get50.median(),
        get10k: get10k.median(),
        timeline10k,
        rss,
        disk_per_span: disk,
    })
}

fn machine() -> String {
    let cpu = fs_err::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = fs_err::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "{cores} cores ({cpu}), load average at start {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    )
}

pub fn all(args: &Args, p: &Programs, products: &[Product]) -> Result<String, String> {
    let mut out = format!("Machine: {}. Seed {}.\n\n", machine(), args.seed);
    let side_spans = count(&args.side_spans)?;
    let mut sides = Vec::new();
    for product in products {
        sides.push(side(args, p, *product, side_spans)?);
    }
    out.push_str(&format!(
        "### Side by side: {side_spans} spans, protobuf, 4 connections\n\n"
    ));
    out.push_str(&report::side_by_side(&sides));
    let rows = if args.no_matrix {
        Vec::new()
    } else {
        matrix(args, p, count(&args.ingest_spans)?)?
    };
    if !rows.is_empty() {
        out.push_str("\n### canopy ingest: encoding × gzip × connections\n\n");
        out.push_str(&report::ingest_table(&rows));
    }
    let help = std::process::Command::new(&p.canopy)
        .args(["trace", "get", "--help"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("timeline"))
        .unwrap_or(false);
    let mut scales = Vec::new();
    for s in args.scale.iter().filter(|s| !s.trim().is_empty()) {
        scales.push(scale(args, p, count(s)?, help)?);
    }
    if !scales.is_empty() {
        out.push_str(
            "\n### canopy queries with many spans stored (CLI, process start included)\n\n",
        );
        out.push_str(&report::scale_table(&scales));
    }
    out.push_str("\n### Issue 7 targets\n\n");
    out.push_str(&report::checks_table(&report::checks(
        &sides[0], &rows, &scales,
    )));
    Ok(out)
}

/// Sizes of the generated load, for the method section of docs/benchmarks.md.
pub fn describe(args: &Args) -> String {
    let w = Workload::new(spec(args, 100_000, 50 * MINUTE));
    let (mut pb, mut json, mut gz, mut attrs, mut spans) = (0usize, 0usize, 0usize, 0usize, 0u64);
    for i in 0..w.requests() {
        let req = w.request(i);
        for s in req
            .resource_spans
            .iter()
            .flat_map(|r| &r.scope_spans)
            .flat_map(|s| &s.spans)
        {
            attrs += s
                .attributes
                .iter()
                .map(prost::Message::encoded_len)
                .sum::<usize>();
            spans += 1;
        }
        pb += prost::Message::encoded_len(&req);
        json += load::encode(&w, i, Enc::Json, false).bytes.len();
        gz += load::encode(&w, i, Enc::Protobuf, true).bytes.len();
    }
    let per = |b: usize| b as f64 / spans as f64;
    format!(
        "{spans} spans in {} traces and {} requests: per span {:.0} B protobuf ({:.0} B of it attributes), {:.0} B gzipped protobuf, {:.0} B OTLP/JSON",
        w.traces(),
        w.requests(),
        per(pb),
        per(attrs),
        per(gz),
        per(json)
    )
}

/// Sends the side-by-side load to a server someone else started (see `--send-to`).
pub fn send_to(args: &Args, addr: std::net::SocketAddr) -> Result<String, String> {
    let w = Workload::new(spec(args, count(&args.side_spans)?, 50 * MINUTE));
    let bodies = load::encode_all(&w, 0..w.requests(), Enc::Protobuf, false, 2);
    let target = load::Target {
        addr,
        path: "/v1/traces".into(),
        enc: Enc::Protobuf,
        gzip: false,
        headers: Vec::new(),
    };
    let o = load::send_encoded(&target, 4, &bodies);
    let mut big_note = String::new();
    if args.big {
        let (big_id, big) = Workload::single_trace(args.seed, 10_000, now_ns() - 10 * MINUTE);
        let body = prost::Message::encode_to_vec(&big);
        let resp = crate::http::Conn::new(addr)
            .request(
                "POST",
                "/v1/traces",
                &[("content-type", "application/x-protobuf")],
                &body,
            )
            .map_err(|e| e.to_string())?;
        big_note = format!("; a 10k-span trace {} (HTTP {})", hex(&big_id), resp.status);
    }
    Ok(format!(
        "{} spans acked in {:.2}s: {:.0} spans/s; {} refused, {} failed{big_note}",
        o.spans_acked,
        o.wall.as_secs_f64(),
        o.spans_per_sec(),
        o.refused,
        o.failed,
    ))
}
