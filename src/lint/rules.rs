//! The lint rules (see the table in `lint`).

use std::collections::HashMap;

use super::{Finding, MAX_DEPTH, REPEATED_CALLS, RETRY_STORM, SKEW_TOLERANCE_NS, Severity};
use crate::model::{Node, Span, SpanKind, SpanTree, Top, Trace};
use crate::render::text::duration;

struct Out<'a> {
    trace: &'a Trace,
    findings: Vec<Finding>,
}

impl Out<'_> {
    fn push(
        &mut self,
        span: Option<&Span>,
        rule: &'static str,
        severity: Severity,
        message: String,
        fix: &str,
    ) {
        self.findings.push(Finding {
            trace_id: self.trace.trace_id,
            span_id: span.map(|s| s.span_id),
            span_name: span.map(|s| s.name.clone()),
            rule,
            severity,
            message,
            fix: fix.to_string(),
        });
    }
}

pub(super) fn run(trace: &Trace) -> Vec<Finding> {
    let spans = &trace.spans;
    let tree = SpanTree::build(spans);
    let mut out = Out {
        trace,
        findings: Vec::new(),
    };
    structure(&tree, &mut out);
    per_span(&tree, &mut out);
    repeated_tool_calls(spans, &mut out);
    retry_storms(&tree, &mut out);
    out.findings
}

fn service(s: &Span) -> &str {
    s.service_name().unwrap_or("(no service)")
}

/// Roots, orphans, cycles and services that lost their parent.
fn structure(tree: &SpanTree, out: &mut Out) {
    let spans = tree.spans();
    let roots: Vec<&Span> = tree
        .tops()
        .iter()
        .filter_map(|t| match t {
            Top::Root(i) => Some(&spans[*i]),
            _ => None,
        })
        .collect();
    let root_service = roots.first().map(|r| service(r));
    if roots.len() > 1 {
        let names: Vec<&str> = roots.iter().take(5).map(|r| r.name.as_str()).collect();
        out.push(
            None,
            "several-roots",
            Severity::Error,
            format!("{} spans have no parent ({})", roots.len(), names.join(", ")),
            "one trace should have one root: propagate the trace context into every task, thread and \
             service (pass the parent context explicitly where the SDK cannot follow it)",
        );
    }
    for top in tree.tops() {
        match top {
            Top::MissingParent { parent, children } => {
                let first = &spans[children[0]];
                let svc = service(first);
                let count = children.len();
                if root_service.is_some_and(|r| r != svc) {
                    out.push(
                        Some(first),
                        "split-service",
                        Severity::Warning,
                        format!("{count} span(s) of service {svc} hang off parent {parent}, which is not in the trace"),
                        "the calling service must export its span, or propagate `traceparent` to this one",
                    );
                } else {
                    out.push(
                        Some(first),
                        "missing-parent",
                        Severity::Warning,
                        format!(
                            "{count} span(s) point at parent {parent}, which is not in the trace"
                        ),
                        "the parent was never exported: make sure it is ended and flushed (a span \
                         still open at exit is lost), or it may still be on its way",
                    );
                }
            }
            Top::Cycle(i) => out.push(
                Some(&spans[*i]),
                "parent-cycle",
                Severity::Error,
                "this span is its own ancestor (a parent cycle)".into(),
                "span ids are being reused or parents set by hand wrongly: let the SDK create ids",
            ),
            Top::Root(_) => {}
        }
    }
}

/// Kinds, models, tokens, timing and depth, span by span.
fn per_span(tree: &SpanTree, out: &mut Out) {
    let spans = tree.spans();
    let mut unknown = 0;
    let mut deep_reported = false;
    for e in tree.walk() {
        let Node::Span { index, .. } = e.node else {
            continue;
        };
        let s = &spans[index];
        if e.depth > MAX_DEPTH && !deep_reported {
            deep_reported = true;
            out.push(
                Some(s),
                "runaway-depth",
                Severity::Warning,
                format!("nesting reaches depth {} (more than {MAX_DEPTH})", e.depth),
                "recursion is opening a span per step: open one span around the loop, or end spans \
                 before starting the next step",
            );
        }
        if s.kind == SpanKind::Unknown {
            unknown += 1;
        }
        if s.kind == SpanKind::Llm {
            if s.model.is_none() {
                out.push(
                    Some(s),
                    "llm-without-model",
                    Severity::Warning,
                    "LLM span without a model name".into(),
                    "set `gen_ai.request.model` (or `llm.model_name`) on the span",
                );
            }
            if s.usage().is_empty() && !s.is_error() {
                out.push(
                    Some(s),
                    "llm-without-tokens",
                    Severity::Warning,
                    "LLM span without token counts: its cost cannot be known".into(),
                    "record `gen_ai.usage.input_tokens`/`output_tokens` (or `llm.token_count.*`); \
                     with streaming, ask the provider to include usage in the stream",
                );
            }
        }
        timing(s, tree.parent(index).map(|p| &spans[p]), out);
    }
    if unknown > 0 {
        out.push(
            None,
            "unknown-kind",
            Severity::Info,
            format!("{unknown} of {} spans have no kind (LLM, TOOL, AGENT…)", spans.len()),
            "set `openinference.span.kind` or `gen_ai.operation.name` on agent, tool and model spans",
        );
    }
}

