//! The semantic kind of a span, from whichever convention names one.
//!
//! Explicit kind attributes win, in this order: `openinference.span.kind`,
//! `gen_ai.operation.name`, `cascade.span_type`, `traceloop.span.kind`, `llm.request.type`
//! (Traceloop's older key), then the free-form `span.type` that agensight copies from user
//! metadata. Vendor words are read through one vocabulary ([`word_kind`]), so an SDK that says
//! `generation` or `workflow` is understood without a rule of its own; words outside it (Datadog
//! puts `web` or `sql` in `span.type`) name nothing.
//!
//! When no attribute names a kind, the span's content decides ([`inferred`]): a model together
//! with token counts or a prompt is an LLM call; a tool name without a model is a tool. Last, an
//! `agent.name` may mark an agent, but SDKs also stamp the enclosing agent's name on every span
//! inside it, so that is decided with the batch in view, in `mod.rs`.

use crate::model::SpanKind;

use super::attrs::{K, Slots};

/// The kind named by an explicit kind attribute, and the key that named it.
pub(crate) fn explicit(s: &Slots) -> Option<(SpanKind, K)> {
    if let Some(k) = s.str(K::OiSpanKind).and_then(SpanKind::parse) {
        return Some((k, K::OiSpanKind));
    }
    if let Some(k) = s.str(K::GenAiOperation).and_then(operation_kind) {
        return Some((k, K::GenAiOperation));
    }
    [
        K::CascadeSpanType,
        K::TraceloopSpanKind,
        K::LlmRequestType,
        K::SpanType,
    ]
    .into_iter()
    .find_map(|key| s.str(key).and_then(word_kind).map(|k| (k, key)))
}

/// `gen_ai.operation.name` values (OTel GenAI semantic conventions).
pub(crate) fn operation_kind(op: &str) -> Option<SpanKind> {
    let kind = match_lower(op, |op| match op {
        "chat" | "text_completion" | "generate_content" | "completion" | "responses" => {
            SpanKind::Llm
        }
        "embeddings" | "embedding" => SpanKind::Embedding,
        "execute_tool" => SpanKind::Tool,
        "invoke_agent" | "create_agent" => SpanKind::Agent,
        "invoke_workflow" => SpanKind::Chain,
        "retrieval" | "retrieve" => SpanKind::Retriever,
        "rerank" => SpanKind::Reranker,
        _ => SpanKind::Unknown,
    });
    (kind != SpanKind::Unknown).then_some(kind)
}

/// The vendor vocabulary for span types (Cascade, Traceloop, Langfuse-style words).
pub(crate) fn word_kind(word: &str) -> Option<SpanKind> {
    let kind = match_lower(word, |w| match w {
        "llm" | "generation" | "chat" | "completion" => SpanKind::Llm,
        "tool" | "function_call" | "tool_call" => SpanKind::Tool,
        "agent" => SpanKind::Agent,
        // Cascade marks its run and `@function` spans `function`: steps, not tool calls.
        "chain" | "workflow" | "task" | "function" => SpanKind::Chain,
        "retriever" | "retrieval" => SpanKind::Retriever,
        "embedding" | "embeddings" => SpanKind::Embedding,
        "reranker" | "rerank" => SpanKind::Reranker,
        "guardrail" => SpanKind::Guardrail,
        "evaluator" | "evaluation" => SpanKind::Evaluator,
        "prompt" => SpanKind::Prompt,
        _ => SpanKind::Unknown,
    });
    (kind != SpanKind::Unknown).then_some(kind)
}

/// Runs `f` on `s` lowercased, without allocating for the short words these rules read.
fn match_lower(s: &str, f: impl Fn(&str) -> SpanKind) -> SpanKind {
    let s = s.trim();
    let mut buf = [0u8; 24];
    if s.len() > buf.len() {
        return SpanKind::Unknown;
    }
    let lower = &mut buf[..s.len()];
    lower.copy_from_slice(s.as_bytes());
    lower.make_ascii_lowercase();
    // Lowercasing ASCII bytes keeps a UTF-8 string valid.
    std::str::from_utf8(lower).map_or(SpanKind::Unknown, f)
}

