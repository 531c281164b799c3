//! Output sized for a byte budget (`--max-bytes`), for coding agents that paste what canopy
//! prints into a context window. Pure: text or JSON in, text or JSON that fits out.
//!
//! Whatever is cut is replaced by a marker naming the exact command that shows it:
//!
//! ```text
//! text views    whole lines while they fit, then one line:
//!               …[cut 57 lines, 8123 bytes: canopy trace get 0a87… --view tree]
//! JSON strings  "You are a travel plan…[cut 12345 bytes: canopy span get 0a87… 9a74… --view io]"
//! JSON arrays   […, {"cut": {"omitted": 40, "bytes": 91234, "rest": "canopy span list …"}}]
//! list rows     rows while they fit, then the marker line, or the marker object as the last
//!               element (--json) or line (--jsonl): {"cut": {"rest": "… --cursor C …"}}
//! ```
//!
//! The budget counts every byte written to stdout, newlines and the marker included; only when
//! the marker alone is larger than the budget is the output larger (it is then the marker
//! alone). Cuts never split a UTF-8 character or an escape sequence, and JSON stays valid JSON.

use serde_json::{Map, Value};

/// The marker that ends a cut string.
pub fn string_marker(bytes: usize, command: &str) -> String {
    format!("…[cut {bytes} bytes: {command}]")
}

/// The line that ends cut text.
pub fn lines_marker(lines: usize, bytes: usize, command: &str) -> String {
    format!(
        "…[cut {}, {bytes} bytes: {command}]",
        super::text::count(lines as u64, "line")
    )
}

/// The longest prefix of `s` of at most `max` bytes that ends neither inside a UTF-8 character
/// nor inside an escape sequence (CSI `ESC [ … final`, OSC `ESC ] … BEL or ESC \`, or a
/// two-byte `ESC x`).
pub fn safe_prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Text,
        Esc,
        Csi,
        Osc,
        OscEsc,
    }
    let mut state = State::Text;
    let mut safe = 0;
    for (i, c) in s.char_indices() {
        if i > max {
            break;
        }
        if state == State::Text && c != '\x1b' {
            safe = i;
        }
        state = match (state, c) {
            (State::Text, '\x1b') => {
                safe = i;
                State::Esc
            }
            (State::Text, _) => State::Text,
            (State::Esc, '[') => State::Csi,
            (State::Esc, ']') => State::Osc,
            (State::Esc, _) => State::Text,
            (State::Csi, c) if ('\u{40}'..='\u{7e}').contains(&c) => State::Text,
            (State::Csi, _) => State::Csi,
            (State::Osc, '\x07') => State::Text,
            (State::Osc, '\x1b') => State::OscEsc,
            (State::Osc, _) => State::Osc,
            (State::OscEsc, _) => State::Text,
        };
        // The byte after a finished sequence (or character) is a safe place to cut.
        let end = i + c.len_utf8();
        if state == State::Text && end <= max {
            safe = end;
        }
    }
    &s[..safe]
}

/// Lines within `max` bytes (each counted with its newline): whole lines while they fit with
/// the marker, then the marker naming `command`. A first line too long to fit alone is cut
/// (ending with `…`, and a style reset when it was styled) so something useful shows.
pub fn fit_lines(lines: Vec<String>, max: usize, command: &str) -> Vec<String> {
    let total: usize = lines.iter().map(|l| l.len() + 1).sum();
    if total <= max {
        return lines;
    }
    let n = lines.len();
    // The marker shrinks as more lines are kept; reserve room for it at its longest.
    let reserve = lines_marker(n, total, command).len() + 1;
    let (mut used, mut whole) = (0, 0);
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if used + line.len() + 1 + reserve > max {
            if out.is_empty() {
                let room = max.saturating_sub(reserve + 1 + "…\x1b[0m".len());
                let head = safe_prefix(&line, room);
                if !head.is_empty() {
                    let reset = if head.contains('\x1b') { "\x1b[0m" } else { "" };
                    used += head.len();
                    out.push(format!("{head}…{reset}"));
                }
            }
            break;
        }
        used += line.len() + 1;
        whole += 1;
        out.push(line);
    }
    out.push(lines_marker(n - whole, total - used, command));
    out
}

/// A step of the path to a JSON value: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Says which command shows the whole of the string at a path.
pub type Locate<'a> = &'a dyn Fn(&[Step]) -> String;

