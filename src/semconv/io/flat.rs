//! Messages flattened into indexed attribute keys.
//!
//! OpenInference: `llm.input_messages.{i}.message.{role,content,name,tool_call_id}`,
//! `….message.tool_calls.{j}.tool_call.{id,function.name,function.arguments}` and
//! `….message.contents.{j}.message_content.{type,text}` (the Responses API's form), likewise
//! under `llm.output_messages`. Legacy OTel GenAI (Traceloop):
//! `gen_ai.prompt.{i}.{role,content,tool_call_id}`, `gen_ai.completion.{i}.…` with
//! `tool_calls.{j}.{id,name,arguments}` or `function_call.{name,arguments}`. One grammar reads
//! both. Indices are numeric, so `10` sorts after `9` although the attribute map sorts it before.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{Attributes, Message, ToolCall};

use super::message::content_text;

/// A tool call's id, name and arguments, as they turn up.
type CallDraft = (Option<String>, Option<String>, Option<String>);

#[derive(Default)]
struct Draft {
    role: Option<String>,
    content: Option<String>,
    name: Option<String>,
    tool_call_id: Option<String>,
    calls: BTreeMap<usize, CallDraft>,
    parts: BTreeMap<usize, String>,
}

/// The messages under `prefix` (`"llm.input_messages."`, `"gen_ai.prompt."`…), if any.
pub(crate) fn messages(attrs: &Attributes, prefix: &str) -> Option<Vec<Message>> {
    let mut drafts: BTreeMap<usize, Draft> = BTreeMap::new();
    for (key, value) in attrs {
        let Some(rest) = key.strip_prefix(prefix) else {
            continue;
        };
        let Some((i, field)) = index(rest) else {
            continue;
        };
        let field = field.strip_prefix("message.").unwrap_or(field);
        let text = || match value {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
        let d = drafts.entry(i).or_default();
        match field {
            "role" => d.role = text(),
            "content" => d.content = text(),
            "name" => d.name = text(),
            "tool_call_id" => d.tool_call_id = text(),
            _ => {
                if let Some((j, f)) = field.strip_prefix("tool_calls.").and_then(index) {
                    let f = f.strip_prefix("tool_call.").unwrap_or(f);
                    let f = f.strip_prefix("function.").unwrap_or(f);
                    let call = d.calls.entry(j).or_default();
                    match f {
                        "id" => call.0 = text(),
                        "name" => call.1 = text(),
                        "arguments" => call.2 = text(),
                        _ => {}
                    }
                } else if let Some(f) = field.strip_prefix("function_call.") {
                    let call = d.calls.entry(usize::MAX).or_default();
                    match f {
                        "name" => call.1 = text(),
                        "arguments" => call.2 = text(),
                        _ => {}
                    }
                } else if let Some((j, f)) = field.strip_prefix("contents.").and_then(index) {
                    let f = f.strip_prefix("message_content.").unwrap_or(f);
                    if let ("text", Some(t)) = (f, text()) {
                        d.parts.insert(j, t);
                    }
                }
            }
        }
    }
    let out: Vec<Message> = drafts.into_values().filter_map(finish).collect();
    (!out.is_empty()).then_some(out)
}

fn finish(d: Draft) -> Option<Message> {
    let content = d
        .content
        .map(|c| unwrap_blocks(&c).unwrap_or(c))
        .or_else(|| {
            (!d.parts.is_empty()).then(|| d.parts.into_values().collect::<Vec<_>>().join("\n"))
        });
    let tool_calls: Vec<ToolCall> = d
        .calls
        .into_values()
        .filter_map(|(id, name, arguments)| {
            Some(ToolCall {
                id,
                name: name?,
                arguments,
            })
        })
        .collect();
    if d.role.is_none() && content.is_none() && tool_calls.is_empty() {
        return None;
    }
    Some(Message {
        role: d.role.unwrap_or_else(|| "user".into()),
        content,
        tool_calls,
        tool_call_id: d.tool_call_id,
        name: d.name,
    })
}

/// Content that is itself a JSON list of typed blocks (Traceloop writes Anthropic content this
/// way): its text. Anything else is the content as written.
fn unwrap_blocks(content: &str) -> Option<String> {
    if !content.trim_start().starts_with("[{") {
        return None;
    }
    let v: Value = serde_json::from_str(content).ok()?;
    let typed = v
        .as_array()?
        .iter()
        .all(|b| b.get("type").is_some_and(Value::is_string));
    if typed { content_text(&v) } else { None }
}

/// `"3.message.role"` → `(3, "message.role")`.
fn index(s: &str) -> Option<(usize, &str)> {
    let (i, rest) = s.split_once('.')?;
    Some((i.parse().ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attrs(pairs: &[(&str, Value)]) -> Attributes {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn openinference_messages_in_numeric_order_with_tool_calls() {
        let mut pairs = vec![];
        for i in 0..11 {
            pairs.push((
                format!("llm.input_messages.{i}.message.role"),
                json!("user"),
            ));
            pairs.push((
                format!("llm.input_messages.{i}.message.content"),
                json!(format!("m{i}")),
            ));
        }
        let mut a: Attributes = pairs.into_iter().collect();
        let p = "llm.output_messages.0.message.";
        a.insert(format!("{p}role"), json!("assistant"));
        a.insert(format!("{p}tool_calls.0.tool_call.id"), json!("call_1"));
        a.insert(
            format!("{p}tool_calls.0.tool_call.function.name"),
            json!("get_weather"),
        );
        a.insert(
            format!("{p}tool_calls.0.tool_call.function.arguments"),
            json!("{\"city\": \"Paris\"}"),
        );
        let input = messages(&a, "llm.input_messages.").unwrap();
        assert_eq!(input.len(), 11);
        assert_eq!(input[10].content.as_deref(), Some("m10"));
        let out = messages(&a, "llm.output_messages.").unwrap();
        assert_eq!(out[0].tool_calls[0].name, "get_weather");
        assert_eq!(out[0].tool_calls[0].id.as_deref(), Some("call_1"));
        assert_eq!(messages(&a, "gen_ai.prompt."), None);
    }

    #[test]
    fn responses_contents_and_legacy_gen_ai() {
        let a = attrs(&[
            ("llm.output_messages.0.message.role", json!("assistant")),
            (
                "llm.output_messages.0.message.contents.0.message_content.type",
                json!("text"),
            ),
            (
                "llm.output_messages.0.message.contents.0.message_content.text",
                json!("Fake."),
            ),
            ("gen_ai.prompt.0.role", json!("user")),
            (
                "gen_ai.prompt.0.content",
                json!("[{\"type\": \"text\", \"text\": \"hi\"}]"),
            ),
            ("gen_ai.completion.0.role", json!("assistant")),
            ("gen_ai.completion.0.tool_calls.0.name", json!("f")),
            ("gen_ai.completion.0.tool_calls.0.arguments", json!("{}")),
            ("gen_ai.completion.0.finish_reason", json!("tool_calls")),
        ]);
        let out = messages(&a, "llm.output_messages.").unwrap();
        assert_eq!(out[0].content.as_deref(), Some("Fake."));
        let p = messages(&a, "gen_ai.prompt.").unwrap();
        assert_eq!(p[0].content.as_deref(), Some("hi"));
        let c = messages(&a, "gen_ai.completion.").unwrap();
        assert_eq!(c[0].tool_calls[0].name, "f");
    }
}
