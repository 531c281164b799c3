//! canopy: see what your AI agents did.
//!
//! One binary that receives OpenTelemetry traces (`canopy serve`), keeps them, and shows them in
//! the terminal (`canopy trace list/get`). The crate is layered; an arrow means "may use":
//!
//! ```text
//! main.rs → run (loads the config file) → app::Context → commands::<noun>::<verb>
//! commands → client, render, ui, model, config      (only commands::serve touches server, store)
//! config   → cli (flag types, parsers), model, semconv (prices), and the plain value types of
//!            server and otlp (Limits, Auth, depth limit)
//! server   → store, otlp, semconv, model            client → model
//! store    → model        otlp → model              semconv → model
//! render   → model, ui::Styles   (pure: data in, lines out)
//! lint     → model, render::text (pure: a trace in, findings out)
//! ui       → the terminal (the only module that writes to stdout/stderr)
//! cli      → clap types (and model's value types) only
//! instrument → ui::Styles   (plans edits to a Rust project as data; runs cargo and git)
//! secret   → nothing; any layer may hold a token in it (it never prints itself)
//! ```
//!
//! Errors are typed at the bottom (`StoreError`, `ClientError`, `OtlpError`), given context in
//! commands, and turned into documented exit codes once, in [`error::report`].

pub mod app;
pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod error;
pub mod instrument;
pub mod lint;
pub mod model;
pub mod otlp;
pub mod render;
pub mod secret;
pub mod semconv;
pub mod server;
pub mod store;
pub mod ui;

use cli::Cli;

/// True for exactly `canopy --version` or `canopy -V`, which `main` answers without parsing
/// (clap would print the same line, [`ui::write_version`]).
pub fn is_version_only(args: &[std::ffi::OsString]) -> bool {
    matches!(args, [_, flag] if flag == "--version" || flag == "-V")
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let env = config::process_env();
    // A config file that does not load fails the commands that need it, with its error;
    // `config` and `completions` still run, so it can be fixed.
    let file = config::load(&env);
    let configured = file
        .as_ref()
        .ok()
        .and_then(|f| config::configured_color(&cli.global, f, &env));
    let ui = ui::Ui::detect(cli.global.color, configured);
    match commands::dispatch(ui.clone(), cli, file) {
        Ok(()) => error::exit::OK,
        Err(err) => error::report(&ui, &err),
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::CommandFactory;

    #[test]
    fn the_version_fast_path_prints_what_clap_prints() {
        assert_eq!(
            crate::cli::Cli::command().render_version(),
            crate::ui::VERSION_LINE
        );
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(super::is_version_only(&args(&["canopy", "--version"])));
        assert!(super::is_version_only(&args(&["canopy", "-V"])));
        assert!(!super::is_version_only(&args(&[
            "canopy",
            "--version",
            "x"
        ])));
        assert!(!super::is_version_only(&args(&["canopy", "trace", "-V"])));
        assert!(!super::is_version_only(&args(&["canopy"])));
    }
}
