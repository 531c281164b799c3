//! Who may talk to the server: bearer tokens, and Host names on loopback.
//!
//! - Tokens: `--token` opens everything, `--ingest-token` only `POST /v1/traces`, `--read-token`
//!   only the query API. A request sends one as `Authorization: Bearer <token>`; it is compared
//!   in constant time (`Secret::matches`). Without any token a route class is open, which
//!   `config` allows only on a loopback address. `/healthz` and `/readyz` are always open.
//! - DNS rebinding: a web page can make a browser send requests to `127.0.0.1` under its own
//!   host name. When the server listens on loopback, a request whose `Host` is not a loopback
//!   name (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`) is refused with 403 before anything
//!   else happens. Requests without a `Host` (HTTP/1.0 tools) are not from browsers and pass.
//!
//! Refusals on the query API are `{"error": {"code": "unauthorized" | "forbidden_host", …}}`;
//! ingest answers in the OTLP error shape (`server::ingest`).

use std::net::IpAddr;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{ApiError, AppState};
use crate::secret::Secret;

/// Which tokens a server accepts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Auth {
    ingest: Vec<Secret>,
    read: Vec<Secret>,
}

/// A class of routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Ingest,
    Read,
}

/// Why a request was refused. The messages never include what was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    Missing,
    Wrong,
}

impl Denied {
    pub fn message(self) -> &'static str {
        match self {
            Denied::Missing => {
                "this canopy server requires a token: send it as `Authorization: Bearer <token>`"
            }
            Denied::Wrong => "the token sent is not accepted by this canopy server",
        }
    }
}

impl Auth {
    /// No tokens: everything open.
    pub fn open() -> Auth {
        Auth::default()
    }

    /// `token` opens both route classes; the others open one each.
    pub fn new(token: Option<Secret>, ingest: Option<Secret>, read: Option<Secret>) -> Auth {
        Auth {
            ingest: token.iter().chain(ingest.iter()).cloned().collect(),
            read: token.iter().chain(read.iter()).cloned().collect(),
        }
    }

    /// True when both ingest and the query API need a token.
    pub fn protects_everything(&self) -> bool {
        !self.ingest.is_empty() && !self.read.is_empty()
    }

    /// Lets the request through, or says why not.
    pub fn check(&self, access: Access, headers: &HeaderMap) -> Result<(), Denied> {
        let accepted = match access {
            Access::Ingest => &self.ingest,
            Access::Read => &self.read,
        };
        if accepted.is_empty() {
            return Ok(());
        }
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| bearer(v.as_bytes()))
            .ok_or(Denied::Missing)?;
        // Every accepted token is compared, so the time taken does not say which one matched.
        let matched = accepted
            .iter()
            .fold(false, |any, token| token.matches(sent) | any);
        if matched { Ok(()) } else { Err(Denied::Wrong) }
    }
}

/// The token of an `Authorization: Bearer <token>` header value.
fn bearer(value: &[u8]) -> Option<&[u8]> {
    let (scheme, rest) = value.split_at_checked(7)?;
    scheme
        .eq_ignore_ascii_case(b"bearer ")
        .then(|| rest.trim_ascii())
}

/// True for a `Host` header value naming this machine's loopback interface.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:4318
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host, |(name, _)| name)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Middleware: the DNS-rebinding guard, when the server listens on loopback.
pub async fn loopback_hosts_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if state.loopback_only
        && let Some(host) = request.headers().get(header::HOST)
    {
        let host = String::from_utf8_lossy(host.as_bytes());
        if !is_loopback_host(&host) {
            tracing::warn!(host = %host, "refused a request for a non-loopback Host (DNS rebinding?)");
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden_host",
                format!(
                    "this canopy server listens on loopback and only answers requests for localhost, not {host:?}"
                ),
            )
            .with_hint("use http://127.0.0.1:PORT or http://localhost:PORT, or listen on another address with --token")
            .into_response();
        }
    }
    next.run(request).await
}

/// Middleware: the read token, for the query API.
pub async fn require_read_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match state.auth.check(Access::Read, request.headers()) {
        Ok(()) => next.run(request).await,
        Err(denied) => {
            let mut response =
                ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", denied.message())
                    .with_hint("the CLI sends the token in CANOPY_TOKEN")
                    .into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"canopy\""),
            );
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        h
    }

    fn secret(s: &str) -> Option<Secret> {
        Some(Secret::new(s).unwrap())
    }

    #[test]
    fn tokens_open_their_route_classes() {
        let auth = Auth::new(secret("admin"), secret("writer"), None);
        assert!(auth.protects_everything());
        assert_eq!(
            auth.check(Access::Ingest, &headers("Bearer writer")),
            Ok(())
        );
        assert_eq!(
            auth.check(Access::Ingest, &headers("bearer  admin ")),
            Ok(())
        );
        assert_eq!(auth.check(Access::Read, &headers("Bearer admin")), Ok(()));
        assert_eq!(
            auth.check(Access::Read, &headers("Bearer writer")),
            Err(Denied::Wrong)
        );
        assert_eq!(
            auth.check(Access::Read, &HeaderMap::new()),
            Err(Denied::Missing)
        );
        assert_eq!(
            auth.check(Access::Read, &headers("Basic admin")),
            Err(Denied::Missing)
        );
        assert_eq!(
            auth.check(Access::Read, &headers("Bearer")),
            Err(Denied::Missing)
        );

        let ingest_only = Auth::new(None, secret("writer"), None);
        assert!(!ingest_only.protects_everything());
        assert_eq!(ingest_only.check(Access::Read, &HeaderMap::new()), Ok(()));
        assert_eq!(
            Auth::open().check(Access::Ingest, &HeaderMap::new()),
            Ok(())
        );
    }

    #[test]
    fn loopback_names() {
        for host in [
            "localhost",
            "localhost:4318",
            "LOCALHOST.:1",
            "app.localhost:80",
            "127.0.0.1",
            "127.9.9.9:4318",
            "[::1]:4318",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:4318",
            "localhost.evil.example",
            "10.0.0.1:4318",
            "[::2]:1",
            "",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
