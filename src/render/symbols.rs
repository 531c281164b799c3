//! The characters views draw with, in a UTF-8 and an ASCII variant.
//!
//! Every glyph a view puts on a line that is not span text comes from here, so `--ascii` gives
//! output that survives any terminal, font or log file (the cargo-tree `UTF8_SYMBOLS` /
//! `ASCII_SYMBOLS` pattern). Glyphs carry meaning without color: the critical path has a marker,
//! bars are solid against a light fill.

/// Line-drawing and marker characters.
#[derive(Debug, Clone, Copy)]
pub struct Symbols {
    /// Tree guides: a child with later siblings, the last child, an ancestor's ongoing line,
    /// an ancestor that was the last of its siblings.
    pub tee: &'static str,
    pub last: &'static str,
    pub pipe: &'static str,
    pub blank: &'static str,
    /// Before an error message.
    pub error: &'static str,
    /// Before a "missing parent" placeholder.
    pub missing: &'static str,
    /// Before a "parent cycle" note.
    pub cycle: &'static str,
    /// Before subtree totals.
    pub sum: &'static str,
    /// Before the count of a run of similar siblings.
    pub times: &'static str,
    /// Timeline: the span's own time on its bar.
    pub bar: char,
    /// Timeline: the rest of the time axis.
    pub fill: char,
    /// Timeline: a span on the critical path.
    pub critical: &'static str,
    /// Thread: a tool call and its result.
    pub call: &'static str,
    pub result: &'static str,
    /// Between short facts on one line.
    pub dot: &'static str,
    /// Thread: before the header of each model call.
    pub rule: &'static str,
}

pub static UTF8: Symbols = Symbols {
    tee: "├── ",
    last: "└── ",
    pipe: "│   ",
    blank: "    ",
    error: "✗",
    missing: "⚠",
    cycle: "↻",
    sum: "∑",
    times: "×",
    bar: '█',
    fill: '·',
    critical: "◆",
    call: "→",
    result: "←",
    dot: "·",
    rule: "──",
};

pub static ASCII: Symbols = Symbols {
    tee: "|-- ",
    last: "`-- ",
    pipe: "|   ",
    blank: "    ",
    error: "x",
    missing: "!",
    cycle: "@",
    sum: "sum",
    times: "x",
    bar: '#',
    fill: '.',
    critical: "*",
    call: "->",
    result: "<-",
    dot: "-",
    rule: "--",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_symbols_are_ascii() {
        let s = &ASCII;
        for text in [
            s.tee, s.last, s.pipe, s.blank, s.error, s.missing, s.cycle, s.sum, s.times,
            s.critical, s.call, s.result, s.dot, s.rule,
        ] {
            assert!(text.is_ascii(), "{text:?}");
        }
        assert!(s.bar.is_ascii() && s.fill.is_ascii());
    }
}
