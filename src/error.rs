//! Errors at the top: exit codes, classification, and how an error is told to the user.
//!
//! Lower layers return typed errors (`ClientError`, `StoreError`, …); commands add context with
//! `anyhow`; [`report`] walks the chain once, picks the exit code from the first error it
//! recognises, and prints `error:` with its causes and any `hint:` lines.

use std::io;

use crate::client::ClientError;
use crate::ui::Ui;

/// Exit codes, documented in `canopy --help` and the README.
pub mod exit {
    /// Success, including an empty result and a closed output pipe.
    pub const OK: u8 = 0;
    /// A runtime failure: not found, bad data, storage error.
    pub const FAILURE: u8 = 1;
    /// A usage error: bad flags or values, decided before any network call.
    pub const USAGE: u8 = 2;
    /// The server could not be reached.
    pub const UNREACHABLE: u8 = 3;
    /// The server refused the credentials.
    pub const REFUSED: u8 = 4;
    /// `canopy instrument --verify`: the program ran, but no trace from it reached the server.
    pub const NO_TRACE: u8 = 5;
    /// Interrupted (Ctrl-C) or a prompt was cancelled.
    pub const INTERRUPTED: u8 = 130;
}

/// Bad input found after parsing (a bad endpoint, an inconsistent set of flags): exit 2.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

impl UsageError {
    pub fn new(message: impl Into<String>) -> UsageError {
        UsageError {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> UsageError {
        self.hint = Some(hint.into());
        self
    }
}

/// A failure with advice (exit 1), for commands that know what the user should do next.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// A failure that has an exit code of its own in [`exit`] (a cancelled prompt, no trace).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct CodedFailure {
    pub code: u8,
    pub message: String,
    pub hint: Option<String>,
}

/// The exit code and hint of the first error in the chain that says what kind of failure it is.
fn classify(err: &anyhow::Error) -> (u8, Option<String>) {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<ClientError>() {
            let code = match e {
                ClientError::Unreachable { .. } | ClientError::Timeout { .. } => exit::UNREACHABLE,
                ClientError::Unauthorized { .. } => exit::REFUSED,
                _ => exit::FAILURE,
            };
            return (code, e.hint());
        }
        if let Some(e) = cause.downcast_ref::<UsageError>() {
            return (exit::USAGE, e.hint.clone());
        }
        if let Some(e) = cause.downcast_ref::<Failure>() {
            return (exit::FAILURE, e.hint.clone());
        }
        if let Some(e) = cause.downcast_ref::<CodedFailure>() {
            return (e.code, e.hint.clone());
        }
    }
    (exit::FAILURE, None)
}

/// True when the error is stdout going away (`canopy trace list | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Prints the error and returns the exit code for it.
pub fn report(ui: &Ui, err: &anyhow::Error) -> u8 {
    if is_broken_pipe(err) {
        return exit::OK;
    }
    let (code, hint) = classify(err);
    ui.error(&err.to_string());
    let mut previous = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        // Wrapped errors often repeat their source in their own message; say each thing once.
        if !previous.contains(&text) {
            ui.note(&format!("  caused by: {text}"));
        }
        previous = text;
    }
    if let Some(hint) = hint {
        ui.hint(&hint);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn client_errors_pick_their_codes_through_context() {
        let unreachable: anyhow::Error = Err::<(), _>(ClientError::Unreachable {
            endpoint: "http://x".into(),
            reason: "refused".into(),
        })
        .context("listing traces")
        .unwrap_err();
        let (code, hint) = classify(&unreachable);
        assert_eq!(code, exit::UNREACHABLE);
        assert!(hint.unwrap().contains("canopy serve"));

        let refused = anyhow::Error::new(ClientError::Unauthorized {
            message: "bad token".into(),
            hint: None,
        });
        assert_eq!(classify(&refused).0, exit::REFUSED);
        let missing = anyhow::Error::new(ClientError::NotFound {
            message: "no trace".into(),
            hint: Some("list".into()),
        });
        assert_eq!(classify(&missing), (exit::FAILURE, Some("list".into())));
    }

    #[test]
    fn usage_and_broken_pipes() {
        assert_eq!(
            classify(&anyhow::Error::new(UsageError::new("bad"))).0,
            exit::USAGE
        );
        let pipe =
            anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&pipe));
        assert_eq!(classify(&anyhow::anyhow!("other")).0, exit::FAILURE);
    }
}
