//! A span's input and output, parsed from its raw attributes and events when it is read.
//!
//! Messages come from the first dialect that has any, in this order:
//!
//! | | input | output |
//! |---|---|---|
//! | OpenInference | `llm.input_messages.*` | `llm.output_messages.*` |
//! | OTel GenAI | `gen_ai.system_instructions` + `gen_ai.input.messages` | `gen_ai.output.messages` |
//! | legacy GenAI | `gen_ai.prompt.*` | `gen_ai.completion.*` |
//! | GenAI events | `gen_ai.*.message`, operation details | `gen_ai.choice`, operation details |
//! | Cascade | `llm.messages` (Python repr), else `llm.prompt` | `llm.completion` |
//! | agensight | `gen_ai.normalized_input_output` prompts | … completions |
//! | provider JSON | `input.value` request body | `output.value` response body |
//!
//! The value is the raw text the span recorded: `input.value`/`output.value` (with their
//! `*.mime_type`), else a tool call's arguments/result (`gen_ai.tool.call.*`, `tool.input`/
//! `tool.output`), else a function's (`function.input`/`function.output`), else Cascade's
//! `llm.messages` when it could not be read as messages. `sources` gets `input`/`output`: the
//! messages' key, then the value's when it is another.

mod flat;
mod genai;
mod message;
mod pyrepr;
mod vendor;

use serde_json::Value;

use crate::model::{Attributes, Message, Payload, Span};

#[derive(Clone, Copy)]
enum Side {
    Input,
    Output,
}

pub(crate) fn attach(span: &mut Span) {
    for side in [Side::Input, Side::Output] {
        let (payload, source) = payload(span, side);
        let field = match side {
            Side::Input => "input",
            Side::Output => "output",
        };
        if let Some(source) = source {
            span.sources.insert(field.to_owned(), source);
        }
        match side {
            Side::Input => span.input = payload,
            Side::Output => span.output = payload,
        }
    }
}

fn payload(span: &Span, side: Side) -> (Option<Payload>, Option<String>) {
    let a = &span.attributes;
    let (value_keys, mime_key): (&[&str], &str) = match side {
        Side::Input => (
            &[
                "input.value",
                "gen_ai.tool.call.arguments",
                "tool.input",
                "function.input",
            ],
            "input.mime_type",
        ),
        Side::Output => (
            &[
                "output.value",
                "gen_ai.tool.call.result",
                "tool.output",
                "function.output",
            ],
            "output.mime_type",
        ),
    };
    let (mut messages, mut msg_source) = structured(span, side).unzip();
    let mut value = value_keys
        .iter()
        .find_map(|k| a.get(*k).and_then(super::attrs::text).map(|v| (*k, v)));
    let mime_type = a
        .get(mime_key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .filter(|_| value.as_ref().is_some_and(|(k, _)| k.ends_with(".value")));

    if messages.is_none()
        && let Some((key, text)) = &value
        && key.ends_with(".value")
        && looks_like_json(text, mime_type.as_deref())
        && let Ok(body) = serde_json::from_str::<Value>(text)
    {
        let parsed = match side {
            Side::Input => vendor::request(&body),
            Side::Output => vendor::response(&body),
        };
        if !parsed.is_empty() {
            messages = Some(parsed);
            msg_source = Some(key.to_string());
        }
    }
    if value.is_none()
        && matches!(side, Side::Input)
        && msg_source.as_deref() != Some("llm.messages")
        && let Some(raw) = a.get("llm.messages").and_then(super::attrs::text)
    {
        value = Some(("llm.messages", raw));
    }

    let source = match (&msg_source, &value) {
        (Some(m), Some((v, _))) if m != v => Some(format!("{m}, {v}")),
        (Some(m), _) => Some(m.clone()),
        (None, Some((v, _))) => Some((*v).to_owned()),
        (None, None) => None,
    };
    let payload = Payload {
        messages: messages.unwrap_or_default(),
        value: value.map(|(_, v)| v),
        mime_type,
    };
    ((!payload.is_empty()).then_some(payload), source)
}

/// Structured messages from the first dialect that has some, with their source.
fn structured(span: &Span, side: Side) -> Option<(Vec<Message>, String)> {
    let a = &span.attributes;
    let owned = |(m, k): (Vec<Message>, &str)| (m, k.to_owned());
    let (flat_key, genai_key, legacy_key) = match side {
        Side::Input => ("llm.input_messages", genai::INPUT, "gen_ai.prompt"),
        Side::Output => ("llm.output_messages", genai::OUTPUT, "gen_ai.completion"),
    };
    let output = matches!(side, Side::Output);
    flat::messages(a, &format!("{flat_key}."))
        .map(|m| (m, flat_key))
        .or_else(|| genai_messages(a, side).map(|m| (m, genai_key)))
        .or_else(|| flat::messages(a, &format!("{legacy_key}.")).map(|m| (m, legacy_key)))
        .map(owned)
        .or_else(|| {
            genai::from_events(&span.events, output).map(|(m, event)| (m, format!("event:{event}")))
        })
        .or_else(|| {
            let cascade = match side {
                Side::Input => vendor::cascade_input(a),
                Side::Output => vendor::cascade_output(a).map(|m| (m, "llm.completion")),
            };
            cascade
                .or_else(|| vendor::normalized_io(a, output).map(|m| (m, vendor::NORMALIZED_IO)))
                .map(owned)
        })
}

fn genai_messages(a: &Attributes, side: Side) -> Option<Vec<Message>> {
    match side {
        Side::Input => {
            let system = genai::system(a);
            let rest = genai::list(a, genai::INPUT);
            if system.is_none() && rest.is_none() {
                return None;
            }
            Some(system.into_iter().chain(rest.unwrap_or_default()).collect())
        }
        Side::Output => genai::list(a, genai::OUTPUT),
    }
}

fn looks_like_json(text: &str, mime: Option<&str>) -> bool {
    mime.is_some_and(|m| m.contains("json")) || text.trim_start().starts_with('{')
}
