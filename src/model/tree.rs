//! The span tree of one trace, built to survive whatever an SDK sends.
//!
//! Spans point at their parent by id, and nothing guarantees the parent has arrived, exists at
//! all, or is not the span itself. The tree therefore has three kinds of top-level entries:
//!
//! ```text
//! root                      a span without a parent, in start order
//! ├── child
//! └── child
//! ⚠ missing parent 89fd…    spans whose parent is not in the trace (yet), grouped by that id
//! └── orphan
//! ↻ cycle-breaker           a span on a parent cycle, shown as a top so the cycle is walked once
//! └── next on the cycle
//! ```
//!
//! Every span appears exactly once. Walks are iterative, so a 10,000-deep chain cannot overflow
//! the stack, and each span is visited once, so a cycle cannot hang.

use std::collections::HashMap;

use super::{Nanos, Span, SpanFacts, SpanId};

/// What the tree needs to know about a span. Implemented by full spans (for rendering) and by
/// the light rows a store reads back to refresh a trace summary.
pub trait TreeSpan {
    fn span_id(&self) -> SpanId;
    fn parent_span_id(&self) -> Option<SpanId>;
    fn start_time(&self) -> Nanos;
}

impl TreeSpan for Span {
    fn span_id(&self) -> SpanId {
        self.span_id
    }
    fn parent_span_id(&self) -> Option<SpanId> {
        self.parent_span_id
    }
    fn start_time(&self) -> Nanos {
        self.start_time
    }
}

impl TreeSpan for SpanFacts {
    fn span_id(&self) -> SpanId {
        self.span_id
    }
    fn parent_span_id(&self) -> Option<SpanId> {
        self.parent_span_id
    }
    fn start_time(&self) -> Nanos {
        self.start_time
    }
}

/// A top-level entry of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Top {
    /// A span without a parent.
    Root(usize),
    /// Spans whose parent id is not in the trace.
    MissingParent {
        parent: SpanId,
        children: Vec<usize>,
    },
    /// A span on a parent cycle (or below one), lifted to the top to break the cycle.
    Cycle(usize),
}

/// What a line of the tree shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// The span at this index of [`SpanTree::spans`]; `cycle` marks a lifted cycle member.
    Span { index: usize, cycle: bool },
    /// The placeholder for a parent that is not in the trace.
    MissingParent(SpanId),
}

/// One line of a pre-order walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub node: Node,
    /// 0 for top-level entries.
    pub depth: usize,
    /// True when no later sibling follows at this depth (the `└──` case).
    pub is_last: bool,
}

/// The spans of one trace arranged by parent, children in start order.
#[derive(Debug)]
pub struct SpanTree<'a, T: TreeSpan = Span> {
    spans: &'a [T],
    children: Vec<Vec<usize>>,
    parent: Vec<Option<usize>>,
    tops: Vec<Top>,
}

impl<'a, T: TreeSpan> SpanTree<'a, T> {
    pub fn build(spans: &'a [T]) -> SpanTree<'a, T> {
        let order = |i: usize| (spans[i].start_time(), spans[i].span_id(), i);
        let mut index: HashMap<SpanId, usize> = HashMap::with_capacity(spans.len());
        for (i, s) in spans.iter().enumerate() {
            index.entry(s.span_id()).or_insert(i);
        }

        let mut children = vec![Vec::new(); spans.len()];
        let mut parent = vec![None; spans.len()];
        let mut roots = Vec::new();
        let mut missing: HashMap<SpanId, Vec<usize>> = HashMap::new();
        for (i, s) in spans.iter().enumerate() {
            match s.parent_span_id() {
                None => roots.push(i),
                Some(p) => match index.get(&p) {
                    Some(&pi) => {
                        children[pi].push(i);
                        parent[i] = Some(pi);
                    }
                    None => missing.entry(p).or_default().push(i),
                },
            }
        }
        for c in &mut children {
            c.sort_by_key(|&i| order(i));
        }
        roots.sort_by_key(|&i| order(i));
        let mut groups: Vec<(SpanId, Vec<usize>)> = missing.into_iter().collect();
        for (_, g) in &mut groups {
            g.sort_by_key(|&i| order(i));
        }
        groups.sort_by_key(|(p, g)| (order(g[0]), *p));

        let mut tops: Vec<Top> = roots.into_iter().map(Top::Root).collect();
        tops.extend(
            groups
                .into_iter()
                .map(|(parent, children)| Top::MissingParent { parent, children }),
        );
        let mut tree = SpanTree {
            spans,
            children,
            parent,
            tops,
        };

        // Whatever no top reaches sits on (or under) a parent cycle: lift the earliest such span
        // to the top, walk from it, and repeat until everything has been reached.
        let mut seen = vec![false; spans.len()];
        for e in tree.walk() {
            if let Node::Span { index, .. } = e.node {
                seen[index] = true;
            }
        }
        let mut unreached: Vec<usize> = (0..spans.len()).filter(|&i| !seen[i]).collect();
        unreached.sort_by_key(|&i| order(i));
        for i in unreached {
            if seen[i] {
                continue;
            }
            tree.tops.push(Top::Cycle(i));
            tree.mark_reachable(i, &mut seen);
        }
        tree
    }

    pub fn spans(&self) -> &'a [T] {
        self.spans
    }

