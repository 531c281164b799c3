//! How much of each span's raw attributes a trace read returns, and reading them that way.
//!
//! Stores keep a span's attributes as they arrived, and in agent traces they are mostly
//! payloads: prompts, completions, tool IO, often as dozens of indexed message keys. A reader
//! that draws only the structure (the tree and timeline) needs none of them, but the server
//! still derives each span's tool and error from a few keys (`semconv::complete`). Building
//! every value only to drop it was most of the cost of such a read, so a store can be asked for
//! [`SpanAttributes::Outline`] and skip the rest while parsing, without allocating them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::model::{Attributes, Span};
use crate::semconv;

/// Which of each span's raw attributes a trace read returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpanAttributes {
    /// All of them, as stored.
    #[default]
    All,
    /// Only the keys `semconv::complete` reads for an outline ([`semconv::outline_reads`]):
    /// enough to fill tool and error exactly as from all of them, but not provenance or the
    /// input and output payloads.
    Outline,
}

impl SpanAttributes {
    /// Whether a read of this kind returns the attribute `key`.
    pub fn keeps(self, key: &str) -> bool {
        match self {
            SpanAttributes::All => true,
            SpanAttributes::Outline => semconv::outline_reads(key),
        }
    }

    /// Parses a stored JSON object of attributes, building only the values this kind keeps;
    /// the others are checked and skipped, never allocated.
    pub fn parse_json(self, text: &str) -> serde_json::Result<Attributes> {
        match self {
            SpanAttributes::All => serde_json::from_str(text),
            SpanAttributes::Outline => {
                let mut de = serde_json::Deserializer::from_str(text);
                let attributes = Only(self).deserialize(&mut de)?;
                de.end()?;
                Ok(attributes)
            }
        }
    }
}

/// The attributes an outline read of `span` needs ([`semconv::outline_attributes`]) as a JSON
/// object: what a store may keep aside at ingest to answer [`SpanAttributes::Outline`] reads
/// without the rest (the SQLite store does).
pub fn outline_json(span: &Span) -> String {
    struct Kept<'a>(Vec<(&'a str, &'a serde_json::Value)>);

    impl serde::Serialize for Kept<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().copied())
        }
    }

    serde_json::to_string(&Kept(semconv::outline_attributes(span))).expect("JSON values serialize")
}

/// A map visitor that keeps the entries a [`SpanAttributes`] keeps.
struct Only(SpanAttributes);

impl<'de> DeserializeSeed<'de> for Only {
    type Value = Attributes;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Attributes, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Only {
    type Value = Attributes;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of attributes")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
        let mut out = Attributes::new();
        while let Some(Key(key)) = map.next_key()? {
            if self.0.keeps(&key) {
                out.insert(key.into_owned(), map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

/// A map key, borrowed from the input unless it holds escapes (serde's own `Cow<str>` always
/// copies, and most keys are skipped).
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an attribute key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }

        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STORED: &str = r#"{
        "tool.name": "search",
        "llm.input_messages.0.message.content": "a long prompt",
        "llm.input_messages.3.message.content": "another",
        "span.w\"eird": {"nested": [1, 2]},
        "error.type": "Timeout",
        "llm.token_count.prompt": 12
    }"#;

    #[test]
    fn all_keeps_every_attribute() {
        let all = SpanAttributes::All.parse_json(STORED).unwrap();
        assert_eq!(all, serde_json::from_str::<Attributes>(STORED).unwrap());
    }

    #[test]
    fn outline_keeps_only_the_keys_an_outline_is_completed_from() {
        let some = SpanAttributes::Outline.parse_json(STORED).unwrap();
        assert_eq!(
            serde_json::Value::Object(some),
            json!({"tool.name": "search", "error.type": "Timeout"})
        );
    }

    #[test]
    fn what_an_outline_keeps_round_trips_as_json() {
        let mut span = crate::model::test_span(1, 1, None, "search", 0, 1);
        span.attributes = SpanAttributes::All.parse_json(STORED).unwrap();
        let kept = outline_json(&span);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&kept).unwrap(),
            json!({"tool.name": "search", "error.type": "Timeout"})
        );
        assert_eq!(
            SpanAttributes::Outline.parse_json(&kept).unwrap(),
            SpanAttributes::Outline.parse_json(STORED).unwrap()
        );
        span.attributes = Attributes::new();
        assert_eq!(outline_json(&span), "{}");
    }

    #[test]
    fn skipped_values_are_still_checked() {
        let broken = r#"{"llm.input_messages.0.message.content": [1, }"#;
        assert!(SpanAttributes::Outline.parse_json(broken).is_err());
        assert!(
            SpanAttributes::Outline
                .parse_json(r#"{} trailing"#)
                .is_err()
        );
        assert!(SpanAttributes::Outline.parse_json("[]").is_err());
    }
}
