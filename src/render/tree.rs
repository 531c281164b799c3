//! The span tree, as lines.
//!
//! ```text
//! travel-planner.run  AGENT  1.52s          depth 0: no guide
//! ├── OpenAI Chat Completions  LLM  13.5ms  depth 1: own connector only
//! ├── weather-researcher.run  AGENT  25.0ms
//! │   └── lookup_forecast  TOOL  1.20ms  ✗ ValueError: down
//! │   ^^^^ one guide per ancestor below the top: "│   " while that ancestor has later
//! │        siblings, "    " once it was the last of them
//! └── refund  TOOL  3.00ms
//! ```
//!
//! Guides past [`MAX_GUIDES`] levels are replaced by a `[depth N]` marker so a 10,000-deep
//! trace still prints lines of bounded length.

use owo_colors::OwoColorize;

use super::text::{duration, sanitize, truncate, width};
use crate::model::{Node, Span, SpanKind, SpanTree};
use crate::ui::Styles;

/// Columns of a name or error kept when a line is cut to the terminal width.
const MIN_TEXT: usize = 12;

/// Guide columns drawn before switching to a `[depth N]` marker.
pub const MAX_GUIDES: usize = 48;

/// Line-drawing characters.
#[derive(Debug, Clone, Copy)]
pub struct Symbols {
    pub tee: &'static str,
    pub last: &'static str,
    pub pipe: &'static str,
    pub blank: &'static str,
    pub error: &'static str,
    pub missing: &'static str,
    pub cycle: &'static str,
}

pub static UTF8: Symbols = Symbols {
    tee: "├── ",
    last: "└── ",
    pipe: "│   ",
    blank: "    ",
    error: "✗",
    missing: "⚠",
    cycle: "↻",
};

pub static ASCII: Symbols = Symbols {
    tee: "|-- ",
    last: "`-- ",
    pipe: "|   ",
    blank: "    ",
    error: "x",
    missing: "!",
    cycle: "@",
};

pub struct TreeOptions<'a> {
    pub styles: &'a Styles,
    pub symbols: &'a Symbols,
    /// Cut lines to this many columns (terminals); `None` keeps them whole (pipes).
    pub width: Option<usize>,
}

