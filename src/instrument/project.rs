//! Finding what to instrument: the packages of the Cargo project at a directory and their
//! binaries, the way cargo finds them, without running cargo.
//!
//! Binaries are the explicit `[[bin]]` targets plus, unless `autobins = false`, the discovered
//! ones: `src/main.rs` (named after the package), `src/bin/NAME.rs` and `src/bin/NAME/main.rs`.
//! A workspace contributes its root package (if any) and its `members` (simple `*` globs),
//! minus `exclude`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use toml_edit::{Document, Item, Table};

use super::InstrumentError;
use super::discover::{members, read_package};

/// A parsed manifest, kept with its text.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    pub doc: Document<String>,
}

impl Manifest {
    pub fn read(path: &Path) -> anyhow::Result<Manifest> {
        let text = fs_err::read_to_string(path)?;
        let doc = Document::parse(text).map_err(|e| {
            InstrumentError::refused(
                format!("{} is not valid TOML: {e}", path.display()),
                "fix it (cargo build shows the same problem), then run canopy instrument again",
            )
        })?;
        Ok(Manifest {
            path: path.to_path_buf(),
            doc,
        })
    }

    pub fn text(&self) -> &str {
        self.doc.raw()
    }

    pub(super) fn table(&self, key: &str) -> Option<&Table> {
        self.doc.get(key).and_then(Item::as_table)
    }
}

/// One binary target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    pub name: String,
    /// Its crate root (`src/main.rs`, `src/bin/tool.rs`…), absolute.
    pub path: PathBuf,
}

/// One package of the project.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// `None` means Rust 2015 (no `edition` key).
    pub edition: Option<String>,
    /// The library crate root, when there is one.
    pub lib: Option<PathBuf>,
    pub bins: Vec<Bin>,
}

/// The Cargo project at a directory.
#[derive(Debug, Clone)]
pub struct Project {
    /// The directory asked for; paths are shown relative to it.
    pub dir: PathBuf,
    /// The manifest holding `[workspace]`, when the project is part of a workspace.
    pub workspace: Option<Manifest>,
    pub packages: Vec<Package>,
}

/// A binary of a package: what one run instruments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub package: usize,
    pub bin: usize,
}

impl Project {
    /// Reads the project at `dir`; a directory without Cargo.toml is a clear error.
    pub fn load(dir: &Path) -> anyhow::Result<Project> {
        let dir = fs_err::canonicalize(dir)
            .with_context(|| format!("looking for a Cargo project in {}", dir.display()))?;
        let path = dir.join("Cargo.toml");
        if !path.is_file() {
            let hint = match dir
                .ancestors()
                .skip(1)
                .find(|d| d.join("Cargo.toml").is_file())
            {
                Some(up) => format!(
                    "the nearest Cargo.toml is in {}: pass --path {0}",
                    up.display()
                ),
                None => "run canopy instrument in a Rust project, or pass --path DIR".to_string(),
            };
            return Err(InstrumentError::usage(
                format!("no Cargo.toml in {}", dir.display()),
                hint,
            )
            .into());
        }
        let root = Manifest::read(&path)?;
        let mut packages = Vec::new();
        let workspace = if root.table("workspace").is_some() {
            if root.table("package").is_some() {
                packages.push(read_package(root.clone(), Some(&root))?);
            }
            for member in members(&dir, root.table("workspace").expect("checked"))? {
                packages.push(read_package(Manifest::read(&member)?, Some(&root))?);
            }
            Some(root)
        } else if root.table("package").is_some() {
            let workspace = find_workspace(&dir)?;
            packages.push(read_package(root, workspace.as_ref())?);
            workspace
        } else {
            return Err(InstrumentError::refused(
                format!("{} has neither [package] nor [workspace]", path.display()),
                "point --path at a package or workspace directory",
            )
            .into());
        };
        packages.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Project {
            dir,
            workspace,
            packages,
        })
    }

    pub fn package(&self, target: Target) -> &Package {
        &self.packages[target.package]
    }

    pub fn bin(&self, target: Target) -> &Bin {
        &self.packages[target.package].bins[target.bin]
    }

    /// A path as shown to the user: relative to the project directory when inside it.
    pub fn display(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.dir).unwrap_or(path);
        shown.to_string_lossy().replace('\\', "/")
    }

    /// The manifest whose `Cargo.lock` and `[workspace.dependencies]` apply to the packages.
    pub fn lock_dir(&self) -> PathBuf {
        match &self.workspace {
            Some(ws) => ws
                .path
                .parent()
                .expect("a manifest has a directory")
                .to_path_buf(),
            None => self.dir.clone(),
        }
    }

    /// The binaries `--package`/`--bin` leave to choose from, or why there are none.
    pub fn candidates(
        &self,
        package: Option<&str>,
        bin: Option<&str>,
    ) -> Result<Vec<Target>, InstrumentError> {
        let names = |it: &mut dyn Iterator<Item = String>| it.collect::<Vec<_>>().join(", ");
        let packages: Vec<usize> = match package {
            Some(p) => {
                let found: Vec<usize> = (0..self.packages.len())
                    .filter(|&i| self.packages[i].name == p)
                    .collect();
                if found.is_empty() {
                    return Err(InstrumentError::usage(
                        format!("no package named {p:?} in {}", self.dir.display()),
                        format!(
                            "packages here: {}",
                            names(&mut self.packages.iter().map(|p| p.name.clone()))
                        ),
                    ));
                }
                found
            }
            None => (0..self.packages.len()).collect(),
        };
        let all: Vec<Target> = packages
            .iter()
            .flat_map(|&p| {
                (0..self.packages[p].bins.len()).map(move |b| Target { package: p, bin: b })
            })
            .collect();
        let chosen: Vec<Target> = all
            .iter()
            .copied()
            .filter(|&t| bin.is_none_or(|b| self.bin(t).name == b))
            .collect();
        if all.is_empty() {
            let what = match package {
                Some(p) => format!("package {p:?} has no binary"),
                None => format!("{} has no binary", self.dir.display()),
            };
            return Err(InstrumentError::refused(
                format!("{what} to instrument"),
                "canopy instrument patches a program's main; point it at a package with \
                 src/main.rs, src/bin/*.rs or a [[bin]] target",
            ));
        }
        if chosen.is_empty() {
            return Err(InstrumentError::usage(
                format!("no binary named {:?}", bin.unwrap_or_default()),
                format!(
                    "binaries here: {}",
                    names(&mut all.iter().map(|&t| self.bin(t).name.clone()))
                ),
            ));
        }
        Ok(chosen)
    }

    /// `--package a --bin tool  (crates/a/src/bin/tool.rs)`: how a candidate is shown.
    pub fn label(&self, target: Target) -> String {
        let bin = self.bin(target);
        format!(
            "--package {} --bin {}  ({})",
            self.package(target).name,
            bin.name,
            self.display(&bin.path)
        )
    }
}

/// The workspace a package directory belongs to: the nearest ancestor manifest with `[workspace]`.
fn find_workspace(dir: &Path) -> anyhow::Result<Option<Manifest>> {
    for up in dir.ancestors().skip(1) {
        let path = up.join("Cargo.toml");
        if path.is_file() {
            let manifest = Manifest::read(&path)?;
            if manifest.table("workspace").is_some() {
                return Ok(Some(manifest));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
#[path = "project_tests.rs"]
mod tests;
