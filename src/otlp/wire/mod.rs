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

mod schema;

use super::Shape;
use super::value::{MAX_DEPTH_LIMIT, too_deep_marker};
use schema::{Field, Msg, field};

/// The walk could not follow the wire format here; prost would refuse it too.
struct Malformed;

/// Deepest group nesting followed (prost's own recursion limit).
const MAX_GROUP_DEPTH: usize = 100;

/// Memory a repair needs per message it rewrites (one entry of [`Writer::touched`]).
pub const TOUCHED_BYTES: usize = std::mem::size_of::<(usize, usize)>();

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

/// How many bytes `v` takes as a varint.
fn varint_len(v: usize) -> usize {
    (usize::BITS - (v | 1).leading_zeros()).div_ceil(7) as usize
}

/// The length of `String::from_utf8_lossy(bytes)`, without building it.
fn lossy_len(bytes: &[u8]) -> usize {
    bytes
        .utf8_chunks()
        .map(|c| c.valid().len() + if c.invalid().is_empty() { 0 } else { 3 })
        .sum()
}

/// The output of the second pass of a repair.
struct Writer {
    /// Sized exactly by the first pass.
    out: Vec<u8>,
    /// (content offset in the body, new content length) of every message with a repair inside,
    /// in offset order, which is the order the walk meets them.
    touched: Vec<(usize, usize)>,
    next: usize,
}

struct Walker {
    max_depth: usize,
    shape: Shape,
    /// When listing, the messages a repair must rewrite (see [`Writer::touched`]).
    touched: Option<Vec<(usize, usize)>>,
}

impl Walker {
    fn new(max_depth: usize, list: bool) -> Walker {
        Walker {
            max_depth: max_depth.min(MAX_DEPTH_LIMIT),
            shape: Shape::default(),
            touched: list.then(Vec::new),
        }
    }

    /// Walks the body of one `msg` that starts at offset `base` of the request; `depth` is the
    /// nesting level of the `AnyValue`s below it. Returns the body's length after repair, and
    /// whether anything in it is repaired.
    ///
    /// Without a writer it measures (pass one). With one (pass two) it writes the repaired body
    /// into the writer, copying every untouched field, submessages included, as it is, and
    /// descending only into the messages pass one listed as touched.
    fn walk(
        &mut self,
        buf: &[u8],
        base: usize,
        msg: Msg,
        depth: usize,
        mut w: Option<&mut Writer>,
    ) -> Result<(usize, bool), Malformed> {
        let (mut new_len, mut touched) = (0, false);
        let mut pos = 0;
        while pos < buf.len() {
            let start = pos;
            let key = varint(buf, &mut pos)?;
            let key_len = pos - start;
            let number = key >> 3;
            // The replacement for this field, when it is not copied as it is.
            let mut fixed: Option<usize> = None;
            match key & 7 {
                0 => {
                    varint(buf, &mut pos)?;
                }
                1 => skip(buf, &mut pos, 8)?,
                5 => skip(buf, &mut pos, 4)?,
                3 => skip_group(buf, &mut pos, number)?,
                2 => {
                    let len = usize::try_from(varint(buf, &mut pos)?).map_err(|_| Malformed)?;
                    let at = pos;
                    skip(buf, &mut pos, len)?;
                    let value = &buf[at..pos];
                    match field(msg, number) {
                        Field::Msg(_) if msg == Msg::AnyValue && depth >= self.max_depth => {
                            // An array or map here would put its elements past the limit.
                            let marker = too_deep_marker(self.max_depth);
                            self.shape.too_deep += 1;
                            if let Some(w) = w.as_deref_mut() {
                                put_varint(&mut w.out, 1 << 3 | 2);
                                put_varint(&mut w.out, marker.len() as u64);
                                w.out.extend_from_slice(marker.as_bytes());
                            }
                            fixed = Some(1 + varint_len(marker.len()) + marker.len());
                        }
                        Field::Msg(child) => {
                            let child_depth = match msg {
                                Msg::ArrayValue | Msg::KvList => depth + 1,
                                _ => depth,
                            };
                            let l = self.message(
                                &buf[start..start + key_len],
                                value,
                                base + at,
                                child,
                                child_depth,
                                &mut w,
                            )?;
                            fixed = l.map(|l| key_len + varint_len(l) + l);
                        }
                        Field::Str if std::str::from_utf8(value).is_err() => {
                            self.shape.invalid_utf8 += 1;
                            let l = lossy_len(value);
                            if let Some(w) = w.as_deref_mut() {
                                w.out.extend_from_slice(&buf[start..start + key_len]);
                                put_varint(&mut w.out, l as u64);
                                w.out
                                    .extend_from_slice(String::from_utf8_lossy(value).as_bytes());
                            }
                            fixed = Some(key_len + varint_len(l) + l);
                        }
                        Field::Str | Field::Other => {}
                    }
                }
                _ => return Err(Malformed),
            }
            match fixed {
                Some(l) => {
                    new_len += l;
                    touched = true;
                }
                None => {
                    new_len += pos - start;
                    if let Some(w) = w.as_deref_mut() {
                        w.out.extend_from_slice(&buf[start..pos]);
                    }
                }
            }
        }
        Ok((new_len, touched))
    }

