//! Cargo.toml: which crates of the pinned set to add, where, and how to take them out again.
//!
//! The manifest is parsed with `toml_edit` to read existing dependencies and to find the byte
//! where the `[dependencies]` table's last entry ends; the new lines go in right there as one
//! block between two marker comments, so every other byte (comments, ordering, CRLF) stays, and
//! `--undo` removes the block from marker to marker. Existing OpenTelemetry dependencies are
//! checked, never changed: another version series, a renamed crate or a missing feature is a
//! refusal that names the line and what canopy needs.

use toml_edit::{Item, TableLike};

use super::InstrumentError;
use super::project::Manifest;
use super::text;
use super::versions::{self, Crate};

/// Opens the block of added dependencies.
pub const BEGIN: &str = "# canopy-instrument: begin";
/// Closes it.
pub const END: &str = "# canopy-instrument: end";
const BEGIN_LINE: &str =
    "# canopy-instrument: begin (OpenTelemetry export; `canopy instrument --undo` removes it)";

/// What happens to one Cargo.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepsPlan {
    /// The new text, when anything is added.
    pub after: Option<String>,
    /// Names of the crates added.
    pub added: Vec<String>,
    pub warnings: Vec<String>,
}

/// An existing dependency on one of the pinned crates.
#[derive(Debug)]
struct Existing {
    key: String,
    package: String,
    version: Option<String>,
    features: Vec<String>,
    default_features: bool,
}

/// True when the manifest already holds instrument's block.
pub fn has_block(text: &str) -> bool {
    text.lines().any(|l| l.starts_with(BEGIN))
}

/// Plans the dependency lines for `manifest`, or refuses when existing ones are in the way.
pub fn plan_dependencies(
    manifest: &Manifest,
    display: &str,
    workspace: Option<&Manifest>,
) -> Result<DepsPlan, InstrumentError> {
    let existing = existing_dependencies(manifest, workspace);
    let mut plan = DepsPlan::default();
    let mut conflicts = Vec::new();
    for krate in versions::crates() {
        let found: Vec<&Existing> = existing
            .iter()
            .filter(|e| e.package == krate.name)
            .collect();
        if found.is_empty() {
            plan.added.push(krate.name.clone());
        }
        for e in found {
            check_existing(krate, e, display, &mut conflicts, &mut plan.warnings);
        }
    }
    if !conflicts.is_empty() {
        return Err(InstrumentError::refused(
            format!(
                "{display} already declares crates canopy instrument will not change:\n  {}",
                conflicts.join("\n  ")
            ),
            format!(
                "canopy adds {} and never upgrades or rewrites existing dependencies; bring \
                 them to that set together (or remove them), then run canopy instrument again",
                versions::describe_otel_set()
            ),
        ));
    }
    if plan.added.is_empty() || has_block(manifest.text()) {
        plan.added.clear();
        return Ok(plan);
    }
    let lines: Vec<&str> = versions::crates()
        .iter()
        .filter(|c| plan.added.contains(&c.name))
        .map(|c| c.line.as_str())
        .collect();
    let after = insert_block(manifest, &lines);
    // The insertion is plain text: make sure cargo will read it as meant.
    let reparsed = toml_edit::Document::parse(after.as_str()).ok();
    let deps = reparsed.as_ref().and_then(|d| d.get("dependencies"));
    if !plan
        .added
        .iter()
        .all(|name| deps.is_some_and(|d| d.get(name).is_some()))
    {
        return Err(InstrumentError::refused(
            format!("{display} is laid out in a way canopy cannot add lines to safely"),
            format!(
                "add these lines to [dependencies] by hand, then run canopy instrument again:\n  {}",
                lines.join("\n  ")
            ),
        ));
    }
    plan.after = Some(after);
    Ok(plan)
}

