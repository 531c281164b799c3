//! `canopy instrument`

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::args::parse_duration;

/// Wire OpenTelemetry export into a Rust program
///
/// Adds the OpenTelemetry crates to Cargo.toml (one tested set of versions), writes a
/// `telemetry` module, and starts it as the first statement of `main`, so that the program's
/// `tracing` spans go to `canopy serve` (or wherever OTEL_EXPORTER_OTLP_ENDPOINT points; headers
/// come from OTEL_EXPORTER_OTLP_HEADERS, never from a file). A program that installs its own
/// tracing subscriber gets the OpenTelemetry layer added to it. Nothing else in the files
/// changes, and --undo takes the change out again byte for byte.
///
/// The changes are shown as a diff first. Without --yes canopy asks on a terminal and refuses
/// elsewhere; a git tree with uncommitted changes is refused unless --allow-dirty. Files are
/// replaced atomically, and a second run changes nothing.
///
/// Exit codes: 0 done (also when already instrumented), 1 refused or failed (nothing changed),
/// 2 usage error (also --yes missing off a terminal), 3 server unreachable (--verify), 5 no
/// trace arrived (--verify), 130 cancelled.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  $ canopy instrument --dry-run                    # show the diff, change nothing
  $ canopy instrument --yes --check                # apply, then cargo check (rolled back if it fails)
  $ canopy instrument --path crates/agent --bin agent --yes
  $ canopy instrument --yes --verify -- --task demo   # run the program, wait for its first trace
  $ canopy instrument --undo --yes                 # take it all out again")]
pub struct InstrumentArgs {
    /// The Cargo project to instrument [default: the current directory]
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,

    /// The package to instrument, when the project is a workspace
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,

    /// The binary to instrument, when there are several
    #[arg(long, value_name = "NAME")]
    pub bin: Option<String>,

    /// Print the changes as a unified diff and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Apply the changes without asking
    #[arg(long)]
    pub yes: bool,

    /// Change files even when the git tree has uncommitted changes
    #[arg(long)]
    pub allow_dirty: bool,

    /// Take out exactly what canopy instrument added
    #[arg(long)]
    pub undo: bool,

    /// Run cargo check after the change, and roll it back if the project no longer builds
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,

    /// Build and run the program against the canopy server and wait for its first trace
    ///
    /// The program runs with OTEL_EXPORTER_OTLP_ENDPOINT set to the server canopy talks to
    /// (--endpoint, CANOPY_ENDPOINT) and the arguments after `--`. It is stopped once its first
    /// trace has arrived.
    #[arg(long, conflicts_with_all = ["dry_run", "undo"])]
    pub verify: bool,

    /// How long --verify waits for the first trace once the program has started
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Arguments for the program that --verify runs
    #[arg(last = true, value_name = "ARGS", requires = "verify")]
    pub program_args: Vec<String>,
}

#[cfg(test)]
mod tests {
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(argv: &[&str]) -> Result<super::InstrumentArgs, clap::Error> {
        let cli = Cli::try_parse_from(argv)?;
        match cli.command {
            Command::Instrument(args) => Ok(args),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn flags_parse_and_conflict() {
        let args = parse(&[
            "canopy",
            "instrument",
            "--yes",
            "--verify",
            "--timeout",
            "5s",
            "--",
            "--task",
            "x",
        ])
        .unwrap();
        assert!(args.yes && args.verify);
        assert_eq!(args.timeout.as_secs(), 5);
        assert_eq!(args.program_args, ["--task", "x"]);
        assert_eq!(
            parse(&["canopy", "instrument"]).unwrap().timeout.as_secs(),
            30
        );
        for argv in [
            &["canopy", "instrument", "--dry-run", "--check"][..],
            &["canopy", "instrument", "--undo", "--verify"],
            &["canopy", "instrument", "--", "x"],
            &["canopy", "instrument", "--timeout", "soon"],
        ] {
            assert_eq!(parse(argv).unwrap_err().exit_code(), 2, "{argv:?}");
        }
    }
}
