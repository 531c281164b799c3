//! Usage reports: tokens and cost per model, provider, agent, service, session or day.
//!
//! Groups sum span contributions (`Rollup::contribution`), so a call nested in its SDK's
//! wrapper span is counted once and an agent restating its children adds nothing: the groups
//! of a report add up to the same totals as the traces they cover.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Totals;
use super::query::{Filter, Pair};

/// What a usage report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UsageBy {
    #[default]
    Model,
    Provider,
    Agent,
    Service,
    Session,
    /// The UTC day a call started.
    Day,
}

impl UsageBy {
    pub const ALL: [UsageBy; 6] = [
        UsageBy::Model,
        UsageBy::Provider,
        UsageBy::Agent,
        UsageBy::Service,
        UsageBy::Session,
        UsageBy::Day,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UsageBy::Model => "model",
            UsageBy::Provider => "provider",
            UsageBy::Agent => "agent",
            UsageBy::Service => "service",
            UsageBy::Session => "session",
            UsageBy::Day => "day",
        }
    }
}

impl fmt::Display for UsageBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UsageBy {
    type Err = String;

    fn from_str(s: &str) -> Result<UsageBy, String> {
        UsageBy::ALL
            .into_iter()
            .find(|b| b.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = UsageBy::ALL.iter().map(|b| b.as_str()).collect();
                format!("{s:?} is not one of: {}", names.join(", "))
            })
    }
}

/// `GET /api/v1/usage`: model calls matching the filter (span-level: the call's own time,
/// model, agent…), grouped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageQuery {
    pub filter: Filter,
    pub by: UsageBy,
}

impl UsageQuery {
    pub fn to_pairs(&self) -> Vec<Pair> {
        let mut out = vec![("by", self.by.as_str().to_string())];
        self.filter.write(&mut out);
        out
    }

    pub fn from_pairs<'a>(
        pairs: &mut dyn Iterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
    ) -> Result<UsageQuery, String> {
        let mut q = UsageQuery::default();
        for (k, v) in pairs {
            match k.as_ref() {
                "by" => q.by = v.parse().map_err(|e| format!("by: {e}"))?,
                k => {
                    if !q.filter.read(k, &v).map_err(|e| format!("{k}: {e}"))? {
                        return Err(format!("unknown parameter {k:?}"));
                    }
                }
            }
        }
        Ok(q)
    }
}

/// One group: its key (`None` when the calls had no value for it, e.g. no model) and sums.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct UsageGroup {
    pub key: Option<String>,
    #[serde(flatten)]
    pub totals: Totals,
}

/// A usage report: groups, costliest first, and their sum.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct UsageReport {
    pub by: UsageBy,
    pub groups: Vec<UsageGroup>,
    pub total: Totals,
}

impl UsageReport {
    /// The groups as `--json` prints them: the key under the grouping's own name.
    pub fn rows_json(&self) -> Vec<serde_json::Value> {
        self.groups
            .iter()
            .map(|g| {
                let mut row = serde_json::Map::new();
                row.insert(self.by.as_str().to_string(), g.key.clone().into());
                if let Ok(serde_json::Value::Object(totals)) = serde_json::to_value(g.totals) {
                    row.extend(totals);
                }
                serde_json::Value::Object(row)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_carry_their_key_under_the_grouping_name() {
        let report = UsageReport {
            by: UsageBy::Agent,
            groups: vec![UsageGroup {
                key: Some("planner".into()),
                totals: Totals {
                    input_tokens: 3,
                    llm_count: 1,
                    ..Default::default()
                },
            }],
            total: Totals::default(),
        };
        let rows = report.rows_json();
        assert_eq!(rows[0]["agent"], "planner");
        assert_eq!(
            (
                rows[0]["input_tokens"].as_u64(),
                rows[0]["llm_count"].as_u64()
            ),
            (Some(3), Some(1))
        );
        assert!(rows[0].get("key").is_none());
        assert_eq!("DAY".parse::<UsageBy>(), Ok(UsageBy::Day));
        assert!(
            "week"
                .parse::<UsageBy>()
                .unwrap_err()
                .contains("model, provider")
        );
    }
}
