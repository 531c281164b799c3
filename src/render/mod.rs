//! Renderers: pure functions from model values to lines of text.
//!
//! Nothing here does IO or asks about the terminal; the caller passes width, styles and symbols
//! in an options struct and hands the returned lines to `ui`. That keeps every view testable as
//! an inline snapshot, in color and plain, at any width.

pub mod lists;
pub mod sessions;
pub mod table;
pub mod text;
pub mod tree;
pub mod usage;
