//! Token and cost sums over a span tree, each model call counted once.
//!
//! SDKs report usage at more than one level, and adding every span's numbers double counts:
//!
//! ```text
//! travel-planner.run  AGENT  reports 139 in     ← an agent restating (part of) its children's sum
//! ├── chat            LLM    42 in
//! ├── Anthropic Messages  LLM  60 in            ← the SDK wrapper's own LLM span…
//! │   └── anthropic.messages.create  LLM 60 in  ← …around the provider SDK's span for the same call
//! └── embeddings      EMBEDDING  5 in
//! ```
//!
//! The rule, applied bottom-up (∑ = a span's subtree total):
//!
//! - An LLM span whose subtree holds other LLM calls wraps the same call: it counts as one call,
//!   its own numbers win and the inner span only fills fields the wrapper lacks.
//! - Any other span that reports usage and has usage below it restates (part of) its children:
//!   each field takes the larger of its own and its children's sum, so a full restatement adds
//!   nothing and a partial one never lowers the total.
//! - Otherwise a span adds its own numbers to its children's sum.
//!
//! Cost follows the same choice as tokens. Trace totals are the sum over the tree's tops.

use super::{CostSource, Node, SpanFacts, SpanKind, SpanTree, Totals, TreeSpan, Usage};
use crate::model::Span;

/// What rollups need to know about a span.
pub trait Metered: TreeSpan {
    fn kind(&self) -> SpanKind;
    fn usage(&self) -> Usage;
    fn cost(&self) -> Option<(f64, CostSource)>;
}

impl Metered for Span {
    fn kind(&self) -> SpanKind {
        self.kind
    }
    fn usage(&self) -> Usage {
        Span::usage(self)
    }
    fn cost(&self) -> Option<(f64, CostSource)> {
        self.cost_usd
            .map(|c| (c, self.cost_source.unwrap_or(CostSource::Reported)))
    }
}

impl Metered for SpanFacts {
    fn kind(&self) -> SpanKind {
        self.kind
    }
    fn usage(&self) -> Usage {
        self.usage
    }
    fn cost(&self) -> Option<(f64, CostSource)> {
        self.cost
    }
}

/// Subtree totals per span (indexed like the tree's spans) and the trace's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    pub subtree: Vec<Totals>,
    /// What each span adds to the trace's totals, so that the contributions of a subtree sum
    /// to its total: a whole model call sits on exactly one span (a wrapper carries its call
    /// and the spans inside it carry nothing), and an agent that restates its children adds
    /// only what exceeds them. Usage reports group these by model, agent, day…
    pub contribution: Vec<Totals>,
    pub trace: Totals,
}

/// `a - b`, field by field, for a subtree total and the sum of its children (never negative
/// outside wrappers, see `rollup`; clamped anyway).
fn minus(a: &Totals, b: &Totals) -> Totals {
    let cost = match (a.cost_usd, b.cost_usd) {
        (None, _) => None,
        (Some(x), y) => {
            Some((((x - y.unwrap_or(0.0)) * 1e12).round() / 1e12).max(0.0)).filter(|c| *c > 0.0)
        }
    };
    Totals {
        input_tokens: a.input_tokens.saturating_sub(b.input_tokens),
        output_tokens: a.output_tokens.saturating_sub(b.output_tokens),
        total_tokens: a.total_tokens.saturating_sub(b.total_tokens),
        cache_read_tokens: a.cache_read_tokens.saturating_sub(b.cache_read_tokens),
        cache_write_tokens: a.cache_write_tokens.saturating_sub(b.cache_write_tokens),
        reasoning_tokens: a.reasoning_tokens.saturating_sub(b.reasoning_tokens),
        cost_estimated: a.cost_estimated && cost.is_some(),
        cost_usd: cost,
        llm_count: a.llm_count.saturating_sub(b.llm_count),
    }
}

/// True for an LLM span that wraps other LLM calls (the first rule of `combine`).
fn is_wrapper<T: Metered>(span: &T, below: &Totals) -> bool {
    span.kind() == SpanKind::Llm && below.llm_count > 0
}

