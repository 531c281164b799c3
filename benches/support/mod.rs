//! Code shared by the benchmark targets: the agent-shaped load they all measure with.
//!
//! Included by path (`#[path = "../benches/support/mod.rs"]`) from the criterion benches in
//! `benches/` and from the whole-system load tool in `examples/bench/`, so that every number in
//! `docs/benchmarks.md` comes from the same generated spans. It is not part of the product.

#![allow(dead_code)] // each including target uses a different part

pub mod agents;
pub mod dialects;
pub mod text;

#[allow(unused_imports)] // not every target uses both
pub use agents::{LoadSpec, Workload};
