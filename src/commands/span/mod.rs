//! `canopy span …`

mod facets;
mod get;
mod list;

use crate::app::Context;
use crate::cli::{ScopeArg, SpanCommand};
use crate::model::SpanScope;

pub fn run(ctx: &Context, command: SpanCommand) -> anyhow::Result<()> {
    match command {
        SpanCommand::List(args) => super::block_on(list::run(ctx, &args)),
        SpanCommand::Get(args) => super::block_on(get::run(ctx, &args)),
        SpanCommand::Facets(args) => super::block_on(facets::run(ctx, &args)),
    }
}

pub(super) fn scope(arg: ScopeArg) -> SpanScope {
    match arg {
        ScopeArg::All => SpanScope::All,
        ScopeArg::Root => SpanScope::Root,
        ScopeArg::Entrypoint => SpanScope::Entrypoint,
    }
}
