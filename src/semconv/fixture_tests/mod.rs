//! Tests over the shared SDK fixtures (`tests/fixtures/otlp/<sdk>/spans.flat.json`).
//!
//! Every expected value in these tests was written by hand from the fixture's README and its
//! flattened spans, not copied from this module's output. `tokens.rs` checks kind, model,
//! provider and every token count of every span; `fields.rs` the cost, session, user, agent,
//! tool, error and sources; `io.rs` the payloads `attach_io` parses.

mod fields;
mod io;
mod tokens;

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::model::{
    Event, Nanos, OtelKind, Resource, Scope, Span, SpanKind, Status, StatusCode, Usage,
};
use crate::semconv::{Pricing, normalize};

pub(crate) const SDKS: [&str; 5] = [
    "agensight",
    "cascade",
    "catalyst",
    "genai-openai-v2-latest",
    "openinference",
];

/// The fixture's spans as the decoder would produce them, before normalization.
pub(crate) fn raw(sdk: &str) -> Vec<Span> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/otlp")
        .join(sdk)
        .join("spans.flat.json");
    let text = fs_err::read_to_string(path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["spans"].as_array().unwrap().iter().map(span).collect()
}

/// The fixture's spans, normalized with the built-in prices.
pub(crate) fn load(sdk: &str) -> Vec<Span> {
    let mut spans = raw(sdk);
    normalize(&mut spans, &Pricing::builtin());
    spans
}

fn span(v: &Value) -> Span {
    let s = |k: &str| v[k].as_str().unwrap_or_default();
    let nanos = |k: &str| Nanos(s(k).parse().unwrap());
    let map = |v: &Value| v.as_object().cloned().unwrap_or_default();
    let otel_kind = match s("kind") {
        "SPAN_KIND_INTERNAL" => OtelKind::Internal,
        "SPAN_KIND_SERVER" => OtelKind::Server,
        "SPAN_KIND_CLIENT" => OtelKind::Client,
        other => panic!("unexpected kind {other}"),
    };
    let code = match v["status"]["code"].as_str() {
        Some("STATUS_CODE_OK") => StatusCode::Ok,
        Some("STATUS_CODE_ERROR") => StatusCode::Error,
        _ => StatusCode::Unset,
    };
    Span {
        trace_id: s("trace_id").parse().unwrap(),
        span_id: s("span_id").parse().unwrap(),
        parent_span_id: v["parent_span_id"].as_str().map(|p| p.parse().unwrap()),
        name: s("name").to_owned(),
        otel_kind,
        start_time: nanos("start"),
        end_time: nanos("end"),
        status: Status {
            code,
            message: v["status"]["message"].as_str().map(str::to_owned),
        },
        attributes: map(&v["attributes"]),
        events: v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| Event {
                time: Nanos(0),
                name: e["name"].as_str().unwrap().to_owned(),
                attributes: map(&e["attributes"]),
            })
            .collect(),
        links: Vec::new(),
        resource: Arc::new(Resource {
            attributes: map(&v["resource"]),
        }),
        scope: Arc::new(Scope {
            name: v["scope"]["name"].as_str().unwrap().to_owned(),
            version: v["scope"]["version"].as_str().map(str::to_owned),
            attributes: Default::default(),
        }),
        ..Span::default()
    }
}

/// The span with this id (hex).
pub(crate) fn by_id<'a>(spans: &'a [Span], id: &str) -> &'a Span {
    spans
        .iter()
        .find(|s| s.span_id.to_hex() == id)
        .unwrap_or_else(|| panic!("no span {id}"))
}

/// Token counts, `_` for "not reported": `[input, output, total, cache_read, cache_write,
/// reasoning]`.
macro_rules! usage {
    (@ _) => {
        None
    };
    (@ $v:literal) => {
        Some($v)
    };
    ([$i:tt, $o:tt, $t:tt, $cr:tt, $cw:tt, $r:tt]) => {
        crate::model::Usage {
            input_tokens: usage!(@ $i),
            output_tokens: usage!(@ $o),
            total_tokens: usage!(@ $t),
            cache_read_tokens: usage!(@ $cr),
            cache_write_tokens: usage!(@ $cw),
            reasoning_tokens: usage!(@ $r),
        }
    };
}

pub(crate) use usage;

/// What one span should normalize to: the fields `tokens.rs` checks.
pub(crate) struct Expect {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: SpanKind,
    pub model: Option<&'static str>,
    pub provider: Option<&'static str>,
    pub usage: Usage,
}

/// Checks every span of a fixture against its table; the table must cover every span.
pub(crate) fn check(sdk: &str, table: &[Expect]) {
    let spans = load(sdk);
    assert_eq!(spans.len(), table.len(), "{sdk}: one row per span");
    for want in table {
        let got = by_id(&spans, want.id);
        let ctx = format!("{sdk} {} ({})", want.name, want.id);
        assert_eq!(got.name, want.name, "{ctx}: name");
        assert_eq!(got.kind, want.kind, "{ctx}: kind");
        assert_eq!(got.model.as_deref(), want.model, "{ctx}: model");
        assert_eq!(got.provider.as_deref(), want.provider, "{ctx}: provider");
        assert_eq!(got.usage(), want.usage, "{ctx}: tokens");
    }
}

pub(crate) fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn normalize_leaves_raw_attributes_alone_and_is_idempotent() {
    for sdk in SDKS {
        let raw = raw(sdk);
        let mut once = raw.clone();
        normalize(&mut once, &Pricing::builtin());
        for (r, n) in raw.iter().zip(&once) {
            assert_eq!(r.attributes, n.attributes, "{sdk} {}", r.name);
            assert_eq!(r.events, n.events);
            assert!(n.input.is_none() && n.output.is_none() && n.subtree.is_none());
        }
        let mut twice = once.clone();
        normalize(&mut twice, &Pricing::builtin());
        assert_eq!(once, twice, "{sdk}");
    }
}
