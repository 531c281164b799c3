//! The thread: a trace's conversation in order, each message once.
//!
//! Model calls resend the whole history, so printing every call's input would repeat the system
//! prompt and every earlier turn on each call. The thread walks the model calls and tool spans in
//! start order and shows:
//!
//! - for each model call, the input messages not shown yet, then its output. "Shown" counts
//!   occurrences: a message identical to one shown before (same role, content, tool calls, call
//!   id, name) is skipped only as many times as it was shown, so a user who says "yes" twice
//!   still says it twice;
//! - under each tool call an assistant makes, the tool span that ran it (matched by call id, else
//!   the first unmatched tool span of that name that started after the call), with its result
//!   or error; a later `tool` message carrying that call's result is then not repeated;
//! - tool spans no call asked for, where they happened, with their arguments and result.
//!
//! An LLM span nested in another LLM span is the same call seen by two SDKs (a wrapper around
//! the provider's client): the outermost span is the call, and its messages come from the
//! first span of the two (outer first) that recorded any.
//!
//! ```text
//! ── chat · gpt-4o-mini · 13.6ms · 59 tok
//! system
//!   You are a travel planner.
//! user
//!   What's the weather in Paris?
//! assistant
//!   → get_weather  call_1
//!     {"city": "Paris"}
//!     ← get_weather  58µs
//!       {"temp_c": 21}
//! ── chat · gpt-4o-mini · 48.2ms · 59 tok
//! assistant
//!   It is 21°C in Paris.
//! ```

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use owo_colors::OwoColorize;

use super::facts::{self, tokens_text};
use super::message::{self, BlockOptions, block, call_line};
use super::outline::Forest;
use super::text::{duration, sanitize, truncate};
use crate::model::{Message, Payload, Span, SpanKind, SpanTree};

/// Thread lines for a trace; empty when it has no model calls or tool spans.
pub fn render(tree: &SpanTree, opts: &BlockOptions) -> Vec<String> {
    let spans = tree.spans();
    let forest = Forest::build(tree);
    let has_io = |i: usize| {
        spans[i].input.as_ref().is_some_and(|p| !p.is_empty())
            || spans[i].output.as_ref().is_some_and(|p| !p.is_empty())
    };

    // Model calls (outermost LLM spans, with the span whose IO they show) and tool spans.
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let mut tools: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < forest.entries.len() {
        let Some(i) = forest.span(k) else {
            k += 1;
            continue;
        };
        match spans[i].kind {
            SpanKind::Llm => {
                let inner = (k + 1..=k + forest.size[k]).filter_map(|e| forest.span(e));
                let source = std::iter::once(i)
                    .chain(inner.clone().filter(|&j| spans[j].kind == SpanKind::Llm))
                    .find(|&j| has_io(j))
                    .unwrap_or(i);
                calls.push((i, source));
                // Tool spans inside a call still belong to the thread.
                tools.extend(inner.filter(|&j| spans[j].kind == SpanKind::Tool));
                k += forest.size[k] + 1;
            }
            SpanKind::Tool => {
                tools.push(i);
                k += 1;
            }
            _ => k += 1,
        }
    }
    let order = |i: usize| (spans[i].start_time, spans[i].span_id);
    let mut events: Vec<(usize, bool)> = calls
        .iter()
        .map(|&(i, _)| (i, true))
        .chain(tools.iter().map(|&i| (i, false)))
        .collect();
    events.sort_by_key(|&(i, _)| order(i));
    let source_of: HashMap<usize, usize> = calls.into_iter().collect();
    tools.sort_by_key(|&i| order(i));

    let mut by_call_id = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for &t in &tools {
        let info = spans[t].tool.as_ref();
        if let Some(id) = info.and_then(|x| x.call_id.clone()) {
            by_call_id.entry(id).or_insert(t);
        }
        let name = info.and_then(|x| x.name.clone());
        by_name
            .entry(name.unwrap_or_else(|| spans[t].name.clone()))
            .or_default()
            .push(t);
    }
    let mut t = Thread {
        spans,
        opts,
        by_call_id,
        by_name,
        used_tools: HashSet::new(),
        answered: HashSet::new(),
        shown: HashMap::new(),
        lines: Vec::new(),
    };
    for (i, is_call) in events {
        if is_call {
            t.call(i, source_of[&i]);
        } else if !t.used_tools.contains(&i) {
            t.standalone_tool(i);
        }
    }
    t.lines
}

