//! Shared test support: an in-process server on port 0, a hermetic environment for the CLI
//! binary, the shared OTLP fixtures, and snapshot-friendly command output.

#![allow(dead_code)]

pub mod fixtures;
pub mod otlp;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use canopy::server::{self, Budget, Config};
use canopy::store::{SqliteStore, Store, sqlite};

/// A blocking HTTP client for tests. reqwest is built without a bundled crypto provider, so the
/// process must install one before any client exists (canopy's own client does the same).
pub fn http() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::new()
}

/// "Now" for every CLI test: a little after the fixtures were captured, so relative ranges and
/// relative times are stable.
pub const NOW: &str = "2026-11-22T04:00:00Z";

/// The server settings tests run with: the defaults, except that retention is off, because the
/// fixtures carry fixed timestamps that a sweep would eventually delete.
pub fn test_config() -> Config {
    Config {
        retention: None,
        ..Config::default()
    }
}

/// A canopy server running in this process, on its own runtime thread.
pub struct TestServer {
    pub addr: SocketAddr,
    /// Where the same server takes OTLP/gRPC.
    pub grpc_addr: SocketAddr,
    pub data_dir: PathBuf,
    /// Ingest's in-flight memory budget, to watch in backpressure tests.
    pub budget: Arc<Budget>,
    _tempdir: Option<tempfile::TempDir>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    /// A server on a fresh, empty data directory.
    pub fn start() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let mut server = TestServer::start_in(dir.path());
        server._tempdir = Some(dir);
        server
    }

    /// A server on a fresh data directory, with its own settings.
    pub fn start_with_config(config: Config) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join(sqlite::FILE_NAME)).unwrap();
        let mut server = TestServer::start_with(Arc::new(store), config, dir.path());
        server._tempdir = Some(dir);
        server
    }

    /// A server on `data_dir` (which outlives it, for restart tests).
    pub fn start_in(data_dir: &Path) -> TestServer {
        let store = SqliteStore::open(&data_dir.join(sqlite::FILE_NAME)).unwrap();
        TestServer::start_with(Arc::new(store), test_config(), data_dir)
    }

    /// A server with its own store and settings; `data_dir` is only reported back.
    pub fn start_with(store: Arc<dyn Store>, config: Config, data_dir: &Path) -> TestServer {
        // Binding here, before the server task runs, means connections queue in the kernel
        // backlog from this moment: the server is "ready" without any waiting.
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let grpc_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        grpc_listener.set_nonblocking(true).unwrap();
        let grpc_addr = grpc_listener.local_addr().unwrap();
        let server = server::Server::new(store, config);
        let budget = server.budget();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                let grpc = tokio::net::TcpListener::from_std(grpc_listener).unwrap();
                server
                    .with_grpc(grpc)
                    .serve(listener, async {
                        let _ = rx.await;
                    })
                    .await
                    .unwrap();
            });
        });
        TestServer {
            addr,
            grpc_addr,
            data_dir: data_dir.to_path_buf(),
            budget,
            _tempdir: None,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// POSTs an OTLP body to /v1/traces and returns status and response body.
    pub fn post(
        &self,
        body: Vec<u8>,
        content_type: &str,
        content_encoding: Option<&str>,
    ) -> (u16, Vec<u8>) {
        self.post_as(body, content_type, content_encoding, None)
    }

    /// [`TestServer::post`] with `Authorization: Bearer <token>`.
    pub fn post_as(
        &self,
        body: Vec<u8>,
        content_type: &str,
        content_encoding: Option<&str>,
        token: Option<&str>,
    ) -> (u16, Vec<u8>) {
        let mut req = http()
            .post(format!("{}/v1/traces", self.url()))
            .header("content-type", content_type)
            .body(body);
        if let Some(enc) = content_encoding {
            req = req.header("content-encoding", enc);
        }
        if let Some(token) = token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        let resp = req.send().unwrap();
        (resp.status().as_u16(), resp.bytes().unwrap().to_vec())
    }

    /// Sends `spans` of `service` as one OTLP/protobuf request, asserting it is accepted.
    pub fn post_spans(
        &self,
        service: &str,
        spans: Vec<opentelemetry_proto::tonic::trace::v1::Span>,
    ) {
        let body = otlp::encode(&otlp::request(service, spans));
        let (status, body) = self.post(body, "application/x-protobuf", None);
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    }

    /// GETs a query API path and parses the JSON answer.
    pub fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let resp = http()
            .get(format!("{}{}", self.url(), path))
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().unwrap())
    }

    /// Sends every request of a shared fixture, in capture order, asserting each is accepted.
    pub fn ingest_fixture(&self, sdk: &str) {
        self.ingest_fixture_as(sdk, None);
    }

    /// [`TestServer::ingest_fixture`] with a token.
    pub fn ingest_fixture_with_token(&self, sdk: &str, token: &str) {
        self.ingest_fixture_as(sdk, Some(token));
    }

    fn ingest_fixture_as(&self, sdk: &str, token: Option<&str>) {
        for request in fixtures::requests(sdk) {
            let (status, body) = self.post_as(
                request.body,
                &request.content_type,
                request.content_encoding.as_deref(),
                token,
            );
            assert_eq!(
                status,
                200,
                "{sdk}/{}: {}",
                request.name,
                String::from_utf8_lossy(&body)
            );
        }
    }

    /// Stops the server, waiting for it to finish and close its store.
    pub fn stop(mut self) {
        self.shutdown_and_join();
    }

    fn shutdown_and_join(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown_and_join();
    }
}

