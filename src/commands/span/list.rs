//! `canopy span list`
//!
//! Pages are printed as they arrive (`--all` streams them all), or, with `--max-bytes`, taken
//! while they fit and ended by a marker naming the command that continues (`commands::fit`).
//! `--follow` hands over to `commands::follow`.

use crate::app::Context;
use crate::cli::SpanListArgs;
use crate::commands::common::{self, Format};
use crate::commands::fit::{Pages, Rest};
use crate::commands::rest::{self, ListCommand};
use crate::model::{Cursor, Span, SpanQuery};
use crate::render::lists::{spans_table, spans_tsv};
use crate::render::table::ListOptions;

pub async fn run(ctx: &Context, args: &SpanListArgs) -> anyhow::Result<()> {
    if args.follow.follow {
        return crate::commands::follow::spans(ctx, args).await;
    }
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
    let start = query.cursor;
    let rest = args.max_bytes.map(|max_bytes| {
        let mut head = vec!["span".to_string(), "list".to_string()];
        if let Some(t) = &args.trace_id {
            head.extend(["--trace-id".into(), t.to_string()]);
        }
        head.extend(rest::scope_flags(args.scope));
        ListCommand {
            head,
            filter: &query.filter,
            sort,
            order,
            limit,
            all: args.page.all,
            output: &args.output,
            max_bytes,
        }
    });
    let rest = rest.map(|r| {
        move |row: Option<&Span>| {
            r.after(row.map(|s| Cursor::after_span(sort, s)).or(start).as_ref())
        }
    });
    let opts = ListOptions {
        styles: ui.styles(),
        width: ui.width(),
        now,
        colored: ui.color(),
    };
    let human = |rows: &[Span], first: bool| {
        if ui.is_tty() {
            spans_table(rows, &opts)
                .into_iter()
                .skip(usize::from(!first))
                .collect()
        } else {
            spans_tsv(rows)
        }
    };
    let locate =
        |s: &Span, path: &[_]| rest::span_field(&s.trace_id.to_hex(), &s.span_id.to_hex(), path);
    let mut pages = Pages::new(ui, format, args.page.all, args.max_bytes, "spans");
    loop {
        let page = ctx.client().list_spans(&query).await?;
        let rest = rest.as_ref().map(|r| r as &Rest<'_, Span>);
        match pages.take(&page.spans, page.next_cursor, human, rest, &locate)? {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    pages.finish("widen the time range with --range 7d or --range all")
}
