//! A span's input and output (`canopy span get --view io`).
//!
//! ```text
//! input  application/json          a heading per side, with the mime type when known
//!   system                         messages by role, tool calls with their arguments,
//!     You are a travel planner.    JSON pretty-printed (see `message`)
//! output
//!   assistant
//!     → get_weather  call_1
//!       {"city": "Paris"}
//! ```
//!
//! A tool span that recorded no payload but a tool call shows the call's arguments as its input
//! and its result as its output; a failed span adds its error.

use owo_colors::OwoColorize;

use super::facts;
use super::message::{BlockOptions, block, payload};
use super::text::sanitize;
use crate::model::{Payload, Span};

/// The span's input, output and error; empty when it recorded none of them.
pub fn render(span: &Span, opts: &BlockOptions) -> Vec<String> {
    let s = opts.styles;
    let mut out = Vec::new();
    let tool = span.tool.as_ref();
    let sides = [
        (
            "input",
            span.input.as_ref(),
            tool.and_then(|t| t.arguments.as_deref()),
            "arguments",
        ),
        (
            "output",
            span.output.as_ref(),
            tool.and_then(|t| t.result.as_deref()),
            "result",
        ),
    ];
    for (label, side, from_tool, tool_label) in sides {
        match (side.filter(|p| !p.is_empty()), from_tool) {
            (Some(p), _) => {
                out.push(heading(label, p, opts));
                out.extend(payload(p, 2, opts));
            }
            (None, Some(text)) => {
                out.push(format!(
                    "{}  {}",
                    label.style(s.header),
                    format!("tool {tool_label}").style(s.dim)
                ));
                out.extend(block(text, 2, opts.width));
            }
            (None, None) => {}
        }
    }
    if let Some(e) = facts::error_text(span) {
        out.push("error".style(s.error).to_string());
        out.extend(
            block(&e, 2, opts.width)
                .into_iter()
                .map(|l| l.style(s.error).to_string()),
        );
    }
    out
}

fn heading(label: &str, p: &Payload, opts: &BlockOptions) -> String {
    let s = opts.styles;
    let mut line = label.style(s.header).to_string();
    if let Some(m) = p.mime_type.as_deref().filter(|m| !m.is_empty()) {
        line.push_str(&format!("  {}", sanitize(m).style(s.dim)));
    }
    line
}
