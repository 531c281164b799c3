//! `canopy trace get`, piped and on a terminal.

use crate::common::{TestEnv, TestServer, fixtures};

fn server_with(sdks: &[&str]) -> TestServer {
    let server = TestServer::start();
    for sdk in sdks {
        server.ingest_fixture(sdk);
    }
    server
}

#[test]
fn the_tree_view_piped() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87607c", "--view", "tree"]), @"
    travel-planner.run  AGENT  165ms
    ├── OpenAI Chat Completions  LLM  13.6ms
    ├── get_weather  TOOL  58.4µs
    ├── weather-researcher.run  AGENT  15.4ms
    │   ├── Anthropic Messages  LLM  12.1ms
    │   │   └── anthropic.messages.create  LLM  11.5ms
    │   └── lookup_forecast  TOOL  3.05ms  ✗ TimeoutError: forecast service timed out after 5s
    ├── OpenAI Chat Completions  LLM  48.2ms
    ├── OpenAI Chat Completions  LLM  10.3ms
    ├── OpenAI Responses  LLM  66.1ms
    └── OpenAI Chat Completions  LLM  9.39ms  ✗ InternalServerError: Error code: 500 - fake upstream failure
    [exit: 0]
    ");
}

#[test]
fn the_tree_view_on_a_narrow_terminal() {
    let server = server_with(&["cascade"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(60, &["trace", "get", "4b67d3b0"]), @"
    TravelPlanner  CHAIN  116ms
    └── PlannerAgent  AGENT  97.3ms
        ├── llm.gpt-4o-mini  LLM  7.13ms
        ├── get_weather  TOOL  90.6µs
        ├── WeatherResearcher  AGENT  24.3ms
        │   ├── llm.claude-3-5-haiku-20241022  LLM  22.9ms
        │   │   └── anthropic.messages.create  LLM  22.3ms
        │   └── lookup_forecast  TOOL  1.16ms  ✗ TimeoutError: …
        ├── format_answer  CHAIN  75.6µs
        ├── llm.gpt-4o-mini  LLM  47.1ms
        ├── llm.gpt-4o-mini.stream  LLM  4.20ms
        └── llm.fail-model  LLM  7.08ms  ✗ InternalServerError:…
    [exit: 0]
    ");
}

#[test]
fn a_trace_whose_root_has_not_arrived_shows_its_orphans() {
    let server = TestServer::start();
    let first = fixtures::requests("cascade").remove(0);
    assert_eq!(server.post(first.body, &first.content_type, None).0, 200);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "4b67d3b0"]), @"
    ⚠ missing parent 3a1a9687d1e452be
    └── PlannerAgent  AGENT  97.3ms
        ├── llm.gpt-4o-mini  LLM  7.13ms
        ├── get_weather  TOOL  90.6µs
        ├── WeatherResearcher  AGENT  24.3ms
        │   ├── llm.claude-3-5-haiku-20241022  LLM  22.9ms
        │   │   └── anthropic.messages.create  LLM  22.3ms
        │   └── lookup_forecast  TOOL  1.16ms  ✗ TimeoutError: forecast service timed out after 5s
        ├── format_answer  CHAIN  75.6µs
        ├── llm.gpt-4o-mini  LLM  47.1ms
        ├── llm.gpt-4o-mini.stream  LLM  4.20ms
        └── llm.fail-model  LLM  7.08ms  ✗ InternalServerError: Error code: 500 - fake upstream failure
    [exit: 0]
    ");
}

#[test]
fn json_has_the_summary_and_every_span() {
    let server = server_with(&["openinference"]);
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["trace", "get", "c6b7f460", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let trace: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(trace["trace_id"], "c6b7f460c04e7486d5b01767ae60eb67");
    assert_eq!(trace["summary"]["root_name"], "travel-planner");
    assert_eq!(trace["summary"]["span_count"], 10);
    let spans = trace["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 10);
    for field in [
        "span_id",
        "parent_span_id",
        "name",
        "start_time",
        "end_time",
        "duration_ns",
        "status",
        "attributes",
    ] {
        assert!(
            spans.iter().all(|s| s.get(field).is_some()),
            "a span lacks {field}"
        );
    }
    let tool = spans
        .iter()
        .find(|s| s["name"] == "lookup_forecast")
        .unwrap();
    assert_eq!(tool["status"]["code"], "error");
    assert_eq!(tool["kind"], "TOOL");
    assert_eq!(tool["attributes"]["tool.name"], "lookup_forecast");
}

#[test]
fn a_missing_trace_exits_1_with_a_hint() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "ffffffff"]), @"
    --- stderr ---
    error: no trace matches ffffffff
    hint: list recent traces with `canopy trace list`
    [exit: 1]
    ");
}

#[test]
fn an_ambiguous_prefix_lists_the_candidates() {
    let server = server_with(&["catalyst", "agensight"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "9"]), @"
    --- stderr ---
    error: trace id prefix 9 is ambiguous: it matches 94efd462b6d78f065dfc2e1eeb487b34, 9a3e8231758ad08160414fc956fd626c
    hint: type more characters of the trace id
    [exit: 1]
    ");
}

#[test]
fn bad_ids_and_views_exit_2_before_any_request() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "get", "not-an-id"]), @r#"
    --- stderr ---
    error: invalid value 'not-an-id' for '<TRACE_ID>': "not-an-id" is not a trace id or id prefix: 'n' is not a hex digit

    For more information, try '--help'.
    [exit: 2]
    "#);
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87", "--view", "sideways"]), @"
    --- stderr ---
    error: invalid value 'sideways' for '--view <VIEW>'
      [possible values: tree]

    For more information, try '--help'.
    [exit: 2]
    ");
}

#[test]
fn an_unreachable_server_exits_3() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87"]), @"
    --- stderr ---
    error: cannot reach the canopy server at http://127.0.0.1:9/: Connection refused (os error 111)
    hint: start a server with `canopy serve`, or point canopy at yours with --endpoint URL (now http://127.0.0.1:9/)
    [exit: 3]
    ");
}
