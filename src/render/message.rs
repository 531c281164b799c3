//! Chat messages and payloads as indented blocks of text, for the thread and io views.
//!
//! A block is untrusted text made safe ([`sanitize_multiline`]: escapes and bidi controls shown
//! escaped, line breaks kept, tabs expanded), JSON pretty-printed when the text is a JSON object
//! or array, indented, and wrapped to a width when one is given (terminals); without a width
//! (pipes) lines stay whole.
//!
//! ```text
//! user                                  role, styled by meaning
//!   What's the weather in Paris?        content, indented 2
//! assistant
//!   → get_weather  call_1               a tool call, its arguments pretty-printed below
//!     {
//!       "city": "Paris"
//!     }
//! ```

use owo_colors::{OwoColorize, Style};
use unicode_width::UnicodeWidthChar;

use super::symbols::Symbols;
use super::text::{sanitize, sanitize_multiline};
use crate::model::{Message, Payload};
use crate::ui::Styles;

/// Options shared by views that print blocks.
pub struct BlockOptions<'a> {
    pub styles: &'a Styles,
    pub symbols: &'a Symbols,
    /// Wrap to this many columns (terminals); `None` keeps lines whole (pipes).
    pub width: Option<usize>,
}

/// The text pretty-printed when it is a JSON object or array, else as it is. Keys keep the
/// order they were written in (a model's tool arguments read as the model wrote them).
pub fn pretty(text: &str) -> String {
    let trimmed = text.trim();
    let is_json = (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok();
    if is_json {
        reindent(trimmed)
    } else {
        text.to_string()
    }
}

/// Re-indents valid JSON text by two spaces per level, token by token, without reordering.
fn reindent(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.push(chars.next().unwrap_or(' '));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Untrusted text as lines: sanitized, JSON pretty-printed, indented by `indent` columns and
/// wrapped to `width` (when given).
pub fn block(text: &str, indent: usize, width: Option<usize>) -> Vec<String> {
    let text = pretty(text).replace("\r\n", "\n").replace('\t', "    ");
    let safe = sanitize_multiline(&text);
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    for line in safe.trim_end_matches('\n').split('\n') {
        match width {
            Some(w) => {
                // Continuations hang at the line's own indentation (code, JSON), as long as
                // that leaves room for text.
                let room = w.saturating_sub(indent).max(10);
                let lead = line.len() - line.trim_start_matches(' ').len();
                let lead = if lead * 2 > room { 0 } else { lead };
                let pieces = wrap(&line[lead..], room - lead);
                for piece in pieces {
                    out.push(format!("{pad}{}{piece}", &line[..lead]));
                }
            }
            None => out.push(format!("{pad}{line}")),
        }
    }
    out
}

/// Breaks one line into pieces of at most `max` columns, at spaces when it can and inside a
/// word when a word alone is too long. Leading indentation stays on the first piece only.
pub fn wrap(line: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    // Where `current` could be broken: the byte index and the column after the last space.
    let mut last_space: Option<(usize, usize)> = None;
    // Spaces where a line was broken are dropped, not carried to the next piece.
    let mut at_break = false;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if at_break && c == ' ' && current.is_empty() {
            continue;
        }
        at_break = false;
        if used + w > max && used > 0 {
            match last_space {
                Some((at, col)) => {
                    let rest = current.split_off(at);
                    out.push(current.trim_end().to_string());
                    current = rest;
                    used -= col;
                }
                None => {
                    out.push(std::mem::take(&mut current));
                    used = 0;
                }
            }
            last_space = None;
            if c == ' ' && current.is_empty() {
                at_break = true;
                continue;
            }
        }
        current.push(c);
        used += w;
        if c == ' ' {
            last_space = Some((current.len(), used));
        }
    }
    out.push(current);
    out
}

/// The style a role's label gets.
pub fn role_style(role: &str, s: &Styles) -> Style {
    match role.to_ascii_lowercase().as_str() {
        "system" | "developer" => s.kind_chain,
        "user" | "human" => s.header,
        "assistant" | "ai" | "model" => s.kind_llm,
        "tool" | "function" | "ipython" => s.kind_tool,
        _ => s.kind_other,
    }
}

/// A role label with an optional name: `tool (get_weather)`.
pub fn role_label(m: &Message, s: &Styles) -> String {
    let role = if m.role.trim().is_empty() {
        "message".to_string()
    } else {
        sanitize(m.role.trim())
    };
    let mut label = role.style(role_style(&m.role, s)).to_string();
    if let Some(name) = m.name.as_deref().filter(|n| !n.is_empty()) {
        label.push_str(&format!(" ({})", sanitize(name)).style(s.dim).to_string());
    }
    label
}

/// One message at `indent`: its role, its content, and its tool calls with their arguments.
pub fn message(m: &Message, indent: usize, opts: &BlockOptions) -> Vec<String> {
    let s = opts.styles;
    let pad = " ".repeat(indent);
    let mut out = vec![format!("{pad}{}", role_label(m, s))];
    if let Some(id) = m.tool_call_id.as_deref().filter(|i| !i.is_empty()) {
        out[0].push_str(&format!(
            "  {}",
            format!("answers {}", sanitize(id)).style(s.dim)
        ));
    }
    if let Some(c) = m.content.as_deref().filter(|c| !c.trim().is_empty()) {
        out.extend(block(c, indent + 2, opts.width));
    }
    for call in &m.tool_calls {
        out.push(call_line(&call.name, call.id.as_deref(), indent + 2, opts));
        if let Some(args) = call.arguments.as_deref().filter(|a| !a.trim().is_empty()) {
            out.extend(block(args, indent + 4, opts.width));
        }
    }
    out
}

/// `→ get_weather  call_1`.
pub fn call_line(name: &str, id: Option<&str>, indent: usize, opts: &BlockOptions) -> String {
    let s = opts.styles;
    let mut line = format!(
        "{}{} {}",
        " ".repeat(indent),
        opts.symbols.call.style(s.kind_tool),
        sanitize(name).style(s.kind_tool)
    );
    if let Some(id) = id.filter(|i| !i.is_empty()) {
        line.push_str(&format!("  {}", sanitize(id).style(s.dim)));
    }
    line
}

/// A payload at `indent`: its messages, or its raw value (JSON indented).
pub fn payload(p: &Payload, indent: usize, opts: &BlockOptions) -> Vec<String> {
    let mut out = Vec::new();
    for m in &p.messages {
        out.extend(message(m, indent, opts));
    }
    if p.messages.is_empty()
        && let Some(v) = &p.value
    {
        out.extend(block(v, indent, opts.width));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_pretty_and_text_is_kept() {
        assert_eq!(pretty(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
        assert_eq!(
            pretty(r#" {"z": [1, {}], "a": "x,\"{y}\":"} "#),
            "{\n  \"z\": [\n    1,\n    {}\n  ],\n  \"a\": \"x,\\\"{y}\\\":\"\n}"
        );
        assert_eq!(pretty("{not json"), "{not json");
        assert_eq!(pretty("plain"), "plain");
    }

    #[test]
    fn wrapping_breaks_at_spaces_then_inside_words() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap("日本語テキスト", 6), ["日本語", "テキス", "ト"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn blocks_are_safe_indented_and_wrapped() {
        let lines = block("line one is long\n\x1b[31mtwo\u{202e}\tx", 2, Some(12));
        assert_eq!(
            lines,
            [
                "  line one",
                "  is long",
                "  \\x1b[31mtw",
                "  o\\u{202e}",
                "  x"
            ]
        );
        assert_eq!(block("a\nb", 4, None), ["    a", "    b"]);
    }
}
