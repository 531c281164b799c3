//! Readers for 64-bit integers, which ClickHouse may send as JSON strings
//! (`output_format_json_quote_64bit_integers`, on by default in older servers), for
//! `#[serde(deserialize_with = "de::int")]` and `de::opt_int` on row fields.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::Deserializer;
use serde::de::{Error, Visitor};

struct Int<T>(PhantomData<T>);

impl<T: TryFrom<i64> + TryFrom<u64> + FromStr> Visitor<'_> for Int<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer, possibly quoted")
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        v.parse()
            .map_err(|_| E::custom(format!("{v:?} is not an integer")))
    }
}

struct OptInt<T>(PhantomData<T>);

impl<'de, T: TryFrom<i64> + TryFrom<u64> + FromStr> Visitor<'de> for OptInt<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer or null")
    }
    fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        int(d).map(Some)
    }
}

pub fn int<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64> + FromStr,
{
    d.deserialize_any(Int(PhantomData))
}

pub fn opt_int<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64> + FromStr,
{
    d.deserialize_option(OptInt(PhantomData))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[test]
    fn quoted_and_bare_integers_both_read() {
        #[derive(Deserialize)]
        struct Row(
            #[serde(deserialize_with = "super::int")] i64,
            #[serde(deserialize_with = "super::opt_int")] Option<u64>,
            #[serde(deserialize_with = "super::opt_int")] Option<u64>,
        );
        let Row(a, b, c) = serde_json::from_str(r#"["-5", 18446744073709551615, null]"#).unwrap();
        assert_eq!((a, b, c), (-5, Some(u64::MAX), None));
        assert!(serde_json::from_str::<Row>(r#"["x", 1, 1]"#).is_err());
    }
}
