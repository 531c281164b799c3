//! The filter vocabulary as ClickHouse SQL, with the SQLite store's semantics.
//!
//! Trace queries read `trace_summaries AS t FINAL` (skipping tombstones); the span-level
//! conditions of a trace filter become one `t.trace_id IN (SELECT s.trace_id FROM spans AS s …)`,
//! so `--kind LLM --model gpt-4o` means "has an LLM span on gpt-4o". Span queries read
//! `spans AS s FINAL`, joined to the summaries (`t`) only when a condition needs what a span
//! inherits from its trace: session, user, or the agent of its nearest agent ancestor (stored per
//! span id in the summary's `inherited_agents`).
//!
//! Attribute conditions mirror SQLite's `json_extract` comparisons: the span's value, else its
//! resource's; numbers and booleans compare as numbers against a numeric operand, everything
//! else as text; `~` is a case-insensitive (ASCII) substring test, as SQLite's `LIKE` is.
//!
//! Annotation labels are looked up in `annotations`: any of the trace's for a trace, the span's
//! own for a span. Duplicate rows (see `annotations`) do not change an `IN`.
//!
//! Time bounds also prune: a trace's spans all start at or after the trace does, so a trace
//! window `[from, to)` lets the span subqueries skip partitions and hours before `from`.

use super::sql::Sql;
use crate::model::{AttrFilter, AttrOp, Filter, SpanScope, StatusFilter, TraceIdPrefix};

/// The value of `--attr KEY OP VALUE` as SQLite would type it: a number (booleans are 0/1), or
/// `None` for text.
fn numeric(value: &str) -> Option<f64> {
    match value {
        "true" => Some(1.0),
        "false" => Some(0.0),
        v => v
            .parse::<i64>()
            .map(|i| i as f64)
            .ok()
            .or_else(|| v.parse::<f64>().ok()),
    }
}

/// One attribute condition on span `s` (its own attributes, else its resource's).
fn attr_condition(sql: &mut Sql, a: &AttrFilter) -> String {
    let k = sql.bind(a.key.as_str());
    let own = format!("mapContains(s.attributes, {k})");
    let present = format!("({own} OR mapContains(s.resource_attributes, {k}))");
    let text = format!("if({own}, s.attributes[{k}], s.resource_attributes[{k}])");
    let is_json = format!("if({own}, has(s.attributes_json, {k}), has(s.resource_json, {k}))");
    // Booleans read as 1/0, numbers as numbers; strings, arrays and maps as NULL (text).
    let num = format!(
        "if({is_json}, toFloat64OrNull(multiIf({text} = 'true', '1', {text} = 'false', '0', {text})), NULL)"
    );
    // What SQLite's CAST(x AS TEXT) gives: booleans as 1/0, everything else as stored.
    let as_text = format!(
        "if({is_json} AND {text} IN ('true', 'false'), if({text} = 'true', '1', '0'), {text})"
    );
    let value = a.value.clone().unwrap_or_default();
    let equal = |sql: &mut Sql| {
        let v = sql.bind(value.as_str());
        match numeric(&value) {
            Some(n) => {
                let n = sql.bind(&n);
                format!("(({num}) IS NULL AND {text} = {v}) OR ({num}) = {n}")
            }
            None => format!("({num}) IS NULL AND {text} = {v}"),
        }
    };
    match a.op {
        AttrOp::Exists => present,
        AttrOp::Eq => {
            let eq = equal(sql);
            // For text operands, a test the attribute bloom filters can answer comes first.
            let hint = match numeric(&value) {
                None => {
                    let v = sql.bind(value.as_str());
                    format!("(s.attributes[{k}] = {v} OR s.resource_attributes[{k}] = {v}) AND ")
                }
                Some(_) => String::new(),
            };
            format!("{hint}{present} AND ({eq})")
        }
        // "Has the attribute, with another value": a span without it does not match.
        AttrOp::Ne => {
            let eq = equal(sql);
            format!("{present} AND NOT ({eq})")
        }
        AttrOp::Contains => {
            let v = sql.bind(value.as_str());
            format!("{present} AND positionCaseInsensitive({as_text}, {v}) > 0")
        }
        AttrOp::Gt | AttrOp::Lt => {
            let cmp = if a.op == AttrOp::Gt { ">" } else { "<" };
            match numeric(&value) {
                Some(n) => {
                    let n = sql.bind(&n);
                    format!("{present} AND toFloat64OrZero({as_text}) {cmp} {n}")
                }
                None => {
                    let v = sql.bind(value.as_str());
                    format!("{present} AND {as_text} {cmp} {v}")
                }
            }
        }
    }
}

/// `s`'s agent: its own, else the one it inherits (needs the summaries joined as `joined`).
pub fn agent_expr(joined: &str) -> String {
    format!("coalesce(s.agent_name, nullIf({joined}.inherited_agents[s.span_id], ''))")
}

