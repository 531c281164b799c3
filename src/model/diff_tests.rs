//! Alignment cases for `model::diff` (kept apart so `diff.rs` stays readable).

use super::*;
use crate::model::{SpanId, StatusCode, test_span};

fn named(spans: &[(u8, Option<u8>, &str, SpanKind, i64)]) -> Vec<Span> {
    spans
        .iter()
        .map(|&(id, parent, name, kind, start)| {
            let mut s = test_span(1, id, parent, name, start, start + 10);
            s.kind = kind;
            s
        })
        .collect()
}

/// The merged tree as `<marker> <indent><name>` lines.
fn outline(a: &[Span], b: &[Span]) -> String {
    let d = diff(a, b, DiffOptions::default());
    d.rows
        .iter()
        .map(|r| {
            let span = r.b.map(|k| &b[k]).or(r.a.map(|k| &a[k])).unwrap();
            let mark = match r.change {
                Change::Same => ' ',
                Change::Changed => '~',
                Change::Added => '+',
                Change::Removed => '-',
            };
            format!("{mark} {}{}", "  ".repeat(r.depth), span.name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

use SpanKind::{Agent, Llm, Tool};

#[test]
fn the_same_spans_are_identical() {
    let a = named(&[
        (1, None, "run", Agent, 0),
        (2, Some(1), "chat", Llm, 1),
        (3, Some(1), "search", Tool, 2),
    ]);
    let d = diff(&a, &a, DiffOptions { io: true });
    assert!(d.is_identical());
    assert_eq!(d.rows.len(), 3);
    assert_eq!(d.counts().same, 3);
}

#[test]
fn concurrent_siblings_of_different_keys_align_whatever_their_order() {
    let a = named(&[
        (1, None, "run", Agent, 0),
        (2, Some(1), "search", Tool, 1),
        (3, Some(1), "chat", Llm, 2),
    ]);
    // Other ids, and the two children started the other way round.
    let b = named(&[
        (11, None, "run", Agent, 0),
        (12, Some(11), "chat", Llm, 1),
        (13, Some(11), "search", Tool, 2),
    ]);
    let d = diff(&a, &b, DiffOptions::default());
    assert!(d.is_identical(), "{}", outline(&a, &b));
    assert_eq!(outline(&a, &b), "  run\n    chat\n    search");
}

#[test]
fn added_and_removed_subtrees_keep_their_place() {
    let a = named(&[
        (1, None, "run", Agent, 0),
        (2, Some(1), "chat", Llm, 1),
        (3, Some(1), "research", Agent, 2),
        (4, Some(3), "lookup", Tool, 3),
        (5, Some(1), "chat", Llm, 4),
    ]);
    let b = named(&[
        (1, None, "run", Agent, 0),
        (2, Some(1), "chat", Llm, 1),
        (5, Some(1), "chat", Llm, 4),
        (6, Some(1), "fetch", Tool, 5),
        (7, Some(6), "http", SpanKind::Unknown, 6),
    ]);
    assert_eq!(
        outline(&a, &b),
        "  run\n    chat\n-   research\n-     lookup\n    chat\n+   fetch\n+     http"
    );
    let d = diff(&a, &b, DiffOptions::default());
    assert!(!d.is_identical());
    let c = d.counts();
    assert_eq!((c.same, c.added, c.removed), (3, 2, 2));
    assert_eq!(d.path(4, &a, &b), ["run", "chat[2]"]);
}

#[test]
fn equal_keys_pair_in_start_order_and_extras_are_added() {
    let a = named(&[(1, None, "run", Agent, 0), (2, Some(1), "chat", Llm, 1)]);
    let b = named(&[
        (1, None, "run", Agent, 0),
        (2, Some(1), "chat", Llm, 1),
        (3, Some(1), "chat", Llm, 2),
    ]);
    assert_eq!(outline(&a, &b), "  run\n    chat\n+   chat");
}

#[test]
fn status_model_tokens_and_cost_make_a_change_durations_do_not() {
    let a = named(&[(1, None, "chat", Llm, 0)]);
    let mut b = a.clone();
    b[0].end_time = crate::model::Nanos(50_000_000);
    let d = diff(&a, &b, DiffOptions::default());
    assert!(d.is_identical());
    assert_eq!(d.rows[0].timing, Some(Timing::Slower));

    b[0].status.code = StatusCode::Error;
    b[0].model = Some("gpt-4o".into());
    b[0].total_tokens = Some(5);
    b[0].cost_usd = Some(0.1);
    let d = diff(&a, &b, DiffOptions::default());
    assert_eq!(d.rows[0].change, Change::Changed);
    assert_eq!(
        d.rows[0].changes.names(),
        ["status", "model", "tokens", "cost"]
    );
}

#[test]
fn io_is_compared_only_when_asked() {
    let a = named(&[(1, None, "chat", Llm, 0)]);
    let mut b = a.clone();
    b[0].output = Some(crate::model::Payload {
        value: Some("hello".into()),
        ..Default::default()
    });
    assert!(diff(&a, &b, DiffOptions::default()).is_identical());
    let d = diff(&a, &b, DiffOptions { io: true });
    assert_eq!(d.rows[0].changes.names(), ["io"]);
}

#[test]
fn timing_needs_a_big_and_relative_change() {
    assert_eq!(Timing::of(100_000_000, 119_000_000), Timing::Similar);
    assert_eq!(Timing::of(100_000_000, 130_000_000), Timing::Slower);
    assert_eq!(Timing::of(100_000_000, 50_000_000), Timing::Faster);
    // Tripled, but by microseconds only.
    assert_eq!(Timing::of(10_000, 30_000), Timing::Similar);
    assert_eq!(percent(200.0, 300.0), Some(50.0));
    assert_eq!(percent(0.0, 3.0), None);
}

#[test]
fn orphans_and_cycles_appear_once() {
    let mut a = named(&[
        (1, None, "run", Agent, 0),
        (2, Some(9), "orphan", Tool, 1),
        (3, Some(4), "x", Tool, 2),
        (4, Some(3), "y", Tool, 3),
    ]);
    a[0].span_id = SpanId([1; 8]);
    let d = diff(&a, &a, DiffOptions::default());
    assert_eq!(d.rows.len(), 4);
    assert!(d.is_identical());
}

#[test]
fn a_deep_chain_does_not_overflow_the_stack() {
    let n = 20_000u32;
    let spans: Vec<Span> = (0..n)
        .map(|i| {
            let mut s = test_span(1, 0, None, "s", i64::from(i), i64::from(i) + 1);
            s.span_id = SpanId(u64::from(i + 1).to_be_bytes());
            s.parent_span_id = (i > 0).then(|| SpanId(u64::from(i).to_be_bytes()));
            s
        })
        .collect();
    let d = diff(&spans, &spans[..n as usize - 1], DiffOptions::default());
    assert_eq!(d.rows.len(), n as usize);
    assert_eq!(d.rows.last().unwrap().change, Change::Removed);
}
