//! `trace list --follow` and `span list --follow`: ask the list endpoints every `--interval`
//! and print what arrived. When a trace counts as complete, which spans are new and how far
//! back a poll looks are decided in `model::follow`; this file asks, prints, and decides what a
//! failed poll means.
//!
//! - The first poll is the baseline and must succeed: a server that cannot be reached then
//!   exits 3 like any command, so a wrong `--endpoint` does not pass for a quiet server.
//! - Later, a server that goes away (restarted, overloaded, timing out) is reported once on
//!   stderr and asked again every interval; when it answers, canopy says so and carries on
//!   where it was (the follow state survives). `tail -F` and `kubectl get -w` users expect a
//!   live view to outlast a restart of what it watches. Refused credentials (exit 4) and
//!   answers canopy cannot read (exit 1) end the command: waiting would not fix them.
//! - Work a failed poll leaves (traces to print, changed traces whose spans are unread) stays
//!   queued for the next one, so an outage loses no row.
//! - Ctrl-C ends it with exit 0: stopping is how a follow ends, not a failure.
//!
//! Time: each poll's "now" is the wall clock when following began (`CANOPY_NOW` in tests)
//! plus the monotonic time since, so the rules see evenly spaced polls.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior};

use crate::app::Context;
use crate::cli::{FilterArgs, RangeArg, SpanListArgs, TimeArg, TraceListArgs};
use crate::client::ClientError;
use crate::commands::common::{self, Format};
use crate::model::follow::{Arrival, FollowedTrace, SpanFollow, TraceFollow, Window};
use crate::model::{
    Filter, Nanos, Order, SortKey, Span, SpanQuery, TraceId, TraceIdPrefix, TraceQuery,
    TraceSummary,
};
use crate::render::follow::{self as rows, FollowOptions};
use crate::render::lists::spans_tsv;
use crate::render::table::traces_tsv;

/// How far back a poll looks for traces when neither --range nor --from says.
const LOOKBACK: Duration = Duration::from_secs(5 * 60);
/// Pages of a poll at most; past them, the newest traces are followed and a warning says so.
const MAX_PAGES: usize = 10;
/// Rows per page.
const PAGE: usize = 1000;
/// Traces still growing when following begins whose stored spans are read (`span list`).
const SNAPSHOTS: usize = 50;

fn nanos(d: Duration) -> i64 {
    i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)
}

/// The window the time flags describe: a sliding one for --range and `--from 2h`, a fixed start
/// for `--from <time>`, everything for `--range all`.
fn window(args: &FilterArgs) -> Window {
    match (args.range, args.from) {
        (Some(RangeArg::Last(d)), _) | (None, Some(TimeArg::Ago(d))) => Window::Last(nanos(d)),
        (Some(RangeArg::All), _) => Window::All,
        (None, Some(TimeArg::At(t))) => Window::Since(Nanos::from_timestamp(t)),
        (None, None) => Window::Last(nanos(LOOKBACK)),
    }
}

/// The user's filters with the time bounds taken out (the window replaces them).
fn timeless(args: &FilterArgs, now: Nanos) -> anyhow::Result<Filter> {
    let mut filter = common::filter(args, now, None)?;
    filter.from = None;
    filter.to = None;
    Ok(filter)
}

/// One kind of live listing.
trait Poller {
    /// What is followed, for messages: "traces" or "spans".
    fn noun(&self) -> &'static str;
    /// Asks the server once and prints what arrived; `first` takes the baseline.
    async fn poll(&mut self, ctx: &Context, now: Nanos, first: bool) -> anyhow::Result<()>;
}

/// True when the error is the server being away or busy, which a later poll may not meet.
fn transient(err: &anyhow::Error) -> bool {
    err.chain()
        .find_map(|c| c.downcast_ref::<ClientError>())
        .is_some_and(ClientError::is_transient)
}

