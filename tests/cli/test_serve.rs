//! `canopy serve`: persistence, the real binary's lifecycle, and a real OpenTelemetry SDK.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common::{ServeProcess, TestEnv, TestServer, fixtures};

#[test]
fn a_restart_on_the_same_data_dir_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_in(dir.path());
    for sdk in fixtures::SDKS {
        server.ingest_fixture(sdk);
    }
    let (_, before) = server.get_json("/api/v1/traces?limit=1000");
    let (_, trace_before) = server.get_json("/api/v1/traces/0a87607ca2d6044aa146d9c4b073d4dc");
    server.stop();

    let server = TestServer::start_in(dir.path());
    let (_, after) = server.get_json("/api/v1/traces?limit=1000");
    assert_eq!(after, before);
    assert_eq!(after["traces"].as_array().unwrap().len(), 10);
    let (_, trace_after) = server.get_json("/api/v1/traces/0a87607ca2d6044aa146d9c4b073d4dc");
    assert_eq!(trace_after, trace_before);
}

/// The real binary: listens, ingests, and on SIGTERM finishes and exits 0 with its data saved.
#[test]
fn the_binary_serves_and_shuts_down_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().as_os_str();
    let ServeProcess {
        mut child,
        mut stderr,
        addr,
    } = ServeProcess::start(
        &[
            "--retention".as_ref(),
            "off".as_ref(),
            "--data-dir".as_ref(),
            data_dir,
        ],
        &[],
    );

    let catalyst = fixtures::requests("catalyst").remove(0);
    let response = crate::common::http()
        .post(format!("http://{addr}/v1/traces"))
        .header("content-type", "application/json")
        .body(catalyst.body)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(status.success(), "serve exited with {status}: {rest}");
    assert!(
        rest.contains("shutting down") && rest.contains("stopped"),
        "{rest}"
    );

    let server = TestServer::start_in(dir.path());
    let (_, page) = server.get_json("/api/v1/traces");
    assert_eq!(page["traces"].as_array().unwrap().len(), 2);
}

#[test]
fn serve_refuses_an_address_in_use_with_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let env = TestEnv::new("http://127.0.0.1:9");
    let out = env
        .cmd()
        .args(["serve", "--listen", &addr, "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot listen on")
            && stderr.contains("hint: is another `canopy serve` running?"),
        "{stderr}"
    );
}

#[test]
fn serve_refuses_a_public_address_without_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let env = TestEnv::new("http://127.0.0.1:9");
    let out = env
        .cmd()
        .args([
            "serve",
            "--listen",
            "0.0.0.0:0",
            "--ingest-token",
            "only-ingest",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("refusing to listen on 0.0.0.0:0 without tokens")
            && stderr.contains("hint: set CANOPY_SERVER_TOKEN"),
        "{stderr}"
    );
    assert!(!stderr.contains("only-ingest"), "{stderr}");
}

/// The Rust OpenTelemetry SDK with its OTLP/HTTP exporter, pointed at canopy, exactly as a
/// user's program would be; then `canopy trace get` shows what it sent.
#[test]
fn the_rust_opentelemetry_sdk_exports_to_canopy() {
    use opentelemetry::KeyValue;
    use opentelemetry::trace::{Span as _, TraceContextExt, Tracer, TracerProvider as _};
    use opentelemetry_otlp::{Protocol, WithExportConfig};

    let server = TestServer::start();
    let _ = crate::common::http();
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(format!("{}/v1/traces", server.url()))
        .build()
        .unwrap();
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_simple_exporter(exporter)
        .with_resource(
            opentelemetry_sdk::Resource::builder()
                .with_service_name("e2e-agent")
                .build(),
        )
        .build();
    let tracer = provider.tracer("canopy-e2e");
    let trace_id = tracer.in_span("agent-run", |cx| {
        cx.span()
            .set_attribute(KeyValue::new("openinference.span.kind", "AGENT"));
        let mut llm = tracer.start("chat gpt-4o-mini");
        llm.set_attribute(KeyValue::new("gen_ai.operation.name", "chat"));
        llm.end();
        let mut tool = tracer.start("execute_tool get_weather");
        tool.set_attribute(KeyValue::new("gen_ai.operation.name", "execute_tool"));
        tool.set_status(opentelemetry::trace::Status::error("city not found"));
        tool.end();
        cx.span().span_context().trace_id().to_string()
    });
    provider.shutdown().unwrap();

    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["trace", "get", &trace_id[..10]])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shape: Vec<String> = stdout
        .lines()
        .map(|l| {
            l.split("  ")
                .filter(|part| !part.ends_with('s'))
                .collect::<Vec<_>>()
                .join("  ")
        })
        .collect();
    assert_eq!(
        shape,
        [
            "agent-run  AGENT",
            "├── chat gpt-4o-mini  LLM",
            "└── execute_tool get_weather  TOOL  ✗ city not found",
        ],
        "{stdout}"
    );
}

