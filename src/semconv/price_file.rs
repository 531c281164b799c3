//! Reads price tables written in TOML, for the subset a price table needs.
//!
//! canopy has no TOML parser among its dependencies yet, and a price table is a flat map of
//! model name → four numbers, so this reads exactly that and rejects anything else with the line
//! it stopped at. Two spellings are accepted, both valid TOML:
//!
//! ```toml
//! "gpt-4o" = { input = 2.50, output = 10.00, cache_read = 1.25 }
//!
//! ["my-finetune"]
//! input = 3.0
//! output = 12.0
//! ```
//!
//! When config grows a real TOML parser, it can deserialize its table straight into
//! [`PriceTable`] (it implements `Deserialize`) and this file stays for the built-in table.

use std::collections::BTreeMap;

use super::pricing::{ModelPrice, PriceError, PriceTable};

/// Parses a price table from TOML text (see the module doc for the accepted subset).
pub(crate) fn parse(text: &str) -> Result<PriceTable, PriceError> {
    let mut models = BTreeMap::new();
    // The `[name]` table being filled, with the fields seen so far.
    let mut open: Option<(String, Fields, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |message: String| PriceError::Syntax {
            line: line_no,
            message,
        };
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            close(&mut open, &mut models)?;
            let name = header
                .strip_suffix(']')
                .ok_or_else(|| err("a table header must end with `]`".into()))?;
            let (name, rest) = key(name.trim()).map_err(err)?;
            if !rest.trim().is_empty() {
                return Err(err(format!("unexpected `{}` in table header", rest.trim())));
            }
            open = Some((name, Fields::default(), line_no));
            continue;
        }
        let (name, rest) = key(line).map_err(err)?;
        let value = rest
            .trim_start()
            .strip_prefix('=')
            .ok_or_else(|| err(format!("expected `=` after `{name}`")))?
            .trim();
        match &mut open {
            Some((_, fields, _)) => fields.set(&name, value).map_err(err)?,
            None => {
                let body = value
                    .strip_prefix('{')
                    .and_then(|v| v.strip_suffix('}'))
                    .ok_or_else(|| {
                        err(format!("`{name}` needs a `{{ input = …, output = … }}`"))
                    })?;
                let mut fields = Fields::default();
                for pair in body.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let (field, value) = pair
                        .split_once('=')
                        .ok_or_else(|| err(format!("expected `field = number`, found `{pair}`")))?;
                    fields.set(field.trim(), value.trim()).map_err(err)?;
                }
                insert(&mut models, name, fields, line_no)?;
            }
        }
    }
    close(&mut open, &mut models)?;
    Ok(PriceTable(models))
}

#[derive(Default)]
struct Fields {
    input: Option<f64>,
    output: Option<f64>,
    cache_read: Option<f64>,
    cache_write: Option<f64>,
}

impl Fields {
    fn set(&mut self, field: &str, value: &str) -> Result<(), String> {
        let slot = match field {
            "input" => &mut self.input,
            "output" => &mut self.output,
            "cache_read" => &mut self.cache_read,
            "cache_write" => &mut self.cache_write,
            other => {
                return Err(format!(
                    "unknown price `{other}` (expected input, output, cache_read, cache_write)"
                ));
            }
        };
        let n = value
            .replace('_', "")
            .parse::<f64>()
            .map_err(|_| format!("`{field}` must be a number, found `{value}`"))?;
        *slot = Some(n);
        Ok(())
    }
}

fn close(
    open: &mut Option<(String, Fields, usize)>,
    models: &mut BTreeMap<String, ModelPrice>,
) -> Result<(), PriceError> {
    match open.take() {
        Some((name, fields, line)) => insert(models, name, fields, line),
        None => Ok(()),
    }
}

fn insert(
    models: &mut BTreeMap<String, ModelPrice>,
    name: String,
    f: Fields,
    line: usize,
) -> Result<(), PriceError> {
    let (Some(input), Some(output)) = (f.input, f.output) else {
        return Err(PriceError::Syntax {
            line,
            message: format!("`{name}` needs both `input` and `output`"),
        });
    };
    let price = ModelPrice {
        input,
        output,
        cache_read: f.cache_read,
        cache_write: f.cache_write,
    };
    if models.insert(name.clone(), price).is_some() {
        return Err(PriceError::Syntax {
            line,
            message: format!("`{name}` is priced twice"),
        });
    }
    Ok(())
}

/// A bare or double-quoted key at the start of `s`, and the text after it.
fn key(s: &str) -> Result<(String, &str), String> {
    if let Some(quoted) = s.strip_prefix('"') {
        let end = quoted
            .find(['"', '\\'])
            .ok_or_else(|| "unterminated quoted name".to_string())?;
        if quoted.as_bytes()[end] == b'\\' {
            return Err("escapes in names are not supported".into());
        }
        return Ok((quoted[..end].to_string(), &quoted[end + 1..]));
    }
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(s.len());
    if end == 0 {
        return Err(format!("expected a model name, found `{s}`"));
    }
    Ok((s[..end].to_string(), &s[end..]))
}

/// The line without a `#` comment (a `#` inside a quoted name is kept).
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inline_and_table_forms_with_comments() {
        let t = parse(
            "# prices\n\"gpt-4o\" = { input = 2.50, output = 10.00, cache_read = 1.25 } # note\n\
             \n[\"my#model\"]\ninput = 1_000.0\noutput = 2\n[bare-name]\ninput = 1\noutput = 2\n",
        )
        .unwrap();
        let m = &t.0;
        assert_eq!(m["gpt-4o"].cache_read, Some(1.25));
        assert_eq!(m["gpt-4o"].cache_write, None);
        assert_eq!(m["my#model"].input, 1000.0);
        assert_eq!(m["bare-name"].output, 2.0);
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("\"a\" = { input = 1 }", 1, "needs both"),
            ("\n\"a\" = { input = 1, output = x }", 2, "must be a number"),
            (
                "\"a\" = { input = 1, output = 2, speed = 3 }",
                1,
                "unknown price",
            ),
            ("\"a\" = 3", 1, "needs a"),
            (
                "[a]\ninput = 1\noutput = 1\n[a]\ninput = 1\noutput = 1",
                4,
                "priced twice",
            ),
            ("[\"a\"", 1, "must end"),
            ("= 3", 1, "expected a model name"),
        ];
        for (text, line, needle) in cases {
            match parse(text) {
                Err(PriceError::Syntax { line: l, message }) => {
                    assert_eq!(l, line, "{text}");
                    assert!(message.contains(needle), "{message}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}
