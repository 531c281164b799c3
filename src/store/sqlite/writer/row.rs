//! A span taken apart into the columns of the `spans` table, on the handler's thread.

use std::sync::Arc;

use serde_json::Value;

use crate::model::{
    Annotation, Attributes, CostSource, Resource, Scope, Span, SpanFacts, TraceId, annotation,
};

use super::json;

/// A span as the `spans` table takes it: the facts a summary needs, the other columns, and
/// the feedback found in it.
pub struct Row {
    pub trace_id: TraceId,
    pub facts: SpanFacts,
    pub otel_kind: i32,
    pub status_code: i32,
    pub status_message: Option<String>,
    pub resource: Arc<Resource>,
    pub scope: Arc<Scope>,
    pub model: Option<String>,
    pub provider: Option<String>,
    pub cost_usd: Option<f64>,
    pub cost_source: Option<CostSource>,
    pub attributes: String,
    pub events: Option<String>,
    pub links: Option<String>,
    pub annotations: Vec<Annotation>,
}

impl From<Span> for Row {
    fn from(span: Span) -> Row {
        let annotations = annotation::from_span(&span);
        let facts = SpanFacts {
            span_id: span.span_id,
            parent_span_id: span.parent_span_id,
            name: span.name,
            kind: span.kind,
            start_time: span.start_time,
            end_time: span.end_time,
            is_error: span.status.code == crate::model::StatusCode::Error,
            service: span.resource.service_name().map(str::to_string),
            usage: crate::model::Usage {
                input_tokens: span.input_tokens,
                output_tokens: span.output_tokens,
                total_tokens: span.total_tokens,
                cache_read_tokens: span.cache_read_tokens,
                cache_write_tokens: span.cache_write_tokens,
                reasoning_tokens: span.reasoning_tokens,
            },
            cost: span
                .cost_usd
                .map(|c| (c, span.cost_source.unwrap_or(CostSource::Reported))),
            session_id: span.session_id,
            user_id: span.user_id,
            agent_name: span.agent_name,
        };
        Row {
            trace_id: span.trace_id,
            facts,
            otel_kind: span.otel_kind.code(),
            status_code: span.status.code.code(),
            status_message: span.status.message,
            resource: span.resource,
            scope: span.scope,
            model: span.model,
            provider: span.provider,
            cost_usd: span.cost_usd,
            cost_source: span.cost_source,
            attributes: attributes_json(&span.attributes),
            events: (!span.events.is_empty()).then(|| json(&span.events)),
            links: (!span.links.is_empty()).then(|| json(&span.links)),
            annotations,
        }
    }
}

/// `serde_json::to_string(attributes)`, byte for byte, in a fraction of the time.
///
/// Attribute values are mostly long strings (prompts, completions, tool output, JSON held in a
/// string), and serde_json escapes a string one byte at a time through a table. This writes the
/// map itself and escapes strings by finding the next byte that needs it eight bytes at a time
/// and copying the run before it, with serde_json's escapes; other values (numbers, arrays,
/// maps) go through serde_json. A test holds the output to serde_json's.
pub fn attributes_json(attributes: &Attributes) -> String {
    // One allocation in the common case: the text plus quotes and separators (escapes may
    // need a second).
    let size: usize = attributes
        .iter()
        .map(|(k, v)| k.len() + 6 + v.as_str().map_or(24, str::len))
        .sum();
    let mut out = String::with_capacity(size + 2);
    out.push('{');
    for (i, (key, value)) in attributes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(&mut out, key);
        out.push(':');
        match value {
            Value::String(s) => push_str(&mut out, s),
            other => out.push_str(&json(other)),
        }
    }
    out.push('}');
    out
}

/// Index of the first byte at or after `from` that JSON needs escaped: `"`, `\\` or a control
/// character below 0x20.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let rest = &bytes[from..];
    let mut skip = 0;
    for chunk in rest.chunks_exact(8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Any byte below 0x20, equal to '"' or equal to '\\' (each test is exact about
        // whether some byte matches; the byte loop below finds which).
        let hit = (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | has_zero(w ^ (ONES * u64::from(b'"')))
            | has_zero(w ^ (ONES * u64::from(b'\\')));
        if hit != 0 {
            break;
        }
        skip += 8;
    }
    rest[skip..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map(|p| from + skip + p)
}

/// A JSON string literal, escaped exactly as serde_json escapes it.
fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.push('"');
    let mut start = 0;
    while let Some(i) = next_escape(bytes, start) {
        // `i` is an ASCII byte, so both slices end on character boundaries.
        out.push_str(&s[start..i]);
        match bytes[i] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_encode_exactly_as_serde_json_does() {
        let value = serde_json::json!({
            "plain": "a prompt with spaces, unicode é 漢字 and emoji 🌲",
            "quotes": "she said \"hi\"",
            "backslash": "C:\\path\\to",
            "controls": "tab\tnewline\nbell\u{7}del\u{7f}nul\u{0}",
            "empty": "",
            "int": -42,
            "big": 18446744073709551615u64,
            "float": 0.2,
            "exp": 1e300,
            "bool": true,
            "null": null,
            "array": ["x\"y", 1, 2.5, [null]],
            "map": {"k\n": "v\\", "n": 1},
            "key with \"quote\"": "v",
            "ключ": "значение",
        });
        let serde_json::Value::Object(map) = value else {
            unreachable!()
        };
        assert_eq!(attributes_json(&map), serde_json::to_string(&map).unwrap());
        assert_eq!(attributes_json(&Attributes::new()), "{}");
        for span in crate::store::sqlite::writer::summary::tests::fixture_spans() {
            assert_eq!(
                attributes_json(&span.attributes),
                serde_json::to_string(&span.attributes).unwrap()
            );
        }
    }
}
