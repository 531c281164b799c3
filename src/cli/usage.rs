//! `canopy usage`

use clap::{Args, ValueEnum};

use super::filter::FilterArgs;

/// Tokens and cost rolled up by model, provider, agent, service, session or day
///
/// Sums every model call matching the filters once, by the same rule as trace totals: a call
/// nested in its SDK's wrapper span counts once, and an agent restating its children's usage
/// adds nothing. Filters apply to the calls themselves (--range selects calls by start time).
/// Costs marked `~` are estimates from canopy's price table. Piped, rows are tab-separated:
/// key, llm_count, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
/// total_tokens, cost_usd.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy usage --by model --range 7d
  $ canopy usage --by agent --range 24h --service checkout
  $ canopy usage --by day --range 30d --json | jq '.[] | {day, cost_usd}'")]
pub struct UsageArgs {
    /// What to group by
    #[arg(long, value_enum, value_name = "KEY", default_value_t = UsageByArg::Model)]
    pub by: UsageByArg,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Print one JSON object per group, the key under its own name (`model`, `agent`…)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UsageByArg {
    Model,
    Provider,
    Agent,
    Service,
    Session,
    Day,
}
