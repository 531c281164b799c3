//! One span's summary and attributes views (`canopy span get --view summary|attributes`).
//!
//! ```text
//! name      chat                                   summary: what, who, what it cost
//! kind      LLM  client
//! model     gpt-4o-mini  openai
//! tokens    42 in · 17 out · 59 total
//! cost      ~$0.00042  estimated
//! …
//! normalized                                       attributes: derived fields first, each
//!   model         gpt-4o-mini   ← llm.model_name   with the raw key it came from, then the
//! attributes                                       raw attributes, resource and scope
//!   llm.model_name  gpt-4o-mini
//! ```

use owo_colors::{OwoColorize, Style};

use super::facts::{self, cost_text};
use super::fields::{FieldOptions, Fields, preview, time};
use super::text::{duration, sanitize};
use crate::model::{Attributes, CostSource, Payload, Span, SpanKind, StatusCode, Totals, Usage};
use crate::ui::Styles;

/// Longest preview of a tool's arguments or result in the summary (the io view has them whole).
const PREVIEW: usize = 160;

/// `42 in · 17 out · 59 total · 5 cache read`.
pub fn usage_text(u: &Usage, dot: &str) -> Option<String> {
    let parts: Vec<String> = [
        (u.input_tokens, "in"),
        (u.output_tokens, "out"),
        (u.total(), "total"),
        (u.cache_read_tokens, "cache read"),
        (u.cache_write_tokens, "cache write"),
        (u.reasoning_tokens, "reasoning"),
    ]
    .into_iter()
    .filter_map(|(n, what)| n.map(|n| format!("{n} {what}")))
    .collect();
    (!parts.is_empty()).then(|| parts.join(&format!(" {dot} ")))
}

/// The same for subtree totals (zeros left out).
pub fn totals_text(t: &Totals, dot: &str) -> Option<String> {
    let nz = |n: u64| (n > 0).then_some(n);
    usage_text(
        &Usage {
            input_tokens: nz(t.input_tokens),
            output_tokens: nz(t.output_tokens),
            total_tokens: nz(t.total_tokens),
            cache_read_tokens: nz(t.cache_read_tokens),
            cache_write_tokens: nz(t.cache_write_tokens),
            reasoning_tokens: nz(t.reasoning_tokens),
        },
        dot,
    )
}

fn status_text(span: &Span) -> &'static str {
    match span.status.code {
        StatusCode::Ok => "ok",
        StatusCode::Error => "error",
        StatusCode::Unset => "unset",
    }
}