/// The real `canopy serve` binary, hermetic: a clean environment, no config file and no gRPC
/// port (parallel tests never fight over 4317), listening on a free loopback port.
pub struct ServeProcess {
    pub child: std::process::Child,
    /// The server's log after its "listening on" line; keep reading it (or keep it) so the
    /// server never blocks on a full pipe.
    pub stderr: std::io::BufReader<std::process::ChildStderr>,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl ServeProcess {
    /// Starts `canopy serve --listen 127.0.0.1:0 --grpc-listen off ARGS` with `env` added, and
    /// returns once it says where it listens.
    pub fn start<S: AsRef<std::ffi::OsStr>>(args: &[S], env: &[(&str, &str)]) -> ServeProcess {
        use std::io::BufRead;
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("canopy"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--grpc-listen", "off"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("CANOPY_CONFIG", "/nonexistent/canopy/config.toml")
            .env("CANOPY_LOG", "info")
            .envs(env.iter().copied())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "serve exited before listening"
            );
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        ServeProcess {
            child,
            stderr,
            addr,
        }
    }
}

/// The CLI binary in a hermetic environment: nothing from the developer's shell leaks in.
pub struct TestEnv {
    pub home: tempfile::TempDir,
    pub endpoint: String,
}

impl TestEnv {
    pub fn new(endpoint: &str) -> TestEnv {
        TestEnv {
            home: tempfile::tempdir().unwrap(),
            endpoint: endpoint.to_string(),
        }
    }

    pub fn for_server(server: &TestServer) -> TestEnv {
        TestEnv::new(&server.url())
    }

    /// `canopy` with a clean environment: temp HOME and XDG dirs, fixed clock and width, no color.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    /// [`TestEnv::cmd`] as a `std::process::Command`, for children that run while the test
    /// talks to them ([`Following`]).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("canopy"));
        let home = self.home.path();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("CANOPY_ENDPOINT", &self.endpoint)
            .env("CANOPY_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("TZ", "UTC");
        cmd
    }

    /// Runs `canopy ARGS` and renders everything it did as one snapshot-friendly string.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        CommandOutput::from(out).to_string()
    }

    /// Like [`TestEnv::run`], pretending stdout is a terminal of `width` columns.
    pub fn run_tty(&self, width: u16, args: &[&str]) -> String {
        let out = self
            .cmd()
            .env("CANOPY_FORCE_TTY", width.to_string())
            .args(args)
            .output()
            .unwrap();
        CommandOutput::from(out).to_string()
    }
}

/// How long a test waits for a live command to print what it expects before failing.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

/// A `canopy … --follow` child: its output is read line by line as it comes, and the test
/// waits for lines (up to [`DEADLINE`]) instead of sleeping.
pub struct Following {
    /// Killed on drop, so that a failing test leaves no process behind.
    child: Option<std::process::Child>,
    stdout: std::sync::mpsc::Receiver<String>,
    stderr: std::sync::mpsc::Receiver<String>,
    /// Lines read so far.
    pub out: Vec<String>,
    pub err: Vec<String>,
}

