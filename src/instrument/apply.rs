//! Writing a plan: every new content is staged in a temporary file next to its target and
//! synced, then the targets are replaced by renames in the plan's order. A failure while staging
//! changes nothing; the renames come last and each one is atomic, and the plan's order keeps
//! every intermediate state buildable (see [`super::Plan`]).
//!
//! Before anything is staged, each target must still hold what the plan was computed from, so a
//! file changed while the user read the diff is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{FileEdit, InstrumentError, Plan};

/// The plan that undoes `plan` exactly, in the reverse order.
pub fn inverse(plan: &Plan) -> Plan {
    Plan {
        edits: plan
            .edits
            .iter()
            .rev()
            .map(|e| FileEdit {
                path: e.path.clone(),
                display: e.display.clone(),
                before: e.after.clone(),
                after: e.before.clone(),
            })
            .collect(),
        warnings: Vec::new(),
        summary: Vec::new(),
    }
}

fn current(path: &Path) -> anyhow::Result<Option<String>> {
    match fs_err::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Writes the plan to disk.
pub fn apply(plan: &Plan) -> anyhow::Result<()> {
    for edit in &plan.edits {
        if current(&edit.path)? != edit.before {
            return Err(InstrumentError::refused(
                format!(
                    "{} changed while canopy was working; nothing was written",
                    edit.display
                ),
                "run canopy instrument again",
            )
            .into());
        }
    }
    let mut staged: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let result = stage_all(plan, &mut staged);
    if let Err(err) = result {
        for (_, tmp) in &staged {
            if let Some(tmp) = tmp {
                let _ = fs_err::remove_file(tmp);
            }
        }
        return Err(err);
    }
    for (edit, (target, tmp)) in plan.edits.iter().zip(&staged) {
        match tmp {
            Some(tmp) => fs_err::rename(tmp, target)
                .with_context(|| format!("replacing {}", edit.display))?,
            None => {
                fs_err::remove_file(target)
                    .with_context(|| format!("deleting {}", edit.display))?;
                // A module directory instrument created (src/bin/telemetry/) goes with its file.
                if target.file_name().is_some_and(|n| n == "mod.rs")
                    && let Some(dir) = target.parent()
                {
                    let _ = fs_err::remove_dir(dir);
                }
            }
        }
        if let Some(dir) = target.parent() {
            sync_dir(dir);
        }
    }
    Ok(())
}

fn stage_all(plan: &Plan, staged: &mut Vec<(PathBuf, Option<PathBuf>)>) -> anyhow::Result<()> {
    for edit in &plan.edits {
        // Write through symlinks: the link stays, its target changes.
        let target = match fs_err::canonicalize(&edit.path) {
            Ok(real) => real,
            Err(_) => edit.path.clone(),
        };
        let Some(after) = &edit.after else {
            staged.push((target, None));
            continue;
        };
        let dir = target.parent().context("a file has a directory")?;
        fs_err::create_dir_all(dir)?;
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let tmp = dir.join(format!(".{name}.canopy-{}.tmp", std::process::id()));
        staged.push((target.clone(), Some(tmp.clone())));
        let mut file = fs_err::File::create(&tmp)?;
        file.write_all(after.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = fs_err::metadata(&target) {
            fs_err::set_permissions(&tmp, meta.permissions())?;
        }
    }
    Ok(())
}

/// Makes a rename durable. Best effort: not every platform can open a directory.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs_err::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(path: PathBuf, before: Option<&str>, after: Option<&str>) -> FileEdit {
        FileEdit {
            display: path.file_name().unwrap().to_string_lossy().into_owned(),
            path,
            before: before.map(str::to_string),
            after: after.map(str::to_string),
        }
    }

    #[test]
    fn applies_creates_deletes_and_inverts_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        fs_err::write(&a, "one\r\n").unwrap();
        let module = dir.path().join("bin/telemetry/mod.rs");
        let plan = Plan {
            edits: vec![
                edit(a.clone(), Some("one\r\n"), Some("one\r\ntwo\r\n")),
                edit(module.clone(), None, Some("mod")),
            ],
            ..Plan::default()
        };
        apply(&plan).unwrap();
        assert_eq!(fs_err::read_to_string(&a).unwrap(), "one\r\ntwo\r\n");
        assert_eq!(fs_err::read_to_string(&module).unwrap(), "mod");
        apply(&inverse(&plan)).unwrap();
        assert_eq!(fs_err::read_to_string(&a).unwrap(), "one\r\n");
        assert!(!module.parent().unwrap().exists());
        let leftovers: Vec<_> = fs_err::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            2,
            "only a.txt and bin/ remain: {leftovers:?}"
        );
    }

    #[test]
    fn a_file_changed_since_planning_stops_everything() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        fs_err::write(&a, "x").unwrap();
        fs_err::write(&b, "changed").unwrap();
        let plan = Plan {
            edits: vec![
                edit(a.clone(), Some("x"), Some("y")),
                edit(b.clone(), Some("b"), Some("c")),
            ],
            ..Plan::default()
        };
        let err = apply(&plan).unwrap_err();
        assert!(err.to_string().contains("b.txt changed"), "{err}");
        assert_eq!(fs_err::read_to_string(&a).unwrap(), "x");
    }
}
