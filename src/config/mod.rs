//! Settings: the one place where defaults, the config file, environment and flags become typed
//! values.
//!
//! Precedence, lowest first: built-in defaults < the config file < the chosen profile <
//! environment < flags. Commands never read the environment, the file or raw arguments for these
//! values themselves; they read [`Settings`] (or [`ServeSettings`]). Resolution is a pure
//! function of the flags, the file and an environment lookup, so tests pass all three.

mod doc;
pub mod env;
mod file;
pub mod keys;
mod serve;
mod store;

pub use store::parse_store;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use reqwest::Url;

use crate::cli::{ColorWhen, GlobalArgs, RangeArg};
use crate::error::UsageError;
use crate::model::Nanos;
use crate::secret::Secret;

pub use doc::ConfigDoc;
pub use file::{ConfigFile, Profile, locate};
pub use keys::ClientKey;
pub use serve::ServeSettings;

/// The config file written when `canopy config set` creates one: every setting, commented out.
pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

/// Reads a variable from the environment.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment (empty values count as unset).
pub fn process_env() -> impl Fn(&str) -> Option<String> {
    env::var
}

/// Reads the config file (`CANOPY_CONFIG` or the platform config dir); a missing file is empty.
pub fn load(env: EnvLookup<'_>) -> Result<ConfigFile, UsageError> {
    ConfigFile::load(&locate(env)?)
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    Profile(String),
    Env(&'static str),
    Flag(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::File => f.write_str("config file"),
            Source::Profile(name) => write!(f, "profile {name}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::Flag(flag) => f.write_str(flag),
        }
    }
}

/// The endpoint used when nothing else names one: the standard OTLP/HTTP port on loopback.
pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:4318";

/// Resolved settings for client commands.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Base URL of the canopy server.
    pub endpoint: Url,
    /// "Now", for relative ranges and relative times (`CANOPY_NOW` in tests).
    pub now: Nanos,
    /// Sent as `Authorization: Bearer …`; redacted in `Debug`.
    pub token: Option<Secret>,
    /// The profile in use, and what chose it.
    pub profile: Option<(String, Source)>,
    /// The color choice of the file or profile; `--color` and `NO_COLOR` win over it (in `Ui`).
    pub color: Option<ColorWhen>,
    /// The range list commands use when given no `--range`, `--from` or `--to`.
    pub range: Option<RangeArg>,
    /// Rows per page for list commands given no `--limit`.
    pub limit: Option<u32>,
    /// Where each setting that has a value came from.
    pub sources: BTreeMap<ClientKey, Source>,
    /// The config file these were read from (it may not exist).
    pub config_path: PathBuf,
}

impl Settings {
    /// Merges defaults, the config file, the chosen profile, the environment and the flags.
    pub fn resolve(
        global: &GlobalArgs,
        file: &ConfigFile,
        env: EnvLookup<'_>,
    ) -> Result<Settings, UsageError> {
        let profile = choose_profile(global, file, env)?;
        let mut layers = Layers {
            profile: profile.as_ref().map(|(name, p, _)| (name.as_str(), *p)),
            base: &file.base,
            sources: BTreeMap::new(),
        };

        let endpoint_over = match (&global.endpoint, env(env::CANOPY_ENDPOINT)) {
            (Some(flag), _) => Some((
                parse_endpoint(flag)
                    .map_err(|why| UsageError::new(format!("--endpoint: {why}")))?,
                Source::Flag("--endpoint"),
            )),
            (None, Some(var)) => Some((
                parse_endpoint(&var)
                    .map_err(|why| UsageError::new(format!("{}: {why}", env::CANOPY_ENDPOINT)))?,
                Source::Env(env::CANOPY_ENDPOINT),
            )),
            (None, None) => None,
        };
        let endpoint = layers
            .over(ClientKey::Endpoint, endpoint_over, |p| p.endpoint.clone())
            .unwrap_or_else(|| {
                layers.sources.insert(ClientKey::Endpoint, Source::Default);
                parse_endpoint(DEFAULT_ENDPOINT).expect("the default endpoint parses")
            });
        let token_over =
            secret_from(env, env::CANOPY_TOKEN)?.map(|t| (t, Source::Env(env::CANOPY_TOKEN)));
        let token = layers.over(ClientKey::Token, token_over, |p| p.token.clone());
        let color_over = global.color.map(|c| (c, Source::Flag("--color")));
        let color = layers.over(ClientKey::Color, color_over, |p| p.color);
        let range = layers.over(ClientKey::Range, None, |p| p.range);
        let limit = layers.over(ClientKey::Limit, None, |p| p.limit);
        let sources = layers.sources;

        let now = match env(env::CANOPY_NOW) {
            Some(t) => Nanos::parse(&t)
                .map_err(|why| UsageError::new(format!("{}: {why}", env::CANOPY_NOW)))?,
            None => Nanos::from_timestamp(jiff::Timestamp::now()),
        };
        Ok(Settings {
            endpoint,
            now,
            token,
            profile: profile.map(|(name, _, source)| (name, source)),
            color,
            range,
            limit,
            sources,
            config_path: file.path.clone(),
        })
    }
}

