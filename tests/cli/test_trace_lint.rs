//! `canopy trace lint`.

use crate::common::{TestEnv, TestServer, fixtures};

/// A span as OTLP/JSON: id byte, parent byte, name, start/end in ms after a fixed base, kind.
fn span(id: u8, parent: Option<u8>, name: &str, start_ms: u64, end_ms: u64, extra: &str) -> String {
    let base: u64 = 1_795_318_640_000_000_000;
    let parent = parent
        .map(|p| format!(r#""parentSpanId":"{p:016x}","#))
        .unwrap_or_default();
    format!(
        r#"{{"traceId":"7a000000000000000000000000000001","spanId":"{id:016x}",{parent}"name":"{name}",
           "startTimeUnixNano":"{}","endTimeUnixNano":"{}","attributes":[{extra}]}}"#,
        base + start_ms * 1_000_000,
        base + end_ms * 1_000_000
    )
}

fn kind(k: &str) -> String {
    format!(r#"{{"key":"openinference.span.kind","value":{{"stringValue":"{k}"}}}}"#)
}

/// An agent that calls an LLM without saying which model or how many tokens, loops on the same
/// tool call, and has a child that outlives it.
fn flawed_trace() -> Vec<u8> {
    let tool = |id: u8, at: u64| {
        let attrs = format!(
            r#"{},{{"key":"tool.name","value":{{"stringValue":"search"}}}},{{"key":"input.value","value":{{"stringValue":"{{\"q\": \"paris\"}}"}}}}"#,
            kind("TOOL")
        );
        span(id, Some(1), "search", at, at + 5, &attrs)
    };
    let spans = [
        span(1, None, "agent-run", 0, 100, &kind("AGENT")),
        span(2, Some(1), "chat", 10, 20, &kind("LLM")),
        tool(3, 30),
        tool(4, 40),
        tool(5, 50),
        span(6, Some(1), "late-writer", 90, 180, &kind("CHAIN")),
    ];
    format!(
        r#"{{"resourceSpans":[{{"scopeSpans":[{{"spans":[{}]}}]}}]}}"#,
        spans.join(",")
    )
    .into_bytes()
}

#[test]
fn one_trace_on_a_terminal_and_piped() {
    let server = TestServer::start();
    assert_eq!(server.post(flawed_trace(), "application/json", None).0, 200);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(100, &["trace", "lint", "7a00"]), @r#"
    7a0000000000  agent-run
      warning  llm-without-model  chat (0000000000000002)
               LLM span without a model name
               fix: set `gen_ai.request.model` (or `llm.model_name`) on the span
      warning  llm-without-tokens  chat (0000000000000002)
               LLM span without token counts: its cost cannot be known
               fix: record `gen_ai.usage.input_tokens`/`output_tokens` (or `llm.token_count.*`); with streaming, ask the provider to include usage in the stream
      warning  clock-skew  late-writer (0000000000000006)
               the span ends 80.0ms after its parent (agent-run)
               fix: parent and child were timed by different clocks (another host or process), or the parent was ended before its child: end the parent last
      warning  repeated-tool-call  search (0000000000000003)
               search was called 3 times with the same arguments ({"q": "paris"})
               fix: the agent is looping: give the model the tool's result (or error) it needs to move on, or cache the call

    --- stderr ---
    1 trace checked, 0 clean: 0 errors, 4 warnings, 0 notes
    [exit: 0]
    "#);
    insta::assert_snapshot!(env.run(&["trace", "lint", "7a00", "--severity", "warning"]), @r#"
    7a000000000000000000000000000001	0000000000000002	warning	llm-without-model	chat	LLM span without a model name
    7a000000000000000000000000000001	0000000000000002	warning	llm-without-tokens	chat	LLM span without token counts: its cost cannot be known
    7a000000000000000000000000000001	0000000000000006	warning	clock-skew	late-writer	the span ends 80.0ms after its parent (agent-run)
    7a000000000000000000000000000001	0000000000000003	warning	repeated-tool-call	search	search was called 3 times with the same arguments ({"q": "paris"})
    --- stderr ---
    1 trace checked, 0 clean: 0 errors, 4 warnings, 0 notes
    [exit: 0]
    "#);
}

/// Cascade's first request holds children whose root comes later: linting then finds the
/// missing parent; once the root has arrived the warning is gone.
#[test]
fn a_missing_parent_is_reported_until_it_arrives() {
    let server = TestServer::start();
    let mut requests = fixtures::requests("cascade").into_iter();
    let first = requests.next().unwrap();
    server.post(first.body, &first.content_type, None);
    let env = TestEnv::for_server(&server);
    let rules = |env: &TestEnv| {
        let out = env
            .cmd()
            .args(["trace", "lint", "4b67d3b0", "--json"])
            .output()
            .unwrap();
        let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        findings
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(rules(&env).contains(&"missing-parent".to_string()));
    for r in requests {
        server.post(r.body, &r.content_type, None);
    }
    assert!(!rules(&env).contains(&"missing-parent".to_string()));
}

/// Over a range, every trace is checked; an error-level finding makes the exit code 1.
#[test]
fn a_range_with_a_broken_trace_exits_1() {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    // Two roots in one trace: a parent that was never propagated.
    let body = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[
        {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"worker-a","startTimeUnixNano":"1795318640000000000","endTimeUnixNano":"1795318641000000000","attributes":[{"key":"openinference.span.kind","value":{"stringValue":"CHAIN"}}]},
        {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","name":"worker-b","startTimeUnixNano":"1795318640000000000","endTimeUnixNano":"1795318641000000000","attributes":[{"key":"openinference.span.kind","value":{"stringValue":"CHAIN"}}]}
    ]}]}]}"#;
    server.post(body.as_bytes().to_vec(), "application/json", None);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "lint", "--range", "1h", "--severity", "error"]), @"
    5b8efff798038103d269b633813fc60c		error	several-roots		2 spans have no parent (worker-a, worker-b)
    --- stderr ---
    3 traces checked, 2 clean: 1 error, 0 warnings, 0 notes
    error: 1 finding with errors
    hint: each finding says what to fix; `--severity error` shows only these
    [exit: 1]
    ");
}
