//! The one door to the terminal.
//!
//! Only this module writes to stdout and stderr, asks whether they are terminals, measures the
//! terminal, starts the pager, or prompts. Everything it decides (TTY or not, color, width) is
//! decided once, in [`Ui::detect`], and the rest of canopy asks the `Ui`.
//!
//! - stdout carries data; stderr carries errors, hints, warnings and progress.
//! - Color: `--color` wins; otherwise `NO_COLOR` turns it off, then `CLICOLOR_FORCE` turns it
//!   on, then the config file's `color`, then it is on exactly when the stream is a terminal.
//! - Output taller than the terminal goes through a pager (`CANOPY_PAGER`, `PAGER`, `less -FRX`),
//!   only when stdout is a real terminal.

mod pager;
mod progress;
mod prompt;
mod styles;

use std::io::{self, IsTerminal, Write};

use owo_colors::OwoColorize;

pub use progress::Progress;
pub use styles::Styles;

use crate::cli::ColorWhen;
use crate::config::env;

/// Prints `canopy <version>` as clap's `--version` does. With stdout already closed there is
/// nobody to tell, as with clap.
pub fn write_version() {
    let _ = io::stdout().lock().write_all(VERSION_LINE.as_bytes());
}

/// What `canopy --version` prints.
pub const VERSION_LINE: &str = concat!("canopy ", env!("CARGO_PKG_VERSION"), "\n");

/// Width assumed when the terminal cannot be asked.
const DEFAULT_WIDTH: usize = 100;

#[derive(Debug, Clone)]
pub struct Ui {
    stdout_tty: bool,
    /// True when stdout is a real terminal (not one pretended by `CANOPY_FORCE_TTY`).
    real_tty: bool,
    stdin_tty: bool,
    stderr_tty: bool,
    color: bool,
    width: usize,
    height: Option<usize>,
    styles: Styles,
    err_styles: Styles,
    pager: Option<String>,
}

fn decide_color(flag: Option<ColorWhen>, configured: Option<ColorWhen>, is_tty: bool) -> bool {
    let by_choice = |choice| match choice {
        ColorWhen::Always => Some(true),
        ColorWhen::Never => Some(false),
        ColorWhen::Auto => None,
    };
    if let Some(decided) = flag.and_then(by_choice) {
        return decided;
    }
    if env::var(env::NO_COLOR).is_some() {
        false
    } else if env::var(env::CLICOLOR_FORCE).is_some_and(|v| v != "0") {
        true
    } else if let Some(decided) = flag
        .is_none()
        .then_some(configured)
        .flatten()
        .and_then(by_choice)
    {
        decided
    } else {
        is_tty
    }
}

impl Ui {
    /// Looks at the terminal and the environment, once. `color` is the `--color` flag,
    /// `configured` the config file's choice.
    pub fn detect(color: Option<ColorWhen>, configured: Option<ColorWhen>) -> Ui {
        let forced = env::var(env::CANOPY_FORCE_TTY).and_then(|v| v.parse::<usize>().ok());
        let real_tty = io::stdout().is_terminal();
        let stdout_tty = real_tty || forced.is_some();
        let stderr_tty = io::stderr().is_terminal();
        let size = if real_tty {
            terminal_size::terminal_size()
        } else {
            None
        };
        let width = forced
            .or_else(|| env::var(env::COLUMNS).and_then(|c| c.parse().ok()))
            .or_else(|| size.map(|(w, _)| usize::from(w.0)))
            .unwrap_or(DEFAULT_WIDTH)
            .max(20);
        let colored = decide_color(color, configured, stdout_tty);
        let mut styles = Styles::default();
        if colored {
            styles.colorize();
        }
        let mut err_styles = Styles::default();
        if decide_color(color, configured, stderr_tty) {
            err_styles.colorize();
        }
        let pager = env::var(env::CANOPY_PAGER)
            .or_else(|| env::var(env::PAGER))
            .or_else(|| Some("less".to_string()))
            .filter(|p| p.trim() != "cat");
        Ui {
            stdout_tty,
            real_tty,
            stdin_tty: io::stdin().is_terminal(),
            stderr_tty,
            color: colored,
            width,
            height: size.map(|(_, h)| usize::from(h.0)),
            styles,
            err_styles,
            pager,
        }
    }

    /// A plain, non-terminal Ui (for tests and for callers that only capture output).
    pub fn plain(width: usize) -> Ui {
        Ui {
            stdout_tty: false,
            real_tty: false,
            stdin_tty: false,
            stderr_tty: false,
            color: false,
            width,
            height: None,
            styles: Styles::default(),
            err_styles: Styles::default(),
            pager: None,
        }
    }

