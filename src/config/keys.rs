//! The config file's keys: which exist, what each holds, and how a value is checked.
//!
//! Loading the file and `canopy config set` both check values here, with the same parsers the
//! flags use, so a value `set` accepts always loads and the file's errors read like the flags'.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::ValueEnum;
use reqwest::Url;

use crate::cli::args::{parse_grpc_listen, parse_range, parse_retention};
use crate::cli::{ColorWhen, GrpcListen, RangeArg, RetentionArg};
use crate::secret::Secret;
use crate::store::Location;

/// A setting of the CLI: at the top level of the file (the default) or in `[profiles.NAME]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClientKey {
    Endpoint,
    Token,
    Color,
    Range,
    Limit,
}

impl ClientKey {
    pub const ALL: [ClientKey; 5] = [
        ClientKey::Endpoint,
        ClientKey::Token,
        ClientKey::Color,
        ClientKey::Range,
        ClientKey::Limit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ClientKey::Endpoint => "endpoint",
            ClientKey::Token => "token",
            ClientKey::Color => "color",
            ClientKey::Range => "range",
            ClientKey::Limit => "limit",
        }
    }
}

/// A setting of `canopy serve`, in `[serve]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServeKey {
    Listen,
    GrpcListen,
    DataDir,
    Retention,
    Store,
}

impl ServeKey {
    const ALL: [ServeKey; 5] = [
        ServeKey::Listen,
        ServeKey::GrpcListen,
        ServeKey::DataDir,
        ServeKey::Retention,
        ServeKey::Store,
    ];

    fn name(self) -> &'static str {
        match self {
            ServeKey::Listen => "listen",
            ServeKey::GrpcListen => "grpc_listen",
            ServeKey::DataDir => "data_dir",
            ServeKey::Retention => "retention",
            ServeKey::Store => "store",
        }
    }
}

/// One price of a model, in `[prices]`: USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceKey {
    Input,
    Output,
    CacheRead,
    CacheWrite,
}

impl PriceKey {
    const ALL: [PriceKey; 4] = [
        PriceKey::Input,
        PriceKey::Output,
        PriceKey::CacheRead,
        PriceKey::CacheWrite,
    ];

    fn name(self) -> &'static str {
        match self {
            PriceKey::Input => "input",
            PriceKey::Output => "output",
            PriceKey::CacheRead => "cache_read",
            PriceKey::CacheWrite => "cache_write",
        }
    }
}

/// A key canopy knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// `profile`: the profile used when neither `--profile` nor `CANOPY_PROFILE` names one.
    DefaultProfile,
    /// `endpoint`, `profiles.NAME.endpoint`…
    Client {
        profile: Option<String>,
        key: ClientKey,
    },
    /// `serve.listen`…
    Serve(ServeKey),
    /// `prices.MODEL.input`…
    Price { model: String, key: PriceKey },
}

/// What the user or the file wrote for a key, before it is checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Raw<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    /// Any other TOML type, by name (a table, an array, a date…).
    Other(&'static str),
}

/// A key's value, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Name(String),
    Endpoint(Url),
    Token(Secret),
    Color(ColorWhen),
    Range(RangeArg),
    Limit(u32),
    Listen(SocketAddr),
    GrpcListen(GrpcListen),
    DataDir(PathBuf),
    Retention(RetentionArg),
    Store(Location),
    Price(f64),
}

/// The largest `limit`, as for `--limit`.
pub const MAX_LIMIT: u32 = 1000;

impl Key {
    /// The key at a dotted path (`profiles.prod.endpoint`, `prices."gpt-4.1".input`).
    pub fn parse(text: &str) -> Result<Key, String> {
        Key::from_path(&split(text)?)
    }

    /// The key at a path of names.
    pub fn from_path(path: &[String]) -> Result<Key, String> {
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        let client = |name: &str| ClientKey::ALL.into_iter().find(|k| k.name() == name);
        let found =
            match names.as_slice() {
                ["profile"] => Some(Key::DefaultProfile),
                [name] => client(name).map(|key| Key::Client { profile: None, key }),
                ["profiles", profile, name] => client(name).map(|key| Key::Client {
                    profile: Some((*profile).to_string()),
                    key,
                }),
                ["serve", name] => ServeKey::ALL
                    .into_iter()
                    .find(|k| k.name() == *name)
                    .map(Key::Serve),
                ["prices", model, name] => PriceKey::ALL
                    .into_iter()
                    .find(|k| k.name() == *name)
                    .map(|key| Key::Price {
                        model: (*model).to_string(),
                        key,
                    }),
                _ => None,
            };
        found.ok_or_else(|| unknown(&names))
    }

