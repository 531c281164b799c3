//! `canopy span get`
//!
//! With `--max-bytes`, text views keep whole lines and name the view that shows all of it;
//! JSON is cut by `render::budget`, each cut value naming the view that shows it whole.

use crate::app::Context;
use crate::cli::{SpanGetArgs, SpanView};
use crate::commands::rest;
use crate::render::budget::{Step, fit_document, fit_lines};
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
    let trace_id = found.trace_id.to_hex();
    let lines = match view {
        SpanView::Json => {
            let text = match args.max_bytes {
                Some(max) => {
                    let value = serde_json::to_value(&found).expect("spans serialize to JSON");
                    let locate = |path: &[Step]| rest::span_field(&trace_id, &id, path);
                    let whole = format!("canopy span get {trace_id} {id} --json");
                    fit_document(&value, max, ui.is_tty(), &locate, None, &whole)
                }
                None => super::super::to_json(ui, &found),
            };
            return Ok(ui.emit(&text)?);
        }
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
    let lines = match args.max_bytes {
        Some(max) => {
            let mut rest = format!("canopy span get {trace_id} {id} --view {}", view_name(view));
            if let Some(w) = args.width {
                rest.push_str(&format!(" --width {w}"));
            }
            fit_lines(lines, max, &rest)
        }
        None => lines,
    };
    ui.emit_lines(&lines)?;
    Ok(())
}

fn view_name(view: SpanView) -> &'static str {
    match view {
        SpanView::Summary => "summary",
        SpanView::Io => "io",
        SpanView::Attributes => "attributes",
        SpanView::Events => "events",
        SpanView::Json => "json",
    }
}
