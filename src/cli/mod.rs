//! The command line, as clap types and nothing else.
//!
//! Doc comments are the help text: the first line is the short help, later paragraphs the long
//! help, and examples go in `after_help`. Value parsers live in [`args`] and only validate shape;
//! turning arguments into settings happens in `config`. This module depends on clap and on the
//! pure value types of `model` only, so `Cli::command()` alone yields completions and help.

pub mod args;
mod config;
mod filter;
pub mod instrument;
mod session;
mod span;
mod trace;
mod usage;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use args::{GrpcListen, RangeArg, RetentionArg, TimeArg};
pub use config::{ConfigCommand, ConfigGetArgs, ConfigListArgs, ConfigSetArgs, ConfigUnsetArgs};
pub use filter::{FilterArgs, FollowArgs, OrderArg, OutputArgs, PageArgs, SortArg, StatusArg};
pub use session::{SessionCommand, SessionGetArgs, SessionListArgs};
pub use span::{ScopeArg, SpanCommand, SpanFacetsArgs, SpanGetArgs, SpanListArgs, SpanView};
pub use trace::{
    SeverityArg, TraceAnnotateArgs, TraceCommand, TraceDiffArgs, TraceExportArgs, TraceFacetsArgs,
    TraceGetArgs, TraceImportArgs, TraceLintArgs, TraceListArgs, TraceView,
};
pub use usage::{UsageArgs, UsageByArg};

/// See what your AI agents did
///
/// canopy receives OpenTelemetry traces from any SDK (OpenInference, OTel GenAI, Catalyst,
/// Cascade, the Rust OpenTelemetry SDK…), keeps them, and shows them in the terminal as
/// trees, or as JSON for scripts and coding agents.
///
/// Exit codes: 0 ok (also an empty result), 1 failure (not found, bad data), 2 usage error,
/// 3 server unreachable, 4 refused by the server, 5 no trace arrived (`instrument --verify`),
/// 130 interrupted or a prompt declined.
#[derive(Debug, Parser)]
#[command(
    name = "canopy",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "\
Examples:
  $ canopy serve                          # receive OTLP on 127.0.0.1:4318
  $ canopy trace list --range 1h          # recent traces
  $ canopy trace get 0a87 --view tree     # one trace, by id prefix"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Where OTLP/HTTP and the query API listen unless told otherwise: the standard port, on
/// loopback.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:4318";

/// Where OTLP/gRPC listens unless told otherwise: the collector's standard port, on loopback.
pub const DEFAULT_GRPC_LISTEN: &str = "127.0.0.1:4317";

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Use this profile of the config file [env: CANOPY_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorWhen>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Serve(ServeArgs),
    /// List and inspect traces
    #[command(subcommand)]
    Trace(TraceCommand),
    /// Search and inspect spans
    #[command(subcommand)]
    Span(SpanCommand),
    /// List and inspect sessions (conversations across traces)
    #[command(subcommand)]
    Session(SessionCommand),
    Usage(UsageArgs),
    /// Read and change the config file (endpoint, token, profiles, defaults)
    #[command(subcommand)]
    Config(ConfigCommand),
    Completions(CompletionsArgs),
    Instrument(instrument::InstrumentArgs),
}

/// Receive OpenTelemetry traces and serve the query API
///
/// Listens for OTLP/HTTP on POST /v1/traces (protobuf or JSON, optionally gzip) and answers
/// the query API under /api/v1/ on the same port. Spans are kept in an embedded SQLite database
/// in the data directory, or in ClickHouse with --store; a request is answered only once its
/// spans are committed.
///
/// On a loopback address the server is open to this machine (and refuses requests for other
/// Host names). Any other address requires tokens for both ingest and the query API; clients
/// send them as `Authorization: Bearer TOKEN`. Prefer the environment variables for tokens:
/// command lines are visible to other users of the machine.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy serve
  $ canopy serve --listen 127.0.0.1:4318 --data-dir ./traces --retention 7d
  $ CANOPY_SERVER_TOKEN=$(openssl rand -hex 24) canopy serve --listen 0.0.0.0:4318
  $ CANOPY_CLICKHOUSE_PASSWORD=... canopy serve --store clickhouse://canopy@ch.internal:8123/canopy
  $ OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 python my_agent.py")]
pub struct ServeArgs {
    /// Address to listen on [config: serve.listen] [default: 127.0.0.1:4318]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,

