//! `canopy trace import`

use std::time::Duration;

use anyhow::Context as _;
use prost::Message;

use crate::app::Context;
use crate::cli::TraceImportArgs;
use crate::client::ClientError;
use crate::error::Failure;
use crate::otlp::file::{Batcher, Item, RequestReader, spans_in};
use crate::render::text::count;

/// Spans per request sent to the server.
const BATCH_SPANS: usize = 2_000;
/// Attempts per batch when the server says it is busy.
const BUSY_RETRIES: u32 = 8;

#[derive(Default)]
struct Tally {
    spans: u64,
    rejected: u64,
    bad_lines: u64,
    empty_lines: u64,
}

pub async fn run(ctx: &Context, args: &TraceImportArgs) -> anyhow::Result<()> {
    let ui = &ctx.ui;
    // Every file must exist before anything is sent, so a typo in the last name does not
    // leave the first files half-imported.
    for path in args.files.iter().filter(|p| p.as_os_str() != "-") {
        if let Err(e) = std::fs::metadata(path) {
            return Err(Failure::new(
                format!("cannot read {}: {e}", path.display()),
                "check the file name",
            )
            .into());
        }
    }
    let mut tally = Tally::default();
    for path in &args.files {
        let (input, size, name): (Box<dyn std::io::Read>, u64, String) = if path.as_os_str() == "-"
        {
            (Box::new(std::io::stdin()), 0, "stdin".into())
        } else {
            let file = fs_err::File::open(path)?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            (Box::new(file), size, path.display().to_string())
        };
        let mut reader = RequestReader::new(input).with_context(|| format!("reading {name}"))?;
        let progress = ui.progress_bytes(size, &name);
        let mut batcher = Batcher::new(BATCH_SPANS);
        while let Some(item) = reader.next() {
            match item.with_context(|| format!("reading {name}"))? {
                Item::Request(req) => {
                    if let Some(batch) = batcher.push(req) {
                        send(ctx, batch, &mut tally).await?;
                    }
                }
                Item::Empty => tally.empty_lines += 1,
                Item::Bad(e) => {
                    tally.bad_lines += 1;
                    ui.warn(&format!("{name}:{}: {}", e.line, e.message));
                }
            }
            progress.set_position(reader.bytes_read.get());
        }
        if let Some(batch) = batcher.finish() {
            send(ctx, batch, &mut tally).await?;
        }
        progress.finish();
    }
    let mut summary = format!("imported {}", count(tally.spans - tally.rejected, "span"));
    if tally.rejected > 0 {
        summary.push_str(&format!(", {} rejected by the server", tally.rejected));
    }
    if tally.empty_lines > 0 {
        summary.push_str(&format!(
            ", skipped {} without spans",
            count(tally.empty_lines, "line")
        ));
    }
    ui.note(&summary);
    if tally.bad_lines > 0 {
        return Err(Failure::new(
            format!("{} could not be read (the rest was imported)", count(tally.bad_lines, "line")),
            "each line must be an OTLP/JSON ExportTraceServiceRequest, as the collector's file exporter writes",
        )
        .into());
    }
    Ok(())
}

/// Sends one batch, waiting and retrying while the server is busy (re-sent spans are not
/// duplicated, so a retry after a lost answer is safe).
async fn send(
    ctx: &Context,
    batch: opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let spans = spans_in(&batch) as u64;
    let body = batch.encode_to_vec();
    let mut attempt = 0;
    loop {
        match ctx.client().export_spans(body.clone()).await {
            Ok((rejected, message)) => {
                tally.spans += spans;
                tally.rejected += rejected;
                if let Some(m) = message {
                    ctx.ui.warn(&m);
                }
                return Ok(());
            }
            Err(ClientError::Busy { retry_after, .. }) if attempt < BUSY_RETRIES => {
                attempt += 1;
                tokio::time::sleep(retry_after.min(Duration::from_secs(30))).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}
