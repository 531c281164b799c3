//! `canopy config path|get|set|unset|list`
//!
//! These work on the file as written (toml_edit), so they run even when the file does not
//! load, which is when they are needed most. Tokens are never printed.

use std::path::Path;

use serde_json::json;

use crate::cli::{ConfigCommand, ConfigListArgs, GlobalArgs, RangeArg};
use crate::commands::common::DEFAULT_LIMIT;
use crate::config::keys::{self, Key};
use crate::config::{self, ClientKey, ConfigDoc, ConfigFile, Settings, Source};
use crate::error::{Failure, UsageError};
use crate::render::settings::{SettingRow, settings_table, settings_tsv};
use crate::render::table::ListOptions;
use crate::ui::Ui;

/// What a token shows as.
const HIDDEN: &str = "<hidden>";

pub fn run(
    ui: &Ui,
    global: &GlobalArgs,
    command: ConfigCommand,
    file: Result<ConfigFile, UsageError>,
) -> anyhow::Result<()> {
    let env = config::process_env();
    let path = config::locate(&env)?;
    match command {
        ConfigCommand::Path => ui.emit(&path.display().to_string())?,
        ConfigCommand::Get(args) => get(ui, &path, &args.key)?,
        ConfigCommand::Set(args) => set(ui, &path, &args.key, args.value)?,
        ConfigCommand::Unset(args) => unset(ui, &path, &args.key)?,
        ConfigCommand::List(args) if args.effective => {
            let settings = Settings::resolve(global, &file?, &env)?;
            let rows = effective(&settings);
            let mut json = serde_json::Map::new();
            for r in &rows {
                let value = match r.key.as_str() {
                    "limit" => json!(settings.limit.unwrap_or(DEFAULT_LIMIT)),
                    _ => json!(r.value),
                };
                json.insert(r.key.clone(), json!({"value": value, "source": r.source}));
            }
            json.insert("config_file".into(), json!(settings.config_path));
            let exists = if settings.config_path.exists() {
                ""
            } else {
                " (not created yet)"
            };
            let footer = format!("config file: {}{exists}", settings.config_path.display());
            list(ui, &args, &rows, json, Some(footer))?;
        }
        ConfigCommand::List(args) => {
            let values = ConfigDoc::open(&path)?.values(&[]);
            let rows: Vec<SettingRow> = values.iter().map(|(p, v)| row(p, v)).collect();
            let json = values
                .iter()
                .map(|(p, v)| {
                    let value = if is_secret(p) {
                        json!(HIDDEN)
                    } else {
                        to_json(v)
                    };
                    (keys::join(p), value)
                })
                .collect();
            list(ui, &args, &rows, json, None)?;
        }
    }
    Ok(())
}

/// The path of a key or a table that `get` and `unset` accept.
fn known_path(text: &str) -> Result<Vec<String>, UsageError> {
    let path = keys::split(text).map_err(UsageError::new)?;
    match Key::from_path(&path) {
        Ok(_) => Ok(path),
        Err(_) if Key::is_table(&path) => Ok(path),
        Err(why) => Err(UsageError::new(why)),
    }
}

fn get(ui: &Ui, file: &Path, key: &str) -> anyhow::Result<()> {
    let path = known_path(key)?;
    let doc = ConfigDoc::open(file)?;
    let values = doc.values(&path);
    if values.is_empty() {
        let name = keys::join(&path);
        let hint = if Key::from_path(&path).is_ok() {
            format!("set it with `canopy config set {name} VALUE`")
        } else {
            format!(
                "`{name}` is a table; set one of its keys with `canopy config set {name}.KEY VALUE`"
            )
        };
        return Err(Failure::new(format!("{name} is not set in {}", file.display()), hint).into());
    }
    match values.as_slice() {
        [(at, value)] if *at == path => {
            if is_secret(at) {
                ui.note(&format!(
                    "{} is set; canopy never prints tokens",
                    keys::join(at)
                ));
            } else {
                ui.emit(&crate::render::text::sanitize(&plain(value)))?;
            }
        }
        _ => {
            let rows: Vec<SettingRow> = values.iter().map(|(p, v)| row(p, v)).collect();
            ui.emit_lines(&lines(ui, &rows))?;
        }
    }
    Ok(())
}

