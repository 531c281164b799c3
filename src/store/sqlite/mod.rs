//! The embedded store: one SQLite file in the data directory.
//!
//! Writes go through one writer thread that batches requests into transactions ([`writer`]);
//! reads run on a small pool of read-only connections inside `spawn_blocking`, so a slow query
//! never blocks the async runtime or the writer. The schema and its durability settings are
//! explained in [`schema`].

mod dictionary;
mod filter;
mod list;
mod packed;
mod read;
mod retention;
mod schema;
mod sessions;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{mpsc, oneshot};

use super::{Expired, SpanAttributes, Store, StoreError, WriteStats};
use crate::model::{
    Annotation, CostSource, Facets, Filter, LogRecord, Nanos, Session, SessionPage, SessionQuery,
    Span, SpanPage, SpanQuery, Trace, TraceId, TraceIdPrefix, TracePage, TraceQuery, UsageQuery,
    UsageReport,
};

/// Requests that may wait for the writer before senders have to wait too.
const QUEUE_DEPTH: usize = 64;
/// Idle read connections kept open.
const MAX_IDLE_READERS: usize = 8;

/// The file name inside the data directory.
pub const FILE_NAME: &str = "canopy.db";

pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Option<mpsc::Sender<writer::Task>>>,
    writer_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    readers: Arc<Mutex<Vec<Connection>>>,
    /// The database's zstd dictionaries, shared by the writer and every connection's
    /// `canopy_text` (`dictionary`).
    dictionaries: Arc<dictionary::Dictionaries>,
}

/// Test hook: make the writer fail the way storage does when it runs out or turns read-only.
///
/// Tests often run as root, where `chmod` does not stop writes, and a full disk cannot be made on
/// demand; these make SQLite itself return the same error codes a full disk (`SQLITE_FULL`, via
/// `max_page_count`) or a read-only file (`SQLITE_READONLY`, via `query_only`) would, so the
/// whole path from the writer to the HTTP answer is the real one.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The database may grow by only this many pages.
    DiskFullAfterPages(u32),
    /// The writer connection refuses every write.
    ReadOnly,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and starts its writer.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with_fault(path, None)
    }

    /// [`SqliteStore::open`], with a storage failure injected for tests.
    #[doc(hidden)]
    pub fn open_with_fault(path: &Path, fault: Option<Fault>) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs_err::create_dir_all(dir).map_err(|e| StoreError::ReadOnly(e.to_string()))?;
        }
        let mut conn = Connection::open(path).map_err(|e| opening(path, e))?;
        let dictionaries = Arc::new(dictionary::Dictionaries::default());
        schema::configure(&conn, true, &dictionaries).map_err(|e| opening(path, e))?;
        schema::migrate(&mut conn)?;
        dictionaries.load(&conn)?;
        match fault {
            None => {}
            Some(Fault::DiskFullAfterPages(extra)) => {
                let pages: u32 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
                conn.pragma_update(None, "max_page_count", pages + extra)?;
            }
            Some(Fault::ReadOnly) => conn.pragma_update(None, "query_only", true)?,
        }
        let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
        let for_writer = Arc::clone(&dictionaries);
        let thread = std::thread::Builder::new()
            .name("canopy-sqlite-writer".into())
            .spawn(move || writer::run(conn, rx, for_writer))
            .map_err(|e| StoreError::Backend(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Mutex::new(Some(tx)),
            writer_thread: Mutex::new(Some(thread)),
            readers: Arc::new(Mutex::new(Vec::new())),
            dictionaries,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues work for the writer thread.
    async fn send(&self, task: writer::Task) -> Result<(), StoreError> {
        let sender = self
            .writer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(StoreError::Closed)?;
        sender.send(task).await.map_err(|_| StoreError::Closed)
    }

    /// Runs `f` on a pooled read-only connection, off the async runtime.
    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let pool = Arc::clone(&self.readers);
        let path = self.path.clone();
        let dictionaries = Arc::clone(&self.dictionaries);
        tokio::task::spawn_blocking(move || {
            let pooled = pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let conn = match pooled {
                Some(c) => c,
                None => {
                    let c = Connection::open_with_flags(
                        &path,
                        OpenFlags::SQLITE_OPEN_READ_WRITE
                            | OpenFlags::SQLITE_OPEN_NO_MUTEX
                            | OpenFlags::SQLITE_OPEN_URI,
                    )?;
                    schema::configure(&c, false, &dictionaries)?;
                    c
                }
            };
            let out = f(&conn);
            let mut idle = pool.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < MAX_IDLE_READERS {
                idle.push(conn);
            }
            out
        })
        .await
        .map_err(|e| StoreError::Backend(format!("read task failed: {e}")))?
    }
}

