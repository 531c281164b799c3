//! Ingest under limits and pressure: what is cut, what is refused, and that memory stays bounded
//! when the writer cannot keep up or storage fails.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use async_trait::async_trait;
use canopy::model::{
    Annotation, Facets, Filter, LogRecord, Nanos, Session, SessionPage, SessionQuery, Span,
    SpanPage, SpanQuery, Trace, TraceId, TraceIdPrefix, TracePage, TraceQuery, UsageQuery,
    UsageReport,
};
use canopy::server::{Config, Limits};
use canopy::store::sqlite::{self, Fault};
use canopy::store::{Expired, SpanAttributes, SqliteStore, Store, StoreError, WriteStats};

use crate::common::otlp::{self, encode, request, span, string, trace_id};
use crate::common::{TestServer, http, test_config};

/// A store whose writes wait at a gate: the writer "cannot keep up" for as long as the test
/// wants, with no sleeping. Each write announces itself before waiting.
struct GatedStore {
    inner: SqliteStore,
    arrived: mpsc::Sender<Event>,
    gate: tokio::sync::watch::Receiver<bool>,
}

#[async_trait]
impl Store for GatedStore {
    async fn write(&self, spans: Vec<Span>) -> Result<WriteStats, StoreError> {
        let _ = self.arrived.send(Event::AtStore);
        let mut gate = self.gate.clone();
        let _ = gate.wait_for(|open| *open).await;
        self.inner.write(spans).await
    }
    async fn list_traces(&self, q: &TraceQuery) -> Result<TracePage, StoreError> {
        self.inner.list_traces(q).await
    }
    async fn resolve_trace(&self, p: &TraceIdPrefix) -> Result<TraceId, StoreError> {
        self.inner.resolve_trace(p).await
    }
    async fn get_trace(&self, id: TraceId, a: SpanAttributes) -> Result<Trace, StoreError> {
        self.inner.get_trace(id, a).await
    }
    async fn write_logs(&self, logs: Vec<LogRecord>) -> Result<WriteStats, StoreError> {
        self.inner.write_logs(logs).await
    }
    async fn list_spans(&self, q: &SpanQuery) -> Result<SpanPage, StoreError> {
        self.inner.list_spans(q).await
    }
    async fn trace_facets(&self, f: &Filter) -> Result<Facets, StoreError> {
        self.inner.trace_facets(f).await
    }
    async fn span_facets(&self, q: &SpanQuery) -> Result<Facets, StoreError> {
        self.inner.span_facets(q).await
    }
    async fn usage(&self, q: &UsageQuery) -> Result<UsageReport, StoreError> {
        self.inner.usage(q).await
    }
    async fn add_annotation(&self, a: Annotation) -> Result<(), StoreError> {
        self.inner.add_annotation(a).await
    }
    async fn list_sessions(&self, q: &SessionQuery) -> Result<SessionPage, StoreError> {
        self.inner.list_sessions(q).await
    }
    async fn get_session(&self, id: &str) -> Result<Session, StoreError> {
        self.inner.get_session(id).await
    }
    async fn expire(&self, before: Nanos, max: usize) -> Result<Expired, StoreError> {
        self.inner.expire(before, max).await
    }
    async fn close(&self) {
        self.inner.close().await
    }
}

#[derive(Debug)]
enum Event {
    AtStore,
    Answered(u16, Option<String>, Vec<u8>),
}

/// A protobuf request of `n` spans, each with a 2 KiB attribute: about `n` × 2.1 KiB.
fn batch(trace: u64, n: u64) -> Vec<u8> {
    let spans = (1..=n)
        .map(|i| {
            let mut s = span(trace_id(trace), i, None, "work");
            s.attributes.push(string("payload", "x".repeat(2048)));
            s
        })
        .collect();
    encode(&request("flood", spans))
}

