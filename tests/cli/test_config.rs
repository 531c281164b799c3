//! `canopy config` and what the config file changes: profiles, defaults for list commands,
//! and tokens that never reach the screen.

use std::path::PathBuf;

use canopy::secret::Secret;
use canopy::server::{Auth, Config};

use crate::common::{CommandOutput, TestEnv, TestServer, test_config};

const TOKEN: &str = "pr0file-t0ken-93b1";

/// An environment whose endpoint comes from the config file, not CANOPY_ENDPOINT.
struct ConfigEnv {
    env: TestEnv,
}

impl ConfigEnv {
    fn new() -> ConfigEnv {
        ConfigEnv {
            env: TestEnv::new("http://unused.invalid"),
        }
    }

    fn path(&self) -> PathBuf {
        self.env.home.path().join("config/canopy/config.toml")
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.env.cmd();
        cmd.env_remove("CANOPY_ENDPOINT");
        cmd
    }

    /// stdout, stderr and exit code, with the temporary home shown as `~`.
    fn run(&self, args: &[&str]) -> String {
        self.run_with(args, &[], "")
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: &str) -> String {
        self.output(args, env, stdin)
            .to_string()
            .replace(&self.env.home.path().display().to_string(), "~")
    }

    fn output(&self, args: &[&str], env: &[(&str, &str)], stdin: &str) -> CommandOutput {
        let mut cmd = self.cmd();
        cmd.args(args).write_stdin(stdin);
        for (k, v) in env {
            cmd.env(k, v);
        }
        CommandOutput::from(cmd.output().unwrap())
    }

    /// How many traces `canopy ARGS --json` lists, or its failure.
    fn count(&self, args: &[&str], env: &[(&str, &str)]) -> Result<usize, String> {
        let args = [args, &["--json"]].concat();
        let out = self.output(&args, env, "");
        match out.code {
            0 => Ok(serde_json::from_str::<Vec<serde_json::Value>>(&out.stdout)
                .unwrap()
                .len()),
            _ => Err(out.to_string()),
        }
    }
}

fn token_server() -> TestServer {
    TestServer::start_with_config(Config {
        auth: Auth::new(Some(Secret::new(TOKEN).unwrap()), None, None),
        ..test_config()
    })
}