    pub fn tops(&self) -> &[Top] {
        &self.tops
    }

    /// Children of a span in start order (spans lifted out of a cycle excluded by the walk).
    pub fn children(&self, index: usize) -> &[usize] {
        &self.children[index]
    }

    /// The parent's index, when the parent is in the trace.
    pub fn parent(&self, index: usize) -> Option<usize> {
        self.parent[index]
    }

    fn mark_reachable(&self, from: usize, seen: &mut [bool]) {
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            stack.extend(self.children[i].iter().copied().filter(|&c| !seen[c]));
        }
    }

    /// The whole tree in display order: each top, then its descendants depth-first.
    pub fn walk(&self) -> Vec<Entry> {
        let mut out = Vec::with_capacity(self.spans.len() + 4);
        let mut seen = vec![false; self.spans.len()];
        // Stack of (node, depth, is_last); children are pushed in reverse so they pop in order.
        let mut stack: Vec<(Node, usize, bool)> = Vec::new();
        let last_top = self.tops.len().saturating_sub(1);
        for (t, top) in self.tops.iter().enumerate() {
            let node = match top {
                Top::Root(i) => Node::Span {
                    index: *i,
                    cycle: false,
                },
                Top::Cycle(i) => Node::Span {
                    index: *i,
                    cycle: true,
                },
                Top::MissingParent { parent, .. } => Node::MissingParent(*parent),
            };
            stack.push((node, 0, t == last_top));
            while let Some((node, depth, is_last)) = stack.pop() {
                let kids: &[usize] = match node {
                    Node::Span { index, .. } => {
                        if std::mem::replace(&mut seen[index], true) {
                            continue;
                        }
                        &self.children[index]
                    }
                    Node::MissingParent(_) => match top {
                        Top::MissingParent { children, .. } => children,
                        _ => &[],
                    },
                };
                out.push(Entry {
                    node,
                    depth,
                    is_last,
                });
                let kids: Vec<usize> = kids.iter().copied().filter(|&c| !seen[c]).collect();
                for (k, &c) in kids.iter().enumerate().rev() {
                    stack.push((
                        Node::Span {
                            index: c,
                            cycle: false,
                        },
                        depth + 1,
                        k + 1 == kids.len(),
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::span::tests::span;

    /// The walk as indented names, for compact assertions.
    fn outline(spans: &[Span]) -> String {
        let tree = SpanTree::build(spans);
        tree.walk()
            .iter()
            .map(|e| {
                let label = match e.node {
                    Node::Span { index, cycle } => {
                        format!(
                            "{}{}",
                            spans[index].name,
                            if cycle { " (cycle)" } else { "" }
                        )
                    }
                    Node::MissingParent(p) => format!("missing {}", &p.to_hex()[..2]),
                };
                format!(
                    "{}{}{}",
                    "  ".repeat(e.depth),
                    label,
                    if e.is_last { " ." } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn children_sit_under_parents_in_start_order() {
        let spans = [
            span(1, 3, Some(1), "late", 30, 40),
            span(1, 1, None, "root", 0, 100),
            span(1, 2, Some(1), "early", 10, 20),
            span(1, 4, Some(2), "grandchild", 11, 12),
        ];
        assert_eq!(
            outline(&spans),
            "root .\n  early\n    grandchild .\n  late ."
        );
    }

    #[test]
    fn orphans_are_grouped_under_their_missing_parent() {
        let spans = [
            span(1, 1, None, "root", 0, 100),
            span(1, 2, Some(9), "orphan-b", 20, 30),
            span(1, 3, Some(9), "orphan-a", 10, 30),
            span(1, 4, Some(8), "other-orphan", 50, 60),
        ];
        assert_eq!(
            outline(&spans),
            "root\nmissing 09\n  orphan-a\n  orphan-b .\nmissing 08 .\n  other-orphan ."
        );
    }

    #[test]
    fn cycles_and_self_parents_terminate_and_keep_every_span() {
        let spans = [
            span(1, 1, Some(2), "a", 0, 10),
            span(1, 2, Some(1), "b", 5, 10),
            span(1, 3, Some(3), "self", 20, 30),
            span(1, 4, Some(2), "below-cycle", 6, 7),
        ];
        assert_eq!(
            outline(&spans),
            "a (cycle)\n  b .\n    below-cycle .\nself (cycle) ."
        );
    }

    #[test]
    fn a_deep_chain_does_not_overflow_the_stack() {
        let n = 20_000u32;
        let spans: Vec<Span> = (0..n)
            .map(|i| {
                let mut s = span(1, 0, None, "s", i64::from(i), i64::from(i) + 1);
                s.span_id = SpanId(u64::from(i + 1).to_be_bytes());
                s.parent_span_id = (i > 0).then(|| SpanId(u64::from(i).to_be_bytes()));
                s
            })
            .collect();
        let walk = SpanTree::build(&spans).walk();
        assert_eq!(walk.len(), n as usize);
        assert_eq!(walk.last().unwrap().depth, n as usize - 1);
    }
}
