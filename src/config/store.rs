//! Which store `canopy serve` uses: `--store URL`, else the config file's `serve.store`, else
//! SQLite in the data directory. A ClickHouse password missing from the URL comes from
//! `CANOPY_CLICKHOUSE_PASSWORD`; the config file may not hold one (see [`check_file_url`]).

use super::{ConfigFile, EnvLookup, data_dir, env};
use crate::cli::ServeArgs;
use crate::error::UsageError;
use crate::store::{Location, sqlite};

const EXAMPLES: &str =
    "e.g. --store sqlite:./canopy.db or --store clickhouse://default@127.0.0.1:8123/canopy";

/// Resolves `--store`, `serve.store` and (for the default) the data directory into a
/// [`Location`], with the ClickHouse password filled in from the environment.
pub fn store_location(
    args: &ServeArgs,
    file: &ConfigFile,
    env: EnvLookup<'_>,
) -> Result<Location, UsageError> {
    let location = match (&args.store, &file.serve.store) {
        (Some(raw), _) => raw
            .parse()
            .map_err(|why| UsageError::new(format!("--store: {why}")).with_hint(EXAMPLES))?,
        (None, Some(location)) => location.clone(),
        (None, None) => {
            let dir = data_dir(args.data_dir.clone(), file, env)?;
            Location::Sqlite(dir.join(sqlite::FILE_NAME))
        }
    };
    Ok(with_password(location, env))
}

/// Parses a store URL and fills a missing ClickHouse password from `CANOPY_CLICKHOUSE_PASSWORD`.
pub fn parse_store(raw: &str, env: EnvLookup<'_>) -> Result<Location, String> {
    Ok(with_password(raw.parse()?, env))
}

fn with_password(mut location: Location, env: EnvLookup<'_>) -> Location {
    if let Location::ClickHouse(endpoint) = &mut location
        && endpoint.password.is_none()
    {
        endpoint.password = env(env::CANOPY_CLICKHOUSE_PASSWORD);
    }
    location
}

/// `serve.store` in the config file: a store URL without a password. `canopy config list` shows
/// values as written, and only tokens are redacted there, so the password lives in
/// `CANOPY_CLICKHOUSE_PASSWORD` instead.
pub fn check_file_url(raw: &str) -> Result<Location, String> {
    let location: Location = raw.trim().parse()?;
    if let Location::ClickHouse(endpoint) = &location
        && endpoint.password.is_some()
    {
        return Err(format!(
            "keep the ClickHouse password out of the config file: remove it from the URL and set {}",
            env::CANOPY_CLICKHOUSE_PASSWORD
        ));
    }
    Ok(location)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::Parser;

    use super::*;

    fn resolve(argv: &[&str], file: &str, vars: &[(&str, &str)]) -> Result<Location, UsageError> {
        let mut full = vec!["canopy", "serve", "--data-dir", "/tmp/x"];
        full.extend_from_slice(argv);
        let crate::cli::Command::Serve(args) =
            crate::cli::Cli::try_parse_from(full).unwrap().command
        else {
            unreachable!()
        };
        let file = ConfigFile::parse(file, Path::new("config.toml")).unwrap();
        let env = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        store_location(&args, &file, &env)
    }

    #[test]
    fn the_default_is_sqlite_in_the_data_dir() {
        let loc = resolve(&[], "", &[]).unwrap();
        assert_eq!(loc, Location::Sqlite("/tmp/x/canopy.db".into()));
    }

    #[test]
    fn the_flag_wins_over_the_file() {
        let file = "[serve]\nstore = \"clickhouse://ch:8123/from_file\"\n";
        let Location::ClickHouse(e) = resolve(&[], file, &[]).unwrap() else {
            panic!("not clickhouse");
        };
        assert_eq!(e.database, "from_file");
        let flag = resolve(&["--store", "sqlite:./flag.db"], file, &[]).unwrap();
        assert_eq!(flag, Location::Sqlite("./flag.db".into()));
    }

    #[test]
    fn a_bad_url_is_a_usage_error_that_names_the_flag() {
        let err = resolve(&["--store", "mysql://h/db"], "", &[]).unwrap_err();
        assert!(err.message.starts_with("--store: "), "{err}");
        assert!(err.hint.is_some());
    }

    #[test]
    fn the_password_comes_from_the_url_else_the_environment() {
        let password = |argv: &[&str], file: &str| {
            let vars = [(env::CANOPY_CLICKHOUSE_PASSWORD, "from-env")];
            match resolve(argv, file, &vars).unwrap() {
                Location::ClickHouse(e) => e.password,
                Location::Sqlite(_) => panic!("not clickhouse"),
            }
        };
        let in_url = ["--store", "clickhouse://u:pw@h:1/db"];
        assert_eq!(password(&in_url, "").as_deref(), Some("pw"));
        let without = ["--store", "clickhouse://u@h:1/db"];
        assert_eq!(password(&without, "").as_deref(), Some("from-env"));
        let file = "[serve]\nstore = \"clickhouse://u@h:1/db\"\n";
        assert_eq!(password(&[], file).as_deref(), Some("from-env"));
    }

    #[test]
    fn the_file_may_not_hold_a_password() {
        let err = check_file_url("clickhouse://u:pw@h:1/db").unwrap_err();
        assert!(err.contains(env::CANOPY_CLICKHOUSE_PASSWORD), "{err}");
        assert!(!err.contains("pw@"), "{err}");
        assert!(check_file_url("clickhouse://u@h:1/db").is_ok());
        assert!(check_file_url("sqlite:/var/lib/canopy/canopy.db").is_ok());
    }
}
