//! What a list request asks for, shared by the client (which writes it into a URL), the server
//! (which reads it back) and the stores (which run it).
//!
//! One filter vocabulary serves trace lists, span lists and facets. A filter field given several
//! times matches any of its values; different fields must all match. For traces, span-level
//! fields (kind, model, agent, attributes, text) match a trace that has at least one such span,
//! and durations are trace durations; for spans, everything applies to the span itself.
//!
//! Pagination is keyset-based: a [`Cursor`] names the last row of the previous page by its sort
//! key and ids, so pages stay stable while new data arrives and every store walks the same
//! order (ties broken on trace id, then span id, in the sort's direction).
//!
//! The query-string form ([`TraceQuery::to_pairs`] / [`TraceQuery::from_pairs`]) repeats a
//! parameter for several values (`service=a&service=b`) and writes attribute conditions as
//! `attr=KEY OP VALUE` (`attr=llm.model_name = gpt-4o`, `attr=user.id exists`).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use utoipa::ToSchema;

use super::{Nanos, Span, SpanId, SpanKind, TraceId, TraceIdPrefix, TraceSummary};

/// The most rows one page may hold, whatever the client asks for.
pub const MAX_PAGE: usize = 1000;
/// Rows per page when the request does not say.
pub const DEFAULT_PAGE: usize = 50;

/// `--status`: spans (or traces) with an error, or without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum StatusFilter {
    Ok,
    Error,
}

/// The operator of an attribute condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrOp {
    Eq,
    Ne,
    /// Substring, case-insensitive.
    Contains,
    /// Numeric comparison when both sides are numbers, else text order.
    Gt,
    Lt,
    Exists,
}

impl AttrOp {
    pub const ALL: [(AttrOp, &'static str); 6] = [
        (AttrOp::Eq, "="),
        (AttrOp::Ne, "!="),
        (AttrOp::Contains, "~"),
        (AttrOp::Gt, ">"),
        (AttrOp::Lt, "<"),
        (AttrOp::Exists, "exists"),
    ];

    pub fn as_str(self) -> &'static str {
        AttrOp::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("=", |(_, s)| s)
    }

    pub fn parse(s: &str) -> Option<AttrOp> {
        AttrOp::ALL.iter().find(|(_, t)| *t == s).map(|(op, _)| *op)
    }
}

/// `--attr KEY OP VALUE`: a condition on a raw attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrFilter {
    pub key: String,
    pub op: AttrOp,
    /// Absent for `exists`.
    pub value: Option<String>,
}

impl AttrFilter {
    /// From its three command-line words (two for `exists`).
    pub fn new(key: &str, op: &str, value: Option<&str>) -> Result<AttrFilter, String> {
        let ops = AttrOp::ALL.map(|(_, s)| s).join(" ");
        let op = AttrOp::parse(op)
            .ok_or_else(|| format!("{op:?} is not an attribute operator; use one of: {ops}"))?;
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(format!("{key:?} is not an attribute key"));
        }
        match (op, value) {
            (AttrOp::Exists, None) => {}
            (AttrOp::Exists, Some(v)) => return Err(format!("`exists` takes no value, got {v:?}")),
            (_, None) => return Err(format!("`{key} {}` needs a value", op.as_str())),
            _ => {}
        }
        Ok(AttrFilter {
            key: key.to_string(),
            op,
            value: value.map(str::to_string),
        })
    }
}

impl fmt::Display for AttrFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} {} {}", self.key, self.op.as_str(), v),
            None => write!(f, "{} {}", self.key, self.op.as_str()),
        }
    }
}

impl FromStr for AttrFilter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (key, rest) = s
            .split_once(' ')
            .ok_or_else(|| format!("{s:?} is not `KEY OP VALUE`"))?;
        match rest.split_once(' ') {
            Some((op, value)) => AttrFilter::new(key, op, Some(value)),
            None => AttrFilter::new(key, rest, None),
        }
    }
}

