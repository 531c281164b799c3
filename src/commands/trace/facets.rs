//! `canopy trace facets`

use crate::app::Context;
use crate::cli::TraceFacetsArgs;
use crate::commands::common;
use crate::model::TraceQuery;
use crate::render::lists::{facets_blocks, facets_tsv};

pub async fn run(ctx: &Context, args: &TraceFacetsArgs) -> anyhow::Result<()> {
    let query = TraceQuery {
        filter: common::filter(&args.filter, ctx.settings.now, ctx.settings.range)?,
        ..Default::default()
    };
    let facets = ctx.client().trace_facets(&query).await?;
    let ui = &ctx.ui;
    if args.json {
        ui.emit(&super::super::to_json(ui, &facets))?;
    } else if ui.is_tty() {
        ui.emit_lines(&facets_blocks(&facets, "traces", ui.styles()))?;
    } else {
        ui.emit_lines(&facets_tsv(&facets))?;
    }
    Ok(())
}
