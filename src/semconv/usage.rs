//! Token counts and reported cost.
//!
//! Each count is taken from the first key that has it, per field: OpenInference
//! `llm.token_count.*`, then OTel GenAI `gen_ai.usage.*` (current names, then the legacy
//! `prompt_tokens`/`completion_tokens` and Traceloop's `cache_*_input_tokens`), then the plain
//! `llm.input_tokens`/`llm.output_tokens`/`llm.total_tokens`. A field none of them has may still
//! be in a provider's raw usage object that an SDK copied into an attribute (Catalyst's
//! `llm.usage`); that JSON is parsed only when it can hold a missing field.
//!
//! Input counts include cached tokens (the OTel GenAI convention). Anthropic's raw usage counts
//! them separately, so a usage object in Anthropic's shape has its cache counts added back.

use serde_json::Value;

use crate::model::Usage;

use super::Sources;
use super::attrs::{K, Slots, count};

const INPUT: &[K] = &[K::OiPrompt, K::GaInput, K::GaPrompt, K::LlmInputTokens];
const OUTPUT: &[K] = &[
    K::OiCompletion,
    K::GaOutput,
    K::GaCompletion,
    K::LlmOutputTokens,
];
const TOTAL: &[K] = &[K::OiTotal, K::GaTotal, K::LlmTotalTokens];
const CACHE_READ: &[K] = &[K::OiCacheRead, K::GaCacheRead, K::GaCacheReadLegacy];
const CACHE_WRITE: &[K] = &[
    K::OiCacheWrite,
    K::GaCacheWrite,
    K::GaCacheCreation,
    K::GaCacheWriteLegacy,
];
const REASONING: &[K] = &[K::OiReasoning, K::GaReasoning, K::GaReasoningOutput];

/// The span's own token counts, recording where each came from.
pub(crate) fn tokens(s: &Slots, sources: &mut Sources) -> Usage {
    let mut u = Usage::default();
    let fields: [(&mut Option<u64>, &[K], &'static str); 6] = [
        (&mut u.input_tokens, INPUT, "input_tokens"),
        (&mut u.output_tokens, OUTPUT, "output_tokens"),
        (&mut u.total_tokens, TOTAL, "total_tokens"),
        (&mut u.cache_read_tokens, CACHE_READ, "cache_read_tokens"),
        (&mut u.cache_write_tokens, CACHE_WRITE, "cache_write_tokens"),
        (&mut u.reasoning_tokens, REASONING, "reasoning_tokens"),
    ];
    for (slot, keys, field) in fields {
        if let Some((k, n)) = s.first_count(keys) {
            *slot = Some(n);
            sources.key(field, k);
        }
    }
    for blob_key in [K::LlmUsage, K::GaUsage] {
        if let Some(blob) = s.get(blob_key) {
            fill_from_blob(&mut u, blob, blob_key, sources);
        }
    }
    u
}

/// Fills fields still missing from a provider usage object (OpenAI chat or Responses, or
/// Anthropic), given as a map or as JSON text.
fn fill_from_blob(u: &mut Usage, blob: &Value, key: K, sources: &mut Sources) {
    let parsed;
    let map = match blob {
        Value::Object(m) => m,
        Value::String(text) => {
            // Parse only when the text can fill a field that is still missing.
            let wanted = [
                (u.input_tokens, "input_tokens"),
                (u.input_tokens, "prompt_tokens"),
                (u.output_tokens, "output_tokens"),
                (u.output_tokens, "completion_tokens"),
                (u.total_tokens, "total_tokens"),
                (u.cache_read_tokens, "cached_tokens"),
                (u.cache_read_tokens, "cache_read"),
                (u.cache_write_tokens, "cache_creation"),
                (u.reasoning_tokens, "reasoning_tokens"),
            ];
            if !wanted.iter().any(|(v, n)| v.is_none() && text.contains(n)) {
                return;
            }
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(m)) => {
                    parsed = m;
                    &parsed
                }
                _ => return,
            }
        }
        _ => return,
    };
    let n = |k: &str| map.get(k).and_then(count);
    let detail = |obj: &str, k: &str| map.get(obj).and_then(|d| d.get(k)).and_then(count);

    let cache_read = n("cache_read_input_tokens")
        .or_else(|| detail("prompt_tokens_details", "cached_tokens"))
        .or_else(|| detail("input_tokens_details", "cached_tokens"));
    let cache_write = n("cache_creation_input_tokens");
    let anthropic_shape = map.contains_key("cache_read_input_tokens")
        || map.contains_key("cache_creation_input_tokens");
    let input = n("prompt_tokens").or_else(|| {
        let raw = n("input_tokens")?;
        Some(if anthropic_shape {
            raw + cache_read.unwrap_or(0) + cache_write.unwrap_or(0)
        } else {
            raw
        })
    });
    let output = n("completion_tokens").or_else(|| n("output_tokens"));
    let reasoning = detail("completion_tokens_details", "reasoning_tokens")
        .or_else(|| detail("output_tokens_details", "reasoning_tokens"));

    let found = [
        (&mut u.input_tokens, input, "input_tokens"),
        (&mut u.output_tokens, output, "output_tokens"),
        (&mut u.total_tokens, n("total_tokens"), "total_tokens"),
        (&mut u.cache_read_tokens, cache_read, "cache_read_tokens"),
        (&mut u.cache_write_tokens, cache_write, "cache_write_tokens"),
        (&mut u.reasoning_tokens, reasoning, "reasoning_tokens"),
    ];
    for (slot, value, field) in found {
        if slot.is_none() && value.is_some() {
            *slot = value;
            sources.key(field, key);
        }
    }
}

