//! List rows within `--max-bytes`: rows are taken while they, and the marker that would have to
//! follow them, fit; the marker names the same list continuing after the last row printed
//! (`--cursor`). Long strings in JSON rows are cut first, each naming the view that shows it.

use serde::Serialize;

use super::common::{Format, PagePrinter};
use crate::model::Cursor;
use crate::render::budget::{CAPS, Frame, RowFit, Step, array_marker, cut_containers, cut_strings};
use crate::ui::Ui;

/// The marker for a list that continues with `command`: a line, or a JSON object.
fn marker(format: &Format, command: &str) -> String {
    match format {
        Format::Human => format!("…[cut: more rows: {command}]"),
        Format::Json(_) | Format::Jsonl(_) => array_marker(None, None, command).to_string(),
    }
}

/// A budgeted list being printed: what was taken so far, written at the end.
pub struct ListFit {
    format: Format,
    fit: RowFit,
    out: String,
    max: usize,
    pages: usize,
    rows: usize,
    /// The command that continues after the last row taken.
    after_last: Option<String>,
}

impl ListFit {
    pub fn new(format: Format, max: usize) -> ListFit {
        let frame = match format {
            Format::Json(_) => Frame::JsonArray,
            Format::Human | Format::Jsonl(_) => Frame::Lines,
        };
        ListFit {
            format,
            fit: RowFit::new(max, frame),
            out: String::new(),
            max,
            pages: 0,
            rows: 0,
            after_last: None,
        }
    }

    /// Offers one page of rows. `more` says whether pages follow it; `human` draws rows as
    /// lines (a header first, on the first page of a table); `rest` is the command that
    /// continues after a row (`None`: from where this list started); `locate` names the
    /// command that shows a row's cut string whole. False once a row did not fit.
    pub fn page<T: Serialize>(
        &mut self,
        rows: &[T],
        more: bool,
        human: impl FnOnce(&[T], bool) -> Vec<String>,
        rest: &dyn Fn(Option<&T>) -> String,
        locate: &dyn Fn(&T, &[Step]) -> String,
    ) -> bool {
        let first = self.pages == 0;
        self.pages += 1;
        if first {
            self.after_last = Some(rest(None));
        }
        let then = |k: usize| {
            let last = k + 1 == rows.len() && !more;
            (!last).then(|| marker(&self.format, &rest(Some(&rows[k]))))
        };
        let texts: Vec<String> = match &self.format {
            Format::Human => {
                let lines = human(rows, first);
                if lines.len() > rows.len() {
                    // The table's header: followed, at worst, by the marker from the start.
                    let start = marker(&self.format, &rest(None));
                    match self.fit.offer(&lines[0], Some(&start)) {
                        Some(text) => self.out.push_str(&text),
                        None => return false,
                    }
                }
                lines[lines.len() - rows.len()..].to_vec()
            }
            Format::Json(_) | Format::Jsonl(_) => Vec::new(),
        };
        for (k, row) in rows.iter().enumerate() {
            let then = then(k);
            let text = match self.format {
                Format::Human => Some(texts[k].clone()),
                Format::Json(_) | Format::Jsonl(_) => self.json_row(row, then.as_deref(), locate),
            };
            let Some(text) = text else {
                self.fit.stop();
                return false;
            };
            match self.fit.offer(&text, then.as_deref()) {
                Some(t) => {
                    self.out.push_str(&t);
                    self.rows += 1;
                    self.after_last = Some(rest(Some(row)));
                }
                // The marker will continue after the previous row.
                None => return false,
            }
        }
        true
    }