/// The file's top level with the chosen profile over it, remembering where each value came from.
struct Layers<'f> {
    profile: Option<(&'f str, &'f Profile)>,
    base: &'f Profile,
    sources: BTreeMap<ClientKey, Source>,
}

impl<'f> Layers<'f> {
    /// `higher` (a flag or a variable) if given, else the profile's value, else the file's.
    fn over<T>(
        &mut self,
        key: ClientKey,
        higher: Option<(T, Source)>,
        get: impl Fn(&'f Profile) -> Option<T>,
    ) -> Option<T> {
        let found = higher
            .or_else(|| {
                let (name, p) = self.profile?;
                get(p).map(|v| (v, Source::Profile(name.to_string())))
            })
            .or_else(|| get(self.base).map(|v| (v, Source::File)));
        let (value, source) = found?;
        self.sources.insert(key, source);
        Some(value)
    }
}

/// The profile `--profile`, `CANOPY_PROFILE` or the file's `profile` names, if any.
fn choose_profile<'f>(
    global: &GlobalArgs,
    file: &'f ConfigFile,
    env: EnvLookup<'_>,
) -> Result<Option<(String, &'f Profile, Source)>, UsageError> {
    let named = match (&global.profile, env(env::CANOPY_PROFILE)) {
        (Some(flag), _) => Some((flag.clone(), Source::Flag("--profile"))),
        (None, Some(var)) => Some((var, Source::Env(env::CANOPY_PROFILE))),
        (None, None) => file
            .default_profile
            .clone()
            .map(|name| (name, Source::File)),
    };
    let Some((name, source)) = named else {
        return Ok(None);
    };
    match file.profile(&name) {
        Some(profile) => Ok(Some((name, profile, source))),
        None => {
            let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            let message = format!(
                "{source} names profile `{name}`, but {} has no [profiles.{name}]",
                file.path.display()
            );
            let hint = if known.is_empty() {
                format!("create it with `canopy config set profiles.{name}.endpoint URL`")
            } else {
                format!(
                    "profiles there: {}; or create it with `canopy config set profiles.{name}.endpoint URL`",
                    known.join(", ")
                )
            };
            Err(UsageError::new(message).with_hint(hint))
        }
    }
}

/// The color the file or the chosen profile asks for, when they load; `Ui` weighs it below
/// `--color` and `NO_COLOR`.
pub fn configured_color(
    global: &GlobalArgs,
    file: &ConfigFile,
    env: EnvLookup<'_>,
) -> Option<ColorWhen> {
    match choose_profile(global, file, env) {
        Ok(Some((_, p, _))) if p.color.is_some() => p.color,
        _ => file.base.color,
    }
}

