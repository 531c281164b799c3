//! Hostile and broken input, one test per shape, each with the outcome the README's "Security
//! and limits" table promises. The span tree is always read back through the real CLI, so the
//! renderers are shown to survive every shape.

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse;
use opentelemetry_proto::tonic::common::v1::{AnyValue, ArrayValue, any_value};
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;

use crate::common::otlp::{
    deep_value, encode, hex, now_nanos, request, span, string, trace_id, with_raw_attribute,
};
use crate::common::{TestEnv, TestServer};

const PROTOBUF: &str = "application/x-protobuf";

/// POSTs protobuf and returns the partial-success message (empty when none), asserting 200.
fn ingest_pb(server: &TestServer, body: Vec<u8>) -> (i64, String) {
    let (status, body) = server.post(body, PROTOBUF, None);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let partial = ExportTraceServiceResponse::decode(&body[..])
        .unwrap()
        .partial_success
        .unwrap_or_default();
    (partial.rejected_spans, partial.error_message)
}

/// `canopy trace get ID` (plain, piped) and its stdout, asserting success.
fn tree(server: &TestServer, trace: [u8; 16]) -> String {
    let out = TestEnv::for_server(server)
        .cmd()
        .args(["trace", "get", &hex(&trace)])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn attribute(server: &TestServer, trace: [u8; 16], key: &str) -> serde_json::Value {
    let (status, t) = server.get_json(&format!("/api/v1/traces/{}", hex(&trace)));
    assert_eq!(status, 200, "{t}");
    t["spans"][0]["attributes"][key].clone()
}

#[test]
fn parent_cycles_and_self_parents_are_stored_and_drawn_once() {
    let server = TestServer::start();
    let t = trace_id(1);
    ingest_pb(
        &server,
        encode(&request(
            "svc",
            vec![
                span(t, 1, Some(2), "a"),
                span(t, 2, Some(1), "b"),
                span(t, 3, Some(3), "self"),
            ],
        )),
    );
    let out = tree(&server, t);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("↻ parent cycle"), "{out}");
    for name in ["a", "b", "self"] {
        assert_eq!(
            out.matches(&format!("{name}  ")).count(),
            1,
            "{name} once: {out}"
        );
    }
}

#[test]
fn orphans_are_kept_under_their_missing_parent() {
    let server = TestServer::start();
    let t = trace_id(2);
    ingest_pb(
        &server,
        encode(&request("svc", vec![span(t, 5, Some(4), "orphan")])),
    );
    let out = tree(&server, t);
    assert!(out.contains("⚠ missing parent"), "{out}");
    assert!(out.contains("orphan"), "{out}");
}

#[test]
fn a_span_ending_before_it_starts_is_kept_with_zero_duration() {
    let server = TestServer::start();
    let t = trace_id(3);
    let mut s = span(t, 1, None, "backwards");
    std::mem::swap(&mut s.start_time_unix_nano, &mut s.end_time_unix_nano);
    ingest_pb(&server, encode(&request("svc", vec![s])));
    let (_, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&t)));
    assert_eq!(trace["spans"][0]["duration_ns"], 0);
    assert_eq!(trace["summary"]["duration_ns"], 0);
    assert!(tree(&server, t).contains("backwards"));
}

#[test]
fn duplicate_spans_keep_the_first_copy_within_and_across_requests() {
    let server = TestServer::start();
    let t = trace_id(4);
    let first = span(t, 1, None, "first");
    let mut again = first.clone();
    again.name = "second copy".into();
    let (rejected, message) =
        ingest_pb(&server, encode(&request("svc", vec![first, again.clone()])));
    assert_eq!((rejected, message.as_str()), (0, ""));
    ingest_pb(&server, encode(&request("svc", vec![again])));
    let (_, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&t)));
    assert_eq!(trace["summary"]["span_count"], 1);
    assert_eq!(trace["spans"][0]["name"], "first");
}

#[test]
fn one_trace_split_across_requests_and_services_reads_as_one() {
    let server = TestServer::start();
    let t = trace_id(5);
    ingest_pb(
        &server,
        encode(&request("worker", vec![span(t, 2, Some(1), "child")])),
    );
    ingest_pb(
        &server,
        encode(&request("gateway", vec![span(t, 1, None, "root")])),
    );
    let (_, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&t)));
    assert_eq!(trace["summary"]["span_count"], 2);
    assert_eq!(trace["summary"]["root_name"], "root");
    assert_eq!(trace["summary"]["service"], "gateway");
    let out = tree(&server, t);
    assert!(
        out.starts_with("root") && out.contains("└── child"),
        "{out}"
    );
}