/// The error to show next to a span: its status message, else its first exception event.
pub fn error_text(span: &Span) -> Option<String> {
    if !span.is_error() {
        return None;
    }
    if let Some(m) = span
        .status
        .message
        .as_deref()
        .filter(|m| !m.trim().is_empty())
    {
        return Some(m.trim().to_string());
    }
    let event = span.events.iter().find(|e| e.name == "exception")?;
    let get = |k: &str| {
        event
            .attributes
            .get(k)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
    };
    match (get("exception.type"), get("exception.message")) {
        (Some(t), Some(m)) => Some(format!("{t}: {m}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

pub fn render(tree: &SpanTree, opts: &TreeOptions) -> Vec<String> {
    let styles = opts.styles;
    let sym = opts.symbols;
    let spans = tree.spans();
    let walk = tree.walk();
    let mut lines = Vec::with_capacity(walk.len());
    // last[d]: whether the most recent entry at depth d was the last of its siblings.
    let mut last: Vec<bool> = Vec::new();
    for entry in walk {
        last.truncate(entry.depth);
        let mut prefix = String::new();
        if entry.depth > 0 {
            let ancestors = &last[1..entry.depth];
            if ancestors.len() > MAX_GUIDES {
                prefix.push_str(&format!("[depth {}] ", entry.depth));
            } else {
                for &was_last in ancestors {
                    prefix.push_str(if was_last { sym.blank } else { sym.pipe });
                }
            }
            prefix.push_str(if entry.is_last { sym.last } else { sym.tee });
        }
        last.push(entry.is_last);

        let line = match entry.node {
            Node::MissingParent(parent) => {
                let text = format!("{} missing parent {}", sym.missing, parent.to_hex());
                format!("{}{}", guides(&prefix, styles), text.style(styles.warn))
            }
            Node::Span { index, cycle } => span_line(&spans[index], cycle, &prefix, opts),
        };
        lines.push(line);
    }
    lines
}

/// The guide prefix, styled (and empty for top-level lines, without stray escape codes).
fn guides(prefix: &str, styles: &Styles) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        prefix.style(styles.guide).to_string()
    }
}

fn span_line(span: &Span, cycle: bool, prefix: &str, opts: &TreeOptions) -> String {
    let styles = opts.styles;
    let mut name = sanitize(&span.name);
    if name.is_empty() {
        name = "(unnamed)".to_string();
    }
    let kind = (span.kind != SpanKind::Unknown).then(|| span.kind.as_str());
    let dur = duration(span.duration_ns());
    let cycle_note = cycle.then(|| format!("{} parent cycle", opts.symbols.cycle));
    let mut error = error_text(span).map(|m| format!("{} {}", opts.symbols.error, sanitize(&m)));
    if error.is_none() && span.is_error() {
        error = Some(format!("{} error", opts.symbols.error));
    }

    // Columns: prefix, name, then "  "-separated kind, duration, cycle note, error.
    if let Some(max) = opts.width {
        let fixed = width(prefix)
            + kind.map_or(0, |k| 2 + k.len())
            + 2
            + width(&dur)
            + cycle_note.as_deref().map_or(0, |c| 2 + width(c));
        let name_w = width(&name);
        let name_min = name_w.min(MIN_TEXT);
        if let Some(e) = &error {
            // The whole name wins while the error still gets a readable stub; past that the
            // name shrinks (not below MIN_TEXT) to give the error room.
            let readable = width(e).min(MIN_TEXT);
            let room_full = max.saturating_sub(fixed + name_w + 2);
            let room = if room_full >= readable {
                room_full
            } else {
                max.saturating_sub(fixed + name_min + 2).min(readable)
            };
            error = Some(truncate(e, room.max(1)));
        }
        let err_w = error.as_deref().map_or(0, |e| 2 + width(e));
        name = truncate(
            &name,
            max.saturating_sub(fixed + err_w).max(name_min.max(1)),
        );
    }

    let mut line = format!("{}{}", guides(prefix, styles), name.style(styles.span_name));
    if let Some(k) = kind {
        line.push_str(&format!("  {}", k.style(styles.kind(span.kind))));
    }
    line.push_str(&format!("  {}", dur.style(styles.duration)));
    if let Some(c) = cycle_note {
        line.push_str(&format!("  {}", c.style(styles.warn)));
    }
    if let Some(e) = error {
        line.push_str(&format!("  {}", e.style(styles.error)));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Span, StatusCode, test_span};

    fn spans() -> Vec<Span> {
        let mut root = test_span(1, 1, None, "travel-planner.run", 0, 1_520_000_000);
        root.kind = SpanKind::Agent;
        let mut llm = test_span(
            1,
            2,
            Some(1),
            "OpenAI Chat Completions",
            1_000_000,
            14_500_000,
        );
        llm.kind = SpanKind::Llm;
        let mut sub = test_span(
            1,
            3,
            Some(1),
            "weather-researcher.run",
            20_000_000,
            45_000_000,
        );
        sub.kind = SpanKind::Agent;
        let mut tool = test_span(1, 4, Some(3), "lookup_forecast", 21_000_000, 22_200_000);
        tool.kind = SpanKind::Tool;
        tool.status.code = StatusCode::Error;
        tool.events.push(Event {
            time: crate::model::Nanos(21_500_000),
            name: "exception".into(),
            attributes: serde_json::json!({"exception.type": "ValueError", "exception.message": "forecast service down"})
                .as_object()
                .unwrap()
                .clone(),
        });
        let plain = test_span(
            1,
            5,
            Some(1),
            "format \x1b[31manswer",
            50_000_000,
            53_000_000,
        );
        let orphan = test_span(1, 6, Some(9), "late-child", 60_000_000, 61_000_000);
        vec![root, llm, sub, tool, plain, orphan]
    }

    fn render_with(
        spans: &[Span],
        symbols: &Symbols,
        width: Option<usize>,
        styles: &Styles,
    ) -> String {
        let tree = SpanTree::build(spans);
        render(
            &tree,
            &TreeOptions {
                styles,
                symbols,
                width,
            },
        )
        .join("\n")
    }

    #[test]
    fn utf8_tree() {
        insta::assert_snapshot!(render_with(&spans(), &UTF8, None, &Styles::default()), @r"
        travel-planner.run  AGENT  1.52s
        ├── OpenAI Chat Completions  LLM  13.5ms
        ├── weather-researcher.run  AGENT  25.0ms
        │   └── lookup_forecast  TOOL  1.20ms  ✗ ValueError: forecast service down
        └── format \x1b[31manswer  3.00ms
        ⚠ missing parent 0909090909090909
        └── late-child  1.00ms
        ");
    }

    #[test]
    fn ascii_tree_cut_to_40_columns() {
        insta::assert_snapshot!(render_with(&spans(), &ASCII, Some(40), &Styles::default()), @r"
        travel-planner.run  AGENT  1.52s
        |-- OpenAI Chat Completions  LLM  13.5ms
        |-- weather-researcher.r…  AGENT  25.0ms
        |   `-- lookup_fore…  TOOL  1.20ms  x V…
        `-- format \x1b[31manswer  3.00ms
        ! missing parent 0909090909090909
        `-- late-child  1.00ms
        ");
    }

    #[test]
    fn colored_tree_styles_each_part() {
        let mut styles = Styles::default();
        styles.colorize();
        let out = render_with(&spans()[..2], &UTF8, None, &styles).replace('\x1b', "␛");
        insta::assert_snapshot!(out, @"
        ␛[1mtravel-planner.run␛[0m  ␛[94mAGENT␛[0m  ␛[36m1.52s␛[0m
        ␛[90m└── ␛[0m␛[1mOpenAI Chat Completions␛[0m  ␛[95mLLM␛[0m  ␛[36m13.5ms␛[0m
        ");
    }

    #[test]
    fn deep_trees_keep_lines_short() {
        let n = 200u64;
        let chain: Vec<Span> = (0..n)
            .map(|i| {
                let mut s = test_span(1, 0, None, "s", i as i64, i as i64 + 1);
                s.span_id = crate::model::SpanId((i + 1).to_be_bytes());
                s.parent_span_id = (i > 0).then(|| crate::model::SpanId(i.to_be_bytes()));
                s
            })
            .collect();
        let out = render_with(&chain, &UTF8, None, &Styles::default());
        let longest = out.lines().map(width).max().unwrap();
        assert!(longest < (MAX_GUIDES + 4) * 4 + 20, "{longest}");
        assert!(out.lines().last().unwrap().starts_with("[depth 199] └── s"));
    }
}
