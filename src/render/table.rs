//! Lists of traces: an aligned table for people, tab-separated rows for scripts.
//!
//! The table goes through comfy-table with its own terminal detection switched off
//! (`force_no_tty`) and the width and styling the `Ui` decided, so there is one place that
//! decides color and width. The tab-separated form has no header and puts free text last, so
//! `cut -f1` always yields the full trace id.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use owo_colors::{OwoColorize, Style};

use super::text::{self, duration, relative, sanitize, short_id, truncate, width as text_width};
use crate::model::{Nanos, TraceSummary};
use crate::ui::Styles;

pub struct ListOptions<'a> {
    pub styles: &'a Styles,
    /// Columns available.
    pub width: usize,
    /// For relative start times.
    pub now: Nanos,
    /// Whether the styles write escape codes (comfy-table must then keep them).
    pub colored: bool,
}

/// How a column behaves when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Free text: cut (with `…`) to make room.
    Text,
    /// Ids and times: always whole, left-aligned.
    Fixed,
    /// Numbers: always whole, right-aligned.
    Number,
}

/// A column: its header, its behaviour, and when it goes on a narrow terminal (`0`: never;
/// otherwise higher ranks are dropped first). Text columns share spare width by `weight`.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub col: Col,
    pub drop: u8,
    pub weight: u8,
}

impl Column {
    pub const fn new(header: &'static str, col: Col, drop: u8) -> Column {
        Column {
            header,
            col,
            drop,
            weight: 1,
        }
    }

    /// A text column that gets `weight` shares of the spare width.
    pub const fn weighted(mut self, weight: u8) -> Column {
        self.weight = weight;
        self
    }
}

/// One cell: plain text (measured and cut) and the style it is drawn in.
pub type TextCell = (String, Style);

/// Gap between columns.
const GAP: usize = 2;
/// Narrowest a text column gets (per unit of weight) before other columns are dropped to make
/// room.
const MIN_TEXT: usize = 10;

/// Which columns to keep so that fixed columns fit whole and text columns get `MIN_TEXT`.
fn keep(columns: &[Column], content: &[usize], width: usize) -> Vec<bool> {
    let mut kept = vec![true; columns.len()];
    loop {
        let need: usize = (0..columns.len())
            .filter(|&i| kept[i])
            .map(|i| {
                let c = &columns[i];
                let min_text = MIN_TEXT * usize::from(c.weight.max(1));
                let w = if c.col == Col::Text {
                    content[i].min(min_text)
                } else {
                    content[i]
                };
                w + GAP
            })
            .sum();
        if need <= width + GAP {
            return kept;
        }
        let victim = (0..columns.len())
            .filter(|&i| kept[i] && columns[i].drop > 0)
            .max_by_key(|&i| (columns[i].drop, i));
        match victim {
            Some(i) => kept[i] = false,
            None => return kept,
        }
    }
}

/// Widths for text columns so the table fits in `width`: fixed columns keep their content
/// width; text columns share the rest by weight, each getting at most what it needs, the
/// spare from narrow ones going to wide ones.
fn text_widths(columns: &[Column], content: &[usize], width: usize) -> Vec<usize> {
    let fixed: usize = columns
        .iter()
        .zip(content)
        .filter(|(c, _)| c.col != Col::Text)
        .map(|(_, w)| *w)
        .sum();
    let mut room = width.saturating_sub(fixed + GAP * columns.len().saturating_sub(1));
    let mut widths = content.to_vec();
    let mut open: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].col == Col::Text)
        .collect();
    // Hand out weighted shares; columns that need less than their share release the rest.
    while !open.is_empty() {
        let weights: usize = open
            .iter()
            .map(|&i| usize::from(columns[i].weight.max(1)))
            .sum();
        let share = |i: usize| room * usize::from(columns[i].weight.max(1)) / weights;
        let (fits, rest): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| content[i] <= share(i));
        if fits.is_empty() {
            let mut left = room;
            for &i in &rest {
                widths[i] = share(i).max(2);
                left = left.saturating_sub(widths[i]);
            }
            // Rounding leftovers go to the first (most important) text column.
            widths[rest[0]] += left;
            break;
        }
        for &i in &fits {
            room -= content[i];
        }
        open = rest;
    }
    widths
}

