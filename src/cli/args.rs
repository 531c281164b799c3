//! Argument value types that clap validates, so bad input is a usage error (exit 2) decided
//! before anything else runs.

use std::time::Duration;

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

/// A trace id or a unique prefix of one (hex, any case).
pub fn parse_trace_id(s: &str) -> Result<crate::model::TraceIdPrefix, String> {
    s.parse()
        .map_err(|e| format!("{s:?} is not a trace id or id prefix: {e}"))
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
    fn trace_ids() {
        assert_eq!(parse_trace_id("0A87").unwrap().as_str(), "0a87");
        assert!(
            parse_trace_id("xyz")
                .unwrap_err()
                .contains("not a trace id")
        );
    }
}
