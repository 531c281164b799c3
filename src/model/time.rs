//! Points in time as Unix nanoseconds.
//!
//! OpenTelemetry timestamps are `fixed64` nanoseconds; canopy keeps them as a signed 64-bit count
//! (good until 2262) so that differences and SQL comparisons are plain integer arithmetic. On
//! every JSON boundary a time is RFC 3339 in UTC with exactly nine fractional digits, so strings
//! sort like the times they name; the reader also accepts an integer count of nanoseconds.

use std::fmt;

use serde::de::{self, Visitor};
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
        self.rfc3339().as_str().to_owned()
    }

    /// The RFC 3339 form, written into a buffer on the stack. Every span carries two times
    /// and JSON writes each of them, so this runs 20k times for a 10k-span trace: done here
    /// with integer arithmetic (every `i64` falls in years 1677 to 2262, so four-digit
    /// years), it costs a small part of formatting through `jiff::fmt::strtime` into a
    /// `String`, and writes the same text (a test compares the two).
    fn rfc3339(self) -> Rfc3339 {
        let secs = self.0.div_euclid(NANOS_PER_SEC);
        let nanos = self.0.rem_euclid(NANOS_PER_SEC);
        let (year, month, day) = civil_from_days(secs.div_euclid(SECS_PER_DAY));
        let of_day = secs.rem_euclid(SECS_PER_DAY);
        let mut out = *b"0000-00-00T00:00:00.000000000Z";
        let mut put = |at: usize, width: usize, mut n: i64| {
            for i in (at..at + width).rev() {
                out[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, month);
        put(8, 2, day);
        put(11, 2, of_day / 3600);
        put(14, 2, of_day / 60 % 60);
        put(17, 2, of_day % 60);
        put(20, 9, nanos);
        Rfc3339(out)
    }

    /// Parses RFC 3339 (any offset, any precision) or a bare integer of Unix nanoseconds.
    pub fn parse(s: &str) -> Result<Nanos, String> {
        if let Some(t) = Nanos::parse_canonical(s) {
            return Ok(t);
        }
        if let Ok(n) = s.parse::<i64>() {
            return Ok(Nanos(n));
        }
        s.parse::<jiff::Timestamp>()
            .map(Nanos::from_timestamp)
            .map_err(|e| format!("{s:?} is not an RFC 3339 time: {e}"))
    }

    /// The form [`Nanos::to_rfc3339`] writes, read without `jiff`: a client reads back two
    /// per span. `None` for anything else (another precision, an offset, an out-of-range
    /// field), which [`Nanos::parse`] then reads the general way.
    fn parse_canonical(s: &str) -> Option<Nanos> {
        let b: &[u8; 30] = s.as_bytes().try_into().ok()?;
        let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if separators.iter().any(|&(i, c)| b[i] != c) || b[19] != b'.' || b[29] != b'Z' {
            return None;
        }
        let num = |at: usize, width: usize| -> Option<i64> {
            b[at..at + width].iter().try_fold(0i64, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
            })
        };
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        if !(1..=12).contains(&month)
            || !(1..=days_in_month(year, month)).contains(&day)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let secs =
            days_from_civil(year, month, day) * SECS_PER_DAY + hour * 3600 + minute * 60 + second;
        // In i128: the earliest times are a negative second plus positive nanoseconds, and
        // the second alone does not fit.
        let nanos = i128::from(secs) * i128::from(NANOS_PER_SEC) + i128::from(num(20, 9)?);
        i64::try_from(nanos).ok().map(Nanos)
    }
}

const NANOS_PER_SEC: i64 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// [`Nanos::rfc3339`]'s output: always 30 ASCII bytes.
struct Rfc3339([u8; 30]);

impl Rfc3339 {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII digits and separators")
    }
}

/// Year, month and day of the proleptic Gregorian calendar for days since 1970-01-01
/// (Howard Hinnant's `civil_from_days`: eras of 400 years, years starting in March).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The inverse of [`civil_from_days`].
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rfc3339().as_str())
    }
}

impl fmt::Debug for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nanos({})", self.to_rfc3339())
    }
}

impl Serialize for Nanos {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.rfc3339().as_str())
    }
}

/// A string (see [`Nanos::parse`]) or an integer. A visitor rather than an untagged enum:
/// serde tries an untagged enum's variants in turn, and formatting the error of the integer
/// variant for every time string was a measurable part of decoding a large trace.
impl<'de> Deserialize<'de> for Nanos {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NanosVisitor;

        impl Visitor<'_> for NanosVisitor {
            type Value = Nanos;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 time or an integer of Unix nanoseconds")
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Nanos, E> {
                Ok(Nanos(n))
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Nanos, E> {
                i64::try_from(n)
                    .map(Nanos)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(n), &self))
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Nanos, E> {
                Nanos::parse(s).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(NanosVisitor)
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
    fn rfc3339_matches_jiff_across_the_whole_range() {
        let jiff = |t: Nanos| {
            t.to_timestamp()
                .strftime("%Y-%m-%dT%H:%M:%S%.9fZ")
                .to_string()
        };
        // Edges, leap days and century years, then a deterministic spread over all of i64.
        let mut samples = vec![
            i64::MIN,
            i64::MIN + 1,
            -1,
            0,
            1,
            951_782_400_000_000_000,   // 2000-02-29
            4_107_542_399_999_999_999, // 2100-02-28T23:59:59.999999999
            i64::MAX,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(x as i64);
        }
        for n in samples {
            let t = Nanos(n);
            let text = t.to_rfc3339();
            assert_eq!(text, jiff(t), "{n}");
            assert_eq!(Nanos::parse_canonical(&text), Some(t), "{text}");
        }
    }

    #[test]
    fn the_canonical_reader_leaves_other_forms_to_jiff() {
        for other in [
            "2026-02-30T00:00:00.000000000Z", // no such day
            "2026-11-21T24:00:00.000000000Z",
            "2026-11-21T12:00:00.000000000+", // not UTC
            "2026-11-21 12:00:00.000000000Z",
            "2026-11-21T12:00:00.00000000xZ",
            "+026-11-21T12:00:00.000000000Z",
            "2026-11-21T12:00:00.000Z",
        ] {
            assert_eq!(Nanos::parse_canonical(other), None, "{other}");
        }
        assert_eq!(
            Nanos::parse("2026-11-21T12:00:00.5Z").unwrap().to_rfc3339(),
            "2026-11-21T12:00:00.500000000Z"
        );
        assert!(Nanos::parse("2026-02-30T00:00:00.000000000Z").is_err());
    }

    #[test]
    fn json_takes_strings_and_integers() {
        let from = |json: &str| serde_json::from_str::<Nanos>(json);
        assert_eq!(from("42").unwrap(), Nanos(42));
        assert_eq!(from("-42").unwrap(), Nanos(-42));
        assert_eq!(
            from(r#""1970-01-01T00:00:00.000000042Z""#).unwrap(),
            Nanos(42)
        );
        assert!(from("18446744073709551615").is_err());
        assert!(from(r#""soon""#).is_err());
        assert!(from("1.5").is_err());
    }

    #[test]
    fn negative_durations_clamp_to_zero() {
        assert_eq!(Nanos(10).since(Nanos(20)), 0);
        assert_eq!(Nanos(20).since(Nanos(10)), 10);
        assert_eq!(Nanos::MAX.since(Nanos::MIN), i64::MAX);
    }
}
