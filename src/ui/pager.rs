//! Paging long output through `less` (or the user's pager).

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Sends `lines` through `pager`. Returns `Ok(false)` when the pager cannot be started, so the
/// caller prints directly instead; a pager the user quits early is not an error.
pub fn page(pager: &str, lines: &[String]) -> io::Result<bool> {
    let mut words = pager.split_whitespace();
    let Some(program) = words.next() else {
        return Ok(false);
    };
    let mut cmd = Command::new(program);
    cmd.args(words).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // Quit if one screen, keep colors, do not clear the screen on exit.
        cmd.env("LESS", "FRX");
    }
    let Ok(mut child) = cmd.spawn() else {
        return Ok(false);
    };
    if let Some(mut stdin) = child.stdin.take() {
        for line in lines {
            let written = stdin
                .write_all(line.as_bytes())
                .and_then(|()| stdin.write_all(b"\n"));
            if let Err(e) = written {
                if e.kind() == io::ErrorKind::BrokenPipe {
                    break;
                }
                return Err(e);
            }
        }
    }
    child.wait()?;
    Ok(true)
}
