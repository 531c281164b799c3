//! Settings for `canopy serve`: flags over environment over defaults, checked before anything
//! starts.
//!
//! The one rule that is not about shapes: a server on a non-loopback address must require tokens
//! for both ingest and the query API, or it refuses to start (exit 2). Anyone who can reach such
//! an address could otherwise read every prompt and tool output the agents sent.

use std::net::SocketAddr;
use std::time::Duration;

use super::{env, secret_from_env};
use crate::cli::{RetentionArg, ServeArgs};
use crate::error::UsageError;
use crate::otlp::value::MAX_DEPTH_LIMIT;
use crate::secret::Secret;
use crate::server::{self, Auth, Limits};
use crate::store::Location;

/// Resolved settings for `canopy serve`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeSettings {
    pub listen: SocketAddr,
    /// `--store`, else SQLite in the data directory.
    pub store: Location,
    pub server: server::Config,
}

impl ServeSettings {
    pub fn resolve(args: &ServeArgs) -> Result<ServeSettings, UsageError> {
        let token = |flag: &Option<Secret>, var: &str| match flag {
            Some(t) => Ok(Some(t.clone())),
            None => secret_from_env(var),
        };
        let auth = Auth::new(
            token(&args.token, env::CANOPY_SERVER_TOKEN)?,
            token(&args.ingest_token, env::CANOPY_INGEST_TOKEN)?,
            token(&args.read_token, env::CANOPY_READ_TOKEN)?,
        );
        if !args.listen.ip().is_loopback() && !auth.protects_everything() {
            return Err(UsageError::new(format!(
                "refusing to listen on {} without tokens: anyone who can reach it could read and write your traces",
                args.listen
            ))
            .with_hint(
                "set CANOPY_SERVER_TOKEN (or both CANOPY_INGEST_TOKEN and CANOPY_READ_TOKEN), or listen on 127.0.0.1",
            ));
        }
        Ok(ServeSettings {
            listen: args.listen,
            store: super::store::store_location(args.store.as_deref(), args.data_dir.clone())?,
            server: server::Config {
                limits: limits(args)?,
                auth,
                retention: retention(args.retention)?,
            },
        })
    }
}

fn retention(flag: Option<RetentionArg>) -> Result<Option<Duration>, UsageError> {
    let arg = match flag {
        Some(arg) => arg,
        None => match env::var(env::CANOPY_RETENTION) {
            Some(v) => crate::cli::args::parse_retention(&v)
                .map_err(|why| UsageError::new(format!("{}: {why}", env::CANOPY_RETENTION)))?,
            None => RetentionArg::Keep(server::retention::DEFAULT_RETENTION),
        },
    };
    Ok(match arg {
        RetentionArg::Keep(age) => Some(age),
        RetentionArg::Off => None,
    })
}

fn limits(args: &ServeArgs) -> Result<Limits, UsageError> {
    let d = Limits::default();
    let limits = Limits {
        max_body_bytes: args.max_body_size.unwrap_or(d.max_body_bytes),
        max_inflight_bytes: args.max_inflight.unwrap_or(d.max_inflight_bytes),
        max_spans_per_request: args
            .max_spans_per_request
            .unwrap_or(d.max_spans_per_request),
        max_attribute_bytes: args.max_attribute_size.unwrap_or(d.max_attribute_bytes),
        max_attribute_depth: args.max_attribute_depth.unwrap_or(d.max_attribute_depth),
    };
    if limits.max_inflight_bytes < limits.max_body_bytes {
        return Err(UsageError::new(format!(
            "--max-inflight ({} bytes) is smaller than --max-body-size ({} bytes): no request of the largest size could be read",
            limits.max_inflight_bytes, limits.max_body_bytes
        ))
        .with_hint("decoding takes about 3-4 times the body; give --max-inflight at least 4 times --max-body-size"));
    }
    if limits.max_spans_per_request == 0 {
        return Err(UsageError::new(
            "--max-spans-per-request must be at least 1",
        ));
    }
    if !(1..=MAX_DEPTH_LIMIT).contains(&limits.max_attribute_depth) {
        return Err(UsageError::new(format!(
            "--max-attribute-depth must be between 1 and {MAX_DEPTH_LIMIT}"
        )));
    }
    Ok(limits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn resolve(argv: &[&str]) -> Result<ServeSettings, UsageError> {
        let mut full = vec!["canopy", "serve", "--data-dir", "/tmp/x"];
        full.extend_from_slice(argv);
        match crate::cli::Cli::try_parse_from(full).unwrap().command {
            crate::cli::Command::Serve(args) => ServeSettings::resolve(&args),
            _ => unreachable!(),
        }
    }

    #[test]
    fn defaults() {
        let s = resolve(&[]).unwrap();
        assert_eq!(s.server.limits, Limits::default());
        assert_eq!(s.server.retention, Some(Duration::from_secs(30 * 86_400)));
        assert_eq!(s.server.auth, Auth::open());
    }

    #[test]
    fn flags_set_limits_and_retention() {
        let s = resolve(&[
            "--max-body-size",
            "1MiB",
            "--max-inflight",
            "8MiB",
            "--max-spans-per-request",
            "10",
            "--max-attribute-size",
            "4KiB",
            "--max-attribute-depth",
            "3",
            "--retention",
            "off",
        ])
        .unwrap();
        assert_eq!(
            s.server.limits,
            Limits {
                max_body_bytes: 1 << 20,
                max_inflight_bytes: 8 << 20,
                max_spans_per_request: 10,
                max_attribute_bytes: 4096,
                max_attribute_depth: 3,
            }
        );
        assert_eq!(s.server.retention, None);
    }

    #[test]
    fn inconsistent_limits_are_usage_errors() {
        let err = resolve(&["--max-body-size", "10MiB", "--max-inflight", "1MiB"]).unwrap_err();
        assert!(err.message.contains("--max-inflight"), "{err}");
        assert!(resolve(&["--max-attribute-depth", "0"]).is_err());
        assert!(resolve(&["--max-attribute-depth", "25"]).is_err());
        assert!(resolve(&["--max-spans-per-request", "0"]).is_err());
    }

    #[test]
    fn other_addresses_need_tokens_for_everything() {
        let err = resolve(&["--listen", "0.0.0.0:4318"]).unwrap_err();
        assert!(err.message.contains("without tokens"), "{err}");
        assert!(resolve(&["--listen", "0.0.0.0:4318", "--ingest-token", "a"]).is_err());
        let s = resolve(&["--listen", "0.0.0.0:4318", "--token", "sesame"]).unwrap();
        assert!(s.server.auth.protects_everything());
        assert!(!format!("{s:?}").contains("sesame"));
        assert!(resolve(&["--listen", "[::1]:4318"]).is_ok());
    }
}
