//! OTel GenAI content: the JSON message attributes and the content events.
//!
//! Attributes (semconv ≥ 1.37): `gen_ai.input.messages` / `gen_ai.output.messages`, lists of
//! `{role, parts: [...]}`, and `gen_ai.system_instructions`, a list of parts, read as a leading
//! system message. Each may be JSON text or an OTLP array.
//!
//! Events, in span order: `gen_ai.{system,user,assistant,tool}.message` (input) and
//! `gen_ai.choice` (output), the earlier event-based convention; the newer
//! `gen_ai.client.inference.operation.details` event, which carries the same attributes as a
//! span; and Traceloop's `gen_ai.content.prompt`/`gen_ai.content.completion`. The content sits
//! in the event's attributes, or in a `body` attribute when a log record's body was attached.

use serde_json::Value;

use crate::model::{Attributes, Event, Message};

use super::message::{push, text_message};
use crate::semconv::attrs::json_value;

pub(crate) const INPUT: &str = "gen_ai.input.messages";
pub(crate) const OUTPUT: &str = "gen_ai.output.messages";
pub(crate) const SYSTEM: &str = "gen_ai.system_instructions";

/// Messages from a GenAI message-list attribute.
pub(crate) fn list(attrs: &Attributes, key: &str) -> Option<Vec<Message>> {
    let v = json_value(attrs.get(key)?)?;
    let mut out = Vec::new();
    match &*v {
        Value::Array(items) => {
            for item in items {
                push(&mut out, item, "user");
            }
        }
        other => push(&mut out, other, "user"),
    }
    (!out.is_empty()).then_some(out)
}

/// `gen_ai.system_instructions` as one system message.
pub(crate) fn system(attrs: &Attributes) -> Option<Message> {
    let v = json_value(attrs.get(SYSTEM)?)?;
    let text = super::message::content_text(&v)?;
    Some(text_message("system", &text))
}

/// The input (`output == false`) or output messages carried in the span's events, and the
/// name of the first event that had some.
pub(crate) fn from_events(events: &[Event], output: bool) -> Option<(Vec<Message>, String)> {
    let mut out = Vec::new();
    let mut first = None;
    for e in events {
        let before = out.len();
        read_event(e, output, &mut out);
        if out.len() > before && first.is_none() {
            first = Some(e.name.clone());
        }
    }
    Some((out, first?))
}

fn read_event(e: &Event, output: bool, out: &mut Vec<Message>) {
    let body = event_body(&e.attributes);
    let body = body.as_ref();
    match (e.name.as_str(), output) {
        ("gen_ai.system.message", false) => push(out, body, "system"),
        ("gen_ai.user.message", false) => push(out, body, "user"),
        ("gen_ai.assistant.message", false) => push(out, body, "assistant"),
        ("gen_ai.tool.message", false) => push(out, body, "tool"),
        ("gen_ai.choice", true) => {
            let message = body.get("message").unwrap_or(body);
            push(out, message, "assistant");
        }
        ("gen_ai.client.inference.operation.details", _) => {
            if !output && let Some(m) = system(&e.attributes) {
                out.push(m);
            }
            out.extend(
                list(&e.attributes, if output { OUTPUT } else { INPUT }).unwrap_or_default(),
            );
        }
        ("gen_ai.content.prompt", false) | ("gen_ai.content.completion", true) => {
            let key = if output {
                "gen_ai.completion"
            } else {
                "gen_ai.prompt"
            };
            if let Some(v) = e.attributes.get(key).and_then(json_value) {
                match &*v {
                    Value::Array(items) => items.iter().for_each(|m| push(out, m, "user")),
                    other => push(out, other, if output { "assistant" } else { "user" }),
                }
            }
        }
        _ => {}
    }
}

/// The event's content: a `body` attribute (map or JSON text) when present, else the
/// attributes themselves.
fn event_body(attrs: &Attributes) -> std::borrow::Cow<'_, Value> {
    if let Some(body) = attrs.get("body").and_then(json_value)
        && body.is_object()
    {
        return body;
    }
    std::borrow::Cow::Owned(Value::Object(attrs.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Nanos;
    use serde_json::json;

    fn event(name: &str, attrs: Value) -> Event {
        Event {
            time: Nanos(0),
            name: name.into(),
            attributes: attrs.as_object().unwrap().clone(),
        }
    }

    #[test]
    fn parts_lists_and_system_instructions() {
        let mut a = Attributes::new();
        a.insert(
            INPUT.into(),
            json!(r#"[{"role":"user","parts":[{"content":"hi","type":"text"}]}]"#),
        );
        a.insert(
            SYSTEM.into(),
            json!([{"type": "text", "content": "Be brief"}]),
        );
        let m = list(&a, INPUT).unwrap();
        assert_eq!(
            (m[0].role.as_str(), m[0].content.as_deref()),
            ("user", Some("hi"))
        );
        assert_eq!(system(&a).unwrap().content.as_deref(), Some("Be brief"));
        a.insert(OUTPUT.into(), json!("not json"));
        assert_eq!(list(&a, OUTPUT), None);
    }

    #[test]
    fn content_events_by_direction() {
        let events = [
            event("gen_ai.system.message", json!({"content": "sys"})),
            event(
                "gen_ai.user.message",
                json!({"body": "{\"content\": \"hi\"}"}),
            ),
            event(
                "gen_ai.tool.message",
                json!({"content": "22C", "id": "call_1"}),
            ),
            event(
                "gen_ai.choice",
                json!({"index": 0, "finish_reason": "stop",
                "message": {"content": "sunny", "tool_calls": [
                    {"id": "c2", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}}),
            ),
            event("exception", json!({"exception.type": "X"})),
        ];
        let (input, first) = from_events(&events, false).unwrap();
        assert_eq!(first, "gen_ai.system.message");
        let roles: Vec<_> = input.iter().map(|m| m.role.as_str()).collect();
        assert_eq!(roles, ["system", "user", "tool"]);
        assert_eq!(input[1].content.as_deref(), Some("hi"));
        assert_eq!(input[2].tool_call_id.as_deref(), Some("call_1"));
        let (output, _) = from_events(&events, true).unwrap();
        assert_eq!(output[0].role, "assistant");
        assert_eq!(output[0].tool_calls[0].name, "f");
        assert!(from_events(&events[4..], false).is_none());
    }
}
