//! Is the project's git tree clean? Instrument refuses to change a dirty one (unless told), so
//! that its change can be reviewed and reverted on its own. A directory outside any repository,
//! or a machine without git, counts as clean: there is nothing to protect.

use std::path::Path;
use std::process::{Command, Stdio};

/// The paths `git status` reports as changed or untracked under `dir` (empty when clean).
pub fn dirty_paths(dir: &Path) -> Vec<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "status",
            "--porcelain",
            "--untracked-files=normal",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.get(3..))
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}
