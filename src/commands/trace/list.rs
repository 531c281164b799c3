//! `canopy trace list`
//!
//! Pages are printed as they arrive (`--all` streams them all), or, with `--max-bytes`, taken
//! while they fit and ended by a marker naming the command that continues (`commands::fit`).
//! `--follow` hands over to `commands::follow`.

use crate::app::Context;
use crate::cli::TraceListArgs;
use crate::commands::common::{self, Format};
use crate::commands::fit::{Pages, Rest};
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
    let locate =
        |t: &TraceSummary, _: &[_]| format!("canopy trace get {} --view summary", t.trace_id);
    let mut pages = Pages::new(ui, format, args.page.all, args.max_bytes, "traces");
    loop {
        let page = ctx.client().list_traces(&query).await?;
        let rest = rest.as_ref().map(|r| r as &Rest<'_, TraceSummary>);
        match pages.take(&page.traces, page.next_cursor, human, rest, &locate)? {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    pages.finish(
        "widen the time range with --range 7d or --range all, or send traces to `canopy serve`",
    )
}
