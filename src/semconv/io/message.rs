//! One reader for the message objects every dialect ends up with.
//!
//! OpenAI chat messages, Anthropic messages with content blocks, OpenAI Responses items, OTel
//! GenAI messages with `parts`, GenAI event bodies and Cascade's Python dicts are all JSON-ish
//! objects with a role and some mix of text, tool calls and tool results. [`push`] reads any of
//! them into [`Message`]s; a tool result inside a user message (Anthropic's `tool_result` block,
//! GenAI's `tool_call_response` part) becomes a `tool` message of its own, because that is what
//! it is in the conversation.

use serde_json::{Map, Value};

use crate::model::{Message, ToolCall};

/// Appends the message(s) `v` holds; `role` is used when the object names none.
pub(crate) fn push(out: &mut Vec<Message>, v: &Value, role: &str) {
    let obj = match v {
        Value::Object(obj) => obj,
        Value::String(s) => {
            out.push(text_message(role, s));
            return;
        }
        _ => return,
    };
    let kind = obj.get("type").and_then(Value::as_str).unwrap_or("");
    if matches!(kind, "function_call" | "tool_call" | "tool_use") {
        let mut m = Message::new_role("assistant");
        m.tool_calls.extend(tool_call(obj));
        out.push(m);
        return;
    }
    if matches!(
        kind,
        "function_call_output" | "tool_call_response" | "tool_result"
    ) {
        out.push(tool_result(obj));
        return;
    }
    let role = obj
        .get("role")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
        .unwrap_or(role);
    let mut m = Message::new_role(role);
    let mut texts = Vec::new();
    let mut results = Vec::new();
    for key in ["content", "parts"] {
        match obj.get(key) {
            Some(Value::Array(blocks)) => {
                for b in blocks {
                    block(b, &mut texts, &mut m.tool_calls, &mut results);
                }
            }
            Some(other) => block(other, &mut texts, &mut m.tool_calls, &mut results),
            None => {}
        }
    }
    if let Some(Value::Array(calls)) = obj.get("tool_calls") {
        m.tool_calls.extend(
            calls
                .iter()
                .filter_map(Value::as_object)
                .filter_map(tool_call),
        );
    }
    if let Some(Value::Object(call)) = obj.get("function_call") {
        m.tool_calls.extend(tool_call(call));
    }
    m.tool_call_id = str_field(obj, &["tool_call_id"])
        .or_else(|| (role == "tool").then(|| str_field(obj, &["id"])).flatten());
    m.name = str_field(obj, &["name"]);
    if !texts.is_empty() {
        m.content = Some(texts.join("\n"));
    }
    let empty = m.content.is_none() && m.tool_calls.is_empty() && m.tool_call_id.is_none();
    if !empty || results.is_empty() {
        out.push(m);
    }
    out.extend(results);
}

/// The text a content value holds: a string, or the text blocks/parts of an array.
pub(crate) fn content_text(v: &Value) -> Option<String> {
    let mut texts = Vec::new();
    match v {
        Value::Array(blocks) => {
            for b in blocks {
                block(b, &mut texts, &mut Vec::new(), &mut Vec::new());
            }
        }
        other => block(other, &mut texts, &mut Vec::new(), &mut Vec::new()),
    }
    (!texts.is_empty()).then(|| texts.join("\n"))
}

/// Reads one content block (or GenAI part) into text, a tool call or a tool result.
fn block(
    b: &Value,
    texts: &mut Vec<String>,
    calls: &mut Vec<ToolCall>,
    results: &mut Vec<Message>,
) {
    let obj = match b {
        Value::String(s) => {
            texts.push(s.clone());
            return;
        }
        Value::Object(obj) => obj,
        _ => return,
    };
    match obj.get("type").and_then(Value::as_str).unwrap_or("") {
        "tool_call" | "tool_use" | "function_call" => calls.extend(tool_call(obj)),
        "tool_call_response" | "tool_result" | "function_call_output" => {
            results.push(tool_result(obj));
        }
        // Images, audio, files and reasoning carry no conversation text.
        "image" | "image_url" | "input_image" | "blob" | "uri" | "file" | "input_audio"
        | "reasoning" | "thinking" => {}
        _ => {
            if let Some(Value::Object(call)) = obj.get("functionCall") {
                calls.extend(tool_call(call));
            } else if let Some(t) = ["text", "content"]
                .iter()
                .find_map(|k| obj.get(*k).and_then(Value::as_str))
            {
                texts.push(t.to_owned());
            }
        }
    }
}

