//! Crate-root edits on the shapes `main` comes in, each checked for an exact result and for an
//! exact round trip through undo.

use super::*;

fn instrument(source: &str, init: Init) -> String {
    let ins = root_insertions(source, "src/main.rs", init).unwrap();
    let out = text::insert_all(source, &ins);
    parse(&out, "out").expect("the result parses");
    assert!(is_instrumented(&out));
    assert_eq!(remove_insertions(&out), source, "undo restores every byte");
    out
}

#[test]
fn sync_main_with_comments_and_tabs() {
    let source = "//! A tool.\n\n// Imports.\nuse std::env;\n\nfn main() {\n\t// Read the args.\n\tlet args: Vec<String> = env::args().collect();\n\tprintln!(\"{args:?}\");\n}\n";
    insta::assert_snapshot!(instrument(source, Init::WithSubscriber), @r#"
    //! A tool.

    // Imports.
    mod telemetry; // canopy-instrument
    use std::env;

    fn main() {
    	let _telemetry = telemetry::init(); // canopy-instrument
    	// Read the args.
    	let args: Vec<String> = env::args().collect();
    	println!("{args:?}");
    }
    "#);
}

#[test]
fn tokio_main_returning_result() {
    let source = "/// Entry point.\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n    run().await?;\n    Ok(())\n}\n";
    insta::assert_snapshot!(instrument(source, Init::ExporterOnly), @r#"
    mod telemetry; // canopy-instrument
    /// Entry point.
    #[tokio::main(flavor = "current_thread")]
    async fn main() -> Result<(), Box<dyn std::error::Error>> {
        let _telemetry = telemetry::init_exporter(); // canopy-instrument
        run().await?;
        Ok(())
    }
    "#);
}

#[test]
fn bom_crlf_and_a_one_line_main() {
    let source = "\u{feff}fn main() { println!(\"hi\"); }\r\n";
    let out = instrument(source, Init::WithSubscriber);
    assert_eq!(
        out,
        "\u{feff}mod telemetry; // canopy-instrument\r\nfn main() { let _telemetry = telemetry::init(); println!(\"hi\"); }\r\n"
    );
}

#[test]
fn empty_and_unusual_mains() {
    assert_eq!(
        instrument("fn main() {}", Init::WithSubscriber),
        "mod telemetry; // canopy-instrument\nfn main() {let _telemetry = telemetry::init(); }"
    );
    assert_eq!(
        instrument("fn main() {\n}\n", Init::WithSubscriber),
        "mod telemetry; // canopy-instrument\nfn main() {\n    let _telemetry = telemetry::init(); // canopy-instrument\n}\n"
    );
    // A comment after the brace stays on its line; the call goes in front of the statement.
    insta::assert_snapshot!(instrument("fn main() { // go\n    go();\n}\n", Init::WithSubscriber), @r"
    mod telemetry; // canopy-instrument
    fn main() { // go
        let _telemetry = telemetry::init(); // canopy-instrument
        go();
    }
    ");
    // Inner attributes must stay first in the body.
    insta::assert_snapshot!(instrument("fn main() {\n    #![allow(unused)]\n    go();\n}\n", Init::WithSubscriber), @r"
    mod telemetry; // canopy-instrument
    fn main() {
        #![allow(unused)]
        let _telemetry = telemetry::init(); // canopy-instrument
        go();
    }
    ");
    // A shebang line and inner attributes come before the declaration.
    insta::assert_snapshot!(instrument("#!/usr/bin/env run-cargo-script\n#![deny(warnings)]\nfn main() where {\n    go()\n}\n", Init::WithSubscriber), @r"
    #!/usr/bin/env run-cargo-script
    #![deny(warnings)]
    mod telemetry; // canopy-instrument
    fn main() where {
        let _telemetry = telemetry::init(); // canopy-instrument
        go()
    }
    ");
}

#[test]
fn refusals_name_the_problem() {
    let err = root_insertions(
        "mod telemetry;\nfn main() {}\n",
        "src/main.rs",
        Init::WithSubscriber,
    )
    .unwrap_err();
    assert!(
        err.message
            .starts_with("src/main.rs:1 already defines a `telemetry`"),
        "{err:?}"
    );
    let err = root_insertions(
        "use a::b as telemetry;\nfn main() {}\n",
        "m.rs",
        Init::WithSubscriber,
    )
    .unwrap_err();
    assert!(err.message.contains("`telemetry` name"), "{err:?}");
    let err = root_insertions("fn start() {}\n", "src/main.rs", Init::WithSubscriber).unwrap_err();
    assert_eq!(err.message, "src/main.rs has no `fn main`");
    let err = root_insertions(
        "fn main() {\n  let = ;\n}\n",
        "src/main.rs",
        Init::WithSubscriber,
    )
    .unwrap_err();
    assert!(
        err.message.starts_with("cannot parse src/main.rs:2:"),
        "{err:?}"
    );
}

#[test]
fn undo_leaves_code_that_merely_looks_similar() {
    let source = "fn main() {\n    // mod telemetry;\n    let x = 1; // canopy-instrument\n}\n";
    assert_eq!(remove_insertions(source), source);
}