fn read_lines(stream: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Following {
    pub fn spawn(mut cmd: std::process::Command) -> Following {
        use std::process::Stdio;
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = read_lines(child.stdout.take().unwrap());
        let stderr = read_lines(child.stderr.take().unwrap());
        Following {
            child: Some(child),
            stdout,
            stderr,
            out: Vec::new(),
            err: Vec::new(),
        }
    }

    fn wait_in(
        rx: &std::sync::mpsc::Receiver<String>,
        seen: &mut Vec<String>,
        what: &str,
        done: impl Fn(&[String]) -> bool,
    ) {
        let deadline = std::time::Instant::now() + DEADLINE;
        while !done(seen) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => seen.push(line),
                Err(_) => panic!("no {what} within {DEADLINE:?}; got:\n{}", seen.join("\n")),
            }
        }
    }

    /// Waits until the stdout lines so far satisfy `done`.
    pub fn wait_stdout(&mut self, what: &str, done: impl Fn(&[String]) -> bool) {
        Following::wait_in(&self.stdout, &mut self.out, what, done);
    }

    /// Waits until a line of stderr contains `text`.
    pub fn wait_stderr(&mut self, text: &str) {
        Following::wait_in(&self.stderr, &mut self.err, text, |lines| {
            lines.iter().any(|l| l.contains(text))
        });
    }

    /// Sends Ctrl-C (SIGINT) and returns the exit code, with whatever else was printed.
    #[cfg(unix)]
    pub fn interrupt(mut self) -> (i32, Vec<String>, Vec<String>) {
        let mut child = self.child.take().unwrap();
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        let code = rx
            .recv_timeout(DEADLINE)
            .expect("the child exits after Ctrl-C")
            .unwrap()
            .code()
            .unwrap_or(-1);
        // The pipes close when the child exits, so these end.
        let mut out = std::mem::take(&mut self.out);
        out.extend(self.stdout.iter());
        let mut err = std::mem::take(&mut self.err);
        err.extend(self.stderr.iter());
        (code, out, err)
    }
}

impl Drop for Following {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// stdout, then stderr, then the exit code, with ports and temp paths replaced.
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl From<std::process::Output> for CommandOutput {
    fn from(out: std::process::Output) -> Self {
        CommandOutput {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

impl std::fmt::Display for CommandOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scrub = |s: &str| {
            let mut out = String::new();
            for line in s.lines() {
                out.push_str(&scrub_ports(line));
                out.push('\n');
            }
            out
        };
        write!(f, "{}", scrub(&self.stdout))?;
        if !self.stderr.is_empty() {
            write!(f, "--- stderr ---\n{}", scrub(&self.stderr))?;
        }
        write!(f, "[exit: {}]", self.code)
    }
}

/// Replaces `127.0.0.1:<port>` with `127.0.0.1:PORT` for the ephemeral (five-digit) ports tests
/// bind; fixed ports in messages stay.
fn scrub_ports(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("127.0.0.1:") {
        out.push_str(&rest[..i + 10]);
        rest = &rest[i + 10..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 5 {
            out.push_str("PORT");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Copies a directory tree (a project fixture) to `to`, byte for byte.
pub fn copy_dir(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).unwrap();
    for entry in fs_err::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs_err::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` (relative path with `/` → bytes), to compare trees exactly.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in fs_err::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs_err::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Lets `cmd` run cargo although HOME is a temp dir: the toolchain and the registry cache of the
/// developer's (or CI's) machine, and the cargo that runs the tests.
pub fn pass_cargo_env(cmd: &mut assert_cmd::Command) {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME").unwrap_or_else(|| home.join(".cargo").into());
    let rustup_home =
        std::env::var_os("RUSTUP_HOME").unwrap_or_else(|| home.join(".rustup").into());
    cmd.env("CARGO_HOME", cargo_home)
        .env("RUSTUP_HOME", rustup_home);
    for name in ["CARGO", "RUSTUP_TOOLCHAIN"] {
        if let Some(value) = std::env::var_os(name) {
            cmd.env(name, value);
        }
    }
}
