//! The crate root: where `mod telemetry;` and the init call go, found with `syn`, inserted by
//! byte offset so that nothing else in the file changes.
//!
//! - `mod telemetry;` goes on a line of its own in front of the first item (its doc comments and
//!   attributes included), after any inner attributes, shebang or byte-order mark.
//! - The init call becomes the first statement of `main`: on the line after `{` when the brace
//!   ends its line (so a comment above the old first statement stays with it), else in front of
//!   the first statement, indented like it. Sync `main`, `async fn main` under `#[tokio::main]`
//!   (any flavor) and `-> Result<…>` all take the same statement: it binds a guard, it never
//!   returns early.
//! - When neither can start a line (`fn main() { run(); }` after other code on the same line),
//!   the snippet is inserted inline with one space after it; undo knows both shapes.

use std::borrow::Cow;

use proc_macro2::Span;
use syn::spanned::Spanned;

use super::InstrumentError;
use super::text::{self, BOM, Insertion};

/// Declares the module in the crate root.
pub const MOD_DECL: &str = "mod telemetry;";
/// Starts export and installs a subscriber (the program has none).
pub const INIT: &str = "let _telemetry = telemetry::init();";
/// Starts export only (the program's own subscriber gets the layer).
pub const INIT_EXPORTER: &str = "let _telemetry = telemetry::init_exporter();";

/// Which init call `main` gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Init {
    /// `telemetry::init()`: the program installs no subscriber of its own.
    WithSubscriber,
    /// `telemetry::init_exporter()`: the program's subscriber gets `telemetry::layer()`.
    ExporterOnly,
}

impl Init {
    fn statement(self) -> &'static str {
        match self {
            Init::WithSubscriber => INIT,
            Init::ExporterOnly => INIT_EXPORTER,
        }
    }
}

/// Parses Rust source. Offsets in the result are byte offsets into `source` itself: a BOM and a
/// shebang line are blanked out with spaces (same length) instead of being cut off.
pub fn parse(source: &str, display: &str) -> Result<syn::File, InstrumentError> {
    let mut text = Cow::Borrowed(source);
    let body = if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let mut blank = body;
    let rest = &source[body..];
    if rest.starts_with("#!") && !rest[2..].trim_start().starts_with('[') {
        blank = body + rest.find('\n').unwrap_or(rest.len());
    }
    if blank > 0 {
        let mut bytes = source.as_bytes().to_vec();
        bytes[..blank].fill(b' ');
        text = Cow::Owned(String::from_utf8(bytes).expect("ASCII spaces keep UTF-8 valid"));
    }
    syn::parse_str::<syn::File>(&text).map_err(|e| {
        let at = e.span().start();
        InstrumentError::refused(
            format!("cannot parse {display}:{}:{}: {e}", at.line, at.column + 1),
            "fix the file so that it builds, then run canopy instrument again",
        )
    })
}

/// Byte offsets of a syntax node.
pub fn range(node: &impl Spanned) -> std::ops::Range<usize> {
    span_range(node.span())
}

pub fn span_range(span: Span) -> std::ops::Range<usize> {
    span.byte_range()
}

/// True when the file holds an init call instrument inserted.
pub fn is_instrumented(source: &str) -> bool {
    source.contains(INIT) || source.contains(INIT_EXPORTER)
}

/// True when the file declares the module with instrument's marker.
pub fn declares_module(source: &str) -> bool {
    source.contains(MOD_DECL)
}

/// The insertions that add the module declaration and the init call to a crate root.
pub fn root_insertions(
    source: &str,
    display: &str,
    init: Init,
) -> Result<Vec<Insertion>, InstrumentError> {
    let file = parse(source, display)?;
    if let Some(item) = file.items.iter().find(|i| names_telemetry(i)) {
        let line = text::line_number(source, range(item).start);
        return Err(InstrumentError::refused(
            format!(
                "{display}:{line} already defines a `telemetry` name, which the generated module needs"
            ),
            "rename yours (or remove it), then run canopy instrument again",
        ));
    }
    let main = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident == "main" => Some(f),
            _ => None,
        })
        .ok_or_else(|| {
            InstrumentError::refused(
                format!("{display} has no `fn main`"),
                "canopy instrument needs the program's main function in its crate root",
            )
        })?;
    let eol = text::line_ending(source);
    let first = file.items.first().expect("main is an item");
    let mut out = vec![statement_before(source, range(first).start, MOD_DECL, eol)];
    out.push(first_statement(source, main, init.statement(), eol));
    Ok(out)
}

