//! SQL text with server-side query parameters.
//!
//! Every value goes to ClickHouse as a typed placeholder (`{p3:String}`) and an HTTP parameter
//! (`param_p3=…`); code only ever writes structure (column lists, operators, table names) into
//! the text. ClickHouse parses a parameter's value as a field of its type in the TSV "escaped"
//! format, so a `String` needs its backslashes, tabs and line breaks escaped, and an
//! `Array(String)` is written as a quoted literal (`['a','b\'c']`). Both encodings are tested
//! here and, against the server, by the ClickHouse suite.

use std::fmt::Write as _;

/// A value that can be bound as a query parameter.
pub trait Param {
    /// The ClickHouse type written into the placeholder.
    const TYPE: &'static str;
    /// The parameter's text, as ClickHouse parses it for [`Param::TYPE`].
    fn encode(&self) -> String;
}

impl Param for str {
    const TYPE: &'static str = "String";
    fn encode(&self) -> String {
        escape(self, false)
    }
}

impl Param for String {
    const TYPE: &'static str = "String";
    fn encode(&self) -> String {
        escape(self, false)
    }
}

impl Param for i64 {
    const TYPE: &'static str = "Int64";
    fn encode(&self) -> String {
        self.to_string()
    }
}

impl Param for u64 {
    const TYPE: &'static str = "UInt64";
    fn encode(&self) -> String {
        self.to_string()
    }
}

impl Param for f64 {
    const TYPE: &'static str = "Float64";
    fn encode(&self) -> String {
        // Rust prints the shortest text that reads back as the same f64.
        if self.is_finite() {
            format!("{self:?}")
        } else if self.is_nan() {
            "nan".into()
        } else if *self > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    }
}

impl Param for [String] {
    const TYPE: &'static str = "Array(String)";
    fn encode(&self) -> String {
        let mut out = String::from("[");
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('\'');
            out.push_str(&escape(v, true));
            out.push('\'');
        }
        out.push(']');
        out
    }
}

/// Escapes a string for the escaped format; inside a quoted literal, quotes too.
fn escape(s: &str, quoted: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\'' if quoted => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out
}

/// A statement being built: its text and the parameters its placeholders name.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    pub text: String,
    pub params: Vec<(String, String)>,
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Sql {
        Sql {
            text: text.into(),
            params: Vec::new(),
        }
    }

    /// Registers `value` and returns its placeholder, to be written into the text.
    pub fn bind<P: Param + ?Sized>(&mut self, value: &P) -> String {
        let name = format!("p{}", self.params.len());
        let placeholder = format!("{{{name}:{}}}", P::TYPE);
        self.params.push((name, value.encode()));
        placeholder
    }

    /// Appends text (structure only, never a value).
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends ` AND (condition)`.
    pub fn and(&mut self, condition: &str) -> &mut Sql {
        let _ = write!(self.text, " AND ({condition})");
        self
    }

    /// `expr IN {values}` when there are values; nothing otherwise.
    pub fn and_any_of(&mut self, expr: &str, values: &[String]) {
        if !values.is_empty() {
            let p = self.bind(values);
            self.and(&format!("{expr} IN {p}"));
        }
    }

    /// The `param_NAME` pairs for the HTTP request.
    pub fn url_params(&self) -> impl Iterator<Item = (String, &str)> {
        self.params
            .iter()
            .map(|(name, value)| (format!("param_{name}"), value.as_str()))
    }
}

/// A database or table name, validated so it can be written into the text (identifiers cannot
/// be parameters in every statement ClickHouse has, e.g. `CREATE DATABASE`).
pub fn identifier(name: &str) -> Result<String, String> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64;
    if ok {
        Ok(format!("`{name}`"))
    } else {
        Err(format!(
            "{name:?} is not a database name canopy accepts: use letters, digits and _"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_the_escaped_format_reads() {
        assert_eq!("a\\b\tc\nd'e\"\r\0".encode(), "a\\\\b\\tc\\nd'e\"\\r\\0");
        assert_eq!(r"\N".encode(), r"\\N", "never read back as NULL");
    }

    #[test]
    fn arrays_are_quoted_literals() {
        let v = ["x'y".to_string(), "z\\w".into(), "t\tab".into()];
        assert_eq!(v.encode(), r"['x\'y','z\\w','t\tab']");
        assert_eq!(Vec::<String>::new().encode(), "[]");
    }

    #[test]
    fn numbers_read_back_exactly() {
        assert_eq!(0.000128f64.encode(), "0.000128");
        assert_eq!((-1.0f64).encode(), "-1.0");
        assert_eq!(i64::MIN.encode(), "-9223372036854775808");
        assert_eq!(f64::INFINITY.encode(), "inf");
    }

    #[test]
    fn placeholders_are_numbered_and_typed() {
        let mut sql = Sql::new("SELECT 1 WHERE 1");
        let a = sql.bind("x");
        let b = sql.bind(&5i64);
        sql.and(&format!("{a} = {b}"));
        sql.and_any_of("c", &[]);
        assert_eq!(sql.text, "SELECT 1 WHERE 1 AND ({p0:String} = {p1:Int64})");
        let params: Vec<(String, &str)> = sql.url_params().collect();
        assert_eq!(params, [("param_p0".into(), "x"), ("param_p1".into(), "5")]);
    }

    #[test]
    fn identifiers_are_checked() {
        assert_eq!(identifier("canopy_1").unwrap(), "`canopy_1`");
        for bad in ["", "1abc", "a-b", "a`b", "a b"] {
            assert!(identifier(bad).is_err(), "{bad}");
        }
    }
}
