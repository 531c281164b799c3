//! Renderers: pure functions from model values to lines of text.
//!
//! Nothing here does IO or asks about the terminal; the caller passes width, styles and symbols
//! in an options struct and hands the returned lines to `ui`. That keeps every view testable as
//! an inline snapshot, in color and plain, at any width.

pub mod budget;
pub mod diff;
pub mod diff_io;
pub mod diff_rows;
pub mod events;
pub mod facts;
pub mod fields;
pub mod follow;
pub mod io;
pub mod lint;
pub mod lists;
pub mod message;
pub mod outline;
pub mod sessions;
pub mod settings;
pub mod span;
pub mod summary;
pub mod symbols;
pub mod table;
pub mod text;
pub mod thread;
pub mod timeline;
pub mod timing;
pub mod tree;
pub mod usage;

#[cfg(test)]
pub(crate) mod fixtures;
