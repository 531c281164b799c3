//! `canopy trace list`, piped and on a terminal.

use crate::common::otlp::{self, hex};
use crate::common::{Following, TestEnv, TestServer, fixtures};

fn server_with_fixtures() -> TestServer {
    let server = TestServer::start();
    for sdk in fixtures::SDKS {
        server.ingest_fixture(sdk);
    }
    server
}

#[test]
fn piped_output_is_tab_separated_with_full_ids() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "list", "--range", "1h", "--limit", "4"]), @"
    9a3e8231758ad08160414fc956fd626c	2026-11-22T03:37:36.300280317Z	427971	1	1	0	0		unknown_service:python	RefundAgent
    ec8f634d1a430321ad0585eeec120e36	2026-11-22T03:37:36.149105089Z	131110134	9	2	4	194	0.0001598	unknown_service:python	PlannerAgent
    62a6c0055f50d71c90d59b5e353b7850	2026-11-22T03:37:30.155497512Z	7467366	2	2	0	0		travel_app_cascade	RefundFlow
    4b67d3b0ef7e4c1d5e2b0231fac66892	2026-11-22T03:37:30.039732140Z	115682902	12	2	5	253	0.0001775	travel_app_cascade	TravelPlanner
    [exit: 0]
    ");
}

#[test]
fn terminal_output_is_a_table_with_relative_times() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(100, &["trace", "list"]), @"
    TRACE         ROOT                   SERVICE     STARTED  DURATION  ERRORS  LLM  TOKENS         COST
    9a3e8231758a  RefundAgent            unknown_s…  22m ago     428µs       1    0       -            -
    ec8f634d1a43  PlannerAgent           unknown_s…  22m ago     131ms       2    4     194    ~$0.00016
    62a6c0055f50  RefundFlow             travel_ap…  22m ago    7.47ms       2    0       -            -
    4b67d3b0ef7e  TravelPlanner          travel_ap…  22m ago     116ms       2    5     253   ~$0.000178
    272da5275994  invoke_agent refund-…  travel-ap…  22m ago     112µs       2    0       -            -
    3a6f26083793  invoke_workflow trip…  travel-ap…  22m ago     115ms       2    4     182  ~$0.0000496
    76e600bd0756  refund-agent           travel-ap…  22m ago     272µs       1    0       -            -
    c6b7f460c04e  travel-planner         travel-ap…  22m ago     262ms       2    6     233  ~$0.0000957
    94efd462b6d7  refund-agent.run       travel-ap…  22m ago     790µs       2    0       -            -
    0a87607ca2d6  travel-planner.run     travel-ap…  22m ago     165ms       2    6     298   ~$0.000204
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(60, &["trace", "list", "--limit", "2"]), @"
    TRACE         ROOT          STARTED  DURATION  ERRORS
    9a3e8231758a  RefundAgent   22m ago     428µs       1
    ec8f634d1a43  PlannerAgent  22m ago     131ms       2
    --- stderr ---
    hint: more traces: pass --cursor start.1795318656149105089.ec8f634d1a430321ad0585eeec120e36 (or --all)
    [exit: 0]
    ");
}

#[test]
fn json_is_an_array_of_summaries() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["trace", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 10);
    let first = &rows[0];
    for field in [
        "trace_id",
        "root_name",
        "service",
        "start_time",
        "duration_ns",
        "span_count",
        "error_count",
    ] {
        assert!(first.get(field).is_some(), "missing {field} in {first}");
    }
    assert_eq!(first["trace_id"], "9a3e8231758ad08160414fc956fd626c");
    assert_eq!(first["start_time"], "2026-11-22T03:37:36.300280317Z");
}

