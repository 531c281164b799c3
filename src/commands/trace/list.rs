//! `canopy trace list`

use crate::app::Context;
use crate::cli::{RangeArg, TimeArg, TraceListArgs};
use crate::model::{Nanos, TraceQuery};
use crate::render::table::{ListOptions, traces_table, traces_tsv};

/// An absolute time from a `--from`/`--to` value.
pub fn resolve_time(t: TimeArg, now: Nanos) -> Nanos {
    match t {
        TimeArg::At(ts) => Nanos::from_timestamp(ts),
        TimeArg::Ago(d) => Nanos(
            now.0
                .saturating_sub(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)),
        ),
    }
}

/// The time window of a list command, from `--range` or `--from`/`--to`.
pub fn window(
    range: Option<RangeArg>,
    from: Option<TimeArg>,
    to: Option<TimeArg>,
    now: Nanos,
) -> (Option<Nanos>, Option<Nanos>) {
    let from = match range {
        Some(RangeArg::Last(d)) => Some(resolve_time(TimeArg::Ago(d), now)),
        Some(RangeArg::All) => None,
        None => from.map(|t| resolve_time(t, now)),
    };
    (from, to.map(|t| resolve_time(t, now)))
}

pub async fn run(ctx: &Context, args: &TraceListArgs) -> anyhow::Result<()> {
    let now = ctx.settings.now;
    let (from, to) = window(args.range, args.from, args.to, now);
    let query = TraceQuery {
        from,
        to,
        limit: Some(args.limit as usize),
        cursor: None,
    };
    let page = ctx.client().list_traces(&query).await?;
    let ui = &ctx.ui;
    if args.json {
        ui.emit(&super::super::to_json(ui, &page.traces))?;
    } else if !ui.is_tty() {
        ui.emit_lines(&traces_tsv(&page.traces))?;
    } else if page.traces.is_empty() {
        ui.note("no traces in this time range");
        ui.hint("widen it with --range 7d or --range all, or send traces to `canopy serve`");
    } else {
        let opts = ListOptions {
            styles: ui.styles(),
            width: ui.width(),
            now,
            colored: ui.color(),
        };
        ui.emit_lines(&traces_table(&page.traces, &opts))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn range_and_times_become_a_window() {
        let now = Nanos(10_000_000_000);
        let h = Duration::from_secs(1);
        assert_eq!(
            window(Some(RangeArg::Last(h)), None, None, now),
            (Some(Nanos(9_000_000_000)), None)
        );
        assert_eq!(window(Some(RangeArg::All), None, None, now), (None, None));
        assert_eq!(
            window(None, Some(TimeArg::Ago(h * 2)), Some(TimeArg::Ago(h)), now),
            (Some(Nanos(8_000_000_000)), Some(Nanos(9_000_000_000)))
        );
    }
}