/// Issue 8: a 10,000-deep parent chain is stored, and `trace get` draws it without overflowing
/// the stack, with lines of bounded length.
#[test]
fn a_ten_thousand_deep_trace_renders_through_the_cli() {
    let server = TestServer::start();
    let t = trace_id(6);
    let spans = (1..=10_000u64)
        .map(|i| span(t, i, (i > 1).then(|| i - 1), &format!("s{i}")))
        .collect();
    ingest_pb(&server, encode(&request("deep", spans)));
    let out = tree(&server, t);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10_000);
    assert!(lines[9_999].starts_with("[depth 9999]"), "{}", lines[9_999]);
    assert!(lines.iter().all(|l| l.chars().count() < 400));
    let json = TestEnv::for_server(&server)
        .cmd()
        .args(["trace", "get", &hex(&t), "--json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let trace: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(trace["spans"].as_array().unwrap().len(), 10_000);
}

/// Protobuf nested 10,000 deep is past prost's recursion limit, so the whole request would be
/// refused; canopy cuts the value at the depth limit first and keeps the span.
#[test]
fn a_ten_thousand_deep_protobuf_value_is_cut_and_the_span_kept() {
    let server = TestServer::start();
    let t = trace_id(7);
    let body = with_raw_attribute(span(t, 1, None, "deep"), "nest", &deep_value(10_000));
    let (rejected, message) = ingest_pb(&server, body);
    assert_eq!(rejected, 0);
    assert!(
        message.contains("cut 1 attribute values nested deeper than 16 levels"),
        "{message}"
    );
    let mut v = &attribute(&server, t, "nest");
    for _ in 0..16 {
        v = &v[0];
    }
    assert_eq!(v, "[canopy: nested deeper than 16 levels]");
    assert!(tree(&server, t).contains("deep"));
}

/// JSON past serde_json's 128 levels cannot be read at all: the request is refused with a 400
/// that says so. Within 128 levels, values are cut at the depth limit like protobuf ones.
#[test]
fn deep_json_is_cut_within_128_levels_and_refused_past_them() {
    let server = TestServer::start();
    let json = |levels: usize| {
        let open = r#"{"arrayValue":{"values":["#.repeat(levels);
        let close = "]}}".repeat(levels);
        format!(
            r#"{{"resourceSpans":[{{"scopeSpans":[{{"spans":[{{"traceId":"{}","spanId":"eee19b7ec3c1b174","name":"j",
            "attributes":[{{"key":"nest","value":{open}{{"stringValue":"leaf"}}{close}}}]}}]}}]}}]}}"#,
            hex(&trace_id(8))
        )
        .into_bytes()
    };
    let (status, body) = server.post(json(10_000), "application/json", None);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("at most 128"),
        "{body}"
    );

    let (status, body) = server.post(json(30), "application/json", None);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(
        body["partialSuccess"]["errorMessage"]
            .as_str()
            .unwrap()
            .contains("nested deeper"),
        "{body}"
    );
}

/// Issue 8: a 3 MiB attribute is cut to 1 MiB with a visible marker; the span is kept.
#[test]
fn megabyte_attributes_are_cut_and_marked() {
    let server = TestServer::start();
    let t = trace_id(9);
    let mut s = span(t, 1, None, "big");
    s.attributes
        .push(string("prompt", "é".repeat(3 * 512 * 1024)));
    let (rejected, message) = ingest_pb(&server, encode(&request("svc", vec![s])));
    assert_eq!(rejected, 0);
    assert!(
        message.contains("cut 1 values, names or keys longer than 1048576 bytes"),
        "{message}"
    );
    let value = attribute(&server, t, "prompt");
    let value = value.as_str().unwrap();
    assert!(value.starts_with("éé"));
    assert!(
        value.ends_with("…[canopy: cut 2097152 of 3145728 bytes]"),
        "{}",
        &value[value.len() - 60..]
    );
}

#[test]
fn a_huge_array_is_cut_when_it_passes_the_value_limit() {
    let server = TestServer::start();
    let t = trace_id(10);
    let mut s = span(t, 1, None, "arr");
    let mut kv = string("numbers", "");
    kv.value = Some(AnyValue {
        value: Some(any_value::Value::ArrayValue(ArrayValue {
            values: (0..1_000_000)
                .map(|i| AnyValue {
                    value: Some(any_value::Value::IntValue(i)),
                })
                .collect(),
        })),
    });
    s.attributes.push(kv);
    let (_, message) = ingest_pb(&server, encode(&request("svc", vec![s])));
    assert!(message.contains("cut 1 values"), "{message}");
    let value = attribute(&server, t, "numbers");
    let value = value.as_array().unwrap();
    assert_eq!(value.len(), 1024 * 1024 / 8 + 1);
    assert_eq!(value.last().unwrap(), "…[canopy: cut 868928 more elements]");
}

