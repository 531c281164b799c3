//! Small text helpers every renderer shares: durations, times, ids, width, and sanitizing.
//!
//! Span names, prompts and tool output are written by models, tools and users; they are
//! untrusted. [`sanitize`] makes them inert before they reach a terminal: control characters,
//! escape sequences and bidirectional overrides are shown escaped (`\x1b[31m`), never executed.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::Nanos;

/// A duration in nanoseconds, short and with about three significant digits:
/// `850ns`, `12.3µs`, `450ms`, `1.52s`, `2m05s`, `1h02m`.
pub fn duration(ns: i64) -> String {
    let ns = ns.max(0);
    let scaled = |value: f64, unit: &str| {
        if value < 10.0 {
            format!("{value:.2}{unit}")
        } else if value < 100.0 {
            format!("{value:.1}{unit}")
        } else {
            format!("{value:.0}{unit}")
        }
    };
    match ns {
        0..1_000 => format!("{ns}ns"),
        1_000..1_000_000 => scaled(ns as f64 / 1e3, "µs"),
        1_000_000..1_000_000_000 => scaled(ns as f64 / 1e6, "ms"),
        1_000_000_000..60_000_000_000 => scaled(ns as f64 / 1e9, "s"),
        _ => {
            let secs = ns / 1_000_000_000;
            if secs < 3600 {
                format!("{}m{:02}s", secs / 60, secs % 60)
            } else {
                format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60)
            }
        }
    }
}

/// `1 line`, `2 lines`: a count with its noun (plural by adding `s`).
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A token count, short: `950`, `12.3k`, `4.5M`.
pub fn tokens(n: u64) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..999_950 => trim_zero(format!("{:.1}k", n as f64 / 1e3)),
        _ => trim_zero(format!("{:.1}M", n as f64 / 1e6)),
    }
}

fn trim_zero(s: String) -> String {
    s.replace(".0k", "k").replace(".0M", "M")
}

/// A cost in US dollars with enough digits to tell small calls apart: `$1.23`, `$0.0451`,
/// `$0.000128`; prefixed with `~` when any of it is an estimate.
pub fn cost(usd: f64, estimated: bool) -> String {
    let body = if usd == 0.0 {
        "0".to_string()
    } else if usd >= 1.0 {
        format!("{usd:.2}")
    } else {
        // Three significant digits, trailing zeros dropped.
        let digits = (-usd.log10().floor()) as usize + 2;
        let text = format!("{usd:.digits$}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{}${body}", if estimated { "~" } else { "" })
}

/// How long ago `t` was, seen from `now`: `just now`, `42s ago`, `5m ago`, `3h ago`, `2d ago`.
/// Times in the future read `in 5m`.
pub fn relative(t: Nanos, now: Nanos) -> String {
    let delta = now.0.saturating_sub(t.0);
    let secs = (delta / 1_000_000_000).unsigned_abs();
    let amount = match secs {
        0..=1 => return "just now".to_string(),
        2..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        3600..86_400 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    };
    if delta < 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// Makes untrusted text safe for a terminal line: every control character (C0, DEL, C1),
/// and the bidirectional controls that can make text read differently than it is, is replaced
/// by a visible escape. Common whitespace gets its familiar form (`\n`, `\t`, `\r`).
pub fn sanitize(s: &str) -> String {
    sanitize_with(s, false)
}

/// Like [`sanitize`], but keeps line breaks (for multi-line payloads printed as blocks).
pub fn sanitize_multiline(s: &str) -> String {
    sanitize_with(s, true)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn sanitize_with(s: &str, keep_newlines: bool) -> String {
    if !s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x100 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || is_bidi_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Display width of text without escape codes.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts plain text to at most `max` columns, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The short form of an id for people: its first 12 hex digits (a unique prefix in practice,
/// and accepted wherever an id is).
pub fn short_id(hex: &str) -> &str {
    &hex[..hex.len().min(12)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (0, "0ns"),
            (850, "850ns"),
            (12_345, "12.3µs"),
            (1_500_000, "1.50ms"),
            (450_000_000, "450ms"),
            (1_523_000_000, "1.52s"),
            (125_000_000_000, "2m05s"),
            (3_720_000_000_000, "1h02m"),
            (-5, "0ns"),
        ];
        for (ns, want) in cases {
            assert_eq!(duration(ns), want, "{ns}");
        }
    }

    #[test]
    fn tokens_and_costs_are_compact() {
        assert_eq!(tokens(950), "950");
        assert_eq!(tokens(12_345), "12.3k");
        assert_eq!(tokens(2_000), "2k");
        assert_eq!(tokens(999_999), "1M");
        assert_eq!(tokens(4_500_000), "4.5M");
        assert_eq!(cost(1.234, false), "$1.23");
        assert_eq!(cost(0.04512, false), "$0.0451");
        assert_eq!(cost(0.000128, true), "~$0.000128");
        assert_eq!(cost(0.0, false), "$0");
    }

    #[test]
    fn relative_times() {
        let now = Nanos(1_000_000_000_000);
        let ago = |s: i64| relative(Nanos(now.0 - s * 1_000_000_000), now);
        assert_eq!(ago(0), "just now");
        assert_eq!(ago(42), "42s ago");
        assert_eq!(ago(300), "5m ago");
        assert_eq!(ago(3 * 3600), "3h ago");
        assert_eq!(ago(2 * 86_400), "2d ago");
        assert_eq!(ago(-300), "in 5m");
    }

    #[test]
    fn sanitize_defuses_escape_sequences() {
        assert_eq!(sanitize("plain name"), "plain name");
        assert_eq!(sanitize("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
        assert_eq!(sanitize("a\nb\tc\r"), "a\\nb\\tc\\r");
        assert_eq!(
            sanitize("osc\x1b]8;;http://x\x07"),
            "osc\\x1b]8;;http://x\\x07"
        );
        assert_eq!(sanitize("c1\u{9b}31m"), "c1\\x9b31m");
        assert_eq!(sanitize("del\u{7f}"), "del\\x7f");
        assert_eq!(sanitize("bidi\u{202e}txet"), "bidi\\u{202e}txet");
        assert_eq!(sanitize_multiline("line1\nline2\x1b"), "line1\nline2\\x1b");
        assert!(!sanitize("\x1b\x07\x08\x00").chars().any(|c| c.is_control()));
    }

    #[test]
    fn truncate_counts_columns() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(width(&truncate("日本語テキスト", 5)), 5);
    }
}
