//! Kind, model, provider and tokens of every fixture span, by hand from the fixtures.
//!
//! The fake LLM answered OpenAI with 42 in / 17 out / 59 total, 8 cached, and Anthropic with
//! 55 in / 21 out / 5 cache-read (README "How it was produced"); each SDK reports those in its
//! own way, and these tables say what each one should read as. Columns of `usage!`:
//! `[input, output, total, cache_read, cache_write, reasoning]`, `_` for "not reported".
//! The tables are kept one span per row (`rustfmt::skip`), so a row reads like the fixture.

use super::{Expect, check, usage};
use crate::model::SpanKind::{self, *};

fn row(
    id: &'static str,
    name: &'static str,
    kind: SpanKind,
    model: Option<&'static str>,
    provider: Option<&'static str>,
    usage: crate::model::Usage,
) -> Expect {
    Expect {
        id,
        name,
        kind,
        model,
        provider,
        usage,
    }
}

const OA: Option<&str> = Some("openai");
const AN: Option<&str> = Some("anthropic");
const MINI_DATED: Option<&str> = Some("gpt-4o-mini-2024-07-18");
const MINI: Option<&str> = Some("gpt-4o-mini");

#[test]
#[rustfmt::skip]
fn catalyst() {
    // OpenInference-style keys plus `llm.usage`; the Anthropic SDK's own span nests under
    // Catalyst's. Catalyst's prompt count for Anthropic already includes the 5 cached tokens.
    let haiku = Some("claude-3-5-haiku-latest");
    check(
        "catalyst",
        &[
            row("9a74459f3926f108", "OpenAI Chat Completions", Llm, MINI_DATED, OA, usage!([42, 17, 59, 8, _, 0])),
            row("4cc9e5c2694638fc", "OpenAI Chat Completions", Llm, MINI_DATED, OA, usage!([42, 17, 59, 8, _, 0])),
            row("8395349c36229b32", "OpenAI Chat Completions", Llm, MINI, OA, usage!([42, 17, 59, 8, _, 0])),
            row("786aaf6e960ddeed", "OpenAI Responses", Llm, Some("gpt-4.1-mini"), OA, usage!([30, 10, 40, 0, _, 0])),
            row("ffaf5ab12118434d", "OpenAI Chat Completions", Llm, Some("fail-model"), OA, usage!([_, _, _, _, _, _])),
            row("e9d4cff9cadd3c37", "get_weather", Tool, None, None, usage!([_, _, _, _, _, _])),
            row("6cf46f7d2273bacb", "lookup_forecast", Tool, None, None, usage!([_, _, _, _, _, _])),
            row("cfee876bfb92dafb", "weather-researcher.run", Agent, None, AN, usage!([_, _, _, _, _, _])),
            // The agent span reports its children's sum (3 × OpenAI + 1 × Anthropic-ish).
            row("89fd55715eed9dc5", "travel-planner.run", Agent, None, OA, usage!([139, 55, 194, _, _, _])),
            row("27ad0b067d39a2bf", "issue_refund", Tool, None, None, usage!([_, _, _, _, _, _])),
            row("b00d2b9e352af62e", "refund-agent.run", Agent, None, None, usage!([_, _, _, _, _, _])),
            row("5a760a4e78ce264c", "anthropic.messages.create", Llm, haiku, AN, usage!([60, 21, _, 5, 0, _])),
            row("633ea77c397c012e", "Anthropic Messages", Llm, haiku, AN, usage!([60, 21, 81, 5, 0, _])),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn cascade() {
    // `llm.*_tokens`; Cascade reports Anthropic's raw input count (55, without the 5 cached),
    // while the Anthropic SDK span under it says 60 with 5 cache-read.
    let haiku = Some("claude-3-5-haiku-20241022");
    let none = usage!([_, _, _, _, _, _]);
    check(
        "cascade",
        &[
            row("1974659da6296e19", "llm.gpt-4o-mini", Llm, MINI, OA, usage!([42, 17, 59, _, _, _])),
            row("02761aa336ab1931", "get_weather", Tool, None, None, none),
            row("381cfb54cfe9e6de", "llm.claude-3-5-haiku-20241022", Llm, haiku, AN, usage!([55, 21, 76, _, _, _])),
            row("8ce17d3c5cf9b811", "lookup_forecast", Tool, None, None, none),
            row("1345283e315d0ab6", "WeatherResearcher", Agent, None, None, none),
            row("bb9607caf1efc644", "format_answer", Chain, None, None, none),
            row("64ecf8753a881616", "llm.gpt-4o-mini", Llm, MINI, OA, usage!([42, 17, 59, _, _, _])),
            row("ab61c9503e1f8aa1", "llm.gpt-4o-mini.stream", Llm, MINI, OA, usage!([42, 17, 59, _, _, _])),
            row("70057e0be9ae7182", "llm.fail-model", Llm, Some("fail-model"), OA, none),
            row("dc2fe3b899260e2e", "PlannerAgent", Agent, None, None, none),
            row("6eb6aa5b422b6383", "anthropic.messages.create", Llm, haiku, AN, usage!([60, 21, _, 5, 0, _])),
            row("3a1a9687d1e452be", "TravelPlanner", Chain, None, None, none),
            row("d08dc8570256214b", "RefundAgent", Agent, None, None, none),
            row("0156f153c4101d9c", "RefundFlow", Chain, None, None, none),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn genai_openai_v2_latest() {
    // `gen_ai.usage.input_tokens/output_tokens` only: no total and no cached count (the
    // instrumentation dropped `cached_tokens=8`, README). Agent spans carry a request model.
    let none = usage!([_, _, _, _, _, _]);
    let emb = Some("text-embedding-3-small");
    check(
        "genai-openai-v2-latest",
        &[
            row("c65e5753580c6f34", "chat gpt-4o-mini", Llm, MINI_DATED, OA, usage!([42, 17, _, _, _, _])),
            row("a2f06fd712440bec", "execute_tool get_weather", Tool, None, None, none),
            row("4e8d825c6c8bd8ff", "execute_tool lookup_forecast", Tool, None, None, none),
            row("a5ef1d04356843a5", "invoke_agent weather-researcher", Agent, MINI, None, none),
            row("8d039a2134d9bcf1", "chat gpt-4o-mini", Llm, MINI_DATED, OA, usage!([42, 17, _, _, _, _])),
            row("5c35b117c15a86f1", "chat gpt-4o-mini", Llm, MINI, OA, usage!([42, 17, _, _, _, _])),
            row("56ae03535142e219", "chat fail-model", Llm, Some("fail-model"), OA, none),
            row("cbebe01b99c1b231", "invoke_agent travel-planner", Agent, MINI, None, usage!([126, 51, _, _, _, _])),
            row("607ef7d90c01a498", "invoke_workflow trip-planning", Chain, None, None, none),
            row("382018798f0aa675", "execute_tool issue_refund", Tool, None, None, none),
            row("b24f4be2822c25d4", "invoke_agent refund-agent", Agent, None, None, none),
            row("7bd6c0c9b074149f", "embeddings text-embedding-3-small", Embedding, emb, OA, usage!([5, _, _, _, _, _])),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn openinference() {
    // Only `llm.system` names the provider on the instrumented spans; the manual span has
    // `llm.provider=ollama` (which wins) and `llm.system=meta`.
    let none = usage!([_, _, _, _, _, _]);
    check(
        "openinference",
        &[
            row("ed131327ea6e6bb8", "ChatCompletion", Llm, MINI_DATED, OA, usage!([42, 17, 59, 8, _, 0])),
            row("4fcbcc9aca25b428", "ChatCompletion", Llm, MINI_DATED, OA, usage!([42, 17, 59, 8, _, 0])),
            row("557cb272e639315b", "ChatCompletion", Llm, MINI, OA, usage!([42, 17, 59, 8, _, 0])),
            row("c318ad58c765ad8b", "Response", Llm, Some("gpt-4.1-mini"), OA, usage!([30, 10, 40, 0, _, 0])),
            // A failed call has no `llm.model_name`; `llm.invocation_parameters` names the model.
            row("bc4bf6318cbead19", "ChatCompletion", Llm, Some("fail-model"), OA, none),
            row("f0ee06877adc63c2", "get_weather", Tool, None, None, none),
            row("b3bd60f58610032c", "local-forecast-model", Llm, Some("llama3.1:8b"), Some("ollama"), usage!([12, 4, 16, _, _, _])),
            row("f3ba8c46aa3b2e07", "lookup_forecast", Tool, None, None, none),
            row("ceb041cd8680d08a", "weather-researcher", Agent, None, None, none),
            row("4a7ac5e3b99947b1", "travel-planner", Agent, None, None, none),
            row("6feefce6c479e4a9", "refund-agent", Agent, None, None, none),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn agensight() {
    // Traceloop 0.62 on OpenAI (new GenAI keys); agensight's own spans carry only user
    // metadata (`agent.name`, `span.type`); `claude.chat` has no kind key at all but a model
    // and legacy token keys, so it is an LLM call. `gen_ai.system=Anthropic` reads lowercase.
    let none = usage!([_, _, _, _, _, _]);
    let haiku = Some("claude-3-5-haiku-20241022");
    check(
        "agensight",
        &[
            row("4382f5968927a251", "openai.chat", Llm, MINI_DATED, OA, usage!([42, 17, 59, 8, _, 0])),
            row("b6a4fe1baac26ad4", "openai.chat", Llm, MINI_DATED, OA, usage!([42, 17, 59, 8, _, 0])),
            row("9af7da544d5c9d70", "openai.chat", Llm, Some("fail-model"), OA, none),
            row("f30898774dc854aa", "get_weather", Tool, None, None, none),
            row("5e98a86a55feb376", "lookup_forecast", Tool, None, None, none),
            row("9eb988b5c6f5477d", "WeatherResearcher", Agent, None, None, none),
            row("4c59d90cec617054", "PlannerAgent", Agent, None, None, none),
            row("c44ee224939d09eb", "RefundAgent", Agent, None, None, none),
            row("4c6944a72412c38b", "anthropic.messages.create", Llm, haiku, AN, usage!([60, 21, _, 5, 0, _])),
            row("9e53fc55ab43b1fb", "claude.chat", Llm, haiku, AN, usage!([55, 21, _, _, _, _])),
        ],
    );
}
