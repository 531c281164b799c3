//! `canopy trace diff`
//!
//! Fetches both traces at once (payloads only with --io, since nothing else shows them),
//! aligns them with `model::diff`, and hands the result to `render::diff`. Exit 0 unless
//! --exit-code and they differ, like `git diff --exit-code`.

use crate::app::Context;
use crate::cli::TraceDiffArgs;
use crate::error::Failure;
use crate::model::TraceDetail;
use crate::model::diff::{DiffOptions, diff};
use crate::render::diff::{self as view, DiffViewOptions, counts_line};
use crate::render::diff_rows;
use crate::render::symbols::{ASCII, UTF8};

pub async fn run(ctx: &Context, args: &TraceDiffArgs) -> anyhow::Result<()> {
    let client = ctx.client();
    let detail = if args.io {
        TraceDetail::FULL
    } else {
        TraceDetail::STRUCTURE
    };
    let (a, b) = tokio::join!(
        client.get_trace(args.a.as_str(), detail),
        client.get_trace(args.b.as_str(), detail)
    );
    let (a, b) = (a?, b?);
    let result = diff(&a.spans, &b.spans, DiffOptions { io: args.io });

    let ui = &ctx.ui;
    let symbols = if args.ascii { &ASCII } else { &UTF8 };
    let opts = DiffViewOptions {
        styles: ui.styles(),
        symbols,
        width: args
            .width
            .map(usize::from)
            .or_else(|| ui.is_tty().then(|| ui.width())),
        all: args.all,
        io: args.io,
    };
    if args.json {
        ui.emit(&super::super::to_json(
            ui,
            &diff_rows::json(&a, &b, &result, args.io),
        ))?;
    } else if ui.is_tty() {
        ui.emit_lines(&view::render(&a, &b, &result, &opts))?;
    } else {
        ui.stream_lines(&diff_rows::tsv(&a, &b, &result, &opts))?;
    }

    if args.exit_code && !result.is_identical() {
        return Err(Failure::new(
            format!(
                "the traces differ: {}",
                counts_line(&result.counts(), false, symbols.dot)
            ),
            "without --exit-code, `trace diff` exits 0 whether or not they differ",
        )
        .into());
    }
    Ok(())
}
