//! Command lines that show what `--max-bytes` cut: rebuilt from resolved values, so they are
//! exact (a `--range 1h` becomes the `--from` it meant, which still holds when the command is
//! run later) and safe to paste into a shell.

use crate::cli::{OutputArgs, ScopeArg};
use crate::model::{Cursor, Filter, Order, SortKey};
use crate::render::budget::Step;

/// A word as a POSIX shell reads it back: bare when it is made of safe characters, else in
/// single quotes.
pub fn word(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The flags that select what `filter` selects.
pub fn filter_flags(f: &Filter) -> Vec<String> {
    let mut out = Vec::new();
    let mut flag = |name: &str, value: &str| {
        out.push(name.to_string());
        out.push(word(value));
    };
    if let Some(t) = f.from {
        flag("--from", &t.to_rfc3339());
    }
    if let Some(t) = f.to {
        flag("--to", &t.to_rfc3339());
    }
    for (name, values) in [
        ("--service", &f.service),
        ("--model", &f.model),
        ("--provider", &f.provider),
        ("--session", &f.session),
        ("--user", &f.user),
        ("--agent", &f.agent),
        ("--annotation", &f.annotation),
    ] {
        for v in values {
            flag(name, v);
        }
    }
    for k in &f.kind {
        flag("--kind", k.as_str());
    }
    if let Some(s) = f.status {
        flag("--status", s.as_str());
    }
    if let Some(n) = &f.name {
        flag("--name", n);
    }
    if let Some(d) = f.min_duration {
        flag("--min-duration", &format!("{d}ns"));
    }
    if let Some(d) = f.max_duration {
        flag("--max-duration", &format!("{d}ns"));
    }
    if let Some(t) = &f.text {
        flag("--text", t);
    }
    for a in &f.attr {
        out.push("--attr".into());
        out.push(word(&a.key));
        out.push(word(a.op.as_str()));
        if let Some(v) = &a.value {
            out.push(word(v));
        }
    }
    out
}

/// What a list command was asked for, to continue it after a given row.
pub struct ListCommand<'a> {
    /// `["trace", "list"]` or `["span", "list", "--trace-id", …]`.
    pub head: Vec<String>,
    pub filter: &'a Filter,
    pub sort: SortKey,
    pub order: Order,
    pub limit: usize,
    /// `--all`: the rest streams every page too.
    pub all: bool,
    pub output: &'a OutputArgs,
    pub max_bytes: usize,
}

impl ListCommand<'_> {
    /// The same command, continuing after `cursor` (from the start when `None`).
    pub fn after(&self, cursor: Option<&Cursor>) -> String {
        let mut words = vec!["canopy".to_string()];
        words.extend(self.head.iter().cloned());
        words.extend(filter_flags(self.filter));
        if self.sort != SortKey::Start {
            words.extend(["--sort".into(), self.sort.as_str().into()]);
        }
        if self.order != Order::Desc {
            words.extend(["--order".into(), self.order.as_str().into()]);
        }
        words.extend(["--limit".into(), self.limit.to_string()]);
        if self.all {
            words.push("--all".into());
        }
        if let Some(c) = cursor {
            words.extend(["--cursor".into(), c.to_string()]);
        }
        for (flag, fields) in [
            ("--json", &self.output.json),
            ("--jsonl", &self.output.jsonl),
        ] {
            if let Some(f) = fields {
                words.push(flag.into());
                if !f.trim().is_empty() {
                    words.push(word(f.trim()));
                }
            }
        }
        words.extend(["--max-bytes".into(), self.max_bytes.to_string()]);
        words.join(" ")
    }
}

/// `--scope X` when it is not the default.
pub fn scope_flags(scope: ScopeArg) -> Vec<String> {
    match scope {
        ScopeArg::All => Vec::new(),
        ScopeArg::Root => vec!["--scope".into(), "root".into()],
        ScopeArg::Entrypoint => vec!["--scope".into(), "entrypoint".into()],
    }
}

/// The `span get` view that shows the field at `path` of a span's JSON whole.
pub fn span_field(trace: &str, span: &str, path: &[Step]) -> String {
    let view = match path.first() {
        Some(Step::Key(k)) => match k.as_str() {
            "input" | "output" | "tool" => "--view io",
            "attributes" | "resource" | "scope" | "sources" => "--view attributes",
            "events" | "error" => "--view events",
            _ => "--json",
        },
        _ => "--json",
    };
    format!("canopy span get {trace} {span} {view}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttrFilter, Nanos, SpanKind, StatusFilter, TraceId};

    #[test]
    fn words_survive_a_shell() {
        assert_eq!(word("gpt-4o"), "gpt-4o");
        assert_eq!(
            word("2026-11-22T04:00:00.000000000Z"),
            "2026-11-22T04:00:00.000000000Z"
        );
        assert_eq!(word("rate limit"), "'rate limit'");
        assert_eq!(word("it's"), r"'it'\''s'");
        assert_eq!(word("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(word(""), "''");
    }

    #[test]
    fn a_list_continues_after_a_row_with_the_same_filters() {
        let filter = Filter {
            from: Some(Nanos(1_795_000_000_000_000_000)),
            kind: vec![SpanKind::Llm],
            status: Some(StatusFilter::Error),
            min_duration: Some(5_000_000),
            attr: vec![AttrFilter::new("user.tier", "=", Some("gold plus")).unwrap()],
            text: Some("rate limit".into()),
            ..Default::default()
        };
        let output = OutputArgs {
            json: None,
            jsonl: Some("trace_id,total_tokens".into()),
        };
        let cmd = ListCommand {
            head: vec!["trace".into(), "list".into()],
            filter: &filter,
            sort: SortKey::Cost,
            order: Order::Desc,
            limit: 50,
            all: false,
            output: &output,
            max_bytes: 4096,
        };
        let cursor = Cursor {
            sort: SortKey::Cost,
            key: 7,
            trace_id: TraceId([0xab; 16]),
            span_id: None,
        };
        insta::assert_snapshot!(cmd.after(Some(&cursor)), @"canopy trace list --from 2026-11-18T11:06:40.000000000Z --kind LLM --status error --min-duration 5000000ns --text 'rate limit' --attr user.tier = 'gold plus' --sort cost --limit 50 --cursor cost.7.abababababababababababababababab --jsonl trace_id,total_tokens --max-bytes 4096");
    }

    #[test]
    fn fields_map_to_the_view_that_shows_them() {
        let at = |k: &str| span_field("t", "s", &[Step::Key(k.into()), Step::Index(0)]);
        assert_eq!(at("input"), "canopy span get t s --view io");
        assert_eq!(at("attributes"), "canopy span get t s --view attributes");
        assert_eq!(at("events"), "canopy span get t s --view events");
        assert_eq!(at("name"), "canopy span get t s --json");
    }
}
