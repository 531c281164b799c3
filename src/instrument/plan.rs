//! Deciding every change of one run, as data: [`plan_instrument`] and [`plan_undo`] read the
//! project and return the [`Plan`] (or why there is nothing to do, or why canopy refuses); they
//! write nothing.

use std::path::{Path, PathBuf};

use super::project::{Package, Project, Target};
use super::source::{self, Init};
use super::text::{self, Insertion};
use super::{FileEdit, InstrumentError, MODULE, Plan, TEMPLATE, manifest, modtree, subscriber};

/// What a run would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Changes(Plan),
    /// Nothing to change, and why (already instrumented, nothing to undo).
    Nothing(String),
}

/// Where the module goes for a crate root: next to it, except that for a binary in `src/bin/`
/// it is a directory (`src/bin/telemetry/mod.rs`), which cargo does not take for a binary.
pub fn module_path(package: &Package, root: &Path) -> PathBuf {
    let dir = root.parent().unwrap_or(Path::new("."));
    if dir == package.dir.join("src").join("bin") {
        dir.join(MODULE).join("mod.rs")
    } else {
        dir.join(format!("{MODULE}.rs"))
    }
}

/// The other file `mod telemetry;` could resolve to (rustc refuses when both exist).
fn other_module_path(module: &Path) -> PathBuf {
    if module.ends_with("mod.rs") {
        module.parent().expect("in a dir").with_extension("rs")
    } else {
        module.with_extension("").join("mod.rs")
    }
}

fn read(path: &Path) -> anyhow::Result<String> {
    Ok(fs_err::read_to_string(path)?)
}

/// The module's text in the line ending of the crate root it belongs to.
fn template(eol: &str) -> String {
    TEMPLATE.replace('\n', eol)
}

/// True when `text` is the module as instrument writes it (in either line ending).
fn is_template(text: &str) -> bool {
    text == TEMPLATE || text == template("\r\n")
}

/// Plans instrumenting one binary.
pub fn plan_instrument(project: &Project, target: Target) -> anyhow::Result<Outcome> {
    let package = project.package(target);
    let bin = project.bin(target);
    let show = |p: &Path| project.display(p);
    if matches!(package.edition.as_deref(), None | Some("2015")) {
        return Err(InstrumentError::refused(
            format!(
                "{} is a Rust 2015 package (no `edition` in its Cargo.toml); the telemetry module \
                 needs Rust 2018 or later",
                package.name
            ),
            "set `edition = \"2021\"` in [package] (`cargo fix --edition` helps), then run again",
        )
        .into());
    }
    let root_text = read(&bin.path)?;
    let root_show = show(&bin.path);
    if source::is_instrumented(&root_text) {
        return Ok(Outcome::Nothing(format!(
            "already instrumented: {root_show} starts OpenTelemetry export in main; nothing to do"
        )));
    }
    if text::remove_marked_lines(&root_text, &source::line_snippets()) != root_text {
        return Err(InstrumentError::refused(
            format!("{root_show} is partly instrumented (an earlier run was interrupted?)"),
            "run `canopy instrument --undo` first, then run canopy instrument again",
        )
        .into());
    }

    let mut plan = Plan::default();
    let manifest_show = show(&package.manifest.path);
    let deps = manifest::plan_dependencies(
        &package.manifest,
        &manifest_show,
        project.workspace.as_ref(),
    )?;
    plan.warnings.extend(deps.warnings);
    let mut manifests: Vec<&super::project::Manifest> =
        project.packages.iter().map(|p| &p.manifest).collect();
    manifests.extend(project.workspace.as_ref());
    for m in manifests {
        for w in manifest::switch_warnings(m, &show(&m.path)) {
            if !plan.warnings.contains(&w) {
                plan.warnings.push(w);
            }
        }
    }
    if let Some(after) = deps.after {
        plan.summary.push(format!(
            "{manifest_show}: added {} (the pinned OpenTelemetry set)",
            deps.added.join(", ")
        ));
        plan.edits.push(FileEdit {
            path: package.manifest.path.clone(),
            display: manifest_show,
            before: Some(package.manifest.text().to_string()),
            after: Some(after),
        });
    }

    let module = module_path(package, &bin.path);
    let other = other_module_path(&module);
    if other.exists() {
        return Err(module_taken(&show(&other)).into());
    }
    if module.exists() {
        if !is_template(&read(&module)?) {
            return Err(module_taken(&show(&module)).into());
        }
    } else {
        plan.summary.push(format!(
            "{}: new module: init, a guard that flushes on drop, AGENT/TOOL/CHAIN/LLM span helpers",
            show(&module)
        ));
        plan.edits.push(FileEdit {
            path: module.clone(),
            display: show(&module),
            before: None,
            after: Some(template(text::line_ending(&root_text))),
        });
    }

    let (init, site_edits) = subscriber_edits(project, package, &bin.path, &mut plan)?;
    let mut root_insertions = source::root_insertions(&root_text, &root_show, init)?;
    let mut helpers = Vec::new();
    for (path, text, insertions) in site_edits {
        if path == bin.path {
            root_insertions.extend(insertions);
        } else {
            helpers.push((path, text, insertions));
        }
    }
    let call = match init {
        Init::WithSubscriber => "telemetry::init()",
        Init::ExporterOnly => "telemetry::init_exporter()",
    };
    plan.summary.push(format!(
        "{root_show}: `mod telemetry;` and `{call}` as the first statement of main"
    ));
    plan.edits.push(FileEdit {
        path: bin.path.clone(),
        display: root_show,
        after: Some(text::insert_all(&root_text, &root_insertions)),
        before: Some(root_text),
    });
    for (path, before, insertions) in helpers {
        plan.summary.push(format!(
            "{}: the OpenTelemetry layer added to the program's tracing subscriber",
            show(&path)
        ));
        plan.edits.push(FileEdit {
            display: show(&path),
            after: Some(text::insert_all(&before, &insertions)),
            before: Some(before),
            path,
        });
    }
    Ok(Outcome::Changes(plan))
}

