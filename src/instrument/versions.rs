//! The pinned set of crates instrument adds, read from the data file `versions.toml`.
//!
//! The data file is the single place the versions live; this module only reads it (once) and
//! checks, in tests, that it is well formed and consistent with itself.

use std::sync::OnceLock;

use toml_edit::{Document, Item};

const DATA: &str = include_str!("versions.toml");

/// One crate of the set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crate {
    pub name: String,
    /// The `[dependencies]` line as it is written into Cargo.toml.
    pub line: String,
    /// The version requirement of that line (`0.33.1`, `0.1`).
    pub version: String,
    /// Features an existing declaration must have (refused without them).
    pub required: Vec<String>,
    /// Features an existing declaration should have (a warning without them).
    pub recommended: Vec<String>,
    /// The crate's default features at the pinned version.
    pub defaults: Vec<String>,
    /// Features that swap the blocking HTTP client for one that loses spans.
    pub switches: Vec<String>,
}

/// The crates, in the order their lines are written.
pub fn crates() -> &'static [Crate] {
    static CRATES: OnceLock<Vec<Crate>> = OnceLock::new();
    CRATES.get_or_init(|| parse(DATA).expect("versions.toml is valid (tested)"))
}

/// The crate of the set with this name.
pub fn get(name: &str) -> Option<&'static Crate> {
    crates().iter().find(|c| c.name == name)
}

/// `opentelemetry 0.33.1, opentelemetry_sdk 0.33.1, …` for messages.
pub fn describe_otel_set() -> String {
    crates()
        .iter()
        .filter(|c| c.name.contains("opentelemetry"))
        .map(|c| format!("{} {}", c.name, c.version))
        .collect::<Vec<_>>()
        .join(", ")
}

fn strings(item: Option<&Item>) -> Vec<String> {
    item.and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn parse(data: &str) -> Result<Vec<Crate>, String> {
    let doc = Document::parse(data).map_err(|e| e.to_string())?;
    let deps = doc
        .get("dependencies")
        .and_then(Item::as_table)
        .ok_or("no [dependencies] table")?;
    let requirements = doc
        .get("requirements")
        .and_then(Item::as_table)
        .ok_or("no [requirements] table")?;
    let mut out = Vec::new();
    for (name, item) in deps.iter() {
        let span = item.span().ok_or("no span")?;
        // The raw line, exactly as written in the data file, from its key to its end.
        let start = data[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line = data[start..span.end].to_string();
        let version = match item {
            Item::Value(v) if v.is_str() => v.as_str().map(str::to_string),
            Item::Value(v) => v
                .as_inline_table()
                .and_then(|t| t.get("version"))
                .and_then(|v| v.as_str())
                .map(str::to_string),
            _ => None,
        }
        .ok_or_else(|| format!("{name} has no version"))?;
        let req = requirements
            .get(name)
            .and_then(Item::as_table)
            .ok_or_else(|| format!("no [requirements.{name}]"))?;
        out.push(Crate {
            name: name.to_string(),
            line,
            version,
            required: strings(req.get("required")),
            recommended: strings(req.get("recommended")),
            defaults: strings(req.get("defaults")),
            switches: strings(req.get("switches")),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_reads_and_holds_a_consistent_set() {
        let crates = crates();
        let names: Vec<&str> = crates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "opentelemetry",
                "opentelemetry_sdk",
                "opentelemetry-otlp",
                "tracing",
                "tracing-opentelemetry",
                "tracing-subscriber"
            ]
        );
        let otel = semver::Version::parse(&get("opentelemetry").unwrap().version).unwrap();
        for name in ["opentelemetry_sdk", "opentelemetry-otlp"] {
            assert_eq!(get(name).unwrap().version, otel.to_string(), "{name}");
        }
        // tracing-opentelemetry's minor is always one above opentelemetry's.
        let bridge =
            semver::Version::parse(&get("tracing-opentelemetry").unwrap().version).unwrap();
        assert_eq!((bridge.major, bridge.minor), (otel.major, otel.minor + 1));
        let otlp = get("opentelemetry-otlp").unwrap();
        assert!(otlp.line.contains("\"reqwest-blocking-client\""));
        assert!(otlp.line.contains("\"reqwest-rustls\""));
        assert!(!otlp.line.contains("\"reqwest-client\""));
        assert_eq!(otlp.switches, ["reqwest-client", "hyper-client"]);
    }

    #[test]
    fn lines_are_single_valid_toml_lines() {
        for c in crates() {
            assert!(!c.line.contains('\n'), "{}", c.line);
            assert!(c.line.starts_with(&format!("{} = ", c.name)), "{}", c.line);
            Document::parse(c.line.as_str()).unwrap();
        }
        assert_eq!(
            describe_otel_set(),
            "opentelemetry 0.33.1, opentelemetry_sdk 0.33.1, opentelemetry-otlp 0.33.1, \
             tracing-opentelemetry 0.34.0"
        );
    }
}