fn post(url: &str, body: Vec<u8>) -> (u16, Option<String>, Vec<u8>) {
    let response = http()
        .post(format!("{url}/v1/traces"))
        .header("content-type", "application/x-protobuf")
        .body(body)
        .send()
        .unwrap();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (
        response.status().as_u16(),
        retry_after,
        response.bytes().unwrap().to_vec(),
    )
}

/// Issue 8, backpressure: a flood against a server whose writer is stuck. Requests beyond the
/// in-flight budget are answered 429 with `Retry-After` at once, the budget's gauge never passes
/// its capacity, and once the writer moves again every admitted request is committed.
#[test]
fn a_flood_is_refused_with_429_while_memory_stays_within_the_budget() {
    const CAPACITY: usize = 4 * 1024 * 1024;
    const CLIENTS: usize = 24;
    const WAVES: usize = 3;
    let dir = tempfile::tempdir().unwrap();
    let (events, seen) = mpsc::channel();
    let (open_gate, gate) = tokio::sync::watch::channel(false);
    let store = GatedStore {
        inner: SqliteStore::open(&dir.path().join(sqlite::FILE_NAME)).unwrap(),
        arrived: events.clone(),
        gate,
    };
    let config = Config {
        limits: Limits {
            max_body_bytes: 1024 * 1024,
            max_inflight_bytes: CAPACITY,
            ..Limits::default()
        },
        ..test_config()
    };
    let server = TestServer::start_with(Arc::new(store), config, dir.path());
    let url = server.url();

    // Wave after wave while the writer is stuck: sustained overload.
    let mut admitted = 0;
    let mut refused = 0;
    let mut clients = Vec::new();
    for wave in 0..WAVES {
        for c in 0..CLIENTS {
            let (url, events) = (url.clone(), events.clone());
            let body = batch((wave * CLIENTS + c) as u64, 100);
            clients.push(std::thread::spawn(move || {
                let (status, retry_after, body) = post(&url, body);
                events
                    .send(Event::Answered(status, retry_after, body))
                    .unwrap();
            }));
        }
        // Every request of the wave either reaches the store (and waits there) or is refused.
        let mut settled = 0;
        while settled < CLIENTS {
            match seen
                .recv_timeout(Duration::from_secs(60))
                .expect("requests settle")
            {
                Event::AtStore => admitted += 1,
                Event::Answered(status, retry_after, body) => {
                    assert_eq!(status, 429, "{}", String::from_utf8_lossy(&body));
                    assert_eq!(retry_after.as_deref(), Some("1"));
                    assert!(String::from_utf8_lossy(&body).contains("canopy is busy"));
                    refused += 1;
                }
            }
            settled += 1;
            assert!(server.budget.in_use() <= CAPACITY);
        }
    }
    assert!(admitted >= 1, "some requests get through");
    assert!(
        refused >= WAVES * CLIENTS / 2,
        "most are refused: {refused}"
    );
    assert!(server.budget.peak() <= CAPACITY, "{}", server.budget.peak());
    assert!(
        server.budget.in_use() > 0,
        "admitted requests hold their memory while queued"
    );

    open_gate.send(true).unwrap();
    let mut ok = 0;
    while ok < admitted {
        match seen
            .recv_timeout(Duration::from_secs(60))
            .expect("admitted requests finish")
        {
            Event::Answered(200, ..) => ok += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    for c in clients {
        c.join().unwrap();
    }
    assert_eq!(server.budget.in_use(), 0, "everything is given back");
    let (status, _, _) = post(&url, batch(9_999, 10));
    assert_eq!(status, 200, "and the server takes work again");
    let (_, page) = server.get_json("/api/v1/traces?limit=1000");
    assert_eq!(page["traces"].as_array().unwrap().len(), admitted + 1);
}

#[test]
fn a_request_too_big_to_decode_within_the_budget_is_413_not_429() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join(sqlite::FILE_NAME)).unwrap();
    let config = Config {
        limits: Limits {
            max_body_bytes: 1024 * 1024,
            max_inflight_bytes: 1024 * 1024,
            ..Limits::default()
        },
        ..test_config()
    };
    let server = TestServer::start_with(Arc::new(store), config, dir.path());
    // 300 KiB of empty attributes: a few bytes each on the wire, hundreds decoded.
    let mut span_bytes = Vec::new();
    for _ in 0..100_000 {
        span_bytes.extend(otlp::len_field(9, &[]));
    }
    let body = otlp::len_field(1, &otlp::len_field(2, &otlp::len_field(2, &span_bytes)));
    let (status, retry_after, body) = post(&server.url(), body);
    assert_eq!(
        (status, retry_after),
        (413, None),
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert!(String::from_utf8_lossy(&body).contains("--max-inflight"));
    assert_eq!(server.budget.in_use(), 0);
}

#[test]
fn too_many_spans_in_one_request_is_413() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join(sqlite::FILE_NAME)).unwrap();
    let config = Config {
        limits: Limits {
            max_spans_per_request: 10,
            ..Limits::default()
        },
        ..test_config()
    };
    let server = TestServer::start_with(Arc::new(store), config, dir.path());
    let (status, _, body) = post(&server.url(), batch(1, 11));
    assert_eq!(status, 413);
    assert!(String::from_utf8_lossy(&body).contains("holds 11 spans, more than the 10"));
    let json = serde_json::json!({"resourceSpans": [{"scopeSpans": [{"spans":
        (0..11).map(|_| serde_json::json!({})).collect::<Vec<_>>()}]}]});
    let (status, _) = server.post(json.to_string().into_bytes(), "application/json", None);
    assert_eq!(status, 413, "JSON spans are counted before decoding too");
    assert_eq!(post(&server.url(), batch(2, 10)).0, 200);
}

