//! The criterion results under `target/criterion`, as one Markdown table.
//!
//! criterion writes, per benchmark, `new/benchmark.json` (its id and throughput),
//! `new/estimates.json` (the timing estimates) and, when an earlier run exists to compare with,
//! `change/estimates.json` (the relative change of the mean, with a confidence interval).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

fn read(path: &Path) -> Option<Value> {
    serde_json::from_slice(&fs_err::read(path).ok()?).ok()
}

fn duration(ns: f64) -> String {
    match ns {
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.2} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}

/// One row per benchmark found under `dir`, sorted by id.
pub fn table(dir: &Path) -> Result<String, String> {
    let mut rows = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs_err::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if !path.is_dir() {
                continue;
            }
            let (Some(meta), Some(est)) = (
                read(&path.join("new/benchmark.json")),
                read(&path.join("new/estimates.json")),
            ) else {
                stack.push(path);
                continue;
            };
            let id = meta["full_id"].as_str().unwrap_or("?").to_string();
            let median = est["median"]["point_estimate"].as_f64().unwrap_or(0.0);
            let elements = meta["throughput"]["Elements"].as_f64();
            let change = read(&path.join("change/estimates.json")).and_then(|c| {
                let mean = &c["mean"];
                Some((
                    mean["point_estimate"].as_f64()?,
                    mean["confidence_interval"]["lower_bound"].as_f64()?,
                    mean["confidence_interval"]["upper_bound"].as_f64()?,
                ))
            });
            rows.push((id, median, elements, change));
        }
    }
    if rows.is_empty() {
        return Err(format!(
            "no criterion results under {} (run `cargo bench` first)",
            dir.display()
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from(
        "| benchmark | median | per span (or row) | per second | change vs previous run (95% CI) |\n|---|---|---|---|---|\n",
    );
    for (id, median, elements, change) in rows {
        let (per, rate) = match elements {
            Some(n) if n > 0.0 => (
                duration(median / n),
                format!("{:.0}k", n / (median / 1e9) / 1e3),
            ),
            _ => ("—".into(), "—".into()),
        };
        let change = change.map_or_else(
            || "—".to_string(),
            |(m, lo, hi)| {
                format!(
                    "{:+.1}% ({:+.1}% … {:+.1}%)",
                    m * 100.0,
                    lo * 100.0,
                    hi * 100.0
                )
            },
        );
        let _ = writeln!(
            out,
            "| {id} | {} | {per} | {rate} | {change} |",
            duration(median)
        );
    }
    Ok(out)
}
