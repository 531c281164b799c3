//! The attribute sets of generated spans, in the two dialects agent SDKs speak most.
//!
//! Modelled on the captured fixtures (`tests/fixtures/otlp/openinference`, `.../genai-*`):
//! OpenInference spans carry `openinference.span.kind`, flattened `llm.input_messages.*` /
//! `llm.output_messages.*`, `llm.token_count.*`, `input.value`/`output.value`, and the session
//! and user on every span; GenAI spans carry `gen_ai.operation.name`, JSON-string
//! `gen_ai.input.messages`/`gen_ai.output.messages`, `gen_ai.usage.*`, `gen_ai.tool.call.*`.

use opentelemetry_proto::tonic::common::v1::{AnyValue, ArrayValue, KeyValue, any_value::Value};
use opentelemetry_proto::tonic::trace::v1 as pb;

use super::agents::{GenSpan, Trace, kv};
use super::text::Rng;

const SPAN_STREAM: u64 = 3;
const SERVICES: u64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    OpenInference,
    GenAi,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Agent,
    Llm,
    Tool,
    Retriever,
    Embedding,
    Chain,
}

const MODELS: &[(&str, &str, &str)] = &[
    ("gpt-4o-mini", "openai", "openai"),
    ("gpt-4o", "openai", "openai"),
    ("claude-sonnet-4-5", "anthropic", "anthropic"),
    ("gemini-2.5-flash", "google", "vertexai"),
];
const AGENTS: &[&str] = &["researcher", "booker", "support", "coder", "reviewer"];
const TOOLS: &[&str] = &[
    "get_weather",
    "search_flights",
    "lookup_order",
    "issue_refund",
    "search_docs",
    "run_tests",
];

fn s(v: impl Into<String>) -> Value {
    Value::StringValue(v.into())
}

fn i(v: u64) -> Value {
    Value::IntValue(v as i64)
}

/// Which of the services a trace comes from.
pub fn service_of(trace: &Trace) -> u64 {
    trace.index % SERVICES
}

pub fn resource(dialect: Dialect, service: u64) -> Vec<KeyValue> {
    let lang = match dialect {
        Dialect::OpenInference => "python",
        Dialect::GenAi => "rust",
    };
    vec![
        kv("service.name", s(format!("agent-svc-{service}"))),
        kv("service.version", s("2.3.1")),
        kv("service.instance.id", s(format!("instance-{service}-0001"))),
        kv("deployment.environment.name", s("bench")),
        kv("telemetry.sdk.language", s(lang)),
        kv("telemetry.sdk.name", s("opentelemetry")),
        kv("telemetry.sdk.version", s("1.38.0")),
    ]
}

pub fn scope_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::OpenInference => "openinference.instrumentation.openai",
        Dialect::GenAi => "opentelemetry.instrumentation.openai_v2",
    }
}

/// One of a few long system prompts, the same on every machine.
fn system_prompt(k: u64) -> String {
    Rng::new(0x5157 + k).prose(320)
}

fn agent_name(trace: &Trace, span: &GenSpan) -> &'static str {
    if span.agent == 0 {
        "planner"
    } else {
        let mut r = Rng::for_item(trace.seed, trace.index, span.agent as u64);
        AGENTS[(r.next_u64() % AGENTS.len() as u64) as usize]
    }
}

/// Span `i` of `trace` as protobuf.
pub fn span(trace: &Trace, _i: usize, g: &GenSpan) -> pb::Span {
    let mut r = Rng::for_item(
        trace.seed ^ trace.index.wrapping_mul(0x9E37_79B9),
        SPAN_STREAM,
        g.ordinal as u64,
    );
    let session = format!("sess-{:06}", trace.index / 4);
    let user = format!("user-{:04}", trace.index.wrapping_mul(7919) % 500);
    let (model, provider, system) = *r.pick(MODELS);
    let tool = *r.pick(TOOLS);
    let failed = g.role == Role::Tool && r.chance(3);
    let (name, kind, mut attrs) = match trace.dialect {
        Dialect::OpenInference => open_inference(&mut r, trace, g, model, provider, system, tool),
        Dialect::GenAi => gen_ai(&mut r, trace, g, model, provider, tool),
    };
    match trace.dialect {
        Dialect::OpenInference => {
            attrs.push(kv("session.id", s(&session)));
            attrs.push(kv("user.id", s(&user)));
        }
        Dialect::GenAi if g.role == Role::Agent => {
            attrs.push(kv("gen_ai.conversation.id", s(&session)));
            attrs.push(kv("user.id", s(&user)));
        }
        Dialect::GenAi => {}
    }
    let mut events = Vec::new();
    let mut status = pb::Status::default();
    if failed {
        let message = format!("{tool} timed out after 5s");
        status = pb::Status {
            code: pb::status::StatusCode::Error as i32,
            message: message.clone(),
        };
        if trace.dialect == Dialect::GenAi {
            attrs.push(kv("error.type", s("TimeoutError")));
        }
        events.push(pb::span::Event {
            time_unix_nano: g.end as u64,
            name: "exception".into(),
            attributes: vec![
                kv("exception.type", s("TimeoutError")),
                kv("exception.message", s(message)),
                kv(
                    "exception.stacktrace",
                    s(format!(
                        "Traceback (most recent call last):\n  File \"agent/tools.py\", line 88, in {tool}\n    return client.call(args, timeout=5)\n  File \"agent/http.py\", line 41, in call\n    raise TimeoutError(msg)\nTimeoutError: {tool} timed out after 5s"
                    )),
                ),
            ],
            ..Default::default()
        });
    } else if g.role != Role::Agent && trace.dialect == Dialect::OpenInference {
        status.code = pb::status::StatusCode::Ok as i32;
    }
    pb::Span {
        trace_id: trace.trace_id.to_vec(),
        span_id: g.span_id.to_vec(),
        parent_span_id: g.parent_id.map(|p| p.to_vec()).unwrap_or_default(),
        name,
        kind: kind as i32,
        start_time_unix_nano: g.start as u64,
        end_time_unix_nano: g.end as u64,
        attributes: attrs,
        events,
        status: Some(status),
        ..Default::default()
    }
}