#[test]
fn ranges_select_by_start_time() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    // NOW is 04:00; the fixtures started between 03:37:16 and 03:37:37.
    let count = |args: &[&str]| {
        let out = env
            .cmd()
            .args(["trace", "list"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    assert_eq!(count(&["--range", "15m"]), 0);
    assert_eq!(count(&["--range", "1h"]), 10);
    assert_eq!(count(&["--from", "2026-11-22T03:37:30Z"]), 4);
    assert_eq!(
        count(&[
            "--from",
            "2026-11-22T03:37:20Z",
            "--to",
            "2026-11-22T03:37:30Z"
        ]),
        4
    );
    assert_eq!(count(&["--to", "22m30s"]), 6);
}

#[test]
fn an_empty_result_is_success_with_a_note() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "list"]), @"[exit: 0]");
    insta::assert_snapshot!(env.run_tty(100, &["trace", "list", "--range", "15m"]), @"
    --- stderr ---
    no traces match
    hint: widen the time range with --range 7d or --range all, or send traces to `canopy serve`
    [exit: 0]
    ");
}

#[test]
fn an_unreachable_server_exits_3_with_a_hint() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "list"]), @"
    --- stderr ---
    error: cannot reach the canopy server at http://127.0.0.1:9/: Connection refused (os error 111)
    hint: start a server with `canopy serve`, or point canopy at yours with --endpoint URL (now http://127.0.0.1:9/)
    [exit: 3]
    ");
}

#[test]
fn usage_errors_exit_2_before_any_request() {
    // Port 9 has no server: a request would exit 3, so exit 2 proves none was made.
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "list", "--range", "soon"]), @r#"
    --- stderr ---
    error: invalid value 'soon' for '--range <RANGE>': "soon" is not a duration; use a number and a unit, like 15m, 1h, 24h or 7d

    For more information, try '--help'.
    [exit: 2]
    "#);
    insta::assert_snapshot!(env.run(&["trace", "list", "--limit", "0"]), @"
    --- stderr ---
    error: invalid value '0' for '--limit <N>': 0 is not in 1..=1000

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "list", "--endpoint", "localhost"]), @r#"
    --- stderr ---
    error: --endpoint: "localhost" is not a URL (relative URL without a base); use e.g. http://127.0.0.1:4318
    [exit: 2]
    "#);
}