/// `--retention`: the sweep that runs at start deletes traces that ended longer ago than the age
/// and keeps the rest. The test waits for the sweep's own log line, not for time to pass.
#[test]
fn the_binary_sweeps_traces_older_than_its_retention() {
    use crate::common::otlp::{encode, hex, request, span, trace_id};
    let dir = tempfile::tempdir().unwrap();
    let (old, fresh) = (trace_id(1), trace_id(2));
    {
        let server = TestServer::start_in(dir.path());
        let two_hours = 2 * 3600 * 1_000_000_000u64;
        let mut stale = span(old, 1, None, "stale");
        stale.start_time_unix_nano -= two_hours;
        stale.end_time_unix_nano -= two_hours;
        let body = encode(&request("svc", vec![stale, span(fresh, 1, None, "fresh")]));
        assert_eq!(server.post(body, "application/x-protobuf", None).0, 200);
        server.stop();
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("canopy"))
        .args([
            "serve",
            "--retention",
            "1h",
            "--listen",
            "127.0.0.1:0",
            "--data-dir",
        ])
        .arg(dir.path())
        .env("CANOPY_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let (mut addr, mut swept) = (None, None);
    let mut line = String::new();
    while swept.is_none() {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "serve exited");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            addr = rest.split_whitespace().next().map(str::to_string);
        }
        if line.contains("retention: deleted") {
            swept = Some(line.clone());
        }
    }
    let swept = swept.unwrap();
    assert!(
        swept.contains("traces=1") && swept.contains("spans=1"),
        "{swept}"
    );
    let addr = addr.unwrap();
    let status = |t: &[u8; 16]| {
        crate::common::http()
            .get(format!("http://{addr}/api/v1/traces/{}", hex(t)))
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!((status(&old), status(&fresh)), (404, 200));
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The Rust OpenTelemetry SDK's gRPC (tonic) exporter, pointed at canopy's OTLP/gRPC port.
#[test]
fn the_rust_opentelemetry_sdk_exports_over_grpc() {
    use opentelemetry::KeyValue;
    use opentelemetry::trace::{TraceContextExt, Tracer, TracerProvider as _};
    use opentelemetry_otlp::WithExportConfig;

    let server = TestServer::start();
    // tonic needs a Tokio reactor; the exporter runs on this thread, inside the runtime.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _guard = rt.enter();
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(format!("http://{}", server.grpc_addr))
        .build()
        .unwrap();
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_simple_exporter(exporter)
        .with_resource(
            opentelemetry_sdk::Resource::builder()
                .with_service_name("grpc-agent")
                .build(),
        )
        .build();
    let tracer = provider.tracer("canopy-e2e");
    let trace_id = tracer.in_span("agent-run", |cx| {
        cx.span()
            .set_attribute(KeyValue::new("openinference.span.kind", "AGENT"));
        tracer.in_span("chat gpt-4o-mini", |cx| {
            cx.span()
                .set_attribute(KeyValue::new("gen_ai.operation.name", "chat"));
            cx.span()
                .set_attribute(KeyValue::new("gen_ai.request.model", "gpt-4o-mini"));
            cx.span()
                .set_attribute(KeyValue::new("gen_ai.usage.input_tokens", 12));
        });
        cx.span().span_context().trace_id().to_string()
    });
    provider.shutdown().unwrap();

    let (status, trace) = server.get_json(&format!("/api/v1/traces/{trace_id}"));
    assert_eq!(status, 200, "{trace}");
    assert_eq!(trace["summary"]["service"], "grpc-agent");
    assert_eq!(trace["summary"]["input_tokens"], 12);
    let kinds: Vec<&str> = trace["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["AGENT", "LLM"]);
}
