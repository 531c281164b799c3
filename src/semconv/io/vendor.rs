//! Messages from vendor-specific shapes: provider request/response JSON in `input.value` /
//! `output.value`, Cascade's `llm.messages` / `llm.prompt` / `llm.completion`, and agensight's
//! `gen_ai.normalized_input_output`.
//!
//! Provider JSON is read only when no structured messages exist. Requests: OpenAI chat
//! (`messages`), Anthropic (`system` + `messages`), OpenAI Responses (`instructions` + `input`),
//! legacy completions (`prompt`). Responses: OpenAI chat (`choices[].message` or `.text`),
//! Responses (`output[]`), Anthropic (`role` + `content[]`), Gemini (`candidates[].content`).

use serde_json::Value;

use crate::model::{Attributes, Message};

use super::message::{content_text, push, text_message};
use super::pyrepr;
use crate::semconv::attrs::json_value;

/// Messages in a provider request body.
pub(crate) fn request(body: &Value) -> Vec<Message> {
    let mut out = Vec::new();
    let Some(obj) = body.as_object() else {
        return out;
    };
    for key in ["system", "instructions"] {
        if let Some(text) = obj.get(key).and_then(content_text) {
            out.push(text_message("system", &text));
        }
    }
    match obj.get("messages").or_else(|| obj.get("input")) {
        Some(Value::Array(items)) => items.iter().for_each(|m| push(&mut out, m, "user")),
        Some(Value::String(s)) => out.push(text_message("user", s)),
        _ => {
            if let Some(Value::String(p)) = obj.get("prompt") {
                out.push(text_message("user", p));
            }
        }
    }
    // A system prompt alone is configuration, not a conversation.
    if out.iter().all(|m| m.role == "system") {
        out.clear();
    }
    out
}

/// Messages in a provider response body.
pub(crate) fn response(body: &Value) -> Vec<Message> {
    let mut out = Vec::new();
    let Some(obj) = body.as_object() else {
        return out;
    };
    if let Some(Value::Array(choices)) = obj.get("choices") {
        for c in choices {
            if let Some(m) = c.get("message").or_else(|| c.get("delta")) {
                push(&mut out, m, "assistant");
            } else if let Some(Value::String(t)) = c.get("text") {
                out.push(text_message("assistant", t));
            }
        }
    } else if let Some(Value::Array(items)) = obj.get("output") {
        items.iter().for_each(|m| push(&mut out, m, "assistant"));
    } else if let Some(Value::Array(candidates)) = obj.get("candidates") {
        for c in candidates {
            if let Some(content) = c.get("content") {
                push(&mut out, content, "assistant");
            }
        }
    } else if obj.contains_key("role") && obj.get("content").is_some_and(Value::is_array) {
        push(&mut out, body, "assistant");
    }
    out
}

/// Cascade's input: `llm.messages` (a Python repr), else `llm.prompt` as a user message, with
/// the key used. When the repr does not parse, the caller shows its raw text as the value.
pub(crate) fn cascade_input(attrs: &Attributes) -> Option<(Vec<Message>, &'static str)> {
    if let Some(text) = attrs.get("llm.messages").and_then(Value::as_str) {
        let parsed = serde_json::from_str(text)
            .ok()
            .or_else(|| pyrepr::parse(text));
        if let Some(Value::Array(items)) = parsed {
            let mut out = Vec::new();
            items.iter().for_each(|m| push(&mut out, m, "user"));
            if !out.is_empty() {
                return Some((out, "llm.messages"));
            }
        }
    }
    let prompt = attrs.get("llm.prompt").and_then(Value::as_str)?;
    Some((vec![text_message("user", prompt)], "llm.prompt"))
}

/// Cascade's output: `llm.completion`, the assistant's text (tool calls only as
/// `[Tool Use: name]`).
pub(crate) fn cascade_output(attrs: &Attributes) -> Option<Vec<Message>> {
    let text = attrs.get("llm.completion").and_then(Value::as_str)?;
    Some(vec![text_message("assistant", text)])
}

pub(crate) const NORMALIZED_IO: &str = "gen_ai.normalized_input_output";

/// agensight's `gen_ai.normalized_input_output`: `{prompts: [...], completions: [...]}`.
pub(crate) fn normalized_io(attrs: &Attributes, output: bool) -> Option<Vec<Message>> {
    let v = json_value(attrs.get(NORMALIZED_IO)?)?;
    let (key, role) = if output {
        ("completions", "assistant")
    } else {
        ("prompts", "user")
    };
    let mut out = Vec::new();
    for m in v.get(key)?.as_array()? {
        push(&mut out, m, role);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn provider_requests() {
        let m = request(&json!({"model": "m", "messages": [
            {"role": "system", "content": "sys"}, {"role": "user", "content": "hi"}]}));
        assert_eq!(m.len(), 2);
        let m = request(&json!({"system": "You research.", "messages": [
            {"role": "user", "content": [{"type": "text", "text": "q"}]}]}));
        assert_eq!(
            (m[0].role.as_str(), m[1].content.as_deref()),
            ("system", Some("q"))
        );
        let m = request(&json!({"input": "Summarize", "instructions": "Be brief"}));
        assert_eq!(m[1].content.as_deref(), Some("Summarize"));
        assert!(request(&json!({"city": "Paris"})).is_empty());
        assert!(request(&json!({"instructions": "only config"})).is_empty());
    }

    #[test]
    fn provider_responses() {
        let m = response(
            &json!({"choices": [{"message": {"role": "assistant", "content": null,
            "tool_calls": [{"id": "c1", "function": {"name": "get_weather", "arguments": "{}"}}]}}]}),
        );
        assert_eq!(m[0].tool_calls[0].name, "get_weather");
        let m = response(&json!({"output": [{"type": "message", "role": "assistant",
            "content": [{"type": "output_text", "text": "done"}]}]}));
        assert_eq!(m[0].content.as_deref(), Some("done"));
        let m = response(
            &json!({"role": "assistant", "content": [{"type": "text", "text": "a"},
            {"type": "tool_use", "id": "t1", "name": "f", "input": {}}]}),
        );
        assert_eq!(
            (m[0].content.as_deref(), m[0].tool_calls.len()),
            (Some("a"), 1)
        );
        let m = response(
            &json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "g"}]}}]}),
        );
        assert_eq!(m[0].content.as_deref(), Some("g"));
        assert!(response(&json!({"city": "Paris"})).is_empty());
    }

    #[test]
    fn cascade_falls_back_to_the_prompt() {
        let mut a = Attributes::new();
        a.insert("llm.prompt".into(), json!("Say hi"));
        let (m, key) = cascade_input(&a).unwrap();
        assert_eq!(
            (m[0].content.as_deref(), key),
            (Some("Say hi"), "llm.prompt")
        );
        a.insert(
            "llm.messages".into(),
            json!("[{'role': 'user', 'content': 'Say hi'}]"),
        );
        assert_eq!(cascade_input(&a).unwrap().1, "llm.messages");
    }
}
