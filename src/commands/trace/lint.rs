//! `canopy trace lint`

use crate::app::Context;
use crate::cli::{SeverityArg, TraceLintArgs};
use crate::commands::common;
use crate::error::Failure;
use crate::lint::{self, Finding, Severity};
use crate::model::{TraceDetail, TraceQuery, TraceSummary};
use crate::render::lint::{findings_block, findings_tsv};
use crate::render::text::count;

pub async fn run(ctx: &Context, args: &TraceLintArgs) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    let min = match args.severity {
        SeverityArg::Info => Severity::Info,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Error => Severity::Error,
    };
    // Which traces: the one named, or the newest matching the filters.
    let summaries: Vec<TraceSummary> = match &args.trace_id {
        Some(id) => vec![
            ctx.client()
                .get_trace(id.as_str(), TraceDetail::STRUCTURE)
                .await?
                .summary,
        ],
        None => {
            let query = TraceQuery {
                filter: common::filter(&args.filter, ctx.settings.now, ctx.settings.range)?,
                limit: Some(args.limit.min(1000) as usize),
                ..Default::default()
            };
            let mut all = Vec::new();
            let mut q = query;
            loop {
                let page = ctx.client().list_traces(&q).await?;
                all.extend(page.traces);
                match page.next_cursor {
                    Some(c) if all.len() < args.limit as usize => {
                        q.cursor = Some(c.parse().map_err(anyhow::Error::msg)?)
                    }
                    _ => break,
                }
            }
            all.truncate(args.limit as usize);
            all
        }
    };

    let mut every: Vec<Finding> = Vec::new();
    let mut clean = 0;
    for summary in &summaries {
        let trace = ctx
            .client()
            .get_trace(&summary.trace_id.to_hex(), TraceDetail::STRUCTURE)
            .await?;
        let findings: Vec<Finding> = lint::lint(&trace)
            .into_iter()
            .filter(|f| f.severity >= min)
            .collect();
        if findings.is_empty() {
            clean += 1;
            continue;
        }
        if !args.json {
            if ui.is_tty() {
                let mut lines = findings_block(&trace.summary, &findings, ui.styles());
                lines.push(String::new());
                ui.stream_lines(&lines)?;
            } else {
                ui.stream_lines(&findings_tsv(&findings))?;
            }
        }
        every.extend(findings);
    }
    if args.json {
        ui.emit(&super::super::to_json(ui, &every))?;
    }

    let tally = |s: Severity| every.iter().filter(|f| f.severity == s).count() as u64;
    let errors = tally(Severity::Error);
    ui.note(&format!(
        "{} checked, {} clean: {}, {}, {}",
        count(summaries.len() as u64, "trace"),
        clean,
        count(errors, "error"),
        count(tally(Severity::Warning), "warning"),
        count(tally(Severity::Info), "note"),
    ));
    if errors > 0 {
        return Err(Failure::new(
            format!("{} with errors", count(errors, "finding")),
            "each finding says what to fix; `--severity error` shows only these",
        )
        .into());
    }
    Ok(())
}
