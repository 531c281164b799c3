//! `canopy span get`

use crate::app::Context;
use crate::cli::SpanGetArgs;

pub async fn run(ctx: &Context, args: &SpanGetArgs) -> anyhow::Result<()> {
    let span = ctx
        .client()
        .get_span(args.trace_id.as_str(), &args.span_id)
        .await?;
    let ui = &ctx.ui;
    // The views (summary, io, attributes, events) come with the view renderers; until then
    // the whole normalized span is the answer either way.
    let _ = args.json;
    ui.emit(&super::super::to_json(ui, &span))?;
    Ok(())
}
