//! Model prices, and cost estimates from token counts.
//!
//! [`Pricing::builtin`] is the table shipped in `prices.toml` (read the header there for what it
//! covers and how model names match their family). Config can replace or add entries with
//! [`Pricing::merge`] (a [`PriceTable`], which deserializes from a TOML table of the same shape)
//! or [`Pricing::merge_toml`] (the text itself). An override entry replaces the whole built-in
//! entry of that name.
//!
//! The estimate follows the OTel GenAI convention that input counts include cached tokens:
//! `(input − cache_read − cache_write)·in + cache_read·cr + cache_write·cw + output·out`, the
//! uncached part floored at zero so that an SDK reporting input without its cached tokens is
//! under-, never negatively, priced.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Usage;

const BUILTIN: &str = include_str!("prices.toml");

/// Prices for one model, in USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelPrice {
    pub input: f64,
    pub output: f64,
    /// A prompt-cache hit; the input price when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read: Option<f64>,
    /// A prompt-cache write; the input price when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<f64>,
}

/// Model name → prices: the shape of `prices.toml` and of a config override table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PriceTable(pub BTreeMap<String, ModelPrice>);

impl PriceTable {
    /// Parses TOML text of the price-table shape.
    pub fn parse_toml(text: &str) -> Result<PriceTable, PriceError> {
        toml::from_str(text).map_err(|e| PriceError::Syntax(e.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PriceError {
    #[error("price table: {0}")]
    Syntax(String),
    #[error("price of `{model}`: {message}")]
    Invalid { model: String, message: String },
}

/// The prices canopy estimates costs with.
///
/// There is deliberately no `Default`: say [`Pricing::builtin`] or [`Pricing::empty`].
#[derive(Debug, Clone, PartialEq)]
pub struct Pricing {
    /// Keyed by lowercase model name.
    models: HashMap<String, ModelPrice>,
}

impl Pricing {
    /// The built-in table (`prices.toml`).
    pub fn builtin() -> Pricing {
        Pricing::builtin_ref().clone()
    }

    /// The built-in table, parsed once and shared.
    pub fn builtin_ref() -> &'static Pricing {
        static BUILTIN_PRICING: OnceLock<Pricing> = OnceLock::new();
        BUILTIN_PRICING.get_or_init(|| {
            let mut p = Pricing::empty();
            // A test parses the shipped file, so this cannot fail in a built binary.
            let table = PriceTable::parse_toml(BUILTIN).expect("prices.toml parses");
            p.merge(table).expect("prices.toml is valid");
            p
        })
    }

    /// A table with no prices: nothing gets an estimate.
    pub fn empty() -> Pricing {
        Pricing {
            models: HashMap::new(),
        }
    }

    /// Adds or replaces entries. Nothing changes when any entry is invalid.
    pub fn merge(&mut self, overrides: PriceTable) -> Result<(), PriceError> {
        let mut checked = Vec::with_capacity(overrides.0.len());
        for (name, price) in overrides.0 {
            let key = name.trim().to_ascii_lowercase();
            let invalid = |message: &str| PriceError::Invalid {
                model: name.clone(),
                message: message.into(),
            };
            if key.is_empty() {
                return Err(invalid("the model name is empty"));
            }
            let all = [
                Some(price.input),
                Some(price.output),
                price.cache_read,
                price.cache_write,
            ];
            if all.into_iter().flatten().any(|p| !p.is_finite() || p < 0.0) {
                return Err(invalid("prices must be finite and not negative"));
            }
            checked.push((key, price));
        }
        self.models.extend(checked);
        Ok(())
    }

    /// [`Pricing::merge`] for TOML text of the price-table shape.
    pub fn merge_toml(&mut self, text: &str) -> Result<(), PriceError> {
        self.merge(PriceTable::parse_toml(text)?)
    }

    pub fn len(&self) -> usize {
        self.models.len()
    }

    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    /// The entry a model name matches, exactly or by family, with the entry's name.
    pub fn lookup(&self, model: &str) -> Option<(&str, &ModelPrice)> {
        let lower: Cow<str> = if model.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(model.to_ascii_lowercase())
        } else {
            Cow::Borrowed(model)
        };
        let hit = |name: &str| self.models.get_key_value(name);
        let mut name = lower.trim();
        if let Some(found) = hit(name) {
            return Some((found.0.as_str(), found.1));
        }
        // `openai/gpt-4o`, `models/gemini-2.0-flash`
        if let Some((_, rest)) = name.rsplit_once('/') {
            name = rest;
            if let Some(found) = hit(name) {
                return Some((found.0.as_str(), found.1));
            }
        }
        // Bedrock's `us.anthropic.claude-…`: leading all-letter segments are vendors and
        // regions (a version such as `gpt-4.1` has digits before its dot, so it stays).
        while let Some((head, rest)) = name.split_once('.') {
            if head.is_empty() || !head.bytes().all(|b| b.is_ascii_lowercase()) {
                break;
            }
            name = rest;
            if let Some(found) = hit(name) {
                return Some((found.0.as_str(), found.1));
            }
        }
        while let Some(shorter) = strip_version(name) {
            name = shorter;
            if let Some(found) = hit(name) {
                return Some((found.0.as_str(), found.1));
            }
        }
        None
    }

    /// The estimated cost in USD of a call to `model` with `usage`, or `None` when the model is
    /// not in the table or the usage has no input or output count.
    pub fn estimate(&self, model: &str, usage: &Usage) -> Option<f64> {
        let (_, p) = self.lookup(model)?;
        if usage.input_tokens.is_none() && usage.output_tokens.is_none() {
            return None;
        }
        let input = usage.input_tokens.unwrap_or(0);
        let read = usage.cache_read_tokens.unwrap_or(0);
        let write = usage.cache_write_tokens.unwrap_or(0);
        let uncached = input.saturating_sub(read).saturating_sub(write);
        let output = usage.output_tokens.unwrap_or(0);
        let micro = uncached as f64 * p.input
            + read as f64 * p.cache_read.unwrap_or(p.input)
            + write as f64 * p.cache_write.unwrap_or(p.input)
            + output as f64 * p.output;
        Some(micro / 1_000_000.0)
    }
}

/// The model name without its last version-like suffix, if it has one: `@…` (Vertex), `:…`
/// (Bedrock, Ollama tags), `-latest`, `-v2`, `-2024-07-18`, `-20241022`, `-001`, `-0125`.
fn strip_version(name: &str) -> Option<&str> {
    if let Some((head, _)) = name.rsplit_once('@') {
        return Some(head);
    }
    if let Some((head, _)) = name.rsplit_once(':') {
        return Some(head);
    }
    if let Some(head) = name.strip_suffix("-latest") {
        return Some(head);
    }
    let (head, last) = name.rsplit_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(v) = last.strip_prefix('v') {
        return digits(v).then_some(head);
    }
    if !digits(last) {
        return None;
    }
    match last.len() {
        // `-20241022`, `-001`, `-0125`
        8 | 3 | 4 => Some(head),
        // `-2024-07-18` ends in `-18`: strip the whole date.
        2 => {
            let date = name.len().checked_sub(11)?;
            let tail = name.get(date..)?.as_bytes();
            let is_date = tail[0] == b'-'
                && tail[5] == b'-'
                && tail[8] == b'-'
                && [1, 2, 3, 4, 6, 7, 9, 10]
                    .iter()
                    .all(|&i| tail[i].is_ascii_digit());
            is_date.then(|| &name[..date])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(i: u64, o: u64, cr: u64, cw: u64) -> Usage {
        Usage {
            input_tokens: Some(i),
            output_tokens: Some(o),
            cache_read_tokens: Some(cr),
            cache_write_tokens: Some(cw),
            ..Usage::default()
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn the_shipped_table_parses_and_covers_the_big_three() {
        let p = Pricing::builtin();
        assert!(p.len() > 30);
        for m in ["gpt-4o-mini", "claude-3-5-haiku", "gemini-2.0-flash"] {
            assert!(p.lookup(m).is_some(), "{m}");
        }
    }

    #[test]
    fn dated_and_prefixed_names_match_their_family() {
        let p = Pricing::builtin();
        let family = |m: &str| p.lookup(m).map(|(name, _)| name.to_string());
        let cases = [
            ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
            ("claude-3-5-haiku-20241022", "claude-3-5-haiku"),
            ("claude-3-5-haiku-latest", "claude-3-5-haiku"),
            ("GPT-4o", "gpt-4o"),
            ("openai/gpt-4.1-mini", "gpt-4.1-mini"),
            ("models/gemini-1.5-pro-002", "gemini-1.5-pro"),
            (
                "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
                "claude-3-5-sonnet",
            ),
            ("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet"),
            ("gpt-3.5-turbo-0125", "gpt-3.5-turbo"),
            ("gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
            ("gpt-4o-2024-08-06", "gpt-4o"),
        ];
        for (model, want) in cases {
            assert_eq!(family(model).as_deref(), Some(want), "{model}");
        }
        for unknown in [
            "fail-model",
            "llama3.1:8b",
            "gpt-4o-mini-x",
            "gpt-4-1106-preview",
            "",
        ] {
            assert_eq!(family(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn estimate_prices_cached_tokens_apart() {
        let p = Pricing::builtin();
        // claude-3-5-haiku: 0.80 in, 4.00 out, 0.08 cache read, 1.00 cache write.
        let cost = p
            .estimate("claude-3-5-haiku-20241022", &usage(60, 21, 5, 0))
            .unwrap();
        assert!(
            close(cost, (55.0 * 0.80 + 5.0 * 0.08 + 21.0 * 4.00) / 1e6),
            "{cost}"
        );
        // gpt-4o-mini: 0.15 in, 0.60 out, 0.075 cache read; no cache-write price → input.
        let cost = p.estimate("gpt-4o-mini", &usage(42, 17, 8, 4)).unwrap();
        assert!(close(
            cost,
            (30.0 * 0.15 + 8.0 * 0.075 + 4.0 * 0.15 + 17.0 * 0.60) / 1e6
        ));
        // More cached than input: the uncached part is zero, not negative.
        let cost = p.estimate("gpt-4o-mini", &usage(5, 0, 8, 0)).unwrap();
        assert!(close(cost, 8.0 * 0.075 / 1e6));
        assert_eq!(p.estimate("fail-model", &usage(1, 1, 0, 0)), None);
        assert_eq!(p.estimate("gpt-4o", &Usage::default()), None);
    }

    #[test]
    fn overrides_replace_and_add_entries() {
        let mut p = Pricing::builtin();
        p.merge_toml(
            "\"GPT-4o\" = { input = 1, output = 2 }\n[\"my-model\"]\ninput = 3\noutput = 4",
        )
        .unwrap();
        assert_eq!(p.lookup("gpt-4o-2024-08-06").unwrap().1.input, 1.0);
        assert_eq!(p.lookup("gpt-4o").unwrap().1.cache_read, None);
        assert!(close(
            p.estimate("my-model", &usage(1_000_000, 0, 0, 0)).unwrap(),
            3.0
        ));
        let table: PriceTable =
            serde_json::from_str(r#"{"x": {"input": -1, "output": 1}}"#).unwrap();
        let before = p.clone();
        assert!(matches!(p.merge(table), Err(PriceError::Invalid { .. })));
        assert_eq!(p, before);
        let bad: Result<PriceTable, _> =
            serde_json::from_str(r#"{"x": {"input": 1, "output": 1, "typo": 1}}"#);
        assert!(bad.is_err());
    }
}
