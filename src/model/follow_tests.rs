//! Follow rules, step by step with explicit poll times (no waiting).

use super::*;
use crate::model::test_span;

const S: i64 = 1_000_000_000;

fn summary(n: u8, spans: u64, root: bool, start: i64) -> TraceSummary {
    TraceSummary {
        trace_id: TraceId([n; 16]),
        root_span_id: root.then_some(SpanId([n; 8])),
        root_name: format!("t{n}"),
        start_time: Nanos(start),
        span_count: spans,
        ..Default::default()
    }
}

/// `root:spans`, and ` update` when the row supersedes an earlier one.
fn names(arrivals: &[Arrival]) -> Vec<String> {
    arrivals
        .iter()
        .map(|a| {
            let t = &a.summary;
            let update = if a.update { " update" } else { "" };
            format!("{}:{}{update}", t.root_name, t.span_count)
        })
        .collect()
}

#[test]
fn what_was_there_before_is_not_printed() {
    let mut f = TraceFollow::new(2 * S);
    assert!(f.observe(&[summary(1, 3, true, 0)], Nanos(0)).is_empty());
    assert!(f.settled(Nanos(10 * S)).is_empty());
    assert!(f.is_baseline(&TraceId([1; 16])));
}

#[test]
fn a_trace_is_printed_once_quiet_with_its_root_and_again_when_it_grows() {
    let mut f = TraceFollow::new(2 * S);
    f.observe(&[], Nanos(0));
    let step = |f: &mut TraceFollow, t: TraceSummary, at: i64| {
        let changed = f.observe(&[t], Nanos(at * S));
        (changed.len(), names(&f.settled(Nanos(at * S))))
    };
    assert_eq!(step(&mut f, summary(2, 3, false, 0), 1), (1, vec![]));
    assert_eq!(step(&mut f, summary(2, 7, false, 0), 2), (1, vec![]));
    assert_eq!(step(&mut f, summary(2, 8, true, 0), 3), (1, vec![]));
    assert_eq!(step(&mut f, summary(2, 8, true, 0), 4), (0, vec![]));
    assert_eq!(
        step(&mut f, summary(2, 8, true, 0), 5),
        (0, vec!["t2:8".into()])
    );
    assert_eq!(step(&mut f, summary(2, 8, true, 0), 6), (0, vec![]));
    // A late span: printed again with its new totals, once settled.
    assert_eq!(step(&mut f, summary(2, 9, true, 0), 7), (1, vec![]));
    assert_eq!(
        step(&mut f, summary(2, 9, true, 0), 9),
        (0, vec!["t2:9 update".into()])
    );
}

#[test]
fn a_baseline_trace_that_changes_is_printed() {
    let mut f = TraceFollow::new(S);
    f.observe(&[summary(3, 2, false, 0)], Nanos(0));
    f.observe(&[summary(3, 5, true, 0)], Nanos(S));
    assert_eq!(names(&f.settled(Nanos(2 * S))), ["t3:5"]);
}

#[test]
fn a_complete_baseline_trace_that_grows_is_an_update() {
    let mut f = TraceFollow::new(S);
    f.observe(&[summary(3, 4, true, 0)], Nanos(0));
    f.observe(&[summary(3, 5, true, 0)], Nanos(S));
    assert!(f.settled(Nanos(S)).is_empty(), "just changed");
    f.observe(&[summary(3, 5, true, 0)], Nanos(2 * S));
    assert_eq!(names(&f.settled(Nanos(2 * S))), ["t3:5 update"]);
}

#[test]
fn a_trace_without_its_root_waits_longer() {
    let mut f = TraceFollow::new(S);
    f.observe(&[], Nanos(0));
    f.observe(&[summary(4, 2, false, 0)], Nanos(0));
    f.observe(&[summary(4, 2, false, 0)], Nanos(30 * S));
    assert!(f.settled(Nanos(30 * S)).is_empty());
    f.observe(&[summary(4, 2, false, 0)], Nanos(ORPHAN_WAIT));
    assert_eq!(names(&f.settled(Nanos(ORPHAN_WAIT))), ["t4:2"]);
}

#[test]
fn a_trace_that_stops_matching_is_not_printed() {
    let mut f = TraceFollow::new(S);
    f.observe(&[], Nanos(0));
    f.observe(&[summary(5, 2, true, 0)], Nanos(0));
    // Gone from the next poll (an error arrived and --status ok no longer matches it).
    f.observe(&[], Nanos(5 * S));
    assert!(f.settled(Nanos(5 * S)).is_empty());
}