/// What the span is, who ran it, what it cost and how it ended.
pub fn summary(span: &Span, dot: &str, opts: &FieldOptions) -> Vec<String> {
    let s = opts.styles;
    let text = |v: Option<&str>| v.filter(|v| !v.is_empty()).map(sanitize);
    let mut f = Fields::new(opts);
    f.one("name", Some(sanitize(&span.name)), s.span_name);
    f.whole("span", span.span_id.to_hex(), s.id);
    f.whole("trace", span.trace_id.to_hex(), s.id);
    match span.parent_span_id {
        Some(p) => f.whole("parent", p.to_hex(), s.id),
        None => f.one("parent", Some("none (a root span)".into()), s.dim),
    }
    let kind = (span.kind != SpanKind::Unknown).then(|| span.kind.as_str().to_string());
    let otel = serde_json::to_value(span.otel_kind)
        .ok()
        .and_then(|v| v.as_str().map(|k| format!("otel {k}")));
    f.parts(
        "kind",
        vec![
            (kind.unwrap_or_default(), s.kind(span.kind)),
            (otel.unwrap_or_default(), s.dim),
        ],
    );
    f.parts(
        "model",
        vec![
            (text(span.model.as_deref()).unwrap_or_default(), s.model),
            (text(span.provider.as_deref()).unwrap_or_default(), s.dim),
        ],
    );
    f.one("tokens", usage_text(&span.usage(), dot), s.tokens);
    if let Some(c) = facts::own_cost(span) {
        let source = span.cost_source.unwrap_or(CostSource::Reported).as_str();
        f.parts(
            "cost",
            vec![(cost_text(c), s.cost), (source.to_string(), s.dim)],
        );
    }
    if let Some(t) = &span.subtree
        && facts::sum_if_different(span, t).is_some()
    {
        let mut parts = vec![(totals_text(t, dot).unwrap_or_default(), s.tokens)];
        if let Some(c) = t.cost_usd {
            let label = if t.cost_estimated {
                "includes estimates"
            } else {
                ""
            };
            parts.push((cost_text((c, t.cost_estimated)), s.cost));
            parts.push((label.to_string(), s.dim));
        }
        if t.llm_count > 0 {
            let calls = format!(
                "{} LLM call{}",
                t.llm_count,
                if t.llm_count == 1 { "" } else { "s" }
            );
            parts.push((calls, s.dim));
        }
        f.parts("subtree", parts);
    }
    f.one("started", Some(time(span.start_time, opts.now)), s.dim);
    f.one("duration", Some(duration(span.duration_ns())), s.duration);
    let status_style = if span.is_error() { s.error } else { s.ok };
    f.one("status", Some(status_text(span).to_string()), status_style);
    f.one(
        "error",
        facts::error_line(span).map(|e| sanitize(&e)),
        s.error,
    );
    f.one("session", text(span.session_id.as_deref()), Style::new());
    f.one("user", text(span.user_id.as_deref()), Style::new());
    f.one("agent", text(span.agent_name.as_deref()), s.kind_agent);
    if let Some(tool) = &span.tool {
        f.parts(
            "tool",
            vec![
                (text(tool.name.as_deref()).unwrap_or_default(), s.kind_tool),
                (text(tool.call_id.as_deref()).unwrap_or_default(), s.dim),
            ],
        );
        f.one(
            "arguments",
            tool.arguments.as_deref().map(|a| preview(a, PREVIEW)),
            Style::new(),
        );
        f.one(
            "result",
            tool.result.as_deref().map(|r| preview(r, PREVIEW)),
            Style::new(),
        );
    }
    f.one(
        "input",
        span.input.as_ref().and_then(payload_summary),
        s.dim,
    );
    f.one(
        "output",
        span.output.as_ref().and_then(payload_summary),
        s.dim,
    );
    f.one("service", span.service_name().map(sanitize), Style::new());
    let scope = &span.scope;
    if !scope.name.is_empty() {
        let version = scope.version.as_deref().map(sanitize).unwrap_or_default();
        f.parts(
            "scope",
            vec![(sanitize(&scope.name), Style::new()), (version, s.dim)],
        );
    }
    f.finish()
}

/// `3 messages, last from user: "What's…"` or a preview of the value.
fn payload_summary(p: &Payload) -> Option<String> {
    if let Some(last) = p.messages.last() {
        let n = p.messages.len();
        let content = last
            .content
            .as_deref()
            .map(|c| format!(": {}", preview(c, 60)))
            .or_else(|| {
                last.tool_calls
                    .first()
                    .map(|c| format!(": calls {}", sanitize(&c.name)))
            })
            .unwrap_or_default();
        return Some(format!(
            "{n} message{}, last {}{content}",
            if n == 1 { "" } else { "s" },
            sanitize(&last.role)
        ));
    }
    p.value.as_deref().map(|v| preview(v, 80))
}

/// A JSON attribute value on one line: strings as they are, anything else as compact JSON.
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => sanitize(s),
        other => sanitize(&other.to_string()),
    }
}

fn section(title: &str, s: &Styles) -> String {
    title.style(s.header).to_string()
}

fn attribute_block(attrs: &Attributes, opts: &FieldOptions) -> Vec<String> {
    let mut f = Fields::new(opts);
    for (k, v) in attrs {
        f.indented(2, k, vec![(value_text(v), Style::new())]);
    }
    f.finish()
}

