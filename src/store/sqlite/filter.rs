//! The filter vocabulary as SQL: WHERE clauses and ORDER BY keys, every value a parameter.
//!
//! Trace queries read `traces t`; span queries read `spans s JOIN traces t JOIN resources r`.
//! For traces, the span-level conditions go into one `EXISTS` over the trace's spans, so
//! `--kind LLM --model gpt-4o` means "has an LLM span on gpt-4o", not "has an LLM span and,
//! maybe elsewhere, something on gpt-4o".

use rusqlite::types::Value;

use crate::model::{AttrFilter, AttrOp, Filter, Order, SortKey, SpanScope, StatusFilter};

/// A SQL fragment and its `?` parameters, in order.
#[derive(Debug, Default)]
pub struct Sql {
    pub text: String,
    pub params: Vec<Value>,
}

impl Sql {
    /// Appends ` AND (clause)` with the clause's parameters.
    fn and(&mut self, clause: &str, params: impl IntoIterator<Item = Value>) {
        self.text.push_str(" AND (");
        self.text.push_str(clause);
        self.text.push(')');
        self.params.extend(params);
    }

    /// `expr IN (?, ?, …)`.
    fn any_of(&mut self, expr: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let marks = vec!["?"; values.len()].join(", ");
        self.and(
            &format!("{expr} IN ({marks})"),
            values.iter().map(|v| Value::Text(v.clone())),
        );
    }
}

/// `LIKE` pattern for "contains", with the wildcards in `needle` escaped.
fn contains_pattern(needle: &str) -> Value {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Value::Text(format!("%{escaped}%"))
}

