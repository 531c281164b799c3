//! The raw attribute keys `normalize` reads, found in one pass over a span's attributes.
//!
//! Every key a dialect rule may consult is declared once in [`keys!`], which gives it a slot.
//! [`Slots::scan`] walks the attribute map once and files each recognized value into its slot,
//! so the rules then pick values by priority without further map lookups or allocation. The
//! prefix families that only `attach_io` needs (`llm.input_messages.*`, `gen_ai.prompt.*`…) are
//! not slotted: they are skipped here and read at query time.
//!
//! Also here: the value coercions every rule shares (numbers that arrive as ints, doubles or
//! numeric strings; identifiers that arrive as strings or numbers).

use serde_json::Value;

use crate::model::Attributes;

macro_rules! keys {
    ($($variant:ident => $key:literal,)*) => {
        /// A raw attribute key some rule reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names)]
        pub(crate) enum K { $($variant,)* }

        const ALL_KEYS: &[&str] = &[$($key,)*];

        impl K {
            /// The raw key, as recorded in `Span::sources`.
            pub(crate) fn name(self) -> &'static str {
                ALL_KEYS[self as usize]
            }

            pub(crate) fn lookup(key: &str) -> Option<K> {
                match key {
                    $($key => Some(K::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

keys! {
    // kind
    OiSpanKind => "openinference.span.kind",
    GenAiOperation => "gen_ai.operation.name",
    CascadeSpanType => "cascade.span_type",
    TraceloopSpanKind => "traceloop.span.kind",
    LlmRequestType => "llm.request.type",
    SpanType => "span.type",
    // model, provider
    LlmModelName => "llm.model_name",
    GenAiResponseModel => "gen_ai.response.model",
    GenAiRequestModel => "gen_ai.request.model",
    LlmModel => "llm.model",
    InvocationParams => "llm.invocation_parameters",
    LlmProvider => "llm.provider",
    GenAiProviderName => "gen_ai.provider.name",
    GenAiSystem => "gen_ai.system",
    LlmSystem => "llm.system",
    // tokens: OpenInference
    OiPrompt => "llm.token_count.prompt",
    OiCompletion => "llm.token_count.completion",
    OiTotal => "llm.token_count.total",
    OiCacheRead => "llm.token_count.prompt_details.cache_read",
    OiCacheWrite => "llm.token_count.prompt_details.cache_write",
    OiReasoning => "llm.token_count.completion_details.reasoning",
    // tokens: OTel GenAI, current and legacy names
    GaInput => "gen_ai.usage.input_tokens",
    GaOutput => "gen_ai.usage.output_tokens",
    GaTotal => "gen_ai.usage.total_tokens",
    GaPrompt => "gen_ai.usage.prompt_tokens",
    GaCompletion => "gen_ai.usage.completion_tokens",
    GaCacheRead => "gen_ai.usage.cache_read.input_tokens",
    GaCacheWrite => "gen_ai.usage.cache_write.input_tokens",
    GaCacheCreation => "gen_ai.usage.cache_creation.input_tokens",
    GaCacheReadLegacy => "gen_ai.usage.cache_read_input_tokens",
    GaCacheWriteLegacy => "gen_ai.usage.cache_creation_input_tokens",
    GaReasoning => "gen_ai.usage.reasoning_tokens",
    GaReasoningOutput => "gen_ai.usage.reasoning.output_tokens",
    // tokens: plain llm.* (Cascade) and JSON usage blobs (Catalyst)
    LlmInputTokens => "llm.input_tokens",
    LlmOutputTokens => "llm.output_tokens",
    LlmTotalTokens => "llm.total_tokens",
    LlmUsage => "llm.usage",
    GaUsage => "gen_ai.usage",
    // cost
    CostTotal => "llm.cost.total",
    CostPrompt => "llm.cost.prompt",
    CostCompletion => "llm.cost.completion",
    CostUsd => "llm.cost_usd",
    Cost => "llm.cost",
    GaCost => "gen_ai.usage.cost",
    // session, user
    SessionId => "session.id",
    ConversationId => "gen_ai.conversation.id",
    CascadeSessionId => "cascade.session_id",
    UserId => "user.id",
    CascadeUserId => "cascade.user_id",
    EnduserId => "enduser.id",
    // agent
    AgentName => "agent.name",
    GaAgentName => "gen_ai.agent.name",
    CascadeAgentName => "cascade.agent_name",
    AgentId => "agent.id",
    GaAgentId => "gen_ai.agent.id",
    // tool
    ToolName => "tool.name",
    GaToolName => "gen_ai.tool.name",
    ToolCallId => "tool_call.id",
    GaToolCallId => "gen_ai.tool.call.id",
    ToolInput => "tool.input",
    ToolOutput => "tool.output",
    GaToolArguments => "gen_ai.tool.call.arguments",
    GaToolResult => "gen_ai.tool.call.result",
    InputValue => "input.value",
    OutputValue => "output.value",
    // error
    ErrorType => "error.type",
    ErrorMessage => "error.message",
    ToolError => "tool.error",
    // content keys that only tell the kind rules "this span carries a prompt"
    GaPromptFirstRole => "gen_ai.prompt.0.role",
    GaPromptFirstContent => "gen_ai.prompt.0.content",
    OiFirstInputRole => "llm.input_messages.0.message.role",
    GaInputMessages => "gen_ai.input.messages",
    LlmPrompt => "llm.prompt",
    LlmMessages => "llm.messages",
}

/// Number of slotted keys.
const N: usize = ALL_KEYS.len();

/// The recognized attributes of one span, by key.
pub(crate) struct Slots<'a>([Option<&'a Value>; N]);

impl<'a> Slots<'a> {
    /// Files every recognized attribute into its slot, in one pass.
    pub(crate) fn scan(attrs: &'a Attributes) -> Slots<'a> {
        let mut slots = [None; N];
        for (key, value) in attrs {
            // Most keys of a chatty span are indexed message keys (`llm.input_messages.3.…`);
            // they are long, and only the `.0.` ones below are slotted, so a length cut skips
            // the rest before the match.
            if key.len() > 44 {
                continue;
            }
            if let Some(k) = K::lookup(key) {
                slots[k as usize] = Some(value);
            }
        }
        Slots(slots)
    }

    pub(crate) fn get(&self, k: K) -> Option<&'a Value> {
        self.0[k as usize].filter(|v| !v.is_null())
    }

    pub(crate) fn has(&self, k: K) -> bool {
        self.get(k).is_some()
    }

    /// A non-blank string value.
    pub(crate) fn str(&self, k: K) -> Option<&'a str> {
        self.get(k).and_then(nonblank)
    }

    /// The first key in `keys` with a non-blank string value.
    pub(crate) fn first_str(&self, keys: &[K]) -> Option<(K, &'a str)> {
        keys.iter().find_map(|&k| self.str(k).map(|s| (k, s)))
    }

    /// The first key in `keys` with an identifier (string or number) value.
    pub(crate) fn first_ident(&self, keys: &[K]) -> Option<(K, String)> {
        keys.iter()
            .find_map(|&k| self.get(k).and_then(ident).map(|s| (k, s)))
    }

    /// The first key in `keys` with a token count.
    pub(crate) fn first_count(&self, keys: &[K]) -> Option<(K, u64)> {
        keys.iter()
            .find_map(|&k| self.get(k).and_then(count).map(|n| (k, n)))
    }

    /// The first key in `keys` with a usable amount of money.
    pub(crate) fn first_amount(&self, keys: &[K]) -> Option<(K, f64)> {
        keys.iter()
            .find_map(|&k| self.get(k).and_then(amount).map(|n| (k, n)))
    }
}

/// A trimmed, non-empty string.
pub(crate) fn nonblank(v: &Value) -> Option<&str> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty())
}

/// An identifier: a non-blank string, or a number written out.
pub(crate) fn ident(v: &Value) -> Option<String> {
    match v {
        Value::String(_) => nonblank(v).map(str::to_owned),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Text for a value that should be shown as text: strings as they are, anything else as JSON.
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A value that may arrive as JSON text or already structured (an OTLP map or array).
pub(crate) fn json_value(v: &Value) -> Option<std::borrow::Cow<'_, Value>> {
    match v {
        Value::String(s) => serde_json::from_str(s).ok().map(std::borrow::Cow::Owned),
        Value::Null => None,
        other => Some(std::borrow::Cow::Borrowed(other)),
    }
}

/// A token count from an int, a double with no fraction, or a numeric string. Negative,
/// fractional and non-finite values are not counts.
pub(crate) fn count(v: &Value) -> Option<u64> {
    let f = match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return Some(u);
            }
            n.as_f64()?
        }
        Value::String(s) => {
            let s = s.trim();
            if let Ok(u) = s.parse::<u64>() {
                return Some(u);
            }
            s.parse::<f64>().ok()?
        }
        _ => return None,
    };
    // 2^53: beyond it a double no longer holds every integer.
    (f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f <= 9_007_199_254_740_992.0)
        .then_some(f as u64)
}

