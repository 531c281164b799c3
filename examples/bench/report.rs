//! Results and the Markdown tables they are printed as.

use std::fmt::Write as _;
use std::time::Duration;

/// Side-by-side figures for one product after the same 100k-span load.
#[derive(Debug, Clone, Default)]
pub struct Side {
    pub name: String,
    pub version: Option<Duration>,
    pub ingest: Option<f64>,
    /// Spans per second until the spans were queryable (differs from `ingest` for Phoenix,
    /// which answers before it stores).
    pub stored: Option<f64>,
    pub cpu_per_million: Option<f64>,
    pub refused: u64,
    pub list: Option<Duration>,
    pub get: Option<Duration>,
    pub rest: bool,
    pub rss: Option<u64>,
    pub disk_per_span: Option<f64>,
    pub note: String,
}

/// One ingest configuration's result.
#[derive(Debug, Clone)]
pub struct IngestRow {
    pub encoding: &'static str,
    pub gzip: bool,
    pub connections: usize,
    pub spans: u64,
    pub per_sec: f64,
    pub cpu_per_million: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// Query figures with a given number of spans stored.
#[derive(Debug, Clone, Default)]
pub struct ScaleRow {
    pub spans: u64,
    pub fill_per_sec: f64,
    pub list: Duration,
    pub list_p95: Duration,
    pub get50: Duration,
    pub get10k: Duration,
    pub timeline10k: Option<Duration>,
    pub rss: u64,
    pub disk_per_span: f64,
}

pub fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1e3;
    if v < 10.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.0} ms")
    }
}

pub fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_else(|| "—".into())
}

fn rate(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// "12×" for how many times better canopy is (`higher` says which direction is better).
fn ratio(ours: Option<f64>, theirs: Option<f64>, higher: bool) -> String {
    match (ours, theirs) {
        (Some(o), Some(t)) if o > 0.0 && t > 0.0 => {
            let r = if higher { o / t } else { t / o };
            if r >= 10.0 {
                format!("{r:.0}×")
            } else {
                format!("{r:.1}×")
            }
        }
        _ => "—".into(),
    }
}

pub fn side_by_side(rows: &[Side]) -> String {
    let mut out = String::new();
    out.push_str("| | `--version` | ingest, spans/s acked | spans/s stored | server CPU-s per 1M spans | list traces, last 1h | get a 50-span trace | peak RSS | disk/span |\n");
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for s in rows {
        let via = if s.rest { " (REST)" } else { "" };
        let _ = writeln!(
            out,
            "| {}{} | {} | {}{} | {} | {} | {}{via} | {}{via} | {} | {} |",
            s.name,
            if s.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.note)
            },
            opt(s.version, ms),
            opt(s.ingest, rate),
            if s.refused > 0 {
                format!(" ({} refused)", s.refused)
            } else {
                String::new()
            },
            opt(s.stored, rate),
            opt(s.cpu_per_million, |v| format!("{v:.1}")),
            opt(s.list, ms),
            opt(s.get, ms),
            opt(s.rss, mb),
            opt(s.disk_per_span, |v| format!("{:.2} KB", v / 1e3)),
        );
    }
    let Some(ours) = rows.first() else {
        return out;
    };
    let secs = |d: Option<Duration>| d.map(|d| d.as_secs_f64());
    for theirs in &rows[1..] {
        let _ = writeln!(
            out,
            "| canopy vs {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            theirs.name,
            ratio(secs(ours.version), secs(theirs.version), false),
            ratio(ours.ingest, theirs.ingest, true),
            ratio(ours.stored, theirs.stored, true),
            ratio(ours.cpu_per_million, theirs.cpu_per_million, false),
            ratio(secs(ours.list), secs(theirs.list), false),
            ratio(secs(ours.get), secs(theirs.get), false),
            ratio(
                ours.rss.map(|v| v as f64),
                theirs.rss.map(|v| v as f64),
                false
            ),
            ratio(ours.disk_per_span, theirs.disk_per_span, false),
        );
    }
    out
}

