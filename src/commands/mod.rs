//! One file per leaf subcommand. Each turns its arguments into a request, calls one library
//! function, and hands the result to a renderer and the `Ui`; the decisions live in `model`,
//! `store`, `client` and `render`.

mod common;
mod completions;
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
use crate::cli::{Cli, Command};
use crate::config::Settings;
use crate::ui::Ui;

pub fn dispatch(ui: Ui, cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Completions(args) => completions::run(&ui, &args),
        Command::Serve(args) => serve::run(&ui, args),
        Command::Instrument(args) => instrument::run(&ui, &cli.global, &args),
        Command::Trace(command) => {
            let ctx = Context::new(ui, Settings::resolve(&cli.global)?);
            trace::run(&ctx, command)
        }
        Command::Session(command) => {
            let ctx = Context::new(ui, Settings::resolve(&cli.global)?);
            session::run(&ctx, command)
        }
        Command::Usage(args) => {
            let ctx = Context::new(ui, Settings::resolve(&cli.global)?);
            block_on(usage::run(&ctx, &args))
        }
        Command::Span(command) => {
            let ctx = Context::new(ui, Settings::resolve(&cli.global)?);
            span::run(&ctx, command)
        }
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
