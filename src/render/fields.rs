//! Label–value lines, the shape of the summary, attributes and events views.
//!
//! ```text
//! model     gpt-4o-mini  openai       label padded to a shared column, value after it
//! tokens    42 in · 17 out · 59 total
//! ```
//!
//! Values are built from plain text (so they can be measured and cut) and styled last. On a
//! terminal a value is cut to the width; piped it stays whole. Times are RFC 3339 when piped and
//! a readable UTC time with "how long ago" on a terminal. Labels may be attribute keys, which
//! are untrusted like any span text, so they are sanitized here; values are sanitized by the
//! caller, which knows whether they are text or numbers.

use owo_colors::{OwoColorize, Style};

use super::text::{relative, sanitize, truncate, width};
use crate::model::Nanos;
use crate::ui::Styles;

/// How label–value views lay out their lines.
pub struct FieldOptions<'a> {
    pub styles: &'a Styles,
    /// Cut values to this many columns (terminals); `None` keeps them whole (pipes).
    pub width: Option<usize>,
    /// "Now", on a terminal, for relative times; `None` (pipes) prints RFC 3339.
    pub now: Option<Nanos>,
}

/// Collects `label  value` lines with a shared label column.
pub struct Fields<'a> {
    opts: &'a FieldOptions<'a>,
    rows: Vec<Row>,
}

/// Indentation, label, value parts (plain text, style), and whether the value is kept whole on a
/// terminal too (ids people copy).
type Row = (usize, String, Vec<(String, Style)>, bool);

impl<'a> Fields<'a> {
    pub fn new(opts: &'a FieldOptions<'a>) -> Fields<'a> {
        Fields {
            opts,
            rows: Vec::new(),
        }
    }

    /// A line whose value is made of styled parts separated by two spaces.
    pub fn parts(&mut self, label: &str, parts: Vec<(String, Style)>) {
        self.indented(0, label, parts);
    }

    pub fn indented(&mut self, indent: usize, label: &str, parts: Vec<(String, Style)>) {
        let parts: Vec<(String, Style)> =
            parts.into_iter().filter(|(t, _)| !t.is_empty()).collect();
        if !parts.is_empty() {
            self.rows.push((indent, sanitize(label), parts, false));
        }
    }

    /// A line whose value is never cut (an id: cutting it would make it useless).
    pub fn whole(&mut self, label: &str, value: String, style: Style) {
        self.rows
            .push((0, sanitize(label), vec![(value, style)], true));
    }

    /// A line with one value, if there is one.
    pub fn one(&mut self, label: &str, value: Option<String>, style: Style) {
        if let Some(v) = value {
            self.parts(label, vec![(v, style)]);
        }
    }

    /// The lines, labels padded to the widest (per indentation level).
    pub fn finish(self) -> Vec<String> {
        let s = self.opts.styles;
        // One label column per indentation level, so a nested list does not push the
        // values of the top-level lines to the right.
        let label_w = |indent: usize| {
            self.rows
                .iter()
                .filter(|(i, ..)| *i == indent)
                .map(|(i, l, ..)| i + width(l))
                .max()
                .unwrap_or(0)
        };
        let label_w: std::collections::HashMap<usize, usize> =
            self.rows.iter().map(|(i, ..)| (*i, label_w(*i))).collect();
        self.rows
            .into_iter()
            .map(|(indent, label, parts, keep)| {
                let pad = label_w[&indent].saturating_sub(indent + width(&label));
                let lead_w = indent + width(&label) + pad + 2;
                let mut room = self
                    .opts
                    .width
                    .filter(|_| !keep)
                    .map(|w| w.saturating_sub(lead_w).max(8));
                let mut line = format!(
                    "{}{}{}  ",
                    " ".repeat(indent),
                    label.style(s.header),
                    " ".repeat(pad)
                );
                for (k, (text, style)) in parts.into_iter().enumerate() {
                    let sep = if k > 0 { "  " } else { "" };
                    let text = match room {
                        Some(0) => break,
                        Some(r) => {
                            let cut = truncate(&text, r.saturating_sub(sep.len()));
                            room = Some(r.saturating_sub(sep.len() + width(&cut)));
                            cut
                        }
                        None => text,
                    };
                    line.push_str(sep);
                    line.push_str(&text.style(style).to_string());
                }
                line
            })
            .collect()
    }
}

/// A time: RFC 3339 for pipes; `2026-11-21 09:30:00.123 UTC (5m ago)` on a terminal.
pub fn time(t: Nanos, now: Option<Nanos>) -> String {
    match now {
        None => t.to_rfc3339(),
        Some(now) => format!(
            "{} ({})",
            t.to_timestamp().strftime("%Y-%m-%d %H:%M:%S%.3f UTC"),
            relative(t, now)
        ),
    }
}

/// A one-line preview of untrusted text: whitespace runs folded to one space, cut to `max`.
pub fn preview(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&sanitize(&folded), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_align_and_values_are_cut_on_a_terminal() {
        let styles = Styles::default();
        let opts = FieldOptions {
            styles: &styles,
            width: Some(20),
            now: None,
        };
        let mut f = Fields::new(&opts);
        f.one(
            "name",
            Some("a rather long span name".into()),
            styles.span_name,
        );
        f.parts(
            "kind",
            vec![("LLM".into(), styles.dim), ("client".into(), styles.dim)],
        );
        f.one("absent", None, styles.dim);
        assert_eq!(f.finish(), ["name  a rather long…", "kind  LLM  client"]);
    }

    #[test]
    fn times_and_previews() {
        let t = Nanos(1_800_000_000_123_000_000);
        assert_eq!(time(t, None), "2027-01-15T08:00:00.123000000Z");
        assert_eq!(
            time(t, Some(Nanos(t.0 + 300_000_000_000))),
            "2027-01-15 08:00:00.123 UTC (5m ago)"
        );
        assert_eq!(preview("{\n  \"a\": 1\n}\x1b", 40), "{ \"a\": 1 }\\x1b");
        assert_eq!(preview("abcdef", 4), "abc…");
    }
}
