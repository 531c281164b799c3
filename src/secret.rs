//! A token that must never be shown: not in errors, logs, `Debug` output or help.
//!
//! A leaf module that any layer may use: `cli` parses tokens into it, `config` resolves it,
//! `client` sends it and `server` compares against it, in constant time. The only way to read the
//! text is [`Secret::expose`], so every place that does is easy to find.

use std::fmt;
use std::str::FromStr;

use subtle::ConstantTimeEq;

/// A bearer token.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// A token: visible ASCII (it travels in an HTTP header), not empty.
    pub fn new(text: impl Into<String>) -> Result<Secret, String> {
        let text = text.into();
        if text.is_empty() {
            return Err("a token must not be empty".into());
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            // Never echo the rejected text: it is someone's token.
            return Err("a token must be printable ASCII without spaces".into());
        }
        Ok(Secret(text))
    }

    /// The token itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when `candidate` is this token; the time taken does not depend on where they differ.
    pub fn matches(&self, candidate: &[u8]) -> bool {
        self.0.as_bytes().ct_eq(candidate).into()
    }
}

impl FromStr for Secret {
    type Err = String;

    fn from_str(s: &str) -> Result<Secret, String> {
        Secret::new(s)
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.matches(other.0.as_bytes())
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_themselves() {
        let s = Secret::new("hunter2-token").unwrap();
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret(<redacted>))");
        assert_eq!(s.expose(), "hunter2-token");
    }

    #[test]
    fn comparison_is_exact() {
        let s = Secret::new("abc").unwrap();
        assert!(s.matches(b"abc"));
        assert!(!s.matches(b"abd"));
        assert!(!s.matches(b"ab"));
        assert!(!s.matches(b"abcd"));
        assert_eq!(s, Secret::new("abc").unwrap());
    }

    #[test]
    fn bad_tokens_are_refused_without_echoing_them() {
        let err = Secret::new("has space").unwrap_err();
        assert!(!err.contains("has space"), "{err}");
        assert!(Secret::new("").is_err());
        assert!(Secret::new("new\nline").is_err());
    }
}
