//! Cost, session, user, agent, tool, error and sources on the fixtures, by hand.

use super::{by_id, close, load};
use crate::model::{CostSource, ErrorInfo, Span, SpanKind, ToolInfo, TraceDetail};

fn src<'a>(s: &'a Span, field: &str) -> Option<&'a str> {
    s.sources.get(field).map(String::as_str)
}

fn tool(name: &str, call_id: Option<&str>, args: Option<&str>, result: Option<&str>) -> ToolInfo {
    ToolInfo {
        name: Some(name.into()),
        call_id: call_id.map(Into::into),
        arguments: args.map(Into::into),
        result: result.map(Into::into),
    }
}

fn error_of(s: &Span) -> (Option<&str>, Option<&str>) {
    let e = s
        .error
        .as_ref()
        .unwrap_or_else(|| panic!("{} has no error", s.name));
    (e.error_type.as_deref(), e.message.as_deref())
}

#[test]
fn reported_costs_win_and_calls_without_one_are_estimated() {
    let cascade = load("cascade");
    let claude = by_id(&cascade, "381cfb54cfe9e6de");
    assert!(close(claude.cost_usd, 0.000128), "{:?}", claude.cost_usd);
    assert_eq!(claude.cost_source, Some(CostSource::Reported));
    assert_eq!(src(claude, "cost_usd"), Some("llm.cost_usd"));
    // gpt-4o-mini at 0.15 / 0.60 per million: 42 in, 17 out, nothing cached reported.
    let mini = by_id(&cascade, "1974659da6296e19");
    assert!(close(mini.cost_usd, (42.0 * 0.15 + 17.0 * 0.60) / 1e6));
    assert_eq!(mini.cost_source, Some(CostSource::Estimated));
    assert_eq!(src(mini, "cost_usd"), Some("price table"));
    // The Anthropic SDK span: 60 in of which 5 cache-read, at 0.80 / 0.08 / 4.00.
    let sdk = by_id(&cascade, "6eb6aa5b422b6383");
    assert!(close(
        sdk.cost_usd,
        (55.0 * 0.80 + 5.0 * 0.08 + 21.0 * 4.00) / 1e6
    ));
    // Unknown model, no tokens, or not a call: no cost.
    for id in ["70057e0be9ae7182", "dc2fe3b899260e2e", "02761aa336ab1931"] {
        assert_eq!(by_id(&cascade, id).cost_usd, None, "{id}");
    }

    let oi = load("openinference");
    let local = by_id(&oi, "b3bd60f58610032c");
    assert!(close(local.cost_usd, 2e-05));
    assert_eq!(local.cost_source, Some(CostSource::Reported));
    assert_eq!(src(local, "cost_usd"), Some("llm.cost.total"));
    // Dated model name → gpt-4o-mini family; 8 of the 42 input tokens were cached.
    let chat = by_id(&oi, "ed131327ea6e6bb8");
    assert!(close(
        chat.cost_usd,
        (34.0 * 0.15 + 8.0 * 0.075 + 17.0 * 0.60) / 1e6
    ));

    let genai = load("genai-openai-v2-latest");
    // An agent span's tokens are its calls' sum; it is not priced again.
    assert_eq!(by_id(&genai, "cbebe01b99c1b231").cost_usd, None);
    let emb = by_id(&genai, "7bd6c0c9b074149f");
    assert!(close(emb.cost_usd, 5.0 * 0.02 / 1e6));

    let agensight = load("agensight");
    let claude = by_id(&agensight, "9e53fc55ab43b1fb");
    assert!(close(claude.cost_usd, (55.0 * 0.80 + 21.0 * 4.00) / 1e6));
}

#[test]
fn sessions_and_users_from_the_span_or_its_resource() {
    let genai = load("genai-openai-v2-latest");
    let planner = by_id(&genai, "cbebe01b99c1b231");
    assert_eq!(planner.session_id.as_deref(), Some("sess-genai-0001"));
    assert_eq!(src(planner, "session_id"), Some("gen_ai.conversation.id"));
    assert_eq!(planner.user_id.as_deref(), Some("user-42"));
    // The chat spans do not get the conversation id (README); nothing to inherit here.
    assert_eq!(by_id(&genai, "c65e5753580c6f34").session_id, None);

    let cascade = load("cascade");
    let root = by_id(&cascade, "3a1a9687d1e452be");
    assert_eq!(root.session_id.as_deref(), Some("sess-cascade-0001"));
    assert_eq!(src(root, "session_id"), Some("cascade.session_id"));
    assert_eq!(src(root, "user_id"), Some("cascade.user_id"));
    // The user id is also a resource attribute, so every Cascade span has it.
    let refund = by_id(&cascade, "d08dc8570256214b");
    assert_eq!(refund.user_id.as_deref(), Some("user-42"));
    assert_eq!(src(refund, "user_id"), Some("resource:cascade.user_id"));
    assert_eq!(refund.session_id, None);

    let oi = load("openinference");
    assert!(
        oi.iter()
            .all(|s| s.session_id.as_deref() == Some("sess-oi-0001"))
    );
    let catalyst = load("catalyst");
    assert_eq!(
        by_id(&catalyst, "e9d4cff9cadd3c37").session_id.as_deref(),
        Some("sess-catalyst-0001")
    );
    assert_eq!(by_id(&catalyst, "9a74459f3926f108").session_id, None);
    let agensight = load("agensight");
    assert_eq!(
        by_id(&agensight, "c44ee224939d09eb").session_id.as_deref(),
        Some("sess-agensight-0001")
    );
}