    /// A submessage field (`key` is its key's bytes, `value` its body at offset `at`):
    /// `Some(new body length)` when something inside it is repaired, after writing the field
    /// when there is a writer; `None` when it stays as it is (and the caller copies it).
    fn message(
        &mut self,
        key: &[u8],
        value: &[u8],
        at: usize,
        child: Msg,
        depth: usize,
        w: &mut Option<&mut Writer>,
    ) -> Result<Option<usize>, Malformed> {
        let Some(writer) = w.as_deref_mut() else {
            match child {
                Msg::Span => self.shape.spans += 1,
                Msg::AnyValue | Msg::ArrayValue | Msg::KvList => self.shape.values += 1,
                _ => self.shape.nodes += 1,
            }
            let (len, touched) = self.walk(value, at, child, depth, None)?;
            if !touched {
                return Ok(None);
            }
            self.shape.touched += 1;
            if let Some(list) = &mut self.touched {
                list.push((at, len));
            }
            return Ok(Some(len));
        };
        let Some(&(_, len)) = writer.touched.get(writer.next).filter(|(o, _)| *o == at) else {
            return Ok(None);
        };
        writer.next += 1;
        // The key as it was; the length as it will be.
        writer.out.extend_from_slice(key);
        put_varint(&mut writer.out, len as u64);
        self.walk(value, at, child, depth, Some(writer))?;
        Ok(Some(len))
    }
}

/// Counts what a protobuf request holds and what [`repair`] would fix.
pub fn scan(body: &[u8], max_depth: usize) -> Shape {
    let mut w = Walker::new(max_depth, false);
    match w.walk(body, 0, Msg::Request, 0, None) {
        Ok((len, _)) => w.shape.repaired_len = len,
        Err(Malformed) => w.shape.malformed = true,
    }
    w.shape
}

/// A copy of `body` with invalid UTF-8 replaced and too-deep values cut; `None` when the walk
/// cannot follow the input. It takes [`Shape::repair_bytes`] of memory: the first pass lists the
/// messages whose length changes, the second writes the result once into a buffer of its final
/// size, copying untouched fields whole.
pub fn repair(body: &[u8], max_depth: usize) -> Option<Vec<u8>> {
    let mut sizer = Walker::new(max_depth, true);
    let (len, _) = sizer.walk(body, 0, Msg::Request, 0, None).ok()?;
    let mut touched = sizer.touched.take().unwrap_or_default();
    touched.sort_unstable();
    let mut writer = Writer {
        out: Vec::with_capacity(len),
        touched,
        next: 0,
    };
    Walker::new(max_depth, false)
        .walk(body, 0, Msg::Request, 0, Some(&mut writer))
        .ok()?;
    debug_assert_eq!(writer.out.len(), len);
    Some(writer.out)
}

#[cfg(test)]
mod tests;
