//! Semantic conventions: the many dialects SDKs speak → one normalized span (DESIGN.md §3).
//!
//! Entry points, all of which only add derived fields and never change raw attributes:
//!
//! - [`normalize`] runs at ingest, after `otlp` decoding and before the store, on the hot path.
//!   It fills kind, model, provider, tokens, cost, session, user, agent, tool and error, and
//!   records in `Span::sources` the raw key each value came from (`resource:<key>` when it came
//!   from the resource, `event:exception` for an exception event, `price table` for an estimate).
//!   It reads each span's attributes in one pass ([`attrs::Slots`]) and allocates only the
//!   values it keeps.
//! - [`complete`] runs when a trace is read: it fills what stores do not keep (tool, error,
//!   and as the reader asks, provenance and payloads). For an outline it reads only the keys
//!   [`outline_reads`] names, so a store need not parse the rest.
//! - [`attach_io`] (also part of `complete`) parses the span's input and output messages out
//!   of the raw attributes and events, so prompts are not stored twice.
//!
//! What this module does not do: inherit session, user or agent down the trace, or sum subtree
//! totals; those need the whole tree and live with it.
//!
//! Files: `attrs` (the keys read and value coercions), `kind`, `usage` (tokens, reported cost),
//! `fields` (model, provider, session, user, agent, tool, error), `pricing` +
//! `prices.toml` (estimates), `io/` (payloads for `attach_io`).

mod attrs;
mod fields;
mod io;
mod kind;
mod pricing;
mod usage;

#[cfg(test)]
mod fixture_tests;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::model::{
    CostSource, ErrorInfo, Span, SpanId, SpanKind, ToolInfo, TraceDetail, TraceId, Usage,
};

use attrs::{K, Slots};
pub use pricing::{ModelPrice, PriceError, PriceTable, Pricing};

/// Fills the derived fields of freshly decoded spans (all but `input`, `output` and `subtree`).
///
/// The batch matters for one rule only: a span whose sole hint is an `agent.name` is an agent
/// when it is a root, is named after the agent, or has children in the batch while its parent
/// does not carry the same agent name (SDKs stamp the enclosing agent's name on the spans inside
/// it, so a child of that agent is not the agent).
pub fn normalize(spans: &mut [Span], pricing: &Pricing) {
    let mut batch = None;
    for i in 0..spans.len() {
        let derived = derive(&spans[i], spans, &mut batch, pricing);
        derived.apply(&mut spans[i]);
    }
}

/// Whether [`complete`] reads the raw attribute `key` for an outline ([`TraceDetail::OUTLINE`]:
/// no payloads, no provenance, no raw attribute values), which fills only tool (its name and
/// call id) and error. A store may hand it only these keys for such a read: an agent span's
/// prompts, completions, tool arguments and results are most of its attributes, and the
/// outline shows none of them.
pub fn outline_reads(key: &str) -> bool {
    K::lookup(key).is_some_and(|k| fields::OUTLINE_KEYS.contains(&k))
}

/// The raw attributes of `span` that an outline read of it needs, as [`complete`] will see
/// the span (with its kind as stored): the [`outline_reads`] keys it carries, less
/// `gen_ai.operation.name` unless the tool's name is to be taken from the span name, which is
/// all that key is read for. What a store may keep aside at ingest to answer outline reads
/// without the rest; the SQLite store does, for every span, so it is kept small.
pub fn outline_attributes(span: &Span) -> Vec<(&str, &serde_json::Value)> {
    let mut kept: Vec<(K, &str, &serde_json::Value)> = span
        .attributes
        .iter()
        .filter_map(|(key, v)| {
            let k = K::lookup(key).filter(|k| fields::OUTLINE_KEYS.contains(k))?;
            Some((k, key.as_str(), v))
        })
        .collect();
    let named = kept
        .iter()
        .any(|&(k, _, v)| matches!(k, K::ToolName | K::GaToolName) && attrs::nonblank(v).is_some());
    if span.kind != SpanKind::Tool || named {
        kept.retain(|&(k, ..)| k != K::GenAiOperation);
    }
    kept.into_iter().map(|(_, key, v)| (key, v)).collect()
}

