//! `canopy trace get`, every view, piped and on a terminal, on the shared SDK fixtures.

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
    travel-planner.run  AGENT  165ms  194 tok  ∑ 298 tok ~$0.000204
    ├── OpenAI Chat Completions  LLM  gpt-4o-mini-2024-07-18  13.6ms  59 tok  ~$0.0000159
    ├── get_weather  TOOL  58.4µs
    ├── weather-researcher.run  AGENT  15.4ms  ∑ 81 tok ~$0.000128
    │   ├── Anthropic Messages  LLM  claude-3-5-haiku-latest  12.1ms  81 tok  ~$0.000128
    │   │   └── anthropic.messages.create  LLM  claude-3-5-haiku-latest  11.5ms  81 tok  ~$0.000128
    │   └── lookup_forecast  TOOL  3.05ms  ✗ TimeoutError: forecast service timed out after 5s
    ├── OpenAI Chat Completions  LLM  gpt-4o-mini-2024-07-18  48.2ms  59 tok  ~$0.0000159
    ├── OpenAI Chat Completions  LLM  gpt-4o-mini  10.3ms  59 tok  ~$0.0000159
    ├── OpenAI Responses  LLM  gpt-4.1-mini  66.1ms  40 tok  ~$0.000028
    └── OpenAI Chat Completions  LLM  fail-model  9.39ms  ✗ openai.InternalServerError: Error code: 500 - fake upstream failure
    [exit: 0]
    ");
}

