//! Which store `canopy serve` uses: `--store URL`, else SQLite in the data directory; a
//! ClickHouse password missing from the URL comes from `CANOPY_CLICKHOUSE_PASSWORD`.

use std::path::PathBuf;

use super::{data_dir, env};
use crate::error::UsageError;
use crate::store::{Location, sqlite};

/// Resolves `--store` (and `--data-dir` for the default) into a [`Location`].
pub fn store_location(flag: Option<&str>, dir: Option<PathBuf>) -> Result<Location, UsageError> {
    let Some(raw) = flag else {
        return Ok(Location::Sqlite(data_dir(dir)?.join(sqlite::FILE_NAME)));
    };
    let mut location: Location = raw.parse().map_err(|why| {
        UsageError::new(format!("--store: {why}")).with_hint(
            "e.g. --store sqlite:./canopy.db or --store clickhouse://default@127.0.0.1:8123/canopy",
        )
    })?;
    if let Location::ClickHouse(endpoint) = &mut location
        && endpoint.password.is_none()
    {
        endpoint.password = env::var(env::CANOPY_CLICKHOUSE_PASSWORD);
    }
    Ok(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_sqlite_in_the_data_dir() {
        let loc = store_location(None, Some("/tmp/x".into())).unwrap();
        assert_eq!(loc, Location::Sqlite("/tmp/x/canopy.db".into()));
    }

    #[test]
    fn a_bad_url_is_a_usage_error_that_names_the_flag() {
        let err = store_location(Some("mysql://h/db"), None).unwrap_err();
        assert!(err.message.starts_with("--store: "), "{err}");
        assert!(err.hint.is_some());
    }

    #[test]
    fn a_password_in_the_url_is_kept() {
        let Location::ClickHouse(e) =
            store_location(Some("clickhouse://u:pw@h:1/db"), None).unwrap()
        else {
            panic!("not clickhouse");
        };
        assert_eq!(e.password.as_deref(), Some("pw"));
    }
}
