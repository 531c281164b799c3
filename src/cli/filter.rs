//! The filter, paging and output flags that `trace list`, `span list` and the facet commands
//! share. Durations filter traces by trace duration and spans by span duration; each command's
//! help says which.

use clap::{ArgAction, Args, ValueEnum};

use super::args::{RangeArg, TimeArg, parse_duration, parse_range, parse_time};

/// Which rows to match. Repeat a flag to match any of several values.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]
    #[arg(long, value_name = "RANGE", value_parser = parse_range, conflicts_with = "from", help_heading = "Filters")]
    pub range: Option<RangeArg>,

    /// Only what started at or after this time (RFC 3339, or a duration ago like 2h)
    #[arg(long, value_name = "TIME", value_parser = parse_time, help_heading = "Filters")]
    pub from: Option<TimeArg>,

    /// Only what started before this time (RFC 3339, or a duration ago like 30m)
    #[arg(long, value_name = "TIME", value_parser = parse_time, help_heading = "Filters")]
    pub to: Option<TimeArg>,

    /// Service name (service.name of the resource)
    #[arg(long, value_name = "NAME", action = ArgAction::Append, help_heading = "Filters")]
    pub service: Vec<String>,

    /// Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN
    #[arg(long, value_name = "KIND", action = ArgAction::Append, value_parser = parse_kind, help_heading = "Filters")]
    pub kind: Vec<crate::model::SpanKind>,

    /// Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)
    #[arg(long, value_name = "MODEL", action = ArgAction::Append, help_heading = "Filters")]
    pub model: Vec<String>,

    /// Model provider (openai, anthropic…)
    #[arg(long, value_name = "PROVIDER", action = ArgAction::Append, help_heading = "Filters")]
    pub provider: Vec<String>,

    /// Session id
    #[arg(long, value_name = "ID", action = ArgAction::Append, help_heading = "Filters")]
    pub session: Vec<String>,

    /// User id
    #[arg(long, value_name = "ID", action = ArgAction::Append, help_heading = "Filters")]
    pub user: Vec<String>,

    /// Agent name (a span matches its own agent or its nearest agent ancestor's)
    #[arg(long, value_name = "NAME", action = ArgAction::Append, help_heading = "Filters")]
    pub agent: Vec<String>,

    /// Only failed (error) or only successful (ok)
    #[arg(long, value_enum, value_name = "STATUS", help_heading = "Filters")]
    pub status: Option<StatusArg>,

    /// Name contains this text (case-insensitive)
    #[arg(long, value_name = "TEXT", help_heading = "Filters")]
    pub name: Option<String>,

    /// At least this long (500ms, 2s, 1m)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Filters")]
    pub min_duration: Option<std::time::Duration>,

    /// At most this long
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Filters")]
    pub max_duration: Option<std::time::Duration>,

    /// A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists
    #[arg(
        long,
        num_args = 2..=3,
        value_names = ["KEY", "OP", "VALUE"],
        action = ArgAction::Append,
        allow_hyphen_values = true,
        help_heading = "Filters"
    )]
    /// The words of every `--attr`, in order (clap's derive does not group repeated
    /// multi-value flags; the operator word delimits them unambiguously, see `common::filter`).
    pub attr: Vec<String>,

    /// Text in a span's name, attributes (prompts, outputs, tool arguments…), status or events
    #[arg(long, value_name = "TEXT", help_heading = "Filters")]
    pub text: Option<String>,

    /// Has an annotation with this label (from `canopy trace annotate` or the SDK's feedback)
    #[arg(long, value_name = "LABEL", action = ArgAction::Append, help_heading = "Filters")]
    pub annotation: Vec<String>,
}

fn parse_kind(s: &str) -> Result<crate::model::SpanKind, String> {
    crate::model::SpanKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = crate::model::SpanKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        format!("{s:?} is not one of: {}", names.join(", "))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Ok,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SortArg {
    #[default]
    Start,
    Duration,
    Tokens,
    Cost,
    Errors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    Asc,
    Desc,
}

/// Order and pages.
#[derive(Debug, Clone, Args)]
pub struct PageArgs {
    /// Order by start time, duration, tokens, cost or errors
    #[arg(long, value_enum, value_name = "KEY", default_value_t = SortArg::Start, help_heading = "Paging")]
    pub sort: SortArg,

    /// Direction of the order [default: desc, largest and newest first]
    #[arg(long, value_enum, value_name = "ORDER", help_heading = "Paging")]
    pub order: Option<OrderArg>,

    /// How many rows (one page, up to 1000) [config: limit] [default: 50]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000), help_heading = "Paging")]
    pub limit: Option<u32>,

    /// Continue after the page that printed this cursor (with --all: stream from there on)
    #[arg(long, value_name = "CURSOR", help_heading = "Paging")]
    pub cursor: Option<String>,

    /// Stream every page, not just the first (memory stays bounded)
    #[arg(long, help_heading = "Paging")]
    pub all: bool,
}

/// A live listing: keep polling and print what arrives.
#[derive(Debug, Clone, Default, Args)]
pub struct FollowArgs {
    /// Keep running and print each new row as it arrives, until Ctrl-C (what is stored already
    /// is not printed)
    #[arg(
        long,
        conflicts_with_all = ["to", "sort", "order", "limit", "cursor", "all", "max_bytes"],
        help_heading = "Follow"
    )]
    pub follow: bool,

    /// With --follow: how often to ask the server for what arrived (100ms to 1h)
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_interval, requires = "follow", help_heading = "Follow")]
    pub interval: std::time::Duration,
}

fn parse_interval(s: &str) -> Result<std::time::Duration, String> {
    let d = parse_duration(s)?;
    if d < std::time::Duration::from_millis(100) || d > std::time::Duration::from_secs(3600) {
        return Err(format!("{s:?} is not between 100ms and 1h"));
    }
    Ok(d)
}

/// How to print.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)
    #[arg(long, value_name = "FIELDS", num_args = 0..=1, default_missing_value = "", help_heading = "Output")]
    pub json: Option<String>,

    /// Print one JSON object per line, for streams and `--all`; optionally only these fields
    #[arg(long, value_name = "FIELDS", num_args = 0..=1, default_missing_value = "", conflicts_with = "json", help_heading = "Output")]
    pub jsonl: Option<String>,
}
