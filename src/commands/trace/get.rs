//! `canopy trace get`

use crate::app::Context;
use crate::cli::{TraceGetArgs, TraceView};
use crate::model::SpanTree;
use crate::render::tree::{self, TreeOptions};

pub async fn run(ctx: &Context, args: &TraceGetArgs) -> anyhow::Result<()> {
    let trace = ctx.client().get_trace(args.trace_id.as_str()).await?;
    let ui = &ctx.ui;
    if args.json {
        ui.emit(&super::super::to_json(ui, &trace))?;
        return Ok(());
    }
    match args.view {
        TraceView::Tree => {
            let tree = SpanTree::build(&trace.spans);
            let lines = tree::render(
                &tree,
                &TreeOptions {
                    styles: ui.styles(),
                    symbols: &crate::render::symbols::UTF8,
                    outline: Default::default(),
                    width: ui.is_tty().then(|| ui.width()),
                },
            );
            ui.emit_lines(&lines)?;
        }
    }
    Ok(())
}
