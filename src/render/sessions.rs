//! Sessions: a list of them, and one session's turns.

use owo_colors::{OwoColorize, Style};

use super::table::{Col, Column, ListOptions, TextCell, table};
use super::text::{self, duration, relative, sanitize, short_id};
use crate::model::{Session, SessionSummary, Totals};

fn tokens_cell(t: &Totals) -> String {
    if t.total_tokens > 0 {
        text::tokens(t.total_tokens)
    } else {
        "-".into()
    }
}

fn cost_cell(t: &Totals) -> String {
    t.cost_usd
        .map_or_else(|| "-".into(), |c| text::cost(c, t.cost_estimated))
}

const SESSION_COLUMNS: [Column; 9] = [
    Column::new("SESSION", Col::Text, 0).weighted(2),
    Column::new("TRACES", Col::Number, 0),
    Column::new("LAST", Col::Fixed, 0),
    Column::new("USER", Col::Text, 4),
    Column::new("AGENTS", Col::Text, 5),
    Column::new("ERRORS", Col::Number, 0),
    Column::new("LLM", Col::Number, 6),
    Column::new("TOKENS", Col::Number, 3),
    Column::new("COST", Col::Number, 2),
];

/// Sessions for a terminal.
pub fn sessions_table(sessions: &[SessionSummary], opts: &ListOptions) -> Vec<String> {
    let s = opts.styles;
    let rows: Vec<Vec<TextCell>> = sessions
        .iter()
        .map(|x| {
            let errors = if x.error_count > 0 { s.error } else { s.dim };
            vec![
                (sanitize(&x.session_id), s.id),
                (x.trace_count.to_string(), Style::new()),
                (relative(x.last_time, opts.now), s.dim),
                (sanitize(x.user_id.as_deref().unwrap_or("-")), Style::new()),
                (sanitize(&x.agents.join(", ")), s.kind_agent),
                (x.error_count.to_string(), errors),
                (x.totals.llm_count.to_string(), Style::new()),
                (tokens_cell(&x.totals), s.tokens),
                (cost_cell(&x.totals), s.cost),
            ]
        })
        .collect();
    table(&SESSION_COLUMNS, &rows, opts)
}

/// Sessions for a pipe: `session_id, start_time, last_time, trace_count, error_count,
/// llm_count, total_tokens, cost_usd, user_id, agents` (agents comma-separated).
pub fn sessions_tsv(sessions: &[SessionSummary]) -> Vec<String> {
    sessions
        .iter()
        .map(|x| {
            [
                sanitize(&x.session_id),
                x.start_time.to_rfc3339(),
                x.last_time.to_rfc3339(),
                x.trace_count.to_string(),
                x.error_count.to_string(),
                x.totals.llm_count.to_string(),
                x.totals.total_tokens.to_string(),
                x.totals.cost_usd.map(|c| c.to_string()).unwrap_or_default(),
                sanitize(x.user_id.as_deref().unwrap_or("")),
                sanitize(&x.agents.join(",")),
            ]
            .join("\t")
        })
        .collect()
}

const TURN_COLUMNS: [Column; 9] = [
    Column::new("#", Col::Number, 0),
    Column::new("TRACE", Col::Fixed, 0),
    Column::new("ROOT", Col::Text, 0).weighted(2),
    Column::new("STARTED", Col::Fixed, 3),
    Column::new("DURATION", Col::Number, 0),
    Column::new("ERRORS", Col::Number, 0),
    Column::new("LLM", Col::Number, 4),
    Column::new("TOKENS", Col::Number, 2),
    Column::new("COST", Col::Number, 1),
];

/// One session for a terminal: a header, then its turns in order.
pub fn session_view(session: &Session, opts: &ListOptions) -> Vec<String> {
    let s = opts.styles;
    let x = &session.session;
    let mut lines = vec![
        format!(
            "{} {}",
            "session".style(s.header),
            sanitize(&x.session_id).style(s.id)
        ),
        format!(
            "{} turns · {} LLM calls · {} tokens · {} · {} errors",
            x.trace_count,
            x.totals.llm_count,
            tokens_cell(&x.totals),
            cost_cell(&x.totals),
            x.error_count
        ),
    ];
    if let Some(user) = &x.user_id {
        lines.push(format!("user {}", sanitize(user)));
    }
    if !x.agents.is_empty() {
        lines.push(format!(
            "agents {}",
            sanitize(&x.agents.join(", ")).style(s.kind_agent)
        ));
    }
    lines.push(String::new());
    let rows: Vec<Vec<TextCell>> = session
        .traces
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let errors = if t.error_count > 0 { s.error } else { s.dim };
            vec![
                ((i + 1).to_string(), s.dim),
                (short_id(&t.trace_id.to_hex()).to_string(), s.id),
                (sanitize(&t.root_name), s.span_name),
                (relative(t.start_time, opts.now), s.dim),
                (duration(t.duration_ns), s.duration),
                (t.error_count.to_string(), errors),
                (t.totals.llm_count.to_string(), Style::new()),
                (tokens_cell(&t.totals), s.tokens),
                (cost_cell(&t.totals), s.cost),
            ]
        })
        .collect();
    lines.extend(table(&TURN_COLUMNS, &rows, opts));
    lines
}

/// One session's turns for a pipe: `turn, trace_id, start_time, duration_ns, error_count,
/// llm_count, total_tokens, cost_usd, root_name`.
pub fn session_tsv(session: &Session) -> Vec<String> {
    session
        .traces
        .iter()
        .enumerate()
        .map(|(i, t)| {
            [
                (i + 1).to_string(),
                t.trace_id.to_hex(),
                t.start_time.to_rfc3339(),
                t.duration_ns.to_string(),
                t.error_count.to_string(),
                t.totals.llm_count.to_string(),
                t.totals.total_tokens.to_string(),
                t.totals.cost_usd.map(|c| c.to_string()).unwrap_or_default(),
                sanitize(&t.root_name),
            ]
            .join("\t")
        })
        .collect()
}
