//! `canopy usage`

use crate::app::Context;
use crate::cli::{UsageArgs, UsageByArg};
use crate::commands::common;
use crate::model::{UsageBy, UsageQuery};
use crate::render::table::ListOptions;
use crate::render::usage::{usage_table, usage_tsv};

pub async fn run(ctx: &Context, args: &UsageArgs) -> anyhow::Result<()> {
    let query = UsageQuery {
        filter: common::filter(&args.filter, ctx.settings.now, ctx.settings.range)?,
        by: match args.by {
            UsageByArg::Model => UsageBy::Model,
            UsageByArg::Provider => UsageBy::Provider,
            UsageByArg::Agent => UsageBy::Agent,
            UsageByArg::Service => UsageBy::Service,
            UsageByArg::Session => UsageBy::Session,
            UsageByArg::Day => UsageBy::Day,
        },
    };
    let report = ctx.client().usage(&query).await?;
    let ui = &ctx.ui;
    if args.json {
        ui.emit(&super::to_json(ui, &report.rows_json()))?;
    } else if !ui.is_tty() {
        ui.emit_lines(&usage_tsv(&report))?;
    } else if report.groups.is_empty() {
        ui.note("no model calls match");
        ui.hint("widen the time range with --range 7d or --range all");
    } else {
        let opts = ListOptions {
            styles: ui.styles(),
            width: ui.width(),
            now: ctx.settings.now,
            colored: ui.color(),
        };
        ui.emit_lines(&usage_table(&report, &opts))?;
    }
    Ok(())
}