struct Thread<'a> {
    spans: &'a [Span],
    opts: &'a BlockOptions<'a>,
    /// Tool spans by call id, and by tool name in start order; those attached to a call.
    by_call_id: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    used_tools: HashSet<usize>,
    /// Call ids whose result was shown under the call.
    answered: HashSet<String>,
    /// How many times each message (by fingerprint) has been shown.
    shown: HashMap<u64, usize>,
    lines: Vec<String>,
}

fn fingerprint(m: &Message) -> u64 {
    let mut h = DefaultHasher::new();
    m.role.to_ascii_lowercase().hash(&mut h);
    m.content.hash(&mut h);
    for c in &m.tool_calls {
        (&c.id, &c.name, &c.arguments).hash(&mut h);
    }
    (&m.tool_call_id, &m.name).hash(&mut h);
    h.finish()
}

fn value_fingerprint(role: &str, value: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (role, value).hash(&mut h);
    h.finish()
}

impl Thread<'_> {
    /// `── chat · gpt-4o-mini · 13.6ms · 59 tok`, and the error of a failed call.
    fn header(&mut self, span: &Span) {
        let (s, sym) = (self.opts.styles, self.opts.symbols);
        let mut facts_line = vec![sanitize(&span.name)];
        facts_line.extend(span.model.as_deref().map(sanitize));
        facts_line.push(duration(span.duration_ns()));
        facts_line.extend(facts::own_tokens(span).map(tokens_text));
        let sep = format!(" {} ", sym.dot);
        let mut header = format!("{} {}", sym.rule, facts_line.join(&sep));
        if let Some(w) = self.opts.width {
            header = truncate(&header, w);
        }
        self.lines.push(header.style(s.dim).to_string());
        if let Some(e) = facts::error_text(span) {
            let text = format!("{} {e}", sym.error);
            let lines = block(&text, 0, self.opts.width);
            self.lines
                .extend(lines.into_iter().map(|l| l.style(s.error).to_string()));
        }
    }

    fn call(&mut self, call: usize, source: usize) {
        let span = &self.spans[call];
        self.header(span);
        let io = &self.spans[source];
        if let Some(input) = io.input.as_ref() {
            self.input(input);
        }
        if let Some(output) = io.output.as_ref() {
            for m in &output.messages {
                *self.shown.entry(fingerprint(m)).or_default() += 1;
                self.message(m, span.start_time.0);
            }
            if output.messages.is_empty()
                && let Some(v) = &output.value
            {
                self.value("output", v);
            }
        }
    }

    /// The input messages not shown yet (counting occurrences), or the raw input value.
    fn input(&mut self, input: &Payload) {
        let mut seen_here: HashMap<u64, usize> = HashMap::new();
        for m in &input.messages {
            let f = fingerprint(m);
            let n = seen_here.entry(f).or_default();
            *n += 1;
            let shown = self.shown.entry(f).or_default();
            if *n <= *shown {
                continue;
            }
            *shown = *n;
            let is_answer = m.role.eq_ignore_ascii_case("tool")
                && m.tool_call_id
                    .as_ref()
                    .is_some_and(|id| self.answered.contains(id));
            if !is_answer {
                self.message(m, i64::MIN);
            }
        }
        if input.messages.is_empty()
            && let Some(v) = &input.value
        {
            self.value("input", v);
        }
    }

    /// A raw value shown once: `input` or `output` and the text.
    fn value(&mut self, label: &str, v: &str) {
        let f = value_fingerprint(label, v);
        let n = self.shown.entry(f).or_default();
        if *n > 0 && label == "input" {
            return;
        }
        *n += 1;
        self.lines
            .push(label.style(self.opts.styles.dim).to_string());
        self.lines.extend(block(v, 2, self.opts.width));
    }

    /// A message; under each tool call, the tool span that answered it (started after `after`).
    fn message(&mut self, m: &Message, after: i64) {
        let opts = self.opts;
        let mut plain = m.clone();
        plain.tool_calls.clear();
        self.lines.extend(message::message(&plain, 0, opts));
        for call in &m.tool_calls {
            self.lines
                .push(call_line(&call.name, call.id.as_deref(), 2, opts));
            if let Some(args) = call.arguments.as_deref().filter(|a| !a.trim().is_empty()) {
                self.lines.extend(block(args, 4, opts.width));
            }
            if let Some(tool) = self.find_tool(call.id.as_deref(), &call.name, after) {
                self.used_tools.insert(tool);
                if let Some(id) = &call.id {
                    self.answered.insert(id.clone());
                }
                self.tool_result(tool, 4);
            }
        }
    }

    /// The tool span that ran a call: the unused one with its call id, else the first unused
    /// one of its name that started at or after `after` (and has no other call id). Both
    /// lookups go through indexes, so a trace with thousands of tool calls stays linear.
    fn find_tool(&self, id: Option<&str>, name: &str, after: i64) -> Option<usize> {
        let unused = |t: &usize| !self.used_tools.contains(t);
        if let Some(id) = id.filter(|i| !i.is_empty())
            && let Some(&t) = self.by_call_id.get(id).filter(|t| unused(t))
        {
            return Some(t);
        }
        self.by_name.get(name)?.iter().copied().find(|t| {
            let call_id = self.spans[*t]
                .tool
                .as_ref()
                .and_then(|x| x.call_id.as_deref());
            unused(t)
                && self.spans[*t].start_time.0 >= after
                && call_id.is_none_or(|c| id.is_none_or(|i| i == c))
        })
    }

    /// `← get_weather  58µs` and the result (or the error) below it.
    fn tool_result(&mut self, t: usize, indent: usize) {
        let (s, sym) = (self.opts.styles, self.opts.symbols);
        let span = &self.spans[t];
        let name = span
            .tool
            .as_ref()
            .and_then(|x| x.name.as_deref())
            .unwrap_or(&span.name);
        self.lines.push(format!(
            "{}{} {}  {}",
            " ".repeat(indent),
            sym.result.style(s.kind_tool),
            sanitize(name).style(s.kind_tool),
            duration(span.duration_ns()).style(s.duration)
        ));
        if let Some(e) = facts::error_text(span) {
            let text = format!("{} {e}", sym.error);
            self.lines.extend(
                block(&text, indent + 2, self.opts.width)
                    .into_iter()
                    .map(|l| l.style(s.error).to_string()),
            );
        }
        let result = span
            .tool
            .as_ref()
            .and_then(|x| x.result.clone())
            .or_else(|| span.output.as_ref().and_then(payload_text));
        if let Some(r) = result.filter(|r| !r.trim().is_empty()) {
            self.lines.extend(block(&r, indent + 2, self.opts.width));
        }
    }

    /// A tool span no assistant message asked for, where it ran: the call with its duration,
    /// then its error, arguments and result.
    fn standalone_tool(&mut self, t: usize) {
        let (s, sym) = (self.opts.styles, self.opts.symbols);
        let span = &self.spans[t];
        let tool = span.tool.clone().unwrap_or_default();
        let name = tool.name.clone().unwrap_or_else(|| span.name.clone());
        let mut line = call_line(&name, tool.call_id.as_deref(), 0, self.opts);
        line.push_str(&format!(
            "  {}",
            duration(span.duration_ns()).style(s.duration)
        ));
        self.lines.push(line);
        if let Some(e) = facts::error_text(span) {
            let text = format!("{} {e}", sym.error);
            let lines = block(&text, 2, self.opts.width);
            self.lines
                .extend(lines.into_iter().map(|l| l.style(s.error).to_string()));
        }
        let args = tool
            .arguments
            .or_else(|| span.input.as_ref().and_then(payload_text));
        if let Some(a) = args.filter(|a| !a.trim().is_empty()) {
            self.lines.extend(block(&a, 2, self.opts.width));
        }
        let result = tool
            .result
            .or_else(|| span.output.as_ref().and_then(payload_text));
        if let Some(r) = result.filter(|r| !r.trim().is_empty()) {
            self.lines.push(format!(
                "  {} {}",
                sym.result.style(s.kind_tool),
                sanitize(&name).style(s.kind_tool)
            ));
            self.lines.extend(block(&r, 4, self.opts.width));
        }
        if let Some(id) = tool.call_id {
            self.answered.insert(id);
        }
    }
}

/// A payload as one text: its value, else its messages' contents.
fn payload_text(p: &Payload) -> Option<String> {
    p.value.clone().or_else(|| {
        let parts: Vec<&str> = p
            .messages
            .iter()
            .filter_map(|m| m.content.as_deref())
            .collect();
        (!parts.is_empty()).then(|| parts.join("\n"))
    })
}

#[cfg(test)]
#[path = "thread_tests.rs"]
mod tests;
