//! Cargo.toml edits: where the block goes, what is reused, what is refused, exact undo.

use super::*;

fn manifest(text: &str) -> Manifest {
    Manifest {
        path: "Cargo.toml".into(),
        doc: toml_edit::Document::parse(text.to_string()).unwrap(),
    }
}

/// The planned text, checked to parse and to come back exactly through undo.
fn add(text: &str) -> DepsPlan {
    let plan = plan_dependencies(&manifest(text), "Cargo.toml", None).unwrap();
    if let Some(after) = &plan.after {
        let doc = toml_edit::Document::parse(after.as_str()).expect("valid TOML");
        for name in &plan.added {
            assert!(doc["dependencies"].get(name).is_some(), "{name} in {after}");
        }
        assert_eq!(
            remove_block(after, "Cargo.toml").unwrap().as_deref(),
            Some(text)
        );
        assert!(has_block(after));
    }
    plan
}

fn refusal(text: &str) -> String {
    let err = plan_dependencies(&manifest(text), "Cargo.toml", None).unwrap_err();
    format!("{}\nhint: {}", err.message, err.hint.unwrap())
}

#[test]
fn the_block_follows_the_last_dependency_and_keeps_everything_else() {
    let text = "[package]\nname = \"app\" # the app\n\n[dependencies]\n# JSON\nserde = { version = \"1\", features = [\n    \"derive\",\n] } # trailing\ntracing = \"0.1.40\"\n\n# Tests only.\n[dev-dependencies]\ninsta = \"1\"\n";
    let plan = add(text);
    assert_eq!(
        plan.added,
        [
            "opentelemetry",
            "opentelemetry_sdk",
            "opentelemetry-otlp",
            "tracing-opentelemetry",
            "tracing-subscriber"
        ]
    );
    insta::assert_snapshot!(plan.after.unwrap(), @r#"
    [package]
    name = "app" # the app

    [dependencies]
    # JSON
    serde = { version = "1", features = [
        "derive",
    ] } # trailing
    tracing = "0.1.40"
    # canopy-instrument: begin (OpenTelemetry export; `canopy instrument --undo` removes it)
    opentelemetry = { version = "0.33.1", default-features = false, features = ["trace"] }
    opentelemetry_sdk = { version = "0.33.1", default-features = false, features = ["trace"] }
    opentelemetry-otlp = { version = "0.33.1", default-features = false, features = ["trace", "http-proto", "reqwest-blocking-client", "reqwest-rustls"] }
    tracing-opentelemetry = { version = "0.34.0", default-features = false }
    tracing-subscriber = { version = "0.3", default-features = false, features = ["registry", "std"] }
    # canopy-instrument: end

    # Tests only.
    [dev-dependencies]
    insta = "1"
    "#);
}

#[test]
fn no_dependencies_table_and_no_final_newline() {
    let text = "[package]\r\nname = \"app\"\r\n\r\n[dependencies.serde]\r\nversion = \"1\"";
    let after = add(text).after.unwrap();
    assert!(after.starts_with(text), "{after}");
    assert!(after.ends_with("\r\n[dependencies]\r\nopentelemetry = { version = \"0.33.1\", default-features = false, features = [\"trace\"] }\r\nopentelemetry_sdk = { version = \"0.33.1\", default-features = false, features = [\"trace\"] }\r\nopentelemetry-otlp = { version = \"0.33.1\", default-features = false, features = [\"trace\", \"http-proto\", \"reqwest-blocking-client\", \"reqwest-rustls\"] }\r\ntracing = \"0.1\"\r\ntracing-opentelemetry = { version = \"0.34.0\", default-features = false }\r\ntracing-subscriber = { version = \"0.3\", default-features = false, features = [\"registry\", \"std\"] }\r\n# canopy-instrument: end"), "{after:?}");
    assert!(!after.replace("\r\n", "").contains('\n'), "CRLF throughout");

    let empty_table = "[package]\nname = \"app\"\n\n[dependencies]\n\n[features]\n";
    let after = add(empty_table).after.unwrap();
    assert!(
        after.contains("[dependencies]\n# canopy-instrument: begin"),
        "{after}"
    );
}

#[test]
fn compatible_existing_crates_are_reused_and_checked() {
    let text = "[package]\nname = \"app\"\n\n[dependencies]\nopentelemetry = \"0.33\"\nopentelemetry_sdk = \"0.33.0\"\nopentelemetry-otlp = { version = \"0.33\", features = [\"reqwest-client\"] }\ntracing-subscriber = { version = \"0.3.18\", default-features = false, features = [\"fmt\"] }\n";
    let plan = add(text);
    assert_eq!(plan.added, ["tracing", "tracing-opentelemetry"]);
    insta::assert_snapshot!(plan.warnings.join("\n"), @"
    Cargo.toml: opentelemetry-otlp has no TLS feature (reqwest-rustls): https:// endpoints will fail without a word; add it to the features of opentelemetry-otlp
    Cargo.toml enables opentelemetry-otlp's `reqwest-client`: it takes precedence over the blocking HTTP client, and the batch exporter's thread, which has no Tokio runtime, then panics and every span is lost; remove the feature
    ");
}

#[test]
fn old_renamed_or_incomplete_opentelemetry_is_refused() {
    insta::assert_snapshot!(refusal("[package]\nname = \"app\"\n\n[dependencies]\nopentelemetry = \"0.21\"\nopentelemetry-otlp = { version = \"0.14\", features = [\"http-proto\"] }\ntracing-opentelemetry = \"0.22\"\n"), @"
    Cargo.toml already declares crates canopy instrument will not change:
      opentelemetry = \"0.21\": older than the version canopy is tested with (0.33.1)
      opentelemetry-otlp = \"0.14\": older than the version canopy is tested with (0.33.1)
      tracing-opentelemetry = \"0.22\": older than the version canopy is tested with (0.34.0)
    hint: canopy adds opentelemetry 0.33.1, opentelemetry_sdk 0.33.1, opentelemetry-otlp 0.33.1, tracing-opentelemetry 0.34.0 and never upgrades or rewrites existing dependencies; bring them to that set together (or remove them), then run canopy instrument again
    ");
    let renamed = refusal(
        "[package]\nname = \"app\"\n\n[target.'cfg(unix)'.dependencies]\notel = { package = \"opentelemetry\", version = \"0.33\" }\n",
    );
    assert!(
        renamed.contains("opentelemetry is declared under the name `otel`"),
        "{renamed}"
    );
    let grpc = refusal(
        "[package]\nname = \"app\"\n\n[dependencies]\nopentelemetry-otlp = { version = \"0.33\", default-features = false, features = [\"grpc-tonic\", \"trace\"] }\n",
    );
    assert!(grpc.contains("opentelemetry-otlp lacks the features the generated module needs: http-proto, reqwest-blocking-client"), "{grpc}");
    let newer = refusal("[package]\nname = \"app\"\n\n[dependencies]\nopentelemetry = \"1.2\"\n");
    assert!(newer.contains("newer than the version"), "{newer}");
}

#[test]
fn workspace_inherited_versions_are_read_from_the_root() {
    let root = manifest(
        "[workspace]\nmembers = [\"a\"]\n\n[workspace.dependencies]\nopentelemetry = { version = \"0.20\" }\ntracing = \"0.1\"\n",
    );
    let member = manifest(
        "[package]\nname = \"a\"\n\n[dependencies]\nopentelemetry = { workspace = true }\ntracing.workspace = true\n",
    );
    let err = plan_dependencies(&member, "a/Cargo.toml", Some(&root)).unwrap_err();
    assert!(
        err.message.contains("opentelemetry = \"0.20\": older"),
        "{err:?}"
    );
    let root_ok =
        manifest("[workspace]\nmembers = [\"a\"]\n\n[workspace.dependencies]\ntracing = \"0.1\"\n");
    let plan = plan_dependencies(&member, "a/Cargo.toml", Some(&root_ok)).unwrap();
    assert!(!plan.added.contains(&"tracing".to_string()), "{plan:?}");
    let warnings = switch_warnings(
        &manifest(
            "[workspace.dependencies]\nopentelemetry-otlp = { version = \"0.33\", features = [\"hyper-client\"] }\n",
        ),
        "Cargo.toml",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn a_second_run_and_a_broken_block() {
    let text = "[package]\nname = \"app\"\n\n[dependencies]\n";
    let once = add(text).after.unwrap();
    let again = plan_dependencies(&manifest(&once), "Cargo.toml", None).unwrap();
    assert_eq!(again.after, None, "the block is there already");
    assert_eq!(remove_block(text, "Cargo.toml").unwrap(), None);
    let broken = once.replace(END, "# end");
    assert!(remove_block(&broken, "Cargo.toml").is_err());
}

#[test]
fn a_layout_that_cannot_take_the_block_is_refused_with_the_lines() {
    let text = "dependencies.serde = \"1\"\n\n[package]\nname = \"app\"\n";
    let message = refusal(text);
    assert!(
        message.starts_with("Cargo.toml is laid out in a way canopy cannot add lines to safely"),
        "{message}"
    );
    assert!(
        message.contains("\n  opentelemetry = { version = \"0.33.1\""),
        "{message}"
    );
}