type Parts = (String, pb::span::SpanKind, Vec<KeyValue>);

fn tool_io(r: &mut Rng, tool: &str) -> (String, String) {
    let args = format!(
        "{{\"query\": \"{}\", \"limit\": {}}}",
        r.prose(30).trim_end_matches('.'),
        r.range(1, 10)
    );
    let result = format!(
        "{{\"tool\": \"{tool}\", \"ok\": true, \"result\": \"{}\"}}",
        r.prose_between(60, 360)
    );
    (args, result)
}

fn open_inference(
    r: &mut Rng,
    trace: &Trace,
    g: &GenSpan,
    model: &str,
    provider: &str,
    system: &str,
    tool: &str,
) -> Parts {
    use pb::span::SpanKind::Internal;
    let kind = |k: &str| kv("openinference.span.kind", s(k));
    match g.role {
        Role::Agent => {
            let name = agent_name(trace, g);
            let attrs = vec![
                kind("AGENT"),
                kv("agent.name", s(name)),
                kv("input.value", s(r.prose_between(60, 200))),
                kv("output.value", s(r.prose_between(100, 400))),
                kv(
                    "metadata",
                    s(format!("{{\"run\": {}, \"tier\": \"gold\"}}", trace.index)),
                ),
            ];
            (format!("{name}.run"), Internal, attrs)
        }
        Role::Llm => {
            let (input, output) = (r.range(300, 4_000), r.range(20, 600));
            let cached = if r.chance(30) { input / 2 } else { 0 };
            let mut attrs = vec![
                kind("LLM"),
                kv("llm.model_name", s(model)),
                kv("llm.provider", s(provider)),
                kv("llm.system", s(system)),
                kv(
                    "llm.invocation_parameters",
                    s("{\"temperature\": 0.2, \"max_tokens\": 1024}"),
                ),
                kv("llm.input_messages.0.message.role", s("system")),
                kv(
                    "llm.input_messages.0.message.content",
                    s(system_prompt(trace.index % 4)),
                ),
                kv("llm.input_messages.1.message.role", s("user")),
                kv(
                    "llm.input_messages.1.message.content",
                    s(r.prose_between(40, 240)),
                ),
                kv("llm.output_messages.0.message.role", s("assistant")),
                kv("llm.token_count.prompt", i(input)),
                kv("llm.token_count.completion", i(output)),
                kv("llm.token_count.total", i(input + output)),
            ];
            if cached > 0 {
                attrs.push(kv("llm.token_count.prompt_details.cache_read", i(cached)));
            }
            if r.chance(50) {
                let (args, _) = tool_io(r, tool);
                let p = "llm.output_messages.0.message.tool_calls.0.tool_call";
                attrs.push(kv(
                    &format!("{p}.id"),
                    s(format!("call_{:08x}", r.next_u64() as u32)),
                ));
                attrs.push(kv(&format!("{p}.function.name"), s(tool)));
                attrs.push(kv(&format!("{p}.function.arguments"), s(args)));
            } else {
                let text = r.prose_between(80, 500);
                attrs.push(kv("llm.output_messages.0.message.content", s(text)));
            }
            ("ChatCompletion".into(), Internal, attrs)
        }
        Role::Tool => {
            let (args, result) = tool_io(r, tool);
            let attrs = vec![
                kind("TOOL"),
                kv("tool.name", s(tool)),
                kv("input.value", s(args)),
                kv("input.mime_type", s("application/json")),
                kv("output.value", s(result)),
                kv("output.mime_type", s("application/json")),
            ];
            (tool.into(), Internal, attrs)
        }
        Role::Retriever => {
            let mut attrs = vec![kind("RETRIEVER"), kv("input.value", s(r.prose(60)))];
            for d in 0..3 {
                let p = format!("retrieval.documents.{d}.document");
                attrs.push(kv(
                    &format!("{p}.id"),
                    s(format!("doc-{}", r.range(1, 9_999))),
                ));
                attrs.push(kv(&format!("{p}.content"), s(r.prose_between(80, 240))));
                let score = (r.range(50, 99) as f64) / 100.0;
                attrs.push(kv(&format!("{p}.score"), Value::DoubleValue(score)));
            }
            ("retrieve".into(), Internal, attrs)
        }
        Role::Embedding => {
            let attrs = vec![
                kind("EMBEDDING"),
                kv("embedding.model_name", s("text-embedding-3-small")),
                kv("llm.token_count.prompt", i(r.range(5, 200))),
                kv("llm.token_count.total", i(r.range(5, 200))),
            ];
            ("CreateEmbeddingResponse".into(), Internal, attrs)
        }
        Role::Chain => {
            let attrs = vec![
                kind("CHAIN"),
                kv("input.value", s(r.prose(60))),
                kv("output.value", s(r.prose(120))),
            ];
            ("plan_step".into(), Internal, attrs)
        }
    }
}