/// Polls every `every` until Ctrl-C; see the module doc for what failures do.
async fn follow(ctx: &Context, every: Duration, poller: &mut impl Poller) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let (wall, began) = (ctx.settings.now, Instant::now());
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    let mut first = true;
    let mut lost = false;
    loop {
        // `biased`: the Ctrl-C handler is installed before the first poll prints anything.
        let at = tokio::select! {
            biased;
            r = &mut interrupted => return r.map_err(Into::into),
            at = ticks.tick() => at,
        };
        let now = Nanos(wall.0.saturating_add(nanos(at.duration_since(began))));
        let result = tokio::select! {
            biased;
            r = &mut interrupted => return r.map_err(Into::into),
            r = poller.poll(ctx, now, first) => r,
        };
        match result {
            Ok(()) if first => {
                first = false;
                ui.note(&format!(
                    "following {} as they arrive (Ctrl-C to stop)",
                    poller.noun()
                ));
            }
            Ok(()) if lost => {
                lost = false;
                ui.note(&format!(
                    "the server at {} answers again; following",
                    ctx.client().endpoint()
                ));
            }
            Ok(()) => {}
            Err(e) if !first && transient(&e) => {
                if !lost {
                    lost = true;
                    ui.warn(&format!("{e:#}"));
                    ui.note(&format!(
                        "trying again every {} (Ctrl-C to stop)",
                        humantime::format_duration(every)
                    ));
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// Every trace of the window, newest first, up to [`MAX_PAGES`] pages.
async fn poll_traces(
    ctx: &Context,
    filter: &Filter,
    from: Option<Nanos>,
    warned: &mut bool,
) -> anyhow::Result<Vec<TraceSummary>> {
    let mut query = TraceQuery {
        filter: Filter {
            from,
            ..filter.clone()
        },
        sort: SortKey::Start,
        order: Order::Desc,
        limit: Some(PAGE),
        cursor: None,
    };
    let mut traces = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = ctx.client().list_traces(&query).await?;
        traces.extend(page.traces);
        match page.next_cursor {
            Some(next) => query.cursor = Some(next.parse().map_err(anyhow::Error::msg)?),
            None => return Ok(traces),
        }
    }
    if !std::mem::replace(warned, true) {
        ctx.ui.warn(&format!(
            "more than {} traces in the window; following the newest",
            MAX_PAGES * PAGE
        ));
        ctx.ui
            .hint("narrow it with --range or the filters (--service, --agent…)");
    }
    Ok(traces)
}

/// All spans of one trace that match, oldest first.
async fn trace_spans(
    ctx: &Context,
    query: &SpanQuery,
    trace: &TraceIdPrefix,
) -> anyhow::Result<Vec<Span>> {
    let mut query = SpanQuery {
        trace_id: Some(trace.clone()),
        ..query.clone()
    };
    let mut spans = Vec::new();
    loop {
        let page = ctx.client().list_spans(&query).await?;
        spans.extend(page.spans);
        match page.next_cursor {
            Some(next) => query.cursor = Some(next.parse().map_err(anyhow::Error::msg)?),
            None => return Ok(spans),
        }
    }
}

fn prefix(id: TraceId) -> TraceIdPrefix {
    id.to_hex().parse().expect("a full id is a prefix")
}

/// `trace list --follow`.
pub async fn traces(ctx: &Context, args: &TraceListArgs) -> anyhow::Result<()> {
    let settle = nanos(args.follow.interval);
    let mut poller = Traces {
        filter: timeless(&args.filter, ctx.settings.now)?,
        window: window(&args.filter),
        format: Format::resolve::<FollowedTrace>(&args.output)?,
        follow: TraceFollow::new(settle),
        queue: VecDeque::new(),
        warned: false,
    };
    follow(ctx, args.follow.interval, &mut poller).await
}

struct Traces {
    filter: Filter,
    window: Window,
    format: Format,
    follow: TraceFollow,
    /// Complete traces not printed yet (a failed poll leaves them here).
    queue: VecDeque<Arrival>,
    warned: bool,
}

impl Traces {
    /// True when rows show the models, which takes one more request per trace.
    fn wants_models(&self, ctx: &Context) -> bool {
        match &self.format {
            Format::Human => ctx.ui.is_tty(),
            Format::Json(None) | Format::Jsonl(None) => true,
            Format::Json(Some(fields)) | Format::Jsonl(Some(fields)) => {
                fields.iter().any(|f| f == "models")
            }
        }
    }

    async fn line(&self, ctx: &Context, arrival: &Arrival) -> anyhow::Result<String> {
        let models = if self.wants_models(ctx) {
            let query = SpanQuery {
                trace_id: Some(prefix(arrival.summary.trace_id)),
                ..Default::default()
            };
            let facets = ctx.client().span_facets(&query).await?;
            facets.model.into_iter().map(|m| m.value).collect()
        } else {
            Vec::new()
        };
        let row = FollowedTrace {
            summary: arrival.summary.clone(),
            models,
            update: arrival.update,
        };
        Ok(match &self.format {
            Format::Human if ctx.ui.is_tty() => rows::trace_row(&row, &options(ctx)),
            Format::Human => traces_tsv(std::slice::from_ref(&row.summary)).concat(),
            format => self::json_line(format, &row),
        })
    }
}

fn options(ctx: &Context) -> FollowOptions<'_> {
    FollowOptions {
        styles: ctx.ui.styles(),
        width: ctx.ui.width(),
    }
}

fn json_line<T: serde::Serialize>(format: &Format, row: &T) -> String {
    serde_json::to_string(&format.project(row)).expect("JSON values serialize")
}

impl Poller for Traces {
    fn noun(&self) -> &'static str {
        "traces"
    }

    async fn poll(&mut self, ctx: &Context, now: Nanos, first: bool) -> anyhow::Result<()> {
        let from = self.window.from(now, self.follow.anchor(now));
        let traces = poll_traces(ctx, &self.filter, from, &mut self.warned).await?;
        self.follow.observe(&traces, now);
        self.queue.extend(self.follow.settled(now));
        if first && self.format == Format::Human && ctx.ui.is_tty() {
            ctx.ui.stream_lines(&[rows::traces_header(&options(ctx))])?;
        }
        while let Some(arrival) = self.queue.front() {
            let line = self.line(ctx, arrival).await?;
            ctx.ui.stream_lines(&[line])?;
            self.queue.pop_front();
        }
        Ok(())
    }
}

/// `span list --follow`.
pub async fn spans(ctx: &Context, args: &SpanListArgs) -> anyhow::Result<()> {
    let now = ctx.settings.now;
    let filter = timeless(&args.filter, now)?;
    // Polled traces are those with at least one span the span-level filters match (the trace
    // list's rule); the filters about the span alone (status, name, duration, session, user,
    // annotation) are applied when its spans are read.
    let traces = Filter {
        service: filter.service.clone(),
        kind: filter.kind.clone(),
        model: filter.model.clone(),
        provider: filter.provider.clone(),
        agent: filter.agent.clone(),
        attr: filter.attr.clone(),
        text: filter.text.clone(),
        ..Filter::default()
    };
    let mut poller = Spans {
        trace_id: args.trace_id.clone(),
        traces,
        query: SpanQuery {
            filter,
            trace_id: None,
            scope: super::span::scope(args.scope),
            sort: SortKey::Start,
            order: Order::Asc,
            limit: Some(PAGE),
            cursor: None,
        },
        window: window(&args.filter),
        format: Format::resolve::<Span>(&args.output)?,
        // Spans are printed when seen, so traces never wait to settle.
        follow: TraceFollow::new(0),
        spans: SpanFollow::new(now),
        pending: VecDeque::new(),
        warned: false,
    };
    follow(ctx, args.follow.interval, &mut poller).await
}

struct Spans {
    /// `--trace-id`: only this trace, read whole at every poll.
    trace_id: Option<TraceIdPrefix>,
    /// The filter for the traces to look in.
    traces: Filter,
    /// The query for a trace's spans (the trace id is set per trace).
    query: SpanQuery,
    window: Window,
    format: Format,
    follow: TraceFollow,
    spans: SpanFollow,
    /// Traces that changed and whose spans are not read yet (a failed poll leaves them here).
    pending: VecDeque<TraceId>,
    warned: bool,
}

impl Spans {
    fn print(&self, ctx: &Context, spans: &[Span]) -> anyhow::Result<()> {
        let lines: Vec<String> = match &self.format {
            Format::Human if ctx.ui.is_tty() => {
                let opts = options(ctx);
                spans.iter().map(|s| rows::span_row(s, &opts)).collect()
            }
            Format::Human => spans_tsv(spans),
            format => spans.iter().map(|s| json_line(format, s)).collect(),
        };
        if !lines.is_empty() {
            ctx.ui.stream_lines(&lines)?;
        }
        Ok(())
    }
}

impl Poller for Spans {
    fn noun(&self) -> &'static str {
        "spans"
    }

    async fn poll(&mut self, ctx: &Context, now: Nanos, first: bool) -> anyhow::Result<()> {
        if first && self.format == Format::Human && ctx.ui.is_tty() {
            ctx.ui.stream_lines(&[rows::spans_header(&options(ctx))])?;
        }
        if let Some(trace) = &self.trace_id {
            let spans = trace_spans(ctx, &self.query, trace).await?;
            if first {
                self.spans.baseline(&spans);
            } else {
                let fresh = self.spans.fresh(spans, false);
                self.print(ctx, &fresh)?;
            }
            return Ok(());
        }
        let from = self.window.from(now, self.follow.anchor(now));
        let traces = poll_traces(ctx, &self.traces, from, &mut self.warned).await?;
        let changed = self.follow.observe(&traces, now);
        // Nothing waits to be printed here; this only lets the follow drop the summaries.
        self.follow.settled(now);
        if first {
            for id in self.follow.growing_at_baseline(SNAPSHOTS) {
                let spans = trace_spans(ctx, &self.query, &prefix(id)).await?;
                self.spans.snapshot(id, &spans);
            }
            return Ok(());
        }
        // The poll lists newest first; print the oldest trace's spans first.
        for id in changed.into_iter().rev() {
            if !self.pending.contains(&id) {
                self.pending.push_back(id);
            }
        }
        while let Some(&id) = self.pending.front() {
            let spans = trace_spans(ctx, &self.query, &prefix(id)).await?;
            let fresh = self.spans.fresh(spans, self.follow.is_baseline(&id));
            self.print(ctx, &fresh)?;
            self.pending.pop_front();
        }
        Ok(())
    }
}