/// A token from the environment; the error names the variable, never its value.
fn secret_from(env: EnvLookup<'_>, name: &str) -> Result<Option<Secret>, UsageError> {
    env(name)
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

/// Where `canopy serve` keeps its data: `--data-dir`, then `CANOPY_DATA_DIR`, then the config
/// file's `serve.data_dir`, then the platform data directory (`~/.local/share/canopy` on Linux).
pub fn data_dir(
    flag: Option<PathBuf>,
    file: &ConfigFile,
    env: EnvLookup<'_>,
) -> Result<PathBuf, UsageError> {
    if let Some(dir) = flag
        .or_else(|| env(env::CANOPY_DATA_DIR).map(PathBuf::from))
        .or_else(|| file.serve.data_dir.clone())
    {
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

    fn global(endpoint: Option<&str>, profile: Option<&str>) -> GlobalArgs {
        GlobalArgs {
            endpoint: endpoint.map(String::from),
            profile: profile.map(String::from),
            color: None,
        }
    }

    fn file(text: &str) -> ConfigFile {
        ConfigFile::parse(
            text,
            std::path::Path::new("/home/u/.config/canopy/config.toml"),
        )
        .unwrap()
    }

    fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    const LAYERED: &str = r#"
        endpoint = "http://file:1"
        token = "file-token"
        range = "24h"
        limit = 20
        [profiles.prod]
        endpoint = "http://profile:2"
        token = "profile-token"
        limit = 5
        [profiles.empty]
    "#;

    #[test]
    fn the_flag_wins_and_names_itself_when_wrong() {
        let err =
            Settings::resolve(&global(Some("nope"), None), &file(""), &env_of(&[])).unwrap_err();
        assert!(err.to_string().starts_with("--endpoint: "), "{err}");
    }

    #[test]
    fn precedence_is_defaults_then_file_then_profile_then_env_then_flags() {
        let f = file(LAYERED);
        let resolve = |global: GlobalArgs, vars: &[(&str, &str)]| {
            Settings::resolve(&global, &f, &env_of(vars)).unwrap()
        };
        let endpoint = |s: &Settings| s.endpoint.host_str().unwrap().to_string();
        let token = |s: &Settings| s.token.as_ref().map(|t| t.expose().to_string());

        let defaults = Settings::resolve(&global(None, None), &file(""), &env_of(&[])).unwrap();
        assert_eq!(defaults.endpoint.as_str(), "http://127.0.0.1:4318/");
        assert_eq!(defaults.sources[&ClientKey::Endpoint], Source::Default);
        assert_eq!(
            (defaults.token, defaults.range, defaults.limit),
            (None, None, None)
        );

        let s = resolve(global(None, None), &[]);
        assert_eq!(
            (endpoint(&s), token(&s)),
            ("file".into(), Some("file-token".into()))
        );
        assert_eq!(
            (s.limit, s.sources[&ClientKey::Limit].clone()),
            (Some(20), Source::File)
        );

        let s = resolve(global(None, Some("prod")), &[]);
        assert_eq!(endpoint(&s), "profile");
        assert_eq!(token(&s).as_deref(), Some("profile-token"));
        assert_eq!(s.limit, Some(5));
        // What the profile leaves out comes from the top level.
        assert_eq!(
            s.range,
            Some(RangeArg::Last(std::time::Duration::from_secs(86_400)))
        );
        assert_eq!(s.sources[&ClientKey::Range], Source::File);
        assert_eq!(s.profile, Some(("prod".into(), Source::Flag("--profile"))));

        let vars = [
            ("CANOPY_ENDPOINT", "http://env:3"),
            ("CANOPY_TOKEN", "env-token"),
            ("CANOPY_PROFILE", "prod"),
        ];
        let s = resolve(global(None, None), &vars);
        assert_eq!(
            (endpoint(&s), token(&s)),
            ("env".into(), Some("env-token".into()))
        );
        assert_eq!(s.limit, Some(5), "CANOPY_PROFILE chose the profile");
        assert_eq!(s.sources[&ClientKey::Token], Source::Env("CANOPY_TOKEN"));

        let s = resolve(global(Some("http://flag:4"), Some("empty")), &vars);
        assert_eq!(endpoint(&s), "flag");
        assert_eq!(s.limit, Some(20), "--profile beat CANOPY_PROFILE");
        assert_eq!(s.sources[&ClientKey::Endpoint], Source::Flag("--endpoint"));
    }

    #[test]
    fn the_files_profile_key_is_the_last_word_on_which_profile() {
        let f = file(&format!("profile = \"prod\"\n{LAYERED}"));
        let s = Settings::resolve(&global(None, None), &f, &env_of(&[])).unwrap();
        assert_eq!(s.profile, Some(("prod".into(), Source::File)));
        let s = Settings::resolve(
            &global(None, None),
            &f,
            &env_of(&[("CANOPY_PROFILE", "empty")]),
        )
        .unwrap();
        assert_eq!(s.profile.unwrap().0, "empty");
    }

    #[test]
    fn a_missing_profile_names_the_ones_there_are() {
        let err = Settings::resolve(&global(None, Some("staging")), &file(LAYERED), &env_of(&[]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "--profile names profile `staging`, but /home/u/.config/canopy/config.toml has no [profiles.staging]"
        );
        assert!(err.hint.unwrap().contains("empty, prod"));
    }

    #[test]
    fn configured_color_follows_the_profile() {
        let f = file("color = \"never\"\n[profiles.loud]\ncolor = \"always\"\n");
        let none = env_of(&[]);
        assert_eq!(
            configured_color(&global(None, None), &f, &none),
            Some(ColorWhen::Never)
        );
        assert_eq!(
            configured_color(&global(None, Some("loud")), &f, &none),
            Some(ColorWhen::Always)
        );
        assert_eq!(
            configured_color(&global(None, Some("missing")), &f, &none),
            Some(ColorWhen::Never)
        );
    }
}