/// Which spans a span list considers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SpanScope {
    #[default]
    All,
    /// Spans without a parent.
    Root,
    /// Where a service's work begins: roots, and spans whose parent is in another service or
    /// was never received.
    Entrypoint,
}

/// What rows are ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SortKey {
    #[default]
    Start,
    Duration,
    Tokens,
    Cost,
    Errors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum Order {
    Asc,
    #[default]
    Desc,
}

macro_rules! names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }
            pub fn names() -> &'static [&'static str] {
                &[$($name),+]
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.to_ascii_lowercase().as_str() {
                    $($name => Ok(Self::$variant),)+
                    _ => Err(format!("{s:?} is not one of: {}", <$ty>::names().join(", "))),
                }
            }
        }
    };
}

names!(StatusFilter { Ok => "ok", Error => "error" });
names!(SpanScope { All => "all", Root => "root", Entrypoint => "entrypoint" });
names!(SortKey { Start => "start", Duration => "duration", Tokens => "tokens", Cost => "cost", Errors => "errors" });
names!(Order { Asc => "asc", Desc => "desc" });

/// The shared filter vocabulary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Started at or after.
    pub from: Option<Nanos>,
    /// Started before.
    pub to: Option<Nanos>,
    pub service: Vec<String>,
    pub kind: Vec<SpanKind>,
    pub model: Vec<String>,
    pub provider: Vec<String>,
    pub session: Vec<String>,
    pub user: Vec<String>,
    pub agent: Vec<String>,
    pub status: Option<StatusFilter>,
    /// Name contains (case-insensitive): the root's for traces, the span's for spans.
    pub name: Option<String>,
    /// Nanoseconds, inclusive.
    pub min_duration: Option<i64>,
    pub max_duration: Option<i64>,
    pub attr: Vec<AttrFilter>,
    /// Appears (case-insensitive) in a span's name, attributes, status message or events.
    pub text: Option<String>,
    /// Carries an annotation with this label (on the trace or any span for traces; on the
    /// span itself for spans).
    pub annotation: Vec<String>,
}

/// A parameter name and value of a query string.
pub type Pair = (&'static str, String);

impl Filter {
    pub(crate) fn write(&self, out: &mut Vec<Pair>) {
        let mut one = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        one("from", self.from.map(|t| t.to_rfc3339()));
        one("to", self.to.map(|t| t.to_rfc3339()));
        one("status", self.status.map(|s| s.as_str().to_string()));
        one("name", self.name.clone());
        one("min_duration", self.min_duration.map(|d| d.to_string()));
        one("max_duration", self.max_duration.map(|d| d.to_string()));
        one("text", self.text.clone());
        for (k, vs) in [
            ("service", &self.service),
            ("model", &self.model),
            ("provider", &self.provider),
            ("session", &self.session),
            ("user", &self.user),
            ("agent", &self.agent),
            ("annotation", &self.annotation),
        ] {
            out.extend(vs.iter().map(|v| (k, v.clone())));
        }
        out.extend(self.kind.iter().map(|k| ("kind", k.as_str().to_string())));
        out.extend(self.attr.iter().map(|a| ("attr", a.to_string())));
    }

    /// Reads one parameter; `Ok(false)` when it is not a filter parameter.
    pub(crate) fn read(&mut self, key: &str, value: &str) -> Result<bool, String> {
        let nanos = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| format!("{v:?} is not a number of nanoseconds"))
        };
        match key {
            "from" => self.from = Some(Nanos::parse(value)?),
            "to" => self.to = Some(Nanos::parse(value)?),
            "service" => self.service.push(value.to_string()),
            "kind" => self.kind.push(SpanKind::parse(value).ok_or_else(|| {
                let names: Vec<&str> = SpanKind::ALL.iter().map(|k| k.as_str()).collect();
                format!("{value:?} is not one of: {}", names.join(", "))
            })?),
            "model" => self.model.push(value.to_string()),
            "provider" => self.provider.push(value.to_string()),
            "session" => self.session.push(value.to_string()),
            "user" => self.user.push(value.to_string()),
            "agent" => self.agent.push(value.to_string()),
            "status" => self.status = Some(value.parse()?),
            "name" => self.name = Some(value.to_string()),
            "min_duration" => self.min_duration = Some(nanos(value)?),
            "max_duration" => self.max_duration = Some(nanos(value)?),
            "attr" => self.attr.push(value.parse()?),
            "text" => self.text = Some(value.to_string()),
            "annotation" => self.annotation.push(value.to_string()),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// Filters, order and paging for `GET /api/v1/traces` (and, with `target=traces`, facets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TraceQuery {
    pub filter: Filter,
    pub sort: SortKey,
    pub order: Order,
    pub limit: Option<usize>,
    pub cursor: Option<Cursor>,
}

/// Filters, order and paging for `GET /api/v1/spans`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpanQuery {
    pub filter: Filter,
    /// Only this trace's spans. The API accepts a unique prefix and resolves it before the
    /// store runs the query.
    pub trace_id: Option<TraceIdPrefix>,
    pub scope: SpanScope,
    pub sort: SortKey,
    pub order: Order,
    pub limit: Option<usize>,
    pub cursor: Option<Cursor>,
}