    /// True when stdout is for a person: tables, colors, relative times, shortened ids.
    pub fn is_tty(&self) -> bool {
        self.stdout_tty
    }

    /// Columns available on stdout.
    pub fn width(&self) -> usize {
        self.width
    }

    /// True when stdout gets colors (renderers never need this; table layout does).
    pub fn color(&self) -> bool {
        self.color
    }

    /// Styles for stdout (plain unless color is on).
    pub fn styles(&self) -> &Styles {
        &self.styles
    }

    /// True when it is fine to ask the user a question.
    pub fn can_prompt(&self) -> bool {
        self.stdin_tty && self.real_tty
    }

    /// Writes lines of data to stdout, through the pager when they do not fit on the screen.
    pub fn emit_lines(&self, lines: &[String]) -> io::Result<()> {
        if let (true, Some(height), Some(pager)) = (self.real_tty, self.height, &self.pager)
            && lines.len() >= height
            && pager::page(pager, lines)?
        {
            return Ok(());
        }
        self.stream_lines(lines)
    }

    /// Writes lines of data to stdout directly, never through the pager (streams, pages of
    /// `--all`).
    pub fn stream_lines(&self, lines: &[String]) -> io::Result<()> {
        let mut out = io::BufWriter::new(io::stdout().lock());
        for line in lines {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    /// Writes a piece of a larger document to stdout as is, and flushes (streamed JSON).
    pub fn emit_chunk(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// Writes text to stdout as is (JSON documents, completion scripts).
    pub fn emit(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    fn stderr_line(&self, line: &str) {
        // Nothing sensible remains to be done when stderr itself is gone.
        let _ = writeln!(io::stderr().lock(), "{line}");
    }

    /// A progress bar over `total` bytes on stderr (drawn only when stderr is a terminal).
    pub fn progress_bytes(&self, total: u64, label: &str) -> Progress {
        Progress::bytes(total, label, self.stderr_tty)
    }

    /// A progress counter of items (of `total`, when known) on stderr (drawn only when stderr
    /// is a terminal).
    pub fn progress_items(&self, total: Option<u64>, label: &str) -> Progress {
        Progress::items(total, label, self.stderr_tty)
    }

    /// `error: …` on stderr.
    pub fn error(&self, message: &str) {
        self.stderr_line(&format!(
            "{} {message}",
            "error:".style(self.err_styles.error)
        ));
    }

    /// `hint: …` on stderr, after an error.
    pub fn hint(&self, message: &str) {
        self.stderr_line(&format!(
            "{} {message}",
            "hint:".style(self.err_styles.hint)
        ));
    }

    /// `warning: …` on stderr.
    pub fn warn(&self, message: &str) {
        self.stderr_line(&format!(
            "{} {message}",
            "warning:".style(self.err_styles.warn)
        ));
    }

    /// A status message on stderr (progress, what the command did).
    pub fn note(&self, message: &str) {
        self.stderr_line(message);
    }

    /// Asks a yes/no question on the terminal (default no); `None` when cancelled. Only call it
    /// when [`Ui::can_prompt`] is true.
    pub fn confirm(&self, prompt: &str) -> io::Result<Option<bool>> {
        prompt::confirm(self.color, prompt)
    }

    /// Reads a secret: at a prompt that does not echo when stdin is a terminal, else the first
    /// line of stdin. `None` when nothing was given.
    pub fn read_secret(&self, prompt: &str) -> io::Result<Option<String>> {
        let text = if self.stdin_tty && self.stderr_tty {
            prompt::password(self.color, prompt)?
        } else {
            let mut line = String::new();
            io::stdin().read_line(&mut line)?;
            line
        };
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }

    /// Asks the user to pick one of `items`; `None` when cancelled. Only call it when
    /// [`Ui::can_prompt`] is true.
    pub fn select(&self, prompt: &str, items: &[String]) -> io::Result<Option<usize>> {
        prompt::select(self.color, prompt, items)
    }

    /// Where a child process's stdout goes: our stderr, so that our stdout stays data only.
    pub fn child_stdout(&self) -> std::process::Stdio {
        io::stderr().into()
    }

    /// Sends `tracing` events (server logs) to stderr with the given filter directive.
    pub fn init_logging(&self, filter: &str) {
        let filter = tracing_subscriber::EnvFilter::try_new(filter)
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(io::stderr)
            .with_ansi(io::stderr().is_terminal())
            .with_target(false)
            .try_init();
    }
}
