//! `--max-bytes` on get and list commands: output within the budget, valid JSON when JSON was
//! asked for, and markers whose commands show the rest (run here to prove it).

use crate::common::{TestEnv, TestServer};

fn catalyst() -> TestServer {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    server.ingest_fixture("openinference");
    server
}

fn stdout(env: &TestEnv, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The command a marker names, as arguments for the binary.
fn named_command(marker: &str) -> Vec<String> {
    let start = marker.find("canopy ").unwrap() + "canopy ".len();
    let end = marker[start..]
        .find([']', '"'])
        .map_or(marker.len(), |e| start + e);
    marker[start..end]
        .split(", or ")
        .next()
        .unwrap()
        .split(' ')
        .map(|w| w.trim_matches('\'').to_string())
        .collect()
}

#[test]
fn a_tree_keeps_whole_lines_and_names_the_view_and_a_depth_that_fit() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let out = stdout(&env, &["trace", "get", "0a87", "--max-bytes", "400"]);
    assert!(out.len() <= 400, "{}", out.len());
    insta::assert_snapshot!(out, @"
    travel-planner.run  AGENT  165ms  194 tok  ∑ 298 tok ~$0.000204
    ├── OpenAI Chat Completions  LLM  gpt-4o-mini-2024-07-18  13.6ms  59 tok  ~$0.0000159
    ├── get_weather  TOOL  58.4µs
    ├── weather-researcher.run  AGENT  15.4ms  ∑ 81 tok ~$0.000128
    …[cut 7 lines, 679 bytes: canopy trace get 0a87607ca2d6044aa146d9c4b073d4dc --view tree, or --depth 0 to fit]
    ");
    let tty = env.run_tty(
        60,
        &[
            "trace",
            "get",
            "0a87",
            "--view",
            "timeline",
            "--max-bytes",
            "1KiB",
        ],
    );
    insta::assert_snapshot!(tty, @"
      SPAN                 START    DUR  0    41.2ms       165ms
    ◆ travel-planner.run       0  165ms  ███████████████████████
    ◆   OpenAI Chat Com…   823µs 13.6ms  ███····················
    ◆   get_weather       14.5ms 58.4µs  ··█····················
    ◆   weather-researc…  14.6ms 15.4ms  ··███··················
    ◆     Anthropic Mes…  14.7ms 12.1ms  ··██···················
    ◆       anthropic.m…  15.2ms 11.5ms  ··██···················
    ◆     ✗ lookup_fore…  26.8ms 3.05ms  ···██··················
    ◆   OpenAI Chat Com…  30.2ms 48.2ms  ····███████············
    ◆   OpenAI Chat Com…  78.5ms 10.3ms  ··········███··········
    …[cut 2 lines, 188 bytes: canopy trace get 0a87607ca2d6044aa146d9c4b073d4dc --view timeline, or --depth 2 to fit]
    [exit: 0]
    ");
}

#[test]
fn trace_json_stays_valid_and_its_markers_name_the_rest() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let full = stdout(&env, &["trace", "get", "c6b7f460", "--json"]);
    let out = stdout(
        &env,
        &["trace", "get", "c6b7f460", "--json", "--max-bytes", "6000"],
    );
    assert!(
        full.len() > 6000 && out.len() <= 6000,
        "{} {}",
        full.len(),
        out.len()
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let spans = doc["spans"].as_array().unwrap();
    let marker = &spans.last().unwrap()["cut"];
    let omitted = marker["omitted"].as_u64().unwrap() as usize;
    let kept = spans.len() - 1;
    assert_eq!(kept + omitted, 10);
    insta::assert_snapshot!(marker["rest"].as_str().unwrap(), @"canopy span list --trace-id c6b7f460c04e7486d5b01767ae60eb67 --order asc --limit 1000 --json --max-bytes 6000 --cursor start.1795318640097100828.c6b7f460c04e7486d5b01767ae60eb67.4a7ac5e3b99947b1");
    // The rest, in pages of the same budget: together with what was kept, every span once.
    let mut seen: Vec<String> = spans[..kept]
        .iter()
        .map(|s| s["span_id"].as_str().unwrap().to_string())
        .collect();
    let mut next = named_command(marker["rest"].as_str().unwrap());
    loop {
        let args: Vec<&str> = next.iter().map(String::as_str).collect();
        let page: Vec<serde_json::Value> = serde_json::from_str(&stdout(&env, &args)).unwrap();
        let mut cont = None;
        for row in &page {
            match row.get("cut") {
                Some(cut) => cont = Some(named_command(cut["rest"].as_str().unwrap())),
                None => seen.push(row["span_id"].as_str().unwrap().to_string()),
            }
        }
        match cont {
            Some(c) => next = c,
            None => break,
        }
    }
    let all: serde_json::Value = serde_json::from_str(&full).unwrap();
    let every: Vec<String> = all["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["span_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, every);
}

#[test]
fn long_values_are_cut_with_the_view_that_shows_them() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let out = stdout(
        &env,
        &[
            "span",
            "get",
            "0a87",
            "9a74459f",
            "--json",
            "--max-bytes",
            "2KiB",
        ],
    );
    assert!(out.len() <= 2048, "{}", out.len());
    let span: serde_json::Value = serde_json::from_str(&out).unwrap();
    // What is too long for the budget is cut, each marker naming the view that shows it.
    assert_eq!(span["span_id"], "9a74459f3926f108");
    assert_eq!(span["total_tokens"], 59);
    let markers: Vec<String> = ["attributes", "input", "sources"]
        .iter()
        .map(|k| span[k].as_str().unwrap_or("(kept)").to_string())
        .collect();
    insta::assert_snapshot!(markers.join("\n"), @"
    …[cut 1818 bytes: canopy span get 0a87607ca2d6044aa146d9c4b073d4dc 9a74459f3926f108 --view attributes]
    …[cut 341 bytes: canopy span get 0a87607ca2d6044aa146d9c4b073d4dc 9a74459f3926f108 --view io]
    …[cut 550 bytes: canopy span get 0a87607ca2d6044aa146d9c4b073d4dc 9a74459f3926f108 --view attributes]
    ");
    let io = stdout(
        &env,
        &[
            "span",
            "get",
            "0a87",
            "9a74459f",
            "--view",
            "io",
            "--max-bytes",
            "300",
        ],
    );
    assert!(io.len() <= 300);
    insta::assert_snapshot!(io, @r#"
    input  application/json
      system
        You are a travel assistant.
      user
        What's the weather in Paris?
    output  application/json
      assistant
        → get_weather  call_fake_001
          {
            "city": "Paris"
          }
    "#);
}

#[test]
fn lists_stop_at_a_row_and_continue_with_the_cursor() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let whole = stdout(&env, &["span", "list", "--all"]);
    let first = stdout(
        &env,
        &[
            "span",
            "list",
            "--all",
            "--range",
            "30d",
            "--max-bytes",
            "800",
        ],
    );
    assert!(first.len() <= 800);
    let marker = first.lines().last().unwrap();
    insta::assert_snapshot!(marker, @"…[cut: more rows: canopy span list --from 2026-10-23T04:00:00.000000000Z --limit 50 --all --cursor start.1795318640184344090.c6b7f460c04e7486d5b01767ae60eb67.557cb272e639315b --max-bytes 800]");
    let mut rows: Vec<String> = first
        .lines()
        .filter(|l| !l.starts_with('…'))
        .map(String::from)
        .collect();
    let mut next = named_command(marker);
    loop {
        let args: Vec<&str> = next.iter().map(String::as_str).collect();
        let page = stdout(&env, &args);
        assert!(page.len() <= 800);
        rows.extend(
            page.lines()
                .filter(|l| !l.starts_with('…'))
                .map(String::from),
        );
        match page.lines().last().filter(|l| l.starts_with('…')) {
            Some(m) => next = named_command(m),
            None => break,
        }
    }
    assert_eq!(rows.join("\n"), whole.trim_end());
}

#[test]
fn json_lists_end_with_a_marker_object() {
    let server = catalyst();
    let env = TestEnv::for_server(&server);
    let out = stdout(&env, &["trace", "list", "--json", "--max-bytes", "1500"]);
    assert!(out.len() <= 1500);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!(rows.last().unwrap(), @r#"
    {
      "cut": {
        "rest": "canopy trace list --limit 50 --cursor start.1795318640097100828.c6b7f460c04e7486d5b01767ae60eb67 --json --max-bytes 1500"
      }
    }
    "#);
    let out = stdout(
        &env,
        &["trace", "list", "--jsonl", "trace_id", "--max-bytes", "300"],
    );
    assert!(out.len() <= 300);
    insta::assert_snapshot!(out, @r#"
    {"trace_id":"76e600bd075617d7aa6891169d57cf8e"}
    {"trace_id":"c6b7f460c04e7486d5b01767ae60eb67"}
    {"trace_id":"94efd462b6d78f065dfc2e1eeb487b34"}
    {"trace_id":"0a87607ca2d6044aa146d9c4b073d4dc"}
    "#);
    let tty = env.run_tty(100, &["trace", "list", "--max-bytes", "400"]);
    insta::assert_snapshot!(tty, @"
    TRACE         ROOT                SERVICE        STARTED  DURATION  ERRORS  LLM  TOKENS         COST
    76e600bd0756  refund-agent        travel-app-o…  22m ago     272µs       1    0       -            -
    …[cut: more rows: canopy trace list --limit 50 --cursor start.1795318640359349066.76e600bd075617d7aa6891169d57cf8e --max-bytes 400]
    [exit: 0]
    ");
}

#[test]
fn otlp_cannot_be_cut() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "get", "0a87", "--view", "otlp", "--max-bytes", "1000"]), @"
    --- stderr ---
    error: --max-bytes does not apply to --view otlp: cutting values would change the data
    hint: use --view json with --max-bytes, or leave --max-bytes out
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["span", "list", "--max-bytes", "0"]), @r#"
    --- stderr ---
    error: invalid value '0' for '--max-bytes <SIZE>': "0" is zero; use a positive size

    For more information, try '--help'.
    [exit: 2]
    "#);
}
