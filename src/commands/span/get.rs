//! `canopy span get`

use crate::app::Context;
use crate::cli::{SpanGetArgs, SpanView};
use crate::render::fields::FieldOptions;
use crate::render::message::BlockOptions;
use crate::render::symbols::UTF8;
use crate::render::{events, io, span};

pub async fn run(ctx: &Context, args: &SpanGetArgs) -> anyhow::Result<()> {
    let view = if args.json { SpanView::Json } else { args.view };
    let found = ctx
        .client()
        .get_span(args.trace_id.as_str(), &args.span_id)
        .await?;
    let ui = &ctx.ui;
    let styles = ui.styles();
    let width = args.width.map(usize::from);
    let cut = width.or_else(|| ui.is_tty().then(|| ui.width()));
    let fields = FieldOptions {
        styles,
        width: cut,
        now: ui.is_tty().then_some(ctx.settings.now),
    };
    let id = found.span_id.to_hex();
    let lines = match view {
        SpanView::Json => return Ok(ui.emit(&super::super::to_json(ui, &found))?),
        SpanView::Summary => span::summary(&found, UTF8.dot, &fields),
        SpanView::Attributes => span::attributes(&found, &fields),
        SpanView::Events => {
            let lines = events::render(&found, UTF8.times, &fields);
            if lines.is_empty() {
                ui.note(&format!("span {id} has no events"));
            }
            lines
        }
        SpanView::Io => {
            let block = BlockOptions {
                styles,
                symbols: &UTF8,
                width: cut,
            };
            let lines = io::render(&found, &block);
            if lines.is_empty() {
                ui.note(&format!("span {id} recorded no input or output"));
                ui.hint(&format!(
                    "see what it did record with `canopy span get {} {id} --view attributes`",
                    found.trace_id
                ));
            }
            lines
        }
    };
    ui.emit_lines(&lines)?;
    Ok(())
}
