//! Discovery details: workspace members from their globs, and a package's targets the way cargo
//! infers them (explicit `[[bin]]`, then `src/main.rs`, `src/bin/NAME.rs`, `src/bin/NAME/main.rs`
//! unless `autobins = false`; the library at `[lib] path` or `src/lib.rs`).

use std::path::{Path, PathBuf};

use toml_edit::{Item, Table};

use super::InstrumentError;
use super::project::{Bin, Manifest, Package};

fn str_array(table: &Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The member manifests of a workspace, from its `members` globs minus `exclude`.
pub(super) fn members(root: &Path, workspace: &Table) -> anyhow::Result<Vec<PathBuf>> {
    let exclude: Vec<PathBuf> = str_array(workspace, "exclude")
        .iter()
        .map(|e| root.join(e))
        .collect();
    let mut out = Vec::new();
    for pattern in str_array(workspace, "members") {
        for dir in expand(root, &pattern)? {
            let manifest = dir.join("Cargo.toml");
            // The root manifest is read as the root package, not again as a member.
            let is_root = dir == root || pattern == ".";
            if manifest.is_file() && !is_root && !exclude.contains(&dir) && !out.contains(&manifest)
            {
                out.push(manifest);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Directories matching a members pattern; `*` and `?` work within one path component.
fn expand(root: &Path, pattern: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut dirs = vec![root.to_path_buf()];
    for part in pattern.split('/').filter(|p| !p.is_empty() && *p != ".") {
        let mut next = Vec::new();
        for dir in &dirs {
            if !part.contains(['*', '?']) {
                next.push(dir.join(part));
                continue;
            }
            let Ok(entries) = fs_err::read_dir(dir) else {
                continue;
            };
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() && wildcard(part, &name) {
                    next.push(entry.path());
                }
            }
        }
        dirs = next;
    }
    dirs.sort();
    Ok(dirs)
}

/// Matches `*` (any run) and `?` (one character).
pub(super) fn wildcard(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some(('*', rest)) => (0..=n.len()).any(|i| go(rest, &n[i..])),
            Some(('?', rest)) => !n.is_empty() && go(rest, &n[1..]),
            Some((c, rest)) => n.first() == Some(c) && go(rest, &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}

pub(super) fn read_package(
    manifest: Manifest,
    workspace: Option<&Manifest>,
) -> anyhow::Result<Package> {
    let dir = manifest
        .path
        .parent()
        .expect("a manifest has a directory")
        .to_path_buf();
    let package = manifest.table("package").expect("checked by the caller");
    let name = package
        .get("name")
        .and_then(Item::as_str)
        .ok_or_else(|| {
            InstrumentError::refused(
                format!("{} has no package name", manifest.path.display()),
                "cargo needs [package] name = \"…\"",
            )
        })?
        .to_string();
    let inherited = |key: &str| {
        workspace
            .and_then(|ws| ws.table("workspace"))
            .and_then(|w| w.get("package"))
            .and_then(|p| p.get(key))
            .and_then(Item::as_str)
            .map(str::to_string)
    };
    let edition = match package.get("edition") {
        Some(item) if item.as_str().is_some() => item.as_str().map(str::to_string),
        Some(_) => inherited("edition"),
        None => None,
    };
    let lib = match manifest
        .table("lib")
        .and_then(|l| l.get("path"))
        .and_then(Item::as_str)
    {
        Some(path) => Some(dir.join(path)),
        None => Some(dir.join("src/lib.rs")).filter(|p| p.is_file()),
    };
    let bins = binaries(&dir, &name, &manifest, package);
    Ok(Package {
        name,
        dir,
        manifest,
        edition,
        lib,
        bins,
    })
}

fn binaries(dir: &Path, package_name: &str, manifest: &Manifest, package: &Table) -> Vec<Bin> {
    let mut bins: Vec<Bin> = Vec::new();
    if let Some(explicit) = manifest.doc.get("bin").and_then(Item::as_array_of_tables) {
        for t in explicit.iter() {
            let Some(name) = t.get("name").and_then(Item::as_str) else {
                continue;
            };
            let path = match t.get("path").and_then(Item::as_str) {
                Some(p) => dir.join(p),
                None => [
                    Some(dir.join("src/main.rs")).filter(|_| name == package_name),
                    Some(dir.join(format!("src/bin/{name}.rs"))),
                    Some(dir.join(format!("src/bin/{name}/main.rs"))),
                ]
                .into_iter()
                .flatten()
                .find(|p| p.is_file())
                .unwrap_or_else(|| dir.join(format!("src/bin/{name}.rs"))),
            };
            bins.push(Bin {
                name: name.to_string(),
                path,
            });
        }
    }
    if package.get("autobins").and_then(Item::as_bool) != Some(false) {
        let mut found = Vec::new();
        let main = dir.join("src/main.rs");
        if main.is_file() {
            found.push(Bin {
                name: package_name.to_string(),
                path: main,
            });
        }
        if let Ok(entries) = fs_err::read_dir(dir.join("src/bin")) {
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_file() && name.ends_with(".rs") {
                    found.push(Bin {
                        name: name.trim_end_matches(".rs").to_string(),
                        path,
                    });
                } else if path.join("main.rs").is_file() {
                    found.push(Bin {
                        name,
                        path: path.join("main.rs"),
                    });
                }
            }
        }
        for bin in found {
            if !bins
                .iter()
                .any(|b| b.name == bin.name || b.path == bin.path)
            {
                bins.push(bin);
            }
        }
    }
    bins.sort_by(|a, b| a.name.cmp(&b.name));
    bins
}
