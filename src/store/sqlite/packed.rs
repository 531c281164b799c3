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
//! Once the database has trained a dictionary from its own values (`super::dictionary`),
//! frames are made with it; zstd writes the dictionary's ID into the frame header, and reading
//! looks that ID up in the store's [`Dictionaries`]. Frames with no ID (all those written before
//! the dictionary, and every one a database without a dictionary writes) decompress on their
//! own as always; a frame naming a dictionary the database lacks is a read error.
//!
//! Rust reads such a column through [`text`]; SQL reads it through `canopy_text(x)`, registered
//! on every connection by [`register`] with the store's dictionaries, which gives the JSON text
//! for either form, so `json_extract` and `LIKE` see what they always saw.
//!
//! Compression runs where spans are handed to the store ([`super::SqliteStore::write`]), on the
//! request's task, so the single writer thread only writes. The zstd contexts are kept per
//! thread; a dictionary is passed per call, since one thread serves every store in the process.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};
use zstd::dict::DecoderDictionary;
use zstd::zstd_safe::{CCtx, DCtx};

use super::dictionary::{Dictionaries, Encoder};

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
    /// Compresses `json` when that pays, with `dictionary` when the database has one
    /// (`super::dictionary`).
    pub fn new(json: String, dictionary: Option<&Encoder>) -> Packed {
        if json.len() < MIN_PACKED {
            return Packed::Text(json);
        }
        let frame = match dictionary {
            None => compress(json.as_bytes()),
            Some(dictionary) => compress_with(json.as_bytes(), dictionary),
        };
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

fn compress(bytes: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|slot| {
        let compressor = match slot {
            Some(c) => c,
            None => slot.insert(zstd::bulk::Compressor::new(LEVEL).ok()?),
        };
        compressor.compress(bytes).ok()
    })
}

/// One frame made with a prepared dictionary, whose ID zstd writes into the frame's header.
/// The context is kept per thread; the dictionary is passed per call, since threads serve
/// many stores (and a store's dictionary changes).
fn compress_with(bytes: &[u8], dictionary: &Encoder) -> Option<Vec<u8>> {
    thread_local! {
        static CONTEXT: RefCell<Option<CCtx<'static>>> = const { RefCell::new(None) };
    }
    CONTEXT.with_borrow_mut(|slot| {
        let context = match slot {
            Some(c) => c,
            None => slot.insert(CCtx::try_create()?),
        };
        let mut frame = Vec::with_capacity(zstd::zstd_safe::compress_bound(bytes.len()));
        context
            .compress_using_cdict(&mut frame, bytes, dictionary.dict.as_cdict())
            .ok()?;
        Some(frame)
    })
}

impl ToSql for Packed {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Packed::Text(text) => ValueRef::Text(text.as_bytes()),
            Packed::Zstd(frame) => ValueRef::Blob(frame),
        }))
    }
}

/// A packed column's JSON text: borrowed when it is stored as text, decompressed (with the
/// dictionary its frame names, from `dictionaries`) when it is a frame; `None` for NULL.
pub fn text<'v>(
    value: ValueRef<'v>,
    dictionaries: &Dictionaries,
) -> FromSqlResult<Option<Cow<'v, str>>> {
    match value {
        ValueRef::Null => Ok(None),
        ValueRef::Text(text) => std::str::from_utf8(text)
            .map(|s| Some(Cow::Borrowed(s)))
            .map_err(|e| FromSqlError::Other(Box::new(e))),
        ValueRef::Blob(frame) => unpack(frame, dictionaries).map(|s| Some(Cow::Owned(s))),
        _ => Err(FromSqlError::InvalidType),
    }
}

fn unpack(frame: &[u8], dictionaries: &Dictionaries) -> FromSqlResult<String> {
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
    // 0 (`None`): made without a dictionary, as every frame before dictionaries was.
    let bytes = match zstd::zstd_safe::get_dict_id_from_frame(frame) {
        None => decompress(frame, size),
        Some(id) => match dictionaries.decoder(id.get()) {
            Some(dictionary) => decompress_with(frame, size, &dictionary),
            None => Err(format!(
                "a compressed value made with zstd dictionary {id}, which the database does not have"
            )),
        },
    };
    String::from_utf8(bytes.map_err(corrupt)?).map_err(|e| FromSqlError::Other(Box::new(e)))
}

fn decompress(frame: &[u8], size: usize) -> Result<Vec<u8>, String> {
    thread_local! {
        static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> =
            const { RefCell::new(None) };
    }
    DECOMPRESSOR.with_borrow_mut(|slot| {
        let decompressor = match slot {
            Some(d) => d,
            None => slot.insert(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?),
        };
        decompressor
            .decompress(frame, size)
            .map_err(|e| format!("a corrupt compressed value: {e}"))
    })
}

fn decompress_with(
    frame: &[u8],
    size: usize,
    dictionary: &DecoderDictionary<'static>,
) -> Result<Vec<u8>, String> {
    thread_local! {
        static CONTEXT: RefCell<Option<DCtx<'static>>> = const { RefCell::new(None) };
    }
    CONTEXT.with_borrow_mut(|slot| {
        let context = match slot {
            Some(c) => c,
            None => slot.insert(DCtx::try_create().ok_or("zstd cannot make a context")?),
        };
        let mut bytes = Vec::with_capacity(size);
        context
            .decompress_using_ddict(&mut bytes, frame, dictionary.as_ddict())
            .map_err(|code| {
                format!(
                    "a corrupt compressed value: {}",
                    zstd::zstd_safe::get_error_name(code)
                )
            })?;
        Ok(bytes)
    })
}

