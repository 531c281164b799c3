//! `canopy trace annotate`

use crate::app::Context;
use crate::cli::TraceAnnotateArgs;
use crate::model::NewAnnotation;

pub async fn run(ctx: &Context, args: &TraceAnnotateArgs) -> anyhow::Result<()> {
    let new = NewAnnotation {
        span_id: args.span.clone(),
        label: args.label.clone(),
        score: args.score,
        note: args.note.clone(),
    };
    let stored = ctx.client().annotate(args.trace_id.as_str(), &new).await?;
    let ui = &ctx.ui;
    if args.json {
        ui.emit(&super::super::to_json(ui, &stored))?;
    } else {
        let target = match stored.span_id {
            Some(span) => format!("span {span} of trace {}", stored.trace_id),
            None => format!("trace {}", stored.trace_id),
        };
        ui.note(&format!("annotated {target} with {:?}", stored.label));
    }
    Ok(())
}
