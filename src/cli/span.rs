//! `canopy span …`

use clap::{Args, Subcommand, ValueEnum};

use super::args::parse_trace_id;
use super::filter::{FilterArgs, FollowArgs, OutputArgs, PageArgs};
use crate::model::TraceIdPrefix;

#[derive(Debug, Subcommand)]
pub enum SpanCommand {
    List(SpanListArgs),
    Get(SpanGetArgs),
    Facets(SpanFacetsArgs),
}

/// Search spans across traces, newest first
///
/// Every filter applies to the span itself: --min-duration/--max-duration compare the span's
/// own duration, --name its name, --service its resource. A span without its own session,
/// user or agent matches its trace's session and user and its nearest agent ancestor.
/// Piped, rows are tab-separated: trace_id, span_id, start_time, duration_ns, kind, status,
/// model, total_tokens, cost_usd, name.
///
/// --follow keeps running and prints each span that arrives from then on, once (spans do not
/// change once stored), in start order within its trace, with the same filters. It asks the
/// server every --interval for the traces that changed and reads their new spans; with
/// --trace-id it watches that trace only (a full id may name a trace that has not arrived
/// yet). Piped, rows are the tab-separated ones above; --json or --jsonl print one span object
/// per line. If the server goes away while following, canopy says so on stderr and keeps
/// trying; if it cannot be reached when following begins, it exits 3. Ctrl-C ends it (exit 0).
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy span list --trace-id 0a87607c
  $ canopy span list --kind LLM --range 1h --sort tokens
  $ canopy span list --status error --scope entrypoint
  $ canopy span list --text 'rate limit' --kind TOOL
  $ canopy span list --attr tool.name = get_weather --jsonl
  $ canopy span list --kind LLM --json --max-bytes 8KiB
  $ canopy span list --follow --kind LLM --kind TOOL
  $ canopy span list --follow --status error --json | jq -r .name")]
pub struct SpanListArgs {
    /// Only spans of this trace (a full id or unique prefix)
    #[arg(long, value_name = "TRACE_ID", value_parser = parse_trace_id)]
    pub trace_id: Option<TraceIdPrefix>,

    /// all spans, root spans only, or entrypoints (roots and spans whose parent is in another
    /// service or missing)
    #[arg(long, value_enum, value_name = "SCOPE", default_value_t = ScopeArg::All)]
    pub scope: ScopeArg,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub page: PageArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and
    /// whatever does not fit are cut, with a marker naming the command that shows the rest
    #[arg(long, value_name = "SIZE", value_parser = super::args::parse_size, help_heading = "Output")]
    pub max_bytes: Option<usize>,

    #[command(flatten)]
    pub follow: FollowArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    All,
    Root,
    Entrypoint,
}

/// Count spans per service, kind, model, agent and status
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy span facets --range 24h
  $ canopy span facets --trace-id 0a87607c --json")]
pub struct SpanFacetsArgs {
    /// Only spans of this trace (a full id or unique prefix)
    #[arg(long, value_name = "TRACE_ID", value_parser = parse_trace_id)]
    pub trace_id: Option<TraceIdPrefix>,

    /// all spans, root spans only, or entrypoints
    #[arg(long, value_enum, value_name = "SCOPE", default_value_t = ScopeArg::All)]
    pub scope: ScopeArg,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Print the counts as JSON
    #[arg(long)]
    pub json: bool,
}

/// Show one span
///
/// Both ids may be unique prefixes. Views:
///
/// - summary (default): what the span is, who ran it and what it cost: name, kind, model and
///   provider, tokens (own and ∑ of its subtree) and cost (and whether it is an estimate),
///   duration, status and error, session, user, agent, and a tool's name, arguments and result
///   in short.
///
/// - io: the input and output, pretty: messages by role with tool calls, JSON indented.
///
/// - attributes: the normalized fields with the raw key each came from, then the raw
///   attributes, resource and scope.
///
/// - events: the span's events in time order; an exception shows its type, message and
///   stack trace, and repeats of the same event are shown once with a count.
///
/// - json: the whole normalized span (same as --json).
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy span get 0a87607c 9a74459f
  $ canopy span get 0a87607c 9a74 --view io
  $ canopy span get 0a87607c 9a74 --view attributes | grep model
  $ canopy span get 0a87607c 9a74 --view events
  $ canopy span get 0a87607c 9a74459f --json | jq .attributes
  $ canopy span get 0a87607c 9a74 --view io --max-bytes 4KiB")]
pub struct SpanGetArgs {
    /// The trace id, or a unique prefix of it
    #[arg(value_name = "TRACE_ID", value_parser = parse_trace_id)]
    pub trace_id: TraceIdPrefix,

    /// The span id, or a unique prefix of it
    #[arg(value_name = "SPAN_ID", value_parser = parse_span_id)]
    pub span_id: String,

    /// How to show the span
    #[arg(long, value_enum, value_name = "VIEW", default_value_t = SpanView::Summary)]
    pub view: SpanView,

    /// Print the span as JSON (same as --view json)
    #[arg(long, conflicts_with = "view")]
    pub json: bool,

    /// Lay the view out for this many columns instead of the terminal's width
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    /// Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and
    /// whatever does not fit are cut, with a marker naming the command that shows the rest
    #[arg(long, value_name = "SIZE", value_parser = super::args::parse_size)]
    pub max_bytes: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpanView {
    /// What the span is, who ran it, what it cost, how it ended
    Summary,
    /// Its input and output: messages by role, tool calls, JSON indented
    Io,
    /// Normalized fields with their source keys, raw attributes, resource, scope
    Attributes,
    /// Its events; exceptions with type, message and stack trace
    Events,
    /// The whole normalized span as JSON (same as --json)
    Json,
}

/// A span id or a unique prefix of one (1 to 16 hex digits, any case).
pub fn parse_span_id(s: &str) -> Result<String, String> {
    if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "{s:?} is not a span id or id prefix (1 to 16 hex digits)"
        ));
    }
    Ok(s.to_ascii_lowercase())
}
