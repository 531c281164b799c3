//! What list commands share: turning filter, paging and output flags into a query and a
//! format (all checked before any request), and printing pages as they arrive.

use serde::Serialize;

use crate::cli::{
    FilterArgs, OrderArg, OutputArgs, PageArgs, RangeArg, SortArg, StatusArg, TimeArg,
};
use crate::error::UsageError;
use crate::model::{AttrFilter, Cursor, Filter, Nanos, Order, SortKey, StatusFilter};
use crate::ui::Ui;

/// An absolute time from a `--from`/`--to` value.
pub fn resolve_time(t: TimeArg, now: Nanos) -> Nanos {
    match t {
        TimeArg::At(ts) => Nanos::from_timestamp(ts),
        TimeArg::Ago(d) => Nanos(
            now.0
                .saturating_sub(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)),
        ),
    }
}

fn nanos(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)
}

/// Rows per page when neither `--limit` nor the config's `limit` says.
pub const DEFAULT_LIMIT: u32 = 50;

/// The filter the flags describe. `default_range` (the config's `range`) applies when none of
/// `--range`, `--from` and `--to` is given.
pub fn filter(
    args: &FilterArgs,
    now: Nanos,
    default_range: Option<RangeArg>,
) -> Result<Filter, UsageError> {
    let unbounded = args.range.is_none() && args.from.is_none() && args.to.is_none();
    let range = if unbounded { default_range } else { args.range };
    let from = match range {
        Some(RangeArg::Last(d)) => Some(resolve_time(TimeArg::Ago(d), now)),
        Some(RangeArg::All) => None,
        None => args.from.map(|t| resolve_time(t, now)),
    };
    let attr = attr_filters(&args.attr).map_err(|e| {
        UsageError::new(format!("--attr: {e}"))
            .with_hint("write it as --attr KEY OP VALUE, e.g. --attr llm.model_name = gpt-4o")
    })?;
    Ok(Filter {
        from,
        to: args.to.map(|t| resolve_time(t, now)),
        service: args.service.clone(),
        kind: args.kind.clone(),
        model: args.model.clone(),
        provider: args.provider.clone(),
        session: args.session.clone(),
        user: args.user.clone(),
        agent: args.agent.clone(),
        status: args.status.map(|s| match s {
            StatusArg::Ok => StatusFilter::Ok,
            StatusArg::Error => StatusFilter::Error,
        }),
        name: args.name.clone(),
        min_duration: args.min_duration.map(nanos),
        max_duration: args.max_duration.map(nanos),
        attr,
        text: args.text.clone(),
        annotation: args.annotation.clone(),
    })
}

/// Splits the words of all `--attr` flags into conditions. Every condition is KEY OP VALUE
/// except KEY exists, so reading key, then operator, then a value unless the operator is
/// `exists`, recovers the flags' boundaries.
fn attr_filters(words: &[String]) -> Result<Vec<AttrFilter>, String> {
    let mut out = Vec::new();
    let mut rest = words.iter();
    while let Some(key) = rest.next() {
        let op = rest
            .next()
            .ok_or_else(|| format!("`{key}` needs an operator and a value"))?;
        let value = if op == "exists" {
            None
        } else {
            rest.next().map(String::as_str)
        };
        out.push(AttrFilter::new(key, op, value)?);
    }
    Ok(out)
}

/// Sort, order, page size and starting cursor.
pub fn paging(
    args: &PageArgs,
    default_limit: Option<u32>,
) -> Result<(SortKey, Order, usize, Option<Cursor>), UsageError> {
    let limit = args.limit.or(default_limit).unwrap_or(DEFAULT_LIMIT);
    let sort = match args.sort {
        SortArg::Start => SortKey::Start,
        SortArg::Duration => SortKey::Duration,
        SortArg::Tokens => SortKey::Tokens,
        SortArg::Cost => SortKey::Cost,
        SortArg::Errors => SortKey::Errors,
    };
    let order = match args.order {
        Some(OrderArg::Asc) => Order::Asc,
        Some(OrderArg::Desc) | None => Order::Desc,
    };
    let cursor = args
        .cursor
        .as_deref()
        .map(|c| c.parse::<Cursor>())
        .transpose()
        .map_err(|e| UsageError::new(format!("--cursor: {e}")))?;
    if let Some(c) = &cursor
        && c.sort != sort
    {
        return Err(UsageError::new(format!(
            "--cursor continues a list sorted by {}; pass --sort {} with it",
            c.sort.as_str(),
            c.sort.as_str()
        )));
    }
    Ok((sort, order, limit as usize, cursor))
}

/// How a command prints its rows.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// A table on a terminal, tab-separated lines in a pipe.
    Human,
    /// One JSON document (an array for lists).
    Json(Option<Vec<String>>),
    /// One JSON object per line.
    Jsonl(Option<Vec<String>>),
}

