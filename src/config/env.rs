//! Every environment variable canopy reads, declared once with what it does.
//!
//! Code reads variables through these names only, so this file is the complete list (the README
//! "Environment" section mirrors it).

/// The query API endpoint the CLI talks to (same as `--endpoint`). Default `http://127.0.0.1:4318`.
pub const CANOPY_ENDPOINT: &str = "CANOPY_ENDPOINT";

/// The config file to use instead of `config.toml` in the platform config directory.
pub const CANOPY_CONFIG: &str = "CANOPY_CONFIG";

/// The profile of the config file to use (same as `--profile`).
pub const CANOPY_PROFILE: &str = "CANOPY_PROFILE";

/// Where `canopy serve` keeps its data (same as `--data-dir`). Default: the platform data dir.
pub const CANOPY_DATA_DIR: &str = "CANOPY_DATA_DIR";

/// The ClickHouse password for `canopy serve --store clickhouse://USER@HOST:PORT/DB`, when the
/// URL carries none (so it stays out of process lists and shell history).
pub const CANOPY_CLICKHOUSE_PASSWORD: &str = "CANOPY_CLICKHOUSE_PASSWORD";

/// Test hook: a ClickHouse server (`clickhouse://…/PREFIX`) for the ClickHouse store suite, which
/// creates and drops its own databases named after PREFIX. `.ci/run` points it at chDB.
pub const CANOPY_TEST_CLICKHOUSE_URL: &str = "CANOPY_TEST_CLICKHOUSE_URL";

/// The token the CLI sends to the server (`Authorization: Bearer …`). Never printed.
pub const CANOPY_TOKEN: &str = "CANOPY_TOKEN";

/// The token `canopy serve` requires for ingest and the query API (same as `--token`).
pub const CANOPY_SERVER_TOKEN: &str = "CANOPY_SERVER_TOKEN";

/// A token `canopy serve` accepts for ingest only (same as `--ingest-token`).
pub const CANOPY_INGEST_TOKEN: &str = "CANOPY_INGEST_TOKEN";

/// A token `canopy serve` accepts for the query API only (same as `--read-token`).
pub const CANOPY_READ_TOKEN: &str = "CANOPY_READ_TOKEN";

/// How long `canopy serve` keeps traces (same as `--retention`): `30d`, `12h`, `off`. Default `30d`.
pub const CANOPY_RETENTION: &str = "CANOPY_RETENTION";

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

/// The cargo that `canopy instrument --check/--verify` runs (cargo sets it for its subcommands).
pub const CARGO: &str = "CARGO";

/// The service name an instrumented program reports, when set (standard OpenTelemetry); what
/// `canopy instrument --verify` waits for.
pub const OTEL_SERVICE_NAME: &str = "OTEL_SERVICE_NAME";

/// Where an instrumented program exports to (standard OpenTelemetry; `/v1/traces` is
/// appended); `canopy instrument --verify` sets it to the server canopy talks to.
pub const OTEL_EXPORTER_OTLP_ENDPOINT: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";

/// The traces-only endpoint, which would win over [`OTEL_EXPORTER_OTLP_ENDPOINT`];
/// `canopy instrument --verify` clears it.
pub const OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: &str = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

/// Reads a variable, treating an empty value as unset.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
