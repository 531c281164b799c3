//! The whole-system benchmark: canopy (and, with `--peers`, Arize Phoenix and otelite) fed the
//! same generated agent traces over OTLP/HTTP, then asked the same questions from the CLI.
//!
//! ```text
//! cargo run --release --example bench -- [--peers] [--small] [--scale 1m,10m] [--out FILE]
//! ```
//!
//! It prints Markdown tables: side by side after 100k spans, canopy's ingest matrix (encoding ×
//! gzip × connections), query latency with 1M and 10M spans stored, and the issue-7 targets.
//! `scripts/bench` is the documented entry point (it builds, installs the peers, and runs the
//! criterion benches too); `docs/benchmarks.md` explains the method. `--small` is the CI mode:
//! canopy only, a few thousand spans, and it fails if any acknowledged span is missing.
//!
//! Not part of the product; printing is its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../../benches/support/mod.rs"]
mod support;

mod criterion;
mod http;
mod load;
mod procs;
mod report;
mod runs;
mod targets;

use std::path::PathBuf;

use clap::Parser;

use targets::{Product, Programs};

#[derive(Parser, Debug)]
#[command(about = "canopy's whole-system benchmark")]
pub struct Args {
    /// CI mode: canopy only, small loads, a correctness check, a few runs per query
    #[arg(long)]
    small: bool,
    /// Also run Arize Phoenix and otelite (installed by `scripts/bench setup`)
    #[arg(long)]
    peers: bool,
    /// Stored-span counts for the query figures (k and m suffixes)
    #[arg(long, value_delimiter = ',', default_value = "1m,10m")]
    scale: Vec<String>,
    /// Spans sent per ingest configuration
    #[arg(long, default_value = "300k")]
    ingest_spans: String,
    /// Spans in the side-by-side load
    #[arg(long, default_value = "100k")]
    side_spans: String,
    /// Skip the ingest matrix (only the side-by-side and scale runs)
    #[arg(long)]
    no_matrix: bool,
    /// Timed runs per query (after 3 warm-up runs)
    #[arg(long, default_value_t = 21)]
    runs: usize,
    #[arg(long, default_value = "target/release/canopy")]
    canopy: PathBuf,
    /// Where `scripts/bench setup` installed the peers
    #[arg(long, default_value = "target/bench-peers")]
    peers_dir: PathBuf,
    /// Scratch space for data directories (removed afterwards)
    #[arg(long, default_value = "target/bench-work")]
    work: PathBuf,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Also write the tables to this file
    #[arg(long)]
    out: Option<PathBuf>,
    /// Describe the generated load (sizes per span, per request) and exit
    #[arg(long)]
    describe: bool,
    /// Only send the side-by-side load (protobuf, 4 connections) to a server already running
    /// at this address, and report the rate: for profiling a server under `perf record`
    #[arg(long, value_name = "ADDR")]
    send_to: Option<std::net::SocketAddr>,
    /// With --send-to, also send one 10k-span trace afterwards
    #[arg(long)]
    big: bool,
    /// Print the criterion results under target/criterion as a table and exit
    #[arg(long)]
    criterion_table: bool,
}

/// `100k`, `1m`, `2500` → a count.
pub fn count(s: &str) -> Result<u64, String> {
    let s = s.trim().to_ascii_lowercase();
    let (num, mult) = match s.strip_suffix('k') {
        Some(n) => (n, 1_000),
        None => match s.strip_suffix('m') {
            Some(n) => (n, 1_000_000),
            None => (s.as_str(), 1),
        },
    };
    num.parse::<f64>()
        .map(|n| (n * mult as f64) as u64)
        .map_err(|e| format!("{s:?} is not a count: {e}"))
}

fn main() -> std::process::ExitCode {
    let mut args = Args::parse();
    if args.small {
        args.peers = false;
        args.scale = vec!["20k".into()];
        args.ingest_spans = "10k".into();
        args.side_spans = "10k".into();
        args.runs = args.runs.min(3);
    }
    if args.criterion_table {
        return match criterion::table(std::path::Path::new("target/criterion")) {
            Ok(table) => {
                println!("{table}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    if let Some(addr) = args.send_to {
        return match runs::send_to(&args, addr) {
            Ok(line) => {
                println!("{line}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    if args.describe {
        println!("{}", runs::describe(&args));
        return std::process::ExitCode::SUCCESS;
    }
    let programs = Programs {
        canopy: args.canopy.clone(),
        phoenix: Some(args.peers_dir.join("phoenix-venv/bin/phoenix")).filter(|p| p.exists()),
        otelite: Some(args.peers_dir.join("otelite/bin/otelite")).filter(|p| p.exists()),
    };
    if !programs.canopy.exists() {
        eprintln!(
            "no canopy binary at {} (build it, or pass --canopy)",
            programs.canopy.display()
        );
        return std::process::ExitCode::from(2);
    }
    let mut products = vec![Product::Canopy];
    if args.peers {
        for (p, have) in [
            (Product::Phoenix, programs.phoenix.is_some()),
            (Product::Otelite, programs.otelite.is_some()),
        ] {
            if have {
                products.push(p);
            } else {
                eprintln!(
                    "{} is not installed under {}; run `scripts/bench setup`",
                    p.name(),
                    args.peers_dir.display()
                );
            }
        }
    }
    let _ = fs_err::remove_dir_all(&args.work);
    let result = runs::all(&args, &programs, &products);
    let _ = fs_err::remove_dir_all(&args.work);
    match result {
        Ok(text) => {
            println!("{text}");
            if let Some(out) = &args.out
                && let Err(e) = fs_err::write(out, &text)
            {
                eprintln!("{e}");
                return std::process::ExitCode::FAILURE;
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
