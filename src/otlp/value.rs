//! OTLP `AnyValue`s → JSON attribute values, within limits.
//!
//! A span is never refused for an oversized or deeply nested value: the value is cut, the cut is
//! marked in the value itself so a reader sees it, and [`Clipped`] counts it so the server can
//! log it and report it as an OTLP partial-success warning.
//!
//! - Each attribute value gets a budget of [`ValueLimits::max_bytes`]. Strings spend their
//!   length, other scalars 8 bytes, map keys their length. A string that does not fit is cut at a
//!   character boundary and ends in [`truncated_marker`]; an array or map that runs out stops and
//!   gets one more element (or entry) saying how many were cut.
//! - Arrays and maps nest at most [`ValueLimits::max_depth`] levels; a container that would
//!   nest deeper is replaced by the string [`too_deep_marker`]. Conversion recurses at most that
//!   deep, which is what keeps it off the end of the stack.
//! - Names, keys and status messages are cut to the same byte limit.

use base64::Engine;
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
use serde_json::Value as J;

use crate::model::Attributes;

/// Default for [`ValueLimits::max_bytes`]: 1 MiB, room for a long prompt or a whole conversation.
pub const DEFAULT_MAX_VALUE_BYTES: usize = 1024 * 1024;
/// Default for [`ValueLimits::max_depth`].
pub const DEFAULT_MAX_DEPTH: usize = 16;
/// The deepest [`ValueLimits::max_depth`] may be set. prost refuses protobuf messages nested more
/// than 100 levels, and each map level costs three of them (`AnyValue`, `KeyValueList`,
/// `KeyValue`) below the seven of a span event's attribute, so deeper values could not be decoded
/// at all; `otlp::wire` cuts protobuf values at this same depth before prost sees them.
pub const MAX_DEPTH_LIMIT: usize = 24;

/// What a value scalar costs against the byte budget.
const SCALAR_BYTES: usize = 8;

/// How large and how deep one attribute value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueLimits {
    /// Bytes per attribute value (and per name, key or status message).
    pub max_bytes: usize,
    /// Levels of array/map nesting inside one attribute value.
    pub max_depth: usize,
}

