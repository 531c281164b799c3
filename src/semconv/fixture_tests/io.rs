//! `attach_io` on the fixtures, by hand: the messages a thread view needs.

use super::{by_id, load};
use crate::model::{Message, Payload, Span, ToolCall};
use crate::semconv::attach_io;

fn io(sdk: &str, id: &str) -> Span {
    let spans = load(sdk);
    let mut s = by_id(&spans, id).clone();
    attach_io(&mut s);
    s
}

fn msg(role: &str, content: &str) -> Message {
    Message {
        role: role.into(),
        content: Some(content.into()),
        ..Message::default()
    }
}

fn call(id: &str, name: &str, args: &str) -> Message {
    Message {
        role: "assistant".into(),
        tool_calls: vec![ToolCall {
            id: Some(id.into()),
            name: name.into(),
            arguments: Some(args.into()),
        }],
        ..Message::default()
    }
}

fn result(id: &str, content: &str) -> Message {
    Message {
        tool_call_id: Some(id.into()),
        ..msg("tool", content)
    }
}

const SYSTEM: &str = "You are a travel assistant.";
const ASK: &str = "What's the weather in Paris?";
const WEATHER: &str = r#"{"city": "Paris", "temp_c": 22, "sky": "sunny"}"#;

fn messages(p: &Option<Payload>) -> &[Message] {
    p.as_ref().map_or(&[], |p| &p.messages)
}

#[test]
fn openinference_tool_call_in_the_first_chat_output() {
    let s = io("openinference", "ed131327ea6e6bb8");
    assert_eq!(
        messages(&s.input),
        [msg("system", SYSTEM), msg("user", ASK)]
    );
    assert_eq!(
        messages(&s.output),
        [call("call_fake_001", "get_weather", r#"{"city": "Paris"}"#)]
    );
    let out = s.output.as_ref().unwrap();
    assert_eq!(out.mime_type.as_deref(), Some("application/json"));
    assert!(
        out.value
            .as_deref()
            .unwrap()
            .starts_with(r#"{"id":"chatcmpl-fake123""#)
    );
    assert_eq!(s.sources["output"], "llm.output_messages, output.value");
    // The second call sends the tool result back.
    let s = io("openinference", "4fcbcc9aca25b428");
    assert_eq!(messages(&s.input)[3], result("call_fake_001", WEATHER));
    // Responses API: output text in `contents`.
    let s = io("openinference", "c318ad58c765ad8b");
    assert_eq!(
        messages(&s.output),
        [msg("assistant", "Fake responses-API answer.")]
    );
}

#[test]
fn genai_messages_parse_from_parts() {
    let s = io("genai-openai-v2-latest", "c65e5753580c6f34");
    assert_eq!(
        messages(&s.input),
        [msg("system", SYSTEM), msg("user", ASK)]
    );
    assert_eq!(
        messages(&s.output),
        [call("call_fake_001", "get_weather", r#"{"city":"Paris"}"#)]
    );
    assert_eq!(s.sources["input"], "gen_ai.input.messages");
    let s = io("genai-openai-v2-latest", "8d039a2134d9bcf1");
    assert_eq!(
        messages(&s.input),
        [
            msg("system", SYSTEM),
            msg("user", ASK),
            call("call_fake_001", "get_weather", r#"{"city":"Paris"}"#),
            result("call_fake_001", WEATHER),
        ]
    );
    // A tool span's payloads are its arguments and result.
    let s = io("genai-openai-v2-latest", "a2f06fd712440bec");
    assert_eq!(
        s.input.unwrap().value.as_deref(),
        Some(r#"{"city":"Paris"}"#)
    );
    assert_eq!(s.sources["input"], "gen_ai.tool.call.arguments");
}

#[test]
fn legacy_gen_ai_and_agensight_metadata() {
    let s = io("agensight", "9e53fc55ab43b1fb");
    assert_eq!(
        messages(&s.input),
        [msg("user", "3-day forecast for Paris?")]
    );
    assert_eq!(
        messages(&s.output),
        [msg(
            "assistant",
            "It is sunny in Paris, 22C. (fake anthropic completion)"
        )]
    );
    assert_eq!(s.sources["input"], "gen_ai.prompt");
    let s = io("agensight", "4c59d90cec617054");
    assert_eq!(messages(&s.input), [msg("user", ASK)]);
    assert_eq!(
        messages(&s.output),
        [msg(
            "assistant",
            "The weather in Paris is sunny, 22C. (fake completion)"
        )]
    );
    assert_eq!(s.sources["output"], "gen_ai.normalized_input_output");
    // The Traceloop OpenAI span uses the new GenAI keys.
    let s = io("agensight", "b6a4fe1baac26ad4");
    assert_eq!(messages(&s.input)[3], result("call_fake_001", WEATHER));
}

#[test]
fn cascade_python_repr_and_prompt_fallback() {
    let s = io("cascade", "64ecf8753a881616");
    assert_eq!(
        messages(&s.input),
        [
            msg("user", ASK),
            msg("assistant", ""),
            msg("tool", r#"{"city": "Paris", "temp_c": 22, "sky": "sunny"}"#)
        ]
    );
    assert_eq!(s.sources["input"], "llm.messages");
    assert_eq!(
        messages(&s.output),
        [msg(
            "assistant",
            "The weather in Paris is sunny, 22C. (fake completion)"
        )]
    );
    // The streaming span has no `llm.messages`, only the last user prompt.
    let s = io("cascade", "ab61c9503e1f8aa1");
    assert_eq!(messages(&s.input), [msg("user", "Say hi")]);
    let s = io("cascade", "02761aa336ab1931");
    assert_eq!(s.output.unwrap().value.as_deref(), Some(WEATHER));
}

#[test]
fn catalyst_and_plain_values() {
    // Anthropic output: text and a tool call in one assistant message.
    let s = io("catalyst", "633ea77c397c012e");
    let out = messages(&s.output);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].content.as_deref(), Some("Let me check the weather."));
    assert_eq!(out[0].tool_calls[0].name, "lookup_forecast");
    // A failed call has input and no output.
    let s = io("catalyst", "ffaf5ab12118434d");
    assert_eq!(messages(&s.input), [msg("user", "boom")]);
    assert_eq!(s.output, None);
    assert!(!s.sources.contains_key("output"));
    // Agent spans: plain text values.
    let s = io("openinference", "4a7ac5e3b99947b1");
    let input = s.input.unwrap();
    assert_eq!(
        (input.value.as_deref(), input.mime_type.as_deref()),
        (Some(ASK), Some("text/plain"))
    );
    assert!(input.messages.is_empty());
}

#[test]
fn provider_json_is_read_when_nothing_else_is() {
    // Strip the structured messages from an OpenInference span: the request and response
    // bodies in input.value / output.value still give the conversation.
    let spans = load("openinference");
    let mut s = by_id(&spans, "ed131327ea6e6bb8").clone();
    s.attributes.retain(|k, _| {
        !k.starts_with("llm.input_messages") && !k.starts_with("llm.output_messages")
    });
    attach_io(&mut s);
    assert_eq!(
        messages(&s.input),
        [msg("system", SYSTEM), msg("user", ASK)]
    );
    assert_eq!(
        messages(&s.output),
        [call("call_fake_001", "get_weather", r#"{"city": "Paris"}"#)]
    );
    assert_eq!(s.sources["input"], "input.value");
}