fn check_existing(
    krate: &Crate,
    e: &Existing,
    display: &str,
    conflicts: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let name = &krate.name;
    if e.key != *name {
        conflicts.push(format!(
            "{name} is declared under the name `{}`; the generated module uses `{name}`",
            e.key
        ));
        return;
    }
    let Some(version) = &e.version else {
        warnings.push(format!(
            "{display}: {name} comes from a path or git source; canopy cannot check that it is \
             compatible with {} {}",
            name, krate.version
        ));
        return;
    };
    match compare_series(version, &krate.version) {
        Some(std::cmp::Ordering::Equal) => {}
        Some(order) => {
            let age = if order.is_lt() { "older" } else { "newer" };
            conflicts.push(format!(
                "{name} = \"{version}\": {age} than the version canopy is tested with ({})",
                krate.version
            ));
            return;
        }
        None => {
            conflicts.push(format!(
                "{name} = \"{version}\": not a version canopy can read"
            ));
            return;
        }
    }
    let mut features = e.features.clone();
    if e.default_features {
        features.extend(krate.defaults.iter().cloned());
    }
    let missing = |wanted: &[String]| -> Vec<String> {
        wanted
            .iter()
            .filter(|f| !features.contains(f))
            .cloned()
            .collect()
    };
    let required = missing(&krate.required);
    if !required.is_empty() {
        conflicts.push(format!(
            "{name} lacks the features the generated module needs: {}",
            required.join(", ")
        ));
    }
    let recommended = missing(&krate.recommended);
    if !recommended.is_empty() {
        warnings.push(format!(
            "{display}: {name} has no TLS feature ({}): https:// endpoints will fail without \
             a word; add it to the features of {name}",
            recommended.join(", ")
        ));
    }
    for switch in krate.switches.iter().filter(|f| e.features.contains(f)) {
        warnings.push(switch_warning(display, switch));
    }
}

/// Whether a version requirement selects an older, the same, or a newer semver series than ours.
fn compare_series(theirs: &str, ours: &str) -> Option<std::cmp::Ordering> {
    let first = |req: &str| -> Option<(u64, u64)> {
        let c = semver::VersionReq::parse(req)
            .ok()?
            .comparators
            .first()?
            .clone();
        // 0.x versions are compatible within a minor; 1.0 and later within a major.
        Some(if c.major == 0 {
            (0, c.minor.unwrap_or(0))
        } else {
            (c.major, 0)
        })
    };
    Some(first(theirs)?.cmp(&first(ours)?))
}

fn switch_warning(display: &str, feature: &str) -> String {
    format!(
        "{display} enables opentelemetry-otlp's `{feature}`: it takes precedence over the \
         blocking HTTP client, and the batch exporter's thread, which has no Tokio runtime, then \
         panics and every span is lost; remove the feature"
    )
}

/// Warnings for every dependency on opentelemetry-otlp in `manifest` that turns on a feature
/// replacing the blocking client (any table: normal, dev, build, target-specific, workspace).
pub fn switch_warnings(manifest: &Manifest, display: &str) -> Vec<String> {
    let Some(otlp) = versions::get("opentelemetry-otlp") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for table in dependency_tables(manifest, true) {
        for (key, item) in table.iter() {
            let Some(t) = item.as_table_like() else {
                continue;
            };
            let package = t.get("package").and_then(Item::as_str).unwrap_or(key);
            if package != otlp.name {
                continue;
            }
            for f in features_of(t) {
                if otlp.switches.contains(&f) {
                    out.push(switch_warning(display, &f));
                }
            }
        }
    }
    out
}

/// `[dependencies]` and `[target.*.dependencies]` (plus dev, build and workspace ones if `all`).
fn dependency_tables(manifest: &Manifest, all: bool) -> Vec<&dyn TableLike> {
    let kinds: &[&str] = if all {
        &["dependencies", "dev-dependencies", "build-dependencies"]
    } else {
        &["dependencies"]
    };
    let mut out: Vec<&dyn TableLike> = Vec::new();
    let doc = manifest.doc.as_table();
    for kind in kinds {
        if let Some(t) = doc.get(kind).and_then(Item::as_table_like) {
            out.push(t);
        }
    }
    if let Some(targets) = doc.get("target").and_then(Item::as_table_like) {
        for (_, target) in targets.iter() {
            for kind in kinds {
                if let Some(t) = target.get(kind).and_then(Item::as_table_like) {
                    out.push(t);
                }
            }
        }
    }
    if all
        && let Some(t) = doc
            .get("workspace")
            .and_then(|w| w.get("dependencies"))
            .and_then(Item::as_table_like)
    {
        out.push(t);
    }
    out
}

