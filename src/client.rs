//! The typed client of the query API, used by every command that reads traces.
//!
//! Errors are classified here, where the HTTP details are known, into what a person can act on:
//! the server is not there ([`ClientError::Unreachable`]), it refused us
//! ([`ClientError::Unauthorized`]), the thing asked for does not exist
//! ([`ClientError::NotFound`]), it failed ([`ClientError::ServerError`]), or it answered
//! something that is not the query API ([`ClientError::BadResponse`]). The server's own
//! `{"error": {"code", "message", "hint"}}` is passed through, hint included.
//!
//! Reads are GETs, safe to repeat: a connection that cannot be made and a 429, 502, 503 or 504
//! are tried again, up to [`MAX_ATTEMPTS`] times, after the server's `Retry-After` (at most
//! [`MAX_RETRY_WAIT`]) or a short backoff, and never past [`TOTAL_TIMEOUT`]. Adding an
//! annotation is sent once. Sending spans ([`Client::export_spans`]) reports a busy server as
//! [`ClientError::Busy`] and leaves the waiting to the caller (re-sent spans are not duplicated,
//! so that retry is safe too). The token travels in `Authorization` only, marked sensitive, and
//! is never part of an error or of `Debug` output.

use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderValue};
use reqwest::{Response, StatusCode, Url};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::model::{
    Annotation, Facets, NewAnnotation, Pair, Session, SessionPage, SessionQuery, Span, SpanPage,
    SpanQuery, Trace, TraceDetail, TraceOutline, TracePage, TraceQuery, UsageQuery, UsageReport,
};
use crate::secret::Secret;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The whole of one command's request, retries and waits included.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// Tries per request, the first included.
pub const MAX_ATTEMPTS: u32 = 3;
/// The longest `Retry-After` honoured; a server asking for more gets an error instead.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(10);
/// The first backoff when the server gave no `Retry-After`; it doubles for each retry.
const BACKOFF: Duration = Duration::from_millis(100);

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot reach the canopy server at {endpoint}: {reason}")]
    Unreachable { endpoint: String, reason: String },
    #[error("the server at {endpoint} did not answer within {}s", .after.as_secs())]
    Timeout { endpoint: String, after: Duration },
    #[error("the server refused the request: {message}")]
    Unauthorized {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    NotFound {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    Api {
        status: u16,
        code: String,
        message: String,
        hint: Option<String>,
    },
    #[error("the server at {endpoint} failed (HTTP {status}): {message}")]
    ServerError {
        endpoint: String,
        status: u16,
        message: String,
        hint: Option<String>,
    },
    /// The server is overloaded or shutting down; try again after `retry_after`.
    #[error("the server is busy: {message}")]
    Busy {
        message: String,
        retry_after: Duration,
    },
    #[error("the server at {endpoint} sent a response canopy cannot read: {detail}")]
    BadResponse { endpoint: String, detail: String },
}

impl ClientError {
    /// What the user can do about it, when the server or canopy knows.
    pub fn hint(&self) -> Option<String> {
        match self {
            ClientError::Unreachable { endpoint, .. } | ClientError::Timeout { endpoint, .. } => {
                Some(format!(
                    "start a server with `canopy serve`, or point canopy at yours with --endpoint URL (now {endpoint})"
                ))
            }
            ClientError::Unauthorized { hint, .. }
            | ClientError::NotFound { hint, .. }
            | ClientError::Api { hint, .. } => hint.clone(),
            ClientError::ServerError { hint, .. } => hint
                .clone()
                .or_else(|| Some("the server's log says more; try again later".into())),
            ClientError::BadResponse { .. } => {
                Some("check that --endpoint points at a canopy server".into())
            }
            ClientError::Busy { .. } => Some("try again in a moment".into()),
        }
    }

    /// True when the server is away or overloaded rather than refusing the request: a later
    /// try may well succeed (what a long-running command such as `--follow` waits out).
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Unreachable { .. }
            | ClientError::Timeout { .. }
            | ClientError::Busy { .. }
            | ClientError::ServerError { .. } => true,
            ClientError::Api { status, .. } => matches!(*status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// True for failures a second try may not have: a GET is safe to repeat.
    fn retryable(&self) -> bool {
        match self {
            ClientError::Unreachable { .. } => true,
            ClientError::ServerError { status, .. } | ClientError::Api { status, .. } => {
                matches!(*status, 429 | 502 | 503 | 504)
            }
            _ => false,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    message: String,
    #[serde(default)]
    hint: Option<String>,
}

/// A client for one canopy server.
#[derive(Debug, Clone)]
pub struct Client {
    base: Url,
    http: reqwest::Client,
    /// `Bearer <token>`, marked sensitive so that even `Debug` hides it.
    authorization: Option<HeaderValue>,
}

impl Client {
    /// A client for `endpoint` (an `http://` or `https://` URL, validated by the caller).
    pub fn new(endpoint: Url, token: Option<&Secret>) -> Client {
        // reqwest is built without a bundled crypto provider; ring is the one canopy ships.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("canopy/", env!("CARGO_PKG_VERSION")));
        if endpoint.scheme() == "http" {
            // Loading the system's trust roots reads ~150 certificate files, several times
            // what the rest of a `trace list` costs; a plain-HTTP endpoint never needs them.
            // (A server that redirects to https:// then fails verification: use its https URL.)
            builder = builder.tls_certs_only(std::iter::empty::<reqwest::Certificate>());
        }
        let http = builder
            .build()
            .expect("a client with static settings builds");
        let authorization = token.map(|t| {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", t.expose()))
                .expect("tokens are validated as visible ASCII");
            value.set_sensitive(true);
            value
        });
        Client {
            base: endpoint,
            http,
            authorization,
        }
    }

    pub fn endpoint(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        url
    }

    /// A query API URL: the endpoint's base path, `path`, and the query parameters.
    fn api_url(&self, path: &str, query: &[Pair]) -> Url {
        let mut url = self.url(path);
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// A request with the token and what is left of the deadline.
    fn request(
        &self,
        method: reqwest::Method,
        url: Url,
        deadline: Instant,
    ) -> reqwest::RequestBuilder {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut request = self.http.request(method, url).timeout(left);
        if let Some(auth) = &self.authorization {
            request = request.header(header::AUTHORIZATION, auth.clone());
        }
        request
    }

    /// GETs a URL, retrying what a second try may fix.
    async fn get_url<T: DeserializeOwned>(&self, url: Url) -> Result<T, ClientError> {
        let deadline = Instant::now() + TOTAL_TIMEOUT;
        let mut attempt = 1;
        loop {
            let request = self.request(reqwest::Method::GET, url.clone(), deadline);
            let (error, retry_after) = match self.attempt(request).await {
                Ok(value) => return Ok(value),
                Err(failed) => failed,
            };
            if attempt >= MAX_ATTEMPTS || !error.retryable() {
                return Err(error);
            }
            let wait = retry_after.unwrap_or_else(|| backoff(attempt));
            if wait > MAX_RETRY_WAIT || Instant::now() + wait >= deadline {
                return Err(error);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, query: &[Pair]) -> Result<T, ClientError> {
        self.get_url(self.api_url(path, query)).await
    }

    /// POSTs JSON once (not safe to repeat).
    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<T, ClientError> {
        let deadline = Instant::now() + TOTAL_TIMEOUT;
        let request = self
            .request(reqwest::Method::POST, self.url(path), deadline)
            .json(body);
        self.attempt(request).await.map_err(|(e, _)| e)
    }

    /// One request; on failure, the error and the server's `Retry-After`.
    async fn attempt<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, (ClientError, Option<Duration>)> {
        let endpoint = self.base.to_string();
        let response = request
            .send()
            .await
            .map_err(|e| (transport_error(&endpoint, e), None))?;
        let status = response.status();
        let retry_after = retry_after(&response);
        let is_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
        let bytes = response
            .bytes()
            .await
            .map_err(|e| (transport_error(&endpoint, e), None))?;
        if status.is_success() {
            if is_json.as_deref() != Some("application/json") {
                return Err((
                    ClientError::BadResponse {
                        endpoint,
                        detail: format!(
                            "expected JSON, got Content-Type {}",
                            is_json.as_deref().unwrap_or("(none)")
                        ),
                    },
                    None,
                ));
            }
            return decode_json(&bytes)
                .map_err(|detail| (ClientError::BadResponse { endpoint, detail }, None));
        }
        Err((self.error_for(endpoint, status, &bytes), retry_after))
    }

    fn error_for(&self, endpoint: String, status: StatusCode, bytes: &[u8]) -> ClientError {
        let detail = serde_json::from_slice::<ErrorBody>(bytes)
            .ok()
            .map(|b| b.error);
        let message = detail.as_ref().map_or_else(
            || {
                status
                    .canonical_reason()
                    .unwrap_or("no reason given")
                    .to_string()
            },
            |d| d.message.clone(),
        );
        match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                let hint = detail
                    .and_then(|d| d.hint)
                    .filter(|_| status == StatusCode::FORBIDDEN);
                ClientError::Unauthorized {
                    message,
                    hint: hint.or_else(|| {
                        Some(if self.authorization.is_some() {
                            "the token in CANOPY_TOKEN was refused; check that it is the server's"
                                .into()
                        } else {
                            "set CANOPY_TOKEN to the server's token".into()
                        })
                    }),
                }
            }
            StatusCode::NOT_FOUND if detail.is_some() => ClientError::NotFound {
                message,
                hint: detail.and_then(|d| d.hint),
            },
            s if s.is_server_error() => ClientError::ServerError {
                endpoint,
                status: s.as_u16(),
                message,
                hint: detail.and_then(|d| d.hint),
            },
            _ => match detail {
                Some(d) => ClientError::Api {
                    status: status.as_u16(),
                    code: d.code,
                    message,
                    hint: d.hint,
                },
                None => ClientError::BadResponse {
                    endpoint,
                    detail: format!("HTTP {status} without an error body"),
                },
            },
        }
    }

    pub async fn list_traces(&self, query: &TraceQuery) -> Result<TracePage, ClientError> {
        self.get("/api/v1/traces", &query.to_pairs()).await
    }

    pub async fn list_spans(&self, query: &SpanQuery) -> Result<SpanPage, ClientError> {
        self.get("/api/v1/spans", &query.to_pairs()).await
    }

    /// Facets over traces matching `query`'s filter.
    pub async fn trace_facets(&self, query: &TraceQuery) -> Result<Facets, ClientError> {
        let mut pairs = query.to_pairs();
        pairs.push(("target", "traces".into()));
        self.get("/api/v1/facets", &pairs).await
    }

    /// Facets over spans matching `query`.
    pub async fn span_facets(&self, query: &SpanQuery) -> Result<Facets, ClientError> {
        let mut pairs = query.to_pairs();
        pairs.push(("target", "spans".into()));
        self.get("/api/v1/facets", &pairs).await
    }

    /// Sends an OTLP protobuf request to the ingest endpoint, as an SDK would. Returns how many
    /// spans the server rejected and why. A busy server is [`ClientError::Busy`].
    pub async fn export_spans(&self, body: Vec<u8>) -> Result<(u64, Option<String>), ClientError> {
        let endpoint = self.base.to_string();
        let deadline = Instant::now() + TOTAL_TIMEOUT;
        let response = self
            .request(reqwest::Method::POST, self.url("/v1/traces"), deadline)
            .header(header::CONTENT_TYPE, "application/x-protobuf")
            .body(body)
            .send()
            .await
            .map_err(|e| transport_error(&endpoint, e))?;
        let status = response.status();
        let wait = retry_after(&response);
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(&endpoint, e))?;
        crate::otlp::read_response(status.is_success(), &bytes).map_err(|message| match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => ClientError::Unauthorized {
                message,
                hint: Some("set CANOPY_TOKEN to the server's ingest token".into()),
            },
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => ClientError::Busy {
                message,
                retry_after: wait.unwrap_or(Duration::from_secs(1)),
            },
            _ => ClientError::Api {
                status: status.as_u16(),
                code: "otlp".into(),
                message,
                hint: None,
            },
        })
    }

    /// Adds an annotation to a trace (and span).
    pub async fn annotate(
        &self,
        trace: &str,
        annotation: &NewAnnotation,
    ) -> Result<Annotation, ClientError> {
        self.post(&format!("/api/v1/traces/{trace}/annotations"), annotation)
            .await
    }

    pub async fn usage(&self, query: &UsageQuery) -> Result<UsageReport, ClientError> {
        self.get("/api/v1/usage", &query.to_pairs()).await
    }

    pub async fn list_sessions(&self, query: &SessionQuery) -> Result<SessionPage, ClientError> {
        self.get("/api/v1/sessions", &query.to_pairs()).await
    }

    pub async fn get_session(&self, id: &str) -> Result<Session, ClientError> {
        // Session ids are free text: push them as one percent-encoded path segment.
        let mut url = self.url("/api/v1/sessions");
        url.path_segments_mut()
            .expect("http URLs have paths")
            .push(id);
        self.get_url(url).await
    }

    /// A trace by full id or unique prefix, with no more detail than the caller draws: for a
    /// 10k-span agent trace, payloads and raw attributes are most of the bytes to make and parse.
    pub async fn get_trace(&self, id: &str, detail: TraceDetail) -> Result<Trace, ClientError> {
        let path = format!("/api/v1/traces/{id}");
        match self.get(&path, &detail.to_pairs()).await {
            // A server from before `attributes=false` refuses the parameter.
            Err(ClientError::Api { status: 400, .. }) if !detail.attributes => {
                let detail = TraceDetail {
                    attributes: true,
                    ..detail
                };
                self.get(&path, &detail.to_pairs()).await
            }
            other => other,
        }
    }

    /// A trace's outline, what its tree and timeline draw, as a [`Trace`] with subtree sums
    /// filled and the rest of each span empty (see [`TraceOutline`]). A server from before the
    /// outline route is asked for `TraceDetail::OUTLINE` instead, which draws the same.
    pub async fn get_trace_outline(&self, id: &str) -> Result<Trace, ClientError> {
        let path = format!("/api/v1/traces/{id}/outline");
        match self.get::<TraceOutline>(&path, &[]).await {
            Ok(outline) => Ok(outline.into_trace()),
            Err(ClientError::NotFound { message, .. })
                if message.starts_with(crate::server::NO_SUCH_ENDPOINT) =>
            {
                self.get_trace(id, TraceDetail::OUTLINE).await
            }
            Err(e) => Err(e),
        }
    }

    /// One span by trace and span id (each a full id or unique prefix).
    pub async fn get_span(&self, trace: &str, span: &str) -> Result<Span, ClientError> {
        self.get(&format!("/api/v1/traces/{trace}/spans/{span}"), &[])
            .await
    }
}

/// The wait before retry `attempt` (1-based) without `Retry-After`: 100ms, 200ms, … plus up to
/// half again, so clients that failed together do not retry together.
fn backoff(attempt: u32) -> Duration {
    let base = BACKOFF * 2u32.saturating_pow(attempt.saturating_sub(1));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    base + base.mul_f64(f64::from(nanos % 1000) / 2000.0)
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, jiff::Timestamp::now())
}

fn parse_retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    Some(at.duration_since(now).unsigned_abs())
        .filter(|_| at > now)
        .or(Some(Duration::ZERO))
}

/// A JSON body read into `T`. The body is checked to be UTF-8 once, as a whole, and then read
/// as text: read as bytes, serde_json checks every string and key on its own, which was a
/// sixth of decoding a 10k-span trace. Public so the benches time what the client does.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))
}

