//! Settings: the one place where defaults, environment and flags become typed values.
//!
//! Precedence, lowest first: built-in defaults < environment < flags. Commands never read the
//! environment or raw arguments for these values themselves; they read [`Settings`].

pub mod env;
mod serve;
mod store;

pub use store::store_location;

use std::path::PathBuf;

use reqwest::Url;

use crate::cli::GlobalArgs;
use crate::error::UsageError;
use crate::model::Nanos;
use crate::secret::Secret;

pub use serve::ServeSettings;

/// The endpoint used when nothing else names one: the standard OTLP/HTTP port on loopback.
pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:4318";

/// Resolved settings for client commands.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Base URL of the canopy server.
    pub endpoint: Url,
    /// "Now", for relative ranges and relative times (`CANOPY_NOW` in tests).
    pub now: Nanos,
    /// Sent as `Authorization: Bearer …` (`CANOPY_TOKEN`); redacted in `Debug`.
    pub token: Option<Secret>,
}

impl Settings {
    /// Merges defaults, the environment and the global flags.
    pub fn resolve(global: &GlobalArgs) -> Result<Settings, UsageError> {
        let (raw, source) = match (&global.endpoint, env::var(env::CANOPY_ENDPOINT)) {
            (Some(flag), _) => (flag.clone(), "--endpoint"),
            (None, Some(var)) => (var, env::CANOPY_ENDPOINT),
            (None, None) => (DEFAULT_ENDPOINT.to_string(), "the default"),
        };
        let endpoint =
            parse_endpoint(&raw).map_err(|why| UsageError::new(format!("{source}: {why}")))?;
        let now = match env::var(env::CANOPY_NOW) {
            Some(t) => Nanos::parse(&t)
                .map_err(|why| UsageError::new(format!("{}: {why}", env::CANOPY_NOW)))?,
            None => Nanos::from_timestamp(jiff::Timestamp::now()),
        };
        let token = secret_from_env(env::CANOPY_TOKEN)?;
        Ok(Settings {
            endpoint,
            now,
            token,
        })
    }
}

/// A token from the environment; the error names the variable, never its value.
fn secret_from_env(name: &str) -> Result<Option<Secret>, UsageError> {
    env::var(name)
        .map(|v| Secret::new(v.trim()))
        .transpose()
        .map_err(|why| UsageError::new(format!("{name}: {why}")))
}

/// An `http://` or `https://` base URL.
pub fn parse_endpoint(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw.trim())
        .map_err(|e| format!("{raw:?} is not a URL ({e}); use e.g. http://127.0.0.1:4318"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{raw:?} is not an http:// or https:// URL"));
    }
    if url.host().is_none() {
        return Err(format!("{raw:?} has no host"));
    }
    Ok(url)
}

/// Where `canopy serve` keeps its data: `--data-dir`, then `CANOPY_DATA_DIR`, then the
/// platform data directory (`~/.local/share/canopy` on Linux).
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf, UsageError> {
    if let Some(dir) = flag.or_else(|| env::var(env::CANOPY_DATA_DIR).map(PathBuf::from)) {
        return Ok(dir);
    }
    directories::ProjectDirs::from("", "", "canopy")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            UsageError::new("cannot find a home directory for the default data directory")
                .with_hint("pass --data-dir DIR or set CANOPY_DATA_DIR")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_http_urls() {
        assert_eq!(
            parse_endpoint("http://127.0.0.1:4318").unwrap().port(),
            Some(4318)
        );
        assert!(parse_endpoint("https://canopy.example.com/base/").is_ok());
        assert!(parse_endpoint("127.0.0.1:4318").is_err());
        assert!(parse_endpoint("ftp://x").unwrap_err().contains("http://"));
    }

    #[test]
    fn the_flag_wins_and_names_itself_when_wrong() {
        let global = GlobalArgs {
            endpoint: Some("nope".into()),
            color: crate::cli::ColorWhen::Never,
        };
        let err = Settings::resolve(&global).unwrap_err();
        assert!(err.to_string().starts_with("--endpoint: "), "{err}");
    }
}