pub(crate) fn page_size(limit: Option<usize>) -> usize {
    limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
}

fn write_paging(
    out: &mut Vec<Pair>,
    sort: SortKey,
    order: Order,
    limit: Option<usize>,
    cursor: &Option<Cursor>,
) {
    if sort != SortKey::default() {
        out.push(("sort", sort.as_str().to_string()));
    }
    if order != Order::default() {
        out.push(("order", order.as_str().to_string()));
    }
    if let Some(l) = limit {
        out.push(("limit", l.to_string()));
    }
    if let Some(c) = cursor {
        out.push(("cursor", c.to_string()));
    }
}

type Params<'a> = dyn Iterator<Item = (Cow<'a, str>, Cow<'a, str>)> + 'a;

impl TraceQuery {
    /// The page size to use: the request's, clamped to `1..=MAX_PAGE`.
    pub fn page_size(&self) -> usize {
        page_size(self.limit)
    }

    pub fn to_pairs(&self) -> Vec<Pair> {
        let mut out = Vec::new();
        self.filter.write(&mut out);
        write_paging(&mut out, self.sort, self.order, self.limit, &self.cursor);
        out
    }

    /// Parses query parameters; unknown parameters are errors, so a typo is never ignored.
    pub fn from_pairs<'a>(pairs: &mut Params<'a>) -> Result<TraceQuery, String> {
        let mut q = TraceQuery::default();
        for (k, v) in pairs {
            let k = k.as_ref();
            let read = q.filter.read(k, &v).map_err(|e| format!("{k}: {e}"))?;
            if !read
                && !read_paging(
                    k,
                    &v,
                    &mut q.sort,
                    &mut q.order,
                    &mut q.limit,
                    &mut q.cursor,
                )?
            {
                return Err(format!("unknown parameter {k:?}"));
            }
        }
        check_cursor(q.sort, &q.cursor)?;
        Ok(q)
    }
}

impl SpanQuery {
    pub fn page_size(&self) -> usize {
        page_size(self.limit)
    }

    pub fn to_pairs(&self) -> Vec<Pair> {
        let mut out = Vec::new();
        if let Some(t) = &self.trace_id {
            out.push(("trace_id", t.to_string()));
        }
        if self.scope != SpanScope::All {
            out.push(("scope", self.scope.as_str().to_string()));
        }
        self.filter.write(&mut out);
        write_paging(&mut out, self.sort, self.order, self.limit, &self.cursor);
        out
    }

