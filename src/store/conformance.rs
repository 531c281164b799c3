//! The behaviour every [`Store`] must have, as one suite each backend runs unchanged.
//!
//! Each check starts from an empty store region by using its own trace ids (the first id byte
//! names the check), so checks can share one store and run in sequence.

use std::sync::Arc;

use crate::model::{
    Cursor, Event, Filter, Link, Nanos, Resource, Scope, SortKey, Span, SpanId, SpanQuery,
    StatusCode, TraceId, TraceIdPrefix, TraceQuery, test_span,
};
use crate::store::{Expired, SpanAttributes, Store, StoreError};

pub async fn run_all(store: &dyn Store) {
    round_trip_keeps_every_field(store).await;
    resending_spans_does_not_duplicate(store).await;
    root_arriving_last_completes_the_summary(store).await;
    list_is_newest_first_and_pages_cover_everything_once(store).await;
    prefixes_resolve_uniquely_or_say_why_not(store).await;
    totals_and_inherited_fields_survive_the_store(store).await;
    filters_sorts_and_facets_run_in_the_store(store).await;
    sessions_group_traces_and_annotations_stick(store).await;
    cursors_name_the_last_row(store).await;
    log_records_come_back_as_events_of_their_span(store).await;
    outline_reads_keep_only_tool_and_error_attributes(store).await;
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

    let got = store.get_trace(trace, SpanAttributes::All).await.unwrap();
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

    let missing = store
        .get_trace(id(1, 2), SpanAttributes::All)
        .await
        .unwrap_err();
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
    let got = store.get_trace(trace, SpanAttributes::All).await.unwrap();
    assert_eq!((got.spans.len(), got.summary.span_count), (2, 2));
}

