//! Model, provider, session, user, agent, tool and error: the fields that are one value each,
//! taken from the first key that has one.
//!
//! | field | keys, in order |
//! |---|---|
//! | model | `llm.model_name`, `gen_ai.response.model`, `gen_ai.request.model`, `llm.model`, the `model` in `llm.invocation_parameters` |
//! | provider (lowercased) | `llm.provider`, `gen_ai.provider.name`, `gen_ai.system`, `llm.system` |
//! | session | `session.id`, `gen_ai.conversation.id`, `cascade.session_id`; then the resource's |
//! | user | `user.id`, `cascade.user_id`, `enduser.id`; then the resource's |
//! | agent | `agent.name`, `gen_ai.agent.name`, `cascade.agent_name`, `agent.id`, `gen_ai.agent.id`; an AGENT span's own name |
//! | tool | `tool.name`/`gen_ai.tool.name`, `tool_call.id`/`gen_ai.tool.call.id`, `gen_ai.tool.call.arguments`/`tool.input`, `gen_ai.tool.call.result`/`tool.output`; a TOOL span's `input.value`/`output.value` and name |
//! | error | the first `exception` event, `error.type` (Python's `<class '…'>` unwrapped), status message, `error.message`, `tool.error` |
//!
//! `tool.parameters` (OpenInference) is the tool's JSON schema, not the call's arguments, and is
//! not read. A span name stands in for an agent or tool name only when the span is of that kind;
//! the OTel GenAI span-name convention `"{operation} {name}"` has its operation word removed
//! (`invoke_agent travel-planner` → `travel-planner`). Other suffixes such as Catalyst's `.run`
//! are kept: nothing in a span says that `.run` is decoration rather than part of the name.

use crate::model::{Attributes, ErrorInfo, Span, SpanKind, ToolInfo};

use super::Sources;
use super::attrs::{K, Slots, ident, json_value, nonblank, text};

const SESSION: &[K] = &[K::SessionId, K::ConversationId, K::CascadeSessionId];
const USER: &[K] = &[K::UserId, K::CascadeUserId, K::EnduserId];

pub(crate) fn model(s: &Slots, sources: &mut Sources) -> Option<String> {
    let keys = [
        K::LlmModelName,
        K::GenAiResponseModel,
        K::GenAiRequestModel,
        K::LlmModel,
    ];
    if let Some((k, m)) = s.first_str(&keys) {
        sources.key("model", k);
        return Some(m.to_owned());
    }
    // OpenInference spans of failed calls have no `llm.model_name`, but the request's
    // parameters name the model. Parsed only in that case, so rarely on the ingest path.
    let params = json_value(s.get(K::InvocationParams)?)?;
    let m = params.get("model").and_then(nonblank)?;
    sources.key("model", K::InvocationParams);
    Some(m.to_owned())
}

pub(crate) fn provider(s: &Slots, sources: &mut Sources) -> Option<String> {
    let keys = [
        K::LlmProvider,
        K::GenAiProviderName,
        K::GenAiSystem,
        K::LlmSystem,
    ];
    let (k, p) = s.first_str(&keys)?;
    sources.key("provider", k);
    Some(p.to_ascii_lowercase())
}

pub(crate) fn session(s: &Slots, resource: &Attributes, sources: &mut Sources) -> Option<String> {
    own_or_resource(s, resource, SESSION, "session_id", sources)
}

pub(crate) fn user(s: &Slots, resource: &Attributes, sources: &mut Sources) -> Option<String> {
    own_or_resource(s, resource, USER, "user_id", sources)
}

fn own_or_resource(
    s: &Slots,
    resource: &Attributes,
    keys: &[K],
    field: &'static str,
    sources: &mut Sources,
) -> Option<String> {
    if let Some((k, v)) = s.first_ident(keys) {
        sources.key(field, k);
        return Some(v);
    }
    let (k, v) = keys
        .iter()
        .find_map(|&k| resource.get(k.name()).and_then(ident).map(|v| (k, v)))?;
    sources.resource(field, k);
    Some(v)
}

/// The agent a span names; an AGENT span naming none is called by its span name.
pub(crate) fn agent(
    span: &Span,
    s: &Slots,
    kind: SpanKind,
    sources: &mut Sources,
) -> Option<String> {
    let keys = [
        K::AgentName,
        K::GaAgentName,
        K::CascadeAgentName,
        K::AgentId,
        K::GaAgentId,
    ];
    if let Some((k, v)) = s.first_ident(&keys) {
        sources.key("agent_name", k);
        return Some(v);
    }
    if kind != SpanKind::Agent {
        return None;
    }
    let name = name_without_operation(span, s)?;
    sources.set("agent_name", "span name");
    Some(name.to_owned())
}

