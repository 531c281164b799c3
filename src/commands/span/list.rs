//! `canopy span list`

use crate::app::Context;
use crate::cli::SpanListArgs;
use crate::commands::common::{self, Format, PagePrinter};
use crate::model::{Span, SpanQuery};
use crate::render::lists::{spans_table, spans_tsv};
use crate::render::table::ListOptions;

pub async fn run(ctx: &Context, args: &SpanListArgs) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    let now = ctx.settings.now;
    let filter = common::filter(&args.filter, now, ctx.settings.range)?;
    let (sort, order, limit, cursor) = common::paging(&args.page, ctx.settings.limit)?;
    let format = Format::resolve::<Span>(&args.output)?;
    let mut query = SpanQuery {
        filter,
        trace_id: args.trace_id.clone(),
        scope: super::scope(args.scope),
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
        let page = ctx.client().list_spans(&query).await?;
        printer.page(&page.spans, |rows, first| {
            if ui.is_tty() {
                spans_table(rows, &opts)
                    .into_iter()
                    .skip(usize::from(!first))
                    .collect()
            } else {
                spans_tsv(rows)
            }
        })?;
        match page.next_cursor {
            Some(next) if args.page.all => {
                query.cursor = Some(next.parse().map_err(anyhow::Error::msg)?)
            }
            Some(next) => {
                if printer.is_human() && ui.is_tty() {
                    ui.hint(&format!("more spans: pass --cursor {next} (or --all)"));
                }
                break;
            }
            None => break,
        }
    }
    let human = printer.is_human();
    if printer.finish()? == 0 && human && ui.is_tty() {
        ui.note("no spans match");
        ui.hint("widen the time range with --range 7d or --range all");
    }
    Ok(())
}
