//! `POST /v1/traces` with real SDK requests and with broken ones.

use canopy::model::{Trace, TracePage};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse;
use prost::Message;

use crate::common::fixtures::{self, SDKS};
use crate::common::{TestServer, http};

/// Every trace on the server, oldest first, read through the query API.
fn all_traces(server: &TestServer) -> Vec<Trace> {
    let (status, page) = server.get_json("/api/v1/traces?limit=1000");
    assert_eq!(status, 200);
    let page: TracePage = serde_json::from_value(page).unwrap();
    let mut traces: Vec<Trace> = page
        .traces
        .iter()
        .map(|t| {
            let (status, trace) = server.get_json(&format!("/api/v1/traces/{}", t.trace_id));
            assert_eq!(status, 200);
            serde_json::from_value(trace).unwrap()
        })
        .collect();
    traces.sort_by_key(|t| t.summary.start_time);
    traces
}

#[test]
fn every_fixture_reads_back_as_its_tree() {
    for sdk in SDKS {
        let server = TestServer::start();
        server.ingest_fixture(sdk);
        assert_eq!(
            fixtures::tree_txt(&all_traces(&server)),
            fixtures::expected_tree(sdk),
            "{sdk}"
        );
    }
}

#[test]
fn every_fixture_reads_the_same_as_json_mapping_and_as_gzip() {
    for sdk in SDKS {
        for (variant, requests) in fixtures::variants(sdk) {
            let server = TestServer::start();
            for r in requests {
                let (status, body) =
                    server.post(r.body, &r.content_type, r.content_encoding.as_deref());
                assert_eq!(
                    status,
                    200,
                    "{sdk} {variant} {}: {}",
                    r.name,
                    String::from_utf8_lossy(&body)
                );
            }
            assert_eq!(
                fixtures::tree_txt(&all_traces(&server)),
                fixtures::expected_tree(sdk),
                "{sdk} as {variant}"
            );
        }
    }
}

#[test]
fn resending_a_fixture_does_not_duplicate_spans() {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    let before: Vec<u64> = all_traces(&server)
        .iter()
        .map(|t| t.summary.span_count)
        .collect();
    server.ingest_fixture("catalyst");
    let after = all_traces(&server);
    assert_eq!(
        after
            .iter()
            .map(|t| t.summary.span_count)
            .collect::<Vec<_>>(),
        before
    );
    assert_eq!(
        after
            .iter()
            .map(|t| t.spans.len() as u64)
            .collect::<Vec<_>>(),
        before
    );
}

/// Cascade flushes children before their root: the root of the first trace arrives in the
/// second request. The summary must say so until then, and be complete after.
#[test]
fn a_root_arriving_in_a_later_request_completes_the_summary() {
    let server = TestServer::start();
    let mut requests = fixtures::requests("cascade").into_iter();
    let first = requests.next().unwrap();
    assert_eq!(server.post(first.body, &first.content_type, None).0, 200);
    let (_, page) = server.get_json("/api/v1/traces");
    let partial = &page["traces"][0];
    assert_eq!(
        partial["root_span_id"],
        serde_json::Value::Null,
        "{partial}"
    );
    assert_eq!(partial["root_name"], "PlannerAgent");

    for r in requests {
        assert_eq!(server.post(r.body, &r.content_type, None).0, 200);
    }
    let planner = all_traces(&server)
        .into_iter()
        .find(|t| t.trace_id.to_hex().starts_with("4b67d3b0"))
        .unwrap();
    assert_eq!(planner.summary.root_name, "TravelPlanner");
    assert_eq!(planner.summary.span_count, 12);
    assert_eq!(planner.summary.error_count, 2);
    assert_eq!(
        planner.summary.service.as_deref(),
        Some("travel_app_cascade")
    );
}

#[test]
fn responses_use_the_request_encoding() {
    let server = TestServer::start();
    let catalyst = fixtures::requests("catalyst").remove(0);
    let (status, body) = server.post(catalyst.body, "application/json", None);
    assert_eq!((status, body.as_slice()), (200, &b"{}"[..]));

    let oi = fixtures::requests("openinference").remove(0);
    let (status, body) = server.post(oi.body, "application/x-protobuf", None);
    assert_eq!(status, 200);
    let response = ExportTraceServiceResponse::decode(body.as_slice()).unwrap();
    assert_eq!(response.partial_success, None);
}

