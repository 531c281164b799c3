//! Which rows the tree-shaped views (tree, timeline) show, and how they nest.
//!
//! [`SpanTree::walk`] already survives orphans, cycles and depth; [`Forest`] keeps that walk
//! with each entry's parent, children and subtree facts, and [`rows`] decides what is shown:
//!
//! - `--depth N` keeps entries at most N levels below the top (0: top-level spans only); a span
//!   whose children are cut says how many spans it hides.
//! - `--errors` keeps the spans that failed and their ancestors, nothing else.
//! - Runs of similar siblings fold into one row unless `--expand`: at least [`MIN_RUN`]
//!   consecutive siblings with the same name and kind, none of which failed or has a failure
//!   below it (errors are never folded away). The row stands for the whole run, subtrees
//!   included:
//!
//! ```text
//! agent.run  AGENT  2.10s
//! ├── plan  LLM  120ms
//! ├── fetch_page  TOOL  × 37 similar  p50 12ms  max 80ms     ← 37 siblings, one row
//! └── answer  LLM  310ms
//! ```
//!
//! Everything here is linear in the number of spans (a run's median sorts only that run), so a
//! 10,000-span trace folds in well under a millisecond.

use crate::model::{Entry, Node, Span, SpanId, SpanKind, SpanTree};

/// Shortest run of similar siblings that folds into one row.
pub const MIN_RUN: usize = 4;

/// What to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlineOptions {
    /// Levels below the top to show; `None` for all.
    pub max_depth: Option<usize>,
    /// Only failed spans and their ancestors.
    pub errors_only: bool,
    /// Fold runs of similar siblings.
    pub collapse: bool,
}

impl Default for OutlineOptions {
    fn default() -> Self {
        OutlineOptions {
            max_depth: None,
            errors_only: false,
            collapse: true,
        }
    }
}

/// The walk of a tree with, per entry (indexed like the walk), its parent and children entries
/// and facts about its subtree. Entries are in pre-order, so the subtree of a span entry `k` is
/// exactly the entries `k + 1 ..= k + size[k]`.
#[derive(Debug)]
pub struct Forest {
    pub entries: Vec<Entry>,
    pub parent: Vec<Option<usize>>,
    pub children: Vec<Vec<usize>>,
    /// Spans strictly below the entry.
    pub size: Vec<usize>,
    /// True when the entry's span, or any span below it, failed.
    pub failing: Vec<bool>,
}

impl Forest {
    pub fn build(tree: &SpanTree) -> Forest {
        let spans = tree.spans();
        let entries = tree.walk();
        let n = entries.len();
        let mut parent = Vec::with_capacity(n);
        let mut children = vec![Vec::new(); n];
        let mut stack: Vec<usize> = Vec::new();
        for (k, e) in entries.iter().enumerate() {
            stack.truncate(e.depth);
            let p = stack.last().copied();
            if let Some(p) = p {
                children[p].push(k);
            }
            parent.push(p);
            stack.push(k);
        }
        let mut size = vec![0; n];
        let mut failing = vec![false; n];
        for k in (0..n).rev() {
            if let Node::Span { index, .. } = entries[k].node {
                failing[k] |= spans[index].is_error();
            }
            if let Some(p) = parent[k] {
                size[p] += size[k] + usize::from(matches!(entries[k].node, Node::Span { .. }));
                failing[p] |= failing[k];
            }
        }
        Forest {
            entries,
            parent,
            children,
            size,
            failing,
        }
    }

    /// The span an entry shows, if it shows one.
    pub fn span(&self, k: usize) -> Option<usize> {
        match self.entries[k].node {
            Node::Span { index, .. } => Some(index),
            Node::MissingParent(_) => None,
        }
    }

    /// Top-level entries, in order.
    pub fn tops(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.entries.len()).filter(|&k| self.parent[k].is_none())
    }
}

