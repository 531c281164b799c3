//! How much of a trace a read returns, beyond each span's structure, timing and stored derived
//! fields: shared by the client (which writes it as `?io=…&attributes=…`), the server (which
//! reads it back and fills the trace accordingly) and `semconv` (which completes spans).
//!
//! Views ask for the least they draw: in an agent trace the payloads and raw attributes are
//! most of the bytes, and the tree of a 10k-span trace needs neither.

use std::borrow::Cow;

use super::query::Pair;

/// What a trace read includes besides each span's structure, timing and stored derived fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceDetail {
    /// Span inputs and outputs, parsed out of the raw attributes (`io`).
    pub io: bool,
    /// Raw attributes (each span's, its resource's and its scope's) and the provenance of
    /// derived fields (`attributes`).
    pub attributes: bool,
}

impl TraceDetail {
    /// Everything: the default, and what `--json` and the thread view need.
    pub const FULL: TraceDetail = TraceDetail {
        io: true,
        attributes: true,
    };
    /// No payloads: the summary and OTLP views, `diff`, `lint` and `export`.
    pub const STRUCTURE: TraceDetail = TraceDetail {
        io: false,
        attributes: true,
    };
    /// Neither payloads nor raw attributes: the tree and timeline.
    pub const OUTLINE: TraceDetail = TraceDetail {
        io: false,
        attributes: false,
    };

    /// The query parameters that ask for this detail; none for [`TraceDetail::FULL`].
    pub fn to_pairs(self) -> Vec<Pair> {
        let mut out = Vec::new();
        if !self.io {
            out.push(("io", "false".to_string()));
        }
        if !self.attributes {
            out.push(("attributes", "false".to_string()));
        }
        out
    }

    /// Reads `io` and `attributes` (each `true` or `false`, default `true`); anything else is
    /// an error that names what the endpoint takes.
    pub fn from_pairs<'a>(
        pairs: impl Iterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
    ) -> Result<TraceDetail, String> {
        let mut detail = TraceDetail::FULL;
        for (k, v) in pairs {
            let flag = match k.as_ref() {
                "io" => &mut detail.io,
                "attributes" => &mut detail.attributes,
                k => {
                    return Err(format!(
                        "unknown parameter {k:?} (this endpoint takes io=true|false, attributes=true|false)"
                    ));
                }
            };
            *flag = match v.as_ref() {
                "true" => true,
                "false" => false,
                v => return Err(format!("{k}: {v:?} is not true or false")),
            };
        }
        Ok(detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<TraceDetail, String> {
        TraceDetail::from_pairs(form_urlencoded::parse(query.as_bytes()))
    }

    #[test]
    fn pairs_round_trip() {
        for detail in [
            TraceDetail::FULL,
            TraceDetail::STRUCTURE,
            TraceDetail::OUTLINE,
        ] {
            let query: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(detail.to_pairs())
                .finish();
            assert_eq!(parse(&query), Ok(detail), "{query}");
        }
    }

    #[test]
    fn unknown_parameters_and_values_are_refused() {
        assert_eq!(parse("io=true&io=false"), Ok(TraceDetail::STRUCTURE));
        assert!(parse("io=no").unwrap_err().contains("not true or false"));
        assert!(parse("verbose=1").unwrap_err().contains("io=true|false"));
    }
}
