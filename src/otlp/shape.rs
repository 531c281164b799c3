//! What a request body holds, measured before it is decoded.
//!
//! Decoding allocates far more than the body for some inputs: `{}` is two bytes of JSON but a
//! few hundred bytes as a decoded attribute, and a kilobyte as a span. So the server measures the
//! body first (spans, other elements, depth) without allocating, refuses requests with too many
//! spans, and reserves [`Shape::decoded_bytes`] of its in-flight memory budget before decoding.
//! For protobuf the measure comes from `otlp::wire`; for JSON from the scanner here, which counts
//! objects and arrays and recognises spans as the objects of an array under a `"spans"` key.

use std::mem::size_of;

use opentelemetry_proto::tonic::common::v1 as common;
use opentelemetry_proto::tonic::trace::v1 as pb;

/// JSON nesting serde_json accepts (its recursion limit); deeper bodies are refused up front.
pub const MAX_JSON_DEPTH: usize = 128;

/// Memory one decoded span may take besides its strings: the wire struct, the model struct and
/// slack for the JSON reader's own struct and vector growth. Derived from the types, so it grows
/// with them.
pub const SPAN_BYTES: usize = 2 * size_of::<pb::Span>() + size_of::<crate::model::Span>();

/// The same for any other element (a key-value, value, array, map, event or link): wire structs,
/// a JSON value and a map entry, with room for vector growth.
pub const NODE_BYTES: usize = 2
    * (size_of::<common::KeyValue>()
        + size_of::<common::AnyValue>()
        + size_of::<serde_json::Value>()
        + size_of::<String>());

/// The same for a protobuf `AnyValue` (or the array or map holding such values): the wire value
/// and its JSON form, each with room for vector growth. Only protobuf tells these apart.
pub const VALUE_BYTES: usize = 2 * (size_of::<common::AnyValue>() + size_of::<serde_json::Value>());

/// Counts of a request body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub spans: u64,
    /// Elements other than spans and values: protobuf messages, or JSON objects and arrays.
    pub nodes: u64,
    /// Protobuf `AnyValue`, `ArrayValue` and `KeyValueList` messages (JSON counts them as nodes).
    pub values: u64,
    /// Strings that are not UTF-8 (protobuf), or invalid UTF-8 sequences in the body (JSON).
    pub invalid_utf8: u64,
    /// Attribute values nested deeper than the limit (counted here for protobuf only; JSON values
    /// are cut while converting).
    pub too_deep: u64,
    /// Deepest JSON nesting (0 for protobuf).
    pub json_depth: usize,
    /// The body's length after `otlp::repair`.
    pub repaired_len: usize,
    /// Protobuf messages a repair rewrites (those with a repair somewhere inside).
    pub touched: u64,
    /// The measure could not follow the body; the decoder will reject it.
    pub malformed: bool,
}

impl Shape {
    /// True when the body should go through `otlp::repair` before decoding.
    pub fn needs_repair(&self) -> bool {
        !self.malformed && (self.invalid_utf8 > 0 || self.too_deep > 0)
    }

    /// The memory `otlp::repair` takes: its output and its list of rewritten messages.
    pub fn repair_bytes(&self) -> usize {
        if !self.needs_repair() {
            return 0;
        }
        let touched = usize::try_from(self.touched).unwrap_or(usize::MAX);
        self.repaired_len
            .saturating_add(touched.saturating_mul(super::wire::TOUCHED_BYTES))
    }

    /// A generous estimate of the memory decoding a body of `len` bytes with this shape takes,
    /// until its spans are committed: the body and a decoded copy of its strings (strings move,
    /// not copy, from wire to model types, and a third copy covers the JSON reader and repair),
    /// plus the per-element costs above.
    pub fn decoded_bytes(&self, len: usize) -> usize {
        let spans = usize::try_from(self.spans).unwrap_or(usize::MAX);
        let nodes = usize::try_from(self.nodes).unwrap_or(usize::MAX);
        let values = usize::try_from(self.values).unwrap_or(usize::MAX);
        len.saturating_mul(3)
            .saturating_add(spans.saturating_mul(SPAN_BYTES))
            .saturating_add(nodes.saturating_mul(NODE_BYTES))
            .saturating_add(values.saturating_mul(VALUE_BYTES))
    }
}

#[derive(Clone, Copy)]
enum Frame {
    /// An object, and whether its latest key was `"spans"`.
    Object { spans_key: bool },
    /// An array, and whether it is the value of a `"spans"` key.
    Array { of_spans: bool },
}

