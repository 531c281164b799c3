//! Which store `canopy serve` opens, named by a URL: `sqlite:PATH` or
//! `clickhouse://[user[:password]@]HOST:PORT/DATABASE` (`clickhouses://` for TLS).
//!
//! Parsing is pure; `config` decides the default (SQLite in the data directory) and fills a
//! ClickHouse password from the environment. [`open`] turns a location into a running store.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use super::clickhouse::{ClickHouseStore, Endpoint};
use super::{SqliteStore, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file.
    Sqlite(PathBuf),
    ClickHouse(Endpoint),
}

impl FromStr for Location {
    type Err = String;

    fn from_str(raw: &str) -> Result<Location, String> {
        if let Some(path) = raw.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err("sqlite: needs a file path, e.g. sqlite:./canopy.db".into());
            }
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("clickhouse://") || raw.starts_with("clickhouses://") {
            return Endpoint::parse(raw).map(Location::ClickHouse);
        }
        Err(format!(
            "{raw:?} is not a store URL; use sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE"
        ))
    }
}

impl fmt::Display for Location {
    /// The URL without its password, for logs and messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            Location::ClickHouse(endpoint) => endpoint.fmt(f),
        }
    }
}

/// Opens the store at `location`: creates or migrates its schema and starts its writer.
pub async fn open(location: &Location) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match location {
        Location::Sqlite(path) => Arc::new(SqliteStore::open(path)?),
        Location::ClickHouse(endpoint) => Arc::new(ClickHouseStore::open(endpoint).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_urls_name_a_backend() {
        assert_eq!(
            "sqlite:./x.db".parse::<Location>().unwrap(),
            Location::Sqlite("./x.db".into())
        );
        assert_eq!(
            "sqlite:///var/canopy.db".parse::<Location>().unwrap(),
            Location::Sqlite("/var/canopy.db".into())
        );
        let ch: Location = "clickhouse://u:pw@h:8123/canopy".parse().unwrap();
        assert_eq!(ch.to_string(), "clickhouse://u@h:8123/canopy");
        assert!("sqlite:".parse::<Location>().is_err());
        assert!(
            "postgres://h/db"
                .parse::<Location>()
                .unwrap_err()
                .contains("sqlite:PATH")
        );
    }
}