    /// True for a table that holds keys: `profiles`, `profiles.NAME`, `serve`, `prices`,
    /// `prices.MODEL`.
    pub fn is_table(path: &[String]) -> bool {
        matches!(
            path.iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            ["profiles" | "serve" | "prices"] | ["profiles" | "prices", _]
        )
    }

    /// True when the value must never be shown.
    pub fn is_secret(&self) -> bool {
        matches!(
            self,
            Key::Client {
                key: ClientKey::Token,
                ..
            }
        )
    }

    /// Reads what the user typed after `canopy config set KEY` as this key's TOML type.
    pub fn raw_from_text<'a>(&self, text: &'a str) -> Raw<'a> {
        match self {
            Key::Client {
                key: ClientKey::Limit,
                ..
            } => text.trim().parse().map_or(Raw::Str(text), Raw::Int),
            Key::Price { .. } => text.trim().parse().map_or(Raw::Str(text), Raw::Float),
            _ => Raw::Str(text),
        }
    }

    /// Checks a value for this key.
    pub fn check(&self, raw: Raw<'_>) -> Result<Value, String> {
        match self {
            Key::DefaultProfile => {
                let name = string(raw, "a profile name")?.trim();
                if name.is_empty() {
                    return Err("a profile name must not be empty".into());
                }
                Ok(Value::Name(name.to_string()))
            }
            Key::Client { key, .. } => match key {
                ClientKey::Endpoint => {
                    super::parse_endpoint(string(raw, "a URL")?).map(Value::Endpoint)
                }
                ClientKey::Token => Secret::new(string(raw, "a token")?.trim()).map(Value::Token),
                ClientKey::Color => {
                    let text = string(raw, "auto, always or never")?;
                    ColorWhen::from_str(text.trim(), true)
                        .map(Value::Color)
                        .map_err(|_| format!("{text:?} is not auto, always or never"))
                }
                ClientKey::Range => parse_range(string(raw, "a range like 24h")?).map(Value::Range),
                ClientKey::Limit => match raw {
                    Raw::Int(n) if (1..=i64::from(MAX_LIMIT)).contains(&n) => {
                        Ok(Value::Limit(n as u32))
                    }
                    Raw::Int(n) => Err(format!("{n} is not between 1 and {MAX_LIMIT}")),
                    other => Err(expected("a number of rows", other)),
                },
            },
            Key::Serve(key) => match key {
                ServeKey::Listen => {
                    let text = string(raw, "an address")?;
                    text.trim()
                        .parse()
                        .map(Value::Listen)
                        .map_err(|_| format!("{text:?} is not an address like 127.0.0.1:4318"))
                }
                ServeKey::GrpcListen => parse_grpc_listen(string(raw, "an address or off")?.trim())
                    .map(Value::GrpcListen),
                ServeKey::DataDir => {
                    let text = string(raw, "a directory")?;
                    if text.trim().is_empty() {
                        return Err("a directory must not be empty".into());
                    }
                    Ok(Value::DataDir(PathBuf::from(text)))
                }
                ServeKey::Retention => parse_retention(string(raw, "a duration like 30d, or off")?)
                    .map(Value::Retention),
                ServeKey::Store => {
                    super::store::check_file_url(string(raw, "a store URL")?).map(Value::Store)
                }
            },
            Key::Price { .. } => {
                let price = match raw {
                    Raw::Float(f) => f,
                    Raw::Int(n) => n as f64,
                    other => return Err(expected("USD per million tokens", other)),
                };
                if !price.is_finite() || price < 0.0 {
                    return Err(format!("{price} is not a price (USD per million tokens)"));
                }
                Ok(Value::Price(price))
            }
        }
    }
}

impl Key {
    /// The names of the key, outermost first.
    pub fn path(&self) -> Vec<String> {
        let names: Vec<&str> = match self {
            Key::DefaultProfile => vec!["profile"],
            Key::Client { profile: None, key } => vec![key.name()],
            Key::Client {
                profile: Some(p),
                key,
            } => vec!["profiles", p, key.name()],
            Key::Serve(key) => vec!["serve", key.name()],
            Key::Price { model, key } => vec!["prices", model, key.name()],
        };
        names.into_iter().map(String::from).collect()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&join(&self.path()))
    }
}

/// Splits a dotted key the way TOML does, so names with dots can be quoted:
/// `prices."gpt-4.1".input`.
pub fn split(text: &str) -> Result<Vec<String>, String> {
    let keys = toml_edit::Key::parse(text.trim()).map_err(|_| {
        format!("{text:?} is not a key; write it dotted, quoting names with dots: prices.\"gpt-4.1\".input")
    })?;
    Ok(keys.iter().map(|k| k.get().to_string()).collect())
}

