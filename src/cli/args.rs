//! Argument value types that clap validates, so bad input is a usage error (exit 2) decided
//! before anything else runs.

use std::ffi::OsStr;
use std::time::Duration;

use crate::secret::Secret;

/// A `--range`: a window ending now, or everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeArg {
    Last(Duration),
    All,
}

/// Parses `15m`, `1h`, `24h`, `7d`, `90s`, `2w`… or `all`.
pub fn parse_range(s: &str) -> Result<RangeArg, String> {
    if s.eq_ignore_ascii_case("all") {
        return Ok(RangeArg::All);
    }
    parse_duration(s).map(RangeArg::Last)
}

/// Parses a positive duration such as `500ms`, `15m`, `1h30m`, `7d`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s.trim()).map_err(|_| {
        format!("{s:?} is not a duration; use a number and a unit, like 15m, 1h, 24h or 7d")
    })?;
    if d.is_zero() {
        return Err(format!("{s:?} is an empty duration"));
    }
    Ok(d)
}

/// A `--from`/`--to` time: an RFC 3339 instant, or a duration meaning that long ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeArg {
    At(jiff::Timestamp),
    Ago(Duration),
}

pub fn parse_time(s: &str) -> Result<TimeArg, String> {
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Ok(TimeArg::At(ts));
    }
    if let Ok(d) = humantime::parse_duration(s.trim()) {
        return Ok(TimeArg::Ago(d));
    }
    Err(format!(
        "{s:?} is not a time; use RFC 3339 (2026-11-21T09:30:00Z) or a duration ago (2h)"
    ))
}

/// An annotation label: 1 to 256 characters, trimmed.
pub fn parse_label(s: &str) -> Result<String, String> {
    let label = s.trim();
    if label.is_empty() || label.chars().count() > 256 {
        return Err("a label has 1 to 256 characters".into());
    }
    Ok(label.to_string())
}

/// `--grpc-listen`: an address, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrpcListen {
    At(std::net::SocketAddr),
    Off,
}

pub fn parse_grpc_listen(s: &str) -> Result<GrpcListen, String> {
    if s.eq_ignore_ascii_case("off") {
        return Ok(GrpcListen::Off);
    }
    s.parse()
        .map(GrpcListen::At)
        .map_err(|_| format!("{s:?} is not an address like 127.0.0.1:4317, or off"))
}

/// A trace id or a unique prefix of one (hex, any case).
pub fn parse_trace_id(s: &str) -> Result<crate::model::TraceIdPrefix, String> {
    s.parse()
        .map_err(|e| format!("{s:?} is not a trace id or id prefix: {e}"))
}

/// A `--retention`: an age, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionArg {
    Keep(Duration),
    Off,
}

/// Parses `30d`, `12h`, `2w`… or `off`.
pub fn parse_retention(s: &str) -> Result<RetentionArg, String> {
    if s.trim().eq_ignore_ascii_case("off") {
        return Ok(RetentionArg::Off);
    }
    parse_duration(s)
        .map(RetentionArg::Keep)
        .map_err(|e| format!("{e}, or off"))
}

/// Parses a positive size in bytes: `1048576`, `512KiB`, `64MiB`, `1GiB` (also `KB`, `MB`, `GB`
/// as powers of 1000), any case.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let bad = || {
        format!("{s:?} is not a size; use a number of bytes or a unit, like 512KiB, 64MiB or 1GiB")
    };
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: usize = digits.parse().map_err(|_| bad())?;
    let factor: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" | "k" => 1000,
        "kib" => 1 << 10,
        "mb" | "m" => 1000 * 1000,
        "mib" => 1 << 20,
        "gb" | "g" => 1000 * 1000 * 1000,
        "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    match n.checked_mul(factor) {
        Some(0) => Err(format!("{s:?} is zero; use a positive size")),
        Some(bytes) => Ok(bytes),
        None => Err(format!("{s:?} is too large")),
    }
}

/// Parses a token without ever echoing it: clap's usual error would print the rejected value.
#[derive(Debug, Clone, Copy, Default)]
pub struct SecretParser;

impl clap::builder::TypedValueParser for SecretParser {
    type Value = Secret;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Secret, clap::Error> {
        let name = arg.map_or_else(|| "the token".to_string(), |a| format!("--{}", a.get_id()));
        let fail = |why: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("{name}: {why}\n"),
            )
            .with_cmd(cmd)
        };
        let text = value
            .to_str()
            .ok_or_else(|| fail("a token must be printable ASCII without spaces".into()))?;
        Secret::new(text).map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range("15m"),
            Ok(RangeArg::Last(Duration::from_secs(900)))
        );
        assert_eq!(
            parse_range("7d"),
            Ok(RangeArg::Last(Duration::from_secs(7 * 86_400)))
        );
        assert_eq!(parse_range("ALL"), Ok(RangeArg::All));
        assert!(parse_range("soon").unwrap_err().contains("15m, 1h"));
        assert!(parse_range("0s").is_err());
    }

    #[test]
    fn times() {
        assert!(matches!(
            parse_time("2026-11-21T09:30:00Z"),
            Ok(TimeArg::At(_))
        ));
        assert_eq!(
            parse_time("2h"),
            Ok(TimeArg::Ago(Duration::from_secs(7200)))
        );
        assert!(parse_time("tuesday").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512 kib"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2GB"), Ok(2_000_000_000));
        assert!(parse_size("0").unwrap_err().contains("zero"));
        assert!(parse_size("lots").unwrap_err().contains("64MiB"));
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("99999999999999999999GiB").is_err());
    }

    #[test]
    fn retention() {
        assert_eq!(
            parse_retention("30d"),
            Ok(RetentionArg::Keep(Duration::from_secs(30 * 86_400)))
        );
        assert_eq!(parse_retention("OFF"), Ok(RetentionArg::Off));
        assert!(parse_retention("forever").unwrap_err().contains("or off"));
    }

    #[test]
    fn trace_ids() {
        assert_eq!(parse_trace_id("0A87").unwrap().as_str(), "0a87");
        assert!(
            parse_trace_id("xyz")
                .unwrap_err()
                .contains("not a trace id")
        );
    }
}
