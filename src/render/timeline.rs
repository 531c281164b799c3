//! The timeline: a waterfall of spans on one shared time axis.
//!
//! ```text
//!   SPAN                   START     DUR    SELF  0          41ms       82ms      165ms
//! ◆ travel-planner.run        0   165ms  70.1ms  ██████████████████████████████████████
//!     chat               1.00ms  13.6ms  13.6ms  ·███··································
//!     get_weather        15.0ms  58.4µs  58.4µs  ····█·································
//! ◆   chat               50.0ms   115ms   115ms  ············██████████████████████████
//! ```
//!
//! Each row is one span (or one folded run of similar siblings, see [`super::outline`]): its
//! start offset from the beginning of the trace, its duration, its self time, and a bar placed on
//! the axis. Bars are solid blocks on a light fill, so they read without color; piped, the view
//! is laid out for a fixed width (100 unless the caller says otherwise).
//!
//! Self time and the critical path are defined (with pictures) in [`super::timing`].

use owo_colors::{OwoColorize, Style};

use super::facts;
use super::outline::{self, Forest, OutlineOptions, RowKind};
use super::symbols::Symbols;
use super::text::{duration, sanitize, truncate, width};
use super::timing::{critical_path, self_times};
use crate::model::{Span, SpanTree};
use crate::ui::Styles;

pub struct TimelineOptions<'a> {
    pub styles: &'a Styles,
    pub symbols: &'a Symbols,
    /// Columns to lay the view out for (the terminal's, or a fixed width when piped).
    pub width: usize,
    pub outline: OutlineOptions,
}

/// Width of the start, duration and self columns.
const NUM: usize = 6;
/// Indentation per level in the name column, and the deepest level indented.
const INDENT: usize = 2;
const MAX_INDENT_LEVELS: usize = 8;

/// The column layout for a width.
struct Layout {
    marker: usize,
    name: usize,
    start: bool,
    self_time: bool,
    bar: usize,
}

impl Layout {
    fn new(width: usize, marker: usize, widest_name: usize) -> Layout {
        let name = widest_name.clamp(8, (width * 3 / 10).max(12));
        let mut l = Layout {
            marker,
            name,
            start: true,
            self_time: true,
            bar: 0,
        };
        l.bar = width.saturating_sub(l.fixed());
        if l.bar < 20 {
            l.self_time = false;
            l.bar = width.saturating_sub(l.fixed());
        }
        if l.bar < 16 {
            l.start = false;
            l.bar = width.saturating_sub(l.fixed());
        }
        l.bar = l.bar.max(8);
        l
    }

    fn fixed(&self) -> usize {
        let nums = 1 + usize::from(self.start) + usize::from(self.self_time);
        self.marker + self.name + 2 + nums * (NUM + 1) + 1
    }
}

pub fn render(tree: &SpanTree, opts: &TimelineOptions) -> Vec<String> {
    let spans = tree.spans();
    if spans.is_empty() {
        return Vec::new();
    }
    let (s, sym) = (opts.styles, opts.symbols);
    let forest = Forest::build(tree);
    let rows = outline::rows(&forest, spans, &opts.outline);
    if rows.is_empty() {
        // `--errors` on a trace without failures: nothing to draw, not even the axis.
        return Vec::new();
    }
    let critical = critical_path(&forest, spans);
    let self_ns = self_times(&forest, spans);
    let t0 = spans.iter().map(|s| s.start_time.0).min().unwrap_or(0);
    let t1 = spans.iter().map(|s| s.end_time.0).max().unwrap_or(t0);
    let total = (t1 - t0).max(1);

    // Name cells first, to size the name column.
    let cells: Vec<(String, Style)> = rows
        .iter()
        .map(|row| {
            let indent = " ".repeat(INDENT * row.depth.min(MAX_INDENT_LEVELS));
            match &row.kind {
                RowKind::Span { index, .. } => {
                    let span = &spans[*index];
                    let mark = if facts::failed(span) {
                        format!("{} ", sym.error)
                    } else {
                        String::new()
                    };
                    let style = if facts::failed(span) {
                        s.error
                    } else {
                        s.span_name
                    };
                    (format!("{indent}{mark}{}", display_name(span)), style)
                }
                RowKind::Missing(p) => (
                    format!(
                        "{indent}{} missing parent {}",
                        sym.missing,
                        &p.to_hex()[..8]
                    ),
                    s.warn,
                ),
                RowKind::Similar { members } => (
                    format!(
                        "{indent}{} {}{}",
                        display_name(&spans[members[0]]),
                        sym.times,
                        members.len()
                    ),
                    s.span_name,
                ),
            }
        })
        .collect();
    let widest = cells.iter().map(|(t, _)| width(t)).max().unwrap_or(0);
    let marker_w = width(sym.critical) + 1;
    let layout = Layout::new(opts.width, marker_w, widest);
    let scale = Scale {
        t0,
        total,
        cells: layout.bar,
    };

    let mut lines = Vec::with_capacity(rows.len() + 1);
    lines.push(header(&layout, total, s));
    for (row, (name, name_style)) in rows.iter().zip(cells) {
        let (marker, start, dur, self_t, bar) = match &row.kind {
            RowKind::Span { index, .. } => {
                let span = &spans[*index];
                let on_path = critical[*index];
                let bar_style = if facts::failed(span) {
                    s.error
                } else if on_path {
                    s.slow
                } else {
                    s.duration
                };
                (
                    on_path,
                    Some(span.start_time.0 - t0),
                    Some(span.duration_ns()),
                    Some(self_ns[*index]),
                    scale.bar(
                        &[(span.start_time.0, span.end_time.0)],
                        sym,
                        bar_style,
                        s.guide,
                    ),
                )
            }
            RowKind::Missing(_) => (
                false,
                None,
                None,
                None,
                scale.bar(&[], sym, s.duration, s.guide),
            ),
            RowKind::Similar { members } => {
                let intervals: Vec<(i64, i64)> = members
                    .iter()
                    .map(|&m| (spans[m].start_time.0, spans[m].end_time.0))
                    .collect();
                let first = intervals.iter().map(|i| i.0).min().unwrap_or(t0);
                let last = intervals.iter().map(|i| i.1).max().unwrap_or(first);
                (
                    members.iter().any(|&m| critical[m]),
                    Some(first - t0),
                    Some(last - first),
                    None,
                    scale.bar(&intervals, sym, s.duration, s.guide),
                )
            }
        };
        let mut line = String::new();
        if marker {
            line.push_str(&sym.critical.style(s.slow).to_string());
            line.push(' ');
        } else {
            line.push_str(&" ".repeat(layout.marker));
        }
        let name = truncate(&name, layout.name);
        let pad = layout.name.saturating_sub(width(&name));
        line.push_str(&format!("{}{}  ", name.style(name_style), " ".repeat(pad)));
        let num = |v: Option<i64>| {
            v.map_or_else(
                String::new,
                |ns| if ns == 0 { "0".into() } else { duration(ns) },
            )
        };
        if layout.start {
            line.push_str(&format!("{:>NUM$} ", num(start)).style(s.dim).to_string());
        }
        line.push_str(&format!("{:>NUM$} ", num(dur)).style(s.duration).to_string());
        if layout.self_time {
            line.push_str(&format!("{:>NUM$} ", num(self_t)).style(s.dim).to_string());
        }
        line.push(' ');
        line.push_str(&bar);
        lines.push(line);
    }
    lines
}