#[test]
fn filters_sort_and_select_fields() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    let ids = |args: &[&str]| {
        let out = env
            .cmd()
            .args(["trace", "list", "--json", "root_name"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        rows.iter()
            .map(|r| r["root_name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&["--service", "travel_app_cascade"]),
        ["RefundFlow", "TravelPlanner"]
    );
    assert_eq!(
        ids(&["--kind", "EMBEDDING"]),
        ["invoke_workflow trip-planning"]
    );
    assert_eq!(
        ids(&["--name", "REFUND", "--sort", "duration", "--order", "asc"]),
        [
            "invoke_agent refund-agent",
            "refund-agent",
            "RefundAgent",
            "refund-agent.run",
            "RefundFlow"
        ]
    );
    assert_eq!(
        ids(&[
            "--attr",
            "tool.name",
            "=",
            "lookup_forecast",
            "--min-duration",
            "200ms"
        ]),
        ["travel-planner"]
    );
    assert_eq!(ids(&["--status", "ok"]), Vec::<String>::new());
}

#[test]
fn unknown_json_fields_and_bad_attrs_are_usage_errors() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "list", "--json", "trace_id,nope"]), @r#"
    --- stderr ---
    error: --json: unknown field "nope"
    hint: valid fields: agents, cache_read_tokens, cache_write_tokens, cost_estimated, cost_usd, duration_ns, end_time, error_count, input_tokens, llm_count, output_tokens, reasoning_tokens, root_name, root_span_id, service, session_id, span_count, start_time, total_tokens, trace_id, user_id
    [exit: 2]
    "#);
    insta::assert_snapshot!(env.run(&["trace", "list", "--attr", "k", "~~", "v"]), @r#"
    --- stderr ---
    error: --attr: "~~" is not an attribute operator; use one of: = != ~ > < exists
    hint: write it as --attr KEY OP VALUE, e.g. --attr llm.model_name = gpt-4o
    [exit: 2]
    "#);
    insta::assert_snapshot!(env.run(&["trace", "list", "--sort", "cost", "--cursor", "start.1.0a87607ca2d6044aa146d9c4b073d4dc"]), @"
    --- stderr ---
    error: --cursor continues a list sorted by start; pass --sort start with it
    [exit: 2]
    ");
}

#[test]
fn trace_facets_count_traces_once_per_value() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(100, &["trace", "facets", "--service", "travel-app-catalyst"]), @"
    2 traces

    SERVICE
      travel-app-catalyst             2

    KIND
      AGENT                           2
      TOOL                            2
      LLM                             1

    MODEL
      claude-3-5-haiku-latest         1
      fail-model                      1
      gpt-4.1-mini                    1
      gpt-4o-mini                     1
      gpt-4o-mini-2024-07-18          1

    AGENT
      refund-agent                    1
      travel-planner                  1
      weather-researcher              1

    STATUS
      error                           2
    [exit: 0]
    ");
}

/// `trace list --follow` on the real clock (the fixed test clock would put new spans in the
/// future), polling fast.
fn follow_traces(env: &TestEnv, extra: &[&str]) -> Following {
    let mut cmd = env.std_cmd();
    cmd.env_remove("CANOPY_NOW")
        .args(["trace", "list", "--follow", "--interval", "100ms"])
        .args(extra);
    let mut following = Following::spawn(cmd);
    following.wait_stderr("following traces as they arrive");
    following
}

fn rows_of<'a>(lines: &'a [String], trace: &str) -> Vec<Vec<&'a str>> {
    lines
        .iter()
        .filter(|l| l.starts_with(trace))
        .map(|l| l.split('\t').collect())
        .collect()
}

/// Issue 9: a live listing prints each trace that arrives, once complete, again when it grows,
/// honours the filters, and ends with exit 0 on Ctrl-C.
#[cfg(unix)]
#[test]
fn follow_prints_traces_as_they_complete_and_again_when_they_grow() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    let before = otlp::trace_id(1);
    server.post_spans("svc-a", vec![otlp::span(before, 1, None, "before")]);
    let mut following = follow_traces(&env, &["--service", "svc-a"]);

    let other = otlp::trace_id(2);
    server.post_spans("svc-b", vec![otlp::span(other, 1, None, "elsewhere")]);
    // The children first and the root in a later request, as Cascade sends them.
    let run = otlp::trace_id(3);
    let id = hex(&run);
    server.post_spans(
        "svc-a",
        vec![
            otlp::span(run, 2, Some(1), "step"),
            otlp::span(run, 3, Some(1), "step"),
        ],
    );
    server.post_spans("svc-a", vec![otlp::span(run, 1, None, "run")]);
    following.wait_stdout("the trace, complete", |l| !rows_of(l, &id).is_empty());
    // A span that arrives after the trace was printed: it is printed again, with 4 spans.
    server.post_spans("svc-a", vec![otlp::span(run, 4, Some(1), "late")]);
    following.wait_stdout("the update", |l| rows_of(l, &id).len() == 2);

    let (code, out, err) = following.interrupt();
    assert_eq!(code, 0, "{err:?}");
    let rows = rows_of(&out, &id);
    assert_eq!(out.len(), 2, "only the followed trace: {out:#?}");
    // trace_id, start, duration, spans, errors, llm calls, tokens, cost, service, root
    assert_eq!((rows[0][3], rows[0][8], rows[0][9]), ("3", "svc-a", "run"));
    assert_eq!((rows[1][3], rows[1][9]), ("4", "run"));
    assert!(
        !out.iter()
            .any(|l| l.contains(&hex(&before)) || l.contains(&hex(&other)))
    );
}

