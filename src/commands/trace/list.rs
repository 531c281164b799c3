//! `canopy trace list`

use crate::app::Context;
use crate::cli::TraceListArgs;
use crate::commands::common::{self, Format, PagePrinter};
use crate::model::{TraceQuery, TraceSummary};
use crate::render::table::{ListOptions, traces_table, traces_tsv};

pub async fn run(ctx: &Context, args: &TraceListArgs) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    let now = ctx.settings.now;
    let filter = common::filter(&args.filter, now, ctx.settings.range)?;
    let (sort, order, limit, cursor) = common::paging(&args.page, ctx.settings.limit)?;
    let format = Format::resolve::<TraceSummary>(&args.output)?;
    let mut query = TraceQuery {
        filter,
        sort,
        order,
        limit: Some(limit),
        cursor,
    };

    let mut printer = PagePrinter::new(ui, format, args.page.all);
    let opts = ListOptions {
        styles: ui.styles(),
        width: ui.width(),
        now,
        colored: ui.color(),
    };
    loop {
        let page = ctx.client().list_traces(&query).await?;
        printer.page(&page.traces, |rows, first| {
            if ui.is_tty() {
                let lines = traces_table(rows, &opts);
                lines.into_iter().skip(usize::from(!first)).collect()
            } else {
                traces_tsv(rows)
            }
        })?;
        match page.next_cursor {
            Some(next) if args.page.all => {
                query.cursor = Some(next.parse().map_err(anyhow::Error::msg)?)
            }
            Some(next) => {
                if printer.is_human() && ui.is_tty() {
                    ui.hint(&format!("more traces: pass --cursor {next} (or --all)"));
                }
                break;
            }
            None => break,
        }
    }
    let human = printer.is_human();
    if printer.finish()? == 0 && human && ui.is_tty() {
        ui.note("no traces match");
        ui.hint(
            "widen the time range with --range 7d or --range all, or send traces to `canopy serve`",
        );
    }
    Ok(())
}
