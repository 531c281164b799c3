//! `canopy instrument` (issue 5): the fixture projects byte for byte (result, second run, undo),
//! the safety rails, and one end-to-end run that builds a project and finds its spans.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{TestEnv, TestServer, copy_dir, pass_cargo_env, read_tree};

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/instrument")
        .join(case)
}

/// `canopy instrument --path DIR ARGS`, with the scratch directory shown as `[PROJECT]`.
fn run(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let mut argv = vec!["instrument", "--path", dir.to_str().unwrap()];
    argv.extend(args);
    scrub(&env.run(&argv), dir)
}

fn scrub(text: &str, dir: &Path) -> String {
    let real = fs_err::canonicalize(dir).unwrap();
    text.replace(real.to_str().unwrap(), "[PROJECT]")
        .replace(dir.to_str().unwrap(), "[PROJECT]")
}

/// Asserts that `dir` holds exactly the files of `expected`, byte for byte.
fn assert_tree(dir: &Path, expected: &Path) {
    let actual = read_tree(dir);
    let wanted = read_tree(expected);
    if actual == wanted {
        return;
    }
    let names =
        |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&actual),
        names(&wanted),
        "files in {}",
        expected.display()
    );
    for (name, bytes) in &actual {
        assert_eq!(
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&wanted[name]),
            "{name} differs from {}",
            expected.display()
        );
        assert_eq!(bytes, &wanted[name], "{name}: same text, different bytes");
    }
}

/// Instruments a copy of `case/in`, compares with `case/out` (or `in/` when the run must change
/// nothing), runs again (nothing changes), undoes, and compares with `in/` (or `undone/`).
/// Returns the three outputs for a snapshot. `CANOPY_FIXTURE_BLESS=1` rewrites `out/` first.
fn check_case(case: &str, args: &[&str]) -> String {
    let env = TestEnv::new("http://127.0.0.1:9");
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join(case);
    copy_dir(&fixture(case).join("in"), &dir);
    let mut apply = vec!["--yes", "--allow-dirty"];
    apply.extend(args);
    let first = run(&env, &dir, &apply);
    if std::env::var_os("CANOPY_FIXTURE_BLESS").is_some()
        && read_tree(&dir) != read_tree(&fixture(case).join("in"))
    {
        let _ = fs_err::remove_dir_all(fixture(case).join("out"));
        copy_dir(&dir, &fixture(case).join("out"));
    }
    let out = if fixture(case).join("out").is_dir() {
        "out"
    } else {
        "in"
    };
    assert_tree(&dir, &fixture(case).join(out));
    let second = run(&env, &dir, &apply);
    assert_tree(&dir, &fixture(case).join(out));
    let mut undo_args = vec!["--undo", "--yes"];
    undo_args.extend(args);
    let undo = run(&env, &dir, &undo_args);
    let undone = if fixture(case).join("undone").is_dir() {
        "undone"
    } else {
        "in"
    };
    assert_tree(&dir, &fixture(case).join(undone));
    format!("{first}\n--- again ---\n{second}\n--- undo ---\n{undo}")
}

