//! OTLP/JSON trace files: what `canopy trace import` reads and `canopy trace export` writes.
//!
//! Two layouts are read, told apart by the first line:
//!
//! - JSON Lines: one `ExportTraceServiceRequest` (`{"resourceSpans": …}`) per line, as the
//!   OpenTelemetry collector's file exporter and `canopy trace export` write them;
//! - one JSON document per file, possibly pretty-printed (a captured request body).
//!
//! gzip-compressed files are recognised by their magic bytes. Lines are decoded with the same
//! lenient reader as the server's, so a bad line is reported with its number and the rest of
//! the file still goes through. Lines with no spans (logs or metrics from a mixed file) are
//! counted, not sent.

use std::io::{self, BufRead, BufReader, Read};

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;

/// A line (or document) that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// What one step of reading produced.
#[derive(Debug)]
pub enum Item {
    Request(ExportTraceServiceRequest),
    /// A well-formed line without spans.
    Empty,
    Bad(LineError),
}

/// Counts bytes as they are read, for progress.
pub struct Counting<R> {
    inner: R,
    pub count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Reads the requests of one file. `bytes_read` (of the file as stored, compressed or not)
/// grows as reading proceeds.
pub struct RequestReader {
    lines: Box<dyn BufRead>,
    line: usize,
    /// The first line, read ahead to choose the layout.
    pending: Option<String>,
    whole_document: bool,
    done: bool,
    pub bytes_read: std::rc::Rc<std::cell::Cell<u64>>,
}

fn span_count(req: &ExportTraceServiceRequest) -> usize {
    req.resource_spans
        .iter()
        .flat_map(|r| &r.scope_spans)
        .map(|s| s.spans.len())
        .sum()
}

impl RequestReader {
    pub fn new(input: impl Read + 'static) -> io::Result<RequestReader> {
        let count = std::rc::Rc::new(std::cell::Cell::new(0));
        let mut raw = BufReader::new(Counting {
            inner: input,
            count: std::rc::Rc::clone(&count),
        });
        let gz = raw.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let mut lines: Box<dyn BufRead> = if gz {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(raw)))
        } else {
            Box::new(raw)
        };
        let mut first = String::new();
        lines.read_line(&mut first)?;
        // A first line that is a whole JSON value means JSON Lines; otherwise one document.
        let trimmed = first.trim();
        let whole_document =
            !trimmed.is_empty() && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_err();
        Ok(RequestReader {
            lines,
            line: 0,
            pending: Some(first),
            whole_document,
            done: false,
            bytes_read: count,
        })
    }

    fn decode(&self, text: &str) -> Item {
        match super::json::decode(text.as_bytes()) {
            Ok(req) if span_count(&req) == 0 => Item::Empty,
            Ok(req) => Item::Request(req),
            Err(e) => Item::Bad(LineError {
                line: self.line,
                message: format!("not an OTLP/JSON trace request: {e}"),
            }),
        }
    }
}

impl Iterator for RequestReader {
    type Item = io::Result<Item>;

    fn next(&mut self) -> Option<io::Result<Item>> {
        if self.done {
            return None;
        }
        if self.whole_document {
            self.done = true;
            let mut text = self.pending.take().unwrap_or_default();
            if let Err(e) = self.lines.read_to_string(&mut text) {
                return Some(Err(e));
            }
            self.line = 1;
            return Some(Ok(self.decode(&text)));
        }
        loop {
            let line = match self.pending.take() {
                Some(l) => l,
                None => {
                    let mut l = String::new();
                    match self.lines.read_line(&mut l) {
                        Ok(0) => {
                            self.done = true;
                            return None;
                        }
                        Ok(_) => l,
                        Err(e) => return Some(Err(e)),
                    }
                }
            };
            self.line += 1;
            if line.trim().is_empty() {
                if line.is_empty() {
                    self.done = true;
                    return None;
                }
                continue;
            }
            return Some(Ok(self.decode(line.trim())));
        }
    }
}

/// Groups requests into protobuf bodies of about `max_spans` spans each.
#[derive(Debug, Default)]
pub struct Batcher {
    current: ExportTraceServiceRequest,
    spans: usize,
    max_spans: usize,
}

impl Batcher {
    pub fn new(max_spans: usize) -> Batcher {
        Batcher {
            max_spans: max_spans.max(1),
            ..Default::default()
        }
    }

    /// Adds a request; returns a full batch when one is ready.
    pub fn push(&mut self, req: ExportTraceServiceRequest) -> Option<ExportTraceServiceRequest> {
        self.spans += span_count(&req);
        self.current.resource_spans.extend(req.resource_spans);
        (self.spans >= self.max_spans).then(|| self.take())
    }

    /// The last, partial batch.
    pub fn finish(&mut self) -> Option<ExportTraceServiceRequest> {
        (self.spans > 0).then(|| self.take())
    }

    fn take(&mut self) -> ExportTraceServiceRequest {
        self.spans = 0;
        std::mem::take(&mut self.current)
    }
}

/// Spans in a request.
pub fn spans_in(req: &ExportTraceServiceRequest) -> usize {
    span_count(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"a"}]}]}]}"#;

    fn items(input: Vec<u8>) -> Vec<String> {
        RequestReader::new(std::io::Cursor::new(input))
            .unwrap()
            .map(|i| match i.unwrap() {
                Item::Request(r) => format!("{} spans", spans_in(&r)),
                Item::Empty => "empty".into(),
                Item::Bad(e) => format!("line {}: bad", e.line),
            })
            .collect()
    }

    #[test]
    fn json_lines_with_bad_and_empty_lines() {
        let text = format!("{LINE}\n\nnot json\n{{\"resourceLogs\":[]}}\n{LINE}");
        assert_eq!(
            items(text.into_bytes()),
            ["1 spans", "line 3: bad", "empty", "1 spans"]
        );
    }

    #[test]
    fn one_pretty_document_and_gzip() {
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(LINE).unwrap())
                .unwrap();
        assert_eq!(items(pretty.clone().into_bytes()), ["1 spans"]);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, format!("{LINE}\n{LINE}\n").as_bytes()).unwrap();
        assert_eq!(items(gz.finish().unwrap()), ["1 spans", "1 spans"]);
        assert!(items(Vec::new()).is_empty());
    }

    #[test]
    fn batches_group_requests_by_span_count() {
        let req = || super::super::json::decode(LINE.as_bytes()).unwrap();
        let mut b = Batcher::new(2);
        assert!(b.push(req()).is_none());
        let full = b.push(req()).unwrap();
        assert_eq!(spans_in(&full), 2);
        assert!(b.finish().is_none());
        b.push(req());
        assert_eq!(spans_in(&b.finish().unwrap()), 1);
    }
}
