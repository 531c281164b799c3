//! Tokens and the loopback Host guard, on the server and through the CLI.

use std::io::{Read, Write};

use canopy::secret::Secret;
use canopy::server::{Auth, Config};

use crate::common::{TestEnv, TestServer, fixtures, http, test_config};

const TOKEN: &str = "s3cret-token-7f2a";

fn server_with(auth: Auth) -> TestServer {
    TestServer::start_with_config(Config {
        auth,
        ..test_config()
    })
}

fn token(s: &str) -> Option<Secret> {
    Some(Secret::new(s).unwrap())
}

fn post_json(server: &TestServer, auth: Option<&str>) -> (u16, Option<String>, serde_json::Value) {
    let mut req = http()
        .post(format!("{}/v1/traces", server.url()))
        .header("content-type", "application/json")
        .body(fixtures::requests("catalyst").remove(0).body);
    if let Some(auth) = auth {
        req = req.header("authorization", auth);
    }
    let resp = req.send().unwrap();
    let status = resp.status().as_u16();
    let challenge = resp
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    (status, challenge, resp.json().unwrap())
}

fn get(server: &TestServer, path: &str, auth: Option<&str>) -> (u16, serde_json::Value) {
    let mut req = http().get(format!("{}{}", server.url(), path));
    if let Some(auth) = auth {
        req = req.header("authorization", auth);
    }
    let resp = req.send().unwrap();
    (resp.status().as_u16(), resp.json().unwrap())
}

#[test]
fn ingest_without_the_token_is_401_in_the_otlp_error_shape() {
    let server = server_with(Auth::new(token(TOKEN), None, None));
    let (status, challenge, body) = post_json(&server, None);
    assert_eq!(status, 401);
    assert_eq!(challenge.as_deref(), Some("Bearer realm=\"canopy\""));
    assert_eq!(body["code"], 16, "UNAUTHENTICATED: {body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Authorization: Bearer")
    );

    let (status, _, body) = post_json(&server, Some("Bearer not-the-token"));
    assert_eq!(status, 401);
    assert!(!body.to_string().contains("not-the-token"), "{body}");
    let (status, _, _) = post_json(&server, Some(&format!("Bearer {TOKEN}")));
    assert_eq!(status, 200);
}