    pub fn from_pairs<'a>(pairs: &mut Params<'a>) -> Result<SpanQuery, String> {
        let mut q = SpanQuery::default();
        for (k, v) in pairs {
            let k = k.as_ref();
            let read = match k {
                "trace_id" => {
                    q.trace_id = Some(v.parse().map_err(|e| format!("trace_id: {e}"))?);
                    true
                }
                "scope" => {
                    q.scope = v.parse().map_err(|e| format!("scope: {e}"))?;
                    true
                }
                _ => q.filter.read(k, &v).map_err(|e| format!("{k}: {e}"))?,
            };
            if !read
                && !read_paging(
                    k,
                    &v,
                    &mut q.sort,
                    &mut q.order,
                    &mut q.limit,
                    &mut q.cursor,
                )?
            {
                return Err(format!("unknown parameter {k:?}"));
            }
        }
        check_cursor(q.sort, &q.cursor)?;
        Ok(q)
    }
}

fn read_paging(
    key: &str,
    value: &str,
    sort: &mut SortKey,
    order: &mut Order,
    limit: &mut Option<usize>,
    cursor: &mut Option<Cursor>,
) -> Result<bool, String> {
    match key {
        "sort" => *sort = value.parse().map_err(|e| format!("sort: {e}"))?,
        "order" => *order = value.parse().map_err(|e| format!("order: {e}"))?,
        "limit" => {
            *limit = Some(
                value
                    .parse()
                    .map_err(|_| format!("limit: {value:?} is not a number"))?,
            )
        }
        "cursor" => *cursor = Some(value.parse().map_err(|e| format!("cursor: {e}"))?),
        _ => return Ok(false),
    }
    Ok(true)
}

fn check_cursor(sort: SortKey, cursor: &Option<Cursor>) -> Result<(), String> {
    match cursor {
        Some(c) if c.sort != sort => Err(format!(
            "cursor: it continues a list sorted by {}, not by {}",
            c.sort.as_str(),
            sort.as_str()
        )),
        _ => Ok(()),
    }
}

/// Where the previous page ended: its sort, its last row's sort key and ids.
///
/// Keys are integers; a cost key is the `f64` bit pattern (see [`Cursor::cost`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub sort: SortKey,
    pub key: i64,
    pub trace_id: TraceId,
    /// Set when the rows are spans.
    pub span_id: Option<SpanId>,
}

impl Cursor {
    /// The key as a cost, for `SortKey::Cost` cursors.
    pub fn cost(&self) -> f64 {
        f64::from_bits(self.key as u64)
    }

    /// The key of a cost (unknown costs sort as -1, below every real cost).
    pub fn cost_key(cost: Option<f64>) -> i64 {
        cost.unwrap_or(-1.0).to_bits() as i64
    }

    /// The cursor that continues a trace list after `t`: what a store answers when `t` ends a
    /// page (checked by the store conformance suite), so a client can continue after any row
    /// it printed (`--max-bytes` markers do).
    pub fn after_trace(sort: SortKey, t: &TraceSummary) -> Cursor {
        let key = match sort {
            SortKey::Start => t.start_time.as_i64(),
            SortKey::Duration => t.duration_ns,
            SortKey::Tokens => t.totals.total_tokens as i64,
            SortKey::Cost => Cursor::cost_key(t.totals.cost_usd),
            SortKey::Errors => t.error_count as i64,
        };
        Cursor {
            sort,
            key,
            trace_id: t.trace_id,
            span_id: None,
        }
    }

    /// The cursor that continues a span list after `s` (see [`Cursor::after_trace`]).
    pub fn after_span(sort: SortKey, s: &Span) -> Cursor {
        let key = match sort {
            SortKey::Start => s.start_time.as_i64(),
            SortKey::Duration => s.duration_ns(),
            SortKey::Tokens => s.usage().total().unwrap_or(0) as i64,
            SortKey::Cost => Cursor::cost_key(s.cost_usd),
            SortKey::Errors => i64::from(s.is_error()),
        };
        Cursor {
            sort,
            key,
            trace_id: s.trace_id,
            span_id: Some(s.span_id),
        }
    }
}