/// Measures a JSON body in one pass, without allocating more than its nesting needs.
pub fn scan_json(body: &[u8]) -> Shape {
    let (mut invalid_utf8, mut repaired_len) = (0, 0);
    for chunk in body.utf8_chunks() {
        repaired_len += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            // Each bad sequence becomes one U+FFFD (3 bytes).
            invalid_utf8 += 1;
            repaired_len += 3;
        }
    }
    let mut shape = Shape {
        invalid_utf8,
        repaired_len,
        ..Shape::default()
    };
    // Frames are kept only as deep as JSON may legally go; past that only the depth counts.
    let mut stack: Vec<Frame> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                let text = &body[start..i.min(body.len())];
                i += 1;
                let current = depth == stack.len();
                if let Some(Frame::Object { spans_key }) = stack.last_mut().filter(|_| current) {
                    let mut j = i;
                    while j < body.len() && body[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if body.get(j) == Some(&b':') {
                        *spans_key = is_spans_key(text);
                    }
                }
                continue;
            }
            open @ (b'{' | b'[') => {
                let parent = stack.last().copied().filter(|_| depth == stack.len());
                if open == b'{' && matches!(parent, Some(Frame::Array { of_spans: true })) {
                    shape.spans += 1;
                } else {
                    shape.nodes += 1;
                }
                depth += 1;
                shape.json_depth = shape.json_depth.max(depth);
                if depth <= MAX_JSON_DEPTH + 1 && depth == stack.len() + 1 {
                    stack.push(if open == b'{' {
                        Frame::Object { spans_key: false }
                    } else {
                        Frame::Array {
                            of_spans: matches!(parent, Some(Frame::Object { spans_key: true })),
                        }
                    });
                }
            }
            b'}' | b']' => {
                if depth == stack.len() {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        i += 1;
    }
    shape
}

/// True for a raw (still escaped) JSON key that reads `spans`, as serde would read it: a key
/// spelled with escapes (`"sp\u0061ns"`) must not slip its spans past the count.
fn is_spans_key(raw: &[u8]) -> bool {
    if raw == b"spans" {
        return true;
    }
    if !raw.contains(&b'\\') || raw.len() > 64 {
        return false;
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted).is_ok_and(|k| k == "spans")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_spans_are_the_objects_under_a_spans_key() {
        let body = br#"{"resourceSpans":[{"scopeSpans":[{"spans":[
            {"name":"a \"spans\": [{}]","attributes":[{"key":"spans","value":{"arrayValue":{"values":[{}]}}}]},
            {}, {"events":[]}
        ]}]}]}"#;
        let shape = scan_json(body);
        assert_eq!(shape.spans, 3);
        // 6 containers down to the spans array; 6 in the first span; the events array.
        assert_eq!(shape.nodes, 6 + 6 + 1);
        assert_eq!(shape.json_depth, 13);
        assert_eq!(shape.invalid_utf8, 0);
    }

    #[test]
    fn escaped_spans_keys_count_too() {
        let body = br#"{"sp\u0061ns":[{},{}], "spans\n":[{}]}"#;
        assert_eq!(scan_json(body).spans, 2);
    }

    #[test]
    fn deep_and_broken_json_is_measured_without_trouble() {
        let deep = "[".repeat(100_000);
        let shape = scan_json(deep.as_bytes());
        assert_eq!((shape.json_depth, shape.nodes), (100_000, 100_000));
        let body = b"{\"spans\":[{\"a\":\"\xff\xfe\"}, \"unterminated";
        let shape = scan_json(body);
        assert_eq!((shape.spans, shape.invalid_utf8), (1, 2));
        // Found by the otlp_json fuzz target: the repair's size must be measured, not assumed.
        assert_eq!(
            shape.repaired_len,
            String::from_utf8_lossy(body).len(),
            "what the server reserves for the repair"
        );
        assert_eq!(scan_json(b"]]]}}}").json_depth, 0);
    }

    #[test]
    fn the_estimate_charges_tiny_elements_what_they_cost_decoded() {
        let bomb = format!("{{\"spans\":[{}]}}", vec!["{}"; 1000].join(","));
        let shape = scan_json(bomb.as_bytes());
        assert_eq!(shape.spans, 1000);
        assert!(shape.decoded_bytes(bomb.len()) >= 1000 * size_of::<crate::model::Span>());
        const { assert!(NODE_BYTES >= 200) };
    }
}
