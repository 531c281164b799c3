//! The span tree, as lines.
//!
//! ```text
//! travel-planner.run  AGENT  1.52s  ∑ 2.1k tok ~$0.0042       ∑: subtree totals, shown only
//! ├── chat  LLM  gpt-4o  13.5ms  59 tok ~$0.0004                  where they differ from own
//! ├── weather-researcher.run  AGENT  25.0ms  ∑ 76 tok
//! │   └── lookup_forecast  TOOL  1.20ms  ✗ ValueError: down
//! │   ^^^^ one guide per ancestor below the top: "│   " while that ancestor has later
//! │        siblings, "    " once it was the last of them
//! ├── fetch_page  TOOL  × 37 similar  p50 12ms  max 80ms        a folded run (see outline)
//! └── refund  TOOL  3.00ms  +4 below                             children cut by --depth
//! ```
//!
//! Which rows appear is decided by [`super::outline`]. Guides past [`MAX_GUIDES`] levels are
//! replaced by a `[depth N]` marker so a 10,000-deep trace still prints lines of bounded length.
//!
//! On a terminal a line is cut to the width: optional facts go first (model, then ∑, cost,
//! tokens, the hidden count), then the name shrinks (never below [`MIN_TEXT`]) while the error
//! keeps a readable stub. Piped, lines are whole.

use owo_colors::{OwoColorize, Style};

use super::facts::{self, cost_text, tokens_text};
use super::outline::{self, Forest, OutlineOptions, RowKind};
use super::symbols::Symbols;
use super::text::{duration, sanitize, truncate, width};
use crate::model::{Span, SpanKind, SpanTree, Totals};
use crate::ui::Styles;

/// Columns of a name or error kept when a line is cut to the terminal width.
const MIN_TEXT: usize = 12;

/// Guide columns drawn before switching to a `[depth N]` marker.
pub const MAX_GUIDES: usize = 48;

pub struct TreeOptions<'a> {
    pub styles: &'a Styles,
    pub symbols: &'a Symbols,
    /// Cut lines to this many columns (terminals); `None` keeps them whole (pipes).
    pub width: Option<usize>,
    pub outline: OutlineOptions,
}

pub fn render(tree: &SpanTree, opts: &TreeOptions) -> Vec<String> {
    let spans = tree.spans();
    let forest = Forest::build(tree);
    let rows = outline::rows(&forest, spans, &opts.outline);
    let sums = facts::subtrees(tree);
    let sym = opts.symbols;
    let mut lines = Vec::with_capacity(rows.len());
    // last[d]: whether the most recent row at depth d was the last of its siblings.
    let mut last: Vec<bool> = Vec::new();
    for row in &rows {
        last.truncate(row.depth);
        let mut prefix = String::new();
        if row.depth > 0 {
            let ancestors = &last[1..row.depth];
            if ancestors.len() > MAX_GUIDES {
                prefix.push_str(&format!("[depth {}] ", row.depth));
            } else {
                for &was_last in ancestors {
                    prefix.push_str(if was_last { sym.blank } else { sym.pipe });
                }
            }
            prefix.push_str(if row.is_last { sym.last } else { sym.tee });
        }
        last.push(row.is_last);

        let hidden = (row.hidden > 0).then(|| format!("+{} below", row.hidden));
        let line = match &row.kind {
            RowKind::Missing(parent) => {
                let text = format!("{} missing parent {}", sym.missing, parent.to_hex());
                let mut line = Line::new(&prefix, text, opts.styles.warn);
                line.part(hidden, opts.styles.dim, 1);
                line.finish(opts)
            }
            RowKind::Span { index, cycle } => {
                span_line(&spans[*index], &sums[*index], *cycle, &prefix, hidden, opts)
            }
            RowKind::Similar { members } => {
                similar_line(spans, &sums, members, &prefix, hidden, opts)
            }
        };
        lines.push(line);
    }
    lines
}

fn name_of(span: &Span) -> String {
    if span.name.is_empty() {
        "(unnamed)".to_string()
    } else {
        sanitize(&span.name)
    }
}

fn kind_of(span: &Span) -> Option<&'static str> {
    (span.kind != SpanKind::Unknown).then(|| span.kind.as_str())
}

/// `∑ 2.1k tok ~$0.0042`, plain and styled.
fn sum_part(
    (tokens, cost): (Option<u64>, Option<(f64, bool)>),
    opts: &TreeOptions,
) -> (String, String) {
    let s = opts.styles;
    let mut plain = opts.symbols.sum.to_string();
    let mut styled = opts.symbols.sum.style(s.dim).to_string();
    if let Some(t) = tokens {
        let t = tokens_text(t);
        plain.push_str(&format!(" {t}"));
        styled.push_str(&format!(" {}", t.style(s.tokens)));
    }
    if let Some(c) = cost {
        let c = cost_text(c);
        plain.push_str(&format!(" {c}"));
        styled.push_str(&format!(" {}", c.style(s.cost)));
    }
    (plain, styled)
}

