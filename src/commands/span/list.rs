//! `canopy span list`
//!
//! Pages are printed as they arrive (`--all` streams them all), or, with `--max-bytes`, taken
//! while they fit and ended by a marker naming the command that continues (`commands::fit`).
//! `--follow` hands over to `commands::follow`.

use crate::app::Context;
use crate::cli::SpanListArgs;
use crate::commands::common::{self, Format, PagePrinter};
use crate::commands::fit::ListFit;
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
    let mut fit = args.max_bytes.map(|max| ListFit::new(format.clone(), max));

    let mut printer = PagePrinter::new(ui, format, args.page.all);
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
    loop {
        let page = ctx.client().list_spans(&query).await?;
        let more = args.page.all && page.next_cursor.is_some();
        if let (Some(fit), Some(rest)) = (&mut fit, &rest) {
            let locate = |s: &Span, path: &[_]| {
                rest::span_field(&s.trace_id.to_hex(), &s.span_id.to_hex(), path)
            };
            if !fit.page(&page.spans, more, human, rest, &locate) {
                break;
            }
        } else {
            printer.page(&page.spans, human)?;
        }
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
    let printed = match fit {
        Some(fit) => {
            let (text, rows) = fit.finish();
            ui.emit_chunk(&text)?;
            rows
        }
        None => printer.finish()?,
    };
    if printed == 0 && human && ui.is_tty() {
        ui.note("no spans match");
        ui.hint("widen the time range with --range 7d or --range all");
    }
    Ok(())
}