/// A path written back as a dotted key, quoting names that need it.
pub fn join(path: &[String]) -> String {
    path.iter().map(|n| quote(n)).collect::<Vec<_>>().join(".")
}

fn quote(name: &str) -> String {
    toml_edit::Key::new(name).display_repr().into_owned()
}

fn string<'a>(raw: Raw<'a>, what: &str) -> Result<&'a str, String> {
    match raw {
        Raw::Str(s) => Ok(s),
        other => Err(expected(what, other)),
    }
}

fn expected(what: &str, got: Raw<'_>) -> String {
    let got = match got {
        Raw::Str(_) => "a string",
        Raw::Int(_) => "an integer",
        Raw::Float(_) => "a number",
        Raw::Other(kind) => kind,
    };
    format!("expects {what}, not {got}")
}

/// "unknown key", with the keys that exist where the path went wrong.
fn unknown(path: &[&str]) -> String {
    let names = |all: &mut dyn Iterator<Item = &'static str>| all.collect::<Vec<_>>().join(", ");
    let client = names(&mut ClientKey::ALL.iter().map(|k| k.name()));
    let known = match path {
        ["profiles", _, ..] => format!("a profile takes {client}"),
        ["serve", ..] => format!(
            "[serve] takes {}",
            names(&mut ServeKey::ALL.iter().map(|k| k.name()))
        ),
        ["prices", _, ..] => format!(
            "a price takes {} (USD per million tokens)",
            names(&mut PriceKey::ALL.iter().map(|k| k.name()))
        ),
        _ => {
            format!("known keys: {client}, profile, profiles.NAME.KEY, serve.KEY, prices.MODEL.KEY")
        }
    };
    let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    format!("unknown key `{}`; {known}", join(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_from_dotted_paths_and_print_back() {
        for text in [
            "endpoint",
            "profile",
            "profiles.prod.token",
            "serve.grpc_listen",
            "prices.\"gpt-4.1\".cache_read",
        ] {
            assert_eq!(Key::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            Key::parse("prices.'gpt-4.1'.input").unwrap(),
            Key::Price {
                model: "gpt-4.1".into(),
                key: PriceKey::Input
            }
        );
    }

    #[test]
    fn unknown_keys_say_what_exists_there() {
        let err = Key::parse("profiles.prod.endpont").unwrap_err();
        assert!(err.contains("`profiles.prod.endpont`"), "{err}");
        assert!(
            err.contains("endpoint, token, color, range, limit"),
            "{err}"
        );
        assert!(Key::parse("serve.port").unwrap_err().contains("listen"));
        assert!(Key::parse("prices.gpt-4.1.input").is_err());
        assert!(Key::parse("endpoint.x").is_err());
        assert!(Key::parse("a..b").unwrap_err().contains("quoting"));
    }

    #[test]
    fn values_are_checked_with_the_flags_parsers() {
        let key = |k: &str| Key::parse(k).unwrap();
        assert!(matches!(
            key("range").check(Raw::Str("24h")),
            Ok(Value::Range(RangeArg::Last(_)))
        ));
        assert!(key("range").check(Raw::Str("soon")).is_err());
        assert_eq!(
            key("limit").check(key("limit").raw_from_text("20")),
            Ok(Value::Limit(20))
        );
        assert!(
            key("limit")
                .check(Raw::Int(0))
                .unwrap_err()
                .contains("between")
        );
        assert!(
            key("limit")
                .check(Raw::Str("20"))
                .unwrap_err()
                .contains("not a string")
        );
        assert!(key("endpoint").check(Raw::Str("localhost")).is_err());
        assert_eq!(
            key("color").check(Raw::Str("Never")),
            Ok(Value::Color(ColorWhen::Never))
        );
        assert!(
            key("profiles.x.token")
                .check(Raw::Str("has space"))
                .is_err()
        );
        assert_eq!(
            key("prices.m.input").check(key("prices.m.input").raw_from_text("3")),
            Ok(Value::Price(3.0))
        );
        assert!(key("prices.m.input").check(Raw::Float(-1.0)).is_err());
        assert!(key("serve.retention").check(Raw::Str("off")).is_ok());
        assert!(matches!(
            key("serve.store").check(Raw::Str("clickhouse://ch:8123/canopy")),
            Ok(Value::Store(Location::ClickHouse(_)))
        ));
        assert!(key("serve.store").check(Raw::Str("mysql://h/db")).is_err());
        assert!(
            key("serve.listen")
                .check(Raw::Other("an array"))
                .unwrap_err()
                .contains("an array")
        );
    }

    #[test]
    fn only_tokens_are_secret() {
        assert!(Key::parse("profiles.p.token").unwrap().is_secret());
        assert!(!Key::parse("endpoint").unwrap().is_secret());
    }
}
