//! Reads Python literals, as written by `repr()` / `str()` of lists and dicts.
//!
//! Cascade records `llm.messages` as `str(messages)`: single-quoted strings (double-quoted when
//! the text holds a `'`), `True`/`False`/`None`, tuples. This reads that literal grammar into
//! JSON values. Objects whose repr is not a literal (`ChatCompletionMessage(...)`, `<obj at …>`)
//! make the parse fail, and the caller falls back to the raw text.

use serde_json::{Map, Number, Value};

/// Parses a whole Python literal; `None` if any of it is not one.
pub(crate) fn parse(text: &str) -> Option<Value> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.ws();
        // Deeply nested input is not a message list; refuse it rather than recurse without end.
        if self.depth > 64 {
            return None;
        }
        match *self.s.get(self.i)? {
            b'[' => self.seq(b']').map(Value::Array),
            b'(' => self.seq(b')').map(Value::Array),
            b'{' => self.dict(),
            b'\'' | b'"' => self.string().map(Value::String),
            _ => self.word(),
        }
    }

    fn seq(&mut self, close: u8) -> Option<Vec<Value>> {
        self.i += 1;
        self.depth += 1;
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                break;
            }
            items.push(self.value()?);
            if !self.eat(b',') {
                self.eat(close).then_some(())?;
                break;
            }
        }
        self.depth -= 1;
        Some(items)
    }

    fn dict(&mut self) -> Option<Value> {
        self.i += 1;
        self.depth += 1;
        let mut map = Map::new();
        loop {
            if self.eat(b'}') {
                break;
            }
            let key = match self.value()? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            self.eat(b':').then_some(())?;
            map.insert(key, self.value()?);
            if !self.eat(b',') {
                self.eat(b'}').then_some(())?;
                break;
            }
        }
        self.depth -= 1;
        Some(Value::Object(map))
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.s[self.i];
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            match c {
                _ if c == quote => break,
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'0' => out.push(0),
                        b'x' => self.code_point(2, &mut out)?,
                        b'u' => self.code_point(4, &mut out)?,
                        b'U' => self.code_point(8, &mut out)?,
                        // `\\`, `\'`, `\"` and anything Python would keep as written.
                        b'\\' | b'\'' | b'"' => out.push(e),
                        other => out.extend_from_slice(&[b'\\', other]),
                    }
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).ok()
    }

    fn code_point(&mut self, digits: usize, out: &mut Vec<u8>) -> Option<()> {
        let hex = std::str::from_utf8(self.s.get(self.i..self.i + digits)?).ok()?;
        self.i += digits;
        let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        Some(())
    }

    fn word(&mut self) -> Option<Value> {
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || b"+-._".contains(c))
        {
            self.i += 1;
        }
        let w = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        match w {
            "True" => Some(Value::Bool(true)),
            "False" => Some(Value::Bool(false)),
            "None" => Some(Value::Null),
            _ => {
                let w = w.replace('_', "");
                if let Ok(i) = w.parse::<i64>() {
                    Some(Value::from(i))
                } else {
                    w.parse::<f64>()
                        .ok()
                        .and_then(Number::from_f64)
                        .map(Value::Number)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cascade_messages() {
        let v = parse(
            r#"[{'role': 'user', 'content': "What's the weather in Paris?"}, {'role': 'assistant', 'content': ''}, {'role': 'tool', 'content': '{"city": "Paris", "temp_c": 22}'}]"#,
        )
        .unwrap();
        assert_eq!(v[0]["content"], "What's the weather in Paris?");
        assert_eq!(v[1]["content"], "");
        assert_eq!(v[2]["content"], r#"{"city": "Paris", "temp_c": 22}"#);
    }

    #[test]
    fn literals_escapes_and_tuples() {
        let v = parse(
            r"{'a': (1, 2.5, -3), 'b': [True, False, None], 'c': 'it\'s\n\xe9\u263a', 1: 'x',}",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a": [1, 2.5, -3], "b": [true, false, null], "c": "it's\n\u{e9}\u{263a}", "1": "x"})
        );
    }

    #[test]
    fn non_literals_fail() {
        for bad in [
            "[ChatCompletionMessage(role='user')]",
            "[<object at 0x1>]",
            "[{'a': 1}",
            "'open",
            "[1] trailing",
            &"[".repeat(100),
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
