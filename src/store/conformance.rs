//! The behaviour every [`Store`] must have, as one suite each backend runs unchanged.
//!
//! Each check starts from an empty store region by using its own trace ids (the first id byte
//! names the check), so checks can share one store and run in sequence.

use std::sync::Arc;

use crate::model::{
    Event, Link, Nanos, Resource, Scope, Span, SpanId, StatusCode, TraceId, TraceIdPrefix,
    TraceQuery, test_span,
};
use crate::store::{Expired, Store, StoreError};

pub async fn run_all(store: &dyn Store) {
    round_trip_keeps_every_field(store).await;
    resending_spans_does_not_duplicate(store).await;
    root_arriving_last_completes_the_summary(store).await;
    list_is_newest_first_and_pages_cover_everything_once(store).await;
    prefixes_resolve_uniquely_or_say_why_not(store).await;
    // Last: it deletes everything that ended before its cutoff, earlier checks' traces included.
    expiry_deletes_whole_old_traces_in_chunks(store).await;
}

fn id(check: u8, n: u8) -> TraceId {
    let mut b = [n; 16];
    b[0] = check;
    TraceId(b)
}

fn span_in(trace: TraceId, id: u8, parent: Option<u8>, name: &str, start: i64, end: i64) -> Span {
    let mut s = test_span(0, id, parent, name, start, end);
    s.trace_id = trace;
    s
}

async fn round_trip_keeps_every_field(store: &dyn Store) {
    let trace = id(1, 1);
    let resource = Arc::new(Resource {
        attributes: serde_json::json!({"service.name": "svc", "n": 1})
            .as_object()
            .unwrap()
            .clone(),
    });
    let scope = Arc::new(Scope {
        name: "lib".into(),
        version: Some("1.0".into()),
        attributes: Default::default(),
    });
    let mut root = span_in(trace, 1, None, "root", 1_000, 9_000);
    root.resource = Arc::clone(&resource);
    root.scope = Arc::clone(&scope);
    root.attributes = serde_json::json!({"s": "x", "i": 7, "d": 1.5, "b": true, "a": [1, "two"], "m": {"k": "v"}})
        .as_object()
        .unwrap()
        .clone();
    let mut child = span_in(trace, 2, Some(1), "child", 2_000, 3_000);
    child.resource = resource;
    child.scope = scope;
    child.status.code = StatusCode::Error;
    child.status.message = Some("boom".into());
    child.events.push(Event {
        time: Nanos(2_500),
        name: "exception".into(),
        attributes: serde_json::json!({"exception.message": "boom"})
            .as_object()
            .unwrap()
            .clone(),
    });
    child.links.push(Link {
        trace_id: id(1, 9),
        span_id: SpanId([9; 8]),
        attributes: Default::default(),
    });
    let stats = store
        .write(vec![child.clone(), root.clone()])
        .await
        .unwrap();
    assert_eq!((stats.inserted, stats.duplicates), (2, 0));

    let got = store.get_trace(trace).await.unwrap();
    assert_eq!(
        got.spans,
        vec![root, child],
        "spans come back whole, in start order"
    );
    let s = &got.summary;
    assert_eq!(
        (s.root_name.as_str(), s.service.as_deref()),
        ("root", Some("svc"))
    );
    assert_eq!(
        (s.span_count, s.error_count, s.start_time, s.duration_ns),
        (2, 1, Nanos(1_000), 8_000)
    );
    assert_eq!(s.root_span_id, Some(SpanId([1; 8])));

    let missing = store.get_trace(id(1, 2)).await.unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
}

async fn resending_spans_does_not_duplicate(store: &dyn Store) {
    let trace = id(2, 1);
    let spans = vec![
        span_in(trace, 1, None, "root", 0, 10),
        span_in(trace, 2, Some(1), "c", 1, 2),
    ];
    store.write(spans.clone()).await.unwrap();
    let again = store.write(spans).await.unwrap();
    assert_eq!((again.inserted, again.duplicates), (0, 2));
    let got = store.get_trace(trace).await.unwrap();
    assert_eq!((got.spans.len(), got.summary.span_count), (2, 2));
}

async fn root_arriving_last_completes_the_summary(store: &dyn Store) {
    let trace = id(3, 1);
    store
        .write(vec![span_in(trace, 2, Some(1), "child", 20, 30)])
        .await
        .unwrap();
    let partial = store.get_trace(trace).await.unwrap().summary;
    assert!(partial.is_missing_root());
    assert_eq!(partial.root_name, "child");

    store
        .write(vec![span_in(trace, 1, None, "root", 10, 40)])
        .await
        .unwrap();
    let full = store.get_trace(trace).await.unwrap().summary;
    assert_eq!(full.root_name, "root");
    assert_eq!(
        (full.span_count, full.start_time, full.duration_ns),
        (2, Nanos(10), 30)
    );
}