#[test]
fn the_tree_view_on_a_narrow_terminal() {
    let server = server_with(&["cascade"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(60, &["trace", "get", "4b67d3b0"]), @"
    TravelPlanner  CHAIN  116ms  ∑ 253 tok ~$0.000178
    └── PlannerAgent  AGENT  97.3ms  ∑ 253 tok ~$0.000178
        ├── llm.gpt-4o-mini  LLM  7.13ms  59 tok  ~$0.0000165
        ├── get_weather  TOOL  90.6µs
        ├── WeatherResearcher  AGENT  24.3ms  ∑ 76 tok $0.000128
        │   ├── llm.claude-3-5-haiku-20241022  LLM  22.9ms
        │   │   └── anthropic.messages.create  LLM  22.3ms
        │   └── lookup_forecast  TOOL  1.16ms  ✗ TimeoutError: …
        ├── format_answer  CHAIN  75.6µs
        ├── llm.gpt-4o-mini  LLM  47.1ms  59 tok  ~$0.0000165
        ├── llm.gpt-4o-mini.stream  LLM  4.20ms  59 tok
        └── llm.fail-model  LLM  7.08ms  ✗ openai.InternalServe…
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
    └── PlannerAgent  AGENT  97.3ms  ∑ 253 tok ~$0.000178
        ├── llm.gpt-4o-mini  LLM  gpt-4o-mini  7.13ms  59 tok  ~$0.0000165
        ├── get_weather  TOOL  90.6µs
        ├── WeatherResearcher  AGENT  24.3ms  ∑ 76 tok $0.000128
        │   ├── llm.claude-3-5-haiku-20241022  LLM  claude-3-5-haiku-20241022  22.9ms  76 tok  $0.000128
        │   │   └── anthropic.messages.create  LLM  claude-3-5-haiku-20241022  22.3ms  81 tok  ~$0.000128
        │   └── lookup_forecast  TOOL  1.16ms  ✗ TimeoutError: forecast service timed out after 5s
        ├── format_answer  CHAIN  75.6µs
        ├── llm.gpt-4o-mini  LLM  gpt-4o-mini  47.1ms  59 tok  ~$0.0000165
        ├── llm.gpt-4o-mini.stream  LLM  gpt-4o-mini  4.20ms  59 tok  ~$0.0000165
        └── llm.fail-model  LLM  fail-model  7.08ms  ✗ openai.InternalServerError: Error code: 500 - fake upstream failure
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

/// The tree and timeline ask for `?io=false&attributes=false`: derived fields filled, raw
/// attributes (the span's, its resource's and its scope's, and the tool arguments and results
/// copied from them), provenance and payloads left out (issue 7: the 10k-span tree).
#[test]
fn attributes_false_keeps_what_the_tree_draws_and_drops_the_rest() {
    let server = server_with(&["openinference"]);
    let base = "/api/v1/traces/c6b7f460";
    let (status, whole) = server.get_json(&format!("{base}?io=false"));
    assert_eq!(status, 200);
    let (status, outline) = server.get_json(&format!("{base}?io=false&attributes=false"));
    assert_eq!(status, 200);
    let (whole, outline) = (
        whole["spans"].as_array().unwrap(),
        outline["spans"].as_array().unwrap(),
    );
    assert_eq!(whole.len(), outline.len());
    for (w, o) in whole.iter().zip(outline) {
        assert_eq!(o["attributes"], serde_json::json!({}));
        assert!(
            o.get("sources").is_none_or(|s| s == &serde_json::json!({})),
            "{o}"
        );
        assert_ne!(w["resource"]["attributes"], serde_json::json!({}));
        assert_eq!(o["resource"], serde_json::json!({"attributes": {}}));
        assert!(o["scope"].get("attributes").is_none(), "{o}");
        for field in [
            "span_id", "name", "kind", "model", "status", "error", "subtree",
        ] {
            assert_eq!(w.get(field), o.get(field), "{field}");
        }
        let mut tool = w["tool"].clone();
        if let Some(t) = tool.as_object_mut() {
            t.remove("arguments");
            t.remove("result");
            if t.is_empty() {
                tool = serde_json::Value::Null;
            }
        }
        assert_eq!(tool, o["tool"]);
        assert_eq!(w["scope"]["name"], o["scope"]["name"]);
    }
    let (status, err) = server.get_json(&format!("{base}?attributes=no"));
    assert_eq!(status, 400, "{err}");
}

/// `GET /api/v1/traces/{id}/outline` keeps, of each span, what the tree and timeline draw,
/// as the whole trace has it, and leaves the rest out.
#[test]
fn the_outline_route_keeps_what_the_views_draw() {
    let server = server_with(&["openinference", "catalyst"]);
    let base = "/api/v1/traces/c6b7f460";
    let (status, whole) = server.get_json(&format!("{base}?io=false&attributes=false"));
    assert_eq!(status, 200);
    let (status, outline) = server.get_json(&format!("{base}/outline"));
    assert_eq!(status, 200, "{outline}");
    assert_eq!(outline["summary"], whole["summary"]);
    let (whole, outline) = (
        whole["spans"].as_array().unwrap(),
        outline["spans"].as_array().unwrap(),
    );
    assert_eq!(whole.len(), outline.len());
    for (w, o) in whole.iter().zip(outline) {
        let o = o.as_object().unwrap();
        for (field, value) in o {
            let mut expected = w[field].clone();
            if field == "error"
                && let Some(e) = expected.as_object_mut()
            {
                e.remove("stacktrace");
            }
            assert_eq!(value, &expected, "{field}");
        }
        for field in [
            "span_id",
            "name",
            "kind",
            "start_time",
            "end_time",
            "status",
        ] {
            assert!(o.contains_key(field), "{field} in {o:?}");
        }
        for field in ["model", "agent_name", "input_tokens", "cost_usd", "error"] {
            assert_eq!(o.contains_key(field), !w[field].is_null(), "{field}");
        }
        for left_out in [
            "trace_id",
            "attributes",
            "resource",
            "events",
            "subtree",
            "session_id",
        ] {
            assert!(!o.contains_key(left_out), "{left_out} in {o:?}");
        }
    }
    let (status, err) = server.get_json(&format!("{base}/outline?io=false"));
    assert_eq!(status, 400, "{err}");
    let (status, err) = server.get_json("/api/v1/traces/ffffffff/outline");
    assert_eq!(status, 404, "{err}");
    assert_eq!(err["error"]["message"], "no trace matches ffffffff");
}

/// A server from before the outline route answers it with its fallback's 404; the tree and
/// timeline then ask for `?io=false&attributes=false`, and draw the same.
#[test]
fn tree_and_timeline_fall_back_for_a_server_without_the_outline_route() {
    let server = server_with(&["catalyst"]);
    let id = "0a87607c";
    let (status, lean) = server.get_json(&format!("/api/v1/traces/{id}?io=false&attributes=false"));
    assert_eq!(status, 200);
    let older = OlderServer::start(lean);
    for view in ["tree", "timeline"] {
        let args = ["trace", "get", id, "--view", view, "--width", "120"];
        let current = TestEnv::for_server(&server).run(&args);
        assert!(current.contains("[exit: 0]"), "{current}");
        assert_eq!(TestEnv::new(&older.url).run(&args), current, "{view}");
    }
}

/// Answers `GET /api/v1/traces/{id}` with one trace and everything else as a canopy from
/// before `/outline` did: 404, "no such endpoint".
struct OlderServer {
    url: String,
    _runtime: tokio::runtime::Runtime,
}

impl OlderServer {
    fn start(trace: serde_json::Value) -> OlderServer {
        use axum::http::{StatusCode, Uri};
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route(
                "/api/v1/traces/{id}",
                axum::routing::get(move || async move { axum::Json(trace) }),
            )
            .fallback(|uri: Uri| async move {
                let message = format!("no such endpoint: {}", uri.path());
                let body = serde_json::json!({"error": {"code": "not_found", "message": message}});
                (StatusCode::NOT_FOUND, axum::Json(body))
            });
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
        OlderServer {
            url,
            _runtime: runtime,
        }
    }
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
      [possible values: tree, timeline, thread, summary, json, otlp]

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

#[test]
fn the_tree_view_filtered_by_depth_and_errors() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87607c", "--depth", "0"]), @"
    travel-planner.run  AGENT  165ms  194 tok  ∑ 298 tok ~$0.000204  +10 below
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(100, &["trace", "get", "0a87607c", "--errors", "--ascii"]), @"
    travel-planner.run  AGENT  165ms  194 tok  sum 298 tok ~$0.000204
    |-- weather-researcher.run  AGENT  15.4ms  sum 81 tok ~$0.000128
    |   `-- lookup_forecast  TOOL  3.05ms  x TimeoutError: forecast service timed out after 5s
    `-- OpenAI Chat Completions  LLM  fail-model  9.39ms  x openai.InternalServerError: Error code: 500…
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87607c", "--view", "tree", "--expand", "--width", "40"]), @"
    travel-planner.run  AGENT  165ms
    ├── OpenAI Chat Completions  LLM  13.6ms
    ├── get_weather  TOOL  58.4µs
    ├── weather-researcher.r…  AGENT  15.4ms
    │   ├── Anthropic Messages  LLM  12.1ms
    │   │   └── anthropic.mess…  LLM  11.5ms
    │   └── lookup_fore…  TOOL  3.05ms  ✗ T…
    ├── OpenAI Chat Completions  LLM  48.2ms
    ├── OpenAI Chat Completions  LLM  10.3ms
    ├── OpenAI Responses  LLM  66.1ms
    └── OpenAI Chat…  LLM  9.39ms  ✗ openai…
    [exit: 0]
    ");
}

#[test]
fn the_timeline_piped_and_on_a_terminal() {
    let server = server_with(&["openinference"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "c6b7f460", "--view", "timeline"]), @"
      SPAN                       START    DUR   SELF  0           65.5ms       131ms       197ms   262ms
    ◆ travel-planner                 0  262ms 83.0ms  ██████████████████████████████████████████████████
    ◆   ChatCompletion          22.4ms 15.2ms 15.2ms  ····████··········································
    ◆   get_weather             37.9ms 81.0µs 81.0µs  ·······█··········································
    ◆   weather-researcher      38.1ms 1.12ms  241µs  ·······█··········································
    ◆     local-forecast-model  38.2ms  101µs  101µs  ·······█··········································
    ◆     ✗ lookup_forecast     38.4ms  776µs  776µs  ·······█··········································
    ◆   ChatCompletion          40.3ms 46.0ms 46.0ms  ·······██████████·································
    ◆   ChatCompletion          87.2ms 6.33ms 6.33ms  ················██································
    ◆   Response                 150ms 98.9ms 98.9ms  ····························████████████████████··
    ◆   ✗ ChatCompletion         250ms 11.4ms 11.4ms  ···············································███
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(60, &["trace", "get", "c6b7f460", "--view", "timeline", "--ascii"]), @"
      SPAN                 START    DUR  0    65.5ms       262ms
    * travel-planner           0  262ms  #######################
    *   ChatCompletion    22.4ms 15.2ms  .###...................
    *   get_weather       37.9ms 81.0µs  ...#...................
    *   weather-researc…  38.1ms 1.12ms  ...#...................
    *     local-forecas…  38.2ms  101µs  ...#...................
    *     x lookup_fore…  38.4ms  776µs  ...#...................
    *   ChatCompletion    40.3ms 46.0ms  ...#####...............
    *   ChatCompletion    87.2ms 6.33ms  .......##..............
    *   Response           150ms 98.9ms  .............#########.
    *   x ChatCompletion   250ms 11.4ms  .....................##
    [exit: 0]
    ");
}

#[test]
fn the_timeline_in_color() {
    let server = server_with(&["genai-openai-v2-latest"]);
    let env = TestEnv::for_server(&server);
    let out = env.run_tty(
        80,
        &[
            "trace", "get", "3a6f2608", "--view", "timeline", "--color", "always",
        ],
    );
    insta::assert_snapshot!(out.replace('\x1b', "␛"), @"
    ␛[1m  SPAN                       START    DUR   SELF  ␛[0m␛[2m0      28.7ms  57.4ms    115ms␛[0m
    ␛[91m◆␛[0m ␛[1minvoke_workflow trip-pl…␛[0m  ␛[2m     0 ␛[0m␛[36m 115ms ␛[0m␛[2m 109µs ␛[0m ␛[91m██████████████████████████████␛[0m
    ␛[91m◆␛[0m ␛[1m  invoke_agent travel-p…␛[0m  ␛[2m83.9µs ␛[0m␛[36m 115ms ␛[0m␛[2m1.35ms ␛[0m ␛[91m██████████████████████████████␛[0m
    ␛[91m◆␛[0m ␛[1m    chat gpt-4o-mini␛[0m      ␛[2m 567µs ␛[0m␛[36m8.64ms ␛[0m␛[2m8.64ms ␛[0m ␛[91m███␛[0m␛[90m···························␛[0m
    ␛[91m◆␛[0m ␛[1m    execute_tool get_we…␛[0m  ␛[2m9.29ms ␛[0m␛[36m37.3µs ␛[0m␛[2m37.3µs ␛[0m ␛[90m··␛[0m␛[91m█␛[0m␛[90m···························␛[0m
    ␛[91m◆␛[0m ␛[1m    invoke_agent weathe…␛[0m  ␛[2m9.37ms ␛[0m␛[36m4.25ms ␛[0m␛[2m 157µs ␛[0m ␛[90m··␛[0m␛[91m██␛[0m␛[90m··························␛[0m
    ␛[91m◆␛[0m ␛[31;1m      ✗ execute_tool lo…␛[0m  ␛[2m9.40ms ␛[0m␛[36m4.09ms ␛[0m␛[2m4.09ms ␛[0m ␛[90m··␛[0m␛[31;1m██␛[0m␛[90m··························␛[0m
    ␛[91m◆␛[0m ␛[1m    chat gpt-4o-mini␛[0m      ␛[2m13.8ms ␛[0m␛[36m44.7ms ␛[0m␛[2m44.7ms ␛[0m ␛[90m···␛[0m␛[91m█████████████␛[0m␛[90m··············␛[0m
    ␛[91m◆␛[0m ␛[1m    chat gpt-4o-mini␛[0m      ␛[2m58.7ms ␛[0m␛[36m5.53ms ␛[0m␛[2m5.53ms ␛[0m ␛[90m···············␛[0m␛[91m██␛[0m␛[90m·············␛[0m
    ␛[91m◆␛[0m ␛[1m    embeddings text-emb…␛[0m  ␛[2m64.4ms ␛[0m␛[36m6.67ms ␛[0m␛[2m6.67ms ␛[0m ␛[90m················␛[0m␛[91m███␛[0m␛[90m···········␛[0m
    ␛[91m◆␛[0m ␛[31;1m    ✗ chat fail-model␛[0m     ␛[2m71.1ms ␛[0m␛[36m43.5ms ␛[0m␛[2m43.5ms ␛[0m ␛[90m··················␛[0m␛[31;1m████████████␛[0m
    [exit: 0]
    ");
}

#[test]
fn the_thread_piped_and_on_a_terminal() {
    let server = server_with(&["cascade"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "4b67d3b0", "--view", "thread"]), @r#"
    ── llm.gpt-4o-mini · gpt-4o-mini · 7.13ms · 59 tok
    user
      What's the weather in Paris?
    assistant
      [Tool Use: get_weather]
    → get_weather  90.6µs
      {
        "city": "Paris"
      }
      ← get_weather
        {
          "city": "Paris",
          "temp_c": 22,
          "sky": "sunny"
        }
    ── llm.claude-3-5-haiku-20241022 · claude-3-5-haiku-20241022 · 22.9ms · 76 tok
    user
      3-day forecast for Paris?
    assistant
      It is sunny in Paris, 22C. (fake anthropic completion)
    → lookup_forecast  1.16ms
      ✗ TimeoutError: forecast service timed out after 5s
      {
        "city": "Paris",
        "days": 3
      }
    ── llm.gpt-4o-mini · gpt-4o-mini · 47.1ms · 59 tok
    assistant
    tool
      {
        "city": "Paris",
        "temp_c": 22,
        "sky": "sunny"
      }
    assistant
      The weather in Paris is sunny, 22C. (fake completion)
    ── llm.gpt-4o-mini.stream · gpt-4o-mini · 4.20ms · 59 tok
    user
      Say hi
    assistant
      The weather in Paris is sunny, 22C. (fake completion) 
    ── llm.fail-model · fail-model · 7.08ms
    ✗ openai.InternalServerError: Error code: 500 - fake upstream failure
    user
      boom
    [exit: 0]
    "#);
    insta::assert_snapshot!(env.run_tty(40, &["trace", "get", "4b67d3b0", "--view", "thread"]), @r#"
    ── llm.gpt-4o-mini · gpt-4o-mini · 7.13…
    user
      What's the weather in Paris?
    assistant
      [Tool Use: get_weather]
    → get_weather  90.6µs
      {
        "city": "Paris"
      }
      ← get_weather
        {
          "city": "Paris",
          "temp_c": 22,
          "sky": "sunny"
        }
    ── llm.claude-3-5-haiku-20241022 · clau…
    user
      3-day forecast for Paris?
    assistant
      It is sunny in Paris, 22C. (fake
      anthropic completion)
    → lookup_forecast  1.16ms
      ✗ TimeoutError: forecast service
      timed out after 5s
      {
        "city": "Paris",
        "days": 3
      }
    ── llm.gpt-4o-mini · gpt-4o-mini · 47.1…
    assistant
    tool
      {
        "city": "Paris",
        "temp_c": 22,
        "sky": "sunny"
      }
    assistant
      The weather in Paris is sunny, 22C.
      (fake completion)
    ── llm.gpt-4o-mini.stream · gpt-4o-mini…
    user
      Say hi
    assistant
      The weather in Paris is sunny, 22C.
      (fake completion) 
    ── llm.fail-model · fail-model · 7.08ms
    ✗ openai.InternalServerError: Error
    code: 500 - fake upstream failure
    user
      boom
    [exit: 0]
    "#);
}

#[test]
fn a_trace_without_model_calls_has_no_thread() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    // The refund trace: an agent and a tool. The tool still shows, as a call nobody asked for.
    insta::assert_snapshot!(env.run(&["trace", "get", "94efd462", "--view", "thread"]), @r#"
    → issue_refund  363µs
      ✗ ValueError: refund amount exceeds policy limit
      {
        "order_id": "A-1001",
        "amount": 19.99
      }
    [exit: 0]
    "#);
}

#[test]
fn the_summary_piped_and_on_a_terminal() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87607c", "--view", "summary"]), @"
    trace      0a87607ca2d6044aa146d9c4b073d4dc
    root       travel-planner.run  AGENT
    service    travel-app-catalyst
    started    2026-11-22T03:37:16.444992476Z
    duration   165ms
    spans      11
    errors     2
      lookup_forecast          TimeoutError: forecast service timed out after 5s
      OpenAI Chat Completions  openai.InternalServerError: Error code: 500 - fake upstream failure
    LLM calls  6
    tokens     216 in · 82 out · 298 total · 29 cache read
    cost       ~$0.000204  includes estimates
    session    sess-catalyst-0001
    user       user-42
    agents     travel-planner, weather-researcher
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(40, &["trace", "get", "0a87607c", "--view", "summary"]), @"
    trace      0a87607ca2d6044aa146d9c4b073d4dc
    root       travel-planner.run  AGENT
    service    travel-app-catalyst
    started    2026-11-22 03:37:16.444 UTC …
    duration   165ms
    spans      11
    errors     2
      lookup_forecast          TimeoutError…
      OpenAI Chat Completions  openai.Inter…
    LLM calls  6
    tokens     216 in · 82 out · 298 total …
    cost       ~$0.000204  includes estimat…
    session    sess-catalyst-0001
    user       user-42
    agents     travel-planner, weather-rese…
    [exit: 0]
    ");
}

#[test]
fn json_view_is_the_same_as_the_json_flag() {
    let server = server_with(&["agensight"]);
    let env = TestEnv::for_server(&server);
    let a = env
        .cmd()
        .args(["trace", "get", "ec8f634d", "--json"])
        .output()
        .unwrap();
    let b = env
        .cmd()
        .args(["trace", "get", "ec8f634d", "--view", "json"])
        .output()
        .unwrap();
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
    let pretty = env
        .cmd()
        .env("CANOPY_FORCE_TTY", "100")
        .args(["trace", "get", "ec8f634d", "--view", "json"])
        .output()
        .unwrap();
    let (x, y): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&a.stdout).unwrap(),
        serde_json::from_slice(&pretty.stdout).unwrap(),
    );
    assert_eq!(x, y, "a terminal gets the same document, indented");
}

/// Export and re-import: every fixture's traces, exported with `--view otlp` and posted to a
/// fresh server, read back as the same normalized traces (tree, attributes, events, summary).
#[test]
fn otlp_export_round_trips_through_serve() {
    for sdk in fixtures::SDKS {
        let first = server_with(&[sdk]);
        let (_, page) = first.get_json("/api/v1/traces?limit=100");
        let ids: Vec<String> = page["traces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["trace_id"].as_str().unwrap().to_string())
            .collect();
        assert!(!ids.is_empty(), "{sdk}");
        let second = TestServer::start();
        let env = TestEnv::for_server(&first);
        for id in &ids {
            let out = env
                .cmd()
                .args(["trace", "get", id, "--view", "otlp"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{sdk} {id}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let (status, body) = second.post(out.stdout, "application/json", None);
            assert_eq!(
                status,
                200,
                "{sdk} {id}: {}",
                String::from_utf8_lossy(&body)
            );
        }
        for id in &ids {
            let (_, a) = first.get_json(&format!("/api/v1/traces/{id}"));
            let (_, b) = second.get_json(&format!("/api/v1/traces/{id}"));
            assert_eq!(a, b, "{sdk} {id} changed on the way through OTLP");
        }
        let again = TestEnv::for_server(&second);
        assert_eq!(
            env.run(&["trace", "get", &ids[0]]),
            again.run(&["trace", "get", &ids[0]]),
            "{sdk}: the same tree"
        );
    }
}

#[test]
fn the_otlp_view_is_spec_json() {
    let server = server_with(&["openinference"]);
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["trace", "get", "76e600bd", "--view", "otlp"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rs = &json["resourceSpans"][0];
    assert!(rs["resource"]["attributes"].is_array());
    let span = &rs["scopeSpans"][0]["spans"][0];
    assert_eq!(
        span["traceId"],
        "76e600bd".to_string() + &span["traceId"].as_str().unwrap()[8..]
    );
    assert_eq!(span["traceId"].as_str().unwrap().len(), 32);
    assert!(span["startTimeUnixNano"].is_string());
    assert_eq!(span["status"]["code"], 2);
}

#[test]
fn bad_depth_and_misplaced_flags_exit_2_before_any_request() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87", "--depth", "-1"]), @"
    --- stderr ---
    error: invalid value '-1' for '--depth <N>': invalid digit found in string

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87", "--depth", "deep"]), @"
    --- stderr ---
    error: invalid value 'deep' for '--depth <N>': invalid digit found in string

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87", "--view", "thread", "--errors"]), @"
    --- stderr ---
    error: --errors applies to the tree and timeline views, not to --view thread
    hint: use it with --view tree or --view timeline
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87", "--view", "tree", "--json"]), @"
    --- stderr ---
    error: the argument '--view <VIEW>' cannot be used with '--json'

    Usage: canopy trace get --view <VIEW> <TRACE_ID>

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87", "--width", "5"]), @"
    --- stderr ---
    error: invalid value '5' for '--width <COLUMNS>': 5 is not in 20..=65535

    For more information, try '--help'.
    [exit: 2]
    ");
}

/// A trace whose names, messages and attribute values carry terminal escapes (a hyperlink, a
/// color, a bell) and a bidi override: no view lets one reach stdout raw.
#[test]
fn escape_sequences_in_span_content_are_shown_escaped_in_every_view() {
    let server = TestServer::start();
    let (status, body) = server.post(hostile_request().into_bytes(), "application/json", None);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let env = TestEnv::for_server(&server);
    for view in ["tree", "timeline", "thread", "summary"] {
        for tty in [false, true] {
            let args = ["trace", "get", "5eed", "--view", view];
            let out = if tty {
                env.run_tty(60, &args)
            } else {
                env.run(&args)
            };
            assert!(
                !out.contains('\x1b') && !out.contains('\u{202e}') && !out.contains('\x07'),
                "{view}: {out}"
            );
            assert!(
                out.contains("\\x1b"),
                "{view} shows the escape escaped: {out}"
            );
        }
    }
    insta::assert_snapshot!(env.run(&["trace", "get", "5eed"]), @r"
    agent \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet  AGENT  1.00s
    └── tool \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet  TOOL  100ms  ✗ Evil\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet: msg \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet
    [exit: 0]
    ");
}

/// One trace (id 5eed…) in OTLP/JSON whose text fields are hostile.
pub fn hostile_request() -> String {
    let evil = r"\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007 \u001b[31mred\u202etxet";
    format!(
        r#"{{"resourceSpans":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"svc {evil}"}}}}]}},
        "scopeSpans":[{{"scope":{{"name":"s"}},"spans":[
          {{"traceId":"5eed0000000000000000000000000001","spanId":"0000000000000001","name":"agent {evil}",
            "startTimeUnixNano":"1000000000","endTimeUnixNano":"2000000000",
            "attributes":[{{"key":"openinference.span.kind","value":{{"stringValue":"AGENT"}}}},
                          {{"key":"input.value","value":{{"stringValue":"{evil}"}}}}]}},
          {{"traceId":"5eed0000000000000000000000000001","spanId":"0000000000000002","parentSpanId":"0000000000000001",
            "name":"tool {evil}","startTimeUnixNano":"1100000000","endTimeUnixNano":"1200000000",
            "status":{{"code":2,"message":"failed {evil}"}},
            "attributes":[{{"key":"openinference.span.kind","value":{{"stringValue":"TOOL"}}}},
                          {{"key":"tool.name","value":{{"stringValue":"lookup {evil}"}}}}],
            "events":[{{"timeUnixNano":"1150000000","name":"exception","attributes":[
              {{"key":"exception.type","value":{{"stringValue":"Evil{evil}"}}}},
              {{"key":"exception.message","value":{{"stringValue":"msg {evil}"}}}},
              {{"key":"exception.stacktrace","value":{{"stringValue":"line 1\n{evil}\nline 3"}}}}]}}]}}
        ]}}]}}]}}"#
    )
}