#[test]
fn several_are_printed_oldest_first() {
    let mut f = TraceFollow::new(S);
    f.observe(&[], Nanos(0));
    let both = [summary(6, 1, true, 50), summary(7, 1, true, 10)];
    f.observe(&both, Nanos(0));
    f.observe(&both, Nanos(S));
    assert_eq!(names(&f.settled(Nanos(S))), ["t7:1", "t6:1"]);
}

#[test]
fn the_window_reaches_back_to_traces_still_arriving() {
    let mut f = TraceFollow::new(S);
    f.observe(&[summary(8, 5, true, 100)], Nanos(0));
    assert_eq!(f.anchor(Nanos(0)), None, "a complete baseline trace");
    f.observe(&[summary(9, 1, false, 40)], Nanos(S));
    assert_eq!(f.anchor(Nanos(S)), Some(Nanos(40)));
    assert_eq!(f.anchor(Nanos(S + ACTIVE_FOR)), None);
}

#[test]
fn the_window_slides_is_fixed_or_is_everything() {
    let now = Nanos(1_000 * S);
    assert_eq!(Window::Last(300 * S).from(now, None), Some(Nanos(700 * S)));
    assert_eq!(
        Window::Last(300 * S).from(now, Some(Nanos(500 * S))),
        Some(Nanos(500 * S)),
        "an earlier active trace widens it"
    );
    assert_eq!(
        Window::Last(300 * S).from(now, Some(Nanos(900 * S))),
        Some(Nanos(700 * S)),
        "a later one does not narrow it"
    );
    assert_eq!(Window::Since(Nanos(5)).from(now, None), Some(Nanos(5)));
    assert_eq!(Window::All.from(now, Some(Nanos(500 * S))), None);
}

#[test]
fn growing_baseline_traces_are_listed_newest_first() {
    let mut f = TraceFollow::new(S);
    f.observe(
        &[
            summary(1, 3, false, 10),
            summary(2, 3, true, 20),
            summary(3, 1, false, 30),
        ],
        Nanos(0),
    );
    assert_eq!(
        f.growing_at_baseline(10),
        [TraceId([3; 16]), TraceId([1; 16])]
    );
    assert_eq!(f.growing_at_baseline(1), [TraceId([3; 16])]);
}

#[test]
fn memory_is_bounded() {
    let mut f = TraceFollow::new(S).with_capacity(100);
    f.observe(&[], Nanos(0));
    for n in 0..50u8 {
        let batch: Vec<TraceSummary> = (0..10u8)
            .map(|k| {
                let mut t = summary(0, 1, true, 0);
                t.trace_id = TraceId([n, k, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
                t
            })
            .collect();
        f.observe(&batch, Nanos(i64::from(n) * S));
        assert!(f.known.len() <= 100);
    }
    let mut set = BoundedSet::new(3);
    for i in 0..10 {
        assert!(set.insert(i));
    }
    assert_eq!(set.len(), 3);
    assert!(set.insert(0), "forgotten, so new again");
    assert!(!set.insert(9));
}

#[test]
fn spans_are_new_once_and_baseline_traces_only_after_the_start() {
    let mut f = SpanFollow::new(Nanos(100));
    let old = test_span(1, 1, None, "old", 0, 50);
    let late = test_span(1, 2, Some(1), "late", 10, 150);
    f.baseline(std::slice::from_ref(&old));
    let fresh = f.fresh(vec![old.clone(), late.clone()], true);
    assert_eq!(fresh.len(), 1);
    assert_eq!(fresh[0].name, "late");
    assert!(f.fresh(vec![late], true).is_empty());
    let other = test_span(2, 1, None, "new-trace", 0, 10);
    assert_eq!(f.fresh(vec![other], false).len(), 1);
}

#[test]
fn a_snapshotted_trace_reports_spans_that_ended_before_following_began() {
    // Following began at 100; the run exports a span that ended at 90 only at 105.
    let mut f = SpanFollow::new(Nanos(100));
    let stored = test_span(3, 1, None, "stored", 0, 50);
    let exported_late = test_span(3, 2, Some(1), "exported-late", 60, 90);
    let trace = stored.trace_id;
    f.snapshot(trace, std::slice::from_ref(&stored));
    let fresh = f.fresh(vec![stored, exported_late], true);
    assert_eq!(fresh.len(), 1);
    assert_eq!(fresh[0].name, "exported-late");
}
