//! Running cargo on the instrumented project: `--check` (does it still build?), `--verify`
//! (build the program to run it), and the resolved features of opentelemetry-otlp, which show a
//! client-switching feature that a crate outside the workspace turned on.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context as _;

use super::versions;

/// The cargo to run: `$CARGO` when cargo started us, else `cargo` from `PATH`.
fn program() -> OsString {
    std::env::var_os(super::CARGO).unwrap_or_else(|| "cargo".into())
}

/// One binary of one package, as cargo's flags name it.
#[derive(Debug, Clone, Copy)]
pub struct BinRef<'a> {
    pub manifest: &'a Path,
    pub package: &'a str,
    pub bin: &'a str,
}

impl BinRef<'_> {
    fn command(&self, subcommand: &str) -> Command {
        let mut cmd = Command::new(program());
        cmd.arg(subcommand)
            .arg("--manifest-path")
            .arg(self.manifest)
            .args(["--package", self.package, "--bin", self.bin])
            .stdin(Stdio::null());
        cmd
    }
}

/// `cargo check` of the binary: `Ok(Err(output))` when it does not build.
pub fn check(target: BinRef<'_>) -> anyhow::Result<Result<(), String>> {
    let out = target
        .command("check")
        .args(["--quiet", "--message-format", "short"])
        .output()
        .context("running cargo check")?;
    if out.status.success() {
        Ok(Ok(()))
    } else {
        Ok(Err(String::from_utf8_lossy(&out.stderr).into_owned()))
    }
}

/// `cargo build` of the binary; the executable's path, or `Ok(Err(output))` when it fails.
pub fn build(target: BinRef<'_>) -> anyhow::Result<Result<PathBuf, String>> {
    let out = target
        .command("build")
        .args(["--quiet", "--message-format", "json-render-diagnostics"])
        .output()
        .context("running cargo build")?;
    if !out.status.success() {
        return Ok(Err(String::from_utf8_lossy(&out.stderr).into_owned()));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let exe = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == target.bin)
        .filter(|m| {
            m["target"]["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "bin"))
        })
        .find_map(|m| m["executable"].as_str().map(PathBuf::from));
    exe.map(Ok)
        .context("cargo build reported no executable for the binary")
}

/// Client-switching features of opentelemetry-otlp in the resolved dependency graph (empty when
/// cargo cannot tell, for example offline without a lock file).
pub fn resolved_switches(manifest: &Path) -> Vec<String> {
    let Some(otlp) = versions::get("opentelemetry-otlp") else {
        return Vec::new();
    };
    let out = Command::new(program())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(manifest)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let Ok(out) = out else {
        return Vec::new();
    };
    if !out.status.success() {
        return Vec::new();
    }
    let Ok(meta) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
        return Vec::new();
    };
    let ids: Vec<&str> = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["name"] == otlp.name.as_str())
        .filter_map(|p| p["id"].as_str())
        .collect();
    let mut found: Vec<String> = meta["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["id"].as_str().is_some_and(|id| ids.contains(&id)))
        .flat_map(|n| n["features"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| f.as_str().map(str::to_string))
        .filter(|f| otlp.switches.contains(f))
        .collect();
    found.sort();
    found.dedup();
    found
}
