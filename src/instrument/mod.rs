//! `canopy instrument`: wire OpenTelemetry export into a Rust program, deterministically.
//!
//! Everything here is a pure function of the files on disk, computed as data before anything is
//! written: [`project`] finds the packages and binaries, [`plan`] decides every change as a
//! [`Plan`] of whole-file edits (`before` → `after`), [`diff`] renders it, [`apply`] writes it
//! atomically. Nothing here prompts or prints; the command does that through the `Ui`.
//!
//! What an instrumentation consists of, and how `--undo` finds it again byte for byte:
//!
//! ```text
//! Cargo.toml        # canopy-instrument: begin (…)   a block of lines from versions.toml,
//!                   opentelemetry = …                 removed from marker to marker
//!                   # canopy-instrument: end
//! src/telemetry.rs  template/telemetry.rs             deleted while it is unchanged
//! src/main.rs       mod telemetry; // canopy-instrument            whole lines that end in the
//!                   let _telemetry = telemetry::init(); // canopy-instrument   marker are
//! src/logging.rs    .with(crate::telemetry::layer()) // canopy-instrument     removed whole
//! (one-line code)   fn main() { let _telemetry = telemetry::init(); run(); }   exact snippets
//! ```
//!
//! Every insertion is pure: no byte of the original is changed or moved, so removing the inserted
//! text restores the original exactly (comments, tabs, BOM, CRLF included). Edits are made by
//! byte offset, found by parsing with `syn` (Rust) and `toml_edit` (Cargo.toml), never by
//! re-printing a syntax tree.

mod apply;
pub mod cargo;
pub mod diff;
mod discover;
pub mod git;
mod manifest;
mod modtree;
mod plan;
pub mod project;
mod source;
mod subscriber;
mod text;
mod versions;

use std::path::PathBuf;

pub use apply::{apply, inverse};
pub use plan::{Outcome, is_instrumented, plan_instrument, plan_undo};
pub use project::{Bin, Package, Project, Target};

pub use crate::config::env::{
    CARGO, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_SERVICE_NAME,
};

/// The telemetry module written into instrumented projects.
pub const TEMPLATE: &str = include_str!("template/telemetry.rs");

/// The module's name, as declared in the crate root and used in inserted code.
pub const MODULE: &str = "telemetry";

/// One file's change: created (`before` is `None`), edited, or deleted (`after` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    /// Where the file is.
    pub path: PathBuf,
    /// The path to show, relative to the project directory, with `/` separators.
    pub display: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Every change one run makes, in the order it is applied.
///
/// The order keeps each intermediate state buildable, so an interruption between two renames
/// leaves a project that still compiles (and that `--undo` can clean up): new files and
/// dependencies first, then the crate root that uses them, then the helper modules that use the
/// root's declaration. Undo plans run in the opposite order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub edits: Vec<FileEdit>,
    /// Things the user should know about the result (shown as warnings).
    pub warnings: Vec<String>,
    /// What the plan does, one line per file, for the summary after applying.
    pub summary: Vec<String>,
}

/// Why instrument cannot go on; mapped to an exit code by the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request itself is wrong or ambiguous (exit 2): unknown package, several binaries.
    Usage,
    /// The project is in a state instrument will not change by itself (exit 1).
    Refused,
}

/// A refusal or usage problem, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InstrumentError {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
}

impl InstrumentError {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> InstrumentError {
        InstrumentError {
            kind: ErrorKind::Usage,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn refused(message: impl Into<String>, hint: impl Into<String>) -> InstrumentError {
        InstrumentError {
            kind: ErrorKind::Refused,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}