#[test]
fn a_partly_invalid_batch_keeps_the_valid_spans_and_says_what_was_rejected() {
    let server = TestServer::start();
    let body = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[
        {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"good","startTimeUnixNano":"1","endTimeUnixNano":"2"},
        {"traceId":"5b8efff798038103d269b633813fc6","spanId":"eee19b7ec3c1b175","name":"short trace id"},
        {"traceId":"00000000000000000000000000000000","spanId":"eee19b7ec3c1b176","name":"zero trace id"}
    ]}]}]}"#;
    let (status, response) = server.post(body.as_bytes().to_vec(), "application/json", None);
    assert_eq!(status, 200);
    let response: serde_json::Value = serde_json::from_slice(&response).unwrap();
    assert_eq!(response["partialSuccess"]["rejectedSpans"], "2");
    let message = response["partialSuccess"]["errorMessage"].as_str().unwrap();
    assert!(
        message.contains("spans[1]: traceId has 15 bytes, want 16"),
        "{message}"
    );
    assert!(
        message.contains("spans[2]: traceId is all zero"),
        "{message}"
    );

    let (status, trace) = server.get_json("/api/v1/traces/5b8efff798038103d269b633813fc60c");
    assert_eq!(status, 200);
    assert_eq!(trace["spans"][0]["name"], "good");
}

#[test]
fn malformed_requests_are_refused_with_the_reason() {
    let server = TestServer::start();

    let (status, body) = server.post(b"{\"resourceSpans\": 5}".to_vec(), "application/json", None);
    assert_eq!(status, 400);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["code"], 3);
    assert!(
        body["message"].as_str().unwrap().contains("OTLP/JSON"),
        "{body}"
    );

    let (status, body) = server.post(vec![0xff, 0xff, 0xff], "application/x-protobuf", None);
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("not a valid OTLP protobuf"));

    let (status, body) = server.post(b"x".to_vec(), "text/plain", None);
    assert_eq!(status, 415);
    assert!(String::from_utf8_lossy(&body).contains("application/x-protobuf or application/json"));

    let (status, _) = server.post(b"x".to_vec(), "application/json", Some("br"));
    assert_eq!(status, 415);

    let (status, body) = server.post(b"not gzip".to_vec(), "application/x-protobuf", Some("gzip"));
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("gzip"));
}

#[test]
fn a_gzip_bomb_is_stopped_at_the_limit() {
    let server = TestServer::start();
    // 80 MiB of zeros compresses to ~80 KiB; the limit is 64 MiB after decompression.
    let bomb = fixtures::gzip(&vec![0u8; 80 * 1024 * 1024]);
    assert!(bomb.len() < 200 * 1024);
    let (status, body) = server.post(bomb, "application/x-protobuf", Some("gzip"));
    assert_eq!(status, 413);
    assert!(String::from_utf8_lossy(&body).contains("after decompression"));
}

#[test]
fn query_api_errors_are_json_with_hints() {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    let (status, body) = server.get_json("/api/v1/traces/ffff");
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(
        body["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("canopy trace list")
    );

    let (status, body) = server.get_json("/api/v1/traces/xyz");
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );

    let (status, body) = server.get_json("/api/v1/traces?from=yesterday");
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("yesterday")
    );

    let (status, body) = server.get_json("/api/v1/nope");
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );

    let (status, body) = server.get_json("/healthz");
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}

