//! Two traces compared (`canopy trace diff`), as a merged tree for people. Which span is which
//! is decided in `model::diff`; this draws it.
//!
//! ```text
//! a  0a87607ca2d6  travel-planner.run  165ms  11 spans  194 tok  ~$0.000204  1 error
//! b  5d1e00c2b7aa  travel-planner.run  240ms  11 spans  230 tok  ~$0.00025  2 errors
//! 1 added · 1 removed · 2 changed · 1 slower · 7 same
//!
//!   travel-planner.run  AGENT  165ms → 240ms +45%       context: an ancestor of a change
//! ~ ├── chat  LLM  gpt-4o-mini  13.6ms  59 → 95 tok  …  changed: the fields that differ, a → b
//! │       --- a/9a74… input                             with --io, the payloads' unified diff
//! - ├── get_weather  TOOL  58.4µs                       removed (only in A), subtree and all
//! + └── search_web  TOOL  1.20ms                        added (only in B)
//! ```
//!
//! Without `all`, only spans that were added, removed or changed, or whose duration changed
//! notably (`model::diff::Timing`), are shown, with their ancestors for context. The forms for
//! scripts (rows for a pipe, JSON) are in `diff_rows`.

use super::diff_io;
use super::facts::{self, cost_text, tokens_text};
use super::symbols::Symbols;
use super::text::{self, duration, sanitize, short_id, truncate, width};
use crate::model::diff::{Change, Counts, Diff, Row, Timing, percent};
use crate::model::{Span, SpanKind, Trace, TraceSummary};
use crate::ui::Styles;
use owo_colors::{OwoColorize, Style};

/// Columns of a name or error kept when a line is cut to the width.
const MIN_TEXT: usize = 12;

pub struct DiffViewOptions<'a> {
    pub styles: &'a Styles,
    pub symbols: &'a Symbols,
    /// Cut lines to this many columns (terminals); `None` keeps them whole.
    pub width: Option<usize>,
    /// Show every span, not only the differences and their ancestors.
    pub all: bool,
    /// Show the unified diff of changed payloads.
    pub io: bool,
}

/// A row is worth a line of its own: it differs, or its duration changed notably.
pub(super) fn notable(r: &Row) -> bool {
    r.change != Change::Same || matches!(r.timing, Some(Timing::Slower | Timing::Faster))
}

/// Which rows to draw (notable ones and their ancestors, or all) and, for each, whether it is
/// the last drawn among its siblings.
fn shown(diff: &Diff, all: bool) -> (Vec<bool>, Vec<bool>) {
    let n = diff.rows.len();
    let mut visible = vec![all; n];
    if !all {
        for (i, r) in diff.rows.iter().enumerate() {
            if notable(r) {
                let mut at = Some(i);
                while let Some(k) = at.filter(|&k| !visible[k]) {
                    visible[k] = true;
                    at = diff.rows[k].parent;
                }
            }
        }
    }
    // Walking backwards, the first visible child met for a parent is its last one.
    let mut last = vec![false; n];
    let mut has_later = std::collections::HashSet::new();
    for i in (0..n).rev().filter(|&i| visible[i]) {
        last[i] = has_later.insert(diff.rows[i].parent);
    }
    (visible, last)
}

/// `a  0a87607ca2d6  travel-planner.run  165ms  11 spans  194 tok  ~$0.0002  1 error`.
fn trace_line(label: &str, t: &TraceSummary, styles: &Styles) -> String {
    let mut parts = vec![
        label.style(styles.header).to_string(),
        short_id(&t.trace_id.to_hex()).style(styles.id).to_string(),
        sanitize(&t.root_name).style(styles.span_name).to_string(),
        duration(t.duration_ns).style(styles.duration).to_string(),
        text::count(t.span_count, "span"),
    ];
    if t.totals.total_tokens > 0 {
        parts.push(
            tokens_text(t.totals.total_tokens)
                .style(styles.tokens)
                .to_string(),
        );
    }
    if let Some(c) = t.totals.cost_usd {
        parts.push(
            cost_text((c, t.totals.cost_estimated))
                .style(styles.cost)
                .to_string(),
        );
    }
    if t.error_count > 0 {
        parts.push(
            text::count(t.error_count, "error")
                .style(styles.error)
                .to_string(),
        );
    }
    parts.join("  ")
}