/// Lays out a borderless table: fixed columns never cut, text columns cut by characters (not
/// at word boundaries) to share the width, and low-priority columns dropped when even that
/// does not fit.
pub fn table(columns: &[Column], rows: &[Vec<TextCell>], opts: &ListOptions) -> Vec<String> {
    let content: Vec<usize> = (0..columns.len())
        .map(|i| {
            rows.iter()
                .map(|r| text_width(&r[i].0))
                .chain(std::iter::once(columns[i].header.len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let kept = keep(columns, &content, opts.width);
    let select = |i: &usize| kept[*i];
    let idx: Vec<usize> = (0..columns.len()).filter(select).collect();
    let columns: Vec<Column> = idx.iter().map(|&i| columns[i]).collect();
    let content: Vec<usize> = idx.iter().map(|&i| content[i]).collect();
    let widths = text_widths(&columns, &content, opts.width);

    let mut t = Table::new();
    t.load_style(presets::NOTHING)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled);
    if opts.colored {
        t.enforce_styling();
    }
    let fit = |k: usize, text: &str| {
        if columns[k].col == Col::Text {
            truncate(text, widths[k])
        } else {
            text.to_string()
        }
    };
    t.set_header(
        columns
            .iter()
            .enumerate()
            .map(|(k, c)| Cell::new(fit(k, c.header).style(opts.styles.header)))
            .collect::<Vec<_>>(),
    );
    for row in rows {
        t.add_row(
            idx.iter()
                .enumerate()
                .map(|(k, &i)| Cell::new(fit(k, &row[i].0).style(row[i].1)))
                .collect::<Vec<_>>(),
        );
    }
    let last = columns.len().saturating_sub(1);
    for (k, c) in columns.iter().enumerate() {
        if let Some(column) = t.column_mut(k) {
            column.set_padding((0, if k == last { 0 } else { GAP as u16 }));
            if c.col == Col::Number {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    t.lines().map(|l| l.trim_end().to_string()).collect()
}

const TRACE_COLUMNS: [Column; 10] = [
    Column::new("TRACE", Col::Fixed, 0),
    Column::new("ROOT", Col::Text, 0).weighted(2),
    Column::new("SERVICE", Col::Text, 4),
    Column::new("STARTED", Col::Fixed, 1),
    Column::new("DURATION", Col::Number, 0),
    Column::new("SPANS", Col::Number, 6),
    Column::new("ERRORS", Col::Number, 0),
    Column::new("LLM", Col::Number, 5),
    Column::new("TOKENS", Col::Number, 3),
    Column::new("COST", Col::Number, 2),
];

/// The trace list for a terminal.
pub fn traces_table(traces: &[TraceSummary], opts: &ListOptions) -> Vec<String> {
    let s = opts.styles;
    let rows: Vec<Vec<TextCell>> = traces
        .iter()
        .map(|t| {
            let mut root = sanitize(&t.root_name);
            if t.is_missing_root() {
                root.push_str(" (root missing)");
            }
            let error_style = if t.error_count > 0 { s.error } else { s.dim };
            let totals = &t.totals;
            let tokens = if totals.total_tokens > 0 {
                text::tokens(totals.total_tokens)
            } else {
                "-".into()
            };
            let cost = totals
                .cost_usd
                .map_or_else(|| "-".to_string(), |c| text::cost(c, totals.cost_estimated));
            vec![
                (short_id(&t.trace_id.to_hex()).to_string(), s.id),
                (root, s.span_name),
                (sanitize(t.service.as_deref().unwrap_or("-")), Style::new()),
                (relative(t.start_time, opts.now), s.dim),
                (duration(t.duration_ns), s.duration),
                (t.span_count.to_string(), Style::new()),
                (t.error_count.to_string(), error_style),
                (totals.llm_count.to_string(), Style::new()),
                (tokens, s.tokens),
                (cost, s.cost),
            ]
        })
        .collect();
    table(&TRACE_COLUMNS, &rows, opts)
}

/// The trace list for a pipe, tab-separated, no header: `trace_id, start_time, duration_ns,
/// span_count, error_count, llm_count, total_tokens, cost_usd, service, root_name` (free text
/// last; an unknown cost is empty).
pub fn traces_tsv(traces: &[TraceSummary]) -> Vec<String> {
    traces
        .iter()
        .map(|t| {
            [
                t.trace_id.to_hex(),
                t.start_time.to_rfc3339(),
                t.duration_ns.to_string(),
                t.span_count.to_string(),
                t.error_count.to_string(),
                t.totals.llm_count.to_string(),
                t.totals.total_tokens.to_string(),
                t.totals.cost_usd.map(|c| c.to_string()).unwrap_or_default(),
                sanitize(t.service.as_deref().unwrap_or("")),
                sanitize(&t.root_name),
            ]
            .join("\t")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SpanId, TraceId};

    fn summaries() -> Vec<TraceSummary> {
        vec![
            TraceSummary {
                trace_id: "0a87607ca2d6044aa146d9c4b073d4dc".parse().unwrap(),
                root_span_id: Some(SpanId([1; 8])),
                root_name: "travel-planner.run".into(),
                service: Some("travel-app-catalyst".into()),
                start_time: Nanos(1_000_000_000_000 - 300_000_000_000),
                duration_ns: 1_523_000_000,
                span_count: 11,
                error_count: 2,
                totals: crate::model::Totals {
                    total_tokens: 1_203,
                    cost_usd: Some(0.000128),
                    cost_estimated: true,
                    llm_count: 6,
                    ..Default::default()
                },
                ..Default::default()
            },
            TraceSummary {
                trace_id: TraceId([0x94; 16]),
                root_span_id: None,
                root_name: "issue_refund\x1b[2J".into(),
                service: None,
                start_time: Nanos(1_000_000_000_000 - 7_200_000_000_000),
                duration_ns: 4_500_000,
                span_count: 1,
                error_count: 0,
                ..Default::default()
            },
        ]
    }

    fn opts(styles: &Styles, width: usize) -> ListOptions<'_> {
        ListOptions {
            styles,
            width,
            now: Nanos(1_000_000_000_000),
            colored: false,
        }
    }

    #[test]
    fn table_at_100_columns() {
        let styles = Styles::default();
        insta::assert_snapshot!(traces_table(&summaries(), &opts(&styles, 100)).join("\n"), @r"
        TRACE         ROOT                    SERVICE     STARTED  DURATION  ERRORS  LLM  TOKENS        COST
        0a87607ca2d6  travel-planner.run      travel-ap…  5m ago      1.52s       2    6    1.2k  ~$0.000128
        949494949494  issue_refund\x1b[2J (…  -           2h ago     4.50ms       0    0       -           -
        ");
    }

    #[test]
    fn table_at_60_columns_truncates_text() {
        let styles = Styles::default();
        let lines = traces_table(&summaries(), &opts(&styles, 60));
        insta::assert_snapshot!(lines.join("\n"), @r"
        TRACE         ROOT                          DURATION  ERRORS
        0a87607ca2d6  travel-planner.run               1.52s       2
        949494949494  issue_refund\x1b[2J (root m…    4.50ms       0
        ");
        assert!(lines.iter().all(|l| super::super::text::width(l) <= 60));
    }

    #[test]
    fn tsv_has_full_ids_and_raw_values() {
        insta::assert_snapshot!(traces_tsv(&summaries()).join("\n"), @r"
        0a87607ca2d6044aa146d9c4b073d4dc	1970-01-01T00:11:40.000000000Z	1523000000	11	2	6	1203	0.000128	travel-app-catalyst	travel-planner.run
        94949494949494949494949494949494	1969-12-31T22:16:40.000000000Z	4500000	1	0	0	0			issue_refund\x1b[2J
        ");
    }
}
