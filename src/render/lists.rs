//! Span lists and facet counts: a table for people, tab-separated rows for scripts.

use owo_colors::{OwoColorize, Style};

use super::table::{Col, Column, ListOptions, TextCell, table};
use super::text::{self, duration, relative, sanitize, short_id};
use crate::model::{CostSource, FacetCount, Facets, Span, SpanKind};

const SPAN_COLUMNS: [Column; 10] = [
    Column::new("TRACE", Col::Fixed, 0),
    Column::new("SPAN", Col::Fixed, 6),
    Column::new("NAME", Col::Text, 0).weighted(2),
    Column::new("KIND", Col::Fixed, 0),
    Column::new("STARTED", Col::Fixed, 2),
    Column::new("DURATION", Col::Number, 0),
    Column::new("STATUS", Col::Fixed, 0),
    Column::new("MODEL", Col::Text, 5),
    Column::new("TOKENS", Col::Number, 3),
    Column::new("COST", Col::Number, 4),
];

fn status_cell(s: &Span, styles: &crate::ui::Styles) -> TextCell {
    if s.is_error() {
        ("error".into(), styles.error)
    } else {
        ("ok".into(), styles.dim)
    }
}

/// A span's kind, tokens and cost as list rows show them (`-` for none).
pub struct SpanFigures {
    pub kind: &'static str,
    pub tokens: String,
    pub cost: String,
}

impl SpanFigures {
    pub fn of(span: &Span) -> SpanFigures {
        let kind = match span.kind {
            SpanKind::Unknown => "-",
            kind => kind.as_str(),
        };
        let tokens = span
            .usage()
            .total()
            .map_or_else(|| "-".to_string(), text::tokens);
        let cost = span.cost_usd.map_or_else(
            || "-".to_string(),
            |c| text::cost(c, span.cost_source == Some(CostSource::Estimated)),
        );
        SpanFigures { kind, tokens, cost }
    }
}

/// Spans for a terminal.
pub fn spans_table(spans: &[Span], opts: &ListOptions) -> Vec<String> {
    let s = opts.styles;
    let rows: Vec<Vec<TextCell>> = spans
        .iter()
        .map(|span| {
            let SpanFigures { kind, tokens, cost } = SpanFigures::of(span);
            vec![
                (short_id(&span.trace_id.to_hex()).to_string(), s.id),
                (span.span_id.to_hex()[..8].to_string(), s.dim),
                (sanitize(&span.name), s.span_name),
                (kind.to_string(), s.kind(span.kind)),
                (relative(span.start_time, opts.now), s.dim),
                (duration(span.duration_ns()), s.duration),
                status_cell(span, s),
                (sanitize(span.model.as_deref().unwrap_or("-")), s.model),
                (tokens, s.tokens),
                (cost, s.cost),
            ]
        })
        .collect();
    table(&SPAN_COLUMNS, &rows, opts)
}

/// Spans for a pipe: `trace_id, span_id, start_time, duration_ns, kind, status, model,
/// total_tokens, cost_usd, name`, empty where unknown.
pub fn spans_tsv(spans: &[Span]) -> Vec<String> {
    spans
        .iter()
        .map(|s| {
            [
                s.trace_id.to_hex(),
                s.span_id.to_hex(),
                s.start_time.to_rfc3339(),
                s.duration_ns().to_string(),
                s.kind.as_str().to_string(),
                if s.is_error() { "error" } else { "ok" }.to_string(),
                sanitize(s.model.as_deref().unwrap_or("")),
                s.usage().total().map(|t| t.to_string()).unwrap_or_default(),
                s.cost_usd.map(|c| c.to_string()).unwrap_or_default(),
                sanitize(&s.name),
            ]
            .join("\t")
        })
        .collect()
}