/// The counts in one line: `1 added · 2 changed · 1 slower · 7 same`.
pub fn counts_line(c: &Counts, identical: bool, dot: &str) -> String {
    if identical && c.slower + c.faster == 0 {
        return format!(
            "no differences: {} in both",
            text::count(c.same as u64, "span")
        );
    }
    let parts: Vec<String> = [
        (c.added, "added"),
        (c.removed, "removed"),
        (c.changed, "changed"),
        (c.slower, "slower"),
        (c.faster, "faster"),
        (c.same, "same"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    format!(
        "{}{}",
        if identical {
            "no differences in structure, status, model, tokens or cost; "
        } else {
            ""
        },
        parts.join(&format!(" {dot} "))
    )
}

/// The merged tree with a header, for a terminal.
pub fn render(a: &Trace, b: &Trace, diff: &Diff, opts: &DiffViewOptions) -> Vec<String> {
    let s = opts.styles;
    let mut out = vec![
        trace_line("a", &a.summary, s),
        trace_line("b", &b.summary, s),
        counts_line(&diff.counts(), diff.is_identical(), opts.symbols.dot),
    ];
    let (visible, last) = shown(diff, opts.all);
    if !visible.contains(&true) {
        return out;
    }
    out.push(String::new());
    let sym = opts.symbols;
    // guides[d]: the guide drawn at depth d for rows below the current one at depth d.
    let mut guides: Vec<&str> = Vec::new();
    for (i, r) in diff.rows.iter().enumerate().filter(|(i, _)| visible[*i]) {
        guides.truncate(r.depth.saturating_sub(1));
        let mut prefix = guides.concat();
        if r.depth > 0 {
            prefix.push_str(if last[i] { sym.last } else { sym.tee });
        }
        out.push(row_line(r, &a.spans, &b.spans, &prefix, opts));
        let below = if r.depth == 0 || last[i] {
            sym.blank
        } else {
            sym.pipe
        };
        if opts.io
            && r.changes.io
            && let (Some(x), Some(y)) = (r.a, r.b)
        {
            let has_children = diff.rows[i + 1..]
                .iter()
                .enumerate()
                .take_while(|(_, n)| n.depth > r.depth)
                .any(|(k, n)| n.parent == Some(i) && visible[i + 1 + k]);
            let indent = format!(
                "  {}{}{}  ",
                guides.concat(),
                if r.depth > 0 { below } else { "" },
                if has_children { sym.pipe } else { sym.blank }
            );
            for d in diff_io::diffs(&a.spans[x], &b.spans[y]) {
                out.extend(diff_io::lines(&d, &indent, s));
            }
        }
        if r.depth > 0 {
            guides.push(below);
        }
    }
    out
}

/// `old → new`, or just the value when both are the same.
fn arrow(a: &str, b: &str, sym: &Symbols) -> String {
    if a == b {
        b.to_string()
    } else {
        format!("{a} {} {b}", sym.call)
    }
}

fn or_dash(s: Option<String>) -> String {
    s.unwrap_or_else(|| "-".into())
}

fn row_line(r: &Row, a: &[Span], b: &[Span], prefix: &str, opts: &DiffViewOptions) -> String {
    let s = opts.styles;
    let sym = opts.symbols;
    let (marker, mark_style) = match r.change {
        Change::Same => (" ", Style::new()),
        Change::Changed => ("~", s.warn),
        Change::Added => ("+", s.ok),
        Change::Removed => ("-", s.error),
    };
    let one =
        r.b.map(|k| &b[k])
            .or(r.a.map(|k| &a[k]))
            .expect("a row has a span");
    let name_style = match r.change {
        Change::Added | Change::Removed => mark_style,
        _ => s.span_name,
    };
    let name = if one.name.is_empty() {
        "(unnamed)".to_string()
    } else {
        sanitize(&one.name)
    };
    // (plain, styled, drop rank) facts after the name: on a narrow terminal, unchanged facts go
    // first (highest rank first); the kind, the duration and every change stay.
    let mut parts: Vec<(String, String, u8)> = Vec::new();
    let mut part = |plain: String, style: Style, drop: u8| {
        let styled = plain.style(style).to_string();
        parts.push((plain, styled, drop));
    };
    if one.kind != SpanKind::Unknown {
        part(one.kind.as_str().to_string(), s.kind(one.kind), 0);
    }
    let error = match (r.a.map(|k| &a[k]), r.b.map(|k| &b[k])) {
        (Some(x), Some(y)) => {
            let c = &r.changes;
            let model = |m: &Option<String>| m.as_deref().map(sanitize);
            if c.model {
                part(
                    arrow(&or_dash(model(&x.model)), &or_dash(model(&y.model)), sym),
                    s.warn,
                    0,
                );
            } else if let Some(m) = model(&y.model) {
                part(m, s.model, 3);
            }
            let (dx, dy) = (x.duration_ns(), y.duration_ns());
            let mut d = arrow(&duration(dx), &duration(dy), sym);
            if let Some(p) = percent(dx as f64, dy as f64).filter(|_| duration(dx) != duration(dy))
            {
                d.push_str(&format!(" {p:+.0}%"));
            }
            let d_style = match r.timing {
                Some(Timing::Slower) => s.slow,
                Some(Timing::Faster) => s.ok,
                _ => s.duration,
            };
            part(d, d_style, 0);
            let tok = |sp: &Span| facts::own_tokens(sp).map(text::tokens);
            if c.tokens {
                part(
                    format!("{} tok", arrow(&or_dash(tok(x)), &or_dash(tok(y)), sym)),
                    s.warn,
                    0,
                );
            } else if let Some(t) = facts::own_tokens(y) {
                part(tokens_text(t), s.tokens, 1);
            }
            let cost = |sp: &Span| facts::own_cost(sp).map(cost_text);
            if c.cost {
                part(arrow(&or_dash(cost(x)), &or_dash(cost(y)), sym), s.warn, 0);
            } else if let Some(t) = cost(y) {
                part(t, s.cost, 2);
            }
            if c.status {
                let st = |sp: &Span| if sp.is_error() { "error" } else { "ok" };
                part(format!("status {}", arrow(st(x), st(y), sym)), s.error, 0);
            }
            if c.io {
                part("io differs".into(), s.warn, 0);
            }
            facts::error_line(y)
        }
        _ => {
            if let Some(m) = one.model.as_deref() {
                part(sanitize(m), s.model, 3);
            }
            part(duration(one.duration_ns()), s.duration, 0);
            if let Some(t) = facts::own_tokens(one) {
                part(tokens_text(t), s.tokens, 1);
            }
            if let Some(c) = facts::own_cost(one) {
                part(cost_text(c), s.cost, 2);
            }
            facts::error_line(one)
        }
    };
    let mut error = error.map(|e| format!("{} {}", sym.error, sanitize(&e)));
    let mut name = name;
    if let Some(max) = opts.width {
        let fixed = |parts: &[(String, String, u8)]| {
            2 + width(prefix) + parts.iter().map(|p| 2 + width(&p.0)).sum::<usize>()
        };
        let stub = error.as_deref().map_or(0, |e| 2 + width(e).min(MIN_TEXT));
        while fixed(&parts) + width(&name) + stub > max {
            let Some(worst) = (0..parts.len())
                .filter(|&i| parts[i].2 > 0)
                .max_by_key(|&i| (parts[i].2, i))
            else {
                break;
            };
            parts.remove(worst);
        }
        let fixed = fixed(&parts);
        if let Some(e) = &error {
            let room = max.saturating_sub(fixed + width(&name) + 2).max(MIN_TEXT);
            error = Some(truncate(e, room));
        }
        let err_w = error.as_deref().map_or(0, |e| 2 + width(e));
        name = truncate(&name, max.saturating_sub(fixed + err_w).max(MIN_TEXT));
    }
    let mut line = format!("{} ", marker.style(mark_style));
    if !prefix.is_empty() {
        line.push_str(&prefix.style(s.guide).to_string());
    }
    line.push_str(&name.style(name_style).to_string());
    for (_, styled, _) in &parts {
        line.push_str("  ");
        line.push_str(styled);
    }
    if let Some(e) = error {
        line.push_str(&format!("  {}", e.style(s.error)));
    }
    line
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
