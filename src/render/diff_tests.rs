//! Snapshots of `trace diff` (kept apart from `diff.rs` so that file stays readable).

use super::*;
use crate::model::diff::{DiffOptions, diff};
use crate::model::{Message, Nanos, Payload, SpanId, StatusCode, TraceId, test_span};
use crate::render::diff_rows::{json, tsv};
use crate::render::fixtures::{self, MS, visible};
use crate::render::symbols::{ASCII, UTF8};

/// The fixture trace run again: other ids, the tool call gone, a search added, the first call
/// costlier with another question, the sub-agent's tool now fine, the second call slower.
fn rerun() -> Trace {
    let mut t = fixtures::trace();
    t.trace_id = TraceId([2; 16]);
    t.summary.trace_id = t.trace_id;
    for s in &mut t.spans {
        s.trace_id = t.trace_id;
        s.span_id = SpanId([s.span_id.0[0] + 0x20; 8]);
        s.parent_span_id = s.parent_span_id.map(|p| SpanId([p.0[0] + 0x20; 8]));
    }
    t.spans.retain(|s| s.name != "get_weather");
    let chat1 = &mut t.spans[1];
    chat1.total_tokens = Some(95);
    chat1.cost_usd = Some(0.0007);
    if let Some(Payload { messages, .. }) = &mut chat1.input {
        messages[1].content = Some("What's the weather in Rome? Pack for it.".into());
    }
    let failing = t
        .spans
        .iter_mut()
        .find(|s| s.name == "lookup_forecast")
        .unwrap();
    failing.status.code = StatusCode::Ok;
    failing.error = None;
    failing.events.clear();
    let chat2 = t
        .spans
        .iter_mut()
        .filter(|s| s.name == "chat")
        .nth(1)
        .unwrap();
    chat2.end_time = Nanos(chat2.end_time.0 + 40 * MS);
    let mut search = test_span(2, 0x40, Some(0x21), "search_web", 99 * MS, 104 * MS);
    search.kind = SpanKind::Tool;
    t.spans.push(search);
    let facts: Vec<_> = t.spans.iter().map(crate::model::SpanFacts::from).collect();
    t.summary = crate::model::analyze(t.trace_id, &facts).unwrap().summary;
    t
}

fn opts<'a>(styles: &'a Styles, symbols: &'a Symbols, all: bool, io: bool) -> DiffViewOptions<'a> {
    DiffViewOptions {
        styles,
        symbols,
        width: None,
        all,
        io,
    }
}

