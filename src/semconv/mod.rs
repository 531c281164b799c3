//! Semantic conventions: the many dialects SDKs speak → one normalized span.
//!
//! Runs at ingest, after `otlp` decoding and before the store, and only adds derived fields; the
//! raw attributes are never changed. This first cut derives the semantic [`SpanKind`]; see
//! DESIGN.md §3 for the full table of sources. [`Pricing`] holds the model prices that cost
//! estimates will use.

mod price_file;
mod pricing;

use crate::model::{Attributes, Span, SpanKind};

pub use pricing::{ModelPrice, PriceError, PriceTable, Pricing};

/// Fills the derived fields of freshly decoded spans.
pub fn normalize(spans: &mut [Span]) {
    for span in spans {
        span.kind = kind(&span.attributes);
    }
}

fn str_attr<'a>(attrs: &'a Attributes, key: &str) -> Option<&'a str> {
    attrs
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The semantic kind, from the first convention that names one.
pub fn kind(attrs: &Attributes) -> SpanKind {
    if let Some(k) = str_attr(attrs, "openinference.span.kind").and_then(SpanKind::parse) {
        return k;
    }
    if let Some(op) = str_attr(attrs, "gen_ai.operation.name") {
        let k = match op.to_ascii_lowercase().as_str() {
            "chat" | "text_completion" | "generate_content" | "completion" => Some(SpanKind::Llm),
            "embeddings" | "embedding" => Some(SpanKind::Embedding),
            "execute_tool" => Some(SpanKind::Tool),
            "invoke_agent" | "create_agent" => Some(SpanKind::Agent),
            "invoke_workflow" => Some(SpanKind::Chain),
            _ => None,
        };
        if let Some(k) = k {
            return k;
        }
    }
    if let Some(t) = str_attr(attrs, "cascade.span_type") {
        let k = match t.to_ascii_lowercase().as_str() {
            "llm" => Some(SpanKind::Llm),
            "tool" => Some(SpanKind::Tool),
            "agent" => Some(SpanKind::Agent),
            "function" | "chain" | "workflow" => Some(SpanKind::Chain),
            "retriever" => Some(SpanKind::Retriever),
            _ => SpanKind::parse(t),
        };
        if let Some(k) = k {
            return k;
        }
    }
    SpanKind::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Attributes {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect()
    }

    #[test]
    fn each_dialect_names_a_kind() {
        assert_eq!(
            kind(&attrs(&[("openinference.span.kind", "llm")])),
            SpanKind::Llm
        );
        assert_eq!(
            kind(&attrs(&[("gen_ai.operation.name", "execute_tool")])),
            SpanKind::Tool
        );
        assert_eq!(
            kind(&attrs(&[("gen_ai.operation.name", "invoke_workflow")])),
            SpanKind::Chain
        );
        assert_eq!(
            kind(&attrs(&[("cascade.span_type", "agent")])),
            SpanKind::Agent
        );
        assert_eq!(
            kind(&attrs(&[("cascade.span_type", "function")])),
            SpanKind::Chain
        );
        assert_eq!(kind(&attrs(&[("http.method", "GET")])), SpanKind::Unknown);
    }

    #[test]
    fn openinference_wins_over_gen_ai() {
        let a = attrs(&[
            ("openinference.span.kind", "AGENT"),
            ("gen_ai.operation.name", "chat"),
        ]);
        assert_eq!(kind(&a), SpanKind::Agent);
    }
}