fn has_usage(t: &Totals) -> bool {
    t.input_tokens + t.output_tokens + t.total_tokens + t.cache_read_tokens + t.cache_write_tokens
        > 0
        || t.cost_usd.is_some()
}

/// One span's subtree total from its own numbers and its children's sum.
fn combine<T: Metered>(span: &T, below: &Totals) -> Totals {
    let usage = span.usage();
    let cost = span.cost();
    let own_reports = !usage.is_empty() || cost.is_some();
    let is_llm = span.kind() == SpanKind::Llm;
    let total_of = |u: &Usage| u.total();

    let pick = |own: Option<u64>, below: u64| own.map_or(below, |v| v.max(below));

    if is_llm && below.llm_count > 0 {
        // A wrapper around the same call: its numbers win, the inner span fills the gaps.
        let fill = |own: Option<u64>, inner: u64| own.unwrap_or(inner);
        let (cost_usd, cost_estimated) = match cost {
            Some((c, src)) => (Some(c), src == CostSource::Estimated),
            None => (below.cost_usd, below.cost_estimated),
        };
        return Totals {
            input_tokens: fill(usage.input_tokens, below.input_tokens),
            output_tokens: fill(usage.output_tokens, below.output_tokens),
            total_tokens: fill(total_of(&usage), below.total_tokens),
            cache_read_tokens: fill(usage.cache_read_tokens, below.cache_read_tokens),
            cache_write_tokens: fill(usage.cache_write_tokens, below.cache_write_tokens),
            reasoning_tokens: fill(usage.reasoning_tokens, below.reasoning_tokens),
            cost_usd,
            cost_estimated,
            llm_count: 1,
        };
    }

    if !own_reports {
        let mut out = *below;
        out.llm_count += u64::from(is_llm);
        return out;
    }

    if !has_usage(below) {
        // A leaf call (or a span whose children report nothing): its own numbers, plus what is
        // below (only call counts, since nothing below reports usage).
        let (cost_usd, cost_estimated) = match cost {
            Some((c, src)) => (Some(c), src == CostSource::Estimated),
            None => (None, false),
        };
        return Totals {
            input_tokens: usage.input_tokens.unwrap_or(0),
            output_tokens: usage.output_tokens.unwrap_or(0),
            total_tokens: total_of(&usage).unwrap_or(0),
            cache_read_tokens: usage.cache_read_tokens.unwrap_or(0),
            cache_write_tokens: usage.cache_write_tokens.unwrap_or(0),
            reasoning_tokens: usage.reasoning_tokens.unwrap_or(0),
            cost_usd,
            cost_estimated,
            llm_count: below.llm_count + u64::from(is_llm),
        };
    }

    // Usage here and below: a restatement of (part of) the children. Per field, the larger.
    let (cost_usd, cost_estimated) = match (cost, below.cost_usd) {
        (Some((c, src)), Some(b)) if c > b => (Some(c), src == CostSource::Estimated),
        (Some((c, src)), None) => (Some(c), src == CostSource::Estimated),
        _ => (below.cost_usd, below.cost_estimated),
    };
    Totals {
        input_tokens: pick(usage.input_tokens, below.input_tokens),
        output_tokens: pick(usage.output_tokens, below.output_tokens),
        total_tokens: pick(total_of(&usage), below.total_tokens),
        cache_read_tokens: pick(usage.cache_read_tokens, below.cache_read_tokens),
        cache_write_tokens: pick(usage.cache_write_tokens, below.cache_write_tokens),
        reasoning_tokens: pick(usage.reasoning_tokens, below.reasoning_tokens),
        cost_usd,
        cost_estimated,
        llm_count: below.llm_count + u64::from(is_llm),
    }
}

