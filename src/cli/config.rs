//! `canopy config …`

use clap::{Args, Subcommand};

/// Read and change the config file
///
/// The file (`canopy config path`) holds the defaults of the client commands: `endpoint`,
/// `token`, `color`, `range` (the --range list commands use when given none) and `limit`
/// (rows per page). `[profiles.NAME]` tables hold the same keys for other servers; choose one
/// with --profile NAME, CANOPY_PROFILE or the file's `profile` key. `[serve]` holds defaults for
/// `canopy serve` (listen, grpc_listen, data_dir, retention) and `[prices]` model prices.
///
/// Precedence, lowest first: defaults < the file < the profile < environment < flags.
/// Edits keep the file's comments; the file is written readable by you alone (0600).
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where the config file is (CANOPY_CONFIG, or the platform config directory)
    Path,
    Get(ConfigGetArgs),
    Set(ConfigSetArgs),
    Unset(ConfigUnsetArgs),
    List(ConfigListArgs),
}

/// Print the value of a key in the config file (exit 1 when it is not set)
///
/// Tokens are never printed; `get` only says whether one is set. A table (`profiles.prod`)
/// prints every key in it.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy config get endpoint
  $ canopy config get profiles.prod")]
pub struct ConfigGetArgs {
    /// A dotted key: endpoint, profiles.prod.endpoint, serve.retention, prices.\"gpt-4.1\".input
    #[arg(value_name = "KEY")]
    pub key: String,
}

/// Set a key in the config file, creating the file and its tables as needed
///
/// The value is checked as the matching flag would check it. Leave out the value of a `token`
/// to type it at a hidden prompt, or pipe it on stdin: a token on the command line stays in
/// your shell history.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy config set range 24h
  $ canopy config set profiles.prod.endpoint https://canopy.example.com
  $ canopy config set profiles.prod.token          # asks for it
  $ pass canopy/prod | canopy config set profiles.prod.token
  $ canopy config set profile prod                 # use prod unless told otherwise
  $ canopy config set prices.my-model.input 3.0")]
pub struct ConfigSetArgs {
    /// A dotted key: endpoint, token, color, range, limit, profile, profiles.NAME.KEY, serve.KEY, prices.MODEL.KEY
    #[arg(value_name = "KEY")]
    pub key: String,

    /// The value (a token is read from a prompt or stdin when left out)
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
}

/// Remove a key, or a whole table such as `profiles.prod`, from the config file
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy config unset range
  $ canopy config unset profiles.staging")]
pub struct ConfigUnsetArgs {
    /// A dotted key or table
    #[arg(value_name = "KEY")]
    pub key: String,
}

/// List what the config file sets, or with --effective what is in effect and why
///
/// Tokens show as <hidden>. Piped, rows are tab-separated: key, value (and source with
/// --effective).
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy config list
  $ canopy config list --effective --profile prod")]
pub struct ConfigListArgs {
    /// Show the settings client commands would use, after the profile, environment and flags,
    /// with where each comes from
    #[arg(long)]
    pub effective: bool,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}