#[test]
fn the_query_api_needs_the_read_token_and_health_stays_open() {
    let server = server_with(Auth::new(None, token("ingest-only"), token(TOKEN)));
    let (status, body) = get(&server, "/api/v1/traces", None);
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(
        body["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("CANOPY_TOKEN")
    );
    let (status, _) = get(&server, "/api/v1/traces", Some("Bearer ingest-only"));
    assert_eq!(status, 401, "the ingest token does not open reads");
    let (status, _) = get(&server, "/api/v1/traces/0a87", Some("bearer ingest-only"));
    assert_eq!(status, 401);
    let (status, _) = get(&server, "/api/v1/traces", Some(&format!("Bearer {TOKEN}")));
    assert_eq!(status, 200);
    assert_eq!(get(&server, "/healthz", None).0, 200);
    let (status, ready) = get(&server, "/readyz", None);
    assert_eq!(
        (status, ready["ingest"]["inflight_bytes"].as_u64()),
        (200, Some(0))
    );
    let (status, _, _) = post_json(&server, Some("Bearer ingest-only"));
    assert_eq!(status, 200);
}

/// A raw request with a chosen Host header (HTTP clients set their own).
fn raw_get(server: &TestServer, host: &str) -> (u16, String) {
    let mut conn = std::net::TcpStream::connect(server.addr).unwrap();
    write!(
        conn,
        "GET /api/v1/traces HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    (status, response)
}

/// DNS rebinding: a page on evil.example resolving its name to 127.0.0.1 must not reach the API.
#[test]
fn a_loopback_server_refuses_requests_for_other_host_names() {
    let server = TestServer::start();
    let (status, response) = raw_get(&server, "evil.example:4318");
    assert_eq!(status, 403, "{response}");
    assert!(
        response.contains("\"code\":\"forbidden_host\""),
        "{response}"
    );
    assert!(
        response.contains("only answers requests for localhost"),
        "{response}"
    );
    let port = server.addr.port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "[::1]".into(),
    ] {
        assert_eq!(raw_get(&server, &host).0, 200, "{host}");
    }
}

#[test]
fn the_cli_sends_canopy_token_and_is_refused_with_exit_4_without_printing_it() {
    let server = server_with(Auth::new(token(TOKEN), None, None));
    server.ingest_fixture_with_token("catalyst", TOKEN);
    let env = TestEnv::for_server(&server);

    let without = env.run(&["trace", "list"]);
    insta::assert_snapshot!(without, @r"
    --- stderr ---
    error: the server refused the request: this canopy server requires a token: send it as `Authorization: Bearer <token>`
    hint: set CANOPY_TOKEN to the server's token
    [exit: 4]
    ");

    let out = env
        .cmd()
        .env("CANOPY_TOKEN", "wrong-token-9c1e")
        .args(["trace", "get", "0a87"])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(4), "{all}");
    assert!(!all.contains("wrong-token"), "{all}");
    assert!(
        all.contains("the token in CANOPY_TOKEN was refused"),
        "{all}"
    );

    let out = env
        .cmd()
        .env("CANOPY_TOKEN", TOKEN)
        .args(["trace", "list"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);

    let out = env
        .cmd()
        .env("CANOPY_TOKEN", "has a space")
        .args(["trace", "list"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("CANOPY_TOKEN: a token must be printable ASCII")
            && !stderr.contains("has a space"),
        "{stderr}"
    );
}

/// Every query API route, not only the first ones written, is behind the read token; and
/// `/v1/logs` is behind the ingest token like `/v1/traces`.
#[test]
fn every_api_route_needs_the_read_token() {
    let server = server_with(Auth::new(None, token("ingest-only"), token(TOKEN)));
    for path in [
        "/api/v1/traces",
        "/api/v1/traces/0a87",
        "/api/v1/traces/0a87/spans/9a74",
        "/api/v1/spans",
        "/api/v1/facets",
        "/api/v1/sessions",
        "/api/v1/sessions/s1",
        "/api/v1/usage",
    ] {
        assert_eq!(get(&server, path, None).0, 401, "GET {path}");
        assert_eq!(
            get(&server, path, Some("Bearer ingest-only")).0,
            401,
            "GET {path} with the ingest token"
        );
    }
    let annotate = http()
        .post(format!("{}/api/v1/traces/0a87/annotations", server.url()))
        .header("content-type", "application/json")
        .body(r#"{"label":"x"}"#)
        .send()
        .unwrap();
    assert_eq!(annotate.status(), 401, "POST annotations");
    let logs = http()
        .post(format!("{}/v1/logs", server.url()))
        .header("content-type", "application/json")
        .body(r#"{"resourceLogs":[]}"#)
        .send()
        .unwrap();
    assert_eq!(logs.status(), 401, "POST /v1/logs");
}

/// OTLP/gRPC takes the ingest token as `authorization` metadata, like the HTTP header.
#[test]
fn grpc_ingest_needs_the_token_too() {
    use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
    use opentelemetry_proto::tonic::collector::trace::v1::trace_service_client::TraceServiceClient;
    use prost::Message;

    let server = server_with(Auth::new(token(TOKEN), None, None));
    let body = fixtures::requests("openinference").remove(0).body;
    let request = ExportTraceServiceRequest::decode(body.as_slice()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut client = TraceServiceClient::connect(format!("http://{}", server.grpc_addr))
            .await
            .unwrap();
        let refused = client.export(request.clone()).await.unwrap_err();
        assert_eq!(refused.code(), tonic::Code::Unauthenticated, "{refused}");

        let mut with_token = tonic::Request::new(request);
        with_token
            .metadata_mut()
            .insert("authorization", format!("Bearer {TOKEN}").parse().unwrap());
        let answer = client.export(with_token).await.unwrap().into_inner();
        assert_eq!(answer.partial_success, None);
    });
    let (status, page) = get(&server, "/api/v1/traces", Some(&format!("Bearer {TOKEN}")));
    assert_eq!((status, page["traces"].as_array().unwrap().len()), (200, 2));
}