/// Issue 8, durability: a full disk is a 503 with `Retry-After`, not a crash; the server keeps
/// answering reads, and nothing of the failed request is stored.
#[test]
fn a_full_disk_is_503_with_retry_after_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(sqlite::FILE_NAME);
    let store = SqliteStore::open_with_fault(&path, Some(Fault::DiskFullAfterPages(4))).unwrap();
    let server = TestServer::start_with(Arc::new(store), test_config(), dir.path());

    let (status, retry_after, body) = post(&server.url(), batch(1, 200));
    let body = String::from_utf8_lossy(&body);
    assert_eq!((status, retry_after.as_deref()), (503, Some("5")), "{body}");
    assert!(
        body.contains("the disk is full") && body.contains("free disk space"),
        "{body}"
    );

    let (status, health) = server.get_json("/healthz");
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    let (status, page) = server.get_json("/api/v1/traces");
    assert_eq!(status, 200);
    assert_eq!(page["traces"], serde_json::json!([]));
    assert_eq!(server.budget.in_use(), 0);
}

/// Issue 8: a data directory that turned read-only under a running server is a 503 for ingest.
#[test]
fn a_read_only_store_is_503_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(sqlite::FILE_NAME);
    let store = SqliteStore::open_with_fault(&path, Some(Fault::ReadOnly)).unwrap();
    let server = TestServer::start_with(Arc::new(store), test_config(), dir.path());
    let json = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[
        {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"x"}]}]}]}"#;
    let (status, body) = server.post(json.as_bytes().to_vec(), "application/json", None);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], 14);
    assert!(
        body["message"].as_str().unwrap().contains("read-only"),
        "{body}"
    );
}

#[test]
fn a_data_dir_that_cannot_hold_a_database_fails_at_start_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_dir = dir.path().join("file");
    fs_err::write(&not_a_dir, b"").unwrap();
    let env = crate::common::TestEnv::new("http://127.0.0.1:9");
    let out = env
        .cmd()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&not_a_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("opening the store at") && stderr.contains("file"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
