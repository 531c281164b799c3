//! Settings for `canopy serve`: flags over environment over the config file's `[serve]` and
//! `[prices]` over defaults, checked before anything starts.
//!
//! The one rule that is not about shapes: a server on a non-loopback address must require tokens
//! for both ingest and the query API, or it refuses to start (exit 2). Anyone who can reach such
//! an address could otherwise read every prompt and tool output the agents sent.

use std::net::SocketAddr;
use std::time::Duration;

use super::{ConfigFile, EnvLookup, env, secret_from};
use crate::cli::{DEFAULT_GRPC_LISTEN, DEFAULT_LISTEN, GrpcListen, RetentionArg, ServeArgs};
use crate::error::UsageError;
use crate::otlp::value::MAX_DEPTH_LIMIT;
use crate::secret::Secret;
use crate::semconv::Pricing;
use crate::server::{self, Auth, Limits};
use crate::store::Location;

/// Resolved settings for `canopy serve`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeSettings {
    pub listen: SocketAddr,
    /// Where OTLP/gRPC listens, unless off.
    pub grpc_listen: Option<SocketAddr>,
    /// `--store`, else the file's `serve.store`, else SQLite in the data directory.
    pub store: Location,
    pub server: server::Config,
}

impl ServeSettings {
    pub fn resolve(
        args: &ServeArgs,
        file: &ConfigFile,
        env: EnvLookup<'_>,
    ) -> Result<ServeSettings, UsageError> {
        let token = |flag: &Option<Secret>, var: &str| match flag {
            Some(t) => Ok(Some(t.clone())),
            None => secret_from(env, var),
        };
        let auth = Auth::new(
            token(&args.token, env::CANOPY_SERVER_TOKEN)?,
            token(&args.ingest_token, env::CANOPY_INGEST_TOKEN)?,
            token(&args.read_token, env::CANOPY_READ_TOKEN)?,
        );
        let listen = args
            .listen
            .or(file.serve.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("the default address parses"));
        let grpc_listen = match args.grpc_listen.or(file.serve.grpc_listen) {
            Some(GrpcListen::At(addr)) => Some(addr),
            Some(GrpcListen::Off) => None,
            None => Some(
                DEFAULT_GRPC_LISTEN
                    .parse()
                    .expect("the default address parses"),
            ),
        };
        let exposed = std::iter::once(listen)
            .chain(grpc_listen)
            .find(|a| !a.ip().is_loopback());
        if let Some(addr) = exposed
            && !auth.protects_everything()
        {
            return Err(UsageError::new(format!(
                "refusing to listen on {addr} without tokens: anyone who can reach it could read and write your traces"
            ))
            .with_hint(
                "set CANOPY_SERVER_TOKEN (or both CANOPY_INGEST_TOKEN and CANOPY_READ_TOKEN), or listen on 127.0.0.1",
            ));
        }
        let mut pricing = Pricing::builtin();
        pricing.merge(file.prices.clone()).map_err(|why| {
            UsageError::new(format!("config file {}: {why}", file.path.display()))
        })?;
        Ok(ServeSettings {
            listen,
            grpc_listen,
            store: super::store::store_location(args, file, env)?,
            server: server::Config {
                limits: limits(args)?,
                auth,
                retention: retention(args.retention, file, env)?,
                pricing: std::sync::Arc::new(pricing),
            },
        })
    }
}

fn retention(
    flag: Option<RetentionArg>,
    file: &ConfigFile,
    env: EnvLookup<'_>,
) -> Result<Option<Duration>, UsageError> {
    let from_env = env(env::CANOPY_RETENTION)
        .map(|v| {
            crate::cli::args::parse_retention(&v)
                .map_err(|why| UsageError::new(format!("{}: {why}", env::CANOPY_RETENTION)))
        })
        .transpose()?;
    let arg = flag
        .or(from_env)
        .or(file.serve.retention)
        .unwrap_or(RetentionArg::Keep(server::retention::DEFAULT_RETENTION));
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

    fn resolve_with(
        argv: &[&str],
        config: &str,
        vars: &[(&str, &str)],
    ) -> Result<ServeSettings, UsageError> {
        let mut full = vec!["canopy", "serve"];
        full.extend_from_slice(argv);
        let file = ConfigFile::parse(config, std::path::Path::new("config.toml")).unwrap();
        let env = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        match crate::cli::Cli::try_parse_from(full).unwrap().command {
            crate::cli::Command::Serve(args) => ServeSettings::resolve(&args, &file, &env),
            _ => unreachable!(),
        }
    }

    fn resolve(argv: &[&str]) -> Result<ServeSettings, UsageError> {
        resolve_with(argv, "", &[("CANOPY_DATA_DIR", "/tmp/x")])
    }

    #[test]
    fn defaults() {
        let s = resolve(&[]).unwrap();
        assert_eq!(s.server.limits, Limits::default());
        assert_eq!(s.server.retention, Some(Duration::from_secs(30 * 86_400)));
        assert_eq!(s.server.auth, Auth::open());
    }

    #[test]
    fn the_config_file_sets_serve_defaults_below_env_and_flags() {
        let config = r#"
            [serve]
            listen = "127.0.0.1:9000"
            grpc_listen = "off"
            data_dir = "/srv/from-file"
            retention = "7d"
            [prices]
            "my-model" = { input = 1, output = 2 }
            "gpt-4o" = { input = 100, output = 200 }
        "#;
        let s = resolve_with(&[], config, &[]).unwrap();
        assert_eq!(s.listen.port(), 9000);
        assert_eq!(s.grpc_listen, None);
        assert_eq!(s.store, Location::Sqlite("/srv/from-file/canopy.db".into()));
        assert_eq!(s.server.retention, Some(Duration::from_secs(7 * 86_400)));
        assert_eq!(s.server.pricing.lookup("my-model").unwrap().1.output, 2.0);
        assert_eq!(
            s.server
                .pricing
                .lookup("gpt-4o-2024-08-06")
                .unwrap()
                .1
                .input,
            100.0
        );
        assert!(
            s.server.pricing.lookup("claude-sonnet-4-5").is_some(),
            "built-ins stay"
        );

        let vars = [("CANOPY_DATA_DIR", "/srv/env"), ("CANOPY_RETENTION", "1d")];
        let s = resolve_with(&[], config, &vars).unwrap();
        assert_eq!(s.store, Location::Sqlite("/srv/env/canopy.db".into()));
        assert_eq!(s.server.retention, Some(Duration::from_secs(86_400)));

        let flags = [
            "--listen",
            "127.0.0.1:1",
            "--grpc-listen",
            "127.0.0.1:2",
            "--data-dir",
            "/srv/flag",
            "--retention",
            "off",
        ];
        let s = resolve_with(&flags, config, &vars).unwrap();
        assert_eq!((s.listen.port(), s.grpc_listen.unwrap().port()), (1, 2));
        assert_eq!(s.store, Location::Sqlite("/srv/flag/canopy.db".into()));
        assert_eq!(s.server.retention, None);
    }

    #[test]
    fn an_exposed_address_from_the_file_needs_tokens_too() {
        let err = resolve_with(
            &[],
            "[serve]\nlisten = \"0.0.0.0:4318\"\n",
            &[("CANOPY_DATA_DIR", "/x")],
        )
        .unwrap_err();
        assert!(err.message.contains("without tokens"), "{err}");
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
