//! `trace lint`: what makes a trace hard to trust or to read, and what to do about it.
//!
//! Pure analysis of one trace (no IO): each rule looks at the span tree and emits findings
//! that name the span, say what is wrong and how to fix it. Severity decides the exit code of
//! `canopy trace lint`: any `error` finding makes it 1, so CI can gate on instrumentation.
//!
//! | rule | severity | finds |
//! |---|---|---|
//! | `parent-cycle` | error | spans that are their own ancestors (or parents) |
//! | `several-roots` | error | more than one span without a parent: context was not propagated |
//! | `missing-parent` | warning | spans whose parent never arrived (in another service, or lost) |
//! | `split-service` | warning | a service's spans hanging off a parent that is not in the trace |
//! | `llm-without-model` / `llm-without-tokens` | warning | LLM spans missing what makes them readable |
//! | `unknown-kind` | info | spans no convention names (one finding, counting them) |
//! | `zero-duration` / `unclosed` | warning | spans that end when they start, or before |
//! | `clock-skew` | warning | a child that starts before or ends after its parent |
//! | `repeated-tool-call` | warning | the same tool called with the same arguments again and again |
//! | `retry-storm` | warning | a run of failing calls to the same thing under one parent |
//! | `runaway-depth` | warning | nesting deeper than [`MAX_DEPTH`] |

mod rules;

use serde::{Deserialize, Serialize};

use crate::model::{SpanId, Trace, TraceId};

/// Nesting deeper than this is reported.
pub const MAX_DEPTH: usize = 64;
/// Identical tool calls (same tool, same arguments) in one trace before it is reported.
pub const REPEATED_CALLS: usize = 3;
/// Consecutive failing siblings with one name before it is a retry storm.
pub const RETRY_STORM: usize = 3;
/// A child may stick out of its parent by this much before it counts as skew (clocks and
/// SDK rounding differ by a little).
pub const SKEW_TOLERANCE_NS: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem, where it is, and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub trace_id: TraceId,
    /// The span it is about; absent for findings about the trace as a whole.
    pub span_id: Option<SpanId>,
    pub span_name: Option<String>,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

/// Every finding for one trace, most severe first, then in span order.
pub fn lint(trace: &Trace) -> Vec<Finding> {
    let mut findings = rules::run(trace);
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    findings
}

/// True when any finding is an error (`trace lint` then exits 1).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