fn serialize(v: &Value, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    };
    text.expect("JSON values serialize")
}

/// Cuts every string longer than `cap` bytes in place, ending it with a marker from `locate`.
/// Returns how many were cut.
pub fn cut_strings(v: &mut Value, cap: usize, locate: Locate) -> usize {
    fn walk(v: &mut Value, cap: usize, path: &mut Vec<Step>, locate: Locate, n: &mut usize) {
        match v {
            Value::String(s) if s.len() > cap + 64 => {
                let head = safe_prefix(s, cap).to_string();
                let marker = string_marker(s.len() - head.len(), &locate(path));
                *s = format!("{head}{marker}");
                *n += 1;
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    path.push(Step::Index(i));
                    walk(item, cap, path, locate, n);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    path.push(Step::Key(k.clone()));
                    walk(item, cap, path, locate, n);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut n = 0;
    walk(v, cap, &mut Vec::new(), locate, &mut n);
    n
}

/// Replaces the largest object or array below the top of `v` by a marker string from `locate`,
/// again and again, until `fits` says the value fits (true) or nothing is left to replace
/// (false).
pub fn cut_containers(v: &mut Value, fits: &dyn Fn(&Value) -> bool, locate: Locate) -> bool {
    fn largest(v: &Value, path: &mut Vec<Step>, best: &mut Option<(usize, Vec<Step>)>) {
        let children: Vec<(Step, &Value)> = match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| (Step::Index(i), x))
                .collect(),
            Value::Object(map) => map.iter().map(|(k, x)| (Step::Key(k.clone()), x)).collect(),
            _ => return,
        };
        for (step, child) in children {
            path.push(step);
            if matches!(child, Value::Array(a) if !a.is_empty())
                || matches!(child, Value::Object(o) if !o.is_empty())
            {
                let size = serialize(child, false).len();
                if best.as_ref().is_none_or(|(b, _)| size > *b) {
                    *best = Some((size, path.clone()));
                }
                largest(child, path, best);
            }
            path.pop();
        }
    }
    loop {
        if fits(v) {
            return true;
        }
        let mut best = None;
        largest(v, &mut Vec::new(), &mut best);
        let Some((size, path)) = best else {
            return false;
        };
        let mut at = &mut *v;
        for step in &path {
            at = match step {
                Step::Key(k) => &mut at[k.as_str()],
                Step::Index(i) => &mut at[*i],
            };
        }
        *at = Value::String(string_marker(size, &locate(&path)));
    }
}

/// String caps tried in turn, largest first.
pub const CAPS: [usize; 5] = [16_384, 4096, 1024, 256, 64];

/// The marker object that ends a cut array.
pub fn array_marker(omitted: Option<usize>, bytes: Option<usize>, rest: &str) -> Value {
    let mut cut = Map::new();
    if let Some(n) = omitted {
        cut.insert("omitted".into(), n.into());
    }
    if let Some(b) = bytes {
        cut.insert("bytes".into(), b.into());
    }
    cut.insert("rest".into(), rest.into());
    let mut outer = Map::new();
    outer.insert("cut".into(), Value::Object(cut));
    Value::Object(outer)
}

/// A cut array: the key of the array in the document, and the command that shows the elements
/// after the first `kept` (given the last kept element, or `None` when none is kept).
pub struct ArrayRest<'a> {
    pub key: &'a str,
    pub rest: &'a dyn Fn(Option<&Value>) -> String,
}

