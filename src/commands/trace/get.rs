//! `canopy trace get`
//!
//! Checks that the flags fit the view before any request, fetches the trace once, and hands it
//! to the view's renderer. `--view otlp` is the one place a command uses `otlp` (to encode);
//! everything else is `render`. With `--max-bytes`, text views keep whole lines and name the
//! command that shows all of it (and, for the tree and timeline, the `--depth` that fits);
//! JSON is cut by `render::budget`.

use crate::app::Context;
use crate::cli::{TraceGetArgs, TraceView};
use crate::commands::rest;
use crate::error::UsageError;
use crate::model::{Cursor, MAX_PAGE, SortKey, SpanTree, Trace, TraceDetail};
use crate::otlp;
use crate::render::budget::{ArrayRest, Step, fit_document, fit_lines};
use crate::render::fields::FieldOptions;
use crate::render::message::BlockOptions;
use crate::render::outline::OutlineOptions;
use crate::render::symbols::{ASCII, UTF8};
use crate::render::timeline::{self, TimelineOptions};
use crate::render::tree::{self, TreeOptions};
use crate::render::{summary, thread};

/// The view the flags ask for, or a usage error when a flag does not apply to it.
fn resolve(args: &TraceGetArgs) -> Result<TraceView, UsageError> {
    let view = if args.json {
        TraceView::Json
    } else {
        args.view
    };
    if args.max_bytes.is_some() && view == TraceView::Otlp {
        return Err(UsageError::new(
            "--max-bytes does not apply to --view otlp: cutting values would change the data",
        )
        .with_hint("use --view json with --max-bytes, or leave --max-bytes out"));
    }
    if !view.is_tree_shaped() {
        let flag = [
            (args.depth.is_some(), "--depth"),
            (args.errors, "--errors"),
            (args.expand, "--expand"),
        ]
        .into_iter()
        .find_map(|(set, name)| set.then_some(name));
        if let Some(flag) = flag {
            return Err(UsageError::new(format!(
                "{flag} applies to the tree and timeline views, not to --view {}",
                view_name(view)
            ))
            .with_hint("use it with --view tree or --view timeline"));
        }
    }
    Ok(view)
}

fn view_name(view: TraceView) -> &'static str {
    match view {
        TraceView::Tree => "tree",
        TraceView::Timeline => "timeline",
        TraceView::Thread => "thread",
        TraceView::Summary => "summary",
        TraceView::Json => "json",
        TraceView::Otlp => "otlp",
    }
}

pub async fn run(ctx: &Context, args: &TraceGetArgs) -> anyhow::Result<()> {
    let view = resolve(args)?;
    let id = args.trace_id.as_str();
    // The tree and timeline need only the outline; the summary and OTLP views raw attributes
    // but no payloads; the rest (and --json) everything.
    let client = ctx.client();
    let trace = match view {
        TraceView::Tree | TraceView::Timeline => client.get_trace_outline(id).await?,
        TraceView::Summary | TraceView::Otlp => {
            client.get_trace(id, TraceDetail::STRUCTURE).await?
        }
        TraceView::Thread | TraceView::Json => client.get_trace(id, TraceDetail::FULL).await?,
    };
    let ui = &ctx.ui;
    let styles = ui.styles();
    let symbols = if args.ascii { &ASCII } else { &UTF8 };
    // An explicit --width lays out (and cuts) for that width even in a pipe; otherwise lines
    // are cut to the terminal and kept whole in a pipe.
    let width = args.width.map(usize::from);
    let cut = width.or_else(|| ui.is_tty().then(|| ui.width()));
    let outline = OutlineOptions {
        max_depth: args.depth,
        errors_only: args.errors,
        collapse: !args.expand,
    };
    let tree = SpanTree::build(&trace.spans);
    // The tree-shaped views, drawn with an outline (`--max-bytes` redraws them shallower).
    let draw = |outline: OutlineOptions| match view {
        TraceView::Timeline => timeline::render(
            &tree,
            &TimelineOptions {
                styles,
                symbols,
                width: width.unwrap_or(ui.width()),
                outline,
            },
        ),
        _ => tree::render(
            &tree,
            &TreeOptions {
                styles,
                symbols,
                width: cut,
                outline,
            },
        ),
    };
    let lines = match view {
        TraceView::Json => {
            let text = match args.max_bytes {
                Some(max) => budgeted_json(&trace, max, ui.is_tty()),
                None => super::super::to_json(ui, &trace),
            };
            return Ok(ui.emit(&text)?);
        }
        TraceView::Otlp => return Ok(ui.emit(&otlp::encode::to_json(&trace.spans, ui.is_tty()))?),
        TraceView::Tree | TraceView::Timeline => draw(outline),
        TraceView::Thread => {
            let lines = thread::render(
                &tree,
                &BlockOptions {
                    styles,
                    symbols,
                    width: cut,
                },
            );
            if lines.is_empty() {
                ui.note("this trace has no LLM or tool spans, so no conversation to show");
                ui.hint(&format!(
                    "see its spans with `canopy trace get {} --view tree`",
                    trace.trace_id
                ));
            }
            lines
        }
        TraceView::Summary => summary::render(
            &trace,
            symbols.dot,
            &FieldOptions {
                styles,
                width: cut,
                now: ui.is_tty().then_some(ctx.settings.now),
            },
        ),
    };
    if args.errors && lines.is_empty() {
        ui.note("no span in this trace failed");
    }
    let lines = match args.max_bytes {
        Some(max) => {
            let mut rest = rest_command(args, view, &trace.trace_id.to_hex());
            if view.is_tree_shaped() && lines.iter().map(|l| l.len() + 1).sum::<usize>() > max {
                let fits = |depth: usize| {
                    let lines = draw(OutlineOptions {
                        max_depth: Some(depth),
                        ..outline
                    });
                    lines.iter().map(|l| l.len() + 1).sum::<usize>() <= max
                };
                // The deepest view that fits whole, if a shallower one does.
                let deepest = args.depth.unwrap_or(MAX_SUGGESTED_DEPTH);
                if let Some(d) = (0..deepest.min(MAX_SUGGESTED_DEPTH))
                    .rev()
                    .find(|&d| fits(d))
                {
                    rest.push_str(&format!(", or --depth {d} to fit"));
                }
            }
            fit_lines(lines, max, &rest)
        }
        None => lines,
    };
    ui.emit_lines(&lines)?;
    Ok(())
}