/// ` AND column >= from AND column < to`, for the bounds the filter has.
fn time_text(sql: &mut Sql, f: &Filter, column: &str) -> String {
    let mut out = String::new();
    if let Some(from) = f.from {
        let p = sql.bind(&from.0);
        out.push_str(&format!(" AND {column} >= {p}"));
    }
    if let Some(to) = f.to {
        let p = sql.bind(&to.0);
        out.push_str(&format!(" AND {column} < {p}"));
    }
    out
}

/// Conditions on one span `s` that need nothing of its trace but its agent (`joined`).
fn span_conditions(sql: &mut Sql, f: &Filter, joined: &str) {
    sql.and_any_of("s.service", &f.service);
    if !f.kind.is_empty() {
        let names: Vec<String> = f.kind.iter().map(|k| k.as_str().to_string()).collect();
        sql.and_any_of("s.kind", &names);
    }
    sql.and_any_of("s.model", &f.model);
    sql.and_any_of("s.provider", &f.provider);
    sql.and_any_of(&agent_expr(joined), &f.agent);
    for a in &f.attr {
        let c = attr_condition(sql, a);
        sql.and(&c);
    }
    if let Some(text) = &f.text {
        let v = sql.bind(text.as_str());
        let found = |x: &str| format!("positionCaseInsensitive({x}, {v}) > 0");
        sql.and(&format!(
            "{} OR arrayExists(x -> {}, mapKeys(s.attributes)) OR arrayExists(x -> {}, mapValues(s.attributes)) \
             OR {} OR {}",
            found("s.name"),
            found("x"),
            found("x"),
            found("ifNull(s.status_message, '')"),
            found("s.events"),
        ));
    }
}

fn has_span_conditions(f: &Filter) -> bool {
    !(f.service.is_empty()
        && f.kind.is_empty()
        && f.model.is_empty()
        && f.provider.is_empty()
        && f.agent.is_empty()
        && f.attr.is_empty()
        && f.text.is_none())
}

/// Appends the conditions of a trace list over `{db}.trace_summaries AS t FINAL` (after a
/// `WHERE` that the caller wrote).
pub fn trace_where(sql: &mut Sql, db: &str, f: &Filter) {
    let time = time_text(sql, f, "t.start_ns");
    sql.push("t.deleted = 0").push(&time);
    sql.and_any_of("t.session_id", &f.session);
    sql.and_any_of("t.user_id", &f.user);
    match f.status {
        Some(StatusFilter::Error) => {
            sql.and("t.error_count > 0");
        }
        Some(StatusFilter::Ok) => {
            sql.and("t.error_count = 0");
        }
        None => {}
    }
    if let Some(name) = &f.name {
        let v = sql.bind(name.as_str());
        sql.and(&format!("positionCaseInsensitive(t.root_name, {v}) > 0"));
    }
    if let Some(min) = f.min_duration {
        let v = sql.bind(&min);
        sql.and(&format!("t.end_ns - t.start_ns >= {v}"));
    }
    if let Some(max) = f.max_duration {
        let v = sql.bind(&max);
        sql.and(&format!("t.end_ns - t.start_ns <= {v}"));
    }
    if !f.annotation.is_empty() {
        let v = sql.bind(f.annotation.as_slice());
        sql.and(&format!(
            "t.trace_id IN (SELECT trace_id FROM {db}.annotations WHERE label IN {v})"
        ));
    }
    if has_span_conditions(f) {
        sql.push(&format!(
            " AND (t.trace_id IN (SELECT s.trace_id FROM {db}.spans AS s"
        ));
        if !f.agent.is_empty() {
            // Only traces in the window can match, so only their summaries are joined.
            let time = time_text(sql, f, "start_ns");
            sql.push(&format!(
                " LEFT JOIN (SELECT trace_id, inherited_agents FROM {db}.trace_summaries FINAL \
                 WHERE deleted = 0{time}) AS a ON a.trace_id = s.trace_id"
            ));
        }
        sql.push(" WHERE 1");
        if let Some(from) = f.from {
            let p = sql.bind(&from.0);
            sql.and(&format!("s.start_ns >= {p}"));
        }
        span_conditions(sql, f, "a");
        sql.push("))");
    }
}

/// `1 AND …`: the time window and trace prefix on `alias`, shared by the main query and the
/// subqueries that look up parents and summaries.
fn window(
    sql: &mut Sql,
    db: &str,
    f: &Filter,
    prefix: Option<&TraceIdPrefix>,
    alias: &str,
) -> String {
    let mut out = String::from("1");
    out.push_str(&time_text(sql, f, &format!("{alias}.start_ns")));
    if let Some(prefix) = prefix {
        let (low, high) = prefix.bounds();
        let lo = sql.bind(low.to_hex().as_str());
        let hi = sql.bind(high.to_hex().as_str());
        // The trace windows bound the hours to read.
        out.push_str(&format!(
            " AND {alias}.trace_id BETWEEN {lo} AND {hi} \
             AND {alias}.start_ns >= (SELECT min(first_start) FROM {db}.trace_windows WHERE trace_id BETWEEN {lo} AND {hi}) \
             AND {alias}.start_ns <= (SELECT max(last_start) FROM {db}.trace_windows WHERE trace_id BETWEEN {lo} AND {hi})"
        ));
    }
    out
}