/// Fills `input` and `output` from the raw attributes and events (see [`io`]).
pub fn attach_io(span: &mut Span) {
    io::attach(span);
}

/// Completes a span read back from a store: fills what stores do not keep (tool, error, and
/// as `detail` asks, provenance and the input and output payloads) from its raw attributes,
/// and leaves what they do keep (kind, model, tokens, cost, session, user, agent) as stored.
/// Those were decided at ingest, with the batch the span came in and the prices of the day,
/// and the inherited ones with the whole trace; provenance says so where it applies.
///
/// Tool and error follow the stored kind, the one every view shows. (Derived again without
/// the batch, the kind can only differ by not being AGENT, which tools and errors do not
/// depend on.) Without raw attributes (`detail.attributes` false) nothing else is derived,
/// only [`outline_reads`] keys are read, and the tool's arguments and result, which are raw
/// attribute values, are left out with the rest of them.
pub fn complete(span: &mut Span, detail: TraceDetail) {
    let s = Slots::scan(&span.attributes);
    // Their provenance, when asked for, comes from `derive` below with the other fields'.
    let mut unused = Sources::default();
    let tool = fields::tool(span, &s, span.kind, &mut unused);
    let error = fields::error(span, &s, &mut unused);
    span.sources.clear();
    if detail.attributes {
        let own = derive(
            span,
            std::slice::from_ref(span),
            &mut None,
            &Pricing::empty(),
        );
        let mut sources = own.sources;
        if own.kind != span.kind {
            sources.set("kind", "inferred at ingest from the spans around it");
        }
        if span.cost_source == Some(CostSource::Estimated) {
            sources.set("cost_usd", "price table");
        }
        for (field, stored, derived) in [
            ("session_id", &span.session_id, &own.session),
            ("user_id", &span.user_id, &own.user),
        ] {
            if stored.is_some() && stored != derived {
                sources.set(field, "inherited: the trace's");
            }
        }
        if span.agent_name.is_some() && span.agent_name != own.agent {
            sources.set("agent_name", "inherited: nearest agent ancestor");
        }
        for (field, source) in sources.0 {
            span.sources.insert(field.to_owned(), source.into_owned());
        }
    }
    span.tool = if detail.attributes {
        tool
    } else {
        tool.map(|t| ToolInfo {
            arguments: None,
            result: None,
            ..t
        })
        .filter(|t| *t != ToolInfo::default())
    };
    span.error = error;
    if detail.io {
        io::attach(span);
    }
}

/// The fields derived from one span, before they are written back.
struct Derived {
    kind: SpanKind,
    model: Option<String>,
    provider: Option<String>,
    usage: Usage,
    cost: Option<(f64, CostSource)>,
    session: Option<String>,
    user: Option<String>,
    agent: Option<String>,
    tool: Option<ToolInfo>,
    error: Option<ErrorInfo>,
    sources: Sources,
}