/// What a row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// One span; `cycle` marks a span lifted out of a parent cycle.
    Span { index: usize, cycle: bool },
    /// The placeholder for a parent that is not in the trace.
    Missing(SpanId),
    /// A run of similar siblings (span indices, in start order), subtrees included.
    Similar { members: Vec<usize> },
}

/// One row of a tree-shaped view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// 0 for top-level rows.
    pub depth: usize,
    /// True when no later sibling row follows at this depth (the `└──` case).
    pub is_last: bool,
    /// Spans below this row that are not shown because of `--depth` or folding.
    pub hidden: usize,
}

enum Item {
    Entry(usize),
    Run(Vec<usize>),
}

/// The rows to show, in display order.
pub fn rows(forest: &Forest, spans: &[Span], opts: &OutlineOptions) -> Vec<Row> {
    let tops: Vec<usize> = forest.tops().collect();
    let mut out = Vec::new();
    let mut stack: Vec<Item> = group(forest, spans, &tops, opts);
    stack.reverse();
    while let Some(item) = stack.pop() {
        match item {
            Item::Entry(k) => {
                let e = forest.entries[k];
                let kind = match e.node {
                    Node::Span { index, cycle } => RowKind::Span { index, cycle },
                    Node::MissingParent(p) => RowKind::Missing(p),
                };
                let cut = opts.max_depth.is_some_and(|m| e.depth >= m);
                out.push(Row {
                    kind,
                    depth: e.depth,
                    is_last: false,
                    hidden: if cut { forest.size[k] } else { 0 },
                });
                if !cut {
                    let mut items = group(forest, spans, &forest.children[k], opts);
                    items.reverse();
                    stack.extend(items);
                }
            }
            Item::Run(members) => {
                let depth = forest.entries[members[0]].depth;
                let hidden = members.iter().map(|&m| forest.size[m]).sum();
                out.push(Row {
                    kind: RowKind::Similar {
                        members: members.iter().filter_map(|&m| forest.span(m)).collect(),
                    },
                    depth,
                    is_last: false,
                    hidden,
                });
            }
        }
    }
    mark_last(&mut out);
    out
}

/// Siblings as items: filtered by `--errors`, runs of similar ones folded.
fn group(forest: &Forest, spans: &[Span], siblings: &[usize], opts: &OutlineOptions) -> Vec<Item> {
    let kept: Vec<usize> = siblings
        .iter()
        .copied()
        .filter(|&k| !opts.errors_only || forest.failing[k])
        .collect();
    if !opts.collapse {
        return kept.into_iter().map(Item::Entry).collect();
    }
    // Folding key: name and kind of a plain span with no failure at or below it.
    let key = |k: usize| -> Option<(&str, SpanKind)> {
        match forest.entries[k].node {
            Node::Span {
                index,
                cycle: false,
            } if !forest.failing[k] => Some((spans[index].name.as_str(), spans[index].kind)),
            _ => None,
        }
    };
    let mut items = Vec::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        let mut j = i + 1;
        if let Some(first) = key(kept[i]) {
            while j < kept.len() && key(kept[j]) == Some(first) {
                j += 1;
            }
        }
        if j - i >= MIN_RUN {
            items.push(Item::Run(kept[i..j].to_vec()));
        } else {
            items.extend(kept[i..j].iter().copied().map(Item::Entry));
        }
        i = j;
    }
    items
}

/// Sets `is_last` from the rows alone: a row is last unless a later row at its depth follows
/// before any shallower one. One backward pass.
fn mark_last(rows: &mut [Row]) {
    // sibling_follows[d]: a row at depth d was seen (going backwards) since the last row
    // shallower than d.
    let mut sibling_follows: Vec<bool> = Vec::new();
    for row in rows.iter_mut().rev() {
        let d = row.depth;
        if sibling_follows.len() <= d {
            sibling_follows.resize(d + 1, false);
        }
        row.is_last = !sibling_follows[d];
        sibling_follows[d] = true;
        sibling_follows.truncate(d + 1);
    }
}

