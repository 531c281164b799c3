//! Two traces side by side: which span of one is which span of the other, and what changed.
//!
//! Span ids are random per run, so spans are matched by where they sit. Alignment walks both
//! trees from the top, and at each level pairs the children of two aligned spans by their key
//! (name and semantic kind), the first `chat LLM` of one with the first `chat LLM` of the
//! other, the second with the second, in start order. Everything else is added (only in B) or
//! removed (only in A), with its whole subtree:
//!
//! ```text
//!   run AGENT              (run, AGENT) in both: aligned, its children aligned in turn
//!   ├── chat LLM           1st (chat, LLM) of A  ↔ 1st of B
//! - ├── search TOOL        only A has a (search, TOOL) here: removed, subtree and all
//!   ├── chat LLM           2nd ↔ 2nd
//! + └── fetch TOOL         only B has it: added
//! ```
//!
//! Matching by key first makes the result independent of how concurrent siblings of different
//! kinds happened to interleave; equal keys fall back to start order, which is the one order
//! both runs share. The merged order follows B, with each removed span placed after the A
//! sibling it followed. Top-level entries (roots, spans under a missing parent, lifted cycle
//! members) are aligned as the children of one virtual root. Every span of each trace appears
//! in exactly one row, and the walk is iterative, so deep or cyclic traces are safe.
//!
//! What counts as a change of an aligned pair: status (failed or not), model, own tokens, own
//! cost, and, when asked, input/output payloads. Durations always differ a little between
//! runs; [`Timing`] says when the difference is large enough to point out, and it never makes
//! a pair "changed".

use std::collections::HashMap;

use super::{Span, SpanKind, SpanTree, Top};

/// A duration change counts as notable from this many percent…
pub const NOTABLE_PERCENT: f64 = 20.0;
/// …and this many nanoseconds (1 ms), so microsecond jitter on tiny spans is not news.
pub const NOTABLE_NS: i64 = 1_000_000;

/// What became of a span between A and B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// In both, nothing that counts changed.
    Same,
    /// In both, with a different status, model, tokens, cost or payload.
    Changed,
    /// Only in B.
    Added,
    /// Only in A.
    Removed,
}

/// The fields of an aligned pair that differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub status: bool,
    pub model: bool,
    pub tokens: bool,
    pub cost: bool,
    /// Input or output payload (only compared when asked).
    pub io: bool,
}

impl Changes {
    pub fn any(&self) -> bool {
        self.status || self.model || self.tokens || self.cost || self.io
    }

    /// The names of the changed fields, in a fixed order.
    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.status, "status"),
            (self.model, "model"),
            (self.tokens, "tokens"),
            (self.cost, "cost"),
            (self.io, "io"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect()
    }
}

/// Whether an aligned pair's duration changed enough to point out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Timing {
    Similar,
    Slower,
    Faster,
}

impl Timing {
    /// Slower or faster by at least [`NOTABLE_PERCENT`] and [`NOTABLE_NS`].
    pub fn of(a_ns: i64, b_ns: i64) -> Timing {
        let delta = b_ns - a_ns;
        let big = delta.abs() >= NOTABLE_NS
            && (a_ns <= 0 || delta.abs() as f64 * 100.0 >= NOTABLE_PERCENT * a_ns as f64);
        match (big, delta > 0) {
            (false, _) => Timing::Similar,
            (true, true) => Timing::Slower,
            (true, false) => Timing::Faster,
        }
    }
}

/// `(b - a) / a` in percent, `None` when A took no time.
pub fn percent(a: f64, b: f64) -> Option<f64> {
    (a != 0.0).then(|| (b - a) / a * 100.0)
}

/// One line of the merged tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub change: Change,
    /// Index into A's spans, when the span is in A.
    pub a: Option<usize>,
    /// Index into B's spans, when the span is in B.
    pub b: Option<usize>,
    /// 0 for top-level spans.
    pub depth: usize,
    /// True when no later sibling follows at this depth.
    pub is_last: bool,
    /// The row of the parent, `None` at the top.
    pub parent: Option<usize>,
    /// This span's place among its siblings of the same name and kind, from 1.
    pub ordinal: usize,
    pub changes: Changes,
    /// Set for aligned pairs.
    pub timing: Option<Timing>,
}