/// Trace totals and sessions of every fixture, through ingest, store and API, computed by hand
/// from the fixtures' READMEs and spans.flat.json (the fake LLM answers 42 in / 17 out for
/// OpenAI chat, 30/10 for the Responses API, 55 in + 5 cache-read / 21 out for Anthropic).
#[test]
fn fixture_totals_count_each_call_once_and_sessions_apply_to_the_whole_trace() {
    struct Want {
        trace: &'static str,
        input: u64,
        output: u64,
        total: u64,
        llm: u64,
        session: Option<&'static str>,
    }
    let cases: [(&str, Want); 5] = [
        // 3 chat calls (42/17/59 each) + Responses (30/10/40) + the Anthropic call once: Catalyst's
        // own span (60/21/81) wraps the SDK's (60/21), and the root agent restates 139/55.
        (
            "catalyst",
            Want {
                trace: "0a87607c",
                input: 42 * 3 + 30 + 60,
                output: 17 * 3 + 10 + 21,
                total: 59 * 3 + 40 + 81,
                llm: 6,
                session: Some("sess-catalyst-0001"),
            },
        ),
        // 3 chat calls + Responses + the manual local model (12/4/16); no wrapper.
        (
            "openinference",
            Want {
                trace: "c6b7f460",
                input: 42 * 3 + 30 + 12,
                output: 17 * 3 + 10 + 4,
                total: 59 * 3 + 40 + 16,
                llm: 6,
                session: Some("sess-oi-0001"),
            },
        ),
        // 3 chat calls + embeddings (5 in), the failing call has no usage, the agent's 126/51
        // restates the chats.
        (
            "genai-openai-v2-latest",
            Want {
                trace: "3a6f2608",
                input: 42 * 3 + 5,
                output: 17 * 3,
                total: 59 * 3 + 5,
                llm: 4,
                session: Some("sess-genai-0001"),
            },
        ),
        // 3 gpt calls (42/17/59) + Cascade's Claude span (55/21/76) wrapping the SDK's (60/21).
        (
            "cascade",
            Want {
                trace: "4b67d3b0",
                input: 42 * 3 + 55,
                output: 17 * 3 + 21,
                total: 59 * 3 + 76,
                llm: 5,
                session: Some("sess-cascade-0001"),
            },
        ),
        // 2 OpenAI calls (42/17/59) + agensight's claude.chat (55/21) wrapping the SDK's (60/21).
        (
            "agensight",
            Want {
                trace: "ec8f634d",
                input: 42 * 2 + 55,
                output: 17 * 2 + 21,
                total: 59 * 2 + 76,
                llm: 4,
                session: Some("sess-agensight-0001"),
            },
        ),
    ];
    for (sdk, want) in cases {
        let server = TestServer::start();
        server.ingest_fixture(sdk);
        let (status, trace) = server.get_json(&format!("/api/v1/traces/{}", want.trace));
        assert_eq!(status, 200, "{sdk}");
        let s = &trace["summary"];
        let got = |k: &str| s[k].as_u64().unwrap();
        assert_eq!(
            (
                got("input_tokens"),
                got("output_tokens"),
                got("total_tokens"),
                got("llm_count")
            ),
            (want.input, want.output, want.total, want.llm),
            "{sdk} totals"
        );
        assert_eq!(s["session_id"].as_str(), want.session, "{sdk} session");
        assert!(
            s["cost_usd"].as_f64().unwrap() > 0.0,
            "{sdk}: known models get a cost"
        );
        // Every span carries the trace's session, whether or not its SDK stamped it there.
        for span in trace["spans"].as_array().unwrap() {
            assert_eq!(
                span["session_id"].as_str(),
                want.session,
                "{sdk} {}",
                span["name"]
            );
        }
        // The root's subtree is the whole trace.
        let root = trace["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|sp| sp["parent_span_id"].is_null())
            .unwrap();
        assert_eq!(
            root["subtree"]["total_tokens"].as_u64(),
            Some(want.total),
            "{sdk} root ∑"
        );
    }
}

/// The GenAI instrumentations' default mode: the chat span carries no content, the prompt and
/// completion arrive as log records naming the span (here before the span). `/v1/logs` keeps
/// them and the span shows them as its input and output.
#[test]
fn genai_content_sent_as_logs_shows_with_its_span() {
    let server = TestServer::start();
    let logs = r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[
        {"timeUnixNano":"1795318640000000100","traceId":"6c000000000000000000000000000001","spanId":"0000000000000002",
         "eventName":"gen_ai.user.message","body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Weather in Paris?"}}]}}},
        {"timeUnixNano":"1795318640000000200","traceId":"6c000000000000000000000000000001","spanId":"0000000000000002",
         "attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.choice"}}],
         "body":{"kvlistValue":{"values":[{"key":"index","value":{"intValue":"0"}},{"key":"message","value":{"kvlistValue":{"values":[
            {"key":"role","value":{"stringValue":"assistant"}},{"key":"content","value":{"stringValue":"Sunny, 22C."}}]}}}]}}},
        {"timeUnixNano":"1795318640000000300","body":{"stringValue":"an app log without a span"}}
    ]}]}]}"#;
    let resp = http()
        .post(format!("{}/v1/logs", server.url()))
        .header("content-type", "application/json")
        .body(logs)
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    let answer: serde_json::Value = resp.json().unwrap();
    assert_eq!(answer["partialSuccess"]["rejectedLogRecords"], "1");

    let spans = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[
        {"traceId":"6c000000000000000000000000000001","spanId":"0000000000000002","name":"chat gpt-4o-mini","kind":3,
         "startTimeUnixNano":"1795318640000000000","endTimeUnixNano":"1795318640000000500",
         "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                       {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}}]}]}]}]}"#;
    assert_eq!(
        server
            .post(spans.as_bytes().to_vec(), "application/json", None)
            .0,
        200
    );

    let (_, span) = server.get_json("/api/v1/traces/6c00/spans/0000000000000002");
    assert_eq!(span["input"]["messages"][0]["content"], "Weather in Paris?");
    assert_eq!(span["output"]["messages"][0]["role"], "assistant");
    assert_eq!(span["output"]["messages"][0]["content"], "Sunny, 22C.");
}
