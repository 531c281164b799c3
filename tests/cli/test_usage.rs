//! `canopy usage`.

use crate::common::{TestEnv, TestServer, fixtures};

fn server_with_fixtures() -> TestServer {
    let server = TestServer::start();
    for sdk in fixtures::SDKS {
        server.ingest_fixture(sdk);
    }
    server
}

#[test]
fn by_model_on_a_terminal_and_piped() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(100, &["usage", "--by", "model"]), @"
    MODEL                      CALLS  INPUT  OUTPUT  CACHE READ  CACHE WRITE  TOTAL         COST
    claude-3-5-haiku-20241022      2    110      42          10            -    152   ~$0.000256
    gpt-4o-mini-2024-07-18         8    336     136          48            -    472   ~$0.000128
    claude-3-5-haiku-latest        1     60      21           5            -     81   ~$0.000128
    gpt-4o-mini                    6    252     102          16            -    354  ~$0.0000978
    gpt-4.1-mini                   2     60      20           -            -     80   ~$0.000056
    llama3.1:8b                    1     12       4           -            -     16     $0.00002
    text-embedding-3-small         0      5       -           -            -      5  ~$0.0000001
    fail-model                     5      -       -           -            -      -            -
    TOTAL                         25    835     325          79            -   1.2k   ~$0.000687
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run(&["usage", "--by", "provider"]), @"
    anthropic	3	170	63	15	0	233	0.0003844
    openai	21	653	258	64	0	911	0.0002823
    ollama	1	12	4	0	0	16	0.00002
    [exit: 0]
    ");
}

/// Groups add up to the sum of the trace totals, whatever they group by.
#[test]
fn every_grouping_adds_up_to_the_trace_totals() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    let out = env
        .cmd()
        .args([
            "trace",
            "list",
            "--json",
            "input_tokens,output_tokens,llm_count",
        ])
        .output()
        .unwrap();
    let traces: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let sum = |rows: &[serde_json::Value], k: &str| {
        rows.iter().map(|r| r[k].as_u64().unwrap()).sum::<u64>()
    };
    let want = (
        sum(&traces, "input_tokens"),
        sum(&traces, "output_tokens"),
        sum(&traces, "llm_count"),
    );
    // The per-fixture totals pinned in test_ingest: catalyst 216/82/6, openinference 168/65/6,
    // genai 131/51/4, cascade 181/72/5, agensight 139/55/4.
    assert_eq!(
        want,
        (
            216 + 168 + 131 + 181 + 139,
            82 + 65 + 51 + 72 + 55,
            6 + 6 + 4 + 5 + 4
        ),
        "the trace totals"
    );
    for by in ["model", "provider", "agent", "service", "session", "day"] {
        let out = env
            .cmd()
            .args(["usage", "--by", by, "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            rows.iter().all(|r| r.get(by).is_some()),
            "--by {by}: key under its name"
        );
        assert_eq!(
            (
                sum(&rows, "input_tokens"),
                sum(&rows, "output_tokens"),
                sum(&rows, "llm_count")
            ),
            want,
            "--by {by}"
        );
    }
}

#[test]
fn filters_select_the_calls() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["usage", "--by", "agent", "--service", "travel-app-catalyst"]), @"
    weather-researcher	1	60	21	5	0	81	0.0001284
    travel-planner	5	156	61	24	0	217	0.0000757
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run(&["usage", "--by", "week"]), @"
    --- stderr ---
    error: invalid value 'week' for '--by <KEY>'
      [possible values: model, provider, agent, service, session, day]

    For more information, try '--help'.
    [exit: 2]
    ");
}
