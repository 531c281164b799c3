//! `canopy span get`, every view, piped and on a terminal, on the shared SDK fixtures.

use crate::common::{TestEnv, TestServer};

fn catalyst() -> TestServer {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    server
}

/// `lookup_forecast` in the Catalyst trace: a failed tool with two identical exception events.
const TOOL: [&str; 3] = ["0a87607c", "6cf46f7d", "--view"];

#[test]
fn the_summary_piped_and_on_a_terminal() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["span", "get", "0a87607c", "9a74459f"]), @"
    name      OpenAI Chat Completions
    span      9a74459f3926f108
    trace     0a87607ca2d6044aa146d9c4b073d4dc
    parent    89fd55715eed9dc5
    kind      LLM  otel client
    model     gpt-4o-mini-2024-07-18  openai
    tokens    42 in · 17 out · 59 total · 8 cache read · 0 reasoning
    cost      ~$0.0000159  estimated
    started   2026-11-22T03:37:16.445815096Z
    duration  13.6ms
    status    ok
    session   sess-catalyst-0001
    user      user-42
    agent     travel-planner
    input     2 messages, last user: What's the weather in Paris?
    output    1 message, last assistant: calls get_weather
    service   travel-app-catalyst
    scope     catalyst_tracing.openai  0.1.11
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(40, &["span", "get", "0a87607c", "6cf46f7d", "--view", "summary"]), @r#"
    name       lookup_forecast
    span       6cf46f7d2273bacb
    trace      0a87607ca2d6044aa146d9c4b073d4dc
    parent     cfee876bfb92dafb
    kind       TOOL  otel internal
    started    2026-11-22 03:37:16.471 UTC …
    duration   3.05ms
    status     error
    error      TimeoutError: forecast servi…
    session    sess-catalyst-0001
    user       user-42
    agent      weather-researcher
    tool       lookup_forecast  toolu_fake_…
    arguments  {"city": "Paris"}
    input      {"city": "Paris"}
    service    travel-app-catalyst
    scope      catalyst_tracing  0.1.11
    [exit: 0]
    "#);
}

#[test]
fn events_show_a_repeated_exception_once_with_a_count() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let args = ["span", "get", TOOL[0], TOOL[1], TOOL[2], "events"];
    insta::assert_snapshot!(env.run(&args), @r#"
    2026-11-22T03:37:16.472360315Z  exception  × 2
      type     TimeoutError
      message  forecast service timed out after 5s
      escaped  False
      stacktrace
        Traceback (most recent call last):
          File "/srv/agent/venv-catalyst/lib/python3.11/site-packages/opentelemetry/trace/__init__.py", line 602, in use_span
            yield span
          File "/srv/agent/venv-catalyst/lib/python3.11/site-packages/opentelemetry/sdk/trace/__init__.py", line 1136, in start_as_current_span
            yield span
          File "/srv/agent/venv-catalyst/lib/python3.11/site-packages/catalyst_tracing/agent_span.py", line 290, in manual_span
            yield handle
          File "/srv/agent/scripts/catalyst_trace.py", line 67, in <module>
            raise TimeoutError("forecast service timed out after 5s")
        TimeoutError: forecast service timed out after 5s
    [exit: 0]
    "#);
    insta::assert_snapshot!(env.run_tty(60, &args), @r#"
    +525µs  exception  × 2
      type     TimeoutError
      message  forecast service timed out after 5s
      escaped  False
      stacktrace
        Traceback (most recent call last):
          File
          "/srv/agent/venv-catalyst/lib/python3.11/site-packages
          /opentelemetry/trace/__init__.py", line 602, in
          use_span
            yield span
          File
          "/srv/agent/venv-catalyst/lib/python3.11/site-packages
          /opentelemetry/sdk/trace/__init__.py", line 1136, in
          start_as_current_span
            yield span
          File
          "/srv/agent/venv-catalyst/lib/python3.11/site-packages
          /catalyst_tracing/agent_span.py", line 290, in
          manual_span
            yield handle
          File "/srv/agent/scripts/catalyst_trace.py", line 67,
          in <module>
            raise TimeoutError("forecast service timed out
            after 5s")
        TimeoutError: forecast service timed out after 5s
    [exit: 0]
    "#);
}

#[test]
fn events_of_a_span_without_any() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["span", "get", "0a87607c", "89fd5571", "--view", "events"]), @"
    --- stderr ---
    span 89fd55715eed9dc5 has no events
    [exit: 0]
    ");
}

