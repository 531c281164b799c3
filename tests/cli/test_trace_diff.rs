//! `canopy trace diff`: a shared fixture against itself and against an edited re-run of it,
//! and synthetic traces built span by span.

use crate::common::otlp::{self, hex};
use crate::common::{TestEnv, TestServer};

const TRAVEL: &str = "0a87607ca2d6044aa146d9c4b073d4dc";
const RERUN: &str = "0b000000000000000000000000000001";

/// The catalyst fixture, plus a "re-run" of its travel planner: another trace id, the
/// get_weather tool call gone, the first model call asked about Rome with more tokens, and
/// the forecast lookup now succeeding.
fn catalyst_and_rerun() -> TestServer {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["trace", "get", TRAVEL, "--view", "otlp"])
        .output()
        .unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for rs in doc["resourceSpans"].as_array_mut().unwrap() {
        for ss in rs["scopeSpans"].as_array_mut().unwrap() {
            let spans = ss["spans"].as_array_mut().unwrap();
            spans.retain(|s| s["name"] != "get_weather");
            for s in spans {
                s["traceId"] = RERUN.into();
                let span_id = s["spanId"].as_str().unwrap().to_string();
                if s["name"] == "lookup_forecast" {
                    s["status"] = serde_json::json!({"code": 1});
                    s["events"] = serde_json::json!([]);
                }
                for attr in s["attributes"].as_array_mut().unwrap() {
                    let key = attr["key"].as_str().unwrap().to_string();
                    let value = &mut attr["value"];
                    if span_id == "9a74459f3926f108" && key == "llm.token_count.total" {
                        *value = serde_json::json!({"intValue": "120"});
                    }
                    if let Some(text) = value["stringValue"].as_str()
                        && span_id == "9a74459f3926f108"
                        && key.starts_with("llm.input_messages")
                    {
                        value["stringValue"] = text.replace("Paris", "Rome").into();
                    }
                }
            }
        }
    }
    let (status, body) = server.post(doc.to_string().into_bytes(), "application/json", None);
    let body = String::from_utf8_lossy(&body);
    assert!(status == 200 && !body.contains("rejected"), "{body}");
    server
}

#[test]
fn the_same_trace_twice_has_no_differences() {
    let server = catalyst_and_rerun();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "diff", "0a87", "0a87607c", "--exit-code"]), @"[exit: 0]");
    insta::assert_snapshot!(env.run_tty(100, &["trace", "diff", "0a87", "0a87607c", "--io"]), @"
    a  0a87607ca2d6  travel-planner.run  165ms  11 spans  298 tok  ~$0.000204  2 errors
    b  0a87607ca2d6  travel-planner.run  165ms  11 spans  298 tok  ~$0.000204  2 errors
    no differences: 11 spans in both
    [exit: 0]
    ");
}

#[test]
fn a_rerun_on_a_terminal_and_piped() {
    let server = catalyst_and_rerun();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(100, &["trace", "diff", "0a87", "0b00"]), @"
    a  0a87607ca2d6  travel-planner.run  165ms  11 spans  298 tok  ~$0.000204  2 errors
    b  0b0000000000  travel-planner.run  165ms  10 spans  359 tok  ~$0.000204  1 error
    1 removed · 2 changed · 8 same

      travel-planner.run  AGENT  165ms  194 tok
    ~ ├── OpenAI Chat Completions  LLM  gpt-4o-mini-2024-07-18  13.6ms  59 → 120 tok  ~$0.0000159
    - ├── get_weather  TOOL  58.4µs
      └── weather-researcher.run  AGENT  15.4ms
    ~     └── lookup_forecast  TOOL  3.05ms  status error → ok
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run(&["trace", "diff", "0a87", "0b00"]), @"
    changed	tokens	9a74459f3926f108	9a74459f3926f108	13550350	13550350	59	120	0.0000159	0.0000159	ok	ok	gpt-4o-mini-2024-07-18	gpt-4o-mini-2024-07-18	travel-planner.run > OpenAI Chat Completions
    removed	-	e9d4cff9cadd3c37		58410						ok				travel-planner.run > get_weather
    changed	status	6cf46f7d2273bacb	6cf46f7d2273bacb	3054832	3054832					error	ok			travel-planner.run > weather-researcher.run > lookup_forecast
    [exit: 0]
    ");
}

