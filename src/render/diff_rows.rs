//! `trace diff` for scripts: tab-separated rows for a pipe and the `--json` document.
//!
//! Rows (one per span shown, see `diff`): change, what, a_span_id, b_span_id, a_duration_ns,
//! b_duration_ns, a_tokens, b_tokens, a_cost_usd, b_cost_usd, a_status, b_status, a_model,
//! b_model, path. `what` lists the changed fields (status, model, tokens, cost, io) and
//! `slower`/`faster`, or `-`. With --io, each changed call's unified diff follows its row.
//!
//! The JSON document has every span, aligned or not, in the merged tree's order:
//!
//! ```text
//! {"a": TraceSummary, "b": TraceSummary, "identical": bool,
//!  "counts": {"same", "changed", "added", "removed", "slower", "faster"},
//!  "spans": [{"change": "same|changed|added|removed", "changes": ["tokens", …],
//!             "timing": "similar|slower|faster"|null, "path": ["run", "chat[2]"], "depth",
//!             "name", "kind",
//!             "a"|"b": {"span_id", "duration_ns", "model", "tokens", "cost_usd",
//!                       "status": "ok|error", "error"} | null,
//!             "delta": {"duration_ns", "duration_pct", "tokens", "cost_usd"} | null,
//!             "io": {"input"?: unified diff, "output"?: unified diff}   (--io, when they differ)
//!  }]}
//! ```

use serde::Serialize;

use super::diff::{DiffViewOptions, notable};
use super::diff_io::{self, IoDiff};
use super::facts;
use super::text::sanitize;
use crate::model::diff::{Change, Counts, Diff, Row, Timing, percent};
use crate::model::{Span, SpanKind, Trace, TraceSummary};

/// The shown spans for a pipe (see the module docs for the columns).
pub fn tsv(a: &Trace, b: &Trace, diff: &Diff, opts: &DiffViewOptions) -> Vec<String> {
    let mut out = Vec::new();
    for (i, r) in diff.rows.iter().enumerate() {
        if !opts.all && !notable(r) {
            continue;
        }
        let x = r.a.map(|k| &a.spans[k]);
        let y = r.b.map(|k| &b.spans[k]);
        let col = |sp: Option<&Span>, f: &dyn Fn(&Span) -> Option<String>| {
            sp.and_then(f).unwrap_or_default()
        };
        let id = |sp: &Span| Some(sp.span_id.to_hex());
        let dur = |sp: &Span| Some(sp.duration_ns().to_string());
        let tok = |sp: &Span| sp.usage().total().map(|t| t.to_string());
        let cost = |sp: &Span| sp.cost_usd.map(|c| c.to_string());
        let status = |sp: &Span| Some(if sp.is_error() { "error" } else { "ok" }.to_string());
        let model = |sp: &Span| sp.model.as_deref().map(sanitize);
        let path: Vec<String> = diff
            .path(i, &a.spans, &b.spans)
            .iter()
            .map(|p| sanitize(p))
            .collect();
        out.push(
            [
                change_name(r.change).to_string(),
                what(r),
                col(x, &id),
                col(y, &id),
                col(x, &dur),
                col(y, &dur),
                col(x, &tok),
                col(y, &tok),
                col(x, &cost),
                col(y, &cost),
                col(x, &status),
                col(y, &status),
                col(x, &model),
                col(y, &model),
                // Names from the top, `[n]` for the n-th sibling of the same name and kind.
                path.join(" > "),
            ]
            .join("\t"),
        );
        if opts.io
            && r.changes.io
            && let (Some(x), Some(y)) = (x, y)
        {
            for d in diff_io::diffs(x, y) {
                out.extend(d.unified.lines().map(str::to_string));
            }
        }
    }
    out
}

fn change_name(c: Change) -> &'static str {
    match c {
        Change::Same => "same",
        Change::Changed => "changed",
        Change::Added => "added",
        Change::Removed => "removed",
    }
}

/// The changed fields and the timing, comma-separated, or `-`.
fn what(r: &Row) -> String {
    let mut names = r.changes.names();
    match r.timing {
        Some(Timing::Slower) => names.push("slower"),
        Some(Timing::Faster) => names.push("faster"),
        _ => {}
    }
    if names.is_empty() {
        "-".into()
    } else {
        names.join(",")
    }
}

/// One side of a span in the JSON form.
#[derive(Debug, Serialize)]
pub struct SideJson {
    pub span_id: String,
    pub duration_ns: i64,
    pub model: Option<String>,
    pub tokens: Option<u64>,
    pub cost_usd: Option<f64>,
    pub status: &'static str,
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DeltaJson {
    pub duration_ns: i64,
    pub duration_pct: Option<f64>,
    pub tokens: Option<i64>,
    pub cost_usd: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct RowJson {
    pub change: Change,
    /// Changed fields (status, model, tokens, cost, io).
    pub changes: Vec<&'static str>,
    pub timing: Option<Timing>,
    pub path: Vec<String>,
    pub depth: usize,
    pub name: String,
    pub kind: SpanKind,
    pub a: Option<SideJson>,
    pub b: Option<SideJson>,
    pub delta: Option<DeltaJson>,
    /// With --io, for each side that differs: its unified diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub io: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The `--json` document: both summaries, whether they are identical, counts, and every span.
#[derive(Debug, Serialize)]
pub struct DiffJson<'a> {
    pub a: &'a TraceSummary,
    pub b: &'a TraceSummary,
    pub identical: bool,
    pub counts: Counts,
    pub spans: Vec<RowJson>,
}

fn side(sp: &Span) -> SideJson {
    SideJson {
        span_id: sp.span_id.to_hex(),
        duration_ns: sp.duration_ns(),
        model: sp.model.clone(),
        tokens: sp.usage().total(),
        cost_usd: sp.cost_usd,
        status: if sp.is_error() { "error" } else { "ok" },
        error: facts::error_text(sp),
    }
}

pub fn json<'a>(a: &'a Trace, b: &'a Trace, diff: &Diff, io: bool) -> DiffJson<'a> {
    let spans = diff
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let x = r.a.map(|k| &a.spans[k]);
            let y = r.b.map(|k| &b.spans[k]);
            let one = y.or(x).expect("a row has a span");
            let delta = x.zip(y).map(|(x, y)| {
                let tokens = x.usage().total().zip(y.usage().total());
                DeltaJson {
                    duration_ns: y.duration_ns() - x.duration_ns(),
                    duration_pct: percent(x.duration_ns() as f64, y.duration_ns() as f64)
                        .map(|p| (p * 10.0).round() / 10.0),
                    tokens: tokens.map(|(p, q)| q as i64 - p as i64),
                    cost_usd: x
                        .cost_usd
                        .zip(y.cost_usd)
                        .map(|(p, q)| ((q - p) * 1e12).round() / 1e12),
                }
            });
            let io = (io && r.changes.io).then(|| {
                let (x, y) = (x.expect("a pair"), y.expect("a pair"));
                diff_io::diffs(x, y)
                    .into_iter()
                    .map(|IoDiff { side, unified }| (side.to_string(), unified.into()))
                    .collect()
            });
            RowJson {
                change: r.change,
                changes: r.changes.names(),
                timing: r.timing,
                path: diff.path(i, &a.spans, &b.spans),
                depth: r.depth,
                name: one.name.clone(),
                kind: one.kind,
                a: x.map(side),
                b: y.map(side),
                delta,
                io,
            }
        })
        .collect();
    DiffJson {
        a: &a.summary,
        b: &b.summary,
        identical: diff.is_identical(),
        counts: diff.counts(),
        spans,
    }
}
