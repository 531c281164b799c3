//! Settings as rows: `canopy config list` (what the file says, or what is in effect and why).

use owo_colors::Style;

use super::table::{Col, Column, ListOptions, TextCell, table};
use super::text::sanitize;

/// One setting: its dotted key, its value as text, and where it came from (for `--effective`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
    pub source: Option<String>,
}

/// Settings for a terminal: KEY, VALUE and, when any row has one, SOURCE.
pub fn settings_table(rows: &[SettingRow], opts: &ListOptions) -> Vec<String> {
    let s = opts.styles;
    let with_source = rows.iter().any(|r| r.source.is_some());
    let mut columns = vec![
        Column::new("KEY", Col::Fixed, 0),
        Column::new("VALUE", Col::Text, 0).weighted(2),
    ];
    if with_source {
        columns.push(Column::new("SOURCE", Col::Text, 1));
    }
    let cells: Vec<Vec<TextCell>> = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                (sanitize(&r.key), s.span_name),
                (sanitize(&r.value), Style::new()),
            ];
            if with_source {
                row.push((sanitize(r.source.as_deref().unwrap_or("")), s.dim));
            }
            row
        })
        .collect();
    table(&columns, &cells, opts)
}

/// Settings for scripts: `key<TAB>value[<TAB>source]`, no header.
pub fn settings_tsv(rows: &[SettingRow]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let mut line = format!("{}\t{}", sanitize(&r.key), sanitize(&r.value));
            if let Some(source) = &r.source {
                line.push('\t');
                line.push_str(&sanitize(source));
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Nanos;
    use crate::ui::Styles;

    fn rows() -> Vec<SettingRow> {
        let row = |k: &str, v: &str, s: &str| SettingRow {
            key: k.into(),
            value: v.into(),
            source: Some(s.into()),
        };
        vec![
            row("profile", "prod", "--profile"),
            row("endpoint", "https://canopy.example.com/", "profile prod"),
            row("token", "<hidden>", "env CANOPY_TOKEN"),
            row("range", "1day \x1b[31m", "config file"),
        ]
    }

    #[test]
    fn effective_settings_as_a_table_and_as_tsv() {
        let styles = Styles::default();
        let opts = ListOptions {
            styles: &styles,
            width: 80,
            now: Nanos(0),
            colored: false,
        };
        insta::assert_snapshot!(settings_table(&rows(), &opts).join("\n"), @r"
        KEY       VALUE                        SOURCE
        profile   prod                         --profile
        endpoint  https://canopy.example.com/  profile prod
        token     <hidden>                     env CANOPY_TOKEN
        range     1day \x1b[31m                config file
        ");
        insta::assert_snapshot!(settings_tsv(&rows()).join("\n"), @r"
        profile	prod	--profile
        endpoint	https://canopy.example.com/	profile prod
        token	<hidden>	env CANOPY_TOKEN
        range	1day \x1b[31m	config file
        ");
    }
}