/// The median (the lower one for an even count) and the maximum of some durations.
pub fn p50_max(mut durations: Vec<i64>) -> (i64, i64) {
    if durations.is_empty() {
        return (0, 0);
    }
    durations.sort_unstable();
    (
        durations[(durations.len() - 1) / 2],
        durations[durations.len() - 1],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StatusCode, test_span};

    fn outline(spans: &[Span], opts: OutlineOptions) -> String {
        let tree = SpanTree::build(spans);
        let forest = Forest::build(&tree);
        rows(&forest, spans, &opts)
            .iter()
            .map(|r| {
                let label = match &r.kind {
                    RowKind::Span { index, .. } => spans[*index].name.clone(),
                    RowKind::Missing(_) => "missing".into(),
                    RowKind::Similar { members } => {
                        format!("{} x{}", spans[members[0]].name, members.len())
                    }
                };
                let hidden = if r.hidden > 0 {
                    format!(" +{}", r.hidden)
                } else {
                    String::new()
                };
                let last = if r.is_last { " ." } else { "" };
                format!("{}{label}{hidden}{last}", "  ".repeat(r.depth))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// root → 6 × step (each with one child), one failing step in the middle, then "end".
    fn loop_trace() -> Vec<Span> {
        let mut spans = vec![test_span(1, 1, None, "root", 0, 1000)];
        for i in 0..6u8 {
            let id = 10 + i;
            let t = i64::from(i) * 100;
            let mut step = test_span(1, id, Some(1), "step", t, t + 50);
            if i == 3 {
                step.status.code = StatusCode::Error;
            }
            spans.push(step);
            spans.push(test_span(1, 100 + i, Some(id), "inner", t + 1, t + 2));
        }
        spans.push(test_span(1, 50, Some(1), "end", 900, 950));
        spans
    }

    #[test]
    fn everything_expanded() {
        let opts = OutlineOptions {
            collapse: false,
            ..Default::default()
        };
        let out = outline(&loop_trace(), opts);
        assert_eq!(out.lines().count(), 14);
        assert!(out.ends_with("  end ."));
    }

    #[test]
    fn similar_runs_fold_but_failures_split_them() {
        // Steps 0-2 are a run of three (too short), step 3 failed, 4-5 are two: nothing folds.
        let spans = loop_trace();
        assert!(!outline(&spans, OutlineOptions::default()).contains(" x"));
        // Without the failure the six steps fold into one row hiding their six children.
        let mut ok = spans.clone();
        for s in &mut ok {
            s.status.code = StatusCode::Unset;
        }
        assert_eq!(
            outline(&ok, OutlineOptions::default()),
            "root .\n  step x6 +6\n  end ."
        );
    }

    #[test]
    fn depth_cuts_and_counts_what_it_hides() {
        let opts = OutlineOptions {
            max_depth: Some(0),
            ..Default::default()
        };
        assert_eq!(outline(&loop_trace(), opts), "root +13 .");
    }

    #[test]
    fn errors_keep_failures_and_their_ancestors() {
        let mut spans = loop_trace();
        spans[8].status.code = StatusCode::Error; // step 3's child
        let opts = OutlineOptions {
            errors_only: true,
            ..Default::default()
        };
        assert_eq!(outline(&spans, opts), "root .\n  step .\n    inner .");
    }

    #[test]
    fn missing_parents_are_rows_too() {
        let spans = [
            test_span(1, 1, None, "root", 0, 10),
            test_span(1, 2, Some(9), "orphan", 1, 2),
        ];
        assert_eq!(
            outline(&spans, OutlineOptions::default()),
            "root\nmissing .\n  orphan ."
        );
    }

    #[test]
    fn medians() {
        assert_eq!(p50_max(vec![5, 1, 3, 80]), (3, 80));
        assert_eq!(p50_max(vec![]), (0, 0));
    }
}
