//! Existing subscribers: the layer where it is safe, a reason where it is not, exact undo.

use super::*;
use crate::instrument::source;

/// The file with every fix applied, checked to parse and to undo exactly; or the refusals.
fn extend(source_text: &str) -> Result<String, Vec<String>> {
    let file = source::parse(source_text, "x.rs").unwrap();
    let sites = find_sites(source_text, &file);
    assert!(!sites.is_empty(), "no site found in:\n{source_text}");
    let mut insertions = Vec::new();
    let mut refusals = Vec::new();
    for site in sites {
        match site.fix {
            Ok(fix) => insertions.extend(fix),
            Err(why) => refusals.push(format!("{}: {} ({why})", site.line, site.call)),
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    let out = text::insert_all(source_text, &insertions);
    source::parse(&out, "out").expect("the result parses");
    assert_eq!(
        source::remove_insertions(&out),
        source_text,
        "undo is exact"
    );
    let again = source::parse(&out, "out").unwrap();
    assert!(
        find_sites(&out, &again).iter().all(|s| s.done),
        "second run sees the layer"
    );
    Ok(out)
}

#[test]
fn a_registry_chain_one_call_per_line() {
    let out = extend(
        "use tracing_subscriber::prelude::*;\n\npub fn init() {\n    tracing_subscriber::registry()\n        .with(tracing_subscriber::fmt::layer())\n        .init();\n}\n",
    );
    insta::assert_snapshot!(out.unwrap(), @r"
    use tracing_subscriber::prelude::*;

    pub fn init() {
        tracing_subscriber::registry()
            .with(tracing_subscriber::fmt::layer())
            .with(crate::telemetry::layer()) // canopy-instrument
            .init();
    }
    ");
}

#[test]
fn a_fmt_builder_on_one_line_is_finished_first() {
    let out =
        extend("fn main() {\n\ttracing_subscriber::fmt().with_target(false).try_init().ok();\n}\n");
    insta::assert_snapshot!(out.unwrap(), @r"
    fn main() {
    	use tracing_subscriber::{layer::SubscriberExt as _, util::SubscriberInitExt as _}; // canopy-instrument
    	tracing_subscriber::fmt().with_target(false).finish().with(crate::telemetry::layer()).try_init().ok();
    }
    ");
}

#[test]
fn set_global_default_through_a_local() {
    let out = extend(
        "fn setup() {\n    let subscriber = FmtSubscriber::builder()\n        .with_max_level(Level::TRACE)\n        .finish();\n    tracing::subscriber::set_global_default(subscriber).expect(\"no subscriber yet\");\n}\n",
    );
    insta::assert_snapshot!(out.unwrap(), @r#"
    fn setup() {
        use tracing_subscriber::layer::SubscriberExt as _; // canopy-instrument
        let subscriber = FmtSubscriber::builder()
            .with_max_level(Level::TRACE)
            .finish().with(crate::telemetry::layer());
        tracing::subscriber::set_global_default(subscriber).expect("no subscriber yet");
    }
    "#);
}

#[test]
fn a_registry_without_with_gets_the_trait() {
    let out = extend(
        "fn f() { let r = Registry::default(); tracing::subscriber::set_global_default(r).unwrap(); }\n",
    );
    assert_eq!(
        out.unwrap(),
        "fn f() { use tracing_subscriber::layer::SubscriberExt as _; let r = Registry::default().with(crate::telemetry::layer()); tracing::subscriber::set_global_default(r).unwrap(); }\n"
    );
}

#[test]
fn unsafe_sites_are_refused_with_reasons() {
    assert_eq!(
        extend("fn main() {\n    tracing_subscriber::fmt::init();\n}\n").unwrap_err(),
        ["2: fmt::init() (it sets up the subscriber inside tracing_subscriber)"]
    );
    assert_eq!(
        extend("use tracing_subscriber::util::SubscriberInitExt;\nfn main() {\n    make_subscriber().init();\n}\n").unwrap_err(),
        ["3: .init() (the subscriber is not built in place from registry() or fmt())"]
    );
    assert_eq!(
        extend("fn main() {\n    tracing::subscriber::set_global_default(build()).unwrap();\n}\n")
            .unwrap_err(),
        [
            "2: set_global_default(…) (the subscriber is not built in place from registry() or fmt())"
        ]
    );
}

#[test]
fn other_init_calls_and_test_code_are_not_subscribers() {
    for source_text in [
        "fn main() {\n    env_logger::Builder::new().init();\n    app.init();\n}\n",
        "#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { tracing_subscriber::fmt().init(); }\n}\nfn main() {}\n",
        "fn main() {}\n#[test]\nfn t() { let _ = tracing_subscriber::fmt().try_init(); }\n",
    ] {
        let file = source::parse(source_text, "x.rs").unwrap();
        assert_eq!(find_sites(source_text, &file), [], "{source_text}");
    }
}

#[test]
fn the_one_ambiguous_inline_form_is_refused() {
    let refused = extend(
        "use tracing_subscriber::util::SubscriberInitExt;\nfn main() { tracing_subscriber::fmt().finish().init(); }\n",
    )
    .unwrap_err();
    assert!(
        refused[0].contains("bind the subscriber to a `let` first"),
        "{refused:?}"
    );
}
