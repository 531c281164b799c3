//! The CLI as an HTTP client: retries, timeouts and what it says about answers it cannot use.
//! A canned-response server stands in for canopy (or for whatever `--endpoint` points at).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::TestEnv;

/// Answers connection `i` with `responses[i]` (the last one again once they run out), closing
/// each connection after its answer. Counts the requests it saw.
fn canned(responses: Vec<String>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&hits);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut line = String::new();
            // A GET has no body: read the head, up to the blank line.
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let i = seen.fetch_add(1, Ordering::SeqCst);
            let response = &responses[i.min(responses.len() - 1)];
            let _ = conn.write_all(response.as_bytes());
        }
    });
    (url, hits)
}

fn response(status: &str, headers: &[&str], body: &str) -> String {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    format!("{head}\r\n{body}")
}

const JSON: &str = "Content-Type: application/json";
const EMPTY_PAGE: &str = r#"{"traces":[],"next_cursor":null}"#;
const BUSY: &str = r#"{"error":{"code":"unavailable","message":"the server is shutting down"}}"#;

fn run(url: &str, args: &[&str]) -> String {
    TestEnv::new(url).run(args)
}

#[test]
fn unavailable_answers_are_retried_honouring_retry_after() {
    let (url, hits) = canned(vec![
        response("503 Service Unavailable", &[JSON, "Retry-After: 0"], BUSY),
        response("502 Bad Gateway", &[], "upstream down"),
        response("200 OK", &[JSON], EMPTY_PAGE),
    ]);
    let out = run(&url, &["trace", "list", "--json"]);
    assert_eq!(out, "[]\n[exit: 0]");
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[test]
fn retries_stop_after_three_attempts_with_the_server_s_message() {
    let (url, hits) = canned(vec![response(
        "503 Service Unavailable",
        &[JSON, "Retry-After: 0"],
        BUSY,
    )]);
    let out = run(&url, &["trace", "list"]);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    insta::assert_snapshot!(out, @"
    --- stderr ---
    error: the server at http://127.0.0.1:PORT/ failed (HTTP 503): the server is shutting down
    hint: the server's log says more; try again later
    [exit: 1]
    ");
}

#[test]
fn a_retry_after_longer_than_ten_seconds_is_not_waited_for() {
    let (url, hits) = canned(vec![response(
        "429 Too Many Requests",
        &[JSON, "Retry-After: 3600"],
        r#"{"error":{"code":"busy","message":"slow down"}}"#,
    )]);
    let out = run(&url, &["trace", "list"]);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert!(
        out.contains("error: slow down") && out.ends_with("[exit: 1]"),
        "{out}"
    );
}

#[test]
fn answers_that_are_not_the_query_api_are_named_and_not_retried() {
    let cases = [
        (
            response("200 OK", &["Content-Type: text/html"], "<html>hello</html>"),
            "expected JSON, got Content-Type text/html",
        ),
        (
            response("200 OK", &[JSON], "{\"traces\": ["),
            "invalid JSON: EOF",
        ),
        (
            response("404 Not Found", &[], "nothing here"),
            "HTTP 404 Not Found without an error body",
        ),
        (
            response("500 Internal Server Error", &[], "boom"),
            "failed (HTTP 500): Internal Server Error",
        ),
    ];
    for (answer, expected) in cases {
        let (url, hits) = canned(vec![answer]);
        let out = run(&url, &["trace", "list"]);
        assert!(out.contains(expected), "{expected}: {out}");
        assert!(out.ends_with("[exit: 1]"), "{out}");
        assert!(
            out.contains("hint: check that --endpoint points at a canopy server")
                || out.contains("hint: the server's log"),
            "{out}"
        );
        assert_eq!(hits.load(Ordering::SeqCst), 1, "{expected}");
    }
}

#[test]
fn a_refusal_is_exit_4_and_not_retried() {
    let (url, hits) = canned(vec![response(
        "401 Unauthorized",
        &[JSON],
        r#"{"error":{"code":"unauthorized","message":"no token"}}"#,
    )]);
    let out = run(&url, &["trace", "get", "0a87"]);
    assert!(out.ends_with("[exit: 4]"), "{out}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}