/// Registers `canopy_text(x)`: the JSON text of a packed column (NULL stays NULL), decoded with
/// the store's `dictionaries`.
pub fn register(conn: &Connection, dictionaries: Arc<Dictionaries>) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "canopy_text",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        move |ctx| {
            text(ctx.get_raw(0), &dictionaries)
                .map(|json| json.map(Cow::into_owned))
                .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::dictionary::testing;
    use super::*;

    fn payload() -> String {
        let turn =
            r#"{"role":"user","content":"Summarize the incident report and list the follow-ups."}"#;
        format!("[{}]", [turn; 12].join(","))
    }

    fn table(dictionaries: &Arc<Dictionaries>) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn, Arc::clone(dictionaries)).unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            .unwrap();
        conn
    }

    /// The column's values read back in Rust, and what SQL's `json_extract` and `LIKE` see.
    fn read_back(conn: &Connection, dictionaries: &Dictionaries) -> Vec<String> {
        let mut stmt = conn.prepare("SELECT v FROM t ORDER BY id").unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut back = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            let value = text(r.get_ref(0).unwrap(), dictionaries).unwrap();
            back.push(value.unwrap().into_owned());
        }
        let in_sql: Vec<String> = conn
            .prepare("SELECT canopy_text(v) FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(back, in_sql);
        back
    }

    fn frame_of(packed: &Packed) -> &[u8] {
        match packed {
            Packed::Zstd(frame) => frame,
            Packed::Text(_) => panic!("not compressed: {packed:?}"),
        }
    }

    #[test]
    fn large_values_are_compressed_and_read_back() {
        let json = payload();
        let packed = Packed::new(json.clone(), None);
        let frame = frame_of(&packed);
        assert!(
            frame.len() * 4 < json.len(),
            "{} -> {}",
            json.len(),
            frame.len()
        );

        let dictionaries = Arc::new(Dictionaries::default());
        let conn = table(&dictionaries);
        for value in [&packed, &Packed::new("{}".into(), None)] {
            conn.execute("INSERT INTO t (v) VALUES (?1)", [value])
                .unwrap();
        }
        assert_eq!(read_back(&conn, &dictionaries), [json, "{}".into()]);

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
        assert_eq!(Packed::new(json.clone(), None), Packed::Text(json));
    }

    #[test]
    fn a_corrupt_frame_is_an_error_not_a_panic() {
        let dictionaries = Dictionaries::default();
        let packed = Packed::new(payload(), None);
        let mut frame = frame_of(&packed).to_vec();
        let last = frame.len() - 1;
        frame.truncate(last);
        assert!(text(ValueRef::Blob(&frame), &dictionaries).is_err());
        assert!(text(ValueRef::Blob(b"not zstd"), &dictionaries).is_err());
    }

    /// Frames made with a dictionary name it, are smaller, and read back beside frames made
    /// before the dictionary existed, in Rust and in SQL.
    #[test]
    fn dictionary_frames_name_their_dictionary_and_read_beside_older_frames() {
        let dictionaries = testing::trained();
        let encoder = dictionaries.current().unwrap();
        let value = testing::values(1, 9_999).remove(0);
        let before = Packed::new(value.clone(), None);
        let after = Packed::new(value.clone(), Some(&encoder));
        let id = |packed: &Packed| {
            zstd::zstd_safe::get_dict_id_from_frame(frame_of(packed)).map(|id| id.get())
        };
        assert_eq!((id(&before), id(&after)), (None, Some(encoder.id())));
        assert!(
            frame_of(&after).len() * 3 / 2 < frame_of(&before).len(),
            "{} bytes with the dictionary, {} without",
            frame_of(&after).len(),
            frame_of(&before).len()
        );

        let conn = table(&dictionaries);
        for packed in [&before, &after] {
            conn.execute("INSERT INTO t (v) VALUES (?1)", [packed])
                .unwrap();
        }
        assert_eq!(read_back(&conn, &dictionaries), [value.clone(), value]);
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM t WHERE json_extract(canopy_text(v), '$.\"llm.input_messages.0.message.role\"') = 'system'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 2);
    }

    #[test]
    fn a_frame_naming_an_unknown_dictionary_is_an_error() {
        let trained = testing::trained();
        let encoder = trained.current().unwrap();
        let packed = Packed::new(testing::values(1, 1).remove(0), Some(&encoder));
        let other = Arc::new(Dictionaries::default());
        let err = text(ValueRef::Blob(frame_of(&packed)), &other).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("zstd dictionary {}", encoder.id())),
            "{err}"
        );
        let conn = table(&other);
        conn.execute("INSERT INTO t (v) VALUES (?1)", [&packed])
            .unwrap();
        let err = conn
            .query_row("SELECT canopy_text(v) FROM t", [], |r| {
                r.get::<_, String>(0)
            })
            .unwrap_err();
        assert!(err.to_string().contains("does not have"), "{err}");
    }
}