fn timing(s: &Span, parent: Option<&Span>, out: &mut Out) {
    if s.end_time.0 <= 0 || s.end_time < s.start_time {
        out.push(
            Some(s),
            "unclosed",
            Severity::Warning,
            "the span ends before it starts (or never ended)".into(),
            "end every span, and end it after it starts: a span ended twice or never is usually a \
             missing `end()` on an error path",
        );
        return;
    }
    if s.end_time == s.start_time {
        out.push(
            Some(s),
            "zero-duration",
            Severity::Warning,
            "the span took no time at all".into(),
            "start the span before the work and end it after, rather than creating it at the end",
        );
    }
    let Some(p) = parent else {
        return;
    };
    let early = p.start_time.0 - s.start_time.0;
    let late = s.end_time.0 - p.end_time.0;
    if early > SKEW_TOLERANCE_NS || late > SKEW_TOLERANCE_NS {
        let how = if early > SKEW_TOLERANCE_NS {
            format!("starts {} before its parent", duration(early))
        } else {
            format!("ends {} after its parent", duration(late))
        };
        out.push(
            Some(s),
            "clock-skew",
            Severity::Warning,
            format!("the span {how} ({})", p.name),
            "parent and child were timed by different clocks (another host or process), or the \
             parent was ended before its child: end the parent last",
        );
    }
}

/// The same tool with the same arguments, called again and again.
fn repeated_tool_calls(spans: &[Span], out: &mut Out) {
    let mut calls: HashMap<(&str, &str), Vec<&Span>> = HashMap::new();
    for s in spans.iter().filter(|s| s.kind == SpanKind::Tool) {
        let Some(tool) = &s.tool else { continue };
        let (Some(name), Some(args)) = (tool.name.as_deref(), tool.arguments.as_deref()) else {
            continue;
        };
        calls.entry((name, args.trim())).or_default().push(s);
    }
    let mut repeated: Vec<_> = calls
        .into_iter()
        .filter(|(_, v)| v.len() >= REPEATED_CALLS)
        .collect();
    repeated.sort_by_key(|(_, v)| (v[0].start_time, v[0].span_id));
    for ((name, args), calls) in repeated {
        let shown: String = args.chars().take(60).collect();
        out.push(
            Some(calls[0]),
            "repeated-tool-call",
            Severity::Warning,
            format!("{name} was called {} times with the same arguments ({shown})", calls.len()),
            "the agent is looping: give the model the tool's result (or error) it needs to move on, \
             or cache the call",
        );
    }
}