/// How to compare.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// Compare input and output payloads too.
    pub io: bool,
}

/// The merged tree of two traces' spans, in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub rows: Vec<Row>,
}

/// How many rows of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub same: usize,
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub slower: usize,
    pub faster: usize,
}

impl Diff {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            match r.change {
                Change::Same => c.same += 1,
                Change::Changed => c.changed += 1,
                Change::Added => c.added += 1,
                Change::Removed => c.removed += 1,
            }
            match r.timing {
                Some(Timing::Slower) => c.slower += 1,
                Some(Timing::Faster) => c.faster += 1,
                _ => {}
            }
        }
        c
    }

    /// True when no span was added, removed or changed (durations do not count).
    pub fn is_identical(&self) -> bool {
        self.rows.iter().all(|r| r.change == Change::Same)
    }

    /// The path of names from the top to a row, each with `[n]` when it is the n-th (n > 1)
    /// sibling of its name and kind.
    pub fn path(&self, row: usize, a: &[Span], b: &[Span]) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = Some(row);
        while let Some(i) = at {
            let r = &self.rows[i];
            let span = r.b.map(|k| &b[k]).or(r.a.map(|k| &a[k]));
            let name = span.map_or("", |s| s.name.as_str());
            out.push(if r.ordinal > 1 {
                format!("{name}[{}]", r.ordinal)
            } else {
                name.to_string()
            });
            at = r.parent;
        }
        out.reverse();
        out
    }
}

/// Which fields of an aligned pair differ.
pub fn compare(a: &Span, b: &Span, opts: DiffOptions) -> Changes {
    let cost_differs = match (a.cost_usd, b.cost_usd) {
        (None, None) => false,
        (Some(x), Some(y)) => (x - y).abs() > 1e-12,
        _ => true,
    };
    Changes {
        status: a.is_error() != b.is_error(),
        model: a.model != b.model,
        tokens: a.usage().total() != b.usage().total(),
        cost: cost_differs,
        io: opts.io && (a.input != b.input || a.output != b.output),
    }
}

/// One side's tree as lists of child indices, every span reachable exactly once.
struct Side<'a> {
    spans: &'a [Span],
    tops: Vec<usize>,
    children: Vec<Vec<usize>>,
}