/// A JSON document as text within `max` bytes: as is when it fits; else with long strings cut
/// (ever smaller caps); else, with `array`, with that top-level array cut to the elements that
/// fit, ended by a marker object, or without, with its largest objects and arrays replaced by
/// markers; else the marker object alone (naming `whole`, the command that prints the document
/// uncut).
pub fn fit_document(
    doc: &Value,
    max: usize,
    pretty: bool,
    locate: Locate,
    array: Option<ArrayRest>,
    whole: &str,
) -> String {
    let fits = |v: &Value| {
        let text = serialize(v, pretty);
        (text.len() < max).then_some(text)
    };
    if let Some(text) = fits(doc) {
        return text;
    }
    let mut cut = doc.clone();
    for cap in CAPS.into_iter().filter(|&c| c < max) {
        cut = doc.clone();
        cut_strings(&mut cut, cap, locate);
        if let Some(text) = fits(&cut) {
            return text;
        }
    }
    let total = serialize(doc, pretty).len();
    if let Some(ArrayRest { key, rest }) = array
        && let Some(Value::Array(items)) = cut.get(key).cloned()
    {
        // What each element of the original document weighs, as compact JSON.
        let sizes: Vec<usize> = doc[key]
            .as_array()
            .map(|a| a.iter().map(|v| serialize(v, false).len()).collect())
            .unwrap_or_default();
        let full = items.len();
        // The document with the first `k` elements and the marker, as text.
        let with = |k: usize| {
            let mut v = cut.clone();
            let mut kept: Vec<Value> = items[..k].to_vec();
            kept.push(array_marker(
                Some(full - k),
                Some(sizes.get(k..).map_or(0, |s| s.iter().sum())),
                &rest(k.checked_sub(1).map(|i| &items[i])),
            ));
            v[key] = Value::Array(kept);
            serialize(&v, pretty)
        };
        if with(0).len() < max {
            // The largest k that fits, by bisection (the text grows with k).
            let (mut lo, mut hi) = (0usize, full);
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if with(mid).len() < max {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return with(lo);
        }
    }
    if array.is_none() && cut_containers(&mut cut, &|v| fits(v).is_some(), locate) {
        return serialize(&cut, pretty);
    }
    serialize(&array_marker(None, Some(total), whole), pretty)
}

/// How list rows are framed: lines (a table, tab-separated rows or JSON Lines) or one JSON
/// array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Lines,
    JsonArray,
}

/// Rows of a list taken while they fit: each offered row is written only when it, and the
/// marker that would have to follow it, fit in what is left.
#[derive(Debug)]
pub struct RowFit {
    max: usize,
    frame: Frame,
    used: usize,
    rows: usize,
    stopped: bool,
}

impl RowFit {
    pub fn new(max: usize, frame: Frame) -> RowFit {
        RowFit {
            max,
            frame,
            used: 0,
            rows: 0,
            stopped: false,
        }
    }

    /// True once a row did not fit: nothing more is taken.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Bytes the text of a row adds, framing included.
    fn cost(&self, row: &str) -> usize {
        match self.frame {
            Frame::Lines => row.len() + 1,
            // "[\n  " before the first, ",\n  " before the others: 4 bytes either way.
            Frame::JsonArray => row.len() + 4,
        }
    }

    /// What closing adds: the array's end, and the marker when there is one.
    fn closing(&self, marker: Option<&str>) -> usize {
        match (self.frame, marker) {
            (Frame::Lines, Some(m)) => m.len() + 1,
            (Frame::Lines, None) => 0,
            (Frame::JsonArray, Some(m)) => m.len() + 4 + 3,
            (Frame::JsonArray, None) => 3,
        }
    }

    /// Takes nothing more (a row that cannot be made to fit was met).
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// True when `row` (and `then` after it, see [`RowFit::offer`]) would fit.
    pub fn fits(&self, row: &str, then: Option<&str>) -> bool {
        !self.stopped && self.used + self.cost(row) + self.closing(then) <= self.max
    }

    /// Offers a row (a line, or an array element's JSON). `then` is the marker that would end
    /// the output if this were the last row taken, `None` when no row follows it at all.
    /// Returns the text to write now, or `None` (and stops) when it does not fit.
    pub fn offer(&mut self, row: &str, then: Option<&str>) -> Option<String> {
        if self.stopped {
            return None;
        }
        if !self.fits(row, then) {
            self.stopped = true;
            return None;
        }
        self.used += self.cost(row);
        self.rows += 1;
        Some(match self.frame {
            Frame::Lines => format!("{row}\n"),
            Frame::JsonArray if self.rows == 1 => format!("[\n  {row}"),
            Frame::JsonArray => format!(",\n  {row}"),
        })
    }

    /// The text that ends the output: the marker (when rows were left out) and the array's end.
    pub fn finish(&self, marker: &str) -> String {
        let marker = self.stopped.then_some(marker);
        match (self.frame, marker) {
            (Frame::Lines, Some(m)) => format!("{m}\n"),
            (Frame::Lines, None) => String::new(),
            (Frame::JsonArray, Some(m)) if self.rows == 0 => format!("[\n  {m}\n]\n"),
            (Frame::JsonArray, Some(m)) => format!(",\n  {m}\n]\n"),
            (Frame::JsonArray, None) if self.rows == 0 => "[]\n".into(),
            (Frame::JsonArray, None) => "\n]\n".into(),
        }
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