#[test]
fn agent_names() {
    let cases = [
        (
            "catalyst",
            "9a74459f3926f108",
            Some("travel-planner"),
            "agent.name",
        ),
        (
            "catalyst",
            "cfee876bfb92dafb",
            Some("weather-researcher"),
            "agent.name",
        ),
        (
            "cascade",
            "bb9607caf1efc644",
            Some("PlannerAgent"),
            "cascade.agent_name",
        ),
        (
            "cascade",
            "1345283e315d0ab6",
            Some("WeatherResearcher"),
            "cascade.agent_name",
        ),
        (
            "genai-openai-v2-latest",
            "cbebe01b99c1b231",
            Some("travel-planner"),
            "gen_ai.agent.name",
        ),
        // `@tracer.agent` sets no name: the span name is the agent's.
        (
            "openinference",
            "ceb041cd8680d08a",
            Some("weather-researcher"),
            "span name",
        ),
        (
            "agensight",
            "4c59d90cec617054",
            Some("PlannerAgent"),
            "agent.name",
        ),
    ];
    for (sdk, id, want, key) in cases {
        let spans = load(sdk);
        let s = by_id(&spans, id);
        assert_eq!(s.agent_name.as_deref(), want, "{sdk} {}", s.name);
        assert_eq!(src(s, "agent_name"), Some(key), "{sdk} {}", s.name);
    }
    // Spans inside an agent that do not stamp its name get none here (inheritance is the
    // tree's job).
    assert_eq!(
        by_id(&load("openinference"), "ed131327ea6e6bb8").agent_name,
        None
    );
}