fn features_of(t: &dyn TableLike) -> Vec<String> {
    t.get("features")
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn existing_dependencies(manifest: &Manifest, workspace: Option<&Manifest>) -> Vec<Existing> {
    let ws_deps = workspace.and_then(|w| {
        w.doc
            .get("workspace")
            .and_then(|w| w.get("dependencies"))
            .and_then(Item::as_table_like)
    });
    let mut out = Vec::new();
    for table in dependency_tables(manifest, false) {
        for (key, item) in table.iter() {
            let mut e = Existing {
                key: key.to_string(),
                package: key.to_string(),
                version: item.as_str().map(str::to_string),
                features: Vec::new(),
                default_features: true,
            };
            if let Some(t) = item.as_table_like() {
                // `foo = { workspace = true, features = [...] }` reads [workspace.dependencies]
                // first, then adds the member's own keys.
                let mut layers: Vec<&dyn TableLike> = Vec::new();
                if t.get("workspace").and_then(Item::as_bool) == Some(true) {
                    match ws_deps.and_then(|d| d.get(key)) {
                        Some(Item::Value(v)) if v.is_str() => {
                            e.version = v.as_str().map(str::to_string);
                        }
                        Some(i) => layers.extend(i.as_table_like()),
                        None => {}
                    }
                }
                layers.push(t);
                for s in layers {
                    if let Some(p) = s.get("package").and_then(Item::as_str) {
                        e.package = p.to_string();
                    }
                    if let Some(v) = s.get("version").and_then(Item::as_str) {
                        e.version = Some(v.to_string());
                    }
                    for key in ["default-features", "default_features"] {
                        if let Some(d) = s.get(key).and_then(Item::as_bool) {
                            e.default_features = d;
                        }
                    }
                    e.features.extend(features_of(s));
                }
            }
            out.push(e);
        }
    }
    out
}

/// The manifest with `lines` added to `[dependencies]` (a new table at the end if there is none),
/// between the markers, in the file's line ending.
fn insert_block(manifest: &Manifest, lines: &[&str]) -> String {
    let original = manifest.text();
    let eol = text::line_ending(original);
    let (at, header) = block_position(manifest);
    let mut block = String::from(BEGIN_LINE);
    block.push_str(eol);
    if header {
        block.push_str("[dependencies]");
        block.push_str(eol);
    }
    for line in lines {
        block.push_str(line);
        block.push_str(eol);
    }
    block.push_str(END);
    if at == original.len() && !original.is_empty() && !original.ends_with('\n') {
        // A last line without a line ending gets one in front of the block, and the block none
        // after it; undo knows this shape by the end marker being the last thing in the file.
        block.insert_str(0, eol);
    } else {
        block.push_str(eol);
    }
    text::insert_all(original, &[text::Insertion { at, text: block }])
}

/// Where the block goes: after the last entry of an explicit `[dependencies]` table, else at the
/// end of the file with a header of its own.
fn block_position(manifest: &Manifest) -> (usize, bool) {
    let original = manifest.text();
    let Some(table) = manifest.doc.get("dependencies").and_then(Item::as_table) else {
        return (original.len(), true);
    };
    let Some(span) = table
        .span()
        .filter(|_| !table.is_implicit() && !table.is_dotted())
    else {
        return (original.len(), true);
    };
    let mut end = span.start;
    for (_, item) in table.iter() {
        end = end.max(entry_end(item));
    }
    (text::next_line_start(original, end), false)
}

/// The end of an entry's value; dotted keys (`serde.version = …`) are followed inside.
fn entry_end(item: &Item) -> usize {
    match item {
        Item::Value(v) => v.span().map_or(0, |s| s.end),
        Item::Table(t) if t.is_dotted() => t.iter().map(|(_, i)| entry_end(i)).max().unwrap_or(0),
        _ => 0,
    }
}

/// The manifest without instrument's block, `None` when it has none.
pub fn remove_block(original: &str, display: &str) -> Result<Option<String>, InstrumentError> {
    let mut pos = 0;
    let mut begin = None;
    while pos < original.len() {
        let next = text::next_line_start(original, pos);
        let line = &original[pos..next];
        if begin.is_none() && line.starts_with(BEGIN) {
            begin = Some(pos);
        } else if let Some(start) = begin
            && line.starts_with(END)
        {
            let mut start = start;
            if !line.ends_with('\n') {
                // The end marker closes the file: the line ending before the block was ours too.
                let eol = text::line_ending(original);
                if original[..start].ends_with(eol) {
                    start -= eol.len();
                }
            }
            let mut out = String::with_capacity(original.len());
            out.push_str(&original[..start]);
            out.push_str(&original[next..]);
            return Ok(Some(out));
        }
        pos = next;
    }
    match begin {
        None => Ok(None),
        Some(_) => Err(InstrumentError::refused(
            format!("{display} has a `{BEGIN}` line without its `{END}` line"),
            "remove the OpenTelemetry lines between them by hand",
        )),
    }
}

#[cfg(test)]
#[path = "manifest_tests.rs"]
mod tests;
