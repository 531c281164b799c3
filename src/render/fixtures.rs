//! Synthetic traces for renderer tests: every normalized field filled, hostile text included.
//!
//! The shared SDK fixtures exercise structure end to end (tests/cli); these exercise every field
//! a view can show, including the ones semconv does not fill yet (IO, sources, cost).

use serde_json::json;

use crate::model::{
    Attributes, CostSource, ErrorInfo, Event, Message, Nanos, Payload, Span, SpanKind, StatusCode,
    ToolCall, ToolInfo, Trace, TraceId, analyze, test_span,
};

pub const MS: i64 = 1_000_000;

/// An escape sequence (a hyperlink and a color) and a bidi override, as a model might write them.
pub const HOSTILE: &str =
    "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet";

pub fn attrs(v: serde_json::Value) -> Attributes {
    v.as_object().cloned().unwrap_or_default()
}

fn msg(role: &str, content: &str) -> Message {
    Message {
        role: role.into(),
        content: Some(content.into()),
        ..Default::default()
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
        ..Default::default()
    }
}

fn messages(m: Vec<Message>) -> Option<Payload> {
    Some(Payload {
        messages: m,
        ..Default::default()
    })
}

fn llm(id: u8, parent: u8, name: &str, start: i64, end: i64) -> Span {
    let mut s = test_span(1, id, Some(parent), name, start * MS, end * MS);
    s.kind = SpanKind::Llm;
    s.model = Some("gpt-4o-mini".into());
    s.provider = Some("openai".into());
    s.input_tokens = Some(42);
    s.output_tokens = Some(17);
    s.total_tokens = Some(59);
    s.cost_usd = Some(0.000_42);
    s.cost_source = Some(CostSource::Estimated);
    s.sources.insert("model".into(), "llm.model_name".into());
    s.sources
        .insert("input_tokens".into(), "llm.token_count.prompt".into());
    s.sources
        .insert("kind".into(), "openinference.span.kind".into());
    s
}

fn exception(at: i64) -> Event {
    Event {
        time: Nanos(at * MS),
        name: "exception".into(),
        attributes: attrs(json!({
            "exception.type": "TimeoutError",
            "exception.message": "forecast service timed out after 5s",
            "exception.stacktrace": "Traceback (most recent call last):\n  File \"tools.py\", line 12, in lookup\nTimeoutError: forecast service timed out after 5s",
        })),
    }
}

