//! A `GET /api/v1/traces` query string, parsed as the server parses it; what parses must
//! survive the client's round trip (the client writes the same struct back into a URL).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let Ok(query) = canopy::server::query::parse_trace_query(Some(&raw)) else {
        return;
    };
    let _ = query.page_size();
    let written = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query.to_pairs().iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    let again = canopy::server::query::parse_trace_query(Some(&written))
        .unwrap_or_else(|e| panic!("{written:?} does not parse back: {}", e.message));
    assert_eq!(again, query, "{written:?}");
});