/// Depths tried when looking for a tree that fits `--max-bytes` whole.
const MAX_SUGGESTED_DEPTH: usize = 8;

/// The command that shows the whole view: the same flags, without `--max-bytes`.
fn rest_command(args: &TraceGetArgs, view: TraceView, id: &str) -> String {
    let mut cmd = format!("canopy trace get {id} --view {}", view_name(view));
    if let Some(d) = args.depth {
        cmd.push_str(&format!(" --depth {d}"));
    }
    for (set, flag) in [
        (args.errors, " --errors"),
        (args.expand, " --expand"),
        (args.ascii, " --ascii"),
    ] {
        if set {
            cmd.push_str(flag);
        }
    }
    if let Some(w) = args.width {
        cmd.push_str(&format!(" --width {w}"));
    }
    cmd
}

/// The trace as JSON within `max` bytes: long strings cut first (each marker names the span
/// view that shows it whole), then the spans after those that fit, named as a `span list`
/// that continues in the same order.
fn budgeted_json(trace: &Trace, max: usize, pretty: bool) -> String {
    let id = trace.trace_id.to_hex();
    let value = serde_json::to_value(trace).expect("model types serialize to JSON");
    let locate = |path: &[Step]| match path {
        [Step::Key(k), Step::Index(i), rest @ ..] if k == "spans" => {
            trace.spans.get(*i).map_or_else(
                || format!("canopy trace get {id} --json"),
                |s| rest::span_field(&id, &s.span_id.to_hex(), rest),
            )
        }
        [Step::Key(k), ..] if k == "summary" => format!("canopy trace get {id} --view summary"),
        _ => format!("canopy trace get {id} --json"),
    };
    let after = |last: Option<&serde_json::Value>| {
        let span = last
            .and_then(|v| v["span_id"].as_str())
            .and_then(|s| trace.spans.iter().find(|x| x.span_id.to_hex() == s));
        let mut cmd = format!(
            "canopy span list --trace-id {id} --order asc --limit {MAX_PAGE} --json --max-bytes {max}"
        );
        if let Some(s) = span {
            cmd.push_str(&format!(
                " --cursor {}",
                Cursor::after_span(SortKey::Start, s)
            ));
        }
        cmd
    };
    fit_document(
        &value,
        max,
        pretty,
        &locate,
        Some(ArrayRest {
            key: "spans",
            rest: &after,
        }),
        &format!("canopy trace get {id} --json"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command, TraceCommand};
    use clap::Parser;

    fn args(argv: &[&str]) -> TraceGetArgs {
        let mut full = vec!["canopy", "trace", "get", "0a87"];
        full.extend_from_slice(argv);
        match Cli::try_parse_from(full).unwrap().command {
            Command::Trace(TraceCommand::Get(a)) => a,
            _ => unreachable!(),
        }
    }

    #[test]
    fn tree_flags_only_go_with_tree_shaped_views() {
        assert_eq!(resolve(&args(&["--depth", "2"])), Ok(TraceView::Tree));
        assert_eq!(
            resolve(&args(&["--view", "timeline", "--errors"])),
            Ok(TraceView::Timeline)
        );
        assert_eq!(resolve(&args(&["--json"])), Ok(TraceView::Json));
        let err = resolve(&args(&["--view", "thread", "--expand"])).unwrap_err();
        assert_eq!(
            err.message,
            "--expand applies to the tree and timeline views, not to --view thread"
        );
    }
}