async fn root_arriving_last_completes_the_summary(store: &dyn Store) {
    let trace = id(3, 1);
    store
        .write(vec![span_in(trace, 2, Some(1), "child", 20, 30)])
        .await
        .unwrap();
    let partial = store
        .get_trace(trace, SpanAttributes::All)
        .await
        .unwrap()
        .summary;
    assert!(partial.is_missing_root());
    assert_eq!(partial.root_name, "child");

    store
        .write(vec![span_in(trace, 1, None, "root", 10, 40)])
        .await
        .unwrap();
    let full = store
        .get_trace(trace, SpanAttributes::All)
        .await
        .unwrap()
        .summary;
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
        filter: Filter {
            from: Some(Nanos(base)),
            ..Default::default()
        },
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
            filter: Filter {
                from: Some(Nanos(base + 3)),
                to: Some(Nanos(base + 5)),
                ..Default::default()
            },
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

/// A page's cursor is the one `Cursor::after_trace`/`after_span` compute from its last row, for
/// every sort, so clients can continue after any row they printed (`--max-bytes` does).
async fn cursors_name_the_last_row(store: &dyn Store) {
    let base = 2_000_000_000;
    let mut spans = Vec::new();
    for n in 1..=3u8 {
        let mut s = span_in(id(12, n), 1, None, "root", base + i64::from(n), base + 10);
        s.total_tokens = Some(u64::from(n) * 7);
        s.cost_usd = (n != 2).then_some(f64::from(n) / 8.0);
        s.status.code = if n == 1 {
            StatusCode::Error
        } else {
            StatusCode::Ok
        };
        spans.push(s);
        spans.push(span_in(id(12, n), 2, Some(1), "child", base + 5, base + 6));
    }
    store.write(spans).await.unwrap();
    let filter = Filter {
        from: Some(Nanos(base)),
        to: Some(Nanos(base + 100)),
        ..Default::default()
    };
    for sort in [
        SortKey::Start,
        SortKey::Duration,
        SortKey::Tokens,
        SortKey::Cost,
        SortKey::Errors,
    ] {
        let traces = store
            .list_traces(&TraceQuery {
                filter: filter.clone(),
                sort,
                limit: Some(2),
                ..Default::default()
            })
            .await
            .unwrap();
        let last = traces.traces.last().unwrap();
        assert_eq!(
            traces.next_cursor,
            Some(Cursor::after_trace(sort, last).to_string()),
            "traces by {}",
            sort.as_str()
        );
        let page = store
            .list_spans(&SpanQuery {
                filter: filter.clone(),
                sort,
                limit: Some(3),
                ..Default::default()
            })
            .await
            .unwrap();
        let last = page.spans.last().unwrap();
        assert_eq!(
            page.next_cursor,
            Some(Cursor::after_span(sort, last).to_string()),
            "spans by {}",
            sort.as_str()
        );
    }
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

/// Usage, cost, session and agent as `semconv` leaves them on spans; the store must keep the
/// per-span values, roll them up into the summary without double counting, and hand out the
/// trace's session and the nearest agent to spans that lack their own, whatever order the
/// spans arrive in.
async fn totals_and_inherited_fields_survive_the_store(store: &dyn Store) {
    use crate::model::{CostSource, SpanKind};
    let trace = id(6, 1);
    let mut root = span_in(trace, 1, None, "run", 0, 100);
    root.kind = SpanKind::Agent;
    root.agent_name = Some("planner".into());
    root.session_id = Some("sess-9".into());
    root.input_tokens = Some(50);
    let mut wrapper = span_in(trace, 2, Some(1), "Anthropic Messages", 10, 20);
    wrapper.kind = SpanKind::Llm;
    wrapper.model = Some("claude-3-5-haiku".into());
    wrapper.input_tokens = Some(55);
    wrapper.output_tokens = Some(21);
    wrapper.cost_usd = Some(0.000128);
    wrapper.cost_source = Some(CostSource::Reported);
    let mut inner = span_in(trace, 3, Some(2), "anthropic.messages.create", 11, 19);
    inner.kind = SpanKind::Llm;
    inner.input_tokens = Some(60);
    inner.output_tokens = Some(21);
    inner.cache_read_tokens = Some(5);
    let mut chat = span_in(trace, 4, Some(1), "chat", 30, 40);
    chat.kind = SpanKind::Llm;
    chat.input_tokens = Some(42);
    chat.output_tokens = Some(17);
    chat.cost_usd = Some(0.001);
    chat.cost_source = Some(CostSource::Estimated);

    // Children first, root last.
    store
        .write(vec![inner.clone(), chat.clone()])
        .await
        .unwrap();
    store.write(vec![wrapper.clone()]).await.unwrap();
    store.write(vec![root.clone()]).await.unwrap();

    let got = store.get_trace(trace, SpanAttributes::All).await.unwrap();
    let s = &got.summary;
    assert_eq!(
        (s.totals.input_tokens, s.totals.output_tokens),
        (55 + 42, 21 + 17)
    );
    assert_eq!((s.totals.cache_read_tokens, s.totals.llm_count), (5, 2));
    assert_eq!(s.totals.cost_usd.map(|c| (c * 1e6).round()), Some(1128.0));
    assert!(s.totals.cost_estimated);
    assert_eq!(s.session_id.as_deref(), Some("sess-9"));
    assert_eq!(s.agents, ["planner"]);

    let by_name = |n: &str| got.spans.iter().find(|s| s.name == n).unwrap();
    let w = by_name("Anthropic Messages");
    assert_eq!(
        (w.kind, w.model.as_deref(), w.input_tokens),
        (SpanKind::Llm, Some("claude-3-5-haiku"), Some(55))
    );
    assert_eq!(
        (w.cost_usd, w.cost_source),
        (Some(0.000128), Some(CostSource::Reported))
    );
    assert_eq!(by_name("chat").cost_source, Some(CostSource::Estimated));
    for name in ["Anthropic Messages", "anthropic.messages.create", "chat"] {
        let span = by_name(name);
        assert_eq!(
            span.agent_name.as_deref(),
            Some("planner"),
            "{name} inherits its agent"
        );
        assert_eq!(
            span.session_id.as_deref(),
            Some("sess-9"),
            "{name} inherits the session"
        );
    }

    // The same spans in a list row.
    let page = store
        .list_traces(&TraceQuery {
            filter: Filter {
                from: Some(Nanos(0)),
                to: Some(Nanos(101)),
                ..Default::default()
            },
            ..Default::default()
        })
        .await
        .unwrap();
    let row = page.traces.iter().find(|t| t.trace_id == trace).unwrap();
    assert_eq!(row, s);

    // Usage puts the wrapped call on the wrapper's model, once; the unnamed chat on no model.
    let report = store
        .usage(&crate::model::UsageQuery {
            filter: Filter {
                from: Some(Nanos(0)),
                to: Some(Nanos(101)),
                ..Default::default()
            },
            by: crate::model::UsageBy::Model,
        })
        .await
        .unwrap();
    let groups: Vec<(Option<&str>, u64, u64, u64)> = report
        .groups
        .iter()
        .map(|g| {
            (
                g.key.as_deref(),
                g.totals.input_tokens,
                g.totals.cache_read_tokens,
                g.totals.llm_count,
            )
        })
        .collect();
    assert_eq!(
        groups,
        [(None, 42, 0, 1), (Some("claude-3-5-haiku"), 55, 5, 1)],
        "costliest first"
    );
    assert_eq!(report.total.input_tokens, s.totals.input_tokens);
}

/// Every filter, sort and cursor of the shared vocabulary, on three small traces.
async fn filters_sorts_and_facets_run_in_the_store(store: &dyn Store) {
    use crate::model::{
        CostSource, Facets, Order, SortKey, SpanKind, SpanQuery, SpanScope, StatusCode,
        StatusFilter,
    };
    let base = 2_000_000_000;
    let svc = |name: &str| {
        Arc::new(Resource {
            attributes: serde_json::json!({ "service.name": name })
                .as_object()
                .unwrap()
                .clone(),
        })
    };
    let (a, b, c) = (id(7, 1), id(7, 2), id(7, 3));

    // A: svc-a, agent planner, an LLM call on gpt-4o and a failing search tool; 500 ns long.
    let mut a_root = span_in(a, 1, None, "plan-trip", base, base + 500);
    a_root.kind = SpanKind::Agent;
    a_root.agent_name = Some("planner".into());
    let mut a_llm = span_in(a, 2, Some(1), "chat", base + 10, base + 100);
    a_llm.kind = SpanKind::Llm;
    a_llm.model = Some("gpt-4o".into());
    a_llm.provider = Some("openai".into());
    a_llm.total_tokens = Some(100);
    a_llm.cost_usd = Some(0.01);
    a_llm.cost_source = Some(CostSource::Estimated);
    let mut a_tool = span_in(a, 3, Some(1), "search", base + 200, base + 300);
    a_tool.kind = SpanKind::Tool;
    a_tool.status.code = StatusCode::Error;
    a_tool.attributes = serde_json::json!({"tool.name": "web_search", "query": "Paris 50%"})
        .as_object()
        .unwrap()
        .clone();
    for s in [&mut a_root, &mut a_llm, &mut a_tool] {
        s.resource = svc("svc-a");
    }

    // B: svc-b, a chain with a Claude call, session s-b, numeric and nested attributes.
    let mut b_root = span_in(b, 1, None, "answer-chain", base + 1_000, base + 1_100);
    b_root.kind = SpanKind::Chain;
    b_root.session_id = Some("s-b".into());
    b_root.attributes = serde_json::json!({"retries": 3, "user.tier": "gold", "flag": true})
        .as_object()
        .unwrap()
        .clone();
    let mut b_llm = span_in(b, 2, Some(1), "claude", base + 1_010, base + 1_090);
    b_llm.kind = SpanKind::Llm;
    b_llm.model = Some("claude-3-5-haiku".into());
    b_llm.input_tokens = Some(40);
    b_llm.output_tokens = Some(10);
    b_llm.cost_usd = Some(0.02);
    b_llm.cost_source = Some(CostSource::Reported);
    for s in [&mut b_root, &mut b_llm] {
        s.resource = svc("svc-b");
    }

    // C: svc-a calling svc-b (an entrypoint), no LLM, 50 ns long.
    let mut c_root = span_in(c, 1, None, "health", base + 2_000, base + 2_050);
    c_root.resource = svc("svc-a");
    let mut c_remote = span_in(c, 2, Some(1), "remote", base + 2_010, base + 2_040);
    c_remote.resource = svc("svc-b");

    store
        .write(vec![a_root, a_llm, a_tool, b_root, b_llm, c_root, c_remote])
        .await
        .unwrap();

    let window = Filter {
        from: Some(Nanos(base)),
        to: Some(Nanos(base + 10_000)),
        ..Default::default()
    };
    let traces = |filter: Filter, sort: SortKey| async move {
        let q = TraceQuery {
            filter,
            sort,
            ..Default::default()
        };
        let page = store.list_traces(&q).await.unwrap();
        page.traces
            .iter()
            .map(|t| t.trace_id.0[15])
            .collect::<Vec<u8>>()
    };
    let with = |f: fn(&mut Filter)| {
        let mut filter = window.clone();
        f(&mut filter);
        filter
    };
    assert_eq!(traces(window.clone(), SortKey::Start).await, [3, 2, 1]);
    assert_eq!(
        traces(with(|f| f.kind = vec![SpanKind::Llm]), SortKey::Start).await,
        [2, 1]
    );
    assert_eq!(
        traces(with(|f| f.model = vec!["gpt-4o".into()]), SortKey::Start).await,
        [1]
    );
    assert_eq!(
        traces(
            with(|f| {
                f.kind = vec![SpanKind::Llm];
                f.provider = vec!["openai".into()];
            }),
            SortKey::Start
        )
        .await,
        [1]
    );
    assert_eq!(
        traces(
            with(|f| f.status = Some(StatusFilter::Error)),
            SortKey::Start
        )
        .await,
        [1]
    );
    assert_eq!(
        traces(with(|f| f.status = Some(StatusFilter::Ok)), SortKey::Start).await,
        [3, 2]
    );
    assert_eq!(
        traces(with(|f| f.service = vec!["svc-b".into()]), SortKey::Start).await,
        [3, 2]
    );
    assert_eq!(
        traces(with(|f| f.session = vec!["s-b".into()]), SortKey::Start).await,
        [2]
    );
    assert_eq!(
        traces(with(|f| f.agent = vec!["planner".into()]), SortKey::Start).await,
        [1]
    );
    assert_eq!(
        traces(with(|f| f.name = Some("CHAIN".into())), SortKey::Start).await,
        [2]
    );
    assert_eq!(
        traces(with(|f| f.min_duration = Some(100)), SortKey::Start).await,
        [2, 1]
    );
    assert_eq!(
        traces(with(|f| f.max_duration = Some(100)), SortKey::Start).await,
        [3, 2]
    );
    assert_eq!(
        traces(with(|f| f.text = Some("50%".into())), SortKey::Start).await,
        [1]
    );
    let attr = |s: &str| s.parse().unwrap();
    for (cond, want) in [
        ("tool.name = web_search", &[1u8][..]),
        ("tool.name != web_search", &[][..]),
        ("retries > 2", &[2]),
        ("retries < 3", &[]),
        ("retries = 3", &[2]),
        ("flag = true", &[2]),
        ("user.tier ~ OL", &[2]),
        ("user.tier exists", &[2]),
        ("service.name = svc-b", &[3, 2]),
    ] {
        let mut f = window.clone();
        f.attr = vec![attr(cond)];
        assert_eq!(traces(f, SortKey::Start).await, want, "--attr {cond}");
    }
    assert_eq!(traces(window.clone(), SortKey::Tokens).await, [1, 2, 3]);
    assert_eq!(
        traces(window.clone(), SortKey::Cost).await,
        [2, 1, 3],
        "unknown cost sorts last"
    );
    assert_eq!(traces(window.clone(), SortKey::Duration).await, [1, 2, 3]);
    assert_eq!(traces(window.clone(), SortKey::Errors).await[0], 1);

    // Paging walks the same order under every sort, in both directions.
    for sort in [
        SortKey::Start,
        SortKey::Duration,
        SortKey::Tokens,
        SortKey::Cost,
        SortKey::Errors,
    ] {
        for order in [Order::Desc, Order::Asc] {
            let mut q = TraceQuery {
                filter: window.clone(),
                sort,
                order,
                limit: Some(3),
                cursor: None,
            };
            let whole: Vec<TraceId> = store
                .list_traces(&q)
                .await
                .unwrap()
                .traces
                .iter()
                .map(|t| t.trace_id)
                .collect();
            q.limit = Some(1);
            let mut paged = Vec::new();
            loop {
                let page = store.list_traces(&q).await.unwrap();
                paged.extend(page.traces.iter().map(|t| t.trace_id));
                match page.next_cursor {
                    Some(c) => q.cursor = Some(c.parse().unwrap()),
                    None => break,
                }
            }
            assert_eq!(paged, whole, "{sort:?} {order:?}");
        }
    }

    let spans = |q: SpanQuery| async move {
        let page = store.list_spans(&q).await.unwrap();
        page.spans
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    };
    let span_q = |f: fn(&mut SpanQuery)| {
        let mut q = SpanQuery {
            filter: window.clone(),
            ..Default::default()
        };
        f(&mut q);
        q
    };
    assert_eq!(
        spans(span_q(|q| q.filter.kind = vec![SpanKind::Llm])).await,
        ["claude", "chat"]
    );
    assert_eq!(
        spans(span_q(|q| q.filter.status = Some(StatusFilter::Error))).await,
        ["search"]
    );
    assert_eq!(
        spans(span_q(|q| q.filter.agent = vec!["planner".into()])).await,
        ["search", "chat", "plan-trip"]
    );
    assert_eq!(
        spans(span_q(|q| q.filter.session = vec!["s-b".into()])).await,
        ["claude", "answer-chain"]
    );
    assert_eq!(
        spans(span_q(|q| q.filter.service = vec!["svc-b".into()])).await,
        ["remote", "claude", "answer-chain"]
    );
    assert_eq!(
        spans(span_q(|q| q.filter.min_duration = Some(90))).await,
        ["answer-chain", "search", "chat", "plan-trip"]
    );
    assert_eq!(
        spans(span_q(|q| q.scope = SpanScope::Root)).await,
        ["health", "answer-chain", "plan-trip"]
    );
    assert_eq!(
        spans(span_q(|q| q.scope = SpanScope::Entrypoint)).await,
        ["remote", "health", "answer-chain", "plan-trip"]
    );
    assert_eq!(
        spans(span_q(
            |q| q.trace_id = Some(id(7, 2).to_hex().parse().unwrap())
        ))
        .await,
        ["claude", "answer-chain"]
    );
    let mut by_cost = span_q(|q| q.sort = SortKey::Cost);
    by_cost.limit = Some(2);
    assert_eq!(spans(by_cost).await, ["claude", "chat"]);

    let count = |f: &Facets, field: fn(&Facets) -> &Vec<crate::model::FacetCount>, v: &str| {
        field(f)
            .iter()
            .find(|c| c.value == v)
            .map_or(0, |c| c.count)
    };
    let tf = store.trace_facets(&window).await.unwrap();
    assert_eq!(tf.total, 3);
    assert_eq!(count(&tf, |f| &f.kind, "LLM"), 2);
    assert_eq!(count(&tf, |f| &f.service, "svc-a"), 2);
    assert_eq!(count(&tf, |f| &f.service, "svc-b"), 2);
    assert_eq!(
        (
            count(&tf, |f| &f.status, "error"),
            count(&tf, |f| &f.status, "ok")
        ),
        (1, 2)
    );
    assert_eq!(count(&tf, |f| &f.model, "gpt-4o"), 1);
    assert_eq!(count(&tf, |f| &f.agent, "planner"), 1);
    let sf = store
        .span_facets(&SpanQuery {
            filter: window.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (
            sf.total,
            count(&sf, |f| &f.kind, "LLM"),
            count(&sf, |f| &f.status, "error")
        ),
        (7, 2, 1)
    );
}

/// Sessions sum their traces (whichever span carried the session id), list newest activity
/// first with cursors; annotations from the API and from span events come back with the
/// trace, are not duplicated by a re-sent span, and can be filtered on.
async fn sessions_group_traces_and_annotations_stick(store: &dyn Store) {
    use crate::model::{
        Annotation, AnnotationSource, Event, SessionQuery, SpanKind, SpanQuery, StatusFilter,
    };
    let base = 3_000_000_000;
    let (t1, t2, t3) = (id(8, 1), id(8, 2), id(8, 3));
    let mut r1 = span_in(t1, 1, None, "turn-1", base, base + 10);
    r1.session_id = Some("conv 8/ü".into());
    r1.user_id = Some("user-8".into());
    let mut l1 = span_in(t1, 2, Some(1), "chat", base + 1, base + 5);
    l1.kind = SpanKind::Llm;
    l1.total_tokens = Some(30);
    l1.events.push(Event {
        time: Nanos(base + 5),
        name: "feedback".into(),
        attributes: serde_json::json!({"label": "thumbs-up", "score": 1})
            .as_object()
            .unwrap()
            .clone(),
    });
    let mut r2 = span_in(t2, 1, None, "turn-2", base + 100, base + 120);
    r2.status.code = StatusCode::Error;
    let mut a2 = span_in(t2, 2, Some(1), "agent", base + 101, base + 110);
    a2.session_id = Some("conv 8/ü".into());
    a2.agent_name = Some("helper".into());
    let r3 = span_in(t3, 1, None, "other", base + 200, base + 210);
    store.write(vec![r1, l1.clone(), r2, a2, r3]).await.unwrap();
    store.write(vec![l1]).await.unwrap();

    let window = Filter {
        from: Some(Nanos(base)),
        ..Default::default()
    };
    let page = store
        .list_sessions(&SessionQuery {
            filter: window.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let ours: Vec<_> = page
        .sessions
        .iter()
        .filter(|s| s.session_id == "conv 8/ü")
        .collect();
    assert_eq!(ours.len(), 1);
    let s = ours[0];
    assert_eq!((s.trace_count, s.span_count, s.error_count), (2, 4, 1));
    assert_eq!(
        (s.start_time, s.last_time),
        (Nanos(base), Nanos(base + 100))
    );
    assert_eq!((s.totals.total_tokens, s.totals.llm_count), (30, 1));
    assert_eq!(
        (s.user_id.as_deref(), s.agents.clone()),
        (Some("user-8"), vec!["helper".to_string()])
    );
    let got = store.get_session("conv 8/ü").await.unwrap();
    assert_eq!(&got.session, s, "list and get agree");
    assert_eq!(
        got.traces.iter().map(|t| t.trace_id).collect::<Vec<_>>(),
        [t1, t2],
        "turns in start order"
    );
    assert!(matches!(
        store.get_session("nope").await,
        Err(StoreError::NoSuchSession(_))
    ));
    let errors_only = store
        .list_sessions(&SessionQuery {
            filter: Filter {
                status: Some(StatusFilter::Error),
                ..window.clone()
            },
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        errors_only
            .sessions
            .iter()
            .any(|x| x.session_id == "conv 8/ü" && x.trace_count == 2)
    );

    store
        .add_annotation(Annotation {
            trace_id: t1,
            span_id: None,
            label: "resolved".into(),
            score: None,
            note: Some("user said thanks".into()),
            source: AnnotationSource::Api,
            time: Nanos(base + 50),
        })
        .await
        .unwrap();
    let missing = store
        .add_annotation(Annotation {
            trace_id: t1,
            span_id: Some(SpanId([9; 8])),
            label: "x".into(),
            ..Default::default()
        })
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    let trace = store.get_trace(t1, SpanAttributes::All).await.unwrap();
    let labels: Vec<(&str, Option<SpanId>, AnnotationSource)> = trace
        .annotations
        .iter()
        .map(|a| (a.label.as_str(), a.span_id, a.source))
        .collect();
    assert_eq!(
        labels,
        [
            ("thumbs-up", Some(SpanId([2; 8])), AnnotationSource::Span),
            ("resolved", None, AnnotationSource::Api)
        ],
        "one feedback event although the span was sent twice, then the API's"
    );

    let with = |labels: &[&str]| Filter {
        annotation: labels.iter().map(|l| l.to_string()).collect(),
        ..window.clone()
    };
    let traces = store
        .list_traces(&TraceQuery {
            filter: with(&["resolved", "thumbs-up"]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        traces.traces.iter().map(|t| t.trace_id).collect::<Vec<_>>(),
        [t1]
    );
    let spans = store
        .list_spans(&SpanQuery {
            filter: with(&["thumbs-up"]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        spans
            .spans
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["chat"]
    );
}

/// `SpanAttributes::Outline` returns the keys a tool's name and an error are derived from and
/// no others (not the tool's input), and spans still come back in start order (not in span id order, which here is the reverse).
async fn outline_reads_keep_only_tool_and_error_attributes(store: &dyn Store) {
    let trace = id(13, 1);
    let mut root = span_in(trace, 9, None, "agent", 1_000, 9_000);
    let mut tool = span_in(trace, 5, Some(9), "search", 2_000, 3_000);
    let attributes = serde_json::json!({
        "tool.name": "search",
        "error.type": "Timeout",
        "input.value": "{\"q\": \"rain\"}",
        "llm.input_messages.0.message.content": "a prompt",
        "llm.input_messages.1.message.content": "another",
        "custom.key": {"nested": [1, 2]},
        "session.id": "derived at ingest, not needed again",
    });
    tool.attributes = attributes.as_object().unwrap().clone();
    root.attributes = serde_json::json!({"custom.key": 1})
        .as_object()
        .unwrap()
        .clone();
    let late = span_in(trace, 1, Some(9), "late", 4_000, 5_000);
    store.write(vec![late, tool, root]).await.unwrap();

    let got = store
        .get_trace(trace, SpanAttributes::Outline)
        .await
        .unwrap();
    let names: Vec<&str> = got.spans.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["agent", "search", "late"]);
    assert!(got.spans[0].attributes.is_empty());
    assert_eq!(
        serde_json::Value::Object(got.spans[1].attributes.clone()),
        serde_json::json!({"tool.name": "search", "error.type": "Timeout"})
    );
    let all = store.get_trace(trace, SpanAttributes::All).await.unwrap();
    assert_eq!(
        serde_json::Value::Object(all.spans[1].attributes.clone()),
        attributes
    );
}

/// Log records (GenAI content events) come back as events of their span, in time order with
/// the span's own, whether they arrived before or after it, once however often they are sent.
async fn log_records_come_back_as_events_of_their_span(store: &dyn Store) {
    use crate::model::LogRecord;
    let trace = id(10, 1);
    let record = |name: &str, t: i64| LogRecord {
        trace_id: trace,
        span_id: SpanId([2; 8]),
        time: Nanos(t),
        name: name.into(),
        severity: None,
        body: serde_json::json!({"content": name}),
        attributes: Default::default(),
    };
    // Before the span exists.
    store
        .write_logs(vec![record("gen_ai.user.message", 15)])
        .await
        .unwrap();
    let mut chat = span_in(trace, 2, Some(1), "chat", 10, 20);
    chat.events.push(Event {
        time: Nanos(12),
        name: "own".into(),
        attributes: Default::default(),
    });
    store
        .write(vec![span_in(trace, 1, None, "run", 0, 30), chat])
        .await
        .unwrap();
    // After it, and again.
    let later = vec![
        record("gen_ai.choice", 18),
        record("gen_ai.user.message", 15),
    ];
    let stats = store.write_logs(later.clone()).await.unwrap();
    assert_eq!(stats.logs, 1, "the repeated record is not stored twice");
    store.write_logs(later).await.unwrap();

    let got = store.get_trace(trace, SpanAttributes::All).await.unwrap();
    let chat = got.spans.iter().find(|s| s.name == "chat").unwrap();
    let names: Vec<&str> = chat.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["own", "gen_ai.user.message", "gen_ai.choice"]);
    assert_eq!(
        chat.events[2].attributes["body"]["content"],
        "gen_ai.choice"
    );
    assert_eq!(got.summary.span_count, 2, "records are not spans");
}

async fn expiry_deletes_whole_old_traces_in_chunks(store: &dyn Store) {
    let base = 4_000_000_000;
    let (old, straddling, new) = (id(9, 1), id(9, 2), id(9, 3));
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
        store.get_trace(old, SpanAttributes::All).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .get_trace(straddling, SpanAttributes::All)
            .await
            .unwrap()
            .spans
            .len(),
        1
    );
    assert_eq!(
        store
            .get_trace(new, SpanAttributes::All)
            .await
            .unwrap()
            .spans
            .len(),
        1
    );
    assert_eq!(store.expire(cutoff, 10).await.unwrap(), Expired::default());

    // A span arriving later for a deleted trace id starts that trace afresh.
    store
        .write(vec![span_in(old, 3, None, "late", base + 60, base + 70)])
        .await
        .unwrap();
    let again = store.get_trace(old, SpanAttributes::All).await.unwrap();
    assert_eq!(
        (again.spans.len(), again.summary.root_name.as_str()),
        (1, "late")
    );
}
