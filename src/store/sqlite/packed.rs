//! The large JSON columns (span attributes and events, log bodies and attributes), stored
//! zstd-compressed.
//!
//! Prompts, completions and tool IO are most of a span's size, and they are text that
//! compresses well. A value of at least [`MIN_PACKED`] bytes is stored as a BLOB holding one
//! zstd frame (level [`LEVEL`]) when that is smaller; shorter values, and values that do not
//! shrink, stay TEXT. The value's storage class says which it is, so nothing else is recorded:
//! TEXT is the JSON itself, a BLOB is a zstd frame of it. Databases written before compression
//! hold only TEXT and read unchanged.
//!
//! Rust reads such a column as [`Json`]; SQL reads it through `canopy_text(x)`, registered on
//! every connection by [`register`], which gives the JSON text for either form, so
//! `json_extract` and `LIKE` see what they always saw.
//!
//! Compression runs where spans are handed to the store ([`super::SqliteStore::write`]), on the
//! request's task, so the single writer thread only writes.

use std::borrow::Cow;
use std::cell::RefCell;

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};

/// Values shorter than this stay text: zstd's frame header and a short value's lack of
/// repetition make compressing them a loss or a wash.
pub const MIN_PACKED: usize = 128;
/// zstd's fastest regular level: on ~1 KB values it compresses as well as the default (3)
/// and about a third faster (docs/benchmarks.md).
pub const LEVEL: i32 = 1;
/// The largest value a frame may claim to hold; more means the frame is corrupt (requests are
/// capped well below this).
const MAX_UNPACKED: u64 = 1 << 30;

/// A JSON value as the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub enum Packed {
    Text(String),
    Zstd(Vec<u8>),
}

impl Packed {
    /// Compresses `json` when that pays.
    pub fn new(json: String) -> Packed {
        if json.len() < MIN_PACKED {
            return Packed::Text(json);
        }
        thread_local! {
            static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> =
                const { RefCell::new(None) };
        }
        let frame = COMPRESSOR.with_borrow_mut(|slot| {
            let compressor = match slot {
                Some(c) => c,
                None => slot.insert(zstd::bulk::Compressor::new(LEVEL).ok()?),
            };
            compressor.compress(json.as_bytes()).ok()
        });
        match frame {
            Some(mut frame) if frame.len() < json.len() => {
                // The buffer was sized for the worst case; it waits in the writer's queue.
                frame.shrink_to_fit();
                Packed::Zstd(frame)
            }
            _ => Packed::Text(json),
        }
    }
}

impl ToSql for Packed {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Packed::Text(text) => ValueRef::Text(text.as_bytes()),
            Packed::Zstd(frame) => ValueRef::Blob(frame),
        }))
    }
}

/// A packed column read back: its JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub String);

impl FromSql for Json {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match text(value)? {
            Some(json) => Ok(Json(json.into_owned())),
            None => Err(FromSqlError::InvalidType),
        }
    }
}

/// A packed column's JSON text: borrowed when it is stored as text, decompressed when it is a
/// frame; `None` for NULL.
pub fn text(value: ValueRef<'_>) -> FromSqlResult<Option<Cow<'_, str>>> {
    match value {
        ValueRef::Null => Ok(None),
        ValueRef::Text(text) => std::str::from_utf8(text)
            .map(|s| Some(Cow::Borrowed(s)))
            .map_err(|e| FromSqlError::Other(Box::new(e))),
        ValueRef::Blob(frame) => unpack(frame).map(|s| Some(Cow::Owned(s))),
        _ => Err(FromSqlError::InvalidType),
    }
}

fn unpack(frame: &[u8]) -> FromSqlResult<String> {
    let corrupt = |why: String| FromSqlError::Other(why.into());
    let size = match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(size)) if size <= MAX_UNPACKED => size as usize,
        Ok(_) => {
            return Err(corrupt(
                "a compressed value without a plausible size".into(),
            ));
        }
        Err(_) => {
            return Err(corrupt(
                "a compressed value that is not a zstd frame".into(),
            ));
        }
    };
    thread_local! {
        static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> =
            const { RefCell::new(None) };
    }
    let bytes = DECOMPRESSOR.with_borrow_mut(|slot| {
        let decompressor = match slot {
            Some(d) => d,
            None => slot.insert(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?),
        };
        decompressor
            .decompress(frame, size)
            .map_err(|e| format!("a corrupt compressed value: {e}"))
    });
    String::from_utf8(bytes.map_err(corrupt)?).map_err(|e| FromSqlError::Other(Box::new(e)))
}

/// Registers `canopy_text(x)`: the JSON text of a packed column (NULL stays NULL).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "canopy_text",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            text(ctx.get_raw(0))
                .map(|json| json.map(Cow::into_owned))
                .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> String {
        let turn =
            r#"{"role":"user","content":"Summarize the incident report and list the follow-ups."}"#;
        format!("[{}]", [turn; 12].join(","))
    }

    #[test]
    fn large_values_are_compressed_and_read_back() {
        let json = payload();
        let packed = Packed::new(json.clone());
        let Packed::Zstd(frame) = &packed else {
            panic!("not compressed: {packed:?}");
        };
        assert!(
            frame.len() * 4 < json.len(),
            "{} -> {}",
            json.len(),
            frame.len()
        );

        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            .unwrap();
        for value in [&packed, &Packed::new("{}".into())] {
            conn.execute("INSERT INTO t (v) VALUES (?1)", [value])
                .unwrap();
        }
        let back: Vec<Json> = conn
            .prepare("SELECT v FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(back, [Json(json), Json("{}".into())]);

        // SQL sees the text of both forms.
        let roles: Vec<Option<String>> = conn
            .prepare("SELECT json_extract(canopy_text(v), '$[0].role') FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(roles, [Some("user".to_string()), None]);
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM t WHERE canopy_text(v) LIKE '%follow-ups%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 1);
    }

    #[test]
    fn small_values_stay_text() {
        let json = format!("{{\"a\":\"{}\"}}", "x".repeat(MIN_PACKED - 9));
        assert_eq!(json.len(), MIN_PACKED - 1);
        assert_eq!(Packed::new(json.clone()), Packed::Text(json));
    }

    #[test]
    fn a_corrupt_frame_is_an_error_not_a_panic() {
        let Packed::Zstd(mut frame) = Packed::new(payload()) else {
            panic!("not compressed");
        };
        let last = frame.len() - 1;
        frame.truncate(last);
        assert!(Json::column_result(ValueRef::Blob(&frame)).is_err());
        assert!(Json::column_result(ValueRef::Blob(b"not zstd")).is_err());
    }
}