fn transport_error(endpoint: &str, e: reqwest::Error) -> ClientError {
    if e.is_timeout() {
        return ClientError::Timeout {
            endpoint: endpoint.to_string(),
            after: TOTAL_TIMEOUT,
        };
    }
    // The innermost cause says what happened ("Connection refused"); reqwest's own text does not.
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        reason = s.to_string();
        source = s.source();
    }
    ClientError::Unreachable {
        endpoint: endpoint.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_must_be_utf8_json() {
        let ok: Result<serde_json::Value, _> = decode_json(r#"{"a": "é"}"#.as_bytes());
        assert_eq!(ok.unwrap()["a"], "é");
        let bad: Result<serde_json::Value, _> = decode_json(b"{\"a\": \"\xff\"}");
        assert!(bad.unwrap_err().starts_with("invalid JSON: invalid utf-8"));
        let bad: Result<serde_json::Value, _> = decode_json(b"{");
        assert!(bad.unwrap_err().starts_with("invalid JSON: EOF"));
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        let now: jiff::Timestamp = "2026-11-22T04:00:00Z".parse().unwrap();
        assert_eq!(parse_retry_after("5", now), Some(Duration::from_secs(5)));
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 04:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 03:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_grows_and_stays_small() {
        assert!(backoff(1) >= BACKOFF && backoff(1) <= BACKOFF * 3 / 2);
        assert!(backoff(2) >= BACKOFF * 2 && backoff(2) <= BACKOFF * 3);
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let token = Secret::new("s3cret-token").unwrap();
        let client = Client::new("http://127.0.0.1:1".parse().unwrap(), Some(&token));
        let debug = format!("{client:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
    }
}
