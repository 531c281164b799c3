//! Usage reports: one row per group and a total.

use owo_colors::Style;

use super::table::{Col, Column, ListOptions, TextCell, table};
use super::text::{self, sanitize};
use crate::model::{Totals, UsageBy, UsageReport};

fn count(n: u64) -> String {
    if n == 0 { "-".into() } else { text::tokens(n) }
}

/// A report for a terminal: groups costliest first, then a TOTAL row.
pub fn usage_table(report: &UsageReport, opts: &ListOptions) -> Vec<String> {
    let s = opts.styles;
    let header = match report.by {
        UsageBy::Model => "MODEL",
        UsageBy::Provider => "PROVIDER",
        UsageBy::Agent => "AGENT",
        UsageBy::Service => "SERVICE",
        UsageBy::Session => "SESSION",
        UsageBy::Day => "DAY",
    };
    let columns = [
        Column::new(header, Col::Text, 0).weighted(2),
        Column::new("CALLS", Col::Number, 0),
        Column::new("INPUT", Col::Number, 0),
        Column::new("OUTPUT", Col::Number, 0),
        Column::new("CACHE READ", Col::Number, 2),
        Column::new("CACHE WRITE", Col::Number, 1),
        Column::new("TOTAL", Col::Number, 3),
        Column::new("COST", Col::Number, 0),
    ];
    let row = |key: String, key_style: Style, t: &Totals| -> Vec<TextCell> {
        vec![
            (key, key_style),
            (t.llm_count.to_string(), Style::new()),
            (count(t.input_tokens), s.tokens),
            (count(t.output_tokens), s.tokens),
            (count(t.cache_read_tokens), s.dim),
            (count(t.cache_write_tokens), s.dim),
            (count(t.total_tokens), s.tokens),
            (
                t.cost_usd
                    .map_or_else(|| "-".into(), |c| text::cost(c, t.cost_estimated)),
                s.cost,
            ),
        ]
    };
    let mut rows: Vec<Vec<TextCell>> = report
        .groups
        .iter()
        .map(|g| {
            row(
                sanitize(g.key.as_deref().unwrap_or("(none)")),
                s.span_name,
                &g.totals,
            )
        })
        .collect();
    rows.push(row("TOTAL".into(), s.header, &report.total));
    table(&columns, &rows, opts)
}

/// A report for a pipe: `key, llm_count, input_tokens, output_tokens, cache_read_tokens,
/// cache_write_tokens, total_tokens, cost_usd` per group (an empty key for calls without one).
pub fn usage_tsv(report: &UsageReport) -> Vec<String> {
    report
        .groups
        .iter()
        .map(|g| {
            let t = &g.totals;
            [
                sanitize(g.key.as_deref().unwrap_or("")),
                t.llm_count.to_string(),
                t.input_tokens.to_string(),
                t.output_tokens.to_string(),
                t.cache_read_tokens.to_string(),
                t.cache_write_tokens.to_string(),
                t.total_tokens.to_string(),
                t.cost_usd.map(|c| c.to_string()).unwrap_or_default(),
            ]
            .join("\t")
        })
        .collect()
}
