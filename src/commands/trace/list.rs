//! `canopy trace list`
//!
//! Pages are printed as they arrive (`--all` streams them all), or, with `--max-bytes`, taken
//! while they fit and ended by a marker naming the command that continues (`commands::fit`).
//! `--follow` hands over to `commands::follow`.

use crate::app::Context;
use crate::cli::TraceListArgs;
use crate::commands::common::{self, Format, PagePrinter};
use crate::commands::fit::ListFit;
use crate::commands::rest::ListCommand;
use crate::model::{Cursor, TraceQuery, TraceSummary};
use crate::render::table::{ListOptions, traces_table, traces_tsv};

pub async fn run(ctx: &Context, args: &TraceListArgs) -> anyhow::Result<()> {
    if args.follow.follow {
        return crate::commands::follow::traces(ctx, args).await;
    }
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
    let start = query.cursor;
    let rest = args.max_bytes.map(|max_bytes| ListCommand {
        head: vec!["trace".into(), "list".into()],
        filter: &query.filter,
        sort,
        order,
        limit,
        all: args.page.all,
        output: &args.output,
        max_bytes,
    });
    let rest = rest.map(|r| {
        move |row: Option<&TraceSummary>| {
            r.after(row.map(|t| Cursor::after_trace(sort, t)).or(start).as_ref())
        }
    });
    let mut fit = args.max_bytes.map(|max| ListFit::new(format.clone(), max));

    let mut printer = PagePrinter::new(ui, format, args.page.all);
    let opts = ListOptions {
        styles: ui.styles(),
        width: ui.width(),
        now,
        colored: ui.color(),
    };
    let human = |rows: &[TraceSummary], first: bool| {
        if ui.is_tty() {
            let lines = traces_table(rows, &opts);
            lines.into_iter().skip(usize::from(!first)).collect()
        } else {
            traces_tsv(rows)
        }
    };
    loop {
        let page = ctx.client().list_traces(&query).await?;
        let more = args.page.all && page.next_cursor.is_some();
        if let (Some(fit), Some(rest)) = (&mut fit, &rest) {
            let locate = |t: &TraceSummary, _: &[_]| {
                format!("canopy trace get {} --view summary", t.trace_id)
            };
            if !fit.page(&page.traces, more, human, rest, &locate) {
                break;
            }
        } else {
            printer.page(&page.traces, human)?;
        }
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
    let printed = match fit {
        Some(fit) => {
            let (text, rows) = fit.finish();
            ui.emit_chunk(&text)?;
            rows
        }
        None => printer.finish()?,
    };
    if printed == 0 && human && ui.is_tty() {
        ui.note("no traces match");
        ui.hint(
            "widen the time range with --range 7d or --range all, or send traces to `canopy serve`",
        );
    }
    Ok(())
}
