use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `canopy --version` is answered before clap builds the command tree, which is most of
    // what this process would otherwise do.
    if canopy::is_version_only(&args) {
        canopy::ui::write_version();
        return ExitCode::SUCCESS;
    }
    let cli = match canopy::cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout and usage errors (exit 2) to stderr. If
            // stdout is already closed there is nobody left to tell.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    ExitCode::from(canopy::run(cli))
}
