//! Finding packages and binaries the way cargo does.

use super::*;
use crate::instrument::discover::wildcard;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        fs_err::create_dir_all(path.parent().unwrap()).unwrap();
        fs_err::write(path, text).unwrap();
    }
}

#[test]
fn wildcards() {
    assert!(wildcard("*", "abc"));
    assert!(wildcard("crate-?", "crate-a"));
    assert!(!wildcard("crate-?", "crate-ab"));
    assert!(wildcard("a*c", "abbbc"));
}

#[test]
fn binaries_are_discovered_like_cargo_does() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"app\"\nedition = \"2021\"\n\n[[bin]]\nname = \"extra\"\npath = \"tools/extra.rs\"\n",
            ),
            ("src/main.rs", "fn main() {}\n"),
            ("src/lib.rs", ""),
            ("src/bin/one.rs", "fn main() {}\n"),
            ("src/bin/two/main.rs", "fn main() {}\n"),
            ("src/bin/two/helper.rs", ""),
            ("tools/extra.rs", "fn main() {}\n"),
        ],
    );
    let project = Project::load(dir.path()).unwrap();
    let pkg = &project.packages[0];
    assert_eq!(pkg.edition.as_deref(), Some("2021"));
    assert!(pkg.lib.is_some());
    let bins: Vec<(String, String)> = pkg
        .bins
        .iter()
        .map(|b| (b.name.clone(), project.display(&b.path)))
        .collect();
    assert_eq!(
        bins,
        [
            ("app".into(), "src/main.rs".into()),
            ("extra".into(), "tools/extra.rs".into()),
            ("one".into(), "src/bin/one.rs".into()),
            ("two".into(), "src/bin/two/main.rs".into()),
        ]
    );
    let err = project.candidates(None, Some("nope")).unwrap_err();
    assert_eq!(err.hint.unwrap(), "binaries here: app, extra, one, two");
    assert_eq!(project.candidates(None, Some("one")).unwrap().len(), 1);
}

#[test]
fn workspaces_list_members_and_missing_manifests_say_where_to_look() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/old\"]\n\n[workspace.package]\nedition = \"2021\"\n",
            ),
            (
                "crates/a/Cargo.toml",
                "[package]\nname = \"a\"\nedition.workspace = true\n",
            ),
            ("crates/a/src/main.rs", "fn main() {}\n"),
            ("crates/b/Cargo.toml", "[package]\nname = \"b\"\n"),
            ("crates/b/src/lib.rs", ""),
            ("crates/old/Cargo.toml", "[package]\nname = \"old\"\n"),
        ],
    );
    let project = Project::load(dir.path()).unwrap();
    let names: Vec<&str> = project.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(project.packages[0].edition.as_deref(), Some("2021"));
    assert_eq!(project.packages[1].edition, None);
    let only = project.candidates(None, None).unwrap();
    assert_eq!(
        project.label(only[0]),
        "--package a --bin a  (crates/a/src/main.rs)"
    );
    let err = project.candidates(Some("b"), None).unwrap_err();
    assert!(err.message.contains("has no binary"), "{err:?}");

    let member = Project::load(&dir.path().join("crates/a")).unwrap();
    assert!(member.workspace.is_some());

    let err = Project::load(&dir.path().join("crates/a/src")).unwrap_err();
    let err = err.downcast::<InstrumentError>().unwrap();
    assert!(err.message.starts_with("no Cargo.toml in"), "{err:?}");
    assert!(err.hint.unwrap().contains("crates/a: pass --path"));
}
