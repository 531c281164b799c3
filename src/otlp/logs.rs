//! OTLP logs → log records tied to spans.
//!
//! canopy is a trace viewer: it keeps the log records that name a span (trace id and span id),
//! which is how the GenAI instrumentations send prompt and completion content, and shows each
//! with its span. A record without a span context has nowhere to be shown; it is counted as
//! rejected with a message saying so, rather than silently dropped.
//!
//! Protobuf is decoded by prost; JSON by the same lenient rules as trace requests (hex or
//! base64 ids, enum names, snake_case names, numbers as strings).

use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsPartialSuccess, ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::logs::v1 as pb;
use prost::Message;
use serde::Deserialize;

use super::Encoding;
use super::json::{AnyValue, KeyValue, Resource, Scope, enum_value, id, kvs, uint};
use super::value::{Converter, ValueLimits};
use crate::model::{LogRecord, Nanos, SpanId, TraceId};

/// At most this many rejection reasons are spelled out.
const MAX_REASONS: usize = 3;

/// Decodes an `ExportLogsServiceRequest`; the error names what is wrong with the body.
pub fn decode_request(body: &[u8], encoding: Encoding) -> Result<ExportLogsServiceRequest, String> {
    match encoding {
        Encoding::Protobuf => ExportLogsServiceRequest::decode(body).map_err(|e| {
            format!("request body is not a valid OTLP protobuf ExportLogsServiceRequest: {e}")
        }),
        Encoding::Json => serde_json::from_slice::<Request>(body)
            .map(|req| ExportLogsServiceRequest {
                resource_logs: req.resource_logs.into_iter().map(Into::into).collect(),
            })
            .map_err(|e| {
                format!("request body is not a valid OTLP/JSON ExportLogsServiceRequest: {e}")
            }),
    }
}

/// The records of one request that belong to spans, and what was rejected.
#[derive(Debug, Default)]
pub struct DecodedLogs {
    pub records: Vec<LogRecord>,
    pub rejected: u64,
    pub reasons: Vec<String>,
}

impl DecodedLogs {
    pub fn rejection_message(&self) -> Option<String> {
        (self.rejected > 0).then(|| {
            let total = self.records.len() as u64 + self.rejected;
            format!(
                "rejected {} of {} log records: {}",
                self.rejected,
                total,
                self.reasons.join("; ")
            )
        })
    }

    fn reject(&mut self, reason: String) {
        self.rejected += 1;
        if self.reasons.len() < MAX_REASONS && !self.reasons.contains(&reason) {
            self.reasons.push(reason);
        }
    }
}

pub fn records_from_request(request: ExportLogsServiceRequest, limits: ValueLimits) -> DecodedLogs {
    let mut out = DecodedLogs::default();
    let mut convert = Converter::new(limits);
    for rl in request.resource_logs {
        for sl in rl.scope_logs {
            for log in sl.log_records {
                let trace = TraceId::from_slice(&log.trace_id).filter(|t| !t.is_zero());
                let span = SpanId::from_slice(&log.span_id).filter(|s| !s.is_zero());
                let (Some(trace_id), Some(span_id)) = (trace, span) else {
                    out.reject("records without a trace and span id are not kept (canopy shows logs with their span)".into());
                    continue;
                };
                let mut attributes = convert.attributes(log.attributes);
                let name = if !log.event_name.is_empty() {
                    log.event_name
                } else {
                    attributes
                        .remove("event.name")
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_else(|| "log".into())
                };
                let time = if log.time_unix_nano > 0 {
                    log.time_unix_nano
                } else {
                    log.observed_time_unix_nano
                };
                out.records.push(LogRecord {
                    trace_id,
                    span_id,
                    time: Nanos::from_unix_nanos(time),
                    name,
                    severity: Some(log.severity_text).filter(|s| !s.is_empty()),
                    body: convert.value(log.body),
                    attributes,
                });
            }
        }
    }
    out
}

/// The success response, with `partial_success` filled when records were rejected.
pub fn response(rejected: u64, message: Option<String>) -> ExportLogsServiceResponse {
    ExportLogsServiceResponse {
        partial_success: (rejected > 0 || message.is_some()).then(|| ExportLogsPartialSuccess {
            rejected_log_records: i64::try_from(rejected).unwrap_or(i64::MAX),
            error_message: message.unwrap_or_default(),
        }),
    }
}

