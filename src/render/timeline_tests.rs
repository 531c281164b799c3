//! Snapshots and invariants of the timeline (kept apart from `timeline.rs` for length).

use super::*;
use crate::model::{SpanId, test_span};
use crate::render::fixtures::{self, MS, visible};
use crate::render::symbols::{ASCII, UTF8};

fn render_at(spans: &[Span], symbols: &Symbols, width: usize, styles: &Styles) -> String {
    let tree = SpanTree::build(spans);
    render(
        &tree,
        &TimelineOptions {
            styles,
            symbols,
            width,
            outline: OutlineOptions::default(),
        },
    )
    .join("\n")
}

fn analysis(spans: &[Span]) -> (Vec<bool>, Vec<i64>) {
    let tree = SpanTree::build(spans);
    let forest = Forest::build(&tree);
    (critical_path(&forest, spans), self_times(&forest, spans))
}

#[test]
fn self_time_subtracts_the_union_of_children() {
    // The picture in the module doc: a 40ms parent, children of 10ms overlapping by 4ms.
    let spans = [
        test_span(1, 1, None, "parent", 0, 40),
        test_span(1, 2, Some(1), "a", 3, 13),
        test_span(1, 3, Some(1), "b", 9, 19),
        // A child reaching past its parent's end only counts inside the parent.
        test_span(1, 4, Some(1), "late", 35, 60),
    ];
    let (_, self_ns) = analysis(&spans);
    assert_eq!(self_ns, [40 - 16 - 5, 10, 10, 25]);
}

#[test]
fn the_critical_path_walks_back_from_the_end() {
    // The picture in the module doc.
    let spans = [
        test_span(1, 1, None, "root", 0, 100),
        test_span(1, 2, Some(1), "plan", 5, 20),
        test_span(1, 3, Some(1), "warm", 5, 15),
        test_span(1, 4, Some(1), "act", 25, 95),
        test_span(1, 5, Some(1), "log", 60, 70),
        test_span(1, 6, Some(4), "inner", 30, 90),
    ];
    let (critical, _) = analysis(&spans);
    assert_eq!(critical, [true, true, false, true, false, true]);
}

#[test]
fn the_critical_path_starts_at_the_top_span_that_ends_last() {
    let spans = [
        test_span(1, 1, None, "early-root", 0, 10),
        test_span(1, 2, Some(9), "orphan", 20, 50),
    ];
    let (critical, _) = analysis(&spans);
    assert_eq!(
        critical,
        [true, true],
        "the orphan ends last; the root ran before it"
    );
}

