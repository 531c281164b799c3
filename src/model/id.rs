//! Trace and span identifiers.
//!
//! Ids are fixed-size byte arrays on the inside and lowercase hex on every boundary (JSON, tables,
//! URLs). Parsing is strict about length and alphabet but accepts upper-case hex, because some
//! SDKs and humans write ids that way. All-zero ids are invalid per the OpenTelemetry spec; the
//! decoder rejects them, but the types themselves can hold them so that a store can be read back
//! whatever it holds.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// Why a string is not an id (or id prefix).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("expected {expected} hex characters, got {actual}")]
    Length { expected: usize, actual: usize },
    #[error("{0:?} is not a hex digit")]
    NotHex(char),
    #[error("an id prefix must not be empty")]
    Empty,
}

macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident, $len:literal, $pattern:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub [u8; $len]);

        impl $name {
            /// Length of the id in bytes.
            pub const LEN: usize = $len;

            /// The id from raw bytes, or `None` when the slice has the wrong length.
            pub fn from_slice(bytes: &[u8]) -> Option<Self> {
                bytes.try_into().ok().map(Self)
            }

            /// True for the all-zero id, which the OpenTelemetry spec calls invalid.
            pub fn is_zero(&self) -> bool {
                self.0.iter().all(|b| *b == 0)
            }

            pub fn as_bytes(&self) -> &[u8] {
                &self.0
            }

            /// Lowercase hex, the form used everywhere outside the process.
            pub fn to_hex(&self) -> String {
                self.hex(&mut [0; $len * 2]).to_owned()
            }

            /// Lowercase hex written into `buf`: JSON writes ids per span (three each), and a
            /// 10k-span trace would otherwise allocate a string for every one of them.
            fn hex<'a>(&self, buf: &'a mut [u8; $len * 2]) -> &'a str {
                for (pair, b) in buf.chunks_exact_mut(2).zip(self.0) {
                    pair[0] = HEX[usize::from(b >> 4)];
                    pair[1] = HEX[usize::from(b & 0xf)];
                }
                std::str::from_utf8(buf).expect("hex digits are ASCII")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.hex(&mut [0; $len * 2]))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.to_hex())
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, IdError> {
                let mut out = [0u8; $len];
                decode_hex(s, &mut out)?;
                Ok(Self(out))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.hex(&mut [0; $len * 2]))
            }
        }

        /// Parsed straight from the input (serde's `Cow<str>` would copy each id into a
        /// `String` first).
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct IdVisitor;

                impl Visitor<'_> for IdVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        write!(f, "{} hex digits", $len * 2)
                    }

                    fn visit_str<E: de::Error>(self, s: &str) -> Result<$name, E> {
                        s.parse().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(IdVisitor)
            }
        }

        /// The wire form: lowercase hex of exactly `2 × LEN` digits.
        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some($pattern))
                    .min_length(Some($len * 2))
                    .max_length(Some($len * 2))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

hex_id!(
    /// A 16-byte OpenTelemetry trace id.
    TraceId,
    16,
    "^[0-9a-f]{32}$"
);
hex_id!(
    /// An 8-byte OpenTelemetry span id.
    SpanId,
    8,
    "^[0-9a-f]{16}$"
);

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends the lowercase hex form of `bytes` to `out`.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0xf) as usize] as char);
    }
}

fn nibble(c: u8) -> Result<u8, IdError> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(IdError::NotHex(c as char)),
    }
}

fn decode_hex(s: &str, out: &mut [u8]) -> Result<(), IdError> {
    let bytes = s.as_bytes();
    if bytes.len() != out.len() * 2 {
        return Err(IdError::Length {
            expected: out.len() * 2,
            actual: s.chars().count(),
        });
    }
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Ok(())
}

/// A lowercase hex prefix of a trace id, as a user types it (`canopy trace get 0a87`).
///
/// A full-length prefix is simply the id. The inclusive byte range `[low, high]` covers every
/// id that starts with the prefix, which lets a store answer a prefix with one index range scan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TraceIdPrefix(String);

impl TraceIdPrefix {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The full id when the prefix has all 32 digits.
    pub fn as_full(&self) -> Option<TraceId> {
        self.0.parse().ok()
    }

    /// The smallest and largest ids that start with this prefix.
    pub fn bounds(&self) -> (TraceId, TraceId) {
        let pad = |fill: char| -> TraceId {
            let mut s = self.0.clone();
            while s.len() < TraceId::LEN * 2 {
                s.push(fill);
            }
            s.parse()
                .expect("a validated prefix padded to full length is an id")
        };
        (pad('0'), pad('f'))
    }

    /// True when `id` starts with this prefix.
    pub fn matches(&self, id: &TraceId) -> bool {
        id.to_hex().starts_with(&self.0)
    }
}

impl FromStr for TraceIdPrefix {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        if s.len() > TraceId::LEN * 2 {
            return Err(IdError::Length {
                expected: TraceId::LEN * 2,
                actual: s.chars().count(),
            });
        }
        for c in s.bytes() {
            nibble(c)?;
        }
        Ok(Self(s.to_ascii_lowercase()))
    }
}

impl fmt::Display for TraceIdPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_id_round_trips_through_hex() {
        let id: TraceId = "0A87607CA2D6044AA146D9C4B073D4DC".parse().unwrap();
        assert_eq!(id.to_hex(), "0a87607ca2d6044aa146d9c4b073d4dc");
        assert_eq!(id.to_string().parse::<TraceId>().unwrap(), id);
    }

    #[test]
    fn wrong_length_and_alphabet_are_named() {
        assert_eq!(
            "abc".parse::<SpanId>(),
            Err(IdError::Length {
                expected: 16,
                actual: 3
            })
        );
        assert_eq!(
            "zz74459f3926f108".parse::<SpanId>(),
            Err(IdError::NotHex('z'))
        );
    }

    #[test]
    fn prefix_bounds_cover_exactly_the_prefix() {
        let p: TraceIdPrefix = "0A8".parse().unwrap();
        let (lo, hi) = p.bounds();
        assert_eq!(lo.to_hex(), "0a800000000000000000000000000000");
        assert_eq!(hi.to_hex(), "0a8fffffffffffffffffffffffffffff");
        assert!(p.matches(&"0a87607ca2d6044aa146d9c4b073d4dc".parse().unwrap()));
        assert!(p.as_full().is_none());
        assert!("".parse::<TraceIdPrefix>().is_err());
        assert!("0a8g".parse::<TraceIdPrefix>().is_err());
    }

    #[test]
    fn zero_ids_are_detected() {
        assert!(TraceId::default().is_zero());
        assert!(!SpanId([0, 0, 0, 0, 0, 0, 0, 1]).is_zero());
    }
}
