//! The OTLP requests captured from real SDKs (`tests/fixtures/otlp/<sdk>/`, copied from the shared
//! fixture set), and their expected trees in the fixtures' own `tree.txt` notation.

use std::io::Write;
use std::path::PathBuf;

use canopy::model::{SpanTree, StatusCode, Trace};

/// Every SDK in the fixture set.
pub const SDKS: [&str; 5] = [
    "agensight",
    "cascade",
    "catalyst",
    "genai-openai-v2-latest",
    "openinference",
];

pub fn dir(sdk: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/otlp")
        .join(sdk)
}

/// One captured `POST /v1/traces`.
pub struct Request {
    pub name: String,
    pub body: Vec<u8>,
    pub content_type: String,
    pub content_encoding: Option<String>,
}

/// The fixture's trace requests in capture order, with the body exactly as it went over the wire.
pub fn requests(sdk: &str) -> Vec<Request> {
    let raw = dir(sdk).join("raw");
    let mut names: Vec<String> = fs_err::read_dir(&raw)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-v1_traces.headers.json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|headers_name| {
            let stem = headers_name.trim_end_matches(".headers.json");
            let headers: serde_json::Value =
                serde_json::from_slice(&fs_err::read(raw.join(&headers_name)).unwrap()).unwrap();
            let content_type = headers["content-type"].as_str().unwrap().to_string();
            let content_encoding = headers["content-encoding"].as_str().map(str::to_string);
            let ext = match (content_type.as_str(), content_encoding.as_deref()) {
                (_, Some("gzip")) => "pb.gz",
                ("application/json", _) => "json",
                _ => "pb",
            };
            Request {
                name: format!("{stem}.{ext}"),
                body: fs_err::read(raw.join(format!("{stem}.{ext}"))).unwrap(),
                content_type,
                content_encoding,
            }
        })
        .collect()
}

/// The same requests re-encoded: as the protobuf JSON mapping (`*.decoded.json`: base64 ids,
/// enum names) and as gzip-compressed protobuf.
pub fn variants(sdk: &str) -> Vec<(&'static str, Vec<Request>)> {
    let raw = dir(sdk).join("raw");
    let originals = requests(sdk);
    let json = originals
        .iter()
        .map(|r| {
            let stem = r.name.split('.').next().unwrap();
            Request {
                name: format!("{stem}.decoded.json"),
                body: fs_err::read(raw.join(format!("{stem}.decoded.json"))).unwrap(),
                content_type: "application/json".into(),
                content_encoding: None,
            }
        })
        .collect();
    let gzip = originals
        .iter()
        .map(|r| {
            // The uncompressed protobuf: `.pb` when it went over the wire as protobuf,
            // `.converted.pb` when the SDK sent JSON.
            let stem = r.name.split('.').next().unwrap();
            let pb = raw.join(format!("{stem}.pb"));
            let pb = if pb.exists() {
                pb
            } else {
                raw.join(format!("{stem}.converted.pb"))
            };
            Request {
                name: format!("{stem}.pb.gz"),
                body: gzip(&fs_err::read(pb).unwrap()),
                content_type: "application/x-protobuf".into(),
                content_encoding: Some("gzip".into()),
            }
        })
        .collect();
    vec![("protobuf JSON mapping", json), ("gzip protobuf", gzip)]
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// `tree.txt` without its trailing `notes:` line.
pub fn expected_tree(sdk: &str) -> String {
    let text = fs_err::read_to_string(dir(sdk).join("tree.txt")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with("notes:"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Traces drawn in `tree.txt` notation:
/// `- name [KIND] oi=<openinference or gen_ai operation> status=<code> events=[…] trace=<8 hex>`.
pub fn tree_txt(traces: &[Trace]) -> String {
    let mut lines = Vec::new();
    for trace in traces {
        let tree = SpanTree::build(&trace.spans);
        for entry in tree.walk() {
            let canopy::model::Node::Span { index, .. } = entry.node else {
                lines.push(format!("{}- (missing parent)", "  ".repeat(entry.depth)));
                continue;
            };
            let span = &trace.spans[index];
            let attr = |k: &str| {
                span.attributes
                    .get(k)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let oi = attr("openinference.span.kind")
                .or_else(|| attr("gen_ai.operation.name"))
                .unwrap_or_default();
            let status = match span.status.code {
                StatusCode::Unset => "UNSET",
                StatusCode::Ok => "OK",
                StatusCode::Error => "ERROR",
            };
            let kind = serde_json::to_value(span.otel_kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_uppercase();
            let events: Vec<&str> = span.events.iter().map(|e| e.name.as_str()).collect();
            lines.push(format!(
                "{}- {} [{}] oi={} status={} events=[{}] trace={}",
                "  ".repeat(entry.depth),
                span.name,
                kind,
                oi,
                status,
                events.join(","),
                &trace.trace_id.to_hex()[..8],
            ));
        }
    }
    lines.join("\n")
}
