//! The files of one crate: its root and every module file reachable through `mod name;`,
//! resolved the way rustc does (`name.rs` or `name/mod.rs`, next to a `mod.rs`-like file or in a
//! directory named after a non-`mod.rs` file, `#[path]` relative to the declaring file's
//! directory). Test-only modules are left out.

use std::path::{Path, PathBuf};

/// The crate's files, root first, each with its text.
pub fn crate_files(root: &Path) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let mut out: Vec<(PathBuf, String)> = Vec::new();
    let mut queue = vec![(root.to_path_buf(), true)];
    while let Some((path, mod_rs)) = queue.pop() {
        if out.iter().any(|(p, _)| *p == path) {
            continue;
        }
        let text = fs_err::read_to_string(&path)?;
        // A file that does not parse is found again, with a message, when it is edited; here it
        // only contributes no further modules.
        if let Ok(file) = super::source::parse(&text, &path.to_string_lossy()) {
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            let base = if mod_rs {
                dir.clone()
            } else {
                dir.join(path.file_stem().unwrap_or_default())
            };
            declared(&file.items, &dir, &base, &mut queue);
        }
        out.push((path, text));
    }
    Ok(out)
}

fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        matches!(&a.meta, syn::Meta::List(l) if l.path.is_ident("cfg") && l.tokens.to_string().trim() == "test")
    })
}

/// Queues the files of the `mod` declarations in `items`; `dir` is the declaring file's directory
/// (for `#[path]`), `base` where its child modules live.
fn declared(items: &[syn::Item], dir: &Path, base: &Path, queue: &mut Vec<(PathBuf, bool)>) {
    for item in items {
        let syn::Item::Mod(m) = item else {
            continue;
        };
        if is_test_only(&m.attrs) {
            continue;
        }
        let name = m.ident.to_string();
        match &m.content {
            Some((_, inner)) => {
                let nested = base.join(&name);
                declared(inner, &nested, &nested, queue);
            }
            None => {
                if let Some(p) = path_attr(&m.attrs) {
                    let path = dir.join(p);
                    let mod_rs = path.file_name().is_some_and(|n| n == "mod.rs");
                    queue.push((path, mod_rs));
                } else if base.join(format!("{name}.rs")).is_file() {
                    queue.push((base.join(format!("{name}.rs")), false));
                } else if base.join(&name).join("mod.rs").is_file() {
                    queue.push((base.join(&name).join("mod.rs"), true));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_modules_like_rustc() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            (
                "src/main.rs",
                "mod a;\nmod b;\nmod inline { mod c; }\n#[path = \"elsewhere/d.rs\"]\nmod d;\n#[cfg(test)]\nmod tests;\n",
            ),
            ("src/a.rs", "mod nested;\n"),
            ("src/a/nested.rs", ""),
            ("src/b/mod.rs", "mod e;\n"),
            ("src/b/e.rs", ""),
            ("src/inline/c.rs", ""),
            ("src/elsewhere/d.rs", ""),
            ("src/tests.rs", ""),
        ];
        for (path, text) in files {
            let path = dir.path().join(path);
            fs_err::create_dir_all(path.parent().unwrap()).unwrap();
            fs_err::write(path, text).unwrap();
        }
        let mut found: Vec<String> = crate_files(&dir.path().join("src/main.rs"))
            .unwrap()
            .into_iter()
            .map(|(p, _)| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(found.remove(0), "src/main.rs");
        found.sort();
        assert_eq!(
            found,
            [
                "src/a.rs",
                "src/a/nested.rs",
                "src/b/e.rs",
                "src/b/mod.rs",
                "src/elsewhere/d.rs",
                "src/inline/c.rs"
            ]
        );
    }
}