/// The JSON path of an attribute key (keys contain dots, so they are quoted).
fn json_path(key: &str) -> Value {
    Value::Text(format!(
        "$.\"{}\"",
        key.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// The value as SQLite would hold it after `json_extract`: integers, reals, booleans as 0/1.
fn typed(value: &str) -> Value {
    if let Ok(i) = value.parse::<i64>() {
        Value::Integer(i)
    } else if let Ok(f) = value.parse::<f64>() {
        Value::Real(f)
    } else {
        match value {
            "true" => Value::Integer(1),
            "false" => Value::Integer(0),
            _ => Value::Text(value.to_string()),
        }
    }
}

/// One attribute condition on span `s` (its own attributes, else its resource's).
fn attr_condition(sql: &mut Sql, a: &AttrFilter) {
    let x = "coalesce(json_extract(canopy_text(s.attributes), ?), json_extract(r.attributes, ?))";
    let path = || [json_path(&a.key), json_path(&a.key)];
    let v = a.value.clone().unwrap_or_default();
    match a.op {
        AttrOp::Exists => sql.and(
            "coalesce(json_type(canopy_text(s.attributes), ?), json_type(r.attributes, ?)) IS NOT NULL",
            path(),
        ),
        AttrOp::Eq => {
            let params = path()
                .into_iter()
                .chain([typed(&v)])
                .chain(path())
                .chain([Value::Text(v.clone())]);
            sql.and(&format!("{x} = ? OR {x} = ?"), params);
        }
        // "Has the attribute, with another value": a span without it does not match.
        AttrOp::Ne => {
            let params = path()
                .into_iter()
                .chain(path())
                .chain([typed(&v)])
                .chain(path())
                .chain([Value::Text(v.clone())]);
            sql.and(
                &format!("{x} IS NOT NULL AND NOT ({x} = ? OR {x} = ?)"),
                params,
            );
        }
        AttrOp::Contains => sql.and(
            &format!("instr(lower(CAST({x} AS TEXT)), lower(?)) > 0"),
            path().into_iter().chain([Value::Text(v)]),
        ),
        AttrOp::Gt | AttrOp::Lt => {
            let cmp = if a.op == AttrOp::Gt { ">" } else { "<" };
            // Numbers compare as numbers, anything else as text.
            let value = typed(&v);
            let expr = match value {
                Value::Integer(_) | Value::Real(_) => format!("CAST({x} AS REAL) {cmp} ?"),
                _ => format!("CAST({x} AS TEXT) {cmp} ?"),
            };
            sql.and(&expr, path().into_iter().chain([value]));
        }
    }
}

/// Conditions that look at one span `s` (with `r` its resource and `t` its trace).
fn span_conditions(sql: &mut Sql, f: &Filter, with_time: bool) {
    if with_time {
        if let Some(from) = f.from {
            sql.and("s.start_ns >= ?", [Value::Integer(from.0)]);
        }
        if let Some(to) = f.to {
            sql.and("s.start_ns < ?", [Value::Integer(to.0)]);
        }
    }
    sql.any_of("r.service", &f.service);
    if !f.kind.is_empty() {
        let codes: Vec<String> = f.kind.iter().map(|k| k.code().to_string()).collect();
        sql.and(&format!("s.kind IN ({})", codes.join(", ")), []);
    }
    sql.any_of("s.model", &f.model);
    sql.any_of("s.provider", &f.provider);
    sql.any_of("coalesce(s.agent_name, s.agent_inherited)", &f.agent);
    for a in &f.attr {
        attr_condition(sql, a);
    }
    if let Some(text) = &f.text {
        let p = contains_pattern(text);
        sql.and(
            "s.name LIKE ? ESCAPE '\\' OR canopy_text(s.attributes) LIKE ? ESCAPE '\\'
             OR s.status_message LIKE ? ESCAPE '\\' OR canopy_text(s.events) LIKE ? ESCAPE '\\'",
            [p.clone(), p.clone(), p.clone(), p],
        );
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

/// `WHERE …` for a trace list over `traces t`.
pub fn trace_where(f: &Filter) -> Sql {
    let mut sql = Sql {
        text: "t.span_count > 0".into(),
        params: Vec::new(),
    };
    if let Some(from) = f.from {
        sql.and("t.start_ns >= ?", [Value::Integer(from.0)]);
    }
    if let Some(to) = f.to {
        sql.and("t.start_ns < ?", [Value::Integer(to.0)]);
    }
    sql.any_of("t.session_id", &f.session);
    sql.any_of("t.user_id", &f.user);
    match f.status {
        Some(StatusFilter::Error) => sql.and("t.error_count > 0", []),
        Some(StatusFilter::Ok) => sql.and("t.error_count = 0", []),
        None => {}
    }
    if let Some(name) = &f.name {
        sql.and("t.root_name LIKE ? ESCAPE '\\'", [contains_pattern(name)]);
    }
    if let Some(min) = f.min_duration {
        sql.and("t.end_ns - t.start_ns >= ?", [Value::Integer(min)]);
    }
    if let Some(max) = f.max_duration {
        sql.and("t.end_ns - t.start_ns <= ?", [Value::Integer(max)]);
    }
    if !f.annotation.is_empty() {
        let marks = vec!["?"; f.annotation.len()].join(", ");
        sql.and(
            &format!(
                "EXISTS (SELECT 1 FROM annotations a WHERE a.trace = t.id AND a.label IN ({marks}))"
            ),
            f.annotation.iter().map(|v| Value::Text(v.clone())),
        );
    }
    if has_span_conditions(f) {
        let mut inner = Sql {
            text: "s.trace = t.id".into(),
            params: Vec::new(),
        };
        span_conditions(&mut inner, f, false);
        sql.and(
            &format!(
                "EXISTS (SELECT 1 FROM spans s JOIN resources r ON r.id = s.resource WHERE {})",
                inner.text
            ),
            inner.params,
        );
    }
    sql
}

/// `WHERE …` for a span list over `spans s JOIN traces t JOIN resources r`.
pub fn span_where(f: &Filter, scope: SpanScope) -> Sql {
    let mut sql = Sql {
        text: "1".into(),
        params: Vec::new(),
    };
    span_conditions(&mut sql, f, true);
    sql.any_of("coalesce(s.session_id, t.session_id)", &f.session);
    sql.any_of("coalesce(s.user_id, t.user_id)", &f.user);
    match f.status {
        Some(StatusFilter::Error) => sql.and("s.status_code = 2", []),
        Some(StatusFilter::Ok) => sql.and("s.status_code != 2", []),
        None => {}
    }
    if let Some(name) = &f.name {
        sql.and("s.name LIKE ? ESCAPE '\\'", [contains_pattern(name)]);
    }
    if let Some(min) = f.min_duration {
        sql.and("s.end_ns - s.start_ns >= ?", [Value::Integer(min)]);
    }
    if let Some(max) = f.max_duration {
        sql.and("s.end_ns - s.start_ns <= ?", [Value::Integer(max)]);
    }
    if !f.annotation.is_empty() {
        let marks = vec!["?"; f.annotation.len()].join(", ");
        sql.and(
            &format!(
                "EXISTS (SELECT 1 FROM annotations a WHERE a.trace = s.trace AND a.span_id = s.span_id AND a.label IN ({marks}))"
            ),
            f.annotation.iter().map(|v| Value::Text(v.clone())),
        );
    }
    match scope {
        SpanScope::All => {}
        SpanScope::Root => sql.and("s.parent_span_id IS NULL", []),
        SpanScope::Entrypoint => sql.and(
            "s.parent_span_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM spans p JOIN resources pr ON pr.id = p.resource
                WHERE p.trace = s.trace AND p.span_id = s.parent_span_id AND pr.service IS r.service)",
            [],
        ),
    }
    sql
}

/// The SQL expression a trace list sorts by.
pub fn trace_sort_key(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Start => "t.start_ns",
        SortKey::Duration => "(t.end_ns - t.start_ns)",
        SortKey::Tokens => "t.total_tokens",
        SortKey::Cost => "coalesce(t.cost_usd, -1.0)",
        SortKey::Errors => "t.error_count",
    }
}

/// The SQL expression a span list sorts by.
pub fn span_sort_key(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Start => "s.start_ns",
        SortKey::Duration => "(s.end_ns - s.start_ns)",
        SortKey::Tokens => {
            "coalesce(s.total_tokens, coalesce(s.input_tokens, 0) + coalesce(s.output_tokens, 0))"
        }
        SortKey::Cost => "coalesce(s.cost_usd, -1.0)",
        SortKey::Errors => "(s.status_code = 2)",
    }
}

/// `DESC`/`ASC` and the row-value comparison that continues after a cursor in that direction.
pub fn direction(order: Order) -> (&'static str, &'static str) {
    match order {
        Order::Desc => ("DESC", "<"),
        Order::Asc => ("ASC", ">"),
    }
}

/// A cursor's key as the SQL value it compares against.
pub fn key_value(sort: SortKey, cursor: &crate::model::Cursor) -> Value {
    match sort {
        SortKey::Cost => Value::Real(cursor.cost()),
        _ => Value::Integer(cursor.key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_substrings_are_literal() {
        assert_eq!(
            contains_pattern("50%_off"),
            Value::Text("%50\\%\\_off%".into())
        );
    }

    #[test]
    fn values_keep_their_json_types() {
        assert_eq!(typed("42"), Value::Integer(42));
        assert_eq!(typed("0.5"), Value::Real(0.5));
        assert_eq!(typed("true"), Value::Integer(1));
        assert_eq!(typed("gpt-4o"), Value::Text("gpt-4o".into()));
        assert_eq!(json_path("a\"b"), Value::Text("$.\"a\\\"b\"".into()));
    }

    #[test]
    fn span_level_trace_conditions_share_one_exists() {
        let f = Filter {
            kind: vec![crate::model::SpanKind::Llm],
            model: vec!["gpt-4o".into()],
            session: vec!["s1".into()],
            ..Default::default()
        };
        let sql = trace_where(&f);
        assert_eq!(sql.text.matches("EXISTS").count(), 1, "{}", sql.text);
        assert_eq!(sql.params.len(), 2);
    }
}
