//! `canopy session get`

use crate::app::Context;
use crate::cli::SessionGetArgs;
use crate::render::sessions::{session_tsv, session_view};
use crate::render::table::ListOptions;

pub async fn run(ctx: &Context, args: &SessionGetArgs) -> anyhow::Result<()> {
    let session = ctx.client().get_session(&args.session_id).await?;
    let ui = &ctx.ui;
    if args.json {
        ui.emit(&super::super::to_json(ui, &session))?;
    } else if ui.is_tty() {
        let opts = ListOptions {
            styles: ui.styles(),
            width: ui.width(),
            now: ctx.settings.now,
            colored: ui.color(),
        };
        ui.emit_lines(&session_view(&session, &opts))?;
    } else {
        ui.emit_lines(&session_tsv(&session))?;
    }
    Ok(())
}