fn fields(f: &Facets) -> [(&'static str, &Vec<FacetCount>); 5] {
    [
        ("service", &f.service),
        ("kind", &f.kind),
        ("model", &f.model),
        ("agent", &f.agent),
        ("status", &f.status),
    ]
}

/// Facet counts for a terminal: one block per field, values aligned, counts right-aligned.
pub fn facets_blocks(f: &Facets, noun: &str, styles: &crate::ui::Styles) -> Vec<String> {
    let mut lines = vec![format!("{} {noun}", f.total.style(styles.header))];
    let name_width = fields(f)
        .iter()
        .flat_map(|(_, counts)| counts.iter().map(|c| text::width(&sanitize(&c.value))))
        .max()
        .unwrap_or(0)
        .min(48);
    for (field, counts) in fields(f) {
        if counts.is_empty() {
            continue;
        }
        lines.push(String::new());
        lines.push(field.to_uppercase().style(styles.header).to_string());
        for c in counts {
            let value = text::truncate(&sanitize(&c.value), name_width);
            let pad = name_width.saturating_sub(text::width(&value));
            let style = match (field, c.value.as_str()) {
                ("status", "error") => styles.error,
                ("kind", k) => SpanKind::parse(k).map_or(Style::new(), |k| styles.kind(k)),
                _ => Style::new(),
            };
            lines.push(format!(
                "  {}{}  {:>8}",
                value.style(style),
                " ".repeat(pad),
                c.count
            ));
        }
    }
    lines
}

/// Facet counts for a pipe: `field, value, count` per line, after a `total` line.
pub fn facets_tsv(f: &Facets) -> Vec<String> {
    let mut lines = vec![format!("total\t\t{}", f.total)];
    for (field, counts) in fields(f) {
        lines.extend(
            counts
                .iter()
                .map(|c| format!("{field}\t{}\t{}", sanitize(&c.value), c.count)),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Nanos, test_span};
    use crate::ui::Styles;

    fn spans() -> Vec<Span> {
        let mut llm = test_span(
            1,
            2,
            Some(1),
            "OpenAI Chat Completions",
            1_000_000_000_000 - 60_000_000_000,
            1_000_000_000_000 - 59_000_000_000,
        );
        llm.kind = SpanKind::Llm;
        llm.model = Some("gpt-4o-mini".into());
        llm.total_tokens = Some(59);
        llm.cost_usd = Some(0.0000213);
        llm.cost_source = Some(crate::model::CostSource::Estimated);
        let mut tool = test_span(
            1,
            3,
            Some(1),
            "lookup_forecast",
            1_000_000_000_000 - 30_000_000_000,
            1_000_000_000_000 - 29_998_000_000,
        );
        tool.kind = SpanKind::Tool;
        tool.status.code = crate::model::StatusCode::Error;
        vec![llm, tool]
    }

    #[test]
    fn spans_on_a_terminal_and_piped() {
        let styles = Styles::default();
        let opts = ListOptions {
            styles: &styles,
            width: 100,
            now: Nanos(1_000_000_000_000),
            colored: false,
        };
        insta::assert_snapshot!(spans_table(&spans(), &opts).join("\n"), @"
        TRACE         NAME                  KIND  STARTED  DURATION  STATUS  MODEL       TOKENS         COST
        010101010101  OpenAI Chat Complet…  LLM   1m ago      1.00s  ok      gpt-4o-mi…      59  ~$0.0000213
        010101010101  lookup_forecast       TOOL  30s ago    2.00ms  error   -                -            -
        ");
        insta::assert_snapshot!(spans_tsv(&spans()).join("\n"), @"
        01010101010101010101010101010101	0202020202020202	1970-01-01T00:15:40.000000000Z	1000000000	LLM	ok	gpt-4o-mini	59	0.0000213	OpenAI Chat Completions
        01010101010101010101010101010101	0303030303030303	1970-01-01T00:16:10.000000000Z	2000000	TOOL	error				lookup_forecast
        ");
    }

    #[test]
    fn facets_as_blocks_and_rows() {
        let f = Facets {
            total: 3,
            service: vec![
                FacetCount {
                    value: "travel-app".into(),
                    count: 2,
                },
                FacetCount {
                    value: "svc-b".into(),
                    count: 1,
                },
            ],
            kind: vec![FacetCount {
                value: "LLM".into(),
                count: 2,
            }],
            status: vec![
                FacetCount {
                    value: "ok".into(),
                    count: 2,
                },
                FacetCount {
                    value: "error".into(),
                    count: 1,
                },
            ],
            ..Default::default()
        };
        insta::assert_snapshot!(facets_blocks(&f, "traces", &Styles::default()).join("\n"), @"
        3 traces

        SERVICE
          travel-app         2
          svc-b              1

        KIND
          LLM                2

        STATUS
          ok                 2
          error              1
        ");
        insta::assert_snapshot!(facets_tsv(&f).join("\n"), @"
        total		3
        service	travel-app	2
        service	svc-b	1
        kind	LLM	2
        status	ok	2
        status	error	1
        ");
    }
}
