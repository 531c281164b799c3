//! Snapshots of the tree view (kept apart from `tree.rs` so that file stays readable).

use super::*;
use crate::model::{SpanId, StatusCode, test_span};
use crate::render::fixtures::{self, MS, visible};
use crate::render::symbols::{ASCII, UTF8};

fn render_with(spans: &[Span], symbols: &Symbols, width: Option<usize>, styles: &Styles) -> String {
    render_opts(spans, symbols, width, styles, OutlineOptions::default())
}

fn render_opts(
    spans: &[Span],
    symbols: &Symbols,
    width: Option<usize>,
    styles: &Styles,
    outline: OutlineOptions,
) -> String {
    let tree = SpanTree::build(spans);
    render(
        &tree,
        &TreeOptions {
            styles,
            symbols,
            width,
            outline,
        },
    )
    .join("\n")
}

#[test]
fn utf8_tree_piped() {
    insta::assert_snapshot!(render_with(&fixtures::spans(), &UTF8, None, &Styles::default()), @r"
    travel-planner.run  AGENT  125ms  ∑ 194 tok ~$0.000968
    ├── chat  LLM  gpt-4o-mini  13.0ms  59 tok  ~$0.00042
    ├── get_weather  TOOL  58.4µs
    ├── weather-researcher.run  AGENT  25.0ms  ∑ 76 tok $0.000128
    │   ├── Anthropic Messages  LLM  claude-3-5-haiku  12.0ms  76 tok  $0.000128
    │   │   └── anthropic.messages.create  LLM  claude-3-5-haiku-20241022  11.0ms  81 tok
    │   └── lookup_forecast  TOOL  3.00ms  ✗ TimeoutError: forecast service timed out after 5s
    ├── chat  LLM  gpt-4o-mini  48.0ms  59 tok  ~$0.00042
    └── format \x1b[31manswer\u{202e}  CHAIN  3.00ms
    ⚠ missing parent 6363636363636363
    └── late-child  1.00ms
    ");
}

#[test]
fn utf8_tree_at_100_columns() {
    insta::assert_snapshot!(render_with(&fixtures::spans(), &UTF8, Some(100), &Styles::default()), @r"
    travel-planner.run  AGENT  125ms  ∑ 194 tok ~$0.000968
    ├── chat  LLM  gpt-4o-mini  13.0ms  59 tok  ~$0.00042
    ├── get_weather  TOOL  58.4µs
    ├── weather-researcher.run  AGENT  25.0ms  ∑ 76 tok $0.000128
    │   ├── Anthropic Messages  LLM  claude-3-5-haiku  12.0ms  76 tok  $0.000128
    │   │   └── anthropic.messages.create  LLM  claude-3-5-haiku-20241022  11.0ms  81 tok
    │   └── lookup_forecast  TOOL  3.00ms  ✗ TimeoutError: forecast service timed out after 5s
    ├── chat  LLM  gpt-4o-mini  48.0ms  59 tok  ~$0.00042
    └── format \x1b[31manswer\u{202e}  CHAIN  3.00ms
    ⚠ missing parent 6363636363636363
    └── late-child  1.00ms
    ");
}

#[test]
fn ascii_tree_cut_to_40_columns() {
    insta::assert_snapshot!(render_with(&fixtures::spans(), &ASCII, Some(40), &Styles::default()), @r"
    travel-planner.run  AGENT  125ms
    |-- chat  LLM  13.0ms  59 tok  ~$0.00042
    |-- get_weather  TOOL  58.4µs
    |-- weather-researcher.r…  AGENT  25.0ms
    |   |-- Anthropic Messages  LLM  12.0ms
    |   |   `-- anthropic.mess…  LLM  11.0ms
    |   `-- lookup_fore…  TOOL  3.00ms  x T…
    |-- chat  LLM  48.0ms  59 tok  ~$0.00042
    `-- format \x1b[31manswe…  CHAIN  3.00ms
    ! missing parent 6363636363636363
    `-- late-child  1.00ms
    ");
}

#[test]
fn colored_tree_styles_each_part() {
    let mut styles = Styles::default();
    styles.colorize();
    let out = visible(&render_with(&fixtures::spans()[..5], &UTF8, None, &styles));
    insta::assert_snapshot!(out, @"
    ␛[1mtravel-planner.run␛[0m  ␛[94mAGENT␛[0m  ␛[36m125ms␛[0m  ␛[2m∑␛[0m ␛[94m135 tok␛[0m ␛[32m~$0.000548␛[0m
    ␛[90m├── ␛[0m␛[1mchat␛[0m  ␛[95mLLM␛[0m  ␛[35mgpt-4o-mini␛[0m  ␛[36m13.0ms␛[0m  ␛[94m59 tok␛[0m  ␛[32m~$0.00042␛[0m
    ␛[90m├── ␛[0m␛[1mget_weather␛[0m  ␛[92mTOOL␛[0m  ␛[36m58.4µs␛[0m
    ␛[90m└── ␛[0m␛[1mweather-researcher.run␛[0m  ␛[94mAGENT␛[0m  ␛[36m25.0ms␛[0m  ␛[2m∑␛[0m ␛[94m76 tok␛[0m ␛[32m$0.000128␛[0m
    ␛[90m    └── ␛[0m␛[1mAnthropic Messages␛[0m  ␛[95mLLM␛[0m  ␛[35mclaude-3-5-haiku␛[0m  ␛[36m12.0ms␛[0m  ␛[94m76 tok␛[0m  ␛[32m$0.000128␛[0m
    ");
}

#[test]
fn colored_tree_at_40_columns() {
    let mut styles = Styles::default();
    styles.colorize();
    let out = visible(&render_with(&fixtures::spans(), &UTF8, Some(40), &styles));
    insta::assert_snapshot!(out, @r"
    ␛[1mtravel-planner.run␛[0m  ␛[94mAGENT␛[0m  ␛[36m125ms␛[0m
    ␛[90m├── ␛[0m␛[1mchat␛[0m  ␛[95mLLM␛[0m  ␛[36m13.0ms␛[0m  ␛[94m59 tok␛[0m  ␛[32m~$0.00042␛[0m
    ␛[90m├── ␛[0m␛[1mget_weather␛[0m  ␛[92mTOOL␛[0m  ␛[36m58.4µs␛[0m
    ␛[90m├── ␛[0m␛[1mweather-researcher.r…␛[0m  ␛[94mAGENT␛[0m  ␛[36m25.0ms␛[0m
    ␛[90m│   ├── ␛[0m␛[1mAnthropic Messages␛[0m  ␛[95mLLM␛[0m  ␛[36m12.0ms␛[0m
    ␛[90m│   │   └── ␛[0m␛[1manthropic.mess…␛[0m  ␛[95mLLM␛[0m  ␛[36m11.0ms␛[0m
    ␛[90m│   └── ␛[0m␛[1mlookup_fore…␛[0m  ␛[92mTOOL␛[0m  ␛[36m3.00ms␛[0m  ␛[31;1m✗ T…␛[0m
    ␛[90m├── ␛[0m␛[1mchat␛[0m  ␛[95mLLM␛[0m  ␛[36m48.0ms␛[0m  ␛[94m59 tok␛[0m  ␛[32m~$0.00042␛[0m
    ␛[90m└── ␛[0m␛[1mformat \x1b[31manswe…␛[0m  ␛[34mCHAIN␛[0m  ␛[36m3.00ms␛[0m
    ␛[33;1m⚠ missing parent 6363636363636363␛[0m
    ␛[90m└── ␛[0m␛[1mlate-child␛[0m  ␛[36m1.00ms␛[0m
    ");
}

#[test]
fn depth_and_errors_filter_rows() {
    let depth = OutlineOptions {
        max_depth: Some(1),
        ..Default::default()
    };
    insta::assert_snapshot!(render_opts(&fixtures::spans(), &UTF8, None, &Styles::default(), depth), @r"
    travel-planner.run  AGENT  125ms  ∑ 194 tok ~$0.000968
    ├── chat  LLM  gpt-4o-mini  13.0ms  59 tok  ~$0.00042
    ├── get_weather  TOOL  58.4µs
    ├── weather-researcher.run  AGENT  25.0ms  ∑ 76 tok $0.000128  +3 below
    ├── chat  LLM  gpt-4o-mini  48.0ms  59 tok  ~$0.00042
    └── format \x1b[31manswer\u{202e}  CHAIN  3.00ms
    ⚠ missing parent 6363636363636363
    └── late-child  1.00ms
    ");
    let errors = OutlineOptions {
        errors_only: true,
        ..Default::default()
    };
    insta::assert_snapshot!(render_opts(&fixtures::spans(), &UTF8, None, &Styles::default(), errors), @"
    travel-planner.run  AGENT  125ms  ∑ 194 tok ~$0.000968
    └── weather-researcher.run  AGENT  25.0ms  ∑ 76 tok $0.000128
        └── lookup_forecast  TOOL  3.00ms  ✗ TimeoutError: forecast service timed out after 5s
    ");
}

/// An agent loop: 37 similar tool calls fold into one row with their median and maximum.
fn agent_loop() -> Vec<Span> {
    let mut spans = vec![test_span(1, 1, None, "agent.run", 0, 2_000 * MS)];
    spans[0].kind = crate::model::SpanKind::Agent;
    for i in 0..37u64 {
        let start = 10 * MS + i as i64 * 50 * MS;
        let mut s = test_span(
            1,
            0,
            Some(1),
            "fetch_page",
            start,
            start + (i as i64 % 8 + 5) * MS,
        );
        s.span_id = SpanId((1000 + i).to_be_bytes());
        s.kind = crate::model::SpanKind::Tool;
        spans.push(s);
    }
    let mut end = test_span(1, 2, Some(1), "answer", 1_900 * MS, 1_990 * MS);
    end.status.code = StatusCode::Error;
    spans.push(end);
    spans
}

#[test]
fn similar_siblings_fold_unless_expanded() {
    let spans = agent_loop();
    insta::assert_snapshot!(render_with(&spans, &UTF8, None, &Styles::default()), @"
    agent.run  AGENT  2.00s
    ├── fetch_page  TOOL  × 37 similar  p50 8.00ms  max 12.0ms
    └── answer  90.0ms  ✗ error
    ");
    let expanded = OutlineOptions {
        collapse: false,
        ..Default::default()
    };
    let out = render_opts(&spans, &ASCII, None, &Styles::default(), expanded);
    assert_eq!(out.lines().count(), 39);
}

#[test]
fn cycles_are_marked() {
    let spans = [
        test_span(1, 1, Some(2), "a", 0, 10),
        test_span(1, 2, Some(1), "b", 5, 10),
    ];
    insta::assert_snapshot!(render_with(&spans, &UTF8, None, &Styles::default()), @"
    a  10ns  ↻ parent cycle
    └── b  5ns
    ");
}

#[test]
fn deep_trees_keep_lines_short() {
    let n = 200u64;
    let chain: Vec<Span> = (0..n)
        .map(|i| {
            let mut s = test_span(1, 0, None, "s", i as i64, i as i64 + 1);
            s.span_id = SpanId((i + 1).to_be_bytes());
            s.parent_span_id = (i > 0).then(|| SpanId(i.to_be_bytes()));
            s
        })
        .collect();
    let out = render_with(&chain, &UTF8, None, &Styles::default());
    let longest = out.lines().map(width).max().unwrap();
    assert!(longest < (MAX_GUIDES + 4) * 4 + 20, "{longest}");
    assert!(out.lines().last().unwrap().starts_with("[depth 199] └── s"));
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    for width in [None, Some(40), Some(100)] {
        let out = render_with(&fixtures::spans(), &UTF8, width, &Styles::default());
        assert!(!out.contains('\x1b') && !out.contains('\u{202e}'), "{out}");
    }
}