/// The top-level JSON fields of `T`, read off its default value's serialization.
pub fn fields_of<T: Default + Serialize>() -> Vec<String> {
    match serde_json::to_value(T::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn parse_fields<T: Default + Serialize>(
    flag: &str,
    list: &str,
) -> Result<Option<Vec<String>>, UsageError> {
    if list.trim().is_empty() {
        return Ok(None);
    }
    let valid = fields_of::<T>();
    let chosen: Vec<String> = list
        .split(',')
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect();
    if let Some(bad) = chosen.iter().find(|f| !valid.contains(f)) {
        return Err(UsageError::new(format!("{flag}: unknown field {bad:?}"))
            .with_hint(format!("valid fields: {}", valid.join(", "))));
    }
    Ok(Some(chosen))
}

impl Format {
    /// The format the flags ask for, with field names checked against `T`.
    pub fn resolve<T: Default + Serialize>(args: &OutputArgs) -> Result<Format, UsageError> {
        Ok(match (&args.json, &args.jsonl) {
            (Some(list), _) => Format::Json(parse_fields::<T>("--json", list)?),
            (None, Some(list)) => Format::Jsonl(parse_fields::<T>("--jsonl", list)?),
            (None, None) => Format::Human,
        })
    }

    fn fields(&self) -> Option<&[String]> {
        match self {
            Format::Json(f) | Format::Jsonl(f) => f.as_deref(),
            Format::Human => None,
        }
    }

    /// A row as JSON, reduced to the chosen fields (in the order they were asked for).
    pub fn project<T: Serialize>(&self, row: &T) -> serde_json::Value {
        let value = serde_json::to_value(row).expect("model types serialize to JSON");
        match (self.fields(), value) {
            (Some(fields), serde_json::Value::Object(mut map)) => {
                let mut out = serde_json::Map::new();
                for f in fields {
                    out.insert(f.clone(), map.remove(f).unwrap_or(serde_json::Value::Null));
                }
                serde_json::Value::Object(out)
            }
            (_, value) => value,
        }
    }
}

/// Prints pages of rows as they arrive, so `--all` never holds more than one page.
pub struct PagePrinter<'a> {
    ui: &'a Ui,
    format: Format,
    /// More pages may follow: print directly, never through the pager.
    streaming: bool,
    rows: usize,
    pages: usize,
}

impl<'a> PagePrinter<'a> {
    pub fn new(ui: &'a Ui, format: Format, streaming: bool) -> PagePrinter<'a> {
        PagePrinter {
            ui,
            format,
            streaming,
            rows: 0,
            pages: 0,
        }
    }

    fn lines(&self, lines: &[String]) -> std::io::Result<()> {
        if self.streaming {
            self.ui.stream_lines(lines)
        } else {
            self.ui.emit_lines(lines)
        }
    }

    /// Prints one page: JSON forms here, the human form through `human` (which gets the page
    /// and whether it is the first, to print headers once).
    pub fn page<T: Serialize>(
        &mut self,
        rows: &[T],
        human: impl FnOnce(&[T], bool) -> Vec<String>,
    ) -> std::io::Result<()> {
        let first = self.pages == 0;
        self.pages += 1;
        match &self.format {
            Format::Human => {
                if !rows.is_empty() {
                    self.lines(&human(rows, self.rows == 0))?;
                }
            }
            Format::Jsonl(_) => {
                let lines: Vec<String> = rows
                    .iter()
                    .map(|r| self.format.project(r).to_string())
                    .collect();
                if !lines.is_empty() {
                    self.lines(&lines)?;
                }
            }
            Format::Json(_) => {
                // One array over all pages: "[" before the first row, "," between rows.
                let mut chunk = String::new();
                for (i, row) in rows.iter().enumerate() {
                    chunk.push_str(if first && i == 0 { "[\n  " } else { ",\n  " });
                    chunk.push_str(&self.format.project(row).to_string());
                }
                self.ui.emit_chunk(&chunk)?;
            }
        }
        self.rows += rows.len();
        Ok(())
    }

    /// Closes the JSON array; returns how many rows were printed.
    pub fn finish(self) -> std::io::Result<usize> {
        if let Format::Json(_) = self.format {
            self.ui
                .emit_chunk(if self.rows == 0 { "[]\n" } else { "\n]\n" })?;
        }
        Ok(self.rows)
    }

    pub fn is_human(&self) -> bool {
        self.format == Format::Human
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TraceSummary;

    #[test]
    fn unknown_fields_are_usage_errors_listing_the_valid_ones() {
        let args = OutputArgs {
            json: Some("trace_id,root_nme".into()),
            jsonl: None,
        };
        let err = Format::resolve::<TraceSummary>(&args).unwrap_err();
        assert_eq!(err.message, "--json: unknown field \"root_nme\"");
        assert!(err.hint.unwrap().contains("root_name"));
    }

    #[test]
    fn projection_keeps_the_asked_fields_in_order() {
        let args = OutputArgs {
            json: Some("span_count, trace_id".into()),
            jsonl: None,
        };
        let format = Format::resolve::<TraceSummary>(&args).unwrap();
        let json = format.project(&TraceSummary::default());
        assert_eq!(
            json.to_string(),
            r#"{"span_count":0,"trace_id":"00000000000000000000000000000000"}"#
        );
    }

    #[test]
    fn the_configured_range_applies_only_when_no_time_flag_is_given() {
        let hour = Some(RangeArg::Last(std::time::Duration::from_secs(3600)));
        let now = Nanos(10_000 * 1_000_000_000);
        let from = |args: &FilterArgs| filter(args, now, hour).unwrap().from;
        let mut args = FilterArgs::default();
        assert_eq!(from(&args), Some(Nanos(now.0 - 3600 * 1_000_000_000)));
        args.range = Some(RangeArg::All);
        assert_eq!(from(&args), None, "--range all overrides the default");
        args.range = None;
        args.to = Some(TimeArg::Ago(std::time::Duration::from_secs(60)));
        assert_eq!(from(&args), None, "--to alone means everything before it");
    }

    #[test]
    fn attr_words_become_filters_or_usage_errors() {
        let mut args = FilterArgs::default();
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        args.attr = words(&["user.id", "exists", "llm.model_name", "=", "exists"]);
        let attrs = filter(&args, Nanos(0), None).unwrap().attr;
        assert_eq!(
            attrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            ["user.id exists", "llm.model_name = exists"]
        );
        args.attr = words(&["k", "~"]);
        assert!(
            filter(&args, Nanos(0), None)
                .unwrap_err()
                .message
                .contains("needs a value")
        );
    }
}