/// A run of failing siblings with one name: retries without backoff, or a loop on an error.
fn retry_storms(tree: &SpanTree, out: &mut Out) {
    let spans = tree.spans();
    let groups =
        (0..spans.len())
            .map(|i| tree.children(i).to_vec())
            .chain(tree.tops().iter().filter_map(|t| match t {
                Top::MissingParent { children, .. } => Some(children.clone()),
                _ => None,
            }));
    for siblings in groups {
        let mut run: Vec<&Span> = Vec::new();
        let flush = |run: &mut Vec<&Span>, out: &mut Out| {
            if run.len() >= RETRY_STORM {
                out.push(
                    Some(run[0]),
                    "retry-storm",
                    Severity::Warning,
                    format!("{} failed {} times in a row", run[0].name, run.len()),
                    "back off between retries and stop after a few; check the error of the first failure",
                );
            }
            run.clear();
        };
        for &i in &siblings {
            let s = &spans[i];
            if s.is_error() && run.last().is_none_or(|prev| prev.name == s.name) {
                run.push(s);
            } else {
                flush(&mut run, out);
                if s.is_error() {
                    run.push(s);
                }
            }
        }
        flush(&mut run, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StatusCode, ToolInfo, TraceId, TraceSummary, test_span};

    fn trace(spans: Vec<Span>) -> Trace {
        Trace {
            trace_id: TraceId([1; 16]),
            summary: TraceSummary::default(),
            spans,
            annotations: Vec::new(),
        }
    }

    fn rules(t: &Trace) -> Vec<(&'static str, Severity, Option<String>)> {
        super::super::lint(t)
            .into_iter()
            .map(|f| (f.rule, f.severity, f.span_name))
            .collect()
    }

    #[test]
    fn a_clean_trace_has_no_findings() {
        let mut root = test_span(1, 1, None, "run", 0, 100);
        root.kind = SpanKind::Agent;
        let mut llm = test_span(1, 2, Some(1), "chat", 10, 20);
        llm.kind = SpanKind::Llm;
        llm.model = Some("gpt-4o".into());
        llm.input_tokens = Some(5);
        assert_eq!(rules(&trace(vec![root, llm])), []);
    }

    #[test]
    fn structure_problems() {
        let mut cyc_a = test_span(1, 5, Some(6), "a", 50, 60);
        cyc_a.kind = SpanKind::Chain;
        let mut cyc_b = test_span(1, 6, Some(5), "b", 51, 59);
        cyc_b.kind = SpanKind::Chain;
        let mut orphan = test_span(1, 3, Some(9), "orphan", 10, 20);
        orphan.kind = SpanKind::Tool;
        let mut root2 = test_span(1, 2, None, "second-root", 30, 40);
        root2.kind = SpanKind::Chain;
        let mut root = test_span(1, 1, None, "root", 0, 100);
        root.kind = SpanKind::Agent;
        let got = rules(&trace(vec![root, root2, orphan, cyc_a, cyc_b]));
        assert_eq!(
            got,
            [
                ("several-roots", Severity::Error, None),
                ("parent-cycle", Severity::Error, Some("a".into())),
                ("missing-parent", Severity::Warning, Some("orphan".into())),
            ]
        );
    }

    #[test]
    fn span_problems() {
        let mut root = test_span(1, 1, None, "root", 100, 200);
        root.kind = SpanKind::Chain;
        let mut llm = test_span(1, 2, Some(1), "chat", 100 - 5_000_000, 150);
        llm.kind = SpanKind::Llm;
        let mut zero = test_span(1, 3, Some(1), "instant", 160, 160);
        zero.kind = SpanKind::Tool;
        let mut backwards = test_span(1, 4, Some(1), "backwards", 170, 165);
        backwards.kind = SpanKind::Tool;
        let plain = test_span(1, 5, Some(1), "http", 180, 190);
        let got = rules(&trace(vec![root, llm, zero, backwards, plain]));
        let names: Vec<&str> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            names,
            [
                "llm-without-model",
                "llm-without-tokens",
                "clock-skew",
                "zero-duration",
                "unclosed",
                "unknown-kind"
            ]
        );
    }

    #[test]
    fn loops_and_retry_storms() {
        let mut root = test_span(1, 1, None, "root", 0, 1_000);
        root.kind = SpanKind::Agent;
        let mut spans = vec![root];
        for i in 0..3u8 {
            let mut t = test_span(
                1,
                10 + i,
                Some(1),
                "search",
                10 * i64::from(i) + 1,
                10 * i64::from(i) + 5,
            );
            t.kind = SpanKind::Tool;
            t.tool = Some(ToolInfo {
                name: Some("search".into()),
                arguments: Some("{\"q\": \"paris\"}".into()),
                ..Default::default()
            });
            spans.push(t);
        }
        for i in 0..4u8 {
            let mut c = test_span(
                1,
                20 + i,
                Some(1),
                "chat",
                100 + 10 * i64::from(i),
                105 + 10 * i64::from(i),
            );
            c.kind = SpanKind::Llm;
            c.model = Some("gpt-4o".into());
            c.status.code = StatusCode::Error;
            spans.push(c);
        }
        let got: Vec<&str> = rules(&trace(spans)).iter().map(|g| g.0).collect();
        assert_eq!(got, ["repeated-tool-call", "retry-storm"]);
    }

    #[test]
    fn depth_is_reported_once() {
        let spans: Vec<Span> = (0..(MAX_DEPTH as u64 + 10))
            .map(|i| {
                let mut s = test_span(1, 0, None, "step", i as i64, 10_000 - i as i64);
                s.kind = SpanKind::Chain;
                s.span_id = crate::model::SpanId((i + 1).to_be_bytes());
                s.parent_span_id = (i > 0).then(|| crate::model::SpanId(i.to_be_bytes()));
                s
            })
            .collect();
        let got: Vec<&str> = rules(&trace(spans)).iter().map(|g| g.0).collect();
        assert_eq!(got, ["runaway-depth"]);
    }
}
