//! The integration test binary: the server in-process on port 0, the `canopy` binary in a
//! hermetic environment, and the shared SDK fixtures end to end. One binary, one module per
//! command (`test_<noun>_<verb>.rs`), so it links once.

mod common;
mod test_auth;
mod test_client;
mod test_completions;
mod test_config;
mod test_ingest;
mod test_ingest_fuzz_regressions;
mod test_ingest_hostile;
mod test_ingest_limits;
mod test_instrument;
mod test_max_bytes;
mod test_openapi;
mod test_serve;
mod test_serve_clickhouse;
mod test_serve_crash;
mod test_session_list;
mod test_span_get;
mod test_span_list;
mod test_trace_annotate;
mod test_trace_diff;
mod test_trace_export;
mod test_trace_get;
mod test_trace_import;
mod test_trace_lint;
mod test_trace_list;
mod test_usage;

/// A `test_*.rs` file that is not declared above would silently never run.
#[test]
fn every_test_module_is_declared() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let main = fs_err::read_to_string(dir.join("main.rs")).unwrap();
    for entry in fs_err::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(module) = name
            .strip_prefix("test_")
            .and_then(|n| n.strip_suffix(".rs"))
        {
            assert!(
                main.contains(&format!("mod test_{module};")),
                "tests/cli/{name} is not declared in main.rs"
            );
        }
    }
}
