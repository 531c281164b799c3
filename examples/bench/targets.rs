//! The three systems under test, and how each is started, fed and asked.
//!
//! Everyone gets the same generated OTLP/HTTP requests and the same two questions: the traces
//! of the last hour (first page, 50 rows) and one 50-span trace with its spans. canopy and
//! otelite are asked through their CLIs, so process start is included; Phoenix has no CLI in
//! its package, so it is asked through its REST API and its figures say "REST".

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::load::{Enc, Target};
use super::procs::{self, Server};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    Canopy,
    Phoenix,
    Otelite,
}

/// Where the programs are.
#[derive(Debug, Clone)]
pub struct Programs {
    pub canopy: PathBuf,
    /// `phoenix` inside the venv the setup step made.
    pub phoenix: Option<PathBuf>,
    pub otelite: Option<PathBuf>,
}

pub struct Running {
    pub product: Product,
    pub server: Server,
    pub ingest: SocketAddr,
    pub query: SocketAddr,
}

/// How a question is asked.
pub enum Query {
    /// A CLI process, timed from spawn to exit.
    Cli(Box<dyn Fn() -> Command>),
    /// A GET on the query address, timed from connect to last byte.
    Rest(String),
}

impl Product {
    pub fn name(self) -> &'static str {
        match self {
            Product::Canopy => "canopy",
            Product::Phoenix => "Phoenix",
            Product::Otelite => "otelite",
        }
    }

    /// Answers 200 only after the spans are committed.
    pub fn acks_after_commit(self) -> bool {
        self != Product::Phoenix
    }

    pub fn version_cmd(self, p: &Programs) -> Option<Box<dyn Fn() -> Command>> {
        let bin = match self {
            Product::Canopy => p.canopy.clone(),
            Product::Otelite => p.otelite.clone()?,
            Product::Phoenix => return None,
        };
        Some(Box::new(move || cmd(&bin, &["--version"])))
    }

    /// Starts a fresh server with its data under `dir`.
    pub fn start(self, p: &Programs, dir: &Path) -> Result<Running, String> {
        fs_err::create_dir_all(dir).map_err(|e| e.to_string())?;
        let data = dir.join("data");
        let log = dir.join("server.log");
        let (ingest, query) = (procs::free_addr(), procs::free_addr());
        let (mut command, query, ready) = match self {
            Product::Canopy => {
                let mut c = cmd(&p.canopy, &["serve", "--listen", &ingest.to_string()]);
                c.arg("--data-dir").arg(&data).env("CANOPY_LOG", "warn");
                (c, ingest, "/healthz")
            }
            Product::Phoenix => {
                let bin = p.phoenix.as_ref().ok_or("Phoenix is not installed")?;
                let mut c = cmd(bin, &["serve"]);
                c.env("PHOENIX_WORKING_DIR", &data)
                    .env("PHOENIX_HOST", "127.0.0.1")
                    .env("PHOENIX_PORT", ingest.port().to_string())
                    .env("PHOENIX_GRPC_PORT", procs::free_addr().port().to_string())
                    .env("PHOENIX_TELEMETRY_ENABLED", "false");
                (c, ingest, "/healthz")
            }
            Product::Otelite => {
                let bin = p.otelite.as_ref().ok_or("otelite is not installed")?;
                let mut c = cmd(bin, &["serve", "--addr", &query.to_string()]);
                c.arg("--storage-path")
                    .arg(&data)
                    .env("OTELITE_DATA_DIR", &data)
                    .env("OTELITE_OTLP_HTTP_PORT", ingest.port().to_string())
                    .env(
                        "OTELITE_OTLP_GRPC_PORT",
                        procs::free_addr().port().to_string(),
                    );
                (c, query, "/api/health")
            }
        };
        // Its own HOME, so a peer that writes config or caches there stays in `dir`.
        let home = dir.join("home");
        fs_err::create_dir_all(&home).map_err(|e| e.to_string())?;
        command.env("HOME", &home);
        let server = Server::start(self.name(), command, query, &data, Some(ready), &log)?;
        // otelite's OTLP port is not its API port; wait for it too.
        wait_port(ingest)?;
        Ok(Running {
            product: self,
            server,
            ingest,
            query,
        })
    }

    pub fn ingest_target(self, r: &Running, enc: Enc, gzip: bool) -> Target {
        Target {
            addr: r.ingest,
            path: "/v1/traces".into(),
            enc,
            gzip,
            headers: Vec::new(),
        }
    }

    /// The traces that started in the last hour, first page.
    pub fn list_last_hour(self, p: &Programs, r: &Running) -> Query {
        match self {
            Product::Canopy => {
                let (bin, endpoint) = (p.canopy.clone(), format!("http://{}", r.query));
                Query::Cli(Box::new(move || {
                    let mut c = cmd(&bin, &["trace", "list", "--range", "1h"]);
                    c.env("CANOPY_ENDPOINT", &endpoint);
                    c
                }))
            }
            Product::Otelite => {
                let (bin, endpoint) = (p.otelite.clone().expect("started"), r.query);
                Query::Cli(Box::new(move || {
                    let mut c = cmd(&bin, &["traces", "list", "--since", "1h", "--limit", "50"]);
                    c.env("OTELITE_ENDPOINT", format!("http://{endpoint}"));
                    c
                }))
            }
            Product::Phoenix => {
                let from = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1);
                Query::Rest(format!(
                    "/v1/projects/default/traces?start_time={from}&limit=50&sort=start_time&order=desc"
                ))
            }
        }
    }

    /// One trace and its spans, as a tree where the product has one.
    pub fn get_trace(self, p: &Programs, r: &Running, trace_hex: &str) -> Query {
        let id = trace_hex.to_string();
        match self {
            Product::Canopy => {
                let (bin, endpoint) = (p.canopy.clone(), format!("http://{}", r.query));
                Query::Cli(Box::new(move || {
                    let mut c = cmd(&bin, &["trace", "get", &id, "--view", "tree"]);
                    c.env("CANOPY_ENDPOINT", &endpoint);
                    c
                }))
            }
            Product::Otelite => {
                let (bin, endpoint) = (p.otelite.clone().expect("started"), r.query);
                Query::Cli(Box::new(move || {
                    let mut c = cmd(&bin, &["traces", "show", &id]);
                    c.env("OTELITE_ENDPOINT", format!("http://{endpoint}"));
                    c
                }))
            }
            Product::Phoenix => Query::Rest(format!(
                "/v1/projects/default/spans?trace_id={id}&limit=1000"
            )),
        }
    }

    /// Spans the server has stored, when it can say.
    pub fn stored_spans(self, r: &Running) -> Option<u64> {
        let json = |path: &str| -> Option<serde_json::Value> {
            serde_json::from_slice(&super::http::get(r.query, path).ok()?).ok()
        };
        match self {
            Product::Canopy => json("/api/v1/facets?target=spans")?["total"].as_u64(),
            Product::Otelite => {
                let v = json("/api/stats")?;
                ["span_count", "spans", "total_spans"]
                    .iter()
                    .find_map(|k| v[k].as_u64().or_else(|| v["traces"][k].as_u64()))
            }
            Product::Phoenix => {
                let body = br#"{"query":"{ projects { edges { node { name recordCount } } } }"}"#;
                let resp = super::http::Conn::new(r.query)
                    .request(
                        "POST",
                        "/graphql",
                        &[("content-type", "application/json")],
                        body,
                    )
                    .ok()?;
                let v: serde_json::Value = serde_json::from_slice(&resp.body).ok()?;
                v["data"]["projects"]["edges"]
                    .as_array()?
                    .iter()
                    .map(|e| e["node"]["recordCount"].as_u64().unwrap_or(0))
                    .sum::<u64>()
                    .into()
            }
        }
    }
}

fn cmd(bin: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(bin);
    c.args(args);
    c
}

fn wait_port(addr: SocketAddr) -> Result<(), String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::net::TcpStream::connect(addr).is_err() {
        if std::time::Instant::now() > deadline {
            return Err(format!("nothing listens on {addr}"));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Ok(())
}