#[test]
fn utf8_timeline_at_100_columns() {
    insta::assert_snapshot!(render_at(&fixtures::spans(), &UTF8, 100, &Styles::default()), @r"
      SPAN                             START    DUR   SELF  0          31.2ms     62.5ms           125ms
    ◆ travel-planner.run                   0  125ms 38.9ms  ████████████████████████████████████████████
    ◆   chat                          1.00ms 13.0ms 13.0ms  █████·······································
    ◆   get_weather                   15.0ms 58.4µs 58.4µs  ·····█······································
    ◆   weather-researcher.run        20.0ms 25.0ms 10.0ms  ·······█████████····························
    ◆     Anthropic Messages          21.0ms 12.0ms 1.00ms  ·······█████································
    ◆       anthropic.messages.crea…  22.0ms 11.0ms 11.0ms  ·······█████································
    ◆     ✗ lookup_forecast           34.0ms 3.00ms 3.00ms  ···········███······························
    ◆   chat                          50.0ms 48.0ms 48.0ms  ·················██████████████████·········
        format \x1b[31manswer\u{202…  90.0ms 3.00ms 3.00ms  ·······························██···········
      ⚠ missing parent 63636363                             ············································
        late-child                     110ms 1.00ms 1.00ms  ······································██····
    ");
}

#[test]
fn ascii_timeline_at_40_columns() {
    insta::assert_snapshot!(render_at(&fixtures::spans(), &ASCII, 40, &Styles::default()), @r"
      SPAN             DUR  0   31.2ms 125ms
    * travel-plan…   125ms  ################
    *   chat        13.0ms  ##..............
    *   get_weath…  58.4µs  .#..............
    *   weather-r…  25.0ms  ..####..........
    *     Anthrop…  12.0ms  ..###...........
    *       anthr…  11.0ms  ..###...........
    *     x looku…  3.00ms  ....#...........
    *   chat        48.0ms  ......#######...
        format \x…  3.00ms  ...........#....
      ! missing p…          ................
        late-child  1.00ms  ..............#.
    ");
}

#[test]
fn colored_timeline() {
    let mut styles = Styles::default();
    styles.colorize();
    let out = visible(&render_at(&fixtures::spans()[..3], &UTF8, 60, &styles));
    insta::assert_snapshot!(out, @"
    ␛[1m  SPAN                 START    DUR  ␛[0m␛[2m0    31.2ms       125ms␛[0m
    ␛[91m◆␛[0m ␛[1mtravel-planner.run␛[0m  ␛[2m     0 ␛[0m␛[36m 125ms ␛[0m ␛[91m███████████████████████␛[0m
    ␛[91m◆␛[0m ␛[1m  chat␛[0m              ␛[2m1.00ms ␛[0m␛[36m13.0ms ␛[0m ␛[91m███␛[0m␛[90m····················␛[0m
    ␛[91m◆␛[0m ␛[1m  get_weather␛[0m       ␛[2m15.0ms ␛[0m␛[36m58.4µs ␛[0m ␛[90m··␛[0m␛[91m█␛[0m␛[90m····················␛[0m
    ");
}

#[test]
fn folded_runs_draw_every_member() {
    let mut spans = vec![test_span(1, 1, None, "loop", 0, 100 * MS)];
    for i in 0..5u64 {
        let start = i as i64 * 20 * MS;
        let mut s = test_span(1, 0, Some(1), "step", start, start + 5 * MS);
        s.span_id = SpanId((100 + i).to_be_bytes());
        spans.push(s);
    }
    insta::assert_snapshot!(render_at(&spans, &ASCII, 60, &Styles::default()), @"
      SPAN        START    DUR   SELF  0     25.0ms        100ms
    * loop            0  100ms 75.0ms  #########################
    *   step x5       0 85.0ms         ##...##...##...##...##...
    ");
}

#[test]
fn every_line_fits_the_width() {
    for width in [20, 40, 60, 100, 160] {
        let out = render_at(&fixtures::spans(), &UTF8, width, &Styles::default());
        for line in out.lines() {
            assert!(
                crate::render::text::width(line) <= width.max(40),
                "{width}: {line}"
            );
        }
    }
}

#[test]
fn hostile_names_are_escaped() {
    let out = render_at(&fixtures::spans(), &UTF8, 100, &Styles::default());
    assert!(!out.contains('\x1b') && !out.contains('\u{202e}'), "{out}");
}

/// 10,000 spans: an agent loop of 2,500 steps, each with three children. Rendering both
/// tree-shaped views must stay far below the 100 ms budget. Checked loosely here, since debug
/// builds and shared CI machines are slow: in release the whole test process (spans built, both
/// views rendered) used about 55 ms of CPU under `perf stat`.
#[test]
fn ten_thousand_spans_render_quickly() {
    let mut spans = vec![test_span(1, 0, None, "agent", 0, 10_000_000 * MS)];
    spans[0].span_id = SpanId(1u64.to_be_bytes());
    let mut next = 2u64;
    for step in 0..2_500i64 {
        let t = step * 4_000 * MS;
        let mut s = test_span(
            1,
            0,
            None,
            if step % 2 == 0 { "think" } else { "act" },
            t,
            t + 3_000 * MS,
        );
        s.span_id = SpanId(next.to_be_bytes());
        s.parent_span_id = Some(SpanId(1u64.to_be_bytes()));
        let parent = next;
        next += 1;
        spans.push(s);
        for c in 0..3i64 {
            let mut child = test_span(
                1,
                0,
                None,
                "call",
                t + c * 900 * MS,
                t + c * 900 * MS + 800 * MS,
            );
            child.span_id = SpanId(next.to_be_bytes());
            child.parent_span_id = Some(SpanId(parent.to_be_bytes()));
            next += 1;
            spans.push(child);
        }
    }
    assert_eq!(spans.len(), 10_001);
    let started = std::time::Instant::now();
    let tree = SpanTree::build(&spans);
    let styles = Styles::default();
    let outline = OutlineOptions {
        collapse: false,
        ..Default::default()
    };
    let timeline = render(
        &tree,
        &TimelineOptions {
            styles: &styles,
            symbols: &UTF8,
            width: 100,
            outline,
        },
    );
    let tree_lines = crate::render::tree::render(
        &tree,
        &crate::render::tree::TreeOptions {
            styles: &styles,
            symbols: &UTF8,
            width: Some(100),
            outline,
        },
    );
    let elapsed = started.elapsed();
    assert_eq!((timeline.len(), tree_lines.len()), (10_002, 10_001));
    assert!(elapsed.as_millis() < 2_000, "{elapsed:?}");
}

#[test]
fn nothing_to_draw_draws_nothing() {
    let spans = [test_span(1, 1, None, "fine", 0, 10)];
    let tree = SpanTree::build(&spans);
    let styles = Styles::default();
    let outline = OutlineOptions {
        errors_only: true,
        ..Default::default()
    };
    let opts = TimelineOptions {
        styles: &styles,
        symbols: &UTF8,
        width: 80,
        outline,
    };
    assert!(
        render(&tree, &opts).is_empty(),
        "--errors without failures: no axis either"
    );
    assert!(render(&SpanTree::build(&[]), &opts).is_empty());
}
