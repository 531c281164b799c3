//! `canopy session list`

use crate::app::Context;
use crate::cli::SessionListArgs;
use crate::commands::common::{self, Format, PagePrinter};
use crate::error::UsageError;
use crate::model::{SessionQuery, SessionSummary};
use crate::render::sessions::{sessions_table, sessions_tsv};
use crate::render::table::ListOptions;

pub async fn run(ctx: &Context, args: &SessionListArgs) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    let now = ctx.settings.now;
    let query = SessionQuery {
        filter: common::filter(&args.filter, now, ctx.settings.range)?,
        limit: Some(
            args.limit
                .or(ctx.settings.limit)
                .unwrap_or(common::DEFAULT_LIMIT) as usize,
        ),
        cursor: args
            .cursor
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e: String| UsageError::new(format!("--cursor: {e}")))?,
    };
    let format = Format::resolve::<SessionSummary>(&args.output)?;
    let page = ctx.client().list_sessions(&query).await?;
    let mut printer = PagePrinter::new(ui, format, false);
    let opts = ListOptions {
        styles: ui.styles(),
        width: ui.width(),
        now,
        colored: ui.color(),
    };
    printer.page(&page.sessions, |rows, _| {
        if ui.is_tty() {
            sessions_table(rows, &opts)
        } else {
            sessions_tsv(rows)
        }
    })?;
    let human = printer.is_human();
    if printer.finish()? == 0 && human && ui.is_tty() {
        ui.note("no sessions match");
        ui.hint(
            "sessions come from session.id, gen_ai.conversation.id or cascade.session_id on spans",
        );
    } else if let (Some(next), true) = (page.next_cursor, human && ui.is_tty()) {
        ui.hint(&format!("more sessions: pass --cursor {next}"));
    }
    Ok(())
}