impl Default for ValueLimits {
    fn default() -> Self {
        ValueLimits {
            max_bytes: DEFAULT_MAX_VALUE_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// What was cut while converting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clipped {
    /// Values, names or keys cut because they were longer than the byte limit.
    pub truncated: u64,
    /// Arrays or maps replaced because they nested deeper than the depth limit.
    pub too_deep: u64,
}

/// The end of a string that was cut: `…[canopy: cut 1048576 of 2097152 bytes]`.
pub fn truncated_marker(cut: usize, total: usize) -> String {
    format!("…[canopy: cut {cut} of {total} bytes]")
}

/// What replaces an array or map nested too deep: `[canopy: nested deeper than 16 levels]`.
pub fn too_deep_marker(max_depth: usize) -> String {
    format!("[canopy: nested deeper than {max_depth} levels]")
}

/// The extra element of an array (or value of a map entry) that ran out of budget.
fn elements_marker(n: usize) -> String {
    format!("…[canopy: cut {n} more elements]")
}

/// The key of the extra entry of a map that ran out of budget.
const CUT_KEY: &str = "…[canopy: cut]";

/// Converts wire values to model values, counting what it cuts.
#[derive(Debug)]
pub struct Converter {
    limits: ValueLimits,
    pub clipped: Clipped,
}

impl Converter {
    pub fn new(limits: ValueLimits) -> Converter {
        Converter {
            limits: ValueLimits {
                max_bytes: limits.max_bytes.max(1),
                max_depth: limits.max_depth.min(MAX_DEPTH_LIMIT),
            },
            clipped: Clipped::default(),
        }
    }

    /// OTLP key-values → a JSON map. A repeated key keeps its last value, as the spec allows.
    pub fn attributes(&mut self, kvs: Vec<KeyValue>) -> Attributes {
        let mut map = Attributes::new();
        for kv in kvs {
            let key = self.text(kv.key);
            let mut budget = self.limits.max_bytes;
            let value = self.value_at(kv.value, 0, &mut budget);
            map.insert(key, value);
        }
        map
    }

    /// One top-level value, with a fresh budget.
    pub fn value(&mut self, v: Option<AnyValue>) -> J {
        let mut budget = self.limits.max_bytes;
        self.value_at(v, 0, &mut budget)
    }

    /// A name, key or message, cut to the byte limit.
    pub fn text(&mut self, mut s: String) -> String {
        if s.len() > self.limits.max_bytes {
            self.cut(&mut s, self.limits.max_bytes);
        }
        s
    }

    fn cut(&mut self, s: &mut String, keep: usize) {
        let total = s.len();
        let mut at = keep.min(total);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
        s.push_str(&truncated_marker(total - at, total));
        self.clipped.truncated += 1;
    }

    fn fit(&mut self, mut s: String, budget: &mut usize) -> String {
        if s.len() > *budget {
            let keep = *budget;
            self.cut(&mut s, keep);
            *budget = 0;
        } else {
            *budget -= s.len();
        }
        s
    }

    fn string(&mut self, s: String, budget: &mut usize) -> J {
        J::String(self.fit(s, budget))
    }

    /// `depth` is the nesting level of `v` itself: 0 for an attribute's value.
    fn value_at(&mut self, v: Option<AnyValue>, depth: usize, budget: &mut usize) -> J {
        use any_value::Value as V;
        let v = v.and_then(|v| v.value);
        if depth >= self.limits.max_depth && matches!(v, Some(V::ArrayValue(_) | V::KvlistValue(_)))
        {
            self.clipped.too_deep += 1;
            return self.string(too_deep_marker(self.limits.max_depth), budget);
        }
        if matches!(
            v,
            None | Some(V::BoolValue(_) | V::IntValue(_) | V::DoubleValue(_))
        ) {
            *budget = budget.saturating_sub(SCALAR_BYTES);
        }
        match v {
            None => J::Null,
            Some(V::StringValue(s)) => self.string(s, budget),
            Some(V::BoolValue(b)) => J::Bool(b),
            Some(V::IntValue(i)) => J::from(i),
            // Non-finite doubles, which JSON cannot hold, become their names ("NaN", "inf").
            Some(V::DoubleValue(d)) => {
                serde_json::Number::from_f64(d).map_or_else(|| J::String(d.to_string()), J::Number)
            }
            Some(V::BytesValue(b)) => {
                self.string(base64::engine::general_purpose::STANDARD.encode(b), budget)
            }
            Some(V::ArrayValue(a)) => {
                let total = a.values.len();
                let mut out = Vec::with_capacity(total.min(1024));
                for v in a.values {
                    if *budget == 0 {
                        self.clipped.truncated += 1;
                        out.push(J::String(elements_marker(total - out.len())));
                        break;
                    }
                    out.push(self.value_at(Some(v), depth + 1, budget));
                }
                J::Array(out)
            }
            Some(V::KvlistValue(kv)) => {
                let total = kv.values.len();
                let mut map = Attributes::new();
                for (i, kv) in kv.values.into_iter().enumerate() {
                    if *budget == 0 {
                        self.clipped.truncated += 1;
                        map.insert(CUT_KEY.into(), J::String(elements_marker(total - i)));
                        break;
                    }
                    let key = self.fit(kv.key, budget);
                    let value = self.value_at(kv.value, depth + 1, budget);
                    map.insert(key, value);
                }
                J::Object(map)
            }
            // String-table references exist only in the profiling signal; traces never use them.
            Some(V::StringValueStrindex(_)) => J::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentelemetry_proto::tonic::common::v1::{ArrayValue, KeyValueList};

    fn s(v: &str) -> AnyValue {
        AnyValue {
            value: Some(any_value::Value::StringValue(v.into())),
        }
    }

    fn arr(values: Vec<AnyValue>) -> AnyValue {
        AnyValue {
            value: Some(any_value::Value::ArrayValue(ArrayValue { values })),
        }
    }

    fn limits(max_bytes: usize, max_depth: usize) -> Converter {
        Converter::new(ValueLimits {
            max_bytes,
            max_depth,
        })
    }

    #[test]
    fn long_strings_are_cut_at_a_char_boundary_and_marked() {
        let mut c = limits(5, 4);
        assert_eq!(
            c.value(Some(s("héllo wörld"))),
            J::from("héll…[canopy: cut 8 of 13 bytes]")
        );
        assert_eq!(c.value(Some(s("short"))), J::from("short"));
        assert_eq!(
            c.clipped,
            Clipped {
                truncated: 1,
                too_deep: 0
            }
        );
        assert_eq!(
            c.text("a longer name".into()),
            "a lon…[canopy: cut 8 of 13 bytes]"
        );
    }

    #[test]
    fn arrays_stop_when_the_budget_runs_out() {
        let mut c = limits(20, 4);
        let big = arr((0..1000).map(|i| s(&format!("{i:04}"))).collect());
        let out = c.value(Some(big));
        let out = out.as_array().unwrap();
        assert_eq!(out.len(), 6);
        assert_eq!(out[4], J::from("0004"));
        assert_eq!(out[5], J::from("…[canopy: cut 995 more elements]"));
        assert_eq!(c.clipped.truncated, 1);
    }

    #[test]
    fn nesting_past_the_limit_is_replaced() {
        let mut v = s("leaf");
        for _ in 0..40 {
            v = arr(vec![v]);
        }
        let mut c = limits(1 << 20, 3);
        let out = c.value(Some(v));
        assert_eq!(
            out,
            serde_json::json!([[["[canopy: nested deeper than 3 levels]"]]])
        );
        assert_eq!(c.clipped.too_deep, 1);

        let map = AnyValue {
            value: Some(any_value::Value::KvlistValue(KeyValueList {
                values: vec![KeyValue {
                    key: "k".into(),
                    value: Some(arr(vec![s("x")])),
                    ..Default::default()
                }],
            })),
        };
        assert_eq!(
            limits(100, 1).value(Some(map)),
            serde_json::json!({"k": "[canopy: nested deeper than 1 levels]"})
        );
    }

    #[test]
    fn depth_is_capped_at_what_protobuf_can_carry() {
        let c = limits(10, 1000);
        assert_eq!(c.limits.max_depth, MAX_DEPTH_LIMIT);
    }
}
