//! The config file: where it lives and what it says, checked key by key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use reqwest::Url;

use super::keys::{ClientKey, Key, PriceKey, Raw, Value};
use crate::cli::{ColorWhen, GrpcListen, RangeArg, RetentionArg};
use crate::error::UsageError;
use crate::secret::Secret;
use crate::semconv::{ModelPrice, PriceTable};
use crate::store::Location;

/// The file name inside the platform config directory.
pub const FILE_NAME: &str = "config.toml";

/// What a profile sets; the top level of the file is the default profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub endpoint: Option<Url>,
    pub token: Option<Secret>,
    pub color: Option<ColorWhen>,
    pub range: Option<RangeArg>,
    pub limit: Option<u32>,
}

/// What `[serve]` sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Serve {
    pub listen: Option<SocketAddr>,
    pub grpc_listen: Option<GrpcListen>,
    pub data_dir: Option<PathBuf>,
    pub retention: Option<RetentionArg>,
    pub store: Option<Location>,
}

/// The config file, checked. A missing file is an empty one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    /// Where it was read from (it may not exist).
    pub path: PathBuf,
    /// `profile`: the profile to use when none is named.
    pub default_profile: Option<String>,
    /// The top-level settings.
    pub base: Profile,
    pub profiles: BTreeMap<String, Profile>,
    pub serve: Serve,
    /// Price overrides, merged over the built-in table by `canopy serve`.
    pub prices: PriceTable,
}

/// Where the config file is: `CANOPY_CONFIG`, else `canopy/config.toml` in the platform config
/// directory (`~/.config/canopy/config.toml` on Linux).
pub fn locate(env: &dyn Fn(&str) -> Option<String>) -> Result<PathBuf, UsageError> {
    if let Some(path) = env(super::env::CANOPY_CONFIG) {
        return Ok(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "canopy")
        .map(|d| d.config_dir().join(FILE_NAME))
        .ok_or_else(|| {
            UsageError::new("cannot find a home directory for the config file")
                .with_hint("set CANOPY_CONFIG to the file to use")
        })
}

impl ConfigFile {
    /// Reads and checks the file at `path`; a file that does not exist is empty.
    pub fn load(path: &Path) -> Result<ConfigFile, UsageError> {
        let text = match fs_err::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(UsageError::new(format!("cannot read the config file: {e}"))
                    .with_hint("fix its permissions, or point CANOPY_CONFIG at another file"));
            }
        };
        ConfigFile::parse(&text, path).map_err(|why| {
            UsageError::new(format!("config file {}: {why}", path.display())).with_hint(
                "fix it with `canopy config set KEY VALUE` or `canopy config unset KEY`, or edit the file",
            )
        })
    }

    /// Checks the text of a config file.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
        let mut file = ConfigFile {
            path: path.to_path_buf(),
            ..ConfigFile::default()
        };
        let mut prices: BTreeMap<String, [Option<f64>; 4]> = BTreeMap::new();
        let mut leaves = Vec::new();
        collect_leaves(&mut Vec::new(), &table, &mut leaves);
        for (path, value) in leaves {
            let Leaf::Value(value) = value else {
                // An empty table: `[profiles.NAME]` declares a profile.
                match path.as_slice() {
                    [p, name] if p == "profiles" => {
                        file.profiles.entry(name.clone()).or_default();
                    }
                    _ if Key::is_table(&path) => {}
                    _ => return Err(Key::from_path(&path).unwrap_err()),
                }
                continue;
            };
            let key = Key::from_path(&path)?;
            let checked = key
                .check(raw(value))
                .map_err(|why| format!("{key}: {why}"))?;
            match key {
                Key::DefaultProfile => {
                    if let Value::Name(name) = checked {
                        file.default_profile = Some(name);
                    }
                }
                Key::Client { profile, .. } => {
                    let target = match profile {
                        None => &mut file.base,
                        Some(name) => file.profiles.entry(name).or_default(),
                    };
                    target.set(checked);
                }
                Key::Serve(_) => file.serve.set(checked),
                Key::Price { model, key } => {
                    if let Value::Price(p) = checked {
                        let slot = match key {
                            PriceKey::Input => 0,
                            PriceKey::Output => 1,
                            PriceKey::CacheRead => 2,
                            PriceKey::CacheWrite => 3,
                        };
                        prices.entry(model).or_default()[slot] = Some(p);
                    }
                }
            }
        }
        for (model, [input, output, cache_read, cache_write]) in prices {
            let (Some(input), Some(output)) = (input, output) else {
                return Err(format!(
                    "prices.{}: needs both input and output (USD per million tokens)",
                    super::keys::join(std::slice::from_ref(&model))
                ));
            };
            file.prices.0.insert(
                model,
                ModelPrice {
                    input,
                    output,
                    cache_read,
                    cache_write,
                },
            );
        }
        Ok(file)
    }

    /// The settings of a profile, when the file has it.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }
}

impl Profile {
    /// One setting of this profile.
    pub fn get(&self, key: ClientKey) -> Option<Value> {
        match key {
            ClientKey::Endpoint => self.endpoint.clone().map(Value::Endpoint),
            ClientKey::Token => self.token.clone().map(Value::Token),
            ClientKey::Color => self.color.map(Value::Color),
            ClientKey::Range => self.range.map(Value::Range),
            ClientKey::Limit => self.limit.map(Value::Limit),
        }
    }

