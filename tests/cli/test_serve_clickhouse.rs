//! `canopy serve --store clickhouse://…`: several servers, one store (issue 6).
//!
//! Ignored by a plain `cargo test`: they need a ClickHouse server named by
//! `CANOPY_TEST_CLICKHOUSE_URL` (`.ci/run` starts one on chDB). Run them with
//! `cargo test clickhouse -- --ignored`. Each test uses a database of its own and drops it.

use std::io::BufReader;
use std::process::{Child, ChildStderr, Command};

use canopy::store::clickhouse::Endpoint;
use canopy::store::{ClickHouseStore, Location};

use crate::common::{ServeProcess, TestEnv, TestServer, fixtures};

/// A fresh database on the ClickHouse server under test.
fn endpoint(test: &str) -> Endpoint {
    let raw = std::env::var("CANOPY_TEST_CLICKHOUSE_URL")
        .expect("needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL (see README)");
    let Location::ClickHouse(base) =
        canopy::config::parse_store(&raw, &canopy::config::process_env()).unwrap()
    else {
        panic!("CANOPY_TEST_CLICKHOUSE_URL must be a clickhouse:// URL");
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    base.with_database(&format!(
        "{}_{test}_{}_{nanos}",
        base.database,
        std::process::id()
    ))
}

fn drop_database(endpoint: &Endpoint) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = ClickHouseStore::open(endpoint).await.unwrap();
        store.drop_database().await.unwrap();
    });
}

/// The real `canopy serve` binary on a port of its own, stopped with SIGTERM when dropped.
struct Served {
    child: Child,
    _stderr: BufReader<ChildStderr>,
    url: String,
}

impl Served {
    fn start(store: &Endpoint) -> Served {
        let url = store.to_string();
        let password = store.password.as_deref();
        let env: Vec<(&str, &str)> = password
            .map(|p| ("CANOPY_CLICKHOUSE_PASSWORD", p))
            .into_iter()
            .collect();
        let ServeProcess {
            child,
            stderr,
            addr,
        } = ServeProcess::start(&["--store", url.as_str()], &env);
        Served {
            child,
            _stderr: stderr,
            url: format!("http://{addr}"),
        }
    }

    fn post(&self, request: &fixtures::Request) {
        let mut req = crate::common::http()
            .post(format!("{}/v1/traces", self.url))
            .header("content-type", &request.content_type)
            .body(request.body.clone());
        if let Some(enc) = &request.content_encoding {
            req = req.header("content-encoding", enc);
        }
        let response = req.send().unwrap();
        assert_eq!(response.status(), 200, "{}", request.name);
    }

    fn get(&self, path: &str) -> serde_json::Value {
        let response = crate::common::http()
            .get(format!("{}{path}", self.url))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json().unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// What one server ingests, the other lists and returns; and both answer exactly as a SQLite
/// server given the same requests: traces, spans, facets, sessions and usage.
#[test]
#[ignore = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL"]
fn two_servers_on_one_clickhouse_answer_like_sqlite() {
    let store = endpoint("two_servers");
    let (a, b) = (Served::start(&store), Served::start(&store));
    let sqlite = TestServer::start();
    // Requests alternate between the two servers, so a trace whose root arrives in a later
    // request (Cascade) is completed by the other server.
    let mut n = 0;
    for sdk in fixtures::SDKS {
        for request in fixtures::requests(sdk) {
            let (status, _) = sqlite.post(
                request.body.clone(),
                &request.content_type,
                request.content_encoding.as_deref(),
            );
            assert_eq!(status, 200);
            [&a, &b][n % 2].post(&request);
            n += 1;
        }
    }

    let expected = |path: &str| sqlite.get_json(path).1;
    let list = expected("/api/v1/traces?limit=1000");
    let traces = list["traces"].as_array().unwrap();
    assert_eq!(traces.len(), 10);
    let mut paths = vec!["/api/v1/traces?limit=1000".to_string()];
    for t in traces {
        let id = t["trace_id"].as_str().unwrap();
        paths.push(format!("/api/v1/traces/{id}"));
        paths.push(format!("/api/v1/traces/{}", &id[..8]));
        paths.push(format!("/api/v1/spans?trace_id={id}&limit=1000"));
    }
    // Queries with a `true` must find something, so that agreeing means something.
    for (query, finds) in [
        ("traces?sort=cost&limit=3", true),
        ("traces?sort=tokens&order=asc", true),
        ("traces?sort=duration&limit=4", true),
        ("traces?kind=LLM&status=error", true),
        ("traces?text=timeout", true),
        ("traces?attr=llm.token_count.total%20%3E%20100", true),
        ("traces?attr=session.id%20%3D%20sess-oi-0001", true),
        ("traces?agent=weather-researcher", false),
        ("spans?limit=1000", true),
        ("spans?kind=LLM&sort=tokens&limit=5", true),
        ("spans?scope=entrypoint&limit=1000", true),
        ("spans?attr=gen_ai.is_streaming%20%3D%20false", true),
        ("spans?attr=user.id%20~%20USER&limit=1000", true),
        ("spans?attr=tool.name%20!%3D%20get_weather&limit=1000", true),
        ("spans?attr=llm.latency_ms%20%3C%2010&limit=1000", true),
        ("spans?attr=tag.tags%20~%20openinference", true),
        ("spans?session=sess-oi-0001&user=user-42&limit=1000", false),
        ("facets?target=traces", true),
        ("facets?target=spans&kind=TOOL", true),
        // Sessions sum summaries; usage sums each span's contribution, which depends on spans
        // that arrived through the other server.
        ("sessions?limit=1000", true),
        ("sessions?limit=2", true),
        ("sessions?status=error&agent=PlannerAgent", true),
        ("sessions/sess-cascade-0001", false),
        ("sessions?session=sess-oi-0001&limit=1000", true),
        ("usage?by=model", true),
        ("usage?by=provider", true),
        ("usage?by=agent", true),
        ("usage?by=service", true),
        ("usage?by=day", true),
        ("usage?by=session&kind=LLM", true),
        ("usage?by=model&status=error", true),
        (
            "usage?by=agent&attr=gen_ai.operation.name%20%3D%20chat",
            true,
        ),
        (
            "usage?by=provider&service=travel_app_cascade&session=sess-cascade-0001",
            true,
        ),
    ] {
        let path = format!("/api/v1/{query}");
        if finds {
            let want = expected(&path);
            let rows = ["traces", "spans", "sessions", "groups"]
                .iter()
                .find_map(|k| want[k].as_array().map(Vec::len))
                .or_else(|| want["total"].as_u64().map(|n| n as usize));
            assert!(rows > Some(0), "{path} finds nothing to compare: {want}");
        }
        paths.push(path);
    }
    for path in &paths {
        let want = expected(path);
        assert_eq!(a.get(path), want, "server A: {path}");
        assert_eq!(b.get(path), want, "server B: {path}");
    }

    // The CLI reads through either server as it does through SQLite.
    for args in [
        &["trace", "list", "--range", "1h"][..],
        &["session", "list", "--range", "1h"],
        &["usage", "--by", "agent", "--range", "1h"],
    ] {
        let through_sqlite = TestEnv::for_server(&sqlite).run(args);
        assert_eq!(TestEnv::new(&b.url).run(args), through_sqlite, "{args:?}");
        assert!(
            through_sqlite.lines().count() > 3,
            "{args:?}: {through_sqlite}"
        );
    }

    drop((a, b));
    drop_database(&store);
}
