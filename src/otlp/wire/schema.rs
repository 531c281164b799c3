//! Which fields of the OTLP trace messages are messages, and which are strings
//! (opentelemetry-proto 1.x field numbers). Everything else is copied through as it is.

/// The messages of an OTLP trace request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Request,
    ResourceSpans,
    Resource,
    EntityRef,
    ScopeSpans,
    Scope,
    Span,
    Event,
    Link,
    Status,
    KeyValue,
    AnyValue,
    ArrayValue,
    KvList,
}

pub enum Field {
    Msg(Msg),
    Str,
    Other,
}

/// What a length-delimited field of `msg` holds (opentelemetry-proto 1.x field numbers).
pub fn field(msg: Msg, number: u64) -> Field {
    use Field::{Msg as M, Other, Str};
    use Msg::*;
    match (msg, number) {
        (Request, 1) => M(ResourceSpans),
        (ResourceSpans, 1) => M(Resource),
        (ResourceSpans, 2) => M(ScopeSpans),
        (ResourceSpans, 3) => Str,
        (Resource, 1) => M(KeyValue),
        (Resource, 3) => M(EntityRef),
        (EntityRef, 1..=4) => Str,
        (ScopeSpans, 1) => M(Scope),
        (ScopeSpans, 2) => M(Span),
        (ScopeSpans, 3) => Str,
        (Scope, 1 | 2) => Str,
        (Scope, 3) => M(KeyValue),
        (Span, 3 | 5) => Str,
        (Span, 9) => M(KeyValue),
        (Span, 11) => M(Event),
        (Span, 13) => M(Link),
        (Span, 15) => M(Status),
        (Event, 2) => Str,
        (Event, 3) => M(KeyValue),
        (Link, 3) => Str,
        (Link, 4) => M(KeyValue),
        (Status, 2) => Str,
        (KeyValue, 1) => Str,
        (KeyValue, 2) => M(AnyValue),
        (AnyValue, 1) => Str,
        (AnyValue, 5) => M(ArrayValue),
        (AnyValue, 6) => M(KvList),
        (ArrayValue, 1) => M(AnyValue),
        (KvList, 1) => M(KeyValue),
        _ => Other,
    }
}