/// `code` as a line of its own in front of the line at `at` when `at` starts that line, else
/// inline in front of `at`.
pub fn statement_before(source: &str, at: usize, code: &str, eol: &str) -> Insertion {
    if text::starts_line(source, at) {
        Insertion {
            at: text::line_start(source, at),
            text: text::marked_line(text::indentation(source, at), code, eol),
        }
    } else {
        Insertion {
            at,
            text: format!("{code} "),
        }
    }
}

fn first_statement(source: &str, main: &syn::ItemFn, code: &str, eol: &str) -> Insertion {
    let open = span_range(main.block.brace_token.span.open()).end;
    let close = span_range(main.block.brace_token.span.close()).start;
    let anchor = main.block.stmts.first().map_or(close, |s| range(s).start);
    let has_inner_attrs = main
        .attrs
        .iter()
        .any(|a| matches!(a.style, syn::AttrStyle::Inner(_)));
    let after_brace = text::next_line_start(source, open);
    let brace_ends_line = source[open..after_brace].trim().is_empty() && after_brace <= anchor;
    if brace_ends_line && !has_inner_attrs {
        let indent = if anchor < close && text::starts_line(source, anchor) {
            text::indentation(source, anchor).to_string()
        } else {
            format!(
                "{}{}",
                text::indentation(source, open),
                text::indent_unit(source)
            )
        };
        return Insertion {
            at: after_brace,
            text: text::marked_line(&indent, code, eol),
        };
    }
    if anchor == close && !has_inner_attrs {
        // `fn main() {}`: inside the braces.
        return Insertion {
            at: close,
            text: format!("{code} "),
        };
    }
    statement_before(source, anchor, code, eol)
}

/// True for `mod telemetry` and for a `use` that brings a `telemetry` name into the root.
fn names_telemetry(item: &syn::Item) -> bool {
    fn tree(t: &syn::UseTree) -> bool {
        match t {
            syn::UseTree::Path(p) => tree(&p.tree),
            syn::UseTree::Name(n) => n.ident == "telemetry",
            syn::UseTree::Rename(r) => r.rename == "telemetry",
            syn::UseTree::Glob(_) => false,
            syn::UseTree::Group(g) => g.items.iter().any(tree),
        }
    }
    match item {
        syn::Item::Mod(m) => m.ident == "telemetry",
        syn::Item::Use(u) => tree(&u.tree),
        _ => false,
    }
}

/// Every snippet instrument inserts into Rust files, as whole marked lines.
pub fn line_snippets() -> [&'static str; 7] {
    [
        MOD_DECL,
        INIT,
        INIT_EXPORTER,
        super::subscriber::LAYER,
        super::subscriber::FINISH_LAYER,
        super::subscriber::USE_EXT,
        super::subscriber::USE_EXT_INIT,
    ]
}

/// The file without anything instrument inserted: marked lines first, then the inline forms.
pub fn remove_insertions(source: &str) -> String {
    let mut out = text::remove_marked_lines(source, &line_snippets());
    for statement in [
        MOD_DECL,
        INIT,
        INIT_EXPORTER,
        super::subscriber::USE_EXT,
        super::subscriber::USE_EXT_INIT,
    ] {
        out = out.replace(&format!("{statement} "), "");
    }
    // `.finish()` was ours only where a builder went straight on to `.init()`/`.try_init()`;
    // planning refuses the one original that would read the same (`….finish().init()`).
    let finish = super::subscriber::FINISH_LAYER;
    let mut rest = out.as_str();
    let mut kept = String::with_capacity(out.len());
    while let Some(i) = rest.find(finish) {
        let after = &rest[i + finish.len()..];
        kept.push_str(&rest[..i]);
        if !(after.starts_with(".init()") || after.starts_with(".try_init()")) {
            kept.push_str(finish);
        }
        rest = after;
    }
    kept.push_str(rest);
    kept.replace(super::subscriber::LAYER, "")
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
