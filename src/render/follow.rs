//! Rows of a live listing (`--follow`) on a terminal. Unlike a table, rows arrive one at a time,
//! so columns have fixed widths (the name takes what is left) and stay aligned as they come:
//!
//! ```text
//! STARTED   TRACE         ROOT                   MODEL           TOKENS        COST  DURATION  STATUS
//! 03:37:16  0a87607ca2d6  travel-planner.run     gpt-4o-mini +1     298  ~$0.000204     165ms  2 errors
//! ```
//!
//! Times are UTC (the start of the trace or span). A trace printed again because it grew is
//! marked `update`. Piped, a live listing prints the same tab-separated rows as the list (see
//! `table::traces_tsv`, `lists::spans_tsv`).

use owo_colors::{OwoColorize, Style};

use super::lists::SpanFigures;
use super::text::{self, duration, sanitize, short_id, truncate, width};
use crate::model::follow::FollowedTrace;
use crate::model::{Nanos, Span};
use crate::ui::Styles;

pub struct FollowOptions<'a> {
    pub styles: &'a Styles,
    /// Columns available.
    pub width: usize,
}

/// A fixed-width cell: text cut or padded to `w` columns, right-aligned for numbers.
fn cell(text: &str, w: usize, right: bool, style: Style) -> String {
    let t = truncate(text, w);
    let pad = " ".repeat(w.saturating_sub(width(&t)));
    if right {
        format!("{pad}{}", t.style(style))
    } else {
        format!("{}{pad}", t.style(style))
    }
}

fn clock(t: Nanos) -> String {
    t.to_timestamp().strftime("%H:%M:%S").to_string()
}

/// Columns of a trace row: started, trace, (root), model, tokens, cost, duration; the root gets
/// what is left, at least 12.
const TRACE_FIXED: [usize; 6] = [8, 12, 14, 7, 11, 8];
const SPAN_FIXED: [usize; 8] = [8, 12, 8, 9, 14, 7, 11, 8];
const GAP: &str = "  ";

fn flex(width: usize, fixed: &[usize]) -> usize {
    let used: usize = fixed.iter().sum::<usize>() + GAP.len() * (fixed.len() + 1) + 6;
    width.saturating_sub(used).max(12)
}

/// The header of a live trace listing.
pub fn traces_header(opts: &FollowOptions) -> String {
    let [t, id, m, tok, c, d] = TRACE_FIXED;
    let s = opts.styles.header;
    [
        cell("STARTED", t, false, s),
        cell("TRACE", id, false, s),
        cell("ROOT", flex(opts.width, &TRACE_FIXED), false, s),
        cell("MODEL", m, false, s),
        cell("TOKENS", tok, true, s),
        cell("COST", c, true, s),
        cell("DURATION", d, true, s),
        "STATUS".style(s).to_string(),
    ]
    .join(GAP)
}

/// One trace of a live listing, with the models its calls used (most used first).
pub fn trace_row(row: &FollowedTrace, opts: &FollowOptions) -> String {
    let s = opts.styles;
    let (t, models) = (&row.summary, row.models.as_slice());
    let [tw, id, m, tok, c, d] = TRACE_FIXED;
    let root = sanitize(&t.root_name);
    let model = match models {
        [] => "-".to_string(),
        [one] => sanitize(one),
        [first, rest @ ..] => format!("{} +{}", sanitize(first), rest.len()),
    };
    let tokens = if t.totals.total_tokens > 0 {
        text::tokens(t.totals.total_tokens)
    } else {
        "-".into()
    };
    let cost = t
        .totals
        .cost_usd
        .map_or_else(|| "-".into(), |c| text::cost(c, t.totals.cost_estimated));
    let mut status = if t.error_count > 0 {
        text::count(t.error_count, "error")
            .style(s.error)
            .to_string()
    } else {
        "ok".style(s.ok).to_string()
    };
    if t.is_missing_root() {
        status.push_str(&format!(" {}", "root missing".style(s.warn)));
    }
    if row.update {
        status.push_str(&format!(" {}", "(updated)".style(s.dim)));
    }
    [
        cell(&clock(t.start_time), tw, false, s.dim),
        cell(short_id(&t.trace_id.to_hex()), id, false, s.id),
        cell(&root, flex(opts.width, &TRACE_FIXED), false, s.span_name),
        cell(&model, m, false, s.model),
        cell(&tokens, tok, true, s.tokens),
        cell(&cost, c, true, s.cost),
        cell(&duration(t.duration_ns), d, true, s.duration),
        status,
    ]
    .join(GAP)
}