/// A tool call in any of the shapes: `{id, function: {name, arguments}}` (OpenAI),
/// `{id, name, input}` (Anthropic), `{call_id, name, arguments}` (Responses),
/// `{id, name, arguments}` (GenAI), `{name, args}` (Gemini).
fn tool_call(obj: &Map<String, Value>) -> Option<ToolCall> {
    let f = obj
        .get("function")
        .and_then(Value::as_object)
        .unwrap_or(obj);
    let name = str_field(f, &["name"])?;
    let arguments = ["arguments", "input", "args"]
        .iter()
        .find_map(|k| f.get(*k).filter(|v| !v.is_null()))
        .map(as_text);
    Some(ToolCall {
        id: str_field(obj, &["id", "call_id", "tool_call_id"]),
        name,
        arguments,
    })
}

/// A tool's answer: `{tool_use_id, content}` (Anthropic), `{call_id, output}` (Responses),
/// `{id, response}` (GenAI).
fn tool_result(obj: &Map<String, Value>) -> Message {
    let mut m = Message::new_role("tool");
    m.tool_call_id = str_field(obj, &["tool_use_id", "call_id", "id", "tool_call_id"]);
    m.content = ["response", "output", "content", "result"]
        .iter()
        .find_map(|k| obj.get(*k).filter(|v| !v.is_null()))
        .and_then(|v| match v {
            Value::Array(_) => content_text(v),
            other => Some(as_text(other)),
        });
    m
}

pub(crate) fn text_message(role: &str, text: &str) -> Message {
    let mut m = Message::new_role(role);
    m.content = Some(text.to_owned());
    m
}

fn str_field(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| obj.get(*k).and_then(crate::semconv::attrs::ident))
}

/// Strings as they are, anything else as JSON text.
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `Message { role, ..Default }`, since `model` gives no constructor.
trait NewRole {
    fn new_role(role: &str) -> Message;
}

impl NewRole for Message {
    fn new_role(role: &str) -> Message {
        Message {
            role: role.to_owned(),
            ..Message::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Vec<Message> {
        let mut out = Vec::new();
        push(&mut out, &v, "user");
        out
    }

    #[test]
    fn openai_message_with_tool_calls() {
        let m = read(json!({"role": "assistant", "content": null, "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]}));
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].role, "assistant");
        assert_eq!(m[0].content, None);
        assert_eq!(m[0].tool_calls[0].id.as_deref(), Some("call_1"));
        assert_eq!(
            m[0].tool_calls[0].arguments.as_deref(),
            Some("{\"city\": \"Paris\"}")
        );
    }

    #[test]
    fn anthropic_blocks_split_tool_results_into_tool_messages() {
        let m = read(json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": [{"type": "text", "text": "22C"}]}]}));
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].role.as_str(), m[0].content.as_deref()),
            ("tool", Some("22C"))
        );
        assert_eq!(m[0].tool_call_id.as_deref(), Some("toolu_1"));
        let m = read(json!({"role": "assistant", "content": [
            {"type": "text", "text": "Let me check."},
            {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {"city": "Paris"}}]}));
        assert_eq!(m[0].content.as_deref(), Some("Let me check."));
        assert_eq!(
            m[0].tool_calls[0].arguments.as_deref(),
            Some(r#"{"city":"Paris"}"#)
        );
    }

    #[test]
    fn gen_ai_parts_and_responses_items() {
        let m = read(json!({"role": "tool", "parts": [
            {"type": "tool_call_response", "id": "call_1", "response": "{\"temp\": 22}"}]}));
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].tool_call_id.as_deref(), Some("call_1"));
        assert_eq!(m[0].content.as_deref(), Some("{\"temp\": 22}"));
        let m =
            read(json!({"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"}));
        assert_eq!(m[0].tool_calls[0].id.as_deref(), Some("c1"));
        let m = read(json!({"type": "message", "role": "assistant",
            "content": [{"type": "output_text", "text": "hi"}, {"type": "image_url"}]}));
        assert_eq!(m[0].content.as_deref(), Some("hi"));
        assert_eq!(read(json!("plain")), vec![text_message("user", "plain")]);
    }
}