async fn list_is_newest_first_and_pages_cover_everything_once(store: &dyn Store) {
    // Five traces far in the future of the other checks; two share a start time.
    let base = 1_000_000_000;
    let starts = [(1u8, 5), (2, 3), (3, 3), (4, 1), (5, 4)];
    let mut spans = Vec::new();
    for (n, offset) in starts {
        spans.push(span_in(
            id(4, n),
            1,
            None,
            &format!("t{n}"),
            base + offset,
            base + offset + 1,
        ));
    }
    store.write(spans).await.unwrap();

    let window = TraceQuery {
        from: Some(Nanos(base)),
        ..Default::default()
    };
    let all = store.list_traces(&window).await.unwrap();
    let names: Vec<&str> = all.traces.iter().map(|t| t.root_name.as_str()).collect();
    assert_eq!(
        names,
        ["t1", "t5", "t3", "t2", "t4"],
        "newest first, equal starts by trace id descending"
    );
    assert_eq!(all.next_cursor, None);

    let mut paged = Vec::new();
    let mut query = TraceQuery {
        limit: Some(2),
        ..window.clone()
    };
    loop {
        let page = store.list_traces(&query).await.unwrap();
        assert!(page.traces.len() <= 2);
        paged.extend(page.traces.iter().map(|t| t.root_name.clone()));
        match page.next_cursor {
            Some(c) => query.cursor = Some(c.parse().unwrap()),
            None => break,
        }
    }
    assert_eq!(
        paged, names,
        "pages walk the same order without gaps or repeats"
    );

    let bounded = store
        .list_traces(&TraceQuery {
            from: Some(Nanos(base + 3)),
            to: Some(Nanos(base + 5)),
            ..Default::default()
        })
        .await
        .unwrap();
    let names: Vec<&str> = bounded
        .traces
        .iter()
        .map(|t| t.root_name.as_str())
        .collect();
    assert_eq!(names, ["t5", "t3", "t2"], "from is inclusive, to exclusive");
}

async fn prefixes_resolve_uniquely_or_say_why_not(store: &dyn Store) {
    let a: TraceId = "5a00000000000000000000000000000a".parse().unwrap();
    let b: TraceId = "5a00000000000000000000000000000b".parse().unwrap();
    store
        .write(vec![
            span_in(a, 1, None, "a", 0, 1),
            span_in(b, 1, None, "b", 0, 1),
        ])
        .await
        .unwrap();
    let p = |s: &str| s.parse::<TraceIdPrefix>().unwrap();
    assert_eq!(
        store
            .resolve_trace(&p("5a00000000000000000000000000000A"))
            .await
            .unwrap(),
        a
    );
    assert_eq!(
        store
            .resolve_trace(&p("5a0000000000000000000000000000"))
            .await
            .ok(),
        None
    );
    match store.resolve_trace(&p("5a")).await {
        Err(StoreError::Ambiguous { candidates, .. }) => assert_eq!(candidates, vec![a, b]),
        other => panic!("expected ambiguity, got {other:?}"),
    }
    assert!(matches!(
        store.resolve_trace(&p("5b")).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn expiry_deletes_whole_old_traces_in_chunks(store: &dyn Store) {
    let base = 2_000_000_000;
    let (old, straddling, new) = (id(6, 1), id(6, 2), id(6, 3));
    store
        .write(vec![
            span_in(old, 1, None, "old", base, base + 10),
            span_in(old, 2, Some(1), "old child", base + 1, base + 9),
            span_in(straddling, 1, None, "straddling", base + 5, base + 30),
            span_in(new, 1, None, "new", base + 40, base + 50),
        ])
        .await
        .unwrap();

    let cutoff = Nanos(base + 20);
    let mut total = Expired::default();
    loop {
        let chunk = store.expire(cutoff, 1).await.unwrap();
        assert!(chunk.traces <= 1, "chunks are bounded: {chunk:?}");
        total.traces += chunk.traces;
        total.spans += chunk.spans;
        if !chunk.more {
            break;
        }
    }
    assert!(total.traces >= 1 && total.spans >= 2, "{total:?}");
    assert!(matches!(
        store.get_trace(old).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.get_trace(straddling).await.unwrap().spans.len(), 1);
    assert_eq!(store.get_trace(new).await.unwrap().spans.len(), 1);
    assert_eq!(store.expire(cutoff, 10).await.unwrap(), Expired::default());

    // A span arriving later for a deleted trace id starts that trace afresh.
    store
        .write(vec![span_in(old, 3, None, "late", base + 60, base + 70)])
        .await
        .unwrap();
    let again = store.get_trace(old).await.unwrap();
    assert_eq!(
        (again.spans.len(), again.summary.root_name.as_str()),
        (1, "late")
    );
}
