//! Lint findings: grouped by trace for people, one tab-separated line each for scripts.

use owo_colors::{OwoColorize, Style};

use super::text::{sanitize, short_id};
use crate::lint::{Finding, Severity};
use crate::model::TraceSummary;
use crate::ui::Styles;

fn severity_style(s: Severity, styles: &Styles) -> Style {
    match s {
        Severity::Error => styles.error,
        Severity::Warning => styles.warn,
        Severity::Info => styles.dim,
    }
}

/// One trace's findings for a terminal: a heading, then each finding with its fix.
pub fn findings_block(trace: &TraceSummary, findings: &[Finding], styles: &Styles) -> Vec<String> {
    let mut lines = vec![format!(
        "{}  {}",
        short_id(&trace.trace_id.to_hex()).style(styles.id),
        sanitize(&trace.root_name).style(styles.span_name)
    )];
    for f in findings {
        let place = match (&f.span_name, f.span_id) {
            (Some(name), Some(id)) => format!("  {} ({id})", sanitize(name)),
            _ => String::new(),
        };
        lines.push(format!(
            "  {:<8} {}{}",
            f.severity
                .as_str()
                .style(severity_style(f.severity, styles)),
            f.rule.style(styles.header),
            place
        ));
        lines.push(format!("           {}", sanitize(&f.message)));
        lines.push(format!(
            "           {} {}",
            "fix:".style(styles.hint),
            sanitize(&f.fix).style(styles.dim)
        ));
    }
    lines
}

/// Findings for a pipe: `trace_id, span_id, severity, rule, span_name, message`.
pub fn findings_tsv(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            [
                f.trace_id.to_hex(),
                f.span_id.map(|s| s.to_hex()).unwrap_or_default(),
                f.severity.as_str().to_string(),
                f.rule.to_string(),
                sanitize(f.span_name.as_deref().unwrap_or("")),
                sanitize(&f.message),
            ]
            .join("\t")
        })
        .collect()
}
