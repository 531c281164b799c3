//! `canopy trace …`

use clap::{Args, Subcommand, ValueEnum};

use super::args::parse_trace_id;
use super::filter::{FilterArgs, FollowArgs, OutputArgs, PageArgs};
use crate::model::TraceIdPrefix;

#[derive(Debug, Subcommand)]
pub enum TraceCommand {
    List(TraceListArgs),
    Get(TraceGetArgs),
    Facets(TraceFacetsArgs),
    Annotate(TraceAnnotateArgs),
    Import(TraceImportArgs),
    Export(TraceExportArgs),
    Lint(TraceLintArgs),
    Diff(TraceDiffArgs),
}

/// Compare two traces span by span
///
/// Spans are matched by where they sit, not by id: from the top down, the children of two
/// matched spans are paired by name and kind, and spans of the same name and kind by start
/// order. What has no partner was added (only in B) or removed (only in A), with its subtree.
/// For each matched pair the diff shows the duration (A → B, in percent), own tokens, cost,
/// status and model, and with --io a unified diff of a model call's input and output where
/// they differ.
///
/// On a terminal: both traces' totals, the counts, then the merged tree with the spans that
/// differ (+ added, - removed, ~ changed) and those at least 20% and 1ms slower or faster,
/// under their ancestors; --all shows every span. Piped, one tab-separated row per such span:
/// change, what, a_span_id, b_span_id, a_duration_ns, b_duration_ns, a_tokens, b_tokens,
/// a_cost_usd, b_cost_usd, a_status, b_status, a_model, b_model, path (with --io, each
/// call's unified diff follows its row). --json prints every span: {"a", "b", "identical",
/// "counts", "spans": [{"change", "changes", "timing", "path", "name", "kind", "a", "b",
/// "delta", "io"}]}.
///
/// Exits 0 whether or not the traces differ, unless --exit-code: then 1 when a span was added,
/// removed or changed (durations never count: they vary from run to run).
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace diff 0a87607c 5d1e00c2
  $ canopy trace diff 0a87607c 5d1e00c2 --io
  $ canopy trace diff 0a87607c 5d1e00c2 --exit-code > /dev/null || echo 'the run changed'
  $ canopy trace diff 0a87607c 5d1e00c2 --json | jq '.spans[] | select(.change != \"same\") | .path'")]
pub struct TraceDiffArgs {
    /// The trace to compare from (an id or unique prefix)
    #[arg(value_name = "A", value_parser = parse_trace_id)]
    pub a: TraceIdPrefix,

    /// The trace to compare to (an id or unique prefix)
    #[arg(value_name = "B", value_parser = parse_trace_id)]
    pub b: TraceIdPrefix,

    /// Also compare model calls' input and output, and show how they differ
    #[arg(long)]
    pub io: bool,

    /// Show every span, not only the differences and their ancestors
    #[arg(long)]
    pub all: bool,

    /// Exit 1 when the traces differ in structure, status, model, tokens or cost (or IO, with --io)
    #[arg(long)]
    pub exit_code: bool,

    /// Print the comparison as JSON
    #[arg(long)]
    pub json: bool,

    /// Lay the view out for this many columns instead of the terminal's width
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    /// Draw guides and markers with ASCII characters only
    #[arg(long)]
    pub ascii: bool,
}

/// Report what makes traces hard to trust or read
///
/// Checks one trace, or every trace the filters match: parent cycles and several roots
/// (errors), spans whose parent never arrived or that hang off another service, LLM spans
/// without a model or token counts, zero-length and unclosed spans, clock skew (a child
/// outside its parent), the same tool called with the same arguments again and again, retry
/// storms, runaway depth, and spans no convention names. Each finding names the span and what
/// to fix. Exits 1 when any finding is an error, for use in CI.
///
/// Piped, findings are tab-separated: trace_id, span_id, severity, rule, span_name, message.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace lint 0a87607c
  $ canopy trace lint --range 24h --service checkout
  $ canopy trace lint --range 1h --severity error || echo 'broken instrumentation'")]
pub struct TraceLintArgs {
    /// The trace to check (an id or unique prefix); without it, every trace the filters match
    #[arg(value_name = "TRACE_ID", value_parser = parse_trace_id)]
    pub trace_id: Option<TraceIdPrefix>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Without a trace id: check at most this many traces (newest first)
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,

    /// Only show findings at least this severe
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = SeverityArg::Info)]
    pub severity: SeverityArg,

    /// Print the findings as a JSON array
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Info,
    Warning,
    Error,
}