/// Cuts rows fetched one past the page size (`limit + 1`) to the page and, when there was
/// more, names the cursor that continues after the page's last row. Every store's list
/// queries page this way.
pub fn next_page<T, C: fmt::Display>(
    rows: &mut Vec<T>,
    limit: usize,
    after: impl Fn(&T) -> C,
) -> Option<String> {
    (rows.len() > limit).then(|| {
        rows.truncate(limit);
        after(rows.last().expect("a full page has a last row")).to_string()
    })
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.sort.as_str(), self.key, self.trace_id)?;
        if let Some(s) = self.span_id {
            write!(f, ".{s}")?;
        }
        Ok(())
    }
}

impl FromStr for Cursor {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a cursor returned by this server");
        let mut parts = s.split('.');
        let sort = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let key = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let trace_id = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let span_id = parts
            .next()
            .map(|p| p.parse().map_err(|_| bad()))
            .transpose()?;
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(Cursor {
            sort,
            key,
            trace_id,
            span_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_traces(q: &str) -> Result<TraceQuery, String> {
        let mut pairs = form_urlencoded::parse(q.as_bytes());
        TraceQuery::from_pairs(&mut pairs)
    }

    fn encode(pairs: &[Pair]) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
            .finish()
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor {
            sort: SortKey::Cost,
            key: Cursor::cost_key(Some(0.25)),
            trace_id: TraceId([0xab; 16]),
            span_id: Some(SpanId([1; 8])),
        };
        assert_eq!(c.to_string().parse::<Cursor>().unwrap(), c);
        assert_eq!(c.cost(), 0.25);
        for bad in [
            "nope",
            "start.1.xyz",
            "sideways.1.abababababababababababababababab",
            "start.1.ab.cd.ef",
        ] {
            assert!(bad.parse::<Cursor>().is_err(), "{bad}");
        }
    }

    #[test]
    fn queries_round_trip_through_a_query_string() {
        let q = TraceQuery {
            filter: Filter {
                from: Some(Nanos(1_000)),
                service: vec!["a".into(), "b,c".into()],
                kind: vec![SpanKind::Llm],
                status: Some(StatusFilter::Error),
                min_duration: Some(5),
                attr: vec![
                    "llm.model_name = gpt 4o".parse().unwrap(),
                    "user.id exists".parse().unwrap(),
                ],
                text: Some("paris & rome".into()),
                annotation: vec!["thumbs-up".into()],
                ..Default::default()
            },
            sort: SortKey::Tokens,
            order: Order::Asc,
            limit: Some(5),
            cursor: None,
        };
        let text = encode(&q.to_pairs());
        assert_eq!(parse_traces(&text).unwrap(), q);
        assert_eq!(parse_traces("").unwrap(), TraceQuery::default());
    }

    #[test]
    fn bad_parameters_are_named() {
        assert_eq!(
            parse_traces("servce=x").unwrap_err(),
            "unknown parameter \"servce\""
        );
        assert!(
            parse_traces("kind=robot")
                .unwrap_err()
                .starts_with("kind: \"robot\" is not one of: LLM")
        );
        assert!(
            parse_traces("attr=k %3F%3F v")
                .unwrap_err()
                .contains("not an attribute operator")
        );
        assert!(
            parse_traces("attr=k exists v")
                .unwrap_err()
                .contains("takes no value")
        );
        assert!(
            parse_traces("sort=cost&cursor=start.1.abababababababababababababababab")
                .unwrap_err()
                .contains("sorted by start")
        );
        assert!(
            parse_traces("from=yesterday")
                .unwrap_err()
                .starts_with("from: ")
        );
    }

    #[test]
    fn span_queries_carry_trace_and_scope() {
        let q = SpanQuery {
            trace_id: Some("0a87".parse().unwrap()),
            scope: SpanScope::Entrypoint,
            ..Default::default()
        };
        let text = encode(&q.to_pairs());
        let mut pairs = form_urlencoded::parse(text.as_bytes());
        assert_eq!(SpanQuery::from_pairs(&mut pairs).unwrap(), q);
    }

    #[test]
    fn page_size_is_clamped() {
        assert_eq!(page_size(None), DEFAULT_PAGE);
        assert_eq!(page_size(Some(0)), 1);
        assert_eq!(page_size(Some(1_000_000)), MAX_PAGE);
    }
}
