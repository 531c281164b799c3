//! One file per leaf subcommand. Each turns its arguments into a request, calls one library
//! function, and hands the result to a renderer and the `Ui`; the decisions live in `model`,
//! `store`, `client` and `render`.

mod common;
mod completions;
mod config;
mod fit;
mod follow;
mod instrument;
mod rest;
mod serve;
mod session;
mod span;
mod trace;
mod usage;

use std::future::Future;

use crate::app::Context;
use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{ConfigFile, Settings, process_env};
use crate::error::UsageError;
use crate::ui::Ui;

/// Runs a command. `file` is the config file as loaded; only the commands that need it fail
/// when it did not load.
pub fn dispatch(ui: Ui, cli: Cli, file: Result<ConfigFile, UsageError>) -> anyhow::Result<()> {
    let env = process_env();
    let context = |ui: Ui, global: &GlobalArgs, file: Result<ConfigFile, UsageError>| {
        Ok::<_, UsageError>(Context::new(ui, Settings::resolve(global, &file?, &env)?))
    };
    match cli.command {
        Command::Completions(args) => completions::run(&ui, &args),
        Command::Config(command) => config::run(&ui, &cli.global, command, file),
        Command::Serve(args) => serve::run(&ui, args, &file?),
        Command::Instrument(args) => instrument::run(&ui, &cli.global, file, &args),
        Command::Trace(command) => trace::run(&context(ui, &cli.global, file)?, command),
        Command::Session(command) => session::run(&context(ui, &cli.global, file)?, command),
        Command::Usage(args) => block_on(usage::run(&context(ui, &cli.global, file)?, &args)),
        Command::Span(command) => span::run(&context(ui, &cli.global, file)?, command),
    }
}

/// Runs a client command's future on a single-threaded runtime: a CLI invocation makes a
/// request or two, and a thread pool would only add start-up time.
fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime starts")
        .block_on(future)
}

/// JSON for stdout: indented for a person, one compact line for a pipe.
fn to_json<T: serde::Serialize>(ui: &Ui, value: &T) -> String {
    let text = if ui.is_tty() {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    text.expect("model types serialize to JSON")
}
