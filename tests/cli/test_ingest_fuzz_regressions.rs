//! Inputs the fuzz targets (`fuzz/`) found, kept so `cargo test` guards the fixes without the
//! fuzzer: `tests/fixtures/fuzz/<target>/<what it found>.<ext>`. Each goes through the real
//! server, which must answer it (never crash or hang) and accept it whenever the decoder can
//! read it.

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use prost::Message;

use crate::common::TestServer;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut found: Vec<_> = fs_err::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| !path.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs_err::read(&path).unwrap())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn protobuf_inputs_found_by_fuzzing() {
    let server = TestServer::start();
    for (name, body) in inputs("otlp_protobuf") {
        let readable = ExportTraceServiceRequest::decode(&body[..]).is_ok();
        let (status, answer) = server.post(body, "application/x-protobuf", None);
        if readable {
            assert_eq!(status, 200, "{name}: {}", String::from_utf8_lossy(&answer));
        } else {
            assert!(matches!(status, 200 | 400 | 413), "{name}: {status}");
        }
    }
    assert_eq!(server.get_json("/healthz").0, 200);
}

#[test]
fn json_inputs_found_by_fuzzing() {
    let server = TestServer::start();
    for (name, body) in inputs("otlp_json") {
        let (status, _) = server.post(body, "application/json", None);
        assert!(matches!(status, 200 | 400 | 413), "{name}: {status}");
    }
    assert_eq!(server.get_json("/healthz").0, 200);
}
