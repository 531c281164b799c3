//! `canopy trace export`, and re-importing what it wrote.

use crate::common::{TestEnv, TestServer, fixtures};

/// Every trace as JSON, with the parts that belong to one server (ingest-derived ids are the
/// same; nothing else differs) compared whole.
fn traces(env: &TestEnv) -> Vec<serde_json::Value> {
    let out = env
        .cmd()
        .args(["trace", "list", "--json", "trace_id"])
        .output()
        .unwrap();
    let ids: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    ids.iter()
        .map(|row| {
            let id = row["trace_id"].as_str().unwrap();
            let out = env
                .cmd()
                .args(["trace", "get", id, "--json"])
                .output()
                .unwrap();
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect()
}

#[test]
fn an_export_imports_back_into_the_same_traces() {
    let source = TestServer::start();
    for sdk in fixtures::SDKS {
        source.ingest_fixture(sdk);
    }
    let from = TestEnv::for_server(&source);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.jsonl");
    let out = from
        .cmd()
        .args(["trace", "export", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs_err::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 10, "one line per trace");

    let target = TestServer::start();
    let to = TestEnv::for_server(&target);
    to.cmd()
        .arg("trace")
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    assert_eq!(traces(&to), traces(&from));
}

#[test]
fn an_export_resumes_from_a_cursor_and_streams_to_stdout() {
    let server = TestServer::start();
    for sdk in fixtures::SDKS {
        server.ingest_fixture(sdk);
    }
    let env = TestEnv::for_server(&server);
    let first = env
        .cmd()
        .args(["trace", "list", "--limit", "4"])
        .env("CANOPY_FORCE_TTY", "100")
        .output()
        .unwrap();
    let hint = String::from_utf8_lossy(&first.stderr).into_owned();
    let cursor = hint
        .split("--cursor ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("part.jsonl");
    let head = env
        .cmd()
        .args(["trace", "export", "--range", "all"])
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&head.stdout).lines().count();
    assert_eq!(all, 10);
    fs_err::write(&file, "").unwrap();
    env.cmd()
        .args(["trace", "export", "--cursor", &cursor, "--append", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        fs_err::read_to_string(&file).unwrap().lines().count(),
        6,
        "the traces after the first page"
    );
}

#[test]
fn a_bad_cursor_is_a_usage_error() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "export", "--cursor", "nope"]), @r#"
    --- stderr ---
    error: --cursor: "nope" is not a cursor returned by this server
    [exit: 2]
    "#);
}
