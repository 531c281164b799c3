//! A schema-aware walk over a protobuf `ExportTraceServiceRequest`, before prost decodes it.
//!
//! prost refuses a whole request for one bad string (not UTF-8) or one value nested past its
//! recursion limit, and it allocates for every element before anyone can count them. This walk
//! knows which fields of the OTLP trace messages are messages and which are strings, so it can,
//! without allocating:
//!
//! - count spans and other messages, so the server can refuse or budget a request before
//!   decoding it ([`super::Shape`]);
//! - find strings that are not UTF-8 and `AnyValue` arrays or maps nested deeper than the depth
//!   limit.
//!
//! When it found either, [`repair`] writes a copy with the bad strings replaced lossily (U+FFFD)
//! and the too-deep containers replaced by [`super::value::too_deep_marker`], which prost then
//! decodes; the spans around them are kept. The walk recurses once per message level and never
//! below the depth limit, so its stack use is bounded whatever the input.
//!
//! The walk accepts everything prost accepts (unknown fields of any wire type, groups included;
//! the fuzz target `otlp_protobuf` checks this), so input it cannot follow (truncated fields,
//! bad varints, invalid wire types) is input prost would refuse too. The server refuses it
//! without calling prost, which would first allocate for everything before the bad byte.

use super::Shape;
use super::value::{MAX_DEPTH_LIMIT, too_deep_marker};

/// The messages of an OTLP trace request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Msg {
    Request,
    ResourceSpans,
    Resource,
    EntityRef,
    ScopeSpans,
    Scope,
    Span,
    Event,
    Link,
    Status,
    KeyValue,
    AnyValue,
    ArrayValue,
    KvList,
}

enum Field {
    Msg(Msg),
    Str,
    Other,
}

/// What a length-delimited field of `msg` holds (opentelemetry-proto 1.x field numbers).
fn field(msg: Msg, number: u64) -> Field {
    use Field::{Msg as M, Other, Str};
    use Msg::*;
    match (msg, number) {
        (Request, 1) => M(ResourceSpans),
        (ResourceSpans, 1) => M(Resource),
        (ResourceSpans, 2) => M(ScopeSpans),
        (ResourceSpans, 3) => Str,
        (Resource, 1) => M(KeyValue),
        (Resource, 3) => M(EntityRef),
        (EntityRef, 1..=4) => Str,
        (ScopeSpans, 1) => M(Scope),
        (ScopeSpans, 2) => M(Span),
        (ScopeSpans, 3) => Str,
        (Scope, 1 | 2) => Str,
        (Scope, 3) => M(KeyValue),
        (Span, 3 | 5) => Str,
        (Span, 9) => M(KeyValue),
        (Span, 11) => M(Event),
        (Span, 13) => M(Link),
        (Span, 15) => M(Status),
        (Event, 2) => Str,
        (Event, 3) => M(KeyValue),
        (Link, 3) => Str,
        (Link, 4) => M(KeyValue),
        (Status, 2) => Str,
        (KeyValue, 1) => Str,
        (KeyValue, 2) => M(AnyValue),
        (AnyValue, 1) => Str,
        (AnyValue, 5) => M(ArrayValue),
        (AnyValue, 6) => M(KvList),
        (ArrayValue, 1) => M(AnyValue),
        (KvList, 1) => M(KeyValue),
        _ => Other,
    }
}

/// The walk could not follow the wire format here; prost would refuse it too.
struct Malformed;

/// Deepest group nesting followed (prost's own recursion limit).
const MAX_GROUP_DEPTH: usize = 100;

struct Walker {
    max_depth: usize,
    shape: Shape,
}

fn varint(buf: &[u8], pos: &mut usize) -> Result<u64, Malformed> {
    let mut value = 0u64;
    for shift in (0..70).step_by(7) {
        let byte = *buf.get(*pos).ok_or(Malformed)?;
        *pos += 1;
        if shift == 63 && byte > 1 {
            return Err(Malformed);
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok(value);
        }
    }
    Err(Malformed)
}

fn skip(buf: &[u8], pos: &mut usize, n: usize) -> Result<(), Malformed> {
    *pos = pos
        .checked_add(n)
        .filter(|p| *p <= buf.len())
        .ok_or(Malformed)?;
    Ok(())
}

