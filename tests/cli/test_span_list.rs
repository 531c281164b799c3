//! `canopy span list` and `canopy span facets`.

use crate::common::otlp::{self, hex};
use crate::common::{Following, TestEnv, TestServer, fixtures};

fn server_with(sdks: &[&str]) -> TestServer {
    let server = TestServer::start();
    for sdk in sdks {
        server.ingest_fixture(sdk);
    }
    server
}

#[test]
fn spans_of_one_trace_piped_and_on_a_terminal() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["span", "list", "--trace-id", "94efd462"]), @"
    94efd462b6d78f065dfc2e1eeb487b34	27ad0b067d39a2bf	2026-11-22T03:37:16.609840774Z	363460	TOOL	error				issue_refund
    94efd462b6d78f065dfc2e1eeb487b34	b00d2b9e352af62e	2026-11-22T03:37:16.609775244Z	790340	AGENT	error				refund-agent.run
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(100, &["span", "list", "--trace-id", "94efd462"]), @"
    TRACE         SPAN      NAME              KIND   STARTED  DURATION  STATUS  MODEL  TOKENS  COST
    94efd462b6d7  27ad0b06  issue_refund      TOOL   22m ago     363µs  error   -           -     -
    94efd462b6d7  b00d2b9e  refund-agent.run  AGENT  22m ago     790µs  error   -           -     -
    [exit: 0]
    ");
}

#[test]
fn filters_apply_to_spans() {
    let server = server_with(&fixtures::SDKS);
    let env = TestEnv::for_server(&server);
    let names = |args: &[&str]| {
        let out = env
            .cmd()
            .args(["span", "list", "--all"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.rsplit('\t').next().unwrap().to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(&["--kind", "TOOL", "--status", "error"]),
        [
            "execute_tool issue_refund",
            "execute_tool lookup_forecast",
            "issue_refund",
            "lookup_forecast",
            "lookup_forecast",
            "lookup_forecast",
            "lookup_forecast"
        ]
    );
    assert_eq!(
        names(&[
            "--attr",
            "tool.name",
            "=",
            "issue_refund",
            "--service",
            "travel-app-catalyst"
        ]),
        ["issue_refund"]
    );
    assert_eq!(
        names(&["--scope", "root", "--name", "refund"]),
        [
            "RefundAgent",
            "RefundFlow",
            "invoke_agent refund-agent",
            "refund-agent",
            "refund-agent.run"
        ]
    );
    assert_eq!(
        names(&[
            "--text",
            "fake upstream failure",
            "--service",
            "travel-app-openinference"
        ]),
        ["ChatCompletion"]
    );
    assert_eq!(names(&["--min-duration", "200ms"]), ["travel-planner"]);
}

#[test]
fn all_streams_every_page_and_jsonl_selects_fields() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args([
            "span",
            "list",
            "--all",
            "--limit",
            "2",
            "--sort",
            "duration",
            "--order",
            "asc",
            "--jsonl",
            "name,duration_ns",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 13, "every span, over seven pages");
    assert!(rows.iter().all(|r| r.as_object().unwrap().len() == 2));
    let durations: Vec<i64> = rows
        .iter()
        .map(|r| r["duration_ns"].as_i64().unwrap())
        .collect();
    assert!(durations.windows(2).all(|w| w[0] <= w[1]), "{durations:?}");

    let out = env
        .cmd()
        .args(["span", "list", "--all", "--limit", "5", "--json", "span_id"])
        .output()
        .unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.len(), 13, "one JSON array across pages");
}

#[test]
fn facets_count_spans() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["span", "facets"]), @"
    total		13
    service	travel-app-catalyst	13
    kind	LLM	7
    kind	AGENT	3
    kind	TOOL	3
    model	claude-3-5-haiku-latest	2
    model	gpt-4o-mini-2024-07-18	2
    model	fail-model	1
    model	gpt-4.1-mini	1
    model	gpt-4o-mini	1
    agent	travel-planner	7
    agent	weather-researcher	4
    agent	refund-agent	2
    status	ok	9
    status	error	4
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(100, &["span", "facets", "--trace-id", "94ef"]), @"
    2 spans

    SERVICE
      travel-app-catalyst         2

    KIND
      AGENT                       1
      TOOL                        1

    AGENT
      refund-agent                2

    STATUS
      error                       2
    [exit: 0]
    ");
}

