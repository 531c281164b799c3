//! `canopy completions` and the checked-in scripts in `completions/`.

use crate::common::TestEnv;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "canopy.bash"),
    ("zsh", "_canopy"),
    ("fish", "canopy.fish"),
    ("powershell", "_canopy.ps1"),
    ("elvish", "canopy.elv"),
];

#[test]
fn checked_in_completions_are_fresh() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in SHELLS {
        let out = env.cmd().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "completions {shell} failed");
        let checked_in = fs_err::read(dir.join(file)).unwrap_or_default();
        assert!(
            checked_in == out.stdout,
            "completions/{file} is stale; regenerate all of them with:\n  \
             for s in bash:canopy.bash zsh:_canopy fish:canopy.fish powershell:_canopy.ps1 elvish:canopy.elv; \
             do cargo run -q -- completions ${{s%%:*}} > completions/${{s#*:}}; done"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let env = TestEnv::new("http://127.0.0.1:9");
    let out = env.run(&["completions", "tcsh"]);
    assert!(out.ends_with("[exit: 2]"), "{out}");
    assert!(out.contains("possible values: bash"), "{out}");
}
