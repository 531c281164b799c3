//! A span's events (`canopy span get --view events`).
//!
//! ```text
//! +36.0ms  exception  × 2                 offset from the span's start (RFC 3339 when piped),
//!   type     TimeoutError                 name, and how many identical events were sent
//!   message  forecast service timed out
//!   stacktrace
//!     Traceback (most recent call last):  the stack trace as a block, line breaks kept
//! +40.0ms  retry
//!   attempt  2
//! ```
//!
//! SDKs often record the same exception twice (the helper and the span's context manager both
//! call `record_exception`, each with its own stack trace): exceptions with the same type and
//! message, and other events with the same name and attributes, are shown once with a count, at
//! the time of the first and with the longest stack trace.

use owo_colors::{OwoColorize, Style};

use super::fields::{FieldOptions, Fields};
use super::message::block;
use super::span::value_text;
use super::text::{duration, sanitize};
use crate::model::{Event, Nanos, Span};

/// Two events say the same thing: exceptions of the same type and message (their stack traces
/// may differ by the frame that recorded them), or any other events with the same name and
/// attributes.
fn same(a: &Event, b: &Event) -> bool {
    if a.name != b.name {
        return false;
    }
    if a.name == "exception" {
        let key = |e: &Event| {
            let get = |k: &str| e.attributes.get(k).cloned();
            (get("exception.type"), get("exception.message"))
        };
        return key(a) == key(b);
    }
    a.attributes == b.attributes
}

/// How much an event says: the length of its attribute values.
fn weight(e: &Event) -> usize {
    e.attributes.values().map(|v| v.to_string().len()).sum()
}

/// The events, identical ones folded; empty when the span has none.
pub fn render(span: &Span, times: &str, opts: &FieldOptions) -> Vec<String> {
    let s = opts.styles;
    // (event shown, time of the first, count), in order of first appearance. Spans carry a
    // handful of events, so comparing each with the groups so far is fine.
    let mut groups: Vec<(&Event, Nanos, usize)> = Vec::new();
    for e in &span.events {
        match groups.iter_mut().find(|(g, ..)| same(g, e)) {
            Some((shown, _, n)) => {
                *n += 1;
                // Of repeated exceptions, show the one with the most to say (the longest
                // stack trace): SDKs record the same exception from deeper and shallower frames.
                if weight(e) > weight(shown) {
                    *shown = e;
                }
            }
            None => groups.push((e, e.time, 1)),
        }
    }
    let mut out = Vec::new();
    for (e, first, count) in groups {
        let when = match opts.now {
            Some(_) => format!("+{}", duration(first.since(span.start_time))),
            None => first.to_rfc3339(),
        };
        let mut head = format!(
            "{}  {}",
            when.style(s.dim),
            sanitize(&e.name).style(if e.name == "exception" {
                s.error
            } else {
                s.span_name
            })
        );
        if count > 1 {
            head.push_str(&format!("  {times} {count}").style(s.warn).to_string());
        }
        out.push(head);
        // Exceptions read type, message, then the rest; multi-line strings (stack traces)
        // print as blocks after the one-line fields.
        let rank = |k: &str| match k {
            "exception.type" => 0,
            "exception.message" => 1,
            _ => 2,
        };
        let mut attrs: Vec<(&String, &serde_json::Value)> = e.attributes.iter().collect();
        attrs.sort_by_key(|(k, _)| rank(k));
        let label_of = |k: &'_ str| -> String {
            let short = k
                .strip_prefix("exception.")
                .filter(|_| e.name == "exception");
            short.unwrap_or(k).to_string()
        };
        let mut f = Fields::new(opts);
        let mut blocks = Vec::new();
        for (k, v) in attrs {
            if let Some(t) = v.as_str().filter(|t| t.trim_end().contains('\n')) {
                blocks.push((label_of(k), t));
                continue;
            }
            let style = if rank(k) < 2 { s.error } else { Style::new() };
            f.indented(2, &label_of(k), vec![(value_text(v), style)]);
        }
        out.extend(f.finish());
        for (label, text) in blocks {
            out.push(format!("  {}", sanitize(&label).style(s.header)));
            out.extend(block(text, 4, opts.width));
        }
    }
    out
}
