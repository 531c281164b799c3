//! `canopy trace …`

mod annotate;
mod diff;
mod export;
mod facets;
mod get;
mod import;
mod lint;
mod list;

use crate::app::Context;
use crate::cli::TraceCommand;

pub fn run(ctx: &Context, command: TraceCommand) -> anyhow::Result<()> {
    match command {
        TraceCommand::List(args) => super::block_on(list::run(ctx, &args)),
        TraceCommand::Get(args) => super::block_on(get::run(ctx, &args)),
        TraceCommand::Facets(args) => super::block_on(facets::run(ctx, &args)),
        TraceCommand::Annotate(args) => super::block_on(annotate::run(ctx, &args)),
        TraceCommand::Import(args) => super::block_on(import::run(ctx, &args)),
        TraceCommand::Export(args) => super::block_on(export::run(ctx, &args)),
        TraceCommand::Lint(args) => super::block_on(lint::run(ctx, &args)),
        TraceCommand::Diff(args) => super::block_on(diff::run(ctx, &args)),
    }
}