/// Rolls usage up the tree (iteratively: deep traces cannot overflow the stack).
pub fn rollup<T: Metered>(tree: &SpanTree<T>) -> Rollup {
    let spans = tree.spans();
    let walk = tree.walk();
    // parent_entry[k]: the walk entry that is entry k's parent, found with a depth stack.
    let mut parent_entry: Vec<Option<usize>> = Vec::with_capacity(walk.len());
    let mut stack: Vec<usize> = Vec::new();
    for (k, e) in walk.iter().enumerate() {
        stack.truncate(e.depth);
        parent_entry.push(stack.last().copied());
        stack.push(k);
    }
    let mut below = vec![Totals::default(); walk.len()];
    let mut subtree = vec![Totals::default(); spans.len()];
    let mut trace = Totals::default();
    for k in (0..walk.len()).rev() {
        let total = match walk[k].node {
            Node::Span { index, .. } => {
                let t = combine(&spans[index], &below[k]);
                subtree[index] = t;
                t
            }
            Node::MissingParent(_) => below[k],
        };
        match parent_entry[k] {
            Some(p) => below[p].add(&total),
            None => trace.add(&total),
        }
    }

    // Contributions, top-down: inside a wrapper everything is the wrapper's; elsewhere a span
    // adds what its subtree holds beyond its children's.
    let mut contribution = vec![Totals::default(); spans.len()];
    let mut wrapped: Vec<bool> = Vec::new();
    for (k, e) in walk.iter().enumerate() {
        wrapped.truncate(e.depth);
        let inside = wrapped.last().copied().unwrap_or(false);
        let Node::Span { index, .. } = e.node else {
            wrapped.push(inside);
            continue;
        };
        let wrapper = !inside && is_wrapper(&spans[index], &below[k]);
        if !inside {
            contribution[index] = if wrapper {
                subtree[index]
            } else {
                minus(&subtree[index], &below[k])
            };
        }
        wrapped.push(inside || wrapper);
    }
    Rollup {
        subtree,
        contribution,
        trace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_span;

    fn llm(id: u8, parent: Option<u8>, input: u64, output: u64) -> Span {
        let mut s = test_span(1, id, parent, "llm", i64::from(id), 100);
        s.kind = SpanKind::Llm;
        s.input_tokens = Some(input);
        s.output_tokens = Some(output);
        s
    }

    fn node(id: u8, parent: Option<u8>, kind: SpanKind) -> Span {
        let mut s = test_span(1, id, parent, "node", i64::from(id), 100);
        s.kind = kind;
        s
    }

    fn totals(spans: &[Span]) -> Totals {
        rollup(&SpanTree::build(spans)).trace
    }

    /// The Catalyst fixture's shape: a root agent restating part of its calls (139/55), a
    /// nested Anthropic call inside Catalyst's own LLM span, and a failed call without tokens.
    #[test]
    fn catalyst_shape_counts_each_call_once() {
        let mut root = node(1, None, SpanKind::Agent);
        root.input_tokens = Some(139);
        root.output_tokens = Some(55);
        root.total_tokens = Some(194);
        let spans = vec![
            root,
            llm(2, Some(1), 42, 17),
            node(3, Some(1), SpanKind::Tool),
            node(4, Some(1), SpanKind::Agent),
            llm(5, Some(4), 60, 21),
            llm(6, Some(5), 60, 21),
            node(7, Some(4), SpanKind::Tool),
            llm(8, Some(1), 42, 17),
            llm(9, Some(1), 42, 17),
            llm(10, Some(1), 30, 10),
            node(11, Some(1), SpanKind::Llm),
        ];
        let t = totals(&spans);
        assert_eq!(
            (t.input_tokens, t.output_tokens),
            (42 * 3 + 30 + 60, 17 * 3 + 10 + 21)
        );
        assert_eq!(t.total_tokens, 216 + 82);
        assert_eq!(t.llm_count, 6, "five calls with tokens and one failed call");
    }

    /// The GenAI fixture's shape: an agent that reports exactly its chat calls' sum.
    #[test]
    fn an_agent_restating_its_children_adds_nothing() {
        let mut agent = node(2, Some(1), SpanKind::Agent);
        agent.input_tokens = Some(126);
        agent.output_tokens = Some(51);
        let mut embed = node(6, Some(2), SpanKind::Embedding);
        embed.input_tokens = Some(5);
        let spans = vec![
            node(1, None, SpanKind::Chain),
            agent,
            llm(3, Some(2), 42, 17),
            llm(4, Some(2), 42, 17),
            llm(5, Some(2), 42, 17),
            embed,
        ];
        let r = rollup(&SpanTree::build(&spans));
        assert_eq!(
            (
                r.trace.input_tokens,
                r.trace.output_tokens,
                r.trace.llm_count
            ),
            (131, 51, 3)
        );
        assert_eq!(
            r.subtree[1].input_tokens, 131,
            "the agent's ∑ is its children's, not 126 + 131"
        );
        assert_eq!(r.subtree[2].input_tokens, 42);
    }

    /// Cascade: the wrapper reports 55 input and a cost; the Anthropic SDK span inside reports
    /// 60 (cache included) and a cache read. One call: the wrapper's numbers, the gap filled.
    #[test]
    fn a_wrapper_keeps_its_numbers_and_reported_cost() {
        let mut outer = llm(1, None, 55, 21);
        outer.cost_usd = Some(0.000128);
        outer.cost_source = Some(CostSource::Reported);
        let mut inner = llm(2, Some(1), 60, 21);
        inner.cache_read_tokens = Some(5);
        inner.cost_usd = Some(0.000132);
        inner.cost_source = Some(CostSource::Estimated);
        let t = totals(&[outer, inner]);
        assert_eq!(
            (t.input_tokens, t.output_tokens, t.cache_read_tokens),
            (55, 21, 5)
        );
        assert_eq!(
            (t.cost_usd, t.cost_estimated, t.llm_count),
            (Some(0.000128), false, 1)
        );
    }

    #[test]
    fn costs_add_up_and_remember_estimates() {
        let mut a = llm(2, Some(1), 10, 1);
        a.cost_usd = Some(0.25);
        a.cost_source = Some(CostSource::Reported);
        let mut b = llm(3, Some(1), 10, 1);
        b.cost_usd = Some(0.5);
        b.cost_source = Some(CostSource::Estimated);
        let t = totals(&[node(1, None, SpanKind::Agent), a, b, llm(4, Some(1), 1, 1)]);
        assert_eq!(
            (t.cost_usd, t.cost_estimated, t.llm_count),
            (Some(0.75), true, 3)
        );
        assert_eq!(
            totals(&[llm(1, None, 1, 1)]).cost_usd,
            None,
            "no cost anywhere stays unknown"
        );
    }

    /// Contributions of every shape sum back to the trace's totals, and put each call on one
    /// span.
    #[test]
    fn contributions_sum_to_the_totals_and_sit_on_the_calls() {
        let mut agent = node(1, None, SpanKind::Agent);
        agent.input_tokens = Some(200);
        let mut outer = llm(3, Some(1), 55, 21);
        outer.cost_usd = Some(0.5);
        outer.cost_source = Some(CostSource::Reported);
        let spans = vec![
            agent,
            llm(2, Some(1), 42, 17),
            outer,
            llm(4, Some(3), 60, 21),
            node(5, Some(1), SpanKind::Tool),
        ];
        let r = rollup(&SpanTree::build(&spans));
        let mut sum = Totals::default();
        for c in &r.contribution {
            sum.add(c);
        }
        assert_eq!(sum, r.trace);
        let inputs: Vec<u64> = r.contribution.iter().map(|c| c.input_tokens).collect();
        assert_eq!(
            inputs,
            [200 - 97, 42, 55, 0, 0],
            "the agent's excess, the calls, nothing inside the wrapper"
        );
        let calls: Vec<u64> = r.contribution.iter().map(|c| c.llm_count).collect();
        assert_eq!(calls, [0, 1, 1, 0, 0]);
        assert_eq!(r.contribution[2].cost_usd, Some(0.5));
    }

    #[test]
    fn orphans_and_cycles_still_count() {
        let spans = vec![
            llm(1, Some(9), 5, 5),
            llm(2, Some(3), 1, 1),
            llm(3, Some(2), 2, 2),
        ];
        let t = totals(&spans);
        assert_eq!(
            t.input_tokens,
            5 + 1,
            "the cycle's lifted top wraps its partner: one call"
        );
        assert_eq!(t.llm_count, 2);
    }
}
