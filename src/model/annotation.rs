//! Annotations: feedback on a trace or one of its spans (a thumbs-up, a score, a comment).
//!
//! They come two ways: through the API (`canopy trace annotate`), and inside the spans
//! themselves, where tracers record user feedback as a span event or as attributes. The
//! shapes read from spans, by rule rather than by SDK:
//!
//! - an event named `feedback`, `user_feedback`, `annotation`, `score` or `evaluation` (any
//!   case, `.`, `_` or `-` separated), whose attributes give the label (`label`, `name`,
//!   `key`, or the same under a `feedback.`/`annotation.`/`score.` prefix), the score
//!   (`score`, `value`, `rating`; `true`/`false`, `up`/`down`, `thumbs_up`/`thumbs_down`
//!   read as 1 and 0) and the note (`comment`, `note`, `reason`, `explanation`);
//! - span attributes `feedback.*`, `annotation.*` or `user_feedback.*` with those keys.
//!
//! A bare event with nothing but its name becomes an annotation labelled with the name.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Attributes, Nanos, Span, SpanId, TraceId};

/// Where an annotation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationSource {
    /// Added through the API (`canopy trace annotate`).
    #[default]
    Api,
    /// Read from a span's events or attributes at ingest.
    Span,
}

impl AnnotationSource {
    pub fn code(self) -> i64 {
        match self {
            AnnotationSource::Api => 0,
            AnnotationSource::Span => 1,
        }
    }

    pub fn from_code(code: i64) -> AnnotationSource {
        if code == 1 {
            AnnotationSource::Span
        } else {
            AnnotationSource::Api
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct Annotation {
    pub trace_id: TraceId,
    /// The span it is about; `None` for the trace as a whole.
    #[serde(default)]
    pub span_id: Option<SpanId>,
    pub label: String,
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub source: AnnotationSource,
    pub time: Nanos,
}

/// The body of `POST /api/v1/traces/{id}/annotations`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct NewAnnotation {
    /// The span it is about (its id or a unique prefix); absent for the whole trace.
    #[serde(default)]
    #[schema(pattern = "^[0-9a-fA-F]{1,16}$")]
    pub span_id: Option<String>,
    /// 1 to 256 characters, surrounding whitespace trimmed.
    #[schema(min_length = 1, max_length = 256, pattern = r"\S")]
    pub label: String,
    #[serde(default)]
    pub score: Option<f64>,
    /// At most 64 KiB of UTF-8.
    #[serde(default)]
    #[schema(max_length = 16384)]
    pub note: Option<String>,
}

const EVENT_NAMES: [&str; 5] = [
    "feedback",
    "userfeedback",
    "annotation",
    "score",
    "evaluation",
];
const PREFIXES: [&str; 4] = ["feedback.", "annotation.", "user_feedback.", "score."];
const LABEL_KEYS: [&str; 3] = ["label", "name", "key"];
const SCORE_KEYS: [&str; 3] = ["score", "value", "rating"];
const NOTE_KEYS: [&str; 4] = ["comment", "note", "reason", "explanation"];

fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '.' | '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first of `keys` present as `key` or `prefix + key`.
fn lookup<'a>(attrs: &'a Attributes, keys: &[&str]) -> Option<&'a serde_json::Value> {
    keys.iter().find_map(|k| {
        attrs
            .get(*k)
            .or_else(|| PREFIXES.iter().find_map(|p| attrs.get(&format!("{p}{k}"))))
    })
}

fn text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A score from a number, a numeric string, or a thumbs/boolean word.
fn score(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::Bool(b) => Some(f64::from(u8::from(*b))),
        serde_json::Value::String(s) => {
            let s = s.trim().to_ascii_lowercase();
            s.parse().ok().or(match s.as_str() {
                "up" | "thumbs_up" | "thumbsup" | "👍" | "true" | "yes" | "good" | "positive" => {
                    Some(1.0)
                }
                "down" | "thumbs_down" | "thumbsdown" | "👎" | "false" | "no" | "bad"
                | "negative" => Some(0.0),
                _ => None,
            })
        }
        _ => None,
    }
}

fn from_attributes(
    attrs: &Attributes,
    fallback_label: Option<&str>,
) -> Option<(String, Option<f64>, Option<String>)> {
    let score_value = lookup(attrs, &SCORE_KEYS);
    let label = lookup(attrs, &LABEL_KEYS)
        .and_then(text)
        .or_else(|| fallback_label.map(str::to_string))
        // "value: thumbs_up" with no label: the word is the label.
        .or_else(|| {
            score_value
                .and_then(text)
                .filter(|t| t.parse::<f64>().is_err())
        })?;
    Some((
        label,
        score_value.and_then(score),
        lookup(attrs, &NOTE_KEYS).and_then(text),
    ))
}

/// The annotations a span carries in its events and attributes.
pub fn from_span(span: &Span) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut push = |(label, score, note): (String, Option<f64>, Option<String>), time: Nanos| {
        out.push(Annotation {
            trace_id: span.trace_id,
            span_id: Some(span.span_id),
            label,
            score,
            note,
            source: AnnotationSource::Span,
            time,
        });
    };
    for e in &span.events {
        if EVENT_NAMES.contains(&squash(&e.name).as_str())
            && let Some(found) = from_attributes(&e.attributes, Some(e.name.as_str()))
        {
            push(found, e.time);
        }
    }
    let prefixed = span
        .attributes
        .keys()
        .any(|k| PREFIXES.iter().any(|p| k.starts_with(p)));
    if prefixed {
        let scoped: Attributes = span
            .attributes
            .iter()
            .filter(|(k, _)| PREFIXES.iter().any(|p| k.starts_with(p)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(found) = from_attributes(&scoped, None) {
            push(found, span.end_time);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, test_span};

    fn attrs(v: serde_json::Value) -> Attributes {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn feedback_events_in_their_common_shapes() {
        let mut s = test_span(1, 1, None, "chat", 0, 10);
        for (name, a) in [
            (
                "FEEDBACK",
                serde_json::json!({"label": "helpful", "score": 0.9, "comment": "nice"}),
            ),
            (
                "user_feedback",
                serde_json::json!({"feedback.value": "thumbs_down"}),
            ),
            (
                "score",
                serde_json::json!({"name": "faithfulness", "value": "0.25"}),
            ),
            ("annotation", serde_json::json!({})),
            (
                "exception",
                serde_json::json!({"exception.message": "not feedback"}),
            ),
        ] {
            s.events.push(Event {
                time: Nanos(5),
                name: name.into(),
                attributes: attrs(a),
            });
        }
        let got: Vec<(String, Option<f64>, Option<String>)> = from_span(&s)
            .into_iter()
            .map(|a| (a.label, a.score, a.note))
            .collect();
        assert_eq!(
            got,
            [
                ("helpful".into(), Some(0.9), Some("nice".into())),
                ("user_feedback".into(), Some(0.0), None),
                ("faithfulness".into(), Some(0.25), None),
                ("annotation".into(), None, None),
            ]
        );
    }

    #[test]
    fn feedback_attributes_on_the_span() {
        let mut s = test_span(1, 1, None, "run", 0, 10);
        s.attributes = attrs(
            serde_json::json!({"feedback.label": "thumbs-up", "feedback.score": 1, "other": 2}),
        );
        let a = from_span(&s);
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].label.as_str(), a[0].score, a[0].time),
            ("thumbs-up", Some(1.0), Nanos(10))
        );
        assert!(from_span(&test_span(1, 1, None, "plain", 0, 1)).is_empty());
    }
}
