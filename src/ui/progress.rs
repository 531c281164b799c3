//! Progress bars on stderr, only when stderr is a terminal (a pipe or a log gets nothing).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A byte-count progress bar; a no-op when hidden.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub(super) fn bytes(total: u64, label: &str, visible: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(
            Some(total),
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.set_message(label.to_string());
        Progress { bar }
    }

    /// Counts items, against a total when one is known.
    pub(super) fn items(total: Option<u64>, label: &str, visible: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(
            total,
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        let template = if total.is_some() {
            "{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta})"
        } else {
            "{msg} {pos} {spinner}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message(label.to_string());
        Progress { bar }
    }

    pub fn set_position(&self, done: u64) {
        self.bar.set_position(done);
    }

    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    pub fn set_message(&self, message: &str) {
        self.bar.set_message(message.to_string());
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
