//! The input and output of two aligned model calls as unified diffs (`trace diff --io`).
//!
//! Each side's payload is first drawn as the io view draws it (messages by role, tool calls,
//! JSON indented, untrusted text sanitized; see `message`), without wrapping, and the two
//! drawings are compared line by line:
//!
//! ```text
//! --- a/9a74459fe1c0a0b1 input       which span of which trace
//! +++ b/1c0ffee0aa55aa55 input
//! @@ -2,2 +2,2 @@                    hunk header (styles.hint)
//!  user
//! -  What's the weather in Paris?    only in A (styles.error)
//! +  What's the weather in Rome?     only in B (styles.ok)
//! ```

use owo_colors::{OwoColorize, Style};
use similar::TextDiff;

use super::message::{BlockOptions, payload};
use super::symbols::UTF8;
use crate::model::{Payload, Span};
use crate::ui::Styles;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// One side of a call that differs: `"input"` or `"output"`, and its plain unified diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoDiff {
    pub side: &'static str,
    pub unified: String,
}

/// A payload as plain text, one line per line of the io view.
fn text(p: Option<&Payload>) -> String {
    let plain = Styles::default();
    let opts = BlockOptions {
        styles: &plain,
        symbols: &UTF8,
        width: None,
    };
    let mut out = String::new();
    for line in p.map(|p| payload(p, 0, &opts)).unwrap_or_default() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The unified diffs of the sides (input, output) whose text differs; empty when none does.
pub fn diffs(a: &Span, b: &Span) -> Vec<IoDiff> {
    let mut out = Vec::new();
    for (side, x, y) in [
        ("input", a.input.as_ref(), b.input.as_ref()),
        ("output", a.output.as_ref(), b.output.as_ref()),
    ] {
        let (before, after) = (text(x), text(y));
        if before == after {
            continue;
        }
        let diff = TextDiff::from_lines(&before, &after);
        let mut unified = diff.unified_diff();
        unified.context_radius(CONTEXT).header(
            &format!("a/{} {side}", a.span_id.to_hex()),
            &format!("b/{} {side}", b.span_id.to_hex()),
        );
        out.push(IoDiff {
            side,
            unified: unified.to_string(),
        });
    }
    out
}

/// A unified diff as styled lines, each after `indent`.
pub fn lines(d: &IoDiff, indent: &str, styles: &Styles) -> Vec<String> {
    d.unified
        .lines()
        .map(|line| {
            let style = match line.as_bytes() {
                [b'-', b'-', b'-', ..] | [b'+', b'+', b'+', ..] => styles.header,
                [b'@', ..] => styles.hint,
                [b'+', ..] => styles.ok,
                [b'-', ..] => styles.error,
                _ => Style::new(),
            };
            format!("{indent}{}", line.style(style))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Message, test_span};

    fn asked(question: &str) -> Option<Payload> {
        Some(Payload {
            messages: vec![
                Message {
                    role: "system".into(),
                    content: Some("Be brief.".into()),
                    ..Default::default()
                },
                Message {
                    role: "user".into(),
                    content: Some(question.into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
    }

    #[test]
    fn only_the_sides_that_differ_with_hostile_text_escaped() {
        let mut a = test_span(1, 2, None, "chat", 0, 1);
        let mut b = test_span(2, 3, None, "chat", 0, 1);
        a.input = asked("Weather in Paris?");
        b.input = asked("Weather in Rome?\x1b[2J");
        a.output = Some(Payload {
            value: Some("same".into()),
            ..Default::default()
        });
        b.output = a.output.clone();
        let d = diffs(&a, &b);
        assert_eq!(d.len(), 1);
        insta::assert_snapshot!(lines(&d[0], "  ", &Styles::default()).join("\n"), @r"
          --- a/0202020202020202 input
          +++ b/0303030303030303 input
          @@ -1,4 +1,4 @@
           system
             Be brief.
           user
          -  Weather in Paris?
          +  Weather in Rome?\x1b[2J
        ");
        assert!(diffs(&a, &a).is_empty());
    }
}