/// A cost the SDK reported, and where it came from: `llm.cost.total`, else the sum of
/// `llm.cost.prompt` and `llm.cost.completion`, else `llm.cost_usd`, `llm.cost` or
/// `gen_ai.usage.cost`.
pub(crate) fn reported_cost(s: &Slots) -> Option<(f64, &'static str)> {
    if let Some((k, v)) = s.first_amount(&[K::CostTotal]) {
        return Some((v, k.name()));
    }
    match (
        s.first_amount(&[K::CostPrompt]),
        s.first_amount(&[K::CostCompletion]),
    ) {
        (Some((_, p)), Some((_, c))) => {
            return Some((p + c, "llm.cost.prompt+llm.cost.completion"));
        }
        (Some((k, v)), None) | (None, Some((k, v))) => return Some((v, k.name())),
        (None, None) => {}
    }
    s.first_amount(&[K::CostUsd, K::Cost, K::GaCost])
        .map(|(k, v)| (v, k.name()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Attributes;
    use serde_json::json;

    fn run(pairs: &[(&str, Value)]) -> (Usage, Sources) {
        let a: Attributes = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let mut src = Sources::default();
        let u = tokens(&Slots::scan(&a), &mut src);
        (u, src)
    }

    #[test]
    fn openinference_counts_with_details() {
        let (u, src) = run(&[
            ("llm.token_count.prompt", json!(42)),
            ("llm.token_count.completion", json!(17)),
            ("llm.token_count.total", json!(59)),
            ("llm.token_count.prompt_details.cache_read", json!(8)),
            ("llm.token_count.prompt_details.cache_write", json!(2)),
            ("llm.token_count.completion_details.reasoning", json!(3)),
        ]);
        assert_eq!(
            (u.input_tokens, u.output_tokens, u.total_tokens),
            (Some(42), Some(17), Some(59))
        );
        assert_eq!(
            (
                u.cache_read_tokens,
                u.cache_write_tokens,
                u.reasoning_tokens
            ),
            (Some(8), Some(2), Some(3))
        );
        assert_eq!(src.get("input_tokens"), Some("llm.token_count.prompt"));
    }

    #[test]
    fn gen_ai_current_and_legacy_names() {
        let (u, _) = run(&[
            ("gen_ai.usage.input_tokens", json!("60")),
            ("gen_ai.usage.output_tokens", json!(21.0)),
            ("gen_ai.usage.cache_read.input_tokens", json!(5)),
            ("gen_ai.usage.cache_write.input_tokens", json!(0)),
            ("gen_ai.usage.reasoning_tokens", json!(0)),
        ]);
        assert_eq!((u.input_tokens, u.output_tokens), (Some(60), Some(21)));
        assert_eq!(
            (u.cache_read_tokens, u.cache_write_tokens),
            (Some(5), Some(0))
        );
        let (u, src) = run(&[
            ("gen_ai.usage.prompt_tokens", json!(55)),
            ("gen_ai.usage.completion_tokens", json!(21)),
        ]);
        assert_eq!((u.input_tokens, u.output_tokens), (Some(55), Some(21)));
        assert_eq!(
            src.get("output_tokens"),
            Some("gen_ai.usage.completion_tokens")
        );
        let (u, _) = run(&[
            ("llm.input_tokens", json!(55)),
            ("llm.output_tokens", json!(21)),
            ("llm.total_tokens", json!(76)),
        ]);
        assert_eq!(u.total_tokens, Some(76));
    }

    #[test]
    fn usage_blob_fills_only_what_is_missing() {
        let blob = r#"{"completion_tokens": 17, "prompt_tokens": 42, "total_tokens": 59,
            "prompt_tokens_details": {"cached_tokens": 8},
            "completion_tokens_details": {"reasoning_tokens": 4}}"#;
        let (u, src) = run(&[
            ("llm.token_count.prompt", json!(40)),
            ("llm.usage", json!(blob)),
        ]);
        assert_eq!(u.input_tokens, Some(40));
        assert_eq!(
            (u.output_tokens, u.cache_read_tokens, u.reasoning_tokens),
            (Some(17), Some(8), Some(4))
        );
        assert_eq!(src.get("cache_read_tokens"), Some("llm.usage"));
        assert_eq!(src.get("input_tokens"), Some("llm.token_count.prompt"));
    }

    #[test]
    fn anthropic_blob_counts_cached_tokens_as_input() {
        let blob = json!({"cache_creation_input_tokens": 0, "cache_read_input_tokens": 5,
            "input_tokens": 55, "output_tokens": 21});
        let (u, _) = run(&[("llm.usage", blob)]);
        assert_eq!(u.input_tokens, Some(60));
        assert_eq!(
            (u.cache_read_tokens, u.cache_write_tokens),
            (Some(5), Some(0))
        );
        let responses = json!(
            r#"{"input_tokens": 30, "input_tokens_details": {"cached_tokens": 2},
            "output_tokens": 10, "total_tokens": 40}"#
        );
        let (u, _) = run(&[("llm.usage", responses)]);
        assert_eq!((u.input_tokens, u.cache_read_tokens), (Some(30), Some(2)));
        let (u, _) = run(&[("llm.usage", json!("not json {"))]);
        assert!(u.is_empty());
    }

    #[test]
    fn reported_cost_prefers_total_then_parts_then_plain() {
        let cost = |pairs: &[(&str, Value)]| {
            let a: Attributes = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            reported_cost(&Slots::scan(&a))
        };
        assert_eq!(
            cost(&[("llm.cost.total", json!(2e-5)), ("llm.cost", json!(1.0))]),
            Some((2e-5, "llm.cost.total"))
        );
        assert_eq!(
            cost(&[
                ("llm.cost.prompt", json!(0.25)),
                ("llm.cost.completion", json!("0.5"))
            ]),
            Some((0.75, "llm.cost.prompt+llm.cost.completion"))
        );
        assert_eq!(
            cost(&[("llm.cost", json!(0.1)), ("llm.cost_usd", json!(0.2))]),
            Some((0.2, "llm.cost_usd"))
        );
        assert_eq!(cost(&[("llm.cost", json!(-1))]), None);
    }
}
