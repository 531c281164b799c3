//! The slice of ClickHouse's HTTP interface canopy uses, over reqwest.
//!
//! - statements (DDL, SELECT) are POSTed as the body, their values as `param_*` URL parameters;
//! - results come back as `JSONCompactEachRow` (`default_format`), one JSON array per row, read
//!   positionally into the row structs of [`super::rows`];
//! - inserts send `INSERT … FORMAT JSONEachRow` as the `query` URL parameter and the rows as the
//!   body;
//! - `GET /ping` answers `Ok.` when the server is up;
//! - errors are non-200 answers whose body is the message and whose
//!   `X-ClickHouse-Exception-Code` header is the code.
//!
//! `tests/clickhouse/chdb_server.py` implements exactly this subset for CI.

use std::time::Duration;

use serde::de::DeserializeOwned;

use super::endpoint::Endpoint;
use super::sql::Sql;
use crate::store::StoreError;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Long enough for a large batch insert on a busy server.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);

/// ClickHouse error codes canopy maps onto [`StoreError`] variants.
const NOT_ENOUGH_SPACE: u32 = 243;
const READONLY: u32 = 164;

#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    endpoint: Endpoint,
}

impl Http {
    pub fn new(endpoint: Endpoint) -> Result<Http, StoreError> {
        // reqwest is built without a bundled crypto provider; ring is the one canopy ships.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("canopy/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| StoreError::Backend(format!("cannot build an HTTP client: {e}")))?;
        Ok(Http { client, endpoint })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = self.endpoint.http.join(path).expect("a static path joins");
        let mut req = self
            .client
            .request(method, url)
            .header("X-ClickHouse-User", &self.endpoint.user);
        if let Some(password) = &self.endpoint.password {
            req = req.header("X-ClickHouse-Key", password);
        }
        req
    }

    /// `GET /ping`: is the server there?
    pub async fn ping(&self) -> Result<(), StoreError> {
        let response = self
            .request(reqwest::Method::GET, "ping")
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        self.check(response).await.map(drop)
    }

    /// Runs a statement that returns nothing of interest (DDL, ALTER).
    pub async fn execute(&self, sql: &Sql) -> Result<(), StoreError> {
        self.post(sql, None).await.map(drop)
    }

    /// Runs a query and reads each row (a JSON array) into `T`, column by column.
    pub async fn fetch<T: DeserializeOwned>(&self, sql: &Sql) -> Result<Vec<T>, StoreError> {
        let body = self.post(sql, Some("JSONCompactEachRow")).await?;
        serde_json::Deserializer::from_slice(&body)
            .into_iter::<T>()
            .collect::<Result<Vec<T>, _>>()
            .map_err(|e| {
                StoreError::Backend(format!(
                    "unexpected answer from ClickHouse ({e}) to: {}",
                    sql.text
                ))
            })
    }

    /// Sends `rows` (JSONEachRow lines) as the data of `statement` (`INSERT … FORMAT JSONEachRow`).
    pub async fn insert(&self, statement: &str, rows: Vec<u8>) -> Result<(), StoreError> {
        let response = self
            .request(reqwest::Method::POST, "")
            .query(&[("query", statement)])
            .header("content-type", "application/x-ndjson")
            .body(rows)
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        self.check(response).await.map(drop)
    }

    async fn post(&self, sql: &Sql, format: Option<&str>) -> Result<bytes::Bytes, StoreError> {
        let mut params: Vec<(String, &str)> = sql.url_params().collect();
        if let Some(format) = format {
            params.push(("default_format".into(), format));
        }
        let response = self
            .request(reqwest::Method::POST, "")
            .query(&params)
            .header("content-type", "text/plain; charset=utf-8")
            .body(sql.text.clone())
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        self.check(response).await
    }

    async fn check(&self, response: reqwest::Response) -> Result<bytes::Bytes, StoreError> {
        let status = response.status();
        let code: Option<u32> = response
            .headers()
            .get("x-clickhouse-exception-code")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let body = response.bytes().await.map_err(|e| self.transport(e))?;
        if status.is_success() {
            return Ok(body);
        }
        let text = String::from_utf8_lossy(&body);
        let message = format!(
            "ClickHouse at {} answered {status}: {}",
            self.endpoint,
            text.trim()
        );
        Err(match code {
            Some(NOT_ENOUGH_SPACE) => StoreError::DiskFull(message),
            Some(READONLY) => StoreError::ReadOnly(message),
            _ => StoreError::Backend(message),
        })
    }

    fn transport(&self, e: reqwest::Error) -> StoreError {
        let why = if e.is_timeout() {
            "timed out".to_string()
        } else if e.is_connect() {
            // reqwest wraps the OS error in three layers of "error sending request".
            format!("cannot connect: {}", root_cause(&e))
        } else {
            format!("request failed: {}", root_cause(&e))
        };
        StoreError::Backend(format!("ClickHouse at {}: {why}", self.endpoint))
    }
}

/// The innermost error of a chain: what actually went wrong.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