    /// Address for OTLP/gRPC (traces and logs), or `off` [config: serve.grpc_listen] [default: 127.0.0.1:4317]
    #[arg(long, value_name = "ADDR", value_parser = args::parse_grpc_listen)]
    pub grpc_listen: Option<GrpcListen>,

    /// Where to keep the database [env: CANOPY_DATA_DIR] [config: serve.data_dir] [default: the platform data directory]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Where to keep spans: sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE
    ///
    /// The default is SQLite in the data directory. With ClickHouse (over its HTTP interface;
    /// clickhouses:// for TLS), several `canopy serve` processes can share one database: the
    /// schema is created or migrated at start, and a password missing from the URL is read from
    /// CANOPY_CLICKHOUSE_PASSWORD. Append ?ttl_days=N to delete spans older than N days.
    #[arg(long, value_name = "URL")]
    pub store: Option<String>,

    /// Token that opens ingest and the query API [env: CANOPY_SERVER_TOKEN]
    #[arg(long, value_name = "TOKEN", value_parser = args::SecretParser)]
    pub token: Option<crate::secret::Secret>,

    /// Token that opens only ingest (POST /v1/traces) [env: CANOPY_INGEST_TOKEN]
    #[arg(long, value_name = "TOKEN", value_parser = args::SecretParser)]
    pub ingest_token: Option<crate::secret::Secret>,

    /// Token that opens only the query API [env: CANOPY_READ_TOKEN]
    #[arg(long, value_name = "TOKEN", value_parser = args::SecretParser)]
    pub read_token: Option<crate::secret::Secret>,

    /// Delete traces whose last span ended longer ago than this, or `off` [env: CANOPY_RETENTION] [config: serve.retention] [default: 30d]
    #[arg(long, value_name = "AGE", value_parser = args::parse_retention)]
    pub retention: Option<RetentionArg>,

    /// Largest request body, after decompression [default: 64MiB]
    #[arg(long, value_name = "SIZE", value_parser = args::parse_size)]
    pub max_body_size: Option<usize>,

    /// Memory all ingest requests together may hold; past it ingest answers 429 [default: 256MiB]
    #[arg(long, value_name = "SIZE", value_parser = args::parse_size)]
    pub max_inflight: Option<usize>,

    /// Most spans one request may carry [default: 50000]
    #[arg(long, value_name = "N")]
    pub max_spans_per_request: Option<usize>,

    /// Longest attribute value, name or key kept whole; longer ones are cut and marked [default: 1MiB]
    #[arg(long, value_name = "SIZE", value_parser = args::parse_size)]
    pub max_attribute_size: Option<usize>,

    /// Deepest array/map nesting kept in an attribute value, 1 to 24 [default: 16]
    #[arg(long, value_name = "N")]
    pub max_attribute_depth: Option<usize>,
}

/// Print a shell completion script
///
/// Write the script where your shell loads completions from, for example:
///   canopy completions bash > ~/.local/share/bash-completion/completions/canopy
///   canopy completions zsh > "${fpath[1]}/_canopy"
///   canopy completions fish > ~/.config/fish/completions/canopy.fish
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn a_bad_token_is_refused_without_being_echoed() {
        let err = Cli::try_parse_from(["canopy", "serve", "--token", "s3cret value"]).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.exit_code(), 2);
        assert!(
            text.contains("--token") && !text.contains("s3cret"),
            "{text}"
        );
        let Command::Serve(args) = Cli::try_parse_from(["canopy", "serve", "--token", "s3cret"])
            .unwrap()
            .command
        else {
            panic!("not serve")
        };
        assert!(!format!("{args:?}").contains("s3cret"));
    }

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_go_anywhere() {
        let cli = Cli::try_parse_from([
            "canopy",
            "trace",
            "list",
            "--endpoint",
            "http://x:1",
            "--color",
            "never",
        ])
        .unwrap();
        assert_eq!(cli.global.endpoint.as_deref(), Some("http://x:1"));
        assert_eq!(cli.global.color, Some(ColorWhen::Never));
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for argv in [
            &["canopy", "trace", "list", "--range", "soon"][..],
            &["canopy", "trace", "get", "not-hex"],
            &["canopy", "trace", "get", "0a87", "--view", "sideways"],
            &["canopy", "serve", "--listen", "nowhere"],
            &["canopy", "serve", "--retention", "forever"],
            &["canopy", "serve", "--max-body-size", "huge"],
            &["canopy", "serve", "--token", "two words"],
        ] {
            let err = Cli::try_parse_from(argv).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{argv:?}: {err}");
        }
    }
}