#[test]
fn io_shows_how_the_prompt_changed() {
    let server = catalyst_and_rerun();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(100, &["trace", "diff", "0a87", "0b00", "--io"]), @"
    a  0a87607ca2d6  travel-planner.run  165ms  11 spans  298 tok  ~$0.000204  2 errors
    b  0b0000000000  travel-planner.run  165ms  10 spans  359 tok  ~$0.000204  1 error
    1 removed · 2 changed · 8 same

      travel-planner.run  AGENT  165ms  194 tok
    ~ ├── OpenAI Chat Completions  LLM  13.6ms  59 → 120 tok  ~$0.0000159  io differs
      │         --- a/9a74459f3926f108 input
      │         +++ b/9a74459f3926f108 input
      │         @@ -1,4 +1,4 @@
      │          system
      │            You are a travel assistant.
      │          user
      │         -  What's the weather in Paris?
      │         +  What's the weather in Rome?
    - ├── get_weather  TOOL  58.4µs
      └── weather-researcher.run  AGENT  15.4ms
    ~     └── lookup_forecast  TOOL  3.05ms  status error → ok
    [exit: 0]
    ");
}

#[test]
fn exit_code_and_json() {
    let server = catalyst_and_rerun();
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["trace", "diff", "0a87", "0b00", "--json", "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr), @"
    error: the traces differ: 1 removed · 2 changed · 8 same
    hint: without --exit-code, `trace diff` exits 0 whether or not they differ
    ");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["identical"], false);
    assert_eq!(doc["a"]["trace_id"], TRAVEL);
    assert_eq!(doc["b"]["trace_id"], RERUN);
    let spans = doc["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 11, "every span of either trace, once");
    let removed: Vec<_> = spans.iter().filter(|s| s["change"] == "removed").collect();
    assert_eq!(removed.len(), 1);
    assert_eq!(
        removed[0]["path"],
        serde_json::json!(["travel-planner.run", "get_weather"])
    );
    assert_eq!(removed[0]["b"], serde_json::Value::Null);
}

#[test]
fn fixtures_of_different_sdks_share_nothing() {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    server.ingest_fixture("openinference");
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["trace", "diff", "0a87", "c6b7f460", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["counts"]["same"], 0);
    assert_eq!(doc["counts"]["removed"], 11);
    assert_eq!(doc["counts"]["added"], 10);
}

/// A synthetic span with an OpenInference kind, at fixed times (`id` microseconds after a fixed
/// start, 500 ns long, the root 1 ms), so durations are the same on every run.
fn span(
    trace: [u8; 16],
    id: u64,
    parent: Option<u64>,
    name: &str,
    kind: &str,
) -> opentelemetry_proto::tonic::trace::v1::Span {
    let mut s = otlp::span(trace, id, parent, name);
    s.start_time_unix_nano = 1_795_318_000_000_000_000 + id * 1000;
    s.end_time_unix_nano = s.start_time_unix_nano + if parent.is_none() { 1_000_000 } else { 500 };
    s.attributes
        .push(otlp::string("openinference.span.kind", kind));
    s
}

#[test]
fn reordered_concurrent_siblings_are_not_a_difference() {
    let server = TestServer::start();
    let (a, b) = ([0xa1; 16], [0xb2; 16]);
    // A: chat starts before search; B: the other way round, with other span ids.
    let spans_a = vec![
        span(a, 1, None, "run", "AGENT"),
        span(a, 2, Some(1), "chat", "LLM"),
        span(a, 3, Some(1), "search", "TOOL"),
    ];
    let spans_b = vec![
        span(b, 11, None, "run", "AGENT"),
        span(b, 12, Some(11), "search", "TOOL"),
        span(b, 13, Some(11), "chat", "LLM"),
        span(b, 14, Some(11), "chat", "LLM"),
    ];
    for spans in [spans_a, spans_b] {
        let body = otlp::encode(&otlp::request("svc", spans));
        assert_eq!(server.post(body, "application/x-protobuf", None).0, 200);
    }
    let env = TestEnv::for_server(&server);
    let a_hex = hex(&a);
    let b_hex = hex(&b);
    insta::assert_snapshot!(env.run_tty(100, &["trace", "diff", &a_hex, &b_hex, "--all", "--ascii"]), @"
    a  a1a1a1a1a1a1  run  1.00ms  3 spans
    b  b2b2b2b2b2b2  run  1.00ms  4 spans
    1 added - 3 same

      run  AGENT  1.00ms
      |-- search  TOOL  500ns
      |-- chat  LLM  500ns
    + `-- chat  LLM  500ns
    [exit: 0]
    ");
}

#[test]
fn bad_ids_are_usage_errors_and_missing_traces_failures() {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "diff", "0a87", "nope"]), @r#"
    --- stderr ---
    error: invalid value 'nope' for '<B>': "nope" is not a trace id or id prefix: 'n' is not a hex digit

    For more information, try '--help'.
    [exit: 2]
    "#);
    insta::assert_snapshot!(env.run(&["trace", "diff", "0a87", "ffff"]), @"
    --- stderr ---
    error: no trace matches ffff
    hint: list recent traces with `canopy trace list`
    [exit: 1]
    ");
}