/// An amount (USD) from a number or a numeric string; negative and non-finite are dropped.
pub(crate) fn amount(v: &Value) -> Option<f64> {
    let f = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (f.is_finite() && f >= 0.0).then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_key_is_found_by_its_name() {
        for (i, key) in ALL_KEYS.iter().enumerate() {
            let k = K::lookup(key).unwrap();
            assert_eq!(k as usize, i);
            assert_eq!(k.name(), *key);
            assert!(
                key.len() <= 44,
                "{key} is longer than the scan's length cut"
            );
        }
    }

    #[test]
    fn counts_arrive_as_ints_doubles_or_strings() {
        assert_eq!(count(&json!(42)), Some(42));
        assert_eq!(count(&json!(42.0)), Some(42));
        assert_eq!(count(&json!("42")), Some(42));
        assert_eq!(count(&json!(" 42.0 ")), Some(42));
        assert_eq!(count(&json!(-1)), None);
        assert_eq!(count(&json!(1.5)), None);
        assert_eq!(count(&json!("lots")), None);
        assert_eq!(count(&json!(true)), None);
    }

    #[test]
    fn amounts_and_idents() {
        assert_eq!(amount(&json!("0.5")), Some(0.5));
        assert_eq!(amount(&json!(2e-05)), Some(2e-05));
        assert_eq!(amount(&json!(-0.1)), None);
        assert_eq!(ident(&json!(7)), Some("7".into()));
        assert_eq!(ident(&json!("  ")), None);
    }

    #[test]
    fn scan_fills_slots_and_skips_nulls() {
        let mut a = Attributes::new();
        a.insert("llm.model_name".into(), json!("gpt-4o"));
        a.insert("session.id".into(), Value::Null);
        a.insert("unrelated".into(), json!(1));
        let s = Slots::scan(&a);
        assert_eq!(s.str(K::LlmModelName), Some("gpt-4o"));
        assert!(!s.has(K::SessionId));
        assert_eq!(
            s.first_str(&[K::LlmModel, K::LlmModelName]).map(|(k, _)| k),
            Some(K::LlmModelName)
        );
    }
}