#[test]
fn one_span_by_prefixes() {
    let server = server_with(&["catalyst"]);
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args(["span", "get", "0a87", "9a74", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let span: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(span["span_id"], "9a74459f3926f108");
    assert_eq!(span["name"], "OpenAI Chat Completions");
    insta::assert_snapshot!(env.run(&["span", "get", "0a87", "ffff"]), @"
    --- stderr ---
    error: trace 0a87607ca2d6044aa146d9c4b073d4dc has no span matching ffff
    hint: list its spans with `canopy span list --trace-id 0a87607ca2d6044aa146d9c4b073d4dc`
    [exit: 1]
    ");
    insta::assert_snapshot!(env.run(&["span", "get", "0a87", "xyz"]), @r#"
    --- stderr ---
    error: invalid value 'xyz' for '<SPAN_ID>': "xyz" is not a span id or id prefix (1 to 16 hex digits)

    For more information, try '--help'.
    [exit: 2]
    "#);
}

fn llm(trace: [u8; 16], id: u64, parent: Option<u64>, name: &str) -> otlp::pb::Span {
    let mut span = otlp::span(trace, id, parent, name);
    span.attributes = vec![otlp::string("openinference.span.kind", "LLM")];
    span
}

/// Issue 9: `span list --follow` prints each new span that matches, once, including spans that
/// arrive late in a trace stored before following began; Ctrl-C ends it with exit 0.
#[cfg(unix)]
#[test]
fn follow_prints_each_new_matching_span_once() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    let base = otlp::trace_id(1);
    server.post_spans(
        "svc",
        vec![
            otlp::span(base, 1, None, "base"),
            llm(base, 2, Some(1), "old-call"),
        ],
    );
    let mut cmd = env.std_cmd();
    cmd.env_remove("CANOPY_NOW").args([
        "span",
        "list",
        "--follow",
        "--interval",
        "100ms",
        "--kind",
        "LLM",
        "--jsonl",
        "trace_id,name",
    ]);
    let mut following = Following::spawn(cmd);
    following.wait_stderr("following spans as they arrive");

    let run = otlp::trace_id(2);
    server.post_spans(
        "svc",
        vec![
            otlp::span(run, 1, None, "agent"),
            llm(run, 2, Some(1), "call-1"),
            otlp::span(run, 3, Some(1), "tool"),
        ],
    );
    server.post_spans("svc", vec![llm(run, 4, Some(1), "call-2")]);
    server.post_spans("svc", vec![llm(base, 3, Some(1), "late-call")]);
    following.wait_stdout("three calls", |l| l.len() >= 3);
    // Later polls must not print them again: wait for one more span after them.
    let marker = otlp::trace_id(3);
    server.post_spans("svc", vec![llm(marker, 1, None, "marker")]);
    following.wait_stdout("the marker", |l| l.iter().any(|l| l.contains("marker")));

    let (code, out, err) = following.interrupt();
    assert_eq!(code, 0, "{err:?}");
    let mut got: Vec<(String, String)> = out
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["name"].as_str().unwrap().into(),
                v["trace_id"].as_str().unwrap().into(),
            )
        })
        .collect();
    got.sort();
    let want = |name: &str, t: &[u8; 16]| (name.to_string(), hex(t));
    assert_eq!(
        got,
        [
            want("call-1", &run),
            want("call-2", &run),
            want("late-call", &base),
            want("marker", &marker),
        ]
    );
}