impl<'a> Side<'a> {
    fn new(spans: &'a [Span]) -> Side<'a> {
        let tree = SpanTree::build(spans);
        let mut tops = Vec::new();
        for top in tree.tops() {
            match top {
                Top::Root(i) | Top::Cycle(i) => tops.push(*i),
                Top::MissingParent { children, .. } => tops.extend(children.iter().copied()),
            }
        }
        // A span lifted out of a cycle is a top; drop it from its parent's children so that
        // it appears once.
        let mut is_top = vec![false; spans.len()];
        for &t in &tops {
            is_top[t] = true;
        }
        let children = (0..spans.len())
            .map(|i| {
                tree.children(i)
                    .iter()
                    .copied()
                    .filter(|&c| !is_top[c])
                    .collect()
            })
            .collect();
        Side {
            spans,
            tops,
            children,
        }
    }

    fn key(&self, i: usize) -> (&str, SpanKind) {
        (self.spans[i].name.as_str(), self.spans[i].kind)
    }
}

/// An entry of a merged sibling list: indices into A and B, and the ordinal among equal keys.
type Pair = (Option<usize>, Option<usize>, usize);

/// Pairs two sibling lists by key, then by order among equal keys, in merged order (see the
/// module docs).
fn align(a: &Side, xs: &[usize], b: &Side, ys: &[usize]) -> Vec<Pair> {
    let mut by_key: HashMap<(&str, SpanKind), Vec<usize>> = HashMap::new();
    for (pos, &x) in xs.iter().enumerate() {
        by_key.entry(a.key(x)).or_default().push(pos);
    }
    let mut taken: HashMap<(&str, SpanKind), usize> = HashMap::new();
    // For each B sibling, the position of its A partner.
    let mut partner: Vec<Option<usize>> = Vec::with_capacity(ys.len());
    let mut ordinal_b: Vec<usize> = Vec::with_capacity(ys.len());
    let mut matched_a = vec![false; xs.len()];
    for &y in ys {
        let key = b.key(y);
        let n = taken.entry(key).or_insert(0);
        let found = by_key.get(&key).and_then(|list| list.get(*n)).copied();
        *n += 1;
        ordinal_b.push(*n);
        if let Some(p) = found {
            matched_a[p] = true;
        }
        partner.push(found);
    }
    let mut ordinal_a = vec![0; xs.len()];
    let mut seen: HashMap<(&str, SpanKind), usize> = HashMap::new();
    for (pos, &x) in xs.iter().enumerate() {
        let n = seen.entry(a.key(x)).or_insert(0);
        *n += 1;
        ordinal_a[pos] = *n;
    }

    let mut out = Vec::with_capacity(xs.len().max(ys.len()));
    let mut next_a = 0;
    let flush_removed = |until: usize, out: &mut Vec<Pair>, next_a: &mut usize| {
        while *next_a < until {
            if !matched_a[*next_a] {
                out.push((Some(xs[*next_a]), None, ordinal_a[*next_a]));
            }
            *next_a += 1;
        }
    };
    for (k, &y) in ys.iter().enumerate() {
        if let Some(p) = partner[k] {
            // Removed A siblings that came before this one's partner go first.
            flush_removed(p, &mut out, &mut next_a);
            next_a = next_a.max(p + 1);
            out.push((Some(xs[p]), Some(y), ordinal_b[k]));
        } else {
            out.push((None, Some(y), ordinal_b[k]));
        }
    }
    flush_removed(xs.len(), &mut out, &mut next_a);
    out
}

/// Aligns the spans of A and B (see the module docs).
pub fn diff(a_spans: &[Span], b_spans: &[Span], opts: DiffOptions) -> Diff {
    let a = Side::new(a_spans);
    let b = Side::new(b_spans);
    let mut rows: Vec<Row> = Vec::with_capacity(a_spans.len().max(b_spans.len()));
    // Stack of (pair, depth, is_last, parent row), pushed in reverse so they pop in order.
    let mut stack: Vec<(Pair, usize, bool, Option<usize>)> = Vec::new();
    let push_level = |stack: &mut Vec<_>, level: Vec<Pair>, depth: usize, parent: Option<usize>| {
        let n = level.len();
        for (k, pair) in level.into_iter().enumerate().rev() {
            stack.push((pair, depth, k + 1 == n, parent));
        }
    };
    push_level(&mut stack, align(&a, &a.tops, &b, &b.tops), 0, None);
    while let Some(((ia, ib, ordinal), depth, is_last, parent)) = stack.pop() {
        let (change, changes, timing) = match (ia, ib) {
            (Some(x), Some(y)) => {
                let changes = compare(&a_spans[x], &b_spans[y], opts);
                let change = if changes.any() {
                    Change::Changed
                } else {
                    Change::Same
                };
                let timing = Timing::of(a_spans[x].duration_ns(), b_spans[y].duration_ns());
                (change, changes, Some(timing))
            }
            (Some(_), None) => (Change::Removed, Changes::default(), None),
            _ => (Change::Added, Changes::default(), None),
        };
        let row = rows.len();
        rows.push(Row {
            change,
            a: ia,
            b: ib,
            depth,
            is_last,
            parent,
            ordinal,
            changes,
            timing,
        });
        let empty: &[usize] = &[];
        let kids_a = ia.map_or(empty, |x| &a.children[x]);
        let kids_b = ib.map_or(empty, |y| &b.children[y]);
        // Below an added or removed span, everything is added or removed with it: aligning
        // against an empty list yields exactly that.
        push_level(
            &mut stack,
            align(&a, kids_a, &b, kids_b),
            depth + 1,
            Some(row),
        );
    }
    Diff { rows }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