/// prost refuses a whole request for one string that is not UTF-8; canopy replaces the bad
/// bytes with U+FFFD and keeps every span. JSON bodies get the same treatment.
#[test]
fn invalid_utf8_is_replaced_and_the_spans_kept() {
    let server = TestServer::start();
    let t = trace_id(11);
    // Fixed times: the bytes of the current time are sometimes 0x7f, which the loop below
    // would turn into another time and the spans into another order.
    let timed = |mut s: Span, start: u64| {
        s.start_time_unix_nano = 1_795_318_000_000_000_000 + start;
        s.end_time_unix_nano = s.start_time_unix_nano + 500;
        s
    };
    let mut s = timed(span(t, 1, None, "caf\u{7f}"), 0);
    s.attributes.push(string("k", "v\u{7f}"));
    let ok = timed(span(t, 2, Some(1), "ok"), 1_000);
    let mut body = encode(&request("svc", vec![s, ok]));
    for b in body.iter_mut().filter(|b| **b == 0x7f) {
        *b = 0xe9; // Latin-1 é: not UTF-8 on its own
    }
    let (rejected, message) = ingest_pb(&server, body);
    assert_eq!(rejected, 0);
    assert!(
        message.contains("replaced invalid UTF-8 in 2 strings"),
        "{message}"
    );
    let (_, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&t)));
    assert_eq!(trace["spans"][0]["name"], "caf\u{fffd}");
    assert_eq!(trace["spans"][0]["attributes"]["k"], "v\u{fffd}");
    assert_eq!(trace["summary"]["span_count"], 2);

    let mut json = format!(
        r#"{{"resourceSpans":[{{"scopeSpans":[{{"spans":[{{"traceId":"{}","spanId":"eee19b7ec3c1b174","name":"caf_"}}]}}]}}]}}"#,
        hex(&trace_id(12))
    )
    .into_bytes();
    let at = json.iter().position(|b| *b == b'_').unwrap();
    json[at] = 0xe9;
    let (status, body) = server.post(json, "application/json", None);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let (_, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&trace_id(12))));
    assert_eq!(trace["spans"][0]["name"], "caf\u{fffd}");
}

#[test]
fn bad_ids_reject_only_their_spans_with_reasons() {
    let server = TestServer::start();
    let t = trace_id(13);
    let mut short = span(t, 2, None, "short trace id");
    short.trace_id.truncate(15);
    let mut zero = span(t, 3, None, "zero span id");
    zero.span_id = vec![0; 8];
    let mut bad_parent = span(t, 4, None, "bad parent");
    bad_parent.parent_span_id = vec![1, 2, 3];
    let mut zero_parent = span(t, 5, None, "zero parent is a root");
    zero_parent.parent_span_id = vec![0; 8];
    let (rejected, message) = ingest_pb(
        &server,
        encode(&request(
            "svc",
            vec![
                span(t, 1, None, "good"),
                short,
                zero,
                bad_parent,
                zero_parent,
            ],
        )),
    );
    assert_eq!(rejected, 3, "{message}");
    assert!(
        message.contains("traceId has 15 bytes, want 16"),
        "{message}"
    );
    assert!(message.contains("spanId is all zero"), "{message}");
    assert!(
        message.contains("parentSpanId has 3 bytes, want 8"),
        "{message}"
    );
    let (_, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&t)));
    assert_eq!(trace["summary"]["span_count"], 2);
}

#[test]
fn huge_names_and_timestamps_at_the_edges_do_not_break_anything() {
    let server = TestServer::start();
    let t = trace_id(14);
    let mut s = span(t, 1, None, &"n".repeat(2 * 1024 * 1024));
    s.start_time_unix_nano = 0;
    s.end_time_unix_nano = u64::MAX;
    let (_, message) = ingest_pb(&server, encode(&request("svc", vec![s])));
    assert!(message.contains("cut 1 values, names or keys"), "{message}");
    let out = tree(&server, t);
    assert!(
        out.contains("[canopy: cut 1048576 of 2097152 bytes]"),
        "{}",
        &out[out.len().saturating_sub(200)..]
    );
    assert!(now_nanos() > 0);
}

#[test]
fn a_link_with_unusable_ids_is_dropped_and_its_span_kept() {
    let server = TestServer::start();
    let t = trace_id(15);
    let mut s = span(t, 1, None, "linked");
    s.links = vec![
        opentelemetry_proto::tonic::trace::v1::span::Link {
            trace_id: vec![1, 2, 3],
            span_id: vec![4; 8],
            ..Default::default()
        },
        opentelemetry_proto::tonic::trace::v1::span::Link {
            trace_id: trace_id(16).to_vec(),
            span_id: vec![5; 8],
            ..Default::default()
        },
    ];
    let (rejected, _) = ingest_pb(&server, encode(&request("svc", vec![s])));
    assert_eq!(rejected, 0);
    let (_, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&t)));
    let links = trace["spans"][0]["links"].as_array().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["trace_id"], hex(&trace_id(16)));
}
