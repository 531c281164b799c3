//! Sessions: the traces that share a session id (a conversation, in most agent SDKs), in order.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::query::{Filter, Pair, page_size};
use super::{Nanos, Totals, TraceSummary, push_hex};

/// One row of `session list`: a session's traces summed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct SessionSummary {
    pub session_id: String,
    pub trace_count: u64,
    /// When the first trace started.
    pub start_time: Nanos,
    /// When the latest trace started (the session's last activity).
    pub last_time: Nanos,
    pub span_count: u64,
    pub error_count: u64,
    #[serde(flatten)]
    pub totals: Totals,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub agents: Vec<String>,
}

impl SessionSummary {
    /// The summary of a session from its traces (in any order). `None` without traces.
    pub fn from_traces(session_id: &str, traces: &[TraceSummary]) -> Option<SessionSummary> {
        let first = traces.first()?;
        let mut s = SessionSummary {
            session_id: session_id.to_string(),
            start_time: first.start_time,
            last_time: first.start_time,
            ..Default::default()
        };
        for t in traces {
            s.trace_count += 1;
            s.start_time = s.start_time.min(t.start_time);
            s.last_time = s.last_time.max(t.start_time);
            s.span_count += t.span_count;
            s.error_count += t.error_count;
            s.totals.add(&t.totals);
            if s.user_id.is_none() {
                s.user_id.clone_from(&t.user_id);
            }
            for a in &t.agents {
                if !s.agents.contains(a) {
                    s.agents.push(a.clone());
                }
            }
        }
        Some(s)
    }
}

/// `GET /api/v1/sessions/{id}`: the session and its traces in start order (its turns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Session {
    pub session: SessionSummary,
    pub traces: Vec<TraceSummary>,
}

/// One page of `GET /api/v1/sessions`, most recently active first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SessionPage {
    pub sessions: Vec<SessionSummary>,
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/sessions`: sessions with at least one trace matching the filter (each
/// summed over all its traces), most recently active first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionQuery {
    pub filter: Filter,
    pub limit: Option<usize>,
    pub cursor: Option<SessionCursor>,
}

impl SessionQuery {
    pub fn page_size(&self) -> usize {
        page_size(self.limit)
    }

    pub fn to_pairs(&self) -> Vec<Pair> {
        let mut out = Vec::new();
        self.filter.write(&mut out);
        if let Some(l) = self.limit {
            out.push(("limit", l.to_string()));
        }
        if let Some(c) = &self.cursor {
            out.push(("cursor", c.to_string()));
        }
        out
    }

    pub fn from_pairs<'a>(
        pairs: &mut dyn Iterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
    ) -> Result<SessionQuery, String> {
        let mut q = SessionQuery::default();
        for (k, v) in pairs {
            match k.as_ref() {
                "limit" => {
                    q.limit = Some(
                        v.parse()
                            .map_err(|_| format!("limit: {v:?} is not a number"))?,
                    )
                }
                "cursor" => q.cursor = Some(v.parse().map_err(|e| format!("cursor: {e}"))?),
                k => {
                    if !q.filter.read(k, &v).map_err(|e| format!("{k}: {e}"))? {
                        return Err(format!("unknown parameter {k:?}"));
                    }
                }
            }
        }
        Ok(q)
    }
}

/// Where a page of sessions ended: its last row's last activity and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCursor {
    pub last_time: Nanos,
    pub session_id: String,
}

impl SessionCursor {
    /// The cursor that continues a session list after `s`.
    pub fn after(s: &SessionSummary) -> SessionCursor {
        SessionCursor {
            last_time: s.last_time,
            session_id: s.session_id.clone(),
        }
    }
}

impl fmt::Display for SessionCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Session ids are free text; hex keeps the cursor one opaque URL-safe token.
        let mut hex = String::new();
        push_hex(&mut hex, self.session_id.as_bytes());
        write!(f, "{}.{hex}", self.last_time.0)
    }
}

impl FromStr for SessionCursor {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a cursor returned by this server");
        let (time, hex) = s.split_once('.').ok_or_else(bad)?;
        if hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        Ok(SessionCursor {
            last_time: Nanos(time.parse().map_err(|_| bad())?),
            session_id: String::from_utf8(bytes).map_err(|_| bad())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_sums_its_traces() {
        let turn = |start: i64, tokens: u64, agents: &[&str]| TraceSummary {
            start_time: Nanos(start),
            span_count: 2,
            error_count: u64::from(start == 20),
            user_id: (start == 20).then(|| "user-42".to_string()),
            agents: agents.iter().map(|a| a.to_string()).collect(),
            totals: Totals {
                total_tokens: tokens,
                llm_count: 1,
                cost_usd: Some(0.5),
                ..Default::default()
            },
            ..Default::default()
        };
        let s = SessionSummary::from_traces("s1", &[turn(20, 5, &["b", "a"]), turn(10, 7, &["a"])])
            .unwrap();
        assert_eq!(
            (s.trace_count, s.start_time, s.last_time),
            (2, Nanos(10), Nanos(20))
        );
        assert_eq!(
            (
                s.span_count,
                s.error_count,
                s.totals.total_tokens,
                s.totals.llm_count
            ),
            (4, 1, 12, 2)
        );
        assert_eq!(s.totals.cost_usd, Some(1.0));
        assert_eq!(
            (s.user_id.as_deref(), s.agents.clone()),
            (Some("user-42"), vec!["b".to_string(), "a".to_string()])
        );
        assert!(SessionSummary::from_traces("s1", &[]).is_none());
    }

    #[test]
    fn cursors_and_queries_round_trip() {
        let c = SessionCursor {
            last_time: Nanos(42),
            session_id: "sess 1/ü".into(),
        };
        assert_eq!(c.to_string().parse::<SessionCursor>().unwrap(), c);
        assert!("42.zz".parse::<SessionCursor>().is_err());
        let q = SessionQuery {
            filter: Filter {
                user: vec!["u".into()],
                ..Default::default()
            },
            limit: Some(3),
            cursor: Some(c),
        };
        let text = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(q.to_pairs().iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        let mut pairs = form_urlencoded::parse(text.as_bytes());
        assert_eq!(SessionQuery::from_pairs(&mut pairs).unwrap(), q);
    }
}