    /// A row as compact JSON that fits, its long strings cut as much as needed.
    fn json_row<T: Serialize>(
        &self,
        row: &T,
        then: Option<&str>,
        locate: &dyn Fn(&T, &[Step]) -> String,
    ) -> Option<String> {
        let value = self.format.project(row);
        let text = value.to_string();
        if self.fit.fits(&text, then) {
            return Some(text);
        }
        let at = |path: &[Step]| locate(row, path);
        let mut cut = value.clone();
        for cap in CAPS.into_iter().filter(|&c| c < self.max) {
            cut = value.clone();
            if cut_strings(&mut cut, cap, &at) == 0 {
                continue;
            }
            let text = cut.to_string();
            if self.fit.fits(&text, then) {
                return Some(text);
            }
        }
        // Then whole attribute maps, event lists…, largest first.
        let fits = |v: &serde_json::Value| self.fit.fits(&v.to_string(), then);
        cut_containers(&mut cut, &fits, &at).then(|| cut.to_string())
    }

    /// Everything to print: the rows taken, and the marker naming the command that continues
    /// after the last of them when rows were left out. Also how many rows were taken.
    pub fn finish(mut self) -> (String, usize) {
        let marker = marker(&self.format, self.after_last.as_deref().unwrap_or_default());
        self.out.push_str(&self.fit.finish(&marker));
        (self.out, self.rows)
    }
}

/// The command that continues a list after a row (`None`: from where the list started).
pub type Rest<'a, T> = dyn Fn(Option<&T>) -> String + 'a;

/// Where a list command's pages go: printed as they arrive (`--all` streams every page), or,
/// with `--max-bytes`, taken while they fit. Trace and span lists share it.
pub struct Pages<'a> {
    ui: &'a Ui,
    printer: PagePrinter<'a>,
    fit: Option<ListFit>,
    all: bool,
    /// What the list lists, for "more traces: …" and "no traces match".
    noun: &'static str,
}

impl<'a> Pages<'a> {
    pub fn new(
        ui: &'a Ui,
        format: Format,
        all: bool,
        max_bytes: Option<usize>,
        noun: &'static str,
    ) -> Pages<'a> {
        Pages {
            ui,
            fit: max_bytes.map(|max| ListFit::new(format.clone(), max)),
            printer: PagePrinter::new(ui, format, all),
            all,
            noun,
        }
    }

    /// Takes one page (see [`ListFit::page`] for `rest` and `locate`, which only `--max-bytes`
    /// uses) and says where the list goes on: the cursor of the next page to fetch, or `None`
    /// when it ends here (the last page, a full budget, or one page without `--all`, which
    /// hints at `--cursor` on a terminal).
    pub fn take<T: Serialize>(
        &mut self,
        rows: &[T],
        next_cursor: Option<String>,
        human: impl FnOnce(&[T], bool) -> Vec<String>,
        rest: Option<&Rest<'_, T>>,
        locate: &dyn Fn(&T, &[Step]) -> String,
    ) -> anyhow::Result<Option<Cursor>> {
        let more = self.all && next_cursor.is_some();
        match (&mut self.fit, rest) {
            (Some(fit), Some(rest)) => {
                if !fit.page(rows, more, human, rest, locate) {
                    return Ok(None);
                }
            }
            _ => self.printer.page(rows, human)?,
        }
        match next_cursor {
            Some(next) if self.all => Ok(Some(next.parse().map_err(anyhow::Error::msg)?)),
            Some(next) => {
                if self.printer.is_human() && self.ui.is_tty() {
                    let noun = self.noun;
                    self.ui
                        .hint(&format!("more {noun}: pass --cursor {next} (or --all)"));
                }
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// Writes what is left (a `--max-bytes` listing is written here, whole); on a terminal, an
    /// empty list says so, with `hint`.
    pub fn finish(self, hint: &str) -> anyhow::Result<()> {
        let human = self.printer.is_human();
        let printed = match self.fit {
            Some(fit) => {
                let (text, rows) = fit.finish();
                self.ui.emit_chunk(&text)?;
                rows
            }
            None => self.printer.finish()?,
        };
        if printed == 0 && human && self.ui.is_tty() {
            self.ui.note(&format!("no {} match", self.noun));
            self.ui.hint(hint);
        }
        Ok(())
    }
}
