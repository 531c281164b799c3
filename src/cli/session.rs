//! `canopy session …`

use clap::{Args, Subcommand};

use super::filter::{FilterArgs, OutputArgs};

// Parsed once per process: the size difference costs nothing, boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    List(SessionListArgs),
    Get(SessionGetArgs),
}

/// List sessions, most recently active first
///
/// A session is the traces that share a session id (a conversation, in most agent SDKs; from
/// `session.id`, `gen_ai.conversation.id` or `cascade.session_id`, set on any span or the
/// resource). Filters select sessions with at least one matching trace; each row sums all of
/// the session's traces. Piped, rows are tab-separated: session_id, start_time, last_time,
/// trace_count, error_count, llm_count, total_tokens, cost_usd, user_id, agents.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy session list --range 24h
  $ canopy session list --user user-42 --json")]
pub struct SessionListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How many sessions (up to 1000) [config: limit] [default: 50]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: Option<u32>,

    /// Continue after the page that printed this cursor
    #[arg(long, value_name = "CURSOR")]
    pub cursor: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Show a session: its turns in order, each with its trace, model calls, tokens and cost
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy session get sess-catalyst-0001
  $ canopy session get sess-catalyst-0001 --json | jq '.traces[].trace_id'")]
pub struct SessionGetArgs {
    /// The session id
    #[arg(value_name = "SESSION_ID")]
    pub session_id: String,

    /// Print the session as JSON: {"session", "traces": […]}
    #[arg(long)]
    pub json: bool,
}