#[test]
fn set_get_list_and_unset_edit_one_commented_file() {
    let c = ConfigEnv::new();
    insta::assert_snapshot!(c.run(&["config", "path"]), @r"
    ~/config/canopy/config.toml
    [exit: 0]
    ");
    insta::assert_snapshot!(c.run(&["config", "set", "limit", "20"]), @"[exit: 0]");
    insta::assert_snapshot!(c.run(&["config", "set", "range", "1h"]), @"[exit: 0]");
    insta::assert_snapshot!(c.run(&["config", "set", "profiles.prod.endpoint", "https://canopy.example.com"]), @"[exit: 0]");
    insta::assert_snapshot!(c.run(&["config", "get", "limit"]), @r"
    20
    [exit: 0]
    ");
    insta::assert_snapshot!(c.run(&["config", "list"]), @"
    limit	20
    range	1h
    profiles.prod.endpoint	https://canopy.example.com
    [exit: 0]
    ");
    insta::assert_snapshot!(c.run(&["config", "list", "--json"]), @r#"
    {"limit":20,"profiles.prod.endpoint":"https://canopy.example.com","range":"1h"}
    [exit: 0]
    "#);

    // The shipped template's comments are still there, above the values now set.
    let text = fs_err::read_to_string(c.path()).unwrap();
    assert!(text.starts_with("# canopy's config file."), "{text}");
    assert!(text.contains("\nlimit = 20\n"), "{text}");
    assert!(
        text.contains("[profiles.prod]\nendpoint = \"https://canopy.example.com\"\n"),
        "{text}"
    );

    insta::assert_snapshot!(c.run(&["config", "unset", "profiles.prod"]), @"[exit: 0]");
    insta::assert_snapshot!(c.run(&["config", "unset", "profiles.prod"]), @"
    --- stderr ---
    profiles.prod was not set
    [exit: 0]
    ");
    insta::assert_snapshot!(c.run(&["config", "get", "endpoint"]), @"
    --- stderr ---
    error: endpoint is not set in ~/config/canopy/config.toml
    hint: set it with `canopy config set endpoint VALUE`
    [exit: 1]
    ");
}

#[test]
fn values_are_checked_before_they_are_written() {
    let c = ConfigEnv::new();
    insta::assert_snapshot!(c.run(&["config", "set", "limit", "lots"]), @"
    --- stderr ---
    error: limit: expects a number of rows, not a string
    [exit: 2]
    ");
    insta::assert_snapshot!(c.run(&["config", "set", "endpoint", "ftp://x"]), @r#"
    --- stderr ---
    error: endpoint: "ftp://x" is not an http:// or https:// URL
    [exit: 2]
    "#);
    insta::assert_snapshot!(c.run(&["config", "set", "colour", "never"]), @"
    --- stderr ---
    error: unknown key `colour`; known keys: endpoint, token, color, range, limit, profile, profiles.NAME.KEY, serve.KEY, prices.MODEL.KEY
    [exit: 2]
    ");
    insta::assert_snapshot!(c.run(&["config", "set", "profiles.p.listen", "0.0.0.0:1"]), @"
    --- stderr ---
    error: unknown key `profiles.p.listen`; a profile takes endpoint, token, color, range, limit
    [exit: 2]
    ");
    assert!(!c.path().exists(), "nothing was written");
}

#[cfg(unix)]
#[test]
fn a_token_is_read_from_stdin_kept_0600_and_never_printed() {
    use std::os::unix::fs::PermissionsExt;
    let server = token_server();
    server.ingest_fixture_with_token("catalyst", TOKEN);
    let c = ConfigEnv::new();
    let url = server.url();
    c.run(&["config", "set", "profiles.team.endpoint", &url]);
    insta::assert_snapshot!(
        c.run_with(&["config", "set", "profiles.team.token"], &[], &format!("{TOKEN}\n")),
        @"[exit: 0]"
    );
    let mode = fs_err::metadata(c.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let listed = [
        c.run(&["config", "list"]),
        c.run(&["config", "list", "--json"]),
        c.run(&["--profile", "team", "config", "list", "--effective"]),
        c.run(&[
            "--profile",
            "team",
            "config",
            "list",
            "--effective",
            "--json",
        ]),
        c.run(&["config", "get", "profiles.team.token"]),
        c.run(&["--profile", "team", "--verbose", "trace", "list"]),
    ];
    for out in &listed {
        assert!(!out.contains(TOKEN), "the token leaked:\n{out}");
    }
    insta::assert_snapshot!(listed[2].replace(&url, "URL"), @"
    profile	team	--profile
    endpoint	http://127.0.0.1:PORT/	profile team
    token	<hidden>	profile team
    color	auto	default
    range	all	default
    limit	50	default
    --- stderr ---
    config file: ~/config/canopy/config.toml
    [exit: 0]
    ");
    insta::assert_snapshot!(listed[4], @"
    --- stderr ---
    profiles.team.token is set; canopy never prints tokens
    [exit: 0]
    ");

    // A token on the command line works, with a word about shell history.
    let out = c.run(&["config", "set", "profiles.other.token", "abc"]);
    insta::assert_snapshot!(out, @"
    --- stderr ---
    warning: a token on the command line stays in your shell history; next time run `canopy config set profiles.other.token` and type it
    [exit: 0]
    ");
}

#[test]
fn a_profile_is_chosen_by_flag_then_environment_then_the_file() {
    let server = token_server();
    server.ingest_fixture_with_token("catalyst", TOKEN);
    let c = ConfigEnv::new();
    let url = server.url();
    c.run(&["config", "set", "profiles.team.endpoint", &url]);
    c.run_with(&["config", "set", "profiles.team.token"], &[], TOKEN);
    c.run(&["config", "set", "profiles.team.limit", "1"]);
    // Outside the profile, the file points at a port where nothing listens.
    c.run(&["config", "set", "endpoint", "http://127.0.0.1:9"]);
    const LIST: [&str; 2] = ["trace", "list"];
    let team = ["--profile", "team", "trace", "list"];

    let unreachable = c.count(&LIST, &[]).unwrap_err();
    assert!(unreachable.ends_with("[exit: 3]"), "{unreachable}");
    assert_eq!(c.count(&team, &[]), Ok(1), "the profile's limit");
    assert_eq!(c.count(&LIST, &[("CANOPY_PROFILE", "team")]), Ok(1));
    c.run(&["config", "set", "profile", "team"]);
    assert_eq!(c.count(&LIST, &[]), Ok(1), "the file's default profile");

    // Flags beat the profile, and the environment beats it too.
    let all = c.count(&["trace", "list", "--limit", "100"], &[]).unwrap();
    assert!(all > 1, "the fixture has several traces");
    let env = c.count(&LIST, &[("CANOPY_ENDPOINT", "http://127.0.0.1:9")]);
    assert!(env.unwrap_err().ends_with("[exit: 3]"));

    insta::assert_snapshot!(
        c.run_with(&["trace", "list"], &[("CANOPY_PROFILE", "nope")], ""),
        @"
    --- stderr ---
    error: env CANOPY_PROFILE names profile `nope`, but ~/config/canopy/config.toml has no [profiles.nope]
    hint: profiles there: team; or create it with `canopy config set profiles.nope.endpoint URL`
    [exit: 2]
    "
    );
}

#[test]
fn a_broken_config_file_stops_commands_that_read_it_but_not_the_fix() {
    let c = ConfigEnv::new();
    fs_err::create_dir_all(c.path().parent().unwrap()).unwrap();
    fs_err::write(c.path(), "limit = 20\ntoken = \"abc\ntoken2 = 1\n").unwrap();
    insta::assert_snapshot!(c.run(&["trace", "list"]), @r#"
    --- stderr ---
    error: config file ~/config/canopy/config.toml: line 2, column 13: invalid basic string, expected `"`
    hint: fix it with `canopy config set KEY VALUE` or `canopy config unset KEY`, or edit the file
    [exit: 2]
    "#);
    insta::assert_snapshot!(c.run(&["config", "path"]), @"
    ~/config/canopy/config.toml
    [exit: 0]
    ");

    fs_err::write(c.path(), "limit = 0\n").unwrap();
    insta::assert_snapshot!(c.run(&["trace", "list"]), @"
    --- stderr ---
    error: config file ~/config/canopy/config.toml: limit: 0 is not between 1 and 1000
    hint: fix it with `canopy config set KEY VALUE` or `canopy config unset KEY`, or edit the file
    [exit: 2]
    ");
    insta::assert_snapshot!(c.run(&["config", "set", "limit", "10"]), @"[exit: 0]");
    c.run(&["config", "set", "endpoint", "http://127.0.0.1:9"]);
    let out = c.run(&["trace", "list"]);
    assert!(
        out.ends_with("[exit: 3]"),
        "now it reaches for the server: {out}"
    );
}

#[test]
fn canopy_config_points_at_another_file() {
    let c = ConfigEnv::new();
    let other = c.env.home.path().join("elsewhere.toml");
    let other_s = other.display().to_string();
    let env = [("CANOPY_CONFIG", other_s.as_str())];
    insta::assert_snapshot!(c.run_with(&["config", "path"], &env, ""), @"
    ~/elsewhere.toml
    [exit: 0]
    ");
    c.run_with(&["config", "set", "color", "always"], &env, "");
    assert!(other.exists());
    assert!(!c.path().exists());
    insta::assert_snapshot!(c.run_with(&["config", "list", "--effective"], &env, ""), @"
    profile	-	default
    endpoint	http://127.0.0.1:4318/	default
    token	-	default
    color	always	config file
    range	all	default
    limit	50	default
    --- stderr ---
    config file: ~/elsewhere.toml
    [exit: 0]
    ");
}