fn gen_ai(
    r: &mut Rng,
    trace: &Trace,
    g: &GenSpan,
    model: &str,
    provider: &str,
    tool: &str,
) -> Parts {
    use pb::span::SpanKind::{Client, Internal};
    let op = |o: &str| kv("gen_ai.operation.name", s(o));
    match g.role {
        Role::Agent => {
            let name = agent_name(trace, g);
            let attrs = vec![
                op("invoke_agent"),
                kv("gen_ai.agent.name", s(name)),
                kv("gen_ai.agent.id", s(format!("agent-{name}"))),
                kv("gen_ai.request.model", s(model)),
            ];
            (format!("invoke_agent {name}"), Internal, attrs)
        }
        Role::Llm | Role::Chain => {
            let (input, output) = (r.range(300, 4_000), r.range(20, 600));
            let messages = format!(
                "[{{\"role\":\"system\",\"parts\":[{{\"type\":\"text\",\"content\":\"{}\"}}]}},{{\"role\":\"user\",\"parts\":[{{\"type\":\"text\",\"content\":\"{}\"}}]}}]",
                system_prompt(trace.index % 4),
                r.prose_between(40, 240)
            );
            let out = format!(
                "[{{\"role\":\"assistant\",\"parts\":[{{\"type\":\"text\",\"content\":\"{}\"}}],\"finish_reason\":\"stop\"}}]",
                r.prose_between(80, 500)
            );
            let stop = AnyValue {
                value: Some(s("stop")),
            };
            let attrs = vec![
                op("chat"),
                kv("gen_ai.request.model", s(model)),
                kv("gen_ai.response.model", s(format!("{model}-2025-01-01"))),
                kv("gen_ai.provider.name", s(provider)),
                kv("gen_ai.request.temperature", Value::DoubleValue(0.2)),
                kv(
                    "gen_ai.response.id",
                    s(format!("chatcmpl-{:016x}", r.next_u64())),
                ),
                kv(
                    "gen_ai.response.finish_reasons",
                    Value::ArrayValue(ArrayValue { values: vec![stop] }),
                ),
                kv("gen_ai.usage.input_tokens", i(input)),
                kv("gen_ai.usage.output_tokens", i(output)),
                kv("gen_ai.input.messages", s(messages)),
                kv("gen_ai.output.messages", s(out)),
            ];
            (format!("chat {model}"), Client, attrs)
        }
        Role::Tool => {
            let (args, result) = tool_io(r, tool);
            let attrs = vec![
                op("execute_tool"),
                kv("gen_ai.tool.name", s(tool)),
                kv("gen_ai.tool.type", s("function")),
                kv(
                    "gen_ai.tool.call.id",
                    s(format!("call_{:08x}", r.next_u64() as u32)),
                ),
                kv("gen_ai.tool.call.arguments", s(args)),
                kv("gen_ai.tool.call.result", s(result)),
            ];
            (format!("execute_tool {tool}"), Internal, attrs)
        }
        Role::Retriever | Role::Embedding => {
            let attrs = vec![
                op("embeddings"),
                kv("gen_ai.request.model", s("text-embedding-3-small")),
                kv("gen_ai.provider.name", s("openai")),
                kv("gen_ai.usage.input_tokens", i(r.range(5, 200))),
            ];
            ("embeddings text-embedding-3-small".into(), Client, attrs)
        }
    }
}
