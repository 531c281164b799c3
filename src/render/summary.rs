//! A trace in a few lines (`canopy trace get --view summary`).
//!
//! ```text
//! trace      0a87607ca2d6044aa146d9c4b073d4dc
//! root       travel-planner.run  AGENT
//! service    travel-app
//! started    2026-11-21 09:30:00.123 UTC (18h ago)
//! duration   165ms
//! spans      11
//! errors     2
//!   lookup_forecast  TimeoutError: forecast service timed out after 5s
//! LLM calls  6
//! tokens     412 in · 131 out · 543 total
//! cost       ~$0.0031  includes estimates
//! session    sess-42
//! agents     travel-planner, weather-researcher
//! ```
//!
//! Totals come from the trace summary the server keeps (each call counted once, see
//! `model::rollup`); the failing spans are listed from the spans themselves.

use owo_colors::Style;

use super::facts;
use super::fields::{FieldOptions, Fields, time};
use super::span::totals_text;
use super::text::{cost, duration, sanitize};
use crate::model::{SpanKind, Trace};

/// Failing spans listed by name before "and N more".
const MAX_ERRORS: usize = 5;

pub fn render(trace: &Trace, dot: &str, opts: &FieldOptions) -> Vec<String> {
    let s = opts.styles;
    let sum = &trace.summary;
    let mut f = Fields::new(opts);
    f.whole("trace", trace.trace_id.to_hex(), s.id);
    let root = sum
        .root_span_id
        .and_then(|id| trace.spans.iter().find(|sp| sp.span_id == id));
    match root {
        Some(r) => {
            let kind = (r.kind != SpanKind::Unknown).then(|| r.kind.as_str().to_string());
            f.parts(
                "root",
                vec![
                    (sanitize(&r.name), s.span_name),
                    (kind.unwrap_or_default(), s.kind(r.kind)),
                ],
            );
        }
        None => f.parts(
            "root",
            vec![
                (sanitize(&sum.root_name), s.span_name),
                ("the root span has not arrived".into(), s.warn),
            ],
        ),
    }
    f.one(
        "service",
        sum.service.as_deref().map(sanitize),
        Style::new(),
    );
    f.one("started", Some(time(sum.start_time, opts.now)), s.dim);
    f.one("duration", Some(duration(sum.duration_ns)), s.duration);
    f.one("spans", Some(sum.span_count.to_string()), Style::new());
    let failing: Vec<_> = trace.spans.iter().filter(|sp| facts::failed(sp)).collect();
    let error_style = if sum.error_count > 0 { s.error } else { s.ok };
    f.one("errors", Some(sum.error_count.to_string()), error_style);
    for sp in failing.iter().take(MAX_ERRORS) {
        let message = facts::error_line(sp)
            .map(|m| sanitize(&m))
            .unwrap_or_default();
        f.indented(2, &sp.name, vec![(message, s.error)]);
    }
    if failing.len() > MAX_ERRORS {
        let more = format!("and {} more", failing.len() - MAX_ERRORS);
        f.indented(2, "…", vec![(more, s.dim)]);
    }
    f.one(
        "LLM calls",
        Some(sum.totals.llm_count.to_string()),
        Style::new(),
    );
    f.one("tokens", totals_text(&sum.totals, dot), s.tokens);
    if let Some(c) = sum.totals.cost_usd {
        let note = if sum.totals.cost_estimated {
            "includes estimates"
        } else {
            "reported"
        };
        f.parts(
            "cost",
            vec![
                (cost(c, sum.totals.cost_estimated), s.cost),
                (note.into(), s.dim),
            ],
        );
    }
    f.one(
        "session",
        sum.session_id.as_deref().map(sanitize),
        Style::new(),
    );
    f.one("user", sum.user_id.as_deref().map(sanitize), Style::new());
    if !sum.agents.is_empty() {
        let agents: Vec<String> = sum.agents.iter().map(|a| sanitize(a)).collect();
        f.one("agents", Some(agents.join(", ")), s.kind_agent);
    }
    f.finish()
}
