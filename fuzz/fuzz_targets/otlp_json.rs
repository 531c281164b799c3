//! An OTLP/JSON body, through measure, repair, the lenient JSON reader and conversion.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    canopy_fuzz::ingest(data, canopy::otlp::Encoding::Json);
});