    fn set(&mut self, value: Value) {
        match value {
            Value::Endpoint(v) => self.endpoint = Some(v),
            Value::Token(v) => self.token = Some(v),
            Value::Color(v) => self.color = Some(v),
            Value::Range(v) => self.range = Some(v),
            Value::Limit(v) => self.limit = Some(v),
            _ => {}
        }
    }
}

impl Serve {
    fn set(&mut self, value: Value) {
        match value {
            Value::Listen(v) => self.listen = Some(v),
            Value::GrpcListen(v) => self.grpc_listen = Some(v),
            Value::DataDir(v) => self.data_dir = Some(v),
            Value::Retention(v) => self.retention = Some(v),
            Value::Store(v) => self.store = Some(v),
            _ => {}
        }
    }
}

enum Leaf<'a> {
    Value(&'a toml::Value),
    EmptyTable,
}

/// Every value in the file with its path, whatever TOML syntax wrote it (tables, inline
/// tables, dotted keys), and every empty table.
fn collect_leaves<'a>(
    prefix: &mut Vec<String>,
    table: &'a toml::Table,
    out: &mut Vec<(Vec<String>, Leaf<'a>)>,
) {
    if table.is_empty() && !prefix.is_empty() {
        out.push((prefix.clone(), Leaf::EmptyTable));
    }
    for (name, value) in table {
        prefix.push(name.clone());
        match value {
            toml::Value::Table(inner) => collect_leaves(prefix, inner, out),
            other => out.push((prefix.clone(), Leaf::Value(other))),
        }
        prefix.pop();
    }
}

/// A TOML syntax error by line and column, without the line itself: it may hold a token.
fn syntax_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end_matches('\n');
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

fn raw(value: &toml::Value) -> Raw<'_> {
    match value {
        toml::Value::String(s) => Raw::Str(s),
        toml::Value::Integer(i) => Raw::Int(*i),
        toml::Value::Float(f) => Raw::Float(*f),
        toml::Value::Boolean(_) => Raw::Other("true or false"),
        toml::Value::Datetime(_) => Raw::Other("a date"),
        toml::Value::Array(_) => Raw::Other("an array"),
        toml::Value::Table(_) => Raw::Other("a table"),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        ConfigFile::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn every_toml_spelling_of_a_key_reads_the_same() {
        let tables = parse(
            r#"
            profile = "prod"
            range = "24h"
            [profiles.prod]
            endpoint = "https://canopy.example.com"
            limit = 20
            [prices]
            "gpt-4.1" = { input = 2, output = 8.0 }
            "#,
        )
        .unwrap();
        let dotted = parse(
            r#"
            profile = "prod"
            range = "24h"
            profiles.prod.endpoint = "https://canopy.example.com"
            profiles.prod.limit = 20
            prices."gpt-4.1".input = 2
            prices."gpt-4.1".output = 8.0
            "#,
        )
        .unwrap();
        assert_eq!(tables, dotted);
        assert_eq!(tables.default_profile.as_deref(), Some("prod"));
        assert_eq!(
            tables.base.range,
            Some(RangeArg::Last(Duration::from_secs(86_400)))
        );
        let prod = tables.profile("prod").unwrap();
        assert_eq!(prod.limit, Some(20));
        assert_eq!(
            prod.endpoint.as_ref().unwrap().host_str(),
            Some("canopy.example.com")
        );
        assert_eq!(tables.prices.0["gpt-4.1"].input, 2.0);
    }

    #[test]
    fn an_empty_profile_table_declares_the_profile() {
        let file = parse("[profiles.empty]\n[serve]\n").unwrap();
        assert_eq!(file.profile("empty"), Some(&Profile::default()));
    }

    #[test]
    fn errors_name_the_key_and_the_problem() {
        let err = parse("[profiles.prod]\nendpoint = \"localhost:4318\"\n").unwrap_err();
        assert!(err.starts_with("profiles.prod.endpoint: "), "{err}");
        let err = parse("[serve]\nport = 1\n").unwrap_err();
        assert!(err.contains("unknown key `serve.port`"), "{err}");
        let err = parse("limit = \"20\"\n").unwrap_err();
        assert!(err.contains("limit: expects"), "{err}");
        let err = parse("[prices]\nm = { input = 1 }\n").unwrap_err();
        assert!(err.contains("needs both input and output"), "{err}");
        let err = parse("[nope]\n").unwrap_err();
        assert!(err.contains("unknown key `nope`"), "{err}");
        assert!(parse("endpoint = \n").unwrap_err().contains("line 1"));
    }

    #[test]
    fn a_token_error_never_shows_the_token() {
        let err = parse("token = \"sekrit value\"\n").unwrap_err();
        assert!(!err.contains("sekrit"), "{err}");
        let err = parse("token = \"sekrit\n").unwrap_err();
        assert!(err.starts_with("line 1, column "), "{err}");
        assert!(!err.contains("sekrit"), "{err}");
    }

    #[test]
    fn the_default_template_is_a_valid_empty_config() {
        let file = parse(super::super::DEFAULT_CONFIG).unwrap();
        assert_eq!(
            file,
            ConfigFile {
                path: "config.toml".into(),
                ..ConfigFile::default()
            }
        );
    }
}