/// Skips the rest of a group started by field `number`, as prost skips unknown groups: fields
/// until the matching end-group key, nested groups included (without recursion).
fn skip_group(buf: &[u8], pos: &mut usize, number: u64) -> Result<(), Malformed> {
    let mut open = vec![number];
    while let Some(&innermost) = open.last() {
        let key = varint(buf, pos)?;
        match key & 7 {
            0 => {
                varint(buf, pos)?;
            }
            1 => skip(buf, pos, 8)?,
            5 => skip(buf, pos, 4)?,
            2 => {
                let len = usize::try_from(varint(buf, pos)?).map_err(|_| Malformed)?;
                skip(buf, pos, len)?;
            }
            3 if open.len() < MAX_GROUP_DEPTH => open.push(key >> 3),
            4 if key >> 3 == innermost => {
                open.pop();
            }
            _ => return Err(Malformed),
        }
    }
    Ok(())
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    put_varint(out, (number << 3) | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

impl Walker {
    /// Walks one message body. `depth` is the nesting level of the `AnyValue`s below `msg`.
    fn walk(
        &mut self,
        buf: &[u8],
        msg: Msg,
        depth: usize,
        mut out: Option<&mut Vec<u8>>,
    ) -> Result<(), Malformed> {
        let mut pos = 0;
        while pos < buf.len() {
            let start = pos;
            let key = varint(buf, &mut pos)?;
            let number = key >> 3;
            match key & 7 {
                0 => {
                    varint(buf, &mut pos)?;
                }
                1 => skip(buf, &mut pos, 8)?,
                5 => skip(buf, &mut pos, 4)?,
                3 => skip_group(buf, &mut pos, number)?,
                2 => {
                    let len = usize::try_from(varint(buf, &mut pos)?).map_err(|_| Malformed)?;
                    let end = pos
                        .checked_add(len)
                        .filter(|e| *e <= buf.len())
                        .ok_or(Malformed)?;
                    let value = &buf[pos..end];
                    pos = end;
                    match field(msg, number) {
                        Field::Msg(child) => {
                            self.message(value, msg, number, child, depth, out.as_deref_mut())?;
                            continue;
                        }
                        Field::Str if std::str::from_utf8(value).is_err() => {
                            self.shape.invalid_utf8 += 1;
                            if let Some(out) = out.as_deref_mut() {
                                put_bytes(out, number, String::from_utf8_lossy(value).as_bytes());
                            }
                            continue;
                        }
                        Field::Str | Field::Other => {}
                    }
                }
                _ => return Err(Malformed),
            }
            if let Some(out) = out.as_deref_mut() {
                out.extend_from_slice(&buf[start..pos]);
            }
        }
        Ok(())
    }

    fn message(
        &mut self,
        value: &[u8],
        parent: Msg,
        number: u64,
        child: Msg,
        depth: usize,
        out: Option<&mut Vec<u8>>,
    ) -> Result<(), Malformed> {
        if parent == Msg::AnyValue && depth >= self.max_depth {
            // An array or map here would put its elements past the limit: keep a marker instead.
            self.shape.too_deep += 1;
            if let Some(out) = out {
                put_bytes(out, 1, too_deep_marker(self.max_depth).as_bytes());
            }
            return Ok(());
        }
        match child {
            Msg::Span => self.shape.spans += 1,
            Msg::AnyValue | Msg::ArrayValue | Msg::KvList => self.shape.values += 1,
            _ => self.shape.nodes += 1,
        }
        let depth = match parent {
            Msg::ArrayValue | Msg::KvList => depth + 1,
            _ => depth,
        };
        match out {
            None => self.walk(value, child, depth, None),
            Some(out) => {
                let mut inner = Vec::with_capacity(value.len());
                self.walk(value, child, depth, Some(&mut inner))?;
                put_bytes(out, number, &inner);
                Ok(())
            }
        }
    }
}

fn walker(max_depth: usize) -> Walker {
    Walker {
        max_depth: max_depth.min(MAX_DEPTH_LIMIT),
        shape: Shape::default(),
    }
}

/// Counts what a protobuf request holds and what [`repair`] would fix.
pub fn scan(body: &[u8], max_depth: usize) -> Shape {
    let mut w = walker(max_depth);
    if w.walk(body, Msg::Request, 0, None).is_err() {
        w.shape.malformed = true;
    }
    w.shape
}

/// A copy of `body` with invalid UTF-8 replaced and too-deep values cut; `None` when the walk
/// cannot follow the input.
pub fn repair(body: &[u8], max_depth: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    walker(max_depth)
        .walk(body, Msg::Request, 0, Some(&mut out))
        .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
    use opentelemetry_proto::tonic::common::v1::{AnyValue, ArrayValue, KeyValue, any_value};
    use opentelemetry_proto::tonic::trace::v1 as pb;
    use prost::Message;

    fn request(attributes: Vec<KeyValue>, name: &str) -> ExportTraceServiceRequest {
        ExportTraceServiceRequest {
            resource_spans: vec![pb::ResourceSpans {
                scope_spans: vec![pb::ScopeSpans {
                    spans: vec![
                        pb::Span {
                            trace_id: vec![1; 16],
                            span_id: vec![2; 8],
                            name: name.into(),
                            attributes,
                            ..Default::default()
                        },
                        pb::Span::default(),
                    ],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        }
    }

    fn nested(levels: usize) -> AnyValue {
        let mut v = AnyValue {
            value: Some(any_value::Value::IntValue(7)),
        };
        for _ in 0..levels {
            v = AnyValue {
                value: Some(any_value::Value::ArrayValue(ArrayValue { values: vec![v] })),
            };
        }
        v
    }

    fn kv(key: &str, value: AnyValue) -> KeyValue {
        KeyValue {
            key: key.into(),
            value: Some(value),
            ..Default::default()
        }
    }

    #[test]
    fn a_clean_request_needs_no_repair() {
        let body = request(vec![kv("n", nested(3))], "ok").encode_to_vec();
        let shape = scan(&body, 16);
        assert_eq!((shape.spans, shape.invalid_utf8, shape.too_deep), (2, 0, 0));
        // resource spans, scope spans and a key-value; 4 any-values and 3 arrays
        assert_eq!((shape.nodes, shape.values), (3, 7));
        assert!(!shape.malformed && !shape.needs_repair());
        assert_eq!(repair(&body, 16).unwrap(), body);
    }

    #[test]
    fn invalid_utf8_is_replaced_and_the_rest_kept() {
        let mut body = request(vec![kv("k", nested(0))], "bad\u{7f}name").encode_to_vec();
        let at = body.iter().position(|b| *b == 0x7f).unwrap();
        body[at] = 0xff;
        assert!(ExportTraceServiceRequest::decode(&body[..]).is_err());
        let shape = scan(&body, 16);
        assert_eq!(shape.invalid_utf8, 1);
        let fixed = ExportTraceServiceRequest::decode(&repair(&body, 16).unwrap()[..]).unwrap();
        let span = &fixed.resource_spans[0].scope_spans[0].spans[0];
        assert_eq!(span.name, "bad\u{fffd}name");
        assert_eq!(span.attributes.len(), 1);
    }

    #[test]
    fn values_nested_past_the_limit_are_cut_so_prost_can_decode_them() {
        let body =
            request(vec![kv("deep", nested(200)), kv("flat", nested(1))], "s").encode_to_vec();
        assert!(
            ExportTraceServiceRequest::decode(&body[..]).is_err(),
            "prost's own limit"
        );
        let shape = scan(&body, 4);
        assert_eq!(shape.too_deep, 1);
        let fixed = ExportTraceServiceRequest::decode(&repair(&body, 4).unwrap()[..]).unwrap();
        let attrs = crate::otlp::decode::attributes(
            fixed.resource_spans[0].scope_spans[0].spans[0]
                .attributes
                .clone(),
        );
        assert_eq!(
            serde_json::Value::Object(attrs),
            serde_json::json!({"deep": [[[["[canopy: nested deeper than 4 levels]"]]]], "flat": [7]})
        );
    }

    #[test]
    fn unreadable_input_is_malformed_for_prost_too() {
        for (body, what) in [
            (&[0x0a, 0x05, 0x01][..], "truncated"),
            (&[0x0b], "unterminated group"),
            (&[0x0c], "end of a group never started"),
            (&[0x5b, 0x64], "group ended by another field"),
            (&[0xff; 11], "overlong varint"),
            (&[0x0e], "wire type 6"),
        ] {
            assert!(scan(body, 16).malformed, "{what}");
            assert!(repair(body, 16).is_none(), "{what}");
            assert!(ExportTraceServiceRequest::decode(body).is_err(), "{what}");
        }
    }

    /// Found by the `otlp_protobuf` fuzz target: prost skips unknown fields of the group wire
    /// types, so the walk must too, or its span count (which bounds the memory reserved for
    /// decoding) would stop at the first group while prost decoded everything after it.
    #[test]
    fn unknown_groups_are_skipped_as_prost_skips_them() {
        let mut body = request(vec![], "s").encode_to_vec();
        // Field 14 of the request: a group holding a varint, a nested group and bytes.
        body.extend([0x73, 0x08, 0x01, 0x7b, 0x7c, 0x0a, 0x01, 0xff, 0x74]);
        body.extend(request(vec![], "t").encode_to_vec());
        let decoded = ExportTraceServiceRequest::decode(&body[..]).unwrap();
        let shape = scan(&body, 16);
        assert!(!shape.malformed);
        let spans = decoded
            .resource_spans
            .iter()
            .map(|r| r.scope_spans[0].spans.len())
            .sum::<usize>();
        assert_eq!((shape.spans, spans), (4, 4));
        assert_eq!(repair(&body, 16).unwrap(), body);
    }
}
