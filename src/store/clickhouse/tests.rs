//! The ClickHouse store against a server: the shared conformance suite, plus what only a shared
//! store has to get right (several writers, the parameter encoding, migrations).
//!
//! These tests need `CANOPY_TEST_CLICKHOUSE_URL` (e.g. `clickhouse://127.0.0.1:8123/canopy_test`),
//! so they are ignored by a plain `cargo test`; run them with
//! `cargo test clickhouse -- --ignored`. Each test creates its own database, named after the
//! URL's plus a unique suffix, and drops it when it passes. `.ci/run` points the variable at chDB
//! behind `tests/clickhouse/chdb_server.py`; any ClickHouse server works the same.

use std::sync::Arc;

use super::sql::Sql;
use super::{ClickHouseStore, Endpoint};
use crate::config::env;
use crate::model::{Filter, Nanos, SpanId, TraceId, TraceQuery, test_span};
use crate::store::{Location, SpanAttributes, Store, StoreError};

const IGNORED: &str = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL";

/// The server under test, with a database of its own for `test`.
fn endpoint(test: &str) -> Endpoint {
    let raw = env::var(env::CANOPY_TEST_CLICKHOUSE_URL).unwrap_or_else(|| {
        panic!("{IGNORED} (see README, \"Scale out on ClickHouse\")");
    });
    let Location::ClickHouse(base) =
        crate::config::parse_store(&raw, &crate::config::process_env()).unwrap()
    else {
        panic!(
            "{} must be a clickhouse:// URL",
            env::CANOPY_TEST_CLICKHOUSE_URL
        );
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

async fn fresh(test: &str) -> ClickHouseStore {
    ClickHouseStore::open(&endpoint(test)).await.unwrap()
}

async fn finish(store: ClickHouseStore) {
    store.close().await;
    store.drop_database().await.unwrap();
}

#[tokio::test]
#[ignore = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL"]
async fn conformance() {
    let store = fresh("conformance").await;
    crate::store::conformance::run_all(&store).await;
    finish(store).await;
}

/// Values reach the server intact whatever they contain: parameters are never spliced in.
#[tokio::test]
#[ignore = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL"]
async fn parameters_survive_any_text() {
    let store = fresh("params").await;
    let nasty = [
        "plain",
        "quote ' and \" and `",
        "back\\slash \\N \\t",
        "tab\tnew\nline\rcr",
        "{p0:String} ?",
        "ünïcödé ✓ 🦀",
        "",
    ];
    for text in nasty {
        let mut sql = Sql::new("SELECT ");
        let one = sql.bind(text);
        let list = vec![text.to_string(), "x".into()];
        let many = sql.bind(list.as_slice());
        sql.push(&format!("{one}, {many}"));
        let rows: Vec<(String, Vec<String>)> = store.http.fetch(&sql).await.unwrap();
        assert_eq!(rows, [(text.to_string(), list)], "{text:?}");
    }
    finish(store).await;
}

/// Two servers on one database: spans of one trace written through both, concurrently, root
/// last through the other one; both answer with the complete summary.
#[tokio::test]
#[ignore = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL"]
async fn two_writers_agree_on_every_summary() {
    let a = Arc::new(fresh("writers").await);
    let b = Arc::new(ClickHouseStore::open(a.endpoint()).await.unwrap());
    let trace = TraceId([0x42; 16]);
    let span = |id: u8, parent: Option<u8>, start: i64| {
        let mut s = test_span(0, id, parent, &format!("s{id}"), start, start + 10);
        s.trace_id = trace;
        s
    };
    let mut writes = Vec::new();
    for id in 2..=21u8 {
        let store = if id % 2 == 0 {
            Arc::clone(&a)
        } else {
            Arc::clone(&b)
        };
        let s = span(id, Some(1), 1_000 + i64::from(id));
        writes.push(tokio::spawn(async move { store.write(vec![s]).await }));
    }
    for w in writes {
        assert_eq!(w.await.unwrap().unwrap().inserted, 1);
    }
    b.write(vec![span(1, None, 1_000)]).await.unwrap();
    let window = TraceQuery {
        filter: Filter {
            from: Some(Nanos(0)),
            ..Default::default()
        },
        ..Default::default()
    };
    for store in [&a, &b] {
        let page = store.list_traces(&window).await.unwrap();
        assert_eq!(page.traces.len(), 1);
        let row = &page.traces[0];
        assert_eq!((row.root_name.as_str(), row.span_count), ("s1", 21));
        assert_eq!(row.root_span_id, Some(SpanId([1; 8])));
        assert_eq!(
            &store
                .get_trace(trace, SpanAttributes::All)
                .await
                .unwrap()
                .summary,
            row
        );
    }
    b.close().await;
    let a = Arc::try_unwrap(a).ok().expect("the writes are done");
    finish(a).await;
}

/// A trace whose root arrives last with a start on an earlier day moves to that day's
/// partition; the row it leaves behind must not show up as a second trace.
#[tokio::test]
#[ignore = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL"]
async fn a_trace_that_moves_to_an_earlier_day_is_listed_once() {
    let store = fresh("midnight").await;
    let day = 86_400_000_000_000i64;
    let trace = TraceId([0x77; 16]);
    let mut child = test_span(0, 2, Some(1), "child", 10 * day + 5, 10 * day + 9);
    child.trace_id = trace;
    let mut root = test_span(0, 1, None, "root", 10 * day - 5, 10 * day + 10);
    root.trace_id = trace;
    store.write(vec![child]).await.unwrap();
    store.write(vec![root]).await.unwrap();
    let page = store.list_traces(&TraceQuery::default()).await.unwrap();
    let names: Vec<&str> = page.traces.iter().map(|t| t.root_name.as_str()).collect();
    assert_eq!(names, ["root"]);
    finish(store).await;
}

/// Reopening migrates nothing twice; a database from a newer canopy is refused.
#[tokio::test]
#[ignore = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL"]
async fn the_schema_is_versioned() {
    let store = fresh("schema").await;
    store
        .write(vec![test_span(9, 1, None, "kept", 0, 1)])
        .await
        .unwrap();
    let again = ClickHouseStore::open(store.endpoint()).await.unwrap();
    assert_eq!(
        again
            .get_trace(TraceId([9; 16]), SpanAttributes::All)
            .await
            .unwrap()
            .spans
            .len(),
        1
    );
    again.close().await;

    let db = &store.db;
    store
        .http
        .execute(&Sql::new(format!(
            "INSERT INTO {db}.schema_version (version) VALUES (999)"
        )))
        .await
        .unwrap();
    match ClickHouseStore::open(store.endpoint()).await {
        Err(StoreError::Backend(m)) => assert!(m.contains("newer canopy"), "{m}"),
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a newer schema was accepted"),
    }
    finish(store).await;
}

/// Where nothing listens, opening fails with the address in the message.
#[tokio::test]
async fn an_unreachable_server_is_named() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let endpoint = Endpoint::parse(&format!("clickhouse://127.0.0.1:{port}/db")).unwrap();
    let err = match ClickHouseStore::open(&endpoint).await {
        Err(e) => e.to_string(),
        Ok(_) => panic!("opened a store where nothing listens"),
    };
    assert!(
        err.contains(&format!("127.0.0.1:{port}")) && err.contains("cannot connect"),
        "{err}"
    );
}

/// `?ttl_days=N` puts a TTL on every table; reopening without it takes the TTL away again.
#[tokio::test]
#[ignore = "needs a ClickHouse server: set CANOPY_TEST_CLICKHOUSE_URL"]
async fn the_ttl_follows_the_url() {
    let plain = endpoint("ttl");
    let with_ttl = Endpoint {
        ttl_days: Some(30),
        ..plain.clone()
    };
    let engines = |store: &ClickHouseStore| {
        let mut sql = Sql::new("SELECT name, engine_full FROM system.tables WHERE database = ");
        let db = sql.bind(store.endpoint().database.as_str());
        sql.push(&format!(
            "{db} AND name IN ('spans', 'trace_summaries', 'trace_windows') ORDER BY name"
        ));
        let http = store.http.clone();
        async move { http.fetch::<(String, String)>(&sql).await.unwrap() }
    };
    let store = ClickHouseStore::open(&with_ttl).await.unwrap();
    let tables = engines(&store).await;
    assert_eq!(tables.len(), 3);
    for (name, engine) in &tables {
        assert!(engine.contains(" TTL "), "{name}: {engine}");
    }
    store.close().await;
    let store = ClickHouseStore::open(&with_ttl).await.unwrap();
    assert_eq!(engines(&store).await, tables, "reopening changes nothing");
    store.close().await;
    let store = ClickHouseStore::open(&plain).await.unwrap();
    for (name, engine) in engines(&store).await {
        assert!(!engine.contains(" TTL "), "{name}: {engine}");
    }
    finish(store).await;
}
