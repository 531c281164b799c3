//! `canopy span facets`

use crate::app::Context;
use crate::cli::SpanFacetsArgs;
use crate::commands::common;
use crate::model::SpanQuery;
use crate::render::lists::{facets_blocks, facets_tsv};

pub async fn run(ctx: &Context, args: &SpanFacetsArgs) -> anyhow::Result<()> {
    let query = SpanQuery {
        filter: common::filter(&args.filter, ctx.settings.now, ctx.settings.range)?,
        trace_id: args.trace_id.clone(),
        scope: super::scope(args.scope),
        ..Default::default()
    };
    let facets = ctx.client().span_facets(&query).await?;
    let ui = &ctx.ui;
    if args.json {
        ui.emit(&super::super::to_json(ui, &facets))?;
    } else if ui.is_tty() {
        ui.emit_lines(&facets_blocks(&facets, "spans", ui.styles()))?;
    } else {
        ui.emit_lines(&facets_tsv(&facets))?;
    }
    Ok(())
}