/// The header of a live span listing.
pub fn spans_header(opts: &FollowOptions) -> String {
    let [t, tr, sp, k, m, tok, c, d] = SPAN_FIXED;
    let s = opts.styles.header;
    [
        cell("STARTED", t, false, s),
        cell("TRACE", tr, false, s),
        cell("SPAN", sp, false, s),
        cell("NAME", flex(opts.width, &SPAN_FIXED), false, s),
        cell("KIND", k, false, s),
        cell("MODEL", m, false, s),
        cell("TOKENS", tok, true, s),
        cell("COST", c, true, s),
        cell("DURATION", d, true, s),
        "STATUS".style(s).to_string(),
    ]
    .join(GAP)
}

/// One span of a live listing.
pub fn span_row(span: &Span, opts: &FollowOptions) -> String {
    let s = opts.styles;
    let [tw, tr, sp, k, m, tok, c, d] = SPAN_FIXED;
    let SpanFigures { kind, tokens, cost } = SpanFigures::of(span);
    let status = if span.is_error() {
        "error".style(s.error).to_string()
    } else {
        "ok".style(s.ok).to_string()
    };
    [
        cell(&clock(span.start_time), tw, false, s.dim),
        cell(short_id(&span.trace_id.to_hex()), tr, false, s.id),
        cell(&span.span_id.to_hex()[..8], sp, false, s.dim),
        cell(
            &sanitize(&span.name),
            flex(opts.width, &SPAN_FIXED),
            false,
            s.span_name,
        ),
        cell(kind, k, false, s.kind(span.kind)),
        cell(
            &sanitize(span.model.as_deref().unwrap_or("-")),
            m,
            false,
            s.model,
        ),
        cell(&tokens, tok, true, s.tokens),
        cell(&cost, c, true, s.cost),
        cell(&duration(span.duration_ns()), d, true, s.duration),
        status,
    ]
    .join(GAP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures;

    #[test]
    fn trace_rows_stay_aligned() {
        let styles = Styles::default();
        let opts = FollowOptions {
            styles: &styles,
            width: 100,
        };
        let mut t = fixtures::trace().summary;
        let models = vec!["gpt-4o-mini".to_string(), "claude-3-5-haiku".to_string()];
        let mut orphan = t.clone();
        orphan.root_span_id = None;
        orphan.root_name = "late-child\x1b[2J".into();
        orphan.error_count = 0;
        orphan.totals = Default::default();
        t.start_time = Nanos(1_795_318_636_444_992_476);
        let row = |summary: &crate::model::TraceSummary, models: Vec<String>, update| {
            let row = FollowedTrace {
                summary: summary.clone(),
                models,
                update,
            };
            trace_row(&row, &opts)
        };
        let lines = [
            traces_header(&opts),
            row(&t, models.clone(), false),
            row(&orphan, vec![], false),
            row(&t, models[..1].to_vec(), true),
        ];
        insta::assert_snapshot!(lines.join("\n"), @r"
        STARTED   TRACE         ROOT                  MODEL            TOKENS         COST  DURATION  STATUS
        03:37:16  010101010101  travel-planner.run    gpt-4o-mini +1      194   ~$0.000968     125ms  1 error
        00:00:00  010101010101  late-child\x1b[2J     -                     -            -     125ms  ok root missing
        03:37:16  010101010101  travel-planner.run    gpt-4o-mini         194   ~$0.000968     125ms  1 error (updated)
        ");
    }

    #[test]
    fn span_rows_stay_aligned() {
        let styles = Styles::default();
        let opts = FollowOptions {
            styles: &styles,
            width: 120,
        };
        let spans = fixtures::spans();
        let mut lines = vec![spans_header(&opts)];
        lines.extend(spans[1..4].iter().map(|s| span_row(s, &opts)));
        insta::assert_snapshot!(lines.join("\n"), @"
        STARTED   TRACE         SPAN      NAME                 KIND       MODEL            TOKENS         COST  DURATION  STATUS
        00:00:00  010101010101  02020202  chat                 LLM        gpt-4o-mini          59    ~$0.00042    13.0ms  ok
        00:00:00  010101010101  03030303  get_weather          TOOL       -                     -            -    58.4µs  ok
        00:00:00  010101010101  04040404  weather-researcher…  AGENT      -                     -            -    25.0ms  ok
        ");
    }
}
