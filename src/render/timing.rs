//! How long spans waited on each other: self time and the critical path, for the timeline.
//!
//! **Self time** is the part of a span's own interval that none of its children cover: its
//! duration minus the length of the union of its children's intervals (each clipped to the
//! span), so overlapping children are not subtracted twice:
//!
//! ```text
//! parent   |==================================|     40ms
//! child a     |==========|                          10ms
//! child b           |==========|                    10ms, overlapping a by 4ms
//! union       |================|                    16ms
//! self     ^^^                 ^^^^^^^^^^^^^^^^     40 - 16 = 24ms
//! ```
//!
//! **The critical path** is the chain of spans the trace's end waited on (the rule of Jaeger's
//! critical path). Start at the top-level span that ends last; within a span, walk back from its
//! end: the child that ends last is critical, then the child that ends last before that one
//! started, and so on (children running alongside a critical sibling are not); repeat inside
//! every critical child. Children ending after their parent are treated as ending with it.
//!
//! ```text
//! root     |=========================================|   ◆
//! plan       |=====|                                     ◆  ends before "act" starts
//! warm       |==|                                           overlaps "plan": not waited on
//! act               |=========================|          ◆  ends last
//! log                           |====|                      runs alongside "act"
//! ```
//!
//! Both are computed once over the whole tree: `O(n log n)` for the critical path (each span's
//! children sorted by end), linear for self time.

use super::outline::Forest;
use crate::model::Span;

/// Which spans are on the critical path (indexed like the tree's spans).
pub fn critical_path(forest: &Forest, spans: &[Span]) -> Vec<bool> {
    let mut critical = vec![false; spans.len()];
    // The top level: top spans, and the orphans under each missing parent.
    let mut top: Vec<usize> = Vec::new();
    for k in forest.tops() {
        match forest.span(k) {
            Some(_) => top.push(k),
            None => top.extend(forest.children[k].iter().copied()),
        }
    }
    let Some(end) = top
        .iter()
        .filter_map(|&k| forest.span(k))
        .map(|i| spans[i].end_time.0)
        .max()
    else {
        return critical;
    };
    let mut work: Vec<(Vec<usize>, i64)> = vec![(top, end)];
    while let Some((mut siblings, limit)) = work.pop() {
        let end_of = |k: usize| {
            forest
                .span(k)
                .map_or(i64::MIN, |i| spans[i].end_time.0.min(limit))
        };
        let start_of = |k: usize| forest.span(k).map_or(i64::MIN, |i| spans[i].start_time.0);
        siblings.sort_by_key(|&k| (std::cmp::Reverse(end_of(k)), std::cmp::Reverse(start_of(k))));
        let mut cursor = limit;
        for k in siblings {
            let Some(i) = forest.span(k) else { continue };
            if end_of(k) <= cursor {
                critical[i] = true;
                cursor = start_of(k);
                if !forest.children[k].is_empty() {
                    work.push((forest.children[k].clone(), spans[i].end_time.0.min(limit)));
                }
            }
        }
    }
    critical
}

/// Each span's self time in nanoseconds (indexed like the tree's spans).
pub fn self_times(forest: &Forest, spans: &[Span]) -> Vec<i64> {
    let mut out: Vec<i64> = spans.iter().map(Span::duration_ns).collect();
    for k in 0..forest.entries.len() {
        let Some(i) = forest.span(k) else { continue };
        let (lo, hi) = (spans[i].start_time.0, spans[i].end_time.0);
        let mut intervals: Vec<(i64, i64)> = forest.children[k]
            .iter()
            .filter_map(|&c| forest.span(c))
            .map(|c| (spans[c].start_time.0.max(lo), spans[c].end_time.0.min(hi)))
            .filter(|(a, b)| b > a)
            .collect();
        intervals.sort_unstable();
        let mut covered = 0i64;
        let mut current: Option<(i64, i64)> = None;
        for (a, b) in intervals {
            current = match current {
                Some((x, y)) if a <= y => Some((x, y.max(b))),
                Some((x, y)) => {
                    covered += y - x;
                    Some((a, b))
                }
                None => Some((a, b)),
            };
        }
        if let Some((x, y)) = current {
            covered += y - x;
        }
        out[i] = (out[i] - covered).max(0);
    }
    out
}