#[cfg(unix)]
#[test]
fn follow_json_is_one_object_per_line_with_models_and_updates() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    let mut following = follow_traces(&env, &["--json"]);
    let run = otlp::trace_id(4);
    let mut call = otlp::span(run, 2, Some(1), "chat");
    call.attributes = vec![
        otlp::string("openinference.span.kind", "LLM"),
        otlp::string("llm.model_name", "gpt-4o-mini"),
    ];
    server.post_spans("svc", vec![call, otlp::span(run, 1, None, "agent")]);
    following.wait_stdout("the trace", |l| !l.is_empty());
    server.post_spans("svc", vec![otlp::span(run, 3, Some(1), "late")]);
    following.wait_stdout("the update", |l| l.len() == 2);

    let (code, out, _) = following.interrupt();
    assert_eq!(code, 0);
    let objects: Vec<serde_json::Value> = out
        .iter()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    let picked: Vec<_> = objects
        .iter()
        .map(|o| {
            (
                o["trace_id"].as_str().unwrap().to_string(),
                o["span_count"].as_u64().unwrap(),
                o["models"].clone(),
                o["update"].as_bool().unwrap(),
            )
        })
        .collect();
    let models = serde_json::json!(["gpt-4o-mini"]);
    assert_eq!(
        picked,
        [
            (hex(&run), 2, models.clone(), false),
            (hex(&run), 3, models, true)
        ]
    );
}

#[cfg(unix)]
#[test]
fn follow_on_a_terminal_has_a_header_and_escapes_span_text() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    let mut cmd = env.std_cmd();
    cmd.env_remove("CANOPY_NOW")
        .env("CANOPY_FORCE_TTY", "100")
        .args(["trace", "list", "--follow", "--interval", "100ms"]);
    let mut following = Following::spawn(cmd);
    following.wait_stderr("following traces");
    let run = otlp::trace_id(5);
    server.post_spans("svc", vec![otlp::span(run, 1, None, "run\x1b[2J")]);
    following.wait_stdout("the row", |l| l.len() == 2);
    let (code, out, _) = following.interrupt();
    assert_eq!(code, 0);
    assert!(out[0].starts_with("STARTED   TRACE"), "{out:#?}");
    assert!(out[1].contains(&hex(&run)[..12]), "{out:#?}");
    assert!(out[1].contains("run\\x1b[2J"), "escaped: {out:#?}");
    assert!(!out.concat().contains('\x1b'));
}

#[test]
fn follow_exits_3_when_the_server_is_not_there_to_begin_with() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let out = env.run(&["trace", "list", "--follow"]);
    assert!(out.ends_with("[exit: 3]"), "{out}");
    assert!(
        out.contains("hint: start a server with `canopy serve`"),
        "{out}"
    );
}

/// A server that goes away while following is waited for, not fatal.
#[cfg(unix)]
#[test]
fn follow_outlasts_a_server_that_goes_away() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    let mut following = follow_traces(&env, &[]);
    server.stop();
    following.wait_stderr("trying again every 100ms");
    let (code, _, err) = following.interrupt();
    assert_eq!(code, 0);
    assert!(
        err.iter()
            .any(|l| l.starts_with("warning: cannot reach the canopy server")),
        "{err:#?}"
    );
}

#[test]
fn follow_refuses_flags_that_make_no_sense_live() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "list", "--follow", "--all"]), @"
    --- stderr ---
    error: the argument '--follow' cannot be used with '--all'

    Usage: canopy trace list --follow

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "list", "--interval", "5s"]), @"
    --- stderr ---
    error: the following required arguments were not provided:
      --follow

    Usage: canopy trace list --follow --interval <DURATION>

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "list", "--follow", "--interval", "10ms"]), @r#"
    --- stderr ---
    error: invalid value '10ms' for '--interval <DURATION>': "10ms" is not between 100ms and 1h

    For more information, try '--help'.
    [exit: 2]
    "#);
}