pub fn ingest_table(rows: &[IngestRow]) -> String {
    let mut out = String::from(
        "| encoding | gzip | connections | spans | spans/s acked | server CPU-s per 1M spans | request p50 | request p99 |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.2} | {} | {} |",
            r.encoding,
            if r.gzip { "yes" } else { "no" },
            r.connections,
            rate(r.spans as f64),
            rate(r.per_sec),
            r.cpu_per_million,
            ms(r.p50),
            ms(r.p99),
        );
    }
    out
}

pub fn scale_table(rows: &[ScaleRow]) -> String {
    let mut out = String::from(
        "| spans stored | fill, spans/s | `trace list --range 1h` (p50 / p95) | `trace get` 50 spans, tree | `trace get` 10k spans, tree | timeline 10k | server peak RSS | disk/span |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} / {} | {} | {} | {} | {} | {:.2} KB |",
            rate(r.spans as f64),
            rate(r.fill_per_sec),
            ms(r.list),
            ms(r.list_p95),
            ms(r.get50),
            ms(r.get10k),
            opt(r.timeline10k, ms),
            mb(r.rss),
            r.disk_per_span / 1e3,
        );
    }
    out
}

/// One line of the targets table.
pub struct Check {
    pub what: &'static str,
    pub target: &'static str,
    pub measured: String,
    pub met: Option<bool>,
}

pub fn checks_table(checks: &[Check]) -> String {
    let mut out = String::from("| target | goal | measured | met |\n|---|---|---|---|\n");
    for c in checks {
        let met = match c.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "not measured",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {met} |",
            c.what, c.target, c.measured
        );
    }
    out
}

/// Issue 7's targets against what was measured.
pub fn checks(ours: &Side, rows: &[IngestRow], scales: &[ScaleRow]) -> Vec<Check> {
    let pb = rows
        .iter()
        .filter(|r| r.encoding == "protobuf" && !r.gzip)
        .map(|r| r.per_sec)
        .fold(ours.ingest.unwrap_or(0.0), f64::max);
    let at = |n: u64| scales.iter().find(|s| s.spans >= n && s.spans < n * 2);
    let dur = |d: Duration, max_ms: f64| (ms(d), Some(d.as_secs_f64() * 1e3 <= max_ms));
    let none = || ("—".to_string(), None);
    let mut v = Vec::new();
    let mut add = |what, target, (measured, met): (String, Option<bool>)| {
        v.push(Check {
            what,
            target,
            measured,
            met,
        })
    };
    add(
        "protobuf ingest, acked after commit",
        "≥ 150k spans/s",
        (format!("{:.0}k spans/s", pb / 1e3), Some(pb >= 150_000.0)),
    );
    add(
        "`trace list --range 1h`, 1M stored",
        "≤ 10 ms",
        at(1_000_000).map_or_else(none, |s| dur(s.list, 10.0)),
    );
    add(
        "`trace get`, 50 spans",
        "≤ 10 ms",
        ours.get.map_or_else(none, |d| dur(d, 10.0)),
    );
    add(
        "`trace get`, 10k-span tree",
        "≤ 100 ms",
        scales.first().map_or_else(none, |s| dur(s.get10k, 100.0)),
    );
    add(
        "`canopy --version`",
        "≤ 2 ms",
        ours.version.map_or_else(none, |d| dur(d, 2.0)),
    );
    add(
        "server peak RSS after 100k spans",
        "≤ 50 MB",
        ours.rss
            .map_or_else(none, |b| (mb(b), Some(b <= 50_000_000))),
    );
    add(
        "server peak RSS, 10M stored",
        "≤ 200 MB",
        at(10_000_000).map_or_else(none, |s| (mb(s.rss), Some(s.rss <= 200_000_000))),
    );
    add(
        "disk per span",
        "≤ 0.8 KB",
        ours.disk_per_span
            .map_or_else(none, |d| (format!("{:.2} KB", d / 1e3), Some(d <= 800.0))),
    );
    v
}
