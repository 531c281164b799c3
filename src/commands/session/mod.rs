//! `canopy session …`

mod get;
mod list;

use crate::app::Context;
use crate::cli::SessionCommand;

pub fn run(ctx: &Context, command: SessionCommand) -> anyhow::Result<()> {
    match command {
        SessionCommand::List(args) => super::block_on(list::run(ctx, &args)),
        SessionCommand::Get(args) => super::block_on(get::run(ctx, &args)),
    }
}