fn span_line(
    span: &Span,
    sum: &Totals,
    cycle: bool,
    prefix: &str,
    hidden: Option<String>,
    opts: &TreeOptions,
) -> String {
    let s = opts.styles;
    let mut line = Line::new(prefix, name_of(span), s.span_name);
    line.part(kind_of(span).map(str::to_string), s.kind(span.kind), 0);
    line.part(span.model.as_deref().map(sanitize), s.model, 5);
    line.part(Some(duration(span.duration_ns())), s.duration, 0);
    line.part(facts::own_tokens(span).map(tokens_text), s.tokens, 2);
    line.part(facts::own_cost(span).map(cost_text), s.cost, 3);
    if let Some(parts) = facts::sum_if_different(span, sum) {
        let (plain, styled) = sum_part(parts, opts);
        line.styled_part(plain, styled, 4);
    }
    line.part(
        cycle.then(|| format!("{} parent cycle", opts.symbols.cycle)),
        s.warn,
        0,
    );
    line.part(hidden, s.dim, 1);
    line.error =
        facts::error_line(span).map(|m| format!("{} {}", opts.symbols.error, sanitize(&m)));
    line.finish(opts)
}

fn similar_line(
    spans: &[Span],
    sums: &[Totals],
    members: &[usize],
    prefix: &str,
    hidden: Option<String>,
    opts: &TreeOptions,
) -> String {
    let s = opts.styles;
    let first = &spans[members[0]];
    let (p50, max) = outline::p50_max(members.iter().map(|&m| spans[m].duration_ns()).collect());
    let mut total = Totals::default();
    for &m in members {
        facts::add(&mut total, &sums[m]);
    }
    let mut line = Line::new(prefix, name_of(first), s.span_name);
    line.part(kind_of(first).map(str::to_string), s.kind(first.kind), 0);
    line.part(
        Some(format!("{} {} similar", opts.symbols.times, members.len())),
        s.header,
        0,
    );
    line.part(Some(format!("p50 {}", duration(p50))), s.duration, 0);
    line.part(Some(format!("max {}", duration(max))), s.duration, 0);
    if let Some(parts) = facts::sum_parts(&total) {
        let (plain, styled) = sum_part(parts, opts);
        line.styled_part(plain, styled, 4);
    }
    line.part(hidden, s.dim, 1);
    line.finish(opts)
}

/// A line being built: guides, a name, `"  "`-separated facts, and an error at the end.
struct Line<'p> {
    prefix: &'p str,
    name: String,
    name_style: Style,
    /// (plain text for measuring, styled text, drop rank: 0 never, higher goes first).
    parts: Vec<(String, String, u8)>,
    error: Option<String>,
}

impl<'p> Line<'p> {
    fn new(prefix: &'p str, name: String, name_style: Style) -> Line<'p> {
        Line {
            prefix,
            name,
            name_style,
            parts: Vec::new(),
            error: None,
        }
    }

    fn part(&mut self, text: Option<String>, style: Style, drop: u8) {
        if let Some(t) = text {
            let styled = t.style(style).to_string();
            self.parts.push((t, styled, drop));
        }
    }

    fn styled_part(&mut self, plain: String, styled: String, drop: u8) {
        self.parts.push((plain, styled, drop));
    }

    fn finish(mut self, opts: &TreeOptions) -> String {
        let styles = opts.styles;
        if let Some(max) = opts.width {
            self.fit(max);
        }
        let mut line = String::new();
        if !self.prefix.is_empty() {
            line.push_str(&self.prefix.style(styles.guide).to_string());
        }
        line.push_str(&self.name.style(self.name_style).to_string());
        for (_, styled, _) in &self.parts {
            line.push_str("  ");
            line.push_str(styled);
        }
        if let Some(e) = &self.error {
            line.push_str(&format!("  {}", e.style(styles.error)));
        }
        line
    }

    /// Drops optional facts, then cuts the name and the error, to fit `max` columns.
    fn fit(&mut self, max: usize) {
        let name_w = width(&self.name);
        let name_min = name_w.min(MIN_TEXT);
        let err_stub = self
            .error
            .as_deref()
            .map_or(0, |e| 2 + width(e).min(MIN_TEXT));
        let fixed = |parts: &[(String, String, u8)]| {
            width(self.prefix) + parts.iter().map(|p| 2 + width(&p.0)).sum::<usize>()
        };
        while fixed(&self.parts) + name_w + err_stub > max {
            let Some(worst) = (0..self.parts.len())
                .filter(|&i| self.parts[i].2 > 0)
                .max_by_key(|&i| (self.parts[i].2, i))
            else {
                break;
            };
            self.parts.remove(worst);
        }
        let fixed = fixed(&self.parts);
        if let Some(e) = &self.error {
            // The whole name wins while the error still gets a readable stub; past that the
            // name shrinks (not below MIN_TEXT) to give the error room.
            let readable = width(e).min(MIN_TEXT);
            let room_full = max.saturating_sub(fixed + name_w + 2);
            let room = if room_full >= readable {
                room_full
            } else {
                max.saturating_sub(fixed + name_min + 2).min(readable)
            };
            self.error = Some(truncate(e, room.max(1)));
        }
        let err_w = self.error.as_deref().map_or(0, |e| 2 + width(e));
        self.name = truncate(
            &self.name,
            max.saturating_sub(fixed + err_w).max(name_min.max(1)),
        );
    }
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
