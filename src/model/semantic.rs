//! The normalized vocabulary every SDK's dialect is mapped onto (DESIGN.md §3).
//!
//! `semconv` fills these from raw attributes, recording in `Span::sources` which key each value
//! came from; `rollup` sums them over the span tree without counting a call twice.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Token counts. `None` means the SDK did not say, which is different from zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Prompt tokens, cached ones included (the OTel GenAI convention).
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
    pub cache_read_tokens: Option<u64>,
    pub cache_write_tokens: Option<u64>,
    pub reasoning_tokens: Option<u64>,
}

impl Usage {
    pub fn is_empty(&self) -> bool {
        *self == Usage::default()
    }

    /// The total as reported, else input + output when either is known.
    pub fn total(&self) -> Option<u64> {
        self.total_tokens
            .or_else(|| match (self.input_tokens, self.output_tokens) {
                (None, None) => None,
                (i, o) => Some(i.unwrap_or(0) + o.unwrap_or(0)),
            })
    }
}

/// Where a cost figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CostSource {
    /// The SDK sent it (`llm.cost.total`, `llm.cost_usd`…).
    Reported,
    /// canopy computed it from token counts and its price table.
    Estimated,
}

impl CostSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CostSource::Reported => "reported",
            CostSource::Estimated => "estimated",
        }
    }
}

/// A tool invocation, from the tool span's side.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ToolInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// The arguments as sent (usually JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
    /// The result as returned (text or JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// What went wrong in a span, from its status, `exception` events and error attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorInfo {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacktrace: Option<String>,
}

/// A tool call requested by a model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ToolCall {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// The arguments as the model wrote them (usually JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
}

/// One chat message: system, user, assistant (possibly with tool calls) or tool (a result).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Message {
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// On a tool message: the call it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// A participant or tool name, when the SDK gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A span's input or output: structured messages when the SDK recorded them, and the raw
/// value (text or JSON text) when it recorded that. Either may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Payload {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
}

impl Payload {
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.value.is_none()
    }
}

/// Sums over a subtree or a whole trace, each call counted once (see `model::rollup`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Totals {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub total_tokens: u64,
    pub cache_read_tokens: u64,
    pub cache_write_tokens: u64,
    pub reasoning_tokens: u64,
    /// `None` when no span in the subtree had a cost, reported or estimated.
    pub cost_usd: Option<f64>,
    /// True when any part of `cost_usd` is an estimate.
    pub cost_estimated: bool,
    /// LLM calls, a call nested in its own SDK's span counted once.
    pub llm_count: u64,
}

impl Totals {
    /// Adds another subtree's or trace's totals to these (siblings, or traces of a session).
    pub fn add(&mut self, b: &Totals) {
        self.input_tokens += b.input_tokens;
        self.output_tokens += b.output_tokens;
        self.total_tokens += b.total_tokens;
        self.cache_read_tokens += b.cache_read_tokens;
        self.cache_write_tokens += b.cache_write_tokens;
        self.reasoning_tokens += b.reasoning_tokens;
        self.cost_usd = match (self.cost_usd, b.cost_usd) {
            (None, None) => None,
            // Sums are kept to the picodollar so float noise (0.0000496000000000006) never
            // reaches JSON or a pipe.
            (x, y) => Some(((x.unwrap_or(0.0) + y.unwrap_or(0.0)) * 1e12).round() / 1e12),
        };
        self.cost_estimated |= b.cost_estimated;
        self.llm_count += b.llm_count;
    }
}
