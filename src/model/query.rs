//! What a list request asks for, shared by the client (which writes it into a URL), the server
//! (which reads it back) and the stores (which run it).
//!
//! Pagination is keyset-based: a [`Cursor`] names the last row of the previous page by its sort
//! key and trace id, so pages stay stable while new traces arrive and every store, SQLite or
//! ClickHouse, walks the same order (newest first, ties broken on the trace id).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Nanos, TraceId};

/// The most rows one page may hold, whatever the client asks for.
pub const MAX_PAGE: usize = 1000;
/// Rows per page when the request does not say.
pub const DEFAULT_PAGE: usize = 50;

/// Filters and paging for `GET /api/v1/traces`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceQuery {
    /// Traces that start at or after this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Nanos>,
    /// Traces that start before this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Nanos>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<Cursor>,
}

impl TraceQuery {
    /// The page size to use: the request's, clamped to `1..=MAX_PAGE`.
    pub fn page_size(&self) -> usize {
        self.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
    }
}

/// Where the previous page ended: its last row's sort key and trace id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub key: i64,
    pub trace_id: TraceId,
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.key, self.trace_id)
    }
}

impl FromStr for Cursor {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a cursor returned by this server");
        let (key, id) = s.split_once('.').ok_or_else(bad)?;
        Ok(Cursor {
            key: key.parse().map_err(|_| bad())?,
            trace_id: id.parse().map_err(|_| bad())?,
        })
    }
}

impl Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor {
            key: -5,
            trace_id: TraceId([0xab; 16]),
        };
        assert_eq!(c.to_string().parse::<Cursor>().unwrap(), c);
        assert!("nope".parse::<Cursor>().is_err());
        assert!("1.xyz".parse::<Cursor>().is_err());
    }

    #[test]
    fn page_size_is_clamped() {
        let mut q = TraceQuery::default();
        assert_eq!(q.page_size(), DEFAULT_PAGE);
        q.limit = Some(0);
        assert_eq!(q.page_size(), 1);
        q.limit = Some(1_000_000);
        assert_eq!(q.page_size(), MAX_PAGE);
    }
}