/// Write whole traces as OTLP/JSON lines, re-importable
///
/// Each matching trace becomes one line: an OTLP/JSON ExportTraceServiceRequest with all of its
/// spans, which `canopy trace import` (or any OTLP/HTTP receiver) accepts again. Traces are
/// fetched page by page, so memory stays bounded however many there are. After every page the
/// position is known; if the export stops (an error, Ctrl-C), the message names the
/// `--cursor` to continue from, with `--append`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace export --range 24h -o traces.jsonl
  $ canopy trace export --status error --service checkout -o errors.jsonl
  $ canopy trace export --range 7d -o week.jsonl --cursor start.1795…  --append
  $ canopy trace export --range 1h | gzip > hour.jsonl.gz")]
pub struct TraceExportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Where to write (`-` or absent: standard output)
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,

    /// Add to FILE instead of replacing it (to resume with --cursor)
    #[arg(long, requires = "output")]
    pub append: bool,

    /// Continue an export after the page that printed this cursor
    #[arg(long, value_name = "CURSOR")]
    pub cursor: Option<String>,
}

/// Send OTLP/JSON trace files to the server
///
/// Reads JSON Lines files with one ExportTraceServiceRequest per line (as the OpenTelemetry
/// collector's file exporter and `canopy trace export` write them), or a file holding one
/// request as a single JSON document; gzip-compressed files are read too. Requests are sent in
/// batches, as protobuf, through the server's normal ingest, so spans already stored are not
/// duplicated and importing twice is harmless. A line that cannot be read is reported with
/// its number and skipped; the rest is imported, and the command then exits 1.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace import traces.jsonl
  $ canopy trace import otelcol-export/*.json.gz
  $ cat traces.jsonl | canopy trace import -")]
pub struct TraceImportArgs {
    /// Files to read (`-` for standard input)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<std::path::PathBuf>,
}

/// Record feedback on a trace or one of its spans
///
/// Stores an annotation (a label, optionally a score and a note) with the trace. Annotations
/// show in `trace get` and can be filtered on with `--annotation LABEL`. Feedback that SDKs
/// record inside spans (feedback/score events and `feedback.*` attributes) is read as
/// annotations too.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace annotate 0a87607c --label thumbs-up
  $ canopy trace annotate 0a87607c --span 9a74459f --label faithfulness --score 0.4 --note 'invented a city'
  $ canopy trace list --annotation thumbs-up")]
pub struct TraceAnnotateArgs {
    /// The trace id, or a unique prefix of it
    #[arg(value_name = "TRACE_ID", value_parser = parse_trace_id)]
    pub trace_id: TraceIdPrefix,

    /// The span the feedback is about (an id or unique prefix); the whole trace if absent
    #[arg(long, value_name = "SPAN_ID", value_parser = super::span::parse_span_id)]
    pub span: Option<String>,

    /// What the feedback says, e.g. thumbs-up, wrong-tool, faithfulness
    #[arg(long, value_name = "NAME", value_parser = super::args::parse_label)]
    pub label: String,

    /// A number, e.g. 1 for thumbs up, 0.4 for a graded metric
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub score: Option<f64>,

    /// A free-text comment
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Print the stored annotation as JSON
    #[arg(long)]
    pub json: bool,
}

/// List traces, newest first
///
/// One row per trace: its id, root span, service, start, duration, span and error counts, LLM
/// calls, tokens and cost (each call counted once). On a terminal this is a table with
/// relative times; piped, it is tab-separated with full ids and RFC 3339 times and no header:
/// trace_id, start_time, duration_ns, span_count, error_count, llm_count, total_tokens,
/// cost_usd, service, root_name.
///
/// Filters run on the server. Span-level filters (--kind, --model, --provider, --agent,
/// --service, --attr, --text) match traces with at least one such span, all conditions on
/// the same span; --min-duration/--max-duration compare the whole trace's duration;
/// --name matches the root span's name.
///
/// --follow keeps running and prints each trace that arrives from then on, once it is
/// complete: its root span has arrived and nothing changed for one --interval (a trace whose
/// root never comes is printed after a minute without change). A trace that grows after it was
/// printed (a late span) is printed again with its new totals, as an update: keep the last row
/// per trace_id. Each poll looks at traces that started in the last 5 minutes (or within
/// --range, or since --from), and further back for a run still in progress. On a terminal,
/// rows show start, id, root, models, tokens, cost, duration and status; piped, they are the
/// tab-separated rows above; --json or --jsonl print one object per line, with `models` (most
/// calls first) and `update`. If the server goes away while following, canopy says so on
/// stderr and keeps trying; if it cannot be reached when following begins, it exits 3. Ctrl-C
/// ends it (exit 0).
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace list --range 1h
  $ canopy trace list --status error --agent planner
  $ canopy trace list --kind LLM --model gpt-4o --sort cost --limit 10
  $ canopy trace list --attr user.tier = gold --min-duration 5s
  $ canopy trace list --from 2026-11-21T09:00:00Z --to 2026-11-21T10:00:00Z
  $ canopy trace list --all --jsonl trace_id,total_tokens > traces.jsonl
  $ canopy trace list --json trace_id,root_name | jq '.[].trace_id'
  $ canopy trace list --range 24h --max-bytes 4KiB
  $ canopy trace list --follow --service checkout
  $ canopy trace list --follow --json trace_id,total_tokens,cost_usd,update")]
pub struct TraceListArgs {
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

/// Count traces per service, kind, model, agent and status
///
/// Takes the same filters as `trace list`; a trace counts once for each value it contains
/// (a trace with LLM and TOOL spans counts under both kinds).
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace facets --range 24h
  $ canopy trace facets --status error --json")]
pub struct TraceFacetsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Print the counts as JSON
    #[arg(long)]
    pub json: bool,
}

/// Show one trace
///
/// The trace id may be any unique prefix of the full 32-digit id. Views:
///
/// - tree (default): every span under its parent in start order, with its kind, model,
///   duration, own tokens and cost, subtree totals (∑, where they differ from its own) and
///   errors. Spans whose parent has not arrived are shown under a "missing parent" line rather
///   than dropped; runs of similar siblings fold into one row unless --expand.
///
/// - timeline: a waterfall on a shared time axis, one row per span with its start offset,
///   duration and self time (its duration minus the time its children cover); spans on the
///   critical path are marked.
///
/// - thread: the conversation in order, each message once: system, user and assistant
///   messages, tool calls with their arguments and the results of the tools they ran.
///
/// - summary: root, service, duration, span, error and LLM call counts, tokens, cost,
///   session, user and agents.
///
/// - json: the normalized trace (same as --json).
///
/// - otlp: the trace as OTLP/JSON, which `canopy serve` (or any OTLP receiver) accepts again.
///
/// On a terminal lines fit its width and long output goes through a pager; piped, lines are
/// whole, without color, and the timeline is laid out for 100 columns unless --width says
/// otherwise.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy trace get 0a87607c
  $ canopy trace get 0a87 --view tree --errors
  $ canopy trace get 0a87 --view tree --depth 1
  $ canopy trace get 0a87 --view timeline --width 160
  $ canopy trace get 0a87 --view thread | less
  $ canopy trace get 0a87 --view otlp > trace.json
  $ curl -H 'content-type: application/json' --data-binary @trace.json http://127.0.0.1:4318/v1/traces
  $ canopy trace get 0a87 --json | jq '.spans | length'
  $ canopy trace get 0a87 --view tree --max-bytes 8KiB")]
pub struct TraceGetArgs {
    /// The trace id, or a unique prefix of it
    #[arg(value_name = "TRACE_ID", value_parser = parse_trace_id)]
    pub trace_id: TraceIdPrefix,

    /// How to show the trace
    #[arg(long, value_enum, value_name = "VIEW", default_value_t = TraceView::Tree)]
    pub view: TraceView,

    /// Print the trace as JSON: {"trace_id", "summary", "spans": […]} (same as --view json)
    #[arg(long, conflicts_with = "view")]
    pub json: bool,

    /// Show spans at most N levels below the top (0: top-level spans only) [tree, timeline]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub depth: Option<usize>,

    /// Show only the spans that failed, with their ancestors [tree, timeline]
    #[arg(long)]
    pub errors: bool,

    /// Show every span: do not fold runs of similar siblings into one row [tree, timeline]
    #[arg(long)]
    pub expand: bool,

    /// Lay the view out for this many columns instead of the terminal's width
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    /// Draw guides, bars and markers with ASCII characters only
    #[arg(long)]
    pub ascii: bool,
    /// Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and
    /// whatever does not fit are cut, with a marker naming the command that shows the rest
    #[arg(long, value_name = "SIZE", value_parser = super::args::parse_size)]
    pub max_bytes: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceView {
    /// Spans under their parents, with kinds, models, tokens, cost and errors
    Tree,
    /// A waterfall on a shared time axis, with self time and the critical path
    Timeline,
    /// The conversation: messages, tool calls and tool results, each once
    Thread,
    /// The trace's totals: spans, errors, LLM calls, tokens, cost, session, agents
    Summary,
    /// The normalized trace as JSON (same as --json)
    Json,
    /// The trace as OTLP/JSON, ready to send to an OTLP receiver again
    Otlp,
}

impl TraceView {
    /// True for the views that draw the span tree (and so take --depth, --errors, --expand).
    pub fn is_tree_shaped(self) -> bool {
        matches!(self, TraceView::Tree | TraceView::Timeline)
    }
}
