//! `canopy trace annotate` and the `--annotation` filter.

use crate::common::{TestEnv, TestServer};

#[test]
fn annotations_are_stored_shown_and_filtered_on() {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "annotate", "0a87", "--label", "thumbs-up", "--score", "1"]), @r#"
    --- stderr ---
    annotated trace 0a87607ca2d6044aa146d9c4b073d4dc with "thumbs-up"
    [exit: 0]
    "#);
    insta::assert_snapshot!(
        env.run(&["trace", "annotate", "0a87", "--span", "9a74", "--label", "wrong-tool", "--score", "-1", "--note", "asked \x1b[31mtwice"]),
        @r#"
    --- stderr ---
    annotated span 9a74459f3926f108 of trace 0a87607ca2d6044aa146d9c4b073d4dc with "wrong-tool"
    [exit: 0]
    "#
    );

    let out = env
        .cmd()
        .args(["trace", "get", "0a87", "--json"])
        .output()
        .unwrap();
    let trace: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<(String, serde_json::Value, serde_json::Value)> = trace["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["label"].as_str().unwrap().to_string(),
                a["span_id"].clone(),
                a["score"].clone(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            (
                "thumbs-up".to_string(),
                serde_json::Value::Null,
                serde_json::json!(1.0)
            ),
            (
                "wrong-tool".to_string(),
                serde_json::json!("9a74459f3926f108"),
                serde_json::json!(-1.0)
            ),
        ]
    );

    insta::assert_snapshot!(env.run(&["trace", "list", "--annotation", "wrong-tool"]), @"
    0a87607ca2d6044aa146d9c4b073d4dc	2026-11-22T03:37:16.444992476Z	164708438	11	2	6	298	0.0002041	travel-app-catalyst	travel-planner.run
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run(&["span", "list", "--annotation", "wrong-tool"]), @"
    0a87607ca2d6044aa146d9c4b073d4dc	9a74459f3926f108	2026-11-22T03:37:16.445815096Z	13550350	LLM	ok	gpt-4o-mini-2024-07-18	59	0.0000159	OpenAI Chat Completions
    [exit: 0]
    ");
}

#[test]
fn annotating_what_does_not_exist_fails_with_a_hint() {
    let server = TestServer::start();
    server.ingest_fixture("catalyst");
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["trace", "annotate", "ffff", "--label", "x"]), @"
    --- stderr ---
    error: no trace matches ffff
    hint: list recent traces with `canopy trace list`
    [exit: 1]
    ");
    insta::assert_snapshot!(env.run(&["trace", "annotate", "0a87", "--span", "ffff", "--label", "x"]), @"
    --- stderr ---
    error: trace 0a87607ca2d6044aa146d9c4b073d4dc has no span matching ffff
    hint: list its spans with `canopy span list --trace-id 0a87607ca2d6044aa146d9c4b073d4dc`
    [exit: 1]
    ");
    insta::assert_snapshot!(env.run(&["trace", "annotate", "0a87", "--label", " "]), @"
    --- stderr ---
    error: invalid value ' ' for '--label <NAME>': a label has 1 to 256 characters

    For more information, try '--help'.
    [exit: 2]
    ");
    insta::assert_snapshot!(env.run(&["trace", "annotate", "0a87"]), @"
    --- stderr ---
    error: the following required arguments were not provided:
      --label <NAME>

    Usage: canopy trace annotate --label <NAME> <TRACE_ID>

    For more information, try '--help'.
    [exit: 2]
    ");
}
