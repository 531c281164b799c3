//! What every view says the same way about a span: its error, its tokens and cost, own and ∑.
//!
//! The text returned here is plain and unsanitized where it comes from the span (error
//! messages); callers sanitize before putting it on a line. Numbers are formatted with
//! [`super::text`].

use super::text;
use crate::model::{CostSource, Span, SpanTree, Totals, rollup};

/// The error to show for a span, on one line: the normalized error (`Type: message`) when
/// semconv found one, else the status message, else the first `exception` event, else just
/// "error" for a failed span. `None` for a span that did not fail.
pub fn error_line(span: &Span) -> Option<String> {
    let full = error_text(span)?;
    let mut lines = full.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("error").to_string();
    Some(if lines.next().is_some() {
        format!("{first} …")
    } else {
        first
    })
}

/// Like [`error_line`], but the whole message (it may span lines).
pub fn error_text(span: &Span) -> Option<String> {
    if let Some(e) = &span.error {
        match (nonempty(&e.error_type), nonempty(&e.message)) {
            (Some(t), Some(m)) => return Some(format!("{t}: {m}")),
            (Some(one), None) | (None, Some(one)) => return Some(one.to_string()),
            (None, None) => {}
        }
    }
    if !span.is_error() {
        return None;
    }
    if let Some(m) = nonempty(&span.status.message) {
        return Some(m.to_string());
    }
    let from_event = span
        .events
        .iter()
        .find(|e| e.name == "exception")
        .and_then(|event| {
            let get = |k: &str| {
                event
                    .attributes
                    .get(k)
                    .and_then(|v| v.as_str())
                    .filter(|s| !s.is_empty())
            };
            match (get("exception.type"), get("exception.message")) {
                (Some(t), Some(m)) => Some(format!("{t}: {m}")),
                (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
                (None, None) => None,
            }
        });
    Some(from_event.unwrap_or_else(|| "error".to_string()))
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// True when the span failed or carries a normalized error.
pub fn failed(span: &Span) -> bool {
    span.is_error() || error_text(span).is_some()
}

/// The span's own token total, when it reported any.
pub fn own_tokens(span: &Span) -> Option<u64> {
    span.usage().total()
}

/// The span's own cost and whether it is an estimate.
pub fn own_cost(span: &Span) -> Option<(f64, bool)> {
    span.cost_usd
        .map(|c| (c, span.cost_source == Some(CostSource::Estimated)))
}

/// `59 tok`.
pub fn tokens_text(n: u64) -> String {
    format!("{} tok", text::tokens(n))
}

/// `$0.0012`, or `~$0.0012` for an estimate.
pub fn cost_text((usd, estimated): (f64, bool)) -> String {
    text::cost(usd, estimated)
}

/// What a ∑ shows: tokens, and cost with whether any of it is an estimate.
pub type Sum = (Option<u64>, Option<(f64, bool)>);

/// Subtree totals, or `None` when the subtree reported nothing at all.
pub fn sum_parts(t: &Totals) -> Option<Sum> {
    let tokens = (t.total_tokens > 0).then_some(t.total_tokens);
    let cost = t.cost_usd.map(|c| (c, t.cost_estimated));
    (tokens.is_some() || cost.is_some()).then_some((tokens, cost))
}

/// The ∑ to show next to a span: its subtree's tokens and cost, only when they differ from its
/// own (a leaf's ∑ is its own, and saying it twice is noise).
pub fn sum_if_different(span: &Span, t: &Totals) -> Option<Sum> {
    let (tokens, cost) = sum_parts(t)?;
    let own_t = own_tokens(span).filter(|&n| n > 0);
    let own_c = own_cost(span);
    let same_tokens = tokens == own_t;
    let same_cost = match (cost, own_c) {
        (None, None) => true,
        (Some((a, _)), Some((b, _))) => (a - b).abs() <= f64::EPSILON * a.abs().max(1.0),
        _ => false,
    };
    (!(same_tokens && same_cost)).then_some((tokens, cost))
}

/// Adds two subtree totals (for a run of similar siblings).
pub fn add(a: &mut Totals, b: &Totals) {
    a.input_tokens += b.input_tokens;
    a.output_tokens += b.output_tokens;
    a.total_tokens += b.total_tokens;
    a.cache_read_tokens += b.cache_read_tokens;
    a.cache_write_tokens += b.cache_write_tokens;
    a.reasoning_tokens += b.reasoning_tokens;
    a.cost_usd = match (a.cost_usd, b.cost_usd) {
        (None, None) => None,
        (x, y) => Some(x.unwrap_or(0.0) + y.unwrap_or(0.0)),
    };
    a.cost_estimated |= b.cost_estimated;
    a.llm_count += b.llm_count;
}

/// Every span's subtree totals: as the server sent them, or rolled up here when a span lacks
/// them (spans built in tests, or read from an older server).
pub fn subtrees(tree: &SpanTree) -> Vec<Totals> {
    let spans = tree.spans();
    if spans.iter().all(|s| s.subtree.is_some()) {
        spans
            .iter()
            .map(|s| s.subtree.unwrap_or_default())
            .collect()
    } else {
        rollup(tree).subtree
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ErrorInfo, Event, StatusCode, test_span};

    #[test]
    fn errors_prefer_the_normalized_one_then_status_then_events() {
        let mut s = test_span(1, 1, None, "s", 0, 1);
        assert_eq!(error_line(&s), None);
        s.status.code = StatusCode::Error;
        assert_eq!(error_line(&s).as_deref(), Some("error"));
        s.events.push(Event {
            time: crate::model::Nanos(0),
            name: "exception".into(),
            attributes: serde_json::json!({"exception.type": "E", "exception.message": "m"})
                .as_object()
                .unwrap()
                .clone(),
        });
        assert_eq!(error_line(&s).as_deref(), Some("E: m"));
        s.status.message = Some("status says".into());
        assert_eq!(error_line(&s).as_deref(), Some("status says"));
        s.error = Some(ErrorInfo {
            error_type: Some("ValueError".into()),
            message: Some("bad\nsecond line".into()),
            stacktrace: None,
        });
        assert_eq!(error_line(&s).as_deref(), Some("ValueError: bad …"));
    }

    #[test]
    fn sums_show_only_when_they_differ() {
        let mut leaf = test_span(1, 1, None, "s", 0, 1);
        leaf.input_tokens = Some(40);
        leaf.output_tokens = Some(19);
        let t = Totals {
            input_tokens: 40,
            output_tokens: 19,
            total_tokens: 59,
            ..Default::default()
        };
        assert_eq!(sum_if_different(&leaf, &t), None);
        let parent = test_span(1, 2, None, "p", 0, 1);
        assert_eq!(sum_if_different(&parent, &t), Some((Some(59), None)));
        assert_eq!(sum_if_different(&parent, &Totals::default()), None);
    }
}