/// `spans.cost_source`: NULL (no cost), 1 reported, 2 estimated.
fn cost_source_code(source: CostSource) -> i64 {
    match source {
        CostSource::Reported => 1,
        CostSource::Estimated => 2,
    }
}

fn cost_source_from(code: Option<i64>) -> Option<CostSource> {
    match code? {
        1 => Some(CostSource::Reported),
        2 => Some(CostSource::Estimated),
        _ => None,
    }
}

fn opening(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::ReadOnly(format!("cannot open {} for writing: {e}", path.display()))
}

#[async_trait]
impl Store for SqliteStore {
    async fn write(&self, spans: Vec<Span>) -> Result<WriteStats, StoreError> {
        if spans.is_empty() {
            return Ok(WriteStats::default());
        }
        let (done, answer) = oneshot::channel();
        self.send(writer::Task::Write(writer::Job::new(
            spans,
            Vec::new(),
            &self.dictionaries,
            done,
        )))
        .await?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    async fn write_logs(&self, logs: Vec<LogRecord>) -> Result<WriteStats, StoreError> {
        if logs.is_empty() {
            return Ok(WriteStats::default());
        }
        let (done, answer) = oneshot::channel();
        self.send(writer::Task::Write(writer::Job::new(
            Vec::new(),
            logs,
            &self.dictionaries,
            done,
        )))
        .await?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    async fn expire(&self, before: Nanos, max_traces: usize) -> Result<Expired, StoreError> {
        let (done, answer) = oneshot::channel();
        self.send(writer::Task::Expire(retention::ExpireJob {
            before,
            max_traces,
            done,
        }))
        .await?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    async fn list_traces(&self, query: &TraceQuery) -> Result<TracePage, StoreError> {
        let query = query.clone();
        self.read(move |c| list::list_traces(c, &query)).await
    }

    async fn list_spans(&self, query: &SpanQuery) -> Result<SpanPage, StoreError> {
        let query = query.clone();
        let dictionaries = Arc::clone(&self.dictionaries);
        self.read(move |c| list::list_spans(c, &query, &dictionaries))
            .await
    }

    async fn trace_facets(&self, filter: &Filter) -> Result<Facets, StoreError> {
        let filter = filter.clone();
        self.read(move |c| list::trace_facets(c, &filter)).await
    }

    async fn span_facets(&self, query: &SpanQuery) -> Result<Facets, StoreError> {
        let query = query.clone();
        self.read(move |c| list::span_facets(c, &query)).await
    }

    async fn resolve_trace(&self, prefix: &TraceIdPrefix) -> Result<TraceId, StoreError> {
        let prefix = prefix.clone();
        self.read(move |c| read::resolve_trace(c, &prefix)).await
    }

    async fn get_trace(
        &self,
        id: TraceId,
        attributes: SpanAttributes,
    ) -> Result<Trace, StoreError> {
        let dictionaries = Arc::clone(&self.dictionaries);
        self.read(move |c| read::get_trace(c, id, attributes, &dictionaries))
            .await
    }

    async fn usage(&self, query: &UsageQuery) -> Result<UsageReport, StoreError> {
        let query = query.clone();
        self.read(move |c| list::usage(c, &query)).await
    }

    async fn add_annotation(&self, annotation: Annotation) -> Result<(), StoreError> {
        // Annotations are rare and small: a short write transaction of their own, which
        // SQLite serializes with the span writer's (busy_timeout covers the wait).
        let path = self.path.clone();
        let dictionaries = Arc::clone(&self.dictionaries);
        tokio::task::spawn_blocking(move || {
            let mut conn = Connection::open(&path)?;
            schema::configure(&conn, true, &dictionaries)?;
            sessions::add_annotation(&mut conn, &annotation)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("annotation task failed: {e}")))?
    }

    async fn list_sessions(&self, query: &SessionQuery) -> Result<SessionPage, StoreError> {
        let query = query.clone();
        self.read(move |c| sessions::list_sessions(c, &query)).await
    }

    async fn get_session(&self, id: &str) -> Result<Session, StoreError> {
        let id = id.to_string();
        self.read(move |c| sessions::get_session(c, &id)).await
    }

    async fn close(&self) {
        // Dropping our sender lets the writer finish what is queued and stop once in-flight
        // writes (which hold their own clones) are done.
        drop(self.writer.lock().unwrap_or_else(|p| p.into_inner()).take());
        let thread = self
            .writer_thread
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn conformance() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join(FILE_NAME)).unwrap();
        crate::store::conformance::run_all(&store).await;
        store.close().await;
    }

    #[tokio::test]
    async fn data_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let store = SqliteStore::open(&path).unwrap();
        store
            .write(vec![crate::model::test_span(7, 1, None, "root", 10, 20)])
            .await
            .unwrap();
        store.close().await;
        let store = SqliteStore::open(&path).unwrap();
        let trace = store
            .get_trace(TraceId([7; 16]), SpanAttributes::All)
            .await
            .unwrap();
        assert_eq!(trace.spans.len(), 1);
        assert_eq!(trace.summary.root_name, "root");
        store.close().await;
    }

    #[tokio::test]
    async fn payloads_are_compressed_on_disk_and_still_searched() {
        use crate::model::{AttrFilter, Filter, SpanQuery};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let store = SqliteStore::open(&path).unwrap();
        let prompt = "Summarize the incident report and list the follow-ups. ".repeat(40);
        let mut span = crate::model::test_span(7, 1, None, "chat", 10, 20);
        span.attributes
            .insert("input.value".into(), serde_json::json!(prompt.clone()));
        store.write(vec![span]).await.unwrap();

        let stored: (String, i64) = Connection::open(&path)
            .unwrap()
            .query_row(
                "SELECT typeof(attributes), length(attributes) FROM spans",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(stored.0, "blob");
        assert!(stored.1 * 10 < prompt.len() as i64, "{stored:?}");

        let got = store
            .get_trace(TraceId([7; 16]), SpanAttributes::All)
            .await
            .unwrap();
        assert_eq!(got.spans[0].attributes["input.value"], prompt.as_str());
        let search = |filter: Filter| {
            let store = &store;
            async move {
                let query = SpanQuery {
                    filter,
                    ..Default::default()
                };
                store.list_spans(&query).await.unwrap().spans.len()
            }
        };
        let by_attr = Filter {
            attr: vec![AttrFilter::new("input.value", "~", Some("follow-ups")).unwrap()],
            ..Default::default()
        };
        let by_text = Filter {
            text: Some("incident report".into()),
            ..Default::default()
        };
        let missing = Filter {
            text: Some("no such words".into()),
            ..Default::default()
        };
        assert_eq!(
            (
                search(by_attr).await,
                search(by_text).await,
                search(missing).await
            ),
            (1, 1, 0)
        );
        store.close().await;
    }

    /// A database trains its dictionary from the values written to it; after reopening, new
    /// values are packed with it, and values packed before it and with it are all read and
    /// searched alike.
    #[tokio::test]
    async fn a_dictionary_is_trained_from_the_stores_values_and_used_after_reopening() {
        use crate::model::{AttrFilter, Filter, SpanQuery};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let span = |trace: u128, input: &str| {
            let mut span = crate::model::test_span(0, 1, None, "chat", 10, 20);
            span.trace_id = TraceId(trace.to_be_bytes());
            span.attributes
                .insert("input.value".into(), serde_json::json!(input));
            span
        };
        let store = SqliteStore::open(&path).unwrap();
        let values = dictionary::testing::values(dictionary::SAMPLES_WANTED, 11);
        for (request, chunk) in values.chunks(500).enumerate() {
            let spans = chunk
                .iter()
                .enumerate()
                .map(|(i, v)| span((request * 1_000 + i + 1) as u128, v))
                .collect();
            store.write(spans).await.unwrap();
        }
        // Closing waits for the training the last request started.
        store.close().await;

        let store = SqliteStore::open(&path).unwrap();
        let prompt = "Summarize the incident report and list the follow-ups. ".repeat(10);
        store.write(vec![span(u128::MAX, &prompt)]).await.unwrap();
        store.close().await;

        let conn = Connection::open(&path).unwrap();
        let dictionary: i64 = conn
            .query_row("SELECT id FROM dictionaries", [], |r| r.get(0))
            .unwrap();
        let frames: Vec<(Vec<u8>, Vec<u8>)> = conn
            .prepare("SELECT t.trace_id, s.attributes FROM spans s JOIN traces t ON t.id = s.trace")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(frames.len(), values.len() + 1);
        for (trace, frame) in &frames {
            let named =
                zstd::zstd_safe::get_dict_id_from_frame(frame).map(|id| i64::from(id.get()));
            let last = trace.as_slice() == u128::MAX.to_be_bytes();
            assert_eq!(named, last.then_some(dictionary), "trace {trace:02x?}");
        }

        let store = SqliteStore::open(&path).unwrap();
        for (trace, value) in [(u128::MAX, prompt.as_str()), (1, values[0].as_str())] {
            let got = store
                .get_trace(TraceId(trace.to_be_bytes()), SpanAttributes::All)
                .await
                .unwrap();
            assert_eq!(got.spans[0].attributes["input.value"], value);
        }
        let search = |filter: Filter| {
            let store = &store;
            async move {
                let query = SpanQuery {
                    filter,
                    limit: Some(10_000),
                    ..Default::default()
                };
                store.list_spans(&query).await.unwrap().spans.len()
            }
        };
        let attr = |value: &str| Filter {
            attr: vec![AttrFilter::new("input.value", "~", Some(value)).unwrap()],
            ..Default::default()
        };
        let text = |value: &str| Filter {
            text: Some(value.into()),
            ..Default::default()
        };
        let older = values.iter().filter(|v| v.contains("refund order")).count();
        assert!(
            older > 0 && older < 1_000,
            "{older}: one page holds them all"
        );
        assert_eq!(
            (
                search(attr("follow-ups")).await,
                search(text("incident report and list")).await,
                search(attr("refund order")).await,
                search(text("no such words")).await,
            ),
            (1, 1, older, 0)
        );
        store.close().await;
    }

    /// An outline read takes the attributes it needs from `spans.outline` and never reads
    /// `attributes` (here made unreadable to prove it); spans stored before the column existed
    /// (a schema 2 database, upgraded on open) fall back to their `attributes`.
    #[tokio::test]
    async fn outline_reads_use_their_own_column_and_older_spans_fall_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let spans = |trace: u8| {
            let mut tool = crate::model::test_span(trace, 2, Some(1), "search", 12, 18);
            tool.attributes = serde_json::json!({
                "tool.name": "search",
                "input.value": "a long prompt",
                "error.type": "Timeout",
            })
            .as_object()
            .unwrap()
            .clone();
            vec![
                crate::model::test_span(trace, 1, None, "agent", 10, 20),
                tool,
            ]
        };
        let store = SqliteStore::open(&path).unwrap();
        store.write(spans(7)).await.unwrap();
        store.close().await;
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "ALTER TABLE spans DROP COLUMN outline; DROP TABLE dictionaries; PRAGMA user_version = 2;",
        )
            .unwrap();
        drop(conn);

        let store = SqliteStore::open(&path).unwrap();
        store.write(spans(8)).await.unwrap();
        store.close().await;
        Connection::open(&path)
            .unwrap()
            .execute(
                "UPDATE spans SET attributes = 'not json' WHERE outline IS NOT NULL",
                [],
            )
            .unwrap();

        let store = SqliteStore::open(&path).unwrap();
        let kept = serde_json::json!({"tool.name": "search", "error.type": "Timeout"});
        for trace in [7, 8] {
            let got = store
                .get_trace(TraceId([trace; 16]), SpanAttributes::Outline)
                .await
                .unwrap();
            let attributes: Vec<_> = got
                .spans
                .iter()
                .map(|s| serde_json::Value::Object(s.attributes.clone()))
                .collect();
            assert_eq!(attributes, [serde_json::json!({}), kept.clone()], "{trace}");
        }
        assert!(
            store
                .get_trace(TraceId([7; 16]), SpanAttributes::All)
                .await
                .is_ok()
        );
        assert!(
            store
                .get_trace(TraceId([8; 16]), SpanAttributes::All)
                .await
                .is_err(),
            "the full read does read the damaged column"
        );
        store.close().await;
    }

    #[tokio::test]
    async fn writes_after_close_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join(FILE_NAME)).unwrap();
        store.close().await;
        let err = store
            .write(vec![crate::model::test_span(7, 1, None, "root", 10, 20)])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Closed));
    }
}