#[test]
fn sync_main_with_comments_and_tabs() {
    insta::assert_snapshot!(check_case("sync-comments-tabs", &[]), @"
    --- stderr ---
    Cargo.toml: added opentelemetry, opentelemetry_sdk, opentelemetry-otlp, tracing-opentelemetry, tracing-subscriber (the pinned OpenTelemetry set)
    src/telemetry.rs: new module: init, a guard that flushes on drop, AGENT/TOOL/CHAIN/LLM span helpers
    src/main.rs: `mod telemetry;` and `telemetry::init()` as the first statement of main
    hint: run `canopy serve`, then run weather-agent as usual: its spans appear in `canopy trace list`
    [exit: 0]
    --- again ---
    --- stderr ---
    already instrumented: src/main.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- undo ---
    --- stderr ---
    src/main.rs: canopy's lines removed
    src/telemetry.rs: deleted
    Cargo.toml: the OpenTelemetry dependencies removed
    [exit: 0]
    ");
}

#[test]
fn tokio_main_returning_result() {
    insta::assert_snapshot!(check_case("tokio-result", &[]), @"
    --- stderr ---
    Cargo.toml: added opentelemetry, opentelemetry_sdk, opentelemetry-otlp, tracing-opentelemetry, tracing-subscriber (the pinned OpenTelemetry set)
    src/telemetry.rs: new module: init, a guard that flushes on drop, AGENT/TOOL/CHAIN/LLM span helpers
    src/main.rs: `mod telemetry;` and `telemetry::init()` as the first statement of main
    hint: run `canopy serve`, then run travel-planner as usual: its spans appear in `canopy trace list`
    [exit: 0]
    --- again ---
    --- stderr ---
    already instrumented: src/main.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- undo ---
    --- stderr ---
    src/main.rs: canopy's lines removed
    src/telemetry.rs: deleted
    Cargo.toml: the OpenTelemetry dependencies removed
    [exit: 0]
    ");
}

#[test]
fn workspace_with_two_binaries_takes_package() {
    insta::assert_snapshot!(check_case("workspace-two-binaries", &["--package", "worker"]), @"
    --- stderr ---
    crates/worker/Cargo.toml: added opentelemetry, opentelemetry_sdk, opentelemetry-otlp, tracing-opentelemetry, tracing-subscriber (the pinned OpenTelemetry set)
    crates/worker/src/telemetry.rs: new module: init, a guard that flushes on drop, AGENT/TOOL/CHAIN/LLM span helpers
    crates/worker/src/main.rs: `mod telemetry;` and `telemetry::init()` as the first statement of main
    hint: run `canopy serve`, then run worker as usual: its spans appear in `canopy trace list`
    [exit: 0]
    --- again ---
    --- stderr ---
    already instrumented: crates/worker/src/main.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- undo ---
    --- stderr ---
    crates/worker/src/main.rs: canopy's lines removed
    crates/worker/src/telemetry.rs: deleted
    crates/worker/Cargo.toml: the OpenTelemetry dependencies removed
    [exit: 0]
    ");
}

#[test]
fn binary_under_src_bin_gets_a_module_directory() {
    insta::assert_snapshot!(check_case("src-bin", &[]), @"
    --- stderr ---
    Cargo.toml: added opentelemetry, opentelemetry_sdk, opentelemetry-otlp, tracing-opentelemetry, tracing-subscriber (the pinned OpenTelemetry set)
    src/bin/telemetry/mod.rs: new module: init, a guard that flushes on drop, AGENT/TOOL/CHAIN/LLM span helpers
    src/bin/ask.rs: `mod telemetry;` and `telemetry::init()` as the first statement of main
    hint: run `canopy serve`, then run ask as usual: its spans appear in `canopy trace list`
    [exit: 0]
    --- again ---
    --- stderr ---
    already instrumented: src/bin/ask.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- undo ---
    --- stderr ---
    src/bin/ask.rs: canopy's lines removed
    src/bin/telemetry/mod.rs: deleted
    Cargo.toml: the OpenTelemetry dependencies removed
    [exit: 0]
    ");
}

#[test]
fn bom_crlf_and_a_one_line_main() {
    insta::assert_snapshot!(check_case("bom-crlf-one-line", &[]), @"
    --- stderr ---
    Cargo.toml: added opentelemetry, opentelemetry_sdk, opentelemetry-otlp, tracing, tracing-opentelemetry, tracing-subscriber (the pinned OpenTelemetry set)
    src/telemetry.rs: new module: init, a guard that flushes on drop, AGENT/TOOL/CHAIN/LLM span helpers
    src/main.rs: `mod telemetry;` and `telemetry::init()` as the first statement of main
    hint: run `canopy serve`, then run hello as usual: its spans appear in `canopy trace list`
    [exit: 0]
    --- again ---
    --- stderr ---
    already instrumented: src/main.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- undo ---
    --- stderr ---
    src/main.rs: canopy's lines removed
    src/telemetry.rs: deleted
    Cargo.toml: the OpenTelemetry dependencies removed
    [exit: 0]
    ");
}

#[test]
fn existing_subscriber_in_a_helper_module_gets_the_layer() {
    insta::assert_snapshot!(check_case("existing-subscriber", &[]), @"
    --- stderr ---
    warning: the program installs its own tracing subscriber: its filters (RUST_LOG, with_max_level…) also decide which spans are exported
    Cargo.toml: added opentelemetry, opentelemetry_sdk, opentelemetry-otlp, tracing-opentelemetry (the pinned OpenTelemetry set)
    src/telemetry.rs: new module: init, a guard that flushes on drop, AGENT/TOOL/CHAIN/LLM span helpers
    src/main.rs: `mod telemetry;` and `telemetry::init_exporter()` as the first statement of main
    src/logging.rs: the OpenTelemetry layer added to the program's tracing subscriber
    hint: run `canopy serve`, then run support-bot as usual: its spans appear in `canopy trace list`
    [exit: 0]
    --- again ---
    --- stderr ---
    already instrumented: src/main.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- undo ---
    --- stderr ---
    src/logging.rs: canopy's lines removed
    src/main.rs: canopy's lines removed
    src/telemetry.rs: deleted
    Cargo.toml: the OpenTelemetry dependencies removed
    [exit: 0]
    ");
}

#[test]
fn old_opentelemetry_is_reported_not_upgraded() {
    insta::assert_snapshot!(check_case("old-opentelemetry", &[]), @r#"
    --- stderr ---
    error: Cargo.toml already declares crates canopy instrument will not change:
      opentelemetry = "0.21": older than the version canopy is tested with (0.33.1)
      opentelemetry-otlp = "0.14": older than the version canopy is tested with (0.33.1)
      tracing-opentelemetry = "0.22": older than the version canopy is tested with (0.34.0)
    hint: canopy adds opentelemetry 0.33.1, opentelemetry_sdk 0.33.1, opentelemetry-otlp 0.33.1, tracing-opentelemetry 0.34.0 and never upgrades or rewrites existing dependencies; bring them to that set together (or remove them), then run canopy instrument again
    [exit: 1]
    --- again ---
    --- stderr ---
    error: Cargo.toml already declares crates canopy instrument will not change:
      opentelemetry = "0.21": older than the version canopy is tested with (0.33.1)
      opentelemetry-otlp = "0.14": older than the version canopy is tested with (0.33.1)
      tracing-opentelemetry = "0.22": older than the version canopy is tested with (0.34.0)
    hint: canopy adds opentelemetry 0.33.1, opentelemetry_sdk 0.33.1, opentelemetry-otlp 0.33.1, tracing-opentelemetry 0.34.0 and never upgrades or rewrites existing dependencies; bring them to that set together (or remove them), then run canopy instrument again
    [exit: 1]
    --- undo ---
    --- stderr ---
    src/main.rs is not instrumented: nothing to undo
    [exit: 0]
    "#);
}

#[test]
fn already_instrumented_changes_nothing() {
    insta::assert_snapshot!(check_case("already-instrumented", &[]), @"
    --- stderr ---
    already instrumented: src/main.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- again ---
    --- stderr ---
    already instrumented: src/main.rs starts OpenTelemetry export in main; nothing to do
    [exit: 0]
    --- undo ---
    --- stderr ---
    src/logging.rs: canopy's lines removed
    src/main.rs: canopy's lines removed
    src/telemetry.rs: deleted
    Cargo.toml: the OpenTelemetry dependencies removed
    [exit: 0]
    ");
}

/// A copy of `case/in` in a fresh temp dir (kept alive by the returned guard).
fn scratch(case: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(case);
    copy_dir(&fixture(case).join("in"), &dir);
    (tmp, dir)
}

/// The diff with the (long, fixed) body of the new module left out.
fn without_module_body(diff: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in diff.lines() {
        if line.starts_with("--- ") {
            skipping = false;
        }
        if !skipping {
            out.push(line.to_string());
        }
        if line.starts_with("+++ b/") && line.ends_with("telemetry.rs") {
            skipping = true;
            out.push("[… the telemetry module …]".to_string());
        }
    }
    out.join("\n")
}

#[test]
fn dry_run_prints_the_diff_and_changes_nothing() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let (_tmp, dir) = scratch("sync-comments-tabs");
    let out = run(&env, &dir, &["--dry-run"]);
    assert_tree(&dir, &fixture("sync-comments-tabs").join("in"));
    insta::assert_snapshot!(without_module_body(&out), @r#"
    --- a/Cargo.toml
    +++ b/Cargo.toml
    @@ -6,5 +6,12 @@
     # Runtime dependencies, kept sorted.
     [dependencies]
     tracing = "0.1"	# spans and events
    +# canopy-instrument: begin (OpenTelemetry export; `canopy instrument --undo` removes it)
    +opentelemetry = { version = "0.33.1", default-features = false, features = ["trace"] }
    +opentelemetry_sdk = { version = "0.33.1", default-features = false, features = ["trace"] }
    +opentelemetry-otlp = { version = "0.33.1", default-features = false, features = ["trace", "http-proto", "reqwest-blocking-client", "reqwest-rustls"] }
    +tracing-opentelemetry = { version = "0.34.0", default-features = false }
    +tracing-subscriber = { version = "0.3", default-features = false, features = ["registry", "std"] }
    +# canopy-instrument: end
     
     [dev-dependencies]
    --- /dev/null
    +++ b/src/telemetry.rs
    [… the telemetry module …]
    --- a/src/main.rs
    +++ b/src/main.rs
    @@ -1,6 +1,7 @@
     //! A weather agent that answers one question.
     
     // Standard library only.
    +mod telemetry; // canopy-instrument
     use std::env;
     
     /// Looks the weather up (a stand-in for a real tool).
    @@ -10,6 +11,7 @@
     }
     
     fn main() {
    +	let _telemetry = telemetry::init(); // canopy-instrument
     	// The question comes from the command line.
     	let city = env::args().nth(1).unwrap_or_else(|| "Lisbon".to_string());
     	let span = tracing::info_span!("answer", city = %city);
    --- stderr ---
    dry run: nothing was changed
    [exit: 0]
    "#);
    let colored = run(&env, &dir, &["--dry-run", "--color", "always"]);
    assert!(
        colored.contains("\x1b[32m+mod telemetry; // canopy-instrument"),
        "{colored}"
    );
}

#[test]
fn without_yes_off_a_terminal_nothing_changes() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let (_tmp, dir) = scratch("tokio-result");
    insta::assert_snapshot!(run(&env, &dir, &["--allow-dirty"]), @"
    --- stderr ---
    error: --yes is required to change files when not running interactively
    hint: pass --yes to apply, or --dry-run to see the diff
    [exit: 2]
    ");
    assert_tree(&dir, &fixture("tokio-result").join("in"));
}

#[test]
fn several_binaries_off_a_terminal_are_listed_not_guessed() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let (_tmp, dir) = scratch("workspace-two-binaries");
    insta::assert_snapshot!(run(&env, &dir, &["--yes", "--allow-dirty"]), @"
    --- stderr ---
    error: [PROJECT] has 2 binaries; choose one:
      --package planner --bin planner  (crates/planner/src/main.rs)
      --package worker --bin worker  (crates/worker/src/main.rs)
    hint: pass --package and --bin as listed (on a terminal, canopy asks)
    [exit: 2]
    ");
    insta::assert_snapshot!(run(&env, &dir, &["--yes", "--bin", "nope"]), @r#"
    --- stderr ---
    error: no binary named "nope"
    hint: binaries here: planner, worker
    [exit: 2]
    "#);
    assert_tree(&dir, &fixture("workspace-two-binaries").join("in"));
}

#[test]
fn no_cargo_toml_and_nothing_to_undo_are_clear() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let (_tmp, dir) = scratch("src-bin");
    let src = dir.join("src");
    let out = scrub(
        &env.run(&["instrument", "--yes", "--path", src.to_str().unwrap()]),
        &dir,
    );
    insta::assert_snapshot!(out, @"
    --- stderr ---
    error: no Cargo.toml in [PROJECT]/src
    hint: the nearest Cargo.toml is in [PROJECT]: pass --path [PROJECT]
    [exit: 2]
    ");
    insta::assert_snapshot!(run(&env, &dir, &["--undo", "--yes"]), @"
    --- stderr ---
    src/bin/ask.rs is not instrumented: nothing to undo
    [exit: 0]
    ");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

#[test]
fn a_dirty_git_tree_is_refused_unless_allowed() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let (_tmp, dir) = scratch("sync-comments-tabs");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "start"]);
    let main = dir.join("src/main.rs");
    let edited = format!(
        "{}// work in progress\n",
        fs_err::read_to_string(&main).unwrap()
    );
    fs_err::write(&main, &edited).unwrap();
    insta::assert_snapshot!(run(&env, &dir, &["--yes"]), @"
    --- stderr ---
    error: the git tree has uncommitted changes (src/main.rs); nothing was changed
    hint: commit or stash them first, so this change can be reviewed and reverted on its own, or pass --allow-dirty
    [exit: 1]
    ");
    assert_eq!(fs_err::read_to_string(&main).unwrap(), edited);
    assert!(!dir.join("src/telemetry.rs").exists());
    let allowed = run(&env, &dir, &["--yes", "--allow-dirty"]);
    assert!(allowed.ends_with("[exit: 0]"), "{allowed}");
    // Undo takes out only canopy's own lines, so the tree instrument left dirty is fine.
    let undone = run(&env, &dir, &["--undo", "--yes"]);
    assert!(undone.ends_with("[exit: 0]"), "{undone}");
    assert_eq!(fs_err::read_to_string(&main).unwrap(), edited);
}

#[test]
fn check_rolls_back_a_project_that_does_not_build() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let (_tmp, dir) = scratch("sync-comments-tabs");
    let manifest = dir.join("Cargo.toml");
    let broken = fs_err::read_to_string(&manifest).unwrap().replace(
        "[dev-dependencies]\n",
        "[dev-dependencies]\nmissing = { path = \"../missing\" }\n",
    );
    fs_err::write(&manifest, &broken).unwrap();
    let before = read_tree(&dir);
    let mut cmd = env.cmd();
    pass_cargo_env(&mut cmd);
    let out = cmd
        .args(["instrument", "--yes", "--allow-dirty", "--check", "--path"])
        .arg(&dir)
        .output()
        .unwrap();
    let out = scrub(&crate::common::CommandOutput::from(out).to_string(), &dir);
    assert!(
        out.contains("cargo check failed with the change, so it was rolled back"),
        "{out}"
    );
    assert!(out.ends_with("[exit: 1]"), "{out}");
    assert_eq!(read_tree(&dir), before, "every byte is back");
}

/// The one slow test: instrument a real project, build it (the dependency build is cached in
/// target/instrument-e2e), run it against an in-process `canopy serve` with --verify, and find
/// its spans; then a second run changes nothing and --undo restores every byte.
#[test]
fn end_to_end_a_project_exports_its_spans_to_canopy_serve() {
    let server = TestServer::start();
    let env = TestEnv::for_server(&server);
    let (_tmp, dir) = scratch("e2e");
    let target_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/instrument-e2e");
    let mut cmd = env.cmd();
    pass_cargo_env(&mut cmd);
    let out = cmd
        .env("CARGO_TARGET_DIR", &target_dir)
        .args([
            "instrument",
            "--yes",
            "--allow-dirty",
            "--check",
            "--verify",
            "--path",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("cargo check: the project builds"),
        "{stderr}"
    );
    assert!(
        stderr.contains("day 1: sunny in Lisbon"),
        "the program's stdout goes to stderr: {stderr}"
    );
    let trace_id = stdout
        .trim()
        .strip_prefix("canopy trace get ")
        .unwrap_or_else(|| panic!("{stdout}"))
        .to_string();

    let (status, trace) = server.get_json(&format!("/api/v1/traces/{trace_id}"));
    assert_eq!(status, 200, "{trace}");
    assert_eq!(trace["summary"]["service"], "e2e-agent");
    let mut spans: Vec<String> = trace["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["name"].as_str().unwrap(),
                s["kind"].as_str().unwrap_or("?")
            )
        })
        .collect();
    spans.sort();
    assert_eq!(
        spans,
        [
            "chat gpt-4o-mini LLM",
            "get_weather TOOL",
            "plan-trip AGENT"
        ],
        "{trace}"
    );

    let again = scrub(
        &env.run(&["instrument", "--yes", "--path", dir.to_str().unwrap()]),
        &dir,
    );
    assert!(again.contains("already instrumented"), "{again}");
    let undo = scrub(
        &env.run(&[
            "instrument",
            "--undo",
            "--yes",
            "--path",
            dir.to_str().unwrap(),
        ]),
        &dir,
    );
    assert!(undo.ends_with("[exit: 0]"), "{undo}");
    assert_tree(&dir, &fixture("e2e").join("in"));
}
