//! The OpenAPI document at `/api/v1/openapi.json`: served without a token, and complete, so a
//! route added to `server::router` without docs fails here. Conformance of real answers to the
//! document is checked by schemathesis (`scripts/api-fuzz`, run by `.ci/run`).

use canopy::secret::Secret;
use canopy::server::{Auth, Config};

use crate::common::{TestServer, http, test_config};

const TOKEN: &str = "read-token-for-openapi";

fn server_with_token() -> TestServer {
    TestServer::start_with_config(Config {
        auth: Auth::new(Some(Secret::new(TOKEN).unwrap()), None, None),
        ..test_config()
    })
}

/// `(method, path)` of every `.route(…)` in `server::router`, read from its source: axum cannot
/// list a router's routes, and a route nobody documented is exactly what this must catch.
fn routes_in_router() -> Vec<(String, String)> {
    let src = fs_err::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/mod.rs"),
    )
    .unwrap();
    let start = src.find("pub fn router(").expect("server::router exists");
    let end = start + src[start..].find("\n}\n").expect("router ends");
    let mut routes = Vec::new();
    for piece in src[start..end].split(".route(").skip(1) {
        let piece = piece.trim_start();
        let rest = piece.strip_prefix('"').expect("a route path is a literal");
        let (path, rest) = rest.split_once('"').unwrap();
        let rest = rest.trim_start().trim_start_matches(',').trim_start();
        // `get(handler)`, possibly chained: `get(a).post(b)`.
        let mut methods = vec![rest.split('(').next().unwrap().to_string()];
        for m in ["get", "post", "put", "patch", "delete"] {
            if rest.contains(&format!(").{m}(")) {
                methods.push(m.to_string());
            }
        }
        for m in methods {
            assert!(
                ["get", "post", "put", "patch", "delete"].contains(&m.as_str()),
                "cannot read the method of route {path}: {m:?}"
            );
            routes.push((m, path.to_string()));
        }
    }
    routes
}

#[test]
fn the_document_is_served_without_a_token_and_lists_every_route() {
    let server = server_with_token();
    let resp = http()
        .get(format!("{}/api/v1/openapi.json", server.url()))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let doc: serde_json::Value = resp.json().unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{doc}");

    let routes = routes_in_router();
    assert!(routes.len() >= 14, "the router parse found only {routes:?}");
    for (method, path) in &routes {
        let op = &doc["paths"][path][method];
        assert!(
            op.is_object(),
            "{} {path} is a route of server::router but not in the OpenAPI document \
             (add #[utoipa::path] to its handler and list it in server::openapi::ApiDoc)",
            method.to_uppercase()
        );
        assert!(
            op["responses"].as_object().is_some_and(|r| !r.is_empty()),
            "{} {path} documents no responses",
            method.to_uppercase()
        );
    }
    // And the other way: nothing documented that the router does not serve.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routes.contains(&(method.clone(), path.clone())),
                "{} {path} is documented but not a route",
                method.to_uppercase()
            );
        }
    }
    // The query API documents its token and error shape.
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let list = &doc["paths"]["/api/v1/traces"]["get"];
    assert_eq!(list["security"][0]["bearer"], serde_json::json!([]));
    for status in ["400", "401", "403", "503"] {
        assert_eq!(
            list["responses"][status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error",
            "{status}"
        );
    }
    server.stop();
}

/// Issue 8, item 7: a path segment that is not UTF-8 once decoded was refused by axum in plain
/// text, outside the documented error shape.
#[test]
fn issue_8_undecodable_path_segments_are_json_errors() {
    let server = TestServer::start();
    for path in [
        "/api/v1/traces/%FF",
        "/api/v1/traces/0a87/spans/%C0",
        "/api/v1/sessions/%FF%FE",
    ] {
        let resp = http()
            .get(format!("{}{path}", server.url()))
            .send()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 400, "{path}");
        assert_eq!(resp.headers()["content-type"], "application/json", "{path}");
        let body: serde_json::Value = resp.json().unwrap();
        assert_eq!(body["error"]["code"], "bad_request", "{path}: {body}");
    }
    let resp = http()
        .post(format!("{}/api/v1/traces/%FF/annotations", server.url()))
        .header("content-type", "application/json")
        .body(r#"{"label": "x"}"#)
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(resp.headers()["content-type"], "application/json");
    server.stop();
}
