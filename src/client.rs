//! The typed client of the query API, used by every command that reads traces.
//!
//! Errors are classified here, where the HTTP details are known, into what a person can act on:
//! the server is not there ([`ClientError::Unreachable`]), it refused us
//! ([`ClientError::Unauthorized`]), the thing asked for does not exist
//! ([`ClientError::NotFound`]), or it answered something unreadable. The server's own
//! `{"error": {"code", "message", "hint"}}` is passed through, hint included.

use std::time::Duration;

use reqwest::{StatusCode, Url};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::model::{
    Annotation, Facets, NewAnnotation, Pair, Session, SessionPage, SessionQuery, Span, SpanPage,
    SpanQuery, Trace, TracePage, TraceQuery, UsageQuery, UsageReport,
};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot reach the canopy server at {endpoint}: {reason}")]
    Unreachable { endpoint: String, reason: String },
    #[error("the server at {endpoint} did not answer within {}s", .after.as_secs())]
    Timeout { endpoint: String, after: Duration },
    #[error("the server refused the request: {message}")]
    Unauthorized { message: String },
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
            ClientError::Unauthorized { .. } => {
                Some("set the server's token in CANOPY_TOKEN".into())
            }
            ClientError::NotFound { hint, .. } | ClientError::Api { hint, .. } => hint.clone(),
            ClientError::BadResponse { .. } => {
                Some("check that --endpoint points at a canopy server".into())
            }
            ClientError::Busy { .. } => Some("try again in a moment".into()),
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
}

impl Client {
    /// A client for `endpoint` (an `http://` or `https://` URL, validated by the caller).
    pub fn new(endpoint: Url) -> Client {
        // reqwest is built without a bundled crypto provider; ring is the one canopy ships.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("canopy/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a client with static settings builds");
        Client {
            base: endpoint,
            http,
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

    async fn get<T: DeserializeOwned>(&self, path: &str, query: &[Pair]) -> Result<T, ClientError> {
        let mut url = self.url(path);
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        self.send(self.http.get(url)).await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<T, ClientError> {
        self.send(self.http.post(self.url(path)).json(body)).await
    }

    /// Sends a request and reads its answer: the JSON body on success, else a classified error.
    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let endpoint = self.base.to_string();
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(&endpoint, e))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(&endpoint, e))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| ClientError::BadResponse {
                endpoint,
                detail: format!("invalid JSON: {e}"),
            });
        }
        let detail = serde_json::from_slice::<ErrorBody>(&bytes)
            .ok()
            .map(|b| b.error);
        let message = detail
            .as_ref()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| format!("HTTP {status}"));
        Err(match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                ClientError::Unauthorized { message }
            }
            StatusCode::NOT_FOUND if detail.is_some() => ClientError::NotFound {
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
        })
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
    /// spans the server rejected and why.
    pub async fn export_spans(&self, body: Vec<u8>) -> Result<(u64, Option<String>), ClientError> {
        let endpoint = self.base.to_string();
        let response = self
            .http
            .post(self.url("/v1/traces"))
            .header(reqwest::header::CONTENT_TYPE, "application/x-protobuf")
            .body(body)
            .send()
            .await
            .map_err(|e| transport_error(&endpoint, e))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(&endpoint, e))?;
        crate::otlp::read_response(status.is_success(), &bytes).map_err(|message| match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                ClientError::Unauthorized { message }
            }
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => ClientError::Busy {
                message,
                retry_after: Duration::from_secs(retry_after.unwrap_or(1)),
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
        self.send(self.http.get(url)).await
    }

    /// A trace by full id or unique prefix.
    pub async fn get_trace(&self, id: &str) -> Result<Trace, ClientError> {
        self.get(&format!("/api/v1/traces/{id}"), &[]).await
    }

    /// A trace without input/output payloads (for views that draw structure and timing; a
    /// 10k-span trace then skips parsing 20k payloads on the server and in the client).
    pub async fn get_trace_structure(&self, id: &str) -> Result<Trace, ClientError> {
        self.get(&format!("/api/v1/traces/{id}"), &[("io", "false".into())])
            .await
    }

    /// One span by trace and span id (each a full id or unique prefix).
    pub async fn get_span(&self, trace: &str, span: &str) -> Result<Span, ClientError> {
        self.get(&format!("/api/v1/traces/{trace}/spans/{span}"), &[])
            .await
    }
}

fn transport_error(endpoint: &str, e: reqwest::Error) -> ClientError {
    if e.is_timeout() {
        return ClientError::Timeout {
            endpoint: endpoint.to_string(),
            after: REQUEST_TIMEOUT,
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
