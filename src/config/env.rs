//! Every environment variable canopy reads, declared once with what it does.
//!
//! Code reads variables through these names only, so this file is the complete list (the README
//! "Environment" section mirrors it).

/// The query API endpoint the CLI talks to (same as `--endpoint`). Default `http://127.0.0.1:4318`.
pub const CANOPY_ENDPOINT: &str = "CANOPY_ENDPOINT";

/// Where `canopy serve` keeps its data (same as `--data-dir`). Default: the platform data dir.
pub const CANOPY_DATA_DIR: &str = "CANOPY_DATA_DIR";

/// The ClickHouse password for `canopy serve --store clickhouse://USER@HOST:PORT/DB`, when the
/// URL carries none (so it stays out of process lists and shell history).
pub const CANOPY_CLICKHOUSE_PASSWORD: &str = "CANOPY_CLICKHOUSE_PASSWORD";

/// Test hook: a ClickHouse server (`clickhouse://…/PREFIX`) for the ClickHouse store suite, which
/// creates and drops its own databases named after PREFIX. `.ci/run` points it at chDB.
pub const CANOPY_TEST_CLICKHOUSE_URL: &str = "CANOPY_TEST_CLICKHOUSE_URL";

/// Log filter for `canopy serve` (`info`, `debug`, `canopy=trace`…). Default `info`.
pub const CANOPY_LOG: &str = "CANOPY_LOG";

/// The pager for output taller than the terminal; wins over `PAGER`. Set it to `cat` (or empty)
/// to turn paging off. Default `less -FRX`.
pub const CANOPY_PAGER: &str = "CANOPY_PAGER";

/// The pager, when `CANOPY_PAGER` is not set.
pub const PAGER: &str = "PAGER";

/// Any non-empty value turns color off, unless `--color always` (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";

/// A value other than `0` turns color on even when stdout is not a terminal, unless `--color
/// never` or `NO_COLOR`.
pub const CLICOLOR_FORCE: &str = "CLICOLOR_FORCE";

/// The terminal width to lay output out for, when it cannot be asked of the terminal.
pub const COLUMNS: &str = "COLUMNS";

/// Test hook: treat stdout as a terminal of this many columns (tables, relative times, no pager).
pub const CANOPY_FORCE_TTY: &str = "CANOPY_FORCE_TTY";

/// Test hook: the current time (RFC 3339) for relative ranges and "5m ago".
pub const CANOPY_NOW: &str = "CANOPY_NOW";

/// Reads a variable, treating an empty value as unset.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