#[test]
fn tools_from_every_dialect() {
    let city = Some(r#"{"city": "Paris"}"#);
    let weather = Some(r#"{"city": "Paris", "temp_c": 22, "sky": "sunny"}"#);
    let oi = load("openinference");
    // `tool.parameters` is the schema; the arguments are `input.value`.
    assert_eq!(
        by_id(&oi, "f0ee06877adc63c2").tool,
        Some(tool("get_weather", None, city, weather))
    );
    let catalyst = load("catalyst");
    assert_eq!(
        by_id(&catalyst, "e9d4cff9cadd3c37").tool,
        Some(tool("get_weather", Some("call_fake_001"), city, weather))
    );
    let cascade = load("cascade");
    let t = by_id(&cascade, "02761aa336ab1931");
    assert_eq!(t.tool, Some(tool("get_weather", None, city, weather)));
    assert_eq!(src(t, "tool.arguments"), Some("tool.input"));
    let genai = load("genai-openai-v2-latest");
    let t = by_id(&genai, "a2f06fd712440bec");
    assert_eq!(
        t.tool,
        Some(tool(
            "get_weather",
            Some("call_fake_001"),
            Some(r#"{"city":"Paris"}"#),
            Some(r#"{"city":"Paris","temp_c":22,"sky":"sunny"}"#)
        ))
    );
    assert_eq!(src(t, "tool.call_id"), Some("gen_ai.tool.call.id"));
    let agensight = load("agensight");
    assert_eq!(
        by_id(&agensight, "f30898774dc854aa").tool,
        Some(tool("get_weather", None, None, None))
    );
    // LLM spans are not tools, even with tool calls in their output.
    assert_eq!(by_id(&oi, "ed131327ea6e6bb8").tool, None);
}

#[test]
fn errors_once_per_failed_span() {
    let timeout = (
        Some("TimeoutError"),
        Some("forecast service timed out after 5s"),
    );
    let refund = (
        Some("ValueError"),
        Some("refund amount exceeds policy limit"),
    );
    let upstream = (
        Some("openai.InternalServerError"),
        Some("Error code: 500 - fake upstream failure"),
    );
    let cases = [
        ("catalyst", "6cf46f7d2273bacb", timeout),
        ("catalyst", "27ad0b067d39a2bf", refund),
        ("catalyst", "ffaf5ab12118434d", upstream),
        ("cascade", "8ce17d3c5cf9b811", timeout),
        ("cascade", "0156f153c4101d9c", refund),
        ("cascade", "70057e0be9ae7182", upstream),
        ("openinference", "f3ba8c46aa3b2e07", timeout),
        ("agensight", "5e98a86a55feb376", timeout),
        // Status ERROR + `error.type`, no exception event.
        ("genai-openai-v2-latest", "4e8d825c6c8bd8ff", timeout),
        ("genai-openai-v2-latest", "b24f4be2822c25d4", refund),
        // `error.type = "<class 'openai.InternalServerError'>"` unwrapped.
        ("genai-openai-v2-latest", "56ae03535142e219", upstream),
    ];
    for (sdk, id, want) in cases {
        let spans = load(sdk);
        assert_eq!(error_of(by_id(&spans, id)), want, "{sdk} {id}");
    }
    // Catalyst and Cascade record each exception twice: one error, with the first
    // event's stack (the one that points at the user's code).
    let catalyst = load("catalyst");
    let e: &ErrorInfo = by_id(&catalyst, "6cf46f7d2273bacb").error.as_ref().unwrap();
    let stack = e.stacktrace.as_deref().unwrap();
    assert!(stack.contains("catalyst_trace.py\", line 67"), "{stack}");
    assert!(
        !stack.contains("opentelemetry/trace/__init__.py"),
        "{stack}"
    );
    assert_eq!(
        src(by_id(&catalyst, "6cf46f7d2273bacb"), "error"),
        Some("event:exception")
    );
    let genai = load("genai-openai-v2-latest");
    assert_eq!(
        src(by_id(&genai, "56ae03535142e219"), "error"),
        Some("error.type")
    );
    // The exception event's type is more precise than Traceloop's `error.type`.
    let agensight = load("agensight");
    assert_eq!(
        error_of(by_id(&agensight, "9af7da544d5c9d70")).0,
        Some("openai.InternalServerError")
    );
    // Spans that did not fail have no error.
    for sdk in super::SDKS {
        for s in load(sdk) {
            let failed = s.is_error() || s.events.iter().any(|e| e.name == "exception");
            assert_eq!(s.error.is_some(), failed, "{sdk} {}", s.name);
        }
    }
}

/// An outline read hands `complete` only the attributes `outline_reads` accepts
/// (`store::SpanAttributes::Outline`, or the copy the SQLite store keeps of them); it must
/// fill tool and error from them exactly as from all of them, leave provenance and the tool's
/// arguments and result out, and change nothing else.
#[test]
fn complete_needs_only_the_attributes_it_reads() {
    let mut tools_with_io = 0;
    for sdk in super::SDKS {
        for stored in load(sdk) {
            let mut whole = stored.clone();
            crate::semconv::complete(&mut whole, TraceDetail::STRUCTURE);
            let mut from_all = stored.clone();
            crate::semconv::complete(&mut from_all, TraceDetail::OUTLINE);
            let mut outline = stored;
            outline
                .attributes
                .retain(|k, _| crate::semconv::outline_reads(k));
            crate::semconv::complete(&mut outline, TraceDetail::OUTLINE);
            assert!(outline.sources.is_empty(), "{sdk} {}", whole.name);
            outline.attributes = from_all.attributes.clone();
            assert_eq!(outline, from_all, "{sdk} {}", whole.name);
            // What a store keeps aside at ingest serves as well as the whole set.
            let mut kept = outline.clone();
            kept.attributes = crate::semconv::outline_attributes(&outline)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.clone()))
                .collect();
            crate::semconv::complete(&mut kept, TraceDetail::OUTLINE);
            kept.attributes = from_all.attributes.clone();
            assert_eq!(kept, from_all, "{sdk} {}", whole.name);

            if let Some(tool) = &mut whole.tool
                && (tool.arguments.take().is_some() | tool.result.take().is_some())
            {
                tools_with_io += 1;
                if *tool == ToolInfo::default() {
                    whole.tool = None;
                }
            }
            outline.sources = whole.sources.clone();
            assert_eq!(outline, whole, "{sdk} {}", whole.name);
        }
    }
    assert!(
        tools_with_io > 0,
        "no fixture span has tool arguments or a result"
    );
}

/// `gen_ai.operation.name` is kept aside for an outline only where the tool's name comes from
/// the span name (`execute_tool lookup`), the one thing it is read for.
#[test]
fn the_operation_name_is_kept_only_where_it_trims_a_tool_name() {
    let attrs = |json: serde_json::Value| json.as_object().unwrap().clone();
    let outline = |kind: SpanKind, attributes: serde_json::Value| {
        let mut span = crate::model::test_span(1, 1, None, "execute_tool lookup", 0, 1);
        span.kind = kind;
        span.attributes = attrs(attributes);
        let keys: Vec<String> = crate::semconv::outline_attributes(&span)
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect();
        span.attributes = crate::semconv::outline_attributes(&span)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        crate::semconv::complete(&mut span, TraceDetail::OUTLINE);
        (keys, span.tool.and_then(|t| t.name))
    };
    let op = serde_json::json!({"gen_ai.operation.name": "execute_tool", "input.value": "{}"});
    assert_eq!(
        outline(SpanKind::Tool, op.clone()),
        (
            vec!["gen_ai.operation.name".to_owned()],
            Some("lookup".to_owned())
        )
    );
    assert_eq!(outline(SpanKind::Llm, op), (vec![], None));
    let named =
        serde_json::json!({"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "find"});
    assert_eq!(
        outline(SpanKind::Tool, named),
        (vec!["gen_ai.tool.name".to_owned()], Some("find".to_owned()))
    );
}
