//! Lists of traces: an aligned table for people, tab-separated rows for scripts.
//!
//! The table goes through comfy-table with its own terminal detection switched off
//! (`force_no_tty`) and the width and styling the `Ui` decided, so there is one place that
//! decides color and width. The tab-separated form has no header and puts free text last, so
//! `cut -f1` always yields the full trace id.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use owo_colors::{OwoColorize, Style};

use super::text::{duration, relative, sanitize, short_id, truncate, width as text_width};
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

/// One cell: plain text (measured and cut) and the style it is drawn in.
pub type TextCell = (String, Style);

/// Gap between columns.
const GAP: usize = 2;

/// Widths for text columns so the table fits in `width`: fixed columns keep their content
/// width; text columns share the rest, each getting at most what it needs, the spare
/// from narrow ones going to wide ones.
fn text_widths(header: &[(&str, Col)], rows: &[Vec<TextCell>], width: usize) -> Vec<usize> {
    let content: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| text_width(&r[i].0))
                .chain(std::iter::once(header[i].0.len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let fixed: usize = header
        .iter()
        .zip(&content)
        .filter(|((_, c), _)| *c != Col::Text)
        .map(|(_, w)| *w)
        .sum();
    let mut room = width.saturating_sub(fixed + GAP * header.len().saturating_sub(1));
    let mut widths = content.clone();
    let mut open: Vec<usize> = (0..header.len())
        .filter(|&i| header[i].1 == Col::Text)
        .collect();
    // Hand out equal shares; columns that need less than a share release the rest.
    while !open.is_empty() {
        let share = room / open.len();
        let (fits, rest): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| content[i] <= share);
        if fits.is_empty() {
            for (k, &i) in rest.iter().enumerate() {
                // The first columns take the remainder, so nothing is wasted.
                widths[i] = (share + usize::from(k < room % rest.len())).max(2);
            }
            break;
        }
        for &i in &fits {
            room -= content[i];
        }
        open = rest;
    }
    widths
}

/// Lays out a borderless table: one header per column, fixed columns never cut, text columns
/// cut by characters (not at word boundaries) to share the width.
pub fn table(header: &[(&str, Col)], rows: &[Vec<TextCell>], opts: &ListOptions) -> Vec<String> {
    let widths = text_widths(header, rows, opts.width);
    let mut t = Table::new();
    t.load_style(presets::NOTHING)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled);
    if opts.colored {
        t.enforce_styling();
    }
    t.set_header(
        header
            .iter()
            .zip(&widths)
            .map(|((h, col), w)| {
                let h = if *col == Col::Text {
                    truncate(h, *w)
                } else {
                    h.to_string()
                };
                Cell::new(h.style(opts.styles.header))
            })
            .collect::<Vec<_>>(),
    );
    for row in rows {
        t.add_row(
            row.iter()
                .enumerate()
                .map(|(i, (text, style))| {
                    let text = if header[i].1 == Col::Text {
                        truncate(text, widths[i])
                    } else {
                        text.clone()
                    };
                    Cell::new(text.style(*style))
                })
                .collect::<Vec<_>>(),
        );
    }
    let last = header.len().saturating_sub(1);
    for (i, (_, col)) in header.iter().enumerate() {
        if let Some(column) = t.column_mut(i) {
            column.set_padding((0, if i == last { 0 } else { GAP as u16 }));
            if *col == Col::Number {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    t.lines().map(|l| l.trim_end().to_string()).collect()
}

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
            vec![
                (short_id(&t.trace_id.to_hex()).to_string(), s.id),
                (root, s.span_name),
                (sanitize(t.service.as_deref().unwrap_or("-")), Style::new()),
                (relative(t.start_time, opts.now), s.dim),
                (duration(t.duration_ns), s.duration),
                (t.span_count.to_string(), Style::new()),
                (t.error_count.to_string(), error_style),
            ]
        })
        .collect();
    table(
        &[
            ("TRACE", Col::Fixed),
            ("ROOT", Col::Text),
            ("SERVICE", Col::Text),
            ("STARTED", Col::Fixed),
            ("DURATION", Col::Number),
            ("SPANS", Col::Number),
            ("ERRORS", Col::Number),
        ],
        &rows,
        opts,
    )
}

/// The trace list for a pipe: `trace_id, start_time, duration_ns, span_count, error_count,
/// service, root_name`, tab-separated, no header.
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
        TRACE         ROOT                             SERVICE              STARTED  DURATION  SPANS  ERRORS
        0a87607ca2d6  travel-planner.run               travel-app-catalyst  5m ago      1.52s     11       2
        949494949494  issue_refund\x1b[2J (root miss…  -                    2h ago     4.50ms      1       0
        ");
    }

    #[test]
    fn table_at_60_columns_truncates_text() {
        let styles = Styles::default();
        let lines = traces_table(&summaries(), &opts(&styles, 60));
        insta::assert_snapshot!(lines.join("\n"), @"
        TRACE         ROOT   SERV…  STARTED  DURATION  SPANS  ERRORS
        0a87607ca2d6  trav…  trav…  5m ago      1.52s     11       2
        949494949494  issu…  -      2h ago     4.50ms      1       0
        ");
        assert!(lines.iter().all(|l| super::super::text::width(l) <= 60));
    }

    #[test]
    fn tsv_has_full_ids_and_raw_values() {
        insta::assert_snapshot!(traces_tsv(&summaries()).join("\n"), @r"
        0a87607ca2d6044aa146d9c4b073d4dc	1970-01-01T00:11:40.000000000Z	1523000000	11	2	travel-app-catalyst	travel-planner.run
        94949494949494949494949494949494	1969-12-31T22:16:40.000000000Z	4500000	1	0		issue_refund\x1b[2J
        ");
    }
}
