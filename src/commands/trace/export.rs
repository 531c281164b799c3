//! `canopy trace export`

use std::io::Write;

use crate::app::Context;
use crate::cli::TraceExportArgs;
use crate::commands::common;
use crate::error::{CodedFailure, UsageError, exit};
use crate::model::{Cursor, TraceDetail, TraceQuery};
use crate::otlp;

/// Traces fetched per page.
const PAGE: usize = 100;

enum Sink {
    File(std::io::BufWriter<fs_err::File>),
    Stdout,
}

pub async fn run(ctx: &Context, args: &TraceExportArgs) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    // An export takes everything its flags match: the config's default range is for browsing.
    let filter = common::filter(&args.filter, ctx.settings.now, None)?;
    let cursor = args
        .cursor
        .as_deref()
        .map(str::parse::<Cursor>)
        .transpose()
        .map_err(|e| UsageError::new(format!("--cursor: {e}")))?;
    let to_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    let mut sink = match to_file {
        Some(path) => {
            let file = fs_err::OpenOptions::new()
                .create(true)
                .write(true)
                .append(args.append)
                .truncate(!args.append)
                .open(path)?;
            Sink::File(std::io::BufWriter::new(file))
        }
        None => Sink::Stdout,
    };
    let mut query = TraceQuery {
        filter,
        limit: Some(PAGE),
        cursor,
        ..Default::default()
    };
    let total = ctx.client().trace_facets(&query).await?.total;
    let progress = ui.progress_items(Some(total), "exporting traces");
    let mut exported = 0u64;
    // Where to resume from: the last page fully written.
    let mut resume = query.cursor.map(|c| c.to_string());
    loop {
        let page = tokio::select! {
            page = ctx.client().list_traces(&query) => page,
            _ = tokio::signal::ctrl_c() => return Err(interrupted(exported, &resume).into()),
        };
        let page = page.map_err(|e| with_resume(e.into(), &resume))?;
        let mut lines = Vec::with_capacity(page.traces.len());
        for summary in &page.traces {
            let id = summary.trace_id.to_hex();
            let trace = tokio::select! {
                t = ctx.client().get_trace(&id, TraceDetail::STRUCTURE) => t,
                _ = tokio::signal::ctrl_c() => return Err(interrupted(exported, &resume).into()),
            };
            let trace = trace.map_err(|e| with_resume(e.into(), &resume))?;
            lines.push(otlp::encode::to_json(&trace.spans, false));
        }
        match &mut sink {
            Sink::File(w) => {
                for line in &lines {
                    w.write_all(line.as_bytes())?;
                    w.write_all(b"\n")?;
                }
                w.flush()?;
            }
            Sink::Stdout => ui.stream_lines(&lines)?,
        }
        exported += lines.len() as u64;
        progress.inc(lines.len() as u64);
        match page.next_cursor {
            Some(next) => {
                query.cursor = Some(next.parse().map_err(anyhow::Error::msg)?);
                resume = Some(next);
            }
            None => break,
        }
    }
    progress.finish();
    if let Some(path) = to_file {
        ui.note(&format!("exported {exported} traces to {}", path.display()));
    }
    Ok(())
}

/// Ctrl-C during an export: exit 130, saying where to continue.
fn interrupted(exported: u64, resume: &Option<String>) -> CodedFailure {
    let hint = match resume {
        Some(c) => format!("continue with --cursor {c} --append (and the same filters)"),
        None => "nothing was written; run the same command again".into(),
    };
    CodedFailure {
        code: exit::INTERRUPTED,
        message: format!("export interrupted after {exported} traces"),
        hint: Some(hint),
    }
}

/// Adds the resume hint to a failure in the middle of an export.
fn with_resume(err: anyhow::Error, resume: &Option<String>) -> anyhow::Error {
    match resume {
        Some(c) => err.context(format!(
            "export stopped; continue with --cursor {c} --append"
        )),
        None => err,
    }
}
