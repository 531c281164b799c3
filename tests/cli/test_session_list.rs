//! `canopy session list` and `canopy session get`.

use crate::common::{TestEnv, TestServer, fixtures};

fn server_with_fixtures() -> TestServer {
    let server = TestServer::start();
    for sdk in fixtures::SDKS {
        server.ingest_fixture(sdk);
    }
    server
}

#[test]
fn sessions_piped_and_on_a_terminal() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["session", "list"]), @"
    sess-agensight-0001	2026-11-22T03:37:36.149105089Z	2026-11-22T03:37:36.300280317Z	2	3	4	194	0.0001598		PlannerAgent,WeatherResearcher,RefundAgent
    sess-cascade-0001	2026-11-22T03:37:30.039732140Z	2026-11-22T03:37:30.155497512Z	2	4	5	253	0.0001775	user-42	PlannerAgent,WeatherResearcher,RefundAgent
    sess-genai-0001	2026-11-22T03:37:24.140802620Z	2026-11-22T03:37:24.255660093Z	2	4	4	182	0.0000496	user-42	travel-planner,weather-researcher,refund-agent
    sess-oi-0001	2026-11-22T03:37:20.097100828Z	2026-11-22T03:37:20.359349066Z	2	3	6	233	0.0000957	user-42	travel-planner,weather-researcher,refund-agent
    sess-catalyst-0001	2026-11-22T03:37:16.444992476Z	2026-11-22T03:37:16.609775244Z	2	4	6	298	0.0002041	user-42	travel-planner,weather-researcher,refund-agent
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run_tty(100, &["session", "list", "--limit", "3"]), @"
    SESSION              TRACES  LAST     USER     AGENTS               ERRORS  LLM  TOKENS         COST
    sess-agensight-0001       2  22m ago  -        PlannerAgent, Weat…       3    4     194    ~$0.00016
    sess-cascade-0001         2  22m ago  user-42  PlannerAgent, Weat…       4    5     253   ~$0.000178
    sess-genai-0001           2  22m ago  user-42  travel-planner, we…       4    4     182  ~$0.0000496
    --- stderr ---
    hint: more sessions: pass --cursor 1795318644255660093.736573732d67656e61692d30303031
    [exit: 0]
    ");
}

#[test]
fn one_session_shows_its_turns_in_order() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run_tty(100, &["session", "get", "sess-catalyst-0001"]), @"
    session sess-catalyst-0001
    2 turns · 6 LLM calls · 298 tokens · ~$0.000204 · 4 errors
    user user-42
    agents travel-planner, weather-researcher, refund-agent

    #  TRACE         ROOT                STARTED  DURATION  ERRORS  LLM  TOKENS        COST
    1  0a87607ca2d6  travel-planner.run  22m ago     165ms       2    6     298  ~$0.000204
    2  94efd462b6d7  refund-agent.run    22m ago     790µs       2    0       -           -
    [exit: 0]
    ");
    insta::assert_snapshot!(env.run(&["session", "get", "sess-catalyst-0001"]), @"
    1	0a87607ca2d6044aa146d9c4b073d4dc	2026-11-22T03:37:16.444992476Z	164708438	2	6	298	0.0002041	travel-planner.run
    2	94efd462b6d78f065dfc2e1eeb487b34	2026-11-22T03:37:16.609775244Z	790340	2	0	0		refund-agent.run
    [exit: 0]
    ");
    let out = env
        .cmd()
        .args(["session", "get", "sess-catalyst-0001", "--json"])
        .output()
        .unwrap();
    let session: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(session["session"]["trace_count"], 2);
    assert_eq!(session["traces"][0]["root_name"], "travel-planner.run");
}

#[test]
fn a_missing_session_exits_1_with_a_hint() {
    let server = server_with_fixtures();
    let env = TestEnv::for_server(&server);
    insta::assert_snapshot!(env.run(&["session", "get", "no such/session"]), @r#"
    --- stderr ---
    error: no session "no such/session"
    hint: list sessions with `canopy session list`
    [exit: 1]
    "#);
}
