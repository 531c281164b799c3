//! `canopy trace …`

use clap::{Args, Subcommand, ValueEnum};

use super::args::{RangeArg, TimeArg, parse_range, parse_time, parse_trace_id};
use crate::model::TraceIdPrefix;

#[derive(Debug, Subcommand)]
pub enum TraceCommand {
    List(TraceListArgs),
    Get(TraceGetArgs),
}

/// List traces, newest first
///
/// One row per trace: its id, root span, service, start, duration, span and error counts.
/// On a terminal this is a table with relative times; piped, it is tab-separated with full
/// ids and RFC 3339 times and no header, for scripts.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace list --range 1h
  $ canopy trace list --from 2026-11-21T09:00:00Z --to 2026-11-21T10:00:00Z
  $ canopy trace list --limit 5 --json | jq '.[].trace_id'")]
pub struct TraceListArgs {
    /// Only traces that started within this long before now: 15m, 1h, 24h, 7d… or all
    #[arg(long, value_name = "RANGE", value_parser = parse_range, conflicts_with = "from")]
    pub range: Option<RangeArg>,

    /// Only traces that started at or after this time (RFC 3339, or a duration ago like 2h)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub from: Option<TimeArg>,

    /// Only traces that started before this time (RFC 3339, or a duration ago like 30m)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub to: Option<TimeArg>,

    /// How many traces to show
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,

    /// Print a JSON array of trace summaries
    #[arg(long)]
    pub json: bool,
}

/// Show one trace
///
/// The trace id may be any unique prefix of the full 32-digit id. The tree view puts every span
/// under its parent in start order, with its kind, duration and errors; spans whose parent has
/// not arrived are shown under a "missing parent" line rather than dropped.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace get 0a87607c
  $ canopy trace get 0a87607ca2d6044aa146d9c4b073d4dc --view tree
  $ canopy trace get 0a87 --json | jq '.spans | length'")]
pub struct TraceGetArgs {
    /// The trace id, or a unique prefix of it
    #[arg(value_name = "TRACE_ID", value_parser = parse_trace_id)]
    pub trace_id: TraceIdPrefix,

    /// How to show the trace
    #[arg(long, value_enum, value_name = "VIEW", default_value_t = TraceView::Tree)]
    pub view: TraceView,

    /// Print the trace as JSON: {"trace_id", "summary", "spans": […]}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceView {
    /// Spans under their parents, with kinds, durations and errors
    Tree,
}