/// The kind implied by what a span carries, when no attribute names one.
///
/// `has_model`/`has_tokens` come from the already-derived fields, so every dialect's model and
/// token keys count.
pub(crate) fn inferred(s: &Slots, has_model: bool, has_tokens: bool) -> Option<SpanKind> {
    let has_prompt = [
        K::GaPromptFirstRole,
        K::GaPromptFirstContent,
        K::OiFirstInputRole,
        K::GaInputMessages,
        K::LlmPrompt,
        K::LlmMessages,
    ]
    .into_iter()
    .any(|k| s.has(k));
    if has_model && (has_tokens || has_prompt) {
        return Some(SpanKind::Llm);
    }
    if !has_model && (s.has(K::ToolName) || s.has(K::GaToolName)) {
        return Some(SpanKind::Tool);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Attributes;
    use serde_json::json;

    fn kind_of(pairs: &[(&str, serde_json::Value)]) -> Option<SpanKind> {
        let a: Attributes = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        explicit(&Slots::scan(&a)).map(|(k, _)| k)
    }

    #[test]
    fn each_dialect_names_a_kind() {
        let cases = [
            ("openinference.span.kind", "llm", SpanKind::Llm),
            ("openinference.span.kind", "RERANKER", SpanKind::Reranker),
            ("gen_ai.operation.name", "chat", SpanKind::Llm),
            ("gen_ai.operation.name", "text_completion", SpanKind::Llm),
            ("gen_ai.operation.name", "generate_content", SpanKind::Llm),
            ("gen_ai.operation.name", "embeddings", SpanKind::Embedding),
            ("gen_ai.operation.name", "execute_tool", SpanKind::Tool),
            ("gen_ai.operation.name", "invoke_agent", SpanKind::Agent),
            ("gen_ai.operation.name", "create_agent", SpanKind::Agent),
            ("gen_ai.operation.name", "invoke_workflow", SpanKind::Chain),
            ("cascade.span_type", "llm", SpanKind::Llm),
            ("cascade.span_type", "agent", SpanKind::Agent),
            ("cascade.span_type", "function", SpanKind::Chain),
            ("traceloop.span.kind", "workflow", SpanKind::Chain),
            ("llm.request.type", "embedding", SpanKind::Embedding),
            ("span.type", "tool", SpanKind::Tool),
            ("span.type", "Agent", SpanKind::Agent),
        ];
        for (key, value, want) in cases {
            assert_eq!(kind_of(&[(key, json!(value))]), Some(want), "{key}={value}");
        }
    }

    #[test]
    fn unknown_words_name_nothing() {
        assert_eq!(kind_of(&[("span.type", json!("web"))]), None);
        assert_eq!(
            kind_of(&[("gen_ai.operation.name", json!("frobnicate"))]),
            None
        );
        assert_eq!(kind_of(&[("span.type", json!("a".repeat(100)))]), None);
        assert_eq!(kind_of(&[("http.method", json!("GET"))]), None);
    }

    #[test]
    fn openinference_wins_over_gen_ai_and_an_unparsable_value_falls_through() {
        let a = [
            ("openinference.span.kind", json!("AGENT")),
            ("gen_ai.operation.name", json!("chat")),
        ];
        assert_eq!(kind_of(&a), Some(SpanKind::Agent));
        let a = [
            ("openinference.span.kind", json!("mystery")),
            ("cascade.span_type", json!("tool")),
        ];
        assert_eq!(kind_of(&a), Some(SpanKind::Tool));
    }

    #[test]
    fn content_implies_a_kind() {
        let a: Attributes = [("gen_ai.prompt.0.role".to_string(), json!("user"))]
            .into_iter()
            .collect();
        let s = Slots::scan(&a);
        assert_eq!(inferred(&s, true, false), Some(SpanKind::Llm));
        assert_eq!(inferred(&s, false, true), None);
        let empty = Attributes::new();
        let s = Slots::scan(&empty);
        assert_eq!(inferred(&s, true, true), Some(SpanKind::Llm));
        assert_eq!(inferred(&s, true, false), None);
        let a: Attributes = [("tool.name".to_string(), json!("search"))]
            .into_iter()
            .collect();
        assert_eq!(
            inferred(&Slots::scan(&a), false, false),
            Some(SpanKind::Tool)
        );
    }
}