fn display_name(span: &Span) -> String {
    if span.name.is_empty() {
        "(unnamed)".to_string()
    } else {
        sanitize(&span.name)
    }
}

/// Column titles, then tick labels over the bar area: 0, the quarters that fit, the end.
fn header(layout: &Layout, total: i64, s: &Styles) -> String {
    let mut titles = format!(
        "{}{:<w$}  ",
        " ".repeat(layout.marker),
        "SPAN",
        w = layout.name
    );
    if layout.start {
        titles.push_str(&format!("{:>NUM$} ", "START"));
    }
    titles.push_str(&format!("{:>NUM$} ", "DUR"));
    if layout.self_time {
        titles.push_str(&format!("{:>NUM$} ", "SELF"));
    }
    titles.push(' ');
    let b = layout.bar;
    let mut axis: Vec<char> = vec![' '; b];
    let end_label = duration(total);
    let end_at = b.saturating_sub(width(&end_label));
    let mut next_free = 0;
    let mut labels = vec![(0usize, "0".to_string())];
    for q in 1..4 {
        labels.push((b * q / 4, duration(total * q as i64 / 4)));
    }
    for (at, label) in labels {
        if at >= next_free && at + label.chars().count() < end_at {
            for (j, c) in label.chars().enumerate() {
                axis[at + j] = c;
            }
            next_free = at + label.chars().count() + 2;
        }
    }
    for (j, c) in end_label.chars().enumerate() {
        if end_at + j < b {
            axis[end_at + j] = c;
        }
    }
    let axis: String = axis.into_iter().collect();
    format!("{}{}", titles.style(s.header), axis.trim_end().style(s.dim))
}

/// Maps times to bar cells.
struct Scale {
    t0: i64,
    total: i64,
    cells: usize,
}

impl Scale {
    /// The cells `[from, to)` an interval covers: at least one, so the shortest span shows.
    fn cells_of(&self, (a, b): (i64, i64)) -> (usize, usize) {
        let n = self.cells as i128;
        let pos = |t: i64| {
            (
                i128::from(t - self.t0).clamp(0, i128::from(self.total)),
                i128::from(self.total),
            )
        };
        let (a, t) = pos(a);
        let (b, _) = pos(b);
        let from = (a * n / t).min(n - 1);
        let to = ((b * n + t - 1) / t).clamp(from + 1, n);
        (from as usize, to as usize)
    }

    /// A bar: the intervals' cells solid, the rest light fill.
    fn bar(&self, intervals: &[(i64, i64)], sym: &Symbols, on: Style, off: Style) -> String {
        let mut filled = vec![false; self.cells];
        for &iv in intervals {
            let (from, to) = self.cells_of(iv);
            filled[from..to].iter_mut().for_each(|c| *c = true);
        }
        let mut out = String::new();
        let mut i = 0;
        while i < filled.len() {
            let mut j = i;
            while j < filled.len() && filled[j] == filled[i] {
                j += 1;
            }
            let (c, style) = if filled[i] {
                (sym.bar, on)
            } else {
                (sym.fill, off)
            };
            out.push_str(&c.to_string().repeat(j - i).style(style).to_string());
            i = j;
        }
        out
    }
}

#[cfg(test)]
#[path = "timeline_tests.rs"]
mod tests;