/// True when a span filter needs the trace's summary joined as `t`.
pub fn needs_summary(f: &Filter) -> bool {
    !(f.session.is_empty() && f.user.is_empty() && f.agent.is_empty())
}

/// `FROM {db}.spans AS s FINAL [LEFT JOIN summaries AS t] WHERE …` for a span query.
pub fn span_from_where(
    sql: &mut Sql,
    db: &str,
    f: &Filter,
    scope: SpanScope,
    prefix: Option<&TraceIdPrefix>,
    join: bool,
) {
    let bounded = f.from.is_some() || f.to.is_some() || prefix.is_some();
    let in_window = bounded.then(|| {
        let w = window(sql, db, f, prefix, "w");
        format!("SELECT w.trace_id FROM {db}.spans AS w WHERE {w}")
    });
    sql.push(&format!(" FROM {db}.spans AS s FINAL"));
    if join {
        sql.push(&format!(
            " LEFT JOIN (SELECT trace_id, session_id, user_id, inherited_agents FROM {db}.trace_summaries FINAL WHERE deleted = 0"
        ));
        if let Some(traces) = &in_window {
            sql.push(&format!(" AND trace_id IN ({traces})"));
        }
        sql.push(") AS t ON t.trace_id = s.trace_id");
    }
    let w = window(sql, db, f, prefix, "s");
    sql.push(&format!(" WHERE {w}"));
    span_conditions(sql, f, "t");
    sql.and_any_of("coalesce(s.session_id, t.session_id)", &f.session);
    sql.and_any_of("coalesce(s.user_id, t.user_id)", &f.user);
    match f.status {
        Some(StatusFilter::Error) => {
            sql.and("s.status_code = 'error'");
        }
        Some(StatusFilter::Ok) => {
            sql.and("s.status_code != 'error'");
        }
        None => {}
    }
    if let Some(name) = &f.name {
        let v = sql.bind(name.as_str());
        sql.and(&format!("positionCaseInsensitive(s.name, {v}) > 0"));
    }
    if let Some(min) = f.min_duration {
        let v = sql.bind(&min);
        sql.and(&format!("s.end_ns - s.start_ns >= {v}"));
    }
    if let Some(max) = f.max_duration {
        let v = sql.bind(&max);
        sql.and(&format!("s.end_ns - s.start_ns <= {v}"));
    }
    if !f.annotation.is_empty() {
        let v = sql.bind(f.annotation.as_slice());
        sql.and(&format!(
            "(s.trace_id, s.span_id) IN \
             (SELECT trace_id, span_id FROM {db}.annotations WHERE span_id != '' AND label IN {v})"
        ));
    }
    match scope {
        SpanScope::All => {}
        SpanScope::Root => {
            sql.and("s.parent_span_id = ''");
        }
        SpanScope::Entrypoint => {
            // A parent in the same trace and service makes a span an inner one. '\0' stands for
            // "no service", so two spans without one count as the same service, as in SQLite.
            let parents = match &in_window {
                Some(traces) => format!("WHERE trace_id IN ({traces})"),
                None => String::new(),
            };
            sql.and(&format!(
                "s.parent_span_id = '' OR (s.trace_id, s.parent_span_id, ifNull(s.service, '\\0')) NOT IN \
                 (SELECT trace_id, span_id, ifNull(service, '\\0') FROM {db}.spans {parents})"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanKind;

    #[test]
    fn operands_are_typed_as_sqlite_types_them() {
        assert_eq!(numeric("42"), Some(42.0));
        assert_eq!(numeric("0.5"), Some(0.5));
        assert_eq!(numeric("true"), Some(1.0));
        assert_eq!(numeric("gpt-4o"), None);
    }

    #[test]
    fn span_level_trace_conditions_share_one_subquery_and_values_stay_out_of_the_text() {
        let f = Filter {
            kind: vec![SpanKind::Llm],
            model: vec!["gpt-4o'; DROP TABLE x".into()],
            session: vec!["s1".into()],
            ..Default::default()
        };
        let mut sql = Sql::new("SELECT 1 FROM t WHERE ");
        trace_where(&mut sql, "`db`", &f);
        assert_eq!(
            sql.text.matches("SELECT s.trace_id").count(),
            1,
            "{}",
            sql.text
        );
        assert!(!sql.text.contains("gpt-4o"), "{}", sql.text);
        assert_eq!(sql.params.len(), 3);
    }
}