fn set(ui: &Ui, file: &Path, key: &str, value: Option<String>) -> anyhow::Result<()> {
    let key = Key::parse(key).map_err(UsageError::new)?;
    let text = match value {
        Some(text) => {
            if key.is_secret() {
                ui.warn(&format!(
                    "a token on the command line stays in your shell history; next time run `canopy config set {key}` and type it"
                ));
            }
            text
        }
        None if key.is_secret() => ui
            .read_secret("Token")?
            .ok_or_else(|| UsageError::new("no token given; nothing changed"))?,
        None => {
            return Err(UsageError::new(format!("{key} needs a value"))
                .with_hint(format!("canopy config set {key} VALUE"))
                .into());
        }
    };
    let raw = key.raw_from_text(&text);
    key.check(raw)
        .map_err(|why| UsageError::new(format!("{key}: {why}")))?;
    let mut doc = ConfigDoc::open(file)?;
    doc.set(&key, raw)?;
    doc.save()?;
    match ConfigFile::parse(&doc.text(), file) {
        Err(why) => ui.warn(&format!(
            "saved, but the config file does not load yet: {why}"
        )),
        Ok(loaded) => {
            if let Key::DefaultProfile = key
                && loaded.profile(text.trim()).is_none()
            {
                ui.warn(&format!(
                    "there is no [profiles.{0}] yet; create it with `canopy config set profiles.{0}.endpoint URL`",
                    text.trim()
                ));
            }
        }
    }
    Ok(())
}

fn unset(ui: &Ui, file: &Path, key: &str) -> anyhow::Result<()> {
    let path = known_path(key)?;
    let mut doc = ConfigDoc::open(file)?;
    if !file.exists() || !doc.unset(&path) {
        ui.note(&format!("{} was not set", keys::join(&path)));
        return Ok(());
    }
    doc.save()
}

/// The client settings in effect, with where each came from.
fn effective(settings: &Settings) -> Vec<SettingRow> {
    let source = |key: ClientKey| settings.sources.get(&key).unwrap_or(&Source::Default);
    let row = |key: &str, value: String, source: &Source| SettingRow {
        key: key.into(),
        value,
        source: Some(source.to_string()),
    };
    let range = match settings.range {
        None | Some(RangeArg::All) => "all".to_string(),
        Some(RangeArg::Last(d)) => humantime::format_duration(d).to_string(),
    };
    let (profile, profile_source) = match &settings.profile {
        Some((name, source)) => (name.clone(), source.clone()),
        None => ("-".into(), Source::Default),
    };
    vec![
        row("profile", profile, &profile_source),
        row(
            "endpoint",
            settings.endpoint.to_string(),
            source(ClientKey::Endpoint),
        ),
        row(
            "token",
            if settings.token.is_some() {
                HIDDEN
            } else {
                "-"
            }
            .into(),
            source(ClientKey::Token),
        ),
        row(
            "color",
            settings.color.map_or("auto", color_name).into(),
            source(ClientKey::Color),
        ),
        row("range", range, source(ClientKey::Range)),
        row(
            "limit",
            settings.limit.unwrap_or(DEFAULT_LIMIT).to_string(),
            source(ClientKey::Limit),
        ),
    ]
}

fn color_name(c: crate::cli::ColorWhen) -> &'static str {
    match c {
        crate::cli::ColorWhen::Auto => "auto",
        crate::cli::ColorWhen::Always => "always",
        crate::cli::ColorWhen::Never => "never",
    }
}

fn list(
    ui: &Ui,
    args: &ConfigListArgs,
    rows: &[SettingRow],
    json: serde_json::Map<String, serde_json::Value>,
    footer: Option<String>,
) -> anyhow::Result<()> {
    if args.json {
        ui.emit(&super::to_json(ui, &json))?;
        return Ok(());
    }
    if rows.is_empty() {
        ui.note("the config file sets nothing; see `canopy config set --help`");
        return Ok(());
    }
    ui.emit_lines(&lines(ui, rows))?;
    if let Some(footer) = footer {
        ui.note(&footer);
    }
    Ok(())
}

/// A TOML value as JSON, with its type.
fn to_json(value: &toml_edit::Value) -> serde_json::Value {
    use toml_edit::Value as T;
    match value {
        T::String(s) => json!(s.value()),
        T::Integer(i) => json!(i.value()),
        T::Float(f) => json!(f.value()),
        T::Boolean(b) => json!(b.value()),
        T::Datetime(d) => json!(d.value().to_string()),
        T::Array(a) => a.iter().map(to_json).collect(),
        T::InlineTable(t) => t
            .iter()
            .map(|(k, v)| (k.to_string(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn lines(ui: &Ui, rows: &[SettingRow]) -> Vec<String> {
    if ui.is_tty() {
        settings_table(
            rows,
            &ListOptions {
                styles: ui.styles(),
                width: ui.width(),
                now: crate::model::Nanos(0),
                colored: ui.color(),
            },
        )
    } else {
        settings_tsv(rows)
    }
}

fn is_secret(path: &[String]) -> bool {
    Key::from_path(path).is_ok_and(|k| k.is_secret())
}

/// A file value as a row; tokens hidden.
fn row(path: &[String], value: &toml_edit::Value) -> SettingRow {
    SettingRow {
        key: keys::join(path),
        value: if is_secret(path) {
            HIDDEN.into()
        } else {
            plain(value)
        },
        source: None,
    }
}

/// A value as a person reads it: strings without quotes, everything else as TOML.
fn plain(value: &toml_edit::Value) -> String {
    match value.as_str() {
        Some(s) => s.to_string(),
        None => value.clone().decorated("", "").to_string(),
    }
}
