//! `canopy trace get`
//!
//! Checks that the flags fit the view before any request, fetches the trace once, and hands it
//! to the view's renderer. `--view otlp` is the one place a command uses `otlp` (to encode);
//! everything else is `render`.

use crate::app::Context;
use crate::cli::{TraceGetArgs, TraceView};
use crate::error::UsageError;
use crate::model::SpanTree;
use crate::otlp;
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
    // Structure and timing views do not show payloads; the rest (and --json) need them.
    let trace = match view {
        TraceView::Tree | TraceView::Timeline | TraceView::Summary | TraceView::Otlp => {
            ctx.client().get_trace_structure(id).await?
        }
        TraceView::Thread | TraceView::Json => ctx.client().get_trace(id).await?,
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
    let lines = match view {
        TraceView::Json => return Ok(ui.emit(&super::super::to_json(ui, &trace))?),
        TraceView::Otlp => return Ok(ui.emit(&otlp::encode::to_json(&trace.spans, ui.is_tty()))?),
        TraceView::Tree => tree::render(
            &tree,
            &TreeOptions {
                styles,
                symbols,
                width: cut,
                outline,
            },
        ),
        TraceView::Timeline => timeline::render(
            &tree,
            &TimelineOptions {
                styles,
                symbols,
                width: width.unwrap_or(ui.width()),
                outline,
            },
        ),
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
    ui.emit_lines(&lines)?;
    Ok(())
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
