//! `canopy trace import`.

use std::io::Write;

use crate::common::{TestEnv, TestServer, fixtures};

/// A fixture's request as one compact JSON line (the protobuf JSON mapping, base64 ids).
fn line(sdk: &str, stem: &str) -> String {
    let path = fixtures::dir(sdk)
        .join("raw")
        .join(format!("{stem}.decoded.json"));
    let value: serde_json::Value = serde_json::from_slice(&fs_err::read(path).unwrap()).unwrap();
    value.to_string()
}

#[test]
fn json_lines_documents_and_gzip_import_and_bad_lines_are_reported() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    let dir = tempfile::tempdir().unwrap();

    let jsonl = dir.path().join("traces.jsonl");
    let lines = [
        line("openinference", "0001-v1_traces"),
        "{\"resourceLogs\": []}".to_string(),
        "this is not json".to_string(),
        line("cascade", "0002-v1_traces"),
        line("cascade", "0004-v1_traces"),
        line("cascade", "0006-v1_traces"),
    ];
    fs_err::write(&jsonl, lines.join("\n") + "\n").unwrap();
    let gz = dir.path().join("agensight.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(line("agensight", "0001-v1_traces").as_bytes())
        .unwrap();
    fs_err::write(&gz, enc.finish().unwrap()).unwrap();
    let document = fixtures::dir("catalyst").join("raw/0001-v1_traces.json");

    let out = env
        .cmd()
        .arg("trace")
        .arg("import")
        .args([&jsonl, &gz, &document])
        .output()
        .unwrap();
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(&dir.path().display().to_string(), "TMP");
    insta::assert_snapshot!(stderr, @"
    warning: TMP/traces.jsonl:3: not an OTLP/JSON trace request: expected ident at line 1 column 2
    imported 48 spans, skipped 1 line without spans
    error: 1 line could not be read (the rest was imported)
    hint: each line must be an OTLP/JSON ExportTraceServiceRequest, as the collector's file exporter writes
    ");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad line makes the exit code 1"
    );

    let out = env
        .cmd()
        .args(["trace", "list", "--json", "trace_id"])
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows.len(),
        8,
        "openinference 2 + cascade 2 + agensight 2 + catalyst 2"
    );

    // Importing again duplicates nothing.
    env.cmd()
        .arg("trace")
        .arg("import")
        .arg(&document)
        .assert()
        .success();
    let out = env
        .cmd()
        .args([
            "span",
            "list",
            "--trace-id",
            "0a87607c",
            "--json",
            "span_id",
        ])
        .output()
        .unwrap();
    let spans: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(spans.len(), 11);
}

#[test]
fn a_missing_file_and_a_missing_server_say_so() {
    let env = TestEnv::new("http://127.0.0.1:9");
    insta::assert_snapshot!(env.run(&["trace", "import", "/nonexistent/traces.jsonl"]), @"
    --- stderr ---
    error: cannot read /nonexistent/traces.jsonl: No such file or directory (os error 2)
    hint: check the file name
    [exit: 1]
    ");
    let document = fixtures::dir("catalyst").join("raw/0001-v1_traces.json");
    let out = env
        .cmd()
        .arg("trace")
        .arg("import")
        .arg(&document)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}