#[test]
fn the_same_trace_twice_has_no_differences() {
    let a = fixtures::trace();
    let d = diff(&a.spans, &a.spans, DiffOptions { io: true });
    assert!(d.is_identical());
    let plain = Styles::default();
    insta::assert_snapshot!(render(&a, &a, &d, &opts(&plain, &UTF8, false, true)).join("\n"), @"
    a  010101010101  travel-planner.run  125ms  10 spans  194 tok  ~$0.000968  1 error
    b  010101010101  travel-planner.run  125ms  10 spans  194 tok  ~$0.000968  1 error
    no differences: 10 spans in both
    ");
    assert!(tsv(&a, &a, &d, &opts(&plain, &UTF8, false, true)).is_empty());
}

#[test]
fn differences_with_their_ancestors() {
    let (a, b) = (fixtures::trace(), rerun());
    let d = diff(&a.spans, &b.spans, DiffOptions::default());
    let plain = Styles::default();
    insta::assert_snapshot!(render(&a, &b, &d, &opts(&plain, &UTF8, false, false)).join("\n"), @"
    a  010101010101  travel-planner.run  125ms  10 spans  194 tok  ~$0.000968  1 error
    b  020202020202  travel-planner.run  138ms  10 spans  230 tok  ~$0.00125
    1 added · 1 removed · 2 changed · 1 slower · 7 same

      travel-planner.run  AGENT  125ms
    ~ ├── chat  LLM  gpt-4o-mini  13.0ms  59 → 95 tok  ~$0.00042 → ~$0.0007
    - ├── get_weather  TOOL  58.4µs
      ├── weather-researcher.run  AGENT  25.0ms
    ~ │   └── lookup_forecast  TOOL  3.00ms  status error → ok
      ├── chat  LLM  gpt-4o-mini  48.0ms → 88.0ms +83%  59 tok  ~$0.00042
    + └── search_web  TOOL  5.00ms
    ");
}

#[test]
fn every_span_in_ascii() {
    let (a, b) = (fixtures::trace(), rerun());
    let d = diff(&a.spans, &b.spans, DiffOptions::default());
    let plain = Styles::default();
    insta::assert_snapshot!(render(&a, &b, &d, &opts(&plain, &ASCII, true, false)).join("\n"), @r"
    a  010101010101  travel-planner.run  125ms  10 spans  194 tok  ~$0.000968  1 error
    b  020202020202  travel-planner.run  138ms  10 spans  230 tok  ~$0.00125
    1 added - 1 removed - 2 changed - 1 slower - 7 same

      travel-planner.run  AGENT  125ms
    ~ |-- chat  LLM  gpt-4o-mini  13.0ms  59 -> 95 tok  ~$0.00042 -> ~$0.0007
    - |-- get_weather  TOOL  58.4µs
      |-- weather-researcher.run  AGENT  25.0ms
      |   |-- Anthropic Messages  LLM  claude-3-5-haiku  12.0ms  76 tok  $0.000128
      |   |   `-- anthropic.messages.create  LLM  claude-3-5-haiku-20241022  11.0ms  81 tok
    ~ |   `-- lookup_forecast  TOOL  3.00ms  status error -> ok
      |-- chat  LLM  gpt-4o-mini  48.0ms -> 88.0ms +83%  59 tok  ~$0.00042
      |-- format \x1b[31manswer\u{202e}  CHAIN  3.00ms
    + `-- search_web  TOOL  5.00ms
      late-child  1.00ms
    ");
}

#[test]
fn io_diffs_sit_under_their_call() {
    let (a, b) = (fixtures::trace(), rerun());
    let d = diff(&a.spans, &b.spans, DiffOptions { io: true });
    let plain = Styles::default();
    insta::assert_snapshot!(render(&a, &b, &d, &opts(&plain, &UTF8, false, true)).join("\n"), @"
    a  010101010101  travel-planner.run  125ms  10 spans  194 tok  ~$0.000968  1 error
    b  020202020202  travel-planner.run  138ms  10 spans  230 tok  ~$0.00125
    1 added · 1 removed · 2 changed · 1 slower · 7 same

      travel-planner.run  AGENT  125ms
    ~ ├── chat  LLM  gpt-4o-mini  13.0ms  59 → 95 tok  ~$0.00042 → ~$0.0007  io differs
      │         --- a/0202020202020202 input
      │         +++ b/2222222222222222 input
      │         @@ -1,4 +1,4 @@
      │          system
      │            You are a travel planner. Be brief.
      │          user
      │         -  What's the weather in Paris? Pack for it.
      │         +  What's the weather in Rome? Pack for it.
    - ├── get_weather  TOOL  58.4µs
      ├── weather-researcher.run  AGENT  25.0ms
    ~ │   └── lookup_forecast  TOOL  3.00ms  status error → ok
      ├── chat  LLM  gpt-4o-mini  48.0ms → 88.0ms +83%  59 tok  ~$0.00042
    + └── search_web  TOOL  5.00ms
    ");
}

#[test]
fn cut_to_a_narrow_terminal() {
    let (a, b) = (fixtures::trace(), rerun());
    let d = diff(&a.spans, &b.spans, DiffOptions::default());
    let plain = Styles::default();
    let mut o = opts(&plain, &UTF8, false, false);
    o.width = Some(60);
    insta::assert_snapshot!(render(&a, &b, &d, &o).join("\n"), @"
    a  010101010101  travel-planner.run  125ms  10 spans  194 tok  ~$0.000968  1 error
    b  020202020202  travel-planner.run  138ms  10 spans  230 tok  ~$0.00125
    1 added · 1 removed · 2 changed · 1 slower · 7 same

      travel-planner.run  AGENT  125ms
    ~ ├── chat  LLM  13.0ms  59 → 95 tok  ~$0.00042 → ~$0.0007
    - ├── get_weather  TOOL  58.4µs
      ├── weather-researcher.run  AGENT  25.0ms
    ~ │   └── lookup_forecast  TOOL  3.00ms  status error → ok
      ├── chat  LLM  48.0ms → 88.0ms +83%  59 tok  ~$0.00042
    + └── search_web  TOOL  5.00ms
    ");
}

#[test]
fn colored_markers() {
    let (a, b) = (fixtures::trace(), rerun());
    let d = diff(&a.spans, &b.spans, DiffOptions::default());
    let mut styles = Styles::default();
    styles.colorize();
    let lines = render(&a, &b, &d, &opts(&styles, &UTF8, false, false));
    insta::assert_snapshot!(visible(&lines[4..7].join("\n")), @"
      ␛[1mtravel-planner.run␛[0m  ␛[94mAGENT␛[0m  ␛[36m125ms␛[0m
    ␛[33;1m~␛[0m ␛[90m├── ␛[0m␛[1mchat␛[0m  ␛[95mLLM␛[0m  ␛[35mgpt-4o-mini␛[0m  ␛[36m13.0ms␛[0m  ␛[33;1m59 → 95 tok␛[0m  ␛[33;1m~$0.00042 → ~$0.0007␛[0m
    ␛[31;1m-␛[0m ␛[90m├── ␛[0m␛[31;1mget_weather␛[0m  ␛[92mTOOL␛[0m  ␛[36m58.4µs␛[0m
    ");
}

#[test]
fn piped_rows() {
    let (a, b) = (fixtures::trace(), rerun());
    let d = diff(&a.spans, &b.spans, DiffOptions { io: true });
    let plain = Styles::default();
    insta::assert_snapshot!(tsv(&a, &b, &d, &opts(&plain, &UTF8, false, true)).join("\n"), @"
    changed	tokens,cost,io	0202020202020202	2222222222222222	13000000	13000000	59	95	0.00042	0.0007	ok	ok	gpt-4o-mini	gpt-4o-mini	travel-planner.run > chat
    --- a/0202020202020202 input
    +++ b/2222222222222222 input
    @@ -1,4 +1,4 @@
     system
       You are a travel planner. Be brief.
     user
    -  What's the weather in Paris? Pack for it.
    +  What's the weather in Rome? Pack for it.
    removed	-	0303030303030303		58400						ok				travel-planner.run > get_weather
    changed	status	0707070707070707	2727272727272727	3000000	3000000					error	ok			travel-planner.run > weather-researcher.run > lookup_forecast
    same	slower	0808080808080808	2828282828282828	48000000	88000000	59	59	0.00042	0.00042	ok	ok	gpt-4o-mini	gpt-4o-mini	travel-planner.run > chat[2]
    added	-		4040404040404040		5000000						ok			travel-planner.run > search_web
    ");
}

#[test]
fn json_document() {
    let (a, b) = (fixtures::trace(), rerun());
    let d = diff(&a.spans, &b.spans, DiffOptions { io: true });
    let doc = serde_json::to_value(json(&a, &b, &d, true)).unwrap();
    assert_eq!(doc["identical"], false);
    assert_eq!(doc["counts"]["added"], 1);
    assert_eq!(doc["counts"]["removed"], 1);
    let chat = &doc["spans"][1];
    insta::assert_json_snapshot!(chat, @r#"
    {
      "a": {
        "cost_usd": 0.00042,
        "duration_ns": 13000000,
        "error": null,
        "model": "gpt-4o-mini",
        "span_id": "0202020202020202",
        "status": "ok",
        "tokens": 59
      },
      "b": {
        "cost_usd": 0.0007,
        "duration_ns": 13000000,
        "error": null,
        "model": "gpt-4o-mini",
        "span_id": "2222222222222222",
        "status": "ok",
        "tokens": 95
      },
      "change": "changed",
      "changes": [
        "tokens",
        "cost",
        "io"
      ],
      "delta": {
        "cost_usd": 0.00028,
        "duration_ns": 0,
        "duration_pct": 0.0,
        "tokens": 36
      },
      "depth": 1,
      "io": {
        "input": "--- a/0202020202020202 input\n+++ b/2222222222222222 input\n@@ -1,4 +1,4 @@\n system\n   You are a travel planner. Be brief.\n user\n-  What's the weather in Paris? Pack for it.\n+  What's the weather in Rome? Pack for it.\n"
      },
      "kind": "LLM",
      "name": "chat",
      "path": [
        "travel-planner.run",
        "chat"
      ],
      "timing": "similar"
    }
    "#);
}

#[test]
fn a_message_only_in_b_is_added_text() {
    let a = test_span(1, 1, None, "chat", 0, 1);
    let mut b = a.clone();
    b.output = Some(Payload {
        messages: vec![Message {
            role: "assistant".into(),
            content: Some("hi".into()),
            ..Default::default()
        }],
        ..Default::default()
    });
    let d = diff_io::diffs(&a, &b);
    assert_eq!(d.len(), 1);
    assert!(
        d[0].unified.contains("+assistant\n+  hi"),
        "{}",
        d[0].unified
    );
}