fn module_taken(shown: &str) -> InstrumentError {
    InstrumentError::refused(
        format!("{shown} already exists and canopy did not write it"),
        "canopy writes its module there; rename yours, then run canopy instrument again",
    )
}

type SiteEdits = Vec<(PathBuf, String, Vec<Insertion>)>;

/// Finds the subscribers the program installs and plans the layer for each, or refuses.
fn subscriber_edits(
    project: &Project,
    package: &Package,
    root: &Path,
    plan: &mut Plan,
) -> anyhow::Result<(Init, SiteEdits)> {
    let mut problems = Vec::new();
    let mut edits = Vec::new();
    let mut found = false;
    for (path, text) in modtree::crate_files(root)? {
        let shown = project.display(&path);
        let file = source::parse(&text, &shown)?;
        let mut insertions = Vec::new();
        for site in subscriber::find_sites(&text, &file) {
            found = true;
            match site.fix {
                Ok(fix) => insertions.extend(fix),
                Err(why) => problems.push(format!("{shown}:{}: {} ({why})", site.line, site.call)),
            }
        }
        if !insertions.is_empty() {
            edits.push((path, text, insertions));
        }
    }
    if let Some(lib) = &package.lib
        && lib.is_file()
    {
        for (path, text) in modtree::crate_files(lib)? {
            let shown = project.display(&path);
            let Ok(file) = source::parse(&text, &shown) else {
                continue;
            };
            for site in subscriber::find_sites(&text, &file) {
                problems.push(format!(
                    "{shown}:{}: {} (in the library crate, which cannot reach the binary's telemetry module)",
                    site.line, site.call
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(InstrumentError::refused(
            format!(
                "the program installs its own tracing subscriber where canopy cannot add its layer safely:\n  {}",
                problems.join("\n  ")
            ),
            "build the subscriber in the binary in one chain, e.g. \
             `tracing_subscriber::registry().with(fmt::layer()).init()` (or \
             `tracing_subscriber::fmt().init()`), and run canopy instrument again: it adds \
             `.with(crate::telemetry::layer())` there and starts the exporter in main",
        )
        .into());
    }
    if found {
        plan.warnings.push(
            "the program installs its own tracing subscriber: its filters (RUST_LOG, \
             with_max_level…) also decide which spans are exported"
                .to_string(),
        );
        Ok((Init::ExporterOnly, edits))
    } else {
        Ok((Init::WithSubscriber, edits))
    }
}

/// Plans taking out what instrument added for one binary.
pub fn plan_undo(project: &Project, target: Target) -> anyhow::Result<Outcome> {
    let package = project.package(target);
    let bin = project.bin(target);
    let show = |p: &Path| project.display(p);
    let mut plan = Plan::default();

    // Helper modules first, the crate root next: every step leaves a program that builds.
    let mut files = modtree::crate_files(&bin.path)?;
    let root = files.remove(0);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.push(root);
    for (path, before) in files {
        let after = source::remove_insertions(&before);
        if after != before {
            plan.summary
                .push(format!("{}: canopy's lines removed", show(&path)));
            plan.edits.push(FileEdit {
                display: show(&path),
                path,
                before: Some(before),
                after: Some(after),
            });
        }
    }

    // Another binary of the package that stays instrumented keeps the shared pieces.
    let mut others_instrumented = false;
    let mut module_shared = false;
    let module = module_path(package, &bin.path);
    for other in package.bins.iter().filter(|b| b.path != bin.path) {
        let Ok(text) = read(&other.path) else {
            continue;
        };
        others_instrumented |= source::is_instrumented(&text);
        module_shared |=
            module_path(package, &other.path) == module && source::declares_module(&text);
    }
    if module.exists() && !module_shared {
        let text = read(&module)?;
        if !is_template(&text) {
            return Err(InstrumentError::refused(
                format!(
                    "{} was changed since canopy instrument wrote it",
                    show(&module)
                ),
                "undo will not delete your changes: delete the file yourself (or restore it \
                 with git), then run canopy instrument --undo again",
            )
            .into());
        }
        plan.summary.push(format!("{}: deleted", show(&module)));
        plan.edits.push(FileEdit {
            path: module.clone(),
            display: show(&module),
            before: Some(text),
            after: None,
        });
    }
    if !others_instrumented {
        let shown = show(&package.manifest.path);
        if let Some(after) = manifest::remove_block(package.manifest.text(), &shown)? {
            plan.summary
                .push(format!("{shown}: the OpenTelemetry dependencies removed"));
            plan.edits.push(FileEdit {
                path: package.manifest.path.clone(),
                display: shown,
                before: Some(package.manifest.text().to_string()),
                after: Some(after),
            });
        }
    }
    if plan.edits.is_empty() {
        return Ok(Outcome::Nothing(format!(
            "{} is not instrumented: nothing to undo",
            show(&bin.path)
        )));
    }
    Ok(Outcome::Changes(plan))
}

/// True when the binary's crate root holds instrument's init call.
pub fn is_instrumented(project: &Project, target: Target) -> bool {
    read(&project.bin(target).path).is_ok_and(|t| source::is_instrumented(&t))
}
