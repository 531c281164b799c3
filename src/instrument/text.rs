//! Byte-level text helpers shared by the Rust and TOML edits: line endings, line boundaries,
//! indentation, pure insertions, and the removal of marked lines.
//!
//! Offsets are byte offsets into the original text. A byte-order mark counts as part of no line:
//! the first line starts after it, so nothing is ever inserted in front of it.

/// The byte-order mark some Windows editors write at the start of a file.
pub const BOM: &str = "\u{feff}";

/// Ends every line instrument inserts into Rust code, so `--undo` can find the line again.
pub const RUST_MARK: &str = " // canopy-instrument";

/// The line ending the file uses: CRLF when its first line ends with one, else LF.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The offset where the line holding `offset` starts (after a BOM on the first line).
pub fn line_start(text: &str, offset: usize) -> usize {
    match text[..offset].rfind('\n') {
        Some(i) => i + 1,
        None if text.starts_with(BOM) && offset >= BOM.len() => BOM.len(),
        None => 0,
    }
}

/// The offset just past the line ending of the line holding `offset` (the end of the text on
/// the last line).
pub fn next_line_start(text: &str, offset: usize) -> usize {
    match text[offset..].find('\n') {
        Some(i) => offset + i + 1,
        None => text.len(),
    }
}

/// True when only spaces and tabs stand between the start of the line and `offset`.
pub fn starts_line(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset]
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
}

/// The spaces and tabs that begin the line holding `offset`.
pub fn indentation(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let rest = &text[start..];
    let n = rest
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    &rest[..n]
}

/// One step of indentation in this file: a tab when lines are indented with tabs, else 4 spaces.
pub fn indent_unit(text: &str) -> &'static str {
    if text.contains("\n\t") { "\t" } else { "    " }
}

/// Text to insert at a byte offset of the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    pub at: usize,
    pub text: String,
}

/// The original with every insertion made; insertions at the same offset keep their order.
pub fn insert_all(original: &str, insertions: &[Insertion]) -> String {
    let mut sorted: Vec<&Insertion> = insertions.iter().collect();
    sorted.sort_by_key(|i| i.at);
    let mut out = String::with_capacity(original.len() + 256);
    let mut pos = 0;
    for ins in sorted {
        out.push_str(&original[pos..ins.at]);
        out.push_str(&ins.text);
        pos = ins.at;
    }
    out.push_str(&original[pos..]);
    out
}

/// A whole line holding `code` and the marker, indented like `indent`, ending like the file.
pub fn marked_line(indent: &str, code: &str, eol: &str) -> String {
    format!("{indent}{code}{RUST_MARK}{eol}")
}

/// Removes every line that is, apart from its indentation, one of `codes` followed by the marker.
pub fn remove_marked_lines(text: &str, codes: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while pos < text.len() {
        let end = next_line_start(text, pos);
        let line = &text[pos..end];
        let content = line
            .strip_prefix(BOM)
            .unwrap_or(line)
            .trim_end_matches(['\n', '\r'])
            .trim_start_matches([' ', '\t']);
        let ours = content
            .strip_suffix(RUST_MARK)
            .is_some_and(|code| codes.contains(&code));
        if !ours {
            out.push_str(line);
        } else if line.starts_with(BOM) {
            out.push_str(BOM);
        }
        pos = end;
    }
    out
}

/// 1-based line number of a byte offset, for messages.
pub fn line_number(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_boundaries_respect_bom_and_crlf() {
        let text = "\u{feff}fn main() {}\r\n// x\r\n";
        assert_eq!(line_ending(text), "\r\n");
        assert_eq!(line_start(text, 5), 3);
        assert!(starts_line(text, 3));
        assert_eq!(next_line_start(text, 3), 17);
        assert_eq!(line_start(text, 19), 17);
        assert_eq!(line_ending("a\nb\r\n"), "\n");
    }

    #[test]
    fn indentation_and_units() {
        let text = "fn f() {\n\t\tx();\n}\n";
        assert_eq!(indentation(text, 13), "\t\t");
        assert_eq!(indent_unit(text), "\t");
        assert_eq!(indent_unit("a\n    b\n"), "    ");
    }

    #[test]
    fn insertions_are_pure_and_ordered() {
        let ins = [
            Insertion {
                at: 3,
                text: "B".into(),
            },
            Insertion {
                at: 0,
                text: "A".into(),
            },
            Insertion {
                at: 3,
                text: "C".into(),
            },
        ];
        assert_eq!(insert_all("xyzw", &ins), "AxyzBCw");
    }

    #[test]
    fn marked_lines_go_away_and_nothing_else() {
        let text = "\u{feff}mod telemetry; // canopy-instrument\r\nfn main() {\r\n\tlet a = 1; // canopy-instrument\r\n}\r\n";
        let out = remove_marked_lines(text, &["mod telemetry;"]);
        assert_eq!(
            out,
            "\u{feff}fn main() {\r\n\tlet a = 1; // canopy-instrument\r\n}\r\n"
        );
    }
}
