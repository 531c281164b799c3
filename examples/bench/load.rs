//! Sends generated OTLP requests over N keep-alive connections and counts what was acknowledged.
//!
//! Two modes. [`send_encoded`] times requests that were generated and encoded beforehand, so the
//! clock sees only the servers' work and the cheapest possible client; this is the ingest
//! figure. [`fill`] generates while it sends (bounded memory), to load 10M spans for the query
//! figures. Both retry a 429/503 the way an SDK's exporter does, after `Retry-After` (capped),
//! and count the refusals.

use std::borrow::Cow;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use prost::Message;

use super::http::Conn;
use crate::support::Workload;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Protobuf,
    Json,
}

impl Enc {
    pub fn content_type(self) -> &'static str {
        match self {
            Enc::Protobuf => "application/x-protobuf",
            Enc::Json => "application/json",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Enc::Protobuf => "protobuf",
            Enc::Json => "json",
        }
    }
}

/// One request body, ready to send.
#[derive(Clone)]
pub struct Body {
    pub bytes: Vec<u8>,
    pub spans: u64,
}

/// Encodes request `i` of the workload.
pub fn encode(w: &Workload, i: usize, enc: Enc, gzip: bool) -> Body {
    let request = w.request(i);
    let spans = request
        .resource_spans
        .iter()
        .flat_map(|r| &r.scope_spans)
        .map(|s| s.spans.len() as u64)
        .sum();
    let raw = match enc {
        Enc::Protobuf => request.encode_to_vec(),
        Enc::Json => serde_json::to_vec(&request).expect("OTLP types serialize"),
    };
    let bytes = if gzip {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&raw).expect("writing to memory");
        e.finish().expect("writing to memory")
    } else {
        raw
    };
    Body { bytes, spans }
}

/// Encodes requests `range` on `threads` threads, in order.
pub fn encode_all(
    w: &Workload,
    range: std::ops::Range<usize>,
    enc: Enc,
    gzip: bool,
    threads: usize,
) -> Vec<Body> {
    let next = AtomicUsize::new(range.start);
    let out: Mutex<Vec<(usize, Body)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= range.end {
                        break;
                    }
                    let b = encode(w, i, enc, gzip);
                    out.lock().expect("not poisoned").push((i, b));
                }
            });
        }
    });
    let mut v = out.into_inner().expect("not poisoned");
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, b)| b).collect()
}

/// What a run of requests achieved.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub spans_acked: u64,
    /// 429/503 answers that were retried.
    pub refused: u64,
    /// Other failures (not retried).
    pub failed: u64,
    pub wall: Duration,
    /// Latency of each acknowledged request.
    pub latencies: Vec<Duration>,
}

impl Outcome {
    pub fn spans_per_sec(&self) -> f64 {
        self.spans_acked as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct Target {
    pub addr: SocketAddr,
    pub path: String,
    pub enc: Enc,
    pub gzip: bool,
    pub headers: Vec<(String, String)>,
}

struct Shared {
    acked: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
    latencies: Mutex<Vec<Duration>>,
}

fn send_one(conn: &mut Conn, t: &Target, body: &Body, shared: &Shared) {
    let mut headers: Vec<(&str, &str)> = vec![("content-type", t.enc.content_type())];
    if t.gzip {
        headers.push(("content-encoding", "gzip"));
    }
    for (k, v) in &t.headers {
        headers.push((k, v));
    }
    for _attempt in 0..50 {
        let began = Instant::now();
        match conn.request("POST", &t.path, &headers, &body.bytes) {
            Ok(r) if (200..300).contains(&r.status) => {
                shared.acked.fetch_add(body.spans, Ordering::Relaxed);
                shared.latencies.lock().expect("ok").push(began.elapsed());
                return;
            }
            Ok(r) if r.status == 429 || r.status == 503 => {
                shared.refused.fetch_add(1, Ordering::Relaxed);
                // An exporter backs off; the server's Retry-After is capped so a run ends.
                std::thread::sleep(Duration::from_millis(200));
            }
            Ok(r) => {
                shared.failed.fetch_add(1, Ordering::Relaxed);
                if shared.failed.load(Ordering::Relaxed) < 3 {
                    eprintln!(
                        "  request failed: HTTP {}: {}",
                        r.status,
                        String::from_utf8_lossy(&r.body[..r.body.len().min(300)])
                    );
                }
                return;
            }
            Err(e) => {
                shared.failed.fetch_add(1, Ordering::Relaxed);
                eprintln!("  request failed: {e}");
                return;
            }
        }
    }
    shared.failed.fetch_add(1, Ordering::Relaxed);
}

fn run<'a>(
    t: &Target,
    connections: usize,
    requests: usize,
    body: &(dyn Fn(usize) -> Cow<'a, Body> + Sync),
) -> Outcome {
    let shared = Shared {
        acked: AtomicU64::new(0),
        refused: AtomicU64::new(0),
        failed: AtomicU64::new(0),
        latencies: Mutex::new(Vec::with_capacity(requests)),
    };
    let next = AtomicUsize::new(0);
    let began = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..connections.max(1) {
            s.spawn(|| {
                let mut conn = Conn::new(t.addr);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    send_one(&mut conn, t, &body(i), &shared);
                }
            });
        }
    });
    Outcome {
        spans_acked: shared.acked.into_inner(),
        refused: shared.refused.into_inner(),
        failed: shared.failed.into_inner(),
        wall: began.elapsed(),
        latencies: shared.latencies.into_inner().expect("ok"),
    }
}

/// Sends pre-encoded bodies; the clock covers only sending and acknowledgement.
pub fn send_encoded(t: &Target, connections: usize, bodies: &[Body]) -> Outcome {
    run(t, connections, bodies.len(), &|i| Cow::Borrowed(&bodies[i]))
}

/// Generates and sends the whole workload (for loading a store, not for timing).
pub fn fill(t: &Target, connections: usize, w: &Workload) -> Outcome {
    run(t, connections, w.requests(), &|i| {
        Cow::Owned(encode(w, i, t.enc, t.gzip))
    })
}