/// A travel agent: two model calls around a tool call, a sub-agent whose tool fails, a wrapped
/// SDK call, hostile text, and an orphan whose parent never arrived.
pub fn spans() -> Vec<Span> {
    let system = msg("system", "You are a travel planner. Be brief.");
    let user = msg("user", "What's the weather in Paris? Pack for it.");
    let asked = call("call_1", "get_weather", r#"{"city":"Paris","unit":"c"}"#);
    let result = Message {
        role: "tool".into(),
        content: Some(r#"{"temp_c":21,"sky":"clear"}"#.into()),
        tool_call_id: Some("call_1".into()),
        ..Default::default()
    };
    let answer = msg(
        "assistant",
        &format!("It is 21°C and clear in Paris: pack light layers and sunglasses. {HOSTILE}"),
    );

    let mut root = test_span(1, 1, None, "travel-planner.run", 0, 125 * MS);
    root.kind = SpanKind::Agent;
    root.session_id = Some("sess-42".into());
    root.user_id = Some("user-7".into());
    root.agent_name = Some("travel-planner".into());
    root.resource = std::sync::Arc::new(crate::model::Resource {
        attributes: attrs(json!({"service.name": "travel-app"})),
    });
    root.attributes = attrs(json!({
        "openinference.span.kind": "AGENT",
        "session.id": "sess-42",
        "metadata": {"tier": "gold", "note": HOSTILE},
        "tags": ["a", "b"],
    }));
    root.sources
        .insert("session_id".into(), "session.id".into());

    let mut chat1 = llm(2, 1, "chat", 1, 14);
    chat1.input = messages(vec![system.clone(), user.clone()]);
    chat1.output = messages(vec![asked.clone()]);
    chat1.attributes =
        attrs(json!({"llm.model_name": "gpt-4o-mini", "llm.token_count.prompt": 42}));

    let mut tool = test_span(1, 3, Some(1), "get_weather", 15 * MS, 15 * MS + 58_400);
    tool.kind = SpanKind::Tool;
    tool.tool = Some(ToolInfo {
        name: Some("get_weather".into()),
        call_id: Some("call_1".into()),
        arguments: Some(r#"{"city":"Paris","unit":"c"}"#.into()),
        result: Some(r#"{"temp_c":21,"sky":"clear"}"#.into()),
    });

    let mut sub = test_span(1, 4, Some(1), "weather-researcher.run", 20 * MS, 45 * MS);
    sub.kind = SpanKind::Agent;
    sub.agent_name = Some("weather-researcher".into());
    let mut wrapper = llm(5, 4, "Anthropic Messages", 21, 33);
    wrapper.model = Some("claude-3-5-haiku".into());
    wrapper.provider = Some("anthropic".into());
    (
        wrapper.input_tokens,
        wrapper.output_tokens,
        wrapper.total_tokens,
    ) = (Some(55), Some(21), None);
    wrapper.cost_usd = Some(0.000_128);
    wrapper.cost_source = Some(CostSource::Reported);
    wrapper.input = messages(vec![msg("user", "Forecast for Paris?")]);
    wrapper.output = messages(vec![msg("assistant", "Clear skies all week.")]);
    let mut inner = llm(6, 5, "anthropic.messages.create", 22, 33);
    inner.model = Some("claude-3-5-haiku-20241022".into());
    (inner.input_tokens, inner.output_tokens, inner.total_tokens) = (Some(60), Some(21), None);
    inner.cost_usd = None;
    inner.input = wrapper.input.clone();
    inner.output = wrapper.output.clone();
    let mut failing = test_span(1, 7, Some(4), "lookup_forecast", 34 * MS, 37 * MS);
    failing.kind = SpanKind::Tool;
    failing.status.code = StatusCode::Error;
    failing.error = Some(ErrorInfo {
        error_type: Some("TimeoutError".into()),
        message: Some("forecast service timed out after 5s".into()),
        stacktrace: None,
    });
    failing.events = vec![exception(36), exception(36)];
    failing.tool = Some(ToolInfo {
        name: Some("lookup_forecast".into()),
        arguments: Some(r#"{"city":"Paris"}"#.into()),
        ..Default::default()
    });

    let mut chat2 = llm(8, 1, "chat", 50, 98);
    chat2.input = messages(vec![system, user, asked, result]);
    chat2.output = messages(vec![answer]);

    let mut hostile = test_span(
        1,
        9,
        Some(1),
        "format \x1b[31manswer\u{202e}",
        90 * MS,
        93 * MS,
    );
    hostile.kind = SpanKind::Chain;
    hostile.attributes = attrs(json!({"output.value": HOSTILE}));
    hostile.input = Some(Payload {
        value: Some(format!("{{\"draft\": \"{}\"}}", "x".repeat(3))),
        mime_type: Some("application/json".into()),
        ..Default::default()
    });
    hostile.output = Some(Payload {
        value: Some(HOSTILE.into()),
        mime_type: Some("text/plain".into()),
        ..Default::default()
    });

    let orphan = test_span(1, 10, Some(99), "late-child", 110 * MS, 111 * MS);
    vec![
        root, chat1, tool, sub, wrapper, inner, failing, chat2, hostile, orphan,
    ]
}

/// The same spans as a trace, with its summary.
pub fn trace() -> Trace {
    let spans = spans();
    let facts: Vec<_> = spans.iter().map(crate::model::SpanFacts::from).collect();
    let summary = analyze(TraceId([1; 16]), &facts).unwrap().summary;
    let mut trace = Trace {
        trace_id: TraceId([1; 16]),
        summary,
        spans,
        annotations: Vec::new(),
    };
    trace.fill_subtrees();
    trace
}

/// Escape codes made visible, for colored snapshots.
pub fn visible(s: &str) -> String {
    s.replace('\x1b', "␛")
}
