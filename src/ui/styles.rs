//! Styles named by meaning, decided once.
//!
//! `Styles::default()` is plain: every field is an empty style that writes no escape codes.
//! [`Styles::colorize`] runs only when the [`super::Ui`] decided color is on. Renderers always
//! apply a style and never ask whether color is enabled.

use owo_colors::Style;

use crate::model::SpanKind;

#[derive(Debug, Clone, Default)]
pub struct Styles {
    pub header: Style,
    pub id: Style,
    pub dim: Style,
    pub guide: Style,
    pub span_name: Style,
    pub duration: Style,
    pub slow: Style,
    pub error: Style,
    pub ok: Style,
    pub warn: Style,
    pub hint: Style,
    pub model: Style,
    pub tokens: Style,
    pub cost: Style,
    pub kind_llm: Style,
    pub kind_agent: Style,
    pub kind_tool: Style,
    pub kind_chain: Style,
    pub kind_retrieval: Style,
    pub kind_other: Style,
}

impl Styles {
    /// Turns on the colored palette.
    pub fn colorize(&mut self) {
        *self = Styles {
            header: Style::new().bold(),
            id: Style::new().yellow(),
            dim: Style::new().dimmed(),
            guide: Style::new().bright_black(),
            span_name: Style::new().bold(),
            duration: Style::new().cyan(),
            slow: Style::new().bright_red(),
            error: Style::new().red().bold(),
            ok: Style::new().green(),
            warn: Style::new().yellow().bold(),
            hint: Style::new().cyan(),
            model: Style::new().magenta(),
            tokens: Style::new().bright_blue(),
            cost: Style::new().green(),
            kind_llm: Style::new().bright_magenta(),
            kind_agent: Style::new().bright_blue(),
            kind_tool: Style::new().bright_green(),
            kind_chain: Style::new().blue(),
            kind_retrieval: Style::new().bright_yellow(),
            kind_other: Style::new().bright_black(),
        };
    }

    /// The badge style of a span kind.
    pub fn kind(&self, kind: SpanKind) -> Style {
        match kind {
            SpanKind::Llm | SpanKind::Embedding => self.kind_llm,
            SpanKind::Agent => self.kind_agent,
            SpanKind::Tool => self.kind_tool,
            SpanKind::Chain | SpanKind::Prompt => self.kind_chain,
            SpanKind::Retriever | SpanKind::Reranker => self.kind_retrieval,
            SpanKind::Guardrail | SpanKind::Evaluator | SpanKind::Unknown => self.kind_other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use owo_colors::OwoColorize;

    #[test]
    fn default_styles_write_no_escape_codes() {
        let s = Styles::default();
        assert_eq!(format!("{}", "x".style(s.error)), "x");
        let mut c = Styles::default();
        c.colorize();
        assert!(format!("{}", "x".style(c.error)).contains('\x1b'));
    }
}
