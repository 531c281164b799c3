//! Questions on the terminal (dialoguer, on stderr). Only called when [`super::Ui::can_prompt`]
//! is true; callers that cannot ask fail with a message that names the flag to pass instead.

use std::io;

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};

fn theme(color: bool) -> Box<dyn Theme> {
    if color {
        Box::new(ColorfulTheme::default())
    } else {
        Box::new(SimpleTheme)
    }
}

fn io_error(e: dialoguer::Error) -> io::Error {
    match e {
        dialoguer::Error::IO(e) => e,
    }
}

/// Yes or no, default no. `None` when the user cancels (Esc).
pub fn confirm(color: bool, prompt: &str) -> io::Result<Option<bool>> {
    dialoguer::Confirm::with_theme(theme(color).as_ref())
        .with_prompt(prompt)
        .default(false)
        .interact_on_opt(&Term::stderr())
        .map_err(io_error)
}

/// A line typed without echo.
pub fn password(color: bool, prompt: &str) -> io::Result<String> {
    dialoguer::Password::with_theme(theme(color).as_ref())
        .with_prompt(prompt)
        .allow_empty_password(true)
        .interact_on(&Term::stderr())
        .map_err(io_error)
}

/// One of `items`, by index. `None` when the user cancels (Esc or q).
pub fn select(color: bool, prompt: &str, items: &[String]) -> io::Result<Option<usize>> {
    dialoguer::Select::with_theme(theme(color).as_ref())
        .with_prompt(prompt)
        .items(items)
        .default(0)
        .interact_on_opt(&Term::stderr())
        .map_err(io_error)
}
