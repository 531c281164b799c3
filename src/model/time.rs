//! Points in time as Unix nanoseconds.
//!
//! OpenTelemetry timestamps are `fixed64` nanoseconds; canopy keeps them as a signed 64-bit count
//! (good until 2262) so that differences and SQL comparisons are plain integer arithmetic. On
//! every JSON boundary a time is RFC 3339 in UTC with exactly nine fractional digits, so strings
//! sort like the times they name; the reader also accepts an integer count of nanoseconds.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

/// A point in time, in nanoseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Nanos(pub i64);

impl Nanos {
    pub const MIN: Nanos = Nanos(i64::MIN);
    pub const MAX: Nanos = Nanos(i64::MAX);

    /// Converts an OTLP `fixed64`, saturating the (far future) values that do not fit.
    pub fn from_unix_nanos(n: u64) -> Nanos {
        Nanos(i64::try_from(n).unwrap_or(i64::MAX))
    }

    pub fn as_i64(self) -> i64 {
        self.0
    }

    /// Nanoseconds from `earlier` to `self`, never negative: a span that ends before it starts
    /// has zero duration rather than a negative one.
    pub fn since(self, earlier: Nanos) -> i64 {
        self.0.saturating_sub(earlier.0).max(0)
    }

    pub fn to_timestamp(self) -> jiff::Timestamp {
        jiff::Timestamp::from_nanosecond(i128::from(self.0)).unwrap_or(if self.0 < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        })
    }

    pub fn from_timestamp(ts: jiff::Timestamp) -> Nanos {
        Nanos(
            i64::try_from(ts.as_nanosecond()).unwrap_or(if ts.as_nanosecond() < 0 {
                i64::MIN
            } else {
                i64::MAX
            }),
        )
    }

    /// RFC 3339, UTC, nine fractional digits: `2026-11-21T12:00:00.000000000Z`.
    pub fn to_rfc3339(self) -> String {
        self.to_timestamp()
            .strftime("%Y-%m-%dT%H:%M:%S%.9fZ")
            .to_string()
    }

    /// Parses RFC 3339 (any offset, any precision) or a bare integer of Unix nanoseconds.
    pub fn parse(s: &str) -> Result<Nanos, String> {
        if let Ok(n) = s.parse::<i64>() {
            return Ok(Nanos(n));
        }
        s.parse::<jiff::Timestamp>()
            .map(Nanos::from_timestamp)
            .map_err(|e| format!("{s:?} is not an RFC 3339 time: {e}"))
    }
}

impl fmt::Display for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nanos({})", self.to_rfc3339())
    }
}

impl Serialize for Nanos {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Nanos {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw<'a> {
            Int(i64),
            #[serde(borrow)]
            Str(std::borrow::Cow<'a, str>),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Int(n) => Ok(Nanos(n)),
            Raw::Str(s) => Nanos::parse(&s).map_err(serde::de::Error::custom),
        }
    }
}

/// The wire form: RFC 3339 in UTC with nine fractional digits (what `Serialize` writes; the
/// integer form is accepted on input only).
impl utoipa::PartialSchema for Nanos {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .pattern(Some(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$"))
            .description(Some("RFC 3339 in UTC with nine fractional digits"))
            .examples(["2026-11-21T12:00:00.000000000Z"])
            .into()
    }
}

impl utoipa::ToSchema for Nanos {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_has_nine_digits_and_round_trips() {
        let t = Nanos(1_795_318_636_445_815_096);
        let s = t.to_rfc3339();
        assert_eq!(s, "2026-11-22T03:37:16.445815096Z");
        assert_eq!(Nanos::parse(&s).unwrap(), t);
        assert_eq!(Nanos(0).to_rfc3339(), "1970-01-01T00:00:00.000000000Z");
    }

    #[test]
    fn parse_accepts_offsets_and_integers() {
        assert_eq!(Nanos::parse("1970-01-01T01:00:00+01:00").unwrap(), Nanos(0));
        assert_eq!(Nanos::parse("42").unwrap(), Nanos(42));
        assert!(Nanos::parse("yesterday").is_err());
    }

    #[test]
    fn negative_durations_clamp_to_zero() {
        assert_eq!(Nanos(10).since(Nanos(20)), 0);
        assert_eq!(Nanos(20).since(Nanos(10)), 10);
        assert_eq!(Nanos::MAX.since(Nanos::MIN), i64::MAX);
    }
}