/// [`response`] in the request's encoding.
pub fn encode_response(encoding: Encoding, rejected: u64, message: Option<String>) -> Vec<u8> {
    let response = response(rejected, message);
    match encoding {
        Encoding::Protobuf => response.encode_to_vec(),
        Encoding::Json => match response.partial_success {
            None => b"{}".to_vec(),
            Some(p) => serde_json::json!({"partialSuccess": {
                "rejectedLogRecords": p.rejected_log_records.to_string(),
                "errorMessage": p.error_message,
            }})
            .to_string()
            .into_bytes(),
        },
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Request {
    #[serde(alias = "resource_logs")]
    resource_logs: Vec<ResourceLogs>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ResourceLogs {
    resource: Option<Resource>,
    #[serde(alias = "scope_logs")]
    scope_logs: Vec<ScopeLogs>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ScopeLogs {
    scope: Option<Scope>,
    #[serde(alias = "log_records")]
    log_records: Vec<Log>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Log {
    #[serde(alias = "time_unix_nano", deserialize_with = "uint")]
    time_unix_nano: u64,
    #[serde(alias = "observed_time_unix_nano", deserialize_with = "uint")]
    observed_time_unix_nano: u64,
    #[serde(alias = "severity_number", deserialize_with = "severity_number")]
    severity_number: i32,
    #[serde(alias = "severity_text")]
    severity_text: String,
    body: Option<AnyValue>,
    attributes: Vec<KeyValue>,
    #[serde(alias = "trace_id", deserialize_with = "id")]
    trace_id: Vec<u8>,
    #[serde(alias = "span_id", deserialize_with = "id")]
    span_id: Vec<u8>,
    #[serde(alias = "event_name")]
    event_name: String,
}

fn severity_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    const NAMES: [&str; 25] = [
        "UNSPECIFIED",
        "TRACE",
        "TRACE2",
        "TRACE3",
        "TRACE4",
        "DEBUG",
        "DEBUG2",
        "DEBUG3",
        "DEBUG4",
        "INFO",
        "INFO2",
        "INFO3",
        "INFO4",
        "WARN",
        "WARN2",
        "WARN3",
        "WARN4",
        "ERROR",
        "ERROR2",
        "ERROR3",
        "ERROR4",
        "FATAL",
        "FATAL2",
        "FATAL3",
        "FATAL4",
    ];
    enum_value(d, "SEVERITY_NUMBER_", &NAMES)
}

impl From<ResourceLogs> for pb::ResourceLogs {
    fn from(rl: ResourceLogs) -> Self {
        pb::ResourceLogs {
            resource: rl.resource.map(Into::into),
            scope_logs: rl
                .scope_logs
                .into_iter()
                .map(|sl| pb::ScopeLogs {
                    scope: sl.scope.map(Into::into),
                    log_records: sl
                        .log_records
                        .into_iter()
                        .map(|l| pb::LogRecord {
                            time_unix_nano: l.time_unix_nano,
                            observed_time_unix_nano: l.observed_time_unix_nano,
                            severity_number: l.severity_number,
                            severity_text: l.severity_text,
                            body: l.body.map(Into::into),
                            attributes: kvs(l.attributes),
                            trace_id: l.trace_id,
                            span_id: l.span_id,
                            event_name: l.event_name,
                            ..Default::default()
                        })
                        .collect(),
                    schema_url: String::new(),
                })
                .collect(),
            schema_url: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[
        {"timeUnixNano":"5","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
         "eventName":"gen_ai.user.message","severityNumber":"SEVERITY_NUMBER_INFO",
         "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"hi"}}]}},
         "attributes":[{"key":"gen_ai.system","value":{"stringValue":"openai"}}]},
        {"observedTimeUnixNano":"7","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
         "attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.choice"}}],
         "body":{"stringValue":"plain"}},
        {"timeUnixNano":"9","body":{"stringValue":"no span"}}
    ]}]}]}"#;

    #[test]
    fn records_with_a_span_are_kept_and_named() {
        let req = decode_request(BODY.as_bytes(), Encoding::Json).unwrap();
        let decoded = records_from_request(req.clone(), ValueLimits::default());
        assert_eq!(decoded.records.len(), 2);
        let first = &decoded.records[0];
        assert_eq!(
            (first.name.as_str(), first.time),
            ("gen_ai.user.message", Nanos(5))
        );
        assert_eq!(first.body, serde_json::json!({"content": "hi"}));
        let event = first.to_event();
        assert_eq!(event.attributes["body"]["content"], "hi");
        let second = &decoded.records[1];
        assert_eq!(
            (second.name.as_str(), second.time),
            ("gen_ai.choice", Nanos(7))
        );
        assert!(
            second.attributes.get("event.name").is_none(),
            "the name moved out of the attributes"
        );
        assert_eq!(decoded.rejected, 1);
        assert!(
            decoded
                .rejection_message()
                .unwrap()
                .contains("without a trace and span id")
        );

        // Protobuf carries the same.
        let pb = decode_request(&req.encode_to_vec(), Encoding::Protobuf).unwrap();
        assert_eq!(
            records_from_request(pb, ValueLimits::default()).records,
            decoded.records
        );
    }

    #[test]
    fn responses_carry_partial_success() {
        assert_eq!(encode_response(Encoding::Json, 0, None), b"{}");
        let json: serde_json::Value =
            serde_json::from_slice(&encode_response(Encoding::Json, 1, Some("x".into()))).unwrap();
        assert_eq!(json["partialSuccess"]["rejectedLogRecords"], "1");
    }
}
