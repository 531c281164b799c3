//! `canopy completions <shell>`: print a completion script generated from the clap definition.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::ui::Ui;

/// The script for one shell, as `completions/` holds it.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "canopy", &mut buf);
    String::from_utf8(buf).expect("completion scripts are UTF-8")
}

pub fn run(ui: &Ui, args: &CompletionsArgs) -> anyhow::Result<()> {
    ui.emit(&script(args.shell))?;
    Ok(())
}
