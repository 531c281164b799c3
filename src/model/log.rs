//! Log records that belong to a span.
//!
//! The OTel GenAI instrumentations, in their default mode, send prompt and completion content
//! not as span attributes but as log records (`gen_ai.user.message`, `gen_ai.choice`,
//! `gen_ai.client.inference.operation.details`…) carrying the span's trace and span id. canopy
//! keeps them and shows each with its span, as one of the span's events, so the same readers
//! (`semconv` payloads, the events view) see them wherever they came from.

use serde::{Deserialize, Serialize};

use super::{Attributes, Event, Nanos, SpanId, TraceId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRecord {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    pub time: Nanos,
    /// The event name (`eventName`, else the `event.name` attribute, else `log`).
    pub name: String,
    #[serde(default)]
    pub severity: Option<String>,
    /// The record's body (a map for GenAI content events, often text otherwise).
    #[serde(default)]
    pub body: serde_json::Value,
    #[serde(default)]
    pub attributes: Attributes,
}

impl LogRecord {
    /// The record as a span event: its attributes, with the body under `body` and the
    /// severity under `log.severity`.
    pub fn to_event(&self) -> Event {
        let mut attributes = self.attributes.clone();
        if !self.body.is_null() {
            attributes.insert("body".into(), self.body.clone());
        }
        if let Some(s) = &self.severity {
            attributes.insert("log.severity".into(), s.clone().into());
        }
        Event {
            time: self.time,
            name: self.name.clone(),
            attributes,
        }
    }
}
