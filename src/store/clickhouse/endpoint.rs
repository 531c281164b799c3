//! Where a ClickHouse store lives: `clickhouse://[user[:password]@]HOST[:PORT]/DATABASE`.
//!
//! `clickhouse://` talks plain HTTP (default port 8123), `clickhouses://` HTTPS (default 8443).
//! The user defaults to `default`. A password in the URL wins; otherwise `config` fills it from
//! `CANOPY_CLICKHOUSE_PASSWORD`, so it need not appear in a process list. `?ttl_days=N` sets the
//! retention TTL of every table (absent: keep everything). The password is never displayed.

use std::fmt;

use reqwest::Url;

use super::sql::identifier;

/// A parsed `clickhouse://` URL.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The HTTP interface, e.g. `http://127.0.0.1:8123/`.
    pub http: Url,
    pub user: String,
    pub password: Option<String>,
    pub database: String,
    /// Rows older than this many days (by span start) are deleted by ClickHouse's TTL.
    pub ttl_days: Option<u32>,
}

impl Endpoint {
    pub fn parse(raw: &str) -> Result<Endpoint, String> {
        let url = Url::parse(raw.trim()).map_err(|e| format!("{raw:?} is not a URL ({e})"))?;
        let (scheme, default_port) = match url.scheme() {
            "clickhouse" => ("http", 8123),
            "clickhouses" => ("https", 8443),
            other => {
                return Err(format!(
                    "{other}:// is not a ClickHouse URL; use clickhouse:// or clickhouses://"
                ));
            }
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| format!("{raw:?} has no host"))?;
        let port = url.port().unwrap_or(default_port);
        let database = url.path().trim_matches('/');
        if database.is_empty() {
            return Err(format!(
                "{raw:?} names no database; add one, e.g. clickhouse://{host}:{port}/canopy"
            ));
        }
        identifier(database)?;
        let decode = |s: &str| {
            percent_decode(s)
                .ok_or_else(|| format!("{raw:?}: bad percent-encoding in the user or password"))
        };
        let user = match url.username() {
            "" => "default".to_string(),
            u => decode(u)?,
        };
        let password = url.password().map(decode).transpose()?;
        let mut ttl_days = None;
        for (k, v) in url.query_pairs() {
            match k.as_ref() {
                "ttl_days" => {
                    let days: u32 =
                        v.parse().ok().filter(|d| *d > 0).ok_or_else(|| {
                            format!("ttl_days={v}: expected a positive whole number")
                        })?;
                    ttl_days = Some(days);
                }
                other => return Err(format!("unknown ClickHouse URL option {other:?}")),
            }
        }
        let http = Url::parse(&format!("{scheme}://{}:{port}/", bracket(host)))
            .map_err(|e| format!("{raw:?}: {e}"))?;
        Ok(Endpoint {
            http,
            user,
            password,
            database: database.to_string(),
            ttl_days,
        })
    }

    /// The same server with another database (tests create one per run).
    pub fn with_database(&self, database: &str) -> Endpoint {
        Endpoint {
            database: database.to_string(),
            ..self.clone()
        }
    }
}

/// IPv6 hosts go back into brackets.
fn bracket(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.http.scheme() == "https" {
            "clickhouses"
        } else {
            "clickhouse"
        };
        let host = self.http.host_str().unwrap_or_default();
        let port = self.http.port_or_known_default().unwrap_or_default();
        write!(
            f,
            "{scheme}://{}@{}:{port}/{}",
            self.user,
            bracket(host),
            self.database
        )?;
        if let Some(days) = self.ttl_days {
            write!(f, "?ttl_days={days}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_onto_the_http_interface() {
        let e = Endpoint::parse("clickhouse://127.0.0.1:8123/canopy").unwrap();
        assert_eq!(e.http.as_str(), "http://127.0.0.1:8123/");
        assert_eq!((e.user.as_str(), e.password.as_deref()), ("default", None));
        assert_eq!(e.database, "canopy");

        let e =
            Endpoint::parse("clickhouses://me:p%40ss@ch.example.com/traces?ttl_days=30").unwrap();
        assert_eq!(e.http.as_str(), "https://ch.example.com:8443/");
        assert_eq!(
            (e.user.as_str(), e.password.as_deref()),
            ("me", Some("p@ss"))
        );
        assert_eq!(e.ttl_days, Some(30));

        let e = Endpoint::parse("clickhouse://[::1]:9000/db").unwrap();
        assert_eq!(e.http.as_str(), "http://[::1]:9000/");
    }

    #[test]
    fn the_password_is_never_displayed() {
        let e = Endpoint::parse("clickhouse://me:secret@h:1/db").unwrap();
        assert_eq!(e.to_string(), "clickhouse://me@h:1/db");
        assert!(!format!("{e:?}").contains("secret"));
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        for (raw, why) in [
            ("http://h:1/db", "not a ClickHouse URL"),
            ("clickhouse://h:1", "names no database"),
            ("clickhouse://h:1/a-b", "not a database name"),
            ("clickhouse://h:1/db?ttl_days=0", "positive whole number"),
            ("clickhouse://h:1/db?tls=1", "unknown ClickHouse URL option"),
        ] {
            let err = Endpoint::parse(raw).unwrap_err();
            assert!(err.contains(why), "{raw}: {err}");
        }
    }
}