/// The normalized fields with the key each came from, then the raw attributes, resource, scope.
pub fn attributes(span: &Span, opts: &FieldOptions) -> Vec<String> {
    let s = opts.styles;
    let num = |n: Option<u64>| n.map(|n| n.to_string());
    let cost = span.cost_usd.map(|c| {
        let src = span.cost_source.unwrap_or(CostSource::Reported).as_str();
        format!("{c} ({src})")
    });
    let io = |p: &Option<Payload>| {
        p.as_ref()
            .filter(|p| !p.is_empty())
            .map(|p| match p.messages.len() {
                0 => format!(
                    "a value of {} bytes",
                    p.value.as_deref().map_or(0, str::len)
                ),
                n => format!("{n} message{}", if n == 1 { "" } else { "s" }),
            })
    };
    let tool = span.tool.clone().unwrap_or_default();
    let error = span.error.clone().unwrap_or_default();
    let fields: Vec<(&str, Option<String>)> = vec![
        (
            "kind",
            (span.kind != SpanKind::Unknown).then(|| span.kind.as_str().to_string()),
        ),
        ("model", span.model.clone()),
        ("provider", span.provider.clone()),
        ("input_tokens", num(span.input_tokens)),
        ("output_tokens", num(span.output_tokens)),
        ("total_tokens", num(span.total_tokens)),
        ("cache_read_tokens", num(span.cache_read_tokens)),
        ("cache_write_tokens", num(span.cache_write_tokens)),
        ("reasoning_tokens", num(span.reasoning_tokens)),
        ("cost_usd", cost),
        ("session_id", span.session_id.clone()),
        ("user_id", span.user_id.clone()),
        ("agent_name", span.agent_name.clone()),
        ("tool.name", tool.name),
        ("tool.call_id", tool.call_id),
        (
            "tool.arguments",
            tool.arguments.map(|a| preview(&a, PREVIEW)),
        ),
        ("tool.result", tool.result.map(|r| preview(&r, PREVIEW))),
        ("error.type", error.error_type),
        ("error.message", error.message.map(|m| preview(&m, PREVIEW))),
        ("input", io(&span.input)),
        ("output", io(&span.output)),
    ];
    let arrow = "←";
    let mut f = Fields::new(opts);
    let mut used: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (field, value) in fields {
        let Some(value) = value else { continue };
        // Sources may name a field (`tool.name`) or the whole of it (`tool`).
        let head = field.split('.').next().unwrap_or(field);
        let source = [field, head]
            .into_iter()
            .find_map(|name| span.sources.get_key_value(name));
        if let Some((name, _)) = source {
            used.insert(name.as_str());
        }
        let src = source
            .map(|(_, k)| format!("{arrow} {}", sanitize(k)))
            .unwrap_or_default();
        f.indented(
            2,
            field,
            vec![(sanitize(&value), Style::new()), (src, s.dim)],
        );
    }
    // Provenance for fields this view does not list is still shown.
    for (field, key) in &span.sources {
        if !used.contains(field.as_str()) {
            let src = format!("{arrow} {}", sanitize(key));
            f.indented(2, field, vec![("(derived)".into(), s.dim), (src, s.dim)]);
        }
    }
    let mut out = Vec::new();
    let normalized = f.finish();
    if !normalized.is_empty() {
        out.push(section("normalized", s));
        out.extend(normalized);
    }
    out.push(section("attributes", s));
    out.extend(attribute_block(&span.attributes, opts));
    if !span.resource.attributes.is_empty() {
        out.push(section("resource", s));
        out.extend(attribute_block(&span.resource.attributes, opts));
    }
    let scope = &span.scope;
    if !scope.name.is_empty() || !scope.attributes.is_empty() {
        let name = format!(
            "{}{}",
            sanitize(&scope.name),
            scope
                .version
                .as_deref()
                .map(|v| format!(" {}", sanitize(v)))
                .unwrap_or_default()
        );
        out.push(format!("{}  {}", section("scope", s), name));
        out.extend(attribute_block(&scope.attributes, opts));
    }
    if !span.links.is_empty() {
        out.push(section("links", s));
        for l in &span.links {
            out.push(format!(
                "  {} {}",
                l.trace_id.to_hex().style(s.id),
                l.span_id.to_hex().style(s.id)
            ));
        }
    }
    out
}

#[cfg(test)]
#[path = "span_tests.rs"]
mod tests;
