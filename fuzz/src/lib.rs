//! What the OTLP fuzz targets run: the server's decode path for one body, minus HTTP, with the
//! invariants the server relies on checked after each step.

use canopy::otlp::{self, Encoding, ValueLimits};

/// Small limits, so that cutting paths are reached by small inputs.
const LIMITS: ValueLimits = ValueLimits {
    max_bytes: 64,
    max_depth: 3,
};

/// Measure → repair → decode → convert → normalize → serialize, as ingest does.
pub fn ingest(data: &[u8], encoding: Encoding) {
    let shape = otlp::measure(data, encoding, LIMITS.max_depth);
    let _ = shape.decoded_bytes(data.len());
    let repaired = if shape.needs_repair() {
        let fixed = otlp::repair(data, encoding, LIMITS.max_depth);
        if let Some(fixed) = &fixed {
            // The server charges this much memory for the repair before running it.
            assert_eq!(fixed.len(), shape.repaired_len, "{shape:?}");
        }
        if encoding == Encoding::Protobuf {
            let fixed = fixed
                .as_deref()
                .expect("a body the scan could follow can be repaired");
            // Repair is complete: nothing is left to repair.
            let again = otlp::measure(fixed, encoding, LIMITS.max_depth);
            assert!(!again.needs_repair(), "{shape:?} then {again:?}");
            assert_eq!(again.spans, shape.spans, "repair keeps every span");
        }
        fixed
    } else {
        None
    };
    let body = repaired.as_deref().unwrap_or(data);
    let decoded = otlp::decode_request(body, encoding);
    if encoding == Encoding::Protobuf && shape.malformed {
        // The server refuses what the walk cannot follow without asking prost; that is only
        // right if prost would refuse it too.
        assert!(
            decoded.is_err(),
            "prost reads what the walk called malformed"
        );
    }
    let Ok(request) = decoded else {
        return;
    };
    let spans: u64 = request
        .resource_spans
        .iter()
        .flat_map(|rs| &rs.scope_spans)
        .map(|ss| ss.spans.len() as u64)
        .sum();
    match encoding {
        // The span limit is enforced on this count before decoding: it must be exact.
        Encoding::Protobuf => assert_eq!(spans, shape.spans, "{shape:?}"),
        // The JSON scan may count objects the decoder ignores, never fewer.
        Encoding::Json => assert!(spans <= shape.spans, "{spans} > {shape:?}"),
    }
    let mut decoded = otlp::spans_from_request_with(request, LIMITS);
    canopy::semconv::normalize(&mut decoded.spans);
    let _ = decoded.rejection_message();
    for span in &decoded.spans {
        // What the store writes; values were cut to the limits.
        let attributes = serde_json::to_string(&span.attributes).expect("attributes serialize");
        let _ = serde_json::to_string(&span.events).expect("events serialize");
        assert!(
            span.name.len() <= LIMITS.max_bytes + 64,
            "{}",
            span.name.len()
        );
        let _ = attributes;
    }
}