fn derive(span: &Span, all: &[Span], batch: &mut Option<Batch>, pricing: &Pricing) -> Derived {
    let s = Slots::scan(&span.attributes);
    let mut src = Sources::default();
    let model = fields::model(&s, &mut src);
    let provider = fields::provider(&s, &mut src);
    let usage = usage::tokens(&s, &mut src);

    let kind = if let Some((k, key)) = kind::explicit(&s) {
        src.key("kind", key);
        k
    } else if let Some(k) = kind::inferred(&s, model.is_some(), !usage.is_empty()) {
        src.set(
            "kind",
            if k == SpanKind::Llm {
                "inferred: model with tokens or prompt"
            } else {
                "inferred: tool name"
            },
        );
        k
    } else if let Some((key, name)) = s.first_str(&[K::AgentName, K::GaAgentName])
        && batch
            .get_or_insert_with(|| Batch::new(all))
            .is_agent(span, name)
    {
        src.key("kind", key);
        SpanKind::Agent
    } else {
        SpanKind::Unknown
    };

    let cost = if let Some((usd, key)) = usage::reported_cost(&s) {
        src.set("cost_usd", key);
        Some((usd, CostSource::Reported))
    } else if matches!(kind, SpanKind::Llm | SpanKind::Embedding) {
        // Only calls are priced: an agent or chain span with tokens reports its children's
        // sum, and those calls are priced where they happen.
        let usd = model.as_deref().and_then(|m| pricing.estimate(m, &usage));
        usd.map(|usd| {
            src.set("cost_usd", "price table");
            (usd, CostSource::Estimated)
        })
    } else {
        None
    };

    let resource = &span.resource.attributes;
    Derived {
        kind,
        session: fields::session(&s, resource, &mut src),
        user: fields::user(&s, resource, &mut src),
        agent: fields::agent(span, &s, kind, &mut src),
        tool: fields::tool(span, &s, kind, &mut src),
        error: fields::error(span, &s, &mut src),
        model,
        provider,
        usage,
        cost,
        sources: src,
    }
}

impl Derived {
    fn apply(self, span: &mut Span) {
        span.kind = self.kind;
        span.model = self.model;
        span.provider = self.provider;
        span.set_usage(self.usage);
        span.cost_usd = self.cost.map(|(usd, _)| usd);
        span.cost_source = self.cost.map(|(_, source)| source);
        span.session_id = self.session;
        span.user_id = self.user;
        span.agent_name = self.agent;
        span.tool = self.tool;
        span.error = self.error;
        span.sources.clear();
        for (field, source) in self.sources.0 {
            span.sources.insert(field.to_owned(), source.into_owned());
        }
    }
}

/// What the agent rule needs to know about the rest of the batch, built on first need.
struct Batch {
    /// Spans that are some span's parent.
    parents: HashSet<(TraceId, SpanId)>,
    /// The `agent.name` each span carries.
    agents: HashMap<(TraceId, SpanId), String>,
}

impl Batch {
    fn new(spans: &[Span]) -> Batch {
        let parents = spans
            .iter()
            .filter_map(|s| s.parent_span_id.map(|p| (s.trace_id, p)))
            .collect();
        let agents = spans
            .iter()
            .filter_map(|s| {
                let name = [K::AgentName, K::GaAgentName]
                    .iter()
                    .find_map(|k| s.attributes.get(k.name()).and_then(attrs::nonblank))?;
                Some(((s.trace_id, s.span_id), name.to_owned()))
            })
            .collect();
        Batch { parents, agents }
    }

    fn is_agent(&self, span: &Span, agent: &str) -> bool {
        let Some(parent) = span.parent_span_id else {
            return true;
        };
        if span.name.trim().eq_ignore_ascii_case(agent) {
            return true;
        }
        let inherited = self
            .agents
            .get(&(span.trace_id, parent))
            .map(String::as_str)
            == Some(agent);
        !inherited && self.parents.contains(&(span.trace_id, span.span_id))
    }
}

/// Field → the raw key it came from, collected while deriving.
#[derive(Debug, Default)]
pub(crate) struct Sources(Vec<(&'static str, Cow<'static, str>)>);

impl Sources {
    pub(crate) fn key(&mut self, field: &'static str, k: K) {
        self.set(field, k.name());
    }

    pub(crate) fn resource(&mut self, field: &'static str, k: K) {
        self.set(field, format!("resource:{}", k.name()));
    }

    pub(crate) fn set(&mut self, field: &'static str, source: impl Into<Cow<'static, str>>) {
        let source = source.into();
        match self.0.iter_mut().find(|(f, _)| *f == field) {
            Some(entry) => entry.1 = source,
            None => self.0.push((field, source)),
        }
    }

    #[cfg(test)]
    pub(crate) fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, s)| &**s)
    }
}
