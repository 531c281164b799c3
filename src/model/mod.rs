//! The data canopy works with, independent of how it travels or where it is kept.
//!
//! `otlp` turns wire requests into these types, `semconv` fills in their derived fields, stores
//! keep them, the query API serves their JSON form, and renderers draw them. Nothing here does IO.

pub mod annotation;
mod detail;
pub mod diff;
pub mod follow;
mod id;
mod log;
mod outline;
mod query;
mod rollup;
mod semantic;
mod session;
mod span;
mod time;
mod trace;
mod tree;
mod usage;

pub use annotation::{Annotation, AnnotationSource, NewAnnotation};
pub use detail::TraceDetail;
pub use id::{IdError, SpanId, TraceId, TraceIdPrefix, push_hex};
pub use log::LogRecord;
pub use outline::{SpanOutline, TraceOutline};
pub use query::{
    AttrFilter, AttrOp, Cursor, DEFAULT_PAGE, Filter, MAX_PAGE, Order, Pair, SortKey, SpanQuery,
    SpanScope, StatusFilter, TraceQuery, next_page,
};
pub use rollup::{Metered, Rollup, rollup};
pub use semantic::{CostSource, ErrorInfo, Message, Payload, ToolCall, ToolInfo, Totals, Usage};
pub use session::{Session, SessionCursor, SessionPage, SessionQuery, SessionSummary};
pub use span::{
    Attributes, Event, Link, OtelKind, Resource, Scope, Span, SpanKind, Status, StatusCode,
};
pub use time::Nanos;
pub use trace::{
    Analysis, FacetCount, Facets, SpanFacts, SpanPage, Trace, TracePage, TraceSummary, analyze,
};
pub use tree::{Entry, Node, SpanTree, Top, TreeSpan};
pub use usage::{UsageBy, UsageGroup, UsageQuery, UsageReport};

#[cfg(test)]
pub(crate) use span::tests::span as test_span;