#[test]
fn attributes_piped_and_on_a_terminal() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let args = ["span", "get", TOOL[0], TOOL[1], TOOL[2], "attributes"];
    insta::assert_snapshot!(env.run(&args), @r#"
    normalized
      kind            TOOL  ← openinference.span.kind
      session_id      sess-catalyst-0001  ← inherited: the trace's
      user_id         user-42  ← inherited: the trace's
      agent_name      weather-researcher  ← agent.name
      tool.name       lookup_forecast  ← tool.name
      tool.call_id    toolu_fake_001  ← tool_call.id
      tool.arguments  {"city": "Paris"}  ← input.value
      error.type      TimeoutError  ← event:exception
      error.message   forecast service timed out after 5s  ← event:exception
      input           a value of 17 bytes  ← input.value
    attributes
      agent.id                 weather-researcher
      agent.name               weather-researcher
      agent.role               researcher
      input.value              {"city": "Paris"}
      openinference.span.kind  TOOL
      tool.name                lookup_forecast
      tool_call.id             toolu_fake_001
    resource
      deployment.environment  fixture-test
      service.instance.id     f1346b7d-c473-4ae7-b475-496539776a5c
      service.name            travel-app-catalyst
      service.version         0.1.11
      telemetry.sdk.language  python
      telemetry.sdk.name      opentelemetry
      telemetry.sdk.version   1.45.2
    scope  catalyst_tracing 0.1.11
    [exit: 0]
    "#);
    insta::assert_snapshot!(env.run_tty(40, &args), @r#"
    normalized
      kind            TOOL  ← openinference…
      session_id      sess-catalyst-0001  ←…
      user_id         user-42  ← inherited:…
      agent_name      weather-researcher  ←…
      tool.name       lookup_forecast  ← to…
      tool.call_id    toolu_fake_001  ← too…
      tool.arguments  {"city": "Paris"}  ← …
      error.type      TimeoutError  ← event…
      error.message   forecast service time…
      input           a value of 17 bytes  …
    attributes
      agent.id                 weather-rese…
      agent.name               weather-rese…
      agent.role               researcher
      input.value              {"city": "Pa…
      openinference.span.kind  TOOL
      tool.name                lookup_forec…
      tool_call.id             toolu_fake_0…
    resource
      deployment.environment  fixture-test
      service.instance.id     f1346b7d-c473…
      service.name            travel-app-ca…
      service.version         0.1.11
      telemetry.sdk.language  python
      telemetry.sdk.name      opentelemetry
      telemetry.sdk.version   1.45.2
    scope  catalyst_tracing 0.1.11
    [exit: 0]
    "#);
}

#[test]
fn io_piped_and_on_a_terminal() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let args = ["span", "get", TOOL[0], TOOL[1], TOOL[2], "io"];
    insta::assert_snapshot!(env.run(&args), @r#"
    input
      {
        "city": "Paris"
      }
    error
      TimeoutError: forecast service timed out after 5s
    [exit: 0]
    "#);
    insta::assert_snapshot!(env.run_tty(100, &args), @r#"
    input
      {
        "city": "Paris"
      }
    error
      TimeoutError: forecast service timed out after 5s
    [exit: 0]
    "#);
}

#[test]
fn json_view_is_the_same_as_the_json_flag() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let a = env
        .cmd()
        .args(["span", "get", "0a87607c", "6cf46f7d", "--json"])
        .output()
        .unwrap();
    let b = env
        .cmd()
        .args(["span", "get", "0a87607c", "6cf46f7d", "--view", "json"])
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let span: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(span["name"], "lookup_forecast");
    assert_eq!(
        span["events"].as_array().unwrap().len(),
        2,
        "json keeps every event"
    );
}

#[test]
fn colored_on_request() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let out = env.run_tty(
        60,
        &["span", "get", "0a87607c", "6cf46f7d", "--color", "always"],
    );
    insta::assert_snapshot!(out.replace('\x1b', "␛"), @r#"
    ␛[1mname␛[0m       ␛[1mlookup_forecast␛[0m
    ␛[1mspan␛[0m       ␛[33m6cf46f7d2273bacb␛[0m
    ␛[1mtrace␛[0m      ␛[33m0a87607ca2d6044aa146d9c4b073d4dc␛[0m
    ␛[1mparent␛[0m     ␛[33mcfee876bfb92dafb␛[0m
    ␛[1mkind␛[0m       ␛[92mTOOL␛[0m  ␛[2motel internal␛[0m
    ␛[1mstarted␛[0m    ␛[2m2026-11-22 03:37:16.471 UTC (22m ago)␛[0m
    ␛[1mduration␛[0m   ␛[36m3.05ms␛[0m
    ␛[1mstatus␛[0m     ␛[31;1merror␛[0m
    ␛[1merror␛[0m      ␛[31;1mTimeoutError: forecast service timed out after 5s␛[0m
    ␛[1msession␛[0m    sess-catalyst-0001
    ␛[1muser␛[0m       user-42
    ␛[1magent␛[0m      ␛[94mweather-researcher␛[0m
    ␛[1mtool␛[0m       ␛[92mlookup_forecast␛[0m  ␛[2mtoolu_fake_001␛[0m
    ␛[1marguments␛[0m  {"city": "Paris"}
    ␛[1minput␛[0m      ␛[2m{"city": "Paris"}␛[0m
    ␛[1mservice␛[0m    travel-app-catalyst
    ␛[1mscope␛[0m      catalyst_tracing  ␛[2m0.1.11␛[0m
    [exit: 0]
    "#);
}

#[test]
fn bad_views_exit_2_before_any_request() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["span", "get", "0a87", "9a74", "--view", "everything"]), @"
    --- stderr ---
    error: invalid value 'everything' for '--view <VIEW>'
      [possible values: summary, io, attributes, events, json]

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["span", "get", "0a87", "9a74", "--view", "io", "--json"]), @"
    --- stderr ---
    error: the argument '--view <VIEW>' cannot be used with '--json'

    Usage: canopy span get --view <VIEW> <TRACE_ID> <SPAN_ID>

    For more information, try '--help'.
    [exit: 2]
    ");
}

/// Escapes and bidi controls in names, attribute values, status and exception messages and
/// stack traces stay inert in every span view.
#[test]
fn escape_sequences_are_shown_escaped_in_every_view() {
    let server = TestServer::start();
    let body = crate::test_trace_get::hostile_request();
    assert_eq!(
        server.post(body.into_bytes(), "application/json", None).0,
        200
    );
    let env = TestEnv::for_server(&server);
    for view in ["summary", "io", "attributes", "events"] {
        for tty in [false, true] {
            let args = ["span", "get", "5eed", "0000000000000002", "--view", view];
            let out = if tty {
                env.run_tty(60, &args)
            } else {
                env.run(&args)
            };
            assert!(
                !out.contains('\x1b') && !out.contains('\u{202e}') && !out.contains('\x07'),
                "{view}: {out}"
            );
        }
    }
    insta::assert_snapshot!(env.run(&["span", "get", "5eed", "0000000000000002", "--view", "events"]), @r"
    1970-01-01T00:00:01.150000000Z  exception
      type     Evil\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet
      message  msg \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet
      stacktrace
        line 1
        \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet
        line 3
    [exit: 0]
    ");
}