/// Every key [`tool`] and [`error`] read (besides the span's kind, name, status and events)
/// except a tool's arguments and result, which an outline leaves out: all that `complete`
/// needs for an outline, so all that an outline read parses, and what the SQLite store copies
/// aside at ingest so such a read need not touch the rest (spans written before a key was
/// added here keep the old set, so adding one needs a migration that copies it). A key one of
/// them reads that is missing here fails `complete_needs_only_the_attributes_it_reads` on the
/// fixtures that carry it.
pub(crate) const OUTLINE_KEYS: [K; 8] = [
    K::ToolName,
    K::GaToolName,
    K::GenAiOperation,
    K::ToolCallId,
    K::GaToolCallId,
    K::ErrorType,
    K::ErrorMessage,
    K::ToolError,
];

pub(crate) fn tool(
    span: &Span,
    s: &Slots,
    kind: SpanKind,
    sources: &mut Sources,
) -> Option<ToolInfo> {
    let is_tool = kind == SpanKind::Tool;
    let mut t = ToolInfo::default();
    if let Some((k, v)) = s.first_str(&[K::ToolName, K::GaToolName]) {
        t.name = Some(v.to_owned());
        sources.key("tool.name", k);
    } else if is_tool && let Some(name) = name_without_operation(span, s) {
        t.name = Some(name.to_owned());
        sources.set("tool.name", "span name");
    }
    if let Some((k, v)) = s.first_ident(&[K::ToolCallId, K::GaToolCallId]) {
        t.call_id = Some(v);
        sources.key("tool.call_id", k);
    }
    // A TOOL span's `input.value`/`output.value` are its arguments/result; on other spans
    // they are prompts and answers.
    let io = |keys: [K; 2], value_key: K| {
        let value_key = is_tool.then_some(value_key);
        keys.into_iter()
            .chain(value_key)
            .find_map(|k| s.get(k).and_then(text).map(|v| (k, v)))
    };
    if let Some((k, v)) = io([K::GaToolArguments, K::ToolInput], K::InputValue) {
        t.arguments = Some(v);
        sources.key("tool.arguments", k);
    }
    if let Some((k, v)) = io([K::GaToolResult, K::ToolOutput], K::OutputValue) {
        t.result = Some(v);
        sources.key("tool.result", k);
    }
    (t != ToolInfo::default()).then_some(t)
}

/// The span name, minus the operation word of the GenAI `"{operation} {name}"` convention.
fn name_without_operation<'a>(span: &'a Span, s: &Slots) -> Option<&'a str> {
    let name = span.name.trim();
    let name = s
        .str(K::GenAiOperation)
        .and_then(|op| name.strip_prefix(op))
        .and_then(|rest| rest.strip_prefix(' '))
        .map(str::trim)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

/// What went wrong, for a span that failed: its status is ERROR, or it carries an `exception`
/// event or an error attribute. SDKs that record the same exception twice (Catalyst, Cascade)
/// still yield one error: the first event is the one shown.
pub(crate) fn error(span: &Span, s: &Slots, sources: &mut Sources) -> Option<ErrorInfo> {
    let exception = span.events.iter().find(|e| e.name == "exception");
    let error_type = s.str(K::ErrorType);
    let tool_error = s.get(K::ToolError).and_then(text);
    if !span.is_error() && exception.is_none() && error_type.is_none() && tool_error.is_none() {
        return None;
    }
    let mut e = ErrorInfo::default();
    let mut source = None;
    if let Some(ev) = exception {
        let get = |k: &str| ev.attributes.get(k).and_then(nonblank).map(str::to_owned);
        e.error_type = get("exception.type");
        e.message = get("exception.message");
        e.stacktrace = get("exception.stacktrace");
        source = Some("event:exception");
    }
    if e.error_type.is_none()
        && let Some(t) = error_type
    {
        e.error_type = Some(clean_type(t).to_owned());
        source = source.or(Some("error.type"));
    }
    if e.message.is_none() {
        let status = span.status.message.as_deref().map(str::trim);
        let (m, from) = match status.filter(|m| !m.is_empty()) {
            Some(m) => (Some(m.to_owned()), "status"),
            None => match s.str(K::ErrorMessage) {
                Some(m) => (Some(m.to_owned()), K::ErrorMessage.name()),
                None => (tool_error, K::ToolError.name()),
            },
        };
        if m.is_some() {
            e.message = m;
            source = source.or(Some(from));
        }
    }
    sources.set("error", source.unwrap_or("status"));
    Some(e)
}

/// `"<class 'openai.InternalServerError'>"` → `openai.InternalServerError` (a `str(type)` that
/// some instrumentations write instead of the type's name).
fn clean_type(t: &str) -> &str {
    ["<class '", "<type '"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .and_then(|rest| rest.strip_suffix("'>"))
        .map(str::trim)
        .filter(|inner| !inner.is_empty())
        .unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_type_strings_are_unwrapped() {
        assert_eq!(
            clean_type("<class 'openai.InternalServerError'>"),
            "openai.InternalServerError"
        );
        assert_eq!(
            clean_type("<type 'exceptions.ValueError'>"),
            "exceptions.ValueError"
        );
        assert_eq!(clean_type("TimeoutError"), "TimeoutError");
        assert_eq!(clean_type("<class ''>"), "<class ''>");
    }
}
